//! Configuration and shared handles for the subcommands.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use docent_core::{Config, IndexBackend};
use docent_embed::{Embedder, TokenCounter};
use docent_eval::EvalSet;
use docent_index::{ingest, Backend, Index, IngestOptions};
use docent_ingest::{Files, LoadDefaults};

use crate::progress::Bars;

/// What every subcommand gets.
pub struct Context {
    pub config: Config,
    /// Where the configuration came from, for `doctor`.
    pub config_source: String,
    pub index_name: String,
}

impl Context {
    pub fn load(file: Option<&Path>, index: Option<&str>) -> Result<Context> {
        let (text, source) = match file {
            Some(p) => (
                Some(
                    std::fs::read_to_string(p)
                        .with_context(|| format!("reading {}", p.display()))?,
                ),
                p.display().to_string(),
            ),
            None if Path::new("docent.toml").exists() => (
                Some(std::fs::read_to_string("docent.toml").context("reading docent.toml")?),
                "docent.toml".to_string(),
            ),
            None => (None, "built-in defaults".to_string()),
        };
        // A file that does not parse is named as given (`--config cfg/c.toml`), not as the
        // default's name.
        let config = Config::load(text.as_deref(), std::env::vars()).map_err(|e| match e {
            docent_core::ConfigError::Parse(m) => anyhow::anyhow!("{source}: {m}"),
            e => e.into(),
        })?;
        let index_name = index
            .map(str::to_string)
            .unwrap_or_else(|| config.index.name.clone());
        // An index is a folder under [index] dir: an empty name wrote a generation into the
        // folder that holds the other indexes, and a path would leave it.
        if index_name.is_empty()
            || matches!(index_name.as_str(), "." | "..")
            || index_name.contains(['/', '\\'])
            || index_name.chars().any(char::is_control)
        {
            anyhow::bail!(
                "index name {:?}: use a plain folder name (letters, digits, - and _), not empty or a path",
                docent_core::terminal_safe(&index_name)
            );
        }
        Ok(Context {
            config,
            config_source: source,
            index_name,
        })
    }

    pub fn index_dir(&self) -> PathBuf {
        self.index_dir_named(&self.index_name)
    }

    pub fn index_dir_named(&self, name: &str) -> PathBuf {
        Path::new(&self.config.index.dir).join(name)
    }

    /// The configured embedder (`[model] backend`): the local model, or an OpenAI-compatible
    /// endpoint.
    pub fn embedder(&self) -> Result<Arc<dyn Embedder>> {
        Ok(docent_embed::from_config(&self.config.model)?)
    }

    /// Opens the index, searching vectors in the configured backend.
    pub fn open_index(&self, embedder: Option<Arc<dyn Embedder>>) -> Result<Index> {
        self.open_index_named(&self.index_name, embedder)
    }

    /// Opens the index `name`, searching vectors in the configured backend (without an
    /// embedder only BM25 is available, so no backend is connected).
    pub fn open_index_named(
        &self,
        name: &str,
        embedder: Option<Arc<dyn Embedder>>,
    ) -> Result<Index> {
        let backend = match &embedder {
            Some(e) => self.backend(name, e.as_ref())?,
            None => Backend::Embedded,
        };
        Ok(Index::open_on(
            &self.index_dir_named(name),
            embedder,
            &backend,
        )?)
    }

    /// The configured backend for the index `name`, connected and checked against the model.
    pub fn backend(&self, name: &str, embedder: &dyn Embedder) -> Result<Backend> {
        Backend::connect(
            &self.config.index,
            name,
            embedder.model_id(),
            embedder.dimension(),
        )
        .with_context(|| {
            format!(
                "connecting the {:?} backend of index {name}",
                self.config.index.backend
            )
        })
    }

    /// Files and folders to ingest under this configuration: documents under `docs` (with
    /// `[ingest] default_audience` for those that name none), ticket exports under `tickets`
    /// (read through `[tickets]`).
    pub fn files(&self, docs: Vec<PathBuf>, tickets: Vec<PathBuf>) -> Files {
        Files {
            docs,
            tickets,
            defaults: LoadDefaults {
                audience: Some(self.config.ingest.default_audience),
                product: None,
                ..Default::default()
            },
            mapping: self.config.tickets.clone(),
        }
    }

