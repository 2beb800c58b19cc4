//! Evidence-level re-ranking: the retrieved candidates (top 20 of hybrid search) are ordered
//! again for the question with finer evidence than one vector a chunk.
//!
//! Features of a candidate, all cheap because the sentence vectors were computed at ingestion
//! ([`docent_index::Index::sentences`]) and the question is embedded once:
//!
//! | feature | what |
//! |---|---|
//! | `fused` | the hybrid (RRF) score, relative to the best candidate's |
//! | `chunk_similarity` | cosine of question and chunk |
//! | `best_sentence` | cosine of question and the chunk's most similar sentence |
//! | `two_sentences` | mean cosine of the two most similar sentences |
//! | `window_coverage` | IDF-weighted share of the question's terms inside the best window of three consecutive sentences |
//! | `chunk_coverage` | the same over the whole chunk, its title and headings |
//! | `heading_coverage` | the same over the title and headings only |
//! | `bm25`, `dense` | reciprocal rank in each retriever's list (0 when absent) |
//! | `heading_similarity` | cosine of question and the chunk's title and heading path, embedded at ingestion ([`docent_index::Index::heading_vector`]) |
//!
//! The score is a linear function of them; the weights ([`FITTED`]) are fitted with
//! `docent eval rerank` (a listwise softmax model, cross-validated by gold section on the
//! e-manual dev split; evals/MEASURED.md).

use std::collections::HashSet;

use serde::Serialize;

use crate::text::terms;
use crate::weights::TermWeights;

/// Number of features.
pub const FEATURES: usize = 11;

/// Where `heading_similarity` sits in [`Features`]: [`features`] leaves it 0, the caller fills
/// it from the index's heading vector.
pub const HEADING_SIMILARITY: usize = 9;

/// Where `soft_coverage` sits in [`Features`] (coverage by meaning, [`crate::soft`]).
pub const SOFT_COVERAGE: usize = 10;

/// Feature names, in order.
pub const NAMES: [&str; FEATURES] = [
    "fused",
    "chunk_similarity",
    "best_sentence",
    "two_sentences",
    "window_coverage",
    "chunk_coverage",
    "heading_coverage",
    "bm25",
    "dense",
    "heading_similarity",
    "soft_coverage",
];

/// A candidate's features, in the order of [`NAMES`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Features(pub [f32; FEATURES]);

impl Features {
    /// A feature by name (0 for an unknown name).
    pub fn get(&self, name: &str) -> f32 {
        NAMES
            .iter()
            .position(|n| *n == name)
            .map_or(0.0, |i| self.0[i])
    }
}

/// A linear model over [`Features`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Model {
    /// One weight per feature.
    pub weights: [f32; FEATURES],
}

impl Model {
    /// The model's score of `f`.
    pub fn score(&self, f: &Features) -> f32 {
        self.weights.iter().zip(f.0).map(|(w, x)| w * x).sum()
    }
}

/// The re-ranking weights fitted on the dev data (the e-manual dev split and the sample set,
/// each set weighing the same) after the 5-fold cross-validation by gold section reported in
/// the README: `docent eval rerank --set ../shared/evals/emanual-qa --set evals/sample`.
pub const FITTED: Model = Model {
    weights: [
        0.6296, 0.9238, 1.6042, 1.2833, 1.4042, 1.594, 0.2076, 2.0599, 0.9388, 2.0162, 2.1339,
    ],
};

/// What the features are computed from.
pub struct Candidate<'a> {
    /// Title, heading path and text of the chunk.
    pub chunk: &'a docent_core::Chunk,
    /// Fused retrieval score.
    pub fused: f32,
    /// Rank in the BM25 list (from 1).
    pub bm25_rank: Option<usize>,
    /// Rank in the dense list (from 1).
    pub dense_rank: Option<usize>,
    /// Cosine of question and chunk.
    pub similarity: f32,
    /// The chunk's sentences: byte range and cosine with the question, in order.
    pub sentences: &'a [(usize, usize, f32)],
}

