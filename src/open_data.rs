//! The site as open data: `data/index.json` (what is published), `data/chapters.json` (every
//! chapter's metadata, gaps and options), `data/synthesis.csv` (one row per gap or option),
//! `data/resources.json` (the library as CSL-JSON), documented in `docs/open-data.md`.
//!
//! Everything is built from the loaded site, in site order, with no clock: two builds of the
//! same sources give the same bytes. Gaps and options are given as the reader sees them, as
//! plain text (tags removed) and as the sanitised HTML of the pages.

use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use crate::model::Site;
use crate::output::OutputFile;

pub mod survey;

/// The version of the files' shape (docs/open-data.md); raised when a field changes meaning
/// or goes away, not when one is added.
pub const SCHEMA_VERSION: u32 = 1;

/// The data files, by path.
pub const FILES: &[&str] = &[
    "data/index.json",
    "data/chapters.json",
    "data/synthesis.csv",
    "data/resources.json",
    "feed.json",
];

/// The data files, each made when the iterator reaches it: a large site's `chapters.json`
/// and `synthesis.csv` are each tens of megabytes, and a build writes one before it makes
/// the next.
pub fn files(site: &Site) -> impl Iterator<Item = OutputFile> + '_ {
    let makers: [fn(&Site) -> OutputFile; 5] = [
        |site| json_file("data/index.json", &index(site)),
        |site| json_file("data/chapters.json", &Chapters::of(site)),
        |site| OutputFile::Bytes {
            path: "data/synthesis.csv".into(),
            bytes: synthesis_csv(site).into_bytes(),
        },
        |site| json_file("data/resources.json", &resources(site)),
        |site| OutputFile::Bytes {
            path: "feed.json".into(),
            bytes: crate::render::json_feed(site).into_bytes(),
        },
    ];
    makers
        .into_iter()
        .map(move |make| make(site))
        .chain(std::iter::once_with(move || survey::files(site)).flatten())
}

pub(crate) fn json_file(path: &str, value: &impl Serialize) -> OutputFile {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    OutputFile::Bytes {
        path: path.into(),
        bytes: text.into_bytes(),
    }
}

/// `data/index.json`: the site, its phases, hubs, reports and taxonomies, and the other files.
fn index(site: &Site) -> Value {
    let config = &site.config;
    json!({
        "schema_version": SCHEMA_VERSION,
        "title": config.title,
        "description": config.description,
        "url": config.absolute_url(""),
        "language": config.language,
        "files": {
            "chapters": config.absolute_url("data/chapters.json"),
            "synthesis": config.absolute_url("data/synthesis.csv"),
            "resources": config.absolute_url("data/resources.json"),
            "feed": config.absolute_url("feed.json"),
            "atom": config.absolute_url("atom.xml"),
            "survey": site.survey.as_ref().map(|_| config.absolute_url(survey::SURVEY_JSON)),
            "survey_package": site.survey.as_ref().map(|_| config.absolute_url(survey::DATA_PACKAGE)),
        },
        "phases": config.phases.iter().map(|p| json!({
            "id": p.id, "title": p.title, "summary": p.summary,
            "url": config.absolute_url(&format!("phases/{}/", p.id)),
        })).collect::<Vec<_>>(),
        "hubs": site.hubs.iter().map(|h| json!({
            "id": h.id, "title": h.title, "lead": h.lead, "summary": h.summary,
            "website": h.website, "url": config.absolute_url(&h.path),
        })).collect::<Vec<_>>(),
        "reports": site.reports.iter().map(|r| json!({
            "hub": site.hubs[r.hub].id, "id": r.id, "title": r.title, "summary": r.summary,
            "authors": r.authors, "published": r.published.map(|d| d.to_string()),
            "status": r.status, "url": config.absolute_url(&r.path),
        })).collect::<Vec<_>>(),
        "taxonomies": config.taxonomies.iter().map(|t| json!({
            "id": t.id, "title": t.title,
            "terms": t.terms.as_ref().map(|terms| terms.iter().map(|term| json!({"id": term.id, "title": term.title})).collect::<Vec<_>>()),
        })).collect::<Vec<_>>(),
        "resource_types": config.resource_types.iter().map(|t| json!({"id": t.id, "title": t.title})).collect::<Vec<_>>(),
        "counts": {
            "hubs": site.hubs.len(),
            "reports": site.reports.len(),
            "chapters": site.chapters.len(),
            "resources": site.resources.len(),
            "jurisdictions": site.survey.as_ref().map_or(0, |s| s.jurisdictions.len()),
        },
    })
}

/// `data/chapters.json`: every published chapter with its metadata, gaps and options.
///
/// Serialised one chapter at a time: the whole list as one `serde_json::Value` cost a large
/// site several times the text it becomes. The fields are in the order of a `Value`'s map
/// (sorted by name), so the bytes are those the value would print.
#[derive(Serialize)]
struct Chapters<'a> {
    chapters: EachChapter<'a>,
    schema_version: u32,
}

impl Chapters<'_> {
    fn of(site: &Site) -> Chapters<'_> {
        Chapters {
            chapters: EachChapter(site),
            schema_version: SCHEMA_VERSION,
        }
    }
}

/// The site's chapters as a JSON list, each made as it is written.
struct EachChapter<'a>(&'a Site);

impl Serialize for EachChapter<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        serializer.collect_seq(site.chapters.iter().map(|c| chapter(site, c)))
    }
}

/// One chapter of `data/chapters.json`.
fn chapter(site: &Site, c: &crate::model::Chapter) -> Value {
    let config = &site.config;
    let statements = |list: &[crate::html::Html]| {
        list.iter()
            .map(|s| json!({"text": s.plain_text(), "html": s.as_str()}))
            .collect::<Vec<_>>()
    };
    json!({
        "url": config.absolute_url(&c.path),
        "title": c.title,
        "summary": c.summary,
        "hub": site.hubs[c.hub].id,
        "report": site.reports[c.report].id,
        "report_url": config.absolute_url(&site.reports[c.report].path),
        "phase": c.phase,
        "order": c.order,
        "status": c.status,
        "updated": c.updated.map(|d| d.to_string()),
        "language": c.language,
        "terms": c.terms,
        "gaps": statements(&c.gaps),
        "options": statements(&c.options),
        "source": crate::diagnostics::display_path(&c.source),
    })
}

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// `data/synthesis.csv`: phase, hub, kind (gap or option), text, chapter title and URL; rows
/// in the order of the cycle, then the hubs', then the chapters'.
fn synthesis_csv(site: &Site) -> String {
    let config = &site.config;
    let mut out = String::from("phase,hub,kind,text,chapter,chapter_url\r\n");
    for phase in &config.phases {
        for (_, c) in site.phase_chapters(&phase.id) {
            let kinds = [("gap", &c.gaps), ("option", &c.options)];
            for (kind, list) in kinds {
                for statement in list.iter() {
                    let row = [
                        phase.id.as_str(),
                        site.hubs[c.hub].id.as_str(),
                        kind,
                        &statement.plain_text(),
                        &c.title,
                        &config.absolute_url(&c.path),
                    ];
                    let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
                    out.push_str(&fields.join(","));
                    out.push_str("\r\n");
                }
            }
        }
    }
    out
}

/// `data/resources.json`: the library as a CSL-JSON array, readable by Zotero and citeproc.
fn resources(site: &Site) -> Value {
    Value::Array(
        (0..site.resources.len())
            .map(|i| crate::cite::resource_csl(site, i))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
    }
}
