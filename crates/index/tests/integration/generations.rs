//! Proves: 1. re-ingesting unchanged files does no work and writes no generation; 2. a changed
//! file is replaced and only its new chunks are embedded; 3. a deleted file leaves the index;
//! 4. a corrupt file and a malformed ticket row are reported by path and line while the rest is
//! ingested; 5. a killed ingest (failpoint before the commit) leaves the previous generation
//! live and readable, and so does a vector backend (Qdrant) whose sync fails before the commit;
//! 6. a reader keeps its generation while a re-index swaps in the next;
//! 7. an index built with another model refuses to open; 8. public readers never see internal
//! chunks or tickets; 9. a folder given by another spelling of its path is the same root: its
//! files are matched, never added twice; 10. a reader finds the previous generation's directory
//! while it is on disk; 11. a second writer of an index is refused, naming the first, while the
//! first writes, and both changes end up live; 12. a subfolder or file of an ingested folder
//! is read as part of that folder (its files keep their ids), and a folder ingested after its
//! subfolder replaces the subfolder's copies; 13. a `CURRENT` naming a generation that is gone
//! says how to recover, and the way it names works.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use docent_core::{Audience, DocKind, SearchMode};
use docent_index::{ingest, Error, Filter, Index, IngestOptions, SearchOptions};
use docent_ingest::Files;

use crate::{words, write, HashingEmbedder};
use docent_embed::Embedder;

const E: HashingEmbedder = HashingEmbedder {
    id: "hashing-test-double",
};

pub(crate) fn corpus(root: &Path) {
    write(&root.join("docs/export.md"), "---\ntitle: Export a report\naudience: public\n---\n# Export a report\n\n1. Open the report.\n2. Click **Export**.\n3. Choose CSV.\n");
    write(&root.join("docs/sso.md"), "---\ntitle: Single sign-on\naudience: customer\n---\n# Single sign-on\n\nUpload the SAML metadata of your identity provider.\n");
    write(&root.join("docs/runbook.md"), "---\ntitle: Export outage runbook\naudience: internal\n---\n# Runbook\n\nRestart the export workers when exports stall.\n");
    write(&root.join("docs/page.html"), "<html><head><title>Billing</title></head><body><h1>Billing</h1><p>Invoices are emailed monthly.</p></body></html>");
    write(&root.join("docs/tickets.csv"), "id,created_at,subject,description,tags\n1,2026-03-02,Export broken,\"Export to CSV fails, mail me at x@y.com\",export\n2,,No date,Body,x\n3,2026-03-03,SSO,Okta loop on export page,sso\n");
}

pub(crate) fn opts(root: &Path, index: &Path) -> IngestOptions {
    IngestOptions {
        index_dir: index.to_path_buf(),
        sources: vec![Arc::new(Files::new(vec![root.join("docs")], Vec::new()))],
        chunking: docent_core::ChunkingConfig {
            max_tokens: 40,
            overlap_tokens: 0,
        },
        model_max_tokens: 256,
        ..Default::default()
    }
}

pub(crate) fn dirs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("src");
    let index = t.path().join("indexes/test");
    corpus(&root);
    (t, root, index)
}

fn open(index: &Path) -> Index {
    Index::open(index, Some(Arc::new(E))).unwrap()
}

