//! Validation of every item, whatever made it: structure, readability, the key supported by the
//! source, distractors not supported, nothing given away, no duplicates within a quiz.
//!
//! Proves (see tests): 1. a key absent from the source is rejected; 2. a distractor the source
//! supports is rejected; 3. a stem that contains its answer is rejected; 4. near-duplicate
//! stems and a second item on the same source sentence are rejected at quiz level.

use std::collections::HashSet;

use crate::text::{contains, norm};
use crate::types::{Basis, Item, ItemKind};

/// Why an item fails, as a short stable reason.
pub type Reason = &'static str;

fn fill(stem: &str, with: &str) -> Option<String> {
    let body = stem.split_once("? ").map_or(stem, |x| x.1);
    let body = body.strip_prefix("Fill in the blank: ").unwrap_or(body);
    let vowel = with
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    let (upper, lower) = if vowel { ("An", "an") } else { ("A", "a") };
    let body = body
        .replace("A(n) _____", &format!("{upper} _____"))
        .replace("a(n) _____", &format!("{lower} _____"));
    body.contains("_____")
        .then(|| body.replacen("_____", with, 1))
}

fn statement(stem: &str) -> &str {
    stem.strip_prefix("True or false: ").unwrap_or(stem)
}

/// Checks that an item can be shown, scored and exported, whatever its source says: options
/// distinct and non-empty, keys distinct and naming options, the shape its kind needs, a stem.
pub fn structure(it: &Item) -> Result<(), Reason> {
    let n = it.options.len();
    let distinct: HashSet<String> = it.options.iter().map(|o| norm(o)).collect();
    if distinct.len() != n || it.options.iter().any(|o| o.trim().is_empty()) {
        return Err("options_not_distinct");
    }
    if it.key.iter().any(|k| *k >= n) {
        return Err("key_out_of_range");
    }
    if it.key.iter().collect::<HashSet<_>>().len() != it.key.len() {
        return Err("key_repeated");
    }
    if it.stem.trim().is_empty() || it.answers.iter().any(|a| a.trim().is_empty()) {
        return Err("empty_text");
    }
    let shape_ok = match it.kind {
        // Three options where a rule of the scope has only two safe wrong consequences
        // ([`crate::apply`]); four otherwise.
        ItemKind::MultipleChoice => (3..=4).contains(&n) && it.key.len() == 1,
        ItemKind::TrueFalse => n == 2 && it.key.len() == 1,
        ItemKind::MultipleSelect => n >= 3 && !it.key.is_empty() && it.key.len() < n,
        ItemKind::Ordering => n >= 3 && it.key.len() == n,
        // Answers only: options and a key on a cloze (an edit can send them) made the author
        // page show the options and hide the answer, and the exports disagree on which counts.
        ItemKind::Cloze | ItemKind::ShortAnswer => {
            !it.answers.is_empty() && n == 0 && it.key.is_empty()
        }
    };
    if !shape_ok {
        return Err("malformed");
    }
    Ok(())
}

/// Whether `text` holds labels in parentheses with nothing but space between ("Button
/// Description (Bixby) (Color / Number button) (Ambient Mode) Directional pad"): a flat-text
/// manual's table of icons and buttons run together, which no sentence reads like. Blind
/// reviewers kept none of the 8 such items they judged, and no item they kept reads so.
fn flattened_labels(text: &str) -> bool {
    let mut rest = text;
    while let Some(close) = rest.find(')') {
        let after = &rest[close + 1..];
        if after.trim_start().starts_with('(') && after.starts_with(char::is_whitespace) {
            return true;
        }
        rest = after;
    }
    false
}

