//! Per-story timelines: the dates the coverage points at, each with its best sentence.
//!
//! Date selection follows DATEWISE (Ghalandari and Ifrim 2020, "Examining the state
//! of the art in news timeline summarization"): a date matters when much of the
//! coverage points at it. Each date referred to (day, month or year) gets a
//! [salience](Candidate::salience) from the independent sources published that day,
//! the sources that refer back to it later (a reference from a later article counts
//! most: the story kept mattering), those that refer to it ahead of time, and the
//! sentences that name it. A story keeps the dates that stand out against its
//! average day: salience at least [`THRESHOLD`] times the story's salience per day
//! of its span, so the length follows the story's size and span. A small story
//! keeps every date (at most [`MAX_SMALL_STORY_DATES`]); dates outside the
//! story's span (background, or announced dates ahead) and whole months or years
//! need twice as much, so background comes in only where the coverage keeps
//! referring to it. [`TimelineOptions::max_dates`] asks for a length instead.
//!
//! Each kept date is told by its most central sentence (cosine to the TF-IDF
//! centroid of the sentences about that date, with the ledes of the day's articles
//! for a day nobody names), skipping quotes, page furniture and sentences too short
//! or too long to say what happened; a second sentence from another article joins
//! it when it says something the first does not.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use storyline_annotate::content_terms;
use storyline_model::{Citation, Doc, Event, Period, QuoteKind, Span, Story, TimelineEntry};

use crate::sources::SourceIndex;

/// Days before a story's first article beyond which a date is background.
const BACKGROUND_DAYS: i64 = 180;

/// A kept date's salience is at least this many times the story's mean salience
/// per day of its span. Tuned on the Timeline17 development topics (README: 0.6
/// tuned on haiti_bbc, 0.4 on IraqWar_guardian; the mean of the two).
pub const THRESHOLD: f64 = 0.5;

/// No date with less salience than this is kept by the threshold (one article
/// published that day and one sentence naming it is 1.5).
const SALIENCE_FLOOR: f64 = 2.0;

/// Stories of at most this many articles keep every date they refer to, up to
/// [`MAX_SMALL_STORY_DATES`].
const SMALL_STORY: usize = 8;

/// Most dates a small story keeps, the most salient first: a few articles name a
/// few dozen dates; a run-on list of thousands is no timeline.
pub const MAX_SMALL_STORY_DATES: usize = 64;

/// Days around the first and last publication date still inside the story's span.
const SPAN_MARGIN_DAYS: i64 = 3;

/// A month or a year outside the story's span makes an entry only when at least
/// one in this many of the story's sources refers to it.
const COARSE_SHARE: usize = 4;

/// At most this many month or year entries per story (small stories excepted).
const MAX_COARSE: usize = 2;

/// Weight of a reference made ahead of the date (an announced vote), against one
/// made after it (a reference back).
const EARLIER_WEIGHT: f64 = 0.5;

/// Weight of each sentence naming the date.
const SENTENCE_WEIGHT: f64 = 0.5;

/// Words in a sentence fit to tell a date.
const MIN_WORDS: usize = 6;
const MAX_WORDS: usize = 45;

/// How a story's timeline is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TimelineOptions {
    /// Keep this many dates per story (the most salient) instead of the length
    /// the data suggests.
    pub max_dates: Option<usize>,
    /// The multiple of the story's mean salience per day a date must reach to be
    /// kept when no length is asked for; [`THRESHOLD`] when `None`.
    pub threshold: Option<f64>,
}

/// Ties between equally salient dates go to years, then months, then days,
/// each in calendar order.
fn coarse_first(period: Period) -> (u8, Period) {
    let rank = match period {
        Period::Year(_) => 0,
        Period::Month(..) => 1,
        Period::Day(_) => 2,
    };
    (rank, period)
}

/// One sentence of a story's document: (index into the story's docs, sentence index).
type SentenceRef = (usize, usize);

/// What the coverage says about one date of a story.
#[derive(Debug, Default)]
struct Coverage {
    /// Sentences referring to the date, each once, in the order met.
    sentences: Vec<SentenceRef>,
    /// Sources of articles published after the period that refer to it.
    later: HashSet<usize>,
    /// Sources of articles published before it (or undated) that refer to it.
    earlier: HashSet<usize>,
    /// Sources of articles published within it that refer to it.
    within: HashSet<usize>,
}

