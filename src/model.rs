//! The site as plain data: hubs, reports, chapters, phases, taxonomies and the Lab's own pages.
//!
//! Nothing here reads files or renders anything. Loading builds these values (see `load`),
//! rendering only reads them. Items refer to each other by index into the [`Site`] vectors,
//! which are kept in display order.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

pub mod survey;

use crate::config::Config;
use crate::markdown::Rendered;
// Re-exported so the renderer keeps naming them through the model it reads.
pub use crate::values::{Date, PhaseId, Status, TermId};

/// An old address of a page (`aliases:` in its front matter), where a redirect page is
/// written so that links and bookmarks made before a rename keep working.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Alias {
    /// The URL path relative to the base URL, ending with `/` (`hubs/apparel/old-name/`).
    pub path: String,
    /// Where it is written in the front matter, for errors about it.
    pub line: usize,
    pub column: usize,
}

/// Anything that becomes a page has a source file (relative to the site root) and a URL path
/// relative to the base URL (`hubs/apparel/`; empty for the home page).
#[derive(Clone, Debug)]
pub struct Hub {
    pub id: String,
    pub source: PathBuf,
    pub path: String,
    pub title: String,
    pub lead: String,
    pub summary: String,
    pub order: i64,
    pub website: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub hub: usize,
    pub id: String,
    pub source: PathBuf,
    pub path: String,
    pub title: String,
    pub summary: String,
    pub authors: Vec<String>,
    pub published: Option<Date>,
    pub status: Status,
    pub phase: Option<PhaseId>,
    pub language: String,
    pub aliases: Vec<Alias>,
    pub body: Arc<Rendered>,
}

#[derive(Clone, Debug)]
pub struct Chapter {
    pub hub: usize,
    pub report: usize,
    pub slug: String,
    pub source: PathBuf,
    pub path: String,
    pub title: String,
    pub phase: PhaseId,
    pub order: i64,
    pub summary: String,
    /// Taxonomy id -> its terms, in the order written.
    pub terms: BTreeMap<String, Vec<TermId>>,
    pub status: Status,
    pub updated: Option<Date>,
    /// Rendered inline HTML, one per statement.
    pub gaps: Vec<crate::html::Html>,
    pub options: Vec<crate::html::Html>,
    pub language: String,
    pub aliases: Vec<Alias>,
    pub body: Arc<Rendered>,
}

/// What a file under `content/` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// `content/_index.md`.
    Home,
    /// `content/synthesis/_index.md`: the introduction of the synthesis view.
    SynthesisIntro,
    /// Any other `_index.md`: a section that lists the pages in its folder (news).
    Section,
    Page,
}

#[derive(Clone, Debug)]
pub struct Page {
    pub kind: PageKind,
    pub source: PathBuf,
    pub path: String,
    pub title: String,
    pub summary: String,
    pub date: Option<Date>,
    pub draft: bool,
    pub language: String,
    pub aliases: Vec<Alias>,
    pub body: Arc<Rendered>,
}

/// A file copied as it is (an image or a PDF beside a chapter, a theme's stylesheet).
#[derive(Clone, Debug)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output folder.
    pub path: String,
}

#[derive(Clone, Debug)]
pub struct Site {
    pub config: Config,
    /// Where each template and static file of the theme comes from.
    pub theme: crate::theme::Theme,
    /// The navigation, resolved from site.toml's `[[menu]]` (or praxis's own sections).
    pub menu: Vec<MenuLink>,
    pub hubs: Vec<Hub>,
    pub reports: Vec<Report>,
    /// Shared, so the watch server's copy of a site after a one-chapter edit shares every
    /// other chapter instead of copying 10,000 of them (that copy took 26 ms of a 74 ms edit).
    pub chapters: Vec<Arc<Chapter>>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// The resource library (`resources/<slug>.md`), sorted by type (site.toml's order),
    /// then title.
    pub resources: Vec<Resource>,
    /// The survey of jurisdictions (`survey/`), when the site has one.
    pub survey: Option<survey::Survey>,
    /// Whether drafts were included (`--drafts`).
    pub drafts: bool,
    /// Every translation of a hub, report, chapter or page (`<name>.<lang>.md`), in every
    /// language, sorted by original then language.
    pub translations: Vec<Translation>,
    /// The trees of the other languages (`[[languages]]`), in site.toml's order: this site
    /// as each language shows it, every text translated where a translation exists. Empty in
    /// the trees themselves and in a site of one language.
    pub trees: Vec<Site>,
    /// Chapters by report, hub and phase, and reports by hub, so listing pages never rescan
    /// every chapter (a 10,000-chapter site has 10,000 chapter pages that each list their
    /// neighbours). Filled by [`Site::index`].
    pub lookup: Lookup,
}

