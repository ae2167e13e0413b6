//! praxis: a static site generator for structured policy research.
//!
//! The pipeline, in stage order, each stage in its own module:
//!
//! ```text
//! site.toml ─ config ─┐
//! hubs/, content/ ─ load (tree → front matter → links → markdown) ─> model::Site
//! model::Site ─ render (PageSpec × theme templates) ─> pages ─ output (staging → swap) ─> public/
//! ```
//!
//! Every stage reports problems into [`diagnostics::Diagnostics`]; nothing is written unless
//! the whole site loaded and rendered without errors.

// Diagnostics are large and travel only on the error path, where their size costs nothing
// that matters; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod analysis;
pub mod build_cache;
pub mod cite;
pub mod config;
pub mod diagnostics;
pub mod html;
pub mod i18n;
pub mod import;
pub mod incremental;
pub mod init;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod open_data;
pub mod output;
pub mod page_links;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod search_client;
pub mod serve;
pub mod shadow;
pub mod shape;
pub mod stem;
pub mod theme;
pub mod translation_report;
pub mod urls;
pub mod values;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use diagnostics::{Diagnostic, Diagnostics, Location};
use model::Site;
use output::OutputFile;
use page_links::KnownPaths;
use render::{PageSpec, Renderer};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Fail on warnings too (`--deny-warnings`), before anything is written.
    pub deny_warnings: bool,
    /// Replace an output that is a file or a folder praxis did not build (`--force`); never
    /// the site's root or sources (see [`output::Target::check`]).
    pub force: bool,
    /// Render every page, ignoring what the last build into the output kept (`--clean`).
    pub clean: bool,
}

/// How a build went about its pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rebuild {
    /// Every page rendered, and why (no earlier build, `--clean`, another praxis...).
    Full(String),
    /// Only pages whose recorded inputs changed were rendered; the rest kept from the output.
    Incremental {
        rendered: usize,
        kept: usize,
        /// Files of the output replaced or added in place (pages and other files).
        changed: usize,
    },
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Whether every page was rendered, or only those whose inputs changed.
    pub rebuild: Rebuild,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Each stage in order, how long it took and the process's peak memory in bytes at its
    /// end where the system tells it (`praxis build --timings`).
    pub stages: Vec<Stage>,
    pub diagnostics: Diagnostics,
    /// What writing the output has to say without failing the build: what it replaced, a
    /// previous site or leftover that could not be removed. Not content warnings, so
    /// `--deny-warnings` does not apply.
    pub output_warnings: Vec<String>,
    /// Why `/admin/` has no editor (its script is not installed; see [`admin`]). A note about
    /// the machine, not the content: neither a warning nor subject to `--deny-warnings`.
    pub editor_missing: Option<String>,
    /// The site's files that replaced or added to the theme's (`templates/`, `static/`).
    pub theme_overrides: Vec<PathBuf>,
    /// How far each other language's translation has come (empty for one language).
    pub translations: Vec<translation_report::LanguageProgress>,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The content or the templates have errors (exit 1); nothing was written.
    Content(Diagnostics),
    /// The output was refused or could not be written (exit 2); `diagnostics` holds what
    /// was found before (warnings).
    Output {
        error: output::OutputError,
        diagnostics: Diagnostics,
    },
}

