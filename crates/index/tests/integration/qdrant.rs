//! The Qdrant backend end to end, against a real server when `QDRANT_URL` names one (skipped,
//! with a message, otherwise). Proves: 1. a sync uploads every chunk of the live generation and
//! a second sync finds nothing to do; 2. dense search over Qdrant returns the embedded store's
//! exact ranking; 3. hybrid search honours the audience filter and ranks exactly as Docent's
//! fusion of the reference BM25 list and the exact dense list (ties included); 4. BM25 over
//! the sparse vectors scores as the local reference of the same formula; 5. re-ingesting after
//! a file is deleted removes its points; 6. a store dropped on an async worker (a server's
//! state at shutdown) does not panic; 7. a sync waits for no ingest: while one writes the
//! index, a sync is refused (it would write the generation the ingest replaces).

use std::sync::Arc;

use docent_core::{Audience, IndexBackend, IndexConfig, SearchMode};
use docent_index::{ingest, sync, Backend, Filter, Index, SearchOptions};

use crate::generations::{dirs, opts};
use crate::{words, HashingEmbedder};

const E: HashingEmbedder = HashingEmbedder {
    id: "hashing-test-double",
};

/// The Qdrant backend of the test index for `cfg` (its backend set to Qdrant).
/// The Qdrant server's URL from `QDRANT_URL`; without it the `what` test says it is skipped.
fn qdrant_url(what: &str) -> Option<String> {
    let url = std::env::var("QDRANT_URL").ok();
    if url.is_none() {
        eprintln!("skipped qdrant {what} test: QDRANT_URL is not set (see README, Qdrant)");
    }
    url
}

fn connect(cfg: IndexConfig) -> Backend {
    let cfg = IndexConfig {
        backend: IndexBackend::Qdrant,
        ..cfg
    };
    Backend::connect(&cfg, "test", "hashing-test-double", 64).unwrap()
}

