//! The template context of each page kind: what every page has, plus the page's own data
//! (`page_context` dispatches on the [`PageSpec`]).
//!
//! Built from views that note their reads; it must not render templates or write files.

use minijinja::{Value, context};

use super::deps::{self, Input};
use super::feeds::{news_posts, news_section};
use super::languages::{direction_of, languages_context};
use super::print::print_context;
use super::resources;
use super::spec::{PageSpec, terms_in_use};
use super::survey;
use super::views::{
    Link, Views, body, by_hub, by_phase, cite_files, crumbs, hub_view, phase_view, recent,
    report_view, source_links, taxonomy_terms, term_title, v,
};
use crate::cite;
use crate::model::{PageKind, TermId};

/// How many chapters of each other hub a chapter page links to for its phase.
const ELSEWHERE_LIMIT: usize = 3;

/// The context of one page: what every page has, plus the page's own data.
pub(super) fn page_context(views: &Views, spec: &PageSpec) -> Value {
    if let PageSpec::InLanguage(t, inner) = spec {
        let tree = &views.trees[*t];
        let _in_tree = deps::InTree::enter(&tree.site.config.language);
        return page_context(tree, inner);
    }
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
            root_path => &config.root_path,
            language => &config.language,
            direction => config.tree_language().direction.as_str(),
            default_language => &config.default_language,
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
        static_url => config.root_url_of("static/"),
    };
    let own = match spec {
        PageSpec::Home => home_context(views),
        PageSpec::Hubs => hubs_context(views),
        PageSpec::Hub(h) => hub_context(views, *h),
        PageSpec::Report(r) => report_context(views, *r),
        PageSpec::ReportPrint(r) => print_context(views, *r),
        PageSpec::Chapter(c) => chapter_context(views, *c),
        PageSpec::Phases => phases_context(views),
        PageSpec::Phase(p) => phase_context(views, *p),
        PageSpec::Synthesis => synthesis_context(views),
        PageSpec::Taxonomy(t) => taxonomy_context(views, *t),
        PageSpec::Term(t, term) => term_context(views, *t, term),
        PageSpec::Content(i) => content_context(views, *i),
        PageSpec::Search => search_context(views),
        PageSpec::Resources => resources::library_context(views),
        PageSpec::ResourceType(t) => resources::type_context(views, *t),
        PageSpec::Resource(i) => resources::resource_context(views, *i),
        PageSpec::Survey => survey::survey_context(views),
        PageSpec::SurveyJurisdiction(j) => survey::jurisdiction_context(views, *j),
        PageSpec::SurveyQuestion(q) => survey::question_context(views, *q),
        PageSpec::NotFound => not_found_context(views),
        PageSpec::InLanguage(..) => unreachable!("a tree's page is its tree's"),
    };
    // The languages' part first: a page showing an original's text names the original as
    // its canonical page, in place of itself.
    let languages = languages_context(views, spec);
    // The direction of the page's own text, which may be another language's than the tree's.
    let text_language = own
        .get_attr("language")
        .ok()
        .and_then(|l| l.as_str().map(str::to_owned));
    let text_dir = direction_of(site, text_language.as_deref().unwrap_or(&config.language));
    let page = context! { text_dir => text_dir, ..languages };
    let page = context! { ..page, ..own };
    context! { ..page, ..common }
}

/// The home page: its introduction, the hubs and phases, recent updates and the news.
fn home_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
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
            date_human => p.date.map(|d| views.strings.date(d)),
        }).collect::<Vec<_>>(),
        feed_url => config.root_url_of("atom.xml"),
        news_url => news_section(site).map(|s| config.url(&s.path)),
    }
}

/// Every hub with its reports.
fn hubs_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
    for hub in &site.hubs {
        deps::read(|| Input::ReportsOfHub(hub.id.clone()));
    }
    context! {
        kind => "hubs",
        title => views.strings.text("hubs.title"),
        description => views.strings.text("hubs.description"),
        language => &config.language,
        breadcrumbs => crumbs(site, &[]),
        hubs => (0..site.hubs.len()).map(|h| context! {
            hub => hub_view(site, h),
            reports => site.hub_reports(h).map(|(r, _)| report_view(site, r)).collect::<Vec<_>>(),
        }).collect::<Vec<_>>(),
    }
}

