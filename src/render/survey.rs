//! The survey's template data: `/survey/` (the matrix of jurisdictions by questions),
//! `/survey/<jurisdiction>/` (every answer with its note and sources), and
//! `/survey/questions/<id>/` (one question across jurisdictions, grouped by value); and what
//! phase and jurisdiction term pages show of the survey. Every function notes
//! [`Input::Survey`]: the survey is a few hundred answers, read whole by any page that shows
//! one. What this module must not do: decide URLs (load does) or write the downloads
//! (`open_data::survey` does).

use minijinja::{Value, context};
use serde::Serialize;

use super::deps::{self, Input};
use super::views::{Link, TrustedHtml, Views, cite_files, crumbs, source_links, strings, v};
use crate::config::Config;
use crate::html::json_script;
use crate::model::Site;
use crate::model::survey as data;
use crate::model::survey::{AnswerKind, Jurisdiction, Question, Survey};

/// The survey, noted as read; `None` when the site has none.
fn survey(site: &Site) -> Option<&Survey> {
    deps::read(|| Input::Survey);
    site.survey.as_ref()
}

/// A value as a CSS class suffix: ids of values are words, but a free answer is any text.
fn value_class(kind: &AnswerKind, value: &str) -> String {
    match kind {
        AnswerKind::Values(values) => match values.iter().position(|v| v == value) {
            Some(i) => format!("v{}-of-{}", i + 1, values.len()),
            None => "text".into(),
        },
        AnswerKind::Text => "text".into(),
    }
}

#[derive(Serialize)]
struct QuestionView {
    id: String,
    number: usize,
    text: String,
    help: Option<String>,
    url: String,
    section: String,
    section_title: String,
    phase: Option<Link>,
    values: Vec<String>,
    free_text: bool,
}

fn question_view(site: &Site, survey: &Survey, q: usize) -> Value {
    let config = &site.config;
    let question = &survey.questions[q];
    let section = &survey.sections[question.section];
    let (values, free_text) = match &question.answers {
        AnswerKind::Values(values) => (values.clone(), false),
        AnswerKind::Text => (Vec::new(), true),
    };
    v(QuestionView {
        id: question.id.clone(),
        number: q + 1,
        text: question.text.clone(),
        help: question.help.clone(),
        url: question_url(config, question),
        section: section.id.clone(),
        section_title: section.title.clone(),
        phase: question
            .phase
            .as_ref()
            .and_then(|p| config.phase(p.as_str()))
            .map(|p| Link {
                title: p.title.clone(),
                url: config.url(&format!("phases/{}/", p.id)),
            }),
        values,
        free_text,
    })
}

fn question_url(config: &Config, question: &Question) -> String {
    config.url(&format!("survey/questions/{}/", question.id))
}

/// One answer for templates: its value (as text and as a colour class), note and sources.
fn answer_view(site: &Site, survey: &Survey, j: &Jurisdiction, q: usize) -> Value {
    let config = &site.config;
    let question = &survey.questions[q];
    match j.answers.get(q).and_then(Option::as_ref) {
        None => context! {
            answered => false,
            question => &question.id,
            jurisdiction => j.id.as_str(),
            jurisdiction_title => &j.title,
            jurisdiction_url => config.url(&j.path),
        },
        Some(answer) => context! {
            answered => true,
            question => &question.id,
            jurisdiction => j.id.as_str(),
            jurisdiction_title => &j.title,
            jurisdiction_url => config.url(&j.path),
            region => &j.region,
            value => &answer.value,
            class => value_class(&question.answers, &answer.value),
            note => Value::from_object(TrustedHtml::Owned(answer.note.clone())),
            sources => answer.sources.iter().map(|s| context! {
                title => &s.title,
                url => &s.url,
                pinpoint => &s.pinpoint,
            }).collect::<Vec<_>>(),
            under_review => answer.under_review,
            verified => j.verified.to_string(),
            verified_human => strings(site).date(j.verified),
        },
    }
}

