// Decodes every shard of one language's export with the engine's reader and prints it
// in the shape of the Rust `Export` struct: the JS half of the format round-trip test.
// On the way it checks (and counts, as `checked_blocks`) what the format promises about
// the blocks of head files: each holds `count`
// postings within [first, last], and its best score and best field scores, as the
// engine computes them from the head file (with the layout averages), are the maxima of
// its postings' scores with those averages, and never below their scores.
//
// usage: node tests/js/dump_export.mjs SITE_DIR LANG

import { readdirSync } from "node:fs";
import path from "node:path";
import { importEngine, nodeLoader } from "./node_loader.mjs";

const [siteDir, lang] = process.argv.slice(2);
const { Searcher } = await importEngine(siteDir);
const { cmpCodePoints } = await import(new URL("../../src/search/js/tokenizer.mjs", import.meta.url).href);
const load = nodeLoader(siteDir);
const s = new Searcher(lang, load);
const meta = await s.meta();
const dir = path.join(siteDir, "assets", "search", lang);
const f32 = Math.fround;
const terms = {};
const offsets = new Array(meta.docs).fill(null);
let checkedBlocks = 0;
const files = new Set(readdirSync(path.join(dir, "k")));
if (files.size !== meta.keys.length) throw new Error(`${files.size} key packs, meta lists ${meta.keys.length}`);
const lexicon = {};
for (let n = 0; n < meta.keys.length; n++) {
  const pack = await s.shards.file(`k/${n}`);
  Object.assign(lexicon, pack.x);
  for (const [name, e] of Object.entries(pack.t)) {
    const term = await s.term(name);
    const lists = [[], [], []];
    if (typeof e[3] === "string" && term.blocks.length !== 1) throw new Error(`${name}: inline postings are one block`);
    for (const b of term.blocks) {
      await s.fetchBlock(term, b);
      const { docs, offsets: offs, vals } = b.data;
      if (docs.length !== b.count || docs[0] !== b.first || docs[docs.length - 1] !== b.last) {
        throw new Error(`${name}: block range or count disagrees with the directory`);
      }
      // Per posting its bound (the score with the layout averages), which the
      // directory's must be the maxima of, and its score, which they must not be below.
      let T = 0, realT = 0;
      const M = [0, 0, 0], realM = [0, 0, 0];
      for (let i = 0; i < docs.length; i++) {
        let total = 0, real = 0;
        for (let f = 0; f < 3; f++) {
          const tf = b.data.tf[i * 3 + f];
          const v = tf > 0 ? term.bound(f, tf, b.data.norm[i * 3 + f]) : 0;
          total = f32(total + v);
          if (v > M[f]) M[f] = v;
          real = f32(real + vals[i * 3 + f]);
          if (vals[i * 3 + f] > realM[f]) realM[f] = vals[i * 3 + f];
        }
        if (total > T) T = total;
        if (real > realT) realT = real;
        if (offsets[docs[i]] !== null && offsets[docs[i]] !== offs[i]) throw new Error(`${name}: offsets of document ${docs[i]} disagree`);
        offsets[docs[i]] = offs[i];
      }
      if (typeof e[3] !== "string") {
        if (T !== b.T || M.some((m, f) => m !== b.M[f])) {
          throw new Error(`${name}: block best scores disagree: directory ${b.T} ${b.M}, postings ${T} ${M}`);
        }
        if (realT > b.T || realM.some((m, f) => m > b.M[f])) {
          throw new Error(`${name}: a posting scores above its block's bound: ${realT} ${realM} > ${b.T} ${b.M}`);
        }
        checkedBlocks++;
      }
      for (let i = 0; i < docs.length; i++) {
        for (let f = 0; f < 3; f++) if (b.data.tf[i * 3 + f] > 0) lists[f].push([docs[i], b.data.tf[i * 3 + f], b.data.norm[i * 3 + f]]);
      }
    }
    for (const l of lists) l.sort((a, b) => a[0] - b[0]);
    if (lists.some((l, i) => l.length !== e[i])) throw new Error(`document counts of ${name} disagree`);
    terms[name] = lists;
  }
}

const ordered = Object.fromEntries(Object.keys(lexicon).sort(cmpCodePoints).map((k) => [k, lexicon[k]]));

const docs = (await s.docs(Array.from({ length: meta.docs }, (_, i) => i))).map((d) => ({
  guide: d.guide, guide_title: d.guideTitle, section: d.section, heading: d.heading, kind: d.kind, url: d.url,
  excerpt: d.excerpt,
}));
process.stdout.write(JSON.stringify({
  lang: meta.lang, num_docs: meta.docs, total_tokens: meta.fields.map((f) => f.tokens), terms, docs, offsets,
  others: meta.others, lexicon: { entries: ordered }, checked_blocks: checkedBlocks,
}) + "\n");
