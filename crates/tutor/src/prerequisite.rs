//! Prerequisites stated elsewhere in the docs (issue 14): a how-to answer that sends a request
//! with a parameter (`"sort": ["price:asc"]`, `"filter": "..."`, `"facets": [...]`) may need a
//! setting changed first, and developer docs often say so on another page or in another section
//! ("you must add their attributes to the `sortableAttributes` index setting", "Before you can
//! filter, sort, or facet on an attribute, you must declare it ... Add attributes to
//! `filterableAttributes` ..."). The answer then shows that statement and the request it leads
//! into, so it does not stop at a request that fails.
//!
//! Read from documentation text in general, never from one product's names:
//!
//! - a **requirement** is a sentence saying what must be done before ("must", "need to",
//!   "required", "before you can", "first") that names a setting in code (a backticked
//!   identifier: `filterableAttributes`, `max_payload`), or a requirement sentence naming none
//!   followed in its paragraph by one that does;
//! - the **operations** of an answer are the parameters its requests set (JSON keys and query
//!   parameters of its code blocks that call an API), stemmed;
//! - a requirement **gates** an operation when the setting it names is built from the
//!   operation's word (`filter` and `filterableAttributes`: an "-able" setting enables what
//!   its word says), or when it names an "-able" setting, speaks of the operation (its terms
//!   hold the operation's stem: "faceting" for `facets`) and the question asks for it. A
//!   requirement on anything else ("`baseUrl` is required for all providers", "options must be
//!   written in snake case") gates nothing an answer sends.
//!
//! Proves (see tests): requirement sentences both ways; parameters read from JSON bodies and
//! query strings, not from values; a requirement is found for a parameter it gates (by the
//! setting's name or by its words with the question), not for one it does not, and not when
//! the answer names the setting already; one on the answer's own page comes first.

use std::collections::HashSet;

use docent_core::{Audience, Chunk, DocKind, PartKind};

use crate::procedure::{is_request, only_reads};
use crate::text::{ends_on_lead_in, stem, terms, units};
use crate::weights::TermWeights;

/// Words that make a sentence a requirement.
/// ("first" alone is none: "the first results page"; nor is "requires", which mostly says
/// what a feature depends on: "field boosting requires numeric weights".)
const MARKERS: [&str; 8] = [
    "must",
    "need to",
    "needs to",
    "have to",
    "has to",
    "required",
    "before you can",
    "before using",
];

/// Ways an adjective is built from a verb ("filterable", "sortable", "accessible"): the setting
/// that enables an operation carries its word.
const ABLE: [&str; 2] = ["able", "ible"];

/// A requirement statement of the docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Row of its chunk in the index's chunks.
    pub row: usize,
    /// Byte range in the chunk (the requirement sentence, and the sentence naming the setting
    /// when that is the next one).
    pub start: usize,
    /// End of the range (exclusive).
    pub end: usize,
    /// The settings it names in code, as written.
    pub names: Vec<String>,
    /// Its content terms.
    pub terms: HashSet<String>,
    /// It ends with ":" and a code block follows it (it leads into the request).
    pub leads_into_code: bool,
}

/// How a requirement ranks for an answer: gates by the setting's name, on the answer's page,
/// leads into its request, IDF-weighted terms shared with the question.
type Rank = (bool, bool, bool, f32);

impl Requirement {
    /// True when a setting it names is `operation`'s "-able" form (`filterableAttributes` for
    /// "filter").
    pub fn enables(&self, operation: &str) -> bool {
        self.names
            .iter()
            .any(|n| enabled(n).as_deref() == Some(operation))
    }
}

/// The chunks requirements index into, with the audience of the asker: a requirement in a
/// chunk above that audience is never found (its text would be quoted in their answer).
#[derive(Clone, Copy)]
pub struct Readable<'c> {
    /// Every chunk of the index, as [`Requirements::build`] read them.
    pub chunks: &'c [Chunk],
    /// The most the asker may read.
    pub audience: Audience,
}

