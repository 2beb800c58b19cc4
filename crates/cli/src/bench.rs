//! `docent bench`: ingest throughput, query latency at several index sizes (bm25, dense, hybrid
//! and the whole `POST /v1/ask` through a loopback server), peak memory.
//!
//! Each size's latency, HTTP throughput and memory are measured in a fresh child process
//! (`docent --index bench-N bench --probe`) that opens the index and serves it, so the peak
//! RSS reported per size is what serving that index costs, not what building it cost.
//!
//! Large indexes are synthetic growth of real text: the sample corpus's chunks, repeated with
//! their sentences rotated and a variant marker, and their real vectors perturbed with seeded
//! noise (cosine about 0.85 to the original) and re-normalised, so the lexical and dense
//! distributions stay close to real ones without embedding every copy.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result};
use docent_core::{Chunk, SearchMode};
use docent_embed::{Embedder, TokenCounter};
use docent_index::sentences::{embedding_text, Block};
use docent_index::vocabulary::Vocabulary;
use docent_index::{ingest, write_index_with, Backend, Index, SearchOptions};
use serde::Serialize;

use crate::context::Context;
use crate::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// Index sizes to measure query latency at, in chunks.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    sizes: Vec<usize>,
    /// Queries timed per mode and size.
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Corpus folders to ingest for the throughput measurement.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "corpus/docs,corpus/tickets"
    )]
    corpus: Vec<PathBuf>,
    /// Questions to time (queries.jsonl).
    #[arg(long, default_value = "evals/sample/queries.jsonl")]
    questions: PathBuf,
    /// Also write the results as JSON to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Seconds of HTTP load (concurrent `POST /v1/ask` clients on loopback) per size; 0 skips.
    #[arg(long, default_value_t = 10)]
    load_seconds: u64,
    /// Concurrent clients of the HTTP load.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// With `backend = "qdrant"`: the process id of the Qdrant server whose memory to report
    /// (default: the largest process on this machine whose name starts with "qdrant").
    #[arg(long)]
    qdrant_pid: Option<u32>,
    /// Internal: measure the index selected with --index in this process and print JSON.
    #[arg(long, hide = true)]
    probe: bool,
}

#[derive(Serialize)]
struct IngestNumbers {
    files: usize,
    documents: usize,
    tickets: usize,
    chunks: usize,
    seconds: f64,
    seconds_embedding: f64,
    documents_per_second: f64,
    chunks_per_second: f64,
    index_disk_mib: f64,
    embedding_share: f64,
    embed_sentences_per_second_batch32: f64,
    /// Sentence spans of documentation chunks embedded for answer evidence.
    sentences_embedded: usize,
    /// Seconds of that (part of `seconds_embedding`).
    seconds_sentences: f64,
    /// Size of `sentences.bin`.
    sentences_disk_mib: f64,
}

#[derive(Serialize, serde::Deserialize)]
struct Latency {
    chunks: usize,
    mode: String,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
}

impl Latency {
    fn of(chunks: usize, mode: &str, times: &mut [f64]) -> Self {
        Latency {
            chunks,
            mode: mode.into(),
            p50_ms: percentile(times, 0.50),
            p95_ms: percentile(times, 0.95),
            p99_ms: percentile(times, 0.99),
        }
    }
}

/// What the probe of one index size measured.
#[derive(Serialize, serde::Deserialize)]
struct Probe {
    chunks: usize,
    latency: Vec<Latency>,
    http: Option<Throughput>,
    /// Share of the exact dense top 10 that the store's search returns (below 1 only where
    /// the byte scan of large stores misses a neighbour).
    dense_top10_vs_exact: f64,
    /// Peak RSS of the process that opened and served the index.
    serving_peak_rss_mib: f64,
    /// Seconds to bring the Qdrant collection up to the index (0 for the embedded store).
    #[serde(default)]
    sync_seconds: f64,
    /// RSS of a Qdrant server process on this machine after the measurement (`VmRSS` and
    /// `VmHWM` of the process named `qdrant` in /proc), when the backend is Qdrant.
    #[serde(default)]
    qdrant_rss_mib: Option<(f64, f64)>,
}

#[derive(Serialize, serde::Deserialize)]
struct Throughput {
    clients: usize,
    seconds: f64,
    requests: usize,
    errors: usize,
    requests_per_second: f64,
}

