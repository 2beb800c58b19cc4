//! Exports: JSON, Markdown (for review), GIFT and Aiken (Moodle), QTI 2.1 (a zip package with
//! `imsmanifest.xml` and one item file per question), CSV.
//!
//! [`render`] returns the bytes and the items a format left out, with the reason: a kind the
//! format cannot hold (Aiken has only multiple choice and true/false) or an item whose key,
//! options or answers are unusable (an item can be edited through the API). No exporter indexes
//! an item's options blindly: a broken item is left out and reported, never a panic.
//!
//! Proves (see `tests/exports.rs`): every export parses back; control characters never reach
//! XML; GIFT escapes line breaks of every kind; QTI feedback is bound to an outcome that
//! response processing sets; cloze and short answers accept their listed variants.

mod gift;
mod qti;

use crate::types::{Item, ItemKind, Quiz};

pub use gift::{aiken, gift, gift_escape};
pub use qti::{qti, qti_item, xml};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The quiz as JSON (round-trips).
    Json,
    /// Markdown for review.
    Markdown,
    /// Moodle GIFT.
    Gift,
    /// Moodle Aiken (multiple choice and true/false only).
    Aiken,
    /// IMS QTI 2.1 content package (zip).
    Qti,
    /// CSV, one row per item.
    Csv,
}

impl Format {
    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "markdown" | "md" => Format::Markdown,
            "gift" => Format::Gift,
            "aiken" => Format::Aiken,
            "qti" | "qti21" | "qti2.1" => Format::Qti,
            "csv" => Format::Csv,
            _ => return None,
        })
    }

    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Gift => "gift.txt",
            Format::Aiken => "aiken.txt",
            Format::Qti => "qti.zip",
            Format::Csv => "csv",
        }
    }

    /// MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Gift | Format::Aiken => "text/plain; charset=utf-8",
            Format::Qti => "application/zip",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Why an export left an item out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// The format has no form for this kind (Aiken: everything but multiple choice and
    /// true/false).
    KindNotSupported,
    /// A choice item without options.
    NoOptions,
    /// A choice or ordering item without a key.
    NoKey,
    /// A key pointing past the options.
    KeyOutOfRange,
    /// The key does not fit the kind (two keys for multiple choice, an ordering that is not a
    /// permutation, ...).
    KeyShape,
    /// A cloze or short-answer item without an accepted answer.
    NoAnswer,
    /// The format would read the item as another question: in GIFT a typed answer holding
    /// what no escape covers (`->`, a leading `%` or `[`), or a multiple choice of one option
    /// (read as a short answer); in Aiken a stem that starts like an option (`A. `, `B) `) or
    /// the answer line.
    FormatSyntax,
}

impl LeftOutReason {
    /// A short stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            LeftOutReason::KindNotSupported => "kind_not_supported",
            LeftOutReason::NoOptions => "no_options",
            LeftOutReason::NoKey => "no_key",
            LeftOutReason::KeyOutOfRange => "key_out_of_range",
            LeftOutReason::KeyShape => "key_shape",
            LeftOutReason::NoAnswer => "no_answer",
            LeftOutReason::FormatSyntax => "format_syntax",
        }
    }
}

/// An item an export left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LeftOut {
    /// The item's id.
    pub item: String,
    /// Its kind.
    pub kind: ItemKind,
    /// Why.
    pub reason: LeftOutReason,
}

/// An export: the bytes and what they do not hold.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// Items left out (rejected items are never exported and are not listed).
    pub left_out: Vec<LeftOut>,
}

impl Rendered {
    /// Live items the export holds.
    pub fn exported(&self, quiz: &Quiz) -> usize {
        live(quiz).count() - self.left_out.len()
    }

    /// Live items of the quiz (rejected ones are never exported).
    pub fn live(&self, quiz: &Quiz) -> usize {
        live(quiz).count()
    }

