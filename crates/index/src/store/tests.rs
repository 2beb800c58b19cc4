//! The embedded store on its own: 1. search returns the nearest vectors best first, equal to a
//! brute-force ranking; 2. filters by audience, kind and product are honoured; 3. inserting an
//! id again replaces its vector; 4. a wrong dimension is an error; 5. the file round-trips and
//! a corrupt one is refused; 6. large stores scan bytes and rescore exactly. The contract every
//! backend meets, through ingestion's writer and the search seam, is in the index crate's
//! integration tests (`contract.rs`).

use super::*;

fn unit(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

fn payload(doc: &str, audience: Audience, kind: DocKind) -> Payload {
    Payload {
        doc_id: doc.into(),
        audience,
        kind,
        product: Some(
            if doc.starts_with('b') {
                "billing"
            } else {
                "reports"
            }
            .into(),
        ),
    }
}

/// Deterministic pseudo-random vectors.
fn vectors(n: usize, d: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            unit(
                &(0..d)
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

fn fill(store: &mut EmbeddedStore, vs: &[Vec<f32>]) {
    let points = vs
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let doc = if i % 2 == 0 {
                format!("a{}", i / 10)
            } else {
                format!("b{}", i / 10)
            };
            let audience = Audience::ALL[i % 3];
            let kind = if i % 5 == 0 {
                DocKind::Ticket
            } else {
                DocKind::Doc
            };
            (i as u64, v.clone(), payload(&doc, audience, kind))
        })
        .collect();
    store.insert(points).unwrap();
}

fn nearest_first(store: &mut EmbeddedStore) {
    let vs = vectors(300, 24, 7);
    fill(store, &vs);
    let q = vs[42].clone();
    let got = store.search(&q, 5, &Filter::default()).unwrap();
    let mut brute: Vec<(u64, f32)> = vs
        .iter()
        .enumerate()
        .map(|(i, v)| (i as u64, dot(&q, v)))
        .collect();
    brute.sort_by(|a, b| b.1.total_cmp(&a.1));
    assert_eq!(got[0].0, 42);
    assert_eq!(
        got.iter().map(|x| x.0).collect::<Vec<_>>(),
        brute[..5].iter().map(|x| x.0).collect::<Vec<_>>()
    );
    assert!(got.windows(2).all(|w| w[0].1 >= w[1].1));
}

fn filters(store: &mut EmbeddedStore) {
    let vs = vectors(300, 24, 9);
    fill(store, &vs);
    let f = Filter {
        audience: Audience::Public,
        kinds: vec![DocKind::Doc],
        product: Some("billing".into()),
    };
    let got = store.search(&vs[3], 50, &f).unwrap();
    assert!(!got.is_empty());
    for (id, _) in got {
        let i = id as usize;
        assert_eq!(i % 3, 0, "audience public only");
        assert_ne!(i % 5, 0, "no tickets");
        assert_eq!(i % 2, 1, "billing docs only");
    }
}

fn insert_replaces(store: &mut EmbeddedStore) {
    let vs = vectors(100, 24, 11);
    fill(store, &vs);
    assert_eq!(store.len(), 100);
    store
        .insert(vec![(
            5,
            vs[77].clone(),
            payload("a0", Audience::Public, DocKind::Doc),
        )])
        .unwrap();
    assert_eq!(store.len(), 100);
    assert_eq!(store.get(5).unwrap().unwrap(), vs[77]);
    assert_eq!(store.get(1).unwrap().unwrap(), vs[1]);
    assert_eq!(store.get(100).unwrap(), None);
    let got = store.search(&vs[99], 1, &Filter::default()).unwrap();
    assert_eq!(got[0].0, 99);
    assert!(store.search(&[1.0, 0.0], 1, &Filter::default()).is_err());
    assert!(store
        .insert(vec![(
            200,
            vec![1.0],
            payload("a0", Audience::Public, DocKind::Doc)
        )])
        .is_err());
}

mod embedded {
    use super::*;

    fn make() -> EmbeddedStore {
        EmbeddedStore::new(24)
    }

    #[test]
    fn nearest_first_as_brute_force() {
        nearest_first(&mut make());
    }

    #[test]
    fn filters_hold() {
        filters(&mut make());
    }

    #[test]
    fn inserting_an_id_again_replaces_it() {
        insert_replaces(&mut make());
    }

    #[test]
    fn many_rows_use_threads_and_agree() {
        let vs = vectors(40_000, 8, 3);
        let mut s = EmbeddedStore::new(8);
        fill(&mut s, &vs);
        let got = s.search(&vs[39_999], 3, &Filter::default()).unwrap();
        assert_eq!(got[0].0, 39_999);
    }

    #[test]
    fn write_read_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let vs = vectors(10, 24, 5);
        let mut s = make();
        fill(&mut s, &vs);
        let path = dir.path().join("v.f32");
        s.write(&path).unwrap();
        let r = EmbeddedStore::read(&path, |id| {
            Some(payload(&format!("a{id}"), Audience::Public, DocKind::Doc))
        })
        .unwrap();
        assert_eq!(r.len(), 10);
        assert_eq!(r.vector(7).unwrap(), vs[7]);
        assert_eq!(EmbeddedStore::header(&path).unwrap(), (24, 10));
        std::fs::write(&path, b"DOCVEC01garbage").unwrap();
        assert!(matches!(
            EmbeddedStore::read(&path, |_| None),
            Err(Error::Corrupt { .. })
        ));
        assert!(matches!(
            EmbeddedStore::header(&path),
            Err(Error::Corrupt { .. })
        ));
    }
}

