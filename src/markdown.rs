//! Markdown to HTML with pulldown-cmark, collecting what the rest of the site needs on the way:
//! the table of contents, heading ids, whether code was highlighted, and the links to check.
//!
//! The event stream is rewritten rather than post-processing HTML: headings get stable unique
//! ids and a visible anchor, footnotes are numbered and moved to the end with labelled
//! back-links, fenced code is highlighted by syntect as CSS classes, and every link destination
//! goes through a [`LinkResolver`], which turns `.md` links into URLs or reports them broken.
//! This module knows nothing about the site's layout; the resolver does.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, Location};
use crate::html::{Html, RawHtml};
// Defined beside `Html`; re-exported where templates and feeds have always found them.
pub use crate::html::{escape_html, write_escaped_html};
use crate::values::MarkdownOptions;

/// A rendered Markdown body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: Html,
    /// Level 2 and 3 headings, for the table of contents.
    pub toc: Vec<TocEntry>,
    /// Every id an anchor may target: headings and footnotes.
    pub anchors: BTreeSet<String>,
    /// Whether the page needs the code stylesheet.
    pub has_code: bool,
    /// Plain text of the body, for search and summaries.
    pub text: String,
    /// A hash of what a page shows of the body (HTML, contents, code), so that a rebuild can
    /// tell a changed body from an unchanged one without comparing texts.
    pub fingerprint: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link that names an anchor in another (or the same) source file, checked once every file
/// has been rendered and all anchors are known.
#[derive(Clone, Debug)]
pub struct AnchorCheck {
    pub target: PathBuf,
    pub anchor: String,
    pub location: Location,
    pub source_line: Option<String>,
}

/// What a resolver makes of a link destination.
pub enum Resolution {
    /// Leave the destination as written (external links, `mailto:`).
    Unchanged,
    /// Replace it, and optionally check an anchor later.
    Rewritten {
        url: String,
        /// The page linked to, when it is a page of the site.
        target: Option<PathBuf>,
        anchor: Option<(PathBuf, String)>,
    },
}

/// Decides what a link destination becomes. Implemented by `links::LinkTable`.
pub trait LinkResolver: Sync {
    fn resolve(&self, dest: &str, location: &Location) -> Result<Resolution, Diagnostic>;
}

/// The file being rendered, for locating diagnostics.
pub struct SourceContext<'a> {
    pub rel: &'a std::path::Path,
    /// The whole file, to show offending lines.
    pub file_text: &'a str,
    /// The Markdown body (a suffix of `file_text`).
    pub body: &'a str,
    /// The file line on which the body starts.
    pub body_line: usize,
    /// The column of the body's first character on that line (1 for a body after `---`;
    /// more for a statement in the front matter, `- "..."`).
    pub body_column: usize,
}

/// Ids the default theme writes beside a body (`tests/reserved_ids.rs` reads every template
/// and holds this list complete). A heading whose text would give one of them gets
/// `section-` in front instead, so a heading called "Findings" cannot take the id that the
/// chapter page's own findings block, and its links, rely on.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "toc",
    "gaps",
    "options",
    "footnotes",
    "footnotes-label",
    "content",
    "search",
    "site-search",
    "site-search-q",
    "findings",
    "findings-heading",
    "toc-heading",
    "elsewhere-heading",
    "cite-heading",
    "contents-heading",
    "compiled-heading",
    "by-phase-heading",
    "reports-heading",
    "hubs-heading",
    "news-heading",
    "phases-heading",
    "recent-heading",
    "matrix-heading",
    "matrix-caption",
    "print-contents",
    "search-form",
    "search-help",
    "search-hub",
    "search-more",
    "search-phase",
    "search-kind",
    "search-q",
    "search-results",
    "search-status",
    "page-strings",
    "search-elsewhere",
    "praxis-errors",
    "resources",
    "resources-heading",
    "cited-by-heading",
    "resource-filters",
    "resource-count",
    "questions-heading",
    "downloads-heading",
    "chapters-heading",
    "others-heading",
    "survey-heading",
    "survey-matrix",
    "matrix-filters",
    "matrix-section",
    "matrix-region",
    "matrix-question",
    "matrix-value",
    "matrix-count",
];

