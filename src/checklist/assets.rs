//! The browser side of checklists as one file of the site, `assets/js/checklist.js`.
//!
//! The source is two ES modules under `src/checklist/js/`: `state.mjs` (the record and
//! the exports, pure functions that `node --test` imports directly) and `ui.mjs` (the
//! page). Pages on `file://` cannot load module scripts, so they get one classic script
//! made by the crate's bundler ([`crate::bundle`]).

use crate::bundle;

/// The modules in dependency order: (file name, source).
pub const MODULES: [(&str, &str); 2] =
    [("state.mjs", include_str!("js/state.mjs")), ("ui.mjs", include_str!("js/ui.mjs"))];

/// The classic script the pages load (at [`crate::paths::CHECKLIST_SCRIPT`]).
pub fn classic_script() -> String {
    bundle::classic_script(
        "// tebiki checklists: built by tebiki from its ES modules (src/checklist/js/*.mjs).\n",
        &MODULES,
        "",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_keep_to_the_bundle_rules() {
        for (name, source) in MODULES {
            assert_eq!(bundle::rule_breaks(name, source), Vec::<String>::new());
            assert!(!source.contains("export default"), "{name}: no default exports");
        }
        let script = classic_script();
        assert!(!script.contains("\nimport ") && !script.contains("\nexport "), "module syntax left in the bundle");
    }
}
