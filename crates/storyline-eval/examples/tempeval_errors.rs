//! Prints the disagreements with the TempEval-3 gold as JSON lines, for error analysis:
//! missed, spurious, wrongly valued, and right values over a different span (extent).
//!
//! With `--folds K` only the tuning folds `1..K` are listed (fold 0 stays unseen, as
//! the k-fold protocol asks); `--kind missed|spurious|value|extent` and `--type
//! DATE|TIME|DURATION|SET` narrow the list. A count per kind and gold type goes to
//! standard error.
//!
//! ```sh
//! cargo run --release -p storyline-eval --example tempeval_errors -- \
//!     ../shared/data/tempeval3 --folds 4 --type SET > errors.jsonl
//! ```

use std::collections::BTreeMap;

use storyline_eval::folds::fold_of;
use storyline_eval::tempeval::{tempeval_mismatches, Mismatch};

/// The options after the folder.
#[derive(Default)]
struct Filter {
    folds: Option<usize>,
    kind: Option<String>,
    gold_type: Option<String>,
}

impl Filter {
    fn keeps(&self, error: &Mismatch) -> bool {
        let kind = kind_name(error);
        self.folds.is_none_or(|k| fold_of(&error.document, k) != 0)
            && self.kind.as_deref().is_none_or(|want| want == kind)
            && self
                .gold_type
                .as_deref()
                .is_none_or(|want| want.eq_ignore_ascii_case(&error.gold_type))
    }
}

/// The kind's name as the JSON lines spell it.
fn kind_name(error: &Mismatch) -> String {
    format!("{:?}", error.kind).to_lowercase()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    const USAGE: &str =
        "usage: tempeval_errors TIMEML_FOLDER [--folds K] [--kind KIND] [--type TYPE]";
    let mut args = std::env::args().skip(1);
    let folder = args.next().ok_or(USAGE)?;
    let mut filter = Filter::default();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(USAGE)?;
        match flag.as_str() {
            "--folds" => filter.folds = Some(value.parse()?),
            "--kind" => filter.kind = Some(value),
            "--type" => filter.gold_type = Some(value),
            _ => return Err(USAGE.into()),
        }
    }
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for error in tempeval_mismatches(std::path::Path::new(&folder))? {
        if !filter.keeps(&error) {
            continue;
        }
        let kind = kind_name(&error);
        *counts.entry((kind, error.gold_type.clone())).or_default() += 1;
        println!("{}", serde_json::to_string(&error)?);
    }
    for ((kind, gold_type), n) in counts {
        eprintln!("{kind:9} {gold_type:9} {n}");
    }
    Ok(())
}
