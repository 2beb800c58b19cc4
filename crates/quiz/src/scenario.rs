//! Scenario items: the learner applies what the docs say to a case the stem describes.
//!
//! - **Limits** ("XLSX exports can hold up to 100,000 rows"): a case inside or outside the
//!   limit as a true/false claim ("... can hold 200,000 rows" is false), so the learner compares
//!   a value with the limit rather than recalls a sentence.
//! - **Purposes** ("Use `attributesToCrop` to trim long text fields ..."): "You want to trim
//!   long text fields ...; which do you use?", the other options being tools the docs of the
//!   scope name for other purposes.
//!
//! Both are checked against their quoted sentence ([`crate::validate`], [`Basis::Limit`] and
//! [`Basis::Purpose`]).

use std::sync::OnceLock;

use regex::Regex;

use crate::rules::{fact_key, item, parts, shuffle, source, topic, words, Candidate, Material};
use crate::text::{contains, plain};
use crate::types::{Basis, ItemKind, Level};

/// An upper limit in a sentence of permission or capacity: the span "up to 50" and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// Byte range of the lead and the number ("up to 50") in the sentence.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The limit.
    pub value: u64,
    /// Whether the number is written as a word ("five").
    pub spelled: bool,
}

fn limit_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\b(?:up to|a maximum of|at most|no more than) (\d{1,3}(?:,\d{3})+|\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b( ?[a-zA-Z%])?",
        )
        .expect("regex")
    })
}

/// The upper limit of a plain sentence that says what something can or may do ("A term may
/// have up to 50 synonyms"; "You can create up to five lists"): one limit, a modal before it
/// (a claim about what is allowed, so a case below the limit is true and one above is false),
/// a counted noun after it, no negation and no second number that a case would contradict.
pub fn limit(sentence: &str) -> Option<Limit> {
    let re = limit_re();
    let mut found = re.captures_iter(sentence);
    let c = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let whole = c.get(0)?;
    let number = c.get(1)?;
    // "up to 100 MB" and "up to 10%" measure; "up to 50 synonyms" counts. A measure has no
    // plural to keep and a case value reads the same, but a bare number ("up to 3.") has no
    // noun the case is about.
    c.get(2)?;
    let before = sentence[..whole.start()].to_lowercase();
    // "can" and "may" state what is allowed; "allows up to 600" read with a case ("allows 300")
    // would state a different limit.
    let modal = [" can ", " may "]
        .iter()
        .any(|m| format!(" {before}").contains(m));
    if !modal || crate::rules::has_negation(sentence) {
        return None;
    }
    // Other numbers would have to hold in the case as well ("up to 5 lists of 100 channels").
    let digits = sentence.chars().filter(char::is_ascii_digit).count();
    let own = number.as_str().chars().filter(char::is_ascii_digit).count();
    if digits != own || (sentence.matches(" between ").count() > 0) {
        return None;
    }
    let text = number.as_str();
    let (value, spelled) = match crate::text::spelled_value(text) {
        Some(v) => (v, true),
        None => (text.replace(',', "").parse().ok()?, false),
    };
    Some(Limit {
        start: whole.start(),
        end: number.end(),
        value,
        spelled,
    })
}

/// A round value well inside (`inside`) or well outside a limit: half and double, so the case
/// is not a matter of off-by-one reading. None when no such value reads well (a limit under 4
/// has no half with the noun's plural).
pub fn case_value(limit: &Limit, inside: bool) -> Option<u64> {
    if limit.value < 4 {
        return None;
    }
    let v = if inside {
        limit.value / 2
    } else {
        limit.value * 2
    };
    // A spelled limit takes a spelled case ("ten lists"), within the words the docs spell.
    (!limit.spelled || crate::text::spelled_word(v).is_some()).then_some(v)
}

/// `sentence` with its limit replaced by `value`, written as the limit is ("up to 100,000
/// rows" -> "200,000 rows"; "up to five lists" -> "ten lists").
pub fn with_case(sentence: &str, limit: &Limit, value: u64) -> String {
    let written = if limit.spelled {
        crate::text::spelled_word(value)
            .unwrap_or_default()
            .to_string()
    } else if sentence[limit.start..limit.end].contains(',') || value >= 10_000 {
        crate::text::thousands(value)
    } else {
        value.to_string()
    };
    format!(
        "{}{written}{}",
        &sentence[..limit.start],
        &sentence[limit.end..]
    )
}

