//! The questions one message asks. People ask two or three things at once ("What geo formats
//! does it accept, and which geo filters are there?", "Does that raise our bill, and is billing
//! per project?"). One answer from one section covers one of them; each part that the answer
//! leaves out is looked up on its own ([`Part::query`]) and answered after it.

use std::collections::HashSet;

use docent_core::{Answer, AnswerPart, Citation};

use crate::asking::{asks, message_sentences};
use crate::text::{squash, terms};
use crate::{rerank, Composed, TermWeights};

/// Words that open a question of their own after ", and" or a comma.
const OPENERS: &[&str] = &[
    "what", "what's", "whats", "which", "how", "where", "when", "why", "who", "whose", "is", "are",
    "was", "does", "do", "did", "can", "could", "should", "will", "would", "has", "have", "must",
];

/// Words that open a clause that leads into a question rather than asking one ("If I delete
/// an index, what happens ...?").
const SUBORDINATORS: &[&str] = &[
    "if", "once", "after", "before", "since", "because", "while", "although", "though", "unless",
    "whenever", "as", "given", "when",
];

/// Words that refer back to something an earlier part named.
const REFERRING: &[&str] = &[
    "it", "its", "it's", "this", "that", "these", "those", "they", "them", "their", "there",
];

/// Fewest content terms a part needs to be looked up without the part before it.
const STANDS_ALONE: usize = 2;

/// One question of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part as asked ("which geo filters are there?").
    pub text: String,
    /// What to search for it: the message's context sentences, the first part when this one
    /// refers back to it or says too little alone, and the part itself.
    pub query: String,
}

/// The questions `message` asks, in order, when it asks more than one; empty otherwise. Each
/// sentence ending in a question mark is a question; one is split further at a comma (with or
/// without "and") followed by a word that opens a question ("..., and what is ...?",
/// "..., how do I ...?"). A part with no content term of its own is not a question apart.
pub fn question_parts(message: &str) -> Vec<Part> {
    let spans = message_sentences(message);
    let mut context: Vec<&str> = spans.iter().copied().filter(|s| !asks(s)).collect();
    let mut asked: Vec<String> = Vec::new();
    for s in spans.iter().copied().filter(|s| asks(s)) {
        let (lead, question) = lead_and_question(s);
        context.extend(lead);
        asked.extend(split_sentence(question));
    }
    // A question asked twice is one part, and a message is read for its first few: each part
    // is embedded and weighed, and "Webhook? " repeated to the length limit (111 parts) took
    // seconds of both cores a request (an outside probe, session 54).
    let mut seen = HashSet::new();
    asked.retain(|p| {
        let t = terms(p);
        !t.is_empty() && seen.insert(t)
    });
    asked.truncate(MAX_READ);
    if asked.len() < 2 {
        return Vec::new();
    }
    let first = asked[0].clone();
    asked
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut query: Vec<&str> = context.clone();
            if i > 0 && leans_on_earlier(&text) {
                query.push(&first);
            }
            query.push(&text);
            let query = query.join(" ");
            Part { text, query }
        })
        .collect()
}

/// A sentence that sets its scene before a colon and asks after it ("Ruby service here: what
/// version does the SDK need, ...?") as the scene and the question.
fn lead_and_question(sentence: &str) -> (Option<&str>, &str) {
    let Some(colon) = sentence.find(": ") else {
        return (None, sentence);
    };
    let question = sentence[colon + 1..].trim_start();
    let first = question
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if OPENERS.contains(&first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')) {
        (Some(&sentence[..=colon]), question)
    } else {
        (None, sentence)
    }
}

/// Splits one asking sentence at each comma that opens a new question; every part but the
/// last ends in "?".
fn split_sentence(sentence: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (comma, _) in sentence.match_indices([',', ';']) {
        let rest = &sentence[comma + 1..];
        let mut words = rest.split_whitespace();
        let mut next = words.next().unwrap_or("").to_lowercase();
        let mut skip = 0;
        // "..., or does it ...?" offers alternatives within one question; it asks nothing apart.
        if next == "or" {
            continue;
        }
        if next == "and" || next == "but" {
            skip = next.len();
            next = words.next().unwrap_or("").to_lowercase();
        }
        let next = next.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        if !OPENERS.contains(&next) {
            continue;
        }
        let head = sentence[start..comma].trim();
        if terms(head).is_empty() || !asks_alone(head, skip > 0) {
            continue;
        }
        parts.push(format!("{head}?"));
        let after = rest.trim_start();
        start = comma + 1 + (rest.len() - after.len()) + skip;
    }
    let tail = sentence[start..].trim();
    if !tail.is_empty() {
        parts.push(capitalised(tail));
    }
    parts
        .into_iter()
        .map(|p| capitalised(p.trim()))
        .filter(|p| p.len() > 1)
        .collect()
}