#[test]
fn sync_search_and_delete_over_a_real_qdrant_server() {
    let Some(url) = qdrant_url("end-to-end") else {
        return;
    };
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let backend = connect(IndexConfig {
        qdrant_url: url,
        qdrant_collection_prefix: format!("docent_it_{}_", std::process::id()),
        qdrant_batch: 3,
        ..IndexConfig::default()
    });
    let Backend::Qdrant(store) = &backend else {
        panic!("qdrant backend expected")
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let first = sync(&index, store, &()).unwrap();
        let local = Index::open(&index, Some(Arc::new(E))).unwrap();
        assert_eq!(first.upserted, local.chunks().len());
        let again = sync(&index, store, &()).unwrap();
        assert_eq!((again.upserted, again.deleted), (0, 0));
        assert_eq!(again.unchanged, local.chunks().len());

        let remote = Index::open_on(&index, Some(Arc::new(E)), &backend).unwrap();
        let dense = SearchOptions {
            mode: SearchMode::Dense,
            k: 5,
            ..SearchOptions::default()
        };
        let rows = |ix: &Index, q: &str, o: &SearchOptions| -> Vec<String> {
            ix.search(q, o)
                .unwrap()
                .into_iter()
                .map(|h| h.chunk.id)
                .collect()
        };
        assert_eq!(
            rows(&remote, "export a report to CSV", &dense),
            rows(&local, "export a report to CSV", &dense)
        );
        let hybrid = SearchOptions {
            mode: SearchMode::Hybrid,
            k: 5,
            filter: Filter::docs_for(Audience::Public),
            ..SearchOptions::default()
        };
        let hits = remote.search("export report CSV", &hybrid).unwrap();
        assert_eq!(
            hits[0].chunk.doc_id,
            local.search("export report CSV", &hybrid).unwrap()[0]
                .chunk
                .doc_id
        );
        assert!(hits.iter().all(|h| h.chunk.audience == Audience::Public));
        assert!(hits.iter().all(|h| h.similarity.is_some()));
        // BM25 on the server scores as the local reference of the same formula (scores are
        // compared, so ties may come in either order).
        let texts: Vec<String> = local
            .chunks()
            .iter()
            .map(docent_index::sparse::chunk_text)
            .collect();
        let reference = docent_index::sparse::Reference::new(&texts);
        let terms = docent_index::sparse::query("export report CSV");
        let want: Vec<f32> = reference
            .search(&terms, 3, |_| true)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let got: Vec<f32> = store
            .lexical(&terms, 3, &Filter::default())
            .unwrap()
            .into_iter()
            .map(|(_, s, _)| s)
            .collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g - w).abs() <= 1e-3 * w.abs().max(1.0),
                "qdrant {got:?}, reference {want:?}"
            );
        }

        // Hybrid through Qdrant ranks exactly as Docent's fusion of the reference BM25 list
        // and the exact dense list (ties included): the server returns both lists and
        // Docent fuses them.
        let all = SearchOptions {
            mode: SearchMode::Hybrid,
            k: 8,
            ..SearchOptions::default()
        };
        let dense_all = SearchOptions {
            mode: SearchMode::Dense,
            k: all.candidates,
            ..SearchOptions::default()
        };
        for q in [
            "export report CSV",
            "single sign-on login",
            "invite a teammate",
            "alerts",
        ] {
            let lex: Vec<u64> = reference
                .search(&docent_index::sparse::query(q), all.candidates, |_| true)
                .into_iter()
                .map(|(r, _)| r)
                .collect();
            let den: Vec<u64> = local
                .search(q, &dense_all)
                .unwrap()
                .into_iter()
                .map(|h| h.row)
                .collect();
            let w = all.dense_weight;
            let want: Vec<String> =
                docent_index::rrf(&[(&lex[..], 1.0 - w), (&den[..], w)], all.rrf_k)
                    .into_iter()
                    .take(all.k)
                    .map(|(r, _)| local.chunks()[r as usize].id.clone())
                    .collect();
            assert_eq!(rows(&remote, q, &all), want, "{q}");
        }

        std::fs::remove_file(root.join("docs/sso.md")).unwrap();
        ingest(&opts(&root, &index), &E, &words, &()).unwrap();
        let gone = local
            .chunks()
            .iter()
            .filter(|c| c.source.ends_with("sso.md"))
            .count();
        let after = sync(&index, store, &()).unwrap();
        assert_eq!(after.deleted, gone);
        assert_eq!(store.count_all().unwrap(), after.chunks);
        assert!(store.serving().is_ok());
    }));
    store.drop_collection().unwrap();
    // Health: a server without the collection does not serve it (an outside re-check:
    // /healthz said "ok" while every search failed).
    let missing = store.serving().unwrap_err().to_string();
    assert!(missing.contains("collection missing"), "{missing}");
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

