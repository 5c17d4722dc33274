//! Finding the main content of a page and writing it out as clean text.
//!
//! Linear passes over the node arena (parents always come before children)
//! give every element its visible text length, link text length and prose
//! length: text in blocks that read like prose (long enough, punctuated, few
//! links). Elements whose tag (`nav`, `aside`, `figure`, ...) or class and id
//! ([`super::hints`]) name boilerplate are then judged; a verdict stands
//! unless the element holds much of the page's prose, in which case the name
//! was misleading ("has-sidebar" on a wrapper). The main region is the
//! element that maximises `prose - JUNK_WEIGHT * (visible - prose)`, counting
//! only prose outside boilerplate: it takes in every prose paragraph and as
//! little else as it can. When the verdicts hid most of the page's prose the
//! choice is made again with them relaxed.
//!
//! The region is written out block by block ([`Writer`]), leaving out
//! boilerplate sub-regions, link lists, teaser cards, date lines and the
//! headline; what is left out with text in it goes to the removed list, with
//! the boilerplate regions outside the main one.

use super::dom::{Dom, NodeId, Tag, NONE};
use super::hints::{is_hidden_class, HintCache, Reason};
use super::text::TextSink;
use std::cell::Cell;

/// Never visible: scripts, form controls, hidden elements and everything inside them.
pub(super) const SKIP: u8 = 1;
/// Inside a link.
pub(super) const LINK: u8 = 2;
/// A block-level element.
const BLOCK: u8 = 4;
/// Inside an element judged boilerplate.
pub(super) const BOILER: u8 = 8;
/// Itself judged boilerplate (the outermost such element of its region).
const BOILER_ROOT: u8 = 16;

/// How much a character of non-prose text costs the region that holds it,
/// relative to what a character of prose is worth.
const JUNK_WEIGHT: f64 = 0.3;

/// A block whose own text is shorter than this is not prose by itself.
const MIN_PROSE_CHARS: u32 = 40;

/// Characters of its own (outside links, spaces left out) that make a linked
/// paragraph a sentence rather than a link: "Australian-born Assange faces".
const MIN_SENTENCE_WORDS_CHARS: u32 = 20;

/// A block shorter than [`MIN_PROSE_CHARS`] is prose when it is a whole
/// sentence of at least this many characters without links.
const MIN_SHORT_SENTENCE_CHARS: u32 = 12;

/// Above this share of link text a block is not prose.
const MAX_PROSE_LINK_DENSITY: f64 = 0.33;

/// Above this share of link text a block's own words are not prose either.
const MAX_LINKED_PROSE_LINK_DENSITY: f64 = 0.75;

/// A boilerplate verdict is overruled for an element holding more than this
/// share of the page's prose: the class name was misleading.
const GUARD_SHARE: f64 = 0.6;

/// The same for names that only weakly suggest boilerplate ("rail", "meta",
/// `<header>`), when the element is also mostly prose.
const WEAK_GUARD_SHARE: f64 = 0.3;

/// When the chosen region holds less than this share of the page's prose,
/// boilerplate verdicts are relaxed and the region chosen again.
const FALLBACK_SHARE: f64 = 0.25;

/// Most entries kept in the removed list, and most bytes of text per entry.
const MAX_REMOVED: usize = 48;
const MAX_REMOVED_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Info {
    pub(super) flags: u8,
    reason: Option<Reason>,
    /// The reason comes from a class name that stands even against a
    /// fairly prose-heavy element ("comments", "related"), not a weak one ("meta").
    strong: bool,
    /// Nearest block ancestor of a text node or element.
    pub(super) block_owner: NodeId,
    /// Visible characters under the node.
    total: u32,
    /// Visible characters inside links under the node.
    link: u32,
    /// Prose characters under the node, ignoring boilerplate verdicts.
    good_raw: u32,
    /// Prose characters under the node outside boilerplate.
    good: u32,
    /// For blocks: characters, link characters and punctuation directly owned.
    pub(super) own_text: u32,
    pub(super) own_link: u32,
    pub(super) own_punct: u32,
    /// For blocks: sentence stops (. ! ? and full-width ones) directly owned, outside links.
    own_free_stops: u32,
    /// For blocks: sentence stops directly owned, in links or not.
    own_stops: u32,
    /// For blocks: own prose characters.
    own_good: u32,
}

/// The analysed page: per-node statistics and the chosen main region.
pub(crate) struct Analysis {
    pub(super) info: Vec<Info>,
    /// The element holding the main content.
    pub main: NodeId,
}

