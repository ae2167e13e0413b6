//! Folders a killed build left behind. A build stages into `<output>.praxis-staging-<pid>`
//! beside the output (or `.praxis-staging-<pid>` inside an output that is a mount point) and
//! moves a previous site to `...praxis-old-<pid>`; a build killed before it finished leaves
//! them for good (and a cache file it was writing, `<output>.praxis-cache.json.<pid>` or
//! `.praxis-search.bin.<pid>`, removed when its process is gone). The next build removes a
//! folder only when it is provably a build's: its name
//! is exactly that pattern, the process it names is not running, and it holds the marker
//! every build writes first (or no file at all). A user's folder never matches all three.

use std::path::Path;

use super::guard::is_marked;
use super::swap::Remove;

/// What a leftover folder was for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Staging,
    Old,
}

/// The name of a folder of this process: `<prefix>.praxis-<kind>-<pid>`.
pub(super) fn name(prefix: &str, kind: Kind) -> String {
    format!("{prefix}{}", suffix(kind, std::process::id()))
}

fn suffix(kind: Kind, pid: u32) -> String {
    let kind = match kind {
        Kind::Staging => "staging",
        Kind::Old => "old",
    };
    format!(".praxis-{kind}-{pid}")
}

/// The process id in a leftover's name, if `name` is `<prefix>.praxis-<kind>-<pid>`.
fn pid_in(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?.strip_prefix(".praxis-")?;
    let digits = rest
        .strip_prefix("staging-")
        .or_else(|| rest.strip_prefix("old-"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The process id in the name of a cache a build was writing when it was killed:
/// `<prefix>.praxis-cache.json.<pid>` or `<prefix>.praxis-search.bin.<pid>` (a build writes
/// each cache to such a file and renames it into place).
fn temporary_cache_pid(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let digits = rest
        .strip_prefix(".praxis-cache.json.")
        .or_else(|| rest.strip_prefix(".praxis-search.bin."))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Remove the leftovers of dead builds in `dir` named after `prefix`. Best effort: a
/// leftover that cannot be removed gives a warning, never a failed build.
pub(super) fn remove_stale(dir: &Path, prefix: &str, remove: Remove) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(pid) = temporary_cache_pid(&name.to_string_lossy(), prefix) {
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && pid != std::process::id() && !running(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
            continue;
        }
        let Some(pid) = pid_in(&name.to_string_lossy(), prefix) else {
            continue;
        };
        let path = entry.path();
        let is_folder = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_folder || pid == std::process::id() || running(pid) || !provably_ours(&path) {
            continue;
        }
        if let Err(err) = remove(&path) {
            warnings.push(format!(
                "could not remove {}, left by an interrupted build: {err}; delete it by hand",
                path.display()
            ));
        }
    }
    warnings
}

/// A build writes the marker into its folders before anything else and removes it last, so a
/// folder of a build holds it, or nothing but (empty) folders.
fn provably_ours(dir: &Path) -> bool {
    is_marked(dir)
        || walkdir::WalkDir::new(dir)
            .into_iter()
            .all(|entry| entry.is_ok_and(|e| e.file_type().is_dir()))
}

/// Whether process `pid` exists. In doubt (no way to ask, no permission), it does: a
/// leftover is kept rather than a running build's folder removed.
fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return true;
        }
        std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::guard::{MARKER, MARKER_TEXT};

    /// The id of a process that has exited.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn a_dead_builds_half_written_caches_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let file = |name: String| {
            let path = dir.path().join(name);
            std::fs::write(&path, "partial").unwrap();
            path
        };
        let graph = file(format!("public.praxis-cache.json.{dead}"));
        let search = file(format!("public.praxis-search.bin.{dead}"));
        let live = file(format!("public.praxis-search.bin.{}", std::process::id()));
        let cache = file("public.praxis-cache.json".into());
        let users = file(format!("public.praxis-cache.json.{dead}.bak"));
        remove_stale(dir.path(), "public", crate::output::swap::SYSTEM.remove);
        assert!(!graph.exists() && !search.exists());
        assert!(live.exists() && cache.exists() && users.exists());
    }

    #[test]
    fn names_are_parsed_exactly() {
        assert_eq!(pid_in("public.praxis-staging-42", "public"), Some(42));
        assert_eq!(pid_in("public.praxis-old-7", "public"), Some(7));
        assert_eq!(pid_in(".praxis-staging-9", ""), Some(9));
        for other in [
            "public.praxis-staging-",
            "public.praxis-staging-+4",
            "public.praxis-staging-4x",
            "public.praxis-build",
            "site.praxis-staging-4",
            "public.praxis-staging-99999999999",
        ] {
            assert_eq!(pid_in(other, "public"), None, "{other}");
        }
    }

    #[test]
    fn only_a_dead_builds_marked_or_empty_folders_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        let dead = dead_pid();
        let ours = at(&format!("public.praxis-staging-{dead}"));
        std::fs::create_dir_all(ours.join("hubs")).unwrap();
        std::fs::write(ours.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(ours.join("hubs/index.html"), "page").unwrap();
        let emptied = at(&format!("public.praxis-old-{dead}"));
        std::fs::create_dir_all(emptied.join("a/b")).unwrap();
        let users = at(&format!("public.praxis-old-{}", dead + 1_000_000));
        std::fs::create_dir(&users).unwrap();
        std::fs::write(users.join("notes.txt"), "mine").unwrap();
        let live = at(&format!("public.praxis-staging-{}", std::process::id()));
        std::fs::create_dir(&live).unwrap();
        std::fs::write(live.join(MARKER), MARKER_TEXT).unwrap();
        let other_site = at(&format!("site.praxis-staging-{dead}"));
        std::fs::create_dir(&other_site).unwrap();

        let warnings = remove_stale(dir.path(), "public", crate::output::swap::SYSTEM.remove);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(!ours.exists() && !emptied.exists());
        assert!(users.join("notes.txt").exists(), "a user's file is kept");
        assert!(live.exists(), "a running build's folder is kept");
        assert!(
            other_site.exists(),
            "another output's folder is not ours to judge"
        );
    }

    #[test]
    fn a_leftover_that_will_not_go_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir
            .path()
            .join(format!("public.praxis-staging-{}", dead_pid()));
        std::fs::create_dir(&ours).unwrap();
        let warnings = remove_stale(dir.path(), "public", |_| {
            Err(std::io::Error::other("stuck"))
        });
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("stuck"), "{warnings:?}");
    }
}
