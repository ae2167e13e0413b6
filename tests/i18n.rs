//! Interface strings per language: a site in French shows every label of the built-in theme in
//! French, with French dates; a site overrides single strings (its own `i18n/`, its theme's);
//! a language with no strings, or some missing, is warned about once, key by key, and its pages
//! fall back to English.

mod common;

use std::collections::BTreeMap;

use common::{TestSite, copy_dir, repo_root};
use praxis::diagnostics::Severity;

/// The minimal site with `language = "fr"` (and `extra` after it) at the top of site.toml.
fn site_in(language: &str, extra: &str) -> TestSite {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!("language = \"{language}\"\n{extra}\n{config}"),
    );
    site
}

/// The built-in theme's strings of one language, flattened (`hubs.title`).
fn built_in(code: &str) -> BTreeMap<String, String> {
    let path = repo_root().join(format!("src/theme/i18n/{code}.toml"));
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut flat = BTreeMap::new();
    fn walk(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
        for (key, value) in table {
            let key = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(inner) => walk(&key, inner, out),
                other => {
                    out.insert(key, other.as_str().map_or(other.to_string(), str::to_owned));
                }
            }
        }
    }
    walk("", &table, &mut flat);
    flat
}

/// How a label appears in a page: HTML-escaped, as a whole element's text or attribute.
fn as_written(text: &str) -> [String; 2] {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    [format!(">{escaped}<"), format!("=\"{escaped}\"")]
}

/// The English labels (two words or more, no placeholder) that French writes differently
/// and that `page` still shows.
fn english_left(page: &str) -> Vec<String> {
    let french = built_in("fr");
    built_in("en")
        .into_iter()
        .filter(|(key, text)| {
            text.contains(' ') && !text.contains('{') && french.get(key) != Some(text)
        })
        .filter(|(_, text)| as_written(text).iter().any(|w| page.contains(w)))
        .map(|(key, text)| format!("{key} = {text:?}"))
        .collect()
}

fn warnings(report: &praxis::BuildReport) -> Vec<&praxis::diagnostics::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}

#[test]
fn a_site_in_french_shows_every_label_in_french() {
    let site = site_in("fr", "");
    let report = site.build_ok();
    assert_eq!(warnings(&report).len(), 0, "{:#?}", report.diagnostics);

    let home = site.page("");
    assert!(home.contains("<html lang=\"fr\" dir=\"ltr\">"), "{home}");
    for label in [
        ">Aller au contenu</a>",
        "aria-label=\"Navigation principale\"",
        "<h2 id=\"hubs-heading\">Pôles</h2>",
        "<h2 id=\"phases-heading\">Phases de la commande publique</h2>",
        ">Comparer tous les pôles dans la synthèse</a>",
        ">Plan du site</a>",
        "<button type=\"submit\">Rechercher</button>",
        // A date of the recent updates, in French.
        "1er février 2026",
    ] {
        assert!(home.contains(label), "{label} on the home page");
    }
    assert_eq!(english_left(&home), Vec::<String>::new(), "home page");

    let chapter = site.page("hubs/alpha/first-report/planning/");
    for label in [
        "<h2 id=\"findings-heading\">Lacunes et pistes de réforme</h2>",
        ">Lacunes dans la protection</h3>",
        ">Pistes de réforme</h3>",
        "<h2 id=\"cite-heading\">Citer ce texte</h2>",
        "Fait partie de <a href=\"/lab/hubs/alpha/first-report/\">",
        "mis à jour le <time datetime=\"2026-02-01\">1er février 2026</time>",
        "<span>Chapitre suivant</span>",
        // French puts a no-break space before a colon.
        "<span class=\"terms-title\">Human rights issues\u{a0}:</span>",
    ] {
        assert!(chapter.contains(label), "{label} on the chapter page");
    }
    assert_eq!(english_left(&chapter), Vec::<String>::new(), "chapter page");

    let search = site.page("search/");
    for label in [
        "<title>Recherche · Minimal Lab</title>",
        "<label for=\"search-q\">Rechercher dans les chapitres, les rapports et les pages</label>",
        "<legend>Affiner les résultats</legend>",
        "<option value=\"\">Tous les pôles</option>",
        ">Afficher plus de résultats</button>",
        // What search.js shows, from the same strings.
        "\"no_results\": \"Aucun résultat\"",
        "\"results.other\": \"{count} résultats\"",
    ] {
        assert!(search.contains(label), "{label} on the search page");
    }
    assert_eq!(english_left(&search), Vec::<String>::new(), "search page");

    let phases = site.page("phases/");
    assert!(phases.contains(">1 chapitre</span>"), "{phases}");
    assert!(phases.contains("<title>Phases de la commande publique · Minimal Lab</title>"));
}

#[test]
fn an_english_site_has_no_warning_and_its_labels_as_they_were() {
    let site = TestSite::fixture("minimal");
    let report = site.build_ok();
    assert_eq!(warnings(&report).len(), 0, "{:#?}", report.diagnostics);
    let chapter = site.page("hubs/alpha/first-report/planning/");
    assert!(chapter.contains("<h2 id=\"findings-heading\">Gaps and options</h2>"));
    assert!(chapter.contains("updated <time datetime=\"2026-02-01\">1 February 2026</time>"));
    // The check the French pages pass finds English labels where there are some.
    assert!(
        english_left(&chapter).len() > 5,
        "{:?}",
        english_left(&chapter)
    );
}

