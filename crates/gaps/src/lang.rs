//! The language of a signal, by `whatlang` (trigram profiles of 69 languages and script
//! detection). The embedding model of the default set-up is English-only: questions in other
//! languages cluster by language rather than by subject, so the report clusters each language
//! with enough volume on its own and keeps them out of the English topics.
//!
//! Detection reads the subject and the start of the body with placeholders, links and numbers
//! removed (pasted logs and redaction marks say nothing about the writer's language). It runs
//! in two passes over a stream ([`detect_all`]): the first over all 69 languages; the languages
//! found reliably in at least [`PRIOR_MIN`] signals (and English) then form the stream's own
//! prior, and the uncertain Latin-script texts are detected again among those only (Spanish
//! against Catalan and Galician is a close call; Spanish against the stream's actual
//! languages is not). A text still uncertain, or too short to tell, is *undetermined* and is
//! clustered with the model's language: a short English title is far more common than a short
//! title in another language, and a wrong guess must not split a topic.
//!
//! Verdicts are cached by text (bounded), so later reports over the same stream detect
//! nothing again. The first pass, which depends on nothing but the text and is most of the
//! time of a report on a large stream, is also kept beside the index generation
//! ([`FIRST_PASS_FILE`]), so a later report in another process reads it instead.
//!
//! Proves (see tests): English, Spanish, Dutch, Indonesian and Hindi questions are told apart;
//! a two-word title is undetermined; placeholders and links do not sway the verdict; the
//! stream prior settles a close call the first pass leaves open.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

/// Characters of the body read for detection (enough for trigrams; pasted logs come later).
const BODY_CHARS: usize = 240;

/// Reliable first-pass detections a language needs to join the stream's prior.
pub const PRIOR_MIN: usize = 10;

/// Confidence (among the prior's languages) that settles a second-pass verdict.
const PRIOR_CONFIDENCE: f64 = 0.5;

/// Texts whose verdicts are cached before the cache starts over.
const CACHE_MAX: usize = 400_000;

/// Letters below which a text is undetermined.
const MIN_LETTERS: usize = 16;

/// A detected language: ISO 639-3 code (`eng`, `spa`, `hin`...) or `und`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Lang(&'static str);

impl Lang {
    /// Undetermined.
    pub const UND: Lang = Lang("und");
    /// English.
    pub const ENG: Lang = Lang("eng");
    /// Long enough to tell, not English, no single language settled ("mul": several).
    pub const OTHER: Lang = Lang("mul");

    /// The ISO 639-3 code.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The English name ("Spanish"), or "undetermined".
    pub fn name(self) -> &'static str {
        match self.0 {
            "mul" => "other languages",
            code => whatlang::Lang::from_code(code).map_or("undetermined", |l| l.eng_name()),
        }
    }

    /// The language for an ISO 639-3 code, if `whatlang` knows it.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "und" => return Some(Lang::UND),
            "mul" => return Some(Lang::OTHER),
            _ => {}
        }
        whatlang::Lang::from_code(code).map(|l| Lang(l.code()))
    }
}

/// The text detection reads: subject and the start of the body, without placeholders
/// (`[EMAIL]`), links, numbers and code-like tokens.
fn detection_text(subject: &str, body: &str) -> String {
    let body: String = body.chars().take(BODY_CHARS).collect();
    let mut out = String::new();
    for word in subject.split_whitespace().chain(body.split_whitespace()) {
        let noisy = word.starts_with('[')
            || word.contains("://")
            || word.contains("www.")
            || word.contains('=')
            || word.contains('_')
            || word.chars().any(|c| c.is_ascii_digit());
        if !noisy {
            out.push_str(word);
            out.push(' ');
        }
    }
    out
}

/// The commonest English words: in any English sentence of six words or more, one of them
/// almost always appears.
const ENGLISH: &[&str] = &[
    "the", "and", "to", "a", "is", "my", "i", "in", "it", "not", "of", "on", "for", "with", "can",
    "how", "do", "does", "this", "that", "when", "have", "be", "are", "you", "me", "was", "but",
    "from", "what", "why", "no", "an", "at", "or", "all", "so", "if", "get", "will",
];