    /// The items left out, each as `q4 (cloze, kind_not_supported)`, or `None` when the
    /// export holds every live item.
    pub fn left_out_list(&self) -> Option<String> {
        (!self.left_out.is_empty()).then(|| {
            self.left_out
                .iter()
                .map(|l| format!("{} ({}, {})", l.item, l.kind.as_str(), l.reason.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

/// Items an export includes: everything but rejected ones.
fn live(quiz: &Quiz) -> impl Iterator<Item = &Item> {
    quiz.items
        .iter()
        .filter(|i| i.status != crate::types::Status::Rejected)
}

/// Whether `i` can be written to an LMS format: its key, options and answers fit its kind.
pub fn exportable(i: &Item) -> Result<(), LeftOutReason> {
    let n = i.options.len();
    match i.kind {
        ItemKind::Cloze | ItemKind::ShortAnswer => {
            if i.answers.iter().all(|a| a.trim().is_empty()) {
                return Err(LeftOutReason::NoAnswer);
            }
            return Ok(());
        }
        ItemKind::MultipleChoice
        | ItemKind::TrueFalse
        | ItemKind::MultipleSelect
        | ItemKind::Ordering => {}
    }
    if n == 0 {
        return Err(LeftOutReason::NoOptions);
    }
    if i.key.is_empty() {
        return Err(LeftOutReason::NoKey);
    }
    if i.key.iter().any(|k| *k >= n) {
        return Err(LeftOutReason::KeyOutOfRange);
    }
    let mut distinct = i.key.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let shape = match i.kind {
        ItemKind::MultipleChoice => i.key.len() == 1,
        ItemKind::TrueFalse => i.key.len() == 1 && n == 2,
        ItemKind::MultipleSelect => distinct.len() == i.key.len(),
        ItemKind::Ordering => distinct.len() == n && i.key.len() == n,
        ItemKind::Cloze | ItemKind::ShortAnswer => true,
    };
    if shape {
        Ok(())
    } else {
        Err(LeftOutReason::KeyShape)
    }
}

/// The live items `accept` takes, and the ones it leaves out with the reason.
fn split(
    quiz: &Quiz,
    accept: impl Fn(&Item) -> Result<(), LeftOutReason>,
) -> (Vec<&Item>, Vec<LeftOut>) {
    let mut keep = Vec::new();
    let mut left_out = Vec::new();
    for i in live(quiz) {
        match accept(i) {
            Ok(()) => keep.push(i),
            Err(reason) => left_out.push(LeftOut {
                item: i.id.clone(),
                kind: i.kind,
                reason,
            }),
        }
    }
    (keep, left_out)
}

/// Renders `quiz` in `format` with the list of items left out.
pub fn render(quiz: &Quiz, format: Format) -> Result<Rendered, String> {
    let lms = |i: &Item| exportable(i);
    let aiken_ok = |i: &Item| gift::aiken_exportable(i);
    let (bytes, left_out) = match format {
        // Rejected items are never exported, also not in the JSON an LMS script or another
        // tool reads (an outside review found them there, beside the approved ones).
        Format::Json => {
            let exported = Quiz {
                items: live(quiz).cloned().collect(),
                ..quiz.clone()
            };
            (
                serde_json::to_vec_pretty(&exported).map_err(|e| e.to_string())?,
                Vec::new(),
            )
        }
        Format::Csv => (csv(quiz).into_bytes(), Vec::new()),
        Format::Markdown => {
            let (items, left) = split(quiz, lms);
            (markdown_items(quiz, &items).into_bytes(), left)
        }
        Format::Gift => {
            let (items, left) = split(quiz, gift::gift_exportable);
            (gift::gift_items(quiz, &items).into_bytes(), left)
        }
        Format::Aiken => {
            let (items, left) = split(quiz, aiken_ok);
            (gift::aiken_items(&items).into_bytes(), left)
        }
        Format::Qti => {
            let (items, left) = split(quiz, lms);
            (qti::package(quiz, &items)?, left)
        }
    };
    Ok(Rendered { bytes, left_out })
}

/// Renders `quiz` in `format` (the bytes of [`render`]).
pub fn export(quiz: &Quiz, format: Format) -> Result<Vec<u8>, String> {
    render(quiz, format).map(|r| r.bytes)
}

/// Accepted answers of a cloze or short-answer item: each listed answer, the same without
/// enclosing quotes, brackets or a trailing full stop (an LMS compares strings; a learner types
/// `phone`, not `“phone”`, and `lng, lat` for `[lng, lat]`), and for a count of things ("50
/// syncs", "4 data sources") the number alone: the blank took the noun with it, and a learner
/// who writes the number has answered. A measure keeps its unit ("2 km", "5 minutes": "2" could
/// be metres). Duplicates (ignoring case) removed, the listed order kept.
pub fn accepted(i: &Item) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_string());
        }
    };
    for a in &i.answers {
        push(a);
        let bare = a
            .trim()
            .trim_end_matches('.')
            .trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '`'));
        push(bare);
        push(unbracketed(bare));
        if let Some(n) = counted_number(bare) {
            push(n);
        }
    }
    out
}

