//! Scopes: what a quiz is about, resolved to the chunks that are about it.
//!
//! - A **query** ("taking screenshots") takes the hybrid search's candidates and keeps those
//!   whose evidence is close to the best one's: the chunk's similarity to the query, its best
//!   sentence's similarity (sentence-level evidence), and how many of the query's words its
//!   title and headings hold. Chunks far below the best are left out however many were asked
//!   for, so a narrow topic gives a short quiz rather than items on other topics.
//! - **Documents** (`docs:a,b`) take every chunk of those documents (ids as indexed, with or
//!   without a file extension).
//! - A **heading** (`heading:Take a screenshot`) takes the chunks under the headings, or of the
//!   documents whose titles, hold all the heading's words (stemmed, so "Taking screenshots"
//!   matches), or failing that the best partial match above half of them.

use std::collections::HashSet;

use docent_core::{Audience, Chunk, DocKind, SearchMode};
use docent_index::{Index, SearchOptions};

use crate::{docs_filter, Error, Options, Result};

/// What a quiz is built from.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// The chunks a search finds about this topic.
    Query(String),
    /// Every chunk of these documents.
    Docs(Vec<String>),
    /// Chunks under headings (or of documents titled) matching this text.
    Heading(String),
}

impl Scope {
    /// `docs:a,b` names documents, `heading:Text` a heading; anything else is a query.
    pub fn parse(s: &str) -> Scope {
        let s = s.trim();
        if let Some(d) = s.strip_prefix("docs:") {
            Scope::Docs(
                d.split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect(),
            )
        } else if let Some(h) = s.strip_prefix("heading:") {
            Scope::Heading(h.trim().to_string())
        } else {
            Scope::Query(s.to_string())
        }
    }

    /// The scope as text (what `parse` reads).
    pub fn describe(&self) -> String {
        match self {
            Scope::Query(q) => q.clone(),
            Scope::Docs(d) => format!("docs:{}", d.join(",")),
            Scope::Heading(h) => format!("heading:{h}"),
        }
    }

    /// Words that say what the scope is about (the query, heading or document titles).
    pub fn topic_text(&self, index: &Index, rows: &[usize]) -> String {
        match self {
            Scope::Query(q) | Scope::Heading(q) => q.clone(),
            Scope::Docs(_) => {
                let mut titles: Vec<&str> = rows
                    .iter()
                    .map(|r| index.chunks()[*r].title.as_str())
                    .collect();
                titles.dedup();
                titles.join(". ")
            }
        }
    }
}