/// The text of a hub, report, chapter or page in another language, from the file beside its
/// original (`03-tendering.fr.md`). Only text: the rest is the original's. A field it does
/// not set is the original's.
#[derive(Clone, Debug)]
pub struct Translation {
    pub language: String,
    /// The translation's own file.
    pub source: PathBuf,
    /// The file it translates.
    pub original: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    /// A hub's lead organisation.
    pub lead: Option<String>,
    pub authors: Option<Vec<String>>,
    pub status: Status,
    pub updated: Option<Date>,
    /// When the original was last revised (a chapter's `updated`, a report's `published`, a
    /// page's `date`), to tell an outdated translation.
    pub original_date: Option<Date>,
    pub gaps: Option<Vec<crate::html::Html>>,
    pub options: Option<Vec<crate::html::Html>>,
    pub body: Arc<Rendered>,
}

/// One entry of the site's navigation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MenuLink {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Default)]
pub struct Lookup {
    pub chapters_by_report: Vec<Vec<usize>>,
    pub chapters_by_hub: Vec<Vec<usize>>,
    pub chapters_by_phase: BTreeMap<PhaseId, Vec<usize>>,
    /// Chapters of one phase, by hub: what a chapter page shows of "the same phase elsewhere".
    pub chapters_by_phase_and_hub: BTreeMap<PhaseId, Vec<Vec<usize>>>,
    pub reports_by_hub: Vec<Vec<usize>>,
    /// Resources by phase, in library order: what a chapter page shows for its hub and phase.
    pub resources_by_phase: BTreeMap<PhaseId, Vec<usize>>,
}

impl Site {
    /// Build the lookup tables; called once the vectors are complete and sorted.
    pub fn index(&mut self) {
        let mut lookup = Lookup {
            chapters_by_report: vec![Vec::new(); self.reports.len()],
            chapters_by_hub: vec![Vec::new(); self.hubs.len()],
            chapters_by_phase: BTreeMap::new(),
            chapters_by_phase_and_hub: BTreeMap::new(),
            reports_by_hub: vec![Vec::new(); self.hubs.len()],
            resources_by_phase: BTreeMap::new(),
        };
        for (i, resource) in self.resources.iter().enumerate() {
            for phase in &resource.phases {
                lookup
                    .resources_by_phase
                    .entry(phase.clone())
                    .or_default()
                    .push(i);
            }
        }
        for (i, chapter) in self.chapters.iter().enumerate() {
            lookup.chapters_by_report[chapter.report].push(i);
            lookup.chapters_by_hub[chapter.hub].push(i);
            lookup
                .chapters_by_phase
                .entry(chapter.phase.clone())
                .or_default()
                .push(i);
            lookup
                .chapters_by_phase_and_hub
                .entry(chapter.phase.clone())
                .or_insert_with(|| vec![Vec::new(); self.hubs.len()])[chapter.hub]
                .push(i);
        }
        for (i, report) in self.reports.iter().enumerate() {
            lookup.reports_by_hub[report.hub].push(i);
        }
        self.lookup = lookup;
    }

    /// The chapters of one report, in reading order.
    pub fn report_chapters(&self, report: usize) -> impl Iterator<Item = (usize, &Chapter)> {
        self.lookup.chapters_by_report[report]
            .iter()
            .map(move |&i| (i, &*self.chapters[i]))
    }

    pub fn hub_chapters(&self, hub: usize) -> impl Iterator<Item = (usize, &Chapter)> {
        self.lookup.chapters_by_hub[hub]
            .iter()
            .map(move |&i| (i, &*self.chapters[i]))
    }

    pub fn hub_reports(&self, hub: usize) -> impl Iterator<Item = (usize, &Report)> {
        self.lookup.reports_by_hub[hub]
            .iter()
            .map(move |&i| (i, &self.reports[i]))
    }

