//! One small broken site per mistake a hub leader can make, each checking that the message
//! names the file, the line and column, and the fix. Every case starts from the minimal
//! fixture site and changes one file, as a hub leader's commit would.

mod common;

use common::TestSite;
use praxis::diagnostics::Diagnostic;

/// A new chapter that no other file links to, so each case shows only its own error.
const CHAPTER: &str = "hubs/alpha/first-report/03-new.md";

/// Replace the chapter's text and return the errors of the build.
fn errors_after_writing(rel: &str, text: &str) -> Vec<Diagnostic> {
    let site = TestSite::fixture("minimal");
    site.write(rel, text);
    site.build_errors()
}

fn only(errors: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().expect("one")
}

fn assert_at(d: &Diagnostic, file: &str, line: usize, column: usize) {
    assert_eq!(
        d.location.file.to_string_lossy().replace('\\', "/"),
        file,
        "{d:#?}"
    );
    assert_eq!(
        (d.location.line, d.location.column),
        (line, column),
        "{d:#?}"
    );
}

#[test]
fn an_unknown_phase_suggests_the_nearest() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: risk-asessment\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 3, 8);
    assert_eq!(d.message, "unknown phase `risk-asessment`");
    assert_eq!(d.label.as_deref(), Some("did you mean `risk-assessment`?"));
    assert_eq!(d.location.width, "risk-asessment".len());
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("planning, risk-assessment, remedy")
    );
    let printed = d.render_human(false);
    assert!(
        printed.contains(" 3 | phase: risk-asessment")
            || printed.contains("3 | phase: risk-asessment"),
        "{printed}"
    );
    assert!(
        printed.contains("^^^^^^^^^^^^^^ did you mean `risk-assessment`?"),
        "{printed}"
    );
}

/// A chapter whose front matter has `lines` between its title and the closing `---`.
fn chapter_with(lines: &str) -> String {
    format!("---\ntitle: \"Risk\"\nphase: remedy\n{lines}---\nBody\n")
}

fn assert_message(d: &Diagnostic, message: &str, label: Option<&str>, help: &str) {
    assert_eq!(d.message, message, "{d:#?}");
    assert_eq!(d.label.as_deref(), label, "{d:#?}");
    assert_eq!(d.help.as_deref(), Some(help), "{d:#?}");
}

#[test]
fn yaml_a_list_item_indented_differently() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("gaps:\n  - \"Audits miss the lower tiers.\"\n - \"Nobody asks workers.\"\n"),
    ));
    assert_at(&d, CHAPTER, 6, 1);
    assert_message(
        &d,
        "the indentation of a list item does not match the items above",
        Some("indented by 1 space, the items above by 2 spaces"),
        "indent every item of a list by the same number of spaces; write it as: `  - \"Nobody asks workers.\"`",
    );
}

#[test]
fn yaml_a_tab_is_shown_and_replaced() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with(
            "gaps:\n  - \"Audits miss the lower tiers.\"\n\t- \"Nobody asks workers.\"\n",
        ),
    ));
    assert_at(&d, CHAPTER, 6, 1);
    assert_message(
        &d,
        "a tab is used for indentation",
        Some("a tab, shown as →"),
        "indent with spaces; write it as: `  - \"Nobody asks workers.\"`",
    );
    let printed = d.render_human(false);
    assert!(
        printed.contains("6 | →- \"Nobody asks workers.\"\n  | ^ a tab, shown as →\n"),
        "{printed}"
    );
}

#[test]
fn yaml_an_unquoted_colon() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("summary: Risks: forced labour\n"),
    ));
    assert_at(&d, CHAPTER, 4, 15);
    assert_message(
        &d,
        "a colon in unquoted text",
        Some("YAML reads `Risks:` as the start of another field"),
        "put text that contains `: ` in quotes; write it as: `summary: \"Risks: forced labour\"`",
    );
}

#[test]
fn yaml_an_unclosed_bracket_is_reported_where_it_opens() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("issues: [forced-labour, child-labour\nsummary: \"Risks.\"\n"),
    ));
    assert_at(&d, CHAPTER, 4, 9);
    assert_message(
        &d,
        "a `[` that is never closed",
        Some("this list is opened here"),
        "close it on the same line with `]`; write it as: `issues: [forced-labour, child-labour]`",
    );
}