/// Lowercases the first letter unless the first word is a name ("XLSX exports ...", "Bixby
/// ..."): the sentence follows "according to “T”,".
fn continue_sentence(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    if first.chars().skip(1).any(char::is_uppercase) || first == "I" {
        return s.to_string();
    }
    let mut ch = s.chars();
    ch.next()
        .map(|f| f.to_lowercase().chain(ch).collect())
        .unwrap_or_default()
}

/// "True or false: according to “T”, <a case of the limit>." for each limit of the chunk.
fn limit_items(m: &Material) -> Vec<Candidate> {
    let mut out = Vec::new();
    for f in parts(m.chunk).facts {
        let sentence = plain(f.md);
        let Some(l) = limit(&sentence) else {
            continue;
        };
        if !crate::rules::self_contained(&sentence)
            || crate::rules::artefacts(&sentence)
            || crate::rules::in_example(&sentence, l.start)
            || crate::rules::about_the_docs(&sentence)
            || words(&sentence) > 30
            || !sentence.ends_with('.')
            || crate::rules::instruction(&sentence, m.corpus)
        {
            continue;
        }
        let (Some(inside), Some(outside)) = (case_value(&l, true), case_value(&l, false)) else {
            continue;
        };
        let t = topic(m.chunk, f.heading);
        let make = |value: u64, key: usize| {
            let claim = continue_sentence(&with_case(&sentence, &l, value));
            let mut it = item(
                ItemKind::TrueFalse,
                format!("True or false: according to “{t}”, {claim}"),
                source(m.chunk, f.heading, f.md),
                format!("From “{t}”: {sentence}"),
                2,
                Level::Apply,
            );
            it.options = vec!["True".into(), "False".into()];
            it.key = vec![key];
            it.basis = Basis::Limit;
            it
        };
        out.push(Candidate {
            item: make(inside, 0),
            alternate: Some(make(outside, 1)),
            salience: 0.7,
            fact: fact_key(&sentence),
        });
    }
    out
}

/// A purpose sentence: the tool it names and the goal it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct Purpose {
    /// The tool as plain text ("attributesToCrop", "SmartThings app").
    pub tool: String,
    /// Whether the tool is a code span (its options must be code as well).
    pub code: bool,
    /// The goal, starting with a verb ("trim long text fields ...").
    pub goal: String,
}

/// Kinds of things a purpose sentence names after its tool ("the `sort` search parameter").
const TOOL_NOUNS: &[&str] = &[
    "search parameter",
    "parameter",
    "setting",
    "settings",
    "endpoint",
    "route",
    "option",
    "field",
    "method",
    "function",
    "rule",
    "ranking rule",
    "command",
    "button",
    "menu",
    "app",
    "feature",
    "filter",
    "operator",
    "attribute",
    "property",
    "flag",
    "mode",
    "tab",
    "connection",
];

fn purpose_res() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        let tool = r"(?:the )?(`[^`]{1,40}`|\*\*[^*]{1,40}\*\*|[A-Z][\w+-]*(?: [A-Z][\w+-]*){0,2})";
        let noun = format!(r"(?: (?:{}))?", TOOL_NOUNS.join("|"));
        [
            Regex::new(&format!(r"^Use {tool}{noun} to ([a-z][^;:]{{10,150}})\.$")),
            Regex::new(&format!(
                r"^Use {tool}{noun} (?:when|if) you (?:want|need) to ([a-z][^;:]{{10,150}})\.$"
            )),
            Regex::new(&format!(
                r"^To ([a-z][^,;:]{{10,150}}), use {tool}{noun}\.$"
            )),
        ]
        .map(|r| r.expect("regex"))
    })
}

