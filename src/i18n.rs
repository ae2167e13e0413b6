//! Interface strings: the labels a theme shows around the content ("Skip to content", "Gaps
//! in protection", month names...), one TOML file per language, merged key by key from the
//! built-in theme's `i18n/<code>.toml`, a site's own theme's and the site's `i18n/` folder.
//!
//! A page asks for a key in its tree's language ([`Strings`]); a key that language lacks falls
//! back to the site's default language, then to English, and [`Catalog::missing`] warns about
//! every key a language of the site lacks. Dates and counts are formatted here too, from the
//! same files (month names, plural forms, the thousands separator), so a new language is one
//! file. What this module does not do: decide which files exist (`theme` hands them in) or
//! know what a page shows. Author content (titles, chapters) is never interface text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::values::Date;

/// A theme's and a site's folder of interface strings, one `<code>.toml` per language.
pub const I18N_DIR: &str = "i18n";

/// The language every key exists in: the built-in theme's reference, and the last fallback.
pub const ENGLISH: &str = "en";

/// One language's strings, flattened: `hubs.title = "Hubs"`.
type Table = BTreeMap<String, String>;

/// One strings file, before parsing: which language, where it is, its text.
pub struct Layer {
    pub code: String,
    /// The path diagnostics name (relative to the site, or inside the built-in theme).
    pub file: PathBuf,
    pub text: String,
}

/// Every language's strings, every layer merged (later layers override single keys).
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    tables: BTreeMap<String, Table>,
    /// The file of each language read last (the most specific): where warnings point.
    files: BTreeMap<String, PathBuf>,
    /// A hash of every layer's text, in order: what a template's fingerprint folds in.
    hash: u64,
}

impl Catalog {
    /// Parse `layers` in order, each overriding the keys of the ones before for its language.
    /// A file that is not TOML, or holds something other than text, is a located error.
    pub fn parse(layers: impl IntoIterator<Item = Layer>, problems: &mut Diagnostics) -> Catalog {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        let mut catalog = Catalog::default();
        for layer in layers {
            layer.code.hash(&mut hasher);
            layer.text.hash(&mut hasher);
            let table = match parse_table(&layer) {
                Ok(table) => table,
                Err(diagnostic) => {
                    problems.push(diagnostic);
                    continue;
                }
            };
            catalog
                .tables
                .entry(layer.code.clone())
                .or_default()
                .extend(table);
            catalog.files.insert(layer.code, layer.file);
        }
        catalog.hash = hasher.finish();
        catalog
    }

    /// The strings of a tree in `language`, falling back to `default`, then English.
    pub fn strings<'a>(&'a self, language: &'a str, default: &'a str) -> Strings<'a> {
        let mut chain: Vec<(&'a str, &'a Table)> = Vec::with_capacity(3);
        for code in [language, default, ENGLISH] {
            if chain.iter().all(|(c, _)| *c != code)
                && let Some(table) = self.tables.get(code)
            {
                chain.push((code, table));
            }
        }
        Strings { chain }
    }

    /// The strings of the tree `config` renders.
    pub fn for_config<'a>(&'a self, config: &'a Config) -> Strings<'a> {
        self.strings(&config.language, &config.default_language)
    }

    /// A hash of every strings file: a change to any of them changes it.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The keys English has, which every language should have: the reference.
    pub fn reference_keys(&self) -> impl Iterator<Item = &str> {
        self.tables
            .get(ENGLISH)
            .into_iter()
            .flat_map(|t| t.keys().map(String::as_str))
    }

    /// One warning per language of the site that lacks keys English has, listing them,
    /// located at the language's strings file (site.toml when it has none). A site in
    /// English only, or in languages whose files are complete, has none.
    pub fn missing(&self, config: &Config) -> Diagnostics {
        let mut warnings = Diagnostics::default();
        for language in &config.languages {
            let code = language.code.as_str();
            if code == ENGLISH {
                continue;
            }
            let own = self.tables.get(code);
            let missing: Vec<&str> = self
                .reference_keys()
                .filter(|key| own.is_none_or(|t| !t.contains_key(*key)))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let fallback = if code != config.default_language
                && config.default_language != ENGLISH
                && self.tables.contains_key(&config.default_language)
            {
                let title = config
                    .language_of(&config.default_language)
                    .map_or(config.default_language.as_str(), |l| l.title.as_str());
                format!("{title}, else in English")
            } else {
                "English".to_owned()
            };
            let (location, file) = match self.files.get(code) {
                Some(file) => (Location::file(file), site_file(file, code)),
                None => (
                    Location::file(crate::config::CONFIG_FILE),
                    Path::new(I18N_DIR).join(format!("{code}.toml")),
                ),
            };
            let count = missing.len();
            let what = if own.is_none() {
                format!(
                    "there are no interface strings in {} (`{code}`): pages in it show all {count} of them in {fallback}",
                    language.title
                )
            } else {
                format!(
                    "{count} interface string{} missing in {} (`{code}`): pages in it show {} in {fallback}",
                    if count == 1 { " is" } else { "s are" },
                    language.title,
                    if count == 1 { "it" } else { "them" },
                )
            };
            warnings.push(Diagnostic::warning(location, what).help(format!(
                "translate them in {} (the English text is the built-in theme's i18n/en.toml): {}",
                file.display(),
                missing.join(", ")
            )));
        }
        warnings
    }
}

