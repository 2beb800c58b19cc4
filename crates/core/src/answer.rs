//! What the tutor returns: an answer made of parts, each tied to the chunk span that supports it.

use serde::{Deserialize, Serialize};

/// How a part of an answer is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// One or more sentences.
    Paragraph,
    /// A numbered list, kept whole and in order.
    Steps,
    /// A bulleted list.
    Bullets,
    /// A code block.
    Code,
}

/// One piece of an answer and the citation that supports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerPart {
    /// Layout of the part.
    pub kind: PartKind,
    /// The text (Markdown; for lists, one item a line with its marker).
    pub text: String,
    /// Number of the supporting [`Citation`] (`Citation::n`).
    pub citation: usize,
}

/// A cited source: which chunk, where in it, and how to open it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The marker number used in the answer text (`[1]`).
    pub n: usize,
    /// The chunk.
    pub chunk_id: String,
    /// Its document.
    pub doc_id: String,
    /// The document's title.
    pub title: String,
    /// Headings enclosing the quoted span.
    pub heading_path: Vec<String>,
    /// Link to the document (its own URL, or the configured docs base).
    pub link: String,
    /// The quoted text as it stands in the chunk, less printed page numbers and markup lines
    /// (component tags) that lie between the quoted parts.
    pub quote: String,
    /// Byte range of the quoted text in the chunk's text.
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
}

/// A document offered when the tutor does not answer, or as further reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    /// Document id.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// Its link.
    pub link: String,
}

/// Something the client can do next, as structured data (never a keyword in free text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Reach a person. The hand-off carries the transcript and the sources
    /// (`POST /v1/handoff` with the conversation id).
    Handoff {
        /// Button label.
        label: String,
        /// Where the person is reached.
        url: String,
    },
}

/// The tutor's reply to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// The question after follow-up resolution (what was searched).
    pub resolved_question: String,
    /// False when the tutor abstained ("I don't know").
    pub answered: bool,
    /// How sure the tutor is that the evidence answers the question, 0..1.
    pub confidence: f32,
    /// The answer as Markdown with `[n]` citation markers.
    pub text: String,
    /// The answer's parts, in order.
    pub parts: Vec<AnswerPart>,
    /// The citations the parts refer to.
    pub citations: Vec<Citation>,
    /// Closest articles (always given; the only content when the tutor abstains).
    pub related: Vec<Related>,
    /// What the client can do next.
    pub actions: Vec<Action>,
    /// Which composer wrote the answer (its lowercase name on the wire).
    pub composer: crate::ComposerKind,
}

impl Answer {
    /// Renders parts as Markdown with citation markers.
    pub fn render(parts: &[AnswerPart]) -> String {
        let mut out = String::new();
        for p in parts {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            match p.kind {
                PartKind::Paragraph => {
                    out.push_str(&p.text);
                    out.push_str(&format!(" [{}]", p.citation));
                }
                _ => {
                    out.push_str(&p.text);
                    out.push_str(&format!("\n[{}]", p.citation));
                }
            }
        }
        out
    }
}
