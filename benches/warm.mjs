#!/usr/bin/env node
// Warm query timings of the browser engine in Node: loads the engine once, answers each
// query once to load its shards, then answers it RUNS more times (the top 10 with their
// metadata, as the UI does) and prints {"query": {"p50_ms", "p95_ms", "max_ms",
// "cpu_p95_ms"}}: wall-clock times, and the process's CPU time per query (which a busy
// shared machine does not inflate).
//
// usage: node benches/warm.mjs SITE_DIR LANG QUERY...

import { importEngine, nodeLoader } from "../tests/js/node_loader.mjs";

const RUNS = 100;
const [siteDir, lang, ...queries] = process.argv.slice(2);
const { SiteSearch } = await importEngine(siteDir);
const out = {};
for (const q of queries) {
  const search = new SiteSearch(lang, nodeLoader(siteDir));
  await search.results(q, 10);
  const times = [], cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint(), c = process.cpuUsage();
    await search.results(q, 10);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1e3);
  }
  const at = (xs, p) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
  out[q] = { p50_ms: +at(times, 0.5).toFixed(3), p95_ms: +at(times, 0.95).toFixed(3),
    max_ms: +times[times.length - 1].toFixed(3), cpu_p95_ms: +at(cpu, 0.95).toFixed(3) };
}
process.stdout.write(JSON.stringify(out) + "\n");
