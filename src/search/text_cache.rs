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
//!
//! An update's lexicon reads it as it stands ([`Numbered`]): the site's distinct items
//! are then the table's that some guide has, and the changed guides' items are numbered
//! after them ([`Table`]), so that no guide's lists are made into strings.

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
    let bytes = std::fs::read(path).unwrap_or_default();
    let Some(cache) = Numbered::parse(&bytes) else { return BTreeMap::new() };
    let join = |numbers: &[u32]| numbers.iter().map(|n| cache.table[*n as usize]).collect::<Vec<_>>().join("\n");
    (cache.guides.iter())
        .map(|(slug, (print, lists))| {
            let text = GuideText::from_parts(lists.each_ref().map(|l| join(l)));
            ((*slug).to_owned(), ((*print).to_owned(), text))
        })
        .collect()
}

/// A guide's lists (runs, words, compounds) as numbers into a table of items.
pub type Lists = [Vec<u32>; 3];

/// The file as read, without making a string of any list: its table of items, and per
/// slug the guide's fingerprint and lists. Every number is within the table.
#[derive(Default)]
pub struct Numbered<'b> {
    pub table: Vec<&'b str>,
    pub guides: FxHashMap<&'b str, (&'b str, Lists)>,
}

impl<'b> Numbered<'b> {
    /// The file's bytes as read; `None` when they are of another tebiki or not whole.
    pub fn parse(bytes: &'b [u8]) -> Option<Numbered<'b>> {
        let mut r = Reader(bytes.strip_prefix(header().as_bytes())?);
        let n = r.u32()? as usize;
        let table: Vec<&str> = (0..n).map(|_| r.text()).collect::<Option<_>>()?;
        let list = |r: &mut Reader<'_>| -> Option<Vec<u32>> {
            let n = r.u32()? as usize;
            let numbers: Vec<u32> =
                (0..n).map(|_| r.u32().filter(|i| (*i as usize) < table.len())).collect::<Option<_>>()?;
            Some(numbers)
        };
        let mut guides = FxHashMap::default();
        while !r.is_empty() {
            let (slug, print) = (r.text()?, r.text()?);
            guides.insert(slug, (print, [list(&mut r)?, list(&mut r)?, list(&mut r)?]));
        }
        Some(Numbered { table, guides })
    }
}

/// A table of items being numbered: those of a [`Numbered`] file first, then the items
/// of guides' texts as they first come.
pub struct Table<'t> {
    pub items: Vec<&'t str>,
    number: FxHashMap<&'t str, u32>,
}

impl<'t> Table<'t> {
    /// A table that goes on from `items`, numbered as they stand.
    pub fn from_items(items: Vec<&'t str>) -> Table<'t> {
        let number = items.iter().enumerate().map(|(i, item)| (*item, i as u32)).collect();
        Table { items, number }
    }

    /// The lists of `text` as numbers, its items new to the table added to it.
    pub fn lists(&mut self, text: &'t GuideText) -> Lists {
        text.lists().map(|list| {
            list.map(|item| {
                *self.number.entry(item).or_insert_with(|| {
                    self.items.push(item);
                    self.items.len() as u32 - 1
                })
            })
            .collect()
        })
    }

    /// The distinct items of each list (runs, words, compounds) over `guides`' lists.
    pub fn distinct<'l>(&self, guides: impl Iterator<Item = &'l Lists>) -> [Vec<&'t str>; 3] {
        let mut used = [0, 1, 2].map(|_| vec![false; self.items.len()]);
        for lists in guides {
            for (used, list) in used.iter_mut().zip(lists) {
                for n in list {
                    used[*n as usize] = true;
                }
            }
        }
        used.map(|used| (self.items.iter().zip(used)).filter(|(_, u)| *u).map(|(item, _)| *item).collect())
    }
}

/// Writes the text of each guide, `(slug, fingerprint, text)`, to `path`. Items are
/// numbered as they first come (one hash lookup each: a set of them first, sorted, then
/// each looked up by its number took 65–115 ms at 1,000 guides, against 39–52 ms so).
pub fn write<'a>(path: &Path, guides: impl Iterator<Item = (&'a str, &'a str, &'a GuideText)>) -> Result<(), FsError> {
    let mut table = Table::from_items(Vec::new());
    let numbered: Vec<(&str, &str, Lists)> =
        guides.map(|(slug, print, text)| (slug, print, table.lists(text))).collect();
    write_numbered(path, &table.items, numbered.iter().map(|(slug, print, lists)| (*slug, *print, lists)))
}

