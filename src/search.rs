//! The client-side search index, split for slow connections.
//!
//! A conventional elasticlunr index ships every page's text in one file that a reader must
//! download before the first result. Ours is built with elasticlunr-rs and then cut into:
//! a small `meta.json` (filters, stop words, shard list: nothing per document, so it does not
//! grow with the site), one shard per two-letter term prefix holding precomputed weights, the
//! documents' records and plain text in chunks fetched only for the results on screen, and
//! one list of documents per filter value, fetched only when that filter is chosen. `docs/search-index.md` is the format's reference, shared with
//! `src/theme/static/search.js`, whose analyser must equal the index language's
//! [`Analyser`] (`src/analysis.rs`; tested).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use elasticlunr::Index;
use elasticlunr::lang::{English, Language};
use elasticlunr::pipeline::{Pipeline, PipelineFn};
use serde_json::{Value, json};

use crate::analysis::Analyser;
use crate::config::TaxonomyConfig;
use crate::model::{PageKind, Site, TermId};
use crate::output::OutputFile;

mod resume;
pub use resume::{IndexCache, Writer, load as load_cache};

/// The format's version in `meta.json` (docs/search-index.md); 2 added one facet per taxonomy,
/// 3 resources (kind `resource`) and their type facet, 4 the survey (kind `survey`) and the
/// list of kinds, which the search page offers as a filter, 5 moved the documents out of
/// `meta.json` into chunks, with a list of documents per filter value.
pub const FORMAT_VERSION: u32 = 5;
/// The id of the resource-type facet, last in `taxonomies` when the site has resources (3).
pub const TYPE_FACET: &str = "type";
pub const SHARD_KEY_LENGTH: usize = 2;
pub const TEXT_CHUNK_SIZE: usize = 20;
/// Documents per `docs/<n>.json`: small, since the results on screen are scattered over the
/// site and each brings its whole chunk.
pub const DOC_CHUNK_SIZE: usize = 10;
/// Results on the search page before "show more" (as `search.js`'s `PAGE`).
pub const RESULTS_SHOWN: usize = 20;
const TEXT_LIMIT: usize = 1500;
const FIELDS: [(&str, f64); 3] = [("title", 3.0), ("summary", 2.0), ("body", 1.0)];

/// English's stop words (`crate::analysis` has every language's).
pub const STOP_WORDS: &[&str] = crate::analysis::ENGLISH_STOP_WORDS;

/// English's endings completed while a word is typed (`crate::analysis` has every
/// language's).
pub const SUFFIXES: &[&str] = crate::analysis::ENGLISH_SUFFIXES;

/// English's words of `text` (accents folded, lowercased), as the default analyser sees them.
pub fn tokenize(text: &str) -> Vec<String> {
    Analyser::ENGLISH.tokenize(text)
}

/// Text to English index terms, as the browser does it for queries.
pub fn analyze(text: &str) -> Vec<String> {
    Analyser::ENGLISH.analyze(text)
}

/// The analyser of the language the index is for: `site.config.language`.
fn analyser(site: &Site) -> Analyser {
    Analyser::for_language(&site.config.language)
}

/// The analyser's terms for many texts, remembering the term of each word it has seen: a
/// site's vocabulary is small next to its word count, so most words are stemmed once, and
/// each distinct term is one shared string.
struct Stems {
    analyser: Analyser,
    by_word: FxHashMap<Box<str>, Option<Arc<str>>>,
    buffer: String,
}

impl Stems {
    fn new(analyser: Analyser) -> Stems {
        Stems {
            analyser,
            by_word: FxHashMap::default(),
            buffer: String::new(),
        }
    }

    /// Add 1 to `counts[term]` for every indexed term of `text`.
    fn count(&mut self, text: &str, counts: &mut FxHashMap<Arc<str>, u32>) {
        let Stems {
            analyser,
            by_word,
            buffer,
        } = self;
        analyser.for_each_word(text, buffer, |word| {
            let term = match by_word.get(word) {
                Some(term) => term.clone(),
                None => {
                    let term = analyser.term(word).map(Arc::from);
                    by_word.insert(word.into(), term.clone());
                    term
                }
            };
            if let Some(term) = term {
                *counts.entry(term).or_insert(0) += 1;
            }
        });
    }
}

/// The analyser's terms as an elasticlunr pipeline step: stop words dropped, words stemmed.
struct Terms(Analyser);

impl PipelineFn for Terms {
    fn name(&self) -> String {
        "praxisTerms".into()
    }

    fn filter(&self, token: String) -> Option<String> {
        self.0.term(&token)
    }
}

