//! The terms of the last export of one language, kept in the search cache
//! (`<lang>.termlist`, beside the layouts of [`super::term_store`]) so that the next export
//! can take a term the index still has as it was without reading its postings
//! ([`super::follow`]): per term, in term order, its document frequency per text field,
//! how its postings were laid out — inline (the encoded postings) or in blocks (found in
//! the term store by their key) — and what it added to the sections' vectors of the
//! related sections ([`super::related::Builder::sections`]).
//!
//! The list says what it describes: the fingerprint of the index it was exported from and
//! the layout basis ([`super::term_store::Basis`]) of that export, both checked before a
//! term is taken from it. After a header line: the fingerprint (a string), the basis (16
//! bytes), how many of its terms that export read out of the index and how many block
//! packs it kept as they stood, the number of terms,
//! then per term its text, its three document frequencies, a byte saying how it was laid
//! out (0: inline, followed by the encoded postings as a string; 1: in blocks, followed by
//! the 16-byte key, the number of its first block, the number of its other blocks and
//! each one's length, and its head as a string), and its sections (their number, then
//! section and frequency pairs); then the number of block packs and per pack its first
//! block, its number of blocks and its 32-byte key; last, the BLAKE3 hash of all that came
//! before it. Strings are a length and UTF-8 bytes;
//! numbers are 4 bytes, little endian. The file is only a cache: one that does not read to
//! the end as such, or of another tebiki, is ignored, and the export reads every term.

use std::io::ErrorKind;
use std::path::Path;

use super::le_bytes::Reader;
use super::term_store::{Basis, Key};
use crate::fsx::FsError;

/// How a term's postings were laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Laid {
    /// Inline in its entry: the encoded postings.
    Inline(String),
    /// In blocks, kept in the term store under `key`: the number of its first block in
    /// the block packs, the length of each block after the first (those the packs hold),
    /// and its head ([`super::postings::encode_head`]).
    Blocks { key: Key, first: u32, sizes: Vec<u32>, head: String },
}

/// One term of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub term: String,
    /// Per text field (title, heading, body), how many documents have the term.
    pub dfs: [u32; 3],
    pub laid: Laid,
    /// Per section the term is in, its frequency there, as the related sections' vectors
    /// take it (none for a term that adds to none).
    pub sections: Vec<(u32, u32)>,
}

/// The terms of one export, in term order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermList {
    /// The fingerprint of the index the terms were exported from.
    pub print: String,
    pub basis: Basis,
    /// How many of the terms the export read out of the index (the others it kept).
    pub read: u32,
    /// How many block packs the export kept as they stood, their blocks never read.
    pub kept_packs: u32,
    pub entries: Vec<Entry>,
    /// The block packs: per pack, its first block, its number of blocks and its key in the
    /// pack store ([`super::packs::PackStore`]).
    pub packs: Vec<BlockPack>,
}

/// A block pack of an export: its first block, its number of blocks and its key.
pub type BlockPack = (u32, u32, [u8; 32]);

/// The first line: the format, and the tebiki that made it.
fn header() -> String {
    format!("tebiki term list 2 {} {}\n", super::shared::shared().format, crate::fingerprint::TOOL)
}

/// The list kept in `path`; `None` when there is none, or it is of another tebiki or not
/// whole.
pub fn read(path: &Path) -> Option<TermList> {
    let bytes = std::fs::read(path).ok()?;
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let mut r = Reader(body.strip_prefix(header().as_bytes())?);
    let print = r.text()?.to_owned();
    let basis = Basis::from_bytes(r.take(16)?.try_into().ok()?);
    let read = r.u32()?;
    let kept_packs = r.u32()?;
    let n = r.u32()? as usize;
    let mut entries = Vec::with_capacity(n.min(body.len() / 20));
    for _ in 0..n {
        let term = r.text()?.to_owned();
        let dfs = [r.u32()?, r.u32()?, r.u32()?];
        let laid = match r.take(1)?[0] {
            0 => Laid::Inline(r.text()?.to_owned()),
            1 => {
                let key = r.take(16)?.try_into().ok()?;
                let first = r.u32()?;
                let n = r.u32()? as usize;
                let sizes = (0..n).map(|_| r.u32()).collect::<Option<Vec<_>>>()?;
                Laid::Blocks { key, first, sizes, head: r.text()?.to_owned() }
            }
            _ => return None,
        };
        let k = r.u32()? as usize;
        let sections = (0..k).map(|_| Some((r.u32()?, r.u32()?))).collect::<Option<Vec<_>>>()?;
        entries.push(Entry { term, dfs, laid, sections });
    }
    let n = r.u32()? as usize;
    let mut packs = Vec::with_capacity(n.min(body.len() / 40));
    for _ in 0..n {
        packs.push((r.u32()?, r.u32()?, r.take(32)?.try_into().ok()?));
    }
    r.is_empty().then_some(TermList { print, basis, read, kept_packs, entries, packs })
}

