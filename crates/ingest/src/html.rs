//! HTML to Markdown-ish text: headings become `#` headings (so chunks keep their heading path),
//! list items keep their numbers, code stays fenced, and page chrome is dropped.

use scraper::{ElementRef, Html, Node, Selector};

pub(crate) struct Page {
    pub title: Option<String>,
    pub canonical: Option<String>,
    pub audience: Option<String>,
    pub body: String,
}

const SKIP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "noscript", "svg", "template", "form", "aside",
];

/// ARIA roles of page chrome: what `nav`, `header`, `footer` and `aside` are when a help
/// centre's theme builds them from `div`s.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
];

/// Words of a class or id that name page chrome, not content: breadcrumbs, sidebars, menus,
/// cookie banners, a table of contents repeating the headings, "Was this article helpful?"
/// votes, share buttons. Matched as whole words of the name split at `-`, `_` and case.
const CHROME_WORDS: &[&str] = &[
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "navbar",
    "nav",
    "navigation",
    "cookie",
    "cookies",
    "consent",
    "toc",
    "skip",
    "vote",
    "votes",
    "share",
    "social",
];

/// Whether `el` is page chrome a theme built without semantic elements, or content hidden
/// from readers (`hidden`, `aria-hidden="true"`).
fn is_chrome(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some()
        || el
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if el.attr("role").is_some_and(|r| {
        r.split_whitespace()
            .any(|r| CHROME_ROLES.iter().any(|c| r.eq_ignore_ascii_case(c)))
    }) {
        return true;
    }
    let names = el.classes().chain(el.id());
    names
        .flat_map(name_words)
        .any(|w| CHROME_WORDS.contains(&w.as_str()))
}

/// The lowercase words of a class or id: "article-votes" -> article, votes; "sideBar" ->
/// side, bar; "toc_list" -> toc, list.
fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

pub(crate) fn to_markdown(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let select = |s: &str| Selector::parse(s).ok();
    let first_text = |s: &str| {
        select(s).and_then(|sel| {
            doc.select(&sel)
                .next()
                .map(|e| collapse(&e.text().collect::<String>()))
                .filter(|t| !t.is_empty())
        })
    };
    let attr = |s: &str, a: &str| {
        select(s).and_then(|sel| {
            doc.select(&sel)
                .next()
                .and_then(|e| e.value().attr(a).map(str::to_string))
        })
    };
    let title = first_text("h1").or_else(|| first_text("title"));
    let canonical = attr("link[rel=canonical]", "href");
    // Every audience the page names (see [`audiences`]). Of several, the strictest counts (one
    // that names no known audience is kept, so the page is refused naming it); an empty one
    // hides nothing.
    let values = audiences(&doc);
    let audience = values
        .iter()
        .find(|v| docent_core::Audience::parse(v).is_none())
        .or_else(|| {
            values
                .iter()
                .max_by_key(|v| docent_core::Audience::parse(v))
        })
        .cloned();
    // The page's content: `main` (or its role), else its one `article`, else the body.
    let only = |s: &str| {
        select(s).and_then(|sel| {
            let mut found = doc.select(&sel);
            let first = found.next();
            first.filter(|_| found.next().is_none())
        })
    };
    let root = select("main, [role=main]")
        .and_then(|s| doc.select(&s).next())
        .or_else(|| only("article"))
        .or_else(|| select("body").and_then(|s| doc.select(&s).next()))
        .unwrap_or_else(|| doc.root_element());
    let mut out = String::new();
    walk(root, &mut out, &mut Vec::new(), 0);
    let mut body = String::new();
    let mut blank = 0;
    for line in out.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank == 1 && !body.is_empty() {
                body.push('\n');
            }
        } else {
            blank = 0;
            body.push_str(line.trim_end());
            body.push('\n');
        }
    }
    Page {
        title,
        canonical,
        audience,
        body: body.trim().to_string(),
    }
}

/// Whether a meta's `name`, `property` or `itemprop` names an audience: `audience` in any
/// case and with spaces around it, or a vocabulary's term for it (`DC.audience`,
/// `dcterms.audience`, `og:audience`).
fn audience_key(k: &str) -> bool {
    let k = k.trim().to_ascii_lowercase();
    k == "audience" || k.ends_with(".audience") || k.ends_with(":audience")
}

