//! `praxis serve`: build the site with drafts into memory, serve it over HTTP, watch the
//! sources, rebuild what changed and reload every open page.
//!
//! Three parts: `http` answers requests from the files in memory (never from `public/`) and
//! streams reload events; `watch` turns file-system events into debounced batches of changed
//! paths; this module runs the [`Session`] on each batch and tells the browsers. A change that
//! breaks the build leaves the last good build in place and shows the errors in the browser
//! and the terminal until a later change fixes them.

mod http;
mod watch;

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::diagnostics::{Diagnostics, Format};
use crate::incremental::Session;
use crate::load::LoadOptions;

pub use http::{Shared, router};

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
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Css,
    /// The last change does not build: show these messages over the page.
    Errors(String),
    /// The errors are fixed: clear the overlay by reloading.
    Fixed,
}

fn plain(diagnostics: &Diagnostics) -> String {
    diagnostics.render(Format::Human { colour: false })
}

fn terminal(diagnostics: &Diagnostics) -> String {
    let colour = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    diagnostics.render(Format::Human { colour })
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

    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(Default::default())),
        errors: RwLock::new(None),
        events,
    });
    let mut session = Session::new(LoadOptions {
        root: options.root.clone(),
        drafts: true,
        base_url: Some(url.clone()),
    });
    let started = Instant::now();
    match session.full() {
        Ok(built) => {
            *shared.files.write().expect("not poisoned") = session.files.clone();
            if !built.warnings.is_empty() {
                eprint!("{}", terminal(&built.warnings));
            }
            eprintln!(
                "built {} pages in {} ms",
                built.pages.len(),
                started.elapsed().as_millis()
            );
        }
        Err(diagnostics) => {
            eprint!("{}", terminal(&diagnostics));
            *shared.errors.write().expect("not poisoned") = Some(plain(&diagnostics));
        }
    }
    eprintln!(
        "serving {} at {url} (drafts included); watching for changes, Ctrl-C to stop",
        options.root.display()
    );
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    let batches =
        watch::watch(&options.root).map_err(|e| format!("cannot watch the sources: {e}"))?;
    let rebuild_shared = shared.clone();
    std::thread::spawn(move || {
        for changed in batches {
            rebuild(&mut session, &rebuild_shared, &changed);
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

/// Apply one batch of changes and tell the browsers.
pub fn rebuild(session: &mut Session, shared: &Shared, changed: &BTreeSet<PathBuf>) {
    let started = Instant::now();
    let css_only = changed
        .iter()
        .all(|p| p.starts_with("themes") && p.extension().is_some_and(|e| e == "css"));
    let had_errors = shared.errors.read().expect("not poisoned").is_some();
    let mut told = false;
    let result = session.rebuild(changed, |files, first| {
        *shared.files.write().expect("not poisoned") = files.clone();
        // Reload as soon as the changed pages themselves are ready.
        if !told && (!first.is_empty() || css_only) {
            told = true;
            let _ = shared
                .events
                .send(if css_only { Event::Css } else { Event::Reload });
        }
    });
    match result {
        Ok(rebuilt) => {
            if had_errors {
                *shared.errors.write().expect("not poisoned") = None;
                let _ = shared.events.send(Event::Fixed);
                eprintln!("fixed: the site builds again");
            } else if !told {
                let _ = shared
                    .events
                    .send(if css_only { Event::Css } else { Event::Reload });
            }
            if !rebuilt.warnings.is_empty() {
                eprint!("{}", terminal(&rebuilt.warnings));
            }
            let names: Vec<String> = changed
                .iter()
                .map(|p| crate::diagnostics::display_path(p))
                .collect();
            eprintln!(
                "{}: {} {} in {} ms",
                names.join(", "),
                if rebuilt.full {
                    "rebuilt everything,"
                } else {
                    "re-rendered"
                },
                if rebuilt.full {
                    String::new()
                } else {
                    format!("{} pages", rebuilt.pages.len())
                },
                started.elapsed().as_millis()
            );
        }
        Err(diagnostics) => {
            eprint!("{}", terminal(&diagnostics));
            eprintln!("still serving the last good build");
            let text = plain(&diagnostics);
            *shared.errors.write().expect("not poisoned") = Some(text.clone());
            let _ = shared.events.send(Event::Errors(text));
        }
    }
}
