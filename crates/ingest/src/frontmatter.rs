//! YAML-style front matter (`---` fenced `key: value` lines). Only flat scalar keys and simple
//! `[a, b]` lists are read; that is what docs front matter holds in practice, and it keeps a
//! YAML parser out of the dependency tree.

use std::collections::BTreeMap;

/// Splits `text` into (front matter keys, body, line where the body starts).
pub(crate) fn split(text: &str) -> (BTreeMap<String, String>, &str) {
    let mut keys = BTreeMap::new();
    let trimmed = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = trimmed
        .strip_prefix("---\n")
        .or_else(|| trimmed.strip_prefix("---\r\n"))
    else {
        return (keys, trimmed);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            for entry in rest[..offset - line.len()].lines() {
                if entry.starts_with([' ', '\t', '-', '#']) {
                    continue;
                }
                if let Some((k, v)) = entry.split_once(':') {
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

    #[test]
    fn unclosed_fence_is_body() {
        let (k, body) = split("---\ntitle: x\n# Hi\n");
        assert!(k.is_empty());
        assert!(body.starts_with("---"));
    }
}
