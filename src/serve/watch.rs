//! Watching the sources with notify, debounced: an editor's save is often a burst of
//! events (write a temporary file, rename it, touch the folder), and it should be one rebuild.
//!
//! Folder events are passed on, not dropped: a folder renamed or removed moves every file
//! under it with one event, and the session answers a folder with a full reload. Lost events
//! (the kernel's queue overflowed) are passed on as "everything changed".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{RecursiveMode, Watcher};

use crate::incremental::Changes;

/// How long the sources must be quiet before a batch is handed over.
const QUIET: Duration = Duration::from_millis(30);

/// The folders and files that make the site. Output folders, `target/` and `.git/` are not
/// watched, so building or committing never triggers a rebuild.
const WATCHED: &[&str] = &[
    "site.toml",
    "hubs",
    "content",
    crate::load::tree::RESOURCES_DIR,
    crate::load::survey::SURVEY_DIR,
    crate::theme::THEMES_DIR,
    crate::theme::TEMPLATES_DIR,
    crate::theme::STATIC_DIR,
    crate::i18n::I18N_DIR,
];

/// Does an editor's temporary file or a hidden file hide behind this path?
fn is_noise(path: &Path) -> bool {
    path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy();
        name.starts_with('.')
            // Emacs's auto-save files, `#chapter.md#`.
            || (name.starts_with('#') && name.ends_with('#'))
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".tmp")
    })
}

/// What the watcher thread hears from notify.
enum Raw {
    /// A path changed; `created` when the event made it appear.
    Path { rel: PathBuf, created: bool },
    /// Events were lost.
    Lost,
}

fn creates(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(CreateKind::File | CreateKind::Any | CreateKind::Other)
            | EventKind::Modify(ModifyKind::Name(RenameMode::To))
    )
}

/// Start watching `root`; each item of the returned iterator is one debounced batch of
/// changes, with paths relative to `root`. Events that happen before the first batch is
/// taken (during the first build) wait in the channel.
pub fn watch(root: &Path) -> notify::Result<mpsc::IntoIter<Changes>> {
    let root = root.canonicalize()?;
    let (raw_tx, raw_rx) = mpsc::channel::<Raw>();
    let watch_root = root.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else {
            let _ = raw_tx.send(Raw::Lost);
            return;
        };
        if event.need_rescan() {
            let _ = raw_tx.send(Raw::Lost);
        }
        if event.kind.is_access() {
            return;
        }
        let created = creates(&event.kind);
        for path in event.paths {
            // The root itself is watched only to see a source folder appear.
            if let Ok(rel) = path.strip_prefix(&watch_root)
                && rel
                    .components()
                    .next()
                    .is_some_and(|first| WATCHED.iter().any(|w| first.as_os_str() == *w))
            {
                let _ = raw_tx.send(Raw::Path {
                    rel: rel.to_path_buf(),
                    created,
                });
            }
        }
    })?;
    // A site may start without `templates/` or `static/`: watching the root (not its
    // subfolders) sees one appear, and the folder is then watched like the others.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watching = Vec::new();
    watch_sources(&mut watcher, &root, &mut watching)?;
    let (batch_tx, batch_rx) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(first) = raw_rx.recv() {
            let _ = watch_sources(&mut watcher, &root, &mut watching);
            let mut raw = vec![first];
            while let Ok(more) = raw_rx.recv_timeout(QUIET) {
                raw.push(more);
            }
            let changes = batch(&root, raw);
            if (changes.everything || !changes.paths.is_empty()) && batch_tx.send(changes).is_err()
            {
                break;
            }
        }
    });
    Ok(batch_rx.into_iter())
}

/// Watch every source folder that exists and is not in `watching` yet.
fn watch_sources(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    watching: &mut Vec<&'static str>,
) -> notify::Result<()> {
    for name in WATCHED {
        let path = root.join(name);
        if !watching.contains(name) && path.exists() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
            watching.push(name);
        }
    }
    Ok(())
}

/// One batch from the events heard while the sources were busy. A file that the batch both
/// created and removed (an editor's probe, such as vim's `4913`) never existed for the build
/// and is left out.
fn batch(root: &Path, raw: Vec<Raw>) -> Changes {
    let mut changes = Changes::default();
    // For each path, whether its first event in the batch created it.
    let mut created_first: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for item in raw {
        match item {
            Raw::Lost => changes.everything = true,
            Raw::Path { rel, created } => {
                created_first.entry(rel).or_insert(created);
            }
        }
    }
    for (rel, created) in created_first {
        if rel.as_os_str().is_empty() || is_noise(&rel) {
            continue;
        }
        let transient = created && std::fs::symlink_metadata(root.join(&rel)).is_err();
        if !transient {
            changes.paths.insert(rel);
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_keeps_folders_and_drops_only_files_it_created_and_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("hubs/alpha/renamed")).unwrap();
        std::fs::write(dir.path().join("hubs/alpha/kept.md"), "x").unwrap();
        let path = |rel: &str, created: bool| Raw::Path {
            rel: PathBuf::from(rel),
            created,
        };
        let changes = batch(
            dir.path(),
            vec![
                // A folder renamed: the old name is gone, the new one is a folder.
                path("hubs/alpha/report", false),
                path("hubs/alpha/renamed", true),
                // vim's probe: created, then removed.
                path("hubs/alpha/4913", true),
                path("hubs/alpha/4913", false),
                // A chapter removed, then a file of that name created and removed again:
                // still a removal.
                path("hubs/alpha/gone.md", false),
                path("hubs/alpha/gone.md", true),
                path("hubs/alpha/kept.md", true),
                path("hubs/alpha/.kept.md.swp", true),
                path("hubs/alpha/#kept.md#", false),
            ],
        );
        let paths: Vec<&str> = changes.paths.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(
            paths,
            [
                "hubs/alpha/gone.md",
                "hubs/alpha/kept.md",
                "hubs/alpha/renamed",
                "hubs/alpha/report"
            ]
        );
        assert!(!changes.everything);
        assert!(batch(dir.path(), vec![Raw::Lost]).everything);
    }
}
