//! Compiles the default theme (`src/theme/templates/`, `src/theme/static/`, the interface
//! strings of `src/theme/i18n/`) into praxis, so a site needs no `themes/` folder: this
//! writes the list of its files as `include_bytes!` entries, so adding a file to the theme
//! needs no edit anywhere else.

use std::path::{Path, PathBuf};

fn main() {
    build_id();
    let theme = manifest_dir().join("src/theme");
    println!("cargo:rerun-if-changed=src/theme");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The built-in theme's files: (path inside the theme, bytes).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_theme.rs");
    std::fs::write(dest, out).expect("write the theme's file list");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).expect("src/theme is readable");
    for entry in entries {
        let path = entry.expect("theme entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).expect("inside the theme");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, path));
        }
    }
}

/// The checkout being built. Read when the script runs, not when it was compiled: a build
/// script compiled for one checkout is run again for another that shares its target folder
/// (`CARGO_TARGET_DIR`), and it embedded the first checkout's theme.
fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}

/// `PRAXIS_BUILD_ID`: a hash of praxis's own sources and locked dependencies. An incremental
/// build trusts its cache only when it was written by the same praxis, to the byte; the
/// version number alone would not change when the code does.
fn build_id() {
    use std::hash::{Hash, Hasher};
    let root = manifest_dir();
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = vec![(String::from("Cargo.lock"), root.join("Cargo.lock"))];
    collect(&root.join("src"), &root.join("src"), &mut files);
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (rel, path) in &files {
        rel.hash(&mut hasher);
        std::fs::read(path).unwrap_or_default().hash(&mut hasher);
    }
    println!(
        "cargo:rustc-env=PRAXIS_BUILD_ID={}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        hasher.finish()
    );
}
