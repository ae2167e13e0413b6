//! The property test of incremental builds: a generated site is edited by a long random
//! sequence of valid changes (chapters, reports, hubs, pages, news, template and stylesheet
//! overrides, `site.toml`), and both ways of building it incrementally must equal, byte for
//! byte, a build from nothing:
//!
//! 1. after every step, the watch server's [`Session`], told which paths changed as a watcher
//!    would tell it, against a fresh session's full build of the same sources (files and
//!    warnings), with drafts;
//! 2. after every few steps (so one build sees several steps' changes), the real
//!    `praxis build` into the same output folder as every build before it, against a clean
//!    `praxis build` (`--clean` once praxis has it) into a new folder: every file, the same
//!    set of files. Without drafts, so drafts leave and rejoin the site.
//!
//! Only public behaviour is used (the binary, `Session`, the files on disk), so the test
//! holds whatever the build keeps between runs. It is deterministic: the seed and the number
//! of steps come from `PRAXIS_PROPERTY_SEED` and `PRAXIS_PROPERTY_STEPS` (defaults below),
//! and a failure prints both, with every step taken, so that it can be replayed.
//!
//! The site is kept as a model in the test (hubs, reports, chapters with links between them
//! by identity, pages, news, overrides, site.toml) and written out whole after each change;
//! only files whose text changed are touched. Links are written from the model, so renaming
//! or removing a chapter fixes or drops every link to it in the same step, as an author would,
//! and a published page never links to a draft. No chapter has a code block: loading the
//! highlighter costs a third of a second per build in debug mode.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use praxis::incremental::{Changes, Session};
use praxis::load::LoadOptions;

/// The seed when `PRAXIS_PROPERTY_SEED` is unset (decimal, or hexadecimal with `0x`).
const DEFAULT_SEED: u64 = 0x1414_2026;
/// Steps when `PRAXIS_PROPERTY_STEPS` is unset: the session is checked after every one.
const DEFAULT_STEPS: usize = 300;
/// `praxis build` (incremental and clean) runs after every this many steps: two processes
/// per check cost more than the session's check, and the test must stay near a minute in
/// debug mode on a 2-core machine. Set `PRAXIS_PROPERTY_CLI_EVERY=1` to build after every
/// step.
const DEFAULT_CLI_EVERY: usize = 3;

#[test]
fn random_edits_keep_incremental_builds_equal_to_clean_builds() {
    let seed = env_number("PRAXIS_PROPERTY_SEED").unwrap_or(DEFAULT_SEED);
    let steps = env_number("PRAXIS_PROPERTY_STEPS").map_or(DEFAULT_STEPS, |n| n as usize);
    let cli_every = env_number("PRAXIS_PROPERTY_CLI_EVERY")
        .map_or(DEFAULT_CLI_EVERY, |n| n as usize)
        .max(1);
    let mut run = Run::new(seed);
    if let Err(failure) = run.steps(steps, cli_every) {
        panic!(
            "{failure}\n\nseed {seed:#x}, failed at step {} of {steps}; replay with \
             {}PRAXIS_PROPERTY_SEED={seed:#x} PRAXIS_PROPERTY_STEPS={} \
             PRAXIS_PROPERTY_CLI_EVERY={cli_every} cargo test --test property\n\
             steps taken:\n{}",
            run.taken.len(),
            if left_out().is_empty() {
                "PRAXIS_PROPERTY_ALL_KINDS=1 "
            } else {
                ""
            },
            run.taken.len(),
            run.taken
                .iter()
                .enumerate()
                .map(|(i, s)| format!("  {:>3}. {s}\n", i + 1))
                .collect::<String>()
        );
    }
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number")))
}

// ---------------------------------------------------------------------------------------
// Randomness

/// splitmix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` is at least 1.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A random subset of `items`, in their order.
    fn subset(&mut self, items: &[String], percent: u64) -> Vec<String> {
        items
            .iter()
            .filter(|_| self.chance(percent))
            .cloned()
            .collect()
    }
}

/// The words of generated text (one with a character outside ASCII).
const WORDS: &str = "audit buyer contract supplier worker risk remedy wage tender labour garment cobalt grievance union inspection diligence clause monitoring café rights";
const HEADINGS: &[&str] = &[
    "Current practice",
    "What goes wrong",
    "Evidence",
    "Lessons learned",
    "Next steps",
    "Background",
];
const DATES: &[&str] = &[
    "2025-11-03",
    "2026-01-15",
    "2026-02-01",
    "2026-02-28",
    "2026-03-20",
    "2026-06-30",
];
const JURISDICTIONS: &[&str] = &["european-union", "united-kingdom", "kenya", "brazil"];

fn words(rng: &mut Rng, count: usize) -> Vec<&'static str> {
    let all: Vec<&str> = WORDS.split(' ').collect();
    (0..count).map(|_| *rng.pick(&all)).collect()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A title, sometimes with a character HTML escapes.
fn title(rng: &mut Rng) -> String {
    let count = 2 + rng.below(3);
    let mut text = words(rng, count).join(" ");
    if rng.chance(15) {
        text.push_str(" & remedy");
    }
    capitalised(&text)
}

/// A sentence of Markdown, sometimes with emphasis.
fn sentence(rng: &mut Rng) -> String {
    let count = 4 + rng.below(8);
    let mut list = words(rng, count);
    if rng.chance(30) {
        let at = 1 + rng.below(list.len() - 1);
        list[at] = "*workers*";
    }
    capitalised(&list.join(" ")) + "."
}

fn date(rng: &mut Rng) -> String {
    (*rng.pick(DATES)).to_owned()
}

/// A Markdown heading's id, as praxis makes it: lowercase words joined by hyphens.
fn heading_id(heading: &str) -> String {
    heading.to_lowercase().replace(' ', "-")
}

/// A double-quoted YAML or TOML string (both escape `\` and `"` the same way).
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

// ---------------------------------------------------------------------------------------
// The site, as the test keeps it

#[derive(Clone)]
struct Phase {
    id: String,
    title: String,
    summary: String,
}

#[derive(Clone)]
struct Link {
    /// The chapter linked to, by [`Chapter::id`].
    target: u64,
    anchor: bool,
    /// `/hubs/...md` rather than a path relative to the linking file.
    rooted: bool,
}

#[derive(Clone)]
struct Chapter {
    id: u64,
    prefix: Option<u32>,
    slug: String,
    title: String,
    phase: String,
    summary: String,
    issues: Vec<String>,
    jurisdictions: Vec<String>,
    status: Option<&'static str>,
    updated: Option<String>,
    order: Option<i64>,
    gaps: Vec<String>,
    options: Vec<String>,
    heading: String,
    text: String,
    footnote: bool,
    links: Vec<Link>,
}

