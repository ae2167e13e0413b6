//! Pass 1 of a load: read every Markdown file and check its front matter, in parallel, so that
//! every mistake of every file is reported together. Nothing here knows URLs or other files:
//! the values read wait, with their file's text, for pass 2 to place them in the site.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::front_matter::Fields;
use super::parsed::{Parsed, list_written_as_text, parse_with};
use super::tree::{self, read_source};
use super::{HUB_FIELDS, LoadCache, PAGE_FIELDS, REPORT_FIELDS, chapter_fields};
use crate::config::{Config, check_slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, nearest};
use crate::markdown;
use crate::model::Alias;
use crate::values::{Date, PhaseId, Status, TermId};

/// The front matter of every file the tree holds, by file, for pass 2.
pub(super) struct FrontMatter {
    pub(super) hubs: HashMap<PathBuf, HubMeta>,
    pub(super) reports: HashMap<PathBuf, Parsed<ReportMeta>>,
    pub(super) chapters: HashMap<PathBuf, Parsed<ChapterMeta>>,
    pub(super) pages: Vec<(PathBuf, Parsed<PageMeta>)>,
    pub(super) resources: Vec<(PathBuf, Parsed<super::resources::ResourceMeta>)>,
    pub(super) survey: super::survey::Read,
}

/// Read hubs, reports, chapters and pages, in that order (their errors come out in it), each
/// kind in parallel; files `cache` remembers are not read again.
pub(super) fn read_all(
    root: &Path,
    config: &Config,
    tree: &tree::Tree,
    cache: &mut LoadCache,
    diagnostics: &mut Diagnostics,
) -> FrontMatter {
    let hub_files: Vec<PathBuf> = tree
        .hubs
        .iter()
        .filter(|h| !h.hub_file.as_os_str().is_empty())
        .map(|h| h.hub_file.clone())
        .collect();
    let hubs = parse_all(
        hub_files,
        &mut cache.hubs,
        cache.one_shot,
        |rel| read_hub(root, rel),
        diagnostics,
    )
    .into_iter()
    .collect();
    let report_files: Vec<PathBuf> = tree
        .hubs
        .iter()
        .flat_map(|h| &h.reports)
        .filter(|r| !r.index.as_os_str().is_empty())
        .map(|r| r.index.clone())
        .collect();
    let reports = parse_all(
        report_files,
        &mut cache.reports,
        cache.one_shot,
        |rel| parse_with(root, rel, config, REPORT_FIELDS, read_report),
        diagnostics,
    )
    .into_iter()
    .collect();
    let chapter_known = chapter_fields(config);
    let chapter_known: Vec<&str> = chapter_known.iter().map(String::as_str).collect();
    let chapter_files: Vec<PathBuf> = tree
        .hubs
        .iter()
        .flat_map(|h| &h.reports)
        .flat_map(|r| r.chapters.iter().cloned())
        .collect();
    let chapters = parse_all(
        chapter_files,
        &mut cache.chapters,
        cache.one_shot,
        |rel| parse_with(root, rel, config, &chapter_known, read_chapter),
        diagnostics,
    )
    .into_iter()
    .collect();
    let pages = parse_all(
        tree.pages.clone(),
        &mut cache.pages,
        cache.one_shot,
        |rel| parse_with(root, rel, config, PAGE_FIELDS, read_page),
        diagnostics,
    );
    // Resources are checked against the hub folders: another set of hubs reads them again.
    let hub_ids: Vec<&str> = tree.hubs.iter().map(|h| h.id.as_str()).collect();
    if cache.resource_hubs != hub_ids {
        cache.resources.clear();
        cache.resource_hubs = hub_ids.iter().map(|h| (*h).to_owned()).collect();
    }
    let resource_known = super::resource_fields(config);
    let resource_known: Vec<&str> = resource_known.iter().map(String::as_str).collect();
    let resources = parse_all(
        tree.resources.clone(),
        &mut cache.resources,
        cache.one_shot,
        |rel| super::resources::parse(root, rel, config, &hub_ids, &resource_known),
        diagnostics,
    );
    // The survey is a few dozen small files, read again on every load.
    let survey = super::survey::read(
        root,
        config,
        tree.survey.as_deref(),
        &tree.jurisdictions,
        diagnostics,
    );
    FrontMatter {
        hubs,
        reports,
        chapters,
        pages,
        resources,
        survey,
    }
}

