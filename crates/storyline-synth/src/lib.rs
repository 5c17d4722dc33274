//! A synthetic news corpus at any scale, with gold labels for events, stories and
//! near-duplicates.
//!
//! Invented countries, people and outlets play out several kinds of stories (a
//! border dispute, a strike, a disaster, an election, a trial, an accident), each
//! in three phases spread over months: one *event* per phase. Articles about an
//! event quote the cast with varied cue verbs, pronouns and role nouns, report
//! numbers the whole event shares (a few outlets get them wrong), date things
//! relative to their own publication day ("yesterday", "on Tuesday"), recall
//! earlier events with absolute dates, and carry the noise real scrapes carry
//! (time codes, archive notices, READ MORE blocks, photo captions, contributor
//! lines, copyright and promo lines). Wire stories are reprinted by other outlets,
//! trimmed or padded: the planted near-duplicates.
//!
//! Everything is a deterministic function of [`CorpusSpec`] (no global state, a
//! hand-written PRNG), so a seed names a corpus.
//!
//! ```
//! use storyline_synth::{generate, CorpusSpec};
//! let corpus = generate(&CorpusSpec { articles: 50, ..CorpusSpec::default() });
//! assert_eq!(corpus.articles.len(), 50);
//! let first = &corpus.articles[0];
//! assert!(!first.label.event.is_empty() && !first.text.is_empty());
//! ```

mod templates;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use storyline_model::{content_hash, ContentKind, Hints, RawDocument};

use templates::{Kind, OutletStyle, Phase, KINDS, OUTLETS};

/// File name of the articles (JSONL records storyline reads).
pub const CORPUS_FILE: &str = "corpus.jsonl";
/// File name of the per-article labels.
pub const LABELS_FILE: &str = "labels.jsonl";
/// File name of the event list.
pub const EVENTS_FILE: &str = "events.jsonl";
/// File name of the articles with their gold event, in the layout
/// `storyline eval cluster` reads (`id`, `text`, `title`, `published`, `cluster`).
pub const CLUSTERS_FILE: &str = "clusters.jsonl";

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusSpec {
    /// Number of articles, exactly.
    pub articles: usize,
    /// Seed of the pseudo-random choices: the same spec gives the same corpus.
    pub seed: u64,
    /// Earliest day a story may start; stories start over the following year.
    pub start: NaiveDate,
    /// Share of articles that are reprints of a wire story (near-duplicates).
    pub duplicate_share: f64,
    /// Articles per story on average (each story has three events).
    pub articles_per_story: usize,
}

impl Default for CorpusSpec {
    fn default() -> Self {
        CorpusSpec {
            articles: 1000,
            seed: 1,
            start: NaiveDate::from_ymd_opt(2024, 1, 8).unwrap_or_default(),
            duplicate_share: 0.12,
            articles_per_story: 150,
        }
    }
}

/// Gold labels of one article, as written to [`LABELS_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The article id storyline computes for the record (content hash of its text).
    pub id: String,
    /// `corpus.jsonl#LINE`, as storyline names a JSONL record (prefixed by the path given).
    pub source: String,
    /// The record's URL (unique).
    pub url: String,
    /// Event id (`e0007`): articles reporting the same happening.
    pub event: String,
    /// Story id (`s002`): events linked over time.
    pub story: String,
    /// For a reprint, the id of the article it copies.
    pub duplicate_of: Option<String>,
    /// Outlet name.
    pub outlet: String,
    /// Publication day.
    pub published: NaiveDate,
}

/// One gold event, as written to [`EVENTS_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLabel {
    /// Event id.
    pub id: String,
    /// Story id.
    pub story: String,
    /// Story kind (`strike`, `trial`, ...).
    pub kind: String,
    /// The day it happened.
    pub date: NaiveDate,
    /// Where.
    pub place: String,
    /// A headline for it.
    pub title: String,
    /// Articles reporting it, reprints included.
    pub n_articles: usize,
}

/// One generated article.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticArticle {
    /// Headline.
    pub title: String,
    /// Outlet name.
    pub outlet: String,
    /// Publication day.
    pub published: NaiveDate,
    /// URL.
    pub url: String,
    /// Body as scraped: paragraphs separated by blank lines, noise included.
    pub text: String,
    /// Gold labels.
    pub label: Label,
}

impl SyntheticArticle {
    /// The JSONL record storyline reads: `url`, `title`, `outlet`, `published`, `text`.
    pub fn record(&self) -> serde_json::Value {
        serde_json::json!({
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published.to_string(),
            "text": self.text,
        })
    }

    /// The document the source stage would make of the record.
    pub fn raw_document(&self) -> RawDocument {
        RawDocument {
            source: self.label.source.clone(),
            kind: ContentKind::Text,
            content: self.text.clone(),
            hints: Hints {
                outlet: Some(self.outlet.clone()),
                published: Some(self.published),
                url: Some(self.url.clone()),
                title: Some(self.title.clone()),
            },
        }
    }
}

/// A generated corpus: articles in publication order, and the events they report.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// Articles, sorted by publication day.
    pub articles: Vec<SyntheticArticle>,
    /// Events with at least one article, in id order.
    pub events: Vec<EventLabel>,
}