#[derive(Serialize)]
struct Size {
    chunks: usize,
    index_disk_mib: f64,
    build_seconds: f64,
    serving_peak_rss_mib: f64,
    dense_top10_vs_exact: f64,
    http: Option<Throughput>,
    sync_seconds: f64,
    /// Qdrant server's RSS and peak RSS, MiB.
    qdrant_rss_mib: Option<(f64, f64)>,
}

#[derive(Serialize)]
struct Report {
    ingest: IngestNumbers,
    query_embedding_p50_ms: f64,
    latency: Vec<Latency>,
    sizes: Vec<Size>,
    peak_rss_mib: f64,
    threads: usize,
}

/// Ingests `corpus` into a fresh index `bench-ingest` and measures it, with the raw embedding
/// throughput (batch 32) on its chunk texts; returns the numbers and the index.
fn ingest_stage(
    ctx: &Context,
    embedder: &Arc<dyn Embedder>,
    corpus: &[PathBuf],
) -> Result<(IngestNumbers, Index)> {
    let counter = TokenCounter::load(Path::new(&ctx.config.model.dir))?;
    let ingest_dir = ctx.index_dir_named("bench-ingest");
    if ingest_dir.exists() {
        std::fs::remove_dir_all(&ingest_dir)
            .with_context(|| format!("removing {}", ingest_dir.display()))?;
    }
    eprintln!("ingesting {corpus:?} into a fresh index...");
    // Ingest throughput is measured on the embedded backend (a Qdrant sync is timed apart).
    let opts = ctx.ingest_options_on(
        "bench-ingest",
        ctx.files(corpus.to_vec(), Vec::new()),
        embedder.as_ref(),
        &Backend::Embedded,
    );
    let r = ingest(&opts, embedder.as_ref(), &counter, &Bars::new())?;
    let base = Index::open(&ingest_dir, Some(embedder.clone() as Arc<dyn Embedder>))?;
    let sample: Vec<&str> = base
        .chunks()
        .iter()
        .take(256)
        .map(|c| c.text.as_str())
        .collect();
    let started = Instant::now();
    for part in sample.chunks(32) {
        embedder.embed(part)?;
    }
    let sps = sample.len() as f64 / started.elapsed().as_secs_f64();
    let numbers = IngestNumbers {
        files: r.files_seen,
        documents: r.documents,
        tickets: r.tickets,
        chunks: r.chunks,
        seconds: r.seconds,
        seconds_embedding: r.seconds_embedding,
        documents_per_second: (r.documents + r.tickets) as f64 / r.seconds.max(1e-9),
        index_disk_mib: disk_mib(&ingest_dir),
        chunks_per_second: r.chunks as f64 / r.seconds.max(1e-9),
        embedding_share: r.seconds_embedding / r.seconds.max(1e-9),
        embed_sentences_per_second_batch32: sps,
        sentences_embedded: r.sentences_embedded,
        seconds_sentences: r.seconds_sentences,
        sentences_disk_mib: file_mib(&base.dir().join("sentences.bin")),
    };
    Ok((numbers, base))
}

