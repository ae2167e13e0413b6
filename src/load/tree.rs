//! Walk the source tree and sort what is found into hubs, reports, chapters, pages and
//! assets, by position alone: nothing is parsed here.
//!
//! ```text
//! hubs/<hub>/hub.yaml                 a hub
//! hubs/<hub>/<report>/_index.md       a report
//! hubs/<hub>/<report>/<NN-slug>.md    a chapter
//! content/**.md                       the Lab's own pages
//! resources/<slug>.md                 an item of the resource library
//! survey/survey.yaml                  the survey's questionnaire
//! survey/jurisdictions/<id>.yaml      one jurisdiction's answers
//! anything else                       an asset, copied beside its page
//! ```

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::load::front_matter::SourceFile;

pub const HUBS_DIR: &str = "hubs";
pub const CONTENT_DIR: &str = "content";
pub const RESOURCES_DIR: &str = "resources";
pub const HUB_FILE: &str = "hub.yaml";
pub const INDEX_FILE: &str = "_index.md";

#[derive(Debug, Default)]
pub struct Tree {
    pub hubs: Vec<HubFiles>,
    /// Markdown files under `content/`.
    pub pages: Vec<PathBuf>,
    /// `resources/<slug>.md`.
    pub resources: Vec<PathBuf>,
    /// `survey/survey.yaml`, when there is one.
    pub survey: Option<PathBuf>,
    /// `survey/jurisdictions/<id>.yaml`.
    pub jurisdictions: Vec<PathBuf>,
    /// Files copied as they are: (source, output path).
    pub assets: Vec<(PathBuf, String)>,
}

#[derive(Debug)]
pub struct HubFiles {
    pub id: String,
    /// `hubs/<hub>/hub.yaml`, or `None` when it is missing (an error already reported).
    pub hub_file: PathBuf,
    pub reports: Vec<ReportFiles>,
}

#[derive(Debug)]
pub struct ReportFiles {
    pub id: String,
    pub index: PathBuf,
    pub chapters: Vec<PathBuf>,
}

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

pub fn discover(root: &Path, diagnostics: &mut Diagnostics) -> Tree {
    let mut tree = Tree::default();

    for rel in files_under(root, Path::new(CONTENT_DIR), diagnostics) {
        if is_markdown(&rel) {
            tree.pages.push(rel);
        } else {
            let out = rel
                .strip_prefix(CONTENT_DIR)
                .map(url_path)
                .unwrap_or_default();
            tree.assets.push((rel, out));
        }
    }

    for rel in files_under(root, Path::new(RESOURCES_DIR), diagnostics) {
        if is_markdown(&rel) && rel.components().count() == 2 {
            tree.resources.push(rel);
        } else if is_markdown(&rel) {
            diagnostics.push(
                Diagnostic::error(Location::file(&rel), "a Markdown file in a folder inside resources/")
                    .help("describe each resource in its own file directly inside resources/: resources/<slug>.md"),
            );
        } else {
            let out = url_path(&rel);
            tree.assets.push((rel, out));
        }
    }

    survey_files(root, &mut tree, diagnostics);

    for rel in files_under(root, Path::new(HUBS_DIR), diagnostics) {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        // parts[0] == "hubs"
        match parts.len() {
            2 => {
                diagnostics.push(
                    Diagnostic::error(Location::file(&rel), "a file directly inside hubs/")
                        .help("hubs/ holds one folder per hub; move this file into a hub's folder"),
                );
            }
            3 if parts[2] == HUB_FILE => {
                hub_entry(&mut tree, &parts[1]).hub_file = rel;
            }
            3 if is_markdown(&rel) => {
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(&rel),
                        "a Markdown file directly inside a hub folder",
                    )
                    .help("chapters live in a report folder: hubs/<hub>/<report>/<NN-slug>.md"),
                );
            }
            4 if is_markdown(&rel) => {
                let hub = hub_entry(&mut tree, &parts[1]);
                let report = report_entry(hub, &parts[2]);
                if parts[3] == INDEX_FILE {
                    report.index = rel;
                } else {
                    report.chapters.push(rel);
                }
            }
            _ => {
                let out = url_path(&rel);
                tree.assets.push((rel, out));
            }
        }
    }

    for hub in &tree.hubs {
        let hub_dir = Path::new(HUBS_DIR).join(&hub.id);
        if hub.hub_file.as_os_str().is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&hub_dir),
                    format!("hub folder `{}` has no {HUB_FILE}", display_path(&hub_dir)),
                )
                .help(format!(
                    "add {}/{HUB_FILE} with at least `title:` and `lead:`",
                    display_path(&hub_dir)
                )),
            );
        }
        for report in &hub.reports {
            if report.index.as_os_str().is_empty() {
                let dir = hub_dir.join(&report.id);
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(&dir),
                        format!("report folder `{}` has no {INDEX_FILE}", display_path(&dir)),
                    )
                    .help(format!(
                        "add {}/{INDEX_FILE} with the report's title, or run `praxis new report {}/{}`",
                        display_path(&dir),
                        hub.id,
                        report.id
                    )),
                );
            }
        }
    }
    tree
}

