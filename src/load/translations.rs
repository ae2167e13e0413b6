//! Translations: `<name>.<lang>.md` beside a report, chapter or page, `hub.<lang>.yaml`
//! beside a hub. Each is read after pass 2 placed the originals (a translation is checked
//! against its original), and its body is queued for pass 3 with the links of its language's
//! tree. A translation sets only text; whatever else its original says (phase, order,
//! taxonomies...) it inherits, and writing it is a located error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::body::{Body, BodyOwner};
use super::front_matter::{Fields, SourceFile};
use super::parsed::{Parsed, parse_checked};
use super::tree::{self, TranslationFile, read_source};
use super::{HUB_FIELDS, PAGE_FIELDS, REPORT_FIELDS, chapter_fields};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::links::LinkTable;
use crate::markdown::Statement;
use crate::model::{Site, Translation};
use crate::values::Status;

/// The text fields a translation may set, by what it translates.
const CHAPTER_TEXT: &[&str] = &["title", "summary", "gaps", "options", "status", "updated"];
const REPORT_TEXT: &[&str] = &["title", "summary", "authors", "status", "updated"];
const PAGE_TEXT: &[&str] = &["title", "summary", "status", "updated"];
const HUB_TEXT: &[&str] = &["title", "lead", "summary"];

/// What a translation translates, by index into the site's vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Original {
    Hub(usize),
    Report(usize),
    Chapter(usize),
    Page(usize),
}

/// Read every translation of `tree` whose original is in `site`: the translations (bodies
/// empty until pass 3 renders them) and their bodies. A translation's file is also a page of
/// the link table, at its language's address, so that a link to it resolves.
pub(super) fn read(
    root: &Path,
    config: &Config,
    tree: &tree::Tree,
    site: &Site,
    links: &mut LinkTable,
    diagnostics: &mut Diagnostics,
) -> (Vec<Translation>, Vec<Body>) {
    let originals = originals(site);
    let in_tree = files_in_tree(tree);
    let mut read: Vec<(usize, Translation, Option<Body>)> = Vec::new();
    for file in &tree.translations {
        let Some(language) = check_language(config, file, diagnostics) else {
            continue;
        };
        let Some(&original) = originals.get(file.original.as_path()) else {
            if !in_tree.contains(file.original.as_path()) {
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(&file.rel),
                        format!(
                            "a translation without an original: there is no `{}`",
                            display_path(&file.original)
                        ),
                    )
                    .help(format!(
                        "a translation sits beside the file it translates, named like it with the language before the extension; add {} or rename this file",
                        display_path(&file.original)
                    )),
                );
            }
            // Otherwise the original is a draft left out, or failed with its own error.
            continue;
        };
        let translated = match original {
            Original::Hub(h) => read_hub(root, file, &site.hubs[h].source),
            Original::Report(r) => {
                let draft = site.reports[r].status == Status::Draft;
                read_markdown(root, config, file, original, REPORT_TEXT, draft)
            }
            Original::Chapter(c) => {
                let draft = site.chapters[c].status == Status::Draft;
                read_markdown(root, config, file, original, CHAPTER_TEXT, draft)
            }
            Original::Page(p) => {
                let draft = site.pages[p].draft;
                read_markdown(root, config, file, original, PAGE_TEXT, draft)
            }
        };
        match translated {
            Ok((translation, body)) => {
                if translation.status == Status::Draft && !site.drafts {
                    continue;
                }
                if let Some(path) = original_path(site, original) {
                    links.add_translation(&file.rel, &format!("{}/{path}", file.language));
                }
                read.push((language, translation, body));
            }
            Err(errors) => {
                links.add_failed(&file.rel);
                diagnostics.extend(errors);
            }
        }
    }
    read.sort_by(|a, b| (&a.1.original, a.0).cmp(&(&b.1.original, b.0)));
    let mut translations = Vec::with_capacity(read.len());
    let mut bodies = Vec::new();
    for (i, (_, translation, body)) in read.into_iter().enumerate() {
        if let Some(mut body) = body {
            if let BodyOwner::Translation(_, gaps) = body.owner {
                body.owner = BodyOwner::Translation(i, gaps);
            }
            bodies.push(body);
        }
        translations.push(translation);
    }
    (translations, bodies)
}

