//! The shared deployment: `storyline enqueue` publishes article jobs to a
//! NATS JetStream work queue, `storyline worker` processes run the
//! per-article stages and store the results, and `storyline coordinate`
//! (one elected at a time) keeps the corpus analysis up to date.

use std::path::PathBuf;
use std::process::ExitCode;
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use storyline_pipeline::Mode;
use storyline_queue::{Queue, QueueOptions, DEFAULT_QUEUE};
use storyline_source::Loaded;
use storyline_store::{Location, Store};

/// Where the queue is, shared by the three commands.
#[derive(Debug, Args)]
pub struct QueueArgs {
    /// NATS server with JetStream.
    #[arg(
        long,
        env = "STORYLINE_NATS_URL",
        default_value = "nats://127.0.0.1:4222"
    )]
    pub nats: String,
    /// Queue name (stream NAME, subject NAME.articles): separate deployments
    /// may share one server under different names.
    #[arg(long, default_value = DEFAULT_QUEUE)]
    pub queue: String,
    /// Seconds a delivered job may go unacknowledged before another worker gets it.
    #[arg(long, default_value_t = 60)]
    pub ack_wait: u64,
}

impl QueueArgs {
    fn connect(&self) -> Result<Queue> {
        let options = QueueOptions {
            name: self.queue.clone(),
            ack_wait: Duration::from_secs(self.ack_wait.max(1)),
            ..QueueOptions::default()
        };
        Queue::connect(&self.nats, options).context("connecting to the job queue")
    }
}

/// Arguments of `storyline enqueue`.
#[derive(Debug, Args)]
pub struct EnqueueArgs {
    /// Files and folders of articles, as `storyline analyze` reads them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// JSONL sidecar with `file`, `outlet`, `published` per file.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Record fields of JSON/JSONL dumps (see `storyline analyze --map`).
    #[arg(long = "map", value_name = "FIELD=NAME,...")]
    pub fields: Option<storyline_source::FieldMap>,
    #[command(flatten)]
    pub queue: QueueArgs,
}

