//! The headings a statement sits under. A chunk carries the heading path of its start; a
//! statement further down may sit under a heading line of the chunk that is a sibling of the
//! chunk's own heading, not a child: a chunk that starts at "## Conversion" and runs on into
//! "## Search latency" holds statements on latency whose path is "Search latency", not
//! "Conversion > Search latency". A reviewer reads a statement's section by its own heading,
//! and the quiz judges whether a statement is on a scope by its path.

use docent_core::Chunk;

/// A Markdown heading line of a chunk: its byte offset, level (the number of `#`) and text.
pub(crate) struct HeadingLine<'a> {
    pub(crate) offset: usize,
    pub(crate) level: usize,
    pub(crate) title: &'a str,
}

/// The ATX heading lines of `text` outside code fences.
pub(crate) fn heading_lines(text: &str) -> Vec<HeadingLine<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced {
            let level = t.len() - t.trim_start_matches('#').len();
            let title = t[level..].trim().trim_end_matches('#').trim();
            if (1..=6).contains(&level) && t[level..].starts_with(' ') && !title.is_empty() {
                out.push(HeadingLine {
                    offset,
                    level,
                    title,
                });
            }
        }
        offset += line.len();
    }
    out
}

/// Where `quote` starts in `text`: by address when it is a slice of it, else by search.
fn offset_in(text: &str, quote: &str) -> Option<usize> {
    let (base, at) = (text.as_ptr() as usize, quote.as_ptr() as usize);
    if !quote.is_empty() && at >= base && at + quote.len() <= base + text.len() {
        return Some(at - base);
    }
    let q = quote.trim();
    (!q.is_empty()).then(|| text.find(q)).flatten()
}

/// The heading path of the statement `quote` of `chunk`, whose nearest heading is `heading`.
/// When the chunk opens with the heading line of the last heading of its path, that line's
/// level says where the heading lines after it stand: the chunk's path is taken to step one
/// level at a time down to it, and each heading line before the statement replaces the
/// headings of its level and below. Otherwise (flat text, a chunk that starts inside a
/// section, a statement not found) the nearest heading is added below the chunk's path.
pub(crate) fn of(chunk: &Chunk, heading: Option<&str>, quote: &str) -> Vec<String> {
    let appended = || {
        let mut path = chunk.heading_path.clone();
        if let Some(h) = heading {
            if path.last().map(String::as_str) != Some(h) {
                path.push(h.to_string());
            }
        }
        path
    };
    let text = chunk.text.as_str();
    let lines = heading_lines(text);
    let (Some(first), Some(last), Some(at)) = (
        lines.first(),
        chunk.heading_path.last(),
        offset_in(text, quote),
    ) else {
        return appended();
    };
    let opens_chunk = text[..first.offset].trim().is_empty()
        && docent_tutor::text::squash(first.title) == docent_tutor::text::squash(last);
    if !opens_chunk {
        return appended();
    }
    let depth = chunk.heading_path.len();
    let mut stack: Vec<(usize, String)> = chunk
        .heading_path
        .iter()
        .enumerate()
        .map(|(i, h)| ((first.level + i + 1).saturating_sub(depth), h.clone()))
        .collect();
    for line in lines.iter().skip(1).filter(|l| l.offset < at) {
        while stack.last().is_some_and(|(l, _)| *l >= line.level) {
            stack.pop();
        }
        stack.push((line.level, line.title.to_string()));
    }
    stack.into_iter().map(|(_, h)| h).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(path: &[&str], text: &str) -> Chunk {
        Chunk::public_doc("analytics", "Analytics metrics", path, text)
    }

    #[test]
    fn a_sibling_heading_replaces_the_chunks_own() {
        let text = "## Conversion\n\nThe share of searches that end in a conversion.\n\n## Search latency\n\nA lower number means faster results.\n";
        let c = chunk(&["Conversion"], text);
        let at = text.find("A lower").unwrap_or(0);
        let quote = &c.text[at..at + "A lower number means faster results.".len()];
        assert_eq!(
            of(&c, Some("Search latency"), quote),
            vec!["Search latency"]
        );
        let first = "The share of searches that end in a conversion.";
        assert_eq!(of(&c, Some("Conversion"), first), vec!["Conversion"]);
    }

    #[test]
    fn a_child_heading_is_added_and_a_higher_one_climbs_out() {
        let text = "### Canceling tasks\n\nCancel with the cancel route.\n\n#### Atomicity\n\nAll or none are canceled.\n\n## Task queue\n\nThe queue holds 10GiB.\n";
        let c = chunk(&["Task workflow", "Canceling tasks"], text);
        assert_eq!(
            of(&c, Some("Atomicity"), "All or none are canceled."),
            vec!["Task workflow", "Canceling tasks", "Atomicity"]
        );
        assert_eq!(
            of(&c, Some("Task queue"), "The queue holds 10GiB."),
            vec!["Task queue"]
        );
    }

    #[test]
    fn without_a_heading_line_to_read_levels_from_the_heading_is_added() {
        // Flat text, and a chunk that starts inside its section: no level is known.
        let c = chunk(
            &["Setup"],
            "Setup Connect the cable. Network Open the menu.",
        );
        assert_eq!(
            of(&c, Some("Network"), "Open the menu."),
            vec!["Setup", "Network"]
        );
        let c = chunk(&["Setup"], "the cable.\n\n## Network\n\nOpen the menu.\n");
        assert_eq!(
            of(&c, Some("Network"), "Open the menu."),
            vec!["Setup", "Network"]
        );
        // A heading-like line inside a code fence is code.
        let c = chunk(
            &["Setup"],
            "## Setup\n\n```sh\n# comment\n```\n\nOpen the menu.\n",
        );
        assert_eq!(of(&c, Some("Setup"), "Open the menu."), vec!["Setup"]);
    }
}