/// The language a translation's name gives, as its index in site.toml's languages; `None`
/// (reported) when the site has no such language or it is the default.
fn check_language(
    config: &Config,
    file: &TranslationFile,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let code = &file.language;
    if code == &config.default_language {
        diagnostics.push(
            Diagnostic::error(
                Location::file(&file.rel),
                format!("`{code}` is this site's default language: the original is already in it"),
            )
            .help(format!(
                "merge this file into {} (the original), or remove it",
                display_path(&file.original)
            )),
        );
        return None;
    }
    match config.languages.iter().position(|l| &l.code == code) {
        Some(i) => Some(i),
        None => {
            let known: Vec<&str> = config.languages[1..]
                .iter()
                .map(|l| l.code.as_str())
                .collect();
            let mut d = Diagnostic::error(
                Location::file(&file.rel),
                format!(
                    "this file's name says it is in `{code}`, which is not a language of this site"
                ),
            );
            if let Some(better) = crate::diagnostics::nearest(code, known.iter().copied()) {
                d = d.label(format!("did you mean `{better}`?"));
            }
            diagnostics.push(d.help(format!(
                "add the language to site.toml (`[[languages]]` with `code = \"{code}\"`), or rename the file{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!(" to one of the site's languages: {}", known.join(", "))
                }
            )));
            None
        }
    }
}

/// Every original a translation may name, by source path.
fn originals(site: &Site) -> HashMap<&Path, Original> {
    let hubs = site
        .hubs
        .iter()
        .enumerate()
        .map(|(i, h)| (h.source.as_path(), Original::Hub(i)));
    let reports = site
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.source.as_path(), Original::Report(i)));
    let chapters = site
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (c.source.as_path(), Original::Chapter(i)));
    let pages = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.as_path(), Original::Page(i)));
    hubs.chain(reports).chain(chapters).chain(pages).collect()
}

/// Every file of the tree that could be an original, loaded or not.
fn files_in_tree(tree: &tree::Tree) -> std::collections::HashSet<&Path> {
    let mut files: std::collections::HashSet<&Path> =
        tree.pages.iter().map(PathBuf::as_path).collect();
    for hub in &tree.hubs {
        files.insert(&hub.hub_file);
        for report in &hub.reports {
            files.insert(&report.index);
            files.extend(report.chapters.iter().map(PathBuf::as_path));
        }
    }
    files
}

fn original_path(site: &Site, original: Original) -> Option<&str> {
    Some(match original {
        Original::Hub(i) => &site.hubs[i].path,
        Original::Report(i) => &site.reports[i].path,
        Original::Chapter(i) => &site.chapters[i].path,
        Original::Page(i) => &site.pages[i].path,
    })
}

/// The fields of the original's kind that a translation inherits: every field it accepts
/// but the text ones.
fn inherited(config: &Config, original: Original, text: &[&str]) -> Vec<String> {
    let all: Vec<String> = match original {
        Original::Hub(_) => HUB_FIELDS.iter().map(|s| (*s).to_owned()).collect(),
        Original::Report(_) => REPORT_FIELDS.iter().map(|s| (*s).to_owned()).collect(),
        Original::Chapter(_) => chapter_fields(config),
        Original::Page(_) => PAGE_FIELDS.iter().map(|s| (*s).to_owned()).collect(),
    };
    all.into_iter()
        .filter(|f| !text.contains(&f.as_str()))
        .collect()
}

/// An error on each inherited field the translation writes.
fn refuse_inherited(
    fields: &mut Fields<'_>,
    inherited: &[String],
    original: &Path,
    text: &[&str],
    errors: &mut Vec<Diagnostic>,
) {
    for key in inherited {
        if !fields.has_key(key) {
            continue;
        }
        let (line, column) = fields.position(key).unwrap_or((1, 1));
        // Taken, so that it is not also reported as unknown.
        fields.set_aside(key);
        errors.push(
            Diagnostic::error(
                Location::at(fields.file_path(), line, column, 1),
                format!("`{key}` is inherited from the original; a translation cannot set it"),
            )
            .label(format!("{} sets it", display_path(original)))
            .help(format!(
                "remove `{key}:` from this translation; a translation sets only its text ({})",
                text.join(", ")
            )),
        );
    }
}

type Read = Result<(Translation, Option<Body>), Diagnostics>;

