// Browser tests of a built tebiki site in headless Chromium (Debian's package, driven
// by playwright-core). Run from `cargo test` (tests/browser.rs), which builds the site
// and passes:
//   TEBIKI_SITE       the built output folder
//   TEBIKI_ARTIFACTS  where screenshots go (tests/artifacts/, git-ignored)
//   TEBIKI_CHROMIUM   the browser (default /usr/bin/chromium)
//
// The site is opened from disk (file://) and from a loopback HTTP server started here
// on port 0. On both: contents links lead to their sections, the scripts and styles
// run under the page's Content-Security-Policy, nothing logs an error, and no request
// leaves the site. axe-core scans the main pages in light and dark mode.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { serve, openPage as harnessOpenPage } from "./browser_harness.mjs";

const require = createRequire(import.meta.url);
const SITE = process.env.TEBIKI_SITE;
const ARTIFACTS = process.env.TEBIKI_ARTIFACTS;
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const GUIDE = "ja/data-breach-litigation/index.html";

assert.ok(SITE && fs.existsSync(path.join(SITE, "index.html")), "TEBIKI_SITE must name a built site");
assert.ok(ARTIFACTS, "TEBIKI_ARTIFACTS must name a folder for screenshots");

let browser;
let server;
let httpBase;
const fileBase = pathToFileURL(path.resolve(SITE)).href + "/";

