//! Compressed inputs: gzip and zstd wrappers around any supported format.
//!
//! A wrapper is recognised by its magic bytes (so a `.warc` that is really
//! gzip'd still reads) and by its extension (`.gz`, `.zst`), which is stripped to
//! find the format inside (`dump.jsonl.zst` is JSONL). Decompression streams:
//! callers either read records one by one (WARC) or read at most a size limit
//! into memory, so a small bomb cannot expand without bound.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::SourceError;

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// How a file's bytes are wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip, one member or many (as `.warc.gz` files write one per record).
    Gzip,
    /// Zstandard, one frame or many.
    Zstd,
}

impl Compression {
    /// The wrapper an extension names (`gz`, `gzip`, `zst`, `zstd`).
    pub fn from_extension(path: &Path) -> Compression {
        match extension(path).as_deref() {
            Some("gz" | "gzip") => Compression::Gzip,
            Some("zst" | "zstd") => Compression::Zstd,
            _ => Compression::None,
        }
    }

    /// The wrapper the first bytes of a file announce.
    pub fn from_magic(head: &[u8]) -> Compression {
        if head.starts_with(GZIP_MAGIC) {
            Compression::Gzip
        } else if head.starts_with(ZSTD_MAGIC) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

/// The path with a compression extension removed (`a.jsonl.gz` → `a.jsonl`), used
/// to decide the format inside; other paths are returned unchanged.
pub fn inner_path(path: &Path) -> PathBuf {
    if Compression::from_extension(path) == Compression::None {
        path.to_path_buf()
    } else {
        path.with_extension("")
    }
}

/// An opened input: a buffered reader over the decompressed bytes.
pub struct Opened {
    /// The decompressed bytes.
    pub reader: Box<dyn BufRead>,
    /// The wrapper that was removed.
    pub compression: Compression,
}

/// Opens `path`, removing a gzip or zstd wrapper announced by magic bytes or
/// extension. An empty file is [`SourceError::Empty`]; an extension that promises
/// a wrapper the bytes do not carry is an error rather than a silent misread.
pub fn open(path: &Path) -> Result<Opened, SourceError> {
    let mut file = BufReader::with_capacity(64 * 1024, File::open(path)?);
    let head = file.fill_buf()?;
    if head.is_empty() {
        return Err(SourceError::Empty);
    }
    let by_magic = Compression::from_magic(head);
    let by_extension = Compression::from_extension(path);
    if by_extension != Compression::None && by_magic != by_extension {
        return Err(SourceError::Decompress {
            format: by_extension.name(),
            message:
                "the extension names this format but the data does not start with its magic bytes"
                    .to_string(),
        });
    }
    Ok(unwrap(file, by_magic))
}

/// Opens bytes held in memory (a posted body), removing a gzip or zstd wrapper
/// announced by magic bytes, as [`open`] does for a file without a compression
/// extension. Empty bytes are [`SourceError::Empty`].
pub fn open_bytes(bytes: Vec<u8>) -> Result<Opened, SourceError> {
    if bytes.is_empty() {
        return Err(SourceError::Empty);
    }
    let by_magic = Compression::from_magic(&bytes);
    Ok(unwrap(std::io::Cursor::new(bytes), by_magic))
}

/// A reader over `input` with its `compression` wrapper removed.
fn unwrap(input: impl BufRead + 'static, compression: Compression) -> Opened {
    let reader: Box<dyn BufRead> = match compression {
        Compression::None => Box::new(input),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(input),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(64 * 1024, ZstdFrames::new(input))),
    };
    Opened {
        reader,
        compression,
    }
}

/// Reads an opened input into memory, refusing more than `limit` decompressed
/// bytes. Errors of the decompressor (a truncated or corrupt stream) name it.
pub fn read_limited(opened: Opened, limit: u64) -> Result<Vec<u8>, SourceError> {
    let Opened {
        reader,
        compression,
    } = opened;
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| io_error(compression, error))?;
    if bytes.len() as u64 > limit {
        return Err(SourceError::TooLargeDecompressed(limit));
    }
    Ok(bytes)
}

/// Maps a read error to a decompression error when a decompressor was involved.
pub fn io_error(compression: Compression, error: std::io::Error) -> SourceError {
    match compression {
        Compression::None => SourceError::Io(error),
        _ if error.kind() == std::io::ErrorKind::UnexpectedEof => SourceError::Decompress {
            format: compression.name(),
            message: "the compressed stream is truncated".to_string(),
        },
        _ => SourceError::Decompress {
            format: compression.name(),
            message: error.to_string(),
        },
    }
}

/// A zstd reader over every frame of a stream (ruzstd's decoder reads one frame).
struct ZstdFrames<R: BufRead> {
    /// The compressed input between frames.
    source: Option<R>,
    /// The decoder of the current frame.
    frame: Option<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(reader: R) -> Self {
        ZstdFrames {
            source: Some(reader),
            frame: None,
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if let Some(frame) = &mut self.frame {
                let n = frame.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                let finished = self.frame.take().map(|f| f.into_inner());
                self.source = finished;
                continue;
            }
            let Some(mut source) = self.source.take() else {
                return Ok(0);
            };
            if source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            let frame = ruzstd::decoding::StreamingDecoder::new(source)
                .map_err(|error| std::io::Error::other(error.to_string()))?;
            self.frame = Some(frame);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn zstd(bytes: &[u8]) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
    }

    fn read(name: &str, bytes: &[u8]) -> Result<Vec<u8>, SourceError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        read_limited(open(&path)?, 1 << 20)
    }

    #[test]
    fn gzip_members_and_zstd_frames_are_concatenated() {
        let mut two_members = gzip(b"first ");
        two_members.extend(gzip(b"second"));
        assert_eq!(read("a.txt.gz", &two_members).unwrap(), b"first second");
        let mut two_frames = zstd(b"one ");
        two_frames.extend(zstd(b"two"));
        assert_eq!(read("a.txt.zst", &two_frames).unwrap(), b"one two");
    }

    #[test]
    fn magic_bytes_win_over_a_plain_extension() {
        assert_eq!(read("a.warc", &gzip(b"WARC/1.0")).unwrap(), b"WARC/1.0");
    }

    #[test]
    fn truncated_and_mislabelled_streams_are_named() {
        let whole = gzip(b"a body long enough to be cut in the middle of the stream");
        let cut = &whole[..whole.len() - 12];
        let error = read("a.txt.gz", cut).unwrap_err().to_string();
        assert_eq!(error, "gzip: the compressed stream is truncated");
        let error = read("a.txt.gz", b"plain text").unwrap_err().to_string();
        assert!(error.starts_with("gzip: the extension names"), "{error}");
        let error = read("a.txt.zst", &zstd(b"x")[..3]).unwrap_err().to_string();
        assert!(error.starts_with("zstd:"), "{error}");
    }

    #[test]
    fn decompressed_size_is_capped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.txt.gz");
        std::fs::write(&path, gzip(&vec![b'a'; 5000])).unwrap();
        let error = read_limited(open(&path).unwrap(), 1000).unwrap_err();
        assert!(matches!(error, SourceError::TooLargeDecompressed(1000)));
    }

    #[test]
    fn inner_format_is_read_through_the_wrapper() {
        assert_eq!(
            inner_path(Path::new("d/x.jsonl.zst")),
            Path::new("d/x.jsonl")
        );
        assert_eq!(inner_path(Path::new("d/x.warc.gz")), Path::new("d/x.warc"));
        assert_eq!(inner_path(Path::new("d/x.html")), Path::new("d/x.html"));
    }
}
