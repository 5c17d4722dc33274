//! A fast, forgiving HTML tokenizer and tree builder.
//!
//! This is not a conforming HTML5 parser: it implements the parts of tree
//! construction that change which text sits under which block (implied end
//! tags for `p`, `li`, `dd`/`dt`, table cells and headings; void elements;
//! raw-text elements; stray end tags ignored) and nothing else. Nodes live in
//! one arena in document order, so a parent always has a smaller index than
//! its children and whole-tree statistics take one backward pass.
//!
//! Text and attributes are not copied: nodes hold byte ranges into the source.

use memchr::{memchr, memchr2, memchr3};

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeId = u32;

/// Marks a missing link between nodes.
pub(crate) const NONE: NodeId = u32::MAX;

/// Deeper elements are attached to the deepest open one instead of nesting further.
const MAX_DEPTH: usize = storyline_model::limits::MAX_HTML_DEPTH;

macro_rules! tags {
    ($($variant:ident => $name:literal,)*) => {
        /// Element names the extractor cares about; everything else is [`Tag::Other`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Tag {
            $(
                #[allow(missing_docs)]
                $variant,
            )*
            /// An element with another name (its hash is kept on the node).
            Other,
            /// Not an element: a text node.
            Text,
            /// The synthetic root holding the whole document.
            Document,
        }

        impl Tag {
            /// Looks up a lower-case element name.
            fn from_lowercase(name: &[u8]) -> Tag {
                match name {
                    $($name => Tag::$variant,)*
                    _ => Tag::Other,
                }
            }
        }
    };
}

tags! {
    A => b"a", Abbr => b"abbr", Address => b"address", Area => b"area", Article => b"article",
    Aside => b"aside", Audio => b"audio", B => b"b", Base => b"base", Big => b"big",
    Blockquote => b"blockquote", Body => b"body", Br => b"br", Button => b"button",
    Canvas => b"canvas", Caption => b"caption", Center => b"center", Cite => b"cite",
    Code => b"code", Col => b"col", Colgroup => b"colgroup", Dd => b"dd", Del => b"del",
    Details => b"details", Dialog => b"dialog", Dfn => b"dfn", Div => b"div", Dl => b"dl",
    Dt => b"dt", Em => b"em", Embed => b"embed", Fieldset => b"fieldset",
    Figcaption => b"figcaption", Figure => b"figure", Font => b"font", Footer => b"footer",
    Form => b"form", Frame => b"frame", Frameset => b"frameset", H1 => b"h1", H2 => b"h2",
    H3 => b"h3", H4 => b"h4", H5 => b"h5", H6 => b"h6", Head => b"head", Header => b"header",
    Hgroup => b"hgroup", Hr => b"hr", Html => b"html", I => b"i", Iframe => b"iframe",
    Img => b"img", Input => b"input", Ins => b"ins", Kbd => b"kbd", Keygen => b"keygen",
    Label => b"label", Legend => b"legend", Li => b"li", Link => b"link", Main => b"main",
    Map => b"map", Mark => b"mark", Math => b"math", Menu => b"menu", Meta => b"meta",
    Nav => b"nav", Noembed => b"noembed", Noframes => b"noframes", Noscript => b"noscript",
    Object => b"object", Ol => b"ol", Optgroup => b"optgroup", Option => b"option",
    P => b"p", Param => b"param", Picture => b"picture", Plaintext => b"plaintext",
    Pre => b"pre", Q => b"q", S => b"s", Samp => b"samp", Script => b"script",
    Search => b"search", Section => b"section", Select => b"select", Small => b"small",
    Source => b"source", Span => b"span", Strike => b"strike", Strong => b"strong",
    Style => b"style", Sub => b"sub", Summary => b"summary", Sup => b"sup", Svg => b"svg",
    Table => b"table", Tbody => b"tbody", Td => b"td", Template => b"template",
    Textarea => b"textarea", Tfoot => b"tfoot", Th => b"th", Thead => b"thead",
    Time => b"time", Title => b"title", Tr => b"tr", Track => b"track", Tt => b"tt",
    U => b"u", Ul => b"ul", Var => b"var", Video => b"video", Wbr => b"wbr", Xmp => b"xmp",
}

