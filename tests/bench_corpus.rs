//! The benchmark's corpus generator (`scripts/gen_corpus.py`): the benchmark's numbers mean
//! something only if the corpus is the same on every machine and run, covers what the issue
//! asks for (every hub, every phase, the Markdown a hub leader writes) and builds as a real
//! site would, without a warning. The benchmark itself measures time and is not a test.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{TestSite, broken_internal_links, repo_root, snapshot};

const CHAPTERS: usize = 60;

/// A corpus of `chapters` chapters in `format` generated into `out`.
fn generate(out: &Path, format: &str, chapters: usize) {
    let status = Command::new("python3")
        .arg(repo_root().join("scripts/gen_corpus.py"))
        .args(["--chapters", &chapters.to_string(), "--format", format])
        .arg("--out")
        .arg(out)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed for {format}");
}

/// The chapter files (`NN-slug.md`) under `dir`.
fn chapter_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".md") && name.starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|e| e.into_path())
        .collect()
}

/// The value of a `key: value` front-matter line of `text`.
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))
}

/// The rendered Markdown body of a chapter page.
fn prose(page: &str) -> &str {
    let start = page
        .find("<div class=\"prose\">")
        .expect("a chapter page has prose");
    let rest = &page[start..];
    let end = ["<section class=\"findings\"", "</article>"]
        .iter()
        .filter_map(|end| rest.find(end))
        .min()
        .expect("the prose ends");
    &rest[..end]
}

#[test]
fn the_same_arguments_give_the_same_corpus_byte_for_byte() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(&a.path().join("c"), "praxis", CHAPTERS);
    generate(&b.path().join("c"), "praxis", CHAPTERS);
    let (first, second) = (snapshot(&a.path().join("c")), snapshot(&b.path().join("c")));
    assert!(
        first.len() > CHAPTERS,
        "a corpus holds chapters, reports and pages"
    );
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two runs");
    }
}

#[test]
fn the_corpus_covers_every_hub_and_phase_and_builds_without_a_warning() {
    let site = TestSite {
        dir: tempfile::tempdir().unwrap(),
    };
    std::fs::remove_dir(site.root()).unwrap();
    generate(site.root(), "praxis", CHAPTERS);

    let chapters = chapter_files(&site.root().join("hubs"));
    assert_eq!(chapters.len(), CHAPTERS);
    let texts: Vec<String> = chapters
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let hubs: BTreeSet<String> = chapters
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(site.root().join("hubs")).unwrap();
            rel.iter().next().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(hubs.len(), 4, "chapters in all four hubs: {hubs:?}");
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(site.root().join("site.toml")).unwrap()).unwrap();
    let phases: BTreeSet<&str> = config["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let used: BTreeSet<&str> = texts.iter().filter_map(|t| field(t, "phase")).collect();
    assert_eq!(used, phases, "every phase has chapters");
    for key in [
        "title",
        "summary",
        "issues",
        "jurisdictions",
        "status",
        "updated",
    ] {
        assert!(
            texts.iter().all(|t| field(t, key).is_some()),
            "every chapter's front matter has `{key}`"
        );
    }

    let report = site.build_ok();
    let warnings: Vec<String> = report
        .diagnostics
        .sorted()
        .into_iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(
        warnings.is_empty(),
        "the corpus builds cleanly: {warnings:?}"
    );
    assert!(broken_internal_links(&site.output(), "/lab/").is_empty());
    // Only the chapters' own text: the page around it has headings, lists and links of its own.
    let pages: Vec<String> = chapters
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(site.root()).unwrap().with_extension("");
            let (folder, file) = (rel.parent().unwrap(), rel.file_name().unwrap());
            let slug = file.to_string_lossy();
            let slug = slug.split_once('-').unwrap().1;
            prose(&site.page(&format!("{}/{slug}/", folder.display()))).to_owned()
        })
        .collect();
    let with = |needle: &str| pages.iter().filter(|p| p.contains(needle)).count();
    assert!(with("<h2") == CHAPTERS, "every chapter has headings");
    assert!(with("<ul>") > 0 && with("<table>") > 0, "lists and tables");
    assert!(with("footnote") > 0, "footnotes");
    assert!(with("<pre") > 0, "an occasional code block");
    assert!(
        with("<a href=\"/lab/hubs/") > CHAPTERS / 2,
        "most chapters link to other chapters"
    );
}

#[test]
fn the_hugo_corpus_holds_the_same_chapters() {
    let dir = tempfile::tempdir().unwrap();
    let (praxis, hugo) = (dir.path().join("praxis"), dir.path().join("hugo"));
    generate(&praxis, "praxis", CHAPTERS);
    generate(&hugo, "hugo", CHAPTERS);
    // Sorted, not a set: two chapters may share a title.
    let titles = |files: Vec<std::path::PathBuf>| -> Vec<String> {
        let mut titles: Vec<String> = files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                field(&text, "title").unwrap().to_owned()
            })
            .collect();
        titles.sort();
        titles
    };
    let praxis_titles = titles(chapter_files(&praxis.join("hubs")));
    let hugo_titles = titles(chapter_files(&hugo.join("content")));
    assert_eq!(praxis_titles.len(), CHAPTERS);
    assert_eq!(praxis_titles, hugo_titles);
}
