//! `bench-annotate`: extract + annotate throughput on a synthetic corpus held in memory.
//!
//! ```sh
//! cargo run --release -p storyline-bench --bin bench-annotate -- --articles 10000
//! ```
//!
//! Generates the corpus (see `gen-corpus`), turns each article into the raw
//! document the source stage would read, then runs extract and annotate over all
//! of them, first on one thread (timing each stage apart), then with rayon on
//! every core (or `--threads`). Reports articles/s, MB/s of input and words/s of
//! clean text, the time each annotate step takes, and the peak resident memory
//! (`VmHWM`). The whole-pipeline lines also give the CPU seconds used: CPU time
//! well below threads × wall time means other processes shared the cores.
//!
//! With `--annotate-only` it extracts every article first, then times annotate
//! alone over all of them on one thread (wall and CPU seconds, words/s), and
//! with `--clean-text FILE` writes the texts annotate read (one JSON object
//! `{"text": …}` a line) so another tool can be timed on the same text
//! (`scripts/compare-annotate.sh`).

use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Parser;
use rayon::prelude::*;
use serde::Serialize;
use storyline_bench::{cpu_seconds, mib, Memory};
use storyline_eval::measure::count_words;
use storyline_model::{Doc, RawDocument};
use storyline_synth::{generate, CorpusSpec};

/// Measures extract + annotate throughput on a synthetic corpus.
#[derive(Debug, Parser)]
#[command(name = "bench-annotate", about, long_about = None)]
struct Args {
    /// Articles to generate.
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads for the parallel run (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Time annotate alone, on one thread, over the extracted articles.
    #[arg(long)]
    annotate_only: bool,
    /// With `--annotate-only`: write the clean texts annotate reads to this
    /// file (JSON lines) and stop without timing.
    #[arg(long, requires = "annotate_only")]
    clean_text: Option<std::path::PathBuf>,
}

/// Figures of `--annotate-only`.
#[derive(Debug, Serialize)]
struct AnnotateOnly {
    articles: usize,
    clean_bytes: usize,
    /// Whitespace-separated words of the clean text.
    words: usize,
    sentences: usize,
    seconds: f64,
    cpu_seconds: f64,
    words_per_second: f64,
    /// Words per CPU second: steadier than per wall second on a shared machine.
    words_per_cpu_second: f64,
    peak_rss_mib: f64,
}

/// `--annotate-only`: extracts every article, then annotates them all on one
/// thread, timed; or writes the clean texts to `clean_text` instead.
fn annotate_only(raws: &[RawDocument], args: &Args) -> Result<()> {
    let articles: Vec<storyline_model::Article> = raws
        .iter()
        .filter_map(|raw| storyline_extract::extract(raw).ok())
        .collect();
    if let Some(path) = &args.clean_text {
        let mut out = String::new();
        for article in &articles {
            out.push_str(&serde_json::json!({ "text": article.text }).to_string());
            out.push('\n');
        }
        std::fs::write(path, out)?;
        return Ok(());
    }
    let clean_bytes = articles.iter().map(|a| a.text.len()).sum();
    let words = articles.iter().map(|a| count_words(&a.text)).sum();
    let n = articles.len();
    let mut docs = Vec::with_capacity(n);
    let cpu = cpu_seconds();
    let wall = Instant::now();
    for article in articles {
        docs.push(storyline_annotate::annotate(article));
    }
    let seconds = wall.elapsed().as_secs_f64();
    let cpu_seconds = cpu_seconds() - cpu;
    let figures = AnnotateOnly {
        articles: n,
        clean_bytes,
        words,
        sentences: docs.iter().map(|d| d.sentences.len()).sum(),
        seconds,
        cpu_seconds,
        words_per_second: words as f64 / seconds.max(1e-9),
        words_per_cpu_second: words as f64 / cpu_seconds.max(1e-9),
        peak_rss_mib: mib(Memory::now().peak_kib),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "annotate alone, one thread: {} articles, {} words, {} sentences in {:.2} s ({:.2} CPU s): {:.0} words/s; peak {:.0} MiB",
            figures.articles,
            figures.words,
            figures.sentences,
            figures.seconds,
            figures.cpu_seconds,
            figures.words_per_second,
            figures.peak_rss_mib
        );
    }
    Ok(())
}

