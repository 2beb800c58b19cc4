//! Scenario items: the learner applies what the docs say to a case the stem describes.
//!
//! - **Limits** ("XLSX exports can hold up to 100,000 rows"): a case inside or outside the
//!   limit as a true/false claim ("... can hold more than 200,000 rows" is false), so the learner compares
//!   a value with the limit rather than recalls a sentence.
//! - **Purposes** ("Use `attributesToCrop` to trim long text fields ..."): "You want to trim
//!   long text fields ...; which do you use?", the other options being tools the docs of the
//!   scope name for other purposes.
//!
//! Both are checked against their quoted sentence ([`crate::validate`], [`Basis::Limit`] and
//! [`Basis::Purpose`]).

use regex::Regex;
use std::sync::OnceLock;

use crate::forms::names_label;
use crate::material::{fact_key, item, keyed_choice, parts, source, topic, Candidate, Material};
use crate::sentence::words;
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
    if !modal || crate::sentence::has_negation(sentence) {
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

/// `sentence` with its limit replaced by a case beyond `value`, written as the limit is ("up to
/// 100,000 rows" -> "more than 200,000 rows"; "up to five lists" -> "more than ten lists"). "More
/// than" reads one way only: "you can create 10 webhooks" beside a limit of 20 reads as stating
/// the limit, and a reviewer took its key True for a trap.
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
        "{}more than {written}{}",
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
    crate::text::lower_first(s)
}

/// The sentence without the reason it gives after its limit ("... up to five lists so that
/// your family members can ..."): the case is the limit, the reason only lengthens it.
fn without_reason(sentence: &str, l: &Limit) -> String {
    match sentence[l.end..].find(" so that ") {
        Some(i) => format!("{}.", &sentence[..l.end + i]),
        None => sentence.to_string(),
    }
}

/// "True or false: according to “T”, <a case of the limit>." for each limit of the chunk.
fn limit_items(m: &Material) -> Vec<Candidate> {
    let mut out = Vec::new();
    for f in parts(m.chunk).facts {
        let sentence = plain(f.md);
        let Some(l) = limit(&sentence) else {
            continue;
        };
        if !crate::sentence::self_contained(&sentence)
            || crate::sentence::artefacts(&sentence)
            || crate::sentence::in_example(&sentence, l.start)
            || crate::sentence::about_the_docs(&sentence)
            || words(&sentence) > 30
            || !sentence.ends_with('.')
            || crate::sentence::instruction(&sentence, m.corpus)
        {
            continue;
        }
        let (Some(inside), Some(outside)) = (case_value(&l, true), case_value(&l, false)) else {
            continue;
        };
        let t = topic(m, f.heading);
        let case = without_reason(&sentence, &l);
        let make = |value: u64, key: usize| {
            let claim = continue_sentence(&with_case(&case, &l, value));
            crate::rules::derived_true_false(m, &f, &t, &sentence, &claim, key, Basis::Limit)
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
        let name = r"`[^`]{1,40}`|\*\*[^*]{1,40}\*\*|[A-Z][\w+-]*(?: [A-Z][\w+-]*){0,2}";
        let noun = format!(r"(?: (?:{}))?", TOOL_NOUNS.join("|"));
        // "the `sort` search parameter", "`_geoPoint` in the `sort` search parameter", "the
        // `filter` search parameter with `_geoRadius`", "the new `_geoBoundingBox` filter".
        let tool = format!(
            r"(?:the )?(?:new )?(?P<t1>{name}){noun}(?: (?P<conn>in|with|inside|on) (?:the )?(?P<t2>{name}){noun})?"
        );
        [
            Regex::new(&format!(r"^Use {tool} to (?P<goal>[a-z][^;:]{{10,150}})\.$")),
            Regex::new(&format!(
                r"^Use {tool} (?:when|if) you (?:want|need) to (?P<goal>[a-z][^;:]{{10,150}})\.$"
            )),
            Regex::new(&format!(
                r"^To (?P<goal>[a-z][^,;:]{{10,150}}), use {tool}\.$"
            )),
        ]
        .map(|r| r.expect("regex"))
    })
}

