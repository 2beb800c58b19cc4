//! Which side of a quantity a question asks for, and whether a text states a bound of that
//! side (issue 14): "the largest radius" is not answered by an example's radius, "the max
//! length of the master key" not by "at least 16 bytes", "the highest value maxTotalHits
//! accepts" not by "Default is 1000".

/// The side of a quantity a question asks for: "the largest radius", "a cap on how many
/// results" ask for an upper bound, "the minimum length" for a lower one. A figure stated as
/// a default ("Default is 1000") or an example ("within 5 km") answers neither, and a lower
/// bound ("at least 16 bytes") does not answer a question for the upper one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// A maximum.
    Upper,
    /// A minimum.
    Lower,
}

/// Words of a question that ask for an upper bound.
const ASK_UPPER: &[&str] = &[
    "largest", "longest", "biggest", "highest", "maximum", "max", "cap",
];
/// Words of a question that ask for a lower bound.
/// "The oldest Go version it works with" asks for the least version.
const ASK_LOWER: &[&str] = &[
    "smallest", "shortest", "lowest", "minimum", "min", "oldest", "earliest",
];
/// Words and phrases that state an upper bound ("at most" holds "most").
const STATE_UPPER: &[&str] = &[
    "maximum",
    "max",
    "most",
    "limit",
    "limits",
    "limited",
    "cap",
    "capped",
    "exceed",
    "exceeds",
    "exceeding",
    "largest",
    "longest",
    "highest",
    "biggest",
    "up to",
    "no more than",
    "more than",
    "less than",
    "or fewer",
    "or less",
    "<=",
    "≤",
];
/// Words and phrases that state a lower bound.
const STATE_LOWER: &[&str] = &[
    "minimum",
    "min",
    "least",
    "below",
    "lowest",
    "smallest",
    "shortest",
    "or more",
    "no less than",
    "no fewer than",
    "or later",
    "or higher",
    "or newer",
    "and above",
    "and later",
    ">=",
    "≥",
];

/// Whether a figure is followed by a plus ("1.65+", "40+ million").
fn plus_after_digit(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'+')
}

impl Bound {
    /// The bound the asking sentences of a question ask for, if any.
    pub(crate) fn asked<'a>(mut asking: impl Iterator<Item = &'a str>) -> Option<Bound> {
        asking.find_map(|s| {
            let q = s.to_lowercase();
            let words: Vec<&str> = q.split(|c: char| !c.is_alphanumeric()).collect();
            if words.iter().any(|w| ASK_UPPER.contains(w)) || q.contains("upper limit") {
                Some(Bound::Upper)
            } else if words.iter().any(|w| ASK_LOWER.contains(w)) || q.contains("lower limit") {
                Some(Bound::Lower)
            } else {
                None
            }
        })
    }

    /// Whether `text` states a bound of this side: a word ("maximum", "least"), a phrase ("up
    /// to", "or more"), or for a lower bound a figure with a plus ("1.65+"). Code spans are
    /// names, not words (`index.max_result_window`).
    pub(crate) fn stated_in(self, text: &str) -> bool {
        let prose: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        if self == Bound::Lower && plus_after_digit(&prose) {
            return true;
        }
        let t = format!(" {} ", prose.to_lowercase());
        let marks = match self {
            Bound::Upper => STATE_UPPER,
            Bound::Lower => STATE_LOWER,
        };
        // Runs of words between punctuation, padded, for whole-word matches: "maximum" not in
        // "maximumRetries"; "min" not in "admin".
        let runs: Vec<String> = t
            .split(|c: char| !c.is_alphanumeric() && c != ' ')
            .map(|run| format!(" {run} "))
            .collect();
        marks.iter().any(|m| {
            if m.chars().all(|c| c.is_alphanumeric() || c == ' ') {
                let m = format!(" {m} ");
                runs.iter().any(|run| run.contains(&m))
            } else {
                t.contains(m)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_is_answered_by_a_bound_of_its_side() {
        assert_eq!(
            Bound::asked(std::iter::once("What's the largest radius I can pass?")),
            Some(Bound::Upper)
        );
        assert_eq!(
            Bound::asked(std::iter::once(
                "Is there a cap on how many results a query returns?"
            )),
            Some(Bound::Upper)
        );
        assert_eq!(
            Bound::asked(std::iter::once("what's the minimum version I need?")),
            Some(Bound::Lower)
        );
        assert_eq!(
            Bound::asked(std::iter::once("How many hits does a search return?")),
            None
        );
        assert_eq!(
            Bound::asked(std::iter::once(
                "What's the oldest Go version the client works with?"
            )),
            Some(Bound::Lower)
        );
        assert!(Bound::Lower.stated_in("- Go 1.16 or higher"));
        assert!(Bound::Upper.stated_in("A search returns at most 1000 results."));
        assert!(Bound::Upper.stated_in("Payloads up to 100MB are accepted."));
        assert!(Bound::Lower.stated_in("Set a master key of at least 16 bytes."));
        assert!(Bound::Lower.stated_in("- Rust stable (1.65+)"));
        // A lower bound does not answer for the upper one, nor a default for either.
        assert!(!Bound::Upper.stated_in("Set a master key of at least 16 bytes."));
        assert!(!Bound::Upper.stated_in("Default is 1000 in Meilisearch."));
        // A name in a code span is no word: `index.max_result_window` states no maximum, and
        // "admin" holds no "min".
        assert!(!Bound::Upper.stated_in("| `index.max_result_window` | Default is 1000 |"));
        assert!(!Bound::Lower.stated_in("The admin key has 2 scopes."));
    }
}
