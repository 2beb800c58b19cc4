//! The forms of statement that items are built from, read out of plain text: rules ("If X,
//! Y."), lists of practices rather than procedures, and whether a text names a label. A module
//! below the item builders (`rules`, `apply`, `scenario`) so that each reads them without
//! importing another.

use std::sync::OnceLock;

use regex::Regex;

use crate::text::contains;

/// A rule: its condition ("if the TV is off") and consequence ("it turns on in Ambient Mode").
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The condition, starting with its lowercase subordinator.
    pub condition: String,
    /// The consequence, as a clause with a capital letter and no final stop.
    pub consequence: String,
    /// Whether the consequence tells the reader what to do (an imperative).
    pub instruction: bool,
}

/// Subjects that begin a consequence describing what happens (not an instruction).
pub(crate) const SUBJECTS: &[&str] = &[
    "you", "the", "it", "a", "an", "this", "that", "these", "those", "they", "your", "its",
    "there", "some", "all", "no", "each", "every", "only", "both", "any",
];

/// The byte offset of the first comma of `s` that no bracket encloses; none when a bracket
/// closes that never opened.
fn first_comma_outside_brackets(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, ch) in s.char_indices() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Reads "If X, Y." as a rule.
pub fn rule(sentence: &str) -> Option<Rule> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^(If|When|Whenever|Once|Unless|After|To) ([^;:]{8,140}?), ([a-z][^;:]{8,200})\.$",
        )
        .expect("regex")
    });
    let sentence = sentence.trim();
    let c = re.captures(sentence)?;
    // The condition ends at its first comma outside brackets: "If none of the regions fit
    // your requirements (latency, data residency, or compliance), contact support" is cut
    // after the bracket, not inside it.
    let opener = &c[1];
    let body = &sentence[opener.len() + 1..];
    let cut = first_comma_outside_brackets(body)?;
    let (cond, rest) = (&body[..cut], body[cut + 1..].trim());
    let rest = rest.strip_suffix('.')?;
    if !(8..=140).contains(&cond.chars().count())
        || !rest.starts_with(|ch: char| ch.is_ascii_lowercase())
        || !(9..=201).contains(&rest.chars().count())
    {
        return None;
    }
    let condition = format!("{} {}", opener.to_lowercase(), cond);
    // "..., and then ..." or "..., or ..." continue the condition, not a consequence.
    let first = rest.split_whitespace().next()?.to_lowercase();
    if matches!(
        first.as_str(),
        "and" | "or" | "but" | "then" | "which" | "so"
    ) {
        return None;
    }
    // "New team members are provisioned" has its subject before an auxiliary: a clause, not
    // an instruction ("you should new team members are ..." was the result).
    let clause = rest
        .split_whitespace()
        .skip(1)
        .take(3)
        .take_while(|w| !matches!(*w, "and" | "or" | "then"))
        .any(|w| {
            matches!(
                w,
                "is" | "are" | "was" | "were" | "will" | "can" | "may" | "must" | "has" | "have"
            )
        });
    let instruction = !SUBJECTS.contains(&first.as_str()) && !first.ends_with('s') && !clause;
    // "To enter Ambient Mode, press ...": a purpose and the instruction that serves it.
    if &c[1] == "To" && !instruction {
        return None;
    }
    let mut consequence = rest.to_string();
    if let Some(f) = consequence.get(..1) {
        consequence = format!("{}{}", f.to_uppercase(), &consequence[1..]);
    }
    Some(Rule {
        condition,
        consequence,
        instruction,
    })
}

/// A prerequisite: what must be done ("set the TV's clock") before a goal ("set up a schedule
/// viewing") can be reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Prerequisite {
    /// The goal, as its infinitive clause ("to set up a schedule viewing").
    pub goal: String,
    /// What must come first, as a clause with a capital letter and no final stop ("Set the
    /// TV's clock", "Be signed in to your Samsung account").
    pub need: String,
}

/// Reads "To X, you must (first) Y." (or "need to", "have to") as a prerequisite.
pub fn prerequisite(sentence: &str) -> Option<Prerequisite> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^To ([a-z][^,;:()]{4,120}), you (?:must|need to|have to) (?:first )?([a-z][^,;:()]{4,120})\.$",
        )
        .expect("regex")
    });
    let c = re.captures(sentence.trim())?;
    let need = c[2].trim();
    if need.is_empty() {
        return None;
    }
    Some(Prerequisite {
        goal: format!("to {}", c[1].trim()),
        need: crate::text::upper_first(need),
    })
}

