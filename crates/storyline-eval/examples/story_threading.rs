//! Scores event clustering and story threading on a synthetic corpus against
//! its gold `event` and `story` labels (B-cubed and pairwise over articles),
//! and shows why wrongly merged stories were linked: event pairs inside one
//! found story but from different gold stories, with their centroid cosine,
//! days apart and shared actors (with how many events name each), then a
//! table of all event pairs (same gold story / different) by cosine and
//! shared rare actors.
//!
//! ```sh
//! cargo run -p storyline-eval --example story_threading -- --articles 20000 --seed 1
//! ```
//!
//! Options: `--articles N` (default 5000), `--seed S` (default 1), `--show K`
//! (wrongly linked event pairs to print, default 8), `--cache DIR` (keep the
//! sketches there, so a second run skips extraction and annotation).

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use storyline_annotate::fold;
use storyline_cluster::{cluster_sketches, Clustering, EventProfile, Sketch, TermStats};
use storyline_eval::clustering::{bcubed, pairwise, Prf};
use storyline_model::EntityKind;
use storyline_synth::{generate, CorpusSpec, SyntheticArticle};

struct Args {
    articles: usize,
    seed: u64,
    show: usize,
    cache: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        articles: 5000,
        seed: 1,
        show: 8,
        cache: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: std::num::ParseIntError| format!("{flag}: {e}");
        match flag.as_str() {
            "--articles" => args.articles = value.parse().map_err(bad)?,
            "--seed" => args.seed = value.parse().map_err(bad)?,
            "--show" => args.show = value.parse().map_err(bad)?,
            "--cache" => args.cache = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(args)
}

/// The hash storyline-cluster gives an actor's folded name (FNV-1a, 64 bits).
fn actor_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in fold(name).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One article's sketch (if it could be extracted) and the display names of its actors by hash.
type Sketched = (Option<Sketch>, Vec<(u64, String)>);

fn sketch_article(article: &SyntheticArticle) -> Sketched {
    let Ok(extracted) = storyline_extract::extract(&article.raw_document()) else {
        return (None, Vec::new());
    };
    let doc = storyline_annotate::annotate(extracted);
    let names = doc
        .mentions
        .iter()
        .filter(|m| matches!(m.kind, EntityKind::Person | EntityKind::Organisation))
        .map(|m| (actor_hash(&m.entity), m.entity.to_string()))
        .collect();
    (Some(Sketch::of(&doc)), names)
}

fn write_cache(path: &Path, sketched: &[Sketched]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (sketch, names) in sketched {
        let bytes = sketch.as_ref().map(Sketch::to_bytes).unwrap_or_default();
        let names = serde_json::to_vec(names)?;
        for part in [&bytes, &names] {
            out.write_all(&(part.len() as u64).to_le_bytes())?;
            out.write_all(part)?;
        }
    }
    out.flush()
}

fn read_cache(path: &Path, n: usize) -> Option<Vec<Sketched>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let mut rest = bytes.as_slice();
    let mut take = || -> Option<&[u8]> {
        let len = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?) as usize;
        let part = rest.get(8..8 + len)?;
        rest = &rest[8 + len..];
        Some(part)
    };
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let sketch = take()?;
        let sketch = (!sketch.is_empty())
            .then(|| Sketch::from_bytes(sketch).ok())
            .flatten();
        let names = serde_json::from_slice(take()?).ok()?;
        out.push((sketch, names));
    }
    Some(out)
}

fn line(what: &str, found: usize, gold: usize, b3: Prf, pairs: Prf) {
    println!(
        "{what:<7} found {found:>5} gold {gold:>5}  B-cubed P {:.3} R {:.3} F1 {:.3}  pairwise P {:.3} R {:.3} F1 {:.3}",
        b3.precision, b3.recall, b3.f1, pairs.precision, pairs.recall, pairs.f1
    );
}

/// Dense ids for labels, in order of first appearance.
fn dense<'a>(labels: impl Iterator<Item = &'a str>) -> (Vec<usize>, usize) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let out = labels
        .map(|l| {
            let next = ids.len();
            *ids.entry(l).or_insert(next)
        })
        .collect();
    (out, ids.len())
}

fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let b: HashMap<u32, f32> = b.iter().copied().collect();
    a.iter()
        .filter_map(|(t, w)| b.get(t).map(|v| f64::from(w * v)))
        .sum()
}

