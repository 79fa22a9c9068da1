// Decoding the postings files of the browser index (format: docs/search-format.md, writer:
// src/search/export.rs `push_varint`, `postings`, `head`): varints in a 64-letter alphabet,
// postings lists and the head files of terms with several blocks.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

export function bad() {
  return new Error("tebiki search: bad postings data");
}

/** Reads one varint at `at` of `s`: [value, next position]. */
export function readVarint(s, at) {
  let n = 0, mul = 1;
  for (;;) {
    const d = DIGIT[s.charCodeAt(at++)];
    if (d === undefined || d < 0) throw bad();
    if (d < 32) return [n + d * mul, at];
    n += (d - 32) * mul;
    mul *= 32;
  }
}

/** Every varint of `s`, in order. */
export function readVarints(s) {
  const out = [];
  for (let at = 0; at < s.length;) {
    const [n, next] = readVarint(s, at);
    out.push(n);
    at = next;
  }
  return out;
}

/** Varints read one after the other. */
class Cursor {
  constructor(s, at = 0) {
    this.s = s;
    this.at = at;
  }
  next() {
    const s = this.s;
    let n = 0, mul = 1;
    for (;;) {
      const d = DIGIT[s.charCodeAt(this.at++)];
      if (d === undefined || d < 0) throw bad();
      if (d < 32) return n + d * mul;
      n += (d - 32) * mul;
      mul *= 32;
    }
  }
  /** Reads the fields of `mask` into `tf`/`norm` at `at` (0 where a field is absent). */
  fields(mask, tf, norm, at) {
    for (let f = 0; f < 3; f++) {
      if (mask & (1 << f)) {
        const x = this.next();
        tf[at + f] = (x & 3) === 3 ? 3 + this.next() : x & 3;
        norm[at + f] = x >> 2;
      } else {
        tf[at + f] = 0;
        norm[at + f] = 0;
      }
    }
  }
  /** A field triple: its mask, then its fields: {tf: [3], norm: [3]}. */
  triple() {
    const t = { tf: [0, 0, 0], norm: [0, 0, 0] };
    this.fields(this.next(), t.tf, t.norm, 0);
    return t;
  }
}

/**
 * Decodes postings from `at` to the end of `s`: {docs, offsets, tf, norm}, with `tf`
 * and `norm` three per posting (title, heading, body; tf 0 where a field is absent) and
 * `offsets` each document's distance from the first document of its section.
 */
export function decodePostings(s, at = 0) {
  const c = new Cursor(s, at);
  const docs = [], offsets = [], tf = [], norm = [];
  let next = 0;
  while (c.at < s.length) {
    const doc = next + c.next();
    const head = c.next();
    if ((head & 7) === 0) throw bad();
    c.fields(head & 7, tf, norm, docs.length * 3);
    docs.push(doc);
    offsets.push(Math.floor(head / 8));
    next = doc + 1;
  }
  return { docs, offsets, tf, norm };
}

/**
 * Decodes a head file: {blocks: [{first, last, count, top, best, file}], first} where
 * `top` is the fields of the block's best posting, `best` the best fields per field,
 * `file` the number of the block's `b/` file (null for the first block, which is
 * `first`, decoded).
 */
export function decodeHead(s) {
  const c = new Cursor(s);
  const n = c.next();
  const firstFile = n > 1 ? c.next() : 0;
  const blocks = [];
  for (let i = 0; i < n; i++) {
    const first = c.next();
    const last = first + c.next();
    const count = c.next();
    blocks.push({ first, last, count, top: c.triple(), best: c.triple(), file: i === 0 ? null : firstFile + i - 1 });
  }
  const first = decodePostings(s, c.at);
  if (n === 0 || first.docs.length !== blocks[0].count) throw bad();
  return { blocks, first };
}

