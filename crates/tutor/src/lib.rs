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

pub mod amount;
pub mod asking;
mod bound;
pub mod confidence;
pub mod extractive;
pub mod followup;
pub mod generative;
pub mod hygiene;
pub mod labels;
pub mod parts;
pub mod prerequisite;
pub mod procedure;
pub mod rerank;
pub mod soft;
pub mod spacing;
pub mod tabs;
pub mod text;
pub mod verify;
pub mod weights;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use docent_core::{
    Action, Answer, AnswerPart, Audience, Chunk, Citation, ComposerKind, Config, DocKind, Related,
    TutorConfig,
};
use docent_index::{Filter, Index, SearchOptions};

pub use crate::confidence::{Signals, TermWeights};
pub use crate::extractive::Extractive;
pub use crate::rerank::{Features, Model};
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
            // The API answered a quiz's failed model call with this code before the error map.
            Error::Llm { .. } => "llm_failed",
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
    /// Its sentences (byte ranges in the chunk) and their cosine with the question, from the
    /// vectors stored at ingestion; empty when the index has none.
    pub sentences: Vec<(usize, usize, f32)>,
    /// Re-ranking features.
    pub features: Features,
    /// Re-ranking score (higher is better).
    pub score: f32,
    /// The requirement this chunk states that the answer's request depends on (a setting to
    /// change first, [`prerequisite`]), when it was fetched for that.
    pub prerequisite: Option<prerequisite::Prerequisite>,
}

impl Evidence {
    /// Evidence from a chunk and its similarity to the question, without sentence evidence.
    pub fn new(chunk: Chunk, similarity: f32) -> Evidence {
        let mut units = text::units(&chunk.text);
        // The page's summary of itself (its front-matter description) announces the page:
        // search finds the page by it, an answer never quotes it, nor opens or leads with it.
        units.retain(|u| u.start >= chunk.summary_end);
        if chunk.ordinal > 0 {
            // A chunk cut inside a sentence: its first words end a sentence of the chunk
            // before, and never start an answer.
            while units.first().is_some_and(|u| {
                u.kind == docent_core::PartKind::Paragraph
                    && hygiene::starts_mid_sentence(u.text(&chunk.text))
            }) {
                units.remove(0);
            }
        }
        Evidence {
            units,
            chunk,
            similarity,
            sentences: Vec::new(),
            features: Features::default(),
            score: 0.0,
            prerequisite: None,
        }
    }

    /// Cosine of the question with `unit`: its most similar sentence, or the chunk's
    /// similarity when no stored sentence lies inside it.
    pub fn unit_similarity(&self, unit: &Unit) -> f32 {
        self.sentences
            .iter()
            .filter(|(s, e, _)| *s < unit.end && *e > unit.start)
            .map(|x| x.2)
            .fold(None, |m: Option<f32>, x| Some(m.map_or(x, |m| m.max(x))))
            .unwrap_or(self.similarity)
    }
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
    /// Which composer this is, reported with each answer.
    fn name(&self) -> ComposerKind;
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
    /// Answers when the composer fails or nothing it wrote survives verification (none when
    /// the composer is the extractive one).
    fallback: Option<Extractive>,
    model: Model,
    calibrated: confidence::Calibrated,
    weights: PerGeneration<TermWeights>,
    requirements: PerGeneration<prerequisite::Requirements>,
    /// Vectors of question words the docs do not use, kept across questions.
    unknown: soft::Unknown,
}

/// A value read off an index generation's chunks (term weights, requirement statements),
/// built on first use and again only when the index moves to another generation.
struct PerGeneration<T>(Mutex<Option<(PathBuf, Arc<T>)>>);

impl<T> PerGeneration<T> {
    fn new() -> Self {
        PerGeneration(Mutex::new(None))
    }

    fn get(&self, index: &Index, build: impl FnOnce(&[Chunk]) -> T) -> Arc<T> {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((dir, v)) = guard.as_ref() {
            if dir == index.dir() {
                return v.clone();
            }
        }
        let v = Arc::new(build(index.chunks()));
        *guard = Some((index.dir().to_path_buf(), v.clone()));
        v
    }
}

impl Tutor {
    /// A tutor with the composer the configuration names.
    pub fn from_config(config: &Config) -> Result<Tutor> {
        let composer: Box<dyn Composer> = match config.tutor.composer {
            ComposerKind::Extractive => Box::new(Extractive {
                max_chars: config.tutor.max_answer_chars,
            }),
            ComposerKind::OpenAi => Box::new(generative::OpenAi::from_config(&config.llm)?),
        };
        Ok(Tutor::with_composer(config, composer))
    }

    /// A tutor with a given composer; unless it is the extractive one, the extractive composer
    /// answers when it fails or nothing it wrote survives verification.
    pub fn with_composer(config: &Config, composer: Box<dyn Composer>) -> Tutor {
        let mut search = SearchOptions::from_config(&config.search);
        search.k = config.tutor.k;
        let fallback = (composer.name() != ComposerKind::Extractive).then_some(Extractive {
            max_chars: config.tutor.max_answer_chars,
        });
        Tutor {
            config: config.tutor.clone(),
            search,
            composer,
            fallback,
            model: rerank::FITTED,
            calibrated: confidence::FITTED,
            weights: PerGeneration::new(),
            requirements: PerGeneration::new(),
            unknown: soft::Unknown::default(),
        }
    }

    /// Replaces the re-ranking model (for fitting and evaluation).
    pub fn set_model(&mut self, model: Model) {
        self.model = model;
    }

    /// Which composer answers.
    pub fn composer(&self) -> ComposerKind {
        self.composer.name()
    }

    /// Term weights of `index`, computed once per generation.
    pub fn weights(&self, index: &Index) -> Arc<TermWeights> {
        self.weights.get(index, TermWeights::build)
    }

    /// The requirement statements of `index`'s docs, read once per generation.
    pub fn requirements(&self, index: &Index) -> Arc<prerequisite::Requirements> {
        self.requirements
            .get(index, prerequisite::Requirements::build)
    }

    /// The candidates for a resolved question, within the asker's audience, docs only, in
    /// retrieval order, each with its sentence evidence, features and re-ranking score.
    pub fn candidates(&self, index: &Index, question: &str, q: &Question) -> Result<Vec<Evidence>> {
        let mut opts = self.search.clone();
        opts.k = self.config.candidates.max(self.config.k);
        opts.filter = Filter {
            audience: q.audience,
            kinds: vec![DocKind::Doc],
            product: q.product.map(str::to_string),
        };
        // One embedding of the question serves retrieval and every sentence comparison. A
        // number glued to its unit ("70hz") is embedded as the docs print it ("70 hz") and
        // searched for both ways ([`spacing`]).
        let spaced = spacing::spaced(question);
        let embedded = spaced.as_deref().unwrap_or(question);
        let vector = match opts.mode {
            docent_core::SearchMode::Bm25 => index.embed_query(embedded).ok(),
            _ => Some(index.embed_query(embedded)?),
        };
        let searched = spacing::with_pieces(question);
        let hits = index.search_with_vector(
            searched.as_deref().unwrap_or(question),
            vector.as_deref(),
            &opts,
        )?;
        let weights = self.weights(index);
        let mut query = terms(question);
        query.sort_unstable();
        query.dedup();
        let top_fused = hits.iter().map(|h| h.score).fold(0.0f32, f32::max);
        // The question's words the docs do not use are embedded here, once for every candidate.
        let meaning = vector
            .as_ref()
            .map(|_| soft::Question::new(index, &query, &self.unknown));
        let mut out = Vec::with_capacity(hits.len());
        // Belt and braces: the filter already did this.
        for h in hits
            .into_iter()
            .filter(|h| h.chunk.audience <= q.audience && h.chunk.kind == DocKind::Doc)
        {
            let sentences = match &vector {
                Some(v) => sentence_similarities(index, h.row as usize, &h.chunk, v)?,
                None => Vec::new(),
            };
            let similarity = h.similarity.unwrap_or(0.0);
            let candidate = rerank::Candidate {
                chunk: &h.chunk,
                fused: h.score,
                bm25_rank: h.bm25_rank,
                dense_rank: h.dense_rank,
                similarity,
                sentences: &sentences,
            };
            let mut features = rerank::features(
                &query,
                &candidate,
                top_fused,
                &weights,
                meaning.as_ref().map(|m| m as &dyn soft::TermVectors),
            );
            if let (Some(v), Some(hv)) = (&vector, index.heading_vector(h.row as usize)?) {
                features.0[rerank::HEADING_SIMILARITY] = dot(v, &hv);
            }
            let mut ev = Evidence::new(h.chunk, similarity);
            ev.score = self.model.score(&features);
            ev.features = features;
            ev.sentences = sentences;
            out.push(ev);
        }
        Ok(out)
    }

