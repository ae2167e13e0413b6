//! The search index: what it contains, and what a reader downloads before the first result.

mod common;

use std::io::Write;

use common::TestSite;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write to gzip");
    child.wait_with_output().expect("gzip output").stdout.len()
}

fn read_json(site: &TestSite, path: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(site.output().join(path)).expect(path)).expect("JSON")
}

/// A term's postings `[gap, weight, ...]` as (doc, weight) pairs: each gap is the doc's number
/// minus the one before.
fn docs_and_weights(postings: &[serde_json::Value]) -> impl Iterator<Item = (usize, f64)> + '_ {
    postings.chunks(2).scan(0, |doc, pair| {
        *doc += pair[0].as_u64().unwrap() as usize;
        Some((*doc, pair[1].as_f64().unwrap()))
    })
}

/// Every doc's record, in number order, from the chunks `docs/<n>.json`.
fn doc_records(site: &TestSite) -> Vec<serde_json::Value> {
    let meta = read_json(site, "search/meta.json");
    let count = meta["docCount"].as_u64().unwrap() as usize;
    let size = meta["docChunkSize"].as_u64().unwrap() as usize;
    let records: Vec<serde_json::Value> = (0..count.div_ceil(size))
        .flat_map(|n| {
            read_json(site, &format!("search/docs/{n}.json"))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(records.len(), count);
    records
}

/// The docs that have value `index` of filter `name`, from its list of deltas.
fn filter_docs(site: &TestSite, name: &str, index: usize) -> Vec<usize> {
    let deltas = read_json(site, &format!("search/facets/{name}/{index}.json"));
    let mut doc = 0;
    deltas
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            doc += d.as_u64().unwrap() as usize;
            doc
        })
        .collect()
}

/// The bytes (gzip) a reader downloads before the first result of `query` appears: the
/// metadata, the shards of the query's terms and the records of the results on screen.
/// (Snippet text follows, a small chunk for each result on screen.)
fn payload_before_first_result(site: &TestSite, query: &str) -> usize {
    praxis::search_client::files_before_first_result(&site.output(), query)
        .unwrap()
        .iter()
        .map(|file| gzip_len(&std::fs::read(site.output().join("search").join(file)).unwrap()))
        .sum()
}

#[test]
fn every_chapter_report_and_page_is_indexed_with_its_filters() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let meta = read_json(&site, "search/meta.json");
    let docs = &doc_records(&site);
    let titles: Vec<&str> = docs.iter().map(|d| d[0].as_str().unwrap()).collect();
    for title in [
        "Planning in alpha",
        "Risk in alpha",
        "Planning in beta",
        "First report",
        "About",
    ] {
        assert!(titles.contains(&title), "{title} not in {titles:?}");
    }
    let risk = docs.iter().find(|d| d[0] == "Risk in alpha").unwrap();
    assert_eq!(risk[1], "/lab/hubs/alpha/first-report/risk/");
    assert_eq!(
        meta["hubs"][risk[2].as_u64().unwrap() as usize]["id"],
        "alpha"
    );
    assert_eq!(
        meta["phases"][risk[3].as_u64().unwrap() as usize]["id"],
        "risk-assessment"
    );
    assert_eq!(risk[4], "chapter");
    assert_eq!(
        doc_terms(&site, "Risk in alpha"),
        [vec!["issues:forced-labour", "issues:child-labour"]]
    );
    // Docs are numbered in title order; each filter value lists its docs.
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
    let risk_number = docs.iter().position(|d| d[0] == "Risk in alpha").unwrap();
    let alpha = risk[2].as_u64().unwrap() as usize;
    assert!(filter_docs(&site, "hub", alpha).contains(&risk_number));
    let in_alpha: Vec<usize> = (0..docs.len()).filter(|&d| docs[d][2] == alpha).collect();
    assert_eq!(filter_docs(&site, "hub", alpha), in_alpha);
    let forced_labour = filter_docs(&site, "issues", 0);
    assert!(forced_labour.contains(&risk_number), "{forced_labour:?}");
    let chapters: Vec<usize> = (0..docs.len())
        .filter(|&d| docs[d][4] == "chapter")
        .collect();
    assert_eq!(filter_docs(&site, "kind", 0), chapters);
    // meta.json carries nothing per document.
    assert!(meta.get("docs").is_none());
    assert_eq!(meta["docCount"], docs.len());

    // "Audits" in the body is found under its stem, in the shard of its first two letters.
    let doc = docs.iter().position(|d| d[0] == "Risk in alpha").unwrap();
    let shard = read_json(
        &site,
        &format!("search/idx/{}.json", praxis::search::shard_key("audit")),
    );
    let postings = shard["audit"]
        .as_array()
        .expect("the stem `audit` is indexed");
    assert!(
        docs_and_weights(postings).any(|(d, _)| d == doc),
        "{postings:?}"
    );
    // The title weighs more than the body.
    let title_shard = read_json(
        &site,
        &format!("search/idx/{}.json", praxis::search::shard_key("risk")),
    );
    let weight = |term: &serde_json::Value, doc: usize| {
        docs_and_weights(term.as_array().unwrap())
            .find(|(d, _)| *d == doc)
            .map(|(_, w)| w)
    };
    let beta = docs
        .iter()
        .position(|d| d[0] == "Planning in beta")
        .unwrap();
    assert!(weight(&title_shard["risk"], beta).is_none());
    assert!(weight(&title_shard["risk"], doc).unwrap() > 0.0);
}

