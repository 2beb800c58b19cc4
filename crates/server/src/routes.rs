//! The JSON API handlers.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use docent_core::KeyScope;
use docent_core::{Answer, Audience, SearchMode};
use docent_index::{Filter, SearchOptions};
use docent_tutor::Question;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_stream::wrappers::ReceiverStream;

use crate::auth::authorize;
use crate::error::ApiError;
use crate::AppState;

type St = State<Arc<AppState>>;

/// `POST /v1/ask` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskBody {
    question: String,
    #[serde(default)]
    conversation_id: Option<String>,
    #[serde(default)]
    product: Option<String>,
}

/// `POST /v1/ask` reply.
#[derive(Debug, Serialize)]
pub struct AskReply {
    conversation_id: String,
    turn_id: i64,
    #[serde(flatten)]
    answer: Answer,
    latency_ms: f64,
}

use crate::ids::new_id;

/// Counts a request against its client's limit (the address through trusted proxies).
pub(crate) fn client_limit(
    st: &AppState,
    addr: SocketAddr,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    st.client_limit
        .check(&st.client_bucket(addr, headers))
        .map_err(|w| crate::limits::limited(st, "the per-client limit", w))
}

/// A permit to answer one question now (`[server] max_concurrent_asks`), or 503 with
/// `Retry-After`: a question that would wait behind a full pool is better asked again.
fn ask_permit(st: &AppState) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, ApiError> {
    let Some(pool) = &st.ask_permits else {
        return Ok(None);
    };
    match pool.clone().try_acquire_owned() {
        Ok(p) => Ok(Some(p)),
        Err(_) => {
            let mut e = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "Every answering thread is busy. Please try again in a second.",
            );
            e.retry_after = Some(1);
            Err(e)
        }
    }
}

/// How many characters of a conversation's earlier questions a follow-up may lean on, in
/// multiples of `max_question_chars`: a joined question never grows turn after turn.
const RESOLVED_CHARS_FACTOR: usize = 2;

/// The last `n` characters of `s` (joined questions end with the newest words).
fn tail_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ if n == 0 => "",
        _ => s,
    }
}

/// Constant-time comparison of two conversation ids (one is a bearer token).
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A conversation an ask continues, or a new one: stored with its first turn, so that an ask
/// that fails leaves no empty conversation behind.
struct Conversation {
    id: String,
    history: Vec<String>,
    new: bool,
}

/// Checks the question and finds the conversation, or names a new one.
async fn conversation(
    st: &AppState,
    body: &AskBody,
    audience: Audience,
) -> Result<Conversation, ApiError> {
    let q = body.question.trim();
    // Invisible characters alone ("\u{200b}", "\u{feff}", NUL) are dropped before the question
    // is stored, which left an empty question among the unanswered ones (ninth probe).
    if docent_core::without_invisible_controls(q).trim().is_empty() {
        return Err(ApiError::bad_request("empty_question", "question is empty"));
    }
    let max = st.config.server.max_question_chars;
    if q.chars().count() > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "question_too_long",
            format!("question is longer than {max} characters; shorten it"),
        ));
    }
    match &body.conversation_id {
        Some(id) => match st.own_conversation(id).await? {
            Some(a) if a == audience => {
                let cap = max * RESOLVED_CHARS_FACTOR;
                let history = st
                    .db
                    .history(id, 3)
                    .await
                    ?
                    .into_iter()
                    .map(|h| tail_chars(&h, cap).to_string())
                    .collect();
                Ok(Conversation {
                    id: id.clone(),
                    history,
                    new: false,
                })
            }
            _ => Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_conversation",
                format!("conversation {id} does not exist for this key; omit conversation_id to start one"),
            )),
        },
        None => Ok(Conversation {
            id: new_id(),
            history: Vec::new(),
            new: true,
        }),
    }
}

