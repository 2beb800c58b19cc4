//! Chat questions as gap-report signals: the tutor's unanswered and not-helpful questions,
//! read from the state database and embedded. The report's two callers, `GET /v1/gaps` and
//! `docent gaps`, both read them through [`chat_signals`].

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::DateTime;
use docent_embed::Embedder;
use docent_gaps::{Signal, SignalKind};

use super::{Db, DbError, OnIndex};

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

/// The chat questions of a report: those embedded, and how many were left unread.
#[derive(Debug, Default)]
pub struct ChatSignals {
    /// The questions read, embedded, as signals.
    pub signals: Vec<Signal>,
    /// Questions not embedded for this report (past its budget): later reports read them.
    pub unread: usize,
}

impl ChatSignals {
    /// The data-quality note on the questions left unread, if any.
    pub fn note(&self) -> Option<String> {
        (self.unread > 0).then(|| {
            format!(
                "{} chat questions not read into this report yet: a report embeds at most {} \
                 new ones (the newest first) in about {} s, and later reports read the rest",
                self.unread,
                REPORT_EMBED_BUDGET.texts,
                REPORT_EMBED_BUDGET.time.map_or(0, |t| t.as_secs())
            )
        })
    }
}

/// How much embedding a report may do for chat questions it finds unread. Every declined
/// question is stored, and anyone can be declined: without a bound a flood of them made the
/// lead's report embed for minutes (the tenth probe's first finding). The server embeds each
/// declined question when it stores it ([`SignalCache::warm`]), so a report finds them ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Questions embedded at most.
    pub texts: usize,
    /// Time spent embedding at most (checked between batches of [`SignalCache::BATCH`]).
    pub time: Option<std::time::Duration>,
}

/// A served report's budget: at most 512 new questions and about 3 seconds.
pub const REPORT_EMBED_BUDGET: Budget = Budget {
    texts: 512,
    time: Some(std::time::Duration::from_secs(3)),
};

/// The unanswered and not-helpful questions of `db` as signals, embedded (through `cache` when
/// given: the server keeps one, so a report embeds only questions it has not seen, and at most
/// `budget` of those, the newest first), of the conversations held on `index`. Blocks on the
/// database and the model: call it from a blocking thread.
pub fn chat_signals(
    db: &Db,
    embedder: &dyn Embedder,
    cache: Option<&SignalCache>,
    budget: Option<Budget>,
    index: OnIndex<'_>,
) -> Result<ChatSignals, SignalError> {
    let questions = super::block_on(ChatQuestions::read(db, index))?;
    Ok(embed_questions(questions, embedder, cache, budget)?)
}

/// Embeds the stored questions `cache` does not hold yet (the server, when it starts, so
/// that its first report does not embed the whole backlog). Blocks on the database and the
/// model: call it from a blocking thread.
pub fn warm_backlog(
    db: &Db,
    embedder: &dyn Embedder,
    cache: &SignalCache,
    index: OnIndex<'_>,
) -> Result<usize, SignalError> {
    let questions = super::block_on(ChatQuestions::read(db, index))?;
    cache.warm(embedder, &questions.texts())?;
    Ok(questions.len())
}

/// Embeddings of chat questions already embedded, by text (the questions stay in the database
/// and are re-read each report; only new ones are embedded). Bounded: cleared past
/// [`SignalCache::MAX`] entries. The model runs outside the lock, so a report, the analytics
/// and the questions being stored never wait on each other's embedding.
#[derive(Default)]
pub struct SignalCache(Mutex<HashMap<String, Vec<f32>>>);

impl SignalCache {
    /// Entries kept before the cache starts over (a report reads at most 100,000 questions).
    pub const MAX: usize = 100_000;

    /// Texts embedded in one call of the model.
    pub const BATCH: usize = 32;

