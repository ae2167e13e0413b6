//! The benchmark's floor: the least work any generator must do to turn the corpus into HTML.
//!
//! `cargo run --release --example floor -- CORPUS OUT` reads every `.md` file under
//! `CORPUS/hubs/`, drops the front matter (everything up to the second `---` line), renders the
//! body with pulldown-cmark (the extensions praxis enables) and writes it to
//! `OUT/<path relative to CORPUS, without .md>/index.html`, in parallel with rayon. No
//! templates, no links, no checks: praxis's time above this is the cost of everything else.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

/// The Markdown body of a file: what follows the second `---` line, or all of it when the file
/// does not start with one.
fn body(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn render(corpus: &Path, out: &Path, source: &Path) -> std::io::Result<usize> {
    let text = std::fs::read_to_string(source)?;
    let markdown = body(&text);
    let mut page = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut page, Parser::new_ext(markdown, options()));
    let rel = source
        .strip_prefix(corpus)
        .unwrap_or(source)
        .with_extension("");
    let folder = out.join(rel);
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join("index.html"), &page)?;
    Ok(page.len())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, out] = args.as_slice() else {
        eprintln!("usage: floor CORPUS OUT");
        return ExitCode::from(2);
    };
    let (corpus, out) = (PathBuf::from(corpus), PathBuf::from(out));
    let started = Instant::now();
    let sources: Vec<PathBuf> = walkdir::WalkDir::new(corpus.join("hubs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let results: Vec<std::io::Result<usize>> = sources
        .par_iter()
        .map(|source| render(&corpus, &out, source))
        .collect();
    let mut bytes = 0;
    for (source, result) in sources.iter().zip(results) {
        match result {
            Ok(n) => bytes += n,
            Err(err) => {
                eprintln!("floor: {}: {err}", source.display());
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!(
        "floor: {} pages, {:.1} MB in {:.2} s",
        sources.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
