//! The shared deployment end to end, against the real services: articles
//! queued on NATS JetStream, two workers and a coordinator writing to
//! PostgreSQL, one worker killed with SIGKILL in the middle of the run.
//!
//! Needs `STORYLINE_PG_URL` (a database the test may create others from) and
//! `STORYLINE_NATS_URL`; `.ci/run` sets both. Without them the test says so
//! and passes without running.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo_root, storyline};

/// Six invented happenings, each reported by several outlets over a few days.
const HAPPENINGS: &[(&str, &str, [&str; 6])] = &[
    (
        "2025-02-03",
        "Orvik",
        [
            "Floodwater from the Tamsa river reached the centre of Orvik on Monday",
            "Rescue crews in Orvik moved families from the low streets by boat",
            "The Tamsa rose above the old flood wall near the Orvik grain market",
            "Mayor Ilse Varga said the pumps at the Orvik station had failed overnight",
            "Schools across Orvik stayed shut while the Tamsa kept rising",
            "Engineers warned that the Orvik flood wall could give way further south",
        ],
    ),
    (
        "2025-03-11",
        "Kestrel",
        [
            "Workers at the Kestrel copper mine walked out over unpaid overtime",
            "The Kestrel miners' union said the strike would go on until wages are paid",
            "Ore trucks stood idle at the Kestrel gates as pickets blocked the road",
            "Mine owner Baltic Ore said talks with the Kestrel union had broken down",
            "Copper prices rose as the Kestrel stoppage entered another day",
            "Families of the Kestrel miners brought food to the picket lines",
        ],
    ),
    (
        "2025-04-22",
        "Solberg",
        [
            "A fire broke out in the Solberg city library late on Tuesday",
            "Firefighters in Solberg fought the library blaze for six hours",
            "Rare manuscripts were carried out of the burning Solberg library by volunteers",
            "The Solberg fire chief said faulty wiring in the reading room was the likely cause",
            "Smoke from the Solberg library fire closed the main square",
            "The city council of Solberg promised to rebuild the library within two years",
        ],
    ),
    (
        "2025-05-30",
        "Marrow Bay",
        [
            "A cargo ship ran aground at the mouth of Marrow Bay in heavy fog",
            "Coast guard boats pulled the crew of the grounded ship off at Marrow Bay",
            "Fuel leaked from the hull of the ship stuck in Marrow Bay",
            "Fishermen in Marrow Bay feared the spill would reach the oyster beds",
            "Salvage tugs tried to free the ship at high tide in Marrow Bay",
            "The harbour master of Marrow Bay closed the channel to other vessels",
        ],
    ),
    (
        "2025-07-14",
        "Dunmere",
        [
            "Voters in Dunmere elected Petra Holm as mayor by a narrow margin",
            "Petra Holm promised to fix the Dunmere tram line in her first year",
            "Turnout in the Dunmere vote was the highest in two decades",
            "The defeated Dunmere mayor conceded late on Sunday night",
            "Supporters of Petra Holm celebrated in the Dunmere market square",
            "Holm said her Dunmere council would publish every contract online",
        ],
    ),
    (
        "2025-09-02",
        "Aldenfjord",
        [
            "A landslide buried the coast road north of Aldenfjord after days of rain",
            "Drivers were trapped for hours on the Aldenfjord road before crews reached them",
            "Geologists said the slope above Aldenfjord had been moving for weeks",
            "The road authority closed the Aldenfjord route until the slope is secured",
            "Ferries to Aldenfjord added sailings while the road stays shut",
            "Residents of Aldenfjord asked why warnings about the slope were ignored",
        ],
    ),
];

const WITNESSES: &[&str] = &[
    "baker",
    "teacher",
    "driver",
    "nurse",
    "student",
    "farmer",
    "pensioner",
];
const STREETS: &[&str] = &["harbour", "old town", "station", "market", "hillside"];
const SIGHTS: &[&str] = &["crowd", "square", "bridge", "road", "river", "gate"];
const MOODS: &[&str] = &["calm", "tense", "grim", "hopeful"];

const OUTLETS: &[&str] = &[
    "Northern Courier",
    "Harbour Wire",
    "The Evening Lamp",
    "Valley Post",
    "Coastline Daily",
];

/// Writes `per_happening` articles about each happening into `dir`, each a
/// headline and one paragraph with its own numbers, and a manifest naming
/// outlet and date. No line recurs: boilerplate that recurs across articles is
/// found within each worker's batch, so a corpus with such lines could lose
/// different lines in a shared run than in one `analyze` (see ARCHITECTURE.md).
fn write_corpus(dir: &Path, per_happening: usize) -> usize {
    let mut manifest = String::new();
    let mut count = 0;
    for (h, (date, place, sentences)) in HAPPENINGS.iter().enumerate() {
        let day: chrono::NaiveDate = date.parse().unwrap();
        for n in 0..per_happening {
            let outlet = OUTLETS[(h + n) % OUTLETS.len()];
            let published = day + chrono::Duration::days((n % 3) as i64);
            let mut text = String::new();
            for k in 0..4 {
                let sentence = sentences[(n + k * (h + 1)) % sentences.len()];
                text.push_str(sentence);
                text.push_str(". ");
            }
            // A closing sentence of words, not only numbers, told apart per
            // article (numbers alone would make it a template, which the
            // boilerplate step removes when it recurs).
            text.push_str(&format!(
                "A {} from the {} told reporters the {} near {place} looked {}.",
                WITNESSES[n % WITNESSES.len()],
                STREETS[n % STREETS.len()],
                SIGHTS[n % SIGHTS.len()],
                MOODS[n % MOODS.len()],
            ));
            let file = format!("h{h}-{n:03}.txt");
            std::fs::write(
                dir.join(&file),
                format!("{place}, day {}: {}\n\n{text}\n", n + 1, sentences[n % 6]),
            )
            .unwrap();
            manifest.push_str(&format!(
                "{{\"file\": \"{file}\", \"outlet\": \"{outlet}\", \"published\": \"{published}\"}}\n"
            ));
            count += 1;
        }
    }
    std::fs::write(dir.join("manifest.jsonl"), manifest).unwrap();
    count
}

