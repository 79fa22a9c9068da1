#!/usr/bin/env node
// Runs the browser search engine on a built site, as a page of language LANG does (with
// the fallback to the site's other languages), and prints
//   {"results": [{"url", "score", "partial", "lang", "via"?, "related"}], "partial": bool, "bytes": N,
//    "shardBytes": N, "files": [names]}
// where bytes counts the engine modules and every file the query loaded (cold start),
// and shardBytes only the loaded files (shards and, for a query with a word to stem,
// stemmer.js): a page loads search-ui.js plus those.
//
// usage: node tests/js/search_cli.mjs SITE_DIR LANG QUERY [--limit N]
//        node tests/js/search_cli.mjs SITE_DIR LANG --queries FILE.json   (a JSON array
//        of queries; prints one JSON array of answers, each query from a cold engine)

import { readFileSync } from "node:fs";
import { importEngine, nodeLoader } from "./node_loader.mjs";

async function answer(siteDir, lang, query, limit) {
  const stats = { bytes: 0, files: 0 };
  const { SiteSearch } = await importEngine(siteDir, stats);
  const engineBytes = stats.bytes;
  const names = [];
  const base = nodeLoader(siteDir, stats);
  const search = new SiteSearch(lang, (name) => (names.push(name), base(name)));
  const results = await search.results(query, limit);
  return {
    results: results.map((r) => ({ url: r.url, score: r.score, partial: r.partial, lang: r.lang, via: r.via ?? null,
      related: r.related ?? false })),
    partial: results.some((r) => r.partial),
    bytes: stats.bytes,
    shardBytes: stats.bytes - engineBytes,
    files: names,
  };
}

async function main(argv) {
  const [siteDir, lang, ...rest] = argv;
  let limit = 10;
  const li = rest.indexOf("--limit");
  if (li >= 0) { limit = Number(rest[li + 1]); rest.splice(li, 2); }
  if (!siteDir || !lang || rest.length === 0) {
    process.stderr.write("usage: search_cli.mjs SITE_DIR LANG QUERY [--limit N] | --queries FILE.json\n");
    process.exit(2);
  }
  if (rest[0] === "--queries") {
    const queries = JSON.parse(readFileSync(rest[1], "utf8"));
    const out = [];
    for (const q of queries) out.push(await answer(siteDir, lang, q, limit));
    process.stdout.write(JSON.stringify(out) + "\n");
  } else {
    process.stdout.write(JSON.stringify(await answer(siteDir, lang, rest.join(" "), limit)) + "\n");
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`search_cli: ${e.stack || e}\n`);
  process.exit(1);
});
