//! Reading a chunk's Markdown as answer material: blocks (paragraph sentences, numbered steps,
//! bullets, code, tables) with their byte spans and enclosing heading, and the content terms
//! that scoring compares.
//!
//! Proves (see tests): 1. a numbered list is one unit, whole and in order, even with wrapped
//! items; 2. paragraphs split into sentences without breaking at "e.g." or decimals; 3. every
//! span points at its text in the chunk; 4. headings are context, never units.

pub use docent_core::terms::{is_stopword, stem, terms};
use docent_core::PartKind;
use docent_index::sentences::{heading, is_markup_line, is_media_line, paragraph_sentences};

/// A piece of a chunk that an answer may quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Layout.
    pub kind: PartKind,
    /// Byte range in the chunk text.
    pub start: usize,
    /// End of the range (exclusive).
    pub end: usize,
    /// The nearest heading above the unit inside the chunk, if any.
    pub heading: Option<String>,
    /// Index of the heading section inside the chunk (0 before the first heading).
    pub section: usize,
    /// Index of the block (paragraph or list) inside the chunk.
    pub block: usize,
}

impl Unit {
    /// The unit's text in `chunk`.
    pub fn text<'a>(&self, chunk: &'a str) -> &'a str {
        &chunk[self.start..self.end]
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Block {
    Paragraph,
    Steps,
    Bullets,
    Table,
}

fn is_ordered(line: &str) -> bool {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return false;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && digits < 4
        && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')'))
        && matches!(t.as_bytes().get(digits + 1), Some(b' ') | Some(b'\t'))
}

fn is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    line.len() - t.len() <= 3
        && matches!(t.as_bytes().first(), Some(b'-') | Some(b'*') | Some(b'+'))
        && matches!(t.as_bytes().get(1), Some(b' ') | Some(b'\t'))
}

/// Collects units while the lines of a chunk are read.
struct Collector<'t> {
    text: &'t str,
    out: Vec<Unit>,
    heading: Option<String>,
    section: usize,
    block: usize,
    /// The open block: kind and byte range.
    open: Option<(Block, usize, usize)>,
}

impl Collector<'_> {
    fn unit(&self, kind: PartKind, start: usize, end: usize) -> Unit {
        Unit {
            kind,
            start,
            end,
            heading: self.heading.clone(),
            section: self.section,
            block: self.block,
        }
    }

    /// Closes the open block, if any, into units.
    fn close(&mut self) {
        let Some((kind, s, e)) = self.open.take() else {
            return;
        };
        match kind {
            Block::Steps => self.out.push(self.unit(PartKind::Steps, s, e)),
            Block::Bullets => self.out.push(self.unit(PartKind::Bullets, s, e)),
            Block::Table => self.out.push(self.unit(PartKind::Code, s, e)),
            Block::Paragraph => {
                for (a, b) in paragraph_sentences(self.text, s, e) {
                    self.out.push(self.unit(PartKind::Paragraph, a, b));
                }
            }
        }
        self.block += 1;
    }

    /// A whole code block.
    fn code(&mut self, start: usize, end: usize) {
        self.out.push(self.unit(PartKind::Code, start, end));
        self.block += 1;
    }
}

