//! Model → HTML for the content of a guide: blocks and inline text.
//!
//! This is the one place content text becomes markup, so escaping lives here: every
//! piece of text goes through [`escape`] (element content) or [`escape_attr`] (attribute
//! values). Raw HTML from Markdown is shown as text unless the site opted in
//! (`[markdown] raw_html = true`); then it is kept, but sanitised (ammonia, see
//! [`sanitize`]): no `script`, `style`, `iframe`, `object`, `embed`, forms, event-handler
//! attributes or `javascript:`/`data:` URLs — a page opened from `file://` would run a
//! local script as its own. Links with schemes that run code or embed data
//! (`javascript:`, `data:`, …) lose their link and keep their text.
//!
//! Links to other guides by their source file (`other.md#s3`) become links to the
//! guide's page, and images become `<img>` of their copy in the output, for the page
//! that shows them ([`Refs`], [`Placement`]); an image that cannot be shown leaves its
//! alt text, a link that leads nowhere its text.
//!
//! The page chrome around this markup is the theme's templates (tera escapes what they
//! print); they insert the strings made here with `| safe`.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::link::Site;
use crate::model::{Alert, Block, Guide, Inline, ListItem, RichText};
use crate::paths::{GuidePage, guide_page, root_of};
pub use crate::render::escape::{escape, escape_attr};
use crate::render::highlight::Highlighter;
use crate::render::notes;

/// What the HTML writer needs to know about the site.
#[derive(Debug, Clone, Copy)]
pub struct HtmlOptions {
    pub raw_html: bool,
}

/// Content shown on a page other than its guide's own (a brief, the briefing, the
/// handbook, a guide's card on the home): how its links are written so that they still
/// lead where the author meant, and what tells its tables apart from other guides' on the
/// same page.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// Put before a relative link (`../other/index.html`): the way from the showing page
    /// to the guide's folder. `None` drops such links and keeps their text (the handbook,
    /// which stands alone: there a link to a guide of its language leads to the guide's
    /// place in it, `#g2-s3`, and images load at once, for printing).
    pub relative: Option<String>,
    /// The way from the showing page to the site's root (`../../`), before the path of an
    /// image's copy or of another guide's page.
    pub root: String,
    /// Put in place of the `#` of an in-guide link: `#s3` becomes `{fragment}s3`.
    pub fragment: String,
    /// Added to each table's accessible name (`Header / Header — {context}`), so that
    /// the scrollable table regions of several guides on one page have distinct names.
    pub context: Option<String>,
    /// On a handbook page (`relative: None`), the guides of the language it holds, by
    /// index (`None`: all of them): a link to one of these leads to its place on the page,
    /// a link to any other guide to that guide's own page.
    pub here: Option<std::ops::Range<usize>>,
    /// Where the notes of the content are ([`super::notes`]): `Some(prefix)`, listed on
    /// this page with ids that start with `prefix`; `None`, elsewhere — a reference leads
    /// through `fragment` to the note, as an in-guide link does, and has no id. (On the
    /// guide's own page, with no placement, they are listed with no prefix.)
    pub notes: Option<String>,
}

impl Placement {
    /// Where `url` (a safe link) should lead, or `None` to keep only the link's text.
    fn apply(&self, url: &str) -> Option<String> {
        if let Some(frag) = url.strip_prefix('#') {
            return Some(format!("{}{frag}", self.fragment));
        }
        let scheme_end = url.find([':', '/', '?', '#']);
        let absolute = matches!(scheme_end, Some(i) if url.as_bytes()[i] == b':') || url.starts_with('/');
        if absolute {
            return Some(url.to_owned());
        }
        self.relative.as_ref().map(|prefix| format!("{prefix}{url}"))
    }
}

/// The guide whose content is written, in its site: where its links to other guides
/// (`GuideLinks::targets`) and its images (`GuideLinks::images`, `Site::media`) lead.
#[derive(Debug, Clone, Copy)]
pub struct Refs<'a> {
    pub site: &'a Site,
    pub guide: &'a Guide,
}

/// Writes content blocks as HTML.
pub struct HtmlWriter<'a> {
    opts: HtmlOptions,
    highlighter: &'a Highlighter,
    placement: Option<Placement>,
    refs: Option<Refs<'a>>,
    out: String,
    /// Whether raw HTML was written, so that the result must be sanitised.
    raw: bool,
}

