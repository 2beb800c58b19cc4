//! Where vectors are searched ([`Backend`], read through [`VectorSearch`]) and how each backend
//! is brought up to a new generation ([`VectorSync`], what every ingest calls).
//!
//! The index directory stays the source of truth for every backend: chunks, tickets, the file
//! state and the vectors of every generation are written there by [`crate::ingest`]. The
//! embedded backend searches the generation's vector file itself ([`GenerationFile`]). With the
//! Qdrant backend the collection is a copy: an ingest [`stage`]s the new generation
//! into it before committing (upserting the chunks that are new or changed, by content hash)
//! and [`prune`]s it after (deleting the points no chunk has any more), so a server never
//! opens a generation whose points are missing, and a failed sync leaves the previous
//! generation live. [`sync`] does both for the live generation; it never embeds (the vectors
//! come from disk), so `docent index migrate --to qdrant` is the same call on an index built
//! with the embedded backend, and a sync that failed half-way is finished by running it again.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use docent_core::{Chunk, IndexBackend, IndexConfig};

use crate::generation::{self, CHUNKS, MANIFEST, VECTORS};
use crate::progress::Progress;
use crate::qdrant::{point_id, ChunkPoint, Found, QdrantOptions, QdrantStore};
use crate::store::{Candidates, EmbeddedStore, Filter, Payload, VectorSearch};
use crate::texts::embedding_text;
use crate::{sparse, Error, Manifest, Result};

/// Where an index's vectors are searched: the one choice of backend. Reading is
/// [`Backend::open_search`] ([`VectorSearch`]), writing is [`Backend::sync`] ([`VectorSync`]).
#[derive(Debug, Clone, Default)]
pub enum Backend {
    /// In memory, from the generation's vector file.
    #[default]
    Embedded,
    /// In a Qdrant collection.
    Qdrant(Arc<QdrantStore>),
}

/// The Qdrant options `[index]` gives for the index called `name`.
pub fn qdrant_options(cfg: &IndexConfig, name: &str) -> QdrantOptions {
    let mut o = QdrantOptions::new(
        cfg.qdrant_url.clone(),
        format!("{}{}", cfg.qdrant_collection_prefix, name),
    );
    o.api_key = std::env::var(&cfg.qdrant_api_key_env)
        .ok()
        .filter(|k| !k.is_empty());
    o.shards = cfg.qdrant_shards;
    o.replication = cfg.qdrant_replication;
    o.batch = cfg.qdrant_batch;
    o
}

impl Backend {
    /// The backend `[index]` selects for the index `name`, connected and checked against the
    /// model (`model_id`, `dimension`).
    pub fn connect(
        cfg: &IndexConfig,
        name: &str,
        model_id: &str,
        dimension: usize,
    ) -> Result<Backend> {
        match cfg.backend {
            IndexBackend::Embedded => Ok(Backend::Embedded),
            IndexBackend::Qdrant => Ok(Backend::Qdrant(Arc::new(QdrantStore::connect(
                qdrant_options(cfg, name),
                dimension,
                model_id,
            )?))),
        }
    }

    /// Whether searches can reach the vectors: always for the embedded file; the Qdrant server
    /// answers and holds the collection (blocks: call it from a blocking thread).
    pub fn reachable(&self) -> Result<()> {
        match self {
            Backend::Embedded => Ok(()),
            Backend::Qdrant(q) => q.serving(),
        }
    }

    /// A name for messages: `embedded` or the server and collection.
    pub fn describe(&self) -> String {
        match self {
            Backend::Embedded => "embedded".into(),
            Backend::Qdrant(q) => format!("qdrant {} collection {}", q.shown_url(), q.collection()),
        }
    }
}

impl Backend {
    /// The vectors of the generation at `dir` (whose manifest and chunks the caller has read),
    /// opened for search and keyed by chunk row: the vector file in memory, or a view of the
    /// Qdrant collection (the vector file is then not loaded).
    pub(crate) fn open_search(
        &self,
        dir: &Path,
        manifest: &Manifest,
        chunks: &[Chunk],
    ) -> Result<Box<dyn VectorSearch>> {
        match self {
            Backend::Embedded => Ok(Box::new(EmbeddedStore::read(&dir.join(VECTORS), |id| {
                chunks.get(id as usize).map(Payload::of)
            })?)),
            Backend::Qdrant(q) => {
                if q.dimension() != manifest.dimension {
                    return Err(Error::Dimension {
                        want: manifest.dimension,
                        got: q.dimension(),
                    });
                }
                Ok(Box::new(RowView::new(
                    q.clone(),
                    chunks.iter().map(|c| c.id.as_str()),
                )))
            }
        }
    }

    /// What an ingest brings up to each new generation before it goes live.
    pub fn sync(&self) -> Arc<dyn VectorSync> {
        match self {
            Backend::Embedded => Arc::new(GenerationFile),
            Backend::Qdrant(q) => q.clone(),
        }
    }
}

