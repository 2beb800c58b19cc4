//! Names of people, found by what comes before them: greetings, self-introductions,
//! sign-offs, titles, field labels, a few mentions ("my colleague", "spoke to"), an
//! `<email>` right after, or a CSV row that holds an email. A name is one to four words, each
//! capitalised (particles such as van, de, von, da in between); after "my name is" and its
//! translations, lowercase words count too. A title (Mr., Frau, Mme, Sra., Dott.ssa, Dhr.)
//! belongs to the name.

use std::sync::OnceLock;

use regex::Regex;

use super::spans::Spans;
use super::Pii;

struct Patterns {
    strong_intro: Regex,
    weak_intro: Regex,
    greeting: Regex,
    signoff: Regex,
    title: Regex,
    title_anywhere: Regex,
    label: Regex,
    header: Regex,
    mention: Regex,
    mention_two_words: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Patterns {
            strong_intro: re(concat!(
                r"(?i)\b(?:my name is|my name's|mein name ist|ich heiße|ich heisse|je m['’]appelle",
                r"|mon nom est|me llamo|mi nombre es|(?:o )?meu nome é|mi chiamo|il mio nome è",
                r"|mijn naam is|ik heet)[ \t]+"
            )),
            weak_intro: re(concat!(
                r"(?m)(?:\b(?i:i am|i['’]m|this is|ich bin|je suis|c['’]est|soy|sou(?: [ao])?|sono",
                r"|ik ben|aqui é(?: [ao])?|bin (?:der|die))",
                r"|^[ \t]*(?:(?i:hi|hey|hello|hallo|yo)[ \t,!]+)?(?:im|(?i:it['’]s|its|it is)))[ \t]+"
            )),
            greeting: re(concat!(
                r"(?im)(?:^[ \t]*|[.!?][ \t]+)(?:hi|hiya|heya|hello|hey|howdy|greetings|dear",
                r"|(?:good )?(?:morning|afternoon|evening)|hallo",
                r"|hoi|liebe|lieber|sehr geehrte[rs]?|guten (?:morgen|tag|abend)|moin|servus|bonjour",
                r"|bonsoir|salut|coucou|cher|chère|chers|hola|estimad[oa]s?|querid[oa]|buenos días",
                r"|buenas tardes|olá|ola|oi|prezad[oa]|car[oa]|bom dia|boa tarde|ciao|gentile",
                r"|gentilissim[oa]|buongiorno|buonasera|salve|beste|geachte|goedemorgen|goedemiddag",
                r"|dag)\b[ \t]*,?[ \t]*"
            )),
            signoff: re(concat!(
                r"(?im)(?:^|[.!?][ \t]+)[ \t]*(?:-{1,2}[ \t]*)?(?:thanks|thank you|thanks again",
                r"|many thanks|thx|cheers|regards|best regards|kind regards|warm regards",
                r"|warmest regards|best wishes|best|all the best|sincerely|yours sincerely",
                r"|yours truly|respectfully|mit freundlichen grü(?:ß|ss)en|freundliche grü(?:ß|ss)e",
                r"|viele grü(?:ß|ss)e|beste grü(?:ß|ss)e|liebe grü(?:ß|ss)e|herzliche grü(?:ß|ss)e",
                r"|schöne grü(?:ß|ss)e|grü(?:ß|ss)e|gruß|mfg|lg|vg|cordialement|bien cordialement",
                r"|bien à vous|bonne journée|merci|merci d['’]avance|merci beaucoup|salutations",
                r"|amitiés|saludos|un saludo|saludos cordiales|atentamente|gracias|muchas gracias",
                r"|un abrazo|atenciosamente|abraços|abraço|um abraço|cumprimentos|obrigad[oa]|att",
                r"|cordiali saluti|distinti saluti|saluti|un saluto|grazie|grazie mille|a presto",
                r"|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|groeten|groet|mvg",
                r"|hartelijke groet(?:en)?|amicalement|sincères salutations|quedo atent[oa]",
                r"|mit besten grü(?:ß|ss)en|besten gruß|bien à toi|take care|talk soon)",
                r"(?:[ \t]+(?:aus|from|de|desde|da|uit)[ \t]+\p{Lu}[\p{L}\-]+)?",
                r"[ \t]*[,.!]?[ \t]*(?:\r?\n[ \t]*(?:-{1,2}[ \t]*)?|,[ \t]*|[ \t]+-[ \t]*)",
                r"|(?m)^--[ \t]*\r?\n"
            )),
            title: re(concat!(
                r"^(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Dott\.ssa|Dr\.ssa|Dott|Ing|Avv|Sig\.ra|Sig\.na|Sig",
                r"|Sra|Srta|Sr|Dra|Dña|D\.ª|Dª|Dhr|Mevr|mevr|Mme|Mlle|M|D)\.?[ \t]+",
                r"|^(?:Herrn|Herr|Frau|Monsieur|Madame|Mademoiselle|Señor|Señora|Signor|Signora|Senhor",
                r"|Senhora|heer|mevrouw|Heer|Mevrouw)[ \t]+"
            )),
            title_anywhere: re(concat!(
                r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Dott\.ssa|Dott|Ing|Avv|Sig\.ra|Sig|Sra|Sr|Dra|Dhr|Mevr|mevr|Mme)\.?",
                r"[ \t]+\p{Lu}|\b(?:M|D\.ª)[. \t]+\p{Lu}\p{Ll}",
                r"|\b(?:Herrn|Herr|Frau|Monsieur|Madame|Señor|Señora|Signor|Signora|Senhor|Senhora",
                r"|heer|mevrouw)[ \t]+\p{Lu}"
            )),
            label: re(concat!(
                r#"(?im)(?:^|[\s{,;(])name[ \t]*(?::|=)[ \t]*|(?:^|[\s"{,;(])["']?(?:full[ _]?name|customer(?:[ _]name)?|client"#,
                r"|requester|requested by|contact(?:[ _](?:name|person))?|from|sender",
                r"|submitted by|reported by|opened by|assignee|employee|contractor|account holder",
                r"|card ?holder|ansprechpartner(?:in)?|kontakt|rechnungsempfänger|empfänger|nom|prénom",
                r"|nombre|nome|naam|contacto|contato|contactpersoon|referente|kunde|kundin|invoice address",
                r"|first[ _]?name|last[ _]?name|surname|given[ _]?name|family[ _]?name|display[ _]?name",
                r#"|attn|attention|kontoinhaber(?:in)?|titulaire|inhaber(?:in)?)["']?"#,
                r#"[ \t]*(?::|=)[ \t]*["']?[ \t]*"#
            )),
            // `De : Pierre Dubois` is a mail header only at the start of a line ("(DE: Fehler:").
            header: re(r"(?m)^[ \t]*(?:Von|De|Da|Van)[ \t]*:[ \t]*"),
            mention: re(concat!(
                r"(?i)\b(?:(?:my|our|your)[ \t]+(?:colleague|co-?worker|manager|boss|assistant)",
                r"|cfo|ceo|cto|coo|(?:spoke|talked|spoken|chatted)[ \t]+(?:to|with)|on behalf of",
                r"|titular|intestato a|t\.n\.v\.|llamar a|c/o|attn\.?|acct\.? holder|account holder)[ \t]+"
            )),
            // Before a product or company these words are common too: two words at least.
            // Case-sensitive: "Customer Care Number" is a title, "customer Nora Lind" a mention.
            mention_two_words: re(r"\b(?:customer|name|names|cc|ccing|cc'ing|(?i:sent by))[ \t]+"),
        }
    })
}

