//! The manifest: what an index was built with. A mismatch is an error, never silent garbage.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// On-disk format version of a generation (2: one BM25 field for title, headings and body;
/// 3: sentence vectors of documentation chunks in `sentences.bin`; 4: chunk bounds on word
/// edges and MDX snippets placed in their pages, so older chunks are re-cut; 5: fenced code
/// blocks never cut open, kept with their lead-in, so older chunks are re-cut; 6: a block right
/// under a tag line too; 7: flat text's title-case names holding a closed-class word, "Power On
/// with Mobile", kept whole by structure recovery; 8: gerund run-in headings split, "Select
/// View Details" kept a step, sentence starters learnt past button names; 9: a heading vector
/// per documentation chunk, its title and heading path, in `headings.bin`; 10: tickets keep the
/// UTC offset their dates were written with, so the gap report counts each on the day it was
/// asked there, and older indexes read their exports again; 11: a page's first chunk marks
/// where its front-matter description ends, which answers never quote, so older pages are
/// read again; their vectors are reused, the chunk text being the same; 12: every content term
/// of the docs is embedded on its own (`terms.bin`, [`crate::vocabulary`]), for the tutor's
/// coverage by meaning; older indexes get it on their next ingest, every other vector reused;
/// 13: an MDX card's title and outside link are read (`[Source code](https://...)`), so
/// older pages are read again, the vectors of unchanged chunks reused; 14: a content term that
/// starts with a digit is read as its runs of digits and letters, "60hz" as 60 and hz, so the
/// docs' terms are embedded again where they changed, every other vector reused; 15: in flat
/// text a list of capitalised values after a label's colon stays with the label ("Encryption
/// Types: WEP, TKIP, AES"), not cut off as a heading, so flat documents are read again, the
/// vectors of unchanged chunks reused; 16: Markdown's wikilinks, embeds and callout markers
/// read as text, and a page's title heading only where it opens the page, so Markdown pages
/// are read again, the vectors of unchanged chunks reused; 17: Obsidian's block ids
/// (`^purchase-refund` ending a line) dropped; 18: a callout without a title reads as its type
/// on a paragraph of its own, so its note's first sentence reads alone).
pub const FORMAT_VERSION: u32 = 18;

/// What an index generation was built with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`] at build time.
    pub format_version: u32,
    /// The embedder's model id.
    pub model_id: String,
    /// Vector length.
    pub dimension: usize,
    /// Model truncation length in tokens.
    pub model_max_tokens: usize,
    /// Chunk budget in tokens.
    pub chunk_max_tokens: usize,
    /// Chunk overlap in tokens.
    pub chunk_overlap_tokens: usize,
    /// Generation number.
    pub generation: u64,
    /// Chunks in the index.
    pub chunks: usize,
    /// Documents in the index.
    pub documents: usize,
    /// Tickets in the index.
    pub tickets: usize,
    /// Seconds since the Unix epoch when it was built.
    pub built_at: u64,
}

impl Manifest {
    /// The manifest an index of this format built with `embedder` and this chunking has
    /// (counts, generation and time filled in when it is written).
    pub fn wanted(
        embedder: &dyn docent_embed::Embedder,
        model_max_tokens: usize,
        chunk_max_tokens: usize,
        chunk_overlap_tokens: usize,
    ) -> Manifest {
        Manifest {
            format_version: FORMAT_VERSION,
            model_id: embedder.model_id().to_string(),
            dimension: embedder.dimension(),
            model_max_tokens,
            chunk_max_tokens,
            chunk_overlap_tokens,
            generation: 0,
            chunks: 0,
            documents: 0,
            tickets: 0,
            built_at: 0,
        }
    }

    /// Fails with [`Error::ManifestMismatch`] unless `self` was built with the same model,
    /// dimension and chunking as `want`.
    pub fn check(&self, want: &Manifest, path: &str) -> Result<()> {
        if self.format_version != FORMAT_VERSION {
            return Err(Error::OtherFormat {
                path: path.to_string(),
                found: self.format_version,
                reads: FORMAT_VERSION,
            });
        }
        let sig = |m: &Manifest| {
            format!(
                "model {} ({} dims, {} max tokens), chunks of {} tokens with {} overlap",
                m.model_id,
                m.dimension,
                m.model_max_tokens,
                m.chunk_max_tokens,
                m.chunk_overlap_tokens
            )
        };
        if sig(self) != sig(want) {
            return Err(Error::ManifestMismatch {
                path: path.to_string(),
                built: sig(self),
                configured: sig(want),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(format_version: u32) -> Manifest {
        Manifest {
            format_version,
            model_id: "m".into(),
            dimension: 384,
            model_max_tokens: 256,
            chunk_max_tokens: 200,
            chunk_overlap_tokens: 20,
            generation: 1,
            chunks: 0,
            documents: 0,
            tickets: 0,
            built_at: 0,
        }
    }

    #[test]
    fn an_index_of_another_format_says_to_ingest_again_not_that_it_is_damaged() {
        let old = manifest(FORMAT_VERSION - 1);
        let e = old
            .check(&manifest(FORMAT_VERSION), "indexes/default")
            .unwrap_err();
        assert!(
            matches!(e, Error::OtherFormat { found, reads, .. } if found == FORMAT_VERSION - 1 && reads == FORMAT_VERSION)
        );
        let text = e.to_string();
        assert!(
            text.contains("docent ingest") && !text.contains("damaged"),
            "{text}"
        );
        assert!(manifest(FORMAT_VERSION)
            .check(&manifest(FORMAT_VERSION), "indexes/default")
            .is_ok());
    }
}
