//! Long texts cut into pieces for the passes that tokenise a whole text.
//!
//! The date and quantity passes hold one token per word of what they are
//! given. News articles are a few thousand words, but one input can be a
//! whole book: those passes run piece by piece, each piece at most
//! [`PIECE_BYTES`], cut at a line break (or, in a text without one, at white
//! space), so their buffers stay bounded whatever the article's size. An
//! article shorter than a piece is one piece: its annotations are exactly
//! what the pass gives on the whole text.

/// Longest piece, in bytes.
pub(crate) const PIECE_BYTES: usize = 256 * 1024;

/// `text` as consecutive pieces of at most `max` bytes (more only when a
/// single character would not fit), each with its byte offset in `text`.
pub(crate) fn pieces(text: &str, max: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let rest = &text[start..];
        let len = if rest.len() <= max {
            rest.len()
        } else {
            let mut limit = max;
            while !rest.is_char_boundary(limit) {
                limit -= 1;
            }
            let window = &rest[limit / 2..limit];
            let cut = window
                .rfind('\n')
                .or_else(|| window.rfind(char::is_whitespace))
                .map(|at| limit / 2 + at + 1)
                .unwrap_or(limit);
            if cut == 0 {
                rest.chars().next().map_or(rest.len(), char::len_utf8)
            } else {
                cut
            }
        };
        let piece = (start, &rest[..len]);
        start += len;
        Some(piece)
    })
}

/// What `find` pushes for each piece of `text` (see [`pieces`]), in text
/// order, with `shift` moving each item's offsets from its piece into `text`.
pub(crate) fn find_by_pieces<T>(
    text: &str,
    mut find: impl FnMut(&str, &mut Vec<T>),
    shift: impl Fn(&mut T, usize),
) -> Vec<T> {
    let mut out = Vec::new();
    for (offset, piece) in pieces(text, PIECE_BYTES) {
        let first = out.len();
        find(piece, &mut out);
        for found in &mut out[first..] {
            shift(found, offset);
        }
    }
    // Grown by doubling: up to half of it unused, for the rest of the run.
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, max: usize) -> Vec<(usize, &str)> {
        let got: Vec<(usize, &str)> = pieces(text, max).collect();
        let joined: String = got.iter().map(|(_, p)| *p).collect();
        assert_eq!(joined, text);
        for (offset, piece) in &got {
            assert_eq!(&text[*offset..*offset + piece.len()], *piece);
            assert!(!piece.is_empty());
        }
        got
    }

    #[test]
    fn a_short_text_is_one_piece() {
        assert_eq!(check("Talks resumed.", 100), vec![(0, "Talks resumed.")]);
        assert_eq!(check("", 100), vec![]);
    }

    #[test]
    fn long_texts_are_cut_at_line_breaks_then_white_space() {
        let text = "aaaa bbbb\ncccc dddd\neeee";
        let got = check(text, 12);
        assert_eq!(got[0], (0, "aaaa bbbb\n"));
        let spaced = "aaaa bbbb cccc dddd";
        assert_eq!(check(spaced, 12)[0], (0, "aaaa bbbb "));
        // No white space at all: cut at the bound, on a character boundary.
        let solid = "ééééééé";
        for (_, piece) in check(solid, 5) {
            assert!(piece.len() <= 5);
        }
    }
}
