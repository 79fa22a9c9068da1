// Browser tests of the bilingual behaviour of a built tebiki site, in headless Chromium
// (Debian's package, driven by playwright-core), from disk (file://). Run from
// `cargo test` (tests/browser.rs), which builds the bundled site and passes TEBIKI_SITE
// and TEBIKI_CHROMIUM.
//
// - The language switcher, used while reading a section, lands on the same section of
//   the same guide in the other language.
// - The root page goes to the browser's preferred language when script runs, and a
//   choice made on the switcher wins over the browser's preference afterwards.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const SITE = process.env.TEBIKI_SITE;
assert.ok(SITE && fs.existsSync(path.join(SITE, "index.html")), "TEBIKI_SITE must name a built site");
const base = pathToFileURL(path.resolve(SITE)).href + "/";

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** The id of the section whose heading is nearest below the top of the viewport. */
async function sectionInView(page) {
  // Wait for a (smooth) scroll to settle: the position unchanged over two frames.
  await page.waitForFunction(
    () =>
      new Promise((resolve) => {
        const y = window.scrollY;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY === y)));
      }),
    null,
    { timeout: 5000 },
  );
  return page.evaluate(() => {
    const line = window.innerHeight * 0.25;
    let id = "";
    for (const s of document.querySelectorAll("main section[id]")) {
      if (s.getBoundingClientRect().top <= line) id = s.id;
    }
    return id;
  });
}

for (const [from, to] of [
  ["en", "ja"],
  ["ja", "en"],
]) {
  test(`switching ${from} → ${to} from a section lands on the same section`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const slug = "vm-failure-ransomware-response";
    await page.goto(`${base}${from}/${slug}/index.html`);
    // Read down into section 5, as a reader would, then use the section's own link.
    await page.evaluate(() => document.getElementById("s5-2").scrollIntoView({ block: "start", behavior: "instant" }));
    await page.waitForTimeout(100);
    assert.equal(await sectionInView(page), "s5-2");
    const link = page.locator(`#s5 > .heading a.section-lang[hreflang="${to}"]`);
    await Promise.all([page.waitForURL(`**/${to}/${slug}/index.html#s5`), link.click()]);
    assert.equal(await page.evaluate(() => document.documentElement.lang), to);
    await page.waitForTimeout(100);
    assert.equal(await sectionInView(page), "s5", "the same section is in view");

    // Arriving at a subsection by its address (a search result, a shared link), the
    // header's switcher keeps it.
    await page.goto(`${base}${from}/${slug}/index.html#s3-2`);
    const header = page.locator(`nav.lang-switch a[hreflang="${to}"]`);
    await Promise.all([page.waitForURL(`**/${to}/${slug}/index.html#s3-2`), header.click()]);
    await page.waitForTimeout(100);
    assert.equal(await sectionInView(page), "s3-2");
    await page.close();
  });
}

test("the header's switcher keeps the section the reader rested on after scrolling back up, and the search page's query", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const slug = "vm-failure-ransomware-response";
  await page.goto(`${base}ja/${slug}/index.html`);
  await page.evaluate(() => document.getElementById("s4").scrollIntoView({ block: "start", behavior: "instant" }));
  await page.waitForTimeout(1300);
  // Back up to the header, past the sections above, as a mouse reader does.
  for (const y of [3000, 2000, 1000, 0]) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
  const header = page.locator('nav.lang-switch a[hreflang="en"]');
  await Promise.all([page.waitForURL(`**/en/${slug}/index.html#s4`), header.click()]);
  await page.waitForTimeout(100);
  assert.equal(await sectionInView(page), "s4");

  // A reader who has not scrolled keeps the top of the page.
  await page.goto(`${base}ja/${slug}/index.html`);
  await Promise.all([page.waitForURL(`**/en/${slug}/index.html`), header.click()]);

  // A checklist opened at one of its groups (the ids follow the sections').
  const at = "cg-s10";
  await page.goto(`${base}ja/${slug}/checklist/index.html#${at}`);
  await Promise.all([page.waitForURL(`**/en/${slug}/checklist/index.html#${at}`), header.click()]);

  await page.goto(`${base}ja/search/index.html?q=${encodeURIComponent("証拠保全")}`);
  await Promise.all([page.waitForURL(/en\/search\/index\.html\?q=/), header.click()]);
  assert.equal(new URL(page.url()).searchParams.get("q"), "証拠保全", "the query goes along");
  assert.equal(await page.locator("#site-search-input").inputValue(), "証拠保全");
  await page.close();
});

test("the root page follows the browser's language, then the reader's choice", async () => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${base}index.html`);
  await page.waitForURL("**/en/index.html");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  // Choose Japanese on the switcher; the root now sends this reader to Japanese.
  await Promise.all([page.waitForURL("**/ja/index.html"), page.locator('nav.lang-switch a[hreflang="ja"]').click()]);
  await page.goto(`${base}index.html`);
  await page.waitForURL("**/ja/index.html");
  await context.close();

  const ja = await browser.newContext({ locale: "ja-JP" });
  const p2 = await ja.newPage();
  await p2.goto(`${base}index.html`);
  await p2.waitForURL("**/ja/index.html");
  await ja.close();
});

test("without script the root page offers both languages", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${base}index.html`);
  const langs = await page.locator(".language-list a[hreflang]").evaluateAll((as) => as.map((a) => a.hreflang));
  assert.deepEqual(langs, ["ja", "en"]);
  assert.ok(page.url().endsWith("/index.html") && !page.url().includes("/en/"));
  await context.close();
});

test("the header's switcher follows the reader who read on past the section in the address", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const slug = "vm-failure-ransomware-response";
  // In by a link to section 2 (the contents, a search result), then on to section 9.
  await page.goto(`${base}ja/${slug}/index.html#s2`);
  await page.evaluate(() => document.getElementById("s9").scrollIntoView({ block: "start", behavior: "instant" }));
  await page.waitForTimeout(1300);
  const header = page.locator('nav.lang-switch a[hreflang="en"]');
  await Promise.all([page.waitForURL(`**/en/${slug}/index.html#s9`), header.click()]);
  await page.close();
});

test("from one guide's print view the switcher leads to that guide's print view in the other language", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}ja/print/index.html#only-g2`);
  const other = await page.locator("#g2").getAttribute("data-print-en");
  const slug = /en\/([^/]+)\/print\/index\.html$/.exec(other ?? "")?.[1];
  assert.ok(slug, `guide 2 names its English print view: ${other}`);
  const header = page.locator('nav.lang-switch a[hreflang="en"]');
  await Promise.all([page.waitForURL(/en\/print\/index\.html#only-g\d+$/), header.click()]);
  const shown = new URL(page.url()).hash.slice("#only-".length);
  const back = await page.locator(`#${shown}`).getAttribute("data-print-ja");
  assert.match(back ?? "", new RegExp(`ja/${slug}/print/index\\.html$`), "the same guide, in English alone");
  await page.close();
});