/// How freely a name may be read after a cue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// Capitalised words only.
    Capitalised,
    /// "my name is": lowercase words count too.
    Strong,
}

/// Claims names.
pub(super) fn find(spans: &mut Spans<'_>) {
    let p = patterns();
    let text = spans.text();
    for m in p.strong_intro.find_iter(text) {
        claim_name(spans, m.end(), Cue::Strong);
    }
    for m in p.weak_intro.find_iter(text) {
        claim_name(spans, m.end(), Cue::Capitalised);
    }
    for m in p.greeting.find_iter(text) {
        if !claim_names_listed(spans, m.end()) {
            claim_lowercase_greeted(spans, m.end());
        }
    }
    for re in [&p.signoff, &p.label, &p.header, &p.mention] {
        for m in re.find_iter(text) {
            claim_name(spans, m.end(), Cue::Capitalised);
        }
    }
    for m in p.mention_two_words.find_iter(text) {
        if let Some((start, end)) = name_at(text, m.end(), Cue::Capitalised) {
            if text[start..end].contains(' ') {
                spans.claim(start, end, Pii::Name);
            }
        }
    }
    for m in p.title_anywhere.find_iter(text) {
        claim_name(spans, m.start(), Cue::Capitalised);
    }
    find_before_emails(spans);
    find_in_rows(spans);
}

