//! `bench-cluster`: near-duplicate detection and event/story clustering at scale
//! on a synthetic corpus with planted events and reprints.
//!
//! ```sh
//! cargo run --release -p storyline-bench --bin bench-cluster -- --articles 100000
//! ```
//!
//! Generates the corpus in memory, extracts and annotates it on every core (not
//! timed as part of clustering), then times dedupe and clustering on one thread
//! (or `--threads`), scores the events against the planted labels (B-cubed and
//! pairwise F1) and the duplicate groups against the planted reprints, and
//! reports articles/s and peak resident memory.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::Result;
use clap::Parser;
use rayon::prelude::*;
use storyline_bench::{mib, Memory};
use storyline_eval::clustering::{bcubed, pairwise};
use storyline_eval::synthetic::{generate, CorpusSpec};
use storyline_model::Doc;

/// Measures dedupe and clustering on a synthetic corpus.
#[derive(Debug, Parser)]
#[command(name = "bench-cluster", about, long_about = None)]
struct Args {
    /// Articles to generate.
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads for dedupe and clustering (default 1: the one-core figure).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let corpus = generate(&CorpusSpec {
        articles: args.articles,
        seed: args.seed,
        ..CorpusSpec::default()
    });
    let generate_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let docs: Vec<Doc> = corpus
        .articles
        .par_iter()
        .filter_map(|a| {
            storyline_extract::extract(&a.raw_document())
                .ok()
                .map(storyline_annotate::annotate)
        })
        .collect();
    let annotate_seconds = started.elapsed().as_secs_f64();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()?;
    let (dedupe_seconds, groups, cluster_seconds, clustering) = pool.install(|| {
        let started = Instant::now();
        let groups = storyline_dedupe::find_duplicates(&docs);
        let dedupe_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let clustering = storyline_cluster::cluster(&docs);
        (
            dedupe_seconds,
            groups,
            started.elapsed().as_secs_f64(),
            clustering,
        )
    });
    let memory = Memory::now();

    let label_of: HashMap<&str, &storyline_eval::synthetic::Label> = corpus
        .articles
        .iter()
        .map(|a| (a.label.id.as_str(), &a.label))
        .collect();
    let mut gold_ids: HashMap<&str, usize> = HashMap::new();
    let mut found_of: HashMap<&str, usize> = HashMap::new();
    for (index, event) in clustering.events.iter().enumerate() {
        for id in &event.articles {
            found_of.insert(id.as_str(), index);
        }
    }
    let (mut gold, mut found) = (Vec::new(), Vec::new());
    for doc in &docs {
        let Some(label) = label_of.get(doc.article.id.as_str()) else {
            continue;
        };
        let next = gold_ids.len();
        gold.push(*gold_ids.entry(label.event.as_str()).or_insert(next));
        found.push(
            found_of
                .get(doc.article.id.as_str())
                .copied()
                .unwrap_or(usize::MAX),
        );
    }
    let events_b3 = bcubed(&gold, &found);
    let events_pairs = pairwise(&gold, &found);
    // Duplicates: each planted reprint should share a group with what it copies.
    let group_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.articles.iter().map(move |a| (a.as_str(), g)))
        .collect();
    let reprints: Vec<(&str, &str)> = corpus
        .articles
        .iter()
        .filter_map(|a| {
            a.label
                .duplicate_of
                .as_deref()
                .map(|of| (a.label.id.as_str(), of))
        })
        .collect();
    let reprints_found = reprints
        .iter()
        .filter(|(id, of)| group_of.contains_key(id) && group_of.get(id) == group_of.get(of))
        .count();
    let grouped: usize = groups.iter().map(|g| g.articles.len() - 1).sum();
    let figures = serde_json::json!({
        "articles": docs.len(),
        "threads": args.threads,
        "generate_seconds": generate_seconds,
        "annotate_seconds_all_cores": annotate_seconds,
        "dedupe_seconds": dedupe_seconds,
        "dedupe_articles_per_second": docs.len() as f64 / dedupe_seconds.max(1e-9),
        "cluster_seconds": cluster_seconds,
        "cluster_articles_per_second": docs.len() as f64 / cluster_seconds.max(1e-9),
        "events_found": clustering.events.len(),
        "events_gold": gold_ids.len(),
        "stories_found": clustering.stories.len(),
        "events_bcubed_f1": events_b3.f1,
        "events_bcubed_precision": events_b3.precision,
        "events_bcubed_recall": events_b3.recall,
        "events_pairwise_f1": events_pairs.f1,
        "reprints_planted": reprints.len(),
        "reprints_grouped_with_their_source": reprints_found,
        "articles_grouped_as_copies": grouped,
        "peak_memory_mib": mib(memory.peak_kib),
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "{} articles ({} gold events): generated in {:.1} s, annotated in {:.1} s on all cores\n\
             dedupe  {:.2} s on {} thread(s) ({:.0} articles/s): {}/{} planted reprints grouped with their source\n\
             cluster {:.2} s on {} thread(s) ({:.0} articles/s): {} events, {} stories; B-cubed P {:.3} R {:.3} F1 {:.3}; pairwise F1 {:.3}\n\
             peak memory {:.0} MiB",
            docs.len(), gold_ids.len(), generate_seconds, annotate_seconds,
            dedupe_seconds, args.threads, docs.len() as f64 / dedupe_seconds.max(1e-9), reprints_found, reprints.len(),
            cluster_seconds, args.threads, docs.len() as f64 / cluster_seconds.max(1e-9), clustering.events.len(), clustering.stories.len(),
            events_b3.precision, events_b3.recall, events_b3.f1, events_pairs.f1,
            mib(memory.peak_kib),
        );
    }
    Ok(())
}