impl Chapter {
    fn file_name(&self) -> String {
        match self.prefix {
            Some(n) => format!("{n:02}-{}.md", self.slug),
            None => format!("{}.md", self.slug),
        }
    }
}

#[derive(Clone)]
struct Report {
    slug: String,
    title: String,
    summary: String,
    intro: String,
    authors: Vec<String>,
    published: Option<String>,
    status: Option<&'static str>,
    links_about: bool,
    chapters: Vec<Chapter>,
}

#[derive(Clone)]
struct Hub {
    slug: String,
    title: String,
    lead: String,
    summary: String,
    order: i64,
    reports: Vec<Report>,
}

/// One of the Lab's own pages (`content/<slug>.md`), or a news post.
#[derive(Clone)]
struct Page {
    slug: String,
    title: String,
    summary: String,
    text: String,
    date: Option<String>,
    draft: bool,
    links: Vec<Link>,
}

struct Model {
    title: String,
    description: String,
    phases: Vec<Phase>,
    /// The closed vocabulary of `issues`: (id, title).
    terms: Vec<(String, String)>,
    hubs: Vec<Hub>,
    /// `content/<slug>.md`; the first is `about`, which stays.
    pages: Vec<Page>,
    /// Slugs of the pages the home page links to.
    home_links: BTreeSet<String>,
    home_text: String,
    synthesis_text: String,
    posts: Vec<Page>,
    /// Overridden templates: name, and the text the override adds.
    templates: BTreeMap<String, String>,
    /// The rule a `static/style.css` override adds to the built-in stylesheet.
    style: Option<String>,
    /// `static/extra.css`, listed in `stylesheets`.
    extra_css: Option<String>,
    /// The last number given out by [`Model::fresh`].
    next: u64,
}

/// Where a chapter is: hub, report, chapter indexes.
type At = (usize, usize, usize);

impl Model {
    /// A number no slug or chapter id has used: a renamed file never takes an old name.
    fn fresh(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    fn chapters(&self) -> Vec<At> {
        let mut all = Vec::new();
        for (h, hub) in self.hubs.iter().enumerate() {
            for (r, report) in hub.reports.iter().enumerate() {
                for c in 0..report.chapters.len() {
                    all.push((h, r, c));
                }
            }
        }
        all
    }

    fn reports(&self) -> Vec<(usize, usize)> {
        let mut all = Vec::new();
        for (h, hub) in self.hubs.iter().enumerate() {
            for r in 0..hub.reports.len() {
                all.push((h, r));
            }
        }
        all
    }

    fn chapter(&self, (h, r, c): At) -> &Chapter {
        &self.hubs[h].reports[r].chapters[c]
    }

    fn chapter_mut(&mut self, (h, r, c): At) -> &mut Chapter {
        &mut self.hubs[h].reports[r].chapters[c]
    }

    fn find(&self, id: u64) -> Option<At> {
        self.chapters()
            .into_iter()
            .find(|at| self.chapter(*at).id == id)
    }

    fn report_dir(&self, h: usize, r: usize) -> String {
        format!(
            "hubs/{}/{}",
            self.hubs[h].slug, self.hubs[h].reports[r].slug
        )
    }

    fn chapter_path(&self, at: At) -> String {
        format!(
            "{}/{}",
            self.report_dir(at.0, at.1),
            self.chapter(at).file_name()
        )
    }

    /// Is the chapter in a build without drafts? Only those may be linked to.
    fn is_public(&self, at: At) -> bool {
        self.chapter(at).status != Some("draft")
            && self.hubs[at.0].reports[at.1].status != Some("draft")
    }

    fn phase_used(&self, id: &str) -> bool {
        self.chapters()
            .into_iter()
            .any(|at| self.chapter(at).phase == id)
    }

    fn term_used(&self, id: &str) -> bool {
        self.chapters()
            .into_iter()
            .any(|at| self.chapter(at).issues.iter().any(|t| t == id))
    }

    /// Links to chapters that are gone are dropped, as an author removing a chapter would.
    fn drop_dangling_links(&mut self) {
        let ids: BTreeSet<u64> = self
            .chapters()
            .into_iter()
            .map(|at| self.chapter(at).id)
            .collect();
        let keep = |links: &mut Vec<Link>| links.retain(|l| ids.contains(&l.target));
        for hub in &mut self.hubs {
            for report in &mut hub.reports {
                for chapter in &mut report.chapters {
                    keep(&mut chapter.links);
                }
            }
        }
        for page in &mut self.pages {
            keep(&mut page.links);
        }
    }

    /// The Markdown of a link from `from_dir` (a report folder, or `None` for a page in
    /// `content/`) to a chapter, or nothing when the chapter is not public.
    fn link(&self, from_dir: Option<&str>, link: &Link) -> Option<String> {
        let at = self.find(link.target)?;
        if !self.is_public(at) {
            return None;
        }
        let target = self.chapter(at);
        let dir = self.report_dir(at.0, at.1);
        let mut dest = match from_dir {
            Some(from) if from == dir && !link.rooted => target.file_name(),
            Some(_) if !link.rooted => {
                format!("../../{}", &self.chapter_path(at)["hubs/".len()..])
            }
            _ => format!("/{}", self.chapter_path(at)),
        };
        if link.anchor {
            dest.push('#');
            dest.push_str(&heading_id(&target.heading));
        }
        Some(format!(
            "See [{}]({dest}).",
            target.title.replace(['[', ']'], "")
        ))
    }
}

// ---------------------------------------------------------------------------------------
// Writing the model out

/// The built-in theme, read from praxis's sources so that overrides start from it.
struct Theme {
    /// Template name, its text, and where a visible line can be inserted.
    templates: Vec<(String, String, usize)>,
    style: String,
}

impl Theme {
    fn load() -> Theme {
        let dir = common::repo_root().join("src/theme");
        let mut templates = Vec::new();
        let mut names: Vec<PathBuf> = std::fs::read_dir(dir.join("templates"))
            .expect("the built-in templates")
            .map(|e| e.expect("readable").path())
            .collect();
        names.sort();
        for path in names {
            let name = path
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("a template");
            // Inside the page's own block, or at the top of the body for the base template;
            // a template with neither (macros) is not overridden.
            let at = if text.contains("{% extends") {
                text.find("{% block main %}")
                    .map(|i| i + "{% block main %}".len())
            } else {
                text.find("<body")
                    .and_then(|i| text[i..].find('>').map(|j| i + j + 1))
            };
            if let Some(at) = at {
                templates.push((name, text, at));
            }
        }
        let style = std::fs::read_to_string(dir.join("static/style.css")).expect("style.css");
        Theme { templates, style }
    }

