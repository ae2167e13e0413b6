//! The web editor for hub leaders: `build` writes `/admin/` (site.toml `[admin]`), a page
//! that runs Decap CMS and its `config.yml`, generated from the site's own schema so that the
//! forms never drift from what the loader reads. The field lists are the loader's own
//! (`load::REPORT_FIELDS`, `load::chapter_fields`, `load::PAGE_FIELDS`); each name gets its
//! widget here, and a field the loader reads without a widget is a test failure, not a form
//! that silently lacks it. Phases, terms and statuses come from `site.toml` and the model, so
//! a phase added there is offered on the next build.
//!
//! The editor's script is Decap CMS from the npm registry at [`DECAP_VERSION`], installed by
//! `scripts/install-editor` outside the repository and copied in at build time: nothing is
//! loaded from another host, and when it is missing the page says how to install it.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::config::Config;
use crate::load::tree::{CONTENT_DIR, HUB_FILE, HUBS_DIR, INDEX_FILE};
use crate::load::{PAGE_FIELDS, REPORT_FIELDS, chapter_fields};
use crate::model::{Site, Status};
use crate::output::OutputFile;

/// The Decap CMS release the editor is built and tested with (`scripts/install-editor`
/// installs the same; `tests/admin.rs` holds them equal).
pub const DECAP_VERSION: &str = "3.16.3";

/// The editor's entry script; its chunks are named `<n>.decap-cms.js` beside it.
const SCRIPT: &str = "decap-cms.js";

/// Every status a chapter or report can have, in the order a form offers them.
pub fn statuses() -> Vec<Status> {
    // The match makes a new status a compile error here until the editor offers it.
    let all = [Status::Draft, Status::Review, Status::Published];
    for status in all {
        match status {
            Status::Draft | Status::Review | Status::Published => {}
        }
    }
    all.to_vec()
}

/// What a front-matter field is edited with.
#[derive(Clone, Debug, PartialEq)]
pub enum Widget {
    /// One line of text.
    String,
    /// A few lines of plain text.
    Text,
    /// A whole number.
    Number,
    /// Yes or no.
    Boolean,
    /// A date, stored as `YYYY-MM-DD`.
    Date,
    /// One value out of `(label, stored value)` pairs.
    Select(Vec<(String, String)>),
    /// Any number of values out of `(label, stored value)` pairs.
    MultiSelect(Vec<(String, String)>),
    /// A list of short texts, one box each (stored as a YAML list of strings).
    List,
    /// The Markdown body.
    Markdown,
}

/// One field of a form: its front-matter name, label, widget and whether it must be filled.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub widget: Widget,
    pub required: bool,
    pub hint: &'static str,
    pub default: Option<String>,
}

/// The kinds of files the editor writes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// `hubs/<hub>/<report>/NN-slug.md`; `report_phase` is the report's own phase, which
    /// makes a chapter's optional.
    Chapter { report_phase: bool },
    /// `hubs/<hub>/<report>/_index.md`.
    Report,
    /// `content/**.md`, news included.
    Page,
}

/// The form of a kind of file, in the order the front matter is written, body last. The
/// names are exactly the loader's (see the module comment).
pub fn form(kind: Kind, config: &Config) -> Vec<Field> {
    let names: Vec<String> = match kind {
        Kind::Chapter { .. } => chapter_order(chapter_fields(config), config),
        Kind::Report => REPORT_FIELDS.iter().map(|s| (*s).to_owned()).collect(),
        Kind::Page => PAGE_FIELDS.iter().map(|s| (*s).to_owned()).collect(),
    };
    let mut fields: Vec<Field> = names
        .iter()
        .filter_map(|name| field(kind, name, config))
        .collect();
    fields.push(Field {
        name: "body".into(),
        label: match kind {
            Kind::Report => "Introduction".into(),
            _ => "Text".into(),
        },
        widget: Widget::Markdown,
        required: false,
        hint: "Markdown. Link to another chapter with the path of its file, such as 02-risk-assessment.md.",
        default: None,
    });
    fields
}

