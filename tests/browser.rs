//! What readers see, in a real browser: the built Lab site served over HTTP under a base path
//! and driven by headless Chromium (Debian's `chromium`) through puppeteer-core. The browser
//! scripts live in `tests/browser/`; `scripts/test` installs Chromium and the npm packages.
//! `search.mjs` drives the search, `a11y.mjs` runs axe-core (WCAG 2.1 A and AA, best practices)
//! over every kind of page in both colour schemes at 320 and 1280 pixels, and `print.mjs`
//! prints a report's print view to PDF, `attacks.mjs` opens pages built from a chapter
//! full of attacks and checks that nothing in them can run, and `redirect.mjs` follows an
//! alias's redirect page with JavaScript turned off. `editor.mjs` adds a chapter in the web
//! editor (`/admin/`, Decap CMS) against decap-server, Decap's local back end, and
//! `resources.mjs` filters the resource library, `survey.mjs` filters and sorts the survey's matrix.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;

/// A static file server (Python's http.server) over `dir`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 serves the site");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, port }
    }
}

/// A free port on the loopback interface.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// decap-server (Decap CMS's local back end, from the npm registry) writing into `repo`,
/// stopped when dropped.
struct DecapServer {
    child: Child,
    port: u16,
}

impl DecapServer {
    fn start(repo: &Path) -> DecapServer {
        let port = free_port();
        let child = Command::new("node")
            .arg(browser_dir().join("node_modules/decap-server/dist/index.js"))
            .current_dir(repo)
            .env("PORT", port.to_string())
            .env("BIND_HOST", "127.0.0.1")
            .env("MODE", "fs")
            .env("GIT_REPO_DIRECTORY", repo)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs decap-server");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "decap-server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        DecapServer { child, port }
    }
}

impl Drop for DecapServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The editor's script (Decap CMS, pinned), installed by scripts/install-editor when missing.
fn editor_script() -> PathBuf {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    let repo = common::repo_root();
    INSTALL.call_once(|| {
        let status = Command::new(repo.join("scripts/install-editor"))
            .status()
            .expect("scripts/install-editor runs");
        assert!(status.success(), "scripts/install-editor failed");
    });
    repo.join("target/editor/node_modules/decap-cms/dist")
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn browser_dir() -> PathBuf {
    common::repo_root().join("tests/browser")
}

/// Install puppeteer-core and axe-core once (never a browser of its own). The tests run in
/// parallel threads: one installs, the others wait for it.
fn npm_packages() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(install_npm_packages);
}

