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

use docent_core::{Chunk, PartKind};
use docent_tutor::text::units;

use crate::salience::{ranked_terms, salience, Corpus, ScopeTerms};
use crate::text::{
    bare_words, code_shape, contains, perturb, plain, same_type, terms, CodeShape, Term, TermKind,
};
use crate::types::{Basis, Item, ItemKind, Level, Source, Status};

/// Stands for the blank while Markdown is turned into plain text.
const BLANK: &str = "QQBLANKQQ";

/// A chunk of the scope with what its items draw on.
pub struct Material<'a> {
    /// The chunk items are made from.
    pub chunk: &'a Chunk,
    /// Similar chunks, most similar first (distractors).
    pub neighbours: Vec<&'a Chunk>,
    /// Every chunk of the scope (distractors, and statements a distractor must not make true).
    pub scope: &'a [&'a Chunk],
    /// Term counts of the scope.
    pub scope_terms: &'a ScopeTerms,
    /// Term statistics of the corpus.
    pub corpus: &'a Corpus,
    /// Terms and rules of chunks, read once per quiz.
    pub memo: &'a Memo,
    /// The scope's own words (query, heading or titles; as [`crate::scope::key_words`]): a
    /// key made only of them is what the whole quiz is about, given away by its title.
    pub topic: &'a [String],
    /// The tasks and menu paths of every document of the corpus ([`crate::task`]).
    pub tasks: &'a [crate::types::TaskPath],
}

/// What a quiz reads from many chunks many times (every fact looks for distractors in the
/// whole scope), computed once per chunk.
#[derive(Default)]
pub struct Memo {
    terms: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Vec<Term>>>>,
    rules:
        std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Vec<crate::forms::Rule>>>>,
    normed: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<String>>>,
    phrases: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Vec<String>>>>,
    prerequisites: std::cell::RefCell<
        std::collections::HashMap<String, std::rc::Rc<Vec<crate::forms::Prerequisite>>>,
    >,
    /// Whether the quiz's scope marks terms ([`marked`]), asked for every fact.
    marked: std::cell::OnceCell<bool>,
}

impl Memo {
    /// The key terms of `c`.
    pub fn terms(&self, c: &Chunk) -> std::rc::Rc<Vec<Term>> {
        self.terms
            .borrow_mut()
            .entry(c.id.clone())
            .or_insert_with(|| std::rc::Rc::new(terms(&c.text)))
            .clone()
    }

    /// Whether `c` states `statement` (whole words, normalised; as [`contains`]).
    pub fn states(&self, c: &Chunk, statement: &str) -> bool {
        let hay = self
            .normed
            .borrow_mut()
            .entry(c.id.clone())
            .or_insert_with(|| std::rc::Rc::new(format!(" {} ", crate::text::norm(&c.text))))
            .clone();
        let n = crate::text::norm(statement);
        !n.is_empty() && hay.contains(&format!(" {n} "))
    }

    /// The two-word lowercase phrases of `c` ([`phrases`]), each once.
    pub fn phrases(&self, c: &Chunk) -> std::rc::Rc<Vec<String>> {
        self.phrases
            .borrow_mut()
            .entry(c.id.clone())
            .or_insert_with(|| {
                let mut v: Vec<String> = phrases_in(&c.text, false)
                    .into_iter()
                    .map(|p| p.2)
                    .collect();
                v.sort();
                v.dedup();
                std::rc::Rc::new(v)
            })
            .clone()
    }

    /// The prerequisites ("To X, you must first Y.") of `c`.
    pub fn prerequisites(&self, c: &Chunk) -> std::rc::Rc<Vec<crate::forms::Prerequisite>> {
        self.prerequisites
            .borrow_mut()
            .entry(c.id.clone())
            .or_insert_with(|| {
                std::rc::Rc::new(
                    parts(c)
                        .facts
                        .iter()
                        .filter_map(|f| crate::forms::prerequisite(&plain(f.md)))
                        .collect(),
                )
            })
            .clone()
    }

    /// The rules ("If X, Y.") of `c`.
    pub fn rules(&self, c: &Chunk) -> std::rc::Rc<Vec<crate::forms::Rule>> {
        self.rules
            .borrow_mut()
            .entry(c.id.clone())
            .or_insert_with(|| std::rc::Rc::new(rules_in(c)))
            .clone()
    }
}

/// A candidate item with what selection weighs.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The item (for true/false, the true statement).
    pub item: Item,
    /// For true/false: the same fact as a false statement.
    pub alternate: Option<Item>,
    /// Salience of the key (0..1; 0.5 where no single term is the key).
    pub salience: f32,
    /// The statement the item tests, normalised: two items on one fact give each other away.
    pub fact: String,
}

/// A stable hash of a chunk's text (items remember it to notice changed sources).
pub fn chunk_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(text.as_bytes());
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn source(chunk: &Chunk, heading: Option<&str>, quote: &str) -> Source {
    let heading_path = crate::section_path::of(chunk, heading, quote);
    Source {
        chunk_id: chunk.id.clone(),
        doc_id: chunk.doc_id.clone(),
        title: chunk.title.clone(),
        heading_path,
        quote: quote.to_string(),
        chunk_hash: chunk_hash(&chunk.text),
    }
}

/// A new item; difficulty and level are set by what it asks, by the caller.
pub(crate) fn item(
    kind: ItemKind,
    stem: String,
    src: Source,
    explanation: String,
    difficulty: u8,
    level: Level,
) -> Item {
    Item {
        id: String::new(),
        kind,
        stem,
        options: Vec::new(),
        key: Vec::new(),
        answers: Vec::new(),
        explanation,
        difficulty,
        level,
        source: src,
        status: Status::Draft,
        stale: false,
        basis: Basis::Statement,
    }
}

/// A choice candidate with one key: `it` with `options` in an order `seed` fixes, `key`
/// (one of them) keyed, and `basis` for validation.
pub(crate) fn keyed_choice(
    mut it: Item,
    mut options: Vec<String>,
    key: &str,
    seed: &str,
    basis: Basis,
    salience: f32,
    fact: String,
) -> Candidate {
    shuffle(&mut options, seed);
    let at = options.iter().position(|o| o == key).unwrap_or(0);
    it.options = options;
    it.key = vec![at];
    it.basis = basis;
    Candidate {
        item: it,
        alternate: None,
        salience,
        fact,
    }
}

/// A deterministic shuffle (so the same scope gives the same quiz).
pub(crate) fn shuffle<T>(v: &mut [T], seed: &str) {
    let mut h: u64 = 1469598103934665603;
    for b in seed.bytes() {
        h = (h ^ b as u64).wrapping_mul(1099511628211);
    }
    for i in (1..v.len()).rev() {
        h ^= h << 13;
        h ^= h >> 7;
        h ^= h << 17;
        v.swap(i, (h % (i as u64 + 1)) as usize);
    }
}

/// Whether `statement` (plain text) is stated by any chunk of the scope or its neighbours:
/// a distractor that makes it true is also correct.
pub(crate) fn stated_anywhere(m: &Material, statement: &str) -> bool {
    m.scope
        .iter()
        .chain(m.neighbours.iter())
        .chain(std::iter::once(&m.chunk))
        .any(|c| m.memo.states(c, statement))
}

/// Distractors for `term` in the statement `blanked` (plain text with one `_____`): real terms
/// of the same kind and shape from the scope and the neighbours, the scope's most salient
/// first, none that the source chunk holds or that makes the statement true anywhere in the
/// scope; then (numbers) perturbed values.
fn distractors(term: &Term, blanked: &str, m: &Material, want: usize) -> Vec<String> {
    match ranked_pool(term, blanked, m) {
        Some(pool) => pick_distractors(term, blanked, m, &pool, want),
        None => Vec::new(),
    }
}

/// Real terms of the key's kind and shape from the scope and the neighbours, with their
/// salience (the scope's first chunks a little ahead), each once.
fn scope_pool(term: &Term, m: &Material) -> Vec<(Term, f32)> {
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
fn ranked_pool(term: &Term, blanked: &str, m: &Material) -> Option<Vec<(Term, f32)>> {
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
fn pick_distractors(
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
fn acceptable(
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
fn slot_names(key: &Term, noun: &str, m: &Material) -> Vec<Term> {
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
fn emphasis(term: &Term) -> bool {
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

/// The numbers written in `s` ("0 typos ... 1 and then" gives 0 and 1).
fn numbers_in(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .filter_map(number_value)
        .collect()
}

/// The value of a number term, separators dropped ("1,000 rows" gives "1000").
fn number_value(s: &str) -> Option<String> {
    if let Some(v) = crate::text::spelled_value(s.split(' ').next().unwrap_or("")) {
        return Some(v.to_string());
    }
    let v: String = s
        .trim_start_matches('$')
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let v = v.trim_end_matches('.').to_string();
    (!v.is_empty() && v.chars().next().is_some_and(|c| c.is_ascii_digit())).then_some(v)
}

/// For a number key: a distractor with a value of its own (not the key's, not another
/// option's, not one the stem already holds: "followed by those with 1 and then _____"), in
/// the key's grammatical number ("1 typos" is no option beside "2 typos").
fn number_fits(term: &Term, d: &str, stem_numbers: &[String], out: &[String]) -> bool {
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

/// Whether a one-word name or acronym key stands in a pair with another member ("the U.S.A.
/// and _____", "_____ and sales tax"): the other member names the kind, and world knowledge
/// fills in the rest (Canada, VAT) without the docs.
pub(crate) fn paired_name(key: &Term, blanked: &str) -> bool {
    if key.kind != TermKind::Name || key.text.contains(' ') {
        return false;
    }
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let b = before.trim_end().to_lowercase();
    let a = after.trim_start().to_lowercase();
    let joined_before = (b.ends_with(" and") || b.ends_with(" or"))
        && b.split_whitespace()
            .nth_back(1)
            .is_some_and(|w| !w.ends_with(','));
    let joined_after = a.starts_with("and ") || a.starts_with("or ");
    joined_before || joined_after
}

/// Words a blanked sentence needs besides its blank to say what it is about: "Results are
/// sorted by _____." (which results? under which rule?) has four.
pub const MIN_CONTEXT_WORDS: usize = 5;

/// Whether `blanked` has [`MIN_CONTEXT_WORDS`] words besides its blank.
pub(crate) fn enough_context(blanked: &str) -> bool {
    blanked
        .split_whitespace()
        .filter(|w| !w.contains("_____") && w.chars().any(char::is_alphanumeric))
        .count()
        >= MIN_CONTEXT_WORDS
}

/// Whether a number option respects the range the stem states around the blank: "between
/// _____ and 80 dB" takes values under 80, "between 1 and _____" values over 1 (anything
/// else is absurd and gives the key away).
pub(crate) fn within_stated_range(blanked: &str, option: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"\b(?:between|from) (_____|[\d,.]+)[^_\d]{0,12}? (?:and|to) (_____|[\d,.]+)",
        )
        .expect("regex")
    });
    let Some(c) = re.captures(blanked) else {
        return true;
    };
    let value = |s: &str| number_value(s).and_then(|v| v.parse::<f64>().ok());
    let Some(v) = value(option) else {
        return true;
    };
    match (&c[1], &c[2]) {
        ("_____", hi) => value(hi).is_none_or(|hi| v < hi),
        (lo, "_____") => value(lo).is_none_or(|lo| v > lo),
        _ => true,
    }
}

/// The content words right before and right after the blank of `blanked`, as contexts a
/// term of the key's kind would fill: ("", "ranking") and ("", "ranking rule") for "The _____
/// ranking rule sorts ...". Function words alone are no context.
pub(crate) fn blank_context(blanked: &str) -> Vec<(String, String)> {
    let Some((before, after)) = blanked.split_once("_____") else {
        return Vec::new();
    };
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let content = |w: &String| !w.is_empty() && !docent_tutor::text::terms(w).is_empty();
    let next: Vec<String> = after.split_whitespace().take(2).map(clean).collect();
    let prev = before
        .split_whitespace()
        .last()
        .map(clean)
        .unwrap_or_default();
    // A word ending in punctuation ends the phrase.
    let first_ends = after
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with(|c: char| !c.is_alphanumeric()));
    let mut out = Vec::new();
    if let Some(n0) = next.first().filter(|w| content(w)) {
        out.push((String::new(), n0.clone()));
        if let Some(n1) = next.get(1).filter(|w| content(w) && !first_ends) {
            out.push((String::new(), format!("{n0} {n1}")));
        }
    }
    if content(&prev) && !before.trim_end().ends_with(|c: char| !c.is_alphanumeric()) {
        out.push((prev, String::new()));
    }
    out
}

/// A fact: a sentence or bullet item (plain Markdown span) of a chunk.
pub(crate) struct Fact<'a> {
    pub(crate) md: &'a str,
    pub(crate) heading: Option<&'a str>,
}

/// A block: its heading and its text.
pub(crate) type Block<'a> = (Option<&'a str>, &'a str);
/// A bulleted list: its heading, its lead-in sentence and its items.
pub(crate) type Bullets<'a> = (Option<&'a str>, Option<&'a str>, Vec<&'a str>);

/// The facts, procedures, bulleted lists and tables of a chunk.
pub(crate) struct Parts<'a> {
    pub(crate) facts: Vec<Fact<'a>>,
    pub(crate) steps: Vec<Block<'a>>,
    pub(crate) bullets: Vec<Bullets<'a>>,
    pub(crate) tables: Vec<Block<'a>>,
}