/// Refuses a `product` no document the key may read belongs to, naming those it may ask
/// about: an unknown one was declined at confidence 0, counted as unanswered in analytics and
/// the gap report, and nothing said why (an outside review).
fn known_product(
    st: &AppState,
    product: &str,
    audience: docent_core::Audience,
) -> Result<(), ApiError> {
    let index = st.index();
    let mut known: Vec<&str> = index
        .chunks()
        .iter()
        .filter(|c| c.kind == docent_core::DocKind::Doc && c.audience <= audience)
        .filter_map(|c| c.product.as_deref())
        .collect();
    if known.contains(&product) {
        return Ok(());
    }
    known.sort_unstable();
    known.dedup();
    let listed = if known.is_empty() {
        "the documentation names no products: leave product out".to_string()
    } else {
        let shown: Vec<String> = known.iter().take(20).map(|p| format!("{p:?}")).collect();
        format!(
            "use one of {}{}",
            shown.join(", "),
            if known.len() > 20 { ", ..." } else { "" }
        )
    };
    Err(ApiError::bad_request(
        "bad_product",
        format!(
            "product {:?}: no document is about it; {listed}",
            docent_core::terminal_safe(product)
        ),
    ))
}

/// `POST /v1/ask`.
pub async fn ask(
    State(st): St,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    request_id: Option<axum::Extension<crate::RequestId>>,
    headers: HeaderMap,
    body: Result<Json<AskBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Ask).await?;
    client_limit(&st, addr, &headers)?;
    let Json(body) = body.map_err(ApiError::json_body)?;
    if let Some(product) = body.product.as_deref() {
        known_product(&st, product, key.audience)?;
    }
    let Conversation {
        id: conv,
        history,
        new,
    } = conversation(&st, &body, key.audience).await?;
    st.session_limit
        .check(&conv)
        .map_err(|w| crate::limits::limited(&st, "the per-conversation limit", w))?;
    let permit = ask_permit(&st)?;
    let resolved_cap = st.config.server.max_question_chars * RESOLVED_CHARS_FACTOR;
    let streaming = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/event-stream"));
    let started = Instant::now();
    let st2 = st.clone();
    let conv2 = conv.clone();
    // The tutor blocks (model and index): it runs on the blocking pool; the turn is stored
    // after it, from the async side.
    let compose = move |sink: &mut dyn FnMut(&docent_core::AnswerPart, &docent_core::Citation)| {
        let _permit = permit;
        let index = st2.index();
        let q = Question {
            text: body.question.trim(),
            audience: key.audience,
            history: &history,
            product: body.product.as_deref(),
            conversation: Some(&conv2),
        };
        let answer = st2.tutor.ask(&index, &q, sink)?;
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        // Customers type emails, phone numbers and card numbers into chat: none is stored.
        let stored = Answer {
            question: for_storage(&answer.question),
            resolved_question: tail_chars(&for_storage(&answer.resolved_question), resolved_cap)
                .to_string(),
            // A model's reply may hold what PostgreSQL refuses (a NUL) or a terminal obeys.
            text: docent_core::without_invisible_controls(&answer.text),
            ..answer.clone()
        };
        Ok::<Composed, ApiError>(Composed {
            answer,
            stored,
            latency_ms,
        })
    };
    let audience = key.audience;
    if !streaming {
        let composed = tokio::task::spawn_blocking(move || compose(&mut |_, _| {}))
            .await
            .map_err(ApiError::internal)??;
        let reply = record(&st, conv, new, audience, composed).await?;
        return Ok(Json(reply).into_response());
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Event, Infallible>>(64);
    tokio::spawn(async move {
        let parts = tx.clone();
        let composed = tokio::task::spawn_blocking(move || {
            let mut sink = |p: &docent_core::AnswerPart, c: &docent_core::Citation| {
                let part = Event::default()
                    .event("part")
                    .data(json!({"part": p, "citation": c}).to_string());
                let _ = parts.blocking_send(Ok(part));
            };
            compose(&mut sink)
        })
        .await;
        let reply = match composed {
            Ok(Ok(composed)) => record(&st, conv, new, audience, composed).await,
            Ok(Err(e)) => Err(e),
            Err(e) => Err(ApiError::internal(e)),
        };
        let last = match reply {
            Ok(reply) => Event::default()
                .event("done")
                .data(serde_json::to_string(&reply).unwrap_or_default()),
            Err(e) => {
                // The request's access-log line went out with the stream's 200: this line
                // ties its request id to the failure's incident (an outside re-check).
                crate::log::event(
                    crate::log::Level::Error,
                    "streamed answer failed",
                    json!({
                        "request_id": request_id.map(|r| r.0 .0),
                        "code": e.code,
                        "incident": e.incident,
                    }),
                );
                Event::default()
                    .event("error")
                    .data(json!({"error": {"code": e.code, "message": e.message}}).to_string())
            }
        };
        let _ = tx.send(Ok(last)).await;
    });
    Ok(Sse::new(ReceiverStream::new(rx))
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// What a customer wrote, as it is stored and later shown to leads: personal data replaced
/// by placeholders ([`docent_ingest::redact`]) and invisible bidi overrides and zero-width
/// spaces dropped ([`docent_core::without_invisible_controls`]), which would reorder or
/// disguise the line on a lead's page.
fn for_storage(text: &str) -> String {
    docent_ingest::redact(&docent_core::without_invisible_controls(text))
}

/// An answer as the tutor gave it and as it is stored (redacted), with its latency.
struct Composed {
    answer: Answer,
    stored: Answer,
    latency_ms: f64,
}

/// Stores the turn (with its conversation when `new`) and counts it; the reply.
async fn record(
    st: &AppState,
    conv: String,
    new: bool,
    audience: Audience,
    c: Composed,
) -> Result<AskReply, ApiError> {
    let turn_id = if new {
        st.db
            .start_with_turn(&conv, st.index_name(), audience, &c.stored, c.latency_ms)
            .await?
    } else {
        st.db
            .record_turn(&conv, audience, &c.stored, c.latency_ms)
            .await?
    };
    st.metrics.ask(c.latency_ms / 1000.0, c.answer.answered);
    if !c.stored.answered {
        warm_signal(st, c.stored.question.clone());
    }
    Ok(AskReply {
        conversation_id: conv,
        turn_id,
        answer: c.answer,
        latency_ms: c.latency_ms,
    })
}

/// Embeds a declined question for the gap report in the background, as it is stored: the
/// report then finds it ready instead of embedding every question since the last one. At most
/// [`WARMING_AT_ONCE`] at a time: under a flood of declined questions the rest wait for the
/// report's budget, instead of filling the blocking pool the asks share.
fn warm_signal(st: &AppState, question: String) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static WARMING: AtomicUsize = AtomicUsize::new(0);
    let Some(embedder) = st.embedder.clone() else {
        return;
    };
    if WARMING.fetch_add(1, Ordering::SeqCst) >= WARMING_AT_ONCE {
        WARMING.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let cache = st.chat_signals.clone();
    /// Gives the slot back however the warming ends.
    struct Slot;
    impl Drop for Slot {
        fn drop(&mut self) {
            WARMING.fetch_sub(1, Ordering::SeqCst);
        }
    }
    tokio::task::spawn_blocking(move || {
        let _slot = Slot;
        if let Err(e) = cache.warm(embedder.as_ref(), &[question.as_str()]) {
            crate::log::event(
                crate::log::Level::Warn,
                "declined question not embedded for the gap report",
                serde_json::json!({"error": e.to_string()}),
            );
        }
    });
}

/// Declined questions embedded for the gap report at once, at most ([`warm_signal`]).
const WARMING_AT_ONCE: usize = 2;

/// `POST /v1/feedback` body: the turn, and the conversation it belongs to (the conversation id
/// is the widget's proof that the turn is its own).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    turn_id: i64,
    conversation_id: String,
    helpful: bool,
    #[serde(default)]
    comment: Option<String>,
}

/// `POST /v1/feedback`.
pub async fn feedback(
    State(st): St,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<FeedbackBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Feedback).await?;
    client_limit(&st, addr, &headers)?;
    let Json(body) = body.map_err(ApiError::json_body)?;
    let comment = body
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > 2000) {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "comment_too_long",
            "comment is longer than 2000 characters",
        ));
    }
    let conv = st.db.turn_conversation(body.turn_id).await?;
    let owned = match &conv {
        Some(c) => {
            same_token(c, &body.conversation_id)
                && st.own_conversation(c).await? == Some(key.audience)
        }
        None => false,
    };
    if !owned {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_turn",
            format!("turn {} does not exist for this key", body.turn_id),
        ));
    }
    let comment = comment.map(for_storage);
    let id = st
        .db
        .record_feedback(body.turn_id, body.helpful, comment.as_deref())
        .await?;
    st.metrics.feedback(body.helpful);
    Ok((StatusCode::CREATED, Json(json!({"feedback_id": id}))).into_response())
}

