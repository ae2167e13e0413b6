//! The byte budget of a chapter: what a reader's browser must download to show a chapter page,
//! the page's HTML and every stylesheet and script it links (`static/style.css`,
//! `static/search.js`, and `static/code.css` on a page with highlighted code), each compressed
//! with `gzip -9` as a server would send it, must stay within 30 KB. Images and the search
//! index (fetched only when a reader searches) are not part of it.
//!
//! `cargo test --test budget -- --nocapture` prints every chapter's bytes.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::TestSite;

/// 30 KB of HTML, CSS and JavaScript, gzip -9.
const BUDGET: usize = 30 * 1024;

/// The size of `bytes` compressed by `gzip -9` (no file name or time in the header).
fn gzip9(bytes: &[u8]) -> usize {
    let mut child = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip runs");
    let mut stdin = child.stdin.take().expect("gzip's stdin");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("gzip finishes");
    writer.join().expect("writer").expect("write to gzip");
    assert!(out.status.success(), "gzip failed");
    out.stdout.len()
}

/// The value of `name="..."` in one tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The URLs of the stylesheets and scripts a page loads, in order.
fn linked_assets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, attribute) in [("<link ", "href"), ("<script ", "src")] {
        let mut rest = html;
        while let Some(start) = rest.find(open) {
            let tag = &rest[start..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let wanted = open == "<script " || {
                let rel = attr(tag, "rel").unwrap_or("");
                rel.split_whitespace()
                    .any(|r| matches!(r, "stylesheet" | "preload" | "modulepreload"))
                    && attr(tag, "as").is_none_or(|kind| matches!(kind, "style" | "script"))
            };
            if wanted && let Some(url) = attr(tag, attribute) {
                found.push(url.replace("&amp;", "&"));
            }
            rest = &rest[start + open.len()..];
        }
    }
    found
}

/// The path part of the site's base URL in `site.toml` (`/lab/` for the Lab).
fn base_path(site: &TestSite) -> String {
    let config: toml::Table = toml::from_str(&site.read_source("site.toml")).expect("site.toml");
    let base_url = config["base_url"].as_str().expect("base_url");
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

/// One chapter page's transfer: the page and each asset with its gzip size.
struct Transfer {
    page: String,
    html: usize,
    assets: Vec<(String, usize)>,
}

impl Transfer {
    fn total(&self) -> usize {
        self.html + self.assets.iter().map(|(_, bytes)| bytes).sum::<usize>()
    }

    fn describe(&self) -> String {
        let assets: Vec<String> = self
            .assets
            .iter()
            .map(|(name, bytes)| format!("{name} {bytes}"))
            .collect();
        format!(
            "/{}: {} bytes (HTML {}, {})",
            self.page,
            self.total(),
            self.html,
            assets.join(", ")
        )
    }
}

/// Every chapter page of a built site (`<body class="kind-chapter">`) with what it costs.
fn chapter_transfers(site: &TestSite) -> Vec<Transfer> {
    let output = site.output();
    let base = base_path(site);
    let mut gzipped: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut transfers = Vec::new();
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(&output)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    for file in pages {
        let html = std::fs::read(&file).expect("read page");
        let text = String::from_utf8_lossy(&html);
        if !text.contains("<body class=\"kind-chapter\"") {
            continue;
        }
        let page = file
            .parent()
            .and_then(|dir| dir.strip_prefix(&output).ok())
            .map(|rel| format!("{}/", rel.display()))
            .expect("inside the output");
        let mut assets = Vec::new();
        for url in linked_assets(&text) {
            let rest = url.strip_prefix(&base).unwrap_or_else(|| {
                panic!("/{page} loads {url}, which is not on the site (base path {base})")
            });
            let asset = output.join(rest.split(['?', '#']).next().unwrap_or(rest));
            let bytes = *gzipped.entry(asset.clone()).or_insert_with(|| {
                gzip9(&std::fs::read(&asset).unwrap_or_else(|_| {
                    panic!("/{page} links {url}, but {} is missing", asset.display())
                }))
            });
            assets.push((rest.to_owned(), bytes));
        }
        for needed in ["static/style.css", "static/search.js"] {
            assert!(
                assets.iter().any(|(name, _)| name == needed),
                "/{page} does not load {needed}: the budget would not measure what it should"
            );
        }
        transfers.push(Transfer {
            page,
            html: gzip9(&html),
            assets,
        });
    }
    transfers
}

/// Print every chapter, largest first, and fail on any over the budget.
fn assert_within_budget(transfers: &[Transfer]) -> &Transfer {
    let mut sorted: Vec<&Transfer> = transfers.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.total()));
    for t in &sorted {
        println!("{}", t.describe());
    }
    let largest = sorted[0];
    println!(
        "largest chapter: {} of {BUDGET} bytes ({:.1}%)",
        largest.describe(),
        100.0 * largest.total() as f64 / BUDGET as f64
    );
    let over: Vec<String> = sorted
        .iter()
        .filter(|t| t.total() > BUDGET)
        .map(|t| t.describe())
        .collect();
    assert!(
        over.is_empty(),
        "chapters over the budget of {BUDGET} bytes (HTML + CSS + JS, gzip -9):\n{}",
        over.join("\n")
    );
    largest
}

