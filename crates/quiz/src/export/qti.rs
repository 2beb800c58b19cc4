//! IMS QTI 2.1: one assessment item per question in a content package.
//!
//! Scoring and feedback: response processing sets `SCORE` (1 when the response is correct, or
//! the mapped value for typed answers) and always sets `FEEDBACK` to `EXPLANATION`, the
//! identifier of the item's modal feedback, so the explanation shows after every attempt.
//! (Bound to `SCORE`, as before, it never showed: a float never equals an identifier.)

use std::io::Write;

use super::gift::strip_controls;
use super::{accepted, split};
use crate::types::{Item, ItemKind, Quiz};

/// Escapes XML text and attribute values; characters XML 1.0 cannot hold (controls but tab
/// and line breaks, U+FFFE, U+FFFF) are dropped.
pub fn xml(s: &str) -> String {
    strip_controls(s)
        .chars()
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

const QTI_NS: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1";

/// Typed answers get an input this wide whatever the answer: a width matching the answer
/// would hint at it.
const TEXT_ENTRY_LENGTH: usize = 24;

/// Typed answers longer than this are graded by a person (an extended-text box, no key).
const TYPED_MAX_CHARS: usize = 60;

fn typed_and_scored(i: &Item) -> bool {
    i.kind == ItemKind::Cloze
        || (i.kind == ItemKind::ShortAnswer
            && i.answers
                .iter()
                .all(|a| a.chars().count() <= TYPED_MAX_CHARS))
}

fn choices(i: &Item, ids: &[String]) -> String {
    i.options
        .iter()
        .zip(ids)
        .map(|(o, id)| {
            format!(
                "<simpleChoice identifier=\"{id}\">{}</simpleChoice>",
                xml(o)
            )
        })
        .collect()
}

fn keyed_values(i: &Item, ids: &[String]) -> String {
    i.key
        .iter()
        .filter_map(|k| ids.get(*k))
        .map(|id| format!("<value>{id}</value>"))
        .collect()
}

/// The response declaration, the item body and how the response is scored.
fn parts(i: &Item) -> (String, String, String) {
    let ids: Vec<String> = (0..i.options.len())
        .map(|k| format!("C{}", k + 1))
        .collect();
    let match_correct = "<responseCondition><responseIf><match><variable identifier=\"RESPONSE\"/><correct identifier=\"RESPONSE\"/></match><setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">1</baseValue></setOutcomeValue></responseIf><responseElse><setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">0</baseValue></setOutcomeValue></responseElse></responseCondition>".to_string();
    match i.kind {
        ItemKind::MultipleChoice | ItemKind::TrueFalse | ItemKind::MultipleSelect => {
            let multiple = i.kind == ItemKind::MultipleSelect;
            (
                format!(
                    "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"{}\" baseType=\"identifier\"><correctResponse>{}</correctResponse></responseDeclaration>",
                    if multiple { "multiple" } else { "single" },
                    keyed_values(i, &ids)
                ),
                format!(
                    "<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\" maxChoices=\"{}\"><prompt>{}</prompt>{}</choiceInteraction>",
                    if multiple { 0 } else { 1 },
                    xml(&i.stem),
                    choices(i, &ids)
                ),
                match_correct,
            )
        }
        ItemKind::Ordering => (
            format!(
                "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"ordered\" baseType=\"identifier\"><correctResponse>{}</correctResponse></responseDeclaration>",
                keyed_values(i, &ids)
            ),
            format!(
                "<orderInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\"><prompt>{}</prompt>{}</orderInteraction>",
                xml(&i.stem),
                choices(i, &ids)
            ),
            match_correct,
        ),
        ItemKind::Cloze | ItemKind::ShortAnswer => typed(i),
    }
}

/// Cloze and short answer: a text entry scored by a case-insensitive mapping of every
/// accepted answer, or (long answers) an extended text for a person to grade.
fn typed(i: &Item) -> (String, String, String) {
    let answers = accepted(i);
    let first = answers.first().cloned().unwrap_or_default();
    let entry = format!(
        "<textEntryInteraction responseIdentifier=\"RESPONSE\" expectedLength=\"{TEXT_ENTRY_LENGTH}\"/>"
    );
    if !typed_and_scored(i) {
        return (
            format!(
                "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"string\"><correctResponse><value>{}</value></correctResponse></responseDeclaration>",
                xml(&first)
            ),
            format!(
                "<extendedTextInteraction responseIdentifier=\"RESPONSE\"><prompt>{}</prompt></extendedTextInteraction>",
                xml(&i.stem)
            ),
            String::new(),
        );
    }
    let mapping: String = answers
        .iter()
        .map(|a| {
            format!(
                "<mapEntry mapKey=\"{}\" mappedValue=\"1\" caseSensitive=\"false\"/>",
                xml(a)
            )
        })
        .collect();
    let body = if i.kind == ItemKind::Cloze && i.stem.contains("_____") {
        let (before, after) = i.stem.split_once("_____").unwrap_or((&i.stem, ""));
        format!("<p>{}{entry}{}</p>", xml(before), xml(after))
    } else {
        format!("<p>{}</p><p>{entry}</p>", xml(&i.stem))
    };
    (
        format!(
            "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"string\"><correctResponse><value>{}</value></correctResponse><mapping defaultValue=\"0\" lowerBound=\"0\" upperBound=\"1\">{mapping}</mapping></responseDeclaration>",
            xml(&first)
        ),
        body,
        "<setOutcomeValue identifier=\"SCORE\"><mapResponse identifier=\"RESPONSE\"/></setOutcomeValue>".into(),
    )
}

/// One QTI 2.1 assessment item. The caller checks the item with [`super::exportable`] first.
pub fn qti_item(i: &Item) -> String {
    let (declaration, body, scoring) = parts(i);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<assessmentItem xmlns=\"{QTI_NS}\" identifier=\"{id}\" title=\"{title}\" adaptive=\"false\" timeDependent=\"false\">\
{declaration}\
<outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>\
<outcomeDeclaration identifier=\"FEEDBACK\" cardinality=\"single\" baseType=\"identifier\"/>\
<itemBody>{body}</itemBody>\
<responseProcessing>{scoring}<setOutcomeValue identifier=\"FEEDBACK\"><baseValue baseType=\"identifier\">EXPLANATION</baseValue></setOutcomeValue></responseProcessing>\
<modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"EXPLANATION\" showHide=\"show\">{feedback}</modalFeedback>\
</assessmentItem>\n",
        id = xml(&i.id),
        title = xml(&short_title(&i.stem)),
        feedback = xml(&i.explanation),
    )
}

