//! What every generator reads a chunk of the scope with ([`Material`]: the chunk, its scope,
//! neighbours and corpus statistics, read once per quiz in [`Memo`]), the chunk cut into facts,
//! blocks and lists ([`parts`]), and the builders of an item and its source ([`item`],
//! [`source`], [`true_false`]).

use docent_core::{Chunk, PartKind};
use docent_tutor::text::units;

use crate::phrases::phrases_in;
use crate::salience::{Corpus, ScopeTerms};
use crate::sentence::after_label_run;
use crate::text::{plain, terms, Term};
use crate::types::{Basis, Item, ItemKind, Level, Source, Status};

/// Stands for the blank while Markdown is turned into plain text.
pub(crate) const BLANK: &str = "QQBLANKQQ";

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
/// Where the first line of image markup (`<Frame>`, `<img />`) after an item's first line
/// starts, if any.
fn media_after(item: &str) -> Option<usize> {
    let mut offset = 0;
    for (i, line) in item.split_inclusive('\n').enumerate() {
        if i > 0 && docent_index::sentences::is_media_line(line) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

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
        let mut item = block[*s..end].trim();
        // A screenshot after a step is no part of its text.
        if let Some(at) = media_after(item) {
            item = item[..at].trim_end();
        }
        if !item.is_empty() {
            out.push(item);
        }
    }
    out
}

/// Words of a heading that say only that steps or an outline follow.
pub(crate) const GENERIC_HEADING_WORDS: &[&str] = &[
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
        basis.level(),
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

/// Runs `f` on the material of the first of `texts` (one chunk each, all of them the scope)
/// with `topic` as the scope's words.
/// The plain text of `md` with `md[start..end]` replaced by a blank ("_____"), its article
/// made neutral ("a/an _____").
pub(crate) fn blanked_stem(md: &str, start: usize, end: usize) -> String {
    neutral_article(
        plain(&format!("{}{BLANK}{}", &md[..start], &md[end..])).replace(BLANK, "_____"),
    )
}

/// A true/false candidate: the true statement, with the false one, if any, as its alternate.
pub(crate) fn true_false(
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

/// `blanked` with "a"/"an" before the blank made neutral, so the article gives nothing away.
pub(crate) fn neutral_article(blanked: String) -> String {
    // The article as a word: "more than _____" ends in "an" and keeps it.
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"\b(A|a)n? _____").expect("regex"));
    re.replace_all(&blanked, "${1}(n) _____").into_owned()
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
    let chunks: Vec<docent_core::Chunk> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| docent_core::Chunk::public_doc(&format!("c{i}"), &format!("Doc {i}"), &[], t))
        .collect();
    let refs: Vec<&docent_core::Chunk> = chunks.iter().take(in_scope).collect();
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

    // A screenshot after a step (kept inside the procedure, so that the step before it is not
    // lost) is no part of the step's text.
    #[test]
    fn a_screenshot_after_a_step_is_not_its_text() {
        let block = "1. Go to **Project Settings > Webhooks**.\n\n<Frame>\n  <img src=\"/a.png\" alt=\"Add\" />\n</Frame>\n\n2. Enter the **Webhook URL**.\n3. Click **Add webhook**.";
        assert_eq!(
            split_items(block),
            [
                "Go to **Project Settings > Webhooks**.",
                "Enter the **Webhook URL**.",
                "Click **Add webhook**."
            ]
        );
        let md = "1. Open the menu.\n\n![The menu](/img/menu.png)\n\n2. Click **Remove**.";
        assert_eq!(split_items(md), ["Open the menu.", "Click **Remove**."]);
    }
}