/// The analyser as an elasticlunr language, so the reference index is built with exactly
/// [`Analyser::analyze`].
struct ElasticAnalyser(Analyser);

impl Language for ElasticAnalyser {
    fn name(&self) -> String {
        format!("praxis ({})", self.code())
    }

    fn code(&self) -> String {
        self.0.stemmer().unwrap_or("none").into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        self.0.tokenize(text)
    }

    fn make_pipeline(&self) -> Pipeline {
        Pipeline {
            queue: vec![Box::new(Terms(self.0))],
        }
    }
}

/// One searchable page. Its text is borrowed from the site: the index reads every body once
/// and never needs its own copy.
struct SearchDoc<'a> {
    title: Cow<'a, str>,
    url: String,
    hub: i64,
    phase: i64,
    /// For each facet in order, the indexes of the doc's terms in the facet's `terms`; no
    /// trailing empty lists, so a doc without terms has none.
    terms: Vec<Vec<usize>>,
    kind: &'static str,
    summary: &'a str,
    /// The body's text, then (for chapters) each gap and option: indexed as one field, as if
    /// joined by spaces.
    body: Vec<Cow<'a, str>>,
}

impl SearchDoc<'_> {
    /// The body field as one text.
    fn body_text(&self) -> Cow<'_, str> {
        match self.body.as_slice() {
            [only] => Cow::Borrowed(only),
            pieces => Cow::Owned(pieces.join(" ")),
        }
    }

    /// The start of the body field, at most `limit` bytes: the snippet shown with a result.
    fn body_start(&self, limit: usize) -> Cow<'_, str> {
        match self.body.first() {
            Some(first) if first.len() >= limit => Cow::Borrowed(truncate(first, limit)),
            _ => Cow::Owned(truncate(&self.body_text(), limit).to_owned()),
        }
    }
}

/// A search filter for one taxonomy of `site.toml`: the terms its chapters use, a closed
/// vocabulary in its declared order and an open one sorted, as on the taxonomy's pages.
/// Terms no chapter uses are left out: they could only ever filter to nothing.
struct Facet<'a> {
    /// A taxonomy of site.toml, or the resource types made into one.
    taxonomy: Cow<'a, TaxonomyConfig>,
    terms: Vec<&'a TermId>,
    /// Each term's position in `terms`: an open vocabulary may have thousands.
    positions: FxHashMap<&'a TermId, usize>,
}

/// One facet per taxonomy of `site.toml`, in its order.
fn facets(site: &Site) -> Vec<Facet<'_>> {
    site.config
        .taxonomies
        .iter()
        .map(|taxonomy| {
            let used: BTreeSet<&TermId> = site
                .chapters
                .iter()
                .flat_map(|c| c.terms.get(&taxonomy.id).into_iter().flatten())
                .chain(
                    site.resources
                        .iter()
                        .flat_map(|r| r.terms.get(&taxonomy.id).into_iter().flatten()),
                )
                .chain(
                    site.survey
                        .iter()
                        .filter(|_| taxonomy.id == crate::model::survey::TAXONOMY)
                        .flat_map(|s| s.jurisdictions.iter().map(|j| &j.id)),
                )
                .collect();
            let terms: Vec<&TermId> = match &taxonomy.terms {
                Some(declared) => declared
                    .iter()
                    .map(|t| &t.id)
                    .filter(|id| used.contains(id))
                    .collect(),
                None => used.into_iter().collect(),
            };
            let positions = terms.iter().enumerate().map(|(i, t)| (*t, i)).collect();
            Facet {
                taxonomy: Cow::Borrowed(taxonomy),
                terms,
                positions,
            }
        })
        .chain(type_facet(site))
        .collect()
}

/// The resource types as a facet, when the site has resources: only the types in use.
fn type_facet(site: &Site) -> Option<Facet<'_>> {
    if site.resources.is_empty() {
        return None;
    }
    let terms: Vec<&TermId> = site
        .config
        .resource_types
        .iter()
        .map(|t| &t.id)
        .filter(|id| site.resources.iter().any(|r| &r.kind == *id))
        .collect();
    let positions = terms.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    Some(Facet {
        taxonomy: Cow::Owned(TaxonomyConfig {
            id: TYPE_FACET.to_owned(),
            title: "Resource type".to_owned(),
            terms: Some(site.config.resource_types.clone()),
        }),
        terms,
        positions,
    })
}

