//! Plain-language checks of front matter, line by line, before the YAML parser sees it.
//!
//! The parser stops at its first error and names it in its own terms ("while parsing a block
//! collection, did not find expected '-' indicator"), often a line after the mistake. Hub
//! leaders make a handful of mistakes over and over: a tab or a stray space in the
//! indentation, a colon inside text, a bracket or a quote left open, text after a closing
//! quote, a missing space after `field:`, a field written twice. This module finds each of
//! them on the line where it was made (an unclosed bracket where it was opened), names it, and
//! works out the corrected line where it can. [`repair`] then gives the text with every line
//! corrected, so that the parser can still read the rest of the front matter and its fields
//! can be checked in the same run.
//!
//! It knows only the shape praxis's front matter has (top-level fields whose values are text,
//! flow lists `[a, b]` or block lists) and reports only what it is sure of: anything else is
//! left to the parser, whose messages [`parser_message`] puts into plain words.

use std::collections::{BTreeMap, HashMap};

/// One mistake, located on a 1-based line and column (in characters) of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub width: usize,
    pub message: String,
    pub label: Option<String>,
    pub help: String,
    pub fix: Option<Fix>,
}

impl Finding {
    fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    fn removed(mut self) -> Self {
        self.fix = Some(Fix::Remove);
        self
    }

    fn maybe_fixed(self, text: Option<String>) -> Self {
        match text {
            Some(text) => self.fixed(text, Shift::NONE),
            None => self,
        }
    }

    /// The corrected line, whose columns from `shift.from` on moved by `shift.by`.
    fn fixed(mut self, text: impl Into<String>, shift: Shift) -> Self {
        self.fix = Some(Fix::Line {
            text: text.into(),
            shift,
        });
        self
    }
}

/// How to correct the line of a [`Finding`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// The corrected line. Columns from `shift.from` on (in the corrected line) were
    /// `shift.by` further right in the original.
    Line { text: String, shift: Shift },
    /// Blank the line (the second of a field written twice), keeping the line count.
    Remove,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shift {
    pub from: usize,
    pub by: isize,
}

impl Shift {
    const NONE: Shift = Shift { from: 0, by: 0 };
}

/// Where each corrected line's columns were in the original, by file line.
pub type Shifts = BTreeMap<usize, Shift>;

/// The column in the original file of column `column` of corrected line `line`.
pub fn original_column(shifts: &Shifts, line: usize, column: usize) -> usize {
    match shifts.get(&line) {
        Some(shift) if shift.from > 0 && column >= shift.from => {
            column.saturating_add_signed(shift.by).max(1)
        }
        _ => column,
    }
}

/// The front matter with every finding's line corrected, or `None` when one of them has no
/// correction (then only the findings can be reported).
pub fn repair(yaml: &str, first_line: usize, findings: &[Finding]) -> Option<(String, Shifts)> {
    let mut fixes: HashMap<usize, &Fix> = HashMap::new();
    for finding in findings {
        fixes.insert(finding.line, finding.fix.as_ref()?);
    }
    let mut shifts = Shifts::new();
    let mut out = String::with_capacity(yaml.len() + 16);
    for (index, line) in yaml.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let number = first_line + index;
        match fixes.get(&number) {
            Some(Fix::Line { text, shift }) => {
                out.push_str(text);
                shifts.insert(number, *shift);
            }
            Some(Fix::Remove) => {}
            None => out.push_str(line),
        }
    }
    Some((out, shifts))
}

/// Every mistake of the front matter `yaml`, which starts on line `first_line` of its file.
pub fn check(yaml: &str, first_line: usize) -> Vec<Finding> {
    let lines: Vec<&str> = yaml
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut walker = Walker {
        lines: &lines,
        first_line,
        findings: Vec::new(),
        seen: HashMap::new(),
        block: Block::Top,
    };
    let mut index = 0;
    while index < lines.len() {
        index = walker.line(index);
    }
    walker.findings
}

/// What the lines below a field may be.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Block {
    /// Nothing open: the next line should be a field.
    Top,
    /// After `field: text`: indented lines continue the text.
    Text,
    /// After `field:` alone: the indented lines below are its list (items indented by
    /// `items`, once the first is seen) or its fields.
    Nested { items: Option<usize> },
    /// After `field: |` or `field: >`: indented lines are the text, as written.
    Literal,
}

