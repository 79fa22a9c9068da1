//! HTML escaping: text for element content and for double-quoted attribute values. The
//! one place that decides how content text becomes markup (the HTML writer, the
//! highlighter and tera's autoescape all use it).

/// Escapes text for element content.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escapes text for a double-quoted attribute value.
pub fn escape_attr(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
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
}
