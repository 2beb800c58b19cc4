//! Configuration and shared handles for the subcommands.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use docent_core::Config;
use docent_embed::{BertEmbedder, Embedder};
use docent_index::Index;

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
        let config = Config::load(text.as_deref(), std::env::vars())?;
        let index_name = index
            .map(str::to_string)
            .unwrap_or_else(|| config.index.name.clone());
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

    pub fn embedder(&self) -> Result<Arc<BertEmbedder>> {
        Ok(Arc::new(BertEmbedder::load(&self.config.model)?))
    }

    pub fn open_index(&self, embedder: Option<Arc<dyn Embedder>>) -> Result<Index> {
        Ok(Index::open(&self.index_dir(), embedder)?)
    }
}
