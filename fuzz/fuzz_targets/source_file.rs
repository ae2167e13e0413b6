//! Any bytes as a chapter file: front matter, Markdown and links must never panic praxis,
//! and whatever the bytes, the HTML they become can run nothing in a reader's browser: no
//! event-handler attribute, no `<script>`, no URL outside the allow-list, in the body or in
//! any statement of the front matter (checked with `praxis::html::audit`).
//! Run with `scripts/fuzz` (see the README).

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use praxis::config::Config;
use praxis::diagnostics::Diagnostics;
use praxis::links::{LinkTable, resolve_path};
use praxis::load::front_matter::{Fields, SourceFile, split};
use praxis::html::audit;
use praxis::markdown::{self, SourceContext, Statement};

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let text = "title = \"Fuzz\"\nbase_url = \"https://example.org/lab/\"\n[[phases]]\nid = \"remedy\"\ntitle = \"Remedy\"\n";
        Config::parse(text, None, &mut Diagnostics::default()).expect("valid config")
    })
}

fn links() -> &'static LinkTable {
    static LINKS: OnceLock<LinkTable> = OnceLock::new();
    LINKS.get_or_init(|| {
        let mut table = LinkTable::new(config());
        table.add_page(Path::new("hubs/a/r/01-x.md"), "hubs/a/r/x/", false);
        table.add_page(Path::new("hubs/a/r/02-y.md"), "hubs/a/r/y/", true);
        table.add_asset(Path::new("hubs/a/r/chart.png"), "hubs/a/r/chart.png");
        table
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile {
        rel: "hubs/a/r/01-x.md".into(),
        text,
    };
    // Link resolution on the raw input as a destination.
    let _ = resolve_path(&file.rel, &file.text);

    let Ok(parts) = split(&file) else { return };
    if let Some(yaml) = parts.yaml {
        if let Ok(mut fields) = Fields::parse(&file, yaml, 2) {
            let _ = fields.required_string("title", "\"x\"");
            let _ = fields.string_list("issues");
            let _ = fields.date("updated");
            let _ = fields.status("status");
            let _ = fields.integer("order");
            let _ = fields.bool("draft");
            let keys: Vec<String> = fields.keys().map(str::to_owned).collect();
            for key in &keys {
                let _ = fields.position(key);
            }
            let d = fields.finish(&["title", "issues", "updated", "status", "order", "draft"]);
            for diagnostic in d.sorted() {
                let _ = diagnostic.render_human(false);
                let _ = diagnostic.render_github();
            }
        }
    }
    let body_offset = file.text.len() - parts.body.len();
    let context = SourceContext {
        rel: &file.rel,
        file_text: &file.text,
        body: &file.text[body_offset..],
        body_line: parts.body_line,
        body_column: 1,
    };
    let resolver = links().resolver(&file.rel, false);
    let mut output = markdown::render(&context, &config().markdown, &resolver);
    // Every line of the input as a gap or option too, as the front matter would give it.
    let statements: Vec<Statement> = file
        .text
        .lines()
        .enumerate()
        .map(|(n, line)| Statement {
            text: line.to_owned(),
            line: n + 1,
            column: 1,
        })
        .collect();
    output.add_statements(&context, &statements, &config().markdown, &resolver);
    for diagnostic in output.diagnostics.sorted() {
        let _ = diagnostic.render_human(false);
    }
    let found = audit(output.rendered.html.as_str(), "/lab/static/");
    assert!(found.is_empty(), "the body can run code: {found:?}");
    for statement in &output.statements {
        let found = audit(statement.as_str(), "/lab/static/");
        assert!(found.is_empty(), "a statement can run code: {found:?}");
    }
});
