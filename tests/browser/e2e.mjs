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

  // 2. Search.
  await page.fill("#q", "Halden bridge");
  await Promise.all([page.waitForURL(/\?q=/), page.press("#q", "Enter")]);
  check("search renders", (await ready()) === "1");
  const found = await page.locator("#stories > li h3 a").allTextContents();
  check("search finds the bridge story only", found.length === 1 && /Halden/.test(found[0]), JSON.stringify(found));
  const hits = await page.locator("#articles > li").count();
  check("search lists matching articles", hits > 0, hits + " hits");

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