/// An index's rows over a Qdrant collection: the [`VectorSearch`] seam keyed by chunk row, as
/// the embedded store is. The collection is written by [`VectorSync`] only.
#[derive(Debug)]
pub(crate) struct RowView {
    store: Arc<QdrantStore>,
    /// Point id of each row.
    points: Vec<u64>,
    /// Row of each point id.
    rows: HashMap<u64, u64>,
}

impl RowView {
    fn new<'a>(store: Arc<QdrantStore>, chunk_ids: impl Iterator<Item = &'a str>) -> Self {
        let points: Vec<u64> = chunk_ids.map(point_id).collect();
        let rows = points
            .iter()
            .enumerate()
            .map(|(row, p)| (*p, row as u64))
            .collect();
        RowView {
            store,
            points,
            rows,
        }
    }

    /// Found points as rows in the embedded store's order (score, then row), so ties between
    /// equal scores (duplicate texts; the server sums in another order, so they differ in the
    /// last bits) fall as they do there. Points of chunks this generation does not have (a
    /// sync in progress) are dropped.
    fn rows(&self, found: Vec<Found>) -> Vec<(u64, f32, Option<Vec<f32>>)> {
        let mut r: Vec<_> = found
            .into_iter()
            .filter_map(|(point, score, dense)| Some((*self.rows.get(&point)?, score, dense)))
            .collect();
        r.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        settle_ties(&mut r);
        r
    }
}

impl VectorSearch for RowView {
    fn dimension(&self) -> usize {
        self.store.dimension()
    }

    fn len(&self) -> usize {
        self.points.len()
    }

    fn search(&self, query: &[f32], k: usize, filter: &Filter) -> Result<Vec<(u64, f32)>> {
        // A few more than asked, so a tie at the cut falls as in the embedded store.
        let found = self.store.dense(query, k + 8, filter)?;
        Ok(self
            .rows(found)
            .into_iter()
            .take(k)
            .map(|(row, score, _)| (row, score))
            .collect())
    }

    fn get(&self, row: u64) -> Result<Option<Vec<f32>>> {
        match self.points.get(row as usize) {
            Some(&point) => self.store.get(point),
            None => Ok(None),
        }
    }

