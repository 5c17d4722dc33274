//! Corpus entities: article-local entities merged across articles.

use std::collections::{BTreeMap, BTreeSet};

use storyline_annotate::fold;
use storyline_model::{Citation, Doc, Entity, EntityKind};

/// Votes for an entity's kind across its mentions.
type KindVotes = BTreeMap<EntityKind, usize>;
/// Folded name to (display name, kind votes).
type NameTable = BTreeMap<String, (String, KindVotes)>;
/// What a corpus entity gathers: kind votes, surface forms, cited mentions.
type Gathered = (KindVotes, BTreeSet<String>, Vec<Citation>);

/// Maps a folded local name to the folded corpus name it merges into.
fn merge_map(docs: &[Doc]) -> (BTreeMap<String, String>, NameTable) {
    // Folded name -> (display name, kind votes).
    let mut names: NameTable = BTreeMap::new();
    for doc in docs {
        for mention in &doc.mentions {
            let entry = names
                .entry(fold(&mention.entity))
                .or_insert_with(|| (mention.entity.clone(), BTreeMap::new()));
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
            entry.1.insert(mention.text.clone());
            if mention.entity != mention.text {
                entry.1.insert(mention.entity.clone());
            }
            entry.2.push(Citation::new(
                &doc.article.id,
                doc.text(),
                mention.start,
                mention.end,
            ));
        }
    }
    let mut entities: Vec<Entity> = merged
        .into_iter()
        .map(|(key, (votes, forms, mentions))| {
            let name = names
                .get(&key)
                .map(|(display, _)| display.clone())
                .unwrap_or(key);
            let kind = votes
                .iter()
                .max_by_key(|(_, n)| **n)
                .map(|(k, _)| *k)
                .unwrap_or(EntityKind::Other);
            let aliases = forms.into_iter().filter(|f| *f != name).collect();
            Entity {
                name,
                kind,
                aliases,
                mentions,
            }
        })
        .collect();
    sort_entities(&mut entities);
    entities
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
                    quote.speaker = Some(name.clone());
                }
            }
        }
    }
}
