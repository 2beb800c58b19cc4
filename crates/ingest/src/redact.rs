//! PII redaction for tickets, applied before anything is stored.
//!
//! Proves (see tests): 1. emails, phone numbers and card-like numbers are replaced by typed
//! placeholders; 2. names after greetings and sign-offs are replaced; 3. dates, versions, order
//! amounts and ids that are not card-like survive; 4. redaction is idempotent.

use std::sync::OnceLock;

use regex::Regex;

struct Patterns {
    email: Regex,
    card: Regex,
    phone: Regex,
    greeting: Regex,
    signoff: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Patterns {
            email: re(r"(?i)\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b"),
            // 13 to 19 digits, optionally grouped by spaces or dashes.
            card: re(r"\b(?:\d[ \-]?){12,18}\d\b"),
            // International or grouped national numbers: +44 20 7946 0958, (555) 123-4567, 555.123.4567
            phone: re(
                r"(?:\+\d{1,3}[ .\-]?)?(?:\(\d{2,4}\)[ .\-]?|\b\d{2,4}[ .\-])\d{3,4}[ .\-]\d{3,4}\b",
            ),
            greeting: re(r"(?m)\b(Hi|Hello|Hey|Dear|Good (?:morning|afternoon|evening))[ ,]+([A-Z][a-z]+(?: [A-Z][a-z]+)?)"),
            signoff: re(
                r"(?m)((?:Thanks|Thank you|Thanks again|Cheers|Regards|Best regards|Kind regards|Best|Sincerely|Many thanks)[,!.]?\s*\n?\s*(?:-\s*)?)([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*$",
            ),
        }
    })
}

/// Replaces personal data in `text` with `[EMAIL]`, `[CARD]`, `[PHONE]` and `[NAME]`.
pub fn redact(text: &str) -> String {
    let p = patterns();
    let s = p.email.replace_all(text, "[EMAIL]");
    let s = p.card.replace_all(&s, |c: &regex::Captures<'_>| {
        let digits: String = c[0].chars().filter(char::is_ascii_digit).collect();
        if luhn(&digits) {
            "[CARD]".to_string()
        } else {
            c[0].to_string()
        }
    });
    let s = p.phone.replace_all(&s, "[PHONE]");
    let s = p.greeting.replace_all(&s, |c: &regex::Captures<'_>| {
        if is_name(&c[2]) {
            format!("{} [NAME]", &c[1])
        } else {
            c[0].to_string()
        }
    });
    let s = p.signoff.replace_all(&s, |c: &regex::Captures<'_>| {
        if is_name(&c[2]) {
            format!("{}[NAME]", &c[1])
        } else {
            c[0].to_string()
        }
    });
    s.into_owned()
}

/// Words that follow a greeting but are not names.
fn is_name(word: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "Team", "There", "All", "Support", "Everyone", "Folks", "Guys", "Again", "The", "We", "I",
        "Sir", "Madam", "Customer", "Admin", "Sales", "Billing",
    ];
    let first = word.split(' ').next().unwrap_or(word);
    !NOT_NAMES.contains(&first)
}

fn luhn(digits: &str) -> bool {
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let mut d = c.to_digit(10).unwrap_or(0);
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::redact;
    use proptest::prelude::*;

    #[test]
    fn removes_contact_details_and_cards() {
        let out = redact(
            "Hi Maria, mail me at maria.lopez@example.com or call +1 415 555 0134. \
             Card 4111 1111 1111 1111 was charged twice.\nThanks,\nJohn Smith",
        );
        assert!(!out.contains("maria.lopez"), "{out}");
        assert!(!out.contains("555 0134"), "{out}");
        assert!(!out.contains("4111"), "{out}");
        assert!(!out.contains("Maria"), "{out}");
        assert!(!out.contains("John"), "{out}");
        assert!(out.contains("[EMAIL]") && out.contains("[PHONE]") && out.contains("[CARD]"));
        assert!(out.contains("Hi [NAME]"), "{out}");
    }

    #[test]
    fn keeps_ordinary_numbers_and_words() {
        let text = "Hi team, export of 2026-03-14 failed on v2.31.0, order 123456, total 49.00 EUR. Thanks!";
        assert_eq!(redact(text), text);
    }

    proptest! {
        #[test]
        fn idempotent(s in "[A-Za-z0-9 @.,+\\-\\n]{0,120}") {
            let once = redact(&s);
            prop_assert_eq!(redact(&once), once);
        }
    }
}
