//! One whole site per language. The tree of a language is the site as its readers see it:
//! every hub, report, chapter and page with its translation's text where one exists and the
//! original's (rendered again with that tree's links) where not, at the same paths under
//! `/<code>/`. Listing pages then need nothing of their own: they list the tree's chapters.

use std::path::Path;
use std::sync::Arc;

use super::pass_bodies::Fallbacks;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::model::{Date, Site, Translation};

/// Fill `site.trees`, one per language of site.toml beside the default, and warn about each
/// translation older than its original.
pub(super) fn build(site: &mut Site, fallbacks: &Fallbacks, diagnostics: &mut Diagnostics) {
    let dates: Vec<Option<Date>> = site
        .translations
        .iter()
        .map(|t| original_date(site, &t.original))
        .collect();
    for (translation, date) in site.translations.iter_mut().zip(dates) {
        translation.original_date = date;
    }
    warn_about_outdated(site, diagnostics);
    let trees = (1..site.config.languages.len())
        .map(|l| tree(site, l, fallbacks))
        .collect();
    site.trees = trees;
}

/// The site in language `l` (an index into site.toml's languages).
fn tree(site: &Site, l: usize, fallbacks: &Fallbacks) -> Site {
    let code = site.config.languages[l].code.clone();
    let mut tree = site.clone();
    tree.config = site.config.for_language(&code);
    translate_site_text(site, &mut tree);
    let fallback = |source: &Path| fallbacks.get(&(l, source.to_path_buf()));
    for hub in &mut tree.hubs {
        if let Some(t) = site.translation(&hub.source, &code) {
            hub.title = t.title.clone();
            hub.lead = t.lead.clone().unwrap_or_else(|| hub.lead.clone());
            hub.summary = t.summary.clone().unwrap_or_else(|| hub.summary.clone());
        }
    }
    for report in &mut tree.reports {
        if let Some(t) = site.translation(&report.source, &code) {
            report.title = t.title.clone();
            report.summary = t.summary.clone().unwrap_or_else(|| report.summary.clone());
            report.authors = t.authors.clone().unwrap_or_else(|| report.authors.clone());
            report.status = t.status;
            report.language = code.clone();
            report.body = t.body.clone();
        } else if let Some(again) = fallback(&report.source) {
            report.body = again.body.clone();
        }
    }
    for chapter in &mut tree.chapters {
        if let Some(t) = site.translation(&chapter.source, &code) {
            let c = Arc::make_mut(chapter);
            c.title = t.title.clone();
            c.summary = t.summary.clone().unwrap_or_else(|| c.summary.clone());
            c.gaps = t.gaps.clone().unwrap_or_else(|| c.gaps.clone());
            c.options = t.options.clone().unwrap_or_else(|| c.options.clone());
            c.status = t.status;
            c.updated = t.updated;
            c.language = code.clone();
            c.body = t.body.clone();
        } else if let Some(again) = fallback(&chapter.source) {
            let c = Arc::make_mut(chapter);
            c.body = again.body.clone();
            (c.gaps, c.options) = (again.gaps.clone(), again.options.clone());
        }
    }
    for page in &mut tree.pages {
        if let Some(t) = site.translation(&page.source, &code) {
            page.title = t.title.clone();
            page.summary = t.summary.clone().unwrap_or_else(|| page.summary.clone());
            page.language = code.clone();
            page.body = t.body.clone();
        } else if let Some(again) = fallback(&page.source) {
            page.body = again.body.clone();
        }
    }
    // The menu's links to pages lead into this tree; its links to files (which exist once,
    // at the root) and its web addresses stay.
    for entry in &mut tree.menu {
        let page = entry
            .url
            .split(['#', '?'])
            .next()
            .is_some_and(|p| p.ends_with('/'));
        if let Some(rest) = entry
            .url
            .strip_prefix(&site.config.root_path)
            .filter(|_| page)
        {
            entry.url = tree.config.url(rest);
        }
    }
    tree
}

/// The texts of site.toml in the tree's language, from the site's strings files (`i18n/<code>.toml`,
/// keys under `site.`): the site's title and description, each phase's title and summary,
/// each taxonomy's and term's title, each resource type's and menu entry's title. What a
/// language does not give falls back as interface strings do (the default language's file),
/// then to site.toml's own text.
fn translate_site_text(site: &Site, tree: &mut Site) {
    let catalog = site.theme.strings.clone();
    let language = tree.config.language.clone();
    let strings = catalog.strings(&language, &site.config.default_language);
    let text = |key: String, into: &mut String| {
        if let Some(found) = strings.get(&key) {
            *into = found.to_owned();
        }
    };
    let config = &mut tree.config;
    text("site.title".into(), &mut config.title);
    text("site.description".into(), &mut config.description);
    for phase in &mut config.phases {
        text(format!("site.phases.{}.title", phase.id), &mut phase.title);
        text(
            format!("site.phases.{}.summary", phase.id),
            &mut phase.summary,
        );
    }
    for taxonomy in &mut config.taxonomies {
        text(
            format!("site.taxonomies.{}.title", taxonomy.id),
            &mut taxonomy.title,
        );
        for term in taxonomy.terms.iter_mut().flatten() {
            text(
                format!("site.terms.{}.{}", taxonomy.id, term.id),
                &mut term.title,
            );
        }
    }
    for kind in &mut config.resource_types {
        text(format!("site.resource_types.{}", kind.id), &mut kind.title);
    }
    // The resolved menu is site.toml's, entry for entry.
    let written = config.menu.iter().flatten().map(|entry| entry.link.clone());
    for (entry, link) in tree.menu.iter_mut().zip(written) {
        text(format!("site.menu.{link}"), &mut entry.title);
    }
}

/// When the original of a translation is dated: a chapter's `updated`, a report's
/// `published`, a page's `date`. A scan: once per translation, at load.
fn original_date(site: &Site, original: &Path) -> Option<Date> {
    if let Some(c) = site.chapters.iter().find(|c| c.source == original) {
        return c.updated;
    }
    if let Some(r) = site.reports.iter().find(|r| r.source == original) {
        return r.published;
    }
    site.pages
        .iter()
        .find(|p| p.source == original)
        .and_then(|p| p.date)
}

/// Whether the original was revised after the translation: its date is later than the
/// translation's `updated`, or the translation has none to compare.
pub fn is_outdated(translation: &Translation, original: Option<Date>) -> bool {
    match (original, translation.updated) {
        (Some(original), Some(translated)) => original > translated,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

fn warn_about_outdated(site: &Site, diagnostics: &mut Diagnostics) {
    for translation in &site.translations {
        let original = translation.original_date;
        if !is_outdated(translation, original) {
            continue;
        }
        let Some(revised) = original else { continue };
        let message = match translation.updated {
            Some(updated) => format!(
                "outdated translation: the original was revised on {revised}, after this translation ({updated})"
            ),
            None => format!(
                "outdated translation: the original was revised on {revised}, and this translation has no `updated:` date"
            ),
        };
        diagnostics.push(
            Diagnostic::warning(Location::file(&translation.source), message).help(format!(
                "bring the translation up to date with {} and set `updated: {revised}` (or later)",
                display_path(&translation.original)
            )),
        );
    }
}
