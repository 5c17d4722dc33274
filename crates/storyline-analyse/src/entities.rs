//! Corpus entities: article-local entities merged across articles.

use std::collections::{BTreeMap, BTreeSet};

use storyline_annotate::fold;
use storyline_model::{AliasLink, Citation, Doc, Entity, EntityKind, LinkMethod};

/// Votes for an entity's kind across its mentions.
type KindVotes = BTreeMap<EntityKind, usize>;
/// Folded name to (display name, kind votes).
type NameTable = BTreeMap<String, (String, KindVotes)>;
/// What a corpus entity gathers: kind votes, surface forms, cited mentions,
/// and the surest article-level link of each form written in a mention.
type Gathered = (
    KindVotes,
    BTreeSet<String>,
    Vec<Citation>,
    BTreeMap<String, (LinkMethod, f32)>,
);

/// Confidence of an alias linked only by the corpus-wide merge of a surname
/// into the one full name that ends with it.
pub const CORPUS_ALIAS_CONFIDENCE: f32 = 0.7;

/// Maps a folded local name to the folded corpus name it merges into.
fn merge_map(docs: &[Doc]) -> (BTreeMap<String, String>, NameTable) {
    // Folded name -> (display name, kind votes).
    let mut names: NameTable = BTreeMap::new();
    for doc in docs {
        for mention in &doc.mentions {
            let entry = names
                .entry(fold(&mention.entity))
                .or_insert_with(|| (mention.entity.to_string(), BTreeMap::new()));
            *entry.1.entry(mention.kind).or_default() += 1;
        }
    }
    let kind_of = |votes: &KindVotes| {
        votes
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(k, _)| *k)
            .unwrap_or(EntityKind::Other)
    };
    // A one-word person name merges into the only multi-word person name ending with it.
    let mut by_surname: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, (_, votes)) in &names {
        if kind_of(votes) == EntityKind::Person && key.contains(' ') {
            if let Some(last) = key.split(' ').next_back() {
                by_surname
                    .entry(last.to_string())
                    .or_default()
                    .insert(key.clone());
            }
        }
    }
    let mut map = BTreeMap::new();
    for key in names.keys() {
        let target = if key.contains(' ') {
            key.clone()
        } else {
            match by_surname.get(key) {
                Some(full) if full.len() == 1 => full.iter().next().cloned().unwrap_or_default(),
                _ => key.clone(),
            }
        };
        map.insert(key.clone(), target);
    }
    (map, names)
}

/// Merges the entities of all documents into corpus entities with aliases and
/// cited mentions, most mentioned first.
pub fn link_entities(docs: &[Doc]) -> Vec<Entity> {
    let (map, names) = merge_map(docs);
    let mut merged: BTreeMap<String, Gathered> = BTreeMap::new();
    for doc in docs {
        for mention in &doc.mentions {
            let key = fold(&mention.entity);
            let target = map.get(&key).cloned().unwrap_or(key);
            let entry = merged.entry(target).or_default();
            *entry.0.entry(mention.kind).or_default() += 1;
            entry.1.insert(mention.text.to_string());
            if mention.entity != mention.text {
                entry.1.insert(mention.entity.to_string());
            }
            entry.2.push(Citation::new(
                &doc.article.id,
                doc.text(),
                mention.start,
                mention.end,
            ));
            if mention.method != LinkMethod::Name {
                let link = (mention.method, mention.confidence);
                entry
                    .3
                    .entry(mention.text.to_string())
                    .and_modify(|best| {
                        if link.1 > best.1 {
                            *best = link;
                        }
                    })
                    .or_insert(link);
            }
        }
    }
    let mut entities: Vec<Entity> = merged
        .into_iter()
        .map(|(key, (votes, forms, mut mentions, links))| {
            // The lists grew by doubling; the slack of a much-mentioned
            // entity would stay allocated for the rest of the run.
            mentions.shrink_to_fit();
            let name = names
                .get(&key)
                .map(|(display, _)| display.clone())
                .unwrap_or(key);
            let kind = votes
                .iter()
                .max_by_key(|(_, n)| **n)
                .map(|(k, _)| *k)
                .unwrap_or(EntityKind::Other);
            let aliases: Vec<String> = forms.into_iter().filter(|f| *f != name).collect();
            let alias_links = aliases
                .iter()
                .map(|alias| alias_link(alias, links.get(alias).copied()))
                .collect();
            Entity {
                name,
                kind,
                aliases,
                mentions,
                alias_links,
            }
        })
        .collect();
    sort_entities(&mut entities);
    entities
}

/// An alias's link: the surest article-level one when a mention is written
/// that way, else the corpus-wide merge's.
fn alias_link(alias: &str, best: Option<(LinkMethod, f32)>) -> AliasLink {
    let (method, confidence) = best.unwrap_or((LinkMethod::Corpus, CORPUS_ALIAS_CONFIDENCE));
    AliasLink {
        alias: alias.to_string(),
        method,
        confidence,
    }
}

