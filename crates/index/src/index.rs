//! Opening and searching an index.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use docent_core::{Chunk, SearchMode, Ticket};
use docent_embed::Embedder;

use crate::backend::Backend;
use crate::generation::{self, CHUNKS, HEADINGS, LEXICAL, MANIFEST, SENTENCES, TERMS, TICKETS};
use crate::lexical::Lexical;
use crate::sentences::{Sentence, SentenceFile};
pub use crate::store::Filter;
use crate::store::{Candidates, EmbeddedStore, VectorSearch};
use crate::vocabulary::Vocabulary;
use crate::{rrf, Error, Manifest, Result};

/// How one search runs.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Results wanted.
    pub k: usize,
    /// bm25, dense or hybrid.
    pub mode: SearchMode,
    /// What may be returned.
    pub filter: Filter,
    /// Candidates each retriever contributes to fusion.
    pub candidates: usize,
    /// RRF constant.
    pub rrf_k: f32,
    /// Weight of the dense list in fusion; the lexical list gets `1 - dense_weight`.
    pub dense_weight: f32,
}

impl SearchOptions {
    /// Options from the `[search]` configuration.
    pub fn from_config(cfg: &docent_core::SearchConfig) -> Self {
        SearchOptions {
            k: cfg.k,
            mode: cfg.mode,
            filter: Filter::default(),
            candidates: cfg.candidates,
            rrf_k: cfg.rrf_k,
            dense_weight: cfg.dense_weight,
        }
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions::from_config(&docent_core::SearchConfig::default())
    }
}

/// A search result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// The chunk's row in the index (for [`Index::sentences`]).
    pub row: u64,
    /// The chunk found.
    pub chunk: Chunk,
    /// The mode's score: BM25, cosine, or fused RRF.
    pub score: f32,
    /// Rank in the BM25 list (from 1), when it was there.
    pub bm25_rank: Option<usize>,
    /// Rank in the dense list (from 1), when it was there.
    pub dense_rank: Option<usize>,
    /// Cosine similarity of the query and the chunk, when a query vector was given.
    pub similarity: Option<f32>,
}

/// An opened index generation: chunks, tickets, the BM25 index and the vector store.
pub struct Index {
    dir: PathBuf,
    generation: u64,
    manifest: Manifest,
    chunks: Vec<Chunk>,
    tickets: Vec<Ticket>,
    lexical: Lexical,
    vectors: Box<dyn VectorSearch>,
    sentences: Option<SentenceFile>,
    headings: Option<SentenceFile>,
    terms: Vocabulary,
    rows: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    embedder: Option<Arc<dyn Embedder>>,
}

impl Index {
    /// Opens the live generation of the index at `root`. With an embedder, dense and hybrid
    /// search are available and the manifest must name the same model and dimension.
    pub fn open(root: &Path, embedder: Option<Arc<dyn Embedder>>) -> Result<Index> {
        Index::open_on(root, embedder, &Backend::Embedded)
    }

    /// Opens the live generation of the index at `root`, searching vectors in `backend`
    /// (with Qdrant, the vector file is not loaded: the collection serves dense and hybrid
    /// search, and BM25 mode stays on the local index).
    pub fn open_on(
        root: &Path,
        embedder: Option<Arc<dyn Embedder>>,
        backend: &Backend,
    ) -> Result<Index> {
        let (number, dir) = generation::current(root)?.ok_or_else(|| Error::NotFound {
            path: root.display().to_string(),
        })?;
        let manifest: Manifest = generation::read_json(&dir.join(MANIFEST))?;
        if let Some(e) = &embedder {
            let want = Manifest {
                model_id: e.model_id().to_string(),
                dimension: e.dimension(),
                ..manifest.clone()
            };
            manifest.check(&want, &root.display().to_string())?;
        }
        let chunks: Vec<Chunk> = generation::read_jsonl(&dir.join(CHUNKS))?;
        let tickets: Vec<Ticket> = generation::read_jsonl(&dir.join(TICKETS))?;
        let vectors = backend.open_search(&dir, &manifest, &chunks)?;
        let lexical = Lexical::open(&dir.join(LEXICAL))?;
        let sentences = Some(SentenceFile::open(&dir.join(SENTENCES), chunks.len())?);
        let headings = Some(SentenceFile::open(&dir.join(HEADINGS), chunks.len())?);
        let terms = Vocabulary::read(&dir.join(TERMS))?;
        Ok(Index {
            headings,
            terms,
            dir,
            generation: number,
            manifest,
            chunks,
            tickets,
            lexical,
            vectors,
            sentences,
            rows: std::sync::OnceLock::new(),
            embedder,
        })
    }

