//! `bench-dedupe`: near-duplicate detection alone, on a corpus folder written by
//! `gen-corpus`, for a side-by-side comparison with datasketch
//! (`scripts/compare-dedupe.sh`, `scripts/compare_dedupe.py`).
//!
//! ```sh
//! cargo run --release -p storyline-bench --bin gen-corpus -- --articles 20000 --out /tmp/synthetic
//! cargo run --release -p storyline-bench --bin bench-dedupe -- /tmp/synthetic --json
//! ```
//!
//! Reads `corpus.jsonl` (the records' `text`) and `labels.jsonl` (line for line
//! the same articles: `id`, `duplicate_of`), then times on one thread:
//! [`Signature::of`] over every text, then [`storyline_dedupe::group_duplicates`].
//!
//! The signatures are taken over the record's raw `text`, without extract or
//! annotate. `storyline` itself signs the clean text extract leaves; for the
//! plain-text records `gen-corpus` writes that is the same prose with little
//! boilerplate removed, so the groups are close to (not exactly) what the
//! pipeline finds, and the comparison with datasketch sees the same input.
//!
//! Identical texts (two reprints of one source that came out the same) share
//! one content-hash id, as they would in storyline; groups list such an id twice.
//!
//! Scores against the planted labels: recall is the share of planted reprints
//! (articles with `duplicate_of`) grouped with their source; the precision proxy
//! counts grouped pairs whose labels make neither a copy of the other nor copies
//! of the same source ("false pairs"), and the grouped articles that have no
//! planted copy relation to any other member of their group.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use serde::Deserialize;
use storyline_bench::{cpu_seconds, mib, Memory};
use storyline_dedupe::{Fingerprint, Signature};
use storyline_model::DuplicateGroup;
use storyline_synth::{CORPUS_FILE, LABELS_FILE};

/// Measures near-duplicate detection on a `gen-corpus` folder.
#[derive(Debug, Parser)]
#[command(name = "bench-dedupe", about, long_about = None)]
struct Args {
    /// Folder written by `gen-corpus` (holds corpus.jsonl and labels.jsonl).
    corpus: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Also write the groups to this file, one JSON array of article ids a line.
    #[arg(long)]
    groups: Option<PathBuf>,
}

/// The part of a corpus record dedupe reads.
#[derive(Deserialize)]
struct Record {
    text: String,
}

/// The part of a label the scoring reads.
#[derive(Deserialize)]
struct Label {
    id: String,
    duplicate_of: Option<String>,
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line)
                .with_context(|| format!("{} line {}", path.display(), n + 1))?,
        );
    }
    Ok(out)
}

/// Figures of grouping scored against the planted reprints.
#[derive(Debug, Default)]
struct Score {
    reprints: usize,
    reprints_found: usize,
    groups: usize,
    grouped_articles: usize,
    grouped_pairs: u64,
    false_pairs: u64,
    stray_articles: usize,
}

/// Scores `groups` (lists of article ids) against `labels`: an article's copy
/// family is the source it reprints, or itself.
fn score(labels: &[Label], groups: &[DuplicateGroup]) -> Score {
    let source: HashMap<&str, Option<&str>> = labels
        .iter()
        .map(|l| (l.id.as_str(), l.duplicate_of.as_deref()))
        .collect();
    let family = |id: &str| {
        // Follow reprint chains to the original (bounded, in case of a cycle).
        let mut id = id.to_string();
        for _ in 0..16 {
            match source.get(id.as_str()).copied().flatten() {
                Some(original) => id = original.to_string(),
                None => break,
            }
        }
        id
    };
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    let mut s = Score {
        groups: groups.len(),
        ..Score::default()
    };
    for (g, group) in groups.iter().enumerate() {
        let mut families: HashMap<String, u64> = HashMap::new();
        for id in &group.articles {
            group_of.insert(id, g);
            *families.entry(family(id)).or_default() += 1;
        }
        let n = group.articles.len() as u64;
        let same: u64 = families.values().map(|c| c * (c - 1) / 2).sum();
        s.grouped_articles += group.articles.len();
        s.grouped_pairs += n * (n - 1) / 2;
        s.false_pairs += n * (n - 1) / 2 - same;
        s.stray_articles += families.values().filter(|&&c| c == 1).count();
    }
    for label in labels {
        if let Some(original) = &label.duplicate_of {
            s.reprints += 1;
            let (a, b) = (
                group_of.get(label.id.as_str()),
                group_of.get(original.as_str()),
            );
            if a.is_some() && a == b {
                s.reprints_found += 1;
            }
        }
    }
    s
}