/// The questions by section, for the matrix's two header rows and the pages' grouping.
fn sections(site: &Site, survey: &Survey) -> Vec<Value> {
    survey
        .sections
        .iter()
        .enumerate()
        .map(|(s, section)| {
            let questions: Vec<Value> = survey
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| q.section == s)
                .map(|(q, _)| question_view(site, survey, q))
                .collect();
            context! { id => &section.id, title => &section.title, questions => questions }
        })
        .filter(|s| s.get_attr("questions").is_ok_and(|q| q.len() != Some(0)))
        .collect()
}

/// The questionnaire's order of questions within sections, as the matrix's columns.
fn column_order(survey: &Survey) -> Vec<usize> {
    let mut order: Vec<usize> = (0..survey.questions.len()).collect();
    order.sort_by_key(|&q| (survey.questions[q].section, q));
    order
}

fn regions(survey: &Survey) -> Vec<String> {
    let mut regions: Vec<String> = survey
        .jurisdictions
        .iter()
        .filter_map(|j| j.region.clone())
        .collect();
    regions.sort();
    regions.dedup();
    regions
}

fn downloads(config: &Config) -> Value {
    context! {
        // Written once, at the site's root, for every language.
        answers => config.root_url_of(data::ANSWERS_CSV),
        matrix => config.root_url_of(data::MATRIX_CSV),
        json => config.root_url_of(data::SURVEY_JSON),
        package => config.root_url_of(data::DATA_PACKAGE),
        documentation => "docs/open-data.md",
    }
}

pub fn survey_context(views: &Views) -> Value {
    let site = views.site;
    let config = &site.config;
    let Some(survey) = survey(site) else {
        return context! {};
    };
    let columns = column_order(survey);
    let rows: Vec<Value> = survey
        .jurisdictions
        .iter()
        .map(|j| {
            context! {
                id => j.id.as_str(),
                title => &j.title,
                url => config.url(&j.path),
                region => &j.region,
                answers => columns.iter().map(|&q| answer_view(site, survey, j, q)).collect::<Vec<_>>(),
            }
        })
        .collect();
    let citation = crate::cite::for_dataset(site, survey);
    context! {
        kind => "survey",
        title => &survey.title,
        description => &survey.summary,
        language => &config.language,
        breadcrumbs => crumbs(site, &[]),
        survey => survey_summary(site, survey),
        sections => sections(site, survey),
        rows => rows,
        regions => regions(survey),
        downloads => downloads(config),
        cite_files => cite_files(&citation),
        citation => v(citation),
        json_ld => Value::from_object(TrustedHtml::Owned(json_script(&crate::cite::dataset_json_ld(site, survey)))),
        source_links => source_links(config, &survey.source),
    }
}

fn survey_summary(site: &Site, survey: &Survey) -> Value {
    context! {
        title => &survey.title,
        summary => &survey.summary,
        as_of => survey.as_of.to_string(),
        as_of_human => strings(site).date(survey.as_of),
        licence => &survey.licence,
        jurisdiction_count => survey.jurisdictions.len(),
        question_count => survey.questions.len(),
        under_review => survey.jurisdictions.iter().flat_map(|j| j.answers.iter().flatten()).filter(|a| a.under_review).count(),
    }
}

pub fn jurisdiction_context(views: &Views, j: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let Some(survey) = survey(site) else {
        return context! {};
    };
    let jurisdiction = &survey.jurisdictions[j];
    let groups: Vec<Value> = survey
        .sections
        .iter()
        .enumerate()
        .map(|(s, section)| {
            let answers: Vec<Value> = column_order(survey)
                .into_iter()
                .filter(|&q| survey.questions[q].section == s)
                .map(|q| {
                    context! {
                        question => question_view(site, survey, q),
                        answer => answer_view(site, survey, jurisdiction, q),
                    }
                })
                .collect();
            context! { title => &section.title, answers => answers }
        })
        .collect();
    let term_page = site
        .config
        .taxonomy(crate::model::survey::TAXONOMY)
        .filter(|_| !jurisdiction.chapters.is_empty())
        .map(|t| config.url(&format!("{}/{}/", t.id, jurisdiction.id)));
    context! {
        kind => "survey-jurisdiction",
        title => &jurisdiction.title,
        description => views.strings.format("survey.jurisdiction_description", &[("survey", &survey.title), ("jurisdiction", &jurisdiction.title)]),
        language => &config.language,
        breadcrumbs => crumbs(site, &[(&survey.title, "survey/")]),
        survey => survey_summary(site, survey),
        survey_url => config.url("survey/"),
        jurisdiction => context! {
            id => jurisdiction.id.as_str(),
            title => &jurisdiction.title,
            respondent => &jurisdiction.respondent,
            region => &jurisdiction.region,
            verified => jurisdiction.verified.to_string(),
            verified_human => views.strings.date(jurisdiction.verified),
        },
        groups => groups,
        chapters => jurisdiction.chapters.iter().map(|&c| views.chapter(c)).collect::<Vec<_>>(),
        term_page => term_page,
        source_links => source_links(config, &jurisdiction.source),
    }
}