/// Computes node statistics and picks the main region.
pub(crate) fn analyse(dom: &Dom) -> Analysis {
    let n = dom.nodes.len();
    let mut info = vec![Info::default(); n];
    info[0].flags = BLOCK;
    info[0].block_owner = NONE;
    let mut hints = HintCache::new();
    let finders = HiddenFinders {
        hidden: memchr::memmem::Finder::new(b"hidden"),
        none: memchr::memmem::Finder::new(b"none"),
    };

    // Pass 1, parents before children: flags, own verdicts and text measures.
    for i in 1..n {
        let node = &dom.nodes[i];
        let parent = node.parent as usize;
        let parent_info = info[parent];
        let owner = if parent_info.flags & BLOCK != 0 {
            node.parent
        } else {
            parent_info.block_owner
        };
        let mut flags = parent_info.flags & (SKIP | LINK);
        if node.tag == Tag::Text {
            info[i].block_owner = owner;
            if flags & SKIP == 0 {
                let (chars, punct, stops) = measure(dom.raw(i as NodeId));
                info[i].total = chars;
                if flags & LINK != 0 {
                    info[i].link = chars;
                }
                if owner != NONE {
                    let o = &mut info[owner as usize];
                    o.own_text += chars;
                    o.own_punct += punct;
                    o.own_stops += stops;
                    if flags & LINK != 0 {
                        o.own_link += chars;
                    } else {
                        o.own_free_stops += stops;
                    }
                }
            }
            info[i].flags = flags;
            continue;
        }
        let tag = node.tag;
        if is_skipped_tag(tag) || (flags & SKIP == 0 && is_hidden(dom, i as NodeId, &finders)) {
            flags |= SKIP;
        }
        if tag == Tag::A {
            flags |= LINK;
        }
        if tag.is_block() {
            flags |= BLOCK;
        }
        let reason = tag_reason(tag);
        if flags & SKIP == 0 && is_hidden_class(dom.class(i as NodeId)) {
            flags |= SKIP;
        }
        info[i].flags = flags;
        info[i].reason = reason;
        info[i].block_owner = owner;
    }

    // Own prose per block.
    for item in info.iter_mut() {
        if item.flags & (BLOCK | SKIP) == BLOCK {
            item.own_good = prose_chars(item);
        }
    }
    credit_short_sentence_runs(dom, &mut info);
    for (i, node) in dom.nodes.iter().enumerate() {
        if node.tag.is_heading() {
            info[i].own_good = 0;
        }
    }

    // Pass 2, children before parents: totals ignoring verdicts.
    for i in (0..n).rev() {
        info[i].good_raw += info[i].own_good;
        if i > 0 {
            let parent = dom.nodes[i].parent as usize;
            let child = info[i];
            let p = &mut info[parent];
            p.total += child.total;
            p.link += child.link;
            p.good_raw += child.good_raw;
        }
    }

    // Class-name verdicts, only where there is visible text to judge. Class
    // names on links (an auto-linked "tag" inside a sentence) say nothing
    // about whether the sentence around them is content.
    for (i, node) in dom.nodes.iter().enumerate() {
        let item = &mut info[i];
        if item.total == 0
            || item.reason.is_some()
            || item.flags & SKIP != 0
            || matches!(
                node.tag,
                Tag::Text | Tag::A | Tag::Body | Tag::Html | Tag::Document
            )
        {
            continue;
        }
        let hint = hints.classify(dom.class(i as NodeId), dom.id_attr(i as NodeId));
        item.reason = hint.boilerplate();
        item.strong = matches!(hint.negative, Some((_, true)));
    }

    let mut main = judge(dom, &mut info, false);
    let root_prose = info[0].good_raw;
    let comment_prose: u32 = info
        .iter()
        .filter(|i| i.flags & BOILER_ROOT != 0 && i.reason == Some(Reason::Comments))
        .map(|i| i.good_raw)
        .sum();
    let kept = info[main as usize].good + comment_prose;
    if root_prose > 0 && (kept as f64) < FALLBACK_SHARE * root_prose as f64 {
        // The class names hid most of the prose: they cannot be trusted here,
        // except for comment sections, which really are prose-heavy.
        for item in info.iter_mut() {
            item.flags &= !(BOILER | BOILER_ROOT);
            item.good = 0;
        }
        main = judge(dom, &mut info, true);
    }
    Analysis { info, main }
}

/// Settles which boilerplate verdicts stand (passes 3 and 4) and picks the main region.
///
/// `lenient` keeps only the verdicts on elements that hold no prose at all.
fn judge(dom: &Dom, info: &mut [Info], lenient: bool) -> NodeId {
    let n = info.len();
    // Pass 3, parents first: which verdicts stand, inherited by descendants.
    let root_prose = info[0].good_raw as f64;
    let (guard, weak_guard) = if lenient {
        (0, 0)
    } else {
        (
            (root_prose * GUARD_SHARE) as u32,
            (root_prose * WEAK_GUARD_SHARE) as u32,
        )
    };
    for i in 1..n {
        let parent = dom.nodes[i].parent as usize;
        let inherited = info[parent].flags & BOILER;
        let item = &mut info[i];
        if inherited != 0 {
            item.flags |= BOILER;
        } else if item.reason.is_some() && item.flags & SKIP == 0 {
            let overruled = if item.reason == Some(Reason::Comments) {
                item.good_raw > (root_prose * GUARD_SHARE) as u32
            } else if item.strong || lenient {
                item.good_raw > guard
            } else {
                item.good_raw > weak_guard && item.good_raw as f64 > 0.5 * item.total as f64
            };
            if !overruled {
                item.flags |= BOILER | BOILER_ROOT;
            }
        }
    }

    // Pass 4, children first: prose outside boilerplate.
    for i in (0..n).rev() {
        if info[i].flags & BOILER == 0 {
            info[i].good += info[i].own_good;
        }
        if i > 0 {
            let parent = dom.nodes[i].parent as usize;
            info[parent].good += info[i].good;
        }
    }

    let mut main = 0;
    let mut best = f64::MIN;
    for (i, item) in info.iter().enumerate() {
        if dom.nodes[i].tag == Tag::Text || item.flags & (SKIP | LINK | BOILER) != 0 {
            continue;
        }
        let junk = item.total.saturating_sub(item.good) as f64;
        let score = item.good as f64 - JUNK_WEIGHT * junk;
        if score > best {
            best = score;
            main = i as NodeId;
        }
    }
    main
}