/// Splits a chunk's Markdown into quotable units, in document order.
pub fn units(text: &str) -> Vec<Unit> {
    let mut c = Collector {
        text,
        out: Vec::new(),
        heading: None,
        section: 0,
        block: 0,
        open: None,
    };
    let mut fence: Option<(usize, &str)> = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let end = start + line.trim_end().len();
        let trimmed = line.trim();

        if let Some((fstart, marker)) = fence {
            if trimmed.starts_with(marker) {
                c.code(fstart, end);
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            c.close();
            let lead = line.len() - line.trim_start().len();
            fence = Some((start + lead, &trimmed[..3]));
            continue;
        }
        // A screenshot between two steps (`<Frame>`, `<img />`, `![alt](src)`) does not end
        // the procedure, whose next step goes on with it (an outside review found an ordering
        // item without its first step: Meilisearch's "Adding a webhook" has a screenshot after
        // step 1).
        if is_media_line(trimmed) && matches!(c.open, Some((Block::Steps, ..))) {
            continue;
        }
        if is_markup_line(trimmed) {
            // Component tags, imports: never content, and they end the block.
            c.close();
            continue;
        }
        if trimmed.is_empty() {
            // A blank line ends a paragraph; a list goes on if the next item follows.
            if let Some((Block::Paragraph | Block::Table, ..)) = c.open {
                c.close();
            }
            continue;
        }
        if let Some(h) = heading(line) {
            c.close();
            c.heading = Some(h.to_string());
            c.section += 1;
            continue;
        }
        let kind = if is_ordered(line) {
            Block::Steps
        } else if is_bullet(line) {
            Block::Bullets
        } else if trimmed.starts_with('|') {
            Block::Table
        } else {
            Block::Paragraph
        };
        let indented = line.starts_with("  ") || line.starts_with('\t');
        match (&mut c.open, kind) {
            // Items of the same list, and wrapped or indented lines inside a list, extend it.
            (Some((Block::Steps, _, e)), Block::Steps)
            | (Some((Block::Bullets, _, e)), Block::Bullets)
            | (Some((Block::Table, _, e)), Block::Table)
            | (Some((Block::Paragraph, _, e)), Block::Paragraph) => *e = end,
            (Some((Block::Steps | Block::Bullets, _, e)), _) if indented => *e = end,
            (Some((Block::Steps | Block::Bullets, _, e)), Block::Paragraph)
                if start > 0 && !text[..start].ends_with("\n\n") =>
            {
                *e = end
            }
            _ => {
                c.close();
                let lead = line.len() - line.trim_start().len();
                c.open = Some((kind, start + lead, end));
            }
        }
    }
    if let Some((fstart, _)) = fence {
        // An unclosed fence runs to the end of the chunk.
        c.code(fstart, text.trim_end().len().max(fstart));
    }
    c.close();
    c.out
}

/// Sentence byte ranges in `text`, trimmed (the index's splitter, so that quotable units and
/// the sentence vectors stored at ingestion agree).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    docent_index::sentences::sentence_ranges(text)
}

/// `text` without the closing emphasis marks it may end in (`**`, `_`).
pub fn without_closing_emphasis(text: &str) -> &str {
    text.trim_end_matches(['*', '_'])
}

/// True when `text` ends on a lead-in's colon, after any closing emphasis: it introduces what
/// follows ("The following example searches ...:", "**Example:**").
pub fn ends_on_lead_in(text: &str) -> bool {
    without_closing_emphasis(text).ends_with(':')
}

/// True when code block `next` goes on with `code`: the chunker cut one block at a chunk's end
/// and re-opened its fence in the next chunk, so both open with the same fence line
/// ("```yaml"), where the tabs of a code group each name their own language.
pub fn continues_code(code: &str, next: &str) -> bool {
    fn open(c: &str) -> &str {
        c.lines().next().map_or("", str::trim)
    }
    let fence = open(code);
    fence.starts_with("```") && fence == open(next)
}

/// Whether `needle` occurs in `hay` with no letter or digit glued to either end ("fix sync
/// errors" holds "fix", "prefix search" does not).
pub fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(i, _)| {
        !glued(hay[..i].chars().next_back()) && !glued(hay[i + needle.len()..].chars().next())
    })
}

