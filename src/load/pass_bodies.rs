//! Pass 3 of a load: render every Markdown body (in parallel) with its links resolved against
//! the link table pass 2 made, put the HTML in its place in the site, then check the anchors
//! links point to. A body rendered before is reused while its file is unchanged and every link
//! target keeps its URL.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::LoadCache;
use super::body::{Body, BodyOwner};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::html::Html;
use crate::links::{LinkTable, check_anchors};
use crate::markdown::{self, SourceContext};
use crate::model::{PageKind, Site};

/// Render `bodies` into `site`, with their diagnostics and anchor checks; the source files
/// the bodies link to, for [`warn_about_content`].
pub(super) fn render_all(
    site: &mut Site,
    bodies: Vec<Body>,
    links: &LinkTable,
    config: &Config,
    cache: &mut LoadCache,
    fallbacks: &mut Fallbacks,
    diagnostics: &mut Diagnostics,
) -> BTreeSet<PathBuf> {
    let fingerprint = links.fingerprint();
    if fingerprint != cache.links_fingerprint {
        cache.bodies.clear();
        cache.links_fingerprint = fingerprint;
    }
    let rendered = render_in_parallel(bodies, links, config, &cache.bodies);
    if !cache.one_shot {
        for (owner, rel, output) in &rendered {
            // The survey's files and translations are read again on every load (see
            // `survey`, `translations`); a fallback is an original's file again.
            let reread = !is_cached_kind(*owner);
            if !reread && !cache.bodies.contains_key(rel) {
                cache.bodies.insert(rel.clone(), output.clone());
            }
        }
    }
    let mut anchor_checks = Vec::new();
    let mut linked: BTreeSet<PathBuf> = BTreeSet::new();
    let resource_sources = super::resources::by_source(site);
    let translated = translated_sources(site);
    for (owner, rel, mut output) in rendered {
        match owner {
            // The original's render said all there is to say about its links.
            BodyOwner::Fallback(language, gap_count) => {
                let (gaps, options) = gaps_and_options(&output, gap_count);
                fallbacks.insert(
                    (language, rel),
                    Fallback {
                        body: output.rendered,
                        gaps,
                        options,
                    },
                );
                continue;
            }
            BodyOwner::Translation(t, _) => {
                let language = site.translations[t].language.clone();
                for check in &mut output.anchor_checks {
                    if let Some(source) = translated.get(&(check.target.clone(), language.clone()))
                    {
                        check.target = source.clone();
                    }
                }
            }
            _ => {}
        }
        let statements = match owner {
            BodyOwner::Chapter(_, gap_count) | BodyOwner::Translation(_, gap_count) => {
                gaps_and_options(&output, gap_count)
            }
            BodyOwner::Jurisdiction(_) => (output.statements.clone(), Vec::new()),
            _ => Default::default(),
        };
        diagnostics.extend(output.diagnostics);
        if let BodyOwner::Chapter(i, _) = owner {
            super::resources::note_citations(site, &resource_sources, i, &output.links_to);
        }
        linked.extend(output.links_to);
        anchor_checks.extend(output.anchor_checks);
        attach(site, owner, statements, output.rendered);
    }
    check_anchors(&anchor_checks, &anchors_by_source(site), diagnostics);
    linked
}

/// Each body is taken by value and dropped once rendered: in a one-shot load that is the last
/// reference to its file's text, so texts are freed as their HTML is made.
fn render_in_parallel(
    bodies: Vec<Body>,
    links: &LinkTable,
    config: &Config,
    cached: &HashMap<PathBuf, markdown::Output>,
) -> Vec<(BodyOwner, PathBuf, markdown::Output)> {
    bodies
        .into_par_iter()
        .map(|body| {
            let cached = match is_cached_kind(body.owner) {
                true => cached.get(&body.file.rel),
                false => None,
            };
            if let Some(output) = cached {
                return (body.owner, body.file.rel.clone(), output.clone());
            }
            let context = SourceContext {
                rel: &body.file.rel,
                file_text: &body.file.text,
                body: &body.file.text[body.body_offset..],
                body_line: body.body_line,
                body_column: 1,
            };
            let resolver =
                links.resolver_in(&body.file.rel, body.is_draft, body.language.as_deref());
            let output = render_file(&context, &body.statements, &config.markdown, &resolver);
            (body.owner, body.file.rel.clone(), output)
        })
        .collect()
}

/// Put a rendered body (and a chapter's gaps and options) where its owner is in the site.
fn attach(
    site: &mut Site,
    owner: BodyOwner,
    (gaps, options): (Vec<Html>, Vec<Html>),
    rendered: Arc<markdown::Rendered>,
) {
    match owner {
        BodyOwner::Report(i) => site.reports[i].body = rendered,
        // Nothing shares a chapter while its site loads: this never copies one.
        BodyOwner::Chapter(i, _) => {
            let chapter = Arc::make_mut(&mut site.chapters[i]);
            (chapter.gaps, chapter.options) = (gaps, options);
            chapter.body = rendered;
        }
        BodyOwner::Page(i) => site.pages[i].body = rendered,
        BodyOwner::Resource(i) => site.resources[i].body = rendered,
        BodyOwner::Jurisdiction(j) => super::survey::attach_notes(site, j, gaps),
        BodyOwner::Translation(t, _) => {
            let translation = &mut site.translations[t];
            if translation.gaps.is_some() {
                translation.gaps = Some(gaps);
            }
            if translation.options.is_some() {
                translation.options = Some(options);
            }
            translation.body = rendered;
        }
        BodyOwner::Fallback(..) => unreachable!("kept aside by render_all"),
    }
}

