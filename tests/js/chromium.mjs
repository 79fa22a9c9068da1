// Headless Chromium for the browser suites: Debian's package (`TEBIKI_CHROMIUM`, default
// /usr/bin/chromium) driven by playwright-core, started with nothing that reaches the
// network on its own (no background updates, sync or first-run pages).

import { chromium } from "playwright-core";

export const CHROMIUM = process.env.TEBIKI_CHROMIUM || "/usr/bin/chromium";

/** Starts the browser; the caller closes it. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
