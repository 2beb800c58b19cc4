//! The extractive composer: answers with the docs' own words, so every part is a verbatim span
//! of a retrieved chunk and an unsupported sentence is never produced.
//!
//! It scores every quotable unit (sentence, numbered steps, bullets, code) of the evidence by
//! the question's IDF-weighted terms found in the unit (half weight for terms only in its
//! heading or title), plus the chunk's similarity to the question, minus 0.08 a rank (retrieval's
//! order is worth trusting: these weights were set on `docent eval answers`), and a bonus for numbered steps when the
//! question asks how to do something. The best unit fixes the section the answer comes from;
//! the answer is that unit, the steps of its section for a how-to question with the sentence
//! that leads into them, and the section's other strong sentences up to a length budget, in
//! document order. One more unit from another section is added when it covers question terms
//! the rest does not ("... on mobile").
//!
//! Proves (see tests): 1. a how-to answer keeps every step, in order, with its lead-in;
//! 2. a factual question gets the sentence that states the fact, not the steps; 3. every part's
//! citation quotes the chunk exactly at its span; 4. nothing is produced without evidence.

use std::collections::HashSet;

use docent_core::{AnswerPart, Citation, PartKind};

use crate::text::{terms, Unit};
use crate::{cite, ComposeInput, Composed, Composer, Evidence, Result};

/// Answers by quoting the docs. Needs no language model.
#[derive(Debug, Clone)]
pub struct Extractive {
    /// Budget for paragraphs, in characters (numbered steps are kept whole on top).
    pub max_chars: usize,
}

struct Scored<'a> {
    ev: usize,
    unit: &'a Unit,
    score: f32,
    terms: HashSet<String>,
}

/// True when the question asks how to do something (numbered steps answer it best).
pub fn is_how_to(question: &str) -> bool {
    let q = question.to_lowercase();
    [
        "how do",
        "how can",
        "how to",
        "how should",
        "how would",
        "steps",
        "set up",
        "setup",
    ]
    .iter()
    .any(|p| q.contains(p))
        || q.starts_with("can i ")
        || q.starts_with("where do i")
}

impl Extractive {
    fn score<'a>(&self, input: &'a ComposeInput<'_>) -> Vec<Scored<'a>> {
        let mut q: Vec<String> = terms(input.question);
        q.sort_unstable();
        q.dedup();
        let w = input.weights;
        let weight = |t: &String| {
            let boost = if input.focus.contains(t) { 2.0 } else { 1.0 };
            boost * w.idf(t)
        };
        let total: f32 = q.iter().map(weight).sum::<f32>().max(1e-6);
        let how_to = is_how_to(input.question);
        let wants_code = ["api", "curl", "code", "request", "endpoint", "sql", "query"]
            .iter()
            .any(|k| input.question.to_lowercase().contains(k));
        let mut out = Vec::new();
        for (i, ev) in input.evidence.iter().enumerate() {
            let mut context: HashSet<String> = terms(&ev.chunk.title).into_iter().collect();
            for h in &ev.chunk.heading_path {
                context.extend(terms(h));
            }
            for unit in &ev.units {
                let text = unit.text(&ev.chunk.text);
                let ut: HashSet<String> = terms(text).into_iter().collect();
                if ut.len() < 2 && unit.kind == PartKind::Paragraph {
                    continue;
                }
                let mut head = context.clone();
                if let Some(h) = &unit.heading {
                    head.extend(terms(h));
                }
                let lexical: f32 = q
                    .iter()
                    .map(|t| {
                        if ut.contains(t) {
                            weight(t)
                        } else if head.contains(t) {
                            0.5 * weight(t)
                        } else {
                            0.0
                        }
                    })
                    .sum::<f32>()
                    / total;
                let mut score = lexical + ev.similarity - 0.08 * i as f32;
                match unit.kind {
                    PartKind::Steps if how_to => score += 0.2,
                    PartKind::Code if !wants_code && !text.starts_with('|') => score -= 0.15,
                    _ => {}
                }
                out.push(Scored {
                    ev: i,
                    unit,
                    score,
                    terms: ut,
                });
            }
        }
        out
    }
}