    /// The evidence for a resolved question: [`Tutor::candidates`] re-ranked by their
    /// evidence (retrieval order when `[tutor] rerank = false`), best first.
    pub fn retrieve(&self, index: &Index, question: &str, q: &Question) -> Result<Vec<Evidence>> {
        let mut evidence = self.candidates(index, question, q)?;
        if self.config.rerank {
            evidence.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
        // Pages about other products answer only questions that name the other product.
        let w = self.weights(index);
        let q_terms = terms(question);
        let foreign = |e: &Evidence| {
            hygiene::is_about_other_products(&e.chunk.title, &e.chunk.doc_id)
                && !hygiene::names_title_term(&q_terms, &e.chunk.title, &w)
        };
        // Then, last, a chunk that holds only a code group's tabs in languages not asked
        // ("```java Java" for a question naming none): it has nothing to quote for this
        // question. The sort is stable: each class keeps its order.
        evidence.sort_by_cached_key(|e| {
            if foreign(e) {
                1
            } else if extractive::only_other_tabs(e, question) {
                2
            } else {
                0
            }
        });
        Ok(evidence)
    }

    /// How sure the tutor is that `evidence` (re-ranked, best first) answers a question whose
    /// own content terms are `own` (the coverage features are recomputed for them when given).
    pub fn confidence(
        &self,
        evidence: &[Evidence],
        question: &str,
        own: Option<&[String]>,
        w: &TermWeights,
    ) -> f32 {
        let mut question_terms = terms(question);
        question_terms.sort_unstable();
        question_terms.dedup();
        let Some(top) = evidence.first() else {
            return 0.0;
        };
        let features = match own {
            Some(terms) if !terms.is_empty() => {
                rerank::with_terms(&top.features, terms, &top.chunk, &top.sentences, w)
            }
            _ => top.features,
        };
        let own = match own {
            Some(t) if !t.is_empty() => t.to_vec(),
            _ => question_terms,
        };
        let own = Some(own.as_slice());
        let other = evidence
            .iter()
            .find(|e| e.chunk.doc_id != top.chunk.doc_id)
            .map_or(0.0, |e| self.model.score(&e.features));
        let margin = self.model.score(&top.features) - other;
        let coverage = first_coverage(evidence, own, w);
        self.calibrated.probability(&features, margin, coverage)
    }

    /// How sure the tutor is that `evidence`, retrieved for a whole message, answers what the
    /// message asks (`asked`, [`asking::asking_part`]): the top candidate and the best one of
    /// another document are scored again for the asked part's own vector and terms
    /// ([`rerank::for_question`]). Without an embedder, for its terms only.
    pub fn confidence_for_asked(
        &self,
        index: &Index,
        evidence: &[Evidence],
        asked: &str,
        w: &TermWeights,
    ) -> Result<f32> {
        let vector = index.embed_query(asked).ok();
        self.confidence_for_asked_vector(index, evidence, asked, vector.as_deref(), w)
    }

    /// [`Tutor::confidence_for_asked`] with the asked part's vector already computed (`None`:
    /// no embedder, terms only).
    fn confidence_for_asked_vector(
        &self,
        index: &Index,
        evidence: &[Evidence],
        asked: &str,
        vector: Option<&[f32]>,
        w: &TermWeights,
    ) -> Result<f32> {
        let mut asked_terms = terms(asked);
        asked_terms.sort_unstable();
        asked_terms.dedup();
        let Some(vector) = vector else {
            return Ok(self.confidence(evidence, asked, Some(&asked_terms), w));
        };
        let Some(top) = evidence.first() else {
            return Ok(0.0);
        };
        let rescore = |e: &Evidence| -> Result<Features> {
            let Some(row) = index.row(&e.chunk.id) else {
                return Ok(e.features);
            };
            let sentences = sentence_similarities(index, row, &e.chunk, vector)?;
            let similarities = rerank::Rescored {
                chunk: index
                    .chunk_similarity(vector, row)?
                    .unwrap_or(e.features.0[1]),
                sentences: &sentences,
                heading: index
                    .heading_vector(row)?
                    .map_or(e.features.0[rerank::HEADING_SIMILARITY], |h| {
                        dot(vector, &h)
                    }),
            };
            Ok(rerank::for_question(
                &e.features,
                &asked_terms,
                &e.chunk,
                similarities,
                w,
            ))
        };
        let features = rescore(top)?;
        let other = match evidence.iter().find(|e| e.chunk.doc_id != top.chunk.doc_id) {
            Some(e) => self.model.score(&rescore(e)?),
            None => 0.0,
        };
        let margin = self.model.score(&features) - other;
        let coverage = first_coverage(evidence, Some(&asked_terms), w);
        Ok(self.calibrated.probability(&features, margin, coverage))
    }

    /// IDF-weighted share of `question`'s terms found in the first five of `candidates` by
    /// retrieval order, together (a confidence feature: a term no retrieved text mentions).
    pub fn evidence_coverage(&self, index: &Index, candidates: &[Evidence], question: &str) -> f32 {
        let mut t = terms(question);
        t.sort_unstable();
        t.dedup();
        first_coverage(candidates, Some(&t), &self.weights(index))
    }

    /// Decides whether `q` stands alone or continues the conversation, by evidence: the
    /// question is retrieved alone and joined to the previous question; the join is kept when
    /// its evidence, scored on the new question's own terms, is strong, mentions most of those
    /// terms, and is stronger than alone (clearly stronger, by [`JOIN_MARGIN`], when the question
    /// stands alone well). An off-topic question after a conversation stays alone (and is
    /// declined on its own evidence).
    pub fn resolve(&self, index: &Index, q: &Question, w: &TermWeights) -> Result<Resolved> {
        let own_text = q.text.trim();
        let mut own = terms(own_text);
        own.sort_unstable();
        own.dedup();
        let alone = self.retrieve(index, own_text, q)?;
        // A message that describes the asker's situation before asking is retrieved whole
        // and judged on the whole or on what it asks, whichever its evidence supports better:
        // the whole counts context words the docs need not mention, the asked part alone can
        // say too little ("can we switch it back off later?"). A message that asks several
        // things is answered when its evidence answers one of them, read alone and with its
        // context; the others are looked up as parts ([`Tutor::answer_other_parts`]).
        let whole = self.confidence(&alone, own_text, None, w);
        let mut alone_conf = match asking::asking_part(own_text) {
            Some(asked) => whole.max(self.confidence_for_asked(index, &alone, &asked, w)?),
            None => whole,
        };
        let mut readings = Vec::new();
        let mut part_vectors = Vec::new();
        let evidence = &alone;
        for part in parts::question_parts(own_text) {
            let vector = index.embed_query(&part.text).ok();
            let bare = self.confidence_for_asked_vector(
                index,
                evidence,
                &part.text,
                vector.as_deref(),
                w,
            )?;
            if let Some(v) = vector {
                part_vectors.push((part.text.clone(), v));
            }
            let placed = move || self.confidence_for_asked(index, evidence, &part.query, w);
            readings.push((bare, placed));
        }
        alone_conf = with_parts(alone_conf, readings)?;
        let standalone = Resolved {
            question: own_text.to_string(),
            evidence: alone,
            confidence: alone_conf,
            focus: Vec::new(),
            part_vectors,
        };
        let Some(joined) = followup::join(own_text, q.history) else {
            return Ok(standalone);
        };
        let evidence = self.retrieve(index, &joined, q)?;
        let joined_conf = self.confidence(&evidence, &joined, Some(&own), w);
        // The joined evidence must speak of what the asker says now: most of the new
        // question's own terms (IDF-weighted) appear in it. An off-topic question ("What is
        // the capital of France?") shares no terms with the previous topic's evidence.
        let speaks_of_it = own.is_empty() || first_coverage(&evidence, Some(&own), w) >= 0.5;
        // A question that stands alone keeps standing alone unless joining it is clearly
        // stronger ("and on my phone?" alone finds a phone somewhere in the docs).
        let stronger = if alone_conf >= self.config.threshold {
            joined_conf >= alone_conf + JOIN_MARGIN
        } else {
            joined_conf > alone_conf
        };
        // Wording that leans on the previous turn ("and on my phone?", "how do I mute it?")
        // is read as a follow-up whenever the joined evidence speaks of the new terms.
        let leans = followup::leans_on_previous(own_text);
        if speaks_of_it && (leans || (joined_conf >= self.config.threshold && stronger)) {
            return Ok(Resolved {
                question: joined,
                evidence,
                confidence: joined_conf,
                focus: own,
                part_vectors: Vec::new(),
            });
        }
        Ok(standalone)
    }

    /// Answers `q`, sending each final part to `sink` as it is produced.
    pub fn ask(
        &self,
        index: &Index,
        q: &Question,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<Answer> {
        let weights = self.weights(index);
        let Resolved {
            question: resolved,
            evidence: candidates,
            confidence,
            focus,
            part_vectors,
        } = self.resolve(index, q, &weights)?;
        // A question about something the docs never name ("Can Lumio send SMS?", "an SDK for
        // COBOL"), or that names what none of its evidence mentions ("a SQL JOIN" against
        // pages on joins), is not answered by the nearest sentence about something else.
        // The asker's own situation ("our React front end") names what the docs need not.
        let asked = asking::asking_part(q.text);
        let asked = asked.as_deref().unwrap_or(q.text);
        let (candidates, confidence) = if self.names_found(asked, &candidates, &weights) {
            (candidates, confidence)
        } else {
            self.named_first(index, asked, &resolved, candidates, &weights)?
        };
        let evidence = self.quotable(index, &candidates, &resolved, q, &weights);
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
            related: Vec::new(),
            actions: vec![handoff],
            composer: self.composer.name(),
        };
        if confidence >= self.config.threshold && !evidence.is_empty() {
            let input = ComposeInput {
                question: &resolved,
                evidence: &evidence,
                weights: &weights,
                docs_base: &self.config.docs_base_url,
                focus: &focus,
            };
            let fallback = self.fallback.as_ref().map(|f| f as &dyn Composer);
            let (composed, by) =
                compose_or_fall_back(self.composer.as_ref(), fallback, &input, sink)?;
            answer.composer = by;
            if !composed.parts.is_empty() {
                answer.answered = true;
                answer.text = Answer::render(&composed.parts);
                answer.parts = composed.parts;
                answer.citations = composed.citations;
            }
        }
        if answer.answered && resolved == q.text {
            self.answer_other_parts(index, q, asked, &part_vectors, &mut answer, sink)?;
        }
        if !answer.answered {
            answer.text = ABSTAIN.to_string();
        }
        answer.related = related(&candidates, &answer.citations, &self.config.docs_base_url);
        Ok(answer)
    }
}

impl Tutor {
    /// [`hygiene::names_found`] in the first `k` of `candidates`.
    fn names_found(&self, asked: &str, candidates: &[Evidence], w: &TermWeights) -> bool {
        let chunks: Vec<&Chunk> = candidates
            .iter()
            .take(self.config.k.max(1))
            .map(|e| &e.chunk)
            .collect();
        hygiene::names_found(asked, &chunks, w)
    }

