//! The canonical order of an index's documents ([`super::segments::canonical_order`]),
//! kept beside the index by the build that made it, so that `tebiki search` opens an
//! index without reading every guide's postings to number its documents (15–30 ms of a
//! query at 5,000 guides).
//!
//! The file says which segments it numbers: each segment's id, its number of documents
//! and of deleted ones. A segment's deletions only grow, so an index whose segments all
//! match has the same live documents, and the kept order holds; anything else (another
//! merge, an update since, a file cut short or damaged) reads as `None`, and the order is
//! read from the index as before. After a header line: the number of segments, then per
//! segment its id (32 hex digits), documents and deleted documents; the number of runs,
//! then per run its segment, its first document and its length — canonical numbers in
//! order, a guide's documents being one run or a few; last, the BLAKE3 hash of all that
//! came before it. Numbers are 4 bytes, little endian. A change to how
//! [`canonical_order`](super::segments::canonical_order) numbers documents changes the
//! header's version (or `INDEX_VERSION`, which builds the index again under new segment
//! ids): a kept order must never be taken for another numbering.

use std::path::Path;

use tantivy::{DocAddress, Searcher};

use super::le_bytes::Reader;
use super::segments::CanonicalOrder;
use crate::fsx::FsError;

/// The file, in the index's folder.
pub const FILE: &str = "order.bin";

const HEADER: &[u8] = b"tebiki canonical order 1\n";

/// Writes the order `address` (per canonical number, the document's address) of the
/// documents of `searcher`'s segments; written beside, then renamed into place.
pub fn write(dir: &Path, searcher: &Searcher, address: &[DocAddress]) -> Result<(), FsError> {
    let mut out = HEADER.to_vec();
    let segs = searcher.segment_readers();
    put(&mut out, segs.len());
    for seg in segs {
        out.extend_from_slice(seg.segment_id().uuid_string().as_bytes());
        put(&mut out, seg.max_doc() as usize);
        put(&mut out, seg.num_deleted_docs() as usize);
    }
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    for a in address {
        match runs.last_mut() {
            Some((seg, first, len)) if *seg == a.segment_ord && *first + *len == a.doc_id => *len += 1,
            _ => runs.push((a.segment_ord, a.doc_id, 1)),
        }
    }
    put(&mut out, runs.len());
    for (seg, first, len) in runs {
        for n in [seg, first, len] {
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    let sum = *blake3::hash(&out).as_bytes();
    out.extend_from_slice(&sum);
    let path = dir.join(FILE);
    let partial = dir.join(format!("{FILE}.partial"));
    crate::fsx::write(&partial, &out)?;
    crate::fsx::rename(&partial, &path)
}

/// The kept order of `searcher`'s documents, when the file in `dir` numbers exactly its
/// segments (see the module doc).
pub fn read(dir: &Path, searcher: &Searcher) -> Option<CanonicalOrder> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let mut r = Reader(body.strip_prefix(HEADER)?);
    let segs = searcher.segment_readers();
    if r.u32()? as usize != segs.len() {
        return None;
    }
    for seg in segs {
        let id = r.take(32)?;
        if id != seg.segment_id().uuid_string().as_bytes()
            || r.u32()? != seg.max_doc()
            || r.u32()? != seg.num_deleted_docs()
        {
            return None;
        }
    }
    let mut canonical: Vec<Vec<Option<u32>>> = segs.iter().map(|s| vec![None; s.max_doc() as usize]).collect();
    let mut address = Vec::with_capacity(searcher.num_docs() as usize);
    for _ in 0..r.u32()? {
        let (seg, first, len) = (r.u32()?, r.u32()?, r.u32()?);
        let reader = segs.get(seg as usize)?;
        for doc in first..first.checked_add(len)? {
            let slot = canonical[seg as usize].get_mut(doc as usize)?;
            if slot.is_some() || reader.is_deleted(doc) {
                return None;
            }
            *slot = Some(address.len() as u32);
            address.push(DocAddress::new(seg, doc));
        }
    }
    (r.is_empty() && address.len() as u64 == searcher.num_docs()).then_some((canonical, address))
}

fn put(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{LangIndex, index_dir, open_cached, open_or_build};
    use crate::search::schema::{HeldDocs, Kind, SearchDoc};
    use crate::search::segments::canonical_order;

    fn docs(guides: usize, edited: usize) -> Vec<SearchDoc> {
        let mut out = Vec::new();
        for g in 0..guides {
            for i in 0..4 {
                let section = format!("s{}", i + 1);
                let more = if g == edited { " 追記" } else { "" };
                out.push(SearchDoc {
                    guide: format!("g{g:03}"),
                    guide_title: format!("手引き {g}"),
                    section: section.clone(),
                    heading: format!("初動対応 {i}"),
                    body: format!("第{i}段階では証拠保全を行う{more}。"),
                    kind: Kind::Body,
                    url: format!("ja/g{g:03}/#{section}"),
                });
            }
        }
        out
    }

    fn addresses(index: &LangIndex) -> Vec<DocAddress> {
        (0..index.num_docs()).map(|n| index.address(n)).collect()
    }

    #[test]
    fn a_build_keeps_the_order_and_a_query_reads_it_while_it_numbers_the_same_segments() {
        let cache = tempfile::tempdir().unwrap();
        let build = |edited| {
            let docs = docs(40, edited);
            open_or_build(cache.path(), "ja", &HeldDocs::new(&docs), &[], false).unwrap().0
        };
        build(usize::MAX);
        // An update adds a segment for the edited guide and deletes its old documents:
        // its documents are numbered out of their segments' order.
        let index = build(7);
        let dir = index_dir(cache.path(), "ja");
        let searcher = index.reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 2, "the update added a segment");
        let computed = canonical_order(&searcher, index.fields.guide).unwrap();
        assert_eq!(addresses(&index), computed.1);
        let kept = read(&dir, &searcher).expect("the build kept the order");
        assert_eq!(kept, computed);
        assert_eq!(kept.1[7 * 4], DocAddress::new(1, 0), "the edited guide's first document");
        assert_eq!(addresses(&open_cached(cache.path(), "ja").unwrap()), computed.1);

        let bytes = std::fs::read(dir.join(FILE)).unwrap();
        let mut damaged = bytes.clone();
        damaged[HEADER.len() + 40] ^= 1;
        for (what, file) in [("a byte changed", damaged), ("cut short", bytes[..bytes.len() - 1].to_vec())] {
            std::fs::write(dir.join(FILE), &file).unwrap();
            assert_eq!(read(&dir, &searcher), None, "{what}");
            assert_eq!(addresses(&open_cached(cache.path(), "ja").unwrap()), computed.1, "{what}");
        }

        // Another edit: the segments change, and the order kept for the ones before does
        // not hold; the build keeps the new one.
        std::fs::write(dir.join(FILE), &bytes).unwrap();
        let index = build(3);
        let searcher = index.reader.searcher();
        assert_eq!(read(&dir, &searcher).unwrap(), canonical_order(&searcher, index.fields.guide).unwrap());
        std::fs::write(dir.join(FILE), &bytes).unwrap();
        assert_eq!(read(&dir, &searcher), None, "the order of other segments");
    }
}
