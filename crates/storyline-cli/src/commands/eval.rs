//! `storyline eval`: scores stages against labelled data read by path.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

/// Evaluation subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Main-content extraction on the article-extraction benchmark layout.
    Extract {
        /// Folder with `html/*.html.gz` and `ground-truth.json`.
        #[arg(long)]
        data: PathBuf,
        /// Print the score as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs an evaluation and prints its score.
pub fn run(command: EvalCommand) -> Result<ExitCode> {
    match command {
        EvalCommand::Extract { data, json } => {
            let _ = (data, json);
            anyhow::bail!("extraction evaluation is not wired yet")
        }
    }
}