    /// When the first `k` of `candidates` miss a name `asked` names, the best-ranked later
    /// candidate that mentions the missing ones (with the first `k`, all of them) comes first,
    /// and the confidence is computed again for it; without one, the confidence is 0 (the
    /// evidence is about something else).
    fn named_first(
        &self,
        index: &Index,
        asked: &str,
        resolved: &str,
        mut candidates: Vec<Evidence>,
        w: &TermWeights,
    ) -> Result<(Vec<Evidence>, f32)> {
        let k = self.config.k.max(1);
        // The names the first k lack, read once; a later candidate must hold them all.
        let missing = if hygiene::unknown_names(asked, w).is_empty() {
            let first: Vec<&Chunk> = candidates.iter().take(k).map(|e| &e.chunk).collect();
            hygiene::names_missing_from(&asking::questions_of(asked), &first, w)
        } else {
            Vec::new()
        };
        let brings_them =
            |e: &Evidence| hygiene::still_missing(missing.clone(), &[&e.chunk]).is_empty();
        let found = if missing.is_empty() {
            None
        } else {
            candidates.iter().skip(k).position(brings_them)
        };
        let Some(at) = found else {
            return Ok((candidates, 0.0));
        };
        let named = candidates.remove(k + at);
        candidates.insert(0, named);
        let whole = self.confidence(&candidates, resolved, None, w);
        let confidence = whole.max(self.confidence_for_asked(index, &candidates, asked, w)?);
        Ok((candidates, confidence))
    }

    /// What an answer to `resolved` may quote: the first `k` of `candidates`, with what they
    /// need around them (the chunk a cut-off lead-in continues in, the rest of a code block,
    /// the menu path above a step, the request near a how-to, a prerequisite), all within the
    /// asker's audience.
    fn quotable(
        &self,
        index: &Index,
        candidates: &[Evidence],
        resolved: &str,
        q: &Question,
        weights: &TermWeights,
    ) -> Vec<Evidence> {
        let mut evidence: Vec<Evidence> = candidates
            .iter()
            .take(self.config.k.max(1))
            .cloned()
            .collect();
        let by_id = |id: &str| index.row(id).and_then(|r| index.chunks().get(r));
        if let Some(next) = continuation(by_id, &evidence, resolved) {
            evidence.insert(1, next);
        }
        evidence.extend(code_continuation(by_id, &evidence));
        evidence.extend(path_above(by_id, &evidence, resolved));
        evidence.extend(request_nearby(by_id, &evidence, resolved));
        if extractive::is_how_to(resolved) {
            let requirements = self.requirements(index);
            prerequisite_of(
                index.chunks(),
                by_id,
                &requirements,
                &mut evidence,
                (resolved, q.audience),
                weights,
            );
        }
        // Every chunk an answer may quote is one the asker may read, whatever brought it in
        // (retrieval filters its hits; the evidence added around them is checked here).
        evidence.retain(|e| e.chunk.audience <= q.audience && e.chunk.kind == DocKind::Doc);
        evidence
    }

    /// Answers the questions of a message that asks several ([`parts::question_parts`]) and
    /// whose answer so far leaves one out ([`Tutor::part_answer`]): the passage that answers
    /// a part follows the answer with its own citations. At most [`parts::MAX_PARTS`] parts
    /// are added; text the answer already holds is not repeated. `vectors` are the questions'
    /// vectors [`Tutor::resolve`] embedded; a part not among them is embedded here.
    fn answer_other_parts(
        &self,
        index: &Index,
        q: &Question,
        asked: &str,
        vectors: &[(String, Vec<f32>)],
        answer: &mut Answer,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<()> {
        let weights = self.weights(index);
        let w = weights.as_ref();
        let parts = parts::question_parts(asked);
        let mut added = 0;
        for (i, part) in parts.iter().enumerate() {
            if added == parts::MAX_PARTS {
                break;
            }
            let own = parts::own_terms(&parts, i);
            if own.is_empty() {
                continue;
            }
            let embedded;
            let meaning = match vectors.iter().find(|(text, _)| *text == part.text) {
                Some((_, v)) => Some(v.as_slice()),
                None => {
                    embedded = index.embed_query(&part.text).ok();
                    embedded.as_deref()
                }
            };
            let lookup = PartLookup {
                index,
                q,
                part,
                own: &own,
                meaning,
                w,
            };
            if let Some(passage) = self.part_answer(&lookup, answer)? {
                if parts::append_new(answer, passage, sink) {
                    added += 1;
                }
            }
        }
        if added > 0 {
            answer.text = Answer::render(&answer.parts);
        }
        Ok(())
    }

    /// The passage that answers the looked-up part where `answer` leaves it out; `None` where
    /// the answer covers it or nothing better is found.
    ///
    /// A part counts as answered when the answer names its words and no sentence of the
    /// answer's pages that the answer leaves out is closer to it in meaning by
    /// [`parts::MEANING_GAP`] ("allow you to restore a project" names "restore" and "backup";
    /// "To restore your project from a backup, contact support ..." says how). A part left
    /// out is retrieved on its own ([`parts::Part::query`]) and answered from the pages the
    /// answer quotes first (less what it quotes, the section closest to the part first:
    /// [`part_pool`]), then, when its own evidence is confident, from any page. A
    /// passage is taken when it names more of the part's words than the answer (at least
    /// [`parts::PART_COVERED`]) or is closer to it in meaning by the gap, and says something
    /// the answer does not hold.
    fn part_answer(&self, p: &PartLookup<'_>, answer: &Answer) -> Result<Option<Composed>> {
        let (index, part, w) = (p.index, p.part, p.w);
        let named = parts::answer_coverage(answer, p.own, w);
        let candidates = self.retrieve(index, &part.query, p.q)?;
        let cited: std::collections::HashSet<&str> =
            answer.citations.iter().map(|c| c.doc_id.as_str()).collect();
        let same_pages: Vec<Evidence> = candidates
            .iter()
            .filter(|e| cited.contains(e.chunk.doc_id.as_str()))
            .cloned()
            .collect();
        let (quoted_best, page_best) = match p.meaning {
            Some(v) => (
                quoted_similarity(index, &answer.citations, v)?,
                unquoted_similarity(index, &same_pages, &answer.citations, v)?,
            ),
            None => (None, None),
        };
        let gap = parts::MEANING_GAP;
        let left_out = matches!((quoted_best, page_best), (Some(a), Some(b)) if b - a >= gap);
        // A part naming something the answer never mentions is not answered by it, however
        // many of its other words the answer holds ("... sign up with my Facebook login?").
        let names_all = || {
            hygiene::names_missing_from_text(&part.text, &Answer::render(&answer.parts), w)
                .is_empty()
        };
        if named >= parts::PART_COVERED && !left_out && names_all() {
            return Ok(None);
        }
        // The answer's own pages first; the part's whole evidence only when it is confident
        // (scored only when those pages did not answer).
        let said = Said { named, quoted_best };
        if !same_pages.is_empty() {
            let pool = part_pool(index, &same_pages, &answer.citations, p.meaning)?;
            if let Some(passage) = self.passage_from(p, answer, &pool, &said)? {
                return Ok(Some(passage));
            }
        }
        let confidence = self
            .confidence(&candidates, &part.query, None, w)
            .max(self.confidence_for_asked_vector(index, &candidates, &part.text, p.meaning, w)?);
        if confidence < self.config.threshold {
            return Ok(None);
        }
        self.passage_from(p, answer, &candidates, &said)
    }

    /// The passage of `pool` that answers the looked-up part and says something `answer`
    /// does not: it names more of the part's words than the answer (at least
    /// [`parts::PART_COVERED`]) or is closer to the part in meaning by [`parts::MEANING_GAP`]
    /// than what the answer quotes.
    fn passage_from(
        &self,
        p: &PartLookup<'_>,
        answer: &Answer,
        pool: &[Evidence],
        said: &Said,
    ) -> Result<Option<Composed>> {
        if !self.names_found(&p.part.text, pool, p.w) {
            return Ok(None);
        }
        let passage = self.part_passage(p, pool)?;
        let found: std::collections::HashSet<String> =
            terms(&Answer::render(&passage.parts)).into_iter().collect();
        let says = rerank::weighted_share(p.own, &found, p.w);
        let says_named = says >= parts::PART_COVERED && says > said.named;
        let says_meant = match (p.meaning, said.quoted_best) {
            (Some(v), Some(a)) => quoted_similarity(p.index, &passage.citations, v)?
                .is_some_and(|b| b - a >= parts::MEANING_GAP),
            _ => false,
        };
        Ok(((says_named || says_meant) && !parts::holds_all(answer, &passage)).then_some(passage))
    }

    /// The first passage ([`parts::first_passage`]) of an answer to the looked-up part from
    /// `pool`, composed for the part's own words.
    fn part_passage(&self, p: &PartLookup<'_>, pool: &[Evidence]) -> Result<Composed> {
        let evidence = self.quotable(p.index, pool, &p.part.query, p.q, p.w);
        let input = ComposeInput {
            question: &p.part.text,
            evidence: &evidence,
            weights: p.w,
            docs_base: &self.config.docs_base_url,
            focus: p.own,
        };
        let fallback = self.fallback.as_ref().map(|f| f as &dyn Composer);
        let (composed, _) =
            compose_or_fall_back(self.composer.as_ref(), fallback, &input, &mut |_, _| {})?;
        Ok(parts::first_passage(composed))
    }
}

/// One question of a message being looked up as a part: the index, the asker, the part, the
/// terms it alone names, its vector (`None` without an embedder) and the term weights.
struct PartLookup<'a> {
    index: &'a Index,
    q: &'a Question<'a>,
    part: &'a parts::Part,
    own: &'a [String],
    meaning: Option<&'a [f32]>,
    w: &'a TermWeights,
}

/// What the answer already says of a part: the share of its words it names and the closest
/// sentence the answer quotes to it.
struct Said {
    named: f32,
    quoted_best: Option<f32>,
}

/// The closest of the sentences `citations` quote to `v` (the stored sentence vectors within
/// each citation's span); `None` when none is stored.
fn quoted_similarity(index: &Index, citations: &[Citation], v: &[f32]) -> Result<Option<f32>> {
    let mut best: Option<f32> = None;
    for c in citations {
        let Some(row) = index.row(&c.chunk_id) else {
            continue;
        };
        for s in index.sentences(row)? {
            if spans(c, s.start, s.end) {
                let d = dot(v, &s.vector);
                best = Some(best.map_or(d, |b| b.max(d)));
            }
        }
    }
    Ok(best)
}

/// The closest to `v` of the sentences of `evidence` that no citation quotes.
fn unquoted_similarity(
    index: &Index,
    evidence: &[Evidence],
    citations: &[Citation],
    v: &[f32],
) -> Result<Option<f32>> {
    let mut best: Option<f32> = None;
    for e in evidence {
        if let Some(d) = unquoted_best(index, e, citations, v)? {
            best = Some(best.map_or(d, |b| b.max(d)));
        }
    }
    Ok(best)
}

/// The closest to `v` of the sentences of `e` that no citation quotes (stored vectors).
fn unquoted_best(
    index: &Index,
    e: &Evidence,
    citations: &[Citation],
    v: &[f32],
) -> Result<Option<f32>> {
    let Some(row) = index.row(&e.chunk.id) else {
        return Ok(None);
    };
    let mut best: Option<f32> = None;
    for s in index.sentences(row)? {
        if !quoted(citations, &e.chunk.id, s.start, s.end) {
            let d = dot(v, &s.vector);
            best = Some(best.map_or(d, |b| b.max(d)));
        }
    }
    Ok(best)
}

/// True when one of `citations` quotes bytes `start..end` of chunk `chunk_id`.
fn quoted(citations: &[Citation], chunk_id: &str, start: usize, end: usize) -> bool {
    citations
        .iter()
        .any(|c| c.chunk_id == chunk_id && spans(c, start, end))
}

/// True when citation `c`'s quote overlaps bytes `start..end` of its chunk.
fn spans(c: &Citation, start: usize, end: usize) -> bool {
    start < c.end && end > c.start
}

/// The answer's own pages as a part's passage may quote them: without the units the answer
/// already quotes (the part's passage says what the answer does not). When the part's vector
/// `meaning` is given and some other evidence holds a sentence the answer does not quote that
/// is closer to the part by [`parts::MEANING_GAP`] than any of the first evidence's, that
/// evidence comes first: the page's passage on the part, not the one the whole message's
/// words lead to ("what role do people get when they first sign in that way?" after an answer
/// on SSO quotes the role's paragraph, not the SSO overview). A first evidence the answer
/// quotes whole keeps its place.
fn part_pool(
    index: &Index,
    pool: &[Evidence],
    citations: &[Citation],
    meaning: Option<&[f32]>,
) -> Result<Vec<Evidence>> {
    let mut out: Vec<Evidence> = pool
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let id = e.chunk.id.clone();
            e.units.retain(|u| !quoted(citations, &id, u.start, u.end));
            e
        })
        .collect();
    let Some(v) = meaning else {
        return Ok(out);
    };
    let mut closest = Vec::with_capacity(out.len());
    for e in &out {
        closest.push(unquoted_best(index, e, citations, v)?);
    }
    let best = closest
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i, c)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some((i, b)), Some(Some(first))) = (best, closest.first()) {
        if i > 0 && b - first >= parts::MEANING_GAP {
            let e = out.remove(i);
            out.insert(0, e);
        }
    }
    Ok(out)
}