    /// How to ingest `source` into the index `name` under this configuration: chunking, the
    /// model's length, and the configured vector backend (a Qdrant collection is staged before
    /// each new generation goes live). Every command that ingests builds its options here.
    pub fn ingest_options(
        &self,
        name: &str,
        source: Files,
        embedder: &dyn Embedder,
    ) -> Result<IngestOptions> {
        let backend = match self.config.index.backend {
            IndexBackend::Embedded => Backend::Embedded,
            IndexBackend::Qdrant => self.backend(name, embedder)?,
        };
        Ok(self.ingest_options_on(name, source, embedder, &backend))
    }

    /// [`ingest_options`](Self::ingest_options) with the vector backend given (benchmarks
    /// measure ingestion on the embedded one whatever the configuration).
    pub fn ingest_options_on(
        &self,
        name: &str,
        source: Files,
        embedder: &dyn Embedder,
        backend: &Backend,
    ) -> IngestOptions {
        IngestOptions {
            index_dir: self.index_dir_named(name),
            sources: vec![Arc::new(source)],
            chunking: self.config.chunking.clone(),
            model_max_tokens: embedder.max_tokens(),
            vectors: backend.sync(),
            fail_at: None,
        }
    }

    /// The configured backend of index `name`; with Qdrant, its collection is first made equal
    /// to the live generation (after an ingest), printing what was done unless `quiet`.
    pub fn sync_backend(
        &self,
        name: &str,
        embedder: &dyn Embedder,
        quiet: bool,
    ) -> Result<Backend> {
        if self.config.index.backend != IndexBackend::Qdrant {
            return Ok(Backend::Embedded);
        }
        let backend = self.backend(name, embedder)?;
        let Backend::Qdrant(store) = &backend else {
            return Ok(backend);
        };
        let r = match docent_index::sync(
            &self.index_dir_named(name),
            store,
            &crate::progress::Bars::new(),
        ) {
            Ok(r) => r,
            // An ingest is writing the index: it brings the collection to its own generation
            // when it commits, and a reader goes on with what the collection holds.
            Err(e @ docent_index::Error::Busy { .. }) => {
                if !quiet {
                    eprintln!(
                        "qdrant collection {} not synced now: {e}",
                        store.collection()
                    );
                }
                return Ok(backend);
            }
            Err(e) => return Err(e.into()),
        };
        if !quiet {
            eprintln!(
                "qdrant {} collection {}: {} chunks, {} upserted, {} deleted, {} unchanged ({:.1}s)",
                store.shown_url(),
                store.collection(),
                r.chunks,
                r.upserted,
                r.deleted,
                r.unchanged,
                r.seconds
            );
        }
        Ok(backend)
    }

    /// The index directory a set is evaluated on, and the embedder: the set's own corpus is
    /// ingested first into the index `eval-<set>` (incrementally); a set without one is
    /// evaluated on the current index.
    pub fn index_root_for_set(&self, set: &EvalSet) -> Result<(PathBuf, Arc<dyn Embedder>)> {
        let embedder = self.embedder()?;
        let Some(corpus) = &set.corpus else {
            return Ok((self.index_dir(), embedder as Arc<dyn Embedder>));
        };
        let name = set.index_name();
        let counter = TokenCounter::load(Path::new(&self.config.model.dir))?;
        // An eval set's documents say their own audience; the rest are public, whatever the
        // configuration's default for product docs.
        let source = Files {
            defaults: LoadDefaults::default(),
            ..self.files(vec![corpus.clone()], Vec::new())
        };
        let opts = self.ingest_options(&name, source, embedder.as_ref())?;
        let report = ingest(&opts, embedder.as_ref(), &counter, &Bars::new())?;
        for p in &report.problems {
            eprintln!("skipped {p}");
        }
        Ok((self.index_dir_named(&name), embedder as Arc<dyn Embedder>))
    }

    /// The index a set is evaluated on ([`Context::index_root_for_set`]), searching the
    /// configured backend (a Qdrant collection is synced first).
    pub fn index_for_set(&self, set: &EvalSet) -> Result<Index> {
        let (dir, embedder) = self.index_root_for_set(set)?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| self.index_name.clone());
        let backend = self.sync_backend(&name, embedder.as_ref(), false)?;
        Ok(Index::open_on(&dir, Some(embedder), &backend)?)
    }
}