/// One hub: its reports and its chapters by phase, and its feed.
fn hub_context(views: &Views, h: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let hub = &site.hubs[h];
    deps::read(|| Input::ReportsOfHub(hub.id.clone()));
    deps::read(|| Input::ChaptersOfHub(hub.id.clone()));
    context! {
        kind => "hub",
        title => &hub.title,
        description => &hub.summary,
        language => &config.language,
        breadcrumbs => crumbs(site, &[(views.strings.text("hubs.title"), "hubs/")]),
        hub => hub_view(site, h),
        feed => context! {
            // Feeds are written once, at the site's root, for every language.
            url => config.root_url_of(&format!("{}atom.xml", hub.path)),
            title => format!("{}: {}", config.title, hub.title),
        },
        reports => site.hub_reports(h).map(|(r, _)| report_view(site, r)).collect::<Vec<_>>(),
        phases => by_phase(views, site.hub_chapters(h).map(|(i, _)| i)),
    }
}

/// One report: its introduction, its chapters by phase, its citation.
fn report_context(views: &Views, r: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let report = &site.reports[r];
    deps::read(|| Input::Report(report.source.clone()));
    deps::read(|| Input::ChaptersOfReport(report.source.clone()));
    let citation = cite::for_report(site, r);
    let hub = &site.hubs[report.hub];
    context! {
        kind => "report",
        title => &report.title,
        description => &report.summary,
        language => &report.language,
        has_code => report.body.has_code,
        status => v(report.status),
        breadcrumbs => crumbs(site, &[(views.strings.text("hubs.title"), "hubs/"), (&hub.title, &hub.path)]),
        hub => hub_view(site, report.hub),
        report => report_view(site, r),
        body => body(&report.body, || Input::ReportBody(report.source.clone())),
        phases => by_phase(views, site.report_chapters(r).map(|(i, _)| i)),
        cite_files => cite_files(&citation),
        citation => v(citation),
        print_url => config.url(&format!("{}print/", report.path)),
        source_links => source_links(config, &report.source),
    }
}

/// The phases of the cycle, each with its number of chapters.
fn phases_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
    context! {
        kind => "phases",
        title => views.strings.text("phases.title"),
        description => views.strings.text("phases.description"),
        language => &config.language,
        breadcrumbs => crumbs(site, &[]),
        phases => (0..config.phases.len()).map(|p| context! {
            phase => phase_view(site, p),
            count => {
                deps::read(|| Input::ChaptersOfPhase(config.phases[p].id.to_string()));
                site.phase_chapters(&config.phases[p].id).count()
            },
        }).collect::<Vec<_>>(),
    }
}

/// One phase: its chapters by hub, its resources, the phases either side.
fn phase_context(views: &Views, p: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let phase = &config.phases[p];
    deps::read(|| Input::ChaptersOfPhase(phase.id.to_string()));
    let chapters: Vec<usize> = site.phase_chapters(&phase.id).map(|(i, _)| i).collect();
    context! {
        kind => "phase",
        title => &phase.title,
        description => &phase.summary,
        language => &config.language,
        breadcrumbs => crumbs(site, &[(views.strings.text("phases.short"), "phases/")]),
        phase => phase_view(site, p),
        number => p + 1,
        hubs => by_hub(views, &chapters),
        resources => resources::for_hub_and_phase(site, None, &phase.id),
        survey_questions => survey::for_phase(site, &phase.id),
        previous => p.checked_sub(1).map(|q| phase_view(site, q)),
        next => (p + 1 < config.phases.len()).then(|| phase_view(site, p + 1)),
    }
}

/// One taxonomy: its terms in use.
fn taxonomy_context(views: &Views, t: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    deps::read(|| Input::TermsInUse(config.taxonomies[t].id.clone()));
    let terms = taxonomy_terms(site, t);
    context! {
        kind => "taxonomy",
        title => &terms.title,
        description => views.strings.format("taxonomy.description", &[("taxonomy", &terms.title.to_lowercase())]),
        language => &config.language,
        breadcrumbs => crumbs(site, &[]),
        taxonomy => v(terms),
    }
}

