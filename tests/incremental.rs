//! The watch server's rebuilds: after any change, the files it serves equal a full build of
//! the same sources, byte for byte; while any error remains, the session stays failed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::TestSite;
use praxis::diagnostics::Diagnostics;
use praxis::incremental::{Changes, Rebuilt, Session, State};
use praxis::load::LoadOptions;

fn session(site: &TestSite) -> Session {
    Session::new(LoadOptions {
        root: site.root().to_path_buf(),
        drafts: true,
        base_url: Some("http://127.0.0.1:1111/".into()),
    })
}

fn materialise(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .files
        .iter()
        .map(|(path, file)| (path.clone(), file.read().expect("readable").to_vec()))
        .collect()
}

/// Apply a change through the incremental path, then check it against a fresh full build.
/// Returns the pages published first.
fn assert_same_as_full_build(
    site: &TestSite,
    incremental: &mut Session,
    changed: &[&str],
) -> Vec<String> {
    rebuild_same_as_full_build(site, incremental, changed).0
}

/// [`assert_same_as_full_build`], returning the pages published first and what the rebuild
/// said of itself.
fn rebuild_same_as_full_build(
    site: &TestSite,
    incremental: &mut Session,
    changed: &[&str],
) -> (Vec<String>, Rebuilt) {
    let (published_first, rebuilt) = rebuild_ok(incremental, changed);
    assert!(
        !rebuilt.full,
        "a content change should not rebuild everything"
    );
    assert_equal_to_full_build(site, incremental, &rebuilt, changed);
    (published_first, rebuilt)
}

/// The changes a watcher reports for these paths.
fn changes(paths: &[&str]) -> Changes {
    Changes::from(paths.iter().map(PathBuf::from).collect::<BTreeSet<_>>())
}

/// Rebuild after `changed`, which must succeed and leave the session good. Returns the pages
/// published first and what the rebuild said of itself.
fn rebuild_ok(incremental: &mut Session, changed: &[&str]) -> (Vec<String>, Rebuilt) {
    let mut published_first: Option<Vec<String>> = None;
    let rebuilt = incremental
        .rebuild(&changes(changed), |_, first| {
            if published_first.is_none() {
                published_first = Some(first.to_vec());
            }
        })
        .unwrap_or_else(|d| panic!("rebuild failed:\n{}", common::render(&d)));
    assert!(incremental.state().is_good(), "{:?}", incremental.state());
    (published_first.unwrap_or_default(), rebuilt)
}

/// The session's files and warnings are a fresh full build's, byte for byte.
fn assert_equal_to_full_build(
    site: &TestSite,
    incremental: &Session,
    rebuilt: &Rebuilt,
    changed: &[&str],
) {
    let mut full = session(site);
    let full_warnings = full.full().expect("full build").warnings;
    assert_eq!(
        messages(&rebuilt.warnings),
        messages(&full_warnings),
        "warnings differ from a full build's after {changed:?}"
    );
    let (ours, theirs) = (materialise(incremental), materialise(&full));
    let only_ours: Vec<&String> = ours.keys().filter(|k| !theirs.contains_key(*k)).collect();
    let only_theirs: Vec<&String> = theirs.keys().filter(|k| !ours.contains_key(*k)).collect();
    assert!(
        only_ours.is_empty() && only_theirs.is_empty(),
        "files differ: extra {only_ours:?}, missing {only_theirs:?}"
    );
    for (path, bytes) in &theirs {
        assert!(
            &ours[path] == bytes,
            "{path} differs from a full build after {changed:?}"
        );
    }
}

/// Rebuild after a broken change to `changed`: it must fail, publish nothing and leave the
/// served files as they were. Returns the errors.
fn assert_rebuild_fails(incremental: &mut Session, changed: &str) -> Diagnostics {
    let before = materialise(incremental);
    let errors = incremental
        .rebuild(&changes(&[changed]), |_, _| {
            panic!("nothing may be published")
        })
        .expect_err("the change is broken");
    assert_eq!(materialise(incremental), before);
    match incremental.state() {
        State::Failed { diagnostics, .. } => {
            assert_eq!(messages(diagnostics), messages(&errors));
        }
        State::Good => panic!("the session should be failed"),
    }
    errors
}

/// Each diagnostic as "file: message", sorted.
fn messages(diagnostics: &Diagnostics) -> Vec<String> {
    diagnostics
        .sorted()
        .iter()
        .map(|d| format!("{}: {}", d.location.file.display(), d.message))
        .collect()
}

