//! `praxis new`: write a new chapter or report with valid front matter, so that a hub leader
//! starts from something that builds.

use std::path::{Path, PathBuf};

use crate::config::{Config, check_slug};
use crate::diagnostics::{Diagnostics, nearest};
use crate::load::tree::{HUBS_DIR, INDEX_FILE};

/// Today's date in UTC, for `updated:` and `published:`. Scaffolding is the one place where
/// the current date is wanted; builds never read the clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn split_path(spec: &str, parts: usize, example: &str) -> Result<Vec<String>, String> {
    let pieces: Vec<String> = spec
        .trim_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect();
    if pieces.len() != parts {
        return Err(format!("expected `{example}`, got `{spec}`"));
    }
    for piece in &pieces {
        check_slug(piece)?;
    }
    Ok(pieces)
}

fn load_config(root: &Path) -> Result<Config, String> {
    let mut diagnostics = Diagnostics::default();
    Config::load(root, None, &mut diagnostics).ok_or_else(|| {
        diagnostics
            .sorted()
            .iter()
            .map(|d| d.render_human(false))
            .collect::<String>()
    })
}

fn title_from_slug(slug: &str) -> String {
    let text = slug.replace('-', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Write `hubs/<hub>/<report>/<NN-slug>.md`, numbered after the report's last chapter.
pub fn new_chapter(root: &Path, spec: &str, phase: &str) -> Result<PathBuf, String> {
    let config = load_config(root)?;
    let parts = split_path(spec, 3, "<hub>/<report>/<slug>")?;
    let (hub, report, slug) = (&parts[0], &parts[1], &parts[2]);
    if config.phase(phase).is_none() {
        let ids: Vec<&str> = config.phases.iter().map(|p| p.id.as_str()).collect();
        let hint = nearest(phase, ids.iter().copied())
            .map(|b| format!(" (did you mean `{b}`?)"))
            .unwrap_or_default();
        return Err(format!(
            "unknown phase `{phase}`{hint}; phases are defined in site.toml: {}",
            ids.join(", ")
        ));
    }
    let report_dir = root.join(HUBS_DIR).join(hub).join(report);
    if !report_dir.join(INDEX_FILE).is_file() {
        return Err(format!(
            "there is no report at hubs/{hub}/{report}/; create it first with `praxis new report {hub}/{report}`"
        ));
    }
    let mut highest = 0;
    for entry in std::fs::read_dir(&report_dir)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((number, rest)) = name.split_once('-') {
            if let Ok(n) = number.parse::<u32>() {
                highest = highest.max(n);
            }
            if rest.trim_end_matches(".md") == slug {
                return Err(format!(
                    "hubs/{hub}/{report}/{name} already uses the slug `{slug}`"
                ));
            }
        }
        if name == format!("{slug}.md") {
            return Err(format!("hubs/{hub}/{report}/{name} already exists"));
        }
    }
    let path = report_dir.join(format!("{:02}-{slug}.md", highest + 1));
    let taxonomy_lines: String = config
        .taxonomies
        .iter()
        .map(|t| format!("{}: []\n", t.id))
        .collect();
    let text = format!(
        "---\ntitle: \"{title}\"\nphase: {phase}\nsummary: \"One or two sentences on what this chapter covers.\"\n{taxonomy_lines}status: draft\nupdated: {today}\ngaps:\n  - \"A gap in human rights protection at this phase.\"\noptions:\n  - \"An option for reform.\"\n---\n\n## Current practice\n\nWrite the chapter here.\n",
        title = title_from_slug(slug),
        today = today(),
    );
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Write `hubs/<hub>/<report>/_index.md`. The hub must exist.
pub fn new_report(root: &Path, spec: &str) -> Result<PathBuf, String> {
    load_config(root)?;
    let parts = split_path(spec, 2, "<hub>/<report>")?;
    let (hub, report) = (&parts[0], &parts[1]);
    let hub_dir = root.join(HUBS_DIR).join(hub);
    if !hub_dir.join("hub.yaml").is_file() {
        return Err(format!(
            "there is no hub at hubs/{hub}/ (it needs a hub.yaml with `title:` and `lead:`)"
        ));
    }
    let dir = hub_dir.join(report);
    let path = dir.join(INDEX_FILE);
    if path.exists() {
        return Err(format!("hubs/{hub}/{report}/{INDEX_FILE} already exists"));
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let text = format!(
        "---\ntitle: \"{title}\"\nsummary: \"One or two sentences on what this report covers.\"\nauthors: [\"Name of the hub's lead organisation\"]\npublished: {today}\nstatus: draft\n---\n\nThe report's introduction.\n",
        title = title_from_slug(report),
        today = today(),
    );
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