/// Prefixes of ids the theme builds from data (`hub-apparel`, `phase-award`, the search
/// page's filter of a taxonomy `search-taxonomy-issues`).
/// The resource library's groups (`type-law`) and filters (`filter-hub`) too, and the survey's
/// answers (`answer-<question>`), its table's controls (`matrix-region`) and its sections.
pub const RESERVED_ID_PREFIXES: &[&str] = &[
    "hub-",
    "phase-",
    "fn-",
    "fnref-",
    "search-taxonomy-",
    "type-",
    "filter-",
    "answer-",
    "survey-section-",
    "survey-value-",
];

fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// A short Markdown statement of a file's front matter (a chapter's gap or option), with
/// where its text starts in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone)]
pub struct Output {
    pub rendered: std::sync::Arc<Rendered>,
    /// The file's statements (see [`Output::add_statements`]), rendered inline.
    pub statements: Vec<Html>,
    /// The source files of the pages this body links to.
    pub links_to: Vec<PathBuf>,
    pub anchor_checks: Vec<AnchorCheck>,
    pub diagnostics: Diagnostics,
}

fn parser_options(options: &MarkdownOptions) -> Options {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    opts
}

/// Render a Markdown body.
pub fn render(
    source: &SourceContext<'_>,
    options: &MarkdownOptions,
    resolver: &dyn LinkResolver,
) -> Output {
    let mut state = State::new(source, options, resolver);
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(source.body, parser_options(options))
            .into_offset_iter()
            .collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut footnotes: Vec<(String, Vec<Event<'_>>)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                let inner = &events[i + 1..end];
                let html = state.heading(*level, id.as_deref(), range, inner);
                if *level == HeadingLevel::H1 {
                    state.warn_level_one(range, &heading_text(inner));
                }
                out.push(Event::Html(html.into()));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                state.text.push_str(&code);
                state.text.push(' ');
                out.push(Event::Html(state.code_block(lang, &code).into()));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let end = find_end(&events, i, |e| {
                    matches!(e, Event::End(TagEnd::FootnoteDefinition))
                });
                let mut inner = Vec::new();
                for (e, r) in &events[i + 1..end] {
                    inner.push(state.inline_event(e.clone(), r));
                }
                footnotes.push((label.to_string(), inner));
                i = end + 1;
                continue;
            }
            Event::FootnoteReference(label) => {
                out.push(Event::Html(state.footnote_reference(label).into()));
            }
            // Wide tables scroll on their own on a phone instead of widening the page; the
            // region is focusable so keyboard users can scroll it too.
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n".into(),
                ));
                out.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(event.clone());
                out.push(Event::Html("</div>\n".into()));
            }
            other => {
                if matches!(other, Event::Start(Tag::Image { .. }))
                    && matches!(events.get(i + 1), Some((Event::End(TagEnd::Image), _)))
                {
                    state.warn_missing_alt(range);
                }
                out.push(state.inline_event(other.clone(), range));
            }
        }
        i += 1;
    }

    let mut body = String::with_capacity(source.body.len() * 3 / 2);
    html::push_html(&mut body, out.into_iter());
    let mut anchors: BTreeSet<String> = state.ids.clone();
    if !footnotes.is_empty() {
        state.footnote_section(&mut body, footnotes, &mut anchors);
    }
    let mut html = crate::html::seal(body, state.raw_html_policy());
    // Every body stays in memory until the site is written: give back what the string's
    // doubling growth reserved beyond its length (a quarter of it on average).
    html.shrink_to_fit();
    let fingerprint = body_fingerprint(&html, &state.toc, state.has_code);
    Output {
        statements: Vec::new(),
        rendered: std::sync::Arc::new(Rendered {
            fingerprint,
            html,
            toc: state.toc,
            anchors,
            has_code: state.has_code,
            text: collapse_whitespace(&state.text),
        }),
        anchor_checks: state.anchor_checks,
        diagnostics: state.diagnostics,
        links_to: state.links_to,
    }
}