/// Reads "Use X to Y.", "Use X when you want to Y." and "To Y, use X." (Markdown) as a purpose.
pub fn purpose(md: &str) -> Option<Purpose> {
    let md = md.trim();
    let [use_to, use_when, to_use] = purpose_res();
    let (tool, goal) = if let Some(c) = use_to.captures(md).or_else(|| use_when.captures(md)) {
        (c.get(1)?.as_str(), c.get(2)?.as_str())
    } else {
        let c = to_use.captures(md)?;
        (c.get(2)?.as_str(), c.get(1)?.as_str())
    };
    let code = tool.starts_with('`');
    // A code span is its text as written (plain text would read `_geo` as emphasis).
    let tool = if code {
        tool.trim_matches('`').trim().to_string()
    } else {
        plain(tool).trim().to_string()
    };
    let goal = plain(goal).trim().to_string();
    // A goal that names another tool ("... or `:desc` to show ...") or points back ("to do
    // this") is no case a learner can picture.
    if md.matches('`').count() > 2
        || crate::apply::points_back(&goal)
        || words(&goal) < 3
        || words(&goal) > 20
        || tool.chars().count() < 2
        || contains(&goal, &tool)
        || matches!(
            tool.to_lowercase().as_str(),
            "this" | "these" | "it" | "them" | "that"
        )
    {
        return None;
    }
    Some(Purpose { tool, code, goal })
}

/// The purposes of a chunk.
pub(crate) fn purposes_in(c: &docent_core::Chunk) -> Vec<Purpose> {
    parts(c)
        .facts
        .iter()
        .filter_map(|f| purpose(f.md))
        .collect()
}

/// Tools of other purposes of the scope and the neighbours, as options beside `p`'s: the same
/// kind (code for code), named for a goal unlike `p`'s, absent from `p`'s sentence, and not
/// stated anywhere for `p`'s goal.
fn purpose_distractors(m: &Material, p: &Purpose, sentence: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in m
        .scope
        .iter()
        .chain(m.neighbours.iter())
        .chain(std::iter::once(&m.chunk))
    {
        for o in purposes_in(c) {
            let d = o.tool;
            if o.code != p.code
                || d.eq_ignore_ascii_case(&p.tool)
                || contains(sentence, &d)
                || out.iter().any(|x| x.eq_ignore_ascii_case(&d))
                || crate::apply::similar_text(&o.goal, &p.goal)
                || crate::apply::stated_for(m, &p.goal, &d)
            {
                continue;
            }
            out.push(d);
            if out.len() == 3 {
                return out;
            }
        }
    }
    out
}

/// "You want to Y. According to “T”, which of these do you use?" for each purpose of the chunk.
fn purpose_items(m: &Material) -> Vec<Candidate> {
    let mut out = Vec::new();
    for f in parts(m.chunk).facts {
        let Some(p) = purpose(f.md) else {
            continue;
        };
        let sentence = plain(f.md);
        if crate::rules::in_example(&sentence, sentence.len())
            || crate::rules::about_the_docs(&sentence)
        {
            continue;
        }
        let ds = purpose_distractors(m, &p, &sentence);
        if ds.len() < 2 {
            continue;
        }
        let t = topic(m.chunk, f.heading);
        let mut options: Vec<String> = std::iter::once(p.tool.clone()).chain(ds).collect();
        shuffle(&mut options, &sentence);
        let key = options.iter().position(|o| *o == p.tool).unwrap_or(0);
        let mut it = item(
            ItemKind::MultipleChoice,
            format!(
                "You want to {}. According to “{t}”, which of these do you use?",
                p.goal
            ),
            source(m.chunk, f.heading, f.md),
            format!("From “{t}”: {sentence}"),
            2,
            Level::Apply,
        );
        it.options = options;
        it.key = vec![key];
        it.basis = Basis::Purpose;
        out.push(Candidate {
            item: it,
            alternate: None,
            salience: 0.7,
            fact: fact_key(&sentence),
        });
    }
    out
}

/// Every scenario candidate of one chunk.
pub fn candidates(m: &Material) -> Vec<Candidate> {
    let mut out = limit_items(m);
    out.extend(purpose_items(m));
    out
}

/// The goal a purpose item's stem states ("You want to Y. According to ...").
pub(crate) fn stem_goal(stem: &str) -> Option<&str> {
    stem.strip_prefix("You want to ")?
        .split_once(". According to “")
        .map(|x| x.0)
}

