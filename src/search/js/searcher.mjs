// The browser search engine: reads the shards that src/search/export.rs writes (format:
// docs/search-format.md), loading only those a query needs, and ranks with tantivy's
// BM25 computed in the same 32-bit float steps, so that its results and scores equal
// `tebiki search` (src/search/query.rs).
//
// No dependencies, no DOM at import time: Node imports this module as it is; the site
// gets it inside the classic script `search-ui.js` (see src/search/assets.rs). Which file
// holds what, and fetching it, is shards.mjs; reading postings is postings.mjs; the
// scoring rules are score.mjs.
//
// How a query runs (`Searcher.search`):
// 1. The query becomes words (tokenizer.mjs `words`; the English stemmer is loaded first
//    when the query has a word to stem); the key packs of their characters and words
//    are loaded, their lexicon entries rewrite the words into variants (`variants`); each
//    variant's words become clauses, whose prefixes are expanded from the packs' terms.
// 2. Each term's postings are blocks: a term in few documents has one, in its entry; a
//    larger one has a head listing its blocks (ordered by score in tiers, each block with
//    its document range and best score) and holding the first block.
// 3. `rank` scores documents as src/search/rank.rs does, loading blocks in rounds until
//    the top results are certain: a document not yet seen in every term's loaded blocks
//    is bounded by the best scores of the blocks that could still hold it, and a block is
//    loaded only while some bound could still beat the results so far.

import { words, clauses, variants, keyStarts, expandPrefix, cmpCodePoints, needsStemmer, hasStemmer, setStemmer } from "./tokenizer.mjs";
import { bad, decodePostings, decodeHead } from "./postings.mjs";
import { Shards, shardKey } from "./shards.mjs";
import { rerank } from "./related.mjs";
import { RELATED_SEEDS } from "./shared.mjs";
import { f32, K1, fixedIdf, tfCache, bm25, absentWeight, wordTable, bestVariant, totalBound, answers } from "./score.mjs";

// Documents whose bounds are followed per round when choosing blocks to load.
const BATCH = 8;
// Room above a quick bound for the rounding of a score's 32-bit steps.
const SLACK = 1 + 1e-4;

/** One indexed term of a language: its document frequencies, weights and blocks. */
class Term {
  constructor(m, entry) {
    this.df = entry.slice(0, 3);
    this.cost = this.df[0] + this.df[1] + this.df[2];
    this.weights = this.df.map((df) => f32(fixedIdf(m, df) * f32(1 + K1)));
    this.m = m;
    this.blocks = [];
  }

  /** One field's score in a document. */
  score(f, tf, norm) {
    return bm25(this.weights[f], this.m.caches[f], norm, tf, f32(this.m.fields[f].boost));
  }

  /** One field's score with the field's layout average: never below `score`. */
  bound(f, tf, norm) {
    return bm25(this.weights[f], this.m.boundCaches[f], norm, tf, f32(this.m.fields[f].boost));
  }

  /** A block from its directory entry: bounds of its best total `T` and best field
   *  scores `M`, scored with the layout averages the export chose them with. */
  addBlock(d) {
    let T = 0;
    const M = [0, 0, 0];
    for (let f = 0; f < 3; f++) {
      if (d.top.tf[f] > 0) T = f32(T + this.bound(f, d.top.tf[f], d.top.norm[f]));
      if (d.best.tf[f] > 0) M[f] = this.bound(f, d.best.tf[f], d.best.norm[f]);
    }
    const b = { first: d.first, last: d.last, count: d.count, T, M, file: d.file, data: null };
    this.blocks.push(b);
    return b;
  }

  /** Sets a block's decoded postings (decodePostings), with `vals`: their field scores. */
  fill(b, p) {
    if (p.docs.length !== b.count) throw bad();
    const vals = new Float64Array(p.docs.length * 3);
    for (let i = 0; i < vals.length; i++) {
      if (p.tf[i] > 0) vals[i] = this.score(i % 3, p.tf[i], p.norm[i]);
    }
    b.data = Object.assign(p, { vals });
  }
}

/** The search engine of one language. `load(name)` resolves to a shard's data. */
export class Searcher {
  constructor(lang, load) {
    this.lang = lang;
    this.shards = new Shards(lang, load);
    this.terms = new Map();
    this.metaData = null;
  }