fn doc_ids(index: &Index) -> Vec<String> {
    let mut ids: Vec<String> = index.chunks().iter().map(|c| c.doc_id.clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn a_folder_given_by_another_spelling_of_its_path_is_not_ingested_twice() {
    let (_t, root, index) = dirs();
    let r1 = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let ids = doc_ids(&open(&index));
    let chunks = open(&index).chunks().len();
    // The same folder, named through its parent: another string, the same files.
    let other = root.join("..").join("src");
    assert_ne!(other, root);
    let r2 = ingest(&opts(&other, &index), &E, &words, &()).unwrap();
    assert!(!r2.committed, "nothing new: {r2:?}");
    assert_eq!((r2.files_unchanged, r2.files_changed), (5, 0));
    assert_eq!(r2.generation, r1.generation);
    // A change under the other spelling replaces the file; nothing is doubled.
    write(&other.join("docs/sso.md"), "---\ntitle: Single sign-on\naudience: customer\n---\n# Single sign-on\n\nUpload the SAML metadata. Then click Test sign-in.\n");
    let r3 = ingest(&opts(&other, &index), &E, &words, &()).unwrap();
    assert_eq!(
        (r3.files_changed, r3.files_removed, r3.files_unchanged),
        (1, 0, 4)
    );
    let after = open(&index);
    assert_eq!(doc_ids(&after), ids);
    assert!(
        after.chunks().len() <= chunks + 1,
        "{} -> {}",
        chunks,
        after.chunks().len()
    );
}

fn ingest_paths(index: &Path, docs: Vec<PathBuf>) -> docent_index::IngestReport {
    let opts = IngestOptions {
        sources: vec![Arc::new(Files::new(docs, Vec::new()))],
        ..opts(Path::new("unused"), index)
    };
    ingest(&opts, &E, &words, &()).unwrap()
}

fn audiences_of(index: &Index, doc: &str) -> Vec<Audience> {
    let mut a: Vec<Audience> = index
        .chunks()
        .iter()
        .filter(|c| c.doc_id == doc)
        .map(|c| c.audience)
        .collect();
    a.dedup();
    a
}

// Session 55's note: a subfolder (or one file) of an ingested folder, ingested on its own, was
// indexed again under new ids (`guides/a` became `a`), and the first copy stayed: a page made
// internal that way kept its public copy. It is now read as part of the folder the index holds.
#[test]
fn a_subfolder_or_file_of_an_ingested_folder_is_read_as_part_of_it() {
    let (_t, root, index) = dirs();
    let guide = root.join("docs/guides/share.md");
    write(&guide, "---\ntitle: Share a dashboard\naudience: public\n---\n# Share a dashboard\n\nOpen the dashboard and click Share.\n");
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let before = doc_ids(&open(&index));
    assert!(before.contains(&"guides/share".to_string()), "{before:?}");
    write(&guide, "---\ntitle: Share a dashboard\naudience: internal\n---\n# Share a dashboard\n\nOpen the dashboard and click Share.\n");
    let r = ingest_paths(&index, vec![root.join("docs/guides")]);
    assert_eq!(r.widened.len(), 1, "{r:?}");
    assert_eq!(r.widened[0].root, root.join("docs").to_string_lossy());
    assert_eq!((r.files_changed, r.files_removed), (1, 0), "{r:?}");
    let after = open(&index);
    assert_eq!(doc_ids(&after), before, "no second copy under other ids");
    assert_eq!(
        audiences_of(&after, "guides/share"),
        vec![Audience::Internal]
    );
    // One file of the folder, named by another spelling: the same.
    write(&guide, "---\ntitle: Share a dashboard\naudience: customer\n---\n# Share a dashboard\n\nOpen the dashboard and click Share.\n");
    let r = ingest_paths(&index, vec![root.join("docs/../docs/guides/share.md")]);
    assert_eq!(r.widened.len(), 1, "{r:?}");
    let after = open(&index);
    assert_eq!(doc_ids(&after), before);
    assert_eq!(
        audiences_of(&after, "guides/share"),
        vec![Audience::Customer]
    );
}

// The other way round: a folder ingested after one of its subfolders was. Its files are read
// under the folder, and the subfolder's entries leave (before, both copies stayed).
#[test]
fn a_folder_ingested_after_its_subfolder_replaces_the_subfolders_copies() {
    let (_t, root, index) = dirs();
    let guide = root.join("docs/guides/share.md");
    write(&guide, "---\ntitle: Share a dashboard\naudience: public\n---\n# Share a dashboard\n\nOpen the dashboard and click Share.\n");
    write(
        &root.join("docs/guides/gone.md"),
        "# Gone\n\nThis page is deleted before the folder is ingested.\n",
    );
    ingest_paths(&index, vec![root.join("docs/guides")]);
    assert_eq!(doc_ids(&open(&index)), vec!["gone", "share"]);
    std::fs::remove_file(root.join("docs/guides/gone.md")).unwrap();
    let r = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(r.widened.is_empty());
    assert_eq!(r.files_removed, 2, "{r:?}");
    let ids = doc_ids(&open(&index));
    assert!(ids.contains(&"guides/share".to_string()), "{ids:?}");
    assert!(!ids.contains(&"share".to_string()), "{ids:?}");
    assert!(!ids.contains(&"gone".to_string()), "{ids:?}");
}

// Outside probe (session 55): a JSONL record with a page's id (`"id": "sso"`) took over the
// page's id and links, or not, by the order files were read and which of them had changed;
// the page moved to `sso.md`. A page keeps its path's id, the record is refused and named on
// every ingest, whichever file changes; two pages of one stem keep their ids apart.
#[test]
fn a_record_never_takes_a_pages_id() {
    let (_t, root, index) = dirs();
    let counter = words;
    let feed = root.join("docs/0-feed.jsonl");
    write(
        &feed,
        "{\"id\": \"sso\", \"title\": \"Single sign-on\", \"text\": \"SSO is retired. Pay the setup fee at https://evil.example/pay.\", \"audience\": \"public\"}\n{\"id\": \"feed-news\", \"title\": \"News\", \"text\": \"Release notes for March.\"}\n",
    );
    write(
        &root.join("docs/export.html"),
        "<html><head><title>Export (old)</title></head><body><p>Old export page.</p></body></html>",
    );
    let check = |when: &str| {
        let r = ingest(&opts(&root, &index), &E, &counter, &()).unwrap();
        let refused: Vec<String> = r
            .problems
            .iter()
            .filter(|p| p.at.contains("0-feed.jsonl") && p.message.contains("\"sso\""))
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(refused.len(), 1, "{when}: {:?}", r.problems);
        let idx = open(&index);
        let sso: Vec<&str> = idx
            .chunks()
            .iter()
            .filter(|c| c.doc_id == "sso")
            .map(|c| c.text.as_str())
            .collect();
        assert!(!sso.is_empty(), "{when}");
        assert!(
            sso.iter().all(|t| !t.contains("evil.example")),
            "{when}: {sso:?}"
        );
        let ids = doc_ids(&idx);
        for id in ["feed-news", "export", "export.md"] {
            assert!(ids.contains(&id.to_string()), "{when}: {ids:?}");
        }
        assert!(!ids.contains(&"sso.md".to_string()), "{when}: {ids:?}");
        r
    };
    check("first ingest");
    let again = check("unchanged");
    assert!(!again.committed, "nothing changed: no new generation");
    write(&root.join("docs/sso.md"), "---\ntitle: Single sign-on\naudience: customer\n---\n# Single sign-on\n\nUpload the SAML metadata. Then test it.\n");
    check("the page changed");
    let mut text = std::fs::read_to_string(&feed).unwrap();
    text.push_str("{\"id\": \"feed-more\", \"title\": \"More\", \"text\": \"More news.\"}\n");
    write(&feed, &text);
    check("the feed changed");
}

#[test]
fn incremental_ingest_changes_and_deletes() {
    let (_t, root, index) = dirs();
    let counter = words;
    let r1 = ingest(&opts(&root, &index), &E, &counter, &()).unwrap();
    assert!(r1.committed);
    assert_eq!(r1.files_seen, 5);
    assert_eq!(r1.documents, 4);
    assert_eq!(r1.tickets, 2, "the dated tickets load");
    assert_eq!(r1.problems.len(), 1, "{:?}", r1.problems);
    assert!(
        r1.problems[0].at.ends_with("tickets.csv:3"),
        "{:?}",
        r1.problems[0]
    );

    let r2 = ingest(&opts(&root, &index), &E, &counter, &()).unwrap();
    assert!(!r2.committed, "unchanged files: no new generation");
    assert_eq!(r2.files_unchanged, 5);
    assert_eq!(r2.chunks_embedded, 0);
    assert_eq!(r2.generation, r1.generation);

    write(&root.join("docs/sso.md"), "---\ntitle: Single sign-on\naudience: customer\n---\n# Single sign-on\n\nUpload the SAML metadata. Then click Test sign-in.\n");
    std::fs::remove_file(root.join("docs/page.html")).unwrap();
    let r3 = ingest(&opts(&root, &index), &E, &counter, &()).unwrap();
    assert_eq!(
        (r3.files_changed, r3.files_removed, r3.files_unchanged),
        (1, 1, 3)
    );
    assert!(
        r3.chunks_embedded >= 1 && r3.chunks_embedded <= 2,
        "only the changed file's chunks: {}",
        r3.chunks_embedded
    );
    let idx = open(&index);
    assert!(!doc_ids(&idx).contains(&"page".to_string()));
    assert!(idx.chunks().iter().any(|c| c.text.contains("Test sign-in")));
    assert!(!idx
        .chunks()
        .iter()
        .any(|c| c.text == "Upload the SAML metadata of your identity provider."));
    let ticket = idx.tickets().iter().find(|t| t.id == "1").unwrap();
    assert!(
        !ticket.description.contains("x@y.com"),
        "tickets are redacted before storage"
    );
}

#[test]
fn corrupt_file_is_reported_and_the_rest_ingested() {
    let (_t, root, index) = dirs();
    std::fs::write(root.join("docs/broken.md"), [0xffu8, 0xfe, 0x00, 0x81]).unwrap();
    write(
        &root.join("docs/bad.md"),
        "---\naudience: vip\n---\n# Bad\n\ntext\n",
    );
    // An outside probe (session 54): an empty page left the index without a word.
    write(
        &root.join("docs/empty.md"),
        "---\ntitle: Nothing yet\n---\n",
    );
    let r = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let at: Vec<&str> = r.problems.iter().map(|p| p.at.as_str()).collect();
    assert!(at.iter().any(|a| a.ends_with("empty.md")), "{at:?}");
    assert!(at.iter().any(|a| a.ends_with("broken.md")), "{at:?}");
    assert!(at.iter().any(|a| a.contains("bad.md")), "{at:?}");
    assert_eq!(r.documents, 4);
}

// An outside probe of bad input (session 54): a page overwritten with bytes that are no text
// left the index ("0 removed" in the summary), and the next ingest, seeing an unchanged file,
// said nothing; a rejected ticket row was reported on the first run only.
#[test]
fn an_unreadable_new_version_keeps_the_last_and_every_run_says_so() {
    let (_t, root, index) = dirs();
    let r1 = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let row = |r: &docent_index::IngestReport| {
        r.problems
            .iter()
            .filter(|p| p.at.contains("tickets.csv"))
            .count()
    };
    assert_eq!(row(&r1), 1, "{:?}", r1.problems);
    std::fs::write(root.join("docs/export.md"), [0xffu8, 0xfe, 0x00, 0x81]).unwrap();
    for run in 0..2 {
        let r = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
        assert!(
            r.problems
                .iter()
                .any(|p| p.at.ends_with("export.md") && p.message.contains("last readable version")),
            "run {run}: {:?}",
            r.problems
        );
        assert_eq!(row(&r), 1, "run {run}: {:?}", r.problems);
        assert_eq!(
            (r.files_removed, r.documents),
            (0, r1.documents),
            "run {run}"
        );
        assert!(doc_ids(&open(&index)).contains(&"export".to_string()));
    }
    // The second of those runs changed nothing and wrote no generation.
    let r = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(!r.committed);
}

// Session 55's second probe: a public page made internal in a form Docent refuses
// (`audience: internal # staff only`, a YAML list) was refused, and its public version stayed
// ("its last readable version stays"). A refused page leaves the index; a lost one stays.
#[test]
fn a_page_refused_for_its_audience_leaves_the_index() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(doc_ids(&open(&index)).contains(&"export".to_string()));
    for (run, front) in ["audience:\n  - internal", "audience: [internal]"]
        .iter()
        .enumerate()
    {
        write(
            &root.join("docs/export.md"),
            &format!(
                "---\ntitle: Export a report\n{front}\n---\n# Export a report\n\nRun {run}.\n"
            ),
        );
        let r = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
        assert!(
            r.problems
                .iter()
                .any(|p| p.at.contains("export.md") && p.message.contains("left the index")),
            "{front}: {:?}",
            r.problems
        );
        assert!(
            !doc_ids(&open(&index)).contains(&"export".to_string()),
            "{front}"
        );
    }
}

#[test]
fn killed_ingest_leaves_previous_generation_live() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let before = open(&index);
    let before_ids = doc_ids(&before);
    write(
        &root.join("docs/new.md"),
        "# New page\n\nBrand new content about dashboards.\n",
    );
    let mut o = opts(&root, &index);
    o.fail_at = Some("before_commit");
    let err = ingest(&o, &E, &words, &()).unwrap_err();
    assert!(matches!(err, Error::Aborted(_)));
    let after = open(&index);
    assert_eq!(
        doc_ids(&after),
        before_ids,
        "the old generation is still live"
    );
    assert_eq!(after.manifest().generation, before.manifest().generation);
    // The next ingest cleans up and succeeds.
    let r = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(r.committed);
    assert!(doc_ids(&open(&index)).contains(&"new".to_string()));
}