/// A block too short for prose that is still a whole sentence without links:
/// "A: Not before spring.", "Who was hurt?". Without a stop it is a label.
fn short_sentence(item: &Info) -> bool {
    item.flags & (BLOCK | SKIP) == BLOCK
        && (MIN_SHORT_SENTENCE_CHARS..MIN_PROSE_CHARS).contains(&item.own_text)
        && item.own_link == 0
        && item.own_free_stops > 0
}

/// Short sentences standing beside another short sentence or a prose block
/// among their sibling blocks become prose: Q&A pages and interviews are
/// written in them. Like jusText, a short block is judged by its neighbours;
/// alone (an author's one-line bio, a copyright line) it stays out.
fn credit_short_sentence_runs(dom: &Dom, info: &mut [Info]) {
    let mut siblings: Vec<usize> = Vec::new();
    for parent in 0..dom.nodes.len() {
        let mut child = dom.nodes[parent].first_child;
        siblings.clear();
        while child != NONE {
            let c = child as usize;
            if dom.nodes[c].tag != Tag::Text && info[c].own_text > 0 && info[c].flags & SKIP == 0 {
                siblings.push(c);
            }
            child = dom.nodes[c].next_sibling;
        }
        if siblings.len() < 2 {
            continue;
        }
        let counts = |c: usize, info: &[Info]| short_sentence(&info[c]) || info[c].own_good > 0;
        let credited: Vec<usize> = siblings
            .iter()
            .enumerate()
            .filter(|&(k, &c)| {
                short_sentence(&info[c])
                    && ((k > 0 && counts(siblings[k - 1], info))
                        || siblings.get(k + 1).is_some_and(|&n| counts(n, info)))
            })
            .map(|(_, &c)| c)
            .collect();
        for c in credited {
            info[c].own_good = info[c].own_text;
        }
    }
}

/// Characters, sentence punctuation and sentence stops (. ! ? before a space,
/// a closing mark or the end) in a raw text run, ignoring whitespace.
///
/// Scripts written without spaces carry more per character: a character from
/// U+3000 to U+9FFF (CJK punctuation, kana, ideographs) counts twice, so a
/// Chinese or Japanese paragraph measures about as long as its English
/// translation and clears the same prose thresholds. Hangul, written with
/// spaces between words, counts once. Full-width punctuation (。、，！？；：)
/// counts as punctuation, 。！？ as stops.
pub(super) fn measure(raw: &str) -> (u32, u32, u32) {
    let mut chars = 0u32;
    let mut punct = 0u32;
    let mut stops = 0u32;
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_whitespace() || (b & 0xc0) == 0x80 {
            continue;
        }
        if b < 0x80 {
            chars += 1;
            if matches!(b, b'.' | b',' | b'!' | b'?' | b';' | b':') {
                punct += 1;
            }
            // A stop ends a sentence when a space, a closing mark or the end
            // of the run follows: not the dot of "po.st" or "3.5".
            let ends = bytes.get(i + 1).is_none_or(|&n| {
                n.is_ascii_whitespace() || matches!(n, b'"' | b'\'' | b')' | 0xe2)
            });
            if matches!(b, b'.' | b'!' | b'?') && ends {
                stops += 1;
            }
            continue;
        }
        // Lead bytes 0xE3..=0xE9 start U+3000..U+9FFF in UTF-8.
        chars += if (0xe3..=0xe9).contains(&b) { 2 } else { 1 };
        let next = (bytes.get(i + 1), bytes.get(i + 2));
        // (is punctuation, is a stop)
        let full_width = match (b, next) {
            // 、 (U+3001), 。 (U+3002)
            (0xe3, (Some(0x80), Some(0x81))) => (true, false),
            (0xe3, (Some(0x80), Some(0x82))) => (true, true),
            // ！ (U+FF01), ？ (U+FF1F); ， ： ； (U+FF0C, U+FF1A, U+FF1B)
            (0xef, (Some(0xbc), Some(0x81 | 0x9f))) => (true, true),
            (0xef, (Some(0xbc), Some(0x8c | 0x9a | 0x9b))) => (true, false),
            _ => (false, false),
        };
        punct += u32::from(full_width.0);
        stops += u32::from(full_width.1);
    }
    (chars, punct, stops)
}

/// Prose characters a block owns directly, or 0 when its own text is not prose.
fn prose_chars(item: &Info) -> u32 {
    let text = item.own_text;
    if text < MIN_PROSE_CHARS {
        return 0;
    }
    if item.own_link as f64 > text as f64 * MAX_PROSE_LINK_DENSITY {
        // A listicle item or a summary that links half its sentence ("Amazon
        // raised <a>the price of its club by two euros</a>.") still carries the
        // words outside its links: those count, the link text is left as junk.
        let own_words = text.saturating_sub(item.own_link);
        let linked_prose = item.own_stops > 0
            && own_words >= MIN_SENTENCE_WORDS_CHARS
            && (item.own_link as f64) <= text as f64 * MAX_LINKED_PROSE_LINK_DENSITY;
        return if linked_prose { own_words } else { 0 };
    }
    if item.own_punct == 0 && text < 150 {
        return 0;
    }
    text - item.own_link
}

