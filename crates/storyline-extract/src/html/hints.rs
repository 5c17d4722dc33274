//! What `class` and `id` attributes say about an element: boilerplate or not,
//! and whether it is hidden helper text.
//!
//! Names are matched on lower-cased tokens (split at anything not a letter or
//! digit) so that "ad" matches `class="ad-slot"` but not `class="header"`, and
//! on substrings for long words that sites glue together (`socialShareBar`).
//! The lists name kinds of page furniture, never particular sites; whether a
//! verdict stands is decided in [`super::content`] from how much prose the
//! element holds.

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
    /// Names boilerplate, with the reason and whether the name is strong
    /// ("comments", "related": it stands against a fairly prose-heavy element)
    /// or weak ("meta", "rail": it yields to one).
    pub negative: Option<(Reason, bool)>,
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
/// At most 64 entries, all starting with a lower-case letter (see [`FIRST_LETTER`]).
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

/// For each letter, the bit set of [`STRONG_SUBSTRINGS`] entries starting with it.
const FIRST_LETTER: [u64; 26] = {
    let mut table = [0u64; 26];
    let mut k = 0;
    while k < STRONG_SUBSTRINGS.len() {
        let first = STRONG_SUBSTRINGS[k].0.as_bytes()[0];
        table[(first - b'a') as usize] |= 1 << k;
        k += 1;
    }
    table
};

/// The first entry of [`STRONG_SUBSTRINGS`] (in list order) found in `s`, in one pass.
fn strong_substring(s: &[u8]) -> Option<Reason> {
    let mut best = usize::MAX;
    for i in 0..s.len() {
        let b = s[i];
        if !b.is_ascii_lowercase() {
            continue;
        }
        let mut candidates = FIRST_LETTER[(b - b'a') as usize];
        while candidates != 0 {
            let k = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if k >= best {
                break;
            }
            let word = STRONG_SUBSTRINGS[k].0.as_bytes();
            // "commentary" is an opinion piece, not a comment section.
            if has_prefix(&s[i..], word) && !has_prefix(&s[i + word.len()..], b"ary") {
                best = k;
                break;
            }
        }
    }
    STRONG_SUBSTRINGS.get(best).map(|(_, r)| *r)
}

/// `s.starts_with(prefix)` without a call to `memcmp`: the prefixes are short.
#[inline]
fn has_prefix(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s.iter().zip(prefix).all(|(a, b)| a == b)
}

/// Whole tokens that name boilerplate whatever else the class says.
fn strong_token(token: &str) -> Option<Reason> {
    Some(match token {
        "ad" | "ads" | "adv" | "advertisement" => Reason::Advertisement,
        "nav" | "menu" => Reason::Navigation,
        "footer" => Reason::Footer,
        "tags" | "tag" => Reason::Tags,
        "credit" | "credits" => Reason::Caption,
        _ => return None,
    })
}

/// Whole tokens that suggest boilerplate, unless the element holds much prose.
fn weak_token(token: &str) -> Option<Reason> {
    Some(match token {
        "header" | "masthead" => Reason::Header,
        "meta" | "author" | "date" | "timestamp" => Reason::Byline,
        "widget" | "aside" | "rail" => Reason::Sidebar,
        "banner" => Reason::Advertisement,
        "toolbar" => Reason::ShareBar,
        "topics" => Reason::Tags,
        "prev" | "previous" | "next" | "pager" => Reason::Navigation,
        _ => return None,
    })
}

/// Whether a raw `class` value hides the element: screen-reader-only helper
/// text ("sr-only", "visually-hidden") or Bootstrap's `d-none` with no
/// breakpoint class showing it again.
pub(crate) fn is_hidden_class(class: &str) -> bool {
    if class.len() < 2 {
        return false;
    }
    let mut d_none = false;
    let mut shown = false;
    for name in class.split_ascii_whitespace() {
        let lower_eq = |s: &str| name.eq_ignore_ascii_case(s);
        if [
            "sr",
            "sr-only",
            "visually-hidden",
            "visuallyhidden",
            "screen-reader-text",
            "screenreader",
            "hide",
            "hidden",
            "offscreen",
        ]
        .iter()
        .any(|h| lower_eq(h))
        {
            return true;
        }
        d_none |= name == "d-none";
        shown |= ["d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-"]
            .iter()
            .any(|p| name.starts_with(p));
    }
    d_none && !shown
}

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

    for token in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        if token.len() < 2 {
            continue;
        }
        if let Some(r) = strong_token(token) {
            hint.negative = Some((r, true));
            return hint;
        }
        if hint.negative.is_none() {
            hint.negative = weak_token(token).map(|r| (r, false));
        }
    }
    if let Some(r) = strong_substring(s.as_bytes()) {
        hint.negative = Some((r, true));
    }
    hint
}

/// Remembers recent verdicts: pages repeat the same class names hundreds of times.
pub(crate) struct HintCache<'a> {
    slots: Vec<Option<(&'a str, &'a str, Hint)>>,
    buf: String,
}

impl<'a> HintCache<'a> {
    const SLOTS: usize = 1024;

    /// An empty cache.
    pub fn new() -> Self {
        HintCache {
            slots: vec![None; Self::SLOTS],
            buf: String::new(),
        }
    }

    /// The verdict on `class` and `id`, computed once per distinct pair.
    pub fn classify(&mut self, class: &'a str, id: &'a str) -> Hint {
        if class.is_empty() && id.is_empty() {
            return Hint::default();
        }
        let mut h: u32 = 0x811c_9dc5;
        for &b in class.as_bytes().iter().chain(b" ").chain(id.as_bytes()) {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        let slot = &mut self.slots[h as usize % Self::SLOTS];
        if let Some((c, i, hint)) = slot {
            if *c == class && *i == id {
                return *hint;
            }
        }
        let hint = classify(class, id, &mut self.buf);
        *slot = Some((class, id, hint));
        hint
    }
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
        assert_eq!(verdict("commentary-body"), None);
        assert_eq!(verdict("comment-list"), Some("comments"));
        assert_eq!(verdict("media__footer_bottom"), Some("footer"));
        assert!(is_hidden_class("sr-only"));
        assert!(is_hidden_class("x d-none d-print-block"));
        assert!(!is_hidden_class("d-none d-md-block"));
        assert!(!is_hidden_class("hidden-xs"));
    }
}
