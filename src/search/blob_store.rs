//! A cache file of keyed blobs, each checked by the BLAKE3 of its bytes: what an export
//! keeps of the last one so that it redoes only what changed — its packs
//! ([`super::packs::PackStore`]) and its terms' layouts ([`super::term_store::TermStore`]).
//!
//! The file begins with a header line naming what made it (a file of another version is
//! ignored); each entry is its key (`K` bytes), its length (8 bytes, little-endian), the
//! BLAKE3 of its bytes, then the bytes. Loading reads only where each entry stands; an
//! entry is read when it is taken, and checked by whoever takes it ([`Blob::checked`]).
//! The next file is written beside the last (`.<ext>-new`) as entries are recorded, so
//! that an export never holds them all at once, and [`BlobStore::save`] puts it in place.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::SearchError;
use crate::fsx::FsError;

/// The BLAKE3 of a blob's bytes.
pub type Sum = [u8; 32];

/// A blob: its bytes, and the BLAKE3 they should have (read from a store: not yet checked).
#[derive(Debug, PartialEq)]
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

/// The store of one cache file: the last export's, read from when an entry is taken, and
/// the next, written as entries are recorded.
pub struct BlobStore<const K: usize> {
    previous: Option<Previous<K>>,
    path: PathBuf,
    header: String,
    next: Option<BufWriter<File>>,
}

/// The last export's file, and per key where its entry's bytes stand, their length and
/// their sum.
struct Previous<const K: usize> {
    file: File,
    entries: HashMap<[u8; K], (u64, usize, Sum)>,
}

impl<const K: usize> BlobStore<K> {
    /// The store in `path`, whose file begins with `header` (a line); empty when there is
    /// none, or it is unreadable, cut short or of another header (it is only a cache).
    pub fn load(path: &Path, header: String) -> BlobStore<K> {
        let previous = File::open(path).ok().and_then(|f| index(f, &header));
        BlobStore { previous, path: path.to_owned(), header, next: None }
    }

    /// Whether the last export's file was read.
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// The last export's blob of key `key`, when it has one and it can be read (to be
    /// [checked](Blob::checked)).
    pub fn previous(&mut self, key: &[u8; K]) -> Option<Blob> {
        let previous = self.previous.as_mut()?;
        let &(at, len, sum) = previous.entries.get(key)?;
        let mut bytes = vec![0; len];
        previous.file.seek(SeekFrom::Start(at)).ok()?;
        previous.file.read_exact(&mut bytes).ok()?;
        Some(Blob { bytes, sum })
    }

    /// Where the next file is written until [`BlobStore::save`].
    fn draft(&self) -> PathBuf {
        self.sibling("new")
    }

    /// The path of the store's file with `-<what>` after its extension.
    fn sibling(&self, what: &str) -> PathBuf {
        let ext = self.path.extension().and_then(|e| e.to_str()).unwrap_or("store");
        self.path.with_extension(format!("{ext}-{what}"))
    }

    /// The next file, begun with its header the first time.
    fn next(&mut self) -> Result<&mut BufWriter<File>, SearchError> {
        if self.next.is_none() {
            let draft = self.draft();
            let err = |e| FsError::new("write", &draft, e);
            let mut file = BufWriter::new(File::create(&draft).map_err(err)?);
            file.write_all(self.header.as_bytes()).map_err(err)?;
            self.next = Some(file);
        }
        Ok(self.next.as_mut().expect("opened above"))
    }

    /// Adds one blob of this export to the next file.
    pub fn record(&mut self, key: &[u8; K], blob: &Blob) -> Result<(), SearchError> {
        let draft = self.draft();
        let file = self.next()?;
        [&key[..], &(blob.bytes.len() as u64).to_le_bytes(), &blob.sum[..], &blob.bytes]
            .iter()
            .try_for_each(|part| file.write_all(part))
            .map_err(|e| FsError::new("write", &draft, e).into())
    }

