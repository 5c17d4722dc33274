//! Text normalisation for HTML: entity decoding and whitespace collapsing.
//!
//! Every piece of text the extractor emits goes through [`TextSink`], which
//! decodes character references and collapses runs of whitespace as it goes,
//! so no intermediate strings are built.

/// Appends decoded, whitespace-collapsed text to a `String`, tracking block breaks.
#[derive(Debug, Default)]
pub(crate) struct TextSink {
    /// The text written so far.
    pub out: String,
    /// A space is owed before the next visible character.
    pending_space: bool,
    /// A paragraph break is owed before the next visible character.
    pending_break: u8,
}

impl TextSink {
    /// A sink with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        TextSink {
            out: String::with_capacity(capacity),
            ..Default::default()
        }
    }

    /// Appends raw HTML text (entities not yet decoded).
    pub fn push_raw(&mut self, raw: &str) {
        let bytes = raw.as_bytes();
        let mut i = 0;
        let mut run_start = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'&' || b.is_ascii_whitespace() {
                self.push_plain(&raw[run_start..i]);
                if b == b'&' {
                    let (decoded, used) = decode_reference(&raw[i..]);
                    self.push_char(decoded.unwrap_or('&'));
                    i += used;
                } else {
                    self.pending_space = true;
                    i += 1;
                }
                run_start = i;
            } else if matches!(b, 0xc2 | 0xe2 | 0xe3) {
                // Lead bytes of the non-ASCII spaces (U+00A0, U+2000..U+205F, U+3000).
                let c = raw[i..].chars().next().unwrap_or(' ');
                if c.is_whitespace() {
                    self.push_plain(&raw[run_start..i]);
                    self.pending_space = true;
                    i += c.len_utf8();
                    run_start = i;
                } else {
                    i += c.len_utf8();
                }
            } else {
                i += 1;
            }
        }
        self.push_plain(&raw[run_start..]);
    }

    /// Appends a run with no whitespace and no references.
    fn push_plain(&mut self, run: &str) {
        if run.is_empty() {
            return;
        }
        self.flush_pending();
        self.out.push_str(run);
    }

    fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = true;
            return;
        }
        self.flush_pending();
        self.out.push(c);
    }

    fn flush_pending(&mut self) {
        if self.out.is_empty() {
            self.pending_break = 0;
            self.pending_space = false;
            return;
        }
        match self.pending_break {
            0 => {
                if self.pending_space {
                    self.out.push(' ');
                }
            }
            1 => self.out.push('\n'),
            _ => self.out.push_str("\n\n"),
        }
        self.pending_break = 0;
        self.pending_space = false;
    }

    /// Asks for a line break before the next visible text.
    pub fn line_break(&mut self) {
        self.pending_break = self.pending_break.max(1);
    }

    /// Asks for a paragraph break before the next visible text.
    pub fn block_break(&mut self) {
        self.pending_break = 2;
    }

    /// Asks for a space before the next visible text.
    pub fn space(&mut self) {
        self.pending_space = true;
    }

    /// Length of the text written so far, in bytes.
    pub fn len(&self) -> usize {
        self.out.len()
    }
}

/// Decodes character references and collapses whitespace in `raw`, trimmed.
pub(crate) fn clean_text(raw: &str) -> String {
    let mut sink = TextSink::with_capacity(raw.len());
    sink.push_raw(raw);
    sink.out
}

