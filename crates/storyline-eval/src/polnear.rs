//! Scores quote and attribution finding on PolNeAR (brat standoff attributions in
//! political news: source, cue and content, linked by a relation).
//!
//! A split folder holds `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann`;
//! `metadata.tsv` (in the split folder or beside it) names the annotator whose
//! file is the split's gold, the publisher and the publication date (the anchor
//! for dates). Brat offsets count characters; they are turned into byte offsets.
//!
//! Each text runs through the annotate stage as it stands (no extraction: the
//! gold offsets point into the raw text), then through the corpus entity linking
//! so speakers carry corpus names. Every system quote, direct, mixed or
//! indirect, is a candidate content span. Scores:
//!
//! * **quoted statements** and **all statements**, the field's measure (as in
//!   PARC and Scheible et al. 2016): partial credit by span overlap. Each gold
//!   content earns the share of its bytes that its best system quote covers;
//!   each system quote the share of its bytes inside its best gold content.
//!   "Quoted" is gold content with quotation marks (wholly quoted or mixed with
//!   paraphrase) against system quotes of kind `direct` or `mixed`; "all" is
//!   every gold content against every system quote. Any-overlap P/R are given
//!   beside. Spans are compared trimmed as for the exact score below. A system
//!   statement its attribution interrupts is scored on its quoted parts
//!   (`Quote::parts`), not on the attribution between them.
//!
//! [`evaluate_polnear_folds`] cuts a split into folds by a hash of document
//! names, so one fold can be tuned on and the others read as held out.
//! * **content, exact**: a system quote is right when, trimmed of white space,
//!   quotation marks, edge punctuation and a leading "that", it equals a gold
//!   content fragment so trimmed; a gold attribution is found when each of its
//!   fragments is.
//! * **content, overlap**: a system quote is right when it overlaps a gold
//!   content span; a gold attribution is found when some system quote overlaps it.
//! * **content, bytes**: the share of system quote bytes inside gold content, and
//!   of gold content bytes inside system quotes.
//! * **cue**: the cue verb of each attributed quote, located as the nearest
//!   occurrence of its first word in the quote's sentences (quotes carry the cue
//!   as text, not as a span), against gold cue spans by overlap.
//! * **source**: for each gold attribution with a source whose content a system
//!   quote overlaps (the one overlapping most), the speaker is right when the
//!   speaker span overlaps the gold source, or the gold source text names the
//!   speaker (its full name or surname). A gold pronoun source is only matched
//!   by span: the gold does not say whom it refers to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use storyline_annotate::fold;
use storyline_annotate::word_tokens;
use storyline_model::{content_hash, Article, Doc, MetaSource, Quote, QuoteKind, Sourced, Span};

use crate::calibration::Calibration;
use crate::measure::{ratio, Meter, PartScore, Prf, Throughput};

/// Why the evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum PolnearError {
    /// A folder or file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The folder holds no text with an attribution file.
    #[error("no PolNeAR documents (text/*.txt with attributions/*.ann) under {0}")]
    NoDocuments(PathBuf),
}

/// Result alias for this module.
pub type Result<T, E = PolnearError> = std::result::Result<T, E>;

/// Whether `dir` is a PolNeAR split (`text/` and `attributions/`) or holds such splits.
pub fn is_polnear_dir(dir: &Path) -> bool {
    !splits(dir).is_empty()
}

fn is_split(dir: &Path) -> bool {
    dir.join("text").is_dir() && dir.join("attributions").is_dir()
}

/// The splits under `dir`: `dir` itself when it is one, else its sub-folders
/// that are (`dev`, `train`), sorted.
pub fn splits(dir: &Path) -> Vec<PathBuf> {
    if is_split(dir) {
        return vec![dir.to_path_buf()];
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_split(p))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Source accuracy on gold attributions whose content a system quote found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct SourceScore {
    /// Gold attributions with a source whose content some system quote overlaps.
    pub(crate) n_matched: usize,
    /// Of those, with the right speaker.
    pub(crate) right: usize,
    /// Of those, where the system quote had no speaker.
    pub(crate) unattributed: usize,
    /// `right / n_matched`.
    pub(crate) accuracy: f64,
    /// Of `n_matched`, gold sources that name someone ("Sen. Ted Cruz", "Trump’s
    /// campaign"), not a pronoun or a description ("he", "the commission"). A
    /// pronoun or description may refer to the person the system names, which
    /// this scorer cannot check, so accuracy on named sources is the clean figure.
    pub(crate) n_named: usize,
    /// Of `n_named`, with the right speaker.
    pub(crate) right_named: usize,
    /// `right_named / n_named`.
    pub(crate) accuracy_named: f64,
}

/// PolNeAR scores of one split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolnearScore {
    /// Always `polnear`.
    pub(crate) kind: &'static str,
    /// The split folder scored.
    pub(crate) dataset: String,
    /// Documents scored.
    pub(crate) n_documents: usize,
    /// Gold attributions with a content span.
    pub(crate) n_gold: usize,
    /// System quotes (direct and indirect).
    pub(crate) n_system: usize,
    /// System quotes with quotation marks (direct or mixed).
    pub(crate) n_system_direct: usize,
    /// Content spans matched exactly (after trimming).
    pub(crate) content_exact: PartScore,
    /// Content spans matched by overlap.
    pub(crate) content_overlap: PartScore,
    /// Content bytes: precision and recall by byte overlap.
    pub(crate) content_bytes: Prf,
    /// Overlap recall on gold content opening with a quotation mark (`"`, `“` or
    /// the `''` some outlets write): (found, gold).
    pub(crate) recall_quoted: (usize, usize),
    /// Overlap recall on the other gold content (reported speech): (found, gold).
    pub(crate) recall_reported: (usize, usize),
    /// Cue spans by overlap.
    pub(crate) cue: PartScore,
    /// Speaker accuracy given a matched content span.
    pub(crate) source: SourceScore,
    /// Quoted statements, scored as the field does (partial credit): gold
    /// contents with quotation marks (wholly quoted or mixed with paraphrase)
    /// against system quotes of kind `direct` or `mixed`.
    pub(crate) direct: Proportional,
    /// Every attribution, scored with partial credit: all gold contents against
    /// all system quotes.
    pub(crate) all: Proportional,
    /// Gold attributions by kind of content: (direct, mixed, indirect).
    pub(crate) gold_kinds: (usize, usize, usize),
    /// Speaker accuracy given a matched content, on gold contents with
    /// quotation marks: (right, matched).
    pub(crate) source_direct: (usize, usize),
    /// Speaker accuracy per confidence band, on attributed quotes matching a
    /// gold attribution whose source names someone (the cleanly checkable ones).
    pub(crate) speaker_calibration: Calibration,
    /// The annotate stage's speed on these texts.
    pub(crate) throughput: Throughput,
}