    /// Puts the file of this export's blobs in place of the last.
    pub fn save(mut self) -> Result<(), SearchError> {
        let draft = self.draft();
        let file = self.next()?;
        file.flush().map_err(|e| FsError::new("write", &draft, e))?;
        drop(self.next.take());
        drop(self.previous.take());
        crate::fsx::replace(&draft, &self.path, &self.sibling("old"))?;
        Ok(())
    }
}

/// The keys of the store in `path` (with `header`), in no order; none when it cannot be
/// read.
pub fn keys<const K: usize>(path: &Path, header: &str) -> Vec<[u8; K]> {
    File::open(path)
        .ok()
        .and_then(|f| index::<K>(f, header))
        .map(|p| p.entries.into_keys().collect())
        .unwrap_or_default()
}

/// Where each entry of a store stands, read from its file's header and the heads of its
/// entries; `None` when the file has another header or is cut short.
fn index<const K: usize>(file: File, header: &str) -> Option<Previous<K>> {
    let size = file.metadata().ok()?.len();
    let mut reader = BufReader::new(file);
    let mut first = vec![0; header.len()];
    reader.read_exact(&mut first).ok()?;
    if first != header.as_bytes() {
        return None;
    }
    let mut at = header.len() as u64;
    let mut entries = HashMap::new();
    let mut head = vec![0u8; K + 8 + 32];
    while at < size {
        reader.read_exact(&mut head).ok()?;
        let key: [u8; K] = head[..K].try_into().ok()?;
        let len = u64::from_le_bytes(head[K..K + 8].try_into().ok()?);
        let sum: Sum = head[K + 8..].try_into().ok()?;
        at += head.len() as u64;
        if at.checked_add(len)? > size {
            return None;
        }
        entries.insert(key, (at, usize::try_from(len).ok()?, sum));
        reader.seek_relative(i64::try_from(len).ok()?).ok()?;
        at += len;
    }
    Some(Previous { file: reader.into_inner(), entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "tebiki test store 1\n";

    #[test]
    fn a_store_gives_back_the_last_exports_blobs_and_nothing_of_another_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.test");
        let mut first: BlobStore<4> = BlobStore::load(&path, HEADER.into());
        assert!(!first.has_previous());
        first.record(&[1; 4], &Blob::of(b"one".to_vec())).unwrap();
        first.record(&[2; 4], &Blob::of(b"two".to_vec())).unwrap();
        first.save().unwrap();
        assert!(!dir.path().join("ja.test-new").exists(), "the draft is put in place");
        let mut second: BlobStore<4> = BlobStore::load(&path, HEADER.into());
        assert_eq!(second.previous(&[2; 4]).and_then(Blob::checked), Some(Blob::of(b"two".to_vec())));
        assert_eq!(second.previous(&[3; 4]), None, "no such key");
        let mut keys = keys::<4>(&path, HEADER);
        keys.sort();
        assert_eq!(keys, vec![[1; 4], [2; 4]]);
        assert!(!BlobStore::<4>::load(&path, "tebiki test store 2\n".into()).has_previous());
    }

    #[test]
    fn a_truncated_store_is_ignored_and_a_damaged_blob_does_not_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.test");
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(&[7; 4]);
        bytes.extend_from_slice(&10u64.to_le_bytes());
        bytes.extend_from_slice(blake3::hash(b"short12345").as_bytes());
        bytes.extend_from_slice(b"short");
        std::fs::write(&path, &bytes).unwrap();
        assert!(!BlobStore::<4>::load(&path, HEADER.into()).has_previous(), "truncated");
        bytes.extend_from_slice(b"12345");
        std::fs::write(&path, &bytes).unwrap();
        let read = |key| BlobStore::<4>::load(&path, HEADER.into()).previous(&key).and_then(Blob::checked);
        assert_eq!(read([7; 4]).unwrap().bytes, b"short12345");
        let last = bytes.len() - 1;
        bytes[last] = b'6';
        std::fs::write(&path, &bytes).unwrap();
        let mut damaged: BlobStore<4> = BlobStore::load(&path, HEADER.into());
        assert!(damaged.has_previous(), "blobs are checked when read");
        assert_eq!(damaged.previous(&[7; 4]).expect("read whole").checked(), None);
    }
}