fn is_skipped_tag(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Head
            | Tag::Title
            | Tag::Textarea
            | Tag::Select
            | Tag::Option
            | Tag::Button
            | Tag::Input
            | Tag::Iframe
            | Tag::Object
            | Tag::Embed
            | Tag::Video
            | Tag::Audio
            | Tag::Canvas
            | Tag::Map
            | Tag::Dialog
            | Tag::Meta
            | Tag::Link
            | Tag::Frameset
    )
}

/// Boilerplate named by the element itself.
fn tag_reason(tag: Tag) -> Option<Reason> {
    match tag {
        Tag::Nav => Some(Reason::Navigation),
        Tag::Footer => Some(Reason::Footer),
        Tag::Header => Some(Reason::Header),
        Tag::Aside => Some(Reason::Sidebar),
        Tag::Figure | Tag::Figcaption => Some(Reason::Caption),
        Tag::Menu => Some(Reason::Navigation),
        _ => None,
    }
}

/// Searchers for the words that can hide an element, built once per page.
struct HiddenFinders {
    hidden: memchr::memmem::Finder<'static>,
    none: memchr::memmem::Finder<'static>,
}

/// `hidden`, `aria-hidden="true"` or an inline style that hides the element.
fn is_hidden(dom: &Dom, id: NodeId, finders: &HiddenFinders) -> bool {
    let attrs = dom.raw(id).as_bytes();
    if attrs.len() < 6 {
        return false;
    }
    if finders.hidden.find(attrs).is_none() && finders.none.find(attrs).is_none() {
        return false;
    }
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if dom
        .attr(id, "aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = dom.attr(id, "style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        return compact.contains("display:none") || compact.contains("visibility:hidden");
    }
    false
}

/// A removed block: node, reason, text.
pub(crate) type RemovedBlock = (NodeId, Reason, String);

/// Writes out the main region.
pub(crate) struct Writer<'d, 'a> {
    dom: &'d Dom<'a>,
    analysis: &'d Analysis,
    sink: TextSink,
    removed: Vec<RemovedBlock>,
    titles: Vec<String>,
    consecutive_breaks: u8,
    /// Depth of open `<pre>` elements.
    in_pre: u32,
    /// For each node, its first following sibling with visible text (or `NONE`).
    next_visible: Vec<NodeId>,
    /// For each node, whether a descendant heading or block is all link text
    /// (what makes a small box a teaser card).
    linked_block_below: Vec<bool>,
    /// Nodes visited so far, by the walk and by every look-around: the
    /// measure that must stay proportional to the page's size.
    visits: Cell<usize>,
}

/// One step of the writer's walk: enter a node, or close an element after its children.
enum Step {
    Enter(NodeId),
    Exit { block: bool, pre: u32 },
}

impl<'d, 'a> Writer<'d, 'a> {
    /// Prepares to write `analysis.main`; headings equal to one of `titles` are dropped.
    pub fn new(dom: &'d Dom<'a>, analysis: &'d Analysis, titles: Vec<String>) -> Self {
        let capacity = analysis.info[analysis.main as usize].total as usize + 1024;
        Writer {
            dom,
            analysis,
            sink: TextSink::with_capacity(capacity),
            removed: Vec::new(),
            titles: titles.into_iter().map(|t| normalise_title(&t)).collect(),
            consecutive_breaks: 0,
            in_pre: 0,
            next_visible: next_visible(dom, &analysis.info),
            linked_block_below: linked_block_below(dom, &analysis.info),
            visits: Cell::new(0),
        }
    }

    /// Writes the main text and lists boilerplate taken out inside and outside the main region.
    pub fn finish(mut self) -> (String, Vec<RemovedBlock>) {
        let main = self.analysis.main;
        self.write_region(main);
        self.collect_outside_removed(main);
        self.removed.sort_by_key(|r| r.0);
        let removed = merge_runs(std::mem::take(&mut self.removed));
        (self.sink.out, removed)
    }

    fn info(&self, id: NodeId) -> &Info {
        &self.analysis.info[id as usize]
    }

    /// Writes the descendants of `root` in document order. The walk keeps
    /// an explicit stack (as deep as the tree, never per sibling), so deep
    /// nesting costs no native stack and every node is entered once.
    fn write_region(&mut self, root: NodeId) {
        let mut stack = Vec::new();
        let first = self.dom.node(root).first_child;
        if first != NONE {
            stack.push(Step::Enter(first));
        }
        while let Some(step) = stack.pop() {
            let id = match step {
                Step::Enter(id) => id,
                Step::Exit { block, pre } => {
                    self.in_pre -= pre;
                    if block {
                        self.sink.block_break();
                    }
                    continue;
                }
            };
            let node = self.dom.node(id);
            if node.next_sibling != NONE {
                stack.push(Step::Enter(node.next_sibling));
            }
            if let Some((block, pre)) = self.open_node(id) {
                self.in_pre += pre;
                stack.push(Step::Exit { block, pre });
                if node.first_child != NONE {
                    stack.push(Step::Enter(node.first_child));
                }
            }
        }
    }