/// The rules of a chunk (plain sentences).
pub(crate) fn rules_in(c: &docent_core::Chunk) -> Vec<crate::forms::Rule> {
    parts(c)
        .facts
        .iter()
        .filter_map(|f| crate::forms::rule(&plain(f.md)))
        .collect()
}

pub(crate) fn parts(chunk: &Chunk) -> Parts<'_> {
    let text = chunk.text.as_str();
    let mut p = Parts {
        facts: Vec::new(),
        steps: Vec::new(),
        bullets: Vec::new(),
        tables: Vec::new(),
    };
    let mut last_sentence: Option<&str> = None;
    for u in units(text) {
        let span = u.text(text);
        let heading = u.heading.as_deref().map(|h| {
            // A heading owned by the unit lives as long as the units vector; re-find it in the
            // chunk text so the borrow is tied to the chunk.
            text.find(h).map_or("", |i| &text[i..i + h.len()])
        });
        match u.kind {
            PartKind::Paragraph => {
                let span = after_label_run(span);
                p.facts.push(Fact { md: span, heading });
                last_sentence = Some(span);
                continue;
            }
            PartKind::Steps => p.steps.push((heading, span)),
            PartKind::Bullets => {
                let items: Vec<&str> = split_items(span);
                for i in &items {
                    for (a, b) in docent_tutor::text::sentences(i) {
                        let sentence = &i[a..b];
                        // "**The email never arrives.**" is a headline, not a fact.
                        if !(sentence.starts_with("**") && sentence.ends_with("**")) {
                            p.facts.push(Fact {
                                md: sentence,
                                heading,
                            });
                        }
                    }
                }
                let lead = last_sentence.filter(|s| s.trim_end().ends_with(':'));
                p.bullets.push((heading, lead, items));
            }
            PartKind::Code => {
                if span.starts_with('|') {
                    p.tables.push((heading, span));
                } else if let Some(lead) = last_sentence {
                    // "To create a one-way synonym list, this is the JSON syntax that should be
                    // added:" introduces the example below; its words are about the example.
                    p.facts.retain(|f| !std::ptr::eq(f.md, lead));
                }
            }
        }
        last_sentence = None;
    }
    p
}

/// List items of a list block, markers removed, wrapped lines kept.
pub fn split_items(block: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in block.split_inclusive('\n') {
        let t = line.trim_start();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let ordered = digits > 0 && t[digits..].starts_with(". ");
        let bullet = t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ");
        if ordered || bullet {
            let lead = line.len() - t.len() + if ordered { digits + 2 } else { 2 };
            starts.push(offset + lead);
        }
        offset += line.len();
    }
    let mut out = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        let end = starts
            .get(i + 1)
            .map_or(block.len(), |n| block[..*n].rfind('\n').unwrap_or(*n));
        let item = block[*s..end].trim();
        if !item.is_empty() {
            out.push(item);
        }
    }
    out
}

pub(crate) fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Words of a heading that say only that steps or an outline follow.
const GENERIC_HEADING_WORDS: &[&str] = &[
    "steps",
    "step",
    "how",
    "procedure",
    "instructions",
    "overview",
];

/// Whether a heading names no task of its own ("Steps", "Overview", "How to"): the title
/// says what its steps do.
pub(crate) fn generic_heading(h: &str) -> bool {
    crate::scope::key_words(h)
        .iter()
        .all(|w| GENERIC_HEADING_WORDS.contains(&w.as_str()))
}

/// What a stem calls the section an item comes from: the heading above it, or the document's
/// title where that heading names nothing a learner recognises, or where the docs are flat
/// text ([`Corpus::flat`]): a heading inside a chunk of flat text is a guess of the structure
/// recovery ("Settings Broadcasting Auto Program", "Check all", "The top row has one option,
/// Done"), while the title is the section's own name. Judged blind, items of the TV manual
/// whose stems quoted such a heading were kept 15 of 41 times, against 39 of 79 quoting the
/// title.
pub(crate) fn topic(m: &Material, heading: Option<&str>) -> String {
    let chunk = m.chunk;
    if m.corpus.flat() {
        return chunk.title.clone();
    }
    // A long run of capitalised words is a menu path or label line, not a topic a learner
    // recognises: the document's title reads better.
    let label_line = |h: &str| {
        let w: Vec<&str> = h.split_whitespace().collect();
        w.len() > 5
            && w.iter()
                .all(|x| x.chars().next().is_some_and(|c| !c.is_lowercase()))
    };
    // "The default PIN is": a sentence cut into a heading by a flat-text extraction.
    let cut = |h: &str| {
        let last = h
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_lowercase();
        matches!(
            last.as_str(),
            "is" | "are" | "the" | "a" | "an" | "to" | "of" | "and" | "or" | "for" | "with"
        )
    };
    match heading.map(without_menu_path) {
        Some(h)
            // "(Smart Hub) (Play/pause)": icon captions a flat-text extraction left as a heading.
            if !generic_heading(h)
                && !h.eq_ignore_ascii_case("try now")
                && !h.is_empty()
                && !h.starts_with('(')
                && !label_line(h)
                && !cut(h) =>
        {
            h.to_string()
        }
        _ => chunk.title.clone(),
    }
}

/// A heading without the menu path a flat-text extraction ran into its end: "Establishing a
/// wireless Internet connection Settings General Network Open Network Settings" is
/// "Establishing a wireless Internet connection". The path is a run of four capitalised words
/// or more after a lowercase one.
pub(crate) fn without_menu_path(h: &str) -> &str {
    let words: Vec<(usize, &str)> = h
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - h.as_ptr() as usize, w))
        .collect();
    let cap = |w: &str| w.chars().next().is_some_and(|c| !c.is_lowercase());
    let run = words.iter().rev().take_while(|(_, w)| cap(w)).count();
    let start = words.len() - run;
    let lowercase_before = words[..start].iter().any(|(_, w)| !cap(w));
    if run >= 4 && start >= 2 && lowercase_before {
        // The run's first word may still be the heading's ("Internet connection" then
        // "Settings"): the heading ends at its last lowercase word and the names after it
        // that a menu path does not start with.
        let last_lower = words[..start]
            .iter()
            .rposition(|(_, w)| !cap(w))
            .unwrap_or(0);
        let end = words[last_lower].0 + words[last_lower].1.len();
        return h[..end].trim_end();
    }
    h
}

pub(crate) fn explanation(m: &Material, heading: Option<&str>, statement: &str) -> String {
    format!("From “{}”: {}", topic(m, heading), plain(statement))
}

/// A multiple-choice apply question on fact `f` of the chunk: `answer` among `distractors`
/// (shuffled by the fact's sentence), explained by that sentence under the topic `t`.
pub(crate) fn apply_choice(
    m: &Material,
    f: &Fact,
    t: &str,
    stem: String,
    answer: &str,
    distractors: Vec<String>,
    basis: Basis,
) -> Candidate {
    let sentence = crate::text::plain(f.md);
    let mut options: Vec<String> = std::iter::once(answer.to_string())
        .chain(distractors)
        .collect();
    shuffle(&mut options, &sentence);
    let key = options.iter().position(|o| o == answer).unwrap_or(0);
    let mut it = item(
        ItemKind::MultipleChoice,
        stem,
        source(m.chunk, f.heading, f.md),
        format!("From “{t}”: {sentence}"),
        2,
        Level::Apply,
    );
    it.options = options;
    it.key = vec![key];
    it.basis = basis;
    Candidate {
        item: it,
        alternate: None,
        salience: 0.7,
        fact: fact_key(&sentence),
    }
}

/// Normalised statement text: the identity of a fact across chunks.
pub(crate) fn fact_key(statement: &str) -> String {
    crate::text::norm(statement)
}

/// Whether a sentence reads as a statement of fact a quiz can use: a whole sentence of a
/// reasonable length, ending in a full stop, not a question or a lead-in.
fn is_statement(sentence: &str) -> bool {
    (6..=40).contains(&words(sentence))
        && (sentence.ends_with('.') || sentence.ends_with(".)"))
        && sentence
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && self_contained(sentence)
        && !artefacts(sentence)
        && !cross_reference(sentence)
}

