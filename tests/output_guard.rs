//! `praxis build --output` as a maintainer types it, typos included: the build replaces only
//! a folder that is missing, empty or its own, never the site's sources or a user's files.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{TestSite, snapshot};

/// Run praxis from the site's root folder, as a maintainer does.
fn praxis_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run praxis")
}

fn build(site: &TestSite, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    praxis_in(site.root(), &all)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The build was refused: exit 2, a message naming the output and a fix.
fn assert_refused(out: &Output, shown: &str) -> String {
    let text = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!("error: refusing to build into `{shown}`")),
        "{text}"
    );
    assert!(text.contains("= help: give --output a folder"), "{text}");
    text
}

#[test]
fn an_output_of_hubs_is_refused_and_no_chapter_is_touched() {
    let site = TestSite::fixture("minimal");
    let before = snapshot(&site.root().join("hubs"));
    for args in [&["--output", "hubs"][..], &["--output", "hubs", "--force"]] {
        let text = assert_refused(&build(&site, args), "hubs");
        assert!(text.contains("it is the site's source `hubs`"), "{text}");
        assert!(text.contains("--force does not override this"), "{text}");
    }
    assert_eq!(snapshot(&site.root().join("hubs")), before);
    assert!(!site.output().exists(), "nothing was built either");
}

#[test]
fn an_output_inside_a_source_folder_is_refused() {
    let site = TestSite::fixture("minimal");
    let before = snapshot(&site.root().join("hubs"));
    let text = assert_refused(&build(&site, &["--output", "hubs/alpha/x"]), "hubs/alpha/x");
    assert!(text.contains("inside the site's source `hubs`"), "{text}");
    assert_eq!(snapshot(&site.root().join("hubs")), before);
    assert!(!site.root().join("hubs/alpha/x").exists());
}

#[test]
fn the_site_root_and_the_folder_above_it_are_refused_even_with_force() {
    let site = TestSite::fixture("minimal");
    let before = snapshot(site.root());
    for output in [".", "..", "./public/.."] {
        for force in [false, true] {
            let args = if force {
                vec!["--output", output, "--force"]
            } else {
                vec!["--output", output]
            };
            let text = assert_refused(&build(&site, &args), output);
            let why = if output == ".." {
                "it holds the site's root folder"
            } else {
                "it is the site's root folder"
            };
            assert!(text.contains(why), "{text}");
        }
    }
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn site_toml_is_refused_and_kept() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    for args in [
        &["--output", "site.toml"][..],
        &["--output", "site.toml", "--force"],
    ] {
        assert_refused(&build(&site, args), "site.toml");
    }
    assert_eq!(site.read_source("site.toml"), config);
}

#[test]
fn a_folder_with_a_users_file_is_refused_and_replaced_only_with_force() {
    let site = TestSite::fixture("minimal");
    site.write("mine/notes.txt", "my notes");
    let text = assert_refused(&build(&site, &["--output", "mine"]), "mine");
    assert!(text.contains("such as `notes.txt`"), "{text}");
    assert!(text.contains("pass --force"), "{text}");
    assert_eq!(site.read_source("mine/notes.txt"), "my notes");

    let forced = build(&site, &["--output", "mine", "--force"]);
    let text = stderr(&forced);
    assert!(forced.status.success(), "{text}");
    assert!(
        text.contains("warning: --force: replaced `mine`, a folder praxis had not built"),
        "{text}"
    );
    assert!(!site.root().join("mine/notes.txt").exists());
    assert!(site.root().join("mine/hubs/alpha/index.html").is_file());
    // From now on it is praxis's own: no --force needed.
    let again = build(&site, &["--output", "mine"]);
    assert!(again.status.success(), "{}", stderr(&again));
}