/// One term: the chapters carrying it, by phase.
fn term_context(views: &Views, t: usize, term: &TermId) -> Value {
    let site = views.site;
    let config = &site.config;
    let taxonomy = &config.taxonomies[t];
    deps::read(|| Input::ChaptersOfTerm(taxonomy.id.clone(), term.to_string()));
    let chapters = terms_in_use(site, &taxonomy.id)
        .remove(term)
        .unwrap_or_default();
    let title = term_title(config, &taxonomy.id, term);
    context! {
        kind => "term",
        description => views.strings.format("term.description", &[("term", &title.to_lowercase())]),
        title => title,
        language => &config.language,
        breadcrumbs => crumbs(site, &[(&taxonomy.title, &format!("{}/", taxonomy.id))]),
        taxonomy => v(Link { title: taxonomy.title.clone(), url: config.url(&format!("{}/", taxonomy.id)) }),
        phases => by_phase(views, chapters.into_iter()),
        survey_page => survey::for_term(site, &taxonomy.id, term.as_str()),
    }
}

/// A page or section from `content/`; a section lists its pages, newest first.
fn content_context(views: &Views, i: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let page = &site.pages[i];
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
                    date_human => p.date.map(|d| views.strings.date(d)),
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
        date_human => page.date.map(|d| views.strings.date(d)),
        breadcrumbs => crumbs(site, &trail),
        body => body(&page.body, || Input::Page(page.source.clone())),
        children => children,
        source_links => source_links(config, &page.source),
    }
}

/// The search page, with one filter per taxonomy (and the resource type).
/// Each other language's search page and index folder, as JSON for `search.js`; nothing
/// (an empty text) for a site of one language.
fn other_searches(site: &crate::model::Site) -> String {
    let config = &site.config;
    let others: Vec<serde_json::Value> = config
        .languages
        .iter()
        .filter(|l| l.code != config.language)
        .map(|l| {
            let base = super::languages::url_in_tree(site, "search/", &l.code);
            serde_json::json!({ "code": l.code, "title": l.title, "base": base })
        })
        .collect();
    match others.is_empty() {
        true => String::new(),
        false => serde_json::Value::Array(others).to_string(),
    }
}

fn search_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
    context! {
        kind => "search",
        title => views.strings.text("search.title"),
        description => views.strings.text("search.description"),
        language => &config.language,
        breadcrumbs => crumbs(site, &[]),
        // The other languages' search pages, whose indexes hold the text written in them:
        // the page says how many results each has for the reader's query.
        other_languages => other_searches(site),
        // One filter per taxonomy, named by its id in the form and the address.
        taxonomies => config.taxonomies.iter().map(|t| context! {
            id => &t.id,
            title => &t.title,
            url => config.url(&format!("{}/", t.id)),
        }).chain((!site.resources.is_empty()).then(|| context! {
            id => crate::search::TYPE_FACET,
            title => views.strings.text("search.resource_type"),
            url => config.url("resources/"),
        })).collect::<Vec<_>>(),
    }
}

/// The 404 page.
fn not_found_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
    context! {
        kind => "not-found",
        title => views.strings.text("not_found.title"),
        description => views.strings.text("not_found.description"),
        language => &config.language,
    }
}

fn chapter_context(views: &Views, c: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let chapter = &site.chapters[c];
    let hub = &site.hubs[chapter.hub];
    let report = &site.reports[chapter.report];
    deps::read(|| Input::ChaptersOfReport(report.source.clone()));
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
            deps::read(|| {
                Input::FirstOfPhaseInHub(
                    chapter.phase.to_string(),
                    site.hubs[h].id.clone(),
                    ELSEWHERE_LIMIT,
                )
            });
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
        breadcrumbs => crumbs(site, &[(views.strings.text("hubs.title"), "hubs/"), (&hub.title, &hub.path), (&report.title, &report.path)]),
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
        title => intro.map_or(views.strings.text("synthesis.title"), |i| i.title.as_str()),
        description => intro.map_or(views.strings.text("synthesis.description"), |i| i.summary.as_str()),
        language => intro.map_or(config.language.as_str(), |i| i.language.as_str()),
        has_code => intro.is_some_and(|i| i.body.has_code),
        breadcrumbs => crumbs(site, &[]),
        intro => intro.map(|i| body(&i.body, || Input::Page(i.source.clone()))),
        hubs => (0..site.hubs.len()).map(|h| hub_view(site, h)).collect::<Vec<_>>(),
        rows => rows,
    }
}
