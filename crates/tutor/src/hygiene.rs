//! What may stand in an answer: predicates the composer applies to quotable units and the
//! tutor to candidates. All are about the shape of documentation in general, never about one
//! document:
//!
//! - a heading-like fragment (a few words, no sentence punctuation) or a page's intro sentence
//!   ("This guide explains ...") is never an answer on its own;
//! - a sentence that only restates the question (a troubleshooting table's problem, an FAQ's
//!   question) is followed by what comes after it, which is the answer;
//! - a chunk that begins inside a sentence (a split of the chunker) does not start an answer
//!   with that fragment;
//! - pages about other products (comparisons, migration guides) do not answer questions about
//!   this product unless the question names the other product;
//! - a quote shown with an answer holds no printed page number ("- 21 -") and no markup line
//!   (`</CodeGroup>`, `<CodeSamples ... />`), even when it spans text between two quoted units.
//!
//! Proves (see tests): each predicate on typical documentation text, both ways.

use std::collections::HashSet;

use docent_index::sentences::{is_markup_line, is_media_line, page_markers};

use docent_core::Chunk;

use crate::confidence::TermWeights;
use crate::text::terms;

/// `text` as a customer may read it in a quote: printed page numbers ("- 21 -"), lines that are
/// only markup (component tags, imports, images) and line-break tags (`<br />`) outside code left out,
/// HTML links outside code written as Markdown links ([`html_links`]), everything else as it
/// stands. Answer parts are cleaned the same way.
pub fn clean_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        } else if !fence && (is_markup_line(t) || is_media_line(t)) {
            continue;
        }
        if fence || t.starts_with("```") || t.starts_with("~~~") {
            out.push_str(line);
            continue;
        }
        let line = &html_links(&strip_line_breaks(line));
        let mut from = 0;
        for (a, b) in page_markers(line) {
            let kept = &line[from..a];
            out.push_str(kept);
            // One space where the marker stood between words, none at a line's edge.
            let rest = &line[b..];
            if !kept.trim().is_empty() && !rest.trim().is_empty() && !kept.ends_with(' ') {
                out.push(' ');
            }
            from = b;
            from += rest.len() - rest.trim_start_matches(' ').len();
        }
        out.push_str(&line[from..]);
    }
    // A dropped line or marker may leave blank runs and trailing spaces.
    let mut tidy = String::with_capacity(out.len());
    for line in out.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank && (tidy.is_empty() || tidy.ends_with("\n\n")) {
            continue;
        }
        tidy.push_str(line);
    }
    tidy.trim().to_string()
}

/// `line` without HTML line-break tags (`<br />`, `<br/>`, `<br>`), which MDX tables and
/// definition lists use for layout: in a quote they are markup, not text.
fn strip_line_breaks(line: &str) -> String {
    let mut out = line.to_string();
    for tag in ["<br />", "<br/>", "<br>"] {
        out = out.replace(tag, "");
    }
    out
}

