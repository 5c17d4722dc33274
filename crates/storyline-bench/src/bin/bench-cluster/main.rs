//! `bench-cluster`: near-duplicate detection and event/story clustering at scale
//! on a synthetic corpus with planted events and reprints, and the time to add
//! a batch of new articles to the clustered corpus.
//!
//! ```sh
//! cargo run --release -p storyline-bench --bin bench-cluster -- --articles 100000
//! ```
//!
//! Generates the corpus in memory, extracts, annotates and fingerprints it on
//! every core (the per-article stages, not timed as part of clustering), drops
//! the texts, then times on one thread (or `--threads`): dedupe over the
//! signatures, clustering over the sketches, and an incremental update adding
//! the `--add` newest articles to a clustering of the others. Events are scored
//! against the planted labels (B-cubed and pairwise F1), duplicate groups
//! against the planted reprints; the peak memory is that of the corpus stages
//! (measured from after the texts are dropped).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Parser;
use rayon::prelude::*;
use storyline_bench::{cpu_seconds, mib, reset_peak_memory, Memory};
use storyline_cluster::{Clustering, Sketch, SketchSource, TermStats};
use storyline_dedupe::{Fingerprint, Signature};
use storyline_eval::clustering::{bcubed, pairwise, Prf};
use storyline_model::ArticleId;
use storyline_synth::{generate, CorpusSpec};

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
    /// Newest articles added incrementally to a clustering of the rest (0: skip).
    #[arg(long, default_value_t = 1000)]
    add: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Keep the fingerprints in this file: written on the first run, read on
    /// later ones (skipping generation and annotation), so a run's memory is
    /// that of the corpus stages alone. A file that does not load (written by
    /// a build with another fingerprint format) is regenerated.
    #[arg(long)]
    fingerprints: Option<PathBuf>,
    /// Measure the add against a SQLite store at this path (replaced) instead
    /// of in memory: the older articles are clustered (the clustering figure
    /// is then theirs), stored with their fingerprints and clustering state,
    /// and the `--add` newest (at least one) are added through the clustering
    /// half of an incremental `storyline analyze`: read the stored state,
    /// re-cluster near the new articles, write back what changed. The stored articles carry ids and dates but no text (the
    /// clustering never reads it), so the store is the size of the fingerprints.
    #[arg(long)]
    store: Option<PathBuf>,
}

/// Writes fingerprints as length-prefixed postcard records.
fn save(path: &Path, articles: &[Fingerprinted]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for article in articles {
        let bytes = postcard::to_allocvec(article)?;
        out.write_all(&u32::try_from(bytes.len())?.to_le_bytes())?;
        out.write_all(&bytes)?;
    }
    out.flush()?;
    Ok(())
}

/// Reads what [`save`] wrote, one record at a time.
fn load(path: &Path) -> Result<Vec<Fingerprinted>> {
    let mut input = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut articles = Vec::new();
    let mut len = [0u8; 4];
    let mut buffer = Vec::new();
    loop {
        match input.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e.into()),
        }
        buffer.resize(u32::from_le_bytes(len) as usize, 0);
        input.read_exact(&mut buffer)?;
        articles.push(postcard::from_bytes(&buffer)?);
    }
    Ok(articles)
}

/// One article after the per-article stages, without its text.
#[derive(serde::Serialize, serde::Deserialize)]
struct Fingerprinted {
    sketch: Sketch,
    signature: Signature,
    published: Option<NaiveDate>,
    event: String,
    duplicate_of: Option<String>,
}

/// Stored sketches held in memory, sorted by event date, as a store would serve them.
struct MemorySource<'a> {
    by_date: Vec<(Option<NaiveDate>, &'a Sketch)>,
    by_id: HashMap<&'a str, &'a Sketch>,
}