    fn template(&self, name: &str) -> &(String, String, usize) {
        self.templates
            .iter()
            .find(|t| t.0 == name)
            .expect("a known template")
    }
}

impl Model {
    /// Every source file of the site, by path relative to the root.
    fn files(&self, theme: &Theme) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert("site.toml".to_owned(), self.site_toml());
        for hub in &self.hubs {
            files.insert(
                format!("hubs/{}/hub.yaml", hub.slug),
                format!(
                    "title: {}\nlead: {}\nsummary: {}\norder: {}\n",
                    q(&hub.title),
                    q(&hub.lead),
                    q(&hub.summary),
                    hub.order
                ),
            );
        }
        for (h, r) in self.reports() {
            let report = &self.hubs[h].reports[r];
            let dir = self.report_dir(h, r);
            files.insert(format!("{dir}/_index.md"), report_file(report));
            for c in 0..report.chapters.len() {
                let at = (h, r, c);
                files.insert(self.chapter_path(at), self.chapter_file(at));
            }
        }
        files.insert("content/_index.md".to_owned(), self.home_file());
        files.insert(
            "content/synthesis/_index.md".to_owned(),
            format!(
                "---\ntitle: \"Synthesis\"\nsummary: \"Every hub, phase by phase.\"\n---\n{}\n",
                self.synthesis_text
            ),
        );
        for page in &self.pages {
            files.insert(format!("content/{}.md", page.slug), self.page_file(page));
        }
        files.insert(
            "content/news/_index.md".to_owned(),
            "---\ntitle: \"News\"\nsummary: \"What the Lab is doing.\"\n---\nThe Lab's news.\n"
                .to_owned(),
        );
        for post in &self.posts {
            files.insert(
                format!("content/news/{}.md", post.slug),
                self.page_file(post),
            );
        }
        for (name, line) in &self.templates {
            let (_, text, at) = theme.template(name);
            let mut edited = text.clone();
            edited.insert_str(*at, &format!("\n<p class=\"override\">{line}</p>\n"));
            files.insert(format!("templates/{name}"), edited);
        }
        if let Some(rule) = &self.style {
            files.insert(
                "static/style.css".to_owned(),
                format!("{}\n{rule}\n", theme.style),
            );
        }
        if let Some(css) = &self.extra_css {
            files.insert("static/extra.css".to_owned(), format!("{css}\n"));
        }
        files
    }

    fn site_toml(&self) -> String {
        let mut out = format!(
            "title = {}\ndescription = {}\nbase_url = \"https://example.org/lab/\"\n",
            q(&self.title),
            q(&self.description)
        );
        if self.extra_css.is_some() {
            out.push_str("stylesheets = [\"extra.css\"]\n");
        }
        for phase in &self.phases {
            let _ = write!(
                out,
                "\n[[phases]]\nid = {}\ntitle = {}\nsummary = {}\n",
                q(&phase.id),
                q(&phase.title),
                q(&phase.summary)
            );
        }
        let terms: Vec<String> = self
            .terms
            .iter()
            .map(|(id, title)| format!("  {{ id = {}, title = {} }},\n", q(id), q(title)))
            .collect();
        let _ = write!(
            out,
            "\n[[taxonomies]]\nid = \"issues\"\ntitle = \"Human rights issues\"\nterms = [\n{}]\n\n[[taxonomies]]\nid = \"jurisdictions\"\ntitle = \"Jurisdictions\"\n",
            terms.concat()
        );
        out
    }

    fn chapter_file(&self, at: At) -> String {
        let chapter = self.chapter(at);
        let mut out = format!(
            "---\ntitle: {}\nphase: {}\n",
            q(&chapter.title),
            chapter.phase
        );
        if !chapter.summary.is_empty() {
            let _ = writeln!(out, "summary: {}", q(&chapter.summary));
        }
        for (key, list) in [
            ("issues", &chapter.issues),
            ("jurisdictions", &chapter.jurisdictions),
        ] {
            if !list.is_empty() {
                let _ = writeln!(out, "{key}: [{}]", list.join(", "));
            }
        }
        if let Some(status) = chapter.status {
            let _ = writeln!(out, "status: {status}");
        }
        if let Some(updated) = &chapter.updated {
            let _ = writeln!(out, "updated: {updated}");
        }
        if let Some(order) = chapter.order {
            let _ = writeln!(out, "order: {order}");
        }
        for (key, list) in [("gaps", &chapter.gaps), ("options", &chapter.options)] {
            if !list.is_empty() {
                let _ = writeln!(out, "{key}:");
                for item in list {
                    let _ = writeln!(out, "  - {}", q(item));
                }
            }
        }
        let _ = write!(out, "---\n## {}\n\n{}", chapter.heading, chapter.text);
        if chapter.footnote {
            out.push_str("[^1]");
        }
        out.push('\n');
        let dir = self.report_dir(at.0, at.1);
        for link in &chapter.links {
            if let Some(text) = self.link(Some(&dir), link) {
                let _ = write!(out, "\n{text}\n");
            }
        }
        if chapter.footnote {
            out.push_str("\n[^1]: A source, 2026.\n");
        }
        out
    }

    fn home_file(&self) -> String {
        let mut out = format!(
            "---\ntitle: \"Generated Lab\"\nsummary: \"The home page.\"\n---\n{}\n",
            self.home_text
        );
        for page in &self.pages {
            if self.home_links.contains(&page.slug) {
                let _ = write!(out, "\nRead [{}](/content/{}.md).\n", page.title, page.slug);
            }
        }
        out
    }

    fn page_file(&self, page: &Page) -> String {
        let mut out = format!(
            "---\ntitle: {}\nsummary: {}\n",
            q(&page.title),
            q(&page.summary)
        );
        if let Some(date) = &page.date {
            let _ = writeln!(out, "date: {date}");
        }
        if page.draft {
            out.push_str("draft: true\n");
        }
        let _ = write!(out, "---\n## About this page\n\n{}\n", page.text);
        for link in &page.links {
            if let Some(text) = self.link(None, link) {
                let _ = write!(out, "\n{text}\n");
            }
        }
        out
    }
}

fn report_file(report: &Report) -> String {
    let authors: Vec<String> = report.authors.iter().map(|a| q(a)).collect();
    let mut out = format!(
        "---\ntitle: {}\nsummary: {}\nauthors: [{}]\n",
        q(&report.title),
        q(&report.summary),
        authors.join(", ")
    );
    if let Some(published) = &report.published {
        let _ = writeln!(out, "published: {published}");
    }
    if let Some(status) = report.status {
        let _ = writeln!(out, "status: {status}");
    }
    let _ = write!(out, "---\n{}\n", report.intro);
    if report.links_about {
        out.push_str("\nSee [the about page](/content/about.md).\n");
    }
    out
}

