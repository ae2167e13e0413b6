//! Every page a site produces: [`PageSpec`], where each is written, which template renders
//! it, and the lists (terms in use) that decide which pages exist.
//!
//! Plain data about the site's pages; it must not build template data or render anything.

use std::collections::BTreeMap;

use crate::model::{PageKind, Site, TermId};

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
    /// A page of another language's tree (by index into `Site::trees`), written under
    /// `/<code>/`: the page `.1` of that tree.
    InLanguage(usize, Box<PageSpec>),
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
        for (t, tree) in site.trees.iter().enumerate() {
            // A host serves one not-found page, the root's.
            let pages = PageSpec::all(tree)
                .into_iter()
                .filter(|s| *s != PageSpec::NotFound);
            specs.extend(pages.map(|spec| PageSpec::InLanguage(t, Box::new(spec))));
        }
        specs
    }

    /// The file whose text the page shows, which a translation may translate: `None` for
    /// pages praxis makes from lists (their labels are the theme's, in every language).
    pub fn text_source<'s>(&self, site: &'s Site) -> Option<&'s std::path::Path> {
        Some(match self {
            PageSpec::Home => &site.page_of_kind(PageKind::Home)?.source,
            PageSpec::Synthesis => &site.page_of_kind(PageKind::SynthesisIntro)?.source,
            PageSpec::Hub(i) => &site.hubs[*i].source,
            PageSpec::Report(i) | PageSpec::ReportPrint(i) => &site.reports[*i].source,
            PageSpec::Chapter(i) => &site.chapters[*i].source,
            PageSpec::Content(i) => &site.pages[*i].source,
            _ => return None,
        })
    }

    /// The tree this page belongs to and the page in it: `(site, self)` for the default
    /// language's pages.
    pub fn in_tree<'s>(&'s self, site: &'s Site) -> (&'s Site, &'s PageSpec) {
        match self {
            PageSpec::InLanguage(t, inner) => (&site.trees[*t], inner),
            _ => (site, self),
        }
    }

    /// The output path relative to the output folder (`hubs/apparel/index.html`).
    pub fn output_path(&self, site: &Site) -> String {
        let dir = match self {
            PageSpec::InLanguage(t, inner) => {
                let tree = &site.trees[*t];
                return format!("{}/{}", tree.config.language, inner.output_path(tree));
            }
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
            PageSpec::InLanguage(_, inner) => inner.template(),
        }
    }
}

/// The chapters carrying each term of a taxonomy, by term.
pub(super) fn terms_in_use(site: &Site, taxonomy: &str) -> BTreeMap<TermId, Vec<usize>> {
    let mut terms: BTreeMap<TermId, Vec<usize>> = BTreeMap::new();
    for (i, chapter) in site.chapters.iter().enumerate() {
        for term in chapter.terms.get(taxonomy).into_iter().flatten() {
            terms.entry(term.clone()).or_default().push(i);
        }
    }
    terms
}
