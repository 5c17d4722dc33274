//! Progress on standard error: bars with rate and ETA where the amount of work
//! is known, spinners with the elapsed time where it is not.
//!
//! Drawn only for a person watching: never when standard error is not a
//! terminal (logs, pipes, tests) nor when the run was asked for JSON. A stage
//! that ends clears its line, so a quick run leaves nothing behind.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How often a spinner redraws itself while its stage gives no news.
const TICK: Duration = Duration::from_millis(120);

/// Whether, and where, a run shows its progress.
#[derive(Clone)]
pub struct Progress {
    /// `None` when nothing is drawn.
    bars: Option<MultiProgress>,
}

impl Progress {
    /// Progress shown on standard error when it is a terminal, unless `quiet`
    /// (the run prints JSON).
    pub fn for_terminal(quiet: bool) -> Self {
        Self::new(!quiet && std::io::stderr().is_terminal())
    }

    /// Progress drawn on standard error when `shown`, else a no-op.
    pub fn new(shown: bool) -> Self {
        Progress {
            bars: shown.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    /// A bar over `len` items, with its count, rate and ETA.
    pub fn bar(&self, len: usize, stage: &'static str) -> ProgressBar {
        let Some(bars) = &self.bars else {
            return ProgressBar::hidden();
        };
        let bar = bars.add(ProgressBar::new(len as u64));
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:>12} [{bar:30}] {human_pos}/{human_len} ({rate}, eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = write!(out, "{:.0}/s", state.per_sec());
                },
            )
            .progress_chars("=> "),
        );
        bar.set_message(stage);
        bar
    }

    /// A spinner for a stage of unknown length, with the time it has taken so far.
    pub fn spinner(&self, stage: &'static str) -> ProgressBar {
        let Some(bars) = &self.bars else {
            return ProgressBar::hidden();
        };
        let spinner = bars.add(ProgressBar::new_spinner());
        spinner.set_style(
            ProgressStyle::with_template("{msg:>12} {spinner} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        spinner.set_message(stage);
        spinner.enable_steady_tick(TICK);
        spinner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_draws_nothing_but_still_counts() {
        let progress = Progress::new(false);
        assert!(progress.bars.is_none());
        let bar = progress.bar(10, "reading");
        assert!(bar.is_hidden());
        bar.inc(3);
        assert_eq!(bar.position(), 3);
        assert!(progress.spinner("analysing").is_hidden());
    }

    #[test]
    fn shown_progress_keeps_its_length_and_stage() {
        let progress = Progress::new(true);
        assert!(progress.bars.is_some());
        let bar = progress.bar(7, "storing");
        assert_eq!(bar.length(), Some(7));
        assert_eq!(bar.message(), "storing");
        bar.finish_and_clear();
        let spinner = progress.spinner("corpus");
        assert_eq!(spinner.length(), None);
        spinner.finish_and_clear();
    }
}
