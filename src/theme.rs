//! The theme a site renders with, file by file: the built-in default (compiled into praxis
//! from `src/theme/`), or the site's own `themes/<name>/` in its place, and then the site's
//! `templates/` and `static/` folders, whose files replace or add single files of either.
//!
//! Interface strings (`i18n/<code>.toml`) are layered key by key instead: the built-in
//! theme's, then a site's own theme's, then the site's `i18n/` folder ([`crate::i18n`]).
//!
//! Everything downstream (the template environment, the static files copied to `/static/`,
//! the watch server) asks this module which file a name stands for and where it came from,
//! so that an error in an overriding template is located in that file.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::i18n::{Catalog, I18N_DIR, Layer};
use crate::walk;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));
}

// Defined by `config`, which decides what the `theme` setting may name.
pub use crate::config::{BUILT_IN_THEME as BUILT_IN, THEMES_DIR};
/// A site's folder of templates that override single templates of the theme.
pub const TEMPLATES_DIR: &str = "templates";
/// A site's folder of static files that override or add to the theme's.
pub const STATIC_DIR: &str = "static";

/// Where one file of the theme comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into praxis; the bytes are static.
    BuiltIn(&'static [u8]),
    /// A file of the site, relative to its root.
    Site(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeFile {
    /// The name inside `templates/` or `static/` (`chapter.html`, `fonts/a.woff2`).
    pub name: String,
    pub origin: Origin,
}

impl ThemeFile {
    /// The path diagnostics name: the site's file, or where the built-in theme keeps it.
    pub fn display_path(&self, folder: &str) -> PathBuf {
        match &self.origin {
            Origin::Site(rel) => rel.clone(),
            Origin::BuiltIn(_) => Path::new("(built-in theme)").join(folder).join(&self.name),
        }
    }
}

/// The resolved theme of a site.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    pub templates: Vec<ThemeFile>,
    pub statics: Vec<ThemeFile>,
    /// The site's files that replaced or added to the theme's, for the build to report.
    pub overrides: Vec<PathBuf>,
    /// The interface strings of every language, every layer merged.
    pub strings: std::sync::Arc<Catalog>,
}

impl Theme {
    /// The theme named in site.toml with the site's overrides applied. `name` was checked by
    /// `config::check_theme`: a plain folder name.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut problems = Diagnostics::default();
        let own = Path::new(THEMES_DIR).join(name);
        // The built-in strings stay beneath an own theme's: a theme that copies the built-in
        // templates is translated where it does not say otherwise.
        let mut layers = built_in_layers();
        let mut theme = if root.join(&own).is_dir() {
            layers.extend(site_layers(root, &own.join(I18N_DIR), &mut problems));
            Theme {
                templates: site_templates(root, &own.join("templates"), &mut problems),
                statics: site_statics(root, &own.join("static"), &mut problems),
                overrides: Vec::new(),
                strings: Default::default(),
            }
        } else if name == BUILT_IN {
            Theme::built_in()
        } else {
            problems.push(
                Diagnostic::error(
                    Location::file(crate::config::CONFIG_FILE),
                    format!("there is no theme `{name}`: no folder themes/{name}/ in the site"),
                )
                .help("remove `theme` from site.toml to use the built-in theme"),
            );
            return Err(problems);
        };
        let templates = site_templates(root, Path::new(TEMPLATES_DIR), &mut problems);
        let statics = site_statics(root, Path::new(STATIC_DIR), &mut problems);
        let own_strings = site_layers(root, Path::new(I18N_DIR), &mut problems);
        theme.overrides = templates
            .iter()
            .chain(&statics)
            .filter_map(|file| match &file.origin {
                Origin::Site(rel) => Some(rel.clone()),
                Origin::BuiltIn(_) => None,
            })
            .chain(own_strings.iter().map(|layer| layer.file.clone()))
            .collect();
        layers.extend(own_strings);
        theme.strings = std::sync::Arc::new(Catalog::parse(layers, &mut problems));
        replace_or_add(&mut theme.templates, templates);
        replace_or_add(&mut theme.statics, statics);
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(theme)
        }
    }

    /// Every name of `stylesheets` in site.toml must be a static file of the theme or the
    /// site's `static/`, or pages would link to a stylesheet that is not there.
    pub fn check_stylesheets(&self, config: &crate::config::Config, diagnostics: &mut Diagnostics) {
        for sheet in &config.stylesheets {
            if self.statics.iter().any(|f| f.name == sheet.name) {
                continue;
            }
            let mut d = Diagnostic::error(
                sheet.location.clone(),
                format!("stylesheet `{}` is not in static/", sheet.name),
            )
            .help(format!(
                "put the file at static/{} in the site's folder, or remove it from `stylesheets`",
                sheet.name
            ));
            d.source_line = sheet.source_line.clone();
            diagnostics.push(d);
        }
    }

    /// The default theme as compiled into praxis.
    pub fn built_in() -> Theme {
        let mut theme = Theme::default();
        for (path, bytes) in builtin::FILES {
            let (folder, name) = path.split_once('/').unwrap_or(("", path));
            let file = ThemeFile {
                name: name.to_owned(),
                origin: Origin::BuiltIn(bytes),
            };
            match folder {
                "templates" => theme.templates.push(file),
                "static" => theme.statics.push(file),
                _ => {}
            }
        }
        let mut problems = Diagnostics::default();
        theme.strings = std::sync::Arc::new(Catalog::parse(built_in_layers(), &mut problems));
        assert!(
            problems.is_empty(),
            "the built-in theme's strings parse (a unit test holds them): {problems:?}"
        );
        theme
    }

    /// Does a change to `path` (relative to the site root) change the theme? The theme's own
    /// folder and the site's override folders.
    pub fn is_theme_path(path: &Path) -> bool {
        [THEMES_DIR, TEMPLATES_DIR, STATIC_DIR, I18N_DIR]
            .iter()
            .any(|folder| path.starts_with(folder))
    }
}