/// Where the tutor's warnings go (a composer that failed, a stream that broke off).
static WARNINGS: std::sync::OnceLock<fn(&str)> = std::sync::OnceLock::new();

/// Sends the tutor's warnings to `log` from now on (the server's JSON log); without it they
/// go to standard error as `docent: ...` lines. Set once; later calls change nothing.
pub fn send_warnings_to(log: fn(&str)) {
    let _ = WARNINGS.set(log);
}

/// A warning on one line with no control character in it: an endpoint's error text (a model
/// server's reply) can neither start a forged log line nor drive the terminal.
pub fn warning_text(message: &str) -> String {
    docent_core::one_line(message)
}

/// Reports a warning (see [`send_warnings_to`]).
pub(crate) fn warn(message: &str) {
    let text = warning_text(message);
    match WARNINGS.get() {
        Some(log) => log(&text),
        None => eprintln!("docent: {text}"),
    }
}

/// Composes with `primary`; when it fails, declines, or nothing it wrote survives
/// verification, `fallback` answers from the same evidence (so a model's bad answer never turns
/// a question the evidence answers into "I don't know"). Returns the answer and the name of the
/// composer that wrote it. Without a fallback, `primary`'s result as it is.
pub fn compose_or_fall_back(
    primary: &dyn Composer,
    fallback: Option<&dyn Composer>,
    input: &ComposeInput<'_>,
    sink: &mut dyn FnMut(&AnswerPart, &Citation),
) -> Result<(Composed, ComposerKind)> {
    let Some(fallback) = fallback else {
        return Ok((primary.compose(input, sink)?, primary.name()));
    };
    match primary.compose(input, sink) {
        Ok(composed) if !composed.parts.is_empty() => return Ok((composed, primary.name())),
        Ok(_) => {}
        Err(e) => warn(&format!(
            "the {} composer failed ({e}); the {} composer answers instead",
            primary.name(),
            fallback.name()
        )),
    }
    Ok((fallback.compose(input, sink)?, fallback.name()))
}

/// A question resolved against its conversation, with its evidence.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// What was searched: the question, or the previous question joined with it.
    pub question: String,
    /// Re-ranked evidence, best first (all candidates).
    pub evidence: Vec<Evidence>,
    /// Confidence that the evidence answers.
    pub confidence: f32,
    /// The new question's own terms when it was joined (weighted double when composing).
    pub focus: Vec<String>,
    /// The vectors of the message's questions ([`parts::question_parts`]), embedded while
    /// judging it; its parts are looked up with them.
    pub part_vectors: Vec<(String, Vec<f32>)>,
}

/// The confidence of a message that asks several things: the best of `base` (the whole
/// message, or what it asks after its scene) and each of its questions', a question counting
/// at the lower of its reading alone (`bare`) and with the context it is searched with
/// (`placed`, computed only where `bare` would raise the result): "Is there an endpoint?"
/// alone is answered by any page that shows an endpoint.
fn with_parts<F: FnOnce() -> Result<f32>>(base: f32, readings: Vec<(f32, F)>) -> Result<f32> {
    let mut best = base;
    for (bare, placed) in readings {
        if bare > best {
            best = best.max(bare.min(placed()?));
        }
    }
    Ok(best)
}

/// How much more confident the joined question must be than a question that already stands
/// alone for the tutor to read it as a follow-up.
pub const JOIN_MARGIN: f32 = 0.15;

/// What the tutor says when it does not know.
pub const ABSTAIN: &str =
    "I don't know the answer to that from the documentation. The closest articles are below, or you can ask a person.";

/// How many chunks past a page's overview the tutor looks for the one that shows how.
/// How many chunks past a page's overview the tutor looks for the one that shows how (pages
/// of developer docs often go overview, "why", then "how"; 2 to 4 answer the same on the
/// Meilisearch, sample and e-manual sets, 1 misses the "how" after a "why").
const HOW_LOOKAHEAD: u32 = 3;

/// A later chunk of the best evidence's page, as evidence right behind it, when the answer may
/// need it and the evidence lacks it: the next chunk when the best one ends on a lead-in whose
/// example was cut off ("The following example ...:"); for a how-to question whose best chunk
/// shows nothing to do (no code, no steps), the first of the next [`HOW_LOOKAHEAD`] chunks that
/// does (the how comes after an introduction and a "why"). `chunk` looks a chunk up by id. It
/// takes the best chunk's similarity (no sentence vectors: nothing is embedded again).
fn continuation<'c>(
    chunk: impl Fn(&str) -> Option<&'c Chunk>,
    evidence: &[Evidence],
    question: &str,
) -> Option<Evidence> {
    let top = evidence.first()?;
    let text = &top.chunk.text;
    let ends_on_lead_in = top
        .units
        .last()
        .is_some_and(|u| text::ends_on_lead_in(u.text(text)));
    let overview = extractive::is_how_to(question) && !extractive::shows_how(top);
    let lookahead = if ends_on_lead_in {
        1
    } else if overview {
        HOW_LOOKAHEAD
    } else {
        0
    };
    for n in 1..=lookahead {
        let id = format!("{}#{}", top.chunk.doc_id, top.chunk.ordinal + n);
        if evidence.iter().any(|e| e.chunk.id == id) {
            return None;
        }
        let next = chunk(&id)?;
        if next.doc_id != top.chunk.doc_id || next.kind != top.chunk.kind {
            return None;
        }
        let next = Evidence::new(next.clone(), top.similarity);
        // After an overview, only a chunk that shows how is worth quoting.
        if ends_on_lead_in || extractive::shows_how(&next) {
            return Some(next);
        }
    }
    None
}

