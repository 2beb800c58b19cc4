//! The PII redaction eval (`docent eval pii`): runs a redactor over a planted set and a clean
//! set and says what it caught, what it half-caught and what it destroyed.
//!
//! A set is a folder (`evals/pii`) with
//! - `planted.jsonl`: `{"text","lang","format","spans":[{"start","end","kind"}]}` a line, offsets
//!   in UTF-8 bytes, kinds as in [`Kind`];
//! - `clean.jsonl`: `{"text","lang","format"}` a line, realistic ticket text with no personal data;
//! - optionally `floors.json`: `{"pii_recall_email": 0.99, "pii_clean_lines_changed_max": 0.02, ...}`.
//!
//! The redactor is a black box `fn(&str) -> String` ([`run`]); its output is aligned with its
//! input ([`align`]) to learn which bytes each placeholder replaced. A planted span is *caught*
//! when placeholders of a compatible kind cover all of it, *masked as another kind* when
//! placeholders cover it but one says another kind, *partly masked* when some of it survives,
//! *missed* when none of it is masked.

mod align;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};

use crate::floors::Metric;

pub use align::{align, Masked};

/// What a span of personal data is. Planted spans use every kind but `Number`; placeholders
/// use every kind but `Address`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An email address (`[EMAIL]`).
    Email,
    /// A phone number (`[PHONE]`).
    Phone,
    /// A payment card number (`[CARD]`).
    Card,
    /// An IBAN (`[IBAN]`).
    Iban,
    /// A password, API key, token or private key (`[SECRET]`).
    Secret,
    /// A US social security number or ITIN (`[SSN]`).
    Ssn,
    /// Another national identity or tax number: DNI/NIE, CPF, codice fiscale, BSN, NIR
    /// (`[NATIONAL_ID]`).
    NationalId,
    /// A person's name (`[NAME]`).
    Name,
    /// A public IPv4 address (`[IP]`).
    Ip,
    /// A postal address (`[ADDRESS]`).
    Address,
    /// A long digit run that looks like a card but fails the Luhn check (`[NUMBER]`).
    Number,
}

impl Kind {
    /// The kinds with a recall target of 99% (structured data a pattern can find).
    pub const STRUCTURED: [Kind; 6] = [
        Kind::Email,
        Kind::Phone,
        Kind::Card,
        Kind::Iban,
        Kind::Secret,
        Kind::Ssn,
    ];

    /// The kind a placeholder's name (`EMAIL` in `[EMAIL]`) stands for.
    pub fn from_placeholder(name: &str) -> Option<Kind> {
        Some(match name {
            "EMAIL" => Kind::Email,
            "PHONE" => Kind::Phone,
            "CARD" => Kind::Card,
            "IBAN" => Kind::Iban,
            "SECRET" => Kind::Secret,
            "SSN" => Kind::Ssn,
            "NATIONAL_ID" => Kind::NationalId,
            "NAME" => Kind::Name,
            "IP" => Kind::Ip,
            "ADDRESS" => Kind::Address,
            "NUMBER" => Kind::Number,
            _ => return None,
        })
    }

    /// The snake-case name used in the set and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Card => "card",
            Kind::Iban => "iban",
            Kind::Secret => "secret",
            Kind::Ssn => "ssn",
            Kind::NationalId => "national_id",
            Kind::Name => "name",
            Kind::Ip => "ip",
            Kind::Address => "address",
            Kind::Number => "number",
        }
    }

    /// Whether a placeholder of kind `mask` is a right answer for planted data of this kind. A
    /// card number that fails the Luhn check may be masked as `[NUMBER]`: the redactor cannot
    /// know it is a card, and nothing of it survives.
    pub fn accepts(self, mask: Kind) -> bool {
        self == mask || (self == Kind::Card && mask == Kind::Number)
    }
}

/// One planted span.
#[derive(Debug, Clone, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
}

/// One line of the planted set.
#[derive(Debug, Clone, Deserialize)]
pub struct PlantedLine {
    /// The text.
    pub text: String,
    /// Language code (`en`, `de`, ...).
    pub lang: String,
    /// Where such text comes from: subject, body, chat, signature, csv, json, log, ...
    #[serde(default)]
    pub format: String,
    /// The personal data in it.
    pub spans: Vec<Span>,
}

/// One line of the clean set.
#[derive(Debug, Clone, Deserialize)]
pub struct CleanLine {
    /// The text.
    pub text: String,
    /// Language code.
    pub lang: String,
    /// Where such text comes from.
    #[serde(default)]
    pub format: String,
}

