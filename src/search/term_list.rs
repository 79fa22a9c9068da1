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
//! bytes), how many of its terms that export read out of the index, the number of terms,
//! then per term its text, its three document frequencies, a byte saying how it was laid
//! out (0: inline, followed by the encoded postings as a string; 1: in blocks, followed by
//! the 16-byte key), and its sections (their number, then section and frequency pairs);
//! last, the BLAKE3 hash of all that came before it. Strings are a length and UTF-8 bytes;
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
    /// In blocks, kept in the term store under this key.
    Blocks(Key),
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
    pub entries: Vec<Entry>,
}

/// The first line: the format, and the tebiki that made it.
fn header() -> String {
    format!("tebiki term list 1 {} {}\n", super::shared::shared().format, crate::fingerprint::TOOL)
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
    let n = r.u32()? as usize;
    let mut entries = Vec::with_capacity(n.min(body.len() / 20));
    for _ in 0..n {
        let term = r.text()?.to_owned();
        let dfs = [r.u32()?, r.u32()?, r.u32()?];
        let laid = match r.take(1)?[0] {
            0 => Laid::Inline(r.text()?.to_owned()),
            1 => Laid::Blocks(r.take(16)?.try_into().ok()?),
            _ => return None,
        };
        let k = r.u32()? as usize;
        let sections = (0..k).map(|_| Some((r.u32()?, r.u32()?))).collect::<Option<Vec<_>>>()?;
        entries.push(Entry { term, dfs, laid, sections });
    }
    r.is_empty().then_some(TermList { print, basis, read, entries })
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
            Laid::Blocks(key) => {
                out.push(1);
                out.extend_from_slice(key);
            }
        }
        out.extend_from_slice(&number(e.sections.len())?);
        for &(s, tf) in &e.sections {
            out.extend_from_slice(&s.to_le_bytes());
            out.extend_from_slice(&tf.to_le_bytes());
        }
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
            entries: vec![
                Entry { term: "情報".into(), dfs: [1, 0, 3], laid: Laid::Inline("ABC".into()), sections: vec![] },
                Entry {
                    term: "漏洩".into(),
                    dfs: [0, 2, 9],
                    laid: Laid::Blocks([7; 16]),
                    sections: vec![(0, 2), (4, 1)],
                },
            ],
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