/// A vector backend that refuses every write: a test double standing in for a Qdrant server
/// that fails mid-sync (the real server's failpoint test is in `qdrant.rs`).
#[derive(Debug)]
struct FailingReplicaTestDouble;

impl docent_index::VectorSync for FailingReplicaTestDouble {
    fn stage(
        &self,
        _: &Path,
        _: &dyn docent_index::Progress,
    ) -> docent_index::Result<Option<docent_index::SyncReport>> {
        Err(Error::Backend {
            target: "test double".into(),
            message: "unavailable".into(),
        })
    }
    fn prune(&self, _: &Path) -> docent_index::Result<usize> {
        Ok(0)
    }
}

#[test]
fn failed_replica_sync_leaves_previous_generation_live_test_double() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let before = open(&index);
    write(
        &root.join("docs/new.md"),
        "# New page\n\nBrand new content.\n",
    );
    let mut o = opts(&root, &index);
    o.vectors = Arc::new(FailingReplicaTestDouble);
    let err = ingest(&o, &E, &words, &()).unwrap_err();
    assert!(matches!(err, Error::Backend { .. }), "{err}");
    let after = open(&index);
    assert_eq!(after.manifest().generation, before.manifest().generation);
    assert_eq!(
        doc_ids(&after),
        doc_ids(&before),
        "the old generation is live"
    );
}

