//! `storyline eval`: scores stages against labelled data read by path.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

/// Evaluation subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Main-content extraction on the article-extraction benchmark layout
    /// (`html/*.html.gz` and `ground-truth.json`).
    Extract {
        /// Benchmark folder, e.g. ../shared/data/article-extraction-benchmark.
        #[arg(long)]
        data: PathBuf,
        /// Print the score as JSON.
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
    /// Time expressions (extent and TimeML value) on TempEval-3 `.tml` files.
    Annotate {
        /// Folder of `.tml` files, e.g. ../shared/data/tempeval3/Training/TBAQ-cleaned.
        #[arg(long)]
        data: PathBuf,
        /// Print the score as JSON.
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

/// Runs an evaluation and prints its score.
pub fn run(command: EvalCommand) -> Result<ExitCode> {
    match command {
        EvalCommand::Extract { data, json } => {
            let score = storyline_eval::extraction::evaluate_extraction(&data)
                .with_context(|| format!("evaluating extraction on {}", data.display()))?;
            print(&score, score.summary(), json)?;
        }
        EvalCommand::Cluster { data, json } => {
            let score = storyline_eval::clustering::evaluate_clustering(&data)
                .with_context(|| format!("evaluating clustering on {}", data.display()))?;
            print(&score, score.summary(), json)?;
        }
        EvalCommand::Annotate { data, json } => {
            let score = storyline_eval::tempeval::evaluate_tempeval(&data)
                .with_context(|| format!("evaluating dates on {}", data.display()))?;
            print(&score, score.summary(), json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