/// A chapter's fields as `praxis new chapter` writes them: the taxonomies after the summary.
fn chapter_order(names: Vec<String>, config: &Config) -> Vec<String> {
    let is_taxonomy = |name: &String| config.taxonomy(name).is_some();
    let (taxonomies, mut fields): (Vec<String>, Vec<String>) =
        names.into_iter().partition(is_taxonomy);
    let at = fields
        .iter()
        .position(|f| f == "summary")
        .map_or(fields.len(), |i| i + 1);
    fields.splice(at..at, taxonomies);
    fields
}

/// The widget of one front-matter field the loader reads; `None` for a name this module does
/// not know (a test holds every loader field to having one).
pub fn field(kind: Kind, name: &str, config: &Config) -> Option<Field> {
    let plain = |label: &str, widget: Widget, hint: &'static str| Field {
        name: name.to_owned(),
        label: label.to_owned(),
        widget,
        required: false,
        hint,
        default: None,
    };
    if let Some(taxonomy) = config.taxonomy(name) {
        let widget = match &taxonomy.terms {
            Some(terms) => Widget::MultiSelect(
                terms
                    .iter()
                    .map(|t| (t.title.clone(), t.id.as_str().to_owned()))
                    .collect(),
            ),
            None => Widget::List,
        };
        return Some(plain(
            &taxonomy.title,
            widget,
            "Choose every one that applies.",
        ));
    }
    let field = match name {
        "title" => Field {
            required: true,
            ..plain("Title", Widget::String, "")
        },
        "summary" => plain(
            "Summary",
            Widget::Text,
            "One or two sentences, shown in lists and search results.",
        ),
        "phase" => Field {
            required: matches!(
                kind,
                Kind::Chapter {
                    report_phase: false
                }
            ),
            ..plain(
                "Phase of procurement",
                Widget::Select(
                    config
                        .phases
                        .iter()
                        .map(|p| (p.title.clone(), p.id.as_str().to_owned()))
                        .collect(),
                ),
                match kind {
                    Kind::Report => "Only for a report that covers a single phase.",
                    _ => "",
                },
            )
        },
        "order" => plain(
            "Position in the report",
            Widget::Number,
            "Leave empty: the number at the start of the file's name orders the chapters.",
        ),
        "status" => Field {
            default: Some(Status::Draft.as_str().to_owned()),
            ..plain(
                "Status",
                Widget::Select(
                    statuses()
                        .into_iter()
                        .map(|s| (status_label(s).to_owned(), s.as_str().to_owned()))
                        .collect(),
                ),
                "Draft: not on the site yet. Under review: published with a notice. Published.",
            )
        },
        "updated" => plain(
            "Last substantive change",
            Widget::Date,
            "The date you last changed what the chapter says.",
        ),
        "published" => plain("Published on", Widget::Date, ""),
        "date" => plain("Date", Widget::Date, "For news: the day it was published."),
        "gaps" => plain(
            "Gaps in human rights protection",
            Widget::List,
            "One gap per item, a sentence or two each.",
        ),
        "options" => plain(
            "Options for reform",
            Widget::List,
            "One option per item, a sentence or two each.",
        ),
        "authors" => plain("Authors", Widget::List, "One author per item."),
        "draft" => plain("Draft (not on the site yet)", Widget::Boolean, ""),
        "language" => plain(
            "Language",
            Widget::String,
            "Leave empty for the site's language; otherwise a code such as fr.",
        ),
        "aliases" => plain(
            "Old addresses",
            Widget::List,
            "Only after renaming or moving this file: its old address, such as hubs/apparel/report/old-name/.",
        ),
        _ => return None,
    };
    Some(field)
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => "Draft (not on the site)",
        Status::Review => "Under review (published with a notice)",
        Status::Published => "Published",
    }
}

