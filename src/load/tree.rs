//! Walk the source tree and sort what is found into hubs, reports, chapters, pages and
//! assets, by position alone: nothing is parsed here.
//!
//! ```text
//! hubs/<hub>/hub.yaml                 a hub
//! hubs/<hub>/<report>/_index.md       a report
//! hubs/<hub>/<report>/<NN-slug>.md    a chapter
//! content/**.md                       the Lab's own pages
//! <name>.<lang>.md, hub.<lang>.yaml     a translation of the file beside it (hubs/, content/)
//! resources/<slug>.md                 an item of the resource library
//! survey/survey.yaml                  the survey's questionnaire
//! survey/jurisdictions/<id>.yaml      one jurisdiction's answers
//! anything else                       an asset, copied beside its page
//! ```

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::load::front_matter::SourceFile;
use crate::walk::{files_under, url_path};

pub const HUBS_DIR: &str = "hubs";
pub const CONTENT_DIR: &str = "content";
pub const RESOURCES_DIR: &str = "resources";
pub const SURVEY_DIR: &str = "survey";
/// The survey's questionnaire.
pub const DEFINITION_FILE: &str = "survey/survey.yaml";
/// One file per jurisdiction's answers.
pub const JURISDICTIONS_DIR: &str = "survey/jurisdictions";
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
    /// `<name>.<lang>.md` and `hub.<lang>.yaml` under `hubs/` and `content/`: translations,
    /// found by name alone (whether the language and the original exist is checked later).
    pub translations: Vec<TranslationFile>,
}

/// A file whose name says it translates the file beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationFile {
    pub rel: PathBuf,
    /// The file it translates: the same name without the language code.
    pub original: PathBuf,
    /// The code in its name, as written (`fr`).
    pub language: String,
}

/// `03-tendering.fr.md` -> (`03-tendering.md`, `fr`); `hub.es.yaml` -> (`hub.yaml`, `es`).
/// Only a code site.toml's `[[languages]]` would accept counts, so a name with another dot
/// is left to the usual file-name checks.
pub fn translation_of(rel: &Path) -> Option<(PathBuf, String)> {
    let name = rel.file_name()?.to_str()?;
    let (rest, extension) = name.rsplit_once('.')?;
    if extension != "md" && !(extension == "yaml" && rest.starts_with("hub.")) {
        return None;
    }
    let (stem, code) = rest.rsplit_once('.')?;
    if stem.is_empty() || crate::config::check_language_code(code).is_err() {
        return None;
    }
    Some((
        rel.with_file_name(format!("{stem}.{extension}")),
        code.to_owned(),
    ))
}

/// Keep `rel` out of the tree's usual places when it is a translation.
fn is_translation(tree: &mut Tree, rel: &Path) -> bool {
    let Some((original, language)) = translation_of(rel) else {
        return false;
    };
    tree.translations.push(TranslationFile {
        rel: rel.to_path_buf(),
        original,
        language,
    });
    true
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

pub fn discover(root: &Path, diagnostics: &mut Diagnostics) -> Tree {
    let mut tree = Tree::default();

    for rel in files_under(root, Path::new(CONTENT_DIR), diagnostics) {
        if is_translation(&mut tree, &rel) {
            continue;
        }
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
        if is_translation(&mut tree, &rel) {
            continue;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_are_named_by_the_code_before_the_extension() {
        let of = |p: &str| translation_of(Path::new(p));
        assert_eq!(
            of("hubs/a/r/03-tendering.fr.md"),
            Some((PathBuf::from("hubs/a/r/03-tendering.md"), "fr".into()))
        );
        assert_eq!(
            of("hubs/a/r/_index.pt-BR.md"),
            Some((PathBuf::from("hubs/a/r/_index.md"), "pt-BR".into()))
        );
        assert_eq!(
            of("hubs/a/hub.es.yaml"),
            Some((PathBuf::from("hubs/a/hub.yaml"), "es".into()))
        );
        assert_eq!(of("content/about.md"), None);
        assert_eq!(of("content/report.v2.md"), None);
        assert_eq!(of("content/figure.fr.png"), None);
        assert_eq!(of("hubs/a/r/.fr.md"), None);
    }
}