impl Corpus {
    /// Writes [`CORPUS_FILE`], [`LABELS_FILE`], [`EVENTS_FILE`] and [`CLUSTERS_FILE`]
    /// into `dir` (created if missing).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut corpus = BufWriter::new(std::fs::File::create(dir.join(CORPUS_FILE))?);
        let mut labels = BufWriter::new(std::fs::File::create(dir.join(LABELS_FILE))?);
        let mut clusters = BufWriter::new(std::fs::File::create(dir.join(CLUSTERS_FILE))?);
        for article in &self.articles {
            serde_json::to_writer(&mut corpus, &article.record())?;
            corpus.write_all(b"\n")?;
            serde_json::to_writer(&mut labels, &article.label)?;
            labels.write_all(b"\n")?;
            let mut record = article.record();
            record["id"] = article.label.id.clone().into();
            record["cluster"] = article.label.event.clone().into();
            serde_json::to_writer(&mut clusters, &record)?;
            clusters.write_all(b"\n")?;
        }
        clusters.flush()?;
        let mut events = BufWriter::new(std::fs::File::create(dir.join(EVENTS_FILE))?);
        for event in &self.events {
            serde_json::to_writer(&mut events, event)?;
            events.write_all(b"\n")?;
        }
        corpus.flush()?;
        labels.flush()?;
        events.flush()
    }

    /// Every article as the source stage would read it.
    pub fn raw_documents(&self) -> Vec<RawDocument> {
        self.articles
            .iter()
            .map(SyntheticArticle::raw_document)
            .collect()
    }
}

/// Reads a labels file written by [`Corpus::write`].
pub fn read_labels(path: &Path) -> std::io::Result<Vec<Label>> {
    read_jsonl(path)
}

/// Reads an events file written by [`Corpus::write`].
pub fn read_events(path: &Path) -> std::io::Result<Vec<EventLabel>> {
    read_jsonl(path)
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> std::io::Result<Vec<T>> {
    let reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            out.push(serde_json::from_str(&line)?);
        }
    }
    Ok(out)
}

/// A small deterministic generator (SplitMix64): stable across platforms and versions.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x2545_F491_4F6C_DD1D)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A value in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi.saturating_sub(lo) + 1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Mixes a seed with a stream number and a key into an independent seed.
fn mix(seed: u64, stream: u64, key: &str) -> u64 {
    // FNV-1a over the key, then a SplitMix step.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    Rng::new(seed ^ stream.rotate_left(29) ^ hash).next()
}

#[derive(Debug, Clone)]
struct Country {
    name: String,
    demonym: String,
    capital: String,
    cities: Vec<String>,
}

#[derive(Debug, Clone)]
struct Person {
    first: &'static str,
    last: String,
    female: bool,
    /// Title filled for this story ("Varanian President").
    title: String,
    /// Role noun filled ("Varanian president").
    role: String,
    appositive: bool,
}

