// Checklists, briefs and the handbook in headless Chromium, from disk (file://) and over
// http. Run by `cargo test` (tests/checklists.rs), which builds the bundled site in both
// languages and passes TEBIKI_SITE, TEBIKI_ARTIFACTS and TEBIKI_CHROMIUM.
//
// On each scheme: tick items, reload, find them ticked with the same times, see them on
// the guide page; export Markdown and CSV (intercepting the downloads) and compare them
// with what the page shows; reset through the dialog (cancel first). Then: a browser that
// refuses storage is told so, and keeps ticks for the page's life; a renamed guide (its
// old slug an alias) keeps the ticks kept under the old slug; the two languages keep
// separate records; the print view has empty boxes; axe-core finds nothing on the new
// pages.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { launch, serve, openPage, fileBase } from "./browser_harness.mjs";

const require = createRequire(import.meta.url);
const SITE = path.resolve(process.env.TEBIKI_SITE || "");
const ARTIFACTS = process.env.TEBIKI_ARTIFACTS;
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SLUG = "data-breach-litigation";
const CHECKLIST = `ja/${SLUG}/checklist/index.html`;
const GUIDE = `ja/${SLUG}/index.html`;
// Tokyo has no daylight saving time, so every time in this file is UTC + 9 h.
const CONTEXT = { timezoneId: "Asia/Tokyo", viewport: { width: 1100, height: 900 } };

assert.ok(fs.existsSync(path.join(SITE, CHECKLIST)), "TEBIKI_SITE must name a built bundled site");
assert.ok(ARTIFACTS, "TEBIKI_ARTIFACTS must name a folder for screenshots");

let browser;
let server;
let httpBase;

before(async () => {
  browser = await launch();
  server = await serve(SITE);
  httpBase = `http://127.0.0.1:${server.address().port}/`;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** `2025-03-01T01:02:03.000Z` → `2025-03-01T10:02:03+09:00`, computed here on its own. */
function tokyo(iso) {
  const d = new Date(Date.parse(iso) + 9 * 3600 * 1000);
  return d.toISOString().slice(0, 19) + "+09:00";
}

/** What the checklist page shows: title, groups with items, and ticked items' times. */
async function shown(page) {
  return page.evaluate(() => ({
    title: document.querySelector("[data-checklist-tools]").dataset.title,
    site: document.querySelector("[data-checklist-tools]").dataset.site,
    groups: [...document.querySelectorAll("[data-group]")].map((g) => ({
      number: g.dataset.number,
      heading: g.dataset.heading,
      items: [...g.querySelectorAll("input[data-item]")].map((i) => ({
        id: i.dataset.item,
        text: document.querySelector(`label[for="${i.id}"]`).textContent.trim(),
        checked: i.checked,
        at: document.querySelector(`[data-time-for="${i.dataset.item}"] time`).getAttribute("datetime"),
      })),
    })),
    progress: document.querySelector("[data-progress-text]").textContent,
  }));
}

async function download(page, action) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`button[data-action=${action}]`)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, "utf8") };
}

