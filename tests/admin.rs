//! The web editor for hub leaders (`/admin/`, src/admin.rs): its generated configuration
//! checked against the site it was built from (every phase, term and status offered, every
//! field the loader reads present with the right widget and required flag), a phase added to
//! site.toml offered by the next build, the page's notice when the script is missing, and
//! `[admin]`'s options. The browser test of the editor itself is in tests/browser.rs.

mod common;

use std::collections::BTreeSet;

use common::TestSite;
use praxis::config::Config;
use praxis::diagnostics::Diagnostics;
use serde_json::Value;

fn editor_config(site: &TestSite) -> Value {
    let text = std::fs::read_to_string(site.output().join("admin/config.yml")).expect("config.yml");
    serde_json::from_str(&text).expect("config.yml is JSON, and so YAML")
}

fn site_config(site: &TestSite) -> Config {
    Config::load(site.root(), None, &mut Diagnostics::default()).expect("site.toml")
}

fn collections(config: &Value) -> &Vec<Value> {
    config["collections"].as_array().expect("collections")
}

/// The chapter collections: one per report of every hub.
fn chapter_collections(config: &Value) -> Vec<&Value> {
    collections(config)
        .iter()
        .filter(|c| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("chapters-"))
        })
        .collect()
}

fn field<'a>(collection: &'a Value, name: &str) -> &'a Value {
    collection["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field `{name}` in {}", collection["name"]))
}

fn names(fields: &Value) -> BTreeSet<String> {
    fields
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_owned())
        .filter(|n| n != "body")
        .collect()
}

fn values(field: &Value) -> Vec<String> {
    field["options"]
        .as_array()
        .unwrap_or_else(|| panic!("no options in {field}"))
        .iter()
        .map(|o| o["value"].as_str().expect("value").to_owned())
        .collect()
}

fn set(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|f| (*f).to_owned()).collect()
}

#[test]
fn every_phase_term_and_status_is_offered() {
    let site = TestSite::lab();
    site.build_ok();
    let editor = editor_config(&site);
    let config = site_config(&site);
    let chapters = chapter_collections(&editor);
    // One collection per report of every hub, drafts included.
    assert_eq!(chapters.len(), 4, "{chapters:?}");
    let phases: Vec<String> = config.phases.iter().map(|p| p.id.to_string()).collect();
    for collection in chapters {
        let phase = field(collection, "phase");
        assert_eq!(phase["widget"], "select");
        assert_eq!(phase["multiple"], Value::Null);
        assert_eq!(values(phase), phases, "phase ids are stored");
        let titles: Vec<&str> = phase["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["label"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles[0], "Planning and needs assessment",
            "titles are shown"
        );
        for taxonomy in &config.taxonomies {
            let terms: Vec<String> = taxonomy
                .terms
                .as_ref()
                .expect("the Lab's taxonomies have vocabularies")
                .iter()
                .map(|t| t.id.to_string())
                .collect();
            let widget = field(collection, &taxonomy.id);
            assert_eq!(widget["widget"], "select");
            assert_eq!(
                widget["multiple"], true,
                "{} is a multi-select",
                taxonomy.id
            );
            assert_eq!(values(widget), terms);
        }
        let status = field(collection, "status");
        assert_eq!(values(status), ["draft", "review", "published"]);
        assert_eq!(status["default"], "draft");
    }
}

