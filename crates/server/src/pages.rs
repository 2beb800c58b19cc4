//! Pages and static assets: the widget script, the demo help centre, rendered docs, the author
//! and lead pages (their scripts and styles are files under `/assets/`, so every page's
//! Content-Security-Policy forbids inline scripts), and the OpenAPI document. Docs pages show
//! public documents only (they need no key); `GET /v1/docs/{id}` gives a key any document of
//! its audience, which the widget shows in place (a customer's citation of a customer page
//! links there). The demo and docs listings are built once per
//! index generation and served from memory; every page request counts against the client's
//! page limit (`[server] pages_per_minute`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use docent_core::{Audience, Chunk, DocKind};
use docent_index::Index;

use crate::error::ApiError;
use crate::AppState;

const WIDGET_JS: &str = include_str!("../assets/widget.js");
const DEMO_HTML: &str = include_str!("../assets/demo.html");
const OPENAPI: &str = include_str!("../assets/openapi.json");
const PAGE_CSS: &str = include_str!("../assets/page.css");
const AUTHOR_HTML: &str = include_str!("../assets/author.html");
const AUTHOR_JS: &str = include_str!("../assets/author.js");
const LEAD_HTML: &str = include_str!("../assets/lead.html");
const LEAD_JS: &str = include_str!("../assets/lead.js");

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, body: &str, widget_key: Option<&str>) -> Html<String> {
    let widget = widget_key
        .map(|k| {
            format!(
                "<script src=\"/widget.js\" data-key=\"{}\" data-title=\"Lumio assistant\" data-color=\"#4f46e5\" defer></script>",
                escape(k)
            )
        })
        .unwrap_or_default();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><link rel=\"stylesheet\" href=\"/assets/page.css\"></head><body><header class=\"top\"><a href=\"/demo\" class=\"brand\">Lumio Help Center</a><nav><a href=\"/docs\">All articles</a></nav></header><main>{body}</main>{widget}</body></html>",
        escape(title)
    ))
}

/// The key the demo pages embed: the first public key that may ask. Never a customer or
/// internal key: the pages are served to anyone, and a key printed there reads whatever its
/// audience may read. Without a public widget key the pages show no widget.
fn demo_key(st: &AppState) -> Option<&str> {
    st.keys
        .iter()
        .find(|k| k.audience == Audience::Public && k.widget_secret.is_some())
        .and_then(|k| k.widget_secret.as_deref())
}

/// A document (never a ticket): id, title, product, audience and its chunks' positions in the
/// index, in order.
struct DocEntry {
    id: String,
    title: String,
    product: String,
    audience: Audience,
    chunks: Vec<usize>,
}

/// The documents of `chunks`, sorted by product and title (one pass, a map by id).
fn docs_of(chunks: &[Chunk]) -> Vec<DocEntry> {
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut docs: Vec<DocEntry> = Vec::new();
    for (i, c) in chunks.iter().enumerate() {
        if c.kind != DocKind::Doc {
            continue;
        }
        match at.get(c.doc_id.as_str()) {
            Some(&d) => docs[d].chunks.push(i),
            None => {
                at.insert(&c.doc_id, docs.len());
                docs.push(DocEntry {
                    id: c.doc_id.clone(),
                    title: c.title.clone(),
                    product: c.product.clone().unwrap_or_default(),
                    audience: c.audience,
                    chunks: vec![i],
                });
            }
        }
    }
    for d in &mut docs {
        d.chunks.sort_by_key(|&i| chunks[i].ordinal);
    }
    docs.sort_by(|a, b| (&a.product, &a.title).cmp(&(&b.product, &b.title)));
    docs
}

/// What the pages need of one index generation, built on its first page request.
pub struct Pages {
    generation: PathBuf,
    demo: String,
    listing: String,
    /// Doc id -> the document (every audience; the routes check who may read it).
    docs: HashMap<String, DocEntry>,
}

/// The pages of the live generation (rebuilt when a re-index swaps it).
#[derive(Default)]
pub struct PageCache(Mutex<Option<Arc<Pages>>>);

impl PageCache {
    fn get(&self, index: &Index, widget_key: Option<&str>) -> Arc<Pages> {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match slot.as_ref() {
            Some(p) if p.generation == index.dir() => p.clone(),
            _ => {
                let fresh = Arc::new(Pages::build(index, widget_key));
                *slot = Some(fresh.clone());
                fresh
            }
        }
    }
}

impl Pages {
    fn build(index: &Index, widget_key: Option<&str>) -> Pages {
        let docs = docs_of(index.chunks());
        let public: Vec<&DocEntry> = docs
            .iter()
            .filter(|d| d.audience == Audience::Public)
            .collect();
        let demo = page(
            "Lumio Help Center",
            &DEMO_HTML.replace("{{sections}}", &demo_sections(&public)),
            widget_key,
        )
        .0;
        let items: String = public
            .iter()
            .map(|d| {
                format!(
                    "<li><a href=\"/docs/{}\">{}</a></li>",
                    escape(&docent_core::doc_path(&d.id)),
                    escape(&d.title)
                )
            })
            .collect();
        let listing = page(
            "All articles",
            &format!("<h1>All articles</h1><ul class=\"list\">{items}</ul>"),
            widget_key,
        )
        .0;
        Pages {
            generation: index.dir().to_path_buf(),
            demo,
            listing,
            docs: docs.into_iter().map(|d| (d.id.clone(), d)).collect(),
        }
    }
}

