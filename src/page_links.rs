//! Every link a rendered page carries into the site must lead to a file the build writes.
//!
//! Content links are checked as Markdown is read (`links`); this checks what the templates
//! add (navigation, listings, a theme override's own links, the menu) on the finished HTML,
//! so a theme that links to `/about/` on a site without an about page is a located error in
//! the template that wrote the link, not a broken link on every page of the published site.

use std::collections::HashSet;

use crate::model::Site;
use crate::render::PageSpec;

/// The paths of the site (relative to the base path) a page may link to.
pub struct KnownPaths {
    base_path: String,
    paths: HashSet<String>,
}

impl KnownPaths {
    /// Every page, generated file, theme static file and asset of `site`.
    pub fn of(site: &Site) -> KnownPaths {
        let mut paths: HashSet<String> = HashSet::new();
        for spec in PageSpec::all(site) {
            let output = spec.output_path(site);
            paths.insert(output.trim_end_matches("index.html").to_owned());
            paths.insert(output);
        }
        for generated in [
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
            "404.html",
            crate::urls::MANIFEST_FILE,
        ]
        .into_iter()
        .chain(crate::open_data::FILES.iter().copied())
        {
            paths.insert(generated.to_owned());
        }
        paths.extend(site.hubs.iter().map(|hub| format!("{}atom.xml", hub.path)));
        for redirect in crate::urls::redirect_paths(site) {
            paths.insert(format!("{redirect}index.html"));
            paths.insert(redirect);
        }
        if site.config.markdown.highlight_code {
            paths.insert("static/code.css".to_owned());
        }
        paths.extend(
            site.theme
                .statics
                .iter()
                .map(|f| format!("static/{}", f.name)),
        );
        paths.extend(site.assets.iter().map(|a| a.path.clone()));
        paths.extend(crate::admin::paths(site));
        paths.extend(crate::open_data::survey::paths(site));
        KnownPaths {
            base_path: site.config.base_path.clone(),
            paths,
        }
    }

    /// Is `path` (relative to the base path) a file or page of the site?
    pub fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// The internal links of `html` (`href` and `src` values under the base path) that lead
    /// to no file of the site, each once.
    pub fn broken(&self, html: &str) -> Vec<String> {
        let mut broken: Vec<String> = Vec::new();
        for value in attribute_values(html) {
            let Some(rest) = value.strip_prefix(&self.base_path) else {
                continue;
            };
            let path = rest.split(['#', '?']).next().unwrap_or("");
            // Most links have no escapes: look them up without a copy (this runs for every
            // link of every page of a build).
            let decoded;
            let path = if path.contains('%') {
                decoded = crate::links::percent_decode(path);
                decoded.as_str()
            } else {
                path
            };
            let known = path.is_empty()
                || self.paths.contains(path)
                || (!path.ends_with('/') && self.paths.contains(&format!("{path}/")));
            if !known && !broken.iter().any(|b| b == value) {
                broken.push(value.to_owned());
            }
        }
        broken
    }
}

/// The values of every `href="..."` and `src="..."` of serialised HTML.
impl crate::render::LinkCheck for KnownPaths {
    fn broken(&self, html: &str) -> Vec<String> {
        KnownPaths::broken(self, html)
    }
}

fn attribute_values(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find("=\"")?;
            let name_end = at;
            let value_start = at + 2;
            let value_end = rest[value_start..]
                .find('"')
                .map_or(rest.len(), |e| value_start + e);
            let name = &rest[..name_end];
            let value = &rest[value_start..value_end];
            rest = &rest[value_end.min(rest.len())..];
            if name.ends_with(" href") || name.ends_with(" src") {
                return Some(value);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(paths: &[&str]) -> KnownPaths {
        KnownPaths {
            base_path: "/lab/".into(),
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn links_under_the_base_path_must_lead_to_a_file_of_the_site() {
        let site = known(&["hubs/", "static/style.css", "a b/"]);
        let page = concat!(
            "<a href=\"/lab/\">home</a><a href=\"/lab/hubs/#x\">hubs</a>",
            "<link rel=\"stylesheet\" href=\"/lab/static/style.css\">",
            "<a href=\"/lab/a%20b/\">space</a><a href=\"/lab/hubs\">no slash</a>",
            "<a href=\"/lab/about/\">about</a><a href=\"/lab/about/\">again</a>",
            "<script src=\"/lab/static/missing.js\"></script>",
            "<a href=\"https://example.org/about/\">out</a><a href=\"#top\">top</a>",
            "<p>text=\"/lab/nowhere/\"</p>",
        );
        assert_eq!(site.broken(page), ["/lab/about/", "/lab/static/missing.js"]);
    }
}
