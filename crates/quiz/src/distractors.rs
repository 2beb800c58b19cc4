//! Distractors for a key: real terms of the same kind and shape from the scope and its most
//! similar neighbouring chunks (names the docs put in the key's slot first), never one that
//! would make the statement true somewhere in the scope; for numbers, other values of the same
//! unit that the stem does not already hold.

use crate::giveaway::{blank_context, clipped_form, number_value, numbers_in, within_stated_range};
use crate::material::{stated_anywhere, Material};
use crate::salience::salience;
use crate::text::{code_shape, contains, perturb, plain, same_type, CodeShape, Term, TermKind};

/// Distractors for `term` in the statement `blanked` (plain text with one `_____`): real terms
/// of the same kind and shape from the scope and the neighbours, the scope's most salient
/// first, none that the source chunk holds or that makes the statement true anywhere in the
/// scope; then (numbers) perturbed values.
pub(crate) fn distractors(term: &Term, blanked: &str, m: &Material, want: usize) -> Vec<String> {
    match ranked_pool(term, blanked, m) {
        Some(pool) => pick_distractors(term, blanked, m, &pool, want),
        None => Vec::new(),
    }
}

/// Real terms of the key's kind and shape from the scope and the neighbours, with their
/// salience (the scope's first chunks a little ahead), each once.
pub(crate) fn scope_pool(term: &Term, m: &Material) -> Vec<(Term, f32)> {
    let mut pool: Vec<(Term, f32)> = Vec::new();
    for (rank, c) in m.scope.iter().chain(m.neighbours.iter()).enumerate() {
        if c.id == m.chunk.id {
            continue;
        }
        for t in m.memo.terms(c).iter().cloned() {
            if same_type(term, &t)
                && !pool
                    .iter()
                    .any(|(p, _)| p.text.eq_ignore_ascii_case(&t.text))
            {
                let s = salience(&t, m.scope_terms, m.corpus) - rank as f32 * 0.002;
                pool.push((t, s));
            }
        }
    }
    pool
}

/// The candidates for distractors, those that fit the key's slot in the docs first, then by
/// salience; `None` when the key's kind needs a slot (a name, a label after a verb) and the
/// statement gives none.
pub(crate) fn ranked_pool(term: &Term, blanked: &str, m: &Material) -> Option<Vec<(Term, f32)>> {
    let mut pool = scope_pool(term, m);
    let context = blank_context(blanked);
    // Terms that stand where the key stands elsewhere in the docs ("the _____ ranking rule":
    // other terms followed by "ranking rule") are of the key's kind; they come first.
    let fits = |t: &str| {
        context.iter().any(|(before, after)| {
            let phrase = format!("{before} {t} {after}");
            m.scope
                .iter()
                .chain(m.neighbours.iter())
                .any(|c| m.memo.states(c, phrase.trim()))
        })
    };
    // A name ("Samsung Smart Remote", "USB") has no shape that says what it names: only a
    // term the docs put in the key's slot ("a USB device": other "... device"s) is of its
    // kind. A label or code span followed by a head noun ("the `exactness` ranking rule")
    // must fit that noun too; without one, the shape (bold label, camelCase setting) decides.
    let head_noun = context.iter().any(|(before, _)| before.is_empty());
    // Names in the key's slot the term finder does not see ("the Home button" beside "the
    // VOL button": one capitalised word is no name on its own).
    if matches!(term.kind, TermKind::Name | TermKind::Label) {
        if let Some(noun) = context
            .iter()
            .find(|(before, _)| before.is_empty())
            .map(|(_, after)| after.split(' ').next().unwrap_or("").to_string())
        {
            for t in slot_names(term, &noun, m) {
                if !pool
                    .iter()
                    .any(|(p, _)| p.text.eq_ignore_ascii_case(&t.text))
                {
                    pool.push((t, 0.01));
                }
            }
        }
    }
    let need_fit = match term.kind {
        TermKind::Name => true,
        // A bold label after a verb ("open _____", "under _____") must be one the docs open
        // or put under something too: "Excel (XLSX)" is no menu to open.
        TermKind::Label => !context.is_empty() || in_list(blanked) || emphasis(term),
        // A plain lowercase word in code (`dictionary`, `phone`) says nothing of its kind.
        TermKind::Code => {
            head_noun || in_list(blanked) || code_shape(&term.text) == CodeShape::Word
        }
        TermKind::Number(_) => false,
    };
    if need_fit && context.is_empty() {
        return None;
    }
    let mut ranked: Vec<(Term, f32, bool)> = pool
        .into_iter()
        .map(|(t, s)| {
            let f = fits(&t.text);
            (t, s, f)
        })
        .filter(|(_, _, f)| *f || !need_fit)
        .collect();
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)));
    Some(ranked.into_iter().map(|(t, s, _)| (t, s)).collect())
}

/// The first `want` candidates of `pool` that pass [`acceptable`] (names, labels and code
/// with some salience), then (numbers) perturbed values of the key.
pub(crate) fn pick_distractors(
    term: &Term,
    blanked: &str,
    m: &Material,
    pool: &[(Term, f32)],
    want: usize,
) -> Vec<String> {
    let stem_numbers = numbers_in(blanked);
    let ok = |d: &str, out: &Vec<String>| acceptable(term, d, blanked, m, &stem_numbers, out);
    let mut out: Vec<String> = Vec::new();
    for (t, s) in pool {
        if *s <= 0.0 && !matches!(term.kind, TermKind::Number(_)) {
            continue;
        }
        if ok(&t.text, &out) {
            out.push(t.text.clone());
            if out.len() == want {
                return out;
            }
        }
    }
    if let TermKind::Number(_) = term.kind {
        for p in perturb(&term.text) {
            if ok(&p, &out) {
                out.push(p);
                if out.len() == want {
                    break;
                }
            }
        }
    }
    out
}