impl<'c> Readable<'c> {
    /// All of `chunks`, for a reader who may read everything.
    pub fn all(chunks: &'c [Chunk]) -> Self {
        Readable {
            chunks,
            audience: Audience::Internal,
        }
    }
}

/// Every requirement statement of an index's documentation chunks.
#[derive(Debug, Default)]
pub struct Requirements {
    all: Vec<Requirement>,
}

/// What a found requirement is, for the composer.
#[derive(Debug, Clone, PartialEq)]
pub struct Prerequisite {
    /// Byte range of the statement in its chunk.
    pub start: usize,
    /// End of the range (exclusive).
    pub end: usize,
    /// The settings it names (the answer shows it only when it names none of them).
    pub names: Vec<String>,
    /// The operation of the answer it gates (stemmed).
    pub operation: String,
    /// The request that applies the setting, when the statement does not lead into it: chunk
    /// id and byte range of a code block of the statement's page.
    pub request: Option<(String, usize, usize)>,
}

/// True when `sentence` says what must be done first.
pub fn is_requirement(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    MARKERS.iter().any(|m| {
        let m: Vec<&str> = m.split(' ').collect();
        words.windows(m.len()).any(|w| w == m.as_slice())
    })
}

/// The identifiers `text` writes in code spans (`` `filterableAttributes` ``): one word of
/// letters, digits, `_`, `-` or `.`, at least one letter, no spaces.
pub fn code_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else {
            break;
        };
        let name = &after[..close];
        let word = !name.is_empty()
            && name.chars().any(char::is_alphabetic)
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if word && !out.iter().any(|n: &String| n == name) {
            out.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

/// The parameters a code block sets: JSON keys (`"sort": ...`) and query-string names
/// (`?limit=5&offset=10`), lowercase, in order, each once.
pub fn parameters(code: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        let name = name.to_lowercase();
        if !name.is_empty()
            && name.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !out.contains(&name)
        {
            out.push(name);
        }
    };
    // "key": (or 'key': in a language sample), a key being a quoted word followed by a colon.
    let bytes = code.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'"' && b != b'\'' {
            continue;
        }
        let Some(len) = code[i + 1..].find(b as char) else {
            continue;
        };
        let after = code[i + 1 + len + 1..].trim_start_matches(' ');
        if after.starts_with(':') && !after.starts_with("::") {
            push(&code[i + 1..i + 1 + len]);
        }
    }
    // ?name=value&name=value
    for part in code.split(['?', '&']).skip(1) {
        if let Some((name, _)) = part.split_once('=') {
            push(name);
        }
    }
    out
}

/// True when `text` names setting `name`, however its words are joined
/// (`filterableAttributes`, `filterable-attributes`, `filterable_attributes`).
pub fn mentions(text: &str, name: &str) -> bool {
    let squash = crate::text::squash;
    let name = squash(name);
    !name.is_empty() && squash(text).contains(&name)
}

/// True for a name of two words or more (`attributesToSearchOn`, `client_name`): a parameter or
/// setting, where a one-word name (`price`, `_geo`) is as often a value.
fn is_compound(name: &str) -> bool {
    let pieces = name
        .split(['_', '-', '.'])
        .filter(|p| !p.is_empty())
        .count();
    let humps = name
        .chars()
        .zip(name.chars().skip(1))
        .filter(|(a, b)| a.is_lowercase() && b.is_uppercase())
        .count();
    pieces + humps >= 2
}

/// The word of a setting's name that says what it enables, stemmed: "filterableAttributes" ->
/// "filter" (its first word, "-able" taken off), "max_payload" -> none (no "-able" word).
fn enabled(name: &str) -> Option<String> {
    let first: String = name
        .chars()
        .take_while(|c| c.is_lowercase())
        .collect::<String>();
    let first = if first.is_empty() {
        name.split(['_', '-', '.'])
            .next()
            .unwrap_or("")
            .to_lowercase()
    } else {
        first
    };
    ABLE.iter()
        .find_map(|a| first.strip_suffix(a))
        .filter(|root| root.len() >= 3)
        .map(stem)
}