impl Composer for Extractive {
    fn name(&self) -> &'static str {
        "extractive"
    }

    fn compose(
        &self,
        input: &ComposeInput<'_>,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<Composed> {
        let scored = self.score(input);
        let Some(best) = scored
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.score.total_cmp(&b.1.score))
            .map(|(i, _)| i)
        else {
            return Ok(Composed::default());
        };
        if std::env::var_os("TUTOR_DEBUG").is_some() {
            for s in &scored {
                let t = s.unit.text(&input.evidence[s.ev].chunk.text);
                eprintln!(
                    "{:.3} ev{} {:?} {:?}",
                    s.score,
                    s.ev,
                    s.unit.kind,
                    t.chars().take(70).collect::<String>()
                );
            }
        }
        let b = &scored[best];
        let how_to = is_how_to(input.question);
        let same_section = |s: &Scored| s.ev == b.ev && s.unit.section == b.unit.section;

        let mut chosen: Vec<usize> = vec![best];
        // Steps of the section for a how-to question, with the sentence leading into them.
        if how_to || b.unit.kind == PartKind::Steps {
            for (i, s) in scored.iter().enumerate() {
                if same_section(s) && s.unit.kind == PartKind::Steps && !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
        }
        // A how-to question whose best sentence stands outside the steps (an intro above
        // them) still gets the steps of the same chunk when they score close to it.
        if how_to
            && !chosen
                .iter()
                .any(|&i| scored[i].unit.kind == PartKind::Steps)
        {
            let steps = scored
                .iter()
                .enumerate()
                .filter(|(_, s)| s.ev == b.ev && s.unit.kind == PartKind::Steps)
                .filter(|(_, s)| s.score >= 0.7 * b.score)
                .max_by(|x, y| x.1.score.total_cmp(&y.1.score));
            if let Some((i, _)) = steps {
                chosen.push(i);
            }
        }
        let steps_blocks: Vec<usize> = chosen
            .iter()
            .filter(|&&i| scored[i].unit.kind == PartKind::Steps)
            .map(|&i| scored[i].unit.block)
            .collect();
        for (i, s) in scored.iter().enumerate() {
            let text = s.unit.text(&input.evidence[s.ev].chunk.text);
            let leads_in = same_section(s)
                && s.unit.kind == PartKind::Paragraph
                && steps_blocks.contains(&(s.unit.block + 1))
                && is_last_sentence_of_block(&scored, i)
                && (text.ends_with(':') || text.len() < 160);
            if leads_in && !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        // Other strong units of the section, strongest first, within the budget.
        let mut budget = self.max_chars as isize;
        for &i in &chosen {
            if scored[i].unit.kind == PartKind::Paragraph {
                budget -= (scored[i].unit.end - scored[i].unit.start) as isize;
            }
        }
        let mut rest: Vec<usize> = (0..scored.len())
            .filter(|i| !chosen.contains(i) && same_section(&scored[*i]))
            .filter(|i| scored[*i].score >= 0.6 * b.score && scored[*i].score > 0.3)
            .collect();
        rest.sort_by(|x, y| scored[*y].score.total_cmp(&scored[*x].score));
        for i in rest {
            let len = (scored[i].unit.end - scored[i].unit.start) as isize;
            if scored[i].unit.kind == PartKind::Steps || len <= budget {
                budget -= len;
                chosen.push(i);
            }
        }
        // One unit from elsewhere that covers question terms the answer lacks.
        let mut covered: HashSet<String> = chosen
            .iter()
            .flat_map(|i| scored[*i].terms.iter().cloned())
            .collect();
        for &i in &chosen {
            let ev = &input.evidence[scored[i].ev];
            covered.extend(terms(&ev.chunk.title));
            if let Some(h) = &scored[i].unit.heading {
                covered.extend(terms(h));
            }
        }
        let q: HashSet<String> = terms(input.question).into_iter().collect();
        let missing: Vec<&String> = q.iter().filter(|t| !covered.contains(*t)).collect();
        let w = input.weights;
        let q_weight: f32 = q.iter().map(|t| w.idf(t)).sum();
        let missing_weight: f32 = missing.iter().map(|t| w.idf(t)).sum();
        if !missing.is_empty() && missing_weight >= 0.2 * q_weight {
            let extra = scored
                .iter()
                .enumerate()
                .filter(|(i, s)| !chosen.contains(i) && !same_section(s))
                .filter(|(_, s)| missing.iter().any(|t| s.terms.contains(*t)))
                .filter(|(_, s)| s.score >= 0.8 * b.score)
                .max_by(|x, y| x.1.score.total_cmp(&y.1.score));
            if let Some((i, s)) = extra {
                let len = (s.unit.end - s.unit.start) as isize;
                if s.unit.kind != PartKind::Paragraph || len <= budget.max(200) {
                    chosen.push(i);
                }
            }
        }
        // Document order: evidence rank first, then position in the chunk.
        chosen.sort_by_key(|&i| (scored[i].ev != b.ev, scored[i].ev, scored[i].unit.start));

        let mut composed = Composed::default();
        // Adjacent sentences of one paragraph become one part with one citation.
        let mut groups: Vec<(usize, usize, usize, PartKind)> = Vec::new(); // ev, start, end, kind
        for &i in &chosen {
            let s = &scored[i];
            if let Some(last) = groups.last_mut() {
                let chunk = &input.evidence[s.ev].chunk.text;
                if last.0 == s.ev
                    && last.3 == PartKind::Paragraph
                    && s.unit.kind == PartKind::Paragraph
                    && chunk[last.2..s.unit.start].trim().is_empty()
                    && !chunk[last.2..s.unit.start].contains("\n\n")
                {
                    last.2 = s.unit.end;
                    continue;
                }
            }
            groups.push((s.ev, s.unit.start, s.unit.end, s.unit.kind));
        }
        for (ev, start, end, kind) in groups {
            let evidence: &Evidence = &input.evidence[ev];
            let unit = scored
                .iter()
                .find(|s| s.ev == ev && s.unit.start == start)
                .map(|s| s.unit);
            let n = composed.citations.len() + 1;
            let citation = cite(evidence, unit, start, end, n, input.docs_base);
            let part = AnswerPart {
                kind,
                text: citation.quote.clone(),
                citation: n,
            };
            sink(&part, &citation);
            composed.parts.push(part);
            composed.citations.push(citation);
        }
        Ok(composed)
    }
}

