//! Follow-up resolution: "and on mobile?" after "How do I export a report?" is searched as
//! "How do I export a report on mobile?". Rule-based and cheap: a question that leans on the
//! previous one (a leading connective, a bare pronoun, or too few content words to stand alone)
//! is joined to the previous resolved question.

use crate::text::terms;

const LEADS: &[&str] = &[
    "and what about ",
    "and how about ",
    "what about ",
    "how about ",
    "and if ",
    "and for ",
    "and on ",
    "and in ",
    "and with ",
    "and ",
    "also ",
    "same for ",
    "what if ",
    "or ",
];

const PRONOUNS: &[&str] = &[
    "it", "that", "this", "them", "there", "those", "these", "one",
];

/// The question joined to the previous resolved question (connectives such as "what about"
/// dropped, "and on mobile" kept as "on mobile"), or `None` at the start of a conversation.
/// Whether the join is used is decided on evidence by the tutor ([`crate::Tutor::resolve`]).
pub fn join(question: &str, previous: &[String]) -> Option<String> {
    let q = question.trim();
    let last = previous.last()?;
    let lower = q.to_lowercase();
    let rest = match LEADS.iter().find(|l| lower.starts_with(*l)) {
        Some(l) => {
            let keep = ["and on ", "and in ", "and for ", "and with ", "and if "];
            let cut = if keep.contains(l) { 4 } else { l.len() };
            q.get(cut.min(q.len())..).unwrap_or(q)
        }
        None => q,
    };
    let base = last.trim_end_matches(['?', '.', '!', ' ']);
    Some(format!("{base} {}", rest.trim()))
}

/// True when the wording of `question` leans on a previous turn: a leading connective ("and
/// on mobile?", "what about PDF?") or a bare pronoun in a short question ("how do I mute it?").
/// Unlike the old word-count rule, a short question with its own topic ("What is the capital
/// of France?") does not lean.
pub fn leans_on_previous(question: &str) -> bool {
    let lower = question.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    LEADS.iter().any(|l| lower.starts_with(l))
        || (words.len() <= 8 && words.iter().any(|w| PRONOUNS.contains(w)))
}

/// Resolves `question` against `previous` (the previous resolved questions, oldest first) by
/// its wording alone: the rule the tutor used before follow-ups were decided by evidence.
pub fn resolve(question: &str, previous: &[String]) -> String {
    let q = question.trim();
    let Some(last) = previous.last() else {
        return q.to_string();
    };
    let lower = q.to_lowercase();
    let lead = LEADS.iter().find(|l| lower.starts_with(*l));
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let pronoun = words.len() <= 8 && words.iter().any(|w| PRONOUNS.contains(&w.as_str()));
    let thin = terms(q).len() <= 2;
    if lead.is_none() && !pronoun && !thin {
        return q.to_string();
    }
    // Keep the connective's object ("on mobile"), drop the connective itself.
    let rest = match lead {
        Some(l) => {
            let keep = ["and on ", "and in ", "and for ", "and with ", "and if "];
            let cut = if keep.contains(l) { 4 } else { l.len() };
            &q[cut.min(q.len())..]
        }
        None => q,
    };
    let base = last.trim_end_matches(['?', '.', '!', ' ']);
    format!("{base} {}", rest.trim())
}

#[cfg(test)]
mod tests {
    //! Proves: a question that stands alone is left alone; one that leans on the previous
    //! turn is joined to it; the first question of a conversation is never changed.
    use super::*;

    #[test]
    fn follow_ups_join_the_previous_question() {
        let prev = vec!["How do I export a report?".to_string()];
        assert_eq!(
            resolve("and on mobile?", &prev),
            "How do I export a report on mobile?"
        );
        assert_eq!(
            resolve("What about PDF?", &prev),
            "How do I export a report PDF?"
        );
        assert_eq!(
            resolve("How long does it take?", &prev),
            "How do I export a report How long does it take?"
        );
    }

    #[test]
    fn leaning_wording_and_own_topics() {
        assert!(leans_on_previous("and on mobile?"));
        assert!(leans_on_previous("How do I mute it?"));
        assert!(!leans_on_previous("What is the capital of France?"));
        assert!(!leans_on_previous("How do I cancel my subscription?"));
        let prev = vec!["How do I export a report?".to_string()];
        assert_eq!(
            join("and on mobile?", &prev).as_deref(),
            Some("How do I export a report on mobile?")
        );
        assert_eq!(join("and on mobile?", &[]), None);
    }

    #[test]
    fn standalone_questions_are_left_alone() {
        let prev = vec!["How do I export a report?".to_string()];
        let q = "How do I reset my password after a lockout?";
        assert_eq!(resolve(q, &prev), q);
        assert_eq!(resolve("and on mobile?", &[]), "and on mobile?");
    }
}
