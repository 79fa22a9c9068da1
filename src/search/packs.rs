//! Packs: how the browser search data is cut into files of bounded size and stored
//! (format: `docs/search-format.md`, *Packs*). [`super::export`] decides what goes into
//! them; `js/shards.mjs` is their one reader.
//!
//! A site has tens of thousands of small pieces of search data — a term's entry, a block
//! of postings, a document's metadata — and a query needs a few dozen of them. One file
//! per piece made 40,000 files at 1,000 guides; one file for all would make every query
//! load the whole index. Pieces are therefore grouped, in the order the engine numbers
//! them, into *packs* of at most a few tens of KiB: consecutive keys (with their terms,
//! heads and lexicon entries), consecutive postings blocks, consecutive documents. Each
//! pack is JSON, deflated (zlib) and base64-encoded inside the classic script that
//! registers it, which halves what a query loads and what the site weighs; the engine
//! inflates it with the browser's own `DecompressionStream`.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use rayon::prelude::*;

use super::SearchError;
use super::blob_store::{Blob, BlobStore, Sum};

/// Keys (their terms with heads, and their lexicon entries) go into packs of at most this
/// many bytes of JSON (a single larger key is a pack of its own).
pub const KEY_PACK_BYTES: usize = 16 * 1024;
/// Postings blocks go into packs of at most this many bytes of JSON.
pub const BLOCK_PACK_BYTES: usize = 64 * 1024;
/// Document metadata goes into packs of about this many bytes of JSON: the number of
/// documents per pack is this over the average size of a document's row.
pub const DOC_PACK_BYTES: usize = 24 * 1024;
/// Bytes of JSON a related pack holds, about.
pub const RELATED_PACK_BYTES: usize = 16 * 1024;
/// zlib level of the packs. With zlib-rs, level 4 makes the packs of 1,000 generated
/// guides both smaller and faster than level 3 (20.96 MB against 21.37 MB from 64.4 MB
/// of JSON, in about 85 % of the time), and a few percent larger than level 6 in under
/// three quarters of its time.
const LEVEL: u32 = 4;

/// The file of a pack: `tebikiSearch.register("<name>","<base64 of zlib of json>");`.
pub fn script(name: &str, json: &str) -> Result<Vec<u8>, SearchError> {
    let err = |e: std::io::Error| SearchError::Export { name: name.to_owned(), message: e.to_string() };
    let mut z = ZlibEncoder::new(Vec::with_capacity(json.len() / 2), Compression::new(LEVEL));
    z.write_all(json.as_bytes()).map_err(err)?;
    let deflated = z.finish().map_err(err)?;
    let b64 = base64::engine::general_purpose::STANDARD.encode(deflated);
    Ok(format!("tebikiSearch.register(\"{name}\",\"{b64}\");\n").into_bytes())
}

/// Where finished files go, one at a time: the build's writer, or an
/// [`Output`](crate::write::Output) (any `FnMut(path, bytes)`).
pub trait Sink {
    fn file(&mut self, path: String, bytes: Vec<u8>);

    /// Whether the output holds `path` already with the bytes whose BLAKE3 is `sum`, `len`
    /// bytes of them — a pack of the last export, then this export's as it stands, so that
    /// it is neither read from the store nor handed over. A closure holds nothing.
    fn holds(&mut self, path: &str, sum: &Sum, len: u64) -> bool {
        let _ = (path, sum, len);
        false
    }
}

impl<F: FnMut(String, Vec<u8>)> Sink for F {
    fn file(&mut self, path: String, bytes: Vec<u8>) {
        self(path, bytes);
    }
}

/// A [`Sink`] that several threads hand files to (any `Fn(path, bytes) + Sync`).
pub trait SharedSink: Sync {
    fn file(&self, path: String, bytes: Vec<u8>);

    /// As [`Sink::holds`].
    fn holds(&self, path: &str, sum: &Sum, len: u64) -> bool {
        let _ = (path, sum, len);
        false
    }
}

impl<F: Fn(String, Vec<u8>) + Sync> SharedSink for F {
    fn file(&self, path: String, bytes: Vec<u8>) {
        self(path, bytes);
    }
}

