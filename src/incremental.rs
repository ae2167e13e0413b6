//! A build kept in memory and brought up to date file by file: what the watch server serves.
//!
//! [`Session::rebuild`] reloads with a [`LoadCache`] (only changed files are re-read and
//! re-rendered from Markdown), then re-renders only the pages [`affected_by`] the change,
//! through the same `Renderer::render` a full build uses. The edited page itself is rendered
//! and published first, so the reader sees it at once; pages that list it, the search index
//! and the feeds follow. A test holds the result equal, byte for byte, to a full build.
//!
//! The session has an explicit [`State`]: good, or failed with the paths changed since the
//! last good build. A failed batch's paths are kept and merged into the next batch, so the
//! build that finally succeeds re-renders every page any of them touched; the one-file fast
//! path runs only from a good state, whose cache and link table match the site it edits.
//! Anything the session cannot place (a folder created, removed or renamed, a path no build
//! knew, events the watcher lost) reloads the whole site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::load::{self, LoadCache, LoadOptions};
use crate::model::Site;
use crate::output::OutputFile;
use crate::render::{self, Change, PageSpec, Renderer};

/// A file of the built site, in memory or to be read from the sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Served {
    Bytes(Arc<[u8]>),
    File(PathBuf),
}

impl Served {
    pub fn read(&self) -> std::io::Result<Arc<[u8]>> {
        match self {
            Served::Bytes(bytes) => Ok(bytes.clone()),
            Served::File(path) => std::fs::read(path).map(Arc::from),
        }
    }
}

fn served(files: Vec<OutputFile>) -> BTreeMap<String, Served> {
    files
        .into_iter()
        .map(|file| match file {
            OutputFile::Bytes { path, bytes } => (path, Served::Bytes(Arc::from(bytes))),
            OutputFile::Copy { path, source } => (path, Served::File(source)),
        })
        .collect()
}

/// One batch of changes to the sources, as the watcher saw them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files and folders changed, created, removed or renamed, relative to the site root.
    pub paths: BTreeSet<PathBuf>,
    /// Events were lost (the watcher's queue overflowed): only a full reload can be trusted.
    pub everything: bool,
}

impl From<BTreeSet<PathBuf>> for Changes {
    fn from(paths: BTreeSet<PathBuf>) -> Changes {
        Changes {
            paths,
            everything: false,
        }
    }
}

impl Changes {
    /// Everything changed: what a full build answers.
    pub fn everything() -> Changes {
        Changes {
            paths: BTreeSet::new(),
            everything: true,
        }
    }

    fn merge(&mut self, other: &Changes) {
        self.paths.extend(other.paths.iter().cloned());
        self.everything |= other.everything;
    }
}

/// Where the session stands.
#[derive(Clone, Debug)]
pub enum State {
    /// The last batch built: [`Session::files`] are the sources as they are on disk.
    Good,
    /// The sources do not build. [`Session::files`] are still the last good build, and
    /// `pending` holds every change since then, to be applied with the next batch.
    Failed {
        pending: Changes,
        diagnostics: Diagnostics,
    },
}

impl State {
    pub fn is_good(&self) -> bool {
        matches!(self, State::Good)
    }
}

/// What a rebuild did, for the terminal and the benchmark.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// Output paths re-rendered, the changed pages first.
    pub pages: Vec<String>,
    pub full: bool,
    /// Only the changed chapter was re-read; the rest of the site came from the last build.
    pub one_file: bool,
    pub warnings: Diagnostics,
}

pub struct Session {
    options: LoadOptions,
    cache: LoadCache,
    renderer: Option<Renderer>,
    site: Option<Site>,
    /// The warnings of the last good build.
    warnings: Diagnostics,
    /// Every file of the last good build.
    pub files: Arc<BTreeMap<String, Served>>,
    state: State,
}

/// Is this a file of the theme (its folder, or a site's override)? Any page may use it.
fn is_theme_template(path: &Path) -> bool {
    crate::theme::Theme::is_theme_path(path)
}

