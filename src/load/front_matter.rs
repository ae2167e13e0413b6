//! Split a Markdown file into its YAML front matter and its body, and read the front matter's
//! fields while keeping the line and column of every key and value.
//!
//! The YAML is parsed by serde-saphyr into a loose tree of [`Value`]s carrying spans, not
//! straight into a struct: hub leaders' mistakes (a typo in a key, a list where a string
//! belongs) are then reported by [`Fields`] with the exact spot and a suggestion, all at once,
//! instead of serde's first-error-wins. Before the parser, [`syntax`] checks the YAML line by
//! line for the common mistakes and names them in plain words.

mod syntax;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, nearest};
use crate::values::{Date, Status};
use syntax::{Shifts, original_column};

/// A source file read as UTF-8, with its path relative to the site root.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub rel: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// A diagnostic at a 1-based line and column of this file, showing the line.
    pub fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let width = token_width(&self.text, line, column);
        Diagnostic::error(Location::at(&self.rel, line, column, width), message)
            .with_source(&self.text)
    }

    pub fn warning_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let mut d = self.error_at(line, column, message);
        d.severity = crate::diagnostics::Severity::Warning;
        d
    }
}

/// How many characters the YAML token starting at `line:column` spans, for the `^^^` marker.
fn token_width(text: &str, line: usize, column: usize) -> usize {
    let Some(source_line) = text.lines().nth(line.saturating_sub(1)) else {
        return 1;
    };
    let rest: String = source_line.chars().skip(column.saturating_sub(1)).collect();
    let width = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |end| end + 2),
        Some(_) => {
            // A plain scalar or a key ends at a flow delimiter, a comment or `: `.
            let end = [rest.find([',', ']', '}', '#']), rest.find(": ")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(rest.len());
            rest[..end].trim_end().trim_end_matches(':').chars().count()
        }
        None => 1,
    };
    width.max(1)
}

/// A YAML value with the spans of everything inside it.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Spanned<Value>>),
    Map(Vec<(Spanned<String>, Spanned<Value>)>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) => "a number",
            Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::List(_) => "a list",
            Value::Map(_) => "a set of fields",
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<Spanned<String>, Spanned<Value>>()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

/// The parts of a Markdown source file.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// Separate front matter from body. A file that opens with `---` but never closes it is an
/// error, reported at the opening line.
pub fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok(Split {
                yaml: Some(yaml),
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(file
        .error_at(1, 1, "the front matter is never closed")
        .label("opened here")
        .help("add a line with only `---` after the last field, before the text begins"))
}

/// One top-level field of the front matter.
#[derive(Debug)]
struct Field {
    key: String,
    key_line: usize,
    key_column: usize,
    value: Spanned<Value>,
}

/// Typed, checked access to front-matter fields. Every problem becomes a diagnostic; the
/// accessors return `None` for a missing or invalid field so that loading can go on and find
/// the next mistake.
#[derive(Debug)]
pub struct Fields<'a> {
    file: &'a SourceFile,
    fields: Vec<Field>,
    /// The file line on which the YAML starts (the line after `---`).
    first_line: usize,
    /// Lines the syntax check corrected, whose columns moved.
    shifts: Shifts,
    used: BTreeSet<String>,
    diagnostics: Diagnostics,
    /// Where a nested set of fields starts (an item of `sources:`), for a field missing from
    /// it; `None` at the top of a file.
    origin: Option<(usize, usize)>,
}

impl<'a> Fields<'a> {
    /// Parse `yaml`, which starts on line `first_line` of `file`. Syntax mistakes are
    /// reported in plain words, all of them; when each has a corrected line, the corrected
    /// YAML is read on so that the fields' own mistakes are found in the same run (the
    /// returned fields then already hold the syntax errors).
    pub fn parse(file: &'a SourceFile, yaml: &str, first_line: usize) -> Result<Self, Diagnostics> {
        Self::parse_checked(file, yaml, first_line, syntax::check(yaml, first_line))
    }

