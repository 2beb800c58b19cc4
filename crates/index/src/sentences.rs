//! Sentence-level evidence: every documentation chunk is split into sentence spans (paragraph
//! sentences, list items, table rows, code blocks) at ingestion, each span is embedded once, and
//! the vectors are stored beside the chunk vectors. A question is then compared with the
//! sentences of its candidate chunks without embedding anything more than the question itself:
//! the tutor ranks answer evidence with it, quiz generation can reuse it
//! ([`crate::Index::sentences`]).
//!
//! Vectors are stored as signed bytes with one scale per vector (a quarter of the bytes of
//! `f32`; cosine error about 0.005) in `sentences.bin`, and read per chunk with positioned reads,
//! so serving holds only a table of offsets in memory (16 bytes a chunk).
//!
//! The same splitter decides sentence boundaries for the tutor's quotable units
//! ([`sentence_ranges`]), and knows what is never content: headings, component and HTML tag
//! lines, MDX `import`/`export` lines, and printed page numbers ("- 13 -") of flat-text manuals.
//!
//! Proves (see tests): 1. spans point at their text and never at headings, tags or page
//! numbers; 2. list items and table rows are spans of their own, code blocks whole;
//! 3. the file round-trips, a damaged one is an error naming it.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Most spans kept per chunk (the rest share the chunk vector's evidence).
pub const MAX_SPANS: usize = 64;

/// Longest text embedded for one span, in bytes (long code blocks are embedded by their head).
pub const MAX_SPAN_TEXT: usize = 600;

/// A sentence of a chunk with its vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Byte range in the chunk's text.
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
    /// Unit vector of the span's text (dequantised).
    pub vector: Vec<f32>,
}

const ABBREVIATIONS: [&str; 10] = [
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "dr", "no", "approx", "cf",
];

/// Sentence byte ranges in `text`, trimmed: a sentence ends at `.`, `?` or `!` followed by
/// white space and a capital, digit or markup opener, never after "e.g." or an initial ("J.
/// R. R. Tolkien"), inside decimals or inside inline code (`` `J. R. R.` ``).
pub fn sentence_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'?' | b'!') {
            // Closing emphasis or quotes belong to the sentence.
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'*' | b'_' | b'"' | b')' | b'\'') {
                j += 1;
            }
            let next_ws = j < bytes.len() && bytes[j].is_ascii_whitespace();
            let mut k = j;
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            let next_starts = k < bytes.len()
                && (bytes[k].is_ascii_uppercase()
                    || bytes[k].is_ascii_digit()
                    || matches!(bytes[k], b'*' | b'`' | b'(' | b'"' | b'[' | b'<'));
            let word_start = text[..i]
                .rfind(|c: char| c.is_whitespace() || c == '(')
                .map_or(0, |p| p + 1);
            let word = text[word_start..i].to_ascii_lowercase();
            let abbrev = b == b'.'
                && (ABBREVIATIONS.contains(&word.as_str()) || is_initial(&text[word_start..i]));
            // Inside inline code: an odd number of backticks before, one after (counted only
            // where the stop would otherwise end a sentence).
            let in_code =
                || text[start..i].matches('`').count() % 2 == 1 && text[i..].contains('`');
            if next_ws && next_starts && !abbrev && !in_code() {
                push_trimmed(text, start, j, &mut out);
                start = k;
                i = k;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, bytes.len(), &mut out);
    out
}

/// True for a word that is one capital letter, after any opening quote or backtick: an
/// initial of a name ("J" of "J. R. R. Tolkien"), not the end of a sentence.
fn is_initial(word: &str) -> bool {
    let mut letters = word.trim_start_matches(['"', '\'', '`', '*', '_']).chars();
    matches!((letters.next(), letters.next()), (Some(c), None) if c.is_ascii_uppercase())
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let t = piece.trim();
    if !t.is_empty() {
        out.push((s + lead, s + lead + t.len()));
    }
}

/// The heading text of a Markdown heading line.
pub fn heading(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        Some(t[hashes..].trim().trim_end_matches('#').trim())
    } else {
        None
    }
}

/// True for a line that is markup, not content: a component or HTML tag on its own
/// (`<CodeGroup>`, `</Warning>`, `<CodeSamples id="x" />`), a comment, or an MDX
/// `import`/`export` statement.
pub fn is_markup_line(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with("import ") && (t.contains(" from ") || t.ends_with(';')) {
        return true;
    }
    if t.starts_with("export ") && (t.contains(" = ") || t.contains("function")) {
        return true;
    }
    if t.starts_with("<!--") || t.starts_with("{/*") {
        return true;
    }
    // A tag, or several tags in a row, and nothing else.
    let mut rest = t;
    let mut tags = 0;
    while let Some(r) = rest.strip_prefix('<') {
        if !r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            return false;
        }
        let Some(close) = r.find('>') else {
            // A tag spread over lines: its first line.
            return tags == 0 && r.starts_with(|c: char| c.is_ascii_uppercase());
        };
        rest = r[close + 1..].trim_start();
        tags += 1;
    }
    tags > 0 && rest.is_empty()
}

