//! Document loaders: Markdown (and MDX) with front matter, HTML, plain text, JSONL.

use std::path::Path;

use docent_core::{is_safe_link, Audience, DocKind, Document, LinkPolicy};

use crate::{frontmatter, html, structure, Error, Result};

/// What a document gets when its own metadata says nothing.
#[derive(Debug, Clone, Default)]
pub struct LoadDefaults {
    /// Audience when front matter or the record names none.
    pub audience: Option<Audience>,
    /// Product area when none is named.
    pub product: Option<String>,
    /// Field names of a help desk's creation time (`[tickets] created_at`): a JSONL record
    /// among the docs that names one, and does not say it is a page, is refused as a ticket.
    /// Empty: no record is checked.
    pub ticket_dates: Vec<String>,
}

/// True for files that hold tickets rather than documents (CSV exports).
pub fn is_ticket_file(path: &Path) -> bool {
    matches!(ext(path).as_str(), "csv")
}

fn ext(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Loads one document file. `id` is the id for single-document files (the path relative to
/// the ingested root, without extension); JSONL records keep their own ids. `within` is the
/// folder being ingested: an MDX page's imports are read only from inside it. Returns the
/// documents and the problems of records that were skipped (JSONL lines).
pub fn load_file(
    path: &Path,
    id: &str,
    defaults: &LoadDefaults,
    within: &Path,
) -> Result<(Vec<Document>, Vec<Error>)> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| Error::NotText {
        path: shown.clone(),
    })?;
    // A page shows the MDX snippets it places (its code examples) where they stand, and is
    // at least as strict as the audience a placed file names.
    // Line breaks of every system read as line feeds before front matter is looked for: a
    // file with carriage returns alone would not open with a fence.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let (text, placed_audience) = if ext(path) == "mdx" {
        let e = crate::mdx::expand(path, within, &text);
        (e.text, e.audience)
    } else {
        (text, None)
    };
    let mut docs = match ext(path).as_str() {
        // A snippet loaded as a document of its own is a code sample no page shows ([`crate::scan`]):
        // every language of it is what a developer asking for one SDK's call needs.
        "mdx" if crate::mdx::is_partial(Path::new(&format!("{id}.mdx"))) => {
            vec![load_mdx(&shown, &text, defaults.clone(), Tabs::All)?]
        }
        "md" | "markdown" | "mdx" => vec![load_markdown(&shown, &text, defaults.clone())?],
        "html" | "htm" => vec![load_html(&shown, &text, defaults.clone())?],
        "txt" | "text" => vec![load_text(&shown, &text, defaults.clone())?],
        "jsonl" | "ndjson" => {
            let (mut docs, problems) = load_jsonl_docs(&shown, &text, defaults);
            docs.iter_mut().for_each(clean);
            return Ok((docs, problems));
        }
        _ => return Err(Error::Unsupported { path: shown }),
    };
    for d in &mut docs {
        d.id = id.to_string();
        d.audience = d.audience.max(placed_audience.unwrap_or(Audience::Public));
        clean(d);
    }
    Ok((docs, Vec::new()))
}

/// A document without invisible controls: a bidi override in a title or heading reverses the
/// rest of the line wherever it is shown (citations, the author page, exports), a zero-width
/// space hides a difference, an escape rewrites a terminal, a NUL fails a PostgreSQL write of
/// an answer quoting it. The summary is cleaned alike, so the text still opens with it.
fn clean(d: &mut Document) {
    d.title = docent_core::without_invisible_controls(&d.title);
    d.text = docent_core::without_invisible_controls(&d.text);
    d.summary = d
        .summary
        .as_deref()
        .map(docent_core::without_invisible_controls);
}

fn audience_of(
    path: &str,
    value: Option<&str>,
    defaults: &LoadDefaults,
    line: usize,
) -> Result<Audience> {
    match value {
        Some(v) if !v.trim().is_empty() => Audience::parse(v).ok_or_else(|| Error::Malformed {
            path: path.to_string(),
            line,
            message: format!("audience {v:?} is not one of public, customer, internal"),
        }),
        _ => Ok(defaults.audience.unwrap_or(Audience::Public)),
    }
}

/// The document's URL, if it has one, refused unless it is a web link (an `http(s)` URL or a
/// relative reference): it becomes the `href` of citations in customers' pages, so a
/// `javascript:` or `data:` URL there would run in them.
fn doc_url(path: &str, value: Option<String>, line: usize, origin: &str) -> Result<Option<String>> {
    match value.map(|u| u.trim().to_string()).filter(|u| !u.is_empty()) {
        None => Ok(None),
        Some(u) if is_safe_link(&u, LinkPolicy::Web) => Ok(Some(u)),
        Some(u) => Err(Error::Malformed {
            path: path.to_string(),
            line,
            message: format!(
                "{origin} {:?} is not a web link: use an http(s) URL or a relative path (citations link to it)",
                u.chars().take(80).collect::<String>()
            ),
        }),
    }
}

fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(path)
        .replace(['-', '_'], " ")
}

/// A code sample's title from its file's name: its words without the sample's number
/// ("code_samples_compact_index_1" is "Code samples compact index").
fn sample_title(path: &str) -> String {
    let name = stem(path);
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        words.pop();
    }
    let title = words.join(" ");
    if title.is_empty() {
        name
    } else {
        crate::dialect::upper_first(&title)
    }
}

/// Loads Markdown or MDX text with optional front matter (`title`, `audience`, `product`,
/// `url`; `description` is kept as the first paragraph). For `.mdx` paths only, module lines
/// (`import … from`, `export const|default|function`) and lines holding only a component tag
/// are dropped, and a code group keeps its first tab ([`crate::mdx::first_tab_only`]); in
/// plain Markdown a line starting with "export" is ordinary text.
pub fn load_markdown(path: &str, text: &str, defaults: LoadDefaults) -> Result<Document> {
    load_mdx(path, text, defaults, Tabs::First)
}

