//! PII redaction for tickets, chat questions and feedback, applied before anything is stored.
//!
//! [`redact`] finds spans of personal data in the original text, resolves overlaps, and
//! replaces each span as a whole by a typed placeholder ([`Pii::placeholder`]). Detectors run
//! in order of confidence, and a later one never takes bytes an earlier one took:
//!
//! 1. placeholders already in the text are kept (so redaction is idempotent);
//! 2. secrets: private-key blocks, URL credentials, prefixed tokens (`sk_live_`, `ghp_`,
//!    `AKIA`, `xoxb-`, `AIza`, `glpat-`, `npm_`, `SG.`, `dk_`, JWTs), `Bearer`/`Basic` values,
//!    values of `password`/`pwd`/`api_key`/`token`/`secret`... in seven languages;
//! 3. email addresses, Unicode ones included (`josé.garcía@ejemplo.es`, `%40`-encoded);
//! 4. IBANs, validated by country length and the mod-97 check (or after the word IBAN);
//! 5. URLs, UUIDs, long hex strings and dates are protected from the number detectors;
//! 6. public IPv4 addresses outside version contexts (private, loopback and `.0`/`.255`
//!    addresses are kept: they identify no one and matter for troubleshooting);
//! 7. card-like digit runs (13-19 digits, grouped or not): `[CARD]` when they pass Luhn,
//!    `[NUMBER]` when they look like a card but fail it; never half of one;
//! 8. US SSNs/ITINs (`123-45-6789`, or 9 digits after "SSN"), and checksummed national ids:
//!    Spanish DNI/NIE, Brazilian CPF, Italian codice fiscale, Dutch BSN (after "BSN"), French NIR;
//! 9. phone numbers: E.164 and `00` prefixes, area codes in parentheses, national trunk
//!    prefixes (`0170 1234567`, `06 12 34 56 78`), North American shapes (`415-555-0134`,
//!    `4155550134`), and any 7-15 digit run after a phone word (tel, Handy, portable, móvil...);
//! 10. names after greetings, self-introductions ("my name is", "I am", "ich bin", "je
//!     m'appelle"...), sign-offs, titles (Mr., Frau, Mme, Sra., Dott.ssa, Dhr.), field labels
//!     (`Name:`, `From:`, `"customer":`), a name before `<email>`, and a name field of a CSV
//!     row that holds an email. A title is part of the name it precedes.
//!
//! Proves (see tests): 1. each kind above is replaced whole by its placeholder; 2. dates,
//! versions, error codes, prices, ids, UUIDs, hex colours, ports and model numbers survive;
//! 3. redaction is idempotent, never panics, and leaves clean text unchanged (property tests).
//! Recall and false positives on a planted set are measured by `docent eval pii`.

mod names;
mod numbers;
mod phone;
mod secrets;
mod spans;
mod web;

use spans::Spans;

/// What a redacted span was; each kind has its placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pii {
    /// `[EMAIL]`: an email address.
    Email,
    /// `[PHONE]`: a phone number.
    Phone,
    /// `[CARD]`: a payment card number that passes the Luhn check.
    Card,
    /// `[NUMBER]`: a card-like digit run (13-19 digits) that fails the Luhn check.
    Number,
    /// `[IBAN]`: an international bank account number.
    Iban,
    /// `[SECRET]`: a password, API key, token, credential in a URL or private key.
    Secret,
    /// `[SSN]`: a US social security number or ITIN.
    Ssn,
    /// `[NATIONAL_ID]`: a Spanish DNI/NIE, Brazilian CPF, Italian codice fiscale, Dutch BSN or
    /// French social security number (NIR).
    NationalId,
    /// `[NAME]`: a person's name, with its title.
    Name,
    /// `[IP]`: a public IPv4 address.
    Ip,
}

