//! The `storyline` command: glue between the pipeline's crates and the user.
//!
//! Each subcommand lives in its own file under `commands/`; this file only
//! parses arguments and maps errors to exit codes.

mod allocator;
mod commands;
mod pipeline;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// storyline: from a pile of news articles to cited events, stories, quotes and timelines.
#[derive(Debug, Parser)]
#[command(name = "storyline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read articles, run the whole pipeline, store the results and write a report.
    #[command(after_help = commands::analyze::EXAMPLES)]
    Analyze(commands::analyze::AnalyzeArgs),
    /// Download RSS/Atom feeds and the pages they link to (politely) into a folder.
    Fetch(commands::fetch::FetchArgs),
    /// Analyse new files as they land in a folder.
    Watch(commands::watch::WatchArgs),
    /// Full-text search over the stored articles.
    Search(commands::search::SearchArgs),
    /// List stored stories and their events (with the ids the other views take).
    Stories(commands::views::ViewArgs),
    /// A story's timeline: the dates that matter, each with its best sentence and the articles behind it.
    Timeline(commands::views::TimelineArgs),
    /// Corroborated and conflicting claims of an event or story, both sides cited.
    Compare(commands::views::TargetArgs),
    /// A cited extractive summary of an event or story.
    Summary(commands::views::SummaryArgs),
    /// What changed between the captured versions of an article (sentences added, removed, edited).
    Diff(commands::diff::DiffArgs),
    /// Serve the JSON API and the web page over a database.
    Serve(commands::serve::ServeArgs),
    /// Publish article jobs to the NATS JetStream work queue (shared deployment).
    Enqueue(commands::queue::EnqueueArgs),
    /// Take jobs from the queue, run the per-article stages and store them (any number, any machine).
    Worker(commands::queue::WorkerArgs),
    /// Keep the shared store's analysis up to date (one elected at a time; others stand by).
    Coordinate(commands::queue::CoordinateArgs),
    /// Score stages against labelled data.
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
}

fn main() -> ExitCode {
    allocator::return_large_buffers_to_the_system();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Fetch(args) => commands::fetch::run(args),
        Command::Watch(args) => commands::watch::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Stories(args) => commands::views::stories(args),
        Command::Timeline(args) => commands::views::timeline(args),
        Command::Compare(args) => commands::views::compare(args),
        Command::Summary(args) => commands::views::summary(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Enqueue(args) => commands::queue::enqueue(args),
        Command::Worker(args) => commands::queue::worker(args),
        Command::Coordinate(args) => commands::queue::coordinate(args),
        Command::Eval(command) => commands::eval::run(command),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`storyline stories | head`): nothing is wrong.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("storyline: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether `error` comes from writing to a pipe whose reader has closed it.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_closed_pipe_is_told_apart_from_other_errors() {
        let pipe = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe closed");
        let wrapped = Err::<(), _>(pipe)
            .context("writing the report to standard output")
            .unwrap_err();
        assert!(is_broken_pipe(&wrapped));
        let json = serde_json::Error::io(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&anyhow::Error::new(json)));
        let full = std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full");
        assert!(!is_broken_pipe(&anyhow::Error::new(full)));
        assert!(!is_broken_pipe(&anyhow::anyhow!("no database")));
    }
}