/// `text` from its front matter when only invisible characters, blank lines (a non-breaking
/// space counts as blank), HTML comments or a YAML `%YAML` directive stand before it (session
/// 55's probe: front matter behind a zero-width space or `<!-- header -->` went unread and
/// its audience was shown as text on a public page); else `text` unchanged.
fn past_leading_noise(text: &str) -> &str {
    let invisible = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}'
            )
    };
    let mut t = text;
    loop {
        let trimmed = t.trim_start_matches(invisible);
        if let Some(rest) = trimmed.strip_prefix("<!--") {
            if let Some(end) = rest.find("-->") {
                t = &rest[end + 3..];
                continue;
            }
        }
        // A YAML directive (`%YAML 1.2`, `%TAG ...`), a reference-definition comment or an
        // MDX comment on its own line.
        let first = trimmed.lines().next().unwrap_or_default().trim_end();
        let comment_line = first.starts_with('%')
            || first.starts_with("[//]:")
            || first.starts_with("[comment]:")
            || (first.starts_with("{/*") && first.ends_with("*/}"));
        if comment_line {
            if let Some(nl) = trimmed.find('\n') {
                t = &trimmed[nl + 1..];
                continue;
            }
        }
        let skipped = trimmed.len()
            < text
                .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
                .len();
        return if skipped && (trimmed.starts_with("---") || trimmed.starts_with("+++")) {
            trimmed
        } else {
            text
        };
    }
}

/// Which tabs of a code group (`<CodeGroup>`: one example in several languages) a page keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tabs {
    /// The tab a reader sees first: a page's prose is read beside one example, not ten.
    First,
    /// Every language: a code sample standing alone is read for the language asked.
    All,
}

/// [`load_markdown`] keeping `tabs` of each code group; a document without a title of its own
/// is named after its file.
fn load_mdx(path: &str, text: &str, defaults: LoadDefaults, tabs: Tabs) -> Result<Document> {
    let text = past_leading_noise(text);
    let (meta, body) = frontmatter::split(text);
    audience_marker_read(path, text, body, &meta)?;
    // A second block of front matter right after the first names what a reader merging
    // blocks would read; an audience there is refused, not shown as text (session 55's probe).
    let (second, _) = frontmatter::split(body);
    if !meta.is_empty()
        && second
            .keys()
            .any(|k| k.trim().eq_ignore_ascii_case("audience"))
    {
        return Err(Error::Malformed {
            path: path.to_string(),
            line: 1,
            message:
                "a second front-matter block names the audience: give it once, in the first block"
                    .into(),
        });
    }
    let body = if !path.to_ascii_lowercase().ends_with(".mdx") {
        body.to_string()
    } else if tabs == Tabs::All {
        strip_mdx(body)
    } else {
        strip_mdx(&crate::mdx::first_tab_only(body))
    };
    let body = crate::comments::without_comments(&body);
    let body = crate::dialect::plain(&body).into_owned();
    // A page's title heading opens it: a "# " line further down is an example of a heading
    // (a page on Markdown syntax shows "# This is a heading 1"), and a page without one is
    // named after its file.
    let first_heading = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| l.strip_prefix("# "))
        .map(|s| s.trim().to_string());
    let title = meta
        .get("title")
        .cloned()
        .filter(|t| !t.is_empty())
        .or(first_heading)
        .unwrap_or_else(|| match tabs {
            Tabs::First => stem(path),
            Tabs::All => sample_title(path),
        });
    let audience = audience_of(path, meta.get("audience").map(String::as_str), &defaults, 1)?;
    let url = doc_url(path, meta.get("url").cloned(), 1, "front matter url")?;
    let product = meta
        .get("product")
        .or_else(|| meta.get("area"))
        .cloned()
        .filter(|p| !p.is_empty())
        .or(defaults.product);
    let mut text = String::new();
    let summary = meta
        .get("description")
        .map(|d| d.trim())
        .filter(|d| !d.is_empty() && !body.contains(*d))
        .map(str::to_string);
    if let Some(desc) = &summary {
        text.push_str(desc);
        text.push_str("\n\n");
    }
    text.push_str(body.trim());
    Ok(Document {
        id: String::new(),
        source: path.to_string(),
        title,
        url,
        audience,
        product,
        kind: DocKind::Doc,
        text,
        summary,
    })
}

fn strip_mdx(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_code = false;
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
        }
        if !in_code {
            let is_module = (t.starts_with("import ")
                && (t.contains(" from ") || t.ends_with(';') || t.contains('\'')))
                || ["export const ", "export default ", "export function "]
                    .iter()
                    .any(|p| t.starts_with(p));
            let is_tag = (t.starts_with("<") && t.ends_with(">"))
                && t[1..]
                    .trim_start_matches('/')
                    .starts_with(|c: char| c.is_ascii_uppercase());
            if is_tag {
                if let Some(label) = component_label(t) {
                    out.push_str(&label);
                    out.push_str("\n\n");
                }
                continue;
            }
            if is_module {
                continue;
            }
            out.push_str(&without_inline_tags(line));
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `line` without the self-closing components it holds outside code spans, each replaced by
/// its `label` in brackets when it has one: "### Search queue size <NoticeTag
/// type="experimental" label="experimental" />" reads "### Search queue size (experimental)"
/// (the tag had reached citations' section titles, the tenth blind round).
fn without_inline_tags(line: &str) -> std::borrow::Cow<'_, str> {
    static TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let tag = TAG.get_or_init(|| {
        regex::Regex::new(r#"\s*<[A-Z][A-Za-z0-9.]*(?:\s[^<>]*)?/>"#).expect("tag pattern")
    });
    if !line.contains("/>") {
        return std::borrow::Cow::Borrowed(line);
    }
    // Code spans (between backticks) keep their text as written.
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        out.push_str(&tag.replace_all(part, |c: &regex::Captures| {
            match docent_core::tag_attribute(&c[0], "label").map(str::trim) {
                Some(l) if !l.is_empty() => format!(" ({l})"),
                _ => String::new(),
            }
        }));
    }
    std::borrow::Cow::Owned(out)
}