fn shared(a: &EventProfile, b: &EventProfile) -> Vec<u64> {
    a.actors
        .iter()
        .copied()
        .filter(|x| b.actors.binary_search(x).is_ok())
        .collect()
}

/// How events relate, for error analysis: pairs of events in one found story
/// but different gold stories, with what they share.
fn explain(
    clustering: &Clustering,
    event_gold: &[usize],
    gold_names: &[&str],
    names: &HashMap<u64, String>,
    show: usize,
) {
    let profiles = &clustering.profiles;
    let mut actor_events: HashMap<u64, usize> = HashMap::new();
    for p in profiles {
        for &a in &p.actors {
            *actor_events.entry(a).or_default() += 1;
        }
    }
    let index_of: HashMap<&str, usize> = clustering
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let day = |i: usize| clustering.events[i].date;
    let mut wrong: Vec<(f64, usize, usize)> = Vec::new();
    let mut impure = 0;
    for story in &clustering.stories {
        let members: Vec<usize> = story.events.iter().map(|e| index_of[e.as_str()]).collect();
        let mut golds: Vec<usize> = members.iter().map(|&e| event_gold[e]).collect();
        golds.sort_unstable();
        golds.dedup();
        if golds.len() > 1 {
            impure += 1;
        }
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if event_gold[a] != event_gold[b] {
                    let c = cosine(&profiles[a].centroid, &profiles[b].centroid);
                    let s = shared(&profiles[a], &profiles[b]).len() as f64;
                    wrong.push((c + 0.1 * s, a, b));
                }
            }
        }
    }
    println!(
        "found stories mixing gold stories: {impure}; cross-story event pairs inside found stories: {}",
        wrong.len()
    );
    wrong.sort_by(|x, y| y.0.total_cmp(&x.0));
    // Spread the examples over different found-story pairs of gold stories.
    let mut seen = std::collections::HashSet::new();
    for &(_, a, b) in wrong.iter() {
        if seen.len() >= show {
            break;
        }
        let key = (
            event_gold[a].min(event_gold[b]),
            event_gold[a].max(event_gold[b]),
        );
        if !seen.insert(key) {
            continue;
        }
        let gap = day(a)
            .zip(day(b))
            .map(|(x, y)| (y - x).num_days().abs().to_string())
            .unwrap_or_else(|| "?".into());
        let actors: Vec<String> = shared(&profiles[a], &profiles[b])
            .iter()
            .map(|h| {
                format!(
                    "{} ({} events)",
                    names.get(h).map(String::as_str).unwrap_or("?"),
                    actor_events[h]
                )
            })
            .collect();
        println!(
            "  {} / {}: cosine {:.3}, {gap} days apart, shared actors: {}\n    {:?}\n    {:?}",
            gold_names[event_gold[a]],
            gold_names[event_gold[b]],
            cosine(&profiles[a].centroid, &profiles[b].centroid),
            if actors.is_empty() {
                "none".into()
            } else {
                actors.join(", ")
            },
            clustering.events[a].title,
            clustering.events[b].title,
        );
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let started = Instant::now();
    let corpus = generate(&CorpusSpec {
        articles: args.articles,
        seed: args.seed,
        ..CorpusSpec::default()
    });
    let cache = args
        .cache
        .as_ref()
        .map(|dir| dir.join(format!("sketches-{}-{}.bin", args.articles, args.seed)));
    let cached = cache
        .as_deref()
        .and_then(|p| read_cache(p, corpus.articles.len()));
    let sketched = match cached {
        Some(s) => s,
        None => {
            let s: Vec<Sketched> = corpus.articles.par_iter().map(sketch_article).collect();
            if let Some(path) = &cache {
                std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
                write_cache(path, &s)?;
            }
            s
        }
    };
    let prepare_seconds = started.elapsed().as_secs_f64();
    let mut names: HashMap<u64, String> = HashMap::new();
    for (_, list) in &sketched {
        for (hash, name) in list {
            names.entry(*hash).or_insert_with(|| name.clone());
        }
    }
    let (articles, sketches): (Vec<&SyntheticArticle>, Vec<Sketch>) = corpus
        .articles
        .iter()
        .zip(sketched)
        .filter_map(|(a, (s, _))| s.map(|s| (a, s)))
        .unzip();

    let started = Instant::now();
    let stats = TermStats::of(&sketches);
    let clustering = cluster_sketches(&sketches, &stats);
    let cluster_seconds = started.elapsed().as_secs_f64();

    let story_of_event: HashMap<&str, usize> = clustering
        .stories
        .iter()
        .enumerate()
        .flat_map(|(s, story)| story.events.iter().map(move |e| (e.as_str(), s)))
        .collect();
    let mut event_of_article: HashMap<&str, usize> = HashMap::new();
    for (index, event) in clustering.events.iter().enumerate() {
        for id in &event.articles {
            event_of_article.insert(id.as_str(), index);
        }
    }
    // Identical texts share an id: each record keeps its own gold label.
    let found_events: Vec<usize> = sketches
        .iter()
        .map(|s| {
            event_of_article
                .get(s.id.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        })
        .collect();
    let found_stories: Vec<usize> = found_events
        .iter()
        .map(|&e| {
            clustering
                .events
                .get(e)
                .and_then(|e| story_of_event.get(e.id.as_str()).copied())
                .unwrap_or(usize::MAX)
        })
        .collect();
    let (gold_events, n_gold_events) = dense(articles.iter().map(|a| a.label.event.as_str()));
    let (gold_stories, n_gold_stories) = dense(articles.iter().map(|a| a.label.story.as_str()));

    println!(
        "corpus: {} articles (seed {}), {} sketched; prepare {prepare_seconds:.1} s, cluster {cluster_seconds:.1} s",
        args.articles,
        args.seed,
        sketches.len()
    );
    line(
        "events",
        clustering.events.len(),
        n_gold_events,
        bcubed(&gold_events, &found_events),
        pairwise(&gold_events, &found_events),
    );
    line(
        "stories",
        clustering.stories.len(),
        n_gold_stories,
        bcubed(&gold_stories, &found_stories),
        pairwise(&gold_stories, &found_stories),
    );

    // Each found event's gold story: the one most of its articles belong to.
    let mut votes: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); clustering.events.len()];
    for (&e, &g) in found_events.iter().zip(&gold_stories) {
        if let Some(v) = votes.get_mut(e) {
            *v.entry(g).or_default() += 1;
        }
    }
    let event_gold: Vec<usize> = votes
        .iter()
        .map(|v| {
            v.iter()
                .max_by_key(|(g, c)| (**c, std::cmp::Reverse(**g)))
                .map(|(g, _)| *g)
                .unwrap_or(usize::MAX)
        })
        .collect();
    let mut gold_names: Vec<&str> = vec![""; n_gold_stories];
    for (a, &g) in articles.iter().zip(&gold_stories) {
        gold_names[g] = a.label.story.as_str();
    }
    explain(&clustering, &event_gold, &gold_names, &names, args.show);
    pair_table(&clustering, &event_gold);
    Ok(())
}

