//! The survey as open data, documented in `docs/open-data.md`: `survey/answers.csv` (one
//! row per answer), `survey/matrix.csv` (one row per jurisdiction, one column per question),
//! `survey/survey.json` (everything, notes as text and as HTML), and a Frictionless
//! `survey/datapackage.json` describing the two CSVs.
//!
//! Built from the loaded survey in its order, with no clock: two builds give the same bytes.

use serde_json::{Value, json};

use super::{SCHEMA_VERSION, csv_field, json_file};
use crate::model::Site;
use crate::model::survey::{Answer, AnswerKind, Jurisdiction, Survey};
use crate::output::OutputFile;

pub use crate::model::survey::{ANSWERS_CSV, DATA_PACKAGE, MATRIX_CSV, SURVEY_JSON};

/// The download paths, when the site has a survey.
pub fn paths(site: &Site) -> Vec<String> {
    match site.survey {
        Some(_) => [ANSWERS_CSV, MATRIX_CSV, SURVEY_JSON, DATA_PACKAGE]
            .map(str::to_owned)
            .to_vec(),
        None => Vec::new(),
    }
}

pub fn files(site: &Site) -> Vec<OutputFile> {
    let Some(survey) = &site.survey else {
        return Vec::new();
    };
    vec![
        OutputFile::Bytes {
            path: ANSWERS_CSV.into(),
            bytes: answers_csv(survey).into_bytes(),
        },
        OutputFile::Bytes {
            path: MATRIX_CSV.into(),
            bytes: matrix_csv(survey).into_bytes(),
        },
        json_file(SURVEY_JSON, &survey_json(site, survey)),
        json_file(DATA_PACKAGE, &data_package(site, survey)),
    ]
}

fn csv_line(fields: &[&str]) -> String {
    let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    fields.join(",") + "\r\n"
}

/// Every source of an answer on one line: `Title (pinpoint) <url>`, separated by ` | `.
fn sources_text(answer: &Answer) -> String {
    let sources: Vec<String> = answer
        .sources
        .iter()
        .map(|s| match &s.pinpoint {
            Some(pinpoint) => format!("{} ({pinpoint}) <{}>", s.title, s.url),
            None => format!("{} <{}>", s.title, s.url),
        })
        .collect();
    sources.join(" | ")
}

const ANSWER_COLUMNS: &[&str] = &[
    "jurisdiction",
    "question",
    "value",
    "note",
    "sources",
    "verified",
    "under_review",
];

/// Long form: one row per answer, jurisdictions in the taxonomy's order, questions in the
/// questionnaire's.
fn answers_csv(survey: &Survey) -> String {
    let mut out = csv_line(ANSWER_COLUMNS);
    for j in &survey.jurisdictions {
        for (q, answer) in j.answers.iter().enumerate() {
            let Some(answer) = answer else { continue };
            out.push_str(&csv_line(&[
                j.id.as_str(),
                &survey.questions[q].id,
                &answer.value,
                &answer.note.plain_text(),
                &sources_text(answer),
                &j.verified.to_string(),
                if answer.under_review { "true" } else { "false" },
            ]));
        }
    }
    out
}

/// Wide form: one row per jurisdiction, one column per question (its id), the value or empty.
fn matrix_csv(survey: &Survey) -> String {
    let mut header = vec!["jurisdiction", "region", "verified"];
    header.extend(survey.questions.iter().map(|q| q.id.as_str()));
    let mut out = csv_line(&header);
    for j in &survey.jurisdictions {
        let verified = j.verified.to_string();
        let mut row = vec![j.id.as_str(), j.region.as_deref().unwrap_or(""), &verified];
        row.extend(
            j.answers
                .iter()
                .map(|a| a.as_ref().map_or("", |a| a.value.as_str())),
        );
        out.push_str(&csv_line(&row));
    }
    out
}

fn answers_json(survey: &Survey, j: &Jurisdiction) -> Value {
    let mut answers = serde_json::Map::new();
    for (q, answer) in j.answers.iter().enumerate() {
        let Some(answer) = answer else { continue };
        answers.insert(
            survey.questions[q].id.clone(),
            json!({
                "value": answer.value,
                "note": answer.note.plain_text(),
                "note_html": answer.note.as_str(),
                "sources": answer.sources.iter().map(|s| json!({
                    "title": s.title,
                    "url": s.url,
                    "pinpoint": s.pinpoint,
                })).collect::<Vec<_>>(),
                "under_review": answer.under_review,
            }),
        );
    }
    Value::Object(answers)
}

