//! Rendering: the list of pages a site produces, what each depends on, and the template
//! context each is rendered with.
//!
//! Every output page is a [`PageSpec`]. Building the site renders every spec; the watch server
//! renders only the specs whose recorded inputs changed ([`deps`]: every view notes what it
//! reads). Both go through the same [`Renderer`], so a narrow rebuild is the same code path
//! as a full one.
//! Templates are minijinja files in the theme, compiled once; this module only feeds them data.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use minijinja::value::{Object, ObjectRepr};
use minijinja::{Environment, UndefinedBehavior, Value, context};
use serde::Serialize;

pub mod deps;
mod resources;
mod survey;

use crate::cite;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::html::Html;
use crate::markdown::Rendered;
use crate::model::{Date, PageKind, Site, Status, TermId};
use deps::Input;

/// One page of the output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageSpec {
    Home,
    Hubs,
    Hub(usize),
    Report(usize),
    /// A report with every chapter on one page, for printing or saving as PDF.
    ReportPrint(usize),
    Chapter(usize),
    Phases,
    Phase(usize),
    Synthesis,
    Taxonomy(usize),
    Term(usize, TermId),
    /// A page or section from `content/` (not the home page or the synthesis introduction).
    Content(usize),
    Search,
    /// The resource library, every item grouped by type, with filters.
    Resources,
    /// One resource type's items (`resources/types/<id>/`), reachable without JavaScript.
    ResourceType(usize),
    Resource(usize),
    /// The survey: its introduction and the matrix of jurisdictions by questions.
    Survey,
    /// One jurisdiction's answers (`survey/<id>/`).
    SurveyJurisdiction(usize),
    /// One question across jurisdictions (`survey/questions/<id>/`).
    SurveyQuestion(usize),
    NotFound,
}

impl PageSpec {
    /// Every page of the site, in a stable order.
    pub fn all(site: &Site) -> Vec<PageSpec> {
        let mut specs = vec![PageSpec::Home, PageSpec::Hubs];
        specs.extend((0..site.hubs.len()).map(PageSpec::Hub));
        specs.extend((0..site.reports.len()).map(PageSpec::Report));
        specs.extend((0..site.reports.len()).map(PageSpec::ReportPrint));
        specs.extend((0..site.chapters.len()).map(PageSpec::Chapter));
        specs.push(PageSpec::Phases);
        specs.extend((0..site.config.phases.len()).map(PageSpec::Phase));
        specs.push(PageSpec::Synthesis);
        for (t, taxonomy) in site.config.taxonomies.iter().enumerate() {
            specs.push(PageSpec::Taxonomy(t));
            specs.extend(
                terms_in_use(site, &taxonomy.id)
                    .into_keys()
                    .map(|term| PageSpec::Term(t, term)),
            );
        }
        specs.extend(
            site.pages
                .iter()
                .enumerate()
                .filter(|(_, p)| matches!(p.kind, PageKind::Page | PageKind::Section))
                .map(|(i, _)| PageSpec::Content(i)),
        );
        specs.push(PageSpec::Search);
        if !site.resources.is_empty() || !site.config.resource_types.is_empty() {
            specs.push(PageSpec::Resources);
            specs.extend((0..site.config.resource_types.len()).map(PageSpec::ResourceType));
        }
        specs.extend((0..site.resources.len()).map(PageSpec::Resource));
        if let Some(survey) = &site.survey {
            specs.push(PageSpec::Survey);
            specs.extend((0..survey.jurisdictions.len()).map(PageSpec::SurveyJurisdiction));
            specs.extend((0..survey.questions.len()).map(PageSpec::SurveyQuestion));
        }
        specs.push(PageSpec::NotFound);
        specs
    }

    /// The output path relative to the output folder (`hubs/apparel/index.html`).
    pub fn output_path(&self, site: &Site) -> String {
        let dir = match self {
            PageSpec::Home => String::new(),
            PageSpec::Hubs => "hubs/".into(),
            PageSpec::Hub(i) => site.hubs[*i].path.clone(),
            PageSpec::Report(i) => site.reports[*i].path.clone(),
            PageSpec::ReportPrint(i) => format!("{}print/", site.reports[*i].path),
            PageSpec::Chapter(i) => site.chapters[*i].path.clone(),
            PageSpec::Phases => "phases/".into(),
            PageSpec::Phase(i) => format!("phases/{}/", site.config.phases[*i].id),
            PageSpec::Synthesis => "synthesis/".into(),
            PageSpec::Taxonomy(t) => format!("{}/", site.config.taxonomies[*t].id),
            PageSpec::Term(t, term) => format!("{}/{term}/", site.config.taxonomies[*t].id),
            PageSpec::Content(i) => site.pages[*i].path.clone(),
            PageSpec::Search => "search/".into(),
            PageSpec::Resources => "resources/".into(),
            PageSpec::ResourceType(t) => {
                format!("resources/types/{}/", site.config.resource_types[*t].id)
            }
            PageSpec::Resource(i) => site.resources[*i].path.clone(),
            PageSpec::Survey => "survey/".into(),
            PageSpec::SurveyJurisdiction(j) => site
                .survey
                .as_ref()
                .map_or_else(String::new, |s| s.jurisdictions[*j].path.clone()),
            PageSpec::SurveyQuestion(q) => site.survey.as_ref().map_or_else(String::new, |s| {
                format!("survey/questions/{}/", s.questions[*q].id)
            }),
            PageSpec::NotFound => return "404.html".into(),
        };
        format!("{dir}index.html")
    }

    /// The URL path (relative to the base) for sitemaps; `None` for pages not to be listed.
    pub fn url_path(&self, site: &Site) -> Option<String> {
        match self {
            PageSpec::NotFound => None,
            _ => Some(
                self.output_path(site)
                    .trim_end_matches("index.html")
                    .to_owned(),
            ),
        }
    }

    pub fn template(&self) -> &'static str {
        match self {
            PageSpec::Home => "home.html",
            PageSpec::Hubs => "hubs.html",
            PageSpec::Hub(_) => "hub.html",
            PageSpec::Report(_) => "report.html",
            PageSpec::ReportPrint(_) => "print.html",
            PageSpec::Chapter(_) => "chapter.html",
            PageSpec::Phases => "phases.html",
            PageSpec::Phase(_) => "phase.html",
            PageSpec::Synthesis => "synthesis.html",
            PageSpec::Taxonomy(_) => "taxonomy.html",
            PageSpec::Term(..) => "term.html",
            PageSpec::Content(_) => "page.html",
            PageSpec::Search => "search.html",
            PageSpec::Resources => "resources.html",
            PageSpec::ResourceType(_) => "resource_type.html",
            PageSpec::Resource(_) => "resource.html",
            PageSpec::Survey => "survey.html",
            PageSpec::SurveyJurisdiction(_) => "survey_jurisdiction.html",
            PageSpec::SurveyQuestion(_) => "survey_question.html",
            PageSpec::NotFound => "404.html",
        }
    }
}

