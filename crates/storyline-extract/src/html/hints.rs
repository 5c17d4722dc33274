//! What `class` and `id` attributes say about an element: boilerplate or content.
//!
//! Names are matched on lower-cased tokens (split at anything not a letter or
//! digit) so that "ad" matches `class="ad-slot"` but not `class="header"`, and
//! on substrings for long words that sites glue together (`socialShareBar`).

/// Why a block was taken out of the text; rendered in kebab-case in [`storyline_model::Removed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    Navigation,
    Footer,
    Header,
    Sidebar,
    Comments,
    RelatedLinks,
    ShareBar,
    CookieBanner,
    Newsletter,
    Advertisement,
    Caption,
    Byline,
    Tags,
    Popup,
    LinkList,
    Headline,
}

impl Reason {
    /// The kebab-case name stored in `Removed::reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Navigation => "navigation",
            Reason::Footer => "footer",
            Reason::Header => "header",
            Reason::Sidebar => "sidebar",
            Reason::Comments => "comments",
            Reason::RelatedLinks => "related-links",
            Reason::ShareBar => "share-bar",
            Reason::CookieBanner => "cookie-banner",
            Reason::Newsletter => "newsletter",
            Reason::Advertisement => "advertisement",
            Reason::Caption => "caption",
            Reason::Byline => "byline",
            Reason::Tags => "tags",
            Reason::Popup => "popup",
            Reason::LinkList => "link-list",
            Reason::Headline => "headline",
        }
    }
}

/// The verdict on one element's class and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Hint {
    /// Names boilerplate, with the reason; `strong` ones win over content names.
    pub negative: Option<(Reason, bool)>,
    /// Visually hidden helper text ("sr-only", "visually-hidden").
    pub hidden: bool,
}

impl Hint {
    /// The boilerplate reason named, if any.
    ///
    /// Content names ("article-header") do not excuse it: whether a verdict
    /// stands is settled by how much prose the element holds.
    pub fn boilerplate(self) -> Option<Reason> {
        self.negative.map(|(reason, _)| reason)
    }
}

/// Substrings that name boilerplate wherever they appear, strongest first.
const STRONG_SUBSTRINGS: &[(&str, Reason)] = &[
    ("cookie", Reason::CookieBanner),
    ("consent", Reason::CookieBanner),
    ("gdpr", Reason::CookieBanner),
    ("comment", Reason::Comments),
    ("disqus", Reason::Comments),
    ("newsletter", Reason::Newsletter),
    ("subscribe", Reason::Newsletter),
    ("signup", Reason::Newsletter),
    ("sign-up", Reason::Newsletter),
    ("related", Reason::RelatedLinks),
    ("recommend", Reason::RelatedLinks),
    ("outbrain", Reason::RelatedLinks),
    ("taboola", Reason::RelatedLinks),
    ("trending", Reason::RelatedLinks),
    ("popular", Reason::RelatedLinks),
    ("more-stories", Reason::RelatedLinks),
    ("morestories", Reason::RelatedLinks),
    ("read-more", Reason::RelatedLinks),
    ("readmore", Reason::RelatedLinks),
    ("see-also", Reason::RelatedLinks),
    ("social", Reason::ShareBar),
    ("sharing", Reason::ShareBar),
    ("share", Reason::ShareBar),
    ("sidebar", Reason::Sidebar),
    ("breadcrumb", Reason::Navigation),
    ("pagination", Reason::Navigation),
    ("navbar", Reason::Navigation),
    ("navigation", Reason::Navigation),
    ("skip-link", Reason::Navigation),
    ("advert", Reason::Advertisement),
    ("sponsor", Reason::Advertisement),
    ("promo", Reason::Advertisement),
    ("dfp", Reason::Advertisement),
    ("caption", Reason::Caption),
    ("byline", Reason::Byline),
    ("popup", Reason::Popup),
    ("modal", Reason::Popup),
];

/// Whole tokens that name boilerplate whatever else the class says.
const STRONG_TOKENS: &[(&str, Reason)] = &[
    ("ad", Reason::Advertisement),
    ("ads", Reason::Advertisement),
    ("adv", Reason::Advertisement),
    ("advertisement", Reason::Advertisement),
    ("nav", Reason::Navigation),
    ("menu", Reason::Navigation),
    ("footer", Reason::Footer),
    ("tags", Reason::Tags),
    ("tag", Reason::Tags),
    ("credit", Reason::Caption),
    ("credits", Reason::Caption),
];

/// Whole tokens that name boilerplate unless the class also names content.
const WEAK_TOKENS: &[(&str, Reason)] = &[
    ("header", Reason::Header),
    ("masthead", Reason::Header),
    ("meta", Reason::Byline),
    ("author", Reason::Byline),
    ("date", Reason::Byline),
    ("timestamp", Reason::Byline),
    ("widget", Reason::Sidebar),
    ("aside", Reason::Sidebar),
    ("rail", Reason::Sidebar),
    ("banner", Reason::Advertisement),
    ("toolbar", Reason::ShareBar),
    ("topics", Reason::Tags),
];

/// Tokens for text that is only there for screen readers.
const HIDDEN_TOKENS: &[&str] = &[
    "sr",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screenreader",
    "hide",
    "hidden",
    "offscreen",
];

/// Classifies an element from its raw `class` and `id` values.
pub(crate) fn classify(class: &str, id: &str, buf: &mut String) -> Hint {
    let mut hint = Hint::default();
    if class.is_empty() && id.is_empty() {
        return hint;
    }
    buf.clear();
    buf.push_str(class);
    buf.push(' ');
    buf.push_str(id);
    buf.make_ascii_lowercase();
    let s = buf.as_str();

    // Hidden helpers are matched on whole class names, before splitting at '-'.
    for name in s.split_ascii_whitespace() {
        if HIDDEN_TOKENS.contains(&name) {
            hint.hidden = true;
        }
    }
    for token in s.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        if token.is_empty() {
            continue;
        }
        if hint.negative.is_none_or(|(_, strong)| !strong) {
            if let Some((_, r)) = STRONG_TOKENS.iter().find(|(t, _)| *t == token) {
                hint.negative = Some((*r, true));
            } else if hint.negative.is_none() {
                if let Some((_, r)) = WEAK_TOKENS.iter().find(|(t, _)| *t == token) {
                    hint.negative = Some((*r, false));
                }
            }
        }
    }
    if hint.negative.is_none_or(|(_, strong)| !strong) {
        if let Some((_, r)) = STRONG_SUBSTRINGS.iter().find(|(sub, _)| s.contains(sub)) {
            hint.negative = Some((*r, true));
        }
    }
    hint
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(class: &str) -> Option<&'static str> {
        classify(class, "", &mut String::new())
            .boilerplate()
            .map(Reason::as_str)
    }

    #[test]
    fn tokens_and_substrings() {
        assert_eq!(verdict("ad-slot top"), Some("advertisement"));
        assert_eq!(verdict("header-wrapper"), Some("header"));
        assert_eq!(verdict("article-header"), Some("header"));
        assert_eq!(verdict("socialShareBar"), Some("share-bar"));
        assert_eq!(verdict("post-comments"), Some("comments"));
        assert_eq!(verdict("story-body"), None);
        assert_eq!(verdict("readability"), None);
        assert_eq!(verdict("shadow loaded"), None);
        assert_eq!(verdict("related-articles"), Some("related-links"));
        assert!(classify("sr-only", "", &mut String::new()).hidden);
    }
}
