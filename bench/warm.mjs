#!/usr/bin/env node
// Warm query timings of the browser engine in Node: loads the engine once, answers each
// query once to load its shards, then answers it RUNS more times (top 10 and their
// metadata, as the UI does) and prints {"query": {"p50_ms", "p95_ms", "max_ms"}}.
//
// usage: node bench/warm.mjs SITE_DIR LANG QUERY...

import { importEngine, nodeLoader } from "../tests/js/node_loader.mjs";

const RUNS = 100;
const [siteDir, lang, ...queries] = process.argv.slice(2);
const { Searcher } = await importEngine(siteDir);
const out = {};
for (const q of queries) {
  const searcher = new Searcher(lang, nodeLoader(siteDir));
  const once = async () => {
    const { results } = await searcher.search(q, 10);
    await searcher.docs(results.map((r) => r.doc));
  };
  await once();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  out[q] = { p50_ms: +at(0.5).toFixed(3), p95_ms: +at(0.95).toFixed(3), max_ms: +times[times.length - 1].toFixed(3) };
}
process.stdout.write(JSON.stringify(out) + "\n");