/// Reads the inputs and publishes one job per document.
pub fn enqueue(args: EnqueueArgs) -> Result<ExitCode> {
    let loaded =
        crate::pipeline::load(&args.paths, args.manifest.as_deref(), args.fields.as_ref())?;
    for problem in &loaded.diagnostics {
        eprintln!("storyline: {}: {}", problem.source, problem.message);
    }
    let queue = args.queue.connect()?;
    let (published, refused) = queue
        .publish(&loaded.docs, |source| loaded.captured.get(source).copied())
        .context("publishing jobs")?;
    for problem in &refused {
        eprintln!("storyline: {problem}");
    }
    eprintln!(
        "storyline: queued {published} new jobs of {} documents ({} already queued, {} problems)",
        loaded.docs.len(),
        loaded.docs.len() - published - refused.len(),
        loaded.diagnostics.len() + refused.len(),
    );
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `storyline worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Store to write to: a postgres:// URL (or an SQLite file on this machine).
    #[arg(long)]
    pub db: Location,
    /// Jobs taken (and committed) at a time.
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Stop when the queue has had no job for two seconds (for batch runs and
    /// tests); without it the worker waits for jobs until stopped.
    #[arg(long)]
    pub exit_when_empty: bool,
    #[command(flatten)]
    pub queue: QueueArgs,
}

/// How long a worker waits for jobs before asking again.
const FETCH_WAIT: Duration = Duration::from_secs(2);

/// Takes batches of jobs, runs extract → annotate → fingerprint, stores them
/// in one transaction per batch and acknowledges the batch after the commit.
pub fn worker(args: WorkerArgs) -> Result<ExitCode> {
    let mut worker = args
        .queue
        .connect()?
        .worker()
        .context("joining the workers")?;
    let mut store =
        Store::connect(&args.db).with_context(|| format!("opening database {}", args.db))?;
    let mut done = 0_usize;
    loop {
        let (jobs, unreadable) = worker
            .next_batch(args.batch, FETCH_WAIT)
            .context("taking jobs")?;
        for problem in &unreadable {
            eprintln!("storyline: worker: {problem}");
        }
        if jobs.is_empty() {
            if args.exit_when_empty {
                break;
            }
            continue;
        }
        let mut raws = Vec::with_capacity(jobs.len());
        let mut deliveries = Vec::with_capacity(jobs.len());
        let mut archived = Loaded::default();
        for job in jobs {
            if let Some(date) = job.captured {
                archived.captured.insert(job.doc.source.clone(), date);
            }
            raws.push(job.doc);
            deliveries.push(job.delivery);
        }
        // A web-archive capture date dates a page that states no date, as in `analyze`.
        let n_jobs = raws.len();
        let (processed, problems) = storyline_pipeline::process_batch(
            raws,
            |_, article| archived.fill_capture_date(article),
            || {},
        );
        for problem in &problems {
            eprintln!("storyline: {}: {}", problem.source, problem.message);
        }
        let put = storyline_pipeline::store(&mut store, &processed).context("storing articles")?;
        worker.ack(deliveries).context("acknowledging jobs")?;
        done += n_jobs;
        eprintln!(
            "storyline: worker: {} jobs: {} new, {} already stored, {} revised, {} problems ({done} in all)",
            n_jobs,
            put.added,
            put.unchanged,
            put.revised,
            problems.len()
        );
    }
    eprintln!("storyline: worker: queue empty after {done} jobs");
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `storyline coordinate`.
#[derive(Debug, Args)]
pub struct CoordinateArgs {
    /// The shared store: a postgres:// URL (or an SQLite file on this machine).
    #[arg(long)]
    pub db: Location,
    /// Seconds between looks at the store and the queue.
    #[arg(long, default_value_t = 2.0)]
    pub poll: f64,
    /// Analyse at the latest this many seconds after new articles arrive, even
    /// while the queue is still busy (otherwise analysis waits for a lull).
    #[arg(long, default_value_t = 60.0)]
    pub max_delay: f64,
    /// Stop once the queue is empty and every stored article is analysed.
    #[arg(long)]
    pub exit_when_idle: bool,
    #[command(flatten)]
    pub queue: QueueArgs,
}

/// Keeps the corpus analysis up to date while it holds the store's
/// coordinator lock; a standby waits for the lock.
pub fn coordinate(args: CoordinateArgs) -> Result<ExitCode> {
    let mut queue = args.queue.connect()?;
    let mut store =
        Store::connect(&args.db).with_context(|| format!("opening database {}", args.db))?;
    let poll = Duration::from_secs_f64(args.poll.max(0.05));
    let max_delay = Duration::from_secs_f64(args.max_delay.max(0.0));
    let mut leading = false;
    let mut waiting_since: Option<Instant> = None;
    loop {
        if !store.try_lead().context("taking the coordinator lock")? {
            sleep(poll);
            continue;
        }
        if !leading {
            eprintln!("storyline: coordinator: leading");
            leading = true;
        }
        let waiting = store.unanalysed_count().context("counting new articles")?;
        let queued = queue.pending().context("reading the queue")?;
        if waiting == 0 {
            waiting_since = None;
            if queued == 0 && args.exit_when_idle {
                break;
            }
            sleep(poll);
            continue;
        }
        let since = *waiting_since.get_or_insert_with(Instant::now);
        if queued > 0 && since.elapsed() < max_delay {
            sleep(poll);
            continue;
        }
        let started = Instant::now();
        let analysed = storyline_pipeline::analyse_store(&mut store, Mode::Incremental)
            .context("analysing the stored corpus")?;
        let diagnostics = store.diagnostics().context("reading diagnostics")?;
        let (articles, events, stories) = (
            analysed.articles,
            analysed.analysis.events.len(),
            analysed.analysis.stories.len(),
        );
        crate::pipeline::publish(&mut store, analysed, &diagnostics)?;
        waiting_since = None;
        eprintln!(
            "storyline: coordinator: analysed {articles} articles ({waiting} new): {events} events, {stories} stories in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    eprintln!("storyline: coordinator: idle, stopping");
    Ok(ExitCode::SUCCESS)
}
