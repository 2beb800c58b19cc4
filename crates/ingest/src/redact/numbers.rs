//! IBANs, card numbers, US social security numbers and checksummed national ids.

use std::sync::OnceLock;

use regex::Regex;

use super::spans::{joined, line_before, standalone, Spans};
use super::Pii;

struct Patterns {
    iban: Regex,
    card: Regex,
    ssn: Regex,
    nine_digits: Regex,
    dni: Regex,
    cpf: Regex,
    codice_fiscale: Regex,
    nir: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Patterns {
            iban: re(r"\b(?:[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){10,32}|[a-z]{2}\d{2}(?:[ \-]?[a-z0-9]){10,32})"),
            card: re(r"\d(?:(?: ?[\-/] ?|[ \-./_])?\d){12,18}"),
            ssn: re(r"\b\d{3}([ \-])\d{2}([ \-])\d{4}\b"),
            nine_digits: re(r"\b\d{9}\b|\b\d{11}\b"),
            dni: re(r"\b(?:\d{8}|[XYZ]\d{7})[A-Z]\b"),
            cpf: re(r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b"),
            codice_fiscale: re(r"\b[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]\b"),
            nir: re(r"\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}\b"),
        }
    })
}

/// IBAN length per country (ISO 13616 registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// Claims IBANs: the country's length of characters (spaces and dashes between them), valid
/// by mod 97, or after the word IBAN when the check fails (a mistyped IBAN is still one).
pub(super) fn find_ibans(spans: &mut Spans<'_>) {
    let text = spans.text();
    for m in patterns().iban.find_iter(text) {
        let upper = m.as_str().to_ascii_uppercase();
        let Some(&(_, len)) = IBAN_LENGTHS.iter().find(|(c, _)| upper.starts_with(c)) else {
            continue;
        };
        if joined(text[..m.start()].chars().rev()) {
            continue; // carries on a token: a UUID's later groups, `build-de89...`
        }
        let lowercase = m.as_str().starts_with(|c: char| c.is_ascii_lowercase());
        let mut compact = String::new();
        let mut end = m.start();
        for (i, c) in m.as_str().char_indices() {
            if c.is_ascii_alphanumeric() {
                compact.push(c.to_ascii_uppercase());
                end = m.start() + i + 1;
                if compact.len() == len {
                    break;
                }
            }
        }
        if compact.len() < len || text[end..].starts_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        if joined(text[end..].chars()) || !grouped_like_an_iban(&text[m.start()..end]) {
            continue; // a token goes on (a UUID's first groups), or other things run together
        }
        // A lowercase IBAN must pass the check: lowercase words look like IBANs too often.
        let context = !lowercase && line_before(text, m.start(), 40).contains("iban");
        if iban_valid(&compact) || context {
            spans.claim(m.start(), end, Pii::Iban);
        }
    }
}

/// Whether `s` is written as one IBAN: split by spaces or by dashes, not both. A colour, a
/// date and a version in a row (`#be465d 2018-02-09 16.0`) read as `BE46 5D20 1802 0916` are
/// no IBAN; `AE36053000001748 6074001` is one, however grouped.
fn grouped_like_an_iban(s: &str) -> bool {
    !(s.contains(' ') && s.contains('-'))
}

