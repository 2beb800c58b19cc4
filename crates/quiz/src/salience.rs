//! Which key terms matter: salience by corpus statistics. A term is worth blanking when the
//! scope uses it more than the rest of the docs do (specific to the scope), when it is a UI
//! label, a setting or parameter, or a limit; not when it is incidental (mentioned once in
//! passing), a typo shown as an example, or a name that occurs once in the whole corpus (a
//! person in an example, a made-up value).
//!
//! Proves (see tests): 1. a term the scope repeats and the corpus rarely uses outranks one
//! the whole corpus uses; 2. a plain name seen once in the corpus is not a key term; 3. labels,
//! code and numbers keep a prior over plain capitalised names.

use std::collections::HashMap;

use docent_core::{Chunk, DocKind};

use crate::text::{bare_words, terms, Term, TermKind};

/// Document frequencies of terms over the docs of an index.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    df: HashMap<String, u32>,
    chunks: u32,
    /// Capitalised words seen after a full stop, and seen capitalised after a lowercase word.
    after_stop: HashMap<String, u32>,
    mid: HashMap<String, u32>,
    /// Chunks holding each word (lowercase).
    word_df: HashMap<String, u32>,
    /// Lowercase words seen right after "to" (verbs: "to press", "to record").
    after_to: HashMap<String, u32>,
    /// Lowercase words seen right after an article or "your" (nouns: "the key", "your phone").
    after_article: HashMap<String, u32>,
    /// Chunks with each bold label that opens a line ("**CLI option**: `--env`"), lowercase.
    label_df: HashMap<String, u32>,
    /// Chunks that mark anything in bold or code.
    marked: u32,
    /// Names the docs' request paths give an index or collection ("/indexes/movies/search").
    index_names: std::collections::HashSet<String>,
    /// Keys of the JSON objects in the docs: how often each is a key at all, and how often in
    /// an object that also has an `id` (an example document, not a request or a setting).
    object_keys: HashMap<String, (u32, u32)>,
}

/// Words that open a noun phrase: after a verb, its object follows.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "your", "this", "these", "that", "those", "all", "any", "each", "every",
    "its", "their", "our", "my",
];

/// Chunks a corpus must have before it can be called flat text ([`Corpus::flat`]).
pub const FLAT_MIN_CHUNKS: u32 = 20;

/// Share of a flat-text corpus's chunks that may carry bold or code (a stray asterisk pair).
pub const FLAT_MARKED_SHARE: f32 = 0.02;

/// Chunks a bold label may open lines of and still name a term: a label that opens lines in
/// more is a field of a record repeated through the docs ("**Environment variable**",
/// "**CLI option**", "**Default value**" open 35 to 56 chunks of Meilisearch's configuration
/// reference; a term defined so opens one or two).
pub const FIELD_LABEL_CHUNKS: u32 = 5;

/// The bold labels that open lines of `text` ("- **Label**: ...", "**Label** — ...").
fn line_labels(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("- ")
                .or_else(|| l.strip_prefix("* "))
                .unwrap_or(l);
            let rest = l.strip_prefix("**")?;
            let end = rest.find("**")?;
            let after = rest[end + 2..].trim_start();
            let opens = [":", "—", "–", "-"].iter().any(|s| after.starts_with(s));
            (opens && end > 0 && end <= 40).then(|| key(rest[..end].trim().trim_end_matches(':')))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// English function words: never a verb that opens an instruction.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "your", "you", "it", "its", "if", "when",
    "while", "to", "in", "on", "at", "by", "for", "from", "with", "of", "all", "each", "every",
    "some", "any", "no", "not", "and", "or", "but", "as", "after", "before", "once", "only",
    "most", "many", "there", "here", "we", "they", "our", "their", "both", "one",
];

/// Whether a sentence's first word (lowercase) cannot open a command whatever the corpus
/// does with it: a question word ("How you send data matters") or a form in "-ing"
/// ("Existing indexes ... will be replaced", "Using a machine with more cores ..."), which
/// the corpus may well show after "to" ("to existing documents") though an imperative is
/// the verb's base form. The few base forms in "-ing" stay commands ("Bring", "String").
fn not_a_command(w: &str) -> bool {
    const QUESTION_WORDS: &[&str] = &["how", "what", "why", "where", "which", "who", "whether"];
    const BASE_IN_ING: &[&str] = &[
        "bring", "ring", "sing", "spring", "sting", "string", "swing",
    ];
    QUESTION_WORDS.contains(&w) || (w.len() > 4 && w.ends_with("ing") && !BASE_IN_ING.contains(&w))
}

