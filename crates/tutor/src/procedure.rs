//! What a how-to answer must carry: where the setting lives (a menu path), the steps in full
//! (a procedure is never cut after its first step), and no sentence with a blank where the
//! source had an icon ("set to , the screen ..."). Predicates on documentation text in
//! general, never on one document:
//!
//! - a menu path is written with separators (`Settings > Security`, `**Reports** > **Export**`)
//!   or, in a manual flattened to plain text, as a root word ("Settings", "Menu") followed by
//!   capitalised menu names ("Settings Picture Expert Settings"), ending where a sentence starts
//!   (a capitalised word followed by a lowercase one: "Configure the ...");
//! - a step is a sentence that starts with an action verb ("Enter the password."), also after a
//!   condition ("If it is, turn it off and then on.") or told as one ("If you move the focus to
//!   X, and then press Select, ...");
//! - a blank value is a word that needs a complement followed straight by punctuation ("set
//!   to , the screen", "select . "): the value was an image the text lost.
//!
//! - a request example calls an API (`curl`, "PATCH /indexes/..."), or an SDK's client
//!   (`index.search(...)`, `client.index('movies').updateSettings(...)`); a configuration body,
//!   a page's own code (`document.createElement(...)`) or a piece of a block cut by the chunker
//!   (brackets left open) does not say how to send it.
//!
//! Proves (see tests): each predicate both ways on typical manual and Markdown text.

/// Root words a flattened menu path starts with.
const ROOTS: [&str; 2] = ["Settings", "Menu"];

/// The byte range of the first menu path in `text`, if any.
pub fn menu_path(text: &str) -> Option<(usize, usize)> {
    separated_path(text).or_else(|| flat_path(text))
}

/// A path with separators: two or more capitalised segments joined by ">" or "→".
fn separated_path(text: &str) -> Option<(usize, usize)> {
    let sep = text.find(" > ").or_else(|| text.find(" → "))?;
    // The segment before the separator: capitalised words (bold allowed) back to a boundary.
    let before = &text[..sep];
    let start = segment_start(before)?;
    let mut end = sep;
    let mut rest = &text[sep..];
    loop {
        let trimmed = rest.trim_start_matches(' ');
        let Some(after) = trimmed
            .strip_prefix('>')
            .or_else(|| trimmed.strip_prefix('→'))
        else {
            break;
        };
        let seg = after.trim_start_matches(' ');
        let len = segment_len(seg);
        if len == 0 {
            break;
        }
        end = text.len() - seg.len() + len;
        rest = &text[end..];
    }
    (end > sep).then_some((start, end))
}

/// Start of the segment that ends `before`: its bold span (`**Expert Settings**`), or else its
/// last word when capitalised (a leading verb, "Open Settings", is no part of the path).
fn segment_start(before: &str) -> Option<usize> {
    if let Some(inner) = before.strip_suffix("**") {
        let open = inner.rfind("**")?;
        let name = &inner[open + 2..];
        return name
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            .then_some(open);
    }
    let (i, word) = words_rev(before).next()?;
    word.chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then_some(i)
}

/// Length of the capitalised segment starting `text` (words joined by spaces, bold allowed).
fn segment_len(text: &str) -> usize {
    let mut end = 0;
    let mut offset = 0;
    for word in text.split(' ') {
        let w = word.trim_matches(['*', '_', '`']);
        let clean = w.trim_end_matches([',', '.', ';', ':', ')']);
        if !clean.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        end = offset + word.trim_end_matches([',', '.', ';', ':', ')']).len();
        if clean.len() != w.len() {
            break;
        }
        offset += word.len() + 1;
    }
    end
}

/// Words of `text` from the last, with their byte offsets.
fn words_rev(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for w in text.split(' ') {
        if !w.is_empty() {
            out.push((offset, w));
        }
        offset += w.len() + 1;
    }
    out.into_iter().rev()
}