/// A doc's terms as `taxonomy:term`, one list per facet of `meta.json`, as its record holds
/// them: the lists after the six fixed fields.
fn doc_terms(site: &TestSite, title: &str) -> Vec<Vec<String>> {
    let meta = read_json(site, "search/meta.json");
    let docs = doc_records(site);
    let doc = docs
        .iter()
        .find(|d| d[0] == title)
        .unwrap_or_else(|| panic!("no doc {title}"));
    let lists = &doc.as_array().unwrap()[6..];
    lists
        .iter()
        .enumerate()
        .map(|(t, list)| {
            let facet = &meta["taxonomies"][t];
            list.as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    let term = &facet["terms"][i.as_u64().unwrap() as usize]["id"];
                    format!(
                        "{}:{}",
                        facet["id"].as_str().unwrap(),
                        term.as_str().unwrap()
                    )
                })
                .collect()
        })
        .collect()
}

/// A term or a taxonomy as `(id, title)`.
type Named = (String, String);

/// Each facet of `meta.json` as `(id, title, terms)`.
fn facets(meta: &serde_json::Value) -> Vec<(String, String, Vec<Named>)> {
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    meta["taxonomies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let terms = f["terms"].as_array().unwrap();
            let terms = terms.iter().map(|t| (text(&t["id"]), text(&t["title"])));
            (text(&f["id"]), text(&f["title"]), terms.collect())
        })
        .collect()
}

/// The `name`s of the search form's selects, in order.
fn filter_names(html: &str) -> Vec<&str> {
    html.split("<select ")
        .skip(1)
        .filter_map(|s| s.split("name=\"").nth(1)?.split('"').next())
        .collect()
}

fn pair(id: &str, title: &str) -> Named {
    (id.to_owned(), title.to_owned())
}

