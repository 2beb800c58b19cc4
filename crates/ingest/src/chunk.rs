//! Chunking: `text-splitter`'s Markdown splitter, sized in model tokens through
//! [`TokenCount`], with each chunk's heading path. Fenced code blocks are never cut open: a
//! block is a chunk's whole content or part of it, together with the sentence that leads into
//! it ("The following example ...:") where the budget allows; a block larger than the budget is
//! cut at line boundaries, each piece closing and re-opening the fence with its language, so
//! every chunk is valid Markdown and an example travels with its introduction.
//!
//! Proves (see tests): 1. chunks appear in document order and their offsets point at their text;
//! 2. no chunk exceeds the token budget unless a single word does; 3. a chunk knows the headings
//! that enclose it; 4. heading-only fragments are not chunks of their own; 5. every chunk's
//! fences are balanced and every code line is in some chunk, in order; 6. a lead-in ending with
//! ":" shares its chunk with the block it introduces when both fit.

use docent_core::{Chunk, Document, TokenCount};
use text_splitter::{ChunkConfig, ChunkSizer, MarkdownSplitter, TextSplitter};

use crate::fence::{fences, Fence};
use crate::{Error, Result};

/// Sizes spans for the splitter, which only asks whether a span fits the budget (the second
/// field): a span over it may be counted only as far as shows that.
struct Sizer<'a>(&'a dyn TokenCount, usize);

impl ChunkSizer for Sizer<'_> {
    fn size(&self, chunk: &str) -> usize {
        self.0.count_tokens_past(chunk, self.1)
    }
}

/// Splits documents into chunks of at most `max_tokens` model tokens.
pub struct Chunker<'a> {
    splitter: MarkdownSplitter<Sizer<'a>>,
    counter: &'a dyn TokenCount,
    max_tokens: usize,
}

/// A document's text as the splitter sees it: each code block larger than the budget cut into
/// blocks that fit (each closing the fence, the next re-opening it with its language), with
/// where each stretch of it comes from in the document.
struct Prepared {
    text: String,
    /// (offset here, offset in the document, copied verbatim?) at each stretch's start; an
    /// added fence line maps to the document's offset where it was put.
    map: Vec<(usize, usize, bool)>,
}

impl Prepared {
    /// `doc` with each cut `(from, to, added)` made: `doc[from..to]` (the line break and blank
    /// lines between two pieces of a block) replaced by `added` (fence lines).
    fn new(doc: &str, cuts: &[(usize, usize, String)]) -> Prepared {
        let mut text = String::with_capacity(doc.len());
        let mut map = Vec::new();
        let mut pos = 0;
        for (from, to, added) in cuts {
            map.push((text.len(), pos, true));
            text.push_str(&doc[pos..*from]);
            map.push((text.len(), *to, false));
            text.push_str(added);
            pos = *to;
        }
        map.push((text.len(), pos, true));
        text.push_str(&doc[pos..]);
        Prepared { text, map }
    }

