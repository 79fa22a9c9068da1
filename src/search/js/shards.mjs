// Loading the browser index: which file holds what (file names, shard keys, buckets) and
// fetching it. Every file the engine reads comes through a `Shards` of one language, so
// how shards are named, grouped and fetched lives here and nowhere else; the format of
// each file is in docs/search-format.md, its writer is src/search/export.rs.
//
// A loader `load(name)` resolves to the data a shard file hands to
// `tebikiSearch.register(name, data)`: `scriptLoader` (pages) adds a `<script>` element,
// tests/js/node_loader.mjs runs the file in a Node context.
//
// Files of a language (`<lang>/…`): `meta`; `t/<key>` term shards (or `t/b<n>` buckets of
// them); `x/<key>` lexicon shards (or `x/b<n>`); `p/<n>` head files of terms with several
// postings blocks; `b/<n>` postings blocks; `d/<n>` document metadata. And `stemmer`, the
// English stemmer, shared by the languages.

import { charClass, CJK } from "./tokenizer.mjs";
import { FORMAT } from "./shared.mjs";

/** The shard key of a term (export.rs `shard_key`). */
export function shardKey(term) {
  const chars = Array.from(term);
  const n = charClass(chars[0].codePointAt(0)) === CJK ? 1 : 2;
  return chars.slice(0, n).map((c) => c.codePointAt(0).toString(16)).join("-");
}

/** FNV-1a (32 bits) of an ASCII shard key, modulo `n`: the term file of a key on a site
 *  whose term shards are grouped into buckets (`meta.buckets`; `bucket_of` in export.rs). */
export function bucketOf(key, n) {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul((h ^ key.charCodeAt(i)) >>> 0, 0x01000193) >>> 0;
  return h % n;
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

  /** The data of file `name` of this language. */
  file(name) {
    const full = this.lang + "/" + name;
    if (!this.files.has(full)) {
      const p = this.load(full);
      this.files.set(full, p);
      p.catch(() => this.files.delete(full));
    }
    return this.files.get(full);
  }

  /** The language's `meta`, with the sets of its term and lexicon shard keys. */
  meta() {
    if (!this.metaLoad) {
      this.metaLoad = this.file("meta").then((m) => {
        if (!m || m.format !== FORMAT) throw new Error("tebiki search: unsupported index format " + (m && m.format));
        m.cjkKeys = new Set(Array.from(m.keys.cjk));
        m.wordKeys = new Set(m.keys.word ? m.keys.word.split(" ") : []);
        m.lexCjk = new Set(Array.from(m.lexicon.cjk));
        m.lexWord = new Set(m.lexicon.word ? m.lexicon.word.split(" ") : []);
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

  /** The shard of `dir` (`t` or `x`) for keys starting like `start`, {} when the index
   *  has none (`cjk`/`word`: the meta's key sets of that kind of shard). */
  async keyed(dir, start, cjkKeys, wordKeys, buckets) {
    const chars = Array.from(start);
    const cjk = charClass(chars[0].codePointAt(0)) === CJK;
    const exists = cjk ? cjkKeys.has(chars[0]) : wordKeys.has(chars.slice(0, 2).join(""));
    if (!exists) return {};
    const key = shardKey(start);
    return this.file(dir + "/" + (buckets ? "b" + bucketOf(key, buckets) : key));
  }

  /** The term shard holding `term` and the terms that start like it ({} if none). */
  async termShard(term) {
    const m = await this.meta();
    return this.keyed("t", term, m.cjkKeys, m.wordKeys, m.buckets);
  }

  /** The lexicon shard of keys starting like `start` (a character, or a word's match form). */
  async lexiconShard(start) {
    const m = await this.meta();
    return this.keyed("x", start, m.lexCjk, m.lexWord, m.lexiconBuckets);
  }

  /** The head file of a term with several postings blocks (its term-shard entry's number). */
  head(n) {
    return this.file("p/" + n);
  }

  /** The postings block file number `n`. */
  block(n) {
    return this.file("b/" + n);
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
