//! Opening and searching an index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use docent_core::{Chunk, SearchMode, Ticket};
use docent_embed::Embedder;

use crate::backend::{Backend, RowView};
use crate::generation::{self, CHUNKS, LEXICAL, MANIFEST, SENTENCES, TICKETS, VECTORS};
use crate::lexical::Lexical;
use crate::sentences::{Sentence, SentenceFile};
pub use crate::store::Filter;
use crate::store::{EmbeddedStore, Payload, VectorStore};
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
    manifest: Manifest,
    chunks: Vec<Chunk>,
    tickets: Vec<Ticket>,
    lexical: Lexical,
    vectors: Vectors,
    sentences: Option<SentenceFile>,
    rows: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    embedder: Option<Arc<dyn Embedder>>,
}

/// Where this handle's vectors are searched.
enum Vectors {
    Embedded(EmbeddedStore),
    Qdrant(RowView),
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
        let (_, dir) = generation::current(root)?.ok_or_else(|| Error::NotFound {
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
        let vectors = match backend {
            Backend::Embedded => {
                Vectors::Embedded(EmbeddedStore::read(&dir.join(VECTORS), |id| {
                    chunks.get(id as usize).map(payload)
                })?)
            }
            Backend::Qdrant(q) => {
                if q.dimension() != manifest.dimension {
                    return Err(Error::Dimension {
                        want: manifest.dimension,
                        got: q.dimension(),
                    });
                }
                Vectors::Qdrant(RowView::new(q.clone(), chunks.iter().map(|c| c.id.clone())))
            }
        };
        let lexical = Lexical::open(&dir.join(LEXICAL))?;
        let sentences = Some(SentenceFile::open(&dir.join(SENTENCES), chunks.len())?);
        Ok(Index {
            dir,
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
    pub fn store(&self) -> &dyn VectorStore {
        match &self.vectors {
            Vectors::Embedded(s) => s,
            Vectors::Qdrant(v) => v,
        }
    }

    /// The embedded store itself (for measurements against its exact scan); `None` when the
    /// vectors are in Qdrant.
    pub fn embedded_store(&self) -> Option<&EmbeddedStore> {
        match &self.vectors {
            Vectors::Embedded(s) => Some(s),
            Vectors::Qdrant(_) => None,
        }
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
        if let (Vectors::Qdrant(view), SearchMode::Dense | SearchMode::Hybrid) =
            (&self.vectors, opts.mode)
        {
            return self.search_qdrant(view, query, vector, opts);
        }
        let store = self.store();
        let dense = |n: usize| -> Result<Vec<(u64, f32)>> {
            match vector {
                Some(v) => store.search(v, n, &opts.filter),
                None => Err(Error::Dimension {
                    want: store.dimension(),
                    got: 0,
                }),
            }
        };
        let ranked: Vec<(u64, f32, Option<usize>, Option<usize>)> = match opts.mode {
            SearchMode::Bm25 => self
                .lexical
                .search(query, opts.k, &opts.filter)?
                .into_iter()
                .enumerate()
                .map(|(i, (row, s))| (row, s, Some(i + 1), None))
                .collect(),
            SearchMode::Dense => dense(opts.k)?
                .into_iter()
                .enumerate()
                .map(|(i, (row, s))| (row, s, None, Some(i + 1)))
                .collect(),
            SearchMode::Hybrid => {
                let n = opts.candidates.max(opts.k);
                let lex: Vec<u64> = self
                    .lexical
                    .search(query, n, &opts.filter)?
                    .into_iter()
                    .map(|x| x.0)
                    .collect();
                let den: Vec<u64> = dense(n)?.into_iter().map(|x| x.0).collect();
                let w = opts.dense_weight.clamp(0.0, 1.0);
                rrf(&[(&lex[..], 1.0 - w), (&den[..], w)], opts.rrf_k)
                    .into_iter()
                    .take(opts.k)
                    .map(|(row, s)| {
                        let pos = |l: &[u64]| l.iter().position(|r| *r == row).map(|p| p + 1);
                        (row, s, pos(&lex), pos(&den))
                    })
                    .collect()
            }
        };
        let similarity =
            |row: u64| vector.and_then(|v| store.get(row).map(|w| crate::store::dot(v, &w)));
        ranked
            .into_iter()
            .map(|(row, score, bm25_rank, dense_rank)| {
                let similarity = similarity(row);
                self.hit(row, score, bm25_rank, dense_rank, similarity)
            })
            .collect()
    }

    /// Dense or hybrid search in Qdrant: fusion runs on the server, which returns each hit's
    /// dense vector for its similarity; ranks in the two lists are not reported.
    fn search_qdrant(
        &self,
        view: &RowView,
        query: &str,
        vector: Option<&[f32]>,
        opts: &SearchOptions,
    ) -> Result<Vec<Hit>> {
        let v = vector.ok_or(Error::Dimension {
            want: view.store.dimension(),
            got: 0,
        })?;
        // Each list is put in the embedded store's order (score, then row), so ties between
        // equal scores (duplicate texts; the server sums in another order, so they differ in
        // the last bits) fall as they do there, then fused as there.
        let rows = |found: Vec<crate::qdrant::Found>| -> Vec<(u64, f32, Option<Vec<f32>>)> {
            let mut r: Vec<_> = found
                .into_iter()
                .filter_map(|(point, score, dense)| Some((view.row(point)?, score, dense)))
                .collect();
            r.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            settle_ties(&mut r);
            r
        };
        if opts.mode == SearchMode::Dense {
            // A few more than asked, so a tie at the cut falls as in the embedded store.
            let found = view.store.dense(v, opts.k + 8, &opts.filter)?;
            return rows(found)
                .into_iter()
                .take(opts.k)
                .enumerate()
                .map(|(i, (row, score, _))| self.hit(row, score, None, Some(i + 1), Some(score)))
                .collect();
        }
        let (lexical, dense) = view.store.candidate_lists(
            v,
            &crate::sparse::query(query),
            opts.candidates.max(opts.k),
            &opts.filter,
        )?;
        let (lexical, dense) = (rows(lexical), rows(dense));
        let lex: Vec<u64> = lexical.iter().map(|x| x.0).collect();
        let den: Vec<u64> = dense.iter().map(|x| x.0).collect();
        let similarity: HashMap<u64, f32> = lexical
            .iter()
            .chain(&dense)
            .filter_map(|(row, _, d)| Some((*row, crate::store::dot(v, d.as_ref()?))))
            .collect();
        let w = opts.dense_weight.clamp(0.0, 1.0);
        rrf(&[(&lex[..], 1.0 - w), (&den[..], w)], opts.rrf_k)
            .into_iter()
            .take(opts.k)
            .map(|(row, score)| {
                let pos = |l: &[u64]| l.iter().position(|r| *r == row).map(|p| p + 1);
                self.hit(
                    row,
                    score,
                    pos(&lex),
                    pos(&den),
                    similarity.get(&row).copied(),
                )
            })
            .collect()
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

pub(crate) fn payload(c: &Chunk) -> Payload {
    Payload {
        doc_id: c.doc_id.clone(),
        audience: c.audience,
        kind: c.kind,
        product: c.product.clone(),
    }
}

/// Orders runs of scores equal up to float rounding (relative 1e-6) by row, as the embedded
/// store orders exact ties; `list` must be sorted by descending score.
fn settle_ties<T>(list: &mut [(u64, f32, T)]) {
    let mut start = 0;
    while start < list.len() {
        let top = list[start].1;
        let tol = 1e-6 * top.abs().max(f32::MIN_POSITIVE);
        let end = start
            + list[start..]
                .iter()
                .take_while(|x| (top - x.1).abs() <= tol)
                .count();
        list[start..end].sort_by_key(|x| x.0);
        start = end.max(start + 1);
    }
}
