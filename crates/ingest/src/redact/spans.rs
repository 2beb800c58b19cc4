//! The spans a redaction has claimed so far, in order and never overlapping.

use super::Pii;

/// A claimed byte range: personal data of a kind, or text protected from later detectors.
#[derive(Debug, Clone, Copy)]
struct Claim {
    start: usize,
    end: usize,
    kind: Option<Pii>,
}

/// The text being redacted and the ranges claimed in it.
pub(super) struct Spans<'a> {
    text: &'a str,
    claims: Vec<Claim>,
}

impl<'a> Spans<'a> {
    pub(super) fn new(text: &'a str) -> Spans<'a> {
        Spans {
            text,
            claims: Vec::new(),
        }
    }

    pub(super) fn text(&self) -> &'a str {
        self.text
    }

    /// Whether no claim overlaps `start..end`.
    pub(super) fn is_free(&self, start: usize, end: usize) -> bool {
        let i = self.claims.partition_point(|c| c.end <= start);
        self.claims.get(i).is_none_or(|c| c.start >= end)
    }

    /// The kind claimed at byte `at`, if personal data was found there.
    pub(super) fn kind_at(&self, at: usize) -> Option<Pii> {
        let i = self.claims.partition_point(|c| c.end <= at);
        self.claims
            .get(i)
            .filter(|c| c.start <= at)
            .and_then(|c| c.kind)
    }

    fn insert(&mut self, start: usize, end: usize, kind: Option<Pii>) -> bool {
        if start >= end || end > self.text.len() || !self.is_free(start, end) {
            return false;
        }
        let i = self.claims.partition_point(|c| c.end <= start);
        self.claims.insert(i, Claim { start, end, kind });
        true
    }

    /// Claims `start..end` as personal data of `kind`, unless something overlaps it.
    pub(super) fn claim(&mut self, start: usize, end: usize, kind: Pii) -> bool {
        self.insert(start, end, Some(kind))
    }

    /// Protects `start..end` from later detectors, unless something overlaps it.
    pub(super) fn protect(&mut self, start: usize, end: usize) {
        self.insert(start, end, None);
    }

    /// Protects placeholders already in the text, so that a second redaction changes nothing.
    pub(super) fn keep_placeholders(&mut self) {
        for kind in Pii::ALL {
            let p = kind.placeholder();
            let found: Vec<usize> = self.text.match_indices(p).map(|(i, _)| i).collect();
            for i in found {
                self.protect(i, i + p.len());
            }
        }
    }

    /// `original` with every claimed span of personal data replaced by its placeholder, where
    /// the spans were found in a reading of it whose byte `i` is `original`'s byte `origin[i]`
    /// (at character boundaries).
    pub(super) fn apply_to(&self, original: &str, origin: &[usize]) -> String {
        let mut out = String::with_capacity(original.len());
        let mut pos = 0;
        for c in &self.claims {
            if let Some(kind) = c.kind {
                let (start, end) = (origin[c.start], origin[c.end]);
                out.push_str(&original[pos..start]);
                out.push_str(kind.placeholder());
                pos = end;
            }
        }
        out.push_str(&original[pos..]);
        out
    }

    /// The text with every claimed span of personal data replaced by its placeholder.
    pub(super) fn apply(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut pos = 0;
        for c in &self.claims {
            if let Some(kind) = c.kind {
                out.push_str(&self.text[pos..c.start]);
                out.push_str(kind.placeholder());
                pos = c.end;
            }
        }
        out.push_str(&self.text[pos..]);
        out
    }
}

/// Whether `text[start..end]` stands alone: not glued to letters or digits, directly or
/// through a `-`, `.`, `/` or `_` (so `a716-446655440000` and `v2.3.1` are not numbers).
pub(super) fn standalone(text: &str, start: usize, end: usize) -> bool {
    if after_placeholder(text, start) || before_placeholder(text, end) {
        return false;
    }
    let mut before = text[..start].chars().rev();
    let ok_before = match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('-' | '.' | '/' | '_') => {
            !before.next().is_some_and(char::is_alphanumeric) && !after_placeholder(text, start - 1)
        }
        Some(_) => true,
    };
    let mut after = text[end..].chars();
    let ok_after = match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('-' | '.' | '/' | '_') => {
            !after.next().is_some_and(char::is_alphanumeric) && !before_placeholder(text, end + 1)
        }
        Some(_) => true,
    };
    ok_before && ok_after
}

/// Whether `chars` (read away from a span) start with `-`, `_` or `/` and then a letter or
/// digit: the span is part of a joined token. The looser sibling of [`standalone`], which also
/// counts a dot and placeholders as glue; an IBAN candidate uses this one (an IBAN is a token of
/// its own).
pub(super) fn joined(mut chars: impl Iterator<Item = char>) -> bool {
    matches!(chars.next(), Some('-' | '_' | '/')) && chars.next().is_some_and(char::is_alphanumeric)
}

/// Up to `max` bytes of the line before `at` (cut to a character boundary), lowercased.
pub(super) fn line_before(text: &str, at: usize, max: usize) -> String {
    // Only the `max` bytes before `at` are searched for the line's start: a look at the whole
    // line would make a long line with many numbers quadratic.
    let mut window = at.saturating_sub(max);
    while !text.is_char_boundary(window) {
        window += 1;
    }
    let line_start = text[window..at]
        .rfind('\n')
        .map_or(window, |i| window + i + 1);
    let mut from = line_start;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    without_placeholders(&text[from..at])
}

/// `s` lowercased, with placeholders blanked: `[PHONE]` is not the word "phone" a second
/// redaction should react to.
fn without_placeholders(s: &str) -> String {
    let mut out = s.to_string();
    for k in Pii::ALL {
        if out.contains(k.placeholder()) {
            out = out.replace(k.placeholder(), " ");
        }
    }
    out.to_lowercase()
}

/// Up to `max` bytes of the line after `at` (cut to a character boundary), lowercased.
pub(super) fn line_after(text: &str, at: usize, max: usize) -> String {
    let mut window = (at + max).min(text.len());
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    let line_end = text[at..window].find('\n').map_or(window, |i| at + i);
    let mut to = line_end;
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    without_placeholders(&text[at..to])
}

/// Whether a placeholder ends at `at`: it glues like the word it replaced, so that a second
/// redaction sees the same boundaries as the first.
pub(super) fn after_placeholder(text: &str, at: usize) -> bool {
    Pii::ALL
        .iter()
        .any(|k| text[..at].ends_with(k.placeholder()))
}

/// Whether a placeholder starts at `at`.
pub(super) fn before_placeholder(text: &str, at: usize) -> bool {
    Pii::ALL
        .iter()
        .any(|k| text[at..].starts_with(k.placeholder()))
}
