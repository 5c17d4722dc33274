// End-to-end test of the storyline serve page in a real browser: Debian's
// Chromium, headless, driven by playwright-core (which never downloads a
// browser). Talks only to the server under test on loopback; any other
// request is aborted and fails the run.
//
// Environment:
//   STORYLINE_URL    base URL of a running `storyline serve` (loopback), required
//   STORYLINE_TOKEN  its write token (for the markup check, which posts an article)
//   CHROMIUM         browser executable (default /usr/bin/chromium)
//   ARTIFACTS_DIR    where screenshots go (default ./artifacts)
//
// Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = (process.env.STORYLINE_URL || "").replace(/\/$/, "");
const token = process.env.STORYLINE_TOKEN || "";
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const artifacts = process.env.ARTIFACTS_DIR || "artifacts";

if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(base)) {
  console.error("STORYLINE_URL must be a loopback http URL with a port, got " + JSON.stringify(base));
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed += 1;
    console.log("ok   " + name);
  } else {
    failed += 1;
    console.log("FAIL " + name + (detail === undefined ? "" : ": " + detail));
  }
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
// A phone-sized viewport: the page must be readable there.
const context = await browser.newContext({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});
const foreign = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url === base || url.startsWith(base + "/")) return route.continue();
  foreign.push(url);
  return route.abort();
});
const page = await context.newPage();
const problems = [];
page.on("pageerror", (error) => problems.push("page error: " + error.message));
page.on("console", (message) => {
  if (message.type() === "error") problems.push("console: " + message.text());
});

async function ready() {
  await page.waitForSelector("body[data-ready]", { timeout: 15000 });
  return page.getAttribute("body", "data-ready");
}

