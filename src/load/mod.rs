//! Loading: from the files on disk to a checked [`Site`].
//!
//! In three passes, each over every file at once so that all mistakes are reported together:
//! 1. read each file and its front matter (in parallel), checking every field ([`pass_meta`]);
//! 2. decide every page's URL, which makes the link table and finds URL collisions
//!    ([`pass_site`], with [`claims`]);
//! 3. render the Markdown bodies (in parallel) with links resolved, then check anchors
//!    ([`pass_bodies`]).

mod body;
mod claims;
mod drafts;
mod edit;
pub mod front_matter;
mod menu;
mod parsed;
mod pass_bodies;
mod pass_meta;
mod pass_site;
mod resources;
pub mod survey;
mod translations;
pub mod tree;
mod trees;

pub use claims::generated_sections;
pub use edit::reload_chapter;
pub use pass_meta::alias_path;
pub use resources::resource_fields;
pub use trees::is_outdated;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::links::LinkTable;
use crate::markdown;
use crate::model::Site;
use crate::theme::Theme;
use parsed::Parsed;
use pass_meta::{ChapterMeta, HubMeta, PageMeta, ReportMeta};

#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
}

pub const HUB_FIELDS: &[&str] = &["title", "lead", "summary", "order", "website"];
pub const REPORT_FIELDS: &[&str] = &[
    "title",
    "summary",
    "authors",
    "published",
    "status",
    "phase",
    "language",
    "aliases",
];
const CHAPTER_FIELDS: &[&str] = &[
    "title", "phase", "order", "summary", "status", "updated", "gaps", "options", "language",
    "aliases",
];
pub const PAGE_FIELDS: &[&str] = &["title", "summary", "date", "draft", "language", "aliases"];

/// The front-matter fields a chapter accepts, with the site's taxonomies: the field reference
/// in the docs is checked against this.
pub fn chapter_fields(config: &Config) -> Vec<String> {
    CHAPTER_FIELDS
        .iter()
        .map(|s| (*s).to_owned())
        .chain(config.taxonomies.iter().map(|t| t.id.clone()))
        .collect()
}

/// What one load keeps for the next, so that the watch server re-reads and re-renders only
/// the files that changed. A full build uses an empty cache: the same code path, wider.
#[derive(Default)]
pub struct LoadCache {
    /// The text of `site.toml` the entries were made with; another config empties the cache.
    config_text: Option<String>,
    hubs: HashMap<PathBuf, Result<HubMeta, Diagnostics>>,
    reports: HashMap<PathBuf, Result<Parsed<ReportMeta>, Diagnostics>>,
    chapters: HashMap<PathBuf, Result<Parsed<ChapterMeta>, Diagnostics>>,
    pages: HashMap<PathBuf, Result<Parsed<PageMeta>, Diagnostics>>,
    resources: HashMap<PathBuf, Result<Parsed<resources::ResourceMeta>, Diagnostics>>,
    /// The hub folders resources were checked against; other hubs empty `resources`.
    resource_hubs: Vec<String>,
    /// Rendered bodies, valid while their file and the link table are unchanged.
    bodies: HashMap<PathBuf, markdown::Output>,
    links_fingerprint: u64,
    /// The link table of the last load, for [`reload_chapter`]'s re-render of one file.
    links: Option<LinkTable>,
    /// Keep nothing: a build loads once, so remembering would only hold every file's text and
    /// a second copy of its metadata in memory until the load ends.
    one_shot: bool,
}

impl LoadCache {
    /// Forget what was loaded from these files (relative to the site root).
    pub fn invalidate<'p>(&mut self, changed: impl IntoIterator<Item = &'p Path>) {
        for path in changed {
            self.hubs.remove(path);
            self.reports.remove(path);
            self.chapters.remove(path);
            self.pages.remove(path);
            self.resources.remove(path);
            self.bodies.remove(path);
        }
    }

    /// Start afresh when `site.toml` is not the text the entries were made with.
    fn forget_if_config_changed(&mut self, root: &Path) {
        let config_text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).ok();
        if self.config_text != config_text {
            *self = LoadCache {
                config_text,
                one_shot: self.one_shot,
                ..LoadCache::default()
            };
        }
    }
}

/// Load the site under `options.root`. Returns the site when there are no errors; the
/// diagnostics (warnings, or the errors that stopped it) either way.
pub fn load(options: &LoadOptions) -> (Option<Site>, Diagnostics) {
    let mut cache = LoadCache {
        one_shot: true,
        ..LoadCache::default()
    };
    load_cached(options, &mut cache)
}

/// [`load`], reusing what `cache` remembers of files that have not changed since.
pub fn load_cached(options: &LoadOptions, cache: &mut LoadCache) -> (Option<Site>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let root = options.root.as_path();
    let Some(config) = Config::load(root, options.base_url.as_deref(), &mut diagnostics) else {
        return (None, diagnostics);
    };
    cache.forget_if_config_changed(root);
    let tree = tree::discover(root, &mut diagnostics);
    // Pass 1: front matter.
    let front = pass_meta::read_all(root, &config, &tree, cache, &mut diagnostics);
    let theme = load_theme(root, &config, &mut diagnostics);
    // Pass 2: the model without bodies, URLs and the link table.
    let pass_site::Placed {
        mut site,
        mut links,
        mut bodies,
    } = pass_site::place(
        &config,
        theme,
        options.drafts,
        &tree,
        front,
        &mut diagnostics,
    );
    // Translations, checked against the originals pass 2 placed; their bodies, and the
    // originals' again with each other language's links, join pass 3.
    let (translations, translated_bodies) =
        translations::read(root, &config, &tree, &site, &mut links, &mut diagnostics);
    site.translations = translations;
    let fallbacks = pass_bodies::fallback_bodies(&config, &bodies);
    bodies.extend(translated_bodies);
    bodies.extend(fallbacks);
    // Pass 3: Markdown bodies, in parallel, then anchors.
    let mut fallbacks = pass_bodies::Fallbacks::default();
    let linked = pass_bodies::render_all(
        &mut site,
        bodies,
        &links,
        &config,
        cache,
        &mut fallbacks,
        &mut diagnostics,
    );
    pass_bodies::warn_about_content(&site, &linked, &mut diagnostics);
    translations::warn_about_statements(&site, &mut diagnostics);
    trees::build(&mut site, &fallbacks, &mut diagnostics);
    if !cache.one_shot {
        cache.links = Some(links);
    }
    if diagnostics.has_errors() {
        (None, diagnostics)
    } else {
        (Some(site), diagnostics)
    }
}

/// The theme: which file each template and static file comes from (no template read yet;
/// the interface strings read, and a warning for each language that lacks some). A
/// broken theme is reported and the load goes on, so content errors are reported with it.
fn load_theme(root: &Path, config: &Config, diagnostics: &mut Diagnostics) -> Theme {
    match Theme::load(root, &config.theme) {
        Ok(theme) => {
            // Here, not in the renderer: `build` and `check` both load once, so each warning
            // about a language's missing strings is shown once.
            diagnostics.extend(theme.strings.missing(config));
            theme
        }
        Err(problems) => {
            diagnostics.extend(problems);
            Default::default()
        }
    }
}
