// Loading the browser index: which file holds what (packs, shard keys) and fetching it.
// Every file the engine reads comes through a `Shards` of one language, so how the index
// is cut into files and fetched lives here and nowhere else; the format of each file is
// in docs/search-format.md, its writer is src/search/export.rs (and packs.rs).
//
// A loader `load(name)` resolves to the data a file hands to
// `tebikiSearch.register(name, data)`: `scriptLoader` (pages) adds a `<script>` element,
// tests/js/node_loader.mjs runs the file in a Node context. A pack hands over a string,
// its JSON deflated and base64-encoded, which `inflate` turns back into data.
//
// Files of a language (`<lang>/…`): `meta`; `k/<n>` key packs (the terms and lexicon
// entries of the shard keys `meta.keys[n]` lists); `b/<n>` packs of postings blocks
// (`meta.blockPacks` says how many each holds); `d/<n>` packs of document metadata
// (`meta.docsPerShard` documents each); `r/<n>` related packs (each section's related
// sections, by the section's first document, `meta.relatedPerShard` documents a pack).
// And `stemmer`, the English stemmer, shared by the languages.

import { charClass, CJK } from "./tokenizer.mjs";
import { FORMAT } from "./shared.mjs";
import { readVarints } from "./postings.mjs";

/** The shard key of a term (export.rs `shard_key`). */
export function shardKey(term) {
  const chars = Array.from(term);
  const n = charClass(chars[0].codePointAt(0)) === CJK ? 1 : 2;
  return chars.slice(0, n).map((c) => c.codePointAt(0).toString(16)).join("-");
}

/** The data of a pack: its base64 string inflated (zlib) and parsed as JSON. */
export async function inflate(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return JSON.parse(await new Response(stream).text());
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

let stemmerLoad = null;

/** The files of one language's index, each fetched once (a failed fetch is retried). */
export class Shards {
  constructor(lang, load) {
    this.lang = lang;
    this.load = load;
    this.files = new Map();
    this.metaLoad = null;
  }

  /** The data of file `name` of this language (a pack's inflated). */
  file(name) {
    const full = this.lang + "/" + name;
    if (!this.files.has(full)) {
      const p = this.load(full).then((data) => (typeof data === "string" ? inflate(data) : data));
      this.files.set(full, p);
      p.catch(() => this.files.delete(full));
    }
    return this.files.get(full);
  }

  /** The language's `meta`, with the key pack of every shard-key start and the first
   *  block of every block pack. */
  meta() {
    if (!this.metaLoad) {
      this.metaLoad = this.file("meta").then((m) => {
        if (!m || m.format !== FORMAT) throw new Error("tebiki search: unsupported index format " + (m && m.format));
        m.keyPack = new Map();
        m.keys.forEach(([cjk, words], n) => {
          for (const c of cjk) m.keyPack.set(c, n);
          if (words) for (const w of words.split(" ")) m.keyPack.set(w, n);
        });
        m.blockStarts = [0];
        for (const count of readVarints(m.blockPacks)) m.blockStarts.push(m.blockStarts[m.blockStarts.length - 1] + count);
        return m;
      });
      this.metaLoad.catch(() => { this.metaLoad = null; });
    }
    return this.metaLoad;
  }

  /** The English stemmer function (one load for all languages). */
  stemmer() {
    if (!stemmerLoad) {
      stemmerLoad = this.load("stemmer");
      stemmerLoad.catch(() => { stemmerLoad = null; });
    }
    return stemmerLoad;
  }

  /** The key pack of the shard key of `start` (a term, a character, a word's match
   *  form), or null when the index has none. */
  async keyPack(start) {
    const m = await this.meta();
    const chars = Array.from(start);
    const n = charClass(chars[0].codePointAt(0)) === CJK ? 1 : 2;
    const pack = m.keyPack.get(chars.slice(0, n).join(""));
    return pack === undefined ? null : this.file("k/" + pack);
  }

  /** The terms of the shard holding `term` and the terms that start like it ({} if none):
   *  term → [dfTitle, dfHeading, dfBody, postings string or [head string]]. */
  async termShard(term) {
    const pack = await this.keyPack(term);
    return pack ? pack.t : {};
  }

  /** The lexicon keys starting like `start` (a character, or a word's match form). */
  async lexiconShard(start) {
    const pack = await this.keyPack(start);
    return pack ? pack.x : {};
  }

  /** The postings block number `n` (numbered in term order across the block packs). */
  async block(n) {
    const m = await this.meta();
    const starts = m.blockStarts;
    let lo = 0, hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= n) lo = mid; else hi = mid - 1;
    }
    if (n < starts[lo] || n >= starts[lo + 1]) throw new Error("tebiki search: no postings block " + n);
    return (await this.file("b/" + lo))[n - starts[lo]];
  }

  /** The related sections of the section whose first document is `start`: [doc, milli,
   *  doc, milli, …], their first documents with their cosines in thousandths. */
  async related(start) {
    const m = await this.meta();
    const n = Math.floor(start / m.relatedPerShard);
    if (!(n < m.relatedPacks)) return [];
    return (await this.file("r/" + n))[start] || [];
  }

  /** The metadata of document `id`: [guide, section, heading, kind, excerpt] and the
   *  guide's [slug, title]. */
  async doc(id) {
    const m = await this.meta();
    const shard = await this.file("d/" + Math.floor(id / m.docsPerShard));
    const d = shard.docs[id % m.docsPerShard];
    return { d, guide: shard.guides[d[0]] };
  }
}
