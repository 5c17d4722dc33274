// storyline serve: the page. Reads the path, fetches the JSON API and builds
// the DOM. Text from articles is only ever put on the page as text nodes
// (textContent, createTextNode), never parsed as markup: the corpus holds raw
// HTML from the wild.
"use strict";

(function () {
  const main = document.getElementById("main");

  // ---- DOM helpers -------------------------------------------------------

  /** Creates an element; `props` sets className, href, id, title and data-*; children are nodes or text. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined) continue;
      if (key === "class") node.className = value;
      else if (key === "href") node.setAttribute("href", value);
      else if (key.startsWith("data-") || key === "id" || key === "title" || key === "rel" ||
               key === "datetime" || key === "role" || key === "aria-label") node.setAttribute(key, String(value));
      else throw new Error("unexpected attribute " + key);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const SVG_NS = "http://www.w3.org/2000/svg";

  /** An SVG element with numeric or fixed attributes only; text goes in as text nodes. */
  function svgEl(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Milliseconds of the first day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` value. */
  function dayOf(value) {
    const [y, m, d] = value.split("-").map(Number);
    return Date.UTC(y, (m || 1) - 1, d || 1);
  }

  /**
   * The story's timeline drawn on a date axis: one circle per entry, its area
   * by salience. Background dates (long before the story) sit hollow in a
   * gutter left of the axis, so they do not squeeze the story's own span. Each
   * circle's tooltip is its date and text. Returns null when there is nothing to draw.
   */
  function timelineChart(entries) {
    const dated = entries.filter((t) => /^\d{4}(-\d{2}){0,2}$/.test(t.date));
    if (!dated.length) return null;
    const own = dated.filter((t) => !t.background);
    const main = own.length ? own : dated;
    const gutter = own.length ? dated.filter((t) => t.background) : [];
    const width = 720, height = 96, pad = 24, axis = 64;
    const left = pad + (gutter.length ? 24 * gutter.length + 16 : 0);
    const times = main.map((t) => dayOf(t.date));
    const lo = Math.min(...times), hi = Math.max(...times);
    const x = (ms) => hi === lo ? (left + width - pad) / 2 : left + (ms - lo) / (hi - lo) * (width - pad - left);
    const top = Math.max(...dated.map((t) => t.salience || 0), 1);
    const mark = (t, cx) => {
      const r = 3 + 9 * Math.sqrt(Math.max(t.salience || 0, 0) / top);
      return svgEl("circle", {
        cx: cx.toFixed(1), cy: (axis - r).toFixed(1), r: r.toFixed(1),
        class: t.background ? "mark background" : "mark",
      }, svgEl("title", null, t.date + " — " + t.text));
    };
    const first = main[times.indexOf(lo)].date, last = main[times.indexOf(hi)].date;
    return svgEl("svg", {
      class: "timeline-chart", viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Timeline from " + first + " to " + last + ", " + dated.length + " dates sized by salience",
    },
      svgEl("line", { x1: left, y1: axis, x2: width - pad, y2: axis, class: "axis" }),
      ...gutter.map((t, i) => mark(t, pad + 12 + 24 * i)),
      ...main.map((t, i) => mark(t, x(times[i]))),
      svgEl("text", { x: left, y: axis + 20, class: "tick" }, first),
      hi === lo ? null : svgEl("text", { x: width - pad, y: axis + 20, class: "tick end" }, last));
  }

  function show(...nodes) {
    main.replaceChildren(...nodes);
  }

  function fail(message) {
    show(el("p", { class: "error", role: "alert" }, message));
  }

  /** Fetches JSON from the API; throws an Error carrying the API's message. */
  async function api(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      throw new Error("The server sent an unreadable answer (" + response.status + ").");
    }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : "request failed";
      throw new Error(message + " (" + response.status + ")");
    }
    return body;
  }

  const enc = encodeURIComponent;
  const storyHref = (id) => "/stories/" + enc(id);
  const spanHref = (article, start, end) => "/articles/" + enc(article) + "#" + start + "-" + end;

  /** Only http(s) URLs become links. */
  function externalLink(url, label) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      return el("a", { href: url, rel: "noopener noreferrer nofollow" }, label || url);
    }
    return null;
  }

  function dateRange(first, last) {
    if (!first) return "undated";
    return first === last || !last ? first : first + " – " + last;
  }

  function plural(n, word, many) {
    return n + " " + (n === 1 ? word : many || word + "s");
  }

  /** A cited line: the words, linked to their span, then the outlet and date. */
  function citeLine(cite, text) {
    return el("li", null,
      el("a", { class: "cite", href: spanHref(cite.article, cite.start, cite.end),
                "data-article": cite.article, "data-start": cite.start, "data-end": cite.end },
        text === undefined ? cite.text : text),
      " ",
      el("span", { class: "src" }, "— " + cite.outlet + (cite.published ? ", " + cite.published : "")));
  }

  // ---- trust signals ------------------------------------------------------

  /** Quotes attributed below this confidence are set apart as uncertain. */
  const LOW_CONFIDENCE = 0.5;
  const MAX_TIMELINE_CITES = 4;

  function badge(cls, text, title) {
    return el("span", { class: "badge " + cls, title: title || null }, text);
  }

  /** "single source" (with its copies) or "N independent sources", or null. */
  function sourcesBadge(item) {
    const groups = item.reported_by || [];
    const copies = groups.reduce((n, g) => n + g.copies.length, 0);
    if (item.single_sourced) {
      const wire = groups[0] && groups[0].wire ? " (" + groups[0].wire + ")" : "";
      return badge("single", "single source" + wire + (copies ? " · " + plural(copies, "copy", "copies") : ""),
        "Every article behind this is one report: reprints and shared wire credit count once");
    }
    if (copies) {
      return badge("sources", groups.length + " independent sources",
        plural(groups.length + copies, "article") + ", copies counted once");
    }
    return null;
  }

  function quoteBadges(q) {
    const out = [];
    if (q.speaker && q.confidence < LOW_CONFIDENCE) {
      out.push(badge("low", "uncertain speaker", "found by " + q.method + ", confidence " + q.confidence.toFixed(2)));
    }
    if (q.revised) {
      out.push(badge("revised", q.revised === "added" ? "added later" : "changed later",
        "A revision of the article " + (q.revised === "added" ? "added" : "changed") + " these words after first capture"));
    }
    return out;
  }

  function revisionBadge(a) {
    return a.changed_after_capture
      ? badge("revised", "revised · v" + a.revision, "The text changed after it was first captured")
      : null;
  }

  function section(title, ...content) {
    return el("section", { "aria-label": title }, el("h2", null, title), ...content);
  }

  // ---- byte offsets ------------------------------------------------------

  /**
   * The JavaScript string index of UTF-8 byte offset `target` in `text`, or -1
   * when the offset is out of range or falls inside a character. API offsets
   * are UTF-8 bytes; JavaScript strings count UTF-16 units, so “curly quotes”
   * (3 bytes, 1 unit) and emoji (4 bytes, 2 units) shift them apart.
   */
  function byteToIndex(text, target) {
    let bytes = 0;
    let index = 0;
    for (const ch of text) {
      if (bytes === target) return index;
      if (bytes > target) return -1;
      const cp = ch.codePointAt(0);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      index += ch.length;
    }
    return bytes === target ? index : -1;
  }

  /** Puts `text` in `container`, with bytes start..end inside a <mark>; returns the mark or null. */
  function renderHighlighted(container, text, start, end) {
    const from = byteToIndex(text, start);
    const to = byteToIndex(text, end);
    if (from < 0 || to < 0 || to < from) {
      container.replaceChildren(document.createTextNode(text));
      return null;
    }
    const mark = el("mark", { id: "span", "data-start": start, "data-end": end }, text.slice(from, to));
    container.replaceChildren(document.createTextNode(text.slice(0, from)), mark,
      document.createTextNode(text.slice(to)));
    return mark;
  }

  function spanFromHash() {
    const m = /^#(\d+)-(\d+)$/.exec(location.hash);
    return m ? { start: Number(m[1]), end: Number(m[2]) } : null;
  }

  // ---- pages -------------------------------------------------------------

  const STORIES_PER_PAGE = 100;

  async function homePage(query, offset) {
    document.getElementById("q").value = query;
    document.title = query ? query + " — storyline" : "storyline";
    const q = query ? "&q=" + enc(query) : "";
    const [meta, stories, hits] = await Promise.all([
      api("/api/meta"),
      api("/api/stories?limit=" + STORIES_PER_PAGE + "&offset=" + offset + q),
      query && offset === 0 ? api("/api/articles?limit=20" + q) : Promise.resolve(null),
    ]);
    const heading = query ? "Stories matching “" + query + "”" : "Stories";
    const list = el("ul", { class: "plain", id: "stories" });
    for (const story of stories.items) {
      list.append(el("li", { class: "card story" },
        el("h3", null, el("a", { href: storyHref(story.id) }, story.title)),
        el("p", { class: "meta" },
          dateRange(story.first_date, story.last_date) + " · " + plural(story.n_events, "event") + " · " +
          plural(story.n_articles, "article") + " · " + story.outlets.join(", ")),
        story.lede ? el("p", { class: "lede" }, story.lede) : null));
    }
    const parts = [
      el("p", { class: "meta" }, plural(meta.n_articles, "article") + " · " + plural(meta.n_events, "event") +
        " · " + plural(meta.n_stories, "story", "stories")),
      el("h1", null, heading),
      stories.items.length ? list : el("p", { class: "muted", id: "no-stories" }, "No story matches."),
    ];
    if (stories.total > stories.items.length) {
      const pageHref = (at) => "/?" + (query ? "q=" + enc(query) + "&" : "") + "offset=" + at;
      const first = stories.items.length ? offset + 1 : 0;
      parts.push(el("p", { class: "pager muted" },
        "Stories " + first + "–" + (offset + stories.items.length) + " of " + stories.total + ". ",
        offset > 0 ? el("a", { href: pageHref(Math.max(0, offset - STORIES_PER_PAGE)), rel: "prev" }, "← Previous") : null,
        offset > 0 && stories.next_offset !== null ? " · " : null,
        stories.next_offset !== null ? el("a", { href: pageHref(stories.next_offset), rel: "next" }, "Next →") : null));
    }
    if (hits) {
      const found = el("ul", { class: "plain", id: "articles" });
      for (const hit of hits.items) {
        found.append(el("li", { class: "card hit" },
          el("h3", null, el("a", { href: "/articles/" + enc(hit.id) }, hit.title || hit.source)),
          el("p", { class: "meta" }, (hit.outlet || "unknown outlet") + (hit.published ? " · " + hit.published : "")),
          el("p", { class: "snippet" }, hit.snippet)));
      }
      parts.push(section("Articles matching “" + query + "”",
        hits.items.length ? found : el("p", { class: "muted" }, "No article matches.")));
    }
    show(...parts);
  }

  async function storyPage(id) {
    const page = await api("/api/stories/" + enc(id));
    const story = page.story;
    document.title = story.title + " — storyline";
    const parts = [
      el("h1", null, story.title),
      el("p", { class: "meta" }, dateRange(story.first_date, story.last_date) + " · " +
        plural(story.n_articles, "article") + " · " + story.outlets.join(", ")),
    ];
    if (page.summary.length) {
      parts.push(section("Summary", el("ul", { class: "plain lines" }, ...page.summary.map((c) => citeLine(c)))));
    }
    if (page.timeline.length) {
      const chart = timelineChart(page.timeline);
      const items = page.timeline.map((t) => {
        // A date many articles name would list them all: the first few link
        // to their spans, the rest are counted.
        const shown = t.citations.slice(0, MAX_TIMELINE_CITES);
        const cites = shown.map((c, i) => [i ? ", " : "", el("a", {
          href: spanHref(c.article, c.start, c.end), "data-start": c.start, "data-end": c.end }, c.outlet)]).flat();
        if (t.citations.length > shown.length) {
          cites.push(" and " + plural(t.citations.length - shown.length, "more article"));
        }
        const first = t.citations[0];
        return el("li", { class: t.background ? "background" : null },
          el("time", { datetime: t.date }, t.date),
          el("div", null,
            first ? el("a", { class: "cite", href: spanHref(first.article, first.start, first.end) }, t.text) : t.text,
            " ", el("span", { class: "src" }, "— ", ...cites), " ", sourcesBadge(t)));
      });
      parts.push(section("Timeline", chart, el("ol", { class: "plain timeline", id: "timeline" }, ...items)));
    }
    if (page.events.length) {
      parts.push(section("Events", ...page.events.map((e) => el("div", { class: "card event" },
        el("h3", null, (e.date ? e.date + " · " : "") + e.title),
        el("p", { class: "meta" }, plural(e.articles.length, "article") + ": " +
          [...new Set(e.articles.map((a) => a.outlet))].join(", "), " ", sourcesBadge(e)),
        el("ul", { class: "plain lines" }, ...e.summary.map((c) => citeLine(c)))))));
    }
    if (page.speakers.length) {
      // One statement once: the same words in other articles (reprints, other
      // outlets quoting it) are listed as its copies.
      const statements = (quotes) => {
        const byWords = new Map();
        const list = [];
        for (const q of quotes) {
          const key = q.text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ");
          const first = byWords.get(key);
          if (first && first.q.article !== q.article) {
            first.copies.push(q);
          } else {
            const item = { q, copies: [] };
            byWords.set(key, item);
            list.push(item);
          }
        }
        return list;
      };
      const copiesOf = (copies) => copies.length ? el("span", { class: "src copies" }, " — also ",
        ...copies.map((c, i) => [i ? ", " : "", el("a", { class: "cite copy", href: spanHref(c.article, c.start, c.end) },
          c.outlet)]).flat()) : null;
      const blocks = page.speakers.map((s) => el("div", { class: "speaker" },
        el("h3", null, s.name || "Unattributed"),
        el("ul", { class: "plain" }, ...statements(s.quotes).map(({ q, copies }) => el("li", {
          class: "quote" + (q.speaker && q.confidence < LOW_CONFIDENCE ? " low-confidence" : "") },
          el("a", { class: "cite quote-link", href: spanHref(q.article, q.start, q.end),
                    "data-article": q.article, "data-start": q.start, "data-end": q.end, "data-text": q.text },
            q.kind === "direct" ? "“" + q.text + "”" : q.text),
          q.kind === "indirect" ? el("span", { class: "kind", title: "reported speech" }, "reported") : null,
          " ",
          el("span", { class: "src" }, "— " + q.outlet + (q.published ? ", " + q.published : "")),
          copiesOf(copies),
          ...quoteBadges(q))))));
      parts.push(section("Who said what", el("div", { id: "quotes" }, ...blocks)));
    }
    // A conflict's claims stand side by side, one column per side (value or
    // speaker) when the comparison says which claim is on which side.
    const claimBox = (claim) => el("div", { class: "claim" },
      el("div", { class: "who" }, claim.outlet + (claim.published ? ", " + claim.published : "")),
      el("a", { class: "cite", href: spanHref(claim.article, claim.start, claim.end),
                "data-start": claim.start, "data-end": claim.end }, claim.text));
    const sideColumns = (c) => c.why.sides.map((side) => el("div", { class: "side" },
      el("div", { class: "side-claim" }, side.claim),
      ...c.claims.filter((claim) => side.articles.includes(claim.article)).map(claimBox)));
    const comparisons = (list, cls) => list.map((c) => el("div", { class: "card " + cls },
      el("h3", null, c.what, " ", sourcesBadge(c),
        cls === "conflict" && c.why ? el("span", { class: "badge" }, "confidence " + c.confidence.toFixed(2)) : null),
      cls === "conflict" && c.why ? el("p", { class: "why" }, c.why.reason) : null,
      cls === "conflict" && c.why && c.why.sides.length > 1
        ? el("div", { class: "claims sides" }, ...sideColumns(c))
        : el("div", { class: "claims" }, ...c.claims.map(claimBox))));
    if (page.corroborations.length) {
      parts.push(section("Corroborated by several outlets", el("div", { id: "corroborations" },
        ...comparisons(page.corroborations, "agree"))));
    }
    if (page.conflicts.length) {
      parts.push(section("Where outlets disagree", el("div", { id: "conflicts" },
        ...comparisons(page.conflicts, "conflict"))));
    }
    parts.push(section("Sources", el("ol", { class: "lines" }, ...page.articles.map((a) => el("li", null,
      el("a", { href: "/articles/" + enc(a.id) }, a.title || a.source),
      " ", el("span", { class: "src" }, "— " + a.outlet + (a.published ? ", " + a.published : "")),
      " ", revisionBadge(a))))));
    show(...parts);
  }

  async function articlePage(id) {
    const page = await api("/api/articles/" + enc(id));
    const a = page.article;
    document.title = (a.title || a.source) + " — storyline";
    const textBox = el("div", { class: "article-text", id: "article-text" });
    const highlight = () => {
      const span = spanFromHash();
      const mark = span ? renderHighlighted(textBox, a.text, span.start, span.end) : null;
      if (!mark) textBox.replaceChildren(document.createTextNode(a.text));
      return mark;
    };
    const parts = [
      el("h1", null, a.title || a.source),
      el("p", { class: "meta" }, page.outlet_name + (a.published ? " · " + a.published : "") +
        (a.byline ? " · " + a.byline : ""), " ", externalLink(a.url, "original"), " ", revisionBadge(a)),
    ];
    if (page.stories.length) {
      parts.push(el("p", { class: "meta" }, "In ", ...page.stories.map((s, i) =>
        [i ? "; " : "", el("a", { href: storyHref(s.id) }, s.title)]).flat()));
    }
    parts.push(textBox);
    if (page.quotes.length) {
      parts.push(section("Quotes in this article", el("ul", { class: "plain lines" },
        ...page.quotes.map((q) => el("li", null,
          el("a", { class: "cite", href: "#" + q.start + "-" + q.end }, q.text),
          " ", el("span", { class: "src" }, "— " + (q.speaker || "unattributed") + (q.cue ? ", " + q.cue : "")),
          ...quoteBadges(q))))));
    }
    if (page.copies.length) {
      parts.push(section("Copies of this article", el("ul", { class: "lines" }, ...page.copies.map((c) =>
        el("li", null, el("a", { href: "/articles/" + enc(c.id) }, c.title || c.source), " — " + c.outlet)))));
    }
    if (a.removed.length) {
      parts.push(el("details", null, el("summary", null, "Removed as boilerplate (" + a.removed.length + ")"),
        el("ul", { class: "lines" }, ...a.removed.map((r) => el("li", null, el("span", { class: "src" }, r.reason + ": "), r.text)))));
    }
    show(...parts);
    const mark = highlight();
    if (mark) mark.scrollIntoView({ block: "center" });
    window.addEventListener("hashchange", () => {
      const again = highlight();
      if (again) again.scrollIntoView({ block: "center" });
    });
  }

  // ---- routing -----------------------------------------------------------

  async function route() {
    const path = location.pathname;
    let m;
    try {
      if (path === "/" || path === "") {
        const params = new URLSearchParams(location.search);
        const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
        await homePage(params.get("q") || "", offset);
      } else if ((m = /^\/stories\/([^/]+)$/.exec(path))) {
        await storyPage(decodeURIComponent(m[1]));
      } else if ((m = /^\/articles\/([^/]+)$/.exec(path))) {
        await articlePage(decodeURIComponent(m[1]));
      } else {
        fail("No such page.");
      }
      document.body.setAttribute("data-ready", "1");
    } catch (error) {
      fail(error.message);
      document.body.setAttribute("data-ready", "error");
    }
  }

  // Exposed for the browser test, which checks the byte-offset conversion directly.
  window.storyline = { byteToIndex };
  route();
})();