/// The condition of a rule that names a threshold ("if a search query includes more than 10
/// words", "if the storage space falls below 500 MB") with a concrete case beyond it put in
/// the threshold's place ("... includes 15 words", "... falls to 300 MB"): a learner must
/// compare the case with the threshold the docs give. None for a condition without exactly
/// one threshold or with a value too small to step past.
pub fn threshold_case(condition: &str) -> Option<String> {
    threshold(condition).map(|(case, _)| case)
}

/// The condition with a case on the near side of its threshold ("... falls to 800 MB" for
/// "falls below 500 MB"): the rule does not apply to it.
pub fn threshold_inside(condition: &str) -> Option<String> {
    threshold_at(condition, false).map(|(case, _)| case)
}

/// [`threshold_case`] and the threshold's unit word ("words" in "more than 10 words"; empty
/// when there is none).
pub fn threshold(condition: &str) -> Option<(String, String)> {
    threshold_at(condition, true)
}

fn threshold_at(condition: &str, past: bool) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"\b(falls below|drops below|goes below|is below|is under|is less than|is more than|is over|is above|exceeds|more than|fewer than|less than|over|under|above|below) (\d{1,3}(?:,\d{3})+|\d+)( [A-Za-z%]+)?\b",
        )
        .expect("regex")
    });
    let mut found = re.captures_iter(condition);
    let c = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let whole = c.get(0)?;
    let number = &c[2];
    // Another number in the condition would have to hold in the case as well.
    let digits = condition.chars().filter(char::is_ascii_digit).count();
    if digits != number.chars().filter(char::is_ascii_digit).count() {
        return None;
    }
    // "1M entries", "16-byte": a glued unit reads no case.
    if condition[whole.end()..].starts_with(|ch: char| ch.is_alphanumeric() || ch == '-') {
        return None;
    }
    let n: u64 = number.replace(',', "").parse().ok()?;
    let op = &c[1];
    let above = matches!(
        op,
        "is more than" | "is over" | "is above" | "exceeds" | "more than" | "over" | "above"
    );
    // Past the threshold is above it for "more than", below it for "below"; the near side
    // the other way.
    let higher = above == past;
    let v = if higher {
        two_figures(n + n / 2 + 1, true)
    } else {
        two_figures(n * 6 / 10, false)
    };
    if v == 0 || v == n || (higher && v <= n) || (!higher && v >= n) {
        return None;
    }
    let shown = if number.contains(',') || v >= 10_000 {
        crate::text::thousands(v)
    } else {
        v.to_string()
    };
    let lead = match op {
        "falls below" => "falls to ",
        "drops below" => "drops to ",
        "goes below" => "goes down to ",
        o if o.starts_with("is ") => "is ",
        "exceeds" => "is ",
        _ => "",
    };
    let unit = c.get(3).map_or("", |u| u.as_str());
    Some((
        format!(
            "{}{lead}{shown}{unit}{}",
            &condition[..whole.start()],
            &condition[whole.end()..]
        ),
        unit.trim().to_string(),
    ))
}

/// `n` to two significant figures, rounded up or down.
fn two_figures(n: u64, up: bool) -> u64 {
    if n < 100 {
        return n;
    }
    let place = 10u64.pow(n.ilog10() - 1);
    let down = n / place * place;
    if up && down < n {
        down + place
    } else {
        down
    }
}

/// A list of practices or tips, not a procedure: its heading says so ("Best practices",
/// "Tips") or its items are standing advice ("Never expose ...", "Always ...", "Avoid ...").
/// "Which step comes after" has no meaning there.
pub fn practices(heading: Option<&str>, steps: &[String]) -> bool {
    let h = heading.unwrap_or("").to_lowercase();
    let advice_heading = [
        "practice",
        "tip",
        "recommendation",
        "guideline",
        "considerations",
        "dos and",
        "troubleshoot",
    ]
    .iter()
    .any(|w| h.contains(w));
    let advice_step = steps.iter().any(|s| {
        let first = s
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        matches!(
            first.as_str(),
            "never" | "always" | "avoid" | "don't" | "do" | "prefer" | "consider"
        )
    });
    advice_heading || advice_step
}

/// Whether `text` names `label` or a form of one of its words ("Proximity" in "how close in
/// proximity").
pub fn names_label(text: &str, label: &str) -> bool {
    let have = crate::scope::key_words(text);
    // "Replace with your actual Bedrock API key" names `apiKey`: letters and digits alone, as
    // the tutor matches setting names.
    let letters = label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .count();
    crate::scope::key_words(label)
        .iter()
        .filter(|w| w.chars().count() >= 4)
        .any(|w| have.iter().any(|h| crate::scope::same_stem(w, h)))
        || contains(text, label)
        || letters >= 5 && docent_tutor::prerequisite::mentions(text, label)
}
