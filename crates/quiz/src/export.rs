//! Exports: JSON, Markdown (for review), GIFT and Aiken (Moodle), QTI 2.1 (a zip package with
//! `imsmanifest.xml` and one item file per question), CSV.

use std::io::Write;

use crate::types::{Item, ItemKind, Quiz};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The quiz as JSON (round-trips).
    Json,
    /// Markdown for review.
    Markdown,
    /// Moodle GIFT.
    Gift,
    /// Moodle Aiken (multiple choice and true/false only).
    Aiken,
    /// IMS QTI 2.1 content package (zip).
    Qti,
    /// CSV, one row per item.
    Csv,
}

impl Format {
    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "markdown" | "md" => Format::Markdown,
            "gift" => Format::Gift,
            "aiken" => Format::Aiken,
            "qti" | "qti21" | "qti2.1" => Format::Qti,
            "csv" => Format::Csv,
            _ => return None,
        })
    }

    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Gift => "gift.txt",
            Format::Aiken => "aiken.txt",
            Format::Qti => "qti.zip",
            Format::Csv => "csv",
        }
    }

    /// MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Gift | Format::Aiken => "text/plain; charset=utf-8",
            Format::Qti => "application/zip",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Items an export includes: everything but rejected ones.
fn live(quiz: &Quiz) -> impl Iterator<Item = &Item> {
    quiz.items
        .iter()
        .filter(|i| i.status != crate::types::Status::Rejected)
}

/// Renders `quiz` in `format`.
pub fn export(quiz: &Quiz, format: Format) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => serde_json::to_vec_pretty(quiz).map_err(|e| e.to_string())?,
        Format::Markdown => markdown(quiz).into_bytes(),
        Format::Gift => gift(quiz).into_bytes(),
        Format::Aiken => aiken(quiz).into_bytes(),
        Format::Qti => qti(quiz)?,
        Format::Csv => csv(quiz).into_bytes(),
    })
}

fn source_line(i: &Item) -> String {
    let mut path = vec![i.source.title.clone()];
    path.extend(
        i.source
            .heading_path
            .iter()
            .filter(|h| **h != i.source.title)
            .cloned(),
    );
    format!("{} ({})", path.join(" › "), i.source.doc_id)
}

/// Markdown for review.
pub fn markdown(quiz: &Quiz) -> String {
    let mut s = format!("# {}\n\nScope: {}\n\n", quiz.title, quiz.scope);
    for (n, i) in live(quiz).enumerate() {
        s.push_str(&format!("## {}. {}\n\n", n + 1, i.stem));
        match i.kind {
            ItemKind::Ordering => {
                s.push_str("Options (shuffled):\n\n");
                for o in &i.options {
                    s.push_str(&format!("- {o}\n"));
                }
                s.push_str("\nCorrect order:\n\n");
                for (p, k) in i.key.iter().enumerate() {
                    s.push_str(&format!("{}. {}\n", p + 1, i.options[*k]));
                }
            }
            ItemKind::Cloze | ItemKind::ShortAnswer => {
                s.push_str(&format!("Answer: {}\n", i.answers.join(" | ")));
            }
            _ => {
                for (k, o) in i.options.iter().enumerate() {
                    let mark = if i.key.contains(&k) { "x" } else { " " };
                    s.push_str(&format!("- [{mark}] {o}\n"));
                }
            }
        }
        s.push_str(&format!(
            "\n*{}, difficulty {}, {:?}, {:?}{}* — {}\n\nSource: {}\n\n",
            i.kind.as_str(),
            i.difficulty,
            i.level,
            i.status,
            if i.stale {
                ", STALE: source changed"
            } else {
                ""
            },
            i.explanation,
            source_line(i)
        ));
    }
    s
}

/// Escapes GIFT's special characters.
pub fn gift_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '~' | '=' | '#' | '{' | '}' | ':' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.replace('\n', "\\n")
}

