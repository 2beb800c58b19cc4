//! Bringing an index up to date with its sources, in stages a reader finds by name:
//! [`plan`] (list every source, keep what is unchanged), [`load_changed`] (load and chunk the
//! rest), [`embed_chunks`] and [`sentence_blocks`] (vectors, reusing those of unchanged text),
//! [`write_generation`] (the new generation beside the live one) and [`publish`] (the vector
//! backend brought up to it, then the swap).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use docent_core::{Chunk, ChunkingConfig, Ticket, TokenCount};
use docent_embed::Embedder;
use docent_ingest::{content_hash, ticket_document, Chunker, Item, Problem, Source};

use crate::backend::{GenerationFile, SyncReport, VectorSync};
use crate::generation::{
    self, FileEntry, Files, CHUNKS, FILES, HEADINGS, LEXICAL, MANIFEST, SENTENCES, TERMS, TICKETS,
    VECTORS,
};
use crate::lexical::Lexical;
use crate::progress::Progress;
use crate::sentences::{self, Block, SentenceFile};
use crate::store::{EmbeddedStore, Payload};
use crate::texts::embedding_text;
use crate::vocabulary::Vocabulary;
use crate::{Error, Manifest, Result, FORMAT_VERSION};

/// What to ingest and how.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The index directory (`indexes/<name>`).
    pub index_dir: PathBuf,
    /// Where documents and tickets come from ([`docent_ingest::Files`] for files and folders).
    pub sources: Vec<Arc<dyn Source>>,
    /// Chunk sizes.
    pub chunking: ChunkingConfig,
    /// Model truncation length, recorded in the manifest.
    pub model_max_tokens: usize,
    /// The vector backend brought up to each new generation before it goes live
    /// ([`crate::Backend::sync`]).
    pub vectors: Arc<dyn VectorSync>,
    /// Stop before the commit (for crash-safety tests): `Some("before_commit")`.
    #[doc(hidden)]
    pub fail_at: Option<&'static str>,
}

