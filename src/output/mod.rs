//! Writing the site: every file goes into a staging folder beside the output folder, and only
//! a complete build replaces the output, with one rename. A failed or interrupted build leaves
//! the previous site exactly as it was, and nobody ever sees half of a new one.
//!
//! [`guard`] decides whether the output may be replaced at all, [`swap`] puts the new site in
//! place (with a fallback for outputs that are mount points) and [`leftovers`] removes what
//! killed builds left behind.

mod guard;

/// Is `dir` a folder a praxis build wrote (it holds the marker)?
pub fn is_praxis_build(dir: &Path) -> bool {
    guard::is_marked(dir)
}
mod leftovers;
mod patch;
mod swap;

pub use guard::{Found, MARKER, OutputError, Refusal, Sources, Target};

use std::io;
use std::path::{Path, PathBuf};

use leftovers::Kind;
use swap::{MoveError, Ops, Swapped};
/// A file of the built site: a path relative to the output folder and its bytes, or a source
/// file to copy.
pub enum OutputFile {
    Bytes { path: String, bytes: Vec<u8> },
    Copy { path: String, source: PathBuf },
}

impl OutputFile {
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Bytes { path, .. } | OutputFile::Copy { path, .. } => path,
        }
    }

    /// The same file inside `folder` (`fr/`): a file of another language's tree.
    pub fn in_folder(mut self, folder: &str) -> OutputFile {
        let (OutputFile::Bytes { path, .. } | OutputFile::Copy { path, .. }) = &mut self;
        path.insert_str(0, folder);
        self
    }
}

/// Where the staging folder sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    /// Beside the output, swapped with it in one rename.
    Beside,
    /// Inside an output that is a mount point, moved in entry by entry.
    Inside,
}

/// A folder being filled with a new build. Dropped without [`Staging::commit`], it is removed
/// and the output stays as it was.
pub struct Staging {
    dir: PathBuf,
    target: Target,
    placement: Placement,
    /// An incremental build updates the output in place ([`patch`]); a full build swaps it.
    patch: Option<patch::Patch>,
    /// Every file of the new site, written or kept: what [`Committed::files`] reports.
    produced: std::sync::Mutex<std::collections::HashSet<String>>,
    committed: bool,
    /// Problems that did not stop the build, for the user.
    warnings: Vec<String>,
}

/// What a successful commit has to tell the user.
#[derive(Debug, Default)]
pub struct Committed {
    /// What the build replaced, when it is worth saying (an earlier build without a marker,
    /// what `--force` replaced), and cleanups that failed: warnings, not failures.
    pub warnings: Vec<String>,
    /// Every file of the site now in the output, in order: the next incremental build
    /// removes those it no longer makes ([`Staging::patching`]).
    pub files: Vec<String>,
}

impl Staging {
    /// Start a build into `target`, removing what killed builds left there.
    pub fn new(target: Target) -> Result<Staging, OutputError> {
        let placement = if swap::is_mount_point(&target.path) {
            Placement::Inside
        } else {
            Placement::Beside
        };
        Staging::placed(target, placement)
    }

    /// Start an incremental build into `target`, an earlier build's output: only the files
    /// that change are staged, and [`Staging::commit`] moves them into the output in place
    /// and removes the files of `previous` (every file the earlier build made, from its
    /// [`Committed::files`]) the new build no longer makes ([`patch`] says what this trades).
    pub fn patching(target: Target, previous: Vec<String>) -> Result<Staging, OutputError> {
        let mut staging = Staging::new(target)?;
        staging.patch = Some(patch::Patch::new(previous));
        Ok(staging)
    }

    /// How many files an in-place build has changed so far (0 for a full build).
    pub fn changed(&self) -> usize {
        self.patch.as_ref().map_or(0, patch::Patch::changed)
    }

