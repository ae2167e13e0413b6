//! What each page read while its context was built, and which pages a change makes stale.
//!
//! Every read of the site that a page's context makes goes through the views in `render`,
//! which note it here as an [`Input`]: a chapter's card (what a listing shows of it), a body,
//! the chapters of a phase, a template... After a render, each page has its set of inputs
//! ([`Graph`]), and each input a fingerprint computed from the site. After a change, the pages
//! to render again are exactly those with an input whose fingerprint changed, plus pages
//! that are new; an edit to a chapter's text changes only its body's fingerprint, so only the
//! pages that show the body (its own page and its report's print view) render again.
//!
//! Nothing here knows what a page shows: the graph is what the renders recorded.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rustc_hash::FxHasher;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::model::{PageKind, Site};

/// One thing a page can read. Entities are named by what survives a rebuild (a source path,
/// an id), never by their index in the site's vectors.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Input {
    /// site.toml's settings, the menu and the theme's list of files: every page reads them.
    Config,
    /// Every hub's card: every page lists the hubs.
    Hubs,
    /// What a listing shows of a chapter (title, summary, phase, terms, gaps, options, its
    /// report's and hub's titles...).
    Chapter(PathBuf),
    /// A chapter's rendered text.
    ChapterBody(PathBuf),
    /// What a listing shows of a report, with its number of chapters.
    Report(PathBuf),
    /// A report's introduction.
    ReportBody(PathBuf),
    /// A page of `content/`, card and text.
    Page(PathBuf),
    /// Which chapters a report holds, in order, with what a listing shows of each.
    ChaptersOfReport(PathBuf),
    /// Which chapters a hub holds, in order, with their cards.
    ChaptersOfHub(String),
    /// Which chapters a phase holds, in order, with their cards.
    ChaptersOfPhase(String),
    /// The first chapters of a phase in one hub (phase, hub id, how many), by source, and how
    /// many the hub has in the phase: what a chapter page shows of "the same phase
    /// elsewhere" (each shown chapter's card is read on its own), so that an edit to a chapter
    /// not shown there leaves the page as it is.
    FirstOfPhaseInHub(String, String, usize),
    /// Which chapters carry a term of a taxonomy, with their cards.
    ChaptersOfTerm(String, String),
    /// Which terms of a taxonomy are in use.
    TermsInUse(String),
    /// Which reports a hub holds, in order.
    ReportsOfHub(String),
    /// Every chapter, in order (the synthesis and the home page's recent list read them all).
    AllChapters,
    /// Every page of `content/`, with its card (news lists, sections).
    Pages,
    /// A template's text.
    Template(String),
    /// The resource library: every resource's fields, description and the chapters that
    /// link to it (a few dozen items, read whole by every page that lists any).
    Resources,
    /// The survey: its questionnaire and every jurisdiction's answers (a few hundred short
    /// answers, read whole by every page that shows any).
    Survey,
    /// An input as another language's tree shows it (`fr`): a page of that tree reads its
    /// tree's chapters, with their translations.
    InLanguage(String, Box<Input>),
    /// Which languages a file is translated into, and each translation's dates: what the
    /// language switcher and the notices of a page show.
    TranslationsOf(PathBuf),
}

