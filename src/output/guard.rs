//! What `praxis build` may replace. A build deletes whatever stood at its output, so before
//! anything is written the output is resolved (symbolic links followed, relative parts
//! removed) and held against the site: it may be replaced only if it is missing, empty, or a
//! folder praxis built (it holds the [`MARKER`] file every build writes). This module decides;
//! it deletes nothing.
//!
//! `--force` lets a build replace a file or a folder praxis did not build. It never lets a
//! build replace, contain or sit inside the site's root, its sources or the repository's
//! history, nor contain the user's home folder or the current folder: those refusals have no
//! override, since no build needs them and one typo would lose work nobody can rebuild.

use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file every build writes at the top of its output, so the next build knows the folder
/// is its own. Hidden (a dot file) and never listed by the sitemap or the search index, which
/// are built from the site, not from the folder; GitHub Pages publishes it harmlessly.
pub const MARKER: &str = ".praxis-build";

/// The marker's bytes: constant, so two builds of the same input stay byte-identical.
pub const MARKER_TEXT: &str = "This folder was built by praxis, and the next `praxis build` \
replaces it whole.\nKeep nothing of your own here: it would be deleted.\n";

/// Files every praxis build has written since the first version, before builds carried the
/// marker: `index.html`, `404.html`, `sitemap.xml` and the synthesis page (a page kind no
/// other generator makes).
const EARLIER_BUILD: [&str; 4] = [
    "index.html",
    "404.html",
    "sitemap.xml",
    "synthesis/index.html",
];

/// What the site reads and must never lose: its root and the sources under it.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The site's root folder.
    pub root: PathBuf,
    /// Files and folders under the root that the site reads (`site.toml`, `hubs`, ...) or that
    /// must never be replaced (`.git`), relative to the root.
    pub protected: Vec<PathBuf>,
}

/// An output folder the guard accepted, resolved to an absolute path.
#[derive(Clone, Debug)]
pub struct Target {
    /// Absolute, symbolic links resolved: every later step works on this path, so what was
    /// checked is what gets replaced.
    pub path: PathBuf,
    /// The output as the user wrote it, for messages.
    pub shown: PathBuf,
    /// What stood there when the build started.
    pub found: Found,
    force: bool,
}

/// What stood at the output when the guard looked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    Missing,
    Empty,
    /// A folder holding the marker: an earlier build's output.
    Marked,
    /// A folder without the marker that holds every file of [`EARLIER_BUILD`]: the output
    /// of a praxis from before the marker existed.
    EarlierBuild,
    /// A file, replaced because of `--force`.
    ForcedFile,
    /// A folder praxis did not build, replaced because of `--force`.
    ForcedFolder,
}

/// Why the guard refused an output. Nothing has been written when this is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The output is the site's root folder (`is_root`) or a folder above it.
    HoldsRoot { root: PathBuf, is_root: bool },
    /// The output is a source (`hubs`, `site.toml`, ...) of the site.
    IsSource { source: PathBuf },
    /// The output is a folder holding a source that lives outside the root (through a link).
    HoldsSource { source: PathBuf },
    /// The output is inside a source folder, such as `hubs/x`.
    InsideSource { source: PathBuf },
    /// The output is the home folder or the current folder, or holds one of them.
    HoldsUserFolder { folder: PathBuf },
    /// The output is a symbolic link to nothing.
    DanglingLink,
    /// The output is a file (or something else that is not a folder); `--force` replaces it.
    NotAFolder,
    /// The output is a folder praxis did not build; `--force` replaces it.
    NotOurs { example: String },
}

impl Refusal {
    /// Whether `--force` overrides this refusal.
    pub fn forceable(&self) -> bool {
        matches!(self, Refusal::NotAFolder | Refusal::NotOurs { .. })
    }

    fn reason(&self) -> String {
        match self {
            Refusal::HoldsRoot { is_root: true, .. } => {
                "it is the site's root folder, and the build would delete every source in it".into()
            }
            Refusal::HoldsRoot { root, .. } => format!(
                "it holds the site's root folder ({}), and the build would delete every source in it",
                root.display()
            ),
            Refusal::IsSource { source } => format!(
                "it is the site's source `{}`, which the build would delete",
                source.display()
            ),
            Refusal::HoldsSource { source } => format!(
                "it holds the site's source `{}`, which the build would delete",
                source.display()
            ),
            Refusal::InsideSource { source } => format!(
                "it is inside the site's source `{}`: the build would write pages among the sources",
                source.display()
            ),
            Refusal::HoldsUserFolder { folder } => format!(
                "it is or holds {}, and the build would delete everything in it",
                folder.display()
            ),
            Refusal::DanglingLink => "it is a symbolic link to nothing".into(),
            Refusal::NotAFolder => {
                "it is a file, not a folder, and the build would delete it".into()
            }
            Refusal::NotOurs { example } => format!(
                "it holds files praxis did not build (such as `{example}`) and no `{MARKER}` marker, \
                 and the build would delete them"
            ),
        }
    }

