//! The watch server's rebuilds: after any change, the files it serves equal a full build of
//! the same sources, byte for byte.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::TestSite;
use praxis::incremental::Session;
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
fn assert_same_as_full_build(
    site: &TestSite,
    incremental: &mut Session,
    changed: &[&str],
) -> Vec<String> {
    let changed: BTreeSet<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let mut published_first: Option<Vec<String>> = None;
    let rebuilt = incremental
        .rebuild(&changed, |_, first| {
            if published_first.is_none() {
                published_first = Some(first.to_vec());
            }
        })
        .unwrap_or_else(|d| panic!("rebuild failed:\n{}", common::render(&d)));
    assert!(
        !rebuilt.full,
        "a content change should not rebuild everything"
    );
    let mut full = session(site);
    full.full().expect("full build");
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
    published_first.unwrap_or_default()
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
    let before = materialise(&incremental);
    let chapter = "hubs/alpha/first-report/02-risk.md";
    let good = site.read_source(chapter);
    site.write(
        chapter,
        &good.replace("phase: risk-assessment", "phase: risk-asessment"),
    );
    let changed: BTreeSet<PathBuf> = [PathBuf::from(chapter)].into();
    let errors = incremental
        .rebuild(&changed, |_, _| panic!("nothing may be published"))
        .expect_err("the change is broken");
    assert!(errors.sorted()[0].message.contains("unknown phase"));
    assert_eq!(materialise(&incremental), before);
    // Fixing it brings the incremental build back in step.
    site.write(
        chapter,
        &good.replace("Audits are announced", "Audits are still announced"),
    );
    assert_same_as_full_build(&site, &mut incremental, &[chapter]);
}

#[test]
fn a_template_or_site_toml_change_re_renders_every_page() {
    let site = TestSite::fixture("minimal");
    let mut incremental = session(&site);
    incremental.full().expect("first build");
    let template = "themes/default/templates/chapter.html";
    site.write(
        template,
        &site.read_source(template).replace(
            "{% block main %}",
            "{% block main %}<p>Template edited.</p>",
        ),
    );
    let changed: BTreeSet<PathBuf> = [PathBuf::from(template)].into();
    let rebuilt = incremental.rebuild(&changed, |_, _| {}).expect("rebuild");
    assert!(rebuilt.full);
    let page = incremental.files["hubs/beta/second-report/planning/index.html"]
        .read()
        .unwrap();
    assert!(String::from_utf8_lossy(&page).contains("Template edited."));

    site.write(
        "site.toml",
        &site
            .read_source("site.toml")
            .replace("Minimal Lab", "Minimal Lab, renamed"),
    );
    let changed: BTreeSet<PathBuf> = [PathBuf::from("site.toml")].into();
    assert!(
        incremental
            .rebuild(&changed, |_, _| {})
            .expect("rebuild")
            .full
    );
    let home = incremental.files["index.html"].read().unwrap();
    assert!(String::from_utf8_lossy(&home).contains("Minimal Lab, renamed"));
}
