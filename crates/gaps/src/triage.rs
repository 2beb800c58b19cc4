//! Triage before ranking: is a topic something documentation can fix, or a burst of spam,
//! keyboard-mash, empty posts or questions about another product? Such topics are real bursts,
//! but ranking them as gaps pushes the real ones down, so the report lists them apart ("not
//! documentation gaps: review") and never ranks them.
//!
//! Each signal gets cues ([`Cues`]), each a plain rule over its text:
//! - **scam**: words of the usual scam families (helplines and "customer care" numbers, refunds
//!   and loans, shop coupons and promo codes, betting, crypto; English only, see
//!   [`SCAM_FAMILIES`]): two families at once, one with a price or phone number in the subject,
//!   or a helpline with a phone number or a link;
//! - **gibberish**: most of its Latin-script words are unknown to the stream's own vocabulary
//!   (words seen in at least [`KNOWN_AT`] signals, plus the docs' words) or look typed at
//!   random (no vowel, a long consonant run, one letter repeated);
//! - **empty**: fewer than [`MIN_WORDS`] words once greetings, the product's name and the
//!   stream's placeholders are set aside: nothing a writer could act on;
//! - **thin**: fewer than [`THIN_WORDS`] such words ("WhatsApp web", "how to update"): a
//!   subject and a line, which says what someone wants but not what went wrong;
//! - **contact** ([`has_contact`]): a phone number to call or message, also disguised;
//! - **link**, **disguised** (letters dressed up in mathematical or circled forms);
//! - **placeholder**: the body is only text the stream's form fills in by itself, learned from
//!   the stream ([`placeholders`]), or the post copies the form's example text and leaves fewer
//!   than [`THIN_WORDS`] words of its own ([`FormText`], also learned from the stream).
//!
//! A topic is flagged ([`Flag`], [`classify`]) when a large share of its signals carry one cue
//! ([`Thresholds`]), when it is repetitive with scam cues, when its share of contacts is far
//! above the stream's ([`Baseline`]), when most of its tickets are thin and that is far above
//! the stream's share (where every ticket is a one-liner, as a chat's are, none is flagged),
//! when it is a copy-paste campaign (near-duplicates,
//! [`near_duplicates`], in a stream whose topics are not, carrying contacts, links, disguise or
//! scam words), when it sits far from every doc while docs exist (off-product), or when a lead
//! marked a topic with the same centroid as not a gap.
//!
//! Proves (see tests): scam posts in several languages are caught and support tickets that
//! leave a phone number or ask for a refund are not; contacts are phone numbers, not versions
//! or ids; keyboard mash is gibberish and rare but real words are not; placeholders are learned
//! from the stream and a post of only a placeholder is empty; a topic is flagged by share, not
//! by a single member, and contacts and copies are judged against the stream (a help desk
//! whose customers sign with phone numbers, or whose tickets are templated, is not spam).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

pub use crate::form::{FormText, PLACEHOLDER_WORDS};

pub use crate::copies::{
    near_duplicates, words, NEAR_DUPLICATE, NEAR_DUPLICATE_SAMPLE, NEAR_DUPLICATE_WORDS,
};

/// A word is known when at least this many signals use it.
pub const KNOWN_AT: usize = 3;

/// Words below which a signal is empty.
pub const MIN_WORDS: usize = 3;

/// A ticket with fewer words than this (as for [`MIN_WORDS`]) is thin.
pub const THIN_WORDS: usize = 8;

/// Share of a topic's signals that are thin tickets at which it is flagged (with
/// [`Thresholds::thin_above_stream`]). Cross-validated by week (5 folds) on the blind verdicts
/// of the Firefox stream's top-10 lines (`evals/judged/gaps-top10-2026-12-01-9ce4b39.jsonl`):
/// the folds chose 0.5, 0.55, 0.6, 0.55 and 0.55.
pub const THIN_SHARE: f64 = 0.55;

/// Why a topic is not ranked as a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Scam or advertising posts.
    Spam,
    /// Keyboard mash, text no vocabulary knows.
    Gibberish,
    /// Posts with (almost) no words to act on.
    Empty,
    /// Far from everything the product's docs talk about.
    OffProduct,
    /// A lead marked a topic like it as not a gap.
    Dismissed,
    /// Written in a language the embedding model does not read, though each post was too
    /// short to tell alone (see [`TopicCues::pooled_language`]).
    OtherLanguage,
}

impl Flag {
    /// A short reason for people.
    pub fn reason(self) -> &'static str {
        match self {
            Flag::Spam => "spam or scam posts",
            Flag::Gibberish => "gibberish",
            Flag::Empty => "posts with nothing to act on",
            Flag::OffProduct => "not about the product",
            Flag::Dismissed => "marked as not a gap",
            Flag::OtherLanguage => "in a language the topics are not clustered for",
        }
    }
}

