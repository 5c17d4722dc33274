//! Annotation (sentences, entities, quotes, dates, quantities) on arbitrary
//! text, with and without a publication date to resolve dates against; every
//! span must slice to its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_fuzz::{check_doc, MAX_INPUT};
use storyline_model::Article;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    if rest.len() > MAX_INPUT {
        return;
    }
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut article = Article::new("fuzz", "fuzz.txt", text);
    if flags & 1 == 1 {
        let date = "2021-05-03".parse().expect("a valid date");
        article = article.given_published(date);
    }
    check_doc(&storyline_annotate::annotate(article));
});
