//! The form's own text. Help-desk and forum forms show example text ("Be descriptive. Saying
//! “playing video on YouTube is always choppy” will help us understand the issue better than
//! saying “something is wrong”...") that customers paste, whole or in pieces, as their subject
//! or body instead of their question. Clustered by meaning, such posts make a topic about the
//! example ("Playing video on YouTube is always choppy") that recurs all year and says nothing.
//!
//! The text is learned from the stream, as the short placeholders are
//! ([`crate::triage::placeholders`]): a body longer than a placeholder
//! ([`PLACEHOLDER_WORDS`] words), posted whole by at least [`FORM_MIN`] signals
//! spread over at least [`FORM_WEEKS`] weeks. A form's text comes back week after week; a
//! campaign's template comes in one burst, and is spam's business. A post's words copied from it
//! (runs of at least [`FORM_RUN`] words in a row of the form's text, or a whole text of three
//! words found in it) are set aside like a placeholder: the rest is what the customer wrote.
//!
//! On the Firefox forum stream (61,583 questions) this learns the "Be descriptive" hint
//! (44 posts over 25 weeks; 11 over 4 weeks by the stream's ninth week), its example alone
//! (18 over 17) and the "Be nice and be specific" hint (11 over 9); the nearest texts left out
//! are a feature request one person posted 7 times over 7 weeks and campaigns (38 copies in one
//! week, 15 in two).
//!
//! Proves (see tests): text posted whole over many weeks is learned, a burst of copies is not,
//! nor is text posted by too few or too short; a subject copied from the form, whole or in
//! part, is set aside and the customer's own words are kept; common three-word phrases inside a
//! longer question are not the form's.

use std::collections::{HashMap, HashSet};

use crate::copies::words;

/// Words a placeholder ([`crate::triage::placeholders`]) has at most; the form's example text
/// is longer. Here, beside the form's other text, so that triage imports this module and not
/// the other way round.
pub const PLACEHOLDER_WORDS: usize = 6;

/// Signals that must post a text whole before it is the form's.
pub const FORM_MIN: usize = 10;

/// Distinct weeks those signals must be spread over.
pub const FORM_WEEKS: usize = 4;

/// Words in a row of the form's text that make a copy of it.
pub const FORM_RUN: usize = 4;

/// The shortest whole text (a subject, a body) that counts as copied when all of it is found in
/// the form's text ("something is wrong"); shorter ones are everyday phrases.
const FORM_WHOLE: usize = 3;

/// The stream's form text, as runs of words.
#[derive(Debug, Clone, Default)]
pub struct FormText {
    /// The learned texts' words.
    texts: Vec<Vec<String>>,
    /// Every run of [`FORM_RUN`] words of the texts, joined by spaces.
    runs: HashSet<String>,
    /// The texts' words: a run is looked up only when all its words are among them.
    words: HashSet<String>,
}

/// A week of the year, for counting how spread a text's posts are.
pub type Week = (i32, u32);