impl<'a> HtmlWriter<'a> {
    pub fn new(opts: HtmlOptions, highlighter: &'a Highlighter) -> Self {
        HtmlWriter { opts, highlighter, placement: None, refs: None, out: String::new(), raw: false }
    }

    /// Writes the content of `refs.guide`: its links to other guides and its images are
    /// written out (without, they keep only their text).
    pub fn of_guide(mut self, refs: Refs<'a>) -> Self {
        self.refs = Some(refs);
        self
    }

    /// Writes the content for a page other than the guide's own (see [`Placement`]).
    pub fn with_placement(mut self, placement: Placement) -> Self {
        self.placement = Some(placement);
        self
    }

    /// The blocks as one HTML string.
    pub fn blocks(mut self, blocks: &[Block]) -> String {
        for block in blocks {
            self.block(block);
        }
        self.finish()
    }

    /// Inline text as an HTML string (no surrounding element).
    pub fn rich(mut self, text: &RichText) -> String {
        self.inlines(&text.0);
        self.finish()
    }

    /// The markup, sanitised as a whole when it holds raw HTML (so that an element opened
    /// in one piece of raw HTML and closed in another stays one element).
    fn finish(self) -> String {
        if self.raw { sanitize(&self.out) } else { self.out }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph { text } => {
                self.out.push_str("<p>");
                self.inlines(&text.0);
                self.out.push_str("</p>\n");
            }
            Block::Table { header, rows, caption } => self.table(header, rows, caption.as_deref()),
            Block::List { ordered, start, items } => self.list(*ordered, *start, items),
            Block::Code { lang, text } => {
                let lang = lang.as_deref().filter(|l| !l.is_empty());
                self.out.push_str("<pre class=\"code\" tabindex=\"0\"");
                if let Some(lang) = lang {
                    self.out.push_str(" data-lang=\"");
                    escape_attr(lang, &mut self.out);
                    self.out.push('"');
                }
                self.out.push_str("><code>");
                self.highlighter.highlight(text, lang, &mut self.out);
                self.out.push_str("</code></pre>\n");
            }
            Block::Quote { alert, blocks } => self.quote(*alert, blocks),
            Block::Html { html } => {
                if self.opts.raw_html {
                    self.raw = true;
                    self.out.push_str(html);
                    if !html.ends_with('\n') {
                        self.out.push('\n');
                    }
                } else {
                    self.out.push_str("<pre class=\"raw-html\">");
                    escape(html, &mut self.out);
                    self.out.push_str("</pre>\n");
                }
            }
        }
    }

    /// A quotation as `<blockquote>`; an alert as a note with its kind's title.
    fn quote(&mut self, alert: Option<Alert>, blocks: &[Block]) {
        let close = match alert {
            None => {
                self.out.push_str("<blockquote>\n");
                "</blockquote>\n"
            }
            Some(alert) => {
                let title = alert.title(self.refs.as_ref().map_or("en", |r| r.guide.lang.as_str()));
                let kind = alert.as_str();
                self.out.push_str(&format!(
                    "<div class=\"alert alert-{kind}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"alert-title\">{title}</p>\n"
                ));
                "</div>\n"
            }
        };
        for b in blocks {
            self.block(b);
        }
        self.out.push_str(close);
    }

    fn table(&mut self, header: &[RichText], rows: &[Vec<RichText>], caption: Option<&str>) {
        // The wrapper scrolls sideways on a narrow screen; a scrolling region must be
        // reachable by keyboard, and a focusable region needs a name.
        self.out.push_str("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\"");
        if let Some(caption) = caption {
            self.out.push_str(" aria-label=\"");
            escape_attr(caption, &mut self.out);
            if let Some(context) = self.placement.as_ref().and_then(|l| l.context.as_deref()) {
                self.out.push_str(" — ");
                escape_attr(context, &mut self.out);
            }
            self.out.push('"');
        } else {
            let names: Vec<String> = header.iter().map(RichText::to_plain).collect();
            self.out.push_str(" aria-label=\"");
            escape_attr(&names.join(" / "), &mut self.out);
            if let Some(context) = self.placement.as_ref().and_then(|l| l.context.as_deref()) {
                self.out.push_str(" — ");
                escape_attr(context, &mut self.out);
            }
            self.out.push('"');
        }
        self.out.push_str("><table>\n");
        if let Some(caption) = caption {
            self.out.push_str("<caption>");
            escape(caption, &mut self.out);
            self.out.push_str("</caption>\n");
        }
        self.out.push_str("<thead><tr>");
        for cell in header {
            self.out.push_str("<th scope=\"col\">");
            self.inlines(&cell.0);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for cell in row {
                self.out.push_str("<td>");
                self.inlines(&cell.0);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table></div>\n");
    }

    fn list(&mut self, ordered: bool, start: u32, items: &[ListItem]) {
        let tag = if ordered { "ol" } else { "ul" };
        let tasks = items.iter().any(|i| i.task.is_some());
        self.out.push('<');
        self.out.push_str(tag);
        if ordered && start != 1 {
            self.out.push_str(&format!(" start=\"{start}\""));
        }
        if tasks {
            self.out.push_str(" class=\"tasks\"");
        }
        self.out.push_str(">\n");
        for item in items {
            match item.task {
                Some(done) => {
                    self.out.push_str(if done {
                        "<li class=\"task\" data-done=\"true\">"
                    } else {
                        "<li class=\"task\">"
                    });
                }
                None => self.out.push_str("<li>"),
            }
            self.inlines(&item.text.0);
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => escape(t, &mut self.out),
                Inline::Code(t) => {
                    self.out.push_str("<code>");
                    escape(t, &mut self.out);
                    self.out.push_str("</code>");
                }
                Inline::Emph(c) => self.wrap("em", c),
                Inline::Strong(c) => self.wrap("strong", c),
                Inline::Strike(c) => self.wrap("del", c),
                Inline::Link { url, content, .. } => {
                    let href = match &self.placement {
                        _ if !is_safe_url(url) => None,
                        _ if self.refs.is_some_and(|r| r.site.links(r.guide).dead.contains(url)) => None,
                        // A link to an image the guide shows (`[![chart](a.png)](a.png)`,
                        // to see it whole) leads to the image's copy.
                        _ if self.image_copy(url).is_some() => self.image_copy(url),
                        _ if crate::references::source_link(url).is_some() => self.guide_href(url),
                        Some(placement) => placement.apply(url),
                        None => Some(url.clone()),
                    };
                    if let Some(href) = href {
                        self.out.push_str("<a href=\"");
                        escape_attr(&href, &mut self.out);
                        self.out.push_str("\">");
                        self.inlines(content);
                        self.out.push_str("</a>");
                    } else {
                        self.inlines(content);
                    }
                }
                Inline::Image { src, alt, .. } => self.image(src, alt),
                Inline::NoteRef { number, occurrence, .. } => self.note_ref(*number, *occurrence),
                Inline::LineBreak => self.out.push_str("<br>\n"),
                Inline::Html(h) => {
                    if self.opts.raw_html {
                        self.raw = true;
                        self.out.push_str(h);
                    } else {
                        escape(h, &mut self.out);
                    }
                }
            }
        }
    }

    /// From the page being written to the site's root.
    fn root(&self) -> Option<String> {
        match (&self.placement, self.refs) {
            (Some(placement), _) => Some(placement.root.clone()),
            (None, Some(refs)) => Some(root_of(&guide_page(&refs.guide.lang, &refs.guide.slug, GuidePage::Guide))),
            (None, None) => None,
        }
    }

    /// Where a link to a guide by its source file leads from this page, or `None` to keep
    /// only its text (a link `check` reports, or one the handbook cannot follow).
    fn guide_href(&self, url: &str) -> Option<String> {
        let refs = self.refs?;
        let target = refs.site.links(refs.guide).targets.get(url)?;
        let section = target.section.as_deref();
        let same_guide = target.lang == refs.guide.lang && target.slug == refs.guide.slug;
        if let (true, Some(id)) = (same_guide, section) {
            let own = format!("#{id}");
            return match &self.placement {
                Some(placement) => placement.apply(&own),
                None => Some(own),
            };
        }
        if let Some(placement) = self.placement.as_ref().filter(|p| p.relative.is_none()) {
            // A handbook page: a guide of its language may be on it.
            if target.lang != refs.guide.lang {
                return None;
            }
            let i = refs.site.position(&target.lang, &target.slug)?;
            if placement.here.as_ref().is_none_or(|here| here.contains(&i)) {
                let n = i + 1;
                return Some(match section {
                    Some(id) => format!("#g{n}-{id}"),
                    None => format!("#g{n}"),
                });
            }
        }
        let page = guide_page(&target.lang, &target.slug, GuidePage::Guide);
        let fragment = section.map(|id| format!("#{id}")).unwrap_or_default();
        Some(format!("{}{page}{fragment}", self.root()?))
    }

    /// An `<img>` of the image's copy, with its size, or its alt text when it has none.
    /// The address of the copy of the image the guide shows as `src`, from this page.
    fn image_copy(&self, src: &str) -> Option<String> {
        let refs = self.refs?;
        let image = refs.site.media.images.get(refs.site.links(refs.guide).images.get(src)?)?;
        Some(format!("{}{}", self.root()?, image.output))
    }

    fn image(&mut self, src: &str, alt: &str) {
        let found = self.refs.and_then(|refs| {
            let file = refs.site.links(refs.guide).images.get(src)?;
            refs.site.media.images.get(file)
        });
        let (Some(image), Some(root)) = (found, self.root()) else {
            escape(alt, &mut self.out);
            return;
        };
        self.out.push_str("<img src=\"");
        escape_attr(&format!("{root}{}", image.output), &mut self.out);
        self.out.push_str("\" alt=\"");
        escape_attr(alt, &mut self.out);
        self.out.push('"');
        if let Some((width, height)) = image.size {
            self.out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        let print = self.placement.as_ref().is_some_and(|p| p.relative.is_none());
        if !print {
            self.out.push_str(" loading=\"lazy\"");
        }
        self.out.push('>');
    }

    /// A reference to note `n` (its `k`-th): the note's number, raised, linked to the note.
    fn note_ref(&mut self, n: usize, k: usize) {
        let listed = match &self.placement {
            None => Some(""),
            Some(placement) => placement.notes.as_deref(),
        };
        self.out.push_str("<sup class=\"note-ref\"><a href=\"");
        match listed {
            Some(prefix) => {
                escape_attr(&format!("#{}", notes::note_id(prefix, n)), &mut self.out);
                self.out.push_str("\" id=\"");
                escape_attr(&notes::ref_id(prefix, n, k), &mut self.out);
                self.out.push_str("\" aria-describedby=\"");
                escape_attr(&notes::list_id(prefix), &mut self.out);
            }
            None => {
                let own = format!("#{}", notes::note_id("", n));
                let href = self.placement.as_ref().and_then(|p| p.apply(&own)).unwrap_or(own);
                escape_attr(&href, &mut self.out);
            }
        }
        self.out.push_str(&format!("\" role=\"doc-noteref\">{n}</a></sup>"));
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        self.inlines(content);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }
}

/// A link target a reader may follow: relative, a fragment, or http(s) / mailto / tel.
fn is_safe_url(url: &str) -> bool {
    let url = url.trim_start();
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// The sanitiser of raw HTML: ammonia's allow-list of elements (text markup, lists,
/// tables, images, `details`, …; never `script`, `style`, `iframe`, `object`, `embed`,
/// `form` or `input`), with the attributes tebiki's own markup uses besides ammonia's,
/// and URLs only relative or `http`, `https`, `mailto`, `tel`. No `rel` is added to
/// links, so sanitising tebiki's own markup leaves it as it was.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(None)
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .add_generic_attributes([
            "class",
            "id",
            "role",
            "tabindex",
            "aria-label",
            "aria-describedby",
            "data-lang",
            "data-done",
            "scope",
        ])
        .strip_comments(true);
    builder
});