/// Words that open a sentence after a label run in flat text.
const OPENERS: &[&str] = &[
    "You", "The", "If", "When", "To", "Select", "Press", "Use", "A", "An", "In", "Your", "After",
    "Before", "Once", "Make", "Connect", "Turn", "Set",
];

/// A sentence of flat text without the menu path or labels run into its start: "Settings
/// General External Device Manager Input Device Manager Try Now You can connect a keyboard or
/// mouse ..." reads from "You can connect". The run is four capitalised words or more; the
/// sentence starts after "Try Now" or at the run's last sentence opener, and keeps six words.
pub(crate) fn after_label_run(sentence: &str) -> &str {
    let words: Vec<(usize, &str)> = sentence
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w))
        .collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let run = words.iter().take_while(|(_, w)| capital(w)).count();
    if run < 5 {
        return sentence;
    }
    let try_now = (1..run)
        .rev()
        .find(|i| words[*i - 1].1 == "Try" && words[*i].1 == "Now");
    let start = match try_now {
        Some(i) => i + 1,
        None => match (1..run).rev().find(|i| OPENERS.contains(&words[*i].1)) {
            Some(i) => i,
            None => return sentence,
        },
    };
    if words.len().saturating_sub(start) < 6 {
        return sentence;
    }
    &sentence[words[start].0..]
}

/// Words before a colon that make a label rather than a sentence's start.
const COLON_LABEL_WORDS: usize = 4;

/// Traces of a lossy extraction: a space before punctuation where an icon was dropped
/// ("Ambient Mode , you"), an article before a conjunction ("press the and buttons"), a run
/// of four capitalised words (a menu path or label list run into the sentence), a colon
/// after a label or before a run-together list. Such a sentence cannot be quoted as a learner
/// would read it.
pub(crate) fn artefacts(sentence: &str) -> bool {
    static GLYPH: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let glyph = GLYPH.get_or_init(|| {
        regex::Regex::new(r"\s[,.;:)]|\(\s|\b(?:the|a|an) (?:and|or|button|buttons|icon|key)\b")
            .expect("regex")
    });
    // A colon before a capital opens a run-together list or a label's text ("who can
    // remotely: Diagnose your TV Adjust the TV settings ..."); before a lowercase word or a
    // number it opens an inline list ("Settings > Data > Retention: 90 days, 1 year, 2 years
    // or forever").
    // A label of a few words before the colon ("Extra usage: searches ...", "Known issue:
    // ...") heads a list entry, not a sentence a learner would read.
    let colon_artefact = sentence.match_indices(": ").any(|(i, _)| {
        sentence[i + 2..].starts_with(|c: char| !c.is_lowercase() && !c.is_ascii_digit())
            || bare_words(&sentence[..i])
                .iter()
                .filter(|w| !w.is_empty())
                .count()
                <= COLON_LABEL_WORDS
    });
    if glyph.is_match(sentence) || colon_artefact {
        return true;
    }
    // "Use to change the channel": the button's icon was lost in extraction.
    let first_two: Vec<&str> = sentence.split_whitespace().take(2).collect();
    if let [verb, "to"] = first_two.as_slice() {
        if matches!(
            *verb,
            "Use" | "Press" | "Select" | "Tap" | "Click" | "Touch"
        ) {
            return true;
        }
    }
    // "..., the Downloadable U.S.": a sentence cut after an initialism ("U.S. Rating ...").
    let last = sentence.split_whitespace().last().unwrap_or("");
    if last.len() >= 4
        && last.ends_with('.')
        && last
            .split_terminator('.')
            .all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
    {
        return true;
    }
    // A run of four capitalised words or more is a label run of flat text ("Settings General
    // System Manager Time"), unless an article opens it and a lowercase noun closes it: "the
    // Wi-Fi Speaker Surround Setup feature" is one name.
    let ws: Vec<&str> = sentence.split_whitespace().collect();
    let cap = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let mut i = 1;
    while i < ws.len() {
        if !cap(ws[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < ws.len() && cap(ws[i]) {
            i += 1;
        }
        let named = matches!(
            ws[start - 1].to_lowercase().as_str(),
            "the" | "a" | "an" | "your"
        ) && ws.get(i).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_lowercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
        });
        if i - start >= 4 && !named {
            return true;
        }
    }
    false
}

/// [`affirm`] without the kind of denial.
#[cfg(test)]
pub(crate) fn affirmative(sentence: &str) -> Option<String> {
    affirm(sentence).map(|(a, _)| a)
}

/// What a sentence denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Denial {
    /// A capability or support ("can't", "is not supported").
    Capability,
    /// Any other verb or state ("do not expire", "is not"): more often a symptom, so held to
    /// stricter checks.
    State,
}

/// The affirmative of a sentence that denies a capability or support ("You can't use
/// Bluetooth devices and the Wi-Fi Speaker Surround Setup feature simultaneously." -> "You can
/// use ..."; "Recording is not supported in Canada." -> "... is supported ..."), or another
/// verb or state ("Keys do not expire" -> "Keys expire"), with the kind of denial: a false
/// statement a learner could believe, the sentence itself the true one. None for any other
/// sentence, a hedged one ("may not be available") or one with a second negation.
fn affirm(sentence: &str) -> Option<(String, Denial)> {
    let padded = format!(" {sentence}");
    let ((neg, pos), denial) = match denied_capability(&padded) {
        Some(Some(swap)) => (swap, Denial::Capability),
        Some(None) => return None,
        None => (denied_verb(&padded)?, Denial::State),
    };
    let (neg, pos) = (neg.as_str(), pos.as_str());
    // The denial must be the sentence's own claim, not a reason or condition inside it ("Scope
    // each key ... so that a stolen key cannot be used"), and no reason or consequence may
    // hang on it: affirmed, "Since Meilisearch does not have a built-in Cohere source, you
    // use the REST embedder" and "Dumps are not bound to a version, so they are ideal for
    // upgrades" contradict themselves.
    let at = padded.find(neg)?;
    // With the space the denial starts with, so a word just before it ("and therefore
    // cannot") matches as a word.
    let before = format!("{} ", padded[..at].to_lowercase());
    let after = padded[at + neg.len()..].to_lowercase();
    if [
        " so that ",
        " because ",
        " which ",
        " that ",
        " if ",
        " when ",
        " unless ",
        " so ",
        " since ",
        " as ",
        // "Recordings are DRM-protected and therefore cannot be played back": the denial
        // follows from the clause before it, which its affirmative contradicts.
        " therefore ",
        " thus ",
        " hence ",
    ]
    .iter()
    .any(|sub| before.contains(sub))
        || [
            ", so ",
            " so that ",
            " therefore",
            " which means",
            " thus ",
            " hence ",
            " because ",
            // "it just does not fire until you flip it back on" says when it fires again;
            // "it just fires until you flip it back on" reads as nonsense, not a falsehood.
            " until ",
            " unless ",
        ]
        .iter()
        .any(|sub| after.contains(sub))
    {
        return None;
    }
    let out = padded.replacen(neg, pos, 1).trim_start().to_string();
    let hedged = ["may", "might", "some", "certain"].iter().any(|h| {
        out.split_whitespace().any(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .eq_ignore_ascii_case(h)
        })
    });
    (!has_negation(&out) && !hedged).then_some((out, denial))
}

/// A sentence's denial of a capability or support ("can't", "is not supported", "are not
/// available") and its affirmative: `None` when it holds none, `Some(None)` when it holds
/// more than one. `padded`: the sentence after one space.
fn denied_capability(padded: &str) -> Option<Option<(String, String)>> {
    const SWAPS: &[(&str, &str)] = &[
        (" can't ", " can "),
        (" cannot ", " can "),
        (" can not ", " can "),
        (" does not support ", " supports "),
        (" doesn't support ", " supports "),
        (" do not support ", " support "),
        (" don't support ", " support "),
        (" is not supported", " is supported"),
        (" are not supported", " are supported"),
        (" is not available", " is available"),
        (" are not available", " are available"),
    ];
    let mut hits = SWAPS.iter().filter(|(neg, _)| padded.contains(neg));
    let &(neg, pos) = hits.next()?;
    if hits.next().is_some() || padded.matches(neg).count() > 1 {
        return Some(None);
    }
    Some(Some((neg.to_string(), pos.to_string())))
}

/// A sentence's one denial of a verb or state, other than a capability or support, and its
/// affirmative: "Keys do not expire on their own" ("do not expire", "expire"), "The key
/// does not change" ("does not change", "changes"), "Deleted reports are not recoverable"
/// ("are not", "are"), "The TV won't turn off" ("won't", "will"). `padded`: the sentence
/// after one space. None when the sentence holds two, or the negation limits a word after
/// it rather than denying ("not only", "not just", "not necessarily", "not yet").
fn denied_verb(padded: &str) -> Option<(String, String)> {
    const STATES: &[(&str, &str)] = &[
        (" is not ", " is "),
        (" isn't ", " is "),
        (" are not ", " are "),
        (" aren't ", " are "),
        (" was not ", " was "),
        (" were not ", " were "),
        (" will not ", " will "),
        (" won't ", " will "),
    ];
    const DOES: &[&str] = &[" do not ", " don't ", " does not ", " doesn't "];
    let found: Vec<(usize, &str)> = STATES
        .iter()
        .map(|(n, _)| *n)
        .chain(DOES.iter().copied())
        .flat_map(|n| padded.match_indices(n).map(move |(i, _)| (i, n)))
        .collect();
    let [(at, neg)] = found.as_slice() else {
        return None;
    };
    // A contrast, concession, condition or hedge makes the affirmative a muddle ("Although
    // you deleted your account, you are unsubscribed") or a half-truth ("Sometimes one pinned
    // document is enough").
    const QUALIFIERS: &[&str] = &[
        "but",
        "although",
        "though",
        "however",
        "unless",
        "if",
        "when",
        "while",
        "sometimes",
        "usually",
        "often",
        "even",
        "yet",
        "still",
        "only",
    ];
    if padded
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| QUALIFIERS.contains(&w.to_lowercase().as_str()))
    {
        return None;
    }
    let rest = &padded[at + neg.len()..];
    let next: String = rest
        .split_whitespace()
        .next()?
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    if next.is_empty()
        || matches!(
            next.as_str(),
            "only" | "just" | "necessarily" | "yet" | "even" | "always" | "be"
                // A legal disclaimer ("Samsung is not responsible for ...") is no fact to learn.
                | "responsible" | "liable" | "guaranteed"
        )
    {
        return None;
    }
    if let Some((_, pos)) = STATES.iter().find(|(n, _)| n == neg) {
        return Some((neg.to_string(), pos.to_string()));
    }
    // "do not V": the verb as it is; "does not V": the verb with the third person's ending.
    // An adverb before the verb stays before it ("does not automatically link" -> "automatically
    // links", not "automaticallies link").
    let mut ws = rest.split_whitespace();
    let first = ws.next()?;
    let (adverb, verb) = match ws.next() {
        // "-ply" and short words are verbs ("apply", "reply", "rely").
        Some(v) if first.len() >= 6 && first.ends_with("ly") && !first.ends_with("ply") => {
            (Some(first), v)
        }
        _ => (None, first),
    };
    let lower = |w: &str| w.chars().all(|c| c.is_ascii_lowercase());
    if !lower(verb) || adverb.is_some_and(|a| !lower(a)) {
        return None;
    }
    let third = neg.contains("does");
    let affirmed = if third {
        third_person(verb)
    } else {
        verb.to_string()
    };
    Some(match adverb {
        Some(a) => (format!("{neg}{a} {verb}"), format!(" {a} {affirmed}")),
        None => (format!("{neg}{verb}"), format!(" {affirmed}")),
    })
}