/// Moodle GIFT.
pub fn gift(quiz: &Quiz) -> String {
    let mut s = format!(
        "// {}\n// scope: {}\n\n",
        quiz.title.replace('\n', " "),
        quiz.scope.replace('\n', " ")
    );
    for i in live(quiz) {
        let title = format!("::{}::", gift_escape(&i.id));
        let stem = gift_escape(&i.stem);
        let feedback = format!("####{}", gift_escape(&i.explanation));
        let body = match i.kind {
            ItemKind::MultipleChoice => i
                .options
                .iter()
                .enumerate()
                .map(|(k, o)| {
                    format!(
                        "{}{}",
                        if i.key.contains(&k) { "=" } else { "~" },
                        gift_escape(o)
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
            ItemKind::MultipleSelect => {
                let right = 100.0 / i.key.len() as f64;
                let wrong = 100.0 / (i.options.len() - i.key.len()).max(1) as f64;
                i.options
                    .iter()
                    .enumerate()
                    .map(|(k, o)| {
                        let w = if i.key.contains(&k) {
                            format!("{right:.5}")
                        } else {
                            format!("-{wrong:.5}")
                        };
                        format!(
                            "~%{}%{}",
                            w.trim_end_matches('0').trim_end_matches('.'),
                            gift_escape(o)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            ItemKind::TrueFalse => if i.key[0] == 0 { "TRUE" } else { "FALSE" }.to_string(),
            ItemKind::Cloze | ItemKind::ShortAnswer => i
                .answers
                .iter()
                .map(|a| format!("={}", gift_escape(a)))
                .collect::<Vec<_>>()
                .join(" "),
            // GIFT has no ordering type: a matching question of step -> position.
            ItemKind::Ordering => i
                .key
                .iter()
                .enumerate()
                .map(|(p, k)| format!("={} -> {}", gift_escape(&i.options[*k]), p + 1))
                .collect::<Vec<_>>()
                .join(" "),
        };
        s.push_str(&format!("{title} {stem} {{{body} {feedback}}}\n\n"));
    }
    s
}

/// Moodle Aiken: multiple choice and true/false only (other kinds have no Aiken form).
pub fn aiken(quiz: &Quiz) -> String {
    let mut s = String::new();
    for i in live(quiz) {
        if !matches!(i.kind, ItemKind::MultipleChoice | ItemKind::TrueFalse) {
            continue;
        }
        s.push_str(&i.stem.replace('\n', " "));
        s.push('\n');
        for (k, o) in i.options.iter().enumerate() {
            s.push_str(&format!(
                "{}. {}\n",
                (b'A' + k as u8) as char,
                o.replace('\n', " ")
            ));
        }
        s.push_str(&format!("ANSWER: {}\n\n", (b'A' + i.key[0] as u8) as char));
    }
    s
}

/// Escapes XML text and attribute values.
pub fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

const QTI_NS: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1";

/// One QTI 2.1 assessment item.
pub fn qti_item(i: &Item) -> String {
    let choice_ids = |n: usize| (0..n).map(|k| format!("C{}", k + 1)).collect::<Vec<_>>();
    let ids = choice_ids(i.options.len());
    let choices: String = i
        .options
        .iter()
        .enumerate()
        .map(|(k, o)| {
            format!(
                "<simpleChoice identifier=\"{}\">{}</simpleChoice>",
                ids[k],
                xml(o)
            )
        })
        .collect();
    let (cardinality, base, correct, interaction) = match i.kind {
        ItemKind::MultipleChoice | ItemKind::TrueFalse | ItemKind::MultipleSelect => {
            let multiple = i.kind == ItemKind::MultipleSelect;
            (
                if multiple { "multiple" } else { "single" },
                "identifier",
                i.key.iter().map(|k| format!("<value>{}</value>", ids[*k])).collect::<String>(),
                format!(
                    "<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\" maxChoices=\"{}\"><prompt>{}</prompt>{choices}</choiceInteraction>",
                    if multiple { 0 } else { 1 },
                    xml(&i.stem)
                ),
            )
        }
        ItemKind::Ordering => {
            (
                "ordered",
                "identifier",
                i.key.iter().map(|k| format!("<value>{}</value>", ids[*k])).collect::<String>(),
                format!(
                    "<orderInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\"><prompt>{}</prompt>{choices}</orderInteraction>",
                    xml(&i.stem)
                ),
            )
        }
        ItemKind::Cloze | ItemKind::ShortAnswer => {
            let interaction = if i.kind == ItemKind::Cloze {
                let (before, after) = i.stem.split_once("_____").unwrap_or((&i.stem, ""));
                format!(
                    "<p>{}<textEntryInteraction responseIdentifier=\"RESPONSE\" expectedLength=\"{}\"/>{}</p>",
                    xml(before),
                    i.answers[0].chars().count().max(5),
                    xml(after)
                )
            } else {
                format!(
                    "<extendedTextInteraction responseIdentifier=\"RESPONSE\"><prompt>{}</prompt></extendedTextInteraction>",
                    xml(&i.stem)
                )
            };
            (
                "single",
                "string",
                i.answers
                    .iter()
                    .map(|a| format!("<value>{}</value>", xml(a)))
                    .collect::<String>(),
                interaction,
            )
        }
    };
    let processing = if i.kind == ItemKind::ShortAnswer {
        String::new()
    } else {
        "<responseProcessing template=\"http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct\"/>".into()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<assessmentItem xmlns=\"{QTI_NS}\" identifier=\"{id}\" title=\"{title}\" adaptive=\"false\" timeDependent=\"false\">\
<responseDeclaration identifier=\"RESPONSE\" cardinality=\"{cardinality}\" baseType=\"{base}\"><correctResponse>{correct}</correctResponse></responseDeclaration>\
<outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\"/>\
<itemBody>{interaction}</itemBody>{processing}\
<modalFeedback outcomeIdentifier=\"SCORE\" identifier=\"EXPLANATION\" showHide=\"show\">{feedback}</modalFeedback>\
</assessmentItem>\n",
        id = xml(&i.id),
        title = xml(&i.stem.chars().take(60).collect::<String>()),
        feedback = xml(&i.explanation),
    )
}

/// The QTI 2.1 content package: `imsmanifest.xml` and `items/<id>.xml` per item.
pub fn qti(quiz: &Quiz) -> Result<Vec<u8>, String> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut resources = String::new();
        for i in live(quiz) {
            let path = format!("items/{}.xml", i.id);
            zip.start_file(path.as_str(), opts)
                .map_err(|e| e.to_string())?;
            zip.write_all(qti_item(i).as_bytes())
                .map_err(|e| e.to_string())?;
            resources.push_str(&format!(
                "<resource identifier=\"RES-{id}\" type=\"imsqti_item_xmlv2p1\" href=\"{path}\"><file href=\"{path}\"/></resource>",
                id = xml(&i.id)
            ));
        }
        let manifest = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" identifier=\"MANIFEST-{}\"><metadata><schema>IMS Content</schema><schemaversion>1.1</schemaversion></metadata><organizations/><resources>{resources}</resources></manifest>\n",
            xml(&quiz.id)
        );
        zip.start_file("imsmanifest.xml", opts)
            .map_err(|e| e.to_string())?;
        zip.write_all(manifest.as_bytes())
            .map_err(|e| e.to_string())?;
        zip.finish().map_err(|e| e.to_string())?;
    }
    Ok(buf.into_inner())
}

/// CSV, one row per item; options and answers separated by ` | `.
pub fn csv(quiz: &Quiz) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record("id,kind,stem,options,key,answers,explanation,difficulty,level,status,stale,source_doc,source_chunk".split(','));
    for i in live(quiz) {
        let key = i
            .key
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let row = [
            i.id.clone(),
            i.kind.as_str().into(),
            i.stem.clone(),
            i.options.join(" | "),
            key,
            i.answers.join(" | "),
            i.explanation.clone(),
            i.difficulty.to_string(),
            format!("{:?}", i.level).to_lowercase(),
            format!("{:?}", i.status).to_lowercase(),
            i.stale.to_string(),
            i.source.doc_id.clone(),
            i.source.chunk_id.clone(),
        ];
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