#[test]
fn every_chapter_of_the_lab_site_transfers_at_most_30_kb_of_html_css_and_js() {
    let site = TestSite::lab();
    site.build_ok();
    let transfers = chapter_transfers(&site);
    assert!(
        transfers.len() >= 24,
        "only {} chapter pages found in the Lab's site",
        transfers.len()
    );
    assert_within_budget(&transfers);
}

#[test]
fn a_chapter_with_highlighted_code_counts_code_css_and_stays_within_budget() {
    let site = TestSite::lab();
    let chapter = "hubs/apparel/public-buyers-and-garment-supply-chains/03-tendering.md";
    let mut text = site.read_source(chapter);
    text.push_str(
        "\n\n## Clauses in machine-readable form\n\n```yaml\n# A tender's labour clause\n\
         clause: forced-labour\nrequires: [disclosure, audit]\nweight: 0.3\n```\n\n\
         ```json\n{\"clause\": \"forced-labour\", \"weight\": 0.3, \"binding\": true}\n```\n",
    );
    site.write(chapter, &text);
    site.build_ok();
    let transfers = chapter_transfers(&site);
    let with_code: Vec<&Transfer> = transfers
        .iter()
        .filter(|t| t.assets.iter().any(|(name, _)| name == "static/code.css"))
        .collect();
    assert_eq!(
        with_code
            .iter()
            .map(|t| t.page.as_str())
            .collect::<Vec<_>>(),
        ["hubs/apparel/public-buyers-and-garment-supply-chains/tendering/"],
        "exactly the chapter with code should load static/code.css"
    );
    assert_within_budget(&transfers);
}

#[test]
fn linked_assets_are_read_from_link_and_script_tags() {
    let html = r#"<link rel="canonical" href="https://x/"><link rel="stylesheet" href="/s/a.css">
<script src="/s/b.js" defer></script><link rel="alternate" href="/atom.xml"><script>1</script>
<link rel="preload" as="image" href="/i.png"><link rel="preload" as="script" href="/s/c.js">"#;
    assert_eq!(linked_assets(html), ["/s/a.css", "/s/c.js", "/s/b.js"]);
    // gzip's fixed frame is 20 bytes; a repetitive page shrinks far below its size, so the
    // budget counts compressed bytes, not the input's.
    assert_eq!(gzip9(b""), 20);
    let page = "<li><a href=\"/hubs/\">Hubs</a></li>\n".repeat(300);
    assert!(
        gzip9(page.as_bytes()) < page.len() / 20,
        "{}",
        gzip9(page.as_bytes())
    );
}