/// A [`SharedSink`] as one thread's [`Sink`].
pub struct OneThread<'s>(pub &'s dyn SharedSink);

impl Sink for OneThread<'_> {
    fn file(&mut self, path: String, bytes: Vec<u8>) {
        self.0.file(path, bytes);
    }

    fn holds(&mut self, path: &str, sum: &Sum, len: u64) -> bool {
        self.0.holds(path, sum, len)
    }
}

/// Pack files waiting to be compressed: `(path, name, json)`.
#[derive(Default)]
pub struct Pending(Vec<(String, String, String)>);

impl Pending {
    pub fn push(&mut self, path: String, name: String, json: String) {
        self.0.push((path, name, json));
    }

    /// Hands the waiting packs to `sink` and to `store`: those the last export made from
    /// the same name and JSON as they were (not even read when the output holds them), the
    /// others compressed on every core. Returns each pack's key, in the order they came.
    pub fn flush(&mut self, sink: &mut dyn Sink, store: &mut PackStore) -> Result<Vec<Hash>, SearchError> {
        let keyed: Vec<(String, String, String, Hash)> = std::mem::take(&mut self.0)
            .into_par_iter()
            .map(|(path, name, json)| {
                let key = hash(&name, &json);
                (path, name, json, key)
            })
            .collect();
        let keys: Vec<Hash> = keyed.iter().map(|(.., key)| *key).collect();
        let taken = store.taken(keyed.iter().map(|(path, .., key)| (key, path.as_str())), sink);
        // The others compressed on every core.
        let done: Vec<Option<(String, Hash, Blob, bool)>> = keyed
            .into_par_iter()
            .zip(taken)
            .map(|((path, name, json, key), taken)| match taken {
                Taken::Held => Ok(None),
                Taken::Kept(blob) => Ok(Some((path, key, blob, true))),
                Taken::Make => script(&name, &json).map(|bytes| Some((path, key, Blob::of(bytes), false))),
            })
            .collect::<Result<_, _>>()?;
        for (path, key, blob, reused) in done.into_iter().flatten() {
            store.record(&key, &blob, reused)?;
            sink.file(path, blob.bytes);
        }
        Ok(keys)
    }
}

/// What an export takes of a pack from the last: nothing to do (the output holds it as it
/// was, and the store keeps it), its bytes, or nothing (it is made).
pub enum Taken {
    Held,
    Kept(Blob),
    Make,
}

/// What a pack is found by in a [`PackStore`].
pub type Hash = [u8; 32];

/// A pack's key: the BLAKE3 of its name and JSON. Every pack's JSON is hashed on every
/// export (about 64 MB on 1,000 guides); on inputs of 16–64 KiB BLAKE3 takes a half to
/// a quarter of SHA-256's time here.
fn hash(name: &str, json: &str) -> Hash {
    let mut h = blake3::Hasher::new();
    h.update(name.as_bytes());
    h.update(&[0]);
    h.update(json.as_bytes());
    h.finalize().into()
}

/// The packs of the last export of one language, kept in the search cache
/// (`<lang>.packs`, a [`BlobStore`]) so that an export compresses only the packs whose
/// content changed — after one guide is edited, most packs are the same. Each is found by
/// the BLAKE3 of its name and JSON (a document pack by what it is made from, see
/// [`super::doc_packs`]); the file is made for one version of tebiki and
/// ignored by any other (the packs of 5,000 guides weigh 127 MiB: only where each stands
/// is loaded).
pub struct PackStore {
    store: BlobStore<32>,
    /// Packs of this export taken from the last one, and packs compressed.
    pub reused: usize,
    pub made: usize,
}

/// The first line of a pack store: what its packs were made by.
fn store_header() -> String {
    format!("tebiki packs {} {} zlib {LEVEL} blake3\n", super::shared::shared().format, crate::fingerprint::TOOL)
}

impl PackStore {
    /// The store in `path`; empty when there is none, or it is unreadable or of another
    /// version (it is only a cache).
    pub fn load(path: &Path) -> PackStore {
        PackStore { store: BlobStore::load(path, store_header()), reused: 0, made: 0 }
    }