thread_local! {
    /// The inputs of the page this thread is rendering. A page renders on one thread from
    /// its context to its HTML, so the views record their reads here instead of every
    /// function that builds a context carrying a recorder.
    static RECORDING: RefCell<Option<BTreeSet<Input>>> = const { RefCell::new(None) };
    /// The language tree whose page this thread renders, when it is not the default's.
    static TREE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// While it lives, what this thread's page reads is read in the tree of one language: each
/// input is noted as [`Input::InLanguage`].
pub struct InTree(Option<String>);

impl InTree {
    pub fn enter(language: &str) -> InTree {
        InTree(TREE.with(|tree| tree.borrow_mut().replace(language.to_owned())))
    }
}

impl Drop for InTree {
    fn drop(&mut self) {
        TREE.with(|tree| *tree.borrow_mut() = self.0.take());
    }
}

/// Note that the page being rendered read `input`. Outside a recording (a build that keeps
/// no graph) nothing happens, and the input is not even made.
pub fn read(input: impl FnOnce() -> Input) {
    RECORDING.with(|recording| {
        if let Some(inputs) = recording.borrow_mut().as_mut() {
            let input = input();
            inputs.insert(match TREE.with(|tree| tree.borrow().clone()) {
                Some(language) => Input::InLanguage(language, Box::new(input)),
                None => input,
            });
        }
    });
}

/// The recording of one page's reads, on this thread, until [`Recording::finish`].
pub struct Recording(());

impl Recording {
    pub fn start() -> Recording {
        RECORDING.with(|recording| *recording.borrow_mut() = Some(BTreeSet::new()));
        Recording(())
    }

    pub fn finish(self) -> BTreeSet<Input> {
        RECORDING.with(|recording| recording.borrow_mut().take().unwrap_or_default())
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        RECORDING.with(|recording| recording.borrow_mut().take());
    }
}

/// Every page's inputs (by output path) and each input's fingerprint in the site the pages
/// were rendered from. Which pages read an input is not kept: a change is looked up page by
/// page (`stale`), which costs a lookup per page and input, and keeping the inverse cost a
/// large build more time and memory than all the lookups of a rebuild.
///
/// Each input is kept once, in a table; a page holds its inputs' numbers in it. A page reads
/// a dozen inputs, most of them paths shared with other pages (its report, the templates):
/// as a set of its own copies, a 10,000-chapter site's graph took more memory than its
/// search index.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pages: BTreeMap<String, PageInputs>,
    /// Every input a page of the graph read, each once, by number.
    inputs: Vec<Input>,
    ids: HashMap<Input, InputId>,
    /// Each input's fingerprint when a page that read it was last rendered, by number.
    fingerprints: Vec<Option<u64>>,
}

/// An input's number in its graph's table.
type InputId = u32;

/// What one page read: its inputs' numbers in the table of the graph that made them
/// ([`Graph::intern`]), in the inputs' order.
#[derive(Clone, Debug)]
pub struct PageInputs(Box<[InputId]>);

impl Graph {
    /// One page's inputs as numbers in this graph's table, new inputs added to it. Done as
    /// each page renders, so a build never holds every page's set of inputs at once.
    pub fn intern(&mut self, inputs: BTreeSet<Input>) -> PageInputs {
        let ids = inputs.into_iter().map(|input| self.id(input)).collect();
        PageInputs(ids)
    }

    fn id(&mut self, input: Input) -> InputId {
        if let Some(id) = self.ids.get(&input) {
            return *id;
        }
        let id = InputId::try_from(self.inputs.len()).expect("fewer than 2^32 inputs");
        self.inputs.push(input.clone());
        self.ids.insert(input, id);
        self.fingerprints.push(None);
        id
    }

    /// Record what the pages in `renders` (by output path) read, with their inputs'
    /// fingerprints in the site they were rendered from; pages not in `keep` are forgotten.
    pub fn update(
        &mut self,
        renders: Vec<(String, BTreeSet<Input>)>,
        keep: &BTreeSet<String>,
        prints: &mut Fingerprints<'_>,
    ) {
        let renders = renders
            .into_iter()
            .map(|(path, inputs)| (path, self.intern(inputs)))
            .collect();
        self.update_interned(renders, keep, prints);
    }

    /// [`Graph::update`] with each page's inputs already [`Graph::intern`]ed in this graph.
    pub fn update_interned(
        &mut self,
        renders: Vec<(String, PageInputs)>,
        keep: &BTreeSet<String>,
        prints: &mut Fingerprints<'_>,
    ) {
        for (path, inputs) in renders {
            for &id in inputs.0.iter() {
                let print = prints.of(&self.inputs[id as usize]);
                self.fingerprints[id as usize] = Some(print);
            }
            self.pages.insert(path, inputs);
        }
        self.pages.retain(|path, _| keep.contains(path));
    }

