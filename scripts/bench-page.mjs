// Time to a rendered page in headless Chromium (Debian's, driven by
// playwright-core from tests/browser/node_modules): for each path, loads it
// ROUNDS times and prints the median and worst milliseconds from navigation
// start until the page sets body[data-ready] (fetching the API and building
// the DOM and charts), plus the size of the story JSON.
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
for (const path of paths) {
  const times = [];
  for (let i = 0; i < rounds; i += 1) {
    await page.goto(base + path);
    await page.waitForSelector("body[data-ready]", { timeout: 60000 });
    times.push(await page.evaluate(() => performance.now()));
  }
  times.sort((a, b) => a - b);
  const api = path.startsWith("/stories/") ? "/api" + path : null;
  const bytes = api ? await page.evaluate(async (u) => (await (await fetch(u)).arrayBuffer()).byteLength, api) : null;
  const counts = await page.evaluate(() => ({
    articles: document.querySelectorAll("#sources > li").length,
    bars: document.querySelectorAll("#coverage-chart rect").length,
    dots: document.querySelectorAll("svg.timeline-chart circle").length,
  }));
  console.log(`${path}: median ${times[Math.floor(rounds / 2)].toFixed(0)} ms, worst ${times[rounds - 1].toFixed(0)} ms` +
    ` over ${rounds} loads; ${bytes === null ? "" : (bytes / 1024).toFixed(0) + " KB JSON; "}` +
    `${counts.articles} articles listed, ${counts.bars} bars, ${counts.dots} dots`);
}
await browser.close();