/// A date of a story with its salience, before selection.
#[derive(Debug)]
pub struct Candidate {
    /// The date.
    pub period: Period,
    /// How much the coverage points at the date.
    pub salience: f64,
    /// Independent sources referring to the date.
    pub referring_sources: usize,
}

/// Builds each story's timeline: the dates that stand out (see the module
/// documentation), one entry per date, ordered by story then date.
pub fn timeline(
    docs: &[Doc],
    events: &[Event],
    stories: &[Story],
    sources: &SourceIndex,
    options: TimelineOptions,
) -> Vec<TimelineEntry> {
    let by_id: HashMap<&str, &Doc> = docs.iter().map(|d| (d.article.id.as_str(), d)).collect();
    let event_by_id: HashMap<&str, &Event> = events.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut entries = Vec::new();
    for story in stories {
        let story_docs: Vec<&Doc> = story
            .events
            .iter()
            .filter_map(|id| event_by_id.get(id.as_str()))
            .flat_map(|e| e.articles.iter())
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        entries.extend(story_timeline(&story.id, &story_docs, sources, options));
    }
    entries
}

/// The timeline of one story told by `docs` (any set of articles taken as one
/// story), in date order. Entries carry `story` as their story id and no
/// `reported_by` (the caller groups `sources`).
pub fn story_timeline(
    story: &str,
    docs: &[&Doc],
    sources: &SourceIndex,
    options: TimelineOptions,
) -> Vec<TimelineEntry> {
    let Some(scored) = score_dates(docs, sources) else {
        return Vec::new();
    };
    let selected = select(&scored, docs.len(), options);
    let mut writer = Writer::new(docs, &scored, &selected);
    let mut entries: Vec<TimelineEntry> = selected
        .iter()
        .map(|&i| writer.entry(story, &scored, i))
        .collect();
    entries.sort_by_key(|e| e.date);
    entries
}

/// Dates of a story with their coverage and salience.
struct Scored {
    /// Independent sources among the story's articles.
    n_sources: usize,
    candidates: Vec<Candidate>,
    coverage: Vec<Coverage>,
    /// Articles published on each candidate day (indices into the story's docs).
    published: Vec<Vec<usize>>,
    /// First and last publication date of the story's articles.
    span: Option<(NaiveDate, NaiveDate)>,
}

fn source_of(sources: &SourceIndex, docs: &[&Doc], i: usize) -> usize {
    // Unknown articles are sources of their own, numbered past any index root.
    sources
        .source_key(&docs[i].article.id)
        .unwrap_or(usize::MAX - i)
}

