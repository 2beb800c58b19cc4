//! Sections named by a code span: "### `index_primary_key_no_candidate_found`" followed by
//! "This error occurs when you add documents to an index for the first time and none of them
//! have an attribute ending with `id`." A learner who meets the situation must know the name
//! (which error is this? which operator does this?), so the item quotes the description and
//! asks for the name, the other options being names of the same doc's sections at the same
//! level (other errors, other operators). Checked against the source ([`Basis::Heading`]): the
//! quoted sentence must open the section the key heads.

use crate::material::{fact_key, item, keyed_choice, source, Candidate, Material};
use crate::sentence::{about_the_docs, words};
use crate::text::plain;
use crate::types::{Basis, ItemKind, Level};

/// A section of a chunk headed by one code span, and the first sentence under it.
#[derive(Debug, Clone, PartialEq)]
struct Named {
    /// Heading level (number of `#`).
    level: usize,
    /// The name, without backticks.
    name: String,
    /// The first sentence of the section, as written (Markdown).
    first: String,
}

/// The name of a heading line that is one code span ("### `EXISTS`"), with its level.
pub(crate) fn code_heading(line: &str) -> Option<(usize, String)> {
    let t = line.trim();
    let level = t.chars().take_while(|c| *c == '#').count();
    if !(2..=6).contains(&level) {
        return None;
    }
    let rest = t[level..].strip_prefix(' ')?.trim();
    let name = rest.strip_prefix('`')?.strip_suffix('`')?;
    let ok = !name.is_empty()
        && name.len() <= 60
        && !name.contains('`')
        && name.chars().any(|c| c.is_alphanumeric());
    ok.then(|| (level, name.to_string()))
}

/// The code-span headings of `text` with the first sentence of each section, when the section
/// opens with a paragraph (not a list, a table, a code block or a component).
fn named_sections(text: &str) -> Vec<Named> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((level, name)) = code_heading(line) else {
            continue;
        };
        let Some(para) = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
        else {
            continue;
        };
        if para.starts_with(['#', '-', '*', '|', '`', '<', '>', '!', '[']) {
            continue;
        }
        let first = first_sentence(para);
        if !first.is_empty() {
            out.push(Named { level, name, first });
        }
    }
    out
}

/// The first sentence of a paragraph of Markdown: up to the first ". " outside code spans, or
/// the whole paragraph.
fn first_sentence(para: &str) -> String {
    let mut in_code = false;
    let bytes = para.as_bytes();
    for (i, c) in para.char_indices() {
        if c == '`' {
            in_code = !in_code;
        }
        if c == '.' && !in_code && bytes.get(i + 1) == Some(&b' ') {
            return para[..=i].to_string();
        }
    }
    para.to_string()
}

/// The names of the code-span headings at `level` of the chunks of `doc` that the quiz reads
/// (the chunk itself, its scope and its neighbours), in the order first met.
fn sibling_names(m: &Material, doc: &str, level: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chunks = std::iter::once(m.chunk)
        .chain(m.scope.iter().copied())
        .chain(m.neighbours.iter().copied())
        .filter(|c| c.doc_id == doc);
    for c in chunks {
        for line in c.text.lines() {
            if let Some((l, name)) = code_heading(line) {
                if l == level && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// How alike two names are: the parts (split at `_`, `-`, `.`, spaces and case changes) they
/// share. "index_primary_key_no_candidate_found" is closer to
/// "index_primary_key_multiple_candidates_found" than to "missing_document_id".
fn shared_parts(a: &str, b: &str) -> usize {
    let pb = parts(b);
    parts(a).iter().filter(|p| pb.contains(p)).count()
}

/// The parts of a name, lowercase: split at `_`, `-`, `.`, spaces and case changes
/// ("_meiliSearchSources": meili, search, sources).
fn parts(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        // A new part at a separator, or where a capital follows a small letter ("meiliSearch").
        if (!c.is_alphanumeric() || (c.is_uppercase() && prev_lower)) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur).to_lowercase());
        }
        prev_lower = c.is_lowercase();
        if c.is_alphanumeric() {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur.to_lowercase());
    }
    out
}

/// Whether the stem holds a form of a part of the key's name that no other option has: "Which
/// error occurs when ... Meilisearch finds multiple attributes ...?" with
/// `index_primary_key_multiple_candidates_found` among `..._no_candidate_found`; "The value
/// of stop words is invalid" for `invalid_settings_stop_words`.
fn stem_gives_away(stem: &str, key: &str, others: &[String]) -> bool {
    let other_parts: Vec<String> = others.iter().flat_map(|o| parts(o)).collect();
    let stem_words: Vec<String> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    parts(key).iter().any(|p| {
        p.chars().count() >= 3
            && !other_parts.iter().any(|o| same_stem(p, o))
            && stem_words.iter().any(|w| same_stem(p, w))
    })
}

