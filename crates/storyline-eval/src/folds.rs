//! Deterministic k-fold splits of a development set, for reporting generalisation.
//!
//! Every item (a page, a document) falls in fold `hash(name) mod k`, with a fixed
//! FNV-1a hash of its name, so the split never depends on the order files are read
//! or on the machine. The convention for development: tune on folds `1..k` and check
//! each change on fold 0, the held-out fold; a rule that helps only the folds it was
//! written on is not kept. [`FoldReport`] gives each fold's figure, their mean and
//! sample standard deviation, and the tuning folds and the held-out fold as two
//! pooled figures.

use serde::Serialize;

/// The fold (in `0..k`) of the item called `name`, as every k-fold report splits
/// items; `k` of 0 is taken as 1. Error listings use it to leave the held-out fold out.
pub fn fold_of(name: &str, k: usize) -> usize {
    // FNV-1a, 64 bits: stable across platforms and Rust versions, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % k.max(1) as u64) as usize
}

/// Precision, recall and F1 of one group of items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct FoldScore {
    /// Items in the group.
    pub(crate) n_items: usize,
    /// Precision as the scorer defines it.
    pub(crate) precision: f64,
    /// Recall as the scorer defines it.
    pub(crate) recall: f64,
    /// F1 as the scorer defines it.
    pub(crate) f1: f64,
}

/// A k-fold report of one scorer on one dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldReport {
    /// Number of folds.
    pub(crate) k: usize,
    /// One score per fold, fold 0 first.
    pub(crate) folds: Vec<FoldScore>,
    /// Mean F1 over the folds.
    pub(crate) mean_f1: f64,
    /// Sample standard deviation of F1 over the folds (0 with one fold).
    pub(crate) sd_f1: f64,
    /// Folds `1..k` pooled: the data rules are tuned on.
    pub(crate) tuning: FoldScore,
    /// Fold 0: the data each change is checked on.
    pub(crate) held_out: FoldScore,
}

impl FoldReport {
    /// Splits `items` into `k` folds by name and scores each group with `score`,
    /// which pools the items it is given the way the scorer pools a whole dataset.
    pub(crate) fn new<T>(
        items: &[T],
        k: usize,
        name: impl Fn(&T) -> &str,
        score: impl Fn(&[&T]) -> FoldScore,
    ) -> FoldReport {
        let k = k.max(1);
        let mut groups: Vec<Vec<&T>> = vec![Vec::new(); k];
        for item in items {
            groups[fold_of(name(item), k)].push(item);
        }
        let folds: Vec<FoldScore> = groups.iter().map(|g| score(g)).collect();
        let f1s: Vec<f64> = folds.iter().map(|f| f.f1).collect();
        let mean_f1 = f1s.iter().sum::<f64>() / k as f64;
        let sd_f1 = if k > 1 {
            (f1s.iter().map(|f| (f - mean_f1).powi(2)).sum::<f64>() / (k - 1) as f64).sqrt()
        } else {
            0.0
        };
        let tuning_items: Vec<&T> = groups[1..].iter().flatten().copied().collect();
        FoldReport {
            k,
            tuning: score(&tuning_items),
            held_out: folds[0],
            folds,
            mean_f1,
            sd_f1,
        }
    }

    /// A few lines for the terminal: each fold, mean ± sd, tuning and held-out.
    pub fn summary(&self, what: &str) -> String {
        let mut out = format!("{} folds by name hash ({what}):\n", self.k);
        let line = |label: &str, s: &FoldScore| {
            format!(
                "  {label:<22} {:4} items  P {:.3}  R {:.3}  F1 {:.3}\n",
                s.n_items, s.precision, s.recall, s.f1
            )
        };
        for (i, fold) in self.folds.iter().enumerate() {
            out += &line(&format!("fold {i}"), fold);
        }
        out += &format!(
            "  mean F1 over folds {:.3} ± {:.3} (sd)\n",
            self.mean_f1, self.sd_f1
        );
        out += &line(&format!("tuning (folds 1-{})", self.k - 1), &self.tuning);
        out += &line("held out (fold 0)", &self.held_out);
        out.pop();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stable_and_spread() {
        // FNV-1a of the empty string is the offset basis.
        assert_eq!(fold_of("", 5), (0xcbf2_9ce4_8422_2325u64 % 5) as usize);
        assert_eq!(fold_of("page-a", 4), fold_of("page-a", 4));
        assert_eq!(fold_of("anything", 0), 0);
        let names: Vec<String> = (0..200).map(|i| format!("doc{i}.tml")).collect();
        let mut counts = [0usize; 4];
        for n in &names {
            counts[fold_of(n, 4)] += 1;
        }
        assert!(counts.iter().all(|&c| c > 30), "{counts:?}");
    }

    #[test]
    fn report_pools_each_fold_and_the_tuning_folds() {
        // Items are (name, correct?); the score is accuracy as P = R = F1.
        let items: Vec<(String, bool)> = (0..40).map(|i| (format!("x{i}"), i % 4 != 0)).collect();
        let score = |group: &[&(String, bool)]| {
            let right = group.iter().filter(|(_, ok)| *ok).count();
            let acc = right as f64 / group.len().max(1) as f64;
            FoldScore {
                n_items: group.len(),
                precision: acc,
                recall: acc,
                f1: acc,
            }
        };
        let report = FoldReport::new(&items, 3, |(n, _)| n.as_str(), score);
        assert_eq!(report.folds.len(), 3);
        let n: usize = report.folds.iter().map(|f| f.n_items).sum();
        assert_eq!(n, 40);
        assert_eq!(report.held_out, report.folds[0]);
        assert_eq!(
            report.tuning.n_items,
            report.folds[1].n_items + report.folds[2].n_items
        );
        let mean = report.folds.iter().map(|f| f.f1).sum::<f64>() / 3.0;
        assert!((report.mean_f1 - mean).abs() < 1e-12);
        assert!(report.sd_f1 >= 0.0);
        assert!(report.summary("accuracy").contains("held out (fold 0)"));
    }
}