/// Markdown links as their text ("[`filter` search parameter](/ref)" -> "`filter` search
/// parameter").
fn unlinked(md: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("regex"));
    re.replace_all(md, "$1").into_owned()
}

/// Reads "Use X to Y.", "Use X when you want to Y." and "To Y, use X." (Markdown) as a purpose.
/// Of "X in Y" the tool is X (Y holds it); of "Y with X" it is X (Y takes it).
pub fn purpose(md: &str) -> Option<Purpose> {
    let md = unlinked(md.trim());
    let c = purpose_res().iter().find_map(|r| r.captures(&md))?;
    let goal_md = c.name("goal")?.as_str();
    let tool = match (c.name("conn").map(|x| x.as_str()), c.name("t2")) {
        (Some("with"), Some(t2)) => t2.as_str(),
        _ => c.name("t1")?.as_str(),
    };
    if goal_md.contains('`') {
        return None;
    }
    let goal = goal_md;
    let code = tool.starts_with('`');
    // A code span is its text as written (plain text would read `_geo` as emphasis).
    let tool = if code {
        tool.trim_matches('`').trim().to_string()
    } else {
        plain(tool).trim().to_string()
    };
    let goal = plain(goal).trim().to_string();
    // A goal that names another tool ("... or `:desc` to show ...", refused above) or points
    // back ("to do this") is no case a learner can picture.
    if crate::apply::points_back(&goal)
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
    if p.code {
        code_siblings(m, p, sentence, &mut out);
    }
    out
}

/// The words of an identifier, lowercase ("_geoRadius": geo, radius; "max_total_hits": max,
/// total, hits).
fn idents(code: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ch in code.chars() {
        if (!ch.is_alphanumeric() || ch.is_uppercase()) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur).to_lowercase());
        }
        if ch.is_alphanumeric() {
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        out.push(cur.to_lowercase());
    }
    out
}

/// Two identifiers of one family: they share their first or their last word (`_geo`,
/// `_geoPoint`, `_geoRadius`; `filterableAttributes`, `sortableAttributes`), so neither is an
/// odd one out (`invalid_document_geo_field` beside `_geoRadius`).
pub(crate) fn same_family(a: &str, b: &str) -> bool {
    let (x, y) = (idents(a), idents(b));
    !x.is_empty() && (x.first() == y.first() || x.last() == y.last())
}

/// More options for a code tool: code terms of the scope of the tool's shape (`_geoRadius`
/// beside `_geoPoint`) that no sentence of the scope states for the goal.
fn code_siblings(m: &Material, p: &Purpose, sentence: &str, out: &mut Vec<String>) {
    let shape = crate::text::code_shape(&p.tool);
    for c in m.scope.iter().chain(m.neighbours.iter()) {
        for t in m.memo.terms(c).iter() {
            let d = &t.text;
            if out.len() >= 3 {
                return;
            }
            if t.kind != crate::text::TermKind::Code
                || crate::text::code_shape(d) != shape
                || !same_family(d, &p.tool)
                || !crate::salience::acceptable(t, m.corpus)
                || d.eq_ignore_ascii_case(&p.tool)
                || contains(sentence, d)
                || out.iter().any(|x| x.eq_ignore_ascii_case(d))
                || crate::apply::stated_for(m, &p.goal, d)
            {
                continue;
            }
            out.push(d.clone());
        }
    }
}

/// "You want to Y. According to “T”, which of these do you use?" for each purpose of the chunk.
fn purpose_items(m: &Material) -> Vec<Candidate> {
    let mut out = Vec::new();
    for f in parts(m.chunk).facts {
        let Some(p) = purpose(f.md) else {
            continue;
        };
        let sentence = plain(f.md);
        if crate::sentence::in_example(&sentence, sentence.len())
            || crate::sentence::about_the_docs(&sentence)
        {
            continue;
        }
        let ds = purpose_distractors(m, &p, &sentence);
        if ds.len() < 2 {
            continue;
        }
        let t = topic(m, f.heading);
        out.push(crate::material::apply_choice(
            m,
            &f,
            &t,
            format!(
                "You want to {}. According to “{t}”, which of these do you use?",
                p.goal
            ),
            &p.tool,
            ds,
            Basis::Purpose,
        ));
    }
    out
}

