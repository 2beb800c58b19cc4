//! Moodle's text formats: GIFT (every kind) and Aiken (multiple choice and true/false).

use super::{accepted, split};
use crate::types::{Item, ItemKind, Quiz};

/// Control characters (but tab and line breaks) removed: no format has a use for them and
/// XML 1.0 forbids them.
pub(super) fn strip_controls(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// One line: every line break (`\r\n`, `\r`, `\n`, U+2028, U+2029) becomes `sep`.
fn one_line(s: &str, sep: &str) -> String {
    strip_controls(s)
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n")
        .replace('\n', sep)
}

/// Escapes GIFT's special characters; line breaks of every kind become `\n`.
pub fn gift_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s, "\n").chars() {
        if c == '\n' {
            out.push_str("\\n");
            continue;
        }
        if matches!(c, '~' | '=' | '#' | '{' | '}' | ':' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text a learner reads (stems, options, steps, feedback), GIFT-escaped. Moodle renders GIFT
/// text as HTML and reads some syntax that no backslash escapes, so `&`, `<` and `>` are
/// written as entities (a `<` opens a tag; a `->` anywhere inside the braces makes Moodle read
/// the question as a matching one, pairs split at the first `->`), and a leading `%` or `[` as
/// its character reference (`%50%` is read as a grade weight, `[html]` as a text format).
/// Moodle shows every one of them as the character.
pub fn gift_shown(s: &str) -> String {
    let html = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let lead = html.len() - html.trim_start().len();
    let html = match html[lead..].chars().next() {
        Some('%') => format!("{}&#37;{}", &html[..lead], &html[lead + 1..]),
        Some('[') => format!("{}&#91;{}", &html[..lead], &html[lead + 1..]),
        _ => html,
    };
    gift_escape(&html)
}

/// Whether an answer a learner types (a cloze or short-answer key, compared as written, so no
/// entity can stand in) holds GIFT syntax no escape covers: `->` (a matching pair), a leading
/// `%` (a grade weight) or `[` (a text format).
fn typed_answer_unwritable(a: &str) -> bool {
    let t = a.trim_start();
    a.contains("->") || t.starts_with('%') || t.starts_with('[')
}

/// Whether GIFT can hold `i`: what [`super::exportable`] asks, keys it can write, and a
/// multiple choice of two options or more (one alone reads as a short answer).
pub(super) fn gift_exportable(i: &Item) -> Result<(), super::LeftOutReason> {
    super::exportable(i)?;
    let unwritable = match i.kind {
        ItemKind::Cloze | ItemKind::ShortAnswer => {
            accepted(i).iter().any(|a| typed_answer_unwritable(a))
        }
        ItemKind::MultipleChoice => i.options.len() < 2,
        _ => false,
    };
    if unwritable {
        return Err(super::LeftOutReason::FormatSyntax);
    }
    Ok(())
}

/// A typed answer as GIFT writes it: a `*`, which Moodle's short answer reads as "anything",
/// escaped to stand for itself.
fn typed_answer(a: &str) -> String {
    gift_escape(&a.replace('*', "\\*"))
}

/// Whether Aiken can hold `i`: multiple choice or true/false, what [`super::exportable`] asks,
/// and a stem that does not start like an option line (`A. `, `B) `) or the answer line.
pub(super) fn aiken_exportable(i: &Item) -> Result<(), super::LeftOutReason> {
    if !matches!(i.kind, ItemKind::MultipleChoice | ItemKind::TrueFalse) {
        return Err(super::LeftOutReason::KindNotSupported);
    }
    super::exportable(i)?;
    let stem = one_line(&i.stem, " ");
    let stem = stem.trim_start();
    let mut c = stem.chars();
    let option_like = matches!(
        (c.next(), c.next(), c.next()),
        (Some('A'..='Z'), Some('.' | ')'), Some(' ' | '\t'))
    );
    if option_like || stem.to_ascii_uppercase().starts_with("ANSWER:") {
        return Err(super::LeftOutReason::FormatSyntax);
    }
    Ok(())
}

/// Moodle GIFT (items that cannot be written are left out; see [`super::render`]).
pub fn gift(quiz: &Quiz) -> String {
    let (items, _) = split(quiz, gift_exportable);
    gift_items(quiz, &items)
}

fn choices(i: &Item) -> String {
    i.options
        .iter()
        .enumerate()
        .map(|(k, o)| {
            format!(
                "{}{}",
                if i.key.contains(&k) { "=" } else { "~" },
                gift_shown(o)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn weighted(i: &Item) -> String {
    let right = 100.0 / i.key.len().max(1) as f64;
    let wrong = 100.0 / i.options.len().saturating_sub(i.key.len()).max(1) as f64;
    i.options
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let w = if i.key.contains(&k) {
                format!("{right:.5}")
            } else {
                format!("-{wrong:.5}")
            };
            format!(
                "~%{}%{}",
                w.trim_end_matches('0').trim_end_matches('.'),
                gift_shown(o)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn body(i: &Item) -> String {
    match i.kind {
        ItemKind::MultipleChoice => choices(i),
        ItemKind::MultipleSelect => weighted(i),
        ItemKind::TrueFalse => match i.key.first() {
            Some(0) => "TRUE".into(),
            _ => "FALSE".into(),
        },
        ItemKind::Cloze | ItemKind::ShortAnswer => accepted(i)
            .iter()
            .map(|a| format!("={}", typed_answer(a)))
            .collect::<Vec<_>>()
            .join(" "),
        // GIFT has no ordering type: a matching question of step -> position.
        ItemKind::Ordering => i
            .key
            .iter()
            .filter_map(|k| i.options.get(*k))
            .enumerate()
            .map(|(p, o)| format!("={} -> {}", gift_shown(o), p + 1))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

pub(super) fn gift_items(quiz: &Quiz, items: &[&Item]) -> String {
    let mut s = format!(
        "// {}\n// scope: {}\n\n",
        one_line(&quiz.title, " "),
        one_line(&quiz.scope, " ")
    );
    for i in items {
        let title = format!("::{}::", gift_escape(&i.id));
        let stem = gift_shown(&i.stem);
        let feedback = format!("####{}", gift_shown(&i.explanation));
        s.push_str(&format!("{title} {stem} {{{} {feedback}}}\n\n", body(i)));
    }
    s
}

/// Moodle Aiken: multiple choice and true/false only; other kinds have no Aiken form and are
/// left out ([`super::render`] lists them).
pub fn aiken(quiz: &Quiz) -> String {
    let (items, _) = split(quiz, aiken_exportable);
    aiken_items(&items)
}

pub(super) fn aiken_items(items: &[&Item]) -> String {
    let mut s = String::new();
    for i in items {
        // Aiken letters run A..Z.
        if i.options.len() > 26 {
            continue;
        }
        let Some(key) = i.key.first() else {
            continue;
        };
        s.push_str(&one_line(&i.stem, " "));
        s.push('\n');
        for (k, o) in i.options.iter().enumerate() {
            s.push_str(&format!(
                "{}. {}\n",
                (b'A' + k as u8) as char,
                one_line(o, " ")
            ));
        }
        s.push_str(&format!("ANSWER: {}\n\n", (b'A' + *key as u8) as char));
    }
    s
}