/// True for a markup line of an image and nothing else (`<Frame>`, `<img ... />`,
/// `</figure>`): a screenshot between two steps of a procedure, which does not end it.
pub fn is_media_line(line: &str) -> bool {
    const MEDIA: [&str; 7] = [
        "frame", "img", "figure", "picture", "source", "video", "image",
    ];
    let t = line.trim();
    if is_markdown_image(t) {
        return true;
    }
    if !is_markup_line(t) || !t.starts_with('<') {
        return false;
    }
    t.split('<').skip(1).all(|tag| {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        MEDIA.contains(&name.to_ascii_lowercase().as_str())
    })
}

/// True for a Markdown image alone on its line, linked or not (`![alt](src)`,
/// `[![alt](src)](href)`).
fn is_markdown_image(t: &str) -> bool {
    let t = t.trim();
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.rsplit_once("]("))
        .filter(|(_, href)| href.ends_with(')') && !href.contains(' '))
        .map_or(t, |(img, _)| img);
    inner.starts_with("![")
        && inner.ends_with(')')
        && inner
            .find("](")
            .is_some_and(|i| !inner[i + 2..inner.len() - 1].contains(' '))
}

/// Ranges of printed page numbers ("- 13 -") in flat text, which are never content.
pub fn page_markers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || b[i - 1].is_ascii_whitespace();
        if b[i] == b'-' && boundary {
            let mut j = i + 1;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            let digits = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            let mut k = j + digits;
            while k < b.len() && b[k] == b' ' {
                k += 1;
            }
            let closed = k < b.len() && b[k] == b'-';
            let after = k + 1 >= b.len() || b[k + 1].is_ascii_whitespace();
            if (1..=4).contains(&digits) && closed && after {
                out.push((i, k + 1));
                i = k + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn is_list_item(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0
        && digits < 4
        && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')'))
        && matches!(t.as_bytes().get(digits + 1), Some(b' ') | Some(b'\t'));
    let bullet = matches!(t.as_bytes().first(), Some(b'-') | Some(b'*') | Some(b'+'))
        && matches!(t.as_bytes().get(1), Some(b' ') | Some(b'\t'));
    ordered || bullet
}

fn is_table_rule(t: &str) -> bool {
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Trims component tags off both ends of `text[s..e]` (`<Note>Text</Note>` quotes `Text`).
pub fn trim_tags(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    loop {
        let t = &text[s..e];
        if t.starts_with('<') && t[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            if let Some(close) = t.find('>') {
                let rest = &t[close + 1..];
                s += close + 1 + (rest.len() - rest.trim_start().len());
                continue;
            }
        }
        if t.ends_with('>') {
            if let Some(open) = t.rfind('<') {
                let inner = &t[open + 1..];
                if open > 0 && inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
                    e = s + t[..open].trim_end().len();
                    continue;
                }
            }
        }
        return (s, e);
    }
}

/// The sentences of the paragraph `text[s..e]`, cut at page markers, trimmed of tags, in
/// byte ranges of `text`.
pub fn paragraph_sentences(text: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    paragraph(text, s, e, &mut out);
    out
}

/// Pushes the sentences of the paragraph `text[s..e]`, cut at page markers, trimmed of tags.
fn paragraph(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let para = &text[s..e];
    let mut pieces = Vec::new();
    let mut from = 0;
    for (a, b) in page_markers(para) {
        pieces.push((from, a));
        from = b;
    }
    pieces.push((from, para.len()));
    // A list item's marker ("1. ") is not a sentence of its own.
    let marker = if is_list_item(para) {
        para.find([' ', '\t']).unwrap_or(0)
    } else {
        0
    };
    for (a, b) in pieces {
        let a = a.max(marker.min(b));
        for (i, (x, y)) in sentence_ranges(&para[a..b]).into_iter().enumerate() {
            let x = if i == 0 && a == marker { 0 } else { a + x };
            let (x, y) = trim_tags(text, s + x, s + a + y);
            if y > x && text[x..y].chars().any(char::is_alphanumeric) {
                out.push((x, y));
            }
        }
    }
}