/// A file name for an item: its id with anything but `[A-Za-z0-9_-]` replaced.
fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The QTI 2.1 content package: `imsmanifest.xml` and `items/<id>.xml` per item (items that
/// cannot be written are left out; see [`super::render`]).
pub fn qti(quiz: &Quiz) -> Result<Vec<u8>, String> {
    let (items, _) = split(quiz, super::exportable);
    package(quiz, &items)
}

pub(super) fn package(quiz: &Quiz, items: &[&Item]) -> Result<Vec<u8>, String> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut resources = String::new();
        for (n, i) in items.iter().enumerate() {
            // Two ids that clean to the same name would overwrite each other: number them.
            let path = format!("items/{}-{}.xml", n + 1, file_name(&i.id));
            zip.start_file(path.as_str(), opts)
                .map_err(|e| e.to_string())?;
            zip.write_all(qti_item(i).as_bytes())
                .map_err(|e| e.to_string())?;
            resources.push_str(&format!(
                "<resource identifier=\"RES-{}\" type=\"imsqti_item_xmlv2p1\" href=\"{path}\"><file href=\"{path}\"/></resource>",
                n + 1
            ));
        }
        let manifest = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" identifier=\"MANIFEST-{}\"><metadata><schema>IMS Content</schema><schemaversion>1.1</schemaversion></metadata><organizations/><resources>{resources}</resources></manifest>\n",
            file_name(&quiz.id)
        );
        zip.start_file("imsmanifest.xml", opts)
            .map_err(|e| e.to_string())?;
        zip.write_all(manifest.as_bytes())
            .map_err(|e| e.to_string())?;
        zip.finish().map_err(|e| e.to_string())?;
    }
    Ok(buf.into_inner())
}

/// Characters of an item's title at most.
const TITLE_MAX_CHARS: usize = 60;

/// The item's title in an LMS's list: its stem, cut at the last word that fits, with "…"
/// (an outside review found titles cut mid-word, "... in the right orde").
fn short_title(stem: &str) -> String {
    let stem = stem.split_whitespace().collect::<Vec<_>>().join(" ");
    if stem.chars().count() <= TITLE_MAX_CHARS {
        return stem;
    }
    let mut out = String::new();
    for word in stem.split(' ') {
        let next = if out.is_empty() {
            word.chars().count()
        } else {
            out.chars().count() + 1 + word.chars().count()
        };
        if next > TITLE_MAX_CHARS - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = stem.chars().take(TITLE_MAX_CHARS - 1).collect();
    }
    let out = out.trim_end_matches([',', ';', ':']).to_string();
    out + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_is_cut_between_words() {
        let t = short_title(
            "Put these steps for \u{201c}Export from a report\u{201d} in the right order to finish",
        );
        assert!(t.ends_with("right…"), "{t}");
        assert!(t.chars().count() <= TITLE_MAX_CHARS, "{t}");
        assert_eq!(short_title("Which   format?"), "Which format?");
    }
}
