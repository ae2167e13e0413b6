//! `praxis serve` as a maintainer uses it: start it on a free port, open pages, edit a chapter
//! and see the browser told to reload with the new page served, break the front matter and see
//! the old page still served with the error sent to the browser, fix it, and try to read files
//! outside the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::TestSite;

struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Server {
    // The child is waited for in `Drop`.
    #[allow(clippy::zombie_processes)]
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_praxis"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
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
        let started = Instant::now();
        loop {
            let line = log
                .recv_timeout(Duration::from_secs(30))
                .expect("the server prints its address");
            if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
                let port = rest.split('/').next().unwrap().parse().expect("a port");
                return Server { child, port, log };
            }
            assert!(started.elapsed() < Duration::from_secs(30));
        }
    }

    /// A raw request, so that paths reach the server exactly as written.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
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
    assert_eq!(next_event(&events, "state"), "", "no errors to begin with");

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
    // A page opened now learns about the errors at once.
    let late = server.events();
    assert!(next_event(&late, "state").contains("unknown phase"));

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
    let css = "themes/default/static/style.css";
    site.write(css, &(site.read_source(css) + "\n/* edited */\n"));
    next_event(&events, "css");
    assert!(
        server
            .get("/static/style.css")
            .1
            .ends_with("/* edited */\n")
    );
    while server.log.try_recv().is_ok() {}
}

#[test]
fn paths_outside_the_site_and_missing_pages_get_the_404_page() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(&site);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/hubs/..%2f..%2fsite.toml",
        "/hubs%2falpha%2fhub.yaml",
        "/..\\site.toml",
        "/static/../../site.toml",
        "/no/such/page/",
        "/hubs/alpha/hub.yaml",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            body.contains("Page not found"),
            "{path} should get the site's 404 page"
        );
        assert!(!body.contains("base_url"), "{path} leaked site.toml");
    }
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
