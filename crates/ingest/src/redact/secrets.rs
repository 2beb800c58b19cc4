//! Secrets: private keys, credentials in URLs, prefixed API tokens, JWTs, `Bearer`/`Basic`
//! values, and values of password, token and key fields in seven languages.

use std::sync::OnceLock;

use regex::Regex;

use super::spans::Spans;
use super::Pii;

struct Patterns {
    private_key: Regex,
    url_credentials: Regex,
    token: Regex,
    auth: Regex,
    assignment: Regex,
    password_word: Regex,
    named_token: Regex,
    code: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Patterns {
            private_key: re(
                r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)",
            ),
            url_credentials: re(r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@]+:([^\s@/]+)@"),
            token: re(concat!(
                r"\b(?:",
                r"[sprk]k_(?:live|test)_[0-9A-Za-z]{10,}",
                r"|[a-z]{2,10}_(?:live|test|prod)_[0-9A-Za-z]{16,}",
                r"|sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}",
                r"|gh[pousr]_[A-Za-z0-9]{30,}",
                r"|github_pat_[A-Za-z0-9_]{30,}",
                r"|glpat-[A-Za-z0-9_\-]{20,}",
                r"|xox[abposr]-[A-Za-z0-9\-]{10,}",
                r"|(?:AKIA|ASIA)[0-9A-Z]{16}",
                r"|AIza[0-9A-Za-z_\-]{35}",
                r"|npm_[A-Za-z0-9]{36}",
                r"|SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}",
                r"|dk_[0-9a-f]{64}",
                r"|hf_[A-Za-z0-9]{30,}",
                r"|whsec_[A-Za-z0-9+/=]{20,}",
                // A Slack incoming webhook's path (hooks.slack.com/services/T.../B.../...).
                r"|T[A-Z0-9]{8,}/B[A-Z0-9]{8,}/[A-Za-z0-9]{20,}",
                r"|GOCSPX-[A-Za-z0-9_\-]{20,}",
                r"|eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}",
                r")\b"
            )),
            auth: re(r"(?i)\b(?:bearer|basic|token)\s+([A-Za-z0-9._~+/\-]{16,}=*)"),
            assignment: re(concat!(
                r"(?i)(?:^|[^\p{L}\p{N}])(?:[a-z0-9]+[_\-])*",
                r"(password|passwd|passwort|pwd|pass|passphrase|kennwort|contraseña|senha|wachtwoord",
                r"|secret|secret[_\-]?key|client[_\-]?secret|api[_\-]?key|apikey|access[_\-]?key",
                r"|access[_\-]?token|auth[_\-]?token|token|private[_\-]?key|mdp|accountkey",
                r"|sharedaccesskey|sig|signature)",
                r#"["']?\s*(:|=>|=)\s*["']?([^\s"'`,;<>]+)"#
            )),
            // A credential's name: a kind of key (group 1), or a bare "key", "token" or
            // "secret" (group 2), whose value [`find_named_keys`] looks for after it.
            named_token: re(concat!(
                r"(?i)\b(?:(api[ _\-]?keys?|apikeys?|access[ _\-]?keys?|secret[ _\-]?keys?",
                r"|client[ _\-]?secrets?|auth[ _\-]?tokens?|access[ _\-]?tokens?|bearer[ _\-]?tokens?",
                r"|webhook[ _\-]?secrets?|signing[ _\-]?secrets?|license[ _\-]?keys?|recovery[ _\-]?keys?)",
                r"|(key|token|secret))\b"
            )),
            code: re(concat!(
                r"(?i)\b(?:pin|passcode|one[- ]time (?:code|password)|otp|verification code|security code",
                r"|backup code|recovery code|reset code",
                r"|2fa code|auth(?:entication)? code|code de vérification|código de verificación",
                r"|bestätigungscode|codice di verifica|verificatiecode)",
                r"(?:[ \t]+(?:is|was|ist|war|est|était|es|era|é|è))?[ \t]*[:=]?[ \t]*(\d{4,8}(?:-\d{4,8})*)\b"
            )),
            password_word: re(
                r"(?i)\b(?:password|passphrase|passwort|passwd|passcode|pwd|kennwort|mot de passe|contraseña|senha|wachtwoord|clave)\b",
            ),
        }
    })
}

