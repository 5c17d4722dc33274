//! What every scorer reports: counts turned into precision, recall and F1, and how
//! fast the annotate stage ran on the dataset.

use std::time::{Duration, Instant};

use serde::Serialize;
use storyline_model::{Article, Doc};

pub(crate) use crate::tempeval::Prf;

/// One scored part: gold items found and system items that were right.
///
/// Precision and recall may count different things: a gold quote is *found*
/// when some system quote matches it, and a system quote is *correct* when it
/// matches some gold quote. Matching need not be one to one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct PartScore {
    /// Gold items.
    pub(crate) n_gold: usize,
    /// Gold items some system item matches.
    pub(crate) gold_found: usize,
    /// System items.
    pub(crate) n_system: usize,
    /// System items matching some gold item.
    pub(crate) system_correct: usize,
    /// `system_correct / n_system`, `gold_found / n_gold`, and their harmonic mean.
    pub(crate) score: Prf,
}

impl PartScore {
    /// Scores from the four counts.
    pub(crate) fn new(
        n_gold: usize,
        gold_found: usize,
        n_system: usize,
        system_correct: usize,
    ) -> Self {
        let precision = ratio(system_correct, n_system);
        let recall = ratio(gold_found, n_gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        PartScore {
            n_gold,
            gold_found,
            n_system,
            system_correct,
            score: Prf {
                precision,
                recall,
                f1,
            },
        }
    }

    /// One terminal line: `  name   P 81.0  R 90.0  F1 85.3  (gold 9/10, system 17/21)`.
    pub(crate) fn line(&self, name: &str) -> String {
        format!(
            "  {name:<18} P {:5.1}  R {:5.1}  F1 {:5.1}   (gold found {}/{}, system right {}/{})",
            100.0 * self.score.precision,
            100.0 * self.score.recall,
            100.0 * self.score.f1,
            self.gold_found,
            self.n_gold,
            self.system_correct,
            self.n_system
        )
    }
}

/// `a / b`, or 0 when `b` is 0.
pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Throughput of one stage over a dataset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct Throughput {
    /// Documents processed.
    pub(crate) n_documents: usize,
    /// Bytes of text processed.
    pub(crate) n_bytes: usize,
    /// Whitespace-separated words in that text.
    pub(crate) n_words: usize,
    /// Time spent inside the stage, in seconds.
    pub(crate) seconds: f64,
    /// Megabytes (10^6 bytes) per second.
    pub(crate) mb_per_second: f64,
    /// Words per second.
    pub(crate) words_per_second: f64,
}

impl Throughput {
    /// One terminal line naming the stage.
    pub(crate) fn line(&self, stage: &str) -> String {
        format!(
            "  speed ({stage}): {:.2} MB/s, {:.0} words/s ({} documents, {} bytes, {} words in {:.3} s, one thread)",
            self.mb_per_second,
            self.words_per_second,
            self.n_documents,
            self.n_bytes,
            self.n_words,
            self.seconds
        )
    }
}

/// Accumulates the time a stage spends on each document, and what it read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meter {
    n_documents: usize,
    n_bytes: usize,
    n_words: usize,
    elapsed: Duration,
}

impl Meter {
    /// Runs the annotate stage on `article`, timing only the call itself.
    pub(crate) fn annotate(&mut self, article: Article) -> Doc {
        let (n_bytes, n_words) = (article.text.len(), count_words(&article.text));
        let started = Instant::now();
        let doc = storyline_annotate::annotate(article);
        self.add(n_bytes, n_words, started.elapsed());
        doc
    }

    /// Records one document of `n_bytes` and `n_words` that took `elapsed`.
    pub(crate) fn add(&mut self, n_bytes: usize, n_words: usize, elapsed: Duration) {
        self.n_documents += 1;
        self.n_bytes += n_bytes;
        self.n_words += n_words;
        self.elapsed += elapsed;
    }

    /// The throughput so far.
    pub(crate) fn throughput(&self) -> Throughput {
        let seconds = self.elapsed.as_secs_f64();
        let per_second = |n: usize| {
            if seconds > 0.0 {
                n as f64 / seconds
            } else {
                0.0
            }
        };
        Throughput {
            n_documents: self.n_documents,
            n_bytes: self.n_bytes,
            n_words: self.n_words,
            seconds,
            mb_per_second: per_second(self.n_bytes) / 1e6,
            words_per_second: per_second(self.n_words),
        }
    }
}

/// Whitespace-separated words: the unit of every words-per-second figure.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Lower-cases and turns curly apostrophes and single quotes straight, so
/// "couldn’t" and "couldn't" compare equal.
pub(crate) fn fold_quotes(text: &str) -> String {
    text.replace(['’', '‘'], "'").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_and_recall_count_their_own_sides() {
        let part = PartScore::new(10, 9, 20, 15);
        assert_eq!(part.score.recall, 0.9);
        assert_eq!(part.score.precision, 0.75);
        assert!((part.score.f1 - 2.0 * 0.9 * 0.75 / 1.65).abs() < 1e-12);
        assert_eq!(PartScore::new(0, 0, 0, 0).score.f1, 0.0);
    }

    #[test]
    fn meter_sums_documents() {
        let mut meter = Meter::default();
        meter.add(1_000_000, 200_000, Duration::from_millis(500));
        meter.add(1_000_000, 200_000, Duration::from_millis(500));
        let t = meter.throughput();
        assert_eq!(t.n_documents, 2);
        assert!((t.mb_per_second - 2.0).abs() < 1e-9);
        assert!((t.words_per_second - 400_000.0).abs() < 1e-6);
    }

    #[test]
    fn quotes_fold() {
        assert_eq!(fold_quotes("I Couldn’t"), "i couldn't");
    }
}
