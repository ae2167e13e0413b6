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
    let resource: Vec<String> = praxis::load::resource_fields(&config);
    let resource: Vec<&str> = resource.iter().map(String::as_str).collect();
    for (section, fields) in [
        ("Resource", resource.as_slice()),
        ("Hub", praxis::load::HUB_FIELDS),
        ("Report", praxis::load::REPORT_FIELDS),
        ("Chapter", chapter.as_slice()),
        ("Page", praxis::load::PAGE_FIELDS),
        ("Questionnaire", praxis::load::survey::SURVEY_FIELDS),
        ("Section", praxis::load::survey::SECTION_FIELDS),
        ("Question", praxis::load::survey::QUESTION_FIELDS),
        ("Jurisdiction", praxis::load::survey::JURISDICTION_FIELDS),
        ("Answer", praxis::load::survey::ANSWER_FIELDS),
        ("Source", praxis::load::survey::SOURCE_FIELDS),
    ] {
        assert_eq!(
            documented_fields(&guide, section),
            set(fields),
            "the {section} table of docs/hub-leaders.md"
        );
    }
}

/// Each documented field is really read: given a value of the wrong kind (a map), the build
/// reports it on that field's line. A field listed in the code's constants but never read
/// would pass silently, and fail here.
#[test]
fn every_documented_field_is_read_by_the_loader() {
    let guide =
        std::fs::read_to_string(common::repo_root().join("docs/hub-leaders.md")).expect("guide");
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "Hub",
            "hubs/alpha/hub.yaml",
            &["title: Alpha", "lead: Alpha Institute"],
        ),
        (
            "Report",
            "hubs/alpha/first-report/_index.md",
            &["---", "title: \"First report\""],
        ),
        (
            "Chapter",
            "hubs/alpha/first-report/03-new.md",
            &["---", "title: \"New\"", "phase: remedy"],
        ),
        ("Page", "content/about.md", &["---", "title: \"About\""]),
        (
            "Resource",
            "resources/convention.md",
            &[
                "---",
                "title: \"Convention\"",
                "type: law",
                "url: https://example.org/",
            ],
        ),
    ];
    for (section, file, required) in cases {
        for field in documented_fields(&guide, section) {
            let site = common::TestSite::fixture("minimal");
            let mut lines: Vec<String> = required
                .iter()
                .filter(|line| !line.starts_with(&format!("{field}:")))
                .map(|line| (*line).to_owned())
                .collect();
            lines.push(format!("{field}: {{wrong: kind}}"));
            let field_line = lines.len();
            if lines[0] == "---" {
                lines.push("---".to_owned());
                lines.push("Body.".to_owned());
            }
            site.write(file, &(lines.join("\n") + "\n"));
            let errors = match site.build() {
                Ok(_) => Vec::new(),
                Err(d) => d.sorted(),
            };
            assert!(
                errors
                    .iter()
                    .any(|d| d.location.file.to_string_lossy() == file
                        && d.location.line == field_line),
                "{section} field `{field}` with a map value is not reported on line {field_line} of {file}: {errors:#?}"
            );
        }
    }
}

/// GitHub's id for a heading: lowercase, punctuation dropped, spaces made hyphens.
fn github_anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The guide's lines outside fenced code blocks (a `## ` line in an example is not a heading).
fn prose_lines(guide: &str) -> Vec<&str> {
    let mut in_code = false;
    guide
        .lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                return false;
            }
            !in_code
        })
        .collect()
}

/// Sections were written by several people and moved about: every `(#anchor)` link in the
/// guide must still lead to one of its headings.
#[test]
fn every_link_within_the_guide_leads_to_a_heading() {
    let guide =
        std::fs::read_to_string(common::repo_root().join("docs/hub-leaders.md")).expect("guide");
    let lines = prose_lines(&guide);
    let headings: BTreeSet<String> = lines
        .iter()
        .filter(|line| line.starts_with('#'))
        .map(|line| github_anchor(line.trim_start_matches('#')))
        .collect();
    let mut broken = Vec::new();
    for line in &lines {
        // Odd pieces between backticks are code: examples of links, not links.
        let prose: String = line.split('`').step_by(2).collect();
        for part in prose.split("](#").skip(1) {
            let anchor = part.split(')').next().unwrap_or_default();
            if !headings.contains(anchor) {
                broken.push(anchor.to_owned());
            }
        }
    }
    assert!(broken.is_empty(), "links to no heading: {broken:?}");
}

/// The guide's screenshots exist, say in their alt text what they show, and stay small enough
/// for the repository and a slow connection.
#[test]
fn the_guides_pictures_exist_with_alt_text_and_are_small() {
    let docs = common::repo_root().join("docs");
    let guide = std::fs::read_to_string(docs.join("hub-leaders.md")).expect("guide");
    let mut pictures = 0;
    for line in prose_lines(&guide) {
        let Some(rest) = line.strip_prefix("![") else {
            continue;
        };
        let (alt, target) = rest.split_once("](").expect("an image is ![alt](path)");
        let path = target.trim_end_matches(')');
        assert!(
            alt.split_whitespace().count() >= 8,
            "alt text too short for {path}: {alt}"
        );
        let size = std::fs::metadata(docs.join(path))
            .unwrap_or_else(|_| panic!("docs/{path} is missing"))
            .len();
        assert!(size < 150_000, "docs/{path} is {size} bytes");
        pictures += 1;
    }
    assert!(
        pictures >= 2,
        "the guide shows the error overlay and the edit links"
    );
}
