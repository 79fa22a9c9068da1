//! The browser side of search, as files of the site: the engine as ES modules (for Node
//! and for pages that use modules), the engine and UI as one classic script,
//! `search-ui.js`, for the site's pages, and the English stemmer as a classic script of
//! its own, `stemmer.js`, which the engine loads only for a query with a word to stem
//! (a Japanese query never runs it).
//!
//! Why two forms of one source: Chromium blocks module scripts on `file://` pages (a
//! module loads under CORS and a file has no origin), but a classic `<script src>`
//! loads. So the JS is written once as ES modules under `src/search/js/`, and
//! [`classic_script`] turns modules into a classic script with one mechanical rule set:
//!
//! 1. modules are concatenated in dependency order;
//! 2. `import … from "./….mjs";` lines are dropped (every import is of a sibling that is
//!    in the bundle already, or — the stemmer — handed over at run time);
//! 3. a leading `export ` is dropped from `export function|const|class|async function`;
//! 4. lines that are only a comment (`// …`, or a `/* … */` block starting its line) and
//!    blank lines are dropped: the sources keep the comments, the pages do not load them;
//! 5. the whole is wrapped in a strict-mode function, so nothing leaks but the
//!    `tebikiSearch` registry that shards (and `stemmer.js`) call.
//!
//! The sources follow the rules this needs (tested): imports on one line, only named
//! declaration exports, no string spanning lines.

use crate::write::Output;

/// The engine modules for Node, in dependency order: (file name, source). `shared.mjs`
/// is the constants shared with the Rust engine (made from `shared.json`, see
/// [`super::shared`]).
pub const MODULES: [(&str, &str); 4] = [
    ("stemmer.mjs", include_str!("js/stemmer.mjs")),
    ("shared.mjs", include_str!("js/shared.mjs")),
    ("tokenizer.mjs", include_str!("js/tokenizer.mjs")),
    ("searcher.mjs", include_str!("js/searcher.mjs")),
];

/// The UI module (imports the engine).
pub const UI: (&str, &str) = ("ui.mjs", include_str!("js/ui.mjs"));

/// The classic script the pages load: tokenizer, engine and UI.
pub const UI_SCRIPT: &str = "search-ui.js";

/// The classic script of the English stemmer, which registers itself as `stemmer`.
pub const STEMMER_SCRIPT: &str = "stemmer.js";

const EXPORT_FORMS: [&str; 4] = ["export function ", "export const ", "export class ", "export async function "];

/// Turns one module's source into classic-script statements (rules 2, 3 and 4).
pub fn strip_module_syntax(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_comment = false;
    for line in source.lines() {
        let t = line.trim_start();
        if in_comment {
            in_comment = !t.trim_end().ends_with("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_comment = !t.trim_end().ends_with("*/");
            continue;
        }
        if line.starts_with("import ") || t.starts_with("//") || t.is_empty() {
            continue;
        }
        match EXPORT_FORMS.iter().find(|f| line.starts_with(*f)) {
            Some(_) => out.push_str(&line["export ".len()..]),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A classic script made of `modules` (rules 1 and 5), ending with `tail`.
pub fn classic_script(what: &str, modules: &[(&str, &str)], tail: &str) -> String {
    let mut out = format!(
        "// tebiki search: {what}, a classic script built by tebiki from its ES modules\n\
         // (src/search/js/*.mjs, where the comments are); see docs/search-format.md.\n(function () {{\n\"use strict\";\n"
    );
    for (name, source) in modules {
        out.push_str(&format!("// ---- {name}\n"));
        out.push_str(&strip_module_syntax(source));
    }
    out.push_str(tail);
    out.push_str("})();\n");
    out
}

/// The classic-script build of the engine and UI.
pub fn classic_bundle() -> String {
    classic_script("engine and UI", &[MODULES[1], MODULES[2], MODULES[3], UI], "")
}

/// The classic-script build of the stemmer: it hands `stemEnglish` to the engine.
pub fn stemmer_script() -> String {
    classic_script("English stemmer", &[MODULES[0]], "tebikiSearch.register(\"stemmer\", stemEnglish);\n")
}

/// Adds the engine modules and the classic scripts to `assets/search/`.
pub fn add(out: &mut Output) {
    for (name, source) in MODULES {
        out.add(format!("assets/search/{name}"), source.as_bytes().to_vec());
    }
    out.add(format!("assets/search/{UI_SCRIPT}"), classic_bundle().into_bytes());
    out.add(format!("assets/search/{STEMMER_SCRIPT}"), stemmer_script().into_bytes());
}