impl Requirements {
    /// Reads the requirement statements of `chunks` (documentation only; a ticket states no
    /// prerequisite a customer may be shown).
    pub fn build(chunks: &[Chunk]) -> Requirements {
        let mut all = Vec::new();
        for (row, chunk) in chunks.iter().enumerate() {
            if chunk.kind != DocKind::Doc || !chunk.text.contains('`') {
                continue;
            }
            let text = &chunk.text;
            let us = units(text);
            for (j, u) in us.iter().enumerate() {
                if u.kind != PartKind::Paragraph {
                    continue;
                }
                let sentence = u.text(text);
                if !is_requirement(sentence) {
                    continue;
                }
                let mut end = u.end;
                let mut names = code_names(sentence);
                let mut last = j;
                // "Before you can filter ..., you must declare it in your index settings. Add
                // attributes to `filterableAttributes` ...": the next sentence names it.
                if names.is_empty() {
                    if let Some(next) = us
                        .get(j + 1)
                        .filter(|n| n.kind == PartKind::Paragraph && n.block == u.block)
                    {
                        names = code_names(next.text(text));
                        end = next.end;
                        last = j + 1;
                    }
                }
                if names.is_empty() {
                    continue;
                }
                let span = &text[u.start..end];
                let leads_into_code = ends_on_lead_in(span)
                    && us
                        .get(last + 1)
                        .is_some_and(|n| n.kind == PartKind::Code && n.section == u.section);
                all.push(Requirement {
                    row,
                    start: u.start,
                    end,
                    names,
                    terms: terms(span).into_iter().collect(),
                    leads_into_code,
                });
            }
        }
        Requirements { all }
    }

    /// How many statements were read.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// True when the docs state no requirement.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The settings that stand for `r` in an answer: its own names and every name that gates
    /// `operation` by its word (an answer naming `sortableAttributes` has the prerequisite of
    /// sorting already).
    pub fn names_for(&self, r: &Requirement, operation: &str) -> Vec<String> {
        let mut out = r.names.clone();
        for n in self.all.iter().flat_map(|r| &r.names) {
            if enabled(n).as_deref() == Some(operation) && !out.contains(n) {
                out.push(n.clone());
            }
        }
        out
    }

