//! `storyline serve`: the JSON API and the web page over a database.

use std::net::SocketAddr;
use std::process::ExitCode;
use storyline_store::Location;

use anyhow::{Context, Result};
use clap::Args;
use storyline_serve::Config;

/// Environment variable read for the write token when `--token` is not given.
pub const TOKEN_ENV: &str = "STORYLINE_TOKEN";

/// Arguments of `storyline serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Store to serve: an SQLite file (created empty if missing) or a postgres:// URL.
    #[arg(long, default_value = "storyline.db")]
    pub db: Location,
    /// Address to listen on. Loopback by default; another address exposes the
    /// data to the network (reads need no token).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Token that writes (POST /api/articles) must send as `Authorization: Bearer TOKEN`.
    /// Falls back to the STORYLINE_TOKEN environment variable; without either, writes are off.
    #[arg(long)]
    pub token: Option<String>,
    /// Most bytes a request body may hold.
    #[arg(long, default_value_t = storyline_serve::DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Host name to answer besides IP addresses and localhost (e.g. behind a reverse proxy); repeatable.
    #[arg(long = "allow-host")]
    pub allow_hosts: Vec<String>,
    /// Most full-text search hits kept for repeated queries until the index
    /// changes (SQLite stores); 0 keeps none.
    #[arg(long, default_value_t = storyline_serve::DEFAULT_SEARCH_CACHE_HITS)]
    pub search_cache_hits: usize,
}

/// Serves until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let token = args
        .token
        .or_else(|| std::env::var(TOKEN_ENV).ok())
        .filter(|t| !t.trim().is_empty());
    if !args.db.exists() {
        eprintln!(
            "storyline: no database at {}; starting with an empty one",
            args.db
        );
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "storyline: warning: listening on {}, which is not a loopback address: anyone who can reach it can read the data",
            args.addr
        );
    }
    let config = Config {
        db: args.db.clone(),
        token,
        max_body_bytes: args.max_body_bytes,
        allowed_hosts: args.allow_hosts,
        search_cache_hits: args.search_cache_hits,
    };
    let started = std::time::Instant::now();
    storyline_serve::run(config, args.addr, |bound, state| {
        eprintln!(
            "storyline: serving {} on http://{bound}/ (loaded in {:.1} s; writes {})",
            args.db,
            started.elapsed().as_secs_f64(),
            if state.config().token.is_some() {
                "need the token"
            } else {
                "disabled"
            }
        );
    })
    .with_context(|| format!("serving {}", args.db))?;
    Ok(ExitCode::SUCCESS)
}
