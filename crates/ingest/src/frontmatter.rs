//! YAML-style front matter (`---` fenced `key: value` lines). Only flat scalar keys and simple
//! `[a, b]` lists are read; that is what docs front matter holds in practice, and it keeps a
//! YAML parser out of the dependency tree.

use std::collections::BTreeMap;

/// How a front-matter block's lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    /// YAML's `key: value` lines.
    Yaml,
    /// TOML's `key = "value"` lines.
    Toml,
    /// JSON (`{` fences, `---json`) or another language a front-matter reader runs
    /// (gray-matter's `---coffee`): no key is read.
    Unread,
}

/// The lines that open and close a front-matter block, and its language.
#[derive(Debug, Clone, Copy)]
struct Fence {
    closes: &'static [&'static str],
    sep: char,
    lang: Lang,
}

impl Fence {
    /// Whether `line` closes the block. As gray-matter and Astro read it, a line that starts
    /// with the closing fence closes it (`----`, `--- # end`, `---yaml`): a block Docent
    /// left open there would be published as text, its audience unread. YAML's `...` too.
    fn closed_by(&self, line: &str) -> bool {
        let l = line.trim();
        self.closes.iter().any(|c| match *c {
            "---" | "+++" => l.starts_with(c),
            _ => l == *c,
        })
    }

    /// The block `line` opens, if it opens one: `---` (YAML), `+++` (TOML, as Hugo writes
    /// it), or `---` followed by a language, as gray-matter (Docusaurus, Gatsby, Astro's
    /// tools) reads them: `---yaml`, `--- toml`, `---json`, closed by `---`.
    fn opened_by(line: &str) -> Option<Fence> {
        const YAML: Fence = Fence {
            closes: &["---", "..."],
            sep: ':',
            lang: Lang::Yaml,
        };
        match line.trim() {
            "---" => return Some(YAML),
            "+++" => {
                return Some(Fence {
                    closes: &["+++"],
                    sep: '=',
                    lang: Lang::Toml,
                })
            }
            _ => {}
        }
        let lang = line.trim().strip_prefix("---")?.trim_start();
        let word = !lang.is_empty()
            && lang
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && lang.starts_with(|c: char| c.is_ascii_alphabetic());
        if !word {
            return None;
        }
        match lang.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(YAML),
            "toml" => Some(Fence {
                closes: &["---"],
                sep: '=',
                lang: Lang::Toml,
            }),
            // The other languages gray-matter has engines for; any other word after `---`
            // ("--- Overview") is text.
            "json" | "js" | "javascript" | "coffee" | "cson" | "coffeescript" => Some(Fence {
                closes: &["---"],
                sep: ':',
                lang: Lang::Unread,
            }),
            _ => None,
        }
    }
}

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
    let Some(fence) = Fence::opened_by(first) else {
        return (keys, trimmed);
    };
    let rest = &opened[first.len()..];
    // After blank lines, a `---` may as well be a rule above a section: only a block of
    // `key: value` lines is front matter then.
    let strict = start > 0;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if fence.closed_by(line) {
            if fence.lang == Lang::Unread {
                // JSON or another language: nothing is read (an audience named in it refuses
                // the file, `audience_outside_plain_lines`); after blank lines it is prose.
                return if strict {
                    (keys, trimmed)
                } else {
                    (keys, &rest[offset..])
                };
            }
            let mut read = BTreeMap::new();
            for entry in rest[..offset - line.len()].lines() {
                // A TOML table's keys are not the page's.
                if fence.lang == Lang::Toml && entry.starts_with('[') {
                    break;
                }
                // A heading is prose, though YAML would read it as a comment.
                if strict && entry.starts_with('#') {
                    return (keys, trimmed);
                }
                if entry.trim().is_empty() || entry.starts_with([' ', '\t', '-', '#', '[']) {
                    continue;
                }
                match entry.split_once(fence.sep) {
                    Some((k, v)) if is_key(k.trim()) => {
                        let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                        read.insert(k.trim().to_ascii_lowercase(), v.to_string());
                    }
                    _ if strict => return (keys, trimmed),
                    _ => {}
                }
            }
            if strict && read.is_empty() {
                return (keys, trimmed);
            }
            keys = read;
            return (keys, &rest[offset..]);
        }
    }
    // No closing fence: not front matter.
    (keys, trimmed)
}