impl PolnearScore {
    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "PolNeAR ({}): {} documents, {} gold attributions, {} system quotes ({} direct)\n",
            self.dataset, self.n_documents, self.n_gold, self.n_system, self.n_system_direct
        );
        out += &format!("{}\n", self.content_exact.line("content exact"));
        out += &format!("{}\n", self.content_overlap.line("content overlap"));
        out += &format!(
            "  {:<18} P {:5.1}  R {:5.1}  F1 {:5.1}\n",
            "content bytes",
            100.0 * self.content_bytes.precision,
            100.0 * self.content_bytes.recall,
            100.0 * self.content_bytes.f1
        );
        out += &format!(
            "  overlap recall: quoted content {:.1}% ({}/{}), reported speech {:.1}% ({}/{})\n",
            100.0 * ratio(self.recall_quoted.0, self.recall_quoted.1),
            self.recall_quoted.0,
            self.recall_quoted.1,
            100.0 * ratio(self.recall_reported.0, self.recall_reported.1),
            self.recall_reported.0,
            self.recall_reported.1
        );
        out += &format!("{}\n", self.direct.line("quoted statements"));
        out += &format!("{}\n", self.all.line("all statements"));
        out += &format!(
            "  gold kinds: {} direct, {} mixed, {} indirect; source accuracy on quoted statements {:.1}% ({}/{})\n",
            self.gold_kinds.0,
            self.gold_kinds.1,
            self.gold_kinds.2,
            100.0 * ratio(self.source_direct.0, self.source_direct.1),
            self.source_direct.0,
            self.source_direct.1
        );
        out += &format!("{}\n", self.cue.line("cue"));
        out += &format!(
            "  source accuracy given matched content: {:.1}% ({}/{}; {} unattributed); on named sources {:.1}% ({}/{})\n",
            100.0 * self.source.accuracy,
            self.source.right,
            self.source.n_matched,
            self.source.unattributed,
            100.0 * self.source.accuracy_named,
            self.source.right_named,
            self.source.n_named
        );
        out += &self.throughput.line("annotate");
        out += "\n";
        out += &self.speaker_calibration.table();
        out
    }
}

/// Content spans scored with partial credit, as in the attribution literature
/// (Pareti's PARC, Scheible et al. 2016): each gold content earns the share of
/// its bytes that the system quote overlapping it most covers, and each system
/// quote the share of its bytes inside the gold content it overlaps most. Spans
/// are compared trimmed of white space, quotation marks, edge punctuation and a
/// leading "that", so marks and commas neither earn nor cost credit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct Proportional {
    /// Gold contents.
    pub(crate) n_gold: usize,
    /// System quotes.
    pub(crate) n_system: usize,
    /// Gold contents some system quote overlaps at all.
    pub(crate) gold_touched: usize,
    /// System quotes overlapping some gold content at all.
    pub(crate) system_touched: usize,
    /// Partial-credit precision, recall and F1.
    pub(crate) score: Prf,
    /// Precision and recall when any overlap counts as a match.
    pub(crate) any_overlap: Prf,
    #[serde(skip)]
    gold_credit: f64,
    #[serde(skip)]
    system_credit: f64,
}

impl Proportional {
    fn add_gold(&mut self, credit: f64) {
        self.n_gold += 1;
        self.gold_credit += credit;
        self.gold_touched += usize::from(credit > 0.0);
    }

    fn add_system(&mut self, credit: f64) {
        self.n_system += 1;
        self.system_credit += credit;
        self.system_touched += usize::from(credit > 0.0);
    }