/// The words of a heading or query as compared: lowercase content words, stemmed, a final
/// "e" dropped ("take" and "taking" meet at "tak").
pub fn key_words(s: &str) -> Vec<String> {
    docent_tutor::text::terms(s)
        .into_iter()
        .map(|w| {
            if w.len() > 3 && w.ends_with('e') {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect()
}

/// How much more common than a query part's most specific word a word of it may be and still
/// name the topic: "wireless" (15 chunks of a TV manual) names "connecting to a wireless
/// network", "network" (36) and "connecting" are the product's general vocabulary; "report"
/// (14 chunks) is general beside "scheduled" (8) in "scheduled reports", while "tolerance"
/// (116) and "typo" (169) both name "typo tolerance". Round 9's held-out scopes showed 2 too
/// loose ("scheduled reports" took report versions and permissions).
pub const TOPIC_DF_RATIO: f32 = 1.5;

/// The words of a query of which an item must name one to be about it. Each part of the query
/// ("recording programs and Timeshift": "recording programs", "Timeshift"; "a keyboard or
/// mouse": "a keyboard", "mouse") gives its specific words: those at most [`TOPIC_DF_RATIO`]
/// times as common (`df`: chunks holding a word) as its most specific one that the docs use. When the part leads with an activity done to a thing ("exporting reports")
/// and the activity is specific, the activity alone is the topic: much else in the docs is
/// about the thing. A part of one word gives that word.
///
/// A part that points back at another with a pronoun ("what telemetry Meilisearch collects
/// and how to disable it") is not a topic of its own and gives no words.
pub fn topic_words(query: &str, df: impl Fn(&str) -> usize) -> Vec<String> {
    let mut out = Vec::new();
    let lower = query.to_lowercase();
    let parts: Vec<&str> = split_parts(&lower).collect();
    let own: Vec<&str> = parts.iter().copied().filter(|p| !points_back(p)).collect();
    let parts = if own.is_empty() { parts } else { own };
    for part in parts {
        let mut ws = key_words(part);
        ws.dedup();
        if ws.len() > 1 {
            // A word the docs never use ("assistant" where the docs say "Bixby") cannot
            // measure the others.
            let reference = ws
                .iter()
                .map(|w| df(w))
                .filter(|d| *d >= 1)
                .min()
                .unwrap_or(1);
            ws.retain(|w| df(w) as f32 <= TOPIC_DF_RATIO * reference as f32);
        }
        // "exporting reports", "updating the TV software": an activity done to a thing.
        let activity = gerund_lead(part)
            .map(key_words)
            .filter(|a| ws.len() > 1 && a.iter().all(|w| ws.contains(w)));
        match activity {
            Some(a) => out.extend(a),
            None => out.extend(ws),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a query part refers back to another with a pronoun ("how to disable it", "what
/// they cost").
fn points_back(part: &str) -> bool {
    part.split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "it" | "its" | "they" | "them" | "their"))
}

/// The parts of a lowercase query: "recording programs and timeshift" is two, "a keyboard or
/// mouse" two, "data, sync / postgres" three. A "/" inside a word joins it ("http/2 and ssl"
/// is two parts, "http/2" one of them).
fn split_parts(lower: &str) -> impl Iterator<Item = &str> {
    let bytes = lower.as_bytes();
    let mut cuts = Vec::new();
    let mut start = 0;
    for (i, ch) in lower.char_indices() {
        let slash_between_words = ch == '/'
            && i > 0
            && bytes.get(i - 1).is_some_and(|b| !b.is_ascii_whitespace())
            && bytes.get(i + 1).is_some_and(|b| !b.is_ascii_whitespace());
        if matches!(ch, ',' | '&') || ch == '/' && !slash_between_words {
            cuts.push(&lower[start..i]);
            start = i + ch.len_utf8();
        }
    }
    cuts.push(&lower[start..]);
    cuts.into_iter()
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" or "))
}

/// The [`key_words`] of each part of a query that has any ("resetting your network": one
/// part, `reset network`; "sleep timer and off timer": two).
pub fn query_parts(query: &str) -> Vec<Vec<String>> {
    let lower = query.to_lowercase();
    split_parts(&lower)
        .map(key_words)
        .filter(|ws| !ws.is_empty())
        .collect()
}

/// The [`key_words`] of each of a chunk's headings and its title, computed once per chunk and
/// matched against every part of a query ([`names_part`]).
pub fn heading_words(c: &Chunk) -> Vec<Vec<String>> {
    headings_of(c).iter().map(|h| key_words(h)).collect()
}

/// Whether one heading (as [`heading_words`]) names a whole part of the query: every word of
/// the part, in any form ([`near_form`]), in one heading ("Resetting Your Network" for
/// "resetting your network"; not "Resetting the Smart Hub", which names half of it).
pub fn names_part(heads: &[Vec<String>], part: &[String]) -> bool {
    !part.is_empty()
        && heads.iter().any(|have| {
            part.iter()
                .all(|w| have.iter().any(|x| x == w || near_form(w, x)))
        })
}

/// Forms of one word that differ by an ending of at most three letters ("reset", "resett";
/// "timer", "timers"), not a word that begins a longer one ("multi", "multimodal").
fn near_form(a: &str, b: &str) -> bool {
    same_stem(a, b) && a.chars().count().abs_diff(b.chars().count()) <= 3
}

/// The first word of a query part when it is a gerund with an object after it ("exporting"
/// in "exporting reports"; not "string" or "ping", nor "pricing" alone).
fn gerund_lead(part: &str) -> Option<&str> {
    let mut ws = part.split_whitespace();
    let first = ws.next()?;
    let object = ws.next().is_some();
    let gerund =
        first.len() >= 7 && first.ends_with("ing") && first.chars().all(|c| c.is_ascii_lowercase());
    (gerund && object).then_some(first)
}

/// Whether two words are forms of one ("dark", "darker", "darkness"; "export", "exporting";
/// "role", "roles"): the shorter, of at least four letters, begins the longer, or both share
/// a beginning of five letters or more that leaves at most two letters of the shorter.
pub fn same_stem(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (s, l) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    let n = s.chars().count();
    if n < 4 {
        return s == l;
    }
    let common = s.chars().zip(l.chars()).take_while(|(x, y)| x == y).count();
    common == n || (common >= 5 && common + 2 >= n)
}

/// Share of `want`'s words found in `have`.
pub fn word_share(want: &[String], have: &HashSet<String>) -> f32 {
    if want.is_empty() {
        return 0.0;
    }
    want.iter().filter(|w| have.contains(*w)).count() as f32 / want.len() as f32
}

/// Headings a chunk sits under or holds, and its title.
fn headings_of(c: &Chunk) -> Vec<&str> {
    let mut out: Vec<&str> = vec![c.title.as_str()];
    out.extend(c.heading_path.iter().map(String::as_str));
    out.extend(
        c.text
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#').trim()),
    );
    out
}

/// A candidate chunk of a query scope and its evidence.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index row.
    pub row: usize,
    /// Cosine of the query and the chunk.
    pub chunk_similarity: f32,
    /// Share of the query's words in the chunk (title, headings, text).
    pub words: f32,
    /// Share of the query's words in the title and headings.
    pub heading_words: f32,
}

impl Candidate {
    /// The evidence as one number; `sentence` is the best sentence's cosine with the query.
    pub fn relevance(&self, sentence: f32) -> f32 {
        0.5 * self.chunk_similarity.max(sentence)
            + 0.25 * sentence
            + 0.15 * self.words
            + 0.1 * self.heading_words
    }
}

/// How far below the best candidate's relevance a chunk may be and stay in a query scope.
pub const RELEVANCE_MARGIN: f32 = 0.18;

/// Which candidate (0: the best) [`RELEVANCE_MARGIN`] is measured from.
pub const REFERENCE_RANK: usize = 2;

/// Candidates a query scope considers.
pub const QUERY_CANDIDATES: usize = 32;

/// Candidate chunks of a query, best first.
/// `topic`: the query's [`topic_words`].
pub fn query_candidates(
    index: &Index,
    q: &str,
    topic: &[String],
    opts: &Options,
) -> Result<Vec<Candidate>> {
    let search = SearchOptions {
        k: QUERY_CANDIDATES.max(opts.query_chunks),
        mode: SearchMode::Hybrid,
        filter: docs_filter(opts.audience),
        ..SearchOptions::from_config(&Default::default())
    };
    let want = key_words(q);
    let by_id: std::collections::HashMap<&str, usize> = index
        .chunks()
        .iter()
        .enumerate()
        .map(|(r, c)| (c.id.as_str(), r))
        .collect();
    let mut out = Vec::new();
    for hit in index.search(q, &search)? {
        let Some(&row) = by_id.get(hit.chunk.id.as_str()) else {
            continue;
        };
        let c = &index.chunks()[row];
        if side_page(&c.title, topic) {
            continue;
        }
        let all: HashSet<String> = key_words(&format!(
            "{} {} {}",
            c.title,
            c.heading_path.join(" "),
            c.text
        ))
        .into_iter()
        .collect();
        let heads: HashSet<String> = key_words(&headings_of(c).join(" ")).into_iter().collect();
        out.push(Candidate {
            row,
            chunk_similarity: hit.similarity.unwrap_or(0.0),
            words: word_share(&want, &all),
            heading_words: word_share(&want, &heads),
        });
    }
    // Chunks whose title and headings hold every word of the query, or a heading every word of
    // a part of it, are about it, whether or not the search ranked them ("geosearch": the
    // "Geosearch" guide, beside a glossary entry).
    let parts = query_parts(q);
    let anchor = index.embed_query(q).ok();
    let titled: Vec<usize> = (0..index.chunks().len())
        .filter(visible(index, opts))
        .filter(|r| !out.iter().any(|c| c.row == *r))
        .filter(|r| {
            let c = &index.chunks()[*r];
            let heads: HashSet<String> =
                key_words(&format!("{} {}", c.title, c.heading_path.join(" ")))
                    .into_iter()
                    .collect();
            let named = (!want.is_empty() && word_share(&want, &heads) >= 1.0) || {
                let heads = heading_words(c);
                parts.iter().any(|p| names_part(&heads, p))
            };
            named && !side_page(&c.title, topic)
        })
        .take(QUERY_CANDIDATES)
        .collect();
    for row in titled {
        let similarity = match (&anchor, index.store().get(row as u64)?) {
            (Some(a), Some(v)) => crate::evidence::cosine(a, &v),
            _ => 0.0,
        };
        out.push(Candidate {
            row,
            chunk_similarity: similarity,
            words: 1.0,
            heading_words: 1.0,
        });
    }
    Ok(out)
}

/// Keeps the candidates within [`RELEVANCE_MARGIN`] of the third best (given each one's
/// best sentence similarity), at most `max`, best first; returns rows and relevance.
pub fn keep_relevant(cands: &[Candidate], sentence: &[f32], max: usize) -> Vec<(usize, f32)> {
    let scored: Vec<(usize, f32)> = cands
        .iter()
        .zip(sentence)
        .map(|(c, s)| (c.row, c.relevance(*s)))
        .collect();
    // The margin is taken from the third best: one glossary entry or demo blurb that is
    // nearly the query's own words ("Geosearch: the ability to ...") must not push the
    // guides on the topic out.
    let mut order: Vec<f32> = scored.iter().map(|x| x.1).collect();
    order.sort_by(|a, b| b.total_cmp(a));
    let reference = order
        .get(REFERENCE_RANK.min(order.len().saturating_sub(1)))
        .copied()
        .unwrap_or(f32::MIN);
    let mut kept: Vec<(usize, f32)> = scored
        .into_iter()
        .filter(|(_, r)| *r >= reference - RELEVANCE_MARGIN)
        .collect();
    kept.sort_by(|a, b| b.1.total_cmp(&a.1));
    kept.truncate(max.max(1));
    kept
}

/// How far below the most relevant candidate a chunk of a query scope may be, whichever way
/// the scope was resolved. Fitted on the blind reviewers' verdicts (664 judged items of query
/// scopes, rounds up to 23, `scripts/quiz_scope_margin.py`, 5 folds by scope: the folds pick
/// 0.3 / 0.3 / 0.35 / 0.3 / 0.4; held out, items a reviewer kept 0.461 -> 0.480 of those left,
/// on scope 0.814 -> 0.861): items from chunks further below were on scope 0.31 of the time.
pub const FAR_FROM_BEST: f32 = 0.3;

/// Drops from `kept` (rows with relevance) the chunks more than [`FAR_FROM_BEST`] below `top`,
/// the best candidate's relevance; the best of them stays when all are.
pub fn drop_far_from_best(kept: &mut Vec<(usize, f32)>, top: f32) {
    let best = kept.iter().map(|x| x.1).fold(f32::MIN, f32::max);
    kept.retain(|x| x.1 >= top - FAR_FROM_BEST || x.1 >= best);
}

/// The lowest cosine between a query scope and the title and headings an item sits under
/// (the chunk's title and heading path and the heading above the item's statement,
/// [`crate::heading_similarities`]) at which the item is about the scope by where it sits. Items from sections titled for something else were the most common
/// reason a blind reviewer did not keep an item: "Google Sheets tips: header rows, row limits
/// and reconnecting a sheet" took the export limits ("Export a report > Limits"), "adjusting
/// HDMI black level" the Eco Solution and Grayscale sections. The cosine alone separates
/// on-scope items with AUROC 0.88 over 763 judged items of query scopes (rounds up to 25), the
/// item's own statement 0.72. Fitted with [`STATEMENT_RESCUE`] by
/// `scripts/quiz_heading_floor.py` (5 folds by scope: every fold picks 0.35, four a rescue of
/// 0.45 and one 0.4; held out, items a reviewer kept 0.439 -> 0.488 of those left, on scope
/// 0.788 -> 0.875, 656 of 763 items left). Refitted on 1,213 judged items (rounds up to 35)
/// every fold picked 0.45 with a rescue of 0.4, but judged blind on what that changes (round
/// 37) it dropped 61 items kept 31 times for 42 kept 24 times: no better, and fewer items.
pub const HEADING_FLOOR: f32 = 0.35;

/// The cosine between a query and an item's own statement at which the item is about the
/// query wherever it sits: a topic that cuts across sections ("refunds, proration and annual
/// billing discounts") has its facts under titles that name the action, not the topic.
pub const STATEMENT_RESCUE: f32 = 0.45;

/// Which items are under a title about something else: those whose heading similarity to the
/// query (`sims`, one per item; `None` where it is unknown, which counts as close) is below
/// [`HEADING_FLOOR`], except those at the closest: a topic no title names ("the free trial",
/// told inside "Create your workspace") keeps its closest section.
pub fn off_heading(sims: &[Option<f32>]) -> Vec<bool> {
    let closest = sims.iter().flatten().copied().fold(f32::MIN, f32::max);
    sims.iter()
        .map(|s| s.is_some_and(|s| s < HEADING_FLOOR && s < closest))
        .collect()
}

/// The scope of a query whose every part names a section in a heading ("resetting your
/// network": "Resetting Your Network"; "sleep timer and off timer": a sleep-timer and an
/// off-timer section): those sections, best first by relevance, at most `max`. A section
/// sharing one word with the query ("Resetting the Smart Hub", "Factory reset") is near it by
/// every measure of evidence and is still about something else. `None` when a part names no
/// heading among the candidates: the evidence decides alone ([`keep_relevant`]).
pub fn titled_scope(
    chunks: &[Chunk],
    query: &str,
    cands: &[Candidate],
    sentence: &[f32],
    max: usize,
) -> Option<Vec<(usize, f32)>> {
    let parts = query_parts(query);
    if parts.is_empty() {
        return None;
    }
    let titled: Vec<(usize, f32, Vec<bool>)> = cands
        .iter()
        .zip(sentence)
        .map(|(c, s)| {
            let heads = heading_words(&chunks[c.row]);
            let by: Vec<bool> = parts.iter().map(|p| names_part(&heads, p)).collect();
            (c.row, c.relevance(*s), by)
        })
        .filter(|x| x.2.iter().any(|b| *b))
        .collect();
    let every_part = (0..parts.len()).all(|i| titled.iter().any(|x| x.2[i]));
    if !every_part {
        return None;
    }
    let mut out: Vec<(usize, f32)> = titled.into_iter().map(|x| (x.0, x.1)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out.dedup_by_key(|x| x.0);
    out.truncate(max.max(1));
    Some(out)
}

/// Whether a page is about something beside the query's topic: a comparison with other
/// products ("Meilisearch vs Elasticsearch", "Comparison to alternatives"), a migration guide
/// from another product, an error catalogue or a changelog, whose
/// title names none of the query's topic words (`topic`, [`topic_words`]). A comparison of the
/// topic itself ("Semantic vs hybrid search" for "hybrid search", "Typo tolerance vs fuzzy
/// search" for "typo tolerance") is about it.
pub fn side_page(title: &str, topic: &[String]) -> bool {
    const MARKS: &[&str] = &[
        " vs ",
        " vs. ",
        " versus ",
        "comparison",
        "compared",
        "alternative",
        "changelog",
        "release notes",
        "what's new",
        "migrating from",
        "migrate from",
        "migration from",
        // An error catalogue's entries ("The specified value for `x` is invalid") name their
        // error only in a heading a stem leaves out.
        "error codes",
    ];
    let t = format!(" {} ", title.to_lowercase());
    let named: HashSet<String> = key_words(title).into_iter().collect();
    MARKS.iter().any(|m| t.contains(m)) && !topic.iter().any(|w| named.contains(w))
}

fn visible<'a>(index: &'a Index, opts: &Options) -> impl Fn(&usize) -> bool + 'a {
    let audience = opts.audience;
    move |r: &usize| {
        let c = &index.chunks()[*r];
        c.kind == DocKind::Doc && c.audience <= audience
    }
}

/// Rows of the documents named, in document order.
pub fn doc_rows(index: &Index, docs: &[String], opts: &Options) -> Vec<usize> {
    let strip = |s: &str| {
        let s = s.trim().trim_start_matches("./");
        for ext in [".mdx", ".md", ".markdown", ".html", ".htm", ".txt"] {
            if let Some(x) = s.strip_suffix(ext) {
                return x.to_string();
            }
        }
        s.to_string()
    };
    let wanted: Vec<String> = docs.iter().map(|d| strip(d)).collect();
    let ids: HashSet<&str> = index.chunks().iter().map(|c| c.doc_id.as_str()).collect();
    let named = named_docs(&ids, &wanted);
    (0..index.chunks().len())
        .filter(|r| named.contains(index.chunks()[*r].doc_id.as_str()))
        .filter(visible(index, opts))
        .collect()
}

/// The document ids that `wanted` names: an id itself, or else the ids it ends ("admin/audit-log"
/// names "docs/admin/audit-log" in an index built from the folder above `docs/`), so an author
/// need not know which folder was ingested.
fn named_docs<'a>(ids: &HashSet<&'a str>, wanted: &[String]) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for w in wanted {
        if let Some(id) = ids.get(w.as_str()) {
            out.insert(*id);
            continue;
        }
        let tail = format!("/{}", w.trim_start_matches('/'));
        out.extend(ids.iter().filter(|id| id.ends_with(&tail)).copied());
    }
    out
}