fn main() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let records: Vec<Record> = read_jsonl(&args.corpus.join(CORPUS_FILE))?;
    let labels: Vec<Label> = read_jsonl(&args.corpus.join(LABELS_FILE))?;
    if records.len() != labels.len() {
        bail!(
            "{} records but {} labels: not a gen-corpus folder?",
            records.len(),
            labels.len()
        );
    }
    // Labels are written line for line with the records and name each by the
    // content hash storyline computes: check that, so the ids below are right.
    for (record, label) in records.iter().zip(&labels).take(100) {
        if storyline_model::content_hash(record.text.as_bytes()) != label.id {
            bail!(
                "label {} does not match its record's content hash",
                label.id
            );
        }
    }
    let load_seconds = started.elapsed().as_secs_f64();
    let loaded = Memory::now();
    let n = records.len();
    let bytes: usize = records.iter().map(|r| r.text.len()).sum();

    // One thread: Signature::of is pure and group_duplicates is sequential.
    let cpu = cpu_seconds();
    let started = Instant::now();
    let signatures: Vec<Signature> = records.iter().map(|r| Signature::of(&r.text)).collect();
    let sign_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let prints: Vec<Fingerprint> = labels
        .iter()
        .zip(&signatures)
        .map(|(label, signature)| Fingerprint {
            id: &label.id,
            published: None,
            signature,
        })
        .collect();
    let groups = storyline_dedupe::group_duplicates(&prints);
    let group_seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let memory = Memory::now();
    let total = sign_seconds + group_seconds;
    let s = score(&labels, &groups);
    if let Some(path) = &args.groups {
        let mut out = String::new();
        for group in &groups {
            out.push_str(&serde_json::to_string(&group.articles)?);
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }

    let figures = serde_json::json!({
        "tool": "storyline",
        "version": env!("CARGO_PKG_VERSION"),
        "articles": n,
        "text_bytes": bytes,
        "load_seconds": load_seconds,
        "signature_seconds": sign_seconds,
        "lsh_seconds": group_seconds,
        "total_seconds": total,
        "cpu_seconds": cpu,
        "articles_per_second": n as f64 / total.max(1e-9),
        "mb_per_second": bytes as f64 / 1e6 / total.max(1e-9),
        "rss_after_load_mib": mib(loaded.rss_kib),
        "peak_rss_mib": mib(memory.peak_kib),
        "groups": s.groups,
        "grouped_articles": s.grouped_articles,
        "reprints_planted": s.reprints,
        "reprints_grouped_with_source": s.reprints_found,
        "recall": s.reprints_found as f64 / (s.reprints.max(1)) as f64,
        "grouped_pairs": s.grouped_pairs,
        "false_pairs": s.false_pairs,
        "stray_articles": s.stray_articles,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "bench-dedupe: {n} articles ({:.1} MB of text) on one thread\n\
             signatures {:.2} s, grouping {:.2} s, total {:.2} s ({:.2} s CPU): {:.0} articles/s, {:.1} MB/s\n\
             peak memory {:.0} MiB ({:.0} MiB after loading the corpus)\n\
             {} groups of {} articles: {}/{} planted reprints grouped with their source; \
             {} of {} grouped pairs are not planted copies, {} grouped articles have no planted copy in their group",
            bytes as f64 / 1e6,
            sign_seconds,
            group_seconds,
            total,
            cpu,
            n as f64 / total.max(1e-9),
            bytes as f64 / 1e6 / total.max(1e-9),
            mib(memory.peak_kib),
            mib(loaded.rss_kib),
            s.groups,
            s.grouped_articles,
            s.reprints_found,
            s.reprints,
            s.false_pairs,
            s.grouped_pairs,
            s.stray_articles,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(id: &str, of: Option<&str>) -> Label {
        Label {
            id: id.into(),
            duplicate_of: of.map(str::to_string),
        }
    }

    fn group(ids: &[&str]) -> DuplicateGroup {
        DuplicateGroup {
            first: ids[0].into(),
            articles: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn scores_reprints_and_false_pairs() {
        let labels = [
            label("a", None),
            label("b", Some("a")),
            label("c", Some("a")),
            label("d", None),
            label("e", Some("d")),
        ];
        // a, b, c are one family, d strays into it; e is missed.
        let s = score(&labels, &[group(&["a", "b", "c", "d"])]);
        assert_eq!((s.reprints, s.reprints_found), (3, 2));
        assert_eq!((s.grouped_pairs, s.false_pairs), (6, 3));
        assert_eq!(s.stray_articles, 1);
    }
}