async function noHorizontalScroll() {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

try {
  // 1. The stories list.
  await page.goto(base + "/");
  check("home page renders", (await ready()) === "1");
  const nStories = await page.locator("#stories > li").count();
  check("home page lists the stories", nStories >= 2, nStories + " stories");
  check("home page fits a phone screen", await noHorizontalScroll());

  // 1a. Sorting and filtering the stories.
  const titles = () => page.locator("#stories > li h3 a").allTextContents();
  const newest = await titles();
  await Promise.all([page.waitForURL(/order=oldest/), page.selectOption("#sort", "oldest")]);
  check("oldest-first renders", (await ready()) === "1");
  const oldest = await titles();
  check("oldest first lists the stories in the opposite order",
    oldest.length === newest.length && oldest.join("|") === [...newest].reverse().join("|"), JSON.stringify([newest, oldest]));
  check("the order control keeps its choice", (await page.inputValue("#sort")) === "oldest");
  await page.fill("#filter", "wildfire");
  await Promise.all([page.waitForURL(/q=wildfire/), page.press("#filter", "Enter")]);
  await ready();
  const filtered = await titles();
  check("the filter box keeps only matching stories", filtered.length === 1 && /Wildfire/i.test(filtered[0]) &&
    /order=oldest/.test(page.url()), JSON.stringify(filtered) + " " + page.url());
  await page.goto(base + "/");
  await ready();

  // 1b. Filters and sorts by outlet, dates, entity and independent sources,
  //     kept in the address: the list is the API's answer to the same query.
  const apiIds = async (query) => (await (await fetch(base + "/api/stories?" + query)).json()).items.map((s) => s.id);
  const listedIds = () => page.locator("#stories > li h3 a").evaluateAll((links) =>
    links.map((a) => decodeURIComponent(a.getAttribute("href").split("/").pop())));
  await Promise.all([page.waitForURL(/sort=size/), page.selectOption("#sort", "size")]);
  await ready();
  check("sorting by size lists the stories as the API ranks them",
    JSON.stringify(await listedIds()) === JSON.stringify(await apiIds("sort=size")));
  const outlets = await (await fetch(base + "/api/outlets?limit=100")).json();
  const someOutlet = outlets.items.find((o) => o.n_stories < nStories) || outlets.items[0];
  await page.fill("#outlet", someOutlet.name);
  await page.fill("#from", "2025-03-01");
  await page.fill("#min-sources", "1");
  await Promise.all([page.waitForURL(/outlet=/), page.click("#story-controls button")]);
  await ready();
  const filterQuery = new URL(page.url()).search.slice(1);
  const wanted = await apiIds(filterQuery);
  check("filtering by outlet, date and sources lists what the API lists",
    /from=2025-03-01/.test(filterQuery) && /min_sources=1/.test(filterQuery) && /sort=size/.test(filterQuery) &&
    JSON.stringify(await listedIds()) === JSON.stringify(wanted) && wanted.length === someOutlet.n_stories,
    filterQuery + " " + JSON.stringify(wanted));
  check("the filters in force are said in words",
    (await page.locator("#filters-in-force").textContent()).includes(someOutlet.name));
  // The filtered address, opened afresh, shows the same list and controls.
  await page.goto(page.url());
  await ready();
  check("a shared filtered address restores the list and the controls",
    JSON.stringify(await listedIds()) === JSON.stringify(wanted) &&
    (await page.inputValue("#outlet")) === someOutlet.name && (await page.inputValue("#from")) === "2025-03-01" &&
    (await page.inputValue("#sort")) === "size");
  check("the filtered home page fits a phone screen", await noHorizontalScroll());
  await page.screenshot({ path: join(artifacts, "home-filtered-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  check("the filtered home page fits a 1280 px screen", await noHorizontalScroll());
  await page.screenshot({ path: join(artifacts, "home-filtered-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + "/?entity=" + encodeURIComponent("Mira Kovan"));
  await ready();
  check("filtering by entity keeps the stories that mention it",
    JSON.stringify(await listedIds()) === JSON.stringify(await apiIds("entity=Mira%20Kovan")) &&
    (await listedIds()).length >= 1 && (await listedIds()).length < nStories);
  await page.goto(base + "/");
  await ready();

  // 2. Search.
  await page.fill("#q", "Halden bridge");
  await Promise.all([page.waitForURL(/\?q=/), page.press("#q", "Enter")]);
  check("search renders", (await ready()) === "1");
  const found = await page.locator("#stories > li h3 a").allTextContents();
  check("search finds the bridge story only", found.length === 1 && /Halden/.test(found[0]), JSON.stringify(found));
  const hits = await page.locator("#articles > li").count();
  check("search lists matching articles", hits > 0, hits + " hits");
  const snippets = await page.evaluate(() => [...document.querySelectorAll("#articles .snippet")].map((p) => ({
    text: p.textContent,
    marks: [...p.querySelectorAll("mark")].map((m) => m.textContent),
    other: p.querySelectorAll("*:not(mark)").length,
  })));
  const withMarks = snippets.filter((s) => s.marks.length > 0);
  check("search hits are highlighted with marks", withMarks.length > 0 &&
    withMarks.every((s) => s.marks.every((m) => /halden|bridge/i.test(m))), JSON.stringify(snippets.slice(0, 3)));
  check("no literal brackets or other markup in snippets",
    snippets.every((s) => !/[[\]]/.test(s.text) && s.other === 0), JSON.stringify(snippets.slice(0, 3)));

  // 3. The story page.
  await Promise.all([page.waitForURL(/\/stories\//), page.click("#stories > li h3 a")]);
  check("story page renders", (await ready()) === "1");
  const sections = await page.locator("main h2").allTextContents();
  for (const name of ["Summary", "Timeline", "Events", "Who said what", "Corroborated by several outlets",
    "Where outlets disagree", "Sources"]) {
    check("story page shows " + name, sections.includes(name), JSON.stringify(sections));
  }
  const conflictSides = await page.locator("#conflicts .card").first().locator(".claim").count();
  check("a conflict shows both sides", conflictSides >= 2, conflictSides + " sides");
  check("story page fits a phone screen", await noHorizontalScroll());

  // 3a. The header says what the story is in words: names, never file ids.
  const fileId = /\.(json|jsonl|txt|html?|xml)(#\d+)?\b|#\d+/;
  const head = await page.locator("#story-head").textContent();
  check("story header gives dates and counts in words",
    /From \d{1,2} [A-Z][a-z]+ \d{4} to \d{1,2} [A-Z][a-z]+ \d{4}: \d+ articles from \d+ outlets, \d+ independent sources/.test(head),
    JSON.stringify(head));
  check("story header names outlets, not file ids", !fileId.test(head) && /Harbour Wire/.test(head), JSON.stringify(head));
  const [, nArticles, nSources] = /(\d+) articles from \d+ outlets, (\d+) independent sources/.exec(head) || [];
  const copyBadges = await page.locator("#sources .badge.copy").count();
  // The demo holds a wire story reprinted under another outlet's name: it counts once.
  check("reprints make fewer independent sources than articles, and are marked as copies",
    Number(nSources) > 1 && Number(nSources) < Number(nArticles) && copyBadges > 0,
    JSON.stringify({ nArticles, nSources, copyBadges }));
  const headJson = (await page.evaluate(async () =>
    (await fetch("/api/stories/" + location.pathname.split("/").pop())).json())).story;
  check("the header counts independent sources as the stories list does", Number(nSources) === headJson.n_sources,
    JSON.stringify({ nSources, listed: headJson.n_sources }));
  const sourceLines = await page.locator("#sources > li").evaluateAll((items) => items.map((li) => ({
    outlet: li.querySelector(".outlet") ? li.querySelector(".outlet").textContent : "",
    text: li.textContent,
  })));
  check("the sources list shows outlet, title and date, no file ids", sourceLines.length > 0 &&
    sourceLines.every((l) => l.outlet && !fileId.test(l.text) && /\d{4}/.test(l.text)), JSON.stringify(sourceLines.slice(0, 4)));

  // 3b. The charts are drawn by the page: coverage bars, one per outlet and
  //     day, adding up to the dated articles; timeline dots that link to their entries.
  const coverage = await page.evaluate(() => {
    // Each bar's tooltip names every outlet's articles and copies in it.
    const bars = [...document.querySelectorAll("#coverage-chart rect.bar-hit")];
    const counted = bars.reduce((n, bar) =>
      n + [...bar.textContent.matchAll(/: (\d+) (article|cop)/g)].reduce((m, hit) => m + Number(hit[1]), 0), 0);
    const series = document.querySelectorAll("#coverage-chart path.bar").length;
    return { bars: bars.length, series, counted, legend: document.querySelectorAll(".coverage .legend li").length };
  });
  const pageJson = await page.evaluate(async () =>
    (await fetch("/api/stories/" + location.pathname.split("/").pop())).json());
  const datedArticles = pageJson.articles.filter((a) => /^\d{4}-\d{2}-\d{2}/.test(a.published || "")).length;
  check("coverage chart has a bar per day and a series per outlet", coverage.bars > 1 && coverage.series > 1 &&
    coverage.legend > 1, JSON.stringify(coverage));
  // The chart is drawn from the server's series over all the story's
  // articles (the page lists at most 50): its bars add up to the story's
  // dated articles, and here, where every article is listed, to the listed ones.
  const seriesDated = pageJson.coverage ? pageJson.story.n_articles - pageJson.coverage.n_undated : -1;
  check("coverage bars add up to the story's dated articles", coverage.counted === seriesDated &&
    (pageJson.articles.length < pageJson.story.n_articles || coverage.counted === datedArticles),
    coverage.counted + " drawn, " + seriesDated + " dated in the story, " + datedArticles + " listed");
  const dots = await page.locator("svg.timeline-chart circle").count();
  check("timeline chart has a dot per dated entry", dots > 1, dots + " dots");
  const dot = page.locator("svg.timeline-chart a").last();
  const dotHref = await dot.getAttribute("href");
  await dot.click();
  await page.waitForFunction((hash) => location.hash === hash, dotHref);
  const target = await page.evaluate(() => {
    const li = document.querySelector("#timeline li:target");
    if (!li) return null;
    const box = li.getBoundingClientRect();
    return { id: li.id, inView: box.top >= 0 && box.bottom <= window.innerHeight };
  });
  check("a timeline dot opens its entry", target !== null && "#" + target.id === dotHref && target.inView,
    JSON.stringify([dotHref, target]));
  await page.screenshot({ path: join(artifacts, "story-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  check("story page fits a 1280 px screen", await noHorizontalScroll());
  await page.screenshot({ path: join(artifacts, "story-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  check("story page fits a 390 px screen after resizing", await noHorizontalScroll());

  // 3c. Entity names lead to the entity's page, and back.
  const storyUrl = page.url();
  const entityLinks = await page.locator("#entities a.entity").count();
  const speakerLinks = await page.locator("#quotes h3 a.entity").count();
  check("entities and speakers link to entity pages", entityLinks > 0 && speakerLinks > 0,
    JSON.stringify({ entityLinks, speakerLinks }));
  const speaker = page.locator("#quotes h3 a.entity").first();
  const speakerName = await speaker.textContent();
  await Promise.all([page.waitForURL(/\/entities\//), speaker.click()]);
  check("entity page renders", (await ready()) === "1");
  const entityHead = await page.locator("#entity-head h1").textContent();
  const entityStories = await page.locator("#entity-stories > li h3 a").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href")));
  const entityQuotes = await page.locator("#entity-quotes > li").count();
  check("entity page names the entity and lists its stories and quotes",
    entityHead === speakerName && entityStories.includes(new URL(storyUrl).pathname) && entityQuotes > 0,
    JSON.stringify({ entityHead, speakerName, entityStories, entityQuotes }));
  check("entity page fits a phone screen", await noHorizontalScroll());
  await page.screenshot({ path: join(artifacts, "entity-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  check("entity page fits a 1280 px screen", await noHorizontalScroll());
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goBack();
  check("back from the entity page is the story page again",
    (await ready()) === "1" && page.url() === storyUrl && (await page.locator("#coverage-chart").count()) === 1);

  // 3d. Outlet names lead to the outlet's page: what it covers, whom it copies.
  const outletLink = page.locator("#story-head a.outlet").first();
  const outletName = await outletLink.textContent();
  await Promise.all([page.waitForURL(/\/outlets\//), outletLink.click()]);
  check("outlet page renders", (await ready()) === "1");
  const outletSections = await page.locator("main h2").allTextContents();
  check("outlet page shows what it covers and who copies whom",
    (await page.locator("#outlet-head h1").textContent()) === outletName &&
    ["What it covers", "Whom it copies", "Who copies it"].every((name) => outletSections.includes(name)) &&
    (await page.locator("#outlet-stories > li").count()) > 0, JSON.stringify(outletSections));
  const copyLinks = await page.locator("#copies-from a.outlet, #copied-by a.outlet").count();
  const allOutletPages = await Promise.all(outlets.items.map(async (o) =>
    (await fetch(base + "/api/outlets/" + encodeURIComponent(o.name))).json()));
  check("somewhere an outlet copies another, and its page names it",
    allOutletPages.some((o) => o.copies_from.length > 0) &&
    (copyLinks > 0) === (allOutletPages.find((o) => o.outlet.name === outletName).copies_from.length +
      allOutletPages.find((o) => o.outlet.name === outletName).copied_by.length > 0),
    JSON.stringify({ copyLinks, outletName }));
  check("outlet page fits a phone screen", await noHorizontalScroll());
  await page.screenshot({ path: join(artifacts, "outlet-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  check("outlet page fits a 1280 px screen", await noHorizontalScroll());
  await page.screenshot({ path: join(artifacts, "outlet-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goBack();
  check("back from the outlet page is the story page again", (await ready()) === "1" && page.url() === storyUrl);
  await page.goto(base + "/outlets");
  const outletRows = await page.locator("#outlets > li a.outlet").allTextContents();
  check("the outlets page lists every outlet, most articles first", (await ready()) === "1" &&
    JSON.stringify(outletRows) === JSON.stringify(outlets.items.map((o) => o.name)), JSON.stringify(outletRows));
  check("the outlets page fits a phone screen", await noHorizontalScroll());
  await page.goto(storyUrl);
  await ready();

  // 3e. A list the story page cut short offers "show more", which fetches
  //     the next page of it from /api/stories/{id}/items/{list}. The demo's
  //     stories fit their pages, so the answers are cut here, in the browser:
  //     the story page keeps one timeline date and one source, and the rest
  //     come as page 1.
  const storyId = new URL(storyUrl).pathname.split("/").pop();
  const whole = await (await fetch(base + "/api/stories/" + storyId)).json();
  const asked = [];
  const apiPath = "/api/stories/" + storyId;
  await page.route((url) => url.pathname === apiPath || url.pathname.startsWith(apiPath + "/items/"), (route) => {
    const url = new URL(route.request().url());
    asked.push(url.pathname + url.search);
    const cut = JSON.parse(JSON.stringify(whole));
    const keep = { timeline: 1, articles: 1 };
    for (const [list, n] of Object.entries(keep)) {
      cut.omitted[list] = whole[list].length - n;
      cut[list] = whole[list].slice(0, n);
    }
    let body = cut;
    const m = /\/items\/(\w+)$/.exec(url.pathname);
    if (m) {
      const list = m[1];
      body = { story: storyId, list, page: 1, pages: 2, n_items: whole[list].length,
        items: whole[list].slice(keep[list]) };
    }
    return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
  });
  // storyUrl may end in a timeline entry's #fragment: going there again would not load the page.
  await page.reload();
  await ready();
  const before = await page.evaluate(() => ({
    dots: document.querySelectorAll("svg.timeline-chart circle").length,
    entries: document.querySelectorAll("#timeline > li").length,
    sources: document.querySelectorAll("#sources > li").length,
    buttons: [...document.querySelectorAll("button.more")].map((b) => b.dataset.list),
  }));
  check("a cut list offers to show more", before.entries === 1 && before.sources === 1 &&
    before.buttons.includes("timeline") && before.buttons.includes("articles"), JSON.stringify(before));
  await page.click("button.more[data-list=timeline]");
  await page.waitForFunction((n) => document.querySelectorAll("#timeline > li").length === n, whole.timeline.length);
  await page.click("button.more[data-list=articles]");
  await page.waitForFunction((n) => document.querySelectorAll("#sources > li").length === n, whole.articles.length);
  const after = await page.evaluate(() => ({
    dates: [...document.querySelectorAll("#timeline > li time")].map((t) => t.getAttribute("datetime")),
    dots: document.querySelectorAll("svg.timeline-chart circle").length,
    buttons: document.querySelectorAll("button.more").length,
  }));
  check("show more fetches the next page, redraws the timeline in date order and goes away",
    asked.some((u) => u === apiPath + "/items/timeline?page=1") && after.buttons === 0 &&
    after.dates.length === whole.timeline.length && after.dots > before.dots &&
    after.dates.every((d, i) => i === 0 || after.dates[i - 1] <= d),
    JSON.stringify({ asked, after }));
  check("story page fits a phone screen with more shown", await noHorizontalScroll());
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.reload();
  await ready();

  // 4. Every quote link's byte offsets select exactly the quote in its
  //    article, through the page's own UTF-8 → UTF-16 conversion.
  const spans = await page.evaluate(async () => {
    const texts = new Map();
    const out = { total: 0, exact: 0, shifted: 0, wrong: [], pick: null };
    for (const link of document.querySelectorAll("#quotes a.quote-link")) {
      const { article, start, end, text } = link.dataset;
      if (!texts.has(article)) {
        const body = await (await fetch("/api/articles/" + encodeURIComponent(article))).json();
        texts.set(article, body.article.text);
      }
      const full = texts.get(article);
      const from = window.storyline.byteToIndex(full, Number(start));
      const to = window.storyline.byteToIndex(full, Number(end));
      out.total += 1;
      if (from >= 0 && full.slice(from, to) === text) out.exact += 1;
      else out.wrong.push(article + "#" + start + "-" + end);
      // Bytes and UTF-16 units differ here: non-ASCII text (curly quotes, dashes) comes before the quote.
      if (from !== Number(start)) {
        out.shifted += 1;
        if (!out.pick || /[^\x00-\x7f]/.test(text)) out.pick = link.getAttribute("href");
      }
    }
    return out;
  });
  check("every quote's byte span selects exactly its words", spans.total > 0 && spans.exact === spans.total,
    spans.exact + "/" + spans.total + " " + spans.wrong.slice(0, 5).join(" "));
  check("some quote spans lie after non-ASCII text", spans.shifted > 0, spans.shifted + " shifted");

  // 5. A quote links to its highlighted source span.
  const href = spans.pick || (await page.locator("#quotes a.quote-link").first().getAttribute("href"));
  const link = page.locator(`#quotes a.quote-link[href="${href}"]`).first();
  const quoteText = await link.getAttribute("data-text");
  await Promise.all([page.waitForURL(/\/articles\/.+#\d+-\d+$/), link.click()]);
  check("article page renders", (await ready()) === "1");
  const [, wantStart, wantEnd] = /#(\d+)-(\d+)$/.exec(page.url());
  const mark = page.locator("#article-text mark#span");
  check("the quoted span is highlighted", (await mark.count()) === 1);
  const marked = await mark.textContent();
  check("the highlight is exactly the quote", marked === quoteText, JSON.stringify([marked, quoteText]));
  check("the highlight carries the linked offsets",
    (await mark.getAttribute("data-start")) === wantStart && (await mark.getAttribute("data-end")) === wantEnd);
  const inView = await mark.evaluate((node) => {
    const box = node.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });
  check("the highlight is scrolled into view", inView);
  check("article page fits a phone screen", await noHorizontalScroll());
  const shownText = await page.locator("#article-text").evaluate((box) => ({
    first: box.firstChild ? box.firstChild.textContent.slice(0, 20) : "",
    blankRuns: /\n[^\S\n]*\n[^\S\n]*\n/.test(box.textContent),
  }));
  check("the article text starts with words, no blank band above it",
    /^\S/.test(shownText.first) && !shownText.blankRuns, JSON.stringify(shownText));
  const tidied = await page.evaluate(() => window.storyline.tidy("\n \n\t\nFirst line.\n\n \n\nSecond.\nThird.\n\n", true, true));
  check("blank lines in article text fold into one", tidied === "First line.\n\nSecond.\nThird.", JSON.stringify(tidied));
  await page.screenshot({ path: join(artifacts, "quote-source-span.png") });

  // 6. Markup from the wild is shown as text, never parsed: the removed
  //    boilerplate of saved pages holds raw tags, and an article posted with
  //    live-looking HTML must not run or render.
  const articles = await (await fetch(base + "/api/articles?limit=500")).json();
  let rawHtmlArticle = null;
  for (const item of articles.items) {
    const body = await (await fetch(base + "/api/articles/" + encodeURIComponent(item.id))).json();
    if (body.article.removed.some((r) => /<a\s|<meta|<script/i.test(r.text))) {
      rawHtmlArticle = item.id;
      break;
    }
  }
  check("the corpus holds raw HTML to test with", rawHtmlArticle !== null);
  if (rawHtmlArticle) {
    await page.goto(base + "/articles/" + encodeURIComponent(rawHtmlArticle));
    await ready();
    const shown = await page.locator("main details").textContent();
    const injected = await page.evaluate(() =>
      document.querySelectorAll("main meta, main script, main link, main iframe, main a[target]").length);
    check("raw HTML in removed text is shown as text", /</.test(shown) && injected === 0, injected + " elements");
  }
  if (token) {
    const hostile = "Officials met in Merhaven on Monday to discuss the levy. " +
      "<img src=x onerror=\"window.__pwned=1\"> <script>window.__pwned=1</script> " +
      "<a href=\"javascript:window.__pwned=1\" target=\"_blank\">Read more</a>";
    const response = await fetch(base + "/api/articles?outlet=%3Cb%3EBold%20Outlet%3C%2Fb%3E&title=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E", {
      method: "POST",
      headers: { "Content-Type": "text/plain", Authorization: "Bearer " + token },
      body: hostile,
    });
    const posted = await response.json();
    check("posting an article with the token works", response.status === 201, JSON.stringify(posted));
    if (posted.articles) {
      await page.goto(base + "/articles/" + posted.articles[0].id);
      await ready();
      const result = await page.evaluate(() => ({
        pwned: window.__pwned === 1,
        elements: document.querySelectorAll("main img, main script, main b, main a[target], main a[href^='javascript']").length,
        title: document.querySelector("main h1").textContent,
      }));
      check("hostile markup in a posted article stays inert text",
        !result.pwned && result.elements === 0 && result.title.includes("<img"), JSON.stringify(result));
    }
  }
  check("the page asked nothing of any other origin", foreign.length === 0, foreign.join(" "));
  check("no script errors or CSP violations", problems.length === 0, problems.join(" | "));
} catch (error) {
  check("the test ran to the end", false, error && error.stack ? error.stack : String(error));
} finally {
  await browser.close();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
