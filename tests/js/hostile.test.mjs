// The attack corpus in headless Chromium: the cross-site scripting guides of
// tests/fixtures/hostile/xss/ built into a site with raw HTML off (TEBIKI_SITE) and on
// (TEBIKI_SITE_RAW, with a guide that loads TEBIKI_EVIL_SCRIPT by a file:// URL). Run by
// `cargo test` (tests/hostile.rs).
//
// Every page of both sites is opened over file:// and http with a probe installed before
// any script of the page: it records every call of `tebikiProbe` (which every payload
// makes), every dialog, every Content-Security-Policy violation and every script error,
// and the DOM is audited for script elements that are not the site's, event-handler
// attributes, frames, forms, `meta` refreshes and script URLs. All must be none. Then:
// the search page lists the hostile guide without running it; an address with a broken
// %-escape in its fragment breaks no script; the checklist's CSV export neutralises
// spreadsheet formulas.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launch, serve, fileBase } from "./browser_harness.mjs";

const SITES = { plain: process.env.TEBIKI_SITE, raw: process.env.TEBIKI_SITE_RAW };
const EVIL = process.env.TEBIKI_EVIL_SCRIPT;
for (const [name, dir] of Object.entries(SITES)) {
  assert.ok(dir && fs.existsSync(path.join(dir, "index.html")), `the ${name} site must be built`);
}
assert.ok(EVIL && fs.existsSync(EVIL), "TEBIKI_EVIL_SCRIPT must name a script outside the site");

const PROBE = `
  window.__hostile = [];
  window.tebikiProbe = (where) => window.__hostile.push("ran: " + where);
  document.addEventListener("securitypolicyviolation",
    (e) => window.__hostile.push("csp: " + e.violatedDirective + " " + e.blockedURI), true);
`;

let browser;
const servers = {};
const bases = {};

before(async () => {
  browser = await launch();
  for (const [name, dir] of Object.entries(SITES)) {
    servers[name] = await serve(path.resolve(dir));
    bases[name] = {
      "file://": fileBase(dir),
      http: `http://127.0.0.1:${servers[name].address().port}/`,
    };
  }
});

after(async () => {
  await browser?.close();
  for (const server of Object.values(servers)) await new Promise((resolve) => server.close(resolve));
});