#[test]
fn a_sync_broken_off_before_the_commit_leaves_the_previous_generation_whole() {
    let Some(url) = qdrant_url("failpoint") else {
        return;
    };
    let (_t, root, index) = dirs();
    let mut o = docent_index::qdrant::QdrantOptions::new(
        url,
        format!("docent_fail_{}", std::process::id()),
    );
    o.batch = 2;
    let store = Arc::new(
        docent_index::qdrant::QdrantStore::connect(o.clone(), 64, "hashing-test-double").unwrap(),
    );
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut first = opts(&root, &index);
        first.vectors = store.clone();
        let r1 = ingest(&first, &E, &words, &()).unwrap();
        assert_eq!(r1.replica.as_ref().unwrap().upserted, r1.chunks);
        let gen1 = Index::open(&index, Some(Arc::new(E))).unwrap();
        let gen1_ids: Vec<String> = gen1.chunks().iter().map(|c| c.id.clone()).collect();

        // The docs change; the sync breaks off after one batch, before the commit.
        std::fs::remove_file(root.join("docs/sso.md")).unwrap();
        std::fs::write(
            root.join("docs/export.md"),
            "# Export a report\n\nExports now also write Parquet files and JSON lines, and the export button moved to the toolbar of every report page.\n",
        )
        .unwrap();
        for n in ["a", "b", "c"] {
            std::fs::write(
                root.join(format!("docs/new-{n}.md")),
                format!("# New page {n}\n\nDashboards can now be pinned to the {n} panel.\n"),
            )
            .unwrap();
        }
        let mut broken = o.clone();
        broken.fail_after_batches = Some(1);
        let failing = Arc::new(
            docent_index::qdrant::QdrantStore::connect(broken, 64, "hashing-test-double").unwrap(),
        );
        let mut second = opts(&root, &index);
        second.vectors = failing;
        assert!(ingest(&second, &E, &words, &()).is_err());
        let live = Index::open(&index, Some(Arc::new(E))).unwrap();
        assert_eq!(live.manifest().generation, gen1.manifest().generation);
        // Every point the live generation needs is still in the collection (staging deletes
        // nothing), so a server on it answers as before.
        let points = store.hashes().unwrap();
        for id in &gen1_ids {
            assert!(
                points.contains_key(&docent_index::qdrant::point_id(id)),
                "{id} missing"
            );
        }
        let backend = Backend::Qdrant(store.clone());
        let remote = Index::open_on(&index, Some(Arc::new(E)), &backend).unwrap();
        let hits = remote
            .search(
                "single sign-on SAML",
                &SearchOptions {
                    mode: SearchMode::Hybrid,
                    k: 3,
                    ..SearchOptions::default()
                },
            )
            .unwrap();
        assert!(hits.iter().any(|h| h.chunk.doc_id == "sso"), "{hits:?}");

        // The next ingest finishes: the new generation goes live, the dropped points go.
        let r3 = ingest(&first, &E, &words, &()).unwrap();
        assert!(r3.committed);
        assert_eq!(store.count_all().unwrap(), r3.chunks);
        assert!(r3.replica.unwrap().deleted > 0);
    }));
    store.drop_collection().unwrap();
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

/// The ninth probe: search took the collection's stored audience on trust, so a collection
/// that disagreed with the live generation (an ingest that failed after writing it, or anyone
/// who can reach an unkeyed Qdrant) served an internal page to a public key. Every hit is now
/// checked against the live generation's own chunk.
#[test]
fn search_over_qdrant_checks_each_hit_against_the_live_generation() {
    let Some(url) = qdrant_url("audience") else {
        return;
    };
    let (_t, root, index) = dirs();
    std::fs::write(
        root.join("docs/zephyr.md"),
        "---\naudience: internal\n---\n# Zephyr\n\nThe Zephyr acquisition closes on March 3.\n",
    )
    .unwrap();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let o = docent_index::qdrant::QdrantOptions::new(
        url.clone(),
        format!("docent_trust_{}", std::process::id()),
    );
    let store =
        Arc::new(docent_index::qdrant::QdrantStore::connect(o, 64, "hashing-test-double").unwrap());
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        sync(&index, &store, &()).unwrap();
        let local = Index::open(&index, Some(Arc::new(E))).unwrap();
        let secret = local
            .chunks()
            .iter()
            .find(|c| c.doc_id == "zephyr")
            .expect("the internal page is indexed");
        assert_eq!(secret.audience, Audience::Internal);
        // The collection now says the page is public.
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let client = qdrant_client::Qdrant::from_url(&url).build().unwrap();
            let mut payload = qdrant_client::Payload::new();
            payload.insert("audience", 0i64);
            client
                .set_payload(
                    qdrant_client::qdrant::SetPayloadPointsBuilder::new(
                        store.collection(),
                        payload,
                    )
                    .points_selector(qdrant_client::qdrant::PointsIdsList {
                        ids: vec![docent_index::qdrant::point_id(&secret.id).into()],
                    })
                    .wait(true),
                )
                .await
                .unwrap();
        });
        let backend = Backend::Qdrant(store.clone());
        let remote = Index::open_on(&index, Some(Arc::new(E)), &backend).unwrap();
        for mode in [SearchMode::Dense, SearchMode::Hybrid] {
            let hits = remote
                .search(
                    "Zephyr acquisition closes",
                    &SearchOptions {
                        mode,
                        k: 10,
                        filter: Filter::docs_for(Audience::Public),
                        ..SearchOptions::default()
                    },
                )
                .unwrap();
            assert!(
                hits.iter().all(|h| h.chunk.doc_id != "zephyr"),
                "{mode:?}: {hits:?}"
            );
        }
        // Nearest chunks by a vector (quiz distractors, a gap's closest doc) likewise.
        let vector = local.store().get(
            local
                .chunks()
                .iter()
                .position(|c| c.id == secret.id)
                .unwrap() as u64,
        );
        let vector = vector.unwrap().expect("the chunk has a vector");
        let near = remote
            .nearest(&vector, 10, &Filter::docs_for(Audience::Public))
            .unwrap();
        assert!(
            near.iter()
                .all(|(row, _)| remote.chunks()[*row as usize].doc_id != "zephyr"),
            "{near:?}"
        );
        // Staff still find it.
        let staff = remote
            .search(
                "Zephyr acquisition closes",
                &SearchOptions {
                    mode: SearchMode::Hybrid,
                    k: 10,
                    ..SearchOptions::default()
                },
            )
            .unwrap();
        assert!(staff.iter().any(|h| h.chunk.doc_id == "zephyr"));
    }));
    store.drop_collection().unwrap();
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