/// Sentence spans of a chunk's Markdown, in order: paragraph sentences, list items (each with
/// its wrapped lines), table rows (not the rule line), whole code blocks. Headings and markup
/// lines are left out; at most [`MAX_SPANS`].
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut fence: Option<(usize, &str)> = None;
    let mut para: Option<(usize, usize)> = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let s = start + (line.len() - line.trim_start().len());
        let e = s + trimmed.len();
        if let Some((fs, marker)) = fence {
            if trimmed.starts_with(marker) {
                out.push((fs, e));
                fence = None;
            }
            continue;
        }
        let flush = |para: &mut Option<(usize, usize)>, out: &mut Vec<(usize, usize)>| {
            if let Some((a, b)) = para.take() {
                paragraph(text, a, b, out);
            }
        };
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut para, &mut out);
            fence = Some((s, &trimmed[..3]));
        } else if trimmed.is_empty() || heading(trimmed).is_some() || is_markup_line(trimmed) {
            flush(&mut para, &mut out);
        } else if trimmed.starts_with('|') {
            flush(&mut para, &mut out);
            if !is_table_rule(trimmed) {
                out.push((s, e));
            }
        } else if is_list_item(trimmed) {
            flush(&mut para, &mut out);
            para = Some((s, e));
        } else {
            para = Some(para.map_or((s, e), |(a, _)| (a, e)));
        }
    }
    if let Some((fs, _)) = fence {
        out.push((fs, text.trim_end().len().max(fs)));
    }
    if let Some((a, b)) = para {
        paragraph(text, a, b, &mut out);
    }
    out.truncate(MAX_SPANS);
    out
}

/// The text the model sees for a span: Markdown markers, tags and link targets removed.
pub fn embedding_text(span: &str) -> String {
    let mut t = span.trim();
    // List markers.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')')) {
        t = &t[digits + 1..];
    } else if t.starts_with(['-', '*', '+']) && t[1..].starts_with(' ') {
        t = &t[1..];
    }
    let mut out = String::with_capacity(t.len());
    let mut chars = t.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '*' | '_' | '`' | '#' => out.push(' '),
            '|' => out.push_str(", "),
            '<' => {
                // A tag: skip to its end.
                match t[i..].find('>') {
                    Some(j)
                        if t[i + 1..]
                            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') =>
                    {
                        while chars.peek().is_some_and(|(k, _)| *k <= i + j) {
                            chars.next();
                        }
                        out.push(' ');
                    }
                    _ => out.push(c),
                }
            }
            ']' if t[i + 1..].starts_with('(') => {
                // [text](target): keep the text, drop the target.
                let close = t[i..].find(')').map_or(t.len(), |j| i + j);
                while chars.peek().is_some_and(|(k, _)| *k <= close) {
                    chars.next();
                }
            }
            '[' | ']' => {}
            '!' if t[i + 1..].starts_with('[') => {}
            _ => out.push(c),
        }
        if out.len() >= MAX_SPAN_TEXT {
            break;
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a chunk's heading vector: its title and heading path, "Title > Section > Part"
/// (a heading equal to the one before it is not repeated). Embedded once per distinct text at
/// ingestion ([`crate::Index::heading_vector`]): a question is compared with what a section
/// says it is about, beside what its sentences say.
pub fn heading_text(chunk: &docent_core::Chunk) -> String {
    heading_text_of(&chunk.title, &chunk.heading_path)
}

/// [`heading_text`] of a title and a heading path: "Title > Section > Part", a heading that
/// repeats the one before it left out.
pub fn heading_text_of(title: &str, heading_path: &[String]) -> String {
    let mut out = title.trim().to_string();
    let mut last = out.clone();
    for h in heading_path {
        let h = h.trim();
        if h.is_empty() || h.eq_ignore_ascii_case(&last) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(" > ");
        }
        out.push_str(h);
        last = h.to_string();
    }
    out
}

/// One chunk's spans with their quantised vectors, as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    /// (start, end, scale, codes) per span.
    pub spans: Vec<(u32, u32, f32, Vec<i8>)>,
}

impl Block {
    /// A block from spans and their unit vectors.
    pub fn new(spans: &[(usize, usize)], vectors: &[Vec<f32>]) -> Block {
        Block {
            spans: spans
                .iter()
                .zip(vectors)
                .map(|(&(s, e), v)| {
                    let mut codes = Vec::with_capacity(v.len());
                    let scale = crate::store::quantize(v, &mut codes);
                    (s as u32, e as u32, scale, codes)
                })
                .collect(),
        }
    }

