//! `GET /v1/analytics` (keys with the `lead` scope): the tutor's own numbers per day or week
//! as JSON, CSV or HTML. Reading and counting live in [`docent_state::analytics`], which
//! `docent analytics` and the `/lead` page share; this module maps the request to its
//! parameters and its errors to HTTP.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use docent_core::KeyScope;
use docent_state::analytics::{build, index_docs, read, AnalyticsError, Format, Params};
use serde::Deserialize;

use crate::auth::authorize;
use crate::error::ApiError;
use crate::AppState;

/// `GET /v1/analytics` parameters.
#[derive(Debug, Deserialize)]
pub struct AnalyticsParams {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    from: Option<NaiveDate>,
    #[serde(default)]
    to: Option<NaiveDate>,
    #[serde(default)]
    format: Option<String>,
}

/// `GET /v1/analytics?period=week|day&from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv|html`.
pub async fn get_analytics(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    params: Result<Query<AnalyticsParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Lead).await?;
    let Query(q) = params.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    st.report_limit
        .check(&key.id)
        .map_err(|w| crate::limits::limited(&st, "the report limit", w))?;
    crate::gaps::check_dates(&[("from", q.from), ("to", q.to)])?;
    let period = crate::gaps::period_param(q.period.as_deref())?;
    let (format, content_type) = format_param(q.format.as_deref())?;
    let p = Params {
        period,
        from: q.from,
        to: q.to,
        top: 10,
    };
    let rows = read(&st.db, &p, st.on_index()).await.map_err(|e| match e {
        AnalyticsError::Range(m) => ApiError::bad_request("bad_range", m),
        AnalyticsError::Db(e) => ApiError::from(e),
    })?;
    let st2 = st.clone();
    let a = tokio::task::spawn_blocking(move || {
        let docs = index_docs(&st2.index());
        build(
            &rows,
            &docs,
            st2.embedder.as_deref(),
            Some(st2.chat_signals.as_ref()),
            &p,
        )
    })
    .await
    .map_err(ApiError::internal)?;
    let body = format.render(&a, false).map_err(ApiError::internal)?;
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

/// The `format` parameter and its content type: JSON (the default), CSV or HTML; plain text is
/// for the terminal only.
fn format_param(format: Option<&str>) -> Result<(Format, &'static str), ApiError> {
    let format = format.unwrap_or("json");
    match format.parse::<Format>() {
        Ok(f @ Format::Json) => Ok((f, "application/json")),
        Ok(f @ Format::Csv) => Ok((f, "text/csv; charset=utf-8")),
        Ok(f @ Format::Html) => Ok((f, "text/html; charset=utf-8")),
        Ok(Format::Text) | Err(_) => Err(ApiError::bad_request(
            "bad_format",
            format!("format {format:?}: use json, csv or html"),
        )),
    }
}