/// A field as Decap CMS reads it.
fn decap_field(field: &Field) -> Value {
    let options = |pairs: &[(String, String)]| -> Value {
        pairs
            .iter()
            .map(|(label, value)| json!({ "label": label, "value": value }))
            .collect()
    };
    let mut out = json!({ "name": field.name, "label": field.label, "required": field.required });
    let widget = match &field.widget {
        Widget::String => json!({ "widget": "string" }),
        Widget::Text => json!({ "widget": "text" }),
        Widget::Number => json!({ "widget": "number", "value_type": "int" }),
        Widget::Boolean => json!({ "widget": "boolean", "default": false }),
        Widget::Date => json!({
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": false,
            "picker_utc": true,
        }),
        Widget::Select(pairs) => json!({ "widget": "select", "options": options(pairs) }),
        Widget::MultiSelect(pairs) => {
            json!({ "widget": "select", "multiple": true, "options": options(pairs) })
        }
        Widget::List => json!({
            "widget": "list",
            "field": { "name": "item", "label": field.label, "widget": "text" },
        }),
        Widget::Markdown => json!({ "widget": "markdown" }),
    };
    merge(&mut out, widget);
    if !field.hint.is_empty() {
        merge(&mut out, json!({ "hint": field.hint }));
    }
    if let Some(default) = &field.default {
        merge(&mut out, json!({ "default": default }));
    }
    out
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(into), Value::Object(from)) = (into, from) {
        into.extend(from);
    }
}

/// A report folder of `hubs/` as the editor shows it.
struct ReportFolder {
    hub: String,
    report: String,
    title: String,
    phase: bool,
    /// The number the next new chapter's file starts with.
    next_number: u32,
}

/// The report folders on disk (drafts included: a hub leader edits those too), by hub and
/// folder name; titles from the loaded site where it has them.
fn report_folders(site: &Site) -> Vec<ReportFolder> {
    let root = &site.config.root;
    let mut folders = Vec::new();
    for hub in sorted_dirs(&root.join(HUBS_DIR)) {
        if !root.join(HUBS_DIR).join(&hub).join(HUB_FILE).is_file() {
            continue;
        }
        let hub_dir = root.join(HUBS_DIR).join(&hub);
        for report in sorted_dirs(&hub_dir) {
            let dir = hub_dir.join(&report);
            if !dir.join(INDEX_FILE).is_file() {
                continue;
            }
            let loaded = site
                .reports
                .iter()
                .find(|r| r.id == report && site.hubs.get(r.hub).is_some_and(|h| h.id == hub));
            let hub_title = site
                .hubs
                .iter()
                .find(|h| h.id == hub)
                .map_or(hub.as_str(), |h| h.title.as_str());
            folders.push(ReportFolder {
                title: format!(
                    "{hub_title}: {}",
                    loaded.map_or(report.as_str(), |r| r.title.as_str())
                ),
                phase: loaded.is_some_and(|r| r.phase.is_some()),
                next_number: next_number(&dir),
                hub: hub.clone(),
                report,
            });
        }
    }
    folders
}

/// One more than the highest `NN-` prefix of the folder's Markdown files.
fn next_number(dir: &Path) -> u32 {
    let highest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let (number, _) = name.split_once('-')?;
            number.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0);
    highest + 1
}

/// The names of the sub-folders of `dir`, sorted; none when it cannot be read.
fn sorted_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The Markdown files under `content/` (relative to the site's root), sorted, not following
/// links; the news folder's entries left out (they have their own collection).
fn content_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(root.join(CONTENT_DIR))
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| !is_news_entry(p))
        .collect();
    pages.sort();
    pages
}

const NEWS_DIR: &str = "content/news";

fn is_news_entry(path: &Path) -> bool {
    path.parent() == Some(Path::new(NEWS_DIR)) && path.file_name() != Some(INDEX_FILE.as_ref())
}

