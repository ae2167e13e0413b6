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
            },
        );
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
            (source, &target.path, target.excluded_draft).hash(&mut hasher);
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
        }
    }

    fn suggestion(&self, missing: &Path) -> Option<String> {
        let dir = missing.parent().unwrap_or(Path::new(""));
        let name = missing.file_name()?.to_string_lossy().into_owned();
        let siblings: Vec<String> = self
            .targets
            .keys()
            .chain(self.assets.keys())
            .filter(|p| p.parent() == Some(dir))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        nearest(&name, siblings.iter().map(String::as_str)).map(str::to_owned)
    }
}

pub struct FileResolver<'a> {
    table: &'a LinkTable,
    from: &'a Path,
    from_is_draft: bool,
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

fn percent_decode(text: &str) -> String {
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
            let url = self.table.url(&target.path);
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
        let mut d = Diagnostic::error(
            location.clone(),
            format!(
                "broken link: `{}` does not exist",
                display_path(&target_path)
            ),
        );
        if let Some(better) = self.table.suggestion(&target_path) {
            d = d.label(format!("did you mean `{better}`?"));
        }
        Err(d.help(
            "link to another page with the path of its .md file, relative to this file (`02-risk.md`) or to the site root (`/hubs/apparel/report/02-risk.md`)",
        ))
    }
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
        if let Some(better) = nearest(&check.anchor, known.iter().map(String::as_str)) {
            d = d.label(format!("did you mean `#{better}`?"));
        }
        let ids: Vec<&str> = known.iter().take(12).map(String::as_str).collect();
        diagnostics.push(d.help(if ids.is_empty() {
            "the target has no headings; link to the page without `#...`".to_owned()
        } else {
            format!("the ids there include: {}", ids.join(", "))
        }));
    }
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
    fn schemes_are_external() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.org/x.js"));
        assert!(!is_external("02-risk.md"));
        assert!(!is_external("../a:b/x.md"));
    }
}
