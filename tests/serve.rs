//! `praxis serve` as a maintainer uses it: start it on a free port, open pages, edit a chapter
//! and see the browser told to reload with the new page served, break the front matter and see
//! the old page still served with the error sent to the browser, edit another chapter and see
//! the error still reported, fix it and get exactly what a full build gives, rename a folder,
//! save during the first build, and try to read files outside the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::TestSite;

const LIVE_TAG: &str = "<script src=\"/__praxis/live.js\"></script>";

struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        Server::start_at(site.root())
    }

    fn start_at(root: &Path) -> Server {
        let mut server = Server::spawn(root);
        server.wait_ready();
        server
    }

    /// Start `praxis serve` without waiting for its first build.
    // The child is waited for in `Drop`.
    #[allow(clippy::zombie_processes)]
    fn spawn(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_praxis"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .expect("praxis serve starts");
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Server {
            child,
            port: 0,
            log,
        }
    }

    /// Wait for the first build to end and the server to print its address.
    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let line = self
                .log
                .recv_timeout(left)
                .expect("the server prints its address");
            if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
                self.port = rest.split('/').next().unwrap().parse().expect("a port");
                return;
            }
        }
        panic!("the server never printed its address");
    }

    /// A raw request, so that paths reach the server exactly as written.
    fn get(&self, path: &str) -> (u16, String) {
        let (status, body) = self.get_bytes(path);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("response");
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head = String::from_utf8_lossy(&response[..split]);
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (
            status,
            response.get(split + 4..).unwrap_or_default().to_vec(),
        )
    }

    /// Ask for `path` until its body contains `text`.
    fn wait_for(&self, path: &str, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, body) = self.get(path);
            if body.contains(text) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {text:?}; it shows:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Subscribe to the live-reload events.
    fn events(&self) -> mpsc::Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__praxis/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            let mut data = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line
                    .strip_prefix("event: ")
                    .or_else(|| line.strip_prefix("event:"))
                {
                    event = name.trim().to_owned();
                } else if let Some(d) = line
                    .strip_prefix("data: ")
                    .or_else(|| line.strip_prefix("data:"))
                {
                    if !data.is_empty() {
                        data.push('\n');
                    }
                    data.push_str(d);
                } else if line.is_empty()
                    && !event.is_empty()
                    && tx
                        .send((std::mem::take(&mut event), std::mem::take(&mut data)))
                        .is_err()
                {
                    break;
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The state a page is told when it connects: `("good", warnings)` or `("failed", errors)`.
fn state(events: &mpsc::Receiver<(String, String)>) -> (String, String) {
    let json = next_event(events, "state");
    let value: serde_json::Value = serde_json::from_str(&json).expect("the state is JSON");
    let build = value["build"].as_str().expect("a build state").to_owned();
    let text = match build.as_str() {
        "good" => &value["warnings"],
        _ => &value["errors"],
    };
    (build, text.as_str().expect("a text").to_owned())
}

/// No event named `name` arrives within a second, while the server is otherwise quiet.
fn no_event(events: &mpsc::Receiver<(String, String)>, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(1);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if let Ok((event, data)) = events.recv_timeout(left) {
            assert_ne!(event, name, "unexpected `{name}` event: {data}");
        }
    }
}

fn next_event(events: &mpsc::Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok((event, data)) if event == name => return data,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event");
}

