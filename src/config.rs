//! `site.toml`: what the site is called, where it lives, the phases of procurement and the
//! taxonomies. Every option beyond the required ones has a default, so a new site needs only a
//! title, a base URL and its phases.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, nearest};
// Re-exported: `[markdown]` is a table of site.toml, whose options the renderer reads too.
pub use crate::values::MarkdownOptions;
use crate::values::{PhaseId, TermId};

pub const CONFIG_FILE: &str = "site.toml";
/// The theme praxis ships; a site uses it unless it has a `themes/default/` of its own.
pub const BUILT_IN_THEME: &str = "default";
/// Where a site keeps whole themes of its own.
pub const THEMES_DIR: &str = "themes";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: Spanned<String>,
    #[serde(default = "default_language")]
    language: Spanned<String>,
    /// The languages the site is translated into, beside `language`.
    #[serde(default)]
    languages: Vec<RawLanguage>,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    #[serde(default)]
    phases: Vec<RawPhase>,
    #[serde(default)]
    taxonomies: Vec<RawTaxonomy>,
    /// The kinds of item in the resource library (`resources/`).
    #[serde(default)]
    resource_types: Vec<RawTerm>,
    #[serde(default)]
    markdown: MarkdownOptions,
    /// The site's navigation; without it, praxis's own sections.
    menu: Option<Vec<RawMenuEntry>>,
    /// Stylesheets of the site's `static/` folder that every page loads after the theme's.
    #[serde(default)]
    stylesheets: Vec<Spanned<String>>,
    /// The repository on the git host (`https://github.com/<owner>/<repo>`), for the "Edit
    /// this page" and history links.
    repository: Option<Spanned<String>>,
    #[serde(default = "default_branch")]
    branch: Spanned<String>,
    /// The web editor for hub leaders (`src/admin.rs`).
    #[serde(default)]
    admin: AdminOptions,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: Spanned<String>,
    title: Option<String>,
    #[serde(default)]
    direction: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuEntry {
    title: String,
    link: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    summary: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    id: Spanned<String>,
    title: String,
    terms: Option<Vec<RawTerm>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    id: Spanned<String>,
    title: String,
}

/// `[admin]`: the web editor (Decap CMS) that `build` writes for hub leaders, generated from
/// the site's own schema by `src/admin.rs`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminOptions {
    /// Write the editor at all.
    pub enabled: bool,
    /// Its folder in the built site, under the base path (`admin` is `/admin/`).
    pub path: String,
    /// The folder holding the editor's script (`decap-cms.js` and its chunks), relative to
    /// the site's root; by default where `scripts/install-editor` puts it.
    pub editor_dir: String,
    /// The site whose OAuth provider signs editors in to GitHub (Netlify's, see
    /// docs/editor.md); empty until a maintainer sets it up.
    pub site_domain: String,
}

impl Default for AdminOptions {
    fn default() -> Self {
        AdminOptions {
            enabled: true,
            path: "admin".into(),
            editor_dir: "target/editor/node_modules/decap-cms/dist".into(),
            site_domain: String::new(),
        }
    }
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "en".into())
}

fn default_branch() -> Spanned<String> {
    Spanned::new(0..0, "main".into())
}

fn default_theme() -> Spanned<String> {
    // No span: the default is not written in site.toml.
    Spanned::new(0..0, BUILT_IN_THEME.into())
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The site's root folder on disk (where `site.toml` is).
    pub root: std::path::PathBuf,
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of the base URL, always starting and ending with `/` (`/lab/`). In a
    /// translation's tree, the tree's own root (`/lab/fr/`): every page URL starts with it.
    pub base_path: String,
    /// The site's root, the same in every language: the theme's static files, the feeds,
    /// the open data and the sitemap live only there.
    pub root_path: String,
    /// The full URL of [`Config::root_path`].
    pub root_url: String,
    /// The language of this tree of the site: the default language, or in a translation's
    /// tree (see [`Config::for_language`]) the translation's. Pages and labels are in it.
    pub language: String,
    /// The default language's code: the original of every text, the tree at the root.
    pub default_language: String,
    /// Every language of the site, the default first.
    pub languages: Vec<Language>,
    pub theme: String,
    pub phases: Vec<PhaseConfig>,
    pub taxonomies: Vec<TaxonomyConfig>,
    /// `[[resource_types]]`: the closed vocabulary of a resource's `type`, in display order.
    pub resource_types: Vec<TermConfig>,
    pub markdown: MarkdownOptions,
    /// `[admin]`: the web editor's folder and script.
    pub admin: AdminOptions,
    /// `[[menu]]` as written, in order; `None` when site.toml has none.
    pub menu: Option<Vec<MenuEntry>>,
    /// `stylesheets`: names inside `static/`, each loaded by every page after the theme's.
    pub stylesheets: Vec<Stylesheet>,
    /// Where each page's source can be edited, when `repository` is set.
    pub source_links: Option<SourceLinks>,
}

