//! The [`VectorSearch`] seam every backend answers, and [`EmbeddedStore`], the exact in-memory
//! baseline.
//!
//! The embedded store scans every vector with an unrolled dot product (which the compiler turns
//! into SIMD) on all cores, keeping the top k in a heap. At 100k chunks of 384 dimensions that
//! is 38M multiply-adds a query; `docent bench` reports what it costs on this machine.
//!
//! From [`QUANTIZE_MIN_ROWS`] vectors on, a scan of full-precision vectors is bound by memory
//! bandwidth (1.5 GB a query at a million chunks), so the store also keeps each vector as
//! signed bytes with one scale per vector (a quarter of the bytes) and scans those for
//! [`RESCORE_FACTOR`] times k candidates, then rescores the candidates exactly: returned scores
//! are exact, and only a true neighbour whose quantised score falls below that many others
//! can be missed (`docent bench` reports the overlap with the exact top 10).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::path::Path;

use docent_core::{Audience, DocKind};

use crate::{Error, Result};

/// What a stored vector carries besides its id, for filtering.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// The chunk's document.
    pub doc_id: String,
    /// Who may see it.
    pub audience: Audience,
    /// Document or ticket.
    pub kind: DocKind,
    /// Product area.
    pub product: Option<String>,
}

impl Payload {
    /// The payload of chunk `c`.
    pub fn of(c: &docent_core::Chunk) -> Payload {
        Payload {
            doc_id: c.doc_id.clone(),
            audience: c.audience,
            kind: c.kind,
            product: c.product.clone(),
        }
    }
}

/// Which chunks a search may return.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The reader's clearance: chunks of this audience and more open ones are visible.
    pub audience: Audience,
    /// Only these kinds (all when empty).
    pub kinds: Vec<DocKind>,
    /// Only this product area.
    pub product: Option<String>,
}

impl Default for Filter {
    /// Staff view: everything, docs and tickets.
    fn default() -> Self {
        Filter {
            audience: Audience::Internal,
            kinds: Vec::new(),
            product: None,
        }
    }
}

impl Filter {
    /// A filter for readers cleared for `audience`, over documentation only.
    pub fn docs_for(audience: Audience) -> Self {
        Filter {
            audience,
            kinds: vec![DocKind::Doc],
            product: None,
        }
    }

    /// True when `p` passes the filter.
    pub fn matches(&self, p: &Payload) -> bool {
        self.passes(p.audience, p.kind, p.product.as_deref())
    }

    /// True when chunk `c` passes the filter by its own fields (nothing copied: every
    /// search checks its candidates so).
    pub fn matches_chunk(&self, c: &docent_core::Chunk) -> bool {
        self.passes(c.audience, c.kind, c.product.as_deref())
    }

    fn passes(&self, audience: Audience, kind: DocKind, product: Option<&str>) -> bool {
        audience <= self.audience
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
            && self
                .product
                .as_deref()
                .is_none_or(|want| product == Some(want))
    }

    fn is_everything(&self) -> bool {
        self.audience == Audience::Internal && self.kinds.is_empty() && self.product.is_none()
    }
}

/// Nearest-vector search over one generation's vectors, keyed by chunk row: what every backend
/// answers (the embedded store from the generation's vector file, a Qdrant collection through
/// [`crate::backend::RowView`]). Writing is [`crate::VectorSync`]'s job, and a backend that
/// fails says so: an error, never an empty result.
pub trait VectorSearch: Send + Sync {
    /// Vector length.
    fn dimension(&self) -> usize;
    /// Number of rows searched.
    fn len(&self) -> usize;
    /// True when empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The `k` best (row, score) pairs passing `filter`, best first; equal scores by row.
    fn search(&self, query: &[f32], k: usize, filter: &Filter) -> Result<Vec<(u64, f32)>>;
    /// The stored vector of `row`; `None` when there is no such row.
    fn get(&self, row: u64) -> Result<Option<Vec<f32>>>;
    /// Hybrid search's two candidate lists when the backend computes them itself (Qdrant keeps
    /// BM25 as sparse vectors and answers both in one request); `None` when it keeps no
    /// lexical index, and the caller fuses its local BM25 list with [`search`](Self::search).
    fn hybrid_lists(
        &self,
        _vector: &[f32],
        _query: &str,
        _n: usize,
        _filter: &Filter,
    ) -> Result<Option<Candidates>> {
        Ok(None)
    }
    /// The concrete store, for callers that measure one backend against another.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Hybrid search's candidate lists from one backend, rows best first, with each row's cosine
/// similarity to the query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Candidates {
    /// Rows by BM25.
    pub lexical: Vec<u64>,
    /// Rows by vector similarity.
    pub dense: Vec<u64>,
    /// Cosine similarity of each row in either list.
    pub similarity: HashMap<u64, f32>,
}

