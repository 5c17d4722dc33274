//! Case and accent folding for comparing names and words.

use unicode_normalization::char::decompose_canonical;

/// Whether `c` is one of the combining diacritical marks (U+0300–U+036F):
/// the accents of Latin, Greek and Cyrillic letters.
fn is_accent(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Pushes `c` lower-cased (full Unicode lower case; `ß` and `ẞ` as "ss", the
/// final sigma as `σ`), dropping any accent the lower case brings.
fn push_lower(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        _ => out.extend(c.to_lowercase().filter(|l| !is_accent(*l))),
    }
}

/// Folds case and accents so that "Vučić", "VUČIĆ" and "Vucic" meet, and
/// "É", "é" and "e" do: Unicode lower case, with the accents a letter's
/// canonical decomposition gives (U+0300–U+036F) dropped, `ø` and `đ` as
/// `o` and `d` (they have no decomposition), and the typographic apostrophe
/// `’` as `'`. Letters of scripts whose decomposition holds no such accent
/// (Hangul, Devanagari) are kept as they are, lower-cased.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '’' => out.push('\''),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            _ => {
                let mut parts = ['\0'; 4];
                let mut count = 0;
                let mut accented = false;
                decompose_canonical(c, |d| {
                    accented |= is_accent(d);
                    if count < parts.len() {
                        parts[count] = d;
                    }
                    count += 1;
                });
                if accented && count <= parts.len() {
                    for d in parts[..count].iter().filter(|d| !is_accent(**d)) {
                        push_lower(*d, &mut out);
                    }
                } else {
                    push_lower(c, &mut out);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_and_lower_case_accents_meet_the_bare_letter() {
        assert_eq!(fold("É"), "e");
        assert_eq!(fold("é"), "e");
        assert_eq!(fold("Vučić"), "vucic");
        assert_eq!(fold("VUČIĆ"), "vucic");
        assert_eq!(fold("ÅNGSTRÖM"), "angstrom");
        assert_eq!(fold("Đoković"), "dokovic");
        assert_eq!(fold("Søren"), "soren");
        assert_eq!(fold("Ősz Şahin"), "osz sahin");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn ascii_apostrophes_and_other_scripts() {
        assert_eq!(fold("O’Brien"), "o'brien");
        assert_eq!(fold("NATO"), "nato");
        assert_eq!(fold("STRASSE"), fold("Straße"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("서울"), "서울");
        assert_eq!(fold("МОСКВА"), "москва");
        assert_eq!(fold("Йошкар"), "иошкар");
    }
}