    /// The document offset of byte `at` of the prepared text.
    fn origin(&self, at: usize) -> usize {
        let i = self.map.partition_point(|m| m.0 <= at).saturating_sub(1);
        let (here, there, verbatim) = self.map[i];
        if verbatim {
            there + (at - here)
        } else {
            there
        }
    }
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
            .with_sizer(Sizer(counter, max_tokens));
        Ok(Chunker {
            splitter: MarkdownSplitter::new(config),
            counter,
            max_tokens,
        })
    }

    /// Chunks one document. Chunk ids are `"{doc_id}#{ordinal}"`.
    pub fn chunk(&self, doc: &Document) -> Vec<Chunk> {
        let headings = headings(&doc.text);
        let prepared = Prepared::new(&doc.text, &self.cuts(&doc.text));
        let ranges: Vec<(usize, usize)> = self
            .splitter
            .chunk_indices(&prepared.text)
            .map(|(offset, text)| {
                let (offset, text) = snap_to_words(&prepared.text, offset, text.len());
                (offset, offset + text.len())
            })
            .collect();
        let ranges = self.keep_lead_ins(&prepared.text, ranges);
        let mut out = Vec::new();
        for (start, end) in ranges {
            let text = &prepared.text[start..end];
            if text.trim().is_empty() || is_only_headings(text) {
                continue;
            }
            let ordinal = out.len() as u32;
            let offset = prepared.origin(start);
            let summary_end = if ordinal == 0 {
                summary_end(doc, text)
            } else {
                0
            };
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
                summary_end,
            });
        }
        out
    }

    fn fits(&self, text: &str) -> bool {
        self.counter.count_tokens(text) <= self.max_tokens
    }

    /// Where the code blocks larger than the budget are cut, and the fence lines put there
    /// (the splitter keeps a block that fits whole, but cuts a larger one anywhere).
    /// A block right under a tag line (`<Tab title="cURL">` in MDX) gets a blank line before
    /// it: without one the splitter reads tag and block as one HTML block, cut anywhere.
    fn cuts(&self, text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let mut pos = 0;
        for block in fences(text) {
            let above = text[..block.start].trim_end_matches('\n');
            let above = &above[above.rfind('\n').map_or(0, |i| i + 1)..];
            if above.trim_start().starts_with('<') && text[..block.start].ends_with('\n') {
                out.push((block.start, block.start, "\n".to_string()));
            }
            if !self.fits(&text[block.start..block.end]) {
                let start = self.lead_in(text, pos, &block).unwrap_or(block.start);
                out.extend(self.block_cuts(text, start, &block));
            }
            pos = block.end;
        }
        out
    }

    /// Cuts of `block` (with its lead-in from `start`) at line boundaries into pieces that fit
    /// with the fence lines added around them: (end of a piece, start of the next, fences).
    fn block_cuts(&self, text: &str, start: usize, block: &Fence) -> Vec<(usize, usize, String)> {
        let added = format!("\n{}\n{}\n", block.close_line, block.open_line);
        let mut out = Vec::new();
        // The current piece: where it starts, whether it re-opens the fence, where it ends.
        let (mut from, mut reopened, mut end) = (start, false, None::<usize>);
        for (us, ue) in self.code_units(text, block) {
            let Some(last) = end else {
                // A piece takes its first line whatever its size (the lead-in was checked with it).
                end = Some(ue);
                continue;
            };
            let reopen = if reopened {
                format!("{}\n", block.open_line)
            } else {
                String::new()
            };
            let grown = format!("{reopen}{}\n{}", &text[from..ue], block.close_line);
            if self.fits(&grown) {
                end = Some(ue);
                continue;
            }
            out.push((last, us, added.clone()));
            (from, reopened, end) = (us, true, Some(ue));
        }
        out
    }

    /// The code lines of `block` as byte ranges (blank lines left out), each line that cannot
    /// fit between fences alone cut by words into parts that can.
    fn code_units(&self, text: &str, block: &Fence) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut offset = block.body;
        for line in text[block.body..block.close].split_inclusive('\n') {
            let s = offset;
            offset += line.len();
            let bare = line.trim_end();
            if bare.trim().is_empty() {
                continue;
            }
            if self.fits(&format!(
                "{}\n{bare}\n{}",
                block.open_line, block.close_line
            )) {
                out.push((s, s + bare.len()));
                continue;
            }
            let fences = format!("{}\n\n{}", block.open_line, block.close_line);
            let room = self
                .max_tokens
                .saturating_sub(self.counter.count_tokens(&fences))
                .max(1);
            let splitter =
                TextSplitter::new(ChunkConfig::new(room).with_sizer(Sizer(self.counter, room)));
            for (o, part) in splitter.chunk_indices(bare) {
                out.push((s + o, s + o + part.len()));
            }
        }
        out
    }

    /// Where the lead-in of `block` starts: the paragraph right before it (after `from`) when
    /// it ends with ":", or failing the budget its last line or last sentence. `None` when there
    /// is no lead-in or even its last sentence does not fit with the block (or, for a block
    /// larger than the budget, with the block's first line).
    fn lead_in(&self, text: &str, from: usize, block: &Fence) -> Option<usize> {
        let end = from + text[from..block.start].trim_end().len();
        let block_end = if self.fits(&text[block.start..block.end]) {
            block.end
        } else {
            let first = self
                .code_units(text, block)
                .first()
                .map_or(block.body, |u| u.1);
            first.max(block.body)
        };
        self.lead_in_candidates(text, from, end)
            .into_iter()
            .find(|&s| self.fits(&format!("{}\n{}", &text[s..block_end], block.close_line)))
    }

    /// Where a lead-in ending at `end` may start (its paragraph, its last line, its last
    /// sentence), longest first; none when the text before `end` (from `from`) ends with no ":".
    fn lead_in_candidates(&self, text: &str, from: usize, end: usize) -> Vec<usize> {
        let before = &text[from..end];
        if !before.trim_end_matches(['*', '_']).ends_with(':') {
            return Vec::new();
        }
        let para = before.rfind("\n\n").map_or(from, |i| from + i + 2);
        // Not the heading above it: a lead-in starts after the last heading line.
        let mut start = para;
        let mut offset = para;
        for line in text[para..end].split_inclusive('\n') {
            offset += line.len();
            if heading(line.trim()).is_some() || !fences(line).is_empty() {
                start = offset;
            }
        }
        let start = start + (text[start..end].len() - text[start..end].trim_start().len());
        if start >= end {
            return Vec::new();
        }
        let line = text[start..end].rfind('\n').map(|i| start + i + 1);
        let sentence = last_sentence(&text[start..end]).map(|i| start + i);
        let mut out = vec![start];
        out.extend(line);
        out.extend(sentence.filter(|s| Some(*s) > line));
        out
    }

    /// Moves a lead-in that ends a chunk ("Send the following request:") into the next chunk
    /// when that one opens with the block it introduces: the whole next chunk when both fit,
    /// else the lead-in and the block alone, the rest of that chunk a chunk of its own.
    fn keep_lead_ins(&self, text: &str, ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        let mut queue = ranges.into_iter();
        let mut next = queue.next();
        while let Some((start, end)) = next {
            next = queue.next();
            let Some(&(prev_start, prev_end)) = out.last() else {
                out.push((start, end));
                continue;
            };
            let block = fences(&text[start..end])
                .into_iter()
                .next()
                .filter(|b| text[start..start + b.start].trim().is_empty());
            let Some(block) = block else {
                out.push((start, end));
                continue;
            };
            let block_end = start + block.end;
            let moved = self
                .lead_in_candidates(text, prev_start, prev_end)
                .into_iter()
                .find_map(|lead| {
                    if self.fits(&text[lead..end]) {
                        Some((lead, vec![(lead, end)]))
                    } else if self.fits(&text[lead..block_end]) {
                        let rest = block_end
                            + (text[block_end..end].len()
                                - text[block_end..end].trim_start().len());
                        let mut v = vec![(lead, block_end)];
                        if rest < end {
                            v.push((rest, end));
                        }
                        Some((lead, v))
                    } else {
                        None
                    }
                });
            match moved {
                Some((lead, parts)) => {
                    let kept = prev_start + text[prev_start..lead].trim_end().len();
                    out.pop();
                    if kept > prev_start {
                        out.push((prev_start, kept));
                    }
                    out.extend(parts);
                }
                None => out.push((start, end)),
            }
        }
        out
    }
}