/// The third person singular of a verb's base form: "expire" -> "expires", "match" ->
/// "matches", "apply" -> "applies", "have" -> "has".
fn third_person(verb: &str) -> String {
    match verb {
        "have" => return "has".into(),
        "do" => return "does".into(),
        "go" => return "goes".into(),
        _ => {}
    }
    let consonant_y = verb.ends_with('y')
        && verb
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| !"aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &verb[..verb.len() - 1])
    } else if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|e| verb.ends_with(e))
    {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    }
}

/// "True or false: <a denied capability, affirmed>." with the denial as the true version;
/// not in a troubleshooting section, where "You can't hear the sound" is a symptom.
/// Whether the title or heading of a fact speaks of trouble ("Troubleshooting", "Sync
/// errors", "Why can't I ..."): its sentences state symptoms and causes, which have no truth
/// value alone. `general`: the sentence denies a state, not a capability (or affirms one),
/// so "not", "no" and "why" count too.
fn trouble_heading(m: &Material, f: &Fact, general: bool) -> bool {
    format!("{} {}", m.chunk.title, f.heading.unwrap_or(""))
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            // Errors and their fixes list causes ("Permission denied for table. The database
            // user cannot read a table."): a cause affirmed has no truth value alone (round 22).
            matches!(
                w,
                "can't"
                    | "won't"
                    | "doesn't"
                    | "isn't"
                    | "problem"
                    | "problems"
                    | "issue"
                    | "issues"
                    | "error"
                    | "errors"
                    | "fix"
            ) || w.starts_with("troubleshoot")
                || w.starts_with("fail")
                || general && (matches!(w, "not" | "no" | "why") || w.starts_with("trouble"))
        })
}

fn denial_item(m: &Material, f: &Fact) -> Option<Candidate> {
    let sentence = plain(f.md);
    let (false_one, denial) = affirm(&sentence)?;
    // A denied verb or state (not a capability) is more often a symptom ("The TV is not
    // connected to the Internet"): any heading word of trouble rules it out, and it yields to
    // an item on another key of the same sentence.
    let general = denial == Denial::State;
    if trouble_heading(m, f, general)
        || !is_statement(&sentence)
        || fragment(&sentence)
        || about_the_docs(&sentence)
        || in_example(&sentence, sentence.len())
        || words(&sentence) > 25
        || sentence.starts_with("I ")
        || instruction(&sentence, m.corpus)
    {
        return None;
    }
    // Flat text lost the tables that told a problem from a property: a troubleshooting
    // table's rows ("The color is poor or the picture is not bright enough.") read as facts.
    if general && (!marked(m) || disclaimer(&sentence) || remedy_follows(m, f)) {
        return None;
    }
    let src = source(m.chunk, f.heading, f.md);
    let why = explanation(m, f.heading, f.md);
    Some(true_false(
        &sentence,
        Some(&false_one),
        src,
        why,
        if general { 0.3 } else { 0.5 },
        fact_key(&sentence),
        2,
    ))
}

/// A true/false item from a statement that has no key to blank and denies nothing, its false
/// version the statement with one word turned into its contrary ("Exact counts are slower to
/// compute" -> "... faster ..."; [`crate::contrary::statement`] says where that reads as no
/// claim). Tried only for a fact no other item is made from. Not for a hedged statement ("may
/// exclude rows": "may include rows" is as true), nor under a heading of trouble, whose
/// sentences state symptoms.
fn contrary_item(m: &Material, f: &Fact) -> Option<Candidate> {
    let sentence = plain(f.md);
    if trouble_heading(m, f, true)
        || !is_statement(&sentence)
        || fragment(&sentence)
        || about_the_docs(&sentence)
        || label_run(&sentence, m.corpus)
        || !has_verb(&sentence, m.corpus)
        || !claim(&sentence, m.corpus)
        || !self_contained(&sentence)
        || words(&sentence) > 25
        || hedged(&sentence)
    {
        return None;
    }
    // Flat text lost the tables that told a problem from a property, and runs a label into
    // its description ("Dynamic Makes the picture brighter ..."): a capitalised second word
    // that starts sentences, or reads as a third person ("Makes"), is the description's first.
    let second = sentence.split_whitespace().nth(1).unwrap_or("");
    let run_in = second.starts_with(char::is_uppercase)
        && (m.corpus.starter(second)
            || second.chars().skip(1).all(|c| c.is_ascii_lowercase())
                && m.corpus.plural_of_known(&second.to_lowercase()));
    if !marked(m) && remedy_follows(m, f) || run_in {
        return None;
    }
    // The claim is the main clause: "Once enabled, your TV will tell you ..." made "Once
    // disabled, ..." a riddle, not a falsehood; one that instructs ("If ..., turn on Connect
    // through SSH and enter ...") is no claim, and naming "on" and "off" across the two
    // ("If ... turned off, ... activated again when the TV is next switched on") it reads as
    // nonsense turned.
    let (lead, main) = match sentence.split_once(", ") {
        Some((l, r)) if CONDITION_LEADS.iter().any(|c| l.starts_with(c)) => (l, r),
        _ => ("", sentence.as_str()),
    };
    if !lead.is_empty()
        && (instruction(&crate::text::upper_first(main), m.corpus)
            || lead.contains(" off") && main.contains(" on")
            || lead.contains(" on") && main.contains(" off"))
    {
        return None;
    }
    let swapped = crate::contrary::statement(main)?;
    let false_one = if lead.is_empty() {
        swapped
    } else {
        format!("{lead}, {swapped}")
    };
    Some(true_false(
        &sentence,
        Some(&false_one),
        source(m.chunk, f.heading, f.md),
        explanation(m, f.heading, f.md),
        0.4,
        fact_key(&sentence),
        2,
    ))
}

/// Words that open a condition before the main clause of a sentence.
const CONDITION_LEADS: &[&str] = &["When ", "Once ", "If ", "After ", "Before ", "While "];

/// Whether a statement hedges ("may", "might", "some") or states a possibility ("you can turn
/// on Voice Guide" does not make "you can turn off Voice Guide" false): its contrary is as
/// likely true. "It" counts too: "contact support to enable it" says what only the sentence
/// before names.
fn hedged(sentence: &str) -> bool {
    sentence.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        [
            "may",
            "might",
            "some",
            "certain",
            "usually",
            "often",
            "sometimes",
            "can",
            "could",
            "either",
            "it",
        ]
        .iter()
        .any(|h| w.eq_ignore_ascii_case(h))
    })
}

/// Whether the scope's docs mark terms (bold or code): flat text extracted from a PDF marks
/// nothing, and its structure (headings, tables) is lost with the marks. A scope of Markdown
/// that happens to mark nothing (a section of a list of links and plain sentences) is marked
/// when the corpus is Markdown ([`Corpus::markdown`]).
pub(crate) fn marked(m: &Material) -> bool {
    *m.memo.marked.get_or_init(|| {
        m.corpus.markdown()
            || m.scope
                .iter()
                .any(|c| c.text.contains("**") || c.text.contains('`'))
    })
}

/// Whether the sentence after a fact tells the reader what to do ("The TV is not connected to
/// the Internet. Check the network ..."): the fact is a problem a troubleshooting table or
/// passage states, not a property of the product.
fn remedy_follows(m: &Material, f: &Fact) -> bool {
    let text = &m.chunk.text;
    let Some(at) = text.find(f.md) else {
        return false;
    };
    let rest = plain(text[at + f.md.len()..].trim_start());
    docent_tutor::text::sentences(&rest)
        .first()
        .is_some_and(|(a, b)| instruction(rest[*a..*b].trim(), m.corpus))
}

/// Whether the byte offset `at` of `md` falls in an example ("for example, ...", "e.g.",
/// "such as", "like ..."): a value shown to illustrate (a typo, a person, a sample title) is
/// not a term to learn.
pub(crate) fn in_example(md: &str, at: usize) -> bool {
    let before = md[..at].to_lowercase();
    [
        "for example",
        "for instance",
        "especially ",
        "e.g.",
        "such as",
        "(like ",
        " like ",
        "instead of ",
        // An analogy names another product: "a similar purpose to PostgreSQL's row-level
        // security" teaches nothing about this one.
        "similar to ",
        "similar purpose to ",
        "similar role to ",
        "analogous to ",
        "comparable to ",
        "unlike ",
        "familiar with ",
    ]
    .iter()
    .any(|m| before.contains(m))
}

/// Words a count stands after when it states a limit ("up to five", "at least two").
const LIMIT_LEADS: &[&str] = &[
    "up to",
    "at least",
    "at most",
    "maximum of",
    "minimum of",
    "no more than",
    "more than",
    "fewer than",
    "less than",
    "only",
    "exactly",
    "within",
    "every",
];

/// Nouns after which a word is the name of an example's data ("the movies dataset").
const EXAMPLE_NOUNS: &[&str] = &[
    "dataset", "datasets", "data", "sample", "samples", "demo", "example", "examples",
];

/// Whether `term` of `md` is incidental: the name of an example's data ("changes to the
/// movies dataset"), or a count written as a word that states no limit ("Lumio has two
/// plans", "once a rule separates two documents"): a learner guesses it, and the limit or
/// rule of the sentence goes unasked.
pub(crate) fn incidental(md: &str, term: &Term) -> bool {
    let next = md[term.end..]
        .trim_start_matches(['`', '*', '_', '"'])
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let Some(count) = crate::text::spelled_value(&term.text) else {
        return !matches!(term.kind, TermKind::Number(_)) && EXAMPLE_NOUNS.contains(&next.as_str());
    };
    // "two" or "three" of something, stated as no limit, is the guess a learner makes for
    // any count of prose; "seven built-in ranking rules" is a fact to learn.
    // A time is a measure, not a count: "if a still image stays for two hours" is the
    // setting's threshold; "the job died three days ago" tells a story.
    let time = matches!(&term.kind, TermKind::Number(u) if TIME_UNITS.contains(&u.as_str()))
        && !md[term.end..]
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.starts_with("ago"));
    let before = md[..term.start].trim_end().to_lowercase();
    count <= 3 && !time && !LIMIT_LEADS.iter().any(|l| before.ends_with(l))
}

