//! Article jobs on a NATS JetStream work queue.
//!
//! `storyline enqueue` publishes each [`RawDocument`] read from its inputs as
//! one message on the subject `NAME.articles` of the work-queue stream `NAME`
//! (upper case; `NAME` is [`QueueOptions::name`], [`DEFAULT_QUEUE`] unless
//! given, so several deployments can share one server); `storyline worker`
//! processes pull them through the durable consumer `NAME-workers`, run the
//! per-article stages, store the results and only then acknowledge. The
//! guarantees:
//!
//! - **At least once.** A message is removed from the stream only when acknowledged;
//!   a worker killed before acknowledging loses nothing, since the server
//!   delivers the message again after the ack wait ([`QueueOptions::ack_wait`]).
//! - **Stored once.** A redelivered or republished document has the same
//!   content hash, which is its article id; the store skips ids it holds, so
//!   a document processed twice is stored once.
//! - **Published once** within the stream's duplicate window: the message id
//!   is the document's content hash plus its source, so enqueueing the same
//!   folder twice in a row does not queue it twice.
//!
//! The API is blocking (each [`Queue`] owns a small Tokio runtime), to fit the
//! pipeline's synchronous, rayon-parallel stages.

use std::time::Duration;

use async_nats::jetstream::{self, consumer::pull, consumer::AckPolicy, stream};
use chrono::NaiveDate;
use futures_util::StreamExt;
use storyline_model::{content_hash, RawDocument};

/// What one message carries: the document and, for a web-archive record, the
/// date it was captured (applied only to a page that states no date).
#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    doc: RawDocument,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    captured: Option<NaiveDate>,
}

/// The queue name used when none is given: stream `STORYLINE`, subject
/// `storyline.articles`, consumer `storyline-workers`.
pub const DEFAULT_QUEUE: &str = "storyline";

/// Why a queue operation failed.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The NATS server could not be reached.
    #[error("cannot connect to NATS at {url}: {message}")]
    Connect {
        /// The server URL given.
        url: String,
        /// What the client said.
        message: String,
    },
    /// A JetStream request (stream, consumer, publish, fetch, ack) failed.
    #[error("NATS JetStream: {0}")]
    JetStream(String),
    /// A document is larger than the server accepts in one message.
    #[error("{source_name}: {bytes} bytes is more than the queue's largest message ({max} bytes); analyse it with `storyline analyze` instead")]
    TooLarge {
        /// The document's source.
        source_name: String,
        /// Its encoded size.
        bytes: usize,
        /// The server's `max_payload`.
        max: usize,
    },
    /// A message on the stream is not a job this build can read.
    #[error("unreadable job message {sequence}: {message}")]
    Unreadable {
        /// The message's stream sequence number.
        sequence: u64,
        /// Why it could not be read.
        message: String,
    },
    /// A queue name with characters NATS does not allow in names.
    #[error("queue name {0:?} must be letters, digits, '-' or '_'")]
    BadName(String),
    /// The Tokio runtime could not be started.
    #[error("cannot start the queue's runtime: {0}")]
    Runtime(#[from] std::io::Error),
}

fn jetstream_error(error: impl std::fmt::Display) -> QueueError {
    QueueError::JetStream(error.to_string())
}

/// Settings of the stream and the workers' consumer.
#[derive(Debug, Clone)]
pub struct QueueOptions {
    /// The queue's name: letters, digits, `-` and `_` (see the crate docs).
    pub name: String,
    /// How long a delivered job may go unacknowledged before the server gives
    /// it to another worker (a worker that died, or one still busy: storing
    /// is idempotent, so a slow worker's late result is harmless).
    pub ack_wait: Duration,
    /// Window within which a job published twice (same message id) is kept once.
    pub duplicate_window: Duration,
}

impl QueueOptions {
    fn subject(&self) -> String {
        format!("{}.articles", self.name)
    }

    fn consumer(&self) -> String {
        format!("{}-workers", self.name)
    }
}

impl Default for QueueOptions {
    fn default() -> QueueOptions {
        QueueOptions {
            name: DEFAULT_QUEUE.to_string(),
            ack_wait: Duration::from_secs(60),
            duplicate_window: Duration::from_secs(120),
        }
    }
}

