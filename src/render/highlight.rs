//! Code highlighting at build time with syntect, as CSS classes (no `style=` attributes,
//! so the Content-Security-Policy holds), plus the stylesheet for those classes: a light
//! theme, and a dark one inside `@media (prefers-color-scheme: dark)`.
//!
//! The syntax definitions load once, on the first code block, so a site without code
//! (the bundled guides have none) never pays for them.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Every class syntect writes starts with this, so it cannot collide with the theme's.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

#[derive(Debug, thiserror::Error)]
pub enum HighlightError {
    #[error("syntax theme `{0}` is missing from syntect's defaults")]
    MissingTheme(&'static str),
    #[error("cannot write the highlighting stylesheet: {0}")]
    Css(#[from] syntect::Error),
}

/// Highlights code blocks; cheap to create.
#[derive(Debug, Default)]
pub struct Highlighter;

impl Highlighter {
    pub fn new() -> Self {
        Highlighter
    }

    /// Appends `code` as highlighted, escaped HTML (spans with `hl-` classes). A language
    /// syntect does not know, or none, gives plain escaped text.
    pub fn highlight(&self, code: &str, lang: Option<&str>, out: &mut String) {
        let Some(lang) = lang else {
            crate::render::escape::escape(code, out);
            return;
        };
        let syntaxes = &*SYNTAXES;
        let Some(syntax) = syntaxes.find_syntax_by_token(lang) else {
            crate::render::escape::escape(code, out);
            return;
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                // syntect gave up on this input: show the code plainly rather than half-styled.
                crate::render::escape::escape(code, out);
                return;
            }
        }
        out.push_str(&generator.finalize());
    }
}

/// The stylesheet for highlighted code: light by default, dark when the reader's system
/// prefers it.
pub fn stylesheet() -> Result<String, HighlightError> {
    let themes = ThemeSet::load_defaults();
    let light = themes.themes.get(LIGHT_THEME).ok_or(HighlightError::MissingTheme(LIGHT_THEME))?;
    let dark = themes.themes.get(DARK_THEME).ok_or(HighlightError::MissingTheme(DARK_THEME))?;
    let mut css = String::from("/* Code highlighting, written by tebiki build from syntect's themes. */\n");
    css.push_str(&css_for_theme_with_class_style(light, CLASS_STYLE)?);
    css.push_str("\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&css_for_theme_with_class_style(dark, CLASS_STYLE)?);
    css.push_str("}\n");
    Ok(css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes_only() {
        let mut out = String::new();
        Highlighter::new().highlight("let x = \"<a>\";\n", Some("rust"), &mut out);
        assert!(out.contains("class=\"hl-"), "{out}");
        assert!(out.contains("&lt;a&gt;"), "{out}");
        assert!(!out.contains("style="), "{out}");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let mut out = String::new();
        Highlighter::new().highlight("<x>", Some("no-such-lang"), &mut out);
        assert_eq!(out, "&lt;x&gt;");
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet().unwrap();
        assert!(css.contains(".hl-code"), "{css}");
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
