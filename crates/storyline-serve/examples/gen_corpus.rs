//! Builds a large storyline database from invented templates, for load tests
//! of `storyline serve` (see `scripts/bench-serve.sh`).
//!
//! ```sh
//! cargo run --release -p storyline-serve --example gen_corpus -- --db big.db --articles 100000
//! ```
//!
//! Every name, place, outlet and sentence is made up here. Articles go through
//! the real per-article stages (extract, annotate) and the real store. The
//! corpus stages are run story by story with the generator's own events and
//! stories (it knows which article reports what), because event clustering and
//! quote comparison are quadratic over the whole corpus: this builds the
//! database a full `storyline analyze` would, in minutes rather than days.
//! Entities found in several stories are merged by name and kind afterwards.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;
use storyline_model::{
    content_hash, ContentKind, CorpusAnalysis, Doc, Entity, EntityKind, Event, Hints, RawDocument,
    Story,
};
use storyline_store::Store;

const FIRST: &[&str] = &[
    "Ilse", "Dragan", "Søren", "Zoë", "Łukasz", "Ana", "Matías", "Håkon", "Eliška", "Tomasz",
    "Renée", "Oskar", "Leila", "Jonas", "Marta", "Pavel", "Inês", "Kai", "Nadia", "Bruno",
];
const LAST: &[&str] = &[
    "Varnak",
    "Lindqvist",
    "Petrović",
    "Okonjo",
    "Brennan",
    "Halvorsen",
    "Novák",
    "Quiroga",
    "Østby",
    "Castell",
    "Drummond",
    "Kaldera",
    "Moreau",
    "Selin",
    "Arvidsson",
    "Tkachenko",
    "Ferreira",
    "Wójcik",
    "Lambert",
    "Rask",
];
const COUNTRIES: &[(&str, &str)] = &[
    ("Norvalia", "Norvalian"),
    ("Castreva", "Castrevan"),
    ("Almor", "Almoran"),
    ("Pellardy", "Pellardian"),
    ("Ostmark", "Ostmarker"),
    ("Veridia", "Veridian"),
    ("Kessland", "Kesslander"),
    ("Marovia", "Marovian"),
    ("Trelane", "Trelanian"),
    ("Sundhavn", "Sundhavner"),
    ("Quellin", "Quellinese"),
    ("Brasova", "Brasovan"),
];
const CITIES: &[&str] = &[
    "Port Ellis",
    "Dunmere",
    "Karsk",
    "Vellingford",
    "Solberg",
    "Mistral Bay",
    "Orrin",
    "Tessaly",
    "Grauhaven",
    "Lorn",
    "Brightwater",
    "Kovo",
    "Santa Mirela",
    "Eskelund",
    "Fairhollow",
    "Ardan",
];
/// (outlet, wire credit if it is a wire agency).
const OUTLETS: &[(&str, Option<&str>)] = &[
    ("Meridian Wire", Some("MW")),
    ("The Lantern Post", None),
    ("Northshore Herald", None),
    ("Capital Ledger", None),
    ("Harbourside Times", None),
    ("Continental Press Agency", Some("CPA")),
    ("The Evening Courier", None),
    ("Radio Tessaly", None),
    ("The Quarterdeck", None),
    ("Valley Gazette", None),
    ("Daily Compass", None),
    ("The Civic Observer", None),
];