before(async () => {
  browser = await launchChromium();
  server = await serve(path.resolve(SITE));
  httpBase = `http://127.0.0.1:${server.address().port}/`;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** A page that records every problem (see browser_harness.mjs). */
function openPage(base, options = {}) {
  return harnessOpenPage(browser, base, options);
}

for (const [scheme, baseOf] of [
  ["file://", () => fileBase],
  ["http", () => httpBase],
]) {
  test(`${scheme}: contents links lead to their sections, with scripts and styles running`, async () => {
    const base = baseOf();
    const { context, page, problems } = await openPage(base, { viewport: { width: 1280, height: 900 } });
    await page.goto(base + GUIDE);

    // The stylesheet applied (the CSP let it load): the theme's page colour, not white.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, "rgb(251, 250, 247)", "tebiki.css did not apply");
    // The script ran (the CSP let it run): the contents mark the section being read.
    await page.waitForSelector("nav.toc a[aria-current=location]", { timeout: 5000 });

    const hrefs = await page.$$eval("nav.toc a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length >= 20, `only ${hrefs.length} contents links`);
    for (const href of hrefs) {
      await page.click(`nav.toc a[href="${href}"]`);
      const hash = await page.evaluate(() => location.hash);
      assert.equal(hash, href);
      const top = await page.$eval(href, (el) => el.getBoundingClientRect().top);
      const inView = await page.$eval(href, (el) => {
        const r = el.getBoundingClientRect();
        return r.top < window.innerHeight && r.bottom > 0;
      });
      assert.ok(inView, `${href}: section not in view after following its link (top ${top})`);
    }
    // Back to a section in the middle: the contents mark it as the current one.
    await page.click('nav.toc a[href="#s3"]');
    await page.waitForFunction(
      () => document.querySelector("nav.toc a[aria-current=location]")?.getAttribute("href") === "#s3",
      null,
      { timeout: 5000 },
    );

    // From the guide to the home and on to another guide, by links.
    await page.click("nav.breadcrumbs a");
    assert.ok(page.url().endsWith("ja/index.html"), page.url());
    await page.click(".guide-card h2 a >> nth=1");
    assert.ok(/ja\/[a-z0-9-]+\/index\.html$/.test(page.url()), page.url());
    await page.waitForSelector("nav.toc a[aria-current=location]");

    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("file://: every page opens with no errors and no outside requests", async () => {
  // Every page of the site: the root, 404, and per language its home, search, briefing,
  // checklists and handbook, and per guide its page, brief, checklist and print view.
  const pages = fs
    .readdirSync(SITE, { recursive: true })
    .map((p) => p.split(path.sep).join("/"))
    .filter((p) => p.endsWith(".html"))
    .sort();
  assert.equal(pages.length, 2 + 2 * (5 + 4 * 5), pages.join("\n"));
  const { context, page, problems } = await openPage(fileBase);
  for (const p of pages) {
    await page.goto(fileBase + p);
    // A guide's print view goes on at once to the guide alone in the handbook.
    if (/^[a-z]+\/[^/]+\/print\/index\.html$/.test(p)) await page.waitForURL(/#only-g\d+$/);
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(csp, /^default-src 'self';/, p);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the root page offers the languages and works without script", async () => {
  const { context, page, problems } = await openPage(fileBase, { javaScriptEnabled: false });
  await page.goto(fileBase + "index.html");
  await page.click("a.language-choice[hreflang=ja]");
  assert.ok(page.url().endsWith("ja/index.html"), page.url());
  await page.goto(fileBase + "ja/search/index.html");
  assert.ok(await page.isVisible("noscript p, .notice"), "the search page says it needs JavaScript");
  assert.deepEqual(problems, []);
  await context.close();
});

const SHOTS = [
  ["desktop", { viewport: { width: 1280, height: 900 } }],
  ["phone", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ["desktop-dark", { viewport: { width: 1280, height: 900 }, colorScheme: "dark" }],
];

test("pages reflow at 320 px, and the contents and checklist toolbar keep focus in view", async () => {
  const EN = GUIDE.replace("ja/", "en/");
  {
    // WCAG 1.4.10: at 320 CSS px (1280 px at 400 %), nothing scrolls sideways.
    const { context, page, problems } = await openPage(fileBase, { viewport: { width: 320, height: 640 } });
    for (const rel of ["ja/index.html", "en/index.html", GUIDE, EN, EN.replace("index.html", "checklist/index.html")]) {
      await page.goto(fileBase + rel);
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(scroll <= width, `${rel}: ${scroll} px wide in a ${width} px window`);
    }
    assert.equal(await page.$eval(".checklist-tools", (el) => getComputedStyle(el).position), "static",
      "on a small screen the toolbar does not stay over the checklist");
    assert.deepEqual(problems, []);
    await context.close();
  }
  {
    // On a phone a contents link folds the contents and hands the focus to its section.
    const { context, page, problems } = await openPage(fileBase, SHOTS[1][1]);
    await page.goto(fileBase + GUIDE);
    await page.click("nav.toc summary");
    await page.click('nav.toc a[href="#s2"]');
    assert.equal(await page.$eval("nav.toc details", (d) => d.open), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "s2");
    assert.deepEqual(problems, []);
    await context.close();
  }
  {
    // On a wide screen the contents cannot be folded away by a key on their summary.
    const { context, page, problems } = await openPage(fileBase, SHOTS[0][1]);
    await page.goto(fileBase + GUIDE);
    await page.focus("nav.toc summary");
    await page.keyboard.press("Enter");
    await page.waitForTimeout(100);
    assert.equal(await page.$eval("nav.toc details", (d) => d.open), true);
    // The checklist's toolbar stays in view there: a focused item is never under it.
    await page.goto(fileBase + GUIDE.replace("index.html", "checklist/index.html"));
    const bar = await page.$eval(".checklist-tools", (el) => el.getBoundingClientRect().height);
    const boxes = await page.$$("input[data-item]");
    await boxes[boxes.length - 1].focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press("Shift+Tab");
    const top = await page.evaluate(() => document.activeElement.getBoundingClientRect().top);
    assert.ok(top >= bar, `the focused control (top ${top} px) is below the toolbar (${bar} px)`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("screenshots of the home and a guide, desktop and phone", async () => {
  for (const [name, options] of SHOTS) {
    const { context, page, problems } = await openPage(fileBase, options);
    await page.goto(fileBase + "ja/index.html");
    await page.screenshot({ path: path.join(ARTIFACTS, `home-${name}.png`) });
    await page.goto(fileBase + GUIDE.replace("ja/", "en/"));
    await page.screenshot({ path: path.join(ARTIFACTS, `guide-en-${name}.png`) });
    await page.goto(fileBase + GUIDE);
    await page.screenshot({ path: path.join(ARTIFACTS, `guide-${name}.png`) });
    await page.goto(fileBase + GUIDE + "#s2");
    await page.screenshot({ path: path.join(ARTIFACTS, `guide-s2-${name}.png`) });
    await page.$eval("[data-block=consensus]", (el) => el.scrollIntoView({ block: "center" }));
    await page.screenshot({ path: path.join(ARTIFACTS, `guide-callouts-${name}.png`) });
    // The callouts' icons are drawn by the stylesheet: each paints its 20 px square.
    for (const kind of ["consensus", "perspective"]) {
      const icon = await page.$(`[data-block=${kind}] .icon-${kind}`);
      assert.deepEqual(await icon.evaluate((el) => [el.offsetWidth, el.offsetHeight]), [20, 20], kind);
      const drawn = await icon.screenshot();
      await icon.evaluate((el) => (el.style.backgroundImage = "none"));
      assert.notDeepEqual(await icon.screenshot(), drawn, `${kind}: the icon paints nothing (${name})`);
    }
    if (name === "phone") {
      // On a phone the contents start folded, so the text comes first.
      assert.equal(await page.$eval("nav.toc details", (d) => d.open), false);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
  const { context, page } = await openPage(fileBase, { viewport: { width: 900, height: 1200 } });
  await page.emulateMedia({ media: "print" });
  await page.goto(fileBase + GUIDE + "#s2");
  assert.equal(await page.isVisible("nav.toc"), false, "print hides the contents");
  assert.equal(await page.isVisible("header.site-header"), false, "print hides the header");
  assert.equal(await page.locator(".section-lang:visible, .checklist-count:visible").count(), 0, "print hides the switches and counts");
  await page.screenshot({ path: path.join(ARTIFACTS, "guide-print.png") });
  await context.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violations (${colorScheme})`, async () => {
    const { context, page, problems } = await openPage(fileBase, { colorScheme, viewport: { width: 1280, height: 900 } });
    const open = ["ja/search/index.html?q=%E8%A8%BC%E6%8B%A0%E4%BF%9D%E5%85%A8", GUIDE + "?results"];
    for (const p of ["index.html", "ja/index.html", GUIDE, "ja/search/index.html", "en/index.html", GUIDE.replace("ja/", "en/"), ...open]) {
      await page.goto(fileBase + p.replace("?results", ""));
      // With results shown: the search page's, and the header box's list.
      if (p.endsWith("?results")) await page.locator("#site-search-input").fill("証拠保全");
      if (open.includes(p)) await page.locator(".search-result mark").first().waitFor({ timeout: 10000 });
      // Evaluated through the DevTools protocol, which the page's CSP does not govern.
      await page.evaluate(AXE);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"], preload: false }));
      const violations = result.violations.map(
        (v) => `${p}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.failureSummary).join("\n    ")}`,
      );
      assert.deepEqual(violations, [], violations.join("\n"));
      assert.ok(result.passes.length > 20, `${p}: axe checked only ${result.passes.length} rules`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}
