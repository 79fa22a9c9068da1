// The browser search engine: reads the shards that src/search/export.rs writes (format:
// docs/search-format.md), loading only those a query touches, and ranks with tantivy's
// BM25 computed in the same 32-bit float steps, so that its scores equal `tebiki search`.
//
// No dependencies, no DOM at import time: Node imports this module as it is; the site
// gets it inside the classic script `search-ui.js` (see src/search/assets.rs).

import { analyze, expand, cmpCodePoints, charClass, CJK } from "./tokenizer.mjs";

export const FORMAT = 1;
const f32 = Math.fround;
const K1 = f32(1.2);
const B = f32(0.75);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Reads one varint at `at` of `s`: [value, next position]. */
export function readVarint(s, at) {
  let n = 0, mul = 1;
  for (;;) {
    const d = DIGIT[s.charCodeAt(at++)];
    if (d === undefined || d < 0) throw new Error("tebiki search: bad postings data");
    if (d < 32) return [n + d * mul, at];
    n += (d - 32) * mul;
    mul *= 32;
  }
}

/** Decodes the three posting lists (title, heading, body) of a term: [[doc, tf, norm]]. */
export function decodePostings(s) {
  const lists = [];
  let at = 0;
  for (let f = 0; f < 3; f++) {
    let count, gap, run, x, extra;
    [count, at] = readVarint(s, at);
    const list = [];
    let next = 0;
    while (list.length < count) {
      [gap, at] = readVarint(s, at);
      [run, at] = readVarint(s, at);
      [x, at] = readVarint(s, at);
      let tf = x & 3;
      if (tf === 3) { [extra, at] = readVarint(s, at); tf += extra; }
      const norm = x >> 2;
      const first = next + gap;
      for (let k = 0; k <= run; k++) list.push([first + k, tf, norm]);
      next = first + run + 1;
    }
    lists.push(list);
  }
  if (at !== s.length) throw new Error("tebiki search: trailing postings data");
  return lists;
}

/** The shard key of a term (export.rs `shard_key`). */
export function shardKey(term) {
  const chars = Array.from(term);
  const n = charClass(chars[0].codePointAt(0)) === CJK ? 1 : 2;
  return chars.slice(0, n).map((c) => c.codePointAt(0).toString(16)).join("-");
}

/** tantivy's idf, in f32 steps. */
export function idf(df, n) {
  const x = f32(f32(f32(n - df) + 0.5) / f32(f32(df) + 0.5));
  return f32(Math.log(f32(1 + x)));
}

/** tantivy's per-field-norm cache K1 * (1 - B + B * norm / avg), in f32 steps. */
export function tfCache(norms, avg) {
  const cache = new Float64Array(256);
  for (let id = 0; id < 256; id++) {
    cache[id] = f32(K1 * f32(f32(1 - B) + f32(f32(B * f32(norms[id])) / avg)));
  }
  return cache;
}

/** One term-in-field BM25 score, boosted, in tantivy's f32 steps. */
export function bm25(weight, cache, norm, tf, boost) {
  return f32(f32(weight * f32(tf / f32(tf + cache[norm]))) * boost);
}

/** A loader that fetches shards with `<script>` elements (works from file:// too). */
export function scriptLoader(baseUrl, doc = globalThis.document) {
  const pending = new Map();
  const registry = globalThis.tebikiSearch || (globalThis.tebikiSearch = {});
  registry.register = (name, data) => {
    const p = pending.get(name);
    if (p) { p.data = data; p.done = true; }
  };
  return (name) => new Promise((resolve, reject) => {
    const entry = { done: false, data: null };
    pending.set(name, entry);
    const el = doc.createElement("script");
    el.src = baseUrl + name + ".js";
    el.async = true;
    el.onload = () => {
      pending.delete(name);
      el.remove();
      if (entry.done) resolve(entry.data);
      else reject(new Error("tebiki search: " + name + " did not register"));
    };
    el.onerror = () => {
      pending.delete(name);
      el.remove();
      reject(new Error("tebiki search: cannot load " + name));
    };
    doc.head.appendChild(el);
  });
}

/** The search engine of one language. `load(name)` resolves to a shard's data. */
export class Searcher {
  constructor(lang, load) {
    this.lang = lang;
    this.load = load;
    this.shards = new Map();
    this.postingsCache = new Map();
    this.metaData = null;
  }

  shard(name) {
    const full = this.lang + "/" + name;
    if (!this.shards.has(full)) {
      const p = this.load(full);
      this.shards.set(full, p);
      p.catch(() => this.shards.delete(full));
    }
    return this.shards.get(full);
  }

  async meta() {
    if (this.metaData) return this.metaData;
    const m = await this.shard("meta");
    if (!m || m.format !== FORMAT) throw new Error("tebiki search: unsupported index format " + (m && m.format));
    m.cjkKeys = new Set(Array.from(m.keys.cjk));
    m.wordKeys = new Set(m.keys.word ? m.keys.word.split(" ") : []);
    m.avg = m.fields.map((fl) => f32(f32(fl.tokens) / f32(m.docs)));
    m.caches = m.avg.map((avg) => tfCache(m.norms, avg));
    this.metaData = m;
    return m;
  }

  /** The term shard holding `term` and the terms that start like it ({} if none). */
  async termShard(term) {
    const m = await this.meta();
    const chars = Array.from(term);
    const cjk = charClass(chars[0].codePointAt(0)) === CJK;
    const exists = cjk ? m.cjkKeys.has(chars[0]) : m.wordKeys.has(chars.slice(0, 2).join(""));
    return exists ? this.shard("t/" + shardKey(term)) : {};
  }

