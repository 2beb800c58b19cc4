//! A message that asks two things gets both answered: the part the first answer leaves out is
//! looked up on its own and its answer follows, with its own citation. With the real model
//! (DOCENT_MODEL_DIR or models/all-MiniLM-L6-v2; under CI=true a missing model fails,
//! elsewhere the test prints a reason and skips).

mod common;

use docent_core::{Answer, Audience, Chunk, Config};
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

/// The answer to `message` over an index of `chunks` (the real model); `None` without it.
fn answer_over(chunks: &[Chunk], message: &str) -> Option<Answer> {
    let model = testing::model()?;
    let (_dir, index, _model) = common::index_of(model, chunks);
    let tutor = Tutor::from_config(&Config::default()).unwrap();
    let question = Question::new(message, Audience::Public);
    Some(tutor.ask(&index, &question, &mut |_, _| {}).unwrap())
}

/// A part the page the answer quotes also answers (in another section) is answered from it.
#[test]
fn a_part_the_quoted_page_also_answers_is_answered_from_it() {
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
    let Some(answer) = answer_over(
        &chunks,
        "How often does Lumio back up my workspace, and how do I restore a backup?",
    ) else {
        return;
    };
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

/// A part the quoted page answers in a section the whole message's words do not lead to is
/// answered from that section, with what the answer does not already say.
#[test]
fn a_part_is_answered_from_the_section_closest_to_it_in_meaning() {
    let chunks = vec![
        section(
            "sso",
            0,
            "Single sign-on",
            "Overview",
            "Single sign-on lets your team sign in to Lumio with Okta, Azure AD or Google \
             Workspace instead of Lumio passwords. Single sign-on is available on the \
             Enterprise plan.",
        ),
        section(
            "sso",
            1,
            "Single sign-on",
            "Turning it on",
            "To turn on single sign-on, an owner opens Settings > Security, chooses the \
             identity provider and pastes its metadata URL.",
        ),
        section(
            "sso",
            2,
            "Single sign-on",
            "Permissions",
            "Your identity provider controls who can authenticate; Lumio controls their \
             permissions. When a user is first provisioned through your identity provider, \
             they get the Viewer role. An owner can promote them to Editor.",
        ),
        page(
            "accounts",
            "Accounts",
            "Members can use single sign-on with Okta or Azure AD to log in with the accounts \
             they already have.",
        ),
    ];
    let Some(answer) = answer_over(
        &chunks,
        "Can we sign in to Lumio with Okta instead of Lumio passwords? Also, what role do \
         people get when they first sign in that way?",
    ) else {
        return;
    };
    assert!(answer.answered, "{answer:?}");
    assert!(answer.text.contains("Okta"), "{}", answer.text);
    assert!(answer.text.contains("the Viewer role"), "{}", answer.text);
    // Nothing the answer quotes is said twice.
    let mut quoted: Vec<(&str, usize)> = answer
        .citations
        .iter()
        .map(|c| (c.chunk_id.as_str(), c.start))
        .collect();
    quoted.sort_unstable();
    let n = quoted.len();
    quoted.dedup();
    assert_eq!(quoted.len(), n, "{}", answer.text);
}
