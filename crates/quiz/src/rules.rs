//! The rule-based generator (no language model). From each chunk of the scope it makes
//! candidates: cloze, multiple choice and true/false from sentences that state a fact with a
//! salient key term ([`crate::salience`]: UI labels, settings, parameters, limits, names the
//! scope uses more than the corpus does), ordering from numbered procedures, multiple select
//! from bulleted facts, short answer where one short answer exists (the term a definition
//! defines). Apply-level items come from [`crate::apply`]. Distractors are real terms of the
//! same kind and shape ([`crate::text::same_type`]) from the scope and its most similar
//! neighbouring chunks, never one that would make the statement true somewhere in the scope;
//! for numbers, other values of the same unit. Every candidate goes through
//! [`crate::validate`].
//!
//! The predicates it reads sentences and keys with live beside it: [`crate::sentence`] (which
//! sentences a quiz can state), [`crate::giveaway`] (keys a stem gives away or that admit other
//! answers), [`crate::distractors`], [`crate::phrases`] (two-word keys) and [`crate::denial`]
//! (true/false items from what the docs deny).

use crate::denial::{contrary_item, denial_item, trouble_heading};
use crate::distractors::distractors;
use crate::giveaway::{
    arbitrary_blank, clipped_form, counted_back, enough_context, gives_away, incidental,
    paired_name, part_of_name, same_words, second_answer, without_asides,
};
use crate::material::{
    blanked_stem, explanation, fact_key, item, marked, parts, shuffle, source, split_items,
    stated_anywhere, topic, true_false, Candidate, Fact, Material, BLANK,
};
use crate::phrases::phrases;
use crate::salience::ranked_terms;
use crate::sentence::{
    about_the_docs, claim, fragment, has_verb, in_example, is_statement, label_run,
    states_quantity, words,
};
use crate::text::{contains, plain, terms, Term, TermKind};
use crate::types::{Basis, Item, ItemKind, Level};

/// `blanked` filled with `term`, "a(n)" before it made "a" or "an" as the term wants.
pub(crate) fn with_article(blanked: &str, term: &str) -> String {
    let vowel = term
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    let (upper, lower) = if vowel { ("An", "an") } else { ("A", "a") };
    blanked
        .replace("A(n) _____", &format!("{upper} _____"))
        .replace("a(n) _____", &format!("{lower} _____"))
        .replacen("_____", term, 1)
}

/// The key of a fact: its most salient term that can be one (the next when the best is in an
/// example, given away by the stem or the topic, or leaves the blank open to another term),
/// with its salience and the statement blanked.
fn pick_key(m: &Material, f: &Fact) -> Option<(Term, f32, String)> {
    let quantity = states_quantity(f.md);
    ranked_terms(f.md, m.scope_terms, m.corpus)
        .into_iter()
        .filter(|(t, _)| !quantity || !matches!(t.kind, TermKind::Name))
        .take(3)
        .find_map(|(term, sal)| {
            if in_example(f.md, term.start) || incidental(f.md, &term) {
                return None;
            }
            let blanked = blanked_stem(f.md, term.start, term.end);
            // A term inside markup that plain text drops leaves no blank: not a candidate.
            if !blanked.contains("_____") || blanked.starts_with("_____") || words(&blanked) < 5 {
                return None;
            }
            // A key the stem or the topic names asks nothing; a blank another term fills in
            // the same words elsewhere in the docs has two answers.
            if gives_away(&term, &blanked, m.topic)
                || part_of_name(&term.text, &blanked)
                || second_answer(m, &blanked, &term.text)
                || counted_back(&term.text, &blanked)
                || arbitrary_blank(&term.text, &blanked, m.chunk, f.heading)
            {
                return None;
            }
            Some((term, sal, blanked))
        })
}

/// Whether `QUIZ_DEBUG` is set (read once).
fn debugging() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("QUIZ_DEBUG").is_some())
}

/// With `QUIZ_DEBUG` set, one JSON line on standard error per statement the rules read: which
/// of the statement checks it passes, its terms, those that rank as keys and the key chosen,
/// so a section that gives no item shows why without a rebuild.
fn debug_fact(m: &Material, f: &Fact, sentence: &str) {
    let row = serde_json::json!({
        "chunk": m.chunk.id,
        "statement": sentence,
        "is_statement": is_statement(sentence),
        "fragment": fragment(sentence),
        "about_the_docs": about_the_docs(sentence),
        "label_run": label_run(sentence, m.corpus),
        "has_verb": has_verb(sentence, m.corpus),
        "terms": terms(f.md).iter().map(|t| format!("{} ({:?})", t.text, t.kind)).collect::<Vec<_>>(),
        "ranked": ranked_terms(f.md, m.scope_terms, m.corpus)
            .iter()
            .map(|(t, s)| format!("{} {s:.2}", t.text))
            .collect::<Vec<_>>(),
        "key": pick_key(m, f).or_else(|| phrase_key(m, f)).map(|k| k.0.text),
    });
    eprintln!("QUIZ_DEBUG_STATEMENT {row}");
}

/// Cloze, multiple choice and true/false from one fact.
///
/// True/false items are made only from claims ([`claim`]) and only by swapping the key for a
/// distractor that stands where the key stands elsewhere in the docs: a negation ("cannot",
/// "only manually") garbles more statements than it falsifies, and an instruction or a
/// negated sentence is neither plainly true nor plainly false.
fn fact_items(m: &Material, f: &Fact) -> Vec<Candidate> {
    let chunk = m.chunk;
    let sentence = plain(f.md);
    if debugging() {
        debug_fact(m, f, &sentence);
    }
    if !is_statement(&sentence) || fragment(&sentence) || about_the_docs(&sentence) {
        return Vec::new();
    }
    if label_run(&sentence, m.corpus) || !has_verb(&sentence, m.corpus) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let src = source(chunk, f.heading, f.md);
    let why = explanation(m, f.heading, f.md);
    let fact = fact_key(&sentence);
    // A sentence holding a value only an example uses (`great`, `SF`: code seen on few
    // pages) is about the example ("searching for great returns 595 results").
    if terms(f.md)
        .iter()
        .any(|t| t.kind == TermKind::Code && !crate::salience::acceptable(t, m.corpus))
    {
        return out;
    }
    let Some(((term, sal, blanked), phrase)) = pick_key(m, f)
        .map(|k| (k, false))
        .or_else(|| phrase_key(m, f).map(|k| (k, true)))
    else {
        return out;
    };
    if !enough_context(&blanked) || paired_name(&term, &blanked) {
        return out;
    }
    // A blank that `true` or `false` fills is a coin flip, and the setting's name often says
    // which ("When disableOnNumbers is set to _____"): the other value makes the false
    // version of a true-or-false item instead.
    if let Some(other) = boolean_flip(&term.text) {
        if claim(&sentence, m.corpus) {
            let false_one = blanked.replacen("_____", other, 1);
            out.push(true_false(
                &sentence,
                Some(&false_one),
                src,
                why,
                sal,
                fact,
                2,
            ));
        }
        return out;
    }
    let repeated = m.scope_terms.tf(&term.text) >= 2;
    let shown = without_asides(&blanked);
    let mut cloze = item(
        ItemKind::Cloze,
        format!("Fill in the blank: {shown}"),
        src.clone(),
        why.clone(),
        if repeated { 2 } else { 3 },
        Level::Recall,
    );
    cloze.answers = vec![term.text.clone()];
    out.push(Candidate {
        item: cloze,
        alternate: None,
        salience: sal,
        fact: fact.clone(),
    });
    let ds = if phrase {
        phrase_distractors(&term.text, &blanked, m, 3)
    } else {
        distractors(&term, &blanked, m, 3)
    };
    if ds.len() == 3 {
        let mut options: Vec<String> = std::iter::once(term.text.clone())
            .chain(ds.iter().cloned())
            .collect();
        shuffle(&mut options, &sentence);
        let key = options.iter().position(|o| *o == term.text).unwrap_or(0);
        let mut mcq = item(
            ItemKind::MultipleChoice,
            format!("Which completes the sentence? {shown}"),
            src.clone(),
            why.clone(),
            if repeated { 1 } else { 2 },
            Level::Recall,
        );
        mcq.options = options;
        mcq.key = vec![key];
        out.push(Candidate {
            item: mcq,
            alternate: None,
            salience: sal,
            fact: fact.clone(),
        });
    }
    // A false statement a learner could believe: the key swapped for a real term that stands
    // in the key's place elsewhere in the docs.
    // A phrase of prose swapped for another is no plain falsehood: "the brand counts should
    // reflect the search" is as true as "the facet counts should".
    // Under a heading of trouble ("Error codes", "Other Issues") a sentence states an error's
    // condition or a symptom, true only of the case it describes: reviewers kept 5 of 19 such
    // statements and judged 6 of their keys wrong (rounds up to 69).
    if !phrase && claim(&sentence, m.corpus) && !ds.is_empty() && !trouble_heading(m, f, false) {
        // A number under a bound is false one way only ("below 40 MB" is below 50 MB).
        let false_one = swap_is_false(&term)
            .then(|| crate::bound::false_value(&blanked, &term.text, &ds))
            .flatten()
            .map(|d| with_article(&blanked, d));
        out.push(true_false(
            &sentence,
            false_one.as_deref(),
            src,
            why,
            sal,
            fact,
            2,
        ));
    }
    out
}

/// The other boolean literal, when `key` is one (`true` -> `false`).
fn boolean_flip(key: &str) -> Option<&'static str> {
    match key {
        "true" => Some("false"),
        "false" => Some("true"),
        _ => None,
    }
}