fn page(session: &Session, path: &str) -> String {
    String::from_utf8_lossy(&session.files[path].read().unwrap()).into_owned()
}

#[test]
fn every_kind_of_change_ends_equal_to_a_full_build() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let chapter = "hubs/alpha/first-report/01-planning.md";

    // Edit a chapter's text: its page is published first.
    site.write(
        chapter,
        &site
            .read_source(chapter)
            .replace("Planning starts early.", "Planning starts very early."),
    );
    let first = assert_same_as_full_build(&site, &mut incremental, &[chapter]);
    assert_eq!(first, ["hubs/alpha/first-report/planning/index.html"]);
    assert!(
        String::from_utf8_lossy(
            &incremental.files["hubs/alpha/first-report/planning/index.html"]
                .read()
                .unwrap()
        )
        .contains("very early")
    );

    // Change its title and terms: lists elsewhere follow.
    site.write(
        chapter,
        &site
            .read_source(chapter)
            .replace(
                "title: \"Planning in alpha\"",
                "title: \"Planning, revised\"",
            )
            .replace("issues: [forced-labour]", "issues: [child-labour]"),
    );
    assert_same_as_full_build(&site, &mut incremental, &[chapter]);

    // Add a chapter, with a link to it from another.
    site.write("hubs/beta/second-report/02-remedy.md", "---\ntitle: \"Remedy in beta\"\nphase: remedy\nissues: [forced-labour]\ngaps: [\"g\"]\n---\n## Channels\n\nText.\n");
    assert_same_as_full_build(
        &site,
        &mut incremental,
        &["hubs/beta/second-report/02-remedy.md"],
    );
    let planning_beta = "hubs/beta/second-report/01-planning.md";
    site.write(
        planning_beta,
        &site.read_source(planning_beta).replace(
            "Beta screens every purchase.",
            "Beta screens every purchase; see [remedy](02-remedy.md#channels).",
        ),
    );
    assert_same_as_full_build(&site, &mut incremental, &[planning_beta]);

    // Rename it (and fix the link), then remove it (and the link).
    std::fs::rename(
        site.root().join("hubs/beta/second-report/02-remedy.md"),
        site.root().join("hubs/beta/second-report/03-redress.md"),
    )
    .unwrap();
    site.write(
        planning_beta,
        &site
            .read_source(planning_beta)
            .replace("02-remedy.md", "03-redress.md"),
    );
    assert_same_as_full_build(
        &site,
        &mut incremental,
        &[
            "hubs/beta/second-report/02-remedy.md",
            "hubs/beta/second-report/03-redress.md",
            planning_beta,
        ],
    );
    site.remove("hubs/beta/second-report/03-redress.md");
    site.write(
        planning_beta,
        &site
            .read_source(planning_beta)
            .replace("; see [remedy](03-redress.md#channels)", ""),
    );
    assert_same_as_full_build(
        &site,
        &mut incremental,
        &["hubs/beta/second-report/03-redress.md", planning_beta],
    );

    // A report, a Lab page and an asset.
    site.write(
        "hubs/alpha/first-report/_index.md",
        &site
            .read_source("hubs/alpha/first-report/_index.md")
            .replace("First report", "First report, second edition"),
    );
    assert_same_as_full_build(
        &site,
        &mut incremental,
        &["hubs/alpha/first-report/_index.md"],
    );
    site.write(
        "content/about.md",
        &site
            .read_source("content/about.md")
            .replace("A test site.", "A test site, edited."),
    );
    assert_same_as_full_build(&site, &mut incremental, &["content/about.md"]);
    site.write(
        "content/about/photo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    assert_same_as_full_build(&site, &mut incremental, &["content/about/photo.svg"]);
}

#[test]
fn a_broken_change_keeps_the_last_good_build() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let chapter = "hubs/alpha/first-report/02-risk.md";
    let good = site.read_source(chapter);
    site.write(
        chapter,
        &good.replace("phase: risk-assessment", "phase: risk-asessment"),
    );
    let errors = assert_rebuild_fails(&mut incremental, chapter);
    assert!(errors.sorted()[0].message.contains("unknown phase"));
    // Fixing it brings the incremental build back in step.
    site.write(
        chapter,
        &good.replace("Audits are announced", "Audits are still announced"),
    );
    assert_same_as_full_build(&site, &mut incremental, &[chapter]);
}