fn is_last_sentence_of_block(scored: &[Scored], i: usize) -> bool {
    let s = &scored[i];
    !scored
        .iter()
        .any(|o| o.ev == s.ev && o.unit.block == s.unit.block && o.unit.start > s.unit.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::confidence::TermWeights;
    use crate::text::units;
    use docent_core::{Audience, Chunk, DocKind};

    fn evidence(id: &str, title: &str, text: &str, similarity: f32) -> Evidence {
        let chunk = Chunk {
            id: format!("{id}#0"),
            doc_id: id.into(),
            ordinal: 0,
            title: title.into(),
            heading_path: vec![title.into()],
            text: text.into(),
            offset: 0,
            audience: Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: format!("{id}.md"),
            url: None,
        };
        Evidence {
            units: units(&chunk.text),
            chunk,
            similarity,
        }
    }

    const EXPORT: &str = "You can export any report as **CSV**, **XLSX** or **PDF**.\n\n## Export from a report\n\nTo export a report:\n\n1. Open the report.\n2. Click **Export** in the top right corner.\n3. Click **Download**.\n\n## Limits\n\n- CSV exports can hold up to 1,000,000 rows.\n\nDownload links stay valid for 7 days.\n";
    const MOBILE: &str = "## Reports on mobile\n\nThe mobile app shows reports read-only. To export on mobile, tap **Share** and choose PDF.\n";

    fn compose(question: &str) -> Composed {
        let ev = vec![
            evidence("reports/export", "Export a report", EXPORT, 0.7),
            evidence("mobile/app", "The mobile app", MOBILE, 0.5),
        ];
        let chunks: Vec<Chunk> = ev.iter().map(|e| e.chunk.clone()).collect();
        let weights = TermWeights::build(&chunks);
        let input = ComposeInput {
            question,
            evidence: &ev,
            weights: &weights,
            docs_base: "/docs",
            focus: &[],
        };
        let mut streamed = 0;
        let c = Extractive { max_chars: 400 }
            .compose(&input, &mut |_, _| streamed += 1)
            .unwrap();
        assert_eq!(streamed, c.parts.len());
        for (p, cit) in c.parts.iter().zip(&c.citations) {
            let chunk = &ev
                .iter()
                .find(|e| e.chunk.id == cit.chunk_id)
                .unwrap()
                .chunk;
            assert_eq!(&chunk.text[cit.start..cit.end], cit.quote);
            assert_eq!(p.text, cit.quote);
        }
        c
    }

    #[test]
    fn how_to_keeps_all_steps_in_order_with_lead_in() {
        let c = compose("How do I export a report?");
        let steps = c.parts.iter().find(|p| p.kind == PartKind::Steps).unwrap();
        assert!(steps.text.starts_with("1. Open the report."));
        assert!(steps.text.contains("2. Click **Export**"));
        assert!(steps.text.ends_with("3. Click **Download**."));
        let lead = c
            .parts
            .iter()
            .position(|p| p.text == "To export a report:")
            .unwrap();
        let pos = c
            .parts
            .iter()
            .position(|p| p.kind == PartKind::Steps)
            .unwrap();
        assert_eq!(lead + 1, pos);
        assert_eq!(
            c.citations[pos].heading_path.last().unwrap(),
            "Export from a report"
        );
        assert!(c.citations[pos]
            .link
            .starts_with("/docs/reports/export#export-from-a-report"));
    }

    #[test]
    fn factual_question_gets_the_fact_not_the_steps() {
        let c = compose("How long do download links stay valid?");
        assert_eq!(c.parts[0].text, "Download links stay valid for 7 days.");
        assert!(c.parts.iter().all(|p| p.kind != PartKind::Steps));
    }

    #[test]
    fn follow_up_terms_pull_in_the_other_section() {
        let c = compose("How do I export a report on mobile?");
        assert!(
            c.parts.iter().any(|p| p.text.contains("tap **Share**")),
            "{:?}",
            c.parts
        );
    }

    #[test]
    fn nothing_without_evidence() {
        let weights = TermWeights::default();
        let input = ComposeInput {
            question: "How do I export?",
            evidence: &[],
            weights: &weights,
            docs_base: "/docs",
            focus: &[],
        };
        let c = Extractive { max_chars: 400 }
            .compose(&input, &mut |_, _| {})
            .unwrap();
        assert!(c.parts.is_empty() && c.citations.is_empty());
    }
}
