//! The fingerprint of a site's shape: everything a loaded site holds except the rendered text
//! of its chapters and reports, and what `/admin/` reads from disk on its own.
//!
//! The files a build makes besides pages and the search index (feeds, sitemap, URL manifest,
//! redirect pages, open data, the editor's configuration) read no chapter's or report's text,
//! so a text edit leaves them as they were; an incremental build that finds the shape
//! unchanged keeps them instead of making them again (they are a large site's biggest files).
//! Every field of every item is fed in by destructuring, so a field added to the model fails
//! to compile here until it is either hashed or named as text; tests/property.rs holds the
//! files kept equal to a clean build's after random edits.

use rustc_hash::FxHasher;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use crate::load::tree::{CONTENT_DIR, HUBS_DIR};
use crate::model::{Chapter, Hub, Page, Report, Resource, Site, Translation};

/// A hasher written to through `write!`, so that debug text is hashed without being stored.
struct Feed(FxHasher);

impl std::fmt::Write for Feed {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.write(text.as_bytes());
        Ok(())
    }
}

/// The shape of `site` (and of its other languages' trees).
pub fn of(site: &Site) -> u64 {
    let mut feed = Feed(FxHasher::default());
    site_into(site, &mut feed);
    admin_reads_into(site, &mut feed);
    feed.0.finish()
}

fn site_into(site: &Site, h: &mut Feed) {
    let Site {
        config,
        theme,
        menu,
        hubs,
        reports,
        chapters,
        pages,
        assets,
        resources,
        survey,
        drafts,
        translations,
        trees,
        lookup: _, // made from the vectors
    } = site;
    let _ = write!(h, "{config:?}{theme:?}{menu:?}{assets:?}{survey:?}{drafts}");
    hubs.iter().for_each(|hub| hub_into(hub, h));
    reports.iter().for_each(|report| report_into(report, h));
    chapters.iter().for_each(|chapter| chapter_into(chapter, h));
    pages.iter().for_each(|page| page_into(page, h));
    resources
        .iter()
        .for_each(|resource| resource_into(resource, h));
    translations.iter().for_each(|t| translation_into(t, h));
    for tree in trees {
        site_into(tree, h);
    }
}

fn hub_into(hub: &Hub, h: &mut Feed) {
    let Hub {
        id,
        source,
        path,
        title,
        lead,
        summary,
        order,
        website,
    } = hub;
    let _ = write!(
        h,
        "{id:?}{source:?}{path:?}{title:?}{lead:?}{summary:?}{order}{website:?}"
    );
}

fn report_into(report: &Report, h: &mut Feed) {
    let Report {
        hub,
        id,
        source,
        path,
        title,
        summary,
        authors,
        published,
        status,
        phase,
        language,
        aliases,
        body: _, // text
    } = report;
    let h = &mut h.0;
    (
        hub, id, source, path, title, summary, authors, published, status,
    )
        .hash(h);
    (phase, language, aliases).hash(h);
}

fn chapter_into(chapter: &Chapter, h: &mut Feed) {
    let Chapter {
        hub,
        report,
        slug,
        source,
        path,
        title,
        phase,
        order,
        summary,
        terms,
        status,
        updated,
        gaps,
        options,
        language,
        aliases,
        body: _, // text
    } = chapter;
    // Hashed, not formatted: a large site has tens of thousands of chapters.
    let h = &mut h.0;
    (
        hub, report, slug, source, path, title, phase, order, summary,
    )
        .hash(h);
    (terms, status, updated, gaps, options, language, aliases).hash(h);
}

fn page_into(page: &Page, h: &mut Feed) {
    // A page's text is in its feeds (news), so it is part of the shape.
    let Page {
        kind,
        source,
        path,
        title,
        summary,
        date,
        draft,
        language,
        aliases,
        body,
    } = page;
    let _ = write!(
        h,
        "{kind:?}{source:?}{path:?}{title:?}{summary:?}{date:?}{draft}{language:?}{aliases:?}{}",
        body.fingerprint
    );
}

fn resource_into(resource: &Resource, h: &mut Feed) {
    // A resource's description is in the open data, so it is part of the shape.
    let Resource {
        slug,
        source,
        path,
        title,
        kind,
        publisher,
        date,
        url,
        file,
        languages,
        hubs,
        phases,
        terms,
        summary,
        verified,
        licence,
        body,
        cited_by,
    } = resource;
    let _ = write!(
        h,
        "{slug:?}{source:?}{path:?}{title:?}{kind:?}{publisher:?}{date:?}{url:?}{file:?}\
         {languages:?}{hubs:?}{phases:?}{terms:?}{summary:?}{verified:?}{licence:?}{}{cited_by:?}",
        body.fingerprint
    );
}

fn translation_into(translation: &Translation, h: &mut Feed) {
    let Translation {
        language,
        source,
        original,
        title,
        summary,
        lead,
        authors,
        status,
        updated,
        original_date,
        gaps,
        options,
        body: _, // text
    } = translation;
    let h = &mut h.0;
    (
        language, source, original, title, summary, lead, authors, status,
    )
        .hash(h);
    (updated, original_date, gaps, options).hash(h);
}

/// `/admin/` reads the disk itself: the names of the folders and files under `hubs/` and
/// `content/` (report folders, each folder's next chapter number, the pages), drafts
/// included, and the editor's installed script files with their sizes and times.
fn admin_reads_into(site: &Site, h: &mut Feed) {
    let root = &site.config.root;
    for folder in [HUBS_DIR, CONTENT_DIR] {
        let walk = walkdir::WalkDir::new(root.join(folder))
            .follow_links(false)
            .sort_by_file_name();
        for entry in walk.into_iter().flatten() {
            let _ = write!(h, "{:?}", entry.path().strip_prefix(root).ok());
        }
    }
    let script = root.join(&site.config.admin.editor_dir);
    let mut files: Vec<_> = std::fs::read_dir(script)
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    files.sort_by_key(|entry| entry.file_name());
    for entry in files {
        let meta = entry.metadata().ok();
        let size_and_time = meta.map(|m| (m.len(), m.modified().ok()));
        let _ = write!(h, "{:?}{size_and_time:?}", entry.file_name());
    }
}
