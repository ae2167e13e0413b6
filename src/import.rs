//! `praxis import csl FILE.json`: a CSL-JSON export (what Zotero and most reference managers
//! write) turned into `resources/<slug>.md` files.
//!
//! Each item's type is mapped to one of the site's `[[resource_types]]`, its fields to the
//! resource's front matter; whatever has no place (a field praxis does not keep, a type the
//! site has no resource type for) is reported, never silently dropped. The text written is a
//! function of the item alone, so importing the same file twice changes nothing; a resource
//! file that exists with other text (edited since, or another item with the same slug) is
//! left as it is and reported.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::{Config, check_slug};
use crate::diagnostics::Diagnostics;
use crate::load::tree::RESOURCES_DIR;
use crate::model::{Date, PartialDate};

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files written (new).
    pub written: Vec<PathBuf>,
    /// Files that already held exactly this item.
    pub unchanged: Vec<PathBuf>,
    /// One line per thing that could not be mapped or written, naming the item.
    pub problems: Vec<String>,
}

/// The CSL fields an item's front matter takes over; any other is reported.
const MAPPED: &[&str] = &[
    "id",
    "type",
    "genre",
    "title",
    "author",
    "publisher",
    "issued",
    "URL",
    "DOI",
    "language",
    "abstract",
    "accessed",
    "license",
    "custom",
];

/// Candidate resource types for a CSL type, best first; the first the site has is used.
fn candidate_types(csl_type: &str) -> &'static [&'static str] {
    match csl_type {
        "legislation" | "bill" | "regulation" | "treaty" => &["law", "policy"],
        "legal_case" | "hearing" => &["case"],
        "report" => &["report", "guidance"],
        "webpage" | "software" | "dataset" => &["tool", "guidance"],
        "document" | "pamphlet" | "standard" => &["guidance", "policy", "report"],
        "book" | "chapter" | "article" | "article-journal" | "paper-conference" | "thesis"
        | "manuscript" => &["report"],
        "motion_picture" | "broadcast" | "interview" | "speech" => &["e-learning"],
        _ => &[],
    }
}