/// Decodes the character reference at the start of `s` (which starts with `&`).
///
/// Returns the decoded value (None when `s` holds no valid reference, in which
/// case the `&` stands for itself) and how many bytes were consumed.
fn decode_reference(s: &str) -> (Option<char>, usize) {
    let bytes = s.as_bytes();
    debug_assert_eq!(bytes.first(), Some(&b'&'));
    if bytes.len() < 2 {
        return (None, 1);
    }
    if bytes[1] == b'#' {
        let (hex, digits_start) = match bytes.get(2) {
            Some(b'x') | Some(b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut end = digits_start;
        let mut value: u32 = 0;
        while end < bytes.len() {
            let digit = if hex {
                (bytes[end] as char).to_digit(16)
            } else {
                (bytes[end] as char).to_digit(10)
            };
            match digit {
                Some(d) => {
                    value = value
                        .saturating_mul(if hex { 16 } else { 10 })
                        .saturating_add(d)
                }
                None => break,
            }
            end += 1;
        }
        if end == digits_start {
            return (None, 1);
        }
        if bytes.get(end) == Some(&b';') {
            end += 1;
        }
        let c = match value {
            0x80..=0x9f => windows_1252(value),
            _ => char::from_u32(value).filter(|c| *c != '\0'),
        };
        return (Some(c.unwrap_or('\u{fffd}')), end);
    }
    let mut end = 1;
    while end < bytes.len() && end <= 32 && bytes[end].is_ascii_alphanumeric() {
        end += 1;
    }
    if end == 1 {
        return (None, 1);
    }
    let name = &s[1..end];
    let has_semicolon = bytes.get(end) == Some(&b';');
    match named_entity(name) {
        Some(decoded) => (Some(decoded), end + usize::from(has_semicolon)),
        None => (None, 1),
    }
}

/// Windows-1252 meanings of the C1 range, as browsers read `&#128;`..`&#159;`.
fn windows_1252(value: u32) -> Option<char> {
    const TABLE: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    TABLE.get((value - 0x80) as usize).copied()
}

/// The named references seen on real pages: all of HTML 4 plus a few common HTML5 ones.
fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "iexcl" => '¡',
        "cent" => '¢',
        "pound" => '£',
        "curren" => '¤',
        "yen" => '¥',
        "brvbar" => '¦',
        "sect" => '§',
        "uml" => '¨',
        "copy" | "COPY" => '©',
        "ordf" => 'ª',
        "laquo" => '«',
        "not" => '¬',
        "shy" => '\u{ad}',
        "reg" | "REG" => '®',
        "macr" => '¯',
        "deg" => '°',
        "plusmn" => '±',
        "sup2" => '²',
        "sup3" => '³',
        "acute" => '´',
        "micro" => 'µ',
        "para" => '¶',
        "middot" => '·',
        "cedil" => '¸',
        "sup1" => '¹',
        "ordm" => 'º',
        "raquo" => '»',
        "frac14" => '¼',
        "frac12" => '½',
        "frac34" => '¾',
        "iquest" => '¿',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "ETH" => 'Ð',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "times" => '×',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "THORN" => 'Þ',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "divide" => '÷',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "thorn" => 'þ',
        "yuml" => 'ÿ',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Yuml" => 'Ÿ',
        "fnof" => 'ƒ',
        "circ" => 'ˆ',
        "tilde" => '˜',
        "Alpha" => 'Α',
        "Beta" => 'Β',
        "Gamma" => 'Γ',
        "Delta" => 'Δ',
        "Omega" => 'Ω',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "epsilon" => 'ε',
        "lambda" => 'λ',
        "mu" => 'μ',
        "pi" => 'π',
        "sigma" => 'σ',
        "omega" => 'ω',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "dagger" => '†',
        "Dagger" => '‡',
        "bull" => '•',
        "hellip" => '…',
        "permil" => '‰',
        "prime" => '′',
        "Prime" => '″',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "oline" => '‾',
        "frasl" => '⁄',
        "euro" => '€',
        "trade" | "TRADE" => '™',
        "larr" => '←',
        "uarr" => '↑',
        "rarr" => '→',
        "darr" => '↓',
        "harr" => '↔',
        "minus" => '−',
        "infin" => '∞',
        "ne" => '≠',
        "le" => '≤',
        "ge" => '≥',
        "asymp" => '≈',
        "loz" => '◊',
        "hearts" => '♥',
        "star" => '☆',
        "check" => '✓',
        "Tab" => '\t',
        "NewLine" => '\n',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "excl" => '!',
        "quest" => '?',
        "lpar" => '(',
        "rpar" => ')',
        "num" => '#',
        "dollar" => '$',
        "percnt" => '%',
        "ast" => '*',
        "sol" => '/',
        "hyphen" | "dash" => '‐',
        "nbhy" => '\u{2011}',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_numeric_and_broken_references() {
        assert_eq!(clean_text("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(clean_text("&ldquo;Hi&rdquo; &#8212; &#x2014;"), "“Hi” — —");
        assert_eq!(clean_text("caf&eacute; &#233"), "café é");
        assert_eq!(clean_text("&#150; &#151;"), "– —");
        assert_eq!(
            clean_text("AT&T &unknown; & &#; &#xZZ;"),
            "AT&T &unknown; & &#; &#xZZ;"
        );
        assert_eq!(clean_text("a&nbsp;&nbsp;b"), "a b");
        assert_eq!(clean_text("a\u{a0} b\u{2009}c\u{3000}d—e"), "a b c d—e");
        assert_eq!(clean_text("&#0; &#99999999999;"), "\u{fffd} \u{fffd}");
    }

    #[test]
    fn collapses_whitespace_and_trims() {
        assert_eq!(clean_text("  one \n\t two  "), "one two");
        assert_eq!(clean_text(""), "");
        assert_eq!(clean_text("&"), "&");
    }

    #[test]
    fn sink_places_breaks_only_between_text() {
        let mut sink = TextSink::default();
        sink.block_break();
        sink.push_raw(" first ");
        sink.line_break();
        sink.push_raw("second");
        sink.block_break();
        sink.block_break();
        sink.push_raw(" third");
        sink.block_break();
        assert_eq!(sink.out, "first\nsecond\n\nthird");
    }
}