/// A chapter's terms as indexes into each facet's terms, without trailing empty lists.
fn term_indexes(facets: &[Facet], terms: &BTreeMap<String, Vec<TermId>>) -> Vec<Vec<usize>> {
    let mut indexes: Vec<Vec<usize>> = facets
        .iter()
        .map(|facet| {
            terms
                .get(&facet.taxonomy.id)
                .into_iter()
                .flatten()
                .filter_map(|term| facet.positions.get(term).copied())
                .collect()
        })
        .collect();
    while indexes.last().is_some_and(Vec::is_empty) {
        indexes.pop();
    }
    indexes
}

fn documents<'a>(site: &'a Site, facets: &[Facet]) -> Vec<SearchDoc<'a>> {
    let config = &site.config;
    let phase_index = |id: &str| {
        config
            .phases
            .iter()
            .position(|p| p.id.as_str() == id)
            .map_or(-1, |p| p as i64)
    };
    // A translation's tree indexes only the text written in its language: the rest is the
    // default language's, found by that tree's search.
    let written_here =
        |language: &str| !config.is_translation_tree() || language == config.language;
    let mut docs = Vec::new();
    for chapter in site.chapters.iter().filter(|c| written_here(&c.language)) {
        let statements = chapter.gaps.iter().chain(&chapter.options);
        let body = std::iter::once(Cow::Borrowed(chapter.body.text.as_str()))
            .chain(statements.map(|s| Cow::Owned(s.plain_text())))
            .collect();
        docs.push(SearchDoc {
            title: Cow::Borrowed(&chapter.title),
            url: config.url(&chapter.path),
            hub: chapter.hub as i64,
            phase: phase_index(chapter.phase.as_str()),
            terms: term_indexes(facets, &chapter.terms),
            kind: "chapter",
            summary: &chapter.summary,
            body,
        });
    }
    for report in site.reports.iter().filter(|r| written_here(&r.language)) {
        docs.push(SearchDoc {
            title: Cow::Borrowed(&report.title),
            url: config.url(&report.path),
            hub: report.hub as i64,
            phase: report
                .phase
                .as_ref()
                .map_or(-1, |p| phase_index(p.as_str())),
            terms: Vec::new(),
            kind: "report",
            summary: &report.summary,
            body: vec![Cow::Borrowed(&report.body.text)],
        });
    }
    let resources = site
        .resources
        .iter()
        .filter(|_| !config.is_translation_tree());
    for resource in resources {
        let mut terms = resource.terms.clone();
        terms.insert(TYPE_FACET.to_owned(), vec![resource.kind.clone()]);
        let hub = resource
            .hubs
            .first()
            .and_then(|id| site.hubs.iter().position(|h| &h.id == id))
            .map_or(-1, |h| h as i64);
        docs.push(SearchDoc {
            title: Cow::Borrowed(&resource.title),
            url: config.url(&resource.path),
            hub,
            phase: resource
                .phases
                .first()
                .map_or(-1, |p| phase_index(p.as_str())),
            terms: term_indexes(facets, &terms),
            kind: "resource",
            // The summary is searched as the body's start, not shipped in meta.json: every
            // byte of meta.json is loaded before the first result, and the snippet comes from
            // the text chunk.
            summary: "",
            body: vec![
                Cow::Borrowed(resource.summary.as_str()),
                Cow::Borrowed(resource.body.text.as_str()),
            ],
        });
    }
    if let Some(survey) = site
        .survey
        .as_ref()
        .filter(|_| !config.is_translation_tree())
    {
        survey_documents(site, survey, facets, &mut docs);
    }
    for page in site.pages.iter().filter(|p| written_here(&p.language)) {
        let title = if page.kind == PageKind::Home {
            &config.title
        } else {
            &page.title
        };
        docs.push(SearchDoc {
            title: Cow::Borrowed(title),
            url: config.url(&page.path),
            hub: -1,
            phase: -1,
            terms: Vec::new(),
            kind: "page",
            summary: &page.summary,
            body: vec![Cow::Borrowed(&page.body.text)],
        });
    }
    // A doc's number is its place in title order, so that results of equal score sort by
    // number, without the titles of every match in the browser.
    docs.sort_by_cached_key(|d| (title_key(&d.title), d.title.to_string(), d.url.clone()));
    docs
}

/// A title as it sorts on the search page: accents folded and case ignored (its words as the
/// analyser sees them, then the title itself and the URL break ties).
fn title_key(title: &str) -> Vec<String> {
    tokenize(title)
}