/// Claims every secret in the text.
pub(super) fn find(spans: &mut Spans<'_>) {
    let p = patterns();
    let text = spans.text();
    for m in p.private_key.find_iter(text) {
        spans.claim(m.start(), m.end(), Pii::Secret);
    }
    for c in p.url_credentials.captures_iter(text) {
        if let Some(m) = c.get(1) {
            spans.claim(m.start(), m.end(), Pii::Secret);
        }
    }
    for m in p.token.find_iter(text) {
        spans.claim(m.start(), m.end(), Pii::Secret);
    }
    for c in p.auth.captures_iter(text) {
        if let Some(m) = c.get(1).filter(|m| token_like(m.as_str())) {
            spans.claim(m.start(), m.end(), Pii::Secret);
        }
    }
    find_named_keys(spans);
    for c in p.code.captures_iter(text) {
        if let Some(m) = c.get(1) {
            spans.claim(m.start(), m.end(), Pii::Secret);
        }
    }
    find_assignments(spans);
    find_passwords(spans);
}

/// Words before a bare "key", "token" or "secret" that make it someone's credential.
const OWNERS: &[&str] = &["my", "our", "your", "his", "her", "their"];

/// After a credential's name, in the same sentence (and on the next line when the name ends
/// with a colon): the first value that looks like one, with words between allowed ("the API
/// key I'm using is 9f8e...", "API key (for prod) 9f8e...", "my key for the prod workspace:
/// 9f8e..."). A kind of key takes a credential-like value of 16 characters or more; a bare
/// "key", "token" or "secret" only someone's ("my key", "your token") and only a value of 20
/// or more mixing letters and digits that is no dotted name and no UUID, so a setting's
/// name ("the config key search.denseWeight") or a request id stays.
fn find_named_keys(spans: &mut Spans<'_>) {
    let text = spans.text();
    for c in patterns().named_token.captures_iter(text) {
        let Some(name) = c.get(0) else { continue };
        let bare = c.get(2).is_some();
        if bare && !owned(&text[..name.start()]) {
            continue;
        }
        let end = sentence_end(text, name.end());
        for (i, (start, stop, _)) in tokens(text, name.end(), end).into_iter().enumerate() {
            if i >= 8 || !spans.is_free(start, stop) {
                break;
            }
            let (s, e) = trim_token(text, start, stop);
            let value = &text[s..e];
            let credential = if bare {
                bare_credential(value)
            } else {
                value.chars().count() >= 16 && token_like(value)
            };
            if credential && !is_placeholder(value) {
                spans.claim(s, e, Pii::Secret);
                break;
            }
        }
    }
}

/// Whether the word or two before a name say whose it is ("my key", "your API token").
fn owned(before: &str) -> bool {
    before.split_whitespace().rev().take(2).any(|w| {
        OWNERS.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        )
    })
}

/// Where the sentence that goes on at `from` ends: a question or exclamation mark, a full
/// stop before a space, or a line break (a line break right after a colon is crossed once:
/// "API key:\n9f8e..."); at most 120 bytes on.
fn sentence_end(text: &str, from: usize) -> usize {
    let mut limit = (from + 120).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let rest = &text[from..limit];
    let colon_then_break = rest.trim_start_matches([' ', '\t']).starts_with(':')
        && rest
            .trim_start_matches([' ', '\t'])
            .trim_start_matches(':')
            .trim_start_matches([' ', '\t'])
            .starts_with('\n');
    let mut crossed = !colon_then_break;
    let bytes = rest.as_bytes();
    for (i, ch) in rest.char_indices() {
        match ch {
            '?' | '!' => return from + i,
            '.' if bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()) => return from + i,
            '\n' if crossed => return from + i,
            '\n' => crossed = true,
            _ => {}
        }
    }
    limit
}

/// A bare "key"'s or "token"'s value that is a credential: 20 characters or more, letters
/// and digits, no dots (a setting's dotted name, a version) and no UUID (a request id).
fn bare_credential(v: &str) -> bool {
    v.chars().count() >= 20
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().any(|c| c.is_alphabetic())
        && !v.contains('.')
        && !super::web::is_uuid(v)
}

/// A credential rather than a word: digits in it, or upper and lower case mixed (base64).
fn token_like(v: &str) -> bool {
    let digits = v.bytes().any(|b| b.is_ascii_digit());
    let upper = v.bytes().any(|b| b.is_ascii_uppercase());
    let lower = v.bytes().any(|b| b.is_ascii_lowercase());
    (upper || lower) && (digits || (upper && lower))
}