/// Checks one item against the text of its source chunk.
pub fn item(it: &Item, source: &str) -> Result<(), Reason> {
    structure(it)?;
    // Readability.
    let len = it.stem.chars().count();
    if !(15..=320).contains(&len) {
        return Err("stem_length");
    }
    let artefact =
        |s: &str| s.contains("**") || s.contains('`') || s.contains("](") || s.contains('<');
    if artefact(&it.stem)
        || it
            .options
            .iter()
            .any(|o| artefact(o) || o.chars().count() > 220)
    {
        return Err("markup_left");
    }
    if std::iter::once(&it.stem)
        .chain(&it.options)
        .any(|t| flattened_labels(t))
    {
        return Err("table_text");
    }
    // Key supported, distractors not, nothing given away.
    if it.basis != Basis::Statement {
        return derived(it, source);
    }
    match it.kind {
        ItemKind::Cloze | ItemKind::MultipleChoice => {
            let key = match it.kind {
                ItemKind::Cloze => it.answers[0].clone(),
                _ => it.options[it.key[0]].clone(),
            };
            let filled = fill(&it.stem, &key).ok_or("no_blank")?;
            if !contains(source, &filled) {
                return Err("key_unsupported");
            }
            if contains(&it.stem.replace("_____", " "), &key) {
                return Err("answer_in_stem");
            }
            for (i, o) in it.options.iter().enumerate() {
                if i != it.key[0] {
                    let wrong = fill(&it.stem, o).ok_or("no_blank")?;
                    if contains(source, &wrong) {
                        return Err("distractor_supported");
                    }
                }
            }
        }
        ItemKind::TrueFalse => {
            let claim = statement(&it.stem);
            let supported = contains(source, claim);
            if supported != (it.key[0] == 0) {
                return Err(if supported {
                    "false_statement_supported"
                } else {
                    "key_unsupported"
                });
            }
        }
        ItemKind::MultipleSelect => {
            for (i, o) in it.options.iter().enumerate() {
                let keyed = it.key.contains(&i);
                if keyed && !contains(source, o) {
                    return Err("key_unsupported");
                }
                if !keyed && contains(source, o) {
                    return Err("distractor_supported");
                }
            }
        }
        ItemKind::Ordering => {
            let text = norm(source);
            let mut last = 0usize;
            for k in &it.key {
                let step = norm(&it.options[*k]);
                let Some(pos) = text[last..].find(&step) else {
                    return Err("key_unsupported");
                };
                last += pos + step.len();
            }
        }
        ItemKind::ShortAnswer => {
            if !it.answers.iter().any(|a| contains(source, a)) {
                return Err("key_unsupported");
            }
            if it.answers.iter().any(|a| contains(&it.stem, a)) {
                return Err("answer_in_stem");
            }
        }
    }
    Ok(())
}

/// The texts between “ and ” in `s`, in order.
fn quoted(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find('“') {
        let after = &rest[a + '“'.len_utf8()..];
        let Some(b) = after.find('”') else {
            break;
        };
        out.push(&after[..b]);
        rest = &after[b + '”'.len_utf8()..];
    }
    out
}

