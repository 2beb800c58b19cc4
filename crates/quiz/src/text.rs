//! Text helpers: Markdown to plain text, normalisation for comparisons, key terms.

use std::sync::OnceLock;

use regex::Regex;

/// Markdown emphasis, code and links removed; whitespace collapsed.
pub fn plain(md: &str) -> String {
    static LINK: OnceLock<Regex> = OnceLock::new();
    let link = LINK.get_or_init(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("regex"));
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| Regex::new(r"</?[A-Za-z][^<>]*>").expect("regex"));
    // A quote's or callout's markers (`> `) open its lines, not its words.
    static QUOTE: OnceLock<Regex> = OnceLock::new();
    let quote = QUOTE.get_or_init(|| Regex::new(r"(?m)^[ \t]*(?:>[ \t]?)+").expect("regex"));
    let s = if md.contains('>') {
        quote.replace_all(md, "")
    } else {
        md.into()
    };
    let s = link.replace_all(&s, "$1");
    // MDX components and inline HTML are layout, not words.
    let s = tag.replace_all(&s, " ");
    // Underscores inside a code span are the name's (`_id`, `_source`): kept apart from the
    // emphasis markers trimmed below.
    static CODE: OnceLock<Regex> = OnceLock::new();
    let code = CODE.get_or_init(|| Regex::new(r"`[^`\n]*`").expect("regex"));
    let s = code.replace_all(&s, |c: &regex::Captures| c[0].replace('_', CODE_UNDERSCORE));
    // Emphasis markers go; a literal asterisk in docs prose is rare enough to lose.
    let s = s.replace(['*', '`'], "");
    let s: String = s
        .split_whitespace()
        .map(|w| w.trim_matches('*').trim_matches('_'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    s.replace(CODE_UNDERSCORE, "_")
}

/// Stands for an underscore of a code span while [`plain`] trims emphasis (a private-use
/// character no doc holds).
const CODE_UNDERSCORE: &str = "\u{e000}";

/// Lowercase plain text without punctuation, for containment checks.
pub fn norm(s: &str) -> String {
    plain(s)
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' || c == '$' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `needle` occurs in `hay` as whole words, after normalisation.
pub fn contains(hay: &str, needle: &str) -> bool {
    let h = format!(" {} ", norm(hay));
    let n = norm(needle);
    !n.is_empty() && h.contains(&format!(" {n} "))
}

/// What sort of term a key is; distractors must be of the same sort.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// A number with a unit; the unit must match.
    Number(String),
    /// A bold UI label or defined term.
    Label,
    /// A code span.
    Code,
    /// A product or feature name in plain text: a CamelCase word or two or three capitalised
    /// words ("SmartThings", "Ambient Mode"), not at the start of a sentence.
    Name,
}

/// A key term found in Markdown text: its plain form, kind and byte range in the Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The term as plain text.
    pub text: String,
    /// Its kind.
    pub kind: TermKind,
    /// Byte range in the Markdown it came from (markers included).
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(\$\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:%|(?:KB|MB|GB|TB|KiB|MiB|GiB|ms|px|Hz|kHz|MHz|GHz|dB|Mbps|Kbps|mAh|fps|W|V|mm|cm|m|km|kg|g)\b|per [a-z]{2,12}\b|[a-z][a-z-]{1,20}\b))",
        )
        .expect("regex")
    })
}

/// Numbers written as words: a manual's "up to five favorites lists" is a limit as much as
/// "5 lists" ("one" is left out: "one of the ..." is no count).
const SPELLED: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// The value of a number written as a word ("five" is 5).
pub fn spelled_value(word: &str) -> Option<u64> {
    let w = word.to_lowercase();
    SPELLED.iter().position(|x| *x == w).map(|i| i as u64 + 2)
}

/// The word for a value from 2 to 12.
pub fn spelled_word(n: u64) -> Option<&'static str> {
    spelled(n)
}

