//! End-to-end tests: the real `storyline` binary on the demo corpus and on bad input.

mod common;

use std::collections::BTreeSet;

use common::{analyze_json, analyze_report, names, repo_root, storyline};
use serde_json::Value;

fn assert_spans_slice(report: &Value) {
    let texts: std::collections::BTreeMap<&str, &str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["text"].as_str().unwrap()))
        .collect();
    let mut checked = 0;
    let mut check = |item: &Value| {
        let text = texts[item["article"].as_str().unwrap()];
        let (start, end) = (
            item["start"].as_u64().unwrap() as usize,
            item["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], item["text"].as_str().unwrap());
        checked += 1;
    };
    for key in ["quotes", "quantities", "dates"] {
        report[key].as_array().unwrap().iter().for_each(&mut check);
    }
    for event in report["events"].as_array().unwrap() {
        event["summary"]
            .as_array()
            .unwrap()
            .iter()
            .for_each(&mut check);
    }
    for key in ["corroborations", "conflicts"] {
        for item in report[key].as_array().unwrap() {
            item["claims"]
                .as_array()
                .unwrap()
                .iter()
                .for_each(&mut check);
        }
    }
    assert!(checked > 0);
}

#[test]
fn demo_corpus_recovers_the_planted_events_stories_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let (report, _) = analyze_json(
        &["examples/demo"],
        Some("examples/demo/manifest.jsonl"),
        &dir.path().join("demo.db"),
    );
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("examples/demo-expected.json")).unwrap(),
    )
    .unwrap();
    let names = names(&report);
    let got: BTreeSet<BTreeSet<String>> = report["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| names[id.as_str().unwrap()].clone())
                .collect()
        })
        .collect();
    let want: BTreeSet<BTreeSet<String>> = expected["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        report["stories"].as_array().unwrap().len(),
        expected["stories"].as_array().unwrap().len()
    );
    let duplicates: Vec<BTreeSet<String>> = report["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| names[id.as_str().unwrap()].clone())
                .collect()
        })
        .collect();
    for group in expected["duplicates"].as_array().unwrap() {
        let want: BTreeSet<String> = group["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        assert!(
            duplicates.contains(&want),
            "missing duplicate group {want:?} in {duplicates:?}"
        );
    }
    assert_spans_slice(&report);
}

#[test]
fn demo_quotes_are_found_with_their_speakers() {
    let dir = tempfile::tempdir().unwrap();
    let (report, _) = analyze_json(
        &["examples/demo"],
        Some("examples/demo/manifest.jsonl"),
        &dir.path().join("demo.db"),
    );
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("examples/demo-expected.json")).unwrap(),
    )
    .unwrap();
    let names = names(&report);
    let norm = |s: &str| s.replace(['’', '‘'], "'").to_lowercase();
    let gold = expected["quotes"].as_array().unwrap();
    let hits = gold
        .iter()
        .filter(|q| {
            report["quotes"].as_array().unwrap().iter().any(|x| {
                names[x["article"].as_str().unwrap()] == q["article"].as_str().unwrap()
                    && norm(x["text"].as_str().unwrap())
                        .contains(&norm(q["contains"].as_str().unwrap()))
                    && x["speaker"].as_str() == q["speaker"].as_str()
            })
        })
        .count();
    assert!(
        hits * 10 >= gold.len() * 8,
        "{hits}/{} demo quotes with the right speaker",
        gold.len()
    );
}

#[test]
fn bad_inputs_are_reported_per_file_and_the_rest_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let (report, stderr) = analyze_json(
        &["tests/fixtures/bad", "tests/fixtures/good"],
        None,
        &dir.path().join("bad.db"),
    );
    let mut problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("tests/fixtures/bad/"))
        .collect();
    problems.sort();
    insta::assert_snapshot!(problems.join("\n"));
    let sources: BTreeSet<String> = names(&report).into_values().collect();
    assert!(sources.contains("ferry-service-resumes.txt"));
    assert!(sources.contains("breakwater-approved.txt"));
    assert!(sources.contains("broken.jsonl#1") && sources.contains("broken.jsonl#3"));
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        problems.len()
    );
}