#[test]
fn the_index_has_one_facet_per_taxonomy_of_site_toml_in_its_order() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let meta = read_json(&site, "search/meta.json");
    assert_eq!(meta["version"], 5);
    // A closed vocabulary lists its terms in use in the order site.toml declares them; an
    // open one lists its terms in use, titled from their ids.
    assert_eq!(
        facets(&meta),
        [
            (
                "issues".to_owned(),
                "Human rights issues".to_owned(),
                vec![
                    pair("forced-labour", "Forced labour"),
                    pair("child-labour", "Child labour")
                ]
            ),
            (
                "jurisdictions".to_owned(),
                "Jurisdictions".to_owned(),
                vec![pair("european-union", "European union")]
            ),
        ]
    );
    assert_eq!(
        doc_terms(&site, "Planning in alpha"),
        [
            vec!["issues:forced-labour"],
            vec!["jurisdictions:european-union"]
        ]
    );
    // A doc without terms carries no lists: six fields, not eight.
    for title in ["First report", "About"] {
        let docs = doc_records(&site);
        let doc = docs.iter().find(|d| d[0] == title);
        assert_eq!(doc.unwrap().as_array().unwrap().len(), 6, "{title}");
    }
    // The search page has a filter per taxonomy, labelled with its title, and points readers
    // without JavaScript at each taxonomy's page.
    let page = site.page("search/");
    assert_eq!(
        filter_names(&page),
        ["hub", "phase", "kind", "issues", "jurisdictions"]
    );
    assert!(page.contains("<label for=\"search-taxonomy-jurisdictions\">Jurisdictions</label>"));
    assert!(page.contains("<a href=\"/lab/issues/\">Human rights issues</a> and <a href=\"/lab/jurisdictions/\">Jurisdictions</a>.</p></noscript>"), "{page}");
}

#[test]
fn a_third_taxonomy_gets_its_own_facet_and_filter() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[[taxonomies]]\nid = \"sectors\"\ntitle = \"Sectors\"\n"),
    );
    let risk = "hubs/alpha/first-report/02-risk.md";
    site.write(
        risk,
        &site
            .read_source(risk)
            .replacen("phase:", "sectors: [textiles, health-care]\nphase:", 1),
    );
    site.build_ok();
    let meta = read_json(&site, "search/meta.json");
    let ids: Vec<String> = facets(&meta).into_iter().map(|f| f.0).collect();
    assert_eq!(ids, ["issues", "jurisdictions", "sectors"]);
    assert_eq!(
        facets(&meta)[2].2,
        [
            pair("health-care", "Health care"),
            pair("textiles", "Textiles")
        ],
        "an open vocabulary's terms are sorted"
    );
    // The empty list of the middle taxonomy stays, so that the third keeps its place.
    assert_eq!(
        doc_terms(&site, "Risk in alpha"),
        [
            vec!["issues:forced-labour", "issues:child-labour"],
            vec![],
            vec!["sectors:textiles", "sectors:health-care"]
        ]
    );
    let page = site.page("search/");
    assert_eq!(
        filter_names(&page),
        ["hub", "phase", "kind", "issues", "jurisdictions", "sectors"]
    );
    assert!(page.contains("<label for=\"search-taxonomy-sectors\">Sectors</label>"));
}

#[test]
fn a_site_without_taxonomies_has_no_facets_and_only_hub_phase_and_kind_filters() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    let without = &config[..config
        .find("[[taxonomies]]")
        .expect("the fixture has taxonomies")];
    site.write("site.toml", without);
    for chapter in [
        "hubs/alpha/first-report/01-planning.md",
        "hubs/alpha/first-report/02-risk.md",
        "hubs/beta/second-report/01-planning.md",
    ] {
        let text = site.read_source(chapter);
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("issues:") && !l.starts_with("jurisdictions:"))
            .collect();
        site.write(chapter, &(kept.join("\n") + "\n"));
    }
    site.build_ok();
    let meta = read_json(&site, "search/meta.json");
    assert_eq!(meta["taxonomies"], serde_json::json!([]));
    assert!(meta.get("issues").is_none());
    for doc in &doc_records(&site) {
        assert_eq!(doc.as_array().unwrap().len(), 6, "{doc}");
    }
    let page = site.page("search/");
    assert_eq!(filter_names(&page), ["hub", "phase", "kind"]);
    // The kinds the index holds, which the "Show" filter offers: this site has no resources
    // and no survey.
    let kinds: Vec<&str> = meta["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["chapter", "report", "page"]);
    assert!(!page.contains("issues"), "{page}");
    assert!(page.contains("<a href=\"/lab/hubs/\">Hubs</a> and <a href=\"/lab/phases/\">Phases</a>.</p></noscript>"), "{page}");
}