impl BuildError {
    /// Every problem as diagnostics, the output's as an error on the output folder.
    pub fn into_diagnostics(self) -> Diagnostics {
        match self {
            BuildError::Content(diagnostics) => diagnostics,
            BuildError::Output {
                error,
                mut diagnostics,
            } => {
                let mut diagnostic =
                    Diagnostic::error(Location::file(error.path()), error.to_string());
                if let Some(help) = error.help() {
                    diagnostic = diagnostic.help(help);
                }
                diagnostics.push(diagnostic);
                diagnostics
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    pub peak_memory: Option<u64>,
}

/// Stage timings of a build, for `--timings` and the benchmark's note on where time goes.
#[derive(Default)]
struct Stopwatch {
    stages: Vec<Stage>,
    last: Option<Instant>,
    /// Why the build renders every page, when it does.
    note: Option<String>,
}

impl Stopwatch {
    fn note(&mut self, why: &str) {
        self.note = Some(why.to_owned());
    }

    fn take_note(&mut self) -> Option<String> {
        self.note.take()
    }

    /// Close the stage that ran since the previous call (or since the first).
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let since = self.last.unwrap_or(now);
        self.stages.push(Stage {
            name,
            took: now - since,
            peak_memory: peak_memory(),
        });
        self.last = Some(now);
    }
}

/// The peak resident set size of this process so far (Linux's `VmHWM`), in bytes.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

/// Load and check the site without writing anything (`praxis check`).
pub fn check(root: &Path, drafts: bool) -> (Option<Site>, Diagnostics) {
    let (site, mut diagnostics) = load::load(&load::LoadOptions {
        root: root.to_path_buf(),
        drafts,
        base_url: None,
    });
    let Some(site) = site else {
        return (None, diagnostics);
    };
    // Rendering is checked too: a template error is as fatal as a content error.
    match check_rendering(&site) {
        Ok(()) => (Some(site), diagnostics),
        Err(errors) => {
            diagnostics.extend(errors);
            (None, diagnostics)
        }
    }
}

/// Render every page as a build would and drop it at once, so checking a large site never
/// holds its pages in memory; then make the other files, which have their own checks
/// (shadowed paths, the code stylesheet). The same diagnostics as [`render_site`].
fn check_rendering(site: &Site) -> Result<(), Diagnostics> {
    let renderer = Renderer::load(&site.config.root, &site.theme)?;
    renderer.render_each(site, &PageSpec::all(site), &KnownPaths::of(site), |_, _| {
        Ok(())
    })?;
    // Each file is dropped as soon as it is made, as pages are.
    each_site_file(site, &|_| Ok(()), Resuming::nothing()).map_err(SiteFilesError::content)?;
    Ok(())
}

/// What a build must never replace: the site's root, what the site reads, and its history.
fn sources(root: &Path) -> output::Sources {
    let protected = [
        config::CONFIG_FILE,
        load::tree::HUBS_DIR,
        load::tree::CONTENT_DIR,
        load::tree::RESOURCES_DIR,
        load::survey::SURVEY_DIR,
        theme::THEMES_DIR,
        theme::TEMPLATES_DIR,
        theme::STATIC_DIR,
        i18n::I18N_DIR,
        ".git",
    ];
    output::Sources {
        root: root.to_path_buf(),
        protected: protected.into_iter().map(PathBuf::from).collect(),
    }
}

/// Build the site into `options.output`. On any error nothing is written and the previous
/// output stays as it was; an output that is not the build's to replace is refused before
/// anything is read.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let target = output::Target::check(&options.output, &sources(&options.root), options.force)
        .map_err(|error| BuildError::Output {
            error,
            diagnostics: Diagnostics::default(),
        })?;
    let mut stopwatch = Stopwatch {
        last: Some(started),
        ..Stopwatch::default()
    };
    let (site, mut diagnostics) = load::load(&load::LoadOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        base_url: options.base_url.clone(),
    });
    stopwatch.lap("load: read, front matter, links, Markdown");
    if options.deny_warnings {
        diagnostics.deny_warnings();
    }
    let (Some(site), false) = (site, diagnostics.has_errors()) else {
        return Err(BuildError::Content(diagnostics));
    };
    let theme_overrides = site.theme.overrides.clone();
    let translations = translation_report::of(&site);
    let editor_missing = admin::missing_script(&site.config);
    match write_build(site, target, options.clean, &mut stopwatch) {
        Ok(written) => Ok(BuildReport {
            rebuild: written.rebuild,
            theme_overrides,
            translations,
            pages: written.pages,
            files: written.files,
            bytes: written.bytes,
            elapsed: started.elapsed(),
            stages: stopwatch.stages,
            diagnostics,
            output_warnings: written.warnings,
            editor_missing,
        }),
        Err(BuildError::Content(errors)) => {
            diagnostics.extend(errors);
            Err(BuildError::Content(diagnostics))
        }
        Err(BuildError::Output { error, .. }) => Err(BuildError::Output { error, diagnostics }),
    }
}

/// What [`write_build`] wrote.
struct Written {
    pages: usize,
    files: usize,
    bytes: u64,
    warnings: Vec<String>,
    rebuild: Rebuild,
}