    /// A whole YAML file of nested fields (the survey's questionnaire and answers), read by
    /// the parser alone: the line-by-line checks know only front matter's flat shape, and
    /// would take `- id: law` in a list of sections for a colon in text. The parser's
    /// messages are still put in plain words.
    pub fn parse_document(file: &'a SourceFile) -> Result<Self, Diagnostics> {
        Self::parse_checked(file, &file.text, 1, Vec::new())
    }

    fn parse_checked(
        file: &'a SourceFile,
        yaml: &str,
        first_line: usize,
        findings: Vec<syntax::Finding>,
    ) -> Result<Self, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        for finding in &findings {
            diagnostics.push(finding_diagnostic(file, finding));
        }
        let (text, shifts) = if findings.is_empty() {
            (std::borrow::Cow::Borrowed(yaml), Shifts::new())
        } else {
            match syntax::repair(yaml, first_line, &findings) {
                Some((text, shifts)) => (std::borrow::Cow::Owned(text), shifts),
                None => return Err(diagnostics),
            }
        };
        let value = match parse_yaml(&text) {
            Ok(value) => value,
            Err(err) => {
                // A corrected text that still fails: the findings already name the lines to
                // fix first, and the parser's view of the corrected text would confuse.
                if findings.is_empty() {
                    diagnostics.push(yaml_error(file, &err, first_line));
                }
                return Err(diagnostics);
            }
        };
        let entries = match value.value {
            Value::Map(entries) => entries,
            Value::Null => Vec::new(),
            other => {
                diagnostics.push(
                    file.error_at(first_line, 1, "the front matter is not a list of fields")
                        .label(format!("found {}", other.kind()))
                        .help(
                            "write one `field: value` per line, such as `title: \"Risk assessment\"`",
                        ),
                );
                return Err(diagnostics);
            }
        };
        let mut fields = Fields {
            file,
            fields: Vec::new(),
            first_line,
            shifts,
            used: BTreeSet::new(),
            diagnostics,
            origin: None,
        };
        fields.fields = entries
            .into_iter()
            .map(|(key, value)| Field {
                key_line: fields.line(&key.referenced),
                key_column: fields.column(&key.referenced),
                key: key.value,
                value,
            })
            .collect();
        Ok(fields)
    }

    /// The file line of a value's location.
    fn line(&self, loc: &serde_saphyr::Location) -> usize {
        loc.line() as usize + self.first_line - 1
    }

    /// The file column of a value's location (which moved if the syntax check corrected its
    /// line).
    fn column(&self, loc: &serde_saphyr::Location) -> usize {
        original_column(&self.shifts, self.line(loc), loc.column() as usize)
    }

    fn value_error(&mut self, value: &Spanned<Value>, message: String) -> Diagnostic {
        let line = self.line(&value.referenced);
        self.file
            .error_at(line, self.column(&value.referenced), message)
    }

    fn get(&mut self, key: &str) -> Option<Spanned<Value>> {
        self.used.insert(key.to_owned());
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.clone())
    }

    /// The 1-based line and column of a field's value, for checks made later (an unknown phase).
    pub fn position(&self, key: &str) -> Option<(usize, usize)> {
        let field = self.fields.iter().find(|f| f.key == key)?;
        Some((
            self.line(&field.value.referenced),
            self.column(&field.value.referenced),
        ))
    }

    /// Where the front matter starts, for a missing required field.
    fn missing(&mut self, key: &str, example: &str) {
        let ((line, column), label) = match self.origin {
            Some(origin) => (origin, "in these fields"),
            None => (
                (self.first_line.saturating_sub(1).max(1), 1),
                "in this front matter",
            ),
        };
        let d = self
            .file
            .error_at(line, column, format!("missing required field `{key}`"))
            .label(label)
            .help(format!("add a line such as `{key}: {example}`"));
        self.diagnostics.push(d);
    }

    pub fn string(&mut self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        match &value.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Null => None,
            other => {
                let kind = other.kind();
                let d = self
                    .value_error(&value, format!("`{key}` should be text, not {kind}"))
                    .help(format!("write `{key}: \"...\"` on one line"));
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// A web address readers follow (`website:`): `http` or `https` only, since anything
    /// else (`javascript:`, `data:`, a file path) has no place in a link to an organisation.
    pub fn web_url(&mut self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        let text = self.string(key)?;
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        let is_web = ["http://", "https://"]
            .iter()
            .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
            && crate::html::check_url(trimmed).is_ok()
            && !trimmed.contains(|c: char| c.is_whitespace() || c.is_control());
        if is_web {
            return Some(trimmed.to_owned());
        }
        let d = self
            .value_error(
                &value,
                format!("`{key}` must be a web address starting with https://"),
            )
            .label("not an http or https address")
            .help(format!(
                "write the full address, for example `{key}: https://www.example.org/`"
            ));
        self.diagnostics.push(d);
        None
    }

    pub fn required_string(&mut self, key: &str, example: &str) -> Option<String> {
        let present = self.fields.iter().any(|f| f.key == key);
        let value = self.string(key);
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) && present {
            if !self
                .diagnostics
                .iter()
                .any(|d| d.message.contains(&format!("`{key}`")))
            {
                let (line, column) = self.position(key).unwrap_or((self.first_line, 1));
                let d = self
                    .file
                    .error_at(line, column, format!("`{key}` is empty"))
                    .help(format!("write `{key}: {example}`"));
                self.diagnostics.push(d);
            }
            return None;
        }
        if !present {
            self.missing(key, example);
        }
        value
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value.value {
            Value::Bool(b) => Some(b),
            ref other => {
                let kind = other.kind();
                let d = self
                    .value_error(
                        &value,
                        format!("`{key}` should be true or false, not {kind}"),
                    )
                    .help(format!("write `{key}: true` or `{key}: false`"));
                self.diagnostics.push(d);
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let value = self.get(key)?;
        match value.value {
            Value::Int(i) => Some(i),
            ref other => {
                let kind = other.kind();
                let d = self
                    .value_error(
                        &value,
                        format!("`{key}` should be a whole number, not {kind}"),
                    )
                    .help(format!("write `{key}: 3`"));
                self.diagnostics.push(d);
                None
            }
        }
    }

    pub fn date(&mut self, key: &str) -> Option<Date> {
        let value = self.get(key)?;
        let text = match &value.value {
            Value::Str(s) => s.clone(),
            Value::Null => return None,
            other => other.kind().to_owned(),
        };
        match Date::parse(&text) {
            Some(date) => Some(date),
            None => {
                let d = self
                    .value_error(&value, format!("`{key}` is not a valid date: `{text}`"))
                    .label("expected a date such as 2026-11-20")
                    .help("write dates as year-month-day with a real day of the month");
                self.diagnostics.push(d);
                None
            }
        }
    }

    pub fn status(&mut self, key: &str) -> Option<Status> {
        let value = self.get(key)?;
        let text = match &value.value {
            Value::Str(s) => s.clone(),
            other => other.kind().to_owned(),
        };
        match Status::parse(&text) {
            Some(status) => Some(status),
            None => {
                let mut d = self.value_error(&value, format!("unknown status `{text}`"));
                // `Published` or `DRAFT`: the case, which edit distance counts letter by letter.
                let lower = text.trim().to_lowercase();
                let mut help = "the status is one of: draft, review, published".to_owned();
                if let Some(status) = Status::parse(&lower) {
                    d = d.label(format!("did you mean `{}`?", status.as_str()));
                    help = format!("write it in lowercase: `{key}: {}`", status.as_str());
                } else if let Some(better) = nearest(&lower, Status::NAMES) {
                    d = d.label(format!("did you mean `{better}`?"));
                }
                self.diagnostics.push(d.help(help));
                None
            }
        }
    }

    /// A list of strings, each with its line and column. A single string is taken as a list
    /// of one, which is what a hub leader who writes `issues: forced-labour` means.
    pub fn string_list(&mut self, key: &str) -> Option<Vec<(String, usize, usize)>> {
        let value = self.get(key)?;
        let items = match &value.value {
            Value::List(items) => items.clone(),
            Value::Str(_) => vec![value.clone()],
            Value::Null => Vec::new(),
            other => {
                let kind = other.kind();
                let d = self
                    .value_error(&value, format!("`{key}` should be a list, not {kind}"))
                    .help(format!("write `{key}: [first, second]`"));
                self.diagnostics.push(d);
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Str(s) => out.push((
                    s.clone(),
                    self.line(&item.referenced),
                    self.column(&item.referenced),
                )),
                other => {
                    let kind = other.kind();
                    let d = self
                        .value_error(
                            &item,
                            format!("each item of `{key}` should be text, not {kind}"),
                        )
                        .help("put quotes around an item that contains a colon: \"like: this\"");
                    self.diagnostics.push(d);
                }
            }
        }
        Some(out)
    }

    /// A scalar as the file writes it, with its line and column: `yes` stays `yes` where
    /// YAML would read a boolean, `1.10` stays `1.10` where it would read a number. For closed
    /// lists of answers, whose values are words, not YAML's types.
    pub fn written(&mut self, key: &str) -> Option<(String, usize, usize)> {
        let value = self.get(key)?;
        if let Value::Null = value.value {
            return None;
        }
        match self.scalar_as_written(&value) {
            Some(found) => Some(found),
            None => {
                let kind = value.value.kind();
                let d = self
                    .value_error(
                        &value,
                        format!("`{key}` should be one word or text, not {kind}"),
                    )
                    .help(format!("write `{key}: \"...\"` on one line"));
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// [`Fields::written`] when the value is a scalar; `None`, and no error, when it is not.
    pub fn written_if_scalar(&mut self, key: &str) -> Option<(String, usize, usize)> {
        let value = self.get(key)?;
        self.scalar_as_written(&value)
    }

    /// A list of scalars as the file writes them ([`Fields::written`]), each with its line
    /// and column; a single scalar is a list of one.
    pub fn written_list(&mut self, key: &str) -> Option<Vec<(String, usize, usize)>> {
        let value = self.get(key)?;
        let items = match &value.value {
            Value::List(items) => items.clone(),
            Value::Null => Vec::new(),
            _ => vec![value.clone()],
        };
        let mut out = Vec::new();
        for item in &items {
            match self.scalar_as_written(item) {
                Some(found) => out.push(found),
                None => {
                    let kind = item.value.kind();
                    let d = self
                        .value_error(
                            item,
                            format!("each item of `{key}` should be a word or text, not {kind}"),
                        )
                        .help(format!("write `{key}: [first, second]`"));
                    self.diagnostics.push(d);
                }
            }
        }
        Some(out)
    }

    /// The text of a scalar value as written in the file, with its line and column.
    fn scalar_as_written(&self, value: &Spanned<Value>) -> Option<(String, usize, usize)> {
        let (line, column) = (self.line(&value.referenced), self.column(&value.referenced));
        let text = match &value.value {
            Value::Str(s) => s.clone(),
            Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
                let source_line = self.file.text.lines().nth(line.saturating_sub(1))?;
                let width = token_width(&self.file.text, line, column);
                source_line
                    .chars()
                    .skip(column.saturating_sub(1))
                    .take(width)
                    .collect()
            }
            _ => return None,
        };
        Some((text, line, column))
    }

    /// The items of a list of field sets (`sources:`, each with a `title` and a `url`), each
    /// read like the top of the file. An item that is not a set of fields is an error.
    pub fn list_of_fields(&mut self, key: &str, example: &str) -> Option<Vec<Fields<'a>>> {
        let value = self.get(key)?;
        let items = match value.value {
            Value::List(items) => items,
            Value::Null => Vec::new(),
            ref other => {
                let kind = other.kind();
                let d = self
                    .value_error(&value, format!("`{key}` should be a list, not {kind}"))
                    .help(format!("write each item on its own line starting with `- `, such as:\n{key}:\n  - {example}"));
                self.diagnostics.push(d);
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            match item.value {
                Value::Map(entries) => {
                    let origin = (self.line(&item.referenced), self.column(&item.referenced));
                    out.push(self.nested(entries, origin));
                }
                ref other => {
                    let kind = other.kind();
                    let d = self
                        .value_error(
                            &item,
                            format!("each item of `{key}` should be a set of fields, not {kind}"),
                        )
                        .help(format!("write the item as fields, such as `- {example}`"));
                    self.diagnostics.push(d);
                }
            }
        }
        Some(out)
    }

    /// The entries of a set of field sets named by id (`answers:`, one per question), each
    /// with its key's line and column, in the order written (a key written twice comes twice).
    pub fn keyed_fields(&mut self, key: &str) -> Option<Vec<(String, usize, usize, Fields<'a>)>> {
        let value = self.get(key)?;
        let entries = match value.value {
            Value::Map(entries) => entries,
            Value::Null => Vec::new(),
            ref other => {
                let kind = other.kind();
                let d = self
                    .value_error(
                        &value,
                        format!("`{key}` should be a set of fields, not {kind}"),
                    )
                    .help(format!(
                        "write one entry per line under `{key}:`, each indented by two spaces"
                    ));
                self.diagnostics.push(d);
                return None;
            }
        };
        let mut out = Vec::new();
        for (name, entry) in entries {
            let (line, column) = (self.line(&name.referenced), self.column(&name.referenced));
            match entry.value {
                Value::Map(fields) => {
                    let nested = self.nested(fields, (line, column));
                    out.push((name.value, line, column, nested));
                }
                ref other => {
                    let kind = other.kind();
                    let d = self
                        .value_error(
                            &entry,
                            format!(
                                "`{}` under `{key}` should be a set of fields, not {kind}",
                                name.value
                            ),
                        )
                        .help(
                            "write its fields on the lines below it, indented by two more spaces",
                        );
                    self.diagnostics.push(d);
                }
            }
        }
        Some(out)
    }

    /// Fields of a nested set, read with the same file, lines and corrections as these.
    fn nested(
        &self,
        entries: Vec<(Spanned<String>, Spanned<Value>)>,
        origin: (usize, usize),
    ) -> Fields<'a> {
        let mut nested = Fields {
            file: self.file,
            fields: Vec::new(),
            first_line: self.first_line,
            shifts: self.shifts.clone(),
            used: BTreeSet::new(),
            diagnostics: Diagnostics::default(),
            origin: Some(origin),
        };
        nested.fields = entries
            .into_iter()
            .map(|(key, value)| Field {
                key_line: nested.line(&key.referenced),
                key_column: nested.column(&key.referenced),
                key: key.value,
                value,
            })
            .collect();
        nested
    }

    /// Report every field nobody asked for, suggesting the nearest known one.
    pub fn finish(mut self, known: &[&str]) -> Diagnostics {
        for field in &self.fields {
            if self.used.contains(&field.key) {
                continue;
            }
            let mut d = self.file.error_at(
                field.key_line,
                field.key_column,
                format!("unknown field `{}`", field.key),
            );
            if let Some(better) = nearest(&field.key, known.iter().copied()) {
                d = d.label(format!("did you mean `{better}`?"));
            }
            d = d.help(format!("the fields allowed here are: {}", known.join(", ")));
            self.diagnostics.push(d);
        }
        self.diagnostics
    }

    /// Take a field without reading it, so that [`Fields::finish`] does not call it unknown
    /// (a field refused for a reason of its own, reported by the caller).
    pub fn set_aside(&mut self, key: &str) {
        self.used.insert(key.to_owned());
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.fields.iter().any(|f| f.key == key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.key.as_str())
    }

    pub fn file_path(&self) -> &Path {
        &self.file.rel
    }
}

fn parse_yaml(yaml: &str) -> Result<Spanned<Value>, serde_saphyr::Error> {
    if yaml.trim().is_empty() {
        return Ok(Spanned::new(
            Value::Map(Vec::new()),
            serde_saphyr::Location::UNKNOWN,
            serde_saphyr::Location::UNKNOWN,
        ));
    }
    serde_saphyr::from_str(yaml)
}

fn finding_diagnostic(file: &SourceFile, finding: &syntax::Finding) -> Diagnostic {
    let location = Location::at(&file.rel, finding.line, finding.column, finding.width);
    let mut d = Diagnostic::error(location, finding.message.clone())
        .help(finding.help.clone())
        .with_source(&file.text);
    d.label = finding.label.clone();
    d
}

/// An error of the parser that the syntax check did not foresee: its words made plain, at
/// the file's line (the parser counts from the front matter's first line).
fn yaml_error(file: &SourceFile, err: &serde_saphyr::Error, first_line: usize) -> Diagnostic {
    let raw = match err.without_snippet() {
        serde_saphyr::Error::ExternalMessage { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    let raw = without_position(raw.lines().next().unwrap_or("invalid YAML"));
    let (message, help) = syntax::parser_message(raw);
    let (line, column) = err.location().map_or((first_line, 1), |loc| {
        (
            loc.line() as usize + first_line - 1,
            (loc.column() as usize).max(1),
        )
    });
    file.error_at(line, column, message).help(help)
}

/// A parser message without the "error: line 3 column 5:" it starts with, or the " at line 3
/// column 5" it ends with: the diagnostic gives the file's own position once.
fn without_position(message: &str) -> &str {
    let mut message = message.trim().trim_start_matches("error:").trim();
    if message.starts_with("line ")
        && let Some((_, rest)) = message.split_once(": ")
    {
        message = rest;
    }
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .trim_end_matches(':')
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            rel: PathBuf::from("hubs/a/r/01-x.md"),
            text: text.to_owned(),
        }
    }

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        let f = file("---\ntitle: A\n---\n\nBody\n");
        let split = split(&f).unwrap();
        assert_eq!(split.yaml, Some("title: A\n"));
        assert_eq!(split.body, "\nBody\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_line_one() {
        let f = file("---\ntitle: A\n\nBody\n");
        let err = split(&f).unwrap_err();
        assert_eq!(err.location.line, 1);
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn values_keep_their_line_and_column() {
        let f = file("---\ntitle: A\nissues: [forced-labour, child-labor]\n---\n");
        let split = split(&f).unwrap();
        let mut fields = Fields::parse(&f, split.yaml.unwrap(), 2).unwrap();
        let list = fields.string_list("issues").unwrap();
        assert_eq!(list[1], ("child-labor".to_owned(), 3, 25));
        assert_eq!(fields.position("title"), Some((2, 8)));
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        let f = file("---\ntitle: A\nsumary: B\n---\n");
        let split = split(&f).unwrap();
        let mut fields = Fields::parse(&f, split.yaml.unwrap(), 2).unwrap();
        fields.string("title");
        let d = fields.finish(&["title", "summary"]).sorted();
        assert_eq!(d[0].location.line, 3);
        assert_eq!(d[0].location.column, 1);
        assert_eq!(d[0].location.width, 6);
        assert_eq!(d[0].label.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn yaml_syntax_errors_point_into_the_file() {
        let f = file("---\ntitle: A\nsummary: [unclosed\n---\n");
        let split = split(&f).unwrap();
        // The corrected line (`summary: [unclosed]`) is read on: the error is in the fields.
        let mut fields = Fields::parse(&f, split.yaml.unwrap(), 2).expect("repaired");
        fields.string("title");
        fields.string_list("summary");
        let err = fields.finish(&["title", "summary"]).sorted();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(
            (err[0].location.line, err[0].location.column),
            (3, 10),
            "{err:?}"
        );
        assert_eq!(err[0].message, "a `[` that is never closed");
    }
}