    /// Of the pages at `paths` (the new site's), those to render again: pages no render
    /// recorded, and pages one of whose inputs has another fingerprint now.
    pub fn stale(
        &self,
        paths: &BTreeSet<String>,
        prints: &mut Fingerprints<'_>,
    ) -> BTreeSet<String> {
        let mut changed: HashMap<InputId, bool> = HashMap::new();
        paths
            .iter()
            .filter(|path| match self.pages.get(*path) {
                None => true,
                Some(inputs) => inputs.0.iter().any(|&id| {
                    *changed.entry(id).or_insert_with(|| {
                        self.fingerprints[id as usize] != Some(prints.of(&self.inputs[id as usize]))
                    })
                }),
            })
            .cloned()
            .collect()
    }

    /// The pages that read `input`.
    pub fn readers_of<'g>(&'g self, input: &'g Input) -> impl Iterator<Item = &'g str> + 'g {
        let id = self.ids.get(input).copied();
        self.pages
            .iter()
            .filter(move |(_, inputs)| id.is_some_and(|id| inputs.0.contains(&id)))
            .map(|(path, _)| path.as_str())
    }

    pub fn from_stored(stored: StoredGraph) -> Graph {
        let mut graph = Graph::default();
        for (input, print) in stored.inputs {
            let id = graph.id(input);
            graph.fingerprints[id as usize] = print;
        }
        let known = graph.inputs.len();
        for (path, ids) in stored.pages {
            // A page naming an input the table lacks is left out: it is rendered again.
            if ids.iter().all(|&id| (id as usize) < known) {
                graph.pages.insert(path, PageInputs(ids.into_boxed_slice()));
            }
        }
        graph
    }

    /// How many pages and fingerprinted inputs the graph holds (for tests and `--timings`).
    pub fn size(&self) -> (usize, usize) {
        let prints = self.fingerprints.iter().filter(|p| p.is_some()).count();
        (self.pages.len(), prints)
    }

    /// The inputs the page at `path` read, in order.
    pub fn inputs_of(&self, path: &str) -> Option<impl Iterator<Item = &Input>> {
        Some(self.inputs_in(self.pages.get(path)?))
    }

    fn inputs_in<'g>(&'g self, inputs: &'g PageInputs) -> impl Iterator<Item = &'g Input> + 'g {
        inputs.0.iter().map(|&id| &self.inputs[id as usize])
    }
}

/// [`Graph`] as lists, as a build keeps it on disk (JSON maps take only text keys): what
/// [`Graph`]'s `Serialize` writes. Each input once, with its fingerprint, and each page as
/// its inputs' numbers in that list: a page's inputs written out in full made a 10,000-chapter
/// site's cache 28 MB, read back in a quarter of a second.
#[derive(Debug, Default, Deserialize)]
pub struct StoredGraph {
    inputs: Vec<(Input, Option<u64>)>,
    pages: Vec<(String, Vec<InputId>)>,
}

/// The graph in the shape of [`StoredGraph`], written straight from the table: a copy of a
/// large site's graph as lists, and its text in memory, cost more than the graph.
impl Serialize for Graph {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Only the inputs some page reads, numbered again in the order they are written.
        let mut renumbered: Vec<Option<InputId>> = vec![None; self.inputs.len()];
        let mut next: InputId = 0;
        for inputs in self.pages.values() {
            for &id in inputs.0.iter() {
                renumbered[id as usize].get_or_insert_with(|| {
                    next += 1;
                    next - 1
                });
            }
        }
        let mut written: Vec<(InputId, usize)> = renumbered
            .iter()
            .enumerate()
            .filter_map(|(old, new)| Some(((*new)?, old)))
            .collect();
        written.sort_unstable();
        let inputs = Each(|| {
            written
                .iter()
                .map(|&(_, old)| (&self.inputs[old], self.fingerprints[old]))
        });
        let pages = Each(|| {
            self.pages.iter().map(|(path, inputs)| {
                let ids = Each(|| inputs.0.iter().map(|&id| renumbered[id as usize]));
                (path, ids)
            })
        });
        let mut stored = serializer.serialize_struct("StoredGraph", 2)?;
        stored.serialize_field("inputs", &inputs)?;
        stored.serialize_field("pages", &pages)?;
        stored.end()
    }
}