/// A connection to the job queue.
pub struct Queue {
    runtime: tokio::runtime::Runtime,
    client: async_nats::Client,
    context: jetstream::Context,
    stream: stream::Stream,
    options: QueueOptions,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Queue {
    /// Connects to the NATS server at `url` and creates the stream if it does
    /// not exist yet.
    pub fn connect(url: &str, options: QueueOptions) -> Result<Queue, QueueError> {
        let name = &options.name;
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(QueueError::BadName(name.clone()));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (client, context, stream) = runtime.block_on(async {
            let client = async_nats::connect(url)
                .await
                .map_err(|err| QueueError::Connect {
                    url: url.to_string(),
                    message: err.to_string(),
                })?;
            let context = jetstream::new(client.clone());
            let stream = context
                .get_or_create_stream(stream::Config {
                    name: options.name.to_ascii_uppercase(),
                    subjects: vec![options.subject()],
                    retention: stream::RetentionPolicy::WorkQueue,
                    storage: stream::StorageType::File,
                    duplicate_window: options.duplicate_window,
                    ..Default::default()
                })
                .await
                .map_err(jetstream_error)?;
            Ok::<_, QueueError>((client, context, stream))
        })?;
        Ok(Queue {
            runtime,
            client,
            context,
            stream,
            options,
        })
    }

    /// Publishes `docs` as jobs and waits until the server has stored every
    /// one. Returns how many the server stored as new (the rest were
    /// duplicates within the window). A document too large for one message
    /// is left out and reported in the second list; the others still go.
    /// `captured` gives a web-archive record's capture date by document
    /// source (`storyline_source::Loaded::captured`).
    pub fn publish(
        &self,
        docs: &[RawDocument],
        captured: impl Fn(&str) -> Option<NaiveDate>,
    ) -> Result<(usize, Vec<QueueError>), QueueError> {
        let max = self.client.server_info().max_payload;
        self.runtime.block_on(async {
            let mut pending = Vec::with_capacity(docs.len());
            let mut refused = Vec::new();
            for doc in docs {
                let payload = serde_json::to_vec(&Payload {
                    doc: doc.clone(),
                    captured: captured(&doc.source),
                })
                .map_err(jetstream_error)?;
                if payload.len() + 256 > max {
                    refused.push(QueueError::TooLarge {
                        source_name: doc.source.clone(),
                        bytes: payload.len(),
                        max,
                    });
                    continue;
                }
                let id = format!(
                    "{}-{}",
                    content_hash(doc.content.as_bytes()),
                    content_hash(doc.source.as_bytes())
                );
                let publish = jetstream::message::PublishMessage::build()
                    .payload(payload.into())
                    .message_id(id);
                pending.push(
                    self.context
                        .send_publish(self.options.subject(), publish)
                        .await
                        .map_err(jetstream_error)?,
                );
            }
            let mut stored = 0;
            for ack in pending {
                let ack = ack.await.map_err(jetstream_error)?;
                if !ack.duplicate {
                    stored += 1;
                }
            }
            Ok((stored, refused))
        })
    }

    /// Jobs in the stream not yet acknowledged (waiting or being processed).
    pub fn pending(&mut self) -> Result<u64, QueueError> {
        let stream = &mut self.stream;
        self.runtime
            .block_on(async { Ok(stream.info().await.map_err(jetstream_error)?.state.messages) })
    }

    /// Joins the workers' shared consumer (created on first use).
    pub fn worker(self) -> Result<Worker, QueueError> {
        let consumer = self.runtime.block_on(async {
            self.stream
                .get_or_create_consumer(
                    &self.options.consumer(),
                    pull::Config {
                        durable_name: Some(self.options.consumer()),
                        ack_policy: AckPolicy::Explicit,
                        ack_wait: self.options.ack_wait,
                        ..Default::default()
                    },
                )
                .await
                .map_err(jetstream_error)
        })?;
        Ok(Worker {
            queue: self,
            consumer,
        })
    }
}

/// One worker's end of the queue: takes batches of jobs and acknowledges them.
pub struct Worker {
    queue: Queue,
    consumer: jetstream::consumer::Consumer<pull::Config>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").finish_non_exhaustive()
    }
}

/// One delivered job: the document, and the delivery to acknowledge once
/// the document's results are committed.
#[derive(Debug)]
pub struct Job {
    /// The document to process.
    pub doc: RawDocument,
    /// When a web archive captured it, if it came from one: the date for a
    /// page that states none.
    pub captured: Option<NaiveDate>,
    /// What [`Worker::ack`] takes.
    pub delivery: Delivery,
}

/// A delivered message, to acknowledge with [`Worker::ack`].
pub struct Delivery(jetstream::Message);

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery").finish_non_exhaustive()
    }
}

impl Worker {
    /// Up to `max` jobs, waiting at most `wait` for the first. An empty list
    /// means the queue had nothing in that time. A message that is not a
    /// readable job is acknowledged (so it is not delivered forever) and
    /// reported in the second list.
    pub fn next_batch(
        &mut self,
        max: usize,
        wait: Duration,
    ) -> Result<(Vec<Job>, Vec<QueueError>), QueueError> {
        let consumer = &self.consumer;
        self.queue.runtime.block_on(async {
            let mut messages = consumer
                .fetch()
                .max_messages(max.max(1))
                .expires(wait.max(Duration::from_millis(100)))
                .messages()
                .await
                .map_err(jetstream_error)?;
            let mut jobs = Vec::new();
            let mut unreadable = Vec::new();
            while let Some(message) = messages.next().await {
                let message = message.map_err(jetstream_error)?;
                match serde_json::from_slice::<Payload>(&message.payload) {
                    Ok(Payload { doc, captured }) => jobs.push(Job {
                        doc,
                        captured,
                        delivery: Delivery(message),
                    }),
                    Err(err) => {
                        let sequence = message.info().map(|info| info.stream_sequence).unwrap_or(0);
                        message.ack().await.map_err(jetstream_error)?;
                        unreadable.push(QueueError::Unreadable {
                            sequence,
                            message: err.to_string(),
                        });
                    }
                }
            }
            Ok((jobs, unreadable))
        })
    }

    /// Acknowledges deliveries: call only after their results are committed.
    /// Waits for the server to confirm each, so a job acknowledged here is
    /// never delivered again.
    pub fn ack(&self, deliveries: Vec<Delivery>) -> Result<(), QueueError> {
        self.queue.runtime.block_on(async {
            for Delivery(message) in deliveries {
                message.double_ack().await.map_err(jetstream_error)?;
            }
            Ok(())
        })
    }

    /// Jobs in the stream not yet acknowledged.
    pub fn pending(&mut self) -> Result<u64, QueueError> {
        self.queue.pending()
    }
}
