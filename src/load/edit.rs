//! The watch server's fast path for the commonest save: one chapter's text edited, its place
//! in the site unchanged.
//!
//! A full reload walks the tree, rebuilds the link table and re-runs every check of the whole
//! site: hundreds of milliseconds on 10,000 chapters for a save that changed one file. When
//! the file is a chapter already in the site, still valid, in the same phase, order and draft
//! status, and nothing it reports or links to changes (no diagnostics before or after, the
//! same pages linked, no anchor removed that another page links to), re-reading and
//! re-rendering that one file against the last load's link table gives exactly what a full
//! reload would. Anything else returns `None`, and the caller reloads everything, which
//! reports what changed.

use std::path::Path;

use super::parsed::parse_with;
use super::pass_bodies::{anchors_by_source, gaps_and_options, render_file};
use super::pass_meta::read_chapter;
use super::pass_site::split_order_prefix;
use super::{LoadCache, LoadOptions, chapter_fields};
use crate::diagnostics::Diagnostics;
use crate::links::check_anchors;
use crate::markdown::SourceContext;
use crate::model::{Chapter, Site};
use crate::values::Status;

/// The chapter at `rel` as a full reload would make it, if the fast path applies. `warnings`
/// are the diagnostics of the load that made `site`; the cache is updated for the next load.
pub fn reload_chapter(
    options: &LoadOptions,
    cache: &mut LoadCache,
    site: &Site,
    rel: &Path,
    warnings: &Diagnostics,
) -> Option<Chapter> {
    let old = site.chapters.iter().find(|c| c.source == rel)?;
    // Another language's tree shows this chapter too (or its translation): a site of several
    // languages reloads through the passes, which build every tree.
    if site.config.is_multilingual() {
        return None;
    }
    if warnings.iter().any(|d| d.location.file == rel) {
        return None;
    }
    let links = cache.links.as_ref()?;
    let old_output = cache.bodies.get(rel)?;
    let config = &site.config;
    let known = chapter_fields(config);
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let parsed = parse_with(&options.root, rel, config, &known, read_chapter).ok()?;
    let meta = &parsed.meta;

    let phase = meta
        .phase
        .as_ref()
        .or(site.reports[old.report].phase.as_ref())?;
    let stem = rel.file_stem()?.to_string_lossy();
    let order = meta
        .order
        .or(split_order_prefix(&stem).0)
        .unwrap_or(i64::MAX);
    let is_draft = meta.status == Status::Draft;
    // Aliases are claimed against every URL of the site: a changed list is checked by a full
    // reload.
    let same_place = *phase == old.phase
        && order == old.order
        && is_draft == (old.status == Status::Draft)
        && meta.aliases == old.aliases;
    // A chapter with neither gaps nor options is warned about; let the full reload say so.
    let quiet = !meta.gaps.is_empty() || !meta.options.is_empty();
    if !same_place || !quiet {
        return None;
    }

    let context = SourceContext {
        rel,
        file_text: &parsed.file.text,
        body: &parsed.file.text[parsed.body_offset..],
        body_line: parsed.body_line,
        body_column: 1,
    };
    let statements: Vec<_> = meta.gaps.iter().chain(&meta.options).cloned().collect();
    let resolver = links.resolver(rel, is_draft);
    let output = render_file(&context, &statements, &config.markdown, &resolver);
    if !output.diagnostics.is_empty() || output.links_to != old_output.links_to {
        return None;
    }
    let mut anchors = anchors_by_source(site);
    anchors.insert(rel, &output.rendered.anchors);
    let mut problems = Diagnostics::default();
    check_anchors(&output.anchor_checks, &anchors, &mut problems);
    if output.rendered.anchors != old.body.anchors {
        // Headings changed: links from other pages into this one must still find theirs.
        for (source, other) in &cache.bodies {
            if source != rel {
                let into_this: Vec<_> = other
                    .anchor_checks
                    .iter()
                    .filter(|check| check.target == rel)
                    .cloned()
                    .collect();
                check_anchors(&into_this, &anchors, &mut problems);
            }
        }
    }
    if !problems.is_empty() {
        return None;
    }

    let (gaps, options) = gaps_and_options(&output, meta.gaps.len());
    let chapter = Chapter {
        title: meta.title.clone(),
        summary: meta.summary.clone(),
        terms: meta.terms.clone(),
        status: meta.status,
        updated: meta.updated,
        gaps,
        options,
        language: meta.language.clone(),
        body: output.rendered.clone(),
        ..Chapter::clone(old)
    };
    cache.chapters.insert(rel.to_path_buf(), Ok(parsed));
    cache.bodies.insert(rel.to_path_buf(), output);
    Some(chapter)
}
