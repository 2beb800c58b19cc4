//! Questions that ask for an amount (a price, a limit, a count) and the lines that state one
//! of what they ask about: the extractive composer answers such a question only with a line
//! that states the asked amount, and says "I don't know" rather than quote a figure about
//! something else (issue 14).

use std::collections::HashSet;

use crate::bound::Bound;
use crate::text::terms;
use crate::weights::TermWeights;

/// True when the question asks for an amount: a price, a cost, a number of things. "How
/// many" after a verb of control ("control how many words it keeps", "set how much is
/// returned") asks for the setting, not for a number the docs state.
pub fn asks_amount(question: &str) -> bool {
    asked_sentences(question)
        .iter()
        .any(|s| sentence_asks_amount(s))
}

/// True when every question of `question` asks for an amount ([`asks_amount`]). A message
/// that also asks something else ("How many rules are free, and will a pinned document still
/// show up if it fails the filters?") is answered by what answers it best, and its amount
/// question on its own as a part ([`crate::parts`]).
pub fn asks_only_amount(question: &str) -> bool {
    all_ask_amount(&asked_sentences(question))
}

/// True when each of `asked` ([`asked_sentences`]) asks for an amount.
fn all_ask_amount(asked: &[String]) -> bool {
    asked.iter().all(|s| sentence_asks_amount(s))
}

/// The questions `question` asks: its sentences ending in a question mark, or the whole text
/// when none does. "... each tweak will re-embed all 2 million documents and cost a fortune.
/// Will it?" asks no price. A sentence that asks two things is read as its two questions
/// ([`crate::parts::question_parts`]): "How many rules are free, and will a pinned document
/// still show up ...?" asks an amount of its first question only.
fn asked_sentences(question: &str) -> Vec<String> {
    let asking: Vec<&str> = crate::asking::message_sentences(question)
        .into_iter()
        .filter(|s| crate::asking::asks(s))
        .collect();
    if asking.is_empty() {
        return vec![question.to_string()];
    }
    asking
        .into_iter()
        .flat_map(|s| {
            let parts = crate::parts::question_parts(s);
            if parts.is_empty() {
                vec![s.to_string()]
            } else {
                parts.into_iter().map(|p| p.text).collect()
            }
        })
        .collect()
}

/// [`asks_amount`] for one sentence.
fn sentence_asks_amount(sentence: &str) -> bool {
    let q = sentence.to_lowercase();
    let words: Vec<&str> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let asked_amount = words.windows(2).enumerate().any(|(i, w)| {
        w[0] == "how"
            && (matches!(w[1], "many" | "much" | "long" | "big" | "large")
                || MEASURE_ADJECTIVES.contains(&w[1]))
            && !i.checked_sub(1).is_some_and(|p| {
                // "ordered by how many documents they match" asks for an order.
                is_control_verb(words[p]) || matches!(words[p], "by" | "on" | "of")
            })
    });
    // "What's the annual license price per node?" asks for an amount; "How do I sort results
    // by price?" does not.
    let asks_price = matches!(words.first(), Some(&"what") | Some(&"whats"))
        && words
            .iter()
            .any(|w| matches!(*w, "price" | "prices" | "pricing"));
    // "What's the largest radius I can pass?", "Is there a maximum length?", "minimum Java
    // version for the SDK?" ask for a limit; "Which rule has the highest priority?" asks for a
    // rule, and "Can I set a maximum?" for a way.
    let asks_limit = match words.first() {
        Some(&"what") | Some(&"whats") | Some(&"is") | Some(&"are") => {
            words.iter().any(|w| SUPERLATIVES.contains(w))
        }
        Some(first) => SUPERLATIVES.contains(first),
        None => false,
    };
    // "What is the width of the stand?", "What size bolts do I need?", "What does it weigh?"
    // ask for a measurement; "How do I change the picture size?" does not.
    let asks_measure = matches!(words.first(), Some(&"what") | Some(&"whats"))
        && (words.get(1) == Some(&"size") || words.iter().any(|w| MEASURE_NOUNS.contains(w)));
    // "What's the input lag in game mode, in milliseconds?" asks for a figure in a unit; "How
    // do I set the timeout in seconds?" asks for a way.
    let asks_in_unit = matches!(words.first(), Some(&"what") | Some(&"whats"))
        && words
            .windows(2)
            .any(|p| p[0] == "in" && UNITS.contains(&p[1]));
    asked_amount
        || asks_price
        || asks_limit
        || asks_measure
        || asks_in_unit
        || [
            "price of",
            "cost of",
            "maximum number of",
            "minimum number of",
            "max number of",
        ]
        .iter()
        .any(|p| q.contains(p))
        || words.iter().any(|w| matches!(*w, "cost" | "costs"))
}

