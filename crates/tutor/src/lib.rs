//! The tutor: answers a customer's question from the docs with verified citations, or says
//! honestly that it does not know.
//!
//! A question goes through four steps: follow-up resolution against the conversation
//! ([`followup`]), hybrid retrieval restricted to what the asker's audience may see (docs only,
//! never tickets), a confidence score that decides between answering and abstaining
//! ([`confidence`]), and a [`Composer`] that writes the answer from the evidence. Two composers
//! exist: [`Extractive`] (the default, no language model; every part is a verbatim span) and
//! [`generative::OpenAi`] (any OpenAI-compatible chat endpoint; every sentence is checked
//! against the span it cites and dropped when unsupported).
//!
//! ```no_run
//! # fn demo(index: &docent_index::Index) -> docent_tutor::Result<()> {
//! use docent_core::{Audience, Config};
//! use docent_tutor::{Question, Tutor};
//! let tutor = Tutor::from_config(&Config::default())?;
//! let answer = tutor.ask(index, &Question::new("How do I export a report?", Audience::Public), &mut |_, _| {})?;
//! println!("{}", answer.text);
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

pub mod confidence;
pub mod extractive;
pub mod followup;
pub mod generative;
pub mod text;
pub mod verify;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use docent_core::{
    Action, Answer, AnswerPart, Audience, Chunk, Citation, Config, DocKind, Related, TutorConfig,
};
use docent_index::{Filter, Index, SearchOptions};

pub use crate::confidence::{Signals, TermWeights};
pub use crate::extractive::Extractive;
use crate::text::{terms, Unit};

/// What can go wrong while answering.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Retrieval failed.
    #[error(transparent)]
    Index(#[from] docent_index::Error),
    /// The configuration names something that does not work.
    #[error("tutor configuration: {0}")]
    Config(String),
    /// The language-model endpoint failed.
    #[error("language model endpoint {url}: {message}")]
    Llm {
        /// The endpoint.
        url: String,
        /// What happened.
        message: String,
    },
}

impl docent_core::Classify for Error {
    fn kind(&self) -> docent_core::ErrorKind {
        match self {
            Error::Index(e) => e.kind(),
            Error::Config(_) => docent_core::ErrorKind::BadInput,
            Error::Llm { .. } => docent_core::ErrorKind::Unavailable,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Error::Index(e) => e.code(),
            Error::Config(_) => "tutor.config",
            Error::Llm { .. } => "tutor.llm",
        }
    }
}

/// Result with the tutor's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One retrieved chunk, read as answer material.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The chunk.
    pub chunk: Chunk,
    /// Cosine similarity of the question and the chunk.
    pub similarity: f32,
    /// Its quotable units.
    pub units: Vec<Unit>,
}

/// What a composer gets.
pub struct ComposeInput<'a> {
    /// The resolved question.
    pub question: &'a str,
    /// Retrieved chunks, best first.
    pub evidence: &'a [Evidence],
    /// Term weights of the index.
    pub weights: &'a TermWeights,
    /// Link prefix for documents without a URL.
    pub docs_base: &'a str,
    /// Terms of the latest turn when it was a follow-up ("mobile" in "and on mobile?"): what
    /// the asker wants now, weighted double when picking sentences.
    pub focus: &'a [String],
}

/// A composer's output: parts and the citations they refer to (numbered from 1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Composed {
    /// Answer parts, in order.
    pub parts: Vec<AnswerPart>,
    /// Their citations.
    pub citations: Vec<Citation>,
}

/// Writes an answer from evidence. `sink` receives each part as soon as it is final (the
/// server streams them).
pub trait Composer: Send + Sync {
    /// Short name, reported with each answer.
    fn name(&self) -> &'static str;
    /// Composes an answer; an empty result means the evidence did not support one.
    fn compose(
        &self,
        input: &ComposeInput<'_>,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<Composed>;
}

/// A question and who asks it.
#[derive(Debug, Clone)]
pub struct Question<'a> {
    /// As typed.
    pub text: &'a str,
    /// The asker's clearance; retrieval never goes above it.
    pub audience: Audience,
    /// Previous resolved questions of the conversation, oldest first.
    pub history: &'a [String],
    /// Restrict to one product area.
    pub product: Option<&'a str>,
    /// The conversation, for the hand-off link.
    pub conversation: Option<&'a str>,
}