  /** The language's `meta`, with its fields' norm caches (for scores, and with the
   *  layout averages for blocks' bounds). */
  async meta() {
    if (this.metaData) return this.metaData;
    const m = await this.shards.meta();
    if (!m.caches) {
      m.avg = m.fields.map((fl) => f32(f32(fl.tokens) / f32(m.docs)));
      m.caches = m.avg.map((avg) => tfCache(m.norms, avg));
      m.boundCaches = m.fields.map((fl) => tfCache(m.norms, f32(fl.layout)));
    }
    this.metaData = m;
    return m;
  }

  /** Loads the English stemmer when `text` has a word to stem. */
  async stemmerFor(text) {
    if (needsStemmer(text) && !hasStemmer()) setStemmer(await this.shards.stemmer());
  }

  /** The words of a query, loading the English stemmer first when it is needed. */
  async words(query) {
    await this.stemmerFor(query);
    return words(query);
  }

  /** Loads the lexicon shards for the words; resolves to `lookup(key)` → targets or null. */
  async lexicon(ws) {
    const shards = new Map();
    await Promise.all(keyStarts(ws).map(async (k) => shards.set(shardKey(k), await this.shards.lexiconShard(k))));
    return (key) => {
      const shard = shards.get(shardKey(key.split(" ")[0]));
      return shard && Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : null;
    };
  }

  /** The variants of a query ({words, weight, text, joins}, the query as typed first),
   *  those whose joins the index lacks left out. */
  async variants(query, exact = false) {
    const typed = await this.words(query);
    if (typed.length === 0) return [];
    const text = typed.map((w) => w.text).join(" ");
    const all = exact ? [{ words: typed, weight: 1, text, joins: [] }] : variants(typed, await this.lexicon(typed));
    // A homophone put inside a word must join it as the site writes it (rank.rs `joined`).
    const bigrams = [...new Set(all.flatMap((v) => v.joins.flat()))];
    const has = new Map(await Promise.all(bigrams.map(async (b) => [b, (await this.term(b)) !== null])));
    const vars = all.filter((v) => v.joins.every((sides) => sides.some((b) => has.get(b))));
    for (const v of vars) await this.stemmerFor(v.text);
    return vars;
  }

  /** The entry of a term: [dfTitle, dfHeading, dfBody, postings or [head]], or null. */
  async entry(term) {
    const shard = await this.shards.termShard(term);
    return Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  }

  /** A term with its block directory and first block, or null when it is not indexed. */
  term(t) {
    if (!this.terms.has(t)) {
      const p = (async () => {
        const e = await this.entry(t);
        if (!e) return null;
        const m = await this.meta();
        const term = new Term(m, e);
        if (typeof e[3] === "string") {
          const p = decodePostings(e[3]);
          const n = p.docs.length;
          const none = { tf: [0, 0, 0], norm: [0, 0, 0] };
          term.fill(term.addBlock({ first: p.docs[0], last: p.docs[n - 1], count: n, top: none, best: none, file: null }), p);
        } else {
          const head = decodeHead(e[3][0]);
          for (const d of head.blocks) term.addBlock(d);
          term.fill(term.blocks[0], head.first);
        }
        return term;
      })();
      this.terms.set(t, p);
      p.catch(() => this.terms.delete(t));
    }
    return this.terms.get(t);
  }

  /** Loads the postings of one block of a term. */
  async fetchBlock(term, b) {
    if (!b.data) {
      const p = decodePostings(await this.shards.block(b.file));
      if (!b.data) term.fill(b, p);
    }
  }

  /** Indexed terms starting with `prefix`: [[term, docCount]] in term order. */
  async prefixCandidates(prefix) {
    const shard = await this.shards.termShard(prefix);
    return Object.keys(shard)
      .filter((t) => t.startsWith(prefix))
      .sort(cmpCodePoints)
      .map((t) => [t, shard[t][0] + shard[t][1] + shard[t][2]]);
  }

