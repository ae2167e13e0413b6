//! The survey of jurisdictions: `survey/survey.yaml` (the questionnaire) and
//! `survey/jurisdictions/<id>.yaml` (one jurisdiction's answers), read, checked and placed.
//!
//! Every mistake a researcher can make is a located error with a fix, as for chapters: an
//! unknown question (did you mean), a value outside the question's list, a jurisdiction that
//! is not a term of the `jurisdictions` taxonomy, a missing `verified`, a question answered
//! twice, a source without its address. Notes are short Markdown, rendered in pass 3 with
//! every other body so that their links are resolved and checked like a chapter's. What this
//! module does not do: render pages or write the data downloads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::body::{Body, BodyOwner};
use super::claims::UrlClaims;
use super::front_matter::{Fields, SourceFile};
use super::parsed::Parsed;
use super::tree::read_source;
use crate::config::{Config, check_slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, nearest};
use crate::markdown::Statement;
use crate::model::Site;
use crate::model::survey::{
    Answer, AnswerKind, Jurisdiction, Question, Section, Source, Survey, TAXONOMY,
};
use crate::values::{Date, PhaseId, TermId};

pub use super::tree::{DEFINITION_FILE, JURISDICTIONS_DIR, SURVEY_DIR};

pub const SURVEY_FIELDS: &[&str] = &[
    "title",
    "summary",
    "as_of",
    "licence",
    "sections",
    "questions",
];
pub const SECTION_FIELDS: &[&str] = &["id", "title"];
pub const QUESTION_FIELDS: &[&str] = &["id", "section", "text", "phase", "answers", "help"];
pub const JURISDICTION_FIELDS: &[&str] = &["respondent", "region", "verified", "answers"];
pub const ANSWER_FIELDS: &[&str] = &["value", "note", "sources", "under_review"];
pub const SOURCE_FIELDS: &[&str] = &["title", "url", "pinpoint"];

/// The questionnaire, checked.
#[derive(Clone)]
pub(super) struct Definition {
    title: String,
    summary: String,
    as_of: Date,
    licence: String,
    sections: Vec<Section>,
    questions: Vec<Question>,
}

/// One jurisdiction's file, checked against the questionnaire.
#[derive(Clone)]
pub(super) struct JurisdictionMeta {
    respondent: String,
    region: Option<String>,
    verified: Date,
    /// By question index; each note waits for pass 3 as a statement.
    answers: BTreeMap<usize, (Answer, Statement)>,
}

/// What pass 1 read of `survey/`.
#[derive(Default)]
pub(super) struct Read {
    pub(super) definition: Option<(PathBuf, Definition)>,
    pub(super) jurisdictions: Vec<(PathBuf, Parsed<JurisdictionMeta>)>,
}