#[test]
fn a_store_dropped_inside_an_async_runtime_does_not_panic() {
    let Some(url) = qdrant_url("drop") else {
        return;
    };
    let backend = connect(IndexConfig {
        qdrant_url: url,
        qdrant_collection_prefix: format!("docent_drop_{}_", std::process::id()),
        ..IndexConfig::default()
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    // Dropped on a worker thread, as a server's state is at shutdown; a blocking runtime
    // shutdown there panics ("Cannot drop a runtime in a context where blocking is not allowed").
    let task = rt.spawn(async move { drop(backend) });
    let dropped = rt.block_on(task);
    assert!(dropped.is_ok(), "{dropped:?}");
}

/// The code review of the tenth probe's fixes: `docent gaps` synced the collection to the
/// generation it read while an ingest was committing the next, overwriting the new points.
#[test]
fn a_sync_is_refused_while_an_ingest_writes_the_index() {
    let Some(url) = qdrant_url("lock") else {
        return;
    };
    let (_t, root, index) = dirs();
    ingest(&opts(&root, &index), &E, &words, &()).unwrap();
    let backend = connect(IndexConfig {
        qdrant_url: url,
        qdrant_collection_prefix: format!("docent_it_lock_{}_", std::process::id()),
        ..IndexConfig::default()
    });
    let Backend::Qdrant(store) = &backend else {
        panic!("qdrant backend expected")
    };
    crate::write(
        &root.join("docs/new.md"),
        "# New\n\nA new page about exports.\n",
    );
    let (started_tx, started) = std::sync::mpsc::channel();
    let (go, go_rx) = std::sync::mpsc::channel();
    let held = crate::generations::Held {
        started: std::sync::Mutex::new(Some(started_tx)),
        go: std::sync::Mutex::new(go_rx),
    };
    let (r, i) = (root.clone(), index.clone());
    let writer = std::thread::spawn(move || ingest(&opts(&r, &i), &held, &words, &()));
    started.recv().unwrap();
    let refused = sync(&index, store, &());
    go.send(()).unwrap();
    writer.join().unwrap().unwrap();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert!(
            matches!(refused, Err(docent_index::Error::Busy { .. })),
            "{refused:?}"
        );
        // Once the ingest is done, the sync goes through.
        sync(&index, store, &()).unwrap();
    }));
    store.drop_collection().unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e);
    }
}