  /** The clauses of all variants, each once (prefixes expanded), and each variant as its
   *  words' clause indexes (rank.rs `Plan`). */
  async plan(vars) {
    const plan = { clauses: [], variants: [], weights: [], absentWeights: [] };
    const ids = new Map();
    for (const v of vars) {
      const vw = [];
      for (const w of v.words) {
        const wc = [];
        for (const c of clauses(w)) {
          const terms = c.prefix === undefined ? c.terms.slice()
            : c.terms.concat(expandPrefix(await this.prefixCandidates(c.prefix), c.terms));
          const key = terms.join("\u0000");
          if (!ids.has(key)) { ids.set(key, plan.clauses.length); plan.clauses.push(terms); }
          wc.push(ids.get(key));
        }
        vw.push(wc);
      }
      plan.variants.push(vw);
      plan.weights.push(v.weight);
      plan.absentWeights.push(v.words.map(absentWeight));
    }
    return plan;
  }

  /**
   * Runs a query: {results: [{doc, score, partial, via?}], partial, terms}, ranked by how
   * well each document answers the best variant of the query, one result per section
   * (rank.rs `run`). `opts.exact`: search the query as typed only.
   */
  async search(query, limit = 10, opts = {}) {
    const vars = await this.variants(query, !!opts.exact);
    if (vars.length === 0 || limit <= 0) return { results: [], partial: false, terms: [] };
    await this.meta();
    const plan = await this.plan(vars);
    const terms = [...new Set(plan.clauses.flat())];
    const byTerm = new Map();
    await Promise.all(terms.map(async (t) => byTerm.set(t, await this.term(t))));
    const m = await this.meta();
    const clauseTerms = plan.clauses.map((c) => c.map((t) => byTerm.get(t)).filter((t) => t !== null));
    const present = clauseTerms.map((c) => (c.length > 0 ? 1 : 0));
    const found = { clauses: clauseTerms, variants: plan.variants, weights: plan.weights, absentWeights: plan.absentWeights,
      present };
    const ranked = await rank(found, limit, (term, b) => this.fetchBlock(term, b));
    const seeds = ranked.slice(0, RELATED_SEEDS);
    const lists = await Promise.all(seeds.map((r) => this.shards.related(r.start)));
    const order = rerank(ranked.map((r) => [r.score, !r.partial]), ranked.map((r) => r.start), lists, limit);
    const results = order.map(({ hit, doc }) => {
      if (hit === undefined) return { doc, score: 0, partial: true, related: true };
      const r = ranked[hit];
      return r.variant > 0 ? { doc: r.doc, score: r.score, partial: r.partial, via: vars[r.variant].text }
        : { doc: r.doc, score: r.score, partial: r.partial };
    });
    return { results, partial: results.some((r) => r.partial), terms };
  }

  /** Metadata of documents: {url, guide, guideTitle, section, heading, kind, excerpt}. */
  async docs(ids) {
    return Promise.all(ids.map(async (id) => {
      const { d, guide: [guide, guideTitle] } = await this.shards.doc(id);
      const [, section, heading, kind, excerpt] = d;
      return { doc: id, lang: this.lang, url: this.lang + "/" + guide + "/#" + section, guide, guideTitle, section,
        heading, kind, excerpt };
    }));
  }

  /** The results of a query with their metadata, as the UI shows them. */
  async results(query, limit = 10, opts = {}) {
    const { results } = await this.search(query, limit, opts);
    const docs = await this.docs(results.map((r) => r.doc));
    return docs.map((d, i) => Object.assign(d, { score: results[i].score, partial: results[i].partial },
      results[i].via === undefined ? {} : { via: results[i].via }, results[i].related ? { related: true } : {}));
  }
}

/**
 * Search over a site's languages, as its pages do: the page's language first; when
 * nothing there matches every term, the other languages (listed in its `meta.js`) are
 * searched too, and the first with a full match answers. Otherwise the page's language
 * answers with its partial matches, or the first other language that has some.
 * Results carry their `lang`.
 */
export class SiteSearch {
  constructor(lang, load) {
    this.lang = lang;
    this.load = load;
    this.searchers = new Map();
  }

  searcher(lang) {
    if (!this.searchers.has(lang)) this.searchers.set(lang, new Searcher(lang, this.load));
    return this.searchers.get(lang);
  }

  async results(query, limit = 10, opts = {}) {
    const main = this.searcher(this.lang);
    if ((await main.words(query)).length === 0) return [];
    const first = await main.results(query, limit, opts);
    if (first.some((r) => !r.partial)) return first;
    let fallback = first.length ? first : null;
    for (const other of (await main.meta()).others) {
      const alt = await this.searcher(other).results(query, limit, opts);
      if (alt.some((r) => !r.partial)) return alt;
      fallback = fallback || (alt.length ? alt : null);
    }
    return fallback || [];
  }
}

