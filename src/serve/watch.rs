//! Watching the sources with notify, debounced: an editor's save is often a burst of
//! events (write a temporary file, rename it, touch the folder), and it should be one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// How long the sources must be quiet before a batch is handed over.
const QUIET: Duration = Duration::from_millis(30);

/// The folders and files that make the site. Output folders, `target/` and `.git/` are not
/// watched, so building or committing never triggers a rebuild.
const WATCHED: &[&str] = &["site.toml", "hubs", "content", "themes"];

/// Does an editor's temporary file or a hidden file hide behind this path?
fn is_noise(path: &Path) -> bool {
    path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy();
        name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".tmp")
    })
}

/// Start watching `root`; each item of the returned iterator is one debounced batch of
/// changed paths, relative to `root`.
pub fn watch(root: &Path) -> notify::Result<mpsc::IntoIter<BTreeSet<PathBuf>>> {
    let root = root.canonicalize()?;
    let (raw_tx, raw_rx) = mpsc::channel::<PathBuf>();
    let watch_root = root.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if event.kind.is_access() {
                return;
            }
            for path in event.paths {
                if let Ok(rel) = path.strip_prefix(&watch_root) {
                    let _ = raw_tx.send(rel.to_path_buf());
                }
            }
        }
    })?;
    for name in WATCHED {
        let path = root.join(name);
        if path.exists() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let (batch_tx, batch_rx) = mpsc::channel();
    std::thread::spawn(move || {
        // The watcher lives as long as this thread.
        let _watcher = watcher;
        while let Ok(first) = raw_rx.recv() {
            let mut batch = BTreeSet::new();
            batch.insert(first);
            while let Ok(more) = raw_rx.recv_timeout(QUIET) {
                batch.insert(more);
            }
            batch.retain(|p| !is_noise(p) && !p.as_os_str().is_empty());
            // A folder event says nothing a file event does not; a removed folder's files are
            // picked up by the reload.
            batch.retain(|p| !root.join(p).is_dir());
            if !batch.is_empty() && batch_tx.send(batch).is_err() {
                break;
            }
        }
    });
    Ok(batch_rx.into_iter())
}
