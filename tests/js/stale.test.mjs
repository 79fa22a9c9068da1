// A stale translation's notice, printed, in headless Chromium. Run by `cargo test`
// (tests/stale.rs), which builds a small site whose English `guide` is behind its source
// and passes TEBIKI_SITE and TEBIKI_CHROMIUM.
//
// The guide's print view goes on to the guide alone in the handbook; there, on screen and
// printed, its chapter, brief and checklist each show the notice, and the changed
// section its note. The brief, checklist and briefing pages show the notice printed too.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launch, openPage, fileBase } from "./browser_harness.mjs";

const SITE = path.resolve(process.env.TEBIKI_SITE || "");
const PRINT_VIEW = "en/guide/print/index.html";

assert.ok(fs.existsSync(path.join(SITE, PRINT_VIEW)), "TEBIKI_SITE must name the built stale site");

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The notices and section notes of `page` that are shown: the ids of the parts holding them. */
function shownNotices(page) {
  return page.$$eval(".notice-stale, [data-stale=section]", (els) =>
    els
      .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden")
      .map((e) => `${e.closest("article, main").id || e.closest("article, main").className}:${e.dataset.stale}`),
  );
}

test("the print view shows the notice on the guide's chapter, brief and checklist, printed too", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base);
  await page.goto(base + PRINT_VIEW);
  await page.waitForURL(/en\/print\/index\.html#only-g1$/);
  const want = ["g1:sections", "g1:section", "a1:sections", "a1:section", "b1:sections", "b1:section"];
  for (const media of ["screen", "print"]) {
    await page.emulateMedia({ media });
    assert.deepEqual(await shownNotices(page), want, media);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the brief, checklist and briefing print the notice", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base);
  for (const [p, want] of [
    ["en/guide/brief/index.html", ["brief:sections", "brief:section"]],
    ["en/guide/checklist/index.html", ["main:sections", "main:section"]],
    ["en/briefing/index.html", ["brief-1:sections", "brief-1:section"]],
  ]) {
    await page.goto(base + p);
    await page.emulateMedia({ media: "print" });
    assert.deepEqual(await shownNotices(page), want, p);
    await page.emulateMedia({ media: "screen" });
  }
  assert.deepEqual(problems, []);
  await context.close();
});