/// [`amount_terms_in`] of `question`'s own questions (the tests read it so).
#[cfg(test)]
pub(crate) fn amount_terms(question: &str, w: &TermWeights) -> HashSet<String> {
    amount_terms_in(question, &asked_sentences(question), w)
}

/// The terms of the part of `question` that asks for an amount, its questions being `asked`
/// ([`asked_sentences`]): the one that holds the amount's cue ([`asks_amount`]), or the whole
/// question when that one names too little on its own ("What do we need to buy, and how much
/// does it cost?" after a sentence on search rules).
fn amount_terms_in(question: &str, asked: &[String], w: &TermWeights) -> HashSet<String> {
    // The words of the cue say what is asked, not of what.
    // "One" is a pronoun as often as a count ("documents one index can hold").
    const CUE: &[&str] = &[
        "many", "much", "maximum", "minimum", "max", "min", "number", "price", "prices", "pricing",
        "cost", "costs", "one", "long", "big", "large", "largest", "longest", "biggest",
        "smallest", "shortest", "highest", "lowest", "oldest", "earliest", "wide", "tall", "high",
        "heavy", "thick", "deep", "loud", "fast", "weigh", "weighs",
    ];
    // Split at apostrophes too: "What's" is "what" and "s", no term.
    let of = |text: &str| -> HashSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|x| x.chars().count() > 1 && !CUE.contains(&x.to_lowercase().as_str()))
            .flat_map(terms)
            .filter(|t| w.documented(t))
            .collect()
    };
    let asked = asked
        .iter()
        .find(|s| sentence_asks_amount(s))
        .map(|s| of(s))
        .unwrap_or_default();
    if asked.len() >= 2 {
        asked
    } else {
        of(question)
    }
}

/// How near the best unit's score a unit stating the asked amount must be to answer in its
/// place.
pub(crate) const AMOUNT_RESCUE: f32 = 0.6;

/// The share of the question's asking part (by IDF weight) that unit's line must hold: more
/// than the best unit's line needs, as it comes from further down.
const AMOUNT_RESCUE_SHARE: f32 = 0.5;

/// How many of the first evidence chunks that unit may come from.
pub(crate) const AMOUNT_RESCUE_EVIDENCE: usize = 3;

/// The share of chunks above which a term says nothing of what an amount is of (the
/// product's name, "search", "index").
const AMOUNT_TERM_MAX_SHARE: f32 = 0.2;

/// Chunks below which a corpus is too small to tell a common term from a specific one: every
/// term of the question counts.
const AMOUNT_TERM_MIN_CHUNKS: u32 = 20;

/// Which unit an amount is looked for in ([`AskedAmount::stated_in`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AmountCheck {
    /// The units the answer chose.
    Best,
    /// Another unit of the evidence, to answer in their place: it must name more of what is
    /// asked ("Lumio has two plans" states no stock price, though it names Lumio).
    Elsewhere,
    /// Another unit of the best unit's page, for a question after a bound: a specific term of
    /// what is asked and a bound of the asked side are enough ("- Go 1.16 or higher" under
    /// the prerequisites of the Go quick start whose code the answer had chosen).
    SamePage,
}

/// Whether a sentence speaks of an example ("In this example, ...", "For example, ...").
fn is_example(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    l.contains("example") || l.contains("e.g.")
}

/// Share of the asking part's weight that names what an amount is of without a specific term.
const AMOUNT_TERMS_HELD: f32 = 0.3;

/// What an amount question asks about, weighed once for every unit it is checked against
/// ([`AskedAmount::stated_in`]).
pub(crate) struct AskedAmount {
    /// The asking part's documented terms ([`amount_terms_in`]) and their IDF.
    terms: Vec<(String, f32)>,
    /// Those used by at most [`AMOUNT_TERM_MAX_SHARE`] of the chunks (all of them in a corpus
    /// of fewer than [`AMOUNT_TERM_MIN_CHUNKS`]).
    specific: HashSet<String>,
    /// The terms' summed weight.
    total: f32,
    /// The side of the amount asked for, if a bound is asked ([`Bound::asked`]).
    bound: Option<Bound>,
}

impl AskedAmount {
    /// [`AskedAmount::of_asked`] of `question`'s own questions (the tests read it so).
    #[cfg(test)]
    pub(crate) fn of(question: &str, w: &TermWeights) -> Self {
        Self::of_asked(question, &asked_sentences(question), w)
    }

    /// [`AskedAmount::of_asked`] where every question of `question` asks for an amount
    /// ([`asks_only_amount`]); `None` otherwise. Its questions are read once for both.
    pub(crate) fn only_of(question: &str, w: &TermWeights) -> Option<Self> {
        let asked = asked_sentences(question);
        all_ask_amount(&asked).then(|| Self::of_asked(question, &asked, w))
    }

