//! A cache file of keyed blobs, each checked by the BLAKE3 of its bytes: what an export
//! keeps of the last one so that it redoes only what changed — its packs
//! ([`super::packs::PackStore`]) and its terms' layouts ([`super::term_store::TermStore`]).
//!
//! The file begins with a header line naming what made it (a file of another version is
//! ignored); each entry is its key (`K` bytes), its length (8 bytes, little-endian), the
//! BLAKE3 of its bytes, then the bytes. Loading reads only where each entry stands; an
//! entry is read when it is taken, and checked by whoever takes it ([`Blob::checked`]).
//!
//! Keys name their bytes (a pack by its content, a layout by what it is made from), so an
//! entry is never wrong, only perhaps no longer used. An export therefore leaves the
//! entries it takes again where they are and *appends* the blobs it made to the file;
//! after an edit of one guide that is a few KiB instead of rewriting tens of MiB. When
//! the entries no longer used outweigh those used ([`BlobStore::save`]), the file is
//! written anew with only the latter, beside the last (`.<ext>-new`), and put in place.
//! A build killed while appending leaves an entry cut short at the end: the next load
//! reads the entries before it, and the next append writes over it. Beside the file,
//! `.<ext>-live` lists the keys the last export used ([`keys`]).

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use super::SearchError;
use crate::fsx::FsError;

/// The BLAKE3 of a blob's bytes.
pub type Sum = [u8; 32];

/// A blob: its bytes, and the BLAKE3 they should have (read from a store: not yet checked).
#[derive(Debug, Clone, PartialEq)]
pub struct Blob {
    pub bytes: Vec<u8>,
    pub sum: Sum,
}

impl Blob {
    /// A blob made now, with its sum.
    pub fn of(bytes: Vec<u8>) -> Blob {
        let sum = blake3::hash(&bytes).into();
        Blob { bytes, sum }
    }

    /// The blob, when its bytes are what was stored.
    pub fn checked(self) -> Option<Blob> {
        (<Sum>::from(blake3::hash(&self.bytes)) == self.sum).then_some(self)
    }
}

/// Bytes the entries no longer used may take past those used before the file is written
/// anew: a small store is not rewritten for a few stale entries.
const STALE_SLACK: u64 = 1 << 20;

/// The store of one cache file: the last export's entries, read from when an entry is
/// taken, and this export's, kept in place or appended as they are recorded.
pub struct BlobStore<const K: usize> {
    previous: Option<Previous<K>>,
    path: PathBuf,
    header: String,
    /// Where this export's new blobs go: the end of the last export's file, or a new file
    /// when there was none.
    next: Option<BufWriter<File>>,
    /// The keys this export recorded, in order, and the bytes their entries take.
    live: Vec<[u8; K]>,
    live_bytes: u64,
    /// Bytes appended to the last export's file.
    appended: u64,
}

/// The last export's file, where its last whole entry ends, and per key where its entry's
/// bytes stand, their length and their sum.
struct Previous<const K: usize> {
    file: File,
    end: u64,
    entries: HashMap<[u8; K], (u64, usize, Sum)>,
}

impl<const K: usize> BlobStore<K> {
    /// The store in `path`, whose file begins with `header` (a line); empty when there is
    /// none, or it is unreadable or of another header (it is only a cache).
    pub fn load(path: &Path, header: String) -> BlobStore<K> {
        let previous = File::open(path).ok().and_then(|f| index(f, &header));
        BlobStore { previous, path: path.to_owned(), header, next: None, live: Vec::new(), live_bytes: 0, appended: 0 }
    }

    /// Whether the last export's file was read.
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// The last export's blob of key `key`, when it has one and it can be read (to be
    /// [checked](Blob::checked)); from any thread.
    pub fn previous(&self, key: &[u8; K]) -> Option<Blob> {
        let previous = self.previous.as_ref()?;
        let &(at, len, sum) = previous.entries.get(key)?;
        let mut bytes = vec![0; len];
        previous.file.read_exact_at(&mut bytes, at).ok()?;
        Some(Blob { bytes, sum })
    }

    /// The length and sum of the last export's blob of key `key`, when it has one.
    pub fn entry(&self, key: &[u8; K]) -> Option<(usize, Sum)> {
        self.previous.as_ref()?.entries.get(key).map(|&(_, len, sum)| (len, sum))
    }