/// A planted set and a clean set.
#[derive(Debug, Clone)]
pub struct PiiSet {
    /// The set's name (its folder).
    pub name: String,
    /// Lines with planted personal data.
    pub planted: Vec<PlantedLine>,
    /// Lines without personal data.
    pub clean: Vec<CleanLine>,
}

/// Reads a JSONL file of `T`; every bad line is an error naming the file and line.
fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    Ok(crate::read_jsonl(path, "a set line")?
        .into_iter()
        .map(|(_, row)| row)
        .collect())
}

/// Reads `planted.jsonl` and `clean.jsonl` of the folder `dir`; spans that are not on
/// character boundaries of their text are errors naming the line.
pub fn read_set(dir: &Path) -> Result<PiiSet> {
    let planted_path = dir.join("planted.jsonl");
    let planted: Vec<PlantedLine> = read_jsonl(&planted_path)?;
    for (i, line) in planted.iter().enumerate() {
        for s in &line.spans {
            let ok = s.start < s.end
                && s.end <= line.text.len()
                && line.text.is_char_boundary(s.start)
                && line.text.is_char_boundary(s.end);
            if !ok || s.kind == Kind::Number {
                bail!(
                    "{}:{}: span {}..{} ({}) is not a span of the text",
                    planted_path.display(),
                    i + 1,
                    s.start,
                    s.end,
                    s.kind.as_str()
                );
            }
        }
    }
    let clean = read_jsonl(&dir.join("clean.jsonl"))?;
    let name = dir
        .canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .file_name()
        .map_or_else(|| "pii".into(), |n| n.to_string_lossy().to_string());
    Ok(PiiSet {
        name,
        planted,
        clean,
    })
}

/// How the planted spans of one kind (or one language's names) fared.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindStats {
    /// Spans planted.
    pub planted: usize,
    /// Fully covered by placeholders of a compatible kind.
    pub caught: usize,
    /// Fully covered, but a placeholder names another kind.
    pub other_kind: usize,
    /// Partly covered: some of the data survives.
    pub partly: usize,
    /// Not masked at all.
    pub missed: usize,
    /// `caught / planted`.
    pub recall: f64,
}

impl KindStats {
    fn add(&mut self, outcome: Outcome) {
        self.planted += 1;
        match outcome {
            Outcome::Caught => self.caught += 1,
            Outcome::OtherKind => self.other_kind += 1,
            Outcome::Partly => self.partly += 1,
            Outcome::Missed => self.missed += 1,
        }
        self.recall = self.caught as f64 / self.planted as f64;
    }
}

/// What happened to one planted span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Fully covered by compatible placeholders.
    Caught,
    /// Fully covered, one placeholder of another kind.
    OtherKind,
    /// Some of it survives.
    Partly,
    /// None of it is masked.
    Missed,
}

/// Scores one planted span against the masks of its line.
pub fn score(span: &Span, masks: &[Masked]) -> Outcome {
    let mut covered = 0;
    let mut foreign = false;
    for m in masks {
        let overlap = m.end.min(span.end).saturating_sub(m.start.max(span.start));
        if overlap > 0 {
            covered += overlap;
            foreign |= !span.kind.accepts(m.kind);
        }
    }
    match covered {
        0 => Outcome::Missed,
        c if c < span.end - span.start => Outcome::Partly,
        _ if foreign => Outcome::OtherKind,
        _ => Outcome::Caught,
    }
}

/// A planted span that was not caught, for the person improving the redactor.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Line number in planted.jsonl (1-based).
    pub line: usize,
    /// Language.
    pub lang: String,
    /// Planted kind.
    pub kind: Kind,
    /// The planted text.
    pub value: String,
    /// What happened.
    pub outcome: Outcome,
    /// The redactor's output for the line.
    pub output: String,
}

/// A change on the clean set: text that was masked although it is not personal data.
#[derive(Debug, Clone, Serialize)]
pub struct FalsePositive {
    /// Line number in clean.jsonl (1-based), or in planted.jsonl for masks outside spans.
    pub line: usize,
    /// `clean` or `planted`.
    pub set: String,
    /// The masked text.
    pub value: String,
    /// The placeholder's kind.
    pub kind: Kind,
}

/// Results on the clean set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CleanStats {
    /// Lines.
    pub lines: usize,
    /// Lines the redactor changed.
    pub lines_changed: usize,
    /// `lines_changed / lines`.
    pub lines_changed_rate: f64,
    /// Characters of the clean set.
    pub chars: usize,
    /// Characters masked.
    pub chars_masked: usize,
    /// `chars_masked / chars`.
    pub chars_masked_rate: f64,
    /// Masks per placeholder kind.
    pub masks_by_kind: BTreeMap<String, usize>,
}

