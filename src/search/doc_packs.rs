//! Document packs: the metadata of an export's documents (guide, section, heading, kind,
//! excerpt), in document order, as the packs `d/<n>.js` (format: `docs/search-format.md`).
//! Made for [`super::export`], a bounded number of packs at a time.
//!
//! When the export knows the guides the index was made from ([`Rows::Known`]), a pack is
//! found in the [`PackStore`] by what it is made from — its name, the documents per pack,
//! and for each guide it holds documents of, that guide's fingerprint and which of its
//! documents — so that after an edit only the packs holding the edited guide's documents
//! have their rows made, their JSON written and compressed.

use std::ops::Range;

use rayon::prelude::*;

use super::SearchError;
use super::blob_store::Blob;
use super::export::{DocMeta, Export, Rows, json_err, metas};
use super::packs::{Hash, PackStore, Pending, Sink, Taken, docs_per_pack, script};
use super::prints::Prints;
use super::schema::{Documents, SearchDoc, excerpt};

/// Hands the document packs `d/<n>.js` of `x` to `sink`, their rows from `rows`; gives
/// how many documents each holds. Each pack's JSON is made on its own (on every core):
/// `{"docs":[[guide, section, heading, kind, excerpt], …],"guides":[[slug, title], …]}`,
/// `guide` an index into `guides`. [`DOC_PACKS_AT_ONCE`] packs at a time, so that the
/// JSON of all of them never waits in memory together.
pub fn doc_packs(x: &Export, rows: &Rows<'_>, sink: &mut dyn Sink, store: &mut PackStore) -> Result<u32, SearchError> {
    match rows {
        Rows::Held => held_packs(x, sink, store, DOC_PACKS_AT_ONCE),
        Rows::Known { docs, prints } => known_packs(x, *docs, prints, sink, store, DOC_PACKS_AT_ONCE),
    }
}

/// The bytes a document's row is counted for (what [`docs_per_pack`] divides).
fn row_bytes(section: &str, heading: &str, kind: &str, excerpt: &str) -> usize {
    section.len() + heading.len() + kind.len() + excerpt.len() + 16
}

/// The bytes of a search document's row (see [`row_bytes`]).
pub fn row_bytes_of(d: &SearchDoc) -> usize {
    row_bytes(&d.section, &d.heading, d.kind.as_str(), excerpt(&d.body))
}

fn held_packs(x: &Export, sink: &mut dyn Sink, store: &mut PackStore, at_once: usize) -> Result<u32, SearchError> {
    let (lang, dir) = (&x.lang, format!("{}/{}", crate::paths::SEARCH_DIR, x.lang));
    let rows = x.docs.iter().map(|d| row_bytes(&d.section, &d.heading, &d.kind, &d.excerpt)).sum();
    let per = docs_per_pack(rows, x.docs.len());
    let mut n = 0;
    for docs in x.docs.chunks(per as usize * at_once) {
        let packs: Vec<String> = docs
            .par_chunks(per as usize)
            .map(|d| doc_pack(&d.iter().collect::<Vec<_>>()))
            .collect::<Result<_, _>>()
            .map_err(json_err(lang))?;
        let mut pending = Pending::default();
        for data in packs {
            pending.push(format!("{dir}/d/{n}.js"), format!("{lang}/d/{n}"), data);
            n += 1;
        }
        pending.flush(sink, store)?;
    }
    Ok(per)
}

/// One pack to be made from known guides: its number, and per guide it holds documents
/// of (by place in canonical order), which of them.
struct Planned {
    n: usize,
    parts: Vec<(usize, Range<usize>)>,
}