#[test]
fn edits_reload_the_page_and_broken_edits_keep_the_last_good_build() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);
    let chapter_url = "/hubs/alpha/first-report/planning/";
    let (status, page) = server.get(chapter_url);
    assert_eq!(status, 200);
    assert!(page.contains("Planning starts early."));
    assert!(
        page.contains("<script src=\"/__praxis/live.js\"></script></body>"),
        "the live-reload script is injected"
    );
    assert_eq!(server.get("/__praxis/live.js").0, 200);
    assert!(!site.output().exists(), "serve never writes public/");

    let events = server.events();
    assert_eq!(
        state(&events),
        ("good".into(), String::new()),
        "no errors or warnings to begin with"
    );

    // Edit: the browser is told to reload, and the page has the change.
    let source = "hubs/alpha/first-report/01-planning.md";
    let good = site.read_source(source);
    site.write(
        source,
        &good.replace(
            "Planning starts early.",
            "Planning starts at the needs assessment.",
        ),
    );
    next_event(&events, "reload");
    assert!(
        server
            .get(chapter_url)
            .1
            .contains("Planning starts at the needs assessment.")
    );

    // Break the front matter: the old page stays, the error reaches the browser.
    site.write(source, &good.replace("phase: planning", "phase: planing"));
    let errors = next_event(&events, "errors");
    assert!(errors.contains("unknown phase `planing`"), "{errors}");
    assert!(
        errors.contains("hubs/alpha/first-report/01-planning.md:3:8"),
        "{errors}"
    );
    let (status, page) = server.get(chapter_url);
    assert_eq!(status, 200);
    assert!(
        page.contains("Planning starts at the needs assessment."),
        "the last good build is still served"
    );
    assert!(
        errors.contains("your files are saved"),
        "the overlay says the file is saved: {errors}"
    );
    // A page opened now learns about the errors at once.
    let late = server.events();
    let (build, text) = state(&late);
    assert_eq!(build, "failed");
    assert!(text.contains("unknown phase"), "{text}");

    // Fix it: the overlay clears (the page reloads).
    site.write(
        source,
        &good.replace("Planning starts early.", "Planning starts with a plan."),
    );
    next_event(&events, "fixed");
    assert!(
        server
            .get(chapter_url)
            .1
            .contains("Planning starts with a plan.")
    );

    // A stylesheet change swaps the CSS without a reload.
    // The site overrides the built-in stylesheet with its own, in a folder it creates now:
    // a new folder reloads everything; from then on the folder is watched.
    let css = "static/style.css";
    let built_in = std::fs::read_to_string(common::repo_root().join("src/theme/static/style.css"))
        .expect("the built-in stylesheet");
    site.write(css, &built_in);
    next_event(&events, "reload");
    assert_eq!(server.get("/static/style.css").1, built_in);
    site.write(css, &(built_in + "\n/* edited */\n"));
    next_event(&events, "css");
    assert!(
        server
            .get("/static/style.css")
            .1
            .ends_with("/* edited */\n")
    );
    while server.log.try_recv().is_ok() {}
}

/// The minimal site in `outer/site`, with a secret file beside it and one inside the site's
/// root (not a source of any page).
fn site_with_secrets() -> (tempfile::TempDir, std::path::PathBuf) {
    let outer = tempfile::tempdir().expect("temp dir");
    let root = outer.path().join("site");
    common::copy_dir(&common::repo_root().join("tests/sites/minimal"), &root);
    std::fs::write(outer.path().join("secret.txt"), "SECRET-BESIDE-THE-SITE").unwrap();
    std::fs::write(root.join("secret.txt"), "SECRET-IN-THE-ROOT").unwrap();
    (outer, root)
}

#[test]
fn paths_outside_the_site_and_missing_pages_get_the_404_page() {
    let (outer, root) = site_with_secrets();
    let server = Server::start_at(&root);
    let outer_path = outer.path().to_string_lossy().into_owned();
    let mut paths: Vec<String> = [
        "/../secret.txt",
        "/../site/secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/hubs/..%2f..%2fsecret.txt",
        "/hubs/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/hubs%2falpha%2fhub.yaml",
        "/..\\secret.txt",
        "/hubs\\..\\..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/static/../../secret.txt",
        "/static/../../../secret.txt",
        "//secret.txt",
        "/secret.txt",
        "/site.toml",
        "/hubs/alpha/hub.yaml",
        "/hubs/alpha/first-report/01-planning.md",
        "/templates/base.html",
        "/no/such/page/",
        // Absolute paths, plain and encoded, and the absolute form of a request target.
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "http://localhost/../secret.txt",
        "/C:%5cWindows%5cwin.ini",
        "/%00/secret.txt",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.push(format!("/{outer_path}/secret.txt"));
    paths.push(format!("/{}/secret.txt", outer_path.replace('/', "%2f")));
    paths.push(format!("/{}/site/site.toml", outer_path));
    for path in &paths {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            body.contains("Page not found"),
            "{path} should get the site's 404 page"
        );
        for secret in [
            "SECRET-BESIDE-THE-SITE",
            "SECRET-IN-THE-ROOT",
            "base_url",
            "root:x:0",
        ] {
            assert!(!body.contains(secret), "{path} leaked {secret}");
        }
    }
    // `..` is refused even where it would stay inside the site: browsers never send it.
    assert_eq!(server.get("/hubs/alpha/../../index.html").0, 404);
    assert_eq!(server.get("/index.html").0, 200);
    // Folders answer with their index, never a listing; content types are right.
    assert_eq!(server.get("/hubs/alpha/").0, 200);
    assert_eq!(server.get("/hubs/alpha").0, 301);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /static/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response
            .to_ascii_lowercase()
            .contains("content-type: text/css"),
        "{response}"
    );
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = TestSite::fixture("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port 0"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let site = TestSite::fixture("minimal");
    let mut server = Server::start(&site);
    assert_eq!(server.get("/").0, 200);
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(server.child.id() as i32, libc::SIGINT) };
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let said: Vec<String> = server.log.try_iter().collect();
    assert!(said.iter().any(|l| l == "stopped"), "{said:?}");
}