/// Counts, per date, what points at it and computes its salience.
fn score_dates(docs: &[&Doc], sources: &SourceIndex) -> Option<Scored> {
    let mut index: HashMap<Period, usize> = HashMap::new();
    let mut coverage: Vec<Coverage> = Vec::new();
    let mut periods: Vec<Period> = Vec::new();
    let mut seen: HashSet<(usize, SentenceRef)> = HashSet::new();
    let mut slot = |period: Period, coverage: &mut Vec<Coverage>, periods: &mut Vec<Period>| {
        *index.entry(period).or_insert_with(|| {
            coverage.push(Coverage::default());
            periods.push(period);
            coverage.len() - 1
        })
    };
    let mut published_on: HashMap<usize, (HashSet<usize>, Vec<usize>)> = HashMap::new();
    // Distinct dates each sentence counts for, up to MAX_DATES_PER_SENTENCE.
    let mut dates_in: HashMap<SentenceRef, usize> = HashMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let published = doc.article.published_date();
        let source = source_of(sources, docs, i);
        if let Some(day) = published {
            let at = slot(Period::Day(day), &mut coverage, &mut periods);
            let (srcs, articles) = published_on.entry(at).or_default();
            srcs.insert(source);
            articles.push(i);
        }
        for date in &doc.dates {
            let Some(period) = date
                .value
                .as_deref()
                .and_then(|v| Period::from_value(v, date.granularity))
            else {
                continue;
            };
            let Some(sentence) = doc.sentence_at(date.start) else {
                continue;
            };
            let counted = dates_in.entry((i, sentence)).or_insert(0);
            if *counted >= MAX_DATES_PER_SENTENCE {
                continue;
            }
            let at = slot(period, &mut coverage, &mut periods);
            if !seen.insert((at, (i, sentence))) {
                continue;
            }
            *counted += 1;
            let cov = &mut coverage[at];
            cov.sentences.push((i, sentence));
            match published {
                Some(p) if p > period.last_day() => {
                    cov.later.insert(source);
                }
                Some(p) if p >= period.first_day() => {
                    cov.within.insert(source);
                }
                _ => {
                    cov.earlier.insert(source);
                }
            }
        }
    }
    if periods.is_empty() {
        return None;
    }
    let mut published = vec![Vec::new(); periods.len()];
    let mut published_sources = vec![0usize; periods.len()];
    for (at, (srcs, articles)) in published_on {
        published_sources[at] = srcs.len();
        published[at] = articles;
    }
    let candidates = periods
        .iter()
        .zip(&coverage)
        .zip(&published_sources)
        .map(|((&period, cov), &n_published)| {
            // A source referring back and forth counts once, as a later reference.
            let earlier = cov.earlier.difference(&cov.later).count();
            let referring: HashSet<&usize> = cov
                .later
                .iter()
                .chain(&cov.earlier)
                .chain(&cov.within)
                .collect();
            Candidate {
                period,
                referring_sources: referring.len(),
                salience: n_published as f64
                    + cov.later.len() as f64
                    + EARLIER_WEIGHT * earlier as f64
                    + SENTENCE_WEIGHT * cov.sentences.len() as f64,
            }
        })
        .collect();
    let n_sources = (0..docs.len())
        .map(|i| source_of(sources, docs, i))
        .collect::<HashSet<usize>>()
        .len();
    let mut days = docs.iter().filter_map(|d| d.article.published_date());
    let span = days
        .next()
        .map(|first| days.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))));
    Some(Scored {
        n_sources,
        candidates,
        coverage,
        published,
        span,
    })
}

/// Indices of the candidates kept, most salient first.
fn select(scored: &Scored, n_docs: usize, options: TimelineOptions) -> Vec<usize> {
    let cands = &scored.candidates;
    let margin = chrono::Duration::days(SPAN_MARGIN_DAYS);
    let inside = |p: Period| match scored.span {
        Some((first, last)) => p.last_day() >= first - margin && p.first_day() <= last + margin,
        None => true,
    };
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&a, &b| {
        cands[b]
            .salience
            .total_cmp(&cands[a].salience)
            .then(coarse_first(cands[a].period).cmp(&coarse_first(cands[b].period)))
    });
    if n_docs <= SMALL_STORY && options.max_dates.is_none() {
        order.truncate(MAX_SMALL_STORY_DATES);
        return order;
    }
    // A month or a year says less than a day: one within the story's span never
    // makes an entry, one outside it (a war years before) only when a large share
    // of the sources keeps referring to it, and then only the few most referred to.
    let coarse_ok =
        |c: &Candidate| !inside(c.period) && c.referring_sources * COARSE_SHARE >= scored.n_sources;
    let mut n_coarse = 0;
    let mut eligible = |i: &usize| {
        let c = &cands[*i];
        if matches!(c.period, Period::Day(_)) {
            return true;
        }
        let ok = coarse_ok(c) && n_coarse < MAX_COARSE;
        n_coarse += usize::from(ok);
        ok
    };
    if let Some(n) = options.max_dates {
        return order.into_iter().filter(|i| eligible(i)).take(n).collect();
    }
    let span_days = scored
        .span
        .map_or(1, |(first, last)| (last - first).num_days() + 1)
        .max(1);
    let total: f64 = cands
        .iter()
        .filter(|c| matches!(c.period, Period::Day(_)) && inside(c.period))
        .map(|c| c.salience)
        .sum();
    let multiple = options.threshold.unwrap_or(THRESHOLD);
    let threshold = (multiple * total / span_days as f64).max(SALIENCE_FLOOR);
    order
        .into_iter()
        .filter(|&i| {
            let need = match cands[i].period {
                Period::Day(_) if inside(cands[i].period) => threshold,
                _ => 2.0 * threshold,
            };
            cands[i].salience >= need
        })
        .filter(|i| eligible(i))
        .collect()
}

/// Interned TF-IDF sentence vectors, sparse and sorted by term id.
type Vector = Vec<(u32, f64)>;

