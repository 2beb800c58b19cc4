//! Choosing where vectors are searched, and keeping a Qdrant collection in step with the
//! index on disk.
//!
//! The index directory stays the source of truth in both cases: chunks, tickets, the file
//! state and the vectors of every generation are written there by [`crate::ingest`]. With the
//! Qdrant backend the collection is a [`Replica`]: an ingest [`stage`]s the new generation
//! into it before committing (upserting the chunks that are new or changed, by content hash)
//! and [`prune`]s it after (deleting the points no chunk has any more), so a server never
//! opens a generation whose points are missing, and a failed sync leaves the previous
//! generation live. [`sync`] does both for the live generation; it never embeds (the vectors
//! come from disk), so `docent index migrate --to qdrant` is the same call on an index built
//! with the embedded backend, and a sync that failed half-way is finished by running it again.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use docent_core::{IndexBackend, IndexConfig};

use crate::generation::{self, CHUNKS, MANIFEST, VECTORS};
use crate::qdrant::{point_id, ChunkPoint, QdrantOptions, QdrantStore};
use crate::store::{EmbeddedStore, Filter, Payload, VectorStore};
use crate::{sparse, Error, Manifest, Progress, Result};

/// Where an opened index searches its vectors.
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

    /// A name for messages: `embedded` or the server and collection.
    pub fn describe(&self) -> String {
        match self {
            Backend::Embedded => "embedded".into(),
            Backend::Qdrant(q) => format!("qdrant {} collection {}", q.url(), q.collection()),
        }
    }
}

/// An index's rows over a Qdrant collection: the [`VectorStore`] seam keyed by row, as the
/// embedded store is, for callers that look vectors up by chunk row (quizzes, gap report).
/// Read-only: the collection is written by [`sync`].
#[derive(Debug)]
pub(crate) struct RowView {
    pub(crate) store: Arc<QdrantStore>,
    /// Point id of each row.
    points: Vec<u64>,
    /// Row of each point id.
    rows: HashMap<u64, u64>,
}

impl RowView {
    pub(crate) fn new(store: Arc<QdrantStore>, chunk_ids: impl Iterator<Item = String>) -> Self {
        let points: Vec<u64> = chunk_ids.map(|id| point_id(&id)).collect();
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

    fn read_only(&self) -> Error {
        Error::Backend {
            target: self.store.collection().into(),
            message: "an opened index is read-only; `docent ingest` writes the collection".into(),
        }
    }

    /// The row of a point id; points of chunks this generation does not have (a sync in
    /// progress) are dropped.
    pub(crate) fn row(&self, point: u64) -> Option<u64> {
        self.rows.get(&point).copied()
    }
}

impl VectorStore for RowView {
    fn dimension(&self) -> usize {
        self.store.dimension()
    }

    fn len(&self) -> usize {
        self.points.len()
    }

    fn upsert(&mut self, _: Vec<(u64, Vec<f32>, Payload)>) -> Result<()> {
        Err(self.read_only())
    }

    fn delete_doc(&mut self, _: &str) -> Result<usize> {
        Err(self.read_only())
    }

    fn search(&self, query: &[f32], k: usize, filter: &Filter) -> Result<Vec<(u64, f32)>> {
        Ok(self
            .store
            .dense(query, k, filter)?
            .into_iter()
            .filter_map(|(p, s, _)| Some((self.row(p)?, s)))
            .collect())
    }

    fn get(&self, row: u64) -> Option<Vec<f32>> {
        self.store.get(*self.points.get(row as usize)?)
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
/// embedding anything. Idempotent: a second run finds nothing to do.
pub fn sync(root: &Path, store: &QdrantStore, progress: &dyn Progress) -> Result<SyncReport> {
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
        chunks.get(id as usize).map(crate::index::payload)
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
        let dense = vectors.get(row as u64).ok_or_else(|| Error::Corrupt {
            path: dir.join(VECTORS).display().to_string(),
            message: format!("no vector for row {row} ({})", c.id),
        })?;
        todo.push(ChunkPoint {
            id,
            chunk_id: c.id.clone(),
            dense,
            sparse,
            payload: crate::index::payload(c),
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
            crate::ingest::embedding_text(c),
            c.audience.as_str(),
            c.kind.as_str(),
            c.product.as_deref().unwrap_or(""),
            model_id,
        )
        .as_bytes(),
    )
}

/// A copy of each generation kept outside the index directory (a Qdrant collection), brought
/// up to a new generation by [`crate::ingest`] before that generation goes live: staged
/// (everything the new generation needs written) before the commit, so no server ever opens a
/// generation whose vectors are not there, and pruned (what it dropped removed) after. When
/// staging fails, the ingest fails and the previous generation stays live.
pub trait Replica: Send + Sync + std::fmt::Debug {
    /// Writes what the (not yet live) generation at `dir` needs; deletes nothing.
    fn stage(&self, dir: &Path, progress: &dyn Progress) -> Result<SyncReport>;
    /// Deletes what the (now live) generation at `dir` no longer has; the count.
    fn prune(&self, dir: &Path) -> Result<usize>;
}

impl Replica for QdrantStore {
    fn stage(&self, dir: &Path, progress: &dyn Progress) -> Result<SyncReport> {
        stage(dir, self, progress)
    }

    fn prune(&self, dir: &Path) -> Result<usize> {
        prune(dir, self)
    }
}

impl Backend {
    /// The replica an ingest must bring up to date before committing, if any.
    pub fn replica(&self) -> Option<Arc<dyn Replica>> {
        match self {
            Backend::Embedded => None,
            Backend::Qdrant(q) => Some(q.clone() as Arc<dyn Replica>),
        }
    }
}