    /// The chapters of one phase in one hub, in site order.
    pub fn phase_hub_chapters(&self, phase: &PhaseId, hub: usize) -> &[usize] {
        self.lookup
            .chapters_by_phase_and_hub
            .get(phase)
            .and_then(|hubs| hubs.get(hub))
            .map_or(&[], Vec::as_slice)
    }

    pub fn phase_chapters<'a>(
        &'a self,
        phase: &'a PhaseId,
    ) -> impl Iterator<Item = (usize, &'a Chapter)> + 'a {
        self.lookup
            .chapters_by_phase
            .get(phase)
            .into_iter()
            .flatten()
            .map(move |&i| (i, &*self.chapters[i]))
    }

    /// The translations of the file `original`, in site.toml's order of languages.
    pub fn translations_of<'a>(
        &'a self,
        original: &'a std::path::Path,
    ) -> impl Iterator<Item = &'a Translation> + 'a {
        let start = self
            .translations
            .partition_point(|t| t.original.as_path() < original);
        self.translations[start..]
            .iter()
            .take_while(move |t| t.original == original)
    }

    /// The translation of `original` into `language`, if there is one.
    pub fn translation(&self, original: &std::path::Path, language: &str) -> Option<&Translation> {
        let start = self
            .translations
            .partition_point(|t| t.original.as_path() < original);
        self.translations[start..]
            .iter()
            .take_while(|t| t.original == original)
            .find(|t| t.language == language)
    }

    /// The tree of `language`: this site for the default language, else one of its trees.
    pub fn tree(&self, language: &str) -> Option<&Site> {
        if language == self.config.default_language {
            return Some(self);
        }
        self.trees.iter().find(|t| t.config.language == language)
    }

    pub fn page_of_kind(&self, kind: PageKind) -> Option<&Page> {
        self.pages.iter().find(|p| p.kind == kind)
    }
}

/// A resource's date as precise as it is known: `2011`, `2011-06` or `2011-06-16`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn parse(text: &str) -> Option<PartialDate> {
        match text.len() {
            4 => Some(PartialDate {
                year: text
                    .parse()
                    .ok()
                    .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))?,
                month: None,
                day: None,
            }),
            7 => {
                let date = Date::parse(&format!("{text}-01"))?;
                Some(PartialDate {
                    year: date.year,
                    month: Some(date.month),
                    day: None,
                })
            }
            _ => Date::parse(text).map(|d| PartialDate {
                year: d.year,
                month: Some(d.month),
                day: Some(d.day),
            }),
        }
    }

    /// The parts as numbers, for CSL-JSON's `date-parts`.
    pub fn parts(&self) -> Vec<u16> {
        [
            Some(self.year),
            self.month.map(u16::from),
            self.day.map(u16::from),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// "16 June 2011", "June 2011" or "2011".
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(month), Some(day)) => Date {
                year: self.year,
                month,
                day,
            }
            .human(),
            (Some(month), None) => {
                format!("{} {}", Date::MONTHS[usize::from(month - 1)], self.year)
            }
            _ => self.year.to_string(),
        }
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// One item of the resource library: a law, a guide, a model clause, a tool... described by
/// `resources/<slug>.md`, published at `resources/<slug>/`.
#[derive(Clone, Debug)]
pub struct Resource {
    pub slug: String,
    pub source: PathBuf,
    pub path: String,
    pub title: String,
    /// A `[[resource_types]]` id.
    pub kind: TermId,
    pub publisher: String,
    pub date: Option<PartialDate>,
    /// Where the item is published (an `http`/`https` address).
    pub url: Option<String>,
    /// A file beside the description, as its output path (`resources/x.pdf`).
    pub file: Option<String>,
    pub languages: Vec<String>,
    /// Hub ids, checked against `hubs/`.
    pub hubs: Vec<String>,
    pub phases: Vec<PhaseId>,
    /// Taxonomy id -> its terms, as for chapters.
    pub terms: BTreeMap<String, Vec<TermId>>,
    pub summary: String,
    /// When someone last checked that the item is still there and current.
    pub verified: Option<Date>,
    pub licence: Option<String>,
    pub body: Arc<Rendered>,
    /// The chapters whose text links to this resource, by index, in site order.
    pub cited_by: Vec<usize>,
}