/// `line` with its HTML links (`<a href="URL" download="f.json">the spec</a>`, which MDX pages
/// write where a link needs an attribute Markdown has no syntax for) as Markdown links
/// (`[the spec](URL)`), and an anchor without `href` as its text; inside inline code
/// (`` `<a href=...>` ``) nothing changes.
fn html_links(line: &str) -> String {
    if !line.contains("<a ") {
        return line.to_string();
    }
    line.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                part.to_string()
            } else {
                links_of(part)
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// [`html_links`] on a piece of a line outside inline code.
fn links_of(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    let mut rest = part;
    while let Some(start) = rest.find("<a ") {
        let Some(open_len) = rest[start..].find('>') else {
            break;
        };
        let open = &rest[start..start + open_len + 1];
        let after = &rest[start + open.len()..];
        let Some(close) = after.find("</a>") else {
            break;
        };
        out.push_str(&rest[..start]);
        let text = &after[..close];
        match docent_core::tag_attribute(open, "href") {
            Some(href) if !text.trim().is_empty() => {
                out.push_str(&format!("[{}]({href})", text.trim()));
            }
            _ => out.push_str(text),
        }
        rest = &after[close + "</a>".len()..];
    }
    out.push_str(rest);
    out
}

/// True for the heading of a section that only points elsewhere ("Next steps", "See also",
/// "Related resources"): its sentences describe other pages (link cards), never answer.
pub fn is_navigation_heading(heading: &str) -> bool {
    let h = heading
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    const NAV: [&str; 9] = [
        "next steps",
        "next step",
        "see also",
        "related",
        "related pages",
        "related resources",
        "related guides",
        "further reading",
        "learn more",
    ];
    NAV.contains(&h.as_str()) || h.starts_with("what's next") || h.starts_with("where to go next")
}

/// True for a page's or section's introduction: it announces content instead of giving it.
pub fn is_intro(text: &str) -> bool {
    let t = text.trim_start_matches(['*', '_', ' ']).to_lowercase();
    const OPENERS: [&str; 14] = [
        "this guide ",
        "this page ",
        "this article ",
        "this section ",
        "this tutorial ",
        "this document ",
        "this chapter ",
        "this reference ",
        "in this guide",
        "in this tutorial",
        "in this article",
        "in this section",
        "the following sections ",
        "read this information ",
    ];
    const VERBS: [&str; 8] = [
        "learn about ",
        "learn how ",
        "view descriptions ",
        "see how to ",
        "understand ",
        "discover ",
        "explore ",
        "find out ",
    ];
    OPENERS.iter().any(|o| t.starts_with(o)) || VERBS.iter().any(|v| t.starts_with(v))
}

/// True for a paragraph that is only pictures (`![alt](path)`): the alt text describes a
/// screenshot on the page, it answers nothing, and in a chat answer the path shows as markup
/// or a broken image (the eleventh blind round: "a demo answer opening with a picture's alt
/// text").
pub fn is_picture(text: &str) -> bool {
    let mut rest = text.trim();
    if rest.is_empty() {
        return false;
    }
    while let Some(after) = rest.strip_prefix("![") {
        let Some(close) = after.find("](") else {
            return false;
        };
        let Some(end) = after[close..].find(')') else {
            return false;
        };
        rest = after[close + end + 1..].trim_start();
    }
    rest.is_empty()
}

/// True for a heading-like fragment: at most six words and no sentence punctuation.
pub fn is_heading_like(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['*', '_', '`']);
    let words = t.split_whitespace().count();
    words <= 6 && !t.ends_with(['.', '!', '?', ':', ')'])
}

/// True when a unit with content terms `unit` says little beyond the question's terms `q`:
/// most of its terms are the question's, and it is short.
pub fn restates(unit: &HashSet<String>, q: &HashSet<String>) -> bool {
    if unit.is_empty() || unit.len() > 10 {
        return false;
    }
    let shared = unit.iter().filter(|t| q.contains(*t)).count();
    shared * 10 >= unit.len() * 6 && shared >= 2
}

/// True when `text` begins inside a sentence: a lowercase letter or a stray mark
/// ("'s software ...", ", and then ...").
pub fn starts_mid_sentence(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, '\'' | ',' | ';' | '.' | ')'))
}

/// True for a page about other products: a comparison ("X vs Y", "alternatives") or a
/// migration guide, by its title or id.
pub fn is_about_other_products(title: &str, doc_id: &str) -> bool {
    let t = format!(" {} ", title.to_lowercase());
    let id = doc_id.to_lowercase();
    t.contains(" vs ")
        || t.contains(" vs. ")
        || t.contains(" versus ")
        || t.contains(" compared ")
        || t.contains("comparison")
        || t.contains("alternatives")
        || t.contains(" migrat")
        || id.contains("comparison")
        || id.contains("migration")
}