/// What an opening component tag says to a reader, when it says anything: a card's title and
/// the page outside the docs it links to (`<Card title="Source code" href="https://github.com/...">`
/// reads "[Source code](https://github.com/...)"), or a card's title alone (`<Card
/// title="Faster indexing" icon="bolt">` reads "**Faster indexing**"). A card linking within the
/// docs (a relative `href`: "next steps" navigation) says nothing of its own, nor does any other
/// tag. Without this, a demo page's source code and a feature card's name were lost (the tenth
/// blind round: "the page links the source, the answer never gives it").
fn component_label(tag: &str) -> Option<String> {
    if tag.starts_with("</") {
        return None;
    }
    let attr = |name: &str| {
        docent_core::tag_attribute(tag, name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let title = attr("title")?;
    if title.contains(['[', ']', '*', '<', '>']) {
        return None;
    }
    match attr("href") {
        Some(href)
            if (href.starts_with("https://") || href.starts_with("http://"))
                && !href.contains([' ', '(', ')', '<', '>', '"']) =>
        {
            Some(format!("[{title}]({href})"))
        }
        Some(_) => None,
        None => Some(format!("**{title}**")),
    }
}

/// Refuses (naming the file) front matter whose audience Docent would not read, so that the
/// page would take the default audience: a value a flat `key: value` reading misses (below
/// its key, a list, a nested key), or a key one or two letters off `audience`.
fn audience_marker_read(
    path: &str,
    text: &str,
    body: &str,
    meta: &std::collections::BTreeMap<String, String>,
) -> Result<()> {
    let refuse = |message: String| Error::Malformed {
        path: path.to_string(),
        line: 1,
        message,
    };
    if frontmatter::unread_audience(text, body) {
        return Err(refuse("front matter gives the audience in a form Docent does not read (a value on the next line, a list, or a nested key): write `audience: internal` (or public, customer) on one line".into()));
    }
    if let Some(key) = meta
        .keys()
        .find(|k| frontmatter::is_near_miss(k, "audience"))
    {
        return Err(refuse(format!(
            "front matter key {key:?} is not \"audience\": the page would take the default audience; spell it audience"
        )));
    }
    // Every other way a YAML, TOML or JSON reader finds an audience (a quoted or escaped key,
    // a flow mapping, a complex key, a table, a repeated key, look-alike letters) is refused:
    // only one plain `audience: value` line is read.
    if frontmatter::audience_outside_plain_lines(text) {
        return Err(refuse("front matter names the audience in a form Docent does not read the way a YAML, TOML or JSON reader does (quoted or escaped, in a flow mapping, a table or a complex key, in JSON or another language than YAML or TOML, more than once, or spelt with look-alike characters): write `audience: internal` (or public, customer) once, on its own line in a YAML block (or `audience = \"internal\"` in TOML)".into()));
    }
    // An MDX page may give its metadata as JavaScript (`export const metadata = {audience:
    // 'internal'}`: Next.js, Nextra); Docent runs none (session 55's probe: published public).
    let lower = path.to_ascii_lowercase();
    if (lower.ends_with(".mdx") || lower.ends_with(".md")) && exported_audience(body) {
        return Err(refuse("an MDX export names the audience (`export const metadata = {audience: ...}`), which Docent does not run: write `audience: internal` (or public, customer) in front matter".into()));
    }
    Ok(())
}

/// `s` with JavaScript's `\uXXXX`, `\u{X}` and `\xXX` escapes decoded (`aud\u0069ence` is
/// `audience` to a JavaScript reader).
fn unescaped(s: &str) -> String {
    static ESC: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let esc = ESC.get_or_init(|| {
        regex::Regex::new(r"\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")
            .expect("escape pattern")
    });
    esc.replace_all(s, |c: &regex::Captures| {
        let hex = c
            .get(1)
            .or(c.get(2))
            .or(c.get(3))
            .map_or("", |m| m.as_str());
        u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default()
    })
    .into_owned()
}

/// Whether an MDX body exports an audience: a top-level `export` statement (up to the next
/// blank line, outside code blocks) whose text names `audience`.
fn exported_audience(body: &str) -> bool {
    let blocks = crate::fence::fences(body);
    let mut offset = 0;
    let mut exporting = false;
    for line in body.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        if blocks.iter().any(|b| b.start <= at && at < b.end) {
            exporting = false;
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            exporting = false;
            continue;
        }
        exporting |= line.starts_with("export ");
        if exporting && unescaped(t).to_lowercase().contains("audience") {
            return true;
        }
    }
    false
}

/// The audience named by front matter that opens a file other than Markdown (a page a static
/// site generator exported with its front matter, a text file), and the text after it: such a
/// marker is honoured, or refused when it goes unread, never skipped.
fn leading_front_matter<'t>(
    path: &str,
    text: &'t str,
    defaults: &LoadDefaults,
) -> Result<(Option<Audience>, &'t str)> {
    let (meta, body) = frontmatter::split(text);
    if meta.is_empty()
        && !frontmatter::unread_audience(text, body)
        && !frontmatter::audience_outside_plain_lines(text)
    {
        return Ok((None, text));
    }
    audience_marker_read(path, text, body, &meta)?;
    let audience = match meta.get("audience").filter(|v| !v.trim().is_empty()) {
        Some(v) => Some(audience_of(path, Some(v), defaults, 1)?),
        None => None,
    };
    Ok((audience, body))
}

/// Loads an HTML page: `<title>` or the first `<h1>` as title, headings kept as Markdown
/// headings, navigation, scripts and styles dropped. Front matter before the page counts.
pub fn load_html(path: &str, text: &str, defaults: LoadDefaults) -> Result<Document> {
    let (fronted, text) = leading_front_matter(path, text, &defaults)?;
    if html::depth(text) > html::MAX_NESTING {
        return Err(Error::Malformed {
            path: path.to_string(),
            line: 0,
            message: format!(
                "HTML page nests elements more than {} deep: no documentation page does, and parsing it would take minutes",
                html::MAX_NESTING
            ),
        });
    }
    let page = html::to_markdown(text);
    if page.body.trim().is_empty() {
        return Err(Error::Malformed {
            path: path.to_string(),
            line: 0,
            message: "HTML page has no readable text".into(),
        });
    }
    let title = page.title.unwrap_or_else(|| stem(path));
    let audience = audience_of(path, page.audience.as_deref(), &defaults, 0)?;
    let audience = fronted.map_or(audience, |f| f.max(audience));
    let url = doc_url(path, page.canonical, 0, "canonical link")?;
    Ok(Document {
        id: String::new(),
        source: path.to_string(),
        title,
        url,
        audience,
        product: defaults.product,
        kind: DocKind::Doc,
        text: page.body,
        summary: None,
    })
}

