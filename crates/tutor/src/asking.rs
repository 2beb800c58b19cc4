//! The part of a message that asks. In a support chat people describe their situation before
//! they ask ("We have 200k products and a list of IDs to discount. Is there a way to do that
//! server-side?"). Retrieval keeps the whole message, since the situation helps find the page,
//! but whether the evidence answers is judged on what is asked: the asker's own data, stack
//! and history ("React", "our Heroku dyno") are theirs, not something the docs must cover.

use crate::text::{sentences, terms};

/// Fewest content terms an asking sentence needs to stand alone; one with fewer ("How do I
/// do that?") is read with the sentence before it.
const STANDS_ALONE: usize = 3;

/// The sentences of `message` that ask (those ending in a question mark), with the sentence
/// before the first of them when that one leans on it (a pronoun such as "that" or "it", or
/// too few content terms to stand alone). `None` when the whole message asks: a single
/// sentence, no sentence ending in a question mark, or nothing but questions.
pub fn asking_part(message: &str) -> Option<String> {
    let spans = message_sentences(message);
    let first = spans.iter().position(|s| asks(s))?;
    if spans.iter().all(|s| asks(s)) {
        return None;
    }
    let start = if first > 0 && leans_on_context(spans[first]) {
        first - 1
    } else {
        first
    };
    let part: Vec<&str> = spans
        .iter()
        .enumerate()
        .filter(|&(i, s)| i == start || asks(s))
        .map(|(_, s)| *s)
        .collect();
    Some(part.join(" "))
}

/// The sentences of `message` that ask, joined; the whole message when none does.
pub(crate) fn questions_of(message: &str) -> String {
    let asking: Vec<&str> = message_sentences(message)
        .into_iter()
        .filter(|s| asks(s))
        .collect();
    if asking.is_empty() {
        message.to_string()
    } else {
        asking.join(" ")
    }
}

/// The sentences of a message, trimmed, empty ones left out.
pub(crate) fn message_sentences(message: &str) -> Vec<&str> {
    sentences(message)
        .into_iter()
        .filter_map(|(s, e)| message.get(s..e))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// True when a sentence asks (ends in a question mark, before any closing quote or bracket).
pub(crate) fn asks(sentence: &str) -> bool {
    sentence
        .trim_end_matches(['"', '\'', ')', ' '])
        .ends_with('?')
}

/// Words that refer back to something said before.
const REFERRING: &[&str] = &["it", "its", "this", "these", "those", "they", "them"];

/// Words after which "that" points back ("do that", "does that field") rather than opening a
/// clause ("an option that drops ...").
const BEFORE_POINTING_THAT: &[&str] = &[
    "do", "does", "did", "done", "doing", "is", "was", "with", "for", "about", "like", "of", "to",
];

/// True when an asking sentence refers back ("Is there a way to do that server-side?", "can
/// we switch it off?") or says too little to be judged alone.
fn leans_on_context(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let refers = words.iter().enumerate().any(|(i, w)| {
        REFERRING.contains(w)
            || (*w == "that" && i > 0 && BEFORE_POINTING_THAT.contains(&words[i - 1]))
    });
    refers || terms(sentence).len() < STANDS_ALONE
}

#[cfg(test)]
mod tests {
    //! Proves: the context before a question is left out of what is asked; a question that
    //! refers back keeps the sentence it refers to; a single question, or a message of
    //! questions only, is asked whole.
    use super::*;

    #[test]
    fn the_questions_of_a_message_leave_its_scene_out() {
        let m = "My UHD Blu-ray player outputs 4K 60. Do I have to change anything for that? \
                 And is the flicker normal?";
        assert_eq!(
            questions_of(m),
            "Do I have to change anything for that? And is the flicker normal?"
        );
        let scene_only = "My Blu-ray player outputs 4K 60.";
        assert_eq!(questions_of(scene_only), scene_only);
    }

    #[test]
    fn the_context_before_a_question_is_not_asked() {
        let m = "Our shop runs on React and Heroku. Users complain about typos. \
                 Which setting controls how many typos a word may have?";
        assert_eq!(
            asking_part(m).as_deref(),
            Some("Which setting controls how many typos a word may have?")
        );
    }

    #[test]
    fn a_question_that_refers_back_keeps_its_antecedent() {
        let m = "We run Meilisearch in Docker. We need to cut prices of 500 products by 20%. \
                 Is there a way to do that server-side?";
        assert_eq!(
            asking_part(m).as_deref(),
            Some("We need to cut prices of 500 products by 20%. Is there a way to do that server-side?")
        );
    }

    #[test]
    fn a_clause_opened_by_that_does_not_refer_back() {
        let m = "We never set stop words. Is there an option that drops common words first?";
        assert_eq!(
            asking_part(m).as_deref(),
            Some("Is there an option that drops common words first?")
        );
    }

    #[test]
    fn every_question_of_a_message_is_asked() {
        let m = "Keys expire after a year. Can I change the expiry date? And can I rename a key?";
        assert_eq!(
            asking_part(m).as_deref(),
            Some("Can I change the expiry date? And can I rename a key?")
        );
    }

    #[test]
    fn a_single_question_or_only_questions_is_asked_whole() {
        assert_eq!(asking_part("How do I export a report?"), None);
        assert_eq!(asking_part("How do I export? Can it be CSV?"), None);
        assert_eq!(asking_part("I want to export a report. Please help."), None);
    }
}
