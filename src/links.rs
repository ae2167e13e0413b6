//! Links between source files. Authors link to the `.md` file (so links also work on a git
//! host); the [`LinkTable`] knows which URL each source file becomes and rewrites the link, or
//! reports it: a missing file, a draft left out of the build, a path that leaves the site.
//! Anchors are checked after every file is rendered, by [`check_anchors`].

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path, nearest};
use crate::markdown::{AnchorCheck, LinkResolver, Resolution};

/// What a source file becomes.
#[derive(Clone, Debug)]
pub struct LinkTarget {
    /// URL path relative to the base (`hubs/apparel/report/`).
    pub path: String,
    /// Left out of this build because it is a draft.
    pub excluded_draft: bool,
    /// A translation's file: `path` is already in its language's tree (`fr/hubs/...`).
    pub in_tree: bool,
}

#[derive(Debug, Default)]
pub struct LinkTable {
    base_path: String,
    targets: HashMap<PathBuf, LinkTarget>,
    /// Files copied as they are, by source path, with their output path.
    assets: HashMap<PathBuf, String>,
    /// Pages that exist but failed to load: links to them are not reported as broken, since
    /// the file's own error says what to fix.
    failed: std::collections::HashSet<PathBuf>,
    /// Each page's title made a slug, to find a renamed file by its title. Only suggestions
    /// read it, so it is not part of the fingerprint.
    title_slugs: HashMap<PathBuf, String>,
}

impl LinkTable {
    pub fn new(config: &Config) -> Self {
        LinkTable {
            base_path: config.base_path.clone(),
            ..LinkTable::default()
        }
    }

    pub fn add_page(&mut self, source: &Path, path: &str, excluded_draft: bool) {
        self.targets.insert(
            source.to_path_buf(),
            LinkTarget {
                path: path.to_owned(),
                excluded_draft,
                in_tree: false,
            },
        );
    }

    /// A translation's file, published at `path` in its language's tree (`fr/hubs/...`).
    pub fn add_translation(&mut self, source: &Path, path: &str) {
        self.targets.insert(
            source.to_path_buf(),
            LinkTarget {
                path: path.to_owned(),
                excluded_draft: false,
                in_tree: true,
            },
        );
    }

    /// The title of a page added with [`LinkTable::add_page`], for "did you mean" when a link
    /// names a file that was renamed after its title.
    pub fn add_title(&mut self, source: &Path, title: &str) {
        self.title_slugs
            .insert(source.to_path_buf(), crate::markdown::slugify(title));
    }

    pub fn add_failed(&mut self, source: &Path) {
        self.failed.insert(source.to_path_buf());
    }

    pub fn add_asset(&mut self, source: &Path, path: &str) {
        self.assets.insert(source.to_path_buf(), path.to_owned());
    }

