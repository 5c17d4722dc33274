//! Scores time-expression recognition and normalisation on TempEval-3 TimeML files.
//!
//! Every `.tml` file under a folder is read; the tags are stripped from its `<TEXT>`
//! part while the byte offsets of each gold `TIMEX3` in the stripped text are kept;
//! the document creation time (the `TIMEX3` with `functionInDocument="CREATION_TIME"`)
//! is the anchor; [`find_dates`] runs on the stripped text. Scores follow TempEval-3:
//! extent precision, recall and F1, strict (same span) and relaxed (overlapping
//! spans, matched one to one), and the value score: an expression counts when its
//! span overlaps a gold one and its value is the same string.
//!
//! The creation time itself is never scored. Files with the same name in two
//! folders (the corpus ships one document twice) are read once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Serialize;
use storyline_annotate::find_dates;
use storyline_model::TimeExpr;

use crate::calibration::Calibration;
use crate::folds::{FoldReport, FoldScore};

/// Why the evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum TempEvalError {
    /// A folder or file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The folder holds no `.tml` file.
    #[error("no .tml files under {0}")]
    NoDocuments(PathBuf),
}

/// Result alias for this module.
pub type Result<T, E = TempEvalError> = std::result::Result<T, E>;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct Prf {
    /// Correct system expressions over all system expressions.
    pub(crate) precision: f64,
    /// Correct system expressions over all gold expressions.
    pub(crate) recall: f64,
    /// Harmonic mean of precision and recall.
    pub(crate) f1: f64,
}

impl Prf {
    fn new(correct: usize, n_system: usize, n_gold: usize) -> Prf {
        let precision = ratio(correct, n_system);
        let recall = ratio(correct, n_gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Gold counts for one TIMEX3 type (DATE, TIME, DURATION, SET).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct TypeCounts {
    /// Gold expressions of this type.
    pub(crate) gold: usize,
    /// Of those, found with an overlapping span.
    pub(crate) found: usize,
    /// Of those, found with the same value.
    pub(crate) value_correct: usize,
}

/// TempEval-3 scores of `find_dates` on a folder of TimeML files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TempEvalScore {
    /// Documents scored.
    pub(crate) n_documents: usize,
    /// Documents skipped because they had no `<TEXT>` part or no creation time.
    pub(crate) n_skipped: usize,
    /// Gold time expressions (creation times excluded).
    pub(crate) n_gold: usize,
    /// Time expressions `find_dates` returned.
    pub(crate) n_system: usize,
    /// Extent scores with exact spans.
    pub(crate) strict: Prf,
    /// Extent scores with overlapping spans.
    pub(crate) relaxed: Prf,
    /// Share of relaxed matches whose value is right.
    pub(crate) value_accuracy: f64,
    /// The TempEval-3 value score: relaxed match and same value.
    pub(crate) value: Prf,
    /// Gold counts by TIMEX3 type.
    pub(crate) by_type: BTreeMap<String, TypeCounts>,
    /// Bytes of document text given to `find_dates`.
    pub(crate) n_bytes: usize,
    /// Whitespace-separated words in that text.
    pub(crate) n_words: usize,
    /// Time spent inside `find_dates`, in seconds.
    pub(crate) seconds: f64,
    /// Throughput of `find_dates` in megabytes (10^6 bytes) per second.
    pub(crate) mb_per_second: f64,
    /// Throughput of `find_dates` in words per second.
    pub(crate) words_per_second: f64,
    /// Value accuracy per confidence band, on expressions matching a gold one;
    /// methods are the expression's method with its confidence.
    pub(crate) value_calibration: Calibration,
    /// The counts of each document, in file-name order (for k-fold reports).
    pub(crate) documents: Vec<DocumentCounts>,
}

/// One document's counts, from which any group of documents is scored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct DocumentCounts {
    /// File name of the document.
    pub(crate) name: String,
    /// Gold time expressions (creation time excluded).
    pub(crate) n_gold: usize,
    /// Expressions `find_dates` returned (creation time excluded).
    pub(crate) n_system: usize,
    /// Relaxed (overlap) matches.
    pub(crate) relaxed: usize,
    /// Of those, with the gold value.
    pub(crate) value_correct: usize,
}

impl TempEvalScore {
    /// The value score on `k` folds of the documents (split by a hash of the file
    /// name, see [`crate::folds`]), each fold's counts pooled as the whole set's are.
    pub fn folds(&self, k: usize) -> FoldReport {
        FoldReport::new(
            &self.documents,
            k,
            |d| d.name.as_str(),
            |group| {
                let sum = |f: fn(&DocumentCounts) -> usize| group.iter().map(|d| f(d)).sum();
                let value = Prf::new(
                    sum(|d| d.value_correct),
                    sum(|d| d.n_system),
                    sum(|d| d.n_gold),
                );
                FoldScore {
                    n_items: group.len(),
                    precision: value.precision,
                    recall: value.recall,
                    f1: value.f1,
                }
            },
        )
    }

    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "TempEval-3: {} documents, {} gold time expressions, {} found\n",
            self.n_documents, self.n_gold, self.n_system
        );
        let line = |name: &str, p: &Prf| {
            format!(
                "  {name:<16} P {:5.1}  R {:5.1}  F1 {:5.1}\n",
                100.0 * p.precision,
                100.0 * p.recall,
                100.0 * p.f1
            )
        };
        out += &line("extent strict", &self.strict);
        out += &line("extent relaxed", &self.relaxed);
        out += &line("value", &self.value);
        out += &format!(
            "  value accuracy on matched expressions: {:.1}%\n",
            100.0 * self.value_accuracy
        );
        for (kind, c) in &self.by_type {
            out += &format!(
                "  {kind:<9} gold {:4}  found {:5.1}%  value right {:5.1}%\n",
                c.gold,
                100.0 * ratio(c.found, c.gold),
                100.0 * ratio(c.value_correct, c.gold)
            );
        }
        out += &format!(
            "  speed: {:.1} MB/s, {:.0} words/s ({} bytes in {:.3} s)",
            self.mb_per_second, self.words_per_second, self.n_bytes, self.seconds
        );
        out += "\n\n";
        out += &self.value_calibration.table();
        if self.n_skipped > 0 {
            out += &format!(
                "\n  {} documents skipped (no text or no creation time)",
                self.n_skipped
            );
        }
        out
    }
}