/// Six words or more and almost none of them among the commonest English words.
fn not_english(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.len() >= 6
        && words
            .iter()
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .count()
            * 20
            < words.len()
}

/// The first pass's verdict on one text.
#[derive(Debug, Clone, Copy)]
struct First {
    lang: Option<whatlang::Lang>,
    latin: bool,
    confidence: f64,
    /// Too short to tell at all.
    short: bool,
}

fn first_pass(text: &str) -> First {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return First {
            lang: None,
            latin: true,
            confidence: 0.0,
            short: true,
        };
    }
    match whatlang::detect(text) {
        Some(i) => First {
            lang: Some(i.lang()),
            latin: i.script() == whatlang::Script::Latin,
            confidence: i.confidence(),
            short: false,
        },
        None => First {
            lang: None,
            latin: true,
            confidence: 0.0,
            short: false,
        },
    }
}

/// Settled by the first pass: reliable, or a non-Latin script (Devanagari, Cyrillic, Han...
/// settle most of the question by themselves).
fn settled(f: &First) -> Option<Lang> {
    let l = f.lang?;
    (f.confidence > 0.9 || (!f.latin && f.confidence >= 0.3)).then_some(Lang(l.code()))
}

fn cache() -> &'static Mutex<HashMap<u64, Lang>> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Lang>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn text_key(subject: &str, body: &str) -> u64 {
    let mut h = DefaultHasher::new();
    subject.hash(&mut h);
    body.hash(&mut h);
    h.finish()
}

/// The file in an index generation's directory that keeps first-pass verdicts by text.
pub const FIRST_PASS_FILE: &str = "languages-first-pass.json";

/// What a kept verdict was made by: a verdict of another version is made again.
const FIRST_PASS_VERSION: &str = concat!("1 ", env!("CARGO_PKG_VERSION"));

/// First-pass verdicts on disk: (key of the detection text, language code, Latin script,
/// confidence as its bits, too short).
#[derive(Serialize, Deserialize)]
struct KeptFirstPass {
    version: String,
    verdicts: Vec<(u64, Option<String>, bool, u64, bool)>,
}