/// The survey's pages: each jurisdiction's answers, and each question's answers across
/// jurisdictions, with their notes (kind `survey`).
fn survey_documents<'a>(
    site: &'a Site,
    survey: &'a crate::model::survey::Survey,
    facets: &[Facet],
    docs: &mut Vec<SearchDoc<'a>>,
) {
    let config = &site.config;
    let taxonomy = crate::model::survey::TAXONOMY;
    let answer_text = |value: &str, note: &crate::html::Html| {
        Cow::Owned(format!("{value}. {}", note.plain_text()))
    };
    for j in &survey.jurisdictions {
        let terms = BTreeMap::from([(taxonomy.to_owned(), vec![j.id.clone()])]);
        let body = j
            .answers
            .iter()
            .enumerate()
            .filter_map(|(q, a)| Some((q, a.as_ref()?)))
            .flat_map(|(q, a)| {
                [
                    Cow::Borrowed(survey.questions[q].text.as_str()),
                    answer_text(&a.value, &a.note),
                ]
            })
            .collect();
        docs.push(SearchDoc {
            title: Cow::Owned(format!("{}: answers to the survey", j.title)),
            url: config.url(&j.path),
            hub: -1,
            phase: -1,
            terms: term_indexes(facets, &terms),
            kind: "survey",
            summary: "",
            body,
        });
    }
    for (q, question) in survey.questions.iter().enumerate() {
        let phase = question
            .phase
            .as_ref()
            .and_then(|p| config.phases.iter().position(|c| &c.id == p));
        let body = survey
            .jurisdictions
            .iter()
            .filter_map(|j| Some((j, j.answers[q].as_ref()?)))
            .flat_map(|(j, a)| {
                [
                    Cow::Borrowed(j.title.as_str()),
                    answer_text(&a.value, &a.note),
                ]
            })
            .collect();
        docs.push(SearchDoc {
            title: Cow::Borrowed(&question.text),
            url: config.url(&format!("survey/questions/{}/", question.id)),
            hub: -1,
            phase: phase.map_or(-1, |p| p as i64),
            terms: Vec::new(),
            kind: "survey",
            summary: question.help.as_deref().unwrap_or(""),
            body,
        });
    }
}

/// What kinds of item the index holds, in the order the search page offers them as a filter.
fn kinds(docs: &[SearchDoc]) -> Vec<Value> {
    [
        ("chapter", "Chapters"),
        ("report", "Reports"),
        ("resource", "Resources"),
        ("survey", "Survey answers"),
        ("page", "Pages"),
    ]
    .into_iter()
    .filter(|(id, _)| docs.iter().any(|d| d.kind == *id))
    .map(|(id, title)| json!({"id": id, "title": title}))
    .collect()
}

/// The shard a term belongs to: its first characters as hexadecimal code points.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take(SHARD_KEY_LENGTH)
        .map(|c| format!("{:x}", c as u32))
        .collect::<Vec<_>>()
        .join("-")
}

/// Walk one field of elasticlunr's serialised inverted index (a trie of characters) and add
/// each term's term frequencies to `out`, weighted by the field's boost.
fn collect_terms(
    node: &Value,
    prefix: &mut String,
    boost: f64,
    out: &mut BTreeMap<String, BTreeMap<usize, f64>>,
) {
    let Some(map) = node.as_object() else { return };
    if let Some(docs) = map.get("docs").and_then(Value::as_object) {
        for (doc, tf) in docs {
            let (Ok(doc), Some(tf)) = (doc.parse::<usize>(), tf.get("tf").and_then(Value::as_f64))
            else {
                continue;
            };
            *out.entry(prefix.clone())
                .or_default()
                .entry(doc)
                .or_insert(0.0) += boost * tf;
        }
    }
    for (key, child) in map {
        if key == "docs" || key == "df" {
            continue;
        }
        prefix.push_str(key);
        collect_terms(child, prefix, boost, out);
        prefix.truncate(prefix.len() - key.len());
    }
}

fn json_bytes(path: String, value: &Value) -> OutputFile {
    OutputFile::Bytes {
        path,
        bytes: serde_json::to_vec(value).expect("JSON values always serialise"),
    }
}

/// term -> doc -> the sum over fields of boost × sqrt(occurrences): the term frequencies
/// elasticlunr computes, weighted by field. Computed directly and in parallel: building
/// elasticlunr-rs's own index (a trie of B-trees keyed by strings) took 9 of the 33 seconds
/// of a 10,000-chapter build. [`reference_postings`] computes the same numbers through
/// elasticlunr-rs, and a test holds the two equal.
fn postings(docs: &[SearchDoc], analyser: Analyser) -> BTreeMap<String, Vec<(usize, f64)>> {
    // Documents are weighed in parallel a batch at a time, and each batch is merged before
    // the next: holding every document's weights at once would cost more memory than the
    // postings they become.
    const BATCH: usize = 1024;
    let mut terms: FxHashMap<Arc<str>, Vec<(usize, f64)>> = FxHashMap::default();
    for (batch, batch_docs) in docs.chunks(BATCH).enumerate() {
        let weighed: Vec<Vec<(Arc<str>, f64)>> = batch_docs
            .par_iter()
            .map_init(
                || Stems::new(analyser),
                |stems, doc| doc_weights(doc, stems),
            )
            .collect();
        // Docs are merged in order, so every posting list comes out sorted by doc.
        for (offset, weights) in weighed.into_iter().enumerate() {
            let doc = batch * BATCH + offset;
            for (term, weight) in weights {
                terms.entry(term).or_default().push((doc, weight));
            }
        }
    }
    terms
        .into_iter()
        .map(|(term, list)| (term.to_string(), list))
        .collect()
}

