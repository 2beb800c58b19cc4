//! A query scope with the real model: a section whose body shares the query's words but
//! whose title and headings are about something else is off its heading (`HEADING_FLOOR`;
//! its items then stay only when their own statement is close to the query, tested in
//! lib.rs), a section titled for the query is not. The model comes from DOCENT_MODEL_DIR or
//! models/all-MiniLM-L6-v2; under CI=true a missing model fails, elsewhere the test prints a
//! reason and skips.

use std::sync::Arc;

use docent_core::{Audience, Chunk, DocKind};
use docent_embed::{testing, Embedder};
use docent_index::{write_embedded, Index};
use docent_quiz::evidence::Evidence;
use docent_quiz::scope::HEADING_FLOOR;
use docent_quiz::{plan, Options, Scope};

fn section(id: &str, title: &str, heading: &str, text: &str) -> Chunk {
    Chunk {
        id: format!("{id}#0"),
        doc_id: id.into(),
        ordinal: 0,
        title: title.into(),
        heading_path: vec![title.into(), heading.into()],
        text: text.into(),
        offset: 0,
        audience: Audience::Public,
        product: None,
        kind: DocKind::Doc,
        source: format!("{id}.md"),
        url: None,
    }
}

fn index(model: impl Embedder + 'static, chunks: &[Chunk], dir: &std::path::Path) -> Index {
    write_embedded(dir, chunks, &model, 256).unwrap();
    let model: Arc<dyn Embedder> = Arc::new(model);
    Index::open(dir, Some(model)).unwrap()
}

#[test]
fn a_section_titled_for_something_else_is_off_a_query_scopes_heading() {
    let Some(model) = testing::model() else {
        return;
    };
    let query = "sending reports to recipients on a schedule";
    let chunks = vec![
        section(
            "schedule",
            "Schedule a report by email",
            "Create a schedule",
            "Open a report and click Schedule. Choose daily, weekly or monthly delivery. \
             Scheduled reports are emailed as a PDF to the recipients you list.",
        ),
        section(
            "limits",
            "Plans and quotas",
            "Limits",
            "Scheduled reports are emailed at 6:00 in the workspace's time zone. A report \
             schedule can email up to 20 recipients. Scheduled report emails carry at most 10 MB \
             of attachments.",
        ),
        section(
            "billing",
            "Billing",
            "Invoices",
            "Invoices are emailed to the billing contact on the first day of each month.",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let index = index(model, &chunks, dir.path());
    let anchor = index.embed_query(query).unwrap();
    let heading = |row: usize| -> f32 {
        let v = index.heading_vector(row).unwrap().expect("heading vector");
        anchor.iter().zip(&v).map(|(a, b)| a * b).sum()
    };
    // The premise: the limits section's title is below the floor, the schedule's above.
    assert!(
        heading(0) >= HEADING_FLOOR,
        "schedule heading {}",
        heading(0)
    );
    assert!(heading(1) < HEADING_FLOOR, "limits heading {}", heading(1));

    let scope = Scope::parse(query);
    let opts = Options::default();
    let plan = plan(&index, &scope, &opts, &mut Evidence::new(&index)).unwrap();
    assert!(
        plan.rows.contains(&1),
        "the limits section is in the scope's rows"
    );
    assert!(plan.off_heading.contains(&1), "{:?}", plan.off_heading);
    assert!(!plan.off_heading.contains(&0), "{:?}", plan.off_heading);
}