/// IDF-weighted share of `query` terms present in `found`.
pub fn weighted_share(query: &[String], found: &HashSet<String>, w: &TermWeights) -> f32 {
    let total: f32 = query.iter().map(|t| w.idf(t)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    query
        .iter()
        .filter(|t| found.contains(*t))
        .map(|t| w.idf(t))
        .sum::<f32>()
        / total
}

/// The best IDF-weighted coverage of `query` by a window of `size` consecutive sentences
/// of `text`, and where that window starts.
pub fn window_coverage(
    query: &[String],
    text: &str,
    sentences: &[(usize, usize, f32)],
    size: usize,
    w: &TermWeights,
) -> (f32, usize) {
    let sets: Vec<HashSet<String>> = sentences
        .iter()
        .map(|(s, e, _)| terms(&text[*s..*e]).into_iter().collect())
        .collect();
    let mut best = (0.0f32, 0usize);
    for i in 0..sets.len() {
        let mut found: HashSet<String> = HashSet::new();
        for set in &sets[i..(i + size).min(sets.len())] {
            found.extend(set.iter().cloned());
        }
        let share = weighted_share(query, &found, w);
        if share > best.0 {
            best = (share, i);
        }
    }
    best
}

/// The content terms of a chunk (text, title, heading path) and, of them, those of its headings
/// (title, heading path and the heading lines of its text).
pub fn term_sets(chunk: &docent_core::Chunk) -> (HashSet<String>, HashSet<String>) {
    let mut heading: HashSet<String> = terms(&chunk.title).into_iter().collect();
    for h in &chunk.heading_path {
        heading.extend(terms(h));
    }
    for line in chunk.text.lines() {
        if let Some(h) = docent_index::sentences::heading(line) {
            heading.extend(terms(h));
        }
    }
    let mut all: HashSet<String> = terms(&chunk.text).into_iter().collect();
    all.extend(heading.iter().cloned());
    (all, heading)
}

/// The three coverage features (window, chunk, heading) of a chunk for question terms `query`.
pub fn coverage_features(
    query: &[String],
    chunk: &docent_core::Chunk,
    sentences: &[(usize, usize, f32)],
    w: &TermWeights,
) -> [f32; 3] {
    coverage_of(query, chunk, sentences, &term_sets(chunk), w)
}

/// [`coverage_features`] with the chunk's [`term_sets`] at hand.
fn coverage_of(
    query: &[String],
    chunk: &docent_core::Chunk,
    sentences: &[(usize, usize, f32)],
    (all, heading): &(HashSet<String>, HashSet<String>),
    w: &TermWeights,
) -> [f32; 3] {
    let (window, _) = window_coverage(query, &chunk.text, sentences, 3, w);
    [
        window,
        weighted_share(query, all, w),
        weighted_share(query, heading, w),
    ]
}

/// `f` with its coverage features recomputed for other question terms (a follow-up's own
/// terms: the evidence must cover what the asker says now, not the previous question). Its
/// coverage by meaning ([`SOFT_COVERAGE`]) stays the whole question's: only the confidence
/// reads features recomputed here, and it gives that feature no weight.
pub fn with_terms(
    f: &Features,
    query: &[String],
    chunk: &docent_core::Chunk,
    sentences: &[(usize, usize, f32)],
    w: &TermWeights,
) -> Features {
    let mut out = *f;
    out.0[4..7].copy_from_slice(&coverage_features(query, chunk, sentences, w));
    out
}

/// `best_sentence` and `two_sentences` of a chunk whose sentences have these similarities
/// (`chunk_similarity` for a chunk without sentence vectors).
fn sentence_similarities(sentences: &[(usize, usize, f32)], chunk_similarity: f32) -> [f32; 2] {
    let mut sims: Vec<f32> = sentences.iter().map(|s| s.2).collect();
    sims.sort_by(|a, b| b.total_cmp(a));
    let best = sims.first().copied().unwrap_or(chunk_similarity);
    let two = match sims.len() {
        0 => chunk_similarity,
        1 => sims[0],
        _ => (sims[0] + sims[1]) / 2.0,
    };
    [best, two]
}

/// `f` with everything that depends on the question's wording recomputed for another question
/// of the same message (what a message asks, [`crate::asking`]): the similarities of the
/// chunk (`chunk_similarity`), of its `sentences` and of its headings (`heading_similarity`)
/// to that question's vector, and the coverage of its `query` terms. The retrieval scores and
/// ranks stay the whole message's.
pub fn for_question(
    f: &Features,
    query: &[String],
    chunk: &docent_core::Chunk,
    similarities: Rescored<'_>,
    w: &TermWeights,
) -> Features {
    let mut out = with_terms(f, query, chunk, similarities.sentences, w);
    out.0[1] = similarities.chunk;
    out.0[2..4].copy_from_slice(&sentence_similarities(
        similarities.sentences,
        similarities.chunk,
    ));
    out.0[HEADING_SIMILARITY] = similarities.heading;
    out
}

/// A chunk's similarities to another question's vector (see [`for_question`]).
pub struct Rescored<'a> {
    /// Cosine of the question and the chunk.
    pub chunk: f32,
    /// The chunk's sentences: byte range and cosine with the question, in order.
    pub sentences: &'a [(usize, usize, f32)],
    /// Cosine of the question and the chunk's title and heading path.
    pub heading: f32,
}