/**
 * The candidates of a query: documents seen in a loaded block, in flat typed arrays that
 * are reused from query to query (allocating them anew each time makes the garbage
 * collector pause typing).
 */
class Candidates {
  constructor() {
    this.doc = new Int32Array(0);
    this.start = new Int32Array(0);
    this.found = new Uint8Array(0);
    this.vals = new Float64Array(0);
    this.cover = new Float64Array(0);
    this.variant = new Int32Array(0);
    this.score = new Float64Array(0);
    this.state = new Int8Array(0);
    // Per document number, 1 + its candidate index (0: not a candidate): a typed array,
    // as a Map's lookups took a fifth of a warm query.
    this.slot = new Int32Array(0);
    // Per candidate put off (see `rankWith`): a quick upper bound of its score.
    this.quick = new Float64Array(0);
    this.n = 0;
  }
  reset(nT) {
    for (let i = 0; i < this.n; i++) this.slot[this.doc[i]] = 0;
    this.nT = nT;
    this.n = 0;
    this.cap = Math.min(this.doc.length, Math.floor(this.found.length / nT));
  }
  /** Room for `cap` candidates (and the unseen pseudo-candidate after them). */
  grow(cap) {
    const nT = this.nT, n = this.n;
    const copy = (A, old, size, keep) => { const a = new A(size); a.set(old.subarray(0, keep)); return a; };
    this.doc = copy(Int32Array, this.doc, cap, n);
    this.start = copy(Int32Array, this.start, cap, n);
    this.found = copy(Uint8Array, this.found, cap * nT, n * nT);
    this.vals = copy(Float64Array, this.vals, cap * nT * 3, n * nT * 3);
    this.cover = new Float64Array(cap + 1);
    this.variant = new Int32Array(cap + 1);
    this.score = new Float64Array(cap + 1);
    this.state = new Int8Array(cap + 1);
    this.cap = cap;
  }
  /** Room to put off `m` candidates: their quick bounds. */
  putOff(m) {
    if (this.quick.length < m) this.quick = new Float64Array(Math.max(m, this.quick.length * 2));
    return this.quick;
  }
  /** Records that term `ti` is in document `d` (its section starting at `start`). */
  add(ti, d, start, v, at) {
    if (d >= this.slot.length) {
      const slot = new Int32Array(Math.max(d + 1, this.slot.length * 2, 1024));
      slot.set(this.slot);
      this.slot = slot;
    }
    let i = this.slot[d] - 1;
    const nT = this.nT;
    if (i < 0) {
      if (this.n === this.cap) this.grow(Math.max(256, this.cap * 2));
      i = this.n++;
      this.slot[d] = i + 1;
      this.doc[i] = d;
      this.start[i] = start;
      for (let k = i * nT; k < i * nT + nT; k++) this.found[k] = 0;
    }
    this.found[i * nT + ti] = 1;
    const k = (i * nT + ti) * 3;
    this.vals[k] = v[at];
    this.vals[k + 1] = v[at + 1];
    this.vals[k + 2] = v[at + 2];
  }
}

const pool = [];

/**
 * The bounds of a term's unloaded blocks by document: `v` holds, per stretch of document
 * numbers between two block ends, the best `T` (−1: no block) and the best `M` per field of
 * the blocks whose range holds it, at index `stretchOf(bounds, d)` for the stretch of
 * document `d` (−1: none), and at `all` those of every block (for documents not seen
 * yet). The same maxima as a scan of the blocks for every document, found by one search;
 * `none` when every block is loaded.
 */
