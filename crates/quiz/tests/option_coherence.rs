//! Wrong options of a sentence-completion question measured against its key with the real
//! model (`OPTION_COHERENCE`): setting names beside a setting name are alike, task fields
//! beside a setting name are not. The model comes from DOCENT_MODEL_DIR or
//! models/all-MiniLM-L6-v2; under CI=true a missing model fails, elsewhere the test prints a
//! reason and skips.

use std::sync::Arc;

use docent_core::Chunk;
use docent_embed::{testing, Embedder};
use docent_index::{write_embedded, Index};
use docent_quiz::evidence::Evidence;
use docent_quiz::{option_coherence, Item, ItemKind, OPTION_COHERENCE};

fn chunk() -> Chunk {
    Chunk::public_doc(
        "filters",
        "Filters",
        &["Filters"],
        "Add attributes to `filterableAttributes` to enable filtering.",
    )
}

fn question(options: &[&str]) -> Item {
    let mut it: Item = serde_json::from_value(serde_json::json!({
        "id": "q1",
        "kind": "multiple_choice",
        "stem": "Which completes the sentence? Add attributes to _____ to enable filtering.",
        "options": options,
        "key": [0],
        "answers": [],
        "explanation": "",
        "difficulty": 2,
        "level": "recall",
        "source": {"chunk_id": "filters#0", "doc_id": "filters", "title": "Filters",
                   "heading_path": [], "quote": "", "chunk_hash": ""},
        "status": "draft",
        "stale": false,
        "basis": "statement"
    }))
    .unwrap();
    it.kind = ItemKind::MultipleChoice;
    it
}

#[test]
fn wrong_options_of_another_kind_than_the_key_are_unlike_it() {
    let Some(model) = testing::model() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_embedded(dir.path(), &[chunk()], &model, 256).unwrap();
    let model: Arc<dyn Embedder> = Arc::new(model);
    let index = Index::open(dir.path(), Some(model)).unwrap();
    let mut ev = Evidence::new(&index);
    let alike = option_coherence(
        &index,
        &mut ev,
        &question(&[
            "filterableAttributes",
            "sortableAttributes",
            "searchableAttributes",
            "displayedAttributes",
        ]),
    )
    .unwrap();
    let unlike = option_coherence(
        &index,
        &mut ev,
        &question(&[
            "filterableAttributes",
            "canceledBy",
            "taskUid",
            "deletedTasks",
        ]),
    )
    .unwrap();
    assert!(alike >= OPTION_COHERENCE, "{alike}");
    assert!(unlike < OPTION_COHERENCE, "{unlike}");
}
