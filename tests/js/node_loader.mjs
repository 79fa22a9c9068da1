// Loads search shards in Node the way a page does: each shard file is run as a script
// whose `tebikiSearch.register(name, data)` call hands over its data. Counts bytes read.

import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

/** A loader for `Searcher` reading SITE/assets/search/<name>.js; `stats.bytes` grows. */
export function nodeLoader(siteDir, stats = { bytes: 0, files: 0 }) {
  let current = null;
  const context = vm.createContext({
    tebikiSearch: { register(name, data) { if (current && name === current.name) current.data = data, current.done = true; } },
  });
  return async (name) => {
    const file = path.join(siteDir, "assets", "search", name + ".js");
    const buf = readFileSync(file);
    stats.bytes += buf.length;
    stats.files += 1;
    current = { name, data: null, done: false };
    vm.runInContext(buf.toString("utf8"), context, { filename: file });
    const got = current;
    current = null;
    if (!got.done) throw new Error(`${file} did not register ${name}`);
    return got.data;
  };
}

/**
 * Imports the engine module a site ships, counting its files' bytes into `stats` (the
 * stemmer is not among them: the engine loads it, as `stemmer.js`, when a query needs it).
 */
export async function importEngine(siteDir, stats = { bytes: 0, files: 0 }) {
  const dir = path.join(siteDir, "assets", "search");
  for (const f of ["searcher.mjs", "score.mjs", "shards.mjs", "postings.mjs", "tokenizer.mjs", "shared.mjs"]) {
    stats.bytes += readFileSync(path.join(dir, f)).length;
    stats.files += 1;
  }
  const { pathToFileURL } = await import("node:url");
  return import(pathToFileURL(path.join(dir, "searcher.mjs")).href);
}