struct Walker<'l, 't> {
    lines: &'l [&'t str],
    first_line: usize,
    findings: Vec<Finding>,
    /// Each top-level field, with the file line where it first appears.
    seen: HashMap<String, usize>,
    block: Block,
}

/// A line cut into its indentation and the rest.
struct Cut<'t> {
    text: &'t str,
    indent: &'t str,
    rest: &'t str,
}

impl<'t> Cut<'t> {
    fn of(text: &'t str) -> Self {
        let rest = text.trim_start_matches([' ', '\t']);
        Cut {
            text,
            indent: &text[..text.len() - rest.len()],
            rest,
        }
    }

    /// The indentation in characters (a tab counts one, as columns do).
    fn width(&self) -> usize {
        self.indent.chars().count()
    }

    /// The 1-based column of the first tab in the indentation.
    fn tab_column(&self) -> Option<usize> {
        self.indent.find('\t').map(|at| at + 1)
    }

    fn is_item(&self) -> bool {
        self.rest == "-" || self.rest.starts_with("- ") || self.rest.starts_with("-\t")
    }

    /// The line with `spaces` spaces of indentation instead of its own.
    fn indented(&self, spaces: usize) -> String {
        format!("{}{}", " ".repeat(spaces), self.rest)
    }
}

/// `field:` at the start of `rest`: the key and the byte after the colon.
fn field_key(rest: &str) -> Option<(&str, usize)> {
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let key = &rest[..end];
    if key.is_empty() || key.starts_with('-') {
        return None;
    }
    let after = rest[end..].trim_start_matches(' ');
    after
        .starts_with(':')
        .then(|| (key, rest.len() - after.len() + 1))
}

/// Is `rest` a field whose value follows after a space (or nothing)?
fn is_field(rest: &str) -> bool {
    field_key(rest).is_some_and(|(_, after)| {
        rest[after..].is_empty() || rest[after..].starts_with([' ', '\t'])
    })
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn write_it_as(fixed: &str) -> String {
    format!("write it as: `{fixed}`")
}

/// `text` as a YAML quoted value that reads back as `text`: in double quotes, or in single
/// quotes when it holds a double quote or a backslash (which single quotes keep as they are).
pub fn quoted(text: &str) -> String {
    if text.contains(['"', '\\']) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        format!("\"{text}\"")
    }
}

