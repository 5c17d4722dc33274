//! Independent sources: which articles are one report, not several.
//!
//! Forty outlets reprinting one wire story are one source. Two articles count as
//! the same source when they are near-duplicates (one [`DuplicateGroup`]) or when
//! they credit the same wire agency: a dateline such as "BRUSSELS (AP) —", an
//! outlet that *is* the agency, a credit such as "(Reuters)" in the opening
//! paragraph, or a line such as "The Associated Press contributed to this
//! report." A dateline credit this crate does not know ("LISBON (HW) —") counts
//! by its code, and joins the articles whose outlet has those initials
//! ("Harbour Wire"). Sameness is transitive (union-find), so a reprint of an AP story
//! joins every other AP-credited article.
//!
//! Photo credits ("/Johanna Geron/Reuters") are captions, removed by the extract
//! stage with reason `caption`, and are not wire credit.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use storyline_model::union_find::{root, union};
use storyline_model::{Article, ArticleId, Doc, DuplicateGroup, SourceGroup};

/// Wire agencies: the short name used in reports, then the lower-case ways of
/// writing it that count as credit.
const AGENCIES: &[(&str, &[&str])] = &[
    ("AP", &["ap", "associated press", "the associated press"]),
    ("Reuters", &["reuters", "thomson reuters"]),
    (
        "AFP",
        &["afp", "agence france-presse", "agence france presse"],
    ),
    ("dpa", &["dpa", "deutsche presse-agentur"]),
    ("PA", &["pa", "pa media", "press association"]),
    ("UPI", &["upi", "united press international"]),
];

/// The agency a name stands for ("Associated Press" and "AP" are "AP").
pub fn agency(name: &str) -> Option<&'static str> {
    let lower = name.trim().trim_start_matches("The ").to_lowercase();
    let lower = lower.trim_start_matches("the ");
    AGENCIES
        .iter()
        .find(|(_, names)| names.contains(&lower))
        .map(|(short, _)| *short)
}

/// The first agency credited inside parentheses in `text`: "(AP)", "(Reuters)".
fn parenthesised_credit(text: &str) -> Option<&'static str> {
    text.match_indices('(').find_map(|(open, _)| {
        let rest = &text[open + 1..];
        let close = rest.find(')')?;
        (close <= 30).then(|| agency(&rest[..close])).flatten()
    })
}

/// The first agency named in a contributor line ("The Associated Press
/// contributed to this report.", "Reuters contributed reporting.").
fn contributor_credit(line: &str) -> Option<&'static str> {
    let lower = line.to_lowercase();
    let at = lower.find(" contributed")?;
    let who = &line[..at];
    who.split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .find_map(agency)
}

/// The wire agency an article credits, if any (see the module docs).
pub fn wire_credit(article: &Article) -> Option<&'static str> {
    if let Some(found) = article
        .dateline
        .as_ref()
        .and_then(|d| d.agency.as_deref())
        .and_then(agency)
    {
        return Some(found);
    }
    if let Some(found) = article.outlet_name().and_then(agency) {
        return Some(found);
    }
    let first_paragraph = article.text.split("\n\n").next().unwrap_or("");
    let opening = match first_paragraph.char_indices().nth(300) {
        Some((at, _)) => &first_paragraph[..at],
        None => first_paragraph,
    };
    if let Some(found) = parenthesised_credit(opening) {
        return Some(found);
    }
    let last_paragraph = article.text.rsplit("\n\n").next().unwrap_or("");
    article
        .removed
        .iter()
        .filter(|r| r.reason == "contributor-line")
        .map(|r| r.text.as_str())
        .chain(std::iter::once(last_paragraph))
        .find_map(contributor_credit)
}

/// A wire credit that may name an agency this crate does not know: the known
/// agency, else the code of a dateline credit ("LISBON (HW) —" credits `HW`).
fn credit_key(article: &Article) -> Option<String> {
    if let Some(known) = wire_credit(article) {
        return Some(known.to_string());
    }
    let code = article.dateline.as_ref()?.agency.as_deref()?.trim();
    let is_code =
        (2..=6).contains(&code.len()) && code.chars().all(|c| c.is_ascii_uppercase() || c == '-');
    is_code.then(|| code.to_string())
}

/// An outlet's initials ("Harbour Wire" is `HW`), to recognise an agency's own
/// articles when others credit it by its code.
fn initials(outlet: &str) -> Option<String> {
    let words: Vec<&str> = outlet
        .split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "the" | "of" | "and"))
        .collect();
    (words.len() >= 2).then(|| {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    })
}