/// The built-in theme's strings files, English first.
fn built_in_layers() -> Vec<Layer> {
    let mut layers: Vec<Layer> = builtin::FILES
        .iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("i18n/")?;
            Some(Layer {
                code: name.strip_suffix(".toml")?.to_owned(),
                file: Path::new("(built-in theme)").join(path),
                text: String::from_utf8_lossy(bytes).into_owned(),
            })
        })
        .collect();
    layers.sort_by_key(|l| l.code != crate::i18n::ENGLISH);
    layers
}

/// The `<code>.toml` files of a folder of strings (a theme's or the site's), read; files
/// are walked like content, so one linked to outside the site is refused.
fn site_layers(root: &Path, dir: &Path, problems: &mut Diagnostics) -> Vec<Layer> {
    let mut layers = Vec::new();
    for rel in walk::files_under(root, dir, problems) {
        let Some(code) = rel
            .strip_prefix(dir)
            .ok()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_suffix(".toml"))
            .filter(|code| !code.contains('/'))
        else {
            continue;
        };
        match std::fs::read_to_string(root.join(&rel)) {
            Ok(text) => layers.push(Layer {
                code: code.to_owned(),
                file: rel,
                text,
            }),
            Err(err) => problems.push(Diagnostic::error(
                Location::file(&rel),
                format!("cannot read interface strings: {err}"),
            )),
        }
    }
    layers.sort_by(|a, b| a.code.cmp(&b.code));
    layers
}