/// The case of a limit item's stem, with the quoted sentence's limit: whether the claim is
/// the sentence with its limit replaced by a value, and whether that value is within it.
pub(crate) fn limit_case(claim: &str, quote: &str) -> Option<bool> {
    let sentence = plain(quote);
    let l = limit(&sentence)?;
    let prefix = continue_sentence(&sentence[..l.start]);
    let rest = &sentence[l.end..];
    let claim = claim.trim_end_matches('.');
    let rest = rest.trim_end_matches('.');
    let middle = claim.strip_prefix(prefix.as_str())?.strip_suffix(rest)?;
    let value = match crate::text::spelled_value(middle) {
        Some(v) => v,
        None => middle.replace(',', "").parse().ok()?,
    };
    Some(value <= l.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::with_material;

    fn stems(texts: &[&str]) -> Vec<(String, Option<String>, Vec<String>)> {
        with_material(texts, "", |m| {
            candidates(m)
                .into_iter()
                .map(|c| (c.item.stem, c.alternate.map(|a| a.stem), c.item.options))
                .collect()
        })
    }

    #[test]
    fn a_limit_becomes_a_case_inside_and_outside_it() {
        let l = limit("XLSX exports can hold up to 100,000 rows.").unwrap();
        assert_eq!(l.value, 100_000);
        let s = "XLSX exports can hold up to 100,000 rows.";
        assert_eq!(
            with_case(s, &l, 200_000),
            "XLSX exports can hold 200,000 rows."
        );
        let got = stems(&["## Limits\n\nXLSX exports can hold up to 100,000 rows.\n"]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].0.ends_with("XLSX exports can hold 50,000 rows."),
            "{got:?}"
        );
        assert!(got[0]
            .1
            .as_ref()
            .unwrap()
            .ends_with("can hold 200,000 rows."));
        // Spelled limits stay spelled.
        let got = stems(&["You can create up to five favorites lists for your family."]);
        assert!(got[0]
            .1
            .as_ref()
            .unwrap()
            .contains("you can create ten favorites lists"));
    }

    #[test]
    fn no_case_from_a_limit_that_is_no_permission_or_has_other_numbers() {
        // A statement of what happens, not what is allowed; a negation; a second number; a
        // limit too small to halve.
        for s in [
            "The export stops at up to 100 rows.",
            "You cannot add up to 100 rows.",
            "You can create up to 5 lists of 100 channels.",
            "The API allows up to 600 requests per minute.",
            "A query can contain up to 3 words.",
            "The optimal volume is between 75 dB and up to 80 dB.",
        ] {
            assert!(stems(&[s]).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_limit_case_is_checked_against_its_sentence() {
        let q = "A single term may have up to **50** synonyms.";
        assert_eq!(
            limit_case("a single term may have 25 synonyms.", q),
            Some(true)
        );
        assert_eq!(
            limit_case("a single term may have 100 synonyms.", q),
            Some(false)
        );
        assert_eq!(limit_case("a single term may have 25 rows.", q), None);
    }

    const TOOLS: &[&str] = &[
        "Use `attributesToCrop` to trim long text fields so only the matched part is returned.",
        "Use `attributesToHighlight` to wrap matched terms in highlight tags.",
        "Use `displayedAttributes` to control which fields a search returns.",
        "To order results by distance from a point, use the `_geoPoint` ranking rule.",
    ];

    #[test]
    fn a_purpose_asks_for_the_tool_among_tools_for_other_goals() {
        let p = purpose(TOOLS[3]).unwrap();
        assert_eq!(p.tool, "_geoPoint");
        assert_eq!(p.goal, "order results by distance from a point");
        let got = stems(TOOLS);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.starts_with(
            "You want to trim long text fields so only the matched part is returned. According to"
        ));
        let mut opts = got[0].2.clone();
        opts.sort();
        assert_eq!(
            opts,
            [
                "_geoPoint",
                "attributesToCrop",
                "attributesToHighlight",
                "displayedAttributes"
            ]
        );
    }

    #[test]
    fn no_purpose_item_without_two_tools_for_other_goals() {
        // A tool whose other goal is the same one is no distractor; nor a plain name beside
        // code.
        let texts = [
            TOOLS[0],
            "Use `cropLength` to trim long text fields so only the matched part is returned.",
            "Use the SmartThings app to control the TV from a phone.",
        ];
        assert!(stems(&texts).is_empty());
        assert!(purpose("Use this to trim long text fields in results.").is_none());
        assert!(
            purpose("Use `:asc` to show the closest first, or `:desc` to show the farthest.")
                .is_none()
        );
    }
}
