//! What a build keeps beside its output so that the next build of the same site into the
//! same folder renders only the pages whose inputs changed: the recorded dependency graph
//! (`render::deps`) with its fingerprints, and what it was made by and for.
//!
//! The cache is `<output>.praxis-cache.json`, beside the output folder (never inside it,
//! which is published). It is trusted only when the same praxis (its build id: a hash of
//! its own sources) built the same output with the same options; anything else, or a
//! cache that cannot be read, means a full build, and the build says why.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::render::deps::{Graph, StoredGraph};

/// The build of praxis that wrote a cache (see build.rs).
pub const BUILD_ID: &str = env!("PRAXIS_BUILD_ID");

#[derive(Deserialize)]
struct Stored {
    praxis: String,
    /// What the pages were built for: the base URL and whether drafts were in.
    options: String,
    graph: StoredGraph,
    shaped: ShapedFiles,
    /// The token of the search cache written with this cache (`search::Writer`).
    search: u64,
    /// Every file the build put in the output.
    files: Vec<String>,
}

/// The files a build made from the site's shape ([`crate::shape`]), and that shape: the next
/// build keeps them when its site has the same.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ShapedFiles {
    pub shape: u64,
    pub paths: Vec<String>,
}

/// What the last build into an output left to start from.
pub struct Resumed {
    pub graph: Graph,
    pub shaped: ShapedFiles,
    /// The token of the search cache kept with it (0: none).
    pub search: u64,
    /// Every file that build put in the output: an in-place build removes those it no
    /// longer makes.
    pub files: Vec<String>,
}

/// [`Stored`] as a build writes it, borrowing what it keeps.
#[derive(Serialize)]
struct Saved<'a> {
    praxis: &'a str,
    options: &'a str,
    #[serde(flatten)]
    kept: Kept<'a>,
}

/// Where the cache of a build into `output` lives.
pub fn path_for(output: &Path) -> PathBuf {
    beside(output, "praxis-cache.json")
}

/// Where the search cache kept with it lives (`search::Writer`).
pub fn search_path(output: &Path) -> PathBuf {
    beside(output, "praxis-search.bin")
}

/// `<output>.<suffix>`, beside the output folder (never inside it, which is published).
fn beside(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!("{name}.{suffix}"))
}

/// The options a cache must match: pages built for another base URL or with drafts differ.
pub fn options_key(base_url: &str, drafts: bool) -> String {
    format!("base_url={base_url} drafts={drafts}")
}

/// What the last build into `output` kept, or why there is nothing to trust.
pub fn load(output: &Path, options: &str) -> Result<Resumed, String> {
    let path = path_for(output);
    let text = std::fs::read_to_string(&path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            "no earlier build to start from".to_owned()
        } else {
            format!("cannot read {}: {err}", path.display())
        }
    })?;
    let stored: Stored = serde_json::from_str(&text).map_err(|err| {
        // Another praxis may keep another shape: say so rather than how it differs.
        #[derive(Deserialize)]
        struct Header {
            praxis: String,
        }
        match serde_json::from_str::<Header>(&text) {
            Ok(header) if header.praxis != BUILD_ID => {
                "the cache was written by another build of praxis".to_owned()
            }
            _ => format!("{} cannot be read ({err})", path.display()),
        }
    })?;
    if stored.praxis != BUILD_ID {
        return Err("the cache was written by another build of praxis".into());
    }
    if stored.options != options {
        return Err(format!(
            "the last build was made with other options ({})",
            stored.options
        ));
    }
    Ok(Resumed {
        graph: Graph::from_stored(stored.graph),
        shaped: stored.shaped,
        search: stored.search,
        files: stored.files,
    })
}

/// What one build keeps for the next: its graph, the files made from the site's shape, the
/// token of its search cache and every file it put in the output.
#[derive(Serialize)]
pub struct Kept<'a> {
    pub graph: &'a Graph,
    pub shaped: &'a ShapedFiles,
    pub search: u64,
    pub files: &'a [String],
}

/// Keep what the next build into `output` starts from; written to a
/// temporary file and renamed, so a killed build leaves the old cache or the new one, never
/// half of one.
pub fn save(output: &Path, options: &str, kept: Kept) -> std::io::Result<()> {
    let saved = Saved {
        praxis: BUILD_ID,
        options,
        kept,
    };
    let path = path_for(output);
    let temporary = path.with_extension(format!("json.{}", std::process::id()));
    // Written as it is serialised: a large site's graph is tens of megabytes of JSON.
    let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
    serde_json::to_writer(&mut file, &saved).map_err(std::io::Error::other)?;
    file.into_inner().map_err(|err| err.into_error())?;
    std::fs::rename(&temporary, &path)
}

/// Forget the cache (`build --clean`), and the search cache kept with it.
pub fn remove(output: &Path) {
    let _ = std::fs::remove_file(path_for(output));
    let _ = std::fs::remove_file(search_path(output));
}

/// A token naming one build's search cache: never 0 (no cache), and another each build.
pub fn new_search_token() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) | 1
}