/// Writes each guide's `(slug, fingerprint, lists)`, its lists numbers into `table`, to
/// `path`: only the items some guide has, numbered again in table order. The file is put
/// together in memory and written at once.
pub fn write_numbered<'a>(
    path: &Path,
    table: &[&str],
    guides: impl Iterator<Item = (&'a str, &'a str, &'a Lists)>,
) -> Result<(), FsError> {
    let err = |e| FsError::new("write", path, e);
    let length = |n: usize| u32::try_from(n).map(u32::to_le_bytes).map_err(|_| err(ErrorKind::FileTooLarge.into()));
    let guides: Vec<_> = guides.collect();
    // Each item's number in the file, of those a guide has.
    let mut renumbered = vec![u32::MAX; table.len()];
    for (.., lists) in &guides {
        for n in lists.iter().flatten() {
            renumbered[*n as usize] = 0;
        }
    }
    let mut kept = 0;
    for n in renumbered.iter_mut().filter(|n| **n == 0) {
        *n = kept;
        kept += 1;
    }
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(header().as_bytes());
    out.extend_from_slice(&length(kept as usize)?);
    for (item, n) in table.iter().zip(&renumbered) {
        if *n != u32::MAX {
            out.extend_from_slice(&length(item.len())?);
            out.extend_from_slice(item.as_bytes());
        }
    }
    for (slug, print, lists) in &guides {
        for part in [slug, print] {
            out.extend_from_slice(&length(part.len())?);
            out.extend_from_slice(part.as_bytes());
        }
        for numbers in lists.iter() {
            out.extend_from_slice(&length(numbers.len())?);
            for n in numbers {
                out.extend_from_slice(&renumbered[*n as usize].to_le_bytes());
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

    #[test]
    fn numbered_lists_go_on_with_new_items_and_write_back_only_those_a_guide_has() {
        let dir = std::env::temp_dir().join(format!("tebiki-text-numbered-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE);
        let a = GuideText::of_normalized(["異常検知の手順", "復旧。follow-up review"].into_iter());
        let b = GuideText::of_normalized(["鰯鯖の話"].into_iter());
        write(&path, [("a", "p1", &a), ("b", "p2", &b)].into_iter()).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let cache = Numbered::parse(&bytes).unwrap();
        assert_eq!(cache.guides.len(), 2);
        assert_eq!(cache.guides["b"].0, "p2");
        let a_lists = cache.guides["a"].1.clone();
        // Guide b edited: its new text numbered after the table's items.
        let c = GuideText::of_normalized(["復旧。新しい手順", "new words"].into_iter());
        let mut table = Table::from_items(cache.table.clone());
        let c_lists = table.lists(&c);
        assert!(c_lists[0].iter().any(|n| (*n as usize) < cache.table.len()), "a run guide a has keeps its number");
        assert!(c_lists[0].iter().any(|n| (*n as usize) >= cache.table.len()), "a new run is added");
        let distinct = table.distinct([&a_lists, &c_lists].into_iter());
        let expected: [Vec<&str>; 3] = std::array::from_fn(|i| {
            let mut all: Vec<&str> =
                a.lists().into_iter().nth(i).unwrap().chain(c.lists().into_iter().nth(i).unwrap()).collect();
            all.sort_unstable();
            all.dedup();
            all
        });
        let sorted = distinct.map(|mut l| {
            l.sort_unstable();
            l
        });
        assert_eq!(sorted, expected);
        assert!(!sorted[0].contains(&"鰯鯖の話"), "guide b's old run is no item of the site");
        write_numbered(&path, &table.items, [("a", "p1", &a_lists), ("b", "p3", &c_lists)].into_iter()).unwrap();
        let back = read(&path);
        assert_eq!(back["a"], ("p1".to_owned(), a));
        assert_eq!(back["b"], ("p3".to_owned(), c));
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(!text.contains("鰯鯖"), "an item no guide has is not written");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
