// `tebiki serve` in headless Chromium (Debian's package, driven by playwright-core).
// Run from `cargo test` (tests/serve.rs), which starts the server on a temporary site
// and passes:
//   TEBIKI_SERVE_URL  the server's URL (http://127.0.0.1:PORT/)
//   TEBIKI_SITE_ROOT  the site it serves, whose sources this test edits
//   TEBIKI_ARTIFACTS  where screenshots go (tests/artifacts/, git-ignored)
//   TEBIKI_CHROMIUM   the browser (default /usr/bin/chromium)
//
// An open page reloads by itself after an edit; a broken edit shows the overlay with
// file:line and message, as text, over the last good page; the fix reloads the page
// without the overlay. All of it under the page's Content-Security-Policy, with no
// console error and no request outside the server. Every wait has a timeout.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launchChromium } from "./chromium.mjs";

const URL_BASE = process.env.TEBIKI_SERVE_URL;
const ROOT = process.env.TEBIKI_SITE_ROOT;
const ARTIFACTS = process.env.TEBIKI_ARTIFACTS;
const WAIT = { timeout: 15000 };

assert.ok(URL_BASE && URL_BASE.startsWith("http://127.0.0.1:"), "TEBIKI_SERVE_URL must be a loopback URL");
assert.ok(ROOT && fs.existsSync(path.join(ROOT, "content/ja/b.md")), "TEBIKI_SITE_ROOT must hold content/ja/b.md");
assert.ok(ARTIFACTS, "TEBIKI_ARTIFACTS must name a folder for screenshots");

const GUIDE = fs.readFileSync(path.join(ROOT, "content/ja/b.md"), "utf8");

/** Saves a source as an editor does: a temporary file renamed over it. */
function save(rel, text) {
  const file = path.join(ROOT, rel);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.saving`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

let browser;

before(async () => {
  browser = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

/** A page of the last build, connected, whose search files have landed too: no reload
 *  follows until the next edit. */
const SETTLED = "html[data-tebiki-serve=connected][data-tebiki-serve-search=current]";

test("an open page reloads after an edit, shows a failed build, and recovers", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
  page.on("request", (req) => {
    if (!req.url().startsWith(URL_BASE)) problems.push(`request outside the server: ${req.url()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const main = () => page.$eval("main", (m) => m.textContent);

  await page.goto(URL_BASE + "ja/b/");
  await page.waitForSelector(SETTLED, WAIT);
  assert.ok((await main()).includes("元の文章です。"));

  // 1. An edit: the page reloads by itself with the new text.
  save("content/ja/b.md", GUIDE.replace("元の文章です。", "ブラウザで見る新しい文章です。"));
  await page.waitForFunction(() => document.querySelector("main")?.textContent.includes("ブラウザで見る新しい文章です。"), null, WAIT);
  await page.waitForSelector(SETTLED, WAIT);

  // 2. A broken edit (an unknown front-matter key on line 2, named like markup): the
  //    overlay names the place and shows the message as text; the page stays as it was.
  const broken = GUIDE.replace('title = "', '"<img src=x id=injected>" = 1\ntitle = "');
  save("content/ja/b.md", broken);
  await page.waitForSelector("#tebiki-serve-overlay", WAIT);
  const where = await page.$eval("#tebiki-serve-overlay .tebiki-serve-where", (e) => e.textContent);
  assert.equal(where, "content/ja/b.md:2");
  const message = await page.$eval("#tebiki-serve-overlay .tebiki-serve-message", (e) => e.textContent);
  assert.match(message, /<img src=x id=injected>/, "the message, as text");
  assert.equal(await page.$("#injected"), null, "no markup from the message became an element");
  assert.equal(await page.$eval("#tebiki-serve-overlay", (e) => getComputedStyle(e).position), "fixed", "the overlay's stylesheet applied");
  assert.equal(await page.$eval("#tebiki-serve-overlay .tebiki-serve-title", (e) => e.textContent), "ビルドに失敗しました");
  assert.ok((await main()).includes("ブラウザで見る新しい文章です。"), "the last good page stays");
  await page.screenshot({ path: path.join(ARTIFACTS, "serve-overlay.png") });

  // 3. Fixed: the page reloads, without the overlay, with the fixed text.
  save("content/ja/b.md", GUIDE.replace("元の文章です。", "直した文章です。"));
  await page.waitForFunction(() => document.querySelector("main")?.textContent.includes("直した文章です。"), null, WAIT);
  await page.waitForSelector(SETTLED, WAIT);
  assert.equal(await page.$("#tebiki-serve-overlay"), null);

  assert.deepEqual(problems, []);
  await context.close();
});
