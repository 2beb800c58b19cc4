//! `GET /v1/gaps`: the knowledge-gap report over the index's tickets and the tutor's
//! unanswered and not-helpful questions (keys with the `lead` scope).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use docent_core::KeyScope;
use docent_gaps::{render, Options, Period};
use docent_state::db::signals::{chat_signals, SignalError, REPORT_EMBED_BUDGET};
use serde::Deserialize;

use crate::auth::authorize;
use crate::error::ApiError;
use crate::AppState;

/// Why a report could not be made.
enum ReportError {
    /// No tickets in the index.
    NoSignals,
    /// `as_of`/`period` would make unbounded work.
    Range(String),
    /// The chat questions could not be read or embedded.
    Signals(SignalError),
    /// The index failed: the tickets' vectors could not be read, or a search of the report
    /// (the closest doc, coverage) failed.
    Index(docent_index::Error),
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

/// The `period` parameter of a report (default: week).
pub(crate) fn period_param(p: Option<&str>) -> Result<Period, ApiError> {
    p.unwrap_or("week")
        .parse()
        .map_err(|m| ApiError::bad_request("bad_period", m))
}

/// Refuses (400 `bad_range`) a date outside the years 1900-9999: the date arithmetic of a
/// report (a period's start, a window back from it) would overflow near chrono's limits, and
/// no help desk's data lies outside them.
pub(crate) fn check_dates(dates: &[(&str, Option<NaiveDate>)]) -> Result<(), ApiError> {
    use chrono::Datelike;
    for (name, d) in dates {
        if let Some(d) = d.filter(|d| !docent_core::YEARS.contains(&d.year())) {
            return Err(ApiError::bad_request(
                "bad_range",
                format!("{name} {d} is outside the years 1900-9999"),
            ));
        }
    }
    Ok(())
}

/// `GET /v1/gaps?format=json|markdown|csv|html&period=week|day&as_of=YYYY-MM-DD&top=N`.
pub async fn get_report(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    params: Result<Query<GapParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Lead).await?;
    let Query(p) = params.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    st.report_limit
        .check(&key.id)
        .map_err(|w| crate::limits::limited(&st, "the report limit", w))?;
    check_dates(&[("as_of", p.as_of)])?;
    let period = period_param(p.period.as_deref())?;
    let format: render::Format = p
        .format
        .as_deref()
        .unwrap_or("json")
        .parse()
        .map_err(|m| ApiError::bad_request("bad_format", m))?;
    let opts = Options {
        period,
        as_of: p.as_of,
        top: p.top.unwrap_or(10).clamp(1, 100),
        dismissed: docent_state::dismiss::load(&st.db, st.on_index()).await?,
        ..Options::default()
    };
    let st2 = st.clone();
    let report = tokio::task::spawn_blocking(move || {
        let index = st2.index();
        let mut signals = docent_gaps::ticket_signals(&index).map_err(ReportError::Index)?;
        if signals.is_empty() {
            return Err(ReportError::NoSignals);
        }
        // What the last ingest skipped (bad rows, unreadable files) counts in data quality.
        let mut notes = docent_gaps::stored_problems(&index);
        if let Some(e) = &st2.embedder {
            let chat = chat_signals(
                &st2.db,
                e.as_ref(),
                Some(st2.chat_signals.as_ref()),
                Some(REPORT_EMBED_BUDGET),
                st2.on_index(),
            )
            .map_err(ReportError::Signals)?;
            notes.extend(chat.note());
            signals.extend(chat.signals);
        }
        notes.extend(docent_gaps::keep_recent(&mut signals, &opts));
        docent_gaps::check_range(&signals, &opts).map_err(ReportError::Range)?;
        let weights = st2.tutor.weights(&index);
        docent_gaps::report(&index, &weights, &signals, &opts, notes).map_err(ReportError::Index)
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
        ReportError::Signals(e) => e.into(),
        ReportError::Index(e) => e.into(),
    })?;
    let body = format.render(&report, false).map_err(ApiError::internal)?;
    Ok(([(header::CONTENT_TYPE, format.content_type())], body).into_response())
}
