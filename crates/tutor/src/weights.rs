//! Term weights: document frequencies of content terms over an index's chunks, the inverse
//! document frequency the re-ranker, the confidence and the gap report weigh question terms by.

use std::collections::HashMap;

use docent_core::Chunk;

use crate::text::terms;

/// Document frequencies of content terms over an index's chunks.
#[derive(Debug, Default)]
pub struct TermWeights {
    df: HashMap<String, u32>,
    n: u32,
    /// Terms that some documentation chunk (not a ticket) mentions.
    documented: std::collections::HashSet<String>,
}

impl TermWeights {
    /// Counts terms over `chunks` (title, headings and text).
    pub fn build(chunks: &[Chunk]) -> Self {
        let mut df: HashMap<String, u32> = HashMap::new();
        let mut documented = std::collections::HashSet::new();
        for c in chunks {
            let mut seen: Vec<String> = terms(&c.text);
            seen.extend(terms(&c.title));
            for h in &c.heading_path {
                seen.extend(terms(h));
            }
            seen.sort_unstable();
            seen.dedup();
            if c.kind == docent_core::DocKind::Doc {
                documented.extend(seen.iter().cloned());
            }
            for t in seen {
                *df.entry(t).or_default() += 1;
            }
        }
        TermWeights {
            df,
            n: chunks.len() as u32,
            documented,
        }
    }

    /// Whether some documentation chunk mentions `term` (a content term, as [`terms`] gives).
    pub fn documented(&self, term: &str) -> bool {
        self.documented.contains(term)
    }

    /// Whether a documented term of at least `term`'s length starts with `term` (of four
    /// letters or more): a short form of a documented name ("postgres", "postgresql").
    pub fn documented_variant(&self, term: &str) -> bool {
        term.chars().count() >= 4 && self.documented.iter().any(|d| d.starts_with(term))
    }

    /// The inverse document frequency of a term found in `share` (0..1) of the chunks.
    pub fn idf_of_share(&self, share: f32) -> f32 {
        ((1.0 + self.n as f32) / (1.0 + share * self.n as f32)).ln() + 1.0
    }

    /// Inverse document frequency of `term`; unseen terms weigh the most.
    pub fn idf(&self, term: &str) -> f32 {
        let df = self.df.get(term).copied().unwrap_or(0) as f32;
        ((1.0 + self.n as f32) / (1.0 + df)).ln() + 1.0
    }
}
