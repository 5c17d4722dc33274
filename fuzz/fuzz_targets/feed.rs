//! RSS, Atom and JSON feeds: parsing, entries to documents, extraction.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_fuzz::{extract_checked, MAX_INPUT};

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(feed) = storyline_source::parse_feed(data, Some("https://example.org/feed")) else {
        return;
    };
    let outlet = feed.outlet.as_deref();
    for entry in &feed.entries {
        if let Some(doc) = entry.to_document(format!("fuzz#entry-{}", entry.number), outlet) {
            extract_checked(&doc);
        }
    }
});