/// Exact nearest-neighbour search over vectors held in memory.
#[derive(Debug, Clone, Default)]
pub struct EmbeddedStore {
    dimension: usize,
    ids: Vec<u64>,
    data: Vec<f32>,
    payloads: Vec<Payload>,
    positions: HashMap<u64, usize>,
    /// The byte copy for large stores, built on first use and dropped on every change.
    quantized: std::sync::OnceLock<Quantized>,
}

/// Vectors as signed bytes: `vector ≈ codes × scale`, one scale per vector.
#[derive(Debug, Clone, Default)]
struct Quantized {
    codes: Vec<i8>,
    scales: Vec<f32>,
}

/// Stores at least this large scan the byte copy first.
pub const QUANTIZE_MIN_ROWS: usize = 50_000;

/// Candidates kept from the byte scan, as a multiple of k (at least 64).
pub const RESCORE_FACTOR: usize = 8;

pub(crate) fn quantize(v: &[f32], out: &mut Vec<i8>) -> f32 {
    let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        out.extend(std::iter::repeat_n(0, v.len()));
        return 0.0;
    }
    let inv = 127.0 / max;
    out.extend(
        v.iter()
            .map(|x| (x * inv).round().clamp(-127.0, 127.0) as i8),
    );
    max / 127.0
}

const MAGIC: &[u8; 8] = b"DOCVEC01";

/// The little-endian 64-bit word at the start of `b`.
fn le_word(b: &[u8]) -> usize {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w) as usize
}

impl EmbeddedStore {
    /// An empty store of `dimension`-long vectors.
    pub fn new(dimension: usize) -> Self {
        EmbeddedStore {
            dimension,
            ..Default::default()
        }
    }

    /// The raw vector data, row-major, in insertion order (for persistence and migration).
    pub fn ids(&self) -> &[u64] {
        &self.ids
    }

    /// Writes ids and vectors to `path` (payloads are rebuilt from the chunk list on load).
    pub fn write(&self, path: &Path) -> Result<()> {
        let mut bytes = Vec::with_capacity(24 + self.ids.len() * 8 + self.data.len() * 4);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(self.dimension as u64).to_le_bytes());
        bytes.extend_from_slice(&(self.ids.len() as u64).to_le_bytes());
        for id in &self.ids {
            bytes.extend_from_slice(&id.to_le_bytes());
        }
        for x in &self.data {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        std::fs::write(path, bytes).map_err(Error::io(path))
    }

    /// The dimension and number of vectors of the file at `path` (written by
    /// [`write`](Self::write)), from its header, checked against the file's size.
    pub fn header(path: &Path) -> Result<(usize, usize)> {
        use std::io::Read;
        let corrupt = |message: &str| Error::Corrupt {
            path: path.display().to_string(),
            message: message.to_string(),
        };
        let mut file = std::fs::File::open(path).map_err(Error::io(path))?;
        let size = file.metadata().map_err(Error::io(path))?.len() as usize;
        let mut header = [0u8; 24];
        if size < 24 || file.read_exact(&mut header).is_err() || &header[..8] != MAGIC {
            return Err(corrupt("not a docent vector file"));
        }
        let (dimension, n) = (le_word(&header[8..]), le_word(&header[16..]));
        let expected = n
            .checked_mul(8 + dimension * 4)
            .and_then(|body| body.checked_add(24));
        if expected != Some(size) {
            return Err(corrupt("truncated"));
        }
        Ok((dimension, n))
    }

