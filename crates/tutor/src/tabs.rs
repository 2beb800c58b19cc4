//! Code tabs: developer docs show one example in several languages side by side (a code
//! group: the HTTP request first, then one tab per SDK), and a reader sees the tab of the
//! language they use. An answer does the same:
//!
//! - [`Fence`] reads a code block's language and tab label from its opening fence
//!   ("```python Python", "```javascript JS");
//! - [`asked_language`] finds the language a question names among the tabs in its evidence
//!   ("from the Go SDK", "in JavaScript");
//! - [`is_other_tab`] tells the composer which code blocks to leave out: the SDK tabs of
//!   languages not asked for, and the later tabs of a group when none is;
//! - [`interface_terms`] lets code stand for the interface a question names: a block in a
//!   programming language is how docs show an SDK call, a shell request how they show an
//!   HTTP one, though neither says "SDK" or "HTTP".
//!
//! Proves (see tests): fences read with and without labels; a language is asked by its label
//! or its name, a short label only as written and not as a sentence's first word; the other
//! tabs are left out with and without an asked language, a lone block never; code stands for
//! SDK and HTTP only in its own form.

/// A code block's opening fence: its language ("python") and tab label ("Python"; the
/// language when the fence names no label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The info string's first word, lowercased.
    pub language: String,
    /// The info string's second word, as written (the tab's name), or the language.
    pub label: String,
    /// Whether the fence names a tab (a second word): code groups name theirs.
    pub labelled: bool,
}

/// What stands right before a code block in its chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Before<'a> {
    /// Prose, or the start of a page: the block is a page's own example or a group's first tab.
    Prose,
    /// Another code block with nothing but blank lines between: the block is a later tab.
    Block(&'a str),
    /// The start of a chunk that is not its page's first: what came before is out of sight.
    ChunkStart,
}

/// Languages that are no SDK: shells, request and data formats, plain text.
const NOT_SDK: &[&str] = &[
    "bash",
    "sh",
    "shell",
    "zsh",
    "console",
    "curl",
    "http",
    "json",
    "jsonc",
    "yaml",
    "yml",
    "toml",
    "ini",
    "env",
    "text",
    "txt",
    "plaintext",
    "dockerfile",
    "docker",
    "xml",
    "html",
    "css",
    "markdown",
    "md",
    "sql",
    "diff",
    "log",
];

impl Fence {
    /// The fence opening `code` (a code unit's text), if it names a language.
    pub fn of(code: &str) -> Option<Fence> {
        let first = code.trim_start().lines().next()?.trim();
        let info = first
            .strip_prefix("```")
            .or_else(|| first.strip_prefix("~~~"))?
            .trim_start_matches(['`', '~']);
        let mut words = info.split_whitespace();
        let language = words.next()?.to_lowercase();
        if !language.chars().next().is_some_and(char::is_alphabetic) {
            return None;
        }
        let named = words.next();
        let label = named.map_or_else(|| language.clone(), str::to_string);
        Some(Fence {
            language,
            label,
            labelled: named.is_some(),
        })
    }

    /// True for a block in a programming language an SDK is written in (not a shell request,
    /// a data format or text).
    pub fn is_sdk(&self) -> bool {
        !NOT_SDK.contains(&self.language.as_str()) && self.label.to_lowercase() != "curl"
    }

    /// True when `question` names this fence's language: its label as written ("Go", "JS",
    /// "C#"), not as the question's first word, or its label or language in any case when that
    /// is a word of four letters or more ("python", "JavaScript").
    pub fn named_in(&self, question: &str) -> bool {
        let words: Vec<&str> = question
            .split(|c: char| !(c.is_alphanumeric() || c == '#' || c == '+'))
            .filter(|w| !w.is_empty())
            .collect();
        let long = |name: &str| name.chars().count() >= 4;
        words.iter().enumerate().any(|(i, w)| {
            (i > 0 && *w == self.label)
                || (long(&self.label) && w.eq_ignore_ascii_case(&self.label))
                || (long(&self.language) && w.eq_ignore_ascii_case(&self.language))
        })
    }
}

/// The SDK language `question` names among `fences` (the code blocks of its evidence), if any.
pub fn asked_language<'a>(
    question: &str,
    fences: impl IntoIterator<Item = &'a Fence>,
) -> Option<Fence> {
    fences
        .into_iter()
        .find(|f| f.is_sdk() && f.named_in(question))
        .cloned()
}

/// True when the code block `code` is a tab of a code group that a reader of this question
/// would not open: an SDK tab of another language than `asked`, or, when no language is asked,
/// any SDK tab after the group's first. A block is a later tab when it follows another block
/// with nothing but blank lines between, or opens a chunk after its page's first with a
/// labelled fence ("```java Java"); a block after prose is a page's own example or a group's
/// first tab (the request as the docs show it), and always stays.
pub fn is_other_tab(code: &str, before: Before<'_>, asked: Option<&Fence>) -> bool {
    let Some(fence) = Fence::of(code).filter(Fence::is_sdk) else {
        return false;
    };
    let later_tab = match before {
        Before::Prose => false,
        Before::Block(previous) => Fence::of(previous).is_some_and(|p| p.label != fence.label),
        Before::ChunkStart => fence.labelled,
    };
    later_tab && asked.is_none_or(|a| a.language != fence.language || a.label != fence.label)
}

