//! Every export parsed back and checked against the quiz, with items whose text holds the
//! formats' special characters: JSON round-trips; GIFT escapes `~ = # { } : \`; QTI is a
//! well-formed package whose manifest lists one parseable item file per question with the
//! right keys; Aiken and CSV carry the same stems and keys.

use std::io::Read;

use docent_quiz::export::{export, Format};
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
fn json_round_trips() {
    let q = quiz();
    let bytes = export(&q, Format::Json).unwrap();
    let back: Quiz = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, q);
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
        let stem = gift_unescape(b[colons[3] + 1..open[0]].trim());
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
                    let opt = gift_unescape(answers[m + 1..end].trim());
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
            ItemKind::Cloze | ItemKind::ShortAnswer => assert_eq!(values, it.answers),
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