fn claim_name(spans: &mut Spans<'_>, at: usize, cue: Cue) -> Option<usize> {
    let (start, end) = name_at(spans.text(), at, cue)?;
    spans.claim(start, end, Pii::Name).then_some(end)
}

/// Chat greetings in lowercase: "hi maria, ..." (one word, then a comma or `!`).
fn claim_lowercase_greeted(spans: &mut Spans<'_>, at: usize) {
    let text = spans.text();
    let len = text[at..]
        .find(|c: char| !c.is_lowercase())
        .unwrap_or(text.len() - at);
    let word = &text[at..at + len];
    let then = text[at + len..].chars().next();
    if word.chars().count() >= 3
        && matches!(then, Some(',' | '!'))
        && !NOT_NAMES.contains(&word)
        && !GROUPS.contains(&word)
    {
        spans.claim(at, at + len, Pii::Name);
    }
}

/// A greeting may name several people: "Hi Anna and Ben", "Hallo Jan, Eva". Whether it
/// named anyone.
fn claim_names_listed(spans: &mut Spans<'_>, at: usize) -> bool {
    let text = spans.text();
    let mut at = at;
    let mut any = false;
    while let Some((start, end)) = name_at(text, at, Cue::Capitalised) {
        // "Hi Maria," yes; "Hello, I'm experiencing", "Hi Yesterday I replaced" no: after a
        // greeting the name ends the phrase (punctuation, end of line, a dash or "and").
        let rest = &text[end..];
        let ends = rest.is_empty()
            || rest.starts_with([',', '!', '.', ':', ';', '\n', '\r'])
            || [
                " -", " –", " and ", " & ", " und ", " et ", " y ", " e ", " en ", " here",
            ]
            .iter()
            .any(|j| rest.starts_with(j));
        if !ends || !spans.claim(start, end, Pii::Name) {
            break;
        }
        any = true;
        let rest = &text[end..];
        let joiner = [" and ", " & ", " und ", " et ", " y ", " e ", " en ", ", "]
            .iter()
            .find(|j| rest.starts_with(**j));
        match joiner {
            Some(j) => at = end + j.len(),
            None => break,
        }
    }
    any
}

