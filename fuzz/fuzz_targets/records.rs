//! JSON and JSONL article records (typed fields, dates, manifest detection),
//! then extraction of every document they yield.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_fuzz::{extract_checked, MAX_INPUT};
use storyline_model::Hints;
use storyline_source::{read_json, read_json_lines, FieldMap, Loaded};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    if rest.len() > MAX_INPUT {
        return;
    }
    let text = String::from_utf8_lossy(rest);
    let mut loaded = Loaded::default();
    let (hints, fields) = (Hints::default(), FieldMap::default());
    if flags & 1 == 1 {
        read_json_lines("fuzz.jsonl", &text, &hints, &fields, &mut loaded);
    } else {
        read_json("fuzz.json", &text, &hints, &fields, &mut loaded);
    }
    for doc in &loaded.docs {
        assert!(
            doc.source.starts_with("fuzz.json"),
            "source {:?}",
            doc.source
        );
        extract_checked(doc);
    }
});
