//! Pass 2 of a load: place what pass 1 read in the site. Decides every page's URL (which makes
//! the link table and finds URL collisions), orders hubs, reports and chapters, leaves drafts
//! out, and queues each published body for pass 3. No file is read here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::body::{Body, BodyOwner};
use super::claims::{UrlClaims, generated_sections};
use super::drafts;
use super::front_matter::SourceFile;
use super::menu;
use super::parsed::Parsed;
use super::pass_meta::{ChapterMeta, FrontMatter, HubMeta, PageMeta, ReportMeta};
use super::tree::{self, CONTENT_DIR, INDEX_FILE};
use crate::config::{Config, check_slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::links::LinkTable;
use crate::model::{Alias, Asset, Chapter, Hub, Page, PageKind, Report, Site};
use crate::theme::Theme;
use crate::values::{PhaseId, Status};

/// The site without its bodies, the link table that resolves the bodies' links, and the
/// bodies to render, each knowing where in the site it goes.
pub(super) struct Placed {
    pub(super) site: Site,
    pub(super) links: LinkTable,
    pub(super) bodies: Vec<Body>,
}

/// Place every hub, report, chapter, page and asset of `tree`, with the front matter pass 1
/// read, and check what needs the whole site: URL collisions, the menu, the stylesheets.
pub(super) fn place(
    config: &Config,
    theme: Theme,
    drafts: bool,
    tree: &tree::Tree,
    front: FrontMatter,
    diagnostics: &mut Diagnostics,
) -> Placed {
    let mut placing = Placing::new(config, theme, drafts, diagnostics);
    let FrontMatter {
        hubs,
        mut reports,
        mut chapters,
        pages,
        resources,
        survey,
    } = front;
    placing.hubs(&tree.hubs, &hubs, &mut reports, &mut chapters);
    placing.pages(pages);
    super::resources::place(
        &mut placing.site,
        resources,
        &mut placing.links,
        &mut placing.urls,
        &mut placing.bodies,
        placing.diagnostics,
    );
    super::survey::place(
        &mut placing.site,
        survey,
        &mut placing.urls,
        &mut placing.bodies,
    );
    placing.failed_files(tree);
    placing.assets(tree);
    placing.finish(tree)
}

/// Pass 2 as it goes.
struct Placing<'a> {
    config: &'a Config,
    /// Whether drafts are included (`--drafts`).
    drafts: bool,
    site: Site,
    links: LinkTable,
    urls: UrlClaims,
    bodies: Vec<Body>,
    /// Drafts left out of this build, whose files are not published either.
    left_out: drafts::LeftOut,
    diagnostics: &'a mut Diagnostics,
}

/// A chapter placed in its report, waiting for the report's chapters to be sorted.
struct PlacedChapter {
    order: i64,
    slug: String,
    path: String,
    phase: PhaseId,
    parsed: Parsed<ChapterMeta>,
}

impl<'a> Placing<'a> {
    fn new(
        config: &'a Config,
        theme: Theme,
        drafts: bool,
        diagnostics: &'a mut Diagnostics,
    ) -> Self {
        let site = Site {
            config: config.clone(),
            theme,
            menu: Vec::new(),
            hubs: Vec::new(),
            reports: Vec::new(),
            chapters: Vec::new(),
            pages: Vec::new(),
            assets: Vec::new(),
            resources: Vec::new(),
            survey: None,
            drafts,
            translations: Vec::new(),
            trees: Vec::new(),
            lookup: Default::default(),
        };
        let mut urls = UrlClaims::default();
        for (section, _) in generated_sections(config) {
            urls.claim(&section, Path::new(crate::config::CONFIG_FILE));
        }
        Placing {
            config,
            drafts,
            site,
            links: LinkTable::new(config),
            urls,
            bodies: Vec::new(),
            left_out: drafts::LeftOut::default(),
            diagnostics,
        }
    }