/// The ISO 7064 mod-97 check of an IBAN without spaces.
fn iban_valid(iban: &str) -> bool {
    let (head, tail) = iban.split_at(4);
    let mut rem = 0u32;
    for c in tail.chars().chain(head.chars()) {
        let Some(v) = c.to_digit(36) else {
            return false;
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Words that make a long digit run a card number.
const CARD_WORDS: &[&str] = &[
    "card",
    "karte",
    "carte",
    "tarjeta",
    "cartão",
    "cartao",
    "carta",
    "kaart",
    "visa",
    "mastercard",
    "amex",
    "maestro",
];

/// Claims card-like runs of 13-19 digits, grouped by spaces or dashes (or by dots, slashes
/// or underscores in fours) or not: `[CARD]` when
/// a prefix of whole groups passes Luhn, `[NUMBER]` when it looks like a card (grouped like
/// one, a card prefix and length, or after a card word) but fails Luhn.
pub(super) fn find_cards(spans: &mut Spans<'_>) {
    let text = spans.text();
    for m in patterns().card.find_iter(text) {
        if text[..m.start()].ends_with('+') || !standalone(text, m.start(), m.end()) {
            continue;
        }
        let groups = digit_groups(m.as_str());
        // Dots, slashes and underscores, and separators of more than one character
        // (`4111 - 1111 - ...`), only in 4-4-4-4 with the same separator throughout
        // (`4111.1111.1111.1111`, `4111/1111/1111/1111`), never in versions, dates or paths.
        let seps = separators(m.as_str());
        let dotted = seps.iter().any(|s| s.contains(['.', '/', '_']));
        let spaced = seps.iter().any(|s| s.len() > 1);
        let uniform = seps.windows(2).all(|w| w[0] == w[1]);
        if (dotted || spaced) && (!uniform || !card_grouping(&sizes_of(&groups))) {
            continue;
        }
        if let Some(end) = luhn_prefix(&groups) {
            if card_prefix(m.as_str())
                && brand_length(m.as_str(), digit_count(&groups, end))
                && written_like_a_card(&groups, end)
            {
                spans.claim(m.start(), m.start() + end, Pii::Card);
                continue;
            }
        }
        let digits: usize = groups.iter().map(|(_, _, d)| d.len()).sum();
        if !(13..=19).contains(&digits) {
            continue;
        }
        let sizes = sizes_of(&groups);
        let before = line_before(text, m.start(), 30);
        let shaped = card_grouping(&sizes)
            || (sizes.len() == 1 && (15..=16).contains(&digits) && card_prefix(m.as_str()))
            || CARD_WORDS.iter().any(|w| before.contains(w));
        if shaped {
            spans.claim(m.start(), m.end(), Pii::Number);
        }
    }
}

/// The runs between the digit groups of `s`.
fn separators(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .collect()
}

fn sizes_of(groups: &[(usize, usize, &str)]) -> Vec<usize> {
    groups.iter().map(|(_, _, d)| d.len()).collect()
}

/// The digit groups of `s` as (start, end, digits).
fn digit_groups(s: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len(), &s[st..]));
    }
    out
}

/// The end (byte offset) of the longest prefix of whole groups with 13-19 digits passing Luhn.
fn luhn_prefix(groups: &[(usize, usize, &str)]) -> Option<usize> {
    (1..=groups.len()).rev().find_map(|k| {
        let digits: String = groups[..k].iter().map(|(_, _, d)| *d).collect();
        ((13..=19).contains(&digits.len()) && luhn(&digits)).then_some(groups[k - 1].1)
    })
}

/// The sizes of the groups that end by `end`.
fn sizes_to<'a>(
    groups: &'a [(usize, usize, &str)],
    end: usize,
) -> impl Iterator<Item = usize> + 'a {
    groups.iter().filter(move |g| g.1 <= end).map(|g| g.2.len())
}

fn digit_count(groups: &[(usize, usize, &str)], end: usize) -> usize {
    sizes_to(groups, end).sum()
}

/// Whether the groups up to `end` are written as people write a card number: all of it in one
/// run, or in groups of at most 8 digits (4-4-4-4, 4-6-5, 8-8). A build id and a size after
/// it (`20230415819851 254`) are two numbers, not one card.
fn written_like_a_card(groups: &[(usize, usize, &str)], end: usize) -> bool {
    sizes_to(groups, end).count() == 1 || sizes_to(groups, end).all(|n| n <= 8)
}

/// Lengths the card brands use: 13 digits only for Visa (4), 14 for Diners (3).
fn brand_length(s: &str, digits: usize) -> bool {
    match digits {
        13 => s.starts_with('4'),
        14 => s.starts_with('3'),
        _ => true,
    }
}

/// Card numbers start with 2 to 6 (Mastercard, Amex/Diners/JCB, Visa, Mastercard/Maestro,
/// Discover/UnionPay).
fn card_prefix(s: &str) -> bool {
    s.starts_with(['2', '3', '4', '5', '6'])
}

/// 4-4-4-4(-1..3), Amex 4-6-5, Diners 4-6-4.
fn card_grouping(sizes: &[usize]) -> bool {
    let fours = sizes.len() >= 4
        && sizes[..sizes.len() - 1].iter().all(|&s| s == 4)
        && (1..=4).contains(&sizes[sizes.len() - 1]);
    fours || sizes == [4, 6, 5] || sizes == [4, 6, 4]
}

/// The Luhn check.
pub(super) fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let mut d = c.to_digit(10).unwrap_or(0);
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// Words after which nine digits are a social security number.
const SSN_WORDS: &[&str] = &[
    "ssn",
    "social security",
    "social",
    "seguro social",
    "itin",
    "tax id",
];

