//! How long from a chapter file being written to `praxis serve` serving the page with the
//! change, on a given site. Used by scripts/bench:
//!
//!     cargo run --release --example serve_latency -- PRAXIS_BINARY SITE_ROOT [EDITS] [PAUSE_MS] [text|title]
//!
//! Starts the server on a free port, then edits one chapter EDITS times (default 15) and
//! prints the median, the fastest and the slowest in milliseconds. A `text` edit (the
//! default) appends a line and polls the chapter's page until it is there; a `title` edit
//! changes the chapter's title, which every page listing the chapter shows, and polls its
//! phase's page (the longest listing) until the new title is there. Between edits it waits
//! PAUSE_MS (default 1500) for the rest of the update to finish, so each edit is timed on an
//! idle server. The chapter is restored afterwards.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    );
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

fn first_chapter(root: &Path) -> PathBuf {
    let mut chapters: Vec<PathBuf> = walkdir::WalkDir::new(root.join("hubs"))
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
        })
        .collect();
    chapters.sort();
    chapters.into_iter().next().expect("a chapter")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(praxis), Some(root)) = (args.first(), args.get(1)) else {
        eprintln!("usage: serve_latency PRAXIS_BINARY SITE_ROOT [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(15);
    let pause: u64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1500);
    let title_edits = match args.get(4).map(String::as_str) {
        None | Some("text") => false,
        Some("title") => true,
        Some(other) => {
            eprintln!("unknown edit `{other}`: text or title");
            std::process::exit(2);
        }
    };
    let root = Path::new(root);
    let mut child = Command::new(praxis)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .expect("praxis serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let port: u16 = loop {
        let line = lines
            .next()
            .expect("serve prints its address")
            .expect("utf-8");
        if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().expect("a port");
        }
    };
    std::thread::spawn(move || for _ in lines {});

    let chapter = first_chapter(root);
    let original = std::fs::read_to_string(&chapter).expect("read the chapter");
    let stem = chapter.file_stem().unwrap().to_string_lossy().into_owned();
    let slug = stem
        .split_once('-')
        .map_or(stem.as_str(), |(_, s)| s)
        .to_owned();
    let rel = chapter.parent().unwrap().strip_prefix(root).unwrap();
    let mut url = format!("/{}/{slug}/", rel.to_string_lossy());
    assert!(get(port, &url).contains(" 200 "), "no page at {url}");
    if title_edits {
        let phase = original
            .lines()
            .find_map(|l| l.strip_prefix("phase:"))
            .expect("the chapter names its phase")
            .trim()
            .trim_matches('"')
            .to_owned();
        url = format!("/phases/{phase}/");
    }

    let mut times = Vec::new();
    for n in 0..edits {
        let marker = format!("Latency marker {n} {}", std::process::id());
        let started = Instant::now();
        let edited = if title_edits {
            let title = original
                .lines()
                .find(|l| l.starts_with("title:"))
                .expect("a title line");
            original.replacen(title, &format!("title: \"{marker}\""), 1)
        } else {
            format!("{original}\n{marker}\n")
        };
        std::fs::write(&chapter, edited).expect("write the chapter");
        loop {
            if get(port, &url).contains(&marker) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the edit never reached {url}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        // Let the rest of the update (lists, search index) finish before the next edit.
        std::thread::sleep(Duration::from_millis(pause));
    }
    std::fs::write(&chapter, &original).expect("restore the chapter");
    let _ = child.kill();
    let _ = child.wait();
    times.sort_by(f64::total_cmp);
    println!(
        "{:.0} {:.0} {:.0}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