/// How many chapters of each other hub a chapter page links to for its phase.
const ELSEWHERE_LIMIT: usize = 3;

/// The chapters carrying each term of a taxonomy, by term.
fn terms_in_use(site: &Site, taxonomy: &str) -> BTreeMap<TermId, Vec<usize>> {
    let mut terms: BTreeMap<TermId, Vec<usize>> = BTreeMap::new();
    for (i, chapter) in site.chapters.iter().enumerate() {
        for term in chapter.terms.get(taxonomy).into_iter().flatten() {
            terms.entry(term.clone()).or_default().push(i);
        }
    }
    terms
}

pub fn term_title(config: &Config, taxonomy: &str, term: &TermId) -> String {
    match config.taxonomy(taxonomy) {
        Some(taxonomy) => taxonomy.term_title(term),
        None => crate::config::title_from_id(term.as_str()),
    }
}

/// The compiled templates of a theme.
pub struct Renderer {
    env: Environment<'static>,
    /// Each template's file, by name, for locating errors (an override is its site file).
    files: std::collections::HashMap<String, std::path::PathBuf>,
    /// A hash of each template's text, by name: the fingerprint of [`Input::Template`].
    hashes: std::collections::HashMap<String, u64>,
    /// The templates each template loads, itself included, by name.
    loads: std::collections::HashMap<String, BTreeSet<String>>,
}