/// Rows under headings (or of documents titled) matching `h`, in document order.
pub fn heading_rows(index: &Index, h: &str, opts: &Options) -> (Vec<usize>, f32) {
    let rows: Vec<(usize, f32)> = (0..index.chunks().len())
        .filter(visible(index, opts))
        .map(|r| (r, heading_match(h, &headings_of(&index.chunks()[r]))))
        .filter(|(_, s)| *s > 0.5)
        .collect();
    let best = rows.iter().map(|x| x.1).fold(0.0, f32::max);
    let rows = rows
        .into_iter()
        .filter(|(_, s)| *s >= best - 1e-6)
        .map(|(r, _)| r)
        .collect();
    (rows, best)
}

/// How well the best of `headings` names the heading `h`: 1 when one is it or holds a heading
/// of several words whole ("Configure distinct attribute" for "Distinct attribute"), 0.9 when
/// one holds a one-word heading among more words ("Fix sync errors" for "Fix": another topic,
/// taken only when no heading is "Fix" itself), 0.75 when one holds it beside other topics
/// ([`comparison`]), else the best share of its words.
pub fn heading_match(h: &str, headings: &[&str]) -> f32 {
    let want = key_words(h);
    let lower = h.trim().to_lowercase();
    headings
        .iter()
        .map(|x| {
            let hx = x.trim().to_lowercase();
            if hx == lower {
                return 1.0;
            }
            if !lower.is_empty() && docent_tutor::text::contains_words(&hx, &lower) {
                return if comparison(&hx, &lower) {
                    0.75
                } else if lower.split_whitespace().nth(1).is_some() {
                    1.0
                } else {
                    0.9
                };
            }
            let have: HashSet<String> = key_words(x).into_iter().collect();
            word_share(&want, &have)
        })
        .fold(0.0, f32::max)
}