for (const [scheme, baseOf] of [
  ["file://", () => fileBase(SITE)],
  ["http", () => httpBase],
]) {
  test(`${scheme}: ticks survive a reload with their times, export as Markdown and CSV, and reset`, async () => {
    const base = baseOf();
    const { context, page, problems } = await openPage(browser, base, CONTEXT);
    await page.goto(base + CHECKLIST);
    await page.waitForSelector("button[data-action=export-md]:not([hidden])");
    assert.equal(await page.isVisible("[data-storage-warning]"), false, "storage works here");
    const before = await shown(page);
    const all = before.groups.flatMap((g) => g.items);
    assert.ok(all.length >= 10, `only ${all.length} items`);
    assert.equal(before.progress, `0 / ${all.length}`);
    assert.ok(all.every((i) => !i.checked));

    // Tick the first item of the first group and the last item of the last group.
    const first = all[0];
    const last = all[all.length - 1];
    for (const item of [first, last]) {
      await page.click(`label[for="item-${item.id}"]`);
      await page.waitForSelector(`[data-time-for="${item.id}"]:not([hidden])`);
    }
    const ticked = await shown(page);
    assert.equal(ticked.progress, `2 / ${all.length}`);
    assert.equal(await page.textContent("[data-checklist-status]"), `進捗 2 / ${all.length}`, "a tick is read out");
    assert.equal(await page.$eval("progress[data-progress]", (p) => `${p.value}/${p.max}`), `2/${all.length}`);
    const times = ticked.groups.flatMap((g) => g.items).filter((i) => i.checked);
    assert.deepEqual(times.map((i) => i.id), [first.id, last.id]);
    for (const i of times) assert.ok(!Number.isNaN(Date.parse(i.at)), `time of ${i.id}: ${i.at}`);
    const shownTime = await page.$eval(`[data-time-for="${first.id}"] time`, (t) => t.textContent);
    assert.equal(shownTime, tokyo(times[0].at).slice(0, 16).replace("T", " "), "the time is shown in local time");

    // A reload keeps both ticks and their times.
    await page.reload();
    await page.waitForSelector("button[data-action=export-md]:not([hidden])");
    const reloaded = await shown(page);
    assert.deepEqual(reloaded, ticked);

    // The guide page shows the same ticks in its sections.
    await page.goto(base + GUIDE);
    await page.waitForFunction((id) => document.querySelector(`input[data-item="${id}"]`)?.checked, first.id);
    const onGuide = await page.$$eval("input[data-item]", (xs) => xs.filter((x) => x.checked).map((x) => x.dataset.item));
    assert.deepEqual(onGuide, [first.id, last.id]);
    const groupCount = await page.$eval(`input[data-item="${first.id}"]`, (i) =>
      i.closest("[data-group]").querySelector("[data-group-progress]").textContent,
    );
    assert.match(groupCount, /^1 \/ \d+$/);
    // Ticked on the guide page, the progress is read out there too (and the tick taken back).
    const other = await page.$eval(`input[data-item="${all[1].id}"]`, (i) => i.id);
    await page.click(`label[for="${other}"]`);
    await page.waitForFunction(() => document.querySelector("[data-checklist-status]")?.textContent.length > 0);
    assert.equal(await page.textContent("[data-checklist-status]"), `進捗 3 / ${all.length}`);
    await page.click(`label[for="${other}"]`);
    assert.equal(await page.textContent("[data-checklist-status]"), `進捗 2 / ${all.length}`);
    await page.goBack();
    await page.waitForSelector("button[data-action=export-md]:not([hidden])");

    // Markdown export: the ticked items under their sections, with local times.
    const md = await download(page, "export-md");
    assert.match(md.name, new RegExp(`^${SLUG}-checklist-\\d{8}-\\d{4}\\.md$`));
    const lines = md.text.split("\n");
    assert.equal(lines[0], `# ${ticked.title} — チェックリスト記録`);
    assert.equal(lines[2], `- サイト: ${ticked.site}`);
    assert.match(lines[3], /^- 書き出し日時: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
    assert.equal(lines[4], `- 進捗: 2 / ${all.length}`);
    const g0 = ticked.groups[0];
    const gN = ticked.groups[ticked.groups.length - 1];
    const expected = [
      `## ${g0.number} ${g0.heading}`,
      "",
      `- [x] ${first.text} — ${tokyo(times[0].at)}`,
      "",
      `## ${gN.number} ${gN.heading}`,
      "",
      `- [x] ${last.text} — ${tokyo(times[1].at)}`,
      "",
    ];
    // (These texts hold nothing Markdown would escape; escaping is unit-tested.)
    assert.ok([first.text, last.text, g0.heading, gN.heading].every((t) => !/[\\`*_[\]<>#|~]/.test(t)));
    assert.deepEqual(lines.slice(6), expected);

    // CSV export: a byte-order mark, the header, one row per ticked item.
    const csv = await download(page, "export-csv");
    assert.match(csv.name, new RegExp(`^${SLUG}-checklist-\\d{8}-\\d{4}\\.csv$`));
    const field = (s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    assert.equal(
      csv.text,
      "\uFEFFsection,heading,item,ticked_at,id\r\n" +
        `${g0.number},${field(g0.heading)},${field(first.text)},${tokyo(times[0].at)},${first.id}\r\n` +
        `${gN.number},${field(gN.heading)},${field(last.text)},${tokyo(times[1].at)},${last.id}\r\n`,
    );

    // Reset asks first: cancelling keeps the ticks, confirming clears them for good.
    await page.click("button[data-action=reset]");
    assert.ok(await page.isVisible("dialog[data-reset-dialog]"), "the reset dialog opens");
    await page.click("dialog[data-reset-dialog] button[value=cancel]");
    assert.equal(await page.isVisible("dialog[data-reset-dialog]"), false);
    assert.equal((await shown(page)).progress, `2 / ${all.length}`);
    await page.click("button[data-action=reset]");
    await page.click("dialog[data-reset-dialog] button[value=reset]");
    await page.waitForFunction(() => document.querySelector("[data-progress-text]").textContent.startsWith("0 /"));
    assert.equal(await page.textContent("[data-checklist-status]"), "チェックをすべて外しました。");
    await page.reload();
    await page.waitForSelector("button[data-action=export-md]:not([hidden])");
    const cleared = await shown(page);
    assert.ok(cleared.groups.flatMap((g) => g.items).every((i) => !i.checked), "nothing ticked after reset and reload");
    const key = await page.$eval('meta[name="tebiki-checklist"]', (m) => m.content);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), null, "reset removes the record");

    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a browser that refuses storage is told so, and keeps ticks while the page is open", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base, CONTEXT);
  await context.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The user denied storage", "SecurityError");
      },
    });
  });
  await page.goto(base + CHECKLIST);
  await page.waitForSelector("[data-storage-warning]:not([hidden])");
  assert.match(await page.textContent("[data-storage-warning]"), /保存を許可していません/);
  const id = await page.$eval("input[data-item]", (i) => i.dataset.item);
  await page.click(`label[for="item-${id}"]`);
  await page.waitForSelector(`[data-time-for="${id}"]:not([hidden])`);
  assert.match(await page.textContent("[data-progress-text]"), /^1 \//);
  await page.goto(base + GUIDE);
  assert.ok(await page.isVisible("[data-storage-warning]"), "the guide page warns too");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a renamed guide keeps the ticks kept under its old slug (an alias)", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base, CONTEXT);
  await page.goto(base + "ja/old-breach/checklist/index.html");
  await page.waitForURL((url) => url.href.endsWith(CHECKLIST), { timeout: 5000 });
  const key = await page.$eval('meta[name="tebiki-checklist"]', (m) => m.content);
  const was = await page.$eval('meta[name="tebiki-checklist-was"]', (m) => m.content);
  assert.ok(was.endsWith(":ja:old-breach"), was);
  const id = await page.$eval("input[data-item]", (i) => i.dataset.item);
  await page.evaluate(([key, was, id]) => {
    localStorage.removeItem(key);
    localStorage.setItem(was, JSON.stringify({ v: 1, ticked: { [id]: "2026-01-02T03:04:05.000Z" } }));
  }, [key, was, id]);
  await page.reload();
  await page.waitForFunction((id) => document.querySelector(`input[data-item="${CSS.escape(id)}"]`)?.checked, id);
  assert.equal(await page.evaluate((was) => localStorage.getItem(was), was), null, "the old record moved");
  assert.match(await page.evaluate((key) => localStorage.getItem(key), key), /2026-01-02T03:04:05/);
  // A record under the current key wins: an old one left over is not merged into it.
  await page.evaluate(([was, id]) => localStorage.setItem(was, JSON.stringify({ v: 1, ticked: { [id + "x"]: "2026-01-03T00:00:00.000Z" } })), [was, id]);
  await page.reload();
  await page.waitForFunction((id) => document.querySelector(`input[data-item="${CSS.escape(id)}"]`)?.checked, id);
  assert.ok(await page.evaluate((was) => localStorage.getItem(was), was), "left as it was");
  await page.evaluate(([key, was]) => { localStorage.removeItem(key); localStorage.removeItem(was); }, [key, was]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the two languages, and two sites, keep separate records", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base, CONTEXT);
  await page.goto(base + CHECKLIST);
  await page.waitForSelector("button[data-action=export-md]:not([hidden])");
  await page.click("input[data-item] >> nth=0");
  const jaKey = await page.$eval('meta[name="tebiki-checklist"]', (m) => m.content);
  await page.goto(base + `en/${SLUG}/checklist/index.html`);
  await page.waitForSelector("button[data-action=export-md]:not([hidden])");
  const enKey = await page.$eval('meta[name="tebiki-checklist"]', (m) => m.content);
  assert.notEqual(jaKey, enKey);
  assert.equal(await page.$$eval("input[data-item]", (xs) => xs.filter((x) => x.checked).length), 0);
  assert.match(await page.textContent("[data-progress-text]"), /^0 \//);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert.deepEqual(keys, [jaKey]);
  assert.match(jaKey, /^tebiki\.checklist\.v1:[0-9a-f]{12}:ja:data-breach-litigation$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("printed, a checklist is a form with empty boxes; screenshots of the new pages", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base, CONTEXT);
  await page.goto(base + CHECKLIST);
  await page.waitForSelector("button[data-action=export-md]:not([hidden])");
  await page.click("input[data-item] >> nth=0");
  await page.screenshot({ path: path.join(ARTIFACTS, "checklist-desktop.png") });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("input[data-item]"), false, "no live checkboxes in print");
  assert.ok(await page.isVisible(".print-box"), "empty boxes in print");
  assert.equal(await page.isVisible(".checklist-tools"), false, "no buttons in print");
  assert.equal(await page.isVisible(".checklist-time"), false, "no times in print: the form is blank");
  await page.screenshot({ path: path.join(ARTIFACTS, "checklist-print.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
  for (const [name, p] of [
    ["brief", `ja/${SLUG}/brief/index.html`],
    ["briefing", "ja/briefing/index.html"],
    ["handbook", "ja/print/index.html"],
    ["guide-checklist", GUIDE + "#s3"],
  ]) {
    await page.goto(base + p);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-desktop.png`) });
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("a guide's print view is its chapter, brief and checklist alone in the handbook, on screen and printed", async () => {
  const base = fileBase(SITE);
  const { context, page, problems } = await openPage(browser, base, CONTEXT);
  await page.goto(base + `ja/${SLUG}/print/index.html`);
  await page.waitForURL(/ja\/print\/index\.html#only-g\d+$/);
  const n = page.url().match(/#only-g(\d+)$/)[1];
  const shown = (selector) =>
    page.$$eval(selector, (els) => els.filter((e) => e.getClientRects().length > 0).map((e) => e.id || e.getAttribute("href")));
  const alone = async (media) => {
    assert.deepEqual(await shown("main > article"), [`g${n}`, `a${n}`, `b${n}`], media);
    assert.deepEqual(await shown(".hb-cover, .hb-appendix-title"), [], `${media}: no cover, no appendix titles`);
    const toc = await shown(".hb-toc a");
    const sections = await page.$$eval(`article#g${n} > section.section`, (s) => s.map((e) => `#${e.id}`));
    assert.deepEqual(toc, [`#g${n}`, ...sections, `#a${n}`, `#b${n}`], `${media}: contents`);
    assert.equal((await shown(".hb-toc-group")).length, 2, `${media}: the appendices named`);
  };
  await alone("screen");
  assert.deepEqual(await shown(".hb-back a"), [`../${SLUG}/index.html`], "the way back to the guide");
  assert.ok(await page.isVisible(".hb-note-alone"));
  assert.equal(await page.isVisible(".hb-note-whole"), false);
  await page.screenshot({ path: path.join(ARTIFACTS, "print-view-desktop.png") });
  await page.emulateMedia({ media: "print" });
  await alone("print");
  assert.deepEqual(await shown(".hb-back a, .hb-screen-note"), [], "printed: no screen notes");
  await page.emulateMedia({ media: "screen" });
  // Alone, whichever guide it is, every link of the contents leads to something shown.
  const markers = await page.$$eval(".hb-only", (els) => els.map((e) => e.id));
  for (const marker of markers) {
    await page.goto(base + `ja/print/index.html#${marker}`);
    const hidden = await page.$$eval(".hb-toc a", (links) =>
      links
        .filter((a) => a.getClientRects().length > 0)
        .map((a) => a.getAttribute("href"))
        .filter((href) => !document.getElementById(href.slice(1))?.getClientRects().length),
    );
    assert.deepEqual(hidden, [], `#${marker}: contents links to what is hidden`);
  }
  await page.goto(base + `ja/print/index.html#only-g${n}`);
  // A link within the view goes to its place and the view stays one guide's.
  const inner = await page.$$eval(".hb-toc a", (links) => links.filter((a) => a.getClientRects().length > 0).map((a) => a.getAttribute("href")));
  await page.click(`.hb-toc a[href="${inner[1]}"]`);
  await page.waitForTimeout(100);
  assert.equal(new URL(page.url()).hash, `#only-g${n}`, "the address stays the view's");
  await alone("screen, after a link within the view");
  // Without the marker, the whole handbook.
  await page.click(".hb-note-alone a");
  await page.waitForURL(/ja\/print\/index\.html$/);
  assert.ok((await shown("main > article.hb-guide")).length > 1, "every guide");
  assert.ok(await page.isVisible(".hb-cover"));
  assert.deepEqual(await shown(".hb-back a"), []);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violations on briefs, checklists, the handbook and a print view (${colorScheme})`, async () => {
    const base = fileBase(SITE);
    const { context, page, problems } = await openPage(browser, base, { ...CONTEXT, colorScheme });
    const pages = [
      CHECKLIST,
      `ja/${SLUG}/brief/index.html`,
      "ja/briefing/index.html",
      "ja/checklists/index.html",
      "ja/print/index.html",
      `ja/${SLUG}/print/index.html`,
      `en/${SLUG}/checklist/index.html`,
    ];
    for (const p of pages) {
      await page.goto(base + p);
      // A guide's print view goes on to its guide alone in the handbook.
      if (p.endsWith("/print/index.html") && p !== "ja/print/index.html") await page.waitForURL(/#only-g\d+$/);
      await page.evaluate(AXE);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"], preload: false }));
      const violations = result.violations.map(
        (v) => `${p}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.failureSummary).join("\n    ")}`,
      );
      assert.deepEqual(violations, [], violations.join("\n"));
      assert.ok(result.passes.length > 15, `${p}: axe checked only ${result.passes.length} rules`);
    }
    // The reset dialog, open.
    await page.goto(base + CHECKLIST);
    await page.waitForSelector("button[data-action=reset]:not([hidden])");
    await page.click("button[data-action=reset]");
    await page.evaluate(AXE);
    const open = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"], preload: false }));
    const openViolations = open.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.failureSummary).join("; ")}`);
    assert.deepEqual(openViolations, [], "the open reset dialog");
    assert.deepEqual(problems, []);
    await context.close();
  });
}
