//! Generations on disk: each ingest that changes something writes a complete new generation
//! directory beside the live one, then swaps the `CURRENT` pointer with an atomic rename. A
//! killed ingest leaves a stray directory that is never read and is removed by the next ingest.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::{Error, Result};

/// What the index remembers of one ingested file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FileEntry {
    /// The root it was found under.
    pub root: String,
    /// Path relative to the root.
    pub key: String,
    /// Content hash.
    pub hash: String,
    /// Ids of the documents it produced (tickets: `ticket:ID`).
    pub doc_ids: Vec<String>,
    /// True for ticket exports.
    pub tickets: bool,
    /// What was skipped in it when it was read (rows, records, the whole file): reported again
    /// on every ingest while the file is unchanged, so a bad row is not forgotten after the
    /// first run (an outside probe, session 54).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<docent_ingest::Problem>,
}

pub(crate) type Files = BTreeMap<String, FileEntry>;

pub(crate) const CURRENT: &str = "CURRENT";
pub(crate) const MANIFEST: &str = "manifest.json";
pub(crate) const FILES: &str = "files.json";
pub(crate) const CHUNKS: &str = "chunks.jsonl";
pub(crate) const TICKETS: &str = "tickets.jsonl";
pub(crate) const VECTORS: &str = "vectors.f32";
pub(crate) const SENTENCES: &str = "sentences.bin";
pub(crate) const HEADINGS: &str = "headings.bin";
pub(crate) const TERMS: &str = "terms.bin";
pub(crate) const LEXICAL: &str = "tantivy";

/// The file whose lock one writer of an index holds (see [`WriteLock`]).
pub(crate) const LOCK: &str = "LOCK";

/// The right to write the index at a root: one process at a time. Two ingests started
/// together planned the same next generation, wrote into the same directory and both
/// reported it live, one's changes lost (the tenth probe). The operating system releases the
/// lock when its holder exits, however it exits, so a killed ingest leaves none behind.
pub(crate) struct WriteLock {
    _file: std::fs::File,
}

impl WriteLock {
    /// Takes the lock of the index at `root`, or says who holds it.
    pub(crate) fn take(root: &Path) -> Result<WriteLock> {
        let path = root.join(LOCK);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(Error::io(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let holder = holder.trim();
                return Err(Error::Busy {
                    path: root.display().to_string(),
                    holder: if holder.is_empty() {
                        "another process".into()
                    } else {
                        holder.chars().take(120).collect()
                    },
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path)(e)),
        }
        // Who holds it, for the next one's message; the lock is what counts.
        let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let _ = file.set_len(0);
        let _ = write!(file, "pid {} since {since}", std::process::id());
        Ok(WriteLock { _file: file })
    }
}

/// The live generation of the index at `root`: (number, directory), if any.
pub(crate) fn current(root: &Path) -> Result<Option<(u64, PathBuf)>> {
    let pointer = root.join(CURRENT);
    let name = match std::fs::read_to_string(&pointer) {
        Ok(s) => s.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&pointer)(e)),
    };
    let number = name
        .strip_prefix("gen-")
        .and_then(|n| n.parse::<u64>().ok())
        .ok_or_else(|| Error::Corrupt {
            path: pointer.display().to_string(),
            message: format!("names {name:?}, not a generation"),
        })?;
    let dir = root.join(&name);
    // A pointer at a generation that is gone (removed by hand, or a copy that missed it) was
    // a bare "manifest.json: No such file" (an outside re-check).
    if !dir.is_dir() {
        return Err(Error::Corrupt {
            path: pointer.display().to_string(),
            message: format!(
                "names {name}, which is not there: restore that folder, or remove CURRENT and run `docent ingest` to build the index again"
            ),
        });
    }
    Ok(Some((number, dir)))
}

pub(crate) fn dir_name(generation: u64) -> String {
    format!("gen-{generation:06}")
}

/// Makes the directory for a new generation, empty (a leftover of a killed ingest is removed).
pub(crate) fn fresh(root: &Path, generation: u64) -> Result<PathBuf> {
    let dir = root.join(dir_name(generation));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(Error::io(&dir))?;
    }
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    Ok(dir)
}

/// Points `CURRENT` at `generation` atomically, then removes generations other than it and the
/// one before it (a reader may still hold the previous one).
pub(crate) fn commit(root: &Path, generation: u64) -> Result<()> {
    let tmp = root.join("CURRENT.tmp");
    {
        let mut f = std::fs::File::create(&tmp).map_err(Error::io(&tmp))?;
        f.write_all(dir_name(generation).as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(Error::io(&tmp))?;
    }
    let pointer = root.join(CURRENT);
    std::fs::rename(&tmp, &pointer).map_err(Error::io(&pointer))?;
    if let Ok(d) = std::fs::File::open(root) {
        let _ = d.sync_all();
    }
    let keep = [dir_name(generation), dir_name(generation.saturating_sub(1))];
    if let Ok(entries) = std::fs::read_dir(root) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with("gen-") && !keep.contains(&name) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    Ok(())
}

pub(crate) fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Corrupt {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    write_synced(path, text.as_bytes())
}

pub(crate) fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    serde_json::from_str(&text).map_err(|e| Error::Corrupt {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

pub(crate) fn write_jsonl<T: Serialize>(path: &Path, items: &[T]) -> Result<()> {
    let mut out = Vec::new();
    for item in items {
        serde_json::to_writer(&mut out, item).map_err(|e| Error::Corrupt {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        out.push(b'\n');
    }
    write_synced(path, &out)
}

pub(crate) fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let f = std::fs::File::open(path).map_err(Error::io(path))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(Error::io(path))?;
        out.push(serde_json::from_str(&line).map_err(|e| Error::Corrupt {
            path: format!("{}:{}", path.display(), i + 1),
            message: e.to_string(),
        })?);
    }
    Ok(out)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::File::create(path).map_err(Error::io(path))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(Error::io(path))
}
