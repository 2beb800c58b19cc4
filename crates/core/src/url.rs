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

/// `target` (a URL or a `key=value` connection string) as messages may show it: the password
/// of a URL's user info becomes `***` (a bare user of a web URL too: a token sent as one),
/// and so does the value of every parameter whose name speaks of a secret (`password`,
/// `token`, `api-key`, `X-Amz-Signature`, `client_secret`, ... percent-encoded or not), in a
/// query or a libpq-style string, so an error or a `docent doctor` line pasted into a ticket or
/// a CI log carries no credential. It masks too much rather than too little.
pub fn without_secrets(target: &str) -> String {
    let masked = without_user_info(target);
    let url = target.contains("://");
    let rest = masked.as_str();
    let mut out = String::with_capacity(rest.len());
    let mut at = 0;
    while at < rest.len() {
        if let Some(value_at) = secret_parameter(rest, at) {
            out.push_str(&rest[at..value_at]);
            out.push_str("***");
            at = value_at + value_len(&rest[value_at..], url);
            continue;
        }
        let c = rest[at..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&rest[at..at + c]);
        at += c;
    }
    out
}

/// `text` with the password of every URL's user info as `***` (a bare user of a web URL too:
/// a token sent as one). Credentials may hold `/`, `?`, `#` or `@` (PostgreSQL reads them to
/// the last `@`), so a URL's user info ends at the last `@` before whitespace.
fn without_user_info(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(scheme_end) = rest.find("://") {
        let scheme_start = rest[..scheme_end]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |p| p + 1);
        let scheme = rest[scheme_start..scheme_end].to_ascii_lowercase();
        let after = &rest[scheme_end + 3..];
        let region = after.find(char::is_whitespace).unwrap_or(after.len());
        out.push_str(&rest[..scheme_end + 3]);
        rest = after;
        if let Some(at) = after[..region].rfind('@') {
            match after[..at].find(':') {
                Some(colon) => {
                    out.push_str(&after[..=colon]);
                    out.push_str("***");
                    rest = &after[at..];
                }
                None if scheme == "http" || scheme == "https" => {
                    out.push_str("***");
                    rest = &after[at..];
                }
                None => {}
            }
        }
    }
    out.push_str(rest);
    out
}

/// When a parameter whose name speaks of a secret starts at `at` (at the start, or after `?`,
/// `&`, `;` or whitespace): where its value starts (after `=` and any spaces around it).
fn secret_parameter(rest: &str, at: usize) -> Option<usize> {
    const SECRET_WORDS: [&str; 8] = [
        "pass", "pwd", "secret", "token", "key", "sig", "auth", "cred",
    ];
    let starts = at == 0
        || rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '?' | '&' | ';') || c.is_whitespace());
    if !starts {
        return None;
    }
    let name_len = rest[at..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '%' | '.')))
        .unwrap_or(rest.len() - at);
    if name_len == 0 {
        return None;
    }
    let name_end = at + name_len;
    let after_name = &rest[name_end..];
    let eq = after_name.len() - after_name.trim_start().len();
    if !after_name[eq..].starts_with('=') {
        return None;
    }
    let after_eq = &after_name[eq + 1..];
    let value_at = name_end + eq + 1 + (after_eq.len() - after_eq.trim_start().len());
    let name: String = percent_encoding::percent_decode_str(&rest[at..name_end])
        .decode_utf8_lossy()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_WORDS
        .iter()
        .any(|w| name.contains(w))
        .then_some(value_at)
}

/// The length of a parameter's value: in a URL up to `&`, `#` or whitespace; in a libpq
/// string a quoted value to its closing quote, else up to whitespace, `\` escaping either.
fn value_len(value: &str, url: bool) -> usize {
    // libpq quotes with `'`; a `"` is masked the same way, to its closing quote.
    let quote = value.chars().next().filter(|c| matches!(c, '\'' | '"'));
    if url && quote.is_none() {
        return value
            .find(|c: char| matches!(c, '&' | '#') || c.is_whitespace())
            .unwrap_or(value.len());
    }
    let mut escaped = false;
    for (i, c) in value.char_indices().skip(usize::from(quote.is_some())) {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if quote == Some(c) {
            return i + 1;
        } else if quote.is_none() && c.is_whitespace() {
            return i;
        }
    }
    value.len()
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

    /// The eighth probe: a password in a libpq string, a URL's query or a model endpoint's
    /// user info was printed by `doctor`, `serve` and `state migrate`; the code review of
    /// the fix: `/` in a password, spaces around `=`, `;` and `#` in a value, names with
    /// dashes or percent-encoded, a token as a web URL's user.
    #[test]
    fn no_credential_survives_in_a_shown_target() {
        for (target, shown) in [
            (
                "postgres://docent:s3cret@db.internal:5432/docent",
                "postgres://docent:***@db.internal:5432/docent",
            ),
            (
                "postgres://docent:pa/ss@db/docent",
                "postgres://docent:***@db/docent",
            ),
            (
                "postgres://docent@127.0.0.1:5432/docent?password=hunter2&sslmode=require",
                "postgres://docent@127.0.0.1:5432/docent?password=***&sslmode=require",
            ),
            (
                "postgresql://docent@h/d?sslmode=require&PASSWORD=hunter2",
                "postgresql://docent@h/d?sslmode=require&PASSWORD=***",
            ),
            (
                "host=127.0.0.1 port=5432 user=docent password=hunter2 dbname=docent",
                "host=127.0.0.1 port=5432 user=docent password=*** dbname=docent",
            ),
            (
                "host=h user=u password = hunter2 dbname=d",
                "host=h user=u password = *** dbname=d",
            ),
            (
                "host=h password = \"sek rit\" dbname=d",
                "host=h password = *** dbname=d",
            ),
            (
                "postgres://docent:p@ss@w0rd@host/docent",
                "postgres://docent:***@host/docent",
            ),
            (
                "host=h password=Xy7;Kp2#Lm dbname=d",
                "host=h password=*** dbname=d",
            ),
            (
                "host=h user=u password='two \\' words' dbname=d",
                "host=h user=u password=*** dbname=d",
            ),
            (
                "http://svc:s3cretpw@127.0.0.1:8080/v1/embeddings",
                "http://svc:***@127.0.0.1:8080/v1/embeddings",
            ),
            (
                "https://TOKEN123@api.example.com/v1",
                "https://***@api.example.com/v1",
            ),
            (
                "https://api.example.com/v1?api-key=sk-123&model=m&X-Amz-Signature=abc&client_secret=z&pass%77ord=p",
                "https://api.example.com/v1?api-key=***&model=m&X-Amz-Signature=***&client_secret=***&pass%77ord=***",
            ),
            ("postgres://docent@db/docent", "postgres://docent@db/docent"),
            ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
            (
                "postgres://docent:Xy7#Kp2@db/docent",
                "postgres://docent:***@db/docent",
            ),
            (
                "connecting to http://u:p1@q:6333 failed; retry http://v:p2@r:6333",
                "connecting to http://u:***@q:6333 failed; retry http://v:***@r:6333",
            ),
            (
                "http://h/x failed: password='a b' is wrong",
                "http://h/x failed: password=*** is wrong",
            ),
        ] {
            assert_eq!(without_secrets(target), shown, "{target}");
        }
    }

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
