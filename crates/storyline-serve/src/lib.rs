//! `storyline serve`: a JSON API and a web page for exploring a storyline database.
//!
//! [`app`] is the whole HTTP surface as an [`axum::Router`]: the API under
//! `/api/` (documented in `docs/openapi.yaml`, served at `/api/openapi.yaml`)
//! and a small page (`/`, `/stories/{id}`, `/articles/{id}#START-END`,
//! `/entities/{name}`, `/outlets`, `/outlets/{name}`) whose
//! HTML, CSS and JavaScript are compiled into the binary.
//!
//! **Reads** are indexed queries on the store's read model
//! ([`storyline_views`]): every answer is stored ready to send by whoever
//! wrote the analysis (`storyline analyze`, `watch`, the coordinator or this
//! server), so a story page is one row and a page of a list one query. The
//! server holds nothing the size of the corpus: it starts at once, several
//! can share one PostgreSQL database behind a load balancer, and what another
//! process writes shows on the next request. Full-text article search asks
//! the store's full-text index.
//! **Writes** (`POST /api/articles`) need the token given at start-up, run one
//! at a time on a blocking thread, and repeat the CLI's pipeline: the new
//! articles are stored, the corpus stages run again over the whole store and
//! the views are published (fine for thousands of articles; for 100,000,
//! `storyline analyze` or the queue's workers are the way to load). Reads go
//! on meanwhile from the views stored before, replaced in one transaction.
//!
//! **Safety:** text from the wild is only ever sent as JSON and put on the page
//! with `textContent`; every response carries a Content-Security-Policy that
//! allows only this server's own script and style; bodies are size-limited;
//! requests naming a host other than an IP address, `localhost` or an allowed
//! name are refused (DNS rebinding); errors are JSON with stable codes
//! ([`AppError`]), and internal ones are logged, never shown.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use storyline_serve::{AppState, Config};
//! let state = AppState::open(Config::new(std::path::PathBuf::from("storyline.db")))?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! storyline_serve::serve(listener, state, std::future::pending()).await?;
//! # Ok(()) }
//! ```

mod api;
mod error;
mod ingest;
mod search_cache;

pub use search_cache::DEFAULT_SEARCH_CACHE_HITS;
mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use storyline_store::{Location, Store, StoreError};

pub use error::AppError;

/// Default most bytes a request body may hold (10 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Read connections kept open between requests: as many as requests that
/// commonly run at once, so a busy server does not open one per request.
const POOLED_READERS: usize = 64;

/// How long requests in flight (writes included) may go on after Ctrl-C or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store: an SQLite file (created if missing) or a PostgreSQL database.
    pub db: Location,
    /// The token writes must present as `Authorization: Bearer <token>`;
    /// `None` turns writes off.
    pub token: Option<String>,
    /// Most bytes a request body may hold.
    pub max_body_bytes: usize,
    /// Host names answered besides IP addresses and `localhost` (for a reverse proxy).
    pub allowed_hosts: Vec<String>,
    /// Most full-text search hits kept for repeated queries (0: none kept).
    pub search_cache_hits: usize,
}

impl Config {
    /// Defaults for `db`: no token (read-only), [`DEFAULT_MAX_BODY_BYTES`], no extra host names,
    /// [`DEFAULT_SEARCH_CACHE_HITS`].
    pub fn new(db: impl Into<Location>) -> Config {
        Config {
            db: db.into(),
            token: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            allowed_hosts: Vec::new(),
            search_cache_hits: DEFAULT_SEARCH_CACHE_HITS,
        }
    }
}

