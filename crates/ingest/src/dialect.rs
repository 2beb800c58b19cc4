//! Markdown dialects of note tools and code hosts, read as the text a reader sees: Obsidian,
//! Foam, Dendron and wiki pages link with `[[Page]]`, and Obsidian callouts and GitHub alerts
//! mark a note with `> [!note]`. Left as written, an answer quotes `[[Internal links|Wikilinks]]`
//! and `> [!tip]` to a customer.
//!
//! - A wikilink reads as its text: `[[Page|shown]]` as "shown", `[[Page]]` as "Page",
//!   `[[Page#Heading]]` as "Page > Heading", `[[#Heading]]` as "Heading", `[[Page#^block]]` as
//!   "Page". (Set in bold, as a name, it moved the tutor's choice of sentences in 1 of 30
//!   answers on Obsidian's help, from right to wrong, and gave the quiz no more items: 11
//!   against 13 over 15 scopes.)
//! - A block id (`^purchase-refund` ending a line, a target for links to that paragraph) is
//!   dropped.
//! - An embed (`![[diagram.png]]`, `![[Note#Part]]`) shows a file or another note's part in
//!   place, which the text cannot hold: it is dropped.
//! - A callout or alert marker (`> [!warning]- Title`) reads as its title leading into the
//!   note ("Who's eligible?", "No refunds for Catalyst:"), or, when it has none, as its type in
//!   title case and bold on a paragraph of its own ("**Note**"), so the note's first sentence
//!   reads as a sentence, not as "Note: By default, ...".
//!
//! Fenced code blocks and code spans are kept as written (a page on wikilinks shows the syntax
//! as code), and so is a double bracket that holds quotes or commas (JSON's `[["a", "b"]]`).
//!
//! Proves (see tests): 1. each link form reads as its text and embeds go; 2. callout and alert
//! markers read as titles; 3. code blocks, code spans and JSON arrays are untouched; 4. text
//! without either form comes back unchanged; 5. block ids go, a power (`x^2`) stays.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// `body` with wikilinks, embeds, block ids and callout markers read as text, outside code.
pub(crate) fn plain(body: &str) -> Cow<'_, str> {
    if !body.contains("[[") && !body.contains("[!") && !body.contains('^') {
        return Cow::Borrowed(body);
    }
    let out = crate::fence::outside_code(body, prose);
    Cow::Owned(out)
}

/// Prose (no fenced code): every line, its code spans kept.
fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (bare, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let bare = callout(bare);
        let bare = without_block_id(&bare);
        for (i, part) in bare.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            if i % 2 == 1 {
                out.push_str(part);
            } else {
                out.push_str(&links(part));
            }
        }
        out.push_str(end);
    }
    out
}

/// A line without the block id that ends it (`... refund. ^purchase-refund`, or a line of the
/// id alone): a target for links, never shown.
fn without_block_id(line: &str) -> Cow<'_, str> {
    static ID: OnceLock<Regex> = OnceLock::new();
    let id = ID.get_or_init(|| {
        Regex::new(r"(?:^|[ \t]+)\^[A-Za-z0-9][A-Za-z0-9-]{2,}[ \t]*$").expect("block id pattern")
    });
    if !line.contains('^') {
        return Cow::Borrowed(line);
    }
    match id.find(line) {
        Some(m) => Cow::Owned(line[..m.start()].to_string()),
        None => Cow::Borrowed(line),
    }
}

