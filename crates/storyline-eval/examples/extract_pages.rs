//! Lists the extraction benchmark's pages of the tuning folds, weakest first, with
//! their 4-gram precision and recall: what error analysis of the extract stage starts from.
//!
//! Fold 0 (the held-out fold of `--folds K`, default 4) is never listed nor shown.
//! `--show ID` (a prefix of a page id) prints that page's extracted text instead.
//!
//! ```sh
//! cargo run --release -p storyline-eval --example extract_pages -- \
//!     ../shared/data/article-extraction-benchmark --folds 4 > pages.tsv
//! ```

use std::path::PathBuf;

use anyhow::{bail, Context};
use storyline_eval::extraction::evaluate_extraction;
use storyline_eval::folds::fold_of;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .context("usage: extract_pages DIR [--folds K] [--show ID]")?,
    );
    let mut folds = 4;
    let mut show = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--folds" => folds = args.next().context("--folds K")?.parse()?,
            "--show" => show = Some(args.next().context("--show ID")?),
            other => bail!("unknown option {other}"),
        }
    }
    if let Some(prefix) = &show {
        return show_page(&dir, prefix, folds);
    }
    let score = evaluate_extraction(&dir)?;
    let json = serde_json::to_value(&score)?;
    let report = serde_json::to_value(score.folds(folds))?;
    let fold_f1: Vec<String> = report["folds"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| format!("{:.3}", f["f1"].as_f64().unwrap_or(0.0)))
        .collect();
    eprintln!(
        "per fold F1 {}; tuning {:.3}; {:.0} pages/s",
        fold_f1.join(", "),
        report["tuning"]["f1"].as_f64().unwrap_or(0.0),
        json["pages_per_second"].as_f64().unwrap_or(0.0)
    );
    let pages = json["pages"].as_array().context("pages")?;
    let mut rows: Vec<(f64, String)> = Vec::new();
    for page in pages {
        let id = page["id"].as_str().unwrap_or_default();
        if fold_of(id, folds) == 0 {
            continue;
        }
        let p = page["precision"].as_f64().unwrap_or(0.0);
        let r = page["recall"].as_f64().unwrap_or(0.0);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        rows.push((
            f,
            format!(
                "{}\t{}\tF1 {f:.3}\tP {p:.3}\tR {r:.3}\thtml {}\ttext {}\t{}",
                &id[..12.min(id.len())],
                fold_of(id, folds),
                page["html_bytes"],
                page["text_bytes"],
                page["url"].as_str().unwrap_or_default()
            ),
        ));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, row) in rows {
        println!("{row}");
    }
    Ok(())
}

/// Prints the extracted text of the page of the tuning folds whose id starts with `prefix`.
fn show_page(dir: &std::path::Path, prefix: &str, folds: usize) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir.join("html"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".html.gz") else {
            continue;
        };
        if !id.starts_with(prefix) || fold_of(id, folds) == 0 {
            continue;
        }
        let raw = storyline_model::RawDocument {
            source: format!("{id}.html"),
            kind: storyline_model::ContentKind::Html,
            content: read_page(dir, id)?,
            hints: Default::default(),
        };
        let article = storyline_extract::html::extract_html_article(id.into(), &raw);
        println!("{}", article.text);
        return Ok(());
    }
    bail!("no page of the tuning folds starts with {prefix}")
}

/// The page's HTML, decompressed.
fn read_page(dir: &std::path::Path, id: &str) -> anyhow::Result<String> {
    use std::io::Read;
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let bytes = std::fs::read(&path).with_context(|| path.display().to_string())?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes.as_slice()).read_to_end(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
