//! Bringing an index up to date with files on disk.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use docent_core::{Chunk, ChunkingConfig, Ticket, TicketMapping, TokenCount};
use docent_embed::Embedder;
use docent_ingest::{
    content_hash, is_ticket_file, load_file, load_tickets, scan, ticket_document, Chunker,
    LoadDefaults, Problem, SourceFile, DOC_EXTENSIONS, TICKET_EXTENSIONS,
};

use crate::backend::{Replica, SyncReport};
use crate::generation::{
    self, FileEntry, Files, CHUNKS, FILES, LEXICAL, MANIFEST, SENTENCES, TICKETS, VECTORS,
};
use crate::index::payload;
use crate::lexical::Lexical;
use crate::sentences::{self, Block, SentenceFile};
use crate::store::{EmbeddedStore, VectorStore};
use crate::{Error, Manifest, Result, FORMAT_VERSION};

/// What to ingest and how.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The index directory (`indexes/<name>`).
    pub index_dir: PathBuf,
    /// Document files or folders (`.csv` files found there are read as ticket exports).
    pub paths: Vec<PathBuf>,
    /// Ticket exports (CSV, JSON, JSONL) or folders of them.
    pub ticket_paths: Vec<PathBuf>,
    /// Chunk sizes.
    pub chunking: ChunkingConfig,
    /// Audience and product for documents that name none.
    pub defaults: LoadDefaults,
    /// Ticket column mapping.
    pub mapping: TicketMapping,
    /// Model truncation length, recorded in the manifest.
    pub model_max_tokens: usize,
    /// A copy of the index to bring up to each new generation before it goes live (a Qdrant
    /// collection: [`crate::Backend::replica`]); none for the embedded backend.
    pub replica: Option<Arc<dyn Replica>>,
    /// Stop before the commit (for crash-safety tests): `Some("before_commit")`.
    #[doc(hidden)]
    pub fail_at: Option<&'static str>,
}

/// Reports progress of long stages (a progress bar in the CLI).
pub trait Progress: Sync {
    /// A stage starts with `total` units of work.
    fn start(&self, stage: &str, total: u64);
    /// `n` more units are done.
    fn advance(&self, n: u64);
    /// The stage is done.
    fn finish(&self);
}

/// No progress output.
impl Progress for () {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// What an ingest did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    /// Files found under the given paths.
    pub files_seen: usize,
    /// Files whose content hash was unchanged (no work done).
    pub files_unchanged: usize,
    /// Files new or changed since the last ingest.
    pub files_changed: usize,
    /// Files gone since the last ingest, removed from the index.
    pub files_removed: usize,
    /// Documents in the index now.
    pub documents: usize,
    /// Tickets in the index now.
    pub tickets: usize,
    /// Chunks in the index now.
    pub chunks: usize,
    /// Chunks embedded by this ingest.
    pub chunks_embedded: usize,
    /// Chunks whose vectors were reused.
    pub chunks_reused: usize,
    /// Inputs skipped, with where and why.
    pub problems: Vec<Problem>,
    /// Generation now live.
    pub generation: u64,
    /// False when nothing changed and no new generation was written.
    pub committed: bool,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Of which embedding.
    pub seconds_embedding: f64,
    /// Sentence spans of documentation chunks embedded by this ingest.
    pub sentences_embedded: usize,
    /// Sentence spans whose vectors were reused (their chunk's text was unchanged).
    pub sentences_reused: usize,
    /// Seconds spent embedding sentences (included in `seconds_embedding`).
    pub seconds_sentences: f64,
    /// What bringing the replica (Qdrant) up to the live generation did, if there is one.
    pub replica: Option<SyncReport>,
}

/// The state carried from one generation to the next.
struct Previous {
    generation: u64,
    files: Files,
    chunks: Vec<Chunk>,
    tickets: Vec<Ticket>,
    store: EmbeddedStore,
    /// Sentence vectors, absent in generations older than format 3.
    sentences: Option<SentenceFile>,
}

