//! The survey of jurisdictions (work stream I) as plain data: the questionnaire
//! (`survey/survey.yaml`) and each jurisdiction's answers (`survey/jurisdictions/<id>.yaml`).
//!
//! Loaded and checked by `load::survey`; rendered by `render::survey` and written as open
//! data by `survey_data`. Questions and jurisdictions refer to each other by index, in the
//! order the questionnaire and the taxonomy give them.

use std::path::PathBuf;

use crate::html::Html;
use crate::values::{Date, PhaseId, TermId};

/// The taxonomy whose terms the surveyed jurisdictions are, so that chapters and resources
/// tagged with a jurisdiction meet its answers.
pub const TAXONOMY: &str = "jurisdictions";

/// The survey's downloads (docs/open-data.md): written by `open_data::survey`, linked from
/// `/survey/` and described in its JSON-LD.
pub const ANSWERS_CSV: &str = "survey/answers.csv";
pub const MATRIX_CSV: &str = "survey/matrix.csv";
pub const SURVEY_JSON: &str = "survey/survey.json";
pub const DATA_PACKAGE: &str = "survey/datapackage.json";

#[derive(Clone, Debug)]
pub struct Survey {
    /// `survey/survey.yaml`.
    pub source: PathBuf,
    pub title: String,
    pub summary: String,
    /// The date the answers describe.
    pub as_of: Date,
    pub licence: String,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
    /// In the order of the `jurisdictions` taxonomy's terms.
    pub jurisdictions: Vec<Jurisdiction>,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug)]
pub struct Question {
    pub id: String,
    /// Index into [`Survey::sections`].
    pub section: usize,
    pub text: String,
    pub phase: Option<PhaseId>,
    pub answers: AnswerKind,
    pub help: Option<String>,
}

/// What an answer to a question may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// One of these values, in the order the questionnaire lists them (`[yes, partly, no]`).
    Values(Vec<String>),
    /// Free text.
    Text,
}

#[derive(Clone, Debug)]
pub struct Jurisdiction {
    /// A term of the `jurisdictions` taxonomy.
    pub id: TermId,
    /// The term's title.
    pub title: String,
    pub source: PathBuf,
    /// `survey/<id>/`.
    pub path: String,
    pub respondent: String,
    pub region: Option<String>,
    /// When the answers were last checked against their sources.
    pub verified: Date,
    /// One per question of the questionnaire, `None` where the jurisdiction has no answer.
    pub answers: Vec<Option<Answer>>,
    /// The chapters tagged with this jurisdiction, by index, in site order.
    pub chapters: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Answer {
    pub value: String,
    /// Short Markdown, rendered with links resolved and checked like a chapter's.
    pub note: Html,
    pub sources: Vec<Source>,
    /// The answer could not yet be checked against its sources.
    pub under_review: bool,
}

/// Where an answer can be checked: a law, a regulation, official guidance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub title: String,
    pub url: String,
    /// The part of the source that says it ("Art. 18(2)").
    pub pinpoint: Option<String>,
}

impl Survey {
    /// The index of the question `id`.
    pub fn question(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    /// The jurisdiction whose taxonomy term is `id`.
    pub fn jurisdiction(&self, id: &str) -> Option<&Jurisdiction> {
        self.jurisdictions.iter().find(|j| j.id.as_str() == id)
    }

    /// The questions of one phase, by index.
    pub fn phase_questions<'a>(&'a self, phase: &'a PhaseId) -> impl Iterator<Item = usize> + 'a {
        self.questions
            .iter()
            .enumerate()
            .filter(move |(_, q)| q.phase.as_ref() == Some(phase))
            .map(|(i, _)| i)
    }

    /// How many jurisdictions gave each value to question `q`, in the questionnaire's order
    /// of values (free-text questions: one count of answers).
    pub fn counts(&self, q: usize) -> Vec<(String, usize)> {
        let answered = self
            .jurisdictions
            .iter()
            .filter_map(|j| j.answers.get(q).and_then(Option::as_ref));
        match &self.questions[q].answers {
            AnswerKind::Values(values) => {
                let answered: Vec<&Answer> = answered.collect();
                values
                    .iter()
                    .map(|v| (v.clone(), answered.iter().filter(|a| &a.value == v).count()))
                    .collect()
            }
            AnswerKind::Text => vec![("answered".to_owned(), answered.count())],
        }
    }
}
