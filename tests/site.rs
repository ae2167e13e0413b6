//! The user's story: build the Lab's site and small fixture sites, and check what a reader
//! and a hub leader would.

#![allow(clippy::result_large_err)]

mod common;

use common::{TestSite, broken_internal_links, links, snapshot};

const NEW_CHAPTER: &str = r#"---
title: "Remedy in alpha"
phase: remedy
summary: "How alpha puts harm right."
issues: [child-labour]
jurisdictions: [norway]
gaps:
  - "Workers cannot complain to the buyer."
options:
  - "Open a grievance channel for workers."
---
## Grievance channels

Start from the [planning chapter](01-planning.md) and the [about page](/content/about.md#who-we-are).
"#;

#[test]
fn the_lab_site_builds_with_every_internal_link_resolving() {
    let site = TestSite::lab();
    let report = site.build_ok();
    assert!(
        report.pages >= 24 + 4 + 4 + 6 + 5,
        "pages: {}",
        report.pages
    );
    let broken = broken_internal_links(&site.output(), "/lab/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // Every kind of page a reader can reach.
    for path in [
        "",
        "hubs/",
        "hubs/apparel/",
        "phases/",
        "phases/remedy/",
        "synthesis/",
        "issues/",
        "issues/forced-labour/",
        "about/",
        "news/",
    ] {
        assert!(site.has_page(path), "missing /{path}");
    }
    for file in ["sitemap.xml", "robots.txt", "404.html", "static/style.css"] {
        assert!(site.output().join(file).is_file(), "missing {file}");
    }
    let synthesis = site.page("synthesis/");
    for hub in [
        "Apparel",
        "Electronics",
        "Private Security",
        "International Financial Institutions",
    ] {
        assert!(synthesis.contains(hub), "synthesis lacks {hub}");
    }
}

#[test]
fn a_new_chapter_appears_on_every_page_that_lists_it_linked_both_ways() {
    let site = TestSite::fixture("minimal");
    site.write("hubs/alpha/first-report/03-remedy.md", NEW_CHAPTER);
    site.build_ok();
    let url = "/lab/hubs/alpha/first-report/remedy/";
    for page in [
        "hubs/alpha/first-report/",
        "hubs/alpha/",
        "phases/remedy/",
        "synthesis/",
        "issues/child-labour/",
        "jurisdictions/norway/",
    ] {
        assert!(
            links(&site.page(page)).contains(&url.to_owned()),
            "/{page} does not link to the new chapter"
        );
    }
    let chapter = site.page("hubs/alpha/first-report/remedy/");
    let back = links(&chapter);
    for target in [
        "/lab/hubs/alpha/first-report/",
        "/lab/hubs/alpha/",
        "/lab/phases/remedy/",
        "/lab/issues/child-labour/",
    ] {
        assert!(
            back.contains(&target.to_owned()),
            "the chapter does not link back to {target}"
        );
    }
    // The previous chapter now points to it as next.
    let previous = site.page("hubs/alpha/first-report/risk/");
    assert!(previous.contains(&format!("rel=\"next\" href=\"{url}\"")));
    // Relative .md links become the target's URL, anchors kept.
    assert!(back.contains(&"/lab/hubs/alpha/first-report/planning/".to_owned()));
    assert!(back.contains(&"/lab/about/#who-we-are".to_owned()));
    assert!(broken_internal_links(&site.output(), "/lab/").is_empty());
}

#[test]
fn the_chapter_page_has_what_a_reader_needs() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let page = site.page("hubs/alpha/first-report/planning/");
    // Breadcrumb hub > report > chapter.
    let crumb_start = page.find("aria-label=\"Breadcrumb\"").expect("breadcrumb");
    let crumb = &page[crumb_start..];
    let hub = crumb.find(">Alpha<").expect("hub in breadcrumb");
    let report = crumb.find(">First report<").expect("report in breadcrumb");
    assert!(hub < report);
    // Heading anchors, footnotes, the gaps and options as distinct blocks.
    assert!(page.contains("<h2 id=\"current-practice\">"));
    assert!(page.contains("href=\"#current-practice\""));
    assert!(page.contains("class=\"footnotes\""));
    assert!(
        page.contains("class=\"block block-gaps\"")
            && page.contains("Plans ignore <em>workers</em>.")
    );
    assert!(page.contains("class=\"block block-options\""));
    // Next chapter, and the same phase in the other hub.
    assert!(page.contains("rel=\"next\" href=\"/lab/hubs/alpha/first-report/risk/\""));
    assert!(page.contains("href=\"/lab/hubs/beta/second-report/planning/\""));
    // A language on every page; the code stylesheet only where there is code.
    assert!(page.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(!page.contains("code.css"));
    assert!(
        site.page("hubs/alpha/first-report/risk/")
            .contains("code.css")
    );
    assert!(
        site.page("hubs/alpha/first-report/risk/")
            .contains("Under review")
    );
}

#[test]
fn the_synthesis_says_plainly_where_nothing_is_written() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let synthesis = site.page("synthesis/");
    assert!(synthesis.contains("The synthesis introduction."));
    // Beta has nothing on risk assessment or remedy; Alpha nothing on remedy.
    assert_eq!(synthesis.matches("Nothing written yet").count(), 3);
    assert!(synthesis.contains("Needs assessments skip human rights."));
}

#[test]
fn a_base_url_with_a_path_prefixes_every_internal_link() {
    let site = TestSite::fixture("minimal");
    let mut options = site.options();
    options.base_url = Some("https://example.org/deep/path".into());
    praxis::build(&options).expect("build");
    for (path, bytes) in snapshot(&site.output()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        for link in links(&html) {
            if link.starts_with('/') {
                assert!(link.starts_with("/deep/path/"), "{path}: {link}");
            }
        }
    }
    assert!(broken_internal_links(&site.output(), "/deep/path/").is_empty());
    let sitemap = std::fs::read_to_string(site.output().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/deep/path/hubs/alpha/</loc>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::lab();
    site.build_ok();
    let first = snapshot(&site.output());
    site.build_ok();
    let second = snapshot(&site.output());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let before = snapshot(&site.output());
    site.write(
        "hubs/alpha/first-report/01-planning.md",
        "---\ntitle: \"Planning in alpha\"\nphase: plannng\n---\nBody\n",
    );
    assert!(!site.build_errors().is_empty());
    assert_eq!(snapshot(&site.output()), before);
}

#[test]
fn drafts_stay_out_unless_asked_for() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/beta/second-report/02-remedy.md",
        "---\ntitle: \"Secret remedy\"\nphase: remedy\nstatus: draft\n---\nNot yet.\n",
    );
    site.write(
        "content/news.md",
        "---\ntitle: \"Hidden news\"\ndraft: true\n---\nSoon.\n",
    );
    site.build_ok();
    assert!(!site.has_page("hubs/beta/second-report/remedy/"));
    assert!(!site.has_page("news/"));
    assert!(!site.page("synthesis/").contains("Secret remedy"));
    assert!(
        !std::fs::read_to_string(site.output().join("sitemap.xml"))
            .unwrap()
            .contains("second-report/remedy/")
    );

    let mut options = site.options();
    options.drafts = true;
    praxis::build(&options).expect("build with drafts");
    let draft = site.page("hubs/beta/second-report/remedy/");
    assert!(
        draft.contains("notice-draft"),
        "drafts carry a visible banner"
    );
    assert!(site.page("news/").contains("notice-draft"));
}