/// One `[[menu]]` entry: `link` is a source file (`content/about.md`), a path of the site
/// (`/hubs/`) or a web address; loading resolves and checks it like a link in content.
#[derive(Clone, Debug)]
pub struct MenuEntry {
    pub title: String,
    pub link: String,
    /// Where `link` is written in site.toml, for its errors.
    pub location: Location,
    pub source_line: Option<String>,
}

/// One name of `stylesheets`, with where it is written.
#[derive(Clone, Debug)]
pub struct Stylesheet {
    pub name: String,
    pub location: Location,
    pub source_line: Option<String>,
}

/// The git host's web pages for a source file: `{repository}/edit/{branch}/{path}` opens it
/// in the web editor, `{repository}/commits/{branch}/{path}` lists its history.
#[derive(Clone, Debug)]
pub struct SourceLinks {
    /// `https://...`, without a trailing `/`.
    pub repository: String,
    pub branch: String,
}

impl SourceLinks {
    pub fn edit(&self, source: &Path) -> String {
        format!(
            "{}/edit/{}/{}",
            self.repository,
            self.branch,
            web_path(source)
        )
    }

    pub fn history(&self, source: &Path) -> String {
        format!(
            "{}/commits/{}/{}",
            self.repository,
            self.branch,
            web_path(source)
        )
    }
}

/// A source path as a URL path: `/` between parts on every system, spaces and other
/// characters a URL cannot carry percent-encoded.
fn web_path(source: &Path) -> String {
    let parts: Vec<String> = source
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        })
        .collect();
    parts.join("/")
}

/// A language of the site: the default (`language`) or one of `[[languages]]`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Language {
    /// A BCP 47 tag, as written: `fr`, `pt-BR`.
    pub code: String,
    /// Its name in itself (`Français`), shown in the language switcher.
    pub title: String,
    /// `rtl` for Arabic, Hebrew, Persian, Urdu...; `ltr` otherwise.
    pub direction: Direction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The name of a common language in itself, so that `[[languages]]` needs only a code.
fn language_name(code: &str) -> Option<&'static str> {
    let primary = code.split('-').next().unwrap_or(code);
    Some(match primary {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fa" => "فارسی",
        "fr" => "Français",
        "he" => "עברית",
        "it" => "Italiano",
        "nl" => "Nederlands",
        "pt" => "Português",
        "ru" => "Русский",
        "sw" => "Kiswahili",
        "ur" => "اردو",
        "zh" => "中文",
        _ => return None,
    })
}

/// Scripts written right to left, for a language whose `direction` is not given.
fn is_rtl_language(code: &str) -> bool {
    let primary = code.split('-').next().unwrap_or(code);
    matches!(
        primary,
        "ar" | "fa" | "he" | "ur" | "yi" | "ps" | "sd" | "dv"
    )
}

/// A language tag as praxis accepts it: a two- or three-letter primary code in lower case,
/// then optional subtags (`pt-BR`, `zh-Hant`). It becomes a folder of the site and part of
/// file names, so nothing else is allowed.
pub fn check_language_code(code: &str) -> Result<(), String> {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(
            "a language code starts with two or three lower-case letters, such as `fr` or `pt-BR`"
                .into(),
        );
    }
    for part in parts {
        if !(2..=8).contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "`{part}` is not a subtag: write letters or digits after `-`, such as `pt-BR`"
            ));
        }
    }
    Ok(())
}