/// A list serialised from the items `make` iterates, without collecting them.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Fingerprints of one site's inputs, each computed once.
pub struct Fingerprints<'a> {
    site: &'a Site,
    templates: &'a dyn Fn(&str) -> Option<u64>,
    chapters: HashMap<&'a Path, usize>,
    reports: HashMap<&'a Path, usize>,
    memo: HashMap<Input, u64>,
    /// Each chapter's card hashed once: a card is in several lists (its report's, hub's,
    /// phase's, each term's, every chapter's), which hashed it again for each.
    cards: Vec<std::cell::OnceCell<u64>>,
    /// The same for each other language's tree, by language code.
    trees: Vec<(String, Fingerprints<'a>)>,
}

impl<'a> Fingerprints<'a> {
    /// `templates` gives a template's text's hash by name.
    pub fn new(site: &'a Site, templates: &'a dyn Fn(&str) -> Option<u64>) -> Self {
        Fingerprints {
            site,
            templates,
            chapters: site
                .chapters
                .iter()
                .enumerate()
                .map(|(i, c)| (c.source.as_path(), i))
                .collect(),
            reports: site
                .reports
                .iter()
                .enumerate()
                .map(|(i, r)| (r.source.as_path(), i))
                .collect(),
            memo: HashMap::new(),
            cards: site
                .chapters
                .iter()
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            trees: site
                .trees
                .iter()
                .map(|tree| {
                    (
                        tree.config.language.clone(),
                        Fingerprints::new(tree, templates),
                    )
                })
                .collect(),
        }
    }

    pub fn of(&mut self, input: &Input) -> u64 {
        if let Some(print) = self.memo.get(input) {
            return *print;
        }
        if let Input::InLanguage(language, inner) = input {
            // A language the site no longer has: absent, so its pages are stale.
            return self
                .trees
                .iter_mut()
                .find(|(code, _)| code == language)
                .map_or(0, |(_, tree)| tree.of(inner));
        }
        let mut hasher = FxHasher::default();
        std::mem::discriminant(input).hash(&mut hasher);
        let present = self.write(input, &mut hasher);
        let print = if present { hasher.finish() } else { 0 };
        self.memo.insert(input.clone(), print);
        print
    }
}

