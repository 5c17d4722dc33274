//! Signatures: one-permutation MinHash with optimal densification over hashed
//! word 5-gram shingles.
//!
//! Classic MinHash applies [`NUM_HASHES`] hash functions to every shingle and
//! keeps each function's minimum: 128 hash evaluations per shingle. One-permutation
//! hashing (Li, Owen & Zhang, NeurIPS 2012) hashes each shingle once: the top
//! bits of the hash choose one of [`NUM_HASHES`] bins and the next 32 bits are
//! its value, and each bin keeps its minimum. Two sets agree on a bin with
//! probability equal to their Jaccard similarity, as in classic MinHash. A bin
//! no shingle fell into (short texts) is filled by *optimal densification*
//! (Shrivastava, ICML 2017): empty bin `j` probes bins `h(j, 1), h(j, 2), …`
//! with a hash shared by every document and copies the first non-empty one, so
//! two documents fill the same empty bin from the same source whenever their
//! sets of non-empty bins agree, and the estimator keeps the variance of
//! classic MinHash.
//!
//! Words are runs of alphanumeric characters, lower-cased (ASCII on a fast
//! path, other characters through Unicode lower-casing). Each word is hashed once
//! (FNV-1a, then mixed); a shingle's hash combines the hashes of its five words
//! (a polynomial over them, then mixed), so no shingle string is built. A text
//! of one to four words is one shingle. [`Signer`] keeps its buffers between
//! documents, so signing allocates nothing once they have grown.

use std::cell::RefCell;

use crate::NUM_HASHES;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;

/// Version of the stored signature format ([`Signature::to_bytes`]). Version 1
/// was classic 128-permutation MinHash stored with postcard; version 2 is
/// one-permutation hashing with optimal densification. Signatures of different
/// versions are not comparable, so a stored signature of another version is
/// reported as [`SignatureError::Version`] and recomputed from the article.
pub const SIGNATURE_VERSION: u8 = 2;

/// Bits of a shingle hash that choose its bin.
const BIN_BITS: u32 = NUM_HASHES.trailing_zeros();
const _: () = assert!(NUM_HASHES.is_power_of_two() && NUM_HASHES == 128);

/// Probes an empty bin makes before falling back to the next non-empty bin.
const MAX_PROBES: u64 = 1 << 12;

/// Shingle and table buffers kept at most this many entries between documents.
const KEEP_CAPACITY: usize = 1 << 16;

/// Bytes of a stored non-empty signature: marker, version, size, values.
const STORED_LEN: usize = 2 + 4 + 4 * NUM_HASHES;

/// The MinHash signature of one article's shingle set, and the set's size.
/// Similarity is estimated from the signature alone, so a stored corpus keeps
/// 518 bytes per article rather than its shingles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "Vec<u8>", try_from = "Vec<u8>")]
pub struct Signature {
    /// Distinct shingles in the article; 0 when it has no words.
    shingles: u32,
    /// The minimum of each of [`NUM_HASHES`] bins (densified); unused when
    /// `shingles` is 0.
    minhash: [u32; NUM_HASHES],
}

/// A signature's stored bytes could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Written in another format version (an older build): recompute it from
    /// the article's text.
    #[error(
        "dedupe signature in format version {found}, this build reads version {SIGNATURE_VERSION}"
    )]
    Version {
        /// The version found (1 for the unversioned format of older builds).
        found: u8,
    },
    /// The bytes are not a signature of this version.
    #[error("unreadable dedupe signature: {0}")]
    Malformed(&'static str),
}

/// 64-bit mixer (the finaliser of SplitMix64): fast and well distributed.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;
/// Odd multiplier of the polynomial combining a shingle's word hashes.
const SHINGLE_MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// Per byte: its lower-case form for an ASCII letter or digit, 0 for any
/// other ASCII byte (a separator), [`NON_ASCII`] for a byte of a multi-byte
/// character.
const WORD_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            NON_ASCII
        } else if byte.is_ascii_alphanumeric() {
            byte.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    table
};
const NON_ASCII: u8 = 0xff;