#[test]
fn reanalysing_is_idempotent_and_search_finds_stored_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let (first, _) = analyze_json(&["tests/fixtures/good"], None, &db);
    let (second, stderr) = analyze_json(&["tests/fixtures/good"], None, &db);
    assert!(
        stderr.contains("0 new, 0 revised, 2 already stored"),
        "{stderr}"
    );
    assert_eq!(first["articles"], second["articles"]);
    let output = storyline(&["search", "ferry", "--db", db.to_str().unwrap(), "--json"]);
    assert!(output.status.success());
    let hits: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!hits.is_empty());
    assert!(hits[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("ferry-service-resumes.txt"));
    let none = storyline(&["search", "zzzunfindable", "--db", db.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(1));
}

#[test]
fn json_alone_prints_the_run_summary_and_no_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let output = storyline(&[
        "analyze",
        "tests/fixtures/good",
        "--db",
        db.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "only the summary: {stdout}");
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    assert!(summary["added"].as_u64().unwrap() > 0);
    assert_eq!(summary["articles"], summary["added"]);
    let seconds = &summary["seconds"];
    assert!(seconds["ingest"].as_f64().unwrap() > 0.0);
    assert!(seconds["analyse"].as_f64().unwrap() > 0.0);
    assert_eq!(seconds["report"].as_f64(), Some(0.0));
}

#[test]
fn markdown_and_html_reports_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    for (format, marker) in [("md", "# "), ("html", "<!DOCTYPE html>")] {
        let (text, _) = analyze_report(&["tests/fixtures/good"], None, &db, format);
        assert!(text.contains(marker), "{format} report lacks {marker:?}");
    }
}