/// Units of time, as [`crate::text::unit`] writes them.
const TIME_UNITS: &[&str] = &["second", "minute", "hour", "day", "week", "month", "year"];

/// Whether `md` states a quantity (a number with digits outside an example: "1.5 GB",
/// "100 words"): then the quantity, a setting or a label is the key, never a plain word of
/// the sentence ("on the USB", "the optimal volume is between 75 dB and 80 dB").
pub(crate) fn states_quantity(md: &str) -> bool {
    let md = &plain(md);
    terms(md).iter().any(|t| {
        let digits = t.text.chars().any(|c| c.is_ascii_digit());
        // "between `1` and `4` characters": digits in code spans are values too.
        let number = matches!(t.kind, TermKind::Number(_))
            || t.kind == TermKind::Code && t.text.chars().all(|c| c.is_ascii_digit());
        number && digits && !in_example(md, t.start)
    })
}

/// "For more information, refer to ..." and "See ...": pointers, not facts; "Consider a
/// situation where ...": a hypothetical, not a fact.
pub(crate) fn cross_reference(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    [
        "consider ",
        "imagine ",
        "suppose ",
        "let's ",
        "say ",
        "assume ",
    ]
    .iter()
    .any(|p| l.starts_with(p))
        || l.starts_with("for more")
        || l.starts_with("for details")
        || l.starts_with("see ")
        || l.contains(", see ")
        || l.contains("refer to")
        // "Replace `1536` with the dimension of your embeddings": a placeholder, not a fact.
        || l.starts_with("replace ")
}

/// Words that point back at an earlier sentence ("It", "This", "Before it does"): a
/// statement holding one in its first words cannot be read alone.
const ANAPHORA: &[&str] = &[
    "it",
    "this",
    "that",
    "these",
    "those",
    "they",
    "them",
    "its",
    "their",
    "such",
    "here",
    "there",
    "he",
    "she",
    "both",
    "either",
    "above",
    "below",
    "following",
    "previous",
];

/// Openers that continue the sentence before ("Otherwise, ...", "However, ...").
const CONTINUATIONS: &[&str] = &[
    "otherwise",
    "however",
    "instead",
    "also",
    "then",
    "additionally",
    "furthermore",
    "similarly",
    "meanwhile",
    "likewise",
    "therefore",
    "consequently",
    "thus",
    "so",
    "but",
    "and",
    "or",
];

/// Whether a sentence can be read without the one before it.
pub(crate) fn self_contained(sentence: &str) -> bool {
    let first: Vec<String> = bare_words(sentence).into_iter().take(4).collect();
    let opener = first.first().map(String::as_str).unwrap_or("");
    // "This function may ...", "many of these apps", "can approximate this by": the thing
    // meant is in another sentence, wherever the demonstrative stands ("that" is also a
    // conjunction, so only as the opener).
    let demonstrative = sentence.split_whitespace().any(|w| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
            "this" | "these" | "those"
        )
    }) || opener == "that"
        || owner_missing(&first)
        || points_elsewhere(sentence);
    let pronoun = first.iter().take(3).any(|w| {
        ANAPHORA.contains(&w.as_str()) && !matches!(w.as_str(), "this" | "that" | "these" | "those")
    }) || them_without_antecedent(sentence);
    // "To do so, you could set product_id as the distinctAttribute": done what?
    let done_before = ["to do so", "doing so", "in that case", "if so"]
        .iter()
        .any(|p| {
            sentence
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        });
    !demonstrative && !pronoun && !done_before && !CONTINUATIONS.contains(&opener)
}

/// Whether the sentence points at something outside it: "the configuration above", "the
/// example below" (not "above 500 MB"), "the following ..." in a sentence that leads into
/// nothing, or a demonstrative "that" closing it ("can only reorder that fixed set": a
/// conjunction or relative "that" has a clause after it).
fn points_elsewhere(sentence: &str) -> bool {
    let words: Vec<String> = bare_words(sentence);
    let n = words.len();
    let at = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    words.iter().enumerate().any(|(i, w)| match w.as_str() {
        "above" | "below" => !at(i + 1).starts_with(|c: char| c.is_ascii_digit()),
        "aforementioned" | "preceding" => true,
        "following" => i > 0 && at(i - 1) == "the" && !sentence.trim_end().ends_with(':'),
        "that" => i > 0 && n - i <= 3,
        _ => false,
    })
}

/// Whether "them" stands for something said before the sentence: no plural word ends in "s"
/// ahead of it ("Use a scrape interval of 1 minute or less to reliably capture them"; not
/// "When two words are separated by a space, Meilisearch considers them as one word").
fn them_without_antecedent(sentence: &str) -> bool {
    const NOT_PLURAL: &[&str] = &[
        "less", "is", "was", "has", "does", "this", "its", "as", "us", "thus", "yes", "always",
        "plus", "across", "unless", "whereas", "perhaps", "status", "access", "process",
    ];
    let words: Vec<String> = bare_words(sentence);
    let Some(at) = words.iter().position(|w| w == "them") else {
        return false;
    };
    !words[..at]
        .iter()
        .any(|w| w.len() > 3 && w.ends_with('s') && !NOT_PLURAL.contains(&w.as_str()))
}

/// "The default value is ...", "The setting can ...": a generic noun as the subject, its owner
/// named in an earlier sentence, also after a leading condition word ("If the function is
/// deactivated, ..."). `first`: the sentence's first four words, lowercase.
fn owner_missing(first: &[String]) -> bool {
    const GENERIC: &[&str] = &[
        "value",
        "setting",
        "option",
        "parameter",
        "feature",
        "function",
        "field",
        "method",
        "default",
        "process",
        "result",
        "limit",
    ];
    // "If the function is deactivated, ...": the clause's subject is the sentence's.
    let lead = usize::from(matches!(
        first.first().map(String::as_str),
        Some("if" | "when" | "once" | "after" | "before" | "while" | "unless")
    ));
    let w = |i: usize| first.get(lead + i).map(String::as_str).unwrap_or("");
    match (w(0), w(1), w(2)) {
        // "The default is ...", "The default value ..."; not "The default ranking rules ...".
        ("the", "default", next) => GENERIC.contains(&next) || matches!(next, "is" | "was"),
        // "The value of `x` is ..." names its owner.
        ("the", noun, next) => GENERIC.contains(&noun) && !matches!(next, "of" | "for" | ""),
        _ => false,
    }
}

/// `blanked` with "a"/"an" before the blank made neutral, so the article gives nothing away.
fn neutral_article(blanked: String) -> String {
    // The article as a word: "more than _____" ends in "an" and keeps it.
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"\b(A|a)n? _____").expect("regex"));
    re.replace_all(&blanked, "${1}(n) _____").into_owned()
}

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

/// Whether `text` names `option`: every content word of the option, stemmed, is in the text
/// ("Filtering, sorting, and faceting" names "Sorting").
pub(crate) fn names_in(text: &str, option: &str) -> bool {
    let have: std::collections::HashSet<String> =
        crate::scope::key_words(text).into_iter().collect();
    let want = crate::scope::key_words(option);
    !want.is_empty() && want.iter().all(|w| have.contains(w))
}

/// Whether a sentence holds a negation word.
pub(crate) fn has_negation(sentence: &str) -> bool {
    sentence.split_whitespace().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase();
        matches!(
            w.as_str(),
            "not" | "no" | "never" | "cannot" | "nothing" | "none" | "neither" | "nor"
        ) || w.ends_with("n't")
    })
}

/// Whether the statement around a blank, or the scope's topic, names the key: "The _____
/// ranking rule sorts results by the number of typos" (key "typo"), or "The _____ browser
/// screen shows content" in a quiz on Ambient Mode (key "Ambient Mode"). A learner then needs
/// nothing but the stem or the quiz's title. Numbers are exempt: every option shares the unit.
pub(crate) fn gives_away(term: &Term, blanked: &str, topic: &[String]) -> bool {
    // "To listen to _____ audio ... connect a 5.1 home theater system": a number of the key
    // ("5.1 channel") said elsewhere in the stem points at it.
    let number_said = term
        .text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .any(|n| {
            blanked
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
                .any(|w| w.trim_end_matches('.') == n.trim_end_matches('.'))
        });
    if matches!(term.kind, TermKind::Number(_)) {
        return number_said
            || continues_sequence(&term.text, blanked)
            || number_in_words(&term.text, blanked);
    }
    // "an empty array _____": a key of punctuation alone ("[]") asks for typing, not knowing.
    if !term.text.chars().any(char::is_alphanumeric) {
        return true;
    }
    let key = crate::scope::key_words(&term.text);
    // A function word in bold ("**before**") is emphasis: blanking it asks for grammar.
    let partner = complement(&term.text).is_some_and(|p| {
        blanked
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(p))
    });
    const GRAMMAR: &[&str] = &[
        "before", "after", "only", "not", "all", "always", "never", "each", "every", "any", "more",
        "less", "than", "with", "without", "first", "last", "both", "either", "none",
    ];
    let grammar = key.is_empty() || GRAMMAR.contains(&term.text.to_lowercase().as_str());
    if grammar && term.kind != TermKind::Code {
        return true;
    }
    let stem: std::collections::HashSet<String> =
        crate::scope::key_words(blanked).into_iter().collect();
    // "in federated search mode by adding the _____ parameter": federation. A compound
    // identifier (`filterableAttributes`) is not given away by "filters": its exact name is
    // what is asked.
    let word_like = term.kind != TermKind::Code
        || crate::text::code_shape(&term.text) == crate::text::CodeShape::Word;
    partner
        || number_said
        || inside_identifier(&term.text, blanked)
        || key.iter().any(|w| {
            stem.contains(w) || word_like && stem.iter().any(|s| crate::scope::same_stem(w, s))
        })
        || (!key.is_empty() && key.iter().all(|w| topic.contains(w)))
        || spelled_out(&term.text, blanked)
}