/// `POST /v1/handoff` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffBody {
    conversation_id: String,
}

/// `POST /v1/handoff`: the transcript and sources for a person, and where to reach one.
pub async fn handoff(
    State(st): St,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<HandoffBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Ask).await?;
    client_limit(&st, addr, &headers)?;
    let Json(body) = body.map_err(ApiError::json_body)?;
    if st.own_conversation(&body.conversation_id).await? != Some(key.audience) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_conversation",
            format!(
                "conversation {} does not exist for this key",
                body.conversation_id
            ),
        ));
    }
    st.handoff_limit
        .check(&body.conversation_id)
        .map_err(|w| crate::limits::limited(&st, "the hand-off limit", w))?;
    let transcript = st.db.transcript(&body.conversation_id).await?;
    let mut sources: Vec<serde_json::Value> = Vec::new();
    for t in &transcript {
        for c in &t.citations {
            if !sources.iter().any(|s| s["chunk_id"] == c.chunk_id.as_str()) {
                sources.push(json!({"chunk_id": c.chunk_id, "doc_id": c.doc_id, "title": c.title, "link": c.link}));
            }
        }
    }
    let id = st.db.record_handoff(&body.conversation_id).await?;
    let url = st
        .config
        .tutor
        .handoff_url
        .replace("{conversation}", &body.conversation_id);
    Ok(Json(json!({
        "handoff_id": id,
        "conversation_id": body.conversation_id,
        "url": url,
        "label": st.config.tutor.handoff_label,
        "transcript": transcript,
        "sources": sources,
    }))
    .into_response())
}

