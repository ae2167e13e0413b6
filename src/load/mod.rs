//! Loading: from the files on disk to a checked [`Site`].
//!
//! In three passes, each over every file at once so that all mistakes are reported together:
//! 1. read each file and its front matter (in parallel), checking every field;
//! 2. decide every page's URL, which makes the link table and finds URL collisions;
//! 3. render the Markdown bodies (in parallel) with links resolved, then check anchors.

mod drafts;
mod edit;
pub mod front_matter;
mod menu;
mod resources;
pub mod tree;

pub use edit::reload_chapter;
pub use resources::resource_fields;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, check_slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path, nearest};
use crate::html::Html;
use crate::links::{LinkTable, check_anchors};
use crate::markdown::{self, SourceContext};
use crate::model::{
    Alias, Asset, Chapter, Date, Hub, Page, PageKind, PhaseId, Report, Site, Status, TermId,
};
use front_matter::{Fields, SourceFile, split};
use tree::{CONTENT_DIR, INDEX_FILE, read_source};

#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
}

pub const HUB_FIELDS: &[&str] = &["title", "lead", "summary", "order", "website"];
pub const REPORT_FIELDS: &[&str] = &[
    "title",
    "summary",
    "authors",
    "published",
    "status",
    "phase",
    "language",
    "aliases",
];
const CHAPTER_FIELDS: &[&str] = &[
    "title", "phase", "order", "summary", "status", "updated", "gaps", "options", "language",
    "aliases",
];
pub const PAGE_FIELDS: &[&str] = &["title", "summary", "date", "draft", "language", "aliases"];

/// The front-matter fields a chapter accepts, with the site's taxonomies: the field reference
/// in the docs is checked against this.
pub fn chapter_fields(config: &Config) -> Vec<String> {
    CHAPTER_FIELDS
        .iter()
        .map(|s| (*s).to_owned())
        .chain(config.taxonomies.iter().map(|t| t.id.clone()))
        .collect()
}

/// A Markdown file read and its front matter checked, body not yet rendered.
#[derive(Clone)]
struct Parsed<T> {
    file: Arc<SourceFile>,
    body_offset: usize,
    body_line: usize,
    meta: T,
}

#[derive(Clone)]
struct HubMeta {
    title: String,
    lead: String,
    summary: String,
    order: i64,
    website: Option<String>,
}

#[derive(Clone)]
struct ReportMeta {
    title: String,
    summary: String,
    authors: Vec<String>,
    published: Option<Date>,
    status: Status,
    phase: Option<PhaseId>,
    language: String,
    aliases: Vec<Alias>,
}

#[derive(Clone)]
struct ChapterMeta {
    title: String,
    /// `None` when it must come from the report.
    phase: Option<PhaseId>,
    order: Option<i64>,
    summary: String,
    terms: BTreeMap<String, Vec<TermId>>,
    status: Status,
    updated: Option<Date>,
    /// Short Markdown, rendered with the body once links can be resolved.
    gaps: Vec<markdown::Statement>,
    options: Vec<markdown::Statement>,
    language: String,
    aliases: Vec<Alias>,
    /// Where the file would have said `phase:`, for a missing-phase error.
    phase_missing_at: Option<usize>,
}

#[derive(Clone)]
struct PageMeta {
    title: String,
    summary: String,
    date: Option<Date>,
    draft: bool,
    language: String,
    aliases: Vec<Alias>,
}