fn spelled(n: u64) -> Option<&'static str> {
    SPELLED
        .get(usize::try_from(n).ok()?.checked_sub(2)?)
        .copied()
}

fn spelled_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ([a-z][a-z-]{1,20})\b",
        )
        .expect("regex")
    })
}

/// Words after a number that are no unit ("10 and", "120 on Starter").
const NOT_UNITS: &[&str] = &[
    "and", "or", "of", "to", "the", "on", "in", "at", "by", "for", "is", "are", "was", "a", "an",
    "with", "from", "per", "as", "if", "than", "then", "but", "so", "that", "this", "it",
];

/// The unit of a number term ("days" for "7 days", "$" for "$49").
pub fn unit(term: &str) -> String {
    if term.starts_with('$') {
        return "$".into();
    }
    let u: String = term
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        .trim()
        .to_lowercase();
    u.trim_end_matches('s').to_string()
}

/// Whether a number right after `before` numbers a name ("Group 1", "Step 2", "Level 3"): a
/// label, not a quantity ("Group 1 rules" would read as 1 of a unit "rules").
fn numbers_a_name(before: &str) -> bool {
    before.ends_with(' ')
        && before.trim_end().rsplit(' ').next().is_some_and(|w| {
            w.len() > 1 && w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        })
}

/// Key terms of `md`: bold labels, code spans, names, numbers with units and acronyms, in
/// order, none inside markup, a compound word or a quoted value.
pub fn terms(md: &str) -> Vec<Term> {
    let mut out = Vec::new();
    marked_terms(md, &mut out);
    name_terms(md, &mut out);
    word_names(md, &mut out);
    number_terms(md, &mut out);
    acronym_terms(md, &mut out);
    let tags = markup_spans(md);
    out.retain(|t| {
        !tags.iter().any(|(a, b)| t.start < *b && *a < t.end)
            && !inside_compound(md, t.start, t.end)
            && !quoted_value(t)
    });
    out.sort_by_key(|t| t.start);
    out.dedup_by(|a, b| a.start == b.start);
    out
}

/// What a bold span is: a quantity when it is a number with its unit ("**1 million tasks**",
/// "**100,000 finished tasks**", "**$25/month**": a limit or price stated with emphasis, asked
/// for as a number whose unit must match), otherwise a label.
fn bold_kind(text: &str) -> TermKind {
    let after = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let ordinal = ["st", "nd", "rd", "th"]
        .iter()
        .any(|o| after.starts_with(o));
    let quantity = text.split_whitespace().count() <= 4
        && !ordinal
        && number_re().find(text).is_some_and(|m| m.start() == 0);
    if quantity {
        TermKind::Number(unit(text))
    } else {
        TermKind::Label
    }
}

/// Bold labels and code spans.
fn marked_terms(md: &str, out: &mut Vec<Term>) {
    static BOLD: OnceLock<Regex> = OnceLock::new();
    static CODE: OnceLock<Regex> = OnceLock::new();
    let bold = BOLD.get_or_init(|| Regex::new(r"\*\*([^*\n]{2,40})\*\*").expect("regex"));
    let code = CODE.get_or_init(|| Regex::new(r"`([^`\n]{2,40})`").expect("regex"));
    for c in bold.captures_iter(md) {
        let (m, t) = (c.get(0).expect("match"), c.get(1).expect("group"));
        let text = plain(t.as_str());
        out.push(Term {
            kind: bold_kind(&text),
            text,
            start: m.start(),
            end: m.end(),
        });
    }
    for c in code.captures_iter(md) {
        let (m, t) = (c.get(0).expect("match"), c.get(1).expect("group"));
        out.push(Term {
            text: t.as_str().to_string(),
            kind: TermKind::Code,
            start: m.start(),
            end: m.end(),
        });
    }
}

