//! Read-only views over the stored analysis: `stories`, `timeline`, `compare`, `summary`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use storyline_model::{Citation, CorpusAnalysis, Doc, Event, Story};
use storyline_store::{Location, Store};

use crate::progress::Progress;

/// Options shared by the views.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Store written by `storyline analyze`: an SQLite file or a postgres:// URL.
    #[arg(long, default_value = "storyline.db")]
    pub db: Location,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments naming one story or event by id (a unique prefix is enough).
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Story (`s-...`) or event (`e-...`) id, or a unique prefix of one.
    pub id: String,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// Arguments of `storyline summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Sentences in the summary.
    #[arg(long, default_value_t = storyline_analyse::SUMMARY_SENTENCES)]
    pub sentences: usize,
}

struct Loaded {
    docs: Vec<Doc>,
    analysis: CorpusAnalysis,
}

/// Reads the stored analysis and documents, with a spinner on a terminal
/// unless the view prints JSON.
fn load(db: &Location, json: bool) -> Result<Loaded> {
    if !db.exists() {
        bail!("no database at {} (run `storyline analyze` first)", db);
    }
    let spinner = Progress::for_terminal(json).spinner("reading store");
    let store = Store::connect(db).with_context(|| format!("opening {}", db))?;
    let analysis = store
        .analysis()?
        .with_context(|| format!("{} holds no analysis yet (run `storyline analyze`)", db))?;
    let docs = storyline_pipeline::read_docs(&store, &analysis)?;
    spinner.finish_and_clear();
    Ok(Loaded { docs, analysis })
}

/// Standard output, buffered: the views write through it so that a closed
/// pipe (`storyline stories | head`) is an error `main` ends quietly on,
/// not a panic.
fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

/// Writes `value` as pretty JSON and a newline.
fn print_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// What an id names.
enum Target<'a> {
    Story(&'a Story),
    Event(&'a Event),
}

fn find<'a>(analysis: &'a CorpusAnalysis, id: &str) -> Result<Target<'a>> {
    let stories: Vec<&Story> = analysis
        .stories
        .iter()
        .filter(|s| s.id.starts_with(id))
        .collect();
    let events: Vec<&Event> = analysis
        .events
        .iter()
        .filter(|e| e.id.starts_with(id))
        .collect();
    match (stories.as_slice(), events.as_slice()) {
        ([story], []) => Ok(Target::Story(story)),
        ([], [event]) => Ok(Target::Event(event)),
        ([], []) => bail!("no story or event with id {id:?} (list them with `storyline stories`)"),
        _ => bail!("{id:?} names more than one story or event: give more of the id"),
    }
}

fn articles_of<'a>(analysis: &'a CorpusAnalysis, target: &Target<'a>) -> Vec<&'a str> {
    match target {
        Target::Event(event) => event.articles.iter().map(String::as_str).collect(),
        Target::Story(story) => analysis
            .events
            .iter()
            .filter(|e| story.events.contains(&e.id))
            .flat_map(|e| e.articles.iter().map(String::as_str))
            .collect(),
    }
}

/// An article as the views name it: its outlet and date (`Harbour Wire
/// 2025-03-10`), or its id alone when it is not stored.
fn source_label(docs: &BTreeMap<&str, &Doc>, article: &str) -> String {
    match docs.get(article) {
        Some(doc) => format!(
            "{} {}",
            doc.article.outlet_name().unwrap_or("unknown outlet"),
            doc.article
                .published_date()
                .map(|d| d.to_string())
                .unwrap_or_default()
        )
        .trim()
        .to_string(),
        None => article.to_string(),
    }
}

/// `id (outlet date)`: an article's id with the outlet and date it stands for.
fn article_label(docs: &BTreeMap<&str, &Doc>, article: &str) -> String {
    match docs.get(article) {
        Some(_) => format!("{article} ({})", source_label(docs, article)),
        None => article.to_string(),
    }
}

fn print_citation(
    out: &mut impl Write,
    docs: &BTreeMap<&str, &Doc>,
    citation: &Citation,
) -> std::io::Result<()> {
    writeln!(
        out,
        "    “{}” [{}, {} {}..{}]",
        citation.text,
        source_label(docs, &citation.article),
        citation.article,
        citation.start,
        citation.end
    )
}

