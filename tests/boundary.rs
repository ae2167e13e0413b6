//! The site's trust boundary, one small site per way across it: a file that would replace one
//! praxis generates, a symbolic link or a theme setting that leads out of the site, a draft's
//! files published without `--drafts`. Each case starts from the minimal fixture site.

mod common;

use common::TestSite;
use praxis::diagnostics::Diagnostic;

fn only(errors: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().expect("one")
}

fn file_of(d: &Diagnostic) -> String {
    d.location.file.to_string_lossy().replace('\\', "/")
}

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) {
    std::fs::create_dir_all(link.parent().expect("has a parent")).expect("create folder");
    std::os::unix::fs::symlink(target, link).expect("create symlink");
}

// ---- No symbolic link leads out -------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_template_linked_to_a_file_outside_is_refused_and_never_published() {
    let site = TestSite::fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.html");
    std::fs::write(&secret, "TOP-SECRET-TEMPLATE").unwrap();
    // A site's override of one template, linked out.
    let template = site.root().join("templates/404.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    symlink(&secret, &template);

    let d = only(site.build_errors());
    assert_eq!(file_of(&d), "templates/404.html");
    assert!(d.message.contains("points outside the site"), "{d:#?}");
    assert!(d.help.is_some());
    let published = common::snapshot(&site.output());
    assert!(
        !published
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("TOP-SECRET-TEMPLATE")),
        "the outside file's text is not in the output"
    );
}

#[cfg(unix)]
#[test]
fn a_theme_static_file_linked_outside_is_refused() {
    let site = TestSite::fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("leak.txt"), "TOP-SECRET-STATIC").unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(
        &outside.path().join("leak.txt"),
        &site.root().join("static/leak.txt"),
    );
    let d = only(site.build_errors());
    assert_eq!(file_of(&d), "static/leak.txt");
    assert!(d.message.contains("points outside the site"), "{d:#?}");
}

#[cfg(unix)]
#[test]
fn a_folder_linked_to_the_disk_root_is_refused_without_being_walked() {
    let site = TestSite::fixture("minimal");
    symlink(
        std::path::Path::new("/"),
        &site.root().join("hubs/alpha/first-report/disk"),
    );
    let errors = match site.build() {
        Ok(_) => panic!("the build should have failed"),
        Err(d) => d.sorted(),
    };
    // Walking `/` would report every unreadable folder and every link on the disk; a
    // refused link is one message and nothing behind it is looked at.
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(file_of(&errors[0]), "hubs/alpha/first-report/disk");
    assert!(errors[0].message.contains("points outside the site"));
}

#[cfg(unix)]
#[test]
fn a_theme_folder_linked_outside_is_refused() {
    let site = TestSite::fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    // A whole theme of the site's own, its folder linked out.
    common::copy_dir(
        &common::repo_root().join("src/theme"),
        &outside.path().join("mine"),
    );
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    symlink(
        &outside.path().join("mine"),
        &site.root().join("themes/mine"),
    );
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("theme = \"mine\"\n{config}"));
    let errors = site.build_errors();
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|d| file_of(d).starts_with("themes/mine")
            && d.message.contains("points outside the site")),
        "{errors:#?}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_that_stays_inside_the_site_is_followed() {
    let site = TestSite::fixture("minimal");
    site.write("shared/logo.svg", "<svg/>");
    symlink(
        &site.root().join("shared/logo.svg"),
        &site.root().join("content/logo.svg"),
    );
    symlink(
        &site.root().join("shared"),
        &site.root().join("content/media"),
    );
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(site.output().join("logo.svg")).unwrap(),
        "<svg/>"
    );
    assert!(site.output().join("media/logo.svg").is_file());
}

#[cfg(unix)]
#[test]
fn a_link_back_into_its_own_folder_is_refused_once() {
    let site = TestSite::fixture("minimal");
    symlink(
        std::path::Path::new(".."),
        &site.root().join("hubs/alpha/first-report/up"),
    );
    symlink(
        std::path::Path::new("../.."),
        &site.root().join("content/synthesis/site"),
    );
    let errors = site.build_errors();
    let files: Vec<String> = errors.iter().map(file_of).collect();
    assert_eq!(
        files,
        ["content/synthesis/site", "hubs/alpha/first-report/up"],
        "{errors:#?}"
    );
    assert!(
        errors.iter().all(|d| d
            .message
            .contains("leads back into a folder that contains it")),
        "{errors:#?}"
    );
}

#[test]
fn a_theme_outside_the_themes_folder_is_a_located_error_in_site_toml() {
    for theme in ["../../x", "/etc", "a/b", "..\\\\x", ".."] {
        let site = TestSite::fixture("minimal");
        let config = site.read_source("site.toml");
        site.write("site.toml", &format!("theme = \"{theme}\"\n{config}"));
        let d = only(site.build_errors());
        assert_eq!(file_of(&d), "site.toml", "{theme}: {d:#?}");
        assert_eq!(
            (d.location.line, d.location.column),
            (1, 9),
            "{theme}: {d:#?}"
        );
        assert!(d.message.starts_with("invalid theme"), "{d:#?}");
        assert!(d.help.as_deref().unwrap().contains("themes/"), "{d:#?}");
    }
}

#[test]
fn a_theme_that_is_not_in_the_themes_folder_is_named() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("theme = \"dark\"\n{config}"));
    let d = only(site.build_errors());
    assert_eq!(file_of(&d), "site.toml");
    assert!(d.message.contains("themes/dark/"), "{d:#?}");
}

// ---- Nothing shadows a generated file -------------------------------------------------