impl Config {
    /// The language with this code, when the site has it.
    pub fn language_of(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The language of this tree.
    pub fn tree_language(&self) -> &Language {
        self.language_of(&self.language)
            .unwrap_or(&self.languages[0])
    }

    /// Whether this is a translation's tree, not the default language's.
    pub fn is_translation_tree(&self) -> bool {
        self.language != self.default_language
    }

    /// Whether the site has languages beside its default.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// This config as the tree of one language sees it: the same site, every page under
    /// `/<code>/` (the default language stays at the root).
    pub fn for_language(&self, code: &str) -> Config {
        let mut config = self.clone();
        config.language = code.to_owned();
        if code == self.default_language {
            config.base_path = self.root_path.clone();
            config.base_url = self.root_url.clone();
        } else {
            config.base_path = format!("{}{code}/", self.root_path);
            config.base_url = format!("{}{code}/", self.root_url);
        }
        config
    }

    /// A URL of a file that exists once, at the site's root (static files, feeds, data).
    pub fn root_url_of(&self, site_path: &str) -> String {
        format!("{}{}", self.root_path, site_path.trim_start_matches('/'))
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct PhaseConfig {
    pub id: PhaseId,
    pub title: String,
    pub summary: String,
}

#[derive(Clone, Debug)]
pub struct TaxonomyConfig {
    pub id: String,
    pub title: String,
    /// A closed vocabulary, or `None` when any term is allowed.
    pub terms: Option<Vec<TermConfig>>,
}

impl TaxonomyConfig {
    /// A term's title: the one `site.toml` gives it, else its id made readable.
    pub fn term_title(&self, term: &TermId) -> String {
        self.terms
            .iter()
            .flatten()
            .find(|t| &t.id == term)
            .map_or_else(|| title_from_id(term.as_str()), |t| t.title.clone())
    }
}

/// An id as a title, for terms of an open vocabulary: `supply-chains` -> `Supply chains`.
pub fn title_from_id(id: &str) -> String {
    let text = id.replace('-', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[derive(Clone, Debug)]
pub struct TermConfig {
    pub id: TermId,
    pub title: String,
}

impl Config {
    /// Read and check `site.toml` under `root`. `base_url_override` is `--base-url`.
    pub fn load(
        root: &Path,
        base_url_override: Option<&str>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) => {
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(CONFIG_FILE),
                        format!("cannot read {CONFIG_FILE}: {err}"),
                    )
                    .help("run praxis from the site's root folder, or pass --root DIR"),
                );
                return None;
            }
        };
        let mut config = Config::parse_at(&text, base_url_override, Some(root), diagnostics)?;
        config.root = root.to_path_buf();
        Some(config)
    }

    /// Parse `site.toml`'s text without looking at the disk (the theme's folder is not
    /// checked for existence).
    pub fn parse(
        text: &str,
        base_url_override: Option<&str>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Config> {
        Config::parse_at(text, base_url_override, None, diagnostics)
    }

    /// [`Config::parse`], also checking against the site's folder `root` when given.
    fn parse_at(
        text: &str,
        base_url_override: Option<&str>,
        root: Option<&Path>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Config> {
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                let location = match err.span() {
                    Some(span) => Location::of_offset(CONFIG_FILE, text, span.start, span.len(), 1),
                    None => Location::file(CONFIG_FILE),
                };
                let message = err.message().trim().to_owned();
                let mut d =
                    Diagnostic::error(location, format!("invalid {CONFIG_FILE}: {message}"))
                        .with_source(text);
                if let Some(better) = unknown_field_in(&message)
                    .and_then(|field| nearest(field, CONFIG_FIELDS.iter().copied()))
                {
                    d = d.label(format!("did you mean `{better}`?"));
                }
                diagnostics.push(d.help(
                    "see the `site.toml` section of README.md for every option and its default",
                ));
                return None;
            }
        };
        let error_at = |span: std::ops::Range<usize>, message: String| {
            Diagnostic::error(
                Location::of_offset(CONFIG_FILE, text, span.start, span.len(), 1),
                message,
            )
            .with_source(text)
        };
        let before = diagnostics.error_count();

        let base_url_text = base_url_override
            .unwrap_or(raw.base_url.get_ref())
            .to_owned();
        let (base_url, base_path) = match parse_base_url(&base_url_text) {
            Ok(parsed) => parsed,
            Err(why) => {
                let d = if base_url_override.is_some() {
                    Diagnostic::error(Location::default(), format!("--base-url: {why}"))
                } else {
                    error_at(raw.base_url.span(), format!("invalid base_url: {why}"))
                };
                diagnostics.push(d.help("write a full URL such as \"https://example.org/lab/\""));
                (String::from("/"), String::from("/"))
            }
        };

        if let Err(why) = check_theme(raw.theme.get_ref(), root) {
            let span = raw.theme.span();
            let d = if span.is_empty() {
                Diagnostic::error(Location::file(CONFIG_FILE), format!("invalid theme: {why}"))
            } else {
                error_at(span, format!("invalid theme: {why}"))
            };
            diagnostics.push(d.help(
                "set `theme` to the name of a folder in themes/, such as `theme = \"default\"`",
            ));
        }

        let source_links = match &raw.repository {
            None => None,
            Some(repository) => match check_repository(repository.get_ref()) {
                Ok(url) => Some(SourceLinks {
                    repository: url,
                    branch: raw.branch.get_ref().clone(),
                }),
                Err(why) => {
                    diagnostics.push(
                        error_at(repository.span(), format!("invalid repository: {why}")).help(
                            "write the repository's web address, such as `repository = \"https://github.com/owner/repo\"`",
                        ),
                    );
                    None
                }
            },
        };
        let branch = raw.branch.get_ref();
        if branch.trim().is_empty() || branch.contains(['?', '#', ' ', '\\', '"', '<', '>']) {
            diagnostics.push(
                error_at(raw.branch.span(), format!("invalid branch `{branch}`"))
                    .help("write the name of the branch the site is published from, such as `branch = \"main\"`"),
            );
        }

        if raw.phases.is_empty() {
            diagnostics.push(
                Diagnostic::error(Location::file(CONFIG_FILE), "site.toml defines no phases")
                    .help("add the procurement cycle as [[phases]] tables with an id and a title"),
            );
        }
        let mut phases = Vec::new();
        let mut seen = BTreeSet::new();
        for phase in raw.phases {
            let id = phase.id.get_ref();
            if let Err(why) = check_slug(id) {
                diagnostics.push(error_at(
                    phase.id.span(),
                    format!("invalid phase id: {why}"),
                ));
            } else if !seen.insert(id.clone()) {
                diagnostics.push(error_at(
                    phase.id.span(),
                    format!("phase `{id}` is defined twice"),
                ));
            }
            phases.push(PhaseConfig {
                id: PhaseId::new(id),
                title: phase.title,
                summary: phase.summary,
            });
        }

        let mut taxonomies = Vec::new();
        let mut seen = BTreeSet::new();
        for taxonomy in raw.taxonomies {
            let id = taxonomy.id.get_ref();
            if let Err(why) = check_slug(id) {
                diagnostics.push(error_at(
                    taxonomy.id.span(),
                    format!("invalid taxonomy id: {why}"),
                ));
            } else if RESERVED_SECTIONS.contains(&id.as_str()) {
                diagnostics.push(error_at(
                    taxonomy.id.span(),
                    format!(
                        "taxonomy id `{id}` is reserved: the site already has a /{id}/ section"
                    ),
                ));
            } else if SEARCH_PARAMETERS.contains(&id.as_str()) {
                // The search page's address names each filter by its taxonomy's id.
                diagnostics.push(
                    error_at(
                        taxonomy.id.span(),
                        format!(
                            "taxonomy id `{id}` is reserved: the search page's address uses `?{id}=`"
                        ),
                    )
                    .help(format!("choose another id for this taxonomy, such as `{id}s`")),
                );
            } else if !seen.insert(id.clone()) {
                diagnostics.push(error_at(
                    taxonomy.id.span(),
                    format!("taxonomy `{id}` is defined twice"),
                ));
            }
            let terms = taxonomy.terms.map(|terms| {
                let mut seen_terms = BTreeSet::new();
                terms
                    .into_iter()
                    .map(|term| {
                        let term_id = term.id.get_ref();
                        if let Err(why) = check_slug(term_id) {
                            diagnostics
                                .push(error_at(term.id.span(), format!("invalid term id: {why}")));
                        } else if !seen_terms.insert(term_id.clone()) {
                            diagnostics.push(error_at(
                                term.id.span(),
                                format!("term `{term_id}` is listed twice in `{id}`"),
                            ));
                        }
                        TermConfig {
                            id: TermId::new(term_id),
                            title: term.title,
                        }
                    })
                    .collect()
            });
            taxonomies.push(TaxonomyConfig {
                id: id.clone(),
                title: taxonomy.title,
                terms,
            });
        }

        if let Err(why) = check_admin_path(&raw.admin.path) {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(CONFIG_FILE),
                    format!("invalid [admin] path `{}`: {why}", raw.admin.path),
                )
                .help("write a folder name such as `path = \"admin\"`, or `enabled = false` for no editor"),
            );
        }
        let mut seen_types = BTreeSet::new();
        let mut resource_types = Vec::new();
        for kind in raw.resource_types {
            let id = kind.id.get_ref();
            if let Err(why) = check_slug(id) {
                diagnostics.push(error_at(
                    kind.id.span(),
                    format!("invalid resource type id: {why}"),
                ));
            } else if !seen_types.insert(id.clone()) {
                diagnostics.push(error_at(
                    kind.id.span(),
                    format!("resource type `{id}` is defined twice"),
                ));
            }
            resource_types.push(TermConfig {
                id: TermId::new(id),
                title: kind.title,
            });
        }

