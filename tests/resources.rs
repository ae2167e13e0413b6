//! The resource library and the open data, on the Lab's site and on small broken sites: a
//! practitioner finds the resources of a hub and phase from the chapter they read, filters
//! the library, cites any item and downloads the site's content as JSON and CSV; a hub leader
//! who mistypes a resource's field is told where and what was meant.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{TestSite, download};
use praxis::diagnostics::Diagnostic;
use serde_json::Value;

/// The Lab's site, built once per test.
fn lab() -> TestSite {
    let site = TestSite::lab();
    site.build_ok();
    site
}

fn json(site: &TestSite, rel: &str) -> Value {
    let text = std::fs::read_to_string(site.output().join(rel)).expect("data file");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// The `<script type="application/ld+json">` of a page, parsed.
fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..end]).expect("JSON-LD is JSON")
}

/// The front matter field `key` of a resource file, as written (one line).
fn field(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim().trim_matches('"').to_owned())
}

fn list(text: &str, key: &str) -> Vec<String> {
    field(text, key)
        .map(|v| {
            v.trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Every resource of the Lab's sources: (slug, its file's text).
fn lab_resources() -> Vec<(String, String)> {
    let dir = common::repo_root().join("resources");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("resources/")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let slug = e.path().file_stem().unwrap().to_string_lossy().into_owned();
            (slug, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_lab_has_at_least_30_real_resources_each_cited_by_a_chapter() {
    let site = lab();
    let resources = lab_resources();
    assert!(resources.len() >= 30, "{} resources", resources.len());
    for (slug, text) in &resources {
        let url = field(text, "url").expect("every Lab resource has a public address");
        assert!(url.starts_with("http"), "{slug}: {url}");
        let page = site.page(&format!("resources/{slug}"));
        assert!(
            page.contains("id=\"cited-by-heading\"") && page.contains("class=\"chapter-list\""),
            "{slug} lists no chapter that links to it"
        );
        assert!(page.contains(&format!("href=\"{}\"", url.replace('&', "&amp;"))));
    }
}

#[test]
fn the_library_groups_every_resource_by_type_with_filters_and_static_type_pages() {
    let site = lab();
    let library = site.page("resources");
    let resources = lab_resources();
    for (slug, text) in &resources {
        assert!(
            library.contains(&format!("href=\"/lab/resources/{slug}/\"")),
            "{slug}"
        );
        let kind = field(text, "type").unwrap();
        let type_page = site.page(&format!("resources/types/{kind}"));
        assert!(
            type_page.contains(&format!("href=\"/lab/resources/{slug}/\"")),
            "{slug} on {kind}"
        );
        // The item carries what the browser's filters read.
        let item = library
            .split("<li")
            .find(|li| li.contains(&format!("/lab/resources/{slug}/\"")))
            .unwrap();
        assert!(item.contains(&format!("data-type=\"{kind}\"")), "{item}");
        let phases = list(text, "phases").join(" ");
        assert!(item.contains(&format!("data-phase=\"{phases}\"")), "{item}");
    }
    // One filter per facet, offered only with values in use; hidden until the script runs.
    for id in [
        "type",
        "hub",
        "phase",
        "t-issues",
        "t-jurisdictions",
        "language",
        "year",
    ] {
        assert!(
            library.contains(&format!("id=\"filter-{id}\"")),
            "filter {id}"
        );
    }
    assert!(library.contains("<form id=\"resource-filters\" class=\"resource-filters\" hidden>"));
    assert!(library.contains("resources.js"));
    // Types are listed in site.toml's order.
    let law = library.find("id=\"type-law\"").unwrap();
    let case = library.find("id=\"type-case\"").unwrap();
    assert!(law < case);
}

#[test]
fn a_resource_page_has_its_metadata_json_ld_and_three_citation_formats() {
    let site = lab();
    let page = site.page("resources/eu-forced-labour-regulation");
    let ld = json_ld(&page);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Legislation");
    assert_eq!(ld["url"], "https://eur-lex.europa.eu/eli/reg/2024/3015/oj");
    assert_eq!(ld["datePublished"], "2024-11-27");
    let report = json_ld(&site.page("resources/aspi-uyghurs-for-sale"));
    assert_eq!(report["@type"], "Report");
    let clause = json_ld(&site.page("resources/far-52-222-50"));
    assert_eq!(clause["@type"], "CreativeWork");

    let bib = download(&page, "eu-forced-labour-regulation.bib");
    assert!(
        bib.starts_with("@misc{eu-forced-labour-regulation,\n"),
        "{bib}"
    );
    assert!(bib.contains("year = {2024}"), "{bib}");
    let ris = download(&page, "eu-forced-labour-regulation.ris");
    assert!(ris.starts_with("TY  - STAT\r\n"), "{ris}");
    let csl: Value = serde_json::from_str(&download(&page, "eu-forced-labour-regulation.json"))
        .expect("CSL-JSON");
    assert_eq!(csl[0]["type"], "legislation");
    assert_eq!(
        csl[0]["issued"]["date-parts"][0],
        serde_json::json!([2024, 11, 27])
    );
}

#[test]
fn a_chapter_shows_the_resources_of_its_hub_and_phase_and_the_phase_page_all_of_the_phase() {
    let site = lab();
    let chapter = site.page("hubs/electronics/responsible-ict-procurement/tendering");
    let section = chapter
        .split("id=\"resources-heading\"")
        .nth(1)
        .expect("Resources for this phase")
        .split("</section>")
        .next()
        .unwrap();
    let phase_page = site.page("phases/tendering");
    for (slug, text) in lab_resources() {
        let phases = list(&text, "phases");
        let hubs = list(&text, "hubs");
        let expected = phases.contains(&"tendering".to_owned())
            && (hubs.is_empty() || hubs.contains(&"electronics".to_owned()));
        let link = format!("href=\"/lab/resources/{slug}/\"");
        assert_eq!(section.contains(&link), expected, "{slug} on the chapter");
        assert_eq!(
            phase_page.contains(&link),
            phases.contains(&"tendering".to_owned()),
            "{slug} on the phase page"
        );
    }
}

#[test]
fn the_search_index_has_resources_and_a_type_facet() {
    let site = lab();
    let meta = json(&site, "search/meta.json");
    let facets = meta["taxonomies"].as_array().unwrap();
    let type_facet = facets.last().unwrap();
    assert_eq!(type_facet["id"], "type");
    let type_at = 6 + facets.len() - 1;
    let docs = meta["docs"].as_array().unwrap();
    let resources: Vec<&Value> = docs.iter().filter(|d| d[4] == "resource").collect();
    assert_eq!(resources.len(), lab_resources().len());
    let law = type_facet["terms"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["id"] == "law")
        .unwrap();
    let regulation = resources
        .iter()
        .find(|d| d[1] == "/lab/resources/eu-forced-labour-regulation/")
        .unwrap();
    assert_eq!(regulation[type_at], serde_json::json!([law]));
    assert!(site.page("search").contains("id=\"search-taxonomy-type\""));
}

#[test]
fn the_site_is_open_data_linked_from_every_page() {
    let site = lab();
    let index = json(&site, "data/index.json");
    assert_eq!(index["schema_version"], 1);
    assert_eq!(index["counts"]["chapters"], 24);
    let chapters = json(&site, "data/chapters.json");
    let list = chapters["chapters"].as_array().unwrap();
    assert_eq!(list.len(), 24);
    let statements: usize = list
        .iter()
        .map(|c| c["gaps"].as_array().unwrap().len() + c["options"].as_array().unwrap().len())
        .sum();
    let csv = std::fs::read_to_string(site.output().join("data/synthesis.csv")).unwrap();
    let mut lines = csv.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(
        lines.next(),
        Some("phase,hub,kind,text,chapter,chapter_url")
    );
    assert_eq!(lines.count(), statements);
    let first = &list[0];
    assert!(csv.contains(first["gaps"][0]["text"].as_str().unwrap()));
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .starts_with("https://example.org/lab/hubs/")
    );

    let csl = json(&site, "data/resources.json");
    assert_eq!(csl.as_array().unwrap().len(), lab_resources().len());

    let feed = json(&site, "feed.json");
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert!(!feed["items"].as_array().unwrap().is_empty());
    for item in feed["items"].as_array().unwrap() {
        assert!(item["id"].is_string() && item["url"].is_string());
        assert!(item["content_html"].is_string() || item["content_text"].is_string());
    }
    for path in ["", "resources", "hubs/apparel"] {
        let page = site.page(path);
        assert!(page.contains("rel=\"alternate\" type=\"application/feed+json\""));
        for file in [
            "index.json",
            "chapters.json",
            "synthesis.csv",
            "resources.json",
        ] {
            let href = format!("href=\"/lab/data/{file}\">");
            assert!(
                page.lines()
                    .any(|l| l.starts_with("<link rel=\"alternate\"") && l.contains(&href)),
                "{path} lacks a link to data/{file}"
            );
        }
    }
}

/// What the CSL-JSON data schema says of these CSL-JSON files: one line per violation, empty
/// when they are valid. The schema is the citation-style-language project's `csl-data.json`
/// itself and the validator is Python's jsonschema, both installed by `scripts/test` into
/// `target/tools` (never committed); `tests/csl/validate.py` runs one on the other.
fn csl_schema_violations(files: &[PathBuf]) -> String {
    let tools = common::repo_root().join("target/tools");
    let schema = tools.join("csl-data.json");
    let python = tools.join("python");
    assert!(
        schema.is_file() && python.join("jsonschema").is_dir(),
        "the CSL-JSON schema or jsonschema is missing from target/tools: run scripts/test, which installs them"
    );
    let output = Command::new("python3")
        .arg(common::repo_root().join("tests/csl/validate.py"))
        .arg(&schema)
        .args(files)
        .env("PYTHONPATH", &python)
        .output()
        .expect("python3 runs (scripts/test needs it too)");
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    match output.status.code() {
        Some(0) => assert!(printed.is_empty(), "{printed}"),
        Some(1) => assert!(!printed.is_empty(), "the validator failed saying nothing"),
        _ => panic!(
            "the CSL-JSON validator did not run: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
    }
    printed
}

#[test]
fn the_librarys_csl_json_and_every_resources_download_are_valid_by_the_csl_schema() {
    // One resource with a licence, which CSL-JSON has no field of its own for.
    let site = TestSite::lab();
    let licensed = "resources/montreux-document.md";
    let text = site.read_source(licensed);
    site.write(
        licensed,
        &text.replacen("\nsummary:", "\nlicence: \"CC BY 4.0\"\nsummary:", 1),
    );
    site.build_ok();
    let csl = json(&site, "data/resources.json");
    let item = csl
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "montreux-document")
        .expect("item");
    assert_eq!(item["custom"]["licence"], "CC BY 4.0");
    let checked = site.root().join("csl");
    std::fs::create_dir_all(&checked).unwrap();
    let mut files = vec![site.output().join("data/resources.json")];
    for (slug, _) in lab_resources() {
        let page = site.page(&format!("resources/{slug}"));
        let file = checked.join(format!("{slug}.json"));
        std::fs::write(&file, download(&page, &format!("{slug}.json"))).unwrap();
        files.push(file);
    }
    assert_eq!(files.len(), 1 + lab_resources().len());
    let violations = csl_schema_violations(&files);
    assert!(violations.is_empty(), "{violations}");
}

#[test]
fn the_csl_schema_rejects_an_unknown_type_a_date_as_text_and_a_field_csl_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let item = |extra: &str| {
        format!(r#"{{"id": "ilo-c029", "title": "Forced Labour Convention", {extra}}}"#)
    };
    let items = [
        item(r#""type": "nonsense""#),
        item(r#""type": "legislation", "issued": "1930-06-28""#),
        item(r#""type": "legislation", "licence": "CC-BY-4.0""#),
        item(r#""type": "legislation", "issued": {"date-parts": [[1930, 6, 28]]}"#),
    ];
    let file = dir.path().join("items.json");
    std::fs::write(&file, format!("[{}]", items.join(",\n"))).unwrap();
    let violations = csl_schema_violations(&[file]);
    let lines: Vec<&str> = violations.lines().collect();
    assert_eq!(lines.len(), 3, "{violations}");
    assert!(
        lines[0].contains("at 0/type: 'nonsense' is not one of"),
        "{violations}"
    );
    assert!(
        lines[1].contains("at 1/issued: '1930-06-28' is not valid"),
        "{violations}"
    );
    assert!(
        lines[2].contains("at 2: Additional properties are not allowed ('licence' was unexpected)"),
        "{violations}"
    );
}

// ----- Mistakes a hub leader can make in a resource, each on the minimal site. -----

const TYPES: &str = "\n[[resource_types]]\nid = \"law\"\ntitle = \"Laws\"\n\n[[resource_types]]\nid = \"guidance\"\ntitle = \"Guidance\"\n";
const RESOURCE: &str = "resources/forced-labour-convention.md";

/// The minimal site with two resource types and one resource with these front-matter lines
/// after its title.
fn resource_errors(lines: &str) -> Vec<Diagnostic> {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("{config}{TYPES}"));
    site.write(
        RESOURCE,
        &format!("---\ntitle: \"Forced Labour Convention\"\n{lines}---\nThe convention.\n"),
    );
    site.build_errors()
}

fn only(errors: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().unwrap()
}

fn at(d: &Diagnostic, line: usize, column: usize) {
    assert_eq!(d.location.file.to_string_lossy(), RESOURCE, "{d:#?}");
    assert_eq!(
        (d.location.line, d.location.column),
        (line, column),
        "{d:#?}"
    );
}

const URL: &str = "url: https://normlex.ilo.org/\n";

#[test]
fn an_unknown_type_suggests_the_nearest() {
    let d = only(resource_errors(&format!("type: lwa\n{URL}")));
    at(&d, 3, 7);
    assert_eq!(d.message, "unknown resource type `lwa`");
    assert_eq!(d.label.as_deref(), Some("did you mean `law`?"));
    assert!(d.help.as_deref().unwrap().contains("law, guidance"));
}

#[test]
fn an_unknown_phase_hub_or_term_is_located_with_a_suggestion() {
    let errors = resource_errors(&format!(
        "type: law\n{URL}phases: [planing]\nhubs: [alfa]\nissues: [forced-labor]\n"
    ));
    assert_eq!(errors.len(), 3, "{errors:#?}");
    at(&errors[0], 5, 10);
    assert_eq!(errors[0].message, "unknown phase `planing`");
    assert_eq!(errors[0].label.as_deref(), Some("did you mean `planning`?"));
    at(&errors[1], 6, 8);
    assert_eq!(errors[1].message, "unknown hub `alfa`");
    assert_eq!(errors[1].label.as_deref(), Some("did you mean `alpha`?"));
    at(&errors[2], 7, 10);
    assert_eq!(errors[2].message, "unknown term in `issues` `forced-labor`");
    assert_eq!(
        errors[2].label.as_deref(),
        Some("did you mean `forced-labour`?")
    );
}

#[test]
fn a_missing_type_or_address_and_a_bad_date_are_errors_with_a_fix() {
    let d = only(resource_errors(URL));
    assert_eq!(d.message, "missing required field `type`");
    assert!(d.help.as_deref().unwrap().contains("law, guidance"));

    let d = only(resource_errors("type: law\n"));
    assert_eq!(d.message, "a resource needs `url` or `file`");

    let d = only(resource_errors(&format!("type: law\n{URL}date: 1930-13\n")));
    at(&d, 5, 7);
    assert_eq!(d.message, "`date` is not a valid date: `1930-13`");

    let d = only(resource_errors("type: law\nfile: convention.pdf\n"));
    at(&d, 4, 7);
    assert_eq!(
        d.message,
        "`file` names `convention.pdf`, which is not in resources/"
    );

    let d = only(resource_errors(&format!(
        "type: law\n{URL}languages: [english]\n"
    )));
    assert_eq!(d.message, "`english` is not a language code");
    let d = only(resource_errors(&format!("type: law\n{URL}publsher: ILO\n")));
    assert_eq!(d.message, "unknown field `publsher`");
    assert_eq!(d.label.as_deref(), Some("did you mean `publisher`?"));
}

#[test]
fn a_chapter_links_to_a_resource_by_its_file_and_a_file_beside_it_is_published() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("{config}{TYPES}"));
    site.write("resources/convention.pdf", "%PDF-1.4");
    site.write(
        RESOURCE,
        "---\ntitle: \"Forced Labour Convention\"\ntype: law\nfile: convention.pdf\ndate: 1930\nphases: [planning]\nhubs: [alpha]\n---\nThe convention.\n",
    );
    let chapter = "hubs/alpha/first-report/01-planning.md";
    let text = site.read_source(chapter);
    site.write(
        chapter,
        &format!("{text}\nSee [the convention](../../../{RESOURCE}).\n"),
    );
    site.build_ok();
    assert!(site.output().join("resources/convention.pdf").is_file());
    let page = site.page("resources/forced-labour-convention");
    assert!(page.contains("href=\"/lab/resources/convention.pdf\""));
    assert!(page.contains("href=\"/lab/hubs/alpha/first-report/planning/\""));
    let chapter_page = site.page("hubs/alpha/first-report/planning");
    assert!(
        chapter_page
            .contains("href=\"/lab/resources/forced-labour-convention/\">the convention</a>")
    );
    assert!(chapter_page.contains("Resources for this phase"));
    // A link to a resource that does not exist is a broken link like any other.
    site.write(
        chapter,
        &format!("{text}\nSee [it](../../../resources/nope.md).\n"),
    );
    let errors = site.build_errors();
    assert!(
        errors
            .iter()
            .any(|d| d.location.file.ends_with("01-planning.md")),
        "{errors:#?}"
    );
}

// ----- `praxis import csl`. -----

#[test]
fn importing_the_libraries_csl_json_gives_the_same_csl_json_and_twice_changes_nothing() {
    let site = lab();
    let exported = std::fs::read_to_string(site.output().join("data/resources.json")).unwrap();
    let export_file = site.root().join("export.json");
    std::fs::write(&export_file, &exported).unwrap();

    // A copy of the Lab without its library, then the export imported into it.
    let copy = TestSite::lab();
    std::fs::remove_dir_all(copy.root().join("resources")).unwrap();
    std::fs::create_dir_all(copy.root().join("resources")).unwrap();
    // The chapters' links to resources need the files: drop them for this copy.
    for entry in walkdir::WalkDir::new(copy.root().join("hubs"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let cleaned: String = text
                .split_inclusive('\n')
                .map(|line| match line.find(" ([in the Lab's library](") {
                    Some(at) => format!("{}\n", &line[..at]),
                    None => line.to_owned(),
                })
                .collect();
            std::fs::write(entry.path(), cleaned).unwrap();
        }
    }
    let first = praxis::import::import_csl(copy.root(), &export_file).unwrap();
    assert_eq!(
        first.written.len(),
        lab_resources().len(),
        "{:?}",
        first.problems
    );
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    copy.build_ok();
    let reexported = std::fs::read_to_string(copy.output().join("data/resources.json")).unwrap();
    let before: Value = serde_json::from_str(&exported).unwrap();
    let after: Value = serde_json::from_str(&reexported).unwrap();
    // Same items; CSL-JSON has no place for hubs, phases and terms, so the order (by type,
    // then title) and every field it carries survive.
    assert_eq!(before, after);

    let files_before = common::snapshot(&copy.root().join("resources"));
    let second = praxis::import::import_csl(copy.root(), &export_file).unwrap();
    assert!(second.written.is_empty());
    assert_eq!(second.unchanged.len(), lab_resources().len());
    assert_eq!(
        common::snapshot(&copy.root().join("resources")),
        files_before
    );
}

#[test]
fn an_import_maps_zotero_types_and_fields_and_reports_what_it_could_not() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("{config}{TYPES}"));
    let zotero = r#"[
      {"id": "http://zotero.org/users/1/items/ABCD", "type": "legislation",
       "title": "Modern Slavery Act 2015", "author": [{"literal": "UK Parliament"}],
       "issued": {"date-parts": [["2015", "3", "26"]]}, "URL": "https://www.legislation.gov.uk/ukpga/2015/30",
       "language": "en-GB", "note": "tagged: uk", "accessed": {"date-parts": [[2026, 11, 1]]}},
      {"id": "b", "type": "article-journal", "title": "No type for me", "URL": "https://example.org/"},
      {"id": "c", "type": "report", "title": "No address"}
    ]"#;
    let file = site.root().join("zotero.json");
    std::fs::write(&file, zotero).unwrap();
    let report = praxis::import::import_csl(site.root(), &file).unwrap();
    assert_eq!(report.written.len(), 1, "{report:?}");
    let text = site.read_source("resources/modern-slavery-act-2015.md");
    assert_eq!(
        text,
        "---\ntitle: \"Modern Slavery Act 2015\"\ntype: law\npublisher: \"UK Parliament\"\ndate: \"2015-03-26\"\nurl: \"https://www.legislation.gov.uk/ukpga/2015/30\"\nlanguages: [\"en-GB\"]\nverified: \"2026-11-01\"\n---\n"
    );
    let problems = report.problems.join("\n");
    assert!(
        problems.contains("`Modern Slavery Act 2015`: not mapped: note"),
        "{problems}"
    );
    assert!(
        problems.contains(
            "`No type for me`: the site has no resource type for CSL type `article-journal`"
        ),
        "{problems}"
    );
    assert!(
        problems.contains("`No address`: no URL or DOI"),
        "{problems}"
    );
    site.build_ok();
    assert!(
        site.page("resources/modern-slavery-act-2015")
            .contains("Modern Slavery Act 2015")
    );
}

#[test]
fn attacks_in_a_resources_fields_run_nothing_on_any_page_that_shows_it() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("{config}{TYPES}"));
    site.write(
        RESOURCE,
        "---\ntitle: \"</script><script>alert(1)</script>\"\ntype: law\nurl: https://example.org/?a=<b>\npublisher: \"<img src=x onerror=alert(2)>\"\nsummary: \"\\\" onmouseover=alert(3) \\\"\"\nphases: [planning]\nlicence: \"<svg onload=alert(4)>\"\n---\n<script>alert(5)</script>\n[x](javascript:alert(6))\n",
    );
    site.build_ok();
    for path in [
        "resources",
        "resources/types/law",
        "resources/forced-labour-convention",
        "phases/planning",
    ] {
        let page = site.page(path);
        let found = praxis::html::audit(&page, "/lab/static/");
        assert!(found.is_empty(), "{path}: {found:#?}");
        assert!(!page.contains("<script>alert"), "{path}");
        assert!(!page.contains("<img src=x"), "{path}");
    }
    let page = site.page("resources/forced-labour-convention");
    let ld = json_ld(&page);
    assert_eq!(ld["name"], "</script><script>alert(1)</script>");
}

#[test]
fn a_resource_type_defined_twice_or_with_a_bad_id_is_located_in_site_toml() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!("{config}{TYPES}\n[[resource_types]]\nid = \"law\"\ntitle = \"Again\"\n\n[[resource_types]]\nid = \"Model Clause\"\ntitle = \"Clauses\"\n"),
    );
    let errors = site.build_errors();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"resource type `law` is defined twice"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("invalid resource type id")),
        "{messages:?}"
    );
    assert!(
        errors
            .iter()
            .all(|d| d.location.file.to_string_lossy() == "site.toml" && d.location.line > 0)
    );
}