    fn finish(mut self) -> Self {
        let prf = |precision: f64, recall: f64| Prf {
            precision,
            recall,
            f1: if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            },
        };
        let share = |a: f64, b: usize| if b == 0 { 0.0 } else { a / b as f64 };
        self.score = prf(
            share(self.system_credit, self.n_system),
            share(self.gold_credit, self.n_gold),
        );
        self.any_overlap = prf(
            ratio(self.system_touched, self.n_system),
            ratio(self.gold_touched, self.n_gold),
        );
        self
    }

    /// One terminal line.
    pub(crate) fn line(&self, name: &str) -> String {
        format!(
            "  {name:<18} P {:5.1}  R {:5.1}  F1 {:5.1}   partial credit; any overlap P {:5.1}  R {:5.1}  (gold {}, system {})",
            100.0 * self.score.precision,
            100.0 * self.score.recall,
            100.0 * self.score.f1,
            100.0 * self.any_overlap.precision,
            100.0 * self.any_overlap.recall,
            self.n_gold,
            self.n_system
        )
    }
}

/// One disagreement with the gold, for looking at errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// Document name.
    pub(crate) document: String,
    /// `missed-content`, `spurious-quote`, `wrong-source`, `unattributed`,
    /// `missed-cue`, `spurious-cue`, or for quoted statements matched only in
    /// part, `partial-content` (under 80% of the gold covered) and
    /// `overlong-quote` (under 80% of the system quote inside the gold).
    pub(crate) kind: &'static str,
    /// The gold span's text (content, source or cue), when there is one.
    pub(crate) gold: Option<String>,
    /// The system's text (quote, speaker or cue), when there is one.
    pub(crate) system: Option<String>,
    /// More: the gold cue, the system's attribution method, the gold source.
    pub(crate) detail: String,
    /// The sentence(s) around.
    pub(crate) context: String,
}

/// Scores the annotate stage on one PolNeAR split folder.
pub fn evaluate_polnear(split: &Path) -> Result<PolnearScore> {
    Ok(run(split, None)?.0)
}

/// One fold of a split: the documents whose name hashes to `index` among `count`
/// folds. Folds depend only on document names, so a fold tuned on stays the same
/// between runs and the others stay held out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// Which fold, from 0.
    pub index: usize,
    /// How many folds the split is cut into.
    pub count: usize,
}

impl Fold {
    /// Whether the document named `name` belongs to this fold.
    pub(crate) fn holds(&self, name: &str) -> bool {
        fold_of(name, self.count) == self.index
    }
}

/// The fold a document name falls in among `count` (FNV-1a over the name's bytes).
pub(crate) fn fold_of(name: &str, count: usize) -> usize {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % count.max(1) as u64) as usize
}

/// Scores each of `count` folds of one split separately: tune on one, report
/// the others as held out.
pub fn evaluate_polnear_folds(split: &Path, count: usize) -> Result<Vec<PolnearScore>> {
    (0..count.max(1))
        .map(|index| {
            Ok(run(
                split,
                Some(Fold {
                    index,
                    count: count.max(1),
                }),
            )?
            .0)
        })
        .collect()
}

/// Lists every disagreement with the gold on one split, or on one fold of it.
pub fn polnear_disagreements(split: &Path, fold: Option<Fold>) -> Result<Vec<Disagreement>> {
    Ok(run(split, fold)?.1)
}

/// One gold attribution: fragments of content, cue and source, as byte spans.
#[derive(Debug, Clone, Default, PartialEq)]
struct GoldAttribution {
    content: Vec<Span>,
    cue: Vec<Span>,
    source: Vec<Span>,
}

/// What `metadata.tsv` says about one text.
#[derive(Debug, Clone, Default)]
struct Meta {
    annotators: String,
    publisher: Option<String>,
    published: Option<NaiveDate>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> PolnearError + '_ {
    move |source| PolnearError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn read_metadata(split: &Path) -> BTreeMap<String, Meta> {
    let candidates = [
        split.join("metadata.tsv"),
        split
            .parent()
            .map(|p| p.join("metadata.tsv"))
            .unwrap_or_default(),
    ];
    let Some(raw) = candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
    else {
        return BTreeMap::new();
    };
    let mut lines = raw.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(file), annotators, publisher, published) = (
        column("filename"),
        column("annotators"),
        column("publisher"),
        column("publication_date"),
    ) else {
        return BTreeMap::new();
    };
    let split_name = split.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let compartment = column("compartment");
    let mut out = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).copied().unwrap_or("");
        // A text may sit in several compartments; the split's own row wins.
        let own = cell(compartment) == split_name;
        let name = cell(Some(file)).to_string();
        if out.contains_key(&name) && !own {
            continue;
        }
        out.insert(
            name,
            Meta {
                annotators: cell(annotators).to_string(),
                publisher: Some(cell(publisher).to_string()).filter(|p| !p.is_empty()),
                published: NaiveDate::parse_from_str(cell(published), "%Y-%m-%d").ok(),
            },
        );
    }
    out
}

/// Pairs each text with the gold annotation file chosen for it.
fn documents(split: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    let attributions = split.join("attributions");
    let mut by_text: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    for entry in std::fs::read_dir(&attributions).map_err(io_error(&attributions))? {
        let path = entry.map_err(io_error(&attributions))?.path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".ann"))
        else {
            continue;
        };
        let (name, annotator) = stem.rsplit_once('_').unwrap_or((stem, ""));
        by_text
            .entry(name.to_string())
            .or_default()
            .push((annotator.to_string(), path));
    }
    let metadata = read_metadata(split);
    let mut out = Vec::new();
    for (name, mut files) in by_text {
        let text = split.join("text").join(format!("{name}.txt"));
        if !text.is_file() {
            continue;
        }
        files.sort();
        let chosen = metadata
            .get(&name)
            .and_then(|m| files.iter().find(|(a, _)| *a == m.annotators))
            .unwrap_or(&files[0]);
        out.push((name, text, chosen.1.clone()));
    }
    Ok(out)
}

