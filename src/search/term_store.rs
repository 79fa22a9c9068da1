//! The laid-out terms of the last export of one language, kept in the search cache
//! (`<lang>.terms`, beside the packs of [`super::packs::PackStore`]) so that an export lays
//! out again only the terms whose layout could differ, and takes the others as they were:
//! after an edit of one guide, most of them.
//!
//! A term is found by its [`key`], made from everything its layout is made from — the
//! number of documents, the layout averages ([`super::bm25::layout_average`]), the
//! documents' section offsets and its postings — and what is read back is checked
//! against the BLAKE3 of its bytes; a term that does not check is laid out again. The
//! bytes are the same either way. The file ([`super::blob_store`]) is made for one version
//! of tebiki and ignored by any other.

use std::path::Path;

use super::blob_store::{Blob, BlobStore};
use super::le_bytes::Reader;
use super::postings::BlockHead;

/// A term's postings laid out in blocks: the heads of its blocks, the first block's
/// postings (which go in its head) and the other blocks' (JSON strings, for the block
/// packs).
#[derive(Debug, Clone, PartialEq)]
pub struct LaidBlocks {
    pub heads: Vec<BlockHead>,
    pub first: String,
    pub rest: Vec<String>,
}

/// A term's key: 128 bits.
pub type Key = [u8; 16];

/// What a term's layout is made from besides its postings, the same for every term of an
/// export: the number of documents, the three layout averages, and the BLAKE3 of every
/// document's section offset (so that any change of sections lays every term out again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Basis([u64; 2]);

impl Basis {
    /// The basis as 16 bytes, and back ([`Basis::from_bytes`]).
    pub fn to_bytes(self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.0[0].to_le_bytes());
        out[8..].copy_from_slice(&self.0[1].to_le_bytes());
        out
    }

    pub fn from_bytes(b: [u8; 16]) -> Basis {
        Basis(std::array::from_fn(|i| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().expect("8 bytes"))))
    }

    pub fn new(docs: u32, averages: &[f32; 3], offsets: &[u32]) -> Basis {
        let mut h = blake3::Hasher::new();
        h.update(&docs.to_le_bytes());
        for a in averages {
            h.update(&a.to_bits().to_le_bytes());
        }
        for o in offsets {
            h.update(&o.to_le_bytes());
        }
        let b: [u8; 32] = h.finalize().into();
        Basis::from_bytes(b[..16].try_into().expect("16 bytes"))
    }
}

/// The key of a term's layout: `basis` and the term's postings field by field (document,
/// term frequency, field-norm id), folded into 128 bits by two multiply-folding lanes of
/// different constants — a check made on every term of every export, where a
/// cryptographic hash of the postings took as long as laying them out. Each lane is a
/// chain of 128-bit products folded to 64 bits (as wyhash and foldhash fold), seeded from
/// `basis` and fed each list's length and every posting as one word (two where the term
/// frequency takes more than 24 bits), so that two different lists agree in both lanes
/// only by chance.
pub fn key(lists: &[Vec<super::postings::Posting>; 3], basis: &Basis) -> Key {
    const M: [u64; 2] = [0x9E37_79B9_7F4A_7C15, 0xD6E8_FEB8_6659_FD93];
    let mut lanes = basis.0;
    let mut feed = |w: u64| {
        for (lane, m) in lanes.iter_mut().zip(M) {
            let product = u128::from(*lane ^ w) * u128::from(m);
            *lane = (product as u64) ^ ((product >> 64) as u64);
        }
    };
    for list in lists {
        feed(u64::MAX - list.len() as u64);
        for &(doc, tf, norm) in list {
            if tf < 0xFF_FFFF {
                feed(u64::from(doc) << 32 | u64::from(tf) << 8 | u64::from(norm));
            } else {
                feed(u64::from(doc) << 32 | 0xFF_FFFF << 8 | u64::from(norm));
                feed(u64::from(tf));
            }
        }
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&lanes[0].to_le_bytes());
    out[8..].copy_from_slice(&lanes[1].to_le_bytes());
    out
}

/// A layout as the store keeps it.
pub fn stored(laid: &LaidBlocks) -> Blob {
    Blob::of(encode(laid))
}

/// The layout a blob of the last export holds, with the blob, when it checks and reads as
/// one.
pub fn checked(blob: Blob) -> Option<(LaidBlocks, Blob)> {
    let blob = blob.checked()?;
    Some((decode(&blob.bytes)?, blob))
}

/// The store: the last export's layouts, read when taken (to be [checked]), and this
/// export's, written as its terms are laid out.
pub type TermStore = BlobStore<16>;

/// The first line of a term store: what its terms were laid out by.
fn store_header() -> String {
    format!("tebiki terms {} {}\n", super::shared::shared().format, crate::fingerprint::TOOL)
}

/// The store in `path`; empty when there is none, or it is unreadable or of another
/// version (it is only a cache).
pub fn open(path: &Path) -> TermStore {
    BlobStore::load(path, store_header())
}

/// The keys of the terms of the store in `path`, in no order (none when it cannot be
/// read): what a test compares across builds.
pub fn keys(path: &Path) -> Vec<Key> {
    super::blob_store::keys(path, &store_header())
}