/// Names of two or three capitalised words, or one in camel case, that no marked term holds.
fn name_terms(md: &str, out: &mut Vec<Term>) {
    static NAME: OnceLock<Regex> = OnceLock::new();
    let name = NAME.get_or_init(|| {
        Regex::new(r"\b([A-Z][a-z]+[A-Z][A-Za-z]+|[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+){1,2})\b")
            .expect("regex")
    });
    for m in name.find_iter(md) {
        let before = md[..m.start()].trim_end();
        let sentence_start = before.is_empty() || before.ends_with(['.', ':', '!', '?', '\n']);
        let (mut start, end) = (m.start(), m.end());
        if sentence_start {
            // "In Ambient Mode, ...": the sentence's first word is no part of the name.
            match m.as_str().find(' ') {
                Some(sp) if m.as_str()[sp + 1..].contains(' ') => start += sp + 1,
                _ => continue,
            }
        }
        let inside = out.iter().any(|t: &Term| t.start <= start && end <= t.end);
        if !inside {
            out.push(Term {
                text: md[start..end].to_string(),
                kind: TermKind::Name,
                start,
                end,
            });
        }
    }
}

/// One capitalised word inside a sentence, after a lowercase word or a comma ("connected
/// to the Internet", "press the Home button"): a name in flat text, where nothing else
/// marks one. Whether it is one is for the corpus to say (see
/// [`crate::salience::acceptable`]: capitalised inside sentences, not a sentence starter).
fn word_names(md: &str, out: &mut Vec<Term>) {
    static WORD: OnceLock<Regex> = OnceLock::new();
    let word = WORD.get_or_init(|| Regex::new(r"\b[A-Z][a-z]{2,}\+?").expect("regex"));
    for m in word.find_iter(md) {
        let before = &md[..m.start()];
        let prev = before.trim_end();
        let after_word = before.ends_with(' ')
            && (prev.ends_with(',') || prev.ends_with(|c: char| c.is_ascii_lowercase()));
        if !after_word || out.iter().any(|t| t.start < m.end() && m.start() < t.end) {
            continue;
        }
        out.push(Term {
            text: m.as_str().to_string(),
            kind: TermKind::Name,
            start: m.start(),
            end: m.end(),
        });
    }
}

/// Numbers with their units, and spelled numbers before a noun ("up to five lists").
fn number_terms(md: &str, out: &mut Vec<Term>) {
    for m in number_re().find_iter(md) {
        if out.iter().any(|t| t.start <= m.start() && m.end() <= t.end) {
            continue;
        }
        let u = unit(m.as_str());
        // "Semantic Versioning 2.0.0 convention": "0.0 convention" is the tail of a version.
        let inside_dotted = md[..m.start()]
            .strip_suffix('.')
            .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()));
        if NOT_UNITS.contains(&u.as_str()) || numbers_a_name(&md[..m.start()]) || inside_dotted {
            continue;
        }
        let end = m.end() + compound_rest(m.as_str(), &md[m.end()..]);
        // "8,000 files and folders": the unit is one of two nouns the count applies to, and a
        // blank over "8,000 files" would leave "and folders" behind; the number alone is asked.
        let rest = md[end..].trim_start_matches(' ');
        let shared = ["and ", "or "].iter().any(|c| {
            rest.strip_prefix(c)
                .and_then(|r| r.split(|c: char| !c.is_alphabetic()).next())
                .is_some_and(|w| w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"))
        });
        let end = if shared {
            m.start()
                + m.as_str()
                    .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '$')))
                    .unwrap_or(m.as_str().len())
        } else {
            end
        };
        out.push(Term {
            text: md[m.start()..end].trim().to_string(),
            kind: TermKind::Number(unit(&md[m.start()..m.end()])),
            start: m.start(),
            end,
        });
    }
    // The word alone is the key ("up to _____ favorites lists"), its noun the unit.
    for c in spelled_re().captures_iter(md) {
        let (Some(n), Some(noun)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let u = unit(&format!("2 {}", noun.as_str()));
        if NOT_UNITS.contains(&u.as_str())
            || out.iter().any(|t| t.start < n.end() && n.start() < t.end)
        {
            continue;
        }
        out.push(Term {
            text: n.as_str().to_string(),
            kind: TermKind::Number(u),
            start: n.start(),
            end: n.end(),
        });
    }
}

