//! Raw HTML inside Markdown is cleaned to an allow-list of harmless tags and attributes: no
//! scripts, no event handlers, no URL outside [`ALLOWED_SCHEMES`]. Hub leaders write in a web editor and
//! readers must be able to trust every page, so this is on unless `site.toml` opts out.
//!
//! Cleaning is done by ammonia (an html5ever parser) on the rendered body, and only for bodies
//! that contain raw HTML: what pulldown-cmark and praxis generate is escaped already, so most
//! chapters never pay for a second parse. Each removal is reported as a warning at the line of
//! the raw HTML that caused it, found by [`dangers`].

use std::sync::OnceLock;

/// URL schemes a page may link to. Everything else (`javascript:`, `vbscript:`, `data:`,
/// `file:`, ...) is removed from author content.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags([
                "section",
                "figure",
                "figcaption",
                "details",
                "summary",
                "input",
                "mark",
                "abbr",
                "dfn",
                "time",
                "aside",
            ])
            .add_generic_attributes([
                "id",
                "class",
                "lang",
                "title",
                "role",
                "tabindex",
                "aria-label",
                "aria-labelledby",
                "aria-describedby",
                "aria-hidden",
            ])
            .add_tag_attributes("a", ["rel"])
            .add_tag_attributes("li", ["value"])
            .add_tag_attributes("ol", ["start"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("time", ["datetime"])
            .add_tag_attributes("pre", ["data-lang"])
            // pulldown-cmark aligns table columns with an inline style.
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
            .link_rel(None);
        builder
    })
}

/// Clean a rendered body.
pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// What a raw HTML fragment contains that cleaning will remove, in words a hub leader
/// understands. Empty when the fragment is harmless.
pub fn dangers(fragment: &str) -> Vec<String> {
    let lower = fragment.to_ascii_lowercase();
    let mut found = Vec::new();
    for tag in [
        "script", "iframe", "object", "embed", "style", "form", "link", "meta", "base",
    ] {
        if lower.contains(&format!("<{tag}")) {
            found.push(format!("a <{tag}> element"));
        }
    }
    if let Some(handler) = event_handler(&lower) {
        found.push(format!("an event handler (`{handler}`)"));
    }
    for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
        if lower.contains(scheme) {
            found.push(format!("a `{scheme}` URL"));
        }
    }
    found
}

/// The first `on...=` attribute in a fragment.
fn event_handler(lower: &str) -> Option<String> {
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(at) = lower[i..].find("on") {
        let start = i + at;
        let preceded =
            start > 0 && matches!(bytes[start - 1], b' ' | b'\t' | b'\n' | b'/' | b'"' | b'\'');
        let name_end = lower[start + 2..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(lower.len(), |n| start + 2 + n);
        let after = lower[name_end..].trim_start();
        if preceded && name_end > start + 2 && after.starts_with('=') && inside_tag(lower, start) {
            return Some(lower[start..name_end].to_owned());
        }
        i = start + 2;
    }
    None
}

/// Is `index` inside a `<...>` tag rather than in text?
fn inside_tag(text: &str, index: usize) -> bool {
    let before = &text[..index];
    match (before.rfind('<'), before.rfind('>')) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_event_handlers_are_removed() {
        let dirty = "<p onclick=\"steal()\">Hi<script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a></p>";
        let clean = clean(dirty);
        assert!(!clean.contains("script"), "{clean}");
        assert!(!clean.contains("onclick"), "{clean}");
        assert!(!clean.contains("javascript"), "{clean}");
        assert!(clean.contains("<p>Hi"), "{clean}");
    }

    #[test]
    fn what_praxis_generates_survives() {
        let ours = "<h2 id=\"a\">A <a class=\"heading-anchor\" href=\"#a\" aria-label=\"Link to this section: A\">#</a></h2>\n<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup><li id=\"fn-1\" value=\"1\">x</li><td style=\"text-align: left\">c</td>";
        let cleaned = clean(&format!("<table><tr>{ours}</tr></table>"));
        assert!(cleaned.contains("id=\"a\""), "{cleaned}");
        assert!(cleaned.contains("class=\"heading-anchor\""), "{cleaned}");
        assert!(
            cleaned.contains("aria-label=\"Link to this section: A\""),
            "{cleaned}"
        );
        assert!(cleaned.contains("style=\"text-align: left\""), "{cleaned}");
        assert!(cleaned.contains("value=\"1\""), "{cleaned}");
    }

    #[test]
    fn dangers_are_named() {
        assert_eq!(dangers("<script>x</script>"), ["a <script> element"]);
        assert_eq!(
            dangers("<img src=x onerror = 'y'>"),
            ["an event handler (`onerror`)"]
        );
        assert!(dangers("<span class=\"note\">on = off</span>").is_empty());
        assert_eq!(
            dangers("<a href=\"JavaScript:go()\">"),
            ["a `javascript:` URL"]
        );
    }
}