#[test]
fn readers_keep_their_generation_during_reindex() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let reader = open(&index);
    let o = SearchOptions {
        mode: SearchMode::Hybrid,
        ..Default::default()
    };
    let first = reader.search("export report csv", &o).unwrap();
    assert!(!first.is_empty());
    // Two re-indexes: the reader's generation is at most one behind, so it is kept.
    write(
        &root.join("docs/export.md"),
        "# Export\n\nExports now also support Parquet.\n",
    );
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let again = reader.search("export report csv", &o).unwrap();
    assert_eq!(first.len(), again.len());
    assert_eq!(
        first[0].chunk.id, again[0].chunk.id,
        "old handle still serves the old data"
    );
    let fresh = open(&index);
    assert!(fresh.chunks().iter().any(|c| c.text.contains("Parquet")));
}

#[test]
fn other_model_is_refused() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let other = HashingEmbedder {
        id: "another-model",
    };
    let err = Index::open(&index, Some(Arc::new(other))).err().unwrap();
    assert!(matches!(err, Error::ManifestMismatch { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("hashing-test-double") && msg.contains("another-model"),
        "{msg}"
    );
    let mut o = opts(&root, &index);
    o.chunking.max_tokens = 99;
    let err = ingest(&o, &E, &words, &()).unwrap_err();
    assert!(matches!(err, Error::ManifestMismatch { .. }), "{err}");
}

#[test]
fn public_readers_never_see_internal_content() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let idx = open(&index);
    for mode in SearchMode::ALL {
        let o = SearchOptions {
            mode,
            k: 50,
            filter: Filter {
                audience: Audience::Public,
                kinds: vec![],
                product: None,
            },
            ..Default::default()
        };
        // The question names internal content outright.
        let hits = idx
            .search(
                "internal export outage runbook restart workers tickets Okta",
                &o,
            )
            .unwrap();
        assert!(
            hits.iter().all(|h| h.chunk.audience == Audience::Public),
            "{mode:?}"
        );
        assert!(
            hits.iter().all(|h| h.chunk.kind == DocKind::Doc),
            "{mode:?}"
        );
    }
    let staff = SearchOptions {
        mode: SearchMode::Bm25,
        ..Default::default()
    };
    let hits = idx.search("restart export workers", &staff).unwrap();
    assert!(hits.iter().any(|h| h.chunk.doc_id == "runbook"));
}

