//! Plain data handed to templates: `Link`, `PhaseView`, `HubView`, `ReportView`,
//! `ChapterView`, the taxonomy views, the one trusted-HTML template value, and [`Views`] with
//! the functions that group chapters for listings (`by_phase`, `by_hub`, `recent`, `crumbs`...).
//!
//! Each view notes what it reads (`deps::read`); it must not decide which pages exist or
//! assemble a whole page's context.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use minijinja::value::{Object, ObjectRepr};
use minijinja::{Value, context};
use serde::Serialize;

use super::deps::{self, Input};
use super::spec::terms_in_use;
use crate::cite;
use crate::config::Config;
use crate::html::Html;
use crate::i18n::Strings;
use crate::markdown::Rendered;
use crate::model::{PageKind, Site, Status, TermId};

/// The interface strings of the tree `site` renders (its language, then the default, then
/// English), for views built from the site alone.
pub(crate) fn strings(site: &Site) -> Strings<'_> {
    site.theme.strings.for_config(&site.config)
}

pub fn term_title(config: &Config, taxonomy: &str, term: &TermId) -> String {
    match config.taxonomy(taxonomy) {
        Some(taxonomy) => taxonomy.term_title(term),
        None => crate::config::title_from_id(term.as_str()),
    }
}

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) url: String,
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
pub(super) struct TaxonomyTerms {
    id: String,
    pub(super) title: String,
    url: String,
    terms: Vec<TermView>,
}

#[derive(Serialize)]
pub(super) struct TermView {
    id: String,
    title: String,
    url: String,
    count: usize,
}

/// An [`Html`] as a template value: the formatter writes it as it is, and it is the only
/// value written unescaped (the `safe` filter is removed). A body is shared with the site,
/// not copied, since bodies are most of the bytes a build writes.
#[derive(Debug)]
pub(super) enum TrustedHtml {
    Body(Arc<Rendered>),
    Owned(Html),
}

impl TrustedHtml {
    pub(super) fn as_str(&self) -> &str {
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

pub(super) fn report_view(site: &Site, index: usize) -> Value {
    let report = &site.reports[index];
    deps::read(|| Input::Report(report.source.clone()));
    v(ReportView {
        title: report.title.clone(),
        summary: report.summary.clone(),
        url: site.config.url(&report.path),
        hub: site.hubs[report.hub].id.clone(),
        authors: report.authors.clone(),
        published: report.published.map(|d| d.to_string()),
        published_human: report.published.map(|d| strings(site).date(d)),
        status: report.status,
        chapter_count: site.report_chapters(index).count(),
    })
}

/// Template views of the site's chapters, each built once per rendering pass however many
/// pages show it: a chapter is listed on its hub, report, phase, term and synthesis pages and
/// beside chapters of other hubs, and a minijinja value is shared, not copied, when cloned.
pub(crate) struct Views<'a> {
    pub(crate) site: &'a Site,
    /// The interface strings of the tree being rendered.
    pub(crate) strings: Strings<'a>,
    chapters: Vec<OnceLock<Value>>,
    /// The views of each other language's tree, as `Site::trees`.
    pub(crate) trees: Vec<Views<'a>>,
}

impl<'a> Views<'a> {
    pub(super) fn new(site: &'a Site) -> Views<'a> {
        Views {
            site,
            strings: strings(site),
            chapters: site.chapters.iter().map(|_| OnceLock::new()).collect(),
            trees: site.trees.iter().map(Views::new).collect(),
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
        updated_human: chapter.updated.map(|d| strings(site).date(d)),
        gaps: statements(&chapter.gaps),
        options: statements(&chapter.options),
    })
}

/// Chapters grouped by phase, in the order of the cycle, leaving out empty phases.
pub(super) fn by_phase(views: &Views, chapters: impl Iterator<Item = usize>) -> Vec<Value> {
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
pub(super) fn by_hub(views: &Views, chapters: &[usize]) -> Vec<Value> {
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

pub(super) fn taxonomy_terms(site: &Site, t: usize) -> TaxonomyTerms {
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
pub(super) fn recent(site: &Site) -> Vec<Value> {
    let strings = strings(site);
    let mut items: Vec<(String, String, String, String)> = site
        .chapters
        .iter()
        .filter_map(|c| {
            c.updated.map(|d| {
                (
                    d.to_string(),
                    strings.date(d),
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
                            strings.date(d),
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
        title: strings(site).text("page.home").to_owned(),
        url: site.config.url(""),
    }];
    links.extend(trail.iter().map(|(title, path)| Link {
        title: (*title).to_owned(),
        url: site.config.url(path),
    }));
    v(links)
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
