//! The survey of jurisdictions (work stream I): a reader compares jurisdictions on any
//! question, opens one country's answers with their sources, follows one question across
//! countries and downloads the same data, all from the YAML a researcher commits; and each
//! mistake a researcher can make is an error naming file, line and fix.

mod common;

use std::path::Path;

use common::TestSite;
use praxis::diagnostics::Diagnostic;
use serde_json::Value;

// ----- A small survey on the minimal site -----

const DEFINITION: &str = "survey/survey.yaml";
const EU: &str = "survey/jurisdictions/european-union.yaml";
const GERMANY: &str = "survey/jurisdictions/germany.yaml";

const QUESTIONNAIRE: &str = r#"title: "Procurement law survey"
summary: "What each jurisdiction's law asks of public buyers."
as_of: 2026-11-30
licence: "CC BY 4.0"
sections:
  - id: law
    title: "Legal framework"
  - id: contracts
    title: "Contracts"
questions:
  - id: due-diligence
    section: law
    text: "Does a law require human rights due diligence?"
    phase: planning
    answers: [yes, partly, no]
    help: "Yes: a binding duty; partly: reporting only."
  - id: remedy-route
    section: contracts
    text: "Can workers complain to the buyer?"
    phase: remedy
    answers: [yes, no]
  - id: main-law
    section: law
    text: "What is the main procurement law?"
    answers: text
"#;

const EU_ANSWERS: &str = r#"respondent: "Lab secretariat"
region: Europe
verified: 2026-11-20
answers:
  due-diligence:
    value: yes
    note: "The [due diligence directive](https://eur-lex.europa.eu/eli/dir/2024/1760/oj) applies; see [the planning chapter](../../hubs/alpha/first-report/01-planning.md)."
    sources:
      - title: "Directive (EU) 2024/1760"
        url: https://eur-lex.europa.eu/eli/dir/2024/1760/oj
        pinpoint: "Art. 5"
  remedy-route:
    value: "no"
    under_review: true
    note: "Not in the directives, as far as checked."
    sources:
      - title: "Directive 2014/24/EU"
        url: https://eur-lex.europa.eu/eli/dir/2014/24/oj
  main-law:
    value: "Directive 2014/24/EU, with 2014/23/EU and 2014/25/EU"
"#;

const GERMANY_ANSWERS: &str = r#"respondent: "Lab secretariat"
region: Europe
verified: 2026-11-21
answers:
  due-diligence:
    value: partly
    note: "Large companies only."
    sources:
      - title: "Supply Chain Due Diligence Act"
        url: https://www.gesetze-im-internet.de/lksg/
        pinpoint: "§ 3"
  remedy-route:
    value: "yes"
    sources:
      - title: "BAFA complaints procedure"
        url: https://www.bafa.de/
  main-law:
    value: "Act against Restraints of Competition, Part 4"
"#;

/// The minimal site with a closed list of jurisdictions and the small survey.
fn surveyed() -> TestSite {
    let site = TestSite::fixture("minimal");
    let mut config = site.read_source("site.toml");
    // The minimal site's last table is the jurisdictions taxonomy.
    config.push_str(
        "terms = [\n  { id = \"european-union\", title = \"European Union\" },\n  { id = \"germany\", title = \"Germany\" },\n]\n",
    );
    site.write("site.toml", &config);
    site.write(DEFINITION, QUESTIONNAIRE);
    site.write(EU, EU_ANSWERS);
    site.write(GERMANY, GERMANY_ANSWERS);
    site
}

fn built() -> TestSite {
    let site = surveyed();
    site.build_ok();
    site
}

// ----- Pages -----

