// Decodes every shard of one language's export with the engine's reader and prints it
// in the shape of the Rust `Export` struct: the JS half of the format round-trip test.
//
// usage: node tests/js/dump_export.mjs SITE_DIR LANG

import { readdirSync } from "node:fs";
import path from "node:path";
import { importEngine, nodeLoader } from "./node_loader.mjs";

const [siteDir, lang] = process.argv.slice(2);
const { Searcher, decodePostings } = await importEngine(siteDir);
const load = nodeLoader(siteDir);
const s = new Searcher(lang, load);
const meta = await s.meta();
const dir = path.join(siteDir, "assets", "search", lang);
const terms = {};
for (const f of readdirSync(path.join(dir, "t")).sort()) {
  const shard = await load(`${lang}/t/${f.replace(/\.js$/, "")}`);
  for (const [term, e] of Object.entries(shard)) {
    const enc = typeof e[3] === "string" ? e[3] : await load(`${lang}/p/${e[3]}`);
    const lists = decodePostings(enc);
    if (lists.some((l, i) => l.length !== e[i])) throw new Error(`document counts of ${term} disagree`);
    terms[term] = lists;
  }
}
const docs = (await s.docs(Array.from({ length: meta.docs }, (_, i) => i))).map((d) => ({
  guide: d.guide, guide_title: d.guideTitle, section: d.section, heading: d.heading, kind: d.kind, url: d.url,
  excerpt: d.excerpt,
}));
process.stdout.write(JSON.stringify({ lang: meta.lang, num_docs: meta.docs, total_tokens: meta.fields.map((f) => f.tokens), terms, docs }) + "\n");