/// The document packs of the guides `docs` fingerprinted as `prints` (see the module doc).
fn known_packs(
    x: &Export,
    docs: &dyn Documents,
    prints: &Prints,
    sink: &mut dyn Sink,
    store: &mut PackStore,
    at_once: usize,
) -> Result<u32, SearchError> {
    let (lang, dir) = (&x.lang, format!("{}/{}", crate::paths::SEARCH_DIR, x.lang));
    let order = prints.canonical();
    let total = prints.documents();
    let per = docs_per_pack(prints.row_bytes(), total);
    // Each pack's guides, from the guides' documents in canonical order.
    let mut planned: Vec<Planned> =
        (0..total.div_ceil(per as usize)).map(|n| Planned { n, parts: Vec::new() }).collect();
    let mut start = 0;
    for (place, (_, g)) in order.iter().enumerate() {
        let count = g.documents();
        let mut at = start;
        while at < start + count {
            let pack = at / per as usize;
            let end = ((pack + 1) * per as usize).min(start + count);
            planned[pack].parts.push((place, at - start..end - start));
            at = end;
        }
        start += count;
    }
    let name = |n: usize| format!("{lang}/d/{n}");
    let key = |p: &Planned| -> Hash {
        let mut h = blake3::Hasher::new();
        h.update(format!("tebiki document pack\n{}\n{per}\n", name(p.n)).as_bytes());
        for (place, range) in &p.parts {
            let g = order[*place].1;
            h.update(format!("{} {} {} {}\n", g.slug, g.print, range.start, range.end).as_bytes());
        }
        h.finalize().into()
    };
    for chunk in planned.chunks(at_once) {
        let keys: Vec<Hash> = chunk.par_iter().map(key).collect();
        let paths: Vec<String> = chunk.iter().map(|p| format!("{dir}/d/{}.js", p.n)).collect();
        let taken = store.taken(keys.iter().zip(paths.iter().map(String::as_str)), sink);
        // The rows of the guides the packs still to make hold, each guide's made once.
        let mut needed: Vec<usize> = (chunk.iter().zip(&taken))
            .filter(|(_, t)| matches!(t, Taken::Make))
            .flat_map(|(p, _)| p.parts.iter().map(|(place, _)| *place))
            .collect();
        needed.sort_unstable();
        needed.dedup();
        let rows: Vec<(usize, Vec<DocMeta>)> =
            needed.into_par_iter().map(|place| (place, metas(docs, order[place].0))).collect();
        let rows_of = |place: usize| {
            rows.binary_search_by_key(&place, |r| r.0)
                .map(|at| rows[at].1.as_slice())
                .map_err(|_| SearchError::Export { name: lang.clone(), message: format!("no rows for guide {place}") })
        };
        let made: Vec<Option<(Blob, bool)>> = (chunk.par_iter().zip(taken))
            .map(|(p, taken)| match taken {
                Taken::Held => Ok(None),
                Taken::Kept(blob) => Ok(Some((blob, true))),
                Taken::Make => {
                    let mut docs: Vec<&DocMeta> = Vec::new();
                    for (place, range) in &p.parts {
                        docs.extend(&rows_of(*place)?[range.clone()]);
                    }
                    let json = doc_pack(&docs).map_err(json_err(lang))?;
                    Ok(Some((Blob::of(script(&name(p.n), &json)?), false)))
                }
            })
            .collect::<Result<_, SearchError>>()?;
        for ((path, key), made) in paths.into_iter().zip(&keys).zip(made) {
            if let Some((blob, reused)) = made {
                store.record(key, &blob, reused)?;
                sink.file(path, blob.bytes);
            }
        }
    }
    Ok(per)
}

/// How many document packs are made, then compressed, at once (of about 24 KiB of JSON
/// each): 1,000 generated guides make 929, 5,000 make 4,593, whose JSON (108 MB) waited
/// in memory together.
const DOC_PACKS_AT_ONCE: usize = 1024;

