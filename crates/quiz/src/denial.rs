//! True/false items from what the docs deny ("X cannot be used with Y", "X is not supported"):
//! the denial is the true statement and its affirmation the false one, unless a remedy follows
//! or the heading is about trouble; and from statements asked against their contrary.

use crate::material::{
    explanation, fact_key, marked, source, true_false, Candidate, Fact, Material,
};
use crate::sentence::{
    about_the_docs, claim, disclaimer, fragment, has_negation, has_verb, hedged, in_example,
    instruction, is_statement, label_run, self_contained, words, CONDITION_LEADS,
};
use crate::text::plain;

/// [`affirm`] without the kind of denial.
#[cfg(test)]
pub(crate) fn affirmative(sentence: &str) -> Option<String> {
    affirm(sentence).map(|(a, _)| a)
}

/// What a sentence denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Denial {
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
pub(crate) fn affirm(sentence: &str) -> Option<(String, Denial)> {
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
pub(crate) fn denied_capability(padded: &str) -> Option<Option<(String, String)>> {
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
pub(crate) fn denied_verb(padded: &str) -> Option<(String, String)> {
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
pub(crate) fn third_person(verb: &str) -> String {
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
pub(crate) fn trouble_heading(m: &Material, f: &Fact, general: bool) -> bool {
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

pub(crate) fn denial_item(m: &Material, f: &Fact) -> Option<Candidate> {
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
pub(crate) fn contrary_item(m: &Material, f: &Fact) -> Option<Candidate> {
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

/// Whether the sentence after a fact tells the reader what to do ("The TV is not connected to
/// the Internet. Check the network ..."): the fact is a problem a troubleshooting table or
/// passage states, not a property of the product.
pub(crate) fn remedy_follows(m: &Material, f: &Fact) -> bool {
    let text = &m.chunk.text;
    let Some(at) = text.find(f.md) else {
        return false;
    };
    let rest = plain(text[at + f.md.len()..].trim_start());
    docent_tutor::text::sentences(&rest)
        .first()
        .is_some_and(|(a, b)| instruction(rest[*a..*b].trim(), m.corpus))
}
