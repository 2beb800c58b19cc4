//! One topic described for a lead: triage (is it a documentation gap at all?), coverage (the
//! tutor's confidence on its most central questions, the closest docs), a readable label, and
//! an action grounded in the docs: extend the closest doc when one is close, revise it when it
//! is very close and still does not answer, draft a new article only when no doc is close.

use std::collections::BTreeMap;

use docent_core::{Audience, DocKind, SearchMode};
use docent_index::{Filter, Index, SearchOptions};

use crate::triage::{self, Cues, TopicCues};
use crate::{label, spike, Gap, GapKind, Options, Signal, SignalKind};

/// What every topic's description reads.
pub(crate) struct Ctx<'a> {
    pub index: &'a Index,
    pub weights: &'a docent_tutor::TermWeights,
    pub opts: &'a Options,
    /// The index holds no docs: no coverage, no off-product test.
    pub no_docs: bool,
    /// What is usual in the stream: its shares of contacts and of thin tickets (the section's
    /// near-duplicate median comes with each topic).
    pub stream: triage::Baseline,
    /// The stream's languages with sections of their own: a topic of short posts read as one
    /// of them is given to it ([`crate::lang::pooled_among`]).
    pub section_languages: Vec<crate::lang::Lang>,
    filter: Filter,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        index: &'a Index,
        weights: &'a docent_tutor::TermWeights,
        opts: &'a Options,
        no_docs: bool,
        stream: triage::Baseline,
    ) -> Ctx<'a> {
        Ctx {
            index,
            weights,
            opts,
            no_docs,
            stream,
            section_languages: Vec::new(),
            filter: Filter {
                audience: Audience::Customer,
                kinds: vec![DocKind::Doc],
                product: None,
            },
        }
    }
}

/// A topic as its section found it; members most central first.
pub(crate) struct TopicInput<'a> {
    pub topic: usize,
    pub language: &'a str,
    pub members: Vec<(&'a Signal, Cues)>,
    pub centroid: &'a [f32],
    pub counts: &'a [u64],
    pub spike: &'a spike::Spike,
    pub terms: &'a [(String, f64)],
    pub provisional: f64,
    pub latest_ids: Vec<String>,
    /// Unit mean of the section's signals.
    pub stream_mean: &'a [f32],
    /// Share of members nearly repeating another ([`near_duplicate`]).
    pub near_duplicate: f64,
    /// What is usual in the stream.
    pub baseline: triage::Baseline,
}

