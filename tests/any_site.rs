//! praxis for any site, not only the Lab's: a site with no theme folder, no about or news
//! page and a navigation of its own builds with every link resolving; one template and one
//! stylesheet can be overridden or added; a theme's link to a page the site lacks is an
//! error in the template that writes it.

mod common;

use common::{TestSite, broken_internal_links};

fn praxis(site: &TestSite, args: &[&str]) -> std::process::Output {
    site.praxis(args)
}

#[test]
fn a_site_without_themes_about_or_news_builds_with_every_link_resolving() {
    let site = TestSite::fixture("minimal");
    assert!(
        !site.root().join("themes").exists(),
        "the fixture has no theme folder"
    );
    site.remove("content/about.md");
    let report = "hubs/beta/second-report/_index.md";
    let text = site.read_source(report);
    site.write(
        report,
        &text.replace(", which links to [the about page](/content/about.md)", ""),
    );
    site.build_ok();
    assert_eq!(
        broken_internal_links(&site.output(), "/lab/"),
        Vec::<String>::new()
    );
    let home = site.page("");
    assert!(
        !home.contains("/lab/about/"),
        "no page links to an about page"
    );
    assert!(!home.contains("/lab/news/"), "no page links to news");
    // praxis's own sections make the navigation when site.toml names none.
    for section in ["hubs/", "phases/", "synthesis/", "issues/", "search/"] {
        assert!(
            home.contains(&format!("<a href=\"/lab/{section}\"")),
            "{section}"
        );
    }
}

#[test]
fn the_menu_comes_from_site_toml_and_each_link_is_checked() {
    let site = TestSite::fixture("minimal");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[[menu]]\ntitle = \"Reports\"\nlink = \"/hubs/\"\n\n[[menu]]\ntitle = \"Who we are\"\nlink = \"content/about.md\"\n\n[[menu]]\ntitle = \"Partner\"\nlink = \"https://partner.example.org/\"\n"),
    );
    site.build_ok();
    let page = site.page("about/");
    let nav = &page[page.find("class=\"site-nav\"").expect("nav")..];
    let nav = &nav[..nav.find("</nav>").expect("end of nav")];
    assert!(nav.contains("<a href=\"/lab/hubs/\">Reports</a>"), "{nav}");
    assert!(
        nav.contains("<a href=\"/lab/about/\" aria-current=\"page\">Who we are</a>"),
        "{nav}"
    );
    assert!(
        nav.contains("<a href=\"https://partner.example.org/\">Partner</a>"),
        "{nav}"
    );
    assert!(!nav.contains("Synthesis"), "only the menu's entries: {nav}");

    // A menu entry to a page that does not exist is an error at its line of site.toml.
    site.write(
        "site.toml",
        &format!("{config}\n[[menu]]\ntitle = \"About\"\nlink = \"content/abuot.md\"\n"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = &errors[0];
    assert_eq!(d.location.file.to_string_lossy(), "site.toml");
    let line = config.lines().count() + 4;
    assert_eq!(d.location.line, line, "{d:#?}");
    assert_eq!(d.label.as_deref(), Some("did you mean `content/about.md`?"));
}

#[test]
fn one_template_overridden_and_one_stylesheet_added() {
    let site = TestSite::fixture("minimal");
    let built_in =
        std::fs::read_to_string(common::repo_root().join("src/theme/templates/chapter.html"))
            .expect("built-in chapter template");
    site.write(
        "templates/chapter.html",
        &built_in.replace(
            "{% block main %}",
            "{% block main %}<p class=\"our-banner\">Our own chapter page.</p>",
        ),
    );
    site.write("static/extra.css", ".our-banner { font-weight: bold; }\n");
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        &format!("stylesheets = [\"extra.css\"]\n{config}"),
    );

    let out = praxis(
        &site,
        &["build", "--output", &site.output().to_string_lossy()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("theme: the site's own templates/chapter.html, static/extra.css"),
        "the build says which overrides it used: {said}"
    );
    let chapter = site.page("hubs/alpha/first-report/planning/");
    assert!(chapter.contains("Our own chapter page."));
    assert!(chapter.contains("<link rel=\"stylesheet\" href=\"/lab/static/extra.css\">"));
    assert_eq!(
        std::fs::read_to_string(site.output().join("static/extra.css")).unwrap(),
        ".our-banner { font-weight: bold; }\n"
    );
    // Other pages keep the built-in templates.
    assert!(!site.page("hubs/alpha/").contains("Our own chapter page."));
    assert!(site.output().join("static/search.js").is_file());

    // A stylesheet named in site.toml that is not there is an error in site.toml.
    std::fs::remove_file(site.root().join("static/extra.css")).unwrap();
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].location.file.to_string_lossy(), "site.toml");
    assert_eq!(errors[0].location.line, 1);
}

