//! The server's limits over real sockets: a client that sends half a request
//! is disconnected, connections beyond the limit wait their turn, and
//! shutdown does not wait for a silent client.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use samverkan_web::router;
use samverkan_web::server::{Limits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

const LIMITS: Limits = Limits {
    max_connections: 2,
    header_read_timeout: Duration::from_millis(500),
    shutdown_deadline: Duration::from_millis(500),
    // More than one, so that connections are served on different threads.
    workers: 2,
};

/// The service on a random port, and a way to stop it; the join handle ends
/// when it has stopped.
async fn start() -> (
    SocketAddr,
    oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
    tempfile::TempDir,
) {
    let (state, dir) = common::state_with(&common::fixture::small()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        serve(listener, router(state), LIMITS, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (addr, stop, handle, dir)
}

/// Half a request: the request line and one header, and then nothing.
async fn half_request(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    stream
}

/// A whole request's answer, or `None` if none came within `wait`.
async fn answer(addr: SocketAddr, wait: Duration) -> Option<String> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut text = String::new();
    tokio::time::timeout(wait, stream.read_to_string(&mut text))
        .await
        .ok()
        .map(|_| text)
}

#[tokio::test]
async fn a_client_that_sends_half_a_request_is_disconnected() {
    let (addr, _stop, _handle, _dir) = start().await;
    let mut stream = half_request(addr).await;
    let started = Instant::now();
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "the server closed the connection");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_their_turn_and_are_then_served() {
    let (addr, _stop, _handle, _dir) = start().await;
    let _first = half_request(addr).await;
    let _second = half_request(addr).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Both places are taken: a third client is not answered yet …
    assert_eq!(answer(addr, Duration::from_millis(200)).await, None);
    // … and is once the silent ones have been disconnected.
    let served = answer(addr, Duration::from_secs(5)).await.expect("an answer");
    assert!(served.starts_with("HTTP/1.1 200"), "{served}");
}

#[tokio::test]
async fn shutdown_does_not_wait_for_a_silent_client() {
    let (addr, stop, handle, _dir) = start().await;
    let _silent = TcpStream::connect(addr).await.unwrap();
    let _half = half_request(addr).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), handle)
        .await
        .expect("the server stopped")
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