/// Milliseconds to embed each of the first 50 questions alone.
fn query_embedding(embedder: &dyn Embedder, questions: &[String]) -> Result<Vec<f64>> {
    let mut times = Vec::new();
    for q in questions.iter().take(50) {
        let t = Instant::now();
        embedder.embed(&[q.as_str()])?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(times)
}

/// The ingested chunks with their vectors, sentence and heading vectors, the material synthetic
/// indexes are made of.
fn real_chunks(base: &Index) -> Result<Vec<Real>> {
    let mut real: Vec<Real> = Vec::new();
    for (row, c) in base.chunks().iter().enumerate() {
        if let Some(v) = base.store().get(row as u64)? {
            let sentences = base
                .sentences(row)?
                .into_iter()
                .map(|s| (embedding_text(&c.text[s.start..s.end]), s.vector))
                .collect();
            real.push((c.clone(), v, sentences, base.heading_vector(row)?));
        }
    }
    Ok(real)
}

/// Builds a synthetic index of `size` chunks from `real` and measures it in a fresh process.
fn size_stage(
    ctx: &Context,
    embedder: &dyn Embedder,
    (real, terms): (&[Real], &Vocabulary),
    size: usize,
    args: &Args,
) -> Result<(Vec<Latency>, Size)> {
    let name = format!("bench-{size}");
    let dir = ctx.index_dir_named(&name);
    eprintln!("building a synthetic index of {size} chunks...");
    let started = Instant::now();
    let (chunks, vectors, [blocks, headings]) = synthesize(real, size);
    let manifest = docent_index::Manifest {
        format_version: docent_index::FORMAT_VERSION,
        model_id: embedder.model_id().to_string(),
        dimension: embedder.dimension(),
        model_max_tokens: embedder.max_tokens(),
        chunk_max_tokens: ctx.config.chunking.max_tokens,
        chunk_overlap_tokens: ctx.config.chunking.overlap_tokens,
        generation: 0,
        chunks: 0,
        documents: 0,
        tickets: 0,
        built_at: 0,
    };
    write_index_with(
        &dir,
        &chunks,
        vectors,
        [&blocks, &headings],
        terms,
        manifest,
    )?;
    drop((chunks, blocks, headings));
    let build_seconds = started.elapsed().as_secs_f64();
    eprintln!("measuring {size} chunks in a fresh process...");
    let probe = run_probe(ctx, &name, args)?;
    let measured = Size {
        chunks: size,
        index_disk_mib: disk_mib(&dir),
        build_seconds,
        serving_peak_rss_mib: probe.serving_peak_rss_mib,
        dense_top10_vs_exact: probe.dense_top10_vs_exact,
        http: probe.http,
        sync_seconds: probe.sync_seconds,
        qdrant_rss_mib: probe.qdrant_rss_mib,
    };
    let _ = std::fs::remove_dir_all(&dir);
    Ok((probe.latency, measured))
}

/// The stages in turn: `ingest_stage` (ingest and embedding throughput), `query_embedding`,
/// `real_chunks`, then `size_stage` per size (a synthetic index measured by a `--probe`
/// process); prints the report and writes it to `--out`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    if args.probe {
        return probe(ctx, &args);
    }
    let embedder = ctx.embedder()?;
    let (ingest_numbers, base) = ingest_stage(ctx, &embedder, &args.corpus)?;
    let texts = read_questions(&args.questions)?;
    let mut embed_times = query_embedding(embedder.as_ref(), &texts)?;
    let real = real_chunks(&base)?;
    // The synthetic chunks are copies of the real ones, so they share the real docs' terms.
    let terms = base.vocabulary().clone();
    drop(base);
    let mut latency = Vec::new();
    let mut sizes = Vec::new();
    for &size in &args.sizes {
        let (l, s) = size_stage(ctx, embedder.as_ref(), (&real, &terms), size, &args)?;
        latency.extend(l);
        sizes.push(s);
    }
    let report = Report {
        ingest: ingest_numbers,
        query_embedding_p50_ms: percentile(&mut embed_times, 0.5),
        latency,
        sizes,
        peak_rss_mib: peak_rss_mib(),
        threads: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
    };
    print_report(&report);
    if let Some(out) = &args.out {
        std::fs::write(out, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `docent --index NAME bench --probe` and reads its JSON.
fn run_probe(ctx: &Context, name: &str, args: &Args) -> Result<Probe> {
    let exe = std::env::current_exe().context("finding the docent executable")?;
    let mut cmd = std::process::Command::new(exe);
    if ctx.config_source != "built-in defaults" {
        cmd.arg("--config").arg(&ctx.config_source);
    }
    cmd.args(["--index", name, "bench", "--probe"])
        .arg("--queries")
        .arg(args.queries.to_string())
        .arg("--questions")
        .arg(&args.questions)
        .arg("--load-seconds")
        .arg(args.load_seconds.to_string())
        .arg("--clients")
        .arg(args.clients.to_string())
        .args(
            args.qdrant_pid
                .map(|p| vec!["--qdrant-pid".to_string(), p.to_string()])
                .unwrap_or_default(),
        )
        // As `docent serve` runs: one thread per request's query embedding.
        .env("RAYON_NUM_THREADS", "1")
        .stderr(std::process::Stdio::inherit());
    let out = cmd.output().context("running the bench probe")?;
    anyhow::ensure!(
        out.status.success(),
        "the bench probe of {name} failed ({})",
        out.status
    );
    serde_json::from_slice(&out.stdout).context("reading the bench probe's report")
}

/// The probe: latency per mode, `/v1/ask` latency and throughput, peak RSS, for the index
/// selected with --index; prints one JSON object.
fn probe(ctx: &Context, args: &Args) -> Result<ExitCode> {
    let embedder = ctx.embedder()?;
    let texts = read_questions(&args.questions)?;
    let dir = ctx.index_dir();
    // The configured backend: with Qdrant the collection is brought up to the index first.
    let synced = Instant::now();
    let backend = ctx.sync_backend(&ctx.index_name, embedder.as_ref(), true)?;
    let sync_seconds = synced.elapsed().as_secs_f64();
    let index = Index::open_on(&dir, Some(embedder.clone() as Arc<dyn Embedder>), &backend)?;
    let size = index.chunks().len();
    let mut latency = Vec::new();
    for mode in SearchMode::ALL {
        let mut opts = SearchOptions::from_config(&ctx.config.search);
        opts.mode = mode;
        opts.k = 10;
        let mut times = Vec::with_capacity(args.queries);
        for i in 0..args.queries + 10 {
            let q = &texts[i % texts.len()];
            let t = Instant::now();
            let hits = index.search(q, &opts)?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            anyhow::ensure!(hits.len() <= 10);
            if i >= 10 {
                times.push(ms);
            }
        }
        latency.push(Latency::of(size, mode.as_str(), &mut times));
    }
    // Dense top-10 against the exact scan of the vectors on disk (in memory only for this).
    let local = match index.embedded_store() {
        Some(_) => None,
        None => Some(Index::open(&dir, None)?),
    };
    let exact_store = local
        .as_ref()
        .unwrap_or(&index)
        .embedded_store()
        .context("the local index has no vectors")?;
    let store = index.store();
    let everything = docent_index::Filter::default();
    let (mut overlap, mut counted) = (0.0, 0);
    for q in texts.iter().take(100) {
        let v = embedder.embed(&[q.as_str()])?.remove(0);
        let exact: std::collections::HashSet<u64> = exact_store
            .search_exact(&v, 10, &everything)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let got = store.search(&v, 10, &everything)?;
        overlap += got.iter().filter(|(id, _)| exact.contains(id)).count() as f64
            / exact.len().max(1) as f64;
        counted += 1;
    }
    let dense_top10_vs_exact = overlap / counted.max(1) as f64;
    drop(index);
    drop(local);
    let server = crate::loopback::start(ctx.config.clone(), dir.clone(), embedder)?;
    let mut times = ask_latency(&server, &texts, args.queries)?;
    latency.push(Latency::of(size, "ask", &mut times));
    let http = if args.load_seconds > 0 {
        Some(load(
            &server,
            &texts,
            args.clients.max(1),
            args.load_seconds,
        )?)
    } else {
        None
    };
    let probe = Probe {
        chunks: size,
        latency,
        http,
        dense_top10_vs_exact,
        serving_peak_rss_mib: peak_rss_mib(),
        sync_seconds,
        qdrant_rss_mib: if ctx.config.index.backend == docent_core::IndexBackend::Qdrant {
            qdrant_rss_mib(args.qdrant_pid)
        } else {
            None
        },
    };
    println!("{}", serde_json::to_string(&probe)?);
    Ok(ExitCode::SUCCESS)
}

/// `clients` threads posting questions to `/v1/ask` back to back for `seconds`.
fn load(
    server: &crate::loopback::Loopback,
    texts: &[String],
    clients: usize,
    seconds: u64,
) -> Result<Throughput> {
    let deadline = Instant::now() + std::time::Duration::from_secs(seconds);
    let started = Instant::now();
    let counts: Vec<(usize, usize)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..clients)
            .map(|c| {
                let agent = server.agent.clone();
                let url = server.ask_url.clone();
                s.spawn(move || {
                    let (mut ok, mut failed) = (0, 0);
                    let mut i = c;
                    while Instant::now() < deadline {
                        let sent = agent
                            .post(&url)
                            .header("X-Docent-Key", crate::loopback::KEY)
                            .send_json(serde_json::json!({"question": texts[i % texts.len()]}));
                        match sent {
                            Ok(mut resp) if resp.status().is_success() => {
                                let _ = resp.body_mut().read_to_string();
                                ok += 1;
                            }
                            _ => failed += 1,
                        }
                        i += clients;
                    }
                    (ok, failed)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or((0, 1)))
            .collect()
    });
    let secs = started.elapsed().as_secs_f64();
    let requests: usize = counts.iter().map(|c| c.0).sum();
    Ok(Throughput {
        clients,
        seconds: secs,
        requests,
        errors: counts.iter().map(|c| c.1).sum(),
        requests_per_second: requests as f64 / secs,
    })
}

/// The questions of a queries.jsonl file (at least one).
fn read_questions(path: &Path) -> Result<Vec<String>> {
    let questions = docent_eval::retrieval::read_queries(path)?;
    anyhow::ensure!(!questions.is_empty(), "{}: no questions", path.display());
    Ok(questions.into_iter().map(|q| q.question).collect())
}

/// Size of the files under `dir`, in MiB.
fn disk_mib(dir: &Path) -> f64 {
    fn walk(p: &Path) -> u64 {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => std::fs::read_dir(p)
                .map(|entries| entries.flatten().map(|e| walk(&e.path())).sum())
                .unwrap_or(0),
            Ok(m) => m.len(),
            Err(_) => 0,
        }
    }
    walk(dir) as f64 / (1024.0 * 1024.0)
}

/// Client-side latency of `POST /v1/ask` (extractive tutor), one request at a time, through
/// a real server on a loopback port.
fn ask_latency(server: &crate::loopback::Loopback, texts: &[String], n: usize) -> Result<Vec<f64>> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n + 10 {
        let t = Instant::now();
        let mut resp = server
            .agent
            .post(&server.ask_url)
            .header("X-Docent-Key", crate::loopback::KEY)
            .send_json(serde_json::json!({"question": texts[i % texts.len()]}))?;
        let body = resp.body_mut().read_to_string()?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        anyhow::ensure!(resp.status().is_success(), "/v1/ask: {body}");
        if i >= 10 {
            times.push(ms);
        }
    }
    Ok(times)
}

