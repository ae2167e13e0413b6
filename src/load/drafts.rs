//! Drafts stay private, and so do their files. Without `--drafts`, an asset is not copied when
//! it belongs to a draft left out of the build:
//!
//! - every file in a draft report's folder (and its subfolders), since the report's folder is
//!   the report;
//! - a file that only drafts left out of the build link to: a PDF beside a draft chapter in a
//!   published report, linked from that chapter and from no published page.
//!
//! A file no page links to stays published, as before: nothing here guesses. Links are read
//! from each file's whole text (front matter too, so a link in `gaps` or `options` counts),
//! with pulldown-cmark, without rendering anything. Published files are read only when a
//! left-out draft links to some asset, which is rare; the usual build pays nothing.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;

use crate::links::resolve_path;
use crate::load::front_matter::SourceFile;

/// What the loader left out because it is a draft.
#[derive(Default)]
pub struct LeftOut {
    /// Folders of draft reports, relative to the site root.
    pub report_dirs: Vec<PathBuf>,
    /// Files of draft reports, chapters and pages.
    pub files: Vec<Arc<SourceFile>>,
}

/// The assets (by source path) that belong to drafts in `left_out` and must not be copied.
/// `published` are the files of every page in the build.
pub fn private_assets(
    assets: &[(PathBuf, String)],
    left_out: &LeftOut,
    published: &[Arc<SourceFile>],
) -> BTreeSet<PathBuf> {
    let mut private: BTreeSet<PathBuf> = assets
        .iter()
        .map(|(source, _)| source)
        .filter(|source| {
            left_out
                .report_dirs
                .iter()
                .any(|dir| source.starts_with(dir))
        })
        .cloned()
        .collect();
    let others: HashSet<&Path> = assets
        .iter()
        .map(|(source, _)| source.as_path())
        .filter(|source| !private.contains(*source))
        .collect();
    if others.is_empty() || left_out.files.is_empty() {
        return private;
    }
    let linked_by_drafts = linked_assets(&left_out.files, &others);
    if linked_by_drafts.is_empty() {
        return private;
    }
    let linked_by_published = linked_assets(published, &linked_by_drafts);
    private.extend(
        linked_by_drafts
            .difference(&linked_by_published)
            .map(|source| source.to_path_buf()),
    );
    private
}

/// Which of `assets` the `files` link to.
fn linked_assets<'a>(files: &[Arc<SourceFile>], assets: &HashSet<&'a Path>) -> HashSet<&'a Path> {
    files
        .par_iter()
        .flat_map_iter(|file| {
            link_destinations(&file.text)
                .into_iter()
                .filter_map(|dest| {
                    let path = resolve_path(&file.rel, &dest)?;
                    assets.get(path.as_path()).copied()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The path part of every link and image destination in `text`, Markdown links and `href`
/// or `src` attributes of raw HTML alike (a published page's `<img src>` must keep its file).
fn link_destinations(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut push = |dest: &str| {
        let path = dest.split(['#', '?']).next().unwrap_or("");
        if !path.is_empty() && !path.starts_with("//") {
            found.push(path.to_owned());
        }
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                push(&dest_url)
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                html_attribute_values(&html).for_each(&mut push)
            }
            _ => {}
        }
    }
    found
}

/// The values of `href="..."` and `src="..."` (either quote) in a piece of raw HTML.
fn html_attribute_values(html: &str) -> impl Iterator<Item = &str> {
    ["href=", "src="].into_iter().flat_map(move |attribute| {
        html.match_indices(attribute).filter_map(move |(at, _)| {
            let rest = &html[at + attribute.len()..];
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            rest[1..].split(quote).next()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            rel: rel.into(),
            text: text.into(),
        })
    }

    fn assets(paths: &[&str]) -> Vec<(PathBuf, String)> {
        paths
            .iter()
            .map(|p| (PathBuf::from(p), p.trim_start_matches("hubs/").to_owned()))
            .collect()
    }

    #[test]
    fn a_file_linked_only_by_a_draft_is_private_and_one_a_published_page_links_is_not() {
        let assets = assets(&[
            "hubs/a/r/draft.pdf",
            "hubs/a/r/shared.pdf",
            "hubs/a/r/loose.pdf",
        ]);
        let left_out = LeftOut {
            report_dirs: Vec::new(),
            files: vec![file(
                "hubs/a/r/03-next.md",
                "---\ngaps: [\"[x](draft.pdf)\"]\n---\n![chart](shared.pdf#p=2)\n",
            )],
        };
        let published = vec![file("hubs/a/r/01-one.md", "<a href='shared.pdf'>it</a>\n")];
        let private = private_assets(&assets, &left_out, &published);
        assert_eq!(
            private.into_iter().collect::<Vec<_>>(),
            vec![PathBuf::from("hubs/a/r/draft.pdf")]
        );
    }

    #[test]
    fn every_file_in_a_draft_reports_folder_is_private() {
        let assets = assets(&["hubs/a/r/x.pdf", "hubs/a/r/img/y.png", "hubs/a/rr/z.pdf"]);
        let left_out = LeftOut {
            report_dirs: vec![PathBuf::from("hubs/a/r")],
            files: Vec::new(),
        };
        let private = private_assets(&assets, &left_out, &[]);
        assert_eq!(private.len(), 2, "{private:?}");
        assert!(!private.contains(Path::new("hubs/a/rr/z.pdf")));
    }
}
