//! `storyline analyze`: the main job.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use storyline_store::Location;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use storyline_report::Report;

use crate::pipeline;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown for reading.
    Md,
    /// The JSON contract of docs/report-format.md.
    Json,
    /// Self-contained HTML for sharing.
    Html,
}

/// Examples shown after `storyline analyze --help`: naming the outlet of a
/// whole file, and `--map` for the field names of common news dumps (fields
/// named `text`, `content`, `body`, `title`, `headline`, `date`, `published`,
/// `url`, `outlet`, `site_name` or `publisher` are read without a map).
pub const EXAMPLES: &str = "\
Examples:
  storyline analyze examples/demo --manifest examples/demo/manifest.jsonl -o report.md
  storyline analyze wire.jsonl --outlet 'Harbour Wire'        one outlet for a whole file
  storyline analyze crawl/ --map text=maintext,published=date_publish,outlet=source_domain
                                                              news-please / CC-NEWS JSON
  storyline analyze cc_news.jsonl --map outlet=domain         Hugging Face cc_news
  storyline analyze all-the-news.jsonl --map outlet=publication
                                                              All the News (Kaggle)
  storyline analyze extracted/ --map outlet=sitename          trafilatura JSON output
  storyline analyze dump.jsonl --map text=article.body,published=meta.date
                                                              nested fields, dotted
A record's own outlet field and a manifest entry win over --outlet.";

/// Arguments of `storyline analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files and folders of articles (.txt, .html, .jsonl, .json, .xml/.rss/.atom
    /// feeds, .warc web archives; any of them may be .gz or .zst).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// JSONL sidecar with `file`, `outlet`, `published` (and optional `url`, `title`) per file.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Record fields of JSON/JSONL dumps, e.g. `text=body,title=headline,published=meta.date`
    /// (fields: text, html, title, outlet, published, url; examples below).
    #[arg(long = "map", value_name = "FIELD=NAME,...")]
    pub fields: Option<storyline_source::FieldMap>,
    /// The outlet of every article read that names none of its own (a record's
    /// outlet field or a manifest entry wins): for a dump or folder from one outlet.
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Store to add to: an SQLite file (created if missing) or a postgres:// URL.
    #[arg(long, default_value = "storyline.db")]
    pub db: Location,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write the report here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print a JSON run summary on standard output (the report then needs -o).
    #[arg(long)]
    pub json: bool,
    /// Re-cluster and re-analyse the whole store instead of adding the new
    /// articles to the stored events and stories (stores of more than 2,000
    /// articles are otherwise updated incrementally).
    #[arg(long)]
    pub rebuild: bool,
    /// Keep this many dates in each story's timeline (the most salient) instead
    /// of the length chosen from the coverage.
    #[arg(long, value_name = "N")]
    pub max_dates: Option<usize>,
}

/// Runs the pipeline and writes the report. Exits 0 even when some inputs were
/// unreadable (they are listed on stderr and in the report); 1 when no article could be read.
pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let mode = if args.rebuild {
        storyline_pipeline::Mode::Rebuild
    } else {
        storyline_pipeline::Mode::Incremental
    };
    let mut outcome = pipeline::run(
        pipeline::Inputs {
            paths: &args.paths,
            manifest: args.manifest.as_deref(),
            fields: args.fields.as_ref(),
            outlet: args.outlet.as_deref(),
        },
        &args.db,
        mode,
        storyline_pipeline::AnalyseOptions {
            timeline: storyline_pipeline::TimelineOptions {
                max_dates: args.max_dates,
                ..storyline_pipeline::TimelineOptions::default()
            },
        },
        crate::progress::Progress::for_terminal(args.json),
    )?;
    for problem in &outcome.diagnostics {
        eprintln!("storyline: {}: {}", problem.source, problem.message);
    }
    // `--json` without `-o` asks for the run summary alone: no report to build.
    if args.output.is_some() || !args.json {
        let started = std::time::Instant::now();
        let report = &outcome.report;
        match &args.output {
            Some(path) => {
                let file = std::fs::File::create(path)
                    .with_context(|| format!("writing {}", path.display()))?;
                write_report(report, args.format, file)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            None => write_report(report, args.format, std::io::stdout().lock())
                .context("writing the report to standard output")?,
        }
        outcome.summary.seconds.report = started.elapsed().as_secs_f64();
    }
    let summary = &outcome.summary;
    if args.json {
        println!("{}", serde_json::to_string(summary)?);
    } else {
        eprintln!(
            "storyline: {} new, {} revised, {} already stored; {} articles, {} events, {} stories ({}); {} problems",
            summary.added,
            summary.revised,
            summary.unchanged,
            summary.articles,
            summary.events,
            summary.stories,
            if summary.incremental {
                "updated incrementally"
            } else {
                "all re-analysed"
            },
            summary.problems
        );
    }
    Ok(if summary.articles == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes `report` in `format`; JSON is streamed, the other formats rendered first.
fn write_report(report: &Report, format: Format, mut out: impl Write) -> std::io::Result<()> {
    match format {
        Format::Json => storyline_report::write_json(report, out),
        Format::Md => out.write_all(storyline_report::to_markdown(report).as_bytes()),
        Format::Html => out.write_all(storyline_report::to_html(report).as_bytes()),
    }
}
