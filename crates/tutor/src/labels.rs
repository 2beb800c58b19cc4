//! UI labels in generated text held to the source's exact words. A model that writes
//! "Open **Reports > Export to Excel**" names a menu that a customer will look for; lexical
//! support is not enough for that (every word of it may occur in the source), so each label the
//! sentence names must be one the cited span names.
//!
//! A label is a bold span (`**Export**`) or a menu path (`Settings > Security > Audit log`,
//! bold or not). A bold label holds when it is one of the span's own bold labels, a run of the
//! segments of one of its paths, or when it occurs verbatim in the span outside the span's bold
//! labels ("Excel" is not the label "Excel (XLSX)"). Each `X > Y` step of an unbolded path must
//! occur in the span as written. Comparison is case-sensitive; only whitespace, markup and the
//! arrow used (`>`, `→`, `›`) are normalised.
//!
//! Proves (see tests): 1. labels and paths the span names hold, also a part of a path; 2. an
//! invented path or a truncated label does not; 3. a bold phrase the span writes plainly holds;
//! 4. an unbolded path step the span does not write fails.

use crate::text::contains_words;

/// Whether every UI label that `sentence` names occurs exactly in `source`.
pub fn labels_hold(sentence: &str, source: &str) -> bool {
    let sentence = normalize_arrows(sentence);
    let source = normalize_arrows(source);
    let (labels, rest) = bold_spans(&sentence);
    let (source_labels, source_rest) = bold_spans(&source);
    let source_plain = squash(&source.replace("**", ""));
    let bold_ok = labels
        .iter()
        .map(|l| clean_label(l))
        .filter(|l| !l.is_empty())
        .all(|l| {
            source_labels
                .iter()
                .any(|s| is_segment_run(&l, &clean_label(s)))
                || contains_words(&source_rest, &l)
                || (l.contains(" > ") && contains_words(&source_plain, &l))
        });
    bold_ok
        && path_steps(&rest)
            .iter()
            .all(|step| contains_words(&source_plain, step))
}

/// Whether every quoted string (`"..."`, `“...”`) and code span (`` `...` ``) that `sentence`
/// names occurs in `source` as written (bold markup and whitespace aside): a file name, a value
/// or a command in quotes is something a customer types or looks for, as a label is. A model's
/// "Your file is saved as "CSV_Export_1.csv"" has support for every other word and still
/// invents the one thing the customer would search for.
pub fn quotes_hold(sentence: &str, source: &str) -> bool {
    let plain = squash(&source.replace("**", ""));
    quoted(sentence)
        .iter()
        .map(|q| squash(q))
        .all(|q| q.is_empty() || plain.contains(&q))
}

/// The contents of code spans and quoted strings in `text`, pairs read left to right (an
/// unclosed quote quotes nothing).
fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [('`', '`'), ('"', '"'), ('“', '”')] {
        let mut rest = text;
        while let Some(a) = rest.find(open) {
            let after = &rest[a + open.len_utf8()..];
            let Some(b) = after.find(close) else {
                break;
            };
            out.push(after[..b].to_string());
            rest = &after[b + close.len_utf8()..];
        }
    }
    out
}