/// Words that are never (the start of) a name after a cue.
const NOT_NAMES: &[&str] = &[
    "team",
    "there",
    "all",
    "support",
    "everyone",
    "everybody",
    "folks",
    "guys",
    "again",
    "the",
    "we",
    "sir",
    "madam",
    "madame",
    "monsieur",
    "customer",
    "customers",
    "client",
    "admin",
    "admins",
    "administrator",
    "administrador",
    "amministratore",
    "beheerder",
    "sales",
    "billing",
    "finance",
    "accounts",
    "payable",
    "receivable",
    "service",
    "services",
    "desk",
    "department",
    "office",
    "world",
    "ihr",
    "ihre",
    "your",
    "votre",
    "vos",
    "su",
    "el",
    "la",
    "le",
    "les",
    "los",
    "las",
    "il",
    "lo",
    "equipe",
    "equipo",
    "ufficio",
    "afdeling",
    "abteilung",
    "buchhaltung",
    "ops",
    "grüße",
    "grüsse",
    "gruß",
    "groet",
    "groeten",
    "regards",
    "thanks",
    "damen",
    "herren",
    "signori",
    "señores",
    "senhores",
    "allemaal",
    "zusammen",
    "tous",
    "todos",
    "tutti",
    "user",
    "users",
    "partner",
    "success",
    "help",
    "helpdesk",
    "management",
    "marketing",
    "operations",
    "product",
    "engineering",
    "security",
    "devops",
    "hello",
    "hi",
    "dear",
    "kunde",
    "kundin",
    "neukunde",
    "mitarbeiter",
    "entwickler",
    "student",
    "nuevo",
    "nueva",
    "nouveau",
    "novo",
    "nuovo",
    "nieuw",
    "neu",
    "new",
    "not",
    "sure",
    "sorry",
    "here",
    "back",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "it",
    "this",
    "that",
    "what",
    "why",
    "how",
    "when",
    "where",
    "who",
    "is",
    "are",
    "a",
    "an",
    "and",
    "or",
    "in",
    "on",
    "from",
    "at",
    "for",
    "with",
    "of",
    "to",
    "by",
    "no",
    "yes",
    "ok",
    "okay",
    "please",
    "thank",
    "good",
    "best",
    "kind",
    "dank",
    "vielen",
    "merci",
    "gracias",
    "obrigado",
    "grazie",
    "bedankt",
    "just",
    "still",
    "also",
    "trying",
    "using",
    "getting",
    "having",
    "unable",
    "able",
    "looking",
    "writing",
    "contacting",
    "reaching",
    "following",
    "wondering",
    "going",
    "afraid",
    "glad",
    "happy",
    "i'm",
    "i’m",
    "ya'll",
    "y'all",
    "community",
    "helper",
    "helpers",
    "experts",
    "developers",
    "person",
    "people",
    "moderators",
    "et",
    "y",
    "e",
    "en",
    "und",
    "i",
    "im",
    "ich",
    "je",
    "yo",
    "eu",
    "io",
    "ik",
    "mais",
    "pero",
    "mas",
    "ma",
    "maar",
    "aber",
    "btw",
    "but",
    "my",
    "mon",
    "mi",
    "meu",
    "mio",
    "mijn",
    "mein",
];

/// Words after which a greeting's capitalised word names a group, not a person.
const GROUPS: &[&str] = &[
    "team",
    "support",
    "folks",
    "crew",
    "staff",
    "people",
    "community",
    "devs",
    "admins",
    "squad",
    "everyone",
    "all",
    "family",
    "friends",
    "guys",
    "department",
    "desk",
];

/// Particles inside names: Pieter van der Meer, Ludwig von Mises, Ana da Silva.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "das", "do", "dos", "del", "della", "di", "du", "le",
    "la", "ten", "ter", "Van", "Von", "De", "Da", "Di", "Du", "Del", "Della", "Dos", "Das", "Le",
    "La", "Ten", "Ter",
];

/// The name (with its titles) that starts at `at` after spaces, if there is one.
fn name_at(text: &str, at: usize, cue: Cue) -> Option<(usize, usize)> {
    let mut i = at + text[at..].len() - text[at..].trim_start_matches([' ', '\t']).len();
    let start = i;
    let mut titled = false;
    for _ in 0..2 {
        match patterns().title.find(&text[i..]) {
            Some(m) => {
                i += m.end();
                titled = true;
            }
            None => break,
        }
    }
    let mut words = 0;
    let mut end = start;
    while words < 4 {
        let mut j = i;
        if words > 0 || titled {
            j = skip_particles(text, j);
        }
        let Some(w_end) = word_at(text, j, cue) else {
            break;
        };
        let lower = text[j..w_end].to_lowercase();
        if NOT_NAMES.contains(&lower.as_str()) {
            // "Lumio Support": a capitalised non-name after the words undoes them all.
            if words == 0 || text[j..].starts_with(char::is_uppercase) {
                return None;
            }
            break;
        }
        words += 1;
        end = w_end;
        match text[w_end..].chars().next() {
            Some(' ' | '\t') => i = w_end + 1,
            _ => break,
        }
    }
    (words > 0 && !followed_by_product_or_group(text, end)).then_some((start, end))
}