/// The names in `question` that no documentation mentions: capitalised words or acronyms of
/// three letters or more after its first word ("SMS", "Gmail", "WordPress", "COBOL") whose term
/// appears in no documentation chunk, not even as the start of a longer one ("Postgres" is
/// documented by "PostgreSQL"). Days and months are no names. The docs cannot answer about something they never name, so the tutor declines rather
/// than quote the nearest sentence. A possessive ("Lumio's") is read as its name.
pub fn unknown_names(question: &str, w: &TermWeights) -> Vec<String> {
    names(question)
        .into_iter()
        .filter(|t| !w.documented(t) && !w.documented_variant(t))
        .collect()
}

/// The names in `question` (as [`unknown_names`] reads them) that the docs mention but none of
/// `evidence` does (its text, title and headings, as a term or the start of a longer one): the
/// evidence is about something else ("Can I join two indexes with a SQL JOIN query?" against
/// pages on joins that never say SQL). The tutor declines rather than answer around the name.
pub fn names_missing_from(question: &str, evidence: &[&Chunk], w: &TermWeights) -> Vec<String> {
    still_missing(documented_names(question, w), evidence)
}

/// Those of `names` (terms of names, as [`names_missing_from`] returns them) that none of
/// `evidence` mentions. Names missing from some chunks and looked for in one more are missing
/// from them all only if that one lacks them too.
pub fn still_missing(names: Vec<String>, evidence: &[&Chunk]) -> Vec<String> {
    if names.is_empty() {
        return names;
    }
    let mut prose: Vec<Vec<String>> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for c in evidence {
        // Code in a programming language is an SDK call, a shell request an HTTP one.
        for t in crate::tabs::interface_terms(&c.text) {
            seen.extend(terms(&t));
        }
        prose.push(terms(&c.text));
        prose.push(terms(&c.title));
        prose.extend(c.heading_path.iter().map(|h| terms(h)));
    }
    not_held(names, &prose, seen)
}

/// The names in `question` (as [`names_missing_from`] reads them) that `text` never mentions:
/// an answer that quotes "Sign me in automatically" does not answer "can I sign up with my
/// Facebook login?".
pub fn names_missing_from_text(question: &str, text: &str, w: &TermWeights) -> Vec<String> {
    let missing = documented_names(question, w);
    if missing.is_empty() {
        return missing;
    }
    not_held(missing, &[terms(text)], HashSet::new())
}

/// The names in `question` that some documentation mentions.
fn documented_names(question: &str, w: &TermWeights) -> Vec<String> {
    names(question)
        .into_iter()
        .filter(|t| w.documented(t) || w.documented_variant(t))
        .collect()
}

/// `missing` less the names `seen` or the `prose` holds, as a term, the start of a longer one,
/// or two neighbouring terms written as one.
fn not_held(
    mut missing: Vec<String>,
    prose: &[Vec<String>],
    mut seen: HashSet<String>,
) -> Vec<String> {
    seen.extend(prose.iter().flatten().cloned());
    missing.retain(|t| !holds(&seen, t));
    if missing.is_empty() {
        return missing;
    }
    // Prose names an identifier in words: two neighbouring terms written as one ("binary
    // quantization" for `binaryQuantized`, "ranking rules" for `rankingRules`).
    let joined: HashSet<String> = prose
        .iter()
        .flat_map(|ts| ts.windows(2).map(|p| format!("{}{}", p[0], p[1])))
        .collect();
    missing.retain(|t| !holds(&joined, t));
    missing
}

/// Whether `seen` holds term `t`, or, for a term of four letters or more, a longer one it
/// starts ("postgres" in "postgresql").
fn holds(seen: &HashSet<String>, t: &str) -> bool {
    seen.contains(t) || (t.chars().count() >= 4 && seen.iter().any(|s| s.starts_with(t)))
}