#[test]
fn an_index_of_the_previous_format_is_rebuilt_without_re_embedding() {
    let (_t, root, index) = dirs();
    let first = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    // Make the live generation look like format 1 (three BM25 fields, same vector file).
    let dir = docent_index::live_generation(&index).unwrap().unwrap();
    let path = dir.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m["format_version"] = 1.into();
    std::fs::write(&path, m.to_string()).unwrap();
    assert!(
        Index::open(&index, Some(Arc::new(E))).is_err(),
        "format 1 is not read"
    );
    let second = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(second.committed);
    assert_eq!(second.chunks_embedded, 0);
    assert_eq!(second.chunks_reused, first.chunks);
    // The same chunk text cut into the same sentences keeps its sentence vectors too.
    assert!(first.sentences_embedded > 0);
    assert_eq!(second.sentences_embedded, 0);
    assert_eq!(second.sentences_reused, first.sentences_embedded);
    assert_eq!(open(&index).chunks().len(), first.chunks);
}

#[test]
fn heading_vectors_embed_title_and_headings_once_and_carry_over() {
    let (_t, root, index) = dirs();
    let first = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let idx = open(&index);
    let row = idx
        .chunks()
        .iter()
        .position(|c| c.doc_id == "sso")
        .expect("the SSO page is indexed");
    let stored = idx
        .heading_vector(row)
        .unwrap()
        .expect("a doc chunk has one");
    let text = docent_index::sentences::heading_text(&idx.chunks()[row]);
    assert_eq!(
        text, "Single sign-on",
        "a heading equal to the title is not repeated"
    );
    let want = &E.embed(&[text.as_str()]).unwrap()[0];
    let cos: f32 = stored.iter().zip(want).map(|(a, b)| a * b).sum();
    assert!(
        cos > 0.99,
        "the stored vector is the heading text's ({cos})"
    );
    let ticket = idx.chunks().iter().position(|c| c.kind == DocKind::Ticket);
    if let Some(t) = ticket {
        assert_eq!(idx.heading_vector(t).unwrap(), None, "tickets have none");
    }
    assert!(first.headings_embedded >= 3);
    drop(idx);
    // A page whose body changes keeps its title and headings: nothing new to embed.
    write(
        &root.join("docs/sso.md"),
        "---\ntitle: Single sign-on\naudience: customer\n---\n# Single sign-on\n\nUpload the SAML metadata, then test the login.\n",
    );
    let second = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(second.committed);
    assert_eq!(second.headings_embedded, 0);
    let idx = open(&index);
    let row = idx.chunks().iter().position(|c| c.doc_id == "sso").unwrap();
    assert!(idx.heading_vector(row).unwrap().is_some());
}