        let located = |span: std::ops::Range<usize>| {
            let location = Location::of_offset(CONFIG_FILE, text, span.start, span.len(), 1);
            let source_line = text
                .lines()
                .nth(location.line.saturating_sub(1))
                .map(str::to_owned);
            (location, source_line)
        };
        let menu = raw.menu.map(|entries| {
            entries
                .into_iter()
                .map(|entry| {
                    let (location, source_line) = located(entry.link.span());
                    MenuEntry {
                        title: entry.title,
                        link: entry.link.into_inner(),
                        location,
                        source_line,
                    }
                })
                .collect()
        });
        let stylesheets = raw
            .stylesheets
            .into_iter()
            .map(|name| {
                let (location, source_line) = located(name.span());
                Stylesheet {
                    name: name.into_inner(),
                    location,
                    source_line,
                }
            })
            .collect();

        let languages = check_languages(&raw.language, raw.languages, &error_at, diagnostics);

        if diagnostics.error_count() > before {
            return None;
        }
        Some(Config {
            root: std::path::PathBuf::new(),
            title: raw.title,
            description: raw.description,
            root_url: base_url.clone(),
            root_path: base_path.clone(),
            base_url,
            base_path,
            default_language: raw.language.get_ref().clone(),
            language: raw.language.into_inner(),
            languages,
            theme: raw.theme.into_inner(),
            phases,
            taxonomies,
            resource_types,
            markdown: raw.markdown,
            admin: raw.admin,
            menu,
            stylesheets,
            source_links,
        })
    }

    pub fn phase(&self, id: &str) -> Option<&PhaseConfig> {
        self.phases.iter().find(|p| p.id.as_str() == id)
    }

    pub fn resource_type(&self, id: &str) -> Option<&TermConfig> {
        self.resource_types.iter().find(|t| t.id.as_str() == id)
    }

    pub fn taxonomy(&self, id: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.id == id)
    }

    /// An absolute path on the site for a site-relative path (`hubs/apparel/` -> `/lab/hubs/apparel/`).
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path.trim_start_matches('/'))
    }

    /// A full URL, for sitemaps, canonical links and feeds.
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }
}