impl Default for IngestOptions {
    /// No sources, default chunking, the embedded backend.
    fn default() -> Self {
        IngestOptions {
            index_dir: PathBuf::new(),
            sources: Vec::new(),
            chunking: ChunkingConfig::default(),
            model_max_tokens: 0,
            vectors: Arc::new(GenerationFile),
            fail_at: None,
        }
    }
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
    /// Distinct heading texts embedded by this ingest (the others were reused).
    pub headings_embedded: usize,
    /// Terms of the docs embedded by this ingest (the others were reused).
    pub terms_embedded: usize,
    /// What bringing the replica (Qdrant) up to the live generation did, if there is one.
    pub replica: Option<SyncReport>,
    /// Paths given that lie inside a folder the index already holds: that folder was read in
    /// their place, so its files keep their ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub widened: Vec<docent_ingest::Widened>,
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
    /// Heading vectors, absent in generations older than format 9.
    headings: Option<SentenceFile>,
    /// Term vectors, absent in generations older than format 12.
    terms: Option<Vocabulary>,
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
        chunks.get(id as usize).map(Payload::of)
    })?;
    let sentence_path = dir.join(SENTENCES);
    // Sentence vectors carry over an upgrade where a chunk's text is cut into the same spans
    // ([`sentence_blocks`] checks).
    let sentences = if sentence_path.exists() {
        Some(SentenceFile::open(&sentence_path, chunks.len())?)
    } else {
        None
    };
    // Heading vectors are keyed by their text, so they carry over an upgrade too.
    let heading_path = dir.join(HEADINGS);
    let headings = if heading_path.exists() {
        Some(SentenceFile::open(&heading_path, chunks.len())?)
    } else {
        None
    };
    // Term vectors are keyed by their term, so they carry over an upgrade too.
    let terms_path = dir.join(TERMS);
    let terms = if terms_path.exists() {
        Some(Vocabulary::read(&terms_path)?)
    } else {
        None
    };
    Ok(Some(Previous {
        sentences,
        headings,
        terms,
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

fn file_id(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => stem.to_string(),
        _ => key.to_string(),
    }
}

/// Brings the index at `opts.index_dir` up to date with `opts.sources`.
pub fn ingest(
    opts: &IngestOptions,
    embedder: &dyn Embedder,
    counter: &dyn TokenCount,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    let started = Instant::now();
    let root = &opts.index_dir;
    std::fs::create_dir_all(root).map_err(Error::io(root))?;
    let _writer = generation::WriteLock::take(root)?;
    let want = Manifest::wanted(
        embedder,
        opts.model_max_tokens,
        opts.chunking.max_tokens,
        opts.chunking.overlap_tokens,
    );
    let prev = previous(root, &want)?;
    let mut report = IngestReport::default();
    let sources = within_known_roots(&opts.sources, prev.as_ref(), &mut report);
    let plan = plan(&sources, prev.as_ref().map(|p| &p.files), &mut report);
    if let Some(p) = &prev {
        if report.files_changed == 0 && report.files_removed == 0 {
            catch_up(root, p, opts, progress, &mut report)?;
            report.seconds = started.elapsed().as_secs_f64();
            return Ok(report);
        }
    }
    let (chunks, tickets, files) = load_changed(
        opts,
        &sources,
        plan,
        prev.as_ref(),
        counter,
        progress,
        &mut report,
    )?;
    let embed_started = Instant::now();
    let vectors = embed_chunks(&chunks, prev.as_ref(), embedder, progress, &mut report)?;
    let blocks = sentence_blocks(&chunks, prev.as_ref(), embedder, progress, &mut report)?;
    let headings = heading_blocks(&chunks, prev.as_ref(), embedder, progress, &mut report)?;
    let terms = term_vectors(&chunks, prev.as_ref(), embedder, progress, &mut report)?;
    report.seconds_embedding = embed_started.elapsed().as_secs_f64();

    let number = prev.as_ref().map(|p| p.generation + 1).unwrap_or(1);
    progress.start("indexing", 1);
    let (dir, manifest) = write_generation(
        root,
        number,
        &chunks,
        vectors,
        [&blocks, &headings],
        &terms,
        &tickets,
        &files,
        want,
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

/// The roots the index holds from earlier ingests, each once, with what their files held.
fn known_roots(files: &Files) -> Vec<docent_ingest::KnownRoot> {
    let mut holds: BTreeMap<&str, docent_ingest::Holds> = BTreeMap::new();
    for entry in files.values() {
        let h = holds
            .entry(entry.root.as_str())
            .or_insert(docent_ingest::Holds::Tickets);
        if !entry.tickets {
            *h = docent_ingest::Holds::Documents;
        }
    }
    holds
        .into_iter()
        .map(|(root, holds)| docent_ingest::KnownRoot {
            root: root.to_string(),
            holds,
        })
        .collect()
}

/// The sources with every path that lies inside a folder the index holds read as that
/// folder ([`Source::within`]); what was widened goes into `report`.
fn within_known_roots(
    sources: &[Arc<dyn Source>],
    prev: Option<&Previous>,
    report: &mut IngestReport,
) -> Vec<Arc<dyn Source>> {
    let known = prev.map(|p| known_roots(&p.files)).unwrap_or_default();
    sources
        .iter()
        .map(|source| match source.within(&known) {
            Some((wider, widened)) => {
                report.widened.extend(widened);
                wider
            }
            None => source.clone(),
        })
        .collect()
}

/// What an ingest does with the items its sources list now.
struct Plan {
    /// Entries of unchanged items, and of items of roots this ingest does not cover.
    files: Files,
    /// Documents (and `ticket:ID`s) those entries produced: their chunks are kept.
    kept_docs: HashSet<String>,
    /// New or changed items, with the index of their source and what the index remembers
    /// of the file's last version.
    to_load: Vec<(usize, Item, Option<FileEntry>)>,
    /// The id each page (a file of one document) takes from its path, and the state key of
    /// that page: a record of a JSONL file never takes it ([`Loading::load`]).
    pages: HashMap<String, String>,
}

/// Whether an item is a page: a file of one document (not a JSONL file of records, not a
/// ticket export), whose id is its path's.
fn is_page(holds: docent_ingest::Holds, key: &str) -> bool {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    holds == docent_ingest::Holds::Documents && !matches!(ext.as_deref(), Some("jsonl" | "ndjson"))
}

/// Lists every source and decides per item: keep (hash unchanged), load (new or changed) or
/// drop (gone from a root this ingest covers). Counts go into `report`.
fn plan(sources: &[Arc<dyn Source>], old_files: Option<&Files>, report: &mut IngestReport) -> Plan {
    let empty = Files::new();
    let old_files = old_files.unwrap_or(&empty);
    let mut listed: Vec<(usize, Item)> = Vec::new();
    let mut roots: HashSet<String> = HashSet::new();
    for (i, source) in sources.iter().enumerate() {
        let (items, problems) = source.list();
        report.problems.extend(problems);
        roots.extend(source.roots());
        listed.extend(items.into_iter().map(|item| (i, item)));
    }
    roots.extend(listed.iter().map(|(_, item)| item.root.clone()));
    report.files_seen = listed.len();
    let mut plan = Plan {
        files: Files::new(),
        kept_docs: HashSet::new(),
        to_load: Vec::new(),
        pages: HashMap::new(),
    };
    // Every page's path id, first listed first: a feed record naming a page's id (an outside
    // probe, session 55: `{"id": "billing/plans", ...}` in a JSONL file took over the billing
    // page's id and links, or not, by the order files were read and which had changed) is
    // refused, and the page keeps it.
    for (_, item) in &listed {
        if is_page(item.holds, &item.key) {
            plan.pages
                .entry(file_id(&item.key))
                .or_insert_with(|| state_key(item));
        }
    }
    // A folder given by another spelling of its path ("docs", "./docs", an absolute path) is
    // the same root: its files are matched to what the index remembers of them, never added
    // twice.
    let mut places = Places::default();
    let covered: HashSet<String> = roots.iter().map(|r| places.of(r)).collect();
    let remembered: HashMap<(String, &str), &str> = old_files
        .iter()
        .map(|(k, old)| ((places.of(&old.root), old.key.as_str()), k.as_str()))
        .collect();
    let files_listed: HashSet<String> = listed
        .iter()
        .filter_map(|(_, item)| match &item.location {
            docent_ingest::Location::File(path) => std::fs::canonicalize(path)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/")),
            _ => None,
        })
        .collect();
    let mut seen_keys: HashSet<String> = HashSet::new();
    for (i, item) in listed {
        let key = state_key(&item);
        let old_key = if old_files.contains_key(&key) {
            Some(key.clone())
        } else {
            let place = (places.of(&item.root), item.key.as_str());
            remembered.get(&place).map(|k| k.to_string())
        };
        seen_keys.insert(key.clone());
        seen_keys.extend(old_key.clone());
        match old_key.and_then(|k| old_files.get(&k)) {
            Some(old)
                if old.hash == item.hash && !takes_a_page_id(&plan.pages, &key, &item, old) =>
            {
                report.problems.extend(old.problems.iter().cloned());
                plan.kept_docs.extend(old.doc_ids.iter().cloned());
                let entry = FileEntry {
                    root: item.root.clone(),
                    ..old.clone()
                };
                plan.files.insert(key, entry);
                report.files_unchanged += 1;
            }
            old => {
                plan.to_load.push((i, item, old.cloned()));
                report.files_changed += 1;
            }
        }
    }
    for (key, old) in old_files {
        if seen_keys.contains(key) {
            continue;
        }
        if covered.contains(&places.of(&old.root))
            || superseded(&mut places, old, &covered, &files_listed)
        {
            report.files_removed += 1;
        } else {
            // Another root, not part of this ingest: keep it.
            plan.kept_docs.extend(old.doc_ids.iter().cloned());
            plan.files.insert(key.clone(), old.clone());
            if !old.tickets && is_page(docent_ingest::Holds::Documents, &old.key) {
                for id in &old.doc_ids {
                    plan.pages.entry(id.clone()).or_insert_with(|| key.clone());
                }
            }
        }
    }
    plan
}

/// Whether an unchanged item must be read again because of whose ids its documents hold: a
/// page that does not hold its path id (a record had taken it), or a file of records one of
/// which holds another page's id. Read again, each gets what [`Loading::load`] gives it.
fn takes_a_page_id(
    pages: &HashMap<String, String>,
    key: &str,
    item: &Item,
    old: &FileEntry,
) -> bool {
    if is_page(item.holds, &item.key) {
        // The first page listed of a path id holds it, another of the same stem its key
        // (`plans.html`, `plans.md`); read again when it holds the other.
        let own = file_id(&item.key);
        let owner = pages.get(&own).is_some_and(|o| o == key);
        let holds_own = old.doc_ids == [own];
        return !old.doc_ids.is_empty() && owner != holds_own;
    }
    old.doc_ids
        .iter()
        .any(|id| pages.get(id).is_some_and(|owner| owner != key))
}

/// Nothing changed: the live generation stays, and the vector backend, which may lag (a sync
/// that failed earlier), is brought up to it.
fn catch_up(
    root: &Path,
    prev: &Previous,
    opts: &IngestOptions,
    progress: &dyn Progress,
    report: &mut IngestReport,
) -> Result<()> {
    report.generation = prev.generation;
    report.documents = count_docs(&prev.chunks);
    report.tickets = prev.tickets.len();
    report.chunks = prev.chunks.len();
    report.chunks_reused = prev.chunks.len();
    let (_, dir) = generation::current(root)?.ok_or_else(|| Error::NotFound {
        path: root.display().to_string(),
    })?;
    report.replica = opts.vectors.stage(&dir, progress)?;
    let pruned = opts.vectors.prune(&dir)?;
    if let Some(r) = report.replica.as_mut() {
        r.deleted = pruned;
    }
    Ok(())
}

/// Keeps the chunks and tickets of unchanged items, then loads and chunks the planned items;
/// returns every chunk and ticket of the new generation and its file state.
fn load_changed(
    opts: &IngestOptions,
    sources: &[Arc<dyn Source>],
    plan: Plan,
    prev: Option<&Previous>,
    counter: &dyn TokenCount,
    progress: &dyn Progress,
    report: &mut IngestReport,
) -> Result<(Vec<Chunk>, Vec<Ticket>, Files)> {
    let chunker = Chunker::new(
        counter,
        opts.chunking.max_tokens,
        opts.chunking.overlap_tokens,
    )?;
    let Plan {
        mut files,
        kept_docs,
        to_load,
        pages,
    } = plan;
    let mut out = Loading {
        chunker,
        used_ids: kept_docs.clone(),
        pages,
        chunks: Vec::new(),
        tickets: Vec::new(),
    };
    if let Some(p) = prev {
        out.chunks.extend(
            p.chunks
                .iter()
                .filter(|c| kept_docs.contains(&c.doc_id))
                .cloned(),
        );
        out.tickets.extend(
            p.tickets
                .iter()
                .filter(|t| kept_docs.contains(&format!("ticket:{}", t.id)))
                .cloned(),
        );
    }
    progress.start("reading", to_load.len() as u64);
    for (source, item, old) in to_load {
        let before = report.problems.len();
        // A file that can no longer be read keeps its last readable version (before, its
        // documents left the index while the summary said "0 removed"), and what went wrong
        // is remembered with the file, so every later ingest says it again until the file
        // changes (before, the next run saw an unchanged file and said nothing).
        // A file that reads but is refused (an audience written in a form Docent does not
        // read) is withdrawn: keeping its last version kept a page public after its author
        // made it internal in such a form (session 55's second probe).
        let doc_ids = match (out.load(sources[source].as_ref(), &item, report), old) {
            (Some(doc_ids), _) => doc_ids,
            (None, Some(old)) if !readable(&item.location) => {
                out.keep(prev, &old.doc_ids);
                if report.problems.len() > before {
                    if let Some(p) = report.problems.last_mut() {
                        p.message
                            .push_str("; its last readable version stays in the index");
                    }
                }
                old.doc_ids
            }
            (None, Some(_)) => {
                if report.problems.len() > before {
                    if let Some(p) = report.problems.last_mut() {
                        p.message.push_str("; its earlier version left the index");
                    }
                }
                Vec::new()
            }
            (None, None) => Vec::new(),
        };
        files.insert(
            state_key(&item),
            FileEntry {
                root: item.root.clone(),
                key: item.key.clone(),
                hash: item.hash.clone(),
                doc_ids,
                tickets: item.holds == docent_ingest::Holds::Tickets,
                problems: report.problems[before..].to_vec(),
            },
        );
        progress.advance(1);
    }
    progress.finish();
    Ok((out.chunks, out.tickets, files))
}

/// Whether an item reads as text now (a file that fails to load but reads was refused for
/// what it says, not lost or corrupted).
fn readable(location: &docent_ingest::Location) -> bool {
    match location {
        docent_ingest::Location::File(p) => {
            std::fs::read(p).is_ok_and(|b| std::str::from_utf8(&b).is_ok())
        }
        docent_ingest::Location::Url(_) => false,
    }
}

/// The chunks and tickets of a generation as its items are loaded, and the ids taken.
struct Loading<'a> {
    chunker: Chunker<'a>,
    used_ids: HashSet<String>,
    /// Page id -> the state key of the page that holds it ([`Plan::pages`]).
    pages: HashMap<String, String>,
    chunks: Vec<Chunk>,
    tickets: Vec<Ticket>,
}

impl Loading<'_> {
    /// Loads one item and chunks what it holds; the ids of its documents (tickets:
    /// `ticket:ID`). An item that cannot be read, and a document or ticket whose id is taken,
    /// is a problem in `report`; the rest goes through.
    fn load(
        &mut self,
        source: &dyn Source,
        item: &Item,
        report: &mut IngestReport,
    ) -> Option<Vec<String>> {
        let key = state_key(item);
        let page = is_page(item.holds, &item.key);
        let mut id = file_id(&item.key);
        let owned_by_another = page && self.pages.get(&id).is_some_and(|o| *o != key);
        if owned_by_another || self.used_ids.contains(&id) {
            id = item.key.clone();
        }
        let loaded = match source.load(item, &id) {
            Ok(l) => l,
            Err(p) => {
                report.problems.push(p);
                return None;
            }
        };
        // A file that gives nothing and says nothing (empty, front matter only, headings
        // without text) was left out without a word (an outside probe, session 54).
        let silent = loaded.documents.iter().all(|d| d.text.trim().is_empty())
            && loaded.tickets.is_empty()
            && loaded.problems.is_empty();
        report.problems.extend(loaded.problems);
        if silent {
            report.problems.push(Problem {
                at: item.location.to_string(),
                message:
                    "nothing to index: no text in it (empty, or front matter or headings only)"
                        .into(),
            });
        }
        let mut doc_ids = Vec::new();
        for t in loaded.tickets {
            let doc = ticket_document(&t);
            if !self.used_ids.insert(doc.id.clone()) {
                // Named as every other row's problem is, `path:line` (the ticket's source
                // says `path#line`, which a Markdown report then showed as `path\#line`).
                let at = match t.source.rsplit_once('#') {
                    Some((path, line)) if line.chars().all(|c| c.is_ascii_digit()) => {
                        format!("{path}:{line}")
                    }
                    _ => t.source.clone(),
                };
                report.problems.push(Problem {
                    at,
                    message: format!("duplicate ticket id {}; kept the first", t.id),
                });
                continue;
            }
            doc_ids.push(doc.id.clone());
            self.chunks.extend(self.chunker.chunk(&doc));
            self.tickets.push(t);
        }
        for doc in loaded.documents {
            let owner = self.pages.get(&doc.id).filter(|o| !page && **o != key);
            if let Some(owner) = owner {
                let page = owner.split_once("::").map_or(owner.as_str(), |(_, k)| k);
                report.problems.push(Problem {
                    at: doc.source.clone(),
                    message: format!(
                        "document id {:?} is the page {page}'s; the record is refused (give it an id of its own)",
                        doc.id
                    ),
                });
                continue;
            }
            if !self.used_ids.insert(doc.id.clone()) {
                report.problems.push(Problem {
                    at: doc.source.clone(),
                    message: format!("duplicate document id {:?}; kept the first", doc.id),
                });
                continue;
            }
            doc_ids.push(doc.id.clone());
            self.chunks.extend(self.chunker.chunk(&doc));
        }
        Some(doc_ids)
    }

    /// Keeps the chunks and tickets of `doc_ids` from the previous generation (a file that
    /// could not be read again).
    fn keep(&mut self, prev: Option<&Previous>, doc_ids: &[String]) {
        let Some(p) = prev else {
            return;
        };
        let ids: HashSet<&String> = doc_ids
            .iter()
            .filter(|d| self.used_ids.insert((*d).clone()))
            .collect();
        self.chunks
            .extend(p.chunks.iter().filter(|c| ids.contains(&c.doc_id)).cloned());
        self.tickets.extend(
            p.tickets
                .iter()
                .filter(|t| ids.contains(&format!("ticket:{}", t.id)))
                .cloned(),
        );
    }
}

/// A vector for every chunk: reused where the previous generation has the same embedding
/// text, embedded (longest first, in batches) otherwise.
fn embed_chunks(
    chunks: &[Chunk],
    prev: Option<&Previous>,
    embedder: &dyn Embedder,
    progress: &dyn Progress,
    report: &mut IngestReport,
) -> Result<Vec<Vec<f32>>> {
    let texts: Vec<String> = chunks.iter().map(embedding_text).collect();
    let mut cache: HashMap<String, Vec<f32>> = HashMap::new();
    if let Some(p) = prev {
        for (row, c) in p.chunks.iter().enumerate() {
            if let Some(v) = p.store.vector(row as u64) {
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
    let batch: Vec<&str> = missing.iter().map(|&i| texts[i].as_str()).collect();
    for (&i, v) in missing
        .iter()
        .zip(embed_batched("embedding", &batch, embedder, progress)?)
    {
        vectors[i] = Some(v);
    }
    Ok(vectors.into_iter().map(Option::unwrap_or_default).collect())
}

/// Vectors of `texts`, in order, embedded in batches of 256 under one progress bar.
/// The docs' term vectors ([`Vocabulary::terms_of`]): each term embedded once, reused from
/// the previous generation when it was there.
fn term_vectors(
    chunks: &[Chunk],
    prev: Option<&Previous>,
    embedder: &dyn Embedder,
    progress: &dyn Progress,
    report: &mut IngestReport,
) -> Result<Vocabulary> {
    let terms = Vocabulary::terms_of(chunks);
    let known = prev.and_then(|p| p.terms.as_ref());
    let todo: Vec<&str> = terms
        .iter()
        .map(String::as_str)
        .filter(|t| known.and_then(|k| k.get(t)).is_none())
        .collect();
    report.terms_embedded = todo.len();
    let mut fresh: HashMap<&str, Vec<f32>> = todo
        .iter()
        .copied()
        .zip(embed_batched("embedding terms", &todo, embedder, progress)?)
        .collect();
    let vectors = terms
        .iter()
        .map(|t| {
            fresh
                .remove(t.as_str())
                .or_else(|| known.and_then(|k| k.get(t)).map(<[f32]>::to_vec))
                .unwrap_or_default()
        })
        .collect();
    Ok(Vocabulary::new(embedder.dimension(), terms, vectors))
}

fn embed_batched(
    label: &str,
    texts: &[&str],
    embedder: &dyn Embedder,
    progress: &dyn Progress,
) -> Result<Vec<Vec<f32>>> {
    progress.start(label, texts.len() as u64);
    let mut out = Vec::with_capacity(texts.len());
    for batch in texts.chunks(256) {
        out.extend(embedder.embed(batch)?);
        progress.advance(batch.len() as u64);
    }
    progress.finish();
    Ok(out)
}

/// The folder a root names, whatever its spelling: its canonical path, or the root as given
/// when it cannot be resolved (gone since); each root is resolved once.
#[derive(Default)]
struct Places(HashMap<String, String>);

impl Places {
    fn of(&mut self, root: &str) -> String {
        self.0
            .entry(root.to_string())
            .or_insert_with(|| {
                std::fs::canonicalize(root)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|_| root.to_string())
            })
            .clone()
    }
}

/// Whether a remembered file of a root this ingest does not name is read now under another
/// root: a folder that holds an earlier ingest's subfolder or file, ingested after it. Its
/// entry leaves (the file is read under the new root), as does one of a root inside a folder
/// this ingest covers whose file is gone; before, both stayed, a second copy under the old ids.
fn superseded(
    places: &mut Places,
    old: &FileEntry,
    covered: &HashSet<String>,
    files_listed: &HashSet<String>,
) -> bool {
    let root = places.of(&old.root);
    let file = if Path::new(&root).is_dir() {
        format!("{root}/{}", old.key)
    } else {
        root.clone()
    };
    if files_listed.contains(&file) {
        return true;
    }
    let inside_covered = covered
        .iter()
        .any(|c| root.starts_with(&format!("{}/", c.trim_end_matches('/'))));
    inside_covered && !Path::new(&file).exists()
}

fn state_key(item: &Item) -> String {
    format!("{}::{}", item.root, item.key)
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

/// Makes generation `number` (written at `dir`) live: the vector backend is staged first (a
/// failure there leaves the previous generation live), then the pointer is swapped, then the
/// backend is pruned of what the new generation dropped (a failure there only leaves extra
/// points, which the next ingest or sync removes, so it is reported, not raised).
fn publish(
    root: &Path,
    number: u64,
    dir: &Path,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<Option<SyncReport>> {
    let mut synced = opts.vectors.stage(dir, progress)?;
    if let Some(point) = opts.fail_at {
        return Err(Error::Aborted(point));
    }
    generation::commit(root, number)?;
    match opts.vectors.prune(dir) {
        Ok(n) => {
            if let Some(r) = synced.as_mut() {
                r.deleted = n;
            }
        }
        Err(e) => {
            if let Some(r) = synced.as_mut() {
                r.prune_error = Some(e.to_string());
            }
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
    [sentences, headings]: [&[Block]; 2],
    terms: &Vocabulary,
    tickets: &[Ticket],
    files: &Files,
    want: Manifest,
) -> Result<(PathBuf, Manifest)> {
    let dir = generation::fresh(root, number)?;
    terms.write(&dir.join(TERMS))?;
    for (name, given) in [(SENTENCES, sentences), (HEADINGS, headings)] {
        let mut blocks = given.to_vec();
        blocks.resize(chunks.len(), Block::default());
        sentences::write(&dir.join(name), want.dimension, &blocks)?;
    }
    let mut store = EmbeddedStore::new(want.dimension);
    let points = chunks
        .iter()
        .zip(vectors)
        .enumerate()
        .map(|(row, (c, v))| (row as u64, v, Payload::of(c)))
        .collect();
    store.insert(points)?;
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

/// Writes a complete index at `root` from chunks, their vectors, their sentence blocks and
/// their heading blocks (one per chunk row; missing ones are empty), replacing what is there
/// (benchmarks build large synthetic indexes this way, without embedding every chunk).
/// `manifest` gives the model, dimension and chunking; counts are filled in.
pub fn write_index(
    root: &Path,
    chunks: &[Chunk],
    vectors: Vec<Vec<f32>>,
    [sentences, headings]: [&[Block]; 2],
    manifest: Manifest,
) -> Result<Manifest> {
    write_index_with(
        root,
        chunks,
        vectors,
        [sentences, headings],
        &Vocabulary::default(),
        manifest,
    )
}

/// [`write_index`] with the docs' term vectors (a benchmark's synthetic copies of real chunks
/// share the real docs' terms).
pub fn write_index_with(
    root: &Path,
    chunks: &[Chunk],
    vectors: Vec<Vec<f32>>,
    [sentences, headings]: [&[Block]; 2],
    terms: &Vocabulary,
    manifest: Manifest,
) -> Result<Manifest> {
    std::fs::create_dir_all(root).map_err(Error::io(root))?;
    let _writer = generation::WriteLock::take(root)?;
    let number = generation::current(root)?.map(|(n, _)| n + 1).unwrap_or(1);
    let (_, written) = write_generation(
        root,
        number,
        chunks,
        vectors,
        [sentences, headings],
        terms,
        &[],
        &Files::new(),
        manifest,
    )?;
    generation::commit(root, number)?;
    Ok(written)
}

/// Writes a complete index at `root` from chunks, embedding with `embedder` what ingestion
/// embeds (each chunk's embedding text, its sentences, its title and headings): the index
/// `ingest` would build from the same chunks, for tests and tools that make their chunks by
/// hand. `chunk_max_tokens` is recorded in the manifest.
pub fn write_embedded(
    root: &Path,
    chunks: &[Chunk],
    embedder: &dyn Embedder,
    chunk_max_tokens: usize,
) -> Result<Manifest> {
    let mut report = IngestReport::default();
    let vectors = embed_chunks(chunks, None, embedder, &(), &mut report)?;
    let sentences = sentence_blocks(chunks, None, embedder, &(), &mut report)?;
    let headings = heading_blocks(chunks, None, embedder, &(), &mut report)?;
    let terms = term_vectors(chunks, None, embedder, &(), &mut report)?;
    let manifest = Manifest::wanted(embedder, embedder.max_tokens(), chunk_max_tokens, 0);
    write_index_with(
        root,
        chunks,
        vectors,
        [&sentences, &headings],
        &terms,
        manifest,
    )
}

/// True when `block` holds vectors of exactly `spans`.
fn same_spans(block: &Block, spans: &[(usize, usize)]) -> bool {
    block.spans.len() == spans.len()
        && block
            .spans
            .iter()
            .zip(spans)
            .all(|(b, &(s, e))| (b.0 as usize, b.1 as usize) == (s, e))
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
        let spans = sentences::spans(&c.text);
        match cache.get(&content_hash(c.text.as_bytes())) {
            // The same text cut the same way (an older format may have cut it otherwise).
            Some(b) if same_spans(b, &spans) => {
                report.sentences_reused += b.spans.len();
                blocks[row] = b.clone();
            }
            _ => todo.push((row, spans)),
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
    let batch: Vec<&str> = texts.iter().map(|t| t.2.as_str()).collect();
    let mut vectors: HashMap<(usize, usize), Vec<f32>> = texts
        .iter()
        .map(|t| (t.0, t.1))
        .zip(embed_batched(
            "embedding sentences",
            &batch,
            embedder,
            progress,
        )?)
        .collect();
    for (row, spans) in todo {
        let vs: Vec<Vec<f32>> = (0..spans.len())
            .map(|i| vectors.remove(&(row, i)).unwrap_or_default())
            .collect();
        blocks[row] = Block::new(&spans, &vs);
    }
    report.seconds_sentences = started.elapsed().as_secs_f64();
    Ok(blocks)
}

/// Heading vectors of every chunk row, one span each ([`sentences::heading_text`]): embedded
/// once per distinct heading text, reused from the previous generation when that text was
/// there; tickets have none.
fn heading_blocks(
    chunks: &[Chunk],
    prev: Option<&Previous>,
    embedder: &dyn Embedder,
    progress: &dyn Progress,
    report: &mut IngestReport,
) -> Result<Vec<Block>> {
    let is_doc = |c: &&Chunk| c.kind == docent_core::DocKind::Doc;
    let mut known: HashMap<String, Vec<f32>> = HashMap::new();
    if let Some((p, file)) = prev.and_then(|p| p.headings.as_ref().map(|f| (p, f))) {
        for (row, c) in p.chunks.iter().enumerate().filter(|(_, c)| is_doc(c)) {
            if let Some(s) = file.block(row)?.sentences().into_iter().next() {
                known.insert(sentences::heading_text(c), s.vector);
            }
        }
    }
    // Each chunk's heading text once; tickets have none.
    let heads: Vec<Option<String>> = chunks
        .iter()
        .map(|c| is_doc(&c).then(|| sentences::heading_text(c)))
        .collect();
    let mut todo: Vec<&str> = heads
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|t| !known.contains_key(*t))
        .collect();
    todo.sort_unstable();
    todo.dedup();
    report.headings_embedded = todo.len();
    let vectors = embed_batched("embedding headings", &todo, embedder, progress)?;
    for (t, v) in todo.iter().zip(vectors) {
        known.insert(t.to_string(), v);
    }
    Ok(heads
        .iter()
        .map(|h| match h.as_ref().and_then(|t| known.get(t)) {
            Some(v) => Block::new(&[(0, 0)], std::slice::from_ref(v)),
            None => Block::default(),
        })
        .collect())
}