    /// What this export takes of the last export's packs of `wanted` (key, path): a pack
    /// the output `sink` holds as it was is kept as it stands ([`Taken::Held`]); the others
    /// the store has are read from its file here, one at a time, and
    /// [checked](Blob::checked) on every core.
    pub fn taken<'k>(&mut self, wanted: impl Iterator<Item = (&'k Hash, &'k str)>, sink: &mut dyn Sink) -> Vec<Taken> {
        let read: Vec<Taken> = wanted
            .map(|(key, path)| match self.store.entry(key) {
                Some((len, sum)) if sink.holds(path, &sum, len as u64) && self.store.keep(key) => Taken::Held,
                Some(_) => self.store.previous(key).map_or(Taken::Make, Taken::Kept),
                None => Taken::Make,
            })
            .collect();
        self.reused += read.iter().filter(|t| matches!(t, Taken::Held)).count();
        read.into_par_iter()
            .map(|t| match t {
                Taken::Kept(blob) => blob.checked().map_or(Taken::Make, Taken::Kept),
                other => other,
            })
            .collect()
    }

    /// Keeps the last export's pack of key `key` as this export's when the output `sink`
    /// holds it at `path` as it was ([`Taken::Held`]): false when it does not (or the store
    /// lacks it), and the pack must be made.
    pub fn hold(&mut self, key: &Hash, path: &str, sink: &mut dyn Sink) -> bool {
        let held = matches!(self.store.entry(key), Some((len, sum)) if sink.holds(path, &sum, len as u64))
            && self.store.keep(key);
        self.reused += usize::from(held);
        held
    }

    /// Records a pack of this export under `key`: `reused` when it is the last export's.
    pub fn record(&mut self, key: &Hash, blob: &Blob, reused: bool) -> Result<(), SearchError> {
        self.reused += usize::from(reused);
        self.made += usize::from(!reused);
        self.store.record(key, blob, reused)
    }

    /// Puts the store of this export's packs in place of the last.
    pub fn save(self) -> Result<(), SearchError> {
        self.store.save()
    }
}

/// Groups consecutive sized items into packs of at most `max` bytes (a larger item alone):
/// the ranges of item indexes of each pack.
pub fn group(sizes: &[usize], max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, &s) in sizes.iter().enumerate() {
        if i > start && bytes + s > max {
            out.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes += s;
    }
    if start < sizes.len() {
        out.push(start..sizes.len());
    }
    out
}

