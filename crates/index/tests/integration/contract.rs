//! The contract every vector backend meets, through the two seams an index uses: an ingest
//! brings the backend up to each new generation through `VectorSync` (`Backend::sync`), and
//! an opened index searches it through `VectorSearch` (`Index::store`, keyed by chunk row).
//! Written once and run against the embedded backend always, and against a real Qdrant
//! server whenever `QDRANT_URL` names one (skipped, with a message, otherwise).
//!
//! Proves: 1. search returns the nearest rows best first, equal to a brute-force ranking;
//! 2. filters by audience, kind and product hold; 3. a vector changed in a later generation is
//! found changed, and a dropped document is gone (never returned, its rows gone); 4. a query of
//! the wrong dimension is an error; 5. a row out of range is `None`, not an error; 6. a
//! backend that fails says so: with its collection gone, Qdrant search and lookups are errors,
//! never empty results.

use std::path::Path;

use docent_core::{Audience, Chunk, DocKind};
use docent_index::qdrant::{QdrantOptions, QdrantStore};
use docent_index::{write_index, Backend, Filter, Index, Manifest, FORMAT_VERSION};

const D: usize = 24;

fn unit(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

/// Deterministic pseudo-random unit vectors.
fn vectors(n: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            unit(
                &(0..D)
                    .map(|_| {
                        s = s
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        ((s >> 33) as f32 / (1u64 << 31) as f32) - 0.5
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

/// Chunk `i`: documents of ten chunks each (`a0`, `b0`, `a1`, ... by parity), audiences in
/// turn, every fifth a ticket, product `billing` for `b` documents.
fn chunk(i: usize) -> Chunk {
    let doc = format!("{}{}", if i.is_multiple_of(2) { "a" } else { "b" }, i / 10);
    Chunk {
        id: format!("{doc}#{i}"),
        doc_id: doc.clone(),
        ordinal: i as u32,
        title: doc.clone(),
        heading_path: Vec::new(),
        text: format!("chunk {i}"),
        offset: 0,
        audience: Audience::ALL[i % 3],
        product: Some(
            if doc.starts_with('b') {
                "billing"
            } else {
                "reports"
            }
            .into(),
        ),
        kind: if i.is_multiple_of(5) {
            DocKind::Ticket
        } else {
            DocKind::Doc
        },
        source: format!("{doc}.md"),
        url: None,
        summary_end: 0,
    }
}

fn manifest() -> Manifest {
    Manifest {
        format_version: FORMAT_VERSION,
        model_id: "contract-test".into(),
        dimension: D,
        model_max_tokens: 256,
        chunk_max_tokens: 256,
        chunk_overlap_tokens: 0,
        generation: 0,
        chunks: 0,
        documents: 0,
        tickets: 0,
        built_at: 0,
    }
}

/// Writes a generation of `chunks` with `vs` and brings `backend` up to it, as an ingest
/// does: staged before the generation is read, pruned after.
fn generation(root: &Path, backend: &Backend, chunks: &[Chunk], vs: &[Vec<f32>]) -> Index {
    write_index(root, chunks, vs.to_vec(), [&[], &[]], manifest()).unwrap();
    let dir = docent_index::live_generation(root).unwrap().unwrap();
    let sync = backend.sync();
    sync.stage(&dir, &()).unwrap();
    sync.prune(&dir).unwrap();
    Index::open_on(root, None, backend).unwrap()
}

fn nearest_first_and_filters(root: &Path, backend: &Backend) {
    let vs = vectors(300, 7);
    let chunks: Vec<Chunk> = (0..300).map(chunk).collect();
    let index = generation(root, backend, &chunks, &vs);
    let store = index.store();
    assert_eq!((store.dimension(), store.len()), (D, 300));

    let q = vs[42].clone();
    let got = store.search(&q, 5, &Filter::default()).unwrap();
    let mut brute: Vec<(u64, f32)> = vs
        .iter()
        .enumerate()
        .map(|(i, v)| (i as u64, v.iter().zip(&q).map(|(a, b)| a * b).sum()))
        .collect();
    brute.sort_by(|a, b| b.1.total_cmp(&a.1));
    assert_eq!(got[0].0, 42);
    assert_eq!(
        got.iter().map(|x| x.0).collect::<Vec<_>>(),
        brute[..5].iter().map(|x| x.0).collect::<Vec<_>>()
    );
    assert!(got.windows(2).all(|w| w[0].1 >= w[1].1));

    let f = Filter {
        audience: Audience::Public,
        kinds: vec![DocKind::Doc],
        product: Some("billing".into()),
    };
    let got = store.search(&vs[3], 50, &f).unwrap();
    assert!(!got.is_empty());
    for (row, _) in got {
        let i = row as usize;
        assert_eq!(i % 3, 0, "audience public only");
        assert_ne!(i % 5, 0, "no tickets");
        assert_eq!(i % 2, 1, "billing docs only");
    }

    assert_eq!(store.get(7).unwrap().unwrap(), vs[7]);
    assert_eq!(store.get(300).unwrap(), None, "a row out of range is None");
    assert!(store.search(&[1.0, 0.0], 1, &Filter::default()).is_err());
}

fn changes_and_deletions(root: &Path, backend: &Backend) {
    let vs = vectors(100, 11);
    let chunks: Vec<Chunk> = (0..100).map(chunk).collect();
    generation(root, backend, &chunks, &vs);
    // The next generation: chunk 5's text changed and its vector moved to where chunk 77's
    // is (a backend may tell changes by text and model, as Qdrant's does), document a0
    // (chunks 0, 2, 4, 6, 8) is gone.
    let mut next_vs = vs.clone();
    next_vs[5] = vs[77].clone();
    let keep: Vec<usize> = (0..100usize)
        .filter(|&i| !(i.is_multiple_of(2) && i / 10 == 0))
        .collect();
    let chunks: Vec<Chunk> = keep
        .iter()
        .map(|&i| Chunk {
            text: if i == 5 {
                "chunk 5, rewritten".into()
            } else {
                format!("chunk {i}")
            },
            ..chunk(i)
        })
        .collect();
    let next_vs: Vec<Vec<f32>> = keep.iter().map(|&i| next_vs[i].clone()).collect();
    let index = generation(root, backend, &chunks, &next_vs);
    let store = index.store();
    assert_eq!(store.len(), 95);
    let row_of = |id: &str| index.row(id).unwrap() as u64;
    assert_eq!(store.get(row_of("b0#5")).unwrap().unwrap(), vs[77]);
    let got = store.search(&vs[77], 2, &Filter::default()).unwrap();
    let ids: Vec<&str> = got
        .iter()
        .map(|(r, _)| index.chunks()[*r as usize].id.as_str())
        .collect();
    assert!(ids.contains(&"b0#5") && ids.contains(&"b7#77"), "{ids:?}");
    for v in &vs[..10] {
        for (row, _) in store.search(v, 10, &Filter::default()).unwrap() {
            assert_ne!(index.chunks()[row as usize].doc_id, "a0", "a0 is gone");
        }
    }
}

#[test]
fn embedded_backend_meets_the_contract() {
    let t = tempfile::tempdir().unwrap();
    nearest_first_and_filters(&t.path().join("one"), &Backend::Embedded);
    changes_and_deletions(&t.path().join("two"), &Backend::Embedded);
}

#[test]
fn a_generation_whose_vector_file_does_not_match_is_refused_before_it_goes_live() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("ix");
    let chunks: Vec<Chunk> = (0..10).map(chunk).collect();
    write_index(&root, &chunks, vectors(10, 3), [&[], &[]], manifest()).unwrap();
    let dir = docent_index::live_generation(&root).unwrap().unwrap();
    let vectors_file = dir.join("vectors.f32");
    let bytes = std::fs::read(&vectors_file).unwrap();
    std::fs::write(&vectors_file, &bytes[..bytes.len() - 4]).unwrap();
    let err = Backend::Embedded.sync().stage(&dir, &()).unwrap_err();
    assert!(err.to_string().contains("vectors.f32"), "{err}");
}

fn qdrant(test: &str) -> Option<Backend> {
    let Ok(url) = std::env::var("QDRANT_URL") else {
        eprintln!("skipped qdrant contract '{test}': QDRANT_URL is not set (see README, Qdrant)");
        return None;
    };
    let mut opts = QdrantOptions::new(
        url,
        format!("docent_contract_{test}_{}", std::process::id()),
    );
    opts.api_key = std::env::var("QDRANT_API_KEY").ok();
    opts.batch = 64; // several batches per generation
    let store = QdrantStore::connect(opts, D, "contract-test").unwrap();
    Some(Backend::Qdrant(std::sync::Arc::new(store)))
}

/// Runs `contract` over a fresh collection, dropped afterwards whatever happened.
fn on_qdrant(test: &str, contract: impl FnOnce(&Path, &Backend)) {
    let Some(backend) = qdrant(test) else {
        return;
    };
    let Backend::Qdrant(store) = &backend else {
        unreachable!()
    };
    let t = tempfile::tempdir().unwrap();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        contract(&t.path().join("ix"), &backend)
    }));
    let _ = store.drop_collection();
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

#[test]
fn qdrant_backend_meets_the_contract() {
    on_qdrant("nearest", nearest_first_and_filters);
    on_qdrant("changes", changes_and_deletions);
}

#[test]
fn a_failing_qdrant_backend_is_an_error_not_an_empty_result() {
    on_qdrant("failing", |root, backend| {
        let chunks: Vec<Chunk> = (0..20).map(chunk).collect();
        let vs = vectors(20, 5);
        let index = generation(root, backend, &chunks, &vs);
        let Backend::Qdrant(store) = backend else {
            unreachable!()
        };
        store.drop_collection().unwrap();
        let store = index.store();
        assert!(store.get(3).is_err(), "a lookup on a missing collection");
        assert!(store.search(&vs[3], 5, &Filter::default()).is_err());
    });
}
