//! The dedupe stage: near-duplicate groups (syndicated wire copy, reprints).
//!
//! Each article becomes a set of word 5-gram shingles, summarised by a 128-value
//! MinHash signature computed by one-permutation hashing with optimal
//! densification ([`signature`]: each shingle is hashed once, where classic
//! MinHash hashes it 128 times). LSH banding (32 bands of 4 rows) proposes
//! candidate pairs whose estimated Jaccard similarity is roughly 0.4 or more;
//! each candidate is then checked on its full signature (an estimate with a
//! standard error of about 0.045 near the threshold, as classic MinHash: see
//! [`accuracy`]). Two articles are near-duplicates when
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

pub mod accuracy;
pub mod signature;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use rayon::prelude::*;
pub use signature::{Signature, SignatureError, Signer, SHINGLE_WORDS, SIGNATURE_VERSION};
use storyline_model::union_find::{root, union};
use storyline_model::{Doc, DuplicateGroup};

/// Number of MinHash values (one-permutation bins) per signature.
pub const NUM_HASHES: usize = 128;
/// LSH bands; `NUM_HASHES / BANDS` rows per band.
pub const BANDS: usize = 32;
/// Jaccard similarity at or above which two articles are near-duplicates.
pub const JACCARD_THRESHOLD: f64 = 0.5;
/// Share of the smaller article's shingles found in the larger one at or above
/// which two articles are near-duplicates (trimmed or padded copies).
pub const CONTAINMENT_THRESHOLD: f64 = 0.8;

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

/// Hasher of the checked-pair set: pair indices are small integers, so a
/// multiply-and-mix is enough (the default SipHash costs more than the check).
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        signature::mix(self.0)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(32) ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
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
    // Every band key with its article (key in the upper 64 bits, index in the
    // lower), sorted: a run of equal keys is an LSH bucket, its members in
    // index order.
    let mut keyed: Vec<u128> = Vec::with_capacity(prints.len() * BANDS);
    for (index, print) in prints.iter().enumerate() {
        if print.signature.is_empty() {
            continue;
        }
        keyed.extend(
            print
                .signature
                .band_keys(BANDS)
                .map(|key| (u128::from(key) << 64) | index as u128),
        );
    }
    keyed.sort_unstable();
    let mut parent: Vec<usize> = (0..prints.len()).collect();
    let mut checked: HashSet<(usize, usize), BuildHasherDefault<PairHasher>> = HashSet::default();
    let mut members: Vec<usize> = Vec::new();
    for bucket in keyed.chunk_by(|a, b| a >> 64 == b >> 64) {
        if bucket.len() < 2 {
            continue;
        }
        members.clear();
        members.extend(bucket.iter().map(|&keyed| keyed as u64 as usize));
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

    #[test]
    fn groups_do_not_depend_on_input_order_and_crowded_buckets_still_join() {
        // Eighty copies of one text (one crowded bucket per band), each with its
        // own short tail, beside unrelated articles.
        let texts: Vec<String> = (0..80)
            .map(|i| format!("{WIRE} Reported by desk number {i}."))
            .chain((0..20).map(|i| {
                format!(
                    "Item {i}: the council of town {i} met on day {i} to discuss budget line {i}."
                )
            }))
            .collect();
        let signatures: Vec<Signature> = texts.iter().map(|t| Signature::of(t)).collect();
        let ids: Vec<String> = (0..texts.len()).map(|i| format!("a{i:03}")).collect();
        let prints: Vec<Fingerprint> = ids
            .iter()
            .zip(&signatures)
            .map(|(id, signature)| Fingerprint {
                id,
                published: None,
                signature,
            })
            .collect();
        let groups = group_duplicates(&prints);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].articles.len(), 80);
        let mut reversed = prints.clone();
        reversed.reverse();
        assert_eq!(group_duplicates(&reversed), groups);
    }
}
