//! Public addresses that keep working: redirect pages for `aliases:`, the manifest of every
//! public URL a build writes (`urls.json`), and the check that compares a site with an
//! earlier build's manifest (`praxis urls-check`), naming the alias line that keeps each
//! vanished address alive.
//!
//! Nothing here decides a page's URL (loading does) or checks aliases for collisions
//! (`load`'s URL claims do); this module only reads the loaded site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::markdown::escape_html as esc;
use crate::model::{Alias, Site};
use crate::output::OutputFile;
use crate::render::PageSpec;

/// The manifest's file name at the root of the output.
pub const MANIFEST_FILE: &str = "urls.json";

/// The format version written in every manifest.
const VERSION: u32 = 1;

/// A page that has aliases: where it is and what it is called.
struct Target<'a> {
    source: &'a Path,
    path: &'a str,
    title: &'a str,
    language: &'a str,
    aliases: &'a [Alias],
    /// A report's print view moves with it.
    has_print: bool,
}

/// Every chapter, report and content page of the site, with their aliases.
fn targets(site: &Site) -> Vec<Target<'_>> {
    let chapters = site.chapters.iter().map(|c| Target {
        source: &c.source,
        path: &c.path,
        title: &c.title,
        language: &c.language,
        aliases: &c.aliases,
        has_print: false,
    });
    let reports = site.reports.iter().map(|r| Target {
        source: &r.source,
        path: &r.path,
        title: &r.title,
        language: &r.language,
        aliases: &r.aliases,
        has_print: true,
    });
    let pages = site.pages.iter().map(|p| Target {
        source: &p.source,
        path: &p.path,
        title: &p.title,
        language: &p.language,
        aliases: &p.aliases,
        has_print: false,
    });
    chapters.chain(reports).chain(pages).collect()
}

/// Every alias of the site as (old path, new path, title, language), sorted by old path.
fn redirect_list(site: &Site) -> Vec<(String, String, &str, &str)> {
    let mut list = Vec::new();
    for target in targets(site) {
        for alias in target.aliases {
            list.push((
                alias.path.clone(),
                target.path.to_owned(),
                target.title,
                target.language,
            ));
            if target.has_print {
                list.push((
                    format!("{}print/", alias.path),
                    format!("{}print/", target.path),
                    target.title,
                    target.language,
                ));
            }
        }
    }
    list.sort();
    list
}

/// The old paths that redirect pages are written at (`old/url/`).
pub fn redirect_paths(site: &Site) -> impl Iterator<Item = String> + '_ {
    redirect_list(site).into_iter().map(|(from, ..)| from)
}

/// A redirect page at each alias: a `refresh` that works without JavaScript, a visible link
/// for browsers that do not follow it, the new page as canonical and `noindex`, so search
/// engines move their entry instead of listing both.
pub fn redirect_files(site: &Site) -> Vec<OutputFile> {
    let config = &site.config;
    redirect_list(site)
        .into_iter()
        .map(|(from, to, title, language)| {
            let url = esc(&config.url(&to));
            let canonical = esc(&config.absolute_url(&to));
            let title = esc(title);
            let html = format!(
                "<!doctype html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} (moved)</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n",
                language = esc(language),
            );
            OutputFile::Bytes {
                path: format!("{from}index.html"),
                bytes: html.into_bytes(),
            }
        })
        .collect()
}

/// What an address of the manifest is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Chapter,
    Report,
    /// A report's print view.
    Print,
    /// A page from `content/`.
    Page,
    /// A redirect written for an alias.
    Alias,
    /// Any page praxis makes from the site as a whole (lists, phases, terms, search).
    Generated,
}

impl Kind {
    /// Whether a vanished address of this kind must be kept by an alias. Generated pages come
    /// and go with the content (a term page with its last chapter); no alias can hold them.
    fn kept(self) -> bool {
        !matches!(self, Kind::Generated)
    }
}

/// One public address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The path from the site's root, starting and ending with `/` (`/hubs/apparel/`).
    pub url: String,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The file it is built from, relative to the site's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// For an alias, the address it leads to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// Every public address of a build, sorted: what `urls.json` holds. Paths are relative to
/// the site's root, not its domain, so builds for different addresses (a preview, the
/// public site) compare.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub praxis_urls: u32,
    pub urls: Vec<Entry>,
}

