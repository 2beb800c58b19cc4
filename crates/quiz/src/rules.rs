//! The rule-based generator (no language model). From each chunk of the scope it makes
//! candidates: cloze and multiple choice from sentences that state a fact with a key term (bold
//! UI label, code span, number with unit), true/false from the same facts (false ones swap the
//! term for a distractor), ordering from numbered procedures, multiple select from bulleted
//! facts, short answer from definitions and FAQ questions. Distractors are terms of the same
//! kind taken from the most similar neighbouring chunks (by embedding), or, for numbers, other
//! values of the same unit. Every candidate then goes through [`crate::validate`].

use docent_core::{Chunk, PartKind};
use docent_tutor::text::units;

use crate::text::{contains, perturb, plain, terms, Term, TermKind};
use crate::types::{Item, ItemKind, Level, Source, Status};

/// Stands for the blank while Markdown is turned into plain text.
const BLANK: &str = "QQBLANKQQ";

/// A chunk of the scope with its neighbours (most similar first), for distractors.
pub struct Material<'a> {
    /// The chunk items are made from.
    pub chunk: &'a Chunk,
    /// Similar chunks, most similar first.
    pub neighbours: Vec<&'a Chunk>,
}

/// A stable hash of a chunk's text (items remember it to notice changed sources).
pub fn chunk_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(text.as_bytes());
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn source(chunk: &Chunk, heading: Option<&str>, quote: &str) -> Source {
    let mut heading_path = chunk.heading_path.clone();
    if let Some(h) = heading {
        if heading_path.last().map(String::as_str) != Some(h) {
            heading_path.push(h.to_string());
        }
    }
    Source {
        chunk_id: chunk.id.clone(),
        doc_id: chunk.doc_id.clone(),
        title: chunk.title.clone(),
        heading_path,
        quote: quote.to_string(),
        chunk_hash: chunk_hash(&chunk.text),
    }
}

fn item(kind: ItemKind, stem: String, src: Source, explanation: String) -> Item {
    let (difficulty, level) = match kind {
        ItemKind::MultipleChoice | ItemKind::TrueFalse => (1, Level::Recall),
        ItemKind::Cloze | ItemKind::ShortAnswer => (2, Level::Recall),
        ItemKind::Ordering => (2, Level::Apply),
        ItemKind::MultipleSelect => (3, Level::Analyse),
    };
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
    }
}

