//! Keys a blank must not have: one its own stem gives away (a form of it, its pair, its
//! acronym spelled out, the next number of a sequence, the section's own name), and one that
//! leaves the blank open to other answers (a member of a list, an example's value, a word in
//! brackets, a second term the docs put in the same words).

use docent_core::Chunk;

use crate::material::Material;
use crate::sentence::{words, TIME_UNITS};
use crate::text::{Term, TermKind};

/// Whether `text` names `option`: every content word of the option, stemmed, is in the text
/// ("Filtering, sorting, and faceting" names "Sorting").
pub(crate) fn names_in(text: &str, option: &str) -> bool {
    let have: std::collections::HashSet<String> =
        crate::scope::key_words(text).into_iter().collect();
    let want = crate::scope::key_words(option);
    !want.is_empty() && want.iter().all(|w| have.contains(w))
}

/// Whether the statement around a blank, or the scope's topic, names the key: "The _____
/// ranking rule sorts results by the number of typos" (key "typo"), or "The _____ browser
/// screen shows content" in a quiz on Ambient Mode (key "Ambient Mode"). A learner then needs
/// nothing but the stem or the quiz's title. Numbers are exempt: every option shares the unit.
pub(crate) fn gives_away(term: &Term, blanked: &str, topic: &[String]) -> bool {
    // "To listen to _____ audio ... connect a 5.1 home theater system": a number of the key
    // ("5.1 channel") said elsewhere in the stem points at it.
    let number_said = term
        .text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .any(|n| {
            blanked
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
                .any(|w| w.trim_end_matches('.') == n.trim_end_matches('.'))
        });
    if matches!(term.kind, TermKind::Number(_)) {
        return number_said
            || continues_sequence(&term.text, blanked)
            || number_in_words(&term.text, blanked);
    }
    // "an empty array _____": a key of punctuation alone ("[]") asks for typing, not knowing.
    if !term.text.chars().any(char::is_alphanumeric) {
        return true;
    }
    let key = crate::scope::key_words(&term.text);
    // A function word in bold ("**before**") is emphasis: blanking it asks for grammar.
    let partner = complement(&term.text).is_some_and(|p| {
        blanked
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(p))
    });
    const GRAMMAR: &[&str] = &[
        "before", "after", "only", "not", "all", "always", "never", "each", "every", "any", "more",
        "less", "than", "with", "without", "first", "last", "both", "either", "none",
    ];
    let grammar = key.is_empty() || GRAMMAR.contains(&term.text.to_lowercase().as_str());
    if grammar && term.kind != TermKind::Code {
        return true;
    }
    let stem: std::collections::HashSet<String> =
        crate::scope::key_words(blanked).into_iter().collect();
    // "in federated search mode by adding the _____ parameter": federation. A compound
    // identifier (`filterableAttributes`) is not given away by "filters": its exact name is
    // what is asked.
    let word_like = term.kind != TermKind::Code
        || crate::text::code_shape(&term.text) == crate::text::CodeShape::Word;
    partner
        || number_said
        || inside_identifier(&term.text, blanked)
        || key.iter().any(|w| {
            stem.contains(w) || word_like && stem.iter().any(|s| crate::scope::same_stem(w, s))
        })
        || (!key.is_empty() && key.iter().all(|w| topic.contains(w)))
        || spelled_out(&term.text, blanked)
}

