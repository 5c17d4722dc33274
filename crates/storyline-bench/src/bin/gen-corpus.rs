//! `gen-corpus`: writes a synthetic news corpus with gold labels.
//!
//! ```sh
//! cargo run --release -p storyline-bench --bin gen-corpus -- --articles 10000 --seed 1 --out /tmp/synthetic
//! storyline analyze /tmp/synthetic/corpus.jsonl
//! ```
//!
//! Writes `corpus.jsonl` (records with `url`, `title`, `outlet`, `published`,
//! `text`), `labels.jsonl` (per article: `id`, `source`, `url`, `event`, `story`,
//! `duplicate_of`, `outlet`, `published`) and `events.jsonl` (per event: `id`,
//! `story`, `kind`, `date`, `place`, `title`, `n_articles`), and `clusters.jsonl`
//! (the articles with `id` and their gold event as `cluster`, the layout
//! `storyline eval cluster --data` reads).

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::Parser;
use storyline_synth::{generate, CorpusSpec, CORPUS_FILE};

/// Writes a synthetic news corpus with event, story and duplicate labels.
#[derive(Debug, Parser)]
#[command(name = "gen-corpus", about, long_about = None)]
struct Args {
    /// Number of articles.
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Seed: the same seed and options give the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Earliest day a story may start (stories start over the following year).
    #[arg(long, default_value = "2024-01-08")]
    start: NaiveDate,
    /// Share of articles that reprint a wire story (near-duplicates).
    #[arg(long, default_value_t = 0.12)]
    duplicates: f64,
    /// Articles per story on average (three events each).
    #[arg(long, default_value_t = 150)]
    per_story: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let spec = CorpusSpec {
        articles: args.articles,
        seed: args.seed,
        start: args.start,
        duplicate_share: args.duplicates,
        articles_per_story: args.per_story,
    };
    let corpus = generate(&spec);
    corpus
        .write(&args.out)
        .with_context(|| format!("writing the corpus to {}", args.out.display()))?;
    let bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    let reprints = corpus
        .articles
        .iter()
        .filter(|a| a.label.duplicate_of.is_some())
        .count();
    let stories: std::collections::BTreeSet<&str> =
        corpus.events.iter().map(|e| e.story.as_str()).collect();
    println!(
        "gen-corpus: {} articles ({:.1} MB of text, {} reprints), {} events, {} stories -> {}",
        corpus.articles.len(),
        bytes as f64 / 1e6,
        reprints,
        corpus.events.len(),
        stories.len(),
        args.out.join(CORPUS_FILE).display()
    );
    Ok(())
}