impl<'a> MemorySource<'a> {
    fn new(sketches: impl Iterator<Item = &'a Sketch>) -> MemorySource<'a> {
        let mut by_date: Vec<(Option<NaiveDate>, &Sketch)> =
            sketches.map(|s| (s.event_date, s)).collect();
        by_date.sort_by_key(|(date, _)| *date);
        let by_id = by_date.iter().map(|(_, s)| (s.id.as_str(), *s)).collect();
        MemorySource { by_date, by_id }
    }
}

impl SketchSource for MemorySource<'_> {
    type Error = std::convert::Infallible;

    fn near(&mut self, ranges: &[(NaiveDate, NaiveDate)]) -> Result<Vec<Sketch>, Self::Error> {
        let mut found: Vec<Sketch> = self
            .by_date
            .iter()
            .take_while(|(date, _)| date.is_none())
            .map(|(_, s)| (*s).clone())
            .collect();
        for (from, to) in ranges {
            let start = self.by_date.partition_point(|(d, _)| *d < Some(*from));
            found.extend(
                self.by_date[start..]
                    .iter()
                    .take_while(|(d, _)| *d <= Some(*to))
                    .map(|(_, s)| (*s).clone()),
            );
        }
        Ok(found)
    }

    fn by_id(&mut self, ids: &[ArticleId]) -> Result<Vec<Sketch>, Self::Error> {
        Ok(ids
            .iter()
            .filter_map(|id| self.by_id.get(id.as_str()).map(|s| (*s).clone()))
            .collect())
    }
}

/// B-cubed and pairwise scores of `clustering` against the planted events.
fn score(clustering: &Clustering, articles: &[Fingerprinted]) -> (Prf, Prf, usize) {
    let found_of: HashMap<&str, usize> = clustering
        .events
        .iter()
        .enumerate()
        .flat_map(|(index, event)| event.articles.iter().map(move |id| (id.as_str(), index)))
        .collect();
    let mut gold_ids: HashMap<&str, usize> = HashMap::new();
    let (mut gold, mut found) = (Vec::new(), Vec::new());
    for article in articles {
        let next = gold_ids.len();
        gold.push(*gold_ids.entry(article.event.as_str()).or_insert(next));
        found.push(
            found_of
                .get(article.sketch.id.as_str())
                .copied()
                .unwrap_or(usize::MAX),
        );
    }
    (
        bcubed(&gold, &found),
        pairwise(&gold, &found),
        gold_ids.len(),
    )
}

fn main() -> Result<()> {
    let args = Args::parse();
    // A file written by a build with another fingerprint format does not load:
    // it is regenerated and rewritten.
    let cached = match &args.fingerprints {
        Some(path) if path.exists() => load(path)
            .map_err(|e| eprintln!("{}: {e:#}; regenerating", path.display()))
            .ok(),
        _ => None,
    };
    let (mut articles, generate_seconds, annotate_seconds) = match cached {
        Some(articles) => (articles, 0.0, 0.0),
        None => {
            let (articles, generate_seconds, annotate_seconds) = fingerprint_corpus(&args);
            if let Some(path) = &args.fingerprints {
                save(path, &articles)?;
            }
            (articles, generate_seconds, annotate_seconds)
        }
    };
    // Newest last, so the incremental step adds the articles a daily crawl would.
    articles.sort_by(|a, b| (a.published, &a.sketch.id).cmp(&(b.published, &b.sketch.id)));
    let sketches: Vec<Sketch> = articles
        .iter_mut()
        .map(|a| {
            let empty = empty_sketch(&a.sketch.id);
            std::mem::replace(&mut a.sketch, empty)
        })
        .collect();
    reset_peak_memory();
    let resident_before = Memory::now().rss_kib;
    if let Some(path) = &args.store {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build()?;
        return pool.install(|| stored::run(&args, path, &articles, sketches, resident_before));
    }
    run(
        &args,
        articles,
        sketches,
        generate_seconds,
        annotate_seconds,
        resident_before,
    )
}

mod stored;