/// Share of a topic's members (most central first) that nearly repeat another, read from the
/// subject and the start of the body: a campaign's template, not the logs pasted after it.
pub(crate) fn near_duplicate(members: &[(&Signal, Cues)]) -> f64 {
    let texts: Vec<String> = members
        .iter()
        .take(triage::NEAR_DUPLICATE_SAMPLE)
        .map(|(s, _)| {
            format!(
                "{}\n{}",
                s.subject,
                s.text.chars().take(600).collect::<String>()
            )
        })
        .collect();
    triage::near_duplicates(texts.iter().map(String::as_str))
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The centroid quantised to signed bytes, hex-encoded.
pub(crate) fn key(centroid: &[f32]) -> String {
    centroid
        .iter()
        .map(|x| {
            format!(
                "{:02x}",
                (x * 127.0).round().clamp(-127.0, 127.0) as i8 as u8
            )
        })
        .collect()
}

/// The unit vector a [`key`] encodes; `None` when it is not one.
pub fn decode_key(key: &str) -> Option<Vec<f32>> {
    if !key.len().is_multiple_of(2) || key.is_empty() || key.len() > 8192 {
        return None;
    }
    let mut v: Vec<f32> = (0..key.len() / 2)
        .map(|i| u8::from_str_radix(key.get(2 * i..2 * i + 2)?, 16).ok())
        .map(|b| b.map(|b| b as i8 as f32 / 127.0))
        .collect::<Option<_>>()?;
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n == 0.0 {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= n);
    Some(v)
}

/// Triage cues of the topic (the doc similarity and heading from one centroid search).
fn triage_cues(ctx: &Ctx, t: &TopicInput) -> docent_index::Result<(TopicCues, String)> {
    // The model reads only its own languages: another language's distance from the docs says
    // nothing about whether it is about the product, so no off-product test there.
    let model_language =
        ctx.opts.languages.is_empty() || ctx.opts.languages.iter().any(|c| c == t.language);
    let (doc_similarity, heading) = if ctx.no_docs || !model_language {
        (None, String::new())
    } else {
        let best = ctx
            .index
            .nearest(t.centroid, 1, &ctx.filter)?
            .first()
            .copied();
        let heading = best
            .and_then(|(r, _)| ctx.index.chunks().get(r as usize))
            .map(|c| {
                let mut p = vec![c.title.clone()];
                p.extend(c.heading_path.iter().filter(|h| **h != c.title).cloned());
                p.join(" › ")
            })
            .unwrap_or_default();
        (Some(best.map_or(0.0, |(_, s)| s)), heading)
    };
    let dismissed_similarity = ctx
        .opts
        .dismissed
        .iter()
        .filter(|d| d.centroid.len() == t.centroid.len())
        .map(|d| dot(&d.centroid, t.centroid))
        .max_by(f32::total_cmp);
    // Posts too short to tell their language alone are clustered with the model's languages;
    // a topic of them in another language is about that language, not a subject.
    let pooled_language = if model_language && !ctx.opts.languages.is_empty() {
        crate::lang::pooled_among(
            t.members
                .iter()
                .map(|(s, _)| (s.subject.as_str(), s.text.as_str())),
            &ctx.section_languages,
        )
        .filter(|l| *l != crate::lang::Lang::UND)
        .filter(|l| !ctx.opts.languages.iter().any(|c| c == l.code()))
        .map(|l| l.code().to_string())
    } else {
        None
    };
    let cues = TopicCues {
        stream_similarity: dot(t.centroid, t.stream_mean),
        coherence: latest_coherence(t),
        doc_similarity,
        dismissed_similarity,
        pooled_language,
        ..member_shares(&t.members, t.near_duplicate)
    };
    Ok((cues, heading))
}

/// The shares of `members` carrying each cue; the rest of [`TopicCues`] (similarities,
/// language) left empty.
fn member_shares(members: &[(&Signal, Cues)], near_duplicate: f64) -> TopicCues {
    let n = members.len().max(1) as f64;
    let share = |f: fn(&Cues) -> bool| members.iter().filter(|(_, c)| f(c)).count() as f64 / n;
    TopicCues {
        scam: share(|c| c.scam),
        gibberish: share(|c| c.gibberish),
        empty: share(|c| c.empty),
        repetition: triage::repetition(members.iter().map(|(s, _)| s.subject.as_str())),
        contact: share(|c| c.contact),
        link: share(|c| c.link),
        disguised: share(|c| c.disguised),
        advertising: share(|c| c.scam || c.contact || c.disguised),
        placeholder: share(|c| c.placeholder),
        near_duplicate,
        thin: thin_share(members),
        ..Default::default()
    }
}

/// Latest questions an early signal needs before they are triaged on their own.
const LATEST_TRIAGED: usize = 3;

/// The cues of an early signal's latest questions, triaged on their own (`None` with fewer
/// than [`LATEST_TRIAGED`]): an early signal is this period's burst, and a burst of copies,
/// ads or pasted form text inside a topic that is otherwise real (the form's "the app is
/// broken" among app questions) is not news. Only the shares are judged, and thinness is not:
/// a burst of terse posts about one new thing ("Mic on") is how such news often arrives.
fn latest_cues(members: &[(&Signal, Cues)], latest_ids: &[String]) -> Option<TopicCues> {
    let members: Vec<(&Signal, Cues)> = latest_members(members, latest_ids).copied().collect();
    (members.len() >= LATEST_TRIAGED).then(|| TopicCues {
        thin: 0.0,
        ..member_shares(&members, near_duplicate(&members))
    })
}

/// The members asked in the latest period (`latest_ids`), in their order.
fn latest_members<'m, 'a>(
    members: &'m [(&'a Signal, Cues)],
    latest_ids: &'m [String],
) -> impl Iterator<Item = &'m (&'a Signal, Cues)> {
    let latest: std::collections::HashSet<&str> = latest_ids.iter().map(String::as_str).collect();
    members
        .iter()
        .filter(move |(s, _)| latest.contains(s.id.as_str()))
}

