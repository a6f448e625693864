//! HTML to plain text, for the formats that carry HTML (Mastodon content,
//! Discourse `cooked`, Hacker News `text`, HTML-only email).
//!
//! Parsing and entity decoding are html5ever's (through `scraper`); the
//! rendering is ours, because no maintained crate renders quotes the way a
//! reply coach needs them: paragraphs become blank-line separated, `<br>` a
//! newline, `<blockquote>` `> ` lines (so the engine can tell quoted words
//! from the author's), links keep their text, images their alt text.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Beyond this nesting depth, elements are flattened to their text, so a
/// hostile document cannot exhaust the stack.
const MAX_DEPTH: usize = 200;

/// Convert an HTML fragment to text. Entities are decoded; the result is
/// not yet sanitised (the importer's caller does that).
pub fn to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.trim().to_string();
    }
    if nesting_depth(html) > MAX_PARSE_DEPTH {
        return strip_tags(html);
    }
    let document = Html::parse_fragment(html);
    let mut out = Out::default();
    for child in document.tree.root().children() {
        walk(child, &mut out, 0);
    }
    out.finish()
}

/// html5ever's tree builder takes time quadratic in the nesting depth
/// (20,000 nested elements take over a second), so deeper input is not
/// given to it: see [`strip_tags`].
const MAX_PARSE_DEPTH: usize = 1_000;

/// How deep the tags nest, roughly: start tags minus end tags, void and
/// self-closing elements not counted.
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "br", "img", "hr", "input", "meta", "link", "wbr", "area", "base", "col", "embed",
        "source", "track", "param",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset + 1;
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |e| start + e);
        let tag = &html[start..end];
        if let Some(_closing) = tag.strip_prefix('/') {
            depth = depth.saturating_sub(1);
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) && !tag.ends_with('/') {
            let name_end = tag
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(tag.len());
            if !VOID.contains(&tag[..name_end].to_ascii_lowercase().as_str()) {
                depth += 1;
                max = max.max(depth);
            }
        }
        i = end.min(bytes.len());
        if i >= bytes.len() {
            break;
        }
    }
    max
}

/// The fallback for pathologically nested input: drop the tags, decode
/// the entities, keep the text. Layout is lost; nothing else is.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    htmlize::unescape(&text).trim().to_string()
}

#[derive(Default)]
struct Out {
    buf: String,
    /// Line breaks owed before the next text: 1 newline, 2 a blank line.
    pending: u8,
    /// Whitespace seen since the last text (collapsed to one space).
    space: bool,
    /// Inside `<pre>`: whitespace is kept.
    pre: usize,
    /// Counters of the open ordered lists (`None` for `<ul>`).
    lists: Vec<Option<usize>>,
}

impl Out {
    fn at_line_start(&self) -> bool {
        self.buf.is_empty() || self.buf.ends_with('\n')
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() && self.pending > 0 {
            let have = self.buf.len() - self.buf.trim_end_matches('\n').len();
            // Trailing spaces before a break go.
            let trimmed = self.buf.trim_end_matches([' ', '\t']).len();
            if have == 0 {
                self.buf.truncate(trimmed);
            }
            for _ in have..self.pending as usize {
                self.buf.push('\n');
            }
        }
        self.pending = 0;
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            if !text.is_empty() {
                self.flush();
                self.buf.push_str(text);
            }
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                self.space = true;
            } else {
                self.flush();
                if self.space && !self.at_line_start() {
                    self.buf.push(' ');
                }
                self.space = false;
                self.buf.push(c);
            }
        }
    }

    fn newline(&mut self) {
        self.flush();
        self.buf.push('\n');
        self.space = false;
    }

    fn block(&mut self, lines: u8) {
        self.space = false;
        self.pending = self.pending.max(lines);
    }

    fn finish(self) -> String {
        self.buf.trim_end().trim_start_matches('\n').to_string()
    }
}