/// Forms of one word: equal, or [`crate::scope::same_stem`] ("candidate", "candidates";
/// "exists", "existence").
fn same_stem(a: &str, b: &str) -> bool {
    a == b || crate::scope::same_stem(a, b)
}

/// The question a description asks: "This error occurs when X." -> "Which error occurs when
/// X?"; "The EXISTS operator checks for X." -> "Which operator checks for X?"; any other
/// description is quoted ("In “T”, which one is described as “...”?").
fn question(desc: &str, name: &str, within: &str) -> String {
    let body = desc.trim_end_matches('.');
    let mut ws = body.split_whitespace();
    let (first, second) = (ws.next().unwrap_or(""), ws.next().unwrap_or(""));
    let noun = |w: &str| {
        w.len() > 2
            && w.chars().all(|c| c.is_ascii_lowercase())
            && !matches!(
                w,
                "is" | "are"
                    | "was"
                    | "means"
                    | "happens"
                    | "occurs"
                    | "section"
                    | "page"
                    | "guide"
                    | "tutorial"
                    | "will"
                    | "can"
                    | "may"
                    | "should"
            )
    };
    if first == "This" && noun(second) {
        let rest = body.splitn(3, ' ').nth(2).unwrap_or("");
        return format!("Which {second} {rest}?");
    }
    let named = format!("The {name} ");
    if let Some(rest) = body.strip_prefix(&named) {
        let mut rw = rest.splitn(2, ' ');
        let (n, tail) = (rw.next().unwrap_or(""), rw.next().unwrap_or(""));
        if noun(n) && !tail.is_empty() {
            return format!("Which {n} {tail}?");
        }
    }
    format!("In “{within}”, which one is described as “{body}”?")
}

/// The heading a section of `chunk` sits under, above the named one: the parent of the names.
fn parent(chunk: &docent_core::Chunk, name: &str) -> String {
    let coded = format!("`{name}`");
    let path = &chunk.heading_path;
    let at = path.iter().position(|h| *h == coded).unwrap_or(path.len());
    path[..at]
        .iter()
        .rev()
        .find(|h| !h.contains('`'))
        .cloned()
        .unwrap_or_else(|| chunk.title.clone())
}

/// "Which error occurs when ...?" items for the code-named sections of the chunk.
pub fn candidates(m: &Material) -> Vec<Candidate> {
    let mut out = Vec::new();
    // The names at each level, read once per chunk, not once per section.
    let mut at_level: std::collections::HashMap<usize, Vec<String>> = Default::default();
    for n in named_sections(&m.chunk.text) {
        let desc = plain(&n.first);
        let siblings: Vec<String> = at_level
            .entry(n.level)
            .or_insert_with(|| sibling_names(m, &m.chunk.doc_id, n.level))
            .iter()
            .filter(|s| **s != n.name)
            .cloned()
            .collect();
        if siblings.len() < 2
            || !desc.ends_with('.')
            || !(5..=30).contains(&words(&desc))
            || about_the_docs(&desc)
        {
            continue;
        }
        let within = parent(m.chunk, &n.name);
        let stem = question(&desc, &desc_name(&n.name), &within);
        // A stem that names the section, or another, gives the answer away.
        if std::iter::once(&n.name)
            .chain(siblings.iter())
            .any(|s| names(&stem, &desc_name(s)))
        {
            continue;
        }
        let mut ranked = siblings.clone();
        // Most alike first; the order met breaks ties (a stable sort).
        ranked.sort_by_key(|s| std::cmp::Reverse(shared_parts(s, &n.name)));
        ranked.truncate(3);
        if stem_gives_away(&stem, &n.name, &ranked) {
            continue;
        }
        let options: Vec<String> = std::iter::once(n.name.clone()).chain(ranked).collect();
        let it = item(
            ItemKind::MultipleChoice,
            stem,
            source(m.chunk, Some(&format!("`{}`", n.name)), &n.first),
            format!("From “{within}”: {}: {desc}", n.name),
            2,
            Level::Recall,
        );
        out.push(keyed_choice(
            it,
            options,
            &n.name,
            &desc,
            Basis::Heading,
            0.6,
            fact_key(&desc),
        ));
    }
    out
}