#[test]
fn term_vectors_embed_each_doc_term_once_and_carry_over() {
    let (_t, root, index) = dirs();
    let first = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let idx = open(&index);
    let stored = idx
        .term_vector("metadata")
        .expect("a word of the SSO page has a vector")
        .to_vec();
    let want = &E.embed(&["metadata"]).unwrap()[0];
    let norm = want.iter().map(|x| x * x).sum::<f32>().sqrt();
    let cos: f32 = stored.iter().zip(want).map(|(a, b)| a * b / norm).sum();
    assert!(cos > 0.99, "the stored vector is the term's own ({cos})");
    assert!(
        idx.term_vector("sourdough").is_none(),
        "a word the docs never use has none"
    );
    let doc_terms: std::collections::HashSet<String> = idx
        .chunks()
        .iter()
        .filter(|c| c.kind == DocKind::Doc)
        .flat_map(|c| docent_core::terms::terms(&c.text))
        .collect();
    assert!(first.terms_embedded >= doc_terms.len() && !doc_terms.is_empty());
    drop(idx);
    // One new word: only it is embedded; the others come from the previous generation.
    write(
        &root.join("docs/sso.md"),
        "---\ntitle: Single sign-on\naudience: customer\n---\n# Single sign-on\n\nUpload the SAML metadata of your zeppelin identity provider.\n",
    );
    let second = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(second.committed);
    assert_eq!(second.terms_embedded, 1);
    let idx = open(&index);
    assert!(idx.term_vector("zeppelin").is_some());
    assert_eq!(idx.term_vector("metadata"), Some(stored.as_slice()));
}

