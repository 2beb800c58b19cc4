//! The generative composer: any OpenAI-compatible chat endpoint (Ollama, llama.cpp server,
//! vLLM, hosted APIs) writes the answer from fenced excerpts, and every sentence it writes is
//! checked before it reaches the customer.
//!
//! The prompt (`prompts/answer.txt`, system part above `=== user ===`) fences each retrieved
//! chunk as `<source id="S1">` data and asks for `[S1]`-style citations. The reply is read as a
//! stream; each sentence (or numbered step) is verified as soon as it is complete: its cited
//! ids must be retrieved ones and one of them must support it ([`crate::verify`]). A sentence
//! citing an unknown id is repaired when another retrieved chunk supports it, and dropped
//! otherwise; so is a sentence that no retrieved chunk supports. A sentence that names a UI
//! label or menu path (`**Export**`, `Settings > Security`) is kept only when its span names
//! it exactly ([`crate::labels`]), and a sentence that repeats one already shown (the same
//! content terms, or nearly) is shown once. Verified parts go to the sink at once, so
//! streaming reaches the client sentence by sentence.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::time::Duration;

use docent_core::{AnswerPart, Citation, ComposerKind, LlmConfig, PartKind};
use serde_json::json;

use crate::labels::{labels_hold, quotes_hold};
use crate::text::{sentences, terms};
use crate::verify::{best_span, MIN_SUPPORT};
use crate::{cite, ComposeInput, Composed, Composer, Error, Result};

/// Marker the model uses to decline.
pub const NO_ANSWER: &str = "NO_ANSWER";

/// A client of an OpenAI-compatible `/chat/completions` endpoint, shared by the tutor's
/// composer and the quiz generator.
pub struct LlmClient {
    url: String,
    model: String,
    api_key: Option<String>,
    temperature: f32,
    max_tokens: Option<u32>,
    agent: ureq::Agent,
}

/// Tokens a tutor answer may take (five short sentences or a few steps with citations need
/// under 200): a small model that loops stops here instead of at the timeout.
pub const ANSWER_MAX_TOKENS: u32 = 320;

/// The most of a streamed reply read: 320 tokens in server-sent events take a few tens of
/// kilobytes, so a reply past this is a broken or hostile endpoint, not an answer.
const MAX_REPLY_BYTES: u64 = 4 << 20;

/// The longest event line read: a delta of a few tokens takes a few hundred bytes.
const MAX_LINE_BYTES: u64 = 64 << 10;

/// Characters of an endpoint's reply an error quotes.
const QUOTED_CHARS: usize = 300;

impl LlmClient {
    /// A client for the `[llm]` settings; the API key is read from the variable they name.
    pub fn from_config(cfg: &LlmConfig) -> Result<LlmClient> {
        if cfg.url.is_empty() || cfg.model.is_empty() {
            return Err(Error::Config(
                "a language model needs [llm] url and model (e.g. url = \"http://localhost:11434/v1\", model = \"llama3.2\")".into(),
            ));
        }
        let api_key = docent_core::secret_from_env(&cfg.api_key_env);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(cfg.timeout_s.max(1))))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(LlmClient {
            url: cfg.url.trim_end_matches('/').to_string(),
            model: cfg.model.clone(),
            api_key,
            temperature: cfg.temperature,
            max_tokens: None,
            agent,
        })
    }

    /// The same client, its replies cut at `max_tokens`.
    pub fn with_max_tokens(mut self, max_tokens: u32) -> LlmClient {
        self.max_tokens = Some(max_tokens);
        self
    }

    /// The endpoint's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// An error about this endpoint.
    pub fn err(&self, message: impl Into<String>) -> Error {
        Error::Llm {
            url: docent_core::without_secrets(&self.url),
            // A client error may quote the whole address; the endpoint's text is one line.
            message: docent_core::one_line(&docent_core::without_secrets(&message.into())),
        }
    }

    /// Sends one chat request and returns the response body (an event stream when `stream`).
    pub fn send(&self, system: &str, user: &str, stream: bool) -> Result<ureq::Body> {
        let mut body = json!({
            "model": self.model,
            "stream": stream,
            "temperature": self.temperature,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
        });
        if let Some(n) = self.max_tokens {
            body["max_tokens"] = n.into();
        }
        let accept = if stream {
            "text/event-stream"
        } else {
            "application/json"
        };
        let mut req = self
            .agent
            .post(format!("{}/chat/completions", self.url))
            .header("Accept", accept);
        if let Some(k) = &self.api_key {
            req = req.header("Authorization", format!("Bearer {k}"));
        }
        let resp = req.send_json(&body).map_err(|e| self.err(e.to_string()))?;
        let status = resp.status();
        let mut body = resp.into_body();
        if !status.is_success() {
            let text = body.read_to_string().unwrap_or_default();
            return Err(self.err(format!(
                "HTTP {status}: {}",
                text.chars().take(QUOTED_CHARS).collect::<String>()
            )));
        }
        Ok(body)
    }

    /// One complete (non-streamed) reply's text.
    pub fn complete(&self, system: &str, user: &str) -> Result<String> {
        /// A completion, as far as it is read: parsed into these types, not a JSON tree many
        /// times the reply's size.
        #[derive(serde::Deserialize)]
        struct Completion {
            choices: Vec<Choice>,
        }
        #[derive(serde::Deserialize)]
        struct Choice {
            message: Message,
        }
        #[derive(serde::Deserialize)]
        struct Message {
            content: Option<String>,
        }
        let mut body = self.send(system, user, false)?;
        let bytes = body
            .read_to_vec()
            .map_err(|e| self.err(format!("reading the reply: {e}")))?;
        let reply: Completion = serde_json::from_slice(&bytes).map_err(|e| {
            self.err(format!(
                "reply is not a chat completion: {}",
                e.to_string().chars().take(QUOTED_CHARS).collect::<String>()
            ))
        })?;
        reply
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .ok_or_else(|| self.err("reply has no choices[0].message.content"))
    }
}

