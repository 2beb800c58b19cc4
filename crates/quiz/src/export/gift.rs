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

/// One line: every line break (`\r\n`, `\r`, `\n`) becomes `sep`.
fn one_line(s: &str, sep: &str) -> String {
    strip_controls(s)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
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

/// Moodle GIFT (items that cannot be written are left out; see [`super::render`]).
pub fn gift(quiz: &Quiz) -> String {
    let (items, _) = split(quiz, super::exportable);
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
                gift_escape(o)
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
                gift_escape(o)
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
            .map(|a| format!("={}", gift_escape(a)))
            .collect::<Vec<_>>()
            .join(" "),
        // GIFT has no ordering type: a matching question of step -> position.
        ItemKind::Ordering => i
            .key
            .iter()
            .filter_map(|k| i.options.get(*k))
            .enumerate()
            .map(|(p, o)| format!("={} -> {}", gift_escape(o), p + 1))
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
        let stem = gift_escape(&i.stem);
        let feedback = format!("####{}", gift_escape(&i.explanation));
        s.push_str(&format!("{title} {stem} {{{} {feedback}}}\n\n", body(i)));
    }
    s
}

/// Moodle Aiken: multiple choice and true/false only; other kinds have no Aiken form and are
/// left out ([`super::render`] lists them).
pub fn aiken(quiz: &Quiz) -> String {
    let (items, _) = split(quiz, |i| {
        if matches!(i.kind, ItemKind::MultipleChoice | ItemKind::TrueFalse) {
            super::exportable(i)
        } else {
            Err(super::LeftOutReason::KindNotSupported)
        }
    });
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