/// Every file a full `praxis build` of the same sources (with drafts, for this server's
/// address) writes is served, byte for byte; pages differ only by the live-reload script.
fn assert_serves_a_full_build(server: &Server, root: &Path) {
    let out = tempfile::tempdir().expect("temp dir");
    let output = out.path().join("public");
    let built = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["build", "--drafts", "--base-url"])
        .arg(format!("http://127.0.0.1:{}/", server.port))
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&output)
        .output()
        .expect("praxis build runs");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let files = common::snapshot(&output);
    assert!(files.len() > 20, "{} files", files.len());
    for (rel, bytes) in &files {
        // Hidden files are the build's own bookkeeping, never part of the site.
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let (status, served) = server.get_bytes(&format!("/{rel}"));
        assert_eq!(status, 200, "/{rel}");
        let served = if rel.ends_with(".html") {
            String::from_utf8_lossy(&served)
                .replacen(LIVE_TAG, "", 1)
                .into_bytes()
        } else {
            served
        };
        assert!(&served == bytes, "/{rel} differs from a full build");
    }
}

#[test]
fn an_edit_elsewhere_never_clears_the_errors_of_a_broken_chapter() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);
    let events = server.events();
    assert_eq!(state(&events).0, "good");
    let risk = "hubs/alpha/first-report/02-risk.md";
    let planning = "hubs/beta/second-report/01-planning.md";
    let good_risk = site.read_source(risk);

    // Break chapter A.
    site.write(
        risk,
        &good_risk.replace("phase: risk-assessment", "phase: risk-asessment"),
    );
    let errors = next_event(&events, "errors");
    assert!(errors.contains(&format!("{risk}:3:8")), "{errors}");

    // Edit chapter B, validly: A's error is reported again, nothing is "fixed" and B's page
    // stays the last good build's.
    site.write(
        planning,
        &site
            .read_source(planning)
            .replace("Beta screens every purchase.", "Beta screens every tender."),
    );
    let errors = next_event(&events, "errors");
    assert!(
        errors.contains("unknown phase `risk-asessment`"),
        "{errors}"
    );
    no_event(&events, "fixed");
    let (_, page) = server.get("/hubs/beta/second-report/planning/");
    assert!(page.contains("Beta screens every purchase."));
    // A page opened now is still told the build is broken.
    let late = server.events();
    let (build, text) = state(&late);
    assert_eq!(build, "failed");
    assert!(text.contains(&format!("{risk}:3:8")), "{text}");

    // Fix A: cleared, for the open page and for a new one, and B's edit is there.
    site.write(risk, &good_risk);
    next_event(&events, "fixed");
    assert_eq!(state(&server.events()), ("good".into(), String::new()));
    assert!(
        server
            .get("/hubs/beta/second-report/planning/")
            .1
            .contains("Beta screens every tender.")
    );
    assert_serves_a_full_build(&server, site.root());
}

#[test]
fn warnings_reach_the_browser() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);
    let events = server.events();
    assert_eq!(state(&events), ("good".into(), String::new()));
    let risk = "hubs/alpha/first-report/02-risk.md";
    let good = site.read_source(risk);
    site.write(
        risk,
        &good
            .replace("gaps:\n  - \"Audits miss the lower tiers.\"\n", "")
            .replace("options:\n  - \"Use worker-driven monitoring.\"\n", ""),
    );
    let warnings = next_event(&events, "warnings");
    assert!(
        warnings.contains("lists no gaps and no options"),
        "{warnings}"
    );
    assert!(warnings.contains(risk), "{warnings}");
    let (build, text) = state(&server.events());
    assert_eq!(build, "good");
    assert_eq!(text, warnings, "a new page is told the same warnings");

    // Fixed: the warnings go.
    site.write(risk, &good);
    assert_eq!(next_event(&events, "warnings"), "");
}

#[test]
fn a_renamed_report_folder_moves_every_link_to_it() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);
    let events = server.events();
    assert!(
        server
            .get("/hubs/alpha/")
            .1
            .contains("/hubs/alpha/first-report/")
    );
    std::fs::rename(
        site.root().join("hubs/alpha/first-report"),
        site.root().join("hubs/alpha/renamed-report"),
    )
    .unwrap();
    next_event(&events, "reload");
    let hub = server.wait_for("/hubs/alpha/", "/hubs/alpha/renamed-report/");
    assert!(!hub.contains("/hubs/alpha/first-report/"), "{hub}");
    // The reload may come before the last listings: wait for the search page's and home
    // page's, then compare everything.
    server.wait_for("/", "/hubs/alpha/renamed-report/");
    assert_eq!(server.get("/hubs/alpha/renamed-report/planning/").0, 200);
    assert_eq!(server.get("/hubs/alpha/first-report/planning/").0, 404);
    assert_serves_a_full_build(&server, site.root());
}