/// `password=...`, `api_key: ...`, `"token": "..."`: the value, when it is not a
/// documentation placeholder. After `:` the value must also look like a secret.
fn find_assignments(spans: &mut Spans<'_>) {
    let text = spans.text();
    for c in patterns().assignment.captures_iter(text) {
        let (Some(sep), Some(value)) = (c.get(2), c.get(3)) else {
            continue;
        };
        let v = cut_value(value.as_str());
        if v.chars().count() < 4 || is_placeholder(v) {
            continue;
        }
        if sep.as_str() == ":" && !looks_secret(v) {
            continue;
        }
        spans.claim(value.start(), value.start() + v.len(), Pii::Secret);
    }
}

/// The value up to the next URL parameter (`&name=`) and without closing punctuation.
fn cut_value(v: &str) -> &str {
    let mut end = v.len();
    for (i, _) in v.match_indices('&') {
        let rest = &v[i + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name_len > 0 && rest[name_len..].starts_with('=') {
            end = i;
            break;
        }
    }
    v[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '}', '>'])
}

/// `YOUR_API_KEY`, `<token>`, `${TOKEN}`, `***`, `xxxx`: examples, not secrets.
fn is_placeholder(v: &str) -> bool {
    let lower = v.to_lowercase();
    v.starts_with(['<', '$', '{', '%', '['])
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.')
        || (v
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            && v.contains('_'))
        || [
            "null", "none", "true", "false", "required", "empty", "redacted", "hidden",
        ]
        .contains(&lower.as_str())
}

/// Mixes letters with digits or symbols: a password, not a word.
fn looks_secret(v: &str) -> bool {
    let letters = v.chars().any(char::is_alphabetic);
    let digits = v.chars().any(|c| c.is_ascii_digit());
    let symbols = v.chars().any(|c| "!@#$%^&*+=~?|".contains(c));
    v.chars().count() >= 6 && ((letters && (digits || symbols)) || (digits && symbols))
}

/// Words that link a password word to its value: "password is X", "Passwort lautet X".
const LINKS: &[&str] = &[
    "is", "was", "ist", "lautet", "war", "est", "était", "es", "era", "é", "è", "was:", "is:",
];

/// After a password word, in the same sentence: the value right after it (`Passwort: X`,
/// `Kennwort X`), the first or second word after a linking verb that follows within three
/// words (`my password is X`, `la contraseña nueva es X`, `het wachtwoord is nu X`), or a
/// quoted or parenthesised word. The value must mix letters with digits or symbols.
fn find_passwords(spans: &mut Spans<'_>) {
    let text = spans.text();
    for m in patterns().password_word.find_iter(text) {
        let mut end = text[m.end()..]
            .find(['\n', '?'])
            .map_or(text.len(), |i| m.end() + i)
            .min(m.end() + 60);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut link_at = None;
        for (i, (start, stop, raw)) in tokens(text, m.end(), end).into_iter().enumerate() {
            if !spans.is_free(start, stop) {
                break; // the value was found already (or is a placeholder)
            }
            if link_at.is_none() && i <= 3 && LINKS.contains(&raw.to_lowercase().as_str()) {
                link_at = Some(i);
                continue;
            }
            let quoted = raw.starts_with(['(', '"', '\'', '«', '“']);
            let direct = i == 0 || link_at.is_some_and(|l| i <= l + 2);
            let (s, e) = trim_token(text, start, stop);
            let value = &text[s..e];
            if (direct || quoted) && looks_secret(value) && !is_placeholder(value) {
                spans.claim(s, e, Pii::Secret);
                break;
            }
            if raw.ends_with('.') {
                break;
            }
        }
    }
}

/// Whitespace-separated tokens of `text[from..to]` (skipping a leading `:`/`=` and quotes),
/// as (start, end, text), without the linking verb.
fn tokens(text: &str, from: usize, to: usize) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[from..to].char_indices() {
        let at = from + i;
        let sep =
            c.is_whitespace() || (out.is_empty() && start.is_none() && (c == ':' || c == '='));
        match (sep, start) {
            (true, Some(s)) => {
                out.push((s, at, &text[s..at]));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, to, &text[s..to]));
    }
    out.retain(|(_, _, t)| !matches!(*t, ":" | "=" | "-" | "–"));
    out
}

/// The token without the quotes, brackets and sentence punctuation around it.
fn trim_token(text: &str, start: usize, end: usize) -> (usize, usize) {
    let t = &text[start..end];
    let lead = ['(', '"', '\'', '«', '“', ':', '='];
    let trail = [')', '"', '\'', '»', '”', ',', '.', ';', ':'];
    let inner = t.trim_start_matches(lead);
    let s = start + (t.len() - inner.len());
    let inner = inner.trim_end_matches(trail);
    (s, s + inner.len())
}
