//! Topic labels a person can read. Terms come from class-based TF-IDF (each topic's word
//! frequencies against their frequency across topics, a question counting a word once however
//! often it repeats it) and stay as detail; the label itself is
//! the subject line of one of the topic's most central questions, the one that carries the most
//! of the topic's distinctive terms for its length, cleaned (reply prefixes, placeholders,
//! trailing clauses cut). When no subject carries a term (empty or one-word subjects), the
//! label falls back to the top terms.
//!
//! Proves (see tests): redaction placeholders never become terms; the label is the central
//! subject that names the topic, not the longest or the first; a topic of one-word subjects is
//! labelled by its terms.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Words never used as terms: greetings, sign-offs, help-desk filler, and the redactor's
/// placeholder words (`[EMAIL]`, `[PHONE]`, `[NAME]`, `[CARD]`, `[NUMBER]`, `[IBAN]`,
/// `[SECRET]`, `[SSN]`, `[NATIONAL_ID]`, `[IP]`); placeholders are also removed whole before
/// words are counted, so an ordinary "card" or "number" in a question still counts.
pub const LABEL_STOP: &[&str] = &[
    "hi",
    "hello",
    "dear",
    "support",
    "team",
    "thanks",
    "thank",
    "regards",
    "best",
    "please",
    "help",
    "lumio",
    "email",
    "redacted",
    "name",
    "phone",
    "card",
    "number",
    "iban",
    "secret",
    "ssn",
    "national",
    "national_id",
    "ip",
    "since",
    "today",
    "get",
    "got",
    "just",
    "also",
    "still",
    "any",
    "can",
    "could",
    "would",
    "our",
    "we",
    "you",
    "the",
    "and",
    "for",
    "with",
    "this",
    "that",
    "have",
    "has",
    "was",
    "are",
    "not",
    "but",
    "from",
    "how",
    "what",
    "when",
    "why",
    "does",
    "don",
    "doesn",
    "isn",
    "can't",
    "it's",
    "there",
    "they",
    "them",
    "their",
    "into",
    "again",
    "some",
    "all",
    "one",
    "out",
    "off",
    "now",
    "new",
    "own",
    "her",
    "his",
    "him",
    "she",
    "who",
    "its",
    "too",
    "very",
    "been",
    "will",
    "after",
    "before",
    "reach",
    "reached",
    "here",
    "let",
    "know",
    "cheers",
    "kind",
    "ok",
    "oh",
    "go",
    "pm",
];

/// Removes the redactor's placeholders (`[EMAIL]`, `[NATIONAL_ID]`...).
pub fn strip_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find(']') {
            Some(j)
                if j > 0
                    && after[..j]
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c == '_') =>
            {
                rest = &after[j + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A link cut to its site: "https://www.example.com/a/b?utm=x" gives "example.com". A
/// link's scheme, path and query are link syntax, the site's ids and tracking codes
/// ("hashed-v1", "26utm"), not words of the question; its site can be the topic
/// ("nrega.nic.in").
fn without_link_paths(text: &str) -> Cow<'_, str> {
    let www = |t: &str| t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
    let starts = |t: &str| t.contains("://") || www(t);
    if !text.split_whitespace().any(starts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, token) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut start = match token.find("://") {
            Some(i) => i + 3,
            None if www(token) => 0,
            None => {
                out.push_str(token);
                continue;
            }
        };
        if www(&token[start..]) {
            start += 4;
        }
        let end = token[start..]
            .find(['/', '?', '#'])
            .map_or(token.len(), |e| start + e);
        out.push_str(&token[start..end]);
    }
    Cow::Owned(out)
}

/// Words that can be terms: three letters or more, or two capitals ("AI", "PC", "OS": an
/// acronym, where a two-letter word in lower case is mostly a fragment or another language's
/// article); a link's path and query are left out ([`without_link_paths`]).
pub fn label_words(text: &str) -> Vec<String> {
    strip_placeholders(&without_link_paths(text))
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.chars().count() > 2 || is_acronym(w))
        .map(str::to_lowercase)
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !LABEL_STOP.contains(&w.as_str()) && !docent_tutor::text::is_stopword(w))
        .collect()
}

/// Two capital letters: an acronym.
fn is_acronym(w: &str) -> bool {
    w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase())
}

/// Class-based TF-IDF: each topic's `top` terms with their weights, best first.
pub fn ctfidf(questions_per_topic: &[Vec<Question>], top: usize) -> Vec<Vec<(String, f64)>> {
    ctfidf_counted(&term_counts(questions_per_topic), top)
}

/// A question as its terms are counted: its subject and its body.
pub type Question<'a> = (&'a str, &'a str);

/// How many of each topic's questions use each term ([`label_words`]), the topics counted on
/// all cores. A question counts a word once: one post that pastes a log or repeats a
/// keyword ("hashed-v1" 16 times in a mail client's stack trace) weighs as much as one
/// that names it, so the terms say what the topic's questions share.
pub fn term_counts(questions_per_topic: &[Vec<Question>]) -> Vec<HashMap<String, f64>> {
    crate::cores::map(questions_per_topic, |qs| topic_term_counts(qs))
}