#[test]
fn meta_json_does_not_grow_with_the_number_of_documents() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let before = read_json(&site, "search/meta.json");
    // Forty more chapters with the words, filters and terms of one already there.
    let risk = site.read_source("hubs/alpha/first-report/02-risk.md");
    for n in 0..40 {
        site.write(
            &format!("hubs/alpha/first-report/{:02}-risk-again-{n}.md", n + 3),
            &risk,
        );
    }
    site.build_ok();
    let mut after = read_json(&site, "search/meta.json");
    assert_eq!(
        after["docCount"].as_u64().unwrap(),
        before["docCount"].as_u64().unwrap() + 40
    );
    after["docCount"] = before["docCount"].clone();
    assert_eq!(after, before);
}

#[test]
fn a_taxonomy_may_not_take_the_name_of_a_search_parameter() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &config.replace("id = \"jurisdictions\"", "id = \"hub\""),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = &errors[0];
    assert_eq!(d.location.file.to_string_lossy(), "site.toml");
    assert!(d.location.line > 0);
    assert!(d.message.contains("`hub` is reserved"), "{}", d.message);
    assert!(
        d.help.as_deref().unwrap_or_default().contains("another id"),
        "{d:#?}"
    );
}

#[test]
fn drafts_are_searchable_only_in_draft_builds() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/beta/second-report/02-remedy.md",
        "---\ntitle: \"Secret remedy\"\nphase: remedy\nstatus: draft\n---\nZanzibar.\n",
    );
    site.build_ok();
    let titled = |site: &TestSite| doc_records(site).iter().any(|d| d[0] == "Secret remedy");
    assert!(!titled(&site));
    let mut options = site.options();
    options.drafts = true;
    praxis::build(&options).unwrap();
    assert!(titled(&site));
}

#[test]
fn the_lab_site_search_payload_is_within_a_tenth_of_a_conventional_index() {
    let site = TestSite::lab();
    site.build_ok();
    let (loaded, _) = praxis::check(site.root(), false);
    let conventional =
        gzip_len(praxis::search::conventional_index_json(&loaded.unwrap()).as_bytes());
    for query in [
        "forced labour",
        "contract termination clauses",
        "monitoring",
    ] {
        let ours = payload_before_first_result(&site, query);
        eprintln!(
            "{query}: {ours} bytes (gzip) before the first result; conventional index {conventional}"
        );
        assert!(
            ours * 10 <= conventional,
            "{query}: {ours} > 10% of {conventional}"
        );
    }
}

/// The shared cases of tests/search_client/analyzer-cases.json, which the Node tests check
/// against the browser's analyser.
#[test]
fn the_rust_analyser_passes_the_shared_cases() {
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("search_client/analyzer-cases.json")).unwrap();
    for (_, group) in cases["stems"].as_object().unwrap() {
        for (word, expected) in group.as_object().unwrap() {
            assert_eq!(
                praxis::stem::stem(word),
                expected.as_str().unwrap(),
                "stem({word})"
            );
        }
    }
    for case in cases["tokenize"].as_array().unwrap() {
        let expected: Vec<&str> = case[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(
            praxis::search::tokenize(case[0].as_str().unwrap()),
            expected
        );
    }
    for case in cases["analyze"].as_array().unwrap() {
        let expected: Vec<&str> = case[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(praxis::search::analyze(case[0].as_str().unwrap()), expected);
    }
}

/// The shards are computed without elasticlunr-rs's index for speed; they must hold exactly
/// what elasticlunr-rs computes for the same documents.
#[test]
fn the_postings_equal_elasticlunr_rs() {
    let site = TestSite::lab();
    let (loaded, _) = praxis::check(site.root(), false);
    let loaded = loaded.unwrap();
    let ours = praxis::search::site_postings(&loaded);
    let reference = praxis::search::reference_postings(&loaded);
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        reference.keys().collect::<Vec<_>>()
    );
    for (term, docs) in &reference {
        let mine = &ours[term];
        assert_eq!(
            mine.keys().collect::<Vec<_>>(),
            docs.keys().collect::<Vec<_>>(),
            "{term}"
        );
        for (doc, weight) in docs {
            assert!(
                (mine[doc] - weight).abs() < 1e-9,
                "{term} in {doc}: {} vs {weight}",
                mine[doc]
            );
        }
    }
    assert!(reference.len() > 1000, "{} terms", reference.len());
}