/// Number of [`Tag`] variants.
const TAG_COUNT: usize = Tag::Document as usize + 1;

impl Tag {
    /// Elements that never have children.
    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Area
                | Tag::Base
                | Tag::Br
                | Tag::Col
                | Tag::Embed
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Keygen
                | Tag::Link
                | Tag::Meta
                | Tag::Param
                | Tag::Source
                | Tag::Track
                | Tag::Wbr
                | Tag::Frame
        )
    }

    /// Elements whose content is not markup: it runs to the matching end tag.
    fn is_raw_text(self) -> bool {
        matches!(
            self,
            Tag::Script
                | Tag::Style
                | Tag::Textarea
                | Tag::Title
                | Tag::Xmp
                | Tag::Iframe
                | Tag::Noembed
                | Tag::Noframes
                | Tag::Noscript
                | Tag::Svg
                | Tag::Math
                | Tag::Template
                | Tag::Plaintext
        )
    }

    /// Start tags that close an open `p` (HTML5 "close a p element").
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Address
                | Tag::Article
                | Tag::Aside
                | Tag::Blockquote
                | Tag::Center
                | Tag::Details
                | Tag::Dialog
                | Tag::Div
                | Tag::Dl
                | Tag::Fieldset
                | Tag::Figcaption
                | Tag::Figure
                | Tag::Footer
                | Tag::Form
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Header
                | Tag::Hgroup
                | Tag::Hr
                | Tag::Main
                | Tag::Menu
                | Tag::Nav
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Search
                | Tag::Section
                | Tag::Summary
                | Tag::Table
                | Tag::Ul
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
        )
    }

    /// Headings `h1`..`h6`.
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    /// Boundaries an implied end tag never crosses (roughly HTML5's "special" scope markers).
    fn is_scope_boundary(self) -> bool {
        matches!(
            self,
            Tag::Table
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Button
                | Tag::Object
                | Tag::Html
                | Tag::Body
                | Tag::Document
                | Tag::Template
        )
    }

    /// Block-level elements: text inside them forms its own paragraph.
    pub fn is_block(self) -> bool {
        self.closes_p()
            || matches!(
                self,
                Tag::Td
                    | Tag::Th
                    | Tag::Tr
                    | Tag::Table
                    | Tag::Tbody
                    | Tag::Thead
                    | Tag::Tfoot
                    | Tag::Caption
                    | Tag::Body
                    | Tag::Html
                    | Tag::Document
                    | Tag::Legend
                    | Tag::Option
                    | Tag::Frameset
                    | Tag::Select
                    | Tag::Br
                    | Tag::Iframe
                    | Tag::Video
                    | Tag::Audio
                    | Tag::Canvas
                    | Tag::Object
            )
    }
}

/// One element or text node.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Element name, or [`Tag::Text`].
    pub tag: Tag,
    /// Parent node ([`NONE`] for the root).
    pub parent: NodeId,
    /// First child ([`NONE`] if none).
    pub first_child: NodeId,
    /// Last child ([`NONE`] if none).
    pub last_child: NodeId,
    /// Next sibling ([`NONE`] if none).
    pub next_sibling: NodeId,
    /// Text nodes: the raw text. Elements: the attribute part of the start tag.
    pub start: u32,
    /// End of the range above (exclusive).
    pub end: u32,
    /// Index of the element's [`Attrs`] in [`Dom::attrs`], or [`NO_ATTRS`]:
    /// most nodes have neither a class, an id nor an unknown name, and a page
    /// can hold a node per 11 bytes of source, so these live apart.
    attrs: u32,
}

/// [`Node::attrs`] of a node without [`Attrs`].
const NO_ATTRS: u32 = u32::MAX;

/// What few elements carry beyond their place in the tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attrs {
    /// The `class` attribute value, as a range into the source (empty if absent).
    class: (u32, u32),
    /// The `id` attribute value, as a range into the source (empty if absent).
    id: (u32, u32),
    /// For [`Tag::Other`]: a hash of the lower-case name, to match end tags.
    name_hash: u32,
}

