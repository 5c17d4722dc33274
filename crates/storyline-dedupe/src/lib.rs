//! The dedupe stage: near-duplicate groups (syndicated wire copy, reprints).
//!
//! Each article becomes a set of word 5-gram shingles, summarised by a 128-value
//! MinHash signature. LSH banding (32 bands of 4 rows) proposes candidate pairs
//! whose estimated Jaccard similarity is roughly 0.4 or more; each candidate is
//! then checked on its full signature (an estimate with a standard error of
//! about 0.045 near the threshold). Two articles are near-duplicates when
//!
//! * their shingle Jaccard similarity is at least [`JACCARD_THRESHOLD`] (0.5), or
//! * one contains at least [`CONTAINMENT_THRESHOLD`] (0.8) of the other's shingles
//!   (a trimmed or padded copy of the same wire story).
//!
//! Groups are the connected components of that relation. Nothing is deleted: each
//! group names its earliest article (by publication date, then id) as `first`.
//!
//! This stage sees the whole corpus at once (a barrier); its per-article part
//! ([`Signature::of`]) is pure and runs in parallel.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use storyline_model::union_find::{root, union};
use storyline_model::{Doc, DuplicateGroup};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Number of MinHash values per signature.
pub const NUM_HASHES: usize = 128;
/// LSH bands; `NUM_HASHES / BANDS` rows per band.
pub const BANDS: usize = 32;
/// Jaccard similarity at or above which two articles are near-duplicates.
pub const JACCARD_THRESHOLD: f64 = 0.5;
/// Share of the smaller article's shingles found in the larger one at or above
/// which two articles are near-duplicates (trimmed or padded copies).
pub const CONTAINMENT_THRESHOLD: f64 = 0.8;

/// The MinHash signature of one article's shingle set, and the set's size.
/// Similarity is estimated from the signature alone, so a stored corpus keeps
/// 520 bytes per article rather than its shingles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Distinct shingles in the article.
    shingles: u32,
    /// The minimum of each of [`NUM_HASHES`] hash functions over the shingles
    /// (upper 32 bits); empty when the article has no words.
    minhash: Vec<u32>,
}

/// 64-bit mixer (the finaliser of SplitMix64): fast and well distributed.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hash_word(word: &str) -> u64 {
    // FNV-1a over lower-cased bytes, then mixed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