/// Cues of one signal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues {
    /// Scam or advertising.
    pub scam: bool,
    /// Mostly unknown or random words.
    pub gibberish: bool,
    /// Too few words to act on.
    pub empty: bool,
    /// A phone number or other contact to call or message (see [`has_contact`]).
    pub contact: bool,
    /// A link.
    pub link: bool,
    /// Letters or digits in dressed-up forms (mathematical script, circled, full-width).
    pub disguised: bool,
    /// The body is only a placeholder of the stream's form ([`placeholders`]), or the post
    /// copies the form's example text ([`FormText`]) and leaves fewer than [`THIN_WORDS`] words
    /// of its own.
    pub placeholder: bool,
    /// Fewer than [`THIN_WORDS`] words to act on.
    pub thin: bool,
    /// Some of its subject or body is copied from the form's example text ([`FormText`]).
    pub form: bool,
}

/// Topic-level thresholds: shares of a topic's signals.
#[derive(Debug, Clone, Serialize)]
pub struct Thresholds {
    /// Scam share that flags a topic.
    pub scam: f64,
    /// Gibberish share that flags a topic.
    pub gibberish: f64,
    /// Empty share that flags a topic.
    pub empty: f64,
    /// Share of thin tickets that flags a topic, when it is also
    /// [`Thresholds::thin_above_stream`] times the stream's share.
    pub thin: f64,
    /// How many times the stream's share of thin tickets a topic's share must be.
    pub thin_above_stream: f64,
    /// Placeholder share that flags a topic (its posts were clustered by the form's text).
    pub placeholder: f64,
    /// Contact share that flags a topic as spam.
    pub contact: f64,
    /// Disguised-text share that flags a topic as spam.
    pub disguised: f64,
    /// Share of signals with any cue of advertising (scam words, a contact, disguised text)
    /// that flags a topic as spam, when its contacts are also unusual for the stream
    /// ([`Thresholds::above_stream`]). Over the Firefox stream's 53 scored weeks, no ranked
    /// topic but one had more than 0.125 (an advertising dump at 0.35, "call / customer /
    /// helpline").
    pub advertising: f64,
    /// Near-duplicate share that, with contacts, links, disguised text or scam words, flags a
    /// topic as a spam campaign.
    pub campaign: f64,
    /// How many times the stream's rate of contacts a topic's share must be.
    pub above_stream: f64,
    /// Best doc similarity under which a topic is off-product (when docs exist).
    pub off_product: f32,
    /// Centroid similarity at which a dismissed topic matches.
    pub dismissed: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            scam: 0.3,
            gibberish: 0.5,
            empty: 0.6,
            thin: THIN_SHARE,
            thin_above_stream: 2.0,
            placeholder: 0.5,
            contact: 0.4,
            disguised: 0.3,
            advertising: 0.3,
            campaign: 0.5,
            above_stream: 5.0,
            off_product: 0.2,
            dismissed: 0.85,
        }
    }
}

/// Scam families: a signal with words of two families, or of one with a contact or a price,
/// is scam. Lowercase; multi-word entries match as substrings of the lowercased text.
///
/// Only the generic vocabulary of tech-support, refund, loan, coupon and gambling scams,
/// written from general knowledge, so the scored events (`evals/gaps/*.json`) measure the rule
/// instead of repeating it. The coupon family came later than the others and for a reason seen
/// in the scores: coupon-code advertising reached the top 10 in two scored weeks. It holds
/// only the generic terms of such posts, no brand, code or amount of theirs. What other
/// languages' scams say is left to the language-free cues (contacts, repetition, links,
/// distance from the docs).
const SCAM_FAMILIES: &[&[&str]] = &[
    // Helplines.
    &[
        "customer care",
        "customer service number",
        "helpline",
        "help line",
        "toll free",
        "toll-free",
        "hotline",
        "contact number",
        "call now",
        "24/7",
        "24x7",
    ],
    // Money back, loans.
    &["refund", "cashback", "cash back", "money back", "loan"],
    // Shop promotions: coupon and promo-code advertising posted as questions.
    &[
        "coupon",
        "promo code",
        "promocode",
        "discount code",
        "referral code",
        "voucher code",
    ],
    // Gambling, crypto, quick money.
    &[
        "casino",
        "betting",
        "jackpot",
        "lottery",
        "crypto",
        "bitcoin",
        "forex",
        "earn money",
        "investment plan",
    ],
];

fn families(lower: &str) -> usize {
    SCAM_FAMILIES
        .iter()
        .filter(|f| f.iter().any(|w| lower.contains(w)))
        .count()
}

/// A phone number, its placeholder, or a long run of digits with separators (loose: the scam
/// rule pairs it with scam words).
fn has_long_number(text: &str) -> bool {
    if text.contains("[PHONE]") {
        return true;
    }
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 9 {
                return true;
            }
        } else if !(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+') {
            digits = 0;
        }
    }
    false
}

/// Numerals outside ASCII (circled, negative circled, full-width digits) a contact needs
/// before it counts as disguised: scam posts write their numbers so to slip past filters.
const STYLISED_NUMERALS: usize = 4;

/// Digits a bare number (no `+`) needs to count as a contact when separators break it up.
const CONTACT_DIGITS: usize = 9;

