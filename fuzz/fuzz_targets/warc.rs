//! WARC files: record framing, resynchronisation, HTTP responses (chunked,
//! compressed), charsets, then extraction of every page.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use storyline_fuzz::{extract_checked, MAX_INPUT};
use storyline_model::Hints;
use storyline_source::compress::{Compression, Opened};
use storyline_source::{read_warc, Loaded};

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let opened = Opened {
        reader: Box::new(Cursor::new(data.to_vec())),
        compression: Compression::None,
    };
    let mut loaded = Loaded::default();
    read_warc("fuzz.warc", opened, &Hints::default(), &mut loaded);
    for doc in &loaded.docs {
        extract_checked(doc);
    }
});
