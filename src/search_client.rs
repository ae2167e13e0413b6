//! What `src/theme/static/search.js` fetches for a query, worked out in Rust from a built
//! index: the files a reader downloads before the first results appear. For the benchmark
//! (`examples/search_payload.rs`) and the payload test; the site itself never runs this.
//!
//! It follows `search.js` step by step (docs/search-index.md): `meta.json`, the shards of the
//! query's words, then the records of the results on screen. It does not fetch the filters'
//! lists (a query typed into the box has none) or the text chunks, which come after the
//! results are shown, to cut their snippets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::analysis::{Analyser, fold};
use crate::search::{RESULTS_SHOWN, shard_key};

/// One word of a query: its term and, for the word still being typed, the typed word itself
/// (`typed`, completed by [`completions`]) and folded (`prefix`, which matches by prefix).
struct Word {
    term: String,
    typed: Option<String>,
    prefix: Option<String>,
}

/// The query's words as `search.js` parses them: a query ending in a letter or digit is
/// still being typed (or was submitted as typed), so its last word matches by prefix too.
fn parse(analyser: Analyser, query: &str) -> Vec<Word> {
    let tokens = analyser.tokenize(query);
    let typing = query
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c));
    let mut words: Vec<Word> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Some(term) = analyser.term(token) else {
            continue; // a stop word
        };
        let typed = (typing && i + 1 == tokens.len()).then(|| token.clone());
        let prefix = typed.as_deref().map(|t| fold(t).into_owned());
        if !words.iter().any(|w| w.term == term && w.typed == typed) {
            words.push(Word {
                term,
                typed,
                prefix,
            });
        }
    }
    words
}

/// The terms the unfinished word `typed` may be the start of, besides those beginning with
/// it: the typed word completed by each of the analyser's endings it has begun.
pub fn completions(analyser: Analyser, typed: &str) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for suffix in analyser.suffixes() {
        for (begun, _) in suffix.char_indices().chain([(suffix.len(), ' ')]) {
            if let Some(base) = typed.strip_suffix(&suffix[..begun]) {
                terms.extend(analyser.term(&format!("{base}{suffix}")));
            }
        }
    }
    terms
}

/// The built index under `output`, read as a browser would fetch it: each file once.
struct Fetched<'a> {
    output: &'a Path,
    files: BTreeMap<String, Value>,
}

impl Fetched<'_> {
    fn get(&mut self, path: &str) -> Result<&Value, String> {
        if !self.files.contains_key(path) {
            let file = self.output.join("search").join(path);
            let text = std::fs::read(&file)
                .map_err(|e| format!("while reading {}: {e}", file.display()))?;
            let json = serde_json::from_slice(&text)
                .map_err(|e| format!("while parsing {}: {e}", file.display()))?;
            self.files.insert(path.to_owned(), json);
        }
        Ok(&self.files[path])
    }

    /// The shard of `term`, or an empty object when the index has none.
    fn shard(&mut self, term: &str, shards: &[Value]) -> Result<Value, String> {
        let key = shard_key(term);
        if shards.iter().any(|s| s == key.as_str()) {
            Ok(self.get(&format!("idx/{key}.json"))?.clone())
        } else {
            Ok(Value::Object(Default::default()))
        }
    }
}

/// The paths (under `search/`) that `search.js` fetches before it shows the first results of
/// `query`, each once: `meta.json`, the shards, then the doc chunks.
pub fn files_before_first_result(output: &Path, query: &str) -> Result<Vec<String>, String> {
    let mut fetched = Fetched {
        output,
        files: BTreeMap::new(),
    };
    let meta = fetched.get("meta.json")?.clone();
    let analyser = Analyser::for_language(meta["language"].as_str().unwrap_or("en"));
    let shards = meta["shards"].as_array().cloned().unwrap_or_default();
    let chunk_size = meta["docChunkSize"].as_u64().unwrap_or(1).max(1) as usize;
    let mut order = vec!["meta.json".to_owned()];

    let mut scores: Option<BTreeMap<u64, f64>> = None;
    for word in parse(analyser, query) {
        let exact = fetched.shard(&word.term, &shards)?;
        let mut terms = BTreeSet::from([word.term.clone()]);
        let mut near = Value::Object(Default::default());
        if let Some(prefix) = &word.prefix {
            near = fetched.shard(prefix, &shards)?;
            let in_shard = near.as_object().into_iter().flat_map(|o| o.keys());
            terms.extend(in_shard.filter(|t| t.starts_with(prefix.as_str())).cloned());
            terms.extend(completions(
                analyser,
                word.typed.as_deref().unwrap_or_default(),
            ));
        }
        let mut here: BTreeMap<u64, f64> = BTreeMap::new();
        for term in &terms {
            let postings = exact.get(term).or_else(|| near.get(term));
            let postings = postings
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut doc = 0;
            for pair in postings.chunks(2) {
                if let [gap, weight] = pair {
                    doc += gap.as_u64().unwrap_or(0);
                    *here.entry(doc).or_insert(0.0) += weight.as_f64().unwrap_or(0.0);
                }
            }
        }
        scores = Some(match scores {
            None => here,
            Some(before) => before
                .into_iter()
                .filter_map(|(doc, s)| Some((doc, s + here.get(&doc)?)))
                .collect(),
        });
    }
    for path in fetched.files.keys() {
        if !order.contains(path) {
            order.push(path.clone());
        }
    }

    let mut results: Vec<(u64, f64)> = scores.unwrap_or_default().into_iter().collect();
    results.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (doc, _) in results.iter().take(RESULTS_SHOWN) {
        let chunk = format!("docs/{}.json", *doc as usize / chunk_size);
        if !order.contains(&chunk) {
            order.push(chunk);
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_word_completes_to_the_term_of_the_finished_one() {
        let completions = |typed| completions(Analyser::ENGLISH, typed);
        assert!(completions("procurem").contains("procur"));
        assert!(completions("monitori").contains("monitor"));
        assert!(completions("abilit").contains("abil"));
        assert!(completions("termina").contains("termin"));
        assert!(completions("assessm").contains("assess"));
        let french = |typed| super::completions(Analyser::for_language("fr"), typed);
        assert!(
            french("continuit").contains("continu"),
            "{:?}",
            french("continuit")
        );
        assert!(french("évaluati").contains("evalu"));
    }

    #[test]
    fn only_the_last_word_of_a_query_ending_in_a_letter_matches_by_prefix() {
        let parse = |query| parse(Analyser::ENGLISH, query);
        let words = parse("forced lab");
        assert_eq!(words.len(), 2);
        assert_eq!(
            (words[0].term.as_str(), words[0].prefix.as_deref()),
            ("forc", None)
        );
        assert_eq!(words[1].prefix.as_deref(), Some("lab"));
        assert!(parse("the labour ").iter().all(|w| w.prefix.is_none()));
    }
}