/// Event pairs in the same gold story and in different ones, by centroid
/// cosine (columns) and how many actors they share that are named in at most
/// `rare` events (rows), the rare limit story threading uses.
fn pair_table(clustering: &Clustering, event_gold: &[usize]) {
    let profiles = &clustering.profiles;
    let n = profiles.len();
    // An actor in at most a twentieth of the events (between 8 and 50) counts as rare here.
    let rare = (n / 20).clamp(8, 50);
    let mut actor_events: HashMap<u64, usize> = HashMap::new();
    for p in profiles {
        for &a in &p.actors {
            *actor_events.entry(a).or_default() += 1;
        }
    }
    const COLUMNS: [f64; 7] = [0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 2.0];
    let mut same = [[0usize; 7]; 6];
    let mut cross = [[0usize; 7]; 6];
    for a in 0..n {
        for b in a + 1..n {
            let c = cosine(&profiles[a].centroid, &profiles[b].centroid);
            let rare_shared = shared(&profiles[a], &profiles[b])
                .iter()
                .filter(|x| actor_events[x] <= rare)
                .count();
            let col = COLUMNS.iter().position(|&e| c < e).unwrap_or(6);
            let row = rare_shared.min(5);
            if event_gold[a] == event_gold[b] {
                same[row][col] += 1;
            } else {
                cross[row][col] += 1;
            }
        }
    }
    println!(
        "event pairs, same gold story/different; rows: shared actors in at most {rare} events, columns: cosine below"
    );
    print!("{:>6}", "");
    for e in COLUMNS {
        print!("{e:>13}");
    }
    println!();
    for row in 0..6 {
        print!("{row:>6}");
        for col in 0..7 {
            print!("{:>13}", format!("{}/{}", same[row][col], cross[row][col]));
        }
        println!();
    }
}
