//! Which link targets Docent will ever put in front of a browser.
//!
//! A document's `url` (front matter, an HTML page's canonical link, a JSONL record) becomes the
//! `href` of citations in the widget, which runs in the customer's own page; links inside docs
//! become `href`s on Docent's pages. Only web links may do that: `http:` and `https:` URLs and
//! relative references (paths, `#anchors`, `?queries`). Anything with another scheme
//! (`javascript:`, `data:`, `vbscript:`, `file:`...) is refused, and so is anything a browser
//! would read differently from this check: whitespace or control characters anywhere (browsers
//! drop tabs and newlines inside URLs, so `java\tscript:` is `javascript:`), and backslashes
//! (browsers read `\\evil` as `//evil`).
//!
//! Proves (see tests): web links pass; every other scheme fails however it is cased, padded or
//! split by control characters; `mailto:` passes only where asked for.

/// What a link may point to besides http(s) URLs and relative references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPolicy {
    /// Web pages only: citations and document URLs.
    Web,
    /// Web pages and `mailto:` addresses: links inside rendered docs.
    WebOrMail,
}

/// The scheme of `url` in lower case, if it has one (`None` for relative references).
pub fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let head = &url[..colon];
    // A scheme is a letter followed by letters, digits, '+', '-' or '.'; a colon after a '/',
    // '?' or '#' belongs to a path or query ("docs/a:b" is relative).
    let mut chars = head.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some(head.to_ascii_lowercase())
}

/// True when `url` may become an `href` under `policy`.
pub fn is_safe_link(url: &str, policy: LinkPolicy) -> bool {
    if url.is_empty()
        || url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    match scheme(url).as_deref() {
        None => true,
        Some("http") | Some("https") => url.len() > url.find(':').unwrap_or(0) + 3,
        Some("mailto") => policy == LinkPolicy::WebOrMail,
        Some(_) => false,
    }
}

/// A document id as a URL path: every byte but letters, digits, `-`, `.`, `_`, `~` and the
/// `/` between folders percent-encoded, so an id holding `?`, `#`, a space, a quote or a line
/// break links to its own page (the server's `/docs/{id}` route decodes it back).
pub fn doc_path(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Why a document id from a record (a JSONL line) cannot be one: a `.` or `..` segment (a
/// browser resolves it away from the docs page), a backslash (read as `/`), or a control
/// character. Anything else, a web address included, is linked encoded ([`doc_path`]).
pub fn bad_doc_id(id: &str) -> Option<&'static str> {
    if id.chars().any(char::is_control) {
        Some("holds a control character")
    } else if id.contains('\\') {
        Some("holds a backslash")
    } else if id.split('/').any(|seg| seg == "." || seg == "..") {
        Some("has a \".\" or \"..\" segment, which a browser resolves away from the docs page")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_and_relative_references_pass() {
        for u in [
            "https://docs.example.com/a/b#c",
            "http://localhost:8080/docs/x",
            "/docs/reports/export",
            "reports/export",
            "#anchor",
            "?q=1",
            "docs/a:b",
            "./a:b",
        ] {
            assert!(is_safe_link(u, LinkPolicy::Web), "{u}");
        }
    }

    #[test]
    fn other_schemes_fail_however_they_are_written() {
        for u in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "javascript\u{0}:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "mailto:a@b.c",
            "https:",
            "http:\\\\evil.example",
            "",
        ] {
            assert!(!is_safe_link(u, LinkPolicy::Web), "{u:?}");
        }
        assert!(is_safe_link(
            "mailto:help@example.com",
            LinkPolicy::WebOrMail
        ));
        assert!(!is_safe_link("javascript:x", LinkPolicy::WebOrMail));
    }

    #[test]
    fn a_doc_id_links_to_its_own_page() {
        assert_eq!(doc_path("reports/export-reports"), "reports/export-reports");
        assert_eq!(doc_path("q?x=1#frag"), "q%3Fx%3D1%23frag");
        assert_eq!(doc_path("nl\r\nX: y"), "nl%0D%0AX%3A%20y");
        assert_eq!(doc_path("café"), "caf%C3%A9");
        assert!(bad_doc_id("../../etc/passwd").is_some());
        assert!(bad_doc_id("guides/./setup").is_some());
        assert_eq!(bad_doc_id("https://help.example.com/article/12"), None);
        assert!(bad_doc_id("a\\b").is_some());
        assert!(bad_doc_id("nl\nx").is_some());
        assert_eq!(bad_doc_id("guides/v1.2/setup"), None);
        assert_eq!(bad_doc_id("42"), None);
    }
}