/// A key of a detection text that is the same in every build (FNV-1a, 64 bits).
fn stable_key(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The first-pass verdicts kept in `dir`; none when there is no file, it cannot be read, or
/// another version wrote it.
fn read_first_pass(dir: &Path) -> HashMap<u64, First> {
    let Ok(text) = std::fs::read_to_string(dir.join(FIRST_PASS_FILE)) else {
        return HashMap::new();
    };
    let Ok(kept) = serde_json::from_str::<KeptFirstPass>(&text) else {
        return HashMap::new();
    };
    if kept.version != FIRST_PASS_VERSION {
        return HashMap::new();
    }
    kept.verdicts
        .into_iter()
        .map(|(key, code, latin, confidence, short)| {
            let f = First {
                lang: code.as_deref().and_then(whatlang::Lang::from_code),
                latin,
                confidence: f64::from_bits(confidence),
                short,
            };
            (key, f)
        })
        .collect()
}

/// Keeps `verdicts` in `dir` (written aside, then renamed into place). A directory that cannot
/// be written only means the next report detects again.
fn write_first_pass(dir: &Path, verdicts: &HashMap<u64, First>) {
    let mut rows: Vec<(u64, Option<String>, bool, u64, bool)> = verdicts
        .iter()
        .map(|(k, f)| {
            let code = f.lang.map(|l| l.code().to_string());
            (*k, code, f.latin, f.confidence.to_bits(), f.short)
        })
        .collect();
    rows.sort_unstable_by_key(|r| r.0);
    let kept = KeptFirstPass {
        version: FIRST_PASS_VERSION.to_string(),
        verdicts: rows,
    };
    let Ok(text) = serde_json::to_string(&kept) else {
        return;
    };
    let tmp = dir.join(format!("{FIRST_PASS_FILE}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, text).is_ok()
        && std::fs::rename(&tmp, dir.join(FIRST_PASS_FILE)).is_err()
    {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Where first-pass verdicts are kept: an index generation's directory, and the previous
/// generation's, whose verdicts a new generation starts from (they depend on the text alone).
#[derive(Debug, Clone, Copy)]
pub struct Kept<'a> {
    /// The live generation's directory: read, and written when verdicts were added.
    pub dir: &'a Path,
    /// The previous generation's directory: read when `dir` has none.
    pub previous: Option<&'a Path>,
}

/// First-pass verdicts of `prepared` texts: those kept read, the others detected on all cores
/// and added to the live generation's file.
fn first_passes(prepared: &[String], at: Option<Kept<'_>>) -> Vec<First> {
    let Some(at) = at else {
        return crate::cores::map(prepared, |t| first_pass(t));
    };
    let mut kept = read_first_pass(at.dir);
    // Verdicts read from the previous generation are written to the live one even when none
    // is missing: the generation after it reads this one, not the one before.
    let seeded = kept.is_empty();
    if seeded {
        kept = at.previous.map(read_first_pass).unwrap_or_default();
    }
    let keys: Vec<u64> = prepared.iter().map(|t| stable_key(t)).collect();
    let missing: Vec<(u64, &String)> = keys
        .iter()
        .copied()
        .zip(prepared)
        .filter(|(k, _)| !kept.contains_key(k))
        .collect();
    if !missing.is_empty() {
        let made = crate::cores::map(&missing, |(_, t)| first_pass(t));
        kept.extend(missing.iter().map(|(k, _)| *k).zip(made));
    }
    if !missing.is_empty() || (seeded && !kept.is_empty()) {
        write_first_pass(at.dir, &kept);
    }
    keys.iter()
        .map(|k| kept.get(k).copied().unwrap_or_default())
        .collect()
}

/// Detects the language of one question on its own (no stream prior).
pub fn detect(subject: &str, body: &str) -> Lang {
    let f = first_pass(&detection_text(subject, body));
    settled(&f).unwrap_or(Lang::UND)
}

/// Detects the languages of a stream of (subject, body) pairs: the first pass, the stream's
/// prior, then the uncertain ones again among the prior's languages. Cached by text; the
/// first pass also kept beside the index ([`Kept`]) when given.
pub fn detect_all(texts: &[(&str, &str)], kept: Option<Kept<'_>>) -> Vec<Lang> {
    let keys: Vec<u64> = texts.iter().map(|(s, b)| text_key(s, b)).collect();
    {
        let known = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(all) = keys
            .iter()
            .map(|k| known.get(k).copied())
            .collect::<Option<Vec<_>>>()
        {
            return all;
        }
    }
    let prepared: Vec<String> = texts.iter().map(|(s, b)| detection_text(s, b)).collect();
    let firsts = first_passes(&prepared, kept);
    let mut reliable: HashMap<whatlang::Lang, usize> = HashMap::new();
    for f in &firsts {
        if let (Some(l), true) = (f.lang, f.confidence > 0.9) {
            *reliable.entry(l).or_default() += 1;
        }
    }
    let mut prior: Vec<whatlang::Lang> = reliable
        .into_iter()
        .filter(|(_, n)| *n >= PRIOR_MIN)
        .map(|(l, _)| l)
        .collect();
    if !prior.contains(&whatlang::Lang::Eng) {
        prior.push(whatlang::Lang::Eng);
    }
    let detector = whatlang::Detector::with_allowlist(prior);
    let jobs: Vec<(String, First)> = prepared.into_iter().zip(firsts).collect();
    let out = crate::cores::map(&jobs, |(text, f)| {
        if let Some(l) = settled(f) {
            return l;
        }
        if f.short || !f.latin {
            return Lang::UND;
        }
        match detector.detect(text) {
            Some(i) if i.confidence() >= PRIOR_CONFIDENCE => Lang(i.lang().code()),
            _ if not_english(text) => Lang::OTHER,
            _ => Lang::UND,
        }
    });
    let mut known = cache().lock().unwrap_or_else(|e| e.into_inner());
    if known.len() + out.len() > CACHE_MAX {
        known.clear();
    }
    known.extend(keys.into_iter().zip(out.iter().copied()));
    out
}

/// Members whose texts a topic's pooled language reads.
pub const POOLED_MEMBERS: usize = 40;

/// The language of many texts read as one (subject and body start of each, at most
/// [`POOLED_MEMBERS`]): short posts ("No puedo entrar", "Hola, buenas") are undetermined one
/// by one and so clustered with English, but forty of them together say which language they
/// are in. A reliable verdict gives the language; otherwise, when the likeliest language is
/// not English and wins clearly against English alone (Spanish against Portuguese is a close
/// call, Spanish against English is not), [`Lang::OTHER`]. `None` when nothing is clear.
pub fn pooled<'a>(texts: impl Iterator<Item = (&'a str, &'a str)>) -> Option<Lang> {
    pooled_among(texts, &[])
}

/// [`pooled`], and where the verdict is a guess, the language it is among `known` (the
/// stream's languages with sections of their own, English always among them) when that
/// language also wins clearly against English alone: forty Spanish one-liners are Spanish
/// where the stream has a Spanish section, not just "another language".
pub fn pooled_among<'a>(
    texts: impl Iterator<Item = (&'a str, &'a str)>,
    known: &[Lang],
) -> Option<Lang> {
    let mut all = String::new();
    for (s, b) in texts.take(POOLED_MEMBERS) {
        all.push_str(&detection_text(s, b));
        all.push(' ');
    }
    let first = first_pass(&all);
    if let Some(l) = settled(&first) {
        return Some(l);
    }
    let guess = first.lang.filter(|l| *l != whatlang::Lang::Eng)?;
    let beats_english = |l: whatlang::Lang| {
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, l])
            .detect(&all)
            .is_some_and(|i| i.lang() == l && i.confidence() > 0.9)
    };
    if !beats_english(guess) {
        return None;
    }
    let mut among: Vec<whatlang::Lang> = known
        .iter()
        .filter_map(|l| whatlang::Lang::from_code(l.code()))
        .collect();
    if !among.contains(&whatlang::Lang::Eng) {
        among.push(whatlang::Lang::Eng);
    }
    let named = (among.len() > 1)
        .then(|| whatlang::Detector::with_allowlist(among).detect(&all))
        .flatten()
        .map(|i| i.lang())
        .filter(|l| *l != whatlang::Lang::Eng && beats_english(*l));
    Some(named.map_or(Lang::OTHER, |l| Lang(l.code())))
}