/// A contact to call or message: the redactor's phone placeholder, an international number
/// (`+` and at least nine digits, separators allowed), a number of nine to fifteen digits broken
/// up by spaces, dashes, slashes or brackets (`991/28/680-60`, `1-810-627-55-38`), a number
/// written in stylised numerals (`❾❻❼`, `⓿`), or a messaging handle ([`has_messaging_handle`]).
/// Versions (`136.0.1`), build ids (`20250101123456`), IP addresses and error codes are none of
/// these.
pub fn has_contact(text: &str) -> bool {
    if text.contains("[PHONE]") || has_messaging_handle(text) {
        return true;
    }
    let stylised = text
        .chars()
        .filter(|c| c.is_numeric() && is_disguised(*c))
        .count();
    if stylised >= STYLISED_NUMERALS {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let plus = i > 0 && chars[i - 1] == '+';
        let (mut digits, mut separators, mut j) = (0, 0, i);
        while j < chars.len() {
            let c = chars[j];
            if c.is_ascii_digit() {
                digits += 1;
            } else if matches!(c, ' ' | '-' | '/' | '(' | ')' | '•')
                && chars
                    .get(j + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == '(')
            {
                separators += 1;
            } else if !(plus && c == '.') {
                break;
            }
            j += 1;
        }
        let number = (plus || separators > 0) && (CONTACT_DIGITS..=15).contains(&digits);
        if number {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

/// Messaging apps whose handles advertising leaves to be contacted on.
const MESSAGING_APPS: &[&str] = &["telegram", "whatsapp", "wickr", "kik", "snapchat", "wechat"];

/// Links that open a chat (Telegram's and WhatsApp's).
const CHAT_LINKS: &[&str] = &["t.me/", "wa.me/"];

/// A handle to message: a messaging app named with an `@handle` in the same post ("Telegram buy
/// weed in London @templevape"), or a link that opens a chat (`t.me/...`, `wa.me/...`). On the
/// Firefox stream such posts are 30 of 61,583, all but one or two of them advertising; an
/// e-mail address (`bob@example.com`) or "WhatsApp web @ home" is no handle.
pub fn has_messaging_handle(text: &str) -> bool {
    let lower = text.to_lowercase();
    let starts_word = |at: usize| {
        lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '.')
    };
    if CHAT_LINKS
        .iter()
        .any(|l| lower.match_indices(l).any(|(at, _)| starts_word(at)))
    {
        return true;
    }
    let names_app = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| MESSAGING_APPS.contains(&w));
    names_app
        && lower.match_indices('@').any(|(at, _)| {
            let handle: String = lower[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // "@gmail.com" is an address's end, not a handle.
            let rest = &lower[at + 1 + handle.len()..];
            let domain =
                rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
            starts_word(at)
                && handle.len() >= 4
                && handle.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && !domain
        })
}

/// Letters and digits from the Unicode blocks that only dress text up (mathematical script
/// letters `𝒯ℰℳ𝒰`, circled and full-width forms): advertising writes brand names so to slip
/// past word filters; a question does not.
fn is_disguised(c: char) -> bool {
    matches!(c as u32,
        0x1D400..=0x1D7FF // mathematical alphanumeric symbols
        | 0x2460..=0x24FF // enclosed alphanumerics
        | 0x2776..=0x2793 // dingbat circled digits
        | 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A // full-width
        | 0x1F130..=0x1F189 // squared and circled Latin letters
    ) || (matches!(c as u32, 0x2100..=0x214F) && c.is_alphabetic())
}

/// Characters of those blocks that make a text disguised.
const DISGUISED_AT: usize = 3;

/// A price: `$100`, `100%`, `₹500`.
fn has_price(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && !"$€£₹%".contains(c));
        let money = w.contains(['$', '€', '£', '₹']) && w.chars().any(|c| c.is_ascii_digit());
        let percent = w.ends_with('%') && w.len() > 1;
        money || percent
    })
}

/// A link: a URL or a bare `www.` host.
fn has_link(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["http://", "https://", "www."]
        .iter()
        .any(|m| lower.contains(m))
}

/// Words that are placeholders of the redactor or greetings: no content.
const NOISE_WORDS: &[&str] = &[
    "email", "phone", "name", "card", "number", "iban", "secret", "ssn", "national", "id", "ip",
    "hi", "hello", "hey", "help", "please", "thanks", "thank", "support", "question", "problem",
    "ok", "hola", "ayuda", "olá", "ajuda", "ciao", "aiuto",
];

/// The vocabulary of a stream: words used by at least [`KNOWN_AT`] signals, plus extra words
/// (the docs').
pub struct Vocabulary {
    known: HashSet<String>,
    /// Words of the product's name, ignored when counting a signal's words.
    product: HashSet<String>,
    /// Bodies the form fills in by itself ([`placeholders`]), lowercased, longest first.
    placeholders: Vec<String>,
    /// The form's example text, which posts copy instead of their question.
    form: FormText,
}

/// Words of a body above which its placeholders are not stripped.
const STRIP_WORDS: usize = 20;

/// Signals a short body (two words or more) must fill before it counts as a placeholder.
pub const PLACEHOLDER_MIN: usize = 20;

/// Share of a placeholder's signals whose subjects differ: a body that follows from its
/// subject ("update" under "Update Firefox") is an answer, one under any subject is not.
pub const PLACEHOLDER_SUBJECTS: f64 = 0.8;