impl<'a> Question<'a> {
    /// A first question with no conversation.
    pub fn new(text: &'a str, audience: Audience) -> Self {
        Question {
            text,
            audience,
            history: &[],
            product: None,
            conversation: None,
        }
    }
}

/// The tutor: configuration, a composer and cached term weights per index generation.
pub struct Tutor {
    config: TutorConfig,
    search: SearchOptions,
    composer: Box<dyn Composer>,
    weights: Mutex<Option<(PathBuf, Arc<TermWeights>)>>,
}

impl Tutor {
    /// A tutor with the composer the configuration names.
    pub fn from_config(config: &Config) -> Result<Tutor> {
        let composer: Box<dyn Composer> = match config.tutor.composer.as_str() {
            "extractive" => Box::new(Extractive {
                max_chars: config.tutor.max_answer_chars,
            }),
            "openai" => Box::new(generative::OpenAi::from_config(&config.llm)?),
            other => {
                return Err(Error::Config(format!(
                    "[tutor] composer = {other:?}: use \"extractive\" or \"openai\""
                )))
            }
        };
        Ok(Tutor::with_composer(config, composer))
    }

    /// A tutor with a given composer.
    pub fn with_composer(config: &Config, composer: Box<dyn Composer>) -> Tutor {
        let mut search = SearchOptions::from_config(&config.search);
        search.k = config.tutor.k;
        Tutor {
            config: config.tutor.clone(),
            search,
            composer,
            weights: Mutex::new(None),
        }
    }

    /// The composer's name.
    pub fn composer(&self) -> &'static str {
        self.composer.name()
    }

    /// Term weights of `index`, computed once per generation.
    pub fn weights(&self, index: &Index) -> Arc<TermWeights> {
        let mut guard = self.weights.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((dir, w)) = guard.as_ref() {
            if dir == index.dir() {
                return w.clone();
            }
        }
        let w = Arc::new(TermWeights::build(index.chunks()));
        *guard = Some((index.dir().to_path_buf(), w.clone()));
        w
    }

    /// Retrieves the evidence for a resolved question, within the asker's audience, docs only.
    pub fn retrieve(&self, index: &Index, question: &str, q: &Question) -> Result<Vec<Evidence>> {
        let mut opts = self.search.clone();
        opts.filter = Filter {
            audience: q.audience,
            kinds: vec![DocKind::Doc],
            product: q.product.map(str::to_string),
        };
        let hits = index.search(question, &opts)?;
        Ok(hits
            .into_iter()
            // Belt and braces: the filter already did this.
            .filter(|h| h.chunk.audience <= q.audience && h.chunk.kind == DocKind::Doc)
            .map(|h| Evidence {
                units: text::units(&h.chunk.text),
                similarity: h.similarity.unwrap_or(0.0),
                chunk: h.chunk,
            })
            .collect())
    }

    /// Answers `q`, sending each final part to `sink` as it is produced.
    pub fn ask(
        &self,
        index: &Index,
        q: &Question,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<Answer> {
        let resolved = followup::resolve(q.text, q.history);
        let focus: Vec<String> = if resolved != q.text.trim() {
            text::terms(q.text)
        } else {
            Vec::new()
        };
        let evidence = self.retrieve(index, &resolved, q)?;
        let weights = self.weights(index);
        let signals = signals(&resolved, &evidence, &weights);
        let confidence = confidence::confidence(signals);
        let related = related(&evidence, &self.config.docs_base_url);
        let handoff = Action::Handoff {
            label: self.config.handoff_label.clone(),
            url: self
                .config
                .handoff_url
                .replace("{conversation}", q.conversation.unwrap_or("")),
        };
        let mut answer = Answer {
            question: q.text.to_string(),
            resolved_question: resolved.clone(),
            answered: false,
            confidence,
            text: String::new(),
            parts: Vec::new(),
            citations: Vec::new(),
            related,
            actions: vec![handoff],
            composer: self.composer.name().to_string(),
        };
        if confidence >= self.config.threshold && !evidence.is_empty() {
            let input = ComposeInput {
                question: &resolved,
                evidence: &evidence,
                weights: &weights,
                docs_base: &self.config.docs_base_url,
                focus: &focus,
            };
            let composed = self.composer.compose(&input, sink)?;
            if !composed.parts.is_empty() {
                answer.answered = true;
                answer.text = Answer::render(&composed.parts);
                answer.parts = composed.parts;
                answer.citations = composed.citations;
            }
        }
        if !answer.answered {
            answer.text = ABSTAIN.to_string();
        }
        Ok(answer)
    }
}