/// Whether a capitalised key is the start of a longer name the stem goes on with: "agree to
/// the _____ of Service" (Terms), "open _____ Settings" (Expert), "use the _____ Forward
/// functions" (Slow Rewind Slow, a blank cut from "Slow Rewind Slow Forward"), "valid _____ 3339
/// dates" (RFC, an initialism with its number). The learner completes a phrase; the name itself
/// is what a question should ask.
pub(crate) fn part_of_name(key: &str, blanked: &str) -> bool {
    let words: Vec<&str> = key.split_whitespace().collect();
    let name = !words.is_empty()
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        });
    let initialism = words.len() == 1 && key.chars().all(|c| c.is_ascii_uppercase());
    let Some((_, after)) = blanked.split_once("_____") else {
        return false;
    };
    let mut next = after.split_whitespace();
    let capitalised = |w: Option<&str>| {
        w.is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase)
        })
    };
    let number = |w: Option<&str>| {
        w.is_some_and(|w| {
            let w = w.trim_end_matches(['.', ',', ';', ':', ')']);
            !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
        })
    };
    let first = next.next();
    name && !after.starts_with(['.', ',', ';', ':', ')'])
        && (capitalised(first)
            || first == Some("of") && capitalised(next.next())
            || initialism && number(first))
}

/// Whether an identifier of the stem holds the key whole: "`usedIndexSize` ... `_____`" gives
/// `indexSize` away, "`filterableAttributes`" gives `filterable`. Keys under four characters
/// are exempt (an `id` sits in many names without naming them).
pub(crate) fn inside_identifier(key: &str, blanked: &str) -> bool {
    let key = key.trim_matches('`').to_lowercase();
    if key.chars().count() < 4 || key.contains(char::is_whitespace) {
        return false;
    }
    // An identifier: snake_case, dotted, or camelCase (an upper-case letter after the first).
    let identifier = |w: &str| {
        w.contains(['_', '.']) && w.chars().any(char::is_alphabetic)
            || w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase)
    };
    blanked
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| identifier(w))
        .map(str::to_lowercase)
        .any(|w| w.len() > key.len() && w.contains(&key))
}

