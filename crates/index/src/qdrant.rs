//! The Qdrant backend: vectors and BM25 live in one Qdrant collection per Docent index. Hybrid
//! retrieval asks the server for both candidate lists (sparse BM25 and dense) in one batched
//! request and fuses them with Docent's own reciprocal-rank fusion, so a Qdrant-backed index
//! ranks as the embedded one does (see [`QdrantStore::candidate_lists`]).
//!
//! The collection holds, per chunk, a named dense vector `dense` (dot product over unit
//! vectors: the embedded store's scores) and a named sparse vector `bm25` (saturated term
//! frequencies, with Qdrant's `idf` modifier supplying inverse document frequency; see
//! [`crate::sparse`]), and a payload of `chunk_id`, `doc_id`, `audience` (0 public, 1
//! customer, 2 internal, so a reader's clearance is a range), `kind`, `product` and `hash`
//! (what the point was built from, so a re-sync sends only what changed). Payload indexes
//! cover the four filter fields. The collection's metadata records the model and dimension,
//! checked on every open like the embedded manifest.
//!
//! Point ids are a 64-bit FNV-1a hash of the chunk id (`doc#ordinal`), stable across
//! generations, so a re-ingest upserts changed chunks in place and deletes the ids that are gone.
//!
//! The client is async (tonic); this store owns a small tokio runtime and blocks on it, from a
//! helper thread when the caller is itself inside a runtime, so it serves the synchronous
//! [`crate::VectorSearch`] (through [`crate::backend::RowView`]) and [`crate::VectorSync`]
//! seams.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use docent_core::Audience;
use qdrant_client::qdrant::{
    points_selector::PointsSelectorOneOf, r#match::MatchValue, value::Kind,
    vectors_config::Config as VectorsConfigKind, with_payload_selector::SelectorOptions, Condition,
    CountPointsBuilder, CreateCollectionBuilder, CreateFieldIndexCollectionBuilder,
    DeletePointsBuilder, Distance, FieldType, Filter as QFilter, GetPointsBuilder, Modifier,
    NamedVectors, PayloadIncludeSelector, PointId, PointStruct, PointsIdsList, Query,
    QueryBatchPointsBuilder, QueryPointsBuilder, Range, ScoredPoint, ScrollPointsBuilder,
    SparseVectorParamsBuilder, SparseVectorsConfigBuilder, UpsertPointsBuilder, Value, Vector,
    VectorInput, VectorParamsBuilder, VectorsConfigBuilder, VectorsSelector,
};
use qdrant_client::{Payload as QPayload, Qdrant, QdrantError};

use crate::sparse::SparseVector;
use crate::store::{Filter, Payload};
use crate::{Error, Result};

/// Name of the dense vector in the collection.
pub const DENSE: &str = "dense";
/// Name of the sparse BM25 vector in the collection.
pub const SPARSE: &str = "bm25";

/// Where the collection lives and how it is created.
#[derive(Debug, Clone)]
pub struct QdrantOptions {
    /// gRPC URL of the server (`http://localhost:6334`).
    pub url: String,
    /// API key, when the server requires one.
    pub api_key: Option<String>,
    /// Collection name (`{prefix}{index name}`).
    pub collection: String,
    /// Shards on creation.
    pub shards: u32,
    /// Replication factor on creation.
    pub replication: u32,
    /// Points per upsert request.
    pub batch: usize,
    /// Attempts for each write before giving up.
    pub attempts: u32,
    /// Timeout of one request.
    pub timeout: Duration,
    /// Fail the upsert after this many batches (crash-safety tests: a sync that breaks off).
    #[doc(hidden)]
    pub fail_after_batches: Option<usize>,
}

impl QdrantOptions {
    /// Options with defaults for `url` and `collection`.
    pub fn new(url: impl Into<String>, collection: impl Into<String>) -> Self {
        QdrantOptions {
            url: url.into(),
            api_key: None,
            collection: collection.into(),
            shards: 1,
            replication: 1,
            batch: 256,
            attempts: 4,
            timeout: Duration::from_secs(30),
            fail_after_batches: None,
        }
    }
}