#[test]
fn large_stores_scan_bytes_then_rescore_exactly() {
    // Vectors around 200 centres (as real embeddings cluster), enough to pass the threshold.
    let n = QUANTIZE_MIN_ROWS + 2_000;
    let d = 48;
    let centres = vectors(200, d, 11);
    let noise = vectors(n, d, 12);
    let vs: Vec<Vec<f32>> = (0..n)
        .map(|i| {
            let c = &centres[i % centres.len()];
            unit(
                &c.iter()
                    .zip(&noise[i])
                    .map(|(a, b)| a + 0.6 * b)
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let mut store = EmbeddedStore::new(d);
    fill(&mut store, &vs);
    let queries = vectors(30, d, 13);
    let mut overlap = 0.0;
    for (i, noise) in queries.iter().enumerate() {
        let c = &centres[(i * 7) % centres.len()];
        let q = unit(
            &c.iter()
                .zip(noise)
                .map(|(a, b)| a + 0.3 * b)
                .collect::<Vec<_>>(),
        );
        let exact = store.search_exact(&q, 10, &Filter::default()).unwrap();
        let got = store.search(&q, 10, &Filter::default()).unwrap();
        assert_eq!(got.len(), 10);
        for (id, score) in &got {
            // Returned scores are the exact dot products, not the byte estimates.
            assert!((score - dot(&q, &vs[*id as usize])).abs() < 1e-6);
        }
        assert!(got.windows(2).all(|w| w[0].1 >= w[1].1));
        overlap += got
            .iter()
            .filter(|g| exact.iter().any(|e| e.0 == g.0))
            .count() as f64
            / 10.0;
    }
    let overlap = overlap / queries.len() as f64;
    assert!(
        overlap >= 0.98,
        "top-10 overlap with the exact scan {overlap}"
    );
    // Filters hold on the byte path too.
    let customer = Filter::docs_for(Audience::Customer);
    for (id, _) in store.search(&vs[5], 20, &customer).unwrap() {
        assert!(customer.matches(&store.payloads[store.positions[&id]]));
    }
    // A change drops the byte copy: a replaced vector is found at once.
    let target = unit(&vec![1.0; d]);
    store
        .insert(vec![(
            7,
            target.clone(),
            payload("a0", Audience::Public, DocKind::Doc),
        )])
        .unwrap();
    assert_eq!(
        store.search(&target, 1, &Filter::default()).unwrap()[0].0,
        7
    );
}
