//! Domain types.

use serde::{Deserialize, Serialize};

/// Who may see a document. Ordered: a reader cleared for `Customer` sees `Public` and `Customer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Anyone, including anonymous visitors of a help centre.
    Public,
    /// Signed-in customers.
    Customer,
    /// Staff only. Tickets are always internal.
    Internal,
}

impl Audience {
    /// All audiences, from the most to the least open.
    pub const ALL: [Audience; 3] = [Audience::Public, Audience::Customer, Audience::Internal];

    /// The lowercase name used in files, the index and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Customer => "customer",
            Audience::Internal => "internal",
        }
    }

    /// Parses `public`, `customer` or `internal` (case-insensitive).
    pub fn parse(s: &str) -> Option<Audience> {
        match s.trim().to_ascii_lowercase().as_str() {
            "public" => Some(Audience::Public),
            "customer" | "customers" => Some(Audience::Customer),
            "internal" | "staff" => Some(Audience::Internal),
            _ => None,
        }
    }

    /// The audiences a reader cleared for `self` may see.
    pub fn visible(self) -> impl Iterator<Item = Audience> {
        Audience::ALL.into_iter().filter(move |a| *a <= self)
    }
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// Product documentation.
    Doc,
    /// A support ticket (always internal, redacted before storage).
    Ticket,
}

impl DocKind {
    /// The lowercase name used in the index and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Doc => "doc",
            DocKind::Ticket => "ticket",
        }
    }

    /// Parses `doc` or `ticket`.
    pub fn parse(s: &str) -> Option<DocKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "doc" | "docs" => Some(DocKind::Doc),
            "ticket" | "tickets" => Some(DocKind::Ticket),
            _ => None,
        }
    }
}

/// A loaded document, normalised to Markdown text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the id given in a JSONL file, the ticket id, or the path relative to the
    /// ingested root without extension (`guides/export-reports`).
    pub id: String,
    /// Where it came from: a file path, with `#line` for records of a JSONL or CSV file.
    pub source: String,
    /// Title from front matter, the first heading, or the file name.
    pub title: String,
    /// Link for citations, when known.
    pub url: Option<String>,
    /// Who may see it.
    pub audience: Audience,
    /// Product area (`billing`, `integrations`), when known.
    pub product: Option<String>,
    /// Document or ticket.
    pub kind: DocKind,
    /// Body as Markdown (headings kept, so chunks know their heading path).
    pub text: String,
    /// The page's own summary of itself (a front-matter `description`), when `text` opens
    /// with it: found by search, never quoted as an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// A retrievable piece of a document, sized in model tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chunk {
    /// `"{doc_id}#{ordinal}"`: stable while the document is unchanged.
    pub id: String,
    /// The document's id.
    pub doc_id: String,
    /// Position of the chunk in its document, from 0.
    pub ordinal: u32,
    /// The document's title.
    pub title: String,
    /// Headings enclosing the chunk, outermost first.
    pub heading_path: Vec<String>,
    /// The chunk's text.
    pub text: String,
    /// Byte offset of the chunk in the document's normalised text. A piece of a code block cut
    /// in parts repeats the block's fence lines (an opening one before it, a closing one after),
    /// which the document holds once.
    pub offset: usize,
    /// Who may see it.
    pub audience: Audience,
    /// Product area, when known.
    pub product: Option<String>,
    /// Document or ticket.
    pub kind: DocKind,
    /// The document's source (path).
    pub source: String,
    /// The document's link, when known.
    pub url: Option<String>,
    /// Bytes of `text`, from its start, that are the page's summary of itself
    /// ([`Document::summary`]; 0 when none): searched like the rest, but an announcement of
    /// the page, not an answer. Indexes built before it read 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub summary_end: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Chunk {
    /// The first and only chunk of a public documentation page `id` (`"{id}#0"`, source
    /// `"{id}.md"`): what tests and tools that build an index by hand need.
    pub fn public_doc(id: &str, title: &str, heading_path: &[&str], text: &str) -> Chunk {
        Chunk {
            id: format!("{id}#0"),
            doc_id: id.into(),
            ordinal: 0,
            title: title.into(),
            heading_path: heading_path.iter().map(|h| h.to_string()).collect(),
            text: text.into(),
            offset: 0,
            audience: Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: format!("{id}.md"),
            url: None,
            summary_end: 0,
        }
    }
}

/// A support ticket after column mapping and PII redaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// The help desk's id.
    pub id: String,
    /// Creation time, RFC 3339 with the offset the help desk wrote (`Z` when it wrote none):
    /// the gap report counts a ticket on the day it was asked there.
    pub created_at: String,
    /// Subject line (redacted).
    pub subject: String,
    /// Body (redacted).
    pub description: String,
    /// Tags, lowercased.
    pub tags: Vec<String>,
    /// Status (`open`, `solved`...), when the export has one.
    pub status: Option<String>,
    /// Channel (`email`, `chat`, `web`...), when the export has one.
    pub channel: Option<String>,
    /// Where it came from: `path#line`.
    pub source: String,
}

/// Sizes text in model tokens. Implemented by the embedder's tokenizer (with padding and
/// truncation off) and used by the chunker, so chunk sizes match what the model will see.
pub trait TokenCount: Send + Sync {
    /// Number of model tokens in `text`, without special tokens.
    fn count_tokens(&self, text: &str) -> usize;

    /// The number of tokens in `text` when it is at most `limit`; otherwise any number above
    /// `limit` (a counter may stop early: the chunker only asks whether a span fits).
    fn count_tokens_past(&self, text: &str, limit: usize) -> usize {
        let _ = limit;
        self.count_tokens(text)
    }
}

/// Counts whitespace-separated words: a stand-in for tests that must not load a model.
impl<F: Fn(&str) -> usize + Send + Sync> TokenCount for F {
    fn count_tokens(&self, text: &str) -> usize {
        self(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_visibility_is_ordered() {
        let customer: Vec<_> = Audience::Customer.visible().collect();
        assert_eq!(customer, vec![Audience::Public, Audience::Customer]);
        assert!(!Audience::Public.visible().any(|a| a == Audience::Internal));
        assert_eq!(Audience::parse(" Internal "), Some(Audience::Internal));
        assert_eq!(Audience::parse("everyone"), None);
    }
}