fn key(t: &str) -> String {
    t.to_lowercase()
}

/// Keys that make a JSON object an example document: its identifier.
const ID_KEYS: &[&str] = &["id", "_id", "objectID"];

/// An index or collection named in a request path: `/indexes/movies/documents`.
fn index_path_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"/(?:indexes|indices|collections)/([A-Za-z0-9_-]+)").expect("regex")
    })
}

/// A quoted key of a JSON object: `"release_date":`.
fn object_key_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r#""([A-Za-z_][A-Za-z0-9_]*)"\s*:"#).expect("regex"))
}

/// The keys of each JSON object of `text`, an object's own keys only (not those of objects
/// nested in it); braces that do not pair up (a `{placeholder}` in prose) hold none.
fn object_keys(text: &str) -> Vec<Vec<&str>> {
    let keys: Vec<(usize, &str)> = object_key_re()
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.as_str())))
        .collect();
    let mut next = 0;
    let mut open: Vec<Vec<&str>> = Vec::new();
    let mut out = Vec::new();
    for (i, ch) in text.char_indices() {
        if ch != '{' && ch != '}' {
            continue;
        }
        while let Some(&(_, key)) = keys.get(next).filter(|(at, _)| *at < i) {
            if let Some(object) = open.last_mut() {
                object.push(key);
            }
            next += 1;
        }
        if ch == '{' {
            open.push(Vec::new());
        } else if let Some(object) = open.pop() {
            out.push(object);
        }
    }
    out
}