/// One run's figures.
#[derive(Debug, Clone, Copy, Serialize)]
struct Run {
    threads: usize,
    seconds: f64,
    /// CPU seconds the process used meanwhile (all threads; 0 when not measured).
    cpu_seconds: f64,
    articles_per_second: f64,
    /// Input megabytes (10^6 bytes of raw text) per second.
    mb_per_second: f64,
    /// Clean-text words per second.
    words_per_second: f64,
}

impl Run {
    fn new(threads: usize, elapsed: Duration, corpus: &Totals) -> Run {
        let seconds = elapsed.as_secs_f64().max(1e-9);
        Run {
            threads,
            seconds,
            cpu_seconds: 0.0,
            articles_per_second: corpus.articles as f64 / seconds,
            mb_per_second: corpus.input_bytes as f64 / 1e6 / seconds,
            words_per_second: corpus.clean_words as f64 / seconds,
        }
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:<34} {:>8.0} articles/s  {:>6.2} MB/s  {:>9.0} words/s  ({:.2} s, {} thread{}{})",
            self.articles_per_second,
            self.mb_per_second,
            self.words_per_second,
            self.seconds,
            self.threads,
            if self.threads == 1 { "" } else { "s" },
            if self.cpu_seconds > 0.0 {
                format!(", {:.2} CPU s", self.cpu_seconds)
            } else {
                String::new()
            }
        )
    }
}

/// What the corpus holds and what annotation found in it.
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Totals {
    articles: usize,
    input_bytes: usize,
    clean_bytes: usize,
    clean_words: usize,
    sentences: usize,
    quotes: usize,
    dates: usize,
    quantities: usize,
    mentions: usize,
}

/// Time spent in each step of the annotate stage, one thread.
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Steps {
    sentences: f64,
    entities: f64,
    quotes: f64,
    dates: f64,
    quantities: f64,
}

/// Runs the steps `storyline_annotate::annotate` runs, in its order, timing each.
fn time_steps(raws: &[RawDocument]) -> Steps {
    use storyline_annotate::steps::{
        find_dates, find_entities, find_quantities, find_quotes, split_sentences, words,
    };
    let mut times = [Duration::ZERO; 5];
    let mut lap = |step: usize, started: Instant| times[step] += started.elapsed();
    for raw in raws {
        let Ok(article) = storyline_extract::extract(raw) else {
            continue;
        };
        let text = article.text.as_str();
        let t = Instant::now();
        let spans = split_sentences(text);
        let words = words(text, &spans);
        lap(0, t);
        let t = Instant::now();
        let found = find_entities(text, &spans, &words);
        lap(1, t);
        let t = Instant::now();
        std::hint::black_box(find_quotes(text, &spans, &words, &found));
        lap(2, t);
        let t = Instant::now();
        std::hint::black_box(find_dates(text, article.published_date()));
        lap(3, t);
        let t = Instant::now();
        std::hint::black_box(find_quantities(text));
        lap(4, t);
    }
    let [sentences, entities, quotes, dates, quantities] = times.map(|d| d.as_secs_f64());
    Steps {
        sentences,
        entities,
        quotes,
        dates,
        quantities,
    }
}

#[derive(Debug, Serialize)]
struct Report {
    totals: Totals,
    generate_seconds: f64,
    extract_one_thread: Run,
    annotate_one_thread: Run,
    pipeline_one_thread: Run,
    pipeline_parallel: Run,
    /// Seconds per annotate step over the corpus, one thread.
    annotate_steps: Steps,
    memory_after_generation: Memory,
    memory_peak: Memory,
}

fn process(raw: &RawDocument) -> Option<Doc> {
    storyline_extract::extract(raw)
        .ok()
        .map(storyline_annotate::annotate)
}