    /// Both lists from the server in one request, each hit with its dense vector for its
    /// similarity.
    fn hybrid_lists(
        &self,
        vector: &[f32],
        query: &str,
        n: usize,
        filter: &Filter,
    ) -> Result<Option<Candidates>> {
        let (lexical, dense) =
            self.store
                .candidate_lists(vector, &sparse::query(query), n, filter)?;
        let (lexical, dense) = (self.rows(lexical), self.rows(dense));
        let similarity = lexical
            .iter()
            .chain(&dense)
            .filter_map(|(row, _, d)| Some((*row, crate::store::dot(vector, d.as_ref()?))))
            .collect();
        Ok(Some(Candidates {
            lexical: lexical.iter().map(|x| x.0).collect(),
            dense: dense.iter().map(|x| x.0).collect(),
            similarity,
        }))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
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

/// What a [`sync`] did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SyncReport {
    /// Chunks in the live generation.
    pub chunks: usize,
    /// Points written (new or changed).
    pub upserted: usize,
    /// Points removed (their chunks are gone).
    pub deleted: usize,
    /// Points already up to date.
    pub unchanged: usize,
    /// Wall time.
    pub seconds: f64,
    /// Why deleting the points the new generation dropped failed, if it did (they are
    /// removed by the next ingest or `docent index migrate`; the generation is live).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prune_error: Option<String>,
}

/// Makes the Qdrant collection equal to the live generation of the index at `root`, without
/// embedding anything. Idempotent: a second run finds nothing to do. It writes as an ingest
/// does, so it holds the index's write lock ([`Error::Busy`] while an ingest runs: a sync of
/// the generation the ingest replaces would overwrite the new one's points).
pub fn sync(root: &Path, store: &QdrantStore, progress: &dyn Progress) -> Result<SyncReport> {
    let _writer = generation::WriteLock::take(root)?;
    let (_, dir) = generation::current(root)?.ok_or_else(|| Error::NotFound {
        path: root.display().to_string(),
    })?;
    let mut report = stage(&dir, store, progress)?;
    report.deleted = prune(&dir, store)?;
    Ok(report)
}

/// Upserts into the collection every chunk of the generation at `dir` that is new or changed
/// there, deleting nothing: the live generation's points stay, so a server still on it keeps
/// answering while the new one is staged. [`prune`] removes what the new generation dropped,
/// once it is live.
pub fn stage(dir: &Path, store: &QdrantStore, progress: &dyn Progress) -> Result<SyncReport> {
    let started = std::time::Instant::now();
    let manifest: Manifest = generation::read_json(&dir.join(MANIFEST))?;
    if manifest.dimension != store.dimension() {
        return Err(Error::Dimension {
            want: store.dimension(),
            got: manifest.dimension,
        });
    }
    let chunks: Vec<docent_core::Chunk> = generation::read_jsonl(&dir.join(CHUNKS))?;
    let vectors = EmbeddedStore::read(&dir.join(VECTORS), |id| {
        chunks.get(id as usize).map(Payload::of)
    })?;
    let existing = store.hashes()?;
    let texts: Vec<String> = chunks.iter().map(sparse::chunk_text).collect();
    let mut terms = sparse::documents(&texts).into_iter();
    drop(texts);
    let mut report = SyncReport {
        chunks: chunks.len(),
        ..SyncReport::default()
    };
    let mut todo = Vec::new();
    for (row, c) in chunks.iter().enumerate() {
        let sparse = terms.next().unwrap_or_default();
        let id = point_id(&c.id);
        let hash = point_hash(c, &manifest.model_id);
        if existing.get(&id) == Some(&hash) {
            report.unchanged += 1;
            continue;
        }
        let dense = vectors.vector(row as u64).ok_or_else(|| Error::Corrupt {
            path: dir.join(VECTORS).display().to_string(),
            message: format!("no vector for row {row} ({})", c.id),
        })?;
        todo.push(ChunkPoint {
            id,
            chunk_id: c.id.clone(),
            dense,
            sparse,
            payload: Payload::of(c),
            hash,
        });
    }
    drop(vectors);
    report.upserted = todo.len();
    progress.start("qdrant upsert", todo.len() as u64);
    store.upsert_chunks(todo, &|n| progress.advance(n as u64))?;
    progress.finish();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Deletes the collection's points that no chunk of the generation at `dir` has; the count.
pub fn prune(dir: &Path, store: &QdrantStore) -> Result<usize> {
    let chunks: Vec<docent_core::Chunk> = generation::read_jsonl(&dir.join(CHUNKS))?;
    let wanted: HashSet<u64> = chunks.iter().map(|c| point_id(&c.id)).collect();
    let stale: Vec<u64> = store
        .hashes()?
        .into_keys()
        .filter(|id| !wanted.contains(id))
        .collect();
    store.delete_ids(&stale)?;
    Ok(stale.len())
}

/// What a point was built from: a changed hash means the point must be written again.
fn point_hash(c: &docent_core::Chunk, model_id: &str) -> String {
    docent_ingest::content_hash(
        format!(
            "{}\0{}\0{}\0{}\0{}\0{}",
            c.id,
            embedding_text(c),
            c.audience.as_str(),
            c.kind.as_str(),
            c.product.as_deref().unwrap_or(""),
            model_id,
        )
        .as_bytes(),
    )
}

/// Brings a backend up to a new generation of the index: what every ingest calls, for every
/// backend, before the generation goes live (staged: everything it needs written, nothing
/// deleted, so no server ever opens a generation whose vectors are missing, and a failure
/// leaves the previous generation live) and after (pruned of what it dropped).
///
/// The index directory is the source of truth for every backend: chunks, vectors and the
/// lexical index of each generation are written there first ([`crate::ingest`]), and a backend
/// is brought up to them.
pub trait VectorSync: Send + Sync + std::fmt::Debug {
    /// Writes what the (not yet live) generation at `dir` needs; deletes nothing. What was
    /// written when the backend keeps a copy outside the index directory, `None` when it
    /// searches the generation's own files.
    fn stage(&self, dir: &Path, progress: &dyn Progress) -> Result<Option<SyncReport>>;
    /// Deletes what the (now live) generation at `dir` no longer has; the count.
    fn prune(&self, dir: &Path) -> Result<usize>;
}

/// The embedded backend searches the generation's own vector file: staging checks that the
/// file holds one vector of the manifest's dimension for every chunk (a generation that would
/// fail to open never goes live); there is nothing to prune.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenerationFile;

impl VectorSync for GenerationFile {
    fn stage(&self, dir: &Path, _: &dyn Progress) -> Result<Option<SyncReport>> {
        let manifest: Manifest = generation::read_json(&dir.join(MANIFEST))?;
        let (dimension, rows) = EmbeddedStore::header(&dir.join(VECTORS))?;
        if dimension != manifest.dimension || rows != manifest.chunks {
            return Err(Error::Corrupt {
                path: dir.join(VECTORS).display().to_string(),
                message: format!(
                    "{rows} vectors of {dimension} dimensions for {} chunks of {}",
                    manifest.chunks, manifest.dimension
                ),
            });
        }
        Ok(None)
    }

    fn prune(&self, _: &Path) -> Result<usize> {
        Ok(0)
    }
}

impl VectorSync for QdrantStore {
    fn stage(&self, dir: &Path, progress: &dyn Progress) -> Result<Option<SyncReport>> {
        stage(dir, self, progress).map(Some)
    }

    fn prune(&self, dir: &Path) -> Result<usize> {
        prune(dir, self)
    }
}