/// Calls `word` with the hash of every lower-cased word of `text`, in order.
fn for_each_word(text: &str, mut word: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let class = WORD_BYTES[usize::from(bytes[i])];
        if class != NON_ASCII {
            i += 1;
            if class != 0 {
                h = (h ^ u64::from(class)).wrapping_mul(FNV_PRIME);
                in_word = true;
                continue;
            }
        } else {
            // `i` is always on a character boundary: ASCII bytes step by one,
            // other characters by their length.
            let c = text[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            i += c.len_utf8();
            if c.is_alphanumeric() {
                let mut buffer = [0u8; 4];
                for lower in c.to_lowercase() {
                    for &byte in lower.encode_utf8(&mut buffer).as_bytes() {
                        h = (h ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
                    }
                }
                in_word = true;
                continue;
            }
        }
        if in_word {
            word(mix(h));
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        word(mix(h));
    }
}

/// Hash of a shingle from the hashes of its words, in order.
fn combine(words: &[u64]) -> u64 {
    let h = words.iter().fold(words.len() as u64, |acc, &w| {
        acc.wrapping_mul(SHINGLE_MULTIPLIER).wrapping_add(w)
    });
    mix(h)
}

/// Appends the hash of every word 5-gram of `text` (one shingle for a text of
/// one to four words, none for a text without words) to `out`, duplicates
/// included.
pub(crate) fn shingle_hashes(text: &str, out: &mut Vec<u64>) {
    let mut window = [0u64; SHINGLE_WORDS];
    let mut words = 0usize;
    for_each_word(text, |w| {
        window.copy_within(1.., 0);
        window[SHINGLE_WORDS - 1] = w;
        words += 1;
        if words >= SHINGLE_WORDS {
            out.push(combine(&window));
        }
    });
    if (1..SHINGLE_WORDS).contains(&words) {
        out.push(combine(&window[SHINGLE_WORDS - words..]));
    }
}

/// Computes signatures, reusing its buffers from one document to the next.
#[derive(Debug, Default)]
pub struct Signer {
    /// Shingle hashes of the current document.
    shingles: Vec<u64>,
    /// Open-addressing set counting the distinct shingles (0 = empty slot).
    table: Vec<u64>,
}

impl Signer {
    /// A signer with empty buffers.
    pub fn new() -> Signer {
        Signer::default()
    }

    /// Computes the signature of `text`.
    pub fn sign(&mut self, text: &str) -> Signature {
        self.shingles.clear();
        shingle_hashes(text, &mut self.shingles);
        let signature = if self.shingles.len() > KEEP_CAPACITY {
            // A book-length text: its distinct shingles are counted by
            // sorting them in place (n log n) rather than in a table up to
            // four times their size, the largest buffer of the whole run.
            let signature = sign_with_count(&self.shingles, |_| 0);
            self.shingles.sort_unstable_by_key(|&h| h.max(1));
            self.shingles.dedup_by_key(|h| (*h).max(1));
            Signature {
                shingles: u32::try_from(self.shingles.len()).unwrap_or(u32::MAX),
                ..signature
            }
        } else {
            sign_hashes(&self.shingles, &mut self.table)
        };
        if self.shingles.capacity() > KEEP_CAPACITY {
            self.shingles = Vec::new();
        }
        if self.table.capacity() > 2 * KEEP_CAPACITY {
            self.table = Vec::new();
        }
        signature
    }
}

thread_local! {
    static SIGNER: RefCell<Signer> = RefCell::new(Signer::new());
}

/// The number of distinct values in `hashes`, counted in `table` (cleared first).
fn count_distinct(hashes: &[u64], table: &mut Vec<u64>) -> usize {
    let size = (2 * hashes.len()).next_power_of_two().max(16);
    let mask = size - 1;
    table.clear();
    table.resize(size, 0);
    let mut distinct = 0;
    for &h in hashes {
        // 0 marks an empty slot; a hash of 0 is counted as 1 (a 2^-64 event).
        let h = h.max(1);
        let mut slot = (h as usize) & mask;
        loop {
            let stored = table[slot];
            if stored == h {
                break;
            }
            if stored == 0 {
                table[slot] = h;
                distinct += 1;
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    distinct
}

/// The signature of a multiset of shingle hashes (one-permutation hashing with
/// optimal densification). `table` is scratch space.
pub(crate) fn sign_hashes(hashes: &[u64], table: &mut Vec<u64>) -> Signature {
    sign_with_count(hashes, |hashes| count_distinct(hashes, table))
}

/// [`sign_hashes`] with the distinct shingles counted by `distinct`.
fn sign_with_count(hashes: &[u64], distinct: impl FnOnce(&[u64]) -> usize) -> Signature {
    if hashes.is_empty() {
        return Signature::empty();
    }
    let mut bins = [u32::MAX; NUM_HASHES];
    let mut filled: u128 = 0;
    for &h in hashes {
        let bin = (h >> (64 - BIN_BITS)) as usize;
        // The 32 bits below the bin's.
        let value = (h >> (32 - BIN_BITS)) as u32;
        filled |= 1 << bin;
        if value < bins[bin] {
            bins[bin] = value;
        }
    }
    densify(&mut bins, filled);
    Signature {
        shingles: u32::try_from(distinct(hashes)).unwrap_or(u32::MAX),
        minhash: bins,
    }
}

/// Fills every empty bin (a 0 bit of `filled`, which has at least one 1 bit)
/// by optimal densification: bin `j` copies the first non-empty bin among
/// `probe(j, 1), probe(j, 2), …`. After [`MAX_PROBES`] misses (a chance of
/// about e^-32 even with one non-empty bin) it copies the next non-empty bin
/// to its right, circularly (rotation densification).
fn densify(bins: &mut [u32; NUM_HASHES], filled: u128) {
    if filled == u128::MAX {
        return;
    }
    let source = *bins;
    for (j, bin) in bins.iter_mut().enumerate() {
        if filled & (1 << j) != 0 {
            continue;
        }
        let probed = (1..=MAX_PROBES).find_map(|attempt| {
            let k = (mix(((j as u64) << 32) ^ attempt ^ 0x5851_f42d_4c95_7f2d) >> (64 - BIN_BITS))
                as usize;
            (filled & (1 << k) != 0).then_some(k)
        });
        let k = probed.unwrap_or_else(|| {
            (j + filled.rotate_right(j as u32).trailing_zeros() as usize) % NUM_HASHES
        });
        *bin = source[k];
    }
}

impl Signature {
    /// Computes the signature of `text` (with this thread's [`Signer`]).
    pub fn of(text: &str) -> Signature {
        SIGNER.with(|signer| signer.borrow_mut().sign(text))
    }

    /// The signature of a text without words.
    fn empty() -> Signature {
        Signature {
            shingles: 0,
            minhash: [0; NUM_HASHES],
        }
    }

    /// Whether the text had no words (such a signature matches nothing).
    pub fn is_empty(&self) -> bool {
        self.shingles == 0
    }

    /// Distinct shingles in the text.
    pub fn shingles(&self) -> u32 {
        self.shingles
    }

    /// The signature's values, one a bin; empty for a text without words.
    pub fn values(&self) -> &[u32] {
        if self.is_empty() {
            &[]
        } else {
            &self.minhash
        }
    }

    /// Estimated Jaccard similarity and containment (of the smaller set in the
    /// larger): the share of equal bins estimates the Jaccard similarity J
    /// (standard error about 0.045 near 0.5), and the shared shingles are
    /// then J / (1 + J) times the two sizes summed.
    pub fn similarity(&self, other: &Signature) -> (f64, f64) {
        if self.is_empty() || other.is_empty() {
            return (0.0, 0.0);
        }
        let equal = self
            .minhash
            .iter()
            .zip(&other.minhash)
            .filter(|(a, b)| a == b)
            .count();
        let jaccard = equal as f64 / NUM_HASHES as f64;
        let sizes = f64::from(self.shingles) + f64::from(other.shingles);
        let shared = jaccard / (1.0 + jaccard) * sizes;
        let smaller = f64::from(self.shingles.min(other.shingles)).max(1.0);
        (jaccard, (shared / smaller).min(1.0))
    }

    /// LSH band keys: band `b`'s key hashes the band number with its
    /// `NUM_HASHES / bands` values, so equal keys mean equal bands.
    pub(crate) fn band_keys(&self, bands: usize) -> impl Iterator<Item = u64> + '_ {
        let rows = NUM_HASHES / bands;
        self.minhash
            .chunks_exact(rows)
            .enumerate()
            .map(|(band, chunk)| {
                chunk
                    .iter()
                    .fold(band as u64, |acc, v| mix(acc ^ u64::from(*v)))
            })
    }

    /// The signature as compact bytes, for storing beside its article: a 0
    /// byte, [`SIGNATURE_VERSION`], the shingle count (u32, little-endian),
    /// then for a text with words the [`NUM_HASHES`] values (u32 each).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(STORED_LEN);
        out.push(0);
        out.push(SIGNATURE_VERSION);
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for value in self.values() {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// Reads a signature written by [`Signature::to_bytes`]. Bytes written by
    /// an older build (format version 1, which never starts with a 0 byte
    /// followed by a nonzero one) give [`SignatureError::Version`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature, SignatureError> {
        let version = match bytes {
            [] | [0] => return Err(SignatureError::Malformed("truncated")),
            [0, 0, ..] => 1,
            [0, version, ..] => *version,
            [_, ..] => 1,
        };
        if version != SIGNATURE_VERSION {
            return Err(SignatureError::Version { found: version });
        }
        let size: [u8; 4] = bytes
            .get(2..6)
            .and_then(|b| b.try_into().ok())
            .ok_or(SignatureError::Malformed("truncated"))?;
        let shingles = u32::from_le_bytes(size);
        let values = &bytes[6..];
        if shingles == 0 {
            return if values.is_empty() {
                Ok(Signature::empty())
            } else {
                Err(SignatureError::Malformed("values after an empty signature"))
            };
        }
        if values.len() != 4 * NUM_HASHES {
            return Err(SignatureError::Malformed("wrong number of values"));
        }
        let mut minhash = [0u32; NUM_HASHES];
        for (slot, chunk) in minhash.iter_mut().zip(values.chunks_exact(4)) {
            *slot = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Ok(Signature { shingles, minhash })
    }
}

impl From<Signature> for Vec<u8> {
    fn from(signature: Signature) -> Vec<u8> {
        signature.to_bytes()
    }
}

impl TryFrom<Vec<u8>> for Signature {
    type Error = SignatureError;

    fn try_from(bytes: Vec<u8>) -> Result<Signature, SignatureError> {
        Signature::from_bytes(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w));
        out
    }

    #[test]
    fn words_are_lower_cased_alphanumeric_runs() {
        assert_eq!(
            words("Dock-workers, 3,000 of them"),
            words("dock workers 3 000 OF THEM")
        );
        assert_eq!(words("Über Élan"), words("über élan"));
        assert_eq!(words("naïve café").len(), 2);
        assert_eq!(words("a_b").len(), 2);
        assert!(words(" -- ... ").is_empty());
        assert_ne!(words("ab"), words("ba"));
    }

    #[test]
    fn shingles_are_ordered_five_word_windows() {
        let mut out = Vec::new();
        shingle_hashes("one two three four five six seven", &mut out);
        assert_eq!(out.len(), 3);
        let mut reordered = Vec::new();
        shingle_hashes("two one three four five six seven", &mut reordered);
        assert_ne!(out[0], reordered[0]);
        assert_ne!(out[1], reordered[1]);
        assert_eq!(out[2], reordered[2]);
        let mut short = Vec::new();
        shingle_hashes("just three words", &mut short);
        assert_eq!(short.len(), 1);
        short.clear();
        shingle_hashes("  ", &mut short);
        assert!(short.is_empty());
    }

    #[test]
    fn a_book_length_text_is_signed_as_a_short_one_is() {
        // More shingles than the signer counts in its table: counted by sorting.
        let text: String = (0..3 * KEEP_CAPACITY)
            .map(|i| format!("w{} ", i % (KEEP_CAPACITY + 7)))
            .collect();
        let mut hashes = Vec::new();
        shingle_hashes(&text, &mut hashes);
        assert!(hashes.len() > KEEP_CAPACITY);
        let by_table = sign_hashes(&hashes, &mut Vec::new());
        let by_signer = Signer::new().sign(&text);
        assert_eq!(by_signer, by_table);
        assert_eq!(by_signer.shingles as usize, KEEP_CAPACITY + 7);
    }

    #[test]
    fn distinct_shingles_are_counted_exactly() {
        let mut table = Vec::new();
        let hashes: Vec<u64> = (0..1000u64).map(|i| mix(i % 300)).collect();
        assert_eq!(count_distinct(&hashes, &mut table), 300);
        assert_eq!(count_distinct(&[0, 1, 7], &mut table), 2);
    }

    #[test]
    fn densification_fills_every_bin_from_a_filled_one() {
        let mut table = Vec::new();
        let hashes = [mix(1), mix(2), mix(3)];
        let signature = sign_hashes(&hashes, &mut table);
        let own: Vec<u32> = hashes
            .iter()
            .map(|h| (h >> (32 - BIN_BITS)) as u32)
            .collect();
        assert!(signature.minhash.iter().all(|v| own.contains(v)));
        for &v in &own {
            assert!(signature.minhash.contains(&v));
        }
        assert_eq!(signature.shingles, 3);
    }

    #[test]
    fn bytes_round_trip_and_older_formats_are_reported() {
        let signature = Signature::of("Dock workers at the port of Saltmere walked off the job.");
        let bytes = signature.to_bytes();
        assert_eq!(bytes.len(), STORED_LEN);
        assert_eq!(Signature::from_bytes(&bytes).unwrap(), signature);
        let empty = Signature::of("...");
        assert!(empty.is_empty());
        assert_eq!(Signature::from_bytes(&empty.to_bytes()).unwrap(), empty);
        // Version 1 (postcard: varint shingle count, varint length, varint values).
        let mut v1 = vec![0x2a, 0x80, 0x01];
        v1.extend(std::iter::repeat_n(0x05, 128));
        assert_eq!(
            Signature::from_bytes(&v1),
            Err(SignatureError::Version { found: 1 })
        );
        assert_eq!(
            Signature::from_bytes(&[0, 0]),
            Err(SignatureError::Version { found: 1 })
        );
        assert_eq!(
            Signature::from_bytes(&[0, 9, 1, 0, 0, 0]),
            Err(SignatureError::Version { found: 9 })
        );
        assert!(matches!(
            Signature::from_bytes(&bytes[..100]),
            Err(SignatureError::Malformed(_))
        ));
        let through_serde: Signature =
            postcard::from_bytes(&postcard::to_allocvec(&signature).unwrap()).unwrap();
        assert_eq!(through_serde, signature);
    }
}