/// The demo's cards: one per product, its articles listed.
fn demo_sections(docs: &[&DocEntry]) -> String {
    let mut sections = String::new();
    let mut product: Option<&str> = None;
    for d in docs {
        if product != Some(d.product.as_str()) {
            if product.is_some() {
                sections.push_str("</ul></section>");
            }
            let name = if d.product.is_empty() {
                "General"
            } else {
                d.product.as_str()
            };
            sections.push_str(&format!(
                "<section class=\"card\"><h2>{}</h2><ul>",
                escape(&name.replace('-', " "))
            ));
            product = Some(d.product.as_str());
        }
        sections.push_str(&format!(
            "<li><a href=\"/docs/{}\">{}</a></li>",
            escape(&docent_core::doc_path(&d.id)),
            escape(&d.title)
        ));
    }
    if product.is_some() {
        sections.push_str("</ul></section>");
    }
    sections
}

/// Counts a page request against the client's page limit.
fn page_limit(st: &AppState, addr: SocketAddr, headers: &HeaderMap) -> Result<(), ApiError> {
    st.page_limit
        .check(&st.client_bucket(addr, headers))
        .map_err(|w| crate::limits::limited(st, "the page limit", w))
}

fn html(body: String) -> Response {
    Html(body).into_response()
}

/// `GET /widget.js`.
pub async fn widget() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        WIDGET_JS,
    )
        .into_response()
}

/// `GET /assets/{name}`: the pages' stylesheet and scripts.
pub async fn asset(name: Result<Path<String>, PathRejection>) -> Response {
    let Path(name) = match name {
        Ok(name) => name,
        Err(e) => return ApiError::path(e).into_response(),
    };
    let (ct, body) = match name.as_str() {
        "page.css" => ("text/css; charset=utf-8", PAGE_CSS),
        "author.js" => ("text/javascript; charset=utf-8", AUTHOR_JS),
        "lead.js" => ("text/javascript; charset=utf-8", LEAD_JS),
        _ => {
            return ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no asset {name}"),
            )
            .into_response()
        }
    };
    (
        [
            (header::CONTENT_TYPE, ct),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

/// `GET /author`: drafts, item review and export, in the browser (asks for an author key).
pub async fn author() -> Response {
    crate::security::private_page(page("Quiz drafts", AUTHOR_HTML, None).into_response())
}

/// `GET /lead`: the gap report in the browser (asks for a lead key).
pub async fn lead() -> Response {
    crate::security::private_page(page("Knowledge gaps", LEAD_HTML, None).into_response())
}

/// `GET /favicon.ico`: none (keeps browsers' consoles free of 404s).
pub async fn favicon() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /`: to the demo.
pub async fn home() -> Response {
    axum::response::Redirect::to("/demo").into_response()
}

type Peer = ConnectInfo<SocketAddr>;

/// `GET /demo`: a help-centre page of the sample product with the widget on it.
pub async fn demo(
    State(st): State<Arc<AppState>>,
    ConnectInfo(addr): Peer,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    page_limit(&st, addr, &headers)?;
    let pages = st.pages.get(&st.index(), demo_key(&st));
    Ok(html(pages.demo.clone()))
}

/// `GET /docs`: every public article.
pub async fn docs_index(
    State(st): State<Arc<AppState>>,
    ConnectInfo(addr): Peer,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    page_limit(&st, addr, &headers)?;
    let pages = st.pages.get(&st.index(), demo_key(&st));
    Ok(html(pages.listing.clone()))
}

/// `GET /docs/{id}`: one public article, rendered.
pub async fn doc(
    State(st): State<Arc<AppState>>,
    ConnectInfo(addr): Peer,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    page_limit(&st, addr, &headers)?;
    let Path(id) = id.map_err(ApiError::path)?;
    let index = st.index();
    let pages = st.pages.get(&index, demo_key(&st));
    let Some(d) = pages
        .docs
        .get(&id)
        .filter(|d| d.audience == Audience::Public)
    else {
        return Err(unknown_doc(&id, "public article"));
    };
    let body = article(&index, d);
    Ok(page(
        &d.title,
        &format!("<article>{body}</article>"),
        demo_key(&st),
    )
    .into_response())
}

/// `GET /v1/docs/{id}` (keys with the `ask` scope): a document the key's audience may read,
/// as JSON with its safe HTML. A document the key may not read is as unknown as one that is
/// not there (its existence is not told), and tickets are never documents here.
pub async fn doc_for_key(
    State(st): State<Arc<AppState>>,
    ConnectInfo(addr): Peer,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let key = crate::auth::authorize(&st, &headers, docent_core::KeyScope::Ask).await?;
    crate::routes::client_limit(&st, addr, &headers)?;
    let Path(id) = id.map_err(ApiError::path)?;
    let index = st.index();
    let pages = st.pages.get(&index, demo_key(&st));
    let Some(d) = pages.docs.get(&id).filter(|d| d.audience <= key.audience) else {
        return Err(unknown_doc(&id, "document"));
    };
    Ok(axum::Json(serde_json::json!({
        "id": d.id,
        "title": d.title,
        "audience": d.audience.as_str(),
        "page": (d.audience == Audience::Public)
            .then(|| format!("/docs/{}", docent_core::doc_path(&d.id))),
        "html": article(&index, d),
    }))
    .into_response())
}

fn unknown_doc(id: &str, what: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_doc",
        format!("no {what} {id}"),
    )
}

/// A document's chunks as safe HTML, opened by its title when the text has no `h1`.
fn article(index: &Index, d: &DocEntry) -> String {
    let text: Vec<&str> = d
        .chunks
        .iter()
        .map(|&i| index.chunks()[i].text.as_str())
        .collect();
    let body = crate::render::markdown(&text.join("\n\n"));
    if body.contains("<h1") {
        body
    } else {
        format!("<h1>{}</h1>{body}", escape(&d.title))
    }
}