    /// Reads a file written by [`write`](Self::write); `payload(id)` supplies each payload.
    /// Streams the file into place: memory holds the vectors once, not the file besides.
    pub fn read(path: &Path, mut payload: impl FnMut(u64) -> Option<Payload>) -> Result<Self> {
        use std::io::Read;
        let corrupt = |message: &str| Error::Corrupt {
            path: path.display().to_string(),
            message: message.to_string(),
        };
        let (dimension, n) = Self::header(path)?;
        let file = std::fs::File::open(path).map_err(Error::io(path))?;
        let mut input = std::io::BufReader::with_capacity(1 << 20, file);
        input.read_exact(&mut [0u8; 24]).map_err(Error::io(path))?;
        let mut store = EmbeddedStore::new(dimension);
        let mut ids = vec![0u8; n * 8];
        input.read_exact(&mut ids).map_err(Error::io(path))?;
        store.ids.reserve_exact(n);
        store.payloads.reserve_exact(n);
        store.positions.reserve(n);
        for (row, raw) in ids.chunks_exact(8).enumerate() {
            let id = le_word(raw) as u64;
            let p = payload(id).ok_or_else(|| corrupt("a vector has no chunk"))?;
            if store.positions.insert(id, row).is_some() {
                return Err(corrupt("an id appears twice"));
            }
            store.ids.push(id);
            store.payloads.push(p);
        }
        drop(ids);
        store.data = vec![0.0f32; n * dimension];
        let mut buf = vec![0u8; 1 << 20];
        let mut filled = 0;
        while filled < store.data.len() {
            let want = ((store.data.len() - filled) * 4).min(buf.len());
            input
                .read_exact(&mut buf[..want])
                .map_err(Error::io(path))?;
            for (x, c) in store.data[filled..filled + want / 4]
                .iter_mut()
                .zip(buf[..want].chunks_exact(4))
            {
                *x = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            filled += want / 4;
        }
        if n >= QUANTIZE_MIN_ROWS {
            store.quantized();
        }
        Ok(store)
    }

    /// The byte copy of the vectors, built on first use.
    fn quantized(&self) -> &Quantized {
        self.quantized.get_or_init(|| {
            let mut q = Quantized {
                codes: Vec::with_capacity(self.data.len()),
                scales: Vec::with_capacity(self.ids.len()),
            };
            for v in self.data.chunks_exact(self.dimension.max(1)) {
                let scale = quantize(v, &mut q.codes);
                q.scales.push(scale);
            }
            q
        })
    }

    /// Exact search over the full-precision vectors, whatever the store's size (the reference
    /// the byte scan is measured against).
    pub fn search_exact(
        &self,
        query: &[f32],
        k: usize,
        filter: &Filter,
    ) -> Result<Vec<(u64, f32)>> {
        self.search_with(query, k, filter, false)
    }

    fn search_with(
        &self,
        query: &[f32],
        k: usize,
        filter: &Filter,
        allow_quantized: bool,
    ) -> Result<Vec<(u64, f32)>> {
        if query.len() != self.dimension {
            return Err(Error::Dimension {
                want: self.dimension,
                got: query.len(),
            });
        }
        if k == 0 || self.ids.is_empty() {
            return Ok(Vec::new());
        }
        let n = self.ids.len();
        let quantized = allow_quantized && n >= QUANTIZE_MIN_ROWS;
        let keep = if quantized {
            (k * RESCORE_FACTOR).max(64)
        } else {
            k
        };
        // The query's own scale is common to every row, so it changes no order: dropped.
        let mut query_codes = Vec::new();
        if quantized {
            quantize(query, &mut query_codes);
        }
        let d = self.dimension;
        let bytes = quantized.then(|| self.quantized());
        let scan = |rows: std::ops::Range<usize>| match bytes {
            Some(q) => pulp::Arch::new().dispatch(|| {
                self.top_k(keep, filter, rows, |row| {
                    dot_i8(&query_codes, &q.codes[row * d..(row + 1) * d]) as f32 * q.scales[row]
                })
            }),
            None => self.top_k(keep, filter, rows, |row| {
                dot(query, &self.data[row * d..(row + 1) * d])
            }),
        };
        let threads = std::thread::available_parallelism()
            .map(|t| t.get())
            .unwrap_or(1)
            .min(n.div_ceil(ROWS_PER_THREAD))
            .max(1);
        let mut found = if threads == 1 {
            scan(0..n)
        } else {
            let per = n.div_ceil(threads);
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let rows = t * per..((t + 1) * per).min(n);
                        let scan = &scan;
                        s.spawn(move || scan(rows))
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_default())
                    .collect()
            })
        };
        if quantized {
            let d = self.dimension;
            for s in &mut found {
                s.score = dot(query, &self.data[s.row * d..(s.row + 1) * d]);
            }
        }
        found.sort();
        found.truncate(k);
        Ok(found
            .into_iter()
            .map(|s| (self.ids[s.row], s.score))
            .collect())
    }

    /// The `k` best rows of `rows` passing `filter` by `score`, in no order.
    #[inline(always)]
    fn top_k(
        &self,
        k: usize,
        filter: &Filter,
        rows: std::ops::Range<usize>,
        score: impl Fn(usize) -> f32,
    ) -> Vec<Scored> {
        let mut heap: BinaryHeap<Scored> = BinaryHeap::with_capacity(k + 1);
        let all = filter.is_everything();
        for row in rows {
            if !all && !filter.matches(&self.payloads[row]) {
                continue;
            }
            let score = score(row);
            if heap.len() < k {
                heap.push(Scored { score, row });
            } else if heap.peek().is_some_and(|worst| score > worst.score) {
                heap.pop();
                heap.push(Scored { score, row });
            }
        }
        heap.into_vec()
    }
}

