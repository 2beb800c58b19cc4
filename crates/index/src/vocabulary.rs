//! Term vectors: every content term of the documentation ([`docent_core::terms::terms`]),
//! embedded on its own at ingestion (`terms.bin`), so that the tutor can tell how close in
//! meaning a question's word is to the words of a chunk ("dimmer" and "dimming", "code" and
//! "PIN") without embedding anything but the question's own words.
//!
//! File layout (little endian): `DTRM`, format (u32, 1), dimension (u32), count (u32); then
//! per term its byte length (u16) and UTF-8 bytes; then `count x dimension` f32, unit length,
//! in the terms' order. Vectors are reused by term from the previous generation.

use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use docent_core::{Chunk, DocKind};

use crate::{Error, Result};

const MAGIC: &[u8; 4] = b"DTRM";
const FILE_FORMAT: u32 = 1;

/// At most this many terms are embedded (the most widely used first): past it the words are
/// rare enough that a question naming one finds it spelled the same, or not at all.
pub const MAX_TERMS: usize = 60_000;

/// The embedded terms of a generation's documentation chunks.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    dimension: usize,
    rows: HashMap<String, usize>,
    vectors: Vec<f32>,
}

impl Vocabulary {
    /// The terms of `chunks` to embed: those of documentation chunks (text, title, heading
    /// path), the [`MAX_TERMS`] used by most chunks, sorted.
    pub fn terms_of(chunks: &[Chunk]) -> Vec<String> {
        let mut df: HashMap<String, u32> = HashMap::new();
        for c in chunks.iter().filter(|c| c.kind == DocKind::Doc) {
            let mut seen: HashSet<String> =
                docent_core::terms::terms(&c.text).into_iter().collect();
            seen.extend(docent_core::terms::terms(&c.title));
            for h in &c.heading_path {
                seen.extend(docent_core::terms::terms(h));
            }
            for t in seen {
                if t.len() <= u16::MAX as usize {
                    *df.entry(t).or_default() += 1;
                }
            }
        }
        let mut terms: Vec<(String, u32)> = df.into_iter().collect();
        if terms.len() > MAX_TERMS {
            terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            terms.truncate(MAX_TERMS);
        }
        let mut terms: Vec<String> = terms.into_iter().map(|(t, _)| t).collect();
        terms.sort_unstable();
        terms
    }

    /// A vocabulary of `terms` and their vectors (normalised to unit length here).
    pub fn new(dimension: usize, terms: Vec<String>, vectors: Vec<Vec<f32>>) -> Vocabulary {
        let mut flat = Vec::with_capacity(terms.len() * dimension);
        let mut rows = HashMap::with_capacity(terms.len());
        for (t, v) in terms.into_iter().zip(vectors) {
            if v.len() != dimension {
                continue;
            }
            rows.insert(t, rows.len());
            flat.extend(unit(v));
        }
        Vocabulary {
            dimension,
            rows,
            vectors: flat,
        }
    }

    /// The unit vector of `term`, when it was embedded.
    pub fn get(&self, term: &str) -> Option<&[f32]> {
        let row = *self.rows.get(term)?;
        self.vectors
            .get(row * self.dimension..(row + 1) * self.dimension)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it holds no term.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the file at `path`.
    pub fn write(&self, path: &Path) -> Result<()> {
        let file = std::fs::File::create(path).map_err(Error::io(path))?;
        let mut w = BufWriter::new(file);
        let mut terms: Vec<(&String, &usize)> = self.rows.iter().collect();
        terms.sort_unstable_by_key(|(_, row)| **row);
        let mut head = Vec::with_capacity(16);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&FILE_FORMAT.to_le_bytes());
        head.extend_from_slice(&(self.dimension as u32).to_le_bytes());
        head.extend_from_slice(&(terms.len() as u32).to_le_bytes());
        w.write_all(&head).map_err(Error::io(path))?;
        for (t, _) in &terms {
            w.write_all(&(t.len() as u16).to_le_bytes())
                .and_then(|()| w.write_all(t.as_bytes()))
                .map_err(Error::io(path))?;
        }
        for x in &self.vectors {
            w.write_all(&x.to_le_bytes()).map_err(Error::io(path))?;
        }
        w.flush().map_err(Error::io(path))
    }

