//! Prints the article text extracted from an HTML file, for looking at one page.
//!
//! ```sh
//! cargo run --release -p storyline-extract --example extract_probe -- page.html
//! ```

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: extract_probe PAGE.html")?;
    let html = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
    let raw = storyline_model::RawDocument {
        source: path.clone(),
        kind: storyline_model::ContentKind::Html,
        content: html,
        hints: Default::default(),
    };
    let article = storyline_extract::html::extract_html_article(path, &raw);
    println!("{}", article.text);
    Ok(())
}