#[test]
fn yaml_an_unclosed_quote_is_reported_where_it_opens() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\nphase: remedy\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 2, 8);
    assert_message(
        &d,
        "a quote that is never closed",
        Some("the text opens here"),
        "close it on the same line with `\"`; write it as: `title: \"Risk\"`",
    );
}

#[test]
fn yaml_text_after_the_closing_quote() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\" assessment\nphase: remedy\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 2, 15);
    assert_message(
        &d,
        "text after the closing quote",
        Some("the value ended at the quote before"),
        "quotes go around the whole value; to keep the double quotes inside it, put single quotes around it; write it as: `title: '\"Risk\" assessment'`",
    );
    let stray = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\"\nphase: remedy\n---\nBody\n",
    ));
    assert_at(&stray, CHAPTER, 2, 14);
    assert_message(
        &stray,
        "a stray quote",
        Some("one quote too many"),
        "quotes go around the whole value; write it as: `title: \"Risk\"`",
    );
}

#[test]
fn yaml_a_field_with_leading_spaces() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\n title: \"Risk\"\nphase: remedy\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 2, 1);
    assert_message(
        &d,
        "the field `title` starts with 1 space",
        Some("fields start at the beginning of the line"),
        "write it as: `title: \"Risk\"`",
    );
}

#[test]
fn yaml_a_missing_space_after_the_colon() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase:remedy\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 3, 6);
    assert_message(
        &d,
        "a space is missing after `phase:`",
        Some("YAML needs a space after the colon"),
        "write it as: `phase: remedy`",
    );
}

#[test]
fn yaml_a_field_written_twice() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("title: \"Risk again\"\n"),
    ));
    assert_at(&d, CHAPTER, 4, 1);
    assert_message(
        &d,
        "the field `title` is written twice",
        Some("first written on line 2"),
        "keep one of the two lines and delete the other",
    );
}

#[test]
fn yaml_two_mistakes_and_a_field_error_are_all_reported() {
    let errors = errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remdy\nsummary: Risks: forced labour\ngaps:\n  - \"Audits.\"\n\t- \"Workers.\"\n---\nBody\n",
    );
    let found: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.location.line, e.location.column, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, 8, "unknown phase `remdy`"),
            (4, 15, "a colon in unquoted text"),
            (7, 1, "a tab is used for indentation"),
        ],
        "{errors:#?}"
    );
}

#[test]
fn yaml_errors_the_checks_do_not_foresee_are_in_plain_words_at_one_position() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("gaps: - \"Audits.\"\n"),
    ));
    assert_at(&d, CHAPTER, 4, 7);
    assert_eq!(d.message, "a list item on the same line as its field");
    assert!(!d.message.contains("column"), "{d:#?}");
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains(r#"["first", "second"]"#)
    );
}

#[test]
fn front_matter_that_is_never_closed() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\n\nBody\n",
    ));
    assert_at(&d, CHAPTER, 1, 1);
    assert!(d.message.contains("never closed"));
    assert!(d.help.as_deref().unwrap().contains("`---`"));
}

#[test]
fn a_missing_title() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\nphase: remedy\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 1, 1);
    assert_eq!(d.message, "missing required field `title`");
    assert!(d.help.as_deref().unwrap().contains("title:"));
}

#[test]
fn a_missing_phase() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\n---\nBody\n",
    ));
    assert_eq!(d.message, "missing required field `phase`");
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("planning, risk-assessment, remedy")
    );
}

#[test]
fn a_field_of_the_wrong_type() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\ngaps: \n  first: one\n---\nBody\n",
    ));
    assert_eq!(d.location.file.to_string_lossy(), CHAPTER);
    assert_eq!(d.location.line, 5, "{d:#?}");
    assert!(
        d.message.contains("`gaps` should be a list"),
        "{}",
        d.message
    );
}

#[test]
fn an_unknown_field_gets_did_you_mean() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\nsumary: \"Typo\"\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 4, 1);
    assert_eq!(d.message, "unknown field `sumary`");
    assert_eq!(d.label.as_deref(), Some("did you mean `summary`?"));
}

