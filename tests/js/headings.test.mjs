// Section headings in headless Chromium. Run by `cargo test` (tests/markdown.rs), which
// builds a guidance-text guide numbered from its second section and passes TEBIKI_SITE and
// TEBIKI_CHROMIUM.
//
// The title's section is shown without a number: its heading starts where the numbers of
// the other headings do, on the guide page and in the handbook, not after an empty
// number's margin.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launch, openPage, fileBase } from "./browser_harness.mjs";

const SITE = path.resolve(process.env.TEBIKI_SITE || "");
const GUIDE = "ja/t/index.html";

assert.ok(fs.existsSync(path.join(SITE, GUIDE)), "TEBIKI_SITE must name the built numbered site");

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The left edge of the first thing shown in each heading of `selector`: its number, or
 *  its text when the number is empty. */
function starts(page, selector) {
  return page.$$eval(selector, (headings) =>
    headings.map((h) => {
      const num = h.querySelector(".num");
      if (num && num.getClientRects().length > 0 && num.textContent !== "") return num.getBoundingClientRect().left;
      const text = [...h.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== "");
      const range = document.createRange();
      range.selectNodeContents(text);
      return range.getClientRects()[0].left;
    }),
  );
}

test("the unnumbered heading starts where the numbered ones do", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base);
  for (const [file, selector] of [
    [GUIDE, "main section.section > .heading > h2"],
    ["ja/print/index.html", "h2.hb-heading"],
  ]) {
    await page.goto(base + file);
    const lefts = await starts(page, selector);
    assert.equal(lefts.length, 3, `${file}: three sections`);
    for (const left of lefts.slice(1)) {
      assert.ok(Math.abs(left - lefts[0]) < 1, `${file}: headings start at ${lefts.join(", ")}`);
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});