    /// The requirement that gates one of `operations` (stemmed parameter names of the answer),
    /// for a question with terms `question`, whose setting `answer` (the text of the answer's
    /// page evidence) does not name: one whose setting is built from the operation's word
    /// first, then one on the answer's page `doc_id`, then one that leads into its request,
    /// then the one sharing most IDF-weighted terms with the question. A requirement that only
    /// speaks of the operation counts when the question asks for it.
    pub fn find<'r>(
        &'r self,
        chunks: Readable<'_>,
        operations: &[String],
        question: &HashSet<String>,
        answer: &str,
        doc_id: &str,
        w: &TermWeights,
    ) -> Option<(&'r Requirement, String)> {
        let Readable { chunks, audience } = chunks;
        // An operation whose setting the answer names already (by the setting's name) is
        // covered: no other requirement is shown for it.
        let covered = |op: &String| {
            self.all
                .iter()
                .flat_map(|r| &r.names)
                .any(|n| enabled(n).as_ref() == Some(op) && mentions(answer, n))
        };
        let operations: Vec<&String> = operations.iter().filter(|op| !covered(op)).collect();
        let mut best: Option<(Rank, &Requirement, String)> = None;
        for r in &self.all {
            if r.names.iter().any(|n| mentions(answer, n)) {
                continue;
            }
            // A requirement about another parameter ("Attributes given to
            // `attributesToSearchOn` must be present in `searchableAttributes`") gates that
            // parameter, not the answer's: its other compound names must be operations of it.
            let about_other = r.names.iter().any(|n| {
                enabled(n).is_none()
                    && is_compound(n)
                    && !operations.iter().any(|op| **op == stem(&n.to_lowercase()))
            });
            if about_other {
                continue;
            }
            let by_name = operations
                .iter()
                .find(|op| r.names.iter().any(|n| enabled(n).as_ref() == Some(**op)));
            // By its words: an operation at least as specific (IDF) as the word of the "-able"
            // setting it names ("faceting" beside `filterableAttributes`), not a common one
            // ("indexes" beside it).
            let gate = r
                .names
                .iter()
                .filter_map(|n| enabled(n))
                .map(|word| w.idf(&word))
                .fold(None, |m: Option<f32>, x| Some(m.map_or(x, |m| m.min(x))));
            let by_words = operations.iter().find(|op| {
                gate.is_some_and(|g| w.idf(op) >= g)
                    && question.contains(**op)
                    && r.terms.contains(**op)
            });
            let Some(op) = by_name.or(by_words) else {
                continue;
            };
            // A requirement the asker may not read is no candidate: its text would be quoted
            // and cited in their answer.
            let Some(chunk) = chunks.get(r.row).filter(|c| c.audience <= audience) else {
                continue;
            };
            let shared: f32 = question
                .iter()
                .filter(|t| r.terms.contains(*t))
                .map(|t| w.idf(t))
                .sum();
            let key = (
                by_name.is_some(),
                chunk.doc_id == doc_id,
                r.leads_into_code,
                shared,
            );
            let better = best.as_ref().is_none_or(|(k, _, _)| {
                (key.0, key.1, key.2)
                    .cmp(&(k.0, k.1, k.2))
                    .then_with(|| key.3.total_cmp(&k.3))
                    .is_gt()
            });
            if better {
                best = Some((key, r, (*op).clone()));
            }
        }
        best.map(|(_, r, op)| (r, op))
    }
}

/// The action a how-to question asks for, stemmed: the word after "how do I", "how can I",
/// "how to" ("How do I filter search results ..." -> "filter"). An answer that does it may
/// need the setting built from that word ("filterable") even when its chunks show no request.
pub fn asked_action(question: &str) -> Option<String> {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let openers: [&[&str]; 6] = [
        &["how", "do", "i"],
        &["how", "can", "i"],
        &["how", "do", "you"],
        &["how", "should", "i"],
        &["how", "to"],
        &["can", "i"],
    ];
    for o in openers {
        if let Some(at) = words.windows(o.len()).position(|w| w == o) {
            return words.get(at + o.len()).map(|w| stem(w));
        }
    }
    None
}

/// How many chunks past a requirement's own the request applying its setting is looked for.
const REQUEST_LOOKAHEAD: u32 = 3;

/// The request that applies requirement `r`'s setting when `r` does not lead into it: the first
/// code block after it on its page (its chunk, then up to [`REQUEST_LOOKAHEAD`] chunks on) that
/// calls an API to change something and names one of `names` (in any joining:
/// `sortable-attributes`), at most [`MAX_REQUEST_CHARS`] long. `chunk` looks a chunk up by id.
pub fn request_for<'c>(
    chunk: impl Fn(&str) -> Option<&'c Chunk>,
    at: &Chunk,
    r: &Requirement,
    names: &[String],
) -> Option<(String, usize, usize)> {
    if r.leads_into_code {
        return None;
    }
    for n in 0..=REQUEST_LOOKAHEAD {
        let id = format!("{}#{}", at.doc_id, at.ordinal + n);
        let Some(c) = (if n == 0 { Some(at) } else { chunk(&id) }) else {
            break;
        };
        if c.doc_id != at.doc_id {
            break;
        }
        for u in units(&c.text) {
            let code = u.text(&c.text);
            let after = n > 0 || u.start >= r.end;
            if after
                && u.kind == PartKind::Code
                && code.len() <= MAX_REQUEST_CHARS
                && is_request(code)
                && !only_reads(code)
                && names.iter().any(|name| mentions(code, name))
            {
                return Some((c.id.clone(), u.start, u.end));
            }
        }
    }
    None
}