fn dot(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Chooses and writes the sentences of the kept dates.
struct Writer<'d> {
    docs: &'d [&'d Doc],
    /// Vector of each candidate sentence of a kept date.
    vectors: HashMap<SentenceRef, Vector>,
    /// Sentences already telling a date.
    used: HashSet<SentenceRef>,
}

impl<'d> Writer<'d> {
    /// Vectors for every sentence that may tell a kept date, weighted by the
    /// inverse of how many of those sentences use the term.
    fn new(docs: &'d [&'d Doc], scored: &Scored, selected: &[usize]) -> Writer<'d> {
        let mut terms: HashMap<SentenceRef, Vec<u32>> = HashMap::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        for &i in selected {
            for s in pool(docs, scored, i) {
                terms.entry(s).or_insert_with(|| {
                    let span = docs[s.0].sentences[s.1];
                    let mut list: Vec<u32> = content_terms(span.slice(docs[s.0].text()))
                        .into_iter()
                        .map(|t| {
                            let next = ids.len() as u32;
                            *ids.entry(t).or_insert(next)
                        })
                        .collect();
                    list.sort_unstable();
                    list
                });
            }
        }
        let mut df = vec![0usize; ids.len()];
        for list in terms.values() {
            let mut prev = None;
            for &t in list {
                if prev != Some(t) {
                    df[t as usize] += 1;
                }
                prev = Some(t);
            }
        }
        let n = terms.len().max(1) as f64;
        let vectors = terms
            .into_iter()
            .map(|(s, list)| {
                let mut v: Vector = Vec::with_capacity(list.len());
                for t in list {
                    let idf = (n / df[t as usize] as f64).ln() + 1.0;
                    match v.last_mut() {
                        Some((last, w)) if *last == t => *w += idf,
                        _ => v.push((t, idf)),
                    }
                }
                let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|(_, w)| *w /= norm);
                }
                (s, v)
            })
            .collect();
        Writer {
            docs,
            vectors,
            used: HashSet::new(),
        }
    }

    /// The entry of date `i`. Call in order of salience: a sentence already
    /// telling a more salient date tells another only when nothing else can.
    fn entry(&mut self, story: &str, scored: &Scored, i: usize) -> TimelineEntry {
        let docs = self.docs;
        let candidate = &scored.candidates[i];
        let cite = |(d, s): SentenceRef| {
            let span = docs[d].sentences[s];
            let text = docs[d].text();
            Citation::new(
                &docs[d].article.id,
                text,
                span.start,
                capped_end(text, span),
            )
        };
        let summary: Vec<SentenceRef> = self.best_sentences(scored, i);
        self.used.extend(summary.iter().copied());
        let citations: Vec<Citation> = scored.coverage[i]
            .sentences
            .iter()
            .map(|&s| cite(s))
            .collect();
        let summary: Vec<Citation> = summary.into_iter().map(cite).collect();
        let sources: Vec<String> = citations
            .iter()
            .chain(&summary)
            .map(|c| c.article.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let text = summary
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let background = scored.span.is_some_and(|(first, _)| {
            (first - candidate.period.last_day()).num_days() > BACKGROUND_DAYS
        });
        TimelineEntry {
            date: candidate.period,
            text,
            sources,
            citations,
            story: story.to_string(),
            background,
            reported_by: Vec::new(),
            salience: candidate.salience as f32,
            summary,
        }
    }

    /// The one or two sentences that best tell what happened on the date.
    fn best_sentences(&self, scored: &Scored, i: usize) -> Vec<SentenceRef> {
        let docs = self.docs;
        let pool: Vec<SentenceRef> = pool(docs, scored, i);
        let empty = Vector::new();
        let vector = |s: &SentenceRef| self.vectors.get(s).unwrap_or(&empty);
        let mut centroid: HashMap<u32, f64> = HashMap::new();
        for s in &pool {
            for &(t, w) in vector(s) {
                *centroid.entry(t).or_default() += w;
            }
        }
        let mut centroid: Vector = centroid.into_iter().collect();
        centroid.sort_unstable_by_key(|(t, _)| *t);
        let norm = centroid.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        let period = scored.candidates[i].period;
        let score = |s: &SentenceRef| {
            let central = if norm > 0.0 {
                dot(vector(s), &centroid) / norm
            } else {
                0.0
            };
            // The day's own report, or the next day's, tells it first-hand.
            let fresh = docs[s.0].article.published_date().is_some_and(|p| {
                let days = (p - period.last_day()).num_days();
                (0..=1).contains(&days)
            });
            let fit = if fit_to_tell(docs[s.0], docs[s.0].sentences[s.1]) {
                0.0
            } else {
                -1.0
            };
            let used = if self.used.contains(s) { -2.0 } else { 0.0 };
            central + if fresh { 0.05 } else { 0.0 } + fit + used
        };
        let mut ranked: Vec<(f64, SentenceRef)> = pool.iter().map(|s| (score(s), *s)).collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let Some(&(best_score, best)) = ranked.first() else {
            return Vec::new();
        };
        let mut chosen = vec![best];
        if ranked.len() >= 3 && best_score > 0.0 {
            if let Some(&(_, second)) = ranked.iter().skip(1).find(|(score, s)| {
                s.0 != best.0 && *score >= 0.8 * best_score && dot(vector(s), vector(&best)) < 0.3
            }) {
                chosen.push(second);
            }
        }
        chosen
    }
}