impl Corpus {
    /// Counts the terms of every doc chunk.
    pub fn build<'a>(chunks: impl IntoIterator<Item = &'a Chunk>) -> Corpus {
        let mut c = Corpus::default();
        for ch in chunks.into_iter().filter(|c| c.kind == DocKind::Doc) {
            c.chunks += 1;
            let mut seen: Vec<String> = terms(&ch.text).into_iter().map(|t| key(&t.text)).collect();
            seen.sort();
            seen.dedup();
            for t in seen {
                *c.df.entry(t).or_default() += 1;
            }
            c.count_starts(&ch.text);
            let mut ws: Vec<String> = ch
                .text
                .split(|x: char| !x.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            ws.sort();
            ws.dedup();
            for w in ws {
                *c.word_df.entry(w).or_default() += 1;
            }
            for l in line_labels(&ch.text) {
                *c.label_df.entry(l).or_default() += 1;
            }
            c.marked += u32::from(ch.text.contains("**") || ch.text.contains('`'));
            c.count_example_data(&ch.text);
        }
        c
    }

    /// Counts the index names of request paths and the keys of the JSON objects in `text`.
    fn count_example_data(&mut self, text: &str) {
        for cap in index_path_re().captures_iter(text) {
            if let Some(name) = cap.get(1) {
                self.index_names.insert(name.as_str().to_string());
            }
        }
        for mut keys in object_keys(text) {
            keys.sort_unstable();
            keys.dedup();
            let document = keys.iter().any(|k| ID_KEYS.contains(k));
            for k in keys {
                let e = self.object_keys.entry(k.to_string()).or_default();
                e.0 += 1;
                e.1 += u32::from(document);
            }
        }
    }

    /// Whether a code term is the name of the docs' example data, not of the product: an
    /// index their requests name (`movies`), or a field of their example documents
    /// (`release_date`, `product_id`: keys of objects with an `id` at least half the times
    /// they are keys, and keys at least twice). Reviewers dropped such keys as "an example
    /// index name" or "a field name from the example dataset" (fifteen items in rounds 24 to
    /// 59); a product's own keys (`filterableAttributes`, `limit`, `taskUid`) sit in requests
    /// and settings, and reserved fields (`_geo`, `_vectors`) start with an underscore.
    pub fn example_data(&self, term: &str) -> bool {
        if self.index_names.contains(term) {
            return true;
        }
        if term.starts_with('_') || ID_KEYS.contains(&term) {
            return false;
        }
        let (keyed, in_documents) = self.object_keys.get(term).copied().unwrap_or((0, 0));
        keyed >= 2 && 2 * in_documents >= keyed
    }

    /// Whether the docs are flat text: enough chunks, and almost none marking anything in bold
    /// or code (a TV manual extracted from PDF: 2 of 399; Markdown docs: 55 of 60, 2,989 of
    /// 3,951). Its headings inside chunks were recovered by guessing, not written.
    pub fn flat(&self) -> bool {
        self.chunks >= FLAT_MIN_CHUNKS
            && (self.marked as f32) < FLAT_MARKED_SHARE * self.chunks as f32
    }

    /// Whether the docs are known to be Markdown: enough chunks to tell, and more marking
    /// something in bold or code than flat text's stray pairs ([`Corpus::flat`]).
    pub fn markdown(&self) -> bool {
        self.chunks >= FLAT_MIN_CHUNKS && !self.flat()
    }

    fn count_starts(&mut self, text: &str) {
        let words: Vec<&str> = text.split_whitespace().collect();
        for w in words.windows(2) {
            let word = w[1].trim_matches(|c: char| !c.is_alphanumeric());
            if w[0].eq_ignore_ascii_case("to") && word.chars().all(|c| c.is_lowercase()) {
                *self.after_to.entry(word.to_string()).or_default() += 1;
            }
            if matches!(w[0].to_lowercase().as_str(), "the" | "a" | "an" | "your")
                && word.chars().all(|c| c.is_lowercase())
            {
                *self.after_article.entry(word.to_string()).or_default() += 1;
            }
            if !word.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            if w[0].ends_with(['.', '!', '?']) {
                *self.after_stop.entry(word.to_lowercase()).or_default() += 1;
            } else if w[0].chars().next().is_some_and(char::is_lowercase) {
                *self.mid.entry(word.to_lowercase()).or_default() += 1;
            }
        }
    }

    /// How much a several-word name holds together: the chunks holding the whole name over
    /// the chunks holding its rarer end word. "Ambient Mode" is near 1; "Favorites Select", a
    /// label run into the next sentence's first word, is far below.
    pub fn cohesion(&self, name: &str) -> f32 {
        let words: Vec<String> = bare_words(name);
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return 0.0;
        };
        let wdf = |w: &str| self.word_df.get(w).copied().unwrap_or(0).max(1) as f32;
        self.df(name) as f32 / wdf(first).min(wdf(last))
    }

    /// Whether `word` is capitalised inside sentences as often as it starts one: a name
    /// ("Bixby", "Meilisearch"), which keeps its capital after a comma.
    pub fn name_like(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        let s = self.after_stop.get(&w).copied().unwrap_or(0);
        let m = self.mid.get(&w).copied().unwrap_or(0);
        m >= 2 && m * 2 >= s
    }

    /// Whether `word` mostly starts sentences when capitalised (an imperative like "Press" or
    /// "Use"): a name does not end with one.
    pub fn starter(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        let s = self.after_stop.get(&w).copied().unwrap_or(0);
        let m = self.mid.get(&w).copied().unwrap_or(0);
        s >= 3 && s > 3 * m
    }

    /// Whether `sentence` is an instruction: its first word is a verb (seen after "to" in
    /// the corpus: "Press", "Confirm", "Record"), not a function word ("The") and not the
    /// subject of the verb that follows ("Recordings are kept ...").
    pub fn imperative(&self, sentence: &str) -> bool {
        let mut ws = sentence
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .peekable();
        // "Briefly press ...": an adverb before the verb ("Apply" and "Reply" are verbs).
        if ws.peek().is_some_and(|w| {
            w.len() > 4
                && w.ends_with("ly")
                && w.starts_with(char::is_uppercase)
                && !self.after_to.contains_key(&w.to_lowercase())
        }) {
            ws.next();
            let rest: Vec<&str> = ws.collect();
            let mut verb = rest.join(" ");
            if let Some(f) = verb.get(..1) {
                verb = format!("{}{}", f.to_uppercase(), &verb[1..]);
            }
            return self.imperative(&verb);
        }
        let first = ws.next().unwrap_or("");
        if !first.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let w = first.to_lowercase();
        let second = ws.next().unwrap_or("").to_lowercase();
        let subject_of = matches!(
            second.as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "can"
                | "cannot"
                | "will"
                | "must"
                | "may"
                | "should"
                | "does"
                | "do"
                | "has"
                | "have"
                | "lets"
                | "allows"
                | "shows"
                | "appears"
                | "appear"
                | "means"
                | "needs"
                | "works"
                | "stays"
                | "might"
                | "would"
                | "could"
        );
        // A verb: seen after "to", or a word that starts sentences far more often than it is
        // capitalised inside one ("Press", "Select").
        let verb = self.after_to.contains_key(&w) || self.starter(first);
        // "Foreign filters enable AND logic": a plural noun the docs use as one, then a verb in
        // its base form, is a subject and its verb; "Add documents to ..." has no verb third.
        let third = ws.next().unwrap_or("").to_lowercase();
        let subject_then_verb = second.len() > 3
            && second
                .strip_suffix('s')
                .is_some_and(|n| self.after_article.contains_key(n) && !n.ends_with('s'))
            && self.after_to.contains_key(&third)
            && !FUNCTION_WORDS.contains(&third.as_str())
            && !docent_tutor::text::is_stopword(&third);
        !FUNCTION_WORDS.contains(&w.as_str())
            && !not_a_command(&w)
            && verb
            && !subject_of
            && !subject_then_verb
            // "Changes to displayed attributes ...": a plural subject; "Enables the
            // endpoint ..." (an object follows) is a description without its subject, which
            // no more states a claim than an instruction does.
            && (!self.plural_of_known(&w) || DETERMINERS.contains(&second.as_str()))
    }

    /// Whether `w` is the plural (or third person) of a word the docs use in its base form
    /// ("changes", "updates"): an imperative is the base form, so a sentence it opens has it
    /// as its subject ("Changes to displayed attributes do not trigger a full reindex").
    /// "Press", "Focus" and "Access" end in "s" but are no plurals.
    pub fn plural_of_known(&self, w: &str) -> bool {
        if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
            return false;
        }
        w.strip_suffix('s').is_some_and(|base| {
            base.len() > 2
                && (self.after_to.contains_key(base) || self.after_article.contains_key(base))
        })
    }

    /// Whether the corpus uses `w` as a noun: seen after an article or "your" ("the key").
    pub fn noun(&self, w: &str) -> bool {
        self.after_article.contains_key(&w.to_lowercase())
    }

    /// Whether `w` (lowercase) is a verb the corpus uses: seen after "to", also as "-s",
    /// "-es", "-ed" or "-d" of one ("displays", "connected", "appeared").
    pub fn verb(&self, w: &str) -> bool {
        let w = w.to_lowercase();
        let seen = |x: &str| {
            self.after_to.contains_key(x)
                && !FUNCTION_WORDS.contains(&x)
                && !docent_tutor::text::is_stopword(x)
        };
        seen(&w)
            || ["s", "es", "ed", "d"]
                .iter()
                .any(|suf| w.strip_suffix(suf).is_some_and(|b| b.len() > 1 && seen(b)))
    }

    /// Whether `label` opens lines as a bold label in [`FIELD_LABEL_CHUNKS`] chunks or more:
    /// a field of a repeated record, not a term.
    pub fn field_label(&self, label: &str) -> bool {
        self.label_df.get(&key(label.trim())).copied().unwrap_or(0) >= FIELD_LABEL_CHUNKS
    }

    /// Chunks holding the word `w` (any case).
    pub fn word_df(&self, w: &str) -> u32 {
        self.word_df.get(&w.to_lowercase()).copied().unwrap_or(0)
    }

    /// Chunks holding `term`.
    pub fn df(&self, term: &str) -> u32 {
        self.df.get(&key(term)).copied().unwrap_or(0)
    }

    /// How many distinct longer names begin with the word `word` ("Samsung Smart Remote",
    /// "Samsung account", ... for "Samsung").
    pub fn names_led_by(&self, word: &str) -> usize {
        let lead = format!("{} ", key(word));
        self.df.keys().filter(|k| k.starts_with(&lead)).count()
    }

    /// Chunks counted.
    pub fn chunks(&self) -> u32 {
        self.chunks
    }
}