    /// The asked terms of `question`, whose questions are `asked`, weighed by `w`.
    fn of_asked(question: &str, asked: &[String], w: &TermWeights) -> Self {
        let terms: Vec<(String, f32)> = amount_terms_in(question, asked, w)
            .into_iter()
            .map(|t| {
                let x = w.idf(&t);
                (t, x)
            })
            .collect();
        let floor = w.idf_of_share(AMOUNT_TERM_MAX_SHARE);
        // In a corpus too small to tell common from specific, every asked term is specific.
        let small = w.chunks() < AMOUNT_TERM_MIN_CHUNKS;
        let specific = terms
            .iter()
            .filter(|(_, x)| small || *x >= floor)
            .map(|(t, _)| t.clone())
            .collect();
        let total = terms.iter().map(|(_, x)| x).sum();
        AskedAmount {
            terms,
            specific,
            total,
            bound: Bound::asked(asked.iter().map(String::as_str)),
        }
    }

    /// Whether `text` states an amount of what the question asks about: a line (a sentence or a
    /// list item) with an amount ([`states_amount`]) that holds a term of the question's asking
    /// part ([`amount_terms_in`]) that is specific (used by at most [`AMOUNT_TERM_MAX_SHARE`] of the
    /// chunks), or [`AMOUNT_TERMS_HELD`] of the part's terms by IDF weight;
    /// for a unit away from the best one ([`AmountCheck::Elsewhere`]), a specific term and
    /// [`AMOUNT_RESCUE_SHARE`] of the weight.
    /// "Handle datasets from thousands to 40+ million documents" states no retry count for "how
    /// many times does it retry?", nor "Meilisearch can accommodate up to 20 indexes" a number of
    /// API keys (the product's name is on every page); "An index can contain no more than
    /// 4,294,967,296 documents" states the maximum number of documents an index holds, though
    /// "index" and "documents" are on many pages.
    pub(crate) fn stated_in(&self, text: &str, check: AmountCheck) -> bool {
        blocks(text).any(|block| self.stated_in_block(block, check))
    }

    /// [`AskedAmount::stated_in`] for one block of lines. A labelled line ("**Default value**:
    /// `100000000` (~100MB)") takes its subject from the lines of its block ("**Environment
    /// variable**: `MEILI_HTTP_PAYLOAD_SIZE_LIMIT`").
    fn stated_in_block(&self, block: &str, check: AmountCheck) -> bool {
        let (sentences, heading) = block_sentences(block);
        // The block's terms, for labelled lines only (most blocks have none).
        let around: HashSet<String> = if sentences.iter().any(|(_, _, labelled)| *labelled) {
            block
                .lines()
                .filter(|l| !l.starts_with('#'))
                .flat_map(terms)
                .collect()
        } else {
            HashSet::new()
        };
        // A count in an example ("In this example, the request sends three queries") is no
        // limit. A figure's subject may be the sentence before it on its line ("By default,
        // `searchCutoffMs` is `null`. When no value is configured, searches stop after 1500
        // milliseconds."); a list item's is not the item above ("- Import NDJSON files", "-
        // Handle datasets of 40+ million documents").
        sentences
            .iter()
            .enumerate()
            .filter(|(_, (s, _, _))| states_amount(s) && !is_example(s))
            .any(|(i, &(s, line, labelled))| {
                let mut have: HashSet<String> = terms(s).into_iter().collect();
                let mut context = s.to_string();
                if let Some((before, _, _)) = i
                    .checked_sub(1)
                    .map(|j| sentences[j])
                    .filter(|(_, l, _)| *l == line)
                {
                    have.extend(terms(before));
                    context = format!("{before} {s}");
                }
                if labelled {
                    have.extend(around.iter().cloned());
                    context = block.to_string();
                }
                // The heading lends its bound ("## Limits") to a figure that is not a default
                // ("(default: 100)" under "## Lower max values per facet" is no maximum).
                let default = context.to_lowercase().contains("default");
                let bounded = |b: Bound| b.stated_in(&context) || !default && b.stated_in(heading);
                if self.bound.is_some_and(|b| !bounded(b)) {
                    return false;
                }
                let held: f32 = self
                    .terms
                    .iter()
                    .filter(|(t, _)| have.contains(t))
                    .map(|(_, x)| x)
                    .sum();
                let named = have.iter().any(|t| self.specific.contains(t));
                match check {
                    AmountCheck::Best => named || held >= AMOUNT_TERMS_HELD * self.total,
                    AmountCheck::Elsewhere => named && held >= AMOUNT_RESCUE_SHARE * self.total,
                    AmountCheck::SamePage => named && self.bound.is_some(),
                }
            })
    }
}

/// A sentence of a block: its text, its line's number and whether that line is labelled
/// ([`is_label_line`]).
type BlockSentence<'a> = (&'a str, usize, bool);