/// A template's text is an input of every page that loaded it: editing the site's own
/// chapter template re-renders the chapter pages and no other; a change to site.toml, which
/// the graph does not place setting by setting, rebuilds everything.
#[test]
fn a_template_edit_re_renders_the_pages_that_loaded_it_and_site_toml_everything() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    // The site overrides the built-in chapter template: which file the theme uses changed,
    // so every page follows, and the result is a full build's.
    let template = "templates/chapter.html";
    let built_in =
        std::fs::read_to_string(common::repo_root().join("src/theme/templates/chapter.html"))
            .expect("the built-in template");
    site.write(
        template,
        &built_in.replace(
            "{% block main %}",
            "{% block main %}<p>Template edited.</p>",
        ),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[template]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[template]);
    let page = incremental.files["hubs/beta/second-report/planning/index.html"]
        .read()
        .unwrap();
    assert!(String::from_utf8_lossy(&page).contains("Template edited."));

    // Edited again: only the pages that loaded it.
    site.write(
        template,
        &built_in.replace(
            "{% block main %}",
            "{% block main %}<p>Template edited twice.</p>",
        ),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[template]);
    assert!(!rebuilt.full);
    let chapters: BTreeSet<String> = incremental
        .site()
        .expect("built")
        .chapters
        .iter()
        .map(|c| format!("{}index.html", c.path))
        .collect();
    let pages: BTreeSet<String> = rebuilt.pages.iter().cloned().collect();
    assert_eq!(pages, chapters, "exactly the chapter pages re-render");
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[template]);

    site.write(
        "site.toml",
        &site
            .read_source("site.toml")
            .replace("Minimal Lab", "Minimal Lab, renamed"),
    );
    assert!(
        incremental
            .rebuild(&changes(&["site.toml"]), |_, _| {})
            .expect("rebuild")
            .full
    );
    let home = incremental.files["index.html"].read().unwrap();
    assert!(String::from_utf8_lossy(&home).contains("Minimal Lab, renamed"));
}

#[test]
fn a_chapter_edit_re_reads_that_file_alone_and_ends_equal_to_a_full_build() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let chapter = "hubs/alpha/first-report/01-planning.md";

    // Text, title, summary, gaps and terms: the file alone is re-read, and every page that
    // shows them follows.
    site.write(
        chapter,
        &site
            .read_source(chapter)
            .replace("Planning starts early.", "Planning starts with a map.")
            .replace(
                "title: \"Planning in alpha\"",
                "title: \"Planning, mapped\"",
            )
            .replace("Plans ignore *workers*.", "Plans ignore *home workers*.")
            .replace("issues: [forced-labour]", "issues: [child-labour]"),
    );
    let (first, rebuilt) = rebuild_same_as_full_build(&site, &mut incremental, &[chapter]);
    assert!(rebuilt.one_file, "a text edit should re-read one file");
    assert_eq!(first, ["hubs/alpha/first-report/planning/index.html"]);
    assert!(page(&incremental, "hubs/alpha/first-report/index.html").contains("Planning, mapped"));
    assert!(page(&incremental, "phases/planning/index.html").contains("home workers"));

    // Another phase moves the chapter between lists: the whole site is reloaded.
    site.write(
        chapter,
        &site
            .read_source(chapter)
            .replace("phase: planning", "phase: remedy"),
    );
    let (_, rebuilt) = rebuild_same_as_full_build(&site, &mut incremental, &[chapter]);
    assert!(!rebuilt.one_file, "a phase change must reload the site");
}

#[test]
fn removing_a_heading_another_chapter_links_to_is_still_a_broken_anchor() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    // 01-planning links to 02-risk.md#what-goes-wrong.
    let risk = "hubs/alpha/first-report/02-risk.md";
    let good = site.read_source(risk);
    site.write(
        risk,
        &good.replace("## What goes wrong", "## What went wrong"),
    );
    let errors = assert_rebuild_fails(&mut incremental, risk);
    let error = &errors.sorted()[0];
    assert!(error.message.contains("broken anchor"), "{}", error.message);
    assert_eq!(
        error.location.file,
        PathBuf::from("hubs/alpha/first-report/01-planning.md")
    );
    site.write(risk, &good);
    assert_same_as_full_build(&site, &mut incremental, &[risk]);
}