#[test]
fn an_unknown_term_in_a_closed_vocabulary() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\nissues: [forced-labour, child-labor]\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 4, 25);
    assert_eq!(d.message, "unknown term `child-labor` in `issues`");
    assert_eq!(d.label.as_deref(), Some("did you mean `child-labour`?"));
}

#[test]
fn an_invalid_date() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\nupdated: 2026-02-30\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 4, 10);
    assert!(d.message.contains("not a valid date"), "{}", d.message);
}

#[test]
fn an_unknown_status() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\nstatus: reviw\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 4, 9);
    assert_eq!(d.label.as_deref(), Some("did you mean `review`?"));
}

#[test]
fn two_files_with_the_same_url_are_both_named() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/first-report/05-risk.md",
        "---\ntitle: \"Risk again\"\nphase: remedy\n---\nBody\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let files: Vec<String> = errors
        .iter()
        .map(|e| e.location.file.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        [
            "hubs/alpha/first-report/02-risk.md",
            "hubs/alpha/first-report/05-risk.md"
        ]
    );
    assert!(errors[0].message.contains("/hubs/alpha/first-report/risk/"));
    assert!(errors[0].label.as_deref().unwrap().contains("05-risk.md"));
}

#[test]
fn a_broken_link_and_a_broken_anchor() {
    let site = TestSite::fixture("minimal");
    site.write(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\n---\nSee [planning](01-planing.md) and [it](01-planning.md#current-practise).\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], CHAPTER, 5, 16);
    assert!(
        errors[0].message.contains("broken link"),
        "{}",
        errors[0].message
    );
    assert_eq!(
        errors[0].label.as_deref(),
        Some("did you mean `01-planning.md`?")
    );
    assert_at(&errors[1], CHAPTER, 5, 40);
    assert!(errors[1].message.contains("broken anchor"));
    assert_eq!(
        errors[1].label.as_deref(),
        Some("did you mean `#current-practice`?")
    );
}

#[test]
fn a_link_out_of_the_site_is_refused() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\n---\n[secret](../../../../../etc/passwd)\n",
    ));
    assert!(d.message.contains("outside the site"));
}

#[test]
fn a_file_that_is_not_utf8() {
    let site = TestSite::fixture("minimal");
    std::fs::write(
        site.root().join(CHAPTER),
        b"---\ntitle: \"Risk\"\nphase: remedy\n---\nCaf\xe9\n",
    )
    .unwrap();
    let d = only(site.build_errors());
    assert_at(&d, CHAPTER, 5, 4);
    assert!(d.message.contains("not UTF-8"));
}

#[test]
fn a_hub_file_with_a_typo_reports_every_problem() {
    let site = TestSite::fixture("minimal");
    site.write("hubs/beta/hub.yaml", "title: Beta\nled: Beta Network\n");
    let errors = site.build_errors();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages.contains(&"missing required field `lead`"),
        "{messages:?}"
    );
    let typo = errors
        .iter()
        .find(|e| e.message == "unknown field `led`")
        .expect("typo reported");
    assert_at(typo, "hubs/beta/hub.yaml", 2, 1);
    assert_eq!(typo.label.as_deref(), Some("did you mean `lead`?"));
}

#[test]
fn a_site_toml_error() {
    let site = TestSite::fixture("minimal");
    let config = site
        .read_source("site.toml")
        .replace("base_url = ", "base_ur = ");
    site.write("site.toml", &config);
    let d = only(site.build_errors());
    assert_at(&d, "site.toml", 3, 1);
    assert_eq!(d.label.as_deref(), Some("did you mean `base_url`?"));
}

