//! Issue 22's command-line items, run through the real binary: `--outlet`
//! names the outlet of a whole file, the views name articles by id and
//! outlet, and a closed pipe ends a view quietly.

mod common;

use std::process::{Command, Stdio};

use common::{analyze_json, repo_root, stderr, storyline};
use serde_json::Value;

/// Three records written for this test: two name no outlet, one names its own.
const DUMP: &str = r#"{"title": "Ferry crews vote to strike", "date": "2025-05-02", "text": "Ferry crews at Port Anselm voted on Friday to strike from Monday, the crews' union said. The vote passed with a large majority, union secretary Ilse Marrow said."}
{"title": "Port Anselm ferries to stop on Monday", "date": "2025-05-03", "text": "Ferries from Port Anselm will stop on Monday after crews voted to strike, operators said on Saturday. Talks with the union broke down on Thursday."}
{"title": "Strike talks resume", "date": "2025-05-04", "outlet": "The Quay Courier", "text": "Talks between ferry operators and the crews' union resumed on Sunday in Port Anselm, a day before the planned strike, both sides said."}
"#;

/// Outlet of each article of a JSON report, by title.
fn outlets(report: &Value) -> Vec<(String, Option<String>)> {
    let mut all: Vec<(String, Option<String>)> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["title"].as_str().unwrap_or("").to_string(),
                a["outlet"].as_str().map(str::to_string),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn outlet_names_every_record_of_a_file_that_names_none() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("ferries.jsonl");
    std::fs::write(&dump, DUMP).unwrap();
    let dump = dump.to_str().unwrap();

    let (plain, _) = analyze_json(&[dump], None, &dir.path().join("plain.db"));
    let unnamed = outlets(&plain)
        .into_iter()
        .filter(|(_, outlet)| outlet.is_none())
        .count();
    assert_eq!(unnamed, 2, "without --outlet two records name no outlet");

    let db = dir.path().join("named.db");
    let out = dir.path().join("named.json");
    let output = storyline(&[
        "analyze",
        dump,
        "--outlet",
        "Anselm Herald",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let named: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let want = |title: &str, outlet: &str| (title.to_string(), Some(outlet.to_string()));
    assert_eq!(
        outlets(&named),
        [
            want("Ferry crews vote to strike", "Anselm Herald"),
            want("Port Anselm ferries to stop on Monday", "Anselm Herald"),
            // A record's own outlet wins.
            want("Strike talks resume", "The Quay Courier"),
        ]
    );
    let md = dir.path().join("named.md");
    let output = storyline(&[
        "analyze",
        dump,
        "--outlet",
        "Anselm Herald",
        "--db",
        db.to_str().unwrap(),
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let md = std::fs::read_to_string(md).unwrap();
    assert!(!md.contains("name no outlet"), "{md}");
    assert!(!md.contains("ferries.jsonl#"), "{md}");
}

#[test]
fn analyze_help_shows_outlet_and_map_examples() {
    let output = storyline(&["analyze", "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--outlet <NAME>"), "{help}");
    assert!(help.contains("--map text=maintext"), "{help}");
}

/// Runs `storyline args` with standard output a pipe nobody reads: its reader
/// is closed before the command starts, so its first write fails.
fn run_into_closed_pipe(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .current_dir(repo_root())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("run storyline")
}

#[test]
fn views_end_quietly_when_the_pipe_closes_and_name_articles_by_id_and_outlet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pipe.db");
    let (report, _) = analyze_json(
        &["examples/demo"],
        Some("examples/demo/manifest.jsonl"),
        &db,
    );
    let db = db.to_str().unwrap();
    let story = report["stories"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|s| s["events"].as_array().unwrap().len())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    for args in [
        vec!["stories", "--db", db],
        vec!["stories", "--db", db, "--json"],
        vec!["timeline", &story, "--db", db],
        vec!["compare", &story, "--db", db],
        vec!["summary", &story, "--db", db],
        vec!["search", "bridge", "--db", db],
    ] {
        let output = run_into_closed_pipe(&args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} wrote to stderr: {err}");
    }

    // The report written to a closed pipe ends quietly too.
    let output = run_into_closed_pipe(&[
        "analyze",
        "examples/demo",
        "--manifest",
        "examples/demo/manifest.jsonl",
        "--db",
        db,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"));

    // Each summary sentence and timeline line names its article by id and outlet.
    let outlets: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["outlet"].as_str())
        .collect();
    let ids: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    for view in ["summary", "timeline"] {
        let output = storyline(&[view, &story, "--db", db]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.contains('[') || l.contains("sources:"))
            .collect();
        assert!(!lines.is_empty(), "{view}: {text}");
        for line in text
            .lines()
            .filter(|l| l.contains("told by:") || view == "summary")
        {
            assert!(
                ids.iter().any(|id| line.contains(id)),
                "{view} line names no article id: {line}"
            );
            assert!(
                outlets.iter().any(|o| line.contains(o)),
                "{view} line names no outlet: {line}"
            );
        }
    }
}

#[test]
fn the_demo_folder_holds_only_articles() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err) = analyze_json(
        &["examples/demo"],
        Some("examples/demo/manifest.jsonl"),
        &dir.path().join("demo.db"),
    );
    assert!(err.contains("; 0 problems"), "{err}");
}