/// Bytes of `rest` (what follows a number and its one-word unit) that finish the unit as a
/// compound noun: "3 data sources" is a count of data sources, and a blank over "3 data"
/// would leave "sources" behind. Only a singular word followed by a plural one ("data
/// sources", "user accounts"); "5 minutes later" and "2 days of history" end at the unit.
fn compound_rest(number: &str, rest: &str) -> usize {
    let unit_word = number
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        .trim();
    let singular = unit_word.len() >= 2
        && unit_word.chars().all(|c| c.is_ascii_lowercase())
        && !unit_word.ends_with('s');
    let Some(after) = rest.strip_prefix(' ') else {
        return 0;
    };
    let next: &str = after
        .split(|c: char| !c.is_ascii_lowercase())
        .next()
        .unwrap_or("");
    let plural_noun = next.len() >= 4
        && next.ends_with('s')
        && !next.ends_with("ss")
        && !docent_tutor::text::is_stopword(next);
    if singular && plural_noun {
        1 + next.len()
    } else {
        0
    }
}

/// Acronyms that are no call-out words ("NOTE"), with a hyphenated part of their own as one
/// term ("HDMI-CEC", "AES-256", "PG-13": a blank over "HDMI" alone would leave "-CEC" behind).
/// An acronym inside a longer hyphenated name ("X-MS-USER-ID") is no term of its own.
fn acronym_terms(md: &str, out: &mut Vec<Term>) {
    static ACRONYM: OnceLock<Regex> = OnceLock::new();
    let acronym = ACRONYM.get_or_init(|| {
        Regex::new(r"\b[A-Z]{2,6}(?:[0-9]|-[0-9]{1,4}|-[A-Z]{1,4})?\b").expect("regex")
    });
    for m in acronym.find_iter(md) {
        let joined = |c: Option<char>| c.is_some_and(|c| c == '-' || c.is_alphanumeric());
        if joined(md[..m.start()].chars().next_back()) || joined(md[m.end()..].chars().next()) {
            continue;
        }
        if !out.iter().any(|t| t.start <= m.start() && m.end() <= t.end)
            && !CALLOUT_WORDS.contains(&m.as_str())
        {
            out.push(Term {
                text: m.as_str().to_string(),
                kind: TermKind::Name,
                start: m.start(),
                end: m.end(),
            });
        }
    }
}

/// Capitalised call-out words that are no terms.
const CALLOUT_WORDS: &[&str] = &[
    "NOTE",
    "TIP",
    "WARNING",
    "CAUTION",
    "IMPORTANT",
    "OR",
    "AND",
    "NOT",
    "NO",
    "DO",
    "ALL",
    "ONLY",
    "NEVER",
    "ALWAYS",
    "MUST",
    "ANY",
];

/// Byte ranges of HTML/MDX tags and link targets: their words are layout, not content.
fn markup_spans(md: &str) -> Vec<(usize, usize)> {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| Regex::new(r"<[^<>\n]*>|\]\([^)\s]*\)").expect("regex"));
    tag.find_iter(md).map(|m| (m.start(), m.end())).collect()
}

/// A term glued to more of a word: "USB Type" in "USB Type-C", "Map" in "Maps", "api" in
/// "api-key" or "Dolby Digital" in "Dolby Digital+". A blank there cuts a word.
fn inside_compound(md: &str, start: usize, end: usize) -> bool {
    let glue = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '@');
    let before = md[..start].chars().next_back();
    let mut after = md[end..].chars();
    let a1 = after.next();
    let a2 = after.next();
    let joined_before =
        before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '@'));
    // "word." or "word-" at a sentence end is fine; "word-C" or "word.com" is not.
    // "Dolby Digital+" and "C++": a plus sign ends the name.
    let joined_after = match a1 {
        Some(c) if c.is_alphanumeric() || c == '+' => true,
        Some(c) if glue(c) => a2.is_some_and(|d| d.is_alphanumeric()),
        _ => false,
    };
    joined_before || joined_after
}