/// What kind of disagreement a [`Mismatch`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MismatchKind {
    /// A gold expression no system expression overlaps.
    Missed,
    /// A system expression no gold expression overlaps.
    Spurious,
    /// Overlapping spans, different values.
    Value,
    /// The same value, but the spans differ (a strict-extent error only).
    Extent,
}

/// One disagreement with the gold standard, for looking at errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    /// What went wrong.
    pub kind: MismatchKind,
    /// The gold TIMEX3 type (DATE, TIME, DURATION, SET); `-` for a spurious expression.
    pub gold_type: String,
    /// File name of the document (its fold is [`crate::folds::fold_of`]).
    pub document: String,
    /// The document creation time used as anchor.
    pub anchor: String,
    /// Gold expression and value, when there is one.
    pub gold: Option<(String, String)>,
    /// System expression and value, when there is one.
    pub system: Option<(String, String)>,
    /// A few words around the expression.
    pub context: String,
}

/// A gold TIMEX3 in the stripped text.
#[derive(Debug, Clone, PartialEq)]
struct GoldTimex {
    start: usize,
    end: usize,
    value: String,
    kind: String,
    creation_time: bool,
}

/// One parsed TimeML document.
#[derive(Debug, Clone, PartialEq)]
struct Document {
    name: String,
    text: String,
    anchor: NaiveDate,
    gold: Vec<GoldTimex>,
}

/// Scores [`find_dates`] on every `.tml` file under `dir`.
pub fn evaluate_tempeval(dir: &Path) -> Result<TempEvalScore> {
    Ok(run(dir)?.0)
}

/// Lists every disagreement with the gold standard under `dir`: missed, spurious and
/// wrongly valued expressions.
pub fn tempeval_mismatches(dir: &Path) -> Result<Vec<Mismatch>> {
    Ok(run(dir)?.1)
}