    /// The sentences of chunk `row` with their vectors, in order (see
    /// [`crate::sentences::spans`]): computed at ingestion, so comparing a question with them
    /// embeds nothing but the question. Tickets have none.
    pub fn sentences(&self, row: usize) -> Result<Vec<Sentence>> {
        match &self.sentences {
            Some(f) => Ok(f.block(row)?.sentences()),
            None => Ok(Vec::new()),
        }
    }

    /// The heading vector of chunk `row` (its title and heading path,
    /// [`crate::sentences::heading_text`]), computed at ingestion; `None` for tickets.
    pub fn heading_vector(&self, row: usize) -> Result<Option<Vec<f32>>> {
        match &self.headings {
            Some(f) => Ok(f
                .block(row)?
                .sentences()
                .into_iter()
                .next()
                .map(|s| s.vector)),
            None => Ok(None),
        }
    }

    /// The unit vector of a content term of the docs ([`docent_core::terms::terms`]),
    /// computed at ingestion; `None` for a term the docs do not use.
    pub fn term_vector(&self, term: &str) -> Option<&[f32]> {
        self.terms.get(term)
    }

    /// Every term vector of the docs.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.terms
    }

    /// The row of the chunk with id `chunk_id`.
    pub fn row(&self, chunk_id: &str) -> Option<usize> {
        self.rows
            .get_or_init(|| {
                self.chunks
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.id.clone(), i))
                    .collect()
            })
            .get(chunk_id)
            .copied()
    }

    /// The generation directory this handle reads.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What ingestion skipped in the files this generation was built from (a bad row, a file
    /// that gave no text), as the last ingest reported it: the gap report's data quality
    /// counts them when no ingest runs with it (`docent gaps` on a built index, `/v1/gaps`).
    pub fn ingest_problems(&self) -> Result<Vec<docent_ingest::Problem>> {
        let path = self.dir.join(generation::FILES);
        if !path.exists() {
            return Ok(Vec::new());
        }
        let files: generation::Files = generation::read_json(&path)?;
        Ok(files.into_values().flat_map(|f| f.problems).collect())
    }

    /// The directory of the generation before this one while it is still on disk (an ingest
    /// keeps it for readers that still hold it): caches that depend only on content, kept by
    /// other crates beside a generation, can start from its copy.
    pub fn previous_dir(&self) -> Option<PathBuf> {
        let before = self.generation.checked_sub(1)?;
        let dir = self.dir.parent()?.join(generation::dir_name(before));
        dir.is_dir().then_some(dir)
    }

    /// What the index was built with.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Every chunk, by row.
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// Every ingested ticket (redacted).
    pub fn tickets(&self) -> &[Ticket] {
        &self.tickets
    }

    /// The vector store, keyed by chunk row.
    pub fn store(&self) -> &dyn VectorSearch {
        self.vectors.as_ref()
    }

    /// The embedded store itself (for measurements against its exact scan); `None` when the
    /// vectors are in Qdrant.
    pub fn embedded_store(&self) -> Option<&EmbeddedStore> {
        self.vectors.as_any().downcast_ref()
    }

    /// Embeds `query` with the index's embedder.
    pub fn embed_query(&self, query: &str) -> Result<Vec<f32>> {
        let e = self.embedder.as_ref().ok_or_else(|| {
            Error::Embed(docent_embed::Error::Compute(
                "dense and hybrid search need the embedding model; open the index with one".into(),
            ))
        })?;
        Ok(e.embed(&[query])?.pop().unwrap_or_default())
    }

    /// Embeds several texts in one batch (sentence-level evidence computed at query time).
    pub fn embed_texts(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let e = self.embedder.as_ref().ok_or_else(|| {
            Error::Embed(docent_embed::Error::Compute(
                "embedding texts needs the embedding model; open the index with one".into(),
            ))
        })?;
        Ok(e.embed(texts)?)
    }

    /// Searches in the mode of `opts`. Dense and hybrid embed the query first.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>> {
        let vector = match opts.mode {
            SearchMode::Bm25 => None,
            SearchMode::Dense | SearchMode::Hybrid => Some(self.embed_query(query)?),
        };
        self.search_with_vector(query, vector.as_deref(), opts)
    }

    /// Searches with a query vector computed by the caller (benchmarks time the two apart).
    pub fn search_with_vector(
        &self,
        query: &str,
        vector: Option<&[f32]>,
        opts: &SearchOptions,
    ) -> Result<Vec<Hit>> {
        let need_vector = || {
            vector.ok_or(Error::Dimension {
                want: self.vectors.dimension(),
                got: 0,
            })
        };
        match opts.mode {
            SearchMode::Bm25 => self
                .lexical
                .search(query, opts.k, &opts.filter)?
                .into_iter()
                .enumerate()
                .map(|(i, (row, s))| {
                    let similarity = match vector {
                        Some(v) => self.similarity(v, row)?,
                        None => None,
                    };
                    self.hit(row, s, Some(i + 1), None, similarity)
                })
                .collect(),
            SearchMode::Dense => self
                .vectors
                .search(need_vector()?, opts.k, &opts.filter)?
                .into_iter()
                .filter(|(row, _)| self.admits(*row, &opts.filter))
                .enumerate()
                .map(|(i, (row, s))| self.hit(row, s, None, Some(i + 1), Some(s)))
                .collect(),
            SearchMode::Hybrid => self.search_hybrid(query, need_vector()?, opts),
        }
    }

    /// Hybrid search: the backend's two candidate lists when it computes them (Qdrant), else
    /// the local BM25 list and the backend's dense list; fused here either way.
    fn search_hybrid(&self, query: &str, v: &[f32], opts: &SearchOptions) -> Result<Vec<Hit>> {
        let n = opts.candidates.max(opts.k);
        let c = match self.vectors.hybrid_lists(v, query, n, &opts.filter)? {
            Some(c) => c,
            None => {
                let dense = self.vectors.search(v, n, &opts.filter)?;
                Candidates {
                    lexical: self
                        .lexical
                        .search(query, n, &opts.filter)?
                        .into_iter()
                        .map(|x| x.0)
                        .collect(),
                    dense: dense.iter().map(|x| x.0).collect(),
                    similarity: dense.into_iter().collect(),
                }
            }
        };
        // A backend's lists are checked against the live generation's own chunks: a Qdrant
        // collection holds its own copy of each audience, which an ingest that failed after
        // writing it, or anyone who can reach the server, can make disagree.
        let admitted = |rows: &[u64]| -> Vec<u64> {
            rows.iter()
                .copied()
                .filter(|r| self.admits(*r, &opts.filter))
                .collect()
        };
        let (lexical, dense) = (admitted(&c.lexical), admitted(&c.dense));
        let c = Candidates {
            lexical,
            dense,
            similarity: c.similarity,
        };
        let w = opts.dense_weight.clamp(0.0, 1.0);
        rrf(&[(&c.lexical[..], 1.0 - w), (&c.dense[..], w)], opts.rrf_k)
            .into_iter()
            .take(opts.k)
            .map(|(row, score)| {
                let pos = |l: &[u64]| l.iter().position(|r| *r == row).map(|p| p + 1);
                let similarity = match c.similarity.get(&row) {
                    Some(s) => Some(*s),
                    None => self.similarity(v, row)?,
                };
                self.hit(row, score, pos(&c.lexical), pos(&c.dense), similarity)
            })
            .collect()
    }

    /// Cosine similarity of the query vector `v` and chunk `row`, when the index holds the
    /// chunk's vector.
    pub fn chunk_similarity(&self, v: &[f32], row: usize) -> Result<Option<f32>> {
        self.similarity(v, row as u64)
    }

    /// Cosine similarity of the query vector and chunk `row`.
    fn similarity(&self, v: &[f32], row: u64) -> Result<Option<f32>> {
        Ok(self.vectors.get(row)?.map(|w| crate::store::dot(v, &w)))
    }

    /// The `k` chunks nearest to `vector` that pass `filter`, each checked against this
    /// generation's own chunk as every search is ([`Index::search`]): what callers that rank
    /// by a chunk's vector (quiz distractors, a gap's closest doc) ask instead of the store.
    pub fn nearest(&self, vector: &[f32], k: usize, filter: &Filter) -> Result<Vec<(u64, f32)>> {
        Ok(self
            .vectors
            .search(vector, k, filter)?
            .into_iter()
            .filter(|(row, _)| self.admits(*row, filter))
            .collect())
    }

    /// Whether chunk `row` of this generation passes `filter` by its own audience, kind and
    /// product (a row past the chunks passes: [`Index::hit`] reports it as corruption).
    fn admits(&self, row: u64, filter: &Filter) -> bool {
        self.chunks
            .get(row as usize)
            .is_none_or(|c| filter.matches_chunk(c))
    }

    fn hit(
        &self,
        row: u64,
        score: f32,
        bm25_rank: Option<usize>,
        dense_rank: Option<usize>,
        similarity: Option<f32>,
    ) -> Result<Hit> {
        let chunk = self
            .chunks
            .get(row as usize)
            .cloned()
            .ok_or_else(|| Error::Corrupt {
                path: self.dir.display().to_string(),
                message: format!("hit on row {row} beyond {} chunks", self.chunks.len()),
            })?;
        Ok(Hit {
            row,
            chunk,
            score,
            bm25_rank,
            dense_rank,
            similarity,
        })
    }
}