/// Read the questionnaire, then every jurisdiction's file against it. Without a
/// questionnaire, jurisdiction files are an error of their own.
pub(super) fn read(
    root: &Path,
    config: &Config,
    definition: Option<&Path>,
    jurisdictions: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Read {
    let Some(definition_file) = definition else {
        for rel in jurisdictions {
            diagnostics.push(
                Diagnostic::error(Location::file(rel), "a jurisdiction's answers without a questionnaire")
                    .help(format!("add {DEFINITION_FILE} with the survey's `title`, `as_of`, `licence`, `sections` and `questions`")),
            );
        }
        return Read::default();
    };
    let definition = match read_definition(root, definition_file, config) {
        Ok(definition) => Some((definition_file.to_path_buf(), definition)),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let questions = definition.as_ref().map(|(_, d)| d.questions.as_slice());
    let mut read = Vec::new();
    for rel in jurisdictions {
        match read_jurisdiction(root, rel, config, questions) {
            Ok(parsed) => read.push((rel.clone(), parsed)),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    Read {
        definition,
        jurisdictions: read,
    }
}

/// Read a YAML file whole, with `reader` checking its fields; every problem at once.
fn read_yaml<T>(
    root: &Path,
    rel: &Path,
    known: &[&str],
    reader: impl FnOnce(&mut Fields<'_>, &mut Diagnostics) -> Option<T>,
) -> Result<(Arc<SourceFile>, T), Diagnostics> {
    let single = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    let file = Arc::new(read_source(root, rel).map_err(single)?);
    let mut fields = Fields::parse_document(&file)?;
    let mut errors = Diagnostics::default();
    let value = reader(&mut fields, &mut errors);
    errors.extend(fields.finish(known));
    match value {
        Some(value) if !errors.has_errors() => Ok((file.clone(), value)),
        _ => Err(errors),
    }
}

fn read_definition(root: &Path, rel: &Path, config: &Config) -> Result<Definition, Diagnostics> {
    read_yaml(root, rel, SURVEY_FIELDS, |fields, errors| {
        let title = fields.required_string("title", "\"Human rights in public procurement law\"");
        let summary = fields.string("summary").unwrap_or_default();
        let as_of = required_date(fields, "as_of");
        let licence = fields.required_string("licence", "\"CC BY 4.0\"");
        let sections = read_sections(fields, errors);
        let questions = read_questions(fields, config, &sections, errors);
        if questions.is_empty() && !fields.has_key("questions") {
            fields.required_string("questions", "(a list of questions, see docs/open-data.md)");
        }
        Some(Definition {
            title: title?,
            summary,
            as_of: as_of?,
            licence: licence?,
            sections,
            questions,
        })
    })
    .map(|(_, definition)| definition)
}

/// A date the file must give (`verified`, `as_of`).
fn required_date(fields: &mut Fields<'_>, key: &str) -> Option<Date> {
    if !fields.has_key(key) {
        fields.required_string(key, "2026-11-30");
        return None;
    }
    fields.date(key)
}

fn read_sections(fields: &mut Fields<'_>, errors: &mut Diagnostics) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let example = "id: legal-framework, title: \"Legal framework\"";
    for mut item in fields
        .list_of_fields("sections", example)
        .unwrap_or_default()
    {
        let id = checked_id(&mut item, "legal-framework", errors);
        let title = item.required_string("title", "\"Legal framework\"");
        if let (Some((id, line, column)), Some(title)) = (id, title) {
            if sections.iter().any(|s| s.id == id) {
                errors.push(
                    Diagnostic::error(
                        Location::at(item.file_path(), line, column, id.chars().count()),
                        format!("the section `{id}` is listed twice"),
                    )
                    .help("give each section its own id"),
                );
            } else {
                sections.push(Section { id, title });
            }
        }
        errors.extend(item.finish(SECTION_FIELDS));
    }
    sections
}

fn read_questions(
    fields: &mut Fields<'_>,
    config: &Config,
    sections: &[Section],
    errors: &mut Diagnostics,
) -> Vec<Question> {
    let mut questions: Vec<Question> = Vec::new();
    let example =
        "id: due-diligence-law, section: legal-framework, text: \"...\", answers: [yes, no]";
    let section_ids: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    let phase_ids: Vec<&str> = config.phases.iter().map(|p| p.id.as_str()).collect();
    for mut item in fields
        .list_of_fields("questions", example)
        .unwrap_or_default()
    {
        let file = item.file_path().to_path_buf();
        let id = checked_id(&mut item, "due-diligence-law", errors);
        let section = item.written("section").and_then(|(text, line, column)| {
            let found = one_of(
                &file,
                "section",
                &text,
                (line, column),
                &section_ids,
                "the `sections` of this file",
            );
            found.map_err(|d| errors.push(d)).ok()
        });
        if !item.has_key("section") {
            item.required_string("section", "legal-framework");
        }
        let text = item.required_string("text", "\"Does the law require ...?\"");
        let phase = item.written("phase").and_then(|(text, line, column)| {
            let found = one_of(
                &file,
                "phase",
                &text,
                (line, column),
                &phase_ids,
                "site.toml's [[phases]]",
            );
            found
                .map_err(|d| errors.push(d))
                .ok()
                .map(|i| PhaseId::new(phase_ids[i]))
        });
        let answers = answer_kind(&mut item, errors);
        let help = item.string("help");
        errors.extend(item.finish(QUESTION_FIELDS));
        let (Some((id, line, column)), Some(section), Some(text), Some(answers)) =
            (id, section, text, answers)
        else {
            continue;
        };
        if questions.iter().any(|q| q.id == id) {
            errors.push(
                Diagnostic::error(
                    Location::at(&file, line, column, id.chars().count()),
                    format!("the question `{id}` is listed twice"),
                )
                .help("give each question its own id"),
            );
            continue;
        }
        questions.push(Question {
            id,
            section,
            text,
            phase,
            answers,
            help,
        });
    }
    questions
}

/// `id:` of a section or question: required, and usable in a URL.
fn checked_id(
    item: &mut Fields<'_>,
    example: &str,
    errors: &mut Diagnostics,
) -> Option<(String, usize, usize)> {
    if !item.has_key("id") {
        item.required_string("id", example);
        return None;
    }
    let (id, line, column) = item.written("id")?;
    match check_slug(&id) {
        Ok(()) => Some((id, line, column)),
        Err(why) => {
            errors.push(
                Diagnostic::error(
                    Location::at(item.file_path(), line, column, id.chars().count().max(1)),
                    format!("invalid id `{id}`: {why}"),
                )
                .help(format!(
                    "ids are lowercase words joined by hyphens, such as `{example}`"
                )),
            );
            None
        }
    }
}

/// `answers:` of a question: a list of allowed values, or `text` for a free answer.
fn answer_kind(item: &mut Fields<'_>, errors: &mut Diagnostics) -> Option<AnswerKind> {
    let help = "write `answers: [yes, partly, no]` (the values allowed) or `answers: text` (a free answer)";
    if !item.has_key("answers") {
        item.required_string("answers", "[yes, partly, no]");
        return None;
    }
    let (line, column) = item.position("answers").unwrap_or((1, 1));
    let file = item.file_path().to_path_buf();
    if let Some((text, ..)) = item.written_if_scalar("answers") {
        return if text == "text" {
            Some(AnswerKind::Text)
        } else {
            errors.push(
                Diagnostic::error(
                    Location::at(&file, line, column, text.chars().count().max(1)),
                    format!("`answers` is `{text}`, neither a list of values nor `text`"),
                )
                .help(help),
            );
            None
        };
    }
    let values: Vec<String> = item
        .written_list("answers")
        .unwrap_or_default()
        .into_iter()
        .map(|(text, ..)| text)
        .collect();
    if values.is_empty() {
        errors.push(
            Diagnostic::error(
                Location::at(&file, line, column, 1),
                "`answers` lists no value",
            )
            .help(help),
        );
        return None;
    }
    Some(AnswerKind::Values(values))
}

/// The index of `text` in `choices`, else a located error naming the nearest one.
fn one_of(
    file: &Path,
    key: &str,
    text: &str,
    (line, column): (usize, usize),
    choices: &[&str],
    defined_in: &str,
) -> Result<usize, Diagnostic> {
    if let Some(i) = choices.iter().position(|c| *c == text) {
        return Ok(i);
    }
    let mut d = Diagnostic::error(
        Location::at(file, line, column, text.chars().count().max(1)),
        format!("unknown {key} `{text}`"),
    );
    if let Some(better) = nearest(text, choices.iter().copied()) {
        d = d.label(format!("did you mean `{better}`?"));
    }
    Err(d.help(format!(
        "the {key}s are defined in {defined_in}: {}",
        choices.join(", ")
    )))
}

fn read_jurisdiction(
    root: &Path,
    rel: &Path,
    config: &Config,
    questions: Option<&[Question]>,
) -> Result<Parsed<JurisdictionMeta>, Diagnostics> {
    let mut errors = Diagnostics::default();
    let id = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Err(d) = jurisdiction_term(config, rel, &id) {
        errors.push(d);
    }
    let read = read_yaml(root, rel, JURISDICTION_FIELDS, |fields, errors| {
        let respondent = fields.required_string(
            "respondent",
            "\"Ministry of Finance, procurement policy unit\"",
        );
        let region = fields.string("region");
        let verified = required_date(fields, "verified");
        let answers = match questions {
            Some(questions) => read_answers(fields, questions, errors),
            None => {
                fields.keyed_fields("answers");
                BTreeMap::new()
            }
        };
        if !fields.has_key("answers") {
            fields.required_string("answers", "(one entry per question id)");
        }
        Some(JurisdictionMeta {
            respondent: respondent?,
            region,
            verified: verified?,
            answers,
        })
    });
    match read {
        Ok((file, meta)) if !errors.has_errors() => {
            let lines = file.text.lines().count();
            Ok(Parsed {
                body_offset: file.text.len(),
                body_line: lines + 1,
                file,
                meta,
            })
        }
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// A jurisdiction's file is named after a term of the `jurisdictions` taxonomy.
fn jurisdiction_term(config: &Config, rel: &Path, id: &str) -> Result<(), Diagnostic> {
    let Some(taxonomy) = config.taxonomy(TAXONOMY) else {
        return Err(Diagnostic::error(Location::file(rel), "the site has no `jurisdictions` taxonomy for the survey's jurisdictions")
            .help("add [[taxonomies]] with id = \"jurisdictions\" and a term for each surveyed jurisdiction to site.toml"));
    };
    match &taxonomy.terms {
        Some(terms) if !terms.iter().any(|t| t.id.as_str() == id) => {
            let ids: Vec<&str> = terms.iter().map(|t| t.id.as_str()).collect();
            let mut d = Diagnostic::error(
                Location::file(rel),
                format!("`{id}` is not a term of the `jurisdictions` taxonomy"),
            );
            if let Some(better) = nearest(id, ids.iter().copied()) {
                d = d.label(format!("did you mean `{better}.yaml`?"));
            }
            Err(d.help(format!(
                "name the file after a jurisdiction of site.toml ({}), or add `{{ id = \"{id}\", title = \"...\" }}` to its terms",
                ids.join(", ")
            )))
        }
        Some(_) => Ok(()),
        None => check_slug(id).map_err(|why| {
            Diagnostic::error(
                Location::file(rel),
                format!("invalid jurisdiction file name: {why}"),
            )
            .help("name the file after the jurisdiction's term, such as `germany.yaml`")
        }),
    }
}

fn read_answers(
    fields: &mut Fields<'_>,
    questions: &[Question],
    errors: &mut Diagnostics,
) -> BTreeMap<usize, (Answer, Statement)> {
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    // A question answered twice never gets here: the parser refuses a key written twice in
    // one set of fields ("a field is written twice", at the second).
    let mut answers: BTreeMap<usize, (Answer, Statement)> = BTreeMap::new();
    for (qid, line, column, mut entry) in fields.keyed_fields("answers").unwrap_or_default() {
        let file = entry.file_path().to_path_buf();
        let answer = read_answer(&mut entry, errors).map(|a| (a, line));
        errors.extend(entry.finish(ANSWER_FIELDS));
        let q = match one_of(
            &file,
            "question",
            &qid,
            (line, column),
            &ids,
            DEFINITION_FILE,
        ) {
            Ok(q) => q,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let Some(((answer, note, value_at), _)) = answer else {
            continue;
        };
        if let AnswerKind::Values(allowed) = &questions[q].answers
            && !allowed.contains(&answer.value)
        {
            let (vline, vcolumn) = value_at;
            let choices: Vec<&str> = allowed.iter().map(String::as_str).collect();
            let mut d = Diagnostic::error(
                Location::at(&file, vline, vcolumn, answer.value.chars().count().max(1)),
                format!(
                    "`{}` is not an answer to the question `{qid}`",
                    answer.value
                ),
            );
            if let Some(better) = nearest(&answer.value, choices.iter().copied()) {
                d = d.label(format!("did you mean `{better}`?"));
            }
            errors.push(d.help(format!(
                "the answers allowed are: {} (the question's `answers` in {DEFINITION_FILE})",
                choices.join(", ")
            )));
            continue;
        }
        answers.insert(q, (answer, note));
    }
    answers
}

/// One answer's fields; its note as a statement to render in pass 3, and where its value is.
fn read_answer(
    entry: &mut Fields<'_>,
    errors: &mut Diagnostics,
) -> Option<(Answer, Statement, (usize, usize))> {
    if !entry.has_key("value") {
        entry.required_string("value", "\"yes\"");
    }
    let value = entry.written("value");
    let note = match entry.string("note") {
        Some(text) => {
            let (line, column) = entry.position("note").unwrap_or((1, 1));
            Statement { text, line, column }
        }
        None => Statement {
            text: String::new(),
            line: 1,
            column: 1,
        },
    };
    let example =
        "title: \"Public Procurement Act\", url: \"https://...\", pinpoint: \"Art. 18(2)\"";
    let mut sources = Vec::new();
    for mut item in entry.list_of_fields("sources", example).unwrap_or_default() {
        let title = item.required_string("title", "\"Public Procurement Act\"");
        let url = if item.has_key("url") {
            item.web_url("url")
        } else {
            item.required_string("url", "\"https://www.example.gov/law\"");
            None
        };
        let pinpoint = item.string("pinpoint");
        errors.extend(item.finish(SOURCE_FIELDS));
        if let (Some(title), Some(url)) = (title, url) {
            sources.push(Source {
                title,
                url,
                pinpoint,
            });
        }
    }
    let under_review = entry.bool("under_review").unwrap_or(false);
    let (value, line, column) = value?;
    let value = value.trim().to_owned();
    Some((
        Answer {
            value,
            note: Default::default(),
            sources,
            under_review,
        },
        note,
        (line, column),
    ))
}

/// Pass 2 for the survey: the model in the taxonomy's order of jurisdictions, their URLs
/// claimed, the chapters tagged with each, and their notes queued for pass 3.
pub(super) fn place(site: &mut Site, read: Read, urls: &mut UrlClaims, bodies: &mut Vec<Body>) {
    let Some((source, definition)) = read.definition else {
        return;
    };
    let config = &site.config;
    let rank = |id: &str| {
        config
            .taxonomy(TAXONOMY)
            .and_then(|t| t.terms.as_ref())
            .and_then(|terms| terms.iter().position(|t| t.id.as_str() == id))
            .unwrap_or(usize::MAX)
    };
    let mut jurisdictions = read.jurisdictions;
    let stem = |rel: &Path| {
        rel.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    jurisdictions.sort_by_key(|(rel, _)| (rank(&stem(rel)), stem(rel)));
    urls.claim("survey/", &source);
    urls.claim("survey/questions/", &source);
    for question in &definition.questions {
        urls.claim(&format!("survey/questions/{}/", question.id), &source);
    }
    let mut placed = Vec::new();
    for (j, (rel, parsed)) in jurisdictions.into_iter().enumerate() {
        let id = TermId::new(stem(&rel));
        let path = format!("survey/{id}/");
        urls.claim(&path, &rel);
        let mut answers = vec![None; definition.questions.len()];
        let mut notes = Vec::new();
        for (q, (answer, note)) in &parsed.meta.answers {
            answers[*q] = Some(answer.clone());
            notes.push(note.clone());
        }
        bodies.push(Body::with_statements(
            &parsed,
            BodyOwner::Jurisdiction(j),
            false,
            notes,
        ));
        let chapters = site
            .chapters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.terms.get(TAXONOMY).is_some_and(|t| t.contains(&id)))
            .map(|(i, _)| i)
            .collect();
        placed.push(Jurisdiction {
            title: config.taxonomy(TAXONOMY).map_or_else(
                || crate::config::title_from_id(id.as_str()),
                |t| t.term_title(&id),
            ),
            id,
            source: rel,
            path,
            respondent: parsed.meta.respondent,
            region: parsed.meta.region,
            verified: parsed.meta.verified,
            answers,
            chapters,
        });
    }
    site.survey = Some(Survey {
        source,
        title: definition.title,
        summary: definition.summary,
        as_of: definition.as_of,
        licence: definition.licence,
        sections: definition.sections,
        questions: definition.questions,
        jurisdictions: placed,
    });
}

/// Pass 3: a jurisdiction's rendered notes, in the order [`place`] queued them (its answers
/// in question order).
pub(super) fn attach_notes(site: &mut Site, j: usize, notes: Vec<crate::html::Html>) {
    let Some(survey) = site.survey.as_mut() else {
        return;
    };
    let answers = survey.jurisdictions[j].answers.iter_mut().flatten();
    for (answer, note) in answers.zip(notes) {
        answer.note = note;
    }
}
