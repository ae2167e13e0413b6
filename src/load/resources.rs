//! The resource library: `resources/<slug>.md` read and checked, then placed in the site.
//!
//! A resource's front matter names closed vocabularies (its type, phases, hubs, the site's
//! taxonomies); each wrong id is a located error with "did you mean", as for chapters. The
//! body is the description, rendered with every other body in pass 3, so a resource can link
//! to chapters and chapters to it by the path of its `.md` file. What this module does not do:
//! render anything, or decide which pages list a resource (`render` does).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::body::{Body, BodyOwner};
use super::claims::UrlClaims;
use super::front_matter::Fields;
use super::parsed::{Parsed, list_written_as_text};
use crate::config::{Config, check_slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, nearest};
use crate::links::LinkTable;
use crate::model::{Date, PartialDate, PhaseId, Resource, Site, TermId};

/// The fields of a resource's front matter, without the site's taxonomies.
const RESOURCE_FIELDS: &[&str] = &[
    "title",
    "type",
    "publisher",
    "date",
    "url",
    "file",
    "languages",
    "hubs",
    "phases",
    "summary",
    "verified",
    "licence",
];

/// The front-matter fields a resource accepts, with the site's taxonomies (for the docs'
/// field reference and "did you mean").
pub fn resource_fields(config: &Config) -> Vec<String> {
    RESOURCE_FIELDS
        .iter()
        .map(|s| (*s).to_owned())
        .chain(config.taxonomies.iter().map(|t| t.id.clone()))
        .collect()
}

/// A resource's front matter, checked.
#[derive(Clone)]
pub(super) struct ResourceMeta {
    title: String,
    kind: TermId,
    publisher: String,
    date: Option<PartialDate>,
    url: Option<String>,
    /// As written, with where: the file must exist beside the description.
    file: Option<(String, usize, usize)>,
    languages: Vec<String>,
    hubs: Vec<String>,
    phases: Vec<PhaseId>,
    terms: BTreeMap<String, Vec<TermId>>,
    summary: String,
    verified: Option<Date>,
    licence: Option<String>,
}

/// Read and check `resources/<slug>.md`, its hubs against `hub_ids` (the folders of
/// `hubs/`), reporting every mistake of the file at once.
pub(super) fn parse(
    root: &Path,
    rel: &Path,
    config: &Config,
    hub_ids: &[&str],
    known: &[&str],
) -> Result<Parsed<ResourceMeta>, Diagnostics> {
    super::parsed::parse_checked(root, rel, known, |fields, errors| {
        read(fields, config, hub_ids, errors)
    })
}