/// False when `asked` names something the docs never name ([`unknown_names`]), or when its
/// questions name something none of `evidence` mentions ([`names_missing_from`]). A sentence
/// that only sets the scene ("My UHD Blu-ray player outputs 4K 60.") may name what the docs
/// mention elsewhere: the section that answers need not.
pub fn names_found(asked: &str, evidence: &[&Chunk], w: &TermWeights) -> bool {
    unknown_names(asked, w).is_empty()
        && names_missing_from(&crate::asking::questions_of(asked), evidence, w).is_empty()
}

/// The terms of the names in `question`: capitalised words or acronyms of three letters or
/// more after its first word, days and months left out, a possessive read as its name.
fn names(question: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in question.split_inclusive(['.', '?', '!', '\n']) {
        names_in_sentence(sentence, &mut out);
    }
    out
}

/// The names of one sentence into `out`: its first word is capitalised as a sentence's is, so
/// it names nothing ("Security now wants it to expire" after a sentence about a key), unless
/// it is an identifier in camel case ("customMetadata is ..."), which names a field, a
/// setting or a parameter wherever it stands.
fn names_in_sentence(sentence: &str, out: &mut Vec<String>) {
    let openers = quoted_phrase_openers(sentence);
    let words = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty());
    for (i, word) in words.enumerate() {
        let word = word
            .trim_end_matches("'s")
            .trim_end_matches("\u{2019}s")
            .trim_matches(['\'', '\u{2019}']);
        let word = acronym_singular(word);
        // "I've" and "I'll" are the asker; a quoted phrase starts as a sentence does.
        if is_first_person(word) || openers.iter().any(|o| o == word) {
            continue;
        }
        let capitalised = i > 0 && word.chars().next().is_some_and(char::is_uppercase);
        let named = (capitalised || camel_case(word))
            && word.chars().filter(|c| c.is_alphabetic()).count() >= 3;
        if !named || CALENDAR.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        for t in terms(word) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
}

/// The first words of the phrases `sentence` quotes that read as a title or a sentence: a
/// capitalised word, not all capitals, followed inside the quotes by a word in lower case
/// ("pins our 'Track your order' page"). A quoted name stays a name ("'Google Drive'",
/// "\"SMS\"").
fn quoted_phrase_openers(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let is_quote = |c: char| matches!(c, '\'' | '"' | '\u{2018}' | '\u{201C}');
    let closes = |c: char| matches!(c, '\'' | '"' | '\u{2019}' | '\u{201D}');
    for (k, &(at, c)) in chars.iter().enumerate() {
        let opens = is_quote(c) && (k == 0 || !chars[k - 1].1.is_alphanumeric());
        if !opens {
            continue;
        }
        let start = at + c.len_utf8();
        let Some(len) = sentence[start..].find(|x: char| closes(x)) else {
            continue;
        };
        let mut words = sentence[start..start + len].split_whitespace();
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            continue;
        };
        let title = first.chars().next().is_some_and(char::is_uppercase)
            && !first
                .chars()
                .skip(1)
                .all(|x| x.is_uppercase() || !x.is_alphabetic());
        if title && second.chars().next().is_some_and(char::is_lowercase) {
            out.push(first.to_string());
        }
    }
    out
}

/// True for "I" and its contractions ("I've", "I'll"): the asker, never a name.
fn is_first_person(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower == "i" || lower.starts_with("i'") || lower.starts_with("i\u{2019}")
}

/// Whether `word` is an identifier in camel case: a lowercase start and a capital after a
/// lowercase letter ("customMetadata", "filterableAttributes"; not "iOS" or "SMS").
fn camel_case(word: &str) -> bool {
    let cs: Vec<char> = word.chars().collect();
    cs.first().is_some_and(char::is_ascii_lowercase)
        && cs
            .windows(2)
            .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
        && cs.iter().filter(|c| c.is_ascii_lowercase()).count() >= 4
}

/// An acronym's plural read as the acronym ("IDs" -> "ID", "SDKs" -> "SDK"): "skip unknown
/// IDs" names no product.
fn acronym_singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.chars().count() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase()) => {
            stem
        }
        _ => word,
    }
}

