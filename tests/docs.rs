//! The hub leaders' guide must describe exactly the fields praxis accepts: a field added to
//! the code without documentation, or documented but unknown to the code, fails here.

mod common;

use std::collections::BTreeSet;

use praxis::config::Config;
use praxis::diagnostics::Diagnostics;

/// The backticked names in the first column of the table under `### {section}`.
fn documented_fields(guide: &str, section: &str) -> BTreeSet<String> {
    let start = guide
        .find(&format!("\n### {section}\n"))
        .unwrap_or_else(|| panic!("docs/hub-leaders.md has no `### {section}` section"));
    let rest = &guide[start + 1..];
    let end = [rest[4..].find("\n## "), rest[4..].find("\n### ")]
        .into_iter()
        .flatten()
        .min()
        .map_or(rest.len(), |e| e + 4);
    rest[..end]
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| line.split('`').nth(1).map(str::to_owned))
        .collect()
}

fn set(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|f| (*f).to_owned()).collect()
}

#[test]
fn the_field_reference_matches_the_code() {
    let guide =
        std::fs::read_to_string(common::repo_root().join("docs/hub-leaders.md")).expect("guide");
    let config =
        Config::load(&common::repo_root(), None, &mut Diagnostics::default()).expect("site.toml");
    let chapter: Vec<String> = praxis::load::chapter_fields(&config);
    let chapter: Vec<&str> = chapter.iter().map(String::as_str).collect();
    for (section, fields) in [
        ("Hub", praxis::load::HUB_FIELDS),
        ("Report", praxis::load::REPORT_FIELDS),
        ("Chapter", chapter.as_slice()),
        ("Page", praxis::load::PAGE_FIELDS),
    ] {
        assert_eq!(
            documented_fields(&guide, section),
            set(fields),
            "the {section} table of docs/hub-leaders.md"
        );
    }
}