/// How many pieces of one cut code block the tutor fetches after the best evidence.
const CODE_PIECES: u32 = 2;

/// The rest of a code block that the best evidence ends in, when the chunker cut it there: the
/// page's next chunks, each opening with the same fence line ([`text::continues_code`]), up to
/// [`CODE_PIECES`], as the last evidence (so they change no ranking and displace no other
/// evidence). A piece the evidence holds already is not fetched again, and the walk goes on
/// from it.
fn code_continuation<'c>(
    chunk: impl Fn(&str) -> Option<&'c Chunk>,
    evidence: &[Evidence],
) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    let Some(top) = evidence.first() else {
        return out;
    };
    // The code unit that ends the piece read last, and where that piece stands in its page.
    let last_code = |e: &Evidence| {
        e.units
            .last()
            .filter(|u| u.kind == docent_core::PartKind::Code)
            .map(|u| u.text(&e.chunk.text).to_string())
    };
    let mut code = last_code(top);
    let mut ordinal = top.chunk.ordinal;
    for _ in 0..CODE_PIECES {
        let Some(open) = code.take() else { break };
        ordinal += 1;
        let id = format!("{}#{ordinal}", top.chunk.doc_id);
        let held = evidence.iter().find(|e| e.chunk.id == id);
        let fetched = match held {
            Some(_) => None,
            None => match chunk(&id) {
                Some(c) => Some(Evidence::new(c.clone(), top.similarity)),
                None => break,
            },
        };
        let Some(next) = held.or(fetched.as_ref()) else {
            break;
        };
        let goes_on = next
            .units
            .first()
            .is_some_and(|u| text::continues_code(&open, u.text(&next.chunk.text)));
        if !goes_on {
            break;
        }
        // A piece that holds more than the block's rest ends the block.
        if next.units.len() == 1 {
            code = last_code(next);
        }
        out.extend(fetched);
    }
    out
}

/// How many chunks above the best one the tutor looks for its page's menu path.
const PATH_LOOKBACK: u32 = 2;

/// For a how-to question whose best chunk is not its page's first, the nearest earlier chunk of
/// the page that names a menu path, as the last evidence (so it changes no ranking): a manual
/// names where a setting lives once, at the top of the page, and the composer shows that path
/// when its answer does not say it. None when the evidence has it already.
fn path_above<'c>(
    chunk: impl Fn(&str) -> Option<&'c Chunk>,
    evidence: &[Evidence],
    question: &str,
) -> Option<Evidence> {
    let top = evidence.first()?;
    if !extractive::is_how_to(question) {
        return None;
    }
    for n in 1..=PATH_LOOKBACK.min(top.chunk.ordinal) {
        let id = format!("{}#{}", top.chunk.doc_id, top.chunk.ordinal - n);
        if evidence.iter().any(|e| e.chunk.id == id) {
            return None;
        }
        let earlier = chunk(&id)?;
        if earlier.doc_id != top.chunk.doc_id {
            return None;
        }
        if procedure::menu_path(&earlier.text).is_some() {
            return Some(Evidence::new(earlier.clone(), 0.0));
        }
    }
    None
}

/// How many chunks either side of the answer's chunk the tutor looks for its page's request
/// example (a page's "complete example" often closes it, after the options are explained; the
/// composer only shows one that shares terms with the question or the answer).
const REQUEST_LOOKAHEAD: u32 = 5;

/// How well the chunk's request examples show what `question` asks
/// ([`procedure::request_fit`]): the best fit among them, `None` when it holds none.
fn request_fit(ev: &Evidence, asked: procedure::AskedAction) -> Option<u8> {
    ev.units
        .iter()
        .filter(|u| u.kind == docent_core::PartKind::Code)
        .filter_map(|u| procedure::request_action(u.text(&ev.chunk.text)))
        .map(|a| procedure::request_fit(asked, a))
        .max()
}

/// For a how-to question whose page's evidence holds no request that does what it asks (none,
/// or only one that resets or reads the setting the question wants to change) and whose page
/// does within [`REQUEST_LOOKAHEAD`] chunks of the answer's chunk (after it first, then
/// before), that chunk as the last evidence (so it changes no ranking), behind the chunk before
/// it when the request opens its chunk (its lead-in ends the chunk before): the composer shows
/// the request when its answer has none. A chunk whose request does just what is asked is
/// taken before a nearer one whose request can only serve.
fn request_nearby<'c>(
    chunk: impl Fn(&str) -> Option<&'c Chunk>,
    evidence: &[Evidence],
    question: &str,
) -> Vec<Evidence> {
    let Some(top) = evidence.first() else {
        return Vec::new();
    };
    let page = &top.chunk;
    if !extractive::is_how_to(question) {
        return Vec::new();
    }
    let on_page = |e: &&Evidence| e.chunk.doc_id == page.doc_id;
    let asked = procedure::asked_request(question);
    let have = evidence
        .iter()
        .filter(on_page)
        .filter_map(|e| request_fit(e, asked))
        .max();
    if have.is_some_and(|f| f > 0) {
        return Vec::new();
    }
    // From the page's chunk the answer comes from: the best, or the chunk that shows how
    // right behind an overview.
    let from = evidence
        .iter()
        .take(2)
        .filter(on_page)
        .map(|e| i64::from(e.chunk.ordinal))
        .max()
        .unwrap_or(i64::from(page.ordinal));
    let after = (1..=i64::from(REQUEST_LOOKAHEAD)).map(|n| from + n);
    let before = (1..=i64::from(REQUEST_LOOKAHEAD)).map(|n| from - n);
    let mut found: Option<(u8, i64, Evidence)> = None;
    for ordinal in after.chain(before).filter(|&o| o >= 0) {
        let Some(c) = chunk(&format!("{}#{ordinal}", page.doc_id)) else {
            continue;
        };
        if c.doc_id != page.doc_id || c.kind != page.kind {
            continue;
        }
        if evidence.iter().any(|e| e.chunk.id == c.id) {
            continue;
        }
        let ev = Evidence::new(c.clone(), 0.0);
        // A request that does something else than asked is no better than none.
        let Some(fit) = request_fit(&ev, asked).filter(|&f| f > 0 || have.is_none()) else {
            continue;
        };
        if found.as_ref().is_none_or(|(f, _, _)| fit > *f) {
            found = Some((fit, ordinal, ev));
        }
        if fit == 2 {
            break;
        }
    }
    let Some((_, ordinal, ev)) = found else {
        return Vec::new();
    };
    let opens = ev
        .units
        .first()
        .is_some_and(|u| u.kind == docent_core::PartKind::Code);
    let mut out = Vec::new();
    if opens && ordinal > 0 {
        let id = format!("{}#{}", page.doc_id, ordinal - 1);
        if !evidence.iter().any(|e| e.chunk.id == id) {
            out.extend(chunk(&id).map(|c| Evidence::new(c.clone(), 0.0)));
        }
    }
    out.push(ev);
    out
}

/// For a how-to answer whose page's evidence sends a request with a parameter (`"sort"`,
/// `"filter"`, `"facets"`) that a setting must enable first, the docs' statement of that
/// requirement ([`prerequisite::Requirements::find`]): its chunk is marked, or added as the
/// last evidence (so it changes no ranking); the composer shows it when the answer uses the
/// parameter and names none of its settings; the request applying the setting comes with it
/// (its chunk as evidence too) when the statement does not lead into one. `by_id` looks a chunk
/// up by id.
fn prerequisite_of<'c>(
    chunks: &'c [Chunk],
    by_id: impl Fn(&str) -> Option<&'c Chunk> + Copy,
    requirements: &prerequisite::Requirements,
    evidence: &mut Vec<Evidence>,
    asked: (&str, Audience),
    w: &TermWeights,
) {
    let (question, audience) = asked;
    let readable = prerequisite::Readable { chunks, audience };
    let Some(top) = evidence.first() else {
        return;
    };
    let page = top.chunk.doc_id.clone();
    let texts: Vec<&str> = evidence
        .iter()
        .filter(|e| e.chunk.doc_id == page)
        .map(|e| e.chunk.text.as_str())
        .collect();
    let q: std::collections::HashSet<String> = terms(question).into_iter().collect();
    let operations = prerequisite::operations(&texts);
    // Else the action the question asks for ("How do I filter ..."), which the answer may do
    // in prose ("add a filter like `price >= 500` to the next search request"), when the
    // requirement speaks of it too ("If you want to filter results ..., you must first add it
    // to the `filterableAttributes` list:"), and names the action's "-able" setting: "add" in
    // "How do I add documents?" is no action that statement's `filterableAttributes` enables.
    let asked = || {
        let action = prerequisite::asked_action(question)?;
        let found = requirements.find(readable, std::slice::from_ref(&action), &q, "", &page, w)?;
        (found.0.enables(&action) && found.0.terms.contains(&action)).then_some(found)
    };
    let Some((req, operation)) = requirements
        .find(readable, &operations, &q, "", &page, w)
        .or_else(asked)
    else {
        return;
    };
    let Some(chunk) = chunks.get(req.row) else {
        return;
    };
    let names = requirements.names_for(req, &operation);
    // The request applying the setting, when the asker may read its chunk.
    let request = prerequisite::request_for(by_id, chunk, req, &names)
        .filter(|(id, _, _)| by_id(id).is_some_and(|c| c.audience <= audience));
    let request_chunk = request
        .as_ref()
        .filter(|(id, _, _)| *id != chunk.id)
        .and_then(|(id, _, _)| by_id(id));
    let found = prerequisite::Prerequisite {
        start: req.start,
        end: req.end,
        names,
        operation,
        request,
    };
    match evidence.iter_mut().find(|e| e.chunk.id == chunk.id) {
        Some(e) => e.prerequisite = Some(found),
        None => {
            let mut ev = Evidence::new(chunk.clone(), 0.0);
            ev.prerequisite = Some(found);
            evidence.push(ev);
        }
    }
    if let Some(c) = request_chunk {
        if !evidence.iter().any(|e| e.chunk.id == c.id) {
            evidence.push(Evidence::new(c.clone(), 0.0));
        }
    }
}

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

