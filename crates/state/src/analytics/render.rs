//! The analytics as a self-contained HTML page (inline SVG charts and a style element, no
//! script: the lead page shows it in a sandboxed frame) and as plain text for the terminal.

use super::{Analytics, PeriodStats};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const W: f64 = 640.0;
const H: f64 = 160.0;
const PAD: f64 = 28.0;

fn label(s: &PeriodStats) -> String {
    s.start
        .map_or("total".into(), |d| d.format("%m-%d").to_string())
}

/// Bars of one count per period, with the value on each bar and the period under it.
pub fn bar_chart(title: &str, periods: &[PeriodStats], value: fn(&PeriodStats) -> u64) -> String {
    let n = periods.len().max(1) as f64;
    let max = periods.iter().map(value).max().unwrap_or(0).max(1) as f64;
    let slot = (W - PAD) / n;
    let mut body = String::new();
    for (i, p) in periods.iter().enumerate() {
        let v = value(p);
        let h = v as f64 / max * (H - 2.0 * PAD);
        let x = PAD + i as f64 * slot;
        body.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"#6366f1\"><title>{}: {v}</title></rect>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{v}</text>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#6b7280\">{}</text>",
            H - PAD - h,
            (slot * 0.7).max(1.0),
            label(p),
            x + slot * 0.35,
            H - PAD - h - 3.0,
            x + slot * 0.35,
            H - PAD + 12.0,
            label(p),
        ));
    }
    svg(title, &body)
}

/// Lines of several series per period, each `(name, colour, values)`; `unit` follows the axis
/// maximum ("%" for rates given as 0..1, "ms").
pub fn line_chart(
    title: &str,
    periods: &[PeriodStats],
    series: &[(&str, &str, Vec<f64>)],
    unit: &str,
) -> String {
    let n = periods.len();
    let rate = unit == "%";
    let max = if rate {
        1.0
    } else {
        series
            .iter()
            .flat_map(|s| s.2.iter().copied())
            .fold(0.0f64, f64::max)
            .max(1.0)
    };
    let slot = (W - PAD) / n.max(1) as f64;
    let x = |i: usize| PAD + i as f64 * slot + slot * 0.35;
    let y = |v: f64| H - PAD - v / max * (H - 2.0 * PAD);
    let mut body = format!(
        "<text x=\"2\" y=\"{:.1}\" font-size=\"9\" fill=\"#6b7280\">{}</text><text x=\"2\" y=\"{:.1}\" font-size=\"9\" fill=\"#6b7280\">0</text>",
        PAD,
        if rate { "100%".to_string() } else { format!("{max:.0} {unit}") },
        H - PAD
    );
    for (k, (name, colour, values)) in series.iter().enumerate() {
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        body.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>",
            points.join(" "),
            esc(name)
        ));
        for (i, v) in values.iter().enumerate() {
            let shown = if rate {
                format!("{:.0}%", v * 100.0)
            } else {
                format!("{v:.0}")
            };
            body.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{colour}\"><title>{name} {}: {shown}</title></circle>",
                x(i),
                y(*v),
                periods.get(i).map(label).unwrap_or_default()
            ));
        }
        body.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"13\" font-size=\"10\">{}</text>",
            PAD + 130.0 * k as f64,
            PAD + 14.0 + 130.0 * k as f64,
            esc(name)
        ));
    }
    for (i, p) in periods.iter().enumerate() {
        body.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#6b7280\">{}</text>",
            x(i),
            H - PAD + 12.0,
            label(p)
        ));
    }
    svg(title, &body)
}

fn svg(title: &str, body: &str) -> String {
    format!(
        "<figure><figcaption>{t}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{t}\">{body}</svg></figure>",
        t = esc(title)
    )
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn totals_table(t: &PeriodStats) -> String {
    let rows = [
        ("Questions", t.questions.to_string()),
        (
            "Answered",
            format!("{} ({})", t.answered, pct(t.answered_rate)),
        ),
        (
            "Declined",
            format!("{} ({})", t.declined, pct(t.declined_rate)),
        ),
        (
            "Marked helpful / not helpful",
            format!("{} / {}", t.helpful, t.not_helpful),
        ),
        (
            "Conversations handed off",
            format!(
                "{} of {} ({})",
                t.handed_off,
                t.conversations,
                pct(t.handoff_rate)
            ),
        ),
        (
            "Estimated deflection",
            format!("{} ({})", t.deflected, pct(t.deflection_rate)),
        ),
        (
            "Latency median / p95",
            format!("{:.0} ms / {:.0} ms", t.latency_p50_ms, t.latency_p95_ms),
        ),
    ];
    let body: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{k}</th><td>{v}</td></tr>"))
        .collect();
    format!("<table>{body}</table>")
}

fn lists(a: &Analytics) -> String {
    let unanswered: String = a
        .top_unanswered
        .iter()
        .map(|g| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.question),
                g.count,
                esc(g.last_asked.get(..10).unwrap_or(&g.last_asked)),
                esc(&g.variants.join(" · "))
            )
        })
        .collect();
    let docs = |v: &[super::DocCount]| -> String {
        v.iter()
            .map(|d| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&d.title),
                    esc(&d.doc_id),
                    d.citations
                )
            })
            .collect()
    };
    let never: String = a
        .never_cited
        .iter()
        .map(|(id, t)| format!("<li>{} <small>({})</small></li>", esc(t), esc(id)))
        .collect();
    format!(
        "<h2>Top unanswered questions</h2><table><tr><th>question (redacted)</th><th>times</th><th>last</th><th>other wordings</th></tr>{unanswered}</table>\
<h2>Most cited docs</h2><table><tr><th>doc</th><th>id</th><th>answers citing it</th></tr>{}</table>\
<h2>Least cited docs</h2><table><tr><th>doc</th><th>id</th><th>answers citing it</th></tr>{}</table>\
<h2>Docs never cited ({} of {})</h2><ul>{never}</ul>",
        docs(&a.most_cited),
        docs(&a.least_cited),
        a.never_cited.len(),
        a.docs
    )
}

