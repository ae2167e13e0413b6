//! Addresses that keep working and pages that say where they come from: a hub leader renames
//! a chapter and keeps its old address with `aliases:`, the pull request check names the
//! alias line a rename forgot, every page links to its source in the web editor, and
//! followers get the new chapters in a feed.

mod common;

use std::process::Command;

use common::TestSite;

const RISK: &str = "hubs/alpha/first-report/02-risk.md";
const RENAMED: &str = "hubs/alpha/first-report/02-risk-in-alpha.md";

/// Rename the risk chapter (and the link to it), optionally with an alias for its old address.
fn rename_risk_chapter(site: &TestSite, aliases: Option<&str>) {
    let text = site.read_source(RISK);
    site.remove(RISK);
    let text = match aliases {
        Some(list) => text.replacen("---\n", &format!("---\naliases: {list}\n"), 1),
        None => text,
    };
    site.write(RENAMED, &text);
    let planning = "hubs/alpha/first-report/01-planning.md";
    let linking = site
        .read_source(planning)
        .replace("(02-risk.md#", "(02-risk-in-alpha.md#");
    site.write(planning, &linking);
}

#[test]
fn a_renamed_chapter_keeps_its_old_address_as_a_redirect_page() {
    let site = TestSite::fixture("minimal");
    rename_risk_chapter(&site, Some("[hubs/alpha/first-report/risk/]"));
    site.build_ok();
    let old = site.page("hubs/alpha/first-report/risk");
    let new = "/lab/hubs/alpha/first-report/risk-in-alpha/";
    assert!(
        old.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={new}\">"
        )),
        "{old}"
    );
    assert!(old.contains(&format!("<a href=\"{new}\">Risk in alpha</a>")));
    assert!(old.contains(
        "<link rel=\"canonical\" href=\"https://example.org/lab/hubs/alpha/first-report/risk-in-alpha/\">"
    ));
    assert!(old.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!old.contains("<script"), "works without JavaScript");
    assert!(site.has_page("hubs/alpha/first-report/risk-in-alpha"));
    let sitemap = std::fs::read_to_string(site.output().join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("first-report/risk/<"),
        "a redirect is not a page to index"
    );
}

#[test]
fn a_reports_alias_keeps_its_print_view_too() {
    let site = TestSite::fixture("minimal");
    let report = "hubs/alpha/first-report/_index.md";
    let text =
        site.read_source(report)
            .replacen("---\n", "---\naliases: [/hubs/alpha/old-report]\n", 1);
    site.write(report, &text);
    site.build_ok();
    assert!(
        site.page("hubs/alpha/old-report")
            .contains("url=/lab/hubs/alpha/first-report/\"")
    );
    assert!(
        site.page("hubs/alpha/old-report/print")
            .contains("url=/lab/hubs/alpha/first-report/print/\"")
    );
}

#[test]
fn an_alias_that_takes_a_pages_address_is_an_error_on_its_line() {
    let site = TestSite::fixture("minimal");
    let text = site.read_source(RISK).replacen(
        "---\n",
        "---\naliases: [hubs/alpha/first-report/planning/]\n",
        1,
    );
    site.write(RISK, &text);
    let errors = site.build_errors();
    let error = errors
        .iter()
        .find(|d| {
            d.message
                .contains("/hubs/alpha/first-report/planning/ is already taken")
        })
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert_eq!(error.location.file.to_string_lossy(), RISK);
    assert_eq!((error.location.line, error.location.column), (2, 11));
    assert!(
        error
            .label
            .as_deref()
            .is_some_and(|l| l.contains("hubs/alpha/first-report/01-planning.md")),
        "{error:?}"
    );
    assert!(
        error
            .help
            .as_deref()
            .is_some_and(|h| h.contains("remove it"))
    );
}

#[test]
fn two_files_with_the_same_alias_are_both_told() {
    let site = TestSite::fixture("minimal");
    for file in [RISK, "content/about.md"] {
        let text = site
            .read_source(file)
            .replacen("---\n", "---\naliases: [old/]\n", 1);
        site.write(file, &text);
    }
    let errors = site.build_errors();
    let taken: Vec<_> = errors
        .iter()
        .filter(|d| d.message.contains("/old/ is already taken"))
        .map(|d| {
            (
                d.location.file.to_string_lossy().into_owned(),
                d.location.line,
            )
        })
        .collect();
    assert_eq!(
        taken,
        [("content/about.md".to_owned(), 2), (RISK.to_owned(), 2)]
    );
}