/// Whether a statement sits under the heading a `heading:` scope asked for: its document's
/// title or a heading above it names the heading as well as the scope's best chunks do
/// (`best`, [`heading_rows`]). A chunk that starts under "Forgot password" and runs on into
/// "Account locked" is in the scope of "Account locked"; its forgotten-password sentences are
/// not.
pub fn under_heading(h: &str, best: f32, title: &str, heading_path: &[String]) -> bool {
    let mut heads: Vec<&str> = vec![title];
    heads.extend(heading_path.iter().map(String::as_str));
    heading_match(h, &heads) >= best - 1e-6
}

/// The level (the number of `#`) of the Markdown heading line of `text` that reads `h`
/// (letters and digits compared, case aside; lines read as `section_path` reads them); none in
/// flat text or when no line reads it.
pub fn heading_level(text: &str, h: &str) -> Option<usize> {
    let norm = docent_tutor::text::squash;
    let want = norm(h);
    if want.is_empty() {
        return None;
    }
    crate::section_path::heading_lines(text)
        .into_iter()
        .find(|l| norm(l.title) == want)
        .map(|l| l.level)
}

/// Whether a statement of a `heading:` scope sits under another heading of the same level or
/// above, though the chunk started under the asked one: a chunk that starts in "## Rhai
/// language basics" and runs on into "## Important considerations" carries both in its
/// statements' heading path, and only the first is the scope. `level` is the asked heading's
/// ([`heading_level`]), `inner` the statement's own heading and `text` its chunk's.
pub fn beside_heading(h: &str, level: usize, inner: &str, text: &str) -> bool {
    heading_match(h, &[inner]) < 1.0 && heading_level(text, inner).is_some_and(|l| l <= level)
}

