//! An incremental build's output, updated in place: only the files whose bytes changed are
//! written (into the staging folder first, then renamed over the output's), and the files
//! the new build no longer makes are removed.
//!
//! This trades the one-rename swap of a full build for time: a one-chapter edit of a site of
//! 10,000 chapters changes a handful of its 14,000 files, and linking every unchanged file
//! into a new folder, swapping and removing the old one took most of such a rebuild. What
//! the trade keeps: nothing in the output changes until every page rendered and every file
//! was made (a failed build still leaves the output as it was), and each file is replaced
//! by one rename, so no reader ever gets half a file. What it gives up: while the changed
//! files are moved in (milliseconds), a reader may see some of them new and some old. The
//! caller removes the build's cache before the first move, so a build killed during the
//! moves leaves no cache, and the next build is a full one that swaps a complete site in.

use std::collections::HashSet;
use std::io;
use std::path::Path;
use std::sync::Mutex;

use super::MARKER;

/// What an in-place build starts from and made: every file of the last build, and the ones
/// that changed.
pub(super) struct Patch {
    /// Every file the last build made (its cache keeps the list), so that the files no
    /// longer made are found without walking an output of thousands of folders.
    previous: Vec<String>,
    staged: Mutex<Vec<String>>,
}

impl Patch {
    pub(super) fn new(previous: Vec<String>) -> Patch {
        Patch {
            previous,
            staged: Mutex::default(),
        }
    }

    /// `path` changed: its new bytes are in the staging folder.
    pub(super) fn stage(&self, path: &str) {
        self.staged
            .lock()
            .expect("not poisoned")
            .push(path.to_owned());
    }

    /// How many files changed so far.
    pub(super) fn changed(&self) -> usize {
        self.staged.lock().expect("not poisoned").len()
    }

    /// Move the staged files from `staging` over the output's and remove the files of the
    /// last build the new site does not have (and folders left empty). `produced` is every
    /// file of the new site.
    pub(super) fn apply(
        self,
        staging: &Path,
        output: &Path,
        produced: &HashSet<String>,
    ) -> io::Result<()> {
        let mut staged = self.staged.into_inner().expect("not poisoned");
        staged.sort();
        for path in &staged {
            move_over(&staging.join(path), output, path)?;
        }
        remove_unproduced(output, &self.previous, produced)
    }
}

/// Rename `from` to `output/path`, making way for it: a file standing where one of its
/// folders must be, or a folder where the file goes (a page that became an asset's folder,
/// or the reverse), is removed first.
fn move_over(from: &Path, output: &Path, path: &str) -> io::Result<()> {
    let to = output.join(path);
    let mut folder = output.to_path_buf();
    let parents: Vec<&str> = path.split('/').collect();
    for name in &parents[..parents.len() - 1] {
        folder.push(name);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                std::fs::remove_file(&folder)?;
                std::fs::create_dir(&folder)?;
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => std::fs::create_dir(&folder)?,
            Err(err) => return Err(err),
        }
    }
    if std::fs::symlink_metadata(&to).is_ok_and(|meta| meta.is_dir()) {
        std::fs::remove_dir_all(&to)?;
    }
    std::fs::rename(from, to)
}

/// Remove every file of the last build the new site does not have, then the folders that
/// left empty (a build never writes an empty folder, so a clean build has none either).
fn remove_unproduced(
    output: &Path,
    previous: &[String],
    produced: &HashSet<String>,
) -> io::Result<()> {
    let mut emptied = std::collections::BTreeSet::new();
    for relative in previous {
        if relative == MARKER || produced.contains(relative) {
            continue;
        }
        let path = output.join(relative);
        if let Err(err) = std::fs::remove_file(&path) {
            match std::fs::symlink_metadata(&path) {
                // Gone already: removed by hand, or one of its folders became a new file.
                Err(_) => {}
                // A folder where the last build had a file: new files of this build are in it.
                Ok(meta) if meta.is_dir() => continue,
                Ok(_) => return Err(err),
            }
        }
        emptied.extend(
            path.ancestors()
                .skip(1)
                .take_while(|a| *a != output)
                .map(Path::to_path_buf),
        );
    }
    // Deepest first; a folder that still holds files of the new site stays.
    for folder in emptied.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}