    fn known(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<f32>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Vectors for `texts`, embedding those not seen before.
    pub fn vectors(
        &self,
        embedder: &dyn Embedder,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, docent_embed::Error> {
        Ok(self
            .vectors_within(embedder, texts, None)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect())
    }

    /// Vectors for `texts`, embedding those not seen before in the order given, within
    /// `budget` when one is given; `None` for the ones left.
    pub fn vectors_within(
        &self,
        embedder: &dyn Embedder,
        texts: &[&str],
        budget: Option<Budget>,
    ) -> Result<Vec<Option<Vec<f32>>>, docent_embed::Error> {
        self.embed_missing(embedder, texts, budget)?;
        let known = self.known();
        Ok(texts.iter().map(|t| known.get(*t).cloned()).collect())
    }

    /// Embeds whichever of `texts` are not known yet, a batch at a time (the server calls it
    /// for each declined question as it is stored, and for the stored backlog when it starts).
    pub fn warm(&self, embedder: &dyn Embedder, texts: &[&str]) -> Result<(), docent_embed::Error> {
        self.embed_missing(embedder, texts, None)
    }

    /// Embeds the texts of `texts` not known yet, in their order, a batch at a time, within
    /// `budget` when one is given (its time checked between batches).
    fn embed_missing(
        &self,
        embedder: &dyn Embedder,
        texts: &[&str],
        budget: Option<Budget>,
    ) -> Result<(), docent_embed::Error> {
        let missing = self.missing(texts);
        let take = &missing[..missing.len().min(budget.map_or(usize::MAX, |b| b.texts))];
        let started = std::time::Instant::now();
        for batch in take.chunks(Self::BATCH) {
            if budget
                .and_then(|b| b.time)
                .is_some_and(|t| started.elapsed() >= t)
            {
                break;
            }
            self.embed_into(embedder, batch)?;
        }
        Ok(())
    }

    /// Distinct texts of `texts` not known, in their order.
    fn missing<'t>(&self, texts: &[&'t str]) -> Vec<&'t str> {
        let known = self.known();
        let mut seen = std::collections::HashSet::new();
        texts
            .iter()
            .copied()
            .filter(|t| !known.contains_key(*t) && seen.insert(*t))
            .collect()
    }

    /// Embeds `texts` without holding the lock, then keeps their vectors.
    fn embed_into(
        &self,
        embedder: &dyn Embedder,
        texts: &[&str],
    ) -> Result<(), docent_embed::Error> {
        if texts.is_empty() {
            return Ok(());
        }
        let fresh = embedder.embed(texts)?;
        let mut known = self.known();
        if known.len() + texts.len() > Self::MAX {
            known.clear();
        }
        for (t, v) in texts.iter().zip(fresh) {
            known.insert((*t).to_string(), v);
        }
        Ok(())
    }
}

/// Unanswered and not-helpful questions read from the state database, not yet embedded:
/// (id, kind, question, when).
#[derive(Debug, Default)]
pub struct ChatQuestions(Vec<(String, SignalKind, String, String)>);

impl ChatQuestions {
    /// Reads the questions asked on `index` (at most 50,000 of each kind), newest first.
    pub async fn read(db: &Db, index: OnIndex<'_>) -> Result<ChatQuestions, DbError> {
        let mut rows = Vec::new();
        for (i, (q, _, _, at)) in db.unanswered(50_000, index).await?.into_iter().enumerate() {
            rows.push((format!("unanswered-{i}"), SignalKind::Unanswered, q, at));
        }
        for (id, q, at) in db.negative_feedback(50_000, index).await? {
            rows.push((
                format!("feedback-{id}"),
                SignalKind::NegativeFeedback,
                q,
                at,
            ));
        }
        // Newest first across both kinds: a report's budget reads the latest questions.
        rows.sort_by_cached_key(|r| std::cmp::Reverse(DateTime::parse_from_rfc3339(&r.3).ok()));
        Ok(ChatQuestions(rows))
    }