/// Whether a sentence with its key swapped for another term of the docs is false by the
/// source. A quantity has one value ("up to 100,000 rows" is not "up to 200,000"); a name
/// usually stands in a relation that others share: "Timeshift requires a USB device" does
/// not make "... requires the service provider settings" false, nor does "results include
/// `performanceDetails`" deny `processingTimeMs`. Reviewers judged the key of such a false
/// version wrong 17 times in 87 and kept 0.38 of them (rounds up to 42), against 1 in 64 and
/// 0.64 for a swapped number; the true version of the sentence stays a candidate. Judged on
/// what it changes (round 43): 16 of 26 new items kept, 25 keys right, against 16 of 30 and 26.
fn swap_is_false(key: &Term) -> bool {
    matches!(key.kind, TermKind::Number(_))
}

/// A section that points elsewhere ("Next steps", "See also", "Learn more"): its sentences
/// are link blurbs ("Check the status of asynchronous operations in real time."), not facts.
pub(crate) fn navigation(heading: Option<&str>) -> bool {
    let h = heading.unwrap_or("").trim().to_lowercase();
    [
        "next steps",
        "next step",
        "see also",
        "learn more",
        "related",
        "related pages",
        "related topics",
        "further reading",
        "what's next",
        "where to go next",
    ]
    .contains(&h.as_str())
}

/// A true/false item on a claim derived from the fact `f` (a rule with another consequence, a
/// limit or threshold with a case): "True or false: according to “T”, <claim>", at apply level.
/// `claim` carries its final stop.
pub(crate) fn derived_true_false(
    m: &Material,
    f: &Fact,
    t: &str,
    sentence: &str,
    claim: &str,
    key: usize,
    basis: Basis,
) -> Item {
    let mut it = item(
        ItemKind::TrueFalse,
        format!("True or false: according to “{t}”, {claim}"),
        source(m.chunk, f.heading, f.md),
        format!("From “{t}”: {sentence}"),
        2,
        basis.level(),
    );
    it.options = vec!["True".into(), "False".into()];
    it.key = vec![key];
    it.basis = basis;
    it
}

/// A true/false item on the fact `f` with no false version: `truth` as the source says it (a
/// plain sentence).
pub(crate) fn true_statement(m: &Material, f: &Fact, truth: &str, sal: f32) -> Candidate {
    true_false(
        truth,
        None,
        source(m.chunk, f.heading, f.md),
        explanation(m, f.heading, f.md),
        sal,
        fact_key(truth),
        2,
    )
}

/// An ordering item from a numbered procedure.
fn ordering(m: &Material, heading: Option<&str>, block: &str) -> Option<Candidate> {
    let chunk = m.chunk;
    let raw = split_items(block);
    if labelled_list(&raw) {
        return None;
    }
    let items: Vec<String> = raw
        .iter()
        .map(|s| {
            let p = plain(s);
            // The action is the first sentence; what follows explains it.
            match p.find(". ") {
                Some(i) => p[..=i].to_string(),
                None => p,
            }
        })
        .collect();
    if !(3..=8).contains(&items.len()) || crate::forms::practices(heading, &items) {
        return None;
    }
    let mut options = items.clone();
    shuffle(&mut options, block);
    if options == items {
        options.rotate_left(1);
    }
    let key: Vec<usize> = items
        .iter()
        .filter_map(|s| options.iter().position(|o| o == s))
        .collect();
    let t = topic(m, heading);
    let mut it = item(
        ItemKind::Ordering,
        format!("Put these steps for “{t}” in the right order."),
        source(chunk, heading, block),
        format!("From “{t}”: {}", items.join(" ")),
        if items.len() >= 5 { 3 } else { 2 },
        Level::Recall,
    );
    it.options = options;
    it.key = key;
    Some(Candidate {
        item: it,
        alternate: None,
        salience: 0.6,
        fact: fact_key(block),
    })
}

/// Whether every item of a list opens with a bold label ("1. **Handle progress updates** by
/// ...", "1. **Flexibility**: ...", "1. **Keyword search** (`semanticRatio: 0.0`) ..."): a
/// numbered list of tools, advantages or parallel queries, whose numbers count rather than
/// order. Reviewers kept 2 of 8 judged ordering items over such lists (the 2 the ranking rules,
/// whose order is the point); of 179 over lists of plain steps, 110.
fn labelled_list(items: &[&str]) -> bool {
    !items.is_empty()
        && items.iter().all(|i| {
            i.strip_prefix("**")
                .and_then(|rest| rest.find("**"))
                .is_some_and(|end| end > 0)
        })
}

