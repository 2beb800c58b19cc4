//! The author workflow: draft quizzes made from a scope, listed, edited, approved or rejected
//! item by item, and exported. Every route needs a key with the `author` scope.
//!
//! A quiz is as confidential as its most confidential source: it is stored with the strictest
//! audience of the chunks its items come from (as they are now: a source made stricter
//! since the draft counts), and a key sees (lists, reads, exports) only the quizzes its own
//! audience covers; any other id answers 404, as if it did not exist. Editing
//! is for the key that made the quiz, or an admin. An edit that leaves an item unusable (no
//! key, an empty option, a key naming no option...) is refused with 422 and the item stays as
//! it was.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use docent_core::Audience;
use docent_core::KeyScope;
use docent_quiz::export::{render, Format};
use docent_quiz::{ItemKind, Options, Scope, Status};
use docent_state::keys::Principal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::authorize;
use crate::error::ApiError;
use crate::AppState;

type St = State<Arc<AppState>>;

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_quiz",
        format!("no quiz {id}; GET /v1/quizzes lists them"),
    )
}

/// `POST /v1/quizzes` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewQuiz {
    scope: String,
    #[serde(default)]
    count: Option<usize>,
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    audience: Option<Audience>,
    #[serde(default)]
    title: Option<String>,
    /// `rules` (default) or `llm`.
    #[serde(default)]
    generator: Option<String>,
}

/// `POST /v1/quizzes`: generate a draft.
pub async fn create(
    State(st): St,
    headers: HeaderMap,
    body: Result<Json<NewQuiz>, JsonRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Author).await?;
    st.quiz_limit
        .check(&key.id)
        .map_err(|w| crate::limits::limited(&st, "the quiz draft limit", w))?;
    let Json(body) = body.map_err(ApiError::json_body)?;
    // The scope is shown to other authors and heads the exports (and the default title is
    // made from it): no bidi override, zero-width space or escape survives in it, and one made
    // only of them is empty.
    let scope_text = docent_core::without_invisible_controls(&body.scope);
    if scope_text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "empty_scope",
            "scope is empty: give a query, docs:ID,ID or heading:Text",
        ));
    }
    let count = body.count.unwrap_or(10);
    if !(1..=100).contains(&count) {
        return Err(ApiError::bad_request(
            "bad_count",
            "count must be between 1 and 100",
        ));
    }
    let mut kinds = Vec::new();
    for k in &body.kinds {
        kinds.push(ItemKind::parse(k).ok_or_else(|| {
            ApiError::bad_request(
                "bad_kind",
                format!("kind {k:?}: use multiple_choice, multiple_select, true_false, cloze, ordering or short_answer"),
            )
        })?);
    }
    // Unsaid, customer's docs, or fewer when the key reads fewer (a public author key's
    // page sends no audience).
    let audience = body
        .audience
        .unwrap_or(Audience::Customer.min(key.audience));
    if audience > key.audience {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "audience",
            "this key may not build quizzes above its own audience",
        ));
    }
    let opts_audience = audience;
    // A key learns of documents above the quiz's readers only within its own audience.
    let opts = Options {
        count,
        kinds,
        audience,
        reach: Some(key.audience),
        title: body
            .title
            .as_deref()
            .map(docent_core::without_invisible_controls),
        ..Options::default()
    };
    let st2 = st.clone();
    let scope = Scope::parse(&scope_text);
    let llm = match body.generator.as_deref() {
        None | Some("rules") => None,
        Some("llm") => Some(
            docent_tutor::generative::LlmClient::from_config(&st.config.llm).map_err(|e| {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "llm_unavailable",
                    e.to_string(),
                )
            })?,
        ),
        Some(g) => {
            return Err(ApiError::bad_request(
                "bad_generator",
                format!("generator {g:?}: use rules or llm"),
            ))
        }
    };
    let prompt = st.config.llm.quiz_prompt.clone();
    let mut quiz = tokio::task::spawn_blocking(move || match &llm {
        Some(client) => {
            docent_quiz::generate_with_llm(&st2.index(), &scope, &opts, client, &prompt)
        }
        None => docent_quiz::generate(&st2.index(), &scope, &opts),
    })
    .await
    .map_err(ApiError::internal)??;
    quiz.id = format!("quiz-{}", &crate::ids::new_id()[..12]);
    // Stamped with the readers it was drafted for, or stricter where a source is: its wrong
    // answers come from any document those readers may read, not only from its sources (a
    // quiz for internal readers on a public page can offer an internal page's menu path), so
    // no key below them may see it.
    let stamped = strictest_source(&st, &quiz).map_or(opts_audience, |s| s.max(opts_audience));
    st.db.save_quiz(&quiz, stamped, &key.id).await?;
    // A quiz short of the count says why, as `docent quiz` does.
    let note = quiz.shortfall(count);
    Ok((StatusCode::CREATED, Json(Drafted { quiz: &quiz, note })).into_response())
}

