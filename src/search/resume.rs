//! What a build keeps of its search indexes so that the next build re-reads only the
//! documents whose text changed: each document's fingerprint (of the fields it is indexed
//! by) and the postings, per index (one per language's tree).
//!
//! Postings weights depend only on their own document; a shard depends on its terms'
//! postings and the number of documents (the idf). So when a document at the same position
//! has the same fingerprint, its postings are the same, and a shard none of whose terms a
//! changed document had or has is the same file: it is kept. Tokenising and stemming every
//! document was half of a 10,000-chapter rebuild after a one-word edit.
//!
//! Kept in `<output>.praxis-search.bin` (`build_cache::search_path`), beside the build cache, in a small binary format of
//! our own (little-endian lengths and numbers): the postings of a large site are millions
//! of numbers, which JSON took longer to read than to recompute. The file names the praxis
//! that wrote it, the build options and a token the build cache names too, so that the two
//! are only ever used together.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Each term's postings: (document, weight), by document.
pub(super) type Postings = BTreeMap<String, Vec<(usize, f64)>>;
/// A document's terms and their weights.
pub(super) type Weights = Vec<(std::sync::Arc<str>, f64)>;

/// One index as the last build made it.
#[derive(Debug, Default)]
pub struct IndexCache {
    /// Each document's fingerprint, by position.
    pub(super) docs: Vec<u64>,
    pub(super) postings: Postings,
}

const MAGIC: &[u8; 8] = b"praxsrch";

/// The indexes of the last build kept at `path` (`build_cache::search_path`), by language,
/// when the file is the one the build cache
/// named (`token`), by this praxis with these options. Anything else: none (every document
/// is indexed again, which is always right).
pub fn load(
    path: &Path,
    praxis: &str,
    options: &str,
    token: u64,
) -> Option<BTreeMap<String, IndexCache>> {
    let bytes = std::fs::read(path).ok()?;
    let mut reader = Reader(&bytes);
    if reader.take(MAGIC.len())? != MAGIC
        || reader.text()? != praxis
        || reader.text()? != options
        || reader.u64()? != token
    {
        return None;
    }
    let mut indexes = BTreeMap::new();
    while !reader.0.is_empty() {
        let language = reader.text()?.to_owned();
        let docs = (0..reader.u64()?)
            .map(|_| reader.u64())
            .collect::<Option<Vec<_>>>()?;
        let mut postings = BTreeMap::new();
        for _ in 0..reader.u64()? {
            let term = reader.text()?.to_owned();
            let count = reader.u64()?;
            let mut list = Vec::with_capacity(count.min(docs.len() as u64) as usize);
            for _ in 0..count {
                let doc = reader.u64()? as usize;
                let weight = f64::from_bits(reader.u64()?);
                if doc >= docs.len() {
                    return None;
                }
                list.push((doc, weight));
            }
            postings.insert(term, list);
        }
        indexes.insert(language, IndexCache { docs, postings });
    }
    Some(indexes)
}

/// The search cache being written by a build: a temporary file, renamed into place by
/// [`Writer::finish`] once the build is in place; dropped, it is removed.
pub struct Writer {
    file: Mutex<Option<io::BufWriter<std::fs::File>>>,
    temporary: PathBuf,
    path: PathBuf,
    failed: Mutex<Option<io::Error>>,
}

impl Writer {
    /// Start the cache that will be `path` (`build_cache::search_path`).
    pub fn create(path: &Path, praxis: &str, options: &str, token: u64) -> io::Result<Writer> {
        let path = path.to_path_buf();
        let temporary = path.with_extension(format!("bin.{}", std::process::id()));
        let mut file = io::BufWriter::new(std::fs::File::create(&temporary)?);
        file.write_all(MAGIC)?;
        write_text(&mut file, praxis)?;
        write_text(&mut file, options)?;
        file.write_all(&token.to_le_bytes())?;
        Ok(Writer {
            file: Mutex::new(Some(file)),
            temporary,
            path,
            failed: Mutex::new(None),
        })
    }

    /// Add one index. A failure is kept for [`Writer::finish`]: the build goes on without a
    /// cache rather than fails.
    pub(super) fn add(&self, language: &str, docs: &[u64], postings: &Postings) {
        let mut file = self.file.lock().expect("not poisoned");
        let Some(out) = file.as_mut() else { return };
        let written = (|| {
            write_text(out, language)?;
            out.write_all(&(docs.len() as u64).to_le_bytes())?;
            for doc in docs {
                out.write_all(&doc.to_le_bytes())?;
            }
            out.write_all(&(postings.len() as u64).to_le_bytes())?;
            for (term, list) in postings {
                write_text(out, term)?;
                out.write_all(&(list.len() as u64).to_le_bytes())?;
                for (doc, weight) in list {
                    out.write_all(&(*doc as u64).to_le_bytes())?;
                    out.write_all(&weight.to_bits().to_le_bytes())?;
                }
            }
            Ok(())
        })();
        if let Err(err) = written {
            *file = None;
            *self.failed.lock().expect("not poisoned") = Some(err);
        }
    }

    /// Put the cache in place.
    pub fn finish(self) -> io::Result<()> {
        if let Some(err) = self.failed.lock().expect("not poisoned").take() {
            return Err(err);
        }
        let file = self.file.lock().expect("not poisoned").take();
        if let Some(file) = file {
            file.into_inner()
                .map_err(|err| err.into_error())?
                .sync_data()?;
        }
        std::fs::rename(&self.temporary, &self.path)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.temporary);
    }
}