    fn placed(target: Target, placement: Placement) -> Result<Staging, OutputError> {
        let io_error = |err| OutputError::io(&target.shown, "cannot create a staging folder", err);
        let (parent, prefix) = match placement {
            Placement::Inside => (target.path.clone(), String::new()),
            Placement::Beside => {
                let (Some(parent), Some(name)) = (target.path.parent(), target.path.file_name())
                else {
                    return Err(io_error(io::Error::other(
                        "the output has no parent folder",
                    )));
                };
                std::fs::create_dir_all(parent).map_err(io_error)?;
                (parent.to_path_buf(), name.to_string_lossy().into_owned())
            }
        };
        let warnings = leftovers::remove_stale(&parent, &prefix, swap::SYSTEM.remove);
        let dir = parent.join(leftovers::name(&prefix, Kind::Staging));
        // A folder of this name is this process's own (a pid is never two live processes).
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_error)?;
        }
        new_marked_folder(&dir).map_err(io_error)?;
        Ok(Staging {
            dir,
            target,
            placement,
            patch: None,
            produced: Default::default(),
            committed: false,
            warnings,
        })
    }

    /// Write one file (safe to call from several threads); returns its size.
    ///
    /// A file whose bytes equal those at the same path in the current output is hard-linked
    /// from there instead of written: on a rebuild most files are unchanged, a link costs the
    /// file system a fraction of a new file, and an unchanged page keeps its modification
    /// time (so deploys and caches that compare times see it unchanged). Sharing is safe
    /// because no file of a build is ever written in place.
    pub fn write(&self, file: &OutputFile) -> io::Result<u64> {
        let target = self.dir.join(file.path());
        let copied;
        let bytes: &[u8] = match file {
            OutputFile::Bytes { bytes, .. } => bytes,
            OutputFile::Copy { source, .. } => {
                copied = std::fs::read(source)?;
                &copied
            }
        };
        let current = self.target.path.join(file.path());
        self.produce(file.path());
        if let Some(patch) = &self.patch {
            if same_file(&current, bytes) {
                return Ok(bytes.len() as u64);
            }
            patch.stage(file.path());
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if self.patch.is_some() || !link_if_same(&current, &target, bytes) {
            std::fs::write(&target, bytes)?;
        }
        Ok(bytes.len() as u64)
    }

    /// Keep the current output's file at `path` in the new build, unchanged: a hard link,
    /// without reading it (an incremental build's pages that nothing changed). Returns its
    /// size.
    pub fn keep(&self, path: &str) -> io::Result<u64> {
        let current = self.target.path.join(path);
        self.produce(path);
        if self.patch.is_some() {
            return Ok(std::fs::metadata(&current)?.len());
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if std::fs::hard_link(&current, &target).is_err() {
            std::fs::copy(&current, &target)?;
        }
        Ok(std::fs::metadata(&target)?.len())
    }

    /// `path` belongs to the new site.
    fn produce(&self, path: &str) {
        self.produced
            .lock()
            .expect("not poisoned")
            .insert(path.to_owned());
    }

    /// Every file of the new site.
    fn take_produced(&mut self) -> std::collections::HashSet<String> {
        std::mem::take(self.produced.get_mut().expect("not poisoned"))
    }

    /// The error for a failed [`Staging::write`]: the output is untouched.
    pub fn write_error(&self, err: io::Error) -> OutputError {
        OutputError::io(
            &self.target.shown,
            "cannot write the site (the output was left as it was)",
            err,
        )
    }

    /// Put the finished build in place of the output.
    pub fn commit(self) -> Result<Committed, OutputError> {
        self.commit_with(&swap::SYSTEM)
    }

    fn commit_with(mut self, ops: &Ops) -> Result<Committed, OutputError> {
        let inside = (self.placement == Placement::Inside).then(|| self.dir.file_name());
        self.target.check_again(inside.flatten())?;
        let output = self.target.path.clone();
        if let Some(patch) = self.patch.take() {
            return self.apply_in_place(patch);
        }
        match self.placement {
            Placement::Inside => {
                let incoming = self.dir.clone();
                self.move_in(&incoming, ops)?;
            }
            Placement::Beside => {
                let old = self.beside(Kind::Old);
                match swap::swap(&self.dir, &output, &old, ops) {
                    Ok(Swapped::Nothing) => {}
                    Ok(Swapped::Previous(previous)) => self.remove_previous(&previous, ops),
                    Err(err) if swap::cannot_rename_here(&err) => self.copy_in(ops)?,
                    Err(err) => {
                        return Err(OutputError::io(
                            &self.target.shown,
                            "cannot put the new site in place (the output was left as it was)",
                            err,
                        ));
                    }
                }
            }
        }
        self.committed = true;
        let mut warnings: Vec<String> = self.target.note().into_iter().collect();
        warnings.append(&mut self.warnings);
        Ok(Committed {
            warnings,
            files: in_order(self.take_produced()),
        })
    }

    /// Move an incremental build's changed files into the output and remove what it no longer
    /// makes; then the staging folder, now empty of files.
    fn apply_in_place(mut self, patch: patch::Patch) -> Result<Committed, OutputError> {
        let produced = self.take_produced();
        let applied = patch.apply(&self.dir, &self.target.path, &produced);
        // Whatever happened, the staging folder's files are moved or useless now.
        let _ = std::fs::remove_dir_all(&self.dir);
        self.committed = true;
        applied.map_err(|err| {
            OutputError::io(
                &self.target.shown,
                "cannot update the output in place: it may now hold part of the new site and \
                 part of the previous one; run the build again (it will rebuild everything)",
                err,
            )
        })?;
        Ok(Committed {
            warnings: std::mem::take(&mut self.warnings),
            files: in_order(produced),
        })
    }

    /// A folder of this process beside the output.
    fn beside(&self, kind: Kind) -> PathBuf {
        let name = self.target.path.file_name().unwrap_or_default();
        self.target
            .path
            .with_file_name(leftovers::name(&name.to_string_lossy(), kind))
    }

    /// The output could not be renamed (a mount point, another file system): copy the staged
    /// site into a folder inside the output, move it in from there, and remove the staging
    /// folder.
    fn copy_in(&mut self, ops: &Ops) -> Result<(), OutputError> {
        let output = self.target.path.clone();
        let incoming = output.join(leftovers::name("", Kind::Staging));
        let copied = std::fs::create_dir_all(&output)
            .and_then(|()| new_marked_folder(&incoming))
            .and_then(|()| swap::copy_tree(&self.dir, &incoming));
        if let Err(err) = copied {
            let _ = std::fs::remove_dir_all(&incoming);
            return Err(OutputError::io(
                &self.target.shown,
                "cannot copy the new site into the output, which is on another file system \
                 than its folder (the output was left as it was)",
                err,
            ));
        }
        self.move_in(&incoming, ops)?;
        let staged = self.dir.clone();
        self.remove_previous(&staged, ops);
        Ok(())
    }

    /// Move the site in `incoming` (inside the output) into the output, entry by entry.
    fn move_in(&mut self, incoming: &Path, ops: &Ops) -> Result<(), OutputError> {
        let output = self.target.path.clone();
        let old = output.join(leftovers::name("", Kind::Old));
        new_marked_folder(&old).map_err(|err| self.write_error(err))?;
        match swap::move_in_place(&output, incoming, &old) {
            Ok(()) => {
                let _ = std::fs::remove_dir_all(incoming);
                self.remove_previous(&old, ops);
                Ok(())
            }
            Err(MoveError {
                error,
                restored: true,
            }) => {
                let _ = std::fs::remove_dir_all(incoming);
                let _ = std::fs::remove_dir_all(&old);
                Err(OutputError::io(
                    &self.target.shown,
                    "cannot move the new site into the output (every move was undone: the \
                     output holds the previous site)",
                    error,
                ))
            }
            Err(MoveError { error, .. }) => Err(OutputError::io(
                &self.target.shown,
                format!(
                    "cannot move the new site into the output, and not every move could be \
                     undone: the output now holds part of the new site and part of the \
                     previous one (the rest of which is in {}); run the build again",
                    old.display()
                ),
                error,
            )),
        }
    }

    /// Remove the previous site (or a staging folder already copied into place); a failure
    /// is a warning, since the new site is in place.
    fn remove_previous(&mut self, previous: &Path, ops: &Ops) {
        // Mark it first (an earlier build without a marker, a folder --force replaced), so
        // that a removal cut short by a kill leaves a folder the next build can prove is a
        // build's and finish removing.
        let unmarked_folder = std::fs::symlink_metadata(previous).is_ok_and(|m| m.is_dir())
            && !guard::is_marked(previous);
        if unmarked_folder {
            let _ = std::fs::write(previous.join(MARKER), guard::MARKER_TEXT);
        }
        if let Err(err) = (ops.remove)(previous) {
            self.warnings.push(format!(
                "the new site is in place, but {} could not be removed: {err}; delete it by \
                 hand (the next build also tries)",
                previous.display()
            ));
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Create `dir` and write the marker into it before anything else, so that whatever is left
/// of it after a kill can be proved to be a build's.
fn new_marked_folder(dir: &Path) -> io::Result<()> {
    std::fs::create_dir(dir)?;
    std::fs::write(dir.join(MARKER), guard::MARKER_TEXT)
}

/// Does the regular file at `path` hold exactly `bytes`?
fn same_file(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Hard-link `previous` (a file of the current output) to `target` if it is a regular file
/// holding exactly `bytes`. Any failure (no such file, another file system) just means the
/// caller writes the file.
fn link_if_same(previous: &Path, target: &Path, bytes: &[u8]) -> bool {
    same_file(previous, bytes) && std::fs::hard_link(previous, target).is_ok()
}

fn in_order(paths: std::collections::HashSet<String>) -> Vec<String> {
    let mut paths: Vec<String> = paths.into_iter().collect();
    paths.sort_unstable();
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile::Bytes {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Build `files` into `output` as a build would, placing the staging folder where
    /// `placement` says (or where the system says) and committing through `ops`.
    fn write_with(
        output: &Path,
        files: &[OutputFile],
        placement: Option<Placement>,
        ops: &Ops,
    ) -> Result<Committed, OutputError> {
        let sources = Sources {
            root: output.with_file_name("site"),
            protected: Vec::new(),
        };
        let target = Target::check(output, &sources, false)?;
        let staging = match placement {
            None => Staging::new(target)?,
            Some(placement) => Staging::placed(target, placement)?,
        };
        for file in files {
            staging
                .write(file)
                .map_err(|err| staging.write_error(err))?;
        }
        staging.commit_with(ops)
    }

    fn write_site(output: &Path, files: &[OutputFile]) -> Result<Committed, OutputError> {
        write_with(output, files, None, &swap::SYSTEM)
    }

    /// Every name in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_second_write_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[page("a/index.html", "one")]).unwrap();
        write_site(&out, &[page("b/index.html", "two")]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert_eq!(
            names(dir.path()),
            ["public"],
            "no staging folder left behind"
        );
        assert_eq!(names(&out), [MARKER, "b"]);
        assert!(guard::is_marked(&out));
    }

    /// Update `out`, an earlier build that put `previous` there, in place with `files`, kept
    /// paths listed in `kept`.
    fn patch_site(
        out: &Path,
        previous: Vec<String>,
        files: &[OutputFile],
        kept: &[&str],
    ) -> Result<Committed, OutputError> {
        let sources = Sources {
            root: out.with_file_name("site"),
            protected: Vec::new(),
        };
        let staging = Staging::patching(Target::check(out, &sources, false)?, previous)?;
        for file in files {
            staging
                .write(file)
                .map_err(|err| staging.write_error(err))?;
        }
        for path in kept {
            staging.keep(path).map_err(|err| staging.write_error(err))?;
        }
        staging.commit()
    }

    #[cfg(unix)]
    #[test]
    fn an_in_place_build_replaces_only_changed_files_and_removes_what_it_no_longer_makes() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = write_site(
            &out,
            &[
                page("a/index.html", "same"),
                page("b/index.html", "old"),
                page("c/index.html", "kept"),
                page("gone/deep/index.html", "removed"),
                page("file-then-folder", "a file"),
                page("folder-then-file/index.html", "in a folder"),
            ],
        )
        .unwrap();
        assert_eq!(
            first.files,
            [
                "a/index.html",
                "b/index.html",
                "c/index.html",
                "file-then-folder",
                "folder-then-file/index.html",
                "gone/deep/index.html",
            ],
            "a build reports every file it made, for the next to start from"
        );
        std::fs::write(out.join("by-hand.txt"), "not a build's").unwrap();
        let inode = |path: &str| std::fs::metadata(out.join(path)).unwrap().ino();
        let (a, c) = (inode("a/index.html"), inode("c/index.html"));
        let second = patch_site(
            &out,
            first.files,
            &[
                page("a/index.html", "same"),
                page("b/index.html", "new"),
                page("file-then-folder/index.html", "now a folder"),
                page("folder-then-file", "now a file"),
            ],
            &["c/index.html"],
        )
        .unwrap();
        assert_eq!(
            second.files,
            [
                "a/index.html",
                "b/index.html",
                "c/index.html",
                "file-then-folder/index.html",
                "folder-then-file",
            ]
        );
        assert_eq!(inode("a/index.html"), a, "an unchanged file is not touched");
        assert_eq!(inode("c/index.html"), c, "a kept file is not touched");
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"new");
        assert_eq!(
            std::fs::read(out.join("file-then-folder/index.html")).unwrap(),
            b"now a folder"
        );
        assert!(
            !out.join("gone").exists(),
            "a file no longer made goes, and its folders"
        );
        assert_eq!(
            std::fs::read(out.join("folder-then-file")).unwrap(),
            b"now a file"
        );
        // Only what the last build made is removed: the removal needs no walk of the output.
        assert_eq!(
            names(&out),
            [
                MARKER,
                "a",
                "b",
                "by-hand.txt",
                "c",
                "file-then-folder",
                "folder-then-file"
            ]
        );
        assert_eq!(
            names(dir.path()),
            ["public"],
            "no staging folder left behind"
        );
    }

    #[test]
    fn an_in_place_build_dropped_before_commit_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[page("a/index.html", "old")]).unwrap();
        let sources = Sources {
            root: out.with_file_name("site"),
            protected: Vec::new(),
        };
        let previous = vec!["a/index.html".to_owned()];
        let staging =
            Staging::patching(Target::check(&out, &sources, false).unwrap(), previous).unwrap();
        staging.write(&page("a/index.html", "new")).unwrap();
        staging.write(&page("b/index.html", "added")).unwrap();
        assert_eq!(staging.changed(), 2);
        drop(staging);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"old");
        assert_eq!(names(&out), [MARKER, "a"]);
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_unchanged_file_is_the_same_file_after_a_rebuild_and_a_changed_one_is_new() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[page("a/index.html", "same"), page("b/index.html", "old")],
        )
        .unwrap();
        let inode = |path: &str| std::fs::metadata(out.join(path)).unwrap().ino();
        let (a, b) = (inode("a/index.html"), inode("b/index.html"));
        write_site(
            &out,
            &[page("a/index.html", "same"), page("b/index.html", "new")],
        )
        .unwrap();
        assert_eq!(
            inode("a/index.html"),
            a,
            "an unchanged page is linked, not rewritten"
        );
        assert_ne!(inode("b/index.html"), b, "a changed page is a new file");
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(out.join("a/index.html")).unwrap().nlink(),
            1
        );
    }

    fn cross_device(_: &Path, _: &Path) -> io::Result<bool> {
        Err(io::Error::from_raw_os_error(libc::EXDEV))
    }

    #[test]
    fn an_output_that_cannot_be_renamed_is_filled_by_copying_and_moving_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[page("a/index.html", "one"), page("keep.css", "c")]).unwrap();
        let ops = Ops {
            exchange: cross_device,
            ..swap::SYSTEM
        };
        write_with(
            &out,
            &[page("b/index.html", "two"), page("keep.css", "c")],
            None,
            &ops,
        )
        .unwrap();
        assert_eq!(
            names(&out),
            [MARKER, "b", "keep.css"],
            "nothing else inside"
        );
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert_eq!(
            names(dir.path()),
            ["public"],
            "no staging folder left beside"
        );
        assert!(guard::is_marked(&out));
    }

    #[test]
    fn a_mount_point_output_is_staged_inside_and_moved_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A fresh mount point is an empty folder: the staging folder inside it is the
        // build's own and does not make it "not empty" when the build looks again.
        std::fs::create_dir(&out).unwrap();
        for (file, text) in [("a/index.html", "one"), ("b/index.html", "two")] {
            write_with(
                &out,
                &[page(file, text)],
                Some(Placement::Inside),
                &swap::SYSTEM,
            )
            .unwrap();
        }
        assert_eq!(names(&out), [MARKER, "b"]);
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[test]
    fn a_failed_move_into_a_mount_point_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let (out, incoming, old) = (
            dir.path().join("out"),
            dir.path().join("out/.praxis-staging-1"),
            dir.path().join("out/.praxis-old-1"),
        );
        std::fs::create_dir_all(out.join("b")).unwrap();
        std::fs::write(out.join("a"), "previous a").unwrap();
        std::fs::write(out.join("b/page"), "previous b").unwrap();
        std::fs::create_dir_all(incoming.join("c")).unwrap();
        // `old/b` is a folder that is not empty, so moving `b` there fails after `a` moved.
        std::fs::create_dir_all(old.join("b/full")).unwrap();
        let Err(failed) = swap::move_in_place(&out, &incoming, &old) else {
            panic!("the move should fail");
        };
        assert!(failed.restored);
        assert_eq!(std::fs::read(out.join("a")).unwrap(), b"previous a");
        assert_eq!(std::fs::read(out.join("b/page")).unwrap(), b"previous b");
        assert!(
            incoming.join("c").is_dir(),
            "the new site went back to staging"
        );
    }

    #[test]
    fn a_previous_site_that_will_not_go_away_is_a_warning_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // An earlier build, from before builds were marked.
        for file in [
            "index.html",
            "404.html",
            "sitemap.xml",
            "synthesis/index.html",
        ] {
            std::fs::create_dir_all(out.join(file).parent().unwrap()).unwrap();
            std::fs::write(out.join(file), "old").unwrap();
        }
        let ops = Ops {
            remove: |_| Err(io::Error::other("device busy")),
            ..swap::SYSTEM
        };
        let committed = write_with(&out, &[page("b/index.html", "two")], None, &ops).unwrap();
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert!(committed.warnings[0].contains("earlier praxis build"));
        assert_eq!(committed.warnings.len(), 2, "{:?}", committed.warnings);
        assert!(committed.warnings[1].contains("device busy"));
        // What is left of the previous site is marked, so a later build may remove it.
        let left = names(dir.path());
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(guard::is_marked(&dir.path().join(&left[1])), "{left:?}");
    }

    #[test]
    fn a_build_dropped_before_commit_leaves_nothing_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[page("a/index.html", "one")]).unwrap();
        let sources = Sources {
            root: dir.path().join("site"),
            protected: Vec::new(),
        };
        let staging = Staging::new(Target::check(&out, &sources, false).unwrap()).unwrap();
        staging.write(&page("b/index.html", "two")).unwrap();
        drop(staging);
        assert_eq!(names(dir.path()), ["public"]);
        assert_eq!(names(&out), [MARKER, "a"]);
    }
}
