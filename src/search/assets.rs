//! The browser side of search, as files of the site: the engine as ES modules (for Node
//! and for pages that use modules), the engine and UI as one classic script,
//! `search-ui.js`, for the site's pages, and the English stemmer as a classic script of
//! its own, `stemmer.js`, which the engine loads only for a query with a word to stem
//! (a Japanese query never runs it).
//!
//! Why two forms of one source: Chromium blocks module scripts on `file://` pages (a
//! module loads under CORS and a file has no origin), but a classic `<script src>`
//! loads. So the JS is written once as ES modules under `src/search/js/`, and
//! [`classic_script`] turns modules into a classic script with the crate's one bundler
//! ([`crate::bundle`]); nothing leaks from it but the `tebikiSearch` registry that shards
//! (and `stemmer.js`) call. Every import is of a sibling that is in the bundle already,
//! or — the stemmer — handed over at run time.

use crate::bundle;
use crate::paths::{SEARCH_DIR, SEARCH_UI_SCRIPT};
use crate::write::Output;

/// The engine modules for Node, in dependency order: (file name, source). `shared.mjs`
/// is the constants shared with the Rust engine (made from `shared.json`, see
/// [`super::shared`]).
pub const MODULES: [(&str, &str); 8] = [
    ("stemmer.mjs", include_str!("js/stemmer.mjs")),
    ("shared.mjs", include_str!("js/shared.mjs")),
    ("tokenizer.mjs", include_str!("js/tokenizer.mjs")),
    ("postings.mjs", include_str!("js/postings.mjs")),
    ("shards.mjs", include_str!("js/shards.mjs")),
    ("score.mjs", include_str!("js/score.mjs")),
    ("related.mjs", include_str!("js/related.mjs")),
    ("searcher.mjs", include_str!("js/searcher.mjs")),
];

/// The UI module (imports the engine).
pub const UI: (&str, &str) = ("ui.mjs", include_str!("js/ui.mjs"));

/// The classic script of the English stemmer, which registers itself as `stemmer`.
pub const STEMMER_SCRIPT: &str = "stemmer.js";

/// A classic script made of `modules` (see the module doc), ending with `tail`.
pub fn classic_script(what: &str, modules: &[(&str, &str)], tail: &str) -> String {
    let header = format!(
        "// tebiki search: {what}, a classic script built by tebiki from its ES modules\n\
         // (src/search/js/*.mjs, where the comments are); see docs/search-format.md.\n"
    );
    bundle::classic_script(&header, modules, tail)
}

/// The classic-script build of the engine and UI.
pub fn classic_bundle() -> String {
    let modules: Vec<(&str, &str)> = MODULES[1..].iter().copied().chain([UI]).collect();
    classic_script("engine and UI", &modules, "")
}

/// The classic-script build of the stemmer: it hands `stemEnglish` to the engine.
pub fn stemmer_script() -> String {
    classic_script("English stemmer", &[MODULES[0]], "tebikiSearch.register(\"stemmer\", stemEnglish);\n")
}

/// Adds the engine modules and the classic scripts to `assets/search/`.
pub fn add(out: &mut Output) {
    for (name, source) in MODULES {
        out.add(format!("{SEARCH_DIR}/{name}"), source.as_bytes().to_vec());
    }
    // The classic script the pages load: tokenizer, engine and UI.
    out.add(SEARCH_UI_SCRIPT, classic_bundle().into_bytes());
    out.add(format!("{SEARCH_DIR}/{STEMMER_SCRIPT}"), stemmer_script().into_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_modules_keep_the_bundling_rules() {
        for (name, source) in MODULES.iter().chain([&UI]) {
            assert_eq!(bundle::rule_breaks(name, source), Vec::<String>::new());
        }
    }

    #[test]
    fn page_script_holds_every_engine_module_but_the_stemmer() {
        let script = classic_bundle();
        for (name, _) in MODULES[1..].iter().chain([&UI]) {
            assert!(script.contains(&format!("// ---- {name}\n")), "search-ui.js lacks {name}");
        }
        assert!(!script.contains("// ---- stemmer.mjs"));
    }
}