impl Signature {
    /// Computes the signature of `text`.
    pub fn of(text: &str) -> Signature {
        let words: Vec<u64> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(hash_word)
            .collect();
        let mut shingles: Vec<u64> = if words.len() < SHINGLE_WORDS {
            if words.is_empty() {
                Vec::new()
            } else {
                vec![words.iter().fold(0, |acc, w| mix(acc ^ w))]
            }
        } else {
            words
                .windows(SHINGLE_WORDS)
                .map(|window| {
                    window
                        .iter()
                        .fold(0u64, |acc, w| mix(acc.rotate_left(7) ^ w))
                })
                .collect()
        };
        shingles.sort_unstable();
        shingles.dedup();
        if shingles.is_empty() {
            return Signature {
                shingles: 0,
                minhash: Vec::new(),
            };
        }
        let mut minhash = vec![u64::MAX; NUM_HASHES];
        for &shingle in &shingles {
            for (i, slot) in minhash.iter_mut().enumerate() {
                let h = mix(shingle ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
                if h < *slot {
                    *slot = h;
                }
            }
        }
        Signature {
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
            minhash: minhash.into_iter().map(|h| (h >> 32) as u32).collect(),
        }
    }

    /// Estimated Jaccard similarity and containment (of the smaller set in the
    /// larger): the share of equal MinHash values estimates the Jaccard
    /// similarity J (standard error about 0.045 near 0.5), and the shared
    /// shingles are then J / (1 + J) times the two sizes summed.
    pub fn similarity(&self, other: &Signature) -> (f64, f64) {
        if self.minhash.is_empty() || other.minhash.is_empty() {
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

    fn band_keys(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        let rows = NUM_HASHES / BANDS;
        self.minhash.chunks(rows).enumerate().map(|(band, chunk)| {
            (
                band,
                chunk
                    .iter()
                    .fold(band as u64, |acc, v| mix(acc ^ u64::from(*v))),
            )
        })
    }
}

/// Whether two signatures are near-duplicates under the documented thresholds.
pub fn is_near_duplicate(a: &Signature, b: &Signature) -> bool {
    let (jaccard, containment) = a.similarity(b);
    jaccard >= JACCARD_THRESHOLD || containment >= CONTAINMENT_THRESHOLD
}

/// Buckets with more members than this are checked as a star and a chain, not all pairs.
pub const CROWDED_BUCKET: usize = 64;

/// One article as dedupe sees it: its id, its publication date (which orders
/// a group) and its signature.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint<'a> {
    /// The article's id.
    pub id: &'a str,
    /// The article's publication date, if known.
    pub published: Option<NaiveDate>,
    /// The article's signature.
    pub signature: &'a Signature,
}

/// A signature's stored bytes could not be read back.
#[derive(Debug, thiserror::Error)]
#[error("unreadable dedupe signature: {0}")]
pub struct SignatureError(#[from] postcard::Error);

impl Signature {
    /// The signature as compact bytes (postcard), for storing beside its article.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a signature always serialises")
    }

    /// Reads a signature written by [`Signature::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature, SignatureError> {
        Ok(postcard::from_bytes(bytes)?)
    }
}

/// Groups near-duplicate articles. Only groups of two or more are returned,
/// ordered by their first article.
pub fn find_duplicates(docs: &[Doc]) -> Vec<DuplicateGroup> {
    let signatures: Vec<Signature> = docs.par_iter().map(|d| Signature::of(d.text())).collect();
    let prints: Vec<Fingerprint> = docs
        .iter()
        .zip(&signatures)
        .map(|(doc, signature)| Fingerprint {
            id: &doc.article.id,
            published: doc.article.published_date(),
            signature,
        })
        .collect();
    group_duplicates(&prints)
}

/// Groups near-duplicates among already signed articles. Only groups of two
/// or more are returned, ordered by their first article; the result does not
/// depend on the order of `prints`.
pub fn group_duplicates(prints: &[Fingerprint]) -> Vec<DuplicateGroup> {
    let mut order: Vec<usize> = (0..prints.len()).collect();
    order.sort_by(|&a, &b| prints[a].id.cmp(prints[b].id));
    let prints: Vec<Fingerprint> = order.into_iter().map(|i| prints[i]).collect();
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (index, print) in prints.iter().enumerate() {
        if print.signature.minhash.is_empty() {
            continue;
        }
        for key in print.signature.band_keys() {
            buckets.entry(key).or_default().push(index);
        }
    }
    let mut keys: Vec<&(usize, u64)> = buckets.keys().collect();
    keys.sort_unstable();
    let mut parent: Vec<usize> = (0..prints.len()).collect();
    let mut checked = HashSet::new();
    for key in keys {
        let members = &buckets[key];
        // A crowded bucket (templated text, boilerplate) is checked as a star and a
        // chain rather than all pairs: copies still meet through the union-find.
        let crowded = members.len() > CROWDED_BUCKET;
        for (i, &a) in members.iter().enumerate() {
            let partners: &[usize] = if crowded {
                if i == 0 {
                    &members[1..]
                } else {
                    &members[i + 1..(i + 2).min(members.len())]
                }
            } else {
                &members[i + 1..]
            };
            for &b in partners {
                if root(&mut parent, a) == root(&mut parent, b) || !checked.insert((a, b)) {
                    continue;
                }
                if is_near_duplicate(prints[a].signature, prints[b].signature) {
                    union(&mut parent, a, b);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for index in 0..prints.len() {
        groups
            .entry(root(&mut parent, index))
            .or_default()
            .push(index);
    }
    let mut result: Vec<DuplicateGroup> = groups
        .into_values()
        .filter(|members| members.len() > 1)
        .map(|mut members| {
            members.sort_by_key(|&i| {
                (
                    prints[i].published.is_none(),
                    prints[i].published,
                    prints[i].id,
                )
            });
            let articles: Vec<String> = members.iter().map(|&i| prints[i].id.to_string()).collect();
            DuplicateGroup {
                first: articles[0].clone(),
                articles,
            }
        })
        .collect();
    result.sort_by(|a, b| a.first.cmp(&b.first));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::Article;

    fn doc(id: &str, date: &str, text: &str) -> Doc {
        Doc::new(Article::new(id, format!("{id}.txt"), text).given_published(date.parse().unwrap()))
    }

    const WIRE: &str = "Dock workers at the port of Saltmere walked off the job on Monday, \
        halting traffic across the bridge as the dispute over the transit levy deepened. \
        The union said about 3,000 workers joined the strike and vowed to stay out until the levy is scrapped. \
        Government officials called the walkout illegal and said talks could resume next week. \
        Trucks queued for miles on the approach road while police watched from the roadside. \
        Shipping agents warned that perishable cargo would spoil within days if the strike went on.";

    #[test]
    fn trimmed_and_padded_copies_group_under_the_earliest() {
        let trimmed = &WIRE[..WIRE.find(" Trucks").unwrap()];
        let padded = format!("Here is what we know so far. {WIRE} Follow us for updates.");
        let docs = [
            doc("reprint-b", "2025-03-11", trimmed),
            doc("wire", "2025-03-10", WIRE),
            doc("reprint-c", "2025-03-12", &padded),
            doc("other", "2025-03-10", "A wildfire in the northern forest forced twelve thousand people from their homes as crews fought the flames overnight."),
        ];
        let groups = find_duplicates(&docs);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].first, "wire");
        assert_eq!(groups[0].articles, ["wire", "reprint-b", "reprint-c"]);
    }

    #[test]
    fn different_stories_on_one_topic_are_not_duplicates() {
        let a = Signature::of(WIRE);
        let b = Signature::of("Talks to end the Saltmere dock strike failed on Tuesday after eleven hours, \
            with the envoy saying the door is not closed and both sides blaming each other for the impasse.");
        assert!(!is_near_duplicate(&a, &b));
        let (jaccard, _) = a.similarity(&a);
        assert!((jaccard - 1.0).abs() < 1e-9);
    }
}