/// Whether `d` may stand beside the key `term` in `blanked`: not the key, not in the source
/// chunk, not already chosen, about as many words, the same capitalisation and kind of start
/// (digit or not), the same number for one-word labels, never true anywhere in the scope, and
/// a number that fits the stem.
pub(crate) fn acceptable(
    term: &Term,
    d: &str,
    blanked: &str,
    m: &Material,
    stem_numbers: &[String],
    out: &[String],
) -> bool {
    let words = |s: &str| s.split_whitespace().count();
    !d.eq_ignore_ascii_case(&term.text)
            && !clipped_form(d, &term.text)
            && !contains(&m.chunk.text, d)
            && !out.iter().any(|o| o.eq_ignore_ascii_case(d))
            && words(d).abs_diff(words(&term.text)) <= 1
            // Same capitalisation and (one-word labels) number: "owner" among "Save" and
            // "Public link" gives itself away.
            && d.chars().next().map(char::is_uppercase)
                == term.text.chars().next().map(char::is_uppercase)
            // "**2 typos**" in bold is a number: "on by default" is no option beside it.
            && d.starts_with(|c: char| c.is_ascii_digit())
                == term.text.starts_with(|c: char| c.is_ascii_digit())
            && (term.kind != TermKind::Label
                || term.text.contains(' ')
                || d.ends_with('s') == term.text.ends_with('s'))
            && !stated_anywhere(m, &blanked.replacen("_____", d, 1))
            && number_fits(term, d, stem_numbers, out)
            && within_stated_range(blanked, d)
}

/// Capitalised names (one to three words, or an acronym) that the scope and the neighbours
/// put right before `noun` ("Home" in "press the Home button"), not at a sentence's start:
/// terms of the key's kind when the key stands before the same noun.
pub(crate) fn slot_names(key: &Term, noun: &str, m: &Material) -> Vec<Term> {
    let Ok(re) = regex::Regex::new(&format!(
        r"(^|[^.!?:\n] )((?:[A-Z][A-Za-z0-9+]*)(?: [A-Z][A-Za-z0-9+]*){{0,2}}) {}\b",
        regex::escape(noun)
    )) else {
        return Vec::new();
    };
    let mut out: Vec<Term> = Vec::new();
    for c in m.scope.iter().chain(m.neighbours.iter()) {
        if c.id == m.chunk.id {
            continue;
        }
        let text = plain(&c.text);
        for cap in re.captures_iter(&text) {
            let (Some(lead), Some(name)) = (cap.get(1), cap.get(2)) else {
                continue;
            };
            // The first word of the text or of a line starts a sentence.
            if lead.as_str().is_empty() {
                continue;
            }
            let n = name.as_str();
            let first = n.split(' ').next().unwrap_or("").to_lowercase();
            if matches!(
                first.as_str(),
                "the" | "a" | "an" | "this" | "your" | "each" | "all"
            ) || n.eq_ignore_ascii_case(&key.text)
                || m.corpus.starter(n.split(' ').next_back().unwrap_or(""))
                || out.iter().any(|t| t.text.eq_ignore_ascii_case(n))
            {
                continue;
            }
            out.push(Term {
                text: n.to_string(),
                kind: key.kind.clone(),
                start: 0,
                end: 0,
            });
        }
    }
    out
}

/// A bold phrase in lowercase ("**on by default**", "**before**"): emphasis, not a UI label;
/// other bold phrases are not of its kind.
pub(crate) fn emphasis(term: &Term) -> bool {
    term.kind == TermKind::Label && term.text.starts_with(char::is_lowercase)
}

/// Whether the blank is one member of a list ("as CSV, Excel (XLSX) or _____"): any term
/// of the same shape reads as a sibling there, so only one the docs put in the key's slot
/// is of its kind.
pub(crate) fn in_list(blanked: &str) -> bool {
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let b = before.trim_end();
    let b = b.strip_suffix(" the").unwrap_or(b);
    let a = after.trim_start();
    b.ends_with(',')
        || b.ends_with(" or")
        || b.ends_with(" and")
        || (after.starts_with(", ") && !a.trim_start_matches(", ").starts_with(char::is_lowercase))
        || a.starts_with("or ")
        || a.starts_with("and ")
}

/// For a number key: a distractor with a value of its own (not the key's, not another
/// option's, not one the stem already holds: "followed by those with 1 and then _____"), in
/// the key's grammatical number ("1 typos" is no option beside "2 typos").
pub(crate) fn number_fits(term: &Term, d: &str, stem_numbers: &[String], out: &[String]) -> bool {
    if !matches!(term.kind, TermKind::Number(_)) {
        return true;
    }
    let Some(v) = number_value(d) else {
        return false;
    };
    let plural = term.text.ends_with('s') && term.text.chars().any(char::is_alphabetic);
    let seen = number_value(&term.text).as_deref() == Some(v.as_str())
        || out
            .iter()
            .any(|o| number_value(o).as_deref() == Some(v.as_str()));
    !seen && !stem_numbers.contains(&v) && (!plural || v != "1")
}