#[derive(Clone)]
pub(super) struct HubMeta {
    pub(super) title: String,
    pub(super) lead: String,
    pub(super) summary: String,
    pub(super) order: i64,
    pub(super) website: Option<String>,
}

#[derive(Clone)]
pub(super) struct ReportMeta {
    pub(super) title: String,
    pub(super) summary: String,
    pub(super) authors: Vec<String>,
    pub(super) published: Option<Date>,
    pub(super) status: Status,
    pub(super) phase: Option<PhaseId>,
    pub(super) language: String,
    pub(super) aliases: Vec<Alias>,
}

#[derive(Clone)]
pub(super) struct ChapterMeta {
    pub(super) title: String,
    /// `None` when it must come from the report.
    pub(super) phase: Option<PhaseId>,
    pub(super) order: Option<i64>,
    pub(super) summary: String,
    pub(super) terms: BTreeMap<String, Vec<TermId>>,
    pub(super) status: Status,
    pub(super) updated: Option<Date>,
    /// Short Markdown, rendered with the body once links can be resolved.
    pub(super) gaps: Vec<markdown::Statement>,
    pub(super) options: Vec<markdown::Statement>,
    pub(super) language: String,
    pub(super) aliases: Vec<Alias>,
    /// Where the file would have said `phase:`, for a missing-phase error.
    pub(super) phase_missing_at: Option<usize>,
}

#[derive(Clone)]
pub(super) struct PageMeta {
    pub(super) title: String,
    pub(super) summary: String,
    pub(super) date: Option<Date>,
    pub(super) draft: bool,
    pub(super) language: String,
    pub(super) aliases: Vec<Alias>,
}

fn read_language(fields: &mut Fields<'_>, config: &Config) -> String {
    fields
        .string("language")
        .unwrap_or_else(|| config.language.clone())
}

/// The `aliases:` of a page: old addresses that redirect to it, each checked and normalised
/// ([`alias_path`]); a bad one is an error on its line.
fn read_aliases(
    fields: &mut Fields<'_>,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for (text, line, column) in fields.string_list("aliases").unwrap_or_default() {
        match alias_path(&text, config) {
            Ok(path) => aliases.push(Alias { path, line, column }),
            Err(why) => errors.push(
                Diagnostic::error(
                    Location::at(fields.file_path(), line, column, text.chars().count().max(1)),
                    format!("invalid alias `{text}`: {why}"),
                )
                .help("write the old address of this page without the site's domain, as a folder: `aliases: [hubs/apparel/old-name/]`"),
            ),
        }
    }
    aliases
}

/// An alias as a URL path relative to the base URL (`hubs/apparel/old-name/`). Written as a
/// path from the site's root (with or without the leading `/` and the trailing `/`) or as a
/// full address on this site. Only folder addresses made of letters, digits, `-`, `_` and `~`:
/// a redirect is a folder's `index.html`, so an address with a dot (`old.html`) could not be
/// one, and nothing may land in the folders praxis fills itself.
pub fn alias_path(text: &str, config: &Config) -> Result<String, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let path = if lower.starts_with("http://") || lower.starts_with("https://") {
        text.strip_prefix(config.base_url.as_str())
            .or_else(|| text.strip_prefix(config.base_url.trim_end_matches('/')))
            .ok_or_else(|| format!("an alias is an address on this site ({})", config.base_url))?
    } else {
        text
    };
    let path = path.trim_start_matches('/');
    if path.is_empty() {
        return Err("the home page cannot be an alias".into());
    }
    let segments: Vec<&str> = path.strip_suffix('/').unwrap_or(path).split('/').collect();
    for segment in &segments {
        if segment.is_empty() {
            return Err("it has an empty part (`//`)".into());
        }
        if let Some(bad) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '~')))
        {
            return Err(format!(
                "`{bad}` is not allowed: an alias is a folder address made of letters, digits, `-` and `_`"
            ));
        }
    }
    if let Some(first) = segments.first()
        && RESERVED_ALIAS_FOLDERS.contains(first)
    {
        return Err(format!("/{first}/ holds files praxis writes itself"));
    }
    Ok(format!("{}/", segments.join("/")))
}

