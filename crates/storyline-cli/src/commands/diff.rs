//! `storyline diff ARTICLE`: what changed between the captured versions of an article.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use serde_json::json;
use storyline_analyse::revisions::{revision_steps, RevisionStep};
use storyline_model::{ChangeKind, Doc};
use storyline_store::{Location, Store};

/// Arguments of `storyline diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Article id (or a unique prefix), the content hash of any of its versions, or its URL.
    pub article: String,
    /// Store written by `storyline analyze`: an SQLite file or a postgres:// URL.
    #[arg(long, default_value = "storyline.db")]
    pub db: Location,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The stored article `wanted` names: by URL, by a version's content hash, or
/// by a unique prefix of its id.
fn find<'d>(docs: &'d [Doc], wanted: &str) -> Result<&'d Doc> {
    let exact = docs.iter().find(|d| {
        d.article.url.as_deref() == Some(wanted)
            || d.article.id == wanted
            || d.revisions.iter().any(|r| r.id == wanted)
    });
    if let Some(doc) = exact {
        return Ok(doc);
    }
    let matches: Vec<&Doc> = docs
        .iter()
        .filter(|d| {
            d.article.id.starts_with(wanted) || d.revisions.iter().any(|r| r.id.starts_with(wanted))
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => bail!("no stored article matches {wanted:?}"),
        many => bail!(
            "{wanted:?} matches {} articles; give more of the id",
            many.len()
        ),
    }
}

fn kind_name(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Edited => "edited",
    }
}

fn step_json(step: &RevisionStep) -> serde_json::Value {
    json!({
        "from": step.from,
        "to": step.to,
        "captured": step.captured,
        "modified": step.modified.map(|m| m.to_string()),
        "changes": step.changes.iter().map(|c| json!({
            "kind": kind_name(c.kind),
            "before": c.before,
            "after": c.after,
        })).collect::<Vec<_>>(),
    })
}

/// Prints the changes between consecutive versions of one article.
pub fn run(args: DiffArgs) -> Result<ExitCode> {
    if !args.db.exists() {
        bail!("no database at {} (run `storyline analyze` first)", args.db);
    }
    let store = Store::connect(&args.db).with_context(|| format!("opening {}", args.db))?;
    let docs = store.docs()?;
    let doc = find(&docs, &args.article)?;
    let steps = revision_steps(doc);
    let article = &doc.article;
    if args.json {
        let value = json!({
            "article": article.id,
            "url": article.url,
            "revision": doc.revision(),
            "revisions": doc.revisions.iter().map(|r| json!({
                "number": r.number,
                "id": r.id,
                "captured": r.captured,
                "modified": r.modified.map(|m| m.to_string()),
            })).collect::<Vec<_>>(),
            "steps": steps.iter().map(step_json).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    let name = article.outlet_name().unwrap_or(article.source.as_str());
    println!(
        "Article {} — {name} — {}",
        article.id,
        article.url.as_deref().unwrap_or(&article.source)
    );
    if steps.is_empty() {
        println!("One captured version: nothing changed after first capture.");
        return Ok(ExitCode::SUCCESS);
    }
    let when = |number: u32| {
        doc.revisions
            .iter()
            .find(|r| r.number == number)
            .and_then(|r| r.captured.clone())
            .unwrap_or_else(|| "capture time unknown".into())
    };
    for step in &steps {
        let modified = step
            .modified
            .map_or(String::new(), |m| format!(", states modified {m}"));
        println!(
            "\nVersion {} ({}) → version {} ({}{modified}): {} changed sentence(s)",
            step.from,
            when(step.from),
            step.to,
            when(step.to),
            step.changes.len()
        );
        for change in &step.changes {
            let before = change.before.as_deref().unwrap_or("");
            let after = change.after.as_deref().unwrap_or("");
            match change.kind {
                ChangeKind::Added => println!("  + added    “{after}”"),
                ChangeKind::Removed => println!("  - removed  “{before}”"),
                ChangeKind::Edited => {
                    println!("  ~ edited   “{before}”");
                    println!("          →  “{after}”");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