/// Capitalised words that are no names: days and months, and their abbreviations.
const CALENDAR: &[&str] = &[
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "may",
];

/// True when the question names a distinctive term of `title` (one in under a tenth of the
/// chunks: another product's name, not this one's).
pub fn names_title_term(question: &[String], title: &str, w: &TermWeights) -> bool {
    let rare = w.idf_of_share(0.1);
    terms(title)
        .iter()
        .any(|t| question.contains(t) && w.idf(t) >= rare)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A public documentation chunk without headings.
    fn chunk(id: &str, title: &str, text: &str) -> Chunk {
        Chunk::public_doc(id, title, &[], text)
    }

    #[test]
    fn a_paragraph_of_pictures_is_no_answer() {
        assert!(is_picture(
            "![E-commerce demo showing faceted product search](/assets/images/demos/ecommerce-demo.png)"
        ));
        assert!(is_picture("![a](x.png) ![b](y.png)"));
        assert!(!is_picture("![a](x.png) Click Save to keep it."));
        assert!(!is_picture("See the [guide](x) first."));
        assert!(!is_picture(""));
    }

    #[test]
    fn navigation_headings() {
        assert!(is_navigation_heading("Next steps"));
        assert!(is_navigation_heading("See also"));
        assert!(is_navigation_heading("**Related resources**"));
        assert!(is_navigation_heading("What's next?"));
        assert!(!is_navigation_heading("Next page"));
        assert!(!is_navigation_heading("Related attributes"));
        assert!(!is_navigation_heading("Master key"));
    }

    #[test]
    fn intros_and_headings() {
        assert!(is_intro(
            "This guide explains the differences between the master key and API keys."
        ));
        assert!(is_intro("Learn about the buttons on the remote."));
        assert!(is_intro(
            "Understand the differences between master key and API keys, and how to manage them."
        ));
        assert!(!is_intro("The master key grants access to every route."));
        assert!(is_heading_like("Updating the TV automatically"));
        assert!(!is_heading_like("Turn on Auto Update."));
        assert!(starts_mid_sentence("'s software, remotely"));
        assert!(!starts_mid_sentence("Reset the router."));
    }

    #[test]
    fn quotes_lose_page_numbers_and_markup_lines() {
        let flat = "is below 10 Mbps. LAN - 21 - Establishing a wireless Internet connection";
        assert_eq!(
            clean_quote(flat),
            "is below 10 Mbps. LAN Establishing a wireless Internet connection"
        );
        assert_eq!(
            clean_quote("Sharpness - 88 - Tint (G/R)"),
            "Sharpness Tint (G/R)"
        );
        let mdx = "Add the filter:\n\n<CodeGroup>\n\n```bash\ncurl -X POST x\n```\n\n</CodeGroup>\n\nDone.";
        let q = clean_quote(mdx);
        assert!(!q.contains("CodeGroup"), "{q}");
        assert!(q.contains("```bash\ncurl -X POST x\n```"), "{q}");
        assert!(q.ends_with("Done."), "{q}");
        // A range like "10 - 20 - 30" in a code block stays; ordinary text stays as it is.
        assert_eq!(clean_quote("Reset the router."), "Reset the router.");
        assert_eq!(
            clean_quote("**CLI option**: `--limit`<br />\n**Default value**: `100`<br/>"),
            "**CLI option**: `--limit`\n**Default value**: `100`"
        );
        assert!(clean_quote("```html\na<br />b\n```").contains("<br />"));
        assert!(clean_quote("```\nx - 12 - y\n```").contains("- 12 -"));
    }

    #[test]
    fn an_html_link_reads_as_a_markdown_link_outside_code() {
        let md = "You can <a href=\"https://example.com/spec.json\" download=\"spec.json\">download the specification</a> for the latest version.";
        assert_eq!(
            clean_quote(md),
            "You can [download the specification](https://example.com/spec.json) for the latest version."
        );
        // An anchor without a link keeps its text; single quotes hold a value too.
        assert_eq!(
            clean_quote("See <a id=\"dl\">the file</a> and <a href='/x'>x</a>."),
            "See the file and [x](/x)."
        );
        // Code shows the tag as written.
        let inline = "Write `<a href=\"/x\">x</a>` in the page.";
        assert_eq!(clean_quote(inline), inline);
        let fenced = "```html\n<a href=\"/x\">x</a>\n```";
        assert_eq!(clean_quote(fenced), fenced);
        // An unclosed tag is left as it stands.
        assert_eq!(clean_quote("a <a href=\"/x\">b"), "a <a href=\"/x\">b");
    }

    // Issue 14, round 22: questions of several sentences were declined for the first word of
    // a later sentence ("Security now wants ...") or a month written short ("Nov 24").
    #[test]
    fn a_sentence_start_or_a_short_month_is_no_name() {
        let q = "I created a key for our Sync job. Security now wants it to expire on Nov 24. Can I PATCH it?";
        assert_eq!(names(q), vec!["sync", "patch"]);
        assert_eq!(names("Is there a Terraform provider?"), vec!["terraform"]);
        // An acronym's plural is the acronym: "IDs" is a two-letter "ID", no name.
        assert!(names("Can it skip unknown IDs?").is_empty());
        assert_eq!(names("Are there official SDKs?"), vec!["sdk"]);
    }

    #[test]
    fn names_the_docs_never_mention() {
        use docent_core::{Audience, Chunk, DocKind};
        let chunk = |text: &str, kind: DocKind| Chunk {
            id: "d#0".into(),
            doc_id: "d".into(),
            ordinal: 0,
            title: "Alerts".into(),
            heading_path: vec![],
            text: text.into(),
            offset: 0,
            audience: Audience::Public,
            product: None,
            kind,
            source: "d.md".into(),
            url: None,
            summary_end: 0,
        };
        let w = TermWeights::build(&[
            chunk("Lumio sends alerts to Slack and by email.", DocKind::Doc),
            chunk(
                "Can Lumio send SMS alerts? My Gmail is full.",
                DocKind::Ticket,
            ),
        ]);
        // Tickets mention SMS and Gmail; the docs do not.
        assert_eq!(
            unknown_names("Can Lumio send SMS messages?", &w),
            vec!["sms"]
        );
        assert_eq!(
            unknown_names("How do I recover an email in Gmail?", &w),
            vec!["gmail"]
        );
        assert!(unknown_names("Can Lumio post alerts to Slack?", &w).is_empty());
        // A short form of a documented name, a day, a two-letter acronym: not unknown names.
        assert!(unknown_names("Do alerts go to Slac every Monday?", &w).is_empty());
        assert!(unknown_names("Which IP sends the email alerts?", &w).is_empty());
        assert!(unknown_names("What is Lumio's alert limit?", &w).is_empty());
        // The first word is capitalised as any sentence's is; lowercase words are not names.
        assert!(unknown_names("Sourdough alerts in lumio with email", &w).is_empty());
    }

    // Issue 14: "Can I join two indexes with a SQL JOIN query?" was answered from a page on
    // joins that never says SQL.
    #[test]
    fn names_the_evidence_never_mentions() {
        let joins = chunk(
            "joins",
            "Joins",
            "Use joins to hydrate related documents at search time.",
        );
        let migrate = chunk(
            "mysql",
            "Migrate from MySQL",
            "Export your SQL tables as JSON first.",
        );
        let postgres = chunk(
            "pg",
            "Connect PostgreSQL",
            "Connect your PostgreSQL database.",
        );
        let w = TermWeights::build(&[joins.clone(), migrate.clone(), postgres.clone()]);
        let q = "Can I join two indexes with a SQL JOIN query?";
        assert_eq!(names_missing_from(q, &[&joins], &w), vec!["sql"]);
        assert!(names_missing_from(q, &[&joins, &migrate], &w).is_empty());
        // A short form of a name the evidence holds, an undocumented name (declined by
        // unknown_names instead), a lowercase word: none of them is missing.
        assert!(names_missing_from("How do I connect Postgres?", &[&postgres], &w).is_empty());
        assert!(names_missing_from("Can I join with Oracle?", &[&joins], &w).is_empty());
        assert!(names_missing_from("Can I use sql to join?", &[&joins], &w).is_empty());
    }

    // Issue 14 (fresh6 f6tv-011): an answer on signing in automatically left out the part
    // that asks about a Facebook sign-up, although it held most of that part's words.
    #[test]
    fn names_an_answer_text_never_mentions() {
        let account = chunk(
            "account",
            "Samsung account",
            "Click Sign me in automatically. Add Account Create with Facebook.",
        );
        let w = TermWeights::build(&[account]);
        let q = "Can I sign up for a Samsung account with my Facebook login?";
        let answer =
            "To create a Samsung account, follow the instructions. Click Sign me in automatically.";
        assert_eq!(names_missing_from_text(q, answer, &w), vec!["facebook"]);
        assert!(
            names_missing_from_text(q, "Samsung Account Add Account Create with Facebook", &w)
                .is_empty()
        );
        // A question naming nothing misses nothing.
        assert!(names_missing_from_text("Can it sign me in?", answer, &w).is_empty());
    }

    #[test]
    fn names_of_the_scene_need_not_be_in_the_evidence_but_must_be_documented() {
        let players = chunk(
            "players",
            "Connecting players",
            "Connect Blu-ray players with an HDMI cable.",
        );
        let color = chunk(
            "color",
            "HDMI UHD Color",
            "Turn on HDMI UHD Color for 4K 60 signals with 4:4:4 color.",
        );
        let w = TermWeights::build(&[players.clone(), color.clone()]);
        let scene = "My Blu-ray player outputs 4K 60. Do I have to change anything for that?";
        assert!(names_found(scene, &[&color], &w));
        let asked = "Do I have to change anything for my Blu-ray player?";
        assert!(!names_found(asked, &[&color], &w));
        assert!(names_found(asked, &[&color, &players], &w));
        // A name the docs never use declines wherever it stands.
        let unknown = "My Roku player outputs 4K 60. Do I have to change anything for that?";
        assert!(!names_found(unknown, &[&color, &players], &w));
    }

    // Issue 14: "What is the maximum length of customMetadata?" was answered with the length
    // limit of filterable values, from a chunk that never names customMetadata.
    #[test]
    fn identifiers_in_camel_case_are_names_wherever_they_stand() {
        let limits = chunk(
            "limits",
            "Known limitations",
            "Individual `filterableAttributes` values are limited to 468 bytes.",
        );
        let tasks = chunk(
            "tasks",
            "Tasks",
            "Set `customMetadata` on a request to find its task later.",
        );
        let w = TermWeights::build(&[limits.clone(), tasks.clone()]);
        let q = "What is the maximum length of customMetadata?";
        assert_eq!(
            names_missing_from(q, &[&limits], &w),
            vec!["custommetadata"]
        );
        assert!(names_missing_from(q, &[&limits, &tasks], &w).is_empty());
        // At a sentence's start too; an identifier the docs never use is an unknown name.
        assert_eq!(
            names_missing_from("customMetadata: how long may it be?", &[&limits], &w),
            vec!["custommetadata"]
        );
        assert_eq!(
            unknown_names("How do I set attributesForFaceting?", &w),
            vec!["attributesforfacet"]
        );
        // The identifier the evidence holds, and words that are no identifiers.
        assert!(names_missing_from(
            "How long can filterableAttributes values be?",
            &[&limits],
            &w
        )
        .is_empty());
        assert!(unknown_names("Does it work on iOS or with eBay listings?", &w).len() <= 1);
        assert!(!camel_case("iOS") && !camel_case("SMS") && !camel_case("metadata"));
        assert!(camel_case("customMetadata") && camel_case("filterableAttributes"));
    }

    // Issue 14 (fresh4 f4tv-007, tv-paraphrased tvk-014): "Where do I find the shows I've
    // recorded?" was declined at 0.0: "I've" read as a name the manual never uses.
    #[test]
    fn the_askers_i_is_no_name() {
        let recordings = chunk(
            "rec",
            "Recordings",
            "Recorded shows are listed in the Recordings tab of the Guide.",
        );
        let w = TermWeights::build(std::slice::from_ref(&recordings));
        for q in [
            "Where do I find the shows I've recorded?",
            "Then I'll watch them where?",
            "Which shows have I recorded?",
        ] {
            assert!(unknown_names(q, &w).is_empty(), "{q}");
        }
        // A name the manual never uses still is one.
        assert_eq!(
            unknown_names("Where do I find the shows Tivo recorded?", &w),
            vec!["tivo"]
        );
    }

    // Issue 14 (fresh4 f4ms-029): "... pins our 'Track your order' page?" was declined at 0.0,
    // "Track" read as a name.
    #[test]
    fn a_quoted_phrase_starts_as_a_sentence_does() {
        let rules = chunk(
            "rules",
            "Search rules",
            "A search rule pins a document for a query.",
        );
        let other = chunk(
            "other",
            "Tracking",
            "Track events with Google Drive and SMS.",
        );
        let w = TermWeights::build(&[rules.clone(), other]);
        let q = "Can a search rule pin our 'Track your order' page?";
        assert!(names_missing_from(q, &[&rules], &w).is_empty());
        assert!(names_missing_from(
            "Can a rule pin our \u{201C}Track your order\u{201D} page?",
            &[&rules],
            &w
        )
        .is_empty());
        // A quoted name is still one.
        assert_eq!(
            names_missing_from("Can a rule pin our 'Google Drive' page?", &[&rules], &w),
            vec!["google", "drive"]
        );
        assert_eq!(
            names_missing_from("Can a rule send \"SMS\" alerts?", &[&rules], &w),
            vec!["sms"]
        );
        assert_eq!(
            names_missing_from("Can a rule pin the Track page?", &[&rules], &w),
            vec!["track"]
        );
    }

    // Issue 14 (fresh4 f4ms-012): "Is binaryQuantized a good idea here?" was declined
    // although the evidence is the page on binary quantization, which names the setting in
    // prose only.
    #[test]
    fn an_identifier_is_found_written_as_words() {
        let prose = chunk(
            "bq",
            "Binary quantization",
            "Binary quantization compresses vectors to 1-bit values.",
        );
        let apart = chunk(
            "apart",
            "Vectors",
            "Binary values and quantization are both explained below.",
        );
        let setting = chunk("setting", "Embedders", "Set `binaryQuantized` to `true`.");
        let w = TermWeights::build(&[prose.clone(), apart.clone(), setting.clone()]);
        let q = "Is binaryQuantized a good idea here?";
        assert!(names_missing_from(q, &[&prose], &w).is_empty());
        // The words must stand together, in the identifier's order.
        assert_eq!(names_missing_from(q, &[&apart], &w).len(), 1);
        assert!(names_missing_from(q, &[&setting], &w).is_empty());
    }

    #[test]
    fn restatements_and_other_products() {
        let q: HashSet<String> = terms("Anynet+ does not work, what can I do?")
            .into_iter()
            .collect();
        let problem: HashSet<String> = terms("Anynet+ does not work.").into_iter().collect();
        let fix: HashSet<String> = terms(
            "Check that the device is an Anynet+ device and turn on Anynet+ in the settings.",
        )
        .into_iter()
        .collect();
        assert!(restates(&problem, &q));
        assert!(!restates(&fix, &q));
        assert!(is_about_other_products(
            "Meilisearch vs Algolia",
            "resources/comparisons/algolia"
        ));
        assert!(is_about_other_products("Migrating from Qdrant", "x"));
        assert!(!is_about_other_products(
            "Filter search results",
            "capabilities/filtering"
        ));
    }
}