/// Words that break tokenisers and stemmers, analysed in every language: accents composed
/// and decomposed, marks that compose with nothing, letters without a decomposition, cases
/// that lowercase to two characters, letters outside the Basic Multilingual Plane, digits of
/// other scripts, apostrophes and dashes.
const AWKWARD_WORDS: &[&str] = &[
    "Café",
    "cafe\u{301}s",
    "CAFÉ-au-lait",
    "naïve",
    "São",
    "Ørsted",
    "Łódź",
    "ΣΊΣΥΦΟΣ",
    "straße",
    "STRASSE",
    "e-procurement",
    "don't",
    "2024",
    "İstanbul",
    "İSTANBUL’s",
    "subcontractor's",
    "co-operation",
    "U.S.",
    "œuvre",
    "Œuvres",
    "ﬁnance",
    "x²",
    "١٢٣",
    "\u{301}",
    "a\u{301}\u{301}b",
    "q\u{303}uatre",
    "=\u{338}ation",
    "𝐚𝐛𝐜ation",
    "𐐀𐐁ement",
    "𐐨𐐩s",
    "ÉVALUATIONS",
    "Ⅻe",
    "ǅemal",
    "ﬀicacité",
    "e\u{301}te\u{301}",
    "l'Évaluation",
    "d’achats",
    "«contrats»",
    "vingt-et-un",
    "x-y-z",
];

/// The words of a language for the parity tests: the Lab's own text when the Lab is written
/// in it, the language's fixture `search_client/words-<primary subtag>.txt` (one word or phrase a line,
/// `#` for comments), and [`AWKWARD_WORDS`]. Each is compared on its own, and all of them
/// joined as one text too.
fn words_of(code: &str) -> Vec<String> {
    let mut words: Vec<String> = AWKWARD_WORDS.iter().map(|w| (*w).to_owned()).collect();
    let site = TestSite::lab();
    let (loaded, _) = praxis::check(site.root(), false);
    let loaded = loaded.expect("the Lab's site loads");
    let analyser = praxis::analysis::Analyser::for_language(code);
    // Every word the site writes in this language: its own tree's (the default's, or a
    // translation's) chapters, reports and pages.
    let trees = std::iter::once(&loaded).chain(&loaded.trees);
    for tree in
        trees.filter(|t| praxis::analysis::Analyser::for_language(&t.config.language) == analyser)
    {
        let language = &tree.config.language;
        let chapters = tree.chapters.iter().filter(|c| &c.language == language);
        words.extend(chapters.flat_map(|c| {
            analyser.tokenize(&format!("{} {} {}", c.title, c.summary, c.body.text))
        }));
        let reports = tree.reports.iter().filter(|r| &r.language == language);
        words.extend(reports.flat_map(|r| {
            analyser.tokenize(&format!("{} {} {}", r.title, r.summary, r.body.text))
        }));
        let pages = tree.pages.iter().filter(|p| &p.language == language);
        words.extend(pages.flat_map(|p| {
            analyser.tokenize(&format!("{} {} {}", p.title, p.summary, p.body.text))
        }));
    }
    let primary = code.split('-').next().unwrap_or(code);
    let fixture = common::repo_root().join(format!("tests/search_client/words-{primary}.txt"));
    if let Ok(text) = std::fs::read_to_string(&fixture) {
        let lines = text.lines().map(str::trim);
        words.extend(
            lines
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned),
        );
    }
    words.sort();
    words.dedup();
    let joined = words.join(" ; ");
    words.push(joined);
    words
}