/// [`triage::coherence`] of the topic's latest-period members, the most central
/// [`triage::COHERENCE_MEMBERS`] of them.
pub(crate) fn latest_coherence(t: &TopicInput) -> f32 {
    let vectors: Vec<&[f32]> = latest_members(&t.members, &t.latest_ids)
        .take(triage::COHERENCE_MEMBERS)
        .map(|(s, _)| s.vector.as_slice())
        .collect();
    triage::coherence(&vectors)
}

/// Share of a topic's signals that are thin tickets. A question asked of the tutor is short by
/// nature, so only tickets count.
fn thin_share(members: &[(&Signal, Cues)]) -> f64 {
    let thin = members
        .iter()
        .filter(|(s, c)| c.thin && s.kind == SignalKind::Ticket)
        .count();
    thin as f64 / members.len().max(1) as f64
}

/// The most central subjects a label is chosen from.
const LABEL_SUBJECTS: usize = 15;

/// How far out a label is looked for when none of the most central subjects carries a term.
const LABEL_SUBJECTS_FURTHER: usize = 100;

/// The members in order, those that copy none of the form's example text first: a label or a
/// sample taken from a pasted hint ("playing video on YouTube is always choppy") names the
/// form, not what the topic's customers asked.
fn own_words_first<'m, 'a>(
    members: &'m [(&'a Signal, Cues)],
) -> impl Iterator<Item = &'m (&'a Signal, Cues)> {
    let (own, copied): (Vec<_>, Vec<_>) = members.iter().partition(|(_, c)| !c.form);
    own.into_iter().chain(copied)
}

/// A topic's label: the best of its [`LABEL_SUBJECTS`] most central subjects (in the
/// customers' own words first, [`own_words_first`]); failing that, of the
/// [`LABEL_SUBJECTS_FURTHER`] most central, since a topic whose central questions have one-word
/// subjects ("Download", "download") still has questions a little further out that say more
/// ("Download fail"), and a person's words read better than a list of terms; failing that, its
/// top terms ([`label::terms_label`]).
fn topic_label(members: &[(&Signal, Cues)], terms: &[(String, f64)]) -> String {
    let subjects: Vec<&str> = own_words_first(members)
        .take(LABEL_SUBJECTS_FURTHER)
        .map(|(s, _)| s.subject.as_str())
        .collect();
    let central = &subjects[..subjects.len().min(LABEL_SUBJECTS)];
    label::subject_label(central, terms)
        .or_else(|| label::subject_label(&subjects, terms))
        .unwrap_or_else(|| label::terms_label(terms))
}

/// Up to `n` of a topic's questions for a lead to read: the latest period's first, those in
/// the customers' own words first ([`own_words_first`]), most central first, so a topic that
/// recurs every week shows what this week's questions say, not the same three from months
/// ago; older ones fill in when the period has fewer.
fn samples(members: &[(&Signal, Cues)], latest_ids: &[String], n: usize) -> Vec<String> {
    let latest: std::collections::HashSet<&str> = latest_ids.iter().map(String::as_str).collect();
    let (this, before): (Vec<&Signal>, Vec<&Signal>) = own_words_first(members)
        .map(|(s, _)| *s)
        .partition(|s| latest.contains(s.id.as_str()));
    this.into_iter()
        .chain(before)
        .take(n)
        .map(|s| {
            // Invisible bidi overrides and zero-width spaces would reorder or disguise the
            // line on a lead's page.
            let body: String = s
                .text
                .replace('\n', " ")
                .chars()
                .filter(|c| !docent_core::is_invisible_control(*c))
                .take(200)
                .collect();
            let subject = docent_core::without_invisible_controls(&s.subject);
            format!("{subject}: {body}")
        })
        .collect()
}