/// The features of `c` for a question with (deduplicated) content terms `query`; `top_fused`
/// is the best fused score among the candidates. With the question's term vectors (`meaning`),
/// [`SOFT_COVERAGE`] is the chunk's coverage by meaning ([`crate::soft::share`]); without, it
/// is the exact chunk coverage.
pub fn features(
    query: &[String],
    c: &Candidate<'_>,
    top_fused: f32,
    w: &TermWeights,
    meaning: Option<&dyn crate::soft::TermVectors>,
) -> Features {
    let [best, two] = sentence_similarities(c.sentences, c.similarity);
    let sets = term_sets(c.chunk);
    let [window, chunk, heading] = coverage_of(query, c.chunk, c.sentences, &sets, w);
    let soft = meaning.map_or(chunk, |m| crate::soft::share(query, &sets.0, m, w));
    let rr = |r: Option<usize>| r.map_or(0.0, |r| 1.0 / r as f32);
    Features([
        if top_fused > 0.0 {
            c.fused / top_fused
        } else {
            0.0
        },
        c.similarity,
        best,
        two,
        window,
        chunk,
        heading,
        rr(c.bm25_rank),
        rr(c.dense_rank),
        // Filled by the caller (HEADING_SIMILARITY).
        0.0,
        soft,
    ])
}

#[cfg(test)]
mod tests {
    //! Proves: the window covers terms spread over neighbouring sentences but not over distant
    //! ones; features stay in their ranges; heading terms count in heading coverage only when
    //! they are in a heading.
    use super::*;
    use docent_core::{Audience, Chunk, DocKind};

    fn chunk(text: &str) -> Chunk {
        Chunk {
            id: "d#0".into(),
            doc_id: "d".into(),
            ordinal: 0,
            title: "Share a dashboard".into(),
            heading_path: vec!["Share a dashboard".into()],
            text: text.into(),
            offset: 0,
            audience: Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: "d.md".into(),
            url: None,
            summary_end: 0,
        }
    }

    #[test]
    fn window_and_features() {
        let text = "## Public links\n\nA public link needs no account. Admins can turn links off. Passwords are optional. Expiry dates too. Viewers sign in elsewhere.";
        let c = chunk(text);
        let spans: Vec<(usize, usize, f32)> = docent_index::sentences::spans(text)
            .into_iter()
            .enumerate()
            .map(|(i, (s, e))| (s, e, 0.1 * i as f32))
            .collect();
        let w = TermWeights::build(std::slice::from_ref(&c));
        let near = terms("public link account admins");
        let far = terms("public link viewers");
        let (a, start) = window_coverage(&near, text, &spans, 3, &w);
        let (b, _) = window_coverage(&far, text, &spans, 3, &w);
        assert!((a - 1.0).abs() < 1e-6 && start == 0, "{a} {start}");
        assert!(b < 1.0, "{b}");
        let cand = Candidate {
            chunk: &c,
            fused: 0.5,
            bm25_rank: Some(2),
            dense_rank: None,
            similarity: 0.4,
            sentences: &spans,
        };
        let f = features(&terms("share a public dashboard"), &cand, 1.0, &w, None);
        assert!((f.get("fused") - 0.5).abs() < 1e-6);
        assert!((f.get("best_sentence") - 0.4).abs() < 1e-6);
        assert!((f.get("bm25") - 0.5).abs() < 1e-6 && f.get("dense") == 0.0);
        assert!((f.get("heading_coverage") - 1.0).abs() < 1e-6);
        assert!(f.0.iter().all(|x| (0.0..=1.0).contains(x)), "{f:?}");
    }

    #[test]
    fn another_question_of_the_message_gets_its_own_similarities_and_coverage() {
        let text = "## Public links\n\nA public link needs no account. Admins can turn links off.";
        let c = chunk(text);
        let spans: Vec<(usize, usize, f32)> = docent_index::sentences::spans(text)
            .into_iter()
            .map(|(s, e)| (s, e, 0.2))
            .collect();
        let w = TermWeights::build(std::slice::from_ref(&c));
        let cand = Candidate {
            chunk: &c,
            fused: 0.5,
            bm25_rank: Some(2),
            dense_rank: Some(4),
            similarity: 0.3,
            sentences: &spans,
        };
        let whole = terms("our React shop wants public links without account");
        let mut f = features(&whole, &cand, 1.0, &w, None);
        f.0[HEADING_SIMILARITY] = 0.1;
        let asked: Vec<(usize, usize, f32)> = spans.iter().map(|&(s, e, _)| (s, e, 0.7)).collect();
        let similarities = Rescored {
            chunk: 0.6,
            sentences: &asked,
            heading: 0.5,
        };
        let g = for_question(&f, &terms("public link account"), &c, similarities, &w);
        // What depends on the wording is the asked part's ...
        assert!((g.get("chunk_similarity") - 0.6).abs() < 1e-6, "{g:?}");
        assert!((g.get("best_sentence") - 0.7).abs() < 1e-6, "{g:?}");
        assert!((g.get("two_sentences") - 0.7).abs() < 1e-6, "{g:?}");
        assert!((g.get("heading_similarity") - 0.5).abs() < 1e-6, "{g:?}");
        assert!(
            g.get("chunk_coverage") > f.get("chunk_coverage"),
            "{f:?} {g:?}"
        );
        // ... what retrieval found stays the whole message's.
        for name in ["fused", "bm25", "dense"] {
            assert_eq!(g.get(name), f.get(name), "{name}");
        }
    }
}