/// A flattened path: a root word, then one or more capitalised menu names, up to where a
/// sentence starts or a non-name follows.
fn flat_path(text: &str) -> Option<(usize, usize)> {
    let toks = tokens(text);
    for (i, &(start, w)) in toks.iter().enumerate() {
        // The root starts the path: not the last word of a name ("Color Space Settings").
        let in_name = i > 0 && {
            let (ps, p) = toks[i - 1];
            text[ps + p.len()..start].chars().all(|c| c == ' ') && is_name(p) && !ROOTS.contains(&p)
        };
        if !ROOTS.contains(&w) || in_name {
            continue;
        }
        let mut end = start + w.len();
        let mut names = 0;
        for (j, &(s, t)) in toks.iter().enumerate().skip(i + 1) {
            let adjacent = text[end..s].chars().all(|c| c == ' ');
            if !adjacent || !is_name(t) {
                break;
            }
            // A capitalised word followed by a lowercase one starts a sentence.
            let next_lower = toks.get(j + 1).is_some_and(|&(ns, n)| {
                text[s + t.len()..ns].chars().all(|c| c == ' ')
                    && n.chars().next().is_some_and(char::is_lowercase)
            });
            if next_lower {
                break;
            }
            end = s + t.len();
            names += 1;
        }
        if names > 0 {
            return Some((start, end));
        }
    }
    None
}

/// Words of `text` (letters, digits and the marks names use) with their byte offsets.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || matches!(c, '-' | '+' | '&' | '/' | '\'');
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// A menu name: starts with a capital letter or a digit ("Wi-Fi", "HDR+", "4K").
fn is_name(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Verbs a step starts with.
const ACTIONS: [&str; 66] = [
    "select",
    "press",
    "open",
    "go",
    "tap",
    "click",
    "enter",
    "check",
    "turn",
    "move",
    "choose",
    "use",
    "connect",
    "disconnect",
    "set",
    "navigate",
    "run",
    "install",
    "download",
    "add",
    "remove",
    "delete",
    "change",
    "make",
    "follow",
    "hold",
    "insert",
    "plug",
    "unplug",
    "restart",
    "reset",
    "wait",
    "type",
    "save",
    "launch",
    "copy",
    "call",
    "create",
    "send",
    "sign",
    "log",
    "start",
    "stop",
    "switch",
    "adjust",
    "configure",
    "update",
    "upgrade",
    "try",
    "locate",
    "point",
    "scroll",
    "drag",
    "release",
    "repeat",
    "return",
    "exit",
    "close",
    "replace",
    "ensure",
    "specify",
    "edit",
    "apply",
    "enable",
    "disable",
    "activate",
];

/// True for a step: a sentence that starts with an action verb, also after a condition
/// ("If it is, turn it off and then on.").
pub fn is_step(sentence: &str) -> bool {
    let t = sentence.trim_start_matches(['*', '_', ' ', '-']);
    if starts_with_action(t) {
        return true;
    }
    let lower = t.to_lowercase();
    // A step told as a condition: "If you move the focus to X, and then press Select, ...".
    for opener in ["if you ", "when you ", "once you "] {
        if let Some(rest) = lower.strip_prefix(opener) {
            if starts_with_action(rest) {
                return true;
            }
        }
    }
    if lower.starts_with("if ") || lower.starts_with("when ") {
        if let Some((_, rest)) = t.split_once(", ") {
            return starts_with_action(rest);
        }
    }
    false
}

fn starts_with_action(text: &str) -> bool {
    let first = text
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    ACTIONS.contains(&first.as_str())
}

/// Words that need a value after them.
const NEEDS_VALUE: [&str; 12] = [
    "to", "is", "are", "select", "press", "the", "a", "an", "as", "then", "of", "tap",
];

/// True when `text` has a blank where a value stood: a word that needs one followed straight
/// by punctuation ("set to , the screen", "and then select . ").
pub fn has_blank_value(text: &str) -> bool {
    let toks: Vec<&str> = text.split_whitespace().collect();
    toks.windows(2).any(|w| {
        matches!(w[1], "," | "." | ";" | ":" | ".)")
            && NEEDS_VALUE.contains(&w[0].to_lowercase().as_str())
    })
}

/// HTTP methods a request example names.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// True when a code block calls an API: a `curl` command, or an HTTP method before a path or
/// URL ("PATCH /indexes/movies/settings", "-X POST 'http://...'"). A configuration body or a
/// table alone is no request: it shows what to send, not how.
pub fn is_request(code: &str) -> bool {
    if code.trim_start().starts_with('|') {
        return false;
    }
    let words: Vec<&str> = code.split_whitespace().collect();
    words.contains(&"curl")
        || words.windows(2).any(|w| {
            let method = w[0].trim_start_matches("-X").trim_matches(['\'', '"']);
            let target = w[1].trim_matches(['\'', '"', '`']);
            METHODS.contains(&method)
                && (target.starts_with('/')
                    || target.starts_with("http")
                    || target.contains("_URL"))
        })
}

/// True when a request only reads (GET, or `curl` without a method and without data): for a
/// question on how to change something, a request that writes shows the how.
pub fn only_reads(code: &str) -> bool {
    let words: Vec<&str> = code.split_whitespace().collect();
    match method_of(&words) {
        Some(m) => m == "GET",
        None => !sends_data(&words),
    }
}

/// The HTTP method a request names: `-X PUT`, `--request PUT`, `-XPUT`, or `PUT /path`.
fn method_of<'a>(words: &[&'a str]) -> Option<&'a str> {
    let flag = words.windows(2).find_map(|w| {
        let m = if w[0] == "-X" || w[0] == "--request" {
            w[1]
        } else {
            w[0].strip_prefix("-X").filter(|m| !m.is_empty())?
        };
        Some(m.trim_matches(['\'', '"']))
    });
    let named = words
        .windows(2)
        .find(|w| METHODS.contains(&w[0]) && w[1].starts_with('/'))
        .map(|w| w[0]);
    flag.or(named)
}