/// Raw HTML (with the markup around it) made safe to show: see [`SANITIZER`].
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(blocks: &[Block], raw_html: bool) -> String {
        let h = Highlighter::new();
        HtmlWriter::new(HtmlOptions { raw_html }, &h).blocks(blocks)
    }

    #[test]
    fn escapes_text_and_raw_html_unless_allowed() {
        let blocks = vec![
            Block::paragraph("a <script>alert(1)</script> & b"),
            Block::Html { html: "<b onclick=\"x()\">hi</b>".into() },
        ];
        let out = html(&blocks, false);
        assert!(out.contains("<p>a &lt;script&gt;alert(1)&lt;/script&gt; &amp; b</p>"), "{out}");
        assert!(out.contains("&lt;b onclick=\"x()\"&gt;hi&lt;/b&gt;"), "{out}");
        assert!(html(&blocks, true).contains("<b>hi</b>"), "allowed raw HTML loses its event handlers");
    }

    #[test]
    fn sanitises_raw_html_that_could_run_a_script() {
        let cases = [
            ("<script src=\"file:///tmp/evil.js\"></script><p>kept</p>", "<p>kept</p>\n"),
            ("<iframe src=\"x.html\"></iframe><object data=\"x\"></object><embed src=\"x\">", "\n"),
            ("<img src=\"x.png\" onerror=\"alert(1)\" alt=\"a\">", "<img src=\"x.png\" alt=\"a\">\n"),
            ("<a href=\"javascript:alert(1)\">x</a> <a href=\"data:text/html,x\">y</a>", "<a>x</a> <a>y</a>\n"),
            ("<svg onload=\"alert(1)\"><script>alert(1)</script></svg><style>*{}</style>", "\n"),
            (
                "<div class=\"note\" style=\"x\"><form action=\"x\"><input></form>ok</div>",
                "<div class=\"note\">ok</div>\n",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(html(&[Block::Html { html: raw.into() }], true), want, "{raw}");
        }
        // An element opened in one raw piece and closed in another stays one element.
        let inline = Block::Paragraph {
            text: RichText(vec![
                Inline::Html("<span class=\"k\" onclick=\"x()\">".into()),
                Inline::Text("a & b".into()),
                Inline::Html("</span>".into()),
                Inline::Link {
                    url: "../g/index.html#s1".into(),
                    content: vec![Inline::Text("l".into())],
                    line: crate::model::SourceLine(1),
                },
            ]),
        };
        assert_eq!(
            html(&[inline], true),
            "<p><span class=\"k\">a &amp; b</span><a href=\"../g/index.html#s1\">l</a></p>\n"
        );
    }

    #[test]
    fn drops_links_with_unsafe_schemes() {
        let link = |url: &str| Block::Paragraph {
            text: RichText(vec![Inline::Link {
                url: url.into(),
                content: vec![Inline::Text("x".into())],
                line: crate::model::SourceLine(1),
            }]),
        };
        assert_eq!(html(&[link(" JavaScript:alert(1)")], false), "<p>x</p>\n");
        assert_eq!(html(&[link("data:text/html,hi")], false), "<p>x</p>\n");
        assert_eq!(html(&[link("../a/index.html#s1")], false), "<p><a href=\"../a/index.html#s1\">x</a></p>\n");
        assert_eq!(
            html(&[link("https://e.org/?a=\"b\"")], false),
            "<p><a href=\"https://e.org/?a=&quot;b&quot;\">x</a></p>\n"
        );
    }

    #[test]
    fn rewrites_links_for_another_page() {
        let link = |url: &str| Block::Paragraph {
            text: RichText(vec![Inline::Link {
                url: url.into(),
                content: vec![Inline::Text("x".into())],
                line: crate::model::SourceLine(1),
            }]),
        };
        let h = Highlighter::new();
        let write = |url: &str, links: Placement| {
            HtmlWriter::new(HtmlOptions { raw_html: false }, &h).with_placement(links).blocks(&[link(url)])
        };
        let brief = Placement {
            relative: Some("../".into()),
            root: "../../../".into(),
            fragment: "../index.html#".into(),
            context: None,
            here: None,
            notes: None,
        };
        assert_eq!(write("#s3", brief.clone()), "<p><a href=\"../index.html#s3\">x</a></p>\n");
        assert_eq!(write("../b/index.html", brief.clone()), "<p><a href=\"../../b/index.html\">x</a></p>\n");
        assert_eq!(write("https://e.org/", brief), "<p><a href=\"https://e.org/\">x</a></p>\n");
        let handbook = Placement {
            relative: None,
            root: "../../".into(),
            fragment: "#g2-".into(),
            context: None,
            here: None,
            notes: None,
        };
        assert_eq!(write("#s3-1", handbook.clone()), "<p><a href=\"#g2-s3-1\">x</a></p>\n");
        assert_eq!(write("../b/index.html", handbook.clone()), "<p>x</p>\n");
        assert_eq!(write("javascript:alert(1)", handbook), "<p>x</p>\n");
    }

    #[test]
    fn writes_tables_with_a_header_row() {
        let t = Block::Table {
            header: vec![RichText::plain("A"), RichText::plain("B")],
            rows: vec![vec![RichText::plain("1"), RichText::plain("<2>")]],
            caption: Some("比較".into()),
        };
        let out = html(&[t], false);
        assert!(out.contains("<caption>比較</caption>"), "{out}");
        assert!(out.contains("<thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead>"), "{out}");
        assert!(out.contains("<td>&lt;2&gt;</td>"), "{out}");
    }
}