/// Longest request shown for a requirement.
const MAX_REQUEST_CHARS: usize = 1500;

/// The operations of an answer's page evidence: the parameters its requests (code blocks that
/// call an API) set, stemmed. Names in prose are none: "the `search` action" is a value, and
/// a name in prose does not say the answer sends it (tried: a key question then got the
/// requirement of `searchableAttributes`).
pub fn operations(texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        for u in units(text) {
            let t = u.text(text);
            if u.kind != PartKind::Code || !is_request(t) {
                continue;
            }
            for n in parameters(t) {
                let s = stem(&n);
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use docent_core::Audience;

    fn chunk(doc: &str, ordinal: u32, text: &str) -> Chunk {
        Chunk {
            id: format!("{doc}#{ordinal}"),
            doc_id: doc.into(),
            ordinal,
            title: doc.into(),
            heading_path: vec![doc.into()],
            text: text.into(),
            offset: 0,
            audience: Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: format!("{doc}.md"),
            url: None,
            summary_end: 0,
        }
    }

    #[test]
    fn requirement_sentences() {
        assert!(is_requirement(
            "If you want to filter results, you must first add it to the `filterableAttributes` list:"
        ));
        assert!(is_requirement(
            "Before you can search a facet's values, the attribute must be declared."
        ));
        assert!(is_requirement("A master key is required in production."));
        assert!(!is_requirement(
            "The `sort` parameter takes a list of rules."
        ));
        assert!(!is_requirement("Musty old records are kept."));
        assert!(!is_requirement(
            "The button is disabled whenever your `offset` is `0`, on the first results page."
        ));
    }

    #[test]
    fn parameters_are_keys_not_values() {
        let code = "```bash\ncurl -X POST 'URL/indexes/books/search?limit=5&offset=10' \\\n  --data-binary '{ \"q\": \"phone\", \"sort\": [\"price:asc\"], \"filter\": \"genre = horror\" }'\n```";
        assert_eq!(
            parameters(code),
            vec!["q", "sort", "filter", "limit", "offset"]
        );
        assert_eq!(
            code_names("Use `sort` with `price:asc` or `filterableAttributes`."),
            vec!["sort", "filterableAttributes"]
        );
        assert_eq!(enabled("filterableAttributes").as_deref(), Some("filter"));
        assert_eq!(enabled("sortable_attributes").as_deref(), Some("sort"));
        assert_eq!(enabled("maxValuesPerFacet"), None);
        assert!(mentions(
            "curl -X PUT 'URL/settings/filterable-attributes'",
            "filterableAttributes"
        ));
        assert!(!mentions(
            "curl -X PUT 'URL/settings/sortable-attributes'",
            "filterableAttributes"
        ));
    }

    fn corpus() -> Vec<Chunk> {
        vec![
            chunk(
                "filtering",
                0,
                "## Configure filters\n\nIf you want to filter results based on an attribute, you must first add it to the `filterableAttributes` list:\n\n```bash\ncurl -X PUT 'URL/indexes/movies/settings/filterable-attributes' --data-binary '[\"genre\"]'\n```",
            ),
            chunk(
                "overview",
                0,
                "Before you can filter, sort, or facet on an attribute, you must declare it in your index settings. Add attributes to `filterableAttributes` to enable filtering and faceting.",
            ),
            chunk(
                "sorting",
                1,
                "After you have decided which fields to sort on, you must add their attributes to the `sortableAttributes` index setting.",
            ),
            chunk(
                "keys",
                0,
                "You must first set a `masterKey` to protect the instance.",
            ),
        ]
    }

    fn found(ops: &[&str], question: &str, answer: &str, doc: &str) -> Option<(String, String)> {
        let chunks = corpus();
        let reqs = Requirements::build(&chunks);
        let w = TermWeights::build(&chunks);
        let ops: Vec<String> = ops.iter().map(|o| o.to_string()).collect();
        let q: HashSet<String> = terms(question).into_iter().collect();
        reqs.find(Readable::all(&chunks), &ops, &q, answer, doc, &w)
            .map(|(r, op)| (chunks[r.row].doc_id.clone(), op))
    }

    #[test]
    fn a_requirement_is_found_for_the_parameter_it_gates() {
        let reqs = Requirements::build(&corpus());
        assert_eq!(reqs.len(), 4);
        // By the setting's name: `sortableAttributes` gates `sort`.
        assert_eq!(
            found(
                &["q", "sort"],
                "How do I sort results by price?",
                "",
                "search"
            ),
            Some(("sorting".into(), "sort".into()))
        );
        // By name, one leading into its request before one that does not.
        assert_eq!(
            found(&["filter"], "How do I filter by price?", "", "search"),
            Some(("filtering".into(), "filter".into()))
        );
        // By its words, when the question asks for the operation.
        assert_eq!(
            found(
                &["facet"],
                "How do I count results per facet?",
                "",
                "search"
            ),
            Some(("overview".into(), "facet".into()))
        );
        assert_eq!(
            found(
                &["facet"],
                "How do I count results per category?",
                "",
                "search"
            ),
            None
        );
        // A parameter no requirement gates, and a setting the answer names already.
        assert_eq!(
            found(&["q", "limit"], "How do I limit results?", "", "search"),
            None
        );
        assert_eq!(
            found(
                &["sort"],
                "How do I sort results?",
                "Add price to `sortableAttributes` first.",
                "search"
            ),
            None
        );
    }

    #[test]
    fn a_requirement_on_the_answers_page_comes_first() {
        let mut chunks = corpus();
        chunks.push(chunk(
            "search",
            3,
            "Filtering needs a setting: you must add the field to `filterableAttributes` before searching.",
        ));
        let reqs = Requirements::build(&chunks);
        let w = TermWeights::build(&chunks);
        let q: HashSet<String> = terms("How do I filter?").into_iter().collect();
        let (r, _) = reqs
            .find(
                Readable::all(&chunks),
                &["filter".to_string()],
                &q,
                "",
                "search",
                &w,
            )
            .unwrap();
        assert_eq!(chunks[r.row].doc_id, "search");
    }

    #[test]
    fn a_requirement_above_the_askers_audience_is_never_found() {
        let mut chunks = corpus();
        chunks.push(chunk(
            "search",
            3,
            "Filtering needs a setting: you must add the field to `filterableAttributes` before searching.",
        ));
        chunks
            .iter_mut()
            .for_each(|c| c.audience = Audience::Internal);
        let reqs = Requirements::build(&chunks);
        let w = TermWeights::build(&chunks);
        let q: HashSet<String> = terms("How do I filter?").into_iter().collect();
        let find = |audience| {
            reqs.find(
                Readable {
                    chunks: &chunks,
                    audience,
                },
                &["filter".to_string()],
                &q,
                "",
                "search",
                &w,
            )
            .is_some()
        };
        assert!(find(Audience::Internal));
        assert!(!find(Audience::Customer));
        assert!(!find(Audience::Public));
    }

    #[test]
    fn operations_of_an_answer_are_what_its_requests_send() {
        let text = "Sort with the `sort` parameter or the `rank` one:\n\n```bash\ncurl -X POST 'URL/search' --data-binary '{ \"q\": \"\", \"facets\": [\"genre\"] }'\n```\n\nThe response:\n\n```json\n{ \"facetDistribution\": {} }\n```";
        assert_eq!(operations(&[text]), vec!["q", "facet"]);
    }

    #[test]
    fn a_requirement_on_something_else_gates_nothing() {
        let chunks = vec![
            chunk(
                "embedders",
                0,
                "`baseUrl` is required for all providers except the default one.",
            ),
            chunk(
                "config",
                0,
                "Options must be written in snake case: `--import-dump` is `import_dump`.",
            ),
        ];
        let reqs = Requirements::build(&chunks);
        assert_eq!(reqs.len(), 2);
        let w = TermWeights::build(&chunks);
        for (op, question) in [
            ("baseurl", "How do I set the baseUrl of a provider?"),
            ("dump", "How do I import a dump?"),
        ] {
            let q: HashSet<String> = terms(question).into_iter().collect();
            assert!(
                reqs.find(Readable::all(&chunks), &[op.to_string()], &q, "", "x", &w)
                    .is_none(),
                "{op}"
            );
        }
    }

    #[test]
    fn a_common_word_beside_a_setting_is_no_operation_it_gates() {
        let mut chunks = corpus();
        chunks.push(chunk(
            "distinct",
            0,
            "You must add `client_name` to `filterableAttributes` for all indexes.",
        ));
        for n in 0..3 {
            chunks.push(chunk(
                "indexes",
                n,
                "An index holds documents; create indexes freely.",
            ));
        }
        let reqs = Requirements::build(&chunks);
        let w = TermWeights::build(&chunks);
        let q: HashSet<String> = terms("How do I create a key for one index?")
            .into_iter()
            .collect();
        assert!(reqs
            .find(
                Readable::all(&chunks),
                &["index".to_string()],
                &q,
                "",
                "keys",
                &w
            )
            .is_none());
        // A rarer word beside it still is ("faceting" beside `filterableAttributes`).
        let q: HashSet<String> = terms("How do I count results per facet?")
            .into_iter()
            .collect();
        assert!(reqs
            .find(
                Readable::all(&chunks),
                &["facet".to_string()],
                &q,
                "",
                "keys",
                &w
            )
            .is_some());
    }

    #[test]
    fn a_requirement_about_another_parameter_is_not_the_answers() {
        let chunks = vec![chunk(
            "search",
            0,
            "Attributes given to `attributesToSearchOn` must be present in the `searchableAttributes` list.",
        )];
        let reqs = Requirements::build(&chunks);
        let w = TermWeights::build(&chunks);
        let q: HashSet<String> = terms("How do I search one index?").into_iter().collect();
        assert!(reqs
            .find(
                Readable::all(&chunks),
                &["search".to_string()],
                &q,
                "",
                "x",
                &w
            )
            .is_none());
        let ops = ["search".to_string(), "attributestosearchon".to_string()];
        assert!(reqs
            .find(Readable::all(&chunks), &ops, &q, "", "x", &w)
            .is_some());
        assert!(is_compound("client_name") && is_compound("attributesToSearchOn"));
        assert!(!is_compound("_geo") && !is_compound("price"));
    }

    #[test]
    fn the_action_a_how_to_question_asks_for() {
        assert_eq!(
            asked_action("How do I filter search results by price?").as_deref(),
            Some("filter")
        );
        assert_eq!(
            asked_action("How to sort results?").as_deref(),
            Some("sort")
        );
        assert_eq!(asked_action("What is a filter?"), None);
    }

    #[test]
    fn the_request_that_applies_the_setting() {
        let page = vec![
            chunk("sorting", 0, "You must add the attributes to the `sortableAttributes` setting."),
            chunk("sorting", 1, "## Example\n\nSee the current setting:\n\n```bash\ncurl 'URL/settings/sortable-attributes'\n```\n\nAllow sorting on price:\n\n```bash\ncurl -X PUT 'URL/settings/sortable-attributes' --data-binary '[\"price\"]'\n```"),
        ];
        let reqs = Requirements::build(&page);
        let by_id = |id: &str| page.iter().find(|c| c.id == id);
        let r = &reqs.all[0];
        let (id, s, e) =
            request_for(by_id, &page[0], r, &["sortableAttributes".to_string()]).unwrap();
        assert_eq!(id, "sorting#1");
        assert!(page[1].text[s..e].contains("-X PUT"));
        // None for a setting the page's requests never name.
        assert!(request_for(by_id, &page[0], r, &["filterableAttributes".to_string()]).is_none());
    }
}
