//! HTML escaping: text for element content and for double-quoted attribute values. The
//! one place that decides how content text becomes markup (the HTML writer, the
//! highlighter and tera's autoescape all use it).

/// Escapes text for element content. Pages are mostly such text, with few bytes to
/// escape: they are found with `memchr`, many bytes at a time.
pub fn escape(text: &str, out: &mut String) {
    out.reserve(text.len());
    let mut start = 0;
    for i in memchr::memchr3_iter(b'&', b'<', b'>', text.as_bytes()) {
        out.push_str(&text[start..i]);
        out.push_str(match text.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Escapes text for a double-quoted attribute value (short: a byte at a time).
pub fn escape_attr(text: &str, out: &mut String) {
    out.reserve(text.len());
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // Every byte escaped is ASCII, so the text between is whole characters.
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
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