#[test]
fn a_file_as_output_is_refused_and_replaced_only_with_force() {
    let site = TestSite::fixture("minimal");
    site.write("notes.md", "my notes");
    let text = assert_refused(&build(&site, &["--output", "notes.md"]), "notes.md");
    assert!(text.contains("it is a file"), "{text}");
    assert_eq!(site.read_source("notes.md"), "my notes");
    let forced = build(&site, &["--output", "notes.md", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(site.root().join("notes.md/index.html").is_file());
}

#[test]
fn a_missing_or_empty_folder_is_built_and_a_second_build_needs_no_force() {
    let site = TestSite::fixture("minimal");
    std::fs::create_dir(site.root().join("empty")).unwrap();
    for output in ["empty", "new/deeper"] {
        let first = build(&site, &["--output", output]);
        assert!(first.status.success(), "{}", stderr(&first));
        let built = site.root().join(output);
        assert!(built.join("hubs/alpha/index.html").is_file());
        assert!(built.join(".praxis-build").is_file(), "the build marks it");
        let second = build(&site, &["--output", output]);
        let text = stderr(&second);
        assert!(second.status.success(), "{text}");
        assert!(!text.contains("warning"), "{text}");
    }
}

#[test]
fn the_marker_is_in_no_sitemap_feed_or_search_index() {
    let site = TestSite::fixture("minimal");
    let out = build(&site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.output().join(".praxis-build").is_file());
    for (path, bytes) in snapshot(&site.output()) {
        if path == ".praxis-build" {
            continue;
        }
        assert!(
            !String::from_utf8_lossy(&bytes).contains("praxis-build"),
            "{path} mentions the marker"
        );
    }
}

#[test]
fn an_earlier_build_without_the_marker_is_replaced_with_a_note_and_marked() {
    let site = TestSite::fixture("minimal");
    assert!(build(&site, &[]).status.success());
    // What every user's public/ looks like before this version.
    std::fs::remove_file(site.output().join(".praxis-build")).unwrap();
    let out = build(&site, &[]);
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("had no `.praxis-build` marker but holds an earlier praxis build"),
        "{text}"
    );
    assert!(site.output().join(".praxis-build").is_file());
    let again = build(&site, &[]);
    assert!(!stderr(&again).contains("warning"), "{}", stderr(&again));
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("run true");
    let pid = child.id();
    child.wait().expect("wait for true");
    pid
}

#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next_build() {
    let site = TestSite::fixture("minimal");
    assert!(build(&site, &[]).status.success());
    // What a build killed half-way leaves: its staging folder, marked, with some pages.
    let dead = dead_pid();
    let stale = site.root().join(format!("public.praxis-staging-{dead}"));
    common::copy_dir(&site.output(), &stale);
    // A folder that only looks like one (no marker, a user's file) is never removed.
    let lookalike = site.root().join(format!("public.praxis-old-{dead}"));
    std::fs::create_dir(&lookalike).unwrap();
    std::fs::write(lookalike.join("notes.txt"), "mine").unwrap();

    let out = build(&site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists(), "the dead build's folder is gone");
    assert!(
        lookalike.join("notes.txt").is_file(),
        "the user's file is kept"
    );
}

#[test]
fn an_output_that_cannot_be_read_is_an_io_error_exit_two() {
    let site = TestSite::fixture("minimal");
    site.write("notes.txt", "mine");
    let out = build(&site, &["--output", "notes.txt/public"]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("cannot look at the output folder"), "{text}");
    assert_eq!(site.read_source("notes.txt"), "mine");
}

#[test]
fn a_refusal_is_one_json_document_too() {
    let site = TestSite::fixture("minimal");
    let out = build(&site, &["--output", "content", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["diagnostics"][0]["location"]["file"], "content");
}

/// A real mount point: a tmpfs mounted on the output inside a private mount namespace (so
/// nothing outside the test sees it, and it goes away with the process). Needs root, or
/// at least the right to create a mount namespace; skipped, with a note, otherwise.
#[test]
fn an_output_that_is_a_mount_point_is_built_in_place() {
    let site = TestSite::fixture("minimal");
    let output = site.root().join("mounted");
    std::fs::create_dir(&output).unwrap();
    let script = "mount -t tmpfs praxis-test \"$1\" || exit 77; \
         \"$2\" build --root \"$3\" --output \"$1\" || exit $?; \
         \"$2\" build --root \"$3\" --output \"$1\" || exit $?; \
         ls -A \"$1\"; test -f \"$1/hubs/alpha/index.html\"";
    let out = Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(&output)
        .arg(env!("CARGO_BIN_EXE_praxis"))
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output();
    let out = match out {
        Ok(out) if out.status.code() != Some(77) && unshare_worked(&out) => out,
        _ => {
            eprintln!(
                "skipped: cannot mount a tmpfs in a private mount namespace here (needs root)"
            );
            return;
        }
    };
    let (stdout, text) = (String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(out.status.success(), "{stdout}\n{text}");
    // Built twice into the mount point, nothing of the staging left inside or beside (only
    // the incremental build's caches, which live beside the output on purpose).
    assert!(!stdout.contains(".praxis-staging"), "{stdout}");
    assert!(!stdout.contains(".praxis-old"), "{stdout}");
    assert!(stdout.contains(".praxis-build"), "{stdout}");
    let beside: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".praxis-"))
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.ends_with(".praxis-cache.json") && !name.ends_with(".praxis-search.bin")
        })
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

/// `unshare` itself fails (exit 1, "unshare failed") without the right to make a namespace.
fn unshare_worked(out: &Output) -> bool {
    !String::from_utf8_lossy(&out.stderr).starts_with("unshare:")
}
