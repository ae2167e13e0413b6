//! A build kept in memory and brought up to date file by file: what the watch server serves.
//!
//! [`Session::rebuild`] reloads with a [`LoadCache`] (only changed files are re-read and
//! re-rendered from Markdown), then re-renders only the pages whose recorded inputs changed
//! (the dependency graph of `render::deps`, recorded by every render), through the same
//! renderer a full build uses. The edited page itself is rendered
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
use crate::page_links::KnownPaths;
use crate::render::deps::{Fingerprints, Graph, Input};
use crate::render::{PageSpec, Renderer};

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
    /// What each page of the last good build read.
    graph: Graph,
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
            graph: Graph::default(),
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
        let renderer = Renderer::load(&self.options.root, &site.theme)?;
        let specs = PageSpec::all(&site);
        let (pages, renders) = render_recorded(&site, &renderer, &KnownPaths::of(&site), &specs)?;
        let mut graph = Graph::default();
        let templates = |name: &str| renderer.template_hash(name);
        let keep: BTreeSet<String> = renders.iter().map(|(path, _)| path.clone()).collect();
        graph.update(renders, &keep, &mut Fingerprints::new(&site, &templates));
        let mut files: BTreeMap<String, Served> = pages.into_iter().collect();
        files.extend(served(crate::site_files(&site)?));
        let pages = files
            .keys()
            .filter(|p| p.ends_with(".html"))
            .cloned()
            .collect();
        self.graph = graph;
        self.files = Arc::new(files);
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
        // A template edited: compile the theme again; the graph then finds the pages that
        // loaded it (a template's text is one of their inputs).
        if changed.iter().any(|path| is_theme_template(path)) {
            self.renderer = Some(Renderer::load(&self.options.root, &site.theme)?);
        }
        let (files, rendered) = {
            let renderer = self
                .renderer
                .as_ref()
                .expect("checked by needs_full_reload");
            update(
                &site,
                renderer,
                &self.files,
                &mut self.graph,
                changed,
                publish,
            )?
        };
        self.files = Arc::new(files);
        self.site = Some(site);
        self.warnings = diagnostics.clone();
        // Every page was published in its wave; this publishes the rest (the search index,
        // feeds, files that went away).
        publish(&self.files, &[]);
        Ok(Rebuilt {
            pages: rendered,
            full: false,
            one_file,
            warnings: diagnostics,
        })
    }

    /// Can the changes be applied file by file? Not when there is no good build to update,
    /// when site.toml changed (the graph does not place its settings one by one), when
    /// events were lost, or when a path is a folder or one the last build did not know: a
    /// folder renamed or removed moves every file under it without an event per file.
    fn needs_full_reload(&self, changes: &Changes) -> bool {
        let Some(site) = &self.site else {
            return true;
        };
        if self.renderer.is_none() || changes.everything {
            return true;
        }
        changes.paths.iter().any(|path| {
            path == Path::new(crate::config::CONFIG_FILE) || self.is_folder_or_unknown(site, path)
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

/// Render `specs`, recording what each read: the files by output path, and each page's inputs.
#[allow(clippy::type_complexity)]
fn render_recorded(
    site: &Site,
    renderer: &Renderer,
    known: &KnownPaths,
    specs: &[PageSpec],
) -> Result<(Vec<(String, Served)>, Vec<(String, BTreeSet<Input>)>), Diagnostics> {
    let rendered = renderer.render_each_recorded(site, specs, known, |spec, html, inputs| {
        let path = spec.output_path(site);
        Ok((path, Served::Bytes(Arc::from(html.into_bytes())), inputs))
    })?;
    let mut files = Vec::with_capacity(rendered.len());
    let mut renders = Vec::with_capacity(rendered.len());
    for (path, file, inputs) in rendered {
        files.push((path.clone(), file));
        renders.push((path, inputs));
    }
    Ok((files, renders))
}

/// The files after a change: `previous` with the stale pages re-rendered from `site`, and
/// the graph brought up to date. Returns them and the re-rendered paths, the changed pages
/// first.
fn update(
    site: &Site,
    renderer: &Renderer,
    previous: &BTreeMap<String, Served>,
    graph: &mut Graph,
    changed: &BTreeSet<PathBuf>,
    publish: &mut impl FnMut(&Arc<BTreeMap<String, Served>>, &[String]),
) -> Result<(BTreeMap<String, Served>, Vec<String>), Diagnostics> {
    // First the changed pages themselves, published before anything else is computed.
    let mut first: Vec<PageSpec> = Vec::new();
    for path in changed {
        if let Some(c) = site.chapters.iter().position(|c| c.source == *path) {
            first.push(PageSpec::Chapter(c));
        }
        if let Some(p) = site.pages.iter().position(|p| p.source == *path) {
            // The home page and the synthesis introduction are shown by pages of their
            // own kinds, not as content pages.
            first.push(match site.pages[p].kind {
                crate::model::PageKind::Home => PageSpec::Home,
                crate::model::PageKind::SynthesisIntro => PageSpec::Synthesis,
                crate::model::PageKind::Page | crate::model::PageKind::Section => {
                    PageSpec::Content(p)
                }
            });
        }
    }
    // Every file the site has, which links in pages are checked against: made once for all
    // the waves of this update (at 10,000 chapters it is 25,000 paths).
    let known = KnownPaths::of(site);
    let (first_files, mut renders) = render_recorded(site, renderer, &known, &first)?;
    let mut files = previous.clone();
    let mut rendered: Vec<String> = Vec::new();
    for (path, file) in first_files {
        rendered.push(path.clone());
        files.insert(path, file);
    }
    // Published as is, so the browser reloads without waiting for another copy of every
    // file's entry (3 ms at 10,000 chapters); the copy for the rest of the update is made
    // after.
    let published = Arc::new(files);
    publish(&published, &rendered);
    let mut files = Arc::unwrap_or_clone(published);

    // Then every page the graph finds stale: pages that read an input this change gave
    // another fingerprint, and pages that are new.
    let templates = |name: &str| renderer.template_hash(name);
    let mut prints = Fingerprints::new(site, &templates);
    let specs = PageSpec::all(site);
    let new_paths: BTreeSet<String> = specs.iter().map(|s| s.output_path(site)).collect();
    let stale = graph.stale(&new_paths, &mut prints);
    let first_paths: BTreeSet<String> = rendered.iter().cloned().collect();
    let rest: Vec<PageSpec> = specs
        .into_iter()
        .filter(|spec| {
            let path = spec.output_path(site);
            !first_paths.contains(&path) && stale.contains(&path)
        })
        .collect();
    // Listing pages before the chapters and print views that are stale with them, and among
    // listings the report, hub and phase pages (a few hundred cards each) before those that
    // list the whole site (the synthesis, the home page, taxonomies): a reader waiting for
    // the phase page after a title edit does not wait for the synthesis of every chapter.
    // Each wave is published as soon as it is rendered.
    let wave_of = |spec: &PageSpec| match spec.in_tree(site).1 {
        PageSpec::Report(_) | PageSpec::Hub(_) | PageSpec::Phase(_) => 0,
        PageSpec::Chapter(_) | PageSpec::ReportPrint(_) => 2,
        _ => 1,
    };
    let mut waves: [Vec<PageSpec>; 3] = Default::default();
    for spec in rest {
        waves[wave_of(&spec)].push(spec);
    }
    for wave in waves {
        if wave.is_empty() {
            continue;
        }
        let (wave_files, wave_renders) = render_recorded(site, renderer, &known, &wave)?;
        let from = rendered.len();
        for (path, file) in wave_files {
            rendered.push(path.clone());
            files.insert(path, file);
        }
        renders.extend(wave_renders);
        let published = Arc::new(files);
        publish(&published, &rendered[from..]);
        files = Arc::unwrap_or_clone(published);
    }
    let whole_site = served(crate::site_files(site)?);
    // Pages and files of the previous build that no longer exist (a removed page, asset or
    // alias) go.
    files.retain(|path, _| new_paths.contains(path) || whole_site.contains_key(path));
    files.extend(whole_site);
    // Only now that nothing can fail: the graph describes the files it is kept with.
    graph.update(renders, &new_paths, &mut prints);
    Ok((files, rendered))
}