/// The JSON of one document pack (see [`doc_packs`]).
fn doc_pack(docs: &[&DocMeta]) -> Result<String, serde_json::Error> {
    let mut guides: Vec<(&str, &str)> = Vec::new();
    let mut out = String::with_capacity(docs.iter().map(|d| d.heading.len() + d.excerpt.len() + 32).sum());
    out.push_str("{\"docs\":[");
    for (i, d) in docs.iter().enumerate() {
        let g = match guides.iter().position(|g| g.0 == d.guide) {
            Some(g) => g,
            None => {
                guides.push((&d.guide, &d.guide_title));
                guides.len() - 1
            }
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(&(g, &d.section, &d.heading, &d.kind, &d.excerpt))?);
    }
    out.push_str("],\"guides\":");
    out.push_str(&serde_json::to_string(&guides)?);
    out.push('}');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Output;

    fn export(docs: usize) -> Export {
        let docs: Vec<DocMeta> = (0..docs)
            .map(|i| DocMeta {
                guide: format!("g{}", i / 7),
                guide_title: format!("手引き {}", i / 7),
                section: format!("s{}", i % 7),
                heading: format!("見出し {i}"),
                kind: "section".into(),
                url: format!("g{}/#s{}", i / 7, i % 7),
                excerpt: "初動対応の手順。".repeat(200 + i),
            })
            .collect();
        Export {
            lang: "ja".into(),
            num_docs: docs.len() as u32,
            total_tokens: [0; 3],
            terms: Default::default(),
            offsets: super::super::export::section_offsets(&docs, |d| (&d.guide, &d.section)),
            docs,
            others: Vec::new(),
            lexicon: Default::default(),
        }
    }

    /// A new folder of its own (tests run side by side).
    fn scratch(name: &str) -> std::path::PathBuf {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("tebiki-doc-packs-{name}-{n}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn packs(x: &Export, at_once: usize) -> (u32, Output) {
        let dir = scratch(&at_once.to_string());
        let mut store = PackStore::load(&dir.join("ja.packs"));
        let mut out = Output::default();
        let per = held_packs(x, &mut |path, bytes| out.add(path, bytes), &mut store, at_once).unwrap();
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
        (per, out)
    }

    /// Search documents of guides of 1 to 9 documents, sections of one to three.
    fn search_docs(guides: usize, edited: Option<usize>) -> Vec<SearchDoc> {
        let mut out = Vec::new();
        for g in 0..guides {
            for i in 0..1 + (g * 5) % 9 {
                let extra = if edited == Some(g) { "（改訂）" } else { "" };
                out.push(SearchDoc {
                    guide: format!("g{g:03}"),
                    guide_title: format!("手引き {g}"),
                    section: if i % 3 == 0 { format!("s{}", i / 3 + 1) } else { format!("s{}-{}", i / 3 + 1, i % 3) },
                    heading: format!("見出し {g} {i}"),
                    body: format!("初動対応の手順{extra}。").repeat(5 + (g + i) % 40),
                    kind: crate::search::schema::Kind::Body,
                    url: format!("ja/g{g:03}/#s{i}"),
                });
            }
        }
        out
    }

    /// The document packs of `docs` made from known guides into `store` (reading the last
    /// export's there), with how many were taken from it and how many made.
    fn known(docs: &[SearchDoc], path: &std::path::Path, at_once: usize) -> (Output, usize, usize) {
        let held = crate::search::schema::HeldDocs::new(docs);
        let prints = crate::search::prints::fingerprint_of(&held, &[]);
        let x = Export {
            lang: "ja".into(),
            num_docs: docs.len() as u32,
            total_tokens: [0; 3],
            terms: Default::default(),
            docs: Vec::new(),
            offsets: prints.offsets(),
            others: Vec::new(),
            lexicon: Default::default(),
        };
        let mut store = PackStore::load(path);
        let mut out = Output::default();
        known_packs(&x, &held, &prints, &mut |path, bytes| out.add(path, bytes), &mut store, at_once).unwrap();
        let counts = (store.reused, store.made);
        store.save().unwrap();
        (out, counts.0, counts.1)
    }

    #[test]
    fn packs_of_known_guides_are_those_of_their_documents_and_only_an_edited_guides_are_made_again() {
        // The guides' order is not their slugs': packs follow canonical order.
        let natural = search_docs(60, None);
        let mut guides: Vec<&[SearchDoc]> = natural.chunk_by(|a, b| a.guide == b.guide).collect();
        guides.reverse();
        let docs: Vec<SearchDoc> = guides.into_iter().flatten().cloned().collect();
        let held = crate::search::schema::HeldDocs::new(&docs);
        let prints = crate::search::prints::fingerprint_of(&held, &[]);
        let metas: Vec<DocMeta> =
            prints.canonical_guides().into_iter().flat_map(|i| super::super::export::metas(&held, i)).collect();
        assert_eq!(prints.offsets(), super::super::export::section_offsets(&metas, |d| (&d.guide, &d.section)));
        let mut x = export(0);
        x.num_docs = metas.len() as u32;
        x.docs = metas;
        let (per, from_metas) = packs(&x, 1024);
        assert!(from_metas.files.len() >= 6, "several packs: {}", from_metas.files.len());

        let dir = scratch("known");
        let path = dir.join("ja.packs");
        for at_once in [1, 2, 1024] {
            let _ = std::fs::remove_file(&path);
            let (out, reused, made) = known(&docs, &path, at_once);
            assert_eq!(out.files, from_metas.files, "{at_once} at a time");
            assert_eq!((reused, made), (0, out.files.len()));
        }
        let (_, reused, made) = known(&docs, &path, 1024);
        assert_eq!((reused, made), (from_metas.files.len(), 0), "nothing changed: every pack taken");

        // One guide edited: only the packs holding its documents are made, and the packs
        // are those of its edited documents.
        let edited = search_docs(60, Some(17));
        let (out, reused, made) = known(&edited, &path, 2);
        let held = crate::search::schema::HeldDocs::new(&edited);
        let prints = crate::search::prints::fingerprint_of(&held, &[]);
        let mut x = export(0);
        x.docs = prints.canonical_guides().into_iter().flat_map(|i| super::super::export::metas(&held, i)).collect();
        x.num_docs = x.docs.len() as u32;
        let (again, from_edited) = packs(&x, 1024);
        assert_eq!(again, per, "as many documents a pack");
        assert_eq!(out.files, from_edited.files);
        let changed = from_edited.files.iter().filter(|(p, b)| from_metas.files.get(*p) != Some(*b)).count();
        assert!((1..=2).contains(&made) && made >= changed, "made {made}, changed {changed}");
        assert_eq!(reused + made, out.files.len());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn packs_made_a_few_at_a_time_are_those_made_all_at_once() {
        let x = export(60);
        let (per, all) = packs(&x, 1024);
        assert!(all.files.len() >= 5, "the fixture makes several packs: {}", all.files.len());
        assert_eq!(all.files.len(), x.docs.len().div_ceil(per as usize));
        for at_once in [1, 2, 3] {
            let (again, some) = packs(&x, at_once);
            assert_eq!((again, &some.files), (per, &all.files), "{at_once} at a time");
        }
        let last = format!("assets/search/ja/d/{}.js", all.files.len() - 1);
        assert!(all.files.contains_key(&last), "numbered in order: {last}");
    }
}