/// Claims SSNs and national ids.
pub(super) fn find_ids(spans: &mut Spans<'_>) {
    find_ssns(spans);
    find_national_ids(spans);
}

/// `123-45-6789` anywhere (valid area, group and serial); `123 45 6789` and nine bare digits
/// after an SSN word.
fn find_ssns(spans: &mut Spans<'_>) {
    let p = patterns();
    let text = spans.text();
    for c in p.ssn.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
        let dashed = &c[1] == "-" && &c[2] == "-";
        let context = SSN_WORDS
            .iter()
            .any(|w| line_before(text, m.start(), 40).contains(w));
        if standalone(text, m.start(), m.end()) && ssn_valid(&digits) && (dashed || context) {
            spans.claim(m.start(), m.end(), Pii::Ssn);
        }
    }
    for m in p.nine_digits.find_iter(text) {
        let before = line_before(text, m.start(), 30);
        if m.len() == 9 && ssn_valid(m.as_str()) && SSN_WORDS.iter().any(|w| before.contains(w)) {
            spans.claim(m.start(), m.end(), Pii::Ssn);
        }
    }
}

fn ssn_valid(d: &str) -> bool {
    d.len() == 9 && !matches!(&d[..3], "000" | "666") && &d[3..5] != "00" && &d[5..] != "0000"
}

/// A national id pattern and its check.
type Check = (&'static Regex, fn(&str) -> bool);

/// Spanish DNI/NIE, Brazilian CPF, Italian codice fiscale, Dutch BSN (after "BSN") and French
/// NIR, each only when its check digit or letter is right.
fn find_national_ids(spans: &mut Spans<'_>) {
    let p = patterns();
    let text = spans.text();
    let checks: [Check; 4] = [
        (&p.dni, dni_valid),
        (&p.cpf, cpf_valid),
        (&p.codice_fiscale, codice_fiscale_valid),
        (&p.nir, nir_valid),
    ];
    for (re, valid) in checks {
        for m in re.find_iter(text) {
            if standalone(text, m.start(), m.end()) && valid(m.as_str()) {
                spans.claim(m.start(), m.end(), Pii::NationalId);
            }
        }
    }
    for m in p.nine_digits.find_iter(text) {
        let before = line_before(text, m.start(), 30);
        let bsn = m.len() == 9 && before.contains("bsn") && bsn_valid(m.as_str());
        let cpf = m.len() == 11 && before.contains("cpf") && cpf_valid(m.as_str());
        if bsn || cpf {
            spans.claim(m.start(), m.end(), Pii::NationalId);
        }
    }
}

fn dni_valid(s: &str) -> bool {
    const LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let (num, letter) = s.split_at(s.len() - 1);
    let num = num
        .replacen('X', "0", 1)
        .replacen('Y', "1", 1)
        .replacen('Z', "2", 1);
    num.parse::<usize>()
        .is_ok_and(|n| letter.as_bytes()[0] == LETTERS[n % 23])
}

fn cpf_valid(s: &str) -> bool {
    let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 11 || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let check = |n: usize| {
        let sum: u32 = (0..n).map(|i| d[i] * (n as u32 + 1 - i as u32)).sum();
        (sum * 10 % 11) % 10
    };
    check(9) == d[9] && check(10) == d[10]
}

fn codice_fiscale_valid(s: &str) -> bool {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let b = s.as_bytes();
    let value = |c: u8| -> usize {
        if c.is_ascii_digit() {
            (c - b'0') as usize
        } else {
            (c - b'A') as usize
        }
    };
    let sum: u32 = b[..15]
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i % 2 == 0 {
                ODD[value(c)]
            } else {
                value(c) as u32
            }
        })
        .sum();
    b[15] == b'A' + (sum % 26) as u8
}

fn bsn_valid(s: &str) -> bool {
    let d: Vec<i64> = s
        .chars()
        .filter_map(|c| c.to_digit(10).map(i64::from))
        .collect();
    let sum: i64 = d
        .iter()
        .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(a, w)| a * w)
        .sum();
    d.len() == 9 && sum % 11 == 0 && sum != 0
}

fn nir_valid(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (body, key) = compact.split_at(13);
    let body = body.replace("2A", "19").replace("2B", "18");
    let (Ok(n), Ok(k)) = (body.parse::<u64>(), key.parse::<u64>()) else {
        return false;
    };
    let adjust = if compact.contains("2A") {
        1_000_000
    } else if compact.contains("2B") {
        2_000_000
    } else {
        0
    };
    97 - (n - adjust) % 97 == k
}