/// Read a resource's front matter.
fn read(
    fields: &mut Fields<'_>,
    config: &Config,
    hub_ids: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> Option<ResourceMeta> {
    let title = fields.required_string("title", "\"ILO Forced Labour Convention\"");
    let type_ids: Vec<&str> = config
        .resource_types
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let kind = match fields.string("type") {
        Some(text) => {
            let (line, column) = fields.position("type").unwrap_or((2, 1));
            let found = closed_term(fields.file_path(), "type", &text, (line, column), &type_ids);
            found.map_err(|d| errors.push(d)).ok()
        }
        None => {
            errors.push(missing(fields, "type", &type_ids));
            None
        }
    };
    let publisher = fields.string("publisher").unwrap_or_default();
    let date = partial_date(fields, errors);
    let url = fields.web_url("url");
    let file = fields.string("file").map(|text| {
        let (line, column) = fields.position("file").unwrap_or((2, 1));
        (text, line, column)
    });
    if url.is_none() && file.is_none() && !fields.has_key("url") {
        errors.push(
            Diagnostic::error(
                Location::at(fields.file_path(), 1, 1, 3),
                "a resource needs `url` or `file`",
            )
            .label("in this front matter")
            .help("add `url: https://...` (where the item is published) or `file: name.pdf` (a file beside this one)"),
        );
    }
    let languages = languages(fields, errors);
    let hubs = closed_list(fields, "hubs", hub_ids, errors);
    let phase_ids: Vec<&str> = config.phases.iter().map(|p| p.id.as_str()).collect();
    let phases = closed_list(fields, "phases", &phase_ids, errors)
        .into_iter()
        .map(PhaseId::new)
        .collect();
    let mut terms = BTreeMap::new();
    for taxonomy in &config.taxonomies {
        let ids: Vec<String> = match &taxonomy.terms {
            Some(vocabulary) => {
                let names: Vec<&str> = vocabulary.iter().map(|t| t.id.as_str()).collect();
                closed_list(fields, &taxonomy.id, &names, errors)
            }
            None => open_list(fields, &taxonomy.id, errors),
        };
        if !ids.is_empty() {
            terms.insert(
                taxonomy.id.clone(),
                ids.into_iter().map(TermId::new).collect(),
            );
        }
    }
    let summary = fields.string("summary").unwrap_or_default();
    let verified = fields.date("verified");
    let licence = fields.string("licence");
    Some(ResourceMeta {
        title: title?,
        kind: kind?,
        publisher,
        date,
        url,
        file,
        languages,
        hubs,
        phases,
        terms,
        summary,
        verified,
        licence,
    })
}

/// A missing required vocabulary field, listing the choices.
fn missing(fields: &Fields<'_>, key: &str, choices: &[&str]) -> Diagnostic {
    Diagnostic::error(
        Location::at(fields.file_path(), 1, 1, 3),
        format!("missing required field `{key}`"),
    )
    .label("in this front matter")
    .help(format!(
        "add `{key}: <id>` with one of: {} (defined in site.toml)",
        choices.join(", ")
    ))
}

/// `text` if it is one of `choices`, else a located error with the nearest choice.
fn closed_term(
    file: &Path,
    key: &str,
    text: &str,
    (line, column): (usize, usize),
    choices: &[&str],
) -> Result<TermId, Diagnostic> {
    if choices.contains(&text) {
        return Ok(TermId::new(text));
    }
    let mut d = Diagnostic::error(
        Location::at(file, line, column, text.chars().count().max(1)),
        format!("unknown {} `{text}`", noun(key)),
    );
    if let Some(better) = nearest(text, choices.iter().copied()) {
        d = d.label(format!("did you mean `{better}`?"));
    }
    Err(d.help(format!(
        "the ids allowed in `{key}` are defined in site.toml: {}",
        choices.join(", ")
    )))
}

fn noun(key: &str) -> String {
    match key {
        "type" => "resource type".into(),
        "phases" => "phase".into(),
        "hubs" => "hub".into(),
        other => format!("term in `{other}`"),
    }
}

/// A list field whose items must come from `choices`; each wrong item is an error.
fn closed_list(
    fields: &mut Fields<'_>,
    key: &str,
    choices: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (text, line, column) in fields.string_list(key).unwrap_or_default() {
        let location = Location::at(fields.file_path(), line, column, text.chars().count());
        if let Some(d) = list_written_as_text(key, &text, location) {
            errors.push(d);
            continue;
        }
        match closed_term(fields.file_path(), key, &text, (line, column), choices) {
            Ok(_) => out.push(text),
            Err(d) => errors.push(d),
        }
    }
    out
}

/// A list field of an open taxonomy: any term that is a valid id.
fn open_list(fields: &mut Fields<'_>, key: &str, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    for (text, line, column) in fields.string_list(key).unwrap_or_default() {
        match check_slug(&text) {
            Ok(()) => out.push(text),
            Err(why) => errors.push(Diagnostic::error(
                Location::at(
                    fields.file_path(),
                    line,
                    column,
                    text.chars().count().max(1),
                ),
                format!("invalid term: {why}"),
            )),
        }
    }
    out
}