/// Items whose key is derived from a rule, a procedure or a table (see [`Basis`]): the quote
/// must be in the source, and the key (not a distractor) must be what it says.
fn derived(it: &Item, source: &str) -> Result<(), Reason> {
    if it.kind == ItemKind::TrueFalse && it.basis == Basis::TableCell {
        return table_statement(it, source);
    }
    if it.kind == ItemKind::TrueFalse && it.basis == Basis::Condition {
        return rule_statement(it, source);
    }
    if it.kind == ItemKind::TrueFalse && it.basis == Basis::Limit {
        return limit_statement(it, source);
    }
    if it.kind == ItemKind::TrueFalse && it.basis == Basis::Threshold {
        return threshold_statement(it, source);
    }
    if it.kind == ItemKind::TrueFalse && it.basis == Basis::Label {
        return label_statement(it, source);
    }
    if it.kind != ItemKind::MultipleChoice {
        return Err("malformed");
    }
    let quote = quote_in(it, source)?;
    let key = it.key[0];
    let others = || {
        it.options
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i != key)
    };
    match it.basis {
        Basis::Condition => {
            let condition = it
                .stem
                .split_once(" what happens ")
                .or_else(|| it.stem.split_once(" what should you do "))
                .or_else(|| it.stem.split_once(" what must you do first "))
                .map(|x| x.1.trim_end_matches('?'))
                .ok_or("malformed")?;
            if !contains(quote, condition) || !contains(quote, &it.options[key]) {
                return Err("key_unsupported");
            }
            if others().any(|(_, o)| contains(quote, o)) {
                return Err("distractor_supported");
            }
        }
        Basis::Threshold => {
            let case = it
                .stem
                .split_once(" what happens ")
                .or_else(|| it.stem.split_once(" what should you do "))
                .map(|x| x.1.trim_end_matches('?'))
                .ok_or("malformed")?;
            // A rule of the quote whose threshold, stepped past, is the stem's case, and whose
            // consequence is the key.
            let plain = crate::text::plain(quote);
            let stated = docent_tutor::text::sentences(&plain)
                .into_iter()
                .any(|(a, b)| {
                    crate::forms::rule(&plain[a..b]).is_some_and(|r| {
                        crate::forms::threshold_case(&r.condition).as_deref() == Some(case)
                            && r.consequence == it.options[key]
                    })
                });
            if !stated {
                return Err("key_unsupported");
            }
            if others().any(|(_, o)| contains(quote, o)) {
                return Err("distractor_supported");
            }
        }
        Basis::NextStep => {
            let after = quoted(&it.stem).pop().ok_or("malformed")?;
            let text = norm(quote);
            let at = |s: &str| text.find(&norm(s));
            let (Some(a), Some(k)) = (at(after), at(&it.options[key])) else {
                return Err("key_unsupported");
            };
            if k <= a {
                return Err("key_unsupported");
            }
            // No other option may sit between the quoted step and the key.
            if others().any(|(_, o)| at(o).is_some_and(|p| p > a && p < k)) {
                return Err("distractor_supported");
            }
        }
        Basis::TableCell => {
            let q = quoted(&it.stem);
            let (Some(column), Some(row)) = (q.get(q.len().wrapping_sub(2)), q.last()) else {
                return Err("malformed");
            };
            // A case on a scale ("for a “Query word length” of 6 characters") or a row's name.
            let cell = if it.stem.contains("” of ") {
                crate::apply::case_cell(quote, column, &it.stem)
            } else {
                table_cell(quote, column, row)
            }
            .ok_or("key_unsupported")?;
            if it.options[key] != cell {
                return Err("key_unsupported");
            }
            if others().any(|(_, o)| *o == cell) {
                return Err("distractor_supported");
            }
        }
        Basis::Purpose => {
            let goal = crate::scenario::stem_goal(&it.stem).ok_or("malformed")?;
            let p = crate::scenario::purpose(quote).ok_or("key_unsupported")?;
            if p.goal != goal || p.tool != it.options[key] {
                return Err("key_unsupported");
            }
            if others().any(|(_, o)| contains(quote, o)) {
                return Err("distractor_supported");
            }
        }
        Basis::Label => {
            let desc = quoted(&it.stem).pop().ok_or("malformed")?;
            let label = crate::scenario::label_of(quote, desc).ok_or("key_unsupported")?;
            if it.options[key] != label {
                return Err("key_unsupported");
            }
            if others().any(|(_, o)| *o == label) {
                return Err("distractor_supported");
            }
        }
        Basis::Task => task_path(it, quote, source)?,
        Basis::Heading => {
            if !crate::named::opens_section(source, &it.options[key], quote) {
                return Err("key_unsupported");
            }
            if others().any(|(_, o)| crate::named::opens_section(source, o, quote)) {
                return Err("distractor_supported");
            }
        }
        Basis::Statement | Basis::Limit => return Err("malformed"),
    }
    Ok(())
}