impl Person {
    fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

#[derive(Debug, Clone)]
struct Story {
    id: String,
    kind: &'static Kind,
    a: Country,
    b: Country,
    bloc: &'static str,
    root: String,
    org1: String,
    org2: String,
    topic: &'static str,
    year: i32,
    people: Vec<Person>,
    /// Per phase: the event's date and place.
    dates: Vec<NaiveDate>,
    places: Vec<String>,
}

/// Invented names, unique across the corpus where it matters.
struct World {
    countries: Vec<Country>,
    used_names: BTreeSet<String>,
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl World {
    fn new(rng: &mut Rng) -> World {
        let mut stems: Vec<&str> = templates::COUNTRY_STEMS.to_vec();
        rng.shuffle(&mut stems);
        let mut used_names = BTreeSet::new();
        let mut countries = Vec::new();
        for stem in stems {
            let (ending, demonym) = *rng.pick(templates::COUNTRY_ENDINGS);
            let mut cities = Vec::new();
            while cities.len() < 4 {
                let head = rng.pick(templates::SURNAME_HEADS);
                let city = format!("{head}{}", rng.pick(templates::CITY_ENDINGS));
                if used_names.insert(city.clone()) {
                    cities.push(city);
                }
            }
            countries.push(Country {
                name: format!("{stem}{ending}"),
                demonym: format!("{stem}{demonym}"),
                capital: cities.remove(0),
                cities,
            });
        }
        World {
            countries,
            used_names,
        }
    }

    fn person(&mut self, rng: &mut Rng) -> (&'static str, String, bool) {
        for attempt in 0.. {
            let female = rng.chance(0.5);
            let first = if female {
                *rng.pick(templates::FEMALE_FIRST)
            } else {
                *rng.pick(templates::MALE_FIRST)
            };
            let last = format!(
                "{}{}",
                rng.pick(templates::SURNAME_HEADS),
                rng.pick(templates::SURNAME_TAILS)
            );
            // Surnames may repeat across stories once the name space runs low, as in real news.
            if self.used_names.insert(format!("{first} {last}")) || attempt > 50 {
                return (first, last, female);
            }
        }
        unreachable!("the loop returns")
    }

    fn story(&mut self, index: usize, spec: &CorpusSpec, rng: &mut Rng) -> Story {
        let kind = &KINDS[index % KINDS.len()];
        let a_index = rng.below(self.countries.len());
        let mut b_index = rng.below(self.countries.len() - 1);
        if b_index >= a_index {
            b_index += 1;
        }
        let (a, b) = (
            self.countries[a_index].clone(),
            self.countries[b_index].clone(),
        );
        let root = rng.pick(templates::COUNTRY_STEMS).to_string() + "mark";
        let mut day = spec.start + Duration::days(rng.range(0, 365) as i64);
        let main = rng.pick(&a.cities).clone();
        let mut dates = Vec::new();
        let mut places = Vec::new();
        for phase in 0..kind.phases.len() {
            if phase > 0 {
                day += Duration::days(rng.range(3, 40) as i64);
            }
            dates.push(day);
            let place = match kind.name {
                "trade-dispute" if phase > 0 => rng
                    .pick(&[a.capital.clone(), b.capital.clone(), main.clone()])
                    .clone(),
                "election" if phase > 0 => a.capital.clone(),
                "trial" => a.capital.clone(),
                _ => main.clone(),
            };
            places.push(place);
        }
        let mut story = Story {
            id: format!("s{index:03}"),
            kind,
            bloc: rng.pick::<&str>(templates::BLOCS),
            org1: String::new(),
            org2: String::new(),
            topic: rng.pick::<&str>(kind.topics),
            year: 1995 + rng.below(25) as i32,
            root,
            people: Vec::new(),
            a,
            b,
            dates,
            places,
        };
        story.org1 = story.fill_static(rng.pick::<&str>(kind.org1));
        story.org2 = story.fill_static(rng.pick::<&str>(kind.org2));
        for role in &kind.cast {
            let (first, last, female) = self.person(rng);
            let person = Person {
                first,
                last,
                female,
                title: story.fill_static(role.title),
                role: story.fill_static(role.role),
                appositive: role.appositive,
            };
            story.people.push(person);
        }
        story
    }
}

impl Story {
    /// Fills the placeholders that do not depend on the article: names of the
    /// countries, places, bodies, topic and background year.
    fn fill_static(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let key = &rest[open + 1..open + close];
            match self.static_value(key) {
                Some(value) => out.push_str(&value),
                None => out.push_str(&rest[open..=open + close]),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn static_value(&self, key: &str) -> Option<String> {
        Some(match key {
            "A" => self.a.name.clone(),
            "Ad" => self.a.demonym.clone(),
            "B" => self.b.name.clone(),
            "Bd" => self.b.demonym.clone(),
            "capA" => self.a.capital.clone(),
            "capB" => self.b.capital.clone(),
            "city" => self.places[0].clone(),
            "bloc" => self.bloc.to_string(),
            "root" => self.root.clone(),
            "org1" => self.org1.clone(),
            "org2" => self.org2.clone(),
            "topic" => self.topic.to_string(),
            "year" => self.year.to_string(),
            _ => return None,
        })
    }
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SMALL_NUMBERS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

fn weekday(date: NaiveDate) -> &'static str {
    WEEKDAYS[date.weekday().num_days_from_monday() as usize]
}

fn month(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// "March 3" or "3 March", with the year when it is not the year of `from`.
fn calendar_date(date: NaiveDate, from: NaiveDate, day_first: bool) -> String {
    let mut out = if day_first {
        format!("{} {}", date.day(), month(date))
    } else {
        format!("{} {}", month(date), date.day())
    };
    if date.year() != from.year() {
        out += &if day_first {
            format!(" {}", date.year())
        } else {
            format!(", {}", date.year())
        };
    }
    out
}

/// Two significant digits: 3,4xx becomes 3,400.
fn round_nicely(value: u64) -> u64 {
    let digits = value.checked_ilog10().unwrap_or(0);
    if digits < 2 {
        return value;
    }
    let unit = 10u64.pow(digits - 1);
    value / unit * unit
}

fn format_number(value: u64, spell_small: bool) -> String {
    if value >= 1_000_000 {
        let millions = value as f64 / 1e6;
        return if (millions - millions.round()).abs() < 1e-9 {
            format!("{} million", millions.round())
        } else {
            format!("{millions:.1} million")
        };
    }
    if value < 10 && spell_small {
        return SMALL_NUMBERS[value as usize].to_string();
    }
    let digits = value.to_string();
    // The first group holds one to three digits, every later group three.
    let mut at = match digits.len() % 3 {
        0 => 3,
        short => short,
    };
    let mut out = digits[..at].to_string();
    while at < digits.len() {
        out.push(',');
        out.push_str(&digits[at..at + 3]);
        at += 3;
    }
    out
}

/// Writes one article: fills templates and keeps track of who was already named.
struct Renderer<'a> {
    story: &'a Story,
    phase: usize,
    outlet: &'a OutletStyle,
    published: NaiveDate,
    /// Seed of the event: numbers are the same in every article about it.
    event_seed: u64,
    /// Factor applied to this article's numbers (1.0 unless the outlet got them wrong).
    skew: f64,
    mentioned: [bool; 4],
    /// The person named last: a pronoun may refer to them.
    last: Option<usize>,
    rng: Rng,
}

impl<'a> Renderer<'a> {
    /// A renderer for one article (or headline) about `phase` of `story`, with
    /// the event's numbers as reported (no skew) and nobody named yet.
    fn new(
        story: &'a Story,
        phase: usize,
        outlet: &'a OutletStyle,
        published: NaiveDate,
        event_seed: u64,
        rng: Rng,
    ) -> Self {
        Renderer {
            story,
            phase,
            outlet,
            published,
            event_seed,
            skew: 1.0,
            mentioned: [false; 4],
            last: None,
            rng,
        }
    }

    fn event_date(&self) -> NaiveDate {
        self.story.dates[self.phase]
    }

    /// Fills one of `templates`, picked at random.
    fn fill_one(&mut self, templates: &[&str]) -> String {
        let template = *self.rng.pick(templates);
        self.fill(template)
    }

    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 48);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let key = &rest[open + 1..open + close];
            self.placeholder(key, &mut out);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        tidy(&out)
    }