/// A parsed page: the source and the node arena.
#[derive(Debug)]
pub(crate) struct Dom<'a> {
    /// The page source.
    pub src: &'a str,
    /// All nodes in document order; node 0 is the [`Tag::Document`] root.
    pub nodes: Vec<Node>,
    /// The [`Attrs`] of the nodes that have them.
    attrs: Vec<Attrs>,
    /// Elements opened deeper than [`MAX_DEPTH`], kept as siblings instead.
    pub flattened: usize,
}

impl<'a> Dom<'a> {
    /// Parses `src`. Never fails: malformed markup yields some tree.
    pub fn parse(src: &'a str) -> Dom<'a> {
        let mut builder = Builder {
            src,
            nodes: Vec::with_capacity(src.len() / 40 + 16),
            attrs: Vec::new(),
            stack: Vec::with_capacity(64),
            open: [0; TAG_COUNT],
            flattened: 0,
        };
        builder.nodes.push(Node {
            tag: Tag::Document,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start: 0,
            end: 0,
            attrs: NO_ATTRS,
        });
        builder.stack.push(0);
        builder.run();
        Dom {
            src,
            nodes: builder.nodes,
            attrs: builder.attrs,
            flattened: builder.flattened,
        }
    }

    /// The node with index `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The raw text of a text node, or the raw attribute part of an element.
    pub fn raw(&self, id: NodeId) -> &'a str {
        let n = self.node(id);
        &self.src[n.start as usize..n.end as usize]
    }

    /// The [`Attrs`] of node `id`, if it has any.
    fn attrs(&self, id: NodeId) -> Option<&Attrs> {
        self.attrs.get(self.node(id).attrs as usize)
    }

    /// The raw `class` attribute value.
    pub fn class(&self, id: NodeId) -> &'a str {
        let (s, e) = self.attrs(id).map_or((0, 0), |a| a.class);
        &self.src[s as usize..e as usize]
    }

    /// The raw `id` attribute value.
    pub fn id_attr(&self, id: NodeId) -> &'a str {
        let (s, e) = self.attrs(id).map_or((0, 0), |a| a.id);
        &self.src[s as usize..e as usize]
    }

    /// The raw value of attribute `name` (lower case) of element `id`, if present.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&'a str> {
        let n = self.node(id);
        if n.tag == Tag::Text {
            return None;
        }
        let mut found = None;
        for_each_attr(self.src, n.start as usize, n.end as usize, |k, v| {
            if found.is_none() && k.eq_ignore_ascii_case(name) {
                found = Some(v);
            }
        });
        found
    }

    /// Concatenated raw text of all text nodes under `id`, skipping script-like elements.
    ///
    /// Stops once `sink` holds `limit` bytes or after visiting `2 * limit + 64`
    /// nodes, so a call costs O(`limit`) however large the subtree (a short
    /// label wrapping thousands of empty elements); returns the nodes visited.
    /// The walk follows parent links, so it needs no stack.
    pub fn text_of(
        &self,
        id: NodeId,
        sink: &mut crate::html::text::TextSink,
        limit: usize,
    ) -> usize {
        let max_visits = 2 * limit + 64;
        let mut visits = 0;
        let mut n = id;
        loop {
            if sink.len() >= limit || visits >= max_visits {
                return visits;
            }
            visits += 1;
            let node = self.node(n);
            let descend = match node.tag {
                Tag::Text => {
                    sink.push_raw(self.raw(n));
                    false
                }
                Tag::Script | Tag::Style | Tag::Noscript | Tag::Template | Tag::Svg => false,
                tag => {
                    if tag.is_block() {
                        sink.space();
                    }
                    true
                }
            };
            if descend && node.first_child != NONE {
                n = node.first_child;
                continue;
            }
            // Next in document order: a sibling, or the sibling of the nearest ancestor below `id`.
            loop {
                if n == id {
                    return visits;
                }
                let next = self.node(n).next_sibling;
                if next != NONE {
                    n = next;
                    break;
                }
                n = self.node(n).parent;
            }
        }
    }
}