fn main() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let corpus = generate(&CorpusSpec {
        articles: args.articles,
        seed: args.seed,
        ..CorpusSpec::default()
    });
    let raws = corpus.raw_documents();
    drop(corpus);
    let generate_seconds = started.elapsed().as_secs_f64();
    let memory_after_generation = Memory::now();
    if args.annotate_only {
        return annotate_only(&raws, &args);
    }

    // Warm up caches and the allocator on a slice of the corpus.
    for raw in raws.iter().take(200) {
        std::hint::black_box(process(raw));
    }

    // One thread, each stage timed apart.
    let mut totals = Totals {
        articles: raws.len(),
        input_bytes: raws.iter().map(|r| r.content.len()).sum(),
        ..Totals::default()
    };
    let (mut extract_time, mut annotate_time) = (Duration::ZERO, Duration::ZERO);
    let mut docs = Vec::with_capacity(raws.len());
    let cpu = cpu_seconds();
    let wall = Instant::now();
    for raw in &raws {
        let t = Instant::now();
        let Ok(article) = storyline_extract::extract(raw) else {
            extract_time += t.elapsed();
            continue;
        };
        extract_time += t.elapsed();
        totals.clean_bytes += article.text.len();
        totals.clean_words += count_words(&article.text);
        let t = Instant::now();
        let doc = storyline_annotate::annotate(article);
        annotate_time += t.elapsed();
        docs.push(doc);
    }
    let one_thread = wall.elapsed();
    let one_thread_cpu = cpu_seconds() - cpu;
    for doc in &docs {
        totals.sentences += doc.sentences.len();
        totals.quotes += doc.quotes.len();
        totals.dates += doc.dates.len();
        totals.quantities += doc.quantities.len();
        totals.mentions += doc.mentions.len();
    }
    drop(docs);
    let extract_one_thread = Run::new(1, extract_time, &totals);
    let mut annotate_one_thread = Run::new(1, annotate_time, &totals);
    // Annotate reads clean text: its MB/s counts clean bytes.
    annotate_one_thread.mb_per_second =
        totals.clean_bytes as f64 / 1e6 / annotate_time.as_secs_f64().max(1e-9);
    let mut pipeline_one_thread = Run::new(1, one_thread, &totals);
    pipeline_one_thread.cpu_seconds = one_thread_cpu;

    // Every core.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let threads = pool.current_num_threads();
    let cpu = cpu_seconds();
    let wall = Instant::now();
    let docs: Vec<Doc> = pool.install(|| raws.par_iter().filter_map(process).collect());
    let parallel = wall.elapsed();
    let parallel_cpu = cpu_seconds() - cpu;
    anyhow::ensure!(
        docs.len() <= totals.articles,
        "more documents than articles"
    );
    drop(docs);
    let mut pipeline_parallel = Run::new(threads, parallel, &totals);
    pipeline_parallel.cpu_seconds = parallel_cpu;

    let annotate_steps = time_steps(&raws);

    let report = Report {
        totals,
        generate_seconds,
        extract_one_thread,
        annotate_one_thread,
        pipeline_one_thread,
        pipeline_parallel,
        annotate_steps,
        memory_after_generation,
        memory_peak: Memory::now(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let t = &report.totals;
    println!(
        "corpus: {} articles, {:.1} MB input, {:.1} MB clean text, {} words (generated in {:.2} s)",
        t.articles,
        t.input_bytes as f64 / 1e6,
        t.clean_bytes as f64 / 1e6,
        t.clean_words,
        report.generate_seconds
    );
    println!(
        "found: {} sentences, {} mentions, {} quotes, {} dates, {} quantities",
        t.sentences, t.mentions, t.quotes, t.dates, t.quantities
    );
    println!("{}", report.extract_one_thread.line("extract"));
    println!(
        "{}",
        report
            .annotate_one_thread
            .line("annotate (MB/s of clean text)")
    );
    println!("{}", report.pipeline_one_thread.line("extract + annotate"));
    println!(
        "{}",
        report.pipeline_parallel.line("extract + annotate, rayon")
    );
    let steps = &report.annotate_steps;
    println!(
        "annotate steps, one thread: sentences {:.2} s, entities {:.2} s, quotes {:.2} s, dates {:.2} s, quantities {:.2} s",
        steps.sentences, steps.entities, steps.quotes, steps.dates, steps.quantities
    );
    println!(
        "memory: {:.0} MiB resident after generating the corpus; peak (VmHWM) {:.0} MiB",
        mib(report.memory_after_generation.rss_kib),
        mib(report.memory_peak.peak_kib)
    );
    Ok(())
}
