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

/// The bytes (gzip) a reader downloads before the first result of `query` appears: the
/// metadata and the shards of the query's terms. (Snippet text follows, a small chunk for
/// each result on screen.)
fn payload_before_first_result(site: &TestSite, query: &str) -> usize {
    let meta = std::fs::read(site.output().join("search/meta.json")).unwrap();
    let mut total = gzip_len(&meta);
    let mut keys: Vec<String> = praxis::search::analyze(query)
        .iter()
        .map(|t| praxis::search::shard_key(t))
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        total +=
            gzip_len(&std::fs::read(site.output().join(format!("search/idx/{key}.json"))).unwrap());
    }
    total
}

#[test]
fn every_chapter_report_and_page_is_indexed_with_its_filters() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let meta = read_json(&site, "search/meta.json");
    let docs = meta["docs"].as_array().unwrap();
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
    let issues: Vec<&str> = risk[4]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            meta["issues"][i.as_u64().unwrap() as usize]["id"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(issues, ["forced-labour", "child-labour"]);

    // "Audits" in the body is found under its stem, in the shard of its first two letters.
    let doc = docs.iter().position(|d| d[0] == "Risk in alpha").unwrap();
    let shard = read_json(
        &site,
        &format!("search/idx/{}.json", praxis::search::shard_key("audit")),
    );
    let postings = shard["audit"]
        .as_array()
        .expect("the stem `audit` is indexed");
    assert!(postings.chunks(2).any(|p| p[0] == doc), "{postings:?}");
    // The title weighs more than the body.
    let title_shard = read_json(
        &site,
        &format!("search/idx/{}.json", praxis::search::shard_key("risk")),
    );
    let weight = |term: &serde_json::Value, doc: usize| {
        term.as_array()
            .unwrap()
            .chunks(2)
            .find(|p| p[0] == doc)
            .map(|p| p[1].as_f64().unwrap())
    };
    let beta = docs
        .iter()
        .position(|d| d[0] == "Planning in beta")
        .unwrap();
    assert!(weight(&title_shard["risk"], beta).is_none());
    assert!(weight(&title_shard["risk"], doc).unwrap() > 0.0);
}

#[test]
fn drafts_are_searchable_only_in_draft_builds() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/beta/second-report/02-remedy.md",
        "---\ntitle: \"Secret remedy\"\nphase: remedy\nstatus: draft\n---\nZanzibar.\n",
    );
    site.build_ok();
    assert!(
        !std::fs::read_to_string(site.output().join("search/meta.json"))
            .unwrap()
            .contains("Secret remedy")
    );
    let mut options = site.options();
    options.drafts = true;
    praxis::build(&options).unwrap();
    assert!(
        std::fs::read_to_string(site.output().join("search/meta.json"))
            .unwrap()
            .contains("Secret remedy")
    );
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