    /// The sentences with dequantised vectors.
    pub fn sentences(&self) -> Vec<Sentence> {
        self.spans
            .iter()
            .map(|(s, e, scale, codes)| Sentence {
                start: *s as usize,
                end: *e as usize,
                vector: codes.iter().map(|c| *c as f32 * scale).collect(),
            })
            .collect()
    }
}

const MAGIC: &[u8; 8] = b"DOCSEN01";

/// Writes one block per chunk row to `path`.
pub(crate) fn write(path: &Path, dimension: usize, blocks: &[Block]) -> Result<()> {
    let n = blocks.len();
    let body: usize = blocks
        .iter()
        .map(|b| b.spans.len() * (12 + dimension))
        .sum();
    let mut bytes = Vec::with_capacity(24 + n * 16 + body);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(dimension as u64).to_le_bytes());
    bytes.extend_from_slice(&(n as u64).to_le_bytes());
    let mut offset = (24 + n * 16) as u64;
    for b in blocks {
        bytes.extend_from_slice(&offset.to_le_bytes());
        bytes.extend_from_slice(&(b.spans.len() as u64).to_le_bytes());
        offset += (b.spans.len() * (12 + dimension)) as u64;
    }
    for b in blocks {
        for (s, e, scale, codes) in &b.spans {
            if codes.len() != dimension {
                return Err(Error::Dimension {
                    want: dimension,
                    got: codes.len(),
                });
            }
            bytes.extend_from_slice(&s.to_le_bytes());
            bytes.extend_from_slice(&e.to_le_bytes());
            bytes.extend_from_slice(&scale.to_le_bytes());
            bytes.extend(codes.iter().map(|c| *c as u8));
        }
    }
    std::fs::write(path, bytes).map_err(Error::io(path))
}

/// An opened `sentences.bin`: the table of blocks in memory, the vectors read on demand.
#[derive(Debug)]
pub(crate) struct SentenceFile {
    path: PathBuf,
    file: File,
    dimension: usize,
    table: Vec<(u64, u32)>,
}

