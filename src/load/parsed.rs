//! A Markdown file read and its front matter checked, for every kind of file the loader
//! reads: the reading itself (`parse_markdown`), readers that report problems of their own
//! (`parse_checked`, `parse_with`), and a mistake every list field can have. Shared by pass 1
//! and the resource library, so that neither imports the other's internals.

use std::path::Path;
use std::sync::Arc;

use super::front_matter::{Fields, SourceFile, split};
use super::tree::read_source;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// A Markdown file read and its front matter checked, body not yet rendered.
#[derive(Clone)]
pub(super) struct Parsed<T> {
    pub(super) file: Arc<SourceFile>,
    pub(super) body_offset: usize,
    pub(super) body_line: usize,
    pub(super) meta: T,
}

/// Read a Markdown file and check its front matter with `read_meta`.
pub(super) fn parse_markdown<T>(
    root: &Path,
    rel: &Path,
    read_meta: impl Fn(&mut Fields<'_>) -> Option<T>,
    known: &[&str],
) -> Result<Parsed<T>, Diagnostics> {
    let single = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    let file = read_source(root, rel).map_err(single)?;
    let parts = split(&file).map_err(single)?;
    let Some(yaml) = parts.yaml else {
        return Err(single(
            file.error_at(1, 1, "this file has no front matter")
                .help("start the file with a `---` line, the fields (at least `title: \"...\"`), and another `---` line"),
        ));
    };
    let body_offset = file.text.len() - parts.body.len();
    let body_line = parts.body_line;
    let yaml = yaml.to_owned();
    let (meta, diagnostics) = {
        let mut fields = Fields::parse(&file, &yaml, 2)?;
        let meta = read_meta(&mut fields);
        (meta, fields.finish(known))
    };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    match meta {
        Some(meta) => Ok(Parsed {
            file: Arc::new(file),
            body_offset,
            body_line,
            meta,
        }),
        None => Err(diagnostics),
    }
}

/// `issues: forced-labour, child-labour`: a list written as text, which YAML reads as one
/// term. The line it should be, with brackets.
pub(super) fn list_written_as_text(
    taxonomy: &str,
    term: &str,
    location: Location,
) -> Option<Diagnostic> {
    if !term.contains(',') {
        return None;
    }
    let items: Vec<&str> = term
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    Some(
        Diagnostic::error(
            location,
            format!("`{taxonomy}` is written as text, not as a list"),
        )
        .label("a list needs square brackets")
        .help(format!("write it as: `{taxonomy}: [{}]`", items.join(", "))),
    )
}

/// Parse a Markdown file with a meta reader that may add its own diagnostics (vocabulary
/// checks need the config).
pub(super) fn parse_with<T>(
    root: &Path,
    rel: &Path,
    config: &Config,
    known: &[&str],
    reader: fn(&mut Fields<'_>, &Config, &mut Vec<Diagnostic>) -> Option<T>,
) -> Result<Parsed<T>, Diagnostics> {
    parse_checked(root, rel, known, |fields, errors| {
        reader(fields, config, errors)
    })
}

/// [`parse_markdown`] with a reader that reports problems of its own (a term not in the
/// vocabulary, a hub that does not exist), each shown with its line of the file.
pub(super) fn parse_checked<T>(
    root: &Path,
    rel: &Path,
    known: &[&str],
    reader: impl Fn(&mut Fields<'_>, &mut Vec<Diagnostic>) -> Option<T>,
) -> Result<Parsed<T>, Diagnostics> {
    let extra = std::sync::Mutex::new(Vec::new());
    let result = parse_markdown(
        root,
        rel,
        |fields| {
            let mut errors = Vec::new();
            let meta = reader(fields, &mut errors);
            extra.lock().expect("not poisoned").extend(errors);
            meta
        },
        known,
    );
    let extra = extra.into_inner().expect("not poisoned");
    if extra.is_empty() {
        return result;
    }
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
    let mut all = result.err().unwrap_or_default();
    for d in extra {
        all.push(d.with_source(&text));
    }
    Err(all)
}