#[test]
fn an_alias_that_cannot_be_a_folder_is_refused_with_the_fix() {
    let site = TestSite::fixture("minimal");
    let text = site.read_source(RISK).replacen(
        "---\n",
        "---\naliases: [\"old/risk.html\", static/x/]\n",
        1,
    );
    site.write(RISK, &text);
    let errors = site.build_errors();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("invalid alias `old/risk.html`: `.` is not allowed")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("invalid alias `static/x/`")),
        "{messages:?}"
    );
    assert!(errors.iter().all(|d| d.location.line == 2));
}

/// The published site's manifest, kept aside as the pull request check would fetch it.
fn published_manifest(site: &TestSite) -> std::path::PathBuf {
    site.build_ok();
    let kept = site.root().join("published-urls.json");
    std::fs::copy(site.output().join("urls.json"), &kept).expect("urls.json is written");
    kept
}

fn urls_check(site: &TestSite, before: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .arg("urls-check")
        .arg("--before")
        .arg(before)
        .arg("--root")
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .expect("praxis runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_manifest_lists_every_public_address_sorted_and_the_same_every_build() {
    let site = TestSite::fixture("minimal");
    let first = std::fs::read_to_string(published_manifest(&site)).unwrap();
    site.build_ok();
    let second = std::fs::read_to_string(site.output().join("urls.json")).unwrap();
    assert_eq!(first, second);
    let manifest = praxis::urls::Manifest::parse(&first).unwrap();
    let urls: Vec<&str> = manifest.urls.iter().map(|e| e.url.as_str()).collect();
    let mut sorted = urls.clone();
    sorted.sort();
    assert_eq!(urls, sorted);
    assert!(urls.contains(&"/hubs/alpha/first-report/risk/"));
    assert!(urls.contains(&"/about/"));
    assert!(!urls.iter().any(|u| u.contains("example.org")));
}

#[test]
fn urls_check_names_the_alias_line_a_rename_forgot_and_passes_once_it_is_written() {
    let site = TestSite::fixture("minimal");
    let before = published_manifest(&site);
    rename_risk_chapter(&site, None);
    let (ok, stderr) = urls_check(&site, &before);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("the published address /hubs/alpha/first-report/risk/ would disappear"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {RENAMED}")), "{stderr}");
    assert!(
        stderr.contains("aliases: [hubs/alpha/first-report/risk/]"),
        "{stderr}"
    );
    // urls-check writes nothing: its count says what to do, not "nothing was written".
    assert!(
        stderr.contains(
            "1 error; add the `aliases:` each help line gives, so that the old addresses keep working"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("nothing was written"), "{stderr}");

    rename_risk_chapter_in_place_with_alias(&site);
    let (ok, stderr) = urls_check(&site, &before);
    assert!(ok, "{stderr}");
}

/// Write the alias line the check asked for into the renamed chapter.
fn rename_risk_chapter_in_place_with_alias(site: &TestSite) {
    let text = site.read_source(RENAMED).replacen(
        "---\n",
        "---\naliases: [hubs/alpha/first-report/risk/]\n",
        1,
    );
    site.write(RENAMED, &text);
}

#[test]
fn urls_check_on_a_site_with_errors_says_no_address_was_compared() {
    let site = TestSite::fixture("minimal");
    let before = published_manifest(&site);
    site.write(
        RISK,
        "---\ntitle: Risk: what goes wrong\nphase: remedy\n---\nBody\n",
    );
    let (ok, stderr) = urls_check(&site, &before);
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("a colon in unquoted text"), "{stderr}");
    assert!(
        stderr.contains(
            "1 error; no address was compared: fix the errors first, then run urls-check again"
        ),
        "{stderr}"
    );
}

#[test]
fn a_deleted_chapter_is_pointed_at_the_page_that_can_take_its_address() {
    let site = TestSite::fixture("minimal");
    let before = published_manifest(&site);
    site.remove(RISK);
    let planning = "hubs/alpha/first-report/01-planning.md";
    let text = site
        .read_source(planning)
        .replace("See the [risk chapter](02-risk.md#what-goes-wrong).", "");
    site.write(planning, &text);
    let (ok, stderr) = urls_check(&site, &before);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("/hubs/alpha/first-report/risk/ would disappear"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hubs/alpha/first-report/_index.md"),
        "the report can take the old address: {stderr}"
    );
}

fn with_repository(site: &TestSite, lines: &str) {
    let config = site.read_source("site.toml");
    let config = config.replacen(
        "base_url = \"https://example.org/lab/\"\n",
        &format!("base_url = \"https://example.org/lab/\"\n{lines}"),
        1,
    );
    site.write("site.toml", &config);
}

#[test]
fn every_chapter_report_and_page_links_to_its_source_in_the_web_editor() {
    let site = TestSite::fixture("minimal");
    with_repository(
        &site,
        "repository = \"https://github.com/lab/site\"\nbranch = \"trunk\"\n",
    );
    site.build_ok();
    let repo = "https://github.com/lab/site";
    for (page, source) in [
        ("hubs/alpha/first-report/risk", RISK),
        (
            "hubs/alpha/first-report",
            "hubs/alpha/first-report/_index.md",
        ),
        ("about", "content/about.md"),
    ] {
        let html = site.page(page);
        assert!(
            html.contains(&format!(
                "<a href=\"{repo}/edit/trunk/{source}\">Edit this page</a>"
            )),
            "{page}: {html}"
        );
        assert!(
            html.contains(&format!("href=\"{repo}/commits/trunk/{source}\"")),
            "{page}"
        );
    }
}

#[test]
fn without_a_repository_there_is_no_edit_link() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    assert!(
        !site
            .page("hubs/alpha/first-report/risk")
            .contains("Edit this page")
    );
}

#[test]
fn a_repository_that_is_not_https_is_an_error_in_site_toml() {
    let site = TestSite::fixture("minimal");
    with_repository(&site, "repository = \"javascript:alert(1)\"\n");
    let errors = site.build_errors();
    let error = &errors[0];
    assert_eq!(error.location.file.to_string_lossy(), "site.toml");
    assert_eq!(error.location.line, 4);
    assert!(
        error.message.contains("must start with https://"),
        "{error:?}"
    );
}

/// The entries of an Atom feed as (title, updated), checking the document on the way.
fn feed_entries(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).expect("the feed is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((atom, "feed")));
    for required in ["id", "title", "updated"] {
        assert!(
            feed.children().any(|c| c.has_tag_name((atom, required))),
            "a feed needs <{required}>"
        );
    }
    let text = |node: roxmltree::Node, tag: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, tag)))
            .and_then(|c| c.text())
            .unwrap_or_else(|| panic!("an entry needs <{tag}>"))
            .to_owned()
    };
    feed.children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .map(|entry| {
            text(entry, "id");
            (text(entry, "title"), text(entry, "updated"))
        })
        .collect()
}

