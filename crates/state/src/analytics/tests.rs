//! Analytics against a seeded database, SQLite and (with `TEST_POSTGRES_URL`) PostgreSQL: each
//! number is recomputed here with its own SQL on the same database.

use super::*;
use crate::db::scratch::{test_server, Scratch};
use crate::db::{block_on, Postgres};

/// A small deterministic generator (no dependency needed for a seed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const DOCS: [(&str, &str); 4] = [
    ("export", "Export a report"),
    ("sso", "Single sign-on"),
    ("billing", "Invoices and billing"),
    ("alerts", "Alerts"),
];

/// A state database under test with a raw connection for seeding and direct counts.
struct Seeded {
    db: Db,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
    _scratch: Option<Scratch>,
}

enum Raw {
    Sqlite(rusqlite::Connection),
    Postgres(Postgres),
}

impl Seeded {
    fn sqlite() -> Seeded {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        let db = Db::sqlite(&path).unwrap();
        Seeded {
            db,
            raw: Raw::Sqlite(rusqlite::Connection::open(&path).unwrap()),
            _dir: Some(dir),
            _scratch: None,
        }
    }

    fn postgres(server: &str) -> Seeded {
        let scratch = Scratch::create(server).unwrap();
        let db = Db::postgres(scratch.url(), 2).unwrap();
        let raw = block_on(Postgres::connect(scratch.url(), 1)).unwrap();
        Seeded {
            db,
            raw: Raw::Postgres(raw),
            _dir: None,
            _scratch: Some(scratch),
        }
    }

    /// Runs statements (literal values only: the seed writes them).
    fn exec(&self, sql: &str) {
        match &self.raw {
            Raw::Sqlite(c) => c.execute_batch(sql).unwrap(),
            Raw::Postgres(pg) => {
                block_on(async { pg.connection().await.unwrap().batch_execute(sql).await }).unwrap()
            }
        }
    }

