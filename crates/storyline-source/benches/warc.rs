//! WARC ingest throughput: writes a synthetic crawl of about `--mb N` megabytes
//! (request, response and metadata records; HTML news pages made from an
//! invented vocabulary, plus 404s and images to skip), plain and as `.warc.gz`
//! with one gzip member per record, then times the source stage on each.
//!
//! ```sh
//! cargo bench -p storyline-source --bench warc -- --mb 200
//! ```
//!
//! Reports MB/s of file read (on disk) and of WARC data (decompressed), records/s
//! and pages/s, for the bare record reader and for `load` (records, HTTP parsing,
//! charset decoding, documents built), and the peak resident memory.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use storyline_source::warc::{http_response, write_record, HttpResponse, WarcReader};

const WORDS: &[&str] = &[
    "council",
    "harbour",
    "ferry",
    "minister",
    "valley",
    "bridge",
    "union",
    "talks",
    "budget",
    "river",
    "station",
    "school",
    "the",
    "a",
    "of",
    "on",
    "said",
    "after",
    "before",
    "new",
    "old",
    "two",
    "weeks",
    "repairs",
    "vote",
    "members",
    "deal",
    "island",
    "village",
    "road",
    "crews",
    "snow",
    "pass",
    "workers",
    "pay",
    "regional",
    "authority",
    "engineers",
    "residents",
    "plan",
    "report",
    "court",
    "police",
    "in",
];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentence(rng: &mut Rng) -> String {
    let len = 8 + rng.below(18);
    let mut words: Vec<&str> = (0..len).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    let first = words[0].to_string();
    let capital = first[..1].to_uppercase() + &first[1..];
    words[0] = &capital;
    format!("{}.", words.join(" "))
}

fn page(rng: &mut Rng, n: usize) -> String {
    let mut html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Story {n} | Bench Gazette</title>\
         <meta property=\"article:published_time\" content=\"2024-04-{:02}T08:00:00Z\">\
         <link rel=\"stylesheet\" href=\"/site.css\"><script>var analytics = {{page: {n}}};</script></head>\
         <body><nav>{}</nav><article><h1>Story {n}</h1>",
        1 + n % 28,
        (0..30)
            .map(|i| format!("<a href=\"/section/{i}\">Section {i}</a>"))
            .collect::<String>()
    );
    for _ in 0..(8 + rng.below(20)) {
        html.push_str("<p>");
        for _ in 0..(2 + rng.below(4)) {
            html.push_str(&sentence(rng));
            html.push(' ');
        }
        html.push_str("</p>\n");
    }
    html.push_str("</article><footer>");
    for i in 0..40 {
        html.push_str(&format!(
            "<a href=\"/more/{i}\">More stories number {i}</a> "
        ));
    }
    html.push_str("</footer></body></html>");
    html
}

/// The two files being written, and what went into them.
struct Crawl<W: Write> {
    plain: W,
    gz: W,
    records: usize,
    written: u64,
}

impl<W: Write> Crawl<W> {
    fn emit(
        &mut self,
        warc_type: &str,
        headers: &[(&str, &str)],
        block: &[u8],
    ) -> std::io::Result<()> {
        let mut record = Vec::with_capacity(block.len() + 512);
        write_record(&mut record, warc_type, headers, block)?;
        self.plain.write_all(&record)?;
        let mut member = flate2::write::GzEncoder::new(&mut self.gz, flate2::Compression::fast());
        member.write_all(&record)?;
        member.finish()?;
        self.written += record.len() as u64;
        self.records += 1;
        Ok(())
    }
}

/// Writes the synthetic crawl; returns (records, HTML 200 pages).
fn write_crawl(plain: &Path, gz: &Path, target_bytes: u64) -> std::io::Result<(usize, usize)> {
    let mut crawl = Crawl {
        plain: BufWriter::new(std::fs::File::create(plain)?),
        gz: BufWriter::new(std::fs::File::create(gz)?),
        records: 0,
        written: 0,
    };
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut pages = 0usize;
    crawl.emit("warcinfo", &[], b"software: storyline bench\r\n")?;
    let mut n = 0;
    while crawl.written < target_bytes {
        n += 1;
        let uri = format!("https://bench.example/news/{n}");
        let date = format!("2024-04-{:02}T10:00:00Z", 1 + n % 28);
        let headers = [
            ("WARC-Target-URI", uri.as_str()),
            ("WARC-Date", date.as_str()),
        ];
        crawl.emit(
            "request",
            &headers,
            format!("GET /news/{n} HTTP/1.1\r\nHost: bench.example\r\n\r\n").as_bytes(),
        )?;
        let response = match n % 10 {
            7 => http_response(404, "text/html", b"<html>gone</html>"),
            8 => http_response(200, "image/jpeg", &[0xffu8; 20_000]),
            _ => {
                pages += 1;
                http_response(
                    200,
                    "text/html; charset=utf-8",
                    page(&mut rng, n).as_bytes(),
                )
            }
        };
        crawl.emit("response", &headers, &response)?;
        if n % 5 == 0 {
            crawl.emit("metadata", &headers, b"fetchTimeMs: 120\r\n")?;
        }
    }
    crawl.plain.flush()?;
    crawl.gz.flush()?;
    Ok((crawl.records, pages))
}

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mb: u64 = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().expect("temporary folder");
    let plain = dir.path().join("bench.warc");
    let gz = dir.path().join("bench.warc.gz");
    let (records, pages) = write_crawl(&plain, &gz, mb * 1_000_000).expect("write crawl");
    let plain_bytes = std::fs::metadata(&plain).unwrap().len() as f64;
    let gz_bytes = std::fs::metadata(&gz).unwrap().len() as f64;
    println!(
        "synthetic crawl: {records} records, {pages} HTML pages; {:.1} MB plain, {:.1} MB as .warc.gz",
        plain_bytes / 1e6,
        gz_bytes / 1e6
    );
    for path in [&plain, &gz] {
        let on_disk = std::fs::metadata(path).unwrap().len() as f64;
        let name = path.file_name().unwrap().to_string_lossy();

        let start = Instant::now();
        let opened = storyline_source::compress::open(path).expect("open");
        let mut reader = WarcReader::new(opened.reader);
        let (mut seen, mut html) = (0usize, 0usize);
        for record in reader.by_ref() {
            let record = record.expect("record");
            seen += 1;
            if record.record_type() == Some("response") {
                let response = HttpResponse::parse_owned(record.block).expect("http");
                html += usize::from(response.status == 200 && response.is_html());
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let data = reader.position() as f64;
        println!(
            "{name:>14} reader: {:>7.1} MB/s on disk, {:>7.1} MB/s of WARC, {:>8.0} records/s ({seen} records, {html} pages, {secs:.2} s)",
            on_disk / 1e6 / secs,
            data / 1e6 / secs,
            seen as f64 / secs,
        );

        let start = Instant::now();
        let loaded = storyline_source::load(std::slice::from_ref(path), None);
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(loaded.docs.len(), pages, "{:?}", loaded.diagnostics.first());
        println!(
            "{name:>14}   load: {:>7.1} MB/s on disk, {:>7.1} MB/s of WARC, {:>8.0} pages/s ({secs:.2} s)",
            on_disk / 1e6 / secs,
            plain_bytes / 1e6 / secs,
            pages as f64 / secs,
        );
    }
    if let Some(peak) = peak_memory_mib() {
        println!(
            "peak resident memory: {peak:.0} MiB (load keeps every page's HTML for the next stage)"
        );
    }
}