/// Whether a capitalised key is the start of a longer name the stem goes on with: "agree to
/// the _____ of Service" (Terms), "open _____ Settings" (Expert), "use the _____ Forward
/// functions" (Slow Rewind Slow, a blank cut from "Slow Rewind Slow Forward"), "valid _____ 3339
/// dates" (RFC, an initialism with its number). The learner completes a phrase; the name itself
/// is what a question should ask.
pub(crate) fn part_of_name(key: &str, blanked: &str) -> bool {
    let words: Vec<&str> = key.split_whitespace().collect();
    let name = !words.is_empty()
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        });
    let initialism = words.len() == 1 && key.chars().all(|c| c.is_ascii_uppercase());
    let Some((_, after)) = blanked.split_once("_____") else {
        return false;
    };
    let mut next = after.split_whitespace();
    let capitalised = |w: Option<&str>| {
        w.is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase)
        })
    };
    let number = |w: Option<&str>| {
        w.is_some_and(|w| {
            let w = w.trim_end_matches(['.', ',', ';', ':', ')']);
            !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
        })
    };
    let first = next.next();
    name && !after.starts_with(['.', ',', ';', ':', ')'])
        && (capitalised(first)
            || first == Some("of") && capitalised(next.next())
            || initialism && number(first))
}

/// Whether an identifier of the stem holds the key whole: "`usedIndexSize` ... `_____`" gives
/// `indexSize` away, "`filterableAttributes`" gives `filterable`. Keys under four characters
/// are exempt (an `id` sits in many names without naming them).
pub(crate) fn inside_identifier(key: &str, blanked: &str) -> bool {
    let key = key.trim_matches('`').to_lowercase();
    if key.chars().count() < 4 || key.contains(char::is_whitespace) {
        return false;
    }
    // An identifier: snake_case, dotted, or camelCase (an upper-case letter after the first).
    let identifier = |w: &str| {
        w.contains(['_', '.']) && w.chars().any(char::is_alphabetic)
            || w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase)
    };
    blanked
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| identifier(w))
        .map(str::to_lowercase)
        .any(|w| w.len() > key.len() && w.contains(&key))
}

