//! YAML-style front matter (`---` fenced `key: value` lines). Only flat scalar keys and simple
//! `[a, b]` lists are read; that is what docs front matter holds in practice, and it keeps a
//! YAML parser out of the dependency tree.

use std::collections::BTreeMap;

/// Splits `text` into (front matter keys, body). The fence may carry trailing spaces and
/// follow blank lines; `+++` fences hold TOML's `key = "value"` lines (as Hugo writes them).
/// A document whose metadata went unread would take the default audience: a page marked
/// internal would be published.
pub(crate) fn split(text: &str) -> (BTreeMap<String, String>, &str) {
    let mut keys = BTreeMap::new();
    let trimmed = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = trimmed.len() - trimmed.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    // Back to the start of the fence's line, so leading spaces on it are not taken as text.
    let start = trimmed[..start].rfind('\n').map_or(0, |i| i + 1);
    let opened = &trimmed[start..];
    let first = opened.split_inclusive('\n').next().unwrap_or("");
    let fence = match first.trim() {
        "---" => "---",
        "+++" => "+++",
        _ => return (keys, trimmed),
    };
    let rest = &opened[first.len()..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let l = line.trim();
        if l == fence || (fence == "---" && l == "...") {
            let sep = if fence == "+++" { '=' } else { ':' };
            for entry in rest[..offset - line.len()].lines() {
                if entry.starts_with([' ', '\t', '-', '#', '[']) {
                    continue;
                }
                if let Some((k, v)) = entry.split_once(sep) {
                    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                    keys.insert(k.trim().to_ascii_lowercase(), v.to_string());
                }
            }
            return (keys, &rest[offset..]);
        }
    }
    // No closing fence: not front matter.
    (keys, trimmed)
}

/// A key of `keys` that is a near miss of `want` ("audiance", "Audience:" read as another
/// key): one or two letters off, which a reader takes for it and Docent would not.
pub(crate) fn near_miss<'a>(keys: &'a BTreeMap<String, String>, want: &str) -> Option<&'a str> {
    keys.keys()
        .map(String::as_str)
        .find(|k| *k != want && edits(k, want) <= 2)
}

/// Levenshtein distance between two short keys.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn reads_keys_and_body() {
        let (k, body) = split("---\ntitle: \"Export: CSV\"\naudience: customer\n---\n# Hi\n");
        assert_eq!(k["title"], "Export: CSV");
        assert_eq!(k["audience"], "customer");
        assert_eq!(body, "# Hi\n");
    }

    // Sixth probe, finding 4: front matter opened by `--- ` (a trailing space), after a blank
    // line, or fenced TOML was read as body text, and an internal page went public.
    #[test]
    fn fences_with_spaces_after_blank_lines_and_toml_are_read() {
        for text in [
            "--- \naudience: internal\n---\n# A\n",
            "\n\n---\naudience: internal\n---  \n# A\n",
            "+++\naudience = \"internal\"\n+++\n# A\n",
        ] {
            let (k, body) = split(text);
            assert_eq!(
                k.get("audience").map(String::as_str),
                Some("internal"),
                "{text:?}"
            );
            assert_eq!(body, "# A\n", "{text:?}");
        }
        let (k, _) = split("---\naudiance: internal\n---\n# A\n");
        assert_eq!(super::near_miss(&k, "audience"), Some("audiance"));
        let (k, _) = split("---\naudience: internal\ntitle: A\n---\n# A\n");
        assert_eq!(super::near_miss(&k, "audience"), None);
    }

    #[test]
    fn unclosed_fence_is_body() {
        let (k, body) = split("---\ntitle: x\n# Hi\n");
        assert!(k.is_empty());
        assert!(body.starts_with("---"));
    }
}