/// The placeholders of a stream, learned from it: short bodies (at most
/// [`PLACEHOLDER_WORDS`] words) posted by at least [`PLACEHOLDER_MIN`] signals under mostly
/// different subjects. Forum editors and help-desk forms leave such text when the customer
/// writes nothing ("bold text", "numbered list item", "texto en negrita" on the Firefox
/// forum); each stream has its own, so they are counted, not listed. `pairs`: (subject, body).
pub fn placeholders<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut seen: HashMap<String, (usize, HashSet<String>)> = HashMap::new();
    for (subject, body) in pairs {
        let ws: Vec<String> = words(body).take(PLACEHOLDER_WORDS + 1).collect();
        if ws.len() < 2 || ws.len() > PLACEHOLDER_WORDS {
            continue;
        }
        let e = seen.entry(ws.join(" ")).or_default();
        e.0 += 1;
        e.1.insert(subject.trim().to_lowercase());
    }
    let mut out: Vec<String> = seen
        .into_iter()
        .filter(|(_, (n, subjects))| {
            *n >= PLACEHOLDER_MIN && subjects.len() as f64 >= PLACEHOLDER_SUBJECTS * *n as f64
        })
        .map(|(p, _)| p)
        .collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out
}

/// Texts a core counts words of at a time in [`Vocabulary::build`].
const DF_PART: usize = 2048;

/// In how many of `texts` each word occurs.
fn document_frequency(texts: &[&str]) -> HashMap<String, usize> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for t in texts {
        let mut seen: HashSet<String> = HashSet::new();
        for w in words(t) {
            if seen.insert(w.clone()) {
                *df.entry(w).or_default() += 1;
            }
        }
    }
    df
}

impl Vocabulary {
    /// Builds it from the signals' texts and extra words (the docs' text).
    pub fn build<'a>(
        texts: impl Iterator<Item = &'a str>,
        extra: impl Iterator<Item = &'a str>,
        product: &[String],
    ) -> Vocabulary {
        // Each core counts a part of the texts; the parts' counts are summed.
        let texts: Vec<&str> = texts.collect();
        let parts: Vec<&[&str]> = texts.chunks(DF_PART).collect();
        let counted = crate::cores::map(&parts, |part| document_frequency(part));
        let mut df: HashMap<String, usize> = HashMap::new();
        for part in counted {
            for (w, n) in part {
                *df.entry(w).or_default() += n;
            }
        }
        let mut known: HashSet<String> = df
            .into_iter()
            .filter(|(_, n)| *n >= KNOWN_AT)
            .map(|(w, _)| w)
            .collect();
        for t in extra {
            known.extend(words(t));
        }
        Vocabulary {
            known,
            product: product.iter().map(|p| p.to_lowercase()).collect(),
            placeholders: Vec::new(),
            form: FormText::default(),
        }
    }

    /// With the stream's placeholders ([`placeholders`]).
    pub fn with_placeholders(mut self, placeholders: Vec<String>) -> Vocabulary {
        self.placeholders = placeholders;
        self
    }

    /// With the stream's form text ([`FormText::learn`]).
    pub fn with_form(mut self, form: FormText) -> Vocabulary {
        self.form = form;
        self
    }

    /// The body without the placeholders (lowercased), and whether it held one. A body of
    /// more than [`STRIP_WORDS`] words is returned as it is: placeholders matter to posts with
    /// next to nothing else.
    fn strip_placeholders(&self, body: &str) -> (String, bool) {
        if self.placeholders.is_empty() || body.split_whitespace().nth(STRIP_WORDS).is_some() {
            return (body.to_string(), false);
        }
        let mut lower = body.to_lowercase();
        let mut held = false;
        for p in &self.placeholders {
            if lower.contains(p.as_str()) {
                lower = lower.replace(p.as_str(), " ");
                held = true;
            }
        }
        (lower, held)
    }

    fn knows(&self, w: &str) -> bool {
        self.known.contains(w)
    }
}

/// Looks typed at random: no vowel in a long word, a run of five consonants, or one letter
/// three times in a row (Latin script only).
fn looks_random(w: &str) -> bool {
    const VOWELS: &str = "aeiouyáéíóúàèìòùâêîôûäëïöüãõ";
    let chars: Vec<char> = w.chars().collect();
    if chars.len() >= 4 && !chars.iter().any(|c| VOWELS.contains(*c)) {
        return true;
    }
    let mut run = 0;
    for c in &chars {
        run = if VOWELS.contains(*c) { 0 } else { run + 1 };
        if run >= 5 {
            return true;
        }
    }
    chars.windows(3).any(|x| x[0] == x[1] && x[1] == x[2])
}