fn run(dir: &Path) -> Result<(TempEvalScore, Vec<Mismatch>)> {
    let mut paths = Vec::new();
    collect_tml(dir, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err(TempEvalError::NoDocuments(dir.to_path_buf()));
    }
    let mut seen = BTreeSet::new();
    let mut docs = Vec::new();
    let mut n_skipped = 0;
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !seen.insert(name.clone()) {
            continue;
        }
        let raw = std::fs::read_to_string(&path).map_err(|source| TempEvalError::Io {
            path: path.clone(),
            source,
        })?;
        match parse_document(name, &raw) {
            Some(doc) => docs.push(doc),
            None => n_skipped += 1,
        }
    }

    let mut elapsed = Duration::ZERO;
    let mut n_bytes = 0;
    let mut n_words = 0;
    let (mut n_gold, mut n_system, mut strict, mut relaxed, mut value_correct) = (0, 0, 0, 0, 0);
    let mut by_type: BTreeMap<String, TypeCounts> = BTreeMap::new();
    let mut mismatches = Vec::new();
    let mut documents = Vec::with_capacity(docs.len());
    let mut calibration = Calibration::new(
        "normalised dates, TempEval-3 (expressions matching a gold one; value right)",
    );
    for doc in &docs {
        let started = Instant::now();
        let found = find_dates(&doc.text, Some(doc.anchor));
        elapsed += started.elapsed();
        n_bytes += doc.text.len();
        n_words += doc.text.split_whitespace().count();

        // A creation time inside the text is neither gold nor a false positive.
        let dcts: Vec<&GoldTimex> = doc.gold.iter().filter(|g| g.creation_time).collect();
        let system: Vec<&TimeExpr> = found
            .iter()
            .filter(|e| {
                !dcts
                    .iter()
                    .any(|g| overlaps(g.start, g.end, e.start, e.end))
            })
            .collect();
        let gold: Vec<&GoldTimex> = doc.gold.iter().filter(|g| !g.creation_time).collect();
        n_gold += gold.len();
        n_system += system.len();
        for g in &gold {
            by_type.entry(g.kind.clone()).or_default().gold += 1;
        }

        let pairs = match_overlapping(&gold, &system);
        let mut counts_of_doc = DocumentCounts {
            name: doc.name.clone(),
            n_gold: gold.len(),
            n_system: system.len(),
            relaxed: pairs.len(),
            value_correct: 0,
        };
        let mut gold_matched = vec![false; gold.len()];
        let mut system_matched = vec![false; system.len()];
        for &(gi, si) in &pairs {
            let (g, s) = (gold[gi], system[si]);
            gold_matched[gi] = true;
            system_matched[si] = true;
            relaxed += 1;
            if g.start == s.start && g.end == s.end {
                strict += 1;
            }
            let counts = by_type.entry(g.kind.clone()).or_default();
            counts.found += 1;
            calibration.add(
                s.confidence,
                &format!("{} {:.2}", s.method, s.confidence),
                s.value.as_deref() == Some(g.value.as_str()),
            );
            if s.value.as_deref() == Some(g.value.as_str()) {
                value_correct += 1;
                counts.value_correct += 1;
                counts_of_doc.value_correct += 1;
                if g.start != s.start || g.end != s.end {
                    mismatches.push(mismatch(MismatchKind::Extent, doc, Some(g), Some(s)));
                }
            } else {
                mismatches.push(mismatch(MismatchKind::Value, doc, Some(g), Some(s)));
            }
        }
        for (gi, g) in gold.iter().enumerate() {
            if !gold_matched[gi] {
                mismatches.push(mismatch(MismatchKind::Missed, doc, Some(g), None));
            }
        }
        for (si, s) in system.iter().enumerate() {
            if !system_matched[si] {
                mismatches.push(mismatch(MismatchKind::Spurious, doc, None, Some(s)));
            }
        }
        documents.push(counts_of_doc);
    }

    let seconds = elapsed.as_secs_f64();
    let per_second = |n: usize| {
        if seconds > 0.0 {
            n as f64 / seconds
        } else {
            0.0
        }
    };
    let score = TempEvalScore {
        n_documents: docs.len(),
        n_skipped,
        n_gold,
        n_system,
        strict: Prf::new(strict, n_system, n_gold),
        relaxed: Prf::new(relaxed, n_system, n_gold),
        value_accuracy: ratio(value_correct, relaxed),
        value: Prf::new(value_correct, n_system, n_gold),
        by_type,
        n_bytes,
        n_words,
        seconds,
        mb_per_second: per_second(n_bytes) / 1e6,
        words_per_second: per_second(n_words),
        value_calibration: calibration,
        documents,
    };
    Ok((score, mismatches))
}