impl Fingerprints<'_> {
    /// The hash of chapter `c`'s card, computed once.
    fn card(&self, c: usize) -> u64 {
        *self.cards[c].get_or_init(|| {
            let mut h = FxHasher::default();
            chapter_card(self.site, c, &mut h);
            h.finish()
        })
    }

    /// A list of chapters: how many, and each one's card.
    fn list(&self, list: &[usize], h: &mut FxHasher) {
        list.len().hash(h);
        for &c in list {
            self.card(c).hash(h);
        }
    }

    /// Feed what `input` stands for in the site into `h`; false when it does not exist.
    fn write(&self, input: &Input, h: &mut FxHasher) -> bool {
        let site = self.site;
        let templates = self.templates;
        let chapter_index = |source: &PathBuf| self.chapters.get(source.as_path()).copied();
        let report_index = |source: &PathBuf| self.reports.get(source.as_path()).copied();
        let hub_index = |id: &str| site.hubs.iter().position(|hub| hub.id == id);
        match input {
            Input::Config => {
                // Debug output covers every setting and the menu; the theme by where each of
                // its files comes from (a template's text is an input of its own).
                format!("{:?}{:?}{}", site.config, site.menu, site.drafts).hash(h);
                for file in site.theme.templates.iter().chain(&site.theme.statics) {
                    (&file.name, file.display_path("")).hash(h);
                }
            }
            Input::Hubs => {
                for hub in &site.hubs {
                    (
                        &hub.id,
                        &hub.path,
                        &hub.title,
                        &hub.lead,
                        &hub.summary,
                        &hub.website,
                    )
                        .hash(h);
                }
            }
            Input::Chapter(source) => {
                let Some(c) = chapter_index(source) else {
                    return false;
                };
                self.card(c).hash(h);
            }
            Input::ChapterBody(source) => {
                let Some(c) = chapter_index(source) else {
                    return false;
                };
                site.chapters[c].body.fingerprint.hash(h);
            }
            Input::Report(source) => {
                let Some(r) = report_index(source) else {
                    return false;
                };
                let report = &site.reports[r];
                (
                    &report.path,
                    &report.title,
                    &report.summary,
                    &report.authors,
                )
                    .hash(h);
                (report.published.map(|d| d.to_string()), report.status as u8).hash(h);
                (report.phase.as_ref().map(|p| p.as_str()), &report.language).hash(h);
                (
                    &site.hubs[report.hub].id,
                    site.lookup.chapters_by_report[r].len(),
                )
                    .hash(h);
            }
            Input::ReportBody(source) => {
                let Some(r) = report_index(source) else {
                    return false;
                };
                site.reports[r].body.fingerprint.hash(h);
            }
            Input::Page(source) => {
                let Some(page) = site.pages.iter().find(|p| &p.source == source) else {
                    return false;
                };
                page_card(page, h);
                page.body.fingerprint.hash(h);
            }
            Input::ChaptersOfReport(source) => {
                let Some(r) = report_index(source) else {
                    return false;
                };
                self.list(&site.lookup.chapters_by_report[r], h);
            }
            Input::ChaptersOfHub(id) => {
                let Some(hub) = hub_index(id) else {
                    return false;
                };
                self.list(&site.lookup.chapters_by_hub[hub], h);
            }
            Input::ChaptersOfPhase(id) => {
                let phase = crate::model::PhaseId::new(id);
                let list = site.lookup.chapters_by_phase.get(&phase).map(Vec::as_slice);
                self.list(list.unwrap_or_default(), h);
            }
            Input::FirstOfPhaseInHub(id, hub, shown) => {
                let Some(hub) = hub_index(hub) else {
                    return false;
                };
                let list = site.phase_hub_chapters(&crate::model::PhaseId::new(id), hub);
                list.len().hash(h);
                for &c in list.iter().take(*shown) {
                    site.chapters[c].source.hash(h);
                }
            }
            Input::ChaptersOfTerm(taxonomy, term) => {
                for (c, chapter) in site.chapters.iter().enumerate() {
                    let has = chapter
                        .terms
                        .get(taxonomy)
                        .is_some_and(|terms| terms.iter().any(|t| t.as_str() == term));
                    if has {
                        self.card(c).hash(h);
                    }
                }
            }
            Input::TermsInUse(taxonomy) => {
                let mut terms: BTreeMap<&str, usize> = BTreeMap::new();
                for chapter in &site.chapters {
                    for term in chapter.terms.get(taxonomy).into_iter().flatten() {
                        *terms.entry(term.as_str()).or_default() += 1;
                    }
                }
                terms.hash(h);
            }
            Input::ReportsOfHub(id) => {
                let Some(hub) = hub_index(id) else {
                    return false;
                };
                for &r in &site.lookup.reports_by_hub[hub] {
                    site.reports[r].source.hash(h);
                }
            }
            Input::AllChapters => {
                for c in 0..site.chapters.len() {
                    self.card(c).hash(h);
                }
            }
            Input::Pages => {
                for page in &site.pages {
                    page_card(page, h);
                }
            }
            Input::Template(name) => {
                let Some(text) = templates(name) else {
                    return false;
                };
                text.hash(h);
            }
            Input::InLanguage(..) => unreachable!("looked up in its tree by `of`"),
            Input::TranslationsOf(source) => {
                for t in site.translations_of(source) {
                    (&t.language, &t.source, t.status as u8).hash(h);
                    t.updated.map(|d| d.to_string()).hash(h);
                    t.original_date.map(|d| d.to_string()).hash(h);
                }
            }
            Input::Survey => {
                // Small, and every field of it shows somewhere: its debug text covers all.
                let Some(survey) = &site.survey else {
                    return false;
                };
                format!("{survey:?}").hash(h);
            }
            Input::Resources => {
                for r in &site.resources {
                    (&r.source, &r.path, &r.title, r.kind.as_str(), &r.publisher).hash(h);
                    (r.date.map(|d| d.to_string()), &r.url, &r.file, &r.languages).hash(h);
                    (&r.hubs, &r.summary, &r.licence).hash(h);
                    r.verified.map(|d| d.to_string()).hash(h);
                    for phase in &r.phases {
                        phase.as_str().hash(h);
                    }
                    for (taxonomy, terms) in &r.terms {
                        taxonomy.hash(h);
                        terms.iter().for_each(|t| t.as_str().hash(h));
                    }
                    r.body.fingerprint.hash(h);
                    for &c in &r.cited_by {
                        site.chapters[c].source.hash(h);
                    }
                }
            }
        }
        true
    }
}

