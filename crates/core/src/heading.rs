//! A Markdown heading as Docent's docs pages render it: its words without inline markup or a
//! trailing attribute block (`{#id .class key=value}`), and the anchor a citation links to.
//! Ingestion keeps a heading's source text (`Chunk::heading_path`); these functions read it,
//! so a citation's anchor is the `id` the page gives the heading (the server's renderer uses
//! [`clean_id`] and [`slug`] the same way; its tests check the two agree).

/// A heading's source text split from a trailing attribute block: (text, the block's `#id`
/// when it gives one).
pub fn split_attributes(raw: &str) -> (&str, Option<&str>) {
    let t = raw.trim_end();
    let Some(open) = t.strip_suffix('}').and_then(|body| body.rfind('{')) else {
        return (t, None);
    };
    let block = &t[open + 1..t.len() - 1];
    let id = block
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('#'))
        .next_back();
    (t[..open].trim_end(), id)
}

/// An `id` value reduced to `[a-z0-9_-]`.
pub fn clean_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A heading's anchor: lowercase words joined by dashes (what `/docs` pages use as ids).
pub fn slug(heading: &str) -> String {
    let mut out = String::new();
    for w in heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

/// Heading text without inline markup: HTML tags dropped, a link or image read as its text,
/// an autolink as its address (code spans and emphasis marks are punctuation to [`slug`]).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '[', ']']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match tail.as_bytes()[0] {
            b'<' => match tail.find('>') {
                Some(close) if is_tag(&tail[1..close]) => {
                    let inner = &tail[1..close];
                    if inner.contains("://") || inner.starts_with("mailto:") {
                        out.push_str(inner);
                    }
                    rest = &tail[close + 1..];
                }
                _ => {
                    out.push('<');
                    rest = &tail[1..];
                }
            },
            // `](target)` ends a link's text: the target is not read.
            b']' if tail[1..].starts_with('(') => match tail.find(')') {
                Some(close) => rest = &tail[close + 1..],
                None => {
                    out.push(']');
                    rest = &tail[1..];
                }
            },
            _ => {
                out.push(tail.as_bytes()[0] as char);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `<inner>` reads as a tag or an autolink (not a `<` in running text).
fn is_tag(inner: &str) -> bool {
    inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
        && !inner.contains(char::is_whitespace)
        || inner.starts_with(|c: char| c.is_ascii_alphabetic()) && inner.contains('=')
}

/// The words a reader sees in a heading (attribute block and markup removed).
pub fn display(raw: &str) -> String {
    let text = plain(split_attributes(raw).0);
    text.split_whitespace()
        .map(|w| w.trim_matches(|c| c == '`' || c == '*'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The anchor of a heading given by its source text: the attribute block's `#id` when it
/// gives a non-empty one, else the slug of its words; either cleaned to `[a-z0-9_-]` (ids
/// are ASCII on the pages, "Émigré café" is `migr-caf`; empty for a heading of other
/// scripts).
pub fn anchor(raw: &str) -> String {
    let (text, id) = split_attributes(raw);
    id.map(clean_id)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| clean_id(&slug(&plain(text))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_read_the_attribute_block_and_skip_markup() {
        assert_eq!(anchor("Export a report"), "export-a-report");
        assert_eq!(anchor("Install {#setup}"), "setup");
        assert_eq!(anchor("Install {#Set_Up! .wide data-x=1}"), "set_up");
        assert_eq!(anchor("Links {.evil onmouseover=alert(9)}"), "links");
        assert_eq!(anchor("Press <kbd>Ctrl</kbd> + K"), "press-ctrl-k");
        assert_eq!(
            anchor("The [API](https://x.example/api) keys"),
            "the-api-keys"
        );
        assert_eq!(anchor("The `filter` parameter"), "the-filter-parameter");
        assert_eq!(anchor("Sizes < 10 MB"), "sizes-10-mb");
        assert_eq!(display("Links {.evil onmouseover=alert(9)}"), "Links");
        assert_eq!(display("Press <kbd>Ctrl</kbd> + K"), "Press Ctrl + K");
        assert_eq!(
            display("The **`filter`** parameter"),
            "The filter parameter"
        );
    }
}