/// Results one `/v1/search` may ask for.
pub const MAX_SEARCH_K: usize = 50;

/// `GET /v1/search` parameters.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: String,
    /// Read as text, so that `k=-1` or `k=1.5` is refused as a bad `k`, not a bad query.
    #[serde(default)]
    k: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    key: Option<String>,
}

/// `GET /v1/search`.
pub async fn search(
    State(st): St,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    if p.key.is_some() {
        // A key in a URL lands in proxy and server logs, browser history and `Referer`
        // headers; it is refused rather than read (an outside probe found it read).
        return Err(ApiError::bad_request(
            "key_in_url",
            "a key is never read from the URL (it would land in logs and browser history): send it in the X-Docent-Key header, and rotate the key you sent",
        ));
    }
    let key = authorize(&st, &headers, KeyScope::Search).await?;
    client_limit(&st, addr, &headers)?;
    if docent_core::without_invisible_controls(&p.q)
        .trim()
        .is_empty()
    {
        return Err(ApiError::bad_request(
            "empty_query",
            "q is empty: search for something",
        ));
    }
    let max = st.config.server.max_question_chars;
    if p.q.chars().count() > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "query_too_long",
            format!("q is longer than {max} characters; shorten it"),
        ));
    }
    let mut opts = SearchOptions::from_config(&st.config.search);
    // Out of range is said, not clamped: `k=5000` gave 50 results and `k=0` was accepted
    // (an outside review); the CLI refuses both too.
    if let Some(k) = p.k.as_deref() {
        match k.trim().parse::<usize>() {
            Ok(k) if (1..=MAX_SEARCH_K).contains(&k) => opts.k = k,
            _ => {
                return Err(ApiError::bad_request(
                    "bad_k",
                    format!(
                        "k={}: give a number of results from 1 to {MAX_SEARCH_K}",
                        docent_core::terminal_safe(k)
                    ),
                ))
            }
        }
    }
    opts.k = opts.k.clamp(1, MAX_SEARCH_K);
    opts.mode = match p.mode.as_deref() {
        None => SearchMode::Hybrid,
        Some(m) => m
            .parse()
            .map_err(|e| ApiError::bad_request("bad_mode", e))?,
    };
    opts.filter = Filter {
        audience: key.audience,
        ..Filter::default()
    };
    // A search embeds its query as a question does: the same pool bounds both (the code
    // review of the tenth probe's fixes: hundreds of searches at once, each waiting on an
    // embeddings endpoint, held hundreds of blocking threads and their replies).
    // BM25's term weights count every document of the index, internal pages and tickets too,
    // so its raw score told a customer key whether an internal page used a word (ninth
    // probe): below internal, a BM25 result's score is its reciprocal rank.
    let by_rank = key.audience < Audience::Internal && opts.mode == SearchMode::Bm25;
    let _permit = ask_permit(&st)?;
    let st2 = st.clone();
    let hits = tokio::task::spawn_blocking(move || st2.index().search(&p.q, &opts))
        .await
        .map_err(ApiError::internal)??;
    let results: Vec<_> = hits
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let score = if by_rank {
                1.0 / (i + 1) as f32
            } else {
                h.score
            };
            json!({"chunk_id": h.chunk.id, "doc_id": h.chunk.doc_id, "title": h.chunk.title,
                   "heading_path": h.chunk.heading_path, "text": h.chunk.text, "score": score,
                   "audience": h.chunk.audience, "kind": h.chunk.kind})
        })
        .collect();
    Ok(Json(json!({"results": results})).into_response())
}