impl<'t> Walker<'_, 't> {
    fn number(&self, index: usize) -> usize {
        self.first_line + index
    }

    /// An error on line `index` of the front matter, to be completed and pushed.
    fn error(
        &self,
        index: usize,
        column: usize,
        width: usize,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            line: self.number(index),
            column,
            width: width.max(1),
            message: message.into(),
            label: None,
            help: String::new(),
            fix: None,
        }
    }

    /// Check line `index`; returns the index of the next line to check.
    fn line(&mut self, index: usize) -> usize {
        let cut = Cut::of(self.lines[index]);
        if cut.rest.is_empty() || cut.rest.starts_with('#') {
            return index + 1;
        }
        let indented = !cut.indent.is_empty();
        match &self.block {
            Block::Literal if indented => return self.tab_kept_in_place(index, &cut),
            Block::Nested { items } if indented || cut.is_item() => {
                let items = *items;
                return self.nested(index, &cut, items);
            }
            Block::Text if indented && !is_field(cut.rest) => {
                return self.tab_kept_in_place(index, &cut);
            }
            _ => {}
        }
        if is_field(cut.rest) {
            if indented {
                self.indented_field(index, &cut);
                self.block = Block::Top;
                return index + 1;
            }
            return self.field(index, &cut);
        }
        if let Some((key, after)) = field_key(cut.rest)
            && !indented
        {
            return self.missing_space(index, &cut, key, after);
        }
        if cut
            .rest
            .starts_with(['"', '\'', '?', '{', '[', '&', '*', '!', '%'])
        {
            // Quoted keys and YAML's rarer forms, which praxis's fields never need: the
            // parser judges them.
            self.block = Block::Top;
            return index + 1;
        }
        self.not_a_field(index, &cut);
        self.block = Block::Top;
        index + 1
    }

    /// A tab in the indentation of a line whose indentation is otherwise free (text that
    /// continues): replaced by a space, which keeps every column where it was.
    fn tab_kept_in_place(&mut self, index: usize, cut: &Cut<'t>) -> usize {
        if let Some(column) = cut.tab_column() {
            let fixed = format!("{}{}", cut.indent.replace('\t', " "), cut.rest);
            self.tab(index, column, &fixed, Shift::NONE);
        }
        index + 1
    }

    fn tab(&mut self, index: usize, column: usize, fixed: &str, shift: Shift) {
        let finding = self
            .error(index, column, 1, "a tab is used for indentation")
            .label("a tab, shown as →")
            .help(format!("indent with spaces; {}", write_it_as(fixed)))
            .fixed(fixed.to_owned(), shift);
        self.findings.push(finding);
    }

    /// A line below `field:` alone: an item of its list, a line of its fields, or text that
    /// continues an item.
    fn nested(&mut self, index: usize, cut: &Cut<'t>, items: Option<usize>) -> usize {
        if !cut.is_item() {
            if items.is_some_and(|at| cut.width() > at) || items.is_none() {
                // Text continuing an item, or the fields of a set of fields: the parser judges.
                return self.tab_kept_in_place(index, cut);
            }
            if is_field(cut.rest) {
                self.indented_field(index, cut);
                self.block = Block::Top;
                return index + 1;
            }
            return self.tab_kept_in_place(index, cut);
        }
        let expected = match items {
            Some(at) => at,
            // The first item sets the indentation of the list; a tab there becomes two spaces.
            None if cut.tab_column().is_some() => 2,
            None => cut.width(),
        };
        self.block = Block::Nested {
            items: Some(expected),
        };
        let fixed = cut.indented(expected);
        let shift = Shift {
            from: expected + 1,
            by: cut.width() as isize - expected as isize,
        };
        if let Some(column) = cut.tab_column() {
            self.tab(index, column, &fixed, shift);
            return index + 1;
        }
        if cut.width() != expected {
            let message = "the indentation of a list item does not match the items above";
            let finding = self
                .error(index, 1, cut.width().max(1), message)
                .label(format!(
                    "indented by {}, the items above by {}",
                    plural(cut.width(), "space"),
                    plural(expected, "space")
                ))
                .help(format!(
                    "indent every item of a list by the same number of spaces; {}",
                    write_it_as(&fixed)
                ))
                .fixed(fixed, shift);
            self.findings.push(finding);
            return index + 1;
        }
        let dash = cut.indent.len();
        let value_at = dash + 1 + (cut.rest.len() - 1 - cut.rest[1..].trim_start().len());
        if cut.rest.len() > 1 {
            return self.value(index, value_at, None);
        }
        index + 1
    }

    /// A field indented although nothing above holds fields.
    fn indented_field(&mut self, index: usize, cut: &Cut<'t>) {
        let key = field_key(cut.rest).map_or("", |(key, _)| key);
        let fixed = cut.indented(0);
        let shift = Shift {
            from: 1,
            by: cut.width() as isize,
        };
        if let Some(column) = cut.tab_column() {
            self.tab(index, column, &fixed, shift);
            return;
        }
        let finding = self
            .error(
                index,
                1,
                cut.width(),
                format!(
                    "the field `{key}` starts with {}",
                    plural(cut.width(), "space")
                ),
            )
            .label("fields start at the beginning of the line")
            .help(write_it_as(&fixed))
            .fixed(fixed, shift);
        self.findings.push(finding);
    }

    /// `field:value`: YAML reads the whole line as text.
    fn missing_space(&mut self, index: usize, cut: &Cut<'t>, key: &str, after: usize) -> usize {
        let fixed = format!("{}: {}", key, &cut.rest[after..]);
        let column = cut.text[..after].chars().count();
        let finding = self
            .error(
                index,
                column,
                1,
                format!("a space is missing after `{key}:`"),
            )
            .label("YAML needs a space after the colon")
            .help(write_it_as(&fixed))
            .fixed(
                fixed,
                Shift {
                    from: column + 2,
                    by: -1,
                },
            );
        self.findings.push(finding);
        self.block = Block::Text;
        index + 1
    }

    fn not_a_field(&mut self, index: usize, cut: &Cut<'t>) {
        let finding = self
            .error(index, cut.width() + 1, cut.rest.chars().count(), "this line is not a field")
            .label("expected `field: value`")
            .help("write one field per line as `field: value`, such as `title: \"Risk assessment\"`; to continue the text of the field above, indent the line");
        self.findings.push(finding);
    }

    /// A top-level `field: value` line.
    fn field(&mut self, index: usize, cut: &Cut<'t>) -> usize {
        let Some((key, after)) = field_key(cut.rest) else {
            return index + 1;
        };
        if let Some(&first) = self.seen.get(key) {
            let finding = self
                .error(
                    index,
                    1,
                    key.chars().count(),
                    format!("the field `{key}` is written twice"),
                )
                .label(format!("first written on line {first}"))
                .help("keep one of the two lines and delete the other")
                .removed();
            self.findings.push(finding);
        } else {
            self.seen.insert(key.to_owned(), self.number(index));
        }
        let value = cut.rest[after..].trim_start();
        let value_at = cut.text.len() - value.len();
        self.value(index, value_at, Some(key))
    }

    /// The value starting at byte `at` of line `index`, of field `key` (or of a list item).
    fn value(&mut self, index: usize, at: usize, key: Option<&str>) -> usize {
        let line = self.lines[index];
        let value = &line[at..];
        let column = line[..at].chars().count() + 1;
        let first = value.chars().next();
        if key.is_some() {
            self.block = Block::Text;
        }
        match first {
            None | Some('#') if key.is_some() => {
                self.block = Block::Nested { items: None };
                index + 1
            }
            Some('|' | '>') if key.is_some() => {
                self.block = Block::Literal;
                index + 1
            }
            None => index + 1,
            Some('"' | '\'' | '[' | '{') => self.enclosed(index, at, column),
            Some(c @ ('*' | '&' | '!' | '@' | '`' | '%')) => {
                let reason = match c {
                    '*' => "YAML reads `*` at the start as a reference to something else",
                    '&' => "YAML reads `&` at the start as a name for this value",
                    '!' => "YAML reads `!` at the start as a type",
                    _ => "YAML keeps this character for itself",
                };
                let fixed = format!("{}{}", &line[..at], quoted(value.trim_end()));
                let finding = self
                    .error(
                        index,
                        column,
                        1,
                        format!("text that starts with `{c}` must be in quotes"),
                    )
                    .label(reason)
                    .help(write_it_as(&fixed))
                    .fixed(fixed, Shift::NONE);
                self.findings.push(finding);
                index + 1
            }
            Some(_) => {
                self.plain(index, at, column);
                index + 1
            }
        }
    }

    /// Unquoted text: a colon followed by a space inside it starts another field in YAML's
    /// eyes.
    fn plain(&mut self, index: usize, at: usize, column: usize) {
        let line = self.lines[index];
        let value = &line[at..];
        let text_end = value.find(" #").unwrap_or(value.len());
        let text = value[..text_end].trim_end();
        let colon = text
            .find(": ")
            .or_else(|| text.ends_with(':').then(|| text.len() - 1));
        let Some(colon) = colon else {
            return;
        };
        let fixed = format!("{}{}{}", &line[..at], quoted(text), &value[text.len()..]);
        let finding = self
            .error(
                index,
                column + text[..colon].chars().count(),
                1,
                "a colon in unquoted text",
            )
            .label(format!(
                "YAML reads `{}:` as the start of another field",
                text[..colon].rsplit(' ').next().unwrap_or("")
            ))
            .help(format!(
                "put text that contains `: ` in quotes; {}",
                write_it_as(fixed.trim_end())
            ))
            .fixed(fixed, Shift::NONE);
        self.findings.push(finding);
    }

    /// A quoted value or a `[...]`/`{...}` list starting at byte `at` of line `index`.
    fn enclosed(&mut self, index: usize, at: usize, column: usize) -> usize {
        let line = self.lines[index];
        let opener = line[at..].chars().next().unwrap_or('"');
        match scan(self.lines, index, at) {
            Scan::Closed { line: end, byte } => {
                let rest = &self.lines[end][byte..];
                let trailing = rest.trim();
                if !trailing.is_empty() && !trailing.starts_with('#') {
                    self.trailing(index, end, at, byte, opener);
                }
                end + 1
            }
            Scan::Open { closers } => {
                let fixed = format!("{}{}", line.trim_end(), closers);
                let (message, label) = match opener {
                    '[' => ("a `[` that is never closed", "this list is opened here"),
                    '{' => ("a `{` that is never closed", "opened here"),
                    _ => ("a quote that is never closed", "the text opens here"),
                };
                let finding = self
                    .error(index, column, 1, message)
                    .label(label)
                    .help(format!(
                        "close it on the same line with `{closers}`; {}",
                        write_it_as(&fixed)
                    ))
                    .fixed(fixed, Shift::NONE);
                self.findings.push(finding);
                index + 1
            }
        }
    }

    /// Something after the closing quote or bracket of a value that started at byte `at` of
    /// line `index` and closed before byte `byte` of line `end`.
    fn trailing(&mut self, index: usize, end: usize, at: usize, byte: usize, opener: char) {
        let line = self.lines[end];
        let rest = &line[byte..];
        let extra_at = byte + (rest.len() - rest.trim_start().len());
        let extra = line[extra_at..].trim_end();
        let column = line[..extra_at].chars().count() + 1;
        let is_quote = matches!(opener, '"' | '\'');
        let same_line = index == end;
        let (message, label, fix) = if is_quote && extra.chars().all(|c| c == opener) {
            let fixed = line[..byte].to_owned();
            (
                "a stray quote".to_owned(),
                "one quote too many".to_owned(),
                Some(("quotes go around the whole value", fixed)),
            )
        } else if is_quote && same_line {
            // The author quoted a word and went on: keep the quotes as part of the text.
            let whole = line[at..].trim_end();
            let value = quoted(whole);
            // Single quotes look like a typo to someone who has only seen double ones: say why.
            let why = if value.starts_with('\'') {
                "quotes go around the whole value; to keep the double quotes inside it, put single quotes around it"
            } else {
                "quotes go around the whole value"
            };
            let fixed = format!("{}{value}", &line[..at]);
            (
                "text after the closing quote".to_owned(),
                "the value ended at the quote before".to_owned(),
                Some((why, fixed)),
            )
        } else {
            let what = if is_quote { "quote" } else { "bracket" };
            (
                format!("text after the closing {what}"),
                "the value ended before this".to_owned(),
                None,
            )
        };
        let help = match &fix {
            Some((why, fixed)) => format!("{why}; {}", write_it_as(fixed)),
            None => "put the whole value inside the brackets or quotes".to_owned(),
        };
        let finding = self
            .error(end, column, extra.chars().count(), message)
            .label(label)
            .help(help)
            .maybe_fixed(fix.map(|(_, fixed)| fixed));
        self.findings.push(finding);
    }
}