/// Render every page and write it to a staging folder as soon as it is rendered, so a large
/// site is never held in memory whole; swap the folder in only if everything succeeded.
///
/// With the graph the last build into the same output kept ([`build_cache`]), only pages
/// whose recorded inputs changed (and pages that are new) are rendered; the others are
/// kept as they are, and the output is updated in place (`output::patch`). The result is the same, byte for byte, as a
/// clean build's (tests/property.rs holds it so after random edits).
fn write_build(
    mut site: Site,
    target: output::Target,
    clean: bool,
    stopwatch: &mut Stopwatch,
) -> Result<Written, BuildError> {
    let output_error = |error| BuildError::Output {
        error,
        diagnostics: Diagnostics::default(),
    };
    let renderer = Renderer::load(&site.config.root, &site.theme).map_err(BuildError::Content)?;
    let shown = target.shown.clone();
    let output = target.path.clone();
    let cache_key = build_cache::options_key(&site.config.base_url, site.drafts);
    if clean {
        build_cache::remove(&output);
    }
    let specs = PageSpec::all(&site);
    let paths: std::collections::BTreeSet<String> =
        specs.iter().map(|s| s.output_path(&site)).collect();
    let templates = |name: &str| renderer.template_hash(name);
    let mut prints = render::deps::Fingerprints::new(&site, &templates);
    let shape = shape::of(&site);
    let (graph, stale, kept_shape, kept_search, previous_files) =
        match resume_from(&output, &cache_key, clean, shape) {
            Ok(Resumable {
                graph,
                shaped,
                search,
                files,
            }) => {
                let mut stale = graph.stale(&paths, &mut prints);
                // A page the output lost (deleted by hand) is rendered again.
                stale.extend(paths.iter().filter(|p| !output.join(p).is_file()).cloned());
                (graph, Some(stale), shaped, search, files)
            }
            Err(why) => {
                stopwatch.note(&why);
                (
                    render::deps::Graph::default(),
                    None,
                    None,
                    Default::default(),
                    Vec::new(),
                )
            }
        };
    // An incremental build changes the output in place, file by file; a full one replaces
    // it whole (`output::patch` says why each).
    let staging = match &stale {
        Some(_) => output::Staging::patching(target, previous_files),
        None => output::Staging::new(target),
    }
    .map_err(output_error)?;
    let to_render: Vec<PageSpec> = match &stale {
        Some(stale) => specs
            .iter()
            .filter(|s| stale.contains(&s.output_path(&site)))
            .cloned()
            .collect(),
        None => specs.clone(),
    };
    // A page that cannot be written is an I/O error (exit 2), not a content error: keep the
    // first one to say so, and stop the rendering pass through a diagnostic.
    let write_failure = std::sync::OnceLock::new();
    // Each page's inputs go into the graph's table as it renders (see `Graph::intern`).
    let graph = std::sync::Mutex::new(graph);
    let rendered = renderer.render_each_recorded(
        &site,
        &to_render,
        &KnownPaths::of(&site),
        |spec, html, inputs| {
            let path = spec.output_path(&site);
            let file = OutputFile::Bytes {
                path: path.clone(),
                bytes: html.into_bytes(),
            };
            let size = staging.write(&file).map_err(|err| {
                let diagnostic = Diagnostic::error(
                    Location::file(&shown),
                    format!("cannot write the site: {err}"),
                );
                let _ = write_failure.set(err);
                diagnostic
            })?;
            let inputs = graph.lock().expect("not poisoned").intern(inputs);
            Ok((size, (path, inputs)))
        },
    );
    if let Some(err) = write_failure.into_inner() {
        return Err(output_error(staging.write_error(err)));
    }
    let rendered = rendered.map_err(BuildError::Content)?;
    let mut bytes: u64 = rendered.iter().map(|(size, _)| size).sum();
    let rendered_paths: std::collections::BTreeSet<&str> = rendered
        .iter()
        .map(|(_, (path, _))| path.as_str())
        .collect();
    let kept: Vec<&String> = paths
        .iter()
        .filter(|p| !rendered_paths.contains(p.as_str()))
        .collect();
    let kept_bytes: Result<Vec<u64>, std::io::Error> =
        kept.par_iter().map(|path| staging.keep(path)).collect();
    bytes += kept_bytes
        .map_err(|err| output_error(staging.write_error(err)))?
        .iter()
        .sum::<u64>();
    let (rendered_count, kept_count) = (rendered.len(), kept.len());
    let mut graph = graph.into_inner().expect("not poisoned");
    graph.update_interned(
        rendered.into_iter().map(|(_, page)| page).collect(),
        &paths,
        &mut prints,
    );
    drop(prints);
    stopwatch.lap("pages: templates, written as rendered");
    release_written_html(&mut site);
    let keep = |path: &str| output.join(path).is_file().then(|| staging.keep(path));
    let search_token = build_cache::new_search_token();
    let search_cache = search::Writer::create(
        &build_cache::search_path(&output),
        build_cache::BUILD_ID,
        &cache_key,
        search_token,
    )
    .ok();
    let resuming = Resuming {
        shaped: kept_shape.as_ref().map(|files| files.paths.as_slice()),
        keep: stale
            .is_some()
            .then_some(&keep as &search::KeepFile<'_, _, _>),
        search: kept_search,
        save_search: search_cache.as_ref(),
    };
    let made =
        each_site_file(&site, &|file| staging.write(&file), resuming).map_err(
            |error| match error {
                SiteFilesError::Content(errors) => BuildError::Content(errors),
                SiteFilesError::Each(err) => output_error(staging.write_error(err)),
            },
        )?;
    let shaped = build_cache::ShapedFiles {
        shape,
        paths: made.from_shape,
    };
    let others = made.done;
    bytes += others.iter().sum::<u64>();
    stopwatch.lap("search index, feeds, open data, assets: written as made");
    let rebuild = match &stale {
        Some(_) => Rebuild::Incremental {
            rendered: rendered_count,
            kept: kept_count,
            changed: staging.changed(),
        },
        None => Rebuild::Full(stopwatch.take_note().unwrap_or_default()),
    };
    if stale.is_some() {
        // From the first file moved into the output until the new cache is saved, no cache:
        // a build killed in between is followed by a full build, which swaps a whole site in.
        build_cache::remove(&output);
    }
    let mut committed = staging.commit().map_err(output_error)?;
    stopwatch.lap(match stale {
        Some(_) => "changed files moved into place, files no longer made removed",
        None => "swap into place, remove the previous site",
    });
    // The search cache first: the build cache names it, and is written only after it.
    let search_token = match search_cache.map(search::Writer::finish) {
        Some(Ok(())) => search_token,
        _ => 0,
    };
    let kept = build_cache::Kept {
        graph: &graph,
        shaped: &shaped,
        search: search_token,
        files: &committed.files,
    };
    if let Err(err) = build_cache::save(&output, &cache_key, kept) {
        committed.warnings.push(format!(
            "the site is built, but what the next build needs to start from could not be kept ({err}); the next build renders every page"
        ));
    }
    Ok(Written {
        pages: specs.len(),
        files: specs.len() + others.len(),
        bytes,
        warnings: committed.warnings,
        rebuild,
    })
}

/// What the last build into an output left for this one: its graph, the files it made from a
/// site of the same shape (`None` when the shape changed or the output lost one of them)
/// and its search indexes by language (empty when they cannot be trusted).
struct Resumable {
    graph: render::deps::Graph,
    shaped: Option<build_cache::ShapedFiles>,
    search: std::collections::BTreeMap<String, search::IndexCache>,
    /// Every file the last build put in the output.
    files: Vec<String>,
}

/// What to start from, or why this build is a full one.
fn resume_from(
    output: &Path,
    cache_key: &str,
    clean: bool,
    shape: u64,
) -> Result<Resumable, String> {
    if clean {
        return Err("--clean".to_owned());
    }
    if !output::is_praxis_build(output) {
        return Err("no earlier build in the output".to_owned());
    }
    let build_cache::Resumed {
        graph,
        shaped,
        search,
        files,
    } = build_cache::load(output, cache_key)?;
    let shaped = Some(shaped).filter(|files| {
        files.shape == shape && files.paths.iter().all(|p| output.join(p).is_file())
    });
    let search = search::load_cache(
        &build_cache::search_path(output),
        build_cache::BUILD_ID,
        cache_key,
        search,
    )
    .unwrap_or_default();
    Ok(Resumable {
        graph,
        shaped,
        search,
        files,
    })
}

/// Once every page is written, nothing needs the HTML of chapters and reports any more (the
/// search index reads their text, the feed only news pages): let it go before the search
/// index is built, which is when a large build's memory peaks.
fn release_written_html(site: &mut Site) {
    // A build's chapters are its own (only the watch server shares them between sites).
    let chapters = site.chapters.iter_mut().filter_map(Arc::get_mut);
    let bodies = chapters.map(|c| &mut c.body);
    for body in bodies.chain(site.reports.iter_mut().map(|r| &mut r.body)) {
        if let Some(rendered) = Arc::get_mut(body) {
            rendered.html.clear();
        }
    }
}

/// Every file of the built site, in memory (pages) or to copy (assets).
pub fn render_site(site: &Site) -> Result<Vec<OutputFile>, Diagnostics> {
    render_site_with(site, &Renderer::load(&site.config.root, &site.theme)?)
}

/// [`render_site`] with templates already compiled.
pub fn render_site_with(site: &Site, renderer: &Renderer) -> Result<Vec<OutputFile>, Diagnostics> {
    let specs = PageSpec::all(site);
    let mut files = renderer.render_each(site, &specs, &KnownPaths::of(site), |spec, html| {
        Ok(OutputFile::Bytes {
            path: spec.output_path(site),
            bytes: html.into_bytes(),
        })
    })?;
    files.extend(site_files(site)?);
    Ok(files)
}

/// The files that are not pages: the search index, feeds, sitemap, the theme's static files
/// and the assets. Built from the whole site; cheap next to the pages. An asset that would
/// replace any other file of the site is an error ([`shadow`]).
pub fn site_files(site: &Site) -> Result<Vec<OutputFile>, Diagnostics> {
    each_site_file(site, &Ok, Resuming::nothing())
        .map(|files| files.done)
        .map_err(SiteFilesError::content)
}

/// Why [`each_site_file`] stopped: the site's own mistake, or what the caller's `each` said.
enum SiteFilesError<E> {
    Content(Diagnostics),
    Each(E),
}

impl SiteFilesError<std::convert::Infallible> {
    /// The site's mistakes, when `each` cannot fail.
    fn content(self) -> Diagnostics {
        match self {
            SiteFilesError::Content(errors) => errors,
            SiteFilesError::Each(never) => match never {},
        }
    }
}

/// What an incremental build hands [`each_site_file`] of the last build: the files made from
/// the site's shape alone ([`shape`]: feeds, sitemap, URL manifest, redirects, `/admin/`,
/// open data) when the shape is the same, each search index by language, and how to keep a
/// file of the output as it is; and where this build's search indexes are kept.
pub struct Resuming<'a, T, E> {
    shaped: Option<&'a [String]>,
    /// Keeps the output's file at a path as it is; `None` when the output lacks it.
    keep: Option<&'a search::KeepFile<'a, T, E>>,
    search: std::collections::BTreeMap<String, search::IndexCache>,
    save_search: Option<&'a search::Writer>,
}