/// A drafted quiz as `POST /v1/quizzes` returns it: the quiz, and why it holds fewer items
/// than asked when it does ([`docent_quiz::Quiz::shortfall`]).
#[derive(Serialize)]
struct Drafted<'a> {
    #[serde(flatten)]
    quiz: &'a docent_quiz::Quiz,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// The strictest audience among the chunks `quiz`'s items come from, as the index holds them
/// now (`None` without items). A chunk no longer there (its page was edited or shortened)
/// counts as its page's first chunk does; a page no longer there cannot be checked, so it
/// counts as internal.
fn strictest_source(st: &AppState, quiz: &docent_quiz::Quiz) -> Option<Audience> {
    let index = st.index();
    let audience = |id: &str| {
        index
            .row(id)
            .and_then(|r| index.chunks().get(r))
            .map(|c| c.audience)
    };
    quiz.items
        .iter()
        .map(|it| {
            audience(&it.source.chunk_id)
                .or_else(|| audience(&format!("{}#0", it.source.doc_id)))
                .unwrap_or(Audience::Internal)
        })
        .max()
}

/// Whether `key` may see `quiz` by its sources as they are now (an internal key sees all).
fn sources_visible(st: &AppState, key: &Principal, quiz: &docent_quiz::Quiz) -> bool {
    key.audience == Audience::Internal
        || strictest_source(st, quiz).is_none_or(|a| a <= key.audience)
}

/// `GET /v1/quizzes`: the quizzes this key's audience covers.
pub async fn list(State(st): St, headers: HeaderMap) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Author).await?;
    let mut quizzes = st.db.quizzes(key.audience).await?;
    // A source made stricter since the draft takes its quiz out of sight too.
    if key.audience != Audience::Internal {
        let mut seen = Vec::with_capacity(quizzes.len());
        for q in quizzes.drain(..) {
            if let Some(quiz) = st.db.quiz(&q.id).await? {
                if sources_visible(&st, &key, &quiz) {
                    seen.push(q);
                }
            }
        }
        quizzes = seen;
    }
    Ok(Json(json!({"quizzes": quizzes})).into_response())
}

/// What a key may do with a quiz it can see.
enum Access {
    Read,
    Edit,
}

/// Quiz `id` when `key` may see it (404 otherwise, as for a quiz that does not exist) and, for
/// `Access::Edit`, when it made the quiz or is an admin (403); its items whose source changed
/// are marked stale. The quiz is read once, for the check and for the caller.
async fn open_quiz(
    st: &AppState,
    key: &Principal,
    id: &str,
    want: Access,
) -> Result<docent_quiz::Quiz, ApiError> {
    let (audience, owner) = st.db.quiz_access(id).await?.ok_or_else(|| not_found(id))?;
    if audience > key.audience {
        return Err(not_found(id));
    }
    let mut quiz = st.db.quiz(id).await?.ok_or_else(|| not_found(id))?;
    // The audience stamped at drafting, or stricter: a source doc made internal since (a page
    // published by mistake, then pulled back) takes the quiz out of sight of the keys below.
    if !sources_visible(st, key, &quiz) {
        return Err(not_found(id));
    }
    if matches!(want, Access::Edit)
        && !key.may(KeyScope::Admin)
        && !owned_by(st, owner.as_deref(), &key.id).await?
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "not_owner",
            format!(
                "quiz {id} was drafted with another key: only that key or an admin may edit it"
            ),
        ));
    }
    docent_quiz::mark_stale(&mut quiz, &st.index());
    Ok(quiz)
}

/// Whether the key `key` owns a quiz drafted by `owner`: it is that key, or a key that
/// replaced it through rotations (`replaced_by`, followed up to 64 steps), so an author who
/// rotates a key keeps the quizzes drafted with either secret, the old one during its grace
/// period too.
async fn owned_by(st: &AppState, owner: Option<&str>, key: &str) -> Result<bool, ApiError> {
    let Some(mut at) = owner.map(str::to_string) else {
        return Ok(false);
    };
    for _ in 0..64 {
        if at == key {
            return Ok(true);
        }
        match st.db.key(&at).await? {
            Some(k) => match k.replaced_by {
                Some(next) => at = next,
                None => return Ok(false),
            },
            None => return Ok(false),
        }
    }
    Ok(false)
}

/// `GET /v1/quizzes/{id}`: the quiz, with items whose source changed marked stale.
pub async fn get_one(
    State(st): St,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Author).await?;
    let Path(id) = id.map_err(ApiError::path)?;
    Ok(Json(open_quiz(&st, &key, &id, Access::Read).await?).into_response())
}

