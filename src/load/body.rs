//! A Markdown body waiting for pass 3, and where in the site its HTML goes. Made in pass 2
//! (chapters, reports, pages, resources, a jurisdiction's notes) and rendered in pass 3.

use std::sync::Arc;

use super::front_matter::SourceFile;
use super::parsed::Parsed;
use crate::markdown;

#[derive(Clone, Copy, Debug)]
pub(super) enum BodyOwner {
    Report(usize),
    /// A chapter, with how many of the body's statements are gaps (the rest are options).
    Chapter(usize, usize),
    Page(usize),
    Resource(usize),
    /// A jurisdiction of the survey: its body is empty, its statements are its answers' notes.
    Jurisdiction(usize),
    /// A translation (by index into `Site::translations`), with how many statements are gaps.
    Translation(usize, usize),
    /// An original's body again, with the links of another language's tree (by index into
    /// site.toml's languages): what that tree shows where the text is not translated; with
    /// how many statements are gaps.
    Fallback(usize, usize),
}

pub(super) struct Body {
    pub(super) owner: BodyOwner,
    pub(super) file: Arc<SourceFile>,
    pub(super) body_offset: usize,
    pub(super) body_line: usize,
    pub(super) is_draft: bool,
    /// Short Markdown of the same file rendered with the body (a chapter's gaps, then its
    /// options; a jurisdiction's notes), in order.
    pub(super) statements: Vec<markdown::Statement>,
    /// The language whose tree the links lead into (`Some("fr")`: `/fr/...`); `None` for the
    /// default language's.
    pub(super) language: Option<String>,
}

impl Body {
    pub(super) fn of<T>(parsed: &Parsed<T>, owner: BodyOwner, is_draft: bool) -> Body {
        Body::with_statements(parsed, owner, is_draft, Vec::new())
    }

    pub(super) fn with_statements<T>(
        parsed: &Parsed<T>,
        owner: BodyOwner,
        is_draft: bool,
        statements: Vec<markdown::Statement>,
    ) -> Body {
        Body {
            owner,
            file: parsed.file.clone(),
            body_offset: parsed.body_offset,
            body_line: parsed.body_line,
            is_draft,
            statements,
            language: None,
        }
    }
}
