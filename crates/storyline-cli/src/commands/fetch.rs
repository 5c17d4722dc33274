//! `storyline fetch`: download feeds and the pages they link to, politely, into
//! a folder with a manifest; optionally analyse them into the database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use storyline_store::Location;

use anyhow::{Context, Result};
use clap::Args;

use crate::pipeline;

/// Arguments of `storyline fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// RSS or Atom feed URLs.
    #[arg(required = true, value_name = "FEED_URL")]
    pub feeds: Vec<String>,
    /// Folder for pages (`pages/`), `manifest.jsonl` and the fetch state.
    #[arg(long, default_value = "fetched")]
    pub out: PathBuf,
    /// Also analyse the fetched pages into this store (SQLite file or postgres:// URL).
    #[arg(long)]
    pub db: Option<Location>,
    /// State file with ETag/Last-Modified per URL (default OUT/.storyline-fetch/state.json).
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Requests in flight to one host at most.
    #[arg(long, default_value_t = 2)]
    pub per_host: usize,
    /// Requests in flight overall at most.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Seconds before one request times out.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Retries on 5xx, 429 and network failures (exponential backoff from 1 s).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// User-Agent header (default: storyline/VERSION ...); add a contact address.
    #[arg(long)]
    pub user_agent: Option<String>,
    /// Print the fetch report as JSON on standard output.
    #[arg(long)]
    pub json: bool,
}

/// Fetches, prints failures and a summary. Exits 1 when no feed could be read.
pub fn run(args: FetchArgs) -> Result<ExitCode> {
    let mut config = storyline_fetch::Config::new(args.out.clone());
    config.state_file = args.state;
    config.per_host = args.per_host.max(1);
    config.concurrency = args.concurrency.max(1);
    config.timeout = Duration::from_secs(args.timeout.max(1));
    config.retries = args.retries;
    if let Some(agent) = args.user_agent {
        config.user_agent = agent;
    }
    let report = storyline_fetch::fetch(&args.feeds, &config).context("fetching")?;
    for failure in &report.failures {
        eprintln!(
            "storyline: fetch failed: {}: {}",
            failure.url, failure.reason
        );
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    }
    eprintln!(
        "storyline: {} feeds read, {} unchanged; {} entries; {} pages saved from feeds, {} downloaded, {} unchanged; {} failures (in {}); {} pages in {}",
        report.feeds,
        report.feeds_not_modified,
        report.entries,
        report.from_feed,
        report.downloaded,
        report.not_modified,
        report.failures.len(),
        config.failures_path().display(),
        report.pages,
        config.manifest_path().display(),
    );
    if let Some(db) = &args.db {
        let manifest = config.manifest_path();
        let pages = [config.pages_dir()];
        let inputs = pipeline::Inputs {
            paths: &pages,
            manifest: Some(&manifest),
            fields: None,
            outlet: None,
        };
        let outcome = pipeline::run(
            inputs,
            db,
            storyline_pipeline::Mode::Incremental,
            storyline_pipeline::AnalyseOptions::default(),
            crate::progress::Progress::for_terminal(args.json),
        )?;
        for problem in &outcome.diagnostics {
            eprintln!("storyline: {}: {}", problem.source, problem.message);
        }
        let summary = &outcome.summary;
        eprintln!(
            "storyline: {} new, {} already stored; {} articles, {} events, {} stories in {}",
            summary.added, summary.unchanged, summary.articles, summary.events, summary.stories, db
        );
    }
    Ok(if report.feeds + report.feeds_not_modified == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
