//! Prints every disagreement with the PolNeAR gold as JSON lines, for error analysis.
//!
//! ```sh
//! cargo run --release -p storyline-eval --example polnear_errors -- ../shared/data/polnear/dev > errors.jsonl
//! ```
//!
//! A second argument `I/K` keeps one fold (`1/2`: the first of two), as
//! `storyline eval annotate --folds K` cuts them. The scores of the split (or
//! of the fold) go to standard error.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let split = std::env::args()
        .nth(1)
        .ok_or("usage: polnear_errors SPLIT_FOLDER [FOLD/FOLDS]")?;
    let fold = match std::env::args().nth(2) {
        Some(arg) => {
            let (index, count) = arg.split_once('/').ok_or("the fold is I/K, e.g. 1/2")?;
            let (index, count): (usize, usize) = (index.parse()?, count.parse()?);
            if index == 0 || index > count {
                return Err("the fold I/K counts from 1 to K".into());
            }
            Some(storyline_eval::polnear::Fold {
                index: index - 1,
                count,
            })
        }
        None => None,
    };
    let path = std::path::Path::new(&split);
    let score = match fold {
        Some(fold) => storyline_eval::polnear::evaluate_polnear_folds(path, fold.count)?
            .swap_remove(fold.index),
        None => storyline_eval::polnear::evaluate_polnear(path)?,
    };
    eprint!("{}", score.summary());
    for error in storyline_eval::polnear::polnear_disagreements(path, fold)? {
        println!("{}", serde_json::to_string(&error)?);
    }
    Ok(())
}
