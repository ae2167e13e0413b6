//! The HTTP side of `praxis serve` (axum on tokio): files from memory with their content
//! types, folders answered by their `index.html`, the site's `404.html` for anything else,
//! no directory listings, and nothing outside the site: a path with `..`, an encoded slash or
//! a backslash is answered 404 before any lookup. Every HTML page gets the live-reload script;
//! until a first build succeeds, every path gets a stand-in page with it. The event stream
//! opens with the build's [`Status`], so a page opened while the build is broken shows why.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::Event;
use crate::incremental::Served;

/// What the request handlers share with the rebuild loop.
pub struct Shared {
    pub files: RwLock<Arc<BTreeMap<String, Served>>>,
    /// What a page that opens now is told first.
    pub status: RwLock<Status>,
    pub events: broadcast::Sender<Event>,
}

/// The state of the build as a page learns it when it connects: the first message of the
/// event stream, as JSON (`{"build":"failed","errors":"..."}`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "build", rename_all = "lowercase")]
pub enum Status {
    /// The sources build; their warnings as printed (empty when there are none).
    Good { warnings: String },
    /// They do not, and the last good build is served; every message as printed.
    Failed { errors: String },
}

/// Served for every path while no build has succeeded yet, so that the browser gets the
/// live-reload script, shows the errors and reloads once they are fixed.
const NO_BUILD_YET: &[u8] = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><p>The site has not built yet.</p></body></html>";

const LIVE_SCRIPT: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__praxis/live.js\"></script>";

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__praxis/live.js", get(live_script))
        .route("/__praxis/events", get(events))
        .fallback(get(file))
        .with_state(shared)
}

async fn live_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_SCRIPT,
    )
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>>> {
    // Subscribe before reading the state: a change that lands in between is then both in
    // the state and in the stream, never in neither.
    let updates = BroadcastStream::new(shared.events.subscribe());
    // A page that opens while the build is broken learns it at once.
    let status = shared.status.read().expect("not poisoned").clone();
    // Compact JSON holds no line break, so it is one `data:` line.
    let json = serde_json::to_string(&status).unwrap_or_default();
    let state = tokio_stream::once(Ok(SseEvent::default().event("state").data(json)));
    let updates = updates.filter_map(|event| {
        let event = event.ok()?;
        Some(Ok(match event {
            // One line of compact JSON: the addresses to reload, or `[]` for every page.
            Event::Reload(pages) => SseEvent::default()
                .event("reload")
                .data(serde_json::to_string(&pages).unwrap_or_else(|_| "[]".into())),
            Event::Css => SseEvent::default().event("css").data("css"),
            Event::Errors(text) => SseEvent::default().event("errors").data(text),
            Event::Fixed => SseEvent::default().event("fixed").data("fixed"),
            Event::Warnings(text) => SseEvent::default().event("warnings").data(text),
        }))
    });
    Sse::new(state.chain(updates)).keep_alive(KeepAlive::default())
}

/// The site path a request names, or `None` when it tries to leave the site.
pub fn site_path(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if !raw.starts_with('/') || raw.contains('\\') || lower.contains("%2f") || lower.contains("%5c")
    {
        return None;
    }
    let decoded = percent_decode(raw)?;
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.contains('\0') => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, path: &str, bytes: &[u8]) -> Response<Body> {
    let body = if path.ends_with(".html") {
        // The live-reload script goes into served pages only, never into a build.
        let html = String::from_utf8_lossy(bytes);
        match html.rfind("</body>") {
            Some(at) => format!("{}{LIVE_TAG}{}", &html[..at], &html[at..]).into_bytes(),
            None => format!("{html}{LIVE_TAG}").into_bytes(),
        }
    } else {
        bytes.to_vec()
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response<Body> {
    let files = shared.files.read().expect("not poisoned").clone();
    let not_found = || match files.get("404.html").and_then(|f| f.read().ok()) {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", &bytes),
        None => respond(StatusCode::NOT_FOUND, "404.html", NO_BUILD_YET),
    };
    let Some(path) = site_path(uri.path()) else {
        return not_found();
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(file) = files.get(&key) {
        return match file.read() {
            Ok(bytes) => respond(StatusCode::OK, &key, &bytes),
            Err(_) => not_found(),
        };
    }
    // A folder asked for without its slash: send the browser to the folder, so relative
    // links on the page resolve.
    if files.contains_key(&format!("{path}/index.html")) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
        if let Ok(location) = HeaderValue::from_str(&format!("/{path}/")) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    not_found()
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(
            site_path("/hubs/apparel/").as_deref(),
            Some("hubs/apparel/")
        );
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/a%20b.pdf").as_deref(), Some("a b.pdf"));
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/hubs/..%2fsite.toml",
            "/a%2Fb",
            "/a\\b",
            "/.%2e/x",
            "/x/%2E%2E/%2E%2E/etc/passwd",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
