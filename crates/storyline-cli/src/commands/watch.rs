//! `storyline watch`: analyse new files as they land in a folder.
//!
//! Poll-based, so it works the same on every platform and on network file
//! systems: every interval the folder is scanned; a file is taken once its size
//! and modification time have stayed the same for one interval (so a file still
//! being written is not read half-way), and again if it changes later. Each batch
//! runs the same pipeline as `analyze` into the database. What was taken is kept
//! in memory only: after a restart everything is read again, and the store keeps
//! each article once (content hash).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};
use storyline_store::Location;

use anyhow::{bail, Result};
use clap::Args;

use crate::pipeline;
use crate::progress::Progress;

/// Arguments of `storyline watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Folder to watch (walked recursively; hidden files are ignored).
    pub dir: PathBuf,
    /// Store to add to: an SQLite file (created if missing) or a postgres:// URL.
    #[arg(long, default_value = "storyline.db")]
    pub db: Location,
    /// JSONL sidecar with hints per file (re-read for every batch).
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Record fields of JSON/JSONL dumps, as for `analyze --map`.
    #[arg(long = "map", value_name = "FIELD=NAME,...")]
    pub fields: Option<storyline_source::FieldMap>,
    /// The outlet of every article read that names none, as for `analyze --outlet`.
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Seconds between scans (a file must be unchanged for one interval).
    #[arg(long, default_value_t = 2.0)]
    pub interval: f64,
    /// Take what is there now (two scans one interval apart) and exit.
    #[arg(long)]
    pub once: bool,
    /// Stop after this many scans.
    #[arg(long)]
    pub max_rounds: Option<u64>,
}

/// Size and modification time: a file is stable while these stay the same.
type Signature = (u64, Option<SystemTime>);

/// Watches until interrupted (or `--once` / `--max-rounds`).
pub fn run(args: WatchArgs) -> Result<ExitCode> {
    if !args.dir.is_dir() {
        bail!("{} is not a folder", args.dir.display());
    }
    if !(args.interval.is_finite() && args.interval >= 0.0) {
        bail!("--interval must be a number of seconds");
    }
    let interval = Duration::from_secs_f64(args.interval);
    let max_rounds = if args.once { Some(2) } else { args.max_rounds };
    let manifest = args
        .manifest
        .as_ref()
        .and_then(|m| std::fs::canonicalize(m).ok());
    let mut taken: HashMap<PathBuf, Signature> = HashMap::new();
    let mut last_scan: HashMap<PathBuf, Signature> = HashMap::new();
    let mut round = 0;
    eprintln!(
        "storyline: watching {} (every {:?})",
        args.dir.display(),
        interval
    );
    loop {
        round += 1;
        let mut scan = HashMap::new();
        collect(&args.dir, &mut scan);
        if let Some(manifest) = &manifest {
            scan.retain(|path, _| std::fs::canonicalize(path).ok().as_ref() != Some(manifest));
        }
        let mut ready: Vec<PathBuf> = scan
            .iter()
            .filter(|(path, sig)| {
                last_scan.get(*path) == Some(sig) && taken.get(*path) != Some(sig)
            })
            .map(|(path, _)| path.clone())
            .collect();
        ready.sort();
        if !ready.is_empty() {
            let inputs = pipeline::Inputs {
                paths: &ready,
                manifest: args.manifest.as_deref(),
                fields: args.fields.as_ref(),
                outlet: args.outlet.as_deref(),
            };
            match pipeline::run(
                inputs,
                &args.db,
                storyline_pipeline::Mode::Incremental,
                storyline_pipeline::AnalyseOptions::default(),
                Progress::for_terminal(false),
            ) {
                Ok(outcome) => {
                    for problem in &outcome.diagnostics {
                        eprintln!("storyline: {}: {}", problem.source, problem.message);
                    }
                    let summary = &outcome.summary;
                    eprintln!(
                        "storyline: {} files: {} new, {} already stored; {} articles, {} events, {} stories",
                        ready.len(),
                        summary.added,
                        summary.unchanged,
                        summary.articles,
                        summary.events,
                        summary.stories
                    );
                    for path in &ready {
                        taken.insert(path.clone(), scan[path]);
                    }
                }
                // A locked or unwritable database: try the same files next round.
                Err(error) => eprintln!("storyline: error: {error:#}"),
            }
        }
        last_scan = scan;
        if max_rounds.is_some_and(|max| round >= max) {
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(interval);
    }
}

/// Supported, non-hidden files under `dir`, with their signatures.
fn collect(dir: &Path, into: &mut HashMap<PathBuf, Signature>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if meta.is_dir() {
            collect(&path, into);
        } else if storyline_source::is_supported(&path) {
            into.insert(path, (meta.len(), meta.modified().ok()));
        }
    }
}