/// Files of `overriding` replace the file of the same name, or join the list; sorted by name.
fn replace_or_add(files: &mut Vec<ThemeFile>, overriding: Vec<ThemeFile>) {
    for file in overriding {
        match files.iter_mut().find(|f| f.name == file.name) {
            Some(existing) => *existing = file,
            None => files.push(file),
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
}

/// The `.html` and `.xml` templates directly inside `dir`. Templates are not walked like
/// content: a template is read by name, and each is checked to lie inside the site first,
/// so one linked to a file outside is refused and never opened.
fn site_templates(root: &Path, dir: &Path, problems: &mut Diagnostics) -> Vec<ThemeFile> {
    if !root.join(dir).is_dir() {
        return Vec::new();
    }
    if let Err(refused) = walk::check_inside(root, dir) {
        problems.push(refused);
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        problems.push(Diagnostic::error(
            Location::file(dir),
            "cannot read this folder of templates",
        ));
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_template = Path::new(&name)
            .extension()
            .is_some_and(|e| e == "html" || e == "xml");
        if !is_template || name.starts_with('.') {
            continue;
        }
        let rel = dir.join(&name);
        match walk::check_inside(root, &rel) {
            Ok(()) => files.push(ThemeFile {
                name,
                origin: Origin::Site(rel),
            }),
            Err(refused) => problems.push(refused),
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Every file under `dir`, by the same rules as content (links out of the site refused).
fn site_statics(root: &Path, dir: &Path, problems: &mut Diagnostics) -> Vec<ThemeFile> {
    walk::files_under(root, dir, problems)
        .into_iter()
        .filter_map(|rel| {
            let name = walk::url_path(rel.strip_prefix(dir).ok()?);
            Some(ThemeFile {
                name,
                origin: Origin::Site(rel),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_every_page_template_and_its_static_files() {
        let theme = Theme::built_in();
        let names: Vec<&str> = theme.templates.iter().map(|t| t.name.as_str()).collect();
        for needed in [
            "base.html",
            "chapter.html",
            "home.html",
            "404.html",
            "search.html",
            "resources.html",
            "resource_type.html",
            "resource.html",
            "survey.html",
            "survey_jurisdiction.html",
            "survey_question.html",
        ] {
            assert!(names.contains(&needed), "{needed} in {names:?}");
        }
        let statics: Vec<&str> = theme.statics.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            statics,
            [
                "resources.js",
                "search.js",
                "stem-es.js",
                "stem-fr.js",
                "stem-pt.js",
                "style.css",
                "survey.js"
            ]
        );
    }

    #[test]
    fn a_site_file_replaces_the_theme_file_of_the_same_name_only() {
        let mut files = Theme::built_in().templates;
        let before = files.len();
        replace_or_add(
            &mut files,
            vec![
                ThemeFile {
                    name: "chapter.html".into(),
                    origin: Origin::Site("templates/chapter.html".into()),
                },
                ThemeFile {
                    name: "extra.html".into(),
                    origin: Origin::Site("templates/extra.html".into()),
                },
            ],
        );
        assert_eq!(files.len(), before + 1);
        let chapter = files.iter().find(|f| f.name == "chapter.html").unwrap();
        assert_eq!(
            chapter.origin,
            Origin::Site("templates/chapter.html".into())
        );
        assert!(matches!(
            files.iter().find(|f| f.name == "home.html").unwrap().origin,
            Origin::BuiltIn(_)
        ));
    }

    /// The built-in strings, English first: every key each language needs.
    fn built_in_strings() -> std::sync::Arc<Catalog> {
        Theme::built_in().strings
    }

    #[test]
    fn french_and_spanish_have_every_english_key_with_the_same_placeholders() {
        let catalog = built_in_strings();
        let english = catalog.strings("en", "en");
        let keys: Vec<&str> = catalog.reference_keys().collect();
        assert!(keys.len() > 200, "{} keys", keys.len());
        for code in ["fr", "es"] {
            let mut problems = Diagnostics::default();
            let alone = Catalog::parse(
                built_in_layers().into_iter().filter(|l| l.code == code),
                &mut problems,
            );
            let own = alone.strings(code, code);
            for key in &keys {
                let Some(text) = own.get(key) else {
                    panic!("{code}.toml lacks `{key}`");
                };
                // A translation may leave a value out (`1er {month}`), never invent one.
                let theirs = crate::i18n::placeholders(text);
                let ours = crate::i18n::placeholders(english.text(key));
                assert!(
                    theirs.is_subset(&ours),
                    "{code}.toml `{key}` = {text:?} uses {theirs:?}, English has {ours:?}"
                );
            }
        }
    }

    #[test]
    fn dates_and_numbers_are_written_as_each_language_writes_them() {
        use crate::values::Date;
        let catalog = built_in_strings();
        let june = Date::parse("2011-06-16").unwrap();
        let first = Date::parse("2024-03-01").unwrap();
        let en = catalog.strings("en", "en");
        let fr = catalog.strings("fr", "en");
        let es = catalog.strings("es", "en");
        assert_eq!(en.date(june), june.human());
        assert_eq!(en.date(june), "16 June 2011");
        assert_eq!(fr.date(june), "16 juin 2011");
        assert_eq!(fr.date(first), "1er mars 2024");
        assert_eq!(es.date(june), "16 de junio de 2011");
        assert_eq!(es.date(first), "1 de marzo de 2024");
        assert_eq!(es.partial_date(2011, Some(6), None), "junio de 2011");
        assert_eq!(es.partial_date(2011, None, None), "2011");
        assert_eq!(en.partial_date(2011, Some(6), None), "June 2011");
        assert_eq!(en.number(999), "999");
        assert_eq!(en.number(1234567), "1,234,567");
        assert_eq!(fr.number(1234), "1\u{202f}234");
        assert_eq!(es.number(9999), "9999");
        assert_eq!(es.number(10000), "10.000");
        assert_eq!(es.count("chapters", 12345, &[]), "12.345 capítulos");
        assert_eq!(fr.count("chapters", 0, &[]), "0 chapitre");
        assert_eq!(es.count("chapters", 1, &[]), "1 capítulo");
    }

    /// Every `t("key")` and `strings("prefix")` of the built-in templates, and every key the
    /// Rust template contexts ask for, is in en.toml.
    #[test]
    fn every_key_the_theme_uses_is_in_english() {
        let catalog = built_in_strings();
        let english = catalog.strings("en", "en");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources = Vec::new();
        for dir in ["src/theme/templates", "src/render"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                sources.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
        let mut used = 0;
        for (path, text) in &sources {
            for call in ["t(\"", "strings(\"", ".text(\"", ".format(\"", ".count(\""] {
                for (at, _) in text.match_indices(call) {
                    // `t(` alone, not the end of `expect(`.
                    let before = text[..at].chars().next_back().unwrap_or(' ');
                    if !call.starts_with('.') && (before.is_alphanumeric() || "_.".contains(before))
                    {
                        continue;
                    }
                    // Nor an example in a comment.
                    let line = text[..at].rsplit('\n').next().unwrap_or("").trim_start();
                    if line.starts_with("//") {
                        continue;
                    }
                    // `strings(kind ~ ".js")` and the like are not literal keys.
                    let rest = &text[at + call.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if call == ".format(\"" && !key.contains('.') {
                        continue; // `format!`-like calls of other types
                    }
                    used += 1;
                    let found = if call == "strings(\"" {
                        !english.under(key).is_empty()
                    } else {
                        english.get(key).is_some() || english.plural(key, 2).is_some()
                    };
                    assert!(found, "{}: `{key}` is not in en.toml", path.display());
                }
            }
        }
        assert!(used > 150, "{used} keys found: is the scan still right?");
    }
}