fn previous(root: &Path, want: &Manifest) -> Result<Option<Previous>> {
    let Some((generation, dir)) = generation::current(root)? else {
        return Ok(None);
    };
    let manifest: Manifest = generation::read_json(&dir.join(MANIFEST))?;
    // An index of an older format (same vector file, other lexical index) is rebuilt whole:
    // every file counts as changed, and vectors of unchanged chunk text are still reused.
    let upgrade = (1..FORMAT_VERSION).contains(&manifest.format_version);
    let current = Manifest {
        format_version: if upgrade {
            FORMAT_VERSION
        } else {
            manifest.format_version
        },
        ..manifest
    };
    current.check(want, &root.display().to_string())?;
    let chunks: Vec<Chunk> = generation::read_jsonl(&dir.join(CHUNKS))?;
    let store = EmbeddedStore::read(&dir.join(VECTORS), |id| {
        chunks.get(id as usize).map(payload)
    })?;
    let sentence_path = dir.join(SENTENCES);
    let sentences = if upgrade || !sentence_path.exists() {
        None
    } else {
        Some(SentenceFile::open(&sentence_path, chunks.len())?)
    };
    Ok(Some(Previous {
        sentences,
        generation,
        files: if upgrade {
            Files::new()
        } else {
            generation::read_json(&dir.join(FILES))?
        },
        tickets: generation::read_jsonl(&dir.join(TICKETS))?,
        chunks,
        store,
    }))
}

/// The text the model sees for a chunk: where it sits, then what it says.
pub(crate) fn embedding_text(c: &Chunk) -> String {
    let mut s = c.title.clone();
    for h in &c.heading_path {
        if h != &c.title {
            s.push_str(" > ");
            s.push_str(h);
        }
    }
    s.push('\n');
    s.push_str(&c.text);
    s
}

fn file_id(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => stem.to_string(),
        _ => key.to_string(),
    }
}

