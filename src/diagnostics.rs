//! Errors and warnings that point at a file, a line and a column.
//!
//! Every stage of the pipeline reports problems by pushing a [`Diagnostic`] into a
//! [`Diagnostics`] collection instead of returning early, so that one build tells a hub leader
//! about every mistake at once. This module only describes and prints problems; it never
//! decides whether a build may go on (the pipeline does, by asking [`Diagnostics::has_errors`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where a problem is: a file relative to the site root, and optionally a position in it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// How many characters to underline (at least one when a line is known).
    pub width: usize,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize, width: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
            width: width.max(1),
        }
    }

    /// The location of a byte offset inside `text`, which starts at `first_line` of the file.
    pub fn of_offset(
        file: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        width_bytes: usize,
        first_line: usize,
    ) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = first_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(text, (offset + width_bytes).min(text.len()));
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let width = text[offset..end.min(line_end)].chars().count();
        Location::at(file, line, column, width)
    }
}

/// Where each line of a text starts, so that a file with tens of thousands of links or
/// headings locates each one by a binary search instead of counting lines from the top
/// (which made one large chapter cost the square of its size).
#[derive(Clone, Debug)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The 0-based line holding byte `offset`, and that line's first byte.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        (line, self.starts[line])
    }

    /// The text of 0-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line)?;
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }

    /// Like [`Location::of_offset`], for a text that starts at `first_line` and
    /// `first_column` of the file.
    pub fn locate(
        &self,
        file: impl Into<PathBuf>,
        offset: usize,
        width_bytes: usize,
        first_line: usize,
        first_column: usize,
    ) -> Location {
        let text = self.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, line_start) = self.line_of(offset);
        let mut column = text[line_start..offset].chars().count() + 1;
        if line == 0 {
            column += first_column.saturating_sub(1);
        }
        let end = floor_char_boundary(text, (offset + width_bytes).min(text.len()));
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let width = text[offset..end.min(line_end)].chars().count();
        Location::at(file, first_line + line, column, width)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// The offending source line, shown with a marker under the spot.
    pub source_line: Option<String>,
    /// A short note printed next to the marker, such as "did you mean `x`?".
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location,
            source_line: None,
            label: None,
            help: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach the source line the location points at, taken from the whole file's text.
    pub fn with_source(mut self, file_text: &str) -> Self {
        if self.location.line > 0 {
            self.source_line = file_text
                .lines()
                .nth(self.location.line - 1)
                .map(str::to_owned);
        }
        self
    }

    /// Render in the style of rustc, optionally with ANSI colours.
    pub fn render_human(&self, colour: bool) -> String {
        let paint = |code: &str, text: &str| {
            if colour {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_owned()
            }
        };
        let level_colour = match self.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{}",
            paint(level_colour, self.severity.as_str()),
            paint("1", &format!(": {}", self.message))
        );
        let loc = &self.location;
        let file = display_path(&loc.file);
        let gutter_width = loc.line.to_string().len().max(1);
        let pad = " ".repeat(gutter_width);
        if loc.line > 0 {
            let _ = writeln!(
                out,
                "{pad}{} {file}:{}:{}",
                paint("1;34", "-->"),
                loc.line,
                loc.column
            );
        } else if !file.is_empty() {
            let _ = writeln!(out, "{pad}{} {file}", paint("1;34", "-->"));
        }
        if let (Some(source), true) = (&self.source_line, loc.line > 0) {
            let bar = paint("1;34", "|");
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {}",
                paint("1;34", &loc.line.to_string()),
                visible_tabs(source)
            );
            let marker = format!(
                "{}{}",
                " ".repeat(loc.column.saturating_sub(1)),
                "^".repeat(loc.width.max(1))
            );
            let label = self
                .label
                .as_deref()
                .map(|l| format!(" {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{pad} {bar} {}",
                paint(level_colour, &format!("{marker}{label}"))
            );
        } else if let Some(label) = &self.label {
            let _ = writeln!(out, "{pad} = note: {label}");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = {}: {help}", paint("1", "help"));
        }
        out
    }
}

impl Diagnostic {
    /// A GitHub Actions workflow command, so the message appears on the changed line of a
    /// pull request.
    pub fn render_github(&self) -> String {
        let loc = &self.location;
        let mut properties = vec![format!(
            "file={}",
            escape_property(&display_path(&loc.file))
        )];
        if loc.line > 0 {
            properties.push(format!("line={}", loc.line));
            properties.push(format!("col={}", loc.column));
            properties.push(format!("endColumn={}", loc.column + loc.width.max(1)));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("praxis: {}", self.message))
        ));
        let mut body = self.message.clone();
        if let Some(label) = &self.label {
            body.push_str(&format!(" ({label})"));
        }
        if let Some(help) = &self.help {
            body.push_str(&format!("\nhelp: {help}"));
        }
        format!(
            "::{} {}::{}",
            self.severity.as_str(),
            properties.join(","),
            escape_data(&body)
        )
    }
}