/// A document's terms, each weighed by the sum over fields of boost x sqrt(occurrences).
fn doc_weights(doc: &SearchDoc, stems: &mut Stems) -> Vec<(Arc<str>, f64)> {
    let mut weights: FxHashMap<Arc<str>, f64> = FxHashMap::default();
    let mut counts: FxHashMap<Arc<str>, u32> = FxHashMap::default();
    let title = [Cow::Borrowed(doc.title.as_ref())];
    let summary = [Cow::Borrowed(doc.summary)];
    let fields: [&[Cow<str>]; 3] = [&title, &summary, &doc.body];
    for ((_, boost), pieces) in FIELDS.iter().zip(fields) {
        for piece in pieces {
            stems.count(piece, &mut counts);
        }
        for (term, count) in counts.drain() {
            *weights.entry(term).or_insert(0.0) += boost * f64::from(count).sqrt();
        }
    }
    weights.into_iter().collect()
}

/// The postings of [`postings`] for a whole site, as a map for comparison.
pub fn site_postings(site: &Site) -> BTreeMap<String, BTreeMap<usize, f64>> {
    postings(&documents(site, &facets(site)), analyser(site))
        .into_iter()
        .map(|(term, list)| (term, list.into_iter().collect()))
        .collect()
}

/// The same postings built by elasticlunr-rs's own index: the reference the fast path is
/// tested against.
pub fn reference_postings(site: &Site) -> BTreeMap<String, BTreeMap<usize, f64>> {
    let docs = documents(site, &facets(site));
    let mut index = Index::with_language(
        Box::new(ElasticAnalyser(analyser(site))),
        FIELDS.map(|(name, _)| name),
    );
    for (i, doc) in docs.iter().enumerate() {
        index.add_doc(&i.to_string(), [&doc.title, doc.summary, &doc.body_text()]);
    }
    let serialised = serde_json::to_value(&index).expect("the index serialises");
    let mut terms = BTreeMap::new();
    for (field, boost) in FIELDS {
        if let Some(root) = serialised.pointer(&format!("/index/{field}/root")) {
            collect_terms(root, &mut String::new(), boost, &mut terms);
        }
    }
    terms
}

/// Every file of the search index, under `search/`, in memory.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    each_index_file::<_, std::convert::Infallible>(site, &Ok).unwrap_or_else(|never| match never {})
}

/// Make every file of the search index and hand each to `each` as soon as it is made
/// (`meta.json`, then the shards, then the text chunks), returning what `each` returned, in
/// that order. A build writes each file and lets it go: a large site's shards and chunks
/// together are larger than its postings, and holding both at once was a build's peak.
/// Stops at the first error `each` returns.
pub fn each_index_file<T: Send, E: Send>(
    site: &Site,
    each: &(dyn Fn(OutputFile) -> Result<T, E> + Sync),
) -> Result<Vec<T>, E> {
    each_index_file_resumed(site, each, Resume::default())
}

/// Keeps the last build's file at a path, or says (`None`) that it is not there to keep.
pub type KeepFile<'a, T, E> = dyn Fn(&str) -> Option<Result<T, E>> + Sync + 'a;

/// What an incremental build hands [`each_index_file_resumed`]: the index the last build
/// made (its [`IndexCache`]), how to keep one of its files unchanged, and where to keep
/// this build's index for the next.
pub struct Resume<'a, T, E> {
    pub previous: Option<IndexCache>,
    /// Keep the last build's file at this path; `None` when it is not there to keep.
    pub keep: Option<&'a KeepFile<'a, T, E>>,
    pub save: Option<&'a Writer>,
}

impl<T, E> Default for Resume<'_, T, E> {
    fn default() -> Self {
        Resume {
            previous: None,
            keep: None,
            save: None,
        }
    }
}