/// Min-heap entry: the heap's top is the worst kept score.
#[derive(Debug, Clone, Copy)]
struct Scored {
    score: f32,
    row: usize,
}

impl PartialEq for Scored {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scored {
    fn cmp(&self, o: &Self) -> Ordering {
        o.score.total_cmp(&self.score).then(self.row.cmp(&o.row))
    }
}

/// Dot product with 16 independent accumulators, so the loop vectorises.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 16];
    let ca = a.chunks_exact(16);
    let cb = b.chunks_exact(16);
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..16 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// Dot product of byte vectors in 32 i32 lanes (widened products), so the loop vectorises.
#[inline(always)]
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let mut acc = [0i32; 32];
    let ca = a.chunks_exact(32);
    let cb = b.chunks_exact(32);
    let tail: i32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| *x as i32 * *y as i32)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..32 {
            acc[i] += x[i] as i16 as i32 * y[i] as i16 as i32;
        }
    }
    acc.iter().sum::<i32>() + tail
}

/// Rows a thread scans before it is worth starting another.
const ROWS_PER_THREAD: usize = 16_384;

impl VectorSearch for EmbeddedStore {
    fn dimension(&self) -> usize {
        self.dimension
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn search(&self, query: &[f32], k: usize, filter: &Filter) -> Result<Vec<(u64, f32)>> {
        self.search_with(query, k, filter, true)
    }

    fn get(&self, id: u64) -> Result<Option<Vec<f32>>> {
        Ok(self.vector(id))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl EmbeddedStore {
    /// Adds vectors, or replaces those of ids already stored.
    pub fn insert(&mut self, points: Vec<(u64, Vec<f32>, Payload)>) -> Result<()> {
        self.quantized = std::sync::OnceLock::new();
        for (id, v, p) in points {
            if v.len() != self.dimension {
                return Err(Error::Dimension {
                    want: self.dimension,
                    got: v.len(),
                });
            }
            match self.positions.get(&id) {
                Some(&row) => {
                    self.data[row * self.dimension..(row + 1) * self.dimension].copy_from_slice(&v);
                    self.payloads[row] = p;
                }
                None => {
                    self.positions.insert(id, self.ids.len());
                    self.ids.push(id);
                    self.data.extend_from_slice(&v);
                    self.payloads.push(p);
                }
            }
        }
        Ok(())
    }

    /// The stored vector of `id`.
    pub fn vector(&self, id: u64) -> Option<Vec<f32>> {
        let row = *self.positions.get(&id)?;
        Some(self.data[row * self.dimension..(row + 1) * self.dimension].to_vec())
    }
}

#[cfg(test)]
mod tests;
