//! `storyline eval`: scores stages against labelled data read by path.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use storyline_eval::{polnear, seeds, tempeval};

/// Evaluation subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Main-content extraction on the article-extraction benchmark layout
    /// (`html/*.html.gz` and `ground-truth.json`).
    Extract {
        /// Benchmark folder, e.g. ../shared/data/article-extraction-benchmark.
        #[arg(long)]
        data: PathBuf,
        /// Also report the score on K folds of the pages (split by a hash of the
        /// page id): each fold, mean ± sd, tuning folds 1..K and held-out fold 0.
        #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(2..))]
        folds: Option<u16>,
        /// Print the score as JSON (with `--folds`: `{"score": ..., "folds": ...}`).
        #[arg(long)]
        json: bool,
    },
    /// Event clustering against labels: JSONL of {id, text, title?, published?, cluster}.
    Cluster {
        /// The labelled JSONL file.
        #[arg(long)]
        data: PathBuf,
        /// Print the score as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Cross-source comparison against a labelled set (`articles.jsonl` and
    /// `labels.json`, e.g. crates/storyline-eval/data/conflicts/dev): precision
    /// and recall of the conflicts found, and updates shown as series.
    Compare {
        /// A labelled folder; give it several times for several blocks.
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Print each block's score as a JSON document (one per block, in order).
        #[arg(long)]
        json: bool,
    },
    /// Publication date and outlet read from the articles themselves, against
    /// each folder's `manifest.jsonl`, per confidence band.
    Metadata {
        /// A folder of articles with a `manifest.jsonl`; give it several times.
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Print the score as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Alias links against gold aliases (`aliases.json`, or the seeds'
    /// `expected.json`), per confidence band.
    Aliases {
        /// A folder of articles with gold aliases; give it several times.
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Print the score as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Story clustering on real topics (folders holding `articles.json`, the
    /// Timeline17 layout): each topic alone with its dates should be one
    /// dominant story; all topics mixed without dates, one story per topic.
    /// Exits with 1 when a check fails.
    Stories {
        /// A topic folder, or a folder of topic folders; give it several times.
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Print the score as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Story timelines against journalists' timelines: date F1 (tilse) and
    /// ROUGE-1 F, with storyline's own length and with the reference's length.
    Timeline {
        /// A topic folder (`articles.json` and `*.timeline.json`), or a folder
        /// of them, e.g. ../shared/data/timeline17.
        #[arg(long)]
        data: PathBuf,
        /// Ask for this many dates instead of the length storyline chooses.
        #[arg(long, value_name = "N")]
        max_dates: Option<usize>,
        /// The multiple of a story's mean salience per day a date must reach
        /// (default: storyline's tuned value), for tuning on held-out topics.
        #[arg(long, value_name = "X")]
        threshold: Option<f64>,
        /// Print the score as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Scores the annotate stage on each dataset given, one block per dataset.
    ///
    /// The layout of each folder decides what is scored: the seeds (`expected.json`
    /// and `manifest.jsonl` beside the articles): quotes with speakers, timeline
    /// dates and quantities; PolNeAR (`text/` and `attributions/`, or a folder of
    /// such splits): content spans, cues and sources; otherwise TempEval-3 `.tml`
    /// files: time expressions. Every block reports the annotate stage's speed.
    Annotate {
        /// A dataset folder; give it several times for several blocks, e.g.
        /// `--data ../shared/seeds --data ../shared/data/polnear`.
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Also score K folds of the documents (split by a hash of the file or
        /// document name): for TempEval-3 folders each fold, mean ± sd, tuning
        /// folds 1..K and held-out fold 0; for PolNeAR each split's folds apart
        /// (tune on one, read the others as held out).
        #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(2..))]
        folds: Option<u16>,
        /// Print each block's score as a JSON document (one per block, in order;
        /// with `--folds`, TempEval blocks are `{"score": ..., "folds": ...}`).
        #[arg(long)]
        json: bool,
    },
}

fn print<T: serde::Serialize>(score: &T, summary: String, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(score)?);
    } else {
        println!("{summary}");
    }
    Ok(())
}

/// Prints a score followed by its k-fold report, when one was asked for.
fn print_with_folds<T: serde::Serialize>(
    score: &T,
    summary: String,
    folds: Option<storyline_eval::folds::FoldReport>,
    what: &str,
    json: bool,
) -> Result<()> {
    let Some(folds) = folds else {
        return print(score, summary, json);
    };
    if json {
        let both = serde_json::json!({ "score": score, "folds": folds });
        println!("{}", serde_json::to_string_pretty(&both)?);
    } else {
        println!("{summary}\n{}", folds.summary(what));
    }
    Ok(())
}

/// Scores one dataset folder, choosing the scorer by its layout.
fn annotate_block(data: &Path, folds: Option<u16>, json: bool) -> Result<()> {
    if seeds::is_seeds_dir(data) {
        let score = seeds::evaluate_seeds(data)
            .with_context(|| format!("evaluating the seeds in {}", data.display()))?;
        return print(&score, score.summary(), json);
    }
    if polnear::is_polnear_dir(data) {
        for split in polnear::splits(data) {
            let scores = match folds {
                Some(count) => polnear::evaluate_polnear_folds(&split, usize::from(count)),
                None => polnear::evaluate_polnear(&split).map(|score| vec![score]),
            }
            .with_context(|| format!("evaluating quotes on {}", split.display()))?;
            for score in scores {
                print(&score, score.summary(), json)?;
            }
        }
        return Ok(());
    }
    let score = tempeval::evaluate_tempeval(data)
        .with_context(|| format!("evaluating dates on {}", data.display()))?;
    let report = folds.map(|k| score.folds(usize::from(k)));
    print_with_folds(&score, score.summary(), report, "value score", json)
}

/// Runs an evaluation and prints its score.
pub fn run(command: EvalCommand) -> Result<ExitCode> {
    match command {
        EvalCommand::Extract { data, folds, json } => {
            let score = storyline_eval::extraction::evaluate_extraction(&data)
                .with_context(|| format!("evaluating extraction on {}", data.display()))?;
            let report = folds.map(|k| score.folds(usize::from(k)));
            print_with_folds(&score, score.summary(), report, "4-gram score", json)?;
        }
        EvalCommand::Cluster { data, json } => {
            let score = storyline_eval::clustering::evaluate_clustering(&data)
                .with_context(|| format!("evaluating clustering on {}", data.display()))?;
            print(&score, score.summary(), json)?;
        }
        EvalCommand::Compare { data, json } => {
            for (index, folder) in data.iter().enumerate() {
                if index > 0 && !json {
                    println!();
                }
                let score = storyline_eval::conflicts::evaluate_conflicts(folder)
                    .with_context(|| format!("evaluating conflicts on {}", folder.display()))?;
                print(&score, score.summary(), json)?;
            }
        }
        EvalCommand::Metadata { data, json } => {
            let score = storyline_eval::metadata::evaluate_metadata(&data)
                .context("evaluating metadata")?;
            print(&score, score.summary(), json)?;
        }
        EvalCommand::Aliases { data, json } => {
            let score =
                storyline_eval::aliases::evaluate_aliases(&data).context("evaluating aliases")?;
            print(&score, score.summary(), json)?;
        }
        EvalCommand::Stories { data, json } => {
            let score =
                storyline_eval::stories::evaluate_stories(&data).context("evaluating stories")?;
            print(&score, score.summary(), json)?;
            if !score.passed() {
                return Ok(ExitCode::FAILURE);
            }
        }
        EvalCommand::Timeline {
            data,
            max_dates,
            threshold,
            json,
        } => {
            let options = storyline_analyse::TimelineOptions {
                max_dates,
                threshold,
            };
            let score = storyline_eval::timeline::evaluate_timelines(&data, options)
                .with_context(|| format!("evaluating timelines on {}", data.display()))?;
            print(&score, score.summary(), json)?;
        }
        EvalCommand::Annotate { data, folds, json } => {
            for (index, folder) in data.iter().enumerate() {
                if index > 0 && !json {
                    println!();
                }
                annotate_block(folder, folds, json)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