/// `s` without one pair of enclosing brackets ("[lng, lat]", "(optional)").
fn unbracketed(s: &str) -> &str {
    for (open, close) in [('[', ']'), ('(', ')'), ('{', '}')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    s
}

/// Units of measure: a number before one of these is a measure, not a count of things.
const UNITS: &[&str] = &[
    "ms", "s", "sec", "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours",
    "h", "day", "days", "week", "weeks", "month", "months", "year", "years", "b", "byte", "bytes",
    "kb", "mb", "gb", "tb", "kib", "mib", "gib", "m", "km", "cm", "mm", "ft", "in", "inch",
    "inches", "mi", "mile", "miles", "percent", "%", "hz", "khz", "mhz", "ghz", "fps", "p", "px",
    "bit", "bits", "w", "v", "db", "°", "times",
];

/// The number of an answer that counts things ("50 syncs" -> "50"); `None` for a measure
/// ([`UNITS`]), a bare number or anything else.
fn counted_number(answer: &str) -> Option<&str> {
    let (number, rest) = answer.split_once(' ')?;
    let digits = number.trim_end_matches(',');
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let unit = rest.split_whitespace().next()?.to_lowercase();
    let word = unit.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '°');
    (word.chars().next().is_some_and(char::is_alphabetic) && !UNITS.contains(&word))
        .then_some(digits)
}

fn source_line(i: &Item) -> String {
    let mut path = vec![i.source.title.clone()];
    path.extend(
        i.source
            .heading_path
            .iter()
            .filter(|h| **h != i.source.title)
            .cloned(),
    );
    // Doc titles, headings and ids are text of the docs, as hostile as an item's.
    md_line(&format!("{} ({})", path.join(" › "), i.source.doc_id))
}

/// Markdown for review (items that cannot be shown are left out; see [`render`]).
pub fn markdown(quiz: &Quiz) -> String {
    let (items, _) = split(quiz, exportable);
    markdown_items(quiz, &items)
}

/// Item text as one line of Markdown: control characters dropped, line breaks folded into
/// spaces (a break would end the heading or list item it stands in), `<`, `>`, `&` as
/// entities and `[`, `]` escaped, so an item's text never becomes markup where the review
/// file is rendered: no tag, and no link or image (a tracking pixel, a phishing link).
fn md_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || docent_core::is_invisible_control(c) => {}
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            c => out.push(c),
        }
    }
    // A bare web address from a doc would be a live link in a reviewer's previewer.
    docent_core::markdown_without_autolinks(&out)
}