fn hub_entry<'t>(tree: &'t mut Tree, id: &str) -> &'t mut HubFiles {
    if let Some(i) = tree.hubs.iter().position(|h| h.id == id) {
        return &mut tree.hubs[i];
    }
    tree.hubs.push(HubFiles {
        id: id.to_owned(),
        hub_file: PathBuf::new(),
        reports: Vec::new(),
    });
    tree.hubs.last_mut().expect("just pushed")
}

fn report_entry<'h>(hub: &'h mut HubFiles, id: &str) -> &'h mut ReportFiles {
    if let Some(i) = hub.reports.iter().position(|r| r.id == id) {
        return &mut hub.reports[i];
    }
    hub.reports.push(ReportFiles {
        id: id.to_owned(),
        index: PathBuf::new(),
        chapters: Vec::new(),
    });
    hub.reports.last_mut().expect("just pushed")
}

/// `survey/`: the questionnaire, the jurisdictions' answers, and files copied as they are.
fn survey_files(root: &Path, tree: &mut Tree, diagnostics: &mut Diagnostics) {
    use crate::load::survey::{DEFINITION_FILE, JURISDICTIONS_DIR, SURVEY_DIR};
    for rel in files_under(root, Path::new(SURVEY_DIR), diagnostics) {
        let is_yaml = rel.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if rel == Path::new(DEFINITION_FILE) {
            tree.survey = Some(rel);
        } else if is_yaml && rel.parent() == Some(Path::new(JURISDICTIONS_DIR)) {
            if rel.extension().is_some_and(|e| e == "yml") {
                diagnostics.push(
                    Diagnostic::error(Location::file(&rel), "a jurisdiction's file ending in .yml")
                        .help("rename it to end in .yaml, as the survey's other files do"),
                );
            } else {
                tree.jurisdictions.push(rel);
            }
        } else if is_yaml || is_markdown(&rel) {
            diagnostics.push(
                Diagnostic::error(Location::file(&rel), "a file the survey does not read")
                    .help(format!("the survey reads {DEFINITION_FILE} (the questions) and {JURISDICTIONS_DIR}/<id>.yaml (one jurisdiction's answers); move or rename this file")),
            );
        } else {
            let out = url_path(&rel);
            tree.assets.push((rel, out));
        }
    }
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// A relative file path as a URL path with forward slashes.
pub fn url_path(path: &Path) -> String {
    display_path(path).trim_start_matches('/').to_owned()
}

/// Read a source file as UTF-8, pointing at the first invalid byte otherwise.
pub fn read_source(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|err| {
        Diagnostic::error(Location::file(rel), format!("cannot read this file: {err}"))
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            rel: rel.to_path_buf(),
            // Editors on Windows sometimes add a byte order mark; it is not content.
            text: text
                .strip_prefix('\u{feff}')
                .map(str::to_owned)
                .unwrap_or(text),
        }),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
            let location = Location::of_offset(rel, &prefix, valid, 1, 1);
            Err(Diagnostic::error(location, "this file is not UTF-8 text")
                .label("the first byte that is not UTF-8 is here")
                .help(
                    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
                ))
        }
    }
}
