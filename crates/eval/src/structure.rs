//! How well flat text gets its structure back ([`docent_ingest::structure`]): do the
//! sentences, headings and list items a person reads come out as units of their own?
//!
//! Two measurements, each against a reference nobody tuned to:
//! - **Markdown originals**: each Markdown file is flattened the way a PDF or HTML extraction
//!   flattens a manual ([`flatten`]: markup and bullets gone, headings, list numbers and
//!   sentences run together in one line) and recovered; the units found are compared with the
//!   original's units (headings, list items, sentences) by word position: boundary precision
//!   and recall, and the share of original units recovered exactly.
//! - **Reference sentences**: sentences of answers people wrote from the real manual (the
//!   e-manual set's `queries.jsonl`) that are found whole as one unit of the indexed text.
//!
//! "Before" is the same text with no recovery (units split at sentence punctuation only).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use docent_ingest::{load_jsonl_docs, load_markdown, LoadDefaults};

use docent_ingest::structure::{recover_titled, Starters};
use docent_tutor::text::sentences;
use serde::Serialize;

/// A reading unit: its first word and the word after its last, and whether it is a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Unit {
    /// First word (index into the flat text's words).
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// A heading (or label line) rather than a sentence or list item.
    pub heading: bool,
}

fn plain_words(s: &str) -> Vec<String> {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let link = LINK.get_or_init(|| regex::Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("regex"));
    let s = link.replace_all(s, "$1");
    s.replace(['*', '`'], "")
        .split_whitespace()
        .map(|w| w.trim_matches('_').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Sentence units of a run of words, as the tutor splits them.
fn sentence_units(words: &[String], offset: usize, out: &mut Vec<Unit>) {
    let text = words.join(" ");
    let mut label: Option<usize> = None;
    for (a, b) in sentences(&text) {
        let start = offset + text[..a].split_whitespace().count();
        let piece = &text[a..b];
        let n = piece.split_whitespace().count();
        // A list number ("1.") belongs to the item it numbers.
        let digits = piece.bytes().take_while(u8::is_ascii_digit).count();
        if n == 1 && digits > 0 && piece.len() == digits + 1 {
            label = Some(start);
            continue;
        }
        out.push(Unit {
            start: label.take().unwrap_or(start),
            end: start + n,
            heading: false,
        });
    }
}

fn list_item(t: &str) -> Option<(&str, Option<&str>)> {
    if let Some(r) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((r, None));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && t[digits..].starts_with(". ") {
        return Some((&t[digits + 2..], Some(&t[..digits + 1])));
    }
    None
}

/// Reading units of Markdown, over its words with markers removed (list numbers kept as
/// words, as printed): headings, list items (split into sentences) and paragraph sentences.
/// Code blocks and tables are left out of both the words and the units.
pub fn markdown_units(md: &str) -> (Vec<String>, Vec<Unit>) {
    let mut words: Vec<String> = Vec::new();
    let mut units = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, words: &mut Vec<String>, units: &mut Vec<Unit>| {
        if !para.is_empty() {
            sentence_units(para, words.len(), units);
            words.append(para);
        }
    };
    let mut in_code = false;
    for line in md.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            flush(&mut para, &mut words, &mut units);
            continue;
        }
        if in_code || t.starts_with('|') || t.starts_with('<') || t.starts_with("import ") {
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut words, &mut units);
            continue;
        }
        let hashes = t.bytes().take_while(|b| *b == b'#').count();
        if hashes > 0 && t[hashes..].starts_with(' ') {
            flush(&mut para, &mut words, &mut units);
            let w = plain_words(&t[hashes..]);
            units.push(Unit {
                start: words.len(),
                end: words.len() + w.len(),
                heading: true,
            });
            words.extend(w);
            continue;
        }
        if let Some((item, number)) = list_item(t) {
            flush(&mut para, &mut words, &mut units);
            if let Some(n) = number {
                para.push(n.to_string());
            }
            para.extend(plain_words(item));
            continue;
        }
        para.extend(plain_words(t));
    }
    flush(&mut para, &mut words, &mut units);
    (words, units)
}

/// The flat copy of `md`: its words in one line, as an extraction would give them.
pub fn flatten(md: &str) -> String {
    markdown_units(md).0.join(" ")
}

/// Units of text as indexed (Markdown or flat), over its words with markers removed.
pub fn indexed_units(text: &str) -> (Vec<String>, Vec<Unit>) {
    markdown_units(text)
}

