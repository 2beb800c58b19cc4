//! Draft quizzes from the docs, for course authors: every item carries its answer key,
//! explanation and source, and is checked against that source before anyone sees it.
//!
//! - [`Scope`]: a query, a list of document ids or a heading; resolved to chunks by the index.
//! - [`rules`]: the rule-based generator (the default; no language model).
//! - [`validate`]: the checks every item passes, whatever made it.
//! - [`export`]: JSON, Markdown, GIFT, Aiken, QTI 2.1, CSV.
//!
//! ```no_run
//! # fn demo(index: &docent_index::Index) -> docent_quiz::Result<()> {
//! use docent_quiz::{generate, Options, Scope};
//! let quiz = generate(index, &Scope::parse("exporting reports"), &Options::default())?;
//! println!("{}", docent_quiz::export::markdown(&quiz));
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

pub mod export;
pub mod generative;
pub mod rules;
pub mod text;
pub mod types;
pub mod validate;

use std::collections::HashMap;

use docent_core::{Audience, DocKind, SearchMode};
use docent_index::{Filter, Index, SearchOptions};

pub use crate::types::{Item, ItemKind, Level, Quiz, Rejections, Source, Status};

/// What can go wrong while building a quiz.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Retrieval failed.
    #[error(transparent)]
    Index(#[from] docent_index::Error),
    /// The scope names nothing in the index.
    #[error("scope {0}: no matching documentation in the index")]
    EmptyScope(String),
    /// The language-model endpoint failed or is not configured.
    #[error(transparent)]
    Llm(#[from] docent_tutor::Error),
}

/// Result with the quiz error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a quiz is built from.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// The chunks a search returns.
    Query(String),
    /// Every chunk of these documents.
    Docs(Vec<String>),
    /// Chunks under headings containing this text.
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
}

/// Generation settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Items wanted.
    pub count: usize,
    /// Kinds wanted, in order of preference (all when empty).
    pub kinds: Vec<ItemKind>,
    /// Readers of the quiz: documents above this audience are left out.
    pub audience: Audience,
    /// Chunks a query scope takes.
    pub query_chunks: usize,
    /// Title (default: from the scope).
    pub title: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            count: 10,
            kinds: Vec::new(),
            audience: Audience::Customer,
            query_chunks: 8,
            title: None,
        }
    }
}

fn docs_filter(audience: Audience) -> Filter {
    Filter {
        audience,
        kinds: vec![DocKind::Doc],
        product: None,
    }
}

/// Resolves a scope to chunk rows of the index, in document order.
pub fn resolve(index: &Index, scope: &Scope, opts: &Options) -> Result<Vec<usize>> {
    let visible = |r: usize| {
        let c = &index.chunks()[r];
        c.kind == DocKind::Doc && c.audience <= opts.audience
    };
    let mut rows: Vec<usize> = match scope {
        Scope::Query(q) => {
            let search = SearchOptions {
                k: opts.query_chunks,
                mode: SearchMode::Hybrid,
                filter: docs_filter(opts.audience),
                ..SearchOptions::from_config(&Default::default())
            };
            let ids: Vec<String> = index
                .search(q, &search)?
                .into_iter()
                .map(|h| h.chunk.id)
                .collect();
            (0..index.chunks().len())
                .filter(|r| ids.contains(&index.chunks()[*r].id))
                .collect()
        }
        Scope::Docs(docs) => (0..index.chunks().len())
            .filter(|r| docs.contains(&index.chunks()[*r].doc_id))
            .collect(),
        Scope::Heading(h) => {
            let h = h.to_lowercase();
            (0..index.chunks().len())
                .filter(|r| {
                    let c = &index.chunks()[*r];
                    c.heading_path.iter().any(|x| x.to_lowercase().contains(&h))
                        || c.text
                            .lines()
                            .any(|l| l.starts_with('#') && l.to_lowercase().contains(&h))
                })
                .collect()
        }
    };
    rows.retain(|r| visible(*r));
    if rows.is_empty() {
        return Err(Error::EmptyScope(scope.describe()));
    }
    Ok(rows)
}

/// Builds a validated draft quiz from `scope` with a language model (`[llm]` endpoint and the
/// quiz prompt template), through the same validation and selection as [`generate`].
pub fn generate_with_llm(
    index: &Index,
    scope: &Scope,
    opts: &Options,
    client: &docent_tutor::generative::LlmClient,
    prompt: &str,
) -> Result<Quiz> {
    let rows = resolve(index, scope, opts)?;
    let sources: Vec<&docent_core::Chunk> =
        rows.iter().take(8).map(|r| &index.chunks()[*r]).collect();
    let mut report = Rejections::default();
    let items = generative::draft(
        client,
        prompt,
        &sources,
        opts.count,
        &opts.kinds,
        &mut report,
    )?;
    Ok(assemble(scope, opts, items, report, "llm"))
}