#[test]
fn demo_comparison_finds_planted_agreements_and_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let (report, _) = analyze_json(
        &["examples/demo"],
        Some("examples/demo/manifest.jsonl"),
        &dir.path().join("demo.db"),
    );
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("examples/demo-expected.json")).unwrap(),
    )
    .unwrap();
    let names = names(&report);
    let files_of = |item: &Value| -> BTreeSet<String> {
        item["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| names[c["article"].as_str().unwrap()].clone())
            .collect()
    };
    let number = |v: &Value| {
        let n = v.as_f64().unwrap();
        if n.fract() == 0.0 {
            format!("{n}")
        } else {
            n.to_string()
        }
    };
    let with_commas = |n: String| {
        let digits: Vec<char> = n.chars().collect();
        let mut out = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(*c);
        }
        out
    };
    for conflict in expected["conflicts"].as_array().unwrap() {
        let want: BTreeSet<String> = conflict["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        let values: Vec<String> = conflict["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| with_commas(number(v)))
            .collect();
        let found = report["conflicts"].as_array().unwrap().iter().any(|c| {
            let text = c.to_string();
            files_of(c).is_superset(&want) && values.iter().all(|v| text.contains(v.as_str()))
        });
        assert!(found, "planted conflict not found: {}", conflict["what"]);
    }
    for calm in expected["non_conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["optional"].as_bool() != Some(true))
    {
        let values: Vec<String> = calm["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| with_commas(number(v)))
            .collect();
        let flagged = report["conflicts"].as_array().unwrap().iter().any(|c| {
            let text = c.to_string();
            values.iter().all(|v| text.contains(v.as_str()))
        });
        assert!(!flagged, "not a conflict but flagged: {}", calm["what"]);
    }
    let quoted: Vec<&Value> = expected["corroborations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["what"].as_str().unwrap().contains('\''))
        .collect();
    for corroboration in quoted {
        let key = corroboration["what"]
            .as_str()
            .unwrap()
            .split('\'')
            .nth(1)
            .unwrap()
            .to_lowercase()
            .replace(',', "");
        let want: BTreeSet<String> = corroboration["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        let found = report["corroborations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| {
                c["what"].as_str().unwrap().to_lowercase().contains(&key)
                    && files_of(c).is_superset(&want)
            });
        assert!(found, "planted corroboration not found: {key}");
    }
}

#[test]
fn stored_views_show_timeline_comparison_and_summary_of_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("views.db");
    let (report, _) = analyze_json(
        &["examples/demo"],
        Some("examples/demo/manifest.jsonl"),
        &db,
    );
    let db = db.to_str().unwrap();
    let listing = storyline(&["stories", "--db", db, "--json"]);
    assert!(listing.status.success());
    let listing: Value = serde_json::from_slice(&listing.stdout).unwrap();
    let story = listing["stories"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|s| s["events"].as_array().unwrap().len())
        .unwrap();
    let story_id = story["id"].as_str().unwrap();
    let timeline = storyline(&["timeline", &story_id[..6], "--db", db, "--json"]);
    assert!(
        timeline.status.success(),
        "{}",
        String::from_utf8_lossy(&timeline.stderr)
    );
    let timeline: Vec<Value> = serde_json::from_slice(&timeline.stdout).unwrap();
    let dates: Vec<&str> = timeline
        .iter()
        .map(|t| t["date"].as_str().unwrap())
        .collect();
    for want in ["2009", "2025-03-10", "2025-04-08", "2025-06-05"] {
        assert!(dates.contains(&want), "timeline lacks {want}: {dates:?}");
    }
    assert!(timeline
        .iter()
        .any(|t| t["date"] == "2009" && t["background"] == true));
    let texts: std::collections::BTreeMap<&str, &str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["text"].as_str().unwrap()))
        .collect();
    let first_event = story["events"][0].as_str().unwrap();
    let compare = storyline(&["compare", first_event, "--db", db, "--json"]);
    let compare: Value = serde_json::from_slice(&compare.stdout).unwrap();
    assert!(!compare["corroborations"].as_array().unwrap().is_empty());
    assert!(!compare["conflicts"].as_array().unwrap().is_empty());
    for sentences in [1, 4] {
        let summary = storyline(&[
            "summary",
            story_id,
            "--sentences",
            &sentences.to_string(),
            "--db",
            db,
            "--json",
        ]);
        let summary: Vec<Value> = serde_json::from_slice(&summary.stdout).unwrap();
        assert_eq!(summary.len(), sentences);
        for citation in &summary {
            let text = texts[citation["article"].as_str().unwrap()];
            let (start, end) = (
                citation["start"].as_u64().unwrap() as usize,
                citation["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], citation["text"].as_str().unwrap());
        }
    }
    let missing = storyline(&["timeline", "s-nope", "--db", db]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no story or event"));
    // Timelines belong to stories: an event id is refused, naming its story.
    let event = storyline(&["timeline", first_event, "--db", db]);
    assert_eq!(event.status.code(), Some(2));
    let message = String::from_utf8_lossy(&event.stderr);
    assert!(
        message.contains("is an event") && message.contains(story_id),
        "{message}"
    );
    // Each printed entry cites the articles behind it by id; --max-dates keeps
    // the most salient.
    let printed = storyline(&["timeline", story_id, "--db", db]);
    let printed = String::from_utf8_lossy(&printed.stdout);
    let cited = timeline[0]["summary"][0]["article"].as_str().unwrap();
    assert!(printed.contains(cited), "{printed}");
    let top = storyline(&[
        "timeline",
        story_id,
        "--max-dates",
        "2",
        "--db",
        db,
        "--json",
    ]);
    let top: Vec<Value> = serde_json::from_slice(&top.stdout).unwrap();
    assert_eq!(top.len(), 2.min(timeline.len()));
}

/// Issue 17: `analyze --max-dates N` keeps the N most salient dates of each
/// story, while every dated mention stays in `dates[]`.
#[test]
fn analyze_max_dates_asks_for_a_timeline_length() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("short.db");
    let out = dir.path().join("short.json");
    let run = storyline(&[
        "analyze",
        "examples/demo",
        "--manifest",
        "examples/demo/manifest.jsonl",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
        "--max-dates",
        "3",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    let mut per_story: std::collections::BTreeMap<&str, usize> = Default::default();
    for entry in report["timeline"].as_array().unwrap() {
        *per_story
            .entry(entry["story"].as_str().unwrap())
            .or_default() += 1;
        assert!(entry["salience"].as_f64().unwrap() > 0.0);
    }
    assert!(!per_story.is_empty());
    assert!(per_story.values().all(|&n| n <= 3), "{per_story:?}");
    let dated = report["dates"].as_array().unwrap().len();
    assert!(
        dated > report["timeline"].as_array().unwrap().len() * 3,
        "{dated}"
    );
}

#[test]
fn eval_compare_scores_both_halves_of_the_labelled_set() {
    let output = storyline(&[
        "eval",
        "compare",
        "--data",
        "crates/storyline-eval/data/conflicts/dev",
        "--data",
        "crates/storyline-eval/data/conflicts/test",
        "--json",
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let scores: Vec<Value> = serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect();
    assert_eq!(scores.len(), 2);
    for score in &scores {
        assert!(score["precision"].as_f64().unwrap() >= 0.9, "{score}");
        assert!(score["n_gold"].as_u64().unwrap() >= 5);
        assert!(score["found"].is_array());
    }
}
