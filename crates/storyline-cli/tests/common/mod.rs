//! What the end-to-end test files share: running the real binary from the
//! repository root and reading its JSON report.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root, where the binary runs (fixture paths are relative to it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Runs `storyline` with `args` from the repository root.
pub fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run storyline")
}

/// The run's standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// Runs `analyze` on `inputs` into `db` (with `manifest` if given) and writes
/// the report in `format` (`md`, `json`, `html`) beside `db`; returns the
/// report's text and the standard error. Panics when the run fails.
pub fn analyze_report(
    inputs: &[&str],
    manifest: Option<&str>,
    db: &Path,
    format: &str,
) -> (String, String) {
    let out = db.with_extension(format);
    let mut args = vec!["analyze"];
    args.extend(inputs);
    args.extend(["--db", db.to_str().unwrap(), "--format", format]);
    args.extend(["-o", out.to_str().unwrap()]);
    if let Some(manifest) = manifest {
        args.extend(["--manifest", manifest]);
    }
    let output = storyline(&args);
    let err = stderr(&output);
    assert!(output.status.success(), "storyline failed: {err}");
    (std::fs::read_to_string(out).unwrap(), err)
}

/// [`analyze_report`] in JSON, parsed.
pub fn analyze_json(inputs: &[&str], manifest: Option<&str>, db: &Path) -> (Value, String) {
    let (report, err) = analyze_report(inputs, manifest, db, "json");
    (serde_json::from_str(&report).unwrap(), err)
}

/// The last path component of an article's source (`#N` kept for JSONL records).
pub fn file_name(source: &str) -> String {
    source.rsplit('/').next().unwrap_or(source).to_string()
}

/// Article id to file name, for every article of a report.
pub fn names(report: &Value) -> BTreeMap<String, String> {
    report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                file_name(a["source"].as_str().unwrap()),
            )
        })
        .collect()
}