#[test]
fn the_matrix_shows_every_jurisdictions_answer_as_text_linked_to_its_note() {
    let site = built();
    let page = site.page("survey");
    assert!(page.contains("<h1>Procurement law survey</h1>"), "{page}");
    // Rows are jurisdictions in the taxonomy's order, columns the questions by section.
    let eu = page
        .find("<th scope=\"row\"><a href=\"/lab/survey/european-union/\">European Union</a></th>")
        .expect("EU row");
    let de = page
        .find("<th scope=\"row\"><a href=\"/lab/survey/germany/\">Germany</a></th>")
        .expect("Germany row");
    assert!(eu < de);
    for (row, value) in [("european-union", "yes"), ("germany", "partly")] {
        let cell = format!(
            "<td data-question=\"due-diligence\" data-value=\"{value}\" class=\"answer-cell\"><a class=\"answer answer-v{}-of-3\" href=\"/lab/survey/{row}/#answer-due-diligence\">{value}</a>",
            if value == "yes" { 1 } else { 2 }
        );
        assert!(page.contains(&cell), "no cell {cell}");
    }
    // An answer under review says so in words, not only by a mark.
    assert!(page.contains(
        ">no</a><span class=\"review-mark\" title=\"under review\"> (under review)</span>"
    ));
    // The law section's columns come first, then the contracts section's.
    let law = page
        .find("data-question=\"main-law\" data-values")
        .expect("main-law column");
    let contracts = page
        .find("data-question=\"remedy-route\" data-values")
        .expect("remedy column");
    assert!(law < contracts);
    // Filters are hidden without JavaScript: the table alone is the page then.
    assert!(page.contains("<form id=\"matrix-filters\" class=\"matrix-filters\" hidden>"));
    assert!(page.contains("<option value=\"Europe\">Europe</option>"));
}

#[test]
fn a_jurisdictions_page_gives_every_answer_with_note_sources_and_date_and_its_chapters() {
    let site = built();
    let page = site.page("survey/european-union");
    assert!(page.contains("<h1>European Union</h1>"));
    // The note's links are resolved like a chapter's: the chapter by its page's address.
    assert!(
        page.contains(
            "see <a href=\"/lab/hubs/alpha/first-report/planning/\">the planning chapter</a>"
        ),
        "{page}"
    );
    assert!(page.contains("<a href=\"https://eur-lex.europa.eu/eli/dir/2024/1760/oj\" rel=\"external\">Directive (EU) 2024/1760</a>, Art. 5"));
    assert!(page.contains("Verified <time datetime=\"2026-11-20\">20 November 2026</time>"));
    assert!(page.contains("<span class=\"review-tag\">under review</span>"));
    // The minimal site's planning chapter is tagged european-union.
    assert!(page.contains("href=\"/lab/hubs/alpha/first-report/planning/\""));
    assert!(page.contains("Every chapter on European Union, by phase"));
    // And the taxonomy's page links back.
    let term = site.page("jurisdictions/european-union");
    assert!(term.contains("<a href=\"/lab/survey/european-union/\">How European Union answers the survey of jurisdictions</a>"), "{term}");
    // Germany has no chapter: the page says so.
    assert!(
        site.page("survey/germany")
            .contains("No chapter is tagged with Germany yet.")
    );
}

#[test]
fn a_questions_page_groups_jurisdictions_by_answer_and_its_phase_page_counts_them() {
    let site = built();
    let page = site.page("survey/questions/due-diligence");
    assert!(page.contains("<h1>Does a law require human rights due diligence?</h1>"));
    assert!(page.contains("Yes: a binding duty; partly: reporting only."));
    let yes = page
        .find("answer-v1-of-3\">yes</span>: 1 jurisdiction</h2>")
        .expect("yes group");
    let partly = page
        .find("answer-v2-of-3\">partly</span>: 1 jurisdiction</h2>")
        .expect("partly group");
    let none = page
        .find("answer-v3-of-3\">no</span>: 0 jurisdictions</h2>")
        .expect("no group");
    assert!(yes < partly && partly < none);
    assert!(page.contains("<a href=\"/lab/survey/germany/#answer-due-diligence\">Germany</a>"));
    assert!(page.contains("<a href=\"/lab/phases/planning/\">"));
    let phase = site.page("phases/planning");
    assert!(phase.contains("What the survey of jurisdictions found"));
    assert!(phase.contains("<a href=\"/lab/survey/questions/due-diligence/\">Does a law require human rights due diligence?</a>"));
    assert!(phase.contains("<span class=\"answer answer-v1-of-3\">yes</span> 1 · <span class=\"answer answer-v2-of-3\">partly</span> 1 · <span class=\"answer answer-v3-of-3\">no</span> 0"), "{phase}");
    // A free-text question has one group, its answers written out.
    let text = site.page("survey/questions/main-law");
    assert!(text.contains("Act against Restraints of Competition, Part 4"));
}

