//! An evaluation set: a folder with its questions, optionally its own corpus and floors, and
//! the folder where an eval writes what a person reads afterwards.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::floors::Floors;

/// A set under `evals/` (or `../shared/evals/`).
#[derive(Debug, Clone)]
pub struct EvalSet {
    /// The set's folder.
    pub dir: PathBuf,
    /// Its name: the folder's name (`sample`, `emanual-qa`).
    pub name: String,
    /// `queries.jsonl` (it may not exist: the structure and PII evals read other files).
    pub queries: PathBuf,
    /// Its own corpus: `corpus.jsonl`, or the file or folder named on the first line of
    /// `corpus.path` (relative to the set), or else its `docs/` folder; `None`: the current
    /// index is evaluated.
    pub corpus: Option<PathBuf>,
    /// Its `floors.json`.
    pub floors: Option<Floors>,
    /// Where the eval writes files for people (quiz items for a blind-review packet).
    pub out_dir: PathBuf,
}

impl EvalSet {
    /// Reads the set in `dir`; outputs go to `out_dir`.
    pub fn open(dir: &Path, out_dir: &Path) -> Result<EvalSet> {
        Ok(EvalSet {
            dir: dir.to_path_buf(),
            name: set_name(dir),
            queries: dir.join("queries.jsonl"),
            corpus: corpus(dir)?,
            floors: Floors::read(dir)?,
            out_dir: out_dir.to_path_buf(),
        })
    }

    /// `queries.jsonl`, or an error saying the set has none.
    pub fn require_queries(&self) -> Result<&Path> {
        if !self.queries.exists() {
            bail!("{}: no queries.jsonl in the set folder", self.dir.display());
        }
        Ok(&self.queries)
    }

    /// A file of the set, when it exists (`conversations.jsonl`, `quiz_scopes.txt`).
    pub fn file(&self, name: &str) -> Option<PathBuf> {
        Some(self.dir.join(name)).filter(|p| p.exists())
    }

    /// The name of the index the set's own corpus is ingested into.
    pub fn index_name(&self) -> String {
        format!("eval-{}", self.name)
    }
}

/// The set's folder name (of its canonical path, so `.` and `../x` are named too).
pub fn set_name(set: &Path) -> String {
    set.canonicalize()
        .unwrap_or_else(|_| set.to_path_buf())
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "set".into())
}

fn corpus(set: &Path) -> Result<Option<PathBuf>> {
    let jsonl = set.join("corpus.jsonl");
    if jsonl.exists() {
        return Ok(Some(jsonl));
    }
    let pointer = set.join("corpus.path");
    if !pointer.exists() {
        // A set folder that holds its docs evaluates them, not whatever index is current
        // (a quiz on a new manual's folder had quizzed the default index's sample docs).
        let docs = set.join("docs");
        return Ok(docs.is_dir().then_some(docs));
    }
    let text = std::fs::read_to_string(&pointer)
        .with_context(|| format!("reading {}", pointer.display()))?;
    let target = set.join(text.lines().next().unwrap_or_default().trim());
    if !target.exists() {
        bail!(
            "{}: names {}, which does not exist",
            pointer.display(),
            target.display()
        );
    }
    Ok(Some(target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_folder_holding_docs_evaluates_them_and_a_pointer_or_jsonl_comes_first() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(corpus(dir.path()).unwrap(), None);
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        assert_eq!(corpus(dir.path()).unwrap(), Some(dir.path().join("docs")));
        std::fs::create_dir(dir.path().join("pages")).unwrap();
        std::fs::write(dir.path().join("corpus.path"), "pages\n").unwrap();
        assert_eq!(corpus(dir.path()).unwrap(), Some(dir.path().join("pages")));
        std::fs::write(dir.path().join("corpus.jsonl"), "").unwrap();
        assert_eq!(
            corpus(dir.path()).unwrap(),
            Some(dir.path().join("corpus.jsonl"))
        );
    }
}