    /// Records the last export's blob of key `key` as this export's, without reading it;
    /// false when there is none.
    pub fn keep(&mut self, key: &[u8; K]) -> bool {
        let Some((len, _)) = self.entry(key) else { return false };
        self.live.push(*key);
        self.live_bytes += entry_size::<K>(len);
        true
    }

    /// Where the file is written anew until [`BlobStore::save`].
    fn draft(&self) -> PathBuf {
        self.sibling("new")
    }

    fn sibling(&self, what: &str) -> PathBuf {
        sibling(&self.path, what)
    }

    /// The file new blobs are written to: the last export's, or the draft when there was
    /// none.
    fn writing(&self) -> PathBuf {
        if self.previous.is_some() { self.path.clone() } else { self.draft() }
    }

    /// Where new blobs go, opened the first time: the last export's file, cut after its
    /// last whole entry, or a new file begun with its header.
    fn next(&mut self) -> Result<&mut BufWriter<File>, SearchError> {
        if self.next.is_none() {
            let file = match &self.previous {
                Some(previous) => {
                    let err = |e| FsError::new("write", &self.path, e);
                    let mut file = OpenOptions::new().write(true).open(&self.path).map_err(err)?;
                    file.set_len(previous.end).map_err(err)?;
                    file.seek(SeekFrom::Start(previous.end)).map_err(err)?;
                    BufWriter::new(file)
                }
                None => {
                    let draft = self.draft();
                    let err = |e| FsError::new("write", &draft, e);
                    let mut file = BufWriter::new(File::create(&draft).map_err(err)?);
                    file.write_all(self.header.as_bytes()).map_err(err)?;
                    file
                }
            };
            self.next = Some(file);
        }
        Ok(self.next.as_mut().expect("opened above"))
    }

    /// Records one blob of this export: `reused` when it is the last export's blob of
    /// `key`, read and checked — its entry then stays where it is; any other is appended.
    pub fn record(&mut self, key: &[u8; K], blob: &Blob, reused: bool) -> Result<(), SearchError> {
        let size = entry_size::<K>(blob.bytes.len());
        self.live.push(*key);
        self.live_bytes += size;
        if reused && self.entry(key) == Some((blob.bytes.len(), blob.sum)) {
            return Ok(());
        }
        let path = self.writing();
        let file = self.next()?;
        [&key[..], &(blob.bytes.len() as u64).to_le_bytes(), &blob.sum[..], &blob.bytes]
            .iter()
            .try_for_each(|part| file.write_all(part))
            .map_err(|e| FsError::new("write", &path, e))?;
        self.appended += size;
        Ok(())
    }

    /// Finishes this export's file: a new one put in place of the last; the last, with the
    /// new blobs appended, written anew with only this export's entries when the others
    /// outweigh them. Then lists this export's keys beside it.
    pub fn save(mut self) -> Result<(), SearchError> {
        let fresh = self.previous.is_none();
        if fresh {
            self.next()?;
        }
        if let Some(mut file) = self.next.take() {
            file.flush().map_err(|e| FsError::new("write", &self.writing(), e))?;
        }
        let used = self.header.len() as u64 + self.live_bytes;
        if fresh {
            crate::fsx::replace(&self.draft(), &self.path, &self.sibling("old"))?;
        } else if self.previous.as_ref().map_or(0, |p| p.end) + self.appended > 2 * used + STALE_SLACK {
            drop(self.previous.take());
            self.compact()?;
        }
        let mut listed = Vec::with_capacity(self.live.len() * K);
        for key in self.live.iter().collect::<HashSet<_>>() {
            listed.extend_from_slice(key);
        }
        crate::fsx::write(&self.sibling("live"), &listed)?;
        Ok(())
    }

