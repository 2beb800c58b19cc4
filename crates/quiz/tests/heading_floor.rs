//! Items placed by the title and headings they sit under, with the real model. A query
//! scope's (`HEADING_FLOOR`): the heading inside a chunk above an item's statement counts, so a
//! PIN part of a section titled "Configuring advanced system settings" is on a PIN scope while
//! the rest of that section and an Ambient Mode section are not. A `heading:` scope keeps to
//! its section: a chunk that starts under "## Rhai language basics" and runs on into "##
//! Important considerations" (a sibling of the same level) carries both headings in its
//! statements' path, and only the first is the scope; the page's introduction above every
//! section is not in it either, while a page whose title is the asked heading is the scope
//! whole. The model comes from DOCENT_MODEL_DIR or
//! models/all-MiniLM-L6-v2; under CI=true a missing model fails, elsewhere the test prints a
//! reason and skips.

use std::sync::Arc;

use docent_core::Chunk;
use docent_embed::{testing, Embedder};
use docent_index::{write_embedded, Index};
use docent_quiz::evidence::Evidence;
use docent_quiz::scope::{off_heading, HEADING_FLOOR};
use docent_quiz::{generate, heading_similarities, Options, Scope, Source};

fn section(id: &str, title: &str, heading: &str, text: &str) -> Chunk {
    Chunk::public_doc(id, title, &[title, heading], text)
}

fn index(model: impl Embedder + 'static, chunks: &[Chunk], dir: &std::path::Path) -> Index {
    write_embedded(dir, chunks, &model, 256).unwrap();
    let model: Arc<dyn Embedder> = Arc::new(model);
    Index::open(dir, Some(model)).unwrap()
}

#[test]
fn an_item_is_placed_by_the_title_and_the_heading_it_sits_under() {
    let Some(model) = testing::model() else {
        return;
    };
    let query = "setting and resetting the security PIN";
    // A flat-text manual's section whose title names something broader; the PIN part sits
    // under a heading inside the chunk.
    let chunks = vec![
        section(
            "system",
            "Configuring advanced system settings",
            "Changing the menu language",
            "Select the menu language.\n\n## Setting up a password and PIN\n\nThe PIN input window \
             appears. Enter a PIN and enter it again to confirm it.",
        ),
        section(
            "ambient",
            "Changing the content and settings for Ambient Mode",
            "Auto Brightness",
            "Changes the auto brightness setting for Ambient Mode.",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let index = index(model, &chunks, dir.path());
    let anchor = index.embed_query(query).unwrap();
    let src = |c: &Chunk, inline: Option<&str>| Source {
        chunk_id: c.id.clone(),
        doc_id: c.doc_id.clone(),
        title: c.title.clone(),
        heading_path: c
            .heading_path
            .iter()
            .cloned()
            .chain(inline.map(str::to_string))
            .collect(),
        quote: String::new(),
        chunk_hash: String::new(),
    };
    let pin = src(&chunks[0], Some("Setting up a password and PIN"));
    let language = src(&chunks[0], None);
    let ambient = src(&chunks[1], None);
    let sims = heading_similarities(
        &index,
        &mut Evidence::new(&index),
        &anchor,
        &[&pin, &language, &ambient],
    );
    let sims: Vec<f32> = sims
        .into_iter()
        .map(|s| s.expect("the model embeds"))
        .collect();
    // The statement under the PIN heading is placed by it, the rest of the chunk by its title.
    assert!(sims[0] >= HEADING_FLOOR, "{sims:?}");
    assert!(sims[1] < HEADING_FLOOR, "{sims:?}");
    assert!(sims[2] < HEADING_FLOOR, "{sims:?}");
    // And off its heading are the items under titles for something else, not the closest.
    let off = off_heading(&sims.iter().map(|s| Some(*s)).collect::<Vec<_>>());
    assert_eq!(off, vec![false, true, true]);
}

const TITLE: &str = "Edit documents with functions";

fn page_chunk(id: &str, ordinal: u32, path: &[&str], text: &str) -> Chunk {
    let mut c = Chunk::public_doc(id, TITLE, path, text);
    c.doc_id = "edit".into();
    c.ordinal = ordinal;
    c
}

#[test]
fn a_heading_scope_keeps_to_its_section() {
    let Some(model) = testing::model() else {
        return;
    };
    let chunks = vec![
        page_chunk(
            "edit#0",
            0,
            &[],
            "Editing documents with a function runs as one task per request.\n\n## Rhai language basics\n\nRhai is a lightweight scripting language that runs inside the engine. A function sets a field with the `doc.field = value` syntax.",
        ),
        page_chunk(
            "edit#1",
            1,
            &["Rhai language basics"],
            "A Rhai script can change at most 50 fields of one document. Rhai strings are limited to 4096 characters.\n\n## Important considerations\n\nEdit-by-function tasks cannot be autobatched with other task types. Each function may run for at most 10 seconds per document.",
        ),
        // Another page holds the asked heading one level lower: its level there decides.
        Chunk {
            doc_id: "ref".into(),
            ..Chunk::public_doc(
                "ref#0",
                "Scripting reference",
                &[],
                "## Examples\n\n### Rhai language basics\n\nA Rhai loop can run at most 1000 iterations per document.",
            )
        },
        Chunk {
            doc_id: "ref".into(),
            ordinal: 1,
            ..Chunk::public_doc(
                "ref#1",
                "Scripting reference",
                &["Examples", "Rhai language basics"],
                "A Rhai string can hold at most 4096 characters.\n\n### Loops and limits\n\nA loop in a script may nest at most 8 levels deep.",
            )
        },
    ];
    let dir = tempfile::tempdir().unwrap();
    let index = index(model, &chunks, dir.path());
    let opts = Options {
        count: 20,
        ..Options::default()
    };
    let quiz = generate(&index, &Scope::parse("heading:Rhai language basics"), &opts).unwrap();
    let quotes: Vec<&str> = quiz.items.iter().map(|i| i.source.quote.as_str()).collect();
    assert!(
        quotes
            .iter()
            .any(|q| q.contains("Rhai") || q.contains("to_upper")),
        "the section's own statements are asked: {quotes:?}"
    );
    for q in &quotes {
        assert!(
            !q.contains("autobatched")
                && !q.contains("10 seconds")
                && !q.contains("one task")
                && !q.contains("8 levels"),
            "a statement of a sibling section or of the introduction: {q}"
        );
    }
    assert!(
        quotes
            .iter()
            .any(|q| q.contains("1000 iterations") || q.contains("4096")),
        "the other page's section and its child are asked: {quotes:?}"
    );
    // The title names the page: every section is in its scope.
    let whole = generate(&index, &Scope::parse(&format!("heading:{TITLE}")), &opts).unwrap();
    assert!(
        whole.items.iter().any(
            |i| i.source.quote.contains("autobatched") || i.source.quote.contains("10 seconds")
        ),
        "{:?}",
        whole
            .items
            .iter()
            .map(|i| &i.source.quote)
            .collect::<Vec<_>>()
    );
}
