//! What a page's reader never sees: HTML comments (`<!-- ... -->`, or to the end when never
//! closed) and processing instructions (`<?php ... ?>`), Obsidian comments (`%% ... %%`),
//! Markdown's reference-definition comments (`[//]: # (...)`, `[comment]: <> (...)`) and MDX
//! comment expressions (`{/* ... */}`, `{// ...}` over lines). Authors keep notes to each other there ("the
//! staging password is ..."): left in, a public page's comment was quoted to any visitor
//! (session 55's outside probe). They are dropped outside fenced code, where a page about
//! Markdown shows them as examples.
//!
//! Proves (see tests): each form goes, on one line or several; code blocks keep them; text
//! without one comes back unchanged.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

fn patterns() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?s)<!--.*?(?:-->|\z)|<\?.*?\?>|%%.*?%%|\{\s*/\*.*?\*/\s*\}|(?m)\{[ \t]*//[^\n]*\n\s*\}|^[ \t]{0,3}\[(?://|comment|_|#)\]:[ \t]*(?:#|<>)[^\n]*$",
        )
        .expect("comment patterns compile")
    })
}

/// `body` without the comments its reader never sees, outside fenced code.
pub(crate) fn without_comments(body: &str) -> Cow<'_, str> {
    if !(body.contains("<!--")
        || body.contains("<?")
        || body.contains("%%")
        || body.contains('{')
        || body.contains("]:"))
    {
        return Cow::Borrowed(body);
    }
    let out = crate::fence::outside_code(body, prose);
    if out == body {
        Cow::Borrowed(body)
    } else {
        Cow::Owned(out)
    }
}

/// Prose without its comments; code spans keep theirs (a page on comments writes "wrap text
/// with `%%`" twice, which is no comment).
fn prose(text: &str) -> String {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let span = SPAN.get_or_init(|| Regex::new(r"`[^`\n]*`").expect("code span pattern"));
    // The spans' bytes masked (ASCII for ASCII, so every match falls on the text's own
    // character boundaries), the comments found in the masked copy, cut from the text.
    let mut masked = text.as_bytes().to_vec();
    for m in span.find_iter(text) {
        masked[m.start()..m.end()].fill(b'x');
    }
    let masked = String::from_utf8_lossy(&masked);
    if masked.len() != text.len() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in patterns().find_iter(&masked) {
        if !(text.is_char_boundary(m.start()) && text.is_char_boundary(m.end())) {
            continue;
        }
        out.push_str(&text[at..m.start()]);
        at = m.end();
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hidden_comment_goes_outside_code() {
        let text = "Limits are 10 per minute.\n<!-- Internal note: password is commentcanary. -->\n\n%%Obsidian: the staging password is obscanary.%%\n\n[//]: # (Hidden: contract refcanary.)\n[comment]: <> (Hidden too: refcanary2)\n\n{/* MDX: mdxcanary */}\nAfter.\n<!--\nmulti\nline canary\n-->\nEnd.\n\n```html\n<!-- kept in code -->\n```\n";
        let text = format!("{text}{{\n  /* spaced mdxcanary2 */\n}}\n{{// line mdxcanary3\n}}\n<?php // phpcanary ?>\nLast.\n<!-- never closed opencanary\n");
        let out = without_comments(&text);
        for gone in [
            "mdxcanary2",
            "mdxcanary3",
            "phpcanary",
            "opencanary",
            "commentcanary",
            "obscanary",
            "refcanary",
            "refcanary2",
            "mdxcanary",
            "line canary",
        ] {
            assert!(!out.contains(gone), "{gone}: {out}");
        }
        for kept in [
            "Last.",
            "Limits are 10 per minute.",
            "After.",
            "End.",
            "<!-- kept in code -->",
        ] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
        // Code spans are examples: "wrap text with `%%`" twice is no comment.
        let doc =
            "To add a comment, wrap text with `%%`. Comments end with `%%` too, or `<!-- x -->`.\n";
        assert_eq!(without_comments(doc), doc);
        let plain = "A [link](https://x.example) and a ref.\n\n[ref]: https://x.example\n50% off, 20% more.\n";
        assert!(matches!(without_comments(plain), Cow::Borrowed(_)));
    }
}