/// True when `head`, the words before a comma, is a question of its own: after a bare comma
/// it must open with a question word ("What X, how Y?"); before ", and" it must not open a
/// clause that leads into the question ("If I delete an index, and ...").
fn asks_alone(head: &str, joined: bool) -> bool {
    let first = head.split_whitespace().next().unwrap_or("").to_lowercase();
    let first = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    if SUBORDINATORS.contains(&first) {
        // "When does a key expire, and can I extend it?" asks; "When I delete it, what ...?"
        // leads in, and what follows its comma asks: "When sending a click event, is
        // position counted from 0, and do I need it ...?".
        return joined && ((first == "when" && opens_with_verb(head)) || clause_asks(head));
    }
    joined || OPENERS.contains(&first)
}

/// True when a clause after a comma in `head` opens with a question word ("If I delete an
/// index, what happens to its tasks").
fn clause_asks(head: &str) -> bool {
    head.match_indices(", ").any(|(i, _)| {
        let next = head[i + 2..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        OPENERS.contains(&next.as_str())
    })
}

/// True when the word after the first is a verb that inverts a question ("When does ...").
fn opens_with_verb(head: &str) -> bool {
    head.split_whitespace()
        .nth(1)
        .map(str::to_lowercase)
        .is_some_and(|w| OPENERS.contains(&w.as_str()))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// True when a later part refers back ("what license is it under?") or names too little to be
/// looked up alone ("and is there a demo?").
fn leans_on_earlier(part: &str) -> bool {
    let lower = part.to_lowercase();
    let refers = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| REFERRING.contains(&w));
    refers || terms(part).len() < STANDS_ALONE
}

/// Most parts of a message answered after its first answer.
pub const MAX_PARTS: usize = 2;

/// Most questions of one message read as parts (the first ones asked; people ask two or
/// three things at once).
pub const MAX_READ: usize = 6;

/// IDF-weighted share of a part's own terms an answer must mention for the part to count as
/// answered, and that a part's own answer must mention to be added (with more of them than
/// the answer so far). 0.75 was tried: it looks further for parts whose words the answer
/// names, and on 1,052 eval questions found two more passages, one about something else.
pub const PART_COVERED: f32 = 0.5;

/// How much closer in meaning (cosine of the part with the closest sentence) a sentence the
/// answer's pages hold must be than every sentence the answer quotes for a part whose words
/// the answer names to count as left out, and a part's own answer must be for it to be added
/// where it names fewer of the part's words. Set by reading what it changes (0.1: 13 of
/// 1,052 eval answers), judged in round 60; not fitted.
pub const MEANING_GAP: f32 = 0.1;

/// The terms of part `i` that no other part of the message names (what it alone asks).
pub(crate) fn own_terms(parts: &[Part], i: usize) -> Vec<String> {
    let others: HashSet<String> = parts
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != i)
        .flat_map(|(_, p)| terms(&p.text))
        .collect();
    let mut own: Vec<String> = terms(&parts[i].text)
        .into_iter()
        .filter(|t| !others.contains(t))
        .collect();
    own.sort_unstable();
    own.dedup();
    own
}

/// IDF-weighted share of `own` that `answer` mentions in its text or the headings it cites.
pub(crate) fn answer_coverage(answer: &Answer, own: &[String], w: &TermWeights) -> f32 {
    let mut found: HashSet<String> = terms(&answer.text).into_iter().collect();
    for c in &answer.citations {
        for h in &c.heading_path {
            found.extend(terms(h));
        }
    }
    rerank::weighted_share(own, &found, w)
}

/// The parts of `composed` that quote the chunk its first part quotes, with their citations.
pub(crate) fn first_passage(composed: Composed) -> Composed {
    let Some(first) = composed
        .parts
        .first()
        .and_then(|p| composed.citations.iter().find(|c| c.n == p.citation))
        .map(|c| c.chunk_id.clone())
    else {
        return Composed::default();
    };
    let keep: HashSet<usize> = composed
        .citations
        .iter()
        .filter(|c| c.chunk_id == first)
        .map(|c| c.n)
        .collect();
    Composed {
        parts: composed
            .parts
            .into_iter()
            .filter(|p| keep.contains(&p.citation))
            .collect(),
        citations: composed
            .citations
            .into_iter()
            .filter(|c| keep.contains(&c.n))
            .collect(),
    }
}