/// Whether the stem spells out an acronym key or abbreviates a key's words: "If the router
/// supports _____ (Wi-Fi Protected Setup)" gives WPS away, "Single sign-on (_____)" gives SSO,
/// and "_____ (SSO)" gives "single sign-on".
pub(crate) fn spelled_out(key: &str, blanked: &str) -> bool {
    let initials = |ws: &[&str]| -> String {
        ws.iter()
            .filter_map(|w| w.chars().next())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let acronym = |w: &str| {
        (2..=6).contains(&w.chars().count())
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    // "Wi-Fi Protected Setup" is WPS, "single sign-on" SSO: a hyphen joins or parts words.
    let split = |t: &str, hyphen: bool| -> Vec<String> {
        t.split(|c: char| c.is_whitespace() || c == '/' || (hyphen && c == '-'))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    [false, true].into_iter().any(|hyphen| {
        let stem = split(blanked, hyphen);
        let stem: Vec<&str> = stem.iter().map(String::as_str).collect();
        let words = split(key, hyphen);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        if words.len() == 1 && acronym(key) {
            let n = key.chars().count();
            return stem.windows(n).any(|w| initials(w) == key);
        }
        words.len() >= 2 && stem.iter().any(|w| acronym(w) && initials(&words) == *w)
    })
}

/// Whether the stem writes a number key's value in words ("If you set limit to _____ ..., you
/// get the first twenty search results": 20).
pub(crate) fn number_in_words(key: &str, blanked: &str) -> bool {
    const WORDS: &[(&str, u64)] = &[
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("fifteen", 15),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("hundred", 100),
        ("thousand", 1000),
    ];
    let Some(value) = number_value(key).and_then(|v| v.parse::<f64>().ok()) else {
        return false;
    };
    blanked
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| {
            let w = w.to_lowercase();
            WORDS.iter().find(|(x, _)| *x == w).map(|(_, v)| *v as f64)
        })
        .any(|v| v == value)
}

/// Whether a number key continues the numbers the stem holds ("Documents with 0 typos rank
/// highest, followed by those with 1 and then _____": 2): the stem counts up to the key.
pub(crate) fn continues_sequence(key: &str, blanked: &str) -> bool {
    let Some(k) = number_value(key).and_then(|v| v.parse::<f64>().ok()) else {
        return false;
    };
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let nums = |s: &str| -> Vec<f64> {
        numbers_in(s)
            .iter()
            .filter_map(|v| v.parse::<f64>().ok())
            .collect()
    };
    // The key in its place among the stem's numbers: "Documents with _____ rank highest,
    // followed by those with 1 and then 2 typos" counts down to it as plainly.
    let mut seq = nums(before);
    seq.push(k);
    seq.extend(nums(after));
    seq.len() >= 3
        && seq.windows(3).any(|w| {
            let d = w[1] - w[0];
            d.abs() > 1e-9 && (w[2] - w[1] - d).abs() < 1e-9 && w.contains(&k)
        })
}

/// A number in words after a demonstrative ("These _____ rules cast a wide net": five) counts
/// what the text before listed; out of it the count asks nothing.
pub(crate) fn counted_back(key: &str, blanked: &str) -> bool {
    crate::text::spelled_value(key).is_some()
        && blanked
            .split_once("_____")
            .map(|(b, _)| {
                b.split_whitespace()
                    .next_back()
                    .unwrap_or("")
                    .to_lowercase()
            })
            .is_some_and(|w| matches!(w.as_str(), "these" | "those" | "the" | "all" | "both"))
}

/// The other half of a pair whose one half names the other ("Use AND to require all
/// conditions and _____ to match any": OR).
fn complement(term: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("and", "or"),
        ("asc", "desc"),
        ("true", "false"),
        ("min", "max"),
        ("minimum", "maximum"),
        ("enable", "disable"),
        ("enabled", "disabled"),
        ("on", "off"),
        ("before", "after"),
        ("first", "last"),
        ("allow", "deny"),
        ("include", "exclude"),
        ("input", "output"),
        ("upload", "download"),
        ("public", "private"),
    ];
    let t = term.to_lowercase();
    PAIRS.iter().find_map(|(a, b)| {
        if t == *a {
            Some(*b)
        } else if t == *b {
            Some(*a)
        } else {
            None
        }
    })
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

/// Whether a blank asks nothing worth knowing although its key is a term: one member of a list
/// of examples ("the external device (cable box or satellite box, _____, Blu-ray, etc.)",
/// "from _____ and action movies"), or the name of the section the sentence sits in ("To use
/// the _____ menu" under "Accessibility Shortcuts menu": the learner reads the name above).
pub(crate) fn arbitrary_blank(
    key: &str,
    blanked: &str,
    chunk: &Chunk,
    heading: Option<&str>,
) -> bool {
    (list_member(blanked) && !lone_quantity(key, blanked))
        || parenthesised(blanked)
        || numbered_name(blanked)
        || names_its_section(key, chunk, heading)
}

/// Whether the blank is the word before a number that the two name together: "_____ 2" (Doc
/// 2, an example's label), "with _____ 192" (id 192), "valid _____ 3339 dates" (RFC 3339).
/// Reviewers kept none of four such items (rounds up to 65).
fn numbered_name(blanked: &str) -> bool {
    blanked.split_once("_____").is_some_and(|(_, after)| {
        after
            .strip_prefix(' ')
            .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Whether a number key is the only number of its sentence: "the last _____, their duration,
/// the rows read and any error message" (50 syncs) lists what a tab shows, and no other
/// member could fill a blank that asks how many; "720p, 1080p, _____ and 8K" has siblings
/// that could.
fn lone_quantity(key: &str, blanked: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_digit()) && !blanked.contains(|c: char| c.is_ascii_digit())
}

/// Whether the blank is all there is inside brackets: "the receiver is HDMI (_____)
/// compatible" (ARC), "avoid HDDs (_____)": an aside, an abbreviation or a gloss of the word
/// before it, which the learner completes from that word or guesses among its siblings.
pub(crate) fn parenthesised(blanked: &str) -> bool {
    blanked.contains("(_____)")
}

/// Words a clause joined to the blank's sentence opens with when it says what the blanked
/// value does or means ("combined with _____, so the rule fires only when all conditions are
/// true"; "a semanticRatio of _____, giving equal weight to keyword and semantic results"):
/// the learner reads the answer off the consequence.
const CONSEQUENCES: &[&str] = &[
    ", so ",
    ", giving ",
    ", which means ",
    ", meaning ",
    ", resulting in ",
    ", thus ",
    ", hence ",
    ", making ",
];

/// Words a bracketed aside right after a blank may have and still be a gloss of the key
/// ("_____ (17 mm)", "MongoDB _____ (URI)").
const GLOSS_WORDS: usize = 6;

/// The stem a cloze or multiple-choice item shows: the blanked sentence without what restates
/// its key right after the blank, a bracketed gloss ("a thickness of _____ (17 mm) or less":
/// the other unit gives the value away) or a clause of consequence ("combined with _____, so
/// the rule fires only when all conditions are true"); the explanation keeps the whole
/// sentence. Unchanged when the blank sits in the consequence or too little would be left.
pub(crate) fn without_asides(blanked: &str) -> String {
    let Some(at) = blanked.find("_____") else {
        return blanked.to_string();
    };
    let (before, after) = blanked.split_at(at + "_____".len());
    let mut after = after.to_string();
    if let Some(rest) = after.strip_prefix(" (") {
        if let Some(close) = rest.find(')') {
            if (1..=GLOSS_WORDS).contains(&words(&rest[..close])) && !rest[..close].contains('(') {
                after = rest[close + 1..].to_string();
            }
        }
    }
    let cut = CONSEQUENCES
        .iter()
        .filter_map(|c| after.find(c))
        .min()
        .filter(|&i| !after[..i].contains(['.', ';', ':', '(']));
    if let Some(i) = cut {
        // "..., so that ..." is a purpose, which may be all that says which setting is meant.
        if !after[i..].starts_with(", so that ") {
            after = format!("{}.", after[..i].trim_end());
        }
    }
    let out = format!("{before}{after}");
    if enough_context(&out) {
        out
    } else {
        blanked.to_string()
    }
}

/// Whether the blank is one item of an enumeration of three or more ("a, _____, c"), or of a
/// list ending in "etc." or standing in brackets.
pub(crate) fn list_member(blanked: &str) -> bool {
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let before = before.trim_end();
    let comma = before.ends_with(',') || after.starts_with(',');
    let conjunction = before.ends_with(" and")
        || before.ends_with(" or")
        || (after.starts_with(" and ") && !after.starts_with(" and then"))
        || after.starts_with(" or ");
    // The clause around the blank: from the last stop or colon before it to the next after.
    let left = before.rsplit(['.', ';', ':']).next().unwrap_or(before);
    let right = after.split(['.', ';', ':']).next().unwrap_or(after);
    let commas = left.matches(',').count() + right.matches(',').count();
    let etc = right.contains("etc");
    let bracketed = left.rfind('(').is_some_and(|i| !left[i..].contains(')'));
    // "written in French, German, or _____": the last member of a series.
    let series_end = ["and", "or"].iter().any(|c| {
        before.strip_suffix(c).is_some_and(|l| {
            l.ends_with(' ') && short_neighbour(l.trim_end(), "") && l.contains(',')
        })
    });
    // "turn _____ and other Accessibility functions on": one of a class, whose other members
    // fit the blank as well.
    let one_of_others = [
        " and other ",
        " or other ",
        ", among others",
        " among others",
    ]
    .iter()
    .any(|o| after.starts_with(o));
    // "turn on _____ and enter the host, port and user": a conjunction alone joins clauses.
    one_of_others
        || (comma && (etc || bracketed || commas >= 2 && short_neighbour(left, right)))
        || (conjunction && (etc || bracketed))
        || series_end
}

/// Words a list member next to a blank has at most: "words, typo, proximity, _____".
const LIST_MEMBER_WORDS: usize = 4;

/// Whether the comma-separated part next to the blank, on either side, is short enough to be
/// another member of a list; "With _____, Meilisearch only checks whether ..., not ..." has a
/// clause after the blank, not a list.
fn short_neighbour(left: &str, right: &str) -> bool {
    let before = left
        .trim_end()
        .strip_suffix(',')
        .and_then(|l| l.rsplit(',').next());
    let after = right
        .trim_start()
        .strip_prefix(',')
        .and_then(|r| r.split(',').next());
    [before, after].into_iter().flatten().any(|part| {
        let part = part
            .trim()
            .trim_start_matches("or ")
            .trim_start_matches("and ");
        (1..=LIST_MEMBER_WORDS).contains(&words(part))
    })
}

/// Whether the key names the section its sentence sits in: every word of it is in the
/// document's title or in the nearest heading over the sentence ("Accessibility Shortcuts" under
/// "Using the Accessibility Shortcuts menu"; not "Connect through SSH" under "SSH tunnel" in
/// "Connect PostgreSQL", whose words two headings share).
pub(crate) fn names_its_section(key: &str, chunk: &Chunk, heading: Option<&str>) -> bool {
    let want = crate::scope::key_words(key);
    // A count or limit asks for its number, which the heading does not say: "the last 50
    // syncs" under "Sync history" (key words drop numbers, leaving "syncs").
    let numbers: Vec<&str> = key
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let nearest = heading.or(chunk.heading_path.last().map(String::as_str));
    !want.is_empty()
        && std::iter::once(chunk.title.as_str())
            .chain(nearest)
            .any(|h| {
                let have: std::collections::HashSet<String> =
                    crate::scope::key_words(h).into_iter().collect();
                want.iter().all(|w| have.contains(w))
                    && numbers
                        .iter()
                        .all(|n| h.split_whitespace().any(|w| w == *n))
            })
}

/// Words that put a noun phrase after them.
const PHRASE_LEADS: &[&str] = &[
    "the", "a", "an", "your", "each", "every", "its", "their", "of", "with", "by", "using", "via",
    "in", "on", "from", "into", "through",
];

/// Words no phrase key holds: adverbs, modals and the adjectives of order and kind ("the
/// next time", "may differ", "scan for devices again").
const NOT_IN_PHRASES: &[&str] = &[
    "again",
    "often",
    "always",
    "never",
    "also",
    "only",
    "even",
    "still",
    "just",
    "already",
    "may",
    "might",
    "must",
    "can",
    "will",
    "would",
    "should",
    "could",
    "next",
    "last",
    "first",
    "same",
    "other",
    "new",
    "old",
    "many",
    "more",
    "most",
    "few",
    "several",
    "various",
    "different",
    "certain",
    "specific",
    "following",
    "previous",
    "current",
    "existing",
    "additional",
    "overall",
    "such",
    "own",
    "whole",
    "entire",
    "possible",
    "reasons",
    "way",
    "time",
    "times",
    "case",
    "cases",
    "use",
    "example",
    "selected",
    "desired",
    "given",
    "each",
    "every",
    "any",
    "all",
    "some",
    "both",
    "feature",
    "features",
    "function",
    "functions",
];

/// Two-word phrases of lowercase content words in `md` ("master key", "tenant tokens"), with
/// their byte ranges: the terms of prose that marks none. Words in markup, code or bold are
/// left to [`terms`].
pub(crate) fn phrases(md: &str) -> Vec<(usize, usize, String)> {
    phrases_in(md, true)
}

/// [`phrases`]; with `slot` false every pair of content words, wherever it stands (what a
/// chunk uses, counted for [`Memo::phrases`]).
fn phrases_in(md: &str, slot: bool) -> Vec<(usize, usize, String)> {
    static WORDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = WORDS.get_or_init(|| {
        // A link's text counts ("a [bucket sort](...) algorithm"): the docs link a term to
        // where they define it.
        regex::Regex::new(r"(?:^|[\s(\[])([a-z]{3,}) ([a-z]{3,})(?:$|[\s.,;:)\]])").expect("regex")
    });
    let content = |w: &str| {
        !docent_tutor::text::is_stopword(w) && !w.ends_with("ly") && !NOT_IN_PHRASES.contains(&w)
    };
    // A noun phrase stands after a determiner or a preposition ("using the master key") and
    // ends before a word that is not lowercase prose ("the existing functional
    // specifications" goes on: no phrase).
    let lead_ok = |before: &str| {
        let prev = before
            .trim_end_matches('[')
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .trim_start_matches(['(', '['])
            .to_lowercase();
        PHRASE_LEADS.contains(&prev.as_str())
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = re.captures_at(md, at) {
        let (Some(a), Some(b)) = (c.get(1), c.get(2)) else {
            break;
        };
        // Overlapping pairs: the next search starts at the second word.
        at = a.end();
        let rest = &md[b.end()..];
        let goes_on = rest.starts_with(' ')
            && rest[1..].starts_with(|ch: char| ch.is_ascii_lowercase())
            && rest[1..]
                .split(|ch: char| !ch.is_alphanumeric())
                .next()
                .is_some_and(|w| !docent_tutor::text::is_stopword(w));
        if content(a.as_str())
            && content(b.as_str())
            && (!slot || (lead_ok(&md[..a.start()]) && !goes_on))
        {
            out.push((a.start(), b.end(), format!("{} {}", a.as_str(), b.as_str())));
        }
    }
    out
}

/// A key for a fact no marked term holds: a two-word phrase the scope uses in two chunks or
/// more, with a word that is specific to the scope (in at most an eighth of the corpus):
/// "The /keys route can only be accessed using the _____" (master key).
fn phrase_key(m: &Material, f: &Fact) -> Option<(Term, f32, String)> {
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
fn named_by_docs(m: &Material, phrase: &str) -> bool {
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
fn phrase_distractors(key: &str, blanked: &str, m: &Material, want: usize) -> Vec<String> {
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
fn modifier_reads_as_name(phrase: &str, m: &Material) -> bool {
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

/// Whether one phrase is the other with a word clipped ("async operations" for "asynchronous
/// operations", "config file" for "configuration file"): the same thing, so a second key.
pub(crate) fn clipped_form(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (x, y): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    x.len() == y.len()
        && x != y
        && x.iter().zip(&y).all(|(p, q)| {
            p == q || (p.len().min(q.len()) >= 3 && (p.starts_with(*q) || q.starts_with(*p)))
        })
}

/// Whether two phrases have the same content words, stemmed.
fn same_words(a: &str, b: &str) -> bool {
    crate::scope::key_words(a) == crate::scope::key_words(b)
}

/// Whether the docs (scope and neighbours) say the same words around the blank with another
/// term in it: "The _____ field for the provided API key resource is invalid" is said of
/// `description` and of `actions`, so either fills the blank.
pub(crate) fn second_answer(m: &Material, blanked: &str, key: &str) -> bool {
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let tail = |s: &str, n: usize| {
        let w: Vec<&str> = s.split_whitespace().collect();
        w[w.len().saturating_sub(n)..].join(" ")
    };
    let head = |s: &str, n: usize| s.split_whitespace().take(n).collect::<Vec<_>>().join(" ");
    let b = crate::text::norm(&tail(before, 4).replace("a(n)", "a"));
    let a = crate::text::norm(&head(after, 4));
    if words(&b) + words(&a) < 4 || a.is_empty() {
        return false;
    }
    let k = crate::text::norm(key);
    // "a(n) _____": either article before the other term.
    let lead = match b.strip_suffix(" a").or((b == "a").then_some("")) {
        Some("") => "an? ".to_string(),
        Some(rest) => format!("{} an? ", regex::escape(rest)),
        None if b.is_empty() => String::new(),
        None => format!("{} ", regex::escape(&b)),
    };
    let frame = format!(
        r"(?:^| ){lead}((?:\S+ ){{0,3}}?\S+) {}(?: |$)",
        regex::escape(&a)
    );
    let Ok(re) = regex::Regex::new(&frame) else {
        return false;
    };
    m.scope
        .iter()
        .chain(m.neighbours.iter())
        .chain(std::iter::once(&m.chunk))
        .any(|c| {
            let hay = crate::text::norm(&c.text);
            // "Edit Channel" beside "Edit Channels" is the same answer.
            re.captures_iter(&hay)
                .filter_map(|cap| cap.get(1))
                .any(|x| {
                    x.as_str() != k && !same_words(x.as_str(), &k) && !same_quantity(x.as_str(), &k)
                })
        })
}

/// The value a quantity opens with, its multiplier applied: "1M tasks" and "1 million tasks"
/// are 1,000,000, "10k" 10,000, "$25" 25.
pub(crate) fn quantity_value(s: &str) -> Option<f64> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?i)^\$?(\d[\d,]*(?:\.\d+)?)\s?(k|m|b|thousand|million|billion)?\b")
            .expect("regex")
    });
    let c = re.captures(s.trim())?;
    let n: f64 = c[1].replace(',', "").parse().ok()?;
    let times = match c.get(2).map(|m| m.as_str().to_lowercase()).as_deref() {
        Some("k" | "thousand") => 1e3,
        Some("m" | "million") => 1e6,
        Some("b" | "billion") => 1e9,
        _ => 1.0,
    };
    Some(n * times)
}

/// Whether two quantities state one value ("1M tasks", "1 million tasks"): one answer written
/// two ways, not a second answer.
fn same_quantity(a: &str, b: &str) -> bool {
    matches!((quantity_value(a), quantity_value(b)), (Some(x), Some(y)) if x == y)
}

/// Whether a sentence has a finite verb: an auxiliary, or a lowercase word the corpus uses as
/// a verb. "TV's HDMI (ARC) port with an HDMI cable." (a label line cut from a figure) has
/// none and states nothing.
pub(crate) fn has_verb(sentence: &str, corpus: &Corpus) -> bool {
    sentence.split_whitespace().skip(1).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        w.starts_with(|c: char| c.is_ascii_lowercase())
            && (AUXILIARIES.contains(&w)
                || w.ends_with("n't")
                || corpus.verb(w)
                // Inflected forms pass unseen ("listens", "appeared"): only a line with none
                // is a label.
                || (w.len() > 4 && w.ends_with("ed"))
                || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.contains('\'')))
    })
}

/// A flat-text label run into a sentence: its first three words capitalised and the third
/// one a word that starts instructions, or the first again ("Select Favorites Select one of
/// the ...").
pub(crate) fn label_run(sentence: &str, corpus: &Corpus) -> bool {
    let w: Vec<&str> = sentence.split_whitespace().take(3).collect();
    w.len() == 3
        && w.iter().all(|x| x.starts_with(char::is_uppercase))
        && (corpus.starter(w[2].trim_matches(|c: char| !c.is_alphanumeric())) || w[0] == w[2])
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

/// Whether a sentence is a claim a learner can judge true or false: not an instruction
/// ("Record a program using ...", "In the Edit screen, move to ..."), not negated (the true
/// version of "The audio is not played" is a symptom, the false one a double negative), and
/// not an example ("for example, `create`").
pub(crate) fn claim(sentence: &str, corpus: &Corpus) -> bool {
    !instruction(sentence, corpus)
        && !has_negation(sentence)
        && !in_example(sentence, sentence.len())
}

/// Verbs software docs open instructions with, for a corpus too small to have learnt them
/// ("Split dashboards with more than 25 tiles ..." in a few dozen pages).
const IMPERATIVES: &[&str] = &[
    "add",
    "avoid",
    "check",
    "choose",
    "click",
    "configure",
    "connect",
    "copy",
    "create",
    "define",
    "delete",
    "disable",
    "download",
    "enable",
    "enter",
    "export",
    "go",
    "import",
    "install",
    "keep",
    "make",
    "open",
    "paste",
    "press",
    "remove",
    "rename",
    "restart",
    "run",
    "save",
    "select",
    "send",
    "set",
    "share",
    "sign",
    "split",
    "start",
    "stop",
    "tap",
    "try",
    "turn",
    "type",
    "update",
    "upload",
    "use",
    "verify",
    "wait",
];

/// Whether a sentence opens with one of [`IMPERATIVES`] and its next two words hold no verb of
/// which it would be the subject ("Split dashboards ..."; not "Split views are ..." or "Use
/// cases include ...").
fn common_imperative(sentence: &str) -> bool {
    let ws: Vec<String> = bare_words(sentence).into_iter().take(3).collect();
    let subject_of = |w: &str| {
        matches!(
            w,
            "is" | "are"
                | "was"
                | "were"
                | "can"
                | "will"
                | "may"
                | "must"
                | "has"
                | "have"
                | "include"
                | "includes"
        )
    };
    ws.first()
        .is_some_and(|w| IMPERATIVES.contains(&w.as_str()))
        && !ws.iter().skip(1).any(|w| subject_of(w))
}

/// Whether a sentence tells the reader what to do: it opens with a verb, or with a
/// prepositional or purpose phrase followed by one ("To watch a blocked program, enter ...").
pub(crate) fn instruction(sentence: &str, corpus: &Corpus) -> bool {
    if corpus.imperative(sentence) || common_imperative(sentence) {
        return true;
    }
    let first = sentence
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let lead = matches!(
        first.as_str(),
        "in" | "on"
            | "to"
            | "from"
            | "after"
            | "before"
            | "when"
            | "if"
            | "once"
            | "while"
            | "for"
            | "at"
            | "under"
            | "within"
            | "with"
            | "during"
            | "by"
    );
    let Some((_, rest)) = sentence.split_once(", ") else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    lead && corpus.imperative(&crate::text::upper_first(rest))
}

/// A description that opens on its verb, its subject left to a heading or a label: "Enables
/// the Prometheus /metrics endpoint for monitoring.", "Sets the minimum number of threads
/// ...": a capitalised third person ("-s", not "-ss", "-us" or "-is") and then a determiner.
/// Reviewers kept 1 of 7 such items ("which option?").
fn subjectless(sentence: &str, ws: &[String]) -> bool {
    let first = sentence.split_whitespace().next().unwrap_or("");
    let verb_like = first.len() > 3
        && first.starts_with(char::is_uppercase)
        && first.chars().skip(1).all(|c| c.is_ascii_lowercase())
        && first.ends_with('s')
        && !["ss", "us", "is"].iter().any(|e| first.ends_with(e))
        && !matches!(
            ws.first().map(String::as_str),
            Some("always" | "perhaps" | "sometimes" | "besides" | "thus")
        );
    verb_like
        && ws.get(1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "the" | "a" | "an" | "your" | "all" | "any" | "each" | "every" | "its" | "their"
            )
        })
}

/// A glossary entry or label that is no sentence: "A search UI pattern that suggests results
/// as the user types." (a noun phrase with a relative clause and no main verb of its own).
pub(crate) fn fragment(sentence: &str) -> bool {
    let ws: Vec<String> = bare_words(sentence);
    if subjectless(sentence, &ws) {
        return true;
    }
    if !matches!(ws.first().map(String::as_str), Some("a" | "an")) {
        return false;
    }
    ws.iter()
        .take(7)
        .skip(1)
        .take_while(|w| !AUXILIARIES.contains(&w.as_str()))
        .any(|w| {
            matches!(
                w.as_str(),
                "that" | "where" | "which" | "who" | "whose" | "used"
            )
        })
}

/// Auxiliaries and copulas: a finite verb a clause cannot do without.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "can", "cannot", "will", "must", "may", "might", "should",
    "could", "would", "has", "have", "had", "does", "do", "did",
];