    /// Every hub in display order, with its reports and their chapters.
    fn hubs(
        &mut self,
        hubs: &[tree::HubFiles],
        hub_meta: &HashMap<PathBuf, HubMeta>,
        report_meta: &mut HashMap<PathBuf, Parsed<ReportMeta>>,
        chapter_meta: &mut HashMap<PathBuf, Parsed<ChapterMeta>>,
    ) {
        let mut hubs_in_order: Vec<&tree::HubFiles> = hubs.iter().collect();
        hubs_in_order.sort_by_key(|h| {
            let order = hub_meta.get(&h.hub_file).map_or(i64::MAX, |m| m.order);
            (order, h.id.clone())
        });
        for hub_files in hubs_in_order {
            let Some(meta) = hub_meta.get(&hub_files.hub_file) else {
                continue;
            };
            let Some((hub_index, hub_path)) = self.hub(hub_files, meta) else {
                continue;
            };
            for report_files in &hub_files.reports {
                let Some(parsed) = report_meta.remove(&report_files.index) else {
                    continue;
                };
                self.report(hub_index, &hub_path, report_files, parsed, chapter_meta);
            }
        }
    }

    /// A hub, if its folder name can be a URL: its index and its path.
    fn hub(&mut self, hub_files: &tree::HubFiles, meta: &HubMeta) -> Option<(usize, String)> {
        if let Err(why) = check_slug(&hub_files.id) {
            self.diagnostics.push(Diagnostic::error(
                Location::file(&hub_files.hub_file),
                format!("invalid hub folder name: {why}"),
            ));
            return None;
        }
        let hub_index = self.site.hubs.len();
        let hub_path = format!("hubs/{}/", hub_files.id);
        self.urls.claim(&hub_path, &hub_files.hub_file);
        self.site.hubs.push(Hub {
            id: hub_files.id.clone(),
            source: hub_files.hub_file.clone(),
            path: hub_path.clone(),
            title: meta.title.clone(),
            lead: meta.lead.clone(),
            summary: meta.summary.clone(),
            order: meta.order,
            website: meta.website.clone(),
        });
        Some((hub_index, hub_path))
    }

    /// A report and its chapters; a draft report (without `--drafts`) only in the link table.
    fn report(
        &mut self,
        hub_index: usize,
        hub_path: &str,
        report_files: &tree::ReportFiles,
        parsed: Parsed<ReportMeta>,
        chapter_meta: &mut HashMap<PathBuf, Parsed<ChapterMeta>>,
    ) {
        if let Err(why) = check_slug(&report_files.id) {
            self.diagnostics.push(
                Diagnostic::error(
                    Location::file(&report_files.index),
                    format!("invalid report folder name: {why}"),
                )
                .help("rename the folder; its name becomes the report's URL"),
            );
            return;
        }
        let report_path = format!("{hub_path}{}/", report_files.id);
        let report_excluded = parsed.meta.status == Status::Draft && !self.drafts;
        self.links
            .add_page(&report_files.index, &report_path, report_excluded);
        self.links
            .add_title(&report_files.index, &parsed.meta.title);
        let mut chapters_here = Vec::new();
        for chapter_file in &report_files.chapters {
            let Some(chapter) = chapter_meta.remove(chapter_file) else {
                continue;
            };
            let placed = self.chapter(
                chapter_file,
                chapter,
                &report_path,
                report_excluded,
                parsed.meta.phase.as_ref(),
            );
            chapters_here.extend(placed);
        }
        if report_excluded {
            self.left_out.files.push(parsed.file.clone());
            self.left_out
                .report_dirs
                .extend(report_files.index.parent().map(Path::to_path_buf));
            return;
        }
        self.urls.claim(&report_path, &report_files.index);
        self.urls
            .claim(&format!("{report_path}print/"), &report_files.index);
        for alias in &parsed.meta.aliases {
            self.urls.claim_alias(alias, &report_files.index);
            // The print view keeps its old address too.
            let print = Alias {
                path: format!("{}print/", alias.path),
                ..alias.clone()
            };
            self.urls.claim_alias(&print, &report_files.index);
        }
        let report_index = self.site.reports.len();
        self.bodies.push(Body::of(
            &parsed,
            BodyOwner::Report(report_index),
            parsed.meta.status == Status::Draft,
        ));
        self.site.reports.push(Report {
            hub: hub_index,
            id: report_files.id.clone(),
            source: report_files.index.clone(),
            path: report_path,
            title: parsed.meta.title,
            summary: parsed.meta.summary,
            authors: parsed.meta.authors,
            published: parsed.meta.published,
            status: parsed.meta.status,
            phase: parsed.meta.phase,
            language: parsed.meta.language,
            aliases: parsed.meta.aliases,
            body: Arc::default(),
        });
        chapters_here.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
        for chapter in chapters_here {
            self.push_chapter(hub_index, report_index, chapter);
        }
    }