/// `date:` as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (YAML reads a bare year as a number).
fn partial_date(fields: &mut Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<PartialDate> {
    let text = fields.string("date")?;
    if let Some(date) = PartialDate::parse(text.trim()) {
        return Some(date);
    }
    let (line, column) = fields.position("date").unwrap_or((2, 1));
    errors.push(
        Diagnostic::error(
            Location::at(
                fields.file_path(),
                line,
                column,
                text.chars().count().max(1),
            ),
            format!("`date` is not a valid date: `{text}`"),
        )
        .label("expected 2011, 2011-06 or 2011-06-16")
        .help("write the year, the year and month, or the full date, as far as it is known"),
    );
    None
}

/// `languages:` as language codes (`en`, `fr`, `pt-BR`).
fn languages(fields: &mut Fields<'_>, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    for (text, line, column) in fields.string_list("languages").unwrap_or_default() {
        // BCP 47 in short: a two- or three-letter language, then optional subtags (`pt-BR`).
        let mut parts = text.split('-');
        let language = parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
        });
        let valid = language
            && parts.all(|p| {
                (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if valid {
            out.push(text);
        } else {
            errors.push(
                Diagnostic::error(
                    Location::at(fields.file_path(), line, column, text.chars().count().max(1)),
                    format!("`{text}` is not a language code"),
                )
                .help("write language codes such as `en`, `fr`, `es` or `pt-BR`: `languages: [en, fr]`"),
            );
        }
    }
    out
}

/// Pass 2 for resources: check files, give each its URL, add it to the link table
/// and queue its body. Resources are sorted by type (site.toml's order), then title.
pub(super) fn place(
    site: &mut Site,
    mut parsed: Vec<(PathBuf, Parsed<ResourceMeta>)>,
    links: &mut LinkTable,
    urls: &mut UrlClaims,
    bodies: &mut Vec<Body>,
    diagnostics: &mut Diagnostics,
) {
    let config = &site.config;
    let type_rank = |kind: &TermId| {
        config
            .resource_types
            .iter()
            .position(|t| &t.id == kind)
            .unwrap_or(usize::MAX)
    };
    parsed.sort_by(|a, b| {
        (type_rank(&a.1.meta.kind), &a.1.meta.title, &a.0).cmp(&(
            type_rank(&b.1.meta.kind),
            &b.1.meta.title,
            &b.0,
        ))
    });
    for (rel, parsed) in parsed {
        let slug = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Err(why) = check_slug(&slug) {
            diagnostics.push(
                Diagnostic::error(Location::file(&rel), format!("invalid resource file name: {why}"))
                    .help("name resources like `ilo-forced-labour-convention.md`: lowercase words joined by hyphens"),
            );
            continue;
        }
        let body = Body::of(&parsed, BodyOwner::Resource(site.resources.len()), false);
        let meta = parsed.meta;
        let mut ok = true;
        let file = match &meta.file {
            Some((name, line, column)) => match file_beside(&site.config.root, &rel, name) {
                Ok(path) => Some(path),
                Err(why) => {
                    diagnostics.push(
                        parsed
                            .file
                            .error_at(*line, *column, format!("`file` {why}"))
                            .help("put the file in resources/ beside this description and write its name: `file: report.pdf`"),
                    );
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if !ok {
            continue;
        }
        let path = format!("resources/{slug}/");
        links.add_page(&rel, &path, false);
        links.add_title(&rel, &meta.title);
        urls.claim(&path, &rel);
        bodies.push(body);
        site.resources.push(Resource {
            slug,
            source: rel,
            path,
            title: meta.title,
            kind: meta.kind,
            publisher: meta.publisher,
            date: meta.date,
            url: meta.url,
            file,
            languages: meta.languages,
            hubs: meta.hubs,
            phases: meta.phases,
            terms: meta.terms,
            summary: meta.summary,
            verified: meta.verified,
            licence: meta.licence,
            body: Arc::default(),
            cited_by: Vec::new(),
        });
    }
}

/// The output path of `name`, a file in `resources/` beside the description `rel`.
fn file_beside(root: &Path, rel: &Path, name: &str) -> Result<String, String> {
    let name = name.trim();
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.ends_with(".md");
    if !plain {
        return Err(format!(
            "`{name}` is not the name of a file beside this one"
        ));
    }
    let dir = rel.parent().unwrap_or(Path::new(""));
    if !root.join(dir).join(name).is_file() {
        return Err(format!("names `{name}`, which is not in resources/"));
    }
    Ok(crate::walk::url_path(&dir.join(name)))
}

/// Which resource each source file is, for [`note_citations`]: one lookup per link.
pub(super) fn by_source(site: &Site) -> HashMap<PathBuf, usize> {
    site.resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.source.clone(), i))
        .collect()
}

/// Note which chapters link to which resources, from each chapter body's links.
pub(super) fn note_citations(
    site: &mut Site,
    by_source: &HashMap<PathBuf, usize>,
    chapter: usize,
    links_to: &[PathBuf],
) {
    for target in links_to {
        if let Some(&r) = by_source.get(target) {
            let cited_by = &mut site.resources[r].cited_by;
            if cited_by.last() != Some(&chapter) && !cited_by.contains(&chapter) {
                cited_by.push(chapter);
            }
        }
    }
}
