//! Document packs: the metadata of an export's documents (guide, section, heading, kind,
//! excerpt), in document order, as the packs `d/<n>.js` (format: `docs/search-format.md`).
//! Made for [`super::export`], a bounded number of packs at a time.

use rayon::prelude::*;

use super::SearchError;
use super::export::{DocMeta, Export, json_err};
use super::packs::{PackStore, Pending, Sink, docs_per_pack};

/// Hands the document packs `d/<n>.js` of `x` to `sink`; gives how many documents each
/// holds. Each pack's JSON is made on its own (on every core): `{"docs":[[guide, section,
/// heading, kind, excerpt], …],"guides":[[slug, title], …]}`, `guide` an index into
/// `guides`. [`DOC_PACKS_AT_ONCE`] packs at a time, so that the JSON of all of them never
/// waits in memory together.
pub fn doc_packs(x: &Export, sink: &mut Sink<'_>, store: &mut PackStore) -> Result<u32, SearchError> {
    doc_packs_by(x, sink, store, DOC_PACKS_AT_ONCE)
}

fn doc_packs_by(x: &Export, sink: &mut Sink<'_>, store: &mut PackStore, at_once: usize) -> Result<u32, SearchError> {
    let (lang, dir) = (&x.lang, format!("{}/{}", crate::paths::SEARCH_DIR, x.lang));
    let row_bytes =
        x.docs.iter().map(|d| d.section.len() + d.heading.len() + d.kind.len() + d.excerpt.len() + 16).sum();
    let per = docs_per_pack(row_bytes, x.docs.len());
    let mut n = 0;
    for docs in x.docs.chunks(per as usize * at_once) {
        let packs: Vec<String> =
            docs.par_chunks(per as usize).map(doc_pack).collect::<Result<_, _>>().map_err(json_err(lang))?;
        let mut pending = Pending::default();
        for data in packs {
            pending.push(format!("{dir}/d/{n}.js"), format!("{lang}/d/{n}"), data);
            n += 1;
        }
        pending.flush(sink, store)?;
    }
    Ok(per)
}

/// How many document packs are made, then compressed, at once (of about 24 KiB of JSON
/// each): 1,000 generated guides make 929, 5,000 make 4,593, whose JSON (108 MB) waited
/// in memory together.
const DOC_PACKS_AT_ONCE: usize = 1024;

/// The JSON of one document pack (see [`doc_packs`]).
fn doc_pack(docs: &[DocMeta]) -> Result<String, serde_json::Error> {
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
            offsets: super::super::export::section_offsets(&docs),
            docs,
            others: Vec::new(),
            lexicon: Default::default(),
        }
    }

    fn packs(x: &Export, at_once: usize) -> (u32, Output) {
        let dir = std::env::temp_dir().join(format!("tebiki-doc-packs-{at_once}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut store = PackStore::load(&dir.join("ja.packs"));
        let mut out = Output::default();
        let per = doc_packs_by(x, &mut |path, bytes| out.add(path, bytes), &mut store, at_once).unwrap();
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
        (per, out)
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