/// A source line with each tab shown as `→`: a tab is a mistake in front matter, and a
/// terminal would show it as spaces. One character for one keeps the marker's column right
/// (columns count characters).
pub fn visible_tabs(line: &str) -> String {
    line.replace('\t', "→")
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human { colour: bool },
    Github,
    Json,
}

/// Paths are printed with forward slashes whatever the platform, as hub leaders see them on
/// their git host.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every problem found by one build.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Turn every warning into an error (`--deny-warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorted by file, line and column, errors before warnings at the same spot, without
    /// duplicates (two stages may find the same broken link).
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        items.dedup();
        items
    }

    /// Every diagnostic in `format`, followed by the count and what the errors stopped (for
    /// humans and GitHub) or as one JSON document.
    pub fn render(&self, format: Format, stopped: Stopped) -> String {
        let sorted = self.sorted();
        let (errors, warnings) = (self.error_count(), self.warning_count());
        match format {
            Format::Json => {
                let document = serde_json::json!({
                    "errors": errors,
                    "warnings": warnings,
                    "diagnostics": sorted,
                });
                format!("{document:#}\n")
            }
            Format::Github => sorted
                .iter()
                .map(|d| format!("{}\n", d.render_github()))
                .chain(summary(errors, warnings, stopped).map(|s| format!("{s}\n")))
                .collect(),
            Format::Human { colour } => sorted
                .iter()
                .map(|d| format!("{}\n", d.render_human(colour)))
                .chain(summary(errors, warnings, stopped).map(|s| format!("{s}\n")))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// What a command did not do because of its errors, said after their count: "nothing was
/// written" is true of `build` but reads as a failed save, or as nonsense, after a command
/// that never writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// `build`: the output folder was left as it was.
    Build,
    /// `check`, which writes nothing anyway: the site would not build.
    Check,
    /// `urls-check` when the site itself has errors: no address was compared.
    UrlsNotCompared,
    /// `urls-check`: published addresses would disappear.
    UrlsLost,
}

impl Stopped {
    fn words(self) -> &'static str {
        match self {
            Stopped::Build => "nothing was written",
            Stopped::Check => "the site will not build until every error is fixed",
            Stopped::UrlsNotCompared => {
                "no address was compared: fix the errors first, then run urls-check again"
            }
            Stopped::UrlsLost => {
                "add the `aliases:` each help line gives, so that the old addresses keep working"
            }
        }
    }
}

fn summary(errors: usize, warnings: usize, stopped: Stopped) -> Option<String> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(plural(w, "warning")),
        (e, 0) => Some(format!("{}; {}", plural(e, "error"), stopped.words())),
        (e, w) => Some(format!(
            "{}, {}; {}",
            plural(e, "error"),
            plural(w, "warning"),
            stopped.words()
        )),
    }
}

/// Did the user mean one of `candidates`? The closest by edit distance, if close enough to be a
/// plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_phase() {
        let phases = ["planning", "risk-assessment", "award"];
        assert_eq!(nearest("risk-asessment", phases), Some("risk-assessment"));
        assert_eq!(nearest("zzzzzzzz", phases), None);
    }

    #[test]
    fn locates_an_offset_by_line_and_column() {
        let text = "title: x\nphase: risk\n";
        let loc = Location::of_offset("a.md", text, 16, 4, 1);
        assert_eq!((loc.line, loc.column, loc.width), (2, 8, 4));
    }

    #[test]
    fn github_annotations_escape_their_properties() {
        let d = Diagnostic::error(Location::at("hubs/a,b.md", 3, 8, 4), "unknown phase `x`")
            .help("one: two\nthree");
        assert_eq!(
            d.render_github(),
            "::error file=hubs/a%2Cb.md,line=3,col=8,endColumn=12,title=praxis%3A unknown phase `x`::unknown phase `x`%0Ahelp: one: two%0Athree"
        );
    }

    #[test]
    fn tabs_are_visible_and_the_marker_stays_under_them() {
        let text = "gaps:\n  - a\n\t- b\n";
        let d = Diagnostic::error(Location::at("x.md", 3, 1, 1), "a tab").with_source(text);
        let out = d.render_human(false);
        assert!(out.contains("3 | →- b\n  | ^"), "{out}");
    }

    #[test]
    fn renders_like_rustc() {
        let text = "---\ntitle: x\nphase: risk-asessment\n---\n";
        let d = Diagnostic::error(
            Location::at("hubs/a/r/03-risk.md", 3, 8, 14),
            "unknown phase `risk-asessment`",
        )
        .label("did you mean `risk-assessment`?")
        .help("phases are defined in site.toml")
        .with_source(text);
        let out = d.render_human(false);
        assert!(out.contains("--> hubs/a/r/03-risk.md:3:8"), "{out}");
        assert!(out.contains("3 | phase: risk-asessment"), "{out}");
        assert!(
            out.contains("  |        ^^^^^^^^^^^^^^ did you mean"),
            "{out}"
        );
    }
}