/// Whether the front matter of `text` (the part `split` read before `body`) names an audience
/// that a flat `key: value` reading misses: a value on the lines below the key (a YAML block or
/// list), or an `audience` key nested under another. YAML readers take it; Docent would not,
/// and the page would go out with the default audience.
pub(crate) fn unread_audience(text: &str, body: &str) -> bool {
    let Some(head) = text.len().checked_sub(body.len()).map(|n| &text[..n]) else {
        return false;
    };
    head.lines().any(|line| {
        let t = line.trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let Some(rest) = t
            .to_ascii_lowercase()
            .strip_prefix("audience")
            .map(str::to_string)
        else {
            return false;
        };
        let rest = rest.trim_start();
        let Some(value) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else {
            return false;
        };
        let nested = line.starts_with([' ', '\t']) || line.trim_start().starts_with("- ");
        nested || value.trim().trim_matches(['"', '\'']).is_empty()
    })
}

/// Letters a reader shows as Latin ones (Cyrillic and Greek look-alikes), as those Latin
/// letters; full-width forms as ASCII; everything else as it is.
fn as_latin(c: char) -> char {
    if let Some(ascii) = docent_core::full_width_ascii(c) {
        return ascii;
    }
    match c {
        'а' | 'α' | 'А' | 'Α' => 'a',
        'в' | 'В' | 'Β' => 'b',
        'с' | 'С' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' | 'Е' | 'Ε' => 'e',
        'н' | 'Н' | 'Η' => 'h',
        'і' | 'ι' | 'І' | 'Ι' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'κ' | 'К' | 'Κ' => 'k',
        'м' | 'М' | 'Μ' => 'm',
        'ո' | 'Ν' => 'n',
        'о' | 'ο' | 'О' | 'Ο' => 'o',
        'р' | 'ρ' | 'Р' | 'Ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'τ' | 'Т' | 'Τ' => 't',
        'υ' | 'Υ' => 'u',
        'ν' => 'v',
        'ԝ' => 'w',
        'х' | 'χ' | 'Х' | 'Χ' => 'x',
        'у' | 'У' => 'y',
        'Ζ' => 'z',
        _ => c,
    }
}