/// Byte offset of every char index (and of the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// Reads the relations of a brat `.ann` file into attributions with byte spans.
fn parse_ann(ann: &str, text: &str) -> Vec<GoldAttribution> {
    let bytes = char_to_byte(text);
    let mut spans: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
    let mut relations = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, ranges)) = body.split_once(' ') else {
                continue;
            };
            let fragments: Vec<Span> = ranges
                .split(';')
                .filter_map(|r| {
                    let (s, e) = r.trim().split_once(' ')?;
                    let (s, e): (usize, usize) = (s.parse().ok()?, e.parse().ok()?);
                    Some(Span::new(*bytes.get(s)?, *bytes.get(e)?))
                })
                .filter(|s| s.start < s.end)
                .collect();
            spans.insert(id, fragments);
        } else if id.starts_with('E') {
            relations.push(body);
        }
    }
    let mut out = Vec::new();
    for relation in relations {
        let mut gold = GoldAttribution::default();
        for role in relation.split_whitespace() {
            let Some((name, target)) = role.split_once(':') else {
                continue;
            };
            let fragments = spans.get(target).cloned().unwrap_or_default();
            match name.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => gold.content.extend(fragments),
                "Cue" => gold.cue.extend(fragments),
                "Source" => gold.source.extend(fragments),
                _ => {}
            }
        }
        if !gold.content.is_empty() {
            gold.content.sort();
            out.push(gold);
        }
    }
    out
}

const QUOTE_MARKS: &[char] = &['"', '“', '”', '\'', '‘', '’'];

/// The span trimmed of white space, quotation marks, edge punctuation and a leading "that".
fn core(text: &str, span: Span) -> Span {
    let is_edge = |c: char| {
        c.is_whitespace()
            || QUOTE_MARKS.contains(&c)
            || matches!(c, ',' | '.' | ';' | ':' | '—' | '–')
    };
    let trim = |span: Span| {
        let piece = &text[span.start..span.end];
        let start = span.start + (piece.len() - piece.trim_start_matches(is_edge).len());
        let end = span.start + piece.trim_end_matches(is_edge).len();
        Span::new(start, end.max(start))
    };
    let trimmed = trim(span);
    let piece = &text[trimmed.start..trimmed.end];
    match piece.get(..5) {
        Some(head) if head.eq_ignore_ascii_case("that ") => {
            trim(Span::new(trimmed.start + 5, trimmed.end))
        }
        _ => trimmed,
    }
}

/// Whether gold content is wholly quoted (`Direct`), partly quoted (`Mixed`) or
/// reported without quotation marks (`Indirect`). Single quotes count only when
/// they open a word, so apostrophes ("don’t") do not make speech quoted.
fn gold_kind(text: &str, content: &[Span]) -> QuoteKind {
    let mut n_marks = 0;
    let mut wholly = true;
    for fragment in content {
        let piece = text[fragment.start..fragment.end].trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '—' | '–' | '?' | '!')
        });
        let marks = piece
            .char_indices()
            .filter(|&(i, c)| {
                matches!(c, '"' | '“' | '”')
                    || (c == '\'' && piece[i + 1..].starts_with('\''))
                    || (c == '‘'
                        && piece[..i]
                            .chars()
                            .next_back()
                            .is_none_or(|p| !p.is_alphanumeric()))
            })
            .count();
        n_marks += marks;
        let opens = piece.starts_with(['"', '“', '‘']) || piece.starts_with("''");
        let closes = piece.ends_with(['"', '”', '’']) || piece.ends_with("''");
        wholly &= opens && closes;
    }
    match (n_marks, wholly) {
        (0, _) => QuoteKind::Indirect,
        (_, true) => QuoteKind::Direct,
        _ => QuoteKind::Mixed,
    }
}