/// The editor's configuration, as a JSON value (written as `config.yml`: JSON is YAML).
pub fn config(site: &Site) -> Value {
    let config = &site.config;
    let chapter_fields = |phase: bool| -> Value {
        form(
            Kind::Chapter {
                report_phase: phase,
            },
            config,
        )
        .iter()
        .map(decap_field)
        .collect()
    };
    let report_fields: Value = form(Kind::Report, config).iter().map(decap_field).collect();
    let page_fields: Value = form(Kind::Page, config).iter().map(decap_field).collect();
    let folders = report_folders(site);
    let mut collections: Vec<Value> = folders
        .iter()
        .map(|f| {
            json!({
                "name": format!("chapters-{}-{}", f.hub, f.report),
                "label": f.title,
                "label_singular": "chapter",
                "description": format!(
                    "The chapters of this report (hubs/{}/{}/). A new chapter's file is named {:02}-<its title>.md. The entry named like the report is its introduction: edit it under \"Report introductions\".",
                    f.hub, f.report, f.next_number
                ),
                "folder": format!("{HUBS_DIR}/{}/{}", f.hub, f.report),
                "create": true,
                "extension": "md",
                "format": "frontmatter",
                "slug": format!("{:02}-{{{{slug}}}}", f.next_number),
                "summary": "{{title}}",
                "media_folder": "",
                "public_folder": "",
                "fields": chapter_fields(f.phase),
            })
        })
        .collect();
    let introductions: Vec<Value> = folders
        .iter()
        .map(|f| {
            json!({
                "name": format!("{}-{}", f.hub, f.report),
                "label": f.title,
                "file": format!("{HUBS_DIR}/{}/{}/{INDEX_FILE}", f.hub, f.report),
                "fields": report_fields,
            })
        })
        .collect();
    if !introductions.is_empty() {
        collections.push(json!({
            "name": "reports",
            "label": "Report introductions",
            "description": "A report's title, authors, date and introduction. A new report is started with `praxis new report`.",
            "extension": "md",
            "format": "frontmatter",
            "files": introductions,
        }));
    }
    let pages: Vec<Value> = content_pages(&config.root)
        .iter()
        .map(|path| {
            let rel = path.to_string_lossy().replace('\\', "/");
            let title = site
                .pages
                .iter()
                .find(|p| p.source == *path)
                .map_or(rel.clone(), |p| p.title.clone());
            json!({
                "name": rel.trim_end_matches(".md").replace(['/', '.', '_'], "-"),
                "label": title,
                "file": rel,
                "fields": page_fields,
            })
        })
        .collect();
    if !pages.is_empty() {
        collections.push(json!({
            "name": "pages",
            "label": "The site's pages",
            "extension": "md",
            "format": "frontmatter",
            "files": pages,
        }));
    }
    if config.root.join(NEWS_DIR).is_dir() {
        collections.push(json!({
            "name": "news",
            "label": "News",
            "label_singular": "news item",
            "folder": NEWS_DIR,
            "create": true,
            "extension": "md",
            "format": "frontmatter",
            "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
            "summary": "{{date}}: {{title}}",
            "media_folder": "",
            "public_folder": "",
            "fields": page_fields,
        }));
    }
    json!({
        "backend": backend(config),
        "local_backend": true,
        "publish_mode": "editorial_workflow",
        "media_folder": "content/media",
        "public_folder": "/media",
        "site_url": config.base_url,
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    })
}

/// The git host the editor commits to: GitHub, with the repository and branch of
/// `repository`/`branch` in site.toml, signing in through the OAuth provider the maintainers'
/// guide sets up (`[admin] site_domain`).
fn backend(config: &Config) -> Value {
    let repo = config
        .source_links
        .as_ref()
        .and_then(|links| links.repository.strip_prefix("https://github.com/"))
        .unwrap_or("OWNER/REPOSITORY");
    let branch = config
        .source_links
        .as_ref()
        .map_or("main", |links| links.branch.as_str());
    let mut backend = json!({
        "name": "github",
        "repo": repo,
        "branch": branch,
        "squash_merges": true,
        "commit_messages": {
            "create": "Add {{collection}} \"{{slug}}\" (in the browser)",
            "update": "Edit {{collection}} \"{{slug}}\" (in the browser)",
            "delete": "Delete {{collection}} \"{{slug}}\" (in the browser)",
            "uploadMedia": "Upload \"{{path}}\"",
            "deleteMedia": "Delete \"{{path}}\"",
        },
    });
    if !config.admin.site_domain.is_empty() {
        merge(
            &mut backend,
            json!({ "site_domain": config.admin.site_domain }),
        );
    }
    backend
}

/// The folder holding the editor's script, if it is installed.
pub fn script_dir(config: &Config) -> Option<PathBuf> {
    let dir = config.root.join(&config.admin.editor_dir);
    dir.join(SCRIPT).is_file().then_some(dir)
}

/// The script files to copy: `decap-cms.js` and its chunks, sorted (no source maps).
fn script_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n == SCRIPT || n.ends_with(&format!(".{SCRIPT}")))
        .collect();
    names.sort();
    names
}