    /// Reads the file at `path`; a file cut short or not of this layout is an error naming it.
    pub fn read(path: &Path) -> Result<Vocabulary> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(Error::io(path))?;
        let corrupt = |why: &str| Error::Corrupt {
            path: path.display().to_string(),
            message: why.to_string(),
        };
        let mut at = 0usize;
        let mut take = |n: usize| -> Result<&[u8]> {
            let s = bytes
                .get(at..at + n)
                .ok_or_else(|| corrupt("the file is cut short"))?;
            at += n;
            Ok(s)
        };
        if take(4)? != MAGIC {
            return Err(corrupt("not a term vector file"));
        }
        let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let format = u32_at(take(4)?);
        if format != FILE_FORMAT {
            return Err(corrupt(&format!("term vector format {format}")));
        }
        let dimension = u32_at(take(4)?) as usize;
        let count = u32_at(take(4)?) as usize;
        let mut rows = HashMap::with_capacity(count.min(MAX_TERMS * 2));
        for row in 0..count {
            let n = take(2)?;
            let n = u16::from_le_bytes([n[0], n[1]]) as usize;
            let term = std::str::from_utf8(take(n)?)
                .map_err(|_| corrupt("a term is not UTF-8"))?
                .to_string();
            rows.insert(term, row);
        }
        let floats = count
            .checked_mul(dimension)
            .ok_or_else(|| corrupt("impossible sizes"))?;
        let raw = take(
            floats
                .checked_mul(4)
                .ok_or_else(|| corrupt("impossible sizes"))?,
        )?;
        let vectors = raw
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Vocabulary {
            dimension,
            rows,
            vectors,
        })
    }
}

/// `v` scaled to unit length (a zero vector stays zero).
pub fn unit(mut v: Vec<f32>) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
    v
}

#[cfg(test)]
mod tests {
    //! Proves: the terms of documentation chunks are read the tutor's way, tickets' are not; a written file reads back the same vectors; a file cut short is an
    //! error that names it.
    use super::*;

    fn chunk(text: &str, kind: DocKind) -> Chunk {
        Chunk {
            id: "d#0".into(),
            doc_id: "d".into(),
            ordinal: 0,
            title: "Lock apps".into(),
            heading_path: vec![],
            text: text.into(),
            offset: 0,
            audience: docent_core::Audience::Public,
            product: None,
            kind,
            source: "d.md".into(),
            url: None,
            summary_end: 0,
        }
    }

    #[test]
    fn terms_of_docs_only_and_a_round_trip() {
        let chunks = [
            chunk("Enter your PIN within 30 seconds.", DocKind::Doc),
            chunk("sourdough recipes", DocKind::Ticket),
        ];
        let terms = Vocabulary::terms_of(&chunks);
        assert_eq!(
            terms,
            vec!["30", "app", "enter", "lock", "pin", "second", "within"]
        );
        let vectors: Vec<Vec<f32>> = (0..terms.len())
            .map(|i| vec![i as f32 + 1.0, 1.0, 0.0])
            .collect();
        let v = Vocabulary::new(3, terms, vectors);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("terms.bin");
        v.write(&path).unwrap();
        let back = Vocabulary::read(&path).unwrap();
        assert_eq!(back.len(), 7);
        let pin = back.get("pin").unwrap();
        assert!((pin.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(pin, v.get("pin").unwrap());
        assert!(back.get("sourdough").is_none());

        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let e = Vocabulary::read(&path).unwrap_err().to_string();
        assert!(e.contains("terms.bin") && e.contains("cut short"), "{e}");
    }
}