/// A labelled list entry ("- **Proximity**: how close together your search terms appear"):
/// its label and what the list says of it, plain: the first sentence of it where more
/// follow ("`'INFO'`: log all events. This is the default value of `--log-level`").
pub fn labelled(item_md: &str) -> Option<(String, String)> {
    let (label, desc) = entry(item_md)?;
    (4..=25).contains(&words(&desc)).then_some((label, desc))
}

/// A list entry's label and its description, however long or short the description.
fn entry(item_md: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:\*\*([^*]{1,40})\*\*|`([^`]{1,40})`)(?::| —| –| -)\s+(.+)$")
            .expect("regex")
    });
    let c = re.captures(item_md.trim())?;
    let label = match (c.get(1), c.get(2)) {
        (Some(b), _) => plain(b.as_str()),
        (_, Some(code)) => code.as_str().to_string(),
        _ => return None,
    };
    let label = label.trim().trim_end_matches(':').to_string();
    let all = plain(c.get(3)?.as_str());
    let first = all.split_once(". ").map_or(all.as_str(), |(a, _)| a);
    let desc = first.trim().trim_end_matches('.').to_string();
    // A label that is a sentence ("**The file is too large.**") heads a paragraph, not an entry.
    let name = !label.ends_with(['.', '!', '?']) && words(&label) <= 5;
    name.then_some((label, desc))
}

/// "In “T”, which one is described as “D”?" for the entries of a labelled list or of a
/// name-and-description table, the other names of the list as the other options: each is
/// what the list describes otherwise.
fn described_items(m: &Material) -> Vec<Candidate> {
    let p = parts(m.chunk);
    // Every item of the list a label and its description; an entry whose description is too
    // short or long to ask about ("`'OFF'`: disable logging") is still one of the names.
    // Only a list whose labels are code names things to ask about: bold labels are mostly
    // categories or benefits ("After bulk deletions", "Better relevancy", "E-commerce"), which
    // restate their description or read false at once; reviewers kept 2 of 37 such items
    // (round 88).
    let lists = p.bullets.iter().filter_map(|(heading, _, items)| {
        if !items.iter().all(|i| i.trim_start().starts_with('`')) {
            return None;
        }
        let entries: Vec<(String, String)> = items
            .iter()
            .filter_map(|i| {
                let (l, d) = entry(i)?;
                Some(if (4..=25).contains(&words(&d)) {
                    (l, d)
                } else {
                    (l, String::new())
                })
            })
            .collect();
        (entries.len() == items.len()).then(|| (*heading, items.join("\n"), entries))
    });
    let tables = p.tables.iter().filter_map(|(heading, block)| {
        described_rows(block).map(|entries| (*heading, block.to_string(), entries))
    });
    let inline = p
        .facts
        .iter()
        .filter_map(|f| inline_entries(f.md).map(|entries| (f.heading, f.md.to_string(), entries)));
    let mut out = Vec::new();
    for (heading, quote, entries) in lists.chain(tables).chain(inline).collect::<Vec<_>>() {
        let mut labels: Vec<String> = entries.iter().map(|e| e.0.to_lowercase()).collect();
        labels.sort_unstable();
        labels.dedup();
        // A record's fields ("Environment variable", "CLI option", "Default value") are no
        // list of things the docs describe.
        if entries.len() < 3
            || labels.len() != entries.len()
            || entries.iter().any(|e| m.corpus.field_label(&e.0))
        {
            continue;
        }
        let t = topic(m, heading);
        for (label, desc) in entries.iter().filter(|e| !e.1.is_empty()) {
            // A description that names its label, or another's, gives the answer away or
            // muddles it.
            if entries.iter().any(|(l, _)| names_label(desc, l)) || names_label(&t, label) {
                continue;
            }
            out.push(described(m, heading, &quote, &entries, label, desc, &t));
            if let Some(c) = described_claim(m, heading, &quote, &entries, label, desc, &t) {
                out.push(c);
            }
        }
    }
    out
}