    /// Writes node `id` itself; for an element to be written with its
    /// children, returns whether it is a block and whether it is a `<pre>`.
    fn open_node(&mut self, id: NodeId) -> Option<(bool, u32)> {
        self.visit(1);
        let node = self.dom.node(id);
        let info = *self.info(id);
        if info.flags & SKIP != 0 {
            return None;
        }
        if node.tag == Tag::Text {
            let raw = self.dom.raw(id);
            if info.total > 0 {
                self.consecutive_breaks = 0;
            }
            if self.in_pre > 0 {
                // Preformatted text keeps its lines.
                for (i, line) in raw.split('\n').enumerate() {
                    if i > 0 {
                        self.sink.line_break();
                    }
                    self.sink.push_raw(line);
                }
            } else {
                self.sink.push_raw(raw);
            }
            return None;
        }
        if node.tag == Tag::Br {
            self.consecutive_breaks += 1;
            if self.consecutive_breaks >= 2 {
                self.sink.block_break();
            } else {
                self.sink.line_break();
            }
            return None;
        }
        if let Some(reason) = self.verdict(id).or_else(|| self.label_of_removed(id)) {
            self.record(id, reason);
            return None;
        }
        let block = node.tag.is_block();
        if block {
            self.sink.block_break();
        }
        Some((block, u32::from(node.tag == Tag::Pre)))
    }

    /// [`Dom::text_of`], counting the nodes it visits.
    fn text_of(&self, id: NodeId, limit: usize) -> String {
        let mut sink = TextSink::default();
        self.visit(self.dom.text_of(id, &mut sink, limit));
        sink.out
    }

    fn visit(&self, n: usize) {
        self.visits.set(self.visits.get() + n);
    }

    /// Why element `id` of the main region is left out, if it is.
    fn verdict(&self, id: NodeId) -> Option<Reason> {
        let node = self.dom.node(id);
        let info = self.info(id);
        if info.flags & SKIP != 0 {
            return None;
        }
        if info.flags & BOILER_ROOT != 0 {
            return info.reason;
        }
        if is_link_list(node.tag, info) || self.is_list_of_links(id) {
            return Some(Reason::LinkList);
        }
        if node.tag.is_heading() && self.is_title(id) {
            return Some(Reason::Headline);
        }
        if self.is_teaser_card(id) {
            return Some(Reason::RelatedLinks);
        }
        let date_line_candidate =
            node.tag.is_block() && info.total > 0 && info.total < 70 && info.good == 0;
        if date_line_candidate && looks_like_date_line(&self.text_of(id, 200)) {
            return Some(Reason::Byline);
        }
        None
    }

    /// A heading or short label whose next sibling is a removed list or
    /// section ("More stories", "Comments") goes with it.
    fn label_of_removed(&self, id: NodeId) -> Option<Reason> {
        let node = self.dom.node(id);
        let info = self.info(id);
        if !(node.tag.is_heading() || node.tag.is_block()) || info.total > 60 || info.good > 0 {
            return None;
        }
        if !node.tag.is_heading() {
            // A label names what follows; a short sentence is content.
            let ends_sentence = self
                .text_of(id, 200)
                .trim_end()
                .ends_with(['.', '!', '?', '"', '”', '»', '。']);
            if ends_sentence {
                return None;
            }
        }
        // The first following sibling with visible text, found in one step
        // (a run of empty siblings is not scanned once per sibling).
        let next = self.next_visible[id as usize];
        if next == NONE || self.dom.node(next).tag == Tag::Text {
            return None;
        }
        self.visit(1);
        self.verdict(next).filter(|r| {
            matches!(
                r,
                Reason::RelatedLinks
                    | Reason::LinkList
                    | Reason::Comments
                    | Reason::Newsletter
                    | Reason::ShareBar
                    | Reason::Tags
            )
        })
    }

    /// A small box holding a linked headline and a line of summary: one
    /// teaser of a "more stories" strip.
    fn is_teaser_card(&self, id: NodeId) -> bool {
        let info = self.info(id);
        let node = self.dom.node(id);
        if !matches!(
            node.tag,
            Tag::Div | Tag::Li | Tag::Article | Tag::Section | Tag::Td
        ) || info.total < 40
            || info.total > 400
            || info.link < 15
            || info.link == info.total
        {
            return false;
        }
        // A descendant heading or block whose text is all link, precomputed.
        self.linked_block_below[id as usize]
    }

    /// A `ul`/`ol` whose items are nearly all short and linked: "more stories".
    fn is_list_of_links(&self, id: NodeId) -> bool {
        let node = self.dom.node(id);
        if !matches!(node.tag, Tag::Ul | Tag::Ol) {
            return false;
        }
        let (mut items, mut linked) = (0u32, 0u32);
        let mut child = node.first_child;
        while child != NONE {
            let c = self.dom.node(child);
            if c.tag == Tag::Li && self.info(child).total > 0 {
                items += 1;
                if self.info(child).link > 0 {
                    linked += 1;
                }
            }
            child = c.next_sibling;
        }
        items >= 2 && linked * 5 >= items * 4 && self.info(id).total / items < 150
    }

    fn is_title(&self, id: NodeId) -> bool {
        if self.titles.is_empty() {
            return false;
        }
        let text = normalise_title(&self.text_of(id, 1000));
        !text.is_empty() && self.titles.contains(&text)
    }

    fn record(&mut self, id: NodeId, reason: Reason) {
        if self.removed.len() >= MAX_REMOVED * 4 || self.info(id).total == 0 {
            return;
        }
        let mut text = self.text_of(id, MAX_REMOVED_CHARS);
        truncate_chars(&mut text, MAX_REMOVED_CHARS);
        if !text.is_empty() {
            self.removed.push((id, reason, text));
        }
    }

