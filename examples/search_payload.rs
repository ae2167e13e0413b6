//! The search payload of a built site against a conventional elasticlunr index of the same
//! pages (what Zola and mdBook ship): the bytes, gzip-compressed, that a reader downloads
//! before the first result, fetched as `search.js` fetches them (`praxis::search_client`).
//! Used by scripts/bench:
//!
//!     cargo run --release --example search_payload -- SITE_ROOT BUILT_OUTPUT [QUERY...]

use std::io::Write;
use std::path::Path;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("gzip output").stdout.len();
    writer.join().expect("writer").expect("write to gzip");
    out
}

fn file_gz(path: &Path) -> usize {
    gzip_len(&std::fs::read(path).unwrap_or_else(|_| panic!("no {}", path.display())))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(output)) = (args.next(), args.next()) else {
        eprintln!("usage: search_payload SITE_ROOT BUILT_OUTPUT [QUERY...]");
        std::process::exit(2);
    };
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = vec![
            "forced labour".into(),
            "contract termination clauses".into(),
            "monitoring".into(),
        ];
    }
    let output = Path::new(&output);
    let (site, diagnostics) = praxis::check(Path::new(&root), false);
    let Some(site) = site else {
        eprintln!("{} errors", diagnostics.error_count());
        std::process::exit(1);
    };
    let conventional = gzip_len(praxis::search::conventional_index_json(&site).as_bytes());
    let mut worst = 0;
    for query in &queries {
        let files = praxis::search_client::files_before_first_result(output, query)
            .unwrap_or_else(|e| panic!("{e}"));
        let bytes: usize = files
            .iter()
            .map(|f| file_gz(&output.join("search").join(f)))
            .sum();
        worst = worst.max(bytes);
    }
    // One line for the benchmark: conventional, ours (worst query), ratio.
    println!(
        "{conventional} {worst} {:.1}%",
        100.0 * worst as f64 / conventional.max(1) as f64
    );
}