/// A layout as bytes: the number of blocks, per block its head (first, last, count, then
/// top and best as three term frequency and norm pairs), then the first block's postings
/// and each other block's, each after its length. Numbers are 32-bit little-endian.
fn encode(laid: &LaidBlocks) -> Vec<u8> {
    let strings = laid.first.len() + laid.rest.iter().map(String::len).sum::<usize>();
    let mut out = Vec::with_capacity(4 + laid.heads.len() * 52 + strings + 4 * (1 + laid.rest.len()));
    out.extend_from_slice(&(laid.heads.len() as u32).to_le_bytes());
    for h in &laid.heads {
        for n in [h.first, h.last, h.count] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for &(tf, norm) in h.top.iter().chain(&h.best) {
            out.extend_from_slice(&tf.to_le_bytes());
            out.push(norm);
        }
    }
    for s in std::iter::once(&laid.first).chain(&laid.rest) {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    out
}

/// Reads [`encode`]'s bytes back; `None` when they are not a whole layout.
fn decode(bytes: &[u8]) -> Option<LaidBlocks> {
    let mut r = Reader(bytes);
    let blocks = r.u32()? as usize;
    if blocks == 0 || blocks > bytes.len() / 42 {
        return None;
    }
    let mut heads = Vec::with_capacity(blocks);
    for _ in 0..blocks {
        let (first, last, count) = (r.u32()?, r.u32()?, r.u32()?);
        let mut pairs = [(0u32, 0u8); 6];
        for pair in &mut pairs {
            *pair = (r.u32()?, r.take(1)?[0]);
        }
        let top = [pairs[0], pairs[1], pairs[2]];
        let best = [pairs[3], pairs[4], pairs[5]];
        heads.push(BlockHead { first, last, count, top, best });
    }
    let first = r.text()?.to_owned();
    let rest = (1..blocks).map(|_| r.text().map(str::to_owned)).collect::<Option<Vec<_>>>()?;
    r.0.is_empty().then_some(LaidBlocks { heads, first, rest })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::postings::Posting;

    fn laid() -> LaidBlocks {
        let head = |first, last, count| BlockHead {
            first,
            last,
            count,
            top: [(0, 0), (2, 7), (70_000, 255)],
            best: [(1, 3), (0, 0), (5, 9)],
        };
        LaidBlocks {
            heads: vec![head(0, 900, 128), head(3, 1_000, 512), head(1, 999, 512)],
            first: "ABCgB".into(),
            rest: vec!["\"DEF\"".into(), "\"\"".into()],
        }
    }

    #[test]
    fn a_layout_reads_back_as_it_was_written_and_a_cut_one_does_not() {
        let bytes = encode(&laid());
        assert_eq!(decode(&bytes), Some(laid()));
        for cut in [0, 1, 4, 40, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
    }

    #[test]
    fn a_store_gives_back_what_the_last_export_recorded_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.terms");
        let (a, b) = ([1u8; 16], [2u8; 16]);
        let mut store = open(&path);
        assert!(store.previous(&a).is_none(), "an empty store");
        store.record(&a, &stored(&laid()), false).unwrap();
        store.save().unwrap();
        let store = open(&path);
        assert_eq!(store.previous(&a).and_then(checked).map(|c| c.0), Some(laid()));
        assert!(store.previous(&b).is_none());
        assert_eq!(keys(&path), vec![a]);
        // A damaged byte is noticed: the term is laid out again.
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(open(&path).previous(&a).and_then(checked).is_none());
        // A store of another version is not read.
        std::fs::write(&path, b"tebiki terms 0 old\n").unwrap();
        assert!(keys(&path).is_empty());
    }

    #[test]
    fn the_key_changes_with_any_posting_field_list_or_the_basis() {
        let basis = Basis::new(10, &[1.0, 2.0, 3.0], &[0, 1, 0]);
        let body = |list: Vec<Posting>| [Vec::new(), Vec::new(), list];
        let base = body(vec![(0, 1, 4), (5, 2, 9)]);
        let k = key(&base, &basis);
        assert_eq!(k, key(&base.clone(), &basis));
        let changed = [
            key(&body(vec![(0, 1, 4), (6, 2, 9)]), &basis),
            key(&body(vec![(0, 1, 4), (5, 3, 9)]), &basis),
            key(&body(vec![(0, 1, 4), (5, 2, 8)]), &basis),
            key(&body(vec![(0, 1, 4)]), &basis),
            key(&body(vec![(0, 1, 4), (5, 2, 9), (7, 1, 1)]), &basis),
            // The same postings in another field.
            key(&[vec![(0, 1, 4), (5, 2, 9)], Vec::new(), Vec::new()], &basis),
            key(&[Vec::new(), vec![(0, 1, 4)], vec![(5, 2, 9)]], &basis),
            // A term frequency past 24 bits.
            key(&body(vec![(0, 1, 4), (5, 2 + (1 << 24), 9)]), &basis),
            key(&base, &Basis::new(11, &[1.0, 2.0, 3.0], &[0, 1, 0])),
            key(&base, &Basis::new(10, &[1.0, 2.0, 3.5], &[0, 1, 0])),
            key(&base, &Basis::new(10, &[1.0, 2.0, 3.0], &[0, 1, 1])),
        ];
        for (i, c) in changed.iter().enumerate() {
            assert_ne!(*c, k, "change {i}");
        }
    }
}