/// Whether the stem spells out an acronym key or abbreviates a key's words: "If the router
/// supports _____ (Wi-Fi Protected Setup)" gives WPS away, "Single sign-on (_____)" gives SSO,
/// and "_____ (SSO)" gives "single sign-on".
pub(crate) fn spelled_out(key: &str, blanked: &str) -> bool {
    let initials = |ws: &[&str]| -> String {
        ws.iter()
            .filter_map(|w| w.chars().next())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let acronym = |w: &str| {
        (2..=6).contains(&w.chars().count())
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    // "Wi-Fi Protected Setup" is WPS, "single sign-on" SSO: a hyphen joins or parts words.
    let split = |t: &str, hyphen: bool| -> Vec<String> {
        t.split(|c: char| c.is_whitespace() || c == '/' || (hyphen && c == '-'))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    [false, true].into_iter().any(|hyphen| {
        let stem = split(blanked, hyphen);
        let stem: Vec<&str> = stem.iter().map(String::as_str).collect();
        let words = split(key, hyphen);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        if words.len() == 1 && acronym(key) {
            let n = key.chars().count();
            return stem.windows(n).any(|w| initials(w) == key);
        }
        words.len() >= 2 && stem.iter().any(|w| acronym(w) && initials(&words) == *w)
    })
}

/// Whether the stem writes a number key's value in words ("If you set limit to _____ ..., you
/// get the first twenty search results": 20).
pub(crate) fn number_in_words(key: &str, blanked: &str) -> bool {
    const WORDS: &[(&str, u64)] = &[
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("fifteen", 15),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("hundred", 100),
        ("thousand", 1000),
    ];
    let Some(value) = number_value(key).and_then(|v| v.parse::<f64>().ok()) else {
        return false;
    };
    blanked
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| {
            let w = w.to_lowercase();
            WORDS.iter().find(|(x, _)| *x == w).map(|(_, v)| *v as f64)
        })
        .any(|v| v == value)
}

/// Whether a number key continues the numbers the stem holds ("Documents with 0 typos rank
/// highest, followed by those with 1 and then _____": 2): the stem counts up to the key.
pub(crate) fn continues_sequence(key: &str, blanked: &str) -> bool {
    let Some(k) = number_value(key).and_then(|v| v.parse::<f64>().ok()) else {
        return false;
    };
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let nums = |s: &str| -> Vec<f64> {
        numbers_in(s)
            .iter()
            .filter_map(|v| v.parse::<f64>().ok())
            .collect()
    };
    // The key in its place among the stem's numbers: "Documents with _____ rank highest,
    // followed by those with 1 and then 2 typos" counts down to it as plainly.
    let mut seq = nums(before);
    seq.push(k);
    seq.extend(nums(after));
    seq.len() >= 3
        && seq.windows(3).any(|w| {
            let d = w[1] - w[0];
            d.abs() > 1e-9 && (w[2] - w[1] - d).abs() < 1e-9 && w.contains(&k)
        })
}

/// A number in words after a demonstrative ("These _____ rules cast a wide net": five) counts
/// what the text before listed; out of it the count asks nothing.
pub(crate) fn counted_back(key: &str, blanked: &str) -> bool {
    crate::text::spelled_value(key).is_some()
        && blanked
            .split_once("_____")
            .map(|(b, _)| {
                b.split_whitespace()
                    .next_back()
                    .unwrap_or("")
                    .to_lowercase()
            })
            .is_some_and(|w| matches!(w.as_str(), "these" | "those" | "the" | "all" | "both"))
}

/// The other half of a pair whose one half names the other ("Use AND to require all
/// conditions and _____ to match any": OR).
pub(crate) fn complement(term: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("and", "or"),
        ("asc", "desc"),
        ("true", "false"),
        ("min", "max"),
        ("minimum", "maximum"),
        ("enable", "disable"),
        ("enabled", "disabled"),
        ("on", "off"),
        ("before", "after"),
        ("first", "last"),
        ("allow", "deny"),
        ("include", "exclude"),
        ("input", "output"),
        ("upload", "download"),
        ("public", "private"),
    ];
    let t = term.to_lowercase();
    PAIRS.iter().find_map(|(a, b)| {
        if t == *a {
            Some(*b)
        } else if t == *b {
            Some(*a)
        } else {
            None
        }
    })
}

/// Whether a blank asks nothing worth knowing although its key is a term: one member of a list
/// of examples ("the external device (cable box or satellite box, _____, Blu-ray, etc.)",
/// "from _____ and action movies"), or the name of the section the sentence sits in ("To use
/// the _____ menu" under "Accessibility Shortcuts menu": the learner reads the name above).
pub(crate) fn arbitrary_blank(
    key: &str,
    blanked: &str,
    chunk: &Chunk,
    heading: Option<&str>,
) -> bool {
    (list_member(blanked) && !lone_quantity(key, blanked))
        || parenthesised(blanked)
        || numbered_name(blanked)
        || names_its_section(key, chunk, heading)
}

/// Whether the blank is the word before a number that the two name together: "_____ 2" (Doc
/// 2, an example's label), "with _____ 192" (id 192), "valid _____ 3339 dates" (RFC 3339).
/// Reviewers kept none of four such items (rounds up to 65).
pub(crate) fn numbered_name(blanked: &str) -> bool {
    blanked.split_once("_____").is_some_and(|(_, after)| {
        after
            .strip_prefix(' ')
            .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Whether a number key is the only number of its sentence: "the last _____, their duration,
/// the rows read and any error message" (50 syncs) lists what a tab shows, and no other
/// member could fill a blank that asks how many; "720p, 1080p, _____ and 8K" has siblings
/// that could.
pub(crate) fn lone_quantity(key: &str, blanked: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_digit()) && !blanked.contains(|c: char| c.is_ascii_digit())
}

/// Whether the blank is all there is inside brackets: "the receiver is HDMI (_____)
/// compatible" (ARC), "avoid HDDs (_____)": an aside, an abbreviation or a gloss of the word
/// before it, which the learner completes from that word or guesses among its siblings.
pub(crate) fn parenthesised(blanked: &str) -> bool {
    blanked.contains("(_____)")
}

/// Words a clause joined to the blank's sentence opens with when it says what the blanked
/// value does or means ("combined with _____, so the rule fires only when all conditions are
/// true"; "a semanticRatio of _____, giving equal weight to keyword and semantic results"):
/// the learner reads the answer off the consequence.
pub(crate) const CONSEQUENCES: &[&str] = &[
    ", so ",
    ", giving ",
    ", which means ",
    ", meaning ",
    ", resulting in ",
    ", thus ",
    ", hence ",
    ", making ",
];

/// Words a bracketed aside right after a blank may have and still be a gloss of the key
/// ("_____ (17 mm)", "MongoDB _____ (URI)").
pub(crate) const GLOSS_WORDS: usize = 6;

/// The stem a cloze or multiple-choice item shows: the blanked sentence without what restates
/// its key right after the blank, a bracketed gloss ("a thickness of _____ (17 mm) or less":
/// the other unit gives the value away) or a clause of consequence ("combined with _____, so
/// the rule fires only when all conditions are true"); the explanation keeps the whole
/// sentence. Unchanged when the blank sits in the consequence or too little would be left.
pub(crate) fn without_asides(blanked: &str) -> String {
    let Some(at) = blanked.find("_____") else {
        return blanked.to_string();
    };
    let (before, after) = blanked.split_at(at + "_____".len());
    let mut after = after.to_string();
    if let Some(rest) = after.strip_prefix(" (") {
        if let Some(close) = rest.find(')') {
            if (1..=GLOSS_WORDS).contains(&words(&rest[..close])) && !rest[..close].contains('(') {
                after = rest[close + 1..].to_string();
            }
        }
    }
    let cut = CONSEQUENCES
        .iter()
        .filter_map(|c| after.find(c))
        .min()
        .filter(|&i| !after[..i].contains(['.', ';', ':', '(']));
    if let Some(i) = cut {
        // "..., so that ..." is a purpose, which may be all that says which setting is meant.
        if !after[i..].starts_with(", so that ") {
            after = format!("{}.", after[..i].trim_end());
        }
    }
    let out = format!("{before}{after}");
    if enough_context(&out) {
        out
    } else {
        blanked.to_string()
    }
}

/// Whether the blank is one item of an enumeration of three or more ("a, _____, c"), or of a
/// list ending in "etc." or standing in brackets.
pub(crate) fn list_member(blanked: &str) -> bool {
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let before = before.trim_end();
    let comma = before.ends_with(',') || after.starts_with(',');
    let conjunction = before.ends_with(" and")
        || before.ends_with(" or")
        || (after.starts_with(" and ") && !after.starts_with(" and then"))
        || after.starts_with(" or ");
    // The clause around the blank: from the last stop or colon before it to the next after.
    let left = before.rsplit(['.', ';', ':']).next().unwrap_or(before);
    let right = after.split(['.', ';', ':']).next().unwrap_or(after);
    let commas = left.matches(',').count() + right.matches(',').count();
    let etc = right.contains("etc");
    let bracketed = left.rfind('(').is_some_and(|i| !left[i..].contains(')'));
    // "written in French, German, or _____": the last member of a series.
    let series_end = ["and", "or"].iter().any(|c| {
        before.strip_suffix(c).is_some_and(|l| {
            l.ends_with(' ') && short_neighbour(l.trim_end(), "") && l.contains(',')
        })
    });
    // "turn _____ and other Accessibility functions on": one of a class, whose other members
    // fit the blank as well.
    let one_of_others = [
        " and other ",
        " or other ",
        ", among others",
        " among others",
    ]
    .iter()
    .any(|o| after.starts_with(o));
    // "turn on _____ and enter the host, port and user": a conjunction alone joins clauses.
    one_of_others
        || (comma && (etc || bracketed || commas >= 2 && short_neighbour(left, right)))
        || (conjunction && (etc || bracketed))
        || series_end
}

/// Words a list member next to a blank has at most: "words, typo, proximity, _____".
pub(crate) const LIST_MEMBER_WORDS: usize = 4;

/// Whether the comma-separated part next to the blank, on either side, is short enough to be
/// another member of a list; "With _____, Meilisearch only checks whether ..., not ..." has a
/// clause after the blank, not a list.
pub(crate) fn short_neighbour(left: &str, right: &str) -> bool {
    let before = left
        .trim_end()
        .strip_suffix(',')
        .and_then(|l| l.rsplit(',').next());
    let after = right
        .trim_start()
        .strip_prefix(',')
        .and_then(|r| r.split(',').next());
    [before, after].into_iter().flatten().any(|part| {
        let part = part
            .trim()
            .trim_start_matches("or ")
            .trim_start_matches("and ");
        (1..=LIST_MEMBER_WORDS).contains(&words(part))
    })
}

/// Whether the key names the section its sentence sits in: every word of it is in the
/// document's title or in the nearest heading over the sentence ("Accessibility Shortcuts" under
/// "Using the Accessibility Shortcuts menu"; not "Connect through SSH" under "SSH tunnel" in
/// "Connect PostgreSQL", whose words two headings share).
pub(crate) fn names_its_section(key: &str, chunk: &Chunk, heading: Option<&str>) -> bool {
    let want = crate::scope::key_words(key);
    // A count or limit asks for its number, which the heading does not say: "the last 50
    // syncs" under "Sync history" (key words drop numbers, leaving "syncs").
    let numbers: Vec<&str> = key
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let nearest = heading.or(chunk.heading_path.last().map(String::as_str));
    !want.is_empty()
        && std::iter::once(chunk.title.as_str())
            .chain(nearest)
            .any(|h| {
                let have: std::collections::HashSet<String> =
                    crate::scope::key_words(h).into_iter().collect();
                want.iter().all(|w| have.contains(w))
                    && numbers
                        .iter()
                        .all(|n| h.split_whitespace().any(|w| w == *n))
            })
}

/// Whether one phrase is the other with a word clipped ("async operations" for "asynchronous
/// operations", "config file" for "configuration file"): the same thing, so a second key.
pub(crate) fn clipped_form(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (x, y): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    x.len() == y.len()
        && x != y
        && x.iter().zip(&y).all(|(p, q)| {
            p == q || (p.len().min(q.len()) >= 3 && (p.starts_with(*q) || q.starts_with(*p)))
        })
}

/// Whether two phrases have the same content words, stemmed.
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    crate::scope::key_words(a) == crate::scope::key_words(b)
}

/// Whether the docs (scope and neighbours) say the same words around the blank with another
/// term in it: "The _____ field for the provided API key resource is invalid" is said of
/// `description` and of `actions`, so either fills the blank.
pub(crate) fn second_answer(m: &Material, blanked: &str, key: &str) -> bool {
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let tail = |s: &str, n: usize| {
        let w: Vec<&str> = s.split_whitespace().collect();
        w[w.len().saturating_sub(n)..].join(" ")
    };
    let head = |s: &str, n: usize| s.split_whitespace().take(n).collect::<Vec<_>>().join(" ");
    let b = crate::text::norm(&tail(before, 4).replace("a(n)", "a"));
    let a = crate::text::norm(&head(after, 4));
    if words(&b) + words(&a) < 4 || a.is_empty() {
        return false;
    }
    let k = crate::text::norm(key);
    // "a(n) _____": either article before the other term.
    let lead = match b.strip_suffix(" a").or((b == "a").then_some("")) {
        Some("") => "an? ".to_string(),
        Some(rest) => format!("{} an? ", regex::escape(rest)),
        None if b.is_empty() => String::new(),
        None => format!("{} ", regex::escape(&b)),
    };
    let frame = format!(
        r"(?:^| ){lead}((?:\S+ ){{0,3}}?\S+) {}(?: |$)",
        regex::escape(&a)
    );
    let Ok(re) = regex::Regex::new(&frame) else {
        return false;
    };
    m.scope
        .iter()
        .chain(m.neighbours.iter())
        .chain(std::iter::once(&m.chunk))
        .any(|c| {
            let hay = crate::text::norm(&c.text);
            // "Edit Channel" beside "Edit Channels" is the same answer.
            re.captures_iter(&hay)
                .filter_map(|cap| cap.get(1))
                .any(|x| {
                    x.as_str() != k && !same_words(x.as_str(), &k) && !same_quantity(x.as_str(), &k)
                })
        })
}

/// The value a quantity opens with, its multiplier applied: "1M tasks" and "1 million tasks"
/// are 1,000,000, "10k" 10,000, "$25" 25.
pub(crate) fn quantity_value(s: &str) -> Option<f64> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?i)^\$?(\d[\d,]*(?:\.\d+)?)\s?(k|m|b|thousand|million|billion)?\b")
            .expect("regex")
    });
    let c = re.captures(s.trim())?;
    let n: f64 = c[1].replace(',', "").parse().ok()?;
    let times = match c.get(2).map(|m| m.as_str().to_lowercase()).as_deref() {
        Some("k" | "thousand") => 1e3,
        Some("m" | "million") => 1e6,
        Some("b" | "billion") => 1e9,
        _ => 1.0,
    };
    Some(n * times)
}