/// The cues of one signal.
pub fn cues(subject: &str, body: &str, vocab: &Vocabulary) -> Cues {
    let raw: String = body.chars().take(600).collect();
    // Contacts, links and scam words read the post as written; words are counted without the
    // form's placeholders and without what the post copied of the form's example text.
    let (body, held) = vocab.strip_placeholders(&raw);
    let only_placeholder = held && words(&body).all(|w| NOISE_WORDS.contains(&w.as_str()));
    let (mut all, subject_copied) = vocab.form.strip(subject);
    let (body_words, body_copied) = vocab.form.strip(&body);
    all.extend(body_words);
    let form = subject_copied || body_copied;
    let text = format!("{subject}\n{raw}");
    let lower = text.to_lowercase();
    let fams = families(&lower);
    let helpline = SCAM_FAMILIES[0].iter().any(|w| lower.contains(w));
    // A refund question that leaves a phone number in its signature is a ticket; a helpline
    // with a number or a link, two scam families at once, or a price or number in the subject
    // is not.
    let scam = fams >= 2
        || (fams == 1 && (has_price(subject) || has_long_number(subject)))
        || (helpline && (has_long_number(&text) || has_link(&text)));
    let latin: Vec<&String> = all
        .iter()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_alphabetic() || "áéíóúàèìòùâêîôûäëïöüãõçñ".contains(c))
        })
        .filter(|w| w.chars().count() >= 3)
        .collect();
    let odd = latin
        .iter()
        .filter(|w| !vocab.knows(w) || looks_random(w))
        .count();
    let gibberish = !latin.is_empty() && latin.len() * 2 >= all.len() && odd * 5 >= latin.len() * 3;
    let content = all
        .iter()
        .filter(|w| !NOISE_WORDS.contains(&w.as_str()) && !vocab.product.contains(w.as_str()))
        .count();
    Cues {
        scam,
        gibberish,
        empty: content < MIN_WORDS,
        thin: content < THIN_WORDS,
        contact: has_contact(&text),
        link: has_link(&text),
        disguised: text.chars().filter(|c| is_disguised(*c)).count() >= DISGUISED_AT,
        placeholder: only_placeholder || (form && content < THIN_WORDS),
        form,
    }
}

/// Share of texts that repeat another text of the topic once digits and punctuation are
/// ignored (a campaign posts the same text again and again).
pub fn repetition<'a>(texts: impl Iterator<Item = &'a str>) -> f64 {
    let mut seen: HashSet<String> = HashSet::new();
    let mut n = 0usize;
    let mut repeats = 0usize;
    for t in texts {
        n += 1;
        let key: String = t
            .chars()
            .filter(|c| c.is_alphabetic() || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !seen.insert(key) {
            repeats += 1;
        }
    }
    repeats as f64 / n.max(1) as f64
}

/// What a topic looks like to triage.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopicCues {
    /// Share of signals with the scam cue.
    pub scam: f64,
    /// Share with the gibberish cue.
    pub gibberish: f64,
    /// Share with the empty cue.
    pub empty: f64,
    /// Share of texts repeating another.
    pub repetition: f64,
    /// Share of signals with a contact to call or message.
    pub contact: f64,
    /// Share of signals with a link.
    pub link: f64,
    /// Share of signals with disguised letters or digits.
    pub disguised: f64,
    /// Share of signals with any of the cues of advertising: scam words, a contact or
    /// disguised text.
    pub advertising: f64,
    /// Share of signals whose body is only a placeholder.
    pub placeholder: f64,
    /// Share of texts nearly repeating another ([`near_duplicates`]).
    pub near_duplicate: f64,
    /// Share of signals that are thin tickets (a question asked of the tutor is short by
    /// nature and never counts).
    pub thin: f64,
    /// Similarity of the centroid to the mean of its section's signals: how far the topic
    /// lies from what the stream is usually about.
    pub stream_similarity: f32,
    /// Mean similarity between two of the topic's latest-period questions (its most central
    /// [`COHERENCE_MEMBERS`]): one problem asked many ways, or a word shared by unrelated
    /// questions. 1 with fewer than two.
    pub coherence: f32,
    /// Best similarity of the centroid to a doc (`None` without docs).
    pub doc_similarity: Option<f32>,
    /// Best similarity to a topic a lead dismissed (`None` when none is stored).
    pub dismissed_similarity: Option<f32>,
    /// The language of the topic's posts read together ([`crate::lang::pooled_among`]) when it is
    /// not one the model reads: its posts clustered by language, not by subject.
    pub pooled_language: Option<String>,
}

/// The most questions [`TopicCues::coherence`] compares, pair by pair.
pub const COHERENCE_MEMBERS: usize = 40;

/// Mean cosine similarity over the pairs of `vectors` (unit vectors); 1 with fewer than two.
pub fn coherence(vectors: &[&[f32]]) -> f32 {
    let mut sum = 0.0f32;
    let mut pairs = 0usize;
    for (i, a) in vectors.iter().enumerate() {
        for b in &vectors[i + 1..] {
            sum += docent_index::dot(a, b);
            pairs += 1;
        }
    }
    if pairs == 0 {
        1.0
    } else {
        sum / pairs as f32
    }
}

/// What is usual in the stream, against which a topic's contacts and copies are judged: a
/// help desk whose customers sign with their phone number, or whose forms make every ticket
/// look alike, is not a stream of spam.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Baseline {
    /// Share of the stream's signals with a contact.
    pub contact: f64,
    /// Median near-duplicate share of the section's candidate topics.
    pub near_duplicate: f64,
    /// Share of the stream's tickets that are thin.
    pub thin: f64,
}

