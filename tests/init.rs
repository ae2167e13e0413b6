//! `praxis init` as a partner starting a site of their own runs it: a new folder becomes a
//! site that builds without a warning, passes `check --deny-warnings`, and links only to
//! pages it has; a folder that holds anything is left as it was.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn praxis(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run praxis")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_new_site_builds_and_checks_without_a_warning_and_links_only_to_its_own_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = praxis(&["init", "mysite"], dir.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let site = dir.path().join("mysite");
    // It says what it wrote and what to run next.
    for wrote in ["site.toml", "hub.yaml", "_index.md", "01-planning.md"] {
        assert!(stdout.contains(wrote), "{stdout}");
    }
    assert!(stdout.contains("praxis serve --root mysite"), "{stdout}");
    assert!(stdout.contains("praxis build --root mysite"), "{stdout}");
    // The theme is built in: the new site has no copy of it.
    assert!(!site.join("themes").exists());

    let check = praxis(
        &["check", "--deny-warnings", "--root", "mysite"],
        dir.path(),
    );
    let stderr = text(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");

    let build = praxis(
        &["build", "--deny-warnings", "--root", "mysite"],
        dir.path(),
    );
    let stderr = text(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");

    let public = site.join("public");
    for page in [
        "",
        "about/",
        "hubs/cleaning-services/",
        "hubs/cleaning-services/fair-cleaning-contracts/",
        "hubs/cleaning-services/fair-cleaning-contracts/planning/",
        "hubs/cleaning-services/fair-cleaning-contracts/contract-monitoring/",
        "phases/planning/",
        "issues/wages-and-hours/",
    ] {
        assert!(
            public.join(page).join("index.html").is_file(),
            "no page at /{page}"
        );
    }
    // base_url in the starter's site.toml is https://example.org/.
    let broken = common::broken_internal_links(&public, "/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn a_chapter_of_the_new_site_shows_its_link_footnote_gaps_and_options() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(praxis(&["init", "site"], dir.path()).status.success());
    let build = praxis(&["build", "--root", "site"], dir.path());
    assert!(build.status.success(), "{}", text(&build.stderr));
    let chapter = std::fs::read_to_string(
        dir.path()
            .join("site/public/hubs/cleaning-services/fair-cleaning-contracts/planning/index.html"),
    )
    .expect("the first chapter's page");
    assert!(
        chapter.contains(
            "href=\"/hubs/cleaning-services/fair-cleaning-contracts/contract-monitoring/\""
        ),
        "the first chapter links to the second"
    );
    assert!(chapter.contains("Guiding Principles on Business and Human Rights"));
    assert!(chapter.contains("Estimate the labour cost of the work"));
    assert!(chapter.contains("Budgets are set from the last contract"));
}

#[test]
fn init_without_a_folder_writes_into_the_current_empty_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = praxis(&["init"], dir.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("site.toml").is_file());
    assert!(dir.path().join("content/_index.md").is_file());
    // The current folder is the default root: the next commands need no --root.
    assert!(stdout.contains("praxis serve "), "{stdout}");
    assert!(!stdout.contains("--root"), "{stdout}");
    let check = praxis(&["check", "--deny-warnings"], dir.path());
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn init_creates_a_missing_folder_and_its_parents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = praxis(&["init", "sites/new site"], dir.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("sites/new site/site.toml").is_file());
    assert!(stdout.starts_with("created sites/new site"), "{stdout}");
    // A folder name with a space is quoted, so the printed command can be pasted.
    assert!(
        stdout.contains("praxis serve --root 'sites/new site'"),
        "{stdout}"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("notes");
    std::fs::create_dir(&site).expect("create folder");
    // A file init would write, and one it would not: neither may change.
    std::fs::write(site.join("site.toml"), "title = \"Mine\"\n").expect("write site.toml");
    std::fs::write(site.join("todo.txt"), "keep me\n").expect("write todo.txt");
    let before = common::snapshot(&site);

    let out = praxis(&["init", "notes"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: notes is not empty"), "{stderr}");
    assert!(stderr.contains("site.toml, todo.txt"), "{stderr}");
    assert!(stderr.contains("help: "), "{stderr}");
    assert!(stderr.contains("praxis init my-site"), "{stderr}");
    assert!(text(&out.stdout).is_empty());
    assert_eq!(
        common::snapshot(&site),
        before,
        "the folder's files changed"
    );
}

#[test]
fn init_refuses_a_file_in_place_of_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("mysite"), "a file\n").expect("write file");
    let out = praxis(&["init", "mysite"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("mysite exists and is not a folder"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mysite")).expect("read"),
        "a file\n"
    );
}

#[test]
fn init_in_a_current_folder_that_holds_files_names_it_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("README.md"), "# Mine\n").expect("write README.md");
    let out = praxis(&["init"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: the current folder is not empty (it holds README.md)"),
        "{stderr}"
    );
    assert!(!dir.path().join("site.toml").exists());
}

#[test]
fn a_new_site_serves_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(praxis(&["init", "site"], dir.path()).status.success());
    let mut server = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["serve", "--port", "0", "--root", "site"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .expect("praxis serve starts");
    // Everything the server says until it prints its address: no warning, no error.
    let mut said = Vec::new();
    let mut port = None;
    let stderr = server.stderr.take().expect("stderr");
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
            break;
        }
        said.push(line);
    }
    let pages: Vec<(u16, String)> = port
        .map(|port| {
            [
                "/",
                "/hubs/cleaning-services/fair-cleaning-contracts/planning/",
            ]
            .iter()
            .map(|path| get(port, path))
            .collect()
        })
        .unwrap_or_default();
    server.kill().expect("stop the server");
    server.wait().expect("the server exits");
    let said = said.join("\n");
    assert!(
        port.is_some(),
        "the server never printed its address:\n{said}"
    );
    assert!(said.contains("built "), "{said}");
    assert!(
        !said.contains("warning") && !said.contains("error"),
        "{said}"
    );
    for (status, body) in pages {
        assert_eq!(status, 200, "{body}");
        assert!(
            body.contains("Public Procurement and Human Rights"),
            "{body}"
        );
    }
}

/// The status and body of `GET path` from the server on `port`.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_owned())
}