/// Boundary and unit agreement of predicted units with gold units over the same words.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Agreement {
    /// Gold units.
    pub gold_units: usize,
    /// Share of predicted unit starts that are gold unit starts.
    pub boundary_precision: f64,
    /// Share of gold unit starts predicted.
    pub boundary_recall: f64,
    /// Share of gold units predicted exactly (same first and last word).
    pub exact_units: f64,
    /// Share of gold headings predicted exactly as headings.
    pub headings_recovered: f64,
}

/// Compares predicted with gold units (summed over documents by the caller).
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    gold: usize,
    predicted: usize,
    starts_hit: usize,
    starts_gold: usize,
    starts_pred: usize,
    exact: usize,
    gold_headings: usize,
    headings_hit: usize,
}

impl Counts {
    /// Adds one document.
    pub fn add(&mut self, gold: &[Unit], predicted: &[Unit]) {
        let gs: HashSet<usize> = gold.iter().map(|u| u.start).collect();
        let ps: HashSet<usize> = predicted.iter().map(|u| u.start).collect();
        let pu: HashSet<(usize, usize)> = predicted.iter().map(|u| (u.start, u.end)).collect();
        let ph: HashSet<(usize, usize)> = predicted
            .iter()
            .filter(|u| u.heading)
            .map(|u| (u.start, u.end))
            .collect();
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.starts_gold += gs.len();
        self.starts_pred += ps.len();
        self.starts_hit += gs.intersection(&ps).count();
        self.exact += gold
            .iter()
            .filter(|u| pu.contains(&(u.start, u.end)))
            .count();
        self.gold_headings += gold.iter().filter(|u| u.heading).count();
        self.headings_hit += gold
            .iter()
            .filter(|u| u.heading && ph.contains(&(u.start, u.end)))
            .count();
    }

    /// The rates.
    pub fn agreement(&self) -> Agreement {
        let r = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        Agreement {
            gold_units: self.gold,
            boundary_precision: r(self.starts_hit, self.starts_pred),
            boundary_recall: r(self.starts_hit, self.starts_gold),
            exact_units: r(self.exact, self.gold),
            headings_recovered: r(self.headings_hit, self.gold_headings),
        }
    }
}

/// Before and after recovery on flattened copies of Markdown documents.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MarkdownReport {
    /// Documents.
    pub documents: usize,
    /// Flat text cut at sentence punctuation only.
    pub before: Agreement,
    /// Flat text recovered.
    pub after: Agreement,
}

/// Flattens and recovers each of `docs` (Markdown bodies) and compares units with the
/// originals'. Sentence starters are learnt from all flat copies, as ingestion learns them
/// from a whole file.
pub fn markdown_originals(docs: &[String]) -> MarkdownReport {
    let flats: Vec<String> = docs.iter().map(|d| flatten(d)).collect();
    let mut starters = Starters::default();
    for f in &flats {
        starters.learn(f);
    }
    let mut before = Counts::default();
    let mut after = Counts::default();
    for (d, flat) in docs.iter().zip(&flats) {
        let (gold_words, gold) = markdown_units(d);
        let (w0, plain) = indexed_units(flat);
        // A printed section starts with its title: the first heading of the original.
        let title = d
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .map(|t| t.replace(['*', '`'], ""));
        let rec = recover_titled(flat, title.as_deref(), &starters);
        let (w1, recovered) = indexed_units(&rec);
        if w0 != gold_words || w1 != gold_words {
            // Words must align for positions to compare; recovery never drops words here
            // (no page numbers in a flattened Markdown file).
            continue;
        }
        before.add(&gold, &plain);
        after.add(&gold, &recovered);
    }
    MarkdownReport {
        documents: docs.len(),
        before: before.agreement(),
        after: after.agreement(),
    }
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Share of `reference` sentences (five words or more) found whole as one unit of `texts`.
pub fn reference_sentences_whole(texts: &[String], reference: &[String]) -> (usize, f64) {
    let mut units: HashSet<String> = HashSet::new();
    for t in texts {
        let (words, us) = indexed_units(t);
        for u in us {
            units.insert(norm(&words[u.start..u.end].join(" ")));
        }
    }
    let mut total = 0usize;
    let mut found = 0usize;
    let mut seen = HashSet::new();
    for r in reference {
        for (a, b) in sentences(r) {
            let s = norm(&r[a..b]);
            if s.split(' ').count() < 5 || !seen.insert(s.clone()) {
                continue;
            }
            total += 1;
            found += usize::from(units.contains(&s));
        }
    }
    (total, found as f64 / total.max(1) as f64)
}

/// A manual's reference answer sentences found whole in its flat sections, before and after
/// structure recovery.
#[derive(Debug, Serialize)]
pub struct Manual {
    /// The set.
    pub set: String,
    /// Reference sentences.
    pub reference_sentences: usize,
    /// Share found whole in the flat text.
    pub whole_before: f64,
    /// Share found whole after recovery.
    pub whole_after: f64,
}

/// The structure eval's report.
#[derive(Debug, Serialize)]
pub struct StructureReport {
    /// Markdown docs flattened and recovered.
    pub markdown: MarkdownReport,
    /// A manual's reference sentences, when a manual set was given.
    pub manual: Option<Manual>,
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            markdown_files(&p, out)?;
        } else if p
            .extension()
            .is_some_and(|x| x == "md" || x == "mdx" || x == "markdown")
        {
            out.push(p);
        }
    }
    Ok(())
}

