//! Throughput of `find_dates` and `find_quantities` on generated news-like text.
//!
//! Run with `cargo bench -p storyline-annotate`. The text is built from sentence
//! templates written for this bench, filled with a fixed pseudo-random sequence, so
//! every run measures the same input. About one sentence in three has a time
//! expression and one in four a quantity, a little denser than real news.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use storyline_annotate::find_dates;
use storyline_annotate::steps::find_quantities;

const SUBJECTS: &[&str] = &[
    "The foreign minister",
    "Officials in the capital",
    "The opposition party",
    "A spokeswoman for the mission",
    "Local residents",
    "The central bank",
];
const VERBS: &[&str] = &[
    "said",
    "warned",
    "announced",
    "denied",
    "confirmed",
    "suggested",
];
const TIMES: &[&str] = &[
    "on Monday",
    "last week",
    "on Nov. 5",
    "in 2008",
    "late last month",
    "yesterday",
    "since the 1990s",
    "11 years ago",
    "for eight hours",
    "by next April",
    "this morning",
    "until September 1",
];
const AMOUNTS: &[&str] = &[
    "about 6,300 drivers",
    "fewer than 50 officers",
    "5 per cent of voters",
    "a 1.8 million population",
    "approximately 4,000 troops",
    "three new checkpoints",
];
const FILLERS: &[&str] = &[
    "that talks between the two governments had stalled over a dispute about licence plates.",
    "that the agreement would not be signed before the regional elections, according to people familiar with it.",
    "that the border crossings remained open, although traffic was slower than usual.",
    "that a compromise was still possible if both sides showed restraint and respected earlier commitments.",
];

/// A small linear congruential generator: deterministic and dependency-free.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items[(self.0 >> 33) as usize % items.len()]
    }
}

fn generate(bytes: usize) -> String {
    let mut rng = Lcg(42);
    let mut text = String::with_capacity(bytes + 256);
    let mut n = 0usize;
    while text.len() < bytes {
        text.push_str(rng.pick(SUBJECTS));
        text.push(' ');
        text.push_str(rng.pick(VERBS));
        text.push(' ');
        if matches!(n % 3, 0) {
            text.push_str(rng.pick(TIMES));
            text.push(' ');
        }
        if matches!(n % 4, 1) {
            text.push_str("that ");
            text.push_str(rng.pick(AMOUNTS));
            text.push_str(" were affected. ");
        } else {
            text.push_str(rng.pick(FILLERS));
            text.push(' ');
        }
        if matches!(n % 6, 5) {
            text.push_str("\n\n");
        }
        n += 1;
    }
    text
}

/// Runs `f` on `text` repeatedly for about a second and prints the throughput.
fn bench(name: &str, text: &str, mut f: impl FnMut(&str) -> usize) {
    // Warm up caches and the allocator.
    black_box(f(black_box(text)));
    let mut runs = 0u32;
    let mut found = 0;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1) || runs < 3 {
        found = f(black_box(text));
        runs += 1;
    }
    let secs = started.elapsed().as_secs_f64() / runs as f64;
    println!(
        "{name:<16} {:7.1} MB/s  ({} bytes, {found} found, {:.2} ms per run, {runs} runs)",
        text.len() as f64 / secs / 1e6,
        text.len(),
        secs * 1e3
    );
}

fn main() {
    let text = generate(4 << 20);
    let anchor = NaiveDate::from_ymd_opt(2022, 11, 21);
    bench("find_dates", &text, |t| find_dates(t, anchor).len());
    bench("find_quantities", &text, |t| find_quantities(t).len());
}
