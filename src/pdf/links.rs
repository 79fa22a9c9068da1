//! The links of a page as `tebiki pdf` prints it. The page is printed from a temporary
//! folder, so a relative link that leaves it (to a guide's web page, to another volume)
//! would become a `file://` address of that folder, gone once the PDF is written. Links
//! within the page (`#g1-s2`) and to the web stay; a relative link to another page leads
//! to that page under `base_url` when the site has one, and otherwise keeps only its text.

use crate::check::links::{is_external, resolve};

/// `html` (the page at `page`, a path from the site's root) with its `<a href>`s made fit
/// for a PDF (see the module doc).
pub fn for_print(html: &str, page: &str, base_url: Option<&str>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<a ") {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let end = tail.find('>').map_or(tail.len(), |i| i + 1);
        out.push_str(&tag(&tail[..end], page, base_url));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// One `<a …>` start tag with its `href` made fit for a PDF.
fn tag(tag: &str, page: &str, base_url: Option<&str>) -> String {
    let Some(start) = tag.find(" href=\"") else { return tag.to_owned() };
    let value_at = start + " href=\"".len();
    let Some(len) = tag[value_at..].find('"') else { return tag.to_owned() };
    let href = &tag[value_at..value_at + len];
    if href.is_empty() || href.starts_with('#') || is_external(href) || href.starts_with("//") {
        return tag.to_owned();
    }
    let (path, fragment) = href.split_at(href.find('#').unwrap_or(href.len()));
    let target = base_url.zip(resolve(page, path)).map(|(base, to)| {
        let to = to.strip_suffix("index.html").unwrap_or(&to);
        format!("{}/{to}{fragment}", base.trim_end_matches('/'))
    });
    match target {
        // (`&` of a fragment stays escaped as it was written.)
        Some(url) => format!("{}{url}{}", &tag[..value_at], &tag[value_at + len..]),
        None => format!("{}{}", &tag[..start], &tag[value_at + len + 1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leaving_the_page_lead_to_the_web_or_keep_their_text() {
        let html = r##"<p><a href="#g1-s2">here</a> <a class="x" href="../../contacts/index.html#s2">there</a> <a href="https://example.org/">web</a> <link href="../../../assets/css/tebiki.css"></p>"##;
        let page = "ja/print/1/index.html";
        assert_eq!(
            for_print(html, page, Some("https://guides.example/ir/")),
            r##"<p><a href="#g1-s2">here</a> <a class="x" href="https://guides.example/ir/ja/contacts/#s2">there</a> <a href="https://example.org/">web</a> <link href="../../../assets/css/tebiki.css"></p>"##
        );
        assert_eq!(
            for_print(html, page, None),
            r##"<p><a href="#g1-s2">here</a> <a class="x">there</a> <a href="https://example.org/">web</a> <link href="../../../assets/css/tebiki.css"></p>"##
        );
    }
}