fn markdown_items(quiz: &Quiz, items: &[&Item]) -> String {
    let mut s = format!(
        "# {}\n\nScope: {}\n\n",
        md_line(&quiz.title),
        md_line(&quiz.scope)
    );
    let owned: Vec<Item> = items
        .iter()
        .map(|i| {
            let mut i = (*i).clone();
            i.stem = md_line(&i.stem);
            i.options = i.options.iter().map(|o| md_line(o)).collect();
            i.answers = i.answers.iter().map(|a| md_line(a)).collect();
            i.explanation = md_line(&i.explanation);
            i
        })
        .collect();
    for (n, i) in owned.iter().enumerate() {
        s.push_str(&format!("## {}. {}\n\n", n + 1, i.stem));
        match i.kind {
            ItemKind::Ordering => {
                s.push_str("Options (shuffled):\n\n");
                for o in &i.options {
                    s.push_str(&format!("- {o}\n"));
                }
                s.push_str("\nCorrect order:\n\n");
                for (p, o) in i.key.iter().filter_map(|k| i.options.get(*k)).enumerate() {
                    s.push_str(&format!("{}. {o}\n", p + 1));
                }
            }
            ItemKind::Cloze | ItemKind::ShortAnswer => {
                s.push_str(&format!("Answer: {}\n", i.answers.join(" | ")));
            }
            _ => {
                for (k, o) in i.options.iter().enumerate() {
                    let mark = if i.key.contains(&k) { "x" } else { " " };
                    s.push_str(&format!("- [{mark}] {o}\n"));
                }
            }
        }
        s.push_str(&format!(
            "\n*{}, difficulty {}, {:?}, {:?}{}* — {}\n\nSource: {}\n\n",
            i.kind.as_str(),
            i.difficulty,
            i.level,
            i.status,
            if i.stale {
                ", STALE: source changed"
            } else {
                ""
            },
            i.explanation,
            source_line(i)
        ));
    }
    s
}

/// A CSV cell a spreadsheet shows as text: one that starts like a formula (`= + - @`, their
/// full-width forms, a tab or a carriage return) gets a leading `'`, so an item's text (doc
/// text, or an author's edit) can never run as a formula in whoever opens the export.
fn cell(s: &str) -> String {
    docent_core::spreadsheet_text(s)
}

/// CSV, one row per item; options and answers separated by ` | `; text cells never start like
/// a formula (see [`cell`]).
pub fn csv(quiz: &Quiz) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record("id,kind,stem,options,key,answers,explanation,difficulty,level,status,stale,source_doc,source_chunk".split(','));
    for i in live(quiz) {
        let key = i
            .key
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        // Control characters (but line breaks and tabs) break spreadsheet and LMS importers.
        let text = |s: &str| gift::strip_controls(s);
        let row = [
            cell(&i.id),
            i.kind.as_str().into(),
            cell(&text(&i.stem)),
            cell(&text(&i.options.join(" | "))),
            key,
            cell(&text(&i.answers.join(" | "))),
            cell(&text(&i.explanation)),
            i.difficulty.to_string(),
            format!("{:?}", i.level).to_lowercase(),
            format!("{:?}", i.status).to_lowercase(),
            i.stale.to_string(),
            cell(&i.source.doc_id),
            cell(&i.source.chunk_id),
        ];
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    //! Proves: accepted answers drop brackets and take a count's number alone, never a
    //! measure's.
    use super::*;
    use crate::types::{Basis, Item, ItemKind, Level, Source, Status};

    fn cloze(answer: &str) -> Item {
        Item {
            id: "q1".into(),
            kind: ItemKind::Cloze,
            stem: "Fill in the blank: _____".into(),
            options: Vec::new(),
            key: Vec::new(),
            answers: vec![answer.into()],
            explanation: String::new(),
            difficulty: 2,
            level: Level::Recall,
            source: Source {
                chunk_id: "c#0".into(),
                doc_id: "c".into(),
                title: "C".into(),
                heading_path: Vec::new(),
                quote: String::new(),
                chunk_hash: String::new(),
            },
            status: Status::Draft,
            stale: false,
            basis: Basis::Statement,
        }
    }

    #[test]
    fn a_count_is_accepted_as_its_number_a_measure_keeps_its_unit() {
        assert_eq!(accepted(&cloze("50 syncs")), vec!["50 syncs", "50"]);
        assert_eq!(
            accepted(&cloze("4 data sources")),
            vec!["4 data sources", "4"]
        );
        assert_eq!(accepted(&cloze("2 km")), vec!["2 km"]);
        assert_eq!(accepted(&cloze("5 minutes")), vec!["5 minutes"]);
        assert_eq!(accepted(&cloze("Nvidia GPU")), vec!["Nvidia GPU"]);
    }

    #[test]
    fn quotes_and_brackets_are_accepted_without_them() {
        assert_eq!(
            accepted(&cloze("`[lng, lat]`")),
            vec!["`[lng, lat]`", "[lng, lat]", "lng, lat"]
        );
        assert_eq!(accepted(&cloze("“phone”")), vec!["“phone”", "phone"]);
    }
}