impl<T, E> Resuming<'_, T, E> {
    /// Make every file.
    pub fn nothing() -> Self {
        Resuming {
            shaped: None,
            keep: None,
            search: Default::default(),
            save_search: None,
        }
    }
}

/// What [`each_site_file`] did: each file's result, and the paths made from the shape.
struct SiteFiles<T> {
    done: Vec<T>,
    from_shape: Vec<String>,
}

/// Make the files of [`site_files`] in the same order, handing each to `each` as soon as it
/// is made, and return what `each` returned for each. A build writes each file and lets it
/// go: the search index, the open data and the editor's configuration of a large site are
/// each large, and holding all of them at once (with the postings the index is made from)
/// was a build's peak of memory. On an error (the site's, or the first of `each`), files
/// already handed over stay wherever `each` put them: a build's staging folder, never
/// swapped in.
fn each_site_file<T: Send, E: Send>(
    site: &Site,
    each: &(dyn Fn(OutputFile) -> Result<T, E> + Sync),
    mut resuming: Resuming<T, E>,
) -> Result<SiteFiles<T>, SiteFilesError<E>> {
    let specs = PageSpec::all(site);
    // Each file's path is kept for the shadow check after them: paths, not files.
    let hand = |file: OutputFile| {
        let path = file.path().to_owned();
        each(file).map(|done| (path, done))
    };
    let mut done = Vec::new();
    // Each language's tree has its own index, of the text written in that language.
    for tree in std::iter::once(site).chain(&site.trees) {
        let folder = match std::ptr::eq(tree, site) {
            true => String::new(),
            false => format!("{}/", tree.config.language),
        };
        let in_tree = |file: OutputFile| hand(file.in_folder(&folder));
        let keep_in_tree = |path: &str| {
            let path = format!("{folder}{path}");
            let kept = (resuming.keep?)(&path)?;
            Some(kept.map(|kept| (path, kept)))
        };
        let resume = search::Resume {
            previous: resuming.search.remove(&tree.config.language),
            keep: resuming
                .keep
                .map(|_| &keep_in_tree as &search::KeepFile<'_, _, _>),
            save: resuming.save_search,
        };
        done.extend(
            search::each_index_file_resumed(tree, &in_tree, resume)
                .map_err(SiteFilesError::Each)?,
        );
    }
    let before_shape = done.len();
    match resuming.shaped.zip(resuming.keep) {
        Some((paths, keep)) => {
            // The caller saw that the output has every one of them.
            for path in paths {
                if let Some(kept) = keep(path) {
                    done.push((path.clone(), kept.map_err(SiteFilesError::Each)?));
                }
            }
        }
        None => {
            for file in small_site_files(site, &specs) {
                done.push(hand(file).map_err(SiteFilesError::Each)?);
            }
            // The open data files are made one by one, each handed over before the next.
            for file in admin::files(site).into_iter().chain(open_data::files(site)) {
                done.push(hand(file).map_err(SiteFilesError::Each)?);
            }
        }
    }
    let from_shape = done[before_shape..]
        .iter()
        .map(|(path, _)| path.clone())
        .collect();
    for file in theme_files(site).map_err(SiteFilesError::Content)? {
        done.push(hand(file).map_err(SiteFilesError::Each)?);
    }
    let (generated, mut done): (Vec<String>, Vec<T>) = done.into_iter().unzip();
    let shadowed = shadow::check(site, &specs, &generated);
    if shadowed.has_errors() {
        return Err(SiteFilesError::Content(shadowed));
    }
    let root = &site.config.root;
    let assets: Result<Vec<T>, E> = site
        .assets
        .par_iter()
        .map(|asset| {
            each(OutputFile::Copy {
                path: asset.path.clone(),
                source: root.join(&asset.source),
            })
        })
        .collect();
    done.extend(assets.map_err(SiteFilesError::Each)?);
    Ok(SiteFiles { done, from_shape })
}

/// The feeds, the sitemap, `robots.txt`, the URL manifest and the redirect pages.
fn small_site_files(site: &Site, specs: &[PageSpec]) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::Bytes {
            path: "atom.xml".into(),
            bytes: render::atom(site).into_bytes(),
        },
        OutputFile::Bytes {
            path: "sitemap.xml".into(),
            bytes: render::sitemap(site, specs).into_bytes(),
        },
        OutputFile::Bytes {
            path: "robots.txt".into(),
            bytes: render::robots(site).into_bytes(),
        },
        urls::manifest_file(site, specs),
    ];
    files.extend(urls::redirect_files(site));
    files.extend(render::hub_feeds(site));
    files
}

/// The code stylesheet (when code is highlighted) and the theme's static files.
fn theme_files(site: &Site) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    if site.config.markdown.highlight_code {
        match markdown::code_stylesheet(&site.config.markdown.highlight_theme) {
            Ok(css) => files.push(OutputFile::Bytes {
                path: "static/code.css".into(),
                bytes: css.into_bytes(),
            }),
            Err(why) => {
                let mut errors = Diagnostics::default();
                errors.push(
                    Diagnostic::error(Location::file(config::CONFIG_FILE), why)
                        .help("set [markdown] highlight_theme in site.toml"),
                );
                return Err(errors);
            }
        }
    }
    let root = &site.config.root;
    for file in &site.theme.statics {
        let path = format!("static/{}", file.name);
        files.push(match &file.origin {
            theme::Origin::BuiltIn(bytes) => OutputFile::Bytes {
                path,
                bytes: bytes.to_vec(),
            },
            theme::Origin::Site(rel) => OutputFile::Copy {
                path,
                source: root.join(rel),
            },
        });
    }
    Ok(files)
}
