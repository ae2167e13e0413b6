//! The `praxis` binary as a maintainer and a hub leader run it.

mod common;

use std::process::Command;

use common::TestSite;

fn praxis(site: &TestSite, args: &[&str]) -> std::process::Output {
    site.praxis(args)
}

#[test]
fn build_prints_a_summary_and_exits_zero() {
    let site = TestSite::fixture("minimal");
    let out = praxis(&site, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("built ") && stderr.contains(" pages "),
        "{stderr}"
    );
    assert!(site.has_page("hubs/alpha/"));
}

#[test]
fn timings_name_each_stage_with_its_time() {
    let site = TestSite::fixture("minimal");
    let out = praxis(&site, &["build", "--timings"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stages: Vec<&str> = stderr.lines().filter(|l| l.contains(" ms ")).collect();
    assert_eq!(stages.len(), 4, "{stderr}");
    assert!(
        stages[0].ends_with("load: read, front matter, links, Markdown"),
        "{stderr}"
    );
    // The files that are not pages are written as they are made: one stage, not two.
    assert!(stages[2].ends_with("assets: written as made"), "{stderr}");
    assert!(stages.iter().all(|l| l.contains("MB peak")), "{stderr}");
    let plain = praxis(&site, &["build"]);
    assert!(!String::from_utf8_lossy(&plain.stderr).contains(" ms "));
}

#[test]
fn a_content_error_exits_one_with_a_located_message_and_writes_nothing() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/first-report/03-risk.md",
        "---\ntitle: \"Risk\"\nphase: risk-asessment\n---\nBody\n",
    );
    let out = praxis(&site, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: unknown phase `risk-asessment`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> hubs/alpha/first-report/03-risk.md:3:8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("^^^^^^^^^^^^^^ did you mean `risk-assessment`?"),
        "{stderr}"
    );
    assert!(stderr.contains("1 error; nothing was written"), "{stderr}");
    assert!(!site.output().exists());

    // `check` never writes: its count says what the errors mean instead.
    let check = praxis(&site, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("1 error; the site will not build until every error is fixed"),
        "{stderr}"
    );
    assert!(!stderr.contains("nothing was written"), "{stderr}");
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::fixture("minimal");
    let out = praxis(&site, &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.output().exists());
}

#[test]
fn a_missing_site_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no site.toml"));
}

#[test]
fn new_chapter_writes_a_chapter_that_builds_at_once() {
    let site = TestSite::fixture("minimal");
    let out = praxis(
        &site,
        &[
            "new",
            "chapter",
            "beta/second-report/remedy-options",
            "--phase",
            "remedy",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = "hubs/beta/second-report/02-remedy-options.md";
    assert!(site.read_source(path).contains("phase: remedy"));
    // It starts as a draft: built with --drafts, left out otherwise.
    let build = praxis(&site, &["build", "--drafts", "--deny-warnings"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.has_page("hubs/beta/second-report/remedy-options/"));

    let wrong = praxis(
        &site,
        &[
            "new",
            "chapter",
            "beta/second-report/other",
            "--phase",
            "remdy",
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("did you mean `remedy`?"));
}

#[test]
fn new_report_then_a_chapter_in_it() {
    let site = TestSite::fixture("minimal");
    let out = praxis(&site, &["new", "report", "beta/third-report"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = praxis(
        &site,
        &[
            "new",
            "chapter",
            "beta/third-report/intro",
            "--phase",
            "planning",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let build = praxis(&site, &["build", "--drafts"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.has_page("hubs/beta/third-report/intro/"));
}

#[test]
fn help_documents_the_exit_codes() {
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Exit codes: 0 success, 1 content errors"),
        "{text}"
    );
}

#[test]
fn github_format_annotates_the_line() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/first-report/03-risk.md",
        "---\ntitle: \"Risk\"\nphase: risk-asessment\n---\nBody\n",
    );
    let out = praxis(&site, &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error file=hubs/alpha/first-report/03-risk.md,line=3,col=8,endColumn=22,title=praxis%3A unknown phase `risk-asessment`::"),
        "{stdout}"
    );
    assert!(
        stdout.contains("did you mean `risk-assessment`?"),
        "{stdout}"
    );
}

#[test]
fn json_format_is_one_document() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/first-report/03-risk.md",
        "---\ntitle: \"Risk\"\nphase: risk-asessment\nsumary: x\n---\nBody\n",
    );
    let out = praxis(&site, &["build", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["errors"], 2);
    let first = &doc["diagnostics"][0];
    assert_eq!(
        first["location"]["file"],
        "hubs/alpha/first-report/03-risk.md"
    );
    assert_eq!(first["location"]["line"], 3);
    assert_eq!(first["location"]["column"], 8);
    assert_eq!(first["label"], "did you mean `risk-assessment`?");
    assert_eq!(doc["diagnostics"][1]["label"], "did you mean `summary`?");
}

#[test]
fn deny_warnings_fails_before_writing() {
    let site = TestSite::fixture("minimal");
    site.write(
        "hubs/alpha/first-report/03-bare.md",
        "---\ntitle: \"Bare\"\nphase: remedy\n---\nNo gaps or options.\n",
    );
    let lenient = praxis(&site, &["check"]);
    assert!(lenient.status.success());
    assert!(
        String::from_utf8_lossy(&lenient.stderr)
            .contains("warning: this chapter lists no gaps and no options")
    );
    let strict = praxis(&site, &["build", "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(!site.output().exists());
}