/// One chunk as a point: ids, both vectors and the payload.
#[derive(Debug, Clone)]
pub struct ChunkPoint {
    /// [`point_id`] of the chunk id.
    pub id: u64,
    /// The chunk id.
    pub chunk_id: String,
    /// The embedding.
    pub dense: Vec<f32>,
    /// BM25 term weights.
    pub sparse: SparseVector,
    /// Filter fields.
    pub payload: Payload,
    /// What the point was built from.
    pub hash: String,
}

/// A point found by a query: id, score, and the dense vector when it was asked for.
pub type Found = (u64, f32, Option<Vec<f32>>);

/// A hint when `url` looks like Qdrant's REST port: the client speaks gRPC, and the REST port
/// answers it with an HTTP/2 protocol error that names neither (an outside probe).
fn rest_port_hint(url: &str, said: &str) -> &'static str {
    let rest_port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .is_some_and(|p| p == "6333");
    if rest_port || said.contains("h2 protocol error") || said.contains("http2 error") {
        " ([index] qdrant_url must be Qdrant's gRPC port, 6334 by default, not its REST port 6333)"
    } else {
        ""
    }
}

/// The stable point id of a chunk id.
pub fn point_id(chunk_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in chunk_id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn audience_rank(a: Audience) -> i64 {
    Audience::ALL.iter().position(|x| *x == a).unwrap_or(2) as i64
}

/// The Qdrant form of a Docent filter; `None` lets everything through.
pub fn to_filter(f: &Filter) -> Option<QFilter> {
    let mut must = Vec::new();
    if f.audience != Audience::Internal {
        must.push(Condition::range(
            "audience",
            Range {
                lte: Some(audience_rank(f.audience) as f64),
                ..Default::default()
            },
        ));
    }
    if !f.kinds.is_empty() {
        let kinds: Vec<String> = f.kinds.iter().map(|k| k.as_str().to_string()).collect();
        must.push(Condition::matches("kind", MatchValue::from(kinds)));
    }
    if let Some(p) = &f.product {
        must.push(Condition::matches("product", p.clone()));
    }
    (!must.is_empty()).then(|| QFilter::must(must))
}

fn to_payload(chunk_id: &str, p: &Payload, hash: &str) -> QPayload {
    let mut out = QPayload::new();
    out.insert("chunk_id", chunk_id);
    out.insert("doc_id", p.doc_id.as_str());
    out.insert("audience", audience_rank(p.audience));
    out.insert("kind", p.kind.as_str());
    if let Some(product) = &p.product {
        out.insert("product", product.as_str());
    }
    out.insert("hash", hash);
    out
}

fn string_of(v: Option<&Value>) -> Option<String> {
    match v.and_then(|v| v.kind.as_ref()) {
        Some(Kind::StringValue(s)) => Some(s.clone()),
        _ => None,
    }
}

fn num_id(id: Option<&PointId>) -> Option<u64> {
    match id.and_then(|p| p.point_id_options.as_ref()) {
        Some(qdrant_client::qdrant::point_id::PointIdOptions::Num(n)) => Some(*n),
        _ => None,
    }
}

fn dense_of(v: Option<&qdrant_client::qdrant::VectorsOutput>) -> Option<Vec<f32>> {
    match v?.get_vector_by_name(DENSE)? {
        qdrant_client::qdrant::vector_output::Vector::Dense(d) => Some(d.data),
        _ => None,
    }
}

/// Errors worth another attempt: the server was unavailable, busy or slow.
fn transient(e: &QdrantError) -> bool {
    use tonic::Code;
    match e {
        QdrantError::ResponseError { status } => matches!(
            status.code(),
            Code::Unavailable
                | Code::DeadlineExceeded
                | Code::ResourceExhausted
                | Code::Aborted
                | Code::Unknown
                | Code::Internal
        ),
        QdrantError::ResourceExhaustedError { .. } | QdrantError::Io(_) => true,
        _ => false,
    }
}

/// Runs `op` up to `attempts` times with doubling pauses (200 ms first) while it fails
/// transiently.
async fn retried<T, F, Fut>(attempts: u32, mut op: F) -> std::result::Result<T, QdrantError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = std::result::Result<T, QdrantError>>,
{
    let mut pause = Duration::from_millis(200);
    let mut attempt = 1;
    loop {
        match op().await {
            Ok(v) => return Ok(v),
            Err(e) if attempt < attempts && transient(&e) => {
                if let QdrantError::ResourceExhaustedError {
                    retry_after_seconds,
                    ..
                } = &e
                {
                    pause = pause.max(Duration::from_secs(*retry_after_seconds));
                }
                tokio::time::sleep(pause).await;
                pause *= 2;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// A Docent index's vectors and BM25 terms in a Qdrant collection.
pub struct QdrantStore {
    /// The client's runtime; `None` only while dropping (see `Drop`).
    rt: Option<tokio::runtime::Runtime>,
    client: Qdrant,
    opts: QdrantOptions,
    dimension: usize,
}

impl std::fmt::Debug for QdrantStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QdrantStore")
            .field("url", &docent_core::without_secrets(&self.opts.url))
            .field("collection", &self.opts.collection)
            .field("dimension", &self.dimension)
            .finish()
    }
}

impl Drop for QdrantStore {
    /// Shuts the client's runtime down without waiting for it: the store may be dropped on an
    /// async worker (a server's state at shutdown), where a blocking shutdown panics.
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

impl QdrantStore {
    /// Connects, checks the server, and creates the collection (vectors, sparse vectors,
    /// payload indexes, metadata) if it does not exist; an existing collection must have been
    /// made for the same model and dimension.
    pub fn connect(opts: QdrantOptions, dimension: usize, model_id: &str) -> Result<QdrantStore> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("docent-qdrant")
            .enable_all()
            .build()
            .map_err(|e| Error::Backend {
                target: docent_core::without_secrets(&opts.url),
                message: format!("cannot start the client runtime: {e}"),
            })?;
        let client = Qdrant::from_url(&opts.url)
            .api_key(opts.api_key.clone())
            .timeout(opts.timeout)
            .connect_timeout(Duration::from_secs(5))
            .skip_compatibility_check()
            .build()
            .map_err(|e| Error::Backend {
                target: docent_core::without_secrets(&opts.url),
                message: docent_core::without_secrets(&e.to_string()),
            })?;
        let store = QdrantStore {
            rt: Some(rt),
            client,
            opts,
            dimension,
        };
        store.version()?;
        store.ensure_collection(model_id)?;
        Ok(store)
    }

    /// The collection's name.
    pub fn collection(&self) -> &str {
        &self.opts.collection
    }

    /// The server's URL as messages show it (no credential: [`docent_core::without_secrets`]).
    pub fn shown_url(&self) -> String {
        docent_core::without_secrets(&self.opts.url)
    }

    fn err(&self, what: &str, e: impl std::fmt::Display) -> Error {
        let said = e.to_string();
        Error::Backend {
            target: format!("{} (collection {})", self.shown_url(), self.opts.collection),
            // The client's own error may quote the whole address.
            message: docent_core::without_secrets(&format!(
                "{what}: {said}{}",
                rest_port_hint(&self.opts.url, &said)
            )),
        }
    }

    /// Runs `fut` on the store's runtime, from a helper thread when the caller is already
    /// inside a tokio runtime (blocking there would panic).
    fn block<T: Send>(&self, fut: impl Future<Output = T> + Send) -> T {
        let rt = self
            .rt
            .as_ref()
            .expect("the runtime lives until the store is dropped");
        if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::scope(|s| {
                s.spawn(|| rt.block_on(fut))
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
        } else {
            rt.block_on(fut)
        }
    }

    /// Whether the server answers and holds the collection (a health check: a deleted
    /// collection failed every search while the server answered).
    pub fn serving(&self) -> Result<()> {
        let exists = self
            .block(self.client.collection_exists(self.opts.collection.clone()))
            .map_err(|e| self.err("server not reachable", e))?;
        if exists {
            Ok(())
        } else {
            Err(self.err(
                "collection missing",
                "run `docent ingest` to bring it back up to the live generation",
            ))
        }
    }

    /// The server's version (a health check).
    pub fn version(&self) -> Result<String> {
        self.block(self.client.health_check())
            .map(|r| r.version)
            .map_err(|e| self.err("server not reachable", e))
    }

    fn ensure_collection(&self, model_id: &str) -> Result<()> {
        let name = self.opts.collection.clone();
        let exists = self
            .block(self.client.collection_exists(name.clone()))
            .map_err(|e| self.err("collection lookup failed", e))?;
        if exists {
            return self.check_collection(model_id);
        }
        let mut dense = VectorsConfigBuilder::default();
        dense.add_named_vector_params(
            DENSE,
            VectorParamsBuilder::new(self.dimension as u64, Distance::Dot),
        );
        let mut sparse = SparseVectorsConfigBuilder::default();
        sparse.add_named_vector_params(
            SPARSE,
            SparseVectorParamsBuilder::default().modifier(Modifier::Idf),
        );
        let metadata: HashMap<String, serde_json::Value> = [
            ("docent_model".to_string(), model_id.into()),
            ("docent_dimension".to_string(), self.dimension.into()),
        ]
        .into();
        let create = CreateCollectionBuilder::new(name.clone())
            .vectors_config(dense)
            .sparse_vectors_config(sparse)
            .shard_number(self.opts.shards.max(1))
            .replication_factor(self.opts.replication.max(1))
            .metadata(metadata);
        self.block(self.client.create_collection(create))
            .map_err(|e| self.err("collection creation failed", e))?;
        for (field, kind) in [
            ("doc_id", FieldType::Keyword),
            ("kind", FieldType::Keyword),
            ("product", FieldType::Keyword),
            ("audience", FieldType::Integer),
        ] {
            self.block(self.client.create_field_index(
                CreateFieldIndexCollectionBuilder::new(name.clone(), field, kind).wait(true),
            ))
            .map_err(|e| self.err(&format!("payload index on {field} failed"), e))?;
        }
        Ok(())
    }

    /// The manifest check: the collection was made for this model and dimension.
    fn check_collection(&self, model_id: &str) -> Result<()> {
        let info = self
            .block(self.client.collection_info(self.opts.collection.clone()))
            .map_err(|e| self.err("collection info failed", e))?;
        let config = info.result.and_then(|r| r.config);
        let size = config
            .as_ref()
            .and_then(|c| c.params.as_ref())
            .and_then(|p| p.vectors_config.as_ref())
            .and_then(|v| v.config.as_ref())
            .and_then(|c| match c {
                VectorsConfigKind::ParamsMap(m) => m.map.get(DENSE).map(|p| p.size as usize),
                VectorsConfigKind::Params(_) => None,
            });
        let model = config
            .as_ref()
            .and_then(|c| string_of(c.metadata.get("docent_model")));
        let target = format!("qdrant collection {}", self.opts.collection);
        if size != Some(self.dimension) || model.as_deref().is_some_and(|m| m != model_id) {
            return Err(Error::ManifestMismatch {
                path: target,
                built: format!(
                    "model {} and dense vector size {}",
                    model.as_deref().unwrap_or("(not recorded)"),
                    size.map_or("(no 'dense' vector)".to_string(), |s| s.to_string())
                ),
                configured: format!("{model_id} ({} dimensions)", self.dimension),
            });
        }
        Ok(())
    }

    /// Upserts chunk points in batches, each retried on transient failures; `done` is
    /// called with each batch's size.
    pub fn upsert_chunks(&self, points: Vec<ChunkPoint>, done: &dyn Fn(usize)) -> Result<()> {
        for p in &points {
            if p.dense.len() != self.dimension {
                return Err(Error::Dimension {
                    want: self.dimension,
                    got: p.dense.len(),
                });
            }
        }
        let mut points = points.into_iter().peekable();
        let mut batches = 0;
        while points.peek().is_some() {
            if self.opts.fail_after_batches == Some(batches) {
                return Err(Error::Aborted("during_sync"));
            }
            batches += 1;
            // Points move into their requests: a sync of a million chunks copies no vector.
            let structs: Vec<PointStruct> = points
                .by_ref()
                .take(self.opts.batch.max(1))
                .map(|p| {
                    let mut vectors =
                        NamedVectors::default().add_vector(DENSE, Vector::new_dense(p.dense));
                    if !p.sparse.indices.is_empty() {
                        vectors = vectors.add_vector(
                            SPARSE,
                            Vector::new_sparse(p.sparse.indices, p.sparse.values),
                        );
                    }
                    PointStruct::new(p.id, vectors, to_payload(&p.chunk_id, &p.payload, &p.hash))
                })
                .collect();
            let n = structs.len();
            self.write(structs)?;
            done(n);
        }
        Ok(())
    }

    fn write(&self, structs: Vec<PointStruct>) -> Result<()> {
        let name = self.opts.collection.clone();
        self.block(retried(self.opts.attempts, || {
            self.client
                .upsert_points(UpsertPointsBuilder::new(name.clone(), structs.clone()).wait(true))
        }))
        .map(|_| ())
        .map_err(|e| self.err("upsert failed", e))
    }

    /// Every point's id and `hash` payload (for a diff against a generation).
    pub fn hashes(&self) -> Result<HashMap<u64, String>> {
        let mut out = HashMap::new();
        let mut offset: Option<PointId> = None;
        loop {
            let mut req = ScrollPointsBuilder::new(self.opts.collection.clone())
                .limit(1_000)
                .with_vectors(false)
                .with_payload(SelectorOptions::Include(PayloadIncludeSelector {
                    fields: vec!["hash".into()],
                }));
            if let Some(o) = offset.take() {
                req = req.offset(o);
            }
            let page = self
                .block(retried(self.opts.attempts, || {
                    self.client.scroll(req.clone())
                }))
                .map_err(|e| self.err("scroll failed", e))?;
            for p in page.result {
                if let Some(id) = num_id(p.id.as_ref()) {
                    out.insert(id, string_of(p.payload.get("hash")).unwrap_or_default());
                }
            }
            match page.next_page_offset {
                Some(o) => offset = Some(o),
                None => return Ok(out),
            }
        }
    }

    /// Deletes points by id, in batches.
    pub fn delete_ids(&self, ids: &[u64]) -> Result<()> {
        for batch in ids.chunks(self.opts.batch.max(1) * 4) {
            let selector = PointsSelectorOneOf::from(PointsIdsList::from(batch.to_vec()));
            self.delete(selector)?;
        }
        Ok(())
    }

    fn delete(&self, selector: PointsSelectorOneOf) -> Result<()> {
        let name = self.opts.collection.clone();
        self.block(retried(self.opts.attempts, || {
            self.client.delete_points(
                DeletePointsBuilder::new(name.clone())
                    .points(selector.clone())
                    .wait(true),
            )
        }))
        .map(|_| ())
        .map_err(|e| self.err("delete failed", e))
    }

    fn count(&self, filter: Option<QFilter>) -> Result<usize> {
        let mut req = CountPointsBuilder::new(self.opts.collection.clone()).exact(true);
        if let Some(f) = filter {
            req = req.filter(f);
        }
        self.block(retried(self.opts.attempts, || {
            self.client.count(req.clone())
        }))
        .map(|r| r.result.map_or(0, |c| c.count as usize))
        .map_err(|e| self.err("count failed", e))
    }

    fn found(points: Vec<ScoredPoint>) -> Vec<Found> {
        points
            .into_iter()
            .filter_map(|p| {
                let id = num_id(p.id.as_ref())?;
                Some((id, p.score, dense_of(p.vectors.as_ref())))
            })
            .collect()
    }

    fn check_query(&self, vector: &[f32]) -> Result<()> {
        if vector.len() != self.dimension {
            return Err(Error::Dimension {
                want: self.dimension,
                got: vector.len(),
            });
        }
        Ok(())
    }

    /// The `k` nearest points to `vector` under `filter`, best first (scores are dot products).
    pub fn dense(&self, vector: &[f32], k: usize, filter: &Filter) -> Result<Vec<Found>> {
        self.check_query(vector)?;
        self.single(DENSE, Query::new_nearest(vector.to_vec()), k, filter)
    }

    /// One query on one named vector.
    fn single(&self, using: &str, query: Query, k: usize, filter: &Filter) -> Result<Vec<Found>> {
        let mut req = QueryPointsBuilder::new(self.opts.collection.clone())
            .query(query)
            .using(using)
            .limit(k as u64);
        if let Some(f) = to_filter(filter) {
            req = req.filter(f);
        }
        self.block(self.client.query(req))
            .map(|r| Self::found(r.result))
            .map_err(|e| self.err(&format!("query on '{using}' failed"), e))
    }

    /// The two candidate lists of hybrid retrieval, from one batched request: the best
    /// `candidates` by BM25 over the sparse vectors (empty when the query has no terms) and
    /// by the dense vector, each with its points' dense vectors. The caller fuses them
    /// ([`crate::rrf`], as the embedded index does): Qdrant's own RRF breaks ties between
    /// equal fused scores (frequent with equal weights: ranks 3+5 and 5+3) by point id, which
    /// measurably changed rankings (e-manual nDCG@10 0.778 against the reference's 0.790), and
    /// weights only scale ranks there.
    pub fn candidate_lists(
        &self,
        vector: &[f32],
        terms: &SparseVector,
        candidates: usize,
        filter: &Filter,
    ) -> Result<(Vec<Found>, Vec<Found>)> {
        self.check_query(vector)?;
        let qfilter = to_filter(filter);
        let request = |using: &str, query: Query| {
            let mut q = QueryPointsBuilder::new(self.opts.collection.clone())
                .using(using)
                .query(query)
                .limit(candidates as u64)
                .with_vectors(VectorsSelector {
                    names: vec![DENSE.into()],
                });
            if let Some(f) = &qfilter {
                q = q.filter(f.clone());
            }
            q.build()
        };
        let mut queries = vec![request(DENSE, Query::new_nearest(vector.to_vec()))];
        if !terms.indices.is_empty() {
            queries.push(request(
                SPARSE,
                Query::from(VectorInput::new_sparse(
                    terms.indices.clone(),
                    terms.values.clone(),
                )),
            ));
        }
        let batch = QueryBatchPointsBuilder::new(self.opts.collection.clone(), queries);
        let mut results = self
            .block(self.client.query_batch(batch))
            .map_err(|e| self.err("hybrid query failed", e))?
            .result
            .into_iter()
            .map(|r| Self::found(r.result));
        let dense = results.next().unwrap_or_default();
        let lexical = results.next().unwrap_or_default();
        Ok((lexical, dense))
    }

    /// BM25 alone over the sparse vectors (what [`crate::sparse::Reference`] computes locally).
    pub fn lexical(&self, terms: &SparseVector, k: usize, filter: &Filter) -> Result<Vec<Found>> {
        if terms.indices.is_empty() {
            return Ok(Vec::new());
        }
        let query = Query::from(VectorInput::new_sparse(
            terms.indices.clone(),
            terms.values.clone(),
        ));
        self.single(SPARSE, query, k, filter)
    }

    /// Number of points.
    pub fn count_all(&self) -> Result<usize> {
        self.count(None)
    }

    /// Deletes the whole collection (tests and `docent index migrate --replace`).
    pub fn drop_collection(&self) -> Result<()> {
        self.block(self.client.delete_collection(self.opts.collection.clone()))
            .map(|_| ())
            .map_err(|e| self.err("collection deletion failed", e))
    }
}

impl QdrantStore {
    /// Vector length of the collection.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// The stored dense vector of point `id`; `None` when there is no such point.
    pub fn get(&self, id: u64) -> Result<Option<Vec<f32>>> {
        let req = GetPointsBuilder::new(self.opts.collection.clone(), vec![PointId::from(id)])
            .with_vectors(true)
            .with_payload(false);
        let got = self
            .block(self.client.get_points(req))
            .map_err(|e| self.err("point lookup failed", e))?;
        Ok(got
            .result
            .into_iter()
            .next()
            .and_then(|p| dense_of(p.vectors.as_ref())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docent_core::DocKind;

    #[test]
    fn the_rest_port_is_named_as_the_wrong_one() {
        let hint = rest_port_hint("http://qdrant:6333", "transport error");
        assert!(hint.contains("gRPC port, 6334"), "{hint}");
        assert!(!rest_port_hint("http://q:7000", "h2 protocol error: http2 error").is_empty());
        assert_eq!(
            rest_port_hint("http://qdrant:6334", "connection refused"),
            ""
        );
    }

    #[test]
    fn filters_translate_clearance_kinds_and_product() {
        assert!(to_filter(&Filter::default()).is_none());
        let f = to_filter(&Filter {
            audience: Audience::Customer,
            kinds: vec![DocKind::Doc],
            product: Some("billing".into()),
        })
        .unwrap();
        assert_eq!(f.must.len(), 3);
        let text = format!("{f:?}");
        assert!(
            text.contains("audience") && text.contains("lte: Some(1.0)"),
            "{text}"
        );
        assert!(
            text.contains("\"doc\"") && text.contains("billing"),
            "{text}"
        );
    }

    #[test]
    fn point_ids_are_stable_and_distinct() {
        assert_eq!(point_id("a#0"), point_id("a#0"));
        let ids: std::collections::HashSet<u64> = (0..10_000)
            .map(|i| point_id(&format!("doc-{i}#{}", i % 7)))
            .collect();
        assert_eq!(ids.len(), 10_000);
    }

    #[test]
    fn payload_carries_the_filter_fields() {
        let p = to_payload(
            "a#1",
            &Payload {
                doc_id: "a".into(),
                audience: Audience::Internal,
                kind: DocKind::Ticket,
                product: None,
            },
            "h1",
        );
        let map: HashMap<String, Value> = p.into();
        assert_eq!(string_of(map.get("doc_id")).as_deref(), Some("a"));
        assert_eq!(string_of(map.get("hash")).as_deref(), Some("h1"));
        assert!(matches!(
            map.get("audience").and_then(|v| v.kind.as_ref()),
            Some(Kind::IntegerValue(2))
        ));
        assert!(!map.contains_key("product"));
    }

    #[test]
    fn unreachable_server_is_a_clear_error() {
        // Port 1 on loopback: nothing listens there.
        let mut opts = QdrantOptions::new("http://127.0.0.1:1", "docent_test");
        opts.timeout = Duration::from_secs(2);
        let err = QdrantStore::connect(opts, 8, "m").unwrap_err().to_string();
        assert!(
            err.contains("127.0.0.1:1") && err.contains("not reachable"),
            "{err}"
        );
    }
}