/// Whether `text` holds `name` as a whole word or words (any case): "exists" is not in
/// "existence".
fn names(text: &str, name: &str) -> bool {
    let t = text.to_lowercase();
    let n = name.to_lowercase();
    if n.is_empty() {
        return false;
    }
    t.match_indices(&n).any(|(at, _)| {
        let before = t[..at].chars().next_back();
        let after = t[at + n.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The name as plain text shows it (no backticks).
fn desc_name(name: &str) -> String {
    plain(&format!("`{name}`"))
}

/// Whether `quote` opens the section of `source` headed by the code span `key` (the first
/// paragraph under the heading line starts with it).
pub(crate) fn opens_section(source: &str, key: &str, quote: &str) -> bool {
    let lines: Vec<&str> = source.lines().collect();
    lines.iter().enumerate().any(|(i, l)| {
        code_heading(l).is_some_and(|(_, name)| name == key)
            && lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty())
                .is_some_and(|p| p.starts_with(quote))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::with_material;

    const ERRORS: &str = "## Primary key errors\n\n\
        This section covers some primary key errors and how to resolve them.\n\n\
        ### `index_primary_key_multiple_candidates_found`\n\n\
        This error occurs when you add documents to an index for the first time and Meilisearch finds multiple attributes ending with `id`. It can be resolved by setting the primary key.\n\n\
        ### `index_primary_key_no_candidate_found`\n\n\
        This error occurs when you add documents to an index for the first time and none of them have an attribute ending with `id`.\n\n\
        ### `missing_document_id`\n\n\
        This error occurs when your index already has a primary key, but one of the documents you are trying to add is missing this attribute.\n\n\
        ### `invalid_document_id`\n\n\
        ```json\n{\"code\": \"invalid_document_id\"}\n```\n";

    #[test]
    fn a_described_section_asks_for_its_name_among_its_siblings() {
        let got = with_material(&[ERRORS], "primary key errors", candidates);
        let stems: Vec<&str> = got.iter().map(|c| c.item.stem.as_str()).collect();
        // "finds multiple attributes" names the part only its key has
        // (`..._multiple_candidates_found`), as "is missing" does (`missing_document_id`).
        assert_eq!(got.len(), 1, "{stems:?}");
        let c = got
            .iter()
            .find(|c| c.item.stem.contains("none of them"))
            .expect("the no-candidate error");
        assert_eq!(
            c.item.stem,
            "Which error occurs when you add documents to an index for the first time and none of them have an attribute ending with id?"
        );
        assert_eq!(
            c.item.options[c.item.key[0]],
            "index_primary_key_no_candidate_found"
        );
        // Four options, the closest name among them; the section without a sentence is one.
        assert_eq!(c.item.options.len(), 4);
        assert!(c
            .item
            .options
            .contains(&"index_primary_key_multiple_candidates_found".to_string()));
        assert!(c.item.options.contains(&"invalid_document_id".to_string()));
        // Each validates against its source.
        for c in &got {
            assert_eq!(
                crate::validate::item(&c.item, ERRORS),
                Ok(()),
                "{:?}",
                c.item
            );
        }
        // Another key for the same quote is refused.
        let mut wrong = c.item.clone();
        wrong.key = vec![(c.item.key[0] + 1) % 4];
        assert!(crate::validate::item(&wrong, ERRORS).is_err());
    }

    #[test]
    fn a_description_that_names_its_section_is_asked_without_the_name() {
        let ops = "## Filter operators\n\n\
            ### `EXISTS`\n\nThe `EXISTS` operator checks for the existence of a field.\n\n\
            ### `IS EMPTY`\n\nThe `IS EMPTY` operator selects documents whose attribute exists but holds an empty value.\n\n\
            ### `IS NULL`\n\nThe `IS NULL` operator selects documents whose attribute has no value at all.\n";
        let got = with_material(&[ops], "filter operators", candidates);
        let stems: Vec<&str> = got.iter().map(|c| c.item.stem.as_str()).collect();
        assert!(
            stems
                .contains(&"Which operator selects documents whose attribute has no value at all?"),
            "{stems:?}"
        );
        // "the existence of a field" gives `EXISTS` away, "an empty value" `IS EMPTY`.
        assert!(!stems.iter().any(|s| s.contains("existence")), "{stems:?}");
        assert!(
            !stems.iter().any(|s| s.contains("empty value")),
            "{stems:?}"
        );
        assert!(!stems.iter().any(|s| s.contains("EXISTS")), "{stems:?}");
        assert_eq!(parts("_meiliSearchSources"), ["meili", "search", "sources"]);
        assert_eq!(parts("IS EMPTY"), ["is", "empty"]);
    }

    #[test]
    fn two_names_or_a_list_under_the_heading_give_no_item() {
        let two = "### `a_one`\n\nThis error occurs when the first thing fails badly.\n\n\
            ### `b_two`\n\nThis error occurs when the second thing fails badly.\n";
        assert!(with_material(&[two], "errors", candidates).is_empty());
        let listed =
            "### `a_one`\n\n- one\n- two\n\n### `b_two`\n\n- three\n\n### `c_three`\n\n- four\n";
        assert!(with_material(&[listed], "errors", candidates).is_empty());
    }
}