    /// A chapter's URL and phase, claimed unless it is a draft left out; `None` when its file
    /// name or phase is wrong (reported) or it is left out.
    fn chapter(
        &mut self,
        chapter_file: &Path,
        chapter: Parsed<ChapterMeta>,
        report_path: &str,
        report_excluded: bool,
        report_phase: Option<&PhaseId>,
    ) -> Option<PlacedChapter> {
        let stem = chapter_file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (prefix_order, slug) = split_order_prefix(&stem);
        if let Err(why) = check_slug(slug) {
            self.diagnostics.push(
                Diagnostic::error(
                    Location::file(chapter_file),
                    format!("invalid chapter file name: {why}"),
                )
                .help("name chapters like `03-award.md`: an optional number, then lowercase words joined by hyphens"),
            );
            return None;
        }
        let path = format!("{report_path}{slug}/");
        let excluded = report_excluded || (chapter.meta.status == Status::Draft && !self.drafts);
        self.links.add_page(chapter_file, &path, excluded);
        self.links.add_title(chapter_file, &chapter.meta.title);
        let phase = match (&chapter.meta.phase, report_phase) {
            (Some(p), _) | (None, Some(p)) => p.clone(),
            (None, None) => {
                let ids: Vec<&str> = self.config.phases.iter().map(|p| p.id.as_str()).collect();
                self.diagnostics.push(
                    chapter
                        .file
                        .error_at(
                            chapter.meta.phase_missing_at.unwrap_or(2),
                            1,
                            "missing required field `phase`",
                        )
                        .label("in this front matter")
                        .help(format!(
                            "add `phase: <id>` with one of: {} (or set `phase` on the report)",
                            ids.join(", ")
                        )),
                );
                return None;
            }
        };
        if excluded {
            self.left_out.files.push(chapter.file.clone());
            return None;
        }
        self.urls.claim(&path, chapter_file);
        for alias in &chapter.meta.aliases {
            self.urls.claim_alias(alias, chapter_file);
        }
        let order = chapter.meta.order.or(prefix_order).unwrap_or(i64::MAX);
        Some(PlacedChapter {
            order,
            slug: slug.to_owned(),
            path,
            phase,
            parsed: chapter,
        })
    }

    fn push_chapter(&mut self, hub_index: usize, report_index: usize, placed: PlacedChapter) {
        let PlacedChapter {
            order,
            slug,
            path,
            phase,
            parsed: chapter,
        } = placed;
        let chapter_index = self.site.chapters.len();
        // Its gaps, then its options, rendered beside the body.
        let statements = chapter
            .meta
            .gaps
            .iter()
            .chain(&chapter.meta.options)
            .cloned();
        self.bodies.push(Body::with_statements(
            &chapter,
            BodyOwner::Chapter(chapter_index, chapter.meta.gaps.len()),
            chapter.meta.status == Status::Draft,
            statements.collect(),
        ));
        let meta = chapter.meta;
        self.site.chapters.push(Arc::new(Chapter {
            hub: hub_index,
            report: report_index,
            slug,
            source: chapter.file.rel.clone(),
            path,
            title: meta.title,
            phase,
            order,
            summary: meta.summary,
            terms: meta.terms,
            status: meta.status,
            updated: meta.updated,
            gaps: Vec::new(),
            options: Vec::new(),
            language: meta.language,
            aliases: meta.aliases,
            body: Arc::default(),
        }));
    }

    /// The pages under `content/`, by path.
    fn pages(&mut self, mut page_meta: Vec<(PathBuf, Parsed<PageMeta>)>) {
        page_meta.sort_by(|a, b| a.0.cmp(&b.0));
        for (rel, parsed) in page_meta {
            let (kind, path) = page_kind_and_path(&rel);
            let excluded = parsed.meta.draft && !self.drafts;
            self.links.add_page(&rel, &path, excluded);
            self.links.add_title(&rel, &parsed.meta.title);
            if excluded {
                self.left_out.files.push(parsed.file.clone());
                continue;
            }
            if kind != PageKind::SynthesisIntro {
                self.urls.claim(&path, &rel);
            }
            for alias in &parsed.meta.aliases {
                self.urls.claim_alias(alias, &rel);
            }
            let page_index = self.site.pages.len();
            self.bodies.push(Body::of(
                &parsed,
                BodyOwner::Page(page_index),
                parsed.meta.draft,
            ));
            self.site.pages.push(Page {
                kind,
                source: rel,
                path,
                title: parsed.meta.title,
                summary: parsed.meta.summary,
                date: parsed.meta.date,
                draft: parsed.meta.draft,
                language: parsed.meta.language,
                aliases: parsed.meta.aliases,
                body: Arc::default(),
            });
        }
    }