/// Where a quoted text or a flow list opened on a line closes.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// Closed on line `line`, before byte `byte`.
    Closed { line: usize, byte: usize },
    /// Never closed before a new field or the end; `closers` close what the opening line left
    /// open, innermost first.
    Open { closers: String },
}

/// Follow the quote or bracket at byte `at` of line `start` to its end. A line that starts a
/// new field (`phase: ...` at the beginning of the line) ends the search: YAML would read
/// it into the open value, which is never what the author meant.
fn scan(lines: &[&str], start: usize, at: usize) -> Scan {
    let mut open: Vec<char> = Vec::new();
    let mut quote: Option<char> = None;
    let mut closers_after_first_line = String::new();
    for (index, line) in lines.iter().enumerate().skip(start) {
        if index > start && !line.starts_with([' ', '\t']) && is_field(line) {
            break;
        }
        let from = if index == start { at } else { 0 };
        let mut previous = if index == start { ' ' } else { '\n' };
        let mut chars = line[from..].char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some('\'') if c == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                    chars.next();
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' if matches!(previous, ' ' | '\n' | '[' | '{' | ',' | ':') => {
                        quote = Some(c);
                    }
                    '[' | '{' => open.push(c),
                    ']' | '}' => {
                        open.pop();
                    }
                    '#' if matches!(previous, ' ' | '\t') => break,
                    _ => {}
                },
            }
            previous = c;
            if quote.is_none() && open.is_empty() {
                return Scan::Closed {
                    line: index,
                    byte: from + offset + c.len_utf8(),
                };
            }
        }
        if index == start {
            closers_after_first_line = quote.into_iter().collect();
            closers_after_first_line.extend(open.iter().rev().map(|c| match c {
                '[' => ']',
                _ => '}',
            }));
        }
    }
    Scan::Open {
        closers: closers_after_first_line,
    }
}

