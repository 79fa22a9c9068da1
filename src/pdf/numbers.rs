//! Reading a printed PDF back (with `lopdf`): on which page each element of the page
//! starts, for the contents' page numbers, and how many pages there are.
//!
//! Chromium writes a named destination for every element that a link of the page points
//! at (`<a href="#g3">` makes the destination `g3`, an explicit `[page /XYZ x y z]`),
//! either in the catalog's `/Dests` dictionary (what it writes today) or in a `/Names`
//! tree's `/Dests` (PDF 1.2 and later); both are read. Every contents entry is a link to
//! its part, so each has a destination, and its page is the place of the destination's
//! page object in the document's page order.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The page (1-based) of each named destination of a PDF, and its page count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Destinations {
    pub pages: usize,
    pub named: BTreeMap<String, u32>,
}

/// Reads the named destinations of a PDF.
pub fn destinations(pdf: &[u8]) -> Result<Destinations, lopdf::Error> {
    let doc = Document::load_mem(pdf)?;
    let page_numbers: BTreeMap<ObjectId, u32> = doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut named = BTreeMap::new();
    let catalog = doc.catalog()?;
    let mut add = |name: &[u8], dest: &Object| {
        if let Some(page) = dest_page(&doc, dest).and_then(|id| page_numbers.get(&id)) {
            named.insert(String::from_utf8_lossy(name).into_owned(), *page);
        }
    };
    // PDF 1.1: a dictionary of names in the catalog.
    if let Ok(dests) = catalog.get(b"Dests").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_dict()) {
        for (name, dest) in dests.iter() {
            add(name, dest);
        }
    }
    // PDF 1.2: a name tree under /Names /Dests.
    if let Ok(tree) = catalog
        .get(b"Names")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
        .and_then(|names| names.get(b"Dests"))
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
    {
        walk_name_tree(&doc, tree, 0, &mut add);
    }
    Ok(Destinations { pages: page_numbers.len(), named })
}

/// Visits the leaves of a name tree (`/Names [key value …]`, `/Kids [node …]`), to a
/// bounded depth.
fn walk_name_tree(doc: &Document, node: &Dictionary, depth: usize, add: &mut impl FnMut(&[u8], &Object)) {
    if depth > 32 {
        return;
    }
    if let Ok(pairs) = node.get(b"Names").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_array()) {
        for pair in pairs.chunks(2) {
            if let [key, value] = pair {
                if let Ok(key) = key.as_str() {
                    add(key, value);
                }
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_array()) {
        for kid in kids {
            if let Ok(kid) = doc.dereference(kid).and_then(|(_, o)| o.as_dict()) {
                walk_name_tree(doc, kid, depth + 1, add);
            }
        }
    }
}

/// The page object a destination points at: `[page /XYZ …]`, or `<< /D [page …] >>`.
fn dest_page(doc: &Document, dest: &Object) -> Option<ObjectId> {
    let (_, dest) = doc.dereference(dest).ok()?;
    let array = match dest {
        Object::Array(a) => a,
        Object::Dictionary(d) => {
            d.get(b"D").ok().and_then(|o| doc.dereference(o).ok()).map(|(_, o)| o)?.as_array().ok()?
        }
        _ => return None,
    };
    array.first()?.as_reference().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A PDF of three pages whose catalog names destinations on pages 1 and 3, one in
    /// `/Dests` and one in a `/Names` tree.
    fn sample() -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let page = |doc: &mut Document| doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id });
        let (p1, p2, p3) = (page(&mut doc), page(&mut doc), page(&mut doc));
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![p1.into(), p2.into(), p3.into()],
                "Count" => 3,
            }),
        );
        let xyz = |p: ObjectId| Object::Array(vec![p.into(), "XYZ".into(), 0.into(), 800.into(), 0.into()]);
        let dests = doc.add_object(dictionary! { "g1" => xyz(p1) });
        let tree = dictionary! { "Names" => vec![Object::string_literal("b1"), xyz(p3)] };
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
            "Dests" => dests,
            "Names" => dictionary! { "Dests" => tree },
        });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn reads_the_page_of_each_named_destination() {
        let found = destinations(&sample()).unwrap();
        assert_eq!(found.pages, 3);
        assert_eq!(found.named, BTreeMap::from([("b1".to_owned(), 3), ("g1".to_owned(), 1)]));
    }

    #[test]
    fn errors_on_what_is_not_a_pdf() {
        assert!(destinations(b"%PDF-1.4 nothing here").is_err());
    }
}
