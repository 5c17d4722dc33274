//! Prints every disagreement with the TempEval-3 gold as JSON lines, for error analysis.
//!
//! ```sh
//! cargo run --release -p storyline-eval --example tempeval_errors -- ../shared/data/tempeval3 > errors.jsonl
//! ```

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args()
        .nth(1)
        .ok_or("usage: tempeval_errors TIMEML_FOLDER")?;
    for error in storyline_eval::tempeval::tempeval_mismatches(std::path::Path::new(&folder))? {
        println!("{}", serde_json::to_string(&error)?);
    }
    Ok(())
}
