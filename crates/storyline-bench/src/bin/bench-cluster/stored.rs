//! `--store`: the time to add the newest articles to a clustering kept in a
//! SQLite store, through the clustering half of an incremental `storyline
//! analyze` (`storyline_pipeline::{StoredClustering, add_unclustered,
//! put_clustering_changes}` and the event tables of `put_analysis`); the
//! re-analysis of the changed stories is not part of it.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use storyline_bench::{cpu_seconds, mib, reset_peak_memory, Memory};
use storyline_cluster::{Clustering, Sketch, TermStats};
use storyline_model::{Article, CorpusAnalysis, Doc};
use storyline_pipeline::{
    add_unclustered, profile_bytes, put_clustering_changes, StoredClustering,
};
use storyline_store::{Store, StoredFingerprint, TermCounts};

use crate::{score, Args, Fingerprinted};

/// Articles written per transaction while filling the store.
const FILL_BATCH: usize = 10_000;

/// Clusters all but the newest `--add` articles, stores them, then times the
/// stored add and prints the figures. Runs on the caller's thread pool
/// (`--threads`, one by default).
pub fn run(
    args: &Args,
    path: &Path,
    articles: &[Fingerprinted],
    sketches: Vec<Sketch>,
    resident_before: u64,
) -> Result<()> {
    let n = articles.len();
    anyhow::ensure!(n > 1, "--store needs at least two articles");
    let add = args.add.clamp(1, n - 1);
    let old = &sketches[..n - add];

    let started = Instant::now();
    let cpu = cpu_seconds();
    let old_stats = TermStats::of(old);
    let previous = storyline_cluster::cluster_sketches(old, &old_stats);
    let cluster_seconds = started.elapsed().as_secs_f64();
    let cluster_cpu = cpu_seconds() - cpu;
    let cluster_peak = Memory::now().peak_kib;

    let started = Instant::now();
    fill(path, articles, &sketches, &previous, &old_stats)?;
    let fill_seconds = started.elapsed().as_secs_f64();
    let store_bytes = std::fs::metadata(path)?.len();
    drop(sketches);
    drop(previous);
    drop(old_stats);

    reset_peak_memory();
    let resident_at_add = Memory::now().rss_kib;
    let started = Instant::now();
    let cpu = cpu_seconds();
    let mut store = Store::open(path).context("opening the benchmark store")?;
    let loaded = StoredClustering::load(&store)?.context("the stored clustering is incomplete")?;
    let load_seconds = started.elapsed().as_secs_f64();
    let update = add_unclustered(&store, &loaded.clustering, n)?;
    let update_seconds = started.elapsed().as_secs_f64() - load_seconds;
    let analysis = CorpusAnalysis {
        events: update.after.events.clone(),
        stories: update.after.stories.clone(),
        ..CorpusAnalysis::default()
    };
    store.put_analysis(&analysis)?;
    put_clustering_changes(&mut store, &loaded.clustering, &update)?;
    let add_seconds = started.elapsed().as_secs_f64();
    let write_seconds = add_seconds - load_seconds - update_seconds;
    let add_cpu = cpu_seconds() - cpu;
    let add_peak = Memory::now().peak_kib;

    let (b3, pairs, gold_events) = score(&update.after, articles);
    let kept: std::collections::HashSet<&str> =
        update.after.events.iter().map(|e| e.id.as_str()).collect();
    let replaced = loaded
        .clustering
        .events
        .iter()
        .filter(|e| !kept.contains(e.id.as_str()))
        .count();
    let figures = serde_json::json!({
        "articles": n,
        "threads": args.threads,
        "clustered_articles": n - add,
        "cluster_seconds": cluster_seconds,
        "cluster_cpu_seconds": cluster_cpu,
        "cluster_articles_per_second": (n - add) as f64 / cluster_seconds.max(1e-9),
        "peak_memory_cluster_mib": mib(cluster_peak),
        "resident_before_corpus_stages_mib": mib(resident_before),
        "store_fill_seconds": fill_seconds,
        "store_mib": store_bytes as f64 / (1024.0 * 1024.0),
        "add_articles": update.added,
        "add_seconds": add_seconds,
        "add_cpu_seconds": add_cpu,
        "add_load_seconds": load_seconds,
        "add_update_seconds": update_seconds,
        "add_write_seconds": write_seconds,
        "add_events_replaced": replaced,
        "add_resident_before_mib": mib(resident_at_add),
        "add_peak_memory_mib": mib(add_peak),
        "events_found": update.after.events.len(),
        "events_gold": gold_events,
        "stories_found": update.after.stories.len(),
        "events_bcubed_f1": b3.f1,
        "events_pairwise_f1": pairs.f1,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "{n} articles ({gold_events} gold events)\n\
             cluster {} older articles: {cluster_seconds:.1} s ({cluster_cpu:.1} s CPU), peak {:.0} MiB\n\
             store   filled in {fill_seconds:.1} s: {:.0} MiB on disk\n\
             add     {} newest from the store: {add_seconds:.2} s ({add_cpu:.2} s CPU): \
             load {load_seconds:.2} s, update {update_seconds:.2} s, write {write_seconds:.2} s; \
             {replaced} events re-clustered; peak {:.0} MiB\n\
             result  {} events, {} stories; B-cubed F1 {:.3}, pairwise F1 {:.3}",
            n - add,
            mib(cluster_peak),
            store_bytes as f64 / (1024.0 * 1024.0),
            update.added,
            mib(add_peak),
            update.after.events.len(),
            update.after.stories.len(),
            b3.f1,
            pairs.f1,
        );
    }
    Ok(())
}

/// Writes a store holding every article (id and date, no text), every
/// fingerprint, and the clustering of the older articles as a previous
/// `storyline analyze` would have left it.
fn fill(
    path: &Path,
    articles: &[Fingerprinted],
    sketches: &[Sketch],
    previous: &Clustering,
    stats: &TermStats,
) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        if Path::new(&file).exists() {
            std::fs::remove_file(&file).with_context(|| format!("removing {file}"))?;
        }
    }
    let mut store = Store::open(path).context("creating the benchmark store")?;
    for (articles, sketches) in articles.chunks(FILL_BATCH).zip(sketches.chunks(FILL_BATCH)) {
        let docs: Vec<Doc> = articles
            .iter()
            .zip(sketches)
            .map(|(article, sketch)| Doc::new(bare_article(&sketch.id, article)))
            .collect();
        store.put_docs(&docs)?;
        let prints: Vec<StoredFingerprint> = articles
            .iter()
            .zip(sketches)
            .map(|(article, sketch)| StoredFingerprint {
                id: sketch.id.clone(),
                event_date: sketch.event_date,
                published: article.published,
                sketch: sketch.to_bytes(),
                signature: article.signature.to_bytes(),
            })
            .collect();
        store.put_fingerprints(&prints)?;
    }
    store.put_analysis(&CorpusAnalysis {
        events: previous.events.clone(),
        stories: previous.stories.clone(),
        ..CorpusAnalysis::default()
    })?;
    store.put_cluster_state(
        &profile_bytes(previous),
        TermCounts::Replace(&stats.counts()),
    )?;
    Ok(())
}

/// An article row with its id and publication date only.
fn bare_article(id: &str, article: &Fingerprinted) -> Article {
    let bare = Article::new(id, format!("bench:{id}"), "");
    match article.published {
        Some(date) => bare.given_published(date),
        None => bare,
    }
}
