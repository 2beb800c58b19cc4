//! Chunking: `text-splitter`'s Markdown splitter, sized in model tokens through
//! [`TokenCount`], with each chunk's heading path.
//!
//! Proves (see tests): 1. chunks appear in document order and their offsets point at their text;
//! 2. no chunk exceeds the token budget unless a single word does; 3. a chunk knows the headings
//! that enclose it; 4. heading-only fragments are not chunks of their own.

use docent_core::{Chunk, Document, TokenCount};
use text_splitter::{ChunkConfig, ChunkSizer, MarkdownSplitter};

use crate::{Error, Result};

struct Sizer<'a>(&'a dyn TokenCount);

impl ChunkSizer for Sizer<'_> {
    fn size(&self, chunk: &str) -> usize {
        self.0.count_tokens(chunk)
    }
}

/// Splits documents into chunks of at most `max_tokens` model tokens.
pub struct Chunker<'a> {
    splitter: MarkdownSplitter<Sizer<'a>>,
}

impl<'a> Chunker<'a> {
    /// A chunker sized by `counter`. `overlap` must be below `max_tokens`.
    pub fn new(counter: &'a dyn TokenCount, max_tokens: usize, overlap: usize) -> Result<Self> {
        if max_tokens == 0 {
            return Err(Error::Chunking("max_tokens must be above 0".into()));
        }
        let config = ChunkConfig::new(max_tokens)
            .with_overlap(overlap)
            .map_err(|e| Error::Chunking(e.to_string()))?
            .with_sizer(Sizer(counter));
        Ok(Chunker {
            splitter: MarkdownSplitter::new(config),
        })
    }

    /// Chunks one document. Chunk ids are `"{doc_id}#{ordinal}"`.
    pub fn chunk(&self, doc: &Document) -> Vec<Chunk> {
        let headings = headings(&doc.text);
        let mut out = Vec::new();
        for (offset, text) in self.splitter.chunk_indices(&doc.text) {
            let (offset, text) = snap_to_words(&doc.text, offset, text.len());
            if text.trim().is_empty() || is_only_headings(text) {
                continue;
            }
            let ordinal = out.len() as u32;
            out.push(Chunk {
                id: format!("{}#{ordinal}", doc.id),
                doc_id: doc.id.clone(),
                ordinal,
                title: doc.title.clone(),
                heading_path: heading_path(&headings, offset),
                text: text.to_string(),
                offset,
                audience: doc.audience,
                product: doc.product.clone(),
                kind: doc.kind,
                source: doc.source.clone(),
                url: doc.url.clone(),
            });
        }
        out
    }
}

/// A letter, digit or apostrophe: what a word is made of.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}')
}

/// Moves a chunk's bounds (`start`, `len` bytes of `doc`) out of the middle of a word, so no
/// quote taken from a chunk begins or ends mid-word ("... has a p"): a start inside a word moves
/// back to the word's first letter and an end inside a word moves back before the word. Both
/// move the same way, so a word cut between two chunks goes whole to the later one and none is
/// lost. A chunk that is one cut word stays as it is.
pub fn snap_to_words(doc: &str, start: usize, len: usize) -> (usize, &str) {
    let end = start + len;
    let inside = |at: usize| {
        at > 0
            && at < doc.len()
            && doc[..at].chars().next_back().is_some_and(is_word_char)
            && doc[at..].chars().next().is_some_and(is_word_char)
    };
    let word_start = |at: usize| {
        doc[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_word_char(*c))
            .last()
            .map_or(at, |(i, _)| i)
    };
    let s = if inside(start) {
        word_start(start)
    } else {
        start
    };
    let mut e = end;
    if inside(end) {
        e = word_start(end);
        e = s + doc[s..e].trim_end().len();
    }
    if e <= s || doc[s..e].trim().is_empty() {
        return (start, &doc[start..end]);
    }
    (s, &doc[s..e])
}

/// (byte offset, level, text) of each ATX heading outside code fences.
fn headings(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut in_code = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
        } else if !in_code {
            if let Some((level, title)) = heading(t) {
                out.push((offset, level, title));
            }
        }
        offset += line.len();
    }
    out
}

fn heading(line: &str) -> Option<(usize, String)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.starts_with(' ') {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim();
    (!title.is_empty()).then(|| (level, title.to_string()))
}

fn heading_path(headings: &[(usize, usize, String)], offset: usize) -> Vec<String> {
    let mut stack: Vec<(usize, &str)> = Vec::new();
    for (pos, level, title) in headings {
        if *pos > offset {
            break;
        }
        while stack.last().is_some_and(|(l, _)| *l >= *level) {
            stack.pop();
        }
        stack.push((*level, title));
    }
    stack.into_iter().map(|(_, t)| t.to_string()).collect()
}

