//! Prints the quotes `find_quotes` finds in the text on stdin (paragraphs
//! separated by blank lines), with kind, method, confidence, speaker and cue,
//! for trying sentences by hand.
//!
//! ```sh
//! printf '“We will not give in,” she said.\n' | cargo run --release -p storyline-annotate --example quotes_probe
//! ```

use std::io::Read;

use storyline_annotate::steps::{find_entities, find_quotes, split_sentences, words};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let spans = split_sentences(&text);
    let words = words(&text, &spans);
    let found = find_entities(&text, &spans, &words);
    for quote in find_quotes(&text, &spans, &words, &found) {
        println!(
            "{:?} {} {:.2} speaker {:?} (span {:?}) cue {:?}\n    [{}]",
            quote.kind,
            quote.method,
            quote.confidence,
            quote.speaker.as_deref().unwrap_or("-"),
            quote.speaker_span.map_or("-", |s| s.slice(&text)),
            quote.cue.as_deref().unwrap_or("-"),
            quote.text
        );
    }
    Ok(())
}