/// Reads a prompt template: the system part, a line `=== user ===`, the user part.
pub fn read_template(path: &str) -> Result<(String, String)> {
    let template = std::fs::read_to_string(path)
        .map_err(|e| Error::Config(format!("prompt template {path}: {e}")))?;
    let (system, user) = template.split_once("=== user ===").ok_or_else(|| {
        Error::Config(format!(
            "prompt template {path}: no '=== user ===' line between system and user parts"
        ))
    })?;
    Ok((system.trim().to_string(), user.trim().to_string()))
}

/// Chunks fenced as data for a prompt, named `S1`, `S2`, ... in order.
pub fn fence_sources(chunks: &[&docent_core::Chunk]) -> String {
    let mut sources = String::new();
    for (i, c) in chunks.iter().enumerate() {
        let section = c.heading_path.join(" > ");
        // The fence cannot be closed from inside.
        let text = c.text.replace("</source", "&lt;/source");
        sources.push_str(&format!(
            "<source id=\"S{}\" title=\"{}\" section=\"{}\">\n{}\n</source>\n\n",
            i + 1,
            c.title.replace('"', "'"),
            section.replace('"', "'"),
            text.trim()
        ));
    }
    sources.trim_end().to_string()
}

/// A composer backed by an OpenAI-compatible `/chat/completions` endpoint.
pub struct OpenAi {
    client: LlmClient,
    system: String,
    user: String,
}

impl OpenAi {
    /// Reads the prompt template and the API key variable named by `cfg`.
    pub fn from_config(cfg: &LlmConfig) -> Result<OpenAi> {
        let client = LlmClient::from_config(cfg)?.with_max_tokens(ANSWER_MAX_TOKENS);
        let (system, user) = read_template(&cfg.prompt)?;
        Ok(OpenAi {
            client,
            system,
            user,
        })
    }

    /// The user message: excerpts fenced as data, then the question.
    pub fn user_message(&self, input: &ComposeInput<'_>) -> String {
        let chunks: Vec<&docent_core::Chunk> = input.evidence.iter().map(|e| &e.chunk).collect();
        self.user
            .replace("{{sources}}", &fence_sources(&chunks))
            .replace("{{question}}", input.question)
    }

    fn err(&self, message: impl Into<String>) -> Error {
        self.client.err(message)
    }
}

