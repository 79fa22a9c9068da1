//! The index cache's record of what the lexicon reads of each guide ([`GuideText`]), by
//! slug with the guide's fingerprint, so that an update gathers the text of the changed
//! guides only (see [`super::index`]); and the gathering of it, with the guide's token
//! counts ([`gather`]).
//!
//! A binary file, not JSON, read and written on every change. The guides share most of
//! their runs (1,000 generated guides: 3,499 distinct runs among 596,175), so each
//! distinct item is written once, in a table, and each guide's lists as numbers into it:
//! 2.6 MiB where the lists written out took 27.9 MiB. After a header line, the table — its
//! length, then each item — and then per guide its slug, its fingerprint, and for each of
//! its lists (runs, words, compounds) its length and its items' numbers. A string is its
//! length and its UTF-8 bytes; lengths and numbers are 4 bytes, little endian. The file is
//! only a cache: one that does not read to the end as such is ignored, and every guide's
//! text gathered again.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::le_bytes::Reader;
use super::lexicon::GuideText;
use super::schema::SearchDoc;
use crate::fsx::FsError;

/// Per text field, how many tokens `docs` (one guide's) have, counted as tantivy counts
/// them (a token longer than its limit is dropped), and the text the lexicon reads of
/// them: each text normalized once for both. The index keeps its own exact count (tantivy's
/// own counts deleted documents, and a merge only estimates them).
pub fn gather(docs: &[SearchDoc]) -> ([u64; 3], GuideText) {
    use super::tokenizer::{count_tokens, normalize};
    let Some(first) = docs.first() else { return ([0; 3], GuideText::default()) };
    let title = normalize(&first.guide_title);
    let mut out = [count_tokens(&title) * docs.len() as u64, 0, 0];
    let mut texts = Vec::with_capacity(2 * docs.len());
    for d in docs {
        for (f, text) in [(1, &d.heading), (2, &d.body)] {
            let n = normalize(text);
            out[f] += count_tokens(&n);
            texts.push(n);
        }
    }
    let text = GuideText::of_normalized(std::iter::once(title.as_str()).chain(texts.iter().map(String::as_str)));
    (out, text)
}

/// The file's name in the index folder.
pub const FILE: &str = "text.bin";

/// The first line: the format, and the tebiki that made it.
fn header() -> String {
    format!("tebiki guide text 2 {}\n", crate::fingerprint::TOOL)
}

/// Per slug, the guide's fingerprint and text; empty when the file is missing, of another
/// tebiki, or not whole.
pub fn read(path: &Path) -> BTreeMap<String, (String, GuideText)> {
    std::fs::read(path).ok().and_then(|bytes| parse(&bytes)).unwrap_or_default()
}

fn parse(bytes: &[u8]) -> Option<BTreeMap<String, (String, GuideText)>> {
    let mut r = Reader(bytes.strip_prefix(header().as_bytes())?);
    let n = r.u32()? as usize;
    let table: Vec<&str> = (0..n).map(|_| r.text()).collect::<Option<_>>()?;
    let list = |r: &mut Reader<'_>| -> Option<String> {
        let n = r.u32()? as usize;
        let mut out = String::new();
        for i in 0..n {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(table.get(r.u32()? as usize)?);
        }
        Some(out)
    };
    let mut out = BTreeMap::new();
    while !r.is_empty() {
        let (slug, print) = (r.text()?.to_owned(), r.text()?.to_owned());
        let text = GuideText::from_parts([list(&mut r)?, list(&mut r)?, list(&mut r)?]);
        out.insert(slug, (print, text));
    }
    Some(out)
}

/// Writes the text of each guide, `(slug, fingerprint, text)`, to `path`. Items are
/// numbered as they first come (one hash lookup each: a set of them first, sorted, then
/// each looked up by its number took 65–115 ms at 1,000 guides, against 39–52 ms so), and
/// the file is put together in memory and written at once.
pub fn write<'a>(path: &Path, guides: impl Iterator<Item = (&'a str, &'a str, &'a GuideText)>) -> Result<(), FsError> {
    let err = |e| FsError::new("write", path, e);
    let length = |n: usize| u32::try_from(n).map(u32::to_le_bytes).map_err(|_| err(ErrorKind::FileTooLarge.into()));
    let guides: Vec<_> = guides.collect();
    let mut number: FxHashMap<&str, u32> = FxHashMap::default();
    let mut table: Vec<&str> = Vec::new();
    let mut lists = Vec::with_capacity(guides.len());
    for (.., text) in &guides {
        lists.push(text.lists().map(|list| {
            list.map(|item| {
                *number.entry(item).or_insert_with(|| {
                    table.push(item);
                    table.len() as u32 - 1
                })
            })
            .collect::<Vec<u32>>()
        }));
    }
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(header().as_bytes());
    out.extend_from_slice(&length(table.len())?);
    for item in &table {
        out.extend_from_slice(&length(item.len())?);
        out.extend_from_slice(item.as_bytes());
    }
    for ((slug, print, _), lists) in guides.iter().zip(&lists) {
        for part in [slug, print] {
            out.extend_from_slice(&length(part.len())?);
            out.extend_from_slice(part.as_bytes());
        }
        for numbers in lists {
            out.extend_from_slice(&length(numbers.len())?);
            for n in numbers {
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
    }
    crate::fsx::write(path, &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guide_texts_read_back_as_written_and_a_cut_file_reads_as_none() {
        let dir = std::env::temp_dir().join(format!("tebiki-text-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE);
        let a = GuideText::of_normalized(["異常検知の手順", "復旧。follow-up review"].into_iter());
        let b = GuideText::of_normalized(["復旧"].into_iter());
        let c = GuideText::default();
        write(&path, [("a", "p1", &a), ("b", "p2", &b), ("c", "p3", &c)].into_iter()).unwrap();
        let back = read(&path);
        assert_eq!(back.len(), 3);
        assert_eq!(back["a"], ("p1".to_owned(), a.clone()));
        assert_eq!(back["b"], ("p2".to_owned(), b));
        assert_eq!(back["c"], ("p3".to_owned(), c));
        assert!(a.parts().iter().all(|list| !list.is_empty()), "the fixture has runs, words and compounds");
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(text.matches("復旧").count(), 1, "an item two guides have is written once");
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(read(&path).is_empty(), "a file cut short is ignored");
        std::fs::write(&path, &bytes[1..]).unwrap();
        assert!(read(&path).is_empty(), "a file of another header is ignored");
        // The last number of the file (guide c's compounds: none) made a count of one, of an
        // item the table lacks.
        let mut bad = bytes.clone();
        let at = bad.len() - 4;
        bad[at..].copy_from_slice(&1u32.to_le_bytes());
        bad.extend_from_slice(&999u32.to_le_bytes());
        std::fs::write(&path, &bad).unwrap();
        assert!(read(&path).is_empty(), "a number outside the table is ignored");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