    /// Records the outermost boilerplate regions outside the main region.
    fn collect_outside_removed(&mut self, main: NodeId) {
        let main_end = last_descendant(self.dom, main);
        for i in 1..self.dom.nodes.len() as NodeId {
            if i >= main && i <= main_end {
                continue;
            }
            let info = *self.info(i);
            if info.flags & BOILER_ROOT != 0 && info.flags & SKIP == 0 {
                if let Some(reason) = info.reason {
                    self.record(i, reason);
                }
            }
        }
    }
}

/// For each node, the first following sibling with visible text, or `NONE`.
///
/// One pass from the last node back: a sibling always comes after its
/// predecessor in the arena, so its own answer is already known.
fn next_visible(dom: &Dom, info: &[Info]) -> Vec<NodeId> {
    let mut next = vec![NONE; info.len()];
    for i in (0..info.len()).rev() {
        let sibling = dom.nodes[i].next_sibling;
        if sibling == NONE {
            continue;
        }
        let s = &info[sibling as usize];
        next[i] = if s.total > 0 && s.flags & SKIP == 0 {
            sibling
        } else {
            next[sibling as usize]
        };
    }
    next
}

/// For each node, whether a visible descendant heading or block of at least
/// 15 characters is all the text of one link: a teaser's headline. A block of
/// several links (a share bar, a list of tags) is not a headline. One pass,
/// children before parents.
fn linked_block_below(dom: &Dom, info: &[Info]) -> Vec<bool> {
    let mut below = vec![false; info.len()];
    let mut links = vec![0u32; info.len()];
    for i in (1..info.len()).rev() {
        let node = &dom.nodes[i];
        let item = &info[i];
        if node.tag == Tag::Text || item.flags & SKIP != 0 {
            continue;
        }
        if node.tag == Tag::A {
            links[i] += 1;
        }
        let linked_block = (node.tag.is_heading() || node.tag.is_block())
            && item.total >= 15
            && item.link == item.total
            && links[i] == 1;
        let parent = node.parent as usize;
        links[parent] = links[parent].saturating_add(links[i]);
        if linked_block || below[i] {
            below[parent] = true;
        }
    }
    below
}

/// Merges consecutive entries with the same list-like reason (a menu split
/// into many small lists, a strip of teasers) into one, and caps the list.
fn merge_runs(removed: Vec<RemovedBlock>) -> Vec<RemovedBlock> {
    let mut out: Vec<RemovedBlock> = Vec::with_capacity(removed.len().min(MAX_REMOVED));
    for (id, reason, text) in removed {
        let mergeable = matches!(
            reason,
            Reason::Navigation
                | Reason::LinkList
                | Reason::RelatedLinks
                | Reason::ShareBar
                | Reason::Advertisement
        );
        if let Some(last) = out.last_mut() {
            if mergeable && last.1 == reason {
                if last.2.len() < MAX_REMOVED_CHARS {
                    last.2.push_str(" | ");
                    last.2.push_str(&text);
                    truncate_chars(&mut last.2, MAX_REMOVED_CHARS);
                }
                continue;
            }
        }
        if out.len() == MAX_REMOVED {
            break;
        }
        out.push((id, reason, text));
    }
    out
}

/// Cuts `text` to at most `max` bytes on a char boundary, marking the cut.
fn truncate_chars(text: &mut String, max: usize) {
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
}

/// The last node (in document order) under `id`.
fn last_descendant(dom: &Dom, mut id: NodeId) -> NodeId {
    loop {
        let last = dom.node(id).last_child;
        if last == NONE {
            return id;
        }
        id = last;
    }
}

/// A container that is mostly links: a menu, a list of related stories.
///
/// A paragraph that is a sentence around a linked phrase ("Assange faces <a>a
/// charge of conspiracy ...</a>.") is prose, however long the link: it has
/// words of its own and sentence punctuation. Q&A and listicle sections often
/// answer in one such sentence.
fn is_link_list(tag: Tag, info: &Info) -> bool {
    if tag == Tag::P && linked_sentence(info) {
        return false;
    }
    if !matches!(
        tag,
        Tag::Ul
            | Tag::Ol
            | Tag::Dl
            | Tag::Div
            | Tag::Section
            | Tag::Table
            | Tag::P
            | Tag::Form
            | Tag::Center
    ) {
        return false;
    }
    info.total > 0 && info.link as f64 > 0.6 * info.total as f64 && info.good < info.total / 4
}

/// Whether a block's own text reads as a sentence around links: some words of
/// its own and a sentence stop outside them ("Listen: <a>url</a>" and
/// "<a>Headline: more</a> [NEWS]" are not).
fn linked_sentence(info: &Info) -> bool {
    info.own_free_stops > 0
        && info.own_text.saturating_sub(info.own_link) >= MIN_SENTENCE_WORDS_CHARS
}

/// A short line that only gives a date: "Published November 20th, 2019 - 07:50 GMT".
fn looks_like_date_line(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.len() > 90 || text.ends_with('.') {
        return false;
    }
    let has_year = text.as_bytes().windows(4).enumerate().any(|(i, w)| {
        (w.starts_with(b"19") || w.starts_with(b"20"))
            && w.iter().all(u8::is_ascii_digit)
            && !text.as_bytes().get(i + 4).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !text.as_bytes()[i - 1].is_ascii_digit())
    });
    if !has_year {
        return false;
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let has_month = words
        .iter()
        .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)));
    let has_clock = lower
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let has_numeric_date = lower.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_digit() && matches!(w[1], b'-' | b'/' | b'.') && w[2].is_ascii_digit()
    });
    (has_month || has_clock || has_numeric_date) && words.len() <= 6
}