/// The next-best sections after the cited ones, in re-ranked order (up to three): a customer
/// whose answer was the second candidate finds it in one click. Without an answer, the
/// closest sections.
fn related(evidence: &[Evidence], cited: &[Citation], base: &str) -> Vec<Related> {
    // A section as citations name it: its last heading as a reader sees it.
    let section = |doc: &str, path: &[String]| {
        (
            doc.to_string(),
            path.last().map(|h| docent_core::heading::display(h)),
        )
    };
    let mut seen: Vec<(String, Option<String>)> = cited
        .iter()
        .map(|c| section(&c.doc_id, &c.heading_path))
        .collect();
    let mut out: Vec<Related> = Vec::new();
    for e in evidence {
        let key = section(&e.chunk.doc_id, &e.chunk.heading_path);
        if seen.contains(&key) {
            continue;
        }
        let heading = e
            .chunk
            .heading_path
            .last()
            .cloned()
            .filter(|h| *h != e.chunk.title);
        out.push(Related {
            doc_id: e.chunk.doc_id.clone(),
            title: match &heading {
                Some(h) => format!("{} > {}", e.chunk.title, docent_core::heading::display(h)),
                None => e.chunk.title.clone(),
            },
            link: link(&e.chunk, heading.as_deref(), base),
        });
        seen.push(key);
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Coverage of `own` terms (all the question's terms: the first candidate's chunk coverage
/// when `None`) by the first five candidates in retrieval order.
fn first_coverage(evidence: &[Evidence], own: Option<&[String]>, w: &TermWeights) -> f32 {
    let mut by_fused: Vec<&Evidence> = evidence.iter().collect();
    by_fused.sort_by(|a, b| b.features.0[0].total_cmp(&a.features.0[0]));
    let mut found: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in by_fused.iter().take(5) {
        found.extend(terms(&e.chunk.text));
        found.extend(terms(&e.chunk.title));
        for h in &e.chunk.heading_path {
            found.extend(terms(h));
        }
    }
    match own {
        Some(q) => rerank::weighted_share(q, &found, w),
        None => 0.0,
    }
}

/// The sentences of chunk `row` (byte ranges in `chunk`'s text) with their cosine to the
/// question vector `v`, from the vectors stored at ingestion.
fn sentence_similarities(
    index: &Index,
    row: usize,
    chunk: &Chunk,
    v: &[f32],
) -> Result<Vec<(usize, usize, f32)>> {
    Ok(index
        .sentences(row)?
        .into_iter()
        .filter(|s| s.end <= chunk.text.len())
        .map(|s| (s.start, s.end, dot(v, &s.vector)))
        .collect())
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub use docent_core::heading::slug;

fn link(chunk: &Chunk, heading: Option<&str>, base: &str) -> String {
    let anchor = heading
        .map(docent_core::heading::anchor)
        .filter(|a| !a.is_empty())
        .map(|a| format!("#{a}"))
        .unwrap_or_default();
    // A URL that is not a web link (an index built before ingestion refused them) is never
    // handed to the widget: the docs page stands in for it.
    match &chunk.url {
        Some(u) if docent_core::is_safe_link(u, docent_core::LinkPolicy::Web) => {
            format!("{u}{anchor}")
        }
        _ => format!(
            "{}/{}{anchor}",
            base.trim_end_matches('/'),
            docent_core::doc_path(&chunk.doc_id)
        ),
    }
}

/// The headings that enclose `chunk.text[at..]`, outermost first: the chunk's own path, then
/// each heading inside the chunk above `at`, which closes those at its level or deeper (a
/// chunk that runs from "## Export" into "## Share" cites a sentence of the second as
/// "Share", not "Export > Share"). A chunk keeps its path's words, not their levels: the
/// last one's is its own when the chunk opens with it, and the ones above are taken one level
/// apart, from level 1 when the path starts with the page's title and from 2 otherwise.
fn enclosing_headings(chunk: &Chunk, at: usize) -> Vec<String> {
    let path = &chunk.heading_path;
    let lines = heading_lines(&chunk.text);
    // A heading whose line starts at or before the quote (a quote may open on its heading),
    // but not one the chunk opens with: the chunk's path ends with it already.
    let inner: Vec<&(usize, usize, String, bool)> = lines
        .iter()
        .filter(|(start, _, _, opens)| *start <= at && !opens)
        .collect();
    if inner.is_empty() {
        return path.clone();
    }
    let opening = lines
        .first()
        .filter(|(_, _, title, first)| *first && Some(title) == path.last())
        .map(|(_, level, _, _)| *level);
    let top = match opening {
        Some(level) => level.saturating_sub(path.len().saturating_sub(1)).max(1),
        None if path.first() == Some(&chunk.title) => 1,
        None => 2,
    };
    let mut stack: Vec<(usize, String)> = path
        .iter()
        .enumerate()
        .map(|(i, h)| (top + i, h.clone()))
        .collect();
    for (_, level, title, _) in inner {
        while stack.last().is_some_and(|(l, _)| l >= level) {
            stack.pop();
        }
        stack.push((*level, title.clone()));
    }
    stack.into_iter().map(|(_, h)| h).collect()
}

/// (line start, level, title, opens the text) of each ATX heading line of `text` with a
/// title, outside code fences.
fn heading_lines(text: &str) -> Vec<(usize, usize, String, bool)> {
    let mut out = Vec::new();
    let mut fenced = false;
    let mut content_seen = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            content_seen = true;
            continue;
        }
        if fenced || t.is_empty() {
            continue;
        }
        if let Some(title) = docent_index::sentences::heading(t).filter(|h| !h.is_empty()) {
            let level = t.bytes().take_while(|b| *b == b'#').count();
            out.push((at, level, title.to_string(), !content_seen));
        }
        content_seen = true;
    }
    out
}

/// A citation of `chunk.text[start..end]`, numbered `n`; its quote leaves out printed page
/// numbers and markup lines ([`hygiene::clean_quote`]).
pub fn cite(
    ev: &Evidence,
    unit: Option<&Unit>,
    start: usize,
    end: usize,
    n: usize,
    base: &str,
) -> Citation {
    let heading_path = enclosing_headings(&ev.chunk, start);
    let heading = unit.and_then(|u| u.heading.clone());
    let anchor = heading.clone().or_else(|| heading_path.last().cloned());
    let link = link(&ev.chunk, anchor.as_deref(), base);
    Citation {
        n,
        chunk_id: ev.chunk.id.clone(),
        doc_id: ev.chunk.doc_id.clone(),
        title: ev.chunk.title.clone(),
        // As a reader sees them: no attribute block (`{#id}`), no inline markup.
        heading_path: heading_path
            .iter()
            .map(|h| docent_core::heading::display(h))
            .collect(),
        link,
        quote: hygiene::clean_quote(&ev.chunk.text[start..end]),
        start,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generative::tests::{evidence, EXPORT};

    // Outside probe (session 54): a heading with an attribute block or markup gave a
    // citation an anchor the page does not have, and showed the markup as the section.
    #[test]
    fn a_citation_links_the_headings_own_id_and_shows_its_words() {
        let mut ev = evidence(EXPORT);
        ev[0].chunk.heading_path = vec![
            "Export a report".into(),
            "Save as <kbd>CSV</kbd> {#csv .wide}".into(),
        ];
        let c = cite(&ev[0], None, 0, 10, 1, "/docs");
        assert_eq!(c.link, "/docs/reports/export#csv");
        assert_eq!(c.heading_path, vec!["Export a report", "Save as CSV"]);
        ev[0].chunk.heading_path = vec!["Press <kbd>Ctrl</kbd> + K".into()];
        assert_eq!(
            cite(&ev[0], None, 0, 10, 1, "/docs").link,
            "/docs/reports/export#press-ctrl-k"
        );
        // A heading of other scripts has no ASCII id on the page: the link names none.
        ev[0].chunk.heading_path = vec!["导出报告".into()];
        assert_eq!(
            cite(&ev[0], None, 0, 10, 1, "/docs").link,
            "/docs/reports/export"
        );
    }

    // Outside re-check (session 56): a chunk that ran from one section into its sibling
    // cited the second as nested under the first ("Export > Share").
    #[test]
    fn a_citation_names_the_section_of_its_quote_not_a_sibling_above_it() {
        let text = "## Export\n\nExport words.\n\n### CSV\n\nCSV words.\n\n## Share\n\nShare words.\n\n```sh\n# not a heading\n```\nAfter code.";
        let mut ev = evidence(text);
        ev[0].chunk.heading_path = vec!["Reports".into(), "Export".into()];
        ev[0].chunk.title = "Reports".into();
        let at = |w: &str| text.find(w).unwrap();
        let path = |w: &str| cite(&ev[0], None, at(w), at(w) + 5, 1, "/docs").heading_path;
        assert_eq!(path("Export words"), vec!["Reports", "Export"]);
        assert_eq!(path("CSV words"), vec!["Reports", "Export", "CSV"]);
        assert_eq!(path("Share words"), vec!["Reports", "Share"]);
        // A quote that opens on a heading's words is under that heading, never under "".
        assert_eq!(path("CSV\n"), vec!["Reports", "Export", "CSV"]);
        assert_eq!(path("Share\n"), vec!["Reports", "Share"]);
        assert_eq!(path("After code"), vec!["Reports", "Share"]);
        // A chunk that opens mid-section: the path's levels run from the title's.
        let mid = "More export words.\n\n## Share\n\nShare words.";
        let mut ev = evidence(mid);
        ev[0].chunk.heading_path = vec!["Reports".into(), "Export".into()];
        ev[0].chunk.title = "Reports".into();
        let start = mid.find("Share words").unwrap();
        assert_eq!(
            cite(&ev[0], None, start, start + 5, 1, "/docs").heading_path,
            vec!["Reports", "Share"]
        );
        // A page titled outside its text starts its sections at level 2.
        ev[0].chunk.heading_path = vec!["Export".into()];
        ev[0].chunk.title = "Reports".into();
        assert_eq!(
            cite(&ev[0], None, start, start + 5, 1, "/docs").heading_path,
            vec!["Share"]
        );
    }

    #[test]
    fn a_message_counts_its_best_question_at_the_lower_of_its_two_readings() {
        let never = || -> Result<f32> { panic!("the placed reading is not needed") };
        // No question reads better than the whole: the whole stands, nothing more is scored.
        assert_eq!(with_parts(0.5, vec![(0.4, never)]).unwrap(), 0.5);
        // A question read well alone and with its context raises the message.
        let at = |x: f32| move || -> Result<f32> { Ok(x) };
        assert_eq!(
            with_parts(0.2, vec![(0.1, at(0.9)), (0.6, at(0.7))]).unwrap(),
            0.6
        );
        // Read well alone only ("Is there an endpoint?"), it counts at its placed reading.
        assert_eq!(with_parts(0.2, vec![(0.7, at(0.3))]).unwrap(), 0.3);
        assert_eq!(with_parts(0.4, vec![(0.7, at(0.3))]).unwrap(), 0.4);
    }

    #[test]
    fn a_warning_is_one_line_without_control_characters() {
        // The tenth probe: a model server's error body, quoted in the fallback warning, wrote
        // a forged JSON log line and cleared the terminal of whoever tailed the log.
        let body = "\u{1b}[2J\u{1b}[31mTERMINAL\u{1b}[0m oops\n{\"level\":\"info\",\"route\":\"/v1/keys\"}\r\n";
        let text = warning_text(&format!("the openai composer failed (HTTP 500: {body})"));
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(
            text.contains("\\u{1b}[2J") && text.contains("oops\\n{"),
            "{text:?}"
        );
    }

    /// A composer that writes nothing, or fails.
    struct Broken {
        fails: bool,
    }

    impl Composer for Broken {
        fn name(&self) -> ComposerKind {
            ComposerKind::OpenAi
        }
        fn compose(
            &self,
            _: &ComposeInput<'_>,
            _: &mut dyn FnMut(&AnswerPart, &Citation),
        ) -> Result<Composed> {
            if self.fails {
                return Err(Error::Llm {
                    url: "http://127.0.0.1:9/v1".into(),
                    message: "timed out".into(),
                });
            }
            Ok(Composed::default())
        }
    }

    /// The chunks of one page: an overview, a "why" and a "how" with code.
    fn page() -> Vec<Chunk> {
        let texts = [
            "Set up stop words to ignore common terms during search.",
            "## Why configure stop words\n\nStop words match nearly every document.",
            "## Update stop words\n\nSet a list of stop words for an index:\n\n```bash\ncurl -X PUT 'URL/indexes/movies/settings/stop-words' --data-binary '[\"the\"]'\n```",
        ];
        let base = evidence("x")[0].chunk.clone();
        texts
            .iter()
            .enumerate()
            .map(|(n, t)| Chunk {
                id: format!("stop-words#{n}"),
                doc_id: "stop-words".into(),
                ordinal: n as u32,
                text: t.to_string(),
                ..base.clone()
            })
            .collect()
    }

    fn continuation_of(first: usize, question: &str) -> Option<String> {
        let chunks = page();
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let ev = vec![Evidence::new(chunks[first].clone(), 0.7)];
        continuation(by_id, &ev, question).map(|e| e.chunk.id)
    }

    #[test]
    fn a_how_to_question_on_a_pages_overview_gets_the_chunk_of_the_page_that_shows_how() {
        // The "why" chunk in between shows nothing to do and is passed over.
        assert_eq!(
            continuation_of(0, "How do I configure stop words?").as_deref(),
            Some("stop-words#2")
        );
        // Not for a question that asks no how, nor from a chunk that shows how itself.
        assert_eq!(continuation_of(0, "What are stop words?"), None);
        let chunks = page();
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let mut code_first = page();
        code_first.swap(0, 2);
        code_first[0].ordinal = 0;
        code_first[0].id = "stop-words#0".into();
        let ev = vec![Evidence::new(code_first[0].clone(), 0.7)];
        assert!(continuation(by_id, &ev, "How do I configure stop words?").is_none());
    }

    #[test]
    fn a_how_to_question_gets_the_earlier_chunk_of_its_page_that_names_the_menu_path() {
        let base = evidence("x")[0].chunk.clone();
        let texts = [
            "Settings Picture Expert Settings Try Now Configure the screen to your taste.",
            "Brightness Try Now Contrast Try Now",
            "## Film Mode Try Now\n\nColor Tone Try Now Gamma Try Now",
        ];
        let chunks: Vec<Chunk> = texts
            .iter()
            .enumerate()
            .map(|(n, t)| Chunk {
                id: format!("picture#{n}"),
                doc_id: "picture".into(),
                ordinal: n as u32,
                text: t.to_string(),
                ..base.clone()
            })
            .collect();
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let from = |n: usize, question: &str| {
            let ev = vec![Evidence::new(chunks[n].clone(), 0.7)];
            path_above(by_id, &ev, question).map(|e| e.chunk.id)
        };
        // Two chunks up, past one that names no path.
        assert_eq!(
            from(2, "Can I configure Gamma?").as_deref(),
            Some("picture#0")
        );
        // Not for a question that asks no how, nor from the page's first chunk.
        assert_eq!(from(2, "What is Gamma?"), None);
        assert_eq!(from(0, "How do I configure the screen?"), None);
    }

    /// The chunks of one page, `doc#0`, `doc#1`, ..., with the given texts.
    fn page_of(doc: &str, texts: &[&str]) -> Vec<Chunk> {
        let base = evidence("x")[0].chunk.clone();
        texts
            .iter()
            .enumerate()
            .map(|(n, t)| Chunk {
                id: format!("{doc}#{n}"),
                doc_id: doc.into(),
                ordinal: n as u32,
                text: t.to_string(),
                ..base.clone()
            })
            .collect()
    }

    /// Ids of the chunks [`request_nearby`] adds to `ev` for `question`, from the page `chunks`.
    fn nearby_ids(chunks: &[Chunk], ev: &[Evidence], question: &str) -> Vec<String> {
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        request_nearby(by_id, ev, question)
            .into_iter()
            .map(|e| e.chunk.id)
            .collect()
    }

    #[test]
    fn a_request_that_does_something_else_than_asked_still_wants_the_one_that_does() {
        let texts = [
            "Stop words are words Meilisearch ignores.",
            "## Get stop words\n\nRetrieve the current stop words:\n\n```bash\ncurl -X GET 'URL/indexes/movies/settings/stop-words'\n```",
            "## Update stop words\n\nSet a list of stop words:\n\n```bash\ncurl -X PUT 'URL/indexes/movies/settings/stop-words' --data-binary '[]'\n```",
            "## Reset stop words\n\nRemove all stop words:\n\n```bash\ncurl -X DELETE 'URL/indexes/movies/settings/stop-words'\n```",
        ];
        let chunks = page_of("stop", &texts);
        let ids = |ev: &[Evidence], question: &str| nearby_ids(&chunks, ev, question);
        // The evidence resets; the question configures: the chunk that writes, past the
        // nearer one that reads.
        let ev = vec![
            Evidence::new(chunks[0].clone(), 0.7),
            Evidence::new(chunks[3].clone(), 0.6),
        ];
        assert_eq!(ids(&ev, "How do I configure stop words?"), vec!["stop#2"]);
        assert_eq!(
            ids(&ev, "How do I see the current stop words?"),
            vec!["stop#1"]
        );
        // The evidence holds the request asked for already: nothing more.
        assert!(ids(&ev, "How do I reset stop words?").is_empty());
    }

    #[test]
    fn a_how_to_question_gets_the_pages_request_with_the_chunk_leading_into_it() {
        let texts = [
            "Filterable attributes decide what can be filtered.",
            "The standard way is a flat array:\n\n```json\n{ \"filterableAttributes\": [\"genre\"] }\n```",
            "## Complete example\n\nUse `PATCH /indexes/{uid}/settings` to apply them:",
            "```bash\ncurl -X PATCH 'URL/indexes/movies/settings' --data-binary '{}'\n```",
        ];
        let chunks = page_of("filters", &texts);
        let ids = |ev: &[Evidence], question: &str| nearby_ids(&chunks, ev, question);
        let top = vec![Evidence::new(chunks[1].clone(), 0.7)];
        assert_eq!(
            ids(&top, "How do I make an attribute filterable?"),
            vec!["filters#2", "filters#3"]
        );
        assert!(ids(&top, "What are filterable attributes?").is_empty());
        // Nothing when the evidence holds the page's request already.
        let both = vec![
            Evidence::new(chunks[1].clone(), 0.7),
            Evidence::new(chunks[3].clone(), 0.5),
        ];
        assert!(ids(&both, "How do I make an attribute filterable?").is_empty());
        // Counted from the chunk that shows how right behind an overview: a request six
        // chunks below the overview is two below that chunk.
        let parts: Vec<String> = (0..8)
            .map(|n| {
                if n == 6 {
                    "Apply it:\n\n```bash\ncurl -X PATCH 'URL/settings'\n```".into()
                } else {
                    format!("Part {n} explains filters.")
                }
            })
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let long = page_of("long", &parts);
        let ev = vec![
            Evidence::new(long[0].clone(), 0.7),
            Evidence::new(long[4].clone(), 0.7),
        ];
        let found = nearby_ids(&long, &ev, "How do I set filters?");
        assert_eq!(found, vec!["long#6"]);
    }

    #[test]
    fn a_request_that_sorts_brings_the_requirement_of_another_page_and_its_request() {
        let base = evidence("x")[0].chunk.clone();
        let make = |id: &str, ordinal: u32, text: &str| Chunk {
            id: format!("{id}#{ordinal}"),
            doc_id: id.into(),
            ordinal,
            text: text.into(),
            ..base.clone()
        };
        let chunks = vec![
            make("search", 0, "Sort at search time:\n\n```bash\ncurl -X POST 'URL/indexes/books/search' --data-binary '{ \"sort\": [\"price:asc\"] }'\n```"),
            make("sorting", 0, "After you decide which fields to sort on, you must add them to the `sortableAttributes` setting."),
            make("sorting", 1, "Allow sorting on price:\n\n```bash\ncurl -X PUT 'URL/settings/sortable-attributes' --data-binary '[\"price\"]'\n```"),
        ];
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let requirements = prerequisite::Requirements::build(&chunks);
        let w = TermWeights::build(&chunks);
        let run = |question: &str| {
            let mut ev = vec![Evidence::new(chunks[0].clone(), 0.7)];
            prerequisite_of(
                &chunks,
                by_id,
                &requirements,
                &mut ev,
                (question, Audience::Internal),
                &w,
            );
            ev
        };
        let ev = run("How do I sort results by price?");
        let ids: Vec<&str> = ev.iter().map(|e| e.chunk.id.as_str()).collect();
        assert_eq!(ids, vec!["search#0", "sorting#0", "sorting#1"]);
        let p = ev[1].prerequisite.as_ref().unwrap();
        assert_eq!(p.operation, "sort");
        assert_eq!(p.request.as_ref().map(|r| r.0.as_str()), Some("sorting#1"));
        // A request that sends nothing a setting gates brings nothing.
        let mut plain = vec![Evidence::new(
            make("search", 0, "Search:\n\n```bash\ncurl -X POST 'URL/search' --data-binary '{ \"q\": \"x\" }'\n```"),
            0.7,
        )];
        prerequisite_of(
            &chunks,
            by_id,
            &requirements,
            &mut plain,
            ("How do I search?", Audience::Internal),
            &w,
        );
        assert_eq!(plain.len(), 1);
    }

    #[test]
    fn a_how_to_question_on_an_action_a_setting_enables_brings_its_requirement() {
        let base = evidence("x")[0].chunk.clone();
        let make = |id: &str, text: &str| Chunk {
            id: format!("{id}#0"),
            doc_id: id.into(),
            ordinal: 0,
            text: text.into(),
            ..base.clone()
        };
        let chunks = vec![
            make("ranges", "Add a filter like `price >= 10 AND price <= 50` to the search request."),
            make("filtering", "If you want to filter results based on an attribute, you must first add it to the `filterableAttributes` list:\n\n```bash\ncurl -X PUT 'URL/settings/filterable-attributes' --data-binary '[\"price\"]'\n```"),
            make("searchable", "Attributes shown in results must be listed in `searchableAttributes`."),
            make("basics", "Send the query in the request body."),
        ];
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let requirements = prerequisite::Requirements::build(&chunks);
        let w = TermWeights::build(&chunks);
        let run = |top: usize, question: &str| {
            let mut ev = vec![Evidence::new(chunks[top].clone(), 0.7)];
            prerequisite_of(
                &chunks,
                by_id,
                &requirements,
                &mut ev,
                (question, Audience::Internal),
                &w,
            );
            ev.iter().map(|e| e.chunk.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            run(0, "How do I filter results to a price between 10 and 50?"),
            vec!["ranges#0", "filtering#0"]
        );
        // A requirement naming the setting of the action but not speaking of the action, and
        // one speaking of the action ("add") whose setting is not the action's.
        assert_eq!(run(3, "How do I search several indexes?"), vec!["basics#0"]);
        assert_eq!(run(3, "How do I add an attribute?"), vec!["basics#0"]);
    }

    #[test]
    fn a_chunk_ending_on_a_lead_in_gets_the_next_chunk() {
        let mut chunks = page();
        chunks[1].text = "## Why\n\nHere is an example of a list:".into();
        chunks[2].text = "- the\n- of".into();
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let ev = vec![Evidence::new(chunks[1].clone(), 0.7)];
        let next = continuation(by_id, &ev, "What are stop words?").map(|e| e.chunk.id);
        assert_eq!(next.as_deref(), Some("stop-words#2"));
    }

    #[test]
    fn a_code_block_cut_at_the_chunk_end_gets_the_next_chunk_and_the_answer_shows_it() {
        let mut chunks = page();
        chunks[1].text = "## Configure stop words\n\nSend the list of stop words to the \
                          settings route:\n\n```bash\ncurl -X PUT 'URL/settings/stop-words'\n```"
            .into();
        chunks[2].text = "```bash\n  --data-binary '[\"the\", \"of\"]'\n```".into();
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let ev = vec![Evidence::new(chunks[1].clone(), 0.7)];
        let question = "How do I send the stop words list to the settings route?";
        let next = code_continuation(by_id, &ev)
            .pop()
            .expect("the block's next piece");
        assert_eq!(next.chunk.id, "stop-words#2");
        let ev = vec![ev[0].clone(), next];
        let weights = TermWeights::build(&[ev[0].chunk.clone(), ev[1].chunk.clone()]);
        let input = ComposeInput {
            question,
            evidence: &ev,
            weights: &weights,
            docs_base: "/docs",
            focus: &[],
        };
        let (c, _) =
            compose_or_fall_back(&Extractive { max_chars: 600 }, None, &input, &mut |_, _| {})
                .unwrap();
        let text: String = c.parts.iter().map(|p| p.text.as_str()).collect();
        assert!(text.contains("settings/stop-words"), "{text}");
        assert!(text.contains("--data-binary"), "{text}");
        // The block reads whole: one code part, one pair of fences, under one citation; no
        // citation is left that no part refers to.
        let code: Vec<&AnswerPart> = c
            .parts
            .iter()
            .filter(|p| p.kind == docent_core::PartKind::Code)
            .collect();
        assert_eq!(code.len(), 1, "{:?}", c.parts);
        assert!(
            code[0].text.contains("stop-words'\n  --data-binary"),
            "{}",
            code[0].text
        );
        assert_eq!(code[0].text.matches("```").count(), 2, "{}", code[0].text);
        for (n, cite) in c.citations.iter().enumerate() {
            assert_eq!(cite.n, n + 1);
            assert!(
                c.parts.iter().any(|p| p.citation == cite.n),
                "{:?}",
                c.citations
            );
        }
        assert!(c.parts.iter().all(|p| p.citation <= c.citations.len()));
        // Another language's block (a code group's next tab) is no continuation.
        chunks[2].text = "```javascript\nclient.index('movies')\n```".into();
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        assert!(code_continuation(by_id, &ev[..1]).is_empty());
    }

    #[test]
    fn a_code_block_cut_in_three_gets_both_later_pieces() {
        let mut chunks = page();
        chunks[0].text = "## Send\n\nSend the list:\n\n```bash\ncurl -X PUT 'URL'\n```".into();
        chunks[1].text = "```bash\n  -H 'Content-Type: application/json'\n```".into();
        chunks[2].text = "```bash\n  --data-binary '[\"the\"]'\n```\n\nThe task is queued.".into();
        let by_id = |id: &str| chunks.iter().find(|c| c.id == id);
        let ev = vec![Evidence::new(chunks[0].clone(), 0.7)];
        let ids: Vec<String> = code_continuation(by_id, &ev)
            .into_iter()
            .map(|e| e.chunk.id)
            .collect();
        assert_eq!(ids, ["stop-words#1", "stop-words#2"]);
        // A piece retrieval found already is not fetched again; the walk goes on from it.
        let ev = vec![
            Evidence::new(chunks[0].clone(), 0.7),
            Evidence::new(chunks[1].clone(), 0.5),
        ];
        let ids: Vec<String> = code_continuation(by_id, &ev)
            .into_iter()
            .map(|e| e.chunk.id)
            .collect();
        assert_eq!(ids, ["stop-words#2"]);
    }

    #[test]
    fn the_extractive_composer_answers_when_the_model_answer_does_not_survive() {
        let ev = evidence(EXPORT);
        let weights = TermWeights::build(&[ev[0].chunk.clone()]);
        let input = ComposeInput {
            question: "How do I export a report?",
            evidence: &ev,
            weights: &weights,
            docs_base: "/docs",
            focus: &[],
        };
        let extractive = Extractive { max_chars: 600 };
        let (alone, _) = compose_or_fall_back(&extractive, None, &input, &mut |_, _| {}).unwrap();
        assert!(!alone.parts.is_empty());
        for fails in [false, true] {
            let mut streamed = 0;
            let (composed, by) =
                compose_or_fall_back(&Broken { fails }, Some(&extractive), &input, &mut |_, _| {
                    streamed += 1
                })
                .unwrap();
            assert_eq!(by, ComposerKind::Extractive);
            assert_eq!(composed, alone);
            assert_eq!(streamed, composed.parts.len());
        }
        // Without a fallback the composer's own result stands: nothing, or its error.
        let (none, by) =
            compose_or_fall_back(&Broken { fails: false }, None, &input, &mut |_, _| {}).unwrap();
        assert!(none.parts.is_empty());
        assert_eq!(by, ComposerKind::OpenAi);
        assert!(
            compose_or_fall_back(&Broken { fails: true }, None, &input, &mut |_, _| {}).is_err()
        );
    }
}