/// The terms of a sentence that names three or more of one kind (code or bold), each with the
/// description in brackets after it, if any: "the headers `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the window resets)". None
/// unless one description is a plain phrase (not an example or an aside: "for instance ...").
pub fn inline_entries(md: &str) -> Option<Vec<(String, String)>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(`[^`]{2,40}`|\*\*[^*]{2,40}\*\*)(?: \(([^()`]{3,120})\))?").expect("regex")
    });
    let found: Vec<(bool, String, String)> = re
        .captures_iter(md)
        .filter_map(|c| {
            let t = c.get(1)?.as_str();
            let code = t.starts_with('`');
            let label = if code {
                t.trim_matches('`').to_string()
            } else {
                plain(t)
            };
            let desc = c.get(2).map_or(String::new(), |d| plain(d.as_str()));
            Some((code, label, desc))
        })
        .collect();
    let code = found.first()?.0;
    let aside = |d: &str| {
        let l = d.to_lowercase();
        [
            "for example",
            "for instance",
            "e.g.",
            "also ",
            "or ",
            "not ",
            "see ",
            "like ",
            "such as",
            "default",
        ]
        .iter()
        .any(|a| l.starts_with(a))
    };
    let entries: Vec<(String, String)> = found
        .into_iter()
        .map(|(_, l, d)| {
            let d = if (3..=15).contains(&words(&d)) && !aside(&d) {
                d
            } else {
                String::new()
            };
            (l, d)
        })
        .collect();
    let same_kind = md.matches('`').count() == if code { entries.len() * 2 } else { 0 };
    (entries.len() >= 3 && same_kind && entries.iter().any(|e| !e.1.is_empty())).then_some(entries)
}

/// One "which one is described as" candidate.
fn described(
    m: &Material,
    heading: Option<&str>,
    quote: &str,
    entries: &[(String, String)],
    label: &str,
    desc: &str,
    t: &str,
) -> Candidate {
    let options: Vec<String> = std::iter::once(label.to_string())
        .chain(
            entries
                .iter()
                .map(|e| e.0.clone())
                .filter(|l| l != label)
                .take(3),
        )
        .collect();
    let it = item(
        ItemKind::MultipleChoice,
        format!("In “{t}”, which one is described as “{desc}”?"),
        source(m.chunk, heading, quote),
        format!("From “{t}”: {label}: {desc}."),
        2,
        Level::Recall,
    );
    keyed_choice(
        it,
        options,
        label,
        desc,
        Basis::Label,
        0.5,
        fact_key(&format!("{label} {desc}")),
    )
}

/// "True or false: in “T”, “L” is described as “D”.", the false version another name of the
/// list; its fact is the entry's own and its name, so the choice item on the same entry does
/// not join it in a quiz.
fn described_claim(
    m: &Material,
    heading: Option<&str>,
    quote: &str,
    entries: &[(String, String)],
    label: &str,
    desc: &str,
    t: &str,
) -> Option<Candidate> {
    // Another entry's name, chosen by the description so entries do not all take the first.
    let others: Vec<&String> = entries
        .iter()
        .map(|e| &e.0)
        .filter(|l| *l != label)
        .collect();
    let other = others.get(desc.len() % others.len().max(1))?;
    let make = |name: &str, key: usize| {
        let mut it = item(
            ItemKind::TrueFalse,
            format!("True or false: in “{t}”, “{name}” is described as “{desc}”."),
            source(m.chunk, heading, quote),
            format!("From “{t}”: {label}: {desc}."),
            2,
            Level::Recall,
        );
        it.options = vec!["True".into(), "False".into()];
        it.key = vec![key];
        it.basis = Basis::Label;
        it
    };
    Some(Candidate {
        item: make(label, 0),
        alternate: Some(make(other, 1)),
        salience: 0.5,
        fact: fact_key(&format!("{label} {desc}")),
    })
}