fn normalise_title(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Describes the chain of ancestors of the first text node containing `needle`
/// and of the chosen main region: a tuning aid.
pub(crate) fn explain(dom: &Dom, analysis: &Analysis, needle: &str) -> String {
    let describe = |mut id: NodeId| {
        let mut lines = Vec::new();
        while id != NONE {
            let n = dom.node(id);
            let i = analysis.info[id as usize];
            lines.push(format!(
                "  #{id} {:?} class={:?} id={:?} flags={:#b} reason={:?} total={} link={} good_raw={} good={} own={}/{}/{}",
                n.tag,
                dom.class(id).chars().take(60).collect::<String>(),
                dom.id_attr(id),
                i.flags,
                i.reason,
                i.total,
                i.link,
                i.good_raw,
                i.good,
                i.own_text,
                i.own_link,
                i.own_punct
            ));
            id = n.parent;
        }
        lines.join("\n")
    };
    let mut out = format!("main:\n{}\n", describe(analysis.main));
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.tag == Tag::Text && dom.raw(i as NodeId).contains(needle) {
            out.push_str(&format!("needle:\n{}\n", describe(i as NodeId)));
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nodes the writer visits for `html`, and the number of nodes in its tree.
    fn writer_visits(html: &str) -> (usize, usize) {
        let dom = Dom::parse(html);
        let analysis = analyse(&dom);
        let mut writer = Writer::new(&dom, &analysis, vec!["Title".into()]);
        let main = analysis.main;
        writer.write_region(main);
        writer.collect_outside_removed(main);
        (writer.visits.get(), dom.nodes.len())
    }

    const PARAGRAPH: &str =
        "<p>The minister said on Monday that the budget would rise by ten percent.</p>";

    #[test]
    fn writer_work_is_linear_in_deeply_nested_divs() {
        // Past the tree's depth cap the divs become 100,000 empty siblings,
        // each of which once scanned all the siblings after it.
        let n = 100_000;
        let html = format!(
            "<body>{}{PARAGRAPH}{}</body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let (visits, nodes) = writer_visits(&html);
        assert!(visits <= 4 * nodes, "{visits} visits for {nodes} nodes");
        let article = crate::html::extract_html_article(
            "id".into(),
            &storyline_model::RawDocument {
                source: "deep.html".into(),
                kind: storyline_model::ContentKind::Html,
                content: html,
                hints: Default::default(),
            },
        );
        assert!(
            article.text.contains("the budget would rise"),
            "{}",
            article.text
        );
    }

    #[test]
    fn writer_work_is_linear_in_labels_around_empty_elements() {
        // Short blocks (date-line and label candidates) nested as deep as the
        // tree allows, each wrapping thousands of empty elements: reading
        // each one's text must not walk everything under it.
        let depth = 300;
        let html = format!(
            "<body><div>{}{}Jan 5{}{}</div></body>",
            PARAGRAPH.repeat(6),
            "<div><span>x</span>".repeat(depth),
            "<i></i>".repeat(20_000),
            "</div>".repeat(depth)
        );
        let (visits, nodes) = writer_visits(&html);
        assert!(visits <= 4 * nodes, "{visits} visits for {nodes} nodes");
    }

    #[test]
    fn teaser_cards_and_labels_still_found() {
        let html = format!(
            "<body><div>{p}<h3>More stories</h3><ul><li><a href=a>One story here</a></li>\
             <li><a href=b>Another story</a></li><li><a href=c>A third story</a></li></ul>\
             <div class=x><h4><a href=d>A linked headline of a teaser</a></h4>A line of summary text.</div></div></body>",
            p = PARAGRAPH.repeat(6)
        );
        let dom = Dom::parse(&html);
        let analysis = analyse(&dom);
        let (text, removed) = Writer::new(&dom, &analysis, vec![]).finish();
        assert!(text.contains("the budget"), "{text:?} {removed:?}");
        assert!(!text.contains("More stories"), "{text}");
        assert!(!text.contains("teaser"), "{text}");
        let reasons: Vec<Reason> = removed.iter().map(|r| r.1).collect();
        assert!(reasons.contains(&Reason::RelatedLinks), "{reasons:?}");
    }

    #[test]
    fn posts_closed_by_a_share_bar_are_not_teaser_cards() {
        let posts: String = (1..=6)
            .map(|n| {
                format!(
                    "<div class=entry><h3>Update {n}: the vote is delayed</h3><p>The speaker said \
                     that the vote on the budget would be held later in the evening.</p>\
                     <div><a href=/f>Facebook</a> <a href=/t>Twitter</a> <a href=/e>Email</a></div></div>"
                )
            })
            .collect();
        let html = format!("<body><div>{posts}</div></body>");
        let dom = Dom::parse(&html);
        let analysis = analyse(&dom);
        let (text, _) = Writer::new(&dom, &analysis, vec![]).finish();
        assert_eq!(text.matches("The speaker said").count(), 6, "{text}");
    }

    #[test]
    fn a_sentence_around_a_long_link_is_prose() {
        let html = format!(
            "<body><div>{p}<h2>What charges does the mayor face?</h2>\
             <p>The mayor of the northern town faces <a href=x>a charge of misusing public funds in the harbour contract</a>.</p>\
             {p}<p>Listen: <a href=a>https://podcast.example/episode-12</a></p>\
             <p><a href=a>One story here that is long</a> <a href=b>Another story that is also long</a></p></div></body>",
            p = PARAGRAPH.repeat(3)
        );
        let dom = Dom::parse(&html);
        let analysis = analyse(&dom);
        let (text, _) = Writer::new(&dom, &analysis, vec![]).finish();
        assert!(text.contains("What charges does the mayor face?"), "{text}");
        assert!(
            text.contains("northern town faces a charge of misusing"),
            "{text}"
        );
        assert!(!text.contains("Another story"), "{text}");
        assert!(!text.contains("podcast.example"), "{text}");
    }

    #[test]
    fn a_listicle_whose_items_link_half_their_sentence_keeps_every_item() {
        // Each item: a heading, a photo and a sentence whose second half is a link.
        let items: String = (1..=8)
            .map(|n| {
                format!(
                    "<div class=item><h2>{n}. Story number {n}</h2><figure><img src=x.jpg>\
                     <figcaption>Photo: agency</figcaption></figure><p>Company {n} said on Monday \
                     that it <a href=/s{n}>would cut prices of its phones by a tenth in Europe.</a></p></div>"
                )
            })
            .collect();
        let html = format!(
            "<body><nav><a href=/>Home</a> <a href=/tech>Tech</a></nav><div class=body>\
             <p>Good morning! Here is the news you need to know today.</p>{items}</div>\
             <aside><ul><li><a href=/r1>A related story headline</a></li>\
             <li><a href=/r2>Another related story headline</a></li></ul></aside></body>"
        );
        let dom = Dom::parse(&html);
        let analysis = analyse(&dom);
        let (text, _) = Writer::new(&dom, &analysis, vec![]).finish();
        for n in 1..=8 {
            assert!(
                text.contains(&format!("Company {n} said on Monday")),
                "{n}: {text}"
            );
        }
        assert!(text.contains("8. Story number 8"), "{text}");
        assert!(!text.contains("related story"), "{text}");
    }

    #[test]
    fn q_and_a_in_short_sentences_is_kept_and_a_lone_bio_line_is_not() {
        let answers: String = [
            ("What happened?", "A dam failed after rain."),
            ("Who was hurt?", "Nobody, officials said."),
            ("Where is it?", "North of the city."),
            ("When will it reopen?", "Not before spring."),
        ]
        .iter()
        .map(|(q, a)| format!("<p><strong>Q: {q}</strong></p><p>A: {a}</p>"))
        .collect();
        let html = format!(
            "<body><nav><a href=/>Home</a> <a href=/news>News</a></nav><div class=story>\
             <p>Here is what we know so far about the failure of the dam on Sunday.</p>{answers}</div>\
             <div class=bio><p>Jo Smith</p><p>Senior editor at the Courier.</p></div></body>"
        );
        let dom = Dom::parse(&html);
        let analysis = analyse(&dom);
        let (text, _) = Writer::new(&dom, &analysis, vec![]).finish();
        assert!(text.contains("Q: What happened?"), "{text}");
        assert!(text.contains("A: Not before spring."), "{text}");
        assert!(!text.contains("Senior editor"), "{text}");
    }

    #[test]
    fn cjk_text_measures_like_its_translation() {
        // Eleven characters and a full stop, two units each; one punctuation mark.
        assert_eq!(measure("政府は今日新しい法律を。"), (24, 1, 1));
        assert_eq!(measure("a, b."), (4, 2, 1));
        assert_eq!(measure("café"), (4, 0, 0));
        assert_eq!(measure("po.st/TP_615 3.5% (so.) Yes!"), (25, 4, 2));
        // Hangul is written with spaces: one unit a syllable.
        assert_eq!(measure("정부는 오늘"), (5, 0, 0));
        // A Japanese paragraph without ASCII punctuation is prose.
        let paragraph = "東京都は十一月二十日、新しい防災計画を発表した。計画では、地震の際に住民が避難する場所を増やし、食料の備蓄も見直す。";
        let html = format!(
            "<body><nav><a href=/>ホーム</a> <a href=/news>ニュース</a></nav>\
             <div><p>{paragraph}</p><p>{paragraph}</p></div><footer>著作権</footer></body>"
        );
        let dom = Dom::parse(&html);
        let analysis = analyse(&dom);
        let (text, _) = Writer::new(&dom, &analysis, vec![]).finish();
        assert_eq!(text.matches("防災計画").count(), 2, "{text}");
        assert!(!text.contains("ホーム"), "{text}");
    }

    #[test]
    fn date_lines() {
        for yes in [
            "February 1, 2019",
            "Published November 20th, 2019 - 07:50 GMT",
            "2019-11-20 17:27:46",
            "Updated 0339 GMT (1139 HKT) November 19, 2019",
        ] {
            assert!(looks_like_date_line(yes), "{yes}");
        }
        for no in [
            "In May 2019, sales rose.",
            "The 2019 budget was passed by the council after a long debate today",
            "Chapter 12",
            "",
        ] {
            assert!(!looks_like_date_line(no), "{no}");
        }
    }
}