/// "Which of these statements are true?" over bulleted facts holding numbers: every other one
/// made false with a distractor of its term.
fn number_statements(m: &Material, heading: Option<&str>, items: &[&str]) -> Option<Candidate> {
    let chunk = m.chunk;
    let with_terms: Vec<(&str, Term)> = items
        .iter()
        .filter_map(|i| {
            terms(i)
                .into_iter()
                .find(|t| matches!(t.kind, TermKind::Number(_)))
                .map(|t| (*i, t))
        })
        .filter(|(i, _)| (4..=30).contains(&words(&plain(i))))
        .collect();
    if with_terms.len() < 3 {
        return None;
    }
    let mut options = Vec::new();
    let mut truth = Vec::new();
    for (n, (md, term)) in with_terms.iter().take(4).enumerate() {
        let blanked = plain(&format!("{}{BLANK}{}", &md[..term.start], &md[term.end..]))
            .replace(BLANK, "_____");
        let d = if n % 2 == 1 {
            distractors(term, &blanked, m, 1).pop()
        } else {
            None
        };
        match d {
            Some(d) => {
                options.push(blanked.replacen("_____", &d, 1));
                truth.push(false);
            }
            None => {
                options.push(plain(md));
                truth.push(true);
            }
        }
    }
    if truth.iter().all(|t| *t) {
        return None;
    }
    let t = topic(m, heading);
    let mut ms = item(
        ItemKind::MultipleSelect,
        format!("Which of these statements about “{t}” are true? Select all that apply."),
        source(chunk, heading, &items.join("\n")),
        format!(
            "From “{t}”: {}",
            with_terms
                .iter()
                .map(|(i, _)| plain(i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        3,
        Level::Recall,
    );
    ms.key = truth
        .iter()
        .enumerate()
        .filter(|(_, t)| **t)
        .map(|(i, _)| i)
        .collect();
    ms.options = options;
    Some(Candidate {
        item: ms,
        alternate: None,
        salience: 0.6,
        fact: fact_key(&items.join(" ")),
    })
}

/// Short answer where a single short answer exists: the term a definition defines
/// ("**Term**: meaning", "**Term** — meaning"), asked from its meaning.
/// Whether the text after a bold label reads as a definition of it: a noun phrase or clause
/// ("a role that can ...", "the process of ...", "how close together the query terms
/// appear") or a predicate of
/// the term ("returns results as the user types", "automatically handles misspellings").
/// Not an instruction ("Restrict results to ...", "use a local model ..."), a clause with a
/// subject of its own ("smaller documents are processed more quickly"), a sentence ("A user
/// searches ...", "This feature may change ...") or a bare list. Judged blind (rounds up to
/// 39), "which term is defined as" items of the first kind were kept 17 of 27 times, of the
/// others 1 of 17.
pub(crate) fn reads_as_definition(meaning: &str) -> bool {
    let ws: Vec<&str> = meaning.split_whitespace().collect();
    let predicate = |w: &str| {
        w.len() > 3
            && w.chars().all(|c| c.is_ascii_lowercase())
            && w.ends_with('s')
            && !w.ends_with("ss")
    };
    match ws.as_slice() {
        [first, second, ..] => {
            matches!(
                *first,
                "a" | "an"
                    | "one"
                    | "the"
                    | "how"
                    | "what"
                    | "where"
                    | "when"
                    | "whether"
                    | "which"
            ) || predicate(first)
                || (first.ends_with("ly") && predicate(second))
        }
        _ => false,
    }
}

fn definition(m: &Material, f: &Fact) -> Option<Candidate> {
    let chunk = m.chunk;
    let md = f.md.trim();
    let rest = md.strip_prefix("**")?;
    let close = rest.find("**")?;
    let term = plain(&rest[..close]);
    let after = rest[close + 2..].trim_start();
    let meaning = [":", "—", "–", " - "]
        .iter()
        .find_map(|sep| after.strip_prefix(sep.trim_start()))?
        .trim();
    let meaning = plain(meaning);
    // "Combine multiple filters ..." defines "Filtering": a form of the term gives it away.
    if words(&meaning) < 4
        || words(&term) > 4
        || term.ends_with('.')
        || crate::forms::names_label(&meaning, &term)
    {
        return None;
    }
    // A label of a list of use cases or examples ("E-commerce faceted navigation") is no
    // term of the product: the section says so, or the corpus never uses it elsewhere.
    let section = topic(m, f.heading).to_lowercase();
    let showcase = ["use case", "example", "scenario", "showcase"]
        .iter()
        .any(|w| section.contains(w));
    // "**Environment variable**: `MEILI_ENV`": a field of a record the docs repeat, not a
    // term (round 15, 19 and 22's reviewers: a wrong key each time).
    if showcase
        || (m.corpus.chunks() > 20 && m.corpus.df(&term) <= 1)
        || m.corpus.field_label(&term)
        || !reads_as_definition(&meaning)
    {
        return None;
    }
    let mut sa = item(
        ItemKind::ShortAnswer,
        format!(
            "In “{}”, which term is defined as: “{}”?",
            topic(m, f.heading),
            meaning.trim_end_matches('.')
        ),
        source(chunk, f.heading, f.md),
        explanation(m, f.heading, f.md),
        2,
        Level::Recall,
    );
    sa.answers = vec![term];
    Some(Candidate {
        item: sa,
        alternate: None,
        salience: 0.7,
        fact: fact_key(md),
    })
}

/// Every recall-level candidate of one chunk (and orderings and numeric statements).
pub fn candidates(m: &Material) -> Vec<Candidate> {
    let p = parts(m.chunk);
    let mut out = Vec::new();
    for f in p.facts.iter().filter(|f| !navigation(f.heading)) {
        let before = out.len();
        out.extend(fact_items(m, f));
        out.extend(definition(m, f));
        out.extend(denial_item(m, f));
        if out.len() == before {
            out.extend(contrary_item(m, f));
        }
    }
    for (heading, block) in &p.steps {
        out.extend(ordering(m, *heading, block));
    }
    for (heading, _, items) in &p.bullets {
        out.extend(number_statements(m, *heading, items));
    }
    out
}

/// A key for a fact no marked term holds: a two-word phrase the scope uses in two chunks or
/// more, with a word that is specific to the scope (in at most an eighth of the corpus):
/// "The /keys route can only be accessed using the _____" (master key).
pub(crate) fn phrase_key(m: &Material, f: &Fact) -> Option<(Term, f32, String)> {
    let specific = |p: &str| {
        p.split(' ')
            .any(|w| (m.corpus.word_df(w) as f32) <= m.corpus.chunks() as f32 / 8.0)
    };
    if states_quantity(f.md) {
        return None;
    }
    let mut best: Option<(usize, Term)> = None;
    for (start, end, p) in phrases(f.md) {
        if in_example(f.md, start) || !specific(&p) {
            continue;
        }
        let n = m
            .scope
            .iter()
            .filter(|c| m.memo.phrases(c).contains(&p))
            .count();
        if n >= 2 && best.as_ref().is_none_or(|(b, _)| n > *b) {
            let term = Term {
                text: p,
                kind: TermKind::Name,
                start,
                end,
            };
            best = Some((n, term));
        }
    }
    let (_, term) = best?;
    if !named_by_docs(m, &term.text) {
        return None;
    }
    let blanked = blanked_stem(f.md, term.start, term.end);
    if !blanked.contains("_____") || words(&blanked) < 5 {
        return None;
    }
    if gives_away(&term, &blanked, m.topic)
        || second_answer(m, &blanked, &term.text)
        || arbitrary_blank(&term.text, &blanked, m.chunk, f.heading)
    {
        return None;
    }
    Some((term, 0.4, blanked))
}

/// Whether the docs name `phrase` as a term of theirs: a heading or title of the scope or its
/// neighbours holds it ("Master key"), or a text marks it (bold, code or a link). A phrase
/// of prose the docs never mark ("each query term", "the optimal volume") is a description
/// that other words fill as well.
///
/// Flat text marks nothing, so there nothing tells a term from a phrase of prose, and no
/// phrase passes: of 43 judged items keyed on a lowercase phrase of the flat-text manual
/// ("optimal volume", "background color", "service provider") reviewers kept 15% (worth
/// asking 25%), against 32% for its other keys and 53% for such phrases in marked docs.
pub(crate) fn named_by_docs(m: &Material, phrase: &str) -> bool {
    if !marked(m) {
        return false;
    }
    let p = phrase.to_lowercase();
    let stem = p.trim_end_matches('s');
    m.scope
        .iter()
        .chain(m.neighbours.iter())
        .chain(std::iter::once(&m.chunk))
        .any(|c| {
            let heads = format!("{} | {}", c.title, c.heading_path.join(" | ")).to_lowercase();
            let text = c.text.to_lowercase();
            heads.contains(stem)
                || ["**", "`", "["]
                    .iter()
                    .any(|mark| text.contains(&format!("{mark}{stem}")))
        })
}

/// Distractors for a phrase key: other phrases with its head noun ("admin key" for "master
/// key") that the scope or the neighbours use, none the source chunk holds and none that
/// makes the statement true anywhere.
pub(crate) fn phrase_distractors(
    key: &str,
    blanked: &str,
    m: &Material,
    want: usize,
) -> Vec<String> {
    let head = key.rsplit(' ').next().unwrap_or("");
    let mut out: Vec<String> = Vec::new();
    for c in m.scope.iter().chain(m.neighbours.iter()) {
        for p in m.memo.phrases(c).iter() {
            let first = p.split(' ').next().unwrap_or("");
            if p != key
                && p.rsplit(' ').next() == Some(head)
                && !first.ends_with("ing")
                && !first.ends_with("ed")
                && !same_words(p, key)
                && !clipped_form(p, key)
                && modifier_reads_as_name(p, m)
                && !out.contains(p)
                && !contains(&m.chunk.text, p)
                && !stated_anywhere(m, &blanked.replacen("_____", p, 1))
            {
                out.push(p.clone());
                if out.len() == want {
                    return out;
                }
            }
        }
    }
    out
}

/// Whether every word of a phrase before its head is a content word the docs do not use as
/// an imperative: "generate chat", "between rules" and "two rules" are no names of things.
pub(crate) fn modifier_reads_as_name(phrase: &str, m: &Material) -> bool {
    let ws: Vec<&str> = phrase.split(' ').collect();
    let Some((_, mods)) = ws.split_last() else {
        return false;
    };
    mods.iter().all(|w| {
        let capital = crate::text::upper_first(w);
        crate::scope::key_words(w).len() == 1
            && crate::text::spelled_value(w).is_none()
            && !w.chars().any(|c| c.is_ascii_digit())
            && !m.corpus.imperative(&capital)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::denial::affirmative;
    use crate::distractors::{distractors, in_list, number_fits};
    use crate::giveaway::gives_away;
    use crate::giveaway::numbers_in;
    use crate::giveaway::{
        arbitrary_blank, clipped_form, continues_sequence, counted_back, enough_context,
        incidental, inside_identifier, list_member, names_its_section, number_in_words,
        paired_name, parenthesised, part_of_name, same_quantity, second_answer, spelled_out,
        within_stated_range, without_asides,
    };
    use crate::material::parts;
    use crate::material::{neutral_article, with_material, with_scope};
    use crate::material::{without_menu_path, Candidate};
    use crate::phrases::phrases;
    use crate::salience::Corpus;
    use crate::sentence::{
        about_the_docs, after_label_run, artefacts, claim, common_imperative, cross_reference,
        fragment, has_verb, in_example, label_run, self_contained, states_quantity,
    };
    use docent_core::Chunk;

    /// Every stem a chunk's candidates could show (true/false: both versions).
    fn stems(texts: &[&str], topic: &str) -> Vec<(ItemKind, String)> {
        with_material(texts, topic, |m| {
            candidates(m)
                .into_iter()
                .flat_map(|c| std::iter::once(c.item).chain(c.alternate))
                .map(|i| (i.kind, i.stem))
                .collect()
        })
    }

    #[test]
    fn only_a_noun_phrase_or_a_predicate_of_the_term_defines_it() {
        for d in [
            "a role that can view content shared with it; free",
            "the process of reading new data from a data source",
            "returns results as the user types",
            "automatically handles misspellings using Levenshtein distance",
        ] {
            assert!(reads_as_definition(d), "{d}");
        }
        for n in [
            "Restrict results to a specific time window, such as recent articles",
            "smaller documents are processed more quickly",
            "This feature may change or be removed in future versions",
            "use a local model running inside Meilisearch",
        ] {
            assert!(!reads_as_definition(n), "{n}");
        }
        // A use-case label is never asked for by its description.
        let got = stems(
            &["- **Faster indexing**: smaller documents are processed more quickly.\n- **Tile**: one chart, number or table on a dashboard."],
            "indexing",
        );
        assert!(
            !got.iter()
                .any(|(k, s)| *k == ItemKind::ShortAnswer && s.contains("smaller documents")),
            "{got:?}"
        );
    }

    #[test]
    fn in_flat_text_a_stem_names_the_title_not_a_recovered_heading() {
        let steps = "## Pause Play\n\n1. Press the Play button on the remote.\n2. Select the speed option repeatedly.\n3. Press the Stop button to end playback.\n";
        let ordering_stem = |filler: &dyn Fn(usize) -> String| {
            let others: Vec<String> = (0..24).map(filler).collect();
            let mut texts = vec![steps];
            texts.extend(others.iter().map(String::as_str));
            stems(&texts, "playback")
                .into_iter()
                .find(|(k, _)| *k == ItemKind::Ordering)
                .map(|(_, s)| s)
        };
        let flat = ordering_stem(&|i| format!("You can pair device number {i} with the TV."));
        assert_eq!(
            flat.as_deref(),
            Some("Put these steps for “Doc 0” in the right order.")
        );
        let marked = ordering_stem(&|i| format!("You can pair device **number {i}** with the TV."));
        assert_eq!(
            marked.as_deref(),
            Some("Put these steps for “Pause Play” in the right order.")
        );
    }

    #[test]
    fn steps_under_an_outline_heading_are_named_by_the_title() {
        let text = "## Overview\n\n1. Export your data from the old engine.\n2. Prepare your data for import.\n3. Import your data into the new index.\n";
        let got = stems(&[text], "migrating");
        assert!(
            got.iter()
                .any(|(k, s)| *k == ItemKind::Ordering && s.contains("“Doc 0”")),
            "{got:?}"
        );
        assert!(!got.iter().any(|(_, s)| s.contains("Overview")), "{got:?}");
    }

    const OTHERS: &[&str] = &[
        "You can pair a Bluetooth device with the TV to hear its sound.",
        "Press the VOL button to change the volume of the TV.",
        "You need to press the Home button to open the menu.",
    ];

    /// The true/false items of a scope of the first of `texts` alone, in a corpus of all
    /// of them.
    fn scope_of_one(texts: &[String], topic: &str) -> Vec<String> {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        with_scope(&texts, 1, topic, |m| {
            candidates(m)
                .into_iter()
                .filter(|c| c.item.kind == ItemKind::TrueFalse)
                .map(|c| c.item.stem)
                .collect()
        })
    }

    #[test]
    fn a_statement_without_a_key_is_asked_true_or_false_against_its_contrary() {
        let got = stems(
            &["Lower numeric values take precedence over higher ones. \
               A `filter` may exclude rows. Pinned documents are ranked higher than organic hits."],
            "precedence",
        );
        let tf: Vec<&str> = got
            .iter()
            .filter(|(k, _)| *k == ItemKind::TrueFalse)
            .map(|(_, s)| s.as_str())
            .collect();
        // One word turns; a sentence naming both words of a pair says the same turned.
        assert!(
            tf.contains(&"True or false: Pinned documents are ranked lower than organic hits."),
            "{tf:?}"
        );
        assert!(!tf.iter().any(|s| s.contains("precedence")), "{tf:?}");
        // A hedge's contrary is as true as the hedge.
        assert!(!tf.iter().any(|s| s.contains("rows")), "{tf:?}");
        // Nor is what one can do false turned round, nor a condition the claim rests on.
        let got = stems(
            &["You can turn on the `Voice Guide` for the menus. \
               Once enabled, the `Voice Guide` reads every menu aloud to the viewer."],
            "voice guide",
        );
        assert!(
            !got.iter()
                .any(|(_, s)| s.contains("turn off") || s.contains("disabled")),
            "{got:?}"
        );
        // A label run into its description is no statement to turn.
        let got = stems(
            &[
                "Dynamic Makes the picture brighter in bright viewing rooms.",
                "Vivid Boosts the colours for a bright room to make them stand out.",
                "Makes the sound clearer for every viewer. Makes the menu larger for every viewer. \
               Makes the text bolder for every viewer. Makes the icons sharper for every viewer. \
               Makes the clock larger for every viewer.",
            ],
            "picture modes",
        );
        assert!(!got.iter().any(|(_, s)| s.contains("darker")), "{got:?}");
        // A second word with a capital beyond ASCII is read, not sliced.
        let got = stems(
            &["Vivid Éclats make the picture brighter in bright viewing rooms."],
            "picture modes",
        );
        assert!(got.iter().all(|(_, s)| !s.is_empty()), "{got:?}");
        // Nor one whose second word is a third person the docs use ("to boost").
        let got = stems(
            &[
                "Vivid Boosts the colours so the picture looks brighter in bright rooms.",
                "Use it to boost the colours.",
            ],
            "picture modes",
        );
        assert!(!got.iter().any(|(_, s)| s.contains("darker")), "{got:?}");
        // Under a heading of trouble, sentences state symptoms.
        let got = stems(
            &["## Troubleshooting\n\nPinned documents are ranked higher than organic hits."],
            "pinning",
        );
        assert!(
            !got.iter().any(|(k, _)| *k == ItemKind::TrueFalse),
            "{got:?}"
        );
    }

    #[test]
    fn a_section_of_markdown_docs_that_marks_nothing_is_no_flat_text() {
        let section = "Updating a synonym list reindexes the documents of the index. \
            Changes to [displayed attributes](/displayed) do not trigger a full reindex."
            .to_string();
        let marked = |i: usize| format!("Set `option{i}` to **on** for feature {i}.");
        let plain = |i: usize| format!("Set option {i} to on for feature {i}.");
        let denial =
            "True or false: Changes to displayed attributes do not trigger a full reindex.";
        // Markdown docs: the section's denied state is a statement to learn.
        let md: Vec<String> = std::iter::once(section.clone())
            .chain((0..24).map(marked))
            .collect();
        let got = scope_of_one(&md, "settings that trigger a full reindex");
        assert!(got.iter().any(|s| s == denial), "{got:?}");
        // Flat text: a denied state may be a symptom a lost table stated.
        let flat: Vec<String> = std::iter::once(section).chain((0..24).map(plain)).collect();
        let got = scope_of_one(&flat, "settings that trigger a full reindex");
        assert!(!got.iter().any(|s| s == denial), "{got:?}");
    }

    #[test]
    fn a_boolean_value_is_asked_true_or_false_not_as_a_blank() {
        let mut texts = vec![
            "# Typo tolerance\n\nWhen `disableOnNumbers` is set to `true`, queries made of numbers only return exact matches.",
        ];
        texts.extend(OTHERS);
        // The scope names the setting, so its value is the key.
        let s = stems(&texts, "typo tolerance settings: disableOnNumbers");
        assert!(
            !s.iter()
                .any(|(k, _)| matches!(k, ItemKind::Cloze | ItemKind::MultipleChoice)),
            "{s:?}"
        );
        let tf: Vec<&String> = s
            .iter()
            .filter(|(k, _)| *k == ItemKind::TrueFalse)
            .map(|(_, t)| t)
            .collect();
        assert!(tf.iter().any(|t| t.contains("set to true")), "{s:?}");
        assert!(tf.iter().any(|t| t.contains("set to false")), "{s:?}");
    }

    #[test]
    fn a_denied_state_is_a_true_false_item_unless_a_remedy_follows() {
        let mut texts = vec!["# API keys\n\nKeys do not expire on their own. A key has the `read` or the `write` scope."];
        texts.extend(OTHERS);
        let s = stems(&texts, "keys");
        assert!(
            s.iter().any(|(k, t)| *k == ItemKind::TrueFalse
                && (t.contains("Keys expire on their own") || t.contains("Keys do not expire"))),
            "{s:?}"
        );
        // The same kind of sentence is a problem when the next one says what to do.
        let mut texts = vec![
            "# Setting the time\n\nThe TV is not connected to the Internet. Check the **network** cable.",
        ];
        texts.extend(OTHERS);
        let s = stems(&texts, "time");
        assert!(
            !s.iter()
                .any(|(k, t)| *k == ItemKind::TrueFalse && t.contains("connected to the Internet")),
            "{s:?}"
        );
    }

    #[test]
    fn a_field_label_the_docs_repeat_is_no_term_to_define() {
        let record =
            "### Option\n\n**Environment variable**: `MEILI_OPTION`\n\n**CLI option**: `--option`";
        let defined = |first: &str| {
            let mut texts = vec![first];
            texts.extend([record; 5]);
            stems(&texts, "configuration")
                .into_iter()
                .filter(|(k, t)| *k == ItemKind::ShortAnswer && t.contains("which term is defined"))
                .count()
        };
        // A term the docs define once is asked from its meaning ...
        assert_eq!(
            defined("**Proximity**: how close together the query terms appear in a document."),
            1
        );
        // ... a label that opens lines of five more chunks is a record's field.
        assert_eq!(
            defined(
                "**Environment variable**: the name under which the operating system passes this setting to the instance."
            ),
            0
        );
    }

    #[test]
    fn a_cause_listed_under_errors_is_no_denial_item() {
        let stems_of = |title: &str| {
            let text = format!(
                "# {title}\n\nThe database user cannot read a table of the `sales` schema."
            );
            let mut texts = vec![text.as_str()];
            texts.extend(OTHERS);
            stems(&texts, "tables")
                .into_iter()
                .filter(|(k, t)| *k == ItemKind::TrueFalse && t.contains("can read a table"))
                .count()
        };
        assert_eq!(stems_of("Table permissions"), 1);
        assert_eq!(stems_of("Common sync errors"), 0);
    }

    #[test]
    fn no_true_false_by_negation() {
        let mut texts =
            vec!["You can record only the programs that are received through an antenna."];
        texts.extend(OTHERS);
        let s = stems(&texts, "recording");
        assert!(
            !s.iter().any(|(k, _)| *k == ItemKind::TrueFalse),
            "a negated modal made a true/false item: {s:?}"
        );
    }

    #[test]
    fn a_name_is_swapped_only_for_one_the_docs_put_in_its_slot() {
        let mut texts = vec!["To use Timeshift, you must connect a USB device for recording."];
        texts.extend(OTHERS);
        let options: Vec<String> = with_material(&texts, "recording", |m| {
            let facts = parts(m.chunk).facts;
            let (term, _, blanked) = pick_key(m, &facts[0]).expect("a key");
            assert_eq!(term.text, "USB");
            distractors(&term, &blanked, m, 3)
        });
        assert!(options.iter().any(|o| o == "Bluetooth"), "{options:?}");
        // "VOL" is an acronym like "USB" but no device: it never stands before "device".
        assert!(!options.iter().any(|o| o == "VOL"), "{options:?}");
    }

    #[test]
    fn a_false_statement_swaps_a_number_never_a_name() {
        // "Timeshift requires a USB device" does not make "... a Bluetooth device" false: the
        // true statement stands alone.
        let mut texts = vec!["To use Timeshift, you must connect a USB device for recording."];
        texts.extend(OTHERS);
        let tfs: Vec<Candidate> = with_material(&texts, "recording", |m| {
            candidates(m)
                .into_iter()
                .filter(|c| c.item.kind == ItemKind::TrueFalse)
                .collect()
        });
        assert!(!tfs.is_empty());
        assert!(
            tfs.iter()
                .all(|c| c.alternate.is_none() && c.item.key == [0]),
            "{:?}",
            tfs.iter().map(|c| &c.alternate).collect::<Vec<_>>()
        );
        // A quantity has one value: its swap is false.
        let mut texts = vec!["An XLSX export holds 100,000 rows at most."];
        texts.extend(OTHERS);
        texts.push("A CSV export holds 1,000,000 rows at most.");
        let s = stems(&texts, "exports");
        assert!(
            s.iter().any(|(k, t)| *k == ItemKind::TrueFalse
                && t.contains("XLSX")
                && !t.contains("100,000")),
            "{s:?}"
        );
    }

    #[test]
    fn a_name_without_a_slot_gets_no_distractors() {
        let mut texts =
            vec!["Bixby listens through the microphone built into the Samsung Smart Remote."];
        texts.extend(OTHERS);
        texts.push("The Samsung Smart Remote and the Samsung Account screen are shown.");
        texts.push("Open the Samsung Account screen and the View Tutorial screen.");
        let s = stems(&texts, "voice assistant");
        assert!(s.iter().any(|(k, _)| *k == ItemKind::Cloze), "{s:?}");
        assert!(
            !s.iter()
                .any(|(k, _)| matches!(k, ItemKind::TrueFalse | ItemKind::MultipleChoice)),
            "{s:?}"
        );
    }

    #[test]
    fn a_key_the_topic_names_is_no_key() {
        let mut texts = vec!["Anynet+ devices must be connected with an HDMI cable to work."];
        texts.extend(OTHERS);
        let s = stems(&texts, "Anynet+ (HDMI-CEC)");
        assert!(s.is_empty(), "{s:?}");
        assert!(!stems(&texts, "external devices").is_empty());
    }

    #[test]
    fn a_statement_under_a_heading_of_trouble_is_no_true_or_false_item() {
        let tf = |heading: &str| {
            let text = format!(
                "## {heading}\n\nIn Retail Mode, the `Picture Mode` is reset every 5 minutes."
            );
            stems(&[&text], "retail mode")
                .into_iter()
                .filter(|(k, _)| *k == ItemKind::TrueFalse)
                .count()
        };
        assert!(tf("Retail Mode") > 0);
        assert_eq!(tf("Other Issues"), 0);
        assert_eq!(tf("Error codes"), 0);
    }

    #[test]
    fn a_description_without_its_subject_is_a_fragment() {
        // A capital beyond ASCII reads as its ASCII twin (and is no byte to slice at).
        assert!(fragment("Éclairs the way for every reader."));
        assert!(!fragment("Ås"));
        for f in [
            "Enables the Prometheus /metrics endpoint for monitoring.",
            "Sets the minimum number of threads Meilisearch can use during indexing.",
            "Resets all Smart Hub settings to their factory defaults.",
        ] {
            assert!(fragment(f), "{f}");
        }
        for s in [
            "Changes to displayed attributes do not trigger a full reindex.",
            "Press the button twice.",
            "Focus the field first.",
            "Users see the dashboard once shared.",
        ] {
            assert!(!fragment(s), "{s}");
        }
    }

    #[test]
    fn a_list_of_bold_labels_is_no_procedure() {
        let tools = "## Chat tools\n\nFor the best experience, configure all of these tools.\n\n1. **Handle progress updates** by displaying search status to users\n2. **Append conversation messages** as requested to keep context\n3. **Display source documents** to users for transparency\n4. **Use `call_id`** to pair progress updates with their sources\n";
        let steps = "## Rotate a key\n\nTo rotate a key safely, do this.\n\n1. Create a new key with the same actions and indexes\n2. Update your application to use the new key\n3. Verify that the application works with the new key\n4. Delete the old key\n";
        let orderings = |text: &str| {
            with_material(&[text], "keys", |m| {
                candidates(m)
                    .into_iter()
                    .filter(|c| c.item.kind == ItemKind::Ordering)
                    .count()
            })
        };
        assert_eq!(orderings(tools), 0);
        assert_eq!(orderings(steps), 1);
    }

    #[test]
    fn a_sales_line_on_speed_is_no_fact() {
        for pitch in [
            "Get started with Meilisearch using the Go SDK in 5 minutes.",
            "SDKs for 10+ languages and sensible defaults mean you go from zero to production search in minutes, not weeks.",
            "The fastest way to get started is with Meilisearch Cloud, which gives you a running instance in minutes.",
        ] {
            assert!(about_the_docs(pitch), "{pitch}");
        }
        for fact in [
            "The key expires in 5 minutes.",
            "A snapshot is created every 5 minutes by default.",
            "Indexing a batch of 10,000 documents takes about two minutes.",
        ] {
            assert!(!about_the_docs(fact), "{fact}");
        }
    }

    #[test]
    fn instructions_negations_fragments_and_pointers_are_no_claims() {
        let corpus = Corpus::build(&[]);
        let c = with_material(
            &["You need to press it and to move to the list."],
            "x",
            |m| {
                let yes = |s: &str| claim(s, m.corpus);
                assert!(!yes("Press the VOL button to mute the sound."));
                assert!(!yes("Briefly press the VOL button to mute the sound."));
                assert!(!yes(
                    "In the Edit Favorites screen, move to a channel, and then press Select."
                ));
                assert!(!yes(
                    "The TV audio is not being played through the receiver."
                ));
                assert!(!yes(
                    "Words set as synonyms won't always return the same results."
                ));
                assert!(!yes(
                    "The search for great allows one typo (for example, create)."
                ));
                assert!(yes(
                    "Anynet+ devices must be connected to the TV with an HDMI cable."
                ));
                m.corpus.chunks()
            },
        );
        assert_eq!(c, 1);
        assert_eq!(corpus.chunks(), 0);
        assert!(fragment(
            "A search UI pattern that suggests results as the user types, powered by prefix search."
        ));
        assert!(!fragment("A single term may have up to 50 synonyms."));
        assert!(about_the_docs(
            "Learn about the functions available in Ambient Mode, a QLED TV function."
        ));
        assert!(!about_the_docs(
            "Ambient Mode dims the screen after ten minutes."
        ));
        // Hedges on coverage are no facts of the product.
        assert!(about_the_docs(
            "Some Smart Hub features may not be supported depending on the service provider."
        ));
        assert!(about_the_docs(
            "Consent to the collection and use of personal information for the service."
        ));
        assert!(!about_the_docs(
            "The TV supports the WPA2 security protocol for wireless networks."
        ));
    }

    #[test]
    fn pointers_and_placeholders_are_no_facts() {
        assert!(cross_reference(
            "For more options including HuggingFace models, see configuring embedders."
        ));
        assert!(cross_reference(
            "To learn the details, see Configure an OpenAI embedder."
        ));
        assert!(cross_reference(
            "Replace 1536 with the dimension of your embeddings."
        ));
        assert!(!cross_reference(
            "The semanticRatio sets the balance between keyword and semantic results."
        ));
    }

    #[test]
    fn an_instruction_is_no_claim_even_in_a_small_corpus() {
        assert!(common_imperative(
            "Split dashboards with more than 25 tiles into several dashboards."
        ));
        assert!(!common_imperative("Split views are shown side by side."));
        assert!(!common_imperative(
            "Dashboards with more than 25 tiles load slowly."
        ));
    }

    #[test]
    fn a_blank_in_brackets_or_one_of_others_is_an_arbitrary_blank() {
        assert!(list_member(
            "The Accessibility Shortcuts menu allows you to turn _____ and other Accessibility \
             functions on or off."
        ));
        assert!(list_member("Sort by _____ or other numeric fields."));
        assert!(!list_member(
            "Select _____ and then press the Enter button on the remote."
        ));
        assert!(parenthesised(
            "Confirm that the receiver is HDMI (_____) compatible."
        ));
        assert!(!parenthesised(
            "Use an HDMI cable with a thickness of _____ (17 mm) or less."
        ));
    }

    #[test]
    fn one_value_written_two_ways_is_one_answer() {
        assert!(same_quantity("1M tasks", "1 million tasks"));
        assert!(same_quantity("10k documents", "10,000 documents"));
        assert!(!same_quantity("1M tasks", "100,000 tasks"));
        assert!(!same_quantity("a million", "1 million"));
        let texts = [
            "Meilisearch stores up to **1 million tasks** in the task database.",
            "Meilisearch stores up to 1M tasks in the task database.",
            "Meilisearch stores up to 200 batches in the task database.",
        ];
        with_material(&texts[..2], "tasks", |m| {
            assert!(!second_answer(
                m,
                "Meilisearch stores up to _____ in the task database.",
                "1 million tasks"
            ));
        });
        with_material(&texts, "tasks", |m| {
            assert!(second_answer(
                m,
                "Meilisearch stores up to _____ in the task database.",
                "1 million tasks"
            ));
        });
    }

    #[test]
    fn an_article_before_a_blank_is_a_word_not_the_end_of_one() {
        let than = neutral_article("It fails when more than _____ match.".into());
        assert_eq!(than, "It fails when more than _____ match.");
        assert_eq!(
            with_article(&than, "800 documents"),
            "It fails when more than 800 documents match."
        );
        let an = neutral_article("Create an _____ first. A _____ follows.".into());
        assert_eq!(an, "Create a(n) _____ first. A(n) _____ follows.");
        assert_eq!(
            with_article("Create a(n) _____ first.", "index"),
            "Create an index first."
        );
    }

    #[test]
    fn the_shown_stem_leaves_out_a_gloss_or_a_consequence_after_the_blank() {
        assert_eq!(
            without_asides("Use an HDMI cable with a thickness of _____ (17 mm) or less."),
            "Use an HDMI cable with a thickness of _____ or less."
        );
        assert_eq!(
            without_asides(
                "Every condition you add is combined with _____, so the rule fires only when \
                 all conditions are true at the same time."
            ),
            "Every condition you add is combined with _____."
        );
        assert_eq!(
            without_asides(
                "The default hybrid search uses a semanticRatio of _____, giving equal weight \
                 to keyword and semantic results."
            ),
            "The default hybrid search uses a semanticRatio of _____."
        );
        // A purpose may be what says which setting is meant; a blank inside the consequence,
        // a long aside, and a stem too short without its aside stay as they are.
        for kept in [
            "Add the attribute to _____, so that users can filter results by it.",
            "Updates are slow, so _____ batches them before indexing them together.",
            "Cohere v4 defaults to _____ (also supports 256, 512, or 1024 via the \
             output_dimension parameter).",
            "It uses _____, so it is fast.",
        ] {
            assert_eq!(without_asides(kept), kept);
        }
    }

    #[test]
    fn one_member_of_a_list_or_the_sections_own_name_is_an_arbitrary_blank() {
        assert!(list_member(
            "Check the external device (cable box or satellite box, _____, Blu-ray, etc.) first."
        ));
        assert!(list_member(
            "Ranking rules sort by relevancy (words, typo, proximity, _____) or by a field."
        ));
        assert!(!list_member(
            "Make sure that you have the router's _____ and password before you connect."
        ));
        assert!(!list_member(
            "Select _____ and then press the Enter button on the remote."
        ));
        assert!(!list_member(
            "If the host is private, turn on _____ and enter the bastion's host, port and user."
        ));
        assert!(list_member(
            "A query in English can match documents written in French, German, or _____."
        ));
        assert!(!list_member(
            "With _____, Meilisearch only checks whether query terms appear in the same \
             attribute, not their exact distance within it."
        ));
        let c = |title: &str, path: &[&str]| Chunk {
            id: "d#0".into(),
            doc_id: "d".into(),
            ordinal: 0,
            title: title.into(),
            heading_path: path.iter().map(|h| h.to_string()).collect(),
            text: String::new(),
            offset: 0,
            audience: docent_core::Audience::Public,
            product: None,
            kind: docent_core::DocKind::Doc,
            source: "d".into(),
            url: None,
            summary_end: 0,
        };
        let chunk = c(
            "Accessibility Shortcuts menu",
            &["Using the Accessibility Shortcuts menu"],
        );
        assert!(names_its_section("Accessibility Shortcuts", &chunk, None));
        assert!(!names_its_section("Volume button", &chunk, None));
        let pg = c("Connect PostgreSQL", &["Connect", "SSH tunnel"]);
        assert!(!names_its_section("Connect through SSH", &pg, None));
        let sync = c("Fix sync errors", &["Fix sync errors", "Sync history"]);
        assert!(!names_its_section("50 syncs", &sync, None));
        assert!(names_its_section("Sync history", &sync, None));
        // A lone number in a list is a value to learn; one among numbers is a sibling.
        let tab = "Click the Sync tab to see the last _____, their duration, the rows read and any error message.";
        assert!(list_member(tab));
        assert!(!arbitrary_blank("50 syncs", tab, &sync, None));
        let sizes = "The TV plays 720p, 1080p, _____ and 8K video.";
        assert!(arbitrary_blank("4K", sizes, &sync, None));
        // A name numbered in an example ("Doc 2") is no key; a number after a blank's key
        // with a word between is another matter.
        assert!(arbitrary_blank(
            "Doc",
            "Even though _____ 2 has a faster prep time, it ranks second.",
            &sync,
            None
        ));
        assert!(!arbitrary_blank(
            "limit",
            "Set _____ to 20 to get twenty results.",
            &sync,
            None
        ));
        assert!(names_its_section(
            "Expert Settings",
            &c("Sound", &[]),
            Some("Configuring a Sound Mode and Expert Settings")
        ));
    }

    #[test]
    fn a_number_in_words_or_a_form_of_the_key_gives_it_away() {
        assert!(number_in_words(
            "20",
            "If you set limit to _____ and offset to 0, you get the first twenty results."
        ));
        assert!(!number_in_words(
            "20",
            "If you set limit to _____ and offset to 0, you get the first page."
        ));
        let t = |md: &str| terms(md).into_iter().next().unwrap();
        let federation = t("adding the `federation` parameter");
        assert!(gives_away(
            &federation,
            "In federated search mode, add the _____ parameter.",
            &[]
        ));
        assert!(!gives_away(
            &federation,
            "To merge the results of several queries, add the _____ parameter.",
            &[]
        ));
        let filterable = t("add it to `filterableAttributes` first");
        assert!(!gives_away(
            &filterable,
            "Adding an attribute to _____ enables equality filters.",
            &[]
        ));
        // As a number with its unit (as the docs' terms read it) and as a name.
        let channel = terms("To listen to 5.1 channel audio.")
            .into_iter()
            .find(|t| t.text.starts_with("5.1"))
            .unwrap();
        assert!(matches!(channel.kind, TermKind::Number(_)), "{channel:?}");
        assert!(gives_away(
            &channel,
            "To listen to _____ audio, connect a 5.1 home theater system to the device.",
            &[]
        ));
        let channel = Term {
            text: "5.1 channel".into(),
            kind: TermKind::Name,
            start: 0,
            end: 11,
        };
        assert!(gives_away(
            &channel,
            "To listen to _____ audio, connect a 5.1 home theater system to the device.",
            &[]
        ));
        assert!(!gives_away(
            &channel,
            "To listen to _____ audio, connect a home theater system to the device.",
            &[]
        ));
        let empty = t("an empty array `[]` by default");
        assert!(gives_away(
            &empty,
            "By default, the response is an empty array _____.",
            &[]
        ));
    }

    #[test]
    fn a_denied_capability_affirmed_is_the_false_statement() {
        assert_eq!(
            affirmative("You can't use Bluetooth devices and the Wi-Fi Speaker Surround Setup feature simultaneously.").as_deref(),
            Some("You can use Bluetooth devices and the Wi-Fi Speaker Surround Setup feature simultaneously.")
        );
        assert_eq!(
            affirmative("Recording is not supported in the U.S.A. and Canada.").as_deref(),
            Some("Recording is supported in the U.S.A. and Canada.")
        );
        // Hedged, doubly negated or not a denial: no affirmative.
        assert_eq!(
            affirmative("A headphone may not be available, depending on the area."),
            None
        );
        assert_eq!(
            affirmative("You cannot delete it if you are not the owner."),
            None
        );
        // "Not ... until" says when something starts; its affirmative is nonsense.
        assert_eq!(
            affirmative(
                "The rule stays in storage, it just does not fire until you flip it back on."
            ),
            None
        );
        assert_eq!(affirmative("The TV turns off after two hours."), None);
        // A denied verb or state, affirmed.
        assert_eq!(
            affirmative("Keys do not expire on their own.").as_deref(),
            Some("Keys expire on their own.")
        );
        // An adverb before the verb keeps its place; the verb takes the ending.
        assert_eq!(
            affirmative("The referenced index does not automatically link back.").as_deref(),
            Some("The referenced index automatically links back.")
        );
        assert_eq!(
            affirmative("The public link does not change after an edit of the dashboard.")
                .as_deref(),
            Some("The public link changes after an edit of the dashboard.")
        );
        assert_eq!(
            affirmative("The API key doesn't apply to other workspaces.").as_deref(),
            Some("The API key applies to other workspaces.")
        );
        assert_eq!(
            affirmative("Deleted reports are not recoverable.").as_deref(),
            Some("Deleted reports are recoverable.")
        );
        assert_eq!(
            affirmative("The TV won't turn off during a recording.").as_deref(),
            Some("The TV will turn off during a recording.")
        );
        // A limiting "not" ("not only"), two denials, or a hedge: none.
        assert_eq!(affirmative("Tiles are not only for charts."), None);
        assert_eq!(affirmative("Keys do not expire and are not shared."), None);
        assert_eq!(affirmative("Some files may not play."), None);
        assert_eq!(
            affirmative("Although you deleted your account, you are not unsubscribed."),
            None
        );
        assert_eq!(
            affirmative("Samsung is not responsible for lost files."),
            None
        );
        // A reason or consequence hanging on the denial would contradict the affirmative.
        assert_eq!(
            affirmative(
                "Since Meilisearch does not have a built-in Cohere source, you use the REST embedder."
            ),
            None
        );
        assert_eq!(
            affirmative(
                "Dumps are not bound to a specific version, so they are ideal for upgrades."
            ),
            None
        );
        assert_eq!(
            affirmative(
                "Recordings are DRM-protected and therefore cannot be played back on a computer."
            ),
            None
        );
        // The name of a feature is no label run; a menu path still is.
        assert!(!artefacts(
            "You can't use the Wi-Fi Speaker Surround Setup feature and Bluetooth."
        ));
        assert!(artefacts(
            "Open Settings General System Manager Time to set it."
        ));
        assert!(artefacts("If no rating is sent, the Downloadable U.S."));
        assert!(!artefacts(
            "If no rating is sent, the programme is blocked."
        ));
        assert!(artefacts(
            "Use to change the channel, enter a PIN, enter a ZIP code, etc."
        ));
        assert!(!artefacts("Use the number buttons to change the channel."));
        // A colon opening an inline list or clause is prose; after a label, or before a
        // run-together list of capitalised items, it is not.
        assert!(!artefacts(
            "Admins choose how long synced data is kept under Settings > Data > Retention: \
             90 days, 1 year, 2 years or forever."
        ));
        assert!(!artefacts(
            "Custom API keys are deterministic: key is a hash of the uid and the master key."
        ));
        assert!(artefacts(
            "Extra usage: searches beyond the quota are charged at the end of the cycle."
        ));
        assert!(artefacts(
            "A technician can remotely: Diagnose your TV Adjust the TV settings for you."
        ));
        // Both versions come out, the denial keyed True; a symptom in a troubleshooting
        // section gives none.
        let got = stems(
            &["You can't use Bluetooth headphones and the Wi-Fi Speaker Surround Setup feature simultaneously."],
            "Bluetooth",
        );
        assert!(got.iter().any(|(_, s)| s == "True or false: You can use Bluetooth headphones and the Wi-Fi Speaker Surround Setup feature simultaneously."), "{got:?}");
        // An instruction whose reason denies something is no claim.
        let got = stems(
            &["Scope each key to the fewest actions so that a stolen key cannot be used to take over your instance."],
            "keys",
        );
        assert!(
            !got.iter().any(|(_, s)| s.contains("can be used")),
            "{got:?}"
        );
    }

    #[test]
    fn a_clipped_word_makes_the_same_option() {
        assert!(clipped_form("async operations", "asynchronous operations"));
        assert!(clipped_form("Config file", "configuration file"));
        assert!(!clipped_form("sync operations", "asynchronous operations"));
        assert!(!clipped_form("batch operations", "asynchronous operations"));
        assert!(!clipped_form("operations", "asynchronous operations"));
        assert!(!clipped_form(
            "asynchronous operations",
            "asynchronous operations"
        ));
    }

    #[test]
    fn an_acronym_and_its_words_give_each_other_away() {
        assert!(spelled_out(
            "WPS",
            "If the router supports _____ (Wi-Fi Protected Setup), you can connect."
        ));
        assert!(spelled_out(
            "SSO",
            "Single sign-on (_____) is available on the Business plan."
        ));
        assert!(spelled_out(
            "single sign-on",
            "_____ (SSO) is available on the Business plan."
        ));
        assert!(!spelled_out(
            "SSO",
            "_____ is available on the Business plan only."
        ));
        assert!(!spelled_out(
            "Business",
            "SSO is available on the _____ plan."
        ));
    }

    #[test]
    fn a_menu_path_run_into_a_heading_is_left_out() {
        assert_eq!(
            without_menu_path(
                "Establishing a wireless Internet connection Settings General Network Open \
                 Network Settings"
            ),
            "Establishing a wireless Internet connection"
        );
        for h in [
            "Changing the Picture Size and Position",
            "Using the Home Screen in Smart Hub",
            "Pairing the Samsung Smart Remote",
        ] {
            assert_eq!(without_menu_path(h), h);
        }
    }

    #[test]
    fn a_menu_path_run_into_a_sentence_is_left_out() {
        assert_eq!(
            after_label_run(
                "Settings General External Device Manager Input Device Manager Try Now You can \
                 connect a keyboard or mouse to make it easier to control the TV."
            ),
            "You can connect a keyboard or mouse to make it easier to control the TV."
        );
        assert_eq!(
            after_label_run(
                "Settings General Network Open Network Settings Wireless Make sure that you have \
                 the router's SSID and password."
            ),
            "Make sure that you have the router's SSID and password."
        );
        // A name at the start of a sentence is no label run.
        let s = "Smart Hub lets you search for apps and content.";
        assert_eq!(after_label_run(s), s);
        // Too little would be left.
        let s = "Settings General Network Open Network Settings You can start.";
        assert_eq!(after_label_run(s), s);
    }

    #[test]
    fn a_sentence_pointing_back_at_another_cannot_stand_alone() {
        assert!(!self_contained(
            "This function may have a delay in image transmission."
        ));
        assert!(!self_contained(
            "Currently, many of these apps are not accessible."
        ));
        assert!(!self_contained(
            "Elasticsearch can approximate this by combining two queries."
        ));
        assert!(!self_contained(
            "It is applied the next time the TV is turned on."
        ));
        assert!(!self_contained("However, the update is applied later."));
        assert!(!self_contained(
            "To do so, you could set `product_id` as the distinctAttribute."
        ));
        assert!(!self_contained(
            "The default value is indexingTime, which enables it."
        ));
        assert!(!self_contained("The setting can hold up to ten values."));
        assert!(!self_contained(
            "If the function is deactivated and the TV is turned off, the function is activated again."
        ));
        assert!(self_contained(
            "If the value of `maxTotalHits` is lower, fewer documents are ranked."
        ));
        assert!(!self_contained(
            "Use a scrape interval of 1 minute or less to reliably capture them."
        ));
        assert!(!self_contained(
            "The `userContext` can only reorder that fixed set."
        ));
        assert!(!self_contained(
            "Use the template variables of the `searchFragments` configuration above."
        ));
        assert!(!self_contained(
            "Meilisearch accepts the following values for the setting."
        ));
        assert!(self_contained(
            "Meilisearch warns when disk usage rises above 90 percent."
        ));
        assert!(self_contained(
            "Meilisearch guarantees that every update is applied in order."
        ));
        assert!(self_contained(
            "When two words are separated by a space, Meilisearch considers them as one word."
        ));
        assert!(self_contained(
            "The default ranking rules sort by relevancy."
        ));
        assert!(self_contained(
            "The prefixSearch setting defaults to indexingTime."
        ));
        assert!(self_contained(
            "Make sure that the router supports WPS before you push the button."
        ));
        assert!(self_contained(
            "Auto Update downloads new software in the background."
        ));
    }

    #[test]
    fn a_word_of_a_longer_name_is_no_key() {
        assert!(part_of_name(
            "Terms",
            "Follow the prompts, agree to the _____ of Service, and select your domain."
        ));
        assert!(part_of_name(
            "Expert",
            "Open _____ Settings to adjust the picture."
        ));
        assert!(!part_of_name(
            "Export",
            "Click _____ in the top right corner."
        ));
        assert!(!part_of_name("Bixby", "Press and hold the _____ button."));
        assert!(!part_of_name("SmartThings", "Install _____ on your phone."));
        // A blank cut from a run of names, and an initialism with its number.
        assert!(part_of_name(
            "Slow Rewind Slow",
            "You can use the _____ Forward functions when select the Pause option."
        ));
        assert!(part_of_name(
            "RFC",
            "All values must be valid _____ 3339 dates."
        ));
        assert!(!part_of_name("USB", "Connect a _____ device to the port."));
        assert!(!part_of_name(
            "Ambient Mode",
            "Turn on _____ to show photos."
        ));
    }

    #[test]
    fn an_identifier_holding_the_key_gives_it_away() {
        assert!(inside_identifier(
            "indexSize",
            "Compare `usedIndexSize` with `_____` to judge fragmentation."
        ));
        assert!(inside_identifier(
            "`filterable`",
            "Add the field to filterableAttributes, then it is _____."
        ));
        // A plain word holding the key is no identifier; a short key sits in many names.
        assert!(!inside_identifier(
            "light",
            "Use _____ themes; highlight the result."
        ));
        assert!(!inside_identifier(
            "id",
            "The _____ of `documentId` is kept."
        ));
        assert!(!inside_identifier(
            "indexSize",
            "Compare `usedDatabaseSize` with `_____`."
        ));
    }

    #[test]
    fn a_key_its_pair_or_a_function_word_gives_away_is_no_key() {
        let t = |md: &str| terms(md).into_iter().next().unwrap();
        let or = t("and `OR` to match");
        assert!(gives_away(
            &or,
            "Use AND to require all conditions and _____ to match any condition.",
            &[]
        ));
        assert!(!gives_away(
            &or,
            "Use _____ to match any condition of a facet group.",
            &[]
        ));
        let before = t("text **before** typo tolerance runs");
        assert!(gives_away(
            &before,
            "It segments text _____ typo tolerance runs.",
            &[]
        ));
    }

    #[test]
    fn number_distractors_differ_from_the_stem_and_agree() {
        let key = terms("then 2 typos.").into_iter().next().unwrap();
        let stem = numbers_in("Documents with 0 typos rank highest, then 1 and then _____.");
        assert!(!number_fits(&key, "1 typos", &[], &[]));
        assert!(!number_fits(&key, "0 typos", &stem, &[]));
        assert!(!number_fits(&key, "4 typo", &[], &["4 typos".into()]));
        assert!(number_fits(&key, "4 typos", &stem, &[]));
        // A name paired with another member is guessed from it.
        let name = |t: &str| Term {
            text: t.into(),
            kind: TermKind::Name,
            start: 0,
            end: 0,
        };
        assert!(paired_name(
            &name("Canada"),
            "Timeshift is not supported in the U.S.A. and _____."
        ));
        assert!(paired_name(
            &name("VAT"),
            "Prices exclude _____ and sales tax."
        ));
        assert!(!paired_name(
            &name("CSV"),
            "You can export any tile as _____, Excel (XLSX) or PDF."
        ));
        assert!(!paired_name(
            &name("Internet"),
            "Bixby needs the TV to be connected to the _____."
        ));
        // Too few words around a blank to know what it is about.
        assert!(!enough_context("Results are sorted by _____."));
        assert!(enough_context("Tenant tokens only restrict the _____."));
        // A range the stem states bounds the options.
        let range = "The optimal volume is between _____ and 80 dB.";
        assert!(within_stated_range(range, "60 dB"));
        assert!(!within_stated_range(range, "150 dB"));
        let range = "Synonyms are fetched for terms between 1 and _____.";
        assert!(!within_stated_range(range, "1 words"));
        assert!(within_stated_range(range, "6 words"));
        assert!(within_stated_range("Up to _____ per word.", "150 dB"));
    }

    #[test]
    fn list_members_and_emphasis_need_a_slot() {
        assert!(in_list(
            "You can export a tile as CSV, Excel (XLSX) or _____."
        ));
        assert!(in_list("The response updates both the hits and the _____."));
        assert!(in_list("Prices exclude _____ and sales tax."));
        assert!(!in_list("Admins can require 2FA under _____ for everyone."));
        let mut texts = vec![
            "You can export any report or dashboard tile as **CSV**, **Excel (XLSX)** or **PDF**.",
        ];
        texts.push("The **MRR** chart shows revenue per month for the workspace.");
        texts.push("The **ARR** chart and the **Churn** chart show the trend of each plan.");
        texts.push("Open **Settings** to change the plan of the workspace now.");
        let s = stems(&texts, "reports");
        assert!(!s.iter().any(|(_, t)| t.contains("MRR")), "{s:?}");
    }

    #[test]
    fn a_blank_another_term_fills_in_the_same_words_is_no_key() {
        let texts = [
            "The `description` field for the provided API key resource is invalid.",
            "The `actions` field for the provided API key resource is invalid.",
            "The `actions` field lists what a key may do.",
            "The `description` field holds a note on the key.",
        ];
        let keyed: Vec<String> = stems(&texts, "errors")
            .into_iter()
            .filter(|(k, s)| *k == ItemKind::Cloze && s.contains("The _____ field for"))
            .map(|(_, s)| s)
            .collect();
        assert!(keyed.is_empty(), "{keyed:?}");
        // The same words around another spelling of the key are one answer.
        with_material(
            &[
                "Channels show in the Edit Channels screen.",
                "Marks show in the Edit Channel screen.",
            ],
            "channels",
            |m| {
                assert!(!second_answer(
                    m,
                    "Channels show in the _____ screen.",
                    "Edit Channels"
                ));
                assert!(second_answer(m, "Marks show in the _____ screen.", "Home"));
            },
        );
    }

    #[test]
    fn a_number_the_stem_counts_up_to_is_given_away() {
        assert!(continues_sequence(
            "2 typos",
            "Documents with 0 typos rank highest, followed by those with 1 and then _____."
        ));
        assert!(!continues_sequence(
            "2 typos",
            "Meilisearch allows a maximum of _____ per word."
        ));
        assert!(!continues_sequence(
            "10 rows",
            "From 1 to 4 users get _____ each."
        ));
        assert!(continues_sequence(
            "0 typos",
            "Documents with _____ rank highest, followed by those with 1 and then 2 typos."
        ));
        assert!(counted_back("five", "These _____ rules cast a wide net."));
        assert!(!counted_back(
            "five",
            "You can create up to _____ favorites lists."
        ));
    }

    #[test]
    fn the_next_term_is_the_key_when_the_best_is_given_away() {
        let texts = [
            "Anynet+ devices must be connected with an **HDMI** cable to the `Receiver` port.",
            "The `Receiver` port and the `Optical` port sit at the back.",
            "Connect the **HDMI** cable first.",
        ];
        let s = stems(&texts, "HDMI");
        assert!(
            s.iter()
                .any(|(k, st)| *k == ItemKind::Cloze && st.contains("HDMI cable to the _____")),
            "{s:?}"
        );
        assert!(
            !s.iter().any(|(_, st)| st.contains("an _____ cable")),
            "{s:?}"
        );
    }

    #[test]
    fn a_sentence_that_leads_into_a_code_example_is_no_fact() {
        let texts = [
            "To create a one-way list, this is the **JSON** syntax that should be added.\n\n```json\n{\"a\": [\"b\"]}\n```\n",
            "The **JSON** syntax is used by the settings route.",
        ];
        let s = stems(&texts, "synonyms");
        assert!(!s.iter().any(|(_, st)| st.contains("one-way")), "{s:?}");
    }

    #[test]
    fn numbers_written_as_words_are_keys_with_word_distractors() {
        let texts = [
            "You can create up to five favorites lists so that each person has one.",
            "You can keep up to three recordings at once.",
            "Each account holds up to two favorites lists on older models.",
        ];
        let s = stems(&texts, "channels");
        let cloze = s.iter().find(|(k, st)| {
            *k == ItemKind::Cloze && st.contains("up to _____ favorites lists so that")
        });
        assert!(cloze.is_some(), "{s:?}");
        // "Up to two" is true of a list that holds up to five: only more is false.
        let swapped: Vec<&str> = s
            .iter()
            .filter(|(k, st)| *k == ItemKind::TrueFalse && !st.contains("up to five"))
            .map(|(_, st)| st.as_str())
            .collect();
        assert!(!swapped.is_empty(), "{s:?}");
        assert!(
            swapped
                .iter()
                .all(|st| ["six", "seven", "eight", "nine", "ten"]
                    .iter()
                    .any(|n| st.contains(&format!("up to {n} favorites lists so that")))),
            "{s:?}"
        );
        let p = crate::text::perturb("five");
        assert!(p.contains(&"ten".to_string()), "{p:?}");
        assert!(!p.contains(&"five".to_string()), "{p:?}");
    }

    #[test]
    fn a_noun_phrase_the_scope_repeats_and_names_is_a_key_when_no_term_is() {
        let mut texts = vec![
            "The tasks route can only be accessed using the master key.",
            "Only the **master key** may create keys, and the search key may only search.",
            "Give the admin key to servers; the master key stays offline.",
        ];
        // A corpus where "master" is specific to the scope.
        texts.extend(["Press the button to open the menu."; 30]);
        let s = stems(&texts, "security");
        assert!(!s.iter().any(|(k, _)| *k == ItemKind::TrueFalse), "{s:?}");
        assert!(
            s.iter().any(|(k, st)| *k == ItemKind::Cloze
                && st.ends_with("can only be accessed using the _____.")),
            "{s:?}"
        );
        // Only noun phrases after a determiner or preposition, not running on.
        let p: Vec<String> =
            phrases("It is applied the next time, to the existing functional specifications.")
                .into_iter()
                .map(|x| x.2)
                .collect();
        assert!(p.is_empty(), "{p:?}");
        let c = Corpus::build(&[]);
        assert!(!label_run("Samsung Smart Remote lets you talk.", &c));
        assert!(label_run("Select Favorites Select one of the lists.", &c));
    }

    #[test]
    fn a_label_line_without_a_verb_is_no_fact() {
        let texts = [
            "TV's HDMI (ARC) port with an HDMI cable to the `Receiver` jack.",
            "To connect the `Receiver` jack, use a cable. The `Optical` jack sits at the back.",
            "The TV connects to the `Receiver` jack through the `Optical` jack.",
        ];
        let s = stems(&texts, "sound");
        assert!(s.is_empty(), "{s:?}");
        with_material(&texts, "sound", |m| {
            assert!(has_verb("The TV connects to the receiver.", m.corpus));
            assert!(!has_verb("TV's HDMI port with an HDMI cable.", m.corpus));
        });
    }

    #[test]
    fn a_name_in_an_analogy_an_example_dataset_or_a_pair_count_is_no_key() {
        let mut texts = vec![
            "Tenant tokens serve a similar purpose to PostgreSQL's row-level security in the search.",
            "The number of search results may vary with changes to the `movies` dataset over time.",
            "Lumio has two plans for teams, billed per editor seat each month.",
            "PostgreSQL stores rows; `movies` is an index; Lumio billing has plans for teams.",
        ];
        texts.extend(["Press the button to open the menu."; 30]);
        let s = stems(&texts, "search");
        for bad in [
            "similar purpose to _____",
            "_____ dataset",
            "has _____ plans",
        ] {
            assert!(!s.iter().any(|(_, st)| st.contains(bad)), "{bad}: {s:?}");
        }
        let is_incidental = |md: &str, key: &str| {
            let t = terms(md).into_iter().find(|t| t.text == key);
            t.is_some_and(|t| incidental(md, &t))
        };
        assert!(is_incidental(
            "Lumio has two plans, billed per seat.",
            "two"
        ));
        assert!(is_incidental(
            "Results vary with the `movies` dataset.",
            "movies"
        ));
        assert!(!is_incidental("You can create up to five lists.", "five"));
        assert!(!is_incidental(
            "It contains seven built-in ranking rules.",
            "seven"
        ));
        // A time is a measure, unless it dates a story.
        assert!(!is_incidental(
            "If a still image stays for two hours, screen burn protection starts.",
            "two"
        ));
        assert!(is_incidental(
            "Nobody notices the job died three days ago.",
            "three"
        ));
        let at_x = |s: &str| in_example(s, s.len() - 1);
        assert!(at_x("It serves a similar purpose to X"));
        assert!(at_x("If you are familiar with other systems, it is like X"));
        assert!(!at_x("The number of typos is roughly equivalent to X"));
    }

    #[test]
    fn a_sentence_with_a_quantity_asks_the_quantity_not_a_plain_name() {
        let mut texts = vec![
            "The Timeshift function requires at least 1.5 GB of free space on the USB Drive.",
            "Connect the USB Drive first. The USB Drive holds the recordings.",
            "Format the USB Drive before use; the USB Drive must be empty.",
        ];
        texts.extend(["Press the button to open the menu."; 30]);
        let s = stems(&texts, "recording");
        assert!(
            s.iter()
                .any(|(k, st)| *k == ItemKind::Cloze && st.contains("at least _____ of free space")),
            "{s:?}"
        );
        assert!(
            !s.iter().any(|(_, st)| st.contains("on the _____.")),
            "{s:?}"
        );
        assert!(states_quantity(
            "If the word is between `1` and `4` characters, no typo."
        ));
        assert!(!states_quantity("For example, 5 GB of photos fit."));
        assert!(states_quantity("The volume is between 75 dB and 80 dB."));
    }

    #[test]
    fn a_use_case_label_is_no_term_to_define() {
        let texts = [
            "## Common use cases\n\n**Date-range filtering**: restrict results to a specific time window of days.",
            "## Glossary\n\n**Editor**: a role that can connect data and build dashboards.",
            "An Editor can share a dashboard; Date-range filtering needs a date field.",
        ];
        let s = stems(&texts[..1], "filtering");
        assert!(!s.iter().any(|(k, _)| *k == ItemKind::ShortAnswer), "{s:?}");
        let s = stems(&texts[1..], "roles");
        assert!(s.iter().any(|(k, _)| *k == ItemKind::ShortAnswer), "{s:?}");
    }

    #[test]
    fn a_linked_phrase_is_a_phrase() {
        let p: Vec<String> =
            phrases("Meilisearch uses a [bucket sort](https://example.org/b) algorithm to rank.")
                .into_iter()
                .map(|x| x.2)
                .collect();
        assert_eq!(p, vec!["bucket sort".to_string()]);
    }

    #[test]
    fn a_phrase_of_marked_docs_is_a_key_only_where_they_name_it() {
        let mut texts = vec![
            "Typo tolerance expands the search space for each query term in the request.",
            "Each query term is matched with the `typo` rule; a query term may hold typos.",
            "The **master key** protects routes; only the master key can create keys.",
        ];
        texts.extend(["Press the button to open the menu."; 30]);
        let s = stems(&texts, "typo tolerance");
        assert!(
            !s.iter().any(|(_, st)| st.contains("for each _____")),
            "{s:?}"
        );
        // Flat text marks nothing, so nothing tells its terms from its prose: no phrase key.
        let mut flat = vec![
            "Typo tolerance expands the search space for each query term in the request.",
            "Each query term is matched with the typo rule; a query term may hold typos.",
        ];
        flat.extend(["Press the button to open the menu."; 30]);
        let s = stems(&flat, "typo tolerance");
        assert!(
            !s.iter().any(|(_, st)| st.contains("for each _____")),
            "{s:?}"
        );
    }

    #[test]
    fn a_definition_that_names_a_form_of_its_term_is_no_question() {
        let asks = |text: &str| {
            stems(&[text], "")
                .into_iter()
                .any(|(k, s)| k == ItemKind::ShortAnswer && s.contains("defined as"))
        };
        assert!(!asks(
            "- **Filtering**: a way to combine multiple filters across categories for precise discovery."
        ));
        assert!(asks(
            "- **Faceting**: a way to combine multiple filters across categories for precise discovery."
        ));
    }
}