/// Writes `list` to `path`: beside it, then renamed into place.
pub fn write(path: &Path, list: &TermList) -> Result<(), FsError> {
    let err = |e| FsError::new("write", path, e);
    let number = |n: usize| u32::try_from(n).map(u32::to_le_bytes).map_err(|_| err(ErrorKind::FileTooLarge.into()));
    let mut out = Vec::with_capacity(64 * list.entries.len() + 256);
    let text = |out: &mut Vec<u8>, s: &str| -> Result<(), FsError> {
        out.extend_from_slice(&number(s.len())?);
        out.extend_from_slice(s.as_bytes());
        Ok(())
    };
    out.extend_from_slice(header().as_bytes());
    text(&mut out, &list.print)?;
    out.extend_from_slice(&list.basis.to_bytes());
    out.extend_from_slice(&list.read.to_le_bytes());
    out.extend_from_slice(&list.kept_packs.to_le_bytes());
    out.extend_from_slice(&number(list.entries.len())?);
    for e in &list.entries {
        text(&mut out, &e.term)?;
        for df in e.dfs {
            out.extend_from_slice(&df.to_le_bytes());
        }
        match &e.laid {
            Laid::Inline(postings) => {
                out.push(0);
                text(&mut out, postings)?;
            }
            Laid::Blocks { key, first, sizes, head } => {
                out.push(1);
                out.extend_from_slice(key);
                out.extend_from_slice(&first.to_le_bytes());
                out.extend_from_slice(&number(sizes.len())?);
                for size in sizes {
                    out.extend_from_slice(&size.to_le_bytes());
                }
                text(&mut out, head)?;
            }
        }
        out.extend_from_slice(&number(e.sections.len())?);
        for &(s, tf) in &e.sections {
            out.extend_from_slice(&s.to_le_bytes());
            out.extend_from_slice(&tf.to_le_bytes());
        }
    }
    out.extend_from_slice(&number(list.packs.len())?);
    for (first, count, key) in &list.packs {
        out.extend_from_slice(&first.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(key);
    }
    let sum = *blake3::hash(&out).as_bytes();
    out.extend_from_slice(&sum);
    let partial = path.with_extension("termlist.partial");
    crate::fsx::write(&partial, &out)?;
    crate::fsx::rename(&partial, path)
}

/// Removes the list in `path`, if there is one: an export that fails leaves none.
pub fn remove(path: &Path) -> Result<(), FsError> {
    if path.exists() { crate::fsx::remove_file(path) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> TermList {
        TermList {
            print: "abc123".into(),
            basis: Basis::new(3, &[1.0, 2.0, 3.0], &[0, 1, 0]),
            read: 2,
            kept_packs: 1,
            entries: vec![
                Entry { term: "情報".into(), dfs: [1, 0, 3], laid: Laid::Inline("ABC".into()), sections: vec![] },
                Entry {
                    term: "漏洩".into(),
                    dfs: [0, 2, 9],
                    laid: Laid::Blocks { key: [7; 16], first: 3, sizes: vec![40, 12], head: "Hd".into() },
                    sections: vec![(0, 2), (4, 1)],
                },
            ],
            packs: vec![(0, 3, [1; 32]), (3, 2, [2; 32])],
        }
    }

    #[test]
    fn a_term_list_reads_back_as_written_and_a_damaged_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ja.termlist");
        assert_eq!(read(&path), None, "no list");
        write(&path, &list()).unwrap();
        assert_eq!(read(&path), Some(list()));
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert_eq!(read(&path), None, "cut at {cut}");
        }
        let mut damaged = bytes.clone();
        damaged[bytes.len() / 2] ^= 1;
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(read(&path), None, "a damaged byte");
        std::fs::write(&path, &bytes).unwrap();
        remove(&path).unwrap();
        assert!(!path.exists());
        remove(&path).unwrap();
    }
}
