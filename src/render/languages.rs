//! What every page of a site in several languages shows of them: the language switcher (this
//! page in every tree), the `hreflang` alternates (only where the page's text exists in that
//! language), and the notice on a page whose text is not translated or whose translation is
//! older than its original.
//!
//! Template data only; which trees exist is the loader's (`Site::trees`).

use minijinja::{Value, context};
use serde::Serialize;

use super::deps::{self, Input};
use super::spec::PageSpec;
use super::views::{Views, v};
use crate::config::Direction;
use crate::model::Site;

/// One entry of the language switcher.
#[derive(Serialize)]
struct LanguageLink {
    code: String,
    title: String,
    url: String,
    /// The tree this page is in.
    current: bool,
    /// Whether the page's text is written in this language (an original or a translation);
    /// generated pages are, in every language.
    translated: bool,
    direction: &'static str,
}

/// One `<link rel="alternate" hreflang>`.
#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

/// The languages' part of a page's context: `languages` (the switcher), `alternates`, and
/// `translation` (the notice) where there is one to show. Nothing for a site of one language.
pub(super) fn languages_context(views: &Views, spec: &PageSpec) -> Value {
    let site = views.site;
    let config = &site.config;
    if !config.is_multilingual() {
        return context! {};
    }
    deps::read(|| Input::Config);
    let Some(url_path) = spec.url_path(site) else {
        return context! {};
    };
    let source = spec.text_source(site);
    if let Some(source) = source {
        deps::read(|| Input::TranslationsOf(source.to_path_buf()));
    }
    let written_in = |code: &str| is_written_in(site, source, code);
    let url_in = |code: &str| url_in_tree(site, &url_path, code);
    let languages: Vec<LanguageLink> = config
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: l.code.clone(),
            title: l.title.clone(),
            url: url_in(&l.code),
            current: l.code == config.language,
            translated: written_in(&l.code),
            direction: l.direction.as_str(),
        })
        .collect();
    let absolute = |code: &str| {
        let host = config.root_url.trim_end_matches(&config.root_path);
        format!("{host}{}", url_in(code))
    };
    let mut alternates: Vec<Alternate> = config
        .languages
        .iter()
        .filter(|l| written_in(&l.code))
        .map(|l| Alternate {
            hreflang: l.code.clone(),
            href: absolute(&l.code),
        })
        .collect();
    alternates.push(Alternate {
        hreflang: "x-default".into(),
        href: absolute(&config.default_language),
    });
    let notice = source.and_then(|source| notice(views, source, &url_in));
    let languages = context! {
        languages => v(languages),
        alternates => v(alternates),
        translation => notice,
    };
    // A page showing the original's text names the original as the page to index.
    let shows_original = source.is_some() && !written_in(&config.language);
    match shows_original {
        true => context! { canonical => absolute(&config.default_language), ..languages },
        false => languages,
    }
}

/// Whether a page whose text comes from `source` is written in `code`: its original is (in
/// the default language), or a translation into `code` exists. Pages made from lists have
/// no source and are written in every language.
pub(super) fn is_written_in(site: &Site, source: Option<&std::path::Path>, code: &str) -> bool {
    match source {
        None => true,
        Some(source) => {
            code == site.config.default_language || site.translation(source, code).is_some()
        }
    }
}

/// The URL of the page at `url_path` (relative to a tree's root) in the tree of `code`.
pub(super) fn url_in_tree(site: &Site, url_path: &str, code: &str) -> String {
    let config = &site.config;
    if code == config.default_language {
        format!("{}{url_path}", config.root_path)
    } else {
        format!("{}{code}/{url_path}", config.root_path)
    }
}

/// The direction of a language of the site (left to right when it is not one).
pub(super) fn direction_of(site: &Site, code: &str) -> &'static str {
    site.config
        .language_of(code)
        .map_or(Direction::Ltr, |l| l.direction)
        .as_str()
}

/// What a page of a translation's tree says about its text: not translated yet (with the
/// languages it is written in), or translated before the original's last revision.
fn notice(
    views: &Views,
    source: &std::path::Path,
    url_in: &dyn Fn(&str) -> String,
) -> Option<Value> {
    let site = views.site;
    let config = &site.config;
    if !config.is_translation_tree() {
        return None;
    }
    let available: Vec<Value> = config
        .languages
        .iter()
        .filter(|l| {
            l.code == config.default_language
                || (l.code != config.language && site.translation(source, &l.code).is_some())
        })
        .map(|l| context! { code => &l.code, title => &l.title, url => url_in(&l.code) })
        .collect();
    let original = config.languages.first()?;
    match site.translation(source, &config.language) {
        None => Some(context! {
            state => "missing",
            original_language => &original.code,
            original_title => &original.title,
            available => available,
        }),
        Some(translation) => {
            let revised = translation.original_date?;
            crate::load::is_outdated(translation, Some(revised)).then(|| {
                context! {
                    state => "outdated",
                    revised => revised.to_string(),
                    revised_human => views.strings.date(revised),
                    original_url => url_in(&original.code),
                    original_code => &original.code,
                    original_title => &original.title,
                }
            })
        }
    }
}