/// Every field the loader reads (`load::chapter_fields`, `REPORT_FIELDS`, `PAGE_FIELDS`) is a
/// field of the form, with its widget and required flag; the form has no field the loader
/// would refuse.
#[test]
fn every_field_the_loader_reads_has_the_right_widget() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let editor = editor_config(&site);
    let config = site_config(&site);
    let chapter_fields = praxis::load::chapter_fields(&config);
    let chapter_fields: Vec<&str> = chapter_fields.iter().map(String::as_str).collect();
    let collections = collections(&editor);
    let reports = collections.iter().find(|c| c["name"] == "reports").unwrap();
    let pages = collections.iter().find(|c| c["name"] == "pages").unwrap();
    let chapters = chapter_collections(&editor);
    assert_eq!(chapters.len(), 2);
    for collection in &chapters {
        assert_eq!(names(&collection["fields"]), set(&chapter_fields));
        assert_eq!(collection["format"], "frontmatter");
        assert_eq!(collection["extension"], "md");
        assert_eq!(collection["create"], true);
    }
    let alpha = chapters
        .iter()
        .find(|c| c["folder"] == "hubs/alpha/first-report")
        .expect("alpha's report");
    let expected = [
        ("title", "string", true),
        ("phase", "select", true),
        ("order", "number", false),
        ("summary", "text", false),
        ("issues", "select", false),
        ("jurisdictions", "list", false),
        ("status", "select", false),
        ("updated", "datetime", false),
        ("gaps", "list", false),
        ("options", "list", false),
        ("language", "string", false),
        ("aliases", "list", false),
        ("body", "markdown", false),
    ];
    let order: Vec<&str> = alpha["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let expected_order: Vec<&str> = expected.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(order, expected_order, "the front matter's order");
    for (name, widget, required) in expected {
        let f = field(alpha, name);
        assert_eq!(f["widget"], widget, "{name}");
        assert_eq!(f["required"], required, "{name}");
    }
    // Lists hold strings: one text box per gap or option.
    assert_eq!(field(alpha, "gaps")["field"]["widget"], "text");
    assert_eq!(field(alpha, "updated")["format"], "YYYY-MM-DD");

    for file in reports["files"].as_array().unwrap() {
        assert_eq!(names(&file["fields"]), set(praxis::load::REPORT_FIELDS));
        assert_eq!(field(file, "authors")["widget"], "list");
        assert_eq!(field(file, "published")["widget"], "datetime");
        assert_eq!(field(file, "phase")["required"], false, "a report's phase");
        assert_eq!(field(file, "body")["widget"], "markdown");
    }
    let files: Vec<&str> = reports["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "hubs/alpha/first-report/_index.md",
            "hubs/beta/second-report/_index.md"
        ]
    );
    for file in pages["files"].as_array().unwrap() {
        assert_eq!(names(&file["fields"]), set(praxis::load::PAGE_FIELDS));
        assert_eq!(field(file, "draft")["widget"], "boolean");
        assert_eq!(field(file, "date")["widget"], "datetime");
    }
}

/// Each loader field has a widget in src/admin.rs, for any kind: a field added to the loader
/// without one fails here rather than vanishing from the forms.
#[test]
fn no_loader_field_lacks_a_widget() {
    let site = TestSite::lab();
    let config = site_config(&site);
    use praxis::admin::{Kind, field};
    for name in praxis::load::chapter_fields(&config) {
        let kind = Kind::Chapter {
            report_phase: false,
        };
        assert!(
            field(kind, &name, &config).is_some(),
            "chapter field {name}"
        );
    }
    for name in praxis::load::REPORT_FIELDS {
        assert!(
            field(Kind::Report, name, &config).is_some(),
            "report field {name}"
        );
    }
    for name in praxis::load::PAGE_FIELDS {
        assert!(
            field(Kind::Page, name, &config).is_some(),
            "page field {name}"
        );
    }
}

#[test]
fn a_phase_or_term_added_to_site_toml_is_offered_by_the_next_build() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    assert!(
        !values(field(
            chapter_collections(&editor_config(&site))[0],
            "phase"
        ))
        .contains(&"award".to_owned())
    );
    let toml = site.read_source("site.toml").replace(
        "  { id = \"child-labour\", title = \"Child labour\" },\n",
        "  { id = \"child-labour\", title = \"Child labour\" },\n  { id = \"land\", title = \"Land\" },\n",
    );
    site.write(
        "site.toml",
        &format!("{toml}\n[[phases]]\nid = \"award\"\ntitle = \"Award\"\n"),
    );
    site.build_ok();
    let editor = editor_config(&site);
    for collection in chapter_collections(&editor) {
        assert_eq!(
            values(field(collection, "phase")),
            ["planning", "risk-assessment", "remedy", "award"]
        );
        assert_eq!(
            values(field(collection, "issues")),
            ["forced-labour", "child-labour", "land"]
        );
    }
}

#[test]
fn a_new_chapter_is_numbered_after_the_last_and_a_report_with_a_phase_makes_it_optional() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/first-report/_index.md",
        "---\ntitle: \"First report\"\nphase: planning\n---\nIntro.\n",
    );
    site.build_ok();
    let editor = editor_config(&site);
    let alpha = chapter_collections(&editor)
        .into_iter()
        .find(|c| c["folder"] == "hubs/alpha/first-report")
        .unwrap();
    assert_eq!(alpha["slug"], "03-{{slug}}", "after 01- and 02-");
    assert_eq!(field(alpha, "phase")["required"], false);
    let beta = chapter_collections(&editor)
        .into_iter()
        .find(|c| c["folder"] == "hubs/beta/second-report")
        .unwrap();
    assert_eq!(field(beta, "phase")["required"], true);
}