pub fn question_context(views: &Views, q: usize) -> Value {
    let site = views.site;
    let config = &site.config;
    let Some(survey) = survey(site) else {
        return context! {};
    };
    let question = &survey.questions[q];
    let answers = |value: Option<&str>| -> Vec<Value> {
        survey
            .jurisdictions
            .iter()
            .filter(|j| match (j.answers[q].as_ref(), value) {
                (Some(a), Some(value)) => a.value == value,
                (Some(_), None) => true,
                (None, _) => false,
            })
            .map(|j| answer_view(site, survey, j, q))
            .collect()
    };
    let groups: Vec<Value> = match &question.answers {
        AnswerKind::Values(values) => values
            .iter()
            .map(|value| {
                let list = answers(Some(value));
                context! {
                    value => value,
                    class => value_class(&question.answers, value),
                    count => list.len(),
                    answers => list,
                }
            })
            .collect(),
        AnswerKind::Text => {
            let list = answers(None);
            vec![context! { value => "", class => "text", count => list.len(), answers => list }]
        }
    };
    let unanswered: Vec<Link> = survey
        .jurisdictions
        .iter()
        .filter(|j| j.answers[q].is_none())
        .map(|j| Link {
            title: j.title.clone(),
            url: config.url(&j.path),
        })
        .collect();
    context! {
        kind => "survey-question",
        title => &question.text,
        description => views.strings.format("survey.question_description", &[("count", &views.strings.number(survey.jurisdictions.len() as u64)), ("question", &question.text)]),
        language => &config.language,
        breadcrumbs => crumbs(site, &[(&survey.title, "survey/")]),
        survey => survey_summary(site, survey),
        survey_url => config.url("survey/"),
        question => question_view(site, survey, q),
        groups => groups,
        unanswered => unanswered.into_iter().map(v).collect::<Vec<_>>(),
        others => survey.questions.iter().map(|other| Link {
            title: other.text.clone(),
            url: question_url(config, other),
        }).map(v).collect::<Vec<_>>(),
        source_links => source_links(config, &survey.source),
    }
}

/// The survey's questions on one phase, each with how many jurisdictions gave each value.
pub fn for_phase(site: &Site, phase: &crate::model::PhaseId) -> Vec<Value> {
    let Some(survey) = survey(site) else {
        return Vec::new();
    };
    survey
        .phase_questions(phase)
        .map(|q| {
            context! {
                question => question_view(site, survey, q),
                counts => survey.counts(q).into_iter().map(|(value, count)| context! {
                    class => value_class(&survey.questions[q].answers, &value),
                    value => value,
                    count => count,
                }).collect::<Vec<_>>(),
            }
        })
        .collect()
}

/// The survey's page for the term `term` of `taxonomy`, when it is a surveyed jurisdiction.
pub fn for_term(site: &Site, taxonomy: &str, term: &str) -> Option<Value> {
    if taxonomy != crate::model::survey::TAXONOMY {
        return None;
    }
    let survey = survey(site)?;
    let j = survey.jurisdiction(term)?;
    Some(context! {
        title => &j.title,
        url => site.config.url(&j.path),
        survey_title => &survey.title,
    })
}