impl Output {
    /// Render `statements` of the same file (a chapter's gaps and options) through the same
    /// pipeline as its body: links resolved and checked, URLs and raw HTML cleaned. Their
    /// links and problems join the body's; their HTML, inline (without the paragraph), goes
    /// to [`Output::statements`] in the same order.
    pub fn add_statements(
        &mut self,
        file: &SourceContext<'_>,
        statements: &[Statement],
        options: &MarkdownOptions,
        resolver: &dyn LinkResolver,
    ) {
        for statement in statements {
            let source = SourceContext {
                rel: file.rel,
                file_text: file.file_text,
                body: &statement.text,
                body_line: statement.line,
                body_column: statement.column,
            };
            let mut state = State::new(&source, options, resolver);
            let events: Vec<Event<'_>> = Parser::new_ext(&statement.text, parser_options(options))
                .into_offset_iter()
                .map(|(event, range)| state.inline_event(event, &range))
                .collect();
            let mut inline = String::new();
            html::push_html(&mut inline, events.into_iter());
            let trimmed = inline.trim();
            let inline = trimmed
                .strip_prefix("<p>")
                .and_then(|s| s.strip_suffix("</p>"))
                .unwrap_or(trimmed)
                .to_owned();
            self.statements
                .push(crate::html::seal(inline, state.raw_html_policy()));
            self.diagnostics.extend(state.diagnostics);
            self.links_to.extend(state.links_to);
            self.anchor_checks.extend(state.anchor_checks);
        }
    }
}

/// See [`Rendered::fingerprint`].
fn body_fingerprint(html: &str, toc: &[TocEntry], has_code: bool) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    (html, toc, has_code).hash(&mut hasher);
    hasher.finish()
}