/// `s` in lower case with everything but letters and digits left out: "Filterable
/// attributes", `filterableAttributes` and `filterable_attributes` read the same.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Export a report\n\nYou can export any report as **CSV**. Exports run e.g. nightly at 2.5 times the speed.\n\n## Export from a report\n\nTo export:\n\n1. Open the report.\n2. Click **Export**.\n3. Click **Download**. Large exports are prepared\n   in the background.\n\n## Limits\n\n- CSV: 1,000,000 rows.\n- XLSX: 100,000 rows.\n\nLinks stay valid for 7 days.\n";

    #[test]
    fn numbered_steps_are_one_unit_whole_and_in_order() {
        let us = units(DOC);
        let steps: Vec<_> = us.iter().filter(|u| u.kind == PartKind::Steps).collect();
        assert_eq!(steps.len(), 1);
        let t = steps[0].text(DOC);
        assert!(t.starts_with("1. Open the report."), "{t}");
        assert!(t.ends_with("in the background."), "{t}");
        assert!(t.find("2.").unwrap() < t.find("3.").unwrap());
        assert_eq!(steps[0].heading.as_deref(), Some("Export from a report"));
    }

    // An outside review: Meilisearch's "Adding a webhook" has a screenshot after step 1, which
    // ended the list, so the procedure lost its first step. A component tag still ends it.
    #[test]
    fn a_screenshot_between_steps_does_not_end_the_procedure() {
        let doc = "## Adding a webhook\n\n1. Go to **Project Settings > Webhooks**.\n\n<Frame>\n  <img src=\"/a.png\" alt=\"Add webhook modal\" />\n</Frame>\n\n2. Enter the **Webhook URL**.\n3. Click **Add webhook**.\n";
        let us = units(doc);
        let steps: Vec<&str> = us
            .iter()
            .filter(|u| u.kind == PartKind::Steps)
            .map(|u| u.text(doc))
            .collect();
        assert_eq!(steps.len(), 1, "{steps:?}");
        assert!(steps[0].starts_with("1. Go to") && steps[0].ends_with("**Add webhook**."));
        assert!(!crate::hygiene::clean_quote(steps[0]).contains("Frame"));
        let md = "1. Open the menu.\n2. Click **Remove**.\n\n![The menu](/img/menu.png)\n\n3. Confirm.\n";
        let steps: Vec<&str> = units(md)
            .iter()
            .filter(|u| u.kind == PartKind::Steps)
            .map(|u| u.text(md))
            .collect();
        assert_eq!(steps.len(), 1, "{steps:?}");
        assert!(!crate::hygiene::clean_quote(steps[0]).contains("!["));
        let tabs = "1. Install it.\n2. Run it.\n\n</Tab>\n<Tab title=\"Python\">\n\n1. Import it.\n2. Call it.\n";
        let n = units(tabs)
            .iter()
            .filter(|u| u.kind == PartKind::Steps)
            .count();
        assert_eq!(n, 2);
    }

    #[test]
    fn sentences_do_not_break_at_abbreviations_or_decimals() {
        let us = units(DOC);
        let texts: Vec<&str> = us
            .iter()
            .filter(|u| u.kind == PartKind::Paragraph)
            .map(|u| u.text(DOC))
            .collect();
        assert_eq!(
            texts,
            vec![
                "You can export any report as **CSV**.",
                "Exports run e.g. nightly at 2.5 times the speed.",
                "To export:",
                "Links stay valid for 7 days.",
            ]
        );
    }

    #[test]
    fn spans_point_at_text_and_headings_are_not_units() {
        for u in units(DOC) {
            let t = u.text(DOC);
            assert_eq!(t, t.trim());
            assert!(!t.starts_with('#'), "{t}");
        }
        let bullets: Vec<_> = units(DOC)
            .into_iter()
            .filter(|u| u.kind == PartKind::Bullets)
            .collect();
        assert_eq!(bullets.len(), 1);
        assert_eq!(bullets[0].heading.as_deref(), Some("Limits"));
    }

    #[test]
    fn terms_drop_stopwords_and_stem() {
        assert_eq!(terms("How do I export reports?"), vec!["export", "report"]);
        assert_eq!(stem("exporting"), "export");
        assert_eq!(stem("policies"), "policy");
        assert_eq!(stem("access"), "access");
    }

    #[test]
    fn code_fences_are_kept_whole() {
        let t = "Run:\n\n```\ncurl -X POST x. Y\n```\n\nDone.";
        let us = units(t);
        assert_eq!(us[1].kind, PartKind::Code);
        assert_eq!(us[1].text(t), "```\ncurl -X POST x. Y\n```");
        assert_eq!(us[2].text(t), "Done.");
    }
}