    /// The first column of every row, as doubles (counts and latencies).
    fn numbers(&self, sql: &str) -> Vec<f64> {
        match &self.raw {
            Raw::Sqlite(c) => {
                let mut st = c.prepare(sql).unwrap();
                st.query_map([], |r| {
                    Ok(match r.get_ref(0)? {
                        rusqlite::types::ValueRef::Integer(n) => n as f64,
                        v => v.as_f64()?,
                    })
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
            }
            Raw::Postgres(pg) => block_on(async {
                let c = pg.connection().await.unwrap();
                let rows = c.query(sql, &[]).await.unwrap();
                rows.iter()
                    .map(|r| match r.try_get::<_, i64>(0) {
                        Ok(n) => n as f64,
                        Err(_) => r.get::<_, f64>(0),
                    })
                    .collect()
            }),
        }
    }

    fn count(&self, sql: &str) -> u64 {
        self.numbers(sql)[0] as u64
    }
}

/// 6 weeks from Monday 2026-10-05: conversations of 1-4 turns, answered about 70%, votes,
/// hand-offs, citations of the first three docs (never the fourth). Ids are explicit, so the
/// same statements seed both databases.
fn seed(t: &Seeded) -> usize {
    let mut r = Lcg(42);
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let (mut turns, mut unanswered, mut feedback, mut handoffs) = (0, 0, 0, 0);
    let mut sql = String::new();
    for conv in 0..90 {
        let day = start + Duration::days(r.below(42) as i64);
        let id = format!("c{conv}");
        let at = |minute: u64| format!("{day}T{:02}:{:02}:00.000Z", 8 + minute / 60, minute % 60);
        sql.push_str(&format!(
            "INSERT INTO conversations (id, audience, created_at) VALUES ('{id}', 'public', '{}');\n",
            at(0)
        ));
        let n = 1 + r.below(4);
        for k in 0..n {
            let answered = r.below(10) < 7;
            let doc = DOCS[r.below(3) as usize];
            let citations = if answered {
                format!(
                    "[{{\"n\":1,\"chunk_id\":\"{0}#0\",\"doc_id\":\"{0}\",\"title\":\"{1}\",\"heading_path\":[],\"link\":\"/docs/{0}\",\"quote\":\"q\",\"start\":0,\"end\":1}},{{\"n\":2,\"chunk_id\":\"{0}#1\",\"doc_id\":\"{0}\",\"title\":\"{1}\",\"heading_path\":[],\"link\":\"/docs/{0}\",\"quote\":\"q\",\"start\":0,\"end\":1}}]",
                    doc.0, doc.1
                )
            } else {
                "[]".to_string()
            };
            let q = format!("question {} about {}", r.below(5), doc.1);
            turns += 1;
            let turn = turns;
            let latency = 20.0 + r.below(400) as f64;
            sql.push_str(&format!(
                "INSERT INTO turns (id, conversation_id, question, resolved_question, answer, answered,
                   confidence, citations, composer, latency_ms, created_at)
                 VALUES ({turn}, '{id}', '{q}', '{q}', 'a', {answered}, 0.5, '{citations}', 'extractive', {latency:.1}, '{}');\n",
                at(10 * k)
            ));
            if !answered {
                unanswered += 1;
                sql.push_str(&format!(
                    "INSERT INTO unanswered (id, turn_id, question, audience, confidence, created_at)
                     VALUES ({unanswered}, {turn}, '{q}', 'public', 0.1, '{}');\n",
                    at(10 * k)
                ));
            }
            // A turn holds at most one vote (the schema's unique index), two turns in three
            // have one.
            if r.below(3) > 0 {
                feedback += 1;
                sql.push_str(&format!(
                    "INSERT INTO feedback (id, turn_id, helpful, comment, created_at) VALUES ({feedback}, {turn}, {}, NULL, '{}');\n",
                    r.below(2) == 0,
                    at(10 * k + 1)
                ));
            }
        }
        if r.below(5) == 0 {
            handoffs += 1;
            sql.push_str(&format!(
                "INSERT INTO handoffs (id, conversation_id, created_at) VALUES ({handoffs}, '{id}', '{}');\n",
                at(10 * n)
            ));
        }
    }
    t.exec(&sql);
    turns
}

/// Runs `test` on SQLite, and on PostgreSQL when `TEST_POSTGRES_URL` names a server.
fn on_both(what: &str, test: fn(Seeded)) {
    test(Seeded::sqlite());
    if let Some(server) = test_server(what) {
        test(Seeded::postgres(&server));
    }
}

fn analytics(
    t: &Seeded,
    docs: &[(String, String)],
    p: &Params,
) -> Result<Analytics, AnalyticsError> {
    let rows = block_on(read(&t.db, p, crate::db::OnIndex::Any))?;
    Ok(build(&rows, docs, None, None, p))
}

#[test]
fn every_number_equals_a_direct_count() {
    on_both(
        "the analytics counts",
        every_number_equals_a_direct_count_on,
    );
}

fn every_number_equals_a_direct_count_on(t: Seeded) {
    let turns = seed(&t);
    let docs: Vec<(String, String)> = DOCS
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let p = Params {
        period: Period::Week,
        from: NaiveDate::from_ymd_opt(2026, 10, 5),
        to: NaiveDate::from_ymd_opt(2026, 11, 15),
        top: 10,
    };
    let a = analytics(&t, &docs, &p).unwrap();
    assert_eq!(a.periods.len(), 6);
    assert_eq!(a.total.questions as usize, turns);
    for s in &a.periods {
        let start = s.start.unwrap();
        let lo = format!("'{start}T00:00:00'");
        let hi = format!("'{}T00:00:00'", start + Duration::days(7));
        let q = |sql: &str| t.count(sql);
        let in_range = format!("t.created_at >= {lo} AND t.created_at < {hi}");
        assert_eq!(
            s.questions,
            q(&format!("SELECT COUNT(*) FROM turns t WHERE {in_range}"))
        );
        assert_eq!(
            s.answered,
            q(&format!(
                "SELECT COUNT(*) FROM turns t WHERE {in_range} AND answered = TRUE"
            ))
        );
        assert_eq!(
            s.declined,
            q(&format!(
                "SELECT COUNT(*) FROM unanswered t WHERE {in_range}"
            ))
        );
        assert_eq!(
            s.helpful,
            q(&format!("SELECT COUNT(DISTINCT f.turn_id) FROM feedback f JOIN turns t ON t.id = f.turn_id WHERE {in_range} AND f.helpful = TRUE"))
        );
        assert_eq!(
            s.not_helpful,
            q(&format!("SELECT COUNT(DISTINCT f.turn_id) FROM feedback f JOIN turns t ON t.id = f.turn_id WHERE {in_range} AND f.helpful = FALSE"))
        );
        assert_eq!(
            s.conversations,
            q(&format!(
                "SELECT COUNT(DISTINCT conversation_id) FROM turns t WHERE {in_range}"
            ))
        );
        assert_eq!(
            s.handed_off,
            q(&format!(
                "SELECT COUNT(DISTINCT h.conversation_id) FROM handoffs h WHERE h.created_at >= {lo} AND h.created_at < {hi}
                 AND h.conversation_id IN (SELECT conversation_id FROM turns t WHERE {in_range})"
            ))
        );
        assert_eq!(
            s.deflected,
            q(&format!(
                "SELECT COUNT(*) FROM turns t WHERE {in_range} AND t.answered = TRUE
                 AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.turn_id = t.id AND f.helpful = FALSE)
                 AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = t.conversation_id AND h.created_at >= t.created_at)"
            ))
        );
        if s.questions > 0 {
            assert!((s.answered_rate - s.answered as f64 / s.questions as f64).abs() < 1e-12);
            assert!((s.deflection_rate - s.deflected as f64 / s.questions as f64).abs() < 1e-12);
            // Nearest-rank percentiles, recomputed from the rows in SQL order.
            let lat = t.numbers(&format!(
                "SELECT latency_ms FROM turns t WHERE {in_range} ORDER BY latency_ms"
            ));
            let n = lat.len();
            assert_eq!(s.latency_p50_ms, lat[(n as f64 * 0.5).ceil() as usize - 1]);
            assert_eq!(
                s.latency_p95_ms,
                lat[((n as f64 * 0.95).ceil() as usize).max(1) - 1]
            );
        }
    }
    // Citations: a turn citing a doc twice counts once; the fourth doc is never cited.
    let range = "created_at >= '2026-10-05T00:00:00' AND created_at < '2026-11-16T00:00:00'";
    for d in &a.most_cited {
        let n = t.count(&format!(
            "SELECT COUNT(*) FROM turns WHERE {range} AND answered = TRUE AND citations LIKE '%\"doc_id\":\"{}\"%'",
            d.doc_id
        ));
        assert_eq!(d.citations, n, "{}", d.doc_id);
    }
    assert_eq!(
        a.never_cited,
        vec![("alerts".to_string(), "Alerts".to_string())]
    );
    assert!(a.least_cited.first().unwrap().citations <= a.most_cited.first().unwrap().citations);
    // Unanswered groups (by text without a model) add up to the declined questions.
    let declined = t.count(&format!("SELECT COUNT(*) FROM unanswered WHERE {range}"));
    let grouped: usize = a.top_unanswered.iter().map(|g| g.count).sum();
    assert!(grouped as u64 <= declined && !a.top_unanswered.is_empty());
    let top = &a.top_unanswered[0];
    let same = t.count(&format!(
        "SELECT COUNT(*) FROM unanswered WHERE {range} AND question = '{}'",
        top.question
    ));
    assert_eq!(top.count as u64, same);
    // The CSV: a header, one row per period, a total.
    let text = csv(&a);
    assert_eq!(text.lines().count(), 1 + 6 + 1);
    assert!(text
        .lines()
        .last()
        .unwrap()
        .starts_with(&format!("total,{turns},")));
}