#[test]
fn every_error_is_reported_at_once_sorted_by_file_and_line() {
    let site = TestSite::fixture("minimal");
    site.write(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\nsumary: x\nstatus: reviw\n---\n[a](nowhere.md)\n",
    );
    site.write(
        "hubs/beta/second-report/01-planning.md",
        "---\ntitle: \"B\"\nphase: plannin\n---\nBody\n",
    );
    let errors = site.build_errors();
    let places: Vec<(String, usize)> = errors
        .iter()
        .map(|e| {
            (
                e.location.file.to_string_lossy().into_owned(),
                e.location.line,
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (CHAPTER.to_owned(), 4),
            (CHAPTER.to_owned(), 5),
            ("hubs/beta/second-report/01-planning.md".to_owned(), 3),
        ],
        "{errors:#?}"
    );
}

fn warnings_after_writing(site: &TestSite, rel: &str, text: &str) -> Vec<Diagnostic> {
    site.write(rel, text);
    match site.build() {
        Ok(report) => report.diagnostics.sorted(),
        Err(d) => panic!("expected a build with warnings:\n{}", common::render(&d)),
    }
}

#[test]
fn raw_html_is_sanitised_with_a_warning_per_removal() {
    let site = TestSite::fixture("minimal");
    let warnings = warnings_after_writing(
        &site,
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\ngaps: [\"g\"]\n---\nIntro.\n\n<script>alert(1)</script>\n\nText <img src=\"x.png\" alt=\"x\" onerror=\"steal()\"> and <span class=\"note\">kept</span>.\n",
    );
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert_at(&warnings[0], CHAPTER, 8, 1);
    assert!(
        warnings[0].message.contains("<script>"),
        "{}",
        warnings[0].message
    );
    assert_at(&warnings[1], CHAPTER, 10, 6);
    assert!(
        warnings[1].message.contains("onerror"),
        "{}",
        warnings[1].message
    );
    let page = site.page("hubs/alpha/first-report/new/");
    assert!(
        !page.contains("alert(1)") && !page.contains("onerror"),
        "scripts survive"
    );
    assert!(page.contains("<span class=\"note\">kept</span>"));

    // A site that trusts every author can opt out.
    let config = site.read_source("site.toml") + "\n[markdown]\ntrust_raw_html = true\n";
    site.write("site.toml", &config);
    site.build_ok();
    assert!(
        site.page("hubs/alpha/first-report/new/")
            .contains("<script>alert(1)</script>")
    );
}

#[test]
fn an_image_without_alt_text_is_a_warning() {
    let site = TestSite::fixture("minimal");
    site.write("hubs/alpha/first-report/chart.png", "png");
    let warnings = warnings_after_writing(
        &site,
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\ngaps: [\"g\"]\n---\n![](chart.png)\n",
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_at(&warnings[0], CHAPTER, 6, 1);
    assert_eq!(warnings[0].message, "image without alt text");
}

#[test]
fn a_page_nothing_links_to_is_a_warning() {
    let site = TestSite::fixture("minimal");
    let warnings = warnings_after_writing(
        &site,
        "content/lonely.md",
        "---\ntitle: \"Lonely\"\n---\nNobody comes here.\n",
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(
        warnings[0].location.file.to_string_lossy(),
        "content/lonely.md"
    );
    assert_eq!(warnings[0].message, "no page links to this page");
    let home = site.read_source("content/_index.md") + "\nSee [the lonely page](lonely.md).\n";
    site.write("content/_index.md", &home);
    assert!(site.build_ok().diagnostics.is_empty());
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_refused() {
    let site = TestSite::fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: \"Secret\"\n---\nx\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.root().join("content/secret.md"),
    )
    .unwrap();
    let d = only(site.build_errors());
    assert_eq!(d.location.file.to_string_lossy(), "content/secret.md");
    assert!(
        d.message.contains("points outside the site"),
        "{}",
        d.message
    );
}

#[test]
fn an_image_path_with_a_space_is_not_left_as_text() {
    let site = TestSite::fixture("minimal");
    site.write("hubs/alpha/first-report/my map.png", "png");
    site.write(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\n---\nSee ![Map](my map.png) here.\n",
    );
    let d = only(site.build_errors());
    assert_at(&d, CHAPTER, 5, 12);
    assert_eq!(d.location.width, "my map.png".len());
    assert_message(
        &d,
        "this image is shown as text: its path `my map.png` contains a space",
        Some("a space ends a Markdown path"),
        "write the path in angle brackets, `![Map](<my map.png>)`, or rename the file without spaces (`my-map.png`)",
    );
    // Written as the help says, the image is found and shown.
    site.write(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\ngaps: [\"g\"]\n---\nSee ![Map](<my map.png>) here.\n",
    );
    site.build_ok();
    let page = site.page("hubs/alpha/first-report/new/");
    assert!(
        page.contains("my%20map.png") || page.contains("my map.png"),
        "{page}"
    );
    assert!(!page.contains("![Map]"), "{page}");
}

#[test]
fn a_level_one_heading_in_a_chapter_is_a_warning() {
    let site = TestSite::fixture("minimal");
    let warnings = warnings_after_writing(
        &site,
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\ngaps: [\"g\"]\n---\n# Findings\n\nText.\n",
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_at(&warnings[0], CHAPTER, 6, 1);
    assert_message(
        &warnings[0],
        "a level-1 heading in the text",
        Some("the title is already the page's level-1 heading"),
        "start sections with `##`: write it as `## Findings`",
    );
}

#[test]
fn a_list_of_terms_written_as_text_gets_brackets() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("issues: forced-labour, child-labour\n"),
    ));
    assert_at(&d, CHAPTER, 4, 9);
    assert_message(
        &d,
        "`issues` is written as text, not as a list",
        Some("a list needs square brackets"),
        "write it as: `issues: [forced-labour, child-labour]`",
    );
}

#[test]
fn a_phase_written_as_its_title() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: Risk assessment\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 3, 8);
    assert_message(
        &d,
        "unknown phase `Risk assessment`",
        Some("did you mean `risk-assessment`?"),
        "write the phase's id, not its title: `phase: risk-assessment`",
    );
}

#[test]
fn a_status_in_capitals() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("status: PUBLISHED\n"),
    ));
    assert_at(&d, CHAPTER, 4, 9);
    assert_message(
        &d,
        "unknown status `PUBLISHED`",
        Some("did you mean `published`?"),
        "write it in lowercase: `status: published`",
    );
}