    fn help(&self) -> String {
        let pick = "give --output a folder of its own, such as `public` (the default)";
        match self {
            Refusal::DanglingLink => {
                format!("{pick}, or point the link at an existing folder")
            }
            Refusal::NotAFolder => format!(
                "{pick}, or pass --force to delete the file and build a folder in its place"
            ),
            Refusal::NotOurs { .. } => format!(
                "{pick}, move your files out of it, or pass --force to delete them and replace the folder"
            ),
            _ => format!("{pick}; --force does not override this"),
        }
    }
}

/// Why writing the output failed. A refusal comes before anything is written; an I/O error
/// says in its message what state the output is in.
#[derive(Debug)]
pub enum OutputError {
    Refused {
        shown: PathBuf,
        refusal: Refusal,
    },
    Io {
        shown: PathBuf,
        /// What was being done, such as "cannot write the site".
        doing: String,
        error: io::Error,
    },
}

impl OutputError {
    pub(super) fn io(shown: &Path, doing: impl Into<String>, error: io::Error) -> OutputError {
        OutputError::Io {
            shown: shown.to_path_buf(),
            doing: doing.into(),
            error,
        }
    }

    /// The output as the user wrote it.
    pub fn path(&self) -> &Path {
        match self {
            OutputError::Refused { shown, .. } | OutputError::Io { shown, .. } => shown,
        }
    }

    /// How to fix it.
    pub fn help(&self) -> Option<String> {
        match self {
            OutputError::Refused { refusal, .. } => Some(refusal.help()),
            OutputError::Io { .. } => None,
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Refused { shown, refusal } => write!(
                f,
                "refusing to build into `{}`: {}",
                shown.display(),
                refusal.reason()
            ),
            OutputError::Io { doing, error, .. } => write!(f, "{doing}: {error}"),
        }
    }
}

impl std::error::Error for OutputError {}

impl Target {
    /// Resolve `output` and decide whether a build may replace it.
    pub fn check(output: &Path, sources: &Sources, force: bool) -> Result<Target, OutputError> {
        let refused = |refusal| OutputError::Refused {
            shown: output.to_path_buf(),
            refusal,
        };
        let io_error = |error| OutputError::io(output, "cannot look at the output folder", error);
        let path = resolve(output)
            .map_err(io_error)?
            .ok_or(refused(Refusal::DanglingLink))?;
        if let Some(refusal) = overlap(&path, sources).map_err(io_error)? {
            return Err(refused(refusal));
        }
        let found = match state(&path, None).map_err(io_error)? {
            Ok(found) => found,
            Err(refusal) if force && refusal.forceable() => {
                if let Some(refusal) = holds_user_folder(&path).map_err(io_error)? {
                    return Err(refused(refusal));
                }
                match refusal {
                    Refusal::NotAFolder => Found::ForcedFile,
                    _ => Found::ForcedFolder,
                }
            }
            Err(refusal) => return Err(refused(refusal)),
        };
        Ok(Target {
            path,
            shown: output.to_path_buf(),
            found,
            force,
        })
    }

    /// Look again just before the swap: a build takes a while, and a file a user dropped into
    /// an empty output meanwhile must not be lost. `staging` is the build's own folder when it
    /// sits inside the output (a mount point), which does not count.
    pub fn check_again(&self, staging: Option<&OsStr>) -> Result<(), OutputError> {
        if self.force {
            return Ok(());
        }
        match state(&self.path, staging) {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(refusal)) => Err(OutputError::Refused {
                shown: self.shown.clone(),
                refusal,
            }),
            Err(error) => Err(OutputError::io(
                &self.shown,
                "cannot look at the output folder",
                error,
            )),
        }
    }

    /// A note for the user about what the build replaced, when it is worth one.
    pub fn note(&self) -> Option<String> {
        let shown = self.shown.display();
        match self.found {
            Found::EarlierBuild => Some(format!(
                "`{shown}` had no `{MARKER}` marker but holds an earlier praxis build \
                 ({}): it was replaced and is marked from now on",
                EARLIER_BUILD.join(", ")
            )),
            Found::ForcedFile => Some(format!("--force: replaced the file `{shown}`")),
            Found::ForcedFolder => Some(format!(
                "--force: replaced `{shown}`, a folder praxis had not built"
            )),
            Found::Missing | Found::Empty | Found::Marked => None,
        }
    }
}

