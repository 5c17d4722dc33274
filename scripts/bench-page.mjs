// Time to a rendered page in headless Chromium (Debian's, driven by
// playwright-core from tests/browser/node_modules): for each path, loads it
// ROUNDS times and prints the median and worst milliseconds from navigation
// start until the first frame painted after the page sets body[data-ready]
// (fetching the API, building the DOM and charts, style, layout and paint:
// timed inside the page by a script added before the page's own, so the
// harness's round trips are not counted), the median of the moment
// data-ready is set, and the median of the old measure (when playwright saw
// data-ready, which adds its own polling and protocol round trips), plus the
// size of the story JSON.
//
//   node scripts/bench-page.mjs http://127.0.0.1:PORT /stories/ID [/stories/ID ...]
//
// Environment: CHROMIUM (default /usr/bin/chromium), ROUNDS (default 7), WIDTH (default 1280).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "tests", "browser", "package.json"));
const { chromium } = require("playwright-core");

const [base, ...paths] = process.argv.slice(2);
if (!base || !paths.length) {
  console.error("usage: node scripts/bench-page.mjs BASE_URL PATH...");
  process.exit(2);
}
const rounds = Number(process.env.ROUNDS || 7);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH || 1280), height: 900 } });
// In each page, before its own script: note when body[data-ready] is set,
// and when the next frame has been painted (a task queued from the frame's
// requestAnimationFrame runs after that frame's style, layout and paint).
await page.addInitScript(() => {
  new MutationObserver((_, observer) => {
    if (!document.body || !document.body.hasAttribute("data-ready")) return;
    observer.disconnect();
    window.__benchReady = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__benchPainted = performance.now(); }, 0));
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const path of paths) {
  const times = [], ready = [], seen = [];
  for (let i = 0; i < rounds; i += 1) {
    await page.goto(base + path);
    await page.waitForSelector("body[data-ready]", { timeout: 60000 });
    seen.push(await page.evaluate(() => performance.now()));
    await page.waitForFunction(() => window.__benchPainted !== undefined, null, { timeout: 60000 });
    const [r, painted] = await page.evaluate(() => [window.__benchReady, window.__benchPainted]);
    ready.push(r);
    times.push(painted);
  }
  times.sort((a, b) => a - b);
  const api = path.startsWith("/stories/") ? "/api" + path : null;
  const bytes = api ? await page.evaluate(async (u) => (await (await fetch(u)).arrayBuffer()).byteLength, api) : null;
  const counts = await page.evaluate(() => ({
    articles: document.querySelectorAll("#sources > li").length,
    bars: document.querySelectorAll("#coverage-chart .bar-hit").length,
    dots: document.querySelectorAll("svg.timeline-chart circle").length,
  }));
  console.log(`${path}: rendered (painted) median ${times[Math.floor(rounds / 2)].toFixed(0)} ms, worst ${times[rounds - 1].toFixed(0)} ms` +
    ` over ${rounds} loads (data-ready median ${median(ready).toFixed(0)} ms; seen by playwright median ${median(seen).toFixed(0)} ms);` +
    ` ${bytes === null ? "" : (bytes / 1024).toFixed(0) + " KB JSON; "}` +
    `${counts.articles} articles listed, ${counts.bars} bars, ${counts.dots} dots`);
}
await browser.close();