fn print_report(r: &Report) {
    let i = &r.ingest;
    println!(
        "ingest: {} files, {} documents, {} tickets, {} chunks in {:.1}s = {:.1} documents/s, {:.0} chunks/s; embedding {:.0}% of the time; index {:.1} MiB on disk",
        i.files, i.documents, i.tickets, i.chunks, i.seconds, i.documents_per_second, i.chunks_per_second, i.embedding_share * 100.0, i.index_disk_mib
    );
    println!(
        "embedding: {:.1} sentences/s at batch 32 on chunk texts; one query embeds in {:.2} ms (p50)",
        i.embed_sentences_per_second_batch32, r.query_embedding_p50_ms
    );
    println!(
        "sentence evidence: {} spans embedded in {:.1}s (part of the embedding time); sentences.bin {:.2} MiB",
        i.sentences_embedded, i.seconds_sentences, i.sentences_disk_mib
    );
    println!(
        "{:>9} {:<7} {:>8} {:>8} {:>8}",
        "chunks", "mode", "p50 ms", "p95 ms", "p99 ms"
    );
    for l in &r.latency {
        println!(
            "{:>9} {:<7} {:>8.2} {:>8.2} {:>8.2}",
            l.chunks, l.mode, l.p50_ms, l.p95_ms, l.p99_ms
        );
    }
    println!(
        "{:>9} {:>10} {:>9} {:>13} {:>16} {:>14}",
        "chunks", "disk MiB", "build s", "serving MiB", "dense vs exact", "HTTP req/s"
    );
    let qdrant_lines: Vec<String> = r
        .sizes
        .iter()
        .filter_map(|s| {
            s.qdrant_rss_mib.map(|(rss, hwm)| {
                format!(
                    "{:>9} chunks: Qdrant sync {:.1} s, Qdrant server RSS {rss:.0} MiB (peak {hwm:.0} MiB)",
                    s.chunks, s.sync_seconds
                )
            })
        })
        .collect();
    for s in &r.sizes {
        let http = s
            .http
            .as_ref()
            .map(|h| {
                format!(
                    "{:.0} ({} clients, {} errors)",
                    h.requests_per_second, h.clients, h.errors
                )
            })
            .unwrap_or_else(|| "-".into());
        println!(
            "{:>9} {:>10.1} {:>9.1} {:>13.0} {:>16.3} {:>14}",
            s.chunks,
            s.index_disk_mib,
            s.build_seconds,
            s.serving_peak_rss_mib,
            s.dense_top10_vs_exact,
            http
        );
    }
    for l in &qdrant_lines {
        println!("{l}");
    }
    println!(
        "peak RSS of this process (ingest, synthesis): {:.0} MiB; {} threads",
        r.peak_rss_mib, r.threads
    );
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let idx = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[idx.min(v.len() - 1)]
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| status_mib(&s, "VmHWM:"))
        .unwrap_or(0.0)
}