/// A task item: the key is a path the quote states and the stem's goal does not give away; no
/// other option stands in the source, nor is a prefix or extension of the key.
fn task_path(it: &Item, quote: &str, source: &str) -> Result<(), Reason> {
    let goal = crate::task::stem_goal(&it.stem).ok_or("malformed")?;
    let key = &it.options[it.key[0]];
    if !contains(quote, key) {
        return Err("key_unsupported");
    }
    if crate::task::gives_away(goal, key) {
        return Err("answer_in_stem");
    }
    for (i, o) in it.options.iter().enumerate() {
        if i == it.key[0] {
            continue;
        }
        if contains(source, o) {
            return Err("distractor_supported");
        }
        if crate::task::nested(o, key) {
            return Err("second_key");
        }
    }
    Ok(())
}

/// "True or false: in “T”, “L” is described as “D”.": true exactly when the quoted list's entry
/// described as D is L.
fn label_statement(it: &Item, source: &str) -> Result<(), Reason> {
    let quote = quote_in(it, source)?;
    let q = quoted(&it.stem);
    let (Some(name), Some(desc)) = (q.get(q.len().wrapping_sub(2)), q.last()) else {
        return Err("malformed");
    };
    let label = crate::scenario::label_of(quote, desc).ok_or("key_unsupported")?;
    let truth = label == *name;
    keyed_as(it, truth)
}

/// "True or false: according to “T”, <the quoted limit with a case value>.": true exactly when
/// the value is within the limit.
fn limit_statement(it: &Item, source: &str) -> Result<(), Reason> {
    let quote = quote_in(it, source)?;
    let claim = it.stem.split_once("”, ").map(|x| x.1).ok_or("malformed")?;
    let truth = crate::scenario::limit_case(claim, quote).ok_or("key_unsupported")?;
    keyed_as(it, truth)
}

/// The cell of `column` in the row named `row` of the table `quote`.
fn table_cell(quote: &str, column: &str, row: &str) -> Option<String> {
    let (header, rows) = crate::apply::table(quote)?;
    let col = header.iter().position(|h| h == column)?;
    rows.iter().find(|r| r[0] == row).map(|r| r[col].clone())
}

/// "True or false: ... the “column” for “row” is “value”.": true exactly when the table says so.
fn table_statement(it: &Item, source: &str) -> Result<(), Reason> {
    let quote = quote_in(it, source)?;
    let q = quoted(&it.stem);
    if q.len() < 3 {
        return Err("malformed");
    }
    // "the “Purpose” of “Admin key” is “...”": column, row, value; "“Price per editor” is
    // “40 USD” for “Starter”": row, value, column.
    let (column, row, value) = if it.stem.contains("” of “") {
        (q[q.len() - 3], q[q.len() - 2], q[q.len() - 1])
    } else {
        (q[q.len() - 1], q[q.len() - 3], q[q.len() - 2])
    };
    let cell = table_cell(quote, column, row).ok_or("key_unsupported")?;
    let truth = cell == value;
    keyed_as(it, truth)
}

/// "True or false: according to “T”, if <case>, [you should] Y.": true when a rule of the
/// quote with consequence Y has its threshold stepped past in the case, false when the case
/// is on the near side of it.
fn threshold_statement(it: &Item, source: &str) -> Result<(), Reason> {
    let quote = quote_in(it, source)?;
    let (case, consequence) = rule_claim_parts(it)?;
    let plain = crate::text::plain(quote);
    let mut truth = None;
    for (a, b) in docent_tutor::text::sentences(&plain) {
        let Some(r) = crate::forms::rule(&plain[a..b]) else {
            continue;
        };
        if !contains(&r.consequence, consequence) {
            continue;
        }
        if crate::forms::threshold_case(&r.condition).as_deref() == Some(case) {
            truth = Some(true);
        } else if crate::forms::threshold_inside(&r.condition).as_deref() == Some(case) {
            truth = Some(false);
        }
    }
    keyed_as(it, truth.ok_or("key_unsupported")?)
}