/// True when a `curl` command sends a body (`--data`, `-d`, `--json`).
fn sends_data(words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| w.starts_with("--data") || *w == "-d" || *w == "--json")
}

/// True when `question` asks to read something (see, list, get, check, retrieve, view).
pub fn asks_to_read(question: &str) -> bool {
    question
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| {
            matches!(
                w,
                "get" | "see" | "list" | "check" | "retrieve" | "view" | "show" | "fetch" | "read"
            )
        })
}

/// What a request example does, by its method and path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction {
    /// Runs a search or a query (a `POST .../search` reads too).
    Search,
    /// Reads a resource or a setting (`GET`).
    Read,
    /// Creates or changes something (`POST`, `PUT`, `PATCH`).
    Write,
    /// Deletes or resets something (`DELETE`).
    Remove,
}

/// What a request example does, or `None` for a code block that calls no API: an HTTP
/// request by its method and path, else an SDK call by its method's verb ([`sdk_action`]).
/// A piece of a block the chunker had to cut (its brackets left open) shows no whole example.
pub fn request_action(code: &str) -> Option<RequestAction> {
    if !brackets_balance(code) {
        return None;
    }
    if !is_request(code) {
        return sdk_action(code);
    }
    let words: Vec<&str> = code.split_whitespace().collect();
    // The path's last segment: a search endpoint reads whatever the method.
    let target = words
        .iter()
        .map(|w| w.trim_matches(['\'', '"', '`']))
        .find(|w| w.starts_with('/') || w.starts_with("http") || w.contains("_URL"));
    let searches = target.is_some_and(|t| {
        let path = t
            .split(['?', '#'])
            .next()
            .unwrap_or(t)
            .trim_end_matches('/');
        let last = path.rsplit('/').next().unwrap_or(path).to_lowercase();
        // "search", "multi-search", "_search", "facet-search"; not "searchable-attributes".
        last == "search"
            || last.ends_with("-search")
            || last.ends_with("_search")
            || last == "query"
            || last == "_msearch"
    });
    if searches {
        return Some(RequestAction::Search);
    }
    let sends = sends_data(&words);
    Some(match method_of(&words) {
        Some("GET") => RequestAction::Read,
        Some("DELETE") => RequestAction::Remove,
        Some(_) => RequestAction::Write,
        None if sends => RequestAction::Write,
        None => RequestAction::Read,
    })
}