/// A sentence about the documentation rather than the product: "Learn about the functions
/// available in ...", "You can learn the voice commands ...", "This guide explains ...", or a
/// [`disclaimer`].
pub(crate) fn about_the_docs(sentence: &str) -> bool {
    let l = format!(" {} ", sentence.to_lowercase());
    disclaimer(&l)
        || promises_speed(&l)
        || [
            " learn ",
            " learn how ",
            " understand ",
            " discover ",
            " find out ",
            " this guide ",
            " this page ",
            " this section ",
            " this article ",
            " this tutorial ",
            " explains how ",
            " describes how ",
            " walks you through ",
            " read on ",
        ]
        .iter()
        .any(|p| l.contains(p))
}

/// A sales line on how fast one gets going rather than a fact of the product: "Get started
/// with Meilisearch using the Go SDK in 5 minutes", "... you go from zero to production search
/// in minutes, not weeks". Reviewers kept none of the five judged items made from one (rounds
/// 24, 33, 74 and 77: "a marketing tagline, not product knowledge"). A vague "in minutes" or
/// "not weeks" is the pitch itself; a number of minutes is a pitch only beside getting started
/// ("The key expires in 5 minutes" is a fact). `l` is lowercase.
pub(crate) fn promises_speed(l: &str) -> bool {
    static SPEED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let speed = SPEED.get_or_init(|| {
        regex::Regex::new(
            r"\bin (?:just |under |less than )?(?:a few |\d+ )?(?:minutes|seconds)\b|\bnot (?:days|weeks|months)\b",
        )
        .expect("regex")
    });
    let Some(m) = speed.find(l) else {
        return false;
    };
    let vague = !m.as_str().chars().any(|c| c.is_ascii_digit());
    vague
        || [
            "get started",
            "getting started",
            "up and running",
            "ready in",
            "zero to",
            "deploy",
            "set up",
            "get going",
        ]
        .iter()
        .any(|p| l.contains(p))
}

/// A hedge on what the docs cover rather than a fact of the product: "This function may not be
/// supported depending on the model", "Some features may differ by geographical area",
/// "Consent to the collection and use of personal information". Every page of a manual carries
/// them; none is worth a question. `l` is lowercase.
pub(crate) fn disclaimer(l: &str) -> bool {
    [
        "may not be supported",
        "may not be available",
        "not available in all",
        "depending on the model",
        "depending on the region",
        "depending on the country",
        "depending on the geographical area",
        "depending on the service provider",
        "depending on the network conditions",
        "may differ from",
        "may vary",
        "subject to change",
        "without prior notice",
        "collection and use of",
    ]
    .iter()
    .any(|p| l.contains(p))
}

/// A true/false candidate: the true statement, with the false one, if any, as its alternate.
fn true_false(
    truth: &str,
    falsehood: Option<&str>,
    src: Source,
    why: String,
    sal: f32,
    fact: String,
    difficulty: u8,
) -> Candidate {
    let make = |statement: &str, key: usize, d: u8| {
        let mut tf = item(
            ItemKind::TrueFalse,
            format!("True or false: {statement}"),
            src.clone(),
            why.clone(),
            d,
            Level::Recall,
        );
        tf.options = vec!["True".into(), "False".into()];
        tf.key = vec![key];
        tf
    };
    Candidate {
        item: make(truth, 0, difficulty.saturating_sub(1).max(1)),
        alternate: falsehood.map(|f| make(f, 1, difficulty)),
        salience: sal,
        fact,
    }
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
        Level::Apply,
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
        Level::Apply,
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
        Level::Analyse,
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

/// Runs `f` on the material of the first of `texts` (one chunk each, all of them the scope)
/// with `topic` as the scope's words.
/// The plain text of `md` with `md[start..end]` replaced by a blank ("_____"), its article
/// made neutral ("a/an _____").
fn blanked_stem(md: &str, start: usize, end: usize) -> String {
    neutral_article(
        plain(&format!("{}{BLANK}{}", &md[..start], &md[end..])).replace(BLANK, "_____"),
    )
}

#[cfg(test)]
pub(crate) fn with_material<R>(texts: &[&str], topic: &str, f: impl FnOnce(&Material) -> R) -> R {
    with_scope(texts, texts.len(), topic, f)
}

/// [`with_material`] with only the first `in_scope` of `texts` the scope, the corpus all of
/// them.
#[cfg(test)]
pub(crate) fn with_scope<R>(
    texts: &[&str],
    in_scope: usize,
    topic: &str,
    f: impl FnOnce(&Material) -> R,
) -> R {
    let chunks: Vec<Chunk> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Chunk::public_doc(&format!("c{i}"), &format!("Doc {i}"), &[], t))
        .collect();
    let refs: Vec<&Chunk> = chunks.iter().take(in_scope).collect();
    let corpus = Corpus::build(&chunks);
    let scope_terms = ScopeTerms::build(refs.iter().copied());
    let memo = Memo::default();
    let topic = crate::scope::key_words(topic);
    let m = Material {
        chunk: &chunks[0],
        neighbours: Vec::new(),
        scope: &refs,
        scope_terms: &scope_terms,
        corpus: &corpus,
        memo: &memo,
        topic: &topic,
        tasks: &[],
    };
    f(&m)
}

#[cfg(test)]
mod tests {
    use super::*;

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