    fn placeholder(&mut self, key: &str, out: &mut String) {
        if let Some(value) = self.story.static_value(key) {
            if key == "city" {
                out.push_str(&self.story.places[self.phase]);
            } else {
                out.push_str(&value);
            }
            return;
        }
        if let Some(spec) = key.strip_prefix("n:") {
            out.push_str(&self.number(spec));
            return;
        }
        if let Some(person) = key.strip_prefix('P') {
            let index = person
                .chars()
                .next()
                .and_then(|c| c.to_digit(10))
                .map_or(0, |d| d.saturating_sub(1) as usize)
                .min(3);
            let form = &person[1..];
            let p = &self.story.people[index];
            let text = match form {
                "" => self.mention(index),
                "s" => self.short(index),
                "r" => format!("the {}", p.role),
                "he" => (if p.female { "she" } else { "he" }).to_string(),
                "his" | "him" if p.female => "her".to_string(),
                "his" => "his".to_string(),
                "him" => "him".to_string(),
                _ => String::new(),
            };
            out.push_str(&text);
            return;
        }
        let date = self.event_date();
        let text = match key {
            "when" => self.when(),
            "next" => self.next_date(),
            "month" => month(date).to_string(),
            "first" => calendar_date(self.story.dates[0], self.published, self.outlet.day_first),
            "prev" => calendar_date(
                self.story.dates[self.phase.saturating_sub(1)],
                self.published,
                self.outlet.day_first,
            ),
            "first_what" => self.summary(0),
            "prev_what" => self.summary(self.phase.saturating_sub(1)),
            _ => String::new(),
        };
        out.push_str(&text);
    }

    fn summary(&mut self, phase: usize) -> String {
        let saved = self.phase;
        self.phase = phase;
        let text = self.fill(self.story.kind.phases[phase].summary);
        self.phase = saved;
        text
    }

    /// The event's value for `LOW:HIGH`, rounded, maybe skewed by this outlet.
    fn number(&mut self, spec: &str) -> String {
        let (low, high) = spec
            .split_once(':')
            .and_then(|(l, h)| Some((l.parse::<u64>().ok()?, h.parse::<u64>().ok()?)))
            .unwrap_or((1, 9));
        let mut rng = Rng::new(mix(self.event_seed, self.phase as u64, spec));
        let mut value = round_nicely(rng.range(low, high)) as f64;
        if high >= 100 {
            value *= self.skew;
        }
        let spell = rng.chance(0.6);
        format_number(round_nicely(value.round() as u64), spell)
    }

    /// The event day as this article says it: "yesterday", "on Tuesday", "on March 3".
    fn when(&mut self) -> String {
        let date = self.event_date();
        match (self.published - date).num_days() {
            0 => match self.rng.below(3) {
                0 => "today".to_string(),
                _ => format!("on {}", weekday(date)),
            },
            1 if self.rng.chance(0.5) => "yesterday".to_string(),
            1..=6 => format!("on {}", weekday(date)),
            _ => format!(
                "on {}",
                calendar_date(date, self.published, self.outlet.day_first)
            ),
        }
    }

    /// A day ahead of publication, as a phrase with its preposition.
    fn next_date(&mut self) -> String {
        let days = self.rng.range(1, 45) as i64;
        let date = self.published + Duration::days(days);
        let exact = calendar_date(date, self.published, self.outlet.day_first);
        match days {
            1 => "tomorrow".to_string(),
            2..=6 => format!("on {}", weekday(date)),
            7..=13 if self.rng.chance(0.5) => "next week".to_string(),
            _ if date.month() != self.published.month() && self.rng.chance(0.3) => {
                format!("in {}", month(date))
            }
            _ if self.rng.chance(0.3) => format!("by {exact}"),
            _ => format!("on {exact}"),
        }
    }

    /// Full form on first mention ("Varanian President Ilse Korden"), short after.
    fn mention(&mut self, index: usize) -> String {
        if self.mentioned[index] {
            return self.short(index);
        }
        self.mentioned[index] = true;
        let p = &self.story.people[index];
        if p.appositive {
            format!("{}, {},", p.full_name(), p.title)
        } else {
            format!("{} {}", p.title, p.full_name())
        }
    }

    fn short(&self, index: usize) -> String {
        let p = &self.story.people[index];
        if self.outlet.honorific {
            format!("{} {}", if p.female { "Ms" } else { "Mr" }, p.last)
        } else {
            p.last.clone()
        }
    }

    fn marks(&self) -> (&'static str, &'static str) {
        if self.outlet.curly {
            ("“", "”")
        } else {
            ("\"", "\"")
        }
    }

    /// A paragraph quoting person `index`, in one of several attribution styles.
    fn quote(&mut self, index: usize, words: &str, more: Option<&str>) -> String {
        let words = self.fill(words);
        let (open, close) = self.marks();
        let comma = match words.strip_suffix('.') {
            Some(stem) => format!("{stem},"),
            None => words.clone(),
        };
        let cue = *self.rng.pick(templates::CUES_AFTER);
        let p = &self.story.people[index];
        let (pronoun, role) = (
            if p.female { "she" } else { "he" },
            format!("the {}", p.role),
        );
        let known = self.mentioned[index];
        let current = self.last == Some(index);
        self.last = Some(index);
        let style = if current && self.rng.chance(0.6) {
            7
        } else {
            self.rng.below(10)
        };
        let mut paragraph = match style {
            0..=2 => format!("{open}{comma}{close} {} {cue}.", self.mention(index)),
            3 | 4 => {
                let who = if known {
                    self.short(index)
                } else {
                    self.mentioned[index] = true;
                    if p.appositive {
                        format!("{}, {}", p.full_name(), p.title)
                    } else {
                        format!("{} {}", p.title, p.full_name())
                    }
                };
                format!("{open}{comma}{close} said {who}.")
            }
            5 | 6 => {
                let before = *self.rng.pick(templates::CUES_BEFORE);
                format!("{} {before}: {open}{words}{close}", self.mention(index))
            }
            7 | 8 if current => format!("{open}{comma}{close} {pronoun} {cue}."),
            9 if known => format!("{open}{comma}{close} {role} {cue}."),
            _ => format!("{open}{comma}{close} {} {cue}.", self.mention(index)),
        };
        if let Some(more) = more {
            let more = self.fill(more);
            paragraph += &format!(" {open}{more}{close}");
        }
        tidy(&capitalise(&paragraph))
    }

