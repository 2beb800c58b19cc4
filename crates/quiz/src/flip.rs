//! False versions of a claim made by turning one word into its opposite: "the remote pairs to
//! the TV automatically" becomes "... manually", "resets all settings except the network
//! settings" becomes "... including the network settings". A learner who half remembers the
//! claim could believe either, unlike a swapped name, which often leaves the claim true of
//! another thing ([`crate::rules`]'s `swap_is_false`), or a plain negation.
//!
//! Only opposites that hold in any product's docs are listed: a state (on / off, enabled /
//! disabled, public / private), a direction or order (increase / decrease, before / after, top /
//! bottom, ascending / descending), a manner (automatically / manually) and an inclusion
//! (except / including). A sentence that already names both sides of a pair ("press the up or
//! down button", "turn it on and off") has no false version by that pair, and a word before a
//! number is left alone ("retries after 3 days" is no claim "before 3 days").

/// Pairs of opposites, both ways; each side is one word or a verb with its particle.
const OPPOSITES: &[(&str, &str)] = &[
    ("automatically", "manually"),
    ("automatic", "manual"),
    ("enabled", "disabled"),
    ("enables", "disables"),
    ("enable", "disable"),
    ("increases", "decreases"),
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("higher", "lower"),
    ("brighter", "darker"),
    ("louder", "quieter"),
    ("larger", "smaller"),
    ("faster", "slower"),
    ("before", "after"),
    ("maximum", "minimum"),
    ("top", "bottom"),
    ("above", "below"),
    ("ascending", "descending"),
    ("oldest", "newest"),
    ("older", "newer"),
    ("required", "optional"),
    ("synchronous", "asynchronous"),
    ("case-sensitive", "case-insensitive"),
    ("public", "private"),
    ("includes", "excludes"),
    ("included", "excluded"),
    ("except for", "including"),
    ("except", "including"),
    ("deletes", "keeps"),
    ("turns on", "turns off"),
    ("turned on", "turned off"),
    ("switches on", "switches off"),
    ("switched on", "switched off"),
];

/// A word of `text` (a byte range) matching `phrase` case-insensitively at word boundaries.
fn find_word(text: &str, phrase: &str) -> Option<(usize, usize)> {
    let lower = text.to_lowercase();
    // Lowercasing keeps byte offsets only for ASCII; other text has no false version here.
    if lower.len() != text.len() {
        return None;
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
    let mut from = 0;
    while let Some(i) = lower[from..].find(phrase) {
        let (s, e) = (from + i, from + i + phrase.len());
        let before_number = lower[e..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        if boundary(lower[..s].chars().next_back())
            && boundary(lower[e..].chars().next())
            && !before_number
        {
            return Some((s, e));
        }
        from = e;
    }
    None
}

/// `word` written in the case of `like` (all capitals, a capital first, or as it is).
fn in_case_of(word: &str, like: &str) -> String {
    if like.len() > 1 && like.chars().all(|c| !c.is_lowercase()) {
        return word.to_uppercase();
    }
    match like.chars().next() {
        Some(c) if c.is_uppercase() => {
            let mut cs = word.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect())
                .unwrap_or_default()
        }
        _ => word.to_string(),
    }
}

/// The article before byte `at` of `text` made to fit `next` ("an increase" -> "a decrease").
fn fit_article(text: &str, at: usize, next: &str) -> String {
    let head = &text[..at];
    let vowel = next
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    let swap = |from: &str, to: &str| {
        head.strip_suffix(from)
            .filter(|h| h.is_empty() || h.ends_with(' '))
            .map(|h| format!("{h}{to}"))
    };
    let fixed = if vowel {
        swap("a ", "an ").or_else(|| swap("A ", "An "))
    } else {
        swap("an ", "a ").or_else(|| swap("An ", "A "))
    };
    fixed.unwrap_or_else(|| head.to_string())
}

/// The claim with its first word that has a listed opposite turned into it, unless the claim
/// names both sides of that pair. `None` when no word has one.
pub(crate) fn opposite(claim: &str) -> Option<String> {
    let mut best: Option<(usize, usize, &str)> = None;
    for (a, b) in OPPOSITES {
        let (ha, hb) = (find_word(claim, a), find_word(claim, b));
        let (hit, to) = match (ha, hb) {
            (Some(h), None) => (h, *b),
            (None, Some(h)) => (h, *a),
            _ => continue,
        };
        // The earliest word wins; at one place the longer phrase ("except for" over "except").
        let better = best.is_none_or(|(s, e, _)| hit.0 < s || (hit.0 == s && hit.1 > e));
        if better {
            best = Some((hit.0, hit.1, to));
        }
    }
    let (s, e, to) = best?;
    let word = in_case_of(to, &claim[s..e]);
    let head = fit_article(claim, s, &word);
    Some(format!("{head}{word}{}", &claim[e..]))
}

#[cfg(test)]
mod tests {
    use super::opposite;

    #[test]
    fn a_listed_word_turns_into_its_opposite() {
        assert_eq!(
            opposite("When you turn on the TV for the first time, the remote pairs to the TV automatically.")
                .as_deref(),
            Some("When you turn on the TV for the first time, the remote pairs to the TV manually.")
        );
        assert_eq!(
            opposite("Resets all settings, except for the network settings, to the defaults.")
                .as_deref(),
            Some("Resets all settings, including the network settings, to the defaults.")
        );
        assert_eq!(
            opposite("Disabled rules are skipped.").as_deref(),
            Some("Enabled rules are skipped.")
        );
    }

    #[test]
    fn the_article_fits_the_new_word() {
        assert_eq!(
            opposite("Dimming the screen causes an increase in contrast.").as_deref(),
            Some("Dimming the screen causes a decrease in contrast.")
        );
        assert_eq!(
            opposite("Results come in an ascending order.").as_deref(),
            Some("Results come in a descending order.")
        );
    }

    #[test]
    fn a_claim_naming_both_sides_or_no_listed_word_has_no_opposite() {
        assert_eq!(
            opposite("The volume can be turned on and turned off."),
            None
        );
        assert_eq!(
            opposite("Use the up and down buttons before and after."),
            None
        );
        assert_eq!(opposite("The remote pairs to the TV."), None);
        assert_eq!(opposite("Failed payments are retried after 3 days."), None);
        // Part of a longer word is no match.
        assert_eq!(opposite("The topmost laptop beforehand."), None);
    }
}