/// search.js's analyser for the language `code` (with `static/stem-<stemmer>.js`), run by
/// node over `words`: the terms of each.
fn browser_terms(code: &str, words: &[String]) -> Vec<Vec<String>> {
    let analyser = praxis::analysis::Analyser::for_language(code);
    let statics = common::repo_root().join("src/theme/static");
    let stemmer = match analyser.stemmer() {
        Some(code) if code != "en" => format!(
            "require({:?})",
            statics.join(format!("stem-{code}.js")).to_string_lossy()
        ),
        _ => "null".to_owned(),
    };
    let script = format!(
        "const s = require({:?}); const a = s.analyser({}, {}, {stemmer}); \
         const words = JSON.parse(require('fs').readFileSync(0, 'utf8')); \
         process.stdout.write(JSON.stringify(words.map((w) => a.analyze(w))));",
        statics.join("search.js").to_string_lossy(),
        serde_json::to_string(&analyser.stemmer()).unwrap(),
        serde_json::to_string(analyser.stop_words()).unwrap(),
    );
    let mut child = std::process::Command::new("node")
        .args(["-e", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(words).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from node")
}

/// Every word of [`words_of`] `code` has the same terms in the browser as in the index; at
/// least `least` words were compared. Returns how many.
fn assert_the_browser_analyses_like_the_index(code: &str, least: usize) -> usize {
    let words = words_of(code);
    let browser = browser_terms(code, &words);
    let analyser = praxis::analysis::Analyser::for_language(code);
    let mut differences = Vec::new();
    for (word, js) in words.iter().zip(&browser) {
        let rust = analyser.analyze(word);
        if &rust != js {
            differences.push(format!("{word}: rust {rust:?}, browser {js:?}"));
        }
    }
    assert_eq!(browser.len(), words.len());
    assert!(
        differences.is_empty(),
        "{code}: {} of {} words differ:\n{}",
        differences.len(),
        words.len(),
        differences.join("\n")
    );
    eprintln!("{code}: {} words analysed alike", words.len());
    assert!(words.len() >= least, "{code}: only {} words", words.len());
    words.len()
}

#[test]
fn the_browser_analyses_english_as_the_index_does() {
    assert_the_browser_analyses_like_the_index("en", 1000);
}

#[test]
fn the_browser_analyses_french_as_the_index_does() {
    assert_the_browser_analyses_like_the_index("fr", 1500);
}

#[test]
fn the_browser_analyses_spanish_as_the_index_does() {
    assert_the_browser_analyses_like_the_index("es", 1400);
}

#[test]
fn the_browser_analyses_portuguese_as_the_index_does() {
    assert_the_browser_analyses_like_the_index("pt-BR", 600);
}

#[test]
fn the_browser_analyses_a_language_without_a_stemmer_as_the_index_does() {
    assert_the_browser_analyses_like_the_index("ar", 40);
}

/// rust-stemmers, and so the index's analyser, give the stems of Snowball's own sample
/// vocabularies (`search_client/snowball-cases.json`, which the Node tests check
/// `stem-<code>.js` against too); the analyser folds them.
#[test]
fn snowball_stems_are_those_of_the_published_vocabularies() {
    use rust_stemmers::{Algorithm, Stemmer};
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("search_client/snowball-cases.json")).unwrap();
    for (code, algorithm) in [
        ("fr", Algorithm::French),
        ("es", Algorithm::Spanish),
        ("pt", Algorithm::Portuguese),
    ] {
        let stemmer = Stemmer::create(algorithm);
        let analyser = praxis::analysis::Analyser::for_language(code);
        let pairs = cases[code].as_object().unwrap();
        assert!(pairs.len() >= 40, "{code}: {} cases", pairs.len());
        for (word, expected) in pairs {
            let expected = expected.as_str().unwrap();
            assert_eq!(stemmer.stem(word), expected, "{code}: {word}");
            let folded = praxis::analysis::fold(expected);
            assert_eq!(analyser.analyze(word), [folded.as_ref()], "{code}: {word}");
        }
    }
}

/// Stems worked out by hand from the algorithms' descriptions, as terms (folded).
#[test]
fn known_stems_by_hand() {
    let terms =
        |code: &str, text: &str| praxis::analysis::Analyser::for_language(code).analyze(text);
    // snowballstem.org's French example: the continu- family, -ellement keeping -el.
    assert_eq!(
        terms(
            "fr",
            "continua continuait continuant continuation continue continué continuellement continuité"
        ),
        [
            "continu",
            "continu",
            "continu",
            "continu",
            "continu",
            "continu",
            "continuel",
            "continu"
        ]
    );
    assert_eq!(
        terms("fr", "l'évaluation d'achats gouvernements rapidement"),
        ["evalu", "achat", "gouvern", "rapid"]
    );
    assert_eq!(
        terms(
            "es",
            "continuidad contratación responsabilidades rápidamente"
        ),
        ["continu", "contrat", "respons", "rapid"]
    );
    assert_eq!(
        terms(
            "pt-BR",
            "continuidade contratação responsabilidades rapidamente bandeira"
        ),
        ["continu", "contrat", "respons", "rapid", "bandeir"]
    );
    // Typed without its accents, a word whose accents are not in its ending meets the same
    // term; one whose ending carries the accent may not (continuite, without -ité).
    assert_eq!(terms("fr", "evaluation"), terms("fr", "évaluation"));
    assert_eq!(terms("pt", "avaliacao"), ["avaliaca"]);
    assert_eq!(terms("pt", "avaliação"), ["avali"]);
    // Short words and words with digits are folded, not stemmed.
    assert_eq!(terms("fr", "été 3ème xxie"), ["3eme", "xxi"]);
}

/// A site written in French: its index is analysed in French, and `meta.json` tells the
/// browser so; the French stemmer is among the static files.
#[test]
fn a_french_site_has_a_french_index_and_the_browser_its_stemmer() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("language = \"fr\"\n{config}"));
    site.write(
        "hubs/alpha/first-report/02-risk.md",
        "---\ntitle: \"Risque\"\nphase: risk-assessment\n---\n## What goes wrong\n\nLa continuité des évaluations d'achat.\n",
    );
    site.build_ok();
    let meta = read_json(&site, "search/meta.json");
    assert_eq!(meta["language"], "fr");
    assert_eq!(meta["stemmer"], "fr");
    let stop_words = meta["stopWords"].as_array().unwrap();
    assert!(stop_words.iter().any(|w| w == "d") && !stop_words.iter().any(|w| w == "the"));
    let doc = doc_records(&site)
        .iter()
        .position(|d| d[0] == "Risque")
        .unwrap();
    for term in ["continu", "evalu", "achat"] {
        let shard = read_json(
            &site,
            &format!("search/idx/{}.json", praxis::search::shard_key(term)),
        );
        let postings = shard[term].as_array().unwrap_or_else(|| panic!("{term}"));
        assert!(docs_and_weights(postings).any(|(d, _)| d == doc), "{term}");
    }
    let stemmer = std::fs::read_to_string(site.output().join("static/stem-fr.js")).unwrap();
    assert!(stemmer.contains("praxisStemmers"));
    // An English index says so too, and needs no stemmer file.
    let english = TestSite::fixture("minimal");
    english.build_ok();
    let meta = read_json(&english, "search/meta.json");
    assert_eq!(
        (&meta["language"], &meta["stemmer"]),
        (&"en".into(), &"en".into())
    );
}