    /// Writes the file anew with only the entries of this export's keys, and puts it in
    /// place. A file that no longer reads as a store is left for the next export to
    /// ignore.
    fn compact(&self) -> Result<(), SearchError> {
        let Some(all) = File::open(&self.path).ok().and_then(|f| index::<K>(f, &self.header)) else {
            return Ok(());
        };
        let draft = self.draft();
        let err = |e| FsError::new("write", &draft, e);
        let mut out = BufWriter::new(File::create(&draft).map_err(err)?);
        out.write_all(self.header.as_bytes()).map_err(err)?;
        let mut seen = HashSet::new();
        let mut bytes = Vec::new();
        for key in self.live.iter().filter(|k| seen.insert(*k)) {
            let Some(&(at, len, sum)) = all.entries.get(key) else { continue };
            bytes.resize(len, 0);
            all.file.read_exact_at(&mut bytes, at).map_err(|e| FsError::new("read", &self.path, e))?;
            [&key[..], &(len as u64).to_le_bytes(), &sum[..], &bytes]
                .iter()
                .try_for_each(|p| out.write_all(p))
                .map_err(err)?;
        }
        out.flush().map_err(err)?;
        drop(out);
        crate::fsx::replace(&draft, &self.path, &self.sibling("old"))?;
        Ok(())
    }
}

/// The path of a store's file `path` with `-<what>` after its extension.
fn sibling(path: &Path, what: &str) -> PathBuf {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("store");
    path.with_extension(format!("{ext}-{what}"))
}

/// The bytes an entry of a blob of `len` bytes takes.
fn entry_size<const K: usize>(len: usize) -> u64 {
    (K + 8 + 32 + len) as u64
}

/// The keys the last export of the store in `path` (with `header`) used, in no order;
/// none when they cannot be read or the store is of another header: what a test compares
/// across builds.
pub fn keys<const K: usize>(path: &Path, header: &str) -> Vec<[u8; K]> {
    let mut first = vec![0; header.len()];
    let ours = File::open(path).and_then(|mut f| f.read_exact(&mut first)).is_ok() && first == header.as_bytes();
    let listed = if ours { std::fs::read(sibling(path, "live")).unwrap_or_default() } else { Vec::new() };
    listed.chunks_exact(K).map(|k| k.try_into().expect("K bytes")).collect()
}