/// A save made while the first build runs is served. The build is held, deterministically,
/// by a named pipe among the templates: it blocks in reading it, after every chapter was
/// read, until the test has saved the chapter and closes the pipe.
#[cfg(unix)]
#[test]
fn a_save_during_the_first_build_is_picked_up() {
    use std::os::unix::fs::OpenOptionsExt;

    let site = TestSite::fixture("minimal");
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    let pipe = site.root().join("templates/zz-hold.html");
    let c_path = std::ffi::CString::new(pipe.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
    let mut server = Server::spawn(site.root());

    // Opening the write end succeeds once the build has opened the read end.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut writer = loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&pipe)
        {
            Ok(writer) => break writer,
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
                assert!(
                    Instant::now() < deadline,
                    "the first build never read the templates"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("cannot open the pipe: {e}"),
        }
    };

    // The build has read every chapter and waits: save one now.
    let chapter = "hubs/alpha/first-report/01-planning.md";
    site.write(
        chapter,
        &site
            .read_source(chapter)
            .replace("Planning starts early.", "Planning starts mid-build."),
    );
    // A plain template takes the pipe's place for later builds; closing the pipe lets the
    // first build finish with the old chapter.
    std::fs::remove_file(&pipe).unwrap();
    std::fs::write(&pipe, "").unwrap();
    writer.write_all(b"").unwrap();
    drop(writer);

    server.wait_ready();
    server.wait_for(
        "/hubs/alpha/first-report/planning/",
        "Planning starts mid-build.",
    );
}

#[test]
fn a_site_that_never_built_shows_its_errors_until_fixed() {
    let site = TestSite::fixture("minimal");
    let chapter = "hubs/alpha/first-report/01-planning.md";
    let good = site.read_source(chapter);
    site.write(chapter, &good.replace("phase: planning", "phase: planing"));
    let server = Server::start(&site);
    // No build to show: every page is a stand-in that carries the live-reload script.
    let (status, page) = server.get("/");
    assert_eq!(status, 404);
    assert!(page.contains(LIVE_TAG), "{page}");
    let events = server.events();
    let (build, errors) = state(&events);
    assert_eq!(build, "failed");
    assert!(errors.contains(&format!("{chapter}:3:8")), "{errors}");
    assert!(
        errors.contains("your files are saved; the site will show once every error is fixed"),
        "{errors}"
    );

    site.write(chapter, &good);
    next_event(&events, "fixed");
    assert_eq!(server.get("/").0, 200);
    assert_serves_a_full_build(&server, site.root());
}

/// A title edit: the chapter's own page is announced first, and each listing page is
/// announced when it is served with the new title, so a browser on the phase page reloads
/// to the new title, never to the old one.
#[test]
fn a_reload_names_the_pages_that_are_ready() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);
    let events = server.events();
    state(&events);
    let source = "hubs/alpha/first-report/01-planning.md";
    let text = site.read_source(source);
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
    site.write(
        source,
        &text.replacen(title, "title: \"Planning, retitled\"", 1),
    );
    let first: Vec<String> = serde_json::from_str(&next_event(&events, "reload")).unwrap();
    assert_eq!(first, ["/hubs/alpha/first-report/planning/"]);
    // The phase page comes in a later wave; when its reload arrives it is already served.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let pages: Vec<String> = serde_json::from_str(&next_event(&events, "reload")).unwrap();
        assert!(
            !pages.is_empty(),
            "a title edit reloads only the pages it changed"
        );
        if pages.iter().any(|p| p == "/phases/planning/") {
            assert!(
                server
                    .get("/phases/planning/")
                    .1
                    .contains("Planning, retitled")
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the phase page was never announced"
        );
    }
}

/// The survey's files are watched like chapters: a saved answer is served at once.
#[test]
fn a_saved_survey_answer_is_served() {
    let site = TestSite::lab();
    let server = Server::start(&site);
    let events = server.events();
    state(&events);
    let answers = "survey/jurisdictions/germany.yaml";
    let text = site.read_source(answers);
    let note = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("note: "))
        .expect("a note")
        .to_owned();
    site.write(
        answers,
        &text.replacen(&note, "\"A note saved in the watch server.\"", 1),
    );
    next_event(&events, "reload");
    server.wait_for("/survey/germany/", "A note saved in the watch server.");
}