/// A translation of a Markdown file: its text fields and its body.
fn read_markdown(
    root: &Path,
    config: &Config,
    file: &TranslationFile,
    original: Original,
    text: &'static [&'static str],
    original_is_draft: bool,
) -> Read {
    let inherited = inherited(config, original, text);
    let known: Vec<&str> = text
        .iter()
        .copied()
        .chain(inherited.iter().map(String::as_str))
        .collect();
    let parsed: Parsed<Meta> = parse_checked(root, &file.rel, &known, |fields, errors| {
        refuse_inherited(fields, &inherited, &file.original, text, errors);
        read_meta(fields, text)
    })?;
    let meta = &parsed.meta;
    let statements: Vec<Statement> = meta
        .gaps
        .iter()
        .flatten()
        .chain(meta.options.iter().flatten())
        .cloned()
        .collect();
    let gap_count = meta.gaps.as_ref().map_or(0, Vec::len);
    let is_draft = original_is_draft || meta.status == Status::Draft;
    let mut body = Body::with_statements(
        &parsed,
        BodyOwner::Translation(0, gap_count),
        is_draft,
        statements,
    );
    body.language = Some(file.language.clone());
    let translation = Translation {
        language: file.language.clone(),
        source: file.rel.clone(),
        original: file.original.clone(),
        title: meta.title.clone(),
        summary: meta.summary.clone(),
        lead: None,
        authors: meta.authors.clone(),
        status: meta.status,
        updated: meta.updated,
        original_date: None,
        // Rendered with the body in pass 3; `Some` marks that the translation sets them.
        gaps: meta.gaps.as_ref().map(|_| Vec::new()),
        options: meta.options.as_ref().map(|_| Vec::new()),
        body: Arc::default(),
    };
    Ok((translation, Some(body)))
}

/// What a translation's front matter says.
#[derive(Clone)]
struct Meta {
    title: String,
    summary: Option<String>,
    authors: Option<Vec<String>>,
    status: Status,
    updated: Option<crate::values::Date>,
    gaps: Option<Vec<Statement>>,
    options: Option<Vec<Statement>>,
}

fn read_meta(fields: &mut Fields<'_>, text: &[&str]) -> Option<Meta> {
    let title = fields.required_string("title", "\"Titre traduit\"");
    let summary = fields.string("summary");
    let authors = text.contains(&"authors").then(|| {
        fields
            .string_list("authors")
            .map(|list| list.into_iter().map(|(a, _, _)| a).collect())
    });
    let status = fields.status("status").unwrap_or(Status::Published);
    let updated = fields.date("updated");
    let mut statements = |key: &str| -> Option<Vec<Statement>> {
        if !text.contains(&key) {
            return None;
        }
        fields.string_list(key).map(|list| {
            list.into_iter()
                .map(|(text, line, column)| Statement { text, line, column })
                .collect()
        })
    };
    let gaps = statements("gaps");
    let options = statements("options");
    Some(Meta {
        title: title?,
        summary,
        authors: authors.flatten(),
        status,
        updated,
        gaps,
        options,
    })
}

/// A translation of `hub.yaml`: its title, lead and summary.
fn read_hub(root: &Path, file: &TranslationFile, original: &Path) -> Read {
    let single = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    let source: SourceFile = read_source(root, &file.rel).map_err(single)?;
    let mut fields = Fields::parse(&source, &source.text, 1)?;
    let inherited: Vec<String> = HUB_FIELDS
        .iter()
        .filter(|f| !HUB_TEXT.contains(f))
        .map(|f| (*f).to_owned())
        .collect();
    let mut errors = Vec::new();
    refuse_inherited(&mut fields, &inherited, original, HUB_TEXT, &mut errors);
    let title = fields.required_string("title", "\"Habillement\"");
    let lead = fields.string("lead");
    let summary = fields.string("summary");
    let mut diagnostics = fields.finish(HUB_FIELDS);
    for error in errors {
        diagnostics.push(error.with_source(&source.text));
    }
    match title {
        Some(title) if !diagnostics.has_errors() => Ok((
            Translation {
                language: file.language.clone(),
                source: file.rel.clone(),
                original: file.original.clone(),
                title,
                summary,
                lead,
                authors: None,
                status: Status::Published,
                updated: None,
                original_date: None,
                gaps: None,
                options: None,
                body: Arc::default(),
            },
            None,
        )),
        _ => Err(diagnostics),
    }
}

/// A translated chapter whose gaps or options are not as many as its original's: a reader
/// comparing the two, or the synthesis in two languages, would see different lists. Run once
/// pass 3 has rendered both.
pub(super) fn warn_about_statements(site: &Site, diagnostics: &mut Diagnostics) {
    let chapters: HashMap<&Path, &crate::model::Chapter> = site
        .chapters
        .iter()
        .map(|c| (c.source.as_path(), &**c))
        .collect();
    for translation in &site.translations {
        let Some(chapter) = chapters.get(translation.original.as_path()) else {
            continue;
        };
        let lists = [
            ("gaps", &translation.gaps, chapter.gaps.len()),
            ("options", &translation.options, chapter.options.len()),
        ];
        for (key, translated, there) in lists {
            let Some(here) = translated.as_ref().map(Vec::len) else {
                continue;
            };
            if here != there {
                diagnostics.push(
                    Diagnostic::warning(
                        Location::file(&translation.source),
                        format!("this translation lists {here} {key}, its original {there}"),
                    )
                    .help(format!(
                        "translate each of the original's {key}, in the same order ({})",
                        display_path(&translation.original)
                    )),
                );
            }
        }
    }
}