/// True when `answer` already holds every part of `composed` (nothing in it is new).
pub(crate) fn holds_all(answer: &Answer, composed: &Composed) -> bool {
    composed.parts.iter().all(|p| held(answer, &p.text))
}

/// True when `answer` holds `text`, or a part of it holds all of `text` or lies within it.
fn held(answer: &Answer, text: &str) -> bool {
    let key = squash(text);
    answer.parts.iter().any(|p| {
        let have = squash(&p.text);
        have.contains(&key) || key.contains(&have)
    })
}

/// Appends the parts of `composed` that `answer` does not already hold, renumbering their
/// citations after the answer's own (a citation the answer already has keeps its number),
/// and sends each to `sink`. False when nothing was new.
pub(crate) fn append_new(
    answer: &mut Answer,
    composed: Composed,
    sink: &mut dyn FnMut(&AnswerPart, &Citation),
) -> bool {
    let mut appended = false;
    for mut part in composed.parts {
        if held(answer, &part.text) {
            continue;
        }
        let Some(cited) = composed.citations.iter().find(|c| c.n == part.citation) else {
            continue;
        };
        let same = |c: &&Citation| {
            c.chunk_id == cited.chunk_id && c.start == cited.start && c.end == cited.end
        };
        let n = match answer.citations.iter().find(same) {
            Some(c) => c.n,
            None => {
                let mut c = cited.clone();
                c.n = answer.citations.len() + 1;
                answer.citations.push(c);
                answer.citations.len()
            }
        };
        part.citation = n;
        if let Some(c) = answer.citations.iter().find(|c| c.n == n) {
            sink(&part, c);
        }
        answer.parts.push(part);
        appended = true;
    }
    appended
}

#[cfg(test)]
mod tests {
    //! Proves: a sentence is split at ", and <question word>" and at a bare comma before a
    //! question word, not at a comma inside a clause; separate question sentences are parts;
    //! a part that refers back is looked up with the first part; context sentences go with
    //! every part; a single question gives no parts.
    use super::*;