#[test]
fn a_published_page_may_not_link_to_a_draft() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/beta/second-report/02-remedy.md",
        "---\ntitle: \"Secret remedy\"\nphase: remedy\nstatus: draft\n---\nNot yet.\n",
    );
    site.write(
        "hubs/beta/second-report/01-planning.md",
        &site
            .read_source("hubs/beta/second-report/01-planning.md")
            .replace(
                "Beta screens every purchase.",
                "Beta screens every purchase (see [remedy](02-remedy.md)).",
            ),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(e.message.contains("link to a draft"), "{}", e.message);
    assert_eq!(
        e.location.file.to_string_lossy(),
        "hubs/beta/second-report/01-planning.md"
    );
    assert_eq!((e.location.line, e.location.column), (13, 43));
    // With --drafts both are built and the link is fine.
    let mut options = site.options();
    options.drafts = true;
    praxis::build(&options).expect("build with drafts");
}

#[test]
fn files_beside_a_chapter_are_copied_and_linkable() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/first-report/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/about/brochure.pdf", "%PDF-1.4");
    site.write(
        "hubs/alpha/first-report/03-remedy.md",
        &NEW_CHAPTER.replace(
            "## Grievance channels",
            "![A chart of grievances](chart.svg)\n\n## Grievance channels",
        ),
    );
    site.build_ok();
    assert!(
        site.output()
            .join("hubs/alpha/first-report/chart.svg")
            .is_file()
    );
    assert!(site.output().join("about/brochure.pdf").is_file());
    assert!(
        site.page("hubs/alpha/first-report/remedy/")
            .contains("src=\"/lab/hubs/alpha/first-report/chart.svg\"")
    );
}