    /// The questions' texts, newest first.
    pub fn texts(&self) -> Vec<&str> {
        self.0.iter().map(|r| r.2.as_str()).collect()
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

/// The chat questions embedded, as gap signals (at most `budget` newly embedded through a
/// cache; a question left without a vector is counted as unread, not reported). Blocks on the
/// model.
fn embed_questions(
    questions: ChatQuestions,
    embedder: &dyn Embedder,
    cache: Option<&SignalCache>,
    budget: Option<Budget>,
) -> Result<ChatSignals, docent_embed::Error> {
    let rows = questions.0;
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let vectors: Vec<Option<Vec<f32>>> = match (texts.is_empty(), cache) {
        (true, _) => Vec::new(),
        (false, Some(c)) => c.vectors_within(embedder, &texts, budget)?,
        (false, None) => embedder.embed(&texts)?.into_iter().map(Some).collect(),
    };
    let mut out = ChatSignals::default();
    for ((id, kind, q, at), vector) in rows.into_iter().zip(vectors) {
        let Some(vector) = vector else {
            out.unread += 1;
            continue;
        };
        out.signals.push(Signal {
            id,
            kind,
            at: DateTime::parse_from_rfc3339(&at).ok(),
            subject: q,
            text: String::new(),
            vector,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    //! Proves, with the real model: a report embeds at most its budget of new questions, the
    //! newest first, counts the rest as unread and says so; questions embedded when they were
    //! stored (or by an earlier report) cost nothing again.
    use std::sync::atomic::{AtomicUsize, Ordering};

    use docent_core::{Answer, Audience, ComposerKind};

    use super::*;

    /// The real model, counting the texts it is given.
    struct Counting {
        model: docent_embed::BertEmbedder,
        texts: AtomicUsize,
    }

    impl Embedder for Counting {
        fn model_id(&self) -> &str {
            self.model.model_id()
        }
        fn dimension(&self) -> usize {
            self.model.dimension()
        }
        fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, docent_embed::Error> {
            self.texts.fetch_add(texts.len(), Ordering::SeqCst);
            self.model.embed(texts)
        }
    }

    fn declined(q: &str) -> Answer {
        Answer {
            question: q.into(),
            resolved_question: q.into(),
            answered: false,
            confidence: 0.1,
            text: String::new(),
            parts: vec![],
            citations: vec![],
            related: vec![],
            actions: vec![],
            composer: ComposerKind::Extractive,
        }
    }

    #[test]
    fn a_report_embeds_at_most_its_budget_of_new_questions() {
        let Some(model) = docent_embed::testing::model() else {
            return;
        };
        let embedder = Counting {
            model,
            texts: AtomicUsize::new(0),
        };
        let dir = tempfile::tempdir().unwrap();
        let db = Db::sqlite(&dir.path().join("state.sqlite")).unwrap();
        super::super::block_on(async {
            db.create_conversation("c", Audience::Public, "default")
                .await
                .unwrap();
            for i in 0..7 {
                db.record_turn(
                    "c",
                    Audience::Public,
                    &declined(&format!("question {i}")),
                    1.0,
                )
                .await
                .unwrap();
                // Stored a second apart: "newest" is well defined.
                std::thread::sleep(std::time::Duration::from_millis(1100));
            }
        });
        let cache = SignalCache::default();
        // Two questions were embedded as they were stored.
        cache
            .warm(&embedder, &["question 1", "question 6"])
            .unwrap();
        assert_eq!(embedder.texts.load(Ordering::SeqCst), 2);

        let three = Budget {
            texts: 3,
            time: None,
        };
        let first = chat_signals(&db, &embedder, Some(&cache), Some(three), OnIndex::Any).unwrap();
        // Three new ones read (the newest: 5, 4, 3), the two already known reused, two unread.
        assert_eq!(embedder.texts.load(Ordering::SeqCst), 5);
        let read: Vec<&str> = first.signals.iter().map(|s| s.subject.as_str()).collect();
        assert_eq!(
            read,
            [
                "question 6",
                "question 5",
                "question 4",
                "question 3",
                "question 1"
            ]
        );
        assert!(first.signals.iter().all(|s| s.vector.len() == 384));
        assert_eq!(first.unread, 2);
        let note = first.note().unwrap();
        assert!(note.starts_with("2 chat questions not read"), "{note}");

        // The next report reads the rest; the one after embeds nothing.
        let second = chat_signals(&db, &embedder, Some(&cache), Some(three), OnIndex::Any).unwrap();
        assert_eq!((second.signals.len(), second.unread), (7, 0));
        assert_eq!(second.note(), None);
        assert_eq!(embedder.texts.load(Ordering::SeqCst), 7);
        chat_signals(&db, &embedder, Some(&cache), Some(three), OnIndex::Any).unwrap();
        assert_eq!(embedder.texts.load(Ordering::SeqCst), 7);

        // Out of time before the first batch: nothing embedded, everything unread.
        let spent = Budget {
            texts: 100,
            time: Some(std::time::Duration::ZERO),
        };
        let late = chat_signals(
            &db,
            &embedder,
            Some(&SignalCache::default()),
            Some(spent),
            OnIndex::Any,
        )
        .unwrap();
        assert_eq!((late.signals.len(), late.unread), (0, 7));
        assert_eq!(embedder.texts.load(Ordering::SeqCst), 7);

        // The backlog warmed at a server's start embeds only what its cache lacks.
        let fresh = SignalCache::default();
        fresh.warm(&embedder, &["question 0"]).unwrap();
        assert_eq!(
            warm_backlog(&db, &embedder, &fresh, OnIndex::Any).unwrap(),
            7
        );
        assert_eq!(embedder.texts.load(Ordering::SeqCst), 7 + 1 + 6);
    }
}