function blockBounds(blocks) {
  const cuts = [...new Set(blocks.flatMap((b) => [b.first, b.last + 1]))].sort((a, b) => a - b);
  const v = new Float64Array((cuts.length + 1) * 4);
  const best = (j, b) => {
    if (b.T > v[j]) v[j] = b.T;
    if (b.M[0] > v[j + 1]) v[j + 1] = b.M[0];
    if (b.M[1] > v[j + 2]) v[j + 2] = b.M[1];
    if (b.M[2] > v[j + 3]) v[j + 3] = b.M[2];
  };
  const all = cuts.length * 4;
  v[all] = -1;
  for (let k = 0; k < cuts.length; k++) {
    v[k * 4] = -1;
    for (const b of blocks) if (b.first <= cuts[k] && b.last >= cuts[k]) best(k * 4, b);
  }
  for (const b of blocks) best(all, b);
  return { v, cuts: Int32Array.from(cuts), all, none: blocks.length === 0, d: -1, lo: 0 };
}

/** The index in `blockBounds`'s `v` of the stretch holding document `d` (−1: none).
 *  Candidates come mostly in rising document order (a block's documents rise), so the
 *  search starts where the last one ended when `d` is not below its document. */
function stretchOf(bt, d) {
  const cuts = bt.cuts;
  let lo = 0;
  if (d >= bt.d) {
    lo = bt.lo;
    while (lo < cuts.length && cuts[lo] <= d) lo++;
  } else {
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] <= d) lo = mid + 1;
      else hi = mid;
    }
  }
  bt.d = d;
  bt.lo = lo;
  return lo === 0 ? -1 : (lo - 1) * 4;
}

/**
 * The top `limit` results of a plan {clauses: [[Term]], variants, weights, present}:
 * [{doc, score, partial, variant}]. `fetch(term, block)` loads a block. See the module
 * comment (step 3) and docs/search-format.md.
 */
export async function rank(plan, limit, fetch) {
  const terms = [...new Set(plan.clauses.flat())];
  const idx = new Map(terms.map((t, i) => [t, i]));
  const clauseTerms = plan.clauses.map((c) => c.map((t) => idx.get(t)));
  const cands = pool.pop() || new Candidates();
  cands.reset(terms.length);
  try {
    return await rankWith(cands, clauseTerms, plan, terms, limit, fetch);
  } finally {
    pool.push(cands);
  }
}

