//! Runs the extraction benchmark until the CLI's `eval extract` is wired:
//! `cargo run --release -p storyline-eval --example eval_extract -- DIR [--json|--pages]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .expect("usage: eval_extract DIR [--json|--pages]");
    let mode = args.next().unwrap_or_default();
    let score = match storyline_eval::extraction::evaluate_extraction(dir.as_ref()) {
        Ok(score) => score,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    };
    match mode.as_str() {
        "--json" => println!(
            "{}",
            serde_json::to_string_pretty(&score).unwrap_or_default()
        ),
        "--pages" => {
            for p in &score.pages {
                println!(
                    "{} P {:.3} R {:.3} tokF1 {:.3} {:>8} B {:>6} us {}",
                    &p.id[..12.min(p.id.len())],
                    p.precision.unwrap_or(0.0),
                    p.recall.unwrap_or(0.0),
                    p.token_f1,
                    p.html_bytes,
                    p.extract_micros,
                    p.url.as_deref().unwrap_or("")
                );
            }
            println!("{}", score.summary());
        }
        _ => println!("{}", score.summary()),
    }
}