/// The default language and `[[languages]]`, checked: valid codes, none twice, a known
/// direction. The default comes first.
fn check_languages(
    default: &Spanned<String>,
    raw: Vec<RawLanguage>,
    error_at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
    diagnostics: &mut Diagnostics,
) -> Vec<Language> {
    let mut languages = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |code: &Spanned<String>,
                   title: Option<String>,
                   direction: Option<&Spanned<String>>,
                   diagnostics: &mut Diagnostics| {
        let text = code.get_ref();
        if let Err(why) = check_language_code(text) {
            diagnostics.push(error_at(
                code.span(),
                format!("invalid language code `{text}`: {why}"),
            ));
            return;
        }
        if !seen.insert(text.clone()) {
            diagnostics.push(
                error_at(code.span(), format!("language `{text}` is listed twice"))
                    .help("the default `language` is not repeated in [[languages]]; list each other language once"),
            );
            return;
        }
        let direction = match direction {
            None if is_rtl_language(text) => Direction::Rtl,
            None => Direction::Ltr,
            Some(d) if d.get_ref() == "ltr" => Direction::Ltr,
            Some(d) if d.get_ref() == "rtl" => Direction::Rtl,
            Some(d) => {
                diagnostics.push(
                    error_at(d.span(), format!("unknown direction `{}`", d.get_ref()))
                        .help("write `direction = \"rtl\"` for a language written right to left, or leave it out"),
                );
                return;
            }
        };
        let title = title
            .or_else(|| language_name(text).map(str::to_owned))
            .unwrap_or_else(|| text.clone());
        languages.push(Language {
            code: text.clone(),
            title,
            direction,
        });
    };
    add(default, None, None, diagnostics);
    for language in &raw {
        let code = language.code.get_ref();
        if check_language_code(code).is_ok()
            && language.title.is_none()
            && language_name(code).is_none()
        {
            diagnostics.push(
                error_at(
                    language.code.span(),
                    format!("language `{}` needs a title", language.code.get_ref()),
                )
                .help("add `title = \"...\"`: the language's name in itself, as the language switcher shows it"),
            );
            continue;
        }
        add(
            &language.code,
            language.title.clone(),
            language.direction.as_ref(),
            diagnostics,
        );
    }
    languages
}