#[test]
fn an_anchor_written_as_the_heading_or_part_of_it() {
    let site = TestSite::fixture("minimal");
    site.write(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\n---\n[a](02-risk.md#What_Goes_Wrong) and [b](01-planning.md#practice).\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], CHAPTER, 5, 5);
    assert_eq!(
        errors[0].label.as_deref(),
        Some("did you mean `#what-goes-wrong`?")
    );
    assert_at(&errors[1], CHAPTER, 5, 41);
    assert_eq!(
        errors[1].label.as_deref(),
        Some("did you mean `#current-practice`?")
    );
    assert_eq!(
        errors[1].help.as_deref(),
        Some(
            "a heading's id is its words in lowercase joined by hyphens (`## Current practice` is `#current-practice`); the headings there: current-practice"
        )
    );
}

#[test]
fn a_link_to_a_renamed_chapter_suggests_its_new_path_from_every_file() {
    let site = TestSite::fixture("minimal");
    // Beta renumbers its chapter; alpha's chapter, in another hub, links to the old name.
    let text = site.read_source("hubs/beta/second-report/01-planning.md");
    site.remove("hubs/beta/second-report/01-planning.md");
    site.write("hubs/beta/second-report/03-planning.md", &text);
    let d = only(site.build_errors());
    assert_at(&d, "hubs/alpha/first-report/02-risk.md", 14, 60);
    assert_eq!(
        d.message,
        "broken link: `hubs/beta/second-report/01-planning.md` does not exist"
    );
    assert_eq!(
        d.label.as_deref(),
        Some("did you mean `../../beta/second-report/03-planning.md`?")
    );
}

#[test]
fn a_link_to_a_chapter_renamed_in_place_suggests_its_new_name_not_another_hubs_chapter() {
    let site = TestSite::fixture("minimal");
    // Beta's chapter keeps its number and gets a new name; alpha has a chapter of the old
    // name (`planning`) too, and links to beta's from one that is not it.
    let text = site.read_source("hubs/beta/second-report/01-planning.md");
    site.remove("hubs/beta/second-report/01-planning.md");
    site.write("hubs/beta/second-report/01-needs-and-planning.md", &text);
    let d = only(site.build_errors());
    assert_at(&d, "hubs/alpha/first-report/02-risk.md", 14, 60);
    assert_eq!(
        d.label.as_deref(),
        Some("did you mean `../../beta/second-report/01-needs-and-planning.md`?")
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "if the file was renamed or moved, link to its new name: `../../beta/second-report/01-needs-and-planning.md`; paths are relative to this file (`02-risk.md`) or start with `/` at the site root (`/hubs/apparel/report/02-risk.md`)"
        )
    );
}

#[test]
fn a_broken_link_never_suggests_the_linking_file_itself() {
    let site = TestSite::fixture("minimal");
    // Alpha's planning chapter links to a planning chapter in a report that does not exist:
    // the only other `planning` is beta's, never the linking file.
    let planning = "hubs/alpha/first-report/01-planning.md";
    let text = site.read_source(planning);
    site.write(
        planning,
        &format!("{text}\nSee [gamma](../../gamma/report/01-planning.md).\n"),
    );
    let d = only(site.build_errors());
    assert_eq!(
        d.label.as_deref(),
        Some("did you mean `../../beta/second-report/01-planning.md`?")
    );
}

#[test]
fn a_link_to_a_moved_chapter_or_by_its_title_finds_it_elsewhere() {
    let site = TestSite::fixture("minimal");
    site.write(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\n---\n[moved](../../beta/old-report/01-planning.md) and [titled](planning-in-beta.md).\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], CHAPTER, 5, 9);
    assert_eq!(
        errors[0].label.as_deref(),
        Some("did you mean `../../beta/second-report/01-planning.md`?")
    );
    assert_at(&errors[1], CHAPTER, 5, 60);
    assert_eq!(
        errors[1].label.as_deref(),
        Some("did you mean `../../beta/second-report/01-planning.md`?")
    );
}

