//! The browser side of checklists as one file of the site, `assets/js/checklist.js`.
//!
//! The source is two ES modules under `src/checklist/js/`: `state.mjs` (the record and
//! the exports, pure functions that `node --test` imports directly) and `ui.mjs` (the
//! page). Pages on `file://` cannot load module scripts, so they get one classic script
//! made the way search makes its own (`crate::search::assets`): the modules concatenated,
//! import lines and `export` keywords dropped, wrapped in a strict-mode function.

use crate::search::assets::strip_module_syntax;

/// The modules in dependency order: (file name, source).
pub const MODULES: [(&str, &str); 2] =
    [("state.mjs", include_str!("js/state.mjs")), ("ui.mjs", include_str!("js/ui.mjs"))];

/// Where the script sits in the output.
pub const SCRIPT: &str = "assets/js/checklist.js";

/// The classic script the pages load.
pub fn classic_script() -> String {
    let mut out = String::from(
        "// tebiki checklists: built by tebiki from its ES modules (src/checklist/js/*.mjs).\n(function () {\n\"use strict\";\n",
    );
    for (name, source) in MODULES {
        out.push_str(&format!("// ---- {name}\n"));
        out.push_str(&strip_module_syntax(source));
    }
    out.push_str("})();\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_keep_to_the_bundle_rules() {
        for (name, source) in MODULES {
            for (n, line) in source.lines().enumerate() {
                let at = format!("{name}:{}", n + 1);
                if line.starts_with("import ") {
                    assert!(line.ends_with(".mjs\";"), "{at}: an import must be one line of a sibling module");
                }
                if line.starts_with("export ") {
                    assert!(
                        line.starts_with("export function ") || line.starts_with("export const "),
                        "{at}: only `export function|const` survive bundling"
                    );
                }
                assert!(!line.starts_with("export default"), "{at}: no default exports");
            }
        }
        let script = classic_script();
        assert!(!script.contains("\nimport ") && !script.contains("\nexport "), "module syntax left in the bundle");
    }
}
