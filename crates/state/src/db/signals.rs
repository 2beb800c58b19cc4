//! Chat questions as gap-report signals: the tutor's unanswered and not-helpful questions,
//! read from the state database and embedded. The report's two callers, `GET /v1/gaps` and
//! `docent gaps`, both read them through [`chat_signals`].

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::DateTime;
use docent_embed::Embedder;
use docent_gaps::{Signal, SignalKind};

use super::{Db, DbError};

/// Why the chat signals could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SignalError {
    /// The state database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The embedding model failed.
    #[error(transparent)]
    Embed(#[from] docent_embed::Error),
}

impl docent_core::Classify for SignalError {
    fn kind(&self) -> docent_core::ErrorKind {
        match self {
            SignalError::Db(e) => e.kind(),
            SignalError::Embed(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            SignalError::Db(e) => e.code(),
            SignalError::Embed(e) => e.code(),
        }
    }
}

/// The unanswered and not-helpful questions of `db` as signals, embedded (through `cache` when
/// given: the server keeps one, so a report embeds only questions it has not seen). Blocks on
/// the database and the model: call it from a blocking thread.
pub fn chat_signals(
    db: &Db,
    embedder: &dyn Embedder,
    cache: Option<&SignalCache>,
) -> Result<Vec<Signal>, SignalError> {
    let questions = super::block_on(ChatQuestions::read(db))?;
    Ok(embed_questions(questions, embedder, cache)?)
}

/// Embeddings of chat questions already embedded, by text (the questions stay in the database
/// and are re-read each report; only new ones are embedded). Bounded: cleared past
/// [`SignalCache::MAX`] entries.
#[derive(Default)]
pub struct SignalCache(Mutex<HashMap<String, Vec<f32>>>);

impl SignalCache {
    /// Entries kept before the cache starts over.
    pub const MAX: usize = 200_000;

    /// Vectors for `texts`, embedding only those not seen before.
    pub fn vectors(
        &self,
        embedder: &dyn Embedder,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, docent_embed::Error> {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !known.contains_key(*t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            let fresh = embedder.embed(&missing)?;
            if known.len() + missing.len() > Self::MAX {
                known.clear();
            }
            for (t, v) in missing.iter().zip(fresh) {
                known.insert((*t).to_string(), v);
            }
        }
        Ok(texts
            .iter()
            .map(|t| known.get(*t).cloned().unwrap_or_default())
            .collect())
    }
}

/// Unanswered and not-helpful questions read from the state database, not yet embedded:
/// (id, kind, question, when).
#[derive(Debug, Default)]
pub struct ChatQuestions(Vec<(String, SignalKind, String, String)>);

impl ChatQuestions {
    /// Reads the questions (at most 50,000 of each kind, newest first).
    pub async fn read(db: &Db) -> Result<ChatQuestions, DbError> {
        let mut rows = Vec::new();
        for (i, (q, _, _, at)) in db.unanswered(50_000).await?.into_iter().enumerate() {
            rows.push((format!("unanswered-{i}"), SignalKind::Unanswered, q, at));
        }
        for (id, q, at) in db.negative_feedback(50_000).await? {
            rows.push((
                format!("feedback-{id}"),
                SignalKind::NegativeFeedback,
                q,
                at,
            ));
        }
        Ok(ChatQuestions(rows))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The chat questions embedded, as gap signals. Blocks on the model.
fn embed_questions(
    questions: ChatQuestions,
    embedder: &dyn Embedder,
    cache: Option<&SignalCache>,
) -> Result<Vec<Signal>, docent_embed::Error> {
    let rows = questions.0;
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let vectors = match (texts.is_empty(), cache) {
        (true, _) => Vec::new(),
        (false, Some(c)) => c.vectors(embedder, &texts)?,
        (false, None) => embedder.embed(&texts)?,
    };
    Ok(rows
        .into_iter()
        .zip(vectors)
        .map(|((id, kind, q, at), vector)| Signal {
            id,
            kind,
            at: DateTime::parse_from_rfc3339(&at).ok(),
            subject: q,
            text: String::new(),
            vector,
        })
        .collect())
}