/// How many of one topic's questions use each term.
fn topic_term_counts(questions: &[Question]) -> HashMap<String, f64> {
    let mut tf = HashMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (subject, body) in questions {
        seen.clear();
        seen.extend(label_words(subject));
        seen.extend(label_words(body));
        for w in seen.drain() {
            *tf.entry(w).or_insert(0.0) += 1.0;
        }
    }
    tf
}

/// [`ctfidf`] of topics whose terms are counted ([`term_counts`]): the counting, which reads
/// every text, is done once for callers that score several sets of topics.
pub fn ctfidf_counted(tfs: &[HashMap<String, f64>], top: usize) -> Vec<Vec<(String, f64)>> {
    ctfidf_of(tfs, 0..tfs.len(), top)
}

/// [`ctfidf_counted`] of all `tfs`, scored only for the topics in `wanted` (their terms, in
/// order): the weights read every topic, the scoring only those asked for.
pub fn ctfidf_of(
    tfs: &[HashMap<String, f64>],
    wanted: std::ops::Range<usize>,
    top: usize,
) -> Vec<Vec<(String, f64)>> {
    let mut across: HashMap<&str, f64> = HashMap::new();
    for tf in tfs {
        for (w, n) in tf {
            *across.entry(w.as_str()).or_insert(0.0) += n;
        }
    }
    let avg = tfs.iter().map(|t| t.values().sum::<f64>()).sum::<f64>() / tfs.len().max(1) as f64;
    crate::cores::map(&tfs[wanted], |tf| {
        let total: f64 = tf.values().sum::<f64>().max(1.0);
        let scored: Vec<(&str, f64)> = tf
            .iter()
            .map(|(w, n)| {
                let w = w.as_str();
                (w, (n / total) * (1.0 + avg / across[w]).ln())
            })
            .collect();
        best_terms(scored, top)
    })
}

/// The `top` best of some scored terms, best first (ties by the word), as owned terms: only
/// those kept are sorted and copied.
fn best_terms(mut scored: Vec<(&str, f64)>, top: usize) -> Vec<(String, f64)> {
    let order = |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(b.0));
    if top == 0 {
        return Vec::new();
    }
    if scored.len() > top {
        scored.select_nth_unstable_by(top - 1, order);
        scored.truncate(top);
    }
    scored.sort_by(order);
    scored
        .into_iter()
        .map(|(w, n)| (w.to_string(), n))
        .collect()
}

/// Term labels (top c-TF-IDF terms joined) of topics given each signal's assignment.
pub fn labels(
    signals: &[crate::Signal],
    assignment: &[Option<usize>],
    topics: usize,
    n: usize,
) -> Vec<String> {
    let mut questions: Vec<Vec<Question>> = vec![Vec::new(); topics];
    for (s, a) in signals.iter().zip(assignment) {
        if let Some(t) = a {
            questions[*t].push((&s.subject, &s.text));
        }
    }
    ctfidf(&questions, n)
        .into_iter()
        .map(|t| {
            t.into_iter()
                .map(|(w, _)| w)
                .collect::<Vec<_>>()
                .join(" / ")
        })
        .collect()
}

/// Longest label kept, in characters.
const MAX_LABEL: usize = 80;

