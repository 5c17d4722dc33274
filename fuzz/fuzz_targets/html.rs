//! HTML main-content extraction on arbitrary pages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_fuzz::{extract_checked, raw, MAX_INPUT};
use storyline_model::ContentKind;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let page = String::from_utf8_lossy(data).into_owned();
    extract_checked(&raw(ContentKind::Html, page));
});