/// `PATCH /v1/quizzes/{id}/items/{item}` body: any of the fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemEdit {
    #[serde(default)]
    stem: Option<String>,
    #[serde(default)]
    options: Option<Vec<String>>,
    #[serde(default)]
    key: Option<Vec<usize>>,
    #[serde(default)]
    answers: Option<Vec<String>>,
    #[serde(default)]
    explanation: Option<String>,
    #[serde(default)]
    status: Option<Status>,
}

/// `PATCH /v1/quizzes/{id}/items/{item}`: edit, approve or reject an item. Edits are checked
/// against the source again; the result comes back as `validation` ("ok" or the reason).
pub async fn edit_item(
    State(st): St,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<ItemEdit>, JsonRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Author).await?;
    let Path((id, item_id)) = path.map_err(ApiError::path)?;
    let Json(edit) = body.map_err(ApiError::json_body)?;
    let quiz = open_quiz(&st, &key, &id, Access::Edit).await?;
    let mut item = quiz
        .items
        .iter()
        .find(|i| i.id == item_id)
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_item",
                format!("quiz {id} has no item {item_id}"),
            )
        })?;
    // What an author writes is shown to other authors and exported: without the controls
    // that reorder or rewrite text ([`docent_core::without_invisible_controls`]).
    let clean = |s: &str| docent_core::without_invisible_controls(s);
    if let Some(s) = edit.stem {
        item.stem = clean(&s);
    }
    if let Some(o) = edit.options {
        item.options = o.iter().map(|o| clean(o)).collect();
    }
    if let Some(k) = edit.key {
        item.key = k;
    }
    if let Some(a) = edit.answers {
        item.answers = a.iter().map(|a| clean(a)).collect();
    }
    if let Some(e) = edit.explanation {
        item.explanation = clean(&e);
    }
    if let Some(s) = edit.status {
        item.status = s;
    }
    if let Err(reason) = docent_quiz::validate::structure(&item) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_item",
            format!(
                "the edit would leave item {item_id} unusable ({reason}): options must be distinct and non-empty, keys must name options, and the item kind needs its shape (4 options and one key for multiple choice, 2 for true/false, every option once for ordering, an answer for cloze and short answer); the item was not changed"
            ),
        ));
    }
    let index = st.index();
    let source = index.chunks().iter().find(|c| c.id == item.source.chunk_id);
    let validation = match source {
        Some(c) => match docent_quiz::validate::item(&item, &c.text) {
            Ok(()) => "ok".to_string(),
            Err(reason) => reason.to_string(),
        },
        None => "source_gone".to_string(),
    };
    if !st.db.update_item(&id, &item).await? {
        return Err(not_found(&id));
    }
    Ok(Json(json!({"item": item, "validation": validation})).into_response())
}

/// `GET /v1/quizzes/{id}/export?format=` parameters.
#[derive(Debug, Deserialize)]
pub struct ExportParams {
    format: String,
}

/// `GET /v1/quizzes/{id}/export?format=json|markdown|gift|aiken|qti|csv`.
pub async fn export_quiz(
    State(st): St,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Author).await?;
    let Path(id) = id.map_err(ApiError::path)?;
    let quiz = open_quiz(&st, &key, &id, Access::Read).await?;
    let Query(p) = params.map_err(|e| {
        ApiError::bad_request(
            "bad_query",
            format!(
                "{}: add ?format=gift (or json, markdown, aiken, qti, csv)",
                e.body_text()
            ),
        )
    })?;
    let format = Format::parse(&p.format).ok_or_else(|| {
        ApiError::bad_request(
            "bad_format",
            format!(
                "format {:?}: use json, markdown, gift, aiken, qti or csv",
                p.format
            ),
        )
    })?;
    let rendered = render(&quiz, format).map_err(ApiError::internal)?;
    // An export that holds none of the items is no quiz: refused, as the CLI refuses it (an
    // outside re-check downloaded an empty Aiken file with 200).
    if rendered.exported(&quiz) == 0 && rendered.live(&quiz) > 0 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_export",
            format!(
                "the {} export can hold none of the quiz's {} items ({}); choose another format",
                p.format,
                rendered.live(&quiz),
                rendered.left_out_list().unwrap_or_default()
            ),
        ));
    }
    let disposition = format!(
        "attachment; filename=\"{}.{}\"",
        quiz.id,
        format.extension()
    );
    // What the file holds, in headers the author page shows: an export that cannot hold an
    // item says so (an outside review found the API's exports silent where the CLI spoke).
    let exported = format!("{} of {}", rendered.exported(&quiz), rendered.live(&quiz));
    let left_out = rendered.left_out_list();
    let mut response = (
        [
            (header::CONTENT_TYPE, format.mime().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        rendered.bytes,
    )
        .into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&exported) {
        h.insert(HeaderName::from_static("x-docent-exported"), v);
    }
    if let Some(v) =
        left_out.and_then(|l| HeaderValue::from_str(&docent_core::terminal_safe(&l)).ok())
    {
        h.insert(HeaderName::from_static("x-docent-left-out"), v);
    }
    Ok(response)
}
