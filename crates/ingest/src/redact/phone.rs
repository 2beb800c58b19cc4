//! Phone numbers. A candidate is a run of digit groups joined by single separators (space,
//! `-`, `.`, `/`) with an optional `+` and area code in parentheses; the longest prefix of
//! whole groups that has the shape of a phone number is claimed.

use std::sync::OnceLock;

use regex::Regex;

use super::spans::{after_placeholder, line_after, line_before, Spans};
use super::Pii;

/// A run of digit groups.
#[derive(Debug, Default)]
struct Candidate {
    start: usize,
    plus: bool,
    /// (start, end, digits, in parentheses) of each group.
    groups: Vec<(usize, usize, bool)>,
    /// The separator before each group after the first (`' '`, `-`, `.`, `/`, `(`).
    seps: Vec<char>,
}

fn context() -> &'static (Regex, Regex) {
    static P: OnceLock<(Regex, Regex)> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        (
            re(concat!(
                r"\b(?:phone|tel|tél|telephone|téléphone|telefon\w*|telefoon\w*|telefono|teléfono",
                r"|telefone|mobile?|mobil|mobiel|móvil|movil|cell|cellphone|cellulare|celular|handy\w*",
                r"|fax|whatsapp|sms|text|call|calling|ring|reach|contact\w*|hotline|landline|line",
                r"|ligar|liguem|ligue|llam\w*|chiam\w*|richiam\w*|appel\w*|rappel\w*|joindre|bel",
                r"|bellen|terugbellen|bereiken|erreichen|anrufen|rufen|zurückrufen|rückruf\w*|durchwahl",
                r"|portable|fijo|fisso|telemóvel|rufnummer|numéro|número de (?:teléfono|telefone)",
                r"|numero di telefono|(?:my|mon|mi|meu|mio|mijn|meine?|your|our) (?:number|numéro|número|numero|nummer))\b",
            )),
            re(concat!(
                r"(?:\b(?:order|invoice|ticket|case|ref|reference|id|po|sku|part|job|build|version",
                r"|account|acct|customer|tracking|serial|quote|request|error|code|commande|facture",
                r"|pedido|factura|fattura|ordine|bestelling|factuur|rechnung|auftrag|nota|fatura",
                r"|no|nr|n|nº)|#)[\s:#.=]*$",
            )),
        )
    })
}

/// Claims phone numbers.
pub(super) fn find(spans: &mut Spans<'_>) {
    let text = spans.text();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = match bytes[i] {
            b'+' => bytes.get(i + 1).is_some_and(u8::is_ascii_digit),
            b'(' => bytes
                .get(i + 1)
                .is_some_and(|&b| b.is_ascii_digit() || b == b'+'),
            b => b.is_ascii_digit(),
        };
        if !starts || !free_before(text, i) {
            i += 1;
            continue;
        }
        let cand = scan(spans, i);
        let next = cand.groups.last().map_or(i + 1, |g| g.1.max(i + 1));
        if let Some(end) = best_prefix(text, &cand) {
            spans.claim(cand.start, end, Pii::Phone);
        }
        i = next;
    }
}