/// How many times `text` names a key that a reader takes for `audience`, however it is
/// written: quoted, in a flow mapping (`{title: T, audience: internal}`), as a complex key
/// (`? audience`), in a list, repeated, spelt with look-alike letters, full-width forms or
/// invisible characters inside, or one or two letters off. A key stands at a line's start or
/// after `{`, `,`, `?` or `-` (quotes and spaces aside), and `:` or `=` follows it.
pub(crate) fn audience_keys(text: &str) -> usize {
    let read: Vec<char> = docent_core::without_invisible_controls(text)
        .chars()
        .map(|c| as_latin(c).to_ascii_lowercase())
        .collect();
    let quote_or_space = |c: char| matches!(c, '"' | '\'' | '`') || c.is_whitespace();
    let mut n = 0;
    let mut i = 0;
    while i < read.len() {
        if !read[i].is_ascii_alphabetic() || (i > 0 && read[i - 1].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let end = i + read[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let word: String = read[i..end].iter().collect();
        let before = read[..i]
            .iter()
            .rev()
            .find(|c| !matches!(c, '"' | '\'' | '`' | ' ' | '\t'));
        let at_key = matches!(before, None | Some('\n' | '{' | ',' | '?' | '-' | '\r'));
        let after = read[end..].iter().find(|c| !quote_or_space(**c));
        if at_key
            && matches!(after, Some(':' | '='))
            && (word == "audience" || is_near_miss(&word, "audience"))
        {
            n += 1;
        }
        i = end;
    }
    n
}

/// Whether the block that opens `text` as front matter (`---`, `+++` or a JSON `{` block,
/// after a byte-order mark and blank lines, read whether or not [`split`] took it) names an
/// audience anywhere but in one plain `audience: value` line: in a line the flat reader
/// skips (a quoted, escaped, tagged or dotted key, a flow mapping, a complex key, a list, a
/// nested key, a TOML table, JSON) or in a second plain line. A YAML, TOML or JSON reader
/// (Hugo, Jekyll, Docusaurus, Astro) takes each of those; Docent would not, and the page would
/// go out with the default audience. A block after blank lines may be a rule above prose,
/// so there only a key-like mention (followed by `:` or `=`) counts.
pub(crate) fn audience_outside_plain_lines(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let Some(open) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return false;
    };
    let strict = open > 0;
    let fence = match lines[open].trim() {
        "{" => Fence {
            closes: &["}"],
            sep: ':',
            lang: Lang::Unread,
        },
        _ => match Fence::opened_by(lines[open]) {
            Some(fence) => fence,
            None => return !strict && meta_paragraph_names_audience(&lines[open..]),
        },
    };
    let sep = fence.sep;
    let Some(close) = lines[open + 1..]
        .iter()
        .position(|l| fence.closed_by(l))
        .map(|p| open + 1 + p)
    else {
        // A block never closed: a front-matter reader may still take it whole (gray-matter
        // does), so an audience named before its first blank line refuses the file.
        return !strict
            && lines[open + 1..]
                .iter()
                .take_while(|l| !l.trim().is_empty())
                .any(|l| names_audience(l));
    };
    let json = fence.lang == Lang::Unread;
    let mut plain = 0;
    let mut in_table = false;
    for line in &lines[open + 1..close] {
        if sep == '=' && line.trim_start().starts_with('[') {
            in_table = true;
        }
        // A complex key (`? key`) or a quoted key broken over lines (`"aud\`): a YAML reader
        // joins what no line shows whole; no page needs either.
        if !strict && (line.trim_start().starts_with('?') || line.trim_end().ends_with('\\')) {
            return true;
        }
        let top = !json && !in_table && !line.starts_with([' ', '\t']);
        if let Some((k, v)) = line
            .split_once(sep)
            .filter(|(k, _)| top && is_key(k.trim()))
        {
            // A plain line: its key, or a key inside a flow mapping or inline table that is
            // its value (`params = { audience = "internal" }`), can name the audience; a text
            // value ("Audience: who sees a page") cannot.
            if k.trim().eq_ignore_ascii_case("audience") {
                plain += 1;
            } else if v.trim_start().starts_with(['{', '[']) && audience_keys(v) > 0 {
                return true;
            }
            continue;
        }
        let mentions = if strict {
            audience_keys(line) > 0
        } else {
            names_audience(line)
        };
        if mentions {
            return true;
        }
    }
    plain > 1
}

/// Whether `lines`, the start of a file with no fence, open with a paragraph of `Key: value`
/// lines that names the audience: metadata as Python-Markdown's `meta` extension (MkDocs)
/// and MultiMarkdown read it, unfenced, up to the first blank line or the first line that is
/// not one (`Audience: internal` straight above a heading is metadata to them: session 55's
/// probe). Docent reads no such block, so the page would go out with the default audience.
fn meta_paragraph_names_audience(lines: &[&str]) -> bool {
    let is_meta_line = |l: &str| {
        // A key line, or a continuation of the value above (indented), as the readers take.
        l.starts_with([' ', '\t'])
            || l.split_once(':').is_some_and(|(k, _)| {
                let k = k.trim();
                !k.is_empty()
                    && k.len() <= 40
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
            })
    };
    let paragraph: Vec<&str> = lines
        .iter()
        .copied()
        .take_while(|l| !l.trim().is_empty() && is_meta_line(l))
        .collect();
    !paragraph.is_empty()
        && !paragraph[0].starts_with([' ', '\t'])
        && paragraph
            .iter()
            .filter_map(|l| l.split_once(':'))
            .any(|(k, _)| names_audience(k))
}

/// Whether `line`, read as a reader would show it (escapes `\uXXXX`/`\xXX` decoded,
/// invisible characters dropped, look-alike letters as Latin ones), holds a word that is
/// `audience` or one or two letters off it.
fn names_audience(line: &str) -> bool {
    let mut decoded = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find('\\') {
        decoded.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (len, digits) = match after.chars().next() {
            Some('U') => (8, after.get(1..9)),
            Some('u') => (4, after.get(1..5)),
            Some('x') => (2, after.get(1..3)),
            _ => (0, None),
        };
        match digits
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .and_then(char::from_u32)
        {
            Some(c) => {
                decoded.push(c);
                rest = &after[1 + len..];
            }
            None => {
                decoded.push('\\');
                rest = after;
            }
        }
    }
    decoded.push_str(rest);
    let read: String = docent_core::without_invisible_controls(&decoded)
        .chars()
        .map(|c| as_latin(c).to_ascii_lowercase())
        .collect();
    read.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w == "audience" || (w.len() >= 6 && is_near_miss(w, "audience")))
}