#[test]
fn the_previous_generation_is_found_while_it_is_on_disk() {
    let (_t, root, index) = dirs();
    let r1 = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert_eq!(
        open(&index).previous_dir(),
        None,
        "a first generation has none"
    );
    write(&root.join("docs/sso.md"), "---\ntitle: Single sign-on\naudience: customer\n---\n# Single sign-on\n\nUpload the SAML metadata.\n");
    let r2 = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    assert!(r2.committed && r2.generation == r1.generation + 1);
    let idx = open(&index);
    let previous = idx.previous_dir().expect("the generation before is kept");
    assert_eq!(previous.parent(), idx.dir().parent());
    assert_ne!(previous, idx.dir());
    assert!(previous.join("manifest.json").is_file());
    // Once the one before is gone, there is none.
    std::fs::remove_dir_all(&previous).unwrap();
    assert_eq!(idx.previous_dir(), None);
}

// Seventh probe, finding 3: changing `[ingest] default_audience` and ingesting again left the
// unchanged files with the audience they were read with ("nothing changed").
#[test]
fn a_new_default_audience_reads_unchanged_files_again() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let audience_of = |id: &str| {
        open(&index)
            .chunks()
            .iter()
            .find(|c| c.doc_id == id)
            .map(|c| c.audience)
    };
    assert_eq!(
        audience_of("page"),
        Some(Audience::Public),
        "no audience named"
    );
    let internal = IngestOptions {
        sources: vec![Arc::new(Files {
            defaults: docent_ingest::LoadDefaults {
                audience: Some(Audience::Internal),
                product: None,
                ..Default::default()
            },
            ..Files::new(vec![root.join("docs")], Vec::new())
        })],
        ..opts(&root, &index)
    };
    let second = ingest(&internal, &E, &words, &()).unwrap();
    assert!(second.files_changed > 0, "{second:?}");
    assert_eq!(second.chunks_embedded, 0, "the text is the same");
    assert_eq!(audience_of("page"), Some(Audience::Internal));
    assert_eq!(
        audience_of("export"),
        Some(Audience::Public),
        "its own audience"
    );
    let third = ingest(&internal, &E, &words, &()).unwrap();
    assert_eq!(third.files_changed, 0, "{third:?}");
}