impl Manifest {
    /// The manifest of `site`'s pages (`specs`) and aliases.
    pub fn of(site: &Site, specs: &[PageSpec]) -> Manifest {
        let mut urls: Vec<Entry> = specs.iter().filter_map(|spec| entry(site, spec)).collect();
        urls.extend(
            redirect_list(site)
                .into_iter()
                .map(|(from, to, _, _)| Entry {
                    url: format!("/{from}"),
                    kind: Kind::Alias,
                    title: None,
                    source: None,
                    to: Some(format!("/{to}")),
                }),
        );
        urls.sort_by(|a, b| a.url.cmp(&b.url));
        urls.dedup_by(|a, b| a.url == b.url);
        Manifest {
            praxis_urls: VERSION,
            urls,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a manifest always serialises");
        text.push('\n');
        text
    }

    pub fn parse(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = serde_json::from_str(text)
            .map_err(|err| format!("not a praxis URL manifest ({MANIFEST_FILE}): {err}"))?;
        if manifest.praxis_urls != VERSION {
            return Err(format!(
                "manifest version {} is not {VERSION}: build the older site with this praxis",
                manifest.praxis_urls
            ));
        }
        Ok(manifest)
    }
}

fn entry(site: &Site, spec: &PageSpec) -> Option<Entry> {
    let path = spec.url_path(site)?;
    let described = |kind, title: &str, source: &Path| Entry {
        url: format!("/{path}"),
        kind,
        title: Some(title.to_owned()),
        source: Some(display_path(source)),
        to: None,
    };
    Some(match spec {
        PageSpec::Chapter(i) => {
            let c = &site.chapters[*i];
            described(Kind::Chapter, &c.title, &c.source)
        }
        PageSpec::Report(i) => {
            let r = &site.reports[*i];
            described(Kind::Report, &r.title, &r.source)
        }
        PageSpec::ReportPrint(i) => {
            let r = &site.reports[*i];
            described(Kind::Print, &r.title, &r.source)
        }
        PageSpec::Content(i) => {
            let p = &site.pages[*i];
            described(Kind::Page, &p.title, &p.source)
        }
        _ => Entry {
            url: format!("/{path}"),
            kind: Kind::Generated,
            title: None,
            source: None,
            to: None,
        },
    })
}

/// The `urls.json` file of a build.
pub fn manifest_file(site: &Site, specs: &[PageSpec]) -> OutputFile {
    OutputFile::Bytes {
        path: MANIFEST_FILE.into(),
        bytes: Manifest::of(site, specs).to_json().into_bytes(),
    }
}

/// Compare `site` with an earlier build's manifest (read from `before_file`, named in
/// messages): an error for every address of a chapter, report, page or alias that is gone
/// and not kept by an alias, on the file whose front matter should carry it, with the
/// `aliases:` line to write there.
pub fn check(site: &Site, before: &Manifest, before_file: &Path) -> Diagnostics {
    let now = Manifest::of(site, &PageSpec::all(site));
    let present: BTreeSet<&str> = now.urls.iter().map(|e| e.url.as_str()).collect();
    let earlier: BTreeSet<&str> = before.urls.iter().map(|e| e.url.as_str()).collect();
    let missing: Vec<&Entry> = before
        .urls
        .iter()
        .filter(|e| e.kind.kept() && !present.contains(e.url.as_str()))
        .collect();
    let missing_urls: BTreeSet<&str> = missing.iter().map(|e| e.url.as_str()).collect();
    let targets = targets(site);
    // New aliases by the file that should carry them; vanished addresses no page can keep.
    let mut to_add: BTreeMap<PathBuf, Vec<&Entry>> = BTreeMap::new();
    let mut homeless = Vec::new();
    for entry in missing {
        // A report's alias keeps its print view too: only the report's line is needed.
        if entry.kind == Kind::Print
            && let Some(report) = entry.url.strip_suffix("print/")
            && missing_urls.contains(report)
        {
            continue;
        }
        match successor(entry, &targets, &earlier) {
            Some(target) => to_add
                .entry(target.source.to_path_buf())
                .or_default()
                .push(entry),
            None => homeless.push(entry),
        }
    }
    let mut diagnostics = Diagnostics::default();
    for (file, entries) in &to_add {
        let target = targets
            .iter()
            .find(|t| t.source == file)
            .expect("chosen among the targets");
        let mut list: Vec<String> = target.aliases.iter().map(|a| a.path.clone()).collect();
        list.extend(entries.iter().map(|e| alias_text(&e.url)));
        let line = format!("aliases: [{}]", list.join(", "));
        for entry in entries {
            let was = describe(entry);
            diagnostics.push(
                Diagnostic::error(
                    Location::file(file),
                    format!(
                        "the published address {} would disappear{was}",
                        entry.url
                    ),
                )
                .label(format!("probably moved here, to /{}", target.path))
                .help(format!(
                    "add this line to the front matter of {} so the old address redirects here:\n{line}",
                    display_path(file)
                )),
            );
        }
    }
    for entry in homeless {
        let was = describe(entry);
        let nearest = nearest_page(&entry.url, &targets);
        let help = match nearest {
            Some(target) => format!(
                "if the page moved, add `aliases: [{}]` to its new file's front matter; if it was removed, add it to the page that replaces it, such as {}",
                alias_text(&entry.url),
                display_path(target.source)
            ),
            None => format!(
                "if the page moved, add `aliases: [{}]` to its new file's front matter; if it was removed, to the page that replaces it",
                alias_text(&entry.url)
            ),
        };
        diagnostics.push(
            Diagnostic::error(
                Location::file(before_file),
                format!("the published address {} would disappear{was}", entry.url),
            )
            .help(help),
        );
    }
    diagnostics
}

/// What a vanished address was, for the message: ` (chapter "Award", hubs/x/03-award.md)`.
fn describe(entry: &Entry) -> String {
    let kind = match entry.kind {
        Kind::Chapter => "chapter",
        Kind::Report => "report",
        Kind::Print => "print view",
        Kind::Page => "page",
        Kind::Alias => "alias",
        Kind::Generated => "page",
    };
    match (&entry.title, &entry.source, &entry.to) {
        (Some(title), Some(source), _) => format!(" ({kind} \"{title}\", was {source})"),
        (_, _, Some(to)) => format!(" (an alias of {to})"),
        _ => String::new(),
    }
}

/// An address as written in `aliases:` (`hubs/apparel/old/`).
fn alias_text(url: &str) -> String {
    url.trim_start_matches('/').to_owned()
}

/// The last segment of an address (`/hubs/a/r/award/` -> `award`).
fn slug(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// The page a vanished address most likely became: among pages that are new (a rename
/// always makes a new address), the one with the same title and slug, else the same title,
/// else the same slug. An alias's successor is its former target's.
fn successor<'a>(
    entry: &Entry,
    targets: &'a [Target<'a>],
    earlier: &BTreeSet<&str>,
) -> Option<&'a Target<'a>> {
    let slug_of = match (&entry.kind, &entry.to) {
        (Kind::Alias, Some(to)) => slug(to),
        _ => slug(entry.url.strip_suffix("print/").unwrap_or(&entry.url)),
    };
    if let Some(to) = &entry.to
        && let Some(target) = targets.iter().find(|t| format!("/{}", t.path) == *to)
    {
        return Some(target);
    }
    let title = entry.title.as_deref().map(str::to_lowercase);
    let score = |t: &Target| {
        let same_title = title.as_deref() == Some(t.title.to_lowercase().as_str());
        let same_slug = slug(t.path) == slug_of;
        u8::from(same_title) * 2 + u8::from(same_slug)
    };
    let fresh = targets
        .iter()
        .filter(|t| !earlier.contains(format!("/{}", t.path).as_str()));
    // `max_by_key` keeps the last of equals: reverse so the first in site order wins.
    let best = fresh.rev().max_by_key(|t| score(t))?;
    (score(best) > 0).then_some(best)
}

/// The closest page above a vanished address that can carry an alias (a chapter's report).
fn nearest_page<'a>(url: &str, targets: &'a [Target<'a>]) -> Option<&'a Target<'a>> {
    let mut path = url.trim_matches('/');
    while let Some((parent, _)) = path.rsplit_once('/') {
        let wanted = format!("{parent}/");
        if let Some(target) = targets.iter().find(|t| t.path == wanted) {
            return Some(target);
        }
        path = parent;
    }
    None
}
