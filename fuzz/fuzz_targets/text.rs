//! Plain-text cleaning (inline HTML, line classification, date lines,
//! headlines, datelines) on arbitrary text, with and without a title hint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_fuzz::{extract_checked, raw, MAX_INPUT};
use storyline_model::ContentKind;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    if rest.len() > MAX_INPUT {
        return;
    }
    let mut doc = raw(
        ContentKind::Text,
        String::from_utf8_lossy(rest).into_owned(),
    );
    if flags & 1 == 1 {
        doc.hints.title = Some("A given title".to_string());
    }
    extract_checked(&doc);
});