/// The audiences a page names, non-empty, as written: in a `<meta>` (by `name`, `property`
/// or `itemprop`: the sixth, seventh and ninth probes, and session 55's, found forms read as
/// public), in one inside `<noscript>` (which a parser with scripting on reads as text), and
/// in JSON-LD (`"audience": "internal"` or `{"audienceType": "internal"}`; JSON-LD that
/// mentions an audience and cannot be read counts as an unknown one, so the page is refused).
fn audiences(doc: &Html) -> Vec<String> {
    let mut out = Vec::new();
    metas(doc, &mut out);
    if let Ok(sel) = Selector::parse("noscript") {
        for n in doc.select(&sel) {
            let inner = Html::parse_fragment(&n.text().collect::<String>());
            metas(&inner, &mut out);
        }
    }
    if let Ok(sel) = Selector::parse("script[type]") {
        for script in doc.select(&sel) {
            let ty = script.value().attr("type").unwrap_or_default();
            let ty = ty.split(';').next().unwrap_or_default().trim();
            if !(ty.eq_ignore_ascii_case("application/ld+json")
                || ty.eq_ignore_ascii_case("text/ld+json"))
            {
                continue;
            }
            let text: String = script.text().collect();
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(v) => json_ld_audiences(&v, &mut out),
                Err(_) if text.to_ascii_lowercase().contains("audience") => {
                    out.push("(unreadable JSON-LD)".into())
                }
                Err(_) => {}
            }
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

/// Audiences given by markup: a `<meta>` whose `name`, `property` or `itemprop` names one
/// (its `content`, or `value`), and any other element marked `itemprop` or `property`
/// (microdata, RDFa): its `content` attribute, the `audienceType` inside it when it is an
/// item of its own (`itemscope`), or its text.
fn metas(doc: &Html, out: &mut Vec<String>) {
    let Ok(sel) = Selector::parse("[name], [property], [itemprop], meta[http-equiv]") else {
        return;
    };
    // Whether microdata or RDFa marks `e` with a term `key` accepts.
    let marks = |e: &scraper::node::Element, key: fn(&str) -> bool| {
        ["property", "itemprop"]
            .iter()
            .filter_map(|a| e.attr(a))
            .flat_map(str::split_whitespace)
            .any(key)
    };
    for m in doc.select(&sel) {
        let e = m.value();
        // `name` marks a meta only (`<a name="audience">` is an anchor, `<input name>` a field).
        let named = e.name() == "meta"
            && ["name", "http-equiv"]
                .iter()
                .filter_map(|a| e.attr(a))
                .any(audience_key);
        if !(named || marks(e, audience_key)) {
            continue;
        }
        // A `<link itemprop="audience" href=".../internal">` names it by its last segment.
        let linked = e
            .attr("href")
            .map(|h| h.trim_end_matches('/').rsplit('/').next().unwrap_or(h));
        let attr = e.attr("content").or_else(|| e.attr("value")).or(linked);
        if e.name() == "meta" {
            out.push(attr.unwrap_or_default().trim().to_string());
        } else if let Some(v) = attr {
            out.push(v.trim().to_string());
        } else if e.attr("itemscope").is_some() || e.attr("typeof").is_some() {
            // An item of its own: its `audienceType` names the audience.
            let typed: Vec<String> = m
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
                .filter(|d| marks(d.value(), |k| k.trim().eq_ignore_ascii_case("audienceType")))
                .map(|d| {
                    d.value()
                        .attr("content")
                        .map(str::to_string)
                        .unwrap_or_else(|| collapse(&d.text().collect::<String>()))
                })
                .collect();
            if typed.is_empty() {
                out.push(collapse(&m.text().collect::<String>()));
            }
            out.extend(typed);
        } else {
            out.push(collapse(&m.text().collect::<String>()));
        }
    }
}

/// The audiences named in a JSON-LD value: an `audience` key's string, or its
/// `audienceType`; any other form of it (a number, a list of objects without a type) is
/// pushed as written, an unknown audience.
fn json_ld_audiences(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::Array(items) => items.iter().for_each(|i| json_ld_audiences(i, out)),
        Value::Object(map) => {
            for (k, val) in map {
                if k.trim().eq_ignore_ascii_case("audience") {
                    audience_value(val, out);
                } else {
                    json_ld_audiences(val, out);
                }
            }
        }
        _ => {}
    }
}

fn audience_value(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::String(s) => out.push(s.trim().to_string()),
        Value::Array(items) => items.iter().for_each(|i| audience_value(i, out)),
        Value::Object(map) => match map
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("audienceType"))
        {
            Some((_, t)) => audience_value(t, out),
            None => out.push(v.to_string()),
        },
        Value::Null => {}
        other => out.push(other.to_string()),
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements nested deeper than this are taken as plain text (one walk frame per level: a
/// document of 100,000 nested `<div>`s would otherwise overflow the stack and end the ingest).
const MAX_DEPTH: usize = 256;

/// `lists` holds, for each open list, its next number (`None` for bullets).
fn walk(el: ElementRef<'_>, out: &mut String, lists: &mut Vec<Option<usize>>, depth: usize) {
    let name = el.value().name();
    if SKIP.contains(&name) || is_chrome(el.value()) {
        return;
    }
    if depth > MAX_DEPTH {
        let text = collapse(&el.text().collect::<String>());
        if !text.is_empty() {
            out.push(' ');
            out.push_str(&text);
        }
        return;
    }
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name[1..].parse::<usize>().unwrap_or(1);
            let text = collapse(&el.text().collect::<String>());
            if !text.is_empty() {
                out.push_str(&format!("\n\n{} {text}\n\n", "#".repeat(level)));
            }
            return;
        }
        "pre" => {
            out.push_str("\n\n```\n");
            out.push_str(el.text().collect::<String>().trim_matches('\n'));
            out.push_str("\n```\n\n");
            return;
        }
        "ol" | "ul" => {
            lists.push(if name == "ol" { Some(1) } else { None });
            out.push('\n');
            children(el, out, lists, depth);
            lists.pop();
            out.push('\n');
            return;
        }
        "li" => {
            let indent = "   ".repeat(lists.len().saturating_sub(1));
            let marker = match lists.last_mut() {
                Some(Some(n)) => {
                    let m = format!("{n}. ");
                    *n += 1;
                    m
                }
                _ => "- ".to_string(),
            };
            out.push_str(&format!("\n{indent}{marker}"));
            children(el, out, lists, depth);
            out.push('\n');
            return;
        }
        "br" => {
            out.push('\n');
            return;
        }
        "strong" | "b" => {
            out.push_str("**");
            children(el, out, lists, depth);
            out.push_str("**");
            return;
        }
        "code" => {
            out.push('`');
            children(el, out, lists, depth);
            out.push('`');
            return;
        }
        _ => {}
    }
    let block = matches!(
        name,
        "p" | "div" | "section" | "article" | "table" | "tr" | "blockquote" | "dl" | "dt" | "dd"
    );
    if block {
        out.push_str("\n\n");
    }
    children(el, out, lists, depth);
    if matches!(name, "td" | "th") {
        out.push_str(" | ");
    }
    if block {
        out.push_str("\n\n");
    }
}