/// A subject line cleaned for use as a label: reply prefixes and placeholders removed, cut at
/// the first sentence end, whitespace collapsed, first letter capitalised.
pub fn clean_subject(subject: &str) -> String {
    // Invisible controls go first: cut at a full stop, an override would stay open and
    // reverse the rest of the line the label is shown on.
    let subject = docent_core::without_invisible_controls(subject);
    let mut s = strip_placeholders(&subject).trim().to_string();
    loop {
        let lower = s.to_lowercase();
        let cut = ["re:", "fwd:", "fw:", "aw:", "tr:"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| p.len());
        match cut {
            Some(n) => s = s[n..].trim_start().to_string(),
            None => break,
        }
    }
    if let Some(i) = s.find(['.', '!', '\n']).filter(|i| *i > 10) {
        s.truncate(i);
    }
    let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s = s
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '?' && c != ')')
        .to_string();
    if s.chars().count() > MAX_LABEL {
        let mut cut: String = s.chars().take(MAX_LABEL).collect();
        if let Some(i) = cut.rfind(' ') {
            cut.truncate(i);
        }
        s = format!("{cut}…");
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The top three terms joined: the label of a topic none of whose subjects carries a term.
pub fn terms_label(terms: &[(String, f64)]) -> String {
    terms
        .iter()
        .take(3)
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The best of some subjects (most central first) as a label: the one carrying most of the
/// topic's terms for its length, less central ones paying a little; `None` when none of two
/// words or more carries a term.
pub fn subject_label(central_subjects: &[&str], terms: &[(String, f64)]) -> Option<String> {
    let weight: HashMap<&str, f64> = terms
        .iter()
        .take(8)
        .map(|(w, s)| (w.as_str(), *s))
        .collect();
    let mut best: Option<(f64, String)> = None;
    for (rank, subject) in central_subjects.iter().enumerate() {
        let label = clean_subject(subject);
        let words = label_words(&label);
        let n = label.split_whitespace().count();
        if n < 2 || words.is_empty() {
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut hit = 0.0;
        for w in &words {
            if let Some(s) = weight.get(w.as_str()) {
                if !seen.contains(&w.as_str()) {
                    seen.push(w);
                    hit += s;
                }
            }
        }
        if hit == 0.0 {
            continue;
        }
        // Covering more of the topic's terms wins; long subjects and less central ones pay.
        let score = hit / (1.0 + 0.04 * n as f64) / (1.0 + 0.02 * rank as f64);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, label));
        }
    }
    best.map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_never_become_terms() {
        let docs = vec![
            vec![("Card declined [CARD] [NUMBER] [IBAN] [SECRET] [SSN] [NATIONAL_ID] [IP] [EMAIL] [PHONE] [NAME]", ""); 3],
            vec![("Export to Excel fails", ""), ("Excel export is empty", "")],
        ];
        let t = ctfidf(&docs, 10);
        let words: Vec<&str> = t[0].iter().map(|(w, _)| w.as_str()).collect();
        assert!(words.contains(&"declined"), "{words:?}");
        for p in [
            "card", "number", "iban", "secret", "ssn", "national", "email", "phone", "name",
        ] {
            assert!(!words.contains(&p), "{p} in {words:?}");
        }
        assert_eq!(strip_placeholders("a [EMAIL] b [x] c"), "a  b [x] c");
    }

    #[test]
    fn a_question_counts_a_word_once_however_often_it_repeats_it() {
        let trace = "owa hashed-v1 e7f0bdd2 ".repeat(20);
        let docs = vec![
            vec![
                ("Mail will not load", "The inbox stays blank"),
                ("Inbox empty", "My inbox shows nothing since Monday"),
                ("Cannot see my inbox", ""),
                ("Outlook error", trace.as_str()),
            ],
            vec![("Bookmarks gone", "Lost my bookmarks"), ("Toolbar", "")],
        ];
        let t = ctfidf(&docs, 3);
        let words: Vec<&str> = t[0].iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words[0], "inbox", "{words:?}");
        // Three questions name the inbox; one pastes the trace: the trace's words weigh a third.
        let count = |w: &str| term_counts(&docs)[0][w];
        assert_eq!((count("inbox"), count("hashed-v1")), (3.0, 1.0));
    }

    #[test]
    fn a_links_path_and_query_are_no_terms_but_its_site_is() {
        let words = label_words(
            "Cannot open https://nrega.nic.in/netnrega/home.aspx?utm_source=x%26utm and www.example.com/a/b-c failing",
        );
        for w in ["nrega", "nic", "example", "failing"] {
            assert!(words.iter().any(|x| x == w), "{w} in {words:?}");
        }
        for w in [
            "https",
            "www",
            "netnrega",
            "home",
            "aspx",
            "utm_source",
            "26utm",
            "b-c",
        ] {
            assert!(!words.iter().any(|x| x == w), "{w} in {words:?}");
        }
    }

    #[test]
    fn two_capitals_are_an_acronym_and_two_small_letters_no_word() {
        let words = label_words("Remove AI from my PC: la IA de Firefox, OK? ai tv");
        for w in ["remove", "ai", "pc", "firefox"] {
            assert!(words.iter().any(|x| x == w), "{w} in {words:?}");
        }
        for w in ["la", "de", "ok", "tv"] {
            assert!(!words.iter().any(|x| x == w), "{w} in {words:?}");
        }
    }

    #[test]
    fn the_label_is_the_central_subject_that_names_the_topic() {
        let terms = vec![
            ("groups".to_string(), 0.3),
            ("tab".to_string(), 0.2),
            ("disappear".to_string(), 0.1),
        ];
        let subjects = [
            "Help!!",
            "Re: tab groups disappear after restart. I tried everything and nothing works",
            "Why does my browser keep doing this thing with the groups of tabs I made yesterday evening",
        ];
        assert_eq!(
            subject_label(&subjects, &terms).as_deref(),
            Some("Tab groups disappear after restart")
        );
        assert_eq!(subject_label(&["Whatsapp", "whatsapp"], &terms), None);
        assert_eq!(terms_label(&terms), "groups / tab / disappear");
        assert_eq!(
            clean_subject("fwd: RE: [NAME] cannot log in!!"),
            "Cannot log in"
        );
    }

    #[test]
    fn a_label_never_keeps_an_override_open() {
        // Cut at the full stop, the override would have lost its closing mark.
        let label = clean_subject("flumox teleport pad \u{202E}gnp.exe\u{202C} jams \u{200B}daily");
        assert_eq!(label, "Flumox teleport pad gnp");
        assert!(!label.chars().any(docent_core::is_invisible_control));
    }
}