#[test]
fn warnings_after_an_edit_are_a_full_builds_warnings() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let risk = "hubs/alpha/first-report/02-risk.md";
    let good = site.read_source(risk);
    let without_findings = good
        .replace("gaps:\n  - \"Audits miss the lower tiers.\"\n", "")
        .replace("options:\n  - \"Use worker-driven monitoring.\"\n", "");
    site.write(risk, &without_findings);
    let (_, rebuilt) = rebuild_same_as_full_build(&site, &mut incremental, &[risk]);
    assert!(
        messages(&rebuilt.warnings)
            .iter()
            .any(|m| m.contains("lists no gaps and no options"))
    );

    // An edit of another chapter keeps that warning; fixing the chapter clears it.
    let planning = "hubs/alpha/first-report/01-planning.md";
    site.write(
        planning,
        &site
            .read_source(planning)
            .replace("Planning starts early.", "Planning starts later."),
    );
    let (_, rebuilt) = rebuild_same_as_full_build(&site, &mut incremental, &[planning]);
    assert!(rebuilt.one_file);
    assert_eq!(rebuilt.warnings.warning_count(), 1);
    site.write(risk, &good);
    let (_, rebuilt) = rebuild_same_as_full_build(&site, &mut incremental, &[risk]);
    assert!(rebuilt.warnings.is_empty());
}

#[test]
fn an_edit_elsewhere_never_reports_a_broken_build_as_fixed() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let risk = "hubs/alpha/first-report/02-risk.md";
    let planning = "hubs/beta/second-report/01-planning.md";
    let good_risk = site.read_source(risk);

    // Break chapter A.
    site.write(
        risk,
        &good_risk.replace("phase: risk-assessment", "phase: risk-asessment"),
    );
    assert_rebuild_fails(&mut incremental, risk);

    // A valid edit of chapter B, one the fast path would take from a good build: the build
    // is still broken, A's error is still the one reported, nothing is published.
    site.write(
        planning,
        &site
            .read_source(planning)
            .replace("Planning in beta", "Planning in beta, revised"),
    );
    let errors = assert_rebuild_fails(&mut incremental, planning);
    assert!(
        messages(&errors)
            .iter()
            .any(|m| m.starts_with(risk) && m.contains("unknown phase")),
        "{:?}",
        messages(&errors)
    );
    match incremental.state() {
        State::Failed { pending, .. } => {
            assert_eq!(
                pending,
                &changes(&[planning, risk]),
                "both batches are pending"
            );
        }
        State::Good => panic!("still broken"),
    }

    // Fix A alone: the batch carries B's edit too, so every page that lists B follows.
    site.write(risk, &good_risk);
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[risk]);
    assert!(!rebuilt.one_file);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[risk]);
    assert!(
        page(&incremental, "hubs/beta/second-report/index.html")
            .contains("Planning in beta, revised")
    );
    assert!(page(&incremental, "phases/planning/index.html").contains("Planning in beta, revised"));
}

#[test]
fn a_failed_batchs_paths_are_applied_with_the_next_batch() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let planning = "hubs/alpha/first-report/01-planning.md";
    let risk = "hubs/alpha/first-report/02-risk.md";
    let good_risk = site.read_source(risk);

    // One batch: a valid title change and a broken chapter.
    site.write(
        planning,
        &site
            .read_source(planning)
            .replace("Planning in alpha", "Planning, renamed"),
    );
    site.write(
        risk,
        &good_risk.replace("phase: risk-assessment", "phase: nope"),
    );
    let both = changes(&[planning, risk]);
    incremental
        .rebuild(&both, |_, _| panic!("nothing may be published"))
        .expect_err("broken");

    // The next batch names only the fixed chapter; the renamed one still reaches its lists.
    site.write(risk, &good_risk);
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[risk]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[risk]);
    assert!(page(&incremental, "hubs/alpha/index.html").contains("Planning, renamed"));
}

