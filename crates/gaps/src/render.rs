//! The report as Markdown, CSV and a self-contained HTML page (inline SVG charts, no external
//! assets). JSON is the [`crate::Report`] serialised.

use crate::Report;

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
    format!(
        "{} signals; {} without a date, {} dated after {}, {} duplicates, {} with an empty body, {} probably not English; {:.1}% left as noise by the clustering; {} ingestion problems",
        q.signals, q.no_date, q.future_date, r.as_of, q.duplicates, q.empty_body, q.other_language,
        q.noise_share * 100.0, q.ingest_problems.len()
    )
}

/// Markdown.
pub fn markdown(r: &Report) -> String {
    let mut s = format!(
        "# Knowledge gaps as of {}\n\n{} topics; {} spiking in the latest {}.\n\nData quality: {}.\n\n",
        r.as_of,
        r.topics,
        r.spiking.len(),
        match r.period { crate::Period::Week => "week", crate::Period::Day => "day" },
        quality(r)
    );
    for g in &r.gaps {
        s.push_str(&format!("## {}. {}\n\n", g.rank, g.label));
        s.push_str(&format!(
            "- Terms: {}\n- Closest heading: {}\n",
            g.terms.join(", "),
            g.closest_heading
        ));
        s.push_str(&format!(
            "- Trend: `{}` ({} in total)\n",
            ascii_trend(&g.trend),
            g.size
        ));
        s.push_str(&format!(
            "- Latest period: {} vs {:.1} expected (x{:.1}, p = {:.2e}){}{}\n",
            g.spike.observed,
            g.spike.expected,
            g.spike.ratio,
            g.spike.p_value,
            if g.spike.flagged { " — SPIKE" } else { "" },
            if g.spike.new_topic { ", new topic" } else { "" }
        ));
        s.push_str(&format!(
            "- Coverage: {:.2} ({})\n",
            g.coverage,
            g.kind.replace('_', " ")
        ));
        let docs: Vec<String> = g
            .closest_docs
            .iter()
            .map(|(id, t, sim)| format!("{t} ({id}, {sim:.2})"))
            .collect();
        s.push_str(&format!("- Closest docs: {}\n", docs.join("; ")));
        s.push_str(&format!("- Action: {}\n", g.action));
        if !g.outline.is_empty() {
            s.push_str("- Draft outline:\n");
            for o in &g.outline {
                s.push_str(&format!("  - {o}\n"));
            }
        }
        s.push_str("- Sample tickets:\n");
        for t in &g.samples {
            s.push_str(&format!("  - {t}\n"));
        }
        s.push('\n');
    }
    if !r.data_quality.ingest_problems.is_empty() {
        s.push_str("## Data quality: ingestion problems\n\n");
        for p in &r.data_quality.ingest_problems {
            s.push_str(&format!("- {p}\n"));
        }
    }
    s
}

/// CSV, one row per gap.
pub fn csv(r: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record("rank,topic,label,terms,size,latest,expected,ratio,p_value,spike,new_topic,coverage,kind,closest_doc,action,trend".split(','));
    for g in &r.gaps {
        let row = [
            g.rank.to_string(),
            g.topic.to_string(),
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
            g.kind.clone(),
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
        ];
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A self-contained HTML page.
pub fn html(r: &Report) -> String {
    let mut rows = String::new();
    for g in &r.gaps {
        let docs: String = g
            .closest_docs
            .iter()
            .map(|(id, t, sim)| {
                format!("<li>{} <small>({}, {sim:.2})</small></li>", esc(t), esc(id))
            })
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
        rows.push_str(&format!(
            "<section class=\"gap{}\"><h2>{}. {}</h2><div class=\"trend\">{}<span>{} in latest period, {:.1} expected (x{:.1}, p = {:.1e}){}</span></div>\
<p><b>Kind:</b> {} · <b>coverage</b> {:.2} · <b>terms</b> {} · <b>closest heading</b> {}</p>\
<p><b>Action:</b> {}</p>{outline}<details><summary>Closest docs and sample tickets</summary><ul>{docs}</ul><ul>{samples}</ul></details></section>",
            if g.spike.flagged { " spike" } else { "" },
            g.rank,
            esc(&g.label),
            sparkline(&g.trend, g.spike.flagged),
            g.spike.observed,
            g.spike.expected,
            g.spike.ratio,
            g.spike.p_value,
            if g.spike.flagged { " — spike" } else { "" },
            esc(&g.kind.replace('_', " ")),
            g.coverage,
            esc(&g.terms.join(", ")),
            esc(&g.closest_heading),
            esc(&g.action),
        ));
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Knowledge gaps {as_of}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:960px;margin:0 auto;padding:24px;color:#1f2937}}\
.gap{{border:1px solid #e5e7eb;border-radius:10px;padding:8px 18px;margin:14px 0}}.spike{{border-color:#dc2626}}\
.trend{{display:flex;gap:12px;align-items:flex-end}}small{{color:#6b7280}}</style></head><body>\
<h1>Knowledge gaps as of {as_of}</h1><p>{topics} topics, {spiking} spiking. Data quality: {quality}.</p>{rows}</body></html>\n",
        as_of = r.as_of,
        topics = r.topics,
        spiking = r.spiking.len(),
        quality = esc(&quality(r)),
    )
}
