//! Fixed word lists with hashed membership.

use std::sync::OnceLock;

/// A fixed list of words whose membership test is one hash and a compare or
/// two, not a scan of the list: lexicons that every token is looked up in.
/// The table is built on first use.
pub struct WordList {
    words: &'static [&'static str],
    table: OnceLock<Table>,
}

/// Open addressing over indices into the word list (`u16::MAX` is empty).
struct Table {
    slots: Vec<u16>,
    mask: usize,
}

/// FNV-1a over the bytes: short words, no key to guard.
fn hash(word: &[u8]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 29)) as usize
}

impl WordList {
    /// A list of `words` (at most 65,534).
    pub const fn new(words: &'static [&'static str]) -> WordList {
        WordList {
            words,
            table: OnceLock::new(),
        }
    }

    /// The words, in the order given.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    fn table(&self) -> &Table {
        self.table.get_or_init(|| {
            assert!(
                self.words.len() < usize::from(u16::MAX),
                "word list too long"
            );
            let size = (self.words.len() * 2).next_power_of_two().max(8);
            let mask = size - 1;
            let mut slots = vec![u16::MAX; size];
            for (index, word) in self.words.iter().enumerate() {
                let mut at = hash(word.as_bytes()) & mask;
                while slots[at] != u16::MAX {
                    at = (at + 1) & mask;
                }
                slots[at] = index as u16;
            }
            Table { slots, mask }
        })
    }

    /// Whether `word` is in the list (exact, case-sensitive).
    #[inline]
    pub fn contains<W: AsRef<str> + ?Sized>(&self, word: &W) -> bool {
        let word = word.as_ref();
        let table = self.table();
        let mut at = hash(word.as_bytes()) & table.mask;
        loop {
            match table.slots[at] {
                u16::MAX => return false,
                index if self.words[usize::from(index)] == word => return true,
                _ => at = (at + 1) & table.mask,
            }
        }
    }
}

impl std::fmt::Debug for WordList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.words).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: WordList = WordList::new(&["said", "told", "Mr", "", "añadió"]);

    #[test]
    fn membership_is_exact() {
        for word in LIST.words() {
            assert!(LIST.contains(word), "{word}");
        }
        assert!(LIST.contains("añadió"));
        assert!(!LIST.contains("Said"));
        assert!(!LIST.contains("mr"));
        assert!(!LIST.contains("sai"));
        assert!(!LIST.contains(&String::from("tolds")));
    }

    #[test]
    fn an_empty_list_holds_nothing() {
        static EMPTY: WordList = WordList::new(&[]);
        assert!(!EMPTY.contains(""));
    }
}