/// Merges the alias links of one entity found twice (a stored analysis and a
/// re-analysed region): per alias the article-level link beats the corpus
/// merge's, then the surer one wins; sorted by alias.
pub fn merge_alias_links(into: &mut Vec<AliasLink>, more: Vec<AliasLink>) {
    let rank = |l: &AliasLink| (l.method != LinkMethod::Corpus, l.confidence);
    let mut by_alias: BTreeMap<String, AliasLink> = std::mem::take(into)
        .into_iter()
        .map(|l| (l.alias.clone(), l))
        .collect();
    for link in more {
        match by_alias.get_mut(&link.alias) {
            Some(existing) => {
                if rank(&link) > rank(existing) {
                    *existing = link;
                }
            }
            None => {
                by_alias.insert(link.alias.clone(), link);
            }
        }
    }
    *into = by_alias.into_values().collect();
}

/// Orders corpus entities as reports list them: most mentioned first, then by name.
pub fn sort_entities(entities: &mut [Entity]) {
    entities.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then(a.name.cmp(&b.name))
    });
}

/// Renames quote speakers to their corpus entity names ("Borrell" becomes "Josep Borrell").
pub fn canonical_speakers(docs: &mut [Doc], entities: &[Entity]) {
    let mut name_of: BTreeMap<String, String> = BTreeMap::new();
    for entity in entities {
        name_of.insert(fold(&entity.name), entity.name.clone());
        for alias in &entity.aliases {
            name_of
                .entry(fold(alias))
                .or_insert_with(|| entity.name.clone());
        }
    }
    for doc in docs.iter_mut() {
        for quote in &mut doc.quotes {
            if let Some(speaker) = &quote.speaker {
                if let Some(name) = name_of.get(&fold(speaker)) {
                    quote.speaker = Some(name.as_str().into());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{Article, Mention};

    /// A document whose mentions are `(written, entity, method, confidence)`,
    /// found in its text in order.
    fn doc(id: &str, text: &str, mentions: &[(&str, &str, LinkMethod, f32)]) -> Doc {
        let mut doc = Doc::new(Article::new(id, format!("{id}.txt"), text));
        let mut from = 0;
        for &(written, entity, method, confidence) in mentions {
            let start = from + text[from..].find(written).expect("mention in text");
            from = start + written.len();
            doc.mentions.push(Mention {
                text: written.into(),
                start,
                end: from,
                kind: EntityKind::Person,
                entity: entity.into(),
                method,
                confidence,
            });
        }
        doc
    }

    #[test]
    fn each_alias_carries_its_surest_link_or_the_corpus_merge() {
        let docs = [
            doc(
                "a",
                "Josep Borrell spoke. Mr Borrell left. Borrell returned.",
                &[
                    ("Josep Borrell", "Josep Borrell", LinkMethod::Name, 0.95),
                    ("Mr Borrell", "Josep Borrell", LinkMethod::Title, 0.85),
                    ("Borrell", "Josep Borrell", LinkMethod::Surname, 0.9),
                ],
            ),
            // Alone in its article, "Borrell" is a name; only the corpus-wide
            // merge of surnames makes it Josep Borrell's.
            doc(
                "b",
                "Borrell said no.",
                &[("Borrell", "Borrell", LinkMethod::Name, 0.95)],
            ),
            doc(
                "c",
                "Vucic met Vucic.",
                &[("Vucic", "Vucic", LinkMethod::Name, 0.95)],
            ),
        ];
        let entities = link_entities(&docs);
        let borrell = entities.iter().find(|e| e.name == "Josep Borrell").unwrap();
        assert_eq!(borrell.aliases, ["Borrell", "Mr Borrell"]);
        let links: Vec<(&str, LinkMethod, f32)> = borrell
            .alias_links
            .iter()
            .map(|l| (l.alias.as_str(), l.method, l.confidence))
            .collect();
        assert_eq!(
            links,
            [
                ("Borrell", LinkMethod::Surname, 0.9),
                ("Mr Borrell", LinkMethod::Title, 0.85)
            ]
        );
        let vucic = entities.iter().find(|e| e.name == "Vucic").unwrap();
        assert!(vucic.alias_links.is_empty());
    }

    #[test]
    fn merged_links_prefer_an_article_level_link_then_the_surer() {
        let link = |alias: &str, method, confidence| AliasLink {
            alias: alias.into(),
            method,
            confidence,
        };
        let mut links = vec![
            link("Borrell", LinkMethod::Corpus, CORPUS_ALIAS_CONFIDENCE),
            link("the EU chief", LinkMethod::Role, 0.6),
        ];
        merge_alias_links(
            &mut links,
            vec![
                link("Borrell", LinkMethod::Role, 0.6),
                link("the EU chief", LinkMethod::Corpus, CORPUS_ALIAS_CONFIDENCE),
                link("Mr Borrell", LinkMethod::Title, 0.85),
            ],
        );
        let got: Vec<(&str, LinkMethod)> =
            links.iter().map(|l| (l.alias.as_str(), l.method)).collect();
        assert_eq!(
            got,
            [
                ("Borrell", LinkMethod::Role),
                ("Mr Borrell", LinkMethod::Title),
                ("the EU chief", LinkMethod::Role)
            ]
        );
    }
}