/// Folders no alias may enter: praxis writes the theme's files and the search index there.
const RESERVED_ALIAS_FOLDERS: &[&str] = &["static", "search"];

fn check_phase(
    fields: &mut Fields<'_>,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Option<PhaseId> {
    let text = fields.string("phase")?;
    if config.phase(&text).is_some() {
        return Some(PhaseId::new(text));
    }
    let (line, column) = fields.position("phase").unwrap_or((2, 1));
    let ids: Vec<&str> = config.phases.iter().map(|p| p.id.as_str()).collect();
    let mut d = Diagnostic::error(
        Location::at(fields.file_path(), line, column, text.chars().count()),
        format!("unknown phase `{text}`"),
    );
    if let Some(phase) = phase_by_title(config, &text) {
        let id = phase.id.as_str();
        errors.push(d.label(format!("did you mean `{id}`?")).help(format!(
            "write the phase's id, not its title: `phase: {id}`"
        )));
        return None;
    }
    if let Some(better) = nearest(&text, ids.iter().copied()) {
        d = d.label(format!("did you mean `{better}`?"));
    }
    errors.push(d.help(format!(
        "phases are defined in site.toml: {}",
        ids.join(", ")
    )));
    None
}

/// The phase `text` names by its title, or by its id in other case or spacing
/// (`Risk assessment`, `Risk-Assessment`).
fn phase_by_title<'c>(config: &'c Config, text: &str) -> Option<&'c crate::config::PhaseConfig> {
    let wanted = markdown::slugify(text);
    config
        .phases
        .iter()
        .find(|p| p.title.trim().eq_ignore_ascii_case(text.trim()) || p.id.as_str() == wanted)
}

fn read_report(
    fields: &mut Fields<'_>,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Option<ReportMeta> {
    let title = fields.required_string("title", "\"Public buyers and garment supply chains\"");
    let summary = fields.string("summary").unwrap_or_default();
    let authors = fields
        .string_list("authors")
        .unwrap_or_default()
        .into_iter()
        .map(|(a, _, _)| a)
        .collect();
    let published = fields.date("published");
    let status = fields.status("status").unwrap_or(Status::Published);
    let phase = if fields.has_key("phase") {
        check_phase(fields, config, errors)
    } else {
        None
    };
    let language = read_language(fields, config);
    let aliases = read_aliases(fields, config, errors);
    Some(ReportMeta {
        title: title?,
        summary,
        authors,
        published,
        status,
        phase,
        language,
        aliases,
    })
}

