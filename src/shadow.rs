//! Nothing shadows a generated file. A file copied from the sources (an asset: a picture, a
//! PDF) may not take the output path of anything praxis writes itself: a page, the feed, the
//! sitemap, `robots.txt`, the search index, the 404 page or a theme file, nor that of another
//! asset. Otherwise `content/static/search.js` would silently become the script every page
//! loads.
//!
//! Checked once for the whole site: one map of the (few) assets by output path, one lookup per
//! generated file. The theme's own files are changed in the theme's folder, not by a file in
//! `content/`.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::model::{Asset, Site};
use crate::render::PageSpec;

/// An error for every asset whose output path is that of a page in `specs` or of a file in
/// `generated` (the paths of everything else praxis writes: only paths, so a build can write
/// those files before the check and need not keep them).
pub fn check(site: &Site, specs: &[PageSpec], generated: &[String]) -> Diagnostics {
    let mut errors = Diagnostics::default();
    if site.assets.is_empty() {
        return errors;
    }
    let mut assets: HashMap<&str, &Asset> = HashMap::with_capacity(site.assets.len());
    for asset in &site.assets {
        // `content/hubs/a/r/x.png` and `hubs/a/r/x.png` are both copied to `hubs/a/r/x.png`.
        if let Some(first) = assets.insert(asset.path.as_str(), asset) {
            let what = format!("`{}`", display_path(&first.source));
            errors.push(shadowing(asset, &what, None));
        }
    }
    for spec in specs {
        let path = spec.output_path(site);
        if let Some(asset) = assets.get(path.as_str()) {
            errors.push(shadowing(asset, &describe_page(site, spec), None));
        }
    }
    for path in generated {
        if let Some(asset) = assets.get(path.as_str()) {
            let (what, theme_source) = describe_file(site, path);
            errors.push(shadowing(asset, &what, theme_source.as_deref()));
        }
    }
    errors
}

fn shadowing(asset: &Asset, what: &str, theme_source: Option<&str>) -> Diagnostic {
    let source = display_path(&asset.source);
    let mut help = format!(
        "rename or move `{source}`: `{}` is already taken",
        asset.path
    );
    if let Some(name) = theme_source {
        help.push_str(&format!(
            "; to change the theme's file, put your version in static/{name} at the site's root"
        ));
    }
    Diagnostic::error(
        Location::file(&asset.source),
        format!(
            "`{source}` would replace {what} (`/{}` in the built site)",
            asset.path
        ),
    )
    .help(help)
}

/// What a page is, for a reader of the error: its source where it has one.
fn describe_page(site: &Site, spec: &PageSpec) -> String {
    let of = |source: &Path| format!("the page of `{}`", display_path(source));
    match spec {
        PageSpec::Home => "the home page".into(),
        PageSpec::Hubs => "the list of hubs".into(),
        PageSpec::Hub(i) => of(&site.hubs[*i].source),
        PageSpec::Report(i) => of(&site.reports[*i].source),
        PageSpec::ReportPrint(i) => format!(
            "the print view of `{}`",
            display_path(&site.reports[*i].source)
        ),
        PageSpec::Chapter(i) => of(&site.chapters[*i].source),
        PageSpec::Phases => "the list of phases".into(),
        PageSpec::Phase(_) => "a phase page".into(),
        PageSpec::Synthesis => "the synthesis page".into(),
        PageSpec::Taxonomy(_) => "a taxonomy page".into(),
        PageSpec::Term(_, _) => "a taxonomy term's page".into(),
        PageSpec::Content(i) => of(&site.pages[*i].source),
        PageSpec::Search => "the search page".into(),
        PageSpec::Resources => "the resource library".into(),
        PageSpec::ResourceType(_) => "a resource type's page".into(),
        PageSpec::Resource(i) => of(&site.resources[*i].source),
        PageSpec::Survey => "the survey page".into(),
        PageSpec::SurveyJurisdiction(_) => "a jurisdiction's survey page".into(),
        PageSpec::SurveyQuestion(_) => "a survey question's page".into(),
        PageSpec::NotFound => "the 404 page".into(),
        PageSpec::InLanguage(t, inner) => {
            let tree = &site.trees[*t];
            format!(
                "{} in the `{}` tree",
                describe_page(tree, inner),
                tree.config.language
            )
        }
    }
}

/// What a generated file is, and for a theme's static file its name inside `static/`.
fn describe_file(site: &Site, path: &str) -> (String, Option<String>) {
    let theme_file = path
        .strip_prefix("static/")
        .and_then(|name| site.theme.statics.iter().find(|f| f.name == name));
    if let Some(theme_file) = theme_file {
        let shown = display_path(&theme_file.display_path("static"));
        return (
            format!("the theme's file `{shown}`"),
            Some(theme_file.name.clone()),
        );
    }
    let what = match path {
        "atom.xml" => "the news feed",
        "sitemap.xml" => "the sitemap",
        "robots.txt" => "robots.txt",
        "static/code.css" => "the code highlighting stylesheet",
        path if path.starts_with("search/") => "a file of the search index",
        _ => "a file praxis generates",
    };
    (what.to_owned(), None)
}
