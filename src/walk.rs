//! The site's edge on disk: every file under a folder of the site, with a symbolic link that
//! leads out of the site refused and never followed, and a relative path as a URL path.
//! Content (`load::tree`) and the theme (`theme`) are walked by the same rule.
//!
//! It knows no folder's meaning (hubs, content, templates); it must not import anything of
//! praxis above `diagnostics`.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};

/// The site root as the file system names it, which every resolved path is compared with.
pub fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Does `path` (on disk, any symbolic links in it followed) lie inside the site?
fn resolves_inside(canonical_root: &Path, path: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(canonical_root))
}

/// The error for a file or folder that reaches outside the site through a symbolic link.
pub fn link_out_of_site(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        Location::file(rel),
        "this symbolic link points outside the site and was refused",
    )
    .help("copy the file or folder into the site instead of linking to it")
}

/// Check that `rel` (relative to `root`), whether a file or a folder, lies inside the site
/// once every symbolic link on its way is followed. A theme's templates are read through
/// this, so a template linked to `/etc/passwd` is never opened.
pub fn check_inside(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    if resolves_inside(&canonical_root(root), &root.join(rel)) {
        Ok(())
    } else {
        Err(link_out_of_site(rel))
    }
}

/// Every regular file under `dir` (relative to `root`), sorted, skipping hidden files.
///
/// Symbolic links that stay inside the site are followed; a link that leads out is refused
/// with one error and never followed: the walk itself never follows links, so the target of
/// a refused link is not even listed (a link to `/` costs one `canonicalize`, not a walk of the
/// disk). A link inside the site is walked as a folder of its own, unless it leads back into
/// a folder the walk is already in. Content, the theme's static files and its templates are
/// all held to this one rule.
pub fn files_under(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let canonical_root = canonical_root(root);
    // `dir` itself, or a folder above it (`themes/default`), may be the link.
    let Some(canonical_base) = base
        .canonicalize()
        .ok()
        .filter(|b| b.starts_with(&canonical_root))
    else {
        diagnostics.push(link_out_of_site(dir));
        return Vec::new();
    };
    let mut walk = Walk {
        root,
        canonical_root: &canonical_root,
        files: Vec::new(),
        diagnostics,
    };
    walk.folder(&base, &mut vec![canonical_base]);
    walk.files
}

/// One walk of [`files_under`].
struct Walk<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    files: Vec<PathBuf>,
    diagnostics: &'a mut Diagnostics,
}

impl Walk<'_> {
    /// Walk `folder`; `within` holds the real paths of the folders the walk entered it by
    /// (the base, then the target of each link on the way), to stop a link loop.
    fn folder(&mut self, folder: &Path, within: &mut Vec<PathBuf>) {
        let mut entries = WalkDir::new(folder).sort_by_file_name().into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().unwrap_or(folder);
                    self.diagnostics.push(Diagnostic::error(
                        Location::file(self.rel(path)),
                        format!("cannot read this folder: {err}"),
                    ));
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            if entry.file_name().to_string_lossy().starts_with('.') {
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if entry.path_is_symlink() {
                self.link(entry.path(), within);
            } else if entry.file_type().is_file() {
                self.files.push(self.rel(entry.path()));
            }
        }
    }

    /// A symbolic link met by the walk: refused if it leads out of the site or back into a
    /// folder being walked, else its file taken or its folder walked.
    fn link(&mut self, link: &Path, within: &mut Vec<PathBuf>) {
        let rel = self.rel(link);
        let target = match link.canonicalize() {
            Ok(target) if target.starts_with(self.canonical_root) => target,
            Ok(_) => return self.diagnostics.push(link_out_of_site(&rel)),
            Err(err) => {
                return self.diagnostics.push(
                    Diagnostic::error(
                        Location::file(&rel),
                        format!("cannot follow this symbolic link: {err}"),
                    )
                    .help("point the link at a file inside the site, or remove it"),
                );
            }
        };
        if target.is_file() {
            self.files.push(rel);
            return;
        }
        let here = link
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .unwrap_or_default();
        if within
            .iter()
            .chain([&here])
            .any(|folder| folder.starts_with(&target))
        {
            self.diagnostics.push(
                Diagnostic::error(
                    Location::file(&rel),
                    "this symbolic link leads back into a folder that contains it",
                )
                .help("remove the link, or link to the files themselves"),
            );
            return;
        }
        within.push(target);
        self.folder(link, within);
        within.pop();
    }

    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// A relative file path as a URL path with forward slashes.
pub fn url_path(path: &Path) -> String {
    display_path(path).trim_start_matches('/').to_owned()
}