    /// Markdown files that failed to load stay known to the link table, so a link to one is
    /// not also reported as a link to nothing.
    fn failed_files(&mut self, tree: &tree::Tree) {
        let every_markdown_file = tree
            .hubs
            .iter()
            .flat_map(|h| &h.reports)
            .flat_map(|r| std::iter::once(&r.index).chain(&r.chapters))
            .chain(&tree.pages)
            .chain(&tree.resources);
        for rel in every_markdown_file {
            if self.links.target(rel).is_none() {
                self.links.add_failed(rel);
            }
        }
    }

    /// Files copied as they are, except those only drafts left out of the build use.
    fn assets(&mut self, tree: &tree::Tree) {
        let private = {
            // Dropped at once: pass 3 frees each file's text as its body renders.
            let published: Vec<Arc<SourceFile>> =
                self.bodies.iter().map(|b| b.file.clone()).collect();
            drafts::private_assets(&tree.assets, &self.left_out, &published)
        };
        drop(std::mem::take(&mut self.left_out));
        for (source, path) in &tree.assets {
            if private.contains(source) {
                // Known to links as a draft: a published page linking to it is told so.
                self.links.add_page(source, path, true);
                continue;
            }
            self.urls.claim_file(path, source);
            self.links.add_asset(source, path);
            self.site.assets.push(Asset {
                source: source.clone(),
                path: path.clone(),
            });
        }
    }

    /// The checks that need every URL: collisions, the menu, the theme's stylesheets.
    fn finish(self, tree: &tree::Tree) -> Placed {
        let Placing {
            config,
            mut site,
            links,
            urls,
            bodies,
            diagnostics,
            ..
        } = self;
        urls.report(diagnostics);
        let sources: Vec<&Path> = tree.pages.iter().map(PathBuf::as_path).collect();
        site.menu = menu::resolve(
            config,
            &links,
            |path| urls.contains(path),
            &sources,
            diagnostics,
        );
        site.theme.check_stylesheets(config, diagnostics);
        site.index();
        Placed {
            site,
            links,
            bodies,
        }
    }
}

/// The file stem without its numeric ordering prefix: `03-award` -> (Some(3), "award").
pub(super) fn split_order_prefix(stem: &str) -> (Option<i64>, &str) {
    if let Some((number, rest)) = stem.split_once('-')
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
        && !rest.is_empty()
    {
        return (number.parse().ok(), rest);
    }
    (None, stem)
}

/// `content/_index.md` is the home page, `content/x/_index.md` the section `x/`, and
/// `content/x/y.md` the page `x/y/`.
fn page_kind_and_path(rel: &Path) -> (PageKind, String) {
    let inside = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let is_index = inside.file_name().is_some_and(|n| n == INDEX_FILE);
    let dir = crate::walk::url_path(inside.parent().unwrap_or(Path::new("")));
    if is_index {
        let path = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let kind = match dir.as_str() {
            "" => PageKind::Home,
            "synthesis" => PageKind::SynthesisIntro,
            _ => PageKind::Section,
        };
        return (kind, path);
    }
    let stem = inside
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = if dir.is_empty() {
        format!("{stem}/")
    } else {
        format!("{dir}/{stem}/")
    };
    (PageKind::Page, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_prefixes_order_chapters_and_leave_the_url() {
        assert_eq!(split_order_prefix("03-award"), (Some(3), "award"));
        assert_eq!(split_order_prefix("award"), (None, "award"));
        assert_eq!(split_order_prefix("2026-review"), (Some(2026), "review"));
    }

    #[test]
    fn content_paths() {
        assert_eq!(
            page_kind_and_path(Path::new("content/_index.md")),
            (PageKind::Home, String::new())
        );
        assert_eq!(
            page_kind_and_path(Path::new("content/about.md")),
            (PageKind::Page, "about/".to_owned())
        );
        assert_eq!(
            page_kind_and_path(Path::new("content/news/_index.md")),
            (PageKind::Section, "news/".to_owned())
        );
        assert_eq!(
            page_kind_and_path(Path::new("content/synthesis/_index.md")),
            (PageKind::SynthesisIntro, "synthesis/".to_owned())
        );
    }
}