/// The parser's own message for an error the checks above did not foresee, in plain words
/// with a help that fits it.
pub fn parser_message(raw: &str) -> (String, String) {
    let general = "front matter is YAML: one `field: value` per line, each field at the beginning of its line, list items indented by the same number of spaces; put text that contains `: ` in quotes";
    // The most specific words first: the parser's message for a duplicate key ends in
    // "if acceptable", which holds "tab".
    let table: &[(&str, &str, &str)] = &[
        (
            "duplicate mapping key",
            "a field is written twice",
            "keep one of the two lines and delete the other",
        ),
        (
            " tab",
            "a tab is used for indentation",
            "indent with spaces, not tabs",
        ),
        (
            "did not find expected '-'",
            "the indentation of this line does not match the list above",
            "indent every item of a list by the same number of spaces, and start each field at the beginning of its line",
        ),
        (
            "did not find expected key",
            "the indentation of this line does not match the lines above",
            "start each field at the beginning of its line, and indent list items by the same number of spaces",
        ),
        (
            "mapping values are not allowed",
            "a colon where YAML does not expect a field",
            "put text that contains `: ` in quotes, and start each field at the beginning of its line",
        ),
        (
            "unclosed quote",
            "a quote that is never closed",
            "end the text with the same quote it starts with, on the same line",
        ),
        (
            "end of stream",
            "the front matter ends inside an open value",
            "close every `[`, `{` and quote on the line where it opens",
        ),
        (
            "block sequence entries are not allowed",
            "a list item on the same line as its field",
            "start each item on its own line below the field, as `  - \"text\"`, or write the list in brackets: `field: [\"first\", \"second\"]`",
        ),
        (
            "cannot start any token",
            "text that starts with a character YAML keeps for itself",
            "put the text in double quotes",
        ),
        (
            "expected ':'",
            "this line is not a field",
            "write one field per line as `field: value`; to continue the text of the field above, indent the line",
        ),
    ];
    for (needle, message, help) in table {
        if raw.contains(needle) {
            return ((*message).to_owned(), (*help).to_owned());
        }
    }
    (
        format!("the front matter is not valid YAML ({raw})"),
        general.to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(yaml: &str) -> Finding {
        let findings = check(yaml, 2);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        findings.into_iter().next().expect("one")
    }

    fn fixed(finding: &Finding) -> &str {
        match &finding.fix {
            Some(Fix::Line { text, .. }) => text,
            other => panic!("no fixed line: {other:?}"),
        }
    }

    #[test]
    fn valid_front_matter_has_no_findings() {
        let yaml = "\"quoted\": key\ntitle: \"Risk: a view\"\nphase: remedy\nissues: [a, b]\nsummary: >\n  folded: yes\n  more\ngaps:\n  - \"x\"\n  - y\n    continued\noptions:\n- z\nauthors: [\"A\",\n  'B']\nupdated: 2026-01-01 # a comment\nwebsite: https://x.org/a:b\ntitle2: It's \"fine\"\n";
        assert_eq!(check(yaml, 2), Vec::new());
    }

    #[test]
    fn a_tab_before_a_list_item_takes_the_items_indentation() {
        let f = one("gaps:\n  - a\n\t- b\n");
        assert_eq!(
            (f.line, f.column, f.message.as_str()),
            (4, 1, "a tab is used for indentation")
        );
        assert_eq!(fixed(&f), "  - b");
    }

    #[test]
    fn an_item_indented_differently() {
        let f = one("gaps:\n  - a\n - b\n");
        assert_eq!((f.line, f.column, f.width), (4, 1, 1));
        assert_eq!(
            f.label.as_deref(),
            Some("indented by 1 space, the items above by 2 spaces")
        );
        assert_eq!(fixed(&f), "  - b");
        let deeper = one("gaps:\n  - a\n    - b\n");
        assert_eq!(fixed(&deeper), "  - b");
    }

    #[test]
    fn an_unquoted_colon_is_quoted() {
        let f = one("summary: Risks: forced labour\n");
        assert_eq!((f.line, f.column), (2, 15));
        assert_eq!(fixed(&f), "summary: \"Risks: forced labour\"");
        let item = one("gaps:\n  - Audits: rare\n");
        assert_eq!(fixed(&item), "  - \"Audits: rare\"");
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let f = one("issues: [a, b\nsummary: x\n");
        assert_eq!((f.line, f.column), (2, 9));
        assert_eq!(fixed(&f), "issues: [a, b]");
        let quote = one("title: \"Risk\nphase: remedy\n");
        assert_eq!((quote.line, quote.column), (2, 8));
        assert_eq!(fixed(&quote), "title: \"Risk\"");
    }

    #[test]
    fn text_after_a_closing_quote() {
        let f = one("title: \"Risk\" assessment\n");
        assert_eq!((f.line, f.column, f.width), (2, 15, 10));
        assert_eq!(fixed(&f), "title: '\"Risk\" assessment'");
        let stray = one("title: \"Risk\"\"\n");
        assert_eq!(stray.message, "a stray quote");
        assert_eq!(fixed(&stray), "title: \"Risk\"");
    }

    #[test]
    fn two_mistakes_two_findings_and_a_repair_that_parses() {
        let yaml = "title: \"Risk\"\nsummary: Risks: forced labour\ngaps:\n  - a\n\t- b\nphase:remedy\ntitle: again\n";
        let findings = check(yaml, 2);
        let lines: Vec<usize> = findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [3, 6, 7, 8], "{findings:#?}");
        let (repaired, shifts) = repair(yaml, 2, &findings).expect("every line has a fix");
        assert_eq!(
            repaired,
            "title: \"Risk\"\nsummary: \"Risks: forced labour\"\ngaps:\n  - a\n  - b\nphase: remedy\n\n"
        );
        // `remedy` is at column 8 of the corrected line, column 7 of the original.
        assert_eq!(original_column(&shifts, 7, 8), 7);
        assert_eq!(original_column(&shifts, 6, 3), 2);
    }

    #[test]
    fn indented_fields_and_lines_that_are_not_fields() {
        let f = one(" title: \"Risk\"\n");
        assert_eq!(f.message, "the field `title` starts with 1 space");
        assert_eq!(fixed(&f), "title: \"Risk\"");
        let g = one("title: Risk\n  phase: remedy\n");
        assert_eq!(fixed(&g), "phase: remedy");
        let h = one("title Risk\n");
        assert_eq!(h.message, "this line is not a field");
        assert!(h.fix.is_none());
    }

    /// Untrusted input: every mix of awkward lines is checked and repaired without a panic,
    /// and a repair keeps the number of lines, so positions stay the file's.
    #[test]
    fn any_mix_of_awkward_lines_is_checked_without_panic() {
        let fragments = [
            "title: \"Risk\"",
            "\t- é: \"a",
            " - 'it''s",
            "gaps:",
            "  - [a, {b: \"c\"",
            "phase:rémédy",
            "summary: Risks: forced labour #x",
            "  continued \\\"",
            "title: \"Risk\" ünïcode\"",
            "- ",
            "-",
            "\u{1F600}: *x",
            "key: |",
            "  > ]} \"'",
            "\r",
            "a:",
            "",
        ];
        for a in fragments {
            for b in fragments {
                for c in fragments {
                    let yaml = format!("{a}\n{b}\n{c}\n");
                    let findings = check(&yaml, 2);
                    if let Some((repaired, _)) = repair(&yaml, 2, &findings) {
                        assert_eq!(
                            repaired.split('\n').count(),
                            yaml.split('\n').count(),
                            "{yaml:?}"
                        );
                    }
                }
            }
        }
    }
}