/// Whether `heading` names `scope` beside other topics ("Dictionary vs. synonyms vs. stop
/// words", "Synonyms and stop words"): a section about the others as much as about it, taken
/// only when no heading is about the scope alone.
fn comparison(heading: &str, scope: &str) -> bool {
    let rest = format!(" {} ", heading.replace(scope, " "));
    [" vs ", " vs. ", " versus ", " and ", " or ", ", "]
        .iter()
        .any(|w| rest.contains(w))
}

/// For a `docs:` or `heading:` scope that names no document the quiz's readers see: the
/// narrowest audience, within the caller's reach ([`Options::reach`]), whose documents it
/// names; `None` when it names none there either, or the caller's reach is not given.
pub fn hidden_audience(index: &Index, scope: &Scope, opts: &Options) -> Option<Audience> {
    let reach = opts.reach?;
    Audience::ALL
        .into_iter()
        .filter(|a| *a > opts.audience && *a <= reach)
        .find(|a| {
            let wider = Options {
                audience: *a,
                ..opts.clone()
            };
            match scope {
                Scope::Docs(docs) => !doc_rows(index, docs, &wider).is_empty(),
                Scope::Heading(h) => !heading_rows(index, h, &wider).0.is_empty(),
                Scope::Query(_) => false,
            }
        })
}