/// Which articles are the same source, for grouping any set of articles.
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    /// Article id to its source (a union-find root index).
    source: HashMap<ArticleId, usize>,
    /// Wire credit of each source, when that joined (or named) it.
    wire: BTreeMap<usize, String>,
    /// Publication date and outlet of each article.
    info: HashMap<ArticleId, (Option<NaiveDate>, Option<String>)>,
}

impl SourceIndex {
    /// Groups `docs` into sources by `duplicates` and wire credit.
    pub fn new(docs: &[Doc], duplicates: &[DuplicateGroup]) -> SourceIndex {
        let ids: Vec<&str> = docs.iter().map(|d| d.article.id.as_str()).collect();
        let position: BTreeMap<&str, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut parent: Vec<usize> = (0..ids.len()).collect();
        for group in duplicates {
            let members: Vec<usize> = group
                .articles
                .iter()
                .filter_map(|a| position.get(a.as_str()).copied())
                .collect();
            for pair in members.windows(2) {
                union(&mut parent, pair[0], pair[1]);
            }
        }
        let mut credits: Vec<Option<String>> =
            docs.iter().map(|d| credit_key(&d.article)).collect();
        // An agency's own articles carry its name as outlet, not a credit:
        // "Harbour Wire" joins the articles credited "(HW)".
        let codes: std::collections::BTreeSet<String> = credits.iter().flatten().cloned().collect();
        for (credit, doc) in credits.iter_mut().zip(docs) {
            if credit.is_none() {
                *credit = doc
                    .article
                    .outlet_name()
                    .and_then(initials)
                    .filter(|i| codes.contains(i));
            }
        }
        let mut first_with: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, credit) in credits.iter().enumerate() {
            if let Some(credit) = credit {
                match first_with.get(credit.as_str()) {
                    Some(&j) => union(&mut parent, i, j),
                    None => {
                        first_with.insert(credit, i);
                    }
                }
            }
        }
        let mut index = SourceIndex::default();
        for (i, doc) in docs.iter().enumerate() {
            let r = root(&mut parent, i);
            index.source.insert(doc.article.id.clone(), r);
            if let Some(credit) = &credits[i] {
                index.wire.entry(r).or_insert_with(|| credit.clone());
            }
            index.info.insert(
                doc.article.id.clone(),
                (
                    doc.article.published_date(),
                    doc.article.outlet_name().map(str::to_string),
                ),
            );
        }
        index
    }

    /// The source an article belongs to, as a number equal for articles of one
    /// source; `None` for an article the index does not know.
    pub fn source_key(&self, article: &str) -> Option<usize> {
        self.source.get(article).copied()
    }

    /// Whether two articles are one source (the same article included).
    pub fn same_source(&self, a: &str, b: &str) -> bool {
        a == b || matches!((self.source.get(a), self.source.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// Groups `articles` into independent sources: each group names its first
    /// publisher (earliest, undated last, then by id) and lists the rest as
    /// copies; groups are ordered by their first article. Unknown ids are
    /// sources of their own.
    pub fn group<'a, S: AsRef<str> + ?Sized + 'a>(
        &self,
        articles: impl IntoIterator<Item = &'a S>,
    ) -> Vec<SourceGroup> {
        let mut members: Vec<&str> = articles.into_iter().map(AsRef::as_ref).collect();
        members.sort_by_key(|id| self.order_key(id));
        members.dedup();
        let mut groups: Vec<(Option<usize>, SourceGroup)> = Vec::new();
        for id in members {
            let source = self.source.get(id).copied();
            if let Some(existing) = groups
                .iter_mut()
                .find(|(s, _)| source.is_some() && *s == source)
            {
                existing.1.copies.push(id.to_string());
                continue;
            }
            groups.push((
                source,
                SourceGroup {
                    first: id.to_string(),
                    outlet: self.info.get(id).and_then(|(_, o)| o.clone()),
                    wire: None,
                    copies: Vec::new(),
                },
            ));
        }
        groups
            .into_iter()
            .map(|(source, mut group)| {
                if !group.copies.is_empty() {
                    group.wire = source.and_then(|s| self.wire.get(&s)).cloned();
                }
                group
            })
            .collect()
    }

    /// Article order, except that on the same day the agency's own article
    /// comes before the outlets that reprint it: the wire is the first publisher.
    fn order_key(&self, id: &str) -> (bool, Option<NaiveDate>, bool, String) {
        let (date, outlet) = self
            .info
            .get(id)
            .map_or((None, None), |(d, o)| (*d, o.as_deref()));
        let own_wire = outlet.and_then(agency).is_some();
        (date.is_none(), date, !own_wire, id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{Dateline, Removed};

    fn article(id: &str, outlet: &str, date: &str, text: &str) -> Doc {
        Doc::new(
            Article::new(id, format!("{id}.txt"), text)
                .given_outlet(outlet)
                .given_published(date.parse().unwrap()),
        )
    }

    #[test]
    fn agencies_are_recognised_however_written() {
        assert_eq!(agency("Associated Press"), Some("AP"));
        assert_eq!(agency("The Associated Press"), Some("AP"));
        assert_eq!(agency("AP"), Some("AP"));
        assert_eq!(agency("Agence France-Presse"), Some("AFP"));
        assert_eq!(agency("The National"), None);
        assert_eq!(agency("Johanna Geron/Reuters"), None);
    }

    #[test]
    fn wire_credit_comes_from_datelines_outlets_and_contributor_lines() {
        let mut dated = article(
            "a",
            "Harbour Times",
            "2024-03-01",
            "PORTO (AP) — Dock workers struck.",
        );
        dated.article.dateline = Some(Dateline {
            place: "PORTO".into(),
            agency: Some("AP".into()),
            start: 0,
            end: 15,
        });
        assert_eq!(wire_credit(&dated.article), Some("AP"));
        let outlet = article("b", "Reuters", "2024-03-01", "Dock workers struck.");
        assert_eq!(wire_credit(&outlet.article), Some("Reuters"));
        let inline = article(
            "c",
            "Daily Ledger",
            "2024-03-01",
            "LONDON (Reuters) - Dock workers struck.",
        );
        assert_eq!(wire_credit(&inline.article), Some("Reuters"));
        let mut credited = article("d", "Daily Ledger", "2024-03-01", "Dock workers struck.");
        credited.article.removed.push(Removed {
            text: "Jane Roe and The Associated Press contributed to this report.".into(),
            reason: "contributor-line".into(),
        });
        assert_eq!(wire_credit(&credited.article), Some("AP"));
        let own = article(
            "e",
            "Daily Ledger",
            "2024-03-01",
            "Dock workers struck.\n\nJane Roe contributed to this report.",
        );
        assert_eq!(wire_credit(&own.article), None);
    }

    #[test]
    fn an_unknown_agency_code_joins_the_outlet_with_its_initials() {
        let mut credited = article(
            "c",
            "Coastal Ledger",
            "2024-03-02",
            "LISBON (HW) — Dock workers struck.",
        );
        credited.article.dateline = Some(Dateline {
            place: "LISBON".into(),
            agency: Some("HW".into()),
            start: 0,
            end: 15,
        });
        let docs = vec![
            credited,
            article(
                "w",
                "Harbour Wire",
                "2024-03-02",
                "Dock workers struck in Lisbon.",
            ),
            article(
                "h",
                "Harbour Times",
                "2024-03-02",
                "Our own report on the strike.",
            ),
        ];
        let index = SourceIndex::new(&docs, &[]);
        assert!(index.same_source("c", "w"));
        assert!(!index.same_source("c", "h"));
        let ids: Vec<ArticleId> = ["c", "w"].map(String::from).to_vec();
        assert_eq!(index.group(&ids)[0].wire.as_deref(), Some("HW"));
    }

    #[test]
    fn copies_and_shared_wire_credit_count_once() {
        let docs = vec![
            article(
                "w1",
                "Associated Press",
                "2024-03-02",
                "Dock workers struck in Porto.",
            ),
            article(
                "r1",
                "Harbour Times",
                "2024-03-02",
                "Dock workers struck in Porto (AP).",
            ),
            article(
                "r2",
                "Valley Courier",
                "2024-03-03",
                "Dock workers struck in Porto, again.",
            ),
            article(
                "x1",
                "Daily Ledger",
                "2024-03-01",
                "Our reporter saw the strike.",
            ),
        ];
        let duplicates = vec![DuplicateGroup {
            first: "w1".into(),
            articles: vec!["w1".into(), "r2".into()],
        }];
        let index = SourceIndex::new(&docs, &duplicates);
        assert!(index.same_source("w1", "r1"));
        assert!(index.same_source("r1", "r2"));
        assert!(!index.same_source("w1", "x1"));
        let ids: Vec<ArticleId> = ["r2", "x1", "r1", "w1"].map(String::from).to_vec();
        let groups = index.group(&ids);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].first, "x1");
        assert!(groups[0].copies.is_empty());
        assert_eq!(groups[0].wire, None);
        // Same day as its reprint: the agency's own article is the first publisher.
        assert_eq!(groups[1].first, "w1");
        assert_eq!(groups[1].copies, ["r1", "r2"]);
        assert_eq!(groups[1].wire.as_deref(), Some("AP"));
        assert_eq!(groups[1].outlet.as_deref(), Some("Associated Press"));
    }
}