#[test]
fn bad_ranges_are_refused_with_a_message() {
    on_both(
        "the analytics ranges",
        bad_ranges_are_refused_with_a_message_on,
    );
}

fn bad_ranges_are_refused_with_a_message_on(t: Seeded) {
    let p = Params {
        period: Period::Day,
        from: NaiveDate::from_ymd_opt(2026, 5, 2),
        to: NaiveDate::from_ymd_opt(2026, 5, 1),
        top: 5,
    };
    match analytics(&t, &[], &p) {
        Err(AnalyticsError::Range(m)) => assert!(m.contains("after"), "{m}"),
        other => panic!("{other:?}"),
    }
    let p = Params {
        from: NaiveDate::from_ymd_opt(2000, 1, 1),
        to: NaiveDate::from_ymd_opt(2026, 1, 1),
        ..p
    };
    assert!(matches!(
        analytics(&t, &[], &p),
        Err(AnalyticsError::Range(_))
    ));
    // An empty database gives zeros, not errors.
    let p = Params {
        from: None,
        to: None,
        ..p
    };
    let a = analytics(&t, &[("d".into(), "D".into())], &p).unwrap();
    assert_eq!(a.total, PeriodStats::default());
    assert_eq!(a.never_cited.len(), 1);
    assert_eq!(
        "month".parse::<Period>().unwrap_err(),
        "period \"month\": use week or day"
    );
}