/// Splits `[S1]`, `[S1, S3]` markers off a sentence: the clean text and the cited indexes
/// (0-based; ids that are not `S<n>` come back as `usize::MAX`).
pub fn split_citations(sentence: &str) -> (String, Vec<usize>) {
    let mut clean = String::new();
    let mut ids = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let parsed: Vec<usize> = inner
            .split(',')
            .map(|id| {
                let id = id.trim().trim_start_matches(['S', 's']);
                id.parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let looks_like_cite = inner
            .split(',')
            .all(|id| id.trim().starts_with(['S', 's']) || id.trim().parse::<usize>().is_ok());
        clean.push_str(&rest[..open]);
        if looks_like_cite {
            ids.extend(parsed);
        } else {
            clean.push_str(&rest[open..=open + close]);
        }
        rest = &rest[open + close + 1..];
    }
    clean.push_str(rest);
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let clean = clean.replace(" .", ".").replace(" ,", ",");
    (clean, ids)
}

/// Verifies generated sentences as they complete and turns them into cited parts.
pub struct Verifier<'a, 'b> {
    input: &'a ComposeInput<'b>,
    buffer: String,
    /// Parts and citations so far.
    pub composed: Composed,
    /// Sentences dropped because nothing retrieved supports them.
    pub dropped: Vec<String>,
    /// Sentences whose citation was repaired to another retrieved chunk.
    pub repaired: usize,
    /// Sentences not shown because they repeat one already shown.
    pub repeated: usize,
    /// Content terms of the sentences shown so far.
    shown: Vec<HashSet<String>>,
    declined: bool,
}

/// Share of content terms two sentences must share (of their union) to be one repeated.
pub const REPEAT_OVERLAP: f32 = 0.8;

/// Whether two sentences' content terms are the same or nearly (Jaccard at least
/// [`REPEAT_OVERLAP`]).
fn repeats(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let union = a.union(b).count();
    union > 0 && a.intersection(b).count() as f32 / union as f32 >= REPEAT_OVERLAP
}

impl<'a, 'b> Verifier<'a, 'b> {
    /// A verifier over `input`'s evidence.
    pub fn new(input: &'a ComposeInput<'b>) -> Self {
        Verifier {
            input,
            buffer: String::new(),
            composed: Composed::default(),
            dropped: Vec::new(),
            repaired: 0,
            repeated: 0,
            shown: Vec::new(),
            declined: false,
        }
    }

    /// Feeds streamed text; complete sentences are verified and emitted.
    pub fn push(&mut self, delta: &str, sink: &mut dyn FnMut(&AnswerPart, &Citation)) {
        self.buffer.push_str(delta);
        loop {
            // A line break always ends a unit; otherwise wait until a sentence is followed by
            // more text (its citation marker may still be coming).
            let cut = match self.buffer.find('\n') {
                Some(nl) => Some((nl, nl + 1)),
                None => {
                    let spans = sentences(&self.buffer);
                    if spans.len() >= 2 {
                        Some((spans[0].1, spans[1].0))
                    } else {
                        None
                    }
                }
            };
            let Some((end, next)) = cut else { break };
            let unit = self.buffer[..end].to_string();
            self.buffer.drain(..next);
            self.sentence(&unit, sink);
        }
    }

    /// Flushes what is left at the end of the stream; what was dropped, repeated and repaired
    /// in all goes to `trace`.
    pub fn finish(
        mut self,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
        trace: &mut Trace,
    ) -> Composed {
        let rest = std::mem::take(&mut self.buffer);
        for (s, e) in sentences(&rest) {
            self.sentence(&rest[s..e], sink);
        }
        trace.dropped.append(&mut self.dropped);
        trace.repeated = self.repeated;
        trace.repaired = self.repaired;
        // NO_ANSWER declines; after parts were shown (streamed) they stand.
        if self.declined && self.composed.parts.is_empty() {
            return Composed::default();
        }
        self.composed
    }

    fn sentence(&mut self, raw: &str, sink: &mut dyn FnMut(&AnswerPart, &Citation)) {
        let raw = raw.trim();
        if raw.is_empty() {
            return;
        }
        if raw.contains(NO_ANSWER) {
            self.declined = true;
            return;
        }
        let (text, ids) = split_citations(raw);
        let body = text
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')'])
            .trim();
        if body.is_empty() {
            return;
        }
        // A question (the customer's, echoed) is no part of an answer.
        if body.ends_with('?') {
            self.dropped.push(text);
            return;
        }
        let body_terms: HashSet<String> = terms(body).into_iter().collect();
        // Stray markup ("---", a code fence) or a bare "Then" says nothing a span can support.
        if body_terms.is_empty() {
            self.dropped.push(text);
            return;
        }
        if self.shown.iter().any(|t| repeats(t, &body_terms)) {
            self.repeated += 1;
            return;
        }
        let evidence = self.input.evidence;
        let check = |i: usize| {
            let e = evidence.get(i)?;
            best_span(body, &e.chunk.text, &e.units)
                .filter(|b| {
                    let span = &e.chunk.text[b.0..b.1];
                    b.2 >= MIN_SUPPORT && labels_hold(body, span) && quotes_hold(body, span)
                })
                .map(|b| (i, b))
        };
        let cited = ids.iter().filter_map(|&i| check(i)).next();
        let chosen = match cited {
            Some(c) => Some(c),
            None => {
                let repaired = (0..evidence.len())
                    .filter_map(check)
                    .max_by(|a, b| a.1 .2.total_cmp(&b.1 .2));
                if repaired.is_some() {
                    self.repaired += 1;
                }
                repaired
            }
        };
        let Some((i, (start, end, _))) = chosen else {
            self.dropped.push(text);
            return;
        };
        let ev = &evidence[i];
        let unit = ev.units.iter().find(|u| u.start == start);
        let n = self.composed.citations.len() + 1;
        let citation = cite(ev, unit, start, end, n, self.input.docs_base);
        let kind =
            if text.trim_start().starts_with(|c: char| c.is_ascii_digit()) && text.contains(". ") {
                PartKind::Steps
            } else {
                PartKind::Paragraph
            };
        let part = AnswerPart {
            kind,
            text,
            citation: n,
        };
        sink(&part, &citation);
        self.shown.push(body_terms);
        self.composed.parts.push(part);
        self.composed.citations.push(citation);
    }
}