/// [`each_index_file`], starting from the last build's index: only documents whose indexed
/// text changed are analysed again, and a shard whose terms no changed document touches is
/// kept (`resume.keep`) instead of made. The files are the same as a clean build's.
pub fn each_index_file_resumed<T: Send, E: Send>(
    site: &Site,
    each: &(dyn Fn(OutputFile) -> Result<T, E> + Sync),
    resume: Resume<T, E>,
) -> Result<Vec<T>, E> {
    let facets = facets(site);
    let docs = documents(site, &facets);
    let analyser = analyser(site);
    let fingerprints: Vec<u64> = docs.par_iter().map(indexed_fingerprint).collect();
    let (postings, unchanged) = match resume.previous {
        Some(previous) => {
            let same_count = previous.docs.len() == docs.len();
            let weigh = |doc: usize| doc_weights(&docs[doc], &mut Stems::new(analyser));
            let (postings, touched) = resume::patch(previous, &fingerprints, weigh);
            // Another number of documents changes every term's idf: every shard is new.
            let touched: BTreeSet<String> = touched.iter().map(|t| shard_key(t)).collect();
            (postings, same_count.then_some(touched))
        }
        None => (postings(&docs, analyser), None),
    };
    if let Some(save) = resume.save {
        save.add(&site.config.language, &fingerprints, &postings);
    }
    let by_shard = shards(postings);

    let meta = meta_file(site, analyser, &facets, &docs, &by_shard);
    let mut done = vec![each(meta)?];
    let keep_unchanged = resume.keep.zip(unchanged.as_ref());
    done.extend(shard_files(by_shard, docs.len(), each, keep_unchanged)?);
    done.extend(doc_files(&docs, each)?);
    done.extend(text_files(&docs, each)?);
    for file in filter_files(site, &facets, &docs) {
        done.push(each(file)?);
    }
    Ok(done)
}

/// A hash of what a document's postings are made from: its title, summary and body pieces.
fn indexed_fingerprint(doc: &SearchDoc) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (doc.title.as_ref(), doc.summary).hash(&mut h);
    for piece in &doc.body {
        piece.as_ref().hash(&mut h);
    }
    h.finish()
}

/// The postings grouped into shards by [`shard_key`], each shard's terms in order.
fn shards(terms: BTreeMap<String, Vec<(usize, f64)>>) -> BTreeMap<String, Vec<TermPostings>> {
    let mut by_shard: BTreeMap<String, Vec<TermPostings>> = BTreeMap::new();
    for (term, postings) in terms {
        by_shard
            .entry(shard_key(&term))
            .or_default()
            .push((term, postings));
    }
    by_shard
}

/// `search/meta.json`: what every query needs (the site's hubs, phases, facets and kinds,
/// the shards' keys, how many docs); nothing per doc.
fn meta_file(
    site: &Site,
    analyser: Analyser,
    facets: &[Facet],
    docs: &[SearchDoc],
    by_shard: &BTreeMap<String, Vec<TermPostings>>,
) -> OutputFile {
    let config = &site.config;
    let meta = json!({
        "version": FORMAT_VERSION,
        "language": primary_subtag(&config.language),
        "stemmer": analyser.stemmer(),
        "stopWords": analyser.stop_words(),
        "suffixes": analyser.suffixes(),
        "shardKeyLength": SHARD_KEY_LENGTH,
        "textChunkSize": TEXT_CHUNK_SIZE,
        "docChunkSize": DOC_CHUNK_SIZE,
        "docCount": docs.len(),
        "hubs": site.hubs.iter().map(|h| json!({"id": h.id, "title": h.title})).collect::<Vec<_>>(),
        "phases": config.phases.iter().map(|p| json!({"id": p.id, "title": p.title})).collect::<Vec<_>>(),
        "taxonomies": facets.iter().map(facet_json).collect::<Vec<_>>(),
        "kinds": kinds(docs),
        "shards": by_shard.keys().collect::<Vec<_>>(),
    });
    json_bytes("search/meta.json".into(), &meta)
}

/// `pt` of `pt-BR`: the language the index's analyser was chosen by.
fn primary_subtag(code: &str) -> String {
    code.split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// One file per shard, `search/idx/<key>.json`, made in parallel. Each shard's postings are
/// dropped once its text is made, so the postings shrink as the shards are handed over.
///
/// With `keep` and the keys of the shards whose terms' postings changed, every other shard
/// is the last build's file, kept as it is.
type KeepUnchanged<'a, T, E> = (&'a KeepFile<'a, T, E>, &'a BTreeSet<String>);

