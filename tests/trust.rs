//! The trust boundary: hub leaders write, readers' browsers never run what they wrote. One
//! attack per way author text reaches a page, each checked in the built pages (no event
//! handler, no script, no URL outside the allow-list, by `praxis::html::audit`) and in the
//! located message the hub leader gets.

mod common;

use common::TestSite;
use praxis::diagnostics::{Diagnostic, Severity};
use praxis::html::{Unsafe, audit};

const CHAPTER: &str = "hubs/alpha/first-report/03-attack.md";

/// Every attack that is cleaned with a warning (the build goes on), one per line so that
/// each warning's line can be checked.
const ATTACKS: &[(&str, &str)] = &[
    ("lower-case", "[a](javascript:alert(1))"),
    ("mixed case", "[a](JaVaScRiPt:alert(1))"),
    ("entity", "[a](jav&#x61;script:alert(1))"),
    ("tab", "[a](java&#9;script:alert(1))"),
    ("autolink", "<javascript:alert(1)>"),
    ("reference", "[a][evil]"),
    ("image", "![a](javascript:alert(1))"),
    (
        "data html",
        "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ),
    ("vbscript", "[a](vbscript:msgbox(1))"),
    ("file", "[a](file:///etc/passwd)"),
    (
        "raw html",
        "<a href=\"javascript:alert(1)\" onmouseover=\"alert(1)\">a</a>",
    ),
    ("raw script", "<script>alert(1)</script>"),
    (
        "raw image",
        "<img src=\"x\" onerror=\"alert(1)\" alt=\"x\">",
    ),
];

fn attack_chapter() -> String {
    let mut text = String::from(
        "---\ntitle: \"Attack\"\nphase: remedy\nsummary: \"<script>alert(1)</script>\"\n",
    );
    text.push_str(
        "gaps:\n  - \"See [the risk chapter](02-risk.md) and [x](javascript:alert(1)).\"\n",
    );
    text.push_str("options:\n  - \"<img src=x onerror=alert(1)> and <b>bold</b>\"\n");
    text.push_str("---\n## Findings\n\n");
    for (name, attack) in ATTACKS {
        text.push_str(&format!("{attack} ({name})\n\n"));
    }
    text.push_str("[evil]: javascript:alert(1)\n");
    text
}

fn warnings_in(d: &praxis::diagnostics::Diagnostics, file: &str) -> Vec<Diagnostic> {
    d.sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Warning && d.location.file.to_string_lossy() == file)
        .collect()
}

fn assert_clean(site: &TestSite, path: &str) {
    let page = site.page(path);
    let found = audit(&page, "/lab/static/");
    assert!(found.is_empty(), "{path} can run code: {found:?}");
    assert!(!page.contains("alert(1)</script>"), "{path}");
}

#[test]
fn no_attack_in_markdown_or_front_matter_reaches_a_page() {
    let site = TestSite::fixture("minimal");
    site.write(CHAPTER, &attack_chapter());
    let report = site.build_ok();
    for path in [
        "hubs/alpha/first-report/attack/",
        "hubs/alpha/first-report/",
        "hubs/alpha/first-report/print/",
        "phases/remedy/",
        "synthesis/",
        "hubs/alpha/",
    ] {
        assert_clean(&site, path);
    }

    // Each attack line got its own located warning, naming what was removed.
    let warnings = warnings_in(&report.diagnostics, CHAPTER);
    let first_attack_line = 12; // after 9 lines of front matter, `## Findings` and a blank
    for (n, (name, _)) in ATTACKS.iter().enumerate() {
        let line = first_attack_line + 2 * n;
        let here: Vec<_> = warnings
            .iter()
            .filter(|d| d.location.line == line)
            .collect();
        assert!(
            !here.is_empty(),
            "no warning for the {name} attack on line {line}: {warnings:#?}"
        );
        assert!(
            here.iter()
                .all(|d| d.message.contains("removed") && d.help.is_some()),
            "{here:#?}"
        );
    }
    // The gap's `javascript:` link is reported on the gap's own line.
    assert!(
        warnings
            .iter()
            .any(|d| (d.location.line, d.location.column) == (6, 48)
                && d.message.contains("`javascript:`")),
        "{warnings:#?}"
    );

    // What was kept: the text of every removed link, the gap's link to another chapter
    // resolved to its page, the option's bold text.
    let page = site.page("hubs/alpha/first-report/attack/");
    assert!(page.contains("(lower-case)"), "the text stays");
    assert!(
        page.contains("<a href=\"/lab/hubs/alpha/first-report/risk/\">the risk chapter</a>"),
        "a gap's link is resolved like the body's"
    );
    assert!(page.contains("<b>bold</b>"));
    // The summary is text, never markup.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_heading_named_like_a_theme_id_gets_another() {
    let site = TestSite::fixture("minimal");
    site.write(
        CHAPTER,
        "---\ntitle: \"Ids\"\nphase: remedy\ngaps: [\"A gap.\"]\n---\n## Findings\n\n## Contents {#main}\n\n## Hub apparel\n",
    );
    site.build_ok();
    let ids = common::ids(&site.page("hubs/alpha/first-report/attack/"));
    for id in ["section-findings", "section-main", "section-hub-apparel"] {
        assert!(ids.contains(&id.to_owned()), "{id} in {ids:?}");
    }
    let mut seen = std::collections::BTreeSet::new();
    let repeated: Vec<_> = ids.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(repeated.is_empty(), "every id once: {repeated:?}");
}