impl Default for Lang {
    fn default() -> Self {
        Lang::UND
    }
}

impl Default for First {
    fn default() -> Self {
        First {
            lang: None,
            latin: true,
            confidence: 0.0,
            short: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_told_apart_and_short_text_is_undetermined() {
        let cases = [
            ("Bookmarks gone after update", "After the latest update all of my bookmarks disappeared from the toolbar and I cannot find them in the library either.", "eng"),
            ("No puedo sincronizar", "Hola, desde ayer no puedo sincronizar mis marcadores entre el ordenador y el teléfono móvil. ¿Qué tengo que hacer para que vuelva a funcionar la sincronización de mi cuenta?", "spa"),
            ("Bladwijzers kwijt", "Na de laatste update zijn al mijn bladwijzers verdwenen en ik kan ze nergens meer vinden.", "nld"),
            ("Cara mengubah halaman awal", "Bagaimana cara mengubah halaman awal dan mesin pencari di peramban saya?", "ind"),
            ("पैसे वापस कैसे पाएं", "गलत खाते में भेजे गए पैसे वापस कैसे पाएं, कृपया मदद करें", "hin"),
        ];
        for (s, b, want) in cases {
            assert_eq!(detect(s, b).code(), want, "{s}");
        }
        assert_eq!(detect("Whatsapp", ""), Lang::UND);
        assert_eq!(detect("sync broken", "help"), Lang::UND);
    }

    #[test]
    fn short_posts_read_together_take_a_language_of_the_stream() {
        let spanish = [
            ("No puedo entrar", ""),
            ("Hola", "no puedo abrir mi correo"),
            ("No puedo actualizar firefox", ""),
            ("Ayuda por favor", "no funciona la pagina"),
            ("Quiero entrar a mi cuenta", ""),
            ("No me deja iniciar sesion", ""),
            ("Firefox no abre", "desde ayer"),
            ("Como recupero mi contrasena", ""),
        ];
        let known = [
            Lang::from_code("spa").unwrap(),
            Lang::from_code("ita").unwrap(),
        ];
        assert_eq!(
            pooled_among(spanish.iter().copied(), &known).map(Lang::code),
            Some("spa")
        );
        // Without the stream's languages the guess is only "another language".
        assert!(pooled_among(spanish.iter().copied(), &[]).is_some_and(|l| l != Lang::ENG));
        let english = [
            ("Firefox will not open", ""),
            ("Lost my bookmarks", "after the update"),
            ("Sync is not working", ""),
        ];
        assert!(pooled_among(english.iter().copied(), &known).is_none_or(|l| l == Lang::ENG));
    }

    #[test]
    fn short_posts_read_together_tell_their_language() {
        let spanish = [
            ("No puedo entrar", "Hola"),
            ("Quiero entrar", "ayuda por favor"),
            ("No me deja", "buenas tardes"),
            ("Necesito ayuda", "no sé qué hacer"),
            ("No abre", "qué pasa con esto"),
            ("Hola", "no puedo entrar a mi cuenta"),
        ];
        assert!(spanish.iter().all(|(s, b)| detect(s, b) == Lang::UND));
        assert!(pooled(spanish.iter().copied()).is_some_and(|l| l != Lang::ENG));
        let english = [
            ("Can't log in", "help"),
            ("Sync broken", "since today"),
            ("Tabs gone", "after the update"),
            ("No sound", "on videos"),
            ("Crashes", "when I open it"),
            ("Need help", "with my passwords"),
        ];
        assert_eq!(pooled(english.iter().copied()).map(Lang::code), Some("eng"));
        // Short English posts about another product and terms in a row are no other language.
        let terse = [
            ("Whatsapp web", "Whatsapp not open"),
            ("how can you help me", ""),
            ("whatsapp web not working", "firefox active"),
            ("bookmarks sync passwords", "update firefox crash tabs"),
        ];
        assert!(pooled(terse.iter().copied()).is_none_or(|l| l == Lang::ENG));
    }

    #[test]
    fn placeholders_links_and_numbers_do_not_decide() {
        let body =
            "Mi correo es [EMAIL] y mi teléfono [PHONE]; https://example.com/a=1 version 147.0.2 \
                    no funciona la sincronización de contraseñas desde la actualización de ayer";
        assert_eq!(detect("Sincronización", body).code(), "spa");
        assert_eq!(Lang::from_code("spa").map(Lang::name), Some("Spanish"));
        assert_eq!(Lang::from_code("xx"), None);
    }

    fn here(dir: &Path) -> Option<Kept<'_>> {
        Some(Kept {
            dir,
            previous: None,
        })
    }

    #[test]
    fn a_new_generation_starts_from_the_previous_ones_verdicts() {
        let t = tempfile::tempdir().unwrap();
        let (old, new) = (t.path().join("gen-000001"), t.path().join("gen-000002"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(&new).unwrap();
        let texts = vec![detection_text(
            "Bookmarks gone",
            "After the latest update all of my bookmarks disappeared from the toolbar.",
        )];
        let mut seeded = HashMap::new();
        let made = first_pass(&texts[0]);
        // A verdict only the previous generation holds shows that it was read, not made.
        seeded.insert(
            stable_key(&texts[0]),
            First {
                lang: Some(whatlang::Lang::Nld),
                ..made
            },
        );
        write_first_pass(&old, &seeded);
        let at = Some(Kept {
            dir: &new,
            previous: Some(&old),
        });
        assert_eq!(first_passes(&texts, at)[0].lang, Some(whatlang::Lang::Nld));
        // Read whole from the previous generation, they are kept in the live one too, so the
        // generation after it (once this one's predecessor is gone) still starts from them.
        let carried = read_first_pass(&new);
        assert_eq!(carried.len(), 1);
        assert_eq!(
            carried.get(&stable_key(&texts[0])).and_then(|f| f.lang),
            Some(whatlang::Lang::Nld)
        );
        // The live generation's own file wins once it has verdicts.
        write_first_pass(&new, &HashMap::from([(stable_key(&texts[0]), made)]));
        assert_eq!(first_passes(&texts, at)[0].lang, made.lang);
        assert_eq!(made.lang, Some(whatlang::Lang::Eng));
    }

    #[test]
    fn first_pass_verdicts_are_kept_beside_the_index_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let texts: Vec<String> = [
            ("No puedo sincronizar", "Hola, desde ayer no puedo sincronizar mis marcadores entre el ordenador y el teléfono."),
            ("Bookmarks gone", "After the latest update all of my bookmarks disappeared from the toolbar."),
            ("Help", ""),
        ]
        .iter()
        .map(|(s, b)| detection_text(s, b))
        .collect();
        let fresh = first_passes(&texts, None);
        let kept = first_passes(&texts, here(dir.path()));
        let codes = |fs: &[First]| -> Vec<Option<&str>> {
            fs.iter().map(|f| f.lang.map(|l| l.code())).collect()
        };
        assert_eq!(codes(&kept), codes(&fresh));
        assert_eq!(codes(&kept)[..2], [Some("spa"), Some("eng")]);
        assert!(kept[2].short);
        let on_disk = read_first_pass(dir.path());
        assert_eq!(on_disk.len(), 3);
        let spanish = &on_disk[&stable_key(&texts[0])];
        assert_eq!(spanish.confidence.to_bits(), fresh[0].confidence.to_bits());
        // What is on disk is what a later report reads: a verdict changed there is the verdict.
        let mut changed = on_disk.clone();
        changed.insert(
            stable_key(&texts[0]),
            First {
                lang: Some(whatlang::Lang::Ita),
                ..fresh[0]
            },
        );
        write_first_pass(dir.path(), &changed);
        assert_eq!(
            codes(&first_passes(&texts, here(dir.path())))[0],
            Some("ita")
        );
        // Another version's file, or one that does not parse, is read as nothing.
        let file = dir.path().join(FIRST_PASS_FILE);
        let other = std::fs::read_to_string(&file)
            .unwrap()
            .replace(FIRST_PASS_VERSION, "0 old");
        std::fs::write(&file, other).unwrap();
        assert!(read_first_pass(dir.path()).is_empty());
        std::fs::write(&file, "not json").unwrap();
        assert!(read_first_pass(dir.path()).is_empty());
        assert_eq!(
            codes(&first_passes(&texts, here(dir.path()))),
            codes(&fresh)
        );
        // A directory that cannot be written still gets its verdicts.
        let gone = dir.path().join("no-such-dir");
        assert_eq!(codes(&first_passes(&texts, here(&gone))), codes(&fresh));
        assert_ne!(stable_key("a"), stable_key("b"));
        assert_eq!(stable_key(""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn the_stream_prior_settles_close_calls() {
        let spanish =
            "No puedo sincronizar mis marcadores entre el ordenador y el teléfono desde ayer";
        let mut stream: Vec<(String, String)> = Vec::new();
        for i in 0..12 {
            stream.push((format!("Pregunta {i}"), format!("{spanish}, ¿qué debo hacer? Ya reinicié el navegador y borré la caché pero nada funciona todavía.")));
            stream.push((format!("Question {i}"), "After the latest update all of my bookmarks disappeared from the toolbar and I cannot find them anywhere.".to_string()));
        }
        stream.push(("Sincronizar".into(), spanish.into()));
        let pairs: Vec<(&str, &str)> = stream
            .iter()
            .map(|(s, b)| (s.as_str(), b.as_str()))
            .collect();
        let langs = detect_all(&pairs, None);
        assert_eq!(langs[0].code(), "spa");
        assert_eq!(langs[1].code(), "eng");
        assert_eq!(langs.last().map(|l| l.code()), Some("spa"));
        // The same stream again comes from the cache, identically.
        assert_eq!(detect_all(&pairs, None), langs);
    }
}