/// Whether a number may start at `i`: not glued to a letter or digit before it.
fn free_before(text: &str, i: usize) -> bool {
    if after_placeholder(text, i) {
        return false;
    }
    let mut before = text[..i].chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '+' => false,
        Some('-' | '.' | '/' | '_') => {
            !before.next().is_some_and(char::is_alphanumeric) && !after_placeholder(text, i - 1)
        }
        // `1,249`: a thousands separator; `Paris,06 12 34 56 78`: a CSV field.
        Some(',') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        // `10:30`: a time, not the start of a number.
        Some(':') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Reads the run of digit groups starting at `i`, up to the first one already claimed.
fn scan(spans: &Spans<'_>, i: usize) -> Candidate {
    let text = spans.text();
    let b = text.as_bytes();
    let mut c = Candidate {
        start: i,
        ..Candidate::default()
    };
    let mut pos = i;
    if b[pos] == b'+' {
        c.plus = true;
        pos += 1;
    }
    // `(+34) 611 22 33 44`: a country code in parentheses.
    if b.get(pos) == Some(&b'(') && b.get(pos + 1) == Some(&b'+') {
        let digits = b[pos + 2..]
            .iter()
            .take_while(|x| x.is_ascii_digit())
            .count();
        if digits == 0 || b.get(pos + 2 + digits) != Some(&b')') {
            return c;
        }
        c.plus = true;
        c.groups.push((pos + 2, pos + 2 + digits, true));
        pos += 3 + digits;
        match separator(b, pos) {
            Some((s, len)) => {
                c.seps.push(s);
                pos += len;
            }
            None => return c,
        }
    }
    let mut sep = None;
    loop {
        let paren = b.get(pos) == Some(&b'(');
        let gstart = pos + usize::from(paren);
        let mut gend = gstart;
        while gend < b.len() && b[gend].is_ascii_digit() {
            gend += 1;
        }
        if gend == gstart || (paren && b.get(gend) != Some(&b')')) {
            break;
        }
        let end = gend + usize::from(paren);
        if !spans.is_free(i, end) {
            break;
        }
        if end < b.len() && (b[end].is_ascii_alphabetic() || b[end] >= 0x80) {
            break; // glued to a word: `991B`, `4E`
        }
        if let Some(s) = sep {
            c.seps.push(if paren { '(' } else { s });
        }
        c.groups.push((gstart, gend, paren));
        pos = end;
        if paren && b.get(pos).is_some_and(u8::is_ascii_digit) {
            sep = Some(')'); // `(0)40 3456789`
            continue;
        }
        match separator(b, pos) {
            Some((s, len)) => {
                sep = Some(s);
                pos += len;
            }
            None => break,
        }
    }
    c
}

/// A separator at `pos` followed by a digit or `(`: one space, `-`, `.`, `/`, or ` - `/` / `.
fn separator(b: &[u8], pos: usize) -> Option<(char, usize)> {
    let digit_at = |p: usize| b.get(p).is_some_and(|&x| x.is_ascii_digit() || x == b'(');
    match b.get(pos)? {
        b' ' if matches!(b.get(pos + 1), Some(b'-' | b'/')) && b.get(pos + 2) == Some(&b' ') => {
            digit_at(pos + 3).then_some((b[pos + 1] as char, 3))
        }
        b' ' => digit_at(pos + 1).then_some((' ', 1)),
        b'(' => Some(('(', 0)),
        &s @ (b'-' | b'.' | b'/') => digit_at(pos + 1).then_some((s as char, 1)),
        _ => None,
    }
}

/// The end of the longest prefix of whole groups that is a phone number.
fn best_prefix(text: &str, c: &Candidate) -> Option<usize> {
    let before = line_before(text, c.start, 40);
    let (keywords, ids) = context();
    let keyword = keywords.is_match(&before);
    let id = ids.is_match(&before);
    // Prefer a prefix with a phone's shape; a phone word alone admits any shape after that.
    [false, keyword && !id].into_iter().find_map(|keyword| {
        (1..=c.groups.len()).rev().find_map(|k| {
            let end = c.groups[k - 1].1 + usize::from(c.groups[k - 1].2);
            if glued_after(text, end) {
                return None;
            }
            let shape = Shape::of(text, c, k);
            let unit = starts_with_unit(&line_after(text, end, 12));
            shape.is_phone(keyword, id || unit).then_some(end)
        })
    })
}

/// What the first `k` groups of a candidate look like.
struct Shape<'a> {
    plus: bool,
    sizes: Vec<usize>,
    digits: String,
    seps: &'a [char],
    paren: bool,
}