/// Loads plain text: the first non-empty line is the title when it is short; flat text gets
/// its structure back ([`crate::structure`]).
pub fn load_text(path: &str, text: &str, defaults: LoadDefaults) -> Result<Document> {
    let (fronted, text) = leading_front_matter(path, text, &defaults)?;
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let title = match first {
        Some(l) if l.len() <= 100 => l.to_string(),
        _ => stem(path),
    };
    let mut starters = structure::Starters::default();
    starters.learn(text);
    let text = structure::recover_titled(text.trim(), Some(&title), &starters);
    Ok(Document {
        id: String::new(),
        source: path.to_string(),
        title,
        url: None,
        audience: fronted.unwrap_or(defaults.audience.unwrap_or(Audience::Public)),
        product: defaults.product,
        kind: DocKind::Doc,
        text,
        summary: None,
    })
}

#[derive(serde::Deserialize)]
struct JsonlDoc {
    id: serde_json::Value,
    #[serde(default)]
    title: Option<String>,
    text: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    audience: Option<String>,
    #[serde(default)]
    product: Option<String>,
}

/// Loads JSONL documents, one `{"id","title","text","url"?,"audience"?,"product"?}` a line.
/// Ids are kept as given so evaluation labels can name them. A malformed line is reported in
/// the returned problems, naming its line, and the other lines still load. Flat records get
/// their structure back ([`crate::structure`], sentence starters learnt from the whole file).
pub fn load_jsonl_docs(
    path: &str,
    text: &str,
    defaults: &LoadDefaults,
) -> (Vec<Document>, Vec<Error>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match jsonl_doc(path, i, line, defaults) {
            Ok(d) => docs.push(d),
            Err(e) => problems.push(e),
        }
    }
    structure::recover_docs(&mut docs);
    (docs, problems)
}

/// How many times a JSON `line` has a key written `"audience"` (any case), in any object: an
/// unescaped quote, the name, a quote, then `:`. A string value cannot hold that unescaped.
fn quoted_audience_keys(line: &str) -> usize {
    let lower = line.to_ascii_lowercase();
    lower
        .match_indices("\"audience\"")
        .filter(|(i, m)| {
            !lower[..*i].ends_with('\\') && lower[i + m.len()..].trim_start().starts_with(':')
        })
        .count()
}

/// A field or column name as the ticket mapping compares it: letters and digits only, lower
/// case, so `createdAt`, `created_at` and `Created At` are one name (session 55's probe: an
/// export keyed `createdAt` was published as pages, its customers' text in clear).
pub(crate) fn field_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a record's field (as [`field_key`] writes it) names who asked or handles a
/// request, as help desks' exports do (`requester`, `reporter`, `customer_email`,
/// `assignee`, `priority`; session 55's probes found each published as a page).
fn who_asked(key: &str) -> bool {
    [
        "requester",
        "reporter",
        "submitter",
        "customer",
        "assignee",
        "ticket",
    ]
    .iter()
    .any(|p| key.starts_with(p))
        || matches!(key, "priority" | "email" | "from" | "ts")
}

/// The field of `record` that names a creation time in `dates` (case, spaces and `_` aside:
/// `createdAt` is `created_at`), or, without one, who asked (`requester`, `assignee`,
/// `priority`), when the record does not say it is a page (an `audience`, or `"kind":
/// "doc"`).
pub(crate) fn ticket_date(record: &serde_json::Value, dates: &[String]) -> Option<String> {
    let fields = record.as_object()?;
    let page = fields.iter().any(|(k, v)| {
        let k = k.trim();
        k.eq_ignore_ascii_case("audience")
            || (k.eq_ignore_ascii_case("kind")
                && v.as_str()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("doc")))
    });
    if page {
        return None;
    }
    let date = fields.keys().find(|k| {
        let k = field_key(k);
        dates.iter().any(|d| field_key(d) == k)
    });
    // A record without a date that names who asked (a requester, an assignee, a priority)
    // is a help desk's too.
    date.or_else(|| fields.keys().find(|k| who_asked(&field_key(k))))
        .cloned()
}

