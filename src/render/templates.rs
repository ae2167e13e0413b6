//! The compiled templates of a theme ([`Renderer`]): loading and compiling them, rendering
//! pages in parallel (recording what each read), and turning template errors into located
//! diagnostics.
//!
//! It feeds templates the contexts `context` builds; it must not build template data itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use minijinja::{Environment, UndefinedBehavior};

use super::context::page_context;
use super::deps::{self, Input};
use super::spec::PageSpec;
use super::views::{TrustedHtml, Views};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Site;

/// What finds the links of a rendered page that lead to no file of the site. Knowing every
/// file a build writes (feeds, open data, redirects...) stands above rendering, so the
/// caller hands it in (`page_links::KnownPaths`) and rendering imports nothing above it.
pub trait LinkCheck: Sync {
    /// The internal links of `html` that lead to no file of the site, each once.
    fn broken(&self, html: &str) -> Vec<String>;
}

/// The compiled templates of a theme.
pub struct Renderer {
    env: Environment<'static>,
    /// Each template's file, by name, for locating errors (an override is its site file).
    files: std::collections::HashMap<String, std::path::PathBuf>,
    /// A hash of each template's text, by name: the fingerprint of [`Input::Template`].
    hashes: std::collections::HashMap<String, u64>,
    /// The templates each template loads, itself included, by name.
    loads: std::collections::HashMap<String, BTreeSet<String>>,
}