#[test]
fn a_heading_id_outside_the_safe_alphabet_is_an_error_with_the_cleaned_id() {
    let site = TestSite::fixture("minimal");
    site.write(
        CHAPTER,
        "---\ntitle: \"Ids\"\nphase: remedy\ngaps: [\"A gap.\"]\n---\nIntro.\n\n## Heading {#x\"onmouseover=\"alert(1)}\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = &errors[0];
    assert_eq!(d.location.file.to_string_lossy(), CHAPTER);
    assert_eq!((d.location.line, d.location.column), (8, 14), "{d:#?}");
    assert!(d.message.contains("may only use letters, digits"), "{d:#?}");
    assert_eq!(d.help.as_deref(), Some("write `{#x-onmouseover-alert-1}`"));
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
fn a_hub_website_must_be_a_web_address() {
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "/etc/passwd",
        "www.example.org",
    ] {
        let site = TestSite::fixture("minimal");
        site.write(
            "hubs/alpha/hub.yaml",
            &format!("title: Alpha\nlead: Alpha Institute\nsummary: The first hub.\norder: 1\nwebsite: \"{bad}\"\n"),
        );
        let errors = site.build_errors();
        assert_eq!(errors.len(), 1, "{bad}: {errors:#?}");
        let d = &errors[0];
        assert_eq!(d.location.file.to_string_lossy(), "hubs/alpha/hub.yaml");
        assert_eq!(d.location.line, 5, "{d:#?}");
        assert!(d.message.contains("web address"), "{d:#?}");
    }
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/hub.yaml",
        "title: Alpha\nlead: Alpha Institute\nsummary: The first hub.\norder: 1\nwebsite: https://alpha.example.org/\n",
    );
    site.build_ok();
    assert!(
        site.page("hubs/alpha/")
            .contains("href=\"https://alpha.example.org/\"")
    );
}

#[test]
fn a_broken_link_in_a_gap_is_a_located_error() {
    let site = TestSite::fixture("minimal");
    site.write(
        CHAPTER,
        "---\ntitle: \"Gap\"\nphase: remedy\ngaps:\n  - \"See [the plan](01-planing.md).\"\n---\nBody.\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = &errors[0];
    assert_eq!(d.location.file.to_string_lossy(), CHAPTER);
    assert_eq!(d.location.line, 5, "{d:#?}");
    assert!(d.message.starts_with("broken link"), "{d:#?}");
    assert_eq!(d.label.as_deref(), Some("did you mean `01-planning.md`?"));
}

/// Links and headings cost the same per item in one chapter as spread over forty: the
/// work of a chapter must not grow with the square of its size. Held as a ratio of two
/// builds on the same machine, never as a time, and with a wide margin: the quadratic
/// handling this replaces took a hundred times longer in one file.
#[test]
fn one_large_chapter_costs_what_many_small_ones_do() {
    const ITEMS: usize = 20_000;
    const FILES: usize = 40;
    let item = |i: usize| {
        format!(
            "## Same heading\n\nSee [the plan](01-planning.md) and [risk](02-risk.md#what-goes-wrong) {i}.\n\n"
        )
    };
    let chapter = |title: &str, items: std::ops::Range<usize>| {
        let mut text = format!("---\ntitle: \"{title}\"\nphase: remedy\ngaps: [\"A gap.\"]\n---\n");
        items.for_each(|i| text.push_str(&item(i)));
        text
    };
    let time_build = |site: &TestSite| {
        let start = std::time::Instant::now();
        praxis::check(&site.options().root, false)
            .0
            .expect("the site is valid");
        start.elapsed()
    };
    let one = TestSite::fixture("minimal");
    one.write(CHAPTER, &chapter("One", 0..ITEMS));
    let many = TestSite::fixture("minimal");
    let per_file = ITEMS / FILES;
    for f in 0..FILES {
        many.write(
            &format!("hubs/alpha/first-report/{:02}-part-{f}.md", f + 10),
            &chapter(&format!("Part {f}"), f * per_file..(f + 1) * per_file),
        );
    }
    let best = |site: &TestSite| (0..3).map(|_| time_build(site)).min().expect("three runs");
    let (one_file, forty_files) = (best(&one), best(&many));
    let ratio = one_file.as_secs_f64() / forty_files.as_secs_f64();
    assert!(
        ratio < 4.0,
        "one chapter of {ITEMS} links and headings took {ratio:.1}x forty chapters of the same ({one_file:?} against {forty_files:?})"
    );
}

#[test]
fn every_id_the_theme_writes_is_reserved() {
    let dir = common::repo_root().join("src/theme/templates");
    for entry in std::fs::read_dir(&dir).expect("templates") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("template");
        for value in text
            .split("id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            let literal = value.split("{{").next().unwrap_or("");
            let reserved = if value.contains("{{") {
                // `hub-{{ id }}`: the literal part must be a reserved prefix, or the whole
                // value one the print view prefixes (`{{ chapter.anchor }}`).
                literal.is_empty() || praxis::markdown::RESERVED_ID_PREFIXES.contains(&literal)
            } else {
                praxis::markdown::RESERVED_IDS.contains(&literal)
            };
            assert!(
                reserved,
                "{}: id `{value}` is not reserved for the theme",
                path.display()
            );
        }
    }
    let live =
        std::fs::read_to_string(common::repo_root().join("src/serve/live.js")).expect("live.js");
    assert!(
        live.contains("'praxis-errors'")
            && praxis::markdown::RESERVED_IDS.contains(&"praxis-errors")
    );
}

#[test]
fn audit_sees_an_attack_if_one_got_through() {
    // The checker the tests above rely on must be able to fail.
    let found = audit(
        "<a href=\"JAVASCRIPT:x\" onclick=\"y\">z</a><svg><script>x</script></svg>",
        "/lab/static/",
    );
    assert_eq!(
        found,
        [
            Unsafe::Url("JAVASCRIPT:x".into()),
            Unsafe::EventHandler("onclick".into()),
            Unsafe::Script
        ]
    );
}