/// Whether two quantities state one value ("1M tasks", "1 million tasks"): one answer written
/// two ways, not a second answer.
pub(crate) fn same_quantity(a: &str, b: &str) -> bool {
    matches!((quantity_value(a), quantity_value(b)), (Some(x), Some(y)) if x == y)
}

/// Words a count stands after when it states a limit ("up to five", "at least two").
pub(crate) const LIMIT_LEADS: &[&str] = &[
    "up to",
    "at least",
    "at most",
    "maximum of",
    "minimum of",
    "no more than",
    "more than",
    "fewer than",
    "less than",
    "only",
    "exactly",
    "within",
    "every",
];

/// Nouns after which a word is the name of an example's data ("the movies dataset").
pub(crate) const EXAMPLE_NOUNS: &[&str] = &[
    "dataset", "datasets", "data", "sample", "samples", "demo", "example", "examples",
];

/// Whether `term` of `md` is incidental: the name of an example's data ("changes to the
/// movies dataset"), or a count written as a word that states no limit ("Lumio has two
/// plans", "once a rule separates two documents"): a learner guesses it, and the limit or
/// rule of the sentence goes unasked.
pub(crate) fn incidental(md: &str, term: &Term) -> bool {
    let next = md[term.end..]
        .trim_start_matches(['`', '*', '_', '"'])
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let Some(count) = crate::text::spelled_value(&term.text) else {
        return !matches!(term.kind, TermKind::Number(_)) && EXAMPLE_NOUNS.contains(&next.as_str());
    };
    // "two" or "three" of something, stated as no limit, is the guess a learner makes for
    // any count of prose; "seven built-in ranking rules" is a fact to learn.
    // A time is a measure, not a count: "if a still image stays for two hours" is the
    // setting's threshold; "the job died three days ago" tells a story.
    let time = matches!(&term.kind, TermKind::Number(u) if TIME_UNITS.contains(&u.as_str()))
        && !md[term.end..]
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.starts_with("ago"));
    let before = md[..term.start].trim_end().to_lowercase();
    count <= 3 && !time && !LIMIT_LEADS.iter().any(|l| before.ends_with(l))
}

