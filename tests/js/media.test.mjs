// Browser tests of a site with images, links between guides and moved pages, in headless
// Chromium (Debian's package, driven by playwright-core). Run from `cargo test`
// (tests/browser.rs), which builds the fixture site tests/fixtures/media-site/ and passes
// TEBIKI_SITE and TEBIKI_CHROMIUM.
//
// From disk (file://) and from a loopback HTTP server: the guide's images load (a PNG and
// an SVG, in a section and in a callout) at the size the page gives them, the link to
// another guide's section lands there, an old address goes on to the guide without
// script (with script, to the section its #fragment names; the brief and checklist at
// the old address go on too), nothing logs an error and no request leaves the site; axe-core finds no
// violations on the image pages in light and dark mode.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { launchChromium } from "./chromium.mjs";
import { serve, fileBase, openPage } from "./browser_harness.mjs";

const require = createRequire(import.meta.url);
const SITE = process.env.TEBIKI_SITE;
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const GUIDE = "ja/escalation/index.html";
const PAGES = [GUIDE, "ja/escalation/brief/index.html", "ja/contacts/index.html", "ja/print/index.html"];

assert.ok(SITE && fs.existsSync(path.join(SITE, GUIDE)), "TEBIKI_SITE must name the built media fixture");

let browser;
let server;
const bases = {};

before(async () => {
  browser = await launchChromium();
  server = await serve(path.resolve(SITE));
  bases["file://"] = fileBase(SITE);
  bases.http = `http://127.0.0.1:${server.address().port}/`;
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Every image of `main`, scrolled into view so that lazy ones load, once loaded. */
async function loadedImages(page) {
  const count = await page.locator("main img").count();
  for (let i = 0; i < count; i++) {
    await page.locator("main img").nth(i).scrollIntoViewIfNeeded();
  }
  await page.waitForFunction(() => [...document.querySelectorAll("main img")].every((img) => img.complete), null, {
    timeout: 5000,
  });
  return page.$$eval("main img", (imgs) =>
    imgs.map((img) => ({
      src: img.getAttribute("src"),
      natural: [img.naturalWidth, img.naturalHeight],
      shown: img.getBoundingClientRect().width > 0,
    })),
  );
}

for (const scheme of ["file://", "http"]) {
  test(`${scheme}: images load, a guide link lands on its section, an old address goes on`, async () => {
    const base = bases[scheme];
    const { context, page, problems } = await openPage(browser, base, { viewport: { width: 1280, height: 900 } });
    await page.goto(base + GUIDE);
    const images = await loadedImages(page);
    assert.deepEqual(
      images.map((i) => i.natural),
      [
        [40, 30],
        [120, 80],
      ],
      JSON.stringify(images),
    );
    assert.ok(images.every((i) => i.shown), JSON.stringify(images));

    for (const p of PAGES.slice(1)) {
      await page.goto(base + p);
      const imgs = await loadedImages(page);
      assert.ok(imgs.length > 0 && imgs.every((i) => i.natural[0] > 0), `${p}: ${JSON.stringify(imgs)}`);
    }

    await page.goto(base + GUIDE);
    await page.click("text=連絡体制の第2節");
    await page.waitForURL(/ja\/contacts\/index\.html#s2$/);
    assert.equal(await page.$eval("#s2 h2", (h) => h.textContent.trim()), "2 連絡先の一覧");

    await page.goto(base + "ja/old-escalation/index.html");
    await page.waitForURL((url) => url.href.endsWith(GUIDE), { timeout: 5000 });
    assert.equal(await page.$eval("h1", (h) => h.textContent.trim()), "エスカレーションの手順");
    // The old address of a section lands on the section; the guide's other pages moved too.
    await page.goto(base + "ja/old-escalation/index.html#s1");
    await page.waitForURL((url) => url.href.endsWith(GUIDE + "#s1"), { timeout: 5000 });
    await page.goto(base + "ja/escalation-2024/checklist/index.html");
    await page.waitForURL((url) => url.href.endsWith("ja/escalation/checklist/index.html"), { timeout: 5000 });

    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violations on the image pages (${colorScheme})`, async () => {
    const base = bases["file://"];
    const { context, page, problems } = await openPage(browser, base, {
      colorScheme,
      viewport: { width: 1280, height: 900 },
    });
    for (const p of PAGES) {
      await page.goto(base + p);
      await loadedImages(page);
      // Evaluated through the DevTools protocol, which the page's CSP does not govern.
      await page.evaluate(AXE);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"], preload: false }));
      const violations = result.violations.map(
        (v) =>
          `${p}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" ") + " " + n.failureSummary)
            .join("\n    ")}`,
      );
      assert.deepEqual(violations, [], violations.join("\n"));
      assert.ok(result.passes.some((r) => r.id === "image-alt"), `${p}: axe did not check the images' alt text`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}