/// The whole report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PiiReport {
    /// The set's name.
    pub set: String,
    /// Planted lines.
    pub planted_lines: usize,
    /// Per planted kind.
    pub kinds: BTreeMap<String, KindStats>,
    /// Names per language (names are the hard kind).
    pub names_by_lang: BTreeMap<String, KindStats>,
    /// All structured kinds together ([`Kind::STRUCTURED`]).
    pub structured: KindStats,
    /// Characters masked on planted lines outside every planted span (over-masking).
    pub planted_chars_overmasked: usize,
    /// The clean set.
    pub clean: CleanStats,
    /// Lines whose output is not the input with spans replaced by placeholders.
    pub unaligned_lines: usize,
    /// Redaction throughput over both sets, in lines per second.
    pub lines_per_second: f64,
    /// Redaction throughput, in MB of text per second.
    pub mb_per_second: f64,
    /// Every planted span not caught.
    pub misses: Vec<Miss>,
    /// Every mask on clean text and outside planted spans.
    pub false_positives: Vec<FalsePositive>,
}

/// Runs `redact` over both sets.
pub fn run(set: &PiiSet, redact: impl Fn(&str) -> String) -> PiiReport {
    let mut r = PiiReport {
        set: set.name.clone(),
        planted_lines: set.planted.len(),
        ..PiiReport::default()
    };
    for (i, line) in set.planted.iter().enumerate() {
        score_planted(&mut r, i + 1, line, &redact(&line.text));
    }
    r.clean.lines = set.clean.len();
    for (i, line) in set.clean.iter().enumerate() {
        score_clean(&mut r, i + 1, &line.text, &redact(&line.text));
    }
    let c = &mut r.clean;
    c.lines_changed_rate = ratio(c.lines_changed, c.lines);
    c.chars_masked_rate = ratio(c.chars_masked, c.chars);
    (r.lines_per_second, r.mb_per_second) = throughput(set, &redact);
    r
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn score_planted(r: &mut PiiReport, n: usize, line: &PlantedLine, output: &str) {
    let Some(masks) = align(&line.text, output) else {
        r.unaligned_lines += 1;
        return;
    };
    for span in &line.spans {
        let outcome = score(span, &masks);
        r.kinds
            .entry(span.kind.as_str().to_string())
            .or_default()
            .add(outcome);
        if Kind::STRUCTURED.contains(&span.kind) {
            r.structured.add(outcome);
        }
        if span.kind == Kind::Name {
            r.names_by_lang
                .entry(line.lang.clone())
                .or_default()
                .add(outcome);
        }
        if outcome != Outcome::Caught {
            r.misses.push(Miss {
                line: n,
                lang: line.lang.clone(),
                kind: span.kind,
                value: line.text[span.start..span.end].to_string(),
                outcome,
                output: output.to_string(),
            });
        }
    }
    for m in &masks {
        let text = &line.text[m.start..m.end];
        let outside: usize = text
            .char_indices()
            .filter(|(i, _)| {
                let at = m.start + i;
                !line.spans.iter().any(|s| s.start <= at && at < s.end)
            })
            .count();
        if outside > 0 {
            r.planted_chars_overmasked += outside;
            r.false_positives.push(FalsePositive {
                line: n,
                set: "planted".into(),
                value: text.to_string(),
                kind: m.kind,
            });
        }
    }
}

fn score_clean(r: &mut PiiReport, n: usize, text: &str, output: &str) {
    r.clean.chars += text.chars().count();
    if output == text {
        return;
    }
    r.clean.lines_changed += 1;
    let Some(masks) = align(text, output) else {
        r.unaligned_lines += 1;
        return;
    };
    for m in masks {
        let value = &text[m.start..m.end];
        r.clean.chars_masked += value.chars().count();
        *r.clean
            .masks_by_kind
            .entry(m.kind.as_str().to_string())
            .or_default() += 1;
        r.false_positives.push(FalsePositive {
            line: n,
            set: "clean".into(),
            value: value.to_string(),
            kind: m.kind,
        });
    }
}

/// Lines and MB per second of `redact` over both sets, repeated for at least 200 ms.
fn throughput(set: &PiiSet, redact: &impl Fn(&str) -> String) -> (f64, f64) {
    let texts: Vec<&str> = set
        .planted
        .iter()
        .map(|l| l.text.as_str())
        .chain(set.clean.iter().map(|l| l.text.as_str()))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let start = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || start.elapsed().as_millis() < 200 {
        for t in &texts {
            std::hint::black_box(redact(t));
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    (
        (rounds * texts.len()) as f64 / secs,
        (rounds * bytes) as f64 / secs / 1e6,
    )
}

impl PiiReport {
    /// The value of a floor's metric (`None` for another eval's, or a kind never planted).
    pub fn floor_value(&self, m: &Metric) -> Option<f64> {
        match m {
            Metric::PiiCleanLinesChanged => Some(self.clean.lines_changed_rate),
            Metric::PiiCleanCharsMasked => Some(self.clean.chars_masked_rate),
            Metric::PiiUnalignedLines => Some(self.unaligned_lines as f64),
            Metric::PiiRecallStructured => Some(self.structured.recall),
            Metric::PiiRecall(kind) => self.kinds.get(kind.as_str()).map(|k| k.recall),
            _ => None,
        }
    }

    /// Every planted span not caught and every mask on clean text, for a person to read.
    pub fn details(&self) -> String {
        let mut s = format!("\nnot caught ({}):\n", self.misses.len());
        for m in &self.misses {
            s.push_str(&format!(
                "  planted.jsonl:{} {} {} {:?}: {:?}\n    -> {:?}\n",
                m.line,
                m.lang,
                m.kind.as_str(),
                m.outcome,
                m.value,
                m.output
            ));
        }
        s.push_str(&format!(
            "\nmasked although not planted ({}):\n",
            self.false_positives.len()
        ));
        for f in &self.false_positives {
            s.push_str(&format!(
                "  {}.jsonl:{} [{}] {:?}\n",
                f.set,
                f.line,
                f.kind.as_str(),
                f.value
            ));
        }
        s
    }

    /// The report as a table a person reads.
    pub fn table(&self) -> String {
        let mut s = format!(
            "pii eval: {} ({} planted lines, {} clean lines)\n",
            self.set, self.planted_lines, self.clean.lines
        );
        s.push_str(&format!(
            "{:<12} {:>7} {:>7} {:>8} {:>10} {:>7} {:>7}\n",
            "kind", "planted", "caught", "recall", "other kind", "partly", "missed"
        ));
        let row = |name: &str, k: &KindStats| {
            format!(
                "{:<12} {:>7} {:>7} {:>8.3} {:>10} {:>7} {:>7}\n",
                name, k.planted, k.caught, k.recall, k.other_kind, k.partly, k.missed
            )
        };
        let structured = Kind::STRUCTURED.map(Kind::as_str);
        for (name, k) in self
            .kinds
            .iter()
            .filter(|(n, _)| structured.contains(&n.as_str()))
        {
            s.push_str(&row(name, k));
        }
        s.push_str(&row("structured", &self.structured));
        for (name, k) in self
            .kinds
            .iter()
            .filter(|(n, _)| !structured.contains(&n.as_str()))
        {
            s.push_str(&row(name, k));
        }
        s.push_str("names by language:\n");
        for (lang, k) in &self.names_by_lang {
            s.push_str(&row(&format!("  name {lang}"), k));
        }
        let c = &self.clean;
        s.push_str(&format!(
            "clean set: {} of {} lines changed ({:.1}%), {} of {} characters masked ({:.2}%) {:?}\n",
            c.lines_changed,
            c.lines,
            100.0 * c.lines_changed_rate,
            c.chars_masked,
            c.chars,
            100.0 * c.chars_masked_rate,
            c.masks_by_kind
        ));
        s.push_str(&format!(
            "planted lines: {} characters masked outside planted spans; unaligned lines: {}\n",
            self.planted_chars_overmasked, self.unaligned_lines
        ));
        s.push_str(&format!(
            "throughput: {:.0} lines/s, {:.1} MB/s (one thread)\n",
            self.lines_per_second, self.mb_per_second
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::floors::{Eval, Floor, Floors};

    fn span(start: usize, end: usize, kind: Kind) -> Span {
        Span { start, end, kind }
    }

    fn mask(start: usize, end: usize, kind: Kind) -> Masked {
        Masked { start, end, kind }
    }

    #[test]
    fn scores_caught_other_partly_missed() {
        let s = span(10, 20, Kind::Card);
        assert_eq!(score(&s, &[mask(8, 22, Kind::Card)]), Outcome::Caught);
        assert_eq!(score(&s, &[mask(10, 20, Kind::Number)]), Outcome::Caught);
        assert_eq!(
            score(&s, &[mask(10, 15, Kind::Card), mask(15, 20, Kind::Card)]),
            Outcome::Caught
        );
        assert_eq!(score(&s, &[mask(10, 20, Kind::Phone)]), Outcome::OtherKind);
        assert_eq!(score(&s, &[mask(10, 16, Kind::Phone)]), Outcome::Partly);
        assert_eq!(score(&s, &[mask(0, 10, Kind::Card)]), Outcome::Missed);
        assert!(!Kind::Phone.accepts(Kind::Number));
    }

    fn tiny_set() -> PiiSet {
        let text = "Hi Maria, card 4111 1111 1111 1111".to_string();
        PiiSet {
            name: "tiny".into(),
            planted: vec![PlantedLine {
                spans: vec![span(3, 8, Kind::Name), span(15, text.len(), Kind::Card)],
                text,
                lang: "en".into(),
                format: "body".into(),
            }],
            clean: vec![
                CleanLine {
                    text: "Order 4471 on v2.3.1".into(),
                    lang: "en".into(),
                    format: "body".into(),
                },
                CleanLine {
                    text: "Hi Support".into(),
                    lang: "en".into(),
                    format: "body".into(),
                },
            ],
        }
    }

    #[test]
    fn a_redactor_that_keeps_everything_catches_nothing() {
        let r = run(&tiny_set(), |t| t.to_string());
        assert_eq!(r.kinds["name"].missed, 1);
        assert_eq!(r.kinds["card"].recall, 0.0);
        assert_eq!(r.clean.lines_changed, 0);
        assert_eq!(r.misses.len(), 2);
    }

    #[test]
    fn a_redactor_that_half_masks_is_not_credited() {
        let r = run(&tiny_set(), |t| {
            t.replace("Maria", "[NAME]")
                .replace("4111 1111 1111", "[PHONE]")
                .replace("Support", "[NAME]")
        });
        assert_eq!(r.kinds["name"].caught, 1);
        assert_eq!(r.kinds["card"].partly, 1);
        assert_eq!(r.clean.lines_changed, 1);
        assert_eq!(r.clean.chars_masked, "Support".len());
        assert_eq!(r.clean.masks_by_kind["name"], 1);
        let floors = |named: &[(&str, f64)]| Floors {
            path: "floors.json".into(),
            floors: named
                .iter()
                .map(|(n, l)| Floor::new(n, *l).unwrap())
                .collect(),
        };
        let checks = floors(&[
            ("pii_recall_card", 0.99),
            ("pii_clean_lines_changed_max", 0.6),
            ("hybrid_ndcg_10", 0.8),
        ])
        .check(Eval::Pii, |m| r.floor_value(m))
        .unwrap();
        assert_eq!(checks.len(), 2);
        assert!(
            !checks
                .iter()
                .find(|c| c.name == "pii_recall_card")
                .unwrap()
                .kept
        );
        assert!(
            checks
                .iter()
                .find(|c| c.name == "pii_clean_lines_changed_max")
                .unwrap()
                .kept
        );
        let bad = floors(&[("pii_recall_cards", 0.9)]);
        assert!(bad.check(Eval::Pii, |m| r.floor_value(m)).is_err());
    }

    #[test]
    fn masks_outside_planted_spans_are_overmasking() {
        let r = run(&tiny_set(), |t| t.replace("Hi Maria", "[NAME]"));
        assert_eq!(r.planted_chars_overmasked, 3);
        assert_eq!(r.kinds["name"].caught, 1);
    }
}

/// The repository's set, run with the redactor ingestion and the server use.
#[cfg(test)]
mod set_tests {
    use std::path::Path;

    use super::*;

    fn set_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../evals/pii")
    }

    #[test]
    fn every_placeholder_of_the_redactor_is_known() {
        for kind in docent_ingest::Pii::ALL {
            let p = kind.placeholder();
            assert!(Kind::from_placeholder(&p[1..p.len() - 1]).is_some(), "{p}");
        }
    }

    #[test]
    fn evals_pii_keeps_its_floors() {
        let dir = set_dir();
        let set = read_set(&dir).unwrap();
        assert!(set.planted.len() >= 300 && set.clean.len() >= 200);
        let report = run(&set, docent_ingest::redact);
        let floors = crate::floors::Floors::read(&dir).unwrap().unwrap();
        let checks = floors
            .check(crate::floors::Eval::Pii, |m| report.floor_value(m))
            .unwrap();
        assert!(checks.len() >= 8, "floors.json names too few pii floors");
        let broken: Vec<_> = checks.iter().filter(|c| !c.kept).collect();
        assert!(broken.is_empty(), "{broken:?}\n{}", report.table());
    }
}
