//! The site's navigation from `[[menu]]` in site.toml, checked like a link in content: a
//! source file must exist and be published, a path must be a page of the site, a web
//! address must be http or https. Without `[[menu]]`, the navigation is praxis's own
//! sections (hubs, phases, synthesis, each taxonomy, search): nothing names a page that a
//! site may not have.

use std::path::Path;

use crate::config::{Config, MenuEntry};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path, nearest};
use crate::links::LinkTable;
use crate::model::MenuLink;

/// The menu's links, each resolved to a URL; `is_page` says whether a path of the site
/// (`hubs/`, `about/`) is a page this build writes.
pub fn resolve(
    config: &Config,
    links: &LinkTable,
    is_page: impl Fn(&str) -> bool,
    sources: &[&Path],
    diagnostics: &mut Diagnostics,
) -> Vec<MenuLink> {
    let Some(entries) = &config.menu else {
        return default_menu(config);
    };
    entries
        .iter()
        .filter_map(
            |entry| match resolve_entry(config, links, &is_page, entry) {
                Ok(url) => Some(MenuLink {
                    title: entry.title.clone(),
                    url,
                }),
                Err(mut d) => {
                    if d.label.is_none()
                        && let Some(better) = suggestion(entry, sources)
                    {
                        d = d.label(format!("did you mean `{better}`?"));
                    }
                    d.source_line = entry.source_line.clone();
                    diagnostics.push(d);
                    None
                }
            },
        )
        .collect()
}

fn default_menu(config: &Config) -> Vec<MenuLink> {
    let mut menu = vec![
        link("Hubs", config.url("hubs/")),
        link("Phases", config.url("phases/")),
        link("Synthesis", config.url("synthesis/")),
    ];
    for taxonomy in &config.taxonomies {
        menu.push(link(
            &taxonomy.title,
            config.url(&format!("{}/", taxonomy.id)),
        ));
    }
    menu.push(link("Search", config.url("search/")));
    menu
}

fn link(title: &str, url: String) -> MenuLink {
    MenuLink {
        title: title.to_owned(),
        url,
    }
}

fn resolve_entry(
    config: &Config,
    links: &LinkTable,
    is_page: &impl Fn(&str) -> bool,
    entry: &MenuEntry,
) -> Result<String, Diagnostic> {
    let written = entry.link.trim();
    let error = |message: String, help: &str| {
        Diagnostic::error(entry.location.clone(), message).help(help.to_owned())
    };
    let lower = written.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(written.to_owned());
    }
    if crate::html::check_url(written).is_err() {
        return Err(error(
            format!("menu link `{written}` is not a web address, a page or a file of the site"),
            "write a source file (`content/about.md`), a path of the site (`/hubs/`) or an https:// address",
        ));
    }
    let (path, fragment) = match written.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (written, None),
    };
    let with_fragment = |url: String| match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    };
    let path = path.trim_start_matches('/');
    if path.ends_with(".md") {
        return match links.target(Path::new(path)) {
            Some(target) if target.excluded_draft => Err(error(
                format!("menu link to a draft: `{path}` is not published"),
                "publish the page, or leave it out of [[menu]] until it is",
            )),
            Some(target) => Ok(with_fragment(config.url(&target.path))),
            None => Err(error(
                format!("menu link: `{path}` does not exist"),
                "name a Markdown file of the site, relative to the site's root (`content/about.md`)",
            )),
        };
    }
    let page = if path.is_empty() || path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    if page.is_empty() || is_page(&page) {
        Ok(with_fragment(config.url(&page)))
    } else {
        Err(error(
            format!("menu link: the site has no page at `/{page}`"),
            "name a page praxis makes (`/hubs/`, `/phases/`, `/synthesis/`, `/search/`, a taxonomy's `/<id>/`) or a Markdown file (`content/about.md`)",
        ))
    }
}

/// The source file a mistyped `.md` link most likely meant.
fn suggestion(entry: &MenuEntry, sources: &[&Path]) -> Option<String> {
    let written = entry.link.trim().trim_start_matches('/');
    if !written.ends_with(".md") {
        return None;
    }
    let names: Vec<String> = sources.iter().map(|s| display_path(s)).collect();
    nearest(written, names.iter().map(String::as_str)).map(str::to_owned)
}