/// A sketch holding only an id, left behind when the real one moves out.
fn empty_sketch(id: &str) -> Sketch {
    Sketch {
        id: id.to_string(),
        title: None,
        terms: Vec::new(),
        actors: Vec::new(),
        places: Vec::new(),
        display_actors: Vec::new(),
        event_date: None,
        date_keys: Vec::new(),
        quote_shingles: Vec::new(),
    }
}

/// Generates the corpus and runs the per-article stages on every core.
fn fingerprint_corpus(args: &Args) -> (Vec<Fingerprinted>, f64, f64) {
    let started = Instant::now();
    let corpus = generate(&CorpusSpec {
        articles: args.articles,
        seed: args.seed,
        ..CorpusSpec::default()
    });
    let generate_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let articles: Vec<Fingerprinted> = corpus
        .articles
        .par_iter()
        .filter_map(|a| {
            let doc = storyline_extract::extract(&a.raw_document())
                .ok()
                .map(storyline_annotate::annotate)?;
            Some(Fingerprinted {
                sketch: Sketch::of(&doc),
                signature: Signature::of(doc.text()),
                published: doc.article.published_date(),
                event: a.label.event.clone(),
                duplicate_of: a.label.duplicate_of.clone(),
            })
        })
        .collect();
    let annotate_seconds = started.elapsed().as_secs_f64();
    (articles, generate_seconds, annotate_seconds)
}