/// Where each entry of a store stands, read from its file's header and the heads of its
/// entries (a later entry of a key in place of an earlier one); `None` when the file has
/// another header. An entry cut short ends the file: those before it are read.
fn index<const K: usize>(file: File, header: &str) -> Option<Previous<K>> {
    let size = file.metadata().ok()?.len();
    let mut first = vec![0; header.len()];
    file.read_exact_at(&mut first, 0).ok()?;
    if first != header.as_bytes() {
        return None;
    }
    // Each head read where it stands, one read each: through a buffered reader, the
    // reader filled its 8 KiB buffer again after each seek past an entry (at 1,000
    // guides, the two stores' 9,800 entries took 14–19 ms of each edit; 8–12 ms so).
    let mut at = header.len() as u64;
    let mut entries = HashMap::new();
    let mut head = vec![0u8; K + 8 + 32];
    while at < size {
        if file.read_exact_at(&mut head, at).is_err() {
            break;
        }
        let key: [u8; K] = head[..K].try_into().ok()?;
        let len = u64::from_le_bytes(head[K..K + 8].try_into().ok()?);
        let sum: Sum = head[K + 8..].try_into().ok()?;
        let start = at + head.len() as u64;
        let Some(stop) = start.checked_add(len).filter(|&s| s <= size) else { break };
        entries.insert(key, (start, usize::try_from(len).ok()?, sum));
        at = stop;
    }
    Some(Previous { file, end: at, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "tebiki test store 1\n";

    fn blob(text: &str) -> Blob {
        Blob::of(text.as_bytes().to_vec())
    }

    /// Records `blobs` as an export does, taking each from the last export when it has it.
    fn export(path: &Path, blobs: &[([u8; 4], Blob)]) {
        let mut store: BlobStore<4> = BlobStore::load(path, HEADER.into());
        for (key, b) in blobs {
            let reused = store.previous(key).and_then(Blob::checked).is_some_and(|p| p == *b);
            store.record(key, b, reused).unwrap();
        }
        store.save().unwrap();
    }

    fn read(path: &Path, key: [u8; 4]) -> Option<Blob> {
        BlobStore::<4>::load(path, HEADER.into()).previous(&key).and_then(Blob::checked)
    }

    fn size(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    #[test]
    fn a_store_gives_back_the_last_exports_blobs_and_nothing_of_another_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.test");
        assert!(!BlobStore::<4>::load(&path, HEADER.into()).has_previous());
        export(&path, &[([1; 4], blob("one")), ([2; 4], blob("two"))]);
        assert!(!dir.path().join("ja.test-new").exists(), "the draft is put in place");
        assert_eq!(read(&path, [2; 4]), Some(blob("two")));
        assert_eq!(read(&path, [3; 4]), None, "no such key");
        let mut used = keys::<4>(&path, HEADER);
        used.sort();
        assert_eq!(used, vec![[1; 4], [2; 4]]);
        assert!(!BlobStore::<4>::load(&path, "tebiki test store 2\n".into()).has_previous());
        assert!(keys::<4>(&path, "tebiki test store 2\n").is_empty());
    }

    #[test]
    fn blobs_taken_again_stay_where_they_are_and_new_ones_are_appended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.test");
        let many: Vec<([u8; 4], Blob)> = (0..50u8).map(|i| ([i; 4], blob(&format!("blob {i}").repeat(20)))).collect();
        export(&path, &many);
        let first = size(&path);
        let before = std::fs::read(&path).unwrap();
        // The same blobs again: nothing is written.
        export(&path, &many);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // One blob changed, one added: two entries appended, the file before them as it was.
        let mut next = many.clone();
        next[7].1 = blob("changed");
        next.push(([99; 4], blob("added")));
        export(&path, &next);
        let after = std::fs::read(&path).unwrap();
        assert_eq!(&after[..before.len()], &before[..]);
        assert_eq!(size(&path), first + entry_size::<4>(7) + entry_size::<4>(5));
        assert_eq!(read(&path, [7; 4]), Some(blob("changed")), "the later entry of a key is the one read");
        assert_eq!(read(&path, [99; 4]), Some(blob("added")));
        assert_eq!(keys::<4>(&path, HEADER).len(), 51, "the keys used, not the entries no longer used");
    }

    #[test]
    fn the_file_is_written_anew_when_entries_no_longer_used_outweigh_those_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.test");
        let big = |i: u8| ([i; 4], Blob::of(vec![i; 400_000]));
        let used = HEADER.len() as u64 + 2 * entry_size::<4>(400_000);
        let mut sizes = Vec::new();
        // The first blob kept, the second replaced by a new one at every export.
        for i in 2..10 {
            export(&path, &[big(1), big(i)]);
            sizes.push(size(&path));
        }
        assert!(sizes.iter().all(|&s| s <= 2 * used + STALE_SLACK), "{sizes:?}");
        assert!(sizes[1] > used, "appended at first: {sizes:?}");
        assert!(sizes[2..].contains(&used), "written anew with only the entries used: {sizes:?}");
        assert!(!dir.path().join("ja.test-new").exists());
        for key in [1, 9] {
            assert_eq!(read(&path, [key; 4]), Some(Blob::of(vec![key; 400_000])));
        }
        assert_eq!(read(&path, [2; 4]), None, "written anew without it");
    }

    #[test]
    fn an_entry_cut_short_by_a_killed_build_is_dropped_and_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.test");
        export(&path, &[([1; 4], blob("whole")), ([2; 4], blob("cut short"))]);
        let whole = size(&path) - 3;
        let file = OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(whole).unwrap();
        drop(file);
        assert_eq!(read(&path, [1; 4]), Some(blob("whole")), "the entries before the cut are read");
        assert_eq!(read(&path, [2; 4]), None);
        export(&path, &[([1; 4], blob("whole")), ([2; 4], blob("cut short"))]);
        assert_eq!(read(&path, [2; 4]), Some(blob("cut short")), "appended after the last whole entry");
        assert_eq!(size(&path), whole + 3);
    }

    #[test]
    fn a_damaged_blob_does_not_check_and_its_new_bytes_are_appended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.test");
        export(&path, &[([7; 4], blob("short12345"))]);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] = b'6';
        std::fs::write(&path, &bytes).unwrap();
        let damaged: BlobStore<4> = BlobStore::load(&path, HEADER.into());
        assert!(damaged.has_previous(), "blobs are checked when read");
        assert_eq!(damaged.previous(&[7; 4]).expect("read whole").checked(), None);
        drop(damaged);
        export(&path, &[([7; 4], blob("short12345"))]);
        assert_eq!(read(&path, [7; 4]), Some(blob("short12345")));
    }
}