#[test]
fn a_renamed_or_removed_folder_reloads_everything() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");

    // A report folder renamed: the watcher sees the old and the new folder, no file.
    std::fs::rename(
        site.root().join("hubs/alpha/first-report"),
        site.root().join("hubs/alpha/renamed-report"),
    )
    .unwrap();
    let renamed = ["hubs/alpha/first-report", "hubs/alpha/renamed-report"];
    let (_, rebuilt) = rebuild_ok(&mut incremental, &renamed);
    assert!(rebuilt.full, "a folder event reloads the whole site");
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &renamed);
    let hub = page(&incremental, "hubs/alpha/index.html");
    assert!(hub.contains("/hubs/alpha/renamed-report/"), "{hub}");
    assert!(!hub.contains("/hubs/alpha/first-report/"), "{hub}");
    assert!(
        !incremental
            .files
            .contains_key("hubs/alpha/first-report/index.html")
    );

    // Only the old name, as when the new one is outside the watched folders: that path is
    // no source of the last build, so it cannot be placed and everything is reloaded.
    std::fs::rename(
        site.root().join("hubs/alpha/renamed-report"),
        site.root().join("renamed-report"),
    )
    .unwrap();
    let gone = ["hubs/alpha/renamed-report"];
    let (_, rebuilt) = rebuild_ok(&mut incremental, &gone);
    assert!(rebuilt.full);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &gone);
    assert!(!page(&incremental, "hubs/alpha/index.html").contains("renamed-report"));

    // Events lost: everything is reloaded.
    let lost = Changes::everything();
    let rebuilt = incremental.rebuild(&lost, |_, _| {}).expect("rebuild");
    assert!(rebuilt.full);
}

/// Aliases added, moved to another file, renamed and removed in the watch server: the
/// redirect pages, the manifest and the feeds are always a full build's.
#[test]
fn aliases_changed_while_serving_end_equal_to_a_full_build() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let chapter = "hubs/alpha/first-report/01-planning.md";
    let page_file = "content/about.md";
    let with_alias = |rel: &str, alias: &str| {
        let text = site.read_source(rel);
        let text = match text.lines().nth(1) {
            Some(line) if line.starts_with("aliases:") => text.replacen(line, alias, 1),
            _ => text.replacen("---\n", &format!("---\n{alias}\n"), 1),
        };
        site.write(rel, &text);
    };

    with_alias(chapter, "aliases: [old/planning/]");
    let (_, rebuilt) = rebuild_same_as_full_build(&site, &mut incremental, &[chapter]);
    assert!(
        !rebuilt.one_file,
        "new aliases are claimed by a full reload"
    );
    assert!(incremental.files.contains_key("old/planning/index.html"));
    assert!(
        page(&incremental, "urls.json").contains("\"/old/planning/\""),
        "the manifest lists the alias"
    );

    // The same edit again with only the text changed keeps the fast path.
    site.write(
        chapter,
        &site
            .read_source(chapter)
            .replace("Planning starts early.", "Planning starts earlier."),
    );
    let (_, rebuilt) = rebuild_same_as_full_build(&site, &mut incremental, &[chapter]);
    assert!(rebuilt.one_file);

    with_alias(chapter, "aliases: [older/planning/]");
    assert_same_as_full_build(&site, &mut incremental, &[chapter]);
    assert!(!incremental.files.contains_key("old/planning/index.html"));

    // The alias moves to another file in one batch.
    with_alias(chapter, "aliases: []");
    with_alias(page_file, "aliases: [older/planning/]");
    assert_same_as_full_build(&site, &mut incremental, &[chapter, page_file]);
    assert!(page(&incremental, "older/planning/index.html").contains("/about/"));
}

/// Early cutoff: an edit to a chapter's text alone (title, summary, phase, terms, gaps and
/// options unchanged) re-renders only the pages that show its text: its own page and its
/// report's print view. Listings that show only its card stay as they were.
#[test]
fn a_text_edit_re_renders_only_the_chapter_and_its_print_view() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let chapter = "hubs/alpha/first-report/01-planning.md";
    site.write(
        chapter,
        &site.read_source(chapter).replace(
            "Planning starts early.",
            "Planning starts with a map of the supply chain.",
        ),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[chapter]);
    let pages: BTreeSet<&str> = rebuilt.pages.iter().map(String::as_str).collect();
    assert_eq!(
        pages,
        BTreeSet::from([
            "hubs/alpha/first-report/planning/index.html",
            "hubs/alpha/first-report/print/index.html",
        ])
    );
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[chapter]);

    // Its title: every page that lists it follows.
    site.write(
        chapter,
        &site.read_source(chapter).replace(
            "title: \"Planning in alpha\"",
            "title: \"Planning, in alpha\"",
        ),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[chapter]);
    assert!(rebuilt.pages.len() > 5, "{:?}", rebuilt.pages);
    assert!(
        rebuilt
            .pages
            .contains(&"phases/planning/index.html".to_owned())
    );
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[chapter]);
}

