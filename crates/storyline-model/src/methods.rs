//! How each derived item was found: typed tags serialised as the kebab-case
//! names the report contract documents (`"cue-verb"`, `"anchored"`, …).
//!
//! Every enum here has an `as_str` giving that name, which is also what
//! `Display` prints, so reports, calibration tables and stored JSON agree.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! method_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The name used in reports and stored JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

method_enum! {
    /// How a time expression got its value.
    DateMethod {
        /// The expression names its date in full ("21 November 2022").
        Absolute => "absolute",
        /// Resolved against the article's date ("on Tuesday", "last year").
        Anchored => "anchored",
        /// Relative, with no anchor date to resolve it against.
        Unresolved => "unresolved",
    }
}

method_enum! {
    /// How a mention was linked to the entity it names.
    LinkMethod {
        /// The full name as written.
        Name => "name",
        /// A surname linked to the one full name it matches in the article.
        Surname => "surname",
        /// A title and name ("Mr Vucic").
        Title => "title",
        /// An acronym linked to the name it abbreviates.
        Acronym => "acronym",
        /// A role description ("the Serb leader") linked by affiliation or apposition.
        Role => "role",
        /// A name linked across articles to a fuller name of the same entity
        /// (set by `storyline-analyse`'s `link_entities`, never by the annotator).
        Corpus => "corpus",
    }
}

method_enum! {
    /// How a quote's speaker was found.
    SpeakerMethod {
        /// A name as the subject of a cue verb ("…, Borrell said").
        CueVerb => "cue-verb",
        /// A pronoun subject of the cue, resolved to its antecedent.
        Pronoun => "pronoun",
        /// A role noun subject ("the minister said") linked to a name.
        RoleNoun => "role-noun",
        /// A noun phrase left as it is ("the report said").
        Description => "description",
        /// The speaker of the quote before, continuing.
        PreviousSpeaker => "previous-speaker",
        /// The subject of the quote's own sentence, with no cue verb.
        SentenceSubject => "sentence-subject",
        /// A speaker named in the neighbouring sentence.
        AdjacentSentence => "adjacent-sentence",
        /// No speaker found.
        Unattributed => "unattributed",
    }
}

method_enum! {
    /// How an article came to be in its event.
    AssignmentMethod {
        /// Its words agree with the rest of the event.
        ClusterConsensus => "cluster-consensus",
        /// A copy of another member.
        Duplicate => "duplicate",
        /// Alone in its event.
        Singleton => "singleton",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_names_are_the_documented_ones() {
        for method in SpeakerMethod::ALL {
            let json = serde_json::to_string(method).unwrap();
            assert_eq!(json, format!("\"{method}\""));
            assert_eq!(
                serde_json::from_str::<SpeakerMethod>(&json).unwrap(),
                *method
            );
        }
        assert_eq!(SpeakerMethod::CueVerb.as_str(), "cue-verb");
        assert_eq!(
            AssignmentMethod::ClusterConsensus.as_str(),
            "cluster-consensus"
        );
        assert_eq!(LinkMethod::Acronym.as_str(), "acronym");
        assert_eq!(DateMethod::Anchored.to_string(), "anchored");
    }

    #[test]
    fn an_unknown_name_is_an_error() {
        assert!(serde_json::from_str::<LinkMethod>("\"guess\"").is_err());
    }
}