// ---------------------------------------------------------------------------------------
// Generating things

fn new_chapter(model: &mut Model, rng: &mut Rng) -> Chapter {
    let id = model.fresh();
    let phases: Vec<String> = model.phases.iter().map(|p| p.id.clone()).collect();
    let terms: Vec<String> = model.terms.iter().map(|t| t.0.clone()).collect();
    let jurisdictions: Vec<String> = JURISDICTIONS.iter().map(|s| (*s).to_owned()).collect();
    let mut chapter = Chapter {
        id,
        prefix: rng.chance(80).then(|| 1 + rng.below(12) as u32),
        slug: format!("topic-{id}"),
        title: title(rng),
        phase: rng.pick(&phases).clone(),
        summary: if rng.chance(80) {
            sentence(rng)
        } else {
            String::new()
        },
        issues: rng.subset(&terms, 40),
        jurisdictions: rng.subset(&jurisdictions, 25),
        status: *rng.pick(&[None, None, Some("published"), Some("review"), Some("draft")]),
        updated: rng.chance(50).then(|| date(rng)),
        order: rng.chance(20).then(|| 1 + rng.below(9) as i64),
        gaps: (0..rng.below(3)).map(|_| sentence(rng)).collect(),
        options: (0..rng.below(3)).map(|_| sentence(rng)).collect(),
        heading: (*rng.pick(HEADINGS)).to_owned(),
        text: sentence(rng),
        footnote: rng.chance(30),
        links: Vec::new(),
    };
    chapter.links = random_links(model, rng, 2);
    chapter
}

fn random_links(model: &Model, rng: &mut Rng, most: usize) -> Vec<Link> {
    let all = model.chapters();
    if all.is_empty() {
        return Vec::new();
    }
    (0..rng.below(most + 1))
        .map(|_| Link {
            target: model.chapter(*rng.pick(&all)).id,
            anchor: rng.chance(50),
            rooted: rng.chance(25),
        })
        .collect()
}

fn new_report(model: &mut Model, rng: &mut Rng, chapters: usize) -> Report {
    let id = model.fresh();
    let mut report = Report {
        slug: format!("report-{id}"),
        title: title(rng),
        summary: sentence(rng),
        intro: sentence(rng),
        authors: (0..1 + rng.below(2)).map(|_| title(rng)).collect(),
        published: rng.chance(70).then(|| date(rng)),
        status: *rng.pick(&[None, None, Some("review"), Some("draft")]),
        links_about: rng.chance(30),
        chapters: Vec::new(),
    };
    for _ in 0..chapters {
        let chapter = new_chapter(model, rng);
        report.chapters.push(chapter);
    }
    report
}

fn new_hub(model: &mut Model, rng: &mut Rng, reports: usize) -> Hub {
    let id = model.fresh();
    let mut hub = Hub {
        slug: format!("hub-{id}"),
        title: title(rng),
        lead: title(rng),
        summary: sentence(rng),
        order: rng.below(5) as i64,
        reports: Vec::new(),
    };
    for _ in 0..reports {
        let chapters = 2 + rng.below(4);
        let report = new_report(model, rng, chapters);
        hub.reports.push(report);
    }
    hub
}

fn new_page(model: &mut Model, rng: &mut Rng, slug: Option<&str>) -> Page {
    let id = model.fresh();
    Page {
        slug: slug.map_or_else(|| format!("page-{id}"), str::to_owned),
        title: title(rng),
        summary: sentence(rng),
        text: sentence(rng),
        date: None,
        draft: false,
        links: random_links(model, rng, 2),
    }
}

fn new_post(model: &mut Model, rng: &mut Rng) -> Page {
    let id = model.fresh();
    Page {
        slug: format!("post-{id}"),
        title: title(rng),
        summary: sentence(rng),
        text: sentence(rng),
        date: Some(date(rng)),
        draft: rng.chance(15),
        links: Vec::new(),
    }
}

/// The starting site: three hubs, five or so reports, about fifteen chapters linking to
/// each other, an about page and another page, a news section with three posts.
fn generate(rng: &mut Rng) -> Model {
    let mut model = Model {
        title: "Generated Lab".to_owned(),
        description: "A site the property test edits.".to_owned(),
        phases: [
            ("planning", "Planning"),
            ("risk-assessment", "Risk assessment"),
            ("award", "Award"),
            ("remedy", "Remedy"),
        ]
        .iter()
        .map(|(id, title)| Phase {
            id: (*id).to_owned(),
            title: (*title).to_owned(),
            summary: format!("{title}, the phase."),
        })
        .collect(),
        terms: vec![
            ("forced-labour".to_owned(), "Forced labour".to_owned()),
            ("child-labour".to_owned(), "Child labour".to_owned()),
            ("living-wage".to_owned(), "Living wage".to_owned()),
        ],
        hubs: Vec::new(),
        pages: Vec::new(),
        home_links: BTreeSet::new(),
        home_text: "Welcome to the generated Lab.".to_owned(),
        synthesis_text: "The synthesis introduction.".to_owned(),
        posts: Vec::new(),
        templates: BTreeMap::new(),
        style: None,
        extra_css: None,
        next: 0,
    };
    for h in 0..3 {
        let hub = new_hub(&mut model, rng, 1 + (h % 2));
        model.hubs.push(hub);
    }
    // Links among the first chapters were drawn before the others existed: draw again.
    for at in model.chapters() {
        let links = random_links(&model, rng, 2);
        model.chapter_mut(at).links = links;
    }
    let about = new_page(&mut model, rng, Some("about"));
    model.pages.push(about);
    let other = new_page(&mut model, rng, None);
    model.pages.push(other);
    model.home_links.insert("about".to_owned());
    for _ in 0..3 {
        let post = new_post(&mut model, rng);
        model.posts.push(post);
    }
    model
}

// ---------------------------------------------------------------------------------------
// Steps

/// What a step does on disk besides writing and removing files: what a watcher would see as
/// a folder event (or a file renamed, whose old and new names it reports).
enum Op {
    Rename { from: String, to: String },
    RemoveFolder(String),
}

struct Step {
    label: String,
    ops: Vec<Op>,
}