/// What a listing shows of chapter `c`: its own fields and the titles it borrows.
fn chapter_card(site: &Site, c: usize, h: &mut FxHasher) {
    let chapter = &site.chapters[c];
    (
        &chapter.source,
        &chapter.path,
        &chapter.slug,
        &chapter.title,
        &chapter.summary,
    )
        .hash(h);
    (
        chapter.phase.as_str(),
        chapter.order,
        chapter.status as u8,
        &chapter.language,
    )
        .hash(h);
    chapter.updated.map(|d| d.to_string()).hash(h);
    for statement in chapter.gaps.iter().chain(&chapter.options) {
        statement.as_str().hash(h);
    }
    chapter.gaps.len().hash(h);
    for (taxonomy, terms) in &chapter.terms {
        taxonomy.hash(h);
        for term in terms {
            term.as_str().hash(h);
        }
    }
    let report = &site.reports[chapter.report];
    let hub = &site.hubs[chapter.hub];
    (
        &report.title,
        &report.path,
        &report.source,
        &hub.id,
        &hub.title,
        &hub.path,
    )
        .hash(h);
}

fn page_card(page: &crate::model::Page, h: &mut FxHasher) {
    let kind = match page.kind {
        PageKind::Home => 0u8,
        PageKind::SynthesisIntro => 1,
        PageKind::Section => 2,
        PageKind::Page => 3,
    };
    (kind, &page.source, &page.path, &page.title, &page.summary).hash(h);
    (page.date.map(|d| d.to_string()), page.draft, &page.language).hash(h);
}

/// The templates a template loads by name (`extends`, `import`, `from`, `include`), as
/// written: a page's render reads its template and, through these, every one they name.
pub fn loaded_by(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in source.split("{%").skip(1) {
        let tag = tag
            .split("%}")
            .next()
            .unwrap_or("")
            .trim_start_matches('-')
            .trim();
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if !matches!(keyword, "extends" | "import" | "from" | "include") {
            continue;
        }
        let rest = &tag[keyword.len()..];
        if let Some(name) = rest
            .split(['"', '\''])
            .nth(1)
            .filter(|name| !name.is_empty())
        {
            names.push(name.to_owned());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_a_template_loads_are_read_from_its_tags() {
        let source = "{% extends \"base.html\" %}\n{%- import 'macros.html' as m -%}\n{% from \"x.html\" import y %}{% include \"part.html\" %}{% if a %}{% endif %}";
        assert_eq!(
            loaded_by(source),
            ["base.html", "macros.html", "x.html", "part.html"]
        );
    }
}