fn shard_files<T: Send, E: Send>(
    by_shard: BTreeMap<String, Vec<TermPostings>>,
    docs: usize,
    each: &(dyn Fn(OutputFile) -> Result<T, E> + Sync),
    keep_unchanged: Option<KeepUnchanged<T, E>>,
) -> Result<Vec<T>, E> {
    // Each shard is written as JSON text directly: ten million postings as serde_json values
    // would cost more than computing them.
    let n = docs.max(1) as f64;
    by_shard
        .into_par_iter()
        .map(|(key, terms)| {
            if let Some((keep, changed)) = keep_unchanged
                && !changed.contains(&key)
                && let Some(kept) = keep(&format!("search/idx/{key}.json"))
            {
                return kept;
            }
            let json = shard_json(&terms, n);
            drop(terms);
            each(OutputFile::Bytes {
                path: format!("search/idx/{key}.json"),
                bytes: json.into_bytes(),
            })
        })
        .collect()
}

/// The start of every doc's text, [`TEXT_CHUNK_SIZE`] docs a file:
/// `search/text/<chunk>.json`, made in parallel.
fn text_files<T: Send, E: Send>(
    docs: &[SearchDoc],
    each: &(dyn Fn(OutputFile) -> Result<T, E> + Sync),
) -> Result<Vec<T>, E> {
    let chunks: Vec<(usize, &[SearchDoc])> = docs.chunks(TEXT_CHUNK_SIZE).enumerate().collect();
    chunks
        .into_par_iter()
        .map(|(chunk, docs)| {
            let texts: Vec<Cow<str>> = docs.iter().map(|d| d.body_start(TEXT_LIMIT)).collect();
            each(json_bytes(
                format!("search/text/{chunk}.json"),
                &json!(texts),
            ))
        })
        .collect()
}

/// The docs' records, [`DOC_CHUNK_SIZE`] a file: `search/docs/<chunk>.json`, fetched for the
/// results shown.
fn doc_files<T: Send, E: Send>(
    docs: &[SearchDoc],
    each: &(dyn Fn(OutputFile) -> Result<T, E> + Sync),
) -> Result<Vec<T>, E> {
    let chunks: Vec<(usize, &[SearchDoc])> = docs.chunks(DOC_CHUNK_SIZE).enumerate().collect();
    chunks
        .into_par_iter()
        .map(|(chunk, docs)| {
            let records: Vec<Value> = docs.iter().map(doc_json).collect();
            each(json_bytes(
                format!("search/docs/{chunk}.json"),
                &json!(records),
            ))
        })
        .collect()
}

/// `facets/<filter>/<index>.json` for every value of every filter (hub, phase, kind, then each
/// facet by id): the numbers of the docs that have it, as deltas (the first number, then each
/// one's difference from the one before), so that a long list stays short.
fn filter_files(site: &Site, facets: &[Facet], docs: &[SearchDoc]) -> Vec<OutputFile> {
    let kinds: Vec<Value> = kinds(docs);
    let mut lists: Vec<(String, Vec<Vec<usize>>)> = vec![
        ("hub".into(), vec![Vec::new(); site.hubs.len()]),
        ("phase".into(), vec![Vec::new(); site.config.phases.len()]),
        ("kind".into(), vec![Vec::new(); kinds.len()]),
    ];
    lists.extend(
        facets
            .iter()
            .map(|f| (f.taxonomy.id.clone(), vec![Vec::new(); f.terms.len()])),
    );
    for (number, doc) in docs.iter().enumerate() {
        let kind = kinds.iter().position(|k| k["id"] == doc.kind);
        let fixed = [
            usize::try_from(doc.hub).ok(),
            usize::try_from(doc.phase).ok(),
            kind,
        ];
        for (list, value) in lists.iter_mut().zip(fixed) {
            if let Some(docs) = value.and_then(|v| list.1.get_mut(v)) {
                docs.push(number);
            }
        }
        for (list, terms) in lists[3..].iter_mut().zip(&doc.terms) {
            for &term in terms {
                // A chapter may list a term twice; its number goes in once.
                if list.1[term].last() != Some(&number) {
                    list.1[term].push(number);
                }
            }
        }
    }
    lists
        .into_iter()
        .flat_map(|(name, values)| {
            values.into_iter().enumerate().map(move |(index, docs)| {
                let deltas: Vec<usize> = docs
                    .iter()
                    .scan(0, |previous, &d| Some(d - std::mem::replace(previous, d)))
                    .collect();
                json_bytes(format!("search/facets/{name}/{index}.json"), &json!(deltas))
            })
        })
        .collect()
}