fn manual(set: &Path) -> Result<Manual> {
    let corpus = set.join("corpus.jsonl");
    let text = std::fs::read_to_string(&corpus)
        .with_context(|| format!("reading {}", corpus.display()))?;
    let raw: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let (docs, _) = load_jsonl_docs(
        &corpus.display().to_string(),
        &text,
        &LoadDefaults::default(),
    );
    let recovered: Vec<String> = docs.into_iter().map(|d| d.text).collect();
    let queries = set.join("queries.jsonl");
    let q = std::fs::read_to_string(&queries)
        .with_context(|| format!("reading {}", queries.display()))?;
    let reference: Vec<String> = q
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("answer").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let (n, before) = reference_sentences_whole(&raw, &reference);
    let (_, after) = reference_sentences_whole(&recovered, &reference);
    Ok(Manual {
        set: crate::set::set_name(set),
        reference_sentences: n,
        whole_before: before,
        whole_after: after,
    })
}

/// Flattens the Markdown docs under `markdown` and recovers their structure; with `manual`,
/// also a manual set's reference sentences (its corpus.jsonl and queries.jsonl).
pub fn run(markdown: &Path, manual_set: Option<&Path>) -> Result<StructureReport> {
    let mut files = Vec::new();
    markdown_files(markdown, &mut files)?;
    files.sort();
    let mut bodies = Vec::new();
    for f in &files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let doc = load_markdown(&f.display().to_string(), &text, LoadDefaults::default())?;
        bodies.push(doc.text);
    }
    Ok(StructureReport {
        markdown: markdown_originals(&bodies),
        manual: manual_set.map(manual).transpose()?,
    })
}

impl StructureReport {
    /// The report as a table a person reads (`markdown`: the folder the docs came from).
    pub fn table(&self, markdown: &Path) -> String {
        let m = &self.markdown;
        let mut s = format!(
            "structure recovery: {} Markdown docs from {} flattened, then recovered\n",
            m.documents,
            markdown.display()
        );
        s.push_str("                        no recovery  recovered\n");
        for (name, b, a) in [
            (
                "boundary precision",
                m.before.boundary_precision,
                m.after.boundary_precision,
            ),
            (
                "boundary recall",
                m.before.boundary_recall,
                m.after.boundary_recall,
            ),
            ("units exact", m.before.exact_units, m.after.exact_units),
            (
                "headings recovered",
                m.before.headings_recovered,
                m.after.headings_recovered,
            ),
        ] {
            s.push_str(&format!("  {name:<22}{b:>10.3}{a:>11.3}\n"));
        }
        s.push_str(&format!(
            "  ({} units in the originals)\n",
            m.after.gold_units
        ));
        if let Some(x) = &self.manual {
            s.push_str(&format!(
                "{}: reference answer sentences found whole, of {}: {:.3} -> {:.3}\n",
                x.set, x.reference_sentences, x.whole_before, x.whole_after
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_units_and_flat_copy() {
        let md = "# Export a report\n\nYou can export **any** report. It is fast.\n\n1. Open it.\n2. Click **Export**.\n";
        let (words, units) = markdown_units(md);
        assert_eq!(
            flatten(md),
            "Export a report You can export any report. It is fast. 1. Open it. 2. Click Export."
        );
        assert_eq!(words.len(), 17);
        let spans: Vec<(usize, usize, bool)> =
            units.iter().map(|u| (u.start, u.end, u.heading)).collect();
        assert_eq!(
            spans,
            vec![
                (0, 3, true),
                (3, 8, false),
                (8, 11, false),
                (11, 14, false),
                (14, 17, false)
            ]
        );
    }

    #[test]
    fn recovery_beats_no_recovery_on_a_flattened_doc() {
        let docs = vec![
            "# Export a report\n\nYou can export any report as CSV. Large exports arrive by email.\n\n## Limits\n\nThe export holds at most a million rows.\n".to_string(),
        ];
        let r = markdown_originals(&docs);
        assert!(r.after.boundary_recall > r.before.boundary_recall, "{r:?}");
        assert!(r.after.headings_recovered > 0.9, "{r:?}");
    }
}