fn is_only_headings(text: &str) -> bool {
    text.lines()
        .all(|l| l.trim().is_empty() || heading(l.trim()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use docent_core::{Audience, DocKind};
    use proptest::prelude::*;

    fn words(s: &str) -> usize {
        s.split_whitespace().count()
    }

    fn doc(text: &str) -> Document {
        Document {
            id: "d".into(),
            source: "d.md".into(),
            title: "D".into(),
            url: None,
            audience: Audience::Public,
            product: None,
            kind: DocKind::Doc,
            text: text.into(),
        }
    }

    #[test]
    fn heading_paths() {
        let text = "# Reports\n\nIntro words here.\n\n## Export\n\nExport words here, many of them.\n\n### CSV\n\nCSV details go here.\n\n## Share\n\nShare words.\n";
        let counter = words;
        let chunks = Chunker::new(&counter, 6, 0).unwrap().chunk(&doc(text));
        let csv = chunks
            .iter()
            .find(|c| c.text.contains("CSV details"))
            .unwrap();
        assert_eq!(csv.heading_path, vec!["Reports", "Export", "CSV"]);
        let share = chunks
            .iter()
            .find(|c| c.text.contains("Share words"))
            .unwrap();
        assert_eq!(share.heading_path, vec!["Reports", "Share"]);
        assert!(chunks.iter().all(|c| !is_only_headings(&c.text)));
        assert!(chunks
            .iter()
            .enumerate()
            .all(|(i, c)| c.id == format!("d#{i}")));
    }

    #[test]
    fn chunk_bounds_never_cut_a_word() {
        let doc = "visit the service provider's website. The app has a password.";
        let cut = doc.find("provider's").unwrap() + "provider'".len();
        // An end inside "provider's" moves back before the word.
        let (s, t) = snap_to_words(doc, 0, cut);
        assert_eq!((s, t), (0, "visit the service"));
        // A start inside "provider's" moves back to its first letter: the word is not lost.
        let (s, t) = snap_to_words(doc, cut, doc.len() - cut);
        assert_eq!(t, "provider's website. The app has a password.");
        assert_eq!(&doc[s..s + t.len()], t);
        // Bounds on word edges stay; one cut word stays as it is.
        assert_eq!(snap_to_words(doc, 0, 5), (0, "visit"));
        assert_eq!(snap_to_words("abcdef", 1, 3), (1, "bcd"));
    }

    #[test]
    fn code_fence_hashes_are_not_headings() {
        let h = headings("# A\n```\n# not a heading\n```\n## B\n");
        let titles: Vec<_> = h.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(titles, vec!["A", "B"]);
    }

    proptest! {
        #[test]
        fn chunks_cover_text_in_order_within_budget(
            paras in proptest::collection::vec("[a-z]{1,8}( [a-z]{1,8}){0,30}", 1..12),
            max in 5usize..40,
        ) {
            let text = paras.join("\n\n");
            let counter = words;
            let chunks = Chunker::new(&counter, max, 0).unwrap().chunk(&doc(&text));
            let mut last = 0;
            for c in &chunks {
                prop_assert!(c.offset >= last);
                prop_assert_eq!(&text[c.offset..c.offset + c.text.len()], c.text.as_str());
                prop_assert!(words(&c.text) <= max);
                last = c.offset + c.text.len();
            }
            let covered: usize = chunks.iter().map(|c| words(&c.text)).sum();
            prop_assert_eq!(covered, words(&text));
        }

        #[test]
        fn chunks_start_and_end_on_word_edges_and_lose_no_word(
            paras in proptest::collection::vec("[a-z']{1,8}( [a-z']{1,12}){0,30}", 1..8),
            max in 6usize..80,
            overlap in 0usize..2,
        ) {
            let text = paras.join("\n\n");
            let counter = |s: &str| s.len();
            let overlap = overlap * (max / 4);
            let chunks = Chunker::new(&counter, max, overlap).unwrap().chunk(&doc(&text));
            let mut whole: Vec<&str> = Vec::new();
            for c in &chunks {
                let end = c.offset + c.text.len();
                prop_assert_eq!(&text[c.offset..end], c.text.as_str());
                let before = text[..c.offset].chars().next_back();
                let after = text[end..].chars().next();
                let one_word = !c.text.contains(|ch: char| !is_word_char(ch));
                prop_assert!(one_word || !before.is_some_and(is_word_char) || !c.text.starts_with(is_word_char), "{:?}", c.text);
                prop_assert!(one_word || !after.is_some_and(is_word_char) || !c.text.ends_with(is_word_char), "{:?}", c.text);
                whole.extend(c.text.split(|ch: char| !is_word_char(ch)).filter(|w| !w.is_empty()));
            }
            // Every word of the text stands whole in some chunk (words longer than a chunk
            // are cut by the splitter itself and left out of this check).
            for w in text.split(|ch: char| !is_word_char(ch)).filter(|w| !w.is_empty() && w.len() < max) {
                prop_assert!(whole.contains(&w), "{:?} lost", w);
            }
        }
    }
}
