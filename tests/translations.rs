//! A site in several languages: translations beside their originals, one whole tree per
//! language under `/<code>/` with the original's text where a page is not translated (and a
//! notice saying so), hreflang only where a translation exists, the mistakes a translator can
//! make as located errors, and a search index per language.

mod common;

use std::path::Path;

use common::{TestSite, snapshot};

const CHAPTER: &str = "hubs/alpha/first-report/01-planning.md";
const CHAPTER_FR: &str = "hubs/alpha/first-report/01-planning.fr.md";

/// The minimal site with French and Spanish beside English, and the planning chapter of
/// alpha and its hub translated into French.
fn bilingual() -> TestSite {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!(
            "{config}\n[[languages]]\ncode = \"fr\"\ntitle = \"Français\"\n\n[[languages]]\ncode = \"es\"\n"
        ),
    );
    site.write(
        CHAPTER_FR,
        r#"---
title: "La planification chez alpha"
summary: "Comment alpha planifie ses achats."
updated: 2026-02-01
gaps:
  - "Les plans ignorent les *travailleurs*."
options:
  - "Cartographier d'abord la chaîne d'approvisionnement."
---
## Pratique actuelle

La planification commence tôt.[^1] Voir le [chapitre sur les risques](02-risk.md#what-goes-wrong).

[^1]: Une source, 2026.
"#,
    );
    site.write(
        "hubs/alpha/hub.fr.yaml",
        "title: Alpha (fr)\nsummary: Le premier pôle.\n",
    );
    site
}

fn errors_of(site: &TestSite) -> String {
    site.build_errors()
        .iter()
        .map(|d| d.render_human(false))
        .collect()
}