/// What every handler shares: the configuration and the store connections.
/// Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    config: Config,
    /// Idle read connections.
    readers: Mutex<Vec<Store>>,
    /// Held for the whole of a write (on its blocking thread), so writes run one at a time.
    writer: Mutex<()>,
    /// Writes started and not finished (waiting for `writer` included).
    writes_running: AtomicUsize,
    /// Recent full-text search results.
    searches: search_cache::SearchCache,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened or read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The database was read but its views could not be published.
    #[error("cannot publish the database's views: {0}")]
    Load(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

impl AppState {
    /// Opens the database (creating it if missing). A store analysed by a
    /// build older than the read model has its views published first (once,
    /// reading every article); any other opens at once. Blocks.
    pub fn open(config: Config) -> Result<AppState, ServeError> {
        let mut store = Store::connect(&config.db)?;
        ingest::publish_if_missing(&mut store).map_err(|e| ServeError::Load(e.to_string()))?;
        store.map_for_reading()?;
        let searches = search_cache::SearchCache::new(config.search_cache_hits);
        Ok(AppState {
            shared: Arc::new(Shared {
                config,
                readers: Mutex::new(vec![store]),
                writer: Mutex::new(()),
                writes_running: AtomicUsize::new(0),
                searches,
            }),
        })
    }

    /// The configuration the server runs with.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// Recent full-text search results, kept while the index is unchanged.
    pub(crate) fn searches(&self) -> &search_cache::SearchCache {
        &self.shared.searches
    }

    /// Counts a write as running until the returned guard is dropped.
    pub(crate) fn write_started(&self) -> WriteRunning {
        self.shared.writes_running.fetch_add(1, Ordering::SeqCst);
        WriteRunning(self.clone())
    }

    /// Runs `work` with a read connection (from the pool, or a new one). Blocks.
    pub(crate) fn with_reader<T>(
        &self,
        work: impl FnOnce(&Store) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let pooled = self
            .shared
            .readers
            .lock()
            .map(|mut pool| pool.pop())
            .unwrap_or(None);
        let store = match pooled {
            Some(store) => store,
            None => {
                let store = Store::connect(&self.shared.config.db)?;
                store.map_for_reading()?;
                store
            }
        };
        let result = work(&store);
        if let Ok(mut pool) = self.shared.readers.lock() {
            if pool.len() < POOLED_READERS {
                pool.push(store);
            }
        }
        result
    }
}

/// A write in progress (see [`AppState::write_started`]).
pub(crate) struct WriteRunning(AppState);

impl Drop for WriteRunning {
    fn drop(&mut self) {
        self.0.shared.writes_running.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The whole HTTP surface: API, page and assets, with the security headers,
/// host check, JSON 404 and 405 answers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes(&state))
        .route("/", get(web::page))
        .route("/stories/{id}", get(web::page))
        .route("/articles/{id}", get(web::page))
        .route("/entities/{name}", get(web::page))
        .route("/outlets", get(web::page))
        .route("/outlets/{name}", get(web::page))
        .route("/assets/app.js", get(web::script))
        .route("/assets/app.css", get(web::style))
        .route("/favicon.ico", get(web::favicon))
        .fallback(web::not_found)
        .method_not_allowed_fallback(web::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::guard,
        ))
        .with_state(state)
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then lets
/// requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Opens the database, binds `addr` and serves until Ctrl-C or SIGTERM: the
/// whole of `storyline serve`. `on_ready` is called with the bound address
/// once the server accepts connections.
pub fn run(
    config: Config,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr, &AppState),
) -> Result<(), ServeError> {
    let state = AppState::open(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let serving = state.clone();
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        let bound = listener.local_addr()?;
        on_ready(bound, &serving);
        let (stop, stopping) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        });
        let signalled = |mut stopping: tokio::sync::watch::Receiver<bool>| async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        };
        // On a signal, requests in flight get a grace period to finish; a
        // write can take far longer (the corpus stages over a large store).
        let server = serve(listener, serving, signalled(stopping.clone()));
        tokio::select! {
            served = server => served?,
            () = async {
                signalled(stopping).await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => {}
        }
        Ok(())
    });
    // A write still running is abandoned: each store write is one
    // transaction, so the file stays consistent, and the next write or
    // `storyline analyze` completes the analysis.
    if state.shared.writes_running.load(Ordering::SeqCst) > 0 {
        eprintln!(
            "storyline serve: abandoning a write still running after {} s; the database stays consistent",
            SHUTDOWN_GRACE.as_secs()
        );
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
