//! Graceful shutdown. Proves: a request in flight when the stop signal comes is answered in
//! full, the server then stops accepting connections, and the serve future returns.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use docent_server::AppState;

use crate::{fixture, have_model, WIDGET};

#[test]
fn a_request_in_flight_finishes_after_the_stop_signal() {
    if !have_model() {
        return;
    }
    let f = fixture();
    let db = crate::state_db();
    let mut cfg = crate::config(&db);
    cfg.server.shutdown_grace_seconds = 20;
    let state = Arc::new(AppState::new(cfg, f.index.clone(), Some(f.embedder.clone())).unwrap());
    let rt = crate::runtime();
    let (listener, _) = crate::bind(&rt);
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let served = rt.spawn(docent_server::serve_until(state.clone(), listener, async {
        let _ = stop_rx.await;
    }));

    // Send the headers and half of the body: the request is in flight, waiting for the rest.
    let body = br#"{"question": "How do I export a report?"}"#;
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        conn,
        "POST /v1/ask HTTP/1.1\r\nHost: {addr}\r\nX-Docent-Key: {WIDGET}\r\nX-Request-Id: shutdown-test-1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    conn.write_all(&body[..10]).unwrap();
    conn.flush().unwrap();
    let t = Instant::now();
    while state.metrics.in_flight() < 1 {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "request never arrived"
        );
        std::thread::sleep(Duration::from_millis(5));
    }

    stop_tx.send(()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // Still serving the request in flight; no new connections are accepted.
    assert!(!served.is_finished());
    assert!(
        TcpStream::connect(addr).is_err(),
        "a stopping server accepts no new connections"
    );
    conn.write_all(&body[10..]).unwrap();
    let mut reply = String::new();
    let _ = conn.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(
        reply
            .to_ascii_lowercase()
            .contains("x-request-id: shutdown-test-1"),
        "{reply}"
    );
    assert!(reply.contains("\"answered\""), "{reply}");
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(10), served)
            .await
            .expect("serve returns once the request is done")
            .unwrap()
            .unwrap();
    });
    assert_eq!(state.metrics.in_flight(), 0);
}