/// How often each term occurs in a scope's text.
#[derive(Debug, Clone, Default)]
pub struct ScopeTerms {
    tf: HashMap<String, u32>,
    chunks: u32,
}

impl ScopeTerms {
    /// Counts the terms of the scope's chunks.
    pub fn build<'a>(chunks: impl IntoIterator<Item = &'a Chunk>) -> ScopeTerms {
        let mut s = ScopeTerms::default();
        for ch in chunks {
            s.chunks += 1;
            for t in terms(&ch.text) {
                *s.tf.entry(key(&t.text)).or_default() += 1;
            }
        }
        s
    }

    /// Occurrences of `term` in the scope.
    pub fn tf(&self, term: &str) -> u32 {
        self.tf.get(&key(term)).copied().unwrap_or(0)
    }
}

fn prior(kind: &TermKind) -> f32 {
    match kind {
        TermKind::Label | TermKind::Code => 1.0,
        TermKind::Number(_) => 0.9,
        TermKind::Name => 0.7,
    }
}

/// A lower prior for one capitalised word than for a marked term: flat text's names are
/// guesses, so a sentence's bold label, code span or number is its key first.
fn prior_of(t: &Term) -> f32 {
    let single = t.kind == TermKind::Name
        && !t.text.contains(' ')
        && !t.text.chars().skip(1).any(char::is_uppercase);
    if single {
        0.5
    } else {
        prior(&t.kind)
    }
}

