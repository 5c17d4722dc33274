//! `storyline search`: full-text search over stored articles.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use storyline_store::{Location, Store};

/// Arguments of `storyline search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for (all must match; `word*` matches a prefix).
    #[arg(required = true)]
    pub query: Vec<String>,
    /// Store to search: an SQLite file or a postgres:// URL.
    #[arg(long, default_value = "storyline.db")]
    pub db: Location,
    /// Most hits to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print hits as JSON lines.
    #[arg(long)]
    pub json: bool,
}

/// Searches and prints hits, best first. Exits 1 when nothing matches.
pub fn run(args: SearchArgs) -> Result<ExitCode> {
    if !args.db.exists() {
        anyhow::bail!("no database at {} (run `storyline analyze` first)", args.db);
    }
    let store = Store::connect(&args.db).with_context(|| format!("opening {}", args.db))?;
    let hits = store.search(&args.query.join(" "), args.limit)?;
    // Written through a handle, so a closed pipe ends the run quietly (see `main`).
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for hit in &hits {
        if args.json {
            writeln!(
                out,
                "{}",
                serde_json::json!({
                    "id": hit.id, "title": hit.title, "outlet": hit.outlet,
                    "published": hit.published.map(|d| d.to_string()), "source": hit.source, "snippet": hit.snippet,
                })
            )?;
        } else {
            writeln!(
                out,
                "{}  {}  {}  {}\n    {}",
                hit.id,
                hit.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "----------".into()),
                hit.outlet.as_deref().unwrap_or("-"),
                hit.title.as_deref().unwrap_or("(untitled)"),
                hit.snippet
            )?;
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