fn survey_json(site: &Site, survey: &Survey) -> Value {
    let config = &site.config;
    json!({
        "schema_version": SCHEMA_VERSION,
        "title": survey.title,
        "summary": survey.summary,
        "as_of": survey.as_of.to_string(),
        "licence": survey.licence,
        "url": config.absolute_url("survey/"),
        "sections": survey.sections.iter().map(|s| json!({ "id": s.id, "title": s.title })).collect::<Vec<_>>(),
        "questions": survey.questions.iter().map(|q| json!({
            "id": q.id,
            "section": survey.sections[q.section].id,
            "text": q.text,
            "phase": q.phase.as_ref().map(|p| p.as_str()),
            "answers": match &q.answers {
                AnswerKind::Values(values) => json!(values),
                AnswerKind::Text => json!("text"),
            },
            "help": q.help,
            "url": config.absolute_url(&format!("survey/questions/{}/", q.id)),
        })).collect::<Vec<_>>(),
        "jurisdictions": survey.jurisdictions.iter().map(|j| json!({
            "id": j.id.as_str(),
            "title": j.title,
            "region": j.region,
            "respondent": j.respondent,
            "verified": j.verified.to_string(),
            "url": config.absolute_url(&j.path),
            "answers": answers_json(survey, j),
        })).collect::<Vec<_>>(),
    })
}

/// A licence's Open Definition–style id: `CC BY 4.0` is `CC-BY-4.0`.
fn licence_name(licence: &str) -> String {
    let name: String = licence
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "other".into()
    } else {
        name
    }
}

/// `survey/datapackage.json`: a Frictionless Data Package (v1) whose table schemas describe
/// both CSVs column by column, closed answers as enumerations.
fn data_package(site: &Site, survey: &Survey) -> Value {
    let field = |name: &str, kind: &str, description: &str| json!({ "name": name, "type": kind, "description": description });
    let answers_fields = vec![
        field(
            "jurisdiction",
            "string",
            "The jurisdiction's id (a term of the site's jurisdictions taxonomy)",
        ),
        field("question", "string", "The question's id, as in survey.json"),
        field(
            "value",
            "string",
            "The answer: one of the question's values, or free text",
        ),
        field(
            "note",
            "string",
            "The note explaining the answer, as plain text",
        ),
        field(
            "sources",
            "string",
            "The sources, each as `Title (pinpoint) <url>`, separated by ` | `",
        ),
        field(
            "verified",
            "date",
            "When the jurisdiction's answers were last checked against their sources",
        ),
        field(
            "under_review",
            "boolean",
            "True when the answer could not yet be checked",
        ),
    ];
    let mut matrix_fields = vec![
        field("jurisdiction", "string", "The jurisdiction's id"),
        field("region", "string", "The jurisdiction's region"),
        field("verified", "date", "When the answers were last checked"),
    ];
    for q in &survey.questions {
        let mut column = field(&q.id, "string", &q.text);
        if let AnswerKind::Values(values) = &q.answers {
            column["constraints"] = json!({ "enum": values });
        }
        matrix_fields.push(column);
    }
    let tabular = |name: &str, path: &str, title: &str, fields: Vec<Value>, key: Vec<&str>| {
        json!({
            "profile": "tabular-data-resource",
            "name": name,
            "path": path,
            "title": title,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
            "schema": { "fields": fields, "primaryKey": key },
        })
    };
    json!({
        "profile": "data-package",
        "name": "survey",
        "title": survey.title,
        "description": survey.summary,
        "homepage": site.config.absolute_url("survey/"),
        "licenses": [{ "name": licence_name(&survey.licence), "title": survey.licence }],
        "contributors": [{ "title": site.config.title, "role": "publisher" }],
        "keywords": ["public procurement", "human rights", "survey"],
        "resources": [
            tabular("answers", "answers.csv", "One row per answer", answers_fields, vec!["jurisdiction", "question"]),
            tabular("matrix", "matrix.csv", "One row per jurisdiction, one column per question", matrix_fields, vec!["jurisdiction"]),
            {
                "name": "survey",
                "path": "survey.json",
                "title": "The questionnaire and every answer, with notes and sources",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
        ],
    })
}
