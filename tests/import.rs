//! `tebiki import`: the Markdown written from each seed parses back to an equal model.

use crate::harness::*;
use tebiki::parse::{self, Format, ParseOptions};

fn parse_file(path: &std::path::Path) -> tebiki::model::Document {
    let text = std::fs::read_to_string(path).unwrap();
    parse::parse_text(&text, Format::of_path(path).unwrap(), ParseOptions::default()).doc
}

#[test]
fn import_round_trips_every_seed() {
    for slug in SEED_SLUGS {
        let txt = parse_file(&bundled("ja", slug));
        let md = parse::emit::to_markdown(&txt, None);
        let back = parse::parse_text(&md, Format::Markdown, ParseOptions::default());
        let errors: Vec<_> = back.doc.diagnostics.iter().collect();
        assert!(errors.is_empty(), "{slug}: diagnostics on the written Markdown: {errors:?}");
        if back.doc != txt {
            let a = serde_json::to_string_pretty(&txt).unwrap();
            let b = serde_json::to_string_pretty(&back.doc).unwrap();
            let diff: Vec<_> = a.lines().zip(b.lines()).filter(|(x, y)| x != y).take(5).collect();
            panic!("{slug}: model differs after import; first differing lines (txt, md): {diff:#?}");
        }
    }
}