impl Session {
    pub fn new(options: LoadOptions) -> Session {
        Session {
            options,
            cache: LoadCache::default(),
            renderer: None,
            site: None,
            warnings: Diagnostics::default(),
            files: Arc::default(),
            state: State::Failed {
                pending: Changes::everything(),
                diagnostics: Diagnostics::default(),
            },
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// Build everything into memory, forgetting what earlier loads remembered. On error the
    /// previous files stay as they were and the state is failed until a rebuild succeeds.
    pub fn full(&mut self) -> Result<Rebuilt, Diagnostics> {
        let result = self.reload_all();
        self.settle(Changes::everything(), &result);
        result
    }

    /// Good after a success; after a failure, failed with `changes` still to apply.
    fn settle<T>(&mut self, changes: Changes, result: &Result<T, Diagnostics>) {
        self.state = match result {
            Ok(_) => State::Good,
            Err(diagnostics) => State::Failed {
                pending: changes,
                diagnostics: diagnostics.clone(),
            },
        };
    }

    /// Load and render the whole site with an empty cache.
    fn reload_all(&mut self) -> Result<Rebuilt, Diagnostics> {
        self.cache = LoadCache::default();
        let (site, diagnostics) = load::load_cached(&self.options, &mut self.cache);
        let Some(site) = site else {
            return Err(diagnostics);
        };
        let renderer = Renderer::load(&self.options.root, &site.theme).map_err(|errors| {
            let mut all = Diagnostics::default();
            errors.into_iter().for_each(|d| all.push(d));
            all
        })?;
        let files = crate::render_site_with(&site, &renderer)?;
        let pages = files
            .iter()
            .map(|f| f.path().to_owned())
            .filter(|p| p.ends_with(".html"))
            .collect();
        self.files = Arc::new(served(files));
        self.renderer = Some(renderer);
        self.site = Some(site);
        self.warnings = diagnostics.clone();
        Ok(Rebuilt {
            pages,
            full: true,
            one_file: false,
            warnings: diagnostics,
        })
    }

    /// Bring the build up to date after `changes`, together with the changes of any batch
    /// that failed since the last good build. `publish` is called with the files as soon as
    /// the changed pages themselves are rendered, and the whole update completes before this
    /// returns. On error [`Session::files`] stay the last good build (a caller that was
    /// given the changed pages early withdraws them) and the state is failed.
    pub fn rebuild(
        &mut self,
        changes: &Changes,
        mut publish: impl FnMut(&Arc<BTreeMap<String, Served>>, &[String]),
    ) -> Result<Rebuilt, Diagnostics> {
        let from_good = self.state.is_good();
        let mut all = match &self.state {
            State::Good => Changes::default(),
            State::Failed { pending, .. } => pending.clone(),
        };
        all.merge(changes);
        let result = self.apply(&all, from_good, &mut publish);
        self.settle(all, &result);
        result
    }

    fn apply(
        &mut self,
        changes: &Changes,
        from_good: bool,
        publish: &mut impl FnMut(&Arc<BTreeMap<String, Served>>, &[String]),
    ) -> Result<Rebuilt, Diagnostics> {
        if self.needs_full_reload(changes) {
            let rebuilt = self.reload_all()?;
            publish(&self.files, &[]);
            return Ok(rebuilt);
        }
        let changed = &changes.paths;
        // The fast path trusts the cache and link table to describe `self.site`; after a
        // failed load they describe sources that never built.
        let fast = if from_good {
            self.edited_chapter(changed)
        } else {
            None
        };
        let (site, diagnostics, one_file) = match fast {
            Some(site) => (site, self.warnings.clone(), true),
            None => {
                self.cache.invalidate(changed.iter().map(PathBuf::as_path));
                let (site, diagnostics) = load::load_cached(&self.options, &mut self.cache);
                let Some(site) = site else {
                    return Err(diagnostics);
                };
                (site, diagnostics, false)
            }
        };
        let (files, rendered) = {
            let old = self.site.as_ref().expect("checked by needs_full_reload");
            let renderer = self
                .renderer
                .as_ref()
                .expect("checked by needs_full_reload");
            update(old, &site, renderer, &self.files, changed, publish)?
        };
        self.files = Arc::new(files);
        self.site = Some(site);
        self.warnings = diagnostics.clone();
        publish(&self.files, &rendered);
        Ok(Rebuilt {
            pages: rendered,
            full: false,
            one_file,
            warnings: diagnostics,
        })
    }

    /// Can the changes be applied file by file? Not when there is no good build to update,
    /// when the configuration or a template changed (every page may differ), when events
    /// were lost, or when a path is a folder or one the last build did not know: a folder
    /// renamed or removed moves every file under it without an event per file.
    fn needs_full_reload(&self, changes: &Changes) -> bool {
        let Some(site) = &self.site else {
            return true;
        };
        if self.renderer.is_none() || changes.everything {
            return true;
        }
        changes.paths.iter().any(|path| {
            path == Path::new(crate::config::CONFIG_FILE)
                || is_theme_template(path)
                || self.is_folder_or_unknown(site, path)
        })
    }

    /// Is `path` a folder now, or gone without having been a source of the last build (a
    /// folder removed or renamed away, or a file no build read)?
    fn is_folder_or_unknown(&self, site: &Site, path: &Path) -> bool {
        let on_disk = self.options.root.join(path);
        if on_disk.is_dir() {
            return true;
        }
        if on_disk.exists() {
            return false;
        }
        let root = &self.options.root;
        let known = site.chapters.iter().any(|c| c.source == path)
            || site.reports.iter().any(|r| r.source == path)
            || site.pages.iter().any(|p| p.source == path)
            || site.hubs.iter().any(|h| h.source == path)
            || site.assets.iter().any(|a| a.source == path)
            // Theme static files are copied, not part of the model.
            || self.files.values().any(|file| {
                matches!(file, Served::File(source) if source.strip_prefix(root) == Ok(path))
            });
        !known
    }
}

impl Session {
    /// The site after `changed`, when it is one chapter whose text alone changed: that file
    /// re-read into a copy of the site, without reloading the rest ([`load::reload_chapter`]).
    fn edited_chapter(&mut self, changed: &BTreeSet<PathBuf>) -> Option<Site> {
        let path = match changed.len() {
            1 => changed.first()?,
            _ => return None,
        };
        let site = self.site.as_ref()?;
        let chapter =
            load::reload_chapter(&self.options, &mut self.cache, site, path, &self.warnings)?;
        let mut edited = site.clone();
        let index = edited.chapters.iter().position(|c| c.source == *path)?;
        edited.chapters[index] = Arc::new(chapter);
        Some(edited)
    }
}

/// The files after a change: `previous` with the affected pages re-rendered from `site`.
/// Returns them and the re-rendered paths, the changed pages first.
fn update(
    old: &Site,
    site: &Site,
    renderer: &Renderer,
    previous: &BTreeMap<String, Served>,
    changed: &BTreeSet<PathBuf>,
    publish: &mut impl FnMut(&Arc<BTreeMap<String, Served>>, &[String]),
) -> Result<(BTreeMap<String, Served>, Vec<String>), Diagnostics> {
    let render_specs = |wanted: Vec<PageSpec>| {
        renderer.render_each(site, &wanted, |spec, html| {
            Ok((
                spec.output_path(site),
                Served::Bytes(Arc::from(html.into_bytes())),
            ))
        })
    };

    // First the changed pages themselves, published before anything else is computed.
    let mut first: Vec<PageSpec> = Vec::new();
    for path in changed {
        if let Some(c) = site.chapters.iter().position(|c| c.source == *path) {
            first.push(PageSpec::Chapter(c));
        }
        if let Some(p) = site.pages.iter().position(|p| p.source == *path) {
            first.push(PageSpec::Content(p));
        }
    }
    let first_paths: BTreeSet<String> = first.iter().map(|s| s.output_path(site)).collect();
    let mut files = previous.clone();
    let mut rendered: Vec<String> = Vec::new();
    for (path, file) in render_specs(first)? {
        rendered.push(path.clone());
        files.insert(path, file);
    }
    // Published as is, so the browser reloads without waiting for another copy of every
    // file's entry (3 ms at 10,000 chapters); the copy for the rest of the update is made
    // after.
    let published = Arc::new(files);
    publish(&published, &rendered);
    let mut files = Arc::unwrap_or_clone(published);

    // Then every page that lists or quotes them, before and after the change, pages that
    // appeared, and the files built from the whole site.
    let mut affected: BTreeSet<String> = BTreeSet::new();
    for path in changed {
        let change = membership(old, site, path);
        for spec in render::affected_by(old, path, change) {
            affected.insert(spec.output_path(old));
        }
        for spec in render::affected_by(site, path, change) {
            affected.insert(spec.output_path(site));
        }
    }
    let old_paths: BTreeSet<String> = PageSpec::all(old)
        .iter()
        .map(|s| s.output_path(old))
        .collect();
    let specs = PageSpec::all(site);
    let new_paths: BTreeSet<String> = specs.iter().map(|s| s.output_path(site)).collect();
    for path in old_paths.difference(&new_paths) {
        files.remove(path);
    }
    let rest: Vec<PageSpec> = specs
        .into_iter()
        .filter(|spec| {
            let path = spec.output_path(site);
            !first_paths.contains(&path) && (affected.contains(&path) || !old_paths.contains(&path))
        })
        .collect();
    for (path, file) in render_specs(rest)? {
        rendered.push(path.clone());
        files.insert(path, file);
    }
    let whole_site = served(crate::site_files(site)?);
    // Files of the previous build that no longer exist (a removed asset, or a removed
    // chapter's citation files) go.
    files.retain(|path, _| new_paths.contains(path) || whole_site.contains_key(path));
    files.extend(whole_site);
    Ok((files, rendered))
}

/// Did `path` enter or leave a list between the two sites (added, removed, moved to another
/// phase, hub or status), rather than only change its text?
fn membership(old: &Site, new: &Site, path: &Path) -> Change {
    let chapter = |site: &Site| {
        site.chapters
            .iter()
            .find(|c| c.source == path)
            .map(|c| (c.hub, c.report, c.phase.clone(), c.title.clone()))
    };
    let page = |site: &Site| {
        site.pages
            .iter()
            .find(|p| p.source == path)
            .map(|p| p.path.clone())
    };
    let report = |site: &Site| site.reports.iter().any(|r| r.source == path);
    match (chapter(old), chapter(new)) {
        (Some(a), Some(b)) if a == b => Change::Edited,
        (None, None) if page(old).is_some() && page(old) == page(new) => Change::Edited,
        (None, None) if report(old) && report(new) => Change::Edited,
        _ => Change::Membership,
    }
}
