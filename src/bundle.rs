//! The one bundler of the site's browser scripts: ES modules → one classic script.
//!
//! Chromium blocks module scripts on `file://` pages (a module loads under CORS and a file
//! has no origin), but a classic `<script src>` loads. So the browser code is written as
//! ES modules (`src/search/js/`, `src/checklist/js/`) — importable by `node --test` — and
//! shipped as classic scripts made by one mechanical rule set:
//!
//! 1. modules are concatenated in dependency order;
//! 2. `import … from "./….mjs";` lines are dropped (every import is of a sibling in the
//!    bundle, or of something handed over at run time);
//! 3. a leading `export ` is dropped from `export function|const|class|async function`;
//! 4. lines that are only a comment (`// …`, or a `/* … */` block starting its line) and
//!    blank lines are dropped: the sources keep the comments, the pages do not load them;
//! 5. the whole is wrapped in a strict-mode function, so nothing leaks but what the
//!    modules hand to globals on purpose.
//!
//! The sources follow the rules this needs (tested): imports on one line, only named
//! declaration exports, no string spanning lines.

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

/// A classic script of `modules` (rules 1 and 5): `header` (comment lines, each ending
/// with a line break), the wrapper, the modules, then `tail` inside the wrapper.
pub fn classic_script(header: &str, modules: &[(&str, &str)], tail: &str) -> String {
    let mut out = String::from(header);
    out.push_str("(function () {\n\"use strict\";\n");
    for (name, source) in modules {
        out.push_str(&format!("// ---- {name}\n"));
        out.push_str(&strip_module_syntax(source));
    }
    out.push_str(tail);
    out.push_str("})();\n");
    out
}

/// Where a module breaks the rules above: `name:line: what`, empty when it keeps them.
pub fn rule_breaks(name: &str, source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let at = format!("{name}:{}", n + 1);
        if line.starts_with("import ") && !line.ends_with(".mjs\";") {
            out.push(format!("{at}: an import must be one line of a sibling module"));
        }
        if line.starts_with("export ") && !EXPORT_FORMS.iter().any(|f| line.starts_with(f)) {
            out.push(format!("{at}: only `export function|const|class|async function` survive bundling"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_module_syntax_and_comments() {
        let source = "import { a } from \"./a.mjs\";\n// note\n/* block\n   more */\nexport function f() {\n\n  return a; // kept\n}\nexport const K = 1;\n";
        assert_eq!(strip_module_syntax(source), "function f() {\n  return a; // kept\n}\nconst K = 1;\n");
    }

    #[test]
    fn wraps_modules_in_one_strict_function() {
        let script = classic_script("// head\n", &[("m.mjs", "export const X = 1;\n")], "go(X);\n");
        assert_eq!(script, "// head\n(function () {\n\"use strict\";\n// ---- m.mjs\nconst X = 1;\ngo(X);\n})();\n");
    }

    #[test]
    fn names_modules_that_break_the_rules() {
        assert_eq!(rule_breaks("a.mjs", "export default 1;\nimport x from \"y\";\n").len(), 2);
        assert!(rule_breaks("a.mjs", "import { b } from \"./b.mjs\";\nexport function f() {}\n").is_empty());
    }
}