/// Where the last sentence of `para` starts (after ". ", "? " or "! "), when it has several.
fn last_sentence(para: &str) -> Option<usize> {
    let body = para.trim_end();
    let cut = body[..body.len().saturating_sub(1)]
        .rmatch_indices(['.', '?', '!'])
        .map(|(i, _)| i + 1)
        .find(|&i| body[i..].starts_with(char::is_whitespace))?;
    let rest = &body[cut..];
    Some(cut + (rest.len() - rest.trim_start().len()))
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
    let blocks = fences(text);
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let in_code = blocks.iter().any(|b| b.start <= offset && offset < b.end);
        if !in_code {
            if let Some((level, title)) = heading(line.trim()) {
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

/// Where the document's summary ([`Document::summary`]) ends in its first chunk's `text`, when
/// that chunk opens with the whole of it; 0 otherwise.
fn summary_end(doc: &Document, text: &str) -> usize {
    let Some(summary) = doc
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return 0;
    };
    let body = text.trim_start();
    if body.starts_with(summary) {
        text.len() - body.len() + summary.len()
    } else {
        0
    }
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
            summary: None,
        }
    }

    #[test]
    fn the_first_chunk_marks_where_the_documents_summary_ends() {
        let summary = "Add or update payment methods for your account.";
        let body = "Cards are managed in Stripe. ".repeat(30);
        let d = Document {
            summary: Some(summary.into()),
            ..doc(&format!("{summary}\n\n{body}"))
        };
        let chunks = Chunker::new(&words, 40, 0).unwrap().chunk(&d);
        assert!(chunks.len() > 1);
        assert_eq!(&chunks[0].text[..chunks[0].summary_end], summary);
        assert!(chunks[1..].iter().all(|c| c.summary_end == 0));
        // No summary, nothing marked.
        let plain = Chunker::new(&words, 40, 0).unwrap().chunk(&doc(&body));
        assert!(plain.iter().all(|c| c.summary_end == 0));
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

    /// The chunk's text is the document's at its offset, apart from fence lines added to a
    /// piece of a code block cut in parts (a re-opened fence before it, a closing one after).
    fn is_verbatim(c: &Chunk, text: &str) -> bool {
        let mut body = c.text.as_str();
        let at = &text[c.offset..];
        if !at.starts_with(body.lines().next().unwrap_or_default()) {
            body = body.split_once('\n').map_or("", |(_, rest)| rest);
        }
        if !at.starts_with(body) {
            body = body.rsplit_once('\n').map_or("", |(rest, _)| rest);
        }
        !body.is_empty() && at.starts_with(body)
    }

    fn balanced(text: &str) -> bool {
        fences(text).iter().all(|f| f.closed)
    }

    fn long_example(lines: usize) -> String {
        let code: Vec<String> = (0..lines)
            .map(|i| format!("  --data line{i} value{i} \\"))
            .collect();
        format!(
            "# Search\n\nSome words about searching an index with many options.\n\nSend the following request:\n\n```bash cURL\n{}\n```\n\nThe answer lists the hits.\n",
            code.join("\n")
        )
    }

    // Issue 14: a long example was cut open (141 of 3,808 Meilisearch chunks held only an
    // opening fence), and its lead-in ended a chunk without it.
    #[test]
    fn a_code_block_over_budget_is_cut_at_lines_with_its_fence_reopened() {
        let text = long_example(40);
        let counter = words;
        let chunks = Chunker::new(&counter, 30, 0).unwrap().chunk(&doc(&text));
        let code: Vec<&Chunk> = chunks
            .iter()
            .filter(|c| c.text.contains("--data"))
            .collect();
        assert!(code.len() > 2, "{chunks:#?}");
        for c in &chunks {
            assert!(words(&c.text) <= 30, "{:?}", c.text);
            assert!(balanced(&c.text), "{:?}", c.text);
            assert!(is_verbatim(c, &text), "{:?}", c.text);
        }
        for c in &code[1..] {
            assert!(c.text.starts_with("```bash cURL\n  --data"), "{:?}", c.text);
        }
        // The lead-in shares the first piece; every code line is in exactly one chunk, in order.
        assert!(code[0]
            .text
            .starts_with("Send the following request:\n\n```bash cURL\n"));
        let lines: Vec<&str> = code
            .iter()
            .flat_map(|c| c.text.lines())
            .filter(|l| l.contains("--data"))
            .collect();
        let want: Vec<String> = (0..40)
            .map(|i| format!("  --data line{i} value{i} \\"))
            .collect();
        assert_eq!(lines, want);
        assert!(chunks
            .iter()
            .any(|c| c.text.contains("The answer lists the hits.")));
    }

    #[test]
    fn a_lead_in_shares_its_chunk_with_the_example_it_introduces() {
        let text = "# Export\n\nAn export writes every row of the report to a file you can open in a spreadsheet, with the columns you chose.\n\nTo export from the command line, run:\n\n```sh\ndocent export --report sales\n  --format csv\n```\n\n## Share\n\nSharing sends a link.\n";
        let counter = words;
        // Enough for the lead-in and the block, not for the paragraph before them as well.
        let chunks = Chunker::new(&counter, 16, 0).unwrap().chunk(&doc(text));
        let with_code = chunks.iter().find(|c| c.text.contains("```sh")).unwrap();
        assert!(
            with_code
                .text
                .starts_with("To export from the command line, run:\n\n```sh"),
            "{chunks:#?}"
        );
        assert!(with_code.text.ends_with("--format csv\n```"));
        assert_eq!(with_code.heading_path, vec!["Export"]);
        // A section after the block starts a chunk of its own.
        let share = chunks.iter().find(|c| c.text.contains("Sharing")).unwrap();
        assert_eq!(share.heading_path, vec!["Export", "Share"]);
        // With room for all of it, prose, lead-in and block stay one chunk.
        let chunks = Chunker::new(&counter, 60, 0).unwrap().chunk(&doc(text));
        assert!(chunks[0].text.contains("An export") && chunks[0].text.contains("--format"));
    }

    #[test]
    fn a_line_longer_than_the_budget_is_cut_by_words_between_fences() {
        let long: Vec<String> = (0..50).map(|i| format!("w{i}")).collect();
        let text = format!("Payload:\n\n```json\n{}\n```\n", long.join(" "));
        let counter = words;
        let chunks = Chunker::new(&counter, 12, 0).unwrap().chunk(&doc(&text));
        assert!(chunks.len() >= 5, "{chunks:#?}");
        for c in &chunks {
            assert!(words(&c.text) <= 12, "{:?}", c.text);
            assert!(balanced(&c.text), "{:?}", c.text);
        }
        let all: Vec<&str> = chunks
            .iter()
            .flat_map(|c| c.text.split_whitespace())
            .filter(|w| w.starts_with('w'))
            .collect();
        assert_eq!(all, long.iter().map(String::as_str).collect::<Vec<_>>());
    }

    // The MDX of the Meilisearch docs as JSONL: a block right under a tab's tag line was read
    // with the tag as one HTML block and cut open although it fits.
    #[test]
    fn a_block_under_a_tag_line_stays_whole() {
        let text = "## Search\n\nSearch with any SDK:\n\n<Tabs>\n<Tab title=\"JavaScript\">\n```javascript\nconst client = new Meilisearch({ host })\nconst results = await client.index('products').search('phone')\nconsole.log(results.hits)\n```\n</Tab>\n<Tab title=\"cURL\">\n```bash\ncurl URL/indexes/products/search -d '{\"q\": \"phone\"}'\n```\n</Tab>\n</Tabs>\n\n## Resources\n\nThe repository and the blog.\n";
        let counter = words;
        for max in [14, 20, 30] {
            let chunks = Chunker::new(&counter, max, 0).unwrap().chunk(&doc(text));
            for c in &chunks {
                assert!(balanced(&c.text), "{max}: {:?}", c.text);
                assert!(
                    is_verbatim(c, text) || c.text.contains(">\n\n```"),
                    "{:?}",
                    c.text
                );
            }
            // A block that fits is one chunk's, whole (at 14 words it is cut in parts).
            if max >= 20 {
                let js = chunks.iter().find(|c| c.text.contains("```javascript"));
                let js = js.map_or("", |c| c.text.as_str());
                assert!(js.contains("console.log(results.hits)\n```"), "{js:?}");
            }
        }
    }

    #[test]
    fn hashes_inside_a_block_split_in_parts_are_not_headings() {
        let code: Vec<String> = (0..30).map(|i| format!("# comment {i}\nx = {i}")).collect();
        let text = format!("# Setup\n\n```python\n{}\n```\n", code.join("\n"));
        let counter = words;
        let chunks = Chunker::new(&counter, 20, 0).unwrap().chunk(&doc(&text));
        assert!(chunks.len() > 3);
        assert!(chunks.iter().all(|c| c.heading_path == vec!["Setup"]));
        assert!(chunks.iter().all(|c| balanced(&c.text)));
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
        fn code_blocks_stay_balanced_whole_and_in_order(
            parts in proptest::collection::vec(
                ("[a-z]{1,8}( [a-z]{1,8}){0,20}", any::<bool>(), proptest::collection::vec("[a-z]{1,6}( [a-z]{1,6}){0,6}", 0..25)),
                1..6,
            ),
            max in 12usize..60,
        ) {
            let mut text = String::new();
            let mut code_lines = Vec::new();
            for (i, (para, colon, lines)) in parts.iter().enumerate() {
                text.push_str(para);
                text.push_str(if *colon { ":\n\n" } else { ".\n\n" });
                let body: Vec<String> = lines.iter().map(|l| format!("@c{i} {l}")).collect();
                code_lines.extend(body.iter().cloned());
                text.push_str(&format!("```lang{i}\n{}\n```\n\n", body.join("\n")));
            }
            let counter = words;
            let chunks = Chunker::new(&counter, max, 0).unwrap().chunk(&doc(&text));
            let mut last = 0;
            let mut seen = Vec::new();
            for c in &chunks {
                prop_assert!(c.offset >= last);
                prop_assert!(words(&c.text) <= max, "{:?}", c.text);
                prop_assert!(balanced(&c.text), "{:?}", c.text);
                prop_assert!(is_verbatim(c, &text), "{:?}", c.text);
                seen.extend(c.text.lines().filter(|l| l.starts_with('@')).map(str::to_string));
                last = c.offset;
            }
            prop_assert_eq!(seen, code_lines);
            // A lead-in goes with its block when both fit, and with the block's first line when
            // the block is cut in parts anyway.
            for (i, (para, colon, lines)) in parts.iter().enumerate() {
                let Some(first) = lines.first() else { continue };
                let lead = format!("{para}:");
                let block = format!("```lang{i}\n@c{i} {}\n```", lines.join(&format!("\n@c{i} ")));
                let pair = if words(&block) <= max {
                    format!("{lead}\n\n{block}")
                } else {
                    format!("{lead}\n\n```lang{i}\n@c{i} {first}\n```")
                };
                if *colon && words(&pair) <= max {
                    let with = chunks.iter().find(|c| c.text.contains(&format!("@c{i} {first}"))).unwrap();
                    prop_assert!(with.text.contains(&lead), "{:?} {:?}", lead, with.text);
                }
            }
        }

        // Blocks that fit and no lead-ins: the chunks are the Markdown splitter's own (the
        // sample's webhook page was re-cut when the chunker packed around blocks itself).
        #[test]
        fn without_large_blocks_or_lead_ins_the_splitter_decides(
            parts in proptest::collection::vec(
                ("[a-z]{1,8}( [a-z]{1,8}){0,20}", proptest::collection::vec("[a-z]{1,6}( [a-z]{1,6}){0,4}", 0..5)),
                1..8,
            ),
            max in 40usize..80,
        ) {
            let mut text = String::new();
            for (i, (para, lines)) in parts.iter().enumerate() {
                text.push_str(&format!("## H{i}\n\n{para}.\n\n"));
                text.push_str(&format!("```lang{i}\n{}\n```\n\n", lines.join("\n")));
            }
            let counter = words;
            let chunker = Chunker::new(&counter, max, 0).unwrap();
            let ours: Vec<String> = chunker.chunk(&doc(&text)).into_iter().map(|c| c.text).collect();
            let theirs: Vec<String> = chunker
                .splitter
                .chunk_indices(&text)
                .map(|(o, t)| snap_to_words(&text, o, t.len()).1.to_string())
                .filter(|t| !is_only_headings(t))
                .collect();
            prop_assert_eq!(ours, theirs);
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