/// Acronyms of the web's trade ("an external _____ endpoint": HTTP; "a valid _____ payload":
/// JSON): every developer reading the docs knows them, so blanking one tests nothing about the
/// product.
const TRADE_WORDS: &[&str] = &[
    "HTTP", "HTTPS", "JSON", "URL", "URLs", "URI", "API", "APIs", "HTML", "XML", "REST", "SDK",
    "CLI", "IDs",
];

/// Distinct longer names a word must begin to be a brand rather than a feature name.
pub const BRAND_NAMES: usize = 3;

/// Whether a term can be a key at all: a plain name or lowercase code word seen in one chunk
/// of the whole corpus is an example (a person, a typo, a made-up value), not a term to learn.
pub fn acceptable(t: &Term, corpus: &Corpus) -> bool {
    let big = corpus.chunks() > 20;
    let once = corpus.df(&t.text) <= 1 && big;
    // A term in a sixth of all chunks is the product's own vocabulary ("TV" in a TV manual),
    // known to every learner.
    if big && corpus.df(&t.text) as f32 > corpus.chunks() as f32 / 6.0 {
        return false;
    }
    // A two-letter acronym in plain text ("UI", "OS", "ID") is a word of the trade, not of the
    // product: "in your _____" takes it from any reader.
    let generic = t.kind == TermKind::Name
        && t.text.chars().count() == 2
        && t.text.chars().all(|c| c.is_ascii_uppercase());
    if generic || TRADE_WORDS.contains(&t.text.as_str()) {
        return false;
    }
    match t.kind {
        TermKind::Name => {
            let words: Vec<&str> = t.text.split_whitespace().collect();
            // "Channel List Press": a name run into the next sentence's imperative; "The
            // Ambient Mode": an article, not a name.
            let run_on = words.len() > 1 && words[1..].iter().any(|w| corpus.starter(w));
            let article = words.len() > 1
                && matches!(
                    words[0].to_lowercase().as_str(),
                    "the" | "a" | "an" | "this" | "your"
                );
            let loose = big && words.len() > 1 && corpus.cohesion(&t.text) < 0.25;
            // One capitalised word is a name only where the corpus capitalises it inside
            // sentences and it does not mostly start them ("Internet", not "Select").
            let single = words.len() == 1 && !t.text.chars().skip(1).any(char::is_uppercase);
            let not_a_name = single && (!corpus.name_like(&t.text) || corpus.starter(&t.text));
            // A word that begins many of the corpus's names ("Samsung Smart Remote", "Samsung
            // account", "Samsung Health") is the maker's or product's brand: every reader of
            // its manual knows it, and blanking it tests nothing.
            let brand = words.len() == 1 && corpus.names_led_by(&t.text) >= BRAND_NAMES;
            !once && !run_on && !article && !loose && !not_a_name && !brand
        }
        TermKind::Code => {
            let plain_word = t.text.chars().all(|c| c.is_ascii_lowercase());
            // A bare word or acronym in code (`great`, `SF`) that few pages use is a value in
            // an example; settings and parameters (`filterableAttributes`) have a shape of
            // their own, and ranking rules (`exactness`) recur across pages.
            let bare = matches!(
                crate::text::code_shape(&t.text),
                crate::text::CodeShape::Word | crate::text::CodeShape::Upper
            );
            let rare = big && corpus.df(&t.text) < 3;
            // `"the lord of the rings"`: a sample query or value in words, not a setting.
            let phrase = t.text.contains(' ')
                && t.text
                    .chars()
                    .all(|c| c.is_lowercase() || c == ' ' || c == '"' || c == '\'');
            !(once && plain_word || bare && rare || phrase)
        }
        TermKind::Label | TermKind::Number(_) => true,
    }
}

