//! Prints the time expressions `find_dates` finds in each line of stdin, for trying
//! phrases by hand.
//!
//! ```sh
//! echo "It rose at 3 p.m. on Tuesday." | cargo run --release -p storyline-annotate --example dates_probe -- 2022-11-23
//! ```

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let anchor = match std::env::args().nth(1) {
        Some(a) => Some(chrono::NaiveDate::parse_from_str(&a, "%Y-%m-%d")?),
        None => None,
    };
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let found = storyline_annotate::find_dates(&line, anchor);
        let shown: Vec<String> = found
            .iter()
            .map(|e| format!("[{}] = {}", e.text, e.value.as_deref().unwrap_or("-")))
            .collect();
        println!("{line}\n    {}", shown.join("  "));
    }
    Ok(())
}