/// What the model wrote and what verification made of it.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The model's reply as streamed, citation markers and all.
    pub reply: String,
    /// Sentences dropped because nothing retrieved supports them (numbers and UI labels
    /// included).
    pub dropped: Vec<String>,
    /// Sentences not shown because they repeat one already shown.
    pub repeated: usize,
    /// Sentences whose citation was repaired to another retrieved chunk.
    pub repaired: usize,
}

impl OpenAi {
    /// [`Composer::compose`], with the model's reply and what verification dropped.
    pub fn compose_traced(
        &self,
        input: &ComposeInput<'_>,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<(Composed, Trace)> {
        let mut trace = Trace::default();
        if input.evidence.is_empty() {
            return Ok((Composed::default(), trace));
        }
        let mut body = self
            .client
            .send(&self.system, &self.user_message(input), true)?;
        let mut verifier = Verifier::new(input);
        if let Err(e) = self.read_stream(body.as_reader(), &mut verifier, &mut trace, sink) {
            // Parts already shown cannot be taken back: a stream that breaks after them ends
            // the answer there; one that breaks before any is the composer's failure.
            if verifier.composed.parts.is_empty() {
                return Err(e);
            }
            verifier.buffer.clear(); // a sentence cut off is not shown
            crate::warn(&format!(
                "{e}; the answer ends with the sentences verified so far"
            ));
        }
        let composed = verifier.finish(sink, &mut trace);
        Ok((composed, trace))
    }

    /// Feeds a `/chat/completions` event stream to `verifier` until `[DONE]` or its end.
    fn read_stream(
        &self,
        reader: impl std::io::Read,
        verifier: &mut Verifier<'_, '_>,
        trace: &mut Trace,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<()> {
        // At most MAX_REPLY_BYTES (and one byte more, to tell a reply that passed it) are
        // read, whatever the endpoint sends: a line that never ends is cut there.
        // An event line is read up to MAX_LINE_BYTES: one parsed into a JSON tree takes many
        // times its size, so a reply of a few huge lines cost tens of megabytes a question.
        let mut read = 0u64;
        let limited = std::io::Read::take(reader, MAX_REPLY_BYTES + 1);
        let mut reader = BufReader::new(limited);
        let mut bytes = Vec::new();
        loop {
            bytes.clear();
            let n = std::io::Read::take(&mut reader, MAX_LINE_BYTES + 1)
                .read_until(b'\n', &mut bytes)
                .map_err(|e| self.err(format!("reading the stream: {e}")))?;
            if n == 0 {
                break;
            }
            read += n as u64;
            if read > MAX_REPLY_BYTES {
                return Err(self.err(format!(
                    "the reply passed {} MiB; the rest is not read",
                    MAX_REPLY_BYTES >> 20
                )));
            }
            if bytes.len() as u64 > MAX_LINE_BYTES {
                return Err(self.err(format!(
                    "an event line passed {} KiB; the rest is not read",
                    MAX_LINE_BYTES >> 10
                )));
            }
            let line = String::from_utf8_lossy(&bytes);
            let line = line.trim_end_matches(['\n', '\r']);
            let Some(data) = line.strip_prefix("data:") else {
                continue;
            };
            let data = data.trim();
            if data == "[DONE]" {
                break;
            }
            let v: serde_json::Value = serde_json::from_str(data).map_err(|e| {
                self.err(format!(
                    "bad stream event {:?}: {e}",
                    data.chars().take(QUOTED_CHARS).collect::<String>()
                ))
            })?;
            let choice = &v["choices"][0];
            let text = choice["delta"]["content"]
                .as_str()
                .or_else(|| choice["message"]["content"].as_str());
            if let Some(text) = text {
                trace.reply.push_str(text);
                verifier.push(text, sink);
            }
        }
        Ok(())
    }
}

impl Composer for OpenAi {
    fn name(&self) -> ComposerKind {
        ComposerKind::OpenAi
    }