fn collect_tml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| TempEvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| TempEvalError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.is_dir() {
            collect_tml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            out.push(path);
        }
    }
    Ok(())
}

fn overlaps(a_start: usize, a_end: usize, b_start: usize, b_end: usize) -> bool {
    a_start < b_end && b_start < a_end
}

/// Pairs gold and system expressions whose spans overlap, one to one, in text order.
fn match_overlapping(gold: &[&GoldTimex], system: &[&TimeExpr]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut used = vec![false; system.len()];
    for (gi, g) in gold.iter().enumerate() {
        // Prefer the exact span, then the first overlapping one.
        let exact = system
            .iter()
            .enumerate()
            .find(|(si, s)| !used[*si] && s.start == g.start && s.end == g.end);
        let any = || {
            system
                .iter()
                .enumerate()
                .find(|(si, s)| !used[*si] && overlaps(g.start, g.end, s.start, s.end))
        };
        if let Some((si, _)) = exact.or_else(any) {
            used[si] = true;
            pairs.push((gi, si));
        }
    }
    pairs
}

fn mismatch(
    kind: MismatchKind,
    doc: &Document,
    gold: Option<&GoldTimex>,
    system: Option<&TimeExpr>,
) -> Mismatch {
    let (start, end) = match (gold, system) {
        (Some(g), _) => (g.start, g.end),
        (None, Some(s)) => (s.start, s.end),
        (None, None) => (0, 0),
    };
    let from = floor_boundary(&doc.text, start.saturating_sub(60));
    let to = floor_boundary(&doc.text, (end + 60).min(doc.text.len()));
    Mismatch {
        kind,
        gold_type: gold.map_or_else(|| "-".to_string(), |g| g.kind.clone()),
        document: doc.name.clone(),
        anchor: doc.anchor.to_string(),
        gold: gold.map(|g| (doc.text[g.start..g.end].to_string(), g.value.clone())),
        system: system.map(|s| {
            (
                s.text.clone(),
                s.value.clone().unwrap_or_else(|| "-".to_string()),
            )
        }),
        context: doc.text[from..to]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn floor_boundary(text: &str, mut idx: usize) -> usize {
    while idx > 0 && !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

/// Reads one TimeML document: its creation time and the stripped `<TEXT>` with gold spans.
fn parse_document(name: String, raw: &str) -> Option<Document> {
    let dct = find_creation_time(raw)?;
    let body_start = raw.find("<TEXT>")? + "<TEXT>".len();
    let body_end = raw[body_start..]
        .find("</TEXT>")
        .map_or(raw.len(), |i| body_start + i);
    let (text, gold) = strip_tags(&raw[body_start..body_end]);
    Some(Document {
        name,
        text,
        anchor: dct,
        gold,
    })
}

/// The date of the `TIMEX3` marked as creation time.
fn find_creation_time(raw: &str) -> Option<NaiveDate> {
    let mut rest = raw;
    while let Some(at) = rest.find("<TIMEX3") {
        let tag_end = rest[at..].find('>')? + at;
        let tag = &rest[at..tag_end];
        if attribute(tag, "functionInDocument") == Some("CREATION_TIME") {
            let value = attribute(tag, "value")?;
            return NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok();
        }
        rest = &rest[tag_end..];
    }
    None
}

/// Removes the markup, decoding entities, and records each TIMEX3's span in the result.
fn strip_tags(body: &str) -> (String, Vec<GoldTimex>) {
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<GoldTimex> = None;
    let mut rest = body;
    while let Some(lt) = rest.find(['<', '&']) {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('&') {
            let entities = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&apos;", '\''),
            ];
            match entities.iter().find(|(e, _)| rest.starts_with(e)) {
                Some((e, c)) => {
                    text.push(*c);
                    rest = &rest[e.len()..];
                }
                None => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        if let Some(attrs) = tag.strip_prefix("TIMEX3") {
            open = Some(GoldTimex {
                start: text.len(),
                end: text.len(),
                value: attribute(attrs, "value").unwrap_or("").to_string(),
                kind: attribute(attrs, "type").unwrap_or("").to_string(),
                creation_time: attribute(attrs, "functionInDocument") == Some("CREATION_TIME"),
            });
        } else if tag == "/TIMEX3" {
            if let Some(mut g) = open.take() {
                g.end = text.len();
                gold.push(g);
            }
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(rest);
    (text, gold)
}

/// The value of attribute `name` in a tag's text.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let after = &rest[at + name.len()..];
        let boundary_before = at == 0 || rest.as_bytes()[at - 1].is_ascii_whitespace();
        if boundary_before {
            if let Some(quoted) = after.trim_start().strip_prefix('=') {
                let quoted = quoted.trim_start();
                let quote = quoted.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let inner = &quoted[1..];
                    return inner.find(quote).map(|end| &inner[..end]);
                }
            }
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" temporalFunction="false" functionInDocument="CREATION_TIME">02/06/1998</TIMEX3></DCT>
<TEXT>
Officials <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-05">Thursday</TIMEX3> &amp; talked for <TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3>. They will meet again <TIMEX3 tid="t3" type="DATE" value="1998-W07">next week</TIMEX3>.
</TEXT>
</TimeML>"#;

    #[test]
    fn strips_tags_and_keeps_gold_offsets() {
        let doc = parse_document("x.tml".into(), DOC).unwrap();
        assert_eq!(doc.anchor, NaiveDate::from_ymd_opt(1998, 2, 6).unwrap());
        assert!(doc.text.contains("Officials met Thursday & talked"));
        let spans: Vec<(&str, &str)> = doc
            .gold
            .iter()
            .map(|g| (&doc.text[g.start..g.end], g.value.as_str()))
            .collect();
        assert_eq!(
            spans,
            vec![
                ("Thursday", "1998-02-05"),
                ("three hours", "PT3H"),
                ("next week", "1998-W07")
            ]
        );
    }

    #[test]
    fn reads_attributes() {
        let tag = r#"TIMEX3 tid="t1" type="DATE" value="1998-02-05" anchorTimeID="t0""#;
        assert_eq!(attribute(tag, "value"), Some("1998-02-05"));
        assert_eq!(attribute(tag, "type"), Some("DATE"));
        assert_eq!(attribute(tag, "tid"), Some("t1"));
        assert_eq!(attribute(tag, "functionInDocument"), None);
    }

    #[test]
    fn scores_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.tml"), DOC).unwrap();
        let score = evaluate_tempeval(dir.path()).unwrap();
        assert_eq!(score.n_documents, 1);
        assert_eq!(score.n_gold, 3);
        assert_eq!(score.relaxed.recall, 1.0);
        assert_eq!(score.value.f1, 1.0);
        assert!(score.summary().contains("value"));
        assert_eq!(score.documents.len(), 1);
        assert_eq!(score.documents[0].value_correct, 3);
        let folds = score.folds(2);
        let pooled: usize = folds.folds.iter().map(|f| f.n_items).sum();
        assert_eq!(pooled, 1);
        assert!(folds.folds.iter().any(|f| f.f1 == 1.0));
    }

    #[test]
    fn lists_each_kind_of_mismatch_with_its_gold_type() {
        // Gold "three hours" without the "about" the system keeps (extent), a
        // wrong value for "Thursday" (the gold says a week earlier), a missed
        // "the weekend" and a spurious "now".
        let doc = DOC
            .replace(
                "talked for <TIMEX3 tid=\"t2\"",
                "talked for about <TIMEX3 tid=\"t2\"",
            )
            .replace("1998-02-05\">Thursday", "1998-01-29\">Thursday")
            .replace(
                "next week</TIMEX3>.",
                "next week</TIMEX3> and <TIMEX3 tid=\"t4\" type=\"DATE\" value=\"1998-W07-WE\">later</TIMEX3>, now.",
            );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.tml"), doc).unwrap();
        let mut found: Vec<(MismatchKind, String)> = tempeval_mismatches(dir.path())
            .unwrap()
            .into_iter()
            .map(|m| (m.kind, m.gold_type))
            .collect();
        found.sort();
        let expected = [
            (MismatchKind::Missed, "DATE"),
            (MismatchKind::Spurious, "-"),
            (MismatchKind::Value, "DATE"),
            (MismatchKind::Extent, "DURATION"),
        ];
        let expected: Vec<(MismatchKind, String)> =
            expected.iter().map(|(k, t)| (*k, t.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn an_empty_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            evaluate_tempeval(dir.path()),
            Err(TempEvalError::NoDocuments(_))
        ));
    }
}