#[test]
fn the_survey_page_offers_a_citation_and_describes_itself_as_a_dataset() {
    let site = built();
    let page = site.page("survey");
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let ld: Value = serde_json::from_str(&page[start..end]).expect("JSON-LD is JSON");
    assert_eq!(ld["@type"], "Dataset");
    assert_eq!(ld["license"], "CC BY 4.0");
    assert_eq!(
        ld["distribution"][0]["contentUrl"],
        "https://example.org/lab/survey/answers.csv"
    );
    assert!(page.contains("<h2 id=\"cite-heading\">Cite this dataset</h2>"));
    let bibtex = common::download(&page, "survey-2026.bib");
    assert!(bibtex.starts_with("@misc{survey-2026,"), "{bibtex}");
    assert!(bibtex.contains("title = {{Procurement law survey}}"));
    let ris = common::download(&page, "survey-2026.ris");
    assert!(ris.starts_with("TY  - DATA\r\n"), "{ris}");
}

// ----- Downloads -----

/// RFC 4180 CSV, as a reader's spreadsheet would read it.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The YAML a researcher committed, read independently of praxis's loader.
fn yaml(site: &TestSite, rel: &str) -> Value {
    serde_saphyr::from_str(&site.read_source(rel)).expect("YAML")
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

#[test]
fn the_csv_files_read_back_equal_the_yaml() {
    let site = built();
    let read = |rel: &str| std::fs::read_to_string(site.output().join(rel)).expect(rel);
    let answers = parse_csv(&read("survey/answers.csv"));
    assert_eq!(
        answers[0],
        [
            "jurisdiction",
            "question",
            "value",
            "note",
            "sources",
            "verified",
            "under_review"
        ]
    );
    let mut expected = Vec::new();
    for (id, rel) in [("european-union", EU), ("germany", GERMANY)] {
        let file = yaml(&site, rel);
        let verified = as_text(&file["verified"]);
        // In the questionnaire's order of questions.
        for question in ["due-diligence", "remedy-route", "main-law"] {
            let answer = &file["answers"][question];
            let sources: Vec<String> = answer["sources"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| match s.get("pinpoint") {
                    Some(p) => format!(
                        "{} ({}) <{}>",
                        as_text(&s["title"]),
                        as_text(p),
                        as_text(&s["url"])
                    ),
                    None => format!("{} <{}>", as_text(&s["title"]), as_text(&s["url"])),
                })
                .collect();
            expected.push(vec![
                id.to_owned(),
                question.to_owned(),
                as_text(&answer["value"]),
                sources.join(" | "),
                verified.clone(),
                answer
                    .get("under_review")
                    .map_or("false".into(), Value::to_string),
            ]);
        }
    }
    // The note column is the note as a reader reads it: link text kept, addresses dropped.
    let without_notes: Vec<Vec<String>> = answers[1..]
        .iter()
        .map(|r| {
            [&r[0], &r[1], &r[2], &r[4], &r[5], &r[6]]
                .map(String::clone)
                .to_vec()
        })
        .collect();
    assert_eq!(without_notes, expected);
    assert_eq!(
        answers[1][3],
        "The due diligence directive applies; see the planning chapter."
    );
    // The wide file: one row per jurisdiction, one column per question, the same values.
    let matrix = parse_csv(&read("survey/matrix.csv"));
    assert_eq!(
        matrix[0],
        [
            "jurisdiction",
            "region",
            "verified",
            "due-diligence",
            "remedy-route",
            "main-law"
        ]
    );
    for row in &matrix[1..] {
        for (q, question) in matrix[0][3..].iter().enumerate() {
            let long = answers[1..]
                .iter()
                .find(|a| a[0] == row[0] && &a[1] == question)
                .expect("the long file has the answer");
            assert_eq!(row[3 + q], long[2]);
        }
    }
}

#[test]
fn survey_json_carries_the_questionnaire_and_every_answer() {
    let site = built();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(site.output().join("survey/survey.json")).unwrap(),
    )
    .unwrap();
    let questionnaire = yaml(&site, DEFINITION);
    let questions = json["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    for (q, written) in questions
        .iter()
        .zip(questionnaire["questions"].as_array().unwrap())
    {
        assert_eq!(q["id"], written["id"]);
        assert_eq!(q["text"], written["text"]);
    }
    assert_eq!(
        questions[0]["answers"],
        serde_json::json!(["yes", "partly", "no"])
    );
    assert_eq!(questions[2]["answers"], "text");
    let germany = &json["jurisdictions"][1];
    assert_eq!(germany["id"], "germany");
    assert_eq!(
        germany["answers"]["due-diligence"]["sources"][0]["pinpoint"],
        "§ 3"
    );
    assert_eq!(germany["answers"]["remedy-route"]["value"], "yes");
}

/// The survey's downloads, in `survey/` of the output.
const DOWNLOADS: [&str; 4] = [
    "answers.csv",
    "matrix.csv",
    "survey.json",
    "datapackage.json",
];

fn downloads(site: &TestSite) -> Vec<Vec<u8>> {
    DOWNLOADS
        .iter()
        .map(|f| std::fs::read(site.output().join("survey").join(f)).unwrap())
        .collect()
}

#[test]
fn two_builds_write_the_same_downloads() {
    let site = built();
    let first = downloads(&site);
    site.praxis(&["build", "--clean"]);
    assert_eq!(first, downloads(&site));
}

/// `frictionless validate` (the Frictionless Data project's own validator, installed by
/// scripts/test into target/tools/python) on the package in `dir`.
fn frictionless(dir: &Path) -> (bool, String) {
    let tools = common::repo_root().join("target/tools/python");
    assert!(
        tools.join("frictionless").is_dir(),
        "frictionless is missing from target/tools/python: run scripts/test, which installs it"
    );
    let out = std::process::Command::new("python3")
        .args([
            "-m",
            "frictionless",
            "validate",
            "--json",
            "datapackage.json",
        ])
        .current_dir(dir)
        .env("PYTHONPATH", &tools)
        .output()
        .expect("run python3");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no report ({e}): {text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report["valid"] == true, text)
}

#[test]
fn the_data_package_is_valid_by_frictionless_and_catches_a_wrong_value() {
    let site = built();
    let survey = site.output().join("survey");
    let (valid, report) = frictionless(&survey);
    assert!(valid, "{report}");
    // The package's schema holds the answers to their lists: a value no question allows, in
    // a copy of the matrix, is caught.
    let copy = tempfile::tempdir().unwrap();
    for file in [
        "answers.csv",
        "matrix.csv",
        "survey.json",
        "datapackage.json",
    ] {
        std::fs::copy(survey.join(file), copy.path().join(file)).unwrap();
    }
    let matrix = std::fs::read_to_string(copy.path().join("matrix.csv")).unwrap();
    std::fs::write(
        copy.path().join("matrix.csv"),
        matrix.replacen(",partly,", ",perhaps,", 1),
    )
    .unwrap();
    let (valid, report) = frictionless(copy.path());
    assert!(!valid, "a value outside the list passed: {report}");
    assert!(report.contains("constraint-error"), "{report}");
}

#[test]
fn the_lab_survey_covers_a_dozen_jurisdictions_and_ten_questions_with_sources() {
    let site = TestSite::lab();
    site.build_ok();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(site.output().join("survey/survey.json")).unwrap(),
    )
    .unwrap();
    let questions = json["questions"].as_array().unwrap();
    let jurisdictions = json["jurisdictions"].as_array().unwrap();
    assert!(questions.len() >= 10, "{} questions", questions.len());
    assert!(
        jurisdictions.len() >= 12,
        "{} jurisdictions",
        jurisdictions.len()
    );
    let phases: std::collections::BTreeSet<&str> = questions
        .iter()
        .filter_map(|q| q["phase"].as_str())
        .collect();
    assert!(phases.len() >= 5, "questions on {phases:?}");
    for j in jurisdictions {
        for (question, answer) in j["answers"].as_object().unwrap() {
            let sources = answer["sources"].as_array().unwrap();
            assert!(!sources.is_empty(), "{} {question} has no source", j["id"]);
            for s in sources {
                assert!(s["url"].as_str().unwrap().starts_with("https://"), "{s}");
            }
        }
    }
    let (valid, report) = frictionless(&site.output().join("survey"));
    assert!(valid, "{report}");
}