/// The flag of a topic, if any (the first that applies, in the order: dismissed, spam,
/// gibberish, empty, another language, off-product). Spam is a share of scam posts (or half
/// that share repeated), a share of posts with disguised text, a share of posts with a contact
/// far above the stream's rate, or a copy-paste campaign: near-duplicates, in a stream whose
/// topics are not, of which a tenth carry a contact, a link, disguised text or scam words.
pub fn classify(c: &TopicCues, t: &Thresholds, base: &Baseline) -> Option<Flag> {
    if c.dismissed_similarity.is_some_and(|s| s >= t.dismissed) {
        Some(Flag::Dismissed)
    } else if is_spam(c, t, base) {
        Some(Flag::Spam)
    } else if c.gibberish >= t.gibberish {
        Some(Flag::Gibberish)
    } else if c.empty >= t.empty || c.placeholder >= t.placeholder || is_thin(c, t, base) {
        Some(Flag::Empty)
    } else if c.pooled_language.is_some() {
        Some(Flag::OtherLanguage)
    } else if c.doc_similarity.is_some_and(|s| s < t.off_product) {
        Some(Flag::OffProduct)
    } else {
        None
    }
}

/// Most of the topic's tickets thin, and far more than the stream's are.
fn is_thin(c: &TopicCues, t: &Thresholds, base: &Baseline) -> bool {
    c.thin >= t.thin && c.thin >= t.thin_above_stream * base.thin
}

