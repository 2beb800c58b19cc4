//! A message that asks two things gets both answered: the part the first answer leaves out is
//! looked up on its own and its answer follows, with its own citation. With the real model
//! (DOCENT_MODEL_DIR or models/all-MiniLM-L6-v2; under CI=true a missing model fails,
//! elsewhere the test prints a reason and skips).

mod common;

use docent_core::{Audience, Chunk, Config};
use docent_embed::testing;
use docent_tutor::{Question, Tutor};

fn page(id: &str, title: &str, text: &str) -> Chunk {
    Chunk::public_doc(id, title, &[title], text)
}

fn help_centre() -> Vec<Chunk> {
    vec![
        page(
            "export",
            "Export a report",
            "To export a report, open the report and click **Export** in the top right corner. \
             Choose CSV or PDF as the file format.",
        ),
        page(
            "retention",
            "Data retention",
            "Deleted workspaces are kept for 30 days before they are purged. \
             Audit logs are retained for one year on the Business plan.",
        ),
        page(
            "sso",
            "Single sign-on",
            "Lumio supports SAML 2.0 single sign-on with Okta, Azure AD and Google Workspace. \
             Owners turn it on under Settings > Security.",
        ),
        page(
            "billing",
            "Billing",
            "Lumio bills each workspace monthly by the number of active members. \
             Invoices are emailed to the workspace owner.",
        ),
    ]
}

#[test]
fn each_question_of_a_message_is_answered_with_its_own_citation() {
    let Some(model) = testing::model() else {
        return;
    };
    let (_dir, index, _model) = common::index_of(model, &help_centre());
    let tutor = Tutor::from_config(&Config::default()).unwrap();
    let ask = |text: &str| {
        tutor
            .ask(
                &index,
                &Question::new(text, Audience::Public),
                &mut |_, _| {},
            )
            .unwrap()
    };

    let alone = ask("How do I export a report?");
    assert!(alone.answered, "{alone:?}");
    assert!(!alone.text.contains("Invoices"), "{}", alone.text);

    // The first part outweighs the second in the whole message's words, so the first answer
    // quotes the export page alone.
    let both = ask(
        "How do I export a report from the report page as a CSV or PDF file, and who gets the invoices by email?",
    );
    assert!(both.answered, "{both:?}");
    let cited: Vec<&str> = both.citations.iter().map(|c| c.doc_id.as_str()).collect();
    assert!(cited.contains(&"export"), "{cited:?}: {}", both.text);
    assert!(cited.contains(&"billing"), "{cited:?}: {}", both.text);
    assert!(both.text.contains("workspace owner"), "{}", both.text);
    // Every marker in the text points at a citation of the answer, numbered in order.
    for (i, c) in both.citations.iter().enumerate() {
        assert_eq!(c.n, i + 1);
    }
    assert!(both
        .parts
        .iter()
        .all(|p| both.citations.iter().any(|c| c.n == p.citation)));
}

/// A second section of a page: the same document, the next chunk.
fn section(doc: &str, ordinal: u32, title: &str, heading: &str, text: &str) -> Chunk {
    let mut c = Chunk::public_doc(doc, title, &[title, heading], text);
    c.id = format!("{doc}#{ordinal}");
    c.ordinal = ordinal;
    c
}

/// A part the page the answer quotes also answers (in another section) is answered from it.
#[test]
fn a_part_the_quoted_page_also_answers_is_answered_from_it() {
    let Some(model) = testing::model() else {
        return;
    };
    let chunks = vec![
        section(
            "backups",
            0,
            "Backups",
            "Schedule",
            "Lumio copies every workspace once a week and keeps the last two copies.",
        ),
        section(
            "backups",
            1,
            "Backups",
            "Getting a backup back",
            "To restore a backup, email support with the workspace name and the date to go back to.",
        ),
        page(
            "report-backup",
            "Restore a report backup",
            "To restore a backup of a report, open the report's history and click Restore \
             backup next to the version you want.",
        ),
    ];
    let (_dir, index, _model) = common::index_of(model, &chunks);
    let tutor = Tutor::from_config(&Config::default()).unwrap();
    let answer = tutor
        .ask(
            &index,
            &Question::new(
                "How often does Lumio back up my workspace, and how do I restore a backup?",
                Audience::Public,
            ),
            &mut |_, _| {},
        )
        .unwrap();
    assert!(answer.answered, "{answer:?}");
    assert!(answer.text.contains("once a week"), "{}", answer.text);
    assert!(answer.text.contains("email support"), "{}", answer.text);
    assert!(
        answer.citations.iter().all(|c| c.doc_id == "backups"),
        "{:?}: {}",
        answer.citations,
        answer.text
    );
}