    /// A paragraph of reported speech by person `index`.
    fn reported(&mut self, index: usize, clause: &str) -> String {
        let clause = self.fill(clause);
        let cue = *self.rng.pick(templates::CUES_REPORTED);
        let current = self.last == Some(index);
        self.last = Some(index);
        let p = &self.story.people[index];
        let pronoun = if p.female { "she" } else { "he" };
        let paragraph = match self.rng.below(6) {
            0 | 1 => format!("{} {cue} that {clause}.", self.mention(index)),
            2 => format!("{} {cue} {clause}.", self.mention(index)),
            3 => format!("According to {}, {clause}.", self.mention(index)),
            4 if current => format!("{}, {pronoun} {cue}.", capitalise(&clause)),
            _ => format!("{}, {} {cue}.", capitalise(&clause), self.mention(index)),
        };
        tidy(&capitalise(&paragraph))
    }

    fn caption(&mut self) -> String {
        let candidates: Vec<usize> = (0..4)
            .filter(|&i| !self.story.people[i].appositive)
            .collect();
        let p = &self.story.people[*self.rng.pick(&candidates)];
        let named = capitalise(&format!("{} {}", p.title, p.full_name()));
        if self.rng.chance(0.4) {
            return named;
        }
        let photographer = format!(
            "{} {}",
            self.rng.pick(templates::FEMALE_FIRST),
            self.rng.pick(templates::SURNAME_HEADS).to_string() + "ford"
        );
        let agency = *self.rng.pick(templates::PHOTO_AGENCIES);
        format!(
            "{named} speaks to reporters in {}. /{photographer}/{agency}",
            self.story.places[self.phase]
        )
    }
}

/// Mends what filling leaves behind: an appositive's comma before punctuation.
fn tidy(text: &str) -> String {
    if !text.contains(",,") && !text.contains(",.") && !text.contains(", ,") && !text.contains(",:")
    {
        return text.to_string();
    }
    text.replace(",,", ",")
        .replace(",.", ".")
        .replace(", ,", ",")
        .replace(",:", ":")
}

/// What one article body is made of, before it is written out.
enum Item<'t> {
    Fact(&'t str),
    Quote(usize, &'t str, Option<&'t str>),
    Reported(usize, &'t str),
    /// Reported speech followed by a quote from the same person ("..., he said.").
    Pair(usize, &'t str, &'t str),
    Background(&'t str),
    Generic(&'t str),
}

/// An article before ids and order are known.
struct Draft {
    event: usize,
    outlet: &'static OutletStyle,
    published: NaiveDate,
    title: String,
    text: String,
    /// Index of the draft this one reprints.
    reprint_of: Option<usize>,
}

/// Writes an original article about `phase` of `story`.
fn write_original(
    story: &Story,
    phase: usize,
    outlet: &'static OutletStyle,
    published: NaiveDate,
    seeds: (u64, u64),
    other_headlines: &[String],
) -> (String, String) {
    let (event_seed, article_seed) = seeds;
    let mut rng = Rng::new(article_seed);
    let skew = if rng.chance(0.08) {
        1.0 + [-0.3, -0.2, 0.25, 0.4][rng.below(4)]
    } else {
        1.0
    };
    let mut r = Renderer::new(story, phase, outlet, published, event_seed, rng);
    r.skew = skew;
    let spec: &Phase = &story.kind.phases[phase];
    let title = capitalise(&r.fill_one(spec.headlines));

    let mut items: Vec<Item> = Vec::new();
    items.extend(spec.facts.iter().map(|f| Item::Fact(f)));
    let mut quotes: Vec<(usize, &str)> = spec.quotes.to_vec();
    r.rng.shuffle(&mut quotes);
    let mut used = vec![false; quotes.len()];
    for i in 0..quotes.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        // Now and then a second quote by the same speaker follows in the same paragraph.
        let more = (i + 1..quotes.len()).find(|&j| !used[j] && quotes[j].0 == quotes[i].0);
        let more = match more {
            Some(j) if r.rng.chance(0.4) => {
                used[j] = true;
                Some(quotes[j].1)
            }
            _ => None,
        };
        items.push(Item::Quote(quotes[i].0, quotes[i].1, more));
    }
    for &(who, clause) in spec.reported {
        // Half the time the speaker goes on in their own words.
        let follow = items
            .iter()
            .position(|item| matches!(item, Item::Quote(w, _, None) if *w == who));
        match follow {
            Some(at) if r.rng.chance(0.5) => {
                let Item::Quote(_, words, _) = items.remove(at) else {
                    unreachable!("matched above")
                };
                items.push(Item::Pair(who, clause, words));
            }
            _ => items.push(Item::Reported(who, clause)),
        }
    }
    items.extend(
        story
            .kind
            .background
            .iter()
            // Earlier events exist from the second phase on; the previous one is
            // the first one in the second phase, so say it once.
            .filter(|b| match phase {
                0 => !(b.contains("{first") || b.contains("{prev")),
                1 => !b.contains("{prev"),
                _ => true,
            })
            .map(|b| Item::Background(b)),
    );
    let mut generic: Vec<&str> = GENERIC.to_vec();
    r.rng.shuffle(&mut generic);
    let n_generic = r.rng.range(2, 4) as usize;
    items.extend(generic.into_iter().take(n_generic).map(Item::Generic));
    r.rng.shuffle(&mut items);
    // Lead with a fact or a quote, as news does.
    if let Some(lead) = items
        .iter()
        .position(|i| matches!(i, Item::Fact(_) | Item::Quote(..)))
    {
        items.swap(0, lead);
    }
    let budget = r
        .rng
        .range(outlet.paragraphs.0 as u64, outlet.paragraphs.1 as u64) as usize;
    items.truncate(budget);

    let mut paragraphs: Vec<String> = Vec::new();
    if r.rng.chance(outlet.time_code) {
        paragraphs.push(format!("0{}:{:02}", r.rng.range(0, 4), r.rng.range(0, 59)));
    }
    if r.rng.chance(outlet.archive) {
        paragraphs.push(templates::ARCHIVE_NOTICE.to_string());
    }
    let mut lede = capitalise(&r.fill_one(spec.ledes));
    if let Some(credit) = outlet.credit {
        lede = format!("{} ({credit}) — {lede}", story.places[phase].to_uppercase());
    }
    paragraphs.push(lede);
    for (n, item) in items.iter().enumerate() {
        match *item {
            Item::Fact(t) | Item::Background(t) | Item::Generic(t) => {
                r.last = None;
                paragraphs.push(capitalise(&r.fill(t)));
            }
            Item::Quote(who, words, more) => paragraphs.push(r.quote(who, words, more)),
            Item::Reported(who, clause) => paragraphs.push(r.reported(who, clause)),
            Item::Pair(who, clause, words) => {
                paragraphs.push(r.reported(who, clause));
                paragraphs.push(r.quote(who, words, None));
            }
        }
        if n == 1 && r.rng.chance(outlet.caption) {
            paragraphs.push(r.caption());
        }
        if n == 3 && !other_headlines.is_empty() && r.rng.chance(outlet.read_more) {
            paragraphs.push("READ MORE".to_string());
            let from = r.rng.below(other_headlines.len());
            let n = r.rng.range(2, 3) as usize;
            paragraphs.extend(
                other_headlines
                    .iter()
                    .cycle()
                    .skip(from)
                    .take(n.min(other_headlines.len()))
                    .cloned(),
            );
        }
    }
    paragraphs.push(capitalise(&r.fill_one(spec.next)));
    if outlet.credit.is_some() && r.rng.chance(0.35) {
        let first = *r.rng.pick(templates::MALE_FIRST);
        let last = *r.rng.pick(templates::SURNAME_HEADS);
        paragraphs.push(format!(
            "{first} {last}ton in {} contributed to this story.",
            story.b.capital
        ));
    }
    if r.rng.chance(outlet.footer) {
        paragraphs.push(format!(
            "Copyright {} {}. All rights reserved.",
            published.year(),
            outlet.name
        ));
        if r.rng.chance(0.5) {
            paragraphs.push(r.rng.pick(templates::FOLLOW_LINES).to_string());
        }
    }
    (title, paragraphs.join("\n\n"))
}

/// Sentences any story may carry: analysis and context, to give articles their length.
const GENERIC: &[&str] = &[
    "Analysts said the {topic} had become a test of the government's credibility, with opinion polls showing growing impatience among voters in {capA} and in the provinces.",
    "The story has dominated newspaper front pages and evening bulletins in {A} for days, and opposition politicians have accused the government of reacting too slowly.",
    "Officials in {capA} declined to comment on the record, citing the sensitivity of the matter, but several said privately that they expected a long and difficult few weeks.",
    "Diplomats from neighbouring countries, including {B}, have been following events closely, and the {bloc} has asked to be kept informed of every development.",
    "Local newspapers in {city} described the mood in the town as tense but calm, with shops open and public transport running, if slowly.",
    "The government has set up a telephone line for people seeking information, and said it had received several thousand calls in the first hours.",
    "Commentators in {capA} were divided over what should happen next, some calling for patience and others for a change of course before the situation deteriorated further.",
    "The {bloc} has repeatedly called for calm, and its member states are expected to discuss the situation at their next regular meeting.",
    "Opposition lawmakers demanded that ministers explain themselves in parliament, accusing the government of withholding information from the public.",
    "Residents interviewed in {city} said they were worried about the weeks ahead, and several said they had little faith in official promises.",
    "Newspapers in {B} gave the story prominent coverage, and television stations there broadcast long reports from {city} throughout the day.",
    "The events have also drawn attention abroad, where several governments issued statements urging all sides to act responsibly and to respect the law.",
];

/// Writes a republished copy of `original`: trimmed, padded, or both.
fn write_reprint(original: &str, wire: &str, outlet: &OutletStyle, rng: &mut Rng) -> String {
    let mut paragraphs: Vec<String> = original.split("\n\n").map(str::to_string).collect();
    let style = rng.below(3);
    if style != 1 && paragraphs.len() > 6 {
        let cut = rng.range(1, 3) as usize;
        paragraphs.truncate(paragraphs.len() - cut);
    }
    if style != 0 || paragraphs.len() <= 6 {
        let intro = rng.pick(templates::REPRINT_INTROS).replace("{wire}", wire);
        paragraphs.insert(0, intro);
        paragraphs.push(rng.pick(templates::FOLLOW_LINES).to_string());
        if rng.chance(outlet.footer) {
            paragraphs.push(format!("Copyright {}. All rights reserved.", outlet.name));
        }
    }
    paragraphs.join("\n\n")
}

/// Splits `total` into parts proportional to `weights` (largest remainders).
fn allocate(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut rest: Vec<usize> = (0..weights.len()).collect();
    rest.sort_by(|&a, &b| {
        let (fa, fb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    let missing = total - counts.iter().sum::<usize>();
    for &i in rest.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// Generates the corpus `spec` describes.
pub fn generate(spec: &CorpusSpec) -> Corpus {
    let mut rng = Rng::new(spec.seed);
    let mut world = World::new(&mut rng);
    let n_stories = spec
        .articles
        .div_ceil(spec.articles_per_story.max(1))
        .max(1);
    let stories: Vec<Story> = (0..n_stories)
        .map(|i| world.story(i, spec, &mut rng))
        .collect();
    // Events: (story, phase). Their sizes are skewed: a few big events, many small ones.
    let events: Vec<(usize, usize)> = stories
        .iter()
        .enumerate()
        .flat_map(|(s, story)| (0..story.kind.phases.len()).map(move |p| (s, p)))
        .collect();
    let weights: Vec<f64> = events
        .iter()
        .map(|_| (1.0 - rng.unit()).powf(-0.8).min(25.0))
        .collect();
    let sizes = allocate(spec.articles, &weights);
    let headlines: Vec<String> = events
        .iter()
        .map(|&(s, p)| {
            let story = &stories[s];
            let seed = event_seed(spec.seed, s, p);
            let mut r = Renderer::new(story, p, &OUTLETS[0], story.dates[p], seed, Rng::new(0));
            capitalise(&r.fill(story.kind.phases[p].headlines[0]))
        })
        .collect();

    let wires: Vec<&'static OutletStyle> = OUTLETS.iter().filter(|o| o.credit.is_some()).collect();
    let others: Vec<&'static OutletStyle> = OUTLETS.iter().filter(|o| o.credit.is_none()).collect();
    let mut drafts: Vec<Draft> = Vec::with_capacity(spec.articles);
    for (event, (&(s, p), &size)) in events.iter().zip(&sizes).enumerate() {
        if size == 0 {
            continue;
        }
        let story = &stories[s];
        let event_seed = event_seed(spec.seed, s, p);
        let n_reprints = ((size as f64 * spec.duplicate_share).round() as usize).min(size - 1);
        let n_originals = size - n_reprints;
        let other: Vec<String> = headlines
            .iter()
            .enumerate()
            .filter(|(i, _)| events[*i].0 != s)
            .map(|(_, h)| h.clone())
            .take(40)
            .collect();
        let first_draft = drafts.len();
        for k in 0..n_originals {
            let mut arng = Rng::new(mix(spec.seed, 2, &format!("{event}/{k}")));
            // The first article of an event with reprints comes from a wire.
            let outlet = if (k == 0 && n_reprints > 0) || arng.chance(0.25) {
                *arng.pick(&wires)
            } else {
                *arng.pick(&others)
            };
            let delay = match arng.below(20) {
                0..=10 => 0,
                11..=16 => 1,
                17 | 18 => 2,
                _ => 3,
            };
            let published = story.dates[p] + Duration::days(delay);
            let (title, text) = write_original(
                story,
                p,
                outlet,
                published,
                (event_seed, arng.next()),
                &other,
            );
            drafts.push(Draft {
                event,
                outlet,
                published,
                title,
                text,
                reprint_of: None,
            });
        }
        let wire_originals: Vec<usize> = (first_draft..drafts.len())
            .filter(|&i| drafts[i].outlet.credit.is_some())
            .collect();
        for k in 0..n_reprints {
            let mut arng = Rng::new(mix(spec.seed, 3, &format!("{event}/{k}")));
            let source = *arng.pick(&wire_originals);
            let outlet = *arng.pick(&others);
            let text = write_reprint(
                &drafts[source].text,
                drafts[source].outlet.name,
                outlet,
                &mut arng,
            );
            let published = drafts[source].published + Duration::days(arng.range(0, 1) as i64);
            let title = capitalise(&story_title_variant(story, p, &mut arng, event_seed));
            drafts.push(Draft {
                event,
                outlet,
                published,
                title,
                text,
                reprint_of: Some(source),
            });
        }
    }

    // Publication order; ties broken by a fixed shuffle so outlets interleave.
    let mut order: Vec<(NaiveDate, u64, usize)> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.published, mix(spec.seed, 4, &i.to_string()), i))
        .collect();
    order.sort();
    let ids: Vec<String> = drafts
        .iter()
        .map(|d| content_hash(d.text.as_bytes()))
        .collect();
    let mut per_event: BTreeMap<usize, usize> = BTreeMap::new();
    let mut articles = Vec::with_capacity(drafts.len());
    for (line, &(_, _, i)) in order.iter().enumerate() {
        let draft = &drafts[i];
        let (s, _) = events[draft.event];
        *per_event.entry(draft.event).or_default() += 1;
        let slug: String = draft
            .title
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(8)
            .collect::<Vec<_>>()
            .join("-");
        let url = format!(
            "https://{}/{}/{:02}/{:02}/{slug}-{}",
            draft.outlet.domain,
            draft.published.year(),
            draft.published.month(),
            draft.published.day(),
            line + 1
        );
        articles.push(SyntheticArticle {
            title: draft.title.clone(),
            outlet: draft.outlet.name.to_string(),
            published: draft.published,
            url: url.clone(),
            text: draft.text.clone(),
            label: Label {
                id: ids[i].clone(),
                source: format!("{CORPUS_FILE}#{}", line + 1),
                url,
                event: format!("e{:04}", draft.event),
                story: stories[s].id.clone(),
                duplicate_of: draft.reprint_of.map(|o| ids[o].clone()),
                outlet: draft.outlet.name.to_string(),
                published: draft.published,
            },
        });
    }
    let events = per_event
        .into_iter()
        .map(|(event, n_articles)| {
            let (s, p) = events[event];
            EventLabel {
                id: format!("e{event:04}"),
                story: stories[s].id.clone(),
                kind: stories[s].kind.name.to_string(),
                date: stories[s].dates[p],
                place: stories[s].places[p].clone(),
                title: headlines[event].clone(),
                n_articles,
            }
        })
        .collect();
    Corpus { articles, events }
}

/// Another headline for the same event, as a republisher writes its own.
fn story_title_variant(story: &Story, phase: usize, rng: &mut Rng, event_seed: u64) -> String {
    let published = story.dates[phase];
    let rng = Rng::new(rng.next());
    Renderer::new(story, phase, &OUTLETS[0], published, event_seed, rng)
        .fill_one(story.kind.phases[phase].headlines)
}

/// The seed of phase `phase` of story `story`: every article about the event
/// draws its numbers from it.
fn event_seed(seed: u64, story: usize, phase: usize) -> u64 {
    mix(seed, 1, &format!("{story}/{phase}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(articles: usize, seed: u64) -> Corpus {
        generate(&CorpusSpec {
            articles,
            seed,
            ..CorpusSpec::default()
        })
    }

    #[test]
    fn the_same_spec_gives_the_same_corpus_and_the_count_is_exact() {
        for n in [1, 7, 120, 400] {
            assert_eq!(small(n, 3).articles.len(), n);
        }
        assert_eq!(small(200, 9), small(200, 9));
        assert_ne!(
            small(200, 9).articles[0].text,
            small(200, 10).articles[0].text
        );
    }

    #[test]
    fn every_placeholder_is_filled_and_urls_are_unique() {
        let corpus = small(600, 1);
        let mut urls = BTreeSet::new();
        for article in &corpus.articles {
            assert!(
                !article.text.contains(['{', '}']),
                "unfilled: {}",
                article.text
            );
            assert!(!article.title.contains(['{', '}']));
            assert!(!article.text.contains(",,") && !article.text.contains(",."));
            assert_eq!(article.text.trim(), article.text);
            assert!(urls.insert(article.url.clone()));
        }
    }

    #[test]
    fn labels_name_events_stories_and_reprints() {
        let corpus = small(800, 2);
        let ids: BTreeMap<&str, &SyntheticArticle> = corpus
            .articles
            .iter()
            .map(|a| (a.label.id.as_str(), a))
            .collect();
        assert_eq!(ids.len(), corpus.articles.len(), "ids are unique");
        let reprints: Vec<&SyntheticArticle> = corpus
            .articles
            .iter()
            .filter(|a| a.label.duplicate_of.is_some())
            .collect();
        assert!(reprints.len() > 800 / 20, "{} reprints", reprints.len());
        for reprint in reprints {
            let original = ids[reprint.label.duplicate_of.as_deref().unwrap()];
            assert_eq!(original.label.event, reprint.label.event);
            assert_ne!(original.outlet, reprint.outlet);
            assert!(original.published <= reprint.published);
            // A reprint shares most of its paragraphs with the wire story.
            let shared = reprint
                .text
                .split("\n\n")
                .filter(|p| original.text.contains(p))
                .count();
            assert!(shared * 2 > reprint.text.split("\n\n").count());
        }
        let n: usize = corpus.events.iter().map(|e| e.n_articles).sum();
        assert_eq!(n, corpus.articles.len());
        let stories: BTreeSet<&str> = corpus.events.iter().map(|e| e.story.as_str()).collect();
        assert!(stories.len() >= 5);
    }

    #[test]
    fn ids_are_the_ids_storyline_computes() {
        let corpus = small(30, 4);
        for article in &corpus.articles {
            let extracted = storyline_extract::extract(&article.raw_document()).unwrap();
            assert_eq!(extracted.id, article.label.id);
        }
    }

    #[test]
    fn articles_carry_quotes_dates_numbers_and_noise() {
        let corpus = small(300, 5);
        let all: String = corpus
            .articles
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        for needle in [
            "READ MORE",
            "contributed to this story.",
            "All rights reserved.",
            "archived article",
            " said.",
            " she ",
            "“",
            "\"",
            "yesterday",
            " per cent",
            "This report was first published by",
        ] {
            assert!(all.contains(needle), "no {needle:?} in the corpus");
        }
        let words = all.split_whitespace().count() / corpus.articles.len();
        assert!((250..900).contains(&words), "{words} words per article");
    }

    #[test]
    fn written_files_read_back() {
        let corpus = small(40, 6);
        let dir = tempfile::tempdir().unwrap();
        corpus.write(dir.path()).unwrap();
        let labels = read_labels(&dir.path().join(LABELS_FILE)).unwrap();
        assert_eq!(labels.len(), 40);
        assert_eq!(labels[3], corpus.articles[3].label);
        let events = read_events(&dir.path().join(EVENTS_FILE)).unwrap();
        assert_eq!(events, corpus.events);
        let loaded = storyline_source::load(&[dir.path().join(CORPUS_FILE)], None);
        assert!(loaded.diagnostics.is_empty());
        assert_eq!(loaded.docs.len(), 40);
        assert!(loaded.docs[5].source.ends_with(&labels[5].source));
        let clusters = std::fs::read_to_string(dir.path().join(CLUSTERS_FILE)).unwrap();
        let first: serde_json::Value =
            serde_json::from_str(clusters.lines().next().unwrap()).unwrap();
        assert_eq!(first["cluster"], corpus.articles[0].label.event.as_str());
        assert_eq!(first["text"], corpus.articles[0].text.as_str());
    }

    #[test]
    fn numbers_and_dates_read_like_news() {
        assert_eq!(format_number(1_250_000, true), "1.2 million");
        assert_eq!(format_number(3_000_000, true), "3 million");
        assert_eq!(format_number(6300, true), "6,300");
        assert_eq!(format_number(4, true), "four");
        assert_eq!(format_number(4, false), "4");
        assert_eq!(round_nicely(3467), 3400);
        assert_eq!(round_nicely(57), 57);
        let d = NaiveDate::from_ymd_opt(2024, 3, 3).unwrap();
        assert_eq!(calendar_date(d, d, false), "March 3");
        assert_eq!(
            calendar_date(d, NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(), true),
            "3 March 2024"
        );
        assert_eq!(allocate(10, &[1.0, 1.0, 2.0]), vec![3, 2, 5]);
    }
}
