//! `GET /v1/gaps`: the knowledge-gap report over the index's tickets and the tutor's
//! unanswered and not-helpful questions (keys with the `lead` scope).

use std::sync::Arc;

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

/// Unanswered and not-helpful questions from the database, embedded, as gap signals.
pub fn chat_signals(db: &Db, embedder: &dyn Embedder) -> Result<Vec<Signal>, String> {
    let mut rows: Vec<(String, SignalKind, String, String)> = Vec::new();
    for (i, (q, _, _, at)) in db
        .unanswered(50_000)
        .map_err(|e| e.to_string())?
        .into_iter()
        .enumerate()
    {
        rows.push((format!("unanswered-{i}"), SignalKind::Unanswered, q, at));
    }
    for (id, q, at) in db.negative_feedback(50_000).map_err(|e| e.to_string())? {
        rows.push((
            format!("feedback-{id}"),
            SignalKind::NegativeFeedback,
            q,
            at,
        ));
    }
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let vectors = if texts.is_empty() {
        Vec::new()
    } else {
        embedder.embed(&texts).map_err(|e| e.to_string())?
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
    authorize(&st, &headers, None, "lead")?;
    let Query(p) = params.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
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
        ..Options::default()
    };
    let st2 = st.clone();
    let report = tokio::task::spawn_blocking(move || {
        let index = st2.index();
        let mut signals = docent_gaps::ticket_signals(&index);
        if let Some(e) = &st2.embedder {
            signals.extend(chat_signals(&st2.db, e.as_ref())?);
        }
        if signals.is_empty() {
            return Err("the index holds no tickets: ingest a ticket export first".to_string());
        }
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
    .map_err(|m| ApiError::new(StatusCode::CONFLICT, "no_signals", m))?;
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
