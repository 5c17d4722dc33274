//! Prints how closely dedupe signatures (one-permutation MinHash with optimal
//! densification) and classic 128-permutation MinHash estimate the Jaccard
//! similarity of generated pairs of shingle sets with known overlap.
//!
//! ```sh
//! cargo run --release -p storyline-dedupe --example accuracy -- [PAIRS] [MAX_SHINGLES] [SEED]
//! ```

use storyline_dedupe::accuracy::{compare, Errors};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut next = |default: u64| {
        args.next()
            .map(|a| a.parse().expect("arguments are whole numbers"))
            .unwrap_or(default)
    };
    let pairs = next(20_000) as usize;
    let max_size = next(4_000) as usize;
    let seed = next(1);
    let c = compare(pairs, max_size, seed);
    println!(
        "{pairs} pairs: sets of 1 to {max_size} shingles (log-uniform), partners within a factor of 4, uniform overlap; seed {seed}"
    );
    println!(
        "{:<26} {:>8} {:>8} {:>8} {:>12} {:>11} {:>10}",
        "estimator", "MAE", "bias", "RMSE", "MAE J≈0.5", "MAE small", "decisions"
    );
    let row = |name: &str, e: &Errors| {
        println!(
            "{name:<26} {:>8.4} {:>+8.4} {:>8.4} {:>12.4} {:>11.4} {:>9.2}%",
            e.mean_absolute,
            e.bias,
            e.rms,
            e.near_threshold,
            e.small_sets,
            100.0 * e.decisions_agree
        );
    };
    row("one-permutation (dedupe)", &c.one_permutation);
    row("classic 128-permutation", &c.classic);
}