fn write_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(&(text.len() as u64).to_le_bytes())?;
    out.write_all(text.as_bytes())
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        let mut bytes = [0; 8];
        self.take(8)?.read_exact(&mut bytes).ok()?;
        Some(u64::from_le_bytes(bytes))
    }

    fn text(&mut self) -> Option<&'a str> {
        let n = usize::try_from(self.u64()?).ok()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

/// The postings of the new documents from the last build's: entries of documents whose
/// fingerprint changed (or that are gone) are removed, and the changed documents' weights
/// (`weigh`, called for each in parallel) put in. Returns the postings, in document order,
/// and the terms whose postings changed.
pub(super) fn patch(
    previous: IndexCache,
    fingerprints: &[u64],
    weigh: impl Fn(usize) -> Weights + Sync,
) -> (Postings, BTreeSet<String>) {
    use rayon::prelude::*;
    let IndexCache { docs, mut postings } = previous;
    let changed: Vec<bool> = (0..fingerprints.len())
        .map(|i| docs.get(i) != Some(&fingerprints[i]))
        .collect();
    let gone = |doc: usize| doc >= fingerprints.len() || changed[doc];
    let mut touched = BTreeSet::new();
    postings.retain(|term, list| {
        let before = list.len();
        list.retain(|&(doc, _)| !gone(doc));
        if list.len() != before {
            touched.insert(term.clone());
        }
        !list.is_empty()
    });
    let to_weigh: Vec<usize> = (0..fingerprints.len()).filter(|&i| changed[i]).collect();
    let weighed: Vec<(usize, Weights)> = to_weigh
        .into_par_iter()
        .map(|doc| (doc, weigh(doc)))
        .collect();
    for (doc, weights) in weighed {
        for (term, weight) in weights {
            let term = term.to_string();
            postings
                .entry(term.clone())
                .or_default()
                .push((doc, weight));
            touched.insert(term);
        }
    }
    for term in &touched {
        if let Some(list) = postings.get_mut(term) {
            list.sort_by_key(|&(doc, _)| doc);
        }
    }
    (postings, touched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn postings(entries: &[(&str, &[(usize, f64)])]) -> Postings {
        entries
            .iter()
            .map(|(term, list)| ((*term).to_owned(), list.to_vec()))
            .collect()
    }

    #[test]
    fn a_changed_document_has_its_postings_replaced_and_only_its_terms_touched() {
        let previous = IndexCache {
            docs: vec![10, 20, 30],
            postings: postings(&[
                ("audit", &[(0, 1.0), (1, 2.0)]),
                ("wage", &[(1, 1.0), (2, 1.5)]),
                ("remedy", &[(2, 3.0)]),
            ]),
        };
        // Document 1 now says "remedy" and no longer "audit" or "wage".
        let (patched, touched) = patch(previous, &[10, 21, 30], |doc| {
            assert_eq!(doc, 1, "only the changed document is weighed");
            vec![(Arc::from("remedy"), 4.0)]
        });
        assert_eq!(
            patched,
            postings(&[
                ("audit", &[(0, 1.0)]),
                ("remedy", &[(1, 4.0), (2, 3.0)]),
                ("wage", &[(2, 1.5)]),
            ])
        );
        assert_eq!(
            touched,
            BTreeSet::from(["audit", "remedy", "wage"].map(String::from))
        );
    }

    #[test]
    fn documents_gone_from_the_end_leave_the_postings() {
        let previous = IndexCache {
            docs: vec![10, 20],
            postings: postings(&[("audit", &[(0, 1.0)]), ("wage", &[(1, 1.0)])]),
        };
        let (patched, touched) = patch(previous, &[10], |_| unreachable!());
        assert_eq!(patched, postings(&[("audit", &[(0, 1.0)])]));
        assert_eq!(touched, BTreeSet::from(["wage".to_owned()]));
    }

    #[test]
    fn the_cache_reads_back_only_with_its_praxis_options_and_token() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("public.praxis-search.bin");
        let written = postings(&[("audit", &[(0, 0.1 + 0.2)]), ("wage", &[(1, 1.0)])]);
        let writer = Writer::create(&path, "praxis-1", "options", 7).unwrap();
        writer.add("en", &[1, 2], &written);
        writer.add("fr", &[3], &postings(&[("salaire", &[(0, 2.0)])]));
        writer.finish().unwrap();
        let read = load(&path, "praxis-1", "options", 7).expect("the same cache");
        assert_eq!(read["en"].docs, [1, 2]);
        assert_eq!(read["en"].postings, written, "weights to the bit");
        assert_eq!(read["fr"].postings["salaire"], [(0, 2.0)]);
        assert!(load(&path, "praxis-2", "options", 7).is_none());
        assert!(load(&path, "praxis-1", "drafts", 7).is_none());
        assert!(load(&path, "praxis-1", "options", 8).is_none());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(load(&path, "praxis-1", "options", 7).is_none(), "cut short");
    }

    #[test]
    fn a_writer_dropped_before_finishing_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("public.praxis-search.bin");
        drop(Writer::create(&path, "p", "o", 1).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