/// What the tutor says when it does not know.
pub const ABSTAIN: &str =
    "I don't know the answer to that from the documentation. The closest articles are below, or you can ask a person.";

/// Confidence signals of a question against its evidence.
pub fn signals(question: &str, evidence: &[Evidence], weights: &TermWeights) -> Signals {
    let similarity = evidence.iter().map(|e| e.similarity).fold(0.0f32, f32::max);
    let ev_terms: Vec<Vec<String>> = evidence
        .iter()
        .take(5) // all the evidence (k = 5 by default): a follow-up's new term may rank lower
        .map(|e| {
            let mut t = terms(&e.chunk.text);
            t.extend(terms(&e.chunk.title));
            for h in &e.chunk.heading_path {
                t.extend(terms(h));
            }
            t
        })
        .collect();
    let refs: Vec<&[String]> = ev_terms.iter().map(Vec::as_slice).collect();
    Signals {
        similarity,
        coverage: confidence::coverage(&terms(question), &refs, weights),
    }
}

fn related(evidence: &[Evidence], base: &str) -> Vec<Related> {
    let mut out: Vec<Related> = Vec::new();
    for e in evidence {
        if out.iter().any(|r| r.doc_id == e.chunk.doc_id) {
            continue;
        }
        out.push(Related {
            doc_id: e.chunk.doc_id.clone(),
            title: e.chunk.title.clone(),
            link: link(&e.chunk, None, base),
        });
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// A heading's anchor: lowercase words joined by dashes (what `/docs` pages use as ids).
pub fn slug(heading: &str) -> String {
    let mut out = String::new();
    for w in heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

fn link(chunk: &Chunk, heading: Option<&str>, base: &str) -> String {
    let anchor = heading.map(|h| format!("#{}", slug(h))).unwrap_or_default();
    // A URL that is not a web link (an index built before ingestion refused them) is never
    // handed to the widget: the docs page stands in for it.
    match &chunk.url {
        Some(u) if docent_core::is_safe_link(u, docent_core::LinkPolicy::Web) => {
            format!("{u}{anchor}")
        }
        _ => format!("{}/{}{anchor}", base.trim_end_matches('/'), chunk.doc_id),
    }
}

/// A citation of `chunk.text[start..end]`, numbered `n`.
pub fn cite(
    ev: &Evidence,
    unit: Option<&Unit>,
    start: usize,
    end: usize,
    n: usize,
    base: &str,
) -> Citation {
    let mut heading_path = ev.chunk.heading_path.clone();
    let heading = unit.and_then(|u| u.heading.clone());
    if let Some(h) = &heading {
        if heading_path.last() != Some(h) {
            heading_path.push(h.clone());
        }
    }
    let anchor = heading.clone().or_else(|| heading_path.last().cloned());
    let link = link(&ev.chunk, anchor.as_deref(), base);
    Citation {
        n,
        chunk_id: ev.chunk.id.clone(),
        doc_id: ev.chunk.doc_id.clone(),
        title: ev.chunk.title.clone(),
        heading_path,
        link,
        quote: ev.chunk.text[start..end].to_string(),
        start,
        end,
    }
}