pub(super) fn read_chapter(
    fields: &mut Fields<'_>,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Option<ChapterMeta> {
    let title = fields.required_string("title", "\"Risk assessment\"");
    let phase = if fields.has_key("phase") {
        Some(check_phase(fields, config, errors))
    } else {
        None
    };
    let order = fields.integer("order");
    let summary = fields.string("summary").unwrap_or_default();
    let status = fields.status("status").unwrap_or(Status::Published);
    let updated = fields.date("updated");
    let mut statements = |key: &str| -> Vec<markdown::Statement> {
        fields
            .string_list(key)
            .unwrap_or_default()
            .into_iter()
            .map(|(text, line, column)| markdown::Statement { text, line, column })
            .collect()
    };
    let gaps = statements("gaps");
    let options = statements("options");
    let language = read_language(fields, config);
    let aliases = read_aliases(fields, config, errors);
    let mut terms = BTreeMap::new();
    for taxonomy in &config.taxonomies {
        let Some(list) = fields.string_list(&taxonomy.id) else {
            continue;
        };
        let mut ids = Vec::new();
        for (term, line, column) in list {
            let width = term.chars().count();
            let location = Location::at(fields.file_path(), line, column, width);
            if let Some(d) = list_written_as_text(&taxonomy.id, &term, location.clone()) {
                errors.push(d);
                continue;
            }
            match &taxonomy.terms {
                Some(vocabulary) => {
                    if vocabulary.iter().any(|t| t.id.as_str() == term) {
                        ids.push(TermId::new(term));
                    } else {
                        let names: Vec<&str> = vocabulary.iter().map(|t| t.id.as_str()).collect();
                        let mut d = Diagnostic::error(
                            location,
                            format!("unknown term `{term}` in `{}`", taxonomy.id),
                        );
                        if let Some(better) = nearest(&term, names.iter().copied()) {
                            d = d.label(format!("did you mean `{better}`?"));
                        }
                        errors.push(d.help(format!(
                            "the terms of `{}` are listed in site.toml: {}",
                            taxonomy.id,
                            names.join(", ")
                        )));
                    }
                }
                None => match check_slug(&term) {
                    Ok(()) => ids.push(TermId::new(term)),
                    Err(why) => {
                        errors.push(Diagnostic::error(location, format!("invalid term: {why}")))
                    }
                },
            }
        }
        if !ids.is_empty() {
            terms.insert(taxonomy.id.clone(), ids);
        }
    }
    let phase_missing_at = if phase.is_none() { Some(2) } else { None };
    let phase = match phase {
        Some(Some(p)) => Some(p),
        Some(None) => return None,
        None => None,
    };
    Some(ChapterMeta {
        title: title?,
        phase,
        order,
        summary,
        terms,
        status,
        updated,
        gaps,
        options,
        language,
        aliases,
        phase_missing_at,
    })
}

fn read_page(
    fields: &mut Fields<'_>,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Option<PageMeta> {
    let title = fields.required_string("title", "\"About us\"");
    Some(PageMeta {
        summary: fields.string("summary").unwrap_or_default(),
        date: fields.date("date"),
        draft: fields.bool("draft").unwrap_or(false),
        language: read_language(fields, config),
        aliases: read_aliases(fields, config, errors),
        title: title?,
    })
}

pub(super) fn read_hub(root: &Path, rel: &Path) -> Result<HubMeta, Diagnostics> {
    let single = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    let file = read_source(root, rel).map_err(single)?;
    let mut fields = Fields::parse(&file, &file.text, 1)?;
    let title = fields.required_string("title", "Apparel");
    let lead = fields.required_string("lead", "\"Name of the lead organisation\"");
    let summary = fields.string("summary").unwrap_or_default();
    let order = fields.integer("order").unwrap_or(i64::MAX);
    let website = fields.web_url("website");
    let diagnostics = fields.finish(HUB_FIELDS);
    match (title, lead) {
        (Some(title), Some(lead)) if !diagnostics.has_errors() => Ok(HubMeta {
            title,
            lead,
            summary,
            order,
            website,
        }),
        _ => Err(diagnostics),
    }
}

/// Run `parse` on every file not in `cache`, in parallel; keep the successes and collect every
/// failure. Results, failures included, are remembered in `cache` unless `one_shot`.
pub(super) fn parse_all<T: Send + Clone>(
    files: Vec<PathBuf>,
    cache: &mut HashMap<PathBuf, Result<T, Diagnostics>>,
    one_shot: bool,
    parse: impl Fn(&Path) -> Result<T, Diagnostics> + Sync,
    diagnostics: &mut Diagnostics,
) -> Vec<(PathBuf, T)> {
    let missing: Vec<&PathBuf> = files.iter().filter(|f| !cache.contains_key(*f)).collect();
    let fresh: Vec<(PathBuf, Result<T, Diagnostics>)> = missing
        .into_par_iter()
        .map(|rel| (rel.clone(), parse(rel)))
        .collect();
    if one_shot {
        let mut ok = Vec::with_capacity(fresh.len());
        for (rel, result) in fresh {
            match result {
                Ok(value) => ok.push((rel, value)),
                Err(d) => diagnostics.extend(d),
            }
        }
        return ok;
    }
    cache.extend(fresh);
    let mut ok = Vec::new();
    for rel in files {
        match &cache[&rel] {
            Ok(value) => ok.push((rel, value.clone())),
            Err(d) => diagnostics.extend(d.clone()),
        }
    }
    ok
}