/// Import the CSL-JSON file `file` into the site at `root`.
pub fn import_csl(root: &Path, file: &Path) -> Result<ImportReport, String> {
    let mut diagnostics = Diagnostics::default();
    let config = Config::load(root, None, &mut diagnostics).ok_or_else(|| {
        diagnostics
            .sorted()
            .iter()
            .map(|d| d.render_human(false))
            .collect::<String>()
    })?;
    let text = std::fs::read_to_string(file)
        .map_err(|err| format!("cannot read {}: {err}", file.display()))?;
    let items: Value = serde_json::from_str(&text)
        .map_err(|err| format!("{} is not JSON: {err}", file.display()))?;
    let items = match items {
        Value::Array(items) => items,
        single @ Value::Object(_) => vec![single],
        _ => {
            return Err(format!(
                "{} is not a CSL-JSON list of items",
                file.display()
            ));
        }
    };
    let dir = root.join(RESOURCES_DIR);
    let mut report = ImportReport::default();
    let mut slugs = BTreeSet::new();
    for (n, item) in items.iter().enumerate() {
        let Some(object) = item.as_object() else {
            report
                .problems
                .push(format!("item {}: not an object, skipped", n + 1));
            continue;
        };
        let name = object
            .get("title")
            .and_then(Value::as_str)
            .map_or_else(|| format!("item {}", n + 1), |t| format!("`{t}`"));
        match resource_text(object, &config, &name, &mut report.problems) {
            Some((slug, text)) => {
                if !slugs.insert(slug.clone()) {
                    report.problems.push(format!(
                        "{name}: another item of this file is also `{slug}`, skipped"
                    ));
                    continue;
                }
                let rel = Path::new(RESOURCES_DIR).join(format!("{slug}.md"));
                let path = dir.join(format!("{slug}.md"));
                match std::fs::read_to_string(&path) {
                    Ok(existing) if existing == text => report.unchanged.push(rel),
                    Ok(_) => report.problems.push(format!(
                        "{name}: {} exists with other text and was left as it is",
                        rel.display()
                    )),
                    Err(_) => {
                        std::fs::create_dir_all(&dir)
                            .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
                        std::fs::write(&path, text)
                            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
                        report.written.push(rel);
                    }
                }
            }
            None => continue,
        }
    }
    Ok(report)
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// A CSL name as one string: a literal, or given and family names.
fn name_of(name: &Value) -> Option<String> {
    if let Some(literal) = name.get("literal").and_then(Value::as_str) {
        return Some(literal.to_owned());
    }
    let family = name.get("family").and_then(Value::as_str)?;
    Some(match name.get("given").and_then(Value::as_str) {
        Some(given) => format!("{given} {family}"),
        None => family.to_owned(),
    })
}

/// A CSL date's first `date-parts` (numbers or numeric text), or its `raw` text.
fn date_of(date: &Value) -> Option<PartialDate> {
    let parts: Vec<u16> = date
        .get("date-parts")?
        .get(0)?
        .as_array()?
        .iter()
        .filter_map(|p| {
            p.as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .or_else(|| p.as_str()?.trim().parse().ok())
        })
        .collect();
    let text = match parts.as_slice() {
        [year] => format!("{year:04}"),
        [year, month] => format!("{year:04}-{month:02}"),
        [year, month, day, ..] => format!("{year:04}-{month:02}-{day:02}"),
        [] => return None,
    };
    PartialDate::parse(&text)
}

/// The slug of an item: its `id` when that is already a valid slug (a praxis export), else
/// its title's.
fn slug_of(object: &serde_json::Map<String, Value>, title: &str) -> String {
    if let Some(id) = object.get("id").and_then(Value::as_str)
        && check_slug(id).is_ok()
    {
        return id.to_owned();
    }
    let slug = crate::markdown::slugify(title);
    let slug: String = slug.chars().take(80).collect();
    slug.trim_end_matches('-').to_owned()
}

/// The resource file for one item, or `None` (with the reason in `problems`).
fn resource_text(
    object: &serde_json::Map<String, Value>,
    config: &Config,
    name: &str,
    problems: &mut Vec<String>,
) -> Option<(String, String)> {
    let Some(title) = object.get("title").and_then(Value::as_str) else {
        problems.push(format!("{name}: no title, skipped"));
        return None;
    };
    let csl_type = object.get("type").and_then(Value::as_str).unwrap_or("");
    // `genre` naming one of the site's types (by title or id, as praxis exports it) wins over
    // the coarser CSL type.
    let genre = object
        .get("genre")
        .and_then(Value::as_str)
        .and_then(|genre| {
            config
                .resource_types
                .iter()
                .find(|t| t.title.eq_ignore_ascii_case(genre) || t.id.as_str() == genre)
                .map(|t| t.id.as_str())
        });
    let by_type = candidate_types(csl_type)
        .iter()
        .copied()
        .find(|id| config.resource_type(id).is_some());
    let Some(kind) = genre.or(by_type) else {
        problems.push(format!(
            "{name}: the site has no resource type for CSL type `{csl_type}`, skipped (add one to [[resource_types]] in site.toml)"
        ));
        return None;
    };
    let slug = slug_of(object, title);
    if slug.is_empty() {
        problems.push(format!("{name}: no usable file name, skipped"));
        return None;
    }
    let mut lines = vec!["---".to_owned(), format!("title: {}", quoted(title))];
    lines.push(format!("type: {kind}"));
    let publisher = object
        .get("publisher")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            object
                .get("author")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(name_of)
        });
    let authors = object
        .get("author")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if authors > 1 {
        problems.push(format!(
            "{name}: {} more authors, not mapped (a resource has one publisher)",
            authors - 1
        ));
    }
    if let Some(publisher) = publisher {
        lines.push(format!("publisher: {}", quoted(&publisher)));
    }
    if let Some(date) = object.get("issued").and_then(date_of) {
        lines.push(format!("date: \"{date}\""));
    }
    let url = object
        .get("URL")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            let doi = object.get("DOI").and_then(Value::as_str)?;
            Some(format!("https://doi.org/{doi}"))
        });
    match url {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            lines.push(format!("url: {}", quoted(&url)));
        }
        Some(url) => {
            problems.push(format!("{name}: `{url}` is not a web address, skipped"));
            return None;
        }
        None => {
            problems.push(format!(
                "{name}: no URL or DOI, skipped (add its address or file by hand)"
            ));
            return None;
        }
    }
    if let Some(language) = object.get("language").and_then(Value::as_str) {
        lines.push(format!("languages: [{}]", quoted(language)));
    }
    if let Some(summary) = object.get("abstract").and_then(Value::as_str) {
        let one_line = summary.split_whitespace().collect::<Vec<_>>().join(" ");
        lines.push(format!("summary: {}", quoted(&one_line)));
    }
    if let Some(accessed) = object.get("accessed").and_then(date_of) {
        match (accessed.month, accessed.day) {
            (Some(month), Some(day)) => {
                let date = Date {
                    year: accessed.year,
                    month,
                    day,
                };
                lines.push(format!("verified: \"{date}\""));
            }
            _ => problems.push(format!("{name}: `accessed` is not a full date, not mapped")),
        }
    }
    // praxis writes a licence as `custom.licence`; other tools as `license`.
    let licence = object
        .get("custom")
        .and_then(|c| c.get("licence"))
        .or_else(|| object.get("license"))
        .and_then(Value::as_str);
    if let Some(licence) = licence {
        lines.push(format!("licence: {}", quoted(licence)));
    }
    let others: Vec<&str> = object
        .keys()
        .map(String::as_str)
        .filter(|k| !MAPPED.contains(k))
        .collect();
    if !others.is_empty() {
        problems.push(format!("{name}: not mapped: {}", others.join(", ")));
    }
    lines.push("---".to_owned());
    Some((slug, lines.join("\n") + "\n"))
}