/// What each page read, as its render recorded it: the graph the watch server rebuilds by.
#[test]
fn the_build_records_which_pages_read_a_chapter() {
    use praxis::render::deps::{Fingerprints, Graph, Input};
    use std::collections::BTreeSet;
    let site = TestSite::fixture("minimal");
    let (loaded, _) = praxis::check(site.root(), false);
    let loaded = loaded.expect("loads");
    let renderer =
        praxis::render::Renderer::load(&loaded.config.root, &loaded.theme).expect("theme");
    let specs = praxis::render::PageSpec::all(&loaded);
    let renders = renderer
        .render_each_recorded(
            &loaded,
            &specs,
            &praxis::page_links::KnownPaths::of(&loaded),
            |spec, _, inputs| Ok((spec.output_path(&loaded), inputs)),
        )
        .expect("renders");
    let keep: BTreeSet<String> = renders.iter().map(|(p, _)| p.clone()).collect();
    let templates = |name: &str| renderer.template_hash(name);
    let mut graph = Graph::default();
    graph.update(renders, &keep, &mut Fingerprints::new(&loaded, &templates));
    let readers = |input: Input| -> BTreeSet<String> {
        graph.readers_of(&input).map(str::to_owned).collect()
    };

    let risk = std::path::PathBuf::from("hubs/alpha/first-report/02-risk.md");
    // Its card: read on its own by its page and its neighbour's, and as part of every list
    // that holds it (a list's input covers the cards of all its chapters).
    let card = readers(Input::Chapter(risk.clone()));
    for expected in [
        "hubs/alpha/first-report/risk/index.html",
        "hubs/alpha/first-report/planning/index.html",
    ] {
        assert!(card.contains(expected), "{expected} not among {card:?}");
    }
    let report = readers(Input::ChaptersOfReport(
        "hubs/alpha/first-report/_index.md".into(),
    ));
    assert!(
        report.contains("hubs/alpha/first-report/index.html"),
        "{report:?}"
    );
    assert!(
        report.contains("hubs/alpha/first-report/print/index.html"),
        "{report:?}"
    );
    assert!(readers(Input::ChaptersOfHub("alpha".into())).contains("hubs/alpha/index.html"));
    let phase = readers(Input::ChaptersOfPhase("risk-assessment".into()));
    assert!(
        phase.contains("phases/risk-assessment/index.html"),
        "{phase:?}"
    );
    assert!(phase.contains("synthesis/index.html"), "{phase:?}");
    let term = readers(Input::ChaptersOfTerm(
        "issues".into(),
        "child-labour".into(),
    ));
    assert!(term.contains("issues/child-labour/index.html"), "{term:?}");
    assert!(!card.contains("hubs/beta/second-report/index.html"));
    assert!(!card.contains("about/index.html"));
    // Its text is shown on its own page and in the print view, nowhere else.
    assert_eq!(
        readers(Input::ChapterBody(risk)),
        BTreeSet::from([
            "hubs/alpha/first-report/print/index.html".to_owned(),
            "hubs/alpha/first-report/risk/index.html".to_owned(),
        ])
    );
    // Beta's planning chapter lists alpha's planning chapter among the same phase elsewhere.
    let planning = readers(Input::Chapter(
        "hubs/alpha/first-report/01-planning.md".into(),
    ));
    assert!(
        planning.contains("hubs/beta/second-report/planning/index.html"),
        "{planning:?}"
    );
    // Every page loaded base.html.
    assert_eq!(
        readers(Input::Template("base.html".into())).len(),
        specs.len()
    );
}