/// An original rendered again for another language's tree: its body, and a chapter's gaps
/// and options, with that tree's links.
pub(super) struct Fallback {
    pub(super) body: Arc<markdown::Rendered>,
    pub(super) gaps: Vec<Html>,
    pub(super) options: Vec<Html>,
}

/// (language index, source) -> the original rendered again for that language's tree.
pub(super) type Fallbacks = HashMap<(usize, PathBuf), Fallback>;

/// Whether a body's render is kept between loads, by its file: not the survey's or a
/// translation's (read again on every load), nor a fallback (its file's entry is the
/// original's render).
fn is_cached_kind(owner: BodyOwner) -> bool {
    !matches!(
        owner,
        BodyOwner::Jurisdiction(_) | BodyOwner::Translation(..) | BodyOwner::Fallback(..)
    )
}

/// (original, language) -> the translation's file, to check an anchor of a translation's link
/// against the page its reader lands on: the target's translation where there is one.
fn translated_sources(site: &Site) -> HashMap<(PathBuf, String), PathBuf> {
    site.translations
        .iter()
        .map(|t| ((t.original.clone(), t.language.clone()), t.source.clone()))
        .collect()
}

/// The bodies of originals again for every other language of the site, with that tree's
/// links, where the text has a link at all (a body without one is the same in every tree).
pub(super) fn fallback_bodies(config: &Config, bodies: &[Body]) -> Vec<Body> {
    let mut fallbacks = Vec::new();
    if !config.is_multilingual() {
        return fallbacks;
    }
    for body in bodies {
        if !matches!(
            body.owner,
            BodyOwner::Report(_) | BodyOwner::Chapter(..) | BodyOwner::Page(_)
        ) || !(may_link(&body.file.text[body.body_offset..])
            || body.statements.iter().any(|s| may_link(&s.text)))
        {
            continue;
        }
        let gap_count = match body.owner {
            BodyOwner::Chapter(_, gaps) => gaps,
            _ => 0,
        };
        for (l, language) in config.languages.iter().enumerate().skip(1) {
            fallbacks.push(Body {
                owner: BodyOwner::Fallback(l, gap_count),
                file: body.file.clone(),
                body_offset: body.body_offset,
                body_line: body.body_line,
                is_draft: body.is_draft,
                statements: body.statements.clone(),
                language: Some(language.code.clone()),
            });
        }
    }
    fallbacks
}

/// Whether Markdown may hold a link or image: `](`, a reference definition `]:`, or raw HTML.
fn may_link(markdown: &str) -> bool {
    markdown.contains("](") || markdown.contains("]:") || markdown.contains('<')
}

/// Every body's anchors (heading and footnote ids), by source file.
pub(super) fn anchors_by_source(site: &Site) -> HashMap<&Path, &BTreeSet<String>> {
    let translations = site.translations.iter().map(|t| (&t.source, &t.body));
    let reports = site.reports.iter().map(|r| (&r.source, &r.body));
    let chapters = site.chapters.iter().map(|c| (&c.source, &c.body));
    let pages = site.pages.iter().map(|p| (&p.source, &p.body));
    let resources = site.resources.iter().map(|r| (&r.source, &r.body));
    reports
        .chain(chapters)
        .chain(pages)
        .chain(resources)
        .chain(translations)
        .map(|(source, body)| (source.as_path(), &body.anchors))
        .collect()
}

/// Problems that do not stop a build but that a hub leader should hear about.
pub(super) fn warn_about_content(
    site: &Site,
    linked: &BTreeSet<PathBuf>,
    diagnostics: &mut Diagnostics,
) {
    // Chapters, reports and hubs are always listed by the generated pages, news by its
    // section, and a page in the menu by every page; a top-level page nobody links to can
    // only be found by typing its address.
    let in_menu = |page: &crate::model::Page| {
        let url = site.config.url(&page.path);
        site.menu.iter().any(|entry| entry.url == url)
    };
    for page in &site.pages {
        let top_level =
            page.kind == PageKind::Page && !page.path.trim_end_matches('/').contains('/');
        if top_level && !in_menu(page) && !linked.contains(&page.source) {
            diagnostics.push(
                Diagnostic::warning(Location::file(&page.source), "no page links to this page")
                    .help("link to it from another page, such as the home page (content/_index.md), or add it to [[menu]] in site.toml"),
            );
        }
    }
    for chapter in &site.chapters {
        if chapter.gaps.is_empty() && chapter.options.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    Location::file(&chapter.source),
                    "this chapter lists no gaps and no options",
                )
                .help("add `gaps:` and `options:` lists so the chapter appears in the phase and synthesis pages"),
            );
        }
    }
}

/// Render a file's body and its statements (a chapter's gaps, then its options) against the
/// link table: the one path from a file's Markdown to its HTML, for a load and for the watch
/// server's re-read of one chapter.
pub(super) fn render_file(
    context: &SourceContext<'_>,
    statements: &[markdown::Statement],
    options: &crate::values::MarkdownOptions,
    resolver: &dyn markdown::LinkResolver,
) -> markdown::Output {
    let mut output = markdown::render(context, options, resolver);
    output.add_statements(context, statements, options, resolver);
    output
}

/// A chapter's rendered statements, split back into its gaps and its options.
pub(super) fn gaps_and_options(
    output: &markdown::Output,
    gap_count: usize,
) -> (Vec<Html>, Vec<Html>) {
    let (gaps, options) = output
        .statements
        .split_at(gap_count.min(output.statements.len()));
    (gaps.to_vec(), options.to_vec())
}