/// Whether `k` reads as a metadata key: letters, digits, `_` and `-`, starting with a letter.
fn is_key(k: &str) -> bool {
    k.starts_with(|c: char| c.is_ascii_alphabetic())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A key of `keys` that is a near miss of `want` ("audiance", "Audience:" read as another
/// key): one or two letters off, which a reader takes for it and Docent would not.
pub(crate) fn near_miss<'a>(keys: &'a BTreeMap<String, String>, want: &str) -> Option<&'a str> {
    keys.keys()
        .map(String::as_str)
        .find(|k| is_near_miss(k, want))
}

/// Whether `key` is one or two letters off `want`, and not `want` itself ([`near_miss`]).
pub(crate) fn is_near_miss(key: &str, want: &str) -> bool {
    key != want && edits(key, want) <= 2
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
        // A TOML table's keys are not the page's.
        let (k, _) = split(
            "+++\naudience = \"internal\"\n[translations]\naudience = \"public\"\n+++\n# A\n",
        );
        assert_eq!(k["audience"], "internal");
        // After a blank line, a rule above a section is no front matter.
        let text = "\n---\n## Release 1.2\nFixed: the crash on start\n---\nMore.\n";
        let (k, body) = split(text);
        assert!(k.is_empty(), "{k:?}");
        assert!(body.contains("Release 1.2"), "{body}");
        let (k, _) = split("---\naudiance: internal\n---\n# A\n");
        assert_eq!(super::near_miss(&k, "audience"), Some("audiance"));
        let (k, _) = split("---\naudience: internal\ntitle: A\n---\n# A\n");
        assert_eq!(super::near_miss(&k, "audience"), None);
    }

    // Seventh probe, finding 1: YAML forms a flat reading misses published internal pages.
    #[test]
    fn an_audience_a_flat_reading_misses_is_noticed() {
        for text in [
            "---\naudience:\n  internal\n---\n# A\n",
            "---\naudience:\n  - internal\n---\n# A\n",
            "---\nmeta:\n  audience: internal\n---\n# A\n",
        ] {
            let (_, body) = split(text);
            assert!(super::unread_audience(text, body), "{text:?}");
        }
        let text = "---\naudience: internal\ntitle: A\n---\n# A\n";
        let (_, body) = split(text);
        assert!(!super::unread_audience(text, body));
        let text = "# A\n\nThe audience: everyone.\n";
        assert!(!super::unread_audience(text, split(text).1));
    }

    #[test]
    fn unclosed_fence_is_body() {
        let (k, body) = split("---\ntitle: x\n# Hi\n");
        assert!(k.is_empty());
        assert!(body.starts_with("---"));
    }
}