/// A code span holding a quoted value (`"phnoe"`), an example rather than a term.
fn quoted_value(t: &Term) -> bool {
    t.kind == TermKind::Code
        && (t.text.starts_with('"') || t.text.starts_with('\'') || t.text.ends_with('"'))
}

/// The shape of a code term: distractors must share it (a setting name for a setting name,
/// a route for a route).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeShape {
    /// `filterableAttributes`
    Camel,
    /// `max_total_hits`
    Snake,
    /// `/indexes/{uid}/search`
    Path,
    /// `--db-path`
    Flag,
    /// `MEILI_MASTER_KEY`
    Upper,
    /// `_geoRadius(…)`, `a.b`, anything with punctuation
    Call,
    /// `true`, `10`, `asc`
    Word,
}

/// The shape of a code term.
pub fn code_shape(t: &str) -> CodeShape {
    if t.starts_with('/') || t.contains("/") {
        CodeShape::Path
    } else if t.starts_with('-') {
        CodeShape::Flag
    } else if t.contains('(') || t.contains('.') || t.contains(' ') || t.contains(':') {
        CodeShape::Call
    } else if t.chars().any(|c| c.is_ascii_uppercase())
        && !t.chars().any(|c| c.is_ascii_lowercase())
    {
        CodeShape::Upper
    } else if t.contains('_') {
        CodeShape::Snake
    } else if t.chars().skip(1).any(|c| c.is_ascii_uppercase()) {
        CodeShape::Camel
    } else {
        CodeShape::Word
    }
}

/// A menu path or file path ("Settings > Users", "docs/a.md").
fn is_path(s: &str) -> bool {
    s.contains(" > ") || s.contains('/')
}

/// Whether `d` can stand beside `key` as a distractor: same kind, same shape, a real word.
pub fn same_type(key: &Term, d: &Term) -> bool {
    if key.kind != d.kind || !d.text.chars().any(char::is_alphanumeric) || d.text.len() < 2 {
        return false;
    }
    match key.kind {
        TermKind::Code => code_shape(&key.text) == code_shape(&d.text),
        TermKind::Name | TermKind::Label if is_path(&key.text) != is_path(&d.text) => false,
        TermKind::Name | TermKind::Label => {
            let acronym = |s: &str| {
                s.len() <= 11
                    && s.starts_with(|c: char| c.is_ascii_uppercase())
                    && s.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            };
            // A component or identifier glued in CamelCase is not a name a learner reads.
            let glued =
                |s: &str| !s.contains(' ') && s.chars().filter(|c| c.is_uppercase()).count() > 3;
            acronym(&key.text) == acronym(&d.text) && !glued(&d.text)
        }
        TermKind::Number(_) => true,
    }
}

/// The unit after a number moved from `from` to `to`: "1 minute" becomes "4 minutes", not
/// "4 minute". Only a plain lowercase word of three letters or more that does not end in "s"
/// takes the plural "s" ("MB", "ms", "px" and "days" stay as they are).
fn unit_for(from: u64, to: u64, rest: &str) -> String {
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    // "1 million tasks" becomes "3 million tasks": a multiplier stays singular.
    let multiplier = matches!(
        word.as_str(),
        "hundred" | "thousand" | "million" | "billion" | "trillion" | "dozen"
    );
    let pluralise = from == 1
        && to != 1
        && !multiplier
        && rest.starts_with(' ')
        && word.len() >= 3
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !word.ends_with('s');
    if pluralise {
        let at = 1 + word.len();
        format!("{}s{}", &rest[..at], &rest[at..])
    } else {
        rest.to_string()
    }
}