/// Documents per document pack: [`DOC_PACK_BYTES`] over the average row size, at least 4.
pub fn docs_per_pack(row_bytes: usize, docs: usize) -> u32 {
    if docs == 0 {
        return 4;
    }
    let avg = row_bytes.div_ceil(docs).max(1);
    (DOC_PACK_BYTES / avg).clamp(4, 4096) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Output;

    #[test]
    fn groups_consecutive_items_up_to_the_bound_and_a_large_item_alone() {
        assert_eq!(group(&[4, 4, 4, 20, 1, 1], 10), vec![0..2, 2..3, 3..4, 4..6]);
        assert_eq!(group(&[], 10), Vec::<std::ops::Range<usize>>::new());
    }

    #[test]
    fn a_store_gives_back_the_packs_of_the_last_export_and_nothing_of_another_version() {
        let dir = tempfile_dir("store");
        let path = dir.join("ja.packs");
        let mut first = PackStore::load(&path);
        let mut out = Output::default();
        let mut pending = Pending::default();
        pending.push("a.js".into(), "ja/k/0".into(), "{\"t\":{\"情報\":1}}".into());
        pending.push("b.js".into(), "ja/k/1".into(), "{\"t\":{}}".into());
        pending.flush(&mut |path, bytes| out.add(path, bytes), &mut first).unwrap();
        assert_eq!((first.reused, first.made), (0, 2));
        first.save().unwrap();

        let mut second = PackStore::load(&path);
        let mut again = Output::default();
        pending.push("a.js".into(), "ja/k/0".into(), "{\"t\":{\"情報\":1}}".into());
        pending.push("b.js".into(), "ja/k/1".into(), "{\"t\":{\"x\":2}}".into());
        pending.push("c.js".into(), "ja/k/2".into(), "{\"t\":{}}".into());
        pending.flush(&mut |path, bytes| again.add(path, bytes), &mut second).unwrap();
        assert_eq!((second.reused, second.made), (1, 2), "only a.js is the same name and JSON");
        assert_eq!(again.files["a.js"], out.files["a.js"]);
        assert_eq!(again.files["c.js"], script("ja/k/2", "{\"t\":{}}").unwrap(), "same JSON, other name: made");

        let mut bytes = std::fs::read(&path).unwrap();
        bytes[7] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(!PackStore::load(&path).store.has_previous(), "another header: ignored");
        std::fs::write(&path, &bytes[..0]).unwrap();
        assert!(!PackStore::load(&path).store.has_previous());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A sink that holds the files of `held` as they are in `output` (by BLAKE3 and
    /// length), and keeps what it is handed.
    struct Holding<'o> {
        output: &'o Output,
        held: &'o [&'o str],
        asked: Vec<String>,
        got: Output,
    }

    impl Sink for Holding<'_> {
        fn file(&mut self, path: String, bytes: Vec<u8>) {
            self.got.add(path, bytes);
        }

        fn holds(&mut self, path: &str, sum: &Sum, len: u64) -> bool {
            self.asked.push(path.to_owned());
            let there = self.output.files.get(path);
            self.held.contains(&path)
                && there.is_some_and(|b| b.len() as u64 == len && blake3::hash(b).as_bytes() == sum)
        }
    }

    #[test]
    fn a_pack_the_output_holds_as_it_was_is_kept_without_its_bytes() {
        let dir = tempfile_dir("held");
        let path = dir.join("ja.packs");
        let packs = |pending: &mut Pending| {
            for (n, json) in ["{\"t\":{\"情報\":1}}", "{\"t\":{}}", "{\"t\":{\"y\":3}}"].iter().enumerate() {
                pending.push(format!("{n}.js"), format!("ja/k/{n}"), (*json).to_owned());
            }
        };
        let mut pending = Pending::default();
        let mut first = PackStore::load(&path);
        let mut out = Output::default();
        packs(&mut pending);
        pending.flush(&mut |path, bytes| out.add(path, bytes), &mut first).unwrap();
        first.save().unwrap();
        // The output holds 0.js and 1.js as they were; 2.js it does not say it holds.
        let mut second = PackStore::load(&path);
        let mut sink = Holding { output: &out, held: &["0.js", "1.js"], asked: Vec::new(), got: Output::default() };
        packs(&mut pending);
        pending.flush(&mut sink, &mut second).unwrap();
        assert_eq!(sink.asked, ["0.js", "1.js", "2.js"]);
        assert_eq!(sink.got.files.keys().collect::<Vec<_>>(), ["2.js"], "only the pack not held is handed over");
        assert_eq!(sink.got.files["2.js"], out.files["2.js"], "read from the store");
        assert_eq!((second.reused, second.made), (3, 0));
        second.save().unwrap();
        // The held packs stay in the store: the next export takes all three again.
        let mut third = PackStore::load(&path);
        let mut again = Output::default();
        packs(&mut pending);
        pending.flush(&mut |path, bytes| again.add(path, bytes), &mut third).unwrap();
        assert_eq!((third.reused, third.made), (3, 0));
        assert_eq!(again.files, out.files);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tebiki-packs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_pack_script_holds_its_json_deflated_in_base64() {
        use std::io::Read;
        let bytes = script("ja/k/0", "{\"t\":{}}").unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let b64 = text.strip_prefix("tebikiSearch.register(\"ja/k/0\",\"").unwrap().strip_suffix("\");\n").unwrap();
        let z = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
        let mut json = String::new();
        flate2::read::ZlibDecoder::new(&z[..]).read_to_string(&mut json).unwrap();
        assert_eq!(json, "{\"t\":{}}");
    }
}