/// Why the editor is not usable, for the build's warning; `None` when it is.
pub fn missing_script(config: &Config) -> Option<String> {
    if !config.admin.enabled || script_dir(config).is_some() {
        return None;
    }
    Some(format!(
        "the web editor's script is not installed ({}/{SCRIPT} is missing), so /{}/ only explains how to install it: run scripts/install-editor (Decap CMS {DECAP_VERSION} from the npm registry) and build again",
        config.admin.editor_dir, config.admin.path
    ))
}

/// Every file of `/admin/`, relative to the output: the page, its configuration and the
/// script when installed. Empty when `[admin] enabled = false`.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let config = &site.config;
    if !config.admin.enabled {
        return Vec::new();
    }
    let folder = config.admin.path.trim_matches('/');
    let installed = script_dir(config);
    let mut files = vec![
        OutputFile::Bytes {
            path: format!("{folder}/index.html"),
            bytes: page(site, folder, installed.is_some()).into_bytes(),
        },
        OutputFile::Bytes {
            path: format!("{folder}/config.yml"),
            bytes: serde_json::to_string_pretty(&self::config(site))
                .unwrap_or_default()
                .into_bytes(),
        },
    ];
    if let Some(dir) = installed {
        files.extend(script_files(&dir).into_iter().map(|name| OutputFile::Copy {
            path: format!("{folder}/{name}"),
            source: dir.join(name),
        }));
    }
    files
}

/// The output paths of [`files`] and the folder's own address, for the link check: named
/// without making the files, since a large site's configuration is megabytes (and built as
/// JSON values, several times that), made here while the loaded site is whole.
pub fn paths(site: &Site) -> Vec<String> {
    let config = &site.config;
    if !config.admin.enabled {
        return Vec::new();
    }
    let folder = config.admin.path.trim_matches('/');
    let mut paths = vec![
        format!("{folder}/index.html"),
        format!("{folder}/config.yml"),
    ];
    if let Some(dir) = script_dir(config) {
        paths.extend(
            script_files(&dir)
                .iter()
                .map(|name| format!("{folder}/{name}")),
        );
    }
    paths.push(format!("{folder}/"));
    paths
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The editor's page. With the script installed it loads it from beside itself and gives
/// the preview the site's own stylesheets; the "not installed" notice shows when the script
/// was missing at build time or fails to load.
fn page(site: &Site, folder: &str, installed: bool) -> String {
    let config = &site.config;
    let base = &config.base_path;
    // Absolute under the base path, as every link the site writes.
    let here = escape(&format!("{base}{folder}/"));
    let mut styles = vec![format!("{base}static/style.css")];
    styles.extend(
        config
            .stylesheets
            .iter()
            .map(|s| format!("{base}static/{}", s.name)),
    );
    let preview_styles: String = styles
        .iter()
        // JSON with `<` escaped: no name can close the <script> element.
        .map(|s| {
            format!(
                "CMS.registerPreviewStyle({});",
                json!(s).to_string().replace('<', "\\u003c")
            )
        })
        .collect();
    let script = if installed {
        format!(
            "<script src=\"{here}{SCRIPT}\" onerror=\"document.getElementById('editor-missing').hidden = false\"></script>\n<script>if (window.CMS) {{ {preview_styles} }}</script>\n"
        )
    } else {
        String::new()
    };
    format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Editor · {title}</title>
<link href="{here}config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<main id="editor-missing" style="max-width: 40rem; margin: 2rem auto; font: 1.1rem/1.5 system-ui, sans-serif"{hidden}>
<h1>The editor is not installed on this copy of the site</h1>
<p>This page runs Decap CMS {version}, which is installed when the site is built, not kept in the repository.</p>
<p><strong>If you are a hub leader:</strong> ask the site's maintainers; meanwhile you can edit on the git host as <code>docs/hub-leaders.md</code> explains.</p>
<p><strong>If you maintain the site:</strong> run <code>scripts/install-editor</code> in the repository, then build the site again (<code>praxis build</code>). CI does this in its build step.</p>
<p><a href="{base}">Back to the site</a></p>
</main>
{script}</body>
</html>
"#,
        lang = escape(&config.language),
        title = escape(&config.title),
        version = DECAP_VERSION,
        hidden = if installed { " hidden" } else { "" },
        base = escape(base),
        here = here,
    )
}