/// Salience of `t` in a scope: how much more the scope uses it than the corpus does, times
/// how often the scope uses it (incidental terms, used once, score low), times a prior of its
/// kind. Zero for terms that are not [`acceptable`].
pub fn salience(t: &Term, scope: &ScopeTerms, corpus: &Corpus) -> f32 {
    if !acceptable(t, corpus) || t.kind == TermKind::Code && corpus.example_data(&t.text) {
        return 0.0;
    }
    let n = corpus.chunks().max(1) as f32;
    let df = corpus.df(&t.text).max(1) as f32;
    let idf = (1.0 + n / df).ln();
    let tf = scope.tf(&t.text).max(1) as f32;
    let repeated = (1.0 + tf).ln() / 2f32.ln();
    let s = prior_of(t) * idf * repeated.min(3.0);
    // Scaled to about 0..1 for a corpus of a few thousand chunks.
    (s / (1.0 + n).ln() / 2.0).min(1.0)
}

/// The most salient acceptable term of `md`, if any scores above zero.
pub fn best_term(md: &str, scope: &ScopeTerms, corpus: &Corpus) -> Option<(Term, f32)> {
    ranked_terms(md, scope, corpus).into_iter().next()
}

/// The acceptable terms of `md` scoring above zero, most salient first (the earlier of two
/// equal ones first): when the best cannot be the key (given away by the stem, inside an
/// example), the next one may.
pub fn ranked_terms(md: &str, scope: &ScopeTerms, corpus: &Corpus) -> Vec<(Term, f32)> {
    let mut v: Vec<(Term, f32)> = terms(md)
        .into_iter()
        .map(|t| {
            let s = salience(&t, scope, corpus);
            (t, s)
        })
        .filter(|(_, s)| *s > 0.0)
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.start.cmp(&b.0.start)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use docent_core::Audience;

    fn chunk(id: &str, text: &str) -> Chunk {
        Chunk {
            id: id.into(),
            doc_id: id.into(),
            ordinal: 0,
            title: id.into(),
            heading_path: vec![],
            text: text.into(),
            offset: 0,
            audience: Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: id.into(),
            url: None,
            summary_end: 0,
        }
    }

    fn corpus() -> Vec<Chunk> {
        let mut v: Vec<Chunk> = (0..30)
            .map(|i| {
                chunk(
                    &format!("c{i}"),
                    "Open the Smart Hub menu and press the Home button.",
                )
            })
            .collect();
        v.push(chunk(
            "s1",
            "Turn on Ambient Mode to show pictures. Ambient Mode dims the screen. Ask Jane Doe.",
        ));
        v.push(chunk(
            "s2",
            "In Ambient Mode the Smart Hub stays available for 30 minutes.",
        ));
        v
    }

    /// One chunk per text, ids `c0`, `c1`, ...
    fn chunks_of(texts: &[&str]) -> Vec<Chunk> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| chunk(&format!("c{i}"), t))
            .collect()
    }

    #[test]
    fn a_plural_noun_and_its_verb_open_a_claim_not_an_instruction() {
        let docs = [
            "Foreign filters narrow. Foreign keys link. Foreign ids match. Foreign indexes are remote.",
            "To filter, write a filter. To apply it, wait. Apply the filter.",
            "To enable AND logic, set the option. Add documents to the index. To add, wait.",
            "Foreign filters enable AND logic across array items.",
        ];
        let all = chunks_of(&docs);
        let c = Corpus::build(&all);
        assert!(c.imperative("Add documents to the index."));
        assert!(c.imperative("Apply the filter before sorting."));
        // "Foreign" starts sentences like a verb; "filters enable" says it is no verb here.
        assert!(c.starter("Foreign"));
        assert!(!c.imperative("Foreign filters enable AND logic across array items."));
    }

    #[test]
    fn a_plural_of_a_known_word_opens_a_claim_not_an_instruction() {
        let docs = [
            "Changes apply at once. Changes take a minute. Changes need a restart. Changes stay.",
            "To change a setting, open it. Change the setting. Press the button.",
            "Focus the field. To focus, click. Press the key. To press it, wait.",
        ];
        let all = chunks_of(&docs);
        let c = Corpus::build(&all);
        // "Changes" starts sentences like a verb, but it is the plural of "change".
        assert!(c.starter("Changes"));
        assert!(!c.imperative("Changes to displayed attributes do not trigger a reindex."));
        // A third person with its object and no subject is no claim either.
        assert!(c.imperative("Changes the setting of every index."));
        assert!(c.imperative("Change the setting before indexing."));
        // Verbs that end in "s" are still verbs.
        assert!(c.imperative("Press the key twice."));
        assert!(c.imperative("Focus the search field."));
    }

    #[test]
    fn question_words_and_forms_in_ing_open_no_instruction() {
        let docs = [
            "Add them to existing documents. Send it to existing indexes. To using a key, wait.",
            "How you send data matters. How it works. How to start. How fast it is.",
            "Bring your own key. To bring it, wait. Bring the value. Use the key. To use it, wait.",
        ];
        let all = chunks_of(&docs);
        let c = Corpus::build(&all);
        // Seen after "to" or at the start of sentences, and still no command.
        assert!(c.starter("How"));
        assert!(!c.imperative("How you send data to Meilisearch matters."));
        assert!(!c.imperative("Existing indexes with the same uid will be replaced."));
        assert!(!c.imperative("Using a machine with more cores is more effective."));
        // A base form in "-ing" and an ordinary verb stay commands.
        assert!(c.imperative("Bring your own embeddings."));
        assert!(c.imperative("Use the create dump endpoint."));
    }

    #[test]
    fn the_docs_example_indexes_and_document_fields_are_no_keys() {
        let docs = [
            "Add documents with `curl -X POST '/indexes/movies/documents'`:\n\n```json\n[{ \"id\": 1, \"title\": \"Carol\", \"release_date\": 2015 }]\n```",
            "Set `filterableAttributes` to hide fields: `{ \"filterableAttributes\": [\"release_date\"], \"sortableAttributes\": [\"price\"] }`.",
            "Another document: `{ \"id\": 2, \"release_date\": 2019, \"_geo\": { \"lat\": 1.0, \"lng\": 2.0 } }`.",
            "Settings in one request: `{ \"filterableAttributes\": [], \"limit\": 20 }`.",
        ];
        let all = chunks_of(&docs);
        let c = Corpus::build(&all);
        assert!(c.example_data("movies"));
        assert!(c.example_data("release_date"));
        for product in [
            "filterableAttributes",
            "limit",
            "_geo",
            "id",
            "sortableAttributes",
        ] {
            assert!(!c.example_data(product), "{product}");
        }
        // A key seen once, even in a document, is not enough to call it the example's.
        assert!(!c.example_data("title"));
        let scope = ScopeTerms::build(&all);
        let code = |text: &str| terms(text).into_iter().find(|t| t.kind == TermKind::Code);
        let field = code("Sort by `release_date` first.").expect("code term");
        assert_eq!(salience(&field, &scope, &c), 0.0);
    }

    #[test]
    fn scope_specific_terms_outrank_common_ones_and_singletons_are_out() {
        let all = corpus();
        let c = Corpus::build(&all);
        let scope = ScopeTerms::build(&all[30..]);
        let t = |text: &str| terms(text).into_iter().next().unwrap();
        let ambient = salience(&t("Use the Ambient Mode now"), &scope, &c);
        let hub = salience(&t("Use the Smart Hub now"), &scope, &c);
        assert!(ambient > hub, "{ambient} {hub}");
        assert_eq!(salience(&t("Ask Jane Doe now"), &scope, &c), 0.0);
        let minutes = salience(&t("for 30 minutes"), &scope, &c);
        assert!(minutes > 0.0);
    }

    #[test]
    fn a_web_acronym_every_developer_knows_is_no_key() {
        let mut all = corpus();
        for i in 0..4 {
            all.push(chunk(
                &format!("w{i}"),
                "Webhooks send a `JSON` payload to an external HTTP endpoint with a `POST` request.",
            ));
        }
        let c = Corpus::build(&all);
        let scope = ScopeTerms::build(&all[32..]);
        let found = |text: &str| -> Vec<String> {
            terms(text)
                .into_iter()
                .filter(|t| salience(t, &scope, &c) > 0.0)
                .map(|t| t.text)
                .collect()
        };
        let keys = found(
            "Webhooks send a `JSON` payload to an external HTTP endpoint with a `POST` request.",
        );
        assert!(!keys.contains(&"JSON".to_string()), "{keys:?}");
        assert!(!keys.contains(&"HTTP".to_string()), "{keys:?}");
        assert!(keys.contains(&"POST".to_string()), "{keys:?}");
        // A sample query in a code span is an example, not a setting.
        let keys = found("Without stop words, a search for `the lord of the rings` is slow.");
        assert!(keys.is_empty(), "{keys:?}");
    }

    #[test]
    fn one_capitalised_word_is_a_key_only_where_the_corpus_capitalises_it_inside_sentences() {
        let mut all = corpus();
        for i in 0..3 {
            all.push(chunk(
                &format!("n{i}"),
                "The remote works when the TV is connected to the Internet. Select a channel.",
            ));
        }
        for i in 0..4 {
            all.push(chunk(
                &format!("p{i}"),
                "Open it. Select the menu. Close it. Select it.",
            ));
        }
        let c = Corpus::build(&all);
        let scope = ScopeTerms::build(&all[32..]);
        let internet = terms("It needs a link to the Internet now")
            .into_iter()
            .find(|t| t.text == "Internet")
            .unwrap();
        assert!(salience(&internet, &scope, &c) > 0.0);
        // "Select" starts sentences far more often than it sits inside one.
        let select = terms("Go on, Select the item")
            .into_iter()
            .find(|t| t.text == "Select")
            .unwrap();
        assert_eq!(salience(&select, &scope, &c), 0.0);
    }

    #[test]
    fn a_brand_that_begins_many_names_is_no_key() {
        // 24 chunks (a corpus big enough to judge): the brand begins three names; "Ambient"
        // one.
        let mut texts: Vec<String> = (0..20)
            .map(|i| format!("Filler sentence number {i} about the remote control."))
            .collect();
        texts.push("Sign in to your Samsung account with the Samsung Smart Remote.".into());
        texts.push("Open Samsung Health or Samsung Cloud from the home screen.".into());
        texts.push("Download the file from the Samsung website and turn on Ambient Mode.".into());
        texts.push(
            "The Samsung website and Ambient Mode are described in the Samsung guide.".into(),
        );
        texts.push("Show the counts in your UI and in the sidebar.".into());
        texts.push("Keep your UI in sync with the query.".into());
        let chunks: Vec<docent_core::Chunk> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| docent_core::Chunk {
                id: format!("c{i}#0"),
                doc_id: format!("c{i}"),
                ordinal: 0,
                title: format!("Doc {i}"),
                heading_path: vec![],
                text: t.clone(),
                offset: 0,
                audience: docent_core::Audience::Public,
                product: None,
                kind: docent_core::DocKind::Doc,
                source: format!("c{i}.md"),
                url: None,
                summary_end: 0,
            })
            .collect();
        let corpus = Corpus::build(&chunks);
        assert!(
            corpus.names_led_by("Samsung") >= BRAND_NAMES,
            "{}",
            corpus.names_led_by("Samsung")
        );
        assert!(corpus.names_led_by("Ambient") < BRAND_NAMES);
        let key = |text: &str| Term {
            text: text.into(),
            kind: TermKind::Name,
            start: 0,
            end: text.len(),
        };
        assert!(!acceptable(&key("Samsung"), &corpus));
        // A two-letter acronym is the trade's word, though the corpus uses it (twice).
        assert_eq!(corpus.df("UI"), 2);
        assert!(!acceptable(&key("UI"), &corpus));
        assert!(acceptable(&key("Ambient Mode"), &corpus));
    }
}