impl Renderer {
    /// Compile every template of `theme` (see [`crate::theme::Theme::load`]).
    pub fn load(root: &Path, theme: &crate::theme::Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Author HTML reaches a page only as `Html` (see `TrustedHtml`); a theme cannot mark
        // a plain string as safe.
        env.remove_filter("safe");
        // minijinja's default escaping also turns `/` into `&#x2f;`, which makes every URL
        // in the output unreadable; escape only what HTML requires.
        env.set_formatter(|out, state, value| {
            if let Some(html) = value.downcast_object_ref::<TrustedHtml>() {
                return out.write_str(html.as_str()).map_err(minijinja::Error::from);
            }
            if *state.auto_escape() == minijinja::AutoEscape::Html
                && !value.is_safe()
                && let Some(text) = value.as_str()
            {
                return crate::markdown::write_escaped_html(out, text)
                    .map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        let mut errors = Vec::new();
        let mut files = std::collections::HashMap::new();
        let mut hashes = std::collections::HashMap::new();
        let mut direct = std::collections::HashMap::new();
        for template in &theme.templates {
            let rel = template.display_path("templates");
            let text = match &template.origin {
                crate::theme::Origin::BuiltIn(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                crate::theme::Origin::Site(path) => {
                    match std::fs::read_to_string(root.join(path)) {
                        Ok(text) => text,
                        Err(err) => {
                            errors.push(Diagnostic::error(
                                Location::file(&rel),
                                format!("cannot read template: {err}"),
                            ));
                            continue;
                        }
                    }
                }
            };
            if let Err(err) = env.add_template_owned(template.name.clone(), text.clone()) {
                errors.push(template_error(&rel, &text, &err));
            }
            hashes.insert(template.name.clone(), text_hash(&text));
            direct.insert(template.name.clone(), deps::loaded_by(&text));
            files.insert(template.name.clone(), rel);
        }
        let loads = direct
            .keys()
            .map(|name| (name.clone(), loaded_closure(name, &direct)))
            .collect();
        if errors.is_empty() {
            Ok(Renderer {
                env,
                files,
                hashes,
                loads,
            })
        } else {
            Err(errors)
        }
    }

    /// A link into the site that leads nowhere, located where it is most likely written:
    /// the `[[menu]]` entry that makes it, else the template whose text holds its path.
    fn broken_link(&self, site: &Site, template: &str, url: &str, page: &str) -> Diagnostic {
        let message = format!(
            "broken link: pages such as {page} link to `{url}`, which is not a page or file of this site"
        );
        if let Some(entry) = site.menu.iter().position(|m| m.url == url)
            && let Some(written) = site.config.menu.as_ref().and_then(|menu| menu.get(entry))
        {
            let mut d = Diagnostic::error(written.location.clone(), message)
                .help("link the menu entry to a page the site has");
            d.source_line = written.source_line.clone();
            return d;
        }
        let path = url
            .strip_prefix(&site.config.base_path)
            .unwrap_or(url)
            .split(['#', '?'])
            .next()
            .unwrap_or("");
        let mut names: Vec<&str> = vec![template];
        names.extend(
            self.files
                .keys()
                .map(String::as_str)
                .filter(|n| *n != template),
        );
        for name in names {
            let Some(source) = self
                .env
                .get_template(name)
                .ok()
                .map(|t| t.source().to_owned())
            else {
                continue;
            };
            if path.is_empty() {
                break;
            }
            if let Some(offset) = source.find(path) {
                let location =
                    Location::of_offset(self.template_file(name), &source, offset, path.len(), 1);
                return Diagnostic::error(location, message)
                    .with_source(&source)
                    .help(match self.files.get(name) {
                        Some(file) if !file.starts_with("(built-in theme)") => {
                            "link to a page the site has".to_owned()
                        }
                        _ => format!("the theme links to a page this site does not have: add the page, or override the template with your own templates/{name}"),
                    });
            }
        }
        Diagnostic::error(Location::file(self.template_file(template)), message).help(format!(
            "a link written by `{template}` (or the templates it uses) leads nowhere: link to a page the site has, or override the template with your own templates/{template}"
        ))
    }

    /// The file a template came from, as diagnostics name it.
    pub fn template_file(&self, name: &str) -> std::path::PathBuf {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| Path::new("templates").join(name))
    }

    /// Render `specs` in parallel, handing each page's HTML to `page` (which may write it
    /// away at once); every error of every page is collected, and every link a page carries
    /// into the site is checked ([`crate::page_links`]).
    pub fn render_each<T: Send>(
        &self,
        site: &Site,
        specs: &[PageSpec],
        page: impl Fn(&PageSpec, String) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, crate::diagnostics::Diagnostics> {
        self.render_pass(site, specs, false, |spec, html, _| page(spec, html))
    }

    /// [`Renderer::render_each`], also handing over what each page's render read (see
    /// [`deps`]), for a build that keeps its dependency graph.
    pub fn render_each_recorded<T: Send>(
        &self,
        site: &Site,
        specs: &[PageSpec],
        page: impl Fn(&PageSpec, String, BTreeSet<Input>) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, crate::diagnostics::Diagnostics> {
        self.render_pass(site, specs, true, page)
    }

    fn render_pass<T: Send>(
        &self,
        site: &Site,
        specs: &[PageSpec],
        record: bool,
        page: impl Fn(&PageSpec, String, BTreeSet<Input>) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, crate::diagnostics::Diagnostics> {
        use rayon::prelude::*;
        let views = Views::new(site);
        let known = crate::page_links::KnownPaths::of(site);
        // Each broken URL once, with the template and one page that showed it.
        let broken = std::sync::Mutex::new(BTreeMap::<String, (&'static str, String)>::new());
        let results: Vec<Result<T, Diagnostic>> = specs
            .par_iter()
            .map(|spec| {
                let (html, inputs) = if record {
                    self.render_recorded(&views, spec)?
                } else {
                    (self.render_with(&views, spec)?, BTreeSet::new())
                };
                for url in known.broken(&html) {
                    broken
                        .lock()
                        .expect("not poisoned")
                        .entry(url)
                        .or_insert_with(|| {
                            let page = spec.url_path(site).map(|p| site.config.url(&p));
                            (
                                spec.template(),
                                page.unwrap_or_else(|| spec.output_path(site)),
                            )
                        });
                }
                page(spec, html, inputs)
            })
            .collect();
        let mut errors = crate::diagnostics::Diagnostics::default();
        for (url, (template, page)) in broken.into_inner().expect("not poisoned") {
            errors.push(self.broken_link(site, template, &url, &page));
        }
        let mut pages = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(value) => pages.push(value),
                Err(d) => errors.push(d),
            }
        }
        if errors.has_errors() {
            Err(errors)
        } else {
            Ok(pages)
        }
    }

    /// Render one page to HTML.
    pub fn render(&self, site: &Site, spec: &PageSpec) -> Result<String, Diagnostic> {
        self.render_with(&Views::new(site), spec)
    }

    /// The hash of a template's text, by name.
    pub fn template_hash(&self, name: &str) -> Option<u64> {
        self.hashes.get(name).copied()
    }

    /// One page's HTML and what its render read.
    fn render_recorded(
        &self,
        views: &Views,
        spec: &PageSpec,
    ) -> Result<(String, BTreeSet<Input>), Diagnostic> {
        let recording = deps::Recording::start();
        for name in self.loads.get(spec.template()).into_iter().flatten() {
            deps::read(|| Input::Template(name.clone()));
        }
        let html = self.render_with(views, spec)?;
        Ok((html, recording.finish()))
    }

    fn render_with(&self, views: &Views, spec: &PageSpec) -> Result<String, Diagnostic> {
        let site = views.site;
        let ctx = page_context(views, spec);
        let template = self
            .env
            .get_template(spec.template())
            .map_err(|err| Diagnostic::error(Location::default(), err.to_string()))?;
        template.render(ctx).map_err(|err| {
            let mut message = format!("while rendering {}: {err}", spec.output_path(site));
            let mut source = std::error::Error::source(&err);
            while let Some(inner) = source {
                message.push_str(&format!(": {inner}"));
                source = inner.source();
            }
            let file = self.template_file(err.name().unwrap_or(spec.template()));
            let location = match err.line() {
                Some(line) => Location::at(file, line, 1, 1),
                None => Location::file(file),
            };
            Diagnostic::error(location, message)
        })
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// `name` and every template it loads, directly or through another.
fn loaded_closure(
    name: &str,
    direct: &std::collections::HashMap<String, Vec<String>>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_owned()];
    while let Some(next) = todo.pop() {
        if seen.insert(next.clone()) {
            todo.extend(direct.get(&next).into_iter().flatten().cloned());
        }
    }
    seen
}

fn template_error(rel: &Path, text: &str, err: &minijinja::Error) -> Diagnostic {
    let location = match err.line() {
        Some(line) => Location::at(rel, line, 1, 1),
        None => Location::file(rel),
    };
    Diagnostic::error(
        location,
        format!(
            "template error: {}",
            err.detail().unwrap_or(&err.to_string())
        ),
    )
    .with_source(text)
}

// ----- Views: plain data handed to templates. -----

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct PhaseView {
    id: String,
    title: String,
    summary: String,
    url: String,
}

#[derive(Serialize)]
struct HubView {
    id: String,
    title: String,
    lead: String,
    summary: String,
    website: Option<String>,
    url: String,
}

#[derive(Serialize)]
struct ReportView {
    title: String,
    summary: String,
    url: String,
    hub: String,
    authors: Vec<String>,
    published: Option<String>,
    published_human: Option<String>,
    status: Status,
    chapter_count: usize,
}

#[derive(Serialize)]
struct ChapterView {
    title: String,
    url: String,
    summary: String,
    status: Status,
    hub: String,
    hub_title: String,
    hub_url: String,
    report_title: String,
    report_url: String,
    phase: String,
    phase_title: String,
    phase_url: String,
    updated: Option<String>,
    updated_human: Option<String>,
    gaps: Vec<Value>,
    options: Vec<Value>,
}

#[derive(Serialize)]
struct TaxonomyTerms {
    id: String,
    title: String,
    url: String,
    terms: Vec<TermView>,
}

#[derive(Serialize)]
struct TermView {
    id: String,
    title: String,
    url: String,
    count: usize,
}

/// An [`Html`] as a template value: the formatter writes it as it is, and it is the only
/// value written unescaped (the `safe` filter is removed). A body is shared with the site,
/// not copied, since bodies are most of the bytes a build writes.
#[derive(Debug)]
enum TrustedHtml {
    Body(Arc<Rendered>),
    Owned(Html),
}

impl TrustedHtml {
    fn as_str(&self) -> &str {
        match self {
            TrustedHtml::Body(rendered) => rendered.html.as_str(),
            TrustedHtml::Owned(html) => html.as_str(),
        }
    }
}

/// Each statement as a value templates print unescaped.
fn statements(list: &[Html]) -> Vec<Value> {
    list.iter()
        .map(|html| Value::from_object(TrustedHtml::Owned(html.clone())))
        .collect()
}

impl Object for TrustedHtml {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.as_str().is_empty()
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A body for templates; `input` names it for the dependency graph.
pub(crate) fn body(rendered: &Arc<Rendered>, input: impl FnOnce() -> Input) -> Value {
    deps::read(input);
    context! {
        html => Value::from_object(TrustedHtml::Body(rendered.clone())),
        toc => v(&rendered.toc),
    }
}

/// Template data from any serialisable view.
pub(crate) fn v<T: Serialize>(view: T) -> Value {
    Value::from(minijinja::value::Serde(view))
}

pub(crate) fn phase_view(site: &Site, index: usize) -> Value {
    let phase = &site.config.phases[index];
    v(PhaseView {
        id: phase.id.to_string(),
        title: phase.title.clone(),
        summary: phase.summary.clone(),
        url: site.config.url(&format!("phases/{}/", phase.id)),
    })
}

pub(crate) fn hub_view(site: &Site, index: usize) -> Value {
    let hub = &site.hubs[index];
    v(HubView {
        id: hub.id.clone(),
        title: hub.title.clone(),
        lead: hub.lead.clone(),
        summary: hub.summary.clone(),
        website: hub.website.clone(),
        url: site.config.url(&hub.path),
    })
}

fn report_view(site: &Site, index: usize) -> Value {
    let report = &site.reports[index];
    deps::read(|| Input::Report(report.source.clone()));
    v(ReportView {
        title: report.title.clone(),
        summary: report.summary.clone(),
        url: site.config.url(&report.path),
        hub: site.hubs[report.hub].id.clone(),
        authors: report.authors.clone(),
        published: report.published.map(|d| d.to_string()),
        published_human: report.published.map(|d| d.human()),
        status: report.status,
        chapter_count: site.report_chapters(index).count(),
    })
}

/// Template views of the site's chapters, each built once per rendering pass however many
/// pages show it: a chapter is listed on its hub, report, phase, term and synthesis pages and
/// beside chapters of other hubs, and a minijinja value is shared, not copied, when cloned.
pub(crate) struct Views<'a> {
    pub(crate) site: &'a Site,
    chapters: Vec<OnceLock<Value>>,
}

impl<'a> Views<'a> {
    fn new(site: &'a Site) -> Views<'a> {
        Views {
            site,
            chapters: site.chapters.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    pub(crate) fn chapter(&self, index: usize) -> Value {
        deps::read(|| Input::Chapter(self.site.chapters[index].source.clone()));
        self.listed(index)
    }

    /// A chapter's view in a list whose input (`ChaptersOfPhase`, `ChaptersOfReport`...) the
    /// page has read: that input's fingerprint covers every listed chapter's card, so a list
    /// of 1,700 chapters is one input, not 1,700.
    pub(crate) fn listed(&self, index: usize) -> Value {
        self.chapters[index]
            .get_or_init(|| chapter_view(self.site, index))
            .clone()
    }
}

fn chapter_view(site: &Site, index: usize) -> Value {
    let chapter = &site.chapters[index];
    let hub = &site.hubs[chapter.hub];
    let report = &site.reports[chapter.report];
    let phase = site
        .config
        .phase(chapter.phase.as_str())
        .expect("loading only accepts phases from site.toml");
    v(ChapterView {
        title: chapter.title.clone(),
        url: site.config.url(&chapter.path),
        summary: chapter.summary.clone(),
        status: chapter.status,
        hub: hub.id.clone(),
        hub_title: hub.title.clone(),
        hub_url: site.config.url(&hub.path),
        report_title: report.title.clone(),
        report_url: site.config.url(&report.path),
        phase: phase.id.to_string(),
        phase_title: phase.title.clone(),
        phase_url: site.config.url(&format!("phases/{}/", phase.id)),
        updated: chapter.updated.map(|d| d.to_string()),
        updated_human: chapter.updated.map(|d| d.human()),
        gaps: statements(&chapter.gaps),
        options: statements(&chapter.options),
    })
}

/// Chapters grouped by phase, in the order of the cycle, leaving out empty phases.
fn by_phase(views: &Views, chapters: impl Iterator<Item = usize>) -> Vec<Value> {
    let site = views.site;
    let mut groups: Vec<Vec<Value>> = site.config.phases.iter().map(|_| Vec::new()).collect();
    for i in chapters {
        let phase = &site.chapters[i].phase;
        if let Some(p) = site.config.phases.iter().position(|ph| &ph.id == phase) {
            groups[p].push(views.listed(i));
        }
    }
    groups
        .into_iter()
        .enumerate()
        .filter(|(_, g)| !g.is_empty())
        .map(|(p, chapters)| context! { phase => phase_view(site, p), chapters => chapters })
        .collect()
}

/// Chapters grouped by hub, in hub order, leaving out hubs with none.
fn by_hub(views: &Views, chapters: &[usize]) -> Vec<Value> {
    let site = views.site;
    (0..site.hubs.len())
        .filter_map(|h| {
            let list: Vec<Value> = chapters
                .iter()
                .filter(|&&c| site.chapters[c].hub == h)
                .map(|&c| views.listed(c))
                .collect();
            (!list.is_empty()).then(|| context! { hub => hub_view(site, h), chapters => list })
        })
        .collect()
}

fn taxonomy_terms(site: &Site, t: usize) -> TaxonomyTerms {
    let taxonomy = &site.config.taxonomies[t];
    let in_use = terms_in_use(site, &taxonomy.id);
    // A closed vocabulary is listed in its own order; an open one alphabetically.
    let ordered: Vec<TermId> = match &taxonomy.terms {
        Some(terms) => terms
            .iter()
            .map(|t| t.id.clone())
            .filter(|id| in_use.contains_key(id))
            .collect(),
        None => in_use.keys().cloned().collect(),
    };
    TaxonomyTerms {
        id: taxonomy.id.clone(),
        title: taxonomy.title.clone(),
        url: site.config.url(&format!("{}/", taxonomy.id)),
        terms: ordered
            .into_iter()
            .map(|term| TermView {
                title: term_title(&site.config, &taxonomy.id, &term),
                url: site.config.url(&format!("{}/{term}/", taxonomy.id)),
                count: in_use[&term].len(),
                id: term.to_string(),
            })
            .collect(),
    }
}

/// Recent updates for the home page: chapters by date updated, then news by date.
fn recent(site: &Site) -> Vec<Value> {
    let mut items: Vec<(String, String, String, String)> = site
        .chapters
        .iter()
        .filter_map(|c| {
            c.updated.map(|d| {
                (
                    d.to_string(),
                    d.human(),
                    c.title.clone(),
                    site.config.url(&c.path),
                )
            })
        })
        .chain(
            site.pages
                .iter()
                .filter(|p| p.kind == PageKind::Page)
                .filter_map(|p| {
                    p.date.map(|d| {
                        (
                            d.to_string(),
                            d.human(),
                            p.title.clone(),
                            site.config.url(&p.path),
                        )
                    })
                }),
        )
        .collect();
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    items
        .into_iter()
        .take(8)
        .map(|(date, human, title, url)| context! { date, date_human => human, title, url })
        .collect()
}

/// The "Edit this page" and history links of a page built from `source`, when `site.toml`
/// names the repository.
pub(crate) fn source_links(config: &Config, source: &Path) -> Option<Value> {
    let links = config.source_links.as_ref()?;
    Some(context! {
        edit => links.edit(source),
        history => links.history(source),
    })
}

pub(crate) fn crumbs(site: &Site, trail: &[(&str, &str)]) -> Value {
    let mut links = vec![Link {
        title: "Home".into(),
        url: site.config.url(""),
    }];
    links.extend(trail.iter().map(|(title, path)| Link {
        title: (*title).to_owned(),
        url: site.config.url(path),
    }));
    v(links)
}

/// The context of one page: what every page has, plus the page's own data.
fn page_context(views: &Views, spec: &PageSpec) -> Value {
    let site = views.site;
    let config = &site.config;
    // Every page shows the settings, the menu and the list of hubs.
    deps::read(|| Input::Config);
    deps::read(|| Input::Hubs);
    let url_path = spec.url_path(site).unwrap_or_default();
    let common = context! {
        site => context! {
            title => &config.title,
            description => &config.description,
            base_url => &config.base_url,
            base_path => &config.base_path,
            language => &config.language,
            drafts => site.drafts,
        },
        nav => context! {
            hubs => (0..site.hubs.len()).map(|h| hub_view(site, h)).collect::<Vec<_>>(),
            phases => (0..config.phases.len()).map(|p| phase_view(site, p)).collect::<Vec<_>>(),
            taxonomies => v(config.taxonomies.iter().map(|t| Link { title: t.title.clone(), url: config.url(&format!("{}/", t.id)) }).collect::<Vec<_>>()),
            menu => v(&site.menu),
        },
        stylesheets => config.stylesheets.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
        url => config.url(&url_path),
        canonical => config.absolute_url(&url_path),
        static_url => config.url("static/"),
    };
    let own = match spec {
        PageSpec::Home => {
            let home = site.page_of_kind(PageKind::Home);
            // The recent list and the news read every chapter's and page's card.
            deps::read(|| Input::Pages);
            deps::read(|| Input::AllChapters);
            context! {
                kind => "home",
                title => config.title.clone(),
                description => home.map_or(config.description.clone(), |h| h.summary.clone()),
                language => home.map_or(config.language.as_str(), |h| h.language.as_str()),
                intro => home.map(|h| body(&h.body, || Input::Page(h.source.clone()))),
                has_code => home.is_some_and(|h| h.body.has_code),
                hubs => (0..site.hubs.len()).map(|h| hub_view(site, h)).collect::<Vec<_>>(),
                phases => (0..config.phases.len()).map(|p| phase_view(site, p)).collect::<Vec<_>>(),
                recent => recent(site),
                news => news_posts(site).into_iter().take(3).map(|p| context! {
                    title => &p.title,
                    summary => &p.summary,
                    url => config.url(&p.path),
                    date => p.date.map(|d| d.to_string()),
                    date_human => p.date.map(|d| d.human()),
                }).collect::<Vec<_>>(),
                feed_url => config.url("atom.xml"),
                news_url => news_section(site).map(|s| config.url(&s.path)),
            }
        }
        PageSpec::Hubs => {
            for hub in &site.hubs {
                deps::read(|| Input::ReportsOfHub(hub.id.clone()));
            }
            context! {
            kind => "hubs",
            title => "Hubs",
            description => "The hubs of this site and the organisations that lead them.",
            language => &config.language,
            breadcrumbs => crumbs(site, &[]),
            hubs => (0..site.hubs.len()).map(|h| context! {
                hub => hub_view(site, h),
                reports => site.hub_reports(h).map(|(r, _)| report_view(site, r)).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
            }
        }
        PageSpec::Hub(h) => {
            let hub = &site.hubs[*h];
            deps::read(|| Input::ReportsOfHub(hub.id.clone()));
            deps::read(|| Input::ChaptersOfHub(hub.id.clone()));
            context! {
                kind => "hub",
                title => &hub.title,
                description => &hub.summary,
                language => &config.language,
                breadcrumbs => crumbs(site, &[("Hubs", "hubs/")]),
                hub => hub_view(site, *h),
                feed => context! {
                    url => config.url(&format!("{}atom.xml", hub.path)),
                    title => format!("{}: {}", config.title, hub.title),
                },
                reports => site.hub_reports(*h).map(|(r, _)| report_view(site, r)).collect::<Vec<_>>(),
                phases => by_phase(views, site.hub_chapters(*h).map(|(i, _)| i)),
            }
        }
        PageSpec::Report(r) => {
            let report = &site.reports[*r];
            deps::read(|| Input::Report(report.source.clone()));
            deps::read(|| Input::ChaptersOfReport(report.source.clone()));
            let citation = cite::for_report(site, *r);
            let hub = &site.hubs[report.hub];
            context! {
                kind => "report",
                title => &report.title,
                description => &report.summary,
                language => &report.language,
                has_code => report.body.has_code,
                status => v(report.status),
                breadcrumbs => crumbs(site, &[("Hubs", "hubs/"), (&hub.title, &hub.path)]),
                hub => hub_view(site, report.hub),
                report => report_view(site, *r),
                body => body(&report.body, || Input::ReportBody(report.source.clone())),
                phases => by_phase(views, site.report_chapters(*r).map(|(i, _)| i)),
                cite_files => cite_files(&citation),
                citation => v(citation),
                print_url => config.url(&format!("{}print/", report.path)),
                source_links => source_links(config, &report.source),
            }
        }
        PageSpec::ReportPrint(r) => print_context(views, *r),
        PageSpec::Chapter(c) => chapter_context(views, *c),
        PageSpec::Phases => context! {
            kind => "phases",
            title => "Phases of procurement",
            description => "The procurement cycle, phase by phase, across every hub.",
            language => &config.language,
            breadcrumbs => crumbs(site, &[]),
            phases => (0..config.phases.len()).map(|p| context! {
                phase => phase_view(site, p),
                count => {
                    deps::read(|| Input::ChaptersOfPhase(config.phases[p].id.to_string()));
                    site.phase_chapters(&config.phases[p].id).count()
                },
            }).collect::<Vec<_>>(),
        },
        PageSpec::Phase(p) => {
            let phase = &config.phases[*p];
            deps::read(|| Input::ChaptersOfPhase(phase.id.to_string()));
            let chapters: Vec<usize> = site.phase_chapters(&phase.id).map(|(i, _)| i).collect();
            context! {
                kind => "phase",
                title => &phase.title,
                description => &phase.summary,
                language => &config.language,
                breadcrumbs => crumbs(site, &[("Phases", "phases/")]),
                phase => phase_view(site, *p),
                number => p + 1,
                hubs => by_hub(views, &chapters),
                resources => resources::for_hub_and_phase(site, None, &phase.id),
                survey_questions => survey::for_phase(site, &phase.id),
                previous => p.checked_sub(1).map(|q| phase_view(site, q)),
                next => (p + 1 < config.phases.len()).then(|| phase_view(site, p + 1)),
            }
        }
        PageSpec::Synthesis => synthesis_context(views),
        PageSpec::Taxonomy(t) => {
            deps::read(|| Input::TermsInUse(config.taxonomies[*t].id.clone()));
            let terms = taxonomy_terms(site, *t);
            context! {
                kind => "taxonomy",
                title => &terms.title,
                description => format!("Chapters by {}.", terms.title.to_lowercase()),
                language => &config.language,
                breadcrumbs => crumbs(site, &[]),
                taxonomy => v(terms),
            }
        }
        PageSpec::Term(t, term) => {
            let taxonomy = &config.taxonomies[*t];
            deps::read(|| Input::ChaptersOfTerm(taxonomy.id.clone(), term.to_string()));
            let chapters = terms_in_use(site, &taxonomy.id)
                .remove(term)
                .unwrap_or_default();
            let title = term_title(config, &taxonomy.id, term);
            context! {
                kind => "term",
                description => format!("Chapters on {} across every hub and phase.", title.to_lowercase()),
                title => title,
                language => &config.language,
                breadcrumbs => crumbs(site, &[(&taxonomy.title, &format!("{}/", taxonomy.id))]),
                taxonomy => v(Link { title: taxonomy.title.clone(), url: config.url(&format!("{}/", taxonomy.id)) }),
                phases => by_phase(views, chapters.into_iter()),
                survey_page => survey::for_term(site, &taxonomy.id, term.as_str()),
            }
        }
        PageSpec::Content(i) => {
            let page = &site.pages[*i];
            // Its section's children and its parent section come from the list of pages.
            deps::read(|| Input::Pages);
            let children: Vec<Value> = if page.kind == PageKind::Section {
                let mut children: Vec<_> = site
                    .pages
                    .iter()
                    .filter(|p| p.kind == PageKind::Page && p.path.starts_with(&page.path))
                    .collect();
                // Newest first, then by title.
                children.sort_by(|a, b| b.date.cmp(&a.date).then(a.title.cmp(&b.title)));
                children
                    .into_iter()
                    .map(|p| {
                        context! {
                            title => &p.title,
                            summary => &p.summary,
                            url => config.url(&p.path),
                            date => p.date.map(|d| d.to_string()),
                            date_human => p.date.map(|d| d.human()),
                            draft => p.draft,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let parent = site.pages.iter().find(|s| {
                s.kind == PageKind::Section && page.path.starts_with(&s.path) && s.path != page.path
            });
            let trail: Vec<(&str, &str)> = parent
                .map(|p| (p.title.as_str(), p.path.as_str()))
                .into_iter()
                .collect();
            context! {
                kind => if page.kind == PageKind::Section { "section" } else { "page" },
                title => &page.title,
                description => &page.summary,
                language => &page.language,
                has_code => page.body.has_code,
                draft => page.draft,
                date => page.date.map(|d| d.to_string()),
                date_human => page.date.map(|d| d.human()),
                breadcrumbs => crumbs(site, &trail),
                body => body(&page.body, || Input::Page(page.source.clone())),
                children => children,
                source_links => source_links(config, &page.source),
            }
        }
        PageSpec::Search => context! {
            kind => "search",
            title => "Search",
            description => "Search every chapter, report and page of this site.",
            language => &config.language,
            breadcrumbs => crumbs(site, &[]),
            // One filter per taxonomy, named by its id in the form and the address.
            taxonomies => config.taxonomies.iter().map(|t| context! {
                id => &t.id,
                title => &t.title,
                url => config.url(&format!("{}/", t.id)),
            }).chain((!site.resources.is_empty()).then(|| context! {
                id => crate::search::TYPE_FACET,
                title => "Resource type",
                url => config.url("resources/"),
            })).collect::<Vec<_>>(),
        },
        PageSpec::Resources => resources::library_context(views),
        PageSpec::ResourceType(t) => resources::type_context(views, *t),
        PageSpec::Resource(i) => resources::resource_context(views, *i),
        PageSpec::Survey => survey::survey_context(views),
        PageSpec::SurveyJurisdiction(j) => survey::jurisdiction_context(views, *j),
        PageSpec::SurveyQuestion(q) => survey::question_context(views, *q),
        PageSpec::NotFound => context! {
            kind => "not-found",
            title => "Page not found",
            description => "There is no page at this address.",
            language => &config.language,
        },
    };
    context! { ..own, ..common }
}

fn chapter_context(views: &Views, c: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let chapter = &site.chapters[c];
    let hub = &site.hubs[chapter.hub];
    let report = &site.reports[chapter.report];
    deps::read(|| Input::ChaptersOfReport(report.source.clone()));
    deps::read(|| Input::ChaptersOfPhase(chapter.phase.to_string()));
    let citation = cite::for_chapter(site, c);
    let siblings: Vec<usize> = site
        .report_chapters(chapter.report)
        .map(|(i, _)| i)
        .collect();
    let position = siblings.iter().position(|&i| i == c).unwrap_or(0);
    let neighbour = |i: Option<&usize>| {
        i.map(|&i| Link {
            title: {
                deps::read(|| Input::Chapter(site.chapters[i].source.clone()));
                site.chapters[i].title.clone()
            },
            url: config.url(&site.chapters[i].path),
        })
    };
    // The same phase in the other hubs: a few chapters each, and the phase page for the rest,
    // so a chapter page stays small however many chapters a hub writes.
    let elsewhere: Vec<Value> = (0..site.hubs.len())
        .filter(|&h| h != chapter.hub)
        .filter_map(|h| {
            let others = site.phase_hub_chapters(&chapter.phase, h);
            if others.is_empty() {
                return None;
            }
            let shown: Vec<Value> = others.iter().take(ELSEWHERE_LIMIT).map(|&i| views.chapter(i)).collect();
            Some(context! {
                hub => hub_view(site, h),
                chapters => shown,
                more => others.len().saturating_sub(ELSEWHERE_LIMIT),
                all_url => config.url(&format!("phases/{}/#hub-{}", chapter.phase, site.hubs[h].id)),
            })
        })
        .collect();
    let terms: Vec<Value> = config
        .taxonomies
        .iter()
        .filter_map(|t| {
            let terms = chapter.terms.get(&t.id)?;
            Some(context! {
                title => &t.title,
                terms => v(terms.iter().map(|term| Link {
                    title: term_title(config, &t.id, term),
                    url: config.url(&format!("{}/{term}/", t.id)),
                }).collect::<Vec<_>>()),
            })
        })
        .collect();
    context! {
        kind => "chapter",
        title => &chapter.title,
        description => &chapter.summary,
        language => &chapter.language,
        has_code => chapter.body.has_code,
        status => v(chapter.status),
        breadcrumbs => crumbs(site, &[("Hubs", "hubs/"), (&hub.title, &hub.path), (&report.title, &report.path)]),
        chapter => views.chapter(c),
        hub => hub_view(site, chapter.hub),
        report => report_view(site, chapter.report),
        body => body(&chapter.body, || Input::ChapterBody(chapter.source.clone())),
        previous => v(neighbour(position.checked_sub(1).and_then(|p| siblings.get(p)))),
        next => v(neighbour(siblings.get(position + 1))),
        elsewhere => elsewhere,
        terms => terms,
        resources => resources::for_hub_and_phase(site, Some(chapter.hub), &chapter.phase),
        cite_files => cite_files(&citation),
        citation => v(citation),
        source_links => source_links(config, &chapter.source),
    }
}

/// The citation's BibTeX and RIS records as download links carried by the page itself.
pub(crate) fn cite_files(citation: &cite::Citation) -> Value {
    context! {
        bibtex => cite::data_url("application/x-bibtex", &citation.bibtex),
        bibtex_name => format!("{}.bib", citation.key),
        ris => cite::data_url("application/x-research-info-systems", &citation.ris),
        ris_name => format!("{}.ris", citation.key),
    }
}

/// The print view: the introduction and every chapter in order, on one page.
fn print_context(views: &Views, r: usize) -> Value {
    let site = views.site;
    let report = &site.reports[r];
    let hub = &site.hubs[report.hub];
    deps::read(|| Input::ChaptersOfReport(report.source.clone()));
    deps::read(|| Input::ReportBody(report.source.clone()));
    let chapters: Vec<Value> = site
        .report_chapters(r)
        .enumerate()
        .map(|(n, (c, chapter))| {
            deps::read(|| Input::ChapterBody(chapter.source.clone()));
            let prefix = format!("c{}-", n + 1);
            context! {
                anchor => format!("{prefix}chapter"),
                view => views.listed(c),
                html => Value::from_object(TrustedHtml::Owned(chapter.body.html.for_print(&prefix, Some(&chapter.title)))),
            }
        })
        .collect();
    context! {
        kind => "print",
        title => &report.title,
        description => &report.summary,
        language => &report.language,
        has_code => report.body.has_code || site.report_chapters(r).any(|(_, c)| c.body.has_code),
        status => v(report.status),
        breadcrumbs => crumbs(site, &[("Hubs", "hubs/"), (&hub.title, &hub.path), (&report.title, &report.path)]),
        hub => hub_view(site, report.hub),
        report => report_view(site, r),
        web_version => site.config.absolute_url(&report.path),
        body => Value::from_object(TrustedHtml::Owned(report.body.html.for_print("intro-", None))),
        chapters => chapters,
        citation => v(cite::for_report(site, r)),
    }
}

/// Dated pages inside a section (the news), newest first.
/// The section that holds the newest dated post, if the site has news at all.
fn news_section(site: &Site) -> Option<&crate::model::Page> {
    let newest = news_posts(site).into_iter().next()?;
    site.pages
        .iter()
        .filter(|s| s.kind == PageKind::Section && newest.path.starts_with(&s.path))
        .max_by_key(|s| s.path.len())
}

fn news_posts(site: &Site) -> Vec<&crate::model::Page> {
    let mut posts: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Page && p.date.is_some())
        .filter(|p| {
            site.pages
                .iter()
                .any(|s| s.kind == PageKind::Section && p.path.starts_with(&s.path))
        })
        .collect();
    posts.sort_by(|a, b| b.date.cmp(&a.date).then(a.title.cmp(&b.title)));
    posts
}

/// How many entries a feed carries: the newest, so a large site's feed stays small.
const FEED_ENTRIES: usize = 50;

/// One entry of an Atom feed.
struct FeedEntry<'a> {
    title: &'a str,
    path: &'a str,
    /// When it was published, if known; `updated` is the entry's date either way.
    published: Option<Date>,
    updated: Date,
    summary: &'a str,
    /// The full text, for news; chapters carry their summary only (their HTML is released
    /// before the feeds are written, and a chapter is read on its page).
    content: Option<&'a str>,
}

/// Published chapters (of one hub, or all) by the date they were last updated, else their
/// report's publication date; a chapter with neither is in no feed.
fn chapter_entries(site: &Site, hub: Option<usize>) -> Vec<FeedEntry<'_>> {
    site.chapters
        .iter()
        .filter(|c| c.status != Status::Draft && hub.is_none_or(|h| c.hub == h))
        .filter_map(|c| {
            let published = site.reports[c.report].published;
            let updated = c.updated.or(published)?;
            Some(FeedEntry {
                title: &c.title,
                path: &c.path,
                published,
                updated,
                summary: &c.summary,
                content: None,
            })
        })
        .collect()
}

/// `atom.xml`: chapters as they are published or updated, and the news. Dates come from the
/// content, never from the clock, so the feed is as reproducible as the rest of the site.
pub fn atom(site: &Site) -> String {
    let config = &site.config;
    feed(
        site,
        "atom.xml",
        &config.title,
        &config.description,
        "",
        site_entries(site),
    )
}

/// The site feed's entries: chapters and news.
fn site_entries(site: &Site) -> Vec<FeedEntry<'_>> {
    let mut entries = chapter_entries(site, None);
    entries.extend(
        news_posts(site)
            .into_iter()
            .filter(|p| !p.draft)
            .filter_map(|p| {
                Some(FeedEntry {
                    title: &p.title,
                    path: &p.path,
                    published: p.date,
                    updated: p.date?,
                    summary: &p.summary,
                    content: Some(p.body.html.as_str()),
                })
            }),
    );
    entries
}

/// `feed.json`: the site feed's entries as a JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
pub fn json_feed(site: &Site) -> String {
    let config = &site.config;
    let mut entries = site_entries(site);
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(b.title)));
    entries.truncate(FEED_ENTRIES);
    let stamp = |d: &Date| format!("{d}T00:00:00Z");
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let url = config.absolute_url(e.path);
            let mut item = serde_json::json!({
                "id": url,
                "url": url,
                "title": e.title,
                "date_modified": stamp(&e.updated),
            });
            if let Some(published) = &e.published {
                item["date_published"] = stamp(published).into();
            }
            if !e.summary.is_empty() {
                item["summary"] = e.summary.into();
            }
            match e.content {
                Some(html) => item["content_html"] = html.into(),
                None => item["content_text"] = e.summary.into(),
            }
            item
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "description": config.description,
        "home_page_url": config.absolute_url(""),
        "feed_url": config.absolute_url("feed.json"),
        "language": config.language,
        "items": items,
    });
    serde_json::to_string_pretty(&feed).unwrap_or_default() + "\n"
}

/// `hubs/<hub>/atom.xml`: the hub's chapters as they are published or updated.
pub fn hub_feeds(site: &Site) -> Vec<crate::output::OutputFile> {
    site.hubs
        .iter()
        .enumerate()
        .map(|(h, hub)| {
            let path = format!("{}atom.xml", hub.path);
            let title = format!("{}: {}", site.config.title, hub.title);
            let xml = feed(
                site,
                &path,
                &title,
                &hub.summary,
                &hub.path,
                chapter_entries(site, Some(h)),
            );
            crate::output::OutputFile::Bytes {
                path,
                bytes: xml.into_bytes(),
            }
        })
        .collect()
}

/// An Atom document at `path`, about the page at `alternate`, with the newest entries first.
fn feed(
    site: &Site,
    path: &str,
    title: &str,
    subtitle: &str,
    alternate: &str,
    mut entries: Vec<FeedEntry<'_>>,
) -> String {
    use crate::markdown::escape_html as esc;
    let config = &site.config;
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(b.title)));
    entries.truncate(FEED_ENTRIES);
    let stamp = |d: &Date| format!("{d}T00:00:00Z");
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |e| stamp(&e.updated));
    let alternate = config.absolute_url(alternate);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        esc(&config.language),
        esc(title),
        esc(subtitle),
        esc(&config.absolute_url(path)),
        esc(&config.absolute_url(path)),
        esc(&alternate),
        esc(&config.title),
    );
    for entry in entries {
        let url = esc(&config.absolute_url(entry.path));
        let published = entry
            .published
            .filter(|p| *p <= entry.updated)
            .map(|p| format!("    <published>{}</published>\n", stamp(&p)))
            .unwrap_or_default();
        let content = entry
            .content
            .map(|html| format!("    <content type=\"html\">{}</content>\n", esc(html)))
            .unwrap_or_default();
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n{published}    <updated>{}</updated>\n    <summary>{}</summary>\n{content}  </entry>\n",
            esc(entry.title),
            stamp(&entry.updated),
            esc(entry.summary),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// The synthesis view: a phase x hub matrix, then gaps and options phase by phase.
fn synthesis_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
    let intro = site.page_of_kind(PageKind::SynthesisIntro);
    deps::read(|| Input::Pages);
    let rows: Vec<Value> = (0..config.phases.len())
        .map(|p| {
            let phase = &config.phases[p].id;
            deps::read(|| Input::ChaptersOfPhase(phase.to_string()));
            let cells: Vec<Value> = (0..site.hubs.len())
                .map(|h| {
                    let chapters: Vec<Value> = site
                        .phase_hub_chapters(phase, h)
                        .iter()
                        .map(|&i| views.listed(i))
                        .collect();
                    context! { hub => hub_view(site, h), chapters => chapters }
                })
                .collect();
            let chapters: Vec<usize> = site.phase_chapters(phase).map(|(i, _)| i).collect();
            context! {
                phase => phase_view(site, p),
                cells => cells,
                hubs => by_hub(views, &chapters),
                gap_count => chapters.iter().map(|&c| site.chapters[c].gaps.len()).sum::<usize>(),
                option_count => chapters.iter().map(|&c| site.chapters[c].options.len()).sum::<usize>(),
            }
        })
        .collect();
    context! {
        kind => "synthesis",
        title => intro.map_or("Synthesis", |i| i.title.as_str()),
        description => intro.map_or("The hubs' findings compiled phase by phase.", |i| i.summary.as_str()),
        language => intro.map_or(config.language.as_str(), |i| i.language.as_str()),
        has_code => intro.is_some_and(|i| i.body.has_code),
        breadcrumbs => crumbs(site, &[]),
        intro => intro.map(|i| body(&i.body, || Input::Page(i.source.clone()))),
        hubs => (0..site.hubs.len()).map(|h| hub_view(site, h)).collect::<Vec<_>>(),
        rows => rows,
    }
}

/// `sitemap.xml`: every listed page, sorted, with no dates that change from build to build.
pub fn sitemap(site: &Site, specs: &[PageSpec]) -> String {
    let mut urls: Vec<String> = specs
        .iter()
        .filter_map(|s| s.url_path(site))
        .map(|p| site.config.absolute_url(&p))
        .collect();
    urls.sort();
    urls.dedup();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::markdown::escape_html(&url)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        site.config.absolute_url("sitemap.xml")
    )
}
