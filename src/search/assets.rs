//! The browser side of search, as files of the site: the engine as ES modules (for Node
//! and for pages that use modules) and everything as one classic script,
//! `search-ui.js`, for the site's pages.
//!
//! Why two forms of one source: Chromium blocks module scripts on `file://` pages (a
//! module loads under CORS and a file has no origin), but a classic `<script src>`
//! loads. So the JS is written once as ES modules under `src/search/js/`, and
//! [`classic_bundle`] turns them into a classic script with one mechanical rule set:
//!
//! 1. modules are concatenated in dependency order ([`MODULES`], then the UI);
//! 2. `import … from "./….mjs";` lines are dropped (every import is of a sibling that is
//!    in the bundle already);
//! 3. a leading `export ` is dropped from `export function|const|class|async function`;
//! 4. the whole is wrapped in a strict-mode function, so nothing leaks but the
//!    `tebikiSearch` registry that shards call.
//!
//! The sources follow the rules this needs (tested): imports on one line, only named
//! declaration exports.

use crate::write::Output;

/// The engine modules, in dependency order: (file name, source).
pub const MODULES: [(&str, &str); 3] = [
    ("stemmer.mjs", include_str!("js/stemmer.mjs")),
    ("tokenizer.mjs", include_str!("js/tokenizer.mjs")),
    ("searcher.mjs", include_str!("js/searcher.mjs")),
];

/// The UI module (imports the engine).
pub const UI: (&str, &str) = ("ui.mjs", include_str!("js/ui.mjs"));

/// The classic script the pages load.
pub const UI_SCRIPT: &str = "search-ui.js";

const EXPORT_FORMS: [&str; 4] = ["export function ", "export const ", "export class ", "export async function "];

/// Turns one module's source into classic-script statements (rules 2 and 3).
pub fn strip_module_syntax(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        if line.starts_with("import ") {
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

/// The classic-script build of the engine and UI (see the module doc).
pub fn classic_bundle() -> String {
    let mut out = String::from(
        "// tebiki search: engine and UI as one classic script, built by tebiki from its ES modules\n\
         // (src/search/js/*.mjs); see docs/search-format.md.\n(function () {\n\"use strict\";\n",
    );
    for (name, source) in MODULES.iter().chain([&UI]) {
        out.push_str(&format!("// ---- {name}\n"));
        out.push_str(&strip_module_syntax(source));
    }
    out.push_str("})();\n");
    out
}

/// Adds the engine modules and the UI script to `assets/search/`.
pub fn add(out: &mut Output) {
    for (name, source) in MODULES {
        out.add(format!("assets/search/{name}"), source.as_bytes().to_vec());
    }
    out.add(format!("assets/search/{UI_SCRIPT}"), classic_bundle().into_bytes());
}