/// Read a Markdown file and check its front matter with `read_meta`.
fn parse_markdown<T>(
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

/// `issues: forced-labour, child-labour`: a list written as text, which YAML reads as one
/// term. The line it should be, with brackets.
fn list_written_as_text(taxonomy: &str, term: &str, location: Location) -> Option<Diagnostic> {
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

fn read_chapter(
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

fn read_hub(root: &Path, rel: &Path) -> Result<HubMeta, Diagnostics> {
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

/// What one load keeps for the next, so that the watch server re-reads and re-renders only
/// the files that changed. A full build uses an empty cache: the same code path, wider.
#[derive(Default)]
pub struct LoadCache {
    /// The text of `site.toml` the entries were made with; another config empties the cache.
    config_text: Option<String>,
    hubs: HashMap<PathBuf, Result<HubMeta, Diagnostics>>,
    reports: HashMap<PathBuf, Result<Parsed<ReportMeta>, Diagnostics>>,
    chapters: HashMap<PathBuf, Result<Parsed<ChapterMeta>, Diagnostics>>,
    pages: HashMap<PathBuf, Result<Parsed<PageMeta>, Diagnostics>>,
    resources: HashMap<PathBuf, Result<Parsed<resources::ResourceMeta>, Diagnostics>>,
    /// The hub folders resources were checked against; other hubs empty `resources`.
    resource_hubs: Vec<String>,
    /// Rendered bodies, valid while their file and the link table are unchanged.
    bodies: HashMap<PathBuf, markdown::Output>,
    links_fingerprint: u64,
    /// The link table of the last load, for [`reload_chapter`]'s re-render of one file.
    links: Option<LinkTable>,
    /// Keep nothing: a build loads once, so remembering would only hold every file's text and
    /// a second copy of its metadata in memory until the load ends.
    one_shot: bool,
}

impl LoadCache {
    /// Forget what was loaded from these files (relative to the site root).
    pub fn invalidate<'p>(&mut self, changed: impl IntoIterator<Item = &'p Path>) {
        for path in changed {
            self.hubs.remove(path);
            self.reports.remove(path);
            self.chapters.remove(path);
            self.pages.remove(path);
            self.resources.remove(path);
            self.bodies.remove(path);
        }
    }
}

/// Run `parse` on every file not in `cache`, in parallel; keep the successes and collect every
/// failure. Results, failures included, are remembered in `cache` unless `one_shot`.
fn parse_all<T: Send + Clone>(
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

/// Parse a Markdown file with a meta reader that may add its own diagnostics (vocabulary
/// checks need the config).
fn parse_with<T>(
    root: &Path,
    rel: &Path,
    config: &Config,
    known: &[&str],
    reader: fn(&mut Fields<'_>, &Config, &mut Vec<Diagnostic>) -> Option<T>,
) -> Result<Parsed<T>, Diagnostics> {
    let extra = std::sync::Mutex::new(Vec::new());
    let result = parse_markdown(
        root,
        rel,
        |fields| {
            let mut errors = Vec::new();
            let meta = reader(fields, config, &mut errors);
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

/// The file stem without its numeric ordering prefix: `03-award` -> (Some(3), "award").
fn split_order_prefix(stem: &str) -> (Option<i64>, &str) {
    if let Some((number, rest)) = stem.split_once('-')
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
        && !rest.is_empty()
    {
        return (number.parse().ok(), rest);
    }
    (None, stem)
}

/// Load the site under `options.root`. Returns the site when there are no errors; the
/// diagnostics (warnings, or the errors that stopped it) either way.
pub fn load(options: &LoadOptions) -> (Option<Site>, Diagnostics) {
    let mut cache = LoadCache {
        one_shot: true,
        ..LoadCache::default()
    };
    load_cached(options, &mut cache)
}

/// [`load`], reusing what `cache` remembers of files that have not changed since.
pub fn load_cached(options: &LoadOptions, cache: &mut LoadCache) -> (Option<Site>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let root = options.root.as_path();
    let Some(config) = Config::load(root, options.base_url.as_deref(), &mut diagnostics) else {
        return (None, diagnostics);
    };
    let config_text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).ok();
    if cache.config_text != config_text {
        *cache = LoadCache {
            config_text,
            one_shot: cache.one_shot,
            ..LoadCache::default()
        };
    }
    let tree = tree::discover(root, &mut diagnostics);

    // Pass 1: front matter.
    let hub_files: Vec<PathBuf> = tree
        .hubs
        .iter()
        .filter(|h| !h.hub_file.as_os_str().is_empty())
        .map(|h| h.hub_file.clone())
        .collect();
    let hub_meta: HashMap<PathBuf, HubMeta> = parse_all(
        hub_files,
        &mut cache.hubs,
        cache.one_shot,
        |rel| read_hub(root, rel),
        &mut diagnostics,
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
    let mut report_meta: HashMap<PathBuf, Parsed<ReportMeta>> = parse_all(
        report_files,
        &mut cache.reports,
        cache.one_shot,
        |rel| parse_with(root, rel, &config, REPORT_FIELDS, read_report),
        &mut diagnostics,
    )
    .into_iter()
    .collect();
    let chapter_known = chapter_fields(&config);
    let chapter_known: Vec<&str> = chapter_known.iter().map(String::as_str).collect();
    let chapter_files: Vec<PathBuf> = tree
        .hubs
        .iter()
        .flat_map(|h| &h.reports)
        .flat_map(|r| r.chapters.iter().cloned())
        .collect();
    let mut chapter_meta: HashMap<PathBuf, Parsed<ChapterMeta>> = parse_all(
        chapter_files,
        &mut cache.chapters,
        cache.one_shot,
        |rel| parse_with(root, rel, &config, &chapter_known, read_chapter),
        &mut diagnostics,
    )
    .into_iter()
    .collect();
    let mut page_meta: Vec<(PathBuf, Parsed<PageMeta>)> = parse_all(
        tree.pages.clone(),
        &mut cache.pages,
        cache.one_shot,
        |rel| parse_with(root, rel, &config, PAGE_FIELDS, read_page),
        &mut diagnostics,
    );

    let hub_ids: Vec<&str> = tree.hubs.iter().map(|h| h.id.as_str()).collect();
    if cache.resource_hubs != hub_ids {
        cache.resources.clear();
        cache.resource_hubs = hub_ids.iter().map(|h| (*h).to_owned()).collect();
    }
    let resource_known = resource_fields(&config);
    let resource_known: Vec<&str> = resource_known.iter().map(String::as_str).collect();
    let resource_meta = parse_all(
        tree.resources.clone(),
        &mut cache.resources,
        cache.one_shot,
        |rel| resources::parse(root, rel, &config, &hub_ids, &resource_known),
        &mut diagnostics,
    );

    // The theme: which file each template and static file comes from (no file read yet).
    let theme = match crate::theme::Theme::load(root, &config.theme) {
        Ok(theme) => theme,
        Err(problems) => {
            diagnostics.extend(problems);
            Default::default()
        }
    };

    // Pass 2: the model without bodies, URLs and the link table.
    let mut site = Site {
        config: config.clone(),
        theme,
        menu: Vec::new(),
        hubs: Vec::new(),
        reports: Vec::new(),
        chapters: Vec::new(),
        pages: Vec::new(),
        assets: Vec::new(),
        resources: Vec::new(),
        drafts: options.drafts,
        lookup: Default::default(),
    };
    let mut links = LinkTable::new(&config);
    let mut urls = UrlClaims::default();
    for (section, _) in generated_sections(&config) {
        urls.claim(&section, Path::new(crate::config::CONFIG_FILE));
    }
    let mut bodies: Vec<Body> = Vec::new();
    // Drafts left out of this build, whose files are not published either.
    let mut left_out = drafts::LeftOut::default();

    let mut hubs_in_order: Vec<&tree::HubFiles> = tree.hubs.iter().collect();
    hubs_in_order.sort_by_key(|h| {
        let order = hub_meta.get(&h.hub_file).map_or(i64::MAX, |m| m.order);
        (order, h.id.clone())
    });
    for hub_files in hubs_in_order {
        let Some(meta) = hub_meta.get(&hub_files.hub_file) else {
            continue;
        };
        if let Err(why) = check_slug(&hub_files.id) {
            diagnostics.push(Diagnostic::error(
                Location::file(&hub_files.hub_file),
                format!("invalid hub folder name: {why}"),
            ));
            continue;
        }
        let hub_index = site.hubs.len();
        let hub_path = format!("hubs/{}/", hub_files.id);
        urls.claim(&hub_path, &hub_files.hub_file);
        site.hubs.push(Hub {
            id: hub_files.id.clone(),
            source: hub_files.hub_file.clone(),
            path: hub_path.clone(),
            title: meta.title.clone(),
            lead: meta.lead.clone(),
            summary: meta.summary.clone(),
            order: meta.order,
            website: meta.website.clone(),
        });

        for report_files in &hub_files.reports {
            let Some(parsed) = report_meta.remove(&report_files.index) else {
                continue;
            };
            if let Err(why) = check_slug(&report_files.id) {
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(&report_files.index),
                        format!("invalid report folder name: {why}"),
                    )
                    .help("rename the folder; its name becomes the report's URL"),
                );
                continue;
            }
            let report_path = format!("{hub_path}{}/", report_files.id);
            let report_excluded = parsed.meta.status == Status::Draft && !options.drafts;
            links.add_page(&report_files.index, &report_path, report_excluded);
            links.add_title(&report_files.index, &parsed.meta.title);
            let mut chapters_here = Vec::new();
            for chapter_file in &report_files.chapters {
                let Some(chapter) = chapter_meta.remove(chapter_file) else {
                    continue;
                };
                let stem = chapter_file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let (prefix_order, slug) = split_order_prefix(&stem);
                if let Err(why) = check_slug(slug) {
                    diagnostics.push(
                        Diagnostic::error(
                            Location::file(chapter_file),
                            format!("invalid chapter file name: {why}"),
                        )
                        .help("name chapters like `03-award.md`: an optional number, then lowercase words joined by hyphens"),
                    );
                    continue;
                }
                let path = format!("{report_path}{slug}/");
                let excluded =
                    report_excluded || (chapter.meta.status == Status::Draft && !options.drafts);
                links.add_page(chapter_file, &path, excluded);
                links.add_title(chapter_file, &chapter.meta.title);
                let phase = match (&chapter.meta.phase, &parsed.meta.phase) {
                    (Some(p), _) | (None, Some(p)) => p.clone(),
                    (None, None) => {
                        let ids: Vec<&str> = config.phases.iter().map(|p| p.id.as_str()).collect();
                        diagnostics.push(
                            chapter
                                .file
                                .error_at(chapter.meta.phase_missing_at.unwrap_or(2), 1, "missing required field `phase`")
                                .label("in this front matter")
                                .help(format!(
                                    "add `phase: <id>` with one of: {} (or set `phase` on the report)",
                                    ids.join(", ")
                                )),
                        );
                        continue;
                    }
                };
                if excluded {
                    left_out.files.push(chapter.file.clone());
                    continue;
                }
                urls.claim(&path, chapter_file);
                for alias in &chapter.meta.aliases {
                    urls.claim_alias(alias, chapter_file);
                }
                let order = chapter.meta.order.or(prefix_order).unwrap_or(i64::MAX);
                chapters_here.push((order, slug.to_owned(), path, phase, chapter));
            }
            if report_excluded {
                left_out.files.push(parsed.file.clone());
                left_out
                    .report_dirs
                    .extend(report_files.index.parent().map(Path::to_path_buf));
                continue;
            }
            urls.claim(&report_path, &report_files.index);
            urls.claim(&format!("{report_path}print/"), &report_files.index);
            for alias in &parsed.meta.aliases {
                urls.claim_alias(alias, &report_files.index);
                // The print view keeps its old address too.
                let print = Alias {
                    path: format!("{}print/", alias.path),
                    ..alias.clone()
                };
                urls.claim_alias(&print, &report_files.index);
            }
            let report_index = site.reports.len();
            bodies.push(Body::of(
                &parsed,
                BodyOwner::Report(report_index),
                parsed.meta.status == Status::Draft,
            ));
            site.reports.push(Report {
                hub: hub_index,
                id: report_files.id.clone(),
                source: report_files.index.clone(),
                path: report_path.clone(),
                title: parsed.meta.title,
                summary: parsed.meta.summary,
                authors: parsed.meta.authors,
                published: parsed.meta.published,
                status: parsed.meta.status,
                phase: parsed.meta.phase,
                language: parsed.meta.language,
                aliases: parsed.meta.aliases,
                body: Arc::default(),
            });
            chapters_here.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
            for (order, slug, path, phase, chapter) in chapters_here {
                let chapter_index = site.chapters.len();
                bodies.push(Body::of_chapter(
                    &chapter,
                    chapter_index,
                    chapter.meta.status == Status::Draft,
                ));
                let meta = chapter.meta;
                site.chapters.push(Arc::new(Chapter {
                    hub: hub_index,
                    report: report_index,
                    slug,
                    source: chapter.file.rel.clone(),
                    path,
                    title: meta.title,
                    phase,
                    order,
                    summary: meta.summary,
                    terms: meta.terms,
                    status: meta.status,
                    updated: meta.updated,
                    gaps: Vec::new(),
                    options: Vec::new(),
                    language: meta.language,
                    aliases: meta.aliases,
                    body: Arc::default(),
                }));
            }
        }
    }

    page_meta.sort_by(|a, b| a.0.cmp(&b.0));
    for (rel, parsed) in page_meta {
        let (kind, path) = page_kind_and_path(&rel);
        let excluded = parsed.meta.draft && !options.drafts;
        links.add_page(&rel, &path, excluded);
        links.add_title(&rel, &parsed.meta.title);
        if excluded {
            left_out.files.push(parsed.file.clone());
            continue;
        }
        if kind != PageKind::SynthesisIntro {
            urls.claim(&path, &rel);
        }
        for alias in &parsed.meta.aliases {
            urls.claim_alias(alias, &rel);
        }
        let page_index = site.pages.len();
        bodies.push(Body::of(
            &parsed,
            BodyOwner::Page(page_index),
            parsed.meta.draft,
        ));
        site.pages.push(Page {
            kind,
            source: rel,
            path,
            title: parsed.meta.title,
            summary: parsed.meta.summary,
            date: parsed.meta.date,
            draft: parsed.meta.draft,
            language: parsed.meta.language,
            aliases: parsed.meta.aliases,
            body: Arc::default(),
        });
    }

    resources::place(
        &mut site,
        resource_meta,
        &mut links,
        &mut urls,
        &mut bodies,
        &mut diagnostics,
    );

    let every_markdown_file = tree
        .hubs
        .iter()
        .flat_map(|h| &h.reports)
        .flat_map(|r| std::iter::once(&r.index).chain(&r.chapters))
        .chain(&tree.pages)
        .chain(&tree.resources);
    for rel in every_markdown_file {
        if links.target(rel).is_none() {
            links.add_failed(rel);
        }
    }
    let private = {
        // Dropped at once: pass 3 frees each file's text as its body renders.
        let published: Vec<Arc<SourceFile>> = bodies.iter().map(|b| b.file.clone()).collect();
        drafts::private_assets(&tree.assets, &left_out, &published)
    };
    drop(left_out);
    for (source, path) in &tree.assets {
        if private.contains(source) {
            // Known to links as a draft: a published page linking to it is told so.
            links.add_page(source, path, true);
            continue;
        }
        urls.claim_file(path, source);
        links.add_asset(source, path);
        site.assets.push(Asset {
            source: source.clone(),
            path: path.clone(),
        });
    }
    urls.report(&mut diagnostics);
    let sources: Vec<&Path> = tree.pages.iter().map(PathBuf::as_path).collect();
    site.menu = menu::resolve(
        &config,
        &links,
        |path| urls.contains(path),
        &sources,
        &mut diagnostics,
    );
    site.theme.check_stylesheets(&config, &mut diagnostics);
    site.index();

    // Pass 3: Markdown bodies, in parallel, then anchors. A body rendered before is reused
    // while its file is unchanged and every link target keeps its URL.
    let fingerprint = links.fingerprint();
    if fingerprint != cache.links_fingerprint {
        cache.bodies.clear();
        cache.links_fingerprint = fingerprint;
    }
    // Each body is taken by value and dropped once rendered: in a one-shot load that is the
    // last reference to its file's text, so texts are freed as their HTML is made.
    let cached_bodies = &cache.bodies;
    let rendered: Vec<(BodyOwner, PathBuf, markdown::Output)> = bodies
        .into_par_iter()
        .map(|body| {
            if let Some(output) = cached_bodies.get(&body.file.rel) {
                return (body.owner, body.file.rel.clone(), output.clone());
            }
            let context = SourceContext {
                rel: &body.file.rel,
                file_text: &body.file.text,
                body: &body.file.text[body.body_offset..],
                body_line: body.body_line,
                body_column: 1,
            };
            let resolver = links.resolver(&body.file.rel, body.is_draft);
            let output = render_file(&context, &body.statements, &config.markdown, &resolver);
            (body.owner, body.file.rel.clone(), output)
        })
        .collect();
    if !cache.one_shot {
        for (_, rel, output) in &rendered {
            if !cache.bodies.contains_key(rel) {
                cache.bodies.insert(rel.clone(), output.clone());
            }
        }
    }
    let mut anchor_checks = Vec::new();
    let mut linked: BTreeSet<PathBuf> = BTreeSet::new();
    let resource_sources = resources::by_source(&site);
    for (owner, _, output) in rendered {
        let statements = match owner {
            BodyOwner::Chapter(_, gap_count) => gaps_and_options(&output, gap_count),
            _ => Default::default(),
        };
        diagnostics.extend(output.diagnostics);
        if let BodyOwner::Chapter(i, _) = owner {
            resources::note_citations(&mut site, &resource_sources, i, &output.links_to);
        }
        linked.extend(output.links_to);
        anchor_checks.extend(output.anchor_checks);
        match owner {
            BodyOwner::Report(i) => site.reports[i].body = output.rendered,
            // Nothing shares a chapter while its site loads: this never copies one.
            BodyOwner::Chapter(i, _) => {
                let chapter = Arc::make_mut(&mut site.chapters[i]);
                (chapter.gaps, chapter.options) = statements;
                chapter.body = output.rendered;
            }
            BodyOwner::Page(i) => site.pages[i].body = output.rendered,
            BodyOwner::Resource(i) => site.resources[i].body = output.rendered,
        }
    }
    for resource in &mut site.resources {
        resource.cited_by.sort_unstable();
    }
    check_anchors(&anchor_checks, &anchors_by_source(&site), &mut diagnostics);

    warn_about_content(&site, &linked, &mut diagnostics);
    if !cache.one_shot {
        cache.links = Some(links);
    }

    if diagnostics.has_errors() {
        (None, diagnostics)
    } else {
        (Some(site), diagnostics)
    }
}

/// Every body's anchors (heading and footnote ids), by source file.
fn anchors_by_source(site: &Site) -> HashMap<&Path, &BTreeSet<String>> {
    let reports = site.reports.iter().map(|r| (&r.source, &r.body));
    let chapters = site.chapters.iter().map(|c| (&c.source, &c.body));
    let pages = site.pages.iter().map(|p| (&p.source, &p.body));
    let resources = site.resources.iter().map(|r| (&r.source, &r.body));
    reports
        .chain(chapters)
        .chain(pages)
        .chain(resources)
        .map(|(source, body)| (source.as_path(), &body.anchors))
        .collect()
}

/// Problems that do not stop a build but that a hub leader should hear about.
fn warn_about_content(site: &Site, linked: &BTreeSet<PathBuf>, diagnostics: &mut Diagnostics) {
    // Chapters, reports and hubs are always listed by the generated pages, news by its
    // section, and a page in the menu by every page; a top-level page nobody links to can
    // only be found by typing its address.
    let in_menu = |page: &crate::model::Page| {
        let url = site.config.url(&page.path);
        site.menu.iter().any(|entry| entry.url == url)
    };
    for page in &site.pages {
        let top_level =
            page.kind == PageKind::Page && !page.path.trim_end_matches('/').contains('/');
        if top_level && !in_menu(page) && !linked.contains(&page.source) {
            diagnostics.push(
                Diagnostic::warning(Location::file(&page.source), "no page links to this page")
                    .help("link to it from another page, such as the home page (content/_index.md), or add it to [[menu]] in site.toml"),
            );
        }
    }
    for chapter in &site.chapters {
        if chapter.gaps.is_empty() && chapter.options.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    Location::file(&chapter.source),
                    "this chapter lists no gaps and no options",
                )
                .help("add `gaps:` and `options:` lists so the chapter appears in the phase and synthesis pages"),
            );
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum BodyOwner {
    Report(usize),
    /// A chapter, with how many of the body's statements are gaps (the rest are options).
    Chapter(usize, usize),
    Page(usize),
    Resource(usize),
}

/// A Markdown body waiting to be rendered.
struct Body {
    owner: BodyOwner,
    file: Arc<SourceFile>,
    body_offset: usize,
    body_line: usize,
    is_draft: bool,
    statements: Vec<markdown::Statement>,
}

impl Body {
    fn of<T>(parsed: &Parsed<T>, owner: BodyOwner, is_draft: bool) -> Body {
        Body {
            owner,
            file: parsed.file.clone(),
            body_offset: parsed.body_offset,
            body_line: parsed.body_line,
            is_draft,
            statements: Vec::new(),
        }
    }

    /// A chapter's body, with its gaps and options to render beside it.
    fn of_chapter(parsed: &Parsed<ChapterMeta>, index: usize, is_draft: bool) -> Body {
        let meta = &parsed.meta;
        Body {
            statements: meta.gaps.iter().chain(&meta.options).cloned().collect(),
            ..Body::of(parsed, BodyOwner::Chapter(index, meta.gaps.len()), is_draft)
        }
    }
}

/// Render a file's body and its statements (a chapter's gaps, then its options) against the
/// link table: the one path from a file's Markdown to its HTML, for a load and for the watch
/// server's re-read of one chapter.
fn render_file(
    context: &SourceContext<'_>,
    statements: &[markdown::Statement],
    options: &crate::config::MarkdownOptions,
    resolver: &dyn markdown::LinkResolver,
) -> markdown::Output {
    let mut output = markdown::render(context, options, resolver);
    output.add_statements(context, statements, options, resolver);
    output
}

/// A chapter's rendered statements, split back into its gaps and its options.
fn gaps_and_options(output: &markdown::Output, gap_count: usize) -> (Vec<Html>, Vec<Html>) {
    let (gaps, options) = output
        .statements
        .split_at(gap_count.min(output.statements.len()));
    (gaps.to_vec(), options.to_vec())
}

/// `content/_index.md` is the home page, `content/x/_index.md` the section `x/`, and
/// `content/x/y.md` the page `x/y/`.
fn page_kind_and_path(rel: &Path) -> (PageKind, String) {
    let inside = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let is_index = inside.file_name().is_some_and(|n| n == INDEX_FILE);
    let dir = tree::url_path(inside.parent().unwrap_or(Path::new("")));
    if is_index {
        let path = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let kind = match dir.as_str() {
            "" => PageKind::Home,
            "synthesis" => PageKind::SynthesisIntro,
            _ => PageKind::Section,
        };
        return (kind, path);
    }
    let stem = inside
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = if dir.is_empty() {
        format!("{stem}/")
    } else {
        format!("{dir}/{stem}/")
    };
    (PageKind::Page, path)
}

/// The sections the generator writes itself, which no content page may take.
pub fn generated_sections(config: &Config) -> Vec<(String, &'static str)> {
    let mut sections = vec![
        ("hubs/".to_owned(), "the list of hubs"),
        ("phases/".to_owned(), "the list of phases"),
        ("synthesis/".to_owned(), "the synthesis view"),
        ("search/".to_owned(), "the search page"),
        ("resources/".to_owned(), "the resource library"),
    ];
    for kind in &config.resource_types {
        sections.push((
            format!("resources/types/{}/", kind.id),
            "a resource type's page",
        ));
    }
    for phase in &config.phases {
        sections.push((format!("phases/{}/", phase.id), "a phase page"));
    }
    for taxonomy in &config.taxonomies {
        sections.push((format!("{}/", taxonomy.id), "a taxonomy page"));
    }
    sections
}

/// Which source claimed each URL, to report two files that would overwrite each other, and an
/// alias that would take the address of a page, a file or another alias.
#[derive(Default)]
struct UrlClaims {
    claims: BTreeMap<String, Vec<Claim>>,
    /// Copied files by output path: an alias `x.pdf/` would need a folder where the file is.
    files: BTreeMap<String, PathBuf>,
}

/// One claim on a URL: a page's own address, or an alias written at a line of its file.
struct Claim {
    source: PathBuf,
    alias: Option<Alias>,
}

impl UrlClaims {
    fn contains(&self, path: &str) -> bool {
        self.claims.contains_key(path)
    }

    fn claim(&mut self, path: &str, source: &Path) {
        self.claims.entry(path.to_owned()).or_default().push(Claim {
            source: source.to_path_buf(),
            alias: None,
        });
    }

    fn claim_alias(&mut self, alias: &Alias, source: &Path) {
        self.claims
            .entry(alias.path.clone())
            .or_default()
            .push(Claim {
                source: source.to_path_buf(),
                alias: Some(alias.clone()),
            });
    }

    fn claim_file(&mut self, path: &str, source: &Path) {
        self.files.insert(path.to_owned(), source.to_path_buf());
    }

    fn report(&self, diagnostics: &mut Diagnostics) {
        for (path, claims) in &self.claims {
            if let Some(file) = self.files.get(path.trim_end_matches('/')) {
                for claim in claims.iter().filter(|c| c.alias.is_some()) {
                    diagnostics.push(alias_taken(
                        path,
                        claim,
                        &format!("the file {}", display_path(file)),
                    ));
                }
            }
            if claims.len() < 2 {
                continue;
            }
            for (i, claim) in claims.iter().enumerate() {
                let others: Vec<&Claim> = claims
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, c)| c)
                    .collect();
                if claim.alias.is_some() {
                    let what: Vec<String> = others.iter().map(|c| describe_claim(c)).collect();
                    diagnostics.push(alias_taken(path, claim, &what.join(", ")));
                    continue;
                }
                // A page whose address an alias takes hears it from the alias's line.
                if claim.source == Path::new(crate::config::CONFIG_FILE)
                    || others.iter().all(|c| c.alias.is_some())
                {
                    continue;
                }
                let names: Vec<String> = others
                    .iter()
                    .filter(|c| c.alias.is_none() && c.source != claim.source)
                    .map(|c| match display_path(&c.source) {
                        name if name == crate::config::CONFIG_FILE => {
                            "a page praxis generates".to_owned()
                        }
                        name => name,
                    })
                    .collect();
                if names.is_empty() {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(&claim.source),
                        format!("two files would produce the same URL /{path}"),
                    )
                    .label(format!("also produced by {}", names.join(", ")))
                    .help("rename one of them (chapter URLs drop the number prefix: `01-risk.md` and `02-risk.md` collide)"),
                );
            }
        }
    }
}

fn describe_claim(claim: &Claim) -> String {
    let name = display_path(&claim.source);
    match (&claim.alias, name.as_str()) {
        (Some(_), _) => format!("an alias in {name}"),
        (None, crate::config::CONFIG_FILE) => "a page praxis generates".to_owned(),
        (None, _) => format!("the page of {name}"),
    }
}

/// An alias whose address is already taken, on the alias's own line.
fn alias_taken(path: &str, claim: &Claim, by: &str) -> Diagnostic {
    let alias = claim
        .alias
        .as_ref()
        .expect("only aliases are reported here");
    Diagnostic::error(
        Location::at(&claim.source, alias.line, alias.column, path.len()),
        format!("the alias /{path} is already taken"),
    )
    .label(format!("also claimed by {by}"))
    .help("an alias must be an address no page, file or other alias uses: remove it, or remove the other claim")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_prefixes_order_chapters_and_leave_the_url() {
        assert_eq!(split_order_prefix("03-award"), (Some(3), "award"));
        assert_eq!(split_order_prefix("award"), (None, "award"));
        assert_eq!(split_order_prefix("2026-review"), (Some(2026), "review"));
    }

    #[test]
    fn content_paths() {
        assert_eq!(
            page_kind_and_path(Path::new("content/_index.md")),
            (PageKind::Home, String::new())
        );
        assert_eq!(
            page_kind_and_path(Path::new("content/about.md")),
            (PageKind::Page, "about/".to_owned())
        );
        assert_eq!(
            page_kind_and_path(Path::new("content/news/_index.md")),
            (PageKind::Section, "news/".to_owned())
        );
        assert_eq!(
            page_kind_and_path(Path::new("content/synthesis/_index.md")),
            (PageKind::SynthesisIntro, "synthesis/".to_owned())
        );
    }
}