/// Selects up to `opts.count` of `items` (quiz-level checks) and numbers them.
fn assemble(
    scope: &Scope,
    opts: &Options,
    items: Vec<Item>,
    mut report: Rejections,
    generator: &str,
) -> Quiz {
    let mut kept: Vec<Item> = Vec::new();
    for it in items {
        if kept.len() >= opts.count {
            break;
        }
        match validate::against(&it, &kept) {
            Ok(()) => kept.push(it),
            Err(reason) => report.reject(reason),
        }
    }
    for (n, it) in kept.iter_mut().enumerate() {
        it.id = format!("q{}", n + 1);
    }
    let described = scope.describe();
    Quiz {
        id: format!(
            "quiz-{}",
            rules::chunk_hash(&format!("{described}|{}|{generator}", opts.count))
        ),
        title: opts
            .title
            .clone()
            .unwrap_or_else(|| format!("Quiz: {described}")),
        scope: described,
        generator: generator.into(),
        items: kept,
        validation: report,
    }
}

/// Builds a validated draft quiz from `scope`.
pub fn generate(index: &Index, scope: &Scope, opts: &Options) -> Result<Quiz> {
    let rows = resolve(index, scope, opts)?;
    let chunks = index.chunks();
    let filter = docs_filter(opts.audience);
    let kinds: Vec<ItemKind> = if opts.kinds.is_empty() {
        vec![
            ItemKind::MultipleChoice,
            ItemKind::Ordering,
            ItemKind::Cloze,
            ItemKind::TrueFalse,
            ItemKind::MultipleSelect,
            ItemKind::ShortAnswer,
        ]
    } else {
        opts.kinds.clone()
    };
    let mut report = Rejections::default();
    let mut pools: HashMap<ItemKind, Vec<Item>> = HashMap::new();
    for &row in &rows {
        let neighbours: Vec<&docent_core::Chunk> = match index.store().get(row as u64) {
            Some(v) => index
                .store()
                .search(&v, 12, &filter)?
                .into_iter()
                .filter(|(r, _)| *r as usize != row)
                .filter_map(|(r, _)| chunks.get(r as usize))
                .collect(),
            None => Vec::new(),
        };
        let m = rules::Material {
            chunk: &chunks[row],
            neighbours,
        };
        for it in rules::candidates(&m) {
            if !kinds.contains(&it.kind) {
                continue;
            }
            report.candidates += 1;
            match validate::item(&it, &chunks[row].text) {
                Ok(()) => {
                    report.passed += 1;
                    pools.entry(it.kind).or_default().push(it);
                }
                Err(reason) => report.reject(reason),
            }
        }
    }
    // Round-robin over the kinds, preferring chunks used least, so the quiz covers the scope.
    let mut kept: Vec<Item> = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut progress = true;
    while kept.len() < opts.count && progress {
        progress = false;
        for kind in &kinds {
            if kept.len() >= opts.count {
                break;
            }
            let Some(pool) = pools.get_mut(kind) else {
                continue;
            };
            while !pool.is_empty() {
                let pick = (0..pool.len())
                    .min_by_key(|i| {
                        (
                            used.get(&pool[*i].source.chunk_id).copied().unwrap_or(0),
                            *i,
                        )
                    })
                    .unwrap_or(0);
                let cand = pool.remove(pick);
                match validate::against(&cand, &kept) {
                    Ok(()) => {
                        *used.entry(cand.source.chunk_id.clone()).or_default() += 1;
                        kept.push(cand);
                        progress = true;
                        break;
                    }
                    Err(reason) => report.reject(reason),
                }
            }
        }
    }
    for (n, it) in kept.iter_mut().enumerate() {
        it.id = format!("q{}", n + 1);
    }
    let described = scope.describe();
    Ok(Quiz {
        id: format!(
            "quiz-{}",
            rules::chunk_hash(&format!("{described}|{}|{kinds:?}", opts.count))
        ),
        title: opts
            .title
            .clone()
            .unwrap_or_else(|| format!("Quiz: {described}")),
        scope: described,
        generator: "rules".into(),
        items: kept,
        validation: report,
    })
}

/// Marks items whose source chunk changed or left the index since they were made.
pub fn mark_stale(quiz: &mut Quiz, index: &Index) -> usize {
    let by_id: HashMap<&str, &docent_core::Chunk> =
        index.chunks().iter().map(|c| (c.id.as_str(), c)).collect();
    let mut n = 0;
    for it in &mut quiz.items {
        it.stale = by_id
            .get(it.source.chunk_id.as_str())
            .is_none_or(|c| rules::chunk_hash(&c.text) != it.source.chunk_hash);
        n += it.stale as usize;
    }
    n
}