fn install_npm_packages() {
    if ["puppeteer-core", "axe-core", "decap-server"]
        .iter()
        .all(|package| browser_dir().join("node_modules").join(package).is_dir())
    {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--silent", "--no-audit", "--no-fund", "--prefix"])
        .arg(browser_dir())
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        .status()
        .expect("npm runs");
    assert!(status.success(), "npm ci in tests/browser failed");
}

/// The Lab's site built for `http://127.0.0.1:PORT/lab/` and served.
fn served_lab_site() -> (TestSite, Server, String) {
    served_lab_site_with(|_| {})
}

/// The same, after `edit` changed the copy of the sources.
fn served_lab_site_with(edit: impl FnOnce(&TestSite)) -> (TestSite, Server, String) {
    assert!(
        Path::new("/usr/bin/chromium").is_file() || std::env::var_os("CHROMIUM").is_some(),
        "Chromium is missing: run scripts/test, which installs Debian's chromium"
    );
    npm_packages();
    let site = TestSite::lab();
    edit(&site);
    let www = site.root().join("www");
    std::fs::create_dir_all(&www).unwrap();
    let server = Server::start(&www);
    let base = format!("http://127.0.0.1:{}/lab/", server.port);
    let mut options = site.options();
    options.output = www.join("lab");
    options.base_url = Some(base.clone());
    praxis::build(&options).expect("the Lab's site builds");
    (site, server, base)
}

fn run_script(script: &str, args: &[&str]) {
    let out = Command::new("node")
        .arg(browser_dir().join(script))
        .args(args)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{script} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn searching_finds_a_chapter_and_hub_and_taxonomy_filters_narrow_the_results() {
    let (_site, _server, base) = served_lab_site();
    run_script(
        "search.mjs",
        &[
            "--base-url",
            &base,
            "--query",
            "monitoring",
            "--expect-title",
            "Contract clauses and monitoring for garment supply chains",
            "--hub",
            "apparel",
            "--taxonomy",
            "jurisdictions=european-union",
            // Its stem, `assess`, is shorter than "assessm", "assessme" and "assessmen".
            "--typing",
            "assessment",
        ],
    );
    // A word from another hub's chapter, stemmed differently from the query.
    run_script(
        "search.mjs",
        &[
            "--base-url",
            &base,
            "--query",
            "monitored",
            "--expect-title",
            "Contract conditions and independent monitoring for ICT hardware",
            "--hub",
            "electronics",
            "--taxonomy",
            "issues=child-labour",
            "--typing",
            "termination",
        ],
    );
    // A resource, narrowed by the resource type filter.
    run_script(
        "search.mjs",
        &[
            "--base-url",
            &base,
            "--query",
            "forced labour",
            "--expect-title",
            "Regulation (EU) 2024/3015 on prohibiting products made with forced labour on the Union market",
            "--taxonomy",
            "type=law",
        ],
    );
}

/// A site in French: the browser loads the French stemmer named by `meta.json` and finds a
/// word under its stem, typed with its accents and capitals, without its stop words, and
/// while it is being typed.
#[test]
fn a_french_index_is_searched_with_the_french_stemmer() {
    let (_site, _server, base) = served_lab_site_with(|site| {
        let config = site.read_source("site.toml");
        assert!(
            config.contains("\nlanguage = \"en\"\n"),
            "the Lab is in English"
        );
        // A site in French alone: the Lab's translations and other languages left out.
        let config = match (config.find("\n[[languages]]"), config.find("\n[[phases]]")) {
            (Some(start), Some(end)) => format!("{}{}", &config[..start], &config[end..]),
            _ => config,
        };
        site.write(
            "site.toml",
            &config.replace("\nlanguage = \"en\"\n", "\nlanguage = \"fr\"\n"),
        );
        for translation in walkdir::WalkDir::new(site.root().join("hubs"))
            .into_iter()
            .chain(walkdir::WalkDir::new(site.root().join("content")))
            .filter_map(Result::ok)
            .filter(|e| praxis::load::tree::translation_of(e.path()).is_some())
        {
            std::fs::remove_file(translation.path()).unwrap();
        }
        // At the start of the bodies of chapters of two hubs, so that the hub filter has
        // results to narrow and each result's snippet holds the words.
        for chapter in [
            "hubs/apparel/public-buyers-and-garment-supply-chains/05-contract-monitoring.md",
            "hubs/electronics/responsible-ict-procurement/05-contract-monitoring.md",
        ] {
            let text = site.read_source(chapter);
            let (front, body) = text[4..].split_once("\n---\n").expect("front matter");
            let french = "La continuité des évaluations sociales des fournisseurs.";
            site.write(chapter, &format!("---\n{front}\n---\n{french}\n\n{body}"));
        }
    });
    run_script(
        "search.mjs",
        &[
            "--base-url",
            &base,
            // "des" is a French stop word, not an English one: the English analyser would
            // look for a term `de` that the index does not have.
            "--query",
            "Évaluation des fournisseurs",
            "--expect-title",
            "Contract clauses and monitoring for garment supply chains",
            "--hub",
            "apparel",
            // Its term, `continu`, is shorter than "continui" and "continuit".
            "--typing",
            "continuité",
        ],
    );
}

/// The Lab's French tree under a base path: a French query in another word form finds the
/// French chapter, results only in English are pointed to, an untranslated page says so.
#[test]
fn the_french_tree_searches_in_french_and_says_what_is_not_translated() {
    let (_site, _server, base) = served_lab_site();
    run_script(
        "translations.mjs",
        &[
            "--base-url",
            &base,
            "--language",
            "fr",
            // The chapter says "travailleurs"; Snowball's French gives both `travaill`.
            "--query",
            "travailleur",
            "--expect-title",
            "Planifier les achats d'uniformes et de vêtements de travail",
            "--elsewhere",
            "subcontracting",
            "--untranslated",
            "hubs/apparel/public-buyers-and-garment-supply-chains/award/",
        ],
    );
}

#[test]
fn every_kind_of_page_passes_axe_in_both_colour_schemes_at_320_and_1280_pixels() {
    let (_site, _server, base) = served_lab_site();
    run_script("a11y.mjs", &["--base-url", &base]);
}

#[test]
fn a_reports_print_view_prints_every_chapter_to_pdf_without_navigation() {
    let (_site, _server, base) = served_lab_site();
    run_script(
        "print.mjs",
        &[
            "--base-url",
            &base,
            "--report",
            "hubs/apparel/public-buyers-and-garment-supply-chains/",
        ],
    );
}

/// The Lab's chapters have no code, but other sites' will: highlighted code must pass axe too
/// (contrast of every token colour in both schemes, keyboard access to a scrolling block).
#[test]
fn a_chapter_with_highlighted_code_passes_axe() {
    let chapter = "hubs/apparel/public-buyers-and-garment-supply-chains/01-planning.md";
    let (_site, _server, base) = served_lab_site_with(|site| {
        let text = site.read_source(chapter)
            + "\n```rust\n// A comment, once too faint to read.\nfn award(bid: &Bid) -> bool { bid.audited && bid.score > 0.75 }\n```\n\n```toml\n# settings\nclause = \"termination for forced labour\"\n```\n";
        site.write(chapter, &text);
    });
    run_script(
        "a11y.mjs",
        &[
            "--base-url",
            &base,
            "--page",
            "hubs/apparel/public-buyers-and-garment-supply-chains/planning/",
        ],
    );
}

/// Author text never runs in a reader's browser, judged by Chromium's own parser: a chapter
/// holding every attack of `tests/trust.rs` (in its body, a gap and an option), and the
/// pages that show it, open, hover, focus and click without a single script running.
#[test]
fn a_chapter_full_of_attacks_runs_nothing_in_a_browser() {
    let report = "hubs/apparel/public-buyers-and-garment-supply-chains";
    let (_site, _server, base) = served_lab_site_with(|site| {
        let mut text = String::from(
            "---\ntitle: \"Attack\"\nphase: remedy\nsummary: \"<script>alert(1)</script>\"\ngaps:\n  - \"[x](javascript:alert(1)) <img src=x onerror=alert(1)>\"\noptions:\n  - \"<a href='jav&#x61;script:alert(1)'>y</a>\"\n---\n## Findings\n\n",
        );
        for attack in [
            "[a](javascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a](jav&#x61;script:alert(1))",
            "[a](java&#9;script:alert(1))",
            "<javascript:alert(1)>",
            "[a][evil]",
            "![a](javascript:alert(1))",
            "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[a](vbscript:msgbox(1))",
            "<a href=\"javascript:alert(1)\" onmouseover=\"alert(1)\">a</a>",
            "<script>alert(1)</script>",
            "<img src=\"x\" onerror=\"alert(1)\" alt=\"x\">",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        ] {
            text.push_str(attack);
            text.push_str("\n\n");
        }
        text.push_str("[evil]: javascript:alert(1)\n");
        site.write(&format!("{report}/09-attack.md"), &text);
    });
    let pages = [
        format!("{report}/attack/"),
        format!("{report}/print/"),
        format!("{report}/"),
        "phases/remedy/".to_owned(),
        "synthesis/".to_owned(),
    ];
    let mut args = vec!["--base-url", base.as_str()];
    for page in &pages {
        args.extend(["--page", page.as_str()]);
    }
    run_script("attacks.mjs", &args);
}

/// A chapter renamed with `aliases:` keeps its old address: a reader who opens it, in a
/// browser with JavaScript off, ends up on the chapter's new page.
#[test]
fn an_old_address_kept_by_an_alias_leads_the_browser_to_the_new_page() {
    let chapter = "hubs/apparel/public-buyers-and-garment-supply-chains/04-award.md";
    let (_site, _server, base) = served_lab_site_with(|site| {
        let text = site.read_source(chapter).replacen(
            "---\n",
            "---\naliases: [hubs/apparel/old-report/evaluation/]\n",
            1,
        );
        site.write(chapter, &text);
    });
    run_script(
        "redirect.mjs",
        &[
            "--base-url",
            &base,
            "--from",
            "hubs/apparel/old-report/evaluation/",
            "--to",
            "hubs/apparel/public-buyers-and-garment-supply-chains/award/",
        ],
    );
}

/// A hub leader adds a chapter through the editor's forms alone (a phase and a term picked by
/// title, the status, today's date, a gap and an option, the text), on a copy of the minimal
/// site; the file the editor wrote is named `NN-slug.md` after the report's last chapter and
/// passes `praxis check` with the values picked.
#[test]
fn a_chapter_added_through_the_editors_forms_passes_the_check() {
    assert!(
        Path::new("/usr/bin/chromium").is_file() || std::env::var_os("CHROMIUM").is_some(),
        "Chromium is missing: run scripts/test, which installs Debian's chromium"
    );
    npm_packages();
    let script = editor_script();
    let site = TestSite::fixture("minimal");
    let toml = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!(
            "{toml}\n[admin]\neditor_dir = {:?}\n",
            script.display().to_string()
        ),
    );
    let www = site.root().join("www");
    std::fs::create_dir_all(&www).unwrap();
    let server = Server::start(&www);
    let base = format!("http://127.0.0.1:{}/lab/", server.port);
    let mut options = site.options();
    options.output = www.join("lab");
    options.base_url = Some(base.clone());
    let built = praxis::build(&options).expect("the site builds");
    assert_eq!(built.editor_missing, None);
    // The site's sources (not its built copy) are what decap-server edits.
    let decap = DecapServer::start(site.root());
    let config = www.join("lab/admin/config.yml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "\"local_backend\": true",
        &format!(
            "\"local_backend\": {{ \"url\": \"http://127.0.0.1:{}/api/v1\" }}",
            decap.port
        ),
    );
    std::fs::write(&config, text).unwrap();
    run_script(
        "editor.mjs",
        &[
            "--admin-url",
            &format!("{base}admin/"),
            "--collection",
            "chapters-alpha-first-report",
            "--title",
            "Contract award",
            "--phase",
            "Risk assessment",
            "--issue",
            "Forced labour",
            "--status",
            "Under review (published with a notice)",
        ],
    );
    drop(decap);
    let written = "hubs/alpha/first-report/03-contract-award.md";
    let source = site.read_source(written);
    let (loaded, diagnostics) = praxis::check(site.root(), false);
    assert!(
        diagnostics.is_empty(),
        "{}\n{source}",
        common::render(&diagnostics)
    );
    let loaded = loaded.expect("the site loads");
    let chapter = loaded
        .chapters
        .iter()
        .find(|c| c.source == Path::new(written))
        .unwrap_or_else(|| panic!("{written} is a chapter of the site:\n{source}"));
    assert_eq!(chapter.title, "Contract award");
    assert_eq!(chapter.phase.as_str(), "risk-assessment");
    assert_eq!(chapter.status, praxis::model::Status::Review);
    assert_eq!(chapter.terms["issues"][0].as_str(), "forced-labour");
    assert_eq!(chapter.gaps.len(), 1, "{source}");
    assert_eq!(chapter.options.len(), 1, "{source}");
    assert!(chapter.updated.is_some(), "{source}");
    assert!(
        !source.contains("order:"),
        "empty fields are left out: {source}"
    );
}

/// How many of the Lab's resources have every `key: [.. value ..]` in their front matter.
fn lab_resources_with(pairs: &[(&str, &str)]) -> usize {
    let dir = common::repo_root().join("resources");
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            pairs.iter().all(|(key, value)| {
                text.lines().any(|line| {
                    line.strip_prefix(&format!("{key}: ")).is_some_and(|v| {
                        v.trim_matches(['[', ']'])
                            .split(',')
                            .any(|item| item.trim() == *value)
                    })
                })
            })
        })
        .count()
}