/// Whether a one-word name or acronym key stands in a pair with another member ("the U.S.A.
/// and _____", "_____ and sales tax"): the other member names the kind, and world knowledge
/// fills in the rest (Canada, VAT) without the docs.
pub(crate) fn paired_name(key: &Term, blanked: &str) -> bool {
    if key.kind != TermKind::Name || key.text.contains(' ') {
        return false;
    }
    let Some((before, after)) = blanked.split_once("_____") else {
        return false;
    };
    let b = before.trim_end().to_lowercase();
    let a = after.trim_start().to_lowercase();
    let joined_before = (b.ends_with(" and") || b.ends_with(" or"))
        && b.split_whitespace()
            .nth_back(1)
            .is_some_and(|w| !w.ends_with(','));
    let joined_after = a.starts_with("and ") || a.starts_with("or ");
    joined_before || joined_after
}

/// Words a blanked sentence needs besides its blank to say what it is about: "Results are
/// sorted by _____." (which results? under which rule?) has four.
pub const MIN_CONTEXT_WORDS: usize = 5;

/// Whether `blanked` has [`MIN_CONTEXT_WORDS`] words besides its blank.
pub(crate) fn enough_context(blanked: &str) -> bool {
    blanked
        .split_whitespace()
        .filter(|w| !w.contains("_____") && w.chars().any(char::is_alphanumeric))
        .count()
        >= MIN_CONTEXT_WORDS
}