// ----- Mistakes -----

fn errors_with(rel: &str, text: &str) -> Vec<Diagnostic> {
    let site = surveyed();
    site.write(rel, text);
    site.build_errors()
}

fn only(errors: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().unwrap()
}

fn at(d: &Diagnostic) -> (String, usize, usize) {
    (
        d.location.file.to_string_lossy().replace('\\', "/"),
        d.location.line,
        d.location.column,
    )
}

#[test]
fn an_unknown_question_suggests_the_nearest() {
    let d = only(errors_with(
        GERMANY,
        &GERMANY_ANSWERS.replace("  remedy-route:", "  remedy-rout:"),
    ));
    assert_eq!(at(&d), (GERMANY.into(), 12, 3));
    assert_eq!(d.message, "unknown question `remedy-rout`");
    assert_eq!(d.label.as_deref(), Some("did you mean `remedy-route`?"));
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("due-diligence, remedy-route, main-law"),
        "{d:#?}"
    );
}

#[test]
fn a_value_outside_the_questions_list_names_the_allowed_ones() {
    let d = only(errors_with(
        GERMANY,
        &GERMANY_ANSWERS.replace("value: partly", "value: partialy"),
    ));
    assert_eq!(at(&d), (GERMANY.into(), 6, 12));
    assert_eq!(
        d.message,
        "`partialy` is not an answer to the question `due-diligence`"
    );
    assert_eq!(d.label.as_deref(), Some("did you mean `partly`?"));
    assert!(d.help.as_deref().unwrap().contains("yes, partly, no"));
}

