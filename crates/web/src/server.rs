//! Serving connections: hyper's HTTP/1 server with the limits a public
//! service needs, which `axum::serve` does not set.
//!
//! - **Slow or silent clients.** Request headers must arrive within
//!   [`Limits::header_read_timeout`], and a kept-alive connection may wait
//!   no longer than that for its next request (hyper starts the same timer
//!   whenever it waits for a request head). A client that sends half a
//!   request and waits is disconnected instead of holding a connection.
//! - **Too many connections.** At most [`Limits::max_connections`] are
//!   served at once, below the process's file descriptor limit; beyond that
//!   the service stops accepting (the kernel's backlog holds the rest) rather
//!   than running out of descriptors.
//! - **Shutdown.** On the shutdown signal the listener closes, requests in
//!   flight finish, and connections still open after
//!   [`Limits::shutdown_deadline`] are dropped.
//! - **One thread per core, each with its own connections.** Accepted
//!   connections are handed, in turn, to worker threads that each run a
//!   single-threaded runtime (as nginx's worker processes each serve their
//!   own): a connection's requests are then read, answered and written on one
//!   thread, with no waking of another thread per request. Under load on 2
//!   cores this served 9–28 % more requests a second than one runtime whose
//!   threads share all connections (BENCHMARKS.md). The price: a slow answer
//!   holds up the other connections of its thread until it is done, so work
//!   that takes long (indexing, hashing) runs on blocking threads.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The limits of [`serve`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How many connections are served at once.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers, and how long
    /// an idle kept-alive connection stays open.
    pub header_read_timeout: Duration,
    /// How long shutdown waits for open connections.
    pub shutdown_deadline: Duration,
    /// How many threads serve connections (each connection stays on one).
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            header_read_timeout: Duration::from_secs(10),
            shutdown_deadline: Duration::from_secs(10),
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, within `limits`.
/// Each request carries the peer's address (`ConnectInfo<SocketAddr>`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut workers = Workers::start(limits.workers)?;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        // Wait for room before accepting: at the limit, clients wait in the
        // kernel's backlog instead of costing a descriptor each.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was
                    // accepted: wait a little and go on; never stop serving.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // As nginx does: an answer's last segment goes out at once rather
        // than waiting for the client's acknowledgement of the one before.
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, %peer, "could not set TCP_NODELAY");
        }
        let app = app.clone();
        let builder = builder.clone();
        let watcher = graceful.watcher();
        workers.hand(stream, move |stream| async move {
            let service = app.map_request(move |mut request: axum::http::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
            let connection =
                builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_deadline, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            deadline = ?limits.shutdown_deadline,
            "connections still open at the shutdown deadline were dropped"
        );
    }
    workers.stop();
    Ok(())
}

/// A connection's work, given the connection on its worker's runtime.
type Job =
    Box<dyn FnOnce(tokio::net::TcpStream) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// The worker threads, each with a single-threaded runtime and a queue of
/// connections to serve.
struct Workers {
    queues: Vec<tokio::sync::mpsc::UnboundedSender<(std::net::TcpStream, Job)>>,
    threads: Vec<std::thread::JoinHandle<()>>,
    next: usize,
}

impl Workers {
    /// `n` workers (at least one).
    fn start(n: usize) -> std::io::Result<Workers> {
        let mut workers = Workers {
            queues: Vec::new(),
            threads: Vec::new(),
            next: 0,
        };
        for number in 0..n.max(1) {
            let (queue, mut jobs) = tokio::sync::mpsc::unbounded_channel::<(std::net::TcpStream, Job)>();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let thread = std::thread::Builder::new()
                .name(format!("samverkan-http-{number}"))
                .spawn(move || {
                    runtime.block_on(async move {
                        while let Some((stream, job)) = jobs.recv().await {
                            // Registered with this thread's runtime, so its
                            // readiness wakes this thread only.
                            match tokio::net::TcpStream::from_std(stream) {
                                Ok(stream) => {
                                    tokio::spawn(job(stream));
                                }
                                Err(e) => tracing::warn!(error = %e, "could not take over a connection"),
                            }
                        }
                    });
                })?;
            workers.queues.push(queue);
            workers.threads.push(thread);
        }
        Ok(workers)
    }

    /// Hands `stream` to the next worker, which runs `serve` on it.
    fn hand<F, Fut>(&mut self, stream: tokio::net::TcpStream, serve: F)
    where
        F: FnOnce(tokio::net::TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let stream = match stream.into_std() {
            Ok(stream) => stream,
            Err(e) => {
                tracing::warn!(error = %e, "could not hand over a connection");
                return;
            }
        };
        let at = self.next % self.queues.len();
        self.next = self.next.wrapping_add(1);
        let job: Job = Box::new(move |stream| Box::pin(serve(stream)));
        if self.queues[at].send((stream, job)).is_err() {
            tracing::warn!("a worker has stopped; a connection was dropped");
        }
    }

    /// Ends the workers once their connections are done (after shutdown):
    /// their runtimes drop whatever is left.
    fn stop(self) {
        drop(self.queues);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}
