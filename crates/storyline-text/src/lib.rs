//! One tokenisation of clean text, shared by the stages that read words.
//!
//! - [`words`] splits a span of text into word tokens by one rule set:
//!   letters and digits, joined across in-word apostrophes, hyphens and dots
//!   ("EU’s", "Kosovo-Albanian", "U.S", "5.5"); other punctuation is skipped.
//!   Each [`Token`] carries byte offsets and cheap [`Flags`] (capitalised, in
//!   capitals, numeric, sentence start).
//! - [`Words`] is an article's token stream: the words of every sentence,
//!   made once and read by every annotator, with [`Words::within`] giving the
//!   words of any span exactly as [`words`] would without scanning it again.
//! - [`fold`] is the one case folding: Unicode lower case, accents stripped
//!   ("É", "é" and "e" meet), `ß` as `ss`, the typographic apostrophe as `'`.
//! - [`is_stop_word`] is the one stop-word list.
//! - [`WordList`] is a fixed word list with hashed membership, for lexicons;
//!   [`WordSet`] and [`WordMap`] hash one article's words cheaply.
//!
//! ```
//! use storyline_text::{fold, words};
//!
//! let text = "The EU’s Kosovo-Albanian police.";
//! let got: Vec<&str> = words(text, 0..text.len()).iter().map(|t| t.text(text)).collect();
//! assert_eq!(got, ["The", "EU’s", "Kosovo-Albanian", "police"]);
//! assert_eq!(fold("ÉLYSÉE"), "elysee");
//! ```

mod fold;
mod hash;
mod list;
mod stop;
mod words;

pub use fold::fold;
pub use hash::{WordHasher, WordMap, WordSet};
pub use list::WordList;
pub use stop::{is_stop_word, STOP_WORDS, WEEKDAYS};
pub use words::{push_words, words, Flags, Token, Words};