#[test]
fn resource_and_citing_chapter_edits_end_equal_to_a_full_build() {
    let site = TestSite::lab();
    let mut incremental = session(&site);
    incremental.full().expect("first build");

    // A resource's title: the library, its type page, its page and the chapters listing it.
    let resource = "resources/montreux-document.md";
    site.write(
        resource,
        &site.read_source(resource).replace(
            "The Montreux Document on",
            "The Montreux Document (2008) on",
        ),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[resource]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[resource]);
    assert!(page(&incremental, "resources/index.html").contains("The Montreux Document (2008) on"));

    // A chapter's title shows on the pages of the resources it links to.
    let chapter = "hubs/private-security/contracting-security-services/01-planning.md";
    let text = site.read_source(chapter);
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title: "))
        .unwrap()
        .to_owned();
    site.write(
        chapter,
        &text.replace(&title_line, "title: \"Planning, renamed\""),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[chapter]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[chapter]);
    assert!(
        page(&incremental, "resources/montreux-document/index.html").contains("Planning, renamed")
    );

    // A new link from a chapter's text adds the chapter to the resource's page.
    let other = "hubs/apparel/public-buyers-and-garment-supply-chains/01-planning.md";
    let text = site.read_source(other);
    site.write(
        other,
        &format!("{text}\nSee also [the Montreux Document](/resources/montreux-document.md).\n"),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[other]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[other]);
    assert!(
        page(&incremental, "resources/montreux-document/index.html")
            .contains("hubs/apparel/public-buyers-and-garment-supply-chains/planning/")
    );
}

#[test]
fn survey_edits_end_equal_to_a_full_build() {
    let site = TestSite::lab();
    let mut incremental = session(&site);
    incremental.full().expect("first build");

    // One answer's value: the matrix, the jurisdiction's and the question's pages, the phase
    // page's counts and the downloads.
    let answers = "survey/jurisdictions/germany.yaml";
    let text = site.read_source(answers);
    let edited = text.replacen("value: \"yes\"", "value: \"no\"", 1);
    assert_ne!(text, edited, "Germany answers yes somewhere");
    site.write(answers, &edited);
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[answers]);
    assert!(!rebuilt.full, "an answer's edit is not a full reload");
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[answers]);

    // A question's text: every survey page names it.
    let questionnaire = "survey/survey.yaml";
    let text = site.read_source(questionnaire);
    site.write(
        questionnaire,
        &text.replacen("text: \"", "text: \"(Revised) ", 1),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[questionnaire]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[questionnaire]);
    assert!(page(&incremental, "survey/index.html").contains("(Revised) "));
}

/// The Lab in three languages: editing a translation, adding one, removing one and editing
/// an original each end with every tree equal to a full build's.
#[test]
fn translation_edits_end_equal_to_a_full_build() {
    let site = TestSite::lab();
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let report = "hubs/apparel/public-buyers-and-garment-supply-chains";

    // A translated chapter's title: its page, the French listings that show it.
    let french = format!("{report}/01-planning.fr.md");
    let text = site.read_source(&french);
    site.write(
        &french,
        &text.replacen("title: \"", "title: \"(Révisé) ", 1),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[&french]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[&french]);
    let phase = page(&incremental, "fr/phases/planning/index.html");
    assert!(
        phase.contains("(Révisé) "),
        "the French phase page lists the new title"
    );
    assert!(!page(&incremental, "phases/planning/index.html").contains("(Révisé) "));

    // A new translation: the fallback page becomes a translated one.
    let spanish = format!("{report}/02-risk-assessment.es.md");
    site.write(
        &spanish,
        "---\ntitle: \"Evaluar los riesgos\"\nupdated: 2026-12-01\n---\nTexto.\n",
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[&spanish]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[&spanish]);
    let risk = format!("es/{report}/risk-assessment/index.html");
    assert!(
        page(&incremental, &risk).contains("Evaluar los riesgos"),
        "{risk}"
    );

    // The original's text: the fallback copies in both trees follow it.
    let original = format!("{report}/04-award.md");
    let text = site.read_source(&original);
    site.write(
        &original,
        &text.replacen("\n## ", "\nA new opening line.\n\n## ", 1),
    );
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[&original]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[&original]);

    // Removed again: back to the original's text, with the notice.
    std::fs::remove_file(site.root().join(&spanish)).unwrap();
    let (_, rebuilt) = rebuild_ok(&mut incremental, &[&spanish]);
    assert_equal_to_full_build(&site, &incremental, &rebuilt, &[&spanish]);
    assert!(page(&incremental, &risk).contains("notice-translation"));
}