/// The condition and consequence of a rule's true/false stem ("... according to “T”, if X,
/// [you should] Y."), the consequence without "you should".
fn rule_claim_parts(it: &Item) -> Result<(&str, &str), Reason> {
    let claim = it
        .stem
        .split_once("”, ")
        .map(|x| x.1.trim_end_matches('.'))
        .ok_or("malformed")?;
    let (condition, consequence) = claim.split_once(", ").ok_or("malformed")?;
    Ok((
        condition,
        consequence
            .strip_prefix("you should ")
            .unwrap_or(consequence),
    ))
}

/// "True or false: according to “T”, if X, [you should] Y.": true exactly when the rule
/// quoted says Y under X.
fn rule_statement(it: &Item, source: &str) -> Result<(), Reason> {
    let quote = quote_in(it, source)?;
    let (condition, consequence) = rule_claim_parts(it)?;
    let truth = contains(quote, condition) && contains(quote, consequence);
    keyed_as(it, truth)
}

fn tokens(s: &str) -> HashSet<String> {
    norm(s).split(' ').map(str::to_string).collect()
}

/// Quiz-level checks of `candidate` against the items already kept: a near-duplicate stem, or
/// another item on the same source statement (one would give the other away).
pub fn against(candidate: &Item, kept: &[Item]) -> Result<(), Reason> {
    let a = tokens(&candidate.stem);
    for k in kept {
        if k.source.chunk_id == candidate.source.chunk_id
            && k.source.quote == candidate.source.quote
            && candidate.basis != Basis::TableCell
        {
            return Err("same_source_statement");
        }
        let b = tokens(&k.stem);
        let inter = a.intersection(&b).count() as f64;
        let union = a.union(&b).count() as f64;
        if union > 0.0 && inter / union >= 0.7 {
            return Err("near_duplicate");
        }
        // The answer of one must not be readable in the other's stem.
        let answer = |i: &Item| -> Vec<String> {
            match i.kind {
                ItemKind::Cloze | ItemKind::ShortAnswer => i.answers.clone(),
                ItemKind::MultipleChoice => i
                    .key
                    .first()
                    .and_then(|k| i.options.get(*k))
                    .cloned()
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            }
        };
        let gives = |x: &Item, y: &Item| {
            answer(y).iter().any(|ans| {
                norm(ans).split(' ').count() >= 2
                    && contains(&x.stem, ans)
                    && x.source.chunk_id == y.source.chunk_id
            })
        };
        if gives(candidate, k) || gives(k, candidate) {
            return Err("gives_away_another");
        }
        // Two choice items sharing options let a learner play one against the other.
        if !candidate.options.is_empty() && candidate.kind != ItemKind::TrueFalse {
            let shared = candidate
                .options
                .iter()
                .filter(|o| k.options.iter().any(|x| norm(x) == norm(o)))
                .count();
            if shared >= 2 {
                return Err("shares_options");
            }
        }
    }
    Ok(())
}

/// The item's quote, which must stand in `source`.
fn quote_in<'a>(it: &'a Item, source: &str) -> Result<&'a str, Reason> {
    let quote = it.source.quote.as_str();
    if contains(source, quote) {
        Ok(quote)
    } else {
        Err("key_unsupported")
    }
}