/// Arrows written as `>`, with one space either side.
fn normalize_arrows(text: &str) -> String {
    let text = text.replace(['→', '›', '»'], ">").replace("&gt;", ">");
    let pieces: Vec<&str> = text.split('>').collect();
    let last = pieces.len() - 1;
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let p = if i > 0 { p.trim_start() } else { p };
            if i < last {
                p.trim_end()
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join(" > ")
}

/// Whitespace runs as one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The contents of `**...**` spans, and the text outside them (each span replaced by a
/// separator, so that a phrase is never found across a label's edge).
fn bold_spans(text: &str) -> (Vec<String>, String) {
    let mut labels = Vec::new();
    let mut rest = String::new();
    let mut tail = text;
    while let Some(open) = tail.find("**") {
        let Some(close) = tail[open + 2..].find("**") else {
            break;
        };
        rest.push_str(&tail[..open]);
        rest.push_str(" | ");
        labels.push(tail[open + 2..open + 2 + close].to_string());
        tail = &tail[open + 2 + close + 2..];
    }
    rest.push_str(tail);
    (labels, squash(&rest.replace('*', "")))
}

/// A label without surrounding whitespace or trailing punctuation.
fn clean_label(label: &str) -> String {
    squash(label)
        .trim_end_matches([':', '.', ',', ';'])
        .trim()
        .to_string()
}

/// Whether the ` > `-separated segments of `label` are a contiguous run of those of `source`
/// (a whole label is a run of itself).
fn is_segment_run(label: &str, source: &str) -> bool {
    let l: Vec<&str> = label.split(" > ").collect();
    let s: Vec<&str> = source.split(" > ").collect();
    l.len() <= s.len() && s.windows(l.len()).any(|w| w == l.as_slice())
}

/// The `X > Y` steps of menu paths in text outside bold spans: the word on either side of each
/// arrow (a comparison such as `> 5` is not a path).
fn path_steps(text: &str) -> Vec<String> {
    let pieces: Vec<&str> = text.split(" > ").collect();
    let word = |w: &str| w.chars().next().is_some_and(char::is_alphabetic);
    pieces
        .windows(2)
        .filter_map(|w| {
            let before = w[0].split_whitespace().next_back()?;
            let after = w[1].split_whitespace().next()?;
            let before = before.trim_start_matches(|c: char| !c.is_alphanumeric());
            let after = after.trim_end_matches(|c: char| !c.is_alphanumeric());
            (word(before) && word(after)).then(|| format!("{before} > {after}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str =
        "You can export any report or dashboard tile as **CSV**, **Excel (XLSX)** or **PDF**.";
    const TWO_FACTOR: &str = "1. Click your avatar and open **Profile > Security**.\n2. Click **Enable two-factor authentication**.";
    const PLAIN: &str = "Open Settings > General > Accessibility and select Voice Guide Settings.";

    #[test]
    fn quoted_strings_and_code_hold_only_as_the_source_writes_them() {
        let src =
            "Exports are named after the report, e.g. `Revenue by month.csv`. Set \"Time zone\" \
                   to **UTC** first.";
        assert!(quotes_hold(
            "The file is named `Revenue by month.csv`.",
            src
        ));
        assert!(quotes_hold("Set “Time zone” to **UTC**.", src));
        assert!(quotes_hold("Exports are named after the report.", src));
        assert!(!quotes_hold(
            "Your file is saved as \"CSV_Export_1.csv\".",
            src
        ));
        assert!(!quotes_hold("Run `docent export --all`.", src));
        assert!(!quotes_hold("Set “time zone” to UTC.", src), "case counts");
        assert!(quotes_hold("An unclosed \" quote names nothing.", src));
    }

    #[test]
    fn labels_and_paths_the_span_names_hold() {
        assert!(labels_hold("Export it as **CSV** or **PDF**.", EXPORT));
        assert!(labels_hold(
            "Open **Profile > Security** and click **Enable two-factor authentication**.",
            TWO_FACTOR
        ));
        assert!(labels_hold(
            "Open **Security** from your avatar.",
            TWO_FACTOR
        ));
        assert!(labels_hold("Open **Profile → Security**.", TWO_FACTOR));
        assert!(labels_hold("Open Profile > Security.", TWO_FACTOR));
        assert!(labels_hold(
            "Go to **Settings > General > Accessibility**.",
            PLAIN
        ));
        assert!(labels_hold("Select **Voice Guide Settings:**", PLAIN));
        assert!(labels_hold("Links stay valid for 7 days.", EXPORT));
    }

    #[test]
    fn invented_paths_and_truncated_labels_do_not() {
        assert!(!labels_hold("Open **Reports > Export to Excel**.", EXPORT));
        assert!(!labels_hold("Click **Excel** to open it.", EXPORT));
        assert!(!labels_hold("Open **Settings > Security**.", TWO_FACTOR));
        assert!(!labels_hold("Click **Enable 2FA**.", TWO_FACTOR));
        assert!(!labels_hold("Click **csv**.", EXPORT));
        assert!(!labels_hold("Go to **Settings > Accessibility**.", PLAIN));
    }

    #[test]
    fn a_bold_phrase_the_span_writes_plainly_holds() {
        assert!(labels_hold("Export **any report** as **CSV**.", EXPORT));
        assert!(labels_hold("Select **Voice Guide Settings**.", PLAIN));
        assert!(!labels_hold("Export **any reports** as **CSV**.", EXPORT));
    }

    #[test]
    fn unbolded_path_steps_must_be_written_in_the_span() {
        assert!(!labels_hold("Open Reports > Export to get a file.", EXPORT));
        assert!(!labels_hold("Open Settings > Security first.", TWO_FACTOR));
        assert!(labels_hold("Open Settings > General first.", PLAIN));
        assert!(labels_hold("Choose a value > 5 to enlarge it.", EXPORT));
    }
}