impl Pii {
    /// Every kind.
    pub const ALL: [Pii; 10] = [
        Pii::Email,
        Pii::Phone,
        Pii::Card,
        Pii::Number,
        Pii::Iban,
        Pii::Secret,
        Pii::Ssn,
        Pii::NationalId,
        Pii::Name,
        Pii::Ip,
    ];

    /// The placeholder that replaces a span of this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            Pii::Email => "[EMAIL]",
            Pii::Phone => "[PHONE]",
            Pii::Card => "[CARD]",
            Pii::Number => "[NUMBER]",
            Pii::Iban => "[IBAN]",
            Pii::Secret => "[SECRET]",
            Pii::Ssn => "[SSN]",
            Pii::NationalId => "[NATIONAL_ID]",
            Pii::Name => "[NAME]",
            Pii::Ip => "[IP]",
        }
    }
}

/// The redactor's version: raised when it finds spans it missed before, so ticket exports
/// already indexed are read (and redacted) again on the next ingest.
pub const VERSION: u32 = 4;

/// Replaces personal data in `text` by typed placeholders (see [`Pii`]). Patterns are
/// compiled once per process; a short chat question takes microseconds.
///
/// Detectors look at the words around a candidate ("tel", "IBAN", "password"), and a
/// replacement can bring such a word closer to the next candidate; so the pass is repeated
/// until nothing changes (twice for almost every text, at most four times), which makes
/// `redact(redact(x)) == redact(x)`.
pub fn redact(text: &str) -> String {
    let mut out = redact_once(text);
    for _ in 0..3 {
        let next = redact_once(&out);
        if next == out {
            break;
        }
        out = next;
    }
    out
}

fn redact_once(text: &str) -> String {
    // Personal data typed in full-width forms (Japanese and Chinese input methods type
    // "ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "４１１１ １１１１ ...") or in another script's digits
    // (Arabic-Indic, Devanagari ...) is found in the text read as ASCII, and replaced in the
    // text as written.
    match Folded::new(text) {
        Some(folded) => folded.redact(),
        None => find_all(Spans::new(text)).apply(),
    }
}

fn find_all(mut spans: Spans<'_>) -> Spans<'_> {
    spans.keep_placeholders();
    secrets::find(&mut spans);
    web::find_emails(&mut spans);
    numbers::find_ibans(&mut spans);
    web::protect(&mut spans);
    web::find_ips(&mut spans);
    numbers::find_cards(&mut spans);
    numbers::find_ids(&mut spans);
    phone::find(&mut spans);
    names::find(&mut spans);
    spans
}

/// A text read as ASCII where it has ASCII's twin: full-width forms, the ideographic space,
/// Unicode decimal digits of other scripts, dashes that phone numbers are written with. Every
/// character stays one character, so each span found in the reading is a span of the text.
struct Folded<'a> {
    text: &'a str,
    read: String,
    /// The text's byte offset of each byte offset of `read` that starts a character (and of
    /// its end).
    origin: Vec<usize>,
}