/// `text` with its first letter in upper case ("note" reads "Note").
pub(crate) fn upper_first(text: &str) -> String {
    let mut cs = text.chars();
    match cs.next() {
        Some(first) => first.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// A line opening a callout (`> [!tip]+ Custom title`) with its marker read as the title.
fn callout(line: &str) -> Cow<'_, str> {
    static MARKER: OnceLock<Regex> = OnceLock::new();
    let marker = MARKER.get_or_init(|| {
        Regex::new(r"^(\s*(?:>\s*)+)\[!([A-Za-z][A-Za-z0-9_-]*)\][+-]?[ \t]*(.*)$")
            .expect("callout pattern")
    });
    let Some(c) = marker.captures(line) else {
        return Cow::Borrowed(line);
    };
    let quote = &c[1];
    let title = c[3].trim();
    // A marker without a title only says what kind of note follows (the app shows an icon
    // and the type): a label on a paragraph of its own, so the note's first sentence reads
    // alone ("By default, snapshots are kept for 7 days.", not "Note: By default, ..."). A
    // title the docs wrote is the note's own words ("Who's eligible?", "No refunds for
    // Catalyst"): it leads into the body, as it does on the page (round 100: a reviewer
    // preferred that in 3 of 3 titled notes, and the lone label in 3 of 3 untitled ones).
    if title.is_empty() {
        let kind = c[2].replace(['-', '_'], " ").to_lowercase();
        return Cow::Owned(format!("{quote}**{}**\n", upper_first(&kind)));
    }
    let ends = title.ends_with(['.', ':', '!', '?']);
    Cow::Owned(format!("{quote}{title}{}", if ends { "" } else { ":" }))
}

/// `text` (no code) with its embeds dropped and its wikilinks read as their text.
fn links(text: &str) -> Cow<'_, str> {
    static EMBED: OnceLock<Regex> = OnceLock::new();
    static LINK: OnceLock<Regex> = OnceLock::new();
    let embed =
        EMBED.get_or_init(|| Regex::new(r"[ \t]*!\[\[[^\[\]\n]*\]\]").expect("embed pattern"));
    let link = LINK.get_or_init(|| {
        // Target, optional #heading or #^block, optional |shown text; none holds brackets,
        // quotes or a line break, and the target no comma (JSON arrays are no links).
        Regex::new(r#"\[\[([^\[\]|#",\n]*)(#[^\[\]|",\n]*)?(?:\|([^\[\]"\n]*))?\]\]"#)
            .expect("wikilink pattern")
    });
    if !text.contains("[[") {
        return Cow::Borrowed(text);
    }
    let text = embed.replace_all(text, "");
    let read = link.replace_all(&text, |c: &regex::Captures| {
        let target = c[1].trim();
        let anchor = c
            .get(2)
            .map(|m| m.as_str().trim_start_matches('#').trim())
            .filter(|a| !a.starts_with('^') && !a.is_empty());
        if let Some(shown) = c
            .get(3)
            .map(|m| m.as_str().trim())
            .filter(|s| !s.is_empty())
        {
            return shown.to_string();
        }
        match (target.is_empty(), anchor) {
            (true, Some(a)) => a.to_string(),
            (false, Some(a)) => format!("{target} > {a}"),
            _ => target.to_string(),
        }
    });
    Cow::Owned(read.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wikilinks_read_as_their_text_and_embeds_go() {
        let text = "See [[Internal links|Wikilinks]], [[Obsidian Sync]], \
                    [[Callouts#Foldable callouts]], [[#Supported types]] and [[Note#^ab12cd]].\n\
                    ![[og-image.png]]\nA diagram: ![[flow.png|300]] here.\n";
        assert_eq!(
            plain(text),
            "See Wikilinks, Obsidian Sync, Callouts > Foldable callouts, Supported types and \
             Note.\n\nA diagram: here.\n"
        );
    }

    #[test]
    fn block_ids_go_and_links_read_as_plain_text() {
        assert_eq!(plain("Kept 7 days. ^snapshots-kept\n"), "Kept 7 days.\n");
        let text = "Use [[Properties|properties]], **[[Bookmarks]]** or [[Credits#Translators|our \
                    translators]].\nNo refunds for credit. ^purchase-refund\n^lone-id\nx^2 and 2^10\n";
        assert_eq!(
            plain(text),
            "Use properties, **Bookmarks** or our translators.\nNo refunds for credit.\n\nx^2 and \
             2^10\n"
        );
    }

    #[test]
    fn callout_and_alert_markers_read_as_titles() {
        let text = "> [!note]\n> Update the plugin first.\n\n> [!tip]- Callouts can have custom titles\n\
                    > Like this one.\n\n> [!WARNING]\n> Back up first.\n\n> [!faq]+ Are they foldable?\n";
        assert_eq!(
            plain(text),
            "> **Note**\n\n> Update the plugin first.\n\n> Callouts can have custom titles:\n\
             > Like this one.\n\n> **Warning**\n\n> Back up first.\n\n> Are they foldable?\n"
        );
    }

    #[test]
    fn code_and_json_arrays_are_kept_as_written() {
        let text = "Write `[[Page]]` to link.\n\n```markdown\n> [!info]\n> It supports [[Internal links|Wikilinks]].\n```\n\n\
                    Pass [[\"genres = horror\", \"genres = comedy\"]] as the filter.\n\
                    \"coordinates\": [[\n  [[1, 2]]\n";
        assert_eq!(plain(text), text);
    }

    #[test]
    fn text_without_either_form_is_unchanged() {
        let text = "# Title\n\n> A quote [with] brackets and [a link](x.md).\n";
        assert!(matches!(plain(text), Cow::Borrowed(_)));
        let text = "Match `^abc` with a caret.\nVersions ^1.2.3 and x^2 stay.\n";
        assert_eq!(plain(text), text);
        let text = "> [not a callout] and [!] alone\n";
        assert_eq!(plain(text), text);
    }
}
