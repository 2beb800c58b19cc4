//! Accepting connections. `axum::serve` gives hyper no timer, so hyper's header read timeout
//! never fires and a client that sends one header byte a minute holds its connection (and a
//! file descriptor) forever. Here every connection is served by hyper with a timer, a header
//! read timeout, and at most `max_connections` at once (further clients wait in the kernel's
//! backlog), of which one client address holds at most `per_client`; a connection that sends
//! nothing within the header timeout is closed before hyper sees it, and HTTP/1 is the only
//! protocol (an idle HTTP/2 connection has no timeout in hyper; browsers reach this server
//! over HTTP/1, or through a proxy that speaks HTTP/2 to them). A graceful stop lets the
//! requests in flight finish.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::log;
use crate::security::Net;

/// What bounds a client's hold on the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections at most (at least 1).
    pub max_connections: usize,
    /// Open connections one client address holds at most (at least 1).
    pub per_client: usize,
    /// Addresses not counted per client (trusted proxies).
    pub exempt: Vec<Net>,
    /// Time to send a request's headers (and its first byte).
    pub header_timeout: Duration,
    /// Time a response may wait for the client to read any of it ([`write_timeout`]).
    pub write_timeout: Duration,
}

/// How long a response may wait for the client to read any of it: `read_timeout_seconds`,
/// and at least 30 s. The socket's buffers drain in large steps, so a slow but working
/// client (a large export over a poor mobile link) may read nothing the server sees for
/// several seconds at a time; one that reads nothing for half a minute holds a connection
/// slot for no one.
pub fn write_timeout(read_timeout_seconds: u64) -> Duration {
    Duration::from_secs(read_timeout_seconds.max(30))
}

/// Open connections per client, counted as the rate limits count them
/// ([`crate::security::client_bucket`]: an IPv4 address, or an IPv6 client's /64 network).
#[derive(Default)]
struct Open(Mutex<HashMap<String, usize>>);

/// One counted connection of a client, given back when dropped (also when its task unwinds).
struct Held {
    open: Arc<Open>,
    client: String,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.open.leave(&self.client);
    }
}

impl Open {
    /// Counts a connection from `ip`; false (and nothing counted) when it holds `cap` already.
    fn enter(&self, client: &str, cap: usize) -> bool {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(client.to_string()).or_insert(0);
        if *n >= cap.max(1) {
            return false;
        }
        *n += 1;
        true
    }

    fn leave(&self, client: &str) {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(client) {
            *n -= 1;
            if *n == 0 {
                open.remove(client);
            }
        }
    }
}