fn jsonl_doc(path: &str, i: usize, line: &str, defaults: &LoadDefaults) -> Result<Document> {
    {
        let bad = |message: String| Error::Malformed {
            path: path.to_string(),
            line: i + 1,
            message,
        };
        let raw: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        // A field that reads as the audience but is not spelt `audience` ("Audience",
        // "audiance") would leave the record with the default audience.
        if let Some(k) = raw.as_object().and_then(|fields| {
            fields.keys().find(|k| {
                k.as_str() != "audience"
                    && (k.eq_ignore_ascii_case("audience")
                        || frontmatter::is_near_miss(&k.to_ascii_lowercase(), "audience"))
            })
        }) {
            return Err(bad(format!(
                "field {k:?} is not \"audience\": the record would take the default audience; spell it audience"
            )));
        }
        if let Some(field) = ticket_date(&raw, &defaults.ticket_dates) {
            return Err(bad(format!(
                "reads as a help-desk ticket (it names {field:?}, a creation time or who asked): a ticket is never published; ingest the export with --tickets, or mark a page with \"kind\": \"doc\" or an audience"
            )));
        }
        // JSON keeps the last of two `audience` fields, so a record naming it twice could end
        // public; one nested in another object (`"metadata": {"audience": ...}`) or written
        // with escapes would go unread. The record's `"audience":` keys as written must be
        // the one Docent reads, or none.
        // `"audience": null` (or a number, a list) would read as no audience and take the
        // default one (the ninth probe).
        if raw.get("audience").is_some_and(|v| !v.is_string()) {
            return Err(bad(
                "\"audience\" must be a string: public, customer or internal (null would take the default audience)".into(),
            ));
        }
        let read = raw.get("audience").is_some();
        if quoted_audience_keys(line) != usize::from(read) {
            return Err(bad(
                "the record names \"audience\" more than once, inside another field, or with escapes: name it once, as a top-level \"audience\" field".into(),
            ));
        }
        let rec: JsonlDoc = serde_json::from_value(raw).map_err(|e| bad(e.to_string()))?;
        let id = match rec.id {
            serde_json::Value::String(s) if !s.is_empty() => s,
            serde_json::Value::Number(n) => n.to_string(),
            _ => return Err(bad("\"id\" must be a non-empty string or a number".into())),
        };
        if let Some(why) = docent_core::bad_doc_id(&id) {
            return Err(bad(format!("\"id\" {id:?} {why}")));
        }
        let audience = audience_of(path, rec.audience.as_deref(), defaults, i + 1)?;
        let url = doc_url(path, rec.url, i + 1, "url")?;
        Ok(Document {
            title: rec
                .title
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| id.clone()),
            id,
            source: format!("{path}#{}", i + 1),
            url,
            audience,
            product: rec.product.or_else(|| defaults.product.clone()),
            kind: DocKind::Doc,
            text: rec.text,
            summary: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each of `texts` is refused as a Markdown page (read as anything, it would say how).
    fn refused(texts: &[&str]) {
        for text in texts {
            let got = load_markdown("p.md", text, LoadDefaults::default());
            assert!(
                got.is_err(),
                "read as {:?}: {text:?}",
                got.map(|d| d.audience)
            );
        }
    }

    #[test]
    fn markdown_front_matter_and_title() {
        let d = load_markdown(
            "docs/a.md",
            "---\ntitle: Billing\naudience: customer\nproduct: billing\n---\n# Billing\n\nPay.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.title, "Billing");
        assert_eq!(d.audience, Audience::Customer);
        assert_eq!(d.product.as_deref(), Some("billing"));
        assert!(d.text.starts_with("# Billing"));
    }

    // A note tool's page: no title heading (the file names it), an example heading further
    // down, wikilinks and a callout.
    #[test]
    fn a_note_tools_page_is_named_after_its_file_and_reads_as_text() {
        let d = load_markdown(
            "en/Editing and formatting/Basic formatting syntax.md",
            "Learn how to format notes.\n\n## Headings\n\n```md\n# This is a heading 1\n```\n\n\
             # This is a heading 1\n\n> [!tip]\n> See [[Internal links|wikilinks]] and ![[shot.png]].\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.title, "Basic formatting syntax");
        assert!(
            d.text.contains("> **Tip**\n\n> See wikilinks and."),
            "{}",
            d.text
        );
        assert!(
            d.text.contains("```md\n# This is a heading 1\n```"),
            "{}",
            d.text
        );
    }

    // Issue 13, item 2: a document URL becomes a citation's href in customers' pages.
    #[test]
    fn non_web_document_urls_are_refused_naming_the_file() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ] {
            let md = format!("---\ntitle: A\nurl: {url}\n---\n# A\n\nText.\n");
            let err = load_markdown("docs/a.md", &md, LoadDefaults::default()).unwrap_err();
            assert!(err.to_string().contains("docs/a.md"), "{err}");
            assert!(err.to_string().contains("not a web link"), "{err}");
        }
        let html = "<html><head><title>P</title><link rel=canonical href=\"javascript:alert(1)\"></head><body><p>Body text.</p></body></html>";
        let err = load_html("site/p.html", html, LoadDefaults::default()).unwrap_err();
        assert!(err.to_string().contains("site/p.html"), "{err}");
        let jsonl = "{\"id\":\"a\",\"text\":\"x\",\"url\":\"javascript:alert(1)\"}\n{\"id\":\"b\",\"text\":\"y\",\"url\":\"https://ok.example/b\"}\n";
        let (docs, problems) = load_jsonl_docs("d.jsonl", jsonl, &LoadDefaults::default());
        assert_eq!(docs.len(), 1, "the good line still loads");
        assert_eq!(docs[0].url.as_deref(), Some("https://ok.example/b"));
        assert!(
            problems[0].to_string().starts_with("d.jsonl:1:"),
            "{}",
            problems[0]
        );
        let ok = load_markdown(
            "docs/b.md",
            "---\nurl: /help/b\n---\nText.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(ok.url.as_deref(), Some("/help/b"));
    }

    // Issue 14: a page's front-matter description was quoted as the answer ("Techniques to
    // minimize LLM hallucination ..."); it stays searchable, marked as the page's summary.
    #[test]
    fn a_front_matter_description_opens_the_text_as_its_summary() {
        let d = load_markdown(
            "docs/a.mdx",
            "---\ntitle: Payments\ndescription: Add or update payment methods.\n---\nCards are managed in Stripe.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.summary.as_deref(), Some("Add or update payment methods."));
        assert!(
            d.text.starts_with("Add or update payment methods.\n\n"),
            "{}",
            d.text
        );
        // A description the body already says is not repeated, and is no summary.
        let d = load_markdown(
            "docs/b.md",
            "---\ndescription: Cards are managed in Stripe.\n---\nCards are managed in Stripe.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.summary, None);
        assert_eq!(d.text, "Cards are managed in Stripe.");
    }

    // Seventh probe, findings 2 and 4: a JSONL record's "Audience" or "audiance" was ignored
    // (the record went public), and JSONL text kept the controls other loaders drop.
    #[test]
    fn a_jsonl_audience_spelt_otherwise_refuses_the_record() {
        let jsonl = "{\"id\":\"a\",\"text\":\"x y\",\"Audience\":\"internal\"}\n{\"id\":\"b\",\"text\":\"x y\",\"audiance\":\"internal\"}\n{\"id\":\"c\",\"text\":\"x y\",\"audience\":\"internal\"}\n";
        let (docs, problems) = load_jsonl_docs("d.jsonl", jsonl, &LoadDefaults::default());
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].audience, Audience::Internal);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].to_string().contains("\"audience\""),
            "{}",
            problems[0]
        );
    }

    // Ninth probe: `"audience": null` read as no audience, and the record went public.
    #[test]
    fn a_jsonl_audience_that_is_not_a_string_refuses_the_record() {
        for v in ["null", "1", "[\"internal\"]"] {
            let jsonl = format!("{{\"id\":\"a\",\"text\":\"x y\",\"audience\":{v}}}\n");
            let (docs, problems) = load_jsonl_docs("d.jsonl", &jsonl, &LoadDefaults::default());
            assert!(docs.is_empty(), "{v}: {docs:?}");
            assert!(
                problems[0].to_string().contains("must be a string"),
                "{v}: {problems:?}"
            );
        }
    }

    #[test]
    fn jsonl_documents_lose_invisible_controls_as_files_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"title\":\"T\\u202eX\",\"text\":\"Hold\\u0000 the \\u001b[2Jreset.\"}\n",
        )
        .unwrap();
        let (docs, problems) = load_file(&path, "d", &LoadDefaults::default(), dir.path()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(docs[0].title, "TX");
        assert_eq!(docs[0].text, "Hold the [2Jreset.");
    }

    // Seventh probe, finding 8: front matter opening a text file or an exported HTML page was
    // read as text, and the page went out with the default audience.
    #[test]
    fn front_matter_opening_text_and_html_counts() {
        let fm = "---\ntitle: Ops\naudience: internal\n---\n";
        let d = load_text(
            "ops.txt",
            &format!("{fm}Ops runbook\n\nRotate the vault.\n"),
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.audience, Audience::Internal);
        assert!(!d.text.contains("audience:"), "{}", d.text);
        let html = format!("{fm}<html><body><h1>Ops</h1><p>Rotate the vault.</p></body></html>");
        let d = load_html("ops.html", &html, LoadDefaults::default()).unwrap();
        assert_eq!(d.audience, Audience::Internal);
        let typo = "---\naudiance: internal\n---\nOps\n";
        assert!(load_text("t.txt", typo, LoadDefaults::default()).is_err());
        let plain = load_text(
            "p.txt",
            "Plain words\n\nno front matter.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(plain.audience, Audience::Public);
    }

    /// The ninth probe: valid YAML or TOML naming `internal` in forms the flat reader skipped
    /// published the page as public.
    #[test]
    fn a_fence_naming_its_language_is_front_matter() {
        // The tenth probe: gray-matter reads `---yaml`, `--- toml`, `---json` as front
        // matter; Docent took them for text and published an internal page.
        let read = [
            (
                "---yaml\ntitle: Y\naudience: internal\n---\n# Y\n\nBody.\n",
                "Y",
            ),
            (
                "--- yaml\ntitle: Y\naudience: internal\n---\n# Y\n\nBody.\n",
                "Y",
            ),
            (
                "---YML\ntitle: Y\naudience: internal\n...\n# Y\n\nBody.\n",
                "Y",
            ),
            (
                "---toml\ntitle = \"Y\"\naudience = \"internal\"\n---\n# Y\n\nBody.\n",
                "Y",
            ),
        ];
        for (text, title) in read {
            let d = load_markdown("p.md", text, LoadDefaults::default()).unwrap();
            assert_eq!(d.audience, Audience::Internal, "{text:?}");
            assert_eq!(d.title, title, "{text:?}");
            assert!(
                !d.text.contains("---") && !d.text.contains("title"),
                "{text:?}"
            );
        }
        refused(&[
            "---json\n{\"title\": \"J\", \"audience\": \"internal\"}\n---\n# J\n",
            "---coffee\naudience: 'internal'\n---\n# C\n",
            "---json\n{\"title\": \"J\", \"\\u0061udience\": \"internal\"}\n---\n# J\n",
        ]);
        // The code review: a line that starts with the closing fence closes it, as
        // gray-matter and Astro read it; a block never closed, a `\U` escape, a key broken
        // over lines, and MkDocs' unfenced metadata naming the audience refuse the file.
        for text in [
            "---yaml\ntitle: C\naudience: internal\n----\n# C\n",
            "---\ntitle: C\naudience: internal\n--- # end of front matter\n# C\n",
            "---yaml\ntitle: C\naudience: internal\n---yaml\n# C\n",
        ] {
            let d = load_markdown("p.md", text, LoadDefaults::default()).unwrap();
            assert_eq!(d.audience, Audience::Internal, "{text:?}");
            assert!(!d.text.contains("title"), "{text:?}");
        }
        refused(&[
            "---\ntitle: U\n\"\\U00000061\\U00000075\\U00000064ience\": internal\n---\n# U\n",
            "---yaml\ntitle: K\n? \"aud\\\n  ience\"\n: internal\n---\n# K\n",
            "---\ntitle: Open\naudience: internal\n# Open\n\nNever closed.\n",
            "Title: Runbook\nAudience: internal\n\n# Runbook\n\nRestart the worker.\n",
            // Session 55's probe: the block ends at the first line that is not metadata.
            "Audience: internal\n# Heading\n\nThe secret word.\n",
            "Title: T\nAudience: internal\nThe secret word.\n",
        ]);
        // Session 55's probe: front matter behind invisible or commented lines was text.
        for lead in [
            "\u{200b}",
            "\u{a0}\n",
            "<!-- header -->\n",
            "%YAML 1.2\n",
            "\u{ad}",
            "%TAG ! tag:example.com,2000:\n",
            "[//]: # (x)\n",
            "{/* c */}\n",
        ] {
            let text =
                format!("{lead}---\ntitle: Hidden\naudience: internal\n---\n# Hidden\n\nText.\n");
            let d = load_markdown("p.md", &text, LoadDefaults::default()).unwrap();
            assert_eq!(d.audience, Audience::Internal, "{lead:?}");
            assert!(!d.text.contains("audience"), "{lead:?}: {}", d.text);
        }
        refused(&["---\ntitle: Two\n---\n---\naudience: internal\n---\n# Two\n"]);
        // Session 55's probe: MDX metadata exported as JavaScript went unread (public).
        for text in [
            "export const metadata = {audience: 'internal'}\n\n# M\n\nText.\n",
            "export const meta = {\n  title: 'M',\n  audience: 'internal',\n}\n\n# M\n",
            "export const audience = 'internal'\n\n# M\n",
            "export const metadata = {aud\\u0069ence: 'internal'}\n\n# M\n",
        ] {
            for path in ["p.mdx", "p.md"] {
                assert!(
                    load_mdx(path, text, LoadDefaults::default(), Tabs::First).is_err(),
                    "{path} {text:?}"
                );
            }
        }
        // An export that names none, and code that mentions one, are read.
        for text in [
            "export const metadata = {title: 'M'}\n\n# M\n\nOur audience is admins.\n",
            "# M\n\n```js\nexport const audience = 'x'\n```\n",
        ] {
            assert!(
                load_mdx("p.mdx", text, LoadDefaults::default(), Tabs::First).is_ok(),
                "{text:?}"
            );
        }
        // A word after `---` that names no language a reader has is text, kept whole.
        let d = load_markdown(
            "p.md",
            "--- Overview\nThis guide explains exports.\n---\n# Exports\n\nPress Export.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert!(
            d.text.contains("This guide explains exports."),
            "{:?}",
            d.text
        );
        // Prose that opens with a label is no metadata.
        let d = load_markdown(
            "p.md",
            "Note: the audience of this page is every admin.\n\n# Admins\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.audience, Audience::Public);
        // JSON without an audience: the block is front matter, not text.
        let d = load_markdown(
            "p.md",
            "---json\n{\"title\": \"J\"}\n---\n# J\n\nBody.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.audience, Audience::Public);
        assert!(!d.text.contains("title"), "{:?}", d.text);
        // A thematic break is not a fence.
        let d = load_markdown(
            "p.md",
            "----\n# R\n\nAudience: all.\n----\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert_eq!(d.audience, Audience::Public);
    }

    #[test]
    fn every_form_a_yaml_or_toml_reader_takes_for_an_audience_is_read_or_refused() {
        let refused = [
            "---\ntitle: T\n\"audience\": internal\n---\n# T\n",
            "---\ntitle: T\n'audience': internal\n---\n# T\n",
            "---\n{title: T, audience: internal}\n---\n# T\n",
            "---\ntitle: T\n? audience\n: internal\n---\n# T\n",
            "---\ntitle: T\naudience: internal\naudience: public\n---\n# T\n",
            "+++\ntitle = \"T\"\n\"audience\" = \"internal\"\n+++\n# T\n",
            "+++\ntitle = \"T\"\n'audience' = \"internal\"\n+++\n# T\n",
            "+++\ntitle = \"T\"\nparams = { audience = \"internal\" }\n+++\n# T\n",
            "---\ntitle: T\n\u{430}udience: internal\n---\n# T\n",
            "---\ntitle: T\naudi\u{200b}ence: internal\n---\n# T\n",
            "---\ntitle: T\n\u{ff41}\u{ff55}\u{ff44}\u{ff49}\u{ff45}\u{ff4e}\u{ff43}\u{ff45}: internal\n---\n# T\n",
            // The code review of the fix: after blank lines, escaped, tagged, in a TOML table
            // or dotted key, JSON front matter.
            "\n---\ntitle: T\n\"audience\": internal\n---\n# T\n",
            "---\ntitle: T\n\"aud\\u0069ence\": internal\n---\n# T\n",
            "---\ntitle: T\n!!str audience: internal\n---\n# T\n",
            "+++\ntitle = \"T\"\n[params]\naudience = \"internal\"\n+++\n# T\n",
            "+++\ntitle = \"T\"\nparams.audience = \"internal\"\n+++\n# T\n",
            "{\n  \"title\": \"T\",\n  \"audience\": \"internal\"\n}\n# T\n",
        ];
        for text in refused {
            let got = load_markdown("p.md", text, LoadDefaults::default());
            assert!(
                got.is_err(),
                "read as {:?}: {text:?}",
                got.map(|d| d.audience)
            );
            assert!(got.unwrap_err().to_string().contains("p.md"));
        }
        let read = [
            (
                "---\ntitle: T\naudience: internal\n---\n# T\n",
                Audience::Internal,
            ),
            (
                "---\ntitle: \"Audience: who sees a page\"\naudience: customer\n---\n# T\n",
                Audience::Customer,
            ),
            (
                "---\ndescription: Pick an audience for each page.\n---\n# T\n",
                Audience::Public,
            ),
            ("---\nAudience: internal\n---\n# T\n", Audience::Internal),
            (
                "---\ntitle: \"FAQ - Audience: who sees what\"\n---\n# T\n",
                Audience::Public,
            ),
            (
                "---\n\n---\n\nAudience targeting: pick who sees a page.\n\n---\n",
                Audience::Public,
            ),
        ];
        for (text, want) in read {
            let d = load_markdown("p.md", text, LoadDefaults::default()).unwrap();
            assert_eq!(d.audience, want, "{text:?}");
        }
        // Carriage returns alone are line breaks: the fence is found and the audience read.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cr.md");
        std::fs::write(
            &path,
            "---\rtitle: T\raudience: internal\r---\r# T\r\rText.\r",
        )
        .unwrap();
        let (docs, _) = load_file(&path, "cr", &LoadDefaults::default(), dir.path()).unwrap();
        assert_eq!(docs[0].audience, Audience::Internal);
        assert!(!docs[0].text.contains("audience"), "{:?}", docs[0].text);
        // JSON keeps the last of two fields: a record naming the audience twice is refused.
        let (docs, problems) = load_jsonl_docs(
            "d.jsonl",
            "{\"id\":\"j\",\"text\":\"x\",\"audience\":\"internal\",\"audience\":\"public\"}\n",
            &LoadDefaults::default(),
        );
        assert!(docs.is_empty() && problems.len() == 1, "{problems:?}");
        // The code review: nested or escaped, refused; a text that talks about audiences, read.
        let (docs, problems) = load_jsonl_docs(
            "d.jsonl",
            "{\"id\":\"n\",\"text\":\"x\",\"metadata\":{\"audience\":\"internal\"}}\n\
             {\"id\":\"e\",\"text\":\"x\",\"aud\\u0069ence\":\"internal\"}\n\
             {\"id\":\"t\",\"text\":\"set it per page, audience: customer\",\"audience\":\"internal\"}\n",
            &LoadDefaults::default(),
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].audience, Audience::Internal);
    }

    #[test]
    fn bad_audience_names_the_file() {
        let err = load_markdown(
            "docs/a.md",
            "---\naudience: vip\n---\nx",
            LoadDefaults::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("docs/a.md"), "{err}");
        assert!(err.to_string().contains("vip"), "{err}");
    }

    #[test]
    fn markdown_lines_starting_with_export_are_text() {
        let d = load_markdown(
            "a.md",
            "# T\nyou can share,\nexport and schedule.\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert!(d.text.contains("export and schedule"), "{}", d.text);
        let d = load_markdown(
            "a.mdx",
            "# T\nyou can share,\nexport and schedule.\nexport const x = 1;\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert!(d.text.contains("export and schedule"), "{}", d.text);
        assert!(!d.text.contains("export const"), "{}", d.text);
    }

    #[test]
    fn a_title_or_heading_keeps_no_bidi_override() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("evil.md");
        std::fs::write(
            &page,
            "---\ntitle: Evil \u{202E}gnp.exe\n---\n## Vers\u{200B}ions \u{2066}x\u{2069}\n\nText.\n",
        )
        .unwrap();
        let (docs, _) = load_file(&page, "evil", &LoadDefaults::default(), dir.path()).unwrap();
        assert_eq!(docs[0].title, "Evil gnp.exe");
        assert!(docs[0].text.contains("## Versions x"), "{}", docs[0].text);
    }

    #[test]
    fn a_public_page_placing_an_internal_page_is_internal() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(
            p.join("_ops.mdx"),
            "---\naudience: internal\n---\nThe ops token lives in the vault.\n",
        )
        .unwrap();
        let page = p.join("public.mdx");
        std::fs::write(
            &page,
            "---\ntitle: Filters\naudience: public\n---\nimport Ops from './_ops.mdx';\n\nFilter results.\n\n<Ops />\n",
        )
        .unwrap();
        let (docs, _) = load_file(&page, "public", &LoadDefaults::default(), p).unwrap();
        assert!(docs[0].text.contains("ops token"), "{}", docs[0].text);
        assert_eq!(docs[0].audience, Audience::Internal);
    }

    #[test]
    fn a_cards_title_and_outside_link_are_kept() {
        let d = load_markdown(
            "demo.mdx",
            "# Geosearch\n\n<CardGroup cols={2}>\n  <Card title=\"Source code\" icon=\"github\" href=\"https://github.com/meilisearch/demos/tree/main/src/geo-javascript\">\n    View implementation\n  </Card>\n  <Card title=\"Filtering\" href=\"/capabilities/filtering\">\n    Learn to filter\n  </Card>\n  <Card title=\"Faster indexing\" icon=\"bolt\" />\n  <Card title=\"x\" href=\"javascript:alert(1)\">\n    Bad link\n  </Card>\n</CardGroup>\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert!(
            d.text.contains(
                "[Source code](https://github.com/meilisearch/demos/tree/main/src/geo-javascript)\n\n"
            ),
            "{}",
            d.text
        );
        assert!(d.text.contains("View implementation"), "{}", d.text);
        assert!(d.text.contains("**Faster indexing**"), "{}", d.text);
        // Navigation within the docs and links that are no web pages say nothing.
        assert!(!d.text.contains("Filtering"), "{}", d.text);
        assert!(!d.text.contains("javascript:"), "{}", d.text);
        assert!(
            !d.text.contains("<Card") && !d.text.contains("CardGroup"),
            "{}",
            d.text
        );
    }

    #[test]
    fn an_inline_component_in_a_heading_leaves_its_label() {
        let d = load_markdown(
            "conf.mdx",
            "# Configuration\n\n### Search queue size <NoticeTag type=\"experimental\" label=\"experimental\" />\n\nA line with `<Keep />` in code and a <Badge /> tag.\n\n```jsx\n<Widget />\n```\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert!(
            d.text.contains("### Search queue size (experimental)\n"),
            "{}",
            d.text
        );
        assert!(
            d.text.contains("A line with `<Keep />` in code and a tag."),
            "{}",
            d.text
        );
        assert!(d.text.contains("```jsx\n<Widget />\n```"), "{}", d.text);
        assert!(
            !d.text.contains("NoticeTag") && !d.text.contains("Badge"),
            "{}",
            d.text
        );
    }

    #[test]
    fn mdx_components_are_dropped_but_code_kept() {
        let d = load_markdown(
            "a.mdx",
            "import X from 'y'\n# T\n<Tabs>\ntext\n```\n<Keep>\n```\n</Tabs>\n",
            LoadDefaults::default(),
        )
        .unwrap();
        assert!(!d.text.contains("import X"));
        assert!(!d.text.contains("<Tabs>"));
        assert!(d.text.contains("<Keep>"));
    }

    #[test]
    fn a_code_sample_of_its_own_keeps_every_tab_and_is_named_after_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("snippets/samples");
        std::fs::create_dir_all(&folder).unwrap();
        let group = "<CodeGroup>\n\n```bash cURL\ncurl -X POST 'URL/indexes/movies/compact'\n```\n\n```rust Rust\nclient.index(\"movies\").compact().await\n```\n</CodeGroup>\n";
        let sample = folder.join("code_samples_compact_index_1.mdx");
        std::fs::write(&sample, group).unwrap();
        let id = "snippets/samples/code_samples_compact_index_1";
        let (docs, _) = load_file(&sample, id, &LoadDefaults::default(), dir.path()).unwrap();
        assert_eq!(docs[0].title, "Code samples compact index");
        assert!(docs[0].text.contains("curl -X POST"), "{}", docs[0].text);
        assert!(
            docs[0].text.contains(".compact().await"),
            "{}",
            docs[0].text
        );
        assert!(!docs[0].text.contains("CodeGroup"), "{}", docs[0].text);
        // A page with the same group shows its first tab only.
        let page = dir.path().join("compact.mdx");
        std::fs::write(&page, format!("# Compact\n\nCompact it:\n\n{group}")).unwrap();
        let (docs, _) = load_file(&page, "compact", &LoadDefaults::default(), dir.path()).unwrap();
        assert!(docs[0].text.contains("curl -X POST"), "{}", docs[0].text);
        assert!(
            !docs[0].text.contains(".compact().await"),
            "{}",
            docs[0].text
        );
    }

    #[test]
    fn jsonl_keeps_ids_and_names_bad_lines() {
        let (ok, problems) = load_jsonl_docs(
            "c.jsonl",
            "{\"id\":\"s1\",\"title\":\"A\",\"text\":\"x\"}\n{oops\n{\"id\":7,\"text\":\"y\"}\n",
            &LoadDefaults::default(),
        );
        assert_eq!(ok[0].id, "s1");
        assert_eq!(ok[1].id, "7");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().starts_with("c.jsonl:2:"),
            "{}",
            problems[0]
        );
    }

    // Second security probe, finding 8: an id with a ".." segment linked away from the docs.
    #[test]
    fn an_id_that_would_link_elsewhere_is_refused_and_named() {
        let (ok, problems) = load_jsonl_docs(
            "c.jsonl",
            "{\"id\":\"../../etc/passwd\",\"text\":\"x\"}\n{\"id\":\"nl\\r\\nX\",\"text\":\"x\"}\n{\"id\":\"q?x=1\",\"text\":\"y\"}\n",
            &LoadDefaults::default(),
        );
        assert_eq!(ok.len(), 1, "{problems:?}");
        assert_eq!(ok[0].id, "q?x=1", "kept, and linked encoded");
        assert_eq!(problems.len(), 2);
        assert!(
            problems[0].to_string().contains("../../etc/passwd"),
            "{}",
            problems[0]
        );
    }
}