impl FormText {
    /// Learns it from the stream's bodies, each with its week (`None` when unknown: the post
    /// counts, its week does not).
    pub fn learn<'a>(bodies: impl Iterator<Item = (&'a str, Option<Week>)>) -> FormText {
        // Keyed by the words joined: one string a body, not one a word.
        let mut seen: HashMap<String, (usize, HashSet<Week>)> = HashMap::new();
        for (body, week) in bodies {
            let mut key = String::new();
            let mut n = 0;
            for w in words(body) {
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(&w);
                n += 1;
            }
            if n <= PLACEHOLDER_WORDS {
                continue;
            }
            let e = seen.entry(key).or_default();
            e.0 += 1;
            e.1.extend(week);
        }
        let mut texts: Vec<Vec<String>> = seen
            .into_iter()
            .filter(|(_, (n, weeks))| *n >= FORM_MIN && weeks.len() >= FORM_WEEKS)
            .map(|(t, _)| t.split(' ').map(str::to_string).collect())
            .collect();
        texts.sort();
        FormText::from_texts(texts)
    }

    fn from_texts(texts: Vec<Vec<String>>) -> FormText {
        let runs = texts
            .iter()
            .flat_map(|t| t.windows(FORM_RUN).map(|w| w.join(" ")))
            .collect();
        let words = texts.iter().flatten().cloned().collect();
        FormText { texts, runs, words }
    }

    /// True when the stream has none.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The words of `text` ([`words`]) that are not copied from the form, and whether any were.
    pub fn strip(&self, text: &str) -> (Vec<String>, bool) {
        let ws: Vec<String> = words(text).collect();
        if self.is_empty() || ws.len() < FORM_WHOLE {
            return (ws, false);
        }
        if ws.len() < FORM_RUN {
            return if self.contains(&ws) {
                (Vec::new(), true)
            } else {
                (ws, false)
            };
        }
        let mut copied = vec![false; ws.len()];
        for (i, w) in ws.windows(FORM_RUN).enumerate() {
            if w.iter().all(|x| self.words.contains(x)) && self.runs.contains(&w.join(" ")) {
                copied[i..i + FORM_RUN].iter_mut().for_each(|c| *c = true);
            }
        }
        let held = copied.iter().any(|c| *c);
        let own = ws
            .into_iter()
            .zip(copied)
            .filter(|(_, c)| !c)
            .map(|(w, _)| w)
            .collect();
        (own, held)
    }

    /// True when `ws` occur in a row in one of the texts.
    fn contains(&self, ws: &[String]) -> bool {
        self.texts
            .iter()
            .any(|t| t.windows(ws.len()).any(|w| w == ws))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HINT: &str = "Be descriptive. Saying “playing video on YouTube is always choppy” will \
        help us understand the issue better than saying “something is wrong” or “the app is broken”.";

    /// `n` posts of `body`, one a week from week `first`.
    fn weekly(body: &'static str, n: usize, first: u32) -> Vec<(&'static str, Option<Week>)> {
        (0..n)
            .map(|i| (body, Some((2025, first + i as u32))))
            .collect()
    }

    fn learned() -> FormText {
        let mut posts = weekly(HINT, 12, 1);
        posts.extend(weekly(
            "My bookmarks toolbar is gone after the update",
            3,
            1,
        ));
        FormText::learn(posts.into_iter())
    }

    #[test]
    fn text_posted_whole_over_many_weeks_is_learned_and_a_burst_is_not() {
        let form = learned();
        assert!(!form.is_empty());
        assert_eq!(form.texts.len(), 1);
        // A campaign: 40 copies, all in one week.
        let burst: Vec<(&str, Option<Week>)> = (0..40)
            .map(|_| {
                (
                    "Call the refund helpline now for your wrong transaction money back",
                    Some((2025, 3)),
                )
            })
            .collect();
        assert!(FormText::learn(burst.into_iter()).is_empty());
        // Spread, but too few posts; or many posts of a short placeholder.
        assert!(FormText::learn(weekly(HINT, FORM_MIN - 1, 1).into_iter()).is_empty());
        assert!(FormText::learn(weekly("bold text", 30, 1).into_iter()).is_empty());
        // Exactly at the bounds it is learned.
        let mut at: Vec<(&str, Option<Week>)> = weekly(HINT, FORM_WEEKS, 1);
        at.extend((0..FORM_MIN - FORM_WEEKS).map(|_| (HINT, Some((2025, 1)))));
        assert!(!FormText::learn(at.into_iter()).is_empty());
        // One week short of spread enough.
        let mut short: Vec<(&str, Option<Week>)> = weekly(HINT, FORM_WEEKS - 1, 1);
        short.extend((0..FORM_MIN).map(|_| (HINT, None)));
        assert!(FormText::learn(short.into_iter()).is_empty());
    }

    #[test]
    fn copied_text_is_set_aside_and_the_customers_words_kept() {
        let form = learned();
        let own = |t: &str| form.strip(t);
        // The example pasted as a subject, whole or in part, leaves nothing.
        assert_eq!(
            own("playing video on YouTube is always choppy"),
            (vec![], true)
        );
        assert_eq!(own("the app is broken"), (vec![], true));
        assert_eq!(own("something is wrong"), (vec![], true));
        // The hint pasted before the customer's own words keeps those.
        let (rest, held) = own(&format!("{HINT} firefox will not start"));
        assert!(held);
        assert_eq!(rest, ["firefox", "will", "not", "start"]);
        // A question that shares a phrase shorter than a run is the customer's own.
        let q = "Videos on YouTube are choppy in Firefox since the update";
        assert_eq!(own(q), (words(q).collect::<Vec<_>>(), false));
        let q = "Something is wrong with my bookmarks toolbar";
        assert_eq!(own(q), (words(q).collect::<Vec<_>>(), false));
        // Two words are never the form's.
        assert_eq!(
            own("is wrong"),
            (vec!["is".to_string(), "wrong".to_string()], false)
        );
        // A stream without form text sets nothing aside.
        let none = FormText::default();
        assert!(!none.strip("the app is broken").1);
    }
}
