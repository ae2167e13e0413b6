//! The print view of a report: the introduction and every chapter on one page, each
//! chapter's ids prefixed so that they stay unique (`Html::for_print` rewrites them).
//!
//! It must not change the chapter pages' own HTML or ids.

use minijinja::{Value, context};

use super::deps::{self, Input};
use super::views::{TrustedHtml, Views, crumbs, hub_view, report_view, v};
use crate::cite;

/// The print view: the introduction and every chapter in order, on one page.
pub(super) fn print_context(views: &Views, r: usize) -> Value {
    let site = views.site;
    let report = &site.reports[r];
    let hub = &site.hubs[report.hub];
    deps::read(|| Input::ChaptersOfReport(report.source.clone()));
    deps::read(|| Input::ReportBody(report.source.clone()));
    let chapters: Vec<Value> = site
        .report_chapters(r)
        .enumerate()
        .map(|(n, (c, chapter))| {
            deps::read(|| Input::ChapterBody(chapter.source.clone()));
            let prefix = format!("c{}-", n + 1);
            context! {
                anchor => format!("{prefix}chapter"),
                view => views.listed(c),
                html => Value::from_object(TrustedHtml::Owned(chapter.body.html.for_print(&prefix, Some(&chapter.title)))),
            }
        })
        .collect();
    context! {
        kind => "print",
        title => &report.title,
        description => &report.summary,
        language => &report.language,
        has_code => report.body.has_code || site.report_chapters(r).any(|(_, c)| c.body.has_code),
        status => v(report.status),
        breadcrumbs => crumbs(site, &[(views.strings.text("hubs.title"), "hubs/"), (&hub.title, &hub.path), (&report.title, &report.path)]),
        hub => hub_view(site, report.hub),
        report => report_view(site, r),
        web_version => site.config.absolute_url(&report.path),
        body => Value::from_object(TrustedHtml::Owned(report.body.html.for_print("intro-", None))),
        chapters => chapters,
        citation => v(cite::for_report(site, r)),
    }
}
