//! How far each language's translation has come: per language and hub, how many chapters are
//! translated, outdated (the original revised since) and missing. `praxis check` and `praxis
//! build` print it for a site of several languages; `--format json` carries it.

use serde::Serialize;

use crate::model::Site;

/// One language's chapters, hub by hub.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageProgress {
    pub language: String,
    pub title: String,
    pub hubs: Vec<HubProgress>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HubProgress {
    pub hub: String,
    pub chapters: usize,
    /// Translated and as recent as the original.
    pub translated: usize,
    /// Translated, but the original was revised since.
    pub outdated: usize,
    pub missing: usize,
}

/// Every language but the default, in site.toml's order; empty for a site of one language.
pub fn of(site: &Site) -> Vec<LanguageProgress> {
    let config = &site.config;
    config.languages[1..]
        .iter()
        .map(|language| LanguageProgress {
            language: language.code.clone(),
            title: language.title.clone(),
            hubs: (0..site.hubs.len())
                .map(|h| {
                    let mut progress = HubProgress {
                        hub: site.hubs[h].id.clone(),
                        chapters: 0,
                        translated: 0,
                        outdated: 0,
                        missing: 0,
                    };
                    for (_, chapter) in site.hub_chapters(h) {
                        progress.chapters += 1;
                        match site.translation(&chapter.source, &language.code) {
                            None => progress.missing += 1,
                            Some(t) if crate::load::is_outdated(t, t.original_date) => {
                                progress.outdated += 1
                            }
                            Some(_) => progress.translated += 1,
                        }
                    }
                    progress
                })
                .collect(),
        })
        .collect()
}

/// The report as a table for a terminal.
pub fn render(progress: &[LanguageProgress]) -> String {
    let width = progress
        .iter()
        .flat_map(|l| l.hubs.iter().map(|h| h.hub.len()))
        .max()
        .unwrap_or(0)
        .max("hub".len());
    let mut out = format!(
        "translations: chapters per language and hub\n  {:<4} {:<width$} {:>10} {:>8} {:>7} {:>8}\n",
        "", "hub", "translated", "outdated", "missing", "chapters"
    );
    for language in progress {
        for hub in &language.hubs {
            out.push_str(&format!(
                "  {:<4} {:<width$} {:>10} {:>8} {:>7} {:>8}\n",
                language.language, hub.hub, hub.translated, hub.outdated, hub.missing, hub.chapters
            ));
        }
    }
    out
}