/// The page.
pub fn html(a: &Analytics) -> String {
    let p = &a.periods;
    let series = |f: fn(&PeriodStats) -> f64| p.iter().map(f).collect::<Vec<f64>>();
    let charts = [
        bar_chart("Questions per period", p, |s| s.questions),
        line_chart(
            "Rates per period",
            p,
            &[
                ("answered", "#16a34a", series(|s| s.answered_rate)),
                ("deflected (est.)", "#4338ca", series(|s| s.deflection_rate)),
                ("handed off", "#dc2626", series(|s| s.handoff_rate)),
            ],
            "%",
        ),
        line_chart(
            "Latency per period",
            p,
            &[
                ("median", "#0891b2", series(|s| s.latency_p50_ms)),
                ("95th percentile", "#ea580c", series(|s| s.latency_p95_ms)),
            ],
            "ms",
        ),
        bar_chart("Marked not helpful per period", p, |s| s.not_helpful),
    ]
    .concat();
    let defs: String = a
        .definitions
        .iter()
        .map(|(k, v)| format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(v)))
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tutor analytics {from} to {to}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:960px;margin:0 auto;padding:24px;color:#1f2937}}\
table{{border-collapse:collapse;margin:8px 0}}td,th{{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}}\
figure{{margin:12px 0}}figcaption{{font-weight:600}}small,dd{{color:#6b7280}}</style></head><body>\
<h1>Tutor analytics, {from} to {to}</h1>{totals}{charts}{lists}<h2>How each number is counted</h2><dl>{defs}</dl></body></html>\n",
        from = a.from,
        to = a.to,
        totals = totals_table(&a.total),
        lists = lists(a),
    )
}

/// Plain text for `docent analytics`: a table per period, the total, and the lists.
pub fn text(a: &Analytics) -> String {
    let mut s = format!(
        "Tutor analytics, {} to {} (per {})\n\n{:<10} {:>9} {:>9} {:>9} {:>8} {:>8} {:>9} {:>10} {:>8} {:>8}\n",
        a.from,
        a.to,
        match a.period {
            docent_gaps::Period::Week => "week",
            docent_gaps::Period::Day => "day",
        },
        "period", "questions", "answered", "declined", "helpful", "unhelpf.", "handoff", "deflected", "p50 ms", "p95 ms"
    );
    for p in a.periods.iter().chain(std::iter::once(&a.total)) {
        s.push_str(&format!(
            "{:<10} {:>9} {:>9} {:>9} {:>8} {:>8} {:>9} {:>10} {:>8.0} {:>8.0}\n",
            p.start.map_or("total".to_string(), |d| d.to_string()),
            p.questions,
            pct(p.answered_rate),
            pct(p.declined_rate),
            p.helpful,
            p.not_helpful,
            pct(p.handoff_rate),
            pct(p.deflection_rate),
            p.latency_p50_ms,
            p.latency_p95_ms
        ));
    }
    s.push_str("\nTop unanswered questions:\n");
    for g in &a.top_unanswered {
        // One line each: a line break in a stored question would print a forged entry.
        s.push_str(&format!(
            "  {:>4}x  {}\n",
            g.count,
            docent_core::one_line(&g.question)
        ));
    }
    s.push_str("\nMost cited docs:\n");
    for d in &a.most_cited {
        s.push_str(&format!(
            "  {:>4}  {} ({})\n",
            d.citations, d.title, d.doc_id
        ));
    }
    s.push_str("\nLeast cited docs:\n");
    for d in &a.least_cited {
        s.push_str(&format!(
            "  {:>4}  {} ({})\n",
            d.citations, d.title, d.doc_id
        ));
    }
    s.push_str(&format!(
        "\nDocs never cited: {} of {}\n",
        a.never_cited.len(),
        a.docs
    ));
    for (id, t) in &a.never_cited {
        s.push_str(&format!("  {t} ({id})\n"));
    }
    s.push_str("\nHow each number is counted:\n");
    for (k, v) in &a.definitions {
        s.push_str(&format!("  {k}: {v}\n"));
    }
    s
}