/// Skips particles followed by a space and a capitalised word.
fn skip_particles(text: &str, mut j: usize) -> usize {
    loop {
        let rest = &text[j..];
        let Some(p) = PARTICLES.iter().find(|p| {
            rest.starts_with(**p)
                && rest[p.len()..].starts_with(' ')
                && rest[p.len() + 1..].starts_with(|c: char| {
                    c.is_uppercase() || PARTICLES.iter().any(|q| rest[p.len() + 1..].starts_with(q))
                })
        }) else {
            return j;
        };
        j += p.len() + 1;
    }
}

/// The end of a name word at `j`: letters with `'`, `’` or `-` inside, capitalised with a
/// lowercase letter (or, after a strong cue, all lowercase).
fn word_at(text: &str, j: usize, cue: Cue) -> Option<usize> {
    let rest = &text[j..];
    let first = rest.chars().next()?;
    let len = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_alphabetic()
                || matches!(c, '\u{300}'..='\u{36f}')
                || (i > 0 && matches!(c, '\'' | '’' | '-')))
        })
        .map_or(rest.len(), |(i, _)| i);
    let word = rest[..len].trim_end_matches(['\'', '’', '-']);
    let has_lower = word.chars().any(char::is_lowercase);
    let ok = match cue {
        Cue::Capitalised => first.is_uppercase() && has_lower,
        Cue::Strong => (first.is_uppercase() && has_lower) || word.chars().all(char::is_lowercase),
    };
    (ok && word.chars().count() >= 2).then_some(j + word.len())
}

/// A name is not followed by a version (`Lumio Desktop 3.12`) or a group noun (`Lumio team`).
fn followed_by_product_or_group(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    if rest.len() < text.len() - end && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let next: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    rest.len() < text.len() - end && GROUPS.contains(&next.as_str())
}

/// `Laura Jensen <laura.jensen@example.org>`: the name before an email in angle brackets.
fn find_before_emails(spans: &mut Spans<'_>) {
    let text = spans.text();
    let opens: Vec<usize> = text
        .match_indices('<')
        .map(|(i, _)| i)
        .filter(|&i| spans.kind_at(i + 1) == Some(Pii::Email))
        .collect();
    for open in opens {
        let line_start = text[..open]
            .rfind(['\n', ':', ',', ';', '"', '('])
            .map_or(0, |i| i + 1);
        let segment = &text[line_start..open];
        let trimmed = segment.trim();
        if trimmed.is_empty() {
            continue;
        }
        let at = line_start + (segment.len() - segment.trim_start().len());
        if let Some((s, e)) = name_at(text, at, Cue::Capitalised) {
            if text[e..open].trim().is_empty() {
                spans.claim(s, e, Pii::Name);
            }
        }
    }
}

/// A CSV or form row with an email: a field that is nothing but a name of 2-4 words.
fn find_in_rows(spans: &mut Spans<'_>) {
    let text = spans.text();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let has_email =
            (line_start..line_start + line.len()).any(|i| spans.kind_at(i) == Some(Pii::Email));
        if has_email && line.contains([',', ';', '|', '\t']) {
            // Contact rows put the name before the email: only fields before it count.
            let mut field_start = line_start;
            let mut after_email = false;
            for field in line.split([',', ';', '|', '\t']) {
                let range = field_start..field_start + field.len();
                let email = range.clone().any(|i| spans.kind_at(i) == Some(Pii::Email));
                if email {
                    after_email = true;
                } else {
                    claim_field(spans, field_start, field);
                    if after_email {
                        break; // the field right after the email, no further
                    }
                }
                field_start = range.end + 1;
            }
        }
        line_start += line.len();
    }
}

fn claim_field(spans: &mut Spans<'_>, field_start: usize, field: &str) {
    let text = spans.text();
    let inner = field.trim().trim_matches(['"', '\'']);
    if inner.is_empty() || inner.split(' ').count() < 2 {
        return;
    }
    let Some(offset) = field.find(inner) else {
        return;
    };
    let at = field_start + offset;
    if let Some((s, e)) = name_at(text, at, Cue::Capitalised) {
        if e == at + inner.len() && text[s..e].contains(' ') {
            spans.claim(s, e, Pii::Name);
        }
    }
}