/// True when `code` closes every bracket it opens (`if (currentPage === i) {` and a fence
/// does not).
fn brackets_balance(code: &str) -> bool {
    let mut depth = 0i64;
    for c in code.chars() {
        match c {
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

/// Fence languages of SDK examples.
const SDK_LANGUAGES: &[&str] = &[
    "javascript",
    "js",
    "typescript",
    "ts",
    "python",
    "py",
    "ruby",
    "rb",
    "go",
    "php",
    "rust",
    "java",
    "csharp",
    "cs",
    "dart",
    "swift",
    "kotlin",
];

/// What an SDK example does: a fenced block in a programming language that calls a method
/// named by a verb (`index.search(...)`, `client.index('movies').updateSettings(...)`,
/// `delete_all_documents(...)`): search, get/list/fetch read, delete/reset/remove remove,
/// update/add/create/set write. `None` for code in another language or that calls no such
/// method (a configuration object, a response body).
pub fn sdk_action(code: &str) -> Option<RequestAction> {
    let fence = code.trim_start().strip_prefix("```")?;
    let lang = fence
        .split(|c: char| c.is_whitespace() || c == '{')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if !SDK_LANGUAGES.contains(&lang.as_str()) {
        return None;
    }
    let body = fence.split_once('\n').map_or("", |(_, b)| b);
    body.match_indices('(').find_map(|(at, _)| {
        let before = &body[..at];
        let name_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |p| p + 1);
        // A method on an API client (`.search(`, `->search(`, `::search(`), not a bare
        // function nor a page's own code (`document.createElement(`).
        let receiver = before[..name_start]
            .strip_suffix('.')
            .or_else(|| before[..name_start].strip_suffix("->"))
            .or_else(|| before[..name_start].strip_suffix("::"))?;
        sdk_receiver(receiver)
            .then(|| verb_action(&before[name_start..]))
            .flatten()
    })
}

/// Names SDKs give the object that sends requests.
const SDK_OBJECTS: &[&str] = &["client", "index", "api", "sdk", "collection"];

/// True when the code before a method call ends in an API client: a name holding one of
/// [`SDK_OBJECTS`] (`index`, `searchClient`, `$client`) or a call chained on one
/// (`client.index('movies')`, `client.Index("movies")`).
fn sdk_receiver(before: &str) -> bool {
    let trimmed = before.trim_end();
    if trimmed.ends_with(')') {
        // The chained call's own receiver and name: `client.index` of `client.index('movies')`.
        let mut depth = 0i64;
        for (at, c) in trimmed.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        return sdk_receiver(&trimmed[..at]);
                    }
                }
                _ => {}
            }
        }
        return false;
    }
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '$'))
        .map_or(0, |p| p + 1);
    let name = trimmed[start..].to_lowercase();
    SDK_OBJECTS.iter().any(|o| name.contains(o))
}

/// The action a method name's first word names ("updateSettings", "delete_all_documents",
/// "GetDocuments", "multiSearch").
fn verb_action(name: &str) -> Option<RequestAction> {
    let lower = name.to_lowercase();
    let first: String = name
        .char_indices()
        .take_while(|&(i, c)| c != '_' && (i == 0 || !c.is_uppercase()))
        .map(|(_, c)| c.to_ascii_lowercase())
        .collect();
    match first.as_str() {
        "get" | "list" | "fetch" => Some(RequestAction::Read),
        "delete" | "reset" | "remove" => Some(RequestAction::Remove),
        "update" | "add" | "create" | "set" | "put" | "patch" | "swap" => {
            Some(RequestAction::Write)
        }
        // "search", "multiSearch", "facet_search"; not "searchableAttributes".
        _ if lower.ends_with("search") => Some(RequestAction::Search),
        _ => None,
    }
}

/// What a how-to question asks to do with the thing it names: read it (see, list, check ...),
/// remove it (delete, reset, clear ...), or else do or change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskedAction {
    /// See, list, get, check, view.
    Read,
    /// Delete, reset, clear.
    Remove,
    /// Anything else: set, configure, add, use.
    Change,
}

/// The action `question` asks for ([`AskedAction`]).
pub fn asked_request(question: &str) -> AskedAction {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    if words.iter().any(|w| {
        matches!(
            *w,
            "remove" | "delete" | "reset" | "clear" | "erase" | "purge" | "unset" | "wipe"
        )
    }) {
        AskedAction::Remove
    } else if asks_to_read(question) {
        AskedAction::Read
    } else {
        AskedAction::Change
    }
}

