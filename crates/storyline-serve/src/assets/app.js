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
               key === "datetime" || key === "role" || key === "aria-label" || key === "type") node.setAttribute(key, String(value));
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

  /** The smallest and largest of many numbers (spreading a long list into Math.min overflows the stack). */
  function least(values) {
    return values.reduce((a, b) => (b < a ? b : a), Infinity);
  }
  function most(values) {
    return values.reduce((a, b) => (b > a ? b : a), -Infinity);
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
    const dated = entries.map((t, i) => Object.assign({ index: i }, t))
      .filter((t) => /^\d{4}(-\d{2}){0,2}$/.test(t.date));
    if (!dated.length) return null;
    const own = dated.filter((t) => !t.background);
    const main = own.length ? own : dated;
    const gutter = own.length ? dated.filter((t) => t.background) : [];
    const width = chartWidth(), height = 96, pad = 24, axis = 64;
    // Background dates get at most 30% of the width between them.
    const slot = gutter.length ? Math.min(24, (width * 0.3) / gutter.length) : 0;
    const left = pad + (gutter.length ? slot * gutter.length + 16 : 0);
    const times = main.map((t) => dayOf(t.date));
    const lo = least(times), hi = most(times);
    const x = (ms) => hi === lo ? (left + width - pad) / 2 : left + (ms - lo) / (hi - lo) * (width - pad - left);
    const top = Math.max(most(dated.map((t) => t.salience || 0)), 1);
    const mark = (t, cx) => {
      const r = 3 + 9 * Math.sqrt(Math.max(t.salience || 0, 0) / top);
      return svgEl("a", { href: "#" + timelineId(t.index), class: "mark-link" },
        svgEl("circle", {
          cx: cx.toFixed(1), cy: (axis - r).toFixed(1), r: r.toFixed(1),
          class: t.background ? "mark background" : "mark",
        }, svgEl("title", null, t.date + " — " + t.text)));
    };
    const first = main[times.indexOf(lo)].date, last = main[times.indexOf(hi)].date;
    return svgEl("svg", {
      class: "timeline-chart", viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Timeline from " + first + " to " + last + ", " + dated.length + " dates sized by salience",
    },
      svgEl("line", { x1: left, y1: axis, x2: width - pad, y2: axis, class: "axis" }),
      ...gutter.map((t, i) => mark(t, pad + slot / 2 + slot * i)),
      ...main.map((t, i) => mark(t, x(times[i]))),
      svgEl("text", { x: left, y: axis + 20, class: "tick" }, dateWords(first)),
      hi === lo ? null : svgEl("text", { x: width - pad, y: axis + 20, class: "tick end" }, dateWords(last)));
  }

  /**
   * Drawing width of a chart: the width of the page's column (300 to 720
   * units), so that on a phone its labels are drawn at their own size, not
   * shrunk with a desktop-wide drawing.
   */
  function chartWidth() {
    const style = getComputedStyle(main);
    const inner = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.round(Math.min(720, Math.max(300, inner || 720)));
  }

  /** The element id of the timeline entry at position `i`, which its chart mark links to. */
  function timelineId(i) {
    return "when-" + i;
  }

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /** `YYYY-MM-DD…`, `YYYY-MM` or `YYYY` in words ("10 March 2025"); anything else as given. */
  function dateWords(value) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value || "");
    if (!m) return value || "";
    const month = m[2] ? MONTHS[Number(m[2]) - 1] : null;
    if (!month) return m[1];
    return (m[3] ? Number(m[3]) + " " : "") + month + " " + m[1];
  }

  /** The calendar day (`YYYY-MM-DD`) a publication date falls on, or null. */
  function dayKey(published) {
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(published || "");
    return m ? m[1] : null;
  }

  const DAY_MS = 86400000;

  /**
   * The story's articles joined into independent sources: articles the
   * analysis counted as one source in any event (reprints, shared wire
   * credit) are one. Returns the number of sources and the ids counted as
   * copies of another article.
   */
  function independentSources(page) {
    const parent = new Map(page.articles.map((a) => [a.id, a.id]));
    const find = (id) => {
      let root = id;
      while (parent.get(root) !== root) root = parent.get(root);
      parent.set(id, root);
      return root;
    };
    const copies = new Set();
    for (const event of page.events) {
      for (const group of event.reported_by || []) {
        if (!parent.has(group.first)) continue;
        for (const copy of group.copies) {
          if (!parent.has(copy)) continue;
          copies.add(copy);
          parent.set(find(copy), find(group.first));
        }
      }
    }
    let roots = 0;
    for (const id of parent.keys()) if (find(id) === id) roots += 1;
    return { count: roots, copies };
  }

  /** Outlet names with how many of `articles` each published, most first (then by name). */
  function outletCounts(articles) {
    const counts = new Map();
    for (const a of articles) counts.set(a.outlet, (counts.get(a.outlet) || 0) + 1);
    return [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  }

  /** Outlets drawn in a colour of their own; the rest share one. */
  const OUTLET_COLOURS = 7;

  /**
   * The story's coverage, from the server's series over all its articles
   * (`page.coverage`): articles per day (per week or per 30 days over long
   * spans), stacked by outlet, copies (reprints, shared wire reports) drawn
   * paler. Each bar's tooltip names its day, outlet and count. Returns null
   * when no article is dated.
   */
  function coverageChart(coverage) {
    if (!coverage || !coverage.bars.length) return null;
    const named = coverage.outlets.map((o) => o.outlet);
    const otherName = plural(coverage.n_other_outlets, "other outlet");
    const slotName = (i) => (i < named.length ? named[i] : otherName);
    const binDays = coverage.bin_days;
    const lo = dayOf(coverage.first_day), hi = dayOf(coverage.last_day);
    const nBins = Math.floor(Math.round((hi - lo) / DAY_MS) / binDays) + 1;
    const totals = coverage.bars.map((bar) => bar.counts.reduce((n, [o, c]) => n + o + c, 0));
    const top = most(totals);
    // Room left of the axis for the largest count's digits.
    const left = Math.max(30, 12 + 7 * String(top).length);
    const width = chartWidth(), height = 150, right = 8, topPad = 8, base = height - 24;
    const step = (width - left - right) / nBins;
    const bar = Math.max(1, Math.min(step * 0.8, 48));
    const unit = (base - topPad) / top;
    const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
    const period = binDays === 1 ? "day" : binDays === 7 ? "week" : binDays + " days";
    // One path per outlet slot and kind (first-hand, copies) holds that
    // series' segment of every bar, and one transparent rectangle per bar
    // carries its tooltip: a few dozen nodes however many bars and outlets
    // (a rectangle per segment made a thousand on a story of 100,000 articles).
    const series = new Map();
    const hits = [];
    const segment = (slot, copy, x, y, h) => {
      const key = Math.min(slot, OUTLET_COLOURS) + (copy ? " copy" : "");
      series.set(key, (series.get(key) || "") +
        "M" + x.toFixed(1) + " " + y.toFixed(1) + "h" + bar.toFixed(1) + "v" + h.toFixed(1) + "h" + (-bar).toFixed(1) + "z");
    };
    coverage.bars.forEach((b, i) => {
      const at = Math.round((dayOf(b.start) - lo) / DAY_MS / binDays);
      let y = base;
      const x = left + at * step + (step - bar) / 2;
      const when = binDays === 1 ? dateWords(b.start) : period + " from " + dateWords(b.start);
      const lines = [];
      b.counts.forEach(([original, copies], slot) => {
        for (const [count, copy] of [[original, false], [copies, true]]) {
          if (!count) continue;
          const h = count * unit;
          y -= h;
          segment(slot, copy, x, y, h);
          lines.push(slotName(slot) + ": " + plural(count, copy ? "copy" : "article", copy ? "copies" : null));
        }
      });
      hits.push(svgEl("rect", {
        x: x.toFixed(1), y: y.toFixed(1), width: bar.toFixed(1), height: (base - y).toFixed(1), class: "bar-hit",
        "data-articles": totals[i],
      }, svgEl("title", null, when + " — " + lines.join("; "))));
    });
    const rects = [...series.entries()].map(([key, d]) => svgEl("path", { d, class: "bar s" + key }))
      .concat(hits);
    const last = iso(lo + (nBins - 1) * binDays * DAY_MS);
    const svg = svgEl("svg", {
      class: "coverage-chart", id: "coverage-chart", viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Articles per " + period + " from " + dateWords(coverage.first_day) + " to " +
        dateWords(coverage.last_day) + ", stacked by outlet, at most " + top,
    },
      svgEl("line", { x1: left, y1: base, x2: width - right, y2: base, class: "axis" }),
      svgEl("text", { x: left - 6, y: base, class: "tick num" }, "0"),
      svgEl("text", { x: left - 6, y: topPad + 10, class: "tick num" }, String(top)),
      ...rects,
      svgEl("text", { x: left, y: base + 18, class: "tick" }, dateWords(iso(lo))),
      nBins > 1 ? svgEl("text", { x: width - right, y: base + 18, class: "tick end" }, dateWords(last)) : null);
    const legend = el("ul", { class: "legend", id: "coverage-legend" },
      ...coverage.outlets.map((o, i) =>
        el("li", null, el("span", { class: "swatch s" + i }), o.outlet + " (" + o.n_articles + ")")),
      coverage.n_other_outlets
        ? el("li", null, el("span", { class: "swatch s" + OUTLET_COLOURS }),
          otherName + " (" + coverage.n_other_articles + ")")
        : null,
      coverage.n_copies ? el("li", null, el("span", { class: "swatch copy" }),
        "paler: copies and wire reprints (" + coverage.n_copies + ")") : null);
    return el("figure", { class: "coverage" }, svg,
      el("figcaption", { class: "meta" }, "Articles per " + period + ", stacked by outlet, all " +
        plural(totals.reduce((n, t) => n + t, 0), "dated article") +
        (coverage.n_undated ? "; " + plural(coverage.n_undated, "undated article") + " not drawn" : "") + "."),
      legend);
  }

  /** What the story is, in words: its date span, how many articles, sources and outlets, and which outlets. */
  function storyHeader(page, sources, ranked) {
    const story = page.story;
    let when = "Undated";
    if (story.first_date) {
      when = story.last_date && story.last_date !== story.first_date
        ? "From " + dateWords(story.first_date) + " to " + dateWords(story.last_date)
        : "On " + dateWords(story.first_date);
    }
    // The story's own counts cover every article; the page may list only
    // some of them. Its independent sources are the server's count over all
    // of them (as the home list and the reports give it: each source group
    // once by wire service, else by the outlet of its first article); a view
    // published before that count is counted among the articles listed.
    const n = Math.max(story.n_articles, page.articles.length);
    const listed = new Set(ranked.map(([name]) => name));
    const outlets = ranked.concat((story.outlets || []).filter((o) => !listed.has(o)).map((o) => [o, 0]));
    // The page names at most some of a story's outlets; `n_outlets` counts them all.
    const nOutlets = Math.max(story.n_outlets || 0, outlets.length);
    const counted = story.n_sources !== undefined;
    const among = !counted && page.articles.length < n ? " among the " + page.articles.length + " listed" : "";
    const what = when + ": " + plural(n, "article") + " from " + plural(nOutlets, "outlet") + ", " +
      plural(counted ? story.n_sources : sources.count, "independent source") + among +
      " once reprints and shared wire reports count once" +
      (story.n_events > 1 ? ", in " + plural(story.n_events, "event") : "") + ".";
    const named = 12;
    const names = outlets.slice(0, named).map(([name, count], i) => [i ? ", " : "",
      outletLink(name), count > 1 ? " (" + count + ")" : ""]).flat();
    if (nOutlets > named) names.push(" and " + plural(nOutlets - Math.min(named, outlets.length), "more outlet"));
    return el("header", { class: "story-head", id: "story-head" },
      el("h1", null, story.title),
      el("p", { class: "what" }, what),
      outlets.length ? el("p", { class: "meta outlets" }, "Covered by ", ...names) : null);
  }

  /**
   * A search snippet as nodes: the store marks matched words with `[` `]`;
   * each balanced pair becomes a <mark> holding its words as text. A bracket
   * with no partner stays as written.
   */
  function snippetNodes(snippet) {
    const nodes = [];
    const re = /\[([^[\]]{1,200})\]/g;
    let at = 0;
    let m;
    while ((m = re.exec(snippet)) !== null) {
      if (m.index > at) nodes.push(document.createTextNode(snippet.slice(at, m.index)));
      nodes.push(el("mark", null, m[1]));
      at = m.index + m[0].length;
    }
    if (at < snippet.length) nodes.push(document.createTextNode(snippet.slice(at)));
    return nodes;
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
  const entityHref = (name) => "/entities/" + enc(name);
  const outletHref = (name) => "/outlets/" + enc(name);

  /** An outlet's name linking to its page. */
  function outletLink(name) {
    return el("a", { class: "outlet", href: outletHref(name) }, name);
  }
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
    return first === last || !last ? dateWords(first) : dateWords(first) + " – " + dateWords(last);
  }

  /** The first few outlet names and how many more there are. */
  function someOutlets(outlets) {
    const shown = 5;
    return outlets.length <= shown + 1 ? outlets.join(", ")
      : outlets.slice(0, shown).join(", ") + " and " + (outlets.length - shown) + " more";
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
      el("span", { class: "src" }, "— ", outletLink(cite.outlet), cite.published ? ", " + cite.published : ""));
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

  /**
   * Article text as shown: blank lines (with any spaces on them) fold into
   * one, and the text's own leading (`first`) and trailing (`last`) white
   * space is dropped, so extracted pages with runs of empty lines do not
   * show as blank bands. Only the display changes: offsets are taken on the
   * original text before this runs.
   */
  function tidy(text, first, last) {
    let out = text.replace(/[^\S\n]*\n(?:[^\S\n]*\n)+[^\S\n]*/g, "\n\n");
    if (first) out = out.replace(/^\s+/, "");
    if (last) out = out.replace(/\s+$/, "");
    return out;
  }

  /** Puts `text` in `container`, with bytes start..end inside a <mark>; returns the mark or null. */
  function renderHighlighted(container, text, start, end) {
    const from = byteToIndex(text, start);
    const to = byteToIndex(text, end);
    if (from < 0 || to < 0 || to < from) {
      container.replaceChildren(document.createTextNode(tidy(text, true, true)));
      return null;
    }
    const mark = el("mark", { id: "span", "data-start": start, "data-end": end }, text.slice(from, to));
    container.replaceChildren(document.createTextNode(tidy(text.slice(0, from), true, false)), mark,
      document.createTextNode(tidy(text.slice(to), false, true)));
    return mark;
  }

  function spanFromHash() {
    const m = /^#(\d+)-(\d+)$/.exec(location.hash);
    return m ? { start: Number(m[1]), end: Number(m[2]) } : null;
  }

  // ---- pages -------------------------------------------------------------

  const STORIES_PER_PAGE = 100;

  /** The home list's filters and sort, as the page's query string holds them. */
  const FILTER_KEYS = ["q", "from", "to", "outlet", "entity", "min_sources", "sort", "order"];

  /** The home list's state read from the address (unknown values left out). */
  function homeState(search) {
    const params = new URLSearchParams(search);
    const state = {};
    for (const key of FILTER_KEYS) {
      const value = (params.get(key) || "").trim();
      if (value) state[key] = value;
    }
    if (state.order !== "oldest") delete state.order;
    if (!["size", "recent", "sources"].includes(state.sort)) delete state.sort;
    if (state.sort) delete state.order;
    if (!/^\d+$/.test(state.min_sources || "")) delete state.min_sources;
    for (const key of ["from", "to"]) if (!/^\d{4}-\d{2}-\d{2}$/.test(state[key] || "")) delete state[key];
    state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    return state;
  }

  /** The query string of `state` at `offset` (defaults left out), for the page or the API. */
  function stateQuery(state, offset) {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) if (state[key]) params.set(key, state[key]);
    if (offset) params.set("offset", String(offset));
    return params.toString();
  }

  /** The home page's address for a filter state and an offset. */
  function homeHref(state, offset) {
    const text = stateQuery(state, offset);
    return "/" + (text ? "?" + text : "");
  }

  const SORTS = [["", "Newest first"], ["oldest", "Oldest first"], ["size", "Most articles"],
    ["recent", "Latest coverage"], ["sources", "Most independent sources"]];

  /** A labelled input of the filter form. */
  function field(label, input) {
    return el("label", { class: "field" }, el("span", null, label), input);
  }

  /**
   * Filter and sort controls of the stories list: words, date range, outlet
   * (with the known outlets offered), entity, minimum independent sources
   * and the order. Applying them changes the address, so a filtered view can be shared.
   */
  function storyControls(state, outlets) {
    const input = (id, type, label, value) => {
      const node = el("input", { id, "aria-label": label });
      node.type = type;
      node.value = value || "";
      return node;
    };
    const box = input("filter", "search", "Filter stories by words", state.q);
    box.placeholder = "Filter stories";
    const from = input("from", "date", "Stories reported on or after", state.from);
    const to = input("to", "date", "Stories reported on or before", state.to);
    const outlet = input("outlet", "text", "Stories covered by outlet", state.outlet);
    outlet.setAttribute("list", "outlet-names");
    const names = el("datalist", { id: "outlet-names" });
    for (const o of outlets) names.append(new Option(o.name + " (" + o.n_articles + ")", o.name));
    const entity = input("entity", "text", "Stories mentioning", state.entity);
    entity.placeholder = "person or organisation";
    const sources = input("min-sources", "number", "At least this many independent sources", state.min_sources);
    sources.min = "1";
    sources.className = "narrow";
    const select = el("select", { id: "sort", "aria-label": "Order of stories" },
      ...SORTS.map(([value, label]) => new Option(label, value)));
    select.value = state.sort || state.order || "";
    const form = el("form", { class: "controls", id: "story-controls", role: "search" },
      box, field("From", from), field("To", to), field("Outlet", outlet), names, field("Entity", entity),
      field("Min. sources", sources), field("Sort", select), el("button", null, "Apply"),
      el("a", { href: "/", id: "clear-filters" }, "Clear"));
    const go = () => {
      const next = { q: box.value.trim(), from: from.value, to: to.value, outlet: outlet.value.trim(),
        entity: entity.value.trim(), min_sources: sources.value.trim() };
      if (select.value === "oldest") next.order = "oldest";
      else if (select.value) next.sort = select.value;
      location.assign(homeHref(homeState(stateQuery(next, 0)), 0));
    };
    form.addEventListener("submit", (event) => { event.preventDefault(); go(); });
    select.addEventListener("change", go);
    return form;
  }

  /** The filters in force, in words, or null when none. */
  function filterWords(state) {
    const parts = [];
    if (state.from || state.to) {
      parts.push(state.from && state.to ? "reported between " + dateWords(state.from) + " and " + dateWords(state.to)
        : state.from ? "reported on or after " + dateWords(state.from) : "reported on or before " + dateWords(state.to));
    }
    if (state.outlet) parts.push("covered by " + state.outlet);
    if (state.entity) parts.push("mentioning " + state.entity);
    if (state.min_sources) parts.push("with at least " + plural(Number(state.min_sources), "independent source"));
    return parts.length ? "Stories " + parts.join(", ") + "." : null;
  }

  async function homePage(state) {
    const query = state.q || "";
    const offset = state.offset;
    document.getElementById("q").value = query;
    document.title = query ? query + " — storyline" : "storyline";
    const q = query ? "&q=" + enc(query) : "";
    const apiQuery = stateQuery(state, offset);
    const articleFilters = ["outlet", "from", "to"].filter((k) => state[k]).map((k) => "&" + k + "=" + enc(state[k])).join("");
    const [meta, stories, hits, outlets] = await Promise.all([
      api("/api/meta"),
      api("/api/stories?limit=" + STORIES_PER_PAGE + (apiQuery ? "&" + apiQuery : "")),
      query && offset === 0 ? api("/api/articles?limit=20" + q + articleFilters) : Promise.resolve(null),
      api("/api/outlets?limit=500"),
    ]);
    const heading = query ? "Stories matching “" + query + "”" : "Stories";
    const list = el("ul", { class: "plain", id: "stories" });
    for (const story of stories.items) {
      list.append(el("li", { class: "card story" },
        el("h3", null, el("a", { href: storyHref(story.id) }, story.title)),
        el("p", { class: "meta" },
          dateRange(story.first_date, story.last_date) + " · " + plural(story.n_events, "event") + " · " +
          plural(story.n_articles, "article") + " · " +
          (story.n_sources !== undefined ? plural(story.n_sources, "independent source") + " · " : "") +
          someOutlets(story.outlets)),
        story.lede ? el("p", { class: "lede" }, story.lede) : null));
    }
    const filtered = filterWords(state);
    const parts = [
      el("p", { class: "meta" }, plural(meta.n_articles, "article") + " · " + plural(meta.n_events, "event") +
        " · " + plural(meta.n_stories, "story", "stories") + " · ",
        el("a", { href: "/outlets", id: "all-outlets" }, plural(outlets.total, "outlet"))),
      el("h1", null, heading),
      storyControls(state, outlets.items),
      filtered ? el("p", { class: "meta", id: "filters-in-force" }, filtered + " " + plural(stories.total, "story", "stories") + ".") : null,
      stories.items.length ? list : el("p", { class: "muted", id: "no-stories" }, "No story matches."),
    ];
    if (stories.total > stories.items.length) {
      const pageHref = (at) => homeHref(state, at);
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
          el("h3", null, el("a", { href: "/articles/" + enc(hit.id) }, hit.title || "Untitled article")),
          el("p", { class: "meta" }, hit.outlet ? outletLink(hit.outlet) : "unknown outlet",
            hit.published ? " · " + dateWords(hit.published) : ""),
          el("p", { class: "snippet" }, ...snippetNodes(hit.snippet))));
      }
      parts.push(section("Articles matching “" + query + "”",
        hits.items.length ? found : el("p", { class: "muted" }, "No article matches.")));
    }
    show(...parts);
  }

  /**
   * One statement once: the same words in other articles (reprints, other
   * outlets quoting it) are listed as copies of the first.
   */
  function statements(quotes) {
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
  }

  /** " — also OUTLET, OUTLET" linking to each copy's span, or null. */
  function copiesOf(copies) {
    return copies.length ? el("span", { class: "src copies" }, " — also ",
      ...copies.map((c, i) => [i ? ", " : "", el("a", { class: "cite copy", href: spanHref(c.article, c.start, c.end) },
        c.outlet)]).flat()) : null;
  }

  /** A story as an entity's or an outlet's page lists it; `here` says what `n_here` counts. */
  function storyBrief(story, here) {
    return el("li", { class: "card story" },
      el("h3", null, el("a", { href: storyHref(story.id) }, story.title)),
      el("p", { class: "meta" }, dateRange(story.first_date, story.last_date) + " · " +
        plural(story.n_articles, "article") + " · " + plural(story.n_sources, "independent source") +
        " · " + here(story.n_here)));
  }

  const KIND_WORDS = { person: "Person", organisation: "Organisation", place: "Place", other: "Name" };

  async function entityPage(name) {
    const page = await api("/api/entities/" + enc(name) + "?limit=50");
    const entity = page.entity;
    document.title = entity.name + " — storyline";
    const parts = [
      el("header", { class: "entity-head", id: "entity-head" },
        el("h1", null, entity.name),
        el("p", { class: "what" }, (KIND_WORDS[entity.kind] || "Name") + " named " +
          plural(entity.n_mentions, "time") + " in " + plural(entity.n_articles, "article") + ", in " +
          plural(page.stories.length, "story", "stories") + ", quoted " + plural(page.quotes.total, "time") + "."),
        entity.aliases.length ? el("p", { class: "meta", id: "aliases" }, "Also written ", entity.aliases.join(", ")) : null,
        el("p", { class: "meta" }, el("a", { href: homeHref({ entity: entity.name }, 0), id: "entity-stories-link" },
          "Filter the stories list by " + entity.name))),
    ];
    if (page.stories.length) {
      parts.push(section("Stories", el("ul", { class: "plain", id: "entity-stories" },
        ...page.stories.map((s) => storyBrief(s, (n) => plural(n, "mention"))))));
    }
    if (page.quotes.items.length) {
      parts.push(section("Quotes", el("ul", { class: "plain lines", id: "entity-quotes" },
        ...statements(page.quotes.items).map(({ q, copies }) => el("li", null,
          el("a", { class: "cite", href: spanHref(q.article, q.start, q.end) },
            q.kind === "direct" ? "“" + q.text + "”" : q.text),
          " ", el("span", { class: "src" }, "— ", outletLink(q.outlet), q.published ? ", " + q.published : ""),
          copiesOf(copies), ...quoteBadges(q)))),
        page.quotes.total > page.quotes.items.length
          ? el("p", { class: "muted" }, "And " + plural(page.quotes.total - page.quotes.items.length, "more quote") + ".")
          : null));
    }
    if (page.mentions.items.length) {
      parts.push(section("Mentions", el("ul", { class: "plain lines", id: "entity-mentions" },
        ...page.mentions.items.map((c) => citeLine(c))),
        page.mentions.total > page.mentions.items.length
          ? el("p", { class: "muted" }, "The first " + page.mentions.items.length + " of " + page.mentions.total + ".")
          : null));
    }
    show(...parts);
  }

  /** Every outlet, most articles first, with its counts and date span. */
  async function outletsPage() {
    const outlets = await api("/api/outlets?limit=500");
    document.title = "Outlets — storyline";
    const list = el("ul", { class: "plain lines", id: "outlets" }, ...outlets.items.map((o) => el("li", null,
      outletLink(o.name), el("span", { class: "src" }, " — " + plural(o.n_articles, "article") + " in " +
        plural(o.n_stories, "story", "stories") +
        (o.first_published ? ", " + dateRange(o.first_published, o.last_published) : "")))));
    show(el("h1", null, "Outlets"),
      el("p", { class: "meta" }, plural(outlets.total, "outlet") + ", most articles first."),
      list,
      outlets.total > outlets.items.length
        ? el("p", { class: "muted" }, "The first " + outlets.items.length + "; all at /api/outlets.") : null);
  }

  /** Outlets with counts as list items linking to their pages. */
  function outletCountList(id, list) {
    return el("ul", { class: "plain lines", id }, ...list.map((o) =>
      el("li", null, outletLink(o.outlet), " — " + plural(o.n_articles, "article"))));
  }

  async function outletPage(name) {
    const page = await api("/api/outlets/" + enc(name));
    const outlet = page.outlet;
    document.title = outlet.name + " — storyline";
    const when = outlet.first_published
      ? ", " + dateRange(outlet.first_published, outlet.last_published) : "";
    const parts = [
      el("header", { class: "outlet-head", id: "outlet-head" },
        el("h1", null, outlet.name),
        el("p", { class: "what" }, plural(outlet.n_articles, "article") + when + ", in " +
          plural(outlet.n_stories, "story", "stories") + "."),
        el("p", { class: "meta" }, el("a", { href: homeHref({ outlet: outlet.name }, 0), id: "outlet-stories-link" },
          "Filter the stories list by " + outlet.name))),
    ];
    if (page.stories.length) {
      parts.push(section("What it covers", el("ul", { class: "plain", id: "outlet-stories" },
        ...page.stories.map((s) => storyBrief(s, (n) => plural(n, "article") + " from " + outlet.name))),
        outlet.n_stories > page.stories.length
          ? el("p", { class: "muted" }, "The " + page.stories.length + " stories with most of its articles.") : null));
    }
    parts.push(section("Whom it copies", ...(page.copies_from.length
      ? [el("p", { class: "meta" }, "Its near-duplicate articles whose earliest copy another outlet holds:"),
        outletCountList("copies-from", page.copies_from)]
      : [el("p", { class: "muted", id: "copies-from" }, "None of its articles copies another outlet's earlier article.")])));
    parts.push(section("Who copies it", ...(page.copied_by.length
      ? [el("p", { class: "meta" }, "Near-duplicates of articles it published first:"),
        outletCountList("copied-by", page.copied_by)]
      : [el("p", { class: "muted", id: "copied-by" }, "No other outlet copies its articles.")])));
    if (page.articles.length) {
      parts.push(section("Latest articles", el("ul", { class: "lines", id: "outlet-articles" },
        ...page.articles.map((a) => el("li", null, el("a", { href: "/articles/" + enc(a.id) }, a.title || "Untitled article"),
          a.published ? el("span", { class: "src" }, " · " + dateWords(a.published)) : null)))));
    }
    show(...parts);
  }

  /**
   * A "show more" button under one of a story page's lists: each click
   * fetches the list's next page (`/api/stories/{id}/items/{list}?page=N`,
   * the items the story page left out, best first) and hands its items to
   * `add`; the button goes when the pages run out. Null when nothing was
   * left out.
   */
  function moreButton(storyId, list, left, add) {
    if (!left) return null;
    let next = 1;
    const label = () => "Show more (" + left + " more)";
    const button = el("button", { class: "more", type: "button", "data-list": list }, label());
    const row = el("p", { class: "more-row" }, button);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const page = await api("/api/stories/" + enc(storyId) + "/items/" + list + "?page=" + next);
        next += 1;
        left = Math.max(0, left - page.items.length);
        add(page.items);
        if (next >= page.pages || !left) {
          row.remove();
        } else {
          button.textContent = label();
          button.disabled = false;
        }
      } catch (error) {
        button.textContent = "Could not load more: " + error.message;
      }
    });
    return row;
  }

  /** `items` in date order (undated last), keeping the given order within a date. */
  function byDate(items) {
    return items.map((item, i) => [item, i]).sort(([a, i], [b, j]) => {
      if (!a.date || !b.date) return (a.date ? 0 : 1) - (b.date ? 0 : 1) || i - j;
      return a.date < b.date ? -1 : a.date > b.date ? 1 : i - j;
    }).map(([item]) => item);
  }

  async function storyPage(id) {
    const page = await api("/api/stories/" + enc(id));
    const story = page.story;
    const omitted = page.omitted || {};
    document.title = story.title + " — storyline";
    const sources = independentSources(page);
    // Outlets with their articles: over the whole story when the page
    // carries its coverage series, else over the articles it lists.
    const ranked = page.coverage
      ? page.coverage.outlets.map((o) => [o.outlet, o.n_articles])
      : outletCounts(page.articles);
    const parts = [storyHeader(page, sources, ranked)];
    const coverage = coverageChart(page.coverage);
    if (coverage) parts.push(section("Coverage", coverage));
    if (page.summary.length) {
      parts.push(section("Summary", el("ul", { class: "plain lines" }, ...page.summary.map((c) => citeLine(c)))));
    }
    if (page.timeline.length) {
      let entries = page.timeline;
      const body = el("div", { id: "timeline-body" });
      const draw = () => {
        const items = entries.map((t, i) => {
          // A date many articles name would list them all: the first few link
          // to their spans, the rest are counted.
          const shown = t.citations.slice(0, MAX_TIMELINE_CITES);
          const cites = shown.map((c, i) => [i ? ", " : "", el("a", {
            href: spanHref(c.article, c.start, c.end), "data-start": c.start, "data-end": c.end }, c.outlet)]).flat();
          const more = Math.max(t.n_citations || 0, t.citations.length) - shown.length;
          if (more > 0) cites.push(" and " + plural(more, "more article"));
          const first = t.citations[0];
          return el("li", { class: t.background ? "background" : null, id: timelineId(i) },
            el("time", { datetime: t.date }, t.date),
            el("div", null,
              first ? el("a", { class: "cite", href: spanHref(first.article, first.start, first.end) }, t.text) : t.text,
              " ", el("span", { class: "src" }, "— ", ...cites), " ", sourcesBadge(t)));
        });
        body.replaceChildren(...[timelineChart(entries), el("ol", { class: "plain timeline", id: "timeline" }, ...items)]
          .filter(Boolean));
      };
      draw();
      parts.push(section("Timeline", body, moreButton(id, "timeline", omitted.timeline, (more) => {
        entries = byDate(entries.concat(more));
        draw();
      })));
    }
    if (page.events.length) {
      let events = page.events;
      const list = el("div", { id: "events" });
      const draw = () => list.replaceChildren(...events.map((e) => el("div", { class: "card event" },
        el("h3", null, (e.date ? e.date + " · " : "") + e.title),
        el("p", { class: "meta" }, plural(e.articles.length, "article") + ": ",
          ...[...new Set(e.articles.map((a) => a.outlet))].map((name, i) => [i ? ", " : "", outletLink(name)]).flat(),
          " ", sourcesBadge(e)),
        el("ul", { class: "plain lines" }, ...e.summary.map((c) => citeLine(c))))));
      draw();
      parts.push(section("Events", list, moreButton(id, "events", omitted.events, (more) => {
        events = byDate(events.concat(more));
        draw();
      })));
    }
    if (page.speakers.length) {
      const blocks = page.speakers.map((s) => el("div", { class: "speaker" },
        el("h3", null, s.name ? el("a", { class: "entity", href: entityHref(s.name) }, s.name) : "Unattributed"),
        el("ul", { class: "plain" }, ...statements(s.quotes).map(({ q, copies }) => el("li", {
          class: "quote" + (q.speaker && q.confidence < LOW_CONFIDENCE ? " low-confidence" : "") },
          el("a", { class: "cite quote-link", href: spanHref(q.article, q.start, q.end),
                    "data-article": q.article, "data-start": q.start, "data-end": q.end, "data-text": q.text },
            q.kind === "direct" ? "“" + q.text + "”" : q.text),
          q.kind === "indirect" ? el("span", { class: "kind", title: "reported speech" }, "reported") : null,
          " ",
          el("span", { class: "src" }, "— ", outletLink(q.outlet), q.published ? ", " + q.published : ""),
          copiesOf(copies),
          ...quoteBadges(q))))));
      parts.push(section("Who said what", el("div", { id: "quotes" }, ...blocks)));
    }
    // A conflict's claims stand side by side, one column per side (value or
    // speaker) when the comparison says which claim is on which side.
    const claimBox = (claim) => el("div", { class: "claim" },
      el("div", { class: "who" }, outletLink(claim.outlet), claim.published ? ", " + claim.published : ""),
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
        : el("div", { class: "claims" }, ...c.claims.map(claimBox)),
      // A comparison lists some of its claims and sides; the counts say how many it has.
      c.n_claims > c.claims.length || (c.why && c.why.n_sides > c.why.sides.length)
        ? el("p", { class: "meta" }, plural(c.claims.length, "claim") + " of " + c.n_claims +
          (c.why && c.why.n_sides > c.why.sides.length ? ", " + c.why.sides.length + " sides of " + c.why.n_sides : "") +
          " shown; all in the story's comparison (/api/stories/" + id + "/comparison).")
        : null));
    // Comparisons come best first; more of them go at the end.
    const comparisonSection = (title, listId, list, name, cls) => {
      const box = el("div", { id: listId }, ...comparisons(list, cls));
      return section(title, box, moreButton(id, name, omitted[name], (more) => box.append(...comparisons(more, cls))));
    };
    if (page.corroborations.length) {
      parts.push(comparisonSection("Corroborated by several outlets", "corroborations", page.corroborations,
        "corroborations", "agree"));
    }
    if (page.conflicts.length) {
      parts.push(comparisonSection("Where outlets disagree", "conflicts", page.conflicts, "conflicts", "conflict"));
    }
    if (page.entities && page.entities.length) {
      const more = omitted.entities ? " and " + plural(omitted.entities, "more") : "";
      parts.push(section("Who and what it is about", el("ul", { class: "plain entities", id: "entities" },
        ...page.entities.map((e) => el("li", null,
          el("a", { class: "entity", href: entityHref(e.name) }, e.name),
          el("span", { class: "src" }, " " + (KIND_WORDS[e.kind] || "Name").toLowerCase() + " · " + plural(e.n_mentions, "mention") +
            (e.aliases.length ? " · also " + e.aliases.join(", ") : ""))))),
        more ? el("p", { class: "muted" }, "The most mentioned" + more + ".") : null));
    }
    const sourceList = el("ol", { class: "lines sources", id: "sources" });
    const addSources = (articles) => {
      // Appended one by one: a story of many thousand articles would overflow a spread.
      for (const a of articles) {
        sourceList.append(el("li", { class: sources.copies.has(a.id) ? "copy" : null },
          outletLink(a.outlet), " · ",
          el("a", { href: "/articles/" + enc(a.id) }, a.title || "Untitled article"),
          a.published ? el("span", { class: "src" }, " · " + dateWords(a.published)) : null,
          sources.copies.has(a.id) ? badge("copy", "copy", "Counted with the article it copies") : null,
          " ", revisionBadge(a)));
      }
    };
    addSources(page.articles);
    parts.push(section("Sources", sourceList, moreButton(id, "articles", omitted.articles, addSources)));
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
      if (!mark) textBox.replaceChildren(document.createTextNode(tidy(a.text, true, true)));
      return mark;
    };
    const parts = [
      el("h1", null, a.title || a.source),
      el("p", { class: "meta" }, outletLink(page.outlet_name), (a.published ? " · " + a.published : "") +
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
          ...quoteBadges(q)))),
        page.omitted && page.omitted.quotes
          ? el("p", { class: "muted", id: "quotes-omitted" }, "The first " + page.quotes.length + " of " +
            (page.quotes.length + page.omitted.quotes) + "; the rest: ",
            el("a", { href: "/api/articles/" + encodeURIComponent(page.article.id) + "/quotes?page=1" },
              "the next page of quotes"), ".")
          : null));
    }
    if (page.copies.length) {
      parts.push(section("Copies of this article", el("ul", { class: "lines" }, ...page.copies.map((c) =>
        el("li", null, el("a", { href: "/articles/" + enc(c.id) }, c.title || "Untitled article"), " — ", outletLink(c.outlet))))));
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
        await homePage(homeState(location.search));
      } else if ((m = /^\/stories\/([^/]+)$/.exec(path))) {
        await storyPage(decodeURIComponent(m[1]));
      } else if ((m = /^\/articles\/([^/]+)$/.exec(path))) {
        await articlePage(decodeURIComponent(m[1]));
      } else if ((m = /^\/entities\/([^/]+)$/.exec(path))) {
        await entityPage(decodeURIComponent(m[1]));
      } else if (path === "/outlets") {
        await outletsPage();
      } else if ((m = /^\/outlets\/([^/]+)$/.exec(path))) {
        await outletPage(decodeURIComponent(m[1]));
      } else {
        fail("No such page.");
      }
      document.body.setAttribute("data-ready", "1");
    } catch (error) {
      fail(error.message);
      document.body.setAttribute("data-ready", "error");
    }
  }

  // Exposed for the browser test, which checks the byte-offset conversion and the text tidying directly.
  window.storyline = { byteToIndex, tidy };
  route();
})();