#[test]
fn a_jurisdiction_that_is_not_a_term_of_the_taxonomy_is_named() {
    let d = only(errors_with(
        "survey/jurisdictions/germny.yaml",
        GERMANY_ANSWERS,
    ));
    assert_eq!(at(&d).0, "survey/jurisdictions/germny.yaml");
    assert_eq!(
        d.message,
        "`germny` is not a term of the `jurisdictions` taxonomy"
    );
    assert_eq!(d.label.as_deref(), Some("did you mean `germany.yaml`?"));
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("european-union, germany")
    );
}

#[test]
fn a_missing_verified_date_is_an_error() {
    let d = only(errors_with(
        GERMANY,
        &GERMANY_ANSWERS.replace("verified: 2026-11-21\n", ""),
    ));
    assert_eq!(d.message, "missing required field `verified`");
    assert_eq!(at(&d).0, GERMANY);
    assert!(d.help.as_deref().unwrap().contains("verified: 2026-11-30"));
}

#[test]
fn a_question_answered_twice_is_located_at_the_second_answer() {
    let twice = format!("{GERMANY_ANSWERS}  due-diligence:\n    value: \"no\"\n");
    let d = only(errors_with(GERMANY, &twice));
    assert_eq!(at(&d), (GERMANY.into(), 19, 3));
    assert_eq!(d.message, "a field is written twice");
    assert_eq!(
        d.help.as_deref(),
        Some("keep one of the two lines and delete the other")
    );
}

