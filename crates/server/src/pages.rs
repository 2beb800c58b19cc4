//! Pages and static assets: the widget script, the demo help centre, rendered docs and the
//! OpenAPI document. Docs pages show public documents only (they need no key).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use docent_core::{Audience, Chunk, DocKind};
use docent_tutor::slug;

use crate::error::ApiError;
use crate::AppState;

const WIDGET_JS: &str = include_str!("../assets/widget.js");
const DEMO_HTML: &str = include_str!("../assets/demo.html");
const OPENAPI: &str = include_str!("../assets/openapi.json");
const PAGE_CSS: &str = include_str!("../assets/page.css");
const AUTHOR_HTML: &str = include_str!("../assets/author.html");
const LEAD_HTML: &str = include_str!("../assets/lead.html");

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
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{PAGE_CSS}</style></head><body><header class=\"top\"><a href=\"/demo\" class=\"brand\">Lumio Help Center</a><nav><a href=\"/docs\">All articles</a></nav></header><main>{body}</main>{widget}</body></html>",
        escape(title)
    ))
}

/// The key the demo pages embed: the first public key that may ask, else the first customer
/// one (never an internal key: the page is served to anyone).
fn demo_key(st: &AppState) -> Option<&str> {
    let asks = |a: Audience| {
        st.keys
            .iter()
            .find(move |k| k.audience == a && k.widget_secret.is_some())
    };
    asks(Audience::Public)
        .or_else(|| asks(Audience::Customer))
        .and_then(|k| k.widget_secret.as_deref())
}

/// Public documents: (doc id, title, product, chunks in order).
fn public_docs(chunks: &[Chunk]) -> Vec<(String, String, String, Vec<&Chunk>)> {
    let mut docs: Vec<(String, String, String, Vec<&Chunk>)> = Vec::new();
    for c in chunks
        .iter()
        .filter(|c| c.audience == Audience::Public && c.kind == DocKind::Doc)
    {
        match docs.iter_mut().find(|d| d.0 == c.doc_id) {
            Some(d) => d.3.push(c),
            None => docs.push((
                c.doc_id.clone(),
                c.title.clone(),
                c.product.clone().unwrap_or_default(),
                vec![c],
            )),
        }
    }
    for d in &mut docs {
        d.3.sort_by_key(|c| c.ordinal);
    }
    docs.sort_by(|a, b| (&a.2, &a.1).cmp(&(&b.2, &b.1)));
    docs
}

fn markdown(text: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    // Give headings the anchors citations link to.
    let with_ids: String = text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            let hashes = t.bytes().take_while(|b| *b == b'#').count();
            if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') && !t.contains("{#") {
                format!("{l} {{#{}}}\n", slug(&t[hashes..]))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let mut out = String::new();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    // Raw HTML in docs is shown as text, never executed.
    let events = Parser::new_ext(&with_ids, opts).map(|e| match e {
        pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
            pulldown_cmark::Event::Text(h)
        }
        e => e,
    });
    html::push_html(&mut out, events);
    out
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

/// `GET /author`: drafts, item review and export, in the browser (asks for an author key).
pub async fn author() -> Response {
    page("Quiz drafts", AUTHOR_HTML, None).into_response()
}

/// `GET /lead`: the gap report in the browser (asks for a lead key).
pub async fn lead() -> Response {
    page("Knowledge gaps", LEAD_HTML, None).into_response()
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

/// `GET /demo`: a help-centre page of the sample product with the widget on it.
pub async fn demo(State(st): State<Arc<AppState>>) -> Response {
    let index = st.index();
    let docs = public_docs(index.chunks());
    let mut sections = String::new();
    let mut product = None;
    for (id, title, prod, _) in &docs {
        if product != Some(prod) {
            if product.is_some() {
                sections.push_str("</ul></section>");
            }
            let name = if prod.is_empty() {
                "General"
            } else {
                prod.as_str()
            };
            sections.push_str(&format!(
                "<section class=\"card\"><h2>{}</h2><ul>",
                escape(&name.replace('-', " "))
            ));
            product = Some(prod);
        }
        sections.push_str(&format!(
            "<li><a href=\"/docs/{}\">{}</a></li>",
            escape(id),
            escape(title)
        ));
    }
    if product.is_some() {
        sections.push_str("</ul></section>");
    }
    let body = DEMO_HTML.replace("{{sections}}", &sections);
    page("Lumio Help Center", &body, demo_key(&st)).into_response()
}

/// `GET /docs`: every public article.
pub async fn docs_index(State(st): State<Arc<AppState>>) -> Response {
    let index = st.index();
    let items: String = public_docs(index.chunks())
        .iter()
        .map(|(id, title, _, _)| {
            format!(
                "<li><a href=\"/docs/{}\">{}</a></li>",
                escape(id),
                escape(title)
            )
        })
        .collect();
    page(
        "All articles",
        &format!("<h1>All articles</h1><ul class=\"list\">{items}</ul>"),
        demo_key(&st),
    )
    .into_response()
}

/// `GET /docs/{id}`: one public article, rendered.
pub async fn doc(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let index = st.index();
    // Only this document's chunks: grouping every public document is for the listings.
    let own: Vec<Chunk> = index
        .chunks()
        .iter()
        .filter(|c| c.doc_id == id)
        .cloned()
        .collect();
    let docs = public_docs(&own);
    let Some((_, title, _, chunks)) = docs.first() else {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_doc",
            format!("no public article {id}"),
        )
        .into_response();
    };
    let text: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
    let mut body = markdown(&text.join("\n\n"));
    if !body.contains("<h1") {
        body = format!("<h1>{}</h1>{body}", escape(title));
    }
    page(title, &format!("<article>{body}</article>"), demo_key(&st)).into_response()
}
