//! `GET /v1/gaps`: the knowledge-gap report over the index's tickets and the tutor's
//! unanswered and not-helpful questions (keys with the `lead` scope).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use docent_embed::Embedder;
use docent_gaps::{render, Options, Period, Signal, SignalKind};
use serde::Deserialize;

use crate::auth::authorize;
use crate::db::Db;
use crate::error::ApiError;
use crate::AppState;

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
    ) -> Result<Vec<Vec<f32>>, String> {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !known.contains_key(*t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            let fresh = embedder.embed(&missing).map_err(|e| e.to_string())?;
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
    pub async fn read(db: &Db) -> Result<ChatQuestions, String> {
        let mut rows = Vec::new();
        for (i, (q, _, _, at)) in db
            .unanswered(50_000)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .enumerate()
        {
            rows.push((format!("unanswered-{i}"), SignalKind::Unanswered, q, at));
        }
        for (id, q, at) in db
            .negative_feedback(50_000)
            .await
            .map_err(|e| e.to_string())?
        {
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

/// The chat questions embedded, as gap signals (through `cache` when given: the server keeps
/// one, so a report embeds only questions it has not seen). Blocks on the model.
pub fn chat_signals(
    questions: ChatQuestions,
    embedder: &dyn Embedder,
    cache: Option<&SignalCache>,
) -> Result<Vec<Signal>, String> {
    let rows = questions.0;
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let vectors = match (texts.is_empty(), cache) {
        (true, _) => Vec::new(),
        (false, Some(c)) => c.vectors(embedder, &texts)?,
        (false, None) => embedder.embed(&texts).map_err(|e| e.to_string())?,
    };
    Ok(rows
        .into_iter()
        .zip(vectors)
        .map(|((id, kind, q, at), vector)| Signal {
            id,
            kind,
            at: DateTime::parse_from_rfc3339(&at)
                .ok()
                .map(|d| d.with_timezone(&Utc)),
            subject: q,
            text: String::new(),
            vector,
        })
        .collect())
}

/// Why a report could not be made.
enum ReportError {
    /// No tickets in the index.
    NoSignals,
    /// `as_of`/`period` would make unbounded work.
    Range(String),
    /// Ours.
    Internal(String),
}

/// `GET /v1/gaps` parameters.
#[derive(Debug, Deserialize)]
pub struct GapParams {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    top: Option<usize>,
}

/// `GET /v1/gaps?format=json|markdown|csv|html&period=week|day&as_of=YYYY-MM-DD&top=N`.
pub async fn get_report(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    params: Result<Query<GapParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, None, "lead").await?;
    let Query(p) = params.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    st.report_limit
        .check(&key.id)
        .map_err(|w| crate::routes::limited(&st, "the report limit", w))?;
    let period = match p.period.as_deref() {
        None | Some("week") => Period::Week,
        Some("day") => Period::Day,
        Some(x) => {
            return Err(ApiError::bad_request(
                "bad_period",
                format!("period {x:?}: use week or day"),
            ))
        }
    };
    let format = p.format.unwrap_or_else(|| "json".into());
    if !["json", "markdown", "csv", "html"].contains(&format.as_str()) {
        return Err(ApiError::bad_request(
            "bad_format",
            format!("format {format:?}: use json, markdown, csv or html"),
        ));
    }
    let opts = Options {
        period,
        as_of: p.as_of,
        top: p.top.unwrap_or(10).clamp(1, 100),
        dismissed: crate::dismiss::load(&st.db)
            .await
            .map_err(ApiError::internal)?,
        ..Options::default()
    };
    let questions = match &st.embedder {
        Some(_) => ChatQuestions::read(&st.db)
            .await
            .map_err(ApiError::internal)?,
        None => ChatQuestions::default(),
    };
    let st2 = st.clone();
    let report = tokio::task::spawn_blocking(move || {
        let index = st2.index();
        let mut signals = docent_gaps::ticket_signals(&index);
        if signals.is_empty() {
            return Err(ReportError::NoSignals);
        }
        if let Some(e) = &st2.embedder {
            signals.extend(
                chat_signals(questions, e.as_ref(), Some(&st2.chat_signals))
                    .map_err(ReportError::Internal)?,
            );
        }
        docent_gaps::check_range(&signals, &opts).map_err(ReportError::Range)?;
        let weights = st2.tutor.weights(&index);
        Ok(docent_gaps::report(
            &index,
            &weights,
            &signals,
            &opts,
            Vec::new(),
        ))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| match e {
        ReportError::NoSignals => ApiError::new(
            StatusCode::CONFLICT,
            "no_signals",
            "the index holds no tickets: ingest a ticket export first",
        ),
        ReportError::Range(m) => ApiError::bad_request("bad_range", m),
        ReportError::Internal(m) => ApiError::internal(m),
    })?;
    let (ct, body) = match format.as_str() {
        "markdown" => ("text/markdown; charset=utf-8", render::markdown(&report)),
        "csv" => ("text/csv; charset=utf-8", render::csv(&report)),
        "html" => ("text/html; charset=utf-8", render::html(&report)),
        _ => (
            "application/json",
            serde_json::to_string(&report).map_err(ApiError::internal)?,
        ),
    };
    Ok(([(header::CONTENT_TYPE, ct)], body).into_response())
}