#[test]
fn a_translation_is_published_under_its_language_with_the_originals_place() {
    let site = bilingual();
    site.build_ok();
    let page = site.page("fr/hubs/alpha/first-report/planning");
    assert!(
        page.contains("<h1>La planification chez alpha</h1>"),
        "{page}"
    );
    // Phase, hub and terms are the original's; their links lead into the French tree.
    assert!(
        page.contains(r#"href="/lab/fr/phases/planning/""#),
        "{page}"
    );
    assert!(page.contains(r#"href="/lab/fr/hubs/alpha/""#), "{page}");
    assert!(
        page.contains(r#"href="/lab/fr/issues/forced-labour/""#),
        "{page}"
    );
    // The body's link to another chapter leads to that chapter in the French tree.
    assert!(
        page.contains(r#"href="/lab/fr/hubs/alpha/first-report/risk/#what-goes-wrong""#),
        "{page}"
    );
    assert!(
        page.contains("Les plans ignorent les <em>travailleurs</em>."),
        "{page}"
    );
    // The original is unchanged.
    let original = site.page("hubs/alpha/first-report/planning");
    assert!(original.contains("<h1>Planning in alpha</h1>"));
    assert!(!original.contains("La planification"));
}

#[test]
fn every_language_gets_every_page_and_an_untranslated_one_says_so() {
    let site = bilingual();
    site.build_ok();
    for tree in ["fr", "es"] {
        for page in [
            "",
            "hubs",
            "hubs/alpha",
            "hubs/alpha/first-report",
            "hubs/alpha/first-report/risk",
            "hubs/beta/second-report/planning",
            "phases/planning",
            "synthesis",
            "issues/forced-labour",
            "about",
            "search",
        ] {
            let path = format!("{tree}/{page}");
            assert!(site.has_page(&path), "no page at /{path}/");
        }
    }
    let page = site.page("fr/hubs/alpha/first-report/risk");
    // The original's text, marked as English, with a notice linking to the original.
    assert!(
        page.contains(r#"<main id="main" class="wrap" tabindex="-1" lang="en" dir="ltr">"#),
        "{page}"
    );
    assert!(page.contains("<h1>Risk in alpha</h1>"), "{page}");
    let notice = page
        .split(r#"class="notice notice-translation""#)
        .nth(1)
        .expect("a notice that the page is not translated");
    let notice = &notice[..notice.find("</p>").unwrap()];
    assert!(notice.contains(r#"lang="fr""#), "{notice}");
    // In the reader's language, from the theme's French strings.
    assert!(notice.contains("Pas encore traduit."), "{notice}");
    assert!(
        notice.contains(r#"href="/lab/hubs/alpha/first-report/risk/""#),
        "{notice}"
    );
    // The original is the page to index.
    assert!(page.contains(
        r#"<link rel="canonical" href="https://example.org/lab/hubs/alpha/first-report/risk/">"#
    ));
    // Its links stay in the French tree.
    assert!(
        page.contains(r#"href="/lab/fr/hubs/beta/second-report/planning/""#),
        "{page}"
    );
    // A translated page has no such notice and is its own canonical page.
    let translated = site.page("fr/hubs/alpha/first-report/planning");
    assert!(!translated.contains("notice-translation"));
    assert!(translated.contains(r#"<link rel="canonical" href="https://example.org/lab/fr/hubs/alpha/first-report/planning/">"#));
}

#[test]
fn listing_pages_show_each_chapter_translated_where_it_is() {
    let site = bilingual();
    site.build_ok();
    let phase = site.page("fr/phases/planning");
    assert!(phase.contains("La planification chez alpha"), "{phase}");
    assert!(
        phase.contains("Planning in beta") || phase.contains("beta"),
        "{phase}"
    );
    assert!(!phase.contains("Planning in alpha"), "{phase}");
    let synthesis = site.page("fr/synthesis");
    assert!(synthesis.contains("Les plans ignorent"), "{synthesis}");
    assert!(
        synthesis.contains("Audits miss the lower tiers."),
        "{synthesis}"
    );
    let hubs = site.page("fr/hubs");
    assert!(hubs.contains("Alpha (fr)"), "{hubs}");
    // Spanish has no translation: the originals everywhere.
    let phase = site.page("es/phases/planning");
    assert!(phase.contains("Planning in alpha"), "{phase}");
}

/// The `hreflang` alternates of a page, as (language, URL).
fn alternates(page: &str) -> Vec<(String, String)> {
    page.split(r#"<link rel="alternate" hreflang=""#)
        .skip(1)
        .map(|rest| {
            let (code, rest) = rest.split_once('"').unwrap();
            let href = rest.split(r#"href=""#).nth(1).unwrap();
            (code.to_owned(), href[..href.find('"').unwrap()].to_owned())
        })
        .collect()
}

#[test]
fn hreflang_names_only_the_languages_a_page_is_written_in() {
    let site = bilingual();
    site.build_ok();
    let url = "https://example.org/lab/hubs/alpha/first-report/planning/";
    let french = "https://example.org/lab/fr/hubs/alpha/first-report/planning/";
    let expected = vec![
        ("en".to_owned(), url.to_owned()),
        ("fr".to_owned(), french.to_owned()),
        ("x-default".to_owned(), url.to_owned()),
    ];
    assert_eq!(
        alternates(&site.page("hubs/alpha/first-report/planning")),
        expected
    );
    assert_eq!(
        alternates(&site.page("fr/hubs/alpha/first-report/planning")),
        expected
    );
    // Not translated: only the original.
    let risk = "https://example.org/lab/hubs/alpha/first-report/risk/";
    assert_eq!(
        alternates(&site.page("hubs/alpha/first-report/risk")),
        vec![
            ("en".into(), risk.into()),
            ("x-default".into(), risk.into())
        ]
    );
    // A page made from lists is in every language.
    let codes: Vec<String> = alternates(&site.page("es/phases/planning"))
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(codes, ["en", "fr", "es", "x-default"]);

    // The sitemap lists each translation with its alternates, and no untranslated copy.
    let sitemap = std::fs::read_to_string(site.output().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(&format!("<loc>{french}</loc>")),
        "{sitemap}"
    );
    assert!(sitemap.contains(&format!(
        r#"<xhtml:link rel="alternate" hreflang="fr" href="{french}"/>"#
    )));
    assert!(
        !sitemap.contains("/lab/fr/hubs/alpha/first-report/risk/"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("/lab/es/hubs/alpha/first-report/planning/"),
        "{sitemap}"
    );

    // Every page has a switcher to the same page in every language.
    let page = site.page("es/hubs/alpha/first-report/risk");
    for href in [
        r#"href="/lab/hubs/alpha/first-report/risk/" hreflang="en""#,
        r#"href="/lab/fr/hubs/alpha/first-report/risk/" hreflang="fr""#,
        r#"href="/lab/es/hubs/alpha/first-report/risk/" hreflang="es""#,
    ] {
        assert!(page.contains(href), "{href} missing");
    }
}

#[test]
fn a_translation_in_a_language_the_site_does_not_have_is_a_located_error() {
    let site = bilingual();
    site.write(
        "hubs/alpha/first-report/01-planning.de.md",
        "---\ntitle: \"Planung\"\n---\nText.\n",
    );
    let errors = errors_of(&site);
    assert!(
        errors.contains("hubs/alpha/first-report/01-planning.de.md"),
        "{errors}"
    );
    assert!(
        errors.contains("`de`, which is not a language of this site"),
        "{errors}"
    );
    assert!(
        errors.contains(r#"`[[languages]]` with `code = "de"`"#),
        "{errors}"
    );
}

#[test]
fn a_translation_may_not_set_what_it_inherits() {
    let site = bilingual();
    site.write(
        CHAPTER_FR,
        "---\ntitle: \"La planification\"\nphase: remedy\nissues: [child-labour]\n---\nTexte.\n",
    );
    let errors = site.build_errors();
    let located: Vec<(usize, String)> = errors
        .iter()
        .map(|d| (d.location.line, d.message.clone()))
        .collect();
    assert_eq!(
        located,
        vec![
            (
                3,
                "`phase` is inherited from the original; a translation cannot set it".to_owned()
            ),
            (
                4,
                "`issues` is inherited from the original; a translation cannot set it".to_owned()
            ),
        ],
        "{errors:#?}"
    );
    let text = errors_of(&site);
    assert!(
        text.contains("remove `phase:` from this translation"),
        "{text}"
    );
    assert!(
        text.contains("hubs/alpha/first-report/01-planning.md sets it"),
        "{text}"
    );
}

#[test]
fn a_translation_without_an_original_is_an_error() {
    let site = bilingual();
    site.write(
        "hubs/alpha/first-report/09-missing.fr.md",
        "---\ntitle: \"Manquant\"\n---\nTexte.\n",
    );
    let errors = errors_of(&site);
    assert!(
        errors.contains(
            "a translation without an original: there is no `hubs/alpha/first-report/09-missing.md`"
        ),
        "{errors}"
    );
}

#[test]
fn a_translation_older_than_its_original_warns_and_says_so_on_its_page() {
    let site = bilingual();
    site.write(
        CHAPTER,
        &site
            .read_source(CHAPTER)
            .replace("updated: 2026-02-01", "updated: 2026-03-15"),
    );
    let report = site.build_ok();
    let warnings: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.location.file == Path::new(CHAPTER_FR))
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        warnings,
        [
            "outdated translation: the original was revised on 2026-03-15, after this translation (2026-02-01)"
        ]
    );
    let page = site.page("fr/hubs/alpha/first-report/planning");
    let notice = page
        .split(r#"class="notice notice-translation""#)
        .nth(1)
        .expect("a notice that the original was revised");
    assert!(
        notice.contains(r#"<time datetime="2026-03-15">"#),
        "{notice}"
    );
    assert!(notice.contains(r#"href="/lab/hubs/alpha/first-report/planning/""#));
}

#[test]
fn a_single_language_site_has_no_switcher_and_no_alternates() {
    let site = TestSite::fixture("minimal");
    site.build_ok();
    let page = site.page("hubs/alpha/first-report/planning");
    assert!(!page.contains("language-switcher"));
    assert!(!page.contains("hreflang"));
    assert!(!site.output().join("fr").exists());
    // Nor a search for results in other languages.
    assert!(!site.page("search").contains("data-other-languages"));
}

#[test]
fn each_language_searches_the_text_written_in_it() {
    let site = bilingual();
    site.build_ok();
    let records = |tree: &str| -> Vec<String> {
        let dir = site.output().join(tree).join("search/docs");
        let mut urls = Vec::new();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return urls;
        };
        for entry in entries {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let records: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
            urls.extend(records.iter().map(|r| r[1].as_str().unwrap().to_owned()));
        }
        urls.sort();
        urls
    };
    assert_eq!(
        records("fr"),
        ["/lab/fr/hubs/alpha/first-report/planning/"],
        "the French index holds the French text only"
    );
    assert!(records("es").is_empty());
    let english = records("");
    assert!(english.contains(&"/lab/hubs/alpha/first-report/planning/".to_owned()));
    assert!(english.iter().all(|url| !url.starts_with("/lab/fr/")));
}

#[test]
fn an_incremental_build_after_editing_a_translation_equals_a_clean_build() {
    let site = bilingual();
    let output = site.output();
    site.build_ok();
    site.write(
        CHAPTER_FR,
        &site
            .read_source(CHAPTER_FR)
            .replace("La planification chez alpha", "Planifier chez alpha"),
    );
    let report = site.build_ok();
    assert!(
        matches!(report.rebuild, praxis::Rebuild::Incremental { .. }),
        "{:?}",
        report.rebuild
    );
    assert!(
        site.page("fr/phases/planning")
            .contains("Planifier chez alpha")
    );
    let clean = site.root().join("clean");
    let mut options = site.options();
    options.output = clean.clone();
    options.clean = true;
    praxis::build(&options).expect("a clean build");
    assert_eq!(snapshot(&output), snapshot(&clean));
}

#[test]
fn check_reports_per_language_and_hub_what_is_translated_outdated_and_missing() {
    let site = bilingual();
    // The risk chapter translated into French, then its original revised.
    site.write(
        "hubs/alpha/first-report/02-risk.fr.md",
        "---\ntitle: \"Les risques chez alpha\"\nupdated: 2026-01-01\n---\n## Ce qui ne va pas\n\nTexte.\n",
    );
    site.write(
        CHAPTER_FR,
        &site
            .read_source(CHAPTER_FR)
            .replace("#what-goes-wrong", "#ce-qui-ne-va-pas"),
    );
    site.write(
        "hubs/alpha/first-report/02-risk.md",
        &site
            .read_source("hubs/alpha/first-report/02-risk.md")
            .replace("status: review\n", "status: review\nupdated: 2026-04-01\n"),
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .output()
        .expect("praxis runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let document: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let counts = |language: &str, hub: &str| {
        let languages = document["translations"]
            .as_array()
            .expect("a translation report");
        let language = languages
            .iter()
            .find(|l| l["language"] == language)
            .unwrap();
        let hub = language["hubs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["hub"] == hub)
            .unwrap();
        ["translated", "outdated", "missing", "chapters"].map(|k| hub[k].as_u64().unwrap())
    };
    assert_eq!(counts("fr", "alpha"), [1, 1, 0, 2]);
    // The build's summary carries the same report.
    let built = site.build_ok();
    let alpha = &built.translations[0].hubs[0];
    assert_eq!(
        (built.translations[0].language.as_str(), alpha.hub.as_str()),
        ("fr", "alpha")
    );
    assert_eq!(
        [
            alpha.translated,
            alpha.outdated,
            alpha.missing,
            alpha.chapters
        ],
        [1, 1, 0, 2]
    );
    assert_eq!(counts("fr", "beta"), [0, 0, 1, 1]);
    assert_eq!(counts("es", "alpha"), [0, 0, 2, 2]);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["check", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .expect("praxis runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("translations: chapters per language and hub"),
        "{said}"
    );
    let row: Vec<&str> = said
        .lines()
        .find(|l| l.trim_start().starts_with("fr") && l.contains("alpha"))
        .expect("a row for French, alpha")
        .split_whitespace()
        .collect();
    assert_eq!(row, ["fr", "alpha", "1", "1", "0", "2"]);
}

/// A French link to a chapter's heading lands on the French page: once that chapter is
/// translated, the anchor must be one of the translation's headings.
#[test]
fn a_translations_link_to_a_heading_is_checked_against_the_page_it_lands_on() {
    let site = bilingual();
    site.write(
        "hubs/alpha/first-report/02-risk.fr.md",
        "---\ntitle: \"Les risques chez alpha\"\n---\n## Ce qui ne va pas\n\nTexte.\n",
    );
    let errors = errors_of(&site);
    assert!(
        errors.contains("broken anchor: `hubs/alpha/first-report/02-risk.fr.md` has no heading with id `what-goes-wrong`"),
        "{errors}"
    );
    assert!(errors.contains(CHAPTER_FR), "{errors}");
    site.write(
        CHAPTER_FR,
        &site
            .read_source(CHAPTER_FR)
            .replace("#what-goes-wrong", "#ce-qui-ne-va-pas"),
    );
    site.build_ok();
    assert!(
        site.page("fr/hubs/alpha/first-report/planning")
            .contains(r#"href="/lab/fr/hubs/alpha/first-report/risk/#ce-qui-ne-va-pas""#)
    );
}

#[test]
fn a_right_to_left_language_gets_pages_written_right_to_left() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    // No direction written: Arabic is known to be written right to left.
    site.write(
        "site.toml",
        &format!("{config}\n[[languages]]\ncode = \"ar\"\n"),
    );
    site.write(
        "content/about.ar.md",
        "---\ntitle: \"عن المختبر\"\nsummary: \"من نحن\"\n---\n## من نحن\n\nموقع للاختبار.\n",
    );
    site.build_ok();
    let page = site.page("ar/about");
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#), "{page}");
    assert!(page.contains("<h1>عن المختبر</h1>"), "{page}");
    assert!(
        page.contains(r#"<main id="main" class="wrap" tabindex="-1">"#),
        "{page}"
    );
    // The switcher names Arabic in Arabic, right to left.
    assert!(
        page.contains(r#"hreflang="ar" lang="ar" dir="rtl" aria-current="page">العربية</a>"#),
        "{page}"
    );
    // A page still in English is marked left to right inside the right-to-left page.
    let fallback = site.page("ar/hubs/alpha/first-report/planning");
    assert!(fallback.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(
        fallback.contains(r#"<main id="main" class="wrap" tabindex="-1" lang="en" dir="ltr">"#)
    );
    // The stylesheet lays out by logical sides, so that it mirrors.
    let css = std::fs::read_to_string(site.output().join("static/style.css")).unwrap();
    assert!(css.contains("margin-inline-start") || css.contains("padding-inline-start"));
}

#[test]
fn site_toml_languages_are_checked() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[[languages]]\ncode = \"French\"\n\n[[languages]]\ncode = \"xx\"\n\n[[languages]]\ncode = \"fr\"\ndirection = \"up\"\n"),
    );
    let errors = errors_of(&site);
    assert!(
        errors.contains("invalid language code `French`"),
        "{errors}"
    );
    assert!(errors.contains("language `xx` needs a title"), "{errors}");
    assert!(errors.contains("unknown direction `up`"), "{errors}");
    assert!(
        errors.contains("site.toml:"),
        "located in site.toml: {errors}"
    );
}

/// site.toml's texts (phases, terms, the site's title) in a language's tree come from the
/// site's strings file of that language, keys under `site.`; what it lacks stays as written.
#[test]
fn site_toml_texts_are_translated_by_the_sites_strings_files() {
    let site = bilingual();
    site.write(
        "i18n/fr.toml",
        "[site]\ndescription = \"Un petit site.\"\n\n[site.phases.planning]\ntitle = \"Planification\"\n\n[site.terms.issues]\nforced-labour = \"Travail forcé\"\n",
    );
    let report = site.build_ok();
    let phase = site.page("fr/phases/planning");
    assert!(phase.contains("<h1>Planification</h1>"), "{phase}");
    let chapter = site.page("fr/hubs/alpha/first-report/planning");
    assert!(chapter.contains(">Planification</a>"), "{chapter}");
    assert!(chapter.contains("Travail forcé"), "{chapter}");
    // Not given: as site.toml writes it.
    assert!(site.page("fr/phases/remedy").contains("<h1>Remedy</h1>"));
    // English and Spanish keep site.toml's texts.
    assert!(site.page("phases/planning").contains("<h1>Planning</h1>"));
    assert!(
        site.page("es/phases/planning")
            .contains("<h1>Planning</h1>")
    );
    let strays: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.location.file.starts_with("i18n"))
        .map(|d| d.message.clone())
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

/// An untranslated chapter's gaps and options, like its body, link into the reader's tree.
#[test]
fn an_untranslated_chapters_statements_link_into_the_readers_tree() {
    let site = bilingual();
    let risk = "hubs/alpha/first-report/02-risk.md";
    site.write(
        risk,
        &site.read_source(risk).replace(
            "  - \"Audits miss the lower tiers.\"",
            "  - \"Audits miss the lower tiers, as [beta](../../beta/second-report/01-planning.md) found.\"",
        ),
    );
    site.build_ok();
    let french = site.page("fr/hubs/alpha/first-report/risk");
    let gap = &french[french.find("Audits miss").unwrap()..];
    assert!(
        gap.contains(r#"<a href="/lab/fr/hubs/beta/second-report/planning/">beta</a>"#),
        "{gap}"
    );
    let english = site.page("hubs/alpha/first-report/risk");
    assert!(english.contains(r#"<a href="/lab/hubs/beta/second-report/planning/">beta</a>"#));
    let synthesis = site.page("fr/synthesis");
    assert!(synthesis.contains(r#"href="/lab/fr/hubs/beta/second-report/planning/""#));
}

/// The menu of a language's tree leads to that tree's pages; web addresses stay.
#[test]
fn a_trees_menu_leads_into_the_tree() {
    let site = bilingual();
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!(
            "{config}\n[[menu]]\ntitle = \"Hubs\"\nlink = \"/hubs/\"\n\n[[menu]]\ntitle = \"About\"\nlink = \"content/about.md\"\n\n[[menu]]\ntitle = \"Partners\"\nlink = \"https://example.com/partners/\"\n"
        ),
    );
    site.write("i18n/fr.toml", "[site.menu]\n\"/hubs/\" = \"Pôles\"\n");
    site.build_ok();
    let page = site.page("fr/about");
    let menu = &page[page.find(r#"class="site-nav""#).unwrap()..];
    let menu = &menu[..menu.find("</nav>").unwrap()];
    assert!(
        menu.contains(r#"href="/lab/fr/hubs/""#) && menu.contains(">Pôles</a>"),
        "{menu}"
    );
    assert!(menu.contains(r#"href="/lab/fr/about/""#), "{menu}");
    assert!(
        menu.contains(r#"href="https://example.com/partners/""#),
        "{menu}"
    );
    assert!(site.page("about").contains(">Hubs</a>"));
}