/// The one error of a build after adding `rel`, an asset.
fn shadowing_error(rel: &str) -> Diagnostic {
    let site = TestSite::fixture("minimal");
    site.write(rel, "replacement");
    let d = only(site.build_errors());
    assert_eq!(file_of(&d), rel, "{d:#?}");
    assert!(
        d.message.contains(&format!("`{rel}` would replace")),
        "{d:#?}"
    );
    assert!(
        d.help.as_deref().unwrap().starts_with("rename or move"),
        "{d:#?}"
    );
    assert!(!site.output().exists(), "nothing is written");
    d
}

#[test]
fn a_file_named_like_the_search_script_is_an_error_naming_both() {
    let d = shadowing_error("content/static/search.js");
    assert!(
        d.message
            .contains("the theme's file `(built-in theme)/static/search.js`"),
        "{d:#?}"
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("put your version in static/search.js"),
        "{d:#?}"
    );
}

#[test]
fn a_file_named_like_a_generated_file_is_an_error_naming_it() {
    for (rel, replaced) in [
        ("content/sitemap.xml", "the sitemap"),
        ("content/atom.xml", "the news feed"),
        ("content/robots.txt", "robots.txt"),
        ("content/404.html", "the 404 page"),
        ("content/index.html", "the home page"),
        ("content/search/meta.json", "a file of the search index"),
        (
            "hubs/alpha/first-report/planning/index.html",
            "the page of `hubs/alpha/first-report/01-planning.md`",
        ),
    ] {
        let d = shadowing_error(rel);
        assert!(
            d.message.contains(&format!("would replace {replaced} ")),
            "{rel}: {d:#?}"
        );
    }
}

#[test]
fn two_files_copied_to_the_same_path_are_an_error_naming_both() {
    let site = TestSite::fixture("minimal");
    site.write("hubs/alpha/first-report/map.png", "one");
    site.write("content/hubs/alpha/first-report/map.png", "two");
    let d = only(site.build_errors());
    assert_eq!(file_of(&d), "hubs/alpha/first-report/map.png", "{d:#?}");
    assert!(
        d.message
            .contains("would replace `content/hubs/alpha/first-report/map.png`"),
        "{d:#?}"
    );
}

#[test]
fn a_file_beside_a_generated_one_is_copied() {
    let site = TestSite::fixture("minimal");
    site.write("content/static/logo.svg", "<svg/>");
    site.write("hubs/alpha/first-report/planning/figure.svg", "<svg/>");
    site.build_ok();
    assert!(site.output().join("static/logo.svg").is_file());
    assert!(site.output().join("static/search.js").is_file());
    assert!(
        site.output()
            .join("hubs/alpha/first-report/planning/figure.svg")
            .is_file()
    );
}

// ---- Drafts stay private --------------------------------------------------------------

/// The minimal site with a draft report holding a PDF and a picture, and a draft chapter in
/// a published report with a PDF only it links to.
fn site_with_drafts_and_their_files() -> TestSite {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/beta/draft-report/_index.md",
        "---\ntitle: \"Draft report\"\nstatus: draft\n---\nSee [the audit](audit.pdf).\n",
    );
    site.write("hubs/beta/draft-report/audit.pdf", "%PDF draft audit");
    site.write("hubs/beta/draft-report/img/chart.png", "png");
    site.write(
        "hubs/alpha/first-report/03-next.md",
        "---\ntitle: \"Next\"\nphase: remedy\nstatus: draft\n---\nThe [findings](findings.pdf) and [a shared note](shared.pdf).\n",
    );
    site.write(
        "hubs/alpha/first-report/findings.pdf",
        "%PDF draft findings",
    );
    site.write("hubs/alpha/first-report/shared.pdf", "%PDF shared");
    let planning = site.read_source("hubs/alpha/first-report/01-planning.md");
    site.write(
        "hubs/alpha/first-report/01-planning.md",
        &format!("{planning}\nRead [the note](shared.pdf).\n"),
    );
    site.write("hubs/alpha/first-report/unlinked.pdf", "%PDF unlinked");
    site
}

#[test]
fn a_draft_reports_files_and_a_draft_chapters_own_files_are_not_published() {
    let site = site_with_drafts_and_their_files();
    site.build_ok();
    let out = site.output();
    assert!(!out.join("hubs/beta/draft-report/audit.pdf").exists());
    assert!(!out.join("hubs/beta/draft-report/img/chart.png").exists());
    assert!(!out.join("hubs/beta/draft-report").exists());
    assert!(!out.join("hubs/alpha/first-report/findings.pdf").exists());
    // A published page links to it, or no page does: it is not a draft's.
    assert!(out.join("hubs/alpha/first-report/shared.pdf").is_file());
    assert!(out.join("hubs/alpha/first-report/unlinked.pdf").is_file());
}

#[test]
fn with_drafts_a_drafts_files_are_published() {
    let site = site_with_drafts_and_their_files();
    let mut options = site.options();
    options.drafts = true;
    // Matched loosely: the build's error type is not this test's business.
    if let Err(error) = praxis::build(&options) {
        panic!("the build with drafts failed: {error:#?}");
    }
    let out = site.output();
    assert!(out.join("hubs/beta/draft-report/audit.pdf").is_file());
    assert!(out.join("hubs/beta/draft-report/img/chart.png").is_file());
    assert!(out.join("hubs/alpha/first-report/findings.pdf").is_file());
}

#[test]
fn a_published_page_linking_to_a_draft_reports_file_is_told_it_is_a_draft() {
    let site = site_with_drafts_and_their_files();
    site.write(
        "content/about.md",
        "---\ntitle: \"About\"\n---\nThe [audit](/hubs/beta/draft-report/audit.pdf).\n",
    );
    let d = only(site.build_errors());
    assert_eq!(file_of(&d), "content/about.md");
    assert!(d.message.starts_with("link to a draft"), "{d:#?}");
}