/// `GET /healthz`.
pub async fn healthz(State(st): St) -> Response {
    let index = st.index();
    // Both at once, each within two seconds: a frozen database held this for the request
    // timeout (an outside re-check). The Qdrant server too, when vectors live there: with it
    // down every ask failed with 503 while this said "ok" (an outside probe).
    let within = std::time::Duration::from_secs(2);
    let st2 = st.clone();
    let (db_ok, backend_ok) = tokio::join!(
        async {
            tokio::time::timeout(within, st.db.version())
                .await
                .is_ok_and(|v| v.is_ok())
        },
        async {
            tokio::time::timeout(
                within,
                tokio::task::spawn_blocking(move || st2.backend().reachable().is_ok()),
            )
            .await
            .is_ok_and(|r| r.unwrap_or(false))
        }
    );
    let (status, said) = match (db_ok, backend_ok) {
        (true, true) => (StatusCode::OK, "ok"),
        (false, true) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
        (true, false) => (StatusCode::SERVICE_UNAVAILABLE, "index backend unavailable"),
        (false, false) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "database and index backend unavailable",
        ),
    };
    let generation = index
        .dir()
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    (
        status,
        Json(json!({
            "status": said,
            "index": generation,
            "model": index.manifest().model_id,
            "composer": st.tutor.composer(),
        })),
    )
        .into_response()
}

/// `GET /metrics`.
pub async fn metrics(State(st): St) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        st.metrics.render(),
    )
        .into_response()
}

/// Any other path.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no route {}; see /openapi.json", uri.path()),
    )
}

/// A known route asked with a method it does not take: the JSON error every other error is.
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} does not take {method}; see /openapi.json", uri.path()),
    )
}

#[cfg(test)]
mod tests {
    use super::tail_chars;

    #[test]
    fn tail_chars_keeps_the_last_characters_on_char_boundaries() {
        assert_eq!(tail_chars("abcdef", 3), "def");
        assert_eq!(tail_chars("ab", 5), "ab");
        assert_eq!(tail_chars("ab", 0), "");
        assert_eq!(tail_chars("😀é😀x", 2), "😀x");
    }
}