/// A true/false item whose statement is `truth` according to its source: its key must say so.
fn keyed_as(it: &Item, truth: bool) -> Result<(), Reason> {
    if truth == (it.key[0] == 0) {
        Ok(())
    } else if truth {
        Err("false_statement_supported")
    } else {
        Err("key_unsupported")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Basis, Level, Source, Status};

    const SRC: &str =
        "Download links stay valid for **7 days**. CSV exports hold up to 1,000,000 rows.";

    #[test]
    fn a_flattened_table_of_labels_is_no_stem() {
        assert!(flattened_labels(
            "Button Description (Bixby) (Color / Number button) (Ambient Mode) Directional pad"
        ));
        assert!(!flattened_labels(
            "If the router supports WPS (Wi-Fi Protected Setup), you can connect (see below)."
        ));
        assert!(!flattened_labels(
            "Press VOL (Volume) for 1 second (or more)."
        ));
        assert!(!flattened_labels("f(x)(y) is a call, not a table."));
        let mut it = mcq(
            &["7 days", "3 days", "14 days"],
            0,
            "Links (Bixby) (Home) stay valid for _____.",
        );
        it.source.quote = SRC.into();
        assert_eq!(item(&it, SRC), Err("table_text"));
    }

    // Fifth security probe, finding 4: an edit gave a cloze options and a key.
    #[test]
    fn a_cloze_holds_answers_only() {
        let mut it = mcq(&[], 0, "Download links stay valid for _____.");
        it.kind = ItemKind::Cloze;
        it.key = vec![];
        it.answers = vec!["7 days".into()];
        assert_eq!(structure(&it), Ok(()));
        let mut with_options = it.clone();
        with_options.options = vec!["3 days".into(), "14 days".into(), "30 days".into()];
        with_options.key = vec![0];
        assert_eq!(structure(&with_options), Err("malformed"));
        let mut with_key = it.clone();
        with_key.key = vec![0];
        assert_eq!(structure(&with_key), Err("key_out_of_range"));
    }

    fn mcq(options: &[&str], key: usize, stem: &str) -> Item {
        Item {
            id: "q1".into(),
            kind: ItemKind::MultipleChoice,
            stem: stem.into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            key: vec![key],
            answers: vec![],
            explanation: "e".into(),
            difficulty: 1,
            level: Level::Recall,
            source: Source {
                chunk_id: "c#0".into(),
                doc_id: "c".into(),
                title: "T".into(),
                heading_path: vec![],
                quote: SRC.into(),
                chunk_hash: "h".into(),
            },
            status: Status::Draft,
            stale: false,
            basis: Basis::Statement,
        }
    }

    const STEM: &str = "Which completes the sentence? Download links stay valid for _____.";

    #[test]
    fn supported_key_and_unsupported_distractors_pass() {
        let it = mcq(&["3 days", "7 days", "14 days", "30 days"], 1, STEM);
        assert_eq!(item(&it, SRC), Ok(()));
    }

    #[test]
    fn wrong_key_or_supported_distractor_fails() {
        let it = mcq(&["3 days", "7 days", "14 days", "30 days"], 0, STEM);
        assert_eq!(item(&it, SRC), Err("key_unsupported"));
        let src = format!("{SRC} Shared links stay valid for 30 days. Download links stay valid for 30 days on Business.");
        let it = mcq(&["3 days", "7 days", "14 days", "30 days"], 1, STEM);
        assert_eq!(item(&it, &src), Err("distractor_supported"));
    }

    #[test]
    fn answer_in_stem_and_duplicates_fail() {
        let it = mcq(
            &["3 days", "7 days", "14 days", "30 days"],
            1,
            "Which completes the sentence? Links last 7 days: download links stay valid for _____.",
        );
        assert_eq!(
            item(
                &it,
                &format!("{SRC} Links last 7 days: download links stay valid for 7 days.")
            ),
            Err("answer_in_stem")
        );
        let a = mcq(&["3 days", "7 days", "14 days", "30 days"], 1, STEM);
        let mut b = a.clone();
        b.source.quote = "other".into();
        b.stem = "Which completes the sentence? Download links stay valid for _____ only.".into();
        assert_eq!(against(&b, std::slice::from_ref(&a)), Err("near_duplicate"));
        assert_eq!(
            against(&a, std::slice::from_ref(&a)),
            Err("same_source_statement")
        );
    }
}