#[test]
fn formats_are_parsed_by_name_and_each_renders_its_own_kind() {
    for (name, f) in [
        ("text", Format::Text),
        ("json", Format::Json),
        ("csv", Format::Csv),
        ("html", Format::Html),
    ] {
        assert_eq!(name.parse::<Format>(), Ok(f));
    }
    assert_eq!(
        "pdf".parse::<Format>().unwrap_err(),
        "format \"pdf\": use text, json, csv or html"
    );
    let t = Seeded::sqlite();
    let turns = seed(&t);
    let p = Params {
        period: Period::Week,
        from: None,
        to: None,
        top: 5,
    };
    let a = analytics(&t, &[], &p).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&Format::Json.render(&a, false).unwrap()).unwrap();
    assert_eq!(json["total"]["questions"], turns);
    assert!(Format::Json
        .render(&a, true)
        .unwrap()
        .contains("\n  \"from\""));
    let csv = Format::Csv.render(&a, false).unwrap();
    assert!(csv.starts_with("period_start,questions,"), "{csv}");
    assert_eq!(csv, super::csv(&a));
    assert_eq!(Format::Html.render(&a, false).unwrap(), render::html(&a));
    assert_eq!(Format::Text.render(&a, false).unwrap(), render::text(&a));
}

// Tenth probe, third finding: a line break in a stored question printed a line of its own in
// `docent analytics`, formatted like a real entry of the unanswered list.
#[test]
fn a_stored_question_prints_on_one_line() {
    let t = Seeded::sqlite();
    seed(&t);
    let p = Params {
        period: Period::Week,
        from: None,
        to: None,
        top: 5,
    };
    let mut a = analytics(&t, &[], &p).unwrap();
    a.top_unanswered.insert(
        0,
        super::UnansweredGroup {
            question: "zorblax?\nFAKE LINE   99x  injected\r".into(),
            count: 2,
            last_asked: "2026-01-01T00:00:00Z".into(),
            variants: vec![],
        },
    );
    let text = render::text(&a);
    assert!(
        text.lines()
            .any(|l| l == "     2x  zorblax?\\nFAKE LINE   99x  injected\\u{d}"),
        "{text}"
    );
    assert!(!text.lines().any(|l| l.starts_with("FAKE LINE")), "{text}");
}
