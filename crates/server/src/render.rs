//! Docs Markdown to HTML for Docent's own pages, through an allow-list.
//!
//! Docs are written by many hands (and synced from other systems), and the pages that render
//! them share an origin with `/author` and `/lead`, which hold keys: nothing in a doc may become
//! markup that runs. Two layers:
//!
//! 1. while parsing ([`events`]): raw HTML becomes text; heading attributes (`{#id .class
//!    key=value}`) are reduced to an `id` made of `[a-z0-9_-]` (the heading's slug when none or
//!    an empty one is given), classes and other attributes dropped; a link or image whose target
//!    is not a web link (`http(s)`, `mailto` for links, relative) is dropped to its text;
//! 2. the HTML is then cleaned by `ammonia` with an explicit allow-list of tags and attributes
//!    (`href`/`title` on links, `src`/`alt`/`title` on images, `id` on headings, `start` on
//!    lists, nothing else) and of URL schemes (http, https, mailto, relative).
//!
//! Proves (see tests, and the `security` test target over HTTP): event handlers, `style`,
//! `javascript:`/`data:` links and autolinks never reach the page, in any spelling; headings
//! keep the anchors citations link to.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use docent_core::heading::{clean_id, slug};
use docent_core::{is_safe_link, LinkPolicy};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// `text` (Markdown) as HTML that is safe to serve on Docent's origin.
pub fn markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events(text).into_iter());
    cleaner().clean(&html).to_string()
}

/// The parsed Markdown with everything outside the allow-list removed (layer 1).
fn events(text: &str) -> Vec<Event<'_>> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let parsed: Vec<Event<'_>> = Parser::new_ext(text, opts).collect();
    let mut out = Vec::with_capacity(parsed.len());
    // Links cannot nest, images can sit in links: one flag each is enough.
    let (mut dropped_link, mut dropped_image) = (false, false);
    for (i, e) in parsed.iter().enumerate() {
        let e = e.clone();
        match e {
            Event::Html(h) | Event::InlineHtml(h) => out.push(Event::Text(h)),
            Event::Start(Tag::Heading { level, id, .. }) => {
                let given = id.map(|s| clean_id(&s)).filter(|s| !s.is_empty());
                let id = given.unwrap_or_else(|| slug(&heading_text(&parsed[i + 1..])));
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                dropped_link = !is_safe_link(dest_url, LinkPolicy::WebOrMail);
                if !dropped_link {
                    out.push(e);
                }
            }
            Event::End(TagEnd::Link) => {
                if !std::mem::take(&mut dropped_link) {
                    out.push(e);
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                dropped_image = !is_safe_link(dest_url, LinkPolicy::Web);
                if !dropped_image {
                    out.push(e);
                }
            }
            Event::End(TagEnd::Image) => {
                if !std::mem::take(&mut dropped_image) {
                    out.push(e);
                }
            }
            e => out.push(e),
        }
    }
    out
}

/// The text of a heading whose events start at `rest[0]`.
fn heading_text(rest: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in rest {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            _ => {}
        }
    }
    s
}

/// The HTML allow-list (layer 2), built once.
fn cleaner() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
            "blockquote",
            "br",
            "code",
            "del",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "img",
            "li",
            "ol",
            "p",
            "pre",
            "strong",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
        ]
        .into_iter()
        .collect();
        let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
        attrs.insert("a", ["href", "title"].into_iter().collect());
        attrs.insert("img", ["src", "alt", "title"].into_iter().collect());
        attrs.insert("ol", ["start"].into_iter().collect());
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            attrs.insert(h, ["id"].into_iter().collect());
        }
        let mut b = ammonia::Builder::empty();
        b.tags(tags)
            .tag_attributes(attrs)
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true)
            .attribute_filter(|_, attr, value| match attr {
                "id" => Some(clean_id(value).into()),
                "start" => value
                    .chars()
                    .all(|c| c.is_ascii_digit())
                    .then(|| value.to_string().into()),
                _ => Some(value.into()),
            });
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real tags of `html` (text is escaped, so every raw `<` opens a tag), lower-cased.
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or("").to_lowercase())
            .collect()
    }

    #[test]
    fn headings_keep_their_anchor_and_lose_every_other_attribute() {
        let h = markdown("## Export from a report\n\n# T {#x autofocus onfocus=alert(1) .evil}\n\n### Y {#\"><img src=x onerror=alert(1)>}\n");
        assert!(h.contains("<h2 id=\"export-from-a-report\">"), "{h}");
        assert!(h.contains("<h1 id=\"x\">"), "{h}");
        for tag in tags(&h) {
            for bad in ["onfocus", "autofocus", "evil", "onerror", "img"] {
                assert!(!tag.contains(bad), "<{tag}> in {h}");
            }
        }
    }

    // Outside probe (session 54): a citation's anchor missed the page's heading id when the
    // heading held HTML, a link or an attribute block. Both now read the heading one way.
    #[test]
    fn a_citation_anchor_is_the_id_the_page_gives_its_heading() {
        let headings = [
            "Export a report",
            "Install {#setup}",
            "Install {#Set_Up .wide data-x=1}",
            "Links {.evil onmouseover=alert(9)}",
            "Press <kbd>Ctrl</kbd> + K",
            "The [API](https://x.example/api) keys",
            "The `filter` parameter",
            "**Bold** and _emphasis_",
            "Sizes < 10 MB",
            "Émigré café",
            "Autolink <https://auto.example/x>",
            "Image ![alt text](https://x.example/i.png) here",
        ];
        for raw in headings {
            let h = markdown(&format!("## {raw}\n\ntext\n"));
            let id = h
                .split("id=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default();
            assert_eq!(id, docent_core::heading::anchor(raw), "{raw}: {h}");
        }
    }

    #[test]
    fn only_web_links_survive() {
        let h = markdown(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) <javascript:alert(3)> \
             [c](data:text/html,x) ![i](javascript:alert(4)) [ok](https://x.example/a) \
             [rel](/docs/a) [mail](mailto:help@example.com) <https://auto.example>",
        );
        for tag in tags(&h) {
            assert!(
                !tag.contains("javascript:") && !tag.contains("data:"),
                "<{tag}> in {h}"
            );
        }
        assert!(
            h.contains("javascript:alert(3)"),
            "the autolink stays as text: {h}"
        );
        for good in [
            "href=\"https://x.example/a\"",
            "href=\"/docs/a\"",
            "href=\"mailto:help@example.com\"",
            "href=\"https://auto.example\"",
        ] {
            assert!(h.contains(good), "{good} missing in {h}");
        }
    }

    #[test]
    fn raw_html_is_text() {
        let h = markdown("<script>alert(1)</script>\n\nHi <b onclick=x>there</b>\n");
        assert!(
            tags(&h)
                .iter()
                .all(|t| !t.starts_with("script") && !t.starts_with("b ")),
            "{h}"
        );
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }
}