fn service_urls() -> Option<(String, String)> {
    let pg = std::env::var("STORYLINE_PG_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let nats = std::env::var("STORYLINE_NATS_URL")
        .ok()
        .filter(|u| !u.is_empty());
    match (pg, nats) {
        (Some(pg), Some(nats)) => Some((pg, nats)),
        _ => {
            eprintln!(
                "skipping the queue test: STORYLINE_PG_URL and STORYLINE_NATS_URL must both be set"
            );
            None
        }
    }
}

/// `url` naming database `name` instead of its own.
fn with_database(url: &str, name: &str) -> String {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[authority_start..];
    let path_start = rest.find(['/', '?']).unwrap_or(rest.len());
    let query = rest[path_start..]
        .find('?')
        .map_or("", |i| &rest[path_start + i..]);
    format!("{}/{name}{query}", &url[..authority_start + path_start])
}

fn spawn(args: &[&str], nats: &str, log: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .env("STORYLINE_NATS_URL", nats)
        .current_dir(repo_root())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn workers_killed_mid_run_lose_nothing_and_duplicate_nothing() {
    let Some((pg, nats)) = service_urls() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let articles = write_corpus(&corpus, 40);
    let corpus_arg = corpus.to_str().unwrap();
    let manifest = corpus.join("manifest.jsonl");
    let manifest_arg = manifest.to_str().unwrap();

    // The single-process run the shared one must equal.
    let sqlite = dir.path().join("single.db");
    let single = storyline(&[
        "analyze",
        corpus_arg,
        "--manifest",
        manifest_arg,
        "--db",
        sqlite.to_str().unwrap(),
        "-o",
        dir.path().join("single.md").to_str().unwrap(),
    ]);
    assert!(single.status.success(), "{}", common::stderr(&single));

    // A database and a queue of this test's own.
    let name = format!("storyline_queue_test_{}", std::process::id());
    let mut admin = postgres::Client::connect(&pg, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let db = with_database(&pg, &name);
    let queue = name.clone();
    let queue_args = ["--queue", queue.as_str(), "--ack-wait", "2"];

    let enqueue = storyline(
        &[
            &[
                "enqueue",
                corpus_arg,
                "--manifest",
                manifest_arg,
                "--nats",
                &nats,
            ][..],
            &queue_args[..],
        ]
        .concat(),
    );
    assert!(enqueue.status.success(), "{}", common::stderr(&enqueue));

    let worker_args = [
        &["worker", "--db", db.as_str(), "--batch", "8"][..],
        &queue_args[..],
    ]
    .concat();
    let logs = dir.path();
    let mut doomed = spawn(&worker_args, &nats, &logs.join("worker-a.log"));
    let mut survivor = spawn(&worker_args, &nats, &logs.join("worker-b.log"));
    let coordinator_args = [
        &[
            "coordinate",
            "--db",
            db.as_str(),
            "--poll",
            "0.2",
            "--max-delay",
            "600",
            "--exit-when-idle",
        ][..],
        &queue_args[..],
    ]
    .concat();
    let mut coordinator = spawn(&coordinator_args, &nats, &logs.join("coordinator.log"));

    // Kill the first worker with SIGKILL once the workers have committed
    // a few batches: it is then most likely holding a batch it has not acknowledged.
    let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let started = Instant::now();
    loop {
        let stored = client
            .query_opt(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'articles'",
                &[],
            )
            .unwrap()
            .map_or(0, |row| row.get::<_, i64>(0));
        if stored > 0 && count(&mut client, "SELECT COUNT(*) FROM articles") >= 24 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "workers stored nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    doomed.kill().unwrap();
    doomed.wait().unwrap();

    // The coordinator stops once every job is acknowledged and analysed.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = coordinator.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(240) {
            let _ = coordinator.kill();
            let _ = survivor.kill();
            panic!(
                "the run did not finish; coordinator log:\n{}",
                std::fs::read_to_string(logs.join("coordinator.log")).unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = survivor.kill();
    let _ = survivor.wait();
    assert!(
        status.success(),
        "{}",
        std::fs::read_to_string(logs.join("coordinator.log")).unwrap()
    );

    // Every article stored exactly once, with one version each.
    assert_eq!(
        count(&mut client, "SELECT COUNT(*) FROM articles"),
        articles as i64
    );
    assert_eq!(
        count(&mut client, "SELECT COUNT(*) FROM article_revisions"),
        articles as i64
    );
    assert_eq!(
        count(&mut client, "SELECT COUNT(*) FROM article_fts"),
        articles as i64
    );

    // The analysis equals the single-process run's.
    let stories = |db: &str| {
        let output = storyline(&["stories", "--db", db, "--json"]);
        assert!(output.status.success(), "{}", common::stderr(&output));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let shared = stories(&db);
    assert_eq!(shared, stories(sqlite.to_str().unwrap()));
    assert!(
        shared["stories"].as_array().is_some_and(|s| !s.is_empty()),
        "no stories: {shared}"
    );

    drop(client);
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
}
