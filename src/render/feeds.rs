//! The site's files beside its pages that list them: the news, the Atom feeds (site and per
//! hub), the JSON Feed, `sitemap.xml` and `robots.txt`. Dates come from content, never the clock.
//!
//! They must not use templates: each is written here, whole.

use super::languages::{is_written_in, url_in_tree};
use super::spec::PageSpec;
use crate::model::{Date, PageKind, Site, Status};

/// Dated pages inside a section (the news), newest first.
/// The section that holds the newest dated post, if the site has news at all.
pub(super) fn news_section(site: &Site) -> Option<&crate::model::Page> {
    let newest = news_posts(site).into_iter().next()?;
    site.pages
        .iter()
        .filter(|s| s.kind == PageKind::Section && newest.path.starts_with(&s.path))
        .max_by_key(|s| s.path.len())
}

pub(super) fn news_posts(site: &Site) -> Vec<&crate::model::Page> {
    let mut posts: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Page && p.date.is_some())
        .filter(|p| {
            site.pages
                .iter()
                .any(|s| s.kind == PageKind::Section && p.path.starts_with(&s.path))
        })
        .collect();
    posts.sort_by(|a, b| b.date.cmp(&a.date).then(a.title.cmp(&b.title)));
    posts
}

/// How many entries a feed carries: the newest, so a large site's feed stays small.
const FEED_ENTRIES: usize = 50;

/// One entry of an Atom feed.
struct FeedEntry<'a> {
    title: &'a str,
    path: &'a str,
    /// When it was published, if known; `updated` is the entry's date either way.
    published: Option<Date>,
    updated: Date,
    summary: &'a str,
    /// The full text, for news; chapters carry their summary only (their HTML is released
    /// before the feeds are written, and a chapter is read on its page).
    content: Option<&'a str>,
}

/// Published chapters (of one hub, or all) by the date they were last updated, else their
/// report's publication date; a chapter with neither is in no feed.
fn chapter_entries(site: &Site, hub: Option<usize>) -> Vec<FeedEntry<'_>> {
    site.chapters
        .iter()
        .filter(|c| c.status != Status::Draft && hub.is_none_or(|h| c.hub == h))
        .filter_map(|c| {
            let published = site.reports[c.report].published;
            let updated = c.updated.or(published)?;
            Some(FeedEntry {
                title: &c.title,
                path: &c.path,
                published,
                updated,
                summary: &c.summary,
                content: None,
            })
        })
        .collect()
}

/// `atom.xml`: chapters as they are published or updated, and the news. Dates come from the
/// content, never from the clock, so the feed is as reproducible as the rest of the site.
pub fn atom(site: &Site) -> String {
    let config = &site.config;
    feed(
        site,
        "atom.xml",
        &config.title,
        &config.description,
        "",
        site_entries(site),
    )
}

/// The site feed's entries: chapters and news.
fn site_entries(site: &Site) -> Vec<FeedEntry<'_>> {
    let mut entries = chapter_entries(site, None);
    entries.extend(
        news_posts(site)
            .into_iter()
            .filter(|p| !p.draft)
            .filter_map(|p| {
                Some(FeedEntry {
                    title: &p.title,
                    path: &p.path,
                    published: p.date,
                    updated: p.date?,
                    summary: &p.summary,
                    content: Some(p.body.html.as_str()),
                })
            }),
    );
    entries
}

/// `feed.json`: the site feed's entries as a JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
pub fn json_feed(site: &Site) -> String {
    let config = &site.config;
    let mut entries = site_entries(site);
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(b.title)));
    entries.truncate(FEED_ENTRIES);
    let stamp = |d: &Date| format!("{d}T00:00:00Z");
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let url = config.absolute_url(e.path);
            let mut item = serde_json::json!({
                "id": url,
                "url": url,
                "title": e.title,
                "date_modified": stamp(&e.updated),
            });
            if let Some(published) = &e.published {
                item["date_published"] = stamp(published).into();
            }
            if !e.summary.is_empty() {
                item["summary"] = e.summary.into();
            }
            match e.content {
                Some(html) => item["content_html"] = html.into(),
                None => item["content_text"] = e.summary.into(),
            }
            item
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "description": config.description,
        "home_page_url": config.absolute_url(""),
        "feed_url": config.absolute_url("feed.json"),
        "language": config.language,
        "items": items,
    });
    serde_json::to_string_pretty(&feed).unwrap_or_default() + "\n"
}