impl Renderer {
    /// Compile every template of `theme` (see [`crate::theme::Theme::load`]); every template
    /// that cannot be read or compiled is a located error, all of them reported together.
    pub fn load(root: &Path, theme: &crate::theme::Theme) -> Result<Renderer, Diagnostics> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Author HTML reaches a page only as `Html` (see `TrustedHtml`); a theme cannot mark
        // a plain string as safe.
        env.remove_filter("safe");
        // minijinja's default escaping also turns `/` into `&#x2f;`, which makes every URL
        // in the output unreadable; escape only what HTML requires.
        env.set_formatter(|out, state, value| {
            if let Some(html) = value.downcast_object_ref::<TrustedHtml>() {
                return out.write_str(html.as_str()).map_err(minijinja::Error::from);
            }
            if *state.auto_escape() == minijinja::AutoEscape::Html
                && !value.is_safe()
                && let Some(text) = value.as_str()
            {
                return crate::markdown::write_escaped_html(out, text)
                    .map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        add_strings(&mut env, theme.strings.clone());
        let mut errors = Diagnostics::default();
        let mut files = std::collections::HashMap::new();
        let mut hashes = std::collections::HashMap::new();
        let mut direct = std::collections::HashMap::new();
        for template in &theme.templates {
            let rel = template.display_path("templates");
            let text = match &template.origin {
                crate::theme::Origin::BuiltIn(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                crate::theme::Origin::Site(path) => {
                    match std::fs::read_to_string(root.join(path)) {
                        Ok(text) => text,
                        Err(err) => {
                            errors.push(Diagnostic::error(
                                Location::file(&rel),
                                format!("cannot read template: {err}"),
                            ));
                            continue;
                        }
                    }
                }
            };
            if let Err(err) = env.add_template_owned(template.name.clone(), text.clone()) {
                errors.push(template_error(&rel, &err, template_message(&err)).with_source(&text));
            }
            // A template shows interface strings, so a change to a strings file changes
            // every template's fingerprint: the pages that use it render again.
            hashes.insert(
                template.name.clone(),
                text_hash(&text) ^ theme.strings.hash(),
            );
            direct.insert(template.name.clone(), deps::loaded_by(&text));
            files.insert(template.name.clone(), rel);
        }
        let loads = direct
            .keys()
            .map(|name| (name.clone(), loaded_closure(name, &direct)))
            .collect();
        if !errors.has_errors() {
            Ok(Renderer {
                env,
                files,
                hashes,
                loads,
            })
        } else {
            Err(errors)
        }
    }

    /// A link into the site that leads nowhere, located where it is most likely written:
    /// the `[[menu]]` entry that makes it, else the template whose text holds its path.
    fn broken_link(&self, site: &Site, template: &str, url: &str, page: &str) -> Diagnostic {
        let message = format!(
            "broken link: pages such as {page} link to `{url}`, which is not a page or file of this site"
        );
        if let Some(entry) = site.menu.iter().position(|m| m.url == url)
            && let Some(written) = site.config.menu.as_ref().and_then(|menu| menu.get(entry))
        {
            let mut d = Diagnostic::error(written.location.clone(), message)
                .help("link the menu entry to a page the site has");
            d.source_line = written.source_line.clone();
            return d;
        }
        let path = url
            .strip_prefix(&site.config.base_path)
            .unwrap_or(url)
            .split(['#', '?'])
            .next()
            .unwrap_or("");
        let mut names: Vec<&str> = vec![template];
        names.extend(
            self.files
                .keys()
                .map(String::as_str)
                .filter(|n| *n != template),
        );
        for name in names {
            let Some(source) = self
                .env
                .get_template(name)
                .ok()
                .map(|t| t.source().to_owned())
            else {
                continue;
            };
            if path.is_empty() {
                break;
            }
            if let Some(offset) = source.find(path) {
                let location =
                    Location::of_offset(self.template_file(name), &source, offset, path.len(), 1);
                return Diagnostic::error(location, message)
                    .with_source(&source)
                    .help(match self.files.get(name) {
                        Some(file) if !file.starts_with("(built-in theme)") => {
                            "link to a page the site has".to_owned()
                        }
                        _ => format!("the theme links to a page this site does not have: add the page, or override the template with your own templates/{name}"),
                    });
            }
        }
        Diagnostic::error(Location::file(self.template_file(template)), message).help(format!(
            "a link written by `{template}` (or the templates it uses) leads nowhere: link to a page the site has, or override the template with your own templates/{template}"
        ))
    }

    /// The file a template came from, as diagnostics name it.
    pub fn template_file(&self, name: &str) -> std::path::PathBuf {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| Path::new("templates").join(name))
    }

    /// Render `specs` in parallel, handing each page's HTML to `page` (which may write it
    /// away at once); every error of every page is collected, and every link a page carries
    /// into the site is checked by `links` (`page_links::KnownPaths`).
    pub fn render_each<T: Send>(
        &self,
        site: &Site,
        specs: &[PageSpec],
        links: &dyn LinkCheck,
        page: impl Fn(&PageSpec, String) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, Diagnostics> {
        self.render_pass(site, specs, links, false, |spec, html, _| page(spec, html))
    }

    /// [`Renderer::render_each`], also handing over what each page's render read (see
    /// [`deps`]), for a build that keeps its dependency graph.
    pub fn render_each_recorded<T: Send>(
        &self,
        site: &Site,
        specs: &[PageSpec],
        links: &dyn LinkCheck,
        page: impl Fn(&PageSpec, String, BTreeSet<Input>) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, Diagnostics> {
        self.render_pass(site, specs, links, true, page)
    }

    fn render_pass<T: Send>(
        &self,
        site: &Site,
        specs: &[PageSpec],
        known: &dyn LinkCheck,
        record: bool,
        page: impl Fn(&PageSpec, String, BTreeSet<Input>) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, Diagnostics> {
        use rayon::prelude::*;
        let views = Views::new(site);
        // Each broken URL once, with the template and one page that showed it.
        let broken = std::sync::Mutex::new(BTreeMap::<String, (&'static str, String)>::new());
        let results: Vec<Result<T, Diagnostic>> = specs
            .par_iter()
            .map(|spec| {
                let (html, inputs) = if record {
                    self.render_recorded(&views, spec)?
                } else {
                    (self.render_with(&views, spec)?, BTreeSet::new())
                };
                for url in known.broken(&html) {
                    broken
                        .lock()
                        .expect("not poisoned")
                        .entry(url)
                        .or_insert_with(|| {
                            let page = spec.url_path(site).map(|p| site.config.url(&p));
                            (
                                spec.template(),
                                page.unwrap_or_else(|| spec.output_path(site)),
                            )
                        });
                }
                page(spec, html, inputs)
            })
            .collect();
        let mut errors = Diagnostics::default();
        for (url, (template, page)) in broken.into_inner().expect("not poisoned") {
            errors.push(self.broken_link(site, template, &url, &page));
        }
        let mut pages = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(value) => pages.push(value),
                Err(d) => errors.push(d),
            }
        }
        if errors.has_errors() {
            Err(errors)
        } else {
            Ok(pages)
        }
    }

    /// Render one page to HTML.
    pub fn render(&self, site: &Site, spec: &PageSpec) -> Result<String, Diagnostic> {
        self.render_with(&Views::new(site), spec)
    }

    /// The hash of a template's text, by name.
    pub fn template_hash(&self, name: &str) -> Option<u64> {
        self.hashes.get(name).copied()
    }

    /// One page's HTML and what its render read.
    fn render_recorded(
        &self,
        views: &Views,
        spec: &PageSpec,
    ) -> Result<(String, BTreeSet<Input>), Diagnostic> {
        let recording = deps::Recording::start();
        for name in self.loads.get(spec.template()).into_iter().flatten() {
            deps::read(|| Input::Template(name.clone()));
        }
        let html = self.render_with(views, spec)?;
        Ok((html, recording.finish()))
    }

    fn render_with(&self, views: &Views, spec: &PageSpec) -> Result<String, Diagnostic> {
        let site = views.site;
        let ctx = page_context(views, spec);
        let template = self
            .env
            .get_template(spec.template())
            .map_err(|err| Diagnostic::error(Location::default(), err.to_string()))?;
        template.render(ctx).map_err(|err| {
            let mut message = format!("while rendering {}: {err}", spec.output_path(site));
            let mut source = std::error::Error::source(&err);
            while let Some(inner) = source {
                message.push_str(&format!(": {inner}"));
                source = inner.source();
            }
            let file = self.template_file(err.name().unwrap_or(spec.template()));
            template_error(&file, &err, message)
        })
    }
}

/// The interface strings in templates, each in the language of the tree being rendered
/// (`site.language` of the page's context, falling back to `site.default_language`, then
/// English):
///
/// - `t("key")`, `t("key", name=value)`: the text with `{name}` replaced; with `count=n`, the
///   plural form of `n` (`key.one`, `key.other`) and `{count}` as a number of the language.
///   The result is a plain string, escaped like any other.
/// - `strings("prefix")`: every key under `prefix.`, for a browser script (`|tojson`).
/// - `n|number`: a count as the language writes it.
///
/// A key that no language has is an error, located in the template.
fn add_strings(env: &mut Environment<'static>, catalog: std::sync::Arc<crate::i18n::Catalog>) {
    use minijinja::value::Kwargs;
    use minijinja::{Error, ErrorKind, State};
    let strings = catalog.clone();
    env.add_function(
        "t",
        move |state: &State, key: &str, kwargs: Kwargs| -> Result<String, Error> {
            with_tree(&strings, state, |strings| {
                let count: Option<u64> = kwargs.get("count")?;
                let text = match count {
                    Some(n) => strings.plural(key, n),
                    None => strings.get(key),
                }
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidOperation,
                        format!("no interface string `{key}` in the theme's i18n/en.toml"),
                    )
                })?;
                let mut values = Vec::new();
                for name in kwargs.args() {
                    let value: minijinja::Value = kwargs.get(name)?;
                    let shown = match u64::try_from(value.clone()) {
                        Ok(n) if value.is_integer() => strings.number(n),
                        _ => value.to_string(),
                    };
                    values.push((name, shown));
                }
                kwargs.assert_all_used()?;
                Ok(crate::i18n::interpolate(text, |name| {
                    values
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| v.clone())
                }))
            })
        },
    );
    let strings = catalog.clone();
    env.add_function(
        "strings",
        move |state: &State, prefix: &str| -> minijinja::Value {
            with_tree(&strings, state, |strings| {
                minijinja::Value::from(minijinja::value::Serde(strings.under(prefix)))
            })
        },
    );
    env.add_filter("number", move |state: &State, n: u64| -> String {
        with_tree(&catalog, state, |strings| strings.number(n))
    });
}

/// `f` with the strings of the tree the page belongs to: `site.language` of its context,
/// falling back to `site.default_language`, then English.
fn with_tree<R>(
    catalog: &crate::i18n::Catalog,
    state: &minijinja::State,
    f: impl FnOnce(crate::i18n::Strings) -> R,
) -> R {
    let site = state.lookup("site");
    let attr = |name| site.as_ref().and_then(|s| s.get_attr(name).ok());
    let (language, default) = (attr("language"), attr("default_language"));
    let language = language
        .as_ref()
        .and_then(minijinja::Value::as_str)
        .unwrap_or(crate::i18n::ENGLISH);
    let default = default
        .as_ref()
        .and_then(minijinja::Value::as_str)
        .unwrap_or(language);
    f(catalog.strings(language, default))
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// `name` and every template it loads, directly or through another.
fn loaded_closure(
    name: &str,
    direct: &std::collections::HashMap<String, Vec<String>>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_owned()];
    while let Some(next) = todo.pop() {
        if seen.insert(next.clone()) {
            todo.extend(direct.get(&next).into_iter().flatten().cloned());
        }
    }
    seen
}

/// The one mapping of a minijinja error to a diagnostic: at the line of `file` it names (a
/// compiled template's or a rendering one's), else on the file.
fn template_error(file: &Path, err: &minijinja::Error, message: String) -> Diagnostic {
    let location = match err.line() {
        Some(line) => Location::at(file, line, 1, 1),
        None => Location::file(file),
    };
    Diagnostic::error(location, message)
}

/// What a template that does not compile says.
fn template_message(err: &minijinja::Error) -> String {
    format!(
        "template error: {}",
        err.detail().unwrap_or(&err.to_string())
    )
}
