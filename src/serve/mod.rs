//! `praxis serve`: build the site with drafts into memory, serve it over HTTP, watch the
//! sources, rebuild what changed and reload every open page.
//!
//! Three parts: `http` answers requests from the files in memory (never from `public/`) and
//! streams reload events; `watch` turns file-system events into debounced batches of changed
//! paths; this module runs the [`Session`] on each batch and tells the browsers. A change that
//! breaks the build leaves the last good build in place and shows the errors in the browser
//! and the terminal until no error is left: the session stays failed, and every later batch is
//! applied together with the failed ones, never by the one-file fast path. A page that opens
//! meanwhile is told the state at once ([`Status`]).

mod http;
mod watch;

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::diagnostics::Diagnostics;
use crate::incremental::{Changes, Rebuilt, Session};
use crate::load::LoadOptions;

pub use http::{Shared, Status, router};

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: std::net::IpAddr,
    pub port: u16,
    pub open: bool,
}

/// What the browsers are told.
#[derive(Clone, Debug)]
pub enum Event {
    /// Reload the pages at these addresses (URL paths, as `location.pathname` gives them),
    /// which were re-rendered; an empty list: every page.
    Reload(Vec<String>),
    /// Only stylesheets changed: swap them without a reload.
    Css,
    /// The sources do not build: show these messages over the page.
    Errors(String),
    /// The sources build again, with no error left: clear the overlay by reloading.
    Fixed,
    /// The sources build, with these warnings (empty: none); sent when they change.
    Warnings(String),
}

/// The diagnostics as the watch server shows them, in the terminal and over the page: every
/// message, then a count that says what became of the writer's file and of the site
/// (`served`: a good build is still online).
fn report(diagnostics: &Diagnostics, colour: bool, served: bool) -> String {
    let mut text: String = diagnostics
        .sorted()
        .iter()
        .map(|d| format!("{}\n", d.render_human(colour)))
        .collect();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    if errors > 0 {
        let count = match warnings {
            0 => plural(errors, "error"),
            w => format!("{}, {}", plural(errors, "error"), plural(w, "warning")),
        };
        // "Nothing was written" (a build's wording) reads as "my file was not saved" here.
        let site = if served {
            "the site shows the last version that built until every error is fixed"
        } else {
            "the site will show once every error is fixed"
        };
        text.push_str(&format!("{count}: your files are saved; {site}\n"));
    } else if warnings > 0 {
        text.push_str(&format!("{}\n", plural(warnings, "warning")));
    }
    text
}

fn plain(diagnostics: &Diagnostics, served: bool) -> String {
    report(diagnostics, false, served)
}

fn terminal(diagnostics: &Diagnostics, served: bool) -> String {
    let colour = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    report(diagnostics, colour, served)
}

/// Build, bind, serve and watch until Ctrl-C. Errors here are usage or I/O errors.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(serve(options))
}

async fn serve(options: ServeOptions) -> Result<(), String> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "port {} is already in use on {}; pass --port with another number, or --port 0 to pick a free one",
                options.port, options.bind
            ),
            _ => format!("cannot listen on {address}: {e}"),
        })?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address: {e}"))?;
    let url = format!("http://{local}/");
    // Listen for Ctrl-C before anything is printed: a signal that arrives before the handler
    // exists would kill the process instead of stopping it.
    let shutdown = shutdown_signal().map_err(|e| format!("cannot listen for Ctrl-C: {e}"))?;

    // Watch before the first build: a save made while it runs is then the first batch, not
    // lost. Batches wait in the channel until the build is done.
    let batches =
        watch::watch(&options.root).map_err(|e| format!("cannot watch the sources: {e}"))?;
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(Default::default())),
        status: RwLock::new(Status::Good {
            warnings: String::new(),
        }),
        events,
    });
    let mut session = Session::new(LoadOptions {
        root: options.root.clone(),
        drafts: true,
        base_url: Some(url.clone()),
    });
    let started = Instant::now();
    let status = match session.full() {
        Ok(built) => {
            *shared.files.write().expect("not poisoned") = session.files.clone();
            eprint!("{}", terminal(&built.warnings, true));
            eprintln!(
                "built {} pages in {} ms",
                built.pages.len(),
                started.elapsed().as_millis()
            );
            Status::Good {
                warnings: plain(&built.warnings, true),
            }
        }
        Err(diagnostics) => {
            eprint!("{}", terminal(&diagnostics, false));
            Status::Failed {
                errors: plain(&diagnostics, false),
            }
        }
    };
    *shared.status.write().expect("not poisoned") = status;
    eprintln!(
        "serving {} at {url} (drafts included); watching for changes, Ctrl-C to stop",
        options.root.display()
    );
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    let rebuild_shared = shared.clone();
    std::thread::spawn(move || {
        for changes in batches {
            rebuild(&mut session, &rebuild_shared, &changes);
        }
    });

    axum::serve(listener, router(shared))
        .with_graceful_shutdown(async {
            shutdown.await;
            eprintln!("stopped");
        })
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