/// An embedder that, on its first call, says so and waits to be let go.
pub(crate) struct Held {
    pub(crate) started: std::sync::Mutex<Option<std::sync::mpsc::Sender<()>>>,
    pub(crate) go: std::sync::Mutex<std::sync::mpsc::Receiver<()>>,
}

impl Embedder for Held {
    fn model_id(&self) -> &str {
        E.model_id()
    }
    fn dimension(&self) -> usize {
        E.dimension()
    }
    fn embed(&self, texts: &[&str]) -> docent_embed::Result<Vec<Vec<f32>>> {
        if let Some(started) = self.started.lock().unwrap().take() {
            started.send(()).unwrap();
            self.go.lock().unwrap().recv().unwrap();
        }
        E.embed(texts)
    }
}

/// The tenth probe: two ingests of one index at once both said "generation 2 is live", and
/// one's changes were lost (a page just made internal stayed public).
#[test]
fn a_second_writer_is_refused_while_the_first_writes() {
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    write(
        &root.join("docs/export.md"),
        "---\ntitle: Export a report\naudience: internal\n---\n# Export a report\n\nExports are internal now.\n",
    );
    let (started_tx, started) = std::sync::mpsc::channel();
    let (go, go_rx) = std::sync::mpsc::channel();
    let held = Held {
        started: std::sync::Mutex::new(Some(started_tx)),
        go: std::sync::Mutex::new(go_rx),
    };
    let (first_root, first_index) = (root.clone(), index.clone());
    let first =
        std::thread::spawn(move || ingest(&opts(&first_root, &first_index), &held, &words, &()));
    started.recv().unwrap();
    // Meanwhile another job ingests another folder into the same index.
    let other = root.parent().unwrap().join("other");
    write(
        &other.join("docs/beta.md"),
        "# Beta\n\nBeta gadgets live under Settings.\n",
    );
    let err = ingest(&opts(&other, &index), &E, &words, &()).unwrap_err();
    assert!(matches!(err, Error::Busy { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains(&format!("pid {}", std::process::id())) && text.contains("test"),
        "{text}"
    );
    go.send(()).unwrap();
    let report = first.join().unwrap().unwrap();
    assert!(report.committed);
    let public: Vec<String> = open(&index)
        .chunks()
        .iter()
        .filter(|c| c.audience == Audience::Public)
        .map(|c| c.doc_id.clone())
        .collect();
    assert!(!public.iter().any(|d| d.contains("export")), "{public:?}");
    // Once the first is done, the second goes through.
    ingest(&opts(&other, &index), &E, &words, &()).unwrap();
}

// An outside re-check: `CURRENT` naming a generation that is gone gave a bare "manifest.json:
// No such file"; the error names the pointer and the way back.
#[test]
fn a_pointer_at_a_missing_generation_says_how_to_recover() {
    let (_t, root, index) = dirs();
    let r = ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let before = doc_ids(&open(&index));
    let live = index.join(format!("gen-{:06}", r.generation));
    std::fs::remove_dir_all(&live).unwrap();
    let err = Index::open(&index, Some(Arc::new(E)))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("CURRENT") && err.contains("remove CURRENT and run `docent ingest`"),
        "{err}"
    );
    std::fs::remove_file(index.join("CURRENT")).unwrap();
    assert!(
        ingest(&opts(&root, &index), &E, &words, &())
            .unwrap()
            .committed
    );
    assert_eq!(doc_ids(&open(&index)), before);
}