fn find_end(
    events: &[(Event<'_>, Range<usize>)],
    start: usize,
    is_end: impl Fn(&Event<'_>) -> bool,
) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 && is_end(e) {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

struct State<'s, 'a> {
    source: &'s SourceContext<'a>,
    options: &'s MarkdownOptions,
    resolver: &'s dyn LinkResolver,
    /// Line starts of the body, to locate every link and heading in constant time.
    lines: LineIndex<'a>,
    diagnostics: Diagnostics,
    anchor_checks: Vec<AnchorCheck>,
    ids: BTreeSet<String>,
    /// The next number to try after each id that was taken, so that 20,000 headings of the
    /// same name number themselves in one pass.
    next_suffix: HashMap<String, usize>,
    toc: Vec<TocEntry>,
    has_code: bool,
    text: String,
    footnote_numbers: HashMap<String, usize>,
    /// How many times each footnote has been referenced, for unique back-link ids.
    footnote_refs: HashMap<String, usize>,
    /// Whether the body contains raw HTML, which then needs cleaning.
    raw_html: bool,
    /// For each link and image open now: false when its URL was refused, so that its end
    /// is dropped with it and only its text remains.
    open_links: Vec<bool>,
    /// Where the last `[` or `![` that pulldown-cmark left as text opened (body offset) and
    /// whether it was an image: a link it could not read, to explain (see `unread_link`).
    text_bracket: Option<(usize, bool)>,
    links_to: Vec<PathBuf>,
}

impl<'s, 'a> State<'s, 'a> {
    fn new(
        source: &'s SourceContext<'a>,
        options: &'s MarkdownOptions,
        resolver: &'s dyn LinkResolver,
    ) -> Self {
        State {
            source,
            options,
            resolver,
            lines: LineIndex::new(source.body),
            diagnostics: Diagnostics::default(),
            anchor_checks: Vec::new(),
            ids: BTreeSet::new(),
            next_suffix: HashMap::new(),
            toc: Vec::new(),
            has_code: false,
            text: String::new(),
            footnote_numbers: HashMap::new(),
            footnote_refs: HashMap::new(),
            raw_html: false,
            open_links: Vec::new(),
            text_bracket: None,
            links_to: Vec::new(),
        }
    }

    fn raw_html_policy(&self) -> RawHtml {
        match (self.raw_html, self.options.trust_raw_html) {
            (false, _) => RawHtml::None,
            (true, false) => RawHtml::Clean,
            (true, true) => RawHtml::Trusted,
        }
    }

    fn location(&self, range: &Range<usize>) -> Location {
        self.lines.locate(
            self.source.rel,
            range.start,
            range.len(),
            self.source.body_line,
            self.source.body_column,
        )
    }

    /// The file's line `line` (1-based), for a diagnostic.
    fn source_line(&self, line: usize) -> Option<String> {
        if self.source.body_column == 1 {
            let index = line.checked_sub(self.source.body_line)?;
            return self.lines.line_text(index).map(str::to_owned);
        }
        // A statement's text is parsed YAML, not the file's line: show the file's line.
        line_of(self.source.file_text, line)
    }

    fn push_diagnostic(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.source_line.is_none() {
            diagnostic.source_line = self.source_line(diagnostic.location.line);
        }
        self.diagnostics.push(diagnostic);
    }

    /// The start of a link or image with its destination resolved, or nothing when its URL
    /// is refused (its text stays; its end is dropped by `inline_event`).
    fn open_link(
        &mut self,
        dest: CowStr<'a>,
        range: &Range<usize>,
        what: &str,
        tag: impl FnOnce(CowStr<'a>) -> Tag<'a>,
    ) -> Event<'a> {
        let kept = self.resolve(dest, range, what);
        self.open_links.push(kept.is_some());
        match kept {
            Some(dest) => Event::Start(tag(dest)),
            None => Event::Text("".into()),
        }
    }

    /// Links and images get their destination resolved; text is collected for search.
    fn inline_event(&mut self, event: Event<'a>, range: &Range<usize>) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.open_link(dest_url, range, "link", |dest_url| Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.open_link(dest_url, range, "image", |dest_url| Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }),
            // The end of a link or image whose URL was refused goes with its start.
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if self.open_links.pop().unwrap_or(true) {
                    event
                } else {
                    Event::Text("".into())
                }
            }
            Event::Text(ref t) => {
                self.text.push_str(t);
                self.unread_link(range);
                event
            }
            Event::Code(ref t) => {
                self.text.push_str(t);
                event
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                self.raw_html = true;
                if !self.options.trust_raw_html {
                    self.warn_about_raw_html(html, range);
                }
                event
            }
            // Blocks and table cells end words: "product." and "Labels" in two cells are
            // two words for search, not "product.Labels".
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                event
            }
            Event::End(ref tag)
                if !matches!(
                    tag,
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::Superscript
                        | TagEnd::Subscript
                ) =>
            {
                self.text.push(' ');
                event
            }
            other => other,
        }
    }

    /// A link or image pulldown-cmark could not read and left as text, `![Map](my map.png)`,
    /// because its path holds a space: the page would show the Markdown itself. Seen as a
    /// text `]` right before `(`, after a text `[` or `![`.
    fn unread_link(&mut self, range: &Range<usize>) {
        let body = self.source.body;
        let Some(source) = body.get(range.clone()) else {
            return;
        };
        if source.ends_with('[') {
            let bracket = range.end - 1;
            let image = body[..bracket].ends_with('!');
            self.text_bracket = Some((if image { bracket - 1 } else { bracket }, image));
            return;
        }
        if source != "]" || !body[range.end..].starts_with('(') {
            return;
        }
        let Some((start, image)) = self.text_bracket.take() else {
            return;
        };
        let inside_at = range.end + 1;
        let line_end = body[inside_at..]
            .find('\n')
            .map_or(body.len(), |i| inside_at + i);
        let Some(close) = body[inside_at..line_end].find(')') else {
            return;
        };
        let inside = &body[inside_at..inside_at + close];
        // A title after the path (`"..."`) is not part of it.
        let path = inside.split(" \"").next().unwrap_or(inside).trim();
        let looks_like_file = path.rsplit_once('.').is_some_and(|(_, ext)| {
            (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !path.contains(' ') || path.starts_with('<') || !(image || looks_like_file) {
            return;
        }
        let written = &body[start..inside_at + close + 1];
        let fixed = written.replacen(path, &format!("<{path}>"), 1);
        let at = inside_at + inside.find(path).unwrap_or(0);
        let what = if image { "image" } else { "link" };
        let d = Diagnostic::error(
            self.location(&(at..at + path.len())),
            format!("this {what} is shown as text: its path `{path}` contains a space"),
        )
        .label("a space ends a Markdown path")
        .help(format!(
            "write the path in angle brackets, `{fixed}`, or rename the file without spaces (`{}`)",
            path.replace(' ', "-")
        ));
        self.push_diagnostic(d);
    }

    /// A `#` heading in a body: the page's title is already its level-1 heading.
    fn warn_level_one(&mut self, range: &Range<usize>, title: &str) {
        let source = &self.source.body[range.clone()];
        let atx = source.trim_start().starts_with('#');
        let width = if atx { 1 } else { source.trim_end().len() };
        let start = range.start + (source.len() - source.trim_start().len());
        let d = Diagnostic::warning(
            self.location(&(start..start + width)),
            "a level-1 heading in the text",
        )
        .label("the title is already the page's level-1 heading")
        .help(format!(
            "start sections with `##`: write it as `## {}`",
            title.trim()
        ));
        self.push_diagnostic(d);
    }

    fn warn_missing_alt(&mut self, range: &Range<usize>) {
        let d = Diagnostic::warning(self.location(range), "image without alt text")
            .label("screen readers cannot describe this image")
            .help("describe the image between the brackets: ![A map of cobalt mines](map.png)");
        self.push_diagnostic(d);
    }

    fn warn_about_raw_html(&mut self, html: &str, range: &Range<usize>) {
        let dangers = crate::sanitize::dangers(html);
        if dangers.is_empty() {
            return;
        }
        let d = Diagnostic::warning(
            self.location(range),
            format!("raw HTML removed: {}", dangers.join(", ")),
        )
        .help("pages may not run scripts; write the content in Markdown, or set `trust_raw_html = true` under [markdown] in site.toml if every author is trusted");
        self.push_diagnostic(d);
    }

    /// The URL a link or image keeps, or `None` when its scheme is refused (reported here).
    fn resolve(
        &mut self,
        dest: CowStr<'a>,
        range: &Range<usize>,
        what: &str,
    ) -> Option<CowStr<'a>> {
        // Point at the destination itself, not the whole link.
        let span = &self.source.body[range.clone()];
        let mut location = self.location(range);
        if let Some(at) = span.find(dest.as_ref()).filter(|_| !dest.is_empty()) {
            location = self.location(&(range.start + at..range.start + at + dest.len()));
        }
        if let Err(refused) = crate::html::check_url(&dest) {
            let d = Diagnostic::warning(
                location,
                format!("{what} removed: `{}:` URLs are not allowed", refused.0),
            )
            .label("only the text is kept")
            .help(format!(
                "link to web pages (https://...), e-mail addresses (mailto:...) or files of the site; allowed schemes: {}",
                crate::html::ALLOWED_SCHEMES.join(", ")
            ));
            self.push_diagnostic(d);
            return None;
        }
        match self.resolver.resolve(&dest, &location) {
            Ok(Resolution::Unchanged) => Some(dest),
            Ok(Resolution::Rewritten {
                url,
                target,
                anchor,
            }) => {
                self.links_to.extend(target);
                if let Some((target, anchor)) = anchor {
                    self.anchor_checks.push(AnchorCheck {
                        target,
                        anchor,
                        source_line: self.source_line(location.line),
                        location,
                    });
                }
                Some(url.into())
            }
            Err(diagnostic) => {
                self.push_diagnostic(diagnostic);
                Some(dest)
            }
        }
    }

    /// A unique id for a heading: `wanted`, or with `-1`, `-2`, ... after it. An id the
    /// theme uses (or one whose numbered forms it uses, like `hub-`) gets `section-` first.
    fn unique_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "section".to_owned()
        } else if is_reserved_id(wanted) || is_reserved_id(&format!("{wanted}-1")) {
            format!("section-{wanted}")
        } else {
            wanted.to_owned()
        };
        if self.ids.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{next}");
            *next += 1;
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// An id written by the author (`## Title {#id}`), if it keeps to the safe alphabet;
    /// otherwise a located error suggesting the cleaned id, which is used meanwhile.
    fn explicit_id(&mut self, id: &str, range: &Range<usize>) -> String {
        if crate::html::is_safe_id(id) {
            return id.to_owned();
        }
        let cleaned = crate::html::clean_id(id);
        let span = &self.source.body[range.clone()];
        let location = match span.find(id) {
            Some(at) => self.location(&(range.start + at..range.start + at + id.len())),
            None => self.location(range),
        };
        let d = Diagnostic::error(
            location,
            format!("heading id `{id}` may only use letters, digits, `-` and `_`"),
        )
        .label("not allowed in an id")
        .help(if cleaned.is_empty() {
            "remove the `{#...}` and let praxis make the id from the heading".to_owned()
        } else {
            format!("write `{{#{cleaned}}}`")
        });
        self.push_diagnostic(d);
        cleaned
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<&str>,
        range: &Range<usize>,
        inner: &[(Event<'a>, Range<usize>)],
    ) -> String {
        let title = heading_text(inner);
        let id = match explicit_id {
            Some(id) => {
                let id = self.explicit_id(id, range);
                self.unique_id(&id)
            }
            None => self.unique_id(&slugify(&title)),
        };
        let level_number = level as u8;
        if (2..=3).contains(&level_number) {
            self.toc.push(TocEntry {
                level: level_number,
                id: id.clone(),
                title: title.clone(),
            });
        }
        let events: Vec<Event<'a>> = inner
            .iter()
            .map(|(e, r)| self.inline_event(e.clone(), r))
            .collect();
        self.text.push(' ');
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, events.into_iter());
        format!(
            "<h{level_number} id=\"{id}\">{inner_html} <a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section: {}\">#</a></h{level_number}>\n",
            escape_html(&title)
        )
    }

    fn code_block(&mut self, lang: &str, code: &str) -> String {
        if self.options.highlight_code
            && !lang.is_empty()
            && let Some(html) = highlight(lang, code)
        {
            self.has_code = true;
            return format!(
                "<pre class=\"code\" data-lang=\"{}\" tabindex=\"0\"><code>{html}</code></pre>\n",
                escape_html(lang)
            );
        }
        format!(
            "<pre class=\"code\" tabindex=\"0\"><code>{}</code></pre>\n",
            escape_html(code)
        )
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self
            .footnote_numbers
            .entry(label.to_owned())
            .or_insert(next)
    }

    fn footnote_reference(&mut self, label: &str) -> String {
        let number = self.footnote_number(label);
        let slug = footnote_slug(label);
        let count = self.footnote_refs.entry(slug.clone()).or_insert(0);
        *count += 1;
        let ref_id = if *count == 1 {
            format!("fnref-{slug}")
        } else {
            format!("fnref-{slug}-{count}")
        };
        self.ids.insert(ref_id.clone());
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{ref_id}\" aria-describedby=\"footnotes-label\">{number}</a></sup>"
        )
    }

    /// Footnotes go to the end, in the order they are first referenced, each with a back-link
    /// that says where it leads.
    fn footnote_section(
        &mut self,
        body: &mut String,
        footnotes: Vec<(String, Vec<Event<'a>>)>,
        anchors: &mut BTreeSet<String>,
    ) {
        let mut numbered: Vec<(usize, String, Vec<Event<'a>>)> = footnotes
            .into_iter()
            .map(|(label, events)| (self.footnote_number(&label), label, events))
            .collect();
        numbered.sort_by_key(|(n, _, _)| *n);
        body.push_str("<section class=\"footnotes\" aria-labelledby=\"footnotes-label\">\n<h2 id=\"footnotes-label\" class=\"footnotes-title\">Notes</h2>\n<ol>\n");
        for (number, label, events) in numbered {
            let slug = footnote_slug(&label);
            anchors.insert(format!("fn-{slug}"));
            let mut note = String::new();
            html::push_html(&mut note, events.into_iter());
            let note = note.trim_end();
            let refs = self.footnote_refs.get(&slug).copied().unwrap_or(0);
            let mut back = String::new();
            for k in 1..=refs {
                let target = if k == 1 {
                    format!("fnref-{slug}")
                } else {
                    format!("fnref-{slug}-{k}")
                };
                back.push_str(&format!(
                    " <a href=\"#{target}\" class=\"footnote-back\" aria-label=\"Back to reference {number}{}\">↩</a>",
                    if refs > 1 { format!(", use {k}") } else { String::new() }
                ));
            }
            // Put the back-links inside the note's last paragraph when it ends with one.
            let note = match note.strip_suffix("</p>") {
                Some(inner) => format!("{inner}{back}</p>"),
                None => format!("{note}{back}"),
            };
            body.push_str(&format!(
                "<li id=\"fn-{slug}\" value=\"{number}\">{note}</li>\n"
            ));
        }
        body.push_str("</ol>\n</section>\n");
    }
}

/// The text of a heading's events, without markup.
fn heading_text(inner: &[(Event<'_>, Range<usize>)]) -> String {
    inner
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

fn line_of(text: &str, line: usize) -> Option<String> {
    text.lines().nth(line.checked_sub(1)?).map(str::to_owned)
}

fn footnote_slug(label: &str) -> String {
    let slug = slugify(label);
    if slug.is_empty() { "note".into() } else { slug }
}

/// Heading text to an id: lowercase letters and digits (any script), other runs become `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            pending_dash = true;
        }
    }
    slug
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The syntax definitions are only loaded when the first code block asks for them: most
/// pages of a policy site have none, and loading costs tens of milliseconds.
fn syntaxes() -> &'static syntect::parsing::SyntaxSet {
    static SET: OnceLock<syntect::parsing::SyntaxSet> = OnceLock::new();
    SET.get_or_init(syntect::parsing::SyntaxSet::load_defaults_newlines)
}

const CLASS_STYLE: syntect::html::ClassStyle =
    syntect::html::ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn highlight(lang: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator =
        syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in syntect::util::LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for highlighted code: the chosen theme, and a dark one for readers who ask
/// for dark mode. Each scheme sets its own code background, and every token colour is pushed
/// towards black or white until it has at least 4.5:1 contrast with it (WCAG AA): syntect's
/// themes keep comments and some keywords too faint for that.
pub fn code_stylesheet(light_theme: &str) -> Result<String, String> {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let mut light = themes.themes.get(light_theme).cloned().ok_or_else(|| {
        let mut names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
        names.sort_unstable();
        format!(
            "unknown highlight_theme `{light_theme}`; choose one of: {}",
            names.join(", ")
        )
    })?;
    let mut dark = themes.themes["base16-ocean.dark"].clone();
    let css = |theme: &mut syntect::highlighting::Theme| -> Result<String, String> {
        let (background, foreground) = readable_theme(theme);
        let tokens = syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE)
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "pre.code {{ background-color: {}; color: {}; }}\n{tokens}",
            hex(background),
            hex(foreground)
        ))
    };
    Ok(format!(
        "/* Generated by praxis from syntect themes, colours adjusted for contrast. */\n@media not all and (prefers-color-scheme: dark) {{\n{}\n}}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css(&mut light)?,
        css(&mut dark)?
    ))
}

fn hex(c: syntect::highlighting::Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// WCAG relative luminance.
fn luminance(c: syntect::highlighting::Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

pub fn contrast(a: syntect::highlighting::Color, b: syntect::highlighting::Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Make every colour of `theme` readable on its background; returns the background and the
/// default text colour.
fn readable_theme(
    theme: &mut syntect::highlighting::Theme,
) -> (syntect::highlighting::Color, syntect::highlighting::Color) {
    use syntect::highlighting::Color;
    let background = theme.settings.background.unwrap_or(Color::WHITE);
    let dark_background = luminance(background) < 0.2;
    let toward = if dark_background { 255u8 } else { 0u8 };
    let fix = |colour: Color| {
        let mut c = Color { a: 0xff, ..colour };
        while contrast(c, background) < 4.6 {
            let step = |v: u8| ((f64::from(v) * 0.85) + f64::from(toward) * 0.15).round() as u8;
            c = Color {
                r: step(c.r),
                g: step(c.g),
                b: step(c.b),
                a: 0xff,
            };
        }
        c
    };
    let foreground = fix(theme.settings.foreground.unwrap_or(if dark_background {
        Color::WHITE
    } else {
        Color::BLACK
    }));
    theme.settings.foreground = Some(foreground);
    for item in &mut theme.scopes {
        item.style.foreground = item.style.foreground.map(fix);
        // A token's own background would need its own contrast check; the block's is enough.
        item.style.background = None;
    }
    (
        Color {
            a: 0xff,
            ..background
        },
        foreground,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct KeepLinks;
    impl LinkResolver for KeepLinks {
        fn resolve(&self, dest: &str, location: &Location) -> Result<Resolution, Diagnostic> {
            if dest == "missing.md" {
                return Err(Diagnostic::error(location.clone(), "broken link"));
            }
            Ok(Resolution::Unchanged)
        }
    }

    fn render_str(body: &str) -> Output {
        let source = SourceContext {
            rel: std::path::Path::new("a.md"),
            file_text: body,
            body,
            body_line: 1,
            body_column: 1,
        };
        render(&source, &MarkdownOptions::default(), &KeepLinks)
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let out =
            render_str("## Gaps\n\n## Risk & remedy\n\n## Risk & remedy\n\n### Own {#mine}\n");
        let html = &out.rendered.html;
        assert!(html.contains("<h2 id=\"section-gaps\">"), "{html}");
        assert!(html.contains("<h2 id=\"risk-remedy\">"), "{html}");
        assert!(html.contains("<h2 id=\"risk-remedy-1\">"), "{html}");
        assert!(html.contains("<h3 id=\"mine\">"), "{html}");
        assert!(html.contains("href=\"#mine\""), "{html}");
        assert_eq!(out.rendered.toc.len(), 4);
    }

    #[test]
    fn footnotes_are_numbered_with_back_links() {
        let out = render_str("Text[^b] and[^a].\n\n[^a]: Second.\n[^b]: First.\n");
        let html = &out.rendered.html;
        assert!(html.contains("href=\"#fn-b\" id=\"fnref-b\""), "{html}");
        let first = html
            .find("<li id=\"fn-b\" value=\"1\">")
            .expect("first note");
        let second = html
            .find("<li id=\"fn-a\" value=\"2\">")
            .expect("second note");
        assert!(first < second);
        assert!(
            html.contains("aria-label=\"Back to reference 1\""),
            "{html}"
        );
        assert!(out.rendered.anchors.contains("fn-a"));
    }

    #[test]
    fn code_is_highlighted_with_classes_only() {
        let out = render_str("```rust\nfn main() {}\n```\n");
        assert!(out.rendered.has_code);
        assert!(
            out.rendered.html.contains("class=\"hl-"),
            "{}",
            out.rendered.html
        );
        assert!(!out.rendered.html.contains("style="));
        let plain = render_str("```\nplain\n```\n");
        assert!(!plain.rendered.has_code);
    }

    #[test]
    fn broken_links_point_at_the_destination() {
        let out = render_str("Intro\n\nSee [it](missing.md) here.\n");
        let d = &out.diagnostics.sorted()[0];
        assert_eq!((d.location.line, d.location.column), (3, 10));
        assert_eq!(d.location.width, "missing.md".len());
    }

    #[test]
    fn every_code_colour_meets_aa_contrast_in_both_schemes() {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        for name in ["InspiredGitHub", "base16-ocean.dark", "Solarized (light)"] {
            let mut theme = themes.themes[name].clone();
            let (background, foreground) = readable_theme(&mut theme);
            assert!(contrast(foreground, background) >= 4.5, "{name}");
            for item in &theme.scopes {
                if let Some(colour) = item.style.foreground {
                    assert!(contrast(colour, background) >= 4.5, "{name}: {colour:?}");
                }
            }
        }
        let css = code_stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains("@media not all and (prefers-color-scheme: dark)"));
        assert!(!css.contains("#969896"), "the faint comment colour is gone");
    }

    #[test]
    fn tables_task_lists_and_strikethrough() {
        let out = render_str("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~\n");
        let html = &out.rendered.html;
        assert!(html.contains("<table>") && html.contains("<th>a</th>"));
        assert!(html.contains("type=\"checkbox\""));
        assert!(html.contains("<del>old</del>"));
    }
}