impl Step {
    fn files(label: String) -> Option<Step> {
        Some(Step {
            label,
            ops: Vec::new(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    ChapterText,
    ChapterField,
    AddChapter,
    RemoveChapter,
    RenameChapter,
    AddReport,
    RemoveReport,
    RenameReport,
    EditReport,
    EditHub,
    AddHub,
    RemoveHub,
    Page,
    HomePage,
    SynthesisIntro,
    Post,
    Template,
    Stylesheet,
    SiteToml,
}

/// Each kind of step and how often it is drawn.
const KINDS: &[(Kind, usize)] = &[
    (Kind::ChapterText, 14),
    (Kind::ChapterField, 20),
    (Kind::AddChapter, 6),
    (Kind::RemoveChapter, 4),
    (Kind::RenameChapter, 4),
    (Kind::AddReport, 2),
    (Kind::RemoveReport, 1),
    (Kind::RenameReport, 2),
    (Kind::EditReport, 5),
    (Kind::EditHub, 4),
    (Kind::AddHub, 1),
    (Kind::RemoveHub, 1),
    (Kind::Page, 6),
    (Kind::HomePage, 3),
    (Kind::SynthesisIntro, 2),
    (Kind::Post, 6),
    (Kind::Template, 5),
    (Kind::Stylesheet, 3),
    (Kind::SiteToml, 6),
];

/// Kinds of step left out because they find a bug in the watch server's session that is not
/// fixed yet; `PRAXIS_PROPERTY_ALL_KINDS=1` draws them anyway, to check a fix. Empty now: the
/// home page and the synthesis introduction, once rendered as content pages after an edit,
/// render as their own pages (found by this test with seeds 2 and 1).
const KNOWN_BUGS: &[Kind] = &[];

/// The kinds of step this run leaves out.
fn left_out() -> &'static [Kind] {
    if std::env::var_os("PRAXIS_PROPERTY_ALL_KINDS").is_some() {
        &[]
    } else {
        KNOWN_BUGS
    }
}

fn draw_kind(rng: &mut Rng) -> Kind {
    let allowed: Vec<&(Kind, usize)> = KINDS
        .iter()
        .filter(|(kind, _)| !left_out().contains(kind))
        .collect();
    let total: usize = allowed.iter().map(|(_, w)| w).sum();
    let mut n = rng.below(total);
    for (kind, weight) in allowed {
        if n < *weight {
            return *kind;
        }
        n -= weight;
    }
    unreachable!("the weights add up to the total")
}

/// Change the model by one random valid step.
fn step(model: &mut Model, rng: &mut Rng, theme: &Theme) -> Step {
    loop {
        let kind = draw_kind(rng);
        let step = match kind {
            Kind::ChapterText => chapter_text(model, rng),
            Kind::ChapterField => chapter_field(model, rng),
            Kind::AddChapter => add_chapter(model, rng),
            Kind::RemoveChapter => remove_chapter(model, rng),
            Kind::RenameChapter => rename_chapter(model, rng),
            Kind::AddReport => add_report(model, rng),
            Kind::RemoveReport => remove_report(model, rng),
            Kind::RenameReport => rename_report(model, rng),
            Kind::EditReport => edit_report(model, rng),
            Kind::EditHub => edit_hub(model, rng),
            Kind::AddHub => add_hub(model, rng),
            Kind::RemoveHub => remove_hub(model, rng),
            Kind::Page => page_step(model, rng),
            Kind::HomePage => home_page_step(model, rng),
            Kind::SynthesisIntro => {
                model.synthesis_text = sentence(rng);
                Step::files("content/synthesis/_index.md: text".to_owned())
            }
            Kind::Post => post_step(model, rng),
            Kind::Template => template_step(model, rng, theme),
            Kind::Stylesheet => stylesheet_step(model, rng),
            Kind::SiteToml => site_toml_step(model, rng),
        };
        if let Some(step) = step {
            return step;
        }
    }
}

fn random_chapter(model: &Model, rng: &mut Rng) -> Option<At> {
    let all = model.chapters();
    (!all.is_empty()).then(|| *rng.pick(&all))
}

fn chapter_text(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let at = random_chapter(model, rng)?;
    let path = model.chapter_path(at);
    let what = match rng.below(4) {
        0 => {
            let links = random_links(model, rng, 1);
            model.chapter_mut(at).links.extend(links);
            "a link added"
        }
        1 => {
            let chapter = model.chapter_mut(at);
            if chapter.links.is_empty() {
                return None;
            }
            let i = rng.below(chapter.links.len());
            chapter.links.remove(i);
            "a link removed"
        }
        2 => {
            let chapter = model.chapter_mut(at);
            chapter.footnote = !chapter.footnote;
            "the footnote"
        }
        _ => {
            let text = sentence(rng);
            model.chapter_mut(at).text = text;
            "the text"
        }
    };
    Step::files(format!("chapter {path}: {what}"))
}

fn chapter_field(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let at = random_chapter(model, rng)?;
    let path = model.chapter_path(at);
    let phases: Vec<String> = model.phases.iter().map(|p| p.id.clone()).collect();
    let terms: Vec<String> = model.terms.iter().map(|t| t.0.clone()).collect();
    let jurisdictions: Vec<String> = JURISDICTIONS.iter().map(|s| (*s).to_owned()).collect();
    let field = rng.below(11);
    let new_title = title(rng);
    let new_sentence = sentence(rng);
    let new_list: Vec<String> = (0..rng.below(3)).map(|_| sentence(rng)).collect();
    let chapter = model.chapter_mut(at);
    let what = match field {
        0 => {
            chapter.title = new_title;
            "title"
        }
        1 => {
            chapter.summary = if rng.chance(80) {
                new_sentence
            } else {
                String::new()
            };
            "summary"
        }
        2 => {
            chapter.gaps = new_list;
            "gaps"
        }
        3 => {
            chapter.options = new_list;
            "options"
        }
        4 => {
            chapter.issues = rng.subset(&terms, 40);
            "issues"
        }
        5 => {
            chapter.jurisdictions = rng.subset(&jurisdictions, 30);
            "jurisdictions"
        }
        6 => {
            chapter.status = *rng.pick(&[None, Some("published"), Some("review"), Some("draft")]);
            "status"
        }
        7 => {
            chapter.updated = rng.chance(70).then(|| date(rng));
            "updated"
        }
        8 => {
            chapter.order = rng.chance(60).then(|| 1 + rng.below(9) as i64);
            "order"
        }
        9 => {
            chapter.phase = rng.pick(&phases).clone();
            "phase"
        }
        _ => {
            chapter.heading = (*rng.pick(HEADINGS)).to_owned();
            "heading (and the anchors linking to it)"
        }
    };
    Step::files(format!("chapter {path}: {what}"))
}

fn add_chapter(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let reports = model.reports();
    let (h, r) = *rng.pick(&reports);
    let chapter = new_chapter(model, rng);
    let id = chapter.id;
    model.hubs[h].reports[r].chapters.push(chapter);
    // Sometimes another chapter links to the new one in the same step.
    if rng.chance(40) {
        let from = random_chapter(model, rng)?;
        model.chapter_mut(from).links.push(Link {
            target: id,
            anchor: rng.chance(50),
            rooted: false,
        });
    }
    let at = model.find(id)?;
    Step::files(format!("add chapter {}", model.chapter_path(at)))
}

fn remove_chapter(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let at = random_chapter(model, rng)?;
    let path = model.chapter_path(at);
    model.hubs[at.0].reports[at.1].chapters.remove(at.2);
    model.drop_dangling_links();
    Step::files(format!("remove chapter {path} and the links to it"))
}

fn rename_chapter(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let at = random_chapter(model, rng)?;
    let from = model.chapter_path(at);
    let id = model.fresh();
    let chapter = model.chapter_mut(at);
    match rng.below(3) {
        0 => chapter.prefix = rng.chance(80).then(|| 1 + rng.below(12) as u32),
        1 => chapter.slug = format!("topic-{id}"),
        _ => {
            chapter.prefix = Some(1 + rng.below(12) as u32);
            chapter.slug = format!("topic-{id}");
        }
    }
    let to = model.chapter_path(at);
    if to == from {
        return None;
    }
    Some(Step {
        label: format!("rename chapter {from} to {to} (links follow)"),
        ops: vec![Op::Rename { from, to }],
    })
}

fn add_report(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let h = rng.below(model.hubs.len());
    let chapters = 1 + rng.below(3);
    let report = new_report(model, rng, chapters);
    let label = format!("add report hubs/{}/{}", model.hubs[h].slug, report.slug);
    model.hubs[h].reports.push(report);
    Step::files(label)
}

fn remove_report(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let reports = model.reports();
    if reports.len() < 2 {
        return None;
    }
    let (h, r) = *rng.pick(&reports);
    let dir = model.report_dir(h, r);
    model.hubs[h].reports.remove(r);
    model.drop_dangling_links();
    Some(Step {
        label: format!("remove report folder {dir} and the links to it"),
        ops: vec![Op::RemoveFolder(dir)],
    })
}

fn rename_report(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let reports = model.reports();
    let (h, r) = *rng.pick(&reports);
    let from = model.report_dir(h, r);
    let id = model.fresh();
    model.hubs[h].reports[r].slug = format!("report-{id}");
    let to = model.report_dir(h, r);
    Some(Step {
        label: format!("rename report folder {from} to {to} (links follow)"),
        ops: vec![Op::Rename { from, to }],
    })
}

fn edit_report(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let reports = model.reports();
    let (h, r) = *rng.pick(&reports);
    let dir = model.report_dir(h, r);
    let (new_title, new_sentence) = (title(rng), sentence(rng));
    let report = &mut model.hubs[h].reports[r];
    let what = match rng.below(6) {
        0 => {
            report.title = new_title;
            "title"
        }
        1 => {
            report.intro = new_sentence;
            "introduction"
        }
        2 => {
            report.summary = new_sentence;
            "summary"
        }
        3 => {
            report.status = *rng.pick(&[None, Some("published"), Some("review"), Some("draft")]);
            "status"
        }
        4 => {
            report.published = rng.chance(70).then(|| date(rng));
            "published"
        }
        _ => {
            report.links_about = !report.links_about;
            "link to the about page"
        }
    };
    Step::files(format!("report {dir}: {what}"))
}

fn edit_hub(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let h = rng.below(model.hubs.len());
    let (new_title, new_sentence) = (title(rng), sentence(rng));
    let hub = &mut model.hubs[h];
    let what = match rng.below(4) {
        0 => {
            hub.title = new_title;
            "title"
        }
        1 => {
            hub.lead = new_title;
            "lead"
        }
        2 => {
            hub.summary = new_sentence;
            "summary"
        }
        _ => {
            hub.order = rng.below(5) as i64;
            "order"
        }
    };
    Step::files(format!("hubs/{}/hub.yaml: {what}", hub.slug))
}

fn add_hub(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    if model.hubs.len() >= 5 {
        return None;
    }
    let hub = new_hub(model, rng, 1);
    let label = format!("add hub hubs/{}", hub.slug);
    model.hubs.push(hub);
    Step::files(label)
}

fn remove_hub(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    if model.hubs.len() < 3 {
        return None;
    }
    let h = rng.below(model.hubs.len());
    let dir = format!("hubs/{}", model.hubs[h].slug);
    model.hubs.remove(h);
    model.drop_dangling_links();
    Some(Step {
        label: format!("remove hub folder {dir} and the links to its chapters"),
        ops: vec![Op::RemoveFolder(dir)],
    })
}

/// May a step edit the home page (`content/_index.md`)? Not while that is a known bug.
fn home_edits() -> bool {
    !left_out().contains(&Kind::HomePage)
}

fn page_step(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    match rng.below(4) {
        0 if model.pages.len() < 5 => {
            let page = new_page(model, rng, None);
            let mut label = format!("add page content/{}.md", page.slug);
            if home_edits() && rng.chance(60) {
                model.home_links.insert(page.slug.clone());
                label.push_str(", linked from the home page");
            }
            model.pages.push(page);
            Step::files(label)
        }
        1 if model.pages.len() > 1 => {
            // Not the about page, which reports link to.
            let i = 1 + rng.below(model.pages.len() - 1);
            if !home_edits() && model.home_links.contains(&model.pages[i].slug) {
                return None;
            }
            let page = model.pages.remove(i);
            model.home_links.remove(&page.slug);
            Step::files(format!("remove page content/{}.md", page.slug))
        }
        _ => {
            let i = rng.below(model.pages.len());
            let (new_title, new_sentence) = (title(rng), sentence(rng));
            let links = random_links(model, rng, 2);
            let page = &mut model.pages[i];
            let what = match rng.below(4) {
                0 => {
                    page.title = new_title;
                    "title"
                }
                1 => {
                    page.summary = new_sentence;
                    "summary"
                }
                2 => {
                    page.links = links;
                    "links"
                }
                _ => {
                    page.text = new_sentence;
                    "text"
                }
            };
            Step::files(format!("page content/{}.md: {what}", page.slug))
        }
    }
}

fn home_page_step(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    if rng.chance(50) {
        model.home_text = sentence(rng);
        return Step::files("home page content/_index.md: text".to_owned());
    }
    let i = rng.below(model.pages.len());
    let slug = model.pages[i].slug.clone();
    if slug == "about" {
        return None;
    }
    let what = if model.home_links.remove(&slug) {
        "unlinked"
    } else {
        model.home_links.insert(slug.clone());
        "linked"
    };
    Step::files(format!(
        "home page content/_index.md: content/{slug}.md {what}"
    ))
}

fn post_step(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    match rng.below(4) {
        0 => {
            let post = new_post(model, rng);
            let label = format!("add news post content/news/{}.md", post.slug);
            model.posts.push(post);
            Step::files(label)
        }
        1 if !model.posts.is_empty() => {
            let i = rng.below(model.posts.len());
            let post = model.posts.remove(i);
            Step::files(format!("remove news post content/news/{}.md", post.slug))
        }
        _ if !model.posts.is_empty() => {
            let i = rng.below(model.posts.len());
            let (new_title, new_sentence) = (title(rng), sentence(rng));
            let post = &mut model.posts[i];
            let what = match rng.below(5) {
                0 => {
                    post.title = new_title;
                    "title"
                }
                1 => {
                    post.date = Some(date(rng));
                    "date"
                }
                2 => {
                    post.draft = !post.draft;
                    "draft"
                }
                3 => {
                    post.summary = new_sentence;
                    "summary"
                }
                _ => {
                    post.text = new_sentence;
                    "text"
                }
            };
            Step::files(format!("news post content/news/{}.md: {what}", post.slug))
        }
        _ => None,
    }
}

fn template_step(model: &mut Model, rng: &mut Rng, theme: &Theme) -> Option<Step> {
    let line = format!("Override {}", model.fresh());
    let overridden: Vec<String> = model.templates.keys().cloned().collect();
    match rng.below(3) {
        0 => {
            let name = rng.pick(&theme.templates).0.clone();
            if model.templates.contains_key(&name) {
                return None;
            }
            model.templates.insert(name.clone(), line);
            Step::files(format!("override template templates/{name}"))
        }
        1 if !overridden.is_empty() => {
            let name = rng.pick(&overridden).clone();
            model.templates.insert(name.clone(), line);
            Step::files(format!("edit override templates/{name}"))
        }
        2 if !overridden.is_empty() => {
            let name = rng.pick(&overridden).clone();
            model.templates.remove(&name);
            Step::files(format!("remove override templates/{name}"))
        }
        _ => None,
    }
}

fn stylesheet_step(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let rule = format!(
        ".override-{} {{ color: #{:06x}; }}",
        model.fresh(),
        rng.below(0xffffff)
    );
    match rng.below(4) {
        0 => {
            model.style = Some(rule);
            Step::files("static/style.css: override or edit".to_owned())
        }
        1 if model.style.is_some() => {
            model.style = None;
            Step::files("static/style.css: remove the override".to_owned())
        }
        2 => {
            let added = model.extra_css.is_none();
            model.extra_css = Some(rule);
            Step::files(if added {
                "static/extra.css added, listed in site.toml's stylesheets".to_owned()
            } else {
                "static/extra.css edited".to_owned()
            })
        }
        3 if model.extra_css.is_some() => {
            model.extra_css = None;
            Step::files("static/extra.css removed, and from site.toml".to_owned())
        }
        _ => None,
    }
}

fn site_toml_step(model: &mut Model, rng: &mut Rng) -> Option<Step> {
    let id = model.fresh();
    let what = match rng.below(7) {
        0 => {
            model.title = format!("{} Lab", title(rng));
            "title".to_owned()
        }
        1 => {
            model.description = sentence(rng);
            "description".to_owned()
        }
        2 => {
            let (a, b) = (rng.below(model.phases.len()), rng.below(model.phases.len()));
            if a == b {
                return None;
            }
            model.phases.swap(a, b);
            format!("phases {a} and {b} swapped")
        }
        3 if model.phases.len() < 7 => {
            let at = rng.below(model.phases.len() + 1);
            let phase = Phase {
                id: format!("phase-{id}"),
                title: title(rng),
                summary: sentence(rng),
            };
            let what = format!("phase {} added at {at}", phase.id);
            model.phases.insert(at, phase);
            what
        }
        4 if model.phases.len() > 2 => {
            let at = rng.below(model.phases.len());
            let phase_id = model.phases[at].id.clone();
            if model.phase_used(&phase_id) {
                return None;
            }
            model.phases.remove(at);
            format!("phase {phase_id} removed (no chapter uses it)")
        }
        5 => {
            let at = rng.below(model.phases.len());
            model.phases[at].title = title(rng);
            model.phases[at].summary = sentence(rng);
            format!("phase {}'s title and summary", model.phases[at].id)
        }
        _ => {
            if rng.chance(50) && model.terms.len() < 6 {
                model.terms.push((format!("term-{id}"), title(rng)));
                format!("term term-{id} added to issues")
            } else {
                let at = rng.below(model.terms.len());
                let term = model.terms[at].0.clone();
                if rng.chance(50) && model.terms.len() > 1 && !model.term_used(&term) {
                    model.terms.remove(at);
                    format!("term {term} removed (no chapter uses it)")
                } else {
                    model.terms[at].1 = title(rng);
                    format!("term {term}'s title")
                }
            }
        }
    };
    Step::files(format!("site.toml: {what}"))
}

// ---------------------------------------------------------------------------------------
// Applying steps to the disk, and checking the builds

struct Run {
    rng: Rng,
    theme: Theme,
    model: Model,
    site: tempfile::TempDir,
    /// What is on disk now, as the model last wrote it.
    on_disk: BTreeMap<String, String>,
    session: Session,
    cli: Cli,
    /// The steps taken so far, for the failure message.
    taken: Vec<String>,
}

impl Run {
    fn new(seed: u64) -> Run {
        let mut rng = Rng(seed);
        let theme = Theme::load();
        let model = generate(&mut rng);
        let site = tempfile::tempdir().expect("temp dir");
        let on_disk = model.files(&theme);
        for (path, text) in &on_disk {
            create_parents(site.path(), path);
            std::fs::write(site.path().join(path), text).expect("write a source");
        }
        let mut session = new_session(site.path());
        if let Err(d) = session.full() {
            panic!(
                "the generated site does not build (seed {seed:#x}):\n{}",
                common::render(&d)
            );
        }
        let cli = Cli::new();
        if let Err(why) = cli.build(site.path(), &cli.incremental(), false) {
            panic!("the generated site does not build with praxis build (seed {seed:#x}):\n{why}");
        }
        Run {
            rng,
            theme,
            model,
            site,
            on_disk,
            session,
            cli,
            taken: Vec::new(),
        }
    }

    fn root(&self) -> &Path {
        self.site.path()
    }

    fn steps(&mut self, count: usize, cli_every: usize) -> Result<(), String> {
        for i in 1..=count {
            let step = step(&mut self.model, &mut self.rng, &self.theme);
            self.taken.push(step.label.clone());
            let changed = self.apply(&step);
            self.check_session(&changed)?;
            if i % cli_every == 0 || i == count {
                self.check_cli(i)?;
            }
        }
        // Seen with --nocapture: how much site the steps left to build.
        let model = &self.model;
        println!(
            "{count} steps; the site now has {} hubs, {} reports, {} chapters, {} pages, {} news posts, {} template overrides",
            model.hubs.len(),
            model.reports().len(),
            model.chapters().len(),
            model.pages.len(),
            model.posts.len(),
            model.templates.len()
        );
        Ok(())
    }

    /// Carry out a step on disk: its folder operations, then every file whose text changed.
    /// Returns the paths a watcher would report.
    fn apply(&mut self, step: &Step) -> BTreeSet<PathBuf> {
        let root = self.site.path().to_path_buf();
        let mut changed = BTreeSet::new();
        for op in &step.ops {
            match op {
                Op::Rename { from, to } => {
                    changed.extend(create_parents(&root, to));
                    std::fs::rename(root.join(from), root.join(to)).expect("rename");
                    self.on_disk = std::mem::take(&mut self.on_disk)
                        .into_iter()
                        .map(|(path, text)| (moved(&path, from, to), text))
                        .collect();
                    changed.insert(PathBuf::from(from));
                    changed.insert(PathBuf::from(to));
                }
                Op::RemoveFolder(dir) => {
                    std::fs::remove_dir_all(root.join(dir)).expect("remove a folder");
                    self.on_disk
                        .retain(|path, _| !Path::new(path).starts_with(dir));
                    changed.insert(PathBuf::from(dir));
                }
            }
        }
        let wanted = self.model.files(&self.theme);
        for (path, text) in &wanted {
            if self.on_disk.get(path) != Some(text) {
                changed.extend(create_parents(&root, path));
                std::fs::write(root.join(path), text).expect("write a source");
                changed.insert(PathBuf::from(path));
            }
        }
        for path in self.on_disk.keys() {
            if !wanted.contains_key(path) {
                std::fs::remove_file(root.join(path)).expect("remove a source");
                changed.insert(PathBuf::from(path));
            }
        }
        self.on_disk = wanted;
        changed
    }

    /// The watch server's session, told of `changed`, equals a fresh full build.
    fn check_session(&mut self, changed: &BTreeSet<PathBuf>) -> Result<(), String> {
        let changes = Changes::from(changed.clone());
        let rebuilt = self.session.rebuild(&changes, |_, _| {}).map_err(|d| {
            format!(
                "the session's rebuild after {changed:?} failed:\n{}",
                common::render(&d)
            )
        })?;
        if !self.session.state().is_good() {
            return Err(format!("the session is not good after {changed:?}"));
        }
        let mut full = new_session(self.root());
        let full_rebuilt = full.full().map_err(|d| {
            format!(
                "the sources do not build (a bug of the test's generator):\n{}",
                common::render(&d)
            )
        })?;
        let (ours, theirs) = (
            common::messages(&rebuilt.warnings),
            common::messages(&full_rebuilt.warnings),
        );
        if ours != theirs {
            return Err(format!(
                "the session's warnings after {changed:?} differ from a full build's:\n  session: {ours:#?}\n  full build: {theirs:#?}"
            ));
        }
        match common::differences(&session_files(&self.session), &session_files(&full)) {
            Some(diff) => Err(format!(
                "the session after {changed:?} differs from a full build (left: session, right: full build):\n{diff}"
            )),
            None => Ok(()),
        }
    }

    /// `praxis build` into the output it built before equals a clean build into a new folder.
    fn check_cli(&self, step: usize) -> Result<(), String> {
        let incremental = self.cli.incremental();
        self.cli.build(self.root(), &incremental, false)?;
        let fresh = self.cli.outputs.path().join(format!("fresh-{step}"));
        self.cli.build(self.root(), &fresh, true)?;
        let result = match common::differences(
            &common::snapshot(&incremental),
            &common::snapshot(&fresh),
        ) {
            Some(diff) => Err(format!(
                "praxis build into the same folder differs from a clean build (left: incremental, right: clean):\n{diff}"
            )),
            None => Ok(()),
        };
        std::fs::remove_dir_all(&fresh).expect("remove the clean build");
        result
    }
}

/// Every file a session serves, by output path.
fn session_files(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .files
        .iter()
        .map(|(path, file)| (path.clone(), file.read().expect("readable").to_vec()))
        .collect()
}

fn new_session(root: &Path) -> Session {
    Session::new(LoadOptions {
        root: root.to_path_buf(),
        drafts: true,
        base_url: Some("http://127.0.0.1:1111/".into()),
    })
}

/// Create the missing folders above `path` (relative to `root`); returns those created, as
/// a watcher reports them.
fn create_parents(root: &Path, path: &str) -> Vec<PathBuf> {
    let mut missing = Vec::new();
    let mut parent = Path::new(path).parent();
    while let Some(dir) = parent.filter(|d| !d.as_os_str().is_empty()) {
        if root.join(dir).is_dir() {
            break;
        }
        missing.push(dir.to_path_buf());
        parent = dir.parent();
    }
    if let Some(top) = missing.last() {
        std::fs::create_dir_all(root.join(path).parent().expect("has a parent"))
            .unwrap_or_else(|e| panic!("create {}: {e}", top.display()));
    }
    missing
}

/// `path` after the file or folder `from` was renamed to `to`.
fn moved(path: &str, from: &str, to: &str) -> String {
    match Path::new(path).strip_prefix(from) {
        Ok(rest) if rest.as_os_str().is_empty() => to.to_owned(),
        Ok(rest) => format!("{to}/{}", rest.to_string_lossy()),
        Err(_) => path.to_owned(),
    }
}

/// The real binary, building into folders of a temporary folder outside the site.
struct Cli {
    outputs: tempfile::TempDir,
    /// Does this praxis have `--clean`? Without it every build is a clean one.
    has_clean: bool,
}

impl Cli {
    fn new() -> Cli {
        let help = Command::new(env!("CARGO_BIN_EXE_praxis"))
            .args(["build", "--help"])
            .output()
            .expect("run praxis build --help");
        Cli {
            outputs: tempfile::tempdir().expect("temp dir"),
            has_clean: String::from_utf8_lossy(&help.stdout).contains("--clean"),
        }
    }

    /// The folder every incremental build writes into.
    fn incremental(&self) -> PathBuf {
        self.outputs.path().join("site")
    }

    fn build(&self, root: &Path, output: &Path, clean: bool) -> Result<(), String> {
        let mut command = Command::new(env!("CARGO_BIN_EXE_praxis"));
        command
            .arg("build")
            .arg("--root")
            .arg(root)
            .arg("--output")
            .arg(output)
            .env("NO_COLOR", "1");
        if clean && self.has_clean {
            command.arg("--clean");
        }
        let out = command.output().map_err(|e| format!("run praxis: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "praxis build --output {}{} failed ({}):\n{}{}",
                output.display(),
                if clean && self.has_clean {
                    " --clean"
                } else {
                    ""
                },
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}