/// Ingests `opts.paths` and `opts.ticket_paths` into the index at `opts.index_dir`.
pub fn ingest(
    opts: &IngestOptions,
    embedder: &dyn Embedder,
    counter: &dyn TokenCount,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    let started = Instant::now();
    let root = &opts.index_dir;
    std::fs::create_dir_all(root).map_err(Error::io(root))?;
    let want = Manifest {
        format_version: FORMAT_VERSION,
        model_id: embedder.model_id().to_string(),
        dimension: embedder.dimension(),
        model_max_tokens: opts.model_max_tokens,
        chunk_max_tokens: opts.chunking.max_tokens,
        chunk_overlap_tokens: opts.chunking.overlap_tokens,
        generation: 0,
        chunks: 0,
        documents: 0,
        tickets: 0,
        built_at: 0,
    };
    let prev = previous(root, &want)?;
    let mut report = IngestReport::default();

    // 1. What is on disk now.
    let (mut found, errors) = scan(&opts.paths, DOC_EXTENSIONS);
    report.problems.extend(errors.iter().map(Problem::from));
    let (ticket_files, errors) = scan(&opts.ticket_paths, TICKET_EXTENSIONS);
    report.problems.extend(errors.iter().map(Problem::from));
    let ticket_keys: HashSet<String> = ticket_files.iter().map(state_key).collect();
    found.extend(ticket_files);
    report.files_seen = found.len();
    let roots: HashSet<String> = found
        .iter()
        .map(|f| f.root.clone())
        .chain(
            opts.paths
                .iter()
                .chain(&opts.ticket_paths)
                .map(|p| p.to_string_lossy().replace('\\', "/")),
        )
        .collect();

    // 2. Decide per file: keep, (re)load, or drop.
    let empty = Files::new();
    let old_files = prev.as_ref().map(|p| &p.files).unwrap_or(&empty);
    let mut files = Files::new();
    let mut kept_docs: HashSet<String> = HashSet::new();
    let mut to_load: Vec<(&SourceFile, bool)> = Vec::new();
    let mut seen_keys = HashSet::new();
    for f in &found {
        let key = state_key(f);
        seen_keys.insert(key.clone());
        match old_files.get(&key) {
            Some(old) if old.hash == f.hash => {
                kept_docs.extend(old.doc_ids.iter().cloned());
                files.insert(key, old.clone());
                report.files_unchanged += 1;
            }
            _ => {
                let tickets = ticket_keys.contains(&key) || is_ticket_file(&f.path);
                to_load.push((f, tickets));
                report.files_changed += 1;
            }
        }
    }
    for (key, old) in old_files {
        if seen_keys.contains(key) {
            continue;
        }
        if roots.contains(&old.root) {
            report.files_removed += 1;
        } else {
            // Another root, not part of this ingest: keep it.
            kept_docs.extend(old.doc_ids.iter().cloned());
            files.insert(key.clone(), old.clone());
        }
    }
    if let Some(p) = &prev {
        if report.files_changed == 0 && report.files_removed == 0 {
            report.generation = p.generation;
            report.documents = count_docs(&p.chunks);
            report.tickets = p.tickets.len();
            report.chunks = p.chunks.len();
            report.chunks_reused = p.chunks.len();
            // Nothing new, but a replica may lag (a sync that failed earlier): finish it.
            if let Some(r) = &opts.replica {
                let (_, dir) = generation::current(root)?.ok_or_else(|| Error::NotFound {
                    path: root.display().to_string(),
                })?;
                let mut synced = r.stage(&dir, progress)?;
                synced.deleted = r.prune(&dir)?;
                report.replica = Some(synced);
            }
            report.seconds = started.elapsed().as_secs_f64();
            return Ok(report);
        }
    }

    // 3. Load and chunk what changed.
    let chunker = Chunker::new(
        counter,
        opts.chunking.max_tokens,
        opts.chunking.overlap_tokens,
    )?;
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut tickets: Vec<Ticket> = Vec::new();
    if let Some(p) = &prev {
        chunks.extend(
            p.chunks
                .iter()
                .filter(|c| kept_docs.contains(&c.doc_id))
                .cloned(),
        );
        tickets.extend(
            p.tickets
                .iter()
                .filter(|t| kept_docs.contains(&format!("ticket:{}", t.id)))
                .cloned(),
        );
    }
    let mut used_ids: HashSet<String> = kept_docs.clone();
    progress.start("reading", to_load.len() as u64);
    for (f, is_tickets) in to_load {
        let key = state_key(f);
        let mut doc_ids = Vec::new();
        if is_tickets {
            match load_tickets(&f.path, &opts.mapping) {
                Ok(load) => {
                    report
                        .problems
                        .extend(load.problems.iter().map(Problem::from));
                    for t in load.tickets {
                        let doc = ticket_document(&t);
                        if !used_ids.insert(doc.id.clone()) {
                            report.problems.push(Problem {
                                at: t.source.clone(),
                                message: format!("duplicate ticket id {}; kept the first", t.id),
                            });
                            continue;
                        }
                        doc_ids.push(doc.id.clone());
                        chunks.extend(chunker.chunk(&doc));
                        tickets.push(t);
                    }
                }
                Err(e) => report.problems.push(Problem::from(&e)),
            }
        } else {
            let mut id = file_id(&f.key);
            if used_ids.contains(&id) {
                id = f.key.clone();
            }
            match load_file(&f.path, &id, &opts.defaults) {
                Ok((docs, problems)) => {
                    report.problems.extend(problems.iter().map(Problem::from));
                    for doc in docs {
                        if !used_ids.insert(doc.id.clone()) {
                            report.problems.push(Problem {
                                at: doc.source.clone(),
                                message: format!(
                                    "duplicate document id {:?}; kept the first",
                                    doc.id
                                ),
                            });
                            continue;
                        }
                        doc_ids.push(doc.id.clone());
                        chunks.extend(chunker.chunk(&doc));
                    }
                }
                Err(e) => report.problems.push(Problem::from(&e)),
            }
        }
        files.insert(
            key,
            FileEntry {
                root: f.root.clone(),
                key: f.key.clone(),
                hash: f.hash.clone(),
                doc_ids,
                tickets: is_tickets,
            },
        );
        progress.advance(1);
    }
    progress.finish();

    // 4. Vectors: reuse those of unchanged chunk text, embed the rest.
    let texts: Vec<String> = chunks.iter().map(embedding_text).collect();
    let mut cache: HashMap<String, Vec<f32>> = HashMap::new();
    if let Some(p) = &prev {
        for (row, c) in p.chunks.iter().enumerate() {
            if let Some(v) = p.store.get(row as u64) {
                cache.insert(content_hash(embedding_text(c).as_bytes()), v);
            }
        }
    }
    let mut vectors: Vec<Option<Vec<f32>>> = texts
        .iter()
        .map(|t| cache.get(&content_hash(t.as_bytes())).cloned())
        .collect();
    drop(cache);
    let mut missing: Vec<usize> = (0..texts.len()).filter(|&i| vectors[i].is_none()).collect();
    report.chunks_reused = texts.len() - missing.len();
    report.chunks_embedded = missing.len();
    missing.sort_by_key(|&i| std::cmp::Reverse(texts[i].len()));
    let embed_started = Instant::now();
    progress.start("embedding", missing.len() as u64);
    for part in missing.chunks(256) {
        let batch: Vec<&str> = part.iter().map(|&i| texts[i].as_str()).collect();
        let out = embedder.embed(&batch)?;
        for (&i, v) in part.iter().zip(out) {
            vectors[i] = Some(v);
        }
        progress.advance(part.len() as u64);
    }
    progress.finish();
    let blocks = sentence_blocks(&chunks, prev.as_ref(), embedder, progress, &mut report)?;
    report.seconds_embedding = embed_started.elapsed().as_secs_f64();

    // 5. Write the new generation beside the live one, then swap it in.
    let number = prev.as_ref().map(|p| p.generation + 1).unwrap_or(1);
    let vectors = vectors.into_iter().map(Option::unwrap_or_default).collect();
    progress.start("indexing", 1);
    let (dir, manifest) = write_generation(
        root, number, &chunks, vectors, &blocks, &tickets, &files, want,
    )?;
    progress.finish();
    report.replica = publish(root, number, &dir, opts, progress)?;

    report.generation = number;
    report.committed = true;
    report.documents = manifest.documents;
    report.tickets = manifest.tickets;
    report.chunks = chunks.len();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn state_key(f: &SourceFile) -> String {
    format!("{}::{}", f.root, f.key)
}

fn count_docs(chunks: &[Chunk]) -> usize {
    let mut ids: BTreeMap<&str, ()> = BTreeMap::new();
    for c in chunks {
        if c.kind == docent_core::DocKind::Doc {
            ids.insert(&c.doc_id, ());
        }
    }
    ids.len()
}

/// Makes generation `number` (written at `dir`) live: the replica, if any, is staged first
/// (a failure there leaves the previous generation live), then the pointer is swapped, then
/// the replica is pruned of what the new generation dropped (a failure there only leaves
/// extra points, which the next ingest or sync removes, so it is reported, not raised).
fn publish(
    root: &Path,
    number: u64,
    dir: &Path,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<Option<SyncReport>> {
    let mut synced = match &opts.replica {
        Some(r) => Some(r.stage(dir, progress)?),
        None => None,
    };
    if let Some(point) = opts.fail_at {
        return Err(Error::Aborted(point));
    }
    generation::commit(root, number)?;
    if let (Some(r), Some(report)) = (&opts.replica, synced.as_mut()) {
        match r.prune(dir) {
            Ok(n) => report.deleted = n,
            Err(e) => report.prune_error = Some(e.to_string()),
        }
    }
    Ok(synced)
}

/// Writes generation `number` under `root` from its parts (not yet live): its folder and
/// manifest.
#[allow(clippy::too_many_arguments)]
fn write_generation(
    root: &Path,
    number: u64,
    chunks: &[Chunk],
    vectors: Vec<Vec<f32>>,
    sentences: &[Block],
    tickets: &[Ticket],
    files: &Files,
    want: Manifest,
) -> Result<(PathBuf, Manifest)> {
    let dir = generation::fresh(root, number)?;
    let mut blocks = sentences.to_vec();
    blocks.resize(chunks.len(), Block::default());
    sentences::write(&dir.join(SENTENCES), want.dimension, &blocks)?;
    drop(blocks);
    let mut store = EmbeddedStore::new(want.dimension);
    let points = chunks
        .iter()
        .zip(vectors)
        .enumerate()
        .map(|(row, (c, v))| (row as u64, v, payload(c)))
        .collect();
    store.upsert(points)?;
    store.write(&dir.join(VECTORS))?;
    drop(store);
    generation::write_jsonl(&dir.join(CHUNKS), chunks)?;
    generation::write_jsonl(&dir.join(TICKETS), tickets)?;
    generation::write_json(&dir.join(FILES), files)?;
    Lexical::build(&dir.join(LEXICAL), chunks)?;
    let manifest = Manifest {
        generation: number,
        chunks: chunks.len(),
        documents: count_docs(chunks),
        tickets: tickets.len(),
        built_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        ..want
    };
    generation::write_json(&dir.join(MANIFEST), &manifest)?;
    Ok((dir, manifest))
}

/// Writes a complete index at `root` from chunks, their vectors and their sentence blocks (one
/// per chunk row; missing ones are empty), replacing what is there (benchmarks build large
/// synthetic indexes this way, without embedding every chunk). `manifest` gives the model,
/// dimension and chunking; counts are filled in.
pub fn write_index(
    root: &Path,
    chunks: &[Chunk],
    vectors: Vec<Vec<f32>>,
    sentences: &[Block],
    manifest: Manifest,
) -> Result<Manifest> {
    std::fs::create_dir_all(root).map_err(Error::io(root))?;
    let number = generation::current(root)?.map(|(n, _)| n + 1).unwrap_or(1);
    let (_, written) = write_generation(
        root,
        number,
        chunks,
        vectors,
        sentences,
        &[],
        &Files::new(),
        manifest,
    )?;
    generation::commit(root, number)?;
    Ok(written)
}

/// Sentence blocks of every chunk row: documentation chunks get their spans embedded (or
/// reused from the previous generation when the chunk's text is unchanged), tickets none
/// (the tutor never quotes them).
fn sentence_blocks(
    chunks: &[Chunk],
    prev: Option<&Previous>,
    embedder: &dyn Embedder,
    progress: &dyn Progress,
    report: &mut IngestReport,
) -> Result<Vec<Block>> {
    let started = Instant::now();
    let mut cache: HashMap<String, Block> = HashMap::new();
    if let Some((p, file)) = prev.and_then(|p| p.sentences.as_ref().map(|f| (p, f))) {
        for (row, c) in p.chunks.iter().enumerate() {
            if c.kind == docent_core::DocKind::Doc {
                cache.insert(content_hash(c.text.as_bytes()), file.block(row)?);
            }
        }
    }
    let mut blocks = vec![Block::default(); chunks.len()];
    let mut todo: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for (row, c) in chunks.iter().enumerate() {
        if c.kind != docent_core::DocKind::Doc {
            continue;
        }
        match cache.get(&content_hash(c.text.as_bytes())) {
            Some(b) => {
                report.sentences_reused += b.spans.len();
                blocks[row] = b.clone();
            }
            None => todo.push((row, sentences::spans(&c.text))),
        }
    }
    drop(cache);
    let mut texts: Vec<(usize, usize, String)> = Vec::new(); // row, span index, text
    for (row, spans) in &todo {
        for (i, (s, e)) in spans.iter().enumerate() {
            texts.push((
                *row,
                i,
                sentences::embedding_text(&chunks[*row].text[*s..*e]),
            ));
        }
    }
    texts.sort_by_key(|t| std::cmp::Reverse(t.2.len()));
    report.sentences_embedded = texts.len();
    progress.start("embedding sentences", texts.len() as u64);
    let mut vectors: HashMap<(usize, usize), Vec<f32>> = HashMap::with_capacity(texts.len());
    for part in texts.chunks(256) {
        let batch: Vec<&str> = part.iter().map(|t| t.2.as_str()).collect();
        for (t, v) in part.iter().zip(embedder.embed(&batch)?) {
            vectors.insert((t.0, t.1), v);
        }
        progress.advance(part.len() as u64);
    }
    progress.finish();
    for (row, spans) in todo {
        let vs: Vec<Vec<f32>> = (0..spans.len())
            .map(|i| vectors.remove(&(row, i)).unwrap_or_default())
            .collect();
        blocks[row] = Block::new(&spans, &vs);
    }
    report.seconds_sentences = started.elapsed().as_secs_f64();
    Ok(blocks)
}
