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
    /// Counts terms over `chunks` (title, headings and text), on all cores: a part of the
    /// chunks each, the counts added up (the same counts as one pass).
    pub fn build(chunks: &[Chunk]) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per = chunks.len().div_ceil(threads).max(1);
        let parts: Vec<TermWeights> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .chunks(per)
                .map(|part| s.spawn(move || Self::build_one(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut all = TermWeights {
            n: chunks.len() as u32,
            ..TermWeights::default()
        };
        for part in parts {
            for (t, n) in part.df {
                *all.df.entry(t).or_default() += n;
            }
            all.documented.extend(part.documented);
        }
        all
    }

    /// [`TermWeights::build`] on one thread.
    fn build_one(chunks: &[Chunk]) -> Self {
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

    /// How many chunks the weights were counted over.
    pub fn chunks(&self) -> u32 {
        self.n
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

#[cfg(test)]
mod tests {
    //! Proves: the counts made on all cores are the counts of one pass, and only documentation
    //! chunks make a term documented.
    use super::*;

    #[test]
    fn counts_on_all_cores_are_the_counts_of_one_pass() {
        let mut chunks: Vec<Chunk> = (0..41)
            .map(|i| {
                Chunk::public_doc(
                    &format!("doc{i}"),
                    "Exporting reports",
                    &["Schedule"],
                    &format!("Export the report {} as CSV every {} days", i % 3, i % 5),
                )
            })
            .collect();
        let mut ticket = Chunk::public_doc("ticket:1", "Ticket", &[], "zebra crossing broken");
        ticket.kind = docent_core::DocKind::Ticket;
        chunks.push(ticket);
        let parallel = TermWeights::build(&chunks);
        let one = TermWeights::build_one(&chunks);
        assert_eq!(parallel.n, 42);
        assert_eq!(parallel.n, one.n);
        assert_eq!(parallel.df, one.df);
        assert_eq!(parallel.documented, one.documented);
        assert_eq!(parallel.df.get("report").copied(), Some(41));
        assert!(parallel.documented("csv"));
        assert!(!parallel.documented("zebra"));
        assert_eq!(parallel.df.get("zebra").copied(), Some(1));
    }
}