/// The sentences that may tell date `i`: those referring to it, and for a day
/// the first sentence of each article published that day; each once.
fn pool(docs: &[&Doc], scored: &Scored, i: usize) -> Vec<SentenceRef> {
    let mut seen: HashSet<SentenceRef> = HashSet::new();
    let referring = scored.coverage[i].sentences.iter().copied();
    let ledes = scored.published[i]
        .iter()
        .filter(|&&d| !docs[d].sentences.is_empty())
        .map(|&d| (d, 0));
    referring.chain(ledes).filter(|s| seen.insert(*s)).collect()
}

/// Whether a sentence can tell what happened: neither too short nor too long,
/// not mostly a quotation, not page furniture.
fn fit_to_tell(doc: &Doc, span: Span) -> bool {
    let text = span.slice(doc.text());
    // Counted up to one past the limit, so a run-on page costs no more than a sentence.
    let words = text.split_whitespace().take(MAX_WORDS + 1).count();
    if !(MIN_WORDS..=MAX_WORDS).contains(&words) {
        return false;
    }
    let trimmed = text.trim_start();
    if ["“", "\"", "``", "''", "'", "‘", "-"]
        .iter()
        .any(|q| trimmed.starts_with(q))
    {
        return false;
    }
    // A time code or list number left in front ("1851 Dominican ...") or a
    // sentence that introduces something else ("... wrote :") tells nothing itself.
    let first_word = trimmed.split_whitespace().next().unwrap_or("");
    if first_word.chars().all(|c| c.is_ascii_digit()) || text.trim_end().ends_with(':') {
        return false;
    }
    let lower = text.to_lowercase();
    if [
        "http",
        "www.",
        "@",
        "click",
        "copyright",
        "all rights reserved",
        "subscribe",
        " wrote :",
        " wrote:",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return false;
    }
    let first = doc.quotes.partition_point(|q| q.end <= span.start);
    let quoted: usize = doc.quotes[first..]
        .iter()
        .take_while(|q| q.start < span.end)
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| q.end.min(span.end).saturating_sub(q.start.max(span.start)))
        .sum();
    quoted * 2 < span.end - span.start
}

/// Most distinct dates one sentence refers to in a timeline: the first this
/// many it names count, later ones in the same sentence do not. Every date a
/// sentence counts for cites it, so a run-on list of hundreds of dates would
/// otherwise be copied into hundreds of entries (the analysis of such an
/// article grew to 12 times its text). News sentences name one to three dates.
pub const MAX_DATES_PER_SENTENCE: usize = storyline_model::limits::MAX_DATES_PER_SENTENCE;

/// Longest stretch of a sentence a timeline citation quotes: a run-on
/// "sentence" of a whole page (scraped text without stops) would otherwise be
/// copied once per date it names.
pub const MAX_CITED_BYTES: usize = 600;

