//! Who claims each URL: pages, aliases, copied files and the sections praxis generates. Two
//! claims on one address would overwrite each other in the output, so every collision is an
//! error on the file (and line, for an alias) that made it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::model::Alias;

/// The sections the generator writes itself, which no content page may take.
pub fn generated_sections(config: &Config) -> Vec<(String, &'static str)> {
    let mut sections = vec![
        ("hubs/".to_owned(), "the list of hubs"),
        ("phases/".to_owned(), "the list of phases"),
        ("synthesis/".to_owned(), "the synthesis view"),
        ("search/".to_owned(), "the search page"),
        ("resources/".to_owned(), "the resource library"),
    ];
    for kind in &config.resource_types {
        sections.push((
            format!("resources/types/{}/", kind.id),
            "a resource type's page",
        ));
    }
    for phase in &config.phases {
        sections.push((format!("phases/{}/", phase.id), "a phase page"));
    }
    for taxonomy in &config.taxonomies {
        sections.push((format!("{}/", taxonomy.id), "a taxonomy page"));
    }
    sections
}

/// Which source claimed each URL, to report two files that would overwrite each other, and an
/// alias that would take the address of a page, a file or another alias.
#[derive(Default)]
pub(super) struct UrlClaims {
    claims: BTreeMap<String, Vec<Claim>>,
    /// Copied files by output path: an alias `x.pdf/` would need a folder where the file is.
    files: BTreeMap<String, PathBuf>,
}

/// One claim on a URL: a page's own address, or an alias written at a line of its file.
struct Claim {
    source: PathBuf,
    alias: Option<Alias>,
}

impl UrlClaims {
    pub(super) fn contains(&self, path: &str) -> bool {
        self.claims.contains_key(path)
    }

    pub(super) fn claim(&mut self, path: &str, source: &Path) {
        self.claims.entry(path.to_owned()).or_default().push(Claim {
            source: source.to_path_buf(),
            alias: None,
        });
    }

    pub(super) fn claim_alias(&mut self, alias: &Alias, source: &Path) {
        self.claims
            .entry(alias.path.clone())
            .or_default()
            .push(Claim {
                source: source.to_path_buf(),
                alias: Some(alias.clone()),
            });
    }

    pub(super) fn claim_file(&mut self, path: &str, source: &Path) {
        self.files.insert(path.to_owned(), source.to_path_buf());
    }

    pub(super) fn report(&self, diagnostics: &mut Diagnostics) {
        for (path, claims) in &self.claims {
            if let Some(file) = self.files.get(path.trim_end_matches('/')) {
                for claim in claims.iter().filter(|c| c.alias.is_some()) {
                    diagnostics.push(alias_taken(
                        path,
                        claim,
                        &format!("the file {}", display_path(file)),
                    ));
                }
            }
            if claims.len() < 2 {
                continue;
            }
            for (i, claim) in claims.iter().enumerate() {
                let others: Vec<&Claim> = claims
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, c)| c)
                    .collect();
                if claim.alias.is_some() {
                    let what: Vec<String> = others.iter().map(|c| describe_claim(c)).collect();
                    diagnostics.push(alias_taken(path, claim, &what.join(", ")));
                    continue;
                }
                // A page whose address an alias takes hears it from the alias's line.
                if claim.source == Path::new(crate::config::CONFIG_FILE)
                    || others.iter().all(|c| c.alias.is_some())
                {
                    continue;
                }
                let names: Vec<String> = others
                    .iter()
                    .filter(|c| c.alias.is_none() && c.source != claim.source)
                    .map(|c| match display_path(&c.source) {
                        name if name == crate::config::CONFIG_FILE => {
                            "a page praxis generates".to_owned()
                        }
                        name => name,
                    })
                    .collect();
                if names.is_empty() {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(&claim.source),
                        format!("two files would produce the same URL /{path}"),
                    )
                    .label(format!("also produced by {}", names.join(", ")))
                    .help("rename one of them (chapter URLs drop the number prefix: `01-risk.md` and `02-risk.md` collide)"),
                );
            }
        }
    }
}

fn describe_claim(claim: &Claim) -> String {
    let name = display_path(&claim.source);
    match (&claim.alias, name.as_str()) {
        (Some(_), _) => format!("an alias in {name}"),
        (None, crate::config::CONFIG_FILE) => "a page praxis generates".to_owned(),
        (None, _) => format!("the page of {name}"),
    }
}

/// An alias whose address is already taken, on the alias's own line.
fn alias_taken(path: &str, claim: &Claim, by: &str) -> Diagnostic {
    let alias = claim
        .alias
        .as_ref()
        .expect("only aliases are reported here");
    Diagnostic::error(
        Location::at(&claim.source, alias.line, alias.column, path.len()),
        format!("the alias /{path} is already taken"),
    )
    .label(format!("also claimed by {by}"))
    .help("an alias must be an address no page, file or other alias uses: remove it, or remove the other claim")
}