impl SentenceFile {
    /// Opens `path`, checking its header and table against the file's size.
    pub fn open(path: &Path, rows: usize) -> Result<SentenceFile> {
        use std::io::Read;
        let corrupt = |message: &str| Error::Corrupt {
            path: path.display().to_string(),
            message: message.to_string(),
        };
        let mut file = File::open(path).map_err(Error::io(path))?;
        let size = file.metadata().map_err(Error::io(path))?.len();
        let mut header = [0u8; 24];
        if size < 24 || file.read_exact(&mut header).is_err() || &header[..8] != MAGIC {
            return Err(corrupt("not a docent sentence file"));
        }
        let word = |b: &[u8]| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[..8]);
            u64::from_le_bytes(w)
        };
        let (dimension, n) = (word(&header[8..]) as usize, word(&header[16..]) as usize);
        if n != rows {
            return Err(corrupt(&format!("{n} blocks for {rows} chunks")));
        }
        if (size as u128) < 24 + 16 * n as u128 {
            return Err(corrupt("truncated"));
        }
        let mut raw = vec![0u8; n * 16];
        file.read_exact(&mut raw).map_err(Error::io(path))?;
        let mut table = Vec::with_capacity(n);
        for entry in raw.chunks_exact(16) {
            let (offset, count) = (word(&entry[..8]), word(&entry[8..]));
            let end = offset as u128 + count as u128 * (12 + dimension) as u128;
            if end > size as u128 || count > MAX_SPANS as u64 {
                return Err(corrupt("a block runs past the end of the file"));
            }
            table.push((offset, count as u32));
        }
        Ok(SentenceFile {
            path: path.to_path_buf(),
            file,
            dimension,
            table,
        })
    }

    /// The block of chunk `row` (empty for a row without sentences or beyond the table).
    pub fn block(&self, row: usize) -> Result<Block> {
        let Some(&(offset, count)) = self.table.get(row) else {
            return Ok(Block::default());
        };
        let stride = 12 + self.dimension;
        let mut buf = vec![0u8; count as usize * stride];
        read_at(&self.file, &mut buf, offset).map_err(Error::io(&self.path))?;
        let f4 = |b: &[u8]| [b[0], b[1], b[2], b[3]];
        let spans = buf
            .chunks_exact(stride)
            .map(|r| {
                (
                    u32::from_le_bytes(f4(&r[0..4])),
                    u32::from_le_bytes(f4(&r[4..8])),
                    f32::from_le_bytes(f4(&r[8..12])),
                    r[12..].iter().map(|c| *c as i8).collect(),
                )
            })
            .collect();
        Ok(Block { spans })
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    let mut filled = 0;
    while filled < buf.len() {
        let n = file.seek_read(&mut buf[filled..], offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        filled += n;
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Share\n\nYou can share a dashboard. A public link lets anyone view it.\n\n<Warning>\nLinks expire after 7 days.\n</Warning>\n\n## Steps\n\n1. Click **Share**.\n2. Turn on **Public link**\n   and copy it.\n\n| Problem | Solution |\n|---|---|\n| Link fails | Turn links on. |\n\n```bash\ncurl -X POST x. Y\n```\nimport Foo from '/snippets/foo.mdx';\n<CodeSamples id=\"share\" />\nDone. - 13 - Next page text.";

    fn texts(t: &str) -> Vec<&str> {
        spans(t).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn spans_are_content_only() {
        assert_eq!(
            texts(DOC),
            vec![
                "You can share a dashboard.",
                "A public link lets anyone view it.",
                "Links expire after 7 days.",
                "1. Click **Share**.",
                "2. Turn on **Public link**\n   and copy it.",
                "| Problem | Solution |",
                "| Link fails | Turn links on. |",
                "```bash\ncurl -X POST x. Y\n```",
                "Done.",
                "Next page text.",
            ]
        );
    }

    #[test]
    fn initials_and_inline_code_end_no_sentence() {
        let t = "Meilisearch treats `\"J. R. R.\"` as one token. Authors such as J. R. R. Tolkien match. \
                 Set `a. B` in code. It works.";
        let got: Vec<&str> = sentence_ranges(t)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect();
        assert_eq!(
            got,
            vec![
                "Meilisearch treats `\"J. R. R.\"` as one token.",
                "Authors such as J. R. R. Tolkien match.",
                "Set `a. B` in code.",
                "It works.",
            ]
        );
        // A sentence that ends on a longer capitalised word still ends.
        assert_eq!(sentence_ranges("Open the app in TV. Then wait.").len(), 2);
    }

    #[test]
    fn markup_lines_and_page_markers() {
        assert!(is_markup_line("</CodeGroup>"));
        assert!(is_markup_line("<CodeSamples id=\"x\" />"));
        assert!(is_markup_line("<Tab title=\"cURL\">"));
        assert!(!is_markup_line("<b>Bold</b> text follows here"));
        assert!(!is_markup_line("Press <Enter> to go on"));
        assert!(is_media_line("<Frame>"));
        assert!(is_media_line(
            "  <img src=\"/a.png\" alt=\"The Add webhook button\" />"
        ));
        assert!(is_media_line("</Frame>"));
        assert!(!is_media_line("</CodeGroup>"));
        assert!(!is_media_line("<Frame><Tab title=\"x\">"));
        assert!(!is_media_line("Click <img> to go on"));
        assert!(is_media_line(
            "![Webhook menu with the remove entry](/img/remove_menu.png)"
        ));
        assert!(is_media_line("[![Diagram](/a.png)](/a-large.png)"));
        assert!(!is_media_line("See ![icon](/i.png) to open it."));
        assert!(!is_media_line("[Docs](/docs)"));
        assert_eq!(page_markers("connection. - 17 - Then"), vec![(12, 18)]);
        assert!(page_markers("values -1 to 1 - fine").is_empty());
        assert_eq!(trim_tags("<Note>Use it.</Note>", 0, 20), (6, 13));
        assert_eq!(
            embedding_text("1. Click **Share** and see [links](/x#y)."),
            "Click Share and see links."
        );
    }

    #[test]
    fn sentence_file_round_trips_and_checks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.bin");
        let v = |x: f32| {
            let mut v = vec![x, 1.0 - x, 0.5];
            let n = v.iter().map(|a| a * a).sum::<f32>().sqrt();
            v.iter_mut().for_each(|a| *a /= n);
            v
        };
        let blocks = vec![
            Block::new(&[(0, 5), (6, 9)], &[v(0.2), v(0.9)]),
            Block::default(),
            Block::new(&[(1, 4)], &[v(0.5)]),
        ];
        write(&path, 3, &blocks).unwrap();
        let f = SentenceFile::open(&path, 3).unwrap();
        assert_eq!(f.block(0).unwrap(), blocks[0]);
        assert!(f.block(1).unwrap().spans.is_empty());
        let s = f.block(2).unwrap().sentences();
        assert_eq!((s[0].start, s[0].end), (1, 4));
        let want = v(0.5);
        let dot: f32 = s[0].vector.iter().zip(&want).map(|(a, b)| a * b).sum();
        assert!(dot > 0.999, "{dot}");
        assert!(SentenceFile::open(&path, 4).is_err());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let err = SentenceFile::open(&path, 3).unwrap_err().to_string();
        assert!(err.contains("s.bin"), "{err}");
    }
}