fn children(el: ElementRef<'_>, out: &mut String, lists: &mut Vec<Option<usize>>, depth: usize) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let s = collapse(t);
                if !s.is_empty() {
                    if t.starts_with(char::is_whitespace) && !out.ends_with([' ', '\n']) {
                        out.push(' ');
                    }
                    out.push_str(&s);
                    if t.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    walk(e, out, lists, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Elements nested deeper than this make a page refused: the HTML parser's work grows with
/// the square of the depth (a 1.7 MB page of 160,000 nested `<div>`s took 79 s), and no
/// documentation page nests a hundred elements.
pub(crate) const MAX_NESTING: usize = 512;

/// The deepest nesting of elements in `html` the parser would build, read in one pass over its
/// tags with a stack of open elements, and stopped once over [`MAX_NESTING`] (so the pass is
/// linear). It follows the parser's rules where they shorten the stack, and otherwise errs
/// deep: a start tag opens an element unless it is void, or self-closed inside `svg` or
/// `math` (elsewhere the parser ignores the slash); an end tag closes back to the open element
/// of its name and is ignored when none is open; a block (`div`, `ul`, `p`, a heading...)
/// closes an open `p` in scope; an `li`, `dt` or `dd` closes an open one of its kind reached
/// through phrasing elements, `div`, `address` or `p`; a `td`, `th` or `tr` closes an open one
/// of its kind within its table; an `option` closes an `option` just above it. Comments and
/// the text of `script`, `style`, `textarea` and `title` hold no tags.
pub(crate) fn depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "frame", "basefont", "bgsound",
    ];
    const RAW: &[&str] = &[
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "iframe",
        "plaintext",
    ];
    const PHRASING: &[&str] = &[
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i",
        "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
        "sub", "sup", "time", "tt", "u", "var",
    ];
    const BLOCK: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dd",
        "dt",
        "listing",
        "xmp",
        "plaintext",
    ];
    const SCOPE: &[&str] = &[
        "button", "table", "td", "th", "caption", "html", "template", "marquee", "object",
        "applet", "svg", "math",
    ];
    // The index of the nearest open element named in `want`, searching down through elements
    // `pass` allows; the search stops at any other.
    fn nearest(stack: &[String], want: &[&str], pass: impl Fn(&str) -> bool) -> Option<usize> {
        for k in (0..stack.len()).rev() {
            if want.contains(&stack[k].as_str()) {
                return Some(k);
            }
            if !pass(&stack[k]) {
                return None;
            }
        }
        None
    }
    let lower = html.to_ascii_lowercase();
    let (mut stack, mut deepest, mut i): (Vec<String>, usize, usize) = (Vec::new(), 0, 0);
    while let Some(at) = lower[i..].find('<') {
        let start = i + at + 1;
        let rest = &lower[start..];
        if rest.starts_with("!--") {
            i = rest.find("-->").map_or(lower.len(), |e| start + e + 3);
            continue;
        }
        let end = rest.find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        i = (end + 1).min(lower.len());
        let (closing, body) = match tag.strip_prefix('/') {
            Some(n) => (true, n),
            None => (false, tag),
        };
        if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect();
        let n = name.as_str();
        if closing {
            if let Some(k) = stack.iter().rposition(|o| *o == name) {
                stack.truncate(k);
            }
            continue;
        }
        if VOID.contains(&n) {
            continue;
        }
        if tag.ends_with('/') && stack.iter().any(|o| o == "svg" || o == "math") {
            continue;
        }
        let implied = match n {
            "li" => nearest(&stack, &["li"], |o| {
                PHRASING.contains(&o) || matches!(o, "div" | "address" | "p")
            }),
            "dt" | "dd" => nearest(&stack, &["dt", "dd"], |o| {
                PHRASING.contains(&o) || matches!(o, "div" | "address" | "p")
            }),
            "td" | "th" => nearest(&stack, &["td", "th"], |o| o != "table"),
            "tr" => nearest(&stack, &["tr"], |o| o != "table"),
            "option" => stack
                .last()
                .filter(|o| *o == "option")
                .map(|_| stack.len() - 1),
            _ => None,
        };
        if let Some(k) = implied {
            stack.truncate(k);
        }
        if BLOCK.contains(&n) {
            if let Some(k) = nearest(&stack, &["p"], |o| !SCOPE.contains(&o)) {
                stack.truncate(k);
            }
        }
        if RAW.contains(&n) {
            let close = format!("</{name}");
            i = lower[i..].find(&close).map_or(lower.len(), |e| i + e);
            continue;
        }
        stack.push(name);
        deepest = deepest.max(stack.len());
        if deepest > MAX_NESTING {
            break;
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    // Sixth probe, finding 8: parsing time grew with the square of the nesting. The review
    // of the first scan: `<div/>`, unmatched end tags and `<optgroup>` nested unseen, and a
    // script's comparisons or a cell's unclosed tags counted as depth.
    #[test]
    fn nesting_depth_is_read_in_one_pass() {
        let n = super::MAX_NESTING + 10;
        for deep in [
            format!(
                "<html><body>{}x{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            ),
            "<div/>".repeat(n),
            "<div></x>".repeat(n),
            "<optgroup>".repeat(n),
            "<ul><li>".repeat(n),
            "<div><p>".repeat(n),
        ] {
            assert!(super::depth(&deep) > super::MAX_NESTING, "{}", &deep[..40]);
        }
        let flat = format!(
            "<ul>{}</ul><br><img src=x/><!-- <div> -->",
            "<li><p>a".repeat(5000)
        );
        assert!(super::depth(&flat) <= 3, "{}", super::depth(&flat));
        let script = format!("<p>x</p><script>{}</script>", "if(e<t){}".repeat(2000));
        assert_eq!(super::depth(&script), 1);
        let cells = format!("<table><tr>{}</table>", "<td><font>x".repeat(2000));
        assert!(super::depth(&cells) <= 4, "{}", super::depth(&cells));
        assert_eq!(super::depth("<svg><path/><path/></svg>"), 1);
        assert_eq!(super::depth("<div><span>a</span><span>b</span></div>"), 2);
    }

    // Sixth probe, finding 4: `<meta name="Audience" content="internal">` went unread and
    // the page was published.
    #[test]
    fn the_audience_meta_name_is_read_in_any_case() {
        // Ninth probe: a vocabulary's term (Dublin Core) went unread.
        for name in [
            "audience",
            "Audience",
            "AUDIENCE",
            "DC.audience",
            "dcterms.audience",
            "DCTERMS.Audience",
        ] {
            let p = to_markdown(&format!(
                "<html><head><meta name=\"{name}\" content=\"internal\"></head><body><p>x y</p></body></html>"
            ));
            assert_eq!(p.audience.as_deref(), Some("internal"), "{name}");
        }
    }

    // Seventh probe, finding 8: `<meta property="audience">`, or an empty first meta before
    // the one that names the audience, went unread.
    #[test]
    fn every_audience_meta_counts_and_the_strictest_wins() {
        for head in [
            "<meta property=\"audience\" content=\"internal\">",
            "<meta name=\"audience\" content=\"\"><meta name=\"audience\" content=\"internal\">",
            "<meta name=\"audience\" content=\"public\"><meta name=\"Audience\" content=\"internal\">",
        ] {
            let p = to_markdown(&format!(
                "<html><head>{head}</head><body><p>x y</p></body></html>"
            ));
            assert_eq!(p.audience.as_deref(), Some("internal"), "{head}");
        }
    }

    // Outside probe (session 55): an `itemprop` meta, JSON-LD, a meta inside `<noscript>` and
    // a name with spaces around it were neither read nor refused: the page went public.
    #[test]
    fn every_form_of_an_audience_marker_is_read() {
        for head in [
            "<meta itemprop=\"audience\" content=\"internal\">",
            "<meta name=\"audience \" content=\"internal\">",
            "<meta name=\" Audience\" content=\"internal\">",
            "<noscript><meta name=\"audience\" content=\"internal\"></noscript>",
            "<script type=\"application/ld+json\">{\"audience\":{\"audienceType\":\"internal\"}}</script>",
            "<script type=\"application/ld+json\">[{\"@type\":\"Article\",\"audience\":\"internal\"}]</script>",
            "<script type=\"Application/LD+JSON\">{\"@graph\":[{\"audience\":[{\"@type\":\"Audience\",\"audienceType\":\"internal\"}]}]}</script>",
            // The second probe: microdata, RDFa, a typed JSON-LD script, `value=`.
            "</head><body><div itemprop=\"audience\" itemscope itemtype=\"https://schema.org/Audience\"><meta itemprop=\"audienceType\" content=\"internal\"></div>",
            "</head><body><div itemprop=\"audience\" itemscope><span itemprop=\"audienceType\">internal</span></div>",
            "</head><body><span itemprop=\"audience\">internal</span>",
            "</head><body><div vocab=\"https://schema.org/\" typeof=\"WebPage\"><span property=\"audience\">internal</span></div>",
            "<script type=\"application/ld+json; charset=utf-8\">{\"audience\":\"internal\"}</script>",
            "<meta name=\"audience\" value=\"internal\">",
            "<meta http-equiv=\"audience\" content=\"internal\">",
            "<link itemprop=\"audience\" href=\"https://example.com/audiences/internal\">",
            "<script type=\"text/ld+json\">{\"audience\":\"internal\"}</script>",
        ] {
            let p = to_markdown(&format!(
                "<html><head>{head}</head><body><main><p>x y</p></main></body></html>"
            ));
            assert_eq!(p.audience.as_deref(), Some("internal"), "{head}");
        }
        // JSON-LD naming an audience it cannot be read for is an unknown audience (refused).
        let p = to_markdown("<html><head><script type=\"application/ld+json\">{\"audience\": internal}</script></head><body><p>x</p></body></html>");
        assert!(p
            .audience
            .is_some_and(|a| docent_core::Audience::parse(&a).is_none()));
        // An anchor or a form field named `audience` is no marker.
        let p = to_markdown("<html><body><main><h2><a name=\"audience\">Audience</a></h2><form><input name=\"audience\" value=\"all\"></form><p>x</p></main></body></html>");
        assert_eq!(p.audience, None);
        // JSON-LD without one, and ordinary scripts, name none.
        let p = to_markdown("<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\"}</script><script>var audience='internal'</script></head><body><p>x</p></body></html>");
        assert_eq!(p.audience, None);
    }

    #[test]
    fn headings_lists_and_chrome() {
        let p = to_markdown(
            "<html><head><title>T</title><script>x()</script></head><body><nav>Menu</nav>\
             <h1>Export reports</h1><p>Use <b>Export</b> now.</p><h2>Steps</h2>\
             <ol><li>Open Reports</li><li>Click Export</li></ol></body></html>",
        );
        assert_eq!(p.title.as_deref(), Some("Export reports"));
        assert!(p.body.contains("## Steps"), "{}", p.body);
        assert!(p.body.contains("1. Open Reports"), "{}", p.body);
        assert!(p.body.contains("2. Click Export"), "{}", p.body);
        assert!(p.body.contains("**Export**"), "{}", p.body);
        assert!(!p.body.contains("Menu"));
        assert!(!p.body.contains("x()"));
    }

    // A help centre's theme builds its chrome from `div`s: breadcrumbs, a sidebar of related
    // articles, a cookie banner, a vote widget, a table of contents, hidden text. None of it is
    // the article, and quoted in an answer it would be noise.
    #[test]
    fn chrome_built_from_divs_is_dropped() {
        let p = to_markdown(
            "<html><body>\
             <div class=\"cookie-banner\">We use cookies. Accept all</div>\
             <div role=\"navigation\"><a href=\"/\">Help Center</a> Sign in</div>\
             <ol class=\"breadcrumbs\"><li>Help Center</li><li>Billing</li></ol>\
             <div class=\"article-container\">\
               <div id=\"sideBar\"><h3>Related articles</h3><ul><li>Cancel a plan</li></ul></div>\
               <article><h1>Download an invoice</h1>\
                 <div class=\"toc_list\"><a href=\"#steps\">Steps</a></div>\
                 <p>Invoices are issued on the first day of the month.</p>\
                 <h2 id=\"steps\">Steps</h2><ol><li>Open Billing</li><li>Click Download</li></ol>\
                 <div hidden>Internal draft note</div>\
                 <span aria-hidden=\"true\">Decorative icon</span>\
                 <div class=\"article-votes\">Was this article helpful? Yes No</div>\
                 <div class=\"share-buttons\">Share on Twitter</div>\
               </article>\
             </div>\
             <div role=\"contentinfo\">Copyright Lumio</div>\
             </body></html>",
        );
        assert_eq!(p.title.as_deref(), Some("Download an invoice"));
        for kept in [
            "Invoices are issued on the first day of the month.",
            "## Steps",
            "1. Open Billing",
            "2. Click Download",
        ] {
            assert!(p.body.contains(kept), "{kept} missing from {}", p.body);
        }
        for dropped in [
            "cookies",
            "Help Center",
            "Related articles",
            "Cancel a plan",
            "Internal draft note",
            "Decorative icon",
            "helpful",
            "Twitter",
            "Copyright",
        ] {
            assert!(!p.body.contains(dropped), "{dropped} kept in {}", p.body);
        }
        assert_eq!(p.body.matches("Steps").count(), 1, "{}", p.body);
        // A class that only contains a chrome word inside another word is content.
        let p = to_markdown(
            "<html><body><main><div class=\"navigator-guide tocsin\"><p>Keep me here.</p></div></main></body></html>",
        );
        assert!(p.body.contains("Keep me here."), "{}", p.body);
    }

    #[test]
    fn deeply_nested_html_is_read_without_overflowing_the_stack() {
        // A test thread's 2 MiB stack overflowed in the recursive walk at this depth (the
        // main thread's 8 MiB at 100,000; html5ever's own parse is quadratic in the depth,
        // so this stays small enough to be quick).
        let depth = 20_000;
        let html = format!(
            "<html><body><h1>Nested</h1>{}deep text{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let p = to_markdown(&html);
        assert_eq!(p.title.as_deref(), Some("Nested"));
        assert!(p.body.contains("deep text"), "{}", p.body);
    }
}