/// Spam by words, by contacts, by disguise, or by campaign (see [`classify`]).
fn is_spam(c: &TopicCues, t: &Thresholds, base: &Baseline) -> bool {
    let words = c.scam >= t.scam || (c.scam >= t.scam / 2.0 && c.repetition >= 0.5);
    let unusual = |share: f64, rate: f64| share >= t.above_stream * rate;
    let contacts = c.contact >= t.contact && unusual(c.contact, base.contact);
    // A tenth of the posts: a campaign's template carries its contact or link in most copies.
    let carries = (c.contact >= 0.1 && unusual(c.contact, base.contact))
        || [c.link, c.disguised, c.scam].iter().any(|s| *s >= 0.1);
    let copies = c.near_duplicate >= t.campaign && base.near_duplicate < t.campaign / 2.0;
    // Scam words, contacts and disguise in different posts of one topic: a dump of
    // advertisements that no single cue's share flags, with contacts unusual for the stream.
    let adverts = c.advertising >= t.advertising && unusual(c.contact, base.contact);
    words || contacts || adverts || c.disguised >= t.disguised || (copies && carries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coherence_is_the_mean_similarity_of_the_pairs() {
        let x: &[f32] = &[1.0, 0.0];
        let y: &[f32] = &[0.0, 1.0];
        let d: &[f32] = &[
            std::f32::consts::FRAC_1_SQRT_2,
            std::f32::consts::FRAC_1_SQRT_2,
        ];
        assert_eq!(coherence(&[x, x, x]), 1.0);
        assert_eq!(coherence(&[x, y]), 0.0);
        // Pairs x-y 0, x-d and y-d 0.707 each: mean 0.471.
        assert!((coherence(&[x, y, d]) - 0.4714).abs() < 1e-3);
        assert_eq!(coherence(&[x]), 1.0);
        assert_eq!(coherence(&[]), 1.0);
    }

    fn vocab() -> Vocabulary {
        let stream = [
            "my bookmarks are gone after the update",
            "bookmarks toolbar missing after update",
            "cannot sync my bookmarks after the update",
            "the browser will not open after the update",
            "the browser crashes when I open a video",
            "video will not play in the browser",
            "sync stopped working on my phone",
            "sync my passwords to my phone",
            "passwords are not saved on my phone",
        ];
        Vocabulary::build(
            stream.iter().copied(),
            ["Sync your passwords and open the library"].into_iter(),
            &["Firefox".into()],
        )
    }

    #[test]
    fn scam_posts_are_caught_and_support_tickets_are_not() {
        let v = vocab();
        // Invented examples of the generic families (none from a scored event's posts).
        let scams = [
            (
                "Antivirus customer care number 1-888-555-0142",
                "Call the toll free helpline now",
            ),
            ("Instant loan approved, call [PHONE]", "No papers needed."),
            (
                "Casino bonus $500 today",
                "Earn money fast with our investment plan",
            ),
            (
                "Printer helpline",
                "Our technicians answer 24/7 at www.example-support.test",
            ),
            ("Refund $49.99 today", "Contact us."),
            (
                "Shopzone promo code [xq123] $75 off for new users",
                "Apply the code at checkout.",
            ),
            (
                "Best coupon code for existing users",
                "Get cashback on every order with this code.",
            ),
        ];
        for (s, b) in scams {
            assert!(cues(s, b, &v).scam, "{s}");
        }
        let tickets = [
            ("Refund for a double charge", "We were billed twice this month, can we get a refund? Reach me at [EMAIL] or call [PHONE]."),
            ("Sync failing", "Our source says authentication failed. You can reach me at [EMAIL] or call +1 415 555 4136."),
            ("Discount for nonprofits", "Do you offer a discount for schools?"),
            ("Refund for my subscription", "I followed https://example.com/help and was still charged."),
            ("Coupon box missing at checkout", "The promo code field does not show on the shop's page."),
            ("Extension for coupons", "Which add-on finds coupon codes? The one I had stopped at 40% of pages."),
        ];
        for (s, b) in tickets {
            assert!(!cues(s, b, &v).scam, "{s}");
        }
    }

    #[test]
    fn keyboard_mash_is_gibberish_and_short_posts_are_empty() {
        let v = vocab();
        assert!(cues("Ksjd iwjehnkwjeh ksjdjj", "ksjjj ksjjd ksjdj", &v).gibberish);
        assert!(cues("Hhhh jrhjn", "", &v).gibberish);
        let real = cues(
            "Bookmarks gone after update",
            "My bookmarks toolbar is missing after the update",
            &v,
        );
        assert!(!real.gibberish && !real.empty);
        // Rare but real words next to known ones are not gibberish.
        assert!(
            !cues(
                "Bookmarks gone after update",
                "the kaleidoscope theme is missing after the update",
                &v
            )
            .gibberish
        );
        assert!(cues("Login", "Support", &v).empty);
        // A subject and a line say what someone wants, not what went wrong.
        let thin = cues("WhatsApp web", "how can you help me", &v);
        assert!(thin.thin && !thin.empty);
        assert!(!real.thin);
        assert!(cues("Hi", "help please [EMAIL]", &v).empty);
        // Non-Latin text is never gibberish by this rule.
        assert!(!cues("पैसे वापस कैसे पाएं", "गलत खाते में भेजे गए पैसे", &v).gibberish);
    }

    #[test]
    fn topics_are_flagged_by_share() {
        let t = Thresholds::default();
        let mut c = TopicCues {
            scam: 0.1,
            ..Default::default()
        };
        assert_eq!(classify(&c, &t, &Baseline::default()), None);
        c.repetition = 0.8;
        c.scam = 0.2;
        assert_eq!(classify(&c, &t, &Baseline::default()), Some(Flag::Spam));
        let c = TopicCues {
            empty: 0.7,
            ..Default::default()
        };
        assert_eq!(classify(&c, &t, &Baseline::default()), Some(Flag::Empty));
        let c = TopicCues {
            doc_similarity: Some(0.1),
            ..Default::default()
        };
        assert_eq!(
            classify(&c, &t, &Baseline::default()),
            Some(Flag::OffProduct)
        );
        let c = TopicCues {
            doc_similarity: None,
            dismissed_similarity: Some(0.9),
            ..Default::default()
        };
        assert_eq!(
            classify(&c, &t, &Baseline::default()),
            Some(Flag::Dismissed)
        );
        assert!(
            (repetition(["Password reset 123", "Password reset 456", "Other"].into_iter())
                - 1.0 / 3.0)
                .abs()
                < 1e-9
        );
    }

    #[test]
    fn a_topic_of_thin_tickets_is_flagged_only_against_a_stream_of_fuller_ones() {
        let t = Thresholds::default();
        let forum = Baseline {
            thin: 0.25,
            ..Default::default()
        };
        let thin = TopicCues {
            thin: 0.7,
            ..Default::default()
        };
        assert_eq!(classify(&thin, &t, &forum), Some(Flag::Empty));
        // Under the share, or where most tickets are one-liners (a chat), no flag.
        let some = TopicCues {
            thin: 0.45,
            ..Default::default()
        };
        assert_eq!(classify(&some, &t, &forum), None);
        let chat = Baseline {
            thin: 0.6,
            ..Default::default()
        };
        assert_eq!(classify(&thin, &t, &chat), None);
    }

    #[test]
    fn contacts_are_phone_numbers_not_versions_or_ids() {
        // Invented numbers in the shapes scam posts use.
        for t in [
            "call [PHONE] now",
            "WhatsApp +44 7911 123456 for documents",
            "helpline 555/12/345-67 call",
            "support 1-800-555-01-99 open all day",
            "number ❾❽⓿⓿❶❷❸",
            "Telegram buy weed in London @someplug",
            "message me on kik: @_seller99",
            "join https://t.me/somechannel/1024 today",
        ] {
            assert!(has_contact(t), "{t}");
        }
        // A messaging app without a handle, an address, a bare @, a chat-like word inside
        // another word, or a handle with no app named are no messaging contact.
        for t in [
            "WhatsApp web does not load in Firefox",
            "telegram web works @ home but not at work",
            "my whatsapp account is bob@example.com",
            "whatsapp sends to @gmail.com addresses",
            "see chat.me/rooms for telegram",
            "thanks @moderator for the help",
        ] {
            assert!(!has_messaging_handle(t), "{t}");
        }
        for t in [
            "Firefox 136.0.1 (64-bit) on Windows 10 22H2 19045.5608",
            "build id 20250314093012, error 0x80070005",
            "my router is 192.168.100.254 and the page says 404",
            "between 2025-03-14 and 2025-03-15 it crashed 3 times",
            "I have 1,234,567 bookmarks",
        ] {
            assert!(!has_contact(t), "{t}");
        }
    }

    #[test]
    fn disguised_letters_are_caught_and_plain_scripts_are_not() {
        let v = vocab();
        assert!(cues("𝒯ℰℳ𝒰 code", "Get 𝒯ℰℳ𝒰 now", &v).disguised);
        assert!(cues("Call ❾❽⓿⓿", "", &v).disguised);
        for (s, b) in [
            (
                "Bookmarks gone after update",
                "My toolbar is missing. ™ ℃ №",
            ),
            ("पैसे वापस कैसे पाएं", "गलत खाते में भेजे गए पैसे १२३४५"),
            ("Закладки пропали", "После обновления пропали закладки"),
        ] {
            assert!(!cues(s, b, &v).disguised, "{s}");
        }
    }

    #[test]
    fn placeholders_are_learned_from_the_stream_and_stripped() {
        // A form that fills "bold text" in 25 posts under different subjects, a short answer
        // that follows from its subject, and a short body too rare to tell.
        let mut pairs: Vec<(String, String)> = (0..25)
            .map(|i| (format!("question number {i}"), "Bold text".to_string()))
            .collect();
        pairs.extend((0..25).map(|_| ("Update Firefox".into(), "update firefox".into())));
        pairs.extend((0..5).map(|i| (format!("other {i}"), "numbered list item".into())));
        let found = placeholders(pairs.iter().map(|(s, b)| (s.as_str(), b.as_str())));
        assert_eq!(found, vec!["bold text".to_string()]);
        let v = vocab().with_placeholders(found);
        let c = cues("good work", "Hellobold text", &v);
        assert!(c.placeholder && c.empty);
        let real = cues(
            "Bookmarks gone",
            "bold text My bookmarks toolbar is missing after the update",
            &v,
        );
        assert!(!real.placeholder && !real.empty);
        // Without the learned placeholder the same post is not empty.
        assert!(!cues("good work", "Hellobold text", &vocab()).empty);
    }

    #[test]
    fn a_post_that_copies_the_forms_example_is_a_placeholder_unless_it_says_more() {
        let hint = "Be descriptive. Saying “playing video on YouTube is always choppy” will help \
            us understand the issue better than saying “something is wrong”.";
        let form = FormText::learn((1..=12).map(|w| (hint, Some((2025, w)))));
        let v = vocab().with_form(form);
        // The example as the subject, a few words of the customer's own.
        let copied = cues(
            "playing video on YouTube is always choppy",
            "I can not open it",
            &v,
        );
        assert!(copied.form && copied.placeholder && copied.thin);
        // The same without the learned form text is a (thin) question, not a placeholder.
        let unknown = cues(
            "playing video on YouTube is always choppy",
            "I can not open it",
            &vocab(),
        );
        assert!(!unknown.form && !unknown.placeholder);
        // The hint pasted before a real question keeps the question.
        let real = cues(
            "Video stutters",
            &format!("{hint} Since the update every video on YouTube stutters for a second when I scroll the page"),
            &v,
        );
        assert!(real.form && !real.placeholder && !real.thin);
        // A question in its own words that shares a few of the example's is not the form's.
        let own = cues(
            "YouTube videos are choppy",
            "they stutter after the update",
            &v,
        );
        assert!(!own.form && !own.placeholder);
    }

    #[test]
    fn spam_is_flagged_by_contacts_disguise_or_a_campaign() {
        let t = Thresholds::default();
        let base = Baseline::default();
        let flag = |c: TopicCues| classify(&c, &t, &base);
        // Contacts in most posts: a number to call is an advertisement, whatever the language.
        assert_eq!(
            flag(TopicCues {
                contact: 0.6,
                ..Default::default()
            }),
            Some(Flag::Spam)
        );
        // A real topic where a few leave a number is not.
        assert_eq!(
            flag(TopicCues {
                contact: 0.2,
                advertising: 0.2,
                ..Default::default()
            }),
            None
        );
        // Scam words in some posts, numbers in others: no cue alone is high, the advertising
        // together is.
        let dump = TopicCues {
            scam: 0.2,
            contact: 0.2,
            advertising: 0.35,
            ..Default::default()
        };
        assert_eq!(flag(dump.clone()), Some(Flag::Spam));
        // Where customers sign with a phone number, the same shares are a help desk's.
        let signing = Baseline {
            contact: 0.15,
            ..Default::default()
        };
        assert_eq!(classify(&dump, &t, &signing), None);
        assert_eq!(
            flag(TopicCues {
                disguised: 0.35,
                ..Default::default()
            }),
            Some(Flag::Spam)
        );
        // Posts in another language, too short to tell one by one, read together.
        assert_eq!(
            flag(TopicCues {
                pooled_language: Some("mul".into()),
                ..Default::default()
            }),
            Some(Flag::OtherLanguage)
        );
        // A copy-paste campaign needs near-duplicates that carry something.
        let campaign = TopicCues {
            near_duplicate: 0.6,
            disguised: 0.2,
            ..Default::default()
        };
        assert_eq!(flag(campaign.clone()), Some(Flag::Spam));
        let copies = TopicCues {
            near_duplicate: 0.6,
            link: 0.05,
            ..Default::default()
        };
        assert_eq!(flag(copies), None);
        // Copies alone are no campaign: forms make tickets alike.
        assert_eq!(
            flag(TopicCues {
                near_duplicate: 0.9,
                ..Default::default()
            }),
            None
        );
        // Judged against the stream: where customers sign with a phone number, or every
        // topic is made of look-alike tickets, contacts and copies say nothing.
        let c = TopicCues {
            contact: 0.6,
            ..Default::default()
        };
        assert_eq!(classify(&c, &t, &signing), None);
        let templated = Baseline {
            near_duplicate: 0.9,
            ..Default::default()
        };
        assert_eq!(classify(&campaign, &t, &templated), None);
        // Posts whose body is the form's placeholder.
        assert_eq!(
            flag(TopicCues {
                placeholder: 0.7,
                ..Default::default()
            }),
            Some(Flag::Empty)
        );
    }
}