#[test]
fn without_the_script_the_page_says_how_to_install_it() {
    let site = TestSite::fixture("minimal");
    let built = site.build_ok();
    let page = std::fs::read_to_string(site.output().join("admin/index.html")).unwrap();
    assert!(page.contains("scripts/install-editor"), "{page}");
    assert!(!page.contains("<script"), "nothing to load: {page}");
    assert!(!page.contains("id=\"editor-missing\" hidden"));
    assert!(
        built
            .editor_missing
            .as_ref()
            .is_some_and(|w| w.contains("scripts/install-editor")),
        "{:?}",
        built.editor_missing
    );
    // Content warnings are untouched: --deny-warnings does not fail for a missing editor,
    // and the command line says what to do.
    assert!(built.diagnostics.is_empty());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["build", "--deny-warnings", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .expect("praxis runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: the web editor's script is not installed")
            && stderr.contains("run scripts/install-editor"),
        "{stderr}"
    );
}

#[test]
fn the_installed_script_is_copied_and_loaded_from_the_site_itself() {
    let site = TestSite::fixture("minimal");
    let dist = site.root().join("editor-dist");
    std::fs::create_dir_all(&dist).unwrap();
    for name in [
        "decap-cms.js",
        "12.decap-cms.js",
        "decap-cms.js.map",
        "cms.js",
    ] {
        std::fs::write(dist.join(name), "/* script */").unwrap();
    }
    let toml = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!(
            "{toml}\n[admin]\neditor_dir = \"editor-dist\"\nsite_domain = \"lab-auth.netlify.app\"\n"
        ),
    );
    let built = site.build_ok();
    assert_eq!(built.editor_missing, None);
    let admin = site.output().join("admin");
    assert!(admin.join("decap-cms.js").is_file());
    assert!(admin.join("12.decap-cms.js").is_file());
    assert!(!admin.join("decap-cms.js.map").exists(), "no source maps");
    assert!(!admin.join("cms.js").exists(), "only Decap's own bundle");
    let page = std::fs::read_to_string(admin.join("index.html")).unwrap();
    assert!(
        page.contains("<script src=\"/lab/admin/decap-cms.js\""),
        "{page}"
    );
    assert!(
        !page.contains("https://"),
        "nothing from another host: {page}"
    );
    assert!(page.contains("id=\"editor-missing\""));
    assert!(
        page.contains("CMS.registerPreviewStyle(\"/lab/static/style.css\")"),
        "the preview uses the site's own stylesheet: {page}"
    );
    let editor = editor_config(&site);
    assert_eq!(editor["backend"]["site_domain"], "lab-auth.netlify.app");
    assert_eq!(editor["publish_mode"], "editorial_workflow");
    // The link check knows these files by name without making them.
    let (loaded, _) = praxis::load::load(&praxis::load::LoadOptions {
        root: site.root().to_path_buf(),
        drafts: false,
        base_url: None,
    });
    let loaded = loaded.expect("loads");
    let mut made: Vec<String> = praxis::admin::files(&loaded)
        .iter()
        .map(|f| f.path().to_owned())
        .collect();
    made.push("admin/".to_owned());
    assert_eq!(praxis::admin::paths(&loaded), made);
}

#[test]
fn the_editor_can_move_or_be_turned_off() {
    let site = TestSite::fixture("minimal");
    let toml = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!(
            "repository = \"https://github.com/lab/site\"\nbranch = \"live\"\n{toml}\n[admin]\npath = \"editor\"\n"
        ),
    );
    site.build_ok();
    assert!(site.output().join("editor/index.html").is_file());
    assert!(!site.output().join("admin").exists());
    let text = std::fs::read_to_string(site.output().join("editor/config.yml")).unwrap();
    let editor: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(editor["backend"]["repo"], "lab/site");
    assert_eq!(editor["backend"]["branch"], "live");

    site.write("site.toml", &format!("{toml}\n[admin]\nenabled = false\n"));
    site.build_ok();
    assert!(!site.output().join("admin").exists());
    assert!(!site.output().join("editor").exists());

    site.write(
        "site.toml",
        &format!("{toml}\n[admin]\npath = \"search\"\n"),
    );
    let errors = site.build_errors();
    assert!(
        errors[0].message.contains("invalid [admin] path"),
        "{}",
        errors[0].message
    );
}

#[test]
fn the_install_script_pins_the_version_the_code_names() {
    let script =
        std::fs::read_to_string(common::repo_root().join("scripts/install-editor")).unwrap();
    assert!(
        script.contains("DECAP_VERSION"),
        "it reads the version from src/admin.rs"
    );
    let source = std::fs::read_to_string(common::repo_root().join("src/admin.rs")).unwrap();
    assert!(source.contains(&format!(
        "pub const DECAP_VERSION: &str = \"{}\";",
        praxis::admin::DECAP_VERSION
    )));
}