  /** The term-shard entry of a term: [dfTitle, dfHeading, dfBody, postings] or null. */
  async entry(term) {
    const shard = await this.termShard(term);
    return Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  }

  /** The decoded posting lists of a term, or null when it is not indexed. */
  async postings(term) {
    if (this.postingsCache.has(term)) return this.postingsCache.get(term);
    const e = await this.entry(term);
    let lists = null;
    if (e) lists = decodePostings(typeof e[3] === "string" ? e[3] : await this.shard("p/" + e[3]));
    this.postingsCache.set(term, lists);
    return lists;
  }

  /** Indexed terms starting with `prefix`: [[term, docCount]] in term order. */
  async prefixCandidates(prefix) {
    const shard = await this.termShard(prefix);
    return Object.keys(shard)
      .filter((t) => t.startsWith(prefix))
      .sort(cmpCodePoints)
      .map((t) => [t, shard[t][0] + shard[t][1] + shard[t][2]]);
  }

  /** The terms each clause stands for (prefixes expanded). */
  async resolve(clauses) {
    return Promise.all(clauses.map(async (c) => {
      if (c.prefix === undefined) return c.terms.slice();
      return c.terms.concat(expand(await this.prefixCandidates(c.prefix), c.terms));
    }));
  }

  /**
   * Runs a query: {results: [{doc, score}], partial, terms}. All clauses must match;
   * when none does and there are two or more, the documents matching at least half of
   * them are returned with `partial: true`.
   */
  async search(query, limit = 10) {
    const clauses = await this.resolve(analyze(query));
    const terms = clauses.flat();
    if (clauses.length === 0 || limit <= 0) return { results: [], partial: false, terms };
    const m = await this.meta();
    const postings = new Map();
    await Promise.all(terms.map(async (t) => postings.set(t, await this.postings(t))));
    const scored = clauses.map((cl) => this.clauseScores(m, cl, postings));
    let results = combine(scored, scored.length, false);
    let partial = false;
    if (results.length === 0 && clauses.length >= 2) {
      results = combine(scored, Math.ceil(clauses.length / 2), true);
      partial = true;
    }
    results.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { results: results.slice(0, limit), partial, terms };
  }

  /**
   * Per document, the f32 sum of one clause's term-in-field scores, in clause order:
   * {docs: matched document numbers in first-match order, scores: Float64Array by
   * document, cost}.
   */
  clauseScores(m, terms, postings) {
    const scores = new Float64Array(m.docs).fill(NaN);
    const docs = [];
    let cost = 0;
    for (const t of terms) {
      const lists = postings.get(t);
      if (!lists) continue;
      for (let fi = 0; fi < 3; fi++) {
        const list = lists[fi];
        if (list.length === 0) continue;
        cost += list.length;
        const weight = f32(idf(list.length, m.docs) * f32(1 + K1));
        const cache = m.caches[fi], boost = f32(m.fields[fi].boost);
        for (let i = 0; i < list.length; i++) {
          const [doc, tf, norm] = list[i];
          const s = bm25(weight, cache, norm, tf, boost);
          const prev = scores[doc];
          if (prev !== prev) { scores[doc] = s; docs.push(doc); } else scores[doc] = f32(prev + s);
        }
      }
    }
    return { docs, scores, cost };
  }

  /** Metadata of documents: {url, guide, guideTitle, section, heading, kind, excerpt}. */
  async docs(ids) {
    const m = await this.meta();
    return Promise.all(ids.map(async (id) => {
      const shard = await this.shard("d/" + Math.floor(id / m.docsPerShard));
      const [g, section, heading, kind, excerpt] = shard.docs[id % m.docsPerShard];
      const [guide, guideTitle] = shard.guides[g];
      return { doc: id, url: this.lang + "/" + guide + "/#" + section, guide, guideTitle, section, heading, kind,
        excerpt };
    }));
  }
}

/**
 * Documents matching at least `min` clauses, scored like tantivy: for AND (tantivy's
 * intersection), clauses summed in order of cost as (c0 + c1) + rest; for a partial
 * match (tantivy's union), in clause order.
 */
function combine(scored, min, partial) {
  const order = partial ? scored : scored.map((s, i) => [s, i])
    .sort((a, b) => a[0].cost - b[0].cost || a[1] - b[1]).map(([s]) => s);
  const out = [];
  const has = (c, doc) => c.scores[doc] === c.scores[doc];
  let candidates;
  if (min === order.length) {
    const driver = order.reduce((a, c) => (c.docs.length < a.docs.length ? c : a));
    candidates = driver.docs.filter((doc) => order.every((c) => has(c, doc)));
  } else {
    const counts = new Map();
    for (const c of order) for (const doc of c.docs) counts.set(doc, (counts.get(doc) || 0) + 1);
    candidates = [...counts].filter(([, n]) => n >= min).map(([doc]) => doc);
  }
  for (const doc of candidates) {
    let score;
    if (partial) {
      score = 0;
      for (const c of order) if (has(c, doc)) score = f32(score + c.scores[doc]);
    } else if (order.length === 1) {
      score = order[0].scores[doc];
    } else {
      let rest = 0;
      for (let i = 2; i < order.length; i++) rest = f32(rest + order[i].scores[doc]);
      score = f32(f32(order[0].scores[doc] + order[1].scores[doc]) + rest);
    }
    out.push({ doc, score });
  }
  return out;
}
