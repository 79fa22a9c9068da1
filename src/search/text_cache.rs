//! The index cache's record of what the lexicon reads of each guide ([`GuideText`]), by
//! slug with the guide's fingerprint, so that an update gathers the text of the changed
//! guides only (see [`super::index`]); and the gathering of it, with the guide's token
//! counts ([`gather`]).
//!
//! A binary file, not JSON: it holds every distinct run of the site's text (about 30 MiB
//! for 1,000 guides), and it is read and written on every change. After a header line,
//! per guide five strings — slug, fingerprint, runs, words, compounds — each as its length
//! (4 bytes, little endian) and its UTF-8 bytes. The file is only a cache: one that does
//! not read to the end as such is ignored, and every guide's text gathered again.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

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
    format!("tebiki guide text 1 {}\n", crate::fingerprint::TOOL)
}

/// Per slug, the guide's fingerprint and text; empty when the file is missing, of another
/// tebiki, or not whole.
pub fn read(path: &Path) -> BTreeMap<String, (String, GuideText)> {
    std::fs::read(path).ok().and_then(|bytes| parse(&bytes)).unwrap_or_default()
}

fn parse(bytes: &[u8]) -> Option<BTreeMap<String, (String, GuideText)>> {
    let mut rest = bytes.strip_prefix(header().as_bytes())?;
    let mut next = || -> Option<String> {
        let (len, tail) = rest.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        let text = std::str::from_utf8(tail.get(..len)?).ok()?.to_owned();
        rest = &tail[len..];
        Some(text)
    };
    let mut out = BTreeMap::new();
    while let Some(slug) = next() {
        let print = next()?;
        let text = GuideText::from_parts([next()?, next()?, next()?]);
        out.insert(slug, (print, text));
    }
    rest.is_empty().then_some(out)
}

/// Writes the text of each guide, `(slug, fingerprint, text)`, to `path`.
pub fn write<'a>(path: &Path, guides: impl Iterator<Item = (&'a str, &'a str, &'a GuideText)>) -> Result<(), FsError> {
    let err = |e| FsError::new("write", path, e);
    let mut out = BufWriter::new(File::create(path).map_err(err)?);
    out.write_all(header().as_bytes()).map_err(err)?;
    for (slug, print, text) in guides {
        for part in [slug, print].into_iter().chain(text.parts()) {
            let len = u32::try_from(part.len()).map_err(|_| err(std::io::ErrorKind::FileTooLarge.into()))?;
            out.write_all(&len.to_le_bytes()).map_err(err)?;
            out.write_all(part.as_bytes()).map_err(err)?;
        }
    }
    out.flush().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guide_texts_read_back_as_written_and_a_cut_file_reads_as_none() {
        let dir = std::env::temp_dir().join(format!("tebiki-text-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE);
        let a = GuideText::of_normalized(["異常検知の手順", "follow-up review"].into_iter());
        let b = GuideText::of_normalized(["復旧"].into_iter());
        write(&path, [("a", "p1", &a), ("b", "p2", &b)].into_iter()).unwrap();
        let back = read(&path);
        assert_eq!(back.len(), 2);
        assert_eq!(back["a"], ("p1".to_owned(), a.clone()));
        assert_eq!(back["b"], ("p2".to_owned(), b));
        assert_ne!(a, GuideText::default(), "the fixture has text");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(read(&path).is_empty(), "a file cut short is ignored");
        std::fs::write(&path, &bytes[1..]).unwrap();
        assert!(read(&path).is_empty(), "a file of another header is ignored");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