/// A `/proc/PID/status` field in kB, as MiB.
fn status_mib(status: &str, field: &str) -> Option<f64> {
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
}

/// RSS and peak RSS (MiB) of the Qdrant server `pid`, or of the largest process on this
/// machine whose name starts with "qdrant"; `None` when there is none (a server elsewhere).
fn qdrant_rss_mib(pid: Option<u32>) -> Option<(f64, f64)> {
    let mut best: Option<(f64, f64)> = None;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let dir = entry.path();
        let chosen = match pid {
            Some(p) => entry.file_name().to_str() == Some(p.to_string().as_str()),
            None => std::fs::read_to_string(dir.join("comm"))
                .is_ok_and(|c| c.trim().starts_with("qdrant")),
        };
        if !chosen {
            continue;
        }
        let Ok(status) = std::fs::read_to_string(dir.join("status")) else {
            continue;
        };
        if let (Some(rss), Some(hwm)) =
            (status_mib(&status, "VmRSS:"), status_mib(&status, "VmHWM:"))
        {
            if best.is_none_or(|(r, _)| rss > r) {
                best = Some((rss, hwm));
            }
        }
    }
    best
}

/// A real chunk, its vector, and its sentences' embedding texts and vectors.
/// A chunk, its vector, its sentences with their vectors, and its heading vector.
type Real = (Chunk, Vec<f32>, Vec<(String, Vec<f32>)>, Option<Vec<f32>>);