/// Fails with [`Error::EmptyScope`] when `rows` is empty.
pub fn non_empty(scope: &Scope, rows: Vec<usize>) -> Result<Vec<usize>> {
    if rows.is_empty() {
        Err(Error::EmptyScope(scope.describe()))
    } else {
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(title: &str) -> Chunk {
        Chunk {
            id: title.into(),
            doc_id: title.into(),
            ordinal: 0,
            title: title.into(),
            heading_path: vec![],
            text: "Settings General Network.".into(),
            offset: 0,
            audience: docent_core::Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: title.into(),
            url: None,
            summary_end: 0,
        }
    }

    fn candidate(row: usize, sim: f32) -> Candidate {
        Candidate {
            row,
            chunk_similarity: sim,
            words: 0.5,
            heading_words: 0.5,
        }
    }

    #[test]
    fn a_heading_of_the_same_level_after_the_asked_one_is_beside_it() {
        let text = "For the full reference, see the book.\n\n## Important considerations\n\n- Editing is asynchronous.\n\n### Limits\n\nAt most 10 functions.";
        assert_eq!(heading_level(text, "Important considerations"), Some(2));
        assert_eq!(heading_level(text, "important  CONSIDERATIONS"), Some(2));
        assert_eq!(heading_level(text, "Limits"), Some(3));
        assert_eq!(heading_level(text, "Rhai language basics"), None);
        assert_eq!(
            heading_level("Settings Picture Expert Settings", "Settings"),
            None
        );
        // "## Rhai language basics" asked: its sibling is beside it, its child and an unknown
        // (flat-text) heading are not.
        assert!(beside_heading(
            "Rhai language basics",
            2,
            "Important considerations",
            text
        ));
        assert!(!beside_heading(
            "Rhai language basics",
            1,
            "Important considerations",
            text
        ));
        assert!(!beside_heading(
            "Important considerations",
            2,
            "Limits",
            text
        ));
        assert!(!beside_heading("Rhai language basics", 2, "Examples", text));
        // The asked heading itself is never beside itself.
        assert!(!beside_heading(
            "Important considerations",
            2,
            "Important considerations",
            text
        ));
    }

    #[test]
    fn a_section_titled_by_the_query_is_its_scope_over_sections_sharing_a_word() {
        let chunks = [
            section("Resetting the Smart Hub"),
            section("Restoring the TV to the factory settings"),
            section("Resetting Your Network"),
            section("Connecting to a wireless network"),
        ];
        let cands = [
            candidate(0, 0.8),
            candidate(1, 0.75),
            candidate(2, 0.6),
            candidate(3, 0.5),
        ];
        let sentence = [0.7, 0.7, 0.5, 0.4];
        // On evidence alone the Smart Hub reset leads.
        assert_eq!(keep_relevant(&cands, &sentence, 12)[0].0, 0);
        let rows: Vec<usize> =
            titled_scope(&chunks, "resetting your network", &cands, &sentence, 12)
                .expect("a heading names the query")
                .into_iter()
                .map(|x| x.0)
                .collect();
        assert_eq!(rows, vec![2]);
        // Every part must name a heading: "off timer" names none here, so evidence decides.
        let timers = [section("Using the Sleep Timer"), section("Smart Hub")];
        let c2 = [candidate(0, 0.7), candidate(1, 0.6)];
        assert!(titled_scope(&timers, "sleep timer and off timer", &c2, &[0.6, 0.5], 12).is_none());
        let timers = [
            section("Using the Sleep Timer"),
            section("Smart Hub"),
            section("Turning off the TV using the Off Timer"),
        ];
        let c3 = [candidate(0, 0.7), candidate(1, 0.6), candidate(2, 0.5)];
        let rows: Vec<usize> = titled_scope(
            &timers,
            "sleep timer and off timer",
            &c3,
            &[0.6, 0.5, 0.5],
            12,
        )
        .expect("both parts name a heading")
        .into_iter()
        .map(|x| x.0)
        .collect();
        assert_eq!(rows, vec![0, 2]);
        // A word that only begins a heading's word does not name it.
        let multi = [section("Image search with multimodal embeddings")];
        assert!(titled_scope(&multi, "multi-search", &[candidate(0, 0.7)], &[0.6], 12).is_none());
    }

    #[test]
    fn a_heading_scope_holds_the_statements_under_its_heading() {
        let path = |h: &str| vec!["Cannot sign in".to_string(), h.to_string()];
        assert!(under_heading(
            "Account locked",
            1.0,
            "Cannot sign in",
            &path("Account locked")
        ));
        assert!(!under_heading(
            "Account locked",
            1.0,
            "Cannot sign in",
            &path("Forgot password")
        ));
        // The document's title naming the heading covers every section of it.
        assert!(under_heading(
            "Two-factor authentication",
            1.0,
            "Two-factor authentication",
            &path("Lost phone")
        ));
        // A scope matched only in part is held to the same part.
        assert!(under_heading(
            "Lost phone number",
            2.0 / 3.0,
            "2FA",
            &path("Lost phone")
        ));
    }

    #[test]
    fn a_document_is_named_by_its_id_or_the_end_of_it() {
        let ids: HashSet<&str> = [
            "docs/admin/audit-log",
            "admin/audit-log",
            "docs/billing/plans",
            "docs/old-plans",
        ]
        .into_iter()
        .collect();
        let named = |w: &[&str]| {
            let w: Vec<String> = w.iter().map(|x| x.to_string()).collect();
            let mut v: Vec<&str> = named_docs(&ids, &w).into_iter().collect();
            v.sort_unstable();
            v
        };
        // The exact id wins; the end of an id names it when nothing is named exactly.
        assert_eq!(named(&["admin/audit-log"]), vec!["admin/audit-log"]);
        assert_eq!(named(&["billing/plans"]), vec!["docs/billing/plans"]);
        // Whole path elements only: "plans" is not the end of "old-plans".
        assert_eq!(named(&["plans"]), vec!["docs/billing/plans"]);
        assert!(named(&["audit"]).is_empty());
    }

    #[test]
    fn a_slash_inside_a_word_joins_it() {
        assert_eq!(query_parts("HTTP/2 and SSL").len(), 2);
        assert_eq!(query_parts("data / sync / postgres").len(), 3);
        assert_eq!(query_parts("data/ sync").len(), 2);
        assert_eq!(query_parts("TCP/IP").len(), 1);
    }

    #[test]
    fn forms_of_one_word_share_a_stem() {
        assert!(same_stem("dark", "darker"));
        assert!(same_stem("darkness", "dark"));
        assert!(same_stem("export", "exporting"));
        assert!(same_stem("roles", "role"));
        assert!(!same_stem("rate", "report"));
        assert!(!same_stem("key", "keys"));
        assert!(!same_stem("invite", "limits"));
    }

    #[test]
    fn one_outlier_does_not_push_the_topic_out() {
        let c = |row: usize, sim: f32| Candidate {
            row,
            chunk_similarity: sim,
            words: 1.0,
            heading_words: 1.0,
        };
        // A glossary line nearly equal to the query, then the guides on the topic.
        let cands = [c(0, 0.6), c(1, 0.6), c(2, 0.6), c(3, 0.58), c(4, 0.1)];
        let sentence = [0.99, 0.6, 0.6, 0.58, 0.1];
        let kept: Vec<usize> = keep_relevant(&cands, &sentence, 12)
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(kept, vec![0, 1, 2, 3]);
    }

    #[test]
    fn chunks_far_below_the_best_candidate_leave_the_scope() {
        let mut kept = vec![(1, 0.9), (2, 0.65), (3, 0.55)];
        drop_far_from_best(&mut kept, 0.9);
        assert_eq!(kept, vec![(1, 0.9), (2, 0.65)]);
        // A titled scope whose sections are all far below a stray best candidate keeps its
        // best section.
        let mut titled = vec![(4, 0.4), (5, 0.3)];
        drop_far_from_best(&mut titled, 0.9);
        assert_eq!(titled, vec![(4, 0.4)]);
    }

    #[test]
    fn items_under_titles_for_something_else_are_off_heading() {
        // Titled for the query; titled for something else; unknown; at the floor.
        let sims = [Some(0.7), Some(0.2), None, Some(HEADING_FLOOR)];
        assert_eq!(off_heading(&sims), vec![false, true, false, false]);
        // When no title is about the query, the closest are not off their heading.
        let below = [Some(0.02), Some(0.05), Some(0.06), Some(0.06)];
        assert_eq!(off_heading(&below), vec![true, true, false, false]);
    }

    #[test]
    fn a_part_pointing_back_is_no_topic() {
        let df = |w: &str| match w {
            "telemetry" => 3,
            "meilisearch" => 20,
            "collect" => 4,
            "disabl" => 9,
            _ => 1,
        };
        assert_eq!(
            topic_words(
                "what telemetry Meilisearch collects and how to disable it",
                df
            ),
            vec!["collect", "telemetry"]
        );
        // Alone, such a part is the topic.
        assert_eq!(topic_words("how to disable it", df), vec!["disabl"]);
    }

    #[test]
    fn a_heading_scope_prefers_the_heading_itself_over_longer_ones_holding_it() {
        assert_eq!(
            heading_match("Fix", &["Dashboards load slowly", "Fix"]),
            1.0
        );
        let longer = heading_match("Fix", &["Fix sync errors"]);
        assert!(longer > 0.5 && longer < 1.0, "{longer}");
        // Inside a word is not holding it.
        assert!(heading_match("Fix", &["Prefix search"]) < 0.5);
    }

    #[test]
    fn topic_words_are_each_parts_specific_words() {
        let df = |w: &str| match w {
            "report" => 50,
            "export" => 5,
            "program" => 30,
            "record" => 10,
            _ => 1,
        };
        assert_eq!(topic_words("exporting reports", df), vec!["export"]);
        let w = topic_words("recording programs and Timeshift", df);
        assert_eq!(w, vec!["record", "timeshift"]);
        assert_eq!(topic_words("geosearch", df), vec!["geosearch"]);
        // A specific activity names its part's topic, however common its object is.
        let flat = |_: &str| 10;
        assert_eq!(topic_words("exporting reports", flat), vec!["export"]);
        assert_eq!(topic_words("updating the TV software", flat), vec!["updat"]);
        assert_eq!(topic_words("string filters", flat).len(), 2);
        // Two words of like frequency both name the topic; a notably more common one does not.
        let like = |w: &str| if w == "typo" { 14 } else { 10 };
        assert_eq!(
            topic_words("typo tolerance", like),
            vec!["toleranc", "typo"]
        );
        // A general activity and a general object leave the specific word: a section on wired
        // connections is not about "connecting to a wireless network".
        let tv = |w: &str| match w {
            "connect" => 104,
            "network" => 31,
            "wireless" => 13,
            "keyboard" => 11,
            "mous" => 6,
            "using" => 151,
            "tv" => 184,
            _ => 0,
        };
        assert_eq!(
            topic_words("connecting to a wireless network", tv),
            vec!["wireless"]
        );
        let lumio = |w: &str| match w {
            "schedul" => 8,
            "report" => 14,
            _ => 0,
        };
        assert_eq!(topic_words("scheduled reports", lumio), vec!["schedul"]);
        assert_eq!(
            topic_words("using a keyboard or mouse with the TV", tv),
            vec!["keyboard", "mous"]
        );
        // A word the docs never use does not measure the others.
        let bixby = |w: &str| match w {
            "bixby" => 17,
            "voic" => 23,
            _ => 0,
        };
        assert_eq!(
            topic_words("Bixby voice assistant", bixby),
            vec!["assistant", "bixby", "voic"]
        );
    }

    #[test]
    fn comparisons_and_changelogs_are_side_pages_unless_about_the_topic() {
        let prefix = vec!["prefix".to_string()];
        let typo = vec!["typo".to_string(), "toleranc".to_string()];
        let t = "Typo tolerance vs fuzzy search: how Meilisearch handles misspellings";
        assert!(side_page(t, &prefix));
        assert!(!side_page(t, &typo));
        assert!(side_page("Meilisearch vs Elasticsearch", &prefix));
        assert!(side_page("Changelog", &prefix));
        let hybrid = vec!["hybrid".to_string()];
        assert!(side_page(
            "Migrating from Supabase full-text search",
            &hybrid
        ));
        assert!(side_page("Error codes", &prefix));
        assert!(!side_page("Changelog", &["changelog".to_string()]));
        assert!(!side_page("Prefix search", &prefix));
        assert!(!side_page("Configure prefix search", &prefix));
    }

    #[test]
    fn a_heading_naming_the_scope_beside_other_topics_is_a_comparison() {
        assert!(comparison(
            "dictionary vs. synonyms vs. stop words",
            "synonyms"
        ));
        assert!(comparison("synonyms and stop words", "synonyms"));
        assert!(!comparison("synonyms", "synonyms"));
        assert!(!comparison(
            "maximum number of synonyms per term",
            "synonyms"
        ));
    }
}