/// A connection whose writes may stall at most `limit`: a client that stops reading (its
/// responses fill the socket's buffers, as pipelined requests with no reader do) gets an error
/// after `limit` without progress, and hyper closes the connection, which otherwise held its
/// slot for as long as the client kept the socket open.
struct WriteDeadline<S> {
    inner: S,
    limit: Duration,
    /// When the write that is waiting now gives up; none while writes make progress.
    stalled: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl<S> WriteDeadline<S> {
    fn new(inner: S, limit: Duration) -> Self {
        WriteDeadline {
            inner,
            limit,
            stalled: None,
        }
    }

    /// What a write that made progress (`Ready`) or none (`Pending`) comes to: progress
    /// resets the deadline; waiting past it is an error.
    fn deadline<T>(
        &mut self,
        cx: &mut std::task::Context<'_>,
        polled: std::task::Poll<std::io::Result<T>>,
    ) -> std::task::Poll<std::io::Result<T>> {
        use std::task::Poll;
        if polled.is_ready() {
            self.stalled = None;
            return polled;
        }
        let limit = self.limit;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("the client read nothing for {} s", limit.as_secs()),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for WriteDeadline<S> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let polled = std::pin::Pin::new(&mut self.inner).poll_write(cx, buf);
        self.deadline(cx, polled)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let polled = std::pin::Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.deadline(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let polled = std::pin::Pin::new(&mut self.inner).poll_flush(cx);
        self.deadline(cx, polled)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let polled = std::pin::Pin::new(&mut self.inner).poll_shutdown(cx);
        self.deadline(cx, polled)
    }
}

/// Waits up to `timeout` for the client's first byte: false when none comes (a silent
/// connection, or one closed at once), which is then closed: it holds its connection slot
/// for `timeout` at most, instead of for ever.
async fn speaks(stream: &tokio::net::TcpStream, timeout: Duration) -> bool {
    let mut first = [0u8; 1];
    matches!(
        tokio::time::timeout(timeout, stream.peek(&mut first)).await,
        Ok(Ok(n)) if n > 0
    )
}

/// Serves `app` on `listener` until `stop` resolves, then stops accepting and waits for the
/// open connections to finish their requests (the caller bounds that wait).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Open::default());
    let mut refused: u64 = 0;
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin or stop.
                    log::event(
                        log::Level::Warn,
                        "accepting a connection failed",
                        serde_json::json!({"error": e.to_string()}),
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let held = if limits.exempt.iter().any(|n| n.contains(peer.ip())) {
            None
        } else {
            let client = crate::security::client_bucket(peer.ip());
            if !open.enter(&client, limits.per_client) {
                // The client holds its share: this connection is closed at once.
                refused += 1;
                if refused.is_power_of_two() {
                    log::event(
                        log::Level::Warn,
                        "a client holds max_connections_per_client connections: closing its next ones (behind a proxy? list it in trusted_proxies)",
                        serde_json::json!({"client": client, "refused": refused}),
                    );
                }
                drop(stream);
                continue;
            }
            Some(Held {
                open: open.clone(),
                client,
            })
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(req)
        });
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let header_timeout = limits.header_timeout;
        let write_timeout = limits.write_timeout;
        tokio::spawn(async move {
            if speaks(&stream, header_timeout).await {
                let io = WriteDeadline::new(stream, write_timeout);
                let conn = builder
                    .serve_connection(TokioIo::new(io), service)
                    .into_owned();
                // A client that goes away mid-request is no server error.
                let _ = watcher.watch(conn).await;
            }
            drop(held);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tenth probe: clients that pipelined requests and never read the responses held
    /// every connection slot for as long as they kept their sockets open.
    #[test]
    fn a_response_the_client_does_not_read_gives_up_and_one_read_slowly_goes_through() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let limit = Duration::from_millis(200);
            // Nobody reads: the write fails once the buffer is full for `limit`.
            let (server, _client) = tokio::io::duplex(64);
            let mut io = WriteDeadline::new(server, limit);
            let err = tokio::time::timeout(Duration::from_secs(5), io.write_all(&[b'x'; 4096]))
                .await
                .expect("the write still waits after 5 s")
                .unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::TimedOut, "{err}");
            // A reader that takes 64 bytes every 50 ms never lets a write wait 200 ms.
            let (server, mut client) = tokio::io::duplex(64);
            let reader = tokio::spawn(async move {
                let mut got = 0;
                let mut buf = [0u8; 64];
                while got < 1024 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    got += client.read(&mut buf).await.unwrap();
                }
                got
            });
            let mut io = WriteDeadline::new(server, limit);
            io.write_all(&[b'x'; 1024]).await.unwrap();
            io.flush().await.unwrap();
            assert_eq!(reader.await.unwrap(), 1024);
        });
    }

    // Review of the sixth probe's fix: an IPv6 client could take every connection from 16
    // addresses of its /64.
    #[test]
    fn a_client_is_an_ipv4_address_or_an_ipv6_slash_64() {
        let client_of = |ip: &str| crate::security::client_bucket(ip.parse().unwrap());
        let (a, b, c) = (
            client_of("2001:db8:1:2:aaaa::1"),
            client_of("2001:db8:1:2:bbbb::9"),
            client_of("2001:db8:1:3::1"),
        );
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(client_of("::ffff:192.0.2.7"), client_of("192.0.2.7"));
        let open = Arc::new(Open::default());
        assert!(open.enter(&a, 1));
        assert!(!open.enter(&b, 1), "the same /64 holds its one connection");
        drop(Held {
            open: open.clone(),
            client: a.clone(),
        });
        assert!(open.enter(&b, 1), "given back when dropped");
    }
}
