//! `praxis build` into a folder it built before renders only the pages whose recorded inputs
//! changed, keeps the rest, and ends byte for byte where a clean build ends; in any doubt it
//! renders every page and says why. (tests/property.rs holds the same after random edits.)

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{TestSite, snapshot};

fn build(site: &TestSite, output: &Path, extra: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(output)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("praxis runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The minimal fixture's first chapter, whose text the tests edit.
const PLANNING: &str = "hubs/alpha/first-report/01-planning.md";

/// Edit the first chapter's text only (no field a listing shows).
fn edit_planning_text(site: &TestSite) {
    let text = site.read_source(PLANNING);
    let edited = text.replace(
        "Planning starts early.",
        "Planning starts with the workers.",
    );
    assert_ne!(
        edited, text,
        "the fixture still says what the edit replaces"
    );
    site.write(PLANNING, &edited);
}

/// The output equals a clean build's of the same sources, every file.
fn assert_like_a_clean_build(site: &TestSite, output: &Path) {
    let clean = site.root().join("clean");
    build(site, &clean, &["--clean"]);
    assert_eq!(snapshot(output), snapshot(&clean));
    std::fs::remove_dir_all(&clean).unwrap();
}

#[test]
fn a_text_edit_renders_its_page_and_print_view_and_keeps_the_rest() {
    let site = TestSite::fixture("minimal");
    let output = site.output();
    let first = said(&build(&site, &output, &[]));
    assert!(
        first.contains("rendered every page: no earlier build"),
        "{first}"
    );
    assert!(output.with_file_name("public.praxis-cache.json").is_file());

    let chapter = PLANNING;
    edit_planning_text(&site);
    let second = said(&build(&site, &output, &[]));
    assert!(
        second.contains("rendered 2 pages whose inputs changed"),
        "a text edit renders its page and its report's print view: {second}"
    );
    assert_like_a_clean_build(&site, &output);
    let page = site.page("hubs/alpha/first-report/planning/");
    assert!(page.contains("Planning starts with the workers."));

    // Nothing changed: nothing rendered.
    let third = said(&build(&site, &output, &[]));
    assert!(
        third.contains("rendered 0 pages whose inputs changed"),
        "{third}"
    );

    // A title edit reaches every page that lists the chapter.
    site.write(
        chapter,
        &site.read_source(chapter).replace(
            "title: \"Planning in alpha\"",
            "title: \"Planning, in alpha\"",
        ),
    );
    let fourth = said(&build(&site, &output, &[]));
    assert!(fourth.contains("pages whose inputs changed"), "{fourth}");
    assert_like_a_clean_build(&site, &output);
}

#[test]
fn any_doubt_renders_every_page_and_says_why() {
    let site = TestSite::fixture("minimal");
    let output = site.output();
    build(&site, &output, &[]);
    let cache = output.with_file_name("public.praxis-cache.json");

    std::fs::write(&cache, "{ not json").unwrap();
    let unreadable = said(&build(&site, &output, &[]));
    assert!(
        unreadable.contains("rendered every page:") && unreadable.contains("cannot be read"),
        "{unreadable}"
    );

    let other_options = said(&build(
        &site,
        &output,
        &["--base-url", "https://other.example.org/"],
    ));
    assert!(
        other_options.contains("rendered every page: the last build was made with other options"),
        "{other_options}"
    );

    let text = std::fs::read_to_string(&cache).unwrap();
    std::fs::write(
        &cache,
        text.replacen("\"praxis\":\"", "\"praxis\":\"0.0.0-", 1),
    )
    .unwrap();
    let other_praxis = said(&build(
        &site,
        &output,
        &["--base-url", "https://other.example.org/"],
    ));
    assert!(
        other_praxis.contains("another build of praxis"),
        "{other_praxis}"
    );

    let clean = said(&build(
        &site,
        &output,
        &["--clean", "--base-url", "https://other.example.org/"],
    ));
    assert!(!clean.contains("pages whose inputs changed"), "{clean}");

    // A page deleted from the output by hand is rendered again.
    std::fs::remove_file(output.join("about/index.html")).unwrap();
    let repaired = said(&build(
        &site,
        &output,
        &["--base-url", "https://other.example.org/"],
    ));
    assert!(
        repaired.contains("rendered 1 pages whose inputs changed"),
        "{repaired}"
    );
    assert!(output.join("about/index.html").is_file());
}

/// An incremental build updates the output in place: an unchanged page stays the same file,
/// a changed one is replaced, and the pages of a removed chapter go with it.
#[cfg(unix)]
#[test]
fn an_incremental_build_changes_only_what_changed_in_the_output_in_place() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::fixture("minimal");
    let output = site.output();
    build(&site, &output, &[]);
    let inode = |page: &str| std::fs::metadata(output.join(page)).unwrap().ino();
    let about = inode("about/index.html");
    // A full build swaps a new folder in; an incremental one keeps the folder.
    let folder = inode("");
    let chapter = PLANNING;
    edit_planning_text(&site);
    let edited = said(&build(&site, &output, &[]));
    assert!(
        edited.contains("files of the output changed, in place"),
        "{edited}"
    );
    assert_eq!(
        inode("about/index.html"),
        about,
        "an unchanged page is not rewritten"
    );
    assert_eq!(
        inode(""),
        folder,
        "the output folder is updated, not replaced"
    );
    assert_like_a_clean_build(&site, &output);

    let page = output.join("hubs/alpha/first-report/planning/index.html");
    assert!(page.is_file());
    std::fs::remove_file(site.root().join(chapter)).unwrap();
    let removed = said(&build(&site, &output, &[]));
    assert!(removed.contains("in place"), "{removed}");
    assert!(!page.exists(), "the removed chapter's page is gone");
    assert!(!page.parent().unwrap().exists(), "and its folder");
    assert_like_a_clean_build(&site, &output);
    assert_eq!(inode("about/index.html"), about);
}

/// The files made from the site's shape (feeds, sitemap, URL manifest, redirects, `/admin/`,
/// open data) are kept by an incremental build after a text edit, and made again, equal to a
/// clean build's, after edits that reach them: an alias, a draft chapter (the editor's next
/// chapter number); a link to a resource in a chapter's text changes pages only.
#[cfg(unix)]
#[test]
fn files_made_from_the_sites_shape_are_kept_or_made_as_edits_reach_them() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::lab();
    let output = site.output();
    build(&site, &output, &[]);
    let inode = |file: &str| std::fs::metadata(output.join(file)).unwrap().ino();
    let read = |file: &str| std::fs::read_to_string(output.join(file)).unwrap();
    let chapter = "hubs/apparel/public-buyers-and-garment-supply-chains/04-award.md";
    let text = site.read_source(chapter);

    let open_data = inode("data/chapters.json");
    let edited = text.replace(
        "## Award criteria linked to production",
        "## Award criteria tied to production",
    );
    assert_ne!(edited, text);
    site.write(chapter, &edited);
    build(&site, &output, &[]);
    let page = read("hubs/apparel/public-buyers-and-garment-supply-chains/award/index.html");
    assert!(page.contains("Award criteria tied to production"));
    assert_eq!(
        inode("data/chapters.json"),
        open_data,
        "a text edit keeps the open data"
    );
    assert_like_a_clean_build(&site, &output);

    let resource = "al-shimari-v-caci";
    site.write(
        chapter,
        &edited.replace(
            "## Award criteria tied to production",
            &format!(
                "See [the case](/resources/{resource}.md).\n\n## Award criteria tied to production"
            ),
        ),
    );
    build(&site, &output, &[]);
    let cited = read(&format!("resources/{resource}/index.html"));
    assert!(
        cited.contains("public-buyers-and-garment-supply-chains/award/"),
        "the resource's page names the chapter citing it"
    );
    assert_like_a_clean_build(&site, &output);

    site.write(
        chapter,
        &site.read_source(chapter).replacen(
            "phase: award",
            "phase: award\naliases: [/hubs/apparel/old-award/]",
            1,
        ),
    );
    build(&site, &output, &[]);
    assert!(
        read("urls.json").contains("old-award"),
        "the alias is in the manifest"
    );
    assert!(
        output.join("hubs/apparel/old-award/index.html").is_file(),
        "and has its redirect page"
    );
    assert_like_a_clean_build(&site, &output);

    let config = read("admin/config.yml");
    site.write(
        "hubs/apparel/public-buyers-and-garment-supply-chains/07-draft.md",
        "---\ntitle: \"A draft\"\nphase: remedy\nstatus: draft\n---\nNot yet.\n",
    );
    build(&site, &output, &[]);
    assert_ne!(
        read("admin/config.yml"),
        config,
        "the editor numbers the next chapter 08"
    );
    assert_like_a_clean_build(&site, &output);
}