#[test]
fn the_feeds_carry_chapters_newest_first_and_each_hub_has_its_own() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let all = feed_entries(&std::fs::read_to_string(site.output().join("atom.xml")).unwrap());
    let titles: Vec<&str> = all.iter().map(|(t, _)| t.as_str()).collect();
    // "Planning in alpha" is updated 2026-02-01; "Risk in alpha" takes its report's date.
    assert!(titles.contains(&"Planning in alpha"), "{all:?}");
    assert!(titles.contains(&"Risk in alpha"), "{all:?}");
    let dates: Vec<&str> = all.iter().map(|(_, d)| d.as_str()).collect();
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first);

    let alpha =
        feed_entries(&std::fs::read_to_string(site.output().join("hubs/alpha/atom.xml")).unwrap());
    assert!(alpha.iter().any(|(t, _)| t == "Planning in alpha"));
    let beta_titles: Vec<String> =
        feed_entries(&std::fs::read_to_string(site.output().join("hubs/beta/atom.xml")).unwrap())
            .into_iter()
            .map(|(t, _)| t)
            .collect();
    assert!(alpha.iter().all(|(t, _)| !beta_titles.contains(t)));
    assert!(site.page("hubs/alpha").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Minimal Lab: Alpha\" href=\"/lab/hubs/alpha/atom.xml\">"
    ));
}