#[test]
fn an_error_in_an_overriding_template_is_located_in_that_file() {
    let site = TestSite::fixture("minimal");
    site.write(
        "templates/hub.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].location.file.to_string_lossy(),
        "templates/hub.html"
    );
    assert_eq!(errors[0].location.line, 3, "{:#?}", errors[0]);
}

#[test]
fn a_theme_link_to_a_missing_page_names_the_template_and_line() {
    let site = TestSite::fixture("minimal");
    let built_in =
        std::fs::read_to_string(common::repo_root().join("src/theme/templates/base.html"))
            .expect("built-in base template");
    let edited = built_in.replace(
        "<p>{{ site.title }}</p>",
        "<p>{{ site.title }} · <a href=\"{{ site.base_path }}contact/\">Contact</a></p>",
    );
    assert_ne!(
        edited, built_in,
        "the footer line is where the test expects it"
    );
    site.write("templates/base.html", &edited);
    let errors = site.build_errors();
    assert_eq!(
        errors.len(),
        1,
        "one error however many pages show the link: {errors:#?}"
    );
    let d = &errors[0];
    assert_eq!(d.location.file.to_string_lossy(), "templates/base.html");
    let line = edited.lines().position(|l| l.contains("contact/")).unwrap() + 1;
    assert_eq!(d.location.line, line, "{d:#?}");
    assert!(d.message.contains("`/lab/contact/`"), "{d:#?}");
    assert!(!site.output().exists(), "nothing is written");

    // With the page there, the same template builds.
    site.write(
        "content/contact.md",
        "---\ntitle: \"Contact\"\n---\nWrite to us.\n",
    );
    site.build_ok();
}

#[test]
fn the_default_theme_names_nothing_of_the_labs_content() {
    let theme = common::repo_root().join("src/theme");
    for entry in walkdir::WalkDir::new(&theme)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let text = std::fs::read_to_string(entry.path()).expect("theme file");
        for lab_only in ["about/", "news/", "issues/", "Lab", "Human rights issue"] {
            assert!(
                !text.contains(lab_only),
                "{} names `{lab_only}`",
                entry.path().display()
            );
        }
    }
}

/// The link check knows every file a build writes (but the search index, which no page
/// links to): a generated file it did not know would make every page linking to it fail.
#[test]
fn the_link_check_knows_every_file_the_build_writes() {
    let site = TestSite::lab();
    site.write(
        "content/about.md",
        &(site.read_source("content/about.md").replacen(
            "---\n",
            "---\naliases: [who-we-are/]\n",
            1,
        )),
    );
    let (loaded, diagnostics) = praxis::load::load(&praxis::load::LoadOptions {
        root: site.root().to_path_buf(),
        drafts: false,
        base_url: None,
    });
    let loaded = loaded.unwrap_or_else(|| panic!("{}", common::render(&diagnostics)));
    let known = praxis::page_links::KnownPaths::of(&loaded);
    let files = praxis::render_site(&loaded).expect("renders");
    let mut checked = 0;
    for file in &files {
        let path = file.path();
        // The search index is fetched by the search page, not linked (in every language).
        let in_tree = ["fr/", "es/"]
            .iter()
            .find_map(|tree| path.strip_prefix(tree))
            .unwrap_or(path);
        if in_tree.starts_with("search/") && in_tree != "search/index.html" {
            continue;
        }
        assert!(known.contains(path), "the link check does not know {path}");
        checked += 1;
    }
    assert!(checked > 80, "{checked}");
    assert!(known.contains("who-we-are/"), "alias pages are known");
}