    /// A hash of everything links resolve against: if it is unchanged, every body renders
    /// its links exactly as before.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.base_path.hash(&mut hasher);
        let mut targets: Vec<_> = self.targets.iter().collect();
        targets.sort_by(|a, b| a.0.cmp(b.0));
        for (source, target) in targets {
            (source, &target.path, target.excluded_draft, target.in_tree).hash(&mut hasher);
        }
        let mut assets: Vec<_> = self.assets.iter().collect();
        assets.sort();
        assets.hash(&mut hasher);
        let mut failed: Vec<_> = self.failed.iter().collect();
        failed.sort();
        failed.hash(&mut hasher);
        hasher.finish()
    }

    pub fn target(&self, source: &Path) -> Option<&LinkTarget> {
        self.targets.get(source)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// A resolver for links written in `from`, which is published unless `from_is_draft`.
    pub fn resolver<'a>(&'a self, from: &'a Path, from_is_draft: bool) -> FileResolver<'a> {
        FileResolver {
            table: self,
            from,
            from_is_draft,
            language: None,
        }
    }

    /// [`LinkTable::resolver`] for text shown in the tree of `language` (`Some("fr")`): links
    /// to pages lead to that tree's copies (`/fr/...`); files stay where they are, once.
    pub fn resolver_in<'a>(
        &'a self,
        from: &'a Path,
        from_is_draft: bool,
        language: Option<&'a str>,
    ) -> FileResolver<'a> {
        FileResolver {
            language,
            ..self.resolver(from, from_is_draft)
        }
    }

    /// The file a link to the missing `missing` probably meant, as a path relative to `from`:
    /// a file with the same name once number prefixes are dropped (a chapter renumbered or
    /// moved) or with the same number in the same folder (a chapter renamed in place), else a
    /// page whose title is the name (a file renamed after its title), else a name one typo
    /// away in the same folder. The nearest wins; never the linking file itself.
    fn suggestion(&self, from: &Path, missing: &Path) -> Option<String> {
        let known = || self.targets.keys().chain(self.assets.keys());
        // The candidate sharing the most folders with the missing path (the same report, then
        // the same hub), then the shortest link.
        let closest = |paths: Vec<&PathBuf>| {
            paths
                .into_iter()
                .filter(|p| p.as_path() != from)
                .map(|p| {
                    let shared = p
                        .components()
                        .zip(missing.components())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let link = relative_path(from, p);
                    (std::cmp::Reverse(shared), link.len(), link)
                })
                .min()
                .map(|(_, _, link)| link)
        };
        if let Some((slug, extension)) = slug_and_extension(missing) {
            let number = number_prefix(missing);
            let renamed: Vec<&PathBuf> = known()
                .filter(|p| {
                    slug_and_extension(p).is_some_and(|k| k == (slug.clone(), extension.clone()))
                        || (number.is_some()
                            && p.parent() == missing.parent()
                            && number_prefix(p) == number
                            && slug_and_extension(p).is_some_and(|(_, e)| e == extension))
                })
                .collect();
            if let Some(found) = closest(renamed) {
                return Some(found);
            }
            let titled: Vec<&PathBuf> = self
                .title_slugs
                .iter()
                .filter(|(_, title)| extension == "md" && **title == slug)
                .map(|(path, _)| path)
                .collect();
            if let Some(found) = closest(titled) {
                return Some(found);
            }
        }
        let dir = missing.parent().unwrap_or(Path::new(""));
        let name = missing.file_name()?.to_string_lossy().into_owned();
        let names: Vec<String> = known()
            .filter(|p| p.parent() == Some(dir))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        nearest(&name, names.iter().map(String::as_str))
            .map(|better| relative_path(from, &dir.join(better)))
    }
}

/// A file's stem without its number prefix, and its extension: `03-award.md` ->
/// (`award`, `md`). `None` for `_index.md`, which every report has.
fn slug_and_extension(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_string_lossy();
    if stem == "_index" {
        return None;
    }
    let slug = match stem.split_once('-') {
        Some((number, rest))
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => &stem,
    };
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Some((slug.to_owned(), extension))
}

/// The number a file's name starts with: `04-award.md` -> `04`.
fn number_prefix(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy();
    let (number, _) = stem.split_once('-')?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then(|| number.to_owned())
}

/// `to` (relative to the site root) as a link written in the file `from`.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from_dir: Vec<Component> = from
        .parent()
        .map_or_else(Vec::new, |d| d.components().collect());
    let to_parts: Vec<Component> = to.components().collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from_dir.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

pub struct FileResolver<'a> {
    table: &'a LinkTable,
    from: &'a Path,
    from_is_draft: bool,
    /// The tree the links lead into, when it is not the default language's.
    language: Option<&'a str>,
}

/// Does the destination name a scheme (`https:`, `mailto:`) or a host (`//cdn`)?
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..colon].contains('/')
        }
        None => false,
    }
}