    fn compose(
        &self,
        input: &ComposeInput<'_>,
        sink: &mut dyn FnMut(&AnswerPart, &Citation),
    ) -> Result<Composed> {
        Ok(self.compose_traced(input, sink)?.0)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Evidence, TermWeights};
    use docent_core::{Audience, Chunk, DocKind};

    pub(crate) const EXPORT: &str = "# Export a report\n\nYou can export any report or dashboard tile as **CSV**, **Excel (XLSX)** or **PDF**.\n\n1. Open the report.\n2. Click **Export** in the top right corner.\n\nDownload links stay valid for 7 days.";

    /// One retrieved chunk of `text`.
    pub(crate) fn evidence(text: &str) -> Vec<Evidence> {
        let chunk = Chunk {
            id: "reports/export#0".into(),
            doc_id: "reports/export".into(),
            ordinal: 0,
            title: "Export a report".into(),
            heading_path: vec!["Export a report".into()],
            text: text.into(),
            offset: 0,
            audience: Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: "export.md".into(),
            url: None,
            summary_end: 0,
        };
        vec![Evidence::new(chunk, 0.7)]
    }

    /// The parts a verifier shows for `reply`, streamed in pieces of 5 bytes.
    fn shown(reply: &str) -> Vec<String> {
        let ev = evidence(EXPORT);
        let weights = TermWeights::build(&[ev[0].chunk.clone()]);
        let input = ComposeInput {
            question: "How do I export a report?",
            evidence: &ev,
            weights: &weights,
            docs_base: "/docs",
            focus: &[],
        };
        let mut v = Verifier::new(&input);
        let mut streamed = 0;
        let bytes = reply.as_bytes();
        for piece in bytes.chunks(5) {
            v.push(&String::from_utf8_lossy(piece), &mut |_, _| streamed += 1);
        }
        let composed = v.finish(&mut |_, _| streamed += 1, &mut Trace::default());
        assert_eq!(streamed, composed.parts.len());
        composed.parts.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn invented_ui_labels_and_paths_are_dropped() {
        let parts = shown(
            "Open **Reports > Export to Excel** [S1]. Click **Excel** to open it [S1]. \
             Click **Export** in the top right corner [S1]. You can export a report as **CSV** [S1].",
        );
        assert_eq!(
            parts,
            vec![
                "Click **Export** in the top right corner.",
                "You can export a report as **CSV**."
            ]
        );
    }

    #[test]
    fn an_invented_quoted_file_name_is_dropped() {
        let parts = shown(
            "You can export a report as **CSV** [S1]. Download links for \"report-export.csv\" stay valid for 7 days [S1].",
        );
        assert_eq!(parts, vec!["You can export a report as **CSV**."]);
    }

    #[test]
    fn echoed_questions_and_stray_markup_are_dropped_and_a_late_no_answer_keeps_what_was_shown() {
        let parts = shown(
            "Download links stay valid for 7 days [S1]. Question: How long do download links stay valid? [S1]\n---\nNO_ANSWER",
        );
        assert_eq!(parts, vec!["Download links stay valid for 7 days."]);
        assert!(shown("NO_ANSWER").is_empty());
    }

    #[test]
    fn a_repeated_sentence_is_shown_once() {
        let parts = shown(
            "Download links stay valid for 7 days [S1]. Click **Export** in the top right corner [S1]. \
             Download links stay valid for 7 days [S2]. Download links are valid for 7 days [S1].",
        );
        assert_eq!(
            parts,
            vec![
                "Download links stay valid for 7 days.",
                "Click **Export** in the top right corner."
            ]
        );
    }

    #[test]
    fn citation_markers_are_split_off() {
        let (t, ids) = split_citations("Open the report [S1]. Then click Export [S2, S3].");
        assert_eq!(t, "Open the report. Then click Export.");
        assert_eq!(ids, vec![0, 1, 2]);
        let (t, ids) = split_citations("Press [Ctrl] [S9]");
        assert_eq!(t, "Press [Ctrl]");
        assert_eq!(ids, vec![8]);
    }
}