/// Size of a file in MiB (0 when missing).
fn file_mib(path: &std::path::Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / (1024.0 * 1024.0))
}

/// Sentence spans of a synthetic chunk with the vectors of the same sentences of its source
/// (a rotated sentence keeps its vector; one changed by the rotation gets the chunk's).
fn sentence_block(text: &str, source: &Real) -> Block {
    let spans = docent_index::sentences::spans(text);
    let vectors: Vec<Vec<f32>> = spans
        .iter()
        .map(|&(s, e)| {
            let t = embedding_text(&text[s..e]);
            source
                .2
                .iter()
                .find(|(x, _)| *x == t)
                .map_or_else(|| source.1.clone(), |(_, v)| v.clone())
        })
        .collect();
    Block::new(&spans, &vectors)
}

/// `size` chunks grown from `real` by rotating sentences and perturbing vectors (seeded), with
/// their sentence blocks (documentation chunks only, as ingestion does).
fn synthesize(real: &[Real], size: usize) -> (Vec<Chunk>, Vec<Vec<f32>>, [Vec<Block>; 2]) {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut noise = move || {
        // xorshift64*, then a centred sum of uniforms (roughly normal).
        let mut s = 0.0f32;
        for _ in 0..4 {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            s += (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32;
        }
        s - 2.0
    };
    let mut chunks = Vec::with_capacity(size);
    let mut vectors = Vec::with_capacity(size);
    let mut blocks = Vec::with_capacity(size);
    let mut headings = Vec::with_capacity(size);
    if real.is_empty() {
        return (chunks, vectors, [blocks, headings]);
    }
    for i in 0..size {
        let source = &real[i % real.len()];
        let (c, v, _, _) = source;
        let variant = i / real.len();
        let mut chunk = c.clone();
        if variant > 0 {
            let sentences: Vec<&str> = c.text.split_inclusive(". ").collect();
            let k = variant % sentences.len().max(1);
            let mut text: String = sentences[k..].concat();
            text.push_str(&sentences[..k].concat());
            chunk.text = format!("{text} (variant {variant})");
            chunk.doc_id = format!("{}~{variant}", c.doc_id);
            chunk.id = format!("{}#{}", chunk.doc_id, c.ordinal);
        }
        let mut w: Vec<f32> = v.iter().map(|x| x + 0.035 * noise()).collect();
        let n = w.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        w.iter_mut().for_each(|x| *x /= n);
        blocks.push(if chunk.kind == docent_core::DocKind::Doc {
            sentence_block(&chunk.text, source)
        } else {
            Block::default()
        });
        // A synthetic chunk keeps its source's title and headings, so its heading vector.
        headings.push(match &source.3 {
            Some(h) => Block::new(&[(0, 0)], std::slice::from_ref(h)),
            None => Block::default(),
        });
        chunks.push(chunk);
        vectors.push(if variant == 0 { v.clone() } else { w });
    }
    (chunks, vectors, [blocks, headings])
}