/// One kind of story and the phases its events go through.
struct Topic {
    noun: &'static str,
    counted: &'static str,
    org: &'static str,
    role: &'static str,
    place_kind: &'static str,
    phases: [&'static str; 5],
    quotes: [&'static str; 6],
}

const TOPICS: &[Topic] = &[
    Topic {
        noun: "dock strike",
        counted: "dock workers",
        org: "Harbour Workers’ Federation",
        role: "union leader",
        place_kind: "port",
        phases: [
            "Dock workers walk out at the port of {city}",
            "Strike at {city} spreads to rail depots",
            "Talks in {city2} end without agreement",
            "Union and port operators agree on pay deal",
            "Port of {city} reopens as backlog clears",
        ],
        quotes: [
            "We will not back down until our demands are met",
            "Nobody wins when the port stands still",
            "This is a matter of fairness, not of money",
            "The door to dialogue remains open",
            "Every day of delay costs our exporters dearly",
            "We’re proud of what our members achieved",
        ],
    },
    Topic {
        noun: "flooding",
        counted: "residents",
        org: "National Relief Agency",
        role: "relief coordinator",
        place_kind: "river valley",
        phases: [
            "Floods force evacuations around {city}",
            "River breaches defences south of {city}",
            "Relief convoys reach cut-off villages near {city}",
            "Government approves reconstruction fund",
            "Residents return to {city} as waters recede",
        ],
        quotes: [
            "Families here have lost everything in a single night",
            "We need answers, and we need them now",
            "The water rose faster than anyone predicted",
            "No one will be left to face this alone",
            "The defences did what they could; the rain did the rest",
            "It’s going to take years to rebuild",
        ],
    },
    Topic {
        noun: "tariff dispute",
        counted: "trucks",
        org: "Regional Trade Council",
        role: "trade envoy",
        place_kind: "border crossing",
        phases: [
            "{country} imposes levy on {country2} freight",
            "Lorries queue for days at the {city} crossing",
            "Mediated talks in {city2} collapse",
            "Both sides sign accord to phase out the levy",
            "Freight traffic returns to normal at {city}",
        ],
        quotes: [
            "The levy is a tax on our neighbours’ patience",
            "We did not start this dispute and we will not be blamed for it",
            "Trade is not a weapon",
            "This accord protects jobs on both sides of the border",
            "We offered more than anyone expected",
            "The queues will be gone within a week",
        ],
    },
    Topic {
        noun: "wildfire",
        counted: "hectares",
        org: "Forest Fire Service",
        role: "fire chief",
        place_kind: "forest",
        phases: [
            "Wildfire breaks out in the hills above {city}",
            "Fire jumps the motorway near {city}",
            "Crews from {country2} join the fight",
            "Firefighters contain the blaze",
            "Inquiry opens into the {city} fire",
        ],
        quotes: [
            "The wind is our biggest enemy tonight",
            "Stay away from the fire zone",
            "Our crews have not slept in three days",
            "We owe our neighbours a great debt",
            "The fire is contained but not out",
            "Questions about preparedness must be answered",
        ],
    },
    Topic {
        noun: "election",
        counted: "votes",
        org: "Electoral Commission",
        role: "commission spokeswoman",
        place_kind: "capital",
        phases: [
            "{country} calls snap election",
            "Campaign enters final week in {city}",
            "Voters go to the polls across {country}",
            "Recount ordered in {city} district",
            "New coalition sworn in",
        ],
        quotes: [
            "The people deserve a real choice",
            "We will govern for everyone, not only for those who voted for us",
            "Every vote will be counted, however long it takes",
            "This result is a mandate for change",
            "The recount changes nothing about the outcome",
            "I’m ready to serve",
        ],
    },
];
const READ_MORE: &[&str] = &[
    "Ten ferry routes worth taking this summer",
    "How the new tram line changed a neighbourhood",
    "Opinion: the budget nobody asked for",
    "Photos: the week in pictures",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// SplitMix64: small, fast and deterministic, so one seed gives one corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Thousands separators: 12500 → "12,500".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Person {
    name: String,
    surname: &'static str,
    title: String,
}

struct StoryPlan {
    topic: &'static Topic,
    country: (&'static str, &'static str),
    country2: (&'static str, &'static str),
    city: &'static str,
    city2: &'static str,
    people: [Person; 3],
    start: NaiveDate,
    base_count: u64,
    since: i32,
}

fn plan_story(rng: &mut Rng) -> StoryPlan {
    let topic = rng.pick(TOPICS);
    let country = *rng.pick(COUNTRIES);
    let mut country2 = *rng.pick(COUNTRIES);
    while country2 == country {
        country2 = *rng.pick(COUNTRIES);
    }
    let city = *rng.pick(CITIES);
    let mut city2 = *rng.pick(CITIES);
    while city2 == city {
        city2 = *rng.pick(CITIES);
    }
    let mut person = |title: String| {
        let surname = *rng.pick(LAST);
        Person {
            name: format!("{} {}", rng.pick(FIRST), surname),
            surname,
            title,
        }
    };
    let people = [
        person(format!("{} Prime Minister", country.1)),
        person(format!("{} Foreign Minister", country2.1)),
        person(topic.role.to_string()),
    ];
    let start = NaiveDate::from_ymd_opt(2023, 1, 2).unwrap_or_default()
        + Duration::days(rng.below(3 * 365) as i64);
    StoryPlan {
        topic,
        country,
        country2,
        city,
        city2,
        people,
        start,
        base_count: (2 + rng.below(40) as u64) * 500,
        since: 1950 + rng.below(60) as i32,
    }
}

fn fill(template: &str, plan: &StoryPlan) -> String {
    template
        .replace("{city2}", plan.city2)
        .replace("{city}", plan.city)
        .replace("{country2}", plan.country2.0)
        .replace("{country}", plan.country.0)
}

/// One article about phase `phase` of `plan`, as `outlet` would write it.
fn write_article(
    plan: &StoryPlan,
    phase: usize,
    outlet: (&'static str, Option<&'static str>),
    event_day: NaiveDate,
    rng: &mut Rng,
) -> (String, String, NaiveDate) {
    let topic = plan.topic;
    let published = event_day + Duration::days(rng.below(2) as i64);
    let weekday = WEEKDAYS[event_day.weekday().num_days_from_monday() as usize];
    let when = if published == event_day {
        "on ".to_string() + weekday
    } else {
        "yesterday".to_string()
    };
    let headline = fill(topic.phases[phase], plan);
    let [leader, rival, speaker] = &plan.people;
    // Most outlets agree on the count; a few report a different one (a conflict to find).
    let count = if rng.chance(15) {
        plan.base_count * 3 / 2
    } else {
        plan.base_count
    };
    let approx = *rng.pick(&["about", "some", "nearly", "more than"]);
    let q1 = topic.quotes[(phase + rng.below(2)) % topic.quotes.len()];
    let q2 = topic.quotes[(phase + 2 + rng.below(3)) % topic.quotes.len()];
    let dateline = match outlet.1 {
        Some(credit) => format!("{} ({credit}) — ", plan.city.to_uppercase()),
        None => String::new(),
    };
    let mut paragraphs = vec![
        format!(
            "{dateline}{headline} {when}, as the {} over the {} {} dragged into its {} week.",
            topic.noun,
            plan.city,
            topic.place_kind,
            ["first", "second", "third", "fourth", "fifth"][phase]
        ),
        format!(
            "“{q1},” {} {} told reporters in {}.",
            leader.title, leader.name, plan.city
        ),
        format!(
            "{} {approx} {} {} {} were affected, according to the {}.",
            if approx == "about" { "In all," } else { "So far" },
            grouped(count),
            topic.counted,
            if phase < 2 { "" } else { "in total" },
            topic.org
        )
        .replace("  ", " "),
        format!(
            "{}, the {}, said that {} had not been consulted before the decision and would raise the matter with the bloc’s ministers next {}.",
            rival.name,
            rival.title,
            plan.country2.0,
            WEEKDAYS[rng.below(5)]
        ),
        format!(
            "The {} {} has been a source of friction since {}, when the two governments last clashed over it.",
            plan.city, topic.place_kind, plan.since
        ),
        format!("\"{q2},\" {} said.", rival.surname),
        format!(
            "The {} {}, {}, said the next steps would be decided by the end of the month.",
            topic.org, speaker.title, speaker.name
        ),
    ];
    // Outlets cut and reorder: wire copy is kept whole, others drop a paragraph or two.
    if outlet.1.is_none() {
        let drop = 3 + rng.below(paragraphs.len() - 3);
        paragraphs.remove(drop);
        if rng.chance(30) {
            paragraphs.swap(1, 2);
        }
    }
    if rng.chance(25) {
        let at = 2 + rng.below(paragraphs.len() - 2);
        paragraphs.insert(at, format!("READ MORE: {}", rng.pick(READ_MORE)));
    }
    if rng.chance(20) {
        paragraphs.insert(
            1,
            format!(
                "{} in {} on {}. Photo: {} {}/{}",
                leader.name,
                plan.city,
                weekday,
                rng.pick(FIRST),
                rng.pick(LAST),
                outlet.0
            ),
        );
    }
    (headline, paragraphs.join("\n\n"), published)
}

struct Built {
    docs: Vec<Doc>,
    analysis: CorpusAnalysis,
}

/// Writes one story's articles, runs the per-article stages, and analyses the story.
fn build_story(index: usize, seed: u64, n_articles: usize) -> Built {
    let mut rng = Rng(seed ^ (index as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let plan = plan_story(&mut rng);
    let per_event = n_articles.div_ceil(5).max(1);
    let mut events = Vec::new();
    let mut docs = Vec::new();
    let mut day = plan.start;
    let mut written = 0;
    for phase in 0..5 {
        if written >= n_articles {
            break;
        }
        let mut ids = Vec::new();
        let first_outlet = rng.below(OUTLETS.len());
        for k in 0..per_event.min(n_articles - written) {
            let outlet = OUTLETS[(first_outlet + k) % OUTLETS.len()];
            let (title, text, published) = write_article(&plan, phase, outlet, day, &mut rng);
            let slug: String = title
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let raw = RawDocument {
                source: format!("gen/{index:06}/{phase}-{k}.txt"),
                kind: ContentKind::Text,
                content: text,
                hints: Hints {
                    outlet: Some(outlet.0.to_string()),
                    published: Some(published),
                    url: Some(format!(
                        "https://{}.example/{published}/{slug}-{index}",
                        outlet.0.to_lowercase().replace(' ', "")
                    )),
                    title: Some(title),
                },
            };
            if let Ok(article) = storyline_extract::extract(&raw) {
                let doc = storyline_annotate::annotate(article);
                ids.push(doc.article.id.clone());
                docs.push(doc);
            }
            written += 1;
        }
        ids.sort();
        ids.dedup();
        events.push(Event {
            id: format!("e-{}", &content_hash(ids.join(",").as_bytes())[..10]),
            date: Some(day.to_string()),
            title: fill(plan.topic.phases[phase], &plan),
            articles: ids,
            summary: Vec::new(),
        });
        day += Duration::days(5 + rng.below(20) as i64);
    }
    let event_ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
    let story = Story {
        id: format!("s-{}", &content_hash(event_ids.join(",").as_bytes())[..10]),
        title: format!(
            "{}, {}: {}",
            plan.people[0].name,
            plan.city,
            fill(plan.topic.phases[4], &plan)
        ),
        events: event_ids,
        summary: Vec::new(),
    };
    let duplicates = storyline_dedupe::find_duplicates(&docs);
    let analysis = storyline_analyse::analyse(&mut docs, duplicates, events, vec![story]);
    Built { docs, analysis }
}

/// Adds one story's analysis to the corpus's, merging entities by name and kind.
fn merge(
    into: &mut CorpusAnalysis,
    entities: &mut BTreeMap<(String, EntityKind), Entity>,
    part: CorpusAnalysis,
) {
    into.duplicates.extend(part.duplicates);
    into.events.extend(part.events);
    into.stories.extend(part.stories);
    into.timeline.extend(part.timeline);
    into.corroborations.extend(part.corroborations);
    into.conflicts.extend(part.conflicts);
    for entity in part.entities {
        match entities.entry((entity.name.clone(), entity.kind)) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(entity);
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                let known = slot.get_mut();
                known.mentions.extend(entity.mentions);
                for alias in entity.aliases {
                    if !known.aliases.contains(&alias) {
                        known.aliases.push(alias);
                    }
                }
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut db = PathBuf::from("gen-corpus.db");
    let mut n_articles: usize = 100_000;
    let mut per_story: usize = 25;
    let mut seed: u64 = 7;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--db" => db = PathBuf::from(value()?),
            "--articles" => n_articles = value()?.parse()?,
            "--per-story" => per_story = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "-h" | "--help" => {
                println!("gen_corpus [--db FILE] [--articles N] [--per-story N] [--seed N]");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if db.exists() {
        return Err(format!("{} exists; remove it first", db.display()).into());
    }
    let started = Instant::now();
    let mut store = Store::open(&db)?;
    let per_story = per_story.max(1);
    let mut analysis = CorpusAnalysis::default();
    let mut entities = BTreeMap::new();
    let mut stored = 0;
    let mut next_story = 0;
    // Stories in chunks: built in parallel, stored in order. Two articles can
    // come out identical (one content hash, stored once), so stories are
    // added until the store holds `n_articles`.
    while stored < n_articles {
        let missing = n_articles - stored;
        let chunk = missing.div_ceil(per_story).min(64);
        let built: Vec<Built> = (next_story..next_story + chunk)
            .into_par_iter()
            .map(|s| {
                let n = per_story.min(missing - (s - next_story) * per_story);
                build_story(s, seed, n)
            })
            .collect();
        next_story += chunk;
        for story in built {
            stored += store.put_docs(&story.docs)?.added;
            merge(&mut analysis, &mut entities, story.analysis);
        }
        eprint!(
            "\rgen_corpus: {stored}/{n_articles} articles, {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    analysis.entities = entities.into_values().collect();
    store.put_analysis(&analysis)?;
    store.put_diagnostics(&[])?;
    eprintln!(
        "\ngen_corpus: {} articles, {} events, {} stories, {} entities in {} ({:.0} s)",
        store.article_count()?,
        analysis.events.len(),
        analysis.stories.len(),
        analysis.entities.len(),
        db.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
