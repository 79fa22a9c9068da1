// Shared by browser suites: a loopback static server for a built site, and pages that
// record every problem; the browser itself comes from chromium.mjs.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".json": "application/json",
};

export function launch() {
  return launchChromium();
}

/** `file://` URL of a folder, ending in `/`. */
export function fileBase(dir) {
  return pathToFileURL(path.resolve(dir)).href + "/";
}

/** Serves `root` on 127.0.0.1 at a port the system picks; resolves to the server. */
export function serve(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      // The site's own 404 page when it has one, as a web server would be set up.
      const notFound = path.join(root, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : "");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** A new context and page that record console errors and warnings, script errors,
 *  failed requests, HTTP errors, and requests that leave `base`. */
export async function openPage(browser, base, options = {}) {
  const context = await browser.newContext({ reducedMotion: "reduce", ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
  page.on("requestfailed", (req) => {
    const error = req.failure()?.errorText;
    // ERR_ABORTED: a request cut short by the next navigation (the favicon loads late).
    if (error !== "net::ERR_ABORTED") problems.push(`request failed: ${req.url()} (${error})`);
  });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(base) && !url.startsWith("blob:")) problems.push(`request outside the site: ${url}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { context, page, problems };
}