#[test]
fn a_site_overrides_single_strings_of_the_theme() {
    let site = TestSite::fixture("minimal");
    site.write(
        "i18n/en.toml",
        "[findings]\ngaps = \"Where protection falls short\"\n",
    );
    site.build_ok();
    let chapter = site.page("hubs/alpha/first-report/planning/");
    assert!(chapter.contains(">Where protection falls short</h3>"));
    assert!(!chapter.contains(">Gaps in protection</h3>"));
    // Every other string is the theme's.
    assert!(chapter.contains(">Options for reform</h3>"));

    // A theme of the site's own overrides the built-in strings, and the site's i18n/ the theme.
    let themed = site_in("fr", "theme = \"house\"");
    let theme = themed.root().join("themes/house");
    copy_dir(
        &repo_root().join("src/theme/templates"),
        &theme.join("templates"),
    );
    copy_dir(&repo_root().join("src/theme/static"), &theme.join("static"));
    themed.write(
        "themes/house/i18n/fr.toml",
        "findings.gaps = \"Lacunes constatées\"\nfindings.options = \"Réformes possibles\"\n",
    );
    themed.write("i18n/fr.toml", "findings.options = \"Réformes à mener\"\n");
    let report = themed.build_ok();
    assert_eq!(warnings(&report).len(), 0, "{:#?}", report.diagnostics);
    let chapter = themed.page("hubs/alpha/first-report/planning/");
    assert!(chapter.contains(">Lacunes constatées</h3>"), "{chapter}");
    assert!(chapter.contains(">Réformes à mener</h3>"));
    assert!(chapter.contains("<h2 id=\"cite-heading\">Citer ce texte</h2>"));
}

#[test]
fn a_language_without_strings_is_warned_about_and_shown_in_english() {
    // German as a translation, and as the default language of a site: no strings file.
    for (language, extra) in [
        ("en", "[[languages]]\ncode = \"de\"\ntitle = \"Deutsch\"\n"),
        ("de", ""),
    ] {
        let site = site_in(language, "");
        let config = site.read_source("site.toml");
        site.write("site.toml", &format!("{config}\n{extra}"));
        let report = site.build_ok();
        let warned = warnings(&report);
        assert_eq!(warned.len(), 1, "{:#?}", report.diagnostics);
        let warning = warned[0];
        assert_eq!(warning.location.file.to_string_lossy(), "site.toml");
        assert!(
            warning.message.contains("Deutsch (`de`)"),
            "{}",
            warning.message
        );
        let help = warning.help.as_deref().unwrap_or_default();
        for key in [
            "page.skip_to_content",
            "findings.gaps",
            "month.6",
            "chapters.one",
        ] {
            assert!(help.contains(key), "{key} in {help}");
        }
        assert!(help.contains("i18n/de.toml"), "{help}");
        // The pages fall back to English.
        let home = site.page("");
        assert!(home.contains(">Skip to content</a>"));
        assert!(home.contains(&format!("<html lang=\"{language}\" dir=\"ltr\">")));
    }

    // With a few strings, only the others are listed, at the file; the pages show both.
    let site = site_in("de", "");
    site.write(
        "i18n/de.toml",
        "page.skip_to_content = \"Zum Inhalt springen\"\n",
    );
    let report = site.build_ok();
    let warned = warnings(&report);
    assert_eq!(warned.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(warned[0].location.file.to_string_lossy(), "i18n/de.toml");
    let help = warned[0].help.as_deref().unwrap_or_default();
    assert!(!help.contains("page.skip_to_content"), "{help}");
    assert!(help.contains("findings.gaps"), "{help}");
    let home = site.page("");
    assert!(home.contains(">Zum Inhalt springen</a>"));
    assert!(home.contains("<h2 id=\"hubs-heading\">Hubs</h2>"));

    // `praxis check` shows the same warning, once.
    let (_, diagnostics) = praxis::check(site.root(), false);
    let checked: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.message.contains("interface string"))
        .collect();
    assert_eq!(checked.len(), 1, "{diagnostics:#?}");
}

#[test]
fn a_strings_file_that_is_not_toml_is_an_error_at_its_line() {
    let site = TestSite::fixture("minimal");
    site.write(
        "i18n/fr.toml",
        "findings.gaps = \"Lacunes\"\nfindings.options = \n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].location.file.to_string_lossy(), "i18n/fr.toml");
    assert_eq!(errors[0].location.line, 2);
}

#[test]
fn a_strings_edit_renders_the_pages_again() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    site.write("i18n/en.toml", "page.skip_to_content = \"Skip ahead\"\n");
    let report = site.build_ok();
    assert!(
        !matches!(
            report.rebuild,
            praxis::Rebuild::Incremental { rendered: 0, .. }
        ),
        "{:?}",
        report.rebuild
    );
    assert!(site.page("").contains(">Skip ahead</a>"));
    assert!(site.page("hubs/alpha/").contains(">Skip ahead</a>"));
}
