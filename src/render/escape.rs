//! HTML escaping: text for element content and for double-quoted attribute values. The
//! one place that decides how content text becomes markup (the HTML writer, the
//! highlighter and tera's autoescape all use it).

/// Escapes text for element content.
pub fn escape(text: &str, out: &mut String) {
    escape_with(text, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    });
}

/// Escapes text for a double-quoted attribute value.
pub fn escape_attr(text: &str, out: &mut String) {
    escape_with(text, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Copies `text` to `out` in runs, replacing each byte `entity` names. Every such byte is
/// ASCII, so the runs between them are whole characters.
#[inline]
fn escape_with(text: &str, out: &mut String, entity: impl Fn(u8) -> Option<&'static str>) {
    out.reserve(text.len());
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if let Some(replacement) = entity(b) {
            out.push_str(&text[start..i]);
            out.push_str(replacement);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        let (mut text, mut attr) = (String::new(), String::new());
        escape("<a href=\"x\">&</a>", &mut text);
        escape_attr("\"'<>&/", &mut attr);
        assert_eq!(text, "&lt;a href=\"x\"&gt;&amp;&lt;/a&gt;");
        assert_eq!(attr, "&quot;&#39;&lt;&gt;&amp;/");
    }

    #[test]
    fn text_around_and_between_entities_is_kept_whole() {
        let mut out = String::from("前:");
        escape("手引き<b>&「表」</b>終わり", &mut out);
        assert_eq!(out, "前:手引き&lt;b&gt;&amp;「表」&lt;/b&gt;終わり");
        let mut out = String::new();
        escape_attr("", &mut out);
        escape_attr("日本語だけ", &mut out);
        assert_eq!(out, "日本語だけ");
    }
}