/// Where a citation of `span` ends: the sentence's end, or for a sentence
/// longer than [`MAX_CITED_BYTES`] the last word boundary within that many bytes.
fn capped_end(text: &str, span: Span) -> usize {
    if span.end - span.start <= MAX_CITED_BYTES {
        return span.end;
    }
    let mut end = span.start + MAX_CITED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[span.start..end]
        .rfind(char::is_whitespace)
        .map_or(end, |at| span.start + at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::Granularity;

    #[test]
    fn citations_of_run_on_sentences_are_capped_at_a_word_boundary() {
        let short = "The council met on 3 May.";
        assert_eq!(capped_end(short, Span::new(0, short.len())), short.len());
        let long = "Ünïcode words and more ".repeat(100);
        let end = capped_end(&long, Span::new(0, long.len()));
        assert!(end <= MAX_CITED_BYTES && end > MAX_CITED_BYTES / 2, "{end}");
        assert!(long.is_char_boundary(end));
        assert!(long[end..].starts_with(' '));
    }
    use storyline_model::Article;

    fn doc(id: &str, outlet: &str, published: &str, text: &str) -> Doc {
        storyline_annotate::annotate(
            Article::new(id, format!("{id}.txt"), text)
                .given_outlet(outlet)
                .given_published(published.parse().unwrap()),
        )
    }

    fn build(docs: &[Doc], options: TimelineOptions) -> Vec<TimelineEntry> {
        let sources = SourceIndex::new(docs, &[]);
        let refs: Vec<&Doc> = docs.iter().collect();
        story_timeline("s", &refs, &sources, options)
    }

    /// Twelve articles over ten days: the quake day is published on and referred
    /// back to by every later article; the other days have one article each.
    fn quake_story() -> Vec<Doc> {
        let mut docs = vec![doc(
            "a0",
            "Outlet 0",
            "2010-01-12",
            "A powerful earthquake struck the capital on Tuesday, flattening whole districts of the city.",
        )];
        for day in 13..=22 {
            docs.push(doc(
                &format!("a{day}"),
                &format!("Outlet {day}"),
                &format!("2010-01-{day}"),
                &format!(
                    "Aid workers reached more survivors of the January 12 earthquake in the capital. \
                     A further convoy of {day} lorries left the port with water and food for the camps."
                ),
            ));
        }
        docs.push(doc(
            "b",
            "Outlet B",
            "2010-01-20",
            "The earthquake of 12 January 2010 destroyed the cathedral and the main prison of the capital.",
        ));
        docs
    }

    #[test]
    fn the_date_the_coverage_points_at_stands_out() {
        let entries = build(&quake_story(), TimelineOptions::default());
        let dates: Vec<String> = entries.iter().map(|e| e.date.iso()).collect();
        assert!(dates.iter().any(|d| d == "2010-01-12"), "{dates:?}");
        // Days with one article and nobody referring to them are not kept.
        assert!(dates.len() < 4, "{dates:?}");
        let quake = entries
            .iter()
            .find(|e| e.date.iso() == "2010-01-12")
            .unwrap();
        assert!(quake.salience > 10.0, "{}", quake.salience);
        // Every sentence naming the date is cited; the entry's text is made of
        // its summary, each sentence of which slices its article.
        assert!(quake.citations.len() >= 11);
        assert!(!quake.summary.is_empty() && quake.summary.len() <= 2);
        assert!(quake.text.starts_with(quake.summary[0].text.as_str()));
        assert!(quake.sources.contains(&"a0".to_string()));
    }

    #[test]
    fn max_dates_asks_for_a_length_most_salient_first() {
        let story = quake_story();
        let one = build(
            &story,
            TimelineOptions {
                max_dates: Some(1),
                ..TimelineOptions::default()
            },
        );
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].date.iso(), "2010-01-12");
        let five = build(
            &story,
            TimelineOptions {
                max_dates: Some(5),
                ..TimelineOptions::default()
            },
        );
        assert_eq!(five.len(), 5);
        assert!(
            five.windows(2).all(|w| w[0].date < w[1].date),
            "in date order"
        );
    }

    #[test]
    fn a_small_story_keeps_every_date_and_marks_background() {
        let docs = [
            doc(
                "a",
                "Outlet A",
                "2022-11-21",
                "Talks failed on Monday in Brussels. Kosovo declared independence in 2008 after the 1999 war.",
            ),
            doc(
                "b",
                "Outlet B",
                "2022-11-22",
                "The EU envoy said the talks that failed on Monday would resume in January.",
            ),
        ];
        let entries = build(&docs, TimelineOptions::default());
        let dates: Vec<(String, bool)> = entries
            .iter()
            .map(|e| (e.date.iso(), e.background))
            .collect();
        assert!(dates.contains(&("1999".into(), true)), "{dates:?}");
        assert!(dates.contains(&("2008".into(), true)), "{dates:?}");
        assert!(dates.contains(&("2022-11-21".into(), false)), "{dates:?}");
    }

    #[test]
    fn quotes_and_fragments_do_not_tell_a_date() {
        let docs = [doc(
            "a",
            "Outlet A",
            "2022-11-22",
            "“We will never accept this,” he said on Monday. \
             On Monday the talks between the two leaders in Brussels ended without an agreement. \
             Monday.",
        )];
        let entries = build(&docs, TimelineOptions::default());
        let monday = entries
            .iter()
            .find(|e| e.date.iso() == "2022-11-21")
            .unwrap();
        assert_eq!(
            monday.text,
            "On Monday the talks between the two leaders in Brussels ended without an agreement."
        );
        assert_eq!(monday.summary.len(), 1);
    }

    #[test]
    fn one_sentence_tells_one_date() {
        let docs = [doc(
            "a",
            "Outlet A",
            "2025-04-09",
            "The talks between the two leaders failed yesterday after eleven hours of bargaining. \
             The president returned home today without the deal she had hoped for.",
        )];
        let entries = build(&docs, TimelineOptions::default());
        let texts: Vec<(String, &str)> = entries
            .iter()
            .map(|e| (e.date.iso(), e.text.as_str()))
            .collect();
        assert_eq!(entries.len(), 2, "{texts:?}");
        assert_ne!(entries[0].text, entries[1].text, "{texts:?}");
        assert!(entries[0].text.contains("failed yesterday"), "{texts:?}");
    }

    #[test]
    fn furniture_and_time_codes_are_not_fit_to_tell() {
        let fit = |text: &str| {
            let d = doc("a", "Outlet A", "2010-01-18", text);
            fit_to_tell(&d, d.sentences[0])
        };
        assert!(fit(
            "The president of the republic arrived in the capital on Monday."
        ));
        assert!(!fit(
            "At 11:35 am on 18 Jan 2010 , Nikolas wrote : Europe must act now."
        ));
        assert!(!fit(
            "1851 Dominican Republic President Leonel Fernandez met his counterpart on Friday."
        ));
        assert!(!fit(
            "Here is what the minister told reporters in the capital on Monday:"
        ));
        assert!(!fit("Talks ended."));
    }

    #[test]
    fn a_sentence_counts_for_at_most_eight_dates() {
        let years: Vec<String> = (1990..2002).map(|year| format!("in {year}")).collect();
        let listed = format!("The council met {} and never agreed.", years.join(", "));
        let docs = [doc("a", "Outlet A", "2022-11-21", &listed)];
        assert_eq!(docs[0].dates.len(), 12, "every year is a date mention");
        let entries = build(&docs, TimelineOptions::default());
        let years: Vec<String> = entries
            .iter()
            .map(|e| e.date.iso())
            .filter(|d| d.len() == 4)
            .collect();
        assert_eq!(years.len(), MAX_DATES_PER_SENTENCE, "{years:?}");
        assert_eq!(years.first().map(String::as_str), Some("1990"));
    }

    #[test]
    fn a_small_story_keeps_at_most_its_cap_of_dates() {
        let sentences: Vec<String> = (0..100)
            .map(|i| {
                let day = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).unwrap()
                    + chrono::Duration::days(i * 40);
                format!(
                    "The council met on {} to discuss the bridge.",
                    day.format("%-d %B %Y")
                )
            })
            .collect();
        let docs = [doc("a", "Outlet A", "2022-11-21", &sentences.join(" "))];
        assert!(docs[0].dates.len() >= 100, "{}", docs[0].dates.len());
        let entries = build(&docs, TimelineOptions::default());
        assert_eq!(entries.len(), MAX_SMALL_STORY_DATES);
    }

    #[test]
    fn periods_parse_once_and_print_back() {
        let day = Period::from_value("2022-11-21", Granularity::Day).unwrap();
        assert_eq!(day.iso(), "2022-11-21");
        let month = Period::from_value("2022-07", Granularity::Month).unwrap();
        assert_eq!(month.first_day().to_string(), "2022-07-01");
        assert_eq!(month.last_day().to_string(), "2022-07-31");
        assert_eq!(
            Period::from_value("1999", Granularity::Year).unwrap().iso(),
            "1999"
        );
        assert_eq!(Period::from_value("2022-W47", Granularity::Week), None);
        assert_eq!(Period::from_value("199", Granularity::Year), None);
    }
}