/// Where a site puts the keys a language lacks: its own `i18n/<code>.toml`, whichever file
/// the language's strings came from.
fn site_file(file: &Path, code: &str) -> PathBuf {
    if file.starts_with(I18N_DIR) {
        file.to_path_buf()
    } else {
        Path::new(I18N_DIR).join(format!("{code}.toml"))
    }
}

/// A strings file as a flat table: nested tables (`[hubs]`, `hubs.title`) joined with dots;
/// text and whole numbers accepted (`number.group_min_digits = 5`).
fn parse_table(layer: &Layer) -> Result<Table, Diagnostic> {
    let value: toml::Table = toml::from_str(&layer.text).map_err(|err| {
        let location = match err.span() {
            Some(span) => {
                Location::of_offset(&layer.file, &layer.text, span.start, span.len().max(1), 1)
            }
            None => Location::file(&layer.file),
        };
        Diagnostic::error(
            location,
            format!("interface strings are not valid TOML: {}", err.message()),
        )
        .with_source(&layer.text)
        .help("write one `key = \"text\"` per line, e.g. skip_to_content = \"Skip to content\"")
    })?;
    let mut table = Table::new();
    flatten("", &value, &mut table).map_err(|key| {
        Diagnostic::error(
            Location::file(&layer.file),
            format!("interface string `{key}` is not text"),
        )
        .help("write each string in quotes: key = \"text\"")
    })?;
    Ok(table)
}

fn flatten(prefix: &str, value: &toml::Table, out: &mut Table) -> Result<(), String> {
    for (key, value) in value {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(text) => {
                out.insert(key, text.clone());
            }
            toml::Value::Integer(n) => {
                out.insert(key, n.to_string());
            }
            toml::Value::Table(inner) => flatten(&key, inner, out)?,
            _ => return Err(key),
        }
    }
    Ok(())
}

/// The strings of one tree: its language, then the default language, then English.
#[derive(Clone, Debug)]
pub struct Strings<'a> {
    chain: Vec<(&'a str, &'a Table)>,
}