#[test]
fn the_resource_library_filters_in_the_browser_and_lists_everything_without_javascript() {
    let (_site, _server, base) = served_lab_site();
    for pairs in [
        [("type", "law"), ("jurisdictions", "european-union")],
        [("phases", "remedy"), ("hubs", "private-security")],
    ] {
        let expected = lab_resources_with(&pairs);
        assert!(expected > 0, "{pairs:?} selects nothing");
        let filters: Vec<String> = pairs
            .iter()
            .map(|(key, value)| {
                let name = match *key {
                    "phases" => "phase".to_owned(),
                    "hubs" => "hub".to_owned(),
                    "type" => "type".to_owned(),
                    taxonomy => format!("t-{taxonomy}"),
                };
                format!("--filter={name}={value}")
            })
            .collect();
        let expect = format!("--expect={expected}");
        let mut args = vec!["--base-url", &base, &expect];
        args.extend(filters.iter().map(String::as_str));
        run_script("resources.mjs", &args);
    }
}

/// How many of the Lab's jurisdictions answer `question` with `value` (read from the YAML).
fn lab_jurisdictions_answering(question: &str, value: &str) -> usize {
    let dir = common::repo_root().join("survey/jurisdictions");
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            let file: serde_json::Value =
                serde_saphyr::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
            file["answers"][question]["value"] == value
        })
        .count()
}

#[test]
fn the_survey_matrix_filters_and_sorts_in_the_browser_and_is_whole_without_javascript() {
    let (_site, _server, base) = served_lab_site();
    let expected = lab_jurisdictions_answering("hrdd-law", "yes");
    assert!(expected > 0, "no jurisdiction answers yes");
    let expect = format!("--expect={expected}");
    run_script(
        "survey.mjs",
        &[
            "--base-url",
            &base,
            "--section=legal-framework",
            "--question=hrdd-law",
            "--value=yes",
            &expect,
        ],
    );
}