/// Numbers of the same unit that differ from `term` (distractors when the docs offer none).
pub fn perturb(term: &str) -> Vec<String> {
    {
        let (w, rest) = term.split_once(' ').unwrap_or((term, ""));
        if let Some(v) = spelled_value(w) {
            let rest = if rest.is_empty() {
                String::new()
            } else {
                format!(" {rest}")
            };
            let cap = w.starts_with(char::is_uppercase);
            return [
                v * 2,
                v + 1,
                v.saturating_sub(1),
                v + 2,
                v.saturating_sub(2),
            ]
            .into_iter()
            .filter(|n| *n != v)
            .filter_map(spelled)
            .map(|n| {
                let n = if cap { upper_first(n) } else { n.to_string() };
                format!("{n}{rest}")
            })
            .collect();
        }
    }
    let digits: String = term
        .chars()
        .skip_while(|c| *c == '$')
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let Ok(value) = digits.replace(',', "").parse::<f64>() else {
        return Vec::new();
    };
    let rest = &term[term.find(&digits).map_or(term.len(), |i| i + digits.len())..];
    let prefix = if term.starts_with('$') { "$" } else { "" };
    let mut out = Vec::new();
    if value < 1.0 || (value - value.round()).abs() > 1e-9 {
        return out;
    }
    for n in near_values(value.round() as u64) {
        let shown = if digits.contains(',') || n >= 10_000 {
            thousands(n)
        } else {
            n.to_string()
        };
        let s = format!("{prefix}{shown}{}", unit_for(value as u64, n, rest));
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Wrong values for a number key that do not point at it: halves and doubles (6, 24 and 36
/// beside 12) leave the key in the middle of a geometric series, which a reviewer read as
/// the answer. A round key gets round neighbours ("12" -> 15, 20, 25), any other key steps of
/// its leading digit's place ("49" -> 39, 59, 69), some below and some above as the value
/// decides, so the key is not always in the middle.
pub fn near_values(v: u64) -> Vec<u64> {
    const MANTISSAS: &[u64] = &[10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80];
    let round: Vec<u64> = (0..10u32)
        .flat_map(|k| MANTISSAS.iter().map(move |m| m * 10u64.pow(k)))
        .filter(|x| x % 10 == 0)
        .map(|x| x / 10)
        .collect();
    let (below, above): (Vec<u64>, Vec<u64>) = if round.contains(&v) {
        let mut b: Vec<u64> = round.iter().copied().filter(|x| *x < v).collect();
        b.sort_unstable_by(|a, c| c.cmp(a));
        b.dedup();
        let mut a: Vec<u64> = round.iter().copied().filter(|x| *x > v).collect();
        a.sort_unstable();
        a.dedup();
        (b, a)
    } else {
        let place = 10u64.pow((v.max(1).ilog10()).saturating_sub(u32::from(v >= 100)));
        let b = (1..=3)
            .filter_map(|j| v.checked_sub(j * place))
            .filter(|x| *x >= 1)
            .collect();
        let a = (1..=3).map(|j| v + j * place).collect();
        (b, a)
    };
    let want_below = (v % 3) as usize;
    let mut out: Vec<u64> = below.iter().copied().take(want_below).collect();
    out.extend(above.iter().copied().take(3 - out.len()));
    // Too few below (a small key): the rest above; too few above cannot happen.
    out.extend(
        below
            .iter()
            .copied()
            .skip(want_below)
            .take(3usize.saturating_sub(out.len())),
    );
    out
}

/// The words of `s`, lowercase, without the punctuation around them ("`userContext`," ->
/// "usercontext").
pub fn bare_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// `s` with its first letter in upper case ("set the clock" -> "Set the clock").
pub fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `s` with its first letter in lower case ("The TV turns off" -> "the TV turns off").
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// `n` with thousands separators ("100,000").
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number terms among `t`.
    fn numbers(t: &[Term]) -> Vec<&Term> {
        t.iter()
            .filter(|t| matches!(t.kind, TermKind::Number(_)))
            .collect()
    }

    #[test]
    fn a_callouts_quote_markers_are_no_words() {
        assert_eq!(
            plain("> Note:\n> To find conflicts, search in **Settings → Sync**."),
            "Note: To find conflicts, search in Settings → Sync."
        );
        assert_eq!(plain("Sizes > 100 MB fail."), "Sizes > 100 MB fail.");
    }

    #[test]
    fn a_count_of_a_compound_noun_keeps_the_whole_noun() {
        let n = |md: &str| -> Vec<String> {
            terms(md)
                .into_iter()
                .filter(|t| matches!(t.kind, TermKind::Number(_)))
                .map(|t| t.text)
                .collect()
        };
        assert_eq!(
            n("A free trial workspace can hold up to 3 data sources and 10 dashboards."),
            ["3 data sources", "10 dashboards"]
        );
        assert_eq!(n("Links stay valid for 7 days of use."), ["7 days"]);
        assert_eq!(n("It restarts 5 minutes later."), ["5 minutes"]);
    }

    #[test]
    fn a_code_name_keeps_its_underscores_and_emphasis_goes() {
        assert_eq!(
            plain("only in `_id` (not inside `_source`), and _this_ is **bold**."),
            "only in _id (not inside _source), and this is bold."
        );
        assert_eq!(
            plain("`max_total_hits` and `_geo`"),
            "max_total_hits and _geo"
        );
    }

    #[test]
    fn a_count_of_two_nouns_is_the_number_alone() {
        let t = terms("If the device holds more than 8,000 files and folders, some are hidden.");
        let n = numbers(&t);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].text, "8,000");
        assert_eq!(n[0].kind, TermKind::Number("file".into()));
        let t = terms("Keep up to 5 dashboards and share them.");
        assert!(t.iter().any(|t| t.text == "5 dashboards"));
    }

    #[test]
    fn a_bold_quantity_is_a_number_and_a_bold_ordinal_or_name_a_label() {
        let t = terms(
            "Meilisearch stores up to **1 million tasks**. It ranks it **1st**. Open **Settings**. \
             Costs **$25/month per project**.",
        );
        let kinds: Vec<(&str, &TermKind)> = t.iter().map(|t| (t.text.as_str(), &t.kind)).collect();
        assert!(kinds.contains(&("1 million tasks", &TermKind::Number("million task".into()))));
        assert!(kinds.contains(&("1st", &TermKind::Label)));
        assert!(kinds.contains(&("Settings", &TermKind::Label)));
        assert!(kinds
            .iter()
            .any(|(x, k)| *x == "$25/month per project" && matches!(k, TermKind::Number(_))));
    }

    #[test]
    fn finds_labels_code_and_numbers_with_units() {
        let t = terms(
            "Click **Export**, run `lumio sync` and wait 7 days for up to 100,000 rows at $49.",
        );
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["Export", "lumio sync", "7 days", "100,000 rows", "$49"]
        );
        assert_eq!(t[2].kind, TermKind::Number("day".into()));
    }

    #[test]
    fn one_capitalised_word_inside_a_sentence_is_a_name_candidate() {
        let t = terms("Bixby works only when the TV is connected to the Internet. Press Home.");
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"Internet"), "{texts:?}");
        // A sentence's first word and one after a full stop are not.
        assert!(
            !texts.contains(&"Bixby") && !texts.contains(&"Press"),
            "{texts:?}"
        );
        let n = terms("You can keep up to five favorites lists.");
        assert_eq!(n[0].text, "five");
        assert_eq!(n[0].kind, TermKind::Number("favorite".into()));
    }

    #[test]
    fn an_acronym_keeps_its_hyphenated_part_and_one_inside_a_longer_name_is_none() {
        let texts = |md: &str| -> Vec<String> { terms(md).into_iter().map(|t| t.text).collect() };
        let t = texts("Synced data is encrypted with AES-256, and Anynet+ uses HDMI-CEC over ARC.");
        assert!(t.contains(&"AES-256".to_string()), "{t:?}");
        assert!(t.contains(&"HDMI-CEC".to_string()), "{t:?}");
        assert!(t.contains(&"ARC".to_string()), "{t:?}");
        assert!(
            !t.iter().any(|x| x == "AES" || x == "HDMI" || x == "CEC"),
            "{t:?}"
        );
        let t = texts("Send the X-MS-USER-ID header with each search.");
        assert!(
            !t.iter()
                .any(|x| x == "MS" || x.starts_with("MS-") || x == "ID"),
            "{t:?}"
        );
        // Two hyphenated acronyms are of one type, a plain word is not.
        let term = |s: &str| Term {
            text: s.into(),
            kind: TermKind::Name,
            start: 0,
            end: 0,
        };
        assert!(same_type(&term("TV-MA"), &term("TV-14")));
        assert!(!same_type(&term("TV-MA"), &term("Internet")));
    }

    #[test]
    fn a_name_glued_to_more_of_a_word_is_no_term() {
        let texts = |md: &str| -> Vec<String> { terms(md).into_iter().map(|t| t.text).collect() };
        let t = texts("The Dolby Digital+ option needs ARC and a Dolby Digital receiver.");
        assert_eq!(
            t.iter().filter(|x| *x == "Dolby Digital").count(),
            1,
            "{t:?}"
        );
    }

    #[test]
    fn perturbations_keep_the_unit_and_differ() {
        let p = perturb("7 days");
        assert_eq!(p, ["6 days", "8 days", "9 days"], "{p:?}");
        let p = perturb("100,000 rows");
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(
            p.iter()
                .all(|x| x.ends_with(",000 rows") && x != "100,000 rows"),
            "{p:?}"
        );
        assert_eq!(perturb("$49"), ["$39", "$59", "$69"]);
        // A unit after 1 takes the plural beside other values; abbreviations stay.
        assert!(
            perturb("1 minute").iter().all(|x| x.ends_with(" minutes")),
            "{:?}",
            perturb("1 minute")
        );
        assert!(perturb("1 MB").iter().all(|x| x.ends_with(" MB")));
        assert!(perturb("1 minute or less")
            .iter()
            .all(|x| x.ends_with(" minutes or less")));
        // A round key among round values, not halves and doubles, and not always in the
        // middle: 12 is the smallest of its options.
        assert_eq!(near_values(12), [15, 20, 25]);
        assert_eq!(near_values(500_000), [400_000, 300_000, 600_000]);
        assert!(perturb("1 million tasks")
            .iter()
            .all(|x| x.ends_with(" million tasks")));
    }

    #[test]
    fn containment_is_by_whole_words() {
        assert!(contains(
            "Links stay **valid** for 7 days.",
            "valid for 7 days"
        ));
        assert!(!contains("Links stay valid for 17 days.", "7 days"));
    }

    #[test]
    fn a_number_after_a_capitalised_word_is_no_quantity() {
        let t = terms("Place Sort after Group 1 rules and keep up to 20 rules.");
        let numbers: Vec<&str> = numbers(&t).iter().map(|t| t.text.as_str()).collect();
        assert_eq!(numbers, ["20 rules"]);
    }

    #[test]
    fn the_tail_of_a_version_is_no_quantity() {
        let t = terms("Versions follow Semantic Versioning 2.0.0 convention, within 30 days.");
        let numbers: Vec<&str> = numbers(&t).iter().map(|t| t.text.as_str()).collect();
        assert_eq!(numbers, ["30 days"]);
    }

    #[test]
    fn a_rate_is_a_number_with_its_unit() {
        let t = terms("Manual refreshes are limited to 20 per hour per dashboard.");
        let n = numbers(&t);
        assert_eq!(n.len(), 1, "{t:?}");
        assert_eq!(n[0].text, "20 per hour");
        assert_eq!(n[0].kind, TermKind::Number("per hour".into()));
    }
}