/// A future that completes on Ctrl-C, with the handler installed when this returns.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Apply one batch of changes and tell the browsers. From a good state the browsers reload
/// as soon as the changed pages are ready; from a failed state they hear only at the end,
/// when it is known whether any error is left, and are told "fixed" only when none is.
pub fn rebuild(session: &mut Session, shared: &Shared, changes: &Changes) {
    let started = Instant::now();
    let css_only = !changes.everything
        && !changes.paths.is_empty()
        && changes.paths.iter().all(|p| {
            crate::theme::Theme::is_theme_path(p) && p.extension().is_some_and(|e| e == "css")
        });
    let was_good = session.state().is_good();
    let base_path = session.site().map(|s| s.config.base_path.clone());
    let mut told = false;
    // Each wave of pages is announced as it is published: a browser reloads when its own
    // page is ready, not when the first page of the change is (a phase page after a title
    // edit comes a wave after the chapter's own page).
    let result = session.rebuild(changes, |files, published| {
        *shared.files.write().expect("not poisoned") = files.clone();
        if !was_good || published.is_empty() && !css_only {
            return;
        }
        if css_only {
            if !told {
                let _ = shared.events.send(Event::Css);
            }
        } else {
            let base = base_path.as_deref().unwrap_or("/");
            let _ = shared
                .events
                .send(Event::Reload(page_urls(base, published)));
        }
        told = true;
    });
    match result {
        Ok(rebuilt) => {
            let warnings = plain(&rebuilt.warnings, true);
            let status = Status::Good {
                warnings: warnings.clone(),
            };
            let before =
                std::mem::replace(&mut *shared.status.write().expect("not poisoned"), status);
            if !was_good {
                let _ = shared.events.send(Event::Fixed);
                eprintln!("fixed: the site builds again");
            } else {
                if !told {
                    let _ = shared.events.send(if css_only {
                        Event::Css
                    } else {
                        Event::Reload(Vec::new())
                    });
                }
                // A page that reloaded early read the warnings from before this change.
                if !matches!(&before, Status::Good { warnings: w } if *w == warnings) {
                    let _ = shared.events.send(Event::Warnings(warnings));
                }
            }
            eprint!("{}", terminal(&rebuilt.warnings, true));
            eprintln!("{}", done(changes, &rebuilt, started));
        }
        Err(diagnostics) => failed(session, shared, &diagnostics),
    }
}

/// The addresses of pages by their output paths (`phases/planning/index.html` is
/// `<base>phases/planning/`).
fn page_urls(base_path: &str, paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .map(|path| {
            format!(
                "{base_path}{}",
                path.strip_suffix("index.html").unwrap_or(path)
            )
        })
        .collect()
}

/// Tell the terminal and the browsers that the sources do not build.
fn failed(session: &Session, shared: &Shared, diagnostics: &Diagnostics) {
    // Pages published before a later page failed are withdrawn: what is served is the last
    // good build, whole.
    *shared.files.write().expect("not poisoned") = session.files.clone();
    let served = session.site().is_some();
    eprint!("{}", terminal(diagnostics, served));
    let errors = plain(diagnostics, served);
    *shared.status.write().expect("not poisoned") = Status::Failed {
        errors: errors.clone(),
    };
    let _ = shared.events.send(Event::Errors(errors));
}

/// The terminal's line for a successful batch.
fn done(changes: &Changes, rebuilt: &Rebuilt, started: Instant) -> String {
    let mut names: Vec<String> = changes
        .paths
        .iter()
        .map(|p| crate::diagnostics::display_path(p))
        .collect();
    if changes.everything {
        names.push("(events lost)".into());
    }
    let what = if rebuilt.full {
        "rebuilt everything".to_owned()
    } else {
        format!("re-rendered {} pages", rebuilt.pages.len())
    };
    format!(
        "{}: {what} in {} ms",
        names.join(", "),
        started.elapsed().as_millis()
    )
}
