//! Shared helpers for the integration tests: copy a site into a temporary folder, edit it as
//! a hub leader would, build it, and read the pages a reader would open.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use praxis::BuildOptions;
use praxis::diagnostics::{Diagnostic, Diagnostics};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A site in a temporary folder, with the repository's theme.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// The small fixture site under `tests/sites/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&repo_root().join("tests/sites").join(name), site.root());
        site
    }

    /// A copy of the Lab's own site.
    pub fn lab() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for part in ["hubs", "content", "resources", "survey"] {
            copy_dir(&repo_root().join(part), &site.root().join(part));
        }
        std::fs::copy(repo_root().join("site.toml"), site.root().join("site.toml"))
            .expect("copy site.toml");
        site
    }

    /// Run the `praxis` binary on this site (`--root` added), without colours.
    pub fn praxis(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_praxis"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run praxis")
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }

    pub fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).expect("read source")
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).expect("remove file");
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            output: self.output(),
            drafts: false,
            base_url: None,
            deny_warnings: false,
            force: false,
            clean: false,
        }
    }

    pub fn build(&self) -> Result<praxis::BuildReport, Diagnostics> {
        praxis::build(&self.options()).map_err(praxis::BuildError::into_diagnostics)
    }

    /// Build, failing the test with every message if the build fails.
    pub fn build_ok(&self) -> praxis::BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(d) => panic!("build failed:\n{}", render(&d)),
        }
    }

    /// Build expecting errors; returns them sorted.
    pub fn build_errors(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(d) => d
                .sorted()
                .into_iter()
                .filter(|d| d.severity == praxis::diagnostics::Severity::Error)
                .collect(),
        }
    }

    /// The HTML of the page at a site path such as `hubs/alpha/`.
    pub fn page(&self, path: &str) -> String {
        let file = self.output().join(path).join("index.html");
        std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("no page at {}", file.display()))
    }

    pub fn has_page(&self, path: &str) -> bool {
        self.output().join(path).join("index.html").is_file()
    }
}

pub fn render(d: &Diagnostics) -> String {
    d.sorted().iter().map(|d| d.render_human(false)).collect()
}

/// Every file of a built site, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read output"))
        })
        .collect()
}

/// The values of every `href="..."` and `src="..."` attribute in an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attr) {
            let after = &rest[start + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            found.push(after[..end].replace("&amp;", "&"));
            rest = &after[end..];
        }
    }
    found
}

/// The text a reader downloads from the page's link `<a href="data:..." download="NAME">`:
/// the link's data URL, percent-decoded. Panics when the page has no such link.
pub fn download(html: &str, name: &str) -> String {
    let marker = format!("download=\"{name}\"");
    let link_end = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no link downloading {name}"));
    let link_start = html[..link_end]
        .rfind("<a ")
        .expect("the download is a link");
    let link = &html[link_start..link_end];
    let href = link
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the link has an href");
    let (_, encoded) = href
        .strip_prefix("data:")
        .and_then(|rest| rest.split_once(','))
        .unwrap_or_else(|| panic!("{name} is not a data: URL: {href}"));
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            decoded.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).expect("the download is UTF-8")
}

/// The `id="..."` values of a page.
pub fn ids(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(" id=\"") {
        let after = &rest[start + 5..];
        let end = after.find('"').unwrap_or(after.len());
        found.push(after[..end].to_owned());
        rest = &after[end..];
    }
    found
}

/// Check that every internal link of a built site leads to a file, and every anchor to an
/// id on that page. Returns the broken ones.
pub fn broken_internal_links(output: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(output)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    for page in pages {
        let html = std::fs::read_to_string(&page).expect("read page");
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            // A browser decodes the fragment before it looks for the id (`#quatre-p%C3%B4les`).
            let (path, anchor) = match link.split_once('#') {
                Some((p, a)) => (p.to_owned(), Some(praxis::links::percent_decode(a))),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                let Some(rest) = path.strip_prefix(base_path) else {
                    broken.push(format!(
                        "{}: {link} does not start with {base_path}",
                        page.display()
                    ));
                    continue;
                };
                let file = output.join(rest);
                if rest.is_empty() || rest.ends_with('/') {
                    file.join("index.html")
                } else {
                    file
                }
            };
            if !target.is_file() {
                broken.push(format!(
                    "{}: {link} (no {})",
                    page.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(anchor) = anchor {
                let text = std::fs::read_to_string(&target).unwrap_or_default();
                if !ids(&text).contains(&anchor) {
                    broken.push(format!("{}: {link} (no id {anchor})", page.display()));
                }
            }
        }
    }
    broken
}

/// Each diagnostic as "file: message", sorted: what two builds' warnings are compared by.
pub fn messages(diagnostics: &Diagnostics) -> Vec<String> {
    diagnostics
        .sorted()
        .iter()
        .map(|d| format!("{}: {}", d.location.file.display(), d.message))
        .collect()
}

/// How two sets of files differ, or `None` when they are equal byte for byte: the paths on
/// one side only, the paths whose bytes differ, and the first differing line of the first
/// of those, so that a failure says what went stale.
pub fn differences(
    left: &BTreeMap<String, Vec<u8>>,
    right: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    let only_left: Vec<&String> = left.keys().filter(|k| !right.contains_key(*k)).collect();
    let only_right: Vec<&String> = right.keys().filter(|k| !left.contains_key(*k)).collect();
    let differ: Vec<&String> = left
        .iter()
        .filter(|(k, bytes)| right.get(*k).is_some_and(|other| other != *bytes))
        .map(|(k, _)| k)
        .collect();
    if only_left.is_empty() && only_right.is_empty() && differ.is_empty() {
        return None;
    }
    let mut out = format!(
        "  only left: {only_left:?}\n  only right: {only_right:?}\n  differ ({}): {:?}\n",
        differ.len(),
        differ.iter().take(20).collect::<Vec<_>>()
    );
    if let Some(path) = differ.first() {
        let (a, b) = (
            String::from_utf8_lossy(&left[*path]),
            String::from_utf8_lossy(&right[*path]),
        );
        let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        let line = first.unwrap_or_else(|| a.lines().count().min(b.lines().count()));
        let shown = |text: &str| text.lines().nth(line).unwrap_or("<end>").to_owned();
        out.push_str(&format!(
            "  first difference in {path}, line {}:\n    left:  {}\n    right: {}\n",
            line + 1,
            shown(&a),
            shown(&b)
        ));
    }
    Some(out)
}