/// Times the corpus stages and prints the figures.
fn run(
    args: &Args,
    articles: Vec<Fingerprinted>,
    sketches: Vec<Sketch>,
    generate_seconds: f64,
    annotate_seconds: f64,
    resident_before: u64,
) -> Result<()> {
    let n = articles.len();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()?;
    let (dedupe_seconds, dedupe_cpu, groups, cluster_seconds, cluster_cpu, clustering) = pool
        .install(|| {
            let started = Instant::now();
            let cpu = cpu_seconds();
            let prints: Vec<Fingerprint> = articles
                .iter()
                .map(|a| Fingerprint {
                    id: &a.sketch.id,
                    published: a.published,
                    signature: &a.signature,
                })
                .collect();
            let groups = storyline_dedupe::group_duplicates(&prints);
            let dedupe_seconds = started.elapsed().as_secs_f64();
            let dedupe_cpu = cpu_seconds() - cpu;
            let started = Instant::now();
            let cpu = cpu_seconds();
            let stats = TermStats::of(&sketches);
            let clustering = storyline_cluster::cluster_sketches(&sketches, &stats);
            (
                dedupe_seconds,
                dedupe_cpu,
                groups,
                started.elapsed().as_secs_f64(),
                cpu_seconds() - cpu,
                clustering,
            )
        });
    let memory = Memory::now();
    let (events_b3, events_pairs, gold_events) = score(&clustering, &articles);

    // Incremental: cluster all but the newest `add`, then add them.
    let add = args.add.min(n);
    let incremental = (add > 0).then(|| {
        pool.install(|| {
            let (old, new) = sketches.split_at(n - add);
            let old_stats = TermStats::of(old);
            let previous = storyline_cluster::cluster_sketches(old, &old_stats);
            let mut source = MemorySource::new(old.iter());
            let started = Instant::now();
            let cpu = cpu_seconds();
            let mut stats = old_stats;
            for sketch in new {
                stats.add(sketch);
            }
            let Ok(updated) = storyline_cluster::update(&previous, new, &stats, n, &mut source);
            let seconds = started.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu;
            let kept: std::collections::HashSet<&str> =
                updated.events.iter().map(|u| u.id.as_str()).collect();
            let touched = previous
                .events
                .iter()
                .filter(|e| !kept.contains(e.id.as_str()))
                .count();
            (seconds, cpu, updated, touched)
        })
    });

    // Duplicates: each planted reprint should share a group with what it copies.
    let group_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.articles.iter().map(move |a| (a.as_str(), g)))
        .collect();
    let reprints: Vec<(&str, &str)> = articles
        .iter()
        .filter_map(|a| {
            a.duplicate_of
                .as_deref()
                .map(|of| (a.sketch.id.as_str(), of))
        })
        .collect();
    let reprints_found = reprints
        .iter()
        .filter(|(id, of)| group_of.contains_key(id) && group_of.get(id) == group_of.get(of))
        .count();
    let grouped: usize = groups.iter().map(|g| g.articles.len() - 1).sum();
    let mut figures = serde_json::json!({
        "articles": n,
        "threads": args.threads,
        "generate_seconds": generate_seconds,
        "annotate_seconds_all_cores": annotate_seconds,
        "dedupe_seconds": dedupe_seconds,
        "dedupe_cpu_seconds": dedupe_cpu,
        "dedupe_articles_per_second": n as f64 / dedupe_seconds.max(1e-9),
        "cluster_seconds": cluster_seconds,
        "cluster_cpu_seconds": cluster_cpu,
        "cluster_articles_per_second": n as f64 / cluster_seconds.max(1e-9),
        "events_found": clustering.events.len(),
        "events_gold": gold_events,
        "stories_found": clustering.stories.len(),
        "events_bcubed_f1": events_b3.f1,
        "events_bcubed_precision": events_b3.precision,
        "events_bcubed_recall": events_b3.recall,
        "events_pairwise_f1": events_pairs.f1,
        "reprints_planted": reprints.len(),
        "reprints_grouped_with_their_source": reprints_found,
        "articles_grouped_as_copies": grouped,
        "resident_before_corpus_stages_mib": mib(resident_before),
        "peak_memory_corpus_stages_mib": mib(memory.peak_kib),
    });
    let prepared = if generate_seconds == 0.0 {
        "fingerprints read from the --fingerprints file".to_string()
    } else {
        format!(
            "generated in {generate_seconds:.1} s, annotated and fingerprinted in {annotate_seconds:.1} s on all cores"
        )
    };
    let mut incremental_line = String::new();
    if let Some((seconds, cpu, updated, replaced)) = &incremental {
        let (b3, _, _) = score(updated, &articles);
        figures["add_articles"] = serde_json::json!(add);
        figures["add_seconds"] = serde_json::json!(seconds);
        figures["add_cpu_seconds"] = serde_json::json!(cpu);
        figures["add_events_replaced"] = serde_json::json!(replaced);
        figures["add_events_bcubed_f1"] = serde_json::json!(b3.f1);
        incremental_line = format!(
            "\nadd     {add} newest articles to a clustering of the other {}: {seconds:.2} s ({cpu:.2} s CPU) on {} thread(s), {replaced} events re-clustered; B-cubed F1 after {:.3}",
            n - add,
            args.threads,
            b3.f1
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "{} articles ({} gold events): {}\n\
             dedupe  {:.2} s ({:.2} s CPU) on {} thread(s) ({:.0} articles/s): {}/{} planted reprints grouped with their source\n\
             cluster {:.2} s ({:.2} s CPU) on {} thread(s) ({:.0} articles/s): {} events, {} stories; B-cubed P {:.3} R {:.3} F1 {:.3}; pairwise F1 {:.3}{}\n\
             memory  {:.0} MiB resident with the fingerprints; peak {:.0} MiB in the corpus stages",
            n, gold_events, prepared,
            dedupe_seconds, dedupe_cpu, args.threads, n as f64 / dedupe_seconds.max(1e-9), reprints_found, reprints.len(),
            cluster_seconds, cluster_cpu, args.threads, n as f64 / cluster_seconds.max(1e-9), clustering.events.len(), clustering.stories.len(),
            events_b3.precision, events_b3.recall, events_b3.f1, events_pairs.f1,
            incremental_line,
            mib(resident_before), mib(memory.peak_kib),
        );
    }
    Ok(())
}