/// `path` made absolute, with every symbolic link and `..` of its existing part resolved by
/// the system and the rest (which does not exist yet, so holds no links) normalised as text,
/// as creating the folders would. `None` when the path leads through a link to nothing.
fn resolve(path: &Path) -> io::Result<Option<PathBuf>> {
    let absolute = std::path::absolute(path)?;
    let components: Vec<Component> = absolute.components().collect();
    // The longest prefix that exists; the first component (the root) always does.
    let mut split = components.len();
    while split > 1 {
        let prefix: PathBuf = components[..split].iter().collect();
        match std::fs::symlink_metadata(&prefix) {
            Ok(meta) if meta.file_type().is_symlink() && !prefix.exists() => return Ok(None),
            Ok(_) => break,
            // `site.toml/x` is as much inside a source as `hubs/x`: keep walking up.
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                split -= 1
            }
            Err(err) => return Err(err),
        }
    }
    let mut resolved = components[..split]
        .iter()
        .collect::<PathBuf>()
        .canonicalize()?;
    for component in &components[split..] {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Ok(Some(resolved))
}

/// Whether `output` overlaps the site in a way no flag overrides.
fn overlap(output: &Path, sources: &Sources) -> io::Result<Option<Refusal>> {
    let root = resolve(&sources.root)?.unwrap_or_else(|| sources.root.clone());
    if root.starts_with(output) {
        let is_root = root == output;
        return Ok(Some(Refusal::HoldsRoot { root, is_root }));
    }
    for source in &sources.protected {
        let Some(resolved) = resolve(&sources.root.join(source))? else {
            continue;
        };
        let source = source.clone();
        if resolved == output {
            return Ok(Some(Refusal::IsSource { source }));
        }
        if resolved.starts_with(output) {
            return Ok(Some(Refusal::HoldsSource { source }));
        }
        if output.starts_with(&resolved) {
            return Ok(Some(Refusal::InsideSource { source }));
        }
    }
    Ok(None)
}

/// Whether `output` is or holds the home folder or the current folder: never replaced by
/// `--force` (a build's own output may hold the current folder: a reader serving it from
/// inside loses nothing).
fn holds_user_folder(output: &Path) -> io::Result<Option<Refusal>> {
    let user_folders = [std::env::home_dir(), std::env::current_dir().ok()];
    for folder in user_folders.into_iter().flatten() {
        let Some(folder) = resolve(&folder)? else {
            continue;
        };
        if folder.starts_with(output) {
            return Ok(Some(Refusal::HoldsUserFolder { folder }));
        }
    }
    Ok(None)
}

/// What stands at `path` (already resolved): acceptable, or why not (before `--force`).
/// An entry named `own` is the build's staging folder and does not count.
fn state(path: &Path, own: Option<&OsStr>) -> io::Result<Result<Found, Refusal>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Ok(Found::Missing)),
        Err(err) => return Err(err),
    };
    if !meta.is_dir() {
        return Ok(Err(Refusal::NotAFolder));
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let name = entry?.file_name();
        if Some(name.as_os_str()) != own {
            names.push(name.to_string_lossy().into_owned());
        }
    }
    if names.is_empty() {
        return Ok(Ok(Found::Empty));
    }
    if is_marked(path) {
        return Ok(Ok(Found::Marked));
    }
    // Until this version, builds wrote no marker, and every user's `public/` is one of those.
    // Refusing them would make everyone pass --force once, and a habit of --force is how
    // files get lost; accepting any folder would lose a user's. A folder holding every file
    // any praxis build wrote since the first is taken as one: those builds replaced the
    // whole folder each time, so nothing in it could have outlived the next build anyway.
    if EARLIER_BUILD.iter().all(|file| path.join(file).is_file()) {
        return Ok(Ok(Found::EarlierBuild));
    }
    names.sort();
    Ok(Err(Refusal::NotOurs {
        example: names.swap_remove(0),
    }))
}

