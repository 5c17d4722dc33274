//! Prints every disagreement with the PolNeAR gold as JSON lines, for error analysis.
//!
//! ```sh
//! cargo run --release -p storyline-eval --example polnear_errors -- ../shared/data/polnear/dev > errors.jsonl
//! ```

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let split = std::env::args()
        .nth(1)
        .ok_or("usage: polnear_errors SPLIT_FOLDER")?;
    for error in storyline_eval::polnear::polnear_disagreements(std::path::Path::new(&split))? {
        println!("{}", serde_json::to_string(&error)?);
    }
    Ok(())
}