impl<'a> Folded<'a> {
    /// `None` when no character of `text` has an ASCII twin.
    fn new(text: &'a str) -> Option<Folded<'a>> {
        if text.is_ascii()
            || !text
                .chars()
                .any(|c| ascii_twin(c).is_some() || unread_mark(c))
        {
            return None;
        }
        // Japanese and Chinese put no space between words: "電話番号は０９０-１２３４-５６７８です"
        // glues the number to the letters around it, which the detectors read as part of a
        // word (a code, a model number). Han, kana and Hangul letters read as spaces.
        let mut read = String::with_capacity(text.len());
        let mut origin = vec![0; text.len() + 1];
        // ... except in a token holding an at sign: an address may be written in them
        // ("李雷@例子.公司").
        let mut in_address = false;
        for (at, c) in text.char_indices() {
            if at == 0 || text[..at].ends_with(char::is_whitespace) {
                let token = text[at..].split(char::is_whitespace).next().unwrap_or("");
                in_address = token.contains(['@', '\u{FF20}', '\u{FE6B}']);
            }
            origin[read.len()] = at;
            if unread_mark(c) {
                // Read as nothing: the character before it keeps it in its span.
                continue;
            }
            let twin = match ascii_twin(c) {
                Some(' ') if in_address && !c.is_whitespace() => c,
                Some(t) => t,
                None => c,
            };
            read.push(twin);
        }
        origin[read.len()] = text.len();
        origin.truncate(read.len() + 1);
        Some(Folded { text, read, origin })
    }

    fn redact(&self) -> String {
        find_all(Spans::new(&self.read)).apply_to(self.text, &self.origin)
    }
}

/// Marks drawn on the character before them (a keycap, a circle, an underline) and emoji
/// variation selectors: "5\u{fe0f}\u{20e3}" is a 5 in a keycap, which chat apps offer for
/// digits. They are read as nothing.
fn unread_mark(c: char) -> bool {
    matches!(
        c,
        '\u{fe0e}' | '\u{fe0f}' | '\u{20dd}' | '\u{20de}' | '\u{20e3}' | '\u{0332}' | '\u{0333}'
    )
}

/// The ASCII character `c` stands for, when it is a full-width form, the ideographic space or
/// full stop, a decimal digit of another script or a dash (the katakana prolonged sound mark
/// too: Japanese input writes phone numbers with it); a space for a Han, kana or Hangul letter.
fn ascii_twin(c: char) -> Option<char> {
    /// The zero of each run of ten decimal digits (Unicode category Nd) outside ASCII.
    const ZEROS: [u32; 67] = [
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
        0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
        0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0,
        0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0,
        0x11F50, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140,
        0x1E2F0, 0x1E4F0, 0x1E950, 0x1FBF0,
    ];
    if let Some(ascii) = docent_core::full_width_ascii(c) {
        return Some(ascii);
    }
    let u = c as u32;
    match u {
        // Every space separator (no-break, figure, thin, narrow no-break: what a copied web
        // page or a word processor puts between a number's groups) reads as a space.
        0x3000 | 0x00A0 | 0x1680 | 0x2000..=0x200A | 0x202F | 0x205F => Some(' '),
        0xFE6B => Some('@'),
        0xFE52 | 0x3002 | 0xFF61 => Some('.'),
        0x2010..=0x2015 | 0x2212 | 0xFE63 | 0x30FC | 0xFF70 => Some('-'),
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(' '),
        0xAC00..=0xD7A3 | 0xFF66..=0xFF6F | 0xFF71..=0xFF9D | 0xF900..=0xFAFF => Some(' '),
        // Digits written small, or in a circle or brackets (what NFKC reads as digits, and
        // a Japanese input method offers): one character each, so one to nine only.
        0x00B9 => Some('1'),
        0x00B2 => Some('2'),
        0x00B3 => Some('3'),
        0x2070 | 0x24EA | 0x24FF => Some('0'),
        0x2074..=0x2079 => char::from_digit(u - 0x2070, 10),
        0x2080..=0x2089 => char::from_digit(u - 0x2080, 10),
        0x2460..=0x2468 => char::from_digit(u - 0x245F, 10),
        0x2474..=0x247C => char::from_digit(u - 0x2473, 10),
        0x2488..=0x2490 => char::from_digit(u - 0x2487, 10),
        0x24F5..=0x24FD => char::from_digit(u - 0x24F4, 10),
        0x2776..=0x277E => char::from_digit(u - 0x2775, 10),
        0x2780..=0x2788 => char::from_digit(u - 0x277F, 10),
        0x278A..=0x2792 => char::from_digit(u - 0x2789, 10),
        _ => ZEROS
            .iter()
            .find(|&&z| (z..z + 10).contains(&u))
            .and_then(|&z| char::from_digit(u - z, 10)),
    }
}

#[cfg(test)]
mod tests;