/// Terms the code blocks of `text` stand for though they do not write them: "sdk" for a block
/// in a programming language, "http" for a shell request (`curl`) or an HTTP block.
pub fn interface_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence = false;
    let mut request = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            if !fence {
                if let Some(f) = Fence::of(t) {
                    if f.is_sdk() && !out.contains(&"sdk".to_string()) {
                        out.push("sdk".to_string());
                    }
                    request |= f.language == "http";
                }
            }
            fence = !fence;
        } else if fence && (t == "curl" || t.starts_with("curl ")) {
            request = true;
        }
    }
    if request {
        out.push("http".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_read_with_and_without_labels() {
        let f = Fence::of("```python Python\nclient.index('books')\n```").unwrap();
        assert_eq!(
            (f.language.as_str(), f.label.as_str()),
            ("python", "Python")
        );
        let g = Fence::of("```go\nclient.Index()\n```").unwrap();
        assert_eq!((g.language.as_str(), g.label.as_str()), ("go", "go"));
        assert!(Fence::of("```\nplain\n```").is_none());
        assert!(Fence::of("Some sentence.").is_none());
        assert!(!Fence::of("```bash cURL\ncurl x\n```").unwrap().is_sdk());
        assert!(!Fence::of("```json\n{}\n```").unwrap().is_sdk());
        assert!(Fence::of("```csharp C#\nx\n```").unwrap().is_sdk());
    }

    #[test]
    fn a_language_is_asked_by_its_label_or_its_name() {
        let go = Fence::of("```go Go\nx\n```").unwrap();
        let js = Fence::of("```javascript JS\nx\n```").unwrap();
        let cs = Fence::of("```csharp C#\nx\n```").unwrap();
        let py = Fence::of("```python Python\nx\n```").unwrap();
        assert!(go.named_in("What's the Go SDK call?"));
        // "go" the verb, and a sentence's first word, name no language.
        assert!(!go.named_in("Where do I go to change the key?"));
        assert!(!go.named_in("Go to Settings and click Keys."));
        assert!(js.named_in("How do I do it from a JS script?"));
        assert!(js.named_in("How do I do it in JavaScript?"));
        assert!(cs.named_in("Is there a C# example?"));
        assert!(py.named_in("from python, how do I read it?"));
        let all = [go.clone(), js.clone(), py.clone()];
        assert_eq!(asked_language("Show me the Python call.", &all), Some(py));
        assert_eq!(asked_language("Show me the call.", &all), None);
    }

    #[test]
    fn the_other_tabs_are_left_out() {
        let curl = "```bash cURL\ncurl -X GET 'URL/indexes/books'\n```";
        let py = "```python Python\nclient.index('books')\n```";
        let go = "```go Go\nclient.Index(\"books\")\n```";
        let asked = Fence::of(py);
        // The question asks for Python: the request and the Python tab stay, Go goes.
        assert!(!is_other_tab(curl, Before::Prose, asked.as_ref()));
        assert!(!is_other_tab(py, Before::Block(curl), asked.as_ref()));
        assert!(is_other_tab(go, Before::Block(py), asked.as_ref()));
        assert!(is_other_tab(go, Before::ChunkStart, asked.as_ref()));
        assert!(!is_other_tab(py, Before::ChunkStart, asked.as_ref()));
        // No language asked: the first tab stays, the tabs after it go.
        assert!(!is_other_tab(curl, Before::Prose, None));
        assert!(is_other_tab(py, Before::Block(curl), None));
        assert!(is_other_tab(go, Before::Block(py), None));
        assert!(is_other_tab(go, Before::ChunkStart, None));
        // A block after prose is the page's own example, whatever language is asked ("Add to
        // your Podfile:" and Ruby for a Swift question); an unlabelled one opening a chunk too.
        let podfile = "```ruby\npod 'MeiliSearch'\n```";
        let swift = Fence::of("```swift Swift\nx\n```");
        assert!(!is_other_tab(podfile, Before::Prose, swift.as_ref()));
        assert!(!is_other_tab(podfile, Before::ChunkStart, None));
        assert!(!is_other_tab(py, Before::Prose, None));
    }

    #[test]
    fn code_stands_for_sdk_and_http_in_its_own_form() {
        let text = "Compact it:\n\n```bash cURL\ncurl \\\n  -X POST 'URL/indexes/movies/compact'\n```\n\n```rust Rust\nclient.index(\"movies\").compact().await;\n```\n";
        assert_eq!(interface_terms(text), vec!["sdk", "http"]);
        assert_eq!(
            interface_terms("```bash\ncurl -X GET 'URL/health'\n```"),
            vec!["http"]
        );
        assert!(interface_terms("```json\n{\"a\": 1}\n```").is_empty());
        // A word in prose is no code.
        assert!(interface_terms("Run curl against the URL with python.").is_empty());
    }
}