/// The rows of a two-column table of names and descriptions ("| Feature | Description |"):
/// a short name first, a description of three to 25 words second (a shortcut's action, "Go to
/// dashboards", is three; round 60 kept 3 of the 6 items three-word rows added, the misses off
/// the scope).
pub fn described_rows(block: &str) -> Option<Vec<(String, String)>> {
    let (header, rows) = crate::apply::table(block)?;
    if header.len() != 2 {
        return None;
    }
    let entries: Vec<(String, String)> = rows
        .into_iter()
        .map(|r| {
            (
                r[0].trim().to_string(),
                r[1].trim().trim_end_matches('.').to_string(),
            )
        })
        .collect();
    entries
        .iter()
        .all(|(l, d)| {
            !l.is_empty() && words(l) <= 5 && (3..=25).contains(&words(d)) && !d.contains(". ")
        })
        .then_some(entries)
}

/// The entry of a labelled list (`quote`, one entry a line, markers or not) that has `desc`:
/// its label.
pub(crate) fn label_of(quote: &str, desc: &str) -> Option<String> {
    if let Some(rows) = described_rows(quote).or_else(|| inline_entries(quote)) {
        return rows.into_iter().find(|(_, d)| d == desc).map(|(l, _)| l);
    }
    quote
        .lines()
        .map(|l| {
            // A list marker is followed by a space; a bold label's "**" is not one.
            let l = l.trim_start();
            ["- ", "* ", "+ "]
                .iter()
                .find_map(|m| l.strip_prefix(m))
                .unwrap_or(l)
                .trim_start()
        })
        .filter_map(labelled)
        .find(|(_, d)| d == desc)
        .map(|(l, _)| l)
}

/// Every scenario candidate of one chunk.
pub fn candidates(m: &Material) -> Vec<Candidate> {
    let mut out = limit_items(m);
    out.extend(purpose_items(m));
    out.extend(described_items(m));
    out
}

/// The goal a purpose item's stem states ("You want to Y. According to ...").
pub(crate) fn stem_goal(stem: &str) -> Option<&str> {
    stem.strip_prefix("You want to ")?
        .split_once(". According to “")
        .map(|x| x.0)
}