/** A page with the probe, recording dialogs, script errors and requests leaving `base`. */
async function probedPage(base) {
  const context = await browser.newContext({ acceptDownloads: true, timezoneId: "Asia/Tokyo" });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  const seen = [];
  page.on("dialog", (d) => {
    seen.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on("pageerror", (e) => seen.push(`script error: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("blob:")) seen.push(`request outside the site: ${r.url()}`);
  });
  return { context, page, seen };
}

/** What the probe recorded, and what the audit finds in the DOM. */
async function findings(page) {
  return page.evaluate(() => {
    const bad = [...(window.__hostile || [])];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`handler: <${el.localName} ${a.name}>`);
        if (/^(href|src|action|formaction|data|poster|background|xlink:href)$/i.test(a.name) &&
            /^\s*(javascript|vbscript|data|file):/i.test(a.value)) {
          bad.push(`url: <${el.localName} ${a.name}="${a.value.slice(0, 60)}">`);
        }
        if (a.name === "style") bad.push(`style attribute: <${el.localName}>`);
      }
    }
    for (const el of document.querySelectorAll("iframe, frame, object, embed, base, style, math, svg:not(.icon), link[rel=import]")) {
      bad.push(`element: <${el.localName}>`);
    }
    for (const el of document.querySelectorAll("form:not(.site-search), input:not(#site-search-input):not([data-item])")) {
      bad.push(`form element: <${el.localName}>`);
    }
    for (const el of document.querySelectorAll("meta[http-equiv]")) {
      if (el.httpEquiv.toLowerCase() !== "content-security-policy") bad.push(`meta http-equiv=${el.httpEquiv}`);
    }
    for (const s of document.scripts) {
      const ours = s.src && new URL(s.src).pathname.match(/\/assets\/(js|search)\/[a-z-]+\.js$/);
      if (!ours) bad.push(`script: ${s.src || s.textContent.slice(0, 60)}`);
    }
    return bad;
  });
}

/** A guide's print view: `<lang>/<slug>/print/index.html`. */
const PRINT_VIEW = /^[a-z]+\/[^/]+\/print\/index\.html$/;

/** Every page of a site, as paths below it. */
function pagesOf(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(".html")) out.push(child);
    }
  };
  walk("");
  return out.sort();
}

for (const site of ["plain", "raw"]) {
  for (const scheme of ["file://", "http"]) {
    test(`${site} site, ${scheme}: no payload runs on any page`, async () => {
      const base = bases[site][scheme];
      const pages = pagesOf(SITES[site]);
      assert.ok(pages.some((p) => p.includes("xss-markdown/checklist")), pages.join(", "));
      const { context, page, seen } = await probedPage(base);
      const found = [];
      for (const rel of pages) {
        await page.goto(base + rel, { waitUntil: "load" });
        // A guide's print view goes on at once to the guide alone in the handbook: audit
        // where it leads.
        if (PRINT_VIEW.test(rel)) await page.waitForURL(/#only-g\d+$/);
        // Hover and focus what there is, for handlers that wait for a person.
        await page.evaluate(() => {
          for (const el of document.querySelectorAll("main *")) {
            el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
          }
        });
        await page.waitForTimeout(50);
        for (const f of await findings(page)) found.push(`${rel}: ${f}`);
        for (const s of seen.splice(0)) found.push(`${rel}: ${s}`);
      }
      assert.deepEqual(found, []);
      await context.close();
    });
  }
}

test("raw HTML cannot load a script from elsewhere on the disk", async () => {
  const text = fs.readFileSync(path.join(SITES.raw, "en/local-script/index.html"), "utf8");
  assert.ok(text.includes("After the script."), "the guide with the script tag is built");
  assert.ok(!text.includes(EVIL) && !text.includes("<script src=\"file:"), "the script tag is removed");
  const { context, page, seen } = await probedPage(bases.raw["file://"]);
  await page.goto(bases.raw["file://"] + "en/local-script/index.html", { waitUntil: "load" });
  assert.deepEqual([...(await findings(page)), ...seen], []);
  await context.close();
});

for (const scheme of ["file://", "http"]) {
  test(`${scheme}: search lists the hostile guides as text, and their pages mark the query`, async () => {
    const base = bases.plain[scheme];
    const { context, page, seen } = await probedPage(base);
    await page.goto(base + "en/search/index.html?q=" + encodeURIComponent("tebikiProbe script"));
    await page.waitForSelector("#search-page-results .search-result, #search-page-results .search-empty");
    const results = await page.$$eval("#search-page-results .search-result", (rs) => rs.map((r) => r.textContent));
    assert.ok(results.some((r) => r.includes("<script>")), `results show the payload as text: ${results}`);
    assert.deepEqual([...(await findings(page)), ...seen], []);
    // A highlight on the result page, with a fragment whose %-escape is broken.
    await page.goto(base + "en/xss-markdown/index.html?hl=script#%E0%A4%A");
    await page.waitForTimeout(200);
    assert.ok((await page.$$("mark")).length > 0, "the query is marked");
    assert.deepEqual([...(await findings(page)), ...seen], []);
    await context.close();
  });

  test(`${scheme}: the language switch and contents take a broken %-escape in the address`, async () => {
    const base = bases.plain[scheme];
    const { context, page, seen } = await probedPage(base);
    await page.goto(base + "ja/xss-text/index.html#%E0%A4%A");
    await page.waitForLoadState("load");
    const [nav] = await Promise.all([page.waitForNavigation(), page.click("nav.lang-switch a[hreflang=en]")]);
    assert.ok(nav?.url().includes("/en/xss-text/index.html"), nav?.url());
    assert.deepEqual([...(await findings(page)), ...seen], []);
    await context.close();
  });
}

/** The fields of a CSV text (RFC 4180, as the export writes it). */
function csvRows(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  return rows;
}

test("the CSV export of hostile checklist items holds no formula a spreadsheet would run", async () => {
  const base = bases.plain["file://"];
  const { context, page, seen } = await probedPage(base);
  await page.goto(base + "en/xss-markdown/checklist/index.html");
  await page.waitForSelector("button[data-action=export-csv]:not([hidden])");
  const ids = await page.$$eval("input[data-item]", (xs) => xs.map((x) => x.id));
  for (const id of ids) {
    if (!(await page.isChecked(`#${id}`))) await page.click(`label[for="${id}"]`);
  }
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("button[data-action=export-csv]")]);
  const text = fs.readFileSync(await download.path(), "utf8");
  const rows = csvRows(text.replace(/^\uFEFF/, ""));
  assert.deepEqual(rows[0], ["section", "heading", "item", "ticked_at", "id"]);
  assert.equal(rows.length - 1, ids.length, text);
  const cells = rows.flat();
  const formulas = cells.filter((c) => /^[\s\u3000]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(c));
  assert.deepEqual(formulas, [], text);
  for (const want of [`'=HYPERLINK("http://evil.example/","click")`, "'-2+3+cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"]) {
    assert.ok(cells.includes(want), `${want} in\n${text}`);
  }
  assert.deepEqual([...(await findings(page)), ...seen], []);
  await context.close();
});