/// Join `dest` onto `from`'s folder (or the site root for `/...`) without touching the disk.
/// `None` when the path climbs out of the site.
pub fn resolve_path(from: &Path, dest: &str) -> Option<PathBuf> {
    let decoded = percent_decode(dest);
    let (start, rest) = match decoded.strip_prefix('/') {
        Some(rest) => (PathBuf::new(), rest.to_owned()),
        None => (
            from.parent().map(Path::to_path_buf).unwrap_or_default(),
            decoded,
        ),
    };
    let mut parts: Vec<String> = start
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for component in Path::new(&rest).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// `%xx` escapes decoded; invalid UTF-8 replaced.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if let (b'%', Some(Ok(byte))) = (bytes[i], hex.map(|h| u8::from_str_radix(h, 16))) {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl LinkResolver for FileResolver<'_> {
    fn resolve(&self, dest: &str, location: &Location) -> Result<Resolution, Diagnostic> {
        if dest.is_empty() || is_external(dest) {
            return Ok(Resolution::Unchanged);
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        if path_part.is_empty() {
            // `#anchor` on the same page.
            let anchor = fragment.unwrap_or("").to_owned();
            return Ok(Resolution::Rewritten {
                url: dest.to_owned(),
                target: None,
                anchor: Some((self.from.to_path_buf(), anchor)),
            });
        }
        let Some(target_path) = resolve_path(self.from, path_part) else {
            return Err(Diagnostic::error(
                location.clone(),
                format!("link `{dest}` points outside the site"),
            )
            .help("link only to files inside the site's folder"));
        };
        if let Some(target) = self.table.targets.get(&target_path) {
            if target.excluded_draft && !self.from_is_draft {
                return Err(Diagnostic::error(
                    location.clone(),
                    format!("link to a draft: `{}` is not published", display_path(&target_path)),
                )
                .label("this page is published, the target is a draft")
                .help("publish the target (status: review or published), or remove the link until it is"));
            }
            let url = match self.language {
                Some(code) if !target.in_tree => self.table.url(&format!("{code}/{}", target.path)),
                _ => self.table.url(&target.path),
            };
            return Ok(Resolution::Rewritten {
                url: match fragment {
                    Some(f) => format!("{url}#{f}"),
                    None => url,
                },
                anchor: fragment.map(|f| (target_path.clone(), f.to_owned())),
                target: Some(target_path),
            });
        }
        if self.table.failed.contains(&target_path) {
            return Ok(Resolution::Unchanged);
        }
        if let Some(asset) = self.table.assets.get(&target_path) {
            return Ok(Resolution::Rewritten {
                url: self.table.url(asset),
                target: None,
                anchor: None,
            });
        }
        let is_page = target_path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let mut d = Diagnostic::error(
            location.clone(),
            format!(
                "{}: `{}` does not exist",
                if is_page {
                    "broken link"
                } else {
                    "missing file"
                },
                display_path(&target_path)
            ),
        );
        let suggestion = self.table.suggestion(self.from, &target_path);
        if let Some(better) = &suggestion {
            d = d.label(format!("did you mean `{better}`?"));
        }
        Err(d.help(missing_target_help(
            &target_path,
            is_page,
            suggestion.as_deref(),
        )))
    }
}

/// How to fix a link to a file that does not exist: a page probably renamed or moved, or an
/// image or PDF not uploaded where the link says.
fn missing_target_help(target: &Path, is_page: bool, suggestion: Option<&str>) -> String {
    let paths = "paths are relative to this file (`02-risk.md`) or start with `/` at the site root (`/hubs/apparel/report/02-risk.md`)";
    if is_page {
        return match suggestion {
            Some(better) => format!(
                "if the file was renamed or moved, link to its new name: `{better}`; {paths}"
            ),
            None => format!("check the file's name in its folder; {paths}"),
        };
    }
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let folder = target
        .parent()
        .map(display_path)
        .filter(|f| !f.is_empty())
        .map_or_else(|| "the site's top folder".to_owned(), |f| format!("`{f}/`"));
    format!(
        "upload `{name}` into {folder}, or correct the path: it is relative to this file, and capital letters count (`Map.png` is not `map.png`)"
    )
}

/// Check every `file.md#anchor` link now that every file's anchors are known.
pub fn check_anchors(
    checks: &[AnchorCheck],
    anchors: &HashMap<&Path, &BTreeSet<String>>,
    diagnostics: &mut Diagnostics,
) {
    for check in checks {
        let Some(known) = anchors.get(check.target.as_path()) else {
            // Not a rendered page (a draft left out is reported by the resolver).
            continue;
        };
        if known.contains(&check.anchor) {
            continue;
        }
        let mut d = Diagnostic::error(
            check.location.clone(),
            format!(
                "broken anchor: `{}` has no heading with id `{}`",
                display_path(&check.target),
                check.anchor
            ),
        );
        d.source_line = check.source_line.clone();
        if let Some(better) = nearest_anchor(&check.anchor, known) {
            d = d.label(format!("did you mean `#{better}`?"));
        }
        // Footnote ids (`fn-1`, `fnref-1`) are not what an author links to: list headings.
        let mut ids: Vec<&str> = known
            .iter()
            .filter(|id| !id.starts_with("fn-") && !id.starts_with("fnref-"))
            .map(String::as_str)
            .collect();
        if ids.len() > 12 {
            ids.truncate(12);
            ids.push("...");
        }
        diagnostics.push(d.help(if ids.is_empty() {
            "the target has no headings; link to the page without `#...`".to_owned()
        } else {
            format!(
                "a heading's id is its words in lowercase joined by hyphens (`## Current practice` is `#current-practice`); the headings there: {}",
                ids.join(", ")
            )
        }));
    }
}

/// The id an anchor probably meant: written as the heading's text (`#Current%20Practice`,
/// `#Current_Practice`), or with the `section-` a heading named like one of the theme's
/// ids gets (`#gaps` for `section-gaps`), or one typo away.
fn nearest_anchor<'k>(anchor: &str, known: &'k BTreeSet<String>) -> Option<&'k str> {
    let slug = crate::markdown::slugify(&percent_decode(anchor));
    for candidate in [slug.clone(), format!("section-{slug}")] {
        if let Some(id) = known.get(&candidate) {
            return Some(id);
        }
    }
    nearest(anchor, known.iter().map(String::as_str))
        .or_else(|| nearest(&slug, known.iter().map(String::as_str)))
        .or_else(|| {
            // `#practice` for `current-practice`: the words of a longer heading.
            let words = format!("-{slug}-");
            known
                .iter()
                .filter(|id| slug.len() >= 4 && format!("-{id}-").contains(&words))
                .min_by_key(|id| id.len())
                .map(String::as_str)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_relative_to_the_file_or_the_root() {
        let from = Path::new("hubs/apparel/r/01-a.md");
        assert_eq!(
            resolve_path(from, "02-b.md"),
            Some(PathBuf::from("hubs/apparel/r/02-b.md"))
        );
        assert_eq!(
            resolve_path(from, "../../electronics/x/03-c.md"),
            Some(PathBuf::from("hubs/electronics/x/03-c.md"))
        );
        assert_eq!(
            resolve_path(from, "/content/about.md"),
            Some(PathBuf::from("content/about.md"))
        );
        assert_eq!(resolve_path(from, "../../../../site.toml"), None);
        assert_eq!(resolve_path(from, "%2e%2e/%2e%2e/%2e%2e/%2e%2e/x"), None);
    }

    #[test]
    fn suggestions_are_relative_to_the_linking_file() {
        let from = Path::new("hubs/a/r/01-x.md");
        assert_eq!(
            relative_path(from, Path::new("hubs/b/s/03-award.md")),
            "../../b/s/03-award.md"
        );
        assert_eq!(
            relative_path(from, Path::new("hubs/a/r/02-y.md")),
            "02-y.md"
        );
        assert_eq!(
            slug_and_extension(Path::new("hubs/a/r/03-award.md")),
            Some(("award".to_owned(), "md".to_owned()))
        );
    }

    #[test]
    fn anchors_written_as_heading_text_or_without_section_are_found() {
        let known: BTreeSet<String> = ["current-practice", "section-gaps"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            nearest_anchor("Current%20Practice", &known),
            Some("current-practice")
        );
        assert_eq!(nearest_anchor("gaps", &known), Some("section-gaps"));
        assert_eq!(
            nearest_anchor("current-practise", &known),
            Some("current-practice")
        );
        assert_eq!(nearest_anchor("practice", &known), Some("current-practice"));
        assert_eq!(nearest_anchor("elsewhere", &known), None);
    }

    #[test]
    fn schemes_are_external() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.org/x.js"));
        assert!(!is_external("02-risk.md"));
        assert!(!is_external("../a:b/x.md"));
    }
}