/// The share of the bytes of `covered` (spans of one statement) that `by` covers.
fn covered_share(covered: &[Span], by: &[Span]) -> f64 {
    let total: usize = covered.iter().map(|s| s.end.saturating_sub(s.start)).sum();
    if total == 0 {
        return 0.0;
    }
    intersection_len(covered, by) as f64 / total as f64
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Total length of the union of spans.
fn union_len(spans: &mut [Span]) -> usize {
    spans.sort();
    let (mut total, mut reach) = (0, 0);
    for s in spans.iter() {
        let start = s.start.max(reach);
        if s.end > start {
            total += s.end - start;
        }
        reach = reach.max(s.end);
    }
    total
}

/// Bytes where two unions of spans overlap.
fn intersection_len(a: &[Span], b: &[Span]) -> usize {
    let mut cut: Vec<Span> = a
        .iter()
        .flat_map(|x| {
            b.iter()
                .filter(|y| overlap(*x, **y) > 0)
                .map(move |y| Span::new(x.start.max(y.start), x.end.min(y.end)))
        })
        .collect();
    union_len(&mut cut)
}

/// Where the cue verb of `quote` stands: the nearest occurrence of the cue's first
/// word outside the quote, in the quote's sentences (or one sentence either side).
fn cue_span(doc: &Doc, quote: &Quote) -> Option<Span> {
    let verb = quote.cue.as_deref()?.split_whitespace().next()?;
    let text = doc.text();
    let first = doc
        .sentence_at(quote.start.saturating_sub(1))
        .or(doc.sentence_at(quote.start))?;
    let last = doc
        .sentence_at(quote.end.saturating_sub(1))
        .unwrap_or(first);
    let span = Span::new(quote.start, quote.end);
    let distance = |t: Span| {
        if t.end <= span.start {
            span.start - t.end
        } else {
            t.start.saturating_sub(span.end)
        }
    };
    for widen in 0..=1 {
        let from = doc.sentences[first.saturating_sub(widen)].start;
        let to = doc.sentences[(last + widen).min(doc.sentences.len() - 1)].end;
        let best = word_tokens(text, Span::new(from, to))
            .into_iter()
            .map(|t| Span::new(t.start(), t.end()))
            .filter(|t| overlap(*t, span) == 0 && &text[t.start..t.end] == verb)
            .min_by_key(|t| distance(*t));
        if best.is_some() {
            return best;
        }
    }
    None
}

/// Whether the speaker of `quote` is the gold source.
fn source_right(text: &str, quote: &Quote, gold_source: &[Span]) -> bool {
    if quote
        .speaker_span
        .is_some_and(|s| gold_source.iter().any(|g| overlap(s, *g) > 0 || s == *g))
    {
        return true;
    }
    let Some(speaker) = quote.speaker.as_deref().map(fold) else {
        return false;
    };
    let source: Vec<String> = gold_source
        .iter()
        .map(|g| fold(&text[g.start..g.end]))
        .collect();
    let words: BTreeSet<&str> = source
        .iter()
        .flat_map(|s| s.split(|c: char| !c.is_alphanumeric()))
        .collect();
    let surname = speaker.split(' ').next_back().unwrap_or("");
    source.iter().any(|s| s.contains(&speaker)) || (surname.len() > 2 && words.contains(surname))
}

/// Capitalised words that open a description or stand for someone, not names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "This",
    "That",
    "These",
    "Those",
    "Some",
    "Many",
    "One",
    "Two",
    "Both",
    "Other",
    "Another",
    "Most",
    "Several",
    "Officials",
    "Sources",
    "According",
];

/// Whether a gold source names someone: a capitalised word that is not a
/// determiner or pronoun ("Sen. Ted Cruz", "Trump’s campaign"; not "he", "The agency").
fn names_someone(source: &str) -> bool {
    source
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .any(|w| w.chars().next().is_some_and(char::is_uppercase) && !NOT_NAMES.contains(&w))
}

