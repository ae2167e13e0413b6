//! `praxis init`: write a small, complete site into a new or empty folder, so that a partner
//! starts from something that builds, passes `check --deny-warnings` and serves at once.
//!
//! The starter site lives as real files in `src/starter/` (a designer or writer opens and
//! edits them there) and is compiled in with `include_str!`. The theme is not copied: it is
//! built into praxis, and a site overrides single files of it in `templates/` and `static/`.
//!
//! `init` never overwrites anything: it refuses a folder that holds anything but `.git`, and
//! creates each file only if no file of that name exists.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The starter site, file by file: (path inside the new site, text). The list is checked
/// against the files of `src/starter/` by a test, so a file added there cannot be forgotten.
pub const FILES: &[(&str, &str)] = &[
    (".gitignore", include_str!("starter/.gitignore")),
    ("site.toml", include_str!("starter/site.toml")),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    ("content/about.md", include_str!("starter/content/about.md")),
    (
        "hubs/cleaning-services/hub.yaml",
        include_str!("starter/hubs/cleaning-services/hub.yaml"),
    ),
    (
        "hubs/cleaning-services/fair-cleaning-contracts/_index.md",
        include_str!("starter/hubs/cleaning-services/fair-cleaning-contracts/_index.md"),
    ),
    (
        "hubs/cleaning-services/fair-cleaning-contracts/01-planning.md",
        include_str!("starter/hubs/cleaning-services/fair-cleaning-contracts/01-planning.md"),
    ),
    (
        "hubs/cleaning-services/fair-cleaning-contracts/02-contract-monitoring.md",
        include_str!(
            "starter/hubs/cleaning-services/fair-cleaning-contracts/02-contract-monitoring.md"
        ),
    ),
];

/// Entries a folder may already hold and still count as empty: a freshly created repository
/// (`git init`) has nothing but `.git`, which the starter site never writes into.
const ALLOWED_ENTRIES: &[&str] = &[".git"];

/// What `init` wrote.
#[derive(Debug)]
pub struct Initialized {
    /// Whether the folder did not exist and was created.
    pub created_folder: bool,
    /// The files written, relative to the site's root, in the order written.
    pub files: Vec<PathBuf>,
}

/// Why `init` wrote nothing, or stopped.
#[derive(Debug)]
pub enum InitError {
    /// The folder holds files already; `entries` names a few of them.
    NotEmpty { dir: PathBuf, entries: Vec<String> },
    /// The path exists and is not a folder.
    NotAFolder { dir: PathBuf },
    /// Reading the folder, creating it or writing a file failed.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::NotEmpty { dir, entries } => write!(
                f,
                "{folder} is not empty (it holds {}); praxis init writes a new site only into an empty folder, so that it replaces nothing\n  = help: give the name of a folder that does not exist yet, for example `praxis init my-site`, and praxis creates it; or move the files out of {folder}",
                entries.join(", "),
                folder = folder_name(dir),
            ),
            InitError::NotAFolder { dir } => write!(
                f,
                "{} exists and is not a folder\n  = help: give the name of a new or empty folder, for example `praxis init my-site`",
                folder_name(dir)
            ),
            InitError::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for InitError {}

/// How messages name the folder: "the current folder" rather than a bare `.`.
fn folder_name(dir: &Path) -> String {
    if dir == Path::new(".") {
        "the current folder".to_owned()
    } else {
        dir.display().to_string()
    }
}

/// Write the starter site into `dir`, creating the folder if it is missing. Refuses a folder
/// that holds anything (but `.git`) and a path that is not a folder.
pub fn init(dir: &Path) -> Result<Initialized, InitError> {
    let created_folder = prepare_folder(dir)?;
    let mut files = Vec::with_capacity(FILES.len());
    for (rel, text) in FILES {
        write_new(dir, Path::new(rel), text)?;
        files.push(PathBuf::from(rel));
    }
    Ok(Initialized {
        created_folder,
        files,
    })
}

/// Make sure `dir` is an empty folder, creating it (and its parents) if missing. Returns
/// whether it was created.
fn prepare_folder(dir: &Path) -> Result<bool, InitError> {
    let io = |error| InitError::Io {
        path: dir.to_path_buf(),
        error,
    };
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(InitError::NotAFolder {
            dir: dir.to_path_buf(),
        }),
        Ok(_) => {
            let entries = unexpected_entries(dir).map_err(io)?;
            if entries.is_empty() {
                Ok(false)
            } else {
                Err(InitError::NotEmpty {
                    dir: dir.to_path_buf(),
                    entries,
                })
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(io)?;
            Ok(true)
        }
        Err(error) => Err(io(error)),
    }
}

/// The first few entries of `dir` (sorted, so the message is stable) that make it non-empty,
/// with "and N more" when there are more.
fn unexpected_entries(dir: &Path) -> std::io::Result<Vec<String>> {
    const SHOWN: usize = 3;
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !ALLOWED_ENTRIES.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names.sort();
    let more = names.len().saturating_sub(SHOWN);
    names.truncate(SHOWN);
    if more > 0 {
        names.push(format!("and {more} more"));
    }
    Ok(names)
}

/// Create `root/rel` with `text`, failing rather than replacing a file that appeared since the
/// folder was found empty.
fn write_new(root: &Path, rel: &Path, text: &str) -> Result<(), InitError> {
    let path = root.join(rel);
    let io = |error| InitError::Io {
        path: path.clone(),
        error,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `src/starter/` is in [`FILES`], and nothing else is.
    #[test]
    fn files_lists_every_file_of_the_starter_folder() {
        let starter = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/starter");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&starter)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&starter).expect("inside the starter");
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(rel, _)| (*rel).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "list every file of src/starter/ in FILES");
    }

    #[test]
    fn the_starter_site_toml_parses_without_a_problem() {
        let mut diagnostics = crate::diagnostics::Diagnostics::default();
        let (_, text) = FILES
            .iter()
            .find(|(rel, _)| *rel == "site.toml")
            .expect("the starter has a site.toml");
        let config = crate::config::Config::parse(text, None, &mut diagnostics)
            .expect("the starter's site.toml parses");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.phases.len(), 6);
        assert!(config.taxonomies.iter().all(|t| t.terms.is_some()));
    }

    #[test]
    fn a_folder_holding_only_git_counts_as_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(".git")).expect("create .git");
        let done = init(dir.path()).expect("init beside .git");
        assert!(!done.created_folder);
        assert!(dir.path().join("site.toml").is_file());
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("mysite");
        std::fs::write(&file, "notes").expect("write file");
        let err = init(&file).expect_err("a file is not a folder");
        assert!(matches!(err, InitError::NotAFolder { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "notes");
    }

    #[test]
    fn a_crowded_folder_is_named_with_its_first_entries() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["e", "d", "c", "b", "a"] {
            std::fs::write(dir.path().join(name), "").expect("write file");
        }
        let err = init(dir.path()).expect_err("not empty");
        let InitError::NotEmpty { entries, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(entries, &["a", "b", "c", "and 2 more"]);
    }
}
