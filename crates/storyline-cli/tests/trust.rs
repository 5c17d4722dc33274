//! End-to-end tests of the trust signals on `tests/fixtures/trust`: independent
//! sources (reprints and wire credit count once), revisions and `storyline
//! diff`, and confidence with method on derived fields.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{analyze_report, names, repo_root, storyline};
use serde_json::Value;

/// Runs `analyze` on `inputs` into `db` and returns the JSON report.
fn analyze(inputs: &[&str], manifest: Option<&str>, db: &Path) -> Value {
    common::analyze_json(inputs, manifest, db).0
}

/// `reported_by` as (first file, wire, copy files).
fn sources(item: &Value, names: &BTreeMap<String, String>) -> Vec<(String, Value, Vec<String>)> {
    item["reported_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                names[g["first"].as_str().unwrap()].clone(),
                g["wire"].clone(),
                g["copies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| names[c.as_str().unwrap()].clone())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn reprints_and_wire_credit_count_as_one_source() {
    let dir = tempfile::tempdir().unwrap();
    let report = analyze(
        &["tests/fixtures/trust/sources"],
        Some("tests/fixtures/trust/sources/manifest.jsonl"),
        &dir.path().join("t.db"),
    );
    let names = names(&report);
    let events = report["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{events:#?}");

    // The strike: the AP wire, two reprints and an AP-credited rewrite are one
    // source; the Daily Ledger's own reporting is the other.
    let strike = &events[0];
    assert_eq!(strike["single_sourced"], false);
    let mut groups = sources(strike, &names);
    for group in &mut groups {
        group.2.sort();
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        groups,
        [
            (
                "daily-ledger-port-strike.txt".to_string(),
                Value::Null,
                vec![]
            ),
            (
                "wire-port-strike.txt".to_string(),
                Value::from("AP"),
                vec![
                    "coastal-monitor-port-strike.txt".to_string(),
                    "harbour-times-port-strike.txt".to_string(),
                    "valley-courier-port-strike.txt".to_string(),
                ]
            ),
        ]
    );

    // The museum: one wire story and its reprint are a single source.
    let museum = &events[1];
    assert_eq!(museum["single_sourced"], true);
    assert_eq!(sources(museum, &names)[0].2, ["sunday-star-museum.txt"]);
    let museum_day = report["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["date"] == "2024-06-08")
        .expect("the museum's day is on the timeline");
    assert_eq!(museum_day["single_sourced"], true);

    // Varn's words are corroborated by two independent sources; Falk's words,
    // only ever carried by AP and its reprints, are not a corroboration.
    let corroborations = report["corroborations"].as_array().unwrap();
    let varn = corroborations
        .iter()
        .find(|c| c["what"].as_str().unwrap().contains("listens to us"))
        .expect("Varn's quote is corroborated");
    assert_eq!(varn["single_sourced"], false);
    assert_eq!(varn["reported_by"].as_array().unwrap().len(), 2);
    assert!(
        !corroborations
            .iter()
            .any(|c| c["what"].as_str().unwrap().contains("offer remains")),
        "{corroborations:#?}"
    );

    // The Markdown report says so in words.
    let (md, _) = analyze_report(
        &["tests/fixtures/trust/sources"],
        Some("tests/fixtures/trust/sources/manifest.jsonl"),
        &dir.path().join("t.db"),
        "md",
    );
    assert!(md.contains("**Single source.** Reported by"), "{md}");
    assert!(md.contains("Reported by 2 independent sources:"), "{md}");
    assert!(md.contains("(wire credit AP)"), "{md}");
}

#[test]
fn a_changed_text_under_the_same_url_is_a_revision_and_diff_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let first = analyze(&["tests/fixtures/trust/revisions/v1"], None, &db);
    assert_eq!(first["articles"].as_array().unwrap().len(), 2);
    assert!(first["revisions"].as_array().unwrap().is_empty());
    let report = analyze(&["tests/fixtures/trust/revisions/v2"], None, &db);

    // Still two articles: the changed one is revision 2 of the first, under its first id.
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    let ferry = articles
        .iter()
        .find(|a| a["changed_after_capture"] == true)
        .expect("the ferry story changed");
    assert_eq!(ferry["revision"], 2);
    assert_eq!(ferry["revisions"].as_array().unwrap().len(), 2);
    let first_ferry = first["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["url"] == ferry["url"])
        .unwrap();
    assert_eq!(ferry["id"], first_ferry["id"]);
    assert!(ferry["text"].as_str().unwrap().contains("about 850"));
    assert!(articles
        .iter()
        .any(|a| a["changed_after_capture"] == false && a["revision"] == 1));

    // The quotes and numbers a revision altered are flagged; unchanged ones are not.
    let revised_of = |list: &str, needle: &str| -> Value {
        report[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["text"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no {list} item with {needle:?}"))["revised"]
            .clone()
    };
    assert_eq!(revised_of("quotes", "will not wait any longer"), "edited");
    assert_eq!(revised_of("quotes", "ready to talk"), "added");
    assert_eq!(revised_of("quantities", "850"), "edited");
    let changes = &report["revisions"][0]["changes"];
    let kinds: Vec<&str> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"edited") && kinds.contains(&"added") && kinds.contains(&"removed"));

    // `storyline diff` by URL lists what changed.
    let url = ferry["url"].as_str().unwrap();
    let output = storyline(&["diff", url, "--db", db.to_str().unwrap()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Version 1 ("), "{text}");
    assert!(
        text.contains("~ edited   “The crews' union said about 600"),
        "{text}"
    );
    assert!(
        text.contains("→  “The crews' union said about 850"),
        "{text}"
    );
    assert!(text.contains("- removed  “Passengers queued"), "{text}");
    assert!(text.contains("+ added    “Late on Tuesday"), "{text}");

    // And by id prefix, as JSON.
    let prefix = &ferry["id"].as_str().unwrap()[..6];
    let output = storyline(&["diff", prefix, "--db", db.to_str().unwrap(), "--json"]);
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["steps"][0]["from"], 1);
    assert_eq!(json["steps"][0]["to"], 2);

    // Analysing either version again changes nothing: both are known revisions.
    let again = analyze(&["tests/fixtures/trust/revisions/v1"], None, &db);
    assert_eq!(again["articles"], report["articles"]);
    let again = analyze(&["tests/fixtures/trust/revisions/v2"], None, &db);
    assert_eq!(again["articles"], report["articles"]);
    assert_eq!(again["events"], report["events"]);
}

/// Every key of `value`, nested ones included.
fn keys(value: &Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                out.insert(key.clone());
                keys(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| keys(item, out)),
        _ => {}
    }
}

#[test]
fn trust_signals_are_documented_and_shown_in_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("all.db");
    analyze(
        &[
            "tests/fixtures/trust/revisions/v1",
            "tests/fixtures/trust/ambiguous",
        ],
        None,
        &db,
    );
    let report = analyze(
        &[
            "tests/fixtures/trust/revisions/v2",
            "tests/fixtures/trust/sources",
        ],
        Some("tests/fixtures/trust/sources/manifest.jsonl"),
        &db,
    );
    let doc = std::fs::read_to_string(repo_root().join("docs/report-format.md")).unwrap();
    let mut all = std::collections::BTreeSet::new();
    keys(&report, &mut all);
    for key in all {
        assert!(
            doc.contains(&format!("`{key}`")),
            "`{key}` is not documented"
        );
    }

    // Every confidence is in [0, 1]; dates, metadata and assignments carry one.
    let mut confidences = Vec::new();
    fn collect(value: &Value, out: &mut Vec<f64>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    if key.ends_with("confidence") {
                        if let Some(x) = inner.as_f64() {
                            out.push(x);
                        }
                    }
                    collect(inner, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    collect(&report, &mut confidences);
    assert!(confidences.len() > 50, "{}", confidences.len());
    assert!(confidences.iter().all(|c| (0.0..=1.0).contains(c)));
    assert!(report["dates"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["confidence"].is_number()));
    assert!(report["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["assignments"].as_array().unwrap().len()
            == e["articles"].as_array().unwrap().len()));

    // The ambiguous attributions: the quote after a guessed speaker is
    // uncertain, the cued one is not.
    let quote = |needle: &str| -> &Value {
        report["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["text"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no quote with {needle:?}"))
    };
    let cued = quote("The rails are old");
    assert_eq!(cued["method"], "cue-verb");
    assert!(cued["confidence"].as_f64().unwrap() >= 0.85);
    let guessed = quote("Nobody has asked us");
    assert!(guessed["confidence"].as_f64().unwrap() < 0.5, "{guessed:#}");

    // Markdown and HTML show the signals plainly.
    for (format, marks) in [
        (
            "md",
            &[
                "*(uncertain attribution:",
                "*(changed in a later revision)*",
                "## Revisions",
                "**Single source.**",
            ][..],
        ),
        (
            "html",
            &[
                "class=\"low-confidence\"",
                "class=\"tag revised\"",
                "<span class=\"tag single\">single source</span>",
                "id=\"revisions\"",
            ][..],
        ),
    ] {
        let (text, _) = analyze_report(
            &["tests/fixtures/trust/sources"],
            Some("tests/fixtures/trust/sources/manifest.jsonl"),
            &db,
            format,
        );
        for mark in marks {
            assert!(text.contains(mark), "{format} lacks {mark:?}");
        }
    }
}
