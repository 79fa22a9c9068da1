// Browser tests of the site search in headless Chromium (Debian's package, driven by
// playwright-core). Run from `cargo test` (tests/search/browser.rs), which builds a site
// with the bundled Japanese guides and the English search fixtures (one of which quotes
// <img onerror> and <script> markup) and passes TEBIKI_SITE and TEBIKI_CHROMIUM.
//
// From file:// and over a loopback HTTP server: typing a Japanese query shows results,
// Enter lands on the section with the terms marked; markup typed as a query or found in
// a guide is shown as text and runs nothing; a perspective result is labelled, its
// English word marked as English; no console errors (CSP holds).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const SITE = process.env.TEBIKI_SITE;
assert.ok(SITE && fs.existsSync(path.join(SITE, "assets/search/search-ui.js")), "TEBIKI_SITE must name a built site with search");

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" };

function serve(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let browser, server, httpBase;
const fileBase = pathToFileURL(SITE + "/").href;

before(async () => {
  browser = await launchChromium();
  server = await serve(path.resolve(SITE));
  httpBase = `http://127.0.0.1:${server.address().port}/`;
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh page that records console errors, page errors and dialogs. */
async function open(url, { clock = false } = {}) {
  const page = await browser.newPage();
  // A clock the test can stop (it runs as the real one until then).
  if (clock) await page.clock.install();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  page.on("dialog", async (d) => { problems.push("dialog: " + d.message()); await d.dismiss(); });
  await page.goto(url);
  return { page, problems };
}

/** Waits until the results box `box` (a selector) shows results of the whole `query`:
 *  those of a query typed so far are replaced once it is searched, and Enter goes to the
 *  search page while they are shown. */
async function resultsOf(page, box, query) {
  await page.waitForFunction(
    ([box, query]) => {
      const b = document.querySelector(box);
      return b?.dataset.query === query && b.querySelector(".search-result") !== null;
    },
    [box, query],
    { timeout: 10000 },
  );
}

for (const [where, base] of [["file://", () => fileBase], ["http", () => httpBase]]) {
  test(`${where}: a Japanese query shows results and Enter lands on the section with the terms marked`, async () => {
    const { page, problems } = await open(base() + "ja/data-breach-litigation/index.html");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "site-search-input", "/ focuses the box");
    await page.keyboard.type("証拠保全");
    // The first result of the whole query: those of a query typed so far are replaced when
    // it answers (under load, after the first of them showed).
    const first = page.locator(`#site-search-results .search-result[aria-selected="true"][href*="hl=${encodeURIComponent("証拠保全")}"]`);
    await first.waitFor({ timeout: 10000 });
    assert.ok((await page.locator("#site-search-results .search-result").count()) >= 3);
    assert.match(await first.locator(".heading").innerText(), /証拠保全/);
    assert.ok((await page.locator("#site-search-results mark").count()) > 0, "matched text is marked");
    assert.ok((await first.locator(".guide").innerText()).length > 0, "guide title shown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    const href = await first.getAttribute("href");
    await Promise.all([page.waitForURL(/#s\d/), page.keyboard.press("Enter")]);
    const url = new URL(page.url());
    assert.ok(url.hash.startsWith("#s"), url.href);
    assert.equal(new URL(href, base() + "ja/data-breach-litigation/index.html").href, url.href);
    await page.locator("mark.search-hit").first().waitFor({ timeout: 10000 });
    assert.ok(await page.evaluate((id) => !!document.getElementById(id), url.hash.slice(1)), "the section exists");
    const marked = await page.locator("mark.search-hit").allInnerTexts();
    assert.ok(marked.some((t) => t.includes("証拠保全")), marked.join(","));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: keys an input method composes with stay its own; the box is a combobox of its results`, async () => {
    const { page, problems } = await open(base() + "ja/data-breach-litigation/index.html");
    const input = page.locator("#site-search-input");
    assert.equal(await input.getAttribute("role"), "combobox");
    assert.equal(await input.getAttribute("aria-expanded"), "false");
    await input.focus();
    await page.keyboard.type("証拠保全");
    // The first result of the whole query: those of a query typed so far are replaced when
    // it answers (under load, after the first of them showed).
    const first = page.locator(`#site-search-results .search-result[aria-selected="true"][href*="hl=${encodeURIComponent("証拠保全")}"]`);
    await first.waitFor({ timeout: 10000 });
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    assert.equal(await input.getAttribute("aria-activedescendant"), await first.getAttribute("id"));
    assert.equal(await input.getAttribute("aria-controls"), await page.locator("#site-search-results ul").getAttribute("id"));
    const before = page.url();
    // Enter that confirms a conversion, and an arrow that picks a candidate, while composing.
    await input.evaluate((el) => {
      for (const key of ["ArrowDown", "Enter"]) {
        el.dispatchEvent(new KeyboardEvent("keydown", { key, isComposing: true, keyCode: 229, bubbles: true, cancelable: true }));
      }
    });
    await page.waitForTimeout(300);
    assert.equal(page.url(), before, "Enter while composing opens nothing");
    assert.equal(await first.getAttribute("aria-selected"), "true", "an arrow while composing moves no selection");
    await page.keyboard.press("ArrowDown");
    const second = page.locator("#site-search-results .search-result").nth(1);
    assert.equal(await second.getAttribute("aria-selected"), "true");
    assert.equal(await input.getAttribute("aria-activedescendant"), await second.getAttribute("id"));
    await page.keyboard.press("Escape");
    assert.equal(await input.getAttribute("aria-expanded"), "false");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: the search form opens the search page, also for a query with no results`, async () => {
    const { page, problems } = await open(base() + "ja/index.html");
    await page.locator("#site-search-input").fill("xyzzyqq");
    await Promise.all([page.waitForURL(/search\/index\.html\?q=xyzzyqq/), page.locator("#site-search-input").press("Enter")]);
    await page.locator("#search-page-results .search-empty").waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#site-search-input").inputValue(), "xyzzyqq");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: the list of results closes on Escape from a result and on a click elsewhere, and opens again`, async () => {
    const { page, problems } = await open(base() + "ja/data-breach-litigation/index.html");
    await page.keyboard.press("/");
    await page.keyboard.type("バックアップ");
    const results = page.locator("#site-search-results");
    // The results of the whole query: those of a query typed so far are replaced when it
    // answers, and a result focused before that would be gone.
    const final = results.locator(`.search-result[href*="hl=${encodeURIComponent("バックアップ")}"]`).first();
    await final.waitFor({ timeout: 10000 });
    await final.focus();
    await page.keyboard.press("Escape");
    assert.equal(await results.isHidden(), true, "Escape from a result closes the list");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "site-search-input", "focus back in the box");
    await page.locator("#site-search-input").blur();
    await page.locator("#site-search-input").focus();
    assert.equal(await results.isVisible(), true, "focusing the box again shows its results");
    await page.mouse.click(5, 600);
    assert.equal(await results.isHidden(), true, "a click elsewhere closes the list");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: markup in a query or a guide is shown as text and runs nothing`, async () => {
    const { page, problems } = await open(base() + "en/business-continuity/index.html");
    await page.keyboard.press("Control+k");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "site-search-input", "Ctrl+K focuses the box");
    const markup = "<img src=x onerror=alert(1)> <script>alert(2)</script>";
    await page.keyboard.type(markup);
    await resultsOf(page, "#site-search-results", markup);
    const results = page.locator("#site-search-results");
    assert.equal(await results.locator("img, script").count(), 0, "no element made from text");
    assert.match(await results.innerText(), /<img src=x onerror=alert\(1\)>/);
    await Promise.all([page.waitForURL(/hl=/), page.keyboard.press("Enter")]);
    await page.locator("mark.search-hit").first().waitFor({ timeout: 10000 });
    await page.waitForTimeout(200);
    assert.equal(await page.locator("main img[src=x], main script").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(problems, [], "no dialog, no error");
    await page.close();
  });

  test(`${where}: an English word is marked whole and in its other forms on the page a result leads to`, async () => {
    const { page, problems } = await open(base() + "en/ransomware-first-response/index.html?hl=regulator");
    await page.locator("mark.search-hit").first().waitFor({ timeout: 10000 });
    const marked = await page.locator("mark.search-hit").allInnerTexts();
    assert.ok(marked.some((t) => /^regulators$/i.test(t)), `the stemmer's other forms: ${marked}`);
    // Never inside a word: every mark stands between non-letters.
    const page2 = await open(base() + "en/ransomware-first-response/index.html?hl=" + encodeURIComponent("act pr regulator"));
    await page2.page.locator("mark.search-hit").first().waitFor({ timeout: 10000 });
    const inside = await page2.page.evaluate(() =>
      Array.from(document.querySelectorAll("mark.search-hit")).filter((m) => {
        const before = m.previousSibling?.textContent?.slice(-1) ?? "";
        const after = m.nextSibling?.textContent?.slice(0, 1) ?? "";
        return /[a-z0-9]/i.test(before) || /[a-z0-9]/i.test(after);
      }).map((m) => m.parentElement.textContent.slice(0, 60)));
    assert.deepEqual(inside, [], "`act` and `pr` are not marked inside a word (facts, press)");
    assert.deepEqual([...problems, ...page2.problems], []);
    await page.close();
    await page2.page.close();
  });

  test(`${where}: a Japanese query on an English page finds the Japanese sections, labelled as Japanese`, async () => {
    const { page, problems } = await open(base() + "en/business-continuity/index.html");
    const requested = [];
    page.on("request", (r) => requested.push(r.url()));
    await page.keyboard.press("/");
    await page.keyboard.type("証拠保全");
    // The first result of the whole query: those of a query typed so far are replaced when
    // it answers (under load, after the first of them showed).
    const first = page.locator(`#site-search-results .search-result[aria-selected="true"][href*="hl=${encodeURIComponent("証拠保全")}"]`);
    await first.waitFor({ timeout: 10000 });
    const results = page.locator("#site-search-results .search-result");
    const n = await results.count();
    assert.ok(n >= 3, `${n} results`);
    assert.deepEqual(new Set(await results.locator(".lang-label").allInnerTexts()), new Set(["Japanese"]));
    assert.equal(await results.locator(".lang-label").count(), n, "every result says its language");
    assert.equal(await results.locator('.heading[lang="ja"]').count(), n, "result text carries lang=ja");
    assert.match(await page.locator("#site-search-results .search-note").innerText(), /in Japanese/);
    for (const href of await results.evaluateAll((as) => as.map((a) => a.href))) {
      assert.match(new URL(href).pathname, /\/ja\/[^/]+\/(index\.html)?$/, href);
      assert.match(new URL(href).hash, /^#s\d+(-\d+)?$/, href);
    }
    assert.ok(requested.some((u) => u.includes("/assets/search/ja/")), "the Japanese shards were loaded");
    assert.ok(!requested.some((u) => u.endsWith("/stemmer.js")), "a Japanese query does not load the stemmer");
    await Promise.all([page.waitForURL(/\/ja\/.*#s\d/), page.keyboard.press("Enter")]);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "ja");
    await page.locator("mark.search-hit").first().waitFor({ timeout: 10000 });
    assert.ok((await page.locator("mark.search-hit").allInnerTexts()).some((t) => t.includes("証拠保全")));
    assert.deepEqual(problems, []);
    await page.close();
  });

  // Results rank by how well they answer (docs/search-format.md): a partial match can
  // rank above a full one, and each is marked where it stands.
  test(`${where}: partial matches are marked where they rank; an English query loads the stemmer`, async () => {
    const q = encodeURIComponent("ランサムウェア 初動");
    const { page, problems } = await open(base() + `ja/search/index.html?q=${q}`);
    await page.locator("#search-page-results .search-result.partial").first().waitFor({ timeout: 10000 });
    const marks = await page.locator("#search-page-results .search-result")
      .evaluateAll((as) => as.map((a) => [a.classList.contains("partial"), !!a.querySelector(".match, .related")]));
    assert.ok(!marks[0][0], `the best result has every term: ${JSON.stringify(marks)}`);
    assert.ok(marks.some(([p]) => p) && marks.some(([p]) => !p), JSON.stringify(marks));
    assert.ok(marks.every(([p, label]) => p === label), `each partial match, and only those, labelled: ${JSON.stringify(marks)}`);
    assert.equal(await page.locator("#search-page-results .match").first().innerText(), "一部の語に一致");
    const requested = [];
    page.on("request", (r) => requested.push(r.url()));
    await page.fill("#site-search-input", "");
    await page.keyboard.type("backups");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "backups");
    await resultsOf(page, "#search-page-results", "backups");
    assert.ok(requested.some((u) => u.endsWith("/stemmer.js")), "the stemmer loads for an English word");
    assert.deepEqual(problems, []);
    await page.close();
  });

  // The ranking's last step: sections like the first results follow them (one section has
  // `rsync`), labelled as related, not as partial matches.
  test(`${where}: sections like the first result follow it, labelled related`, async () => {
    const { page, problems } = await open(base() + "en/search/index.html?q=rsync");
    await page.locator("#search-page-results .search-result.related").first().waitFor({ timeout: 10000 });
    const marks = await page.locator("#search-page-results .search-result").evaluateAll((as) => as.map((a) =>
      [a.classList.contains("related"), !!a.querySelector(".related"), !!a.querySelector(".match")]));
    assert.deepEqual(marks[0], [false, false, false], `the section with the word first: ${JSON.stringify(marks)}`);
    assert.ok(marks.length > 1 && marks.slice(1).every(([r, label, match]) => r && label && !match), JSON.stringify(marks));
    assert.equal(await page.locator("#search-page-results .search-result .related").first().innerText(), "Related section");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: with the keyboard alone: Tab reaches the results, Escape keeps the query, arrows open the list again`, async () => {
    const { page, problems } = await open(base() + "ja/data-breach-litigation/index.html");
    const input = page.locator("#site-search-input");
    const results = page.locator("#site-search-results");
    await input.focus();
    await page.keyboard.type("証拠保全");
    await resultsOf(page, "#site-search-results", "証拠保全");
    const count = await results.locator(".search-result").count();
    assert.equal(await page.textContent("#site-search-status"), `検索結果 ${count} 件`, "the count is read out");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.type), "submit", "the box's button");
    assert.equal(await results.isVisible(), true, "the button is part of the box: the list stays open");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("search-result")), true, "Tab reaches a result");
    await input.focus();
    assert.equal(await results.isVisible(), true);
    await page.keyboard.press("Escape");
    assert.equal(await results.isHidden(), true, "Escape closes the list");
    assert.equal(await input.inputValue(), "証拠保全", "and keeps what was typed");
    assert.equal(await input.getAttribute("aria-activedescendant"), null, "no hidden result is chosen");
    await page.keyboard.press("ArrowDown");
    assert.equal(await results.isVisible(), true, "an arrow opens the list again");
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    await page.keyboard.press("Escape");
    // Enter on a closed list sends the form: the search page, never a result unseen.
    await Promise.all([page.waitForURL(/search\/(index\.html)?\?q=/), page.keyboard.press("Enter")]);
    await page.locator("#search-page-results .search-result").first().waitFor({ timeout: 10000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: Enter right after the query changed never opens a result of the query before`, async () => {
    for (const start of ["ja/index.html", "ja/search/index.html?q=" + encodeURIComponent("証拠保全")]) {
      const { page, problems } = await open(base() + start, { clock: true });
      const input = page.locator("#site-search-input");
      const results = page.locator(start.includes("search") ? "#search-page-results" : "#site-search-results");
      if (!start.includes("search")) {
        await input.focus();
        await page.keyboard.type("証拠保全");
      }
      await resultsOf(page, start.includes("search") ? "#search-page-results" : "#site-search-results", "証拠保全");
      if (!start.includes("search")) await page.keyboard.press("ArrowDown");
      assert.equal(await results.locator(".search-result.selected").count(), 1, "a result of the first query is chosen");
      // A paste, then Enter at once: before the new query is searched. The page's clock
      // stops first, so the search the paste schedules cannot run before Enter however
      // slow the machine (were it to run, Enter would rightly open its first result).
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await input.fill("記者会見");
      await Promise.all([
        page.waitForURL((url) => /\/search\//.test(url.pathname) && url.searchParams.get("q") === "記者会見"),
        input.press("Enter"),
      ]);
      assert.doesNotMatch(page.url(), /#s\d/, `${start}: the search page for the new query, not a section`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test(`${where}: the search page lists its results as links and reads out how many`, async () => {
    const q = encodeURIComponent("バックアップ");
    const { page, problems } = await open(base() + `ja/search/index.html?q=${q}`);
    const first = page.locator("#search-page-results .search-result").first();
    await first.waitFor({ timeout: 10000 });
    assert.equal(await first.getAttribute("role"), null, "a link, not an option");
    assert.equal(await page.locator("#search-page-results ul").getAttribute("role"), null);
    assert.equal(await page.locator("#search-page-results").getAttribute("aria-live"), null, "the list itself is not read out");
    assert.equal(await page.locator("#site-search-input").getAttribute("role"), null, "a plain search field");
    const count = await page.locator("#search-page-results .search-result").count();
    assert.equal(await page.textContent("#site-search-status"), `検索結果 ${count} 件`);
    assert.match(await first.getAttribute("class"), /\bselected\b/, "Enter opens the first");
    await page.keyboard.press("/");
    await page.keyboard.press("ArrowDown");
    const second = page.locator("#search-page-results .search-result").nth(1);
    assert.match(await second.getAttribute("class"), /selected/);
    await Promise.all([page.waitForURL(/#s\d/), page.keyboard.press("Enter")]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: a homophone the guides lack says which word answered and links to the query as typed`, async () => {
    const { page, problems } = await open(base() + `ja/search/index.html?q=${encodeURIComponent("公報 連携")}`);
    const note = page.locator("#search-page-results .search-showing");
    await note.waitFor({ timeout: 10000 });
    assert.match(await note.innerText(), /「広報 連携」の検索結果です。/);
    const instead = new URL(await note.locator("a.search-instead").getAttribute("href"), page.url());
    assert.equal(instead.searchParams.get("q"), "公報 連携");
    assert.equal(instead.searchParams.get("exact"), "1");
    await page.goto(instead.href);
    await page.locator("#search-page-results .search-result, #search-page-results .search-empty").first().waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#search-page-results .search-showing").count(), 0, "as typed: no rewriting");
    // A word the guides use answers as typed, even where its thesaurus group scores higher.
    await page.fill("#site-search-input", "");
    await page.keyboard.type("身代金");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "身代金");
    await resultsOf(page, "#search-page-results", "身代金");
    await page.waitForFunction(() => document.querySelector("#search-page-results .heading")?.textContent.length > 0);
    assert.equal(await page.locator("#search-page-results .search-showing").count(), 0, "no note for a word the guides use");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${where}: the search page keeps ?q= in the URL and lists results`, async () => {
    const q = encodeURIComponent("バックアップ");
    const { page, problems } = await open(base() + `ja/search/index.html?q=${q}`);
    await page.locator("#search-page-results .search-result").first().waitFor({ timeout: 10000 });
    assert.equal(await page.inputValue("#site-search-input"), "バックアップ");
    await page.fill("#site-search-input", "");
    await page.keyboard.type("初動対応");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "初動対応");
    await resultsOf(page, "#search-page-results", "初動対応");
    await page.waitForFunction(() => document.querySelector("#search-page-results .heading")?.textContent.length > 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("a result from a perspective block is labelled so, the English word of the label marked as English", async () => {
  const { page, problems } = await open(fileBase + "ja/data-breach-litigation/index.html");
  await page.locator("#site-search-input").fill("長年の実績を持つ第三者");
  const kind = page.locator("#site-search-results .search-result .kind", { hasText: "視点" }).first();
  await kind.waitFor({ timeout: 10000 });
  assert.equal(await kind.textContent(), "Perspective（視点）");
  assert.equal(await kind.locator('span[lang="en"]').textContent(), "Perspective");
  assert.deepEqual(problems, []);
  await page.close();
});