/// A facet in `meta.json`: `{"id", "title", "terms": [{"id", "title"}]}`.
fn facet_json(facet: &Facet) -> Value {
    let taxonomy = &facet.taxonomy;
    let terms: Vec<Value> = facet
        .terms
        .iter()
        .map(|term| json!({"id": term, "title": taxonomy.term_title(term)}))
        .collect();
    json!({"id": taxonomy.id, "title": taxonomy.title, "terms": terms})
}

/// A doc's record in its `docs/<n>.json`: `[title, url, hub, phase, kind, summary]`, then one list of term
/// indexes per facet (trailing empty lists already left out).
fn doc_json(doc: &SearchDoc) -> Value {
    let fixed = [
        json!(doc.title),
        json!(doc.url),
        json!(doc.hub),
        json!(doc.phase),
        json!(doc.kind),
        json!(doc.summary),
    ];
    Value::Array(
        fixed
            .into_iter()
            .chain(doc.terms.iter().map(|t| json!(t)))
            .collect(),
    )
}

/// A term and its postings: (doc, weight) pairs in doc order.
type TermPostings = (String, Vec<(usize, f64)>);

/// One shard: `{"term":[gap,weight,gap,weight,...],...}`, each gap a doc's number minus the
/// one before it (the first's minus 0), each weight the term frequency times the term's idf
/// over `n` documents, to three decimals. Gaps are small and repeat where numbers do not: a
/// common term's postings compress to a quarter of their size with gaps.
fn shard_json(terms: &[TermPostings], n: f64) -> String {
    let mut json = String::from("{");
    for (t, (term, postings)) in terms.iter().enumerate() {
        if t > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(term).expect("strings serialise"));
        json.push_str(":[");
        let idf = 1.0 + (n / (postings.len() as f64 + 1.0)).ln();
        let mut previous = 0;
        for (i, (doc, weight)) in postings.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "{},", doc - std::mem::replace(&mut previous, *doc));
            write_thousandths(&mut json, (weight * idf * 1000.0).round() as u64);
        }
        json.push(']');
    }
    json.push('}');
    json
}

/// `thousandths / 1000` as the shortest decimal: what formatting the rounded f64 would print
/// (`1.5`, `2`, `0.125`), without the float formatter, which this runs for every posting.
fn write_thousandths(out: &mut String, thousandths: u64) {
    let _ = write!(out, "{}", thousandths / 1000);
    let fraction = thousandths % 1000;
    if fraction != 0 {
        let digits = [fraction / 100, fraction / 10 % 10, fraction % 10];
        let shown = if digits[2] != 0 {
            3
        } else if digits[1] != 0 {
            2
        } else {
            1
        };
        out.push('.');
        for digit in &digits[..shown] {
            out.push(char::from(b'0' + *digit as u8));
        }
    }
}

fn truncate(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What Zola and mdBook ship: one elasticlunr index with every page's text in its document
/// store. Built only to measure our index against (the benchmark and the size test).
pub fn conventional_index_json(site: &Site) -> String {
    let docs = documents(site, &facets(site));
    let mut index = Index::with_language(Box::new(English::new()), ["title", "body"]);
    for doc in &docs {
        index.add_doc(&doc.url, [&doc.title, &doc.body_text()]);
    }
    index.to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analyser_folds_splits_drops_and_stems() {
        assert_eq!(
            analyze("Monitoring of the São Paulo contracts"),
            ["monitor", "sao", "paulo", "contract"]
        );
        assert_eq!(analyze("monitored"), ["monitor"]);
        assert_eq!(analyze("e-procurement, don't"), ["e", "procur", "don", "t"]);
        assert_eq!(analyze("Ørsted 2024"), ["ørsted", "2024"]);
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 6));
    }

    #[test]
    fn words_split_at_ascii_punctuation_fold_like_whole_texts() {
        // A combining mark typed on its own joins the letters around it once dropped, and
        // a decomposed letter is folded the same as a composed one.
        assert_eq!(
            tokenize("cafe\u{301}s, CAFÉ-au-lait"),
            ["cafes", "cafe", "au", "lait"]
        );
        assert_eq!(
            tokenize("İstanbul’s supplier"),
            ["istanbul", "s", "supplier"]
        );
        assert_eq!(tokenize(""), Vec::<String>::new());
    }

    #[test]
    fn weights_print_as_the_rounded_float_would() {
        for thousandths in (0..5000).chain([123_456, 1_000_000, 7_000_001]) {
            let mut ours = String::new();
            write_thousandths(&mut ours, thousandths);
            assert_eq!(ours, (thousandths as f64 / 1000.0).to_string());
        }
    }

    #[test]
    fn shard_keys_are_hex_code_points() {
        assert_eq!(shard_key("forced"), "66-6f");
        assert_eq!(shard_key("ø"), "f8");
    }
}