/// How well a request that does `action` shows how to do what `asked` asks: 2 when it does
/// just that, 1 when it can serve (a search for a question on doing or reading, a write that
/// removes part of a setting), 0 when it does something else (a `DELETE` that resets stop words
/// for "How do I configure stop words?", a `GET` of the current setting for "How do I choose
/// which fields are searchable?").
pub fn request_fit(asked: AskedAction, action: RequestAction) -> u8 {
    use AskedAction as A;
    use RequestAction as R;
    match (asked, action) {
        (A::Read, R::Read) | (A::Change, R::Write) | (A::Remove, R::Remove) => 2,
        (A::Read | A::Change, R::Search) | (A::Remove, R::Write) | (A::Read, R::Write) => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Option<&str> {
        menu_path(text).map(|(s, e)| &text[s..e])
    }

    #[test]
    fn flattened_menu_paths_end_where_a_sentence_starts() {
        assert_eq!(
            path("Settings Picture Expert Settings Try Now Configure the screen settings"),
            Some("Settings Picture Expert Settings Try Now")
        );
        assert_eq!(
            path("select the correct router. Settings General Network Open Network Settings Unable to connect"),
            Some("Settings General Network Open Network Settings")
        );
        assert_eq!(path("Settings : You can select services."), None);
        assert_eq!(
            path("Gamma Try Now Color Space Settings Try Now Reset Picture Try Now"),
            None
        );
        assert_eq!(
            path("Configure the settings in IP Settings Settings General Network Status"),
            Some("Settings General Network Status")
        );
        assert_eq!(
            path("by setting names at Settings General System Manager Device Name"),
            Some("Settings General System Manager Device Name")
        );
        assert_eq!(path("Open the Settings screen to change it."), None);
        assert_eq!(path("You can select a favourite sound mode."), None);
    }

    #[test]
    fn separated_menu_paths() {
        assert_eq!(
            path("Go to Settings > Security > Audit log and click it."),
            Some("Settings > Security > Audit")
        );
        assert_eq!(
            path("Open **Settings** > **Billing**, then pick a plan."),
            Some("**Settings** > **Billing**")
        );
        assert_eq!(path("Values of x > 3 are kept."), None);
    }

    #[test]
    fn steps_start_with_an_action_also_after_a_condition() {
        assert!(is_step("Enter the correct password if required."));
        assert!(is_step("If it is, turn it off and then on."));
        assert!(is_step("Press the Select button."));
        assert!(is_step(
            "If you move the focus to Notification, and then press the Select button, a window appears."
        ));
        assert!(!is_step("If you have more than one TV, names help."));
        assert!(!is_step("The picture quality is low."));
        assert!(!is_step("If the TV is off, nothing happens."));
        assert!(!is_step("You can view a list of notifications."));
    }

    #[test]
    fn requests_call_an_api_configurations_do_not() {
        assert!(is_request(
            "```bash\ncurl \\\n  -X PATCH 'URL/indexes/movies/settings'\n```"
        ));
        assert!(is_request("```http\nPATCH /indexes/movies/settings\n```"));
        assert!(is_request("```\n-X POST 'http://localhost:7700/keys'\n```"));
        assert!(!is_request(
            "```json\n{ \"filterableAttributes\": [\"genre\"] }\n```"
        ));
        assert!(!is_request(
            "| Method | Route |\n|---|---|\n| POST | /keys |"
        ));
    }

    #[test]
    fn requests_that_only_read() {
        assert!(only_reads(
            "curl -X GET 'URL/indexes/movies/settings/stop-words'"
        ));
        assert!(only_reads("curl 'URL/indexes/movies/settings'"));
        assert!(only_reads("GET /tasks/1"));
        assert!(!only_reads(
            "curl -X PUT 'URL/indexes/movies/settings/stop-words' --data-binary '[]'"
        ));
        assert!(!only_reads(
            "curl 'URL/indexes/movies/search' --data-binary '{}'"
        ));
        assert!(!only_reads("PATCH /indexes/movies/settings"));
        assert!(asks_to_read("How do I check the status of a task?"));
        assert!(!asks_to_read("How do I configure stop words?"));
    }

    #[test]
    fn a_request_fits_the_action_asked() {
        let delete = "curl \\\n  -X DELETE 'MEILISEARCH_URL/indexes/movies/settings/stop-words'";
        let get = "curl \\\n  -X GET 'MEILISEARCH_URL/indexes/movies/settings/stop-words'";
        let put =
            "curl -X PUT 'MEILISEARCH_URL/indexes/movies/settings/stop-words' --data-binary '[]'";
        let search = "curl -X POST 'MEILISEARCH_URL/indexes/movies/search' --data-binary '{}'";
        assert_eq!(request_action(delete), Some(RequestAction::Remove));
        assert_eq!(request_action(get), Some(RequestAction::Read));
        assert_eq!(request_action(put), Some(RequestAction::Write));
        assert_eq!(request_action(search), Some(RequestAction::Search));
        let attributes = "curl -X PUT 'URL/indexes/movies/settings/searchable-attributes' -d '[]'";
        assert_eq!(request_action(attributes), Some(RequestAction::Write));
        assert_eq!(
            request_action("POST /indexes/movies/documents"),
            Some(RequestAction::Write)
        );
        assert_eq!(request_action("{ \"a\": 1 }"), None);
        let configure = asked_request("How do I configure stop words?");
        assert_eq!(configure, AskedAction::Change);
        assert_eq!(
            asked_request("How do I reset the ranking rules?"),
            AskedAction::Remove
        );
        assert_eq!(
            asked_request("How can I see the current settings?"),
            AskedAction::Read
        );
        let fit =
            |q: &str, code: &str| request_fit(asked_request(q), request_action(code).unwrap());
        assert!(
            fit("How do I configure stop words?", put)
                > fit("How do I configure stop words?", delete)
        );
        assert!(
            fit("How do I configure stop words?", put) > fit("How do I configure stop words?", get)
        );
        assert!(fit("How do I reset stop words?", delete) > fit("How do I reset stop words?", put));
        assert!(fit("How do I list stop words?", get) > fit("How do I list stop words?", put));
        assert_eq!(fit("How do I filter by price?", search), 1);
    }

    #[test]
    fn an_sdk_call_does_what_its_method_names() {
        let search =
            "```js\nconst results = await index.search(\"tarkovsky\", { hitsPerPage: 25 });\n```";
        assert_eq!(request_action(search), Some(RequestAction::Search));
        let update = "```javascript\nclient.index('movies').updateSettings({ stopWords: [] })\n```";
        assert_eq!(request_action(update), Some(RequestAction::Write));
        let reset = "```python\nclient.index('movies').reset_stop_words()\n```";
        assert_eq!(request_action(reset), Some(RequestAction::Remove));
        let get = "```go\nclient.Index(\"movies\").GetStopWords()\n```";
        assert_eq!(request_action(get), Some(RequestAction::Read));
        let searchable = "```js\nindex.updateSearchableAttributes(['title'])\n```";
        assert_eq!(request_action(searchable), Some(RequestAction::Write));
        let multi = "```python\nclient.multi_search([{'indexUid': 'movies'}])\n```";
        assert_eq!(request_action(multi), Some(RequestAction::Search));
        // A constructor, a configuration object, a response body, a shell line: no SDK call.
        let dom = "```js\nconst b = document.createElement('button');\nnav.prepend(b);\n```";
        assert_eq!(request_action(dom), None);
        let php = "```php\n$client->index('movies')->updateSettings(['a' => 1]);\n```";
        assert_eq!(request_action(php), Some(RequestAction::Write));
        let client = "```js\nconst client = new MeiliSearch({ host: 'URL' })\n```";
        assert_eq!(request_action(client), None);
        assert_eq!(request_action("```json\n{ \"hits\": [] }\n```"), None);
        assert_eq!(
            request_action("```bash\nmeilisearch --master-key KEY\n```"),
            None
        );
        assert!(!is_request(search));
        // A piece of a block cut by the chunker is no whole example.
        let piece = "```js\nconst results = await index.search('a', { page: 1 });\nfor (let i = 0; i < n; i += 1) {\n```";
        assert_eq!(request_action(piece), None);
    }

    #[test]
    fn blank_values_where_an_icon_stood() {
        assert!(has_blank_value(
            "When the Sound Mirroring function is set to , you can share sound."
        ));
        assert!(has_blank_value("Select an app, and then select . "));
        assert!(!has_blank_value(
            "When the function is set to On, you can share sound."
        ));
        assert!(!has_blank_value("Settings : You can select services."));
    }
}