impl<'a> Strings<'a> {
    /// The language of the tree (the first of the chain that has a file).
    pub fn language(&self) -> &'a str {
        self.chain.first().map_or(ENGLISH, |(code, _)| code)
    }

    /// The text of `key`, from the first language of the chain that has it.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.chain
            .iter()
            .find_map(|(_, table)| table.get(key).map(String::as_str))
    }

    /// The text of `key`; a key no language has (a mistake in praxis, tested against
    /// en.toml) shows as itself rather than failing the build.
    pub fn text(&self, key: &'a str) -> &'a str {
        self.get(key).unwrap_or(key)
    }

    /// `key` with its `{name}` placeholders replaced.
    pub fn format(&self, key: &'a str, args: &[(&str, &str)]) -> String {
        interpolate(self.text(key), |name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    /// The plural form of `key` for `count` (`key.one`, `key.other`; `key` itself when it has
    /// no forms), with `{count}` written as a number of the language and `args` replaced.
    pub fn count(&self, key: &'a str, count: u64, args: &[(&str, &str)]) -> String {
        let number = self.number(count);
        let text = self.plural(key, count).unwrap_or(key);
        interpolate(text, |name| {
            if name == "count" {
                return Some(number.clone());
            }
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    /// The text of `key` for `count`: the form the language's plural rule names (`one`,
    /// `other`) in the first language of the chain that has the key in any form, else its
    /// `other` form, else `key` itself as a plain string.
    pub fn plural(&self, key: &str, count: u64) -> Option<&'a str> {
        for (code, table) in &self.chain {
            let form = format!("{key}.{}", plural_category(code, count));
            if let Some(text) = table.get(&form) {
                return Some(text);
            }
            if let Some(text) = table.get(&format!("{key}.other")) {
                return Some(text);
            }
            if let Some(text) = table.get(key) {
                return Some(text);
            }
        }
        None
    }

    /// Every key under `prefix.` with its text (the prefix taken off), from every language of
    /// the chain: the strings a browser script receives.
    pub fn under(&self, prefix: &str) -> BTreeMap<String, String> {
        let start = format!("{prefix}.");
        let mut found = BTreeMap::new();
        for (_, table) in self.chain.iter().rev() {
            for (key, text) in table.range(start.clone()..) {
                let Some(rest) = key.strip_prefix(&start) else {
                    break;
                };
                found.insert(rest.to_owned(), text.clone());
            }
        }
        found
    }

    /// A date as the language writes it: `16 June 2011`, `16 juin 2011`, `16 de junio de 2011`.
    pub fn date(&self, date: Date) -> String {
        let month = self
            .get(&format!("month.{}", date.month))
            .map_or_else(|| date.month.to_string(), str::to_owned);
        let format = match self.get("date.format_first_day") {
            Some(first) if date.day == 1 => first,
            _ => self.get("date.format").unwrap_or("{day} {month} {year}"),
        };
        interpolate(format, |name| match name {
            "day" => Some(date.day.to_string()),
            "month" => Some(month.clone()),
            "year" => Some(date.year.to_string()),
            _ => None,
        })
    }

    /// A date of which only the year, or the year and month, may be known (a resource's
    /// publication): `June 2011`, `juin 2011`, `junio de 2011`, `2011`.
    pub fn partial_date(&self, year: u16, month: Option<u8>, day: Option<u8>) -> String {
        match (month, day) {
            (Some(month), Some(day)) => self.date(Date { year, month, day }),
            (Some(month), None) => {
                let name = self
                    .get(&format!("month.{month}"))
                    .map_or_else(|| month.to_string(), str::to_owned);
                let format = self.get("date.format_month").unwrap_or("{month} {year}");
                interpolate(format, |part| match part {
                    "month" => Some(name.clone()),
                    "year" => Some(year.to_string()),
                    _ => None,
                })
            }
            _ => year.to_string(),
        }
    }

    /// A count as the language writes it: digits grouped by threes with the language's
    /// separator (`number.group_separator`) once it has `number.group_min_digits` digits.
    pub fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let separator = self.get("number.group_separator").unwrap_or("");
        let min: usize = self
            .get("number.group_min_digits")
            .and_then(|m| m.parse().ok())
            .unwrap_or(usize::MAX);
        if separator.is_empty() || digits.len() < min {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + separator.len() * 6);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(digit);
        }
        out
    }
}

/// The CLDR plural category of `n` in a language, for the forms strings files give (`one`,
/// `other`): French counts 0 and 1 as one; languages without plural forms always say
/// `other`; most others count only 1 as one.
pub fn plural_category(language: &str, n: u64) -> &'static str {
    let primary = language.split('-').next().unwrap_or(language);
    let one = match primary {
        "fr" | "hy" | "kab" => n <= 1,
        "pt" if language != "pt-PT" => n <= 1,
        "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" | "my" | "lo" | "km" => false,
        _ => n == 1,
    };
    if one { "one" } else { "other" }
}

/// `text` with each `{name}` that `value` knows replaced; any other brace stays as written.
pub fn interpolate(text: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let replaced = after.find('}').and_then(|close| {
            let name = &after[..close];
            let is_name =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            is_name.then(|| value(name)).flatten().map(|v| (v, close))
        });
        match replaced {
            Some((v, close)) => {
                out.push_str(&v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of a text (`{count}`, `{date}`), each once, for the tests that hold
/// every translation to the English one.
pub fn placeholders(text: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    interpolate(text, |name| {
        names.insert(name.to_owned());
        None
    });
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(files: &[(&str, &str)]) -> Catalog {
        let mut problems = Diagnostics::default();
        let catalog = Catalog::parse(
            files.iter().map(|(code, text)| Layer {
                code: (*code).to_owned(),
                file: PathBuf::from(format!("i18n/{code}.toml")),
                text: (*text).to_owned(),
            }),
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        catalog
    }

    #[test]
    fn a_key_falls_back_to_the_default_language_then_english() {
        let c = catalog(&[
            ("en", "a = \"A\"\nb = \"B\"\nc = \"C\""),
            ("fr", "a = \"À\"\nb = \"Bé\""),
            ("de", "a = \"Ä\""),
        ]);
        let s = c.strings("de", "fr");
        assert_eq!(s.get("a"), Some("Ä"));
        assert_eq!(s.get("b"), Some("Bé"));
        assert_eq!(s.get("c"), Some("C"));
        assert_eq!(s.get("d"), None);
        assert_eq!(s.text("d"), "d");
    }

    #[test]
    fn a_later_layer_overrides_single_keys() {
        let c = catalog(&[
            ("en", "[hubs]\ntitle = \"Hubs\"\nsummary = \"S\""),
            ("en", "hubs.title = \"Centres\""),
        ]);
        let s = c.strings("en", "en");
        assert_eq!(s.get("hubs.title"), Some("Centres"));
        assert_eq!(s.get("hubs.summary"), Some("S"));
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let c = catalog(&[
            (
                "en",
                "chapters.one = \"{count} chapter\"\nchapters.other = \"{count} chapters\"\nnumber.group_separator = \",\"\nnumber.group_min_digits = 4",
            ),
            (
                "fr",
                "chapters.one = \"{count} chapitre\"\nchapters.other = \"{count} chapitres\"\nnumber.group_separator = \"\u{202f}\"\nnumber.group_min_digits = 4",
            ),
        ]);
        let en = c.strings("en", "en");
        assert_eq!(en.count("chapters", 0, &[]), "0 chapters");
        assert_eq!(en.count("chapters", 1, &[]), "1 chapter");
        assert_eq!(en.count("chapters", 12345, &[]), "12,345 chapters");
        let fr = c.strings("fr", "en");
        assert_eq!(fr.count("chapters", 0, &[]), "0 chapitre");
        assert_eq!(fr.count("chapters", 2, &[]), "2 chapitres");
        assert_eq!(fr.count("chapters", 1234, &[]), "1\u{202f}234 chapitres");
    }

    #[test]
    fn placeholders_are_replaced_and_other_braces_kept() {
        let text = interpolate("{a} and {b} {not a name} {}", |n| {
            (n == "a").then(|| "x".to_owned())
        });
        assert_eq!(text, "x and {b} {not a name} {}");
        assert_eq!(
            placeholders("{count} of {total}")
                .into_iter()
                .collect::<Vec<_>>(),
            ["count", "total"]
        );
    }

    #[test]
    fn a_strings_file_that_is_not_toml_is_located() {
        let mut problems = Diagnostics::default();
        Catalog::parse(
            [Layer {
                code: "fr".into(),
                file: "i18n/fr.toml".into(),
                text: "a = \"A\"\nb = \n".into(),
            }],
            &mut problems,
        );
        let d = problems.iter().next().expect("an error");
        assert_eq!(d.location.line, 2, "{d:?}");
        assert!(d.message.contains("not valid TOML"), "{}", d.message);
    }
}