fn context(text: &str, span: Span) -> String {
    let mut from = span.start.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (span.end + 80).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn joined(text: &str, spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect::<Vec<_>>()
        .join(" … ")
}

/// Running counts over the documents of a split.
#[derive(Debug, Default)]
struct Tally {
    n_gold: usize,
    n_system: usize,
    n_system_direct: usize,
    exact_found: usize,
    exact_correct: usize,
    overlap_found: usize,
    overlap_correct: usize,
    system_bytes: usize,
    gold_bytes: usize,
    shared_bytes: usize,
    quoted: (usize, usize),
    reported: (usize, usize),
    n_gold_cues: usize,
    gold_cues_found: usize,
    n_system_cues: usize,
    system_cues_right: usize,
    source: SourceScore,
    direct: Proportional,
    all: Proportional,
    gold_kinds: (usize, usize, usize),
    source_direct: (usize, usize),
    calibration: Option<Calibration>,
}

fn run(split: &Path, fold: Option<Fold>) -> Result<(PolnearScore, Vec<Disagreement>)> {
    let mut listed = documents(split)?;
    if listed.is_empty() {
        return Err(PolnearError::NoDocuments(split.to_path_buf()));
    }
    if let Some(fold) = fold {
        listed.retain(|(name, _, _)| fold.holds(name));
    }
    let metadata = read_metadata(split);
    let mut meter = Meter::default();
    let mut docs = Vec::with_capacity(listed.len());
    let mut golds = Vec::with_capacity(listed.len());
    for (name, text_path, ann_path) in &listed {
        let text = std::fs::read_to_string(text_path).map_err(io_error(text_path))?;
        let ann = std::fs::read_to_string(ann_path).map_err(io_error(ann_path))?;
        golds.push(parse_ann(&ann, &text));
        let meta = metadata.get(name).cloned().unwrap_or_default();
        let article = Article {
            outlet: meta.publisher.map(|p| Sourced::new(p, MetaSource::Given)),
            published: meta.published.map(|d| Sourced::new(d, MetaSource::Given)),
            ..Article::new(content_hash(text.as_bytes()), name.clone(), text)
        };
        docs.push(meter.annotate(article));
    }
    let entities = storyline_analyse::link_entities(&docs);
    storyline_analyse::canonical_speakers(&mut docs, &entities);

    let mut tally = Tally {
        calibration: Some(Calibration::new(format!(
            "quote speakers, PolNeAR {}{} (attributed quotes on gold attributions naming their source)",
            split.file_name().and_then(|n| n.to_str()).unwrap_or("split"),
            fold.map(|f| format!(" fold {}/{}", f.index + 1, f.count))
                .unwrap_or_default()
        ))),
        ..Tally::default()
    };
    let mut errors = Vec::new();
    for (doc, gold) in docs.iter().zip(&golds) {
        score_document(doc, gold, &mut tally, &mut errors);
    }
    let t = &tally;
    let content_bytes =
        PartScore::new(t.gold_bytes, t.shared_bytes, t.system_bytes, t.shared_bytes).score;
    let mut source = t.source;
    source.accuracy = ratio(source.right, source.n_matched);
    source.accuracy_named = ratio(source.right_named, source.n_named);
    let score = PolnearScore {
        kind: "polnear",
        dataset: match fold {
            Some(fold) => format!("{} fold {}/{}", split.display(), fold.index + 1, fold.count),
            None => split.display().to_string(),
        },
        n_documents: docs.len(),
        n_gold: t.n_gold,
        n_system: t.n_system,
        n_system_direct: t.n_system_direct,
        content_exact: PartScore::new(t.n_gold, t.exact_found, t.n_system, t.exact_correct),
        content_overlap: PartScore::new(t.n_gold, t.overlap_found, t.n_system, t.overlap_correct),
        content_bytes,
        recall_quoted: t.quoted,
        recall_reported: t.reported,
        cue: PartScore::new(
            t.n_gold_cues,
            t.gold_cues_found,
            t.n_system_cues,
            t.system_cues_right,
        ),
        source,
        direct: t.direct.finish(),
        all: t.all.finish(),
        gold_kinds: t.gold_kinds,
        source_direct: t.source_direct,
        speaker_calibration: tally
            .calibration
            .clone()
            .unwrap_or_else(|| Calibration::new("")),
        throughput: meter.throughput(),
    };
    Ok((score, errors))
}

fn score_document(
    doc: &Doc,
    gold: &[GoldAttribution],
    tally: &mut Tally,
    errors: &mut Vec<Disagreement>,
) {
    let text = doc.text();
    let name = &doc.article.source;
    let system: Vec<Span> = doc
        .quotes
        .iter()
        .map(|q| Span::new(q.start, q.end))
        .collect();
    let system_core: Vec<Span> = system.iter().map(|s| core(text, *s)).collect();
    // A statement its attribution interrupts is scored on its quoted pieces,
    // not on the attribution between them.
    let system_parts: Vec<Vec<Span>> = doc
        .quotes
        .iter()
        .zip(&system_core)
        .map(|(q, whole)| {
            if q.parts.is_empty() {
                vec![*whole]
            } else {
                q.parts.iter().map(|p| core(text, *p)).collect()
            }
        })
        .collect();
    tally.n_gold += gold.len();
    tally.n_system += system.len();
    tally.n_system_direct += doc
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Indirect)
        .count();

    let gold_content: Vec<Span> = gold
        .iter()
        .flat_map(|g| g.content.iter().copied())
        .collect();
    let gold_core: BTreeSet<Span> = gold_content.iter().map(|s| core(text, *s)).collect();

    // Content: exact and overlap, system side.
    for (i, quote) in doc.quotes.iter().enumerate() {
        let exact = gold_core.contains(&system_core[i]);
        let overlapping = gold_content.iter().any(|g| overlap(*g, system[i]) > 0);
        tally.exact_correct += usize::from(exact);
        tally.overlap_correct += usize::from(overlapping);
        if !overlapping {
            errors.push(Disagreement {
                document: name.clone(),
                kind: "spurious-quote",
                gold: None,
                system: Some(quote.text.clone()),
                detail: format!(
                    "{:?} quote, cue {}, speaker {}",
                    quote.kind,
                    quote.cue.as_deref().unwrap_or("-"),
                    quote.speaker.as_deref().unwrap_or("-")
                ),
                context: context(text, system[i]),
            });
        }
    }
    // Content bytes.
    let mut system_union = system.clone();
    let mut gold_union = gold_content.clone();
    tally.system_bytes += union_len(&mut system_union);
    tally.gold_bytes += union_len(&mut gold_union);
    tally.shared_bytes += intersection_len(&system, &gold_content);

    // Partial credit, for quoted statements and for all.
    let gold_cores: Vec<Vec<Span>> = gold
        .iter()
        .map(|g| g.content.iter().map(|f| core(text, *f)).collect())
        .collect();
    let gold_kinds: Vec<QuoteKind> = gold.iter().map(|g| gold_kind(text, &g.content)).collect();
    let is_quoted = |kind: QuoteKind| kind != QuoteKind::Indirect;
    for (cores, kind) in gold_cores.iter().zip(&gold_kinds) {
        match kind {
            QuoteKind::Direct => tally.gold_kinds.0 += 1,
            QuoteKind::Mixed => tally.gold_kinds.1 += 1,
            QuoteKind::Indirect => tally.gold_kinds.2 += 1,
        }
        let best = |quoted_only: bool| {
            doc.quotes
                .iter()
                .zip(&system_parts)
                .filter(|(q, _)| !quoted_only || is_quoted(q.kind))
                .map(|(q, s)| (covered_share(cores, s), q))
                .max_by(|a, b| a.0.total_cmp(&b.0))
        };
        tally.all.add_gold(best(false).map_or(0.0, |b| b.0));
        if is_quoted(*kind) {
            let found = best(true);
            let credit = found.map_or(0.0, |b| b.0);
            tally.direct.add_gold(credit);
            if credit > 0.0 && credit < 0.8 {
                // What all quoted statements together cover tells a statement
                // split in two from one taken in part.
                let quoted: Vec<Span> = doc
                    .quotes
                    .iter()
                    .zip(&system_parts)
                    .filter(|(q, _)| is_quoted(q.kind))
                    .flat_map(|(_, s)| s.iter().copied())
                    .collect();
                let (method, system_kind) = found.map_or(("-", QuoteKind::Direct), |(_, q)| {
                    (q.method.as_str(), q.kind)
                });
                errors.push(Disagreement {
                    document: name.clone(),
                    kind: "partial-content",
                    gold: Some(joined(text, cores)),
                    system: found.map(|(_, q)| q.text.clone()),
                    detail: format!(
                        "{kind:?} gold, {credit:.2} covered, {:.2} by all quoted statements; {system_kind:?} quote by {method}",
                        covered_share(cores, &quoted)
                    ),
                    context: context(text, cores[0]),
                });
            }
        }
    }
    for ((quote, parts), s) in doc.quotes.iter().zip(&system_parts).zip(&system_core) {
        let credit = |quoted_only: bool| {
            gold_cores
                .iter()
                .zip(&gold_kinds)
                .filter(|(_, kind)| !quoted_only || is_quoted(**kind))
                .map(|(cores, _)| covered_share(parts, cores))
                .fold(0.0, f64::max)
        };
        let credit = credit(false);
        tally.all.add_system(credit);
        if is_quoted(quote.kind) {
            // A quoted system statement is right where it lies in any gold
            // content: the gold may call a statement indirect whose quoted part
            // the system kept.
            tally.direct.add_system(credit);
            if credit > 0.0 && credit < 0.8 {
                errors.push(Disagreement {
                    document: name.clone(),
                    kind: "overlong-quote",
                    gold: None,
                    system: Some(quote.text.clone()),
                    detail: format!("{:?} quote, {credit:.2} inside gold", quote.kind),
                    context: context(text, *s),
                });
            }
        }
    }

    // Content, gold side; and sources given a matched content.
    for (g, kind) in gold.iter().zip(&gold_kinds) {
        let opening = text[g.content[0].start..g.content[0].end].trim_start();
        let quoted = opening.starts_with(['"', '“']) || opening.starts_with("''");
        let exact = g
            .content
            .iter()
            .all(|f| system_core.contains(&core(text, *f)));
        let best = doc
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let shared: usize = g.content.iter().map(|f| overlap(*f, system[i])).sum();
                (shared, q)
            })
            .filter(|(shared, _)| *shared > 0)
            .max_by_key(|(shared, q)| (*shared, std::cmp::Reverse(q.start)))
            .map(|(_, q)| q);
        tally.exact_found += usize::from(exact);
        tally.overlap_found += usize::from(best.is_some());
        let bucket = if quoted {
            &mut tally.quoted
        } else {
            &mut tally.reported
        };
        bucket.1 += 1;
        bucket.0 += usize::from(best.is_some());
        let gold_cue = joined(text, &g.cue);
        let gold_source = joined(text, &g.source);
        let Some(quote) = best else {
            errors.push(Disagreement {
                document: name.clone(),
                kind: "missed-content",
                gold: Some(joined(text, &g.content)),
                system: None,
                detail: format!("{kind:?} gold, cue “{gold_cue}”, source “{gold_source}”"),
                context: context(text, g.content[0]),
            });
            continue;
        };
        if g.source.is_empty() {
            continue;
        }
        tally.source.n_matched += 1;
        let named = g
            .source
            .iter()
            .any(|f| names_someone(&text[f.start..f.end]));
        tally.source.n_named += usize::from(named);
        let right = source_right(text, quote, &g.source);
        if is_quoted(*kind) {
            tally.source_direct.1 += 1;
            tally.source_direct.0 += usize::from(right);
        }
        if let (true, Some(_), Some(calibration)) =
            (named, quote.speaker.as_ref(), tally.calibration.as_mut())
        {
            calibration.add(
                quote.confidence,
                &format!("{} {:.2}", quote.method, quote.confidence),
                right,
            );
        }
        if right {
            tally.source.right += 1;
            tally.source.right_named += usize::from(named);
            continue;
        }
        let unattributed = quote.speaker.is_none();
        tally.source.unattributed += usize::from(unattributed);
        errors.push(Disagreement {
            document: name.clone(),
            kind: if unattributed {
                "unattributed"
            } else {
                "wrong-source"
            },
            gold: Some(gold_source),
            system: quote.speaker.as_ref().map(|s| s.to_string()),
            detail: format!(
                "{:?} quote, method {}, system cue {}, gold cue “{gold_cue}”, speaker span “{}”",
                quote.kind,
                quote.method,
                quote.cue.as_deref().unwrap_or("-"),
                quote
                    .speaker_span
                    .map(|s| &text[s.start..s.end])
                    .unwrap_or("-")
            ),
            context: context(text, Span::new(quote.start, quote.end)),
        });
    }

    // Cues.
    let gold_cues: Vec<&[Span]> = gold
        .iter()
        .map(|g| g.cue.as_slice())
        .filter(|c| !c.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let system_cues: BTreeSet<Span> = doc.quotes.iter().filter_map(|q| cue_span(doc, q)).collect();
    tally.n_gold_cues += gold_cues.len();
    tally.n_system_cues += system_cues.len();
    for cue in &gold_cues {
        if system_cues
            .iter()
            .any(|s| cue.iter().any(|g| overlap(*g, *s) > 0))
        {
            tally.gold_cues_found += 1;
        } else {
            errors.push(Disagreement {
                document: name.clone(),
                kind: "missed-cue",
                gold: Some(joined(text, cue)),
                system: None,
                detail: String::new(),
                context: context(text, cue[0]),
            });
        }
    }
    for s in &system_cues {
        if gold_cues
            .iter()
            .any(|cue| cue.iter().any(|g| overlap(*g, *s) > 0))
        {
            tally.system_cues_right += 1;
        } else {
            errors.push(Disagreement {
                document: name.clone(),
                kind: "spurious-cue",
                gold: None,
                system: Some(text[s.start..s.end].to_string()),
                detail: String::new(),
                context: context(text, *s),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Talks “ended badly,” Brandt’s aide said.\n\n\
        Ostranan Prime Minister Teo Brandt said the border would stay open. “We are not afraid,” he told reporters.\n";

    /// Character offsets of `needle` in TEXT, as brat writes them.
    fn chars(needle: &str) -> String {
        let at = TEXT.find(needle).unwrap();
        let start = TEXT[..at].chars().count();
        format!("{} {}", start, start + needle.chars().count())
    }

    fn ann() -> String {
        [
            format!("T1\tContent {}\t", chars("the border would stay open")),
            format!("T2\tCue {}\tsaid", chars("said the border")),
            format!(
                "T3\tSource {}\tx",
                chars("Ostranan Prime Minister Teo Brandt")
            ),
            format!("T4\tContent {}\tx", chars("“We are not afraid,”")),
            format!("T5\tCue {}\ttold", chars("told")),
            format!("T6\tSource {}\the", chars("he told")),
            "E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3".to_string(),
            "E2\tAttribution:T5 Content:T4 Cue:T5 Source:T6".to_string(),
        ]
        .join("\n")
    }

    #[test]
    fn brat_character_offsets_become_byte_spans() {
        let gold = parse_ann(&ann(), TEXT);
        assert_eq!(gold.len(), 2);
        let content = gold[1].content[0];
        assert_eq!(&TEXT[content.start..content.end], "“We are not afraid,”");
        let source = gold[0].source[0];
        assert_eq!(
            &TEXT[source.start..source.end],
            "Ostranan Prime Minister Teo Brandt"
        );
    }

    #[test]
    fn core_trims_marks_punctuation_and_that() {
        let text = "“that we are not afraid,” ";
        assert_eq!(
            core(text, Span::new(0, text.len())).slice(text),
            "we are not afraid"
        );
    }

    #[test]
    fn scores_a_split() {
        let dir = tempfile::tempdir().unwrap();
        let split = dir.path().join("dev");
        std::fs::create_dir_all(split.join("text")).unwrap();
        std::fs::create_dir_all(split.join("attributions")).unwrap();
        std::fs::write(split.join("text/doc-one.txt"), TEXT).unwrap();
        std::fs::write(split.join("attributions/doc-one_ab12.ann"), ann()).unwrap();
        assert!(is_polnear_dir(dir.path()));
        assert_eq!(splits(dir.path()), vec![split.clone()]);
        let score = evaluate_polnear(&split).unwrap();
        assert_eq!(score.n_documents, 1);
        assert_eq!(score.n_gold, 2);
        // Both contents are found by overlap; the direct one exactly.
        assert_eq!(score.content_overlap.gold_found, 2);
        assert!(score.content_exact.gold_found >= 1);
        assert_eq!(score.source.n_matched, 2);
        assert_eq!(score.source.right, 2);
        assert_eq!((score.source.right_named, score.source.n_named), (1, 1));
        assert!(score.cue.gold_found >= 1);
        assert!(score.summary().contains("source accuracy"));
        let errors = polnear_disagreements(&split, None).unwrap();
        // The first paragraph's quote has no gold attribution here.
        assert!(errors.iter().any(|e| e.kind == "spurious-quote"));
    }

    #[test]
    fn named_sources_are_told_from_pronouns_and_descriptions() {
        assert!(names_someone("Sen. Ted Cruz"));
        assert!(names_someone("Trump’s campaign manager"));
        assert!(!names_someone("he"));
        assert!(!names_someone("The agency"));
        assert!(!names_someone("two senior officials"));
    }

    #[test]
    fn gold_content_kinds() {
        let text =
            "“We stay.” He said the talks were “constructive” and calm. He said they don’t stay.";
        let span = |needle: &str| {
            let at = text.find(needle).unwrap();
            vec![Span::new(at, at + needle.len())]
        };
        assert_eq!(gold_kind(text, &span("“We stay.”")), QuoteKind::Direct);
        assert_eq!(
            gold_kind(text, &span("the talks were “constructive” and calm")),
            QuoteKind::Mixed
        );
        assert_eq!(
            gold_kind(text, &span("they don’t stay")),
            QuoteKind::Indirect
        );
    }

    #[test]
    fn partial_credit_is_the_covered_share() {
        let gold = [Span::new(0, 10), Span::new(20, 30)];
        assert_eq!(covered_share(&gold, &[Span::new(5, 25)]), 0.5);
        assert_eq!(covered_share(&[Span::new(0, 10)], &gold), 1.0);
        let mut score = Proportional::default();
        score.add_gold(0.5);
        score.add_gold(0.0);
        score.add_system(1.0);
        let score = score.finish();
        assert_eq!((score.score.precision, score.score.recall), (1.0, 0.25));
        assert_eq!(score.any_overlap.recall, 0.5);
    }

    #[test]
    fn union_and_intersection_lengths() {
        let mut a = vec![Span::new(0, 10), Span::new(5, 15), Span::new(20, 25)];
        assert_eq!(union_len(&mut a), 20);
        assert_eq!(intersection_len(&a, &[Span::new(8, 22)]), 9);
    }
}