/// Whether `dir` holds the marker as a regular file with the marker's text.
pub fn is_marked(dir: &Path) -> bool {
    let marker = dir.join(MARKER);
    std::fs::symlink_metadata(&marker).is_ok_and(|meta| meta.is_file())
        && std::fs::read(&marker).is_ok_and(|bytes| bytes == MARKER_TEXT.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Sources) {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["hubs/alpha", "content", "themes"] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        std::fs::write(dir.path().join("site.toml"), "title = 'x'\n").unwrap();
        let sources = Sources {
            root: dir.path().to_path_buf(),
            protected: ["site.toml", "hubs", "content", "themes", ".git"]
                .map(PathBuf::from)
                .to_vec(),
        };
        (dir, sources)
    }

    fn refusal(output: &Path, sources: &Sources, force: bool) -> Refusal {
        match Target::check(output, sources, force) {
            Err(OutputError::Refused { refusal, .. }) => refusal,
            other => panic!("{} was not refused: {other:?}", output.display()),
        }
    }

    #[test]
    fn sources_and_the_root_are_refused_even_with_force() {
        let (dir, sources) = site();
        let root = dir.path();
        for force in [false, true] {
            assert!(matches!(
                refusal(&root.join("hubs"), &sources, force),
                Refusal::IsSource { .. }
            ));
            assert!(matches!(
                refusal(&root.join("hubs/alpha/new"), &sources, force),
                Refusal::InsideSource { .. }
            ));
            assert!(matches!(
                refusal(&root.join("site.toml"), &sources, force),
                Refusal::IsSource { .. }
            ));
            assert!(matches!(
                refusal(&root.join(".git"), &sources, force),
                Refusal::IsSource { .. }
            ));
            for holder in [root.to_path_buf(), root.join(".."), root.join("public/..")] {
                assert!(matches!(
                    refusal(&holder, &sources, force),
                    Refusal::HoldsRoot { .. }
                ));
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_source_is_the_source() {
        let (dir, sources) = site();
        let link = dir.path().join("out");
        std::os::unix::fs::symlink(dir.path().join("content"), &link).unwrap();
        assert!(matches!(
            refusal(&link, &sources, true),
            Refusal::IsSource { .. }
        ));
        let dangling = dir.path().join("gone");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert_eq!(refusal(&dangling, &sources, true), Refusal::DanglingLink);
    }

    #[test]
    fn a_missing_path_through_dot_dot_is_resolved_before_the_check() {
        let (dir, sources) = site();
        let sneaky = dir.path().join("public/new/../../hubs");
        assert!(matches!(
            refusal(&sneaky, &sources, true),
            Refusal::IsSource { .. }
        ));
    }

    #[test]
    fn what_may_be_replaced() {
        let (dir, sources) = site();
        let out = dir.path().join("public");
        let found = |force| Target::check(&out, &sources, force).map(|t| t.found);
        assert_eq!(found(false).unwrap(), Found::Missing);
        std::fs::create_dir(&out).unwrap();
        assert_eq!(found(false).unwrap(), Found::Empty);
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert_eq!(
            refusal(&out, &sources, false),
            Refusal::NotOurs {
                example: "notes.txt".into()
            }
        );
        assert_eq!(found(true).unwrap(), Found::ForcedFolder);
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(found(false).unwrap(), Found::Marked);
        std::fs::write(out.join(MARKER), "something else").unwrap();
        assert!(found(false).is_err(), "a marker must hold praxis's text");
    }

    #[test]
    fn an_earlier_build_without_a_marker_is_accepted_only_whole() {
        let (dir, sources) = site();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("synthesis")).unwrap();
        for file in &EARLIER_BUILD[..3] {
            std::fs::write(out.join(file), "x").unwrap();
        }
        assert!(Target::check(&out, &sources, false).is_err());
        std::fs::write(out.join("synthesis/index.html"), "x").unwrap();
        let target = Target::check(&out, &sources, false).unwrap();
        assert_eq!(target.found, Found::EarlierBuild);
        assert!(target.note().unwrap().contains("earlier praxis build"));
    }

    #[test]
    fn force_never_replaces_the_current_folder() {
        let (_dir, sources) = site();
        let here = std::env::current_dir().unwrap();
        assert!(matches!(
            refusal(&here, &sources, true),
            Refusal::HoldsUserFolder { .. }
        ));
    }

    #[test]
    fn a_file_is_replaced_only_with_force() {
        let (dir, sources) = site();
        let file = dir.path().join("notes.md");
        std::fs::write(&file, "mine").unwrap();
        assert_eq!(refusal(&file, &sources, false), Refusal::NotAFolder);
        assert_eq!(
            Target::check(&file, &sources, true).unwrap().found,
            Found::ForcedFile
        );
    }

    #[test]
    fn a_file_dropped_into_an_empty_output_during_the_build_stops_the_swap() {
        let (dir, sources) = site();
        let out = dir.path().join("public");
        let target = Target::check(&out, &sources, false).unwrap();
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("draft.txt"), "mine").unwrap();
        assert!(target.check_again(None).is_err());
    }
}