/// Top-level sections the generator owns; a taxonomy may not take their place.
/// The editor's folder: slugs separated by `/`, not one of praxis's own sections.
fn check_admin_path(path: &str) -> Result<(), String> {
    let first = path.split('/').next().unwrap_or_default();
    if RESERVED_SECTIONS.contains(&first) {
        return Err(format!("/{first}/ is one of praxis's own sections"));
    }
    path.split('/').try_for_each(check_slug)
}

pub const RESERVED_SECTIONS: &[&str] = &[
    "hubs",
    "phases",
    "synthesis",
    "search",
    "static",
    "resources",
    "data",
];

/// The search page's own address parameters (the query, the hub and phase filters); each
/// taxonomy's filter is named by the taxonomy's id, so a taxonomy may not take these.
pub const SEARCH_PARAMETERS: &[&str] = &["q", "hub", "phase", "type", "kind"];

const CONFIG_FIELDS: &[&str] = &[
    "admin",
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "code",
    "direction",
    "theme",
    "phases",
    "taxonomies",
    "resource_types",
    "markdown",
    "menu",
    "link",
    "stylesheets",
    "id",
    "summary",
    "terms",
    "smart_punctuation",
    "highlight_code",
    "highlight_theme",
    "trust_raw_html",
    "repository",
    "branch",
];

/// `repository` must be an `https` web address with a host and nothing a link could abuse.
fn check_repository(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| format!("`{url}` must start with https://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("`{url}` has no host"));
    }
    if url.contains(|c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>')
    }) {
        return Err(format!(
            "`{url}` may not carry spaces, a query or a fragment"
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn unknown_field_in(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

/// Split a base URL into its normalised form (ending with `/`) and its path.
fn parse_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` must start with http:// or https://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() {
        return Err(format!("`{url}` has no host"));
    }
    if path.contains(['?', '#']) {
        return Err(format!("`{url}` may not carry a query or fragment"));
    }
    let path = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    let scheme_len = url.len() - rest.len();
    Ok((format!("{}{host}{path}", &url[..scheme_len]), path))
}

/// The one place that decides what `theme` may name: a folder directly inside the site's
/// `themes/`, by a plain name, so no setting can load templates from elsewhere on the disk.
/// With `root`, the folder must also exist, unless the name is the built-in theme's.
pub fn check_theme(name: &str, root: Option<&Path>) -> Result<(), String> {
    let plain =
        !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':', '\0']);
    if !plain {
        return Err(format!(
            "`{name}` is not a plain folder name: a theme is a folder inside themes/, named without `/`, `\\` or `..`"
        ));
    }
    if let Some(root) = root
        && name != BUILT_IN_THEME
        && !root.join(THEMES_DIR).join(name).is_dir()
    {
        return Err(format!(
            "there is no folder themes/{name}/ in the site (the built-in theme is `{}`)",
            BUILT_IN_THEME
        ));
    }
    Ok(())
}

/// Ids become URL segments: lowercase ASCII letters, digits and single hyphens.
pub fn check_slug(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` must be lowercase letters, digits and single hyphens, such as `risk-assessment`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "Lab"
base_url = "https://example.org/lab"
[[phases]]
id = "planning"
title = "Planning"
"#;

    #[test]
    fn base_url_keeps_its_path() {
        let mut d = Diagnostics::default();
        let config = Config::parse(MINIMAL, None, &mut d).expect("valid config");
        assert_eq!(config.base_url, "https://example.org/lab/");
        assert_eq!(config.base_path, "/lab/");
        assert_eq!(config.url("hubs/apparel/"), "/lab/hubs/apparel/");
        assert_eq!(config.language, "en");
    }

    #[test]
    fn an_unknown_option_points_at_its_line() {
        let text = format!("{MINIMAL}\n[markdown]\nsmart_punctuaton = false\n");
        let mut d = Diagnostics::default();
        assert!(Config::parse(&text, None, &mut d).is_none());
        let error = &d.sorted()[0];
        assert_eq!(error.location.line, 9, "{error:?}");
        assert_eq!(
            error.label.as_deref(),
            Some("did you mean `smart_punctuation`?")
        );
    }
}