impl<'a> Shape<'a> {
    fn of(text: &str, c: &'a Candidate, k: usize) -> Shape<'a> {
        let groups = &c.groups[..k];
        Shape {
            plus: c.plus,
            sizes: groups.iter().map(|g| g.1 - g.0).collect(),
            digits: groups.iter().map(|g| &text[g.0..g.1]).collect(),
            seps: &c.seps[..k - 1],
            paren: groups.iter().any(|g| g.2),
        }
    }

    /// `keyword`: a phone word precedes; `quantity`: an id word precedes or a unit follows.
    fn is_phone(&self, keyword: bool, quantity: bool) -> bool {
        let n = self.digits.len();
        if !(7..=15).contains(&n) || self.is_date() || !self.dots_ok() {
            return false;
        }
        if self.plus {
            return n >= 8;
        }
        if self.digits.starts_with("00") && !self.paren {
            return n >= 10 && (3..=5).contains(&self.sizes[0]);
        }
        if self.paren && n >= 9 {
            return true;
        }
        if keyword {
            return true;
        }
        if quantity || self.is_thousands() {
            return false;
        }
        self.is_north_american() || self.is_trunk()
    }

    /// `14.03.2026`, `2026-11-02`, `03/11/26`.
    fn is_date(&self) -> bool {
        let same = self.seps.windows(2).all(|w| w[0] == w[1]);
        let s = &self.sizes[..];
        same && self.seps.first().is_some_and(|c| ".-/".contains(*c))
            && matches!(s, [1 | 2, 1 | 2, 2 | 4] | [4, 1 | 2, 1 | 2])
    }

    /// Dotted numbers are phones only in groups of 2-4 digits (`06.45.78.12.90`), not
    /// versions or builds (`10.0.19045.4529`).
    fn dots_ok(&self) -> bool {
        let dotted = self.seps.contains(&'.');
        let mixed = dotted && self.seps.iter().any(|&c| c != '.');
        !dotted || (!mixed && (self.plus || self.sizes.iter().all(|s| (2..=4).contains(s))))
    }

    /// `1 234 567`, `612 345 678`: could be a formatted quantity.
    fn is_thousands(&self) -> bool {
        self.sizes.len() > 1
            && self.sizes[0] <= 3
            && self.sizes[1..].iter().all(|&s| s == 3)
            && self.seps.iter().all(|&c| c == ' ' || c == '.')
    }

    /// `415-555-0134`, `(415) 555-0134`, `1-800-555-0199`, `4155550134`.
    fn is_north_american(&self) -> bool {
        let d = self.digits.as_bytes();
        let area_ok = |i: usize| (b'2'..=b'9').contains(&d[i]);
        match self.sizes[..] {
            [3, 3, 4] => area_ok(0) && (!self.seps.contains(&'/') || self.seps == ['/', '/']),
            [1, 3, 3, 4] => d[0] == b'1' && area_ok(1),
            [10] => area_ok(0) && area_ok(3),
            _ => false,
        }
    }

    /// A national number with a trunk 0: `0170 1234567`, `06 12 34 56 78`, `0612345678`.
    fn is_trunk(&self) -> bool {
        let d = self.digits.as_bytes();
        d[0] == b'0'
            && d[1] != b'0'
            && (9..=12).contains(&d.len())
            && self.sizes.iter().all(|&s| s >= 2)
            && (self.sizes.len() > 1 || d.len() >= 10)
    }
}

/// `2026-4471-B`: the number goes on through a `-`, `.`, `/` or `_`.
fn glued_after(text: &str, end: usize) -> bool {
    let mut after = text[end..].chars();
    matches!(after.next(), Some('-' | '.' | '/' | '_'))
        && after.next().is_some_and(char::is_alphanumeric)
}

/// Whether `after` (lowercased text after a number) starts with a unit of quantity.
fn starts_with_unit(after: &str) -> bool {
    const UNITS: &[&str] = &[
        "bytes", "byte", "b ", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "ms", "sec", "seconds",
        "rows", "lines", "records", "users", "items", "times", "€", "eur", "usd", "$", "%",
        "zeilen", "lignes", "filas", "linhas", "righe", "regels",
    ];
    let t = after.trim_start();
    t.len() < after.len() && UNITS.iter().any(|u| t.starts_with(u)) || after.starts_with('%')
}