fn walk(node: NodeRef<'_, Node>, out: &mut Out, depth: usize) {
    match node.value() {
        Node::Text(text) => out.text(text),
        Node::Element(element) => {
            if depth > MAX_DEPTH {
                for text in node.descendants().filter_map(|n| n.value().as_text()) {
                    out.text(text);
                }
                return;
            }
            let children = |out: &mut Out| {
                for child in node.children() {
                    walk(child, out, depth + 1);
                }
            };
            let class = element.attr("class").unwrap_or("");
            if class.contains("lightbox-wrapper") {
                // Discourse's image box: the picture plus file name and size.
                out.text(" [image] ");
                return;
            }
            match element.name() {
                "script" | "style" | "head" | "template" => {}
                "br" => out.newline(),
                "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "dl" | "figure"
                | "hr" => {
                    out.block(2);
                    children(out);
                    out.block(2);
                }
                "ul" | "ol" => {
                    out.block(if out.lists.is_empty() { 2 } else { 1 });
                    out.lists
                        .push((element.name() == "ol").then_some(element_start(element)));
                    children(out);
                    out.lists.pop();
                    out.block(if out.lists.is_empty() { 2 } else { 1 });
                }
                "li" => {
                    out.block(1);
                    let indent = "  ".repeat(out.lists.len().saturating_sub(1));
                    let marker = match out.lists.last_mut() {
                        Some(Some(n)) => {
                            *n += 1;
                            format!("{indent}{}. ", *n - 1)
                        }
                        _ => format!("{indent}- "),
                    };
                    out.flush();
                    out.buf.push_str(&marker);
                    children(out);
                    out.block(1);
                }
                "div" | "section" | "article" | "aside" | "header" | "footer" | "tr" | "dt"
                | "dd" | "details" | "summary" | "figcaption" | "nav" | "main" => {
                    out.block(1);
                    children(out);
                    out.block(1);
                }
                "td" | "th" => {
                    out.text(" ");
                    children(out);
                    out.text(" ");
                }
                "pre" => {
                    out.block(2);
                    out.pre += 1;
                    children(out);
                    out.pre -= 1;
                    out.block(2);
                }
                "blockquote" => {
                    let mut inner = Out::default();
                    for child in node.children() {
                        walk(child, &mut inner, depth + 1);
                    }
                    let quoted = inner.finish();
                    out.block(2);
                    if !quoted.is_empty() {
                        out.flush();
                        out.buf.push_str(&quote_lines(&quoted));
                    }
                    out.block(2);
                }
                "img" => {
                    let alt = element.attr("alt").unwrap_or("").trim();
                    if class.contains("avatar") {
                        return;
                    }
                    if class.contains("emoji") && !alt.is_empty() {
                        out.text(alt);
                    } else if alt.is_empty() || alt.eq_ignore_ascii_case("image") {
                        out.text(" [image] ");
                    } else {
                        out.text(&format!(" [image: {alt}] "));
                    }
                }
                _ => children(out),
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                walk(child, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn element_start(element: &scraper::node::Element) -> usize {
    element
        .attr("start")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1)
}

/// Prefix every line with `> ` (`>` alone on empty lines).
pub(crate) fn quote_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            out.push('>');
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn paragraphs_become_blank_line_separated() {
        assert_eq!(to_text("<p>one</p><p>two</p>"), "one\n\ntwo");
    }

    #[test]
    fn br_becomes_newline() {
        assert_eq!(to_text("<p>one<br>two<br />three</p>"), "one\ntwo\nthree");
    }

    #[test]
    fn blockquote_becomes_quote_lines() {
        assert_eq!(
            to_text("<blockquote><p>you never</p><p>listen</p></blockquote><p>I do.</p>"),
            "> you never\n>\n> listen\n\nI do."
        );
    }

    #[test]
    fn nested_blockquotes_nest() {
        assert_eq!(
            to_text("<blockquote><blockquote>a</blockquote>b</blockquote>"),
            "> > a\n>\n> b"
        );
    }

    #[test]
    fn links_keep_their_text_and_entities_are_decoded() {
        assert_eq!(
            to_text(
                "<p>see <a href=\"https://x\">the docs</a> &amp; &lt;this&gt; &#39;ok&#39; &mdash;</p>"
            ),
            "see the docs & <this> 'ok' —"
        );
    }

    #[test]
    fn hidden_url_parts_are_joined() {
        let html = "<a href=\"https://example.org/long/path\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.org/lo</span><span class=\"invisible\">ng/path</span></a>";
        assert_eq!(to_text(html), "https://example.org/long/path");
    }

    #[test]
    fn whitespace_collapses_outside_pre() {
        assert_eq!(
            to_text("<p>a\n   b</p><pre>x  =\n  1</pre>"),
            "a b\n\nx  =\n  1"
        );
    }

    #[test]
    fn lists_get_markers() {
        assert_eq!(
            to_text("<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>"),
            "- one\n- two\n\n1. a\n2. b"
        );
    }

    #[test]
    fn images_keep_alt_text_and_emoji() {
        assert_eq!(to_text("<p><img src=x alt=\"image\"></p>"), "[image]");
        assert_eq!(
            to_text("hi <img class=\"emoji\" alt=\":wave:\" src=x>"),
            "hi :wave:"
        );
    }

    #[test]
    fn discourse_lightbox_is_one_image() {
        let html = "<p><div class=\"lightbox-wrapper\"><a class=\"lightbox\"><img src=x alt=\"screenshot\"><div class=\"meta\"><span class=\"filename\">screenshot</span><span class=\"informations\">1920×1080 200 KB</span></div></a></div></p>";
        assert_eq!(to_text(html), "[image]");
    }

    #[test]
    fn scripts_are_dropped() {
        assert_eq!(to_text("<script>alert(1)</script>ok"), "ok");
    }

    #[test]
    fn hacker_news_style_paragraphs_without_closing_tags() {
        assert_eq!(
            to_text("first<p>second<p>third"),
            "first\n\nsecond\n\nthird"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(100_000) + "deep";
        assert_eq!(to_text(&html), "deep");
    }
}
