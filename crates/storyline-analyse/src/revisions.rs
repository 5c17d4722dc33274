//! Revisions: what changed between two captured versions of an article.
//!
//! Texts are compared sentence by sentence. Sentences equal up to white space
//! are matched along the longest common subsequence; between two matched
//! sentences, a removed and an added sentence that keep at least half of their
//! words (Jaccard over lower-cased words) are one *edited* sentence, the rest are
//! *added* or *removed*.

use std::collections::BTreeSet;

use storyline_annotate::split_sentences;
use storyline_model::{
    AlteredItem, ChangeKind, Doc, RevisedArticle, Revision, SentenceChange, Span,
};

/// Word overlap (Jaccard) from which a removed and an added sentence are one edit.
const EDIT_OVERLAP: f64 = 0.5;

/// The changes from one version to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionStep {
    /// The earlier version's number.
    pub from: u32,
    /// The later version's number.
    pub to: u32,
    /// When the later version was captured, when known (RFC 3339).
    pub captured: Option<String>,
    /// The modification date the later version states, when it states one.
    pub modified: Option<chrono::NaiveDate>,
    /// Changed sentences in reading order; spans point into the later version.
    pub changes: Vec<SentenceChange>,
}

fn normalised(sentence: &str) -> String {
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn word_set(sentence: &str) -> BTreeSet<String> {
    sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (word_set(a), word_set(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Sentence changes from `before` to `after`, in the reading order of `after`
/// (removed sentences where they stood); spans point into `after`.
pub fn diff_texts(before: &str, after: &str) -> Vec<SentenceChange> {
    let old: Vec<Span> = split_sentences(before);
    let new: Vec<Span> = split_sentences(after);
    let old_keys: Vec<String> = old.iter().map(|s| normalised(s.slice(before))).collect();
    let new_keys: Vec<String> = new.iter().map(|s| normalised(s.slice(after))).collect();
    // Longest common subsequence table, from the end.
    let (n, m) = (old.len(), new.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if old_keys[i] == new_keys[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let mut changes = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut removed: Vec<usize> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    let flush =
        |removed: &mut Vec<usize>, added: &mut Vec<usize>, out: &mut Vec<SentenceChange>| {
            let mut paired: Vec<Option<usize>> = vec![None; added.len()];
            let mut used = vec![false; removed.len()];
            for (a, slot) in added.iter().zip(paired.iter_mut()) {
                let best = removed
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| !used[*k])
                    .map(|(k, &r)| (k, overlap(old[r].slice(before), new[*a].slice(after))))
                    .filter(|(_, score)| *score >= EDIT_OVERLAP)
                    .max_by(|x, y| x.1.total_cmp(&y.1));
                if let Some((k, _)) = best {
                    used[k] = true;
                    *slot = Some(removed[k]);
                }
            }
            for (k, &r) in removed.iter().enumerate() {
                if !used[k] {
                    out.push(SentenceChange {
                        kind: ChangeKind::Removed,
                        before: Some(old[r].slice(before).to_string()),
                        after: None,
                        span: None,
                    });
                }
            }
            for (&a, pair) in added.iter().zip(paired) {
                out.push(SentenceChange {
                    kind: if pair.is_some() {
                        ChangeKind::Edited
                    } else {
                        ChangeKind::Added
                    },
                    before: pair.map(|r| old[r].slice(before).to_string()),
                    after: Some(new[a].slice(after).to_string()),
                    span: Some(new[a]),
                });
            }
            removed.clear();
            added.clear();
        };
    while i < n || j < m {
        if i < n && j < m && old_keys[i] == new_keys[j] {
            flush(&mut removed, &mut added, &mut changes);
            i += 1;
            j += 1;
        } else if j < m && (i == n || table[i][j + 1] >= table[i + 1][j]) {
            added.push(j);
            j += 1;
        } else {
            removed.push(i);
            i += 1;
        }
    }
    flush(&mut removed, &mut added, &mut changes);
    changes
}

/// The text of a version: its own, or the article's for the current one.
fn version_text<'d>(doc: &'d Doc, revision: &'d Revision) -> &'d str {
    revision.text.as_deref().unwrap_or(doc.text())
}

/// The changes from each version of `doc` to the next, oldest first; empty for
/// an article never revised.
pub fn revision_steps(doc: &Doc) -> Vec<RevisionStep> {
    doc.revisions
        .windows(2)
        .map(|pair| RevisionStep {
            from: pair[0].number,
            to: pair[1].number,
            captured: pair[1].captured.clone(),
            modified: pair[1].modified,
            changes: diff_texts(version_text(doc, &pair[0]), version_text(doc, &pair[1])),
        })
        .collect()
}

/// What changed in `doc` since its first capture, with the quotes and numbers
/// of the current text that a revision added or reworded; `None` when the
/// article was never revised or its text did not change.
pub fn revised_article(doc: &Doc) -> Option<RevisedArticle> {
    let first = doc.revisions.first()?;
    if doc.revisions.len() < 2 {
        return None;
    }
    let before = version_text(doc, first);
    let changes = diff_texts(before, doc.text());
    let mut altered = Vec::new();
    let items = doc
        .quotes
        .iter()
        .map(|q| ("quote", Span::new(q.start, q.end), q.text.as_str()))
        .chain(
            doc.quantities
                .iter()
                .map(|q| ("quantity", Span::new(q.start, q.end), q.text.as_str())),
        );
    for (what, span, words) in items {
        let Some(change) = changes.iter().find(|c| {
            c.span
                .is_some_and(|s| s.start <= span.start && span.start < s.end)
        }) else {
            continue;
        };
        let how = match change.kind {
            ChangeKind::Added => "added",
            ChangeKind::Edited if !normalised(before).contains(&normalised(words)) => "edited",
            _ => continue,
        };
        altered.push(AlteredItem {
            what: what.to_string(),
            span,
            how: how.to_string(),
        });
    }
    altered.sort_by_key(|a| (a.span, a.what.clone()));
    Some(RevisedArticle {
        article: doc.article.id.clone(),
        revision: doc.revision(),
        changes,
        altered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_added_removed_and_edited() {
        let before = "The port closed on Monday. About 2,400 workers joined. Talks are planned.";
        let after = "The port closed on Monday. About 3,100 workers joined. Ships wait offshore.";
        let changes = diff_texts(before, after);
        let kinds: Vec<ChangeKind> = changes.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ChangeKind::Removed, ChangeKind::Edited, ChangeKind::Added]
        );
        let edited = &changes[1];
        assert_eq!(
            edited.before.as_deref(),
            Some("About 2,400 workers joined.")
        );
        assert_eq!(edited.after.as_deref(), Some("About 3,100 workers joined."));
        assert_eq!(
            edited.span.unwrap().slice(after),
            "About 3,100 workers joined."
        );
        assert_eq!(changes[2].after.as_deref(), Some("Ships wait offshore."));
        assert_eq!(changes[0].before.as_deref(), Some("Talks are planned."));
    }

    #[test]
    fn white_space_alone_is_no_change() {
        assert!(diff_texts("One.  Two.\n\nThree.", "One. Two.\n\nThree.").is_empty());
    }

    #[test]
    fn altered_quotes_and_numbers_are_found() {
        let first = "Union leader Ilsa Varn said: “We will stay out.” About 2,400 workers joined.";
        let current = "Union leader Ilsa Varn said: “We will stay out until they listen.” About 3,100 workers joined. Falk said: “Our offer stands.”";
        let mut doc =
            storyline_annotate::annotate(storyline_model::Article::new("a", "a.txt", current));
        doc.revisions = vec![
            Revision {
                number: 1,
                id: "a".into(),
                captured: None,
                modified: None,
                text: Some(first.into()),
            },
            Revision {
                number: 2,
                id: "b".into(),
                captured: None,
                modified: None,
                text: None,
            },
        ];
        let revised = revised_article(&doc).unwrap();
        assert_eq!(revised.revision, 2);
        let altered: Vec<(&str, &str, &str)> = revised
            .altered
            .iter()
            .map(|a| (a.what.as_str(), a.span.slice(current), a.how.as_str()))
            .collect();
        assert!(
            altered.contains(&("quote", "We will stay out until they listen.", "edited")),
            "{altered:?}"
        );
        assert!(
            altered.contains(&("quote", "Our offer stands.", "added")),
            "{altered:?}"
        );
        assert!(
            altered
                .iter()
                .any(|(w, t, h)| *w == "quantity" && t.contains("3,100") && *h == "edited"),
            "{altered:?}"
        );
    }
}