    fn texts(m: &str) -> Vec<String> {
        question_parts(m).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn a_repeated_question_is_one_part_and_a_message_is_read_for_its_first_few() {
        assert!(texts(&"Webhook? ".repeat(111)).is_empty());
        assert!(texts(&"How do I export a report? ".repeat(40)).is_empty());
        let many: String = (1..=10)
            .map(|i| format!("What is limit number {i} of the plan? "))
            .collect();
        let got = texts(&many);
        assert_eq!(got.len(), MAX_READ, "{got:?}");
        assert_eq!(got[0], "What is limit number 1 of the plan?");
    }

    #[test]
    fn a_comma_and_a_question_word_open_a_second_question() {
        assert_eq!(
            texts("What geo data formats does Meilisearch accept, and which geo filters are available?"),
            vec![
                "What geo data formats does Meilisearch accept?",
                "Which geo filters are available?"
            ]
        );
    }

    #[test]
    fn a_list_of_questions_splits_at_every_question_word() {
        assert_eq!(
            texts("What Ruby version does the SDK need, how do I block until documents are indexed, and is there something for Rails models?"),
            vec![
                "What Ruby version does the SDK need?",
                "How do I block until documents are indexed?",
                "Is there something for Rails models?"
            ]
        );
    }

    #[test]
    fn alternatives_joined_by_or_are_one_question() {
        assert!(texts(
            "Are notifications sent during that window lost, or does Meilisearch try again?"
        )
        .is_empty());
    }

    #[test]
    fn a_scene_before_a_colon_is_context() {
        let parts = question_parts(
            "Ruby service here: what Ruby version does the SDK need, and is there something for Rails models?",
        );
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].text, "What Ruby version does the SDK need?");
        assert!(parts[1].query.starts_with("Ruby service here:"));
    }

    #[test]
    fn a_comma_inside_a_clause_does_not_split() {
        assert!(texts("How do I sort by price, rating and date?").is_empty());
        assert!(texts("If I delete an index, what happens to its tasks?").is_empty());
    }

    #[test]
    fn a_lead_phrase_stays_with_its_question() {
        assert_eq!(
            texts("Per the comparison, can we get Atlas Search on a self-managed MongoDB, and does Atlas Search work with InstantSearch?"),
            vec![
                "Per the comparison, can we get Atlas Search on a self-managed MongoDB?",
                "Does Atlas Search work with InstantSearch?"
            ]
        );
        assert_eq!(
            texts("When does a key expire, and can I extend it?"),
            vec!["When does a key expire?", "Can I extend it?"]
        );
        assert_eq!(
            texts("When sending a click event, is position counted from 0, and do I need it for conversions?"),
            vec![
                "When sending a click event, is position counted from 0?",
                "Do I need it for conversions?"
            ]
        );
    }

    #[test]
    fn separate_question_sentences_are_parts() {
        assert_eq!(
            texts("Can I change the expiry date? And can I rename a key?"),
            vec!["Can I change the expiry date?", "And can I rename a key?"]
        );
    }

    #[test]
    fn a_part_that_refers_back_is_looked_up_with_the_first() {
        let parts = question_parts(
            "Where does OpenSearch come from, what license is it under, and when do the docs say to pick it?",
        );
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].query, "Where does OpenSearch come from?");
        assert_eq!(
            parts[1].query,
            "Where does OpenSearch come from? What license is it under?"
        );
    }

    #[test]
    fn context_sentences_go_with_every_part() {
        let parts = question_parts(
            "We're on Meilisearch Cloud. What falls under project management, and what do webhooks do there?",
        );
        assert_eq!(parts.len(), 2);
        assert!(parts
            .iter()
            .all(|p| p.query.starts_with("We're on Meilisearch Cloud.")));
    }

    fn citation(n: usize, chunk: &str) -> Citation {
        Citation {
            n,
            chunk_id: chunk.into(),
            doc_id: chunk.into(),
            title: chunk.into(),
            heading_path: Vec::new(),
            link: String::new(),
            quote: String::new(),
            start: 0,
            end: 10,
        }
    }

    fn part(text: &str, citation: usize) -> AnswerPart {
        AnswerPart {
            kind: docent_core::PartKind::Paragraph,
            text: text.into(),
            citation,
        }
    }

    #[test]
    fn a_parts_answer_is_appended_with_its_citations_renumbered() {
        let mut answer = Answer {
            question: String::new(),
            resolved_question: String::new(),
            answered: true,
            confidence: 0.8,
            text: String::new(),
            parts: vec![part("Open the report and click Export.", 1)],
            citations: vec![citation(1, "export")],
            related: Vec::new(),
            actions: Vec::new(),
            composer: docent_core::ComposerKind::Extractive,
        };
        let composed = Composed {
            parts: vec![
                part("Open the report and click Export.", 1),
                part("Invoices go to the workspace owner.", 2),
                part("Billing is monthly.", 1),
            ],
            citations: vec![citation(1, "export"), citation(2, "billing")],
        };
        let mut sent = Vec::new();
        assert!(append_new(&mut answer, composed, &mut |p, c| sent
            .push((p.text.clone(), c.n))));
        let texts: Vec<(&str, usize)> = answer
            .parts
            .iter()
            .map(|p| (p.text.as_str(), p.citation))
            .collect();
        // The repeated sentence is left out; a citation the answer has keeps its number, a
        // new one takes the next.
        assert_eq!(
            texts,
            vec![
                ("Open the report and click Export.", 1),
                ("Invoices go to the workspace owner.", 2),
                ("Billing is monthly.", 1),
            ]
        );
        assert_eq!(answer.citations.len(), 2);
        assert_eq!(answer.citations[1].chunk_id, "billing");
        assert_eq!(sent.len(), 2);
        let nothing = Composed {
            parts: vec![part("Invoices go to the workspace owner.", 1)],
            citations: vec![citation(1, "billing")],
        };
        assert!(!append_new(&mut answer, nothing, &mut |_, _| {}));
    }

    #[test]
    fn only_the_first_passage_of_a_parts_answer_is_kept() {
        let composed = Composed {
            parts: vec![
                part("Webhooks notify a URL.", 1),
                part("A changelog line about geo filters.", 2),
                part("Up to 20 webhooks a project.", 3),
            ],
            citations: vec![
                citation(1, "webhooks#0"),
                citation(2, "changelog#4"),
                citation(3, "webhooks#0"),
            ],
        };
        let kept = first_passage(composed);
        let texts: Vec<&str> = kept.parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["Webhooks notify a URL.", "Up to 20 webhooks a project."]
        );
        assert!(kept.citations.iter().all(|c| c.chunk_id == "webhooks#0"));
    }

    #[test]
    fn one_question_gives_no_parts() {
        assert!(texts("How do I export a report?").is_empty());
        assert!(texts("I use Python. How do I add documents?").is_empty());
    }
}
