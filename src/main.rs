//! The `praxis` command line: parse arguments, call the library, print diagnostics.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use praxis::diagnostics::{Diagnostics, Format, Stopped};

// A build allocates millions of small strings from several threads at once (template values,
// search terms); glibc's allocator spent a third of a 10,000-chapter build in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in mimalloc 3's `mi_option_t`; the Rust
/// bindings do not name it). By default freed memory goes back to the system a second later,
/// and a build frees a site's HTML just before it builds the search index: with that delay
/// the two overlapped in some runs and the 10,000-chapter peak swung from 310 to 440 MB.
/// Purging at once (0) kept the peak at 310 MB but cost about a second of system time in
/// page faults; 100 ms kept it at 327-343 MB at the default's speed.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const PURGE_DELAY_MS: std::ffi::c_long = 100;

fn return_freed_memory_soon() {
    // mimalloc's own environment variable still wins, to measure other settings.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: reading and setting an option are a plain load and store in mimalloc's option
    // table, allowed at any time.
    unsafe {
        // The default purge delay is 1,000 ms: if a mimalloc upgrade moved the option, the
        // CLI tests (debug builds) stop here rather than this setting some other option.
        debug_assert!(
            libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == 1000,
            "mi_option_t {MI_OPTION_PURGE_DELAY} is not mimalloc's purge delay"
        );
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    /// rustc-style messages, coloured on a terminal (plain when piped or with NO_COLOR).
    Human,
    /// GitHub Actions workflow commands: errors appear on the changed line of a pull request.
    Github,
    /// One JSON document on standard output.
    Json,
}

#[derive(Parser)]
#[command(
    name = "praxis",
    version,
    about = "Build a site of structured policy research: hubs, reports, chapters, phases and the synthesis view.",
    after_help = "Exit codes: 0 success, 1 content errors (the messages say where and how to fix them), 2 usage or I/O errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder, replacing it only if the build succeeds.
    Build {
        /// Include draft reports, chapters and pages, under a visible draft banner.
        #[arg(long)]
        drafts: bool,
        /// Override `base_url` from site.toml (for previews hosted elsewhere).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Where to write the site [default: ROOT/public]. It is replaced whole, so it must be
        /// missing, empty, or a folder praxis built (it holds a `.praxis-build` marker).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Replace an output that is a file or a folder praxis did not build, deleting what
        /// is in it. Never the site's root, its sources (site.toml, hubs/, content/, themes/),
        /// .git, a folder holding any of them, the home folder or the current folder.
        #[arg(long)]
        force: bool,
        /// Render every page. Without it, a build into a folder praxis built before renders
        /// only the pages whose inputs changed, from what that build kept beside it
        /// (`<output>.praxis-cache.json`), and falls back to every page when in doubt.
        #[arg(long)]
        clean: bool,
        /// The site's root folder, holding site.toml.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print errors and warnings.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Check everything `build` checks, write nothing; exit 1 on any error.
    Check {
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Check as `build --drafts` would.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print errors and warnings.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
    },
    /// Compare the site's public addresses with an earlier build's `urls.json`; exit 1 when
    /// one disappears without an alias, naming the `aliases:` line to add and where.
    UrlsCheck {
        /// The `urls.json` of the earlier build (the published site's).
        #[arg(long, value_name = "FILE")]
        before: PathBuf,
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// How to print errors.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
    },
    /// Build with drafts into memory, serve it, and reload the browser on every change.
    Serve {
        /// The port to listen on; 0 picks a free one and prints it.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Only this machine can connect unless you change it.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Start a new site in DIR: a small, complete site that builds and serves at once.
    ///
    /// Writes site.toml, a home page, an about page, a hub and a report with two chapters,
    /// each with comments saying what to change. The theme is built into praxis. DIR must be
    /// missing (it is created) or empty (a lone `.git` is fine); praxis never overwrites a file.
    Init {
        /// The folder to write the site into; created if missing.
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Start a new chapter or report with valid front matter.
    #[command(subcommand)]
    New(NewCommand),
    /// Turn a reference manager's export into resource files.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Write resources/<slug>.md for each item of a CSL-JSON file (Zotero: Export Library,
    /// format CSL JSON). Importing the same file again changes nothing; an existing file with
    /// other text is left as it is. What could not be mapped is listed.
    Csl {
        /// The CSL-JSON file.
        file: PathBuf,
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// Write hubs/<hub>/<report>/<NN-slug>.md, numbered after the report's last chapter.
    Chapter {
        /// <hub>/<report>/<slug>, for example apparel/public-buyers/living-wages
        path: String,
        /// The phase of procurement the chapter covers (an id from site.toml).
        #[arg(long)]
        phase: String,
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Write hubs/<hub>/<report>/_index.md for a new report.
    Report {
        /// <hub>/<report>, for example apparel/public-buyers
        path: String,
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Print every diagnostic, sorted, then a count and what the errors `stopped`. Returns
/// whether there were errors.
fn report(
    diagnostics: &mut Diagnostics,
    deny_warnings: bool,
    format: OutputFormat,
    stopped: Stopped,
) -> bool {
    report_with(diagnostics, deny_warnings, format, stopped, &[])
}

/// [`report`], with the translation report in the JSON document (`translations`).
fn report_with(
    diagnostics: &mut Diagnostics,
    deny_warnings: bool,
    format: OutputFormat,
    stopped: Stopped,
    translations: &[praxis::translation_report::LanguageProgress],
) -> bool {
    if deny_warnings {
        diagnostics.deny_warnings();
    }
    match format {
        OutputFormat::Json if !translations.is_empty() => {
            let text = diagnostics.render(Format::Json, stopped);
            let mut document: serde_json::Value =
                serde_json::from_str(&text).expect("diagnostics render as JSON");
            document["translations"] = serde_json::json!(translations);
            println!("{document:#}");
        }
        OutputFormat::Json => print!("{}", diagnostics.render(Format::Json, stopped)),
        OutputFormat::Github => print!("{}", diagnostics.render(Format::Github, stopped)),
        OutputFormat::Human => eprint!(
            "{}",
            diagnostics.render(
                Format::Human {
                    colour: use_colour()
                },
                stopped
            )
        ),
    }
    diagnostics.has_errors()
}

/// What `praxis init` wrote, and the commands to run next.
fn print_initialized(dir: &std::path::Path, done: &praxis::init::Initialized) {
    if done.created_folder {
        println!("created {}", dir.display());
    }
    for file in &done.files {
        println!("wrote {}", dir.join(file).display());
    }
    // `--root .` is the default; leave it out when the site is the current folder.
    let root = if dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", shell_word(&dir.display().to_string()))
    };
    println!();
    println!("Next:");
    println!(
        "  praxis serve{root}    preview the site at http://127.0.0.1:1111/, reloading on every save"
    );
    println!(
        "  praxis build{root}    build it into {}",
        dir.join("public").display()
    );
    println!("Start with site.toml: its comments say what to change.");
}

/// `word` as one word for a POSIX shell: as it is when it holds nothing the shell would
/// split or expand, otherwise in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            drafts,
            base_url,
            output,
            force,
            clean,
            root,
            deny_warnings,
            format,
            timings,
        } => {
            if !root.join("site.toml").is_file() {
                eprintln!(
                    "error: no site.toml in {}\n  = help: run praxis from the site's root folder, or pass --root DIR",
                    root.display()
                );
                return ExitCode::from(2);
            }
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = praxis::BuildOptions {
                root,
                output: output.clone(),
                drafts,
                base_url,
                deny_warnings,
                force,
                clean,
            };
            match praxis::build(&options) {
                Ok(mut built) => {
                    if report_with(
                        &mut built.diagnostics,
                        deny_warnings,
                        format,
                        Stopped::Build,
                        &built.translations,
                    ) {
                        return ExitCode::from(1);
                    }
                    if !built.translations.is_empty() {
                        eprint!(
                            "{}",
                            praxis::translation_report::render(&built.translations)
                        );
                    }
                    for warning in &built.output_warnings {
                        eprintln!("warning: {warning}");
                    }
                    if let Some(why) = &built.editor_missing {
                        eprintln!("note: {why}");
                    }
                    if !built.theme_overrides.is_empty() {
                        let names: Vec<String> = built
                            .theme_overrides
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect();
                        eprintln!("theme: the site's own {}", names.join(", "));
                    }
                    match &built.rebuild {
                        praxis::Rebuild::Incremental {
                            rendered,
                            kept,
                            changed,
                        } => eprintln!(
                            "rendered {rendered} pages whose inputs changed, kept {kept}; {changed} files of the output changed, in place (build --clean renders all)"
                        ),
                        praxis::Rebuild::Full(why) if !why.is_empty() && why != "--clean" => {
                            eprintln!("rendered every page: {why}")
                        }
                        praxis::Rebuild::Full(_) => {}
                    }
                    eprintln!(
                        "built {} pages ({} files, {:.1} MB) into {} in {:.2} s",
                        built.pages,
                        built.files,
                        built.bytes as f64 / 1e6,
                        output.display(),
                        built.elapsed.as_secs_f64()
                    );
                    if timings {
                        for stage in &built.stages {
                            let peak = stage
                                .peak_memory
                                .map(|bytes| format!("{:>5.0} MB peak", bytes as f64 / 1e6))
                                .unwrap_or_default();
                            eprintln!(
                                "  {:>6.0} ms {peak}  {}",
                                stage.took.as_secs_f64() * 1000.0,
                                stage.name
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    // Content errors exit 1; a refused or unwritable output is a usage or
                    // I/O error, 2.
                    let code = match failure {
                        praxis::BuildError::Content(_) => 1,
                        praxis::BuildError::Output { .. } => 2,
                    };
                    report(
                        &mut failure.into_diagnostics(),
                        deny_warnings,
                        format,
                        Stopped::Build,
                    );
                    ExitCode::from(code)
                }
            }
        }
        Command::Check {
            root,
            drafts,
            deny_warnings,
            format,
        } => {
            if !root.join("site.toml").is_file() {
                eprintln!("error: no site.toml in {}", root.display());
                return ExitCode::from(2);
            }
            let started = std::time::Instant::now();
            let (site, mut diagnostics) = praxis::check(&root, drafts);
            let translations = site
                .as_ref()
                .map(praxis::translation_report::of)
                .unwrap_or_default();
            if report_with(
                &mut diagnostics,
                deny_warnings,
                format,
                Stopped::Check,
                &translations,
            ) {
                return ExitCode::from(1);
            }
            if !translations.is_empty() {
                eprint!("{}", praxis::translation_report::render(&translations));
            }
            if let Some(site) = site {
                eprintln!(
                    "checked {} hubs, {} reports, {} chapters, {} pages and {} resources in {:.2} s: no errors",
                    site.hubs.len(),
                    site.reports.len(),
                    site.chapters.len(),
                    site.pages.len(),
                    site.resources.len(),
                    started.elapsed().as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Command::UrlsCheck {
            before,
            root,
            format,
        } => urls_check(&before, &root, format),
        Command::Serve {
            port,
            bind,
            open,
            root,
        } => {
            if !root.join("site.toml").is_file() {
                eprintln!("error: no site.toml in {}", root.display());
                return ExitCode::from(2);
            }
            match praxis::serve::run(praxis::serve::ServeOptions {
                root,
                bind,
                port,
                open,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(why) => {
                    eprintln!("error: {why}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match praxis::init::init(&dir) {
            Ok(done) => {
                print_initialized(&dir, &done);
                ExitCode::SUCCESS
            }
            Err(why) => {
                eprintln!("error: {why}");
                ExitCode::from(2)
            }
        },
        Command::Import(ImportCommand::Csl { file, root }) => {
            match praxis::import::import_csl(&root, &file) {
                Ok(report) => {
                    for path in &report.written {
                        println!("wrote {}", path.display());
                    }
                    for problem in &report.problems {
                        eprintln!("note: {problem}");
                    }
                    println!(
                        "{} written, {} unchanged, {} not mapped or skipped",
                        report.written.len(),
                        report.unchanged.len(),
                        report.problems.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(why) => {
                    eprintln!("error: {why}");
                    ExitCode::from(2)
                }
            }
        }
        Command::New(new) => {
            let result = match new {
                NewCommand::Chapter { path, phase, root } => {
                    praxis::scaffold::new_chapter(&root, &path, &phase)
                }
                NewCommand::Report { path, root } => praxis::scaffold::new_report(&root, &path),
            };
            match result {
                Ok(path) => {
                    println!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(why) => {
                    eprintln!("error: {why}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// `praxis urls-check`: the site must load, then keep every address of `before`.
fn urls_check(before: &std::path::Path, root: &std::path::Path, format: OutputFormat) -> ExitCode {
    if !root.join("site.toml").is_file() {
        eprintln!("error: no site.toml in {}", root.display());
        return ExitCode::from(2);
    }
    let manifest = match std::fs::read_to_string(before)
        .map_err(|err| err.to_string())
        .and_then(|text| praxis::urls::Manifest::parse(&text))
    {
        Ok(manifest) => manifest,
        Err(why) => {
            eprintln!("error: cannot read {}: {why}", before.display());
            return ExitCode::from(2);
        }
    };
    let (site, mut diagnostics) = praxis::check(root, false);
    let Some(site) = site else {
        report(&mut diagnostics, false, format, Stopped::UrlsNotCompared);
        return ExitCode::from(1);
    };
    let mut problems = praxis::urls::check(&site, &manifest, before);
    if report(&mut problems, false, format, Stopped::UrlsLost) {
        return ExitCode::from(1);
    }
    eprintln!(
        "every one of the {} addresses in {} is still published or redirected",
        manifest.urls.len(),
        before.display()
    );
    ExitCode::SUCCESS
}