#[test]
fn missing_images_and_pdfs_get_help_about_files() {
    let site = TestSite::fixture("minimal");
    site.write("hubs/alpha/first-report/map.png", "png");
    site.write(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\n---\n![Map](Map.png) and [the report](report.pdf).\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], CHAPTER, 5, 8);
    assert_message(
        &errors[0],
        "missing file: `hubs/alpha/first-report/Map.png` does not exist",
        Some("did you mean `map.png`?"),
        "upload `Map.png` into `hubs/alpha/first-report/`, or correct the path: it is relative to this file, and capital letters count (`Map.png` is not `map.png`)",
    );
    assert_at(&errors[1], CHAPTER, 5, 34);
    assert_eq!(
        errors[1].message,
        "missing file: `hubs/alpha/first-report/report.pdf` does not exist"
    );
    assert!(
        !errors[1].help.as_deref().unwrap().contains(".md"),
        "{:#?}",
        errors[1]
    );
}

/// The guide's table of common mistakes quotes the messages praxis prints: rewording one
/// here without the guide fails.
#[test]
fn the_guide_quotes_these_messages() {
    let guide = std::fs::read_to_string(common::repo_root().join("docs/hub-leaders.md"))
        .expect("the guide");
    for message in [
        "a tab is used for indentation",
        "the indentation of a list item does not match the items above",
        "the field `title` starts with 1 space",
        "a colon in unquoted text",
        "a `[` that is never closed",
        "a quote that is never closed",
        "text after the closing quote",
        "a stray quote",
        "a space is missing after `phase:`",
        "the field `title` is written twice",
        "this line is not a field",
        "text that starts with `*` must be in quotes",
        "`issues` is written as text, not as a list",
        "this image is shown as text: its path `my map.png` contains a space",
        "a level-1 heading in the text",
        "missing file",
    ] {
        assert!(
            guide.contains(message),
            "docs/hub-leaders.md does not quote `{message}`"
        );
    }
}

#[test]
fn yaml_text_starting_with_a_star_is_quoted() {
    let d = only(errors_after_writing(
        CHAPTER,
        &chapter_with("summary: *Important* finding\n"),
    ));
    assert_at(&d, CHAPTER, 4, 10);
    assert_message(
        &d,
        "text that starts with `*` must be in quotes",
        Some("YAML reads `*` at the start as a reference to something else"),
        "write it as: `summary: \"*Important* finding\"`",
    );
}

#[test]
fn yaml_a_line_that_is_not_a_field() {
    let d = only(errors_after_writing(
        CHAPTER,
        "---\ntitle: \"Risk\"\nphase: remedy\nsummary: A long summary\nthat goes on\n---\nBody\n",
    ));
    assert_at(&d, CHAPTER, 5, 1);
    assert_message(
        &d,
        "this line is not a field",
        Some("expected `field: value`"),
        "write one field per line as `field: value`, such as `title: \"Risk assessment\"`; to continue the text of the field above, indent the line",
    );
}