/// The sentences of `block` in order, without code blocks, headings and steps' numbers, and
/// the heading line over them ("## Limits" says what its figures are), if any.
fn block_sentences(block: &str) -> (Vec<BlockSentence<'_>>, &str) {
    let mut sentences: Vec<BlockSentence<'_>> = Vec::new();
    let mut heading = "";
    let mut fenced = false;
    for (n, line) in block.lines().enumerate() {
        // A figure in a code example is the example's ("\"maxValuesPerFacet\": 20").
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if line.starts_with('#') {
            heading = line;
            continue;
        }
        let labelled = is_label_line(line);
        // A step's number ("1. Open the report.") states no amount.
        let line = line.trim_start();
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line = match line[digits..].strip_prefix(['.', ')']) {
            Some(rest) if digits > 0 => rest,
            _ => line,
        };
        sentences.extend(
            crate::text::sentences(line)
                .into_iter()
                .map(|(a, b)| (&line[a..b], n, labelled)),
        );
    }
    (sentences, heading)
}

/// The blocks of `text`: runs of lines between blank lines.
fn blocks(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").filter(|b| !b.trim().is_empty())
}

/// Whether `line` is a short bold label and its value ("**Default value**: 20", "- **Max
/// size:** 10 MB").
fn is_label_line(line: &str) -> bool {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let Some(label) = t.strip_prefix("**") else {
        return false;
    };
    // The label closes within a few words, with its colon inside or just after the bold.
    label
        .find("**")
        .filter(|&end| end <= 40)
        .is_some_and(|end| label[..end].ends_with(':') || label[end + 2..].starts_with(':'))
}

/// Number words that state an amount ("a maximum depth of two", "up to ten"). "One" is left
/// out: it is as often a pronoun ("the one you created") as a count.
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
    "twice",
    "double",
    "half",
    "unlimited",
];

/// True when `text` states an amount: a figure, a number written as a word, or "one" as a
/// count ([`counts_one`]).
pub(crate) fn states_amount(text: &str) -> bool {
    if text.contains(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .any(|w| NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(w)))
        || counts_one(&words)
}

/// Whether "one" counts in `words`: "only one", "exactly one", "just one", or "one ... per"
/// within four words ("one query ID per sub-query"). "The one you created" counts nothing,
/// nor does "a single embedder works well", which says how few, not how many.
fn counts_one(words: &[&str]) -> bool {
    let is = |w: &str, x: &str| w.eq_ignore_ascii_case(x);
    words
        .windows(2)
        .any(|w| is(w[1], "one") && ["only", "exactly", "just"].iter().any(|x| is(w[0], x)))
        || words
            .iter()
            .enumerate()
            .any(|(i, w)| is(w, "one") && words[i + 1..].iter().take(4).any(|x| is(x, "per")))
}

/// Adjectives that ask for a measurement after "how": "How wide are the legs?", "How loud must
/// I speak?". Not "far": "how far back does each run look?" is answered by "since the last
/// successful run", "how far behind live TV am I?" by where the screen shows it.
const MEASURE_ADJECTIVES: &[&str] = &[
    "wide", "tall", "high", "heavy", "thick", "deep", "loud", "fast",
];

/// Nouns of a measurement, asked for after "what": "What is the width of the stand?". Not
/// "dimensions": a vector's dimensions are stated in tables, whose rows do not name them.
const MEASURE_NOUNS: &[&str] = &[
    "width",
    "height",
    "depth",
    "weight",
    "weigh",
    "weighs",
    "thickness",
];

/// Units a figure is asked in ("in milliseconds", "in watts").
const UNITS: &[&str] = &[
    "milliseconds",
    "ms",
    "seconds",
    "minutes",
    "hours",
    "days",
    "bytes",
    "kb",
    "mb",
    "gb",
    "tb",
    "inches",
    "cm",
    "mm",
    "feet",
    "meters",
    "metres",
    "watts",
    "hz",
    "pixels",
    "percent",
    "dollars",
    "euros",
];

/// Words that ask for the bound of a quantity: "the longest eventName", "a maximum length".
const SUPERLATIVES: &[&str] = &[
    "largest", "longest", "biggest", "smallest", "shortest", "highest", "lowest", "maximum",
    "minimum", "max", "min", "oldest", "earliest",
];

/// Verbs whose object can be "how many ..." as a setting: "limit how many results", "raise
/// how long it waits".
fn is_control_verb(w: &str) -> bool {
    matches!(
        w,
        "control"
            | "set"
            | "change"
            | "choose"
            | "limit"
            | "configure"
            | "adjust"
            | "decide"
            | "specify"
            | "define"
            | "customize"
            | "customise"
            | "raise"
            | "increase"
            | "extend"
            | "lower"
            | "reduce"
            | "decrease"
            | "shorten"
            | "override"
    )
}