/// The case of a limit item's stem, with the quoted sentence's limit: whether the claim is
/// the sentence with its limit replaced by "more than" a value, and whether the limit allows
/// more than that value.
pub(crate) fn limit_case(claim: &str, quote: &str) -> Option<bool> {
    let sentence = plain(quote);
    let l = limit(&sentence)?;
    let prefix = continue_sentence(&sentence[..l.start]);
    let rest = &sentence[l.end..];
    let claim = claim.trim_end_matches('.');
    let rest = rest.trim_end_matches('.');
    // The claim may end before the sentence does ([`without_reason`]).
    let after = claim
        .strip_prefix(prefix.as_str())?
        .strip_prefix("more than ")?;
    let cut = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == ','))
        .unwrap_or(after.len());
    let (middle, tail) = after.split_at(cut);
    if !rest.starts_with(tail) {
        return None;
    }
    let value = match crate::text::spelled_value(middle) {
        Some(v) => v,
        None => middle.replace(',', "").parse().ok()?,
    };
    Some(value < l.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::with_material;
    use crate::types::Item;

    #[test]
    fn a_table_of_short_actions_is_described_rows_and_a_lone_word_is_not() {
        let shortcuts = "| Shortcut | Action |\n|---|---|\n| `/` | Search dashboards and reports |\n| `g` then `d` | Go to dashboards |\n| `r` | Refresh the dashboard |\n";
        let rows = described_rows(shortcuts).expect("three-word actions describe");
        assert_eq!(
            rows[2],
            ("r".to_string(), "Refresh the dashboard".to_string())
        );
        let fields = "| Field | Value |\n|---|---|\n| Frequency | Weekly |\n| Region | EU |\n";
        assert!(described_rows(fields).is_none());
    }

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
            "XLSX exports can hold more than 200,000 rows."
        );
        let got = stems(&["## Limits\n\nXLSX exports can hold up to 100,000 rows.\n"]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0]
                .0
                .ends_with("XLSX exports can hold more than 50,000 rows."),
            "{got:?}"
        );
        assert!(got[0]
            .1
            .as_ref()
            .unwrap()
            .ends_with("can hold more than 200,000 rows."));
        // Spelled limits stay spelled.
        let got = stems(&["You can create up to five favorites lists for your family."]);
        assert!(got[0]
            .1
            .as_ref()
            .unwrap()
            .contains("you can create more than ten favorites lists"));
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
            limit_case("a single term may have more than 25 synonyms.", q),
            Some(true)
        );
        assert_eq!(
            limit_case("a single term may have more than 100 synonyms.", q),
            Some(false)
        );
        // The limit itself is not more than the limit; a bare value states a limit.
        assert_eq!(
            limit_case("a single term may have more than 50 synonyms.", q),
            Some(false)
        );
        assert_eq!(limit_case("a single term may have 25 synonyms.", q), None);
        assert_eq!(
            limit_case("a single term may have more than 25 rows.", q),
            None
        );
    }

    #[test]
    fn a_description_that_spells_its_label_out_names_it() {
        assert!(names_label(
            "Replace with your actual Bedrock API key",
            "apiKey"
        ));
        assert!(names_label(
            "The name of the primary key field",
            "primary_key"
        ));
        assert!(!names_label("The Bedrock Runtime API endpoint", "url"));
        assert!(!names_label("Represents the user's search query", "q"));
    }

    #[test]
    fn an_entry_too_short_to_ask_is_still_a_name_and_a_long_one_gives_its_first_sentence() {
        let levels = "## Log level\n\nMeilisearch supports these log levels:\n\n\
            - `'ERROR'`: only log unexpected events indicating Meilisearch is not functioning\n\
            - `'WARN'`: log all unexpected events, regardless of their severity\n\
            - `'TRACE'`: log all events and include even more detailed information on internal processes. We do not advise using this level.\n\
            - `'OFF'`: disable logging\n";
        let got = stems(&[levels]);
        let asked: Vec<_> = got
            .iter()
            .filter(|g| g.0.contains("which one is described as"))
            .collect();
        // Three entries asked; `'OFF'` ("disable logging") is too short to ask but an option.
        assert_eq!(asked.len(), 3, "{got:?}");
        assert!(
            asked.iter().all(|g| g.2.contains(&"'OFF'".to_string())),
            "{got:?}"
        );
        let trace = asked
            .iter()
            .find(|g| g.0.contains("even more detailed"))
            .expect("the TRACE entry");
        assert!(!trace.0.contains("We do not advise"), "{}", trace.0);
        assert_eq!(
            label_of(
                levels,
                "log all events and include even more detailed information on internal processes"
            )
            .as_deref(),
            Some("'TRACE'")
        );
    }

    #[test]
    fn a_list_of_bold_labels_is_not_asked_by_its_labels_and_its_entries_are_read() {
        let bold = "## The leader instance\n\nIf the leader goes down:\n\n\
            - **Search may be affected**: if search requests are routed to the downed leader, they will fail\n\
            - **Writes are blocked**: no documents can be added or updated until a leader is available. Note that alive remote instances continue to process tasks\n\
            - **Manual promotion**: you must designate a new leader by updating the network topology with `PATCH /network` and setting `\"leader\"` to another instance\n";
        let labelled = |text: &str| -> Vec<Item> {
            with_material(&[text], "", |m| {
                candidates(m)
                    .into_iter()
                    .map(|c| c.item)
                    .filter(|it| it.basis == Basis::Label)
                    .collect()
            })
        };
        assert!(labelled(bold).is_empty());
        // The same list with code labels is asked, and its items validate.
        let code = bold
            .replace("**Search may be affected**", "`read-errors`")
            .replace("**Writes are blocked**", "`write-block`")
            .replace("**Manual promotion**", "`promotion`");
        let asked = labelled(&code);
        assert!(!asked.is_empty());
        for it in &asked {
            assert_eq!(crate::validate::item(it, &code), Ok(()), "{it:?}");
        }
        // The quote of a list keeps its entries without their markers; a bold label's "**"
        // is no marker.
        let quote = "**Writes are blocked**: no documents can be added or updated until a leader is available\n**Manual promotion**: you must designate a new leader";
        assert_eq!(
            label_of(
                quote,
                "no documents can be added or updated until a leader is available"
            )
            .as_deref(),
            Some("Writes are blocked")
        );
    }

    const RULES: &str = "## Group 1\n\nThese rules come first:\n\n- `words`: how many of your search terms appear in the document\n- `typo`: whether matches are exact words or typo-tolerant matches\n- `proximity`: how close together your search terms appear\n";

    #[test]
    fn a_labelled_list_asks_which_entry_a_description_is() {
        let got = stems(&[RULES]);
        let typo: Vec<_> = got
            .iter()
            .filter(|g| g.0.contains("which one") && g.0.contains("how close together"))
            .collect();
        assert_eq!(typo.len(), 1, "{got:?}");
        let mut opts = typo[0].2.clone();
        opts.sort();
        assert_eq!(opts, ["proximity", "typo", "words"]);
        // "whether matches are exact words or typo-tolerant" names its own label (typo) and
        // another's (words): no item.
        assert!(
            !got.iter().any(|g| g.0.contains("typo-tolerant")),
            "{got:?}"
        );
        assert_eq!(
            label_of(RULES, "how close together your search terms appear").as_deref(),
            Some("proximity")
        );
        // A table of names and descriptions is such a list.
        let table = "| Feature | Description |\n|---|---|\n| API keys | Admin, search, and chat key types for different access levels |\n| Tenant tokens | Restrict what each user of a shared index can see |\n| Audit | Records who changed the settings of an index |\n";
        let got = stems(&[table]);
        // A choice and a true/false claim for each of the three entries.
        assert_eq!(got.len(), 6, "{got:?}");
        let claim = got
            .iter()
            .find(|g| g.0.starts_with("True or false: in “Doc 0”, “Audit”"))
            .unwrap();
        assert!(
            claim
                .1
                .as_ref()
                .unwrap()
                .contains("described as “Records who changed"),
            "{claim:?}"
        );
        assert_eq!(
            label_of(table, "Records who changed the settings of an index").as_deref(),
            Some("Audit")
        );
        // So is a sentence naming three of a kind with a description in brackets.
        let headers = "Every response carries the headers `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the next window).";
        let got = stems(&[headers]);
        // The choice and the claim.
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0]
            .0
            .ends_with("described as “seconds until the next window”?"));
        assert_eq!(
            label_of(headers, "seconds until the next window").as_deref(),
            Some("X-RateLimit-Reset")
        );
        // "... the window resets" names "Reset": no item.
        assert!(stems(&[&headers.replace("the next window", "the window resets")]).is_empty());
        assert!(
            inline_entries("Try `great` (for instance, greatest), `good` and `fine`.").is_none()
        );
        // Sentences as labels head paragraphs; they are not entries.
        assert!(
            labelled("**The file is too large.** XLSX exports stop at 100,000 rows.").is_none()
        );
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
    fn a_code_tool_takes_code_of_its_shape_from_the_scope() {
        let texts = [
            "Use `_geoPoint` in the `sort` search parameter to order results by proximity.",
            "Add `_geoRadius` and `_geoBoundingBox` to a filter expression.",
            "The `_geoBoundingBox` filter takes two corners.",
            "A bad value gives `invalid_document_geo_field`.",
        ];
        assert!(same_family("filterableAttributes", "sortableAttributes"));
        assert!(!same_family("invalid_document_geo_field", "_geoRadius"));
        let got = stems(&texts);
        assert_eq!(got.len(), 1, "{got:?}");
        let mut opts = got[0].2.clone();
        opts.sort();
        assert_eq!(opts, ["_geoBoundingBox", "_geoPoint", "_geoRadius"]);
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
        // A tool inside another, or taken by another, through a link.
        let p = purpose("Use the [`filter` search parameter](/ref#filter) with `_geoRadius` to find results within a given distance from a point.").unwrap();
        assert_eq!(p.tool, "_geoRadius");
        let p = purpose(
            "Use `_geoPoint` in the [`sort` search parameter](/ref) to order results by proximity.",
        )
        .unwrap();
        assert_eq!(
            (p.tool.as_str(), p.goal.as_str()),
            ("_geoPoint", "order results by proximity")
        );
        assert!(
            purpose("Use `:asc` to show the closest first, or `:desc` to show the farthest.")
                .is_none()
        );
    }
}