async function rankWith(cands, clauseTerms, plan, terms, limit, fetch) {
  const n = clauseTerms.length, nT = terms.length;
  const ingested = terms.map(() => new Set());
  const acc = new Float64Array(n), exact = new Uint8Array(n), maybe = new Uint8Array(n);
  const cov = [0, -1];
  const table = wordTable(plan);
  let unseen = 0;
  const key = (i) => (i === unseen ? -1 : cands.doc[i]);
  // Per candidate (and, at `unseen`, for documents not seen yet): score or bound, state
  // (1 settled, 0 open, -1 can never qualify), coverage (or its bound) and variant. A
  // document that answers ranks before one that only fills the list, then by score.
  const answering = (i) => answers(cands.cover[i]);
  const before = (i, j) => {
    const a = answering(i), b = answering(j);
    if (a !== b) return a;
    return cands.score[i] > cands.score[j] || (cands.score[i] === cands.score[j] && key(i) < key(j));
  };
  for (;;) {
    terms.forEach((t, ti) => t.blocks.forEach((b) => {
      if (!b.data || ingested[ti].has(b)) return;
      ingested[ti].add(b);
      const { docs, offsets, vals } = b.data;
      for (let i = 0; i < docs.length; i++) cands.add(ti, docs[i], docs[i] - offsets[i], vals, i * 3);
    }));
    const unloaded = terms.map((t) => t.blocks.filter((b) => !b.data));
    const bounds = unloaded.map(blockBounds);
    const m = cands.n;
    if (cands.score.length < m + 1) cands.grow(m + 1);
    const { score, state, cover, variant } = cands;
    unseen = m;
    // Candidate `i`'s clauses: their scores (or bounds) in `acc`, which match (`exact`) or
    // may (`maybe`); whether the candidate is settled.
    const found = cands.found, vals = cands.vals, docs = cands.doc;
    const sumClauses = (i) => {
      const seen = i < m, d = seen ? docs[i] : -1, base = i * nT;
      let settled = 1;
      for (let c = 0; c < n; c++) {
        let s = 0, h = 0, o = 0;
        const cts = clauseTerms[c];
        for (let q = 0; q < cts.length; q++) {
          const ti = cts[q];
          if (seen && found[base + ti]) {
            const v = (base + ti) * 3;
            h = 1;
            s = f32(f32(f32(s + vals[v]) + vals[v + 1]) + vals[v + 2]);
            continue;
          }
          const bt = bounds[ti];
          if (bt.none) continue;
          const j = seen ? stretchOf(bt, d) : bt.all;
          if (j < 0) continue;
          const bv = bt.v, T = bv[j];
          if (T < 0) continue;
          o = 1;
          s = s === 0 ? T : f32(f32(f32(s + bv[j + 1]) + bv[j + 2]) + bv[j + 3]);
        }
        acc[c] = s;
        exact[c] = h;
        maybe[c] = h || o;
        if (o) settled = 0;
      }
      return settled;
    };
    // Its state, and its score (settled) or bound (open), from its clauses.
    const finish = (i, settled) => {
      const best = bestVariant(table, acc, settled ? exact : maybe, cov);
      const bestV = cov[1], bestC = cov[0];
      if (bestV < 0) { state[i] = -1; score[i] = 0; return; }
      state[i] = settled;
      score[i] = best;
      variant[i] = bestV;
      cover[i] = bestC;
    };
    // The settled candidates first, which decide the results; an open one (the unseen
    // aside) is put off with a quick bound (`totalBound`), and its exact bound worked
    // out only when the quick one reaches the last result: below it, it can neither be a
    // result nor hold one back (state -1, as one that can never qualify).
    const quick = cands.putOff(m);
    for (let i = 0; i <= m; i++) {
      const settled = sumClauses(i);
      if (settled || i === m) {
        finish(i, settled);
        continue;
      }
      state[i] = 0;
      quick[i] = totalBound(table, acc) * SLACK;
    }
    // The results so far: the first `limit` sections in that order, each by its best
    // settled candidate. Chosen without sorting every settled candidate (thousands).
    const kept = [];
    if (limit > 0) {
      const best = new Map();
      for (let i = 0; i < m; i++) {
        if (state[i] !== 1) continue;
        const s = cands.start[i], b = best.get(s);
        if (b === undefined || before(i, b)) best.set(s, i);
      }
      for (const i of best.values()) {
        if (kept.length === limit) {
          if (!before(i, kept[limit - 1])) continue;
          kept.pop();
        }
        let k = kept.length;
        while (k > 0 && before(i, kept[k - 1])) k--;
        kept.splice(k, 0, i);
      }
    }
    const last = kept.length === limit ? kept[limit - 1] : -1;
    // The quick bound leaves coverage out: it may put a document off only behind a last
    // result that answers (one that might answer goes before any that only fills).
    const quickCut = last >= 0 && answering(last) ? score[last] : -1;
    for (let i = 0; i < m; i++) {
      if (state[i] !== 0) continue;
      if (quickCut < 0 || quick[i] >= quickCut) {
        sumClauses(i);
        finish(i, 0);
      } else {
        state[i] = -1;
        score[i] = 0;
      }
    }
    // No document answers, nor might one (the unseen ones included): nothing, without
    // ranking those that would only fill. (Behind a last result that answers, some does.)
    // The one check of it: once no open document is left before the last result, one that
    // might answer has been settled, and the first result answers.
    let mayAnswer = quickCut >= 0;
    for (let i = 0; i <= m && !mayAnswer; i++) mayAnswer = state[i] >= 0 && answering(i);
    if (!mayAnswer) return [];
    const blocking = [];
    for (let i = 0; i <= m; i++) if (state[i] === 0 && (last < 0 || before(i, last))) blocking.push(i);
    if (blocking.length === 0) {
      return kept.map((i) => ({ doc: cands.doc[i], score: score[i], partial: cover[i] < 1, variant: variant[i],
        start: cands.start[i] }));
    }
    blocking.sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
    const wanted = new Map();
    for (const i of blocking.slice(0, BATCH)) {
      const seen = i < m, d = seen ? cands.doc[i] : -1;
      terms.forEach((t, ti) => {
        if (seen && cands.found[i * nT + ti]) return;
        let best = null;
        for (const b of unloaded[ti]) {
          if (seen && (b.first > d || b.last < d)) continue;
          if (best === null || b.T > best.T) best = b;
        }
        if (best) wanted.set(best, t);
      });
    }
    if (wanted.size === 0) throw new Error("tebiki search: no block to load");
    await Promise.all([...wanted].map(([b, t]) => fetch(t, b)));
  }
}