/// Closest docs of a topic: (id, title, similarity).
type Closest = Vec<(String, String, f32)>;

/// The tutor's mean confidence on the five most central questions, and the closest docs.
fn coverage(ctx: &Ctx, t: &TopicInput) -> docent_index::Result<(f32, Closest)> {
    let mut conf = Vec::new();
    let mut docs: BTreeMap<String, (String, f32)> = BTreeMap::new();
    for (s, _) in t.members.iter().take(5) {
        let opts = SearchOptions {
            k: 5,
            mode: SearchMode::Hybrid,
            filter: ctx.filter.clone(),
            ..SearchOptions::from_config(&Default::default())
        };
        let hits = ctx
            .index
            .search_with_vector(&s.subject, Some(&s.vector), &opts)?;
        let evidence: Vec<docent_tutor::Evidence> = hits
            .into_iter()
            .map(|h| {
                let similarity = h.similarity.unwrap_or(0.0);
                docent_tutor::Evidence::new(h.chunk, similarity)
            })
            .collect();
        let sig =
            docent_tutor::signals(&format!("{} {}", s.subject, s.text), &evidence, ctx.weights);
        conf.push(docent_tutor::confidence::confidence(sig));
        for e in &evidence {
            let entry = docs
                .entry(e.chunk.doc_id.clone())
                .or_insert((e.chunk.title.clone(), 0.0));
            entry.1 = entry.1.max(e.similarity);
        }
    }
    let mean = conf.iter().sum::<f32>() / conf.len().max(1) as f32;
    let mut closest: Vec<(String, String, f32)> = docs
        .into_iter()
        .map(|(id, (title, s))| (id, title, s))
        .collect();
    closest.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    closest.truncate(3);
    Ok((mean, closest))
}