/// Whether a number option respects the range the stem states around the blank: "between
/// _____ and 80 dB" takes values under 80, "between 1 and _____" values over 1 (anything
/// else is absurd and gives the key away).
pub(crate) fn within_stated_range(blanked: &str, option: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"\b(?:between|from) (_____|[\d,.]+)[^_\d]{0,12}? (?:and|to) (_____|[\d,.]+)",
        )
        .expect("regex")
    });
    let Some(c) = re.captures(blanked) else {
        return true;
    };
    let value = |s: &str| number_value(s).and_then(|v| v.parse::<f64>().ok());
    let Some(v) = value(option) else {
        return true;
    };
    match (&c[1], &c[2]) {
        ("_____", hi) => value(hi).is_none_or(|hi| v < hi),
        (lo, "_____") => value(lo).is_none_or(|lo| v > lo),
        _ => true,
    }
}

/// The content words right before and right after the blank of `blanked`, as contexts a
/// term of the key's kind would fill: ("", "ranking") and ("", "ranking rule") for "The _____
/// ranking rule sorts ...". Function words alone are no context.
pub(crate) fn blank_context(blanked: &str) -> Vec<(String, String)> {
    let Some((before, after)) = blanked.split_once("_____") else {
        return Vec::new();
    };
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let content = |w: &String| !w.is_empty() && !docent_tutor::text::terms(w).is_empty();
    let next: Vec<String> = after.split_whitespace().take(2).map(clean).collect();
    let prev = before
        .split_whitespace()
        .last()
        .map(clean)
        .unwrap_or_default();
    // A word ending in punctuation ends the phrase.
    let first_ends = after
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with(|c: char| !c.is_alphanumeric()));
    let mut out = Vec::new();
    if let Some(n0) = next.first().filter(|w| content(w)) {
        out.push((String::new(), n0.clone()));
        if let Some(n1) = next.get(1).filter(|w| content(w) && !first_ends) {
            out.push((String::new(), format!("{n0} {n1}")));
        }
    }
    if content(&prev) && !before.trim_end().ends_with(|c: char| !c.is_alphanumeric()) {
        out.push((prev, String::new()));
    }
    out
}

/// The numbers written in `s` ("0 typos ... 1 and then" gives 0 and 1).
pub(crate) fn numbers_in(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .filter_map(number_value)
        .collect()
}

/// The value of a number term, separators dropped ("1,000 rows" gives "1000").
pub(crate) fn number_value(s: &str) -> Option<String> {
    if let Some(v) = crate::text::spelled_value(s.split(' ').next().unwrap_or("")) {
        return Some(v.to_string());
    }
    let v: String = s
        .trim_start_matches('$')
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let v = v.trim_end_matches('.').to_string();
    (!v.is_empty() && v.chars().next().is_some_and(|c| c.is_ascii_digit())).then_some(v)
}