/// A deterministic shuffle (so the same scope gives the same quiz).
fn shuffle<T>(v: &mut [T], seed: &str) {
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

/// Distractors for `term`: same-kind terms from the neighbours that the source chunk does not
/// contain, then (numbers) perturbed values.
fn distractors(term: &Term, m: &Material, want: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let ok = |d: &str, out: &Vec<String>| {
        !d.eq_ignore_ascii_case(&term.text)
            && !contains(&m.chunk.text, d)
            && !out.iter().any(|o| o.eq_ignore_ascii_case(d))
            && d.split_whitespace().count().abs_diff(term.text.split_whitespace().count()) <= 1
            // "owner" among "Save" and "Public link" gives itself away: same capitalisation.
            && d.chars().next().map(char::is_uppercase)
                == term.text.chars().next().map(char::is_uppercase)
            // ... and the same number, for one-word labels ("tile" among "dashboards").
            && (term.kind != TermKind::Label
                || term.text.contains(' ')
                || d.ends_with('s') == term.text.ends_with('s'))
    };
    for n in &m.neighbours {
        for t in terms(&n.text) {
            if t.kind == term.kind && ok(&t.text, &out) {
                out.push(t.text);
                if out.len() == want {
                    return out;
                }
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

/// A fact: a sentence or bullet item (plain Markdown span) of a chunk.
struct Fact<'a> {
    md: &'a str,
    heading: Option<&'a str>,
}

/// A list block: its heading and its text.
type Block<'a> = (Option<&'a str>, &'a str);
/// A bulleted list: its heading and its items.
type Bullets<'a> = (Option<&'a str>, Vec<&'a str>);

fn facts(chunk: &Chunk) -> (Vec<Fact<'_>>, Vec<Block<'_>>, Vec<Bullets<'_>>) {
    let text = chunk.text.as_str();
    let mut facts = Vec::new();
    let mut steps = Vec::new();
    let mut bullets = Vec::new();
    for u in units(text) {
        let span = u.text(text);
        let heading = u.heading.as_deref().map(|h| {
            // A heading owned by the unit lives as long as the units vector; re-find it in the
            // chunk text so the borrow is tied to the chunk.
            text.find(h).map_or("", |i| &text[i..i + h.len()])
        });
        match u.kind {
            PartKind::Paragraph => facts.push(Fact { md: span, heading }),
            PartKind::Steps => steps.push((heading, span)),
            PartKind::Bullets => {
                let items: Vec<&str> = split_items(span);
                for i in &items {
                    for (a, b) in docent_tutor::text::sentences(i) {
                        let sentence = &i[a..b];
                        // "**The email never arrives.**" is a headline, not a fact.
                        if !(sentence.starts_with("**") && sentence.ends_with("**")) {
                            facts.push(Fact {
                                md: sentence,
                                heading,
                            });
                        }
                    }
                }
                bullets.push((heading, items));
            }
            PartKind::Code => {}
        }
    }
    (facts, steps, bullets)
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

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn topic(chunk: &Chunk, heading: Option<&str>) -> String {
    match heading {
        Some(h) if !h.eq_ignore_ascii_case("steps") && !h.is_empty() => h.to_string(),
        _ => chunk.title.clone(),
    }
}

fn explanation(chunk: &Chunk, heading: Option<&str>, statement: &str) -> String {
    format!("From “{}”: {}", topic(chunk, heading), plain(statement))
}

/// Every candidate item of one chunk.
pub fn candidates(m: &Material) -> Vec<Item> {
    let chunk = m.chunk;
    let (facts, steps, bullets) = facts(chunk);
    let mut out = Vec::new();
    for f in &facts {
        let sentence = plain(f.md);
        if !(6..=40).contains(&words(&sentence))
            || sentence.ends_with(':')
            || sentence.ends_with('?')
        {
            continue;
        }
        let Some(term) = terms(f.md).into_iter().next() else {
            continue;
        };
        // The sentence with the term blanked, in plain text.
        let blanked = plain(&format!(
            "{}{BLANK}{}",
            &f.md[..term.start],
            &f.md[term.end..]
        ))
        .replace(BLANK, "_____")
        // "An _____" would give a vowel away.
        .replace("An _____", "A(n) _____")
        .replace("an _____", "a(n) _____")
        .replace("A _____", "A(n) _____")
        .replace("a _____", "a(n) _____");
        // A term inside markup that plain text drops leaves no blank: not a candidate.
        if !blanked.contains("_____") || blanked.starts_with("_____") || words(&blanked) < 5 {
            continue;
        }
        let src = source(chunk, f.heading, f.md);
        let why = explanation(chunk, f.heading, f.md);
        let mut cloze = item(
            ItemKind::Cloze,
            format!("Fill in the blank: {blanked}"),
            src.clone(),
            why.clone(),
        );
        cloze.answers = vec![term.text.clone()];
        out.push(cloze);

        let ds = distractors(&term, m, 3);
        if ds.len() == 3 {
            let mut options: Vec<String> = std::iter::once(term.text.clone())
                .chain(ds.iter().cloned())
                .collect();
            shuffle(&mut options, &sentence);
            let key = options.iter().position(|o| *o == term.text).unwrap_or(0);
            let mut mcq = item(
                ItemKind::MultipleChoice,
                format!("Which completes the sentence? {blanked}"),
                src.clone(),
                why.clone(),
            );
            mcq.options = options;
            mcq.key = vec![key];
            out.push(mcq);
        }
        // A false statement swaps a number for another of the same unit: swapping labels
        // makes sentences no person would write.
        let numeric = matches!(term.kind, TermKind::Number(_));
        if let Some(d) = ds
            .first()
            .filter(|_| numeric)
            .or(ds.first().filter(|_| sentence.len().is_multiple_of(2)))
        {
            // True for even sentence lengths, false otherwise (numbers only): a balanced mix.
            let truth = sentence.len().is_multiple_of(2) || !numeric;
            let statement = if truth {
                sentence.clone()
            } else {
                blanked.replacen("_____", d, 1)
            };
            let mut tf = item(
                ItemKind::TrueFalse,
                format!("True or false: {statement}"),
                src,
                why,
            );
            tf.options = vec!["True".into(), "False".into()];
            tf.key = vec![if truth { 0 } else { 1 }];
            out.push(tf);
        }
    }
    for (heading, block) in &steps {
        let items: Vec<String> = split_items(block)
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
        if !(3..=8).contains(&items.len()) {
            continue;
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
        let t = topic(chunk, *heading);
        let mut it = item(
            ItemKind::Ordering,
            format!("Put these steps for “{t}” in the right order."),
            source(chunk, *heading, block),
            format!("From “{t}”: {}", items.join(" ")),
        );
        if items.len() >= 5 {
            it.difficulty = 3;
        }
        it.options = options;
        it.key = key;
        out.push(it);
    }
    for (heading, items) in &bullets {
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
            continue;
        }
        let mut options = Vec::new();
        let mut truth = Vec::new();
        for (n, (md, term)) in with_terms.iter().take(4).enumerate() {
            // Every other statement is made false with a distractor of its term.
            let false_one = n % 2 == 1;
            let d = if false_one {
                distractors(term, m, 1).pop()
            } else {
                None
            };
            match d {
                Some(d) => {
                    options.push(plain(&format!(
                        "{}{}{}",
                        &md[..term.start],
                        d,
                        &md[term.end..]
                    )));
                    truth.push(false);
                }
                None => {
                    options.push(plain(md));
                    truth.push(true);
                }
            }
        }
        if truth.iter().all(|t| *t) {
            continue;
        }
        let t = topic(chunk, *heading);
        let mut ms = item(
            ItemKind::MultipleSelect,
            format!("Which of these statements about “{t}” are true? Select all that apply."),
            source(chunk, *heading, &items.join("\n")),
            format!(
                "From “{t}”: {}",
                with_terms
                    .iter()
                    .map(|(i, _)| plain(i))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        );
        ms.key = truth
            .iter()
            .enumerate()
            .filter(|(_, t)| **t)
            .map(|(i, _)| i)
            .collect();
        ms.options = options;
        out.push(ms);
    }
    // Definitions: "**Term**: meaning" or "**Term** — meaning" (glossaries), and FAQ headings.
    for f in &facts {
        let md = f.md.trim();
        let Some(rest) = md.strip_prefix("**") else {
            continue;
        };
        let Some(close) = rest.find("**") else {
            continue;
        };
        let term = plain(&rest[..close]);
        let after = rest[close + 2..].trim_start();
        let Some(meaning) = [":", "—", "–", " - "]
            .iter()
            .find_map(|sep| after.strip_prefix(sep.trim_start()))
        else {
            continue;
        };
        let meaning = meaning.trim();
        if words(meaning) < 4 || words(&term) > 4 || term.ends_with('.') {
            continue;
        }
        let mut sa = item(
            ItemKind::ShortAnswer,
            format!("What does “{term}” mean?"),
            source(chunk, f.heading, f.md),
            explanation(chunk, f.heading, f.md),
        );
        sa.answers = vec![plain(meaning)];
        out.push(sa);
    }
    if let Some(h) = chunk.heading_path.last().filter(|h| h.ends_with('?')) {
        if let Some(f) = facts.first() {
            let mut sa = item(
                ItemKind::ShortAnswer,
                h.clone(),
                source(chunk, None, f.md),
                explanation(chunk, None, f.md),
            );
            sa.answers = vec![plain(f.md)];
            out.push(sa);
        }
    }
    out
}