#[test]
fn the_atom_feed_is_valid_and_lists_news_and_chapters_newest_first() {
    let site = TestSite::lab();
    site.build_ok();
    let xml = std::fs::read_to_string(site.output().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .map(str::to_owned)
    };
    assert!(
        child(feed, "id").is_some()
            && child(feed, "title").is_some()
            && child(feed, "updated").is_some()
    );
    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    // The three news posts carry their text; chapters, by date updated, their summary.
    let news_posts = entries
        .iter()
        .filter(|e| e.children().any(|c| c.has_tag_name("content")))
        .count();
    assert_eq!(news_posts, 3);
    assert!(entries.len() > news_posts, "chapters are in the feed too");
    let dates: Vec<String> = entries
        .iter()
        .map(|e| child(*e, "updated").unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    for entry in entries {
        for field in ["title", "id", "updated", "summary"] {
            assert!(child(entry, field).is_some(), "entry without {field}");
        }
    }
    // The news index lists the newest first and the home page shows the latest items.
    let news = site.page("news/");
    let newest = news.find("EU Forced Labour Regulation").unwrap();
    let oldest = news.find("launch").unwrap_or(usize::MAX);
    assert!(newest < oldest);
    assert!(site.page("").contains("EU Forced Labour Regulation"));
}

#[test]
fn every_report_has_a_print_view_with_every_chapter_in_order() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let print = site.page("hubs/alpha/first-report/print/");
    let first = print
        .find("<h2 id=\"c1-chapter\">Planning in alpha</h2>")
        .expect("first chapter");
    let second = print
        .find("<h2 id=\"c2-chapter\">Risk in alpha</h2>")
        .expect("second chapter");
    assert!(first < second);
    assert!(print.contains("The introduction of the first report."));
    // Chapter ids are prefixed so footnotes and headings do not collide.
    assert!(print.contains("id=\"c1-current-practice\"") && print.contains("href=\"#c1-fn-1\""));
    let ids = common::ids(&print);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in the print view");
    assert!(
        site.page("hubs/alpha/first-report/")
            .contains("href=\"/lab/hubs/alpha/first-report/print/\"")
    );
}

#[test]
fn reports_and_chapters_can_be_cited() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let chapter = site.page("hubs/alpha/first-report/planning/");
    assert!(chapter.contains("Cite this"));
    assert!(chapter.contains("Alpha Institute (2026). Planning in alpha. In First report. Alpha Institute. https://example.org/lab/hubs/alpha/first-report/planning/"));
    // The records travel in the page as data: URLs, downloaded under the citation key.
    let report = site.page("hubs/alpha/first-report/");
    let bib = common::download(&report, "alpha-first-report.bib");
    assert!(bib.starts_with("@techreport{alpha-first-report,"), "{bib}");
    assert!(bib.contains("institution = {Alpha Institute}"));
    let ris = common::download(&chapter, "alpha-first-report-planning.ris");
    assert!(ris.starts_with("TY  - CHAP\r\nTI  - Planning in alpha\r\nAU  - Alpha Institute\r\nT2  - First report\r\n"), "{ris}");
}

#[test]
fn every_page_has_a_canonical_url_and_sharing_tags_and_chapters_have_citation_tags() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    for path in [
        "",
        "hubs/alpha/",
        "hubs/alpha/first-report/",
        "phases/planning/",
        "synthesis/",
        "search/",
        "about/",
    ] {
        let page = site.page(path);
        let canonical = format!("<link rel=\"canonical\" href=\"https://example.org/lab/{path}\">");
        assert!(page.contains(&canonical), "/{path} lacks {canonical}");
        assert!(
            page.contains("<meta property=\"og:title\""),
            "/{path} lacks og:title"
        );
        assert!(page.contains(&format!(
            "<meta property=\"og:url\" content=\"https://example.org/lab/{path}\">"
        )));
    }
    let chapter = site.page("hubs/alpha/first-report/planning/");
    for tag in [
        "<meta name=\"citation_title\" content=\"Planning in alpha\">",
        "<meta name=\"citation_author\" content=\"Alpha Institute\">",
        "<meta name=\"citation_publication_date\" content=\"2026/02/01\">",
        "<meta name=\"citation_inbook_title\" content=\"First report\">",
    ] {
        assert!(chapter.contains(tag), "missing {tag}");
    }
    let report = site.page("hubs/alpha/first-report/");
    assert!(report.contains(
        "<meta name=\"citation_technical_report_institution\" content=\"Alpha Institute\">"
    ));
}

#[test]
fn a_template_that_fails_while_rendering_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let before = snapshot(&site.output());
    // A site's override of the built-in chapter template, broken.
    let template = "templates/chapter.html";
    let built_in =
        std::fs::read_to_string(common::repo_root().join("src/theme/templates/chapter.html"))
            .expect("the built-in template");
    site.write(
        template,
        &built_in.replace(
            "{% block main %}",
            "{% block main %}{{ no_such_thing.field }}",
        ),
    );
    let errors = site.build_errors();
    assert!(
        errors[0]
            .location
            .file
            .to_string_lossy()
            .ends_with("chapter.html"),
        "{errors:?}"
    );
    assert_eq!(snapshot(&site.output()), before);
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("praxis-staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