/// Distinct subjects of the most central questions (an outline or the questions to answer).
fn questions(t: &TopicInput, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (s, _) in own_words_first(&t.members) {
        let q = label::clean_subject(&s.subject);
        if q.split_whitespace().count() >= 2 && !out.iter().any(|o| o.eq_ignore_ascii_case(&q)) {
            out.push(q);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

fn kind_and_action(
    ctx: &Ctx,
    label: &str,
    coverage: f32,
    closest: &[(String, String, f32)],
    asked: &[String],
) -> (GapKind, String) {
    let best = closest.first();
    let sim = best.map_or(0.0, |c| c.2);
    let title = best.map_or("the closest doc", |c| c.1.as_str());
    let examples = asked
        .iter()
        .take(3)
        .map(|q| format!("“{q}”"))
        .collect::<Vec<_>>()
        .join("; ");
    if coverage >= ctx.opts.covered_at {
        (
            GapKind::Covered,
            format!("Covered by “{title}”: add a quiz or course module so customers learn it before they ask."),
        )
    } else if sim >= 0.6 {
        (
            GapKind::RetrievalFailure,
            format!("Revise “{title}”: it is close to the topic but the tutor cannot answer from it; use the customers' wording and add the missing steps for {examples}."),
        )
    } else if sim >= ctx.opts.extend_at {
        (
            GapKind::ExtendDoc,
            format!("Extend “{title}” with a section on “{label}” that answers {examples}."),
        )
    } else {
        (
            GapKind::MissingContent,
            format!("Write a new article on “{label}”, outlined from the questions below (no existing doc is close)."),
        )
    }
}

/// Describes one topic. A failed search of the index is an error, never "no doc is close".
pub(crate) fn topic(ctx: &Ctx, t: TopicInput) -> docent_index::Result<Gap> {
    let (cues, heading) = triage_cues(ctx, &t)?;
    let baseline = triage::Baseline {
        near_duplicate: t.baseline.near_duplicate,
        ..ctx.stream
    };
    let early_only = t.spike.early && !t.spike.flagged;
    let flag = triage::classify(&cues, &ctx.opts.triage, &baseline).or_else(|| {
        early_only
            .then(|| latest_cues(&t.members, &t.latest_ids))
            .flatten()
            .and_then(|c| triage::classify(&c, &ctx.opts.triage, &baseline))
    });
    let (coverage, closest) = if flag.is_none() && ctx.opts.coverage && !ctx.no_docs {
        coverage(ctx, &t)?
    } else {
        (0.0, Vec::new())
    };
    let label = topic_label(&t.members, t.terms);
    let asked = questions(&t, 5);
    let (kind, action) = match flag {
        Some(f) => (
            GapKind::MissingContent,
            format!(
                "Not a documentation gap ({}): review; if it is, mark it back.",
                f.reason()
            ),
        ),
        None => kind_and_action(ctx, &label, coverage, &closest, &asked),
    };
    let samples = samples(&t.members, &t.latest_ids, 3);
    Ok(Gap {
        rank: 0,
        topic: t.topic,
        language: t.language.to_string(),
        label,
        terms: t.terms.iter().map(|(w, _)| w.clone()).collect(),
        closest_heading: heading,
        size: t.members.len(),
        trend: t.counts.to_vec(),
        spike: t.spike.clone(),
        coverage,
        closest_docs: closest,
        samples,
        kind,
        action,
        outline: if matches!(kind, GapKind::MissingContent | GapKind::ExtendDoc) && flag.is_none() {
            asked
        } else {
            Vec::new()
        },
        score: score(t.provisional, coverage, cues.thin),
        flag,
        triage: cues,
        key: key(t.centroid),
        latest_ids: t.latest_ids,
    })
}

/// A topic's ranking score: its recent volume (raised by a spike), the share of it the docs
/// leave open, and the share of its tickets that say something. A thin ticket ("update", "My
/// Password") is a question nobody can answer better with an article, so a topic of many is
/// worth less than one of as many questions with their problem in them.
fn score(provisional: f64, coverage: f32, thin: f64) -> f64 {
    provisional * (1.0 - coverage as f64).max(0.05) * (1.0 - thin).max(0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thin_tickets_and_covered_questions_weigh_less_in_the_score() {
        assert_eq!(score(100.0, 0.0, 0.0), 100.0);
        assert!((score(100.0, 0.0, 0.4) - 60.0).abs() < 1e-9);
        assert!((score(100.0, 0.5, 0.4) - 30.0).abs() < 1e-9);
        // Never zero: a fully covered or all-thin topic still orders by volume.
        assert!(score(100.0, 1.0, 1.0) > score(50.0, 1.0, 1.0));
    }

    #[test]
    fn only_tickets_count_as_thin() {
        let signal = |kind| Signal {
            id: "s".into(),
            kind,
            at: None,
            subject: "WhatsApp web".into(),
            text: "help me".into(),
            vector: Vec::new(),
        };
        let (ticket, asked) = (signal(SignalKind::Ticket), signal(SignalKind::Unanswered));
        let thin = Cues {
            thin: true,
            ..Default::default()
        };
        assert_eq!(thin_share(&[(&ticket, thin), (&ticket, thin)]), 1.0);
        assert_eq!(thin_share(&[(&ticket, thin), (&asked, thin)]), 0.5);
        assert_eq!(thin_share(&[(&ticket, Cues::default())]), 0.0);
    }

    #[test]
    fn a_label_is_looked_for_further_out_when_the_central_subjects_are_one_word() {
        let signal = |i: usize, subject: &str| Signal {
            id: format!("s{i}"),
            kind: SignalKind::Ticket,
            at: None,
            subject: subject.into(),
            text: String::new(),
            vector: Vec::new(),
        };
        let terms = vec![("download".to_string(), 0.4), ("fails".to_string(), 0.1)];
        let mut signals: Vec<Signal> = (0..LABEL_SUBJECTS + 5)
            .map(|i| signal(i, "Download"))
            .collect();
        fn members(signals: &[Signal]) -> Vec<(&Signal, Cues)> {
            signals.iter().map(|s| (s, Cues::default())).collect()
        }
        assert_eq!(topic_label(&members(&signals), &terms), "download / fails");
        signals.push(signal(99, "download fails halfway"));
        assert_eq!(
            topic_label(&members(&signals), &terms),
            "Download fails halfway"
        );
        // The most central subjects come first when one of them carries a term.
        signals[3] = signal(3, "Download stuck");
        assert_eq!(topic_label(&members(&signals), &terms), "Download stuck");
    }

    #[test]
    fn samples_come_from_the_latest_period_first() {
        let signal = |id: &str, subject: &str| Signal {
            id: id.into(),
            kind: SignalKind::Ticket,
            at: None,
            subject: subject.into(),
            text: "body".into(),
            vector: Vec::new(),
        };
        // Most central first: two old questions, then this period's two.
        let all = [
            signal("a", "Old one"),
            signal("b", "Old two"),
            signal("c", "New one"),
            signal("d", "New two"),
        ];
        let members: Vec<(&Signal, Cues)> = all.iter().map(|s| (s, Cues::default())).collect();
        let latest = vec!["d".to_string(), "c".to_string()];
        assert_eq!(
            samples(&members, &latest, 3),
            vec!["New one: body", "New two: body", "Old one: body"]
        );
        assert_eq!(
            samples(&members, &[], 2),
            vec!["Old one: body", "Old two: body"]
        );
        // A post that copies the form's example comes after the customers' own words, in its
        // period; it still fills in when nothing else is left.
        let copied = Cues {
            form: true,
            ..Default::default()
        };
        let mut members = members;
        members[2].1 = copied;
        assert_eq!(
            samples(&members, &latest, 3),
            vec!["New two: body", "New one: body", "Old one: body"]
        );
        assert_eq!(samples(&members[2..3], &latest, 3), vec!["New one: body"]);
    }

    #[test]
    fn an_early_signals_latest_questions_are_triaged_on_their_own_but_not_for_thinness() {
        let signal = |id: &str| Signal {
            id: id.into(),
            kind: SignalKind::Ticket,
            at: None,
            subject: format!("question {id}"),
            text: "body".into(),
            vector: Vec::new(),
        };
        let all: Vec<Signal> = (0..10).map(|i| signal(&format!("s{i}"))).collect();
        let placeholder = Cues {
            placeholder: true,
            form: true,
            ..Default::default()
        };
        // Seven real questions before; this period's three copy the form's text.
        let members: Vec<(&Signal, Cues)> = all
            .iter()
            .enumerate()
            .map(|(i, s)| (s, if i >= 7 { placeholder } else { Cues::default() }))
            .collect();
        let latest: Vec<String> = (7..10).map(|i| format!("s{i}")).collect();
        let (t, base) = (triage::Thresholds::default(), triage::Baseline::default());
        let whole = member_shares(&members, 0.0);
        assert_eq!(triage::classify(&whole, &t, &base), None);
        let this = latest_cues(&members, &latest).expect("three latest questions");
        assert_eq!(this.placeholder, 1.0);
        assert_eq!(
            triage::classify(&this, &t, &base),
            Some(triage::Flag::Empty)
        );
        // Fewer than three latest questions are not judged alone.
        assert!(latest_cues(&members, &latest[..2]).is_none());
        // A burst of terse posts is thin, and that alone sets nothing aside.
        let thin = Cues {
            thin: true,
            ..Default::default()
        };
        let terse: Vec<(&Signal, Cues)> = all.iter().map(|s| (s, thin)).collect();
        assert_eq!(member_shares(&terse, 0.0).thin, 1.0);
        let this = latest_cues(&terse, &latest).expect("three latest questions");
        assert_eq!(triage::classify(&this, &t, &base), None);
    }

    #[test]
    fn a_key_decodes_to_its_centroid() {
        let v: Vec<f32> = (0..8).map(|i| (i as f32 - 3.5) / 10.0).collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        let v: Vec<f32> = v.iter().map(|x| x / n).collect();
        let back = decode_key(&key(&v)).unwrap();
        assert!(dot(&v, &back) > 0.999);
        assert_eq!(decode_key("zz"), None);
        assert_eq!(decode_key("abc"), None);
        assert_eq!(decode_key("0000"), None);
    }
}