/// `storyline stories`: every story with its events.
pub fn stories(args: ViewArgs) -> Result<ExitCode> {
    let loaded = load(&args.db, args.json)?;
    let mut out = stdout();
    if args.json {
        print_json(
            &mut out,
            &serde_json::json!({
                "stories": loaded.analysis.stories, "events": loaded.analysis.events,
            }),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for story in &loaded.analysis.stories {
        writeln!(out, "{}  {}", story.id, story.title)?;
        for event in loaded
            .analysis
            .events
            .iter()
            .filter(|e| story.events.contains(&e.id))
        {
            writeln!(
                out,
                "  {}  {}  {} ({} articles)",
                event.id,
                event
                    .date
                    .map_or("----------".to_string(), |d| d.to_string()),
                event.title,
                event.articles.len()
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `storyline timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Story id (`s-...`), or a unique prefix of one.
    pub id: String,
    /// Show at most this many dates, the most salient (the stored timeline is
    /// the length chosen from the coverage; `analyze --max-dates N` stores N).
    #[arg(long, value_name = "N")]
    pub max_dates: Option<usize>,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `storyline timeline STORY`: the story's dated timeline, each line citing
/// the articles behind it by id and outlet. Timelines belong to stories: an
/// event id is refused, naming the story that holds it.
pub fn timeline(args: TimelineArgs) -> Result<ExitCode> {
    let loaded = load(&args.view.db, args.view.json)?;
    let docs: BTreeMap<&str, &Doc> = loaded
        .docs
        .iter()
        .map(|d| (d.article.id.as_str(), d))
        .collect();
    let story_id = match find(&loaded.analysis, &args.id)? {
        Target::Story(story) => story.id.clone(),
        Target::Event(event) => {
            let holder = loaded
                .analysis
                .stories
                .iter()
                .find(|s| s.events.contains(&event.id))
                .map(|s| format!(": its story is {}, try `storyline timeline {}`", s.id, s.id))
                .unwrap_or_default();
            bail!(
                "{} is an event, and timelines belong to stories{holder}",
                event.id
            );
        }
    };
    let mut entries: Vec<_> = loaded
        .analysis
        .timeline
        .iter()
        .filter(|t| t.story == story_id)
        .collect();
    if let Some(n) = args.max_dates {
        // The n most salient, shown in date order again.
        entries.sort_by(|a, b| b.salience.total_cmp(&a.salience).then(a.date.cmp(&b.date)));
        entries.truncate(n);
        entries.sort_by_key(|e| e.date);
    }
    let mut out = stdout();
    if args.view.json {
        print_json(&mut out, &entries)?;
        return Ok(ExitCode::SUCCESS);
    }
    for entry in entries {
        let sources: Vec<String> = entry
            .sources
            .iter()
            .map(|a| article_label(&docs, a))
            .collect();
        let told_by: Vec<String> = entry
            .summary
            .iter()
            .map(|c| {
                format!(
                    "{} {}..{}",
                    article_label(&docs, &c.article),
                    c.start,
                    c.end
                )
            })
            .collect();
        writeln!(
            out,
            "{:<10} {}{}\n           told by: {}\n           salience {:.1}; sources: {}",
            entry.date,
            if entry.background {
                "(background) "
            } else {
                ""
            },
            entry.text,
            told_by.join("; "),
            entry.salience,
            sources.join("; ")
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `storyline compare EVENT|STORY`: corroborated and conflicting claims,
/// each claim with its outlet, date and article id.
pub fn compare(args: TargetArgs) -> Result<ExitCode> {
    let loaded = load(&args.view.db, args.view.json)?;
    let docs: BTreeMap<&str, &Doc> = loaded
        .docs
        .iter()
        .map(|d| (d.article.id.as_str(), d))
        .collect();
    let target = find(&loaded.analysis, &args.id)?;
    let members = articles_of(&loaded.analysis, &target);
    let relevant =
        |claims: &[Citation]| claims.iter().any(|c| members.contains(&c.article.as_str()));
    let corroborations: Vec<_> = loaded
        .analysis
        .corroborations
        .iter()
        .filter(|c| relevant(&c.claims))
        .collect();
    let conflicts: Vec<_> = loaded
        .analysis
        .conflicts
        .iter()
        .filter(|c| relevant(&c.claims))
        .collect();
    let updates: Vec<_> = loaded
        .analysis
        .updates
        .iter()
        .filter(|c| relevant(&c.claims))
        .collect();
    let mut out = stdout();
    if args.view.json {
        print_json(
            &mut out,
            &serde_json::json!({
                "corroborations": corroborations, "conflicts": conflicts, "updates": updates,
            }),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Corroborated ({}):", corroborations.len())?;
    for item in &corroborations {
        writeln!(out, "  {}", item.what)?;
        for claim in &item.claims {
            print_citation(&mut out, &docs, claim)?;
        }
    }
    writeln!(out, "Conflicting ({}), strongest first:", conflicts.len())?;
    for item in &conflicts {
        writeln!(out, "  {} (confidence {:.2})", item.what, item.confidence)?;
        if let Some(why) = &item.why {
            writeln!(out, "    why: {}", why.reason)?;
        }
        for claim in &item.claims {
            print_citation(&mut out, &docs, claim)?;
        }
    }
    if !updates.is_empty() {
        writeln!(out, "Updated over time ({}):", updates.len())?;
        for item in &updates {
            writeln!(out, "  {}", item.what)?;
            for claim in &item.claims {
                print_citation(&mut out, &docs, claim)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `storyline summary EVENT|STORY [--sentences N]`: a cited extractive
/// summary, each sentence followed by its outlet, date, article id and span.
pub fn summary(args: SummaryArgs) -> Result<ExitCode> {
    let loaded = load(&args.target.view.db, args.target.view.json)?;
    let docs: BTreeMap<&str, &Doc> = loaded
        .docs
        .iter()
        .map(|d| (d.article.id.as_str(), d))
        .collect();
    let mut events = loaded.analysis.events.clone();
    let mut stories = loaded.analysis.stories.clone();
    // Stories get two sentences more than events; ask for what the user wants.
    let per_event = args.sentences;
    storyline_analyse::summarise(&loaded.docs, &mut events, &mut stories, per_event);
    let sentences: Vec<Citation> = match find(&loaded.analysis, &args.target.id)? {
        Target::Event(event) => events
            .iter()
            .find(|e| e.id == event.id)
            .map(|e| e.summary.clone())
            .unwrap_or_default(),
        Target::Story(story) => stories
            .iter()
            .find(|s| s.id == story.id)
            .map(|s| s.summary.iter().take(args.sentences).cloned().collect())
            .unwrap_or_default(),
    };
    let mut out = stdout();
    if args.target.view.json {
        print_json(&mut out, &sentences)?;
        return Ok(ExitCode::SUCCESS);
    }
    for citation in &sentences {
        writeln!(
            out,
            "{} [{}, {} {}..{}]",
            citation.text,
            source_label(&docs, &citation.article),
            citation.article,
            citation.start,
            citation.end
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