/// `hubs/<hub>/atom.xml`: the hub's chapters as they are published or updated.
pub fn hub_feeds(site: &Site) -> Vec<crate::output::OutputFile> {
    site.hubs
        .iter()
        .enumerate()
        .map(|(h, hub)| {
            let path = format!("{}atom.xml", hub.path);
            let title = format!("{}: {}", site.config.title, hub.title);
            let xml = feed(
                site,
                &path,
                &title,
                &hub.summary,
                &hub.path,
                chapter_entries(site, Some(h)),
            );
            crate::output::OutputFile::Bytes {
                path,
                bytes: xml.into_bytes(),
            }
        })
        .collect()
}

/// An Atom document at `path`, about the page at `alternate`, with the newest entries first.
fn feed(
    site: &Site,
    path: &str,
    title: &str,
    subtitle: &str,
    alternate: &str,
    mut entries: Vec<FeedEntry<'_>>,
) -> String {
    use crate::markdown::escape_html as esc;
    let config = &site.config;
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(b.title)));
    entries.truncate(FEED_ENTRIES);
    let stamp = |d: &Date| format!("{d}T00:00:00Z");
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |e| stamp(&e.updated));
    let alternate = config.absolute_url(alternate);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        esc(&config.language),
        esc(title),
        esc(subtitle),
        esc(&config.absolute_url(path)),
        esc(&config.absolute_url(path)),
        esc(&alternate),
        esc(&config.title),
    );
    for entry in entries {
        let url = esc(&config.absolute_url(entry.path));
        let published = entry
            .published
            .filter(|p| *p <= entry.updated)
            .map(|p| format!("    <published>{}</published>\n", stamp(&p)))
            .unwrap_or_default();
        let content = entry
            .content
            .map(|html| format!("    <content type=\"html\">{}</content>\n", esc(html)))
            .unwrap_or_default();
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n{published}    <updated>{}</updated>\n    <summary>{}</summary>\n{content}  </entry>\n",
            esc(entry.title),
            stamp(&entry.updated),
            esc(entry.summary),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// `sitemap.xml`: every listed page, sorted, with no dates that change from build to build.
pub fn sitemap(site: &Site, specs: &[PageSpec]) -> String {
    let config = &site.config;
    let host = config
        .root_url
        .trim_end_matches(&config.root_path)
        .to_owned();
    // Each page with the languages its text is written in; a page of a translation's tree
    // that shows the original's text is not listed (its canonical page is the original).
    let mut urls: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for spec in specs {
        let (tree, page) = spec.in_tree(site);
        let Some(path) = page.url_path(tree) else {
            continue;
        };
        let source = page.text_source(tree);
        if !is_written_in(site, source, &tree.config.language) {
            continue;
        }
        let alternates = if config.is_multilingual() {
            let written: Vec<(String, String)> = config
                .languages
                .iter()
                .filter(|l| is_written_in(site, source, &l.code))
                .map(|l| {
                    (
                        l.code.clone(),
                        format!("{host}{}", url_in_tree(site, &path, &l.code)),
                    )
                })
                .collect();
            let default = format!(
                "{host}{}",
                url_in_tree(site, &path, &config.default_language)
            );
            written
                .into_iter()
                .chain([("x-default".to_owned(), default)])
                .collect()
        } else {
            Vec::new()
        };
        urls.push((tree.config.absolute_url(&path), alternates));
    }
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let namespaces = if config.is_multilingual() {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""
    } else {
        ""
    };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{namespaces}>\n",
    );
    let esc = crate::markdown::escape_html;
    for (url, alternates) in urls {
        if alternates.is_empty() {
            out.push_str(&format!("  <url><loc>{}</loc></url>\n", esc(&url)));
            continue;
        }
        out.push_str(&format!("  <url><loc>{}</loc>\n", esc(&url)));
        for (code, href) in alternates {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                esc(&code),
                esc(&href)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        site.config.absolute_url("sitemap.xml")
    )
}