/// Calls `f(name, raw_value)` for each attribute in `src[start..end]`.
pub(crate) fn for_each_attr<'s>(
    src: &'s str,
    start: usize,
    end: usize,
    mut f: impl FnMut(&'s str, &'s str),
) {
    let b = src.as_bytes();
    let mut i = start;
    while i < end {
        while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= end {
            break;
        }
        let name_start = i;
        // The first character of a name may be '=' (HTML5 quirk); always take one.
        i += 1;
        while i < end
            && !matches!(
                b[i],
                b'=' | b'/' | b'>' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c
            )
        {
            i += 1;
        }
        let name = &src[name_start..i];
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < end && b[i] == b'=' {
            i += 1;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < end && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let value_start = i + 1;
                let value_end = memchr(quote, &b[value_start..end])
                    .map(|p| value_start + p)
                    .unwrap_or(end);
                f(name, &src[value_start..value_end]);
                i = value_end + 1;
            } else {
                let value_start = i;
                while i < end && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                f(name, &src[value_start..i]);
            }
        } else {
            f(name, &src[i..i]);
        }
    }
}

/// FNV-1a hash of a lower-cased name.
fn name_hash(name: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &c in name {
        h ^= u32::from(c.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

struct Builder<'a> {
    src: &'a str,
    nodes: Vec<Node>,
    attrs: Vec<Attrs>,
    stack: Vec<NodeId>,
    /// How many elements of each tag are open, to skip hopeless scope searches.
    open: [u32; TAG_COUNT],
    /// Elements not nested because the stack was [`MAX_DEPTH`] deep.
    flattened: usize,
}

impl Builder<'_> {
    fn run(&mut self) {
        let b = self.src.as_bytes();
        let len = b.len();
        let mut i = 0;
        let mut text_start = 0;
        while i < len {
            let Some(lt) = memchr(b'<', &b[i..]) else {
                break;
            };
            let lt = i + lt;
            let next = b.get(lt + 1).copied().unwrap_or(0);
            if next.is_ascii_alphabetic() {
                self.text(text_start, lt);
                i = self.start_tag(lt);
                text_start = i;
            } else if next == b'/' && b.get(lt + 2).is_some_and(|c| c.is_ascii_alphabetic()) {
                self.text(text_start, lt);
                i = self.end_tag(lt);
                text_start = i;
            } else if next == b'!' {
                self.text(text_start, lt);
                i = if b[lt..].starts_with(b"<!--") {
                    memchr::memmem::find(&b[lt + 4..], b"-->")
                        .map(|p| lt + 4 + p + 3)
                        .unwrap_or(len)
                } else {
                    memchr(b'>', &b[lt..]).map(|p| lt + p + 1).unwrap_or(len)
                };
                text_start = i;
            } else if next == b'?' || (next == b'/' && b.get(lt + 2) != Some(&b'>')) {
                // Processing instructions and bogus end tags are bogus comments.
                self.text(text_start, lt);
                i = memchr(b'>', &b[lt..]).map(|p| lt + p + 1).unwrap_or(len);
                text_start = i;
            } else {
                i = lt + 1;
            }
        }
        self.text(text_start, len);
    }

    /// Pops the innermost open element.
    fn pop(&mut self) {
        if self.stack.len() > 1 {
            let depth = self.stack.len() - 1;
            self.truncate(depth);
        }
    }

    /// Pops open elements down to `depth` entries, keeping the open counts right.
    fn truncate(&mut self, depth: usize) {
        while self.stack.len() > depth.max(1) {
            if let Some(id) = self.stack.pop() {
                let tag = self.nodes[id as usize].tag;
                self.open[tag as usize] = self.open[tag as usize].saturating_sub(1);
            }
        }
    }

    fn current(&self) -> NodeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn append(&mut self, node: Node) -> NodeId {
        let id = self.nodes.len() as NodeId;
        let parent = node.parent;
        self.nodes.push(node);
        let p = &mut self.nodes[parent as usize];
        let prev_last = p.last_child;
        p.last_child = id;
        if prev_last == NONE {
            p.first_child = id;
        } else {
            self.nodes[prev_last as usize].next_sibling = id;
        }
        id
    }

    fn text(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let parent = self.current();
        self.append(Node {
            tag: Tag::Text,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start: start as u32,
            end: end as u32,
            attrs: NO_ATTRS,
        });
    }

    /// Reads a tag name at `i`, returning (tag, hash, end of name).
    fn tag_name(&self, i: usize) -> (Tag, u32, usize) {
        let b = self.src.as_bytes();
        let mut end = i;
        let mut lower = [0u8; 12];
        while end < b.len() && !matches!(b[end], b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/' | b'>')
        {
            if end - i < lower.len() {
                lower[end - i] = b[end].to_ascii_lowercase();
            }
            end += 1;
        }
        let n = end - i;
        let tag = if n <= lower.len() {
            Tag::from_lowercase(&lower[..n])
        } else {
            Tag::Other
        };
        let hash = if tag == Tag::Other {
            name_hash(&b[i..end])
        } else {
            0
        };
        (tag, hash, end)
    }

    /// Finds the `>` closing a tag whose attributes start at `i`, honouring quotes.
    /// Returns (end of attributes, position after `>`, self-closing).
    fn tag_end(&self, mut i: usize) -> (usize, usize, bool) {
        let b = self.src.as_bytes();
        loop {
            let Some(p) = memchr3(b'>', b'"', b'\'', &b[i..]) else {
                return (b.len(), b.len(), false);
            };
            let p = i + p;
            if b[p] == b'>' {
                let self_closing = p > 0 && b[p - 1] == b'/';
                return (p, p + 1, self_closing);
            }
            // A quote only opens a value right after '=' (possibly with spaces).
            let mut q = p;
            while q > i && b[q - 1].is_ascii_whitespace() {
                q -= 1;
            }
            if q > i && b[q - 1] == b'=' {
                match memchr(b[p], &b[p + 1..]) {
                    Some(close) => i = p + 1 + close + 1,
                    None => return (b.len(), b.len(), false),
                }
            } else {
                i = p + 1;
            }
        }
    }

    fn start_tag(&mut self, lt: usize) -> usize {
        let (tag, hash, name_end) = self.tag_name(lt + 1);
        let (attr_end, after, self_closing) = self.tag_end(name_end);
        let mut class = (0u32, 0u32);
        let mut id = (0u32, 0u32);
        if attr_end > name_end {
            let src = self.src;
            let base = src.as_ptr() as usize;
            for_each_attr(src, name_end, attr_end, |k, v| {
                let off = v.as_ptr() as usize - base;
                let range = (off as u32, (off + v.len()) as u32);
                if k.eq_ignore_ascii_case("class") && class == (0, 0) {
                    class = range;
                } else if k.eq_ignore_ascii_case("id") && id == (0, 0) {
                    id = range;
                }
            });
        }

        self.close_implied(tag);
        let parent = self.current();
        let attrs = if class == (0, 0) && id == (0, 0) && tag != Tag::Other {
            NO_ATTRS
        } else {
            self.attrs.push(Attrs {
                class,
                id,
                name_hash: hash,
            });
            (self.attrs.len() - 1) as u32
        };
        let node_id = self.append(Node {
            tag,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            start: name_end as u32,
            end: attr_end as u32,
            attrs,
        });

        if tag.is_raw_text() && !(self_closing && matches!(tag, Tag::Svg | Tag::Math)) {
            let name = &self.src.as_bytes()[lt + 1..name_end];
            let (content_end, resume) = find_end_tag(self.src.as_bytes(), after, name);
            if matches!(tag, Tag::Script | Tag::Title | Tag::Textarea) && content_end > after {
                // Keep the content as one text child: titles and JSON-LD are read later.
                self.stack.push(node_id);
                self.text(after, content_end);
                self.stack.pop();
            }
            return resume;
        }
        if !tag.is_void() && !self_closing_foreign(tag, self_closing) {
            if self.stack.len() < MAX_DEPTH {
                self.open[tag as usize] += 1;
                self.stack.push(node_id);
            } else {
                self.flattened += 1;
            }
        }
        after
    }

    /// Pops elements that a start tag `tag` implicitly ends.
    fn close_implied(&mut self, tag: Tag) {
        if tag.closes_p() {
            self.close_in_scope(Tag::P, &[]);
        }
        match tag {
            Tag::Li => self.close_in_scope(Tag::Li, &[Tag::Ul, Tag::Ol, Tag::Menu]),
            Tag::Dd | Tag::Dt => {
                let top = self.nodes[self.current() as usize].tag;
                if matches!(top, Tag::Dd | Tag::Dt) {
                    self.pop();
                }
            }
            Tag::Tr => {
                self.close_in_scope(Tag::Td, &[Tag::Tr]);
                self.close_in_scope(Tag::Th, &[Tag::Tr]);
                self.close_in_scope(Tag::Tr, &[Tag::Tbody, Tag::Thead, Tag::Tfoot]);
            }
            Tag::Td | Tag::Th => {
                self.close_in_scope(Tag::Td, &[Tag::Tr]);
                self.close_in_scope(Tag::Th, &[Tag::Tr]);
            }
            Tag::Tbody | Tag::Thead | Tag::Tfoot => {
                self.close_in_scope(Tag::Tr, &[]);
                for t in [Tag::Tbody, Tag::Thead, Tag::Tfoot] {
                    self.close_in_scope(t, &[]);
                }
            }
            Tag::Option | Tag::Optgroup => {
                let top = self.nodes[self.current() as usize].tag;
                if top == Tag::Option {
                    self.pop();
                }
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 => {
                let top = self.nodes[self.current() as usize].tag;
                if top.is_heading() {
                    self.pop();
                }
            }
            Tag::A => self.close_in_scope(Tag::A, &[Tag::Div, Tag::P, Tag::Li]),
            _ => {}
        }
    }

    /// Pops up to and including the innermost open `target`, unless a scope
    /// boundary (or one of `extra_boundaries`) comes first.
    fn close_in_scope(&mut self, target: Tag, extra_boundaries: &[Tag]) {
        if self.open[target as usize] == 0 {
            return;
        }
        for depth in (1..self.stack.len()).rev() {
            let t = self.nodes[self.stack[depth] as usize].tag;
            if t == target {
                self.truncate(depth);
                return;
            }
            if t.is_scope_boundary() || extra_boundaries.contains(&t) {
                return;
            }
        }
    }

    fn end_tag(&mut self, lt: usize) -> usize {
        let (tag, hash, name_end) = self.tag_name(lt + 2);
        let b = self.src.as_bytes();
        let after = memchr(b'>', &b[name_end..])
            .map(|p| name_end + p + 1)
            .unwrap_or(b.len());
        if matches!(tag, Tag::Body | Tag::Html | Tag::Br) {
            return after;
        }
        for depth in (1..self.stack.len()).rev() {
            let n = &self.nodes[self.stack[depth] as usize];
            let same_name = || {
                self.attrs
                    .get(n.attrs as usize)
                    .is_some_and(|a| a.name_hash == hash)
            };
            if n.tag == tag && (tag != Tag::Other || same_name()) {
                self.truncate(depth);
                break;
            }
            // An end tag for an inline element does not close a table cell or a block.
            if n.tag.is_scope_boundary() && !tag.is_scope_boundary() && tag != Tag::Other {
                break;
            }
        }
        after
    }
}

/// Foreign-content self-closing tags (`<path/>`) do not open elements; HTML ones do.
fn self_closing_foreign(tag: Tag, self_closing: bool) -> bool {
    self_closing && tag == Tag::Other
}

/// Finds `</name` (case-insensitive) from `from`; returns (content end, position after the end tag).
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let mut i = from;
    while i < b.len() {
        let Some(p) = memchr2(b'<', b'<', &b[i..]) else {
            break;
        };
        let lt = i + p;
        if b.get(lt + 1) == Some(&b'/')
            && b.len() >= lt + 2 + name.len()
            && b[lt + 2..lt + 2 + name.len()].eq_ignore_ascii_case(name)
            && b.get(lt + 2 + name.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            let after = memchr(b'>', &b[lt..])
                .map(|q| lt + q + 1)
                .unwrap_or(b.len());
            return (lt, after);
        }
        i = lt + 1;
    }
    (b.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the tree as `tag(child child)` with text as quoted strings.
    fn render(dom: &Dom, id: NodeId, out: &mut String) {
        let n = dom.node(id);
        match n.tag {
            Tag::Text => {
                let t = dom.raw(id).trim();
                if !t.is_empty() {
                    out.push_str(&format!("{t:?} "));
                }
            }
            tag => {
                out.push_str(&format!("{tag:?}").to_lowercase());
                out.push('(');
                let mut c = n.first_child;
                while c != NONE {
                    render(dom, c, out);
                    c = dom.node(c).next_sibling;
                }
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push_str(") ");
            }
        }
    }

    fn check(html: &str, expected: &str) {
        let dom = Dom::parse(html);
        let mut out = String::new();
        let mut c = dom.node(0).first_child;
        while c != NONE {
            render(&dom, c, &mut out);
            c = dom.node(c).next_sibling;
        }
        assert_eq!(out.trim_end(), expected, "for {html}");
    }

    #[test]
    fn implied_end_tags() {
        check(
            "<p>one<p>two<div>three</div>",
            r#"p("one") p("two") div("three")"#,
        );
        check("<ul><li>a<li>b</ul>", r#"ul(li("a") li("b"))"#);
        check(
            "<table><tr><td>a<td>b<tr><td>c</table>",
            r#"table(tr(td("a") td("b")) tr(td("c")))"#,
        );
        check("<h2>a<h3>b</h3>", r#"h2("a") h3("b")"#);
    }

    #[test]
    fn stray_and_misnested_end_tags() {
        check("<div>a</span>b</div>c", r#"div("a" "b") "c""#);
        check("<div><b>bold</div>after", r#"div(b("bold")) "after""#);
        check("<td>x</p>y</td>", r#"td("x" "y")"#);
    }

    #[test]
    fn raw_text_comments_and_attributes() {
        check(
            "<script>if (a<b) x='</div>'</script><p>t</p>",
            r#"script("if (a<b) x='</div>'") p("t")"#,
        );
        check(
            "<style>p{}</style><!-- <p>no</p> --><p>yes",
            r#"style() p("yes")"#,
        );
        check("<p title='a>b' class=x>t</p>", r#"p("t")"#);
        let dom = Dom::parse(r#"<div id="main" class='a  b' data-x=1 hidden>t</div>"#);
        assert_eq!(dom.class(1), "a  b");
        assert_eq!(dom.id_attr(1), "main");
        assert_eq!(dom.attr(1, "data-x"), Some("1"));
        assert_eq!(dom.attr(1, "hidden"), Some(""));
        assert_eq!(dom.attr(1, "nope"), None);
        let plain = Dom::parse("<div><span>t</span><custom-el>u</custom-el></div>");
        assert_eq!((plain.class(1), plain.id_attr(2)), ("", ""));
        // Only the element of unknown name keeps attributes (its name's hash).
        assert_eq!(plain.attrs.len(), 1);
    }

    #[test]
    fn a_node_stays_small() {
        // A page can hold a node per 11 bytes of source (issue 20's nested
        // divs): every byte of a node is about one byte per byte of input.
        assert!(std::mem::size_of::<Node>() <= 32);
    }

    #[test]
    fn truncated_and_garbage_input_never_panics() {
        for html in [
            "",
            "<",
            "</",
            "<p",
            "<p class=\"unterminated",
            "<script>never closed",
            "<!-- open comment",
            "a < b and c > d",
            "<<<>>></></ >",
            "<div><div><div>",
            "<svg/><p>x",
            "<é>ü</é>",
        ] {
            let dom = Dom::parse(html);
            assert!(!dom.nodes.is_empty());
        }
        check("a < b", r#""a < b""#);
        check("<svg><text>t</text></svg><p>x", r#"svg() p("x")"#);
    }

    #[test]
    fn deep_nesting_is_capped() {
        let html = "<div>".repeat(100_000) + "x";
        let dom = Dom::parse(&html);
        // Every element and the text are kept...
        assert_eq!(dom.nodes.len(), 100_002);
        // ...but no deeper than the cap: past it, elements become siblings.
        // Nodes come in document order, so a parent's depth is known first.
        let mut depth = vec![0_usize; dom.nodes.len()];
        for (id, node) in dom.nodes.iter().enumerate().skip(1) {
            depth[id] = depth[node.parent as usize] + 1;
        }
        let deepest = depth.iter().copied().max().unwrap();
        assert!(deepest <= MAX_DEPTH + 1, "depth {deepest}");
        assert!(deepest >= MAX_DEPTH, "depth {deepest}");
        // The root holds one place on the stack.
        assert_eq!(dom.flattened, 100_000 - (MAX_DEPTH - 1));
        assert_eq!(Dom::parse(&"<div>".repeat(10)).flattened, 0);
    }
}