#[test]
fn a_source_without_its_address_is_an_error() {
    let d = only(errors_with(
        GERMANY,
        &GERMANY_ANSWERS.replace("        url: https://www.bafa.de/\n", ""),
    ));
    assert_eq!(d.message, "missing required field `url`");
    assert_eq!(at(&d), (GERMANY.into(), 15, 9));
    assert!(d.help.as_deref().unwrap().contains("url: \"https://"));
}

#[test]
fn a_note_with_a_broken_link_is_located_like_a_chapters() {
    let d = only(errors_with(
        EU,
        &EU_ANSWERS.replace("01-planning.md", "01-planing.md"),
    ));
    assert_eq!(at(&d).0, EU);
    assert_eq!(at(&d).1, 7);
    assert!(d.message.contains("01-planing.md"), "{d:#?}");
}

#[test]
fn a_question_in_an_unknown_section_or_phase_suggests_the_nearest() {
    let broken = QUESTIONNAIRE
        .replace("    section: contracts", "    section: contract")
        .replace("    phase: remedy", "    phase: remdy");
    let errors = errors_with(DEFINITION, &broken);
    let messages: Vec<(&str, Option<&str>)> = errors
        .iter()
        .map(|d| (d.message.as_str(), d.label.as_deref()))
        .collect();
    assert!(
        messages.contains(&(
            "unknown section `contract`",
            Some("did you mean `contracts`?")
        )),
        "{messages:?}"
    );
    assert!(
        messages.contains(&("unknown phase `remdy`", Some("did you mean `remedy`?"))),
        "{messages:?}"
    );
}

#[test]
fn answers_without_a_questionnaire_say_what_is_missing() {
    let site = surveyed();
    site.remove(DEFINITION);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors
            .iter()
            .all(|d| d.message == "a jurisdiction's answers without a questionnaire")
    );
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("survey/survey.yaml")
    );
}

#[test]
fn a_failed_survey_leaves_the_published_site_as_it_was() {
    let site = built();
    let before = std::fs::read(site.output().join("survey/answers.csv")).unwrap();
    site.write(
        GERMANY,
        &GERMANY_ANSWERS.replace("value: partly", "value: maybe"),
    );
    assert!(!site.build_errors().is_empty());
    assert_eq!(
        std::fs::read(site.output().join("survey/answers.csv")).unwrap(),
        before
    );
}

// ----- Search and the watch server -----

#[test]
fn notes_are_searchable_as_survey_answers() {
    let site = built();
    let meta: Value = serde_json::from_str(
        &std::fs::read_to_string(site.output().join("search/meta.json")).unwrap(),
    )
    .unwrap();
    let kinds: Vec<&str> = meta["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"survey"), "{kinds:?}");
    // Each doc's record, from the chunks of `search/docs/`.
    let size = meta["docChunkSize"].as_u64().unwrap() as usize;
    let count = meta["docCount"].as_u64().unwrap() as usize;
    let docs: Vec<Value> = (0..count.div_ceil(size))
        .flat_map(|n| {
            let path = site.output().join(format!("search/docs/{n}.json"));
            let chunk: Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            chunk.as_array().unwrap().clone()
        })
        .collect();
    let germany = docs
        .iter()
        .position(|d| d[1] == "/lab/survey/germany/" && d[4] == "survey")
        .expect("Germany's answers are a search document");
    // "Large companies only." is Germany's note: its words' shard holds Germany's page.
    let term = praxis::search::analyze("companies")[0].clone();
    let shard: Value = serde_json::from_str(
        &std::fs::read_to_string(site.output().join(format!(
            "search/idx/{}.json",
            praxis::search::shard_key(&term)
        )))
        .unwrap(),
    )
    .unwrap();
    let postings = shard[&term].as_array().expect("the note's word is indexed");
    // [gap, weight, ...]: each gap is a doc's number minus the one before.
    let found: Vec<u64> = postings
        .iter()
        .step_by(2)
        .scan(0, |doc, gap| {
            *doc += gap.as_u64().unwrap();
            Some(*doc)
        })
        .collect();
    assert!(found.contains(&(germany as u64)), "{found:?}");
}
