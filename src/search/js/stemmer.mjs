// The English (Porter2) Snowball stemmer, ported line by line from the Rust code that
// Snowball generates from english.sbl (the `frostem` crate, Snowball commit 81dd074,
// which tantivy uses). The Rust side (src/search/tokenizer.rs) stems only words of
// plain ASCII letters, so this port works on ASCII strings, one char per byte.
// Shared test vectors: tests/fixtures/search/tokenizer-vectors.json.

const A_0 = [["arsen", -1, -1], ["commun", -1, -1], ["emerg", -1, -1], ["gener", -1, -1], ["inter", -1, -1],
  ["later", -1, -1], ["organ", -1, -1], ["past", -1, -1], ["univers", -1, -1]];
const A_1 = [["'", -1, 1], ["'s'", 0, 1], ["'s", -1, 1]];
const A_2 = [["ied", -1, 2], ["s", -1, 3], ["ies", 1, 2], ["sses", 1, 1], ["ss", 1, -1], ["us", 1, -1]];
const A_3 = [["succ", -1, 1], ["proc", -1, 1], ["exc", -1, 1]];
const A_4 = [["even", -1, 2], ["cann", -1, 2], ["inn", -1, 2], ["earr", -1, 2], ["herr", -1, 2], ["out", -1, 2],
  ["y", -1, 1]];
const A_5 = [["", -1, -1], ["ed", 0, 2], ["eed", 1, 1], ["ing", 0, 3], ["edly", 0, 2], ["eedly", 4, 1],
  ["ingly", 0, 2]];
const A_6 = [["", -1, 3], ["bb", 0, 2], ["dd", 0, 2], ["ff", 0, 2], ["gg", 0, 2], ["bl", 0, 1], ["mm", 0, 2],
  ["nn", 0, 2], ["pp", 0, 2], ["rr", 0, 2], ["at", 0, 1], ["tt", 0, 2], ["iz", 0, 1]];
const A_7 = [["anci", -1, 3], ["enci", -1, 2], ["ogi", -1, 14], ["li", -1, 16], ["bli", 3, 12], ["abli", 4, 4],
  ["alli", 3, 8], ["fulli", 3, 9], ["lessli", 3, 15], ["ousli", 3, 10], ["entli", 3, 5], ["aliti", -1, 8],
  ["biliti", -1, 12], ["iviti", -1, 11], ["tional", -1, 1], ["ational", 14, 7], ["alism", -1, 8],
  ["ation", -1, 7], ["ization", 17, 6], ["izer", -1, 6], ["ator", -1, 7], ["iveness", -1, 11],
  ["fulness", -1, 9], ["ousness", -1, 10], ["ogist", -1, 13]];
const A_8 = [["icate", -1, 4], ["ative", -1, 6], ["alize", -1, 3], ["iciti", -1, 4], ["ical", -1, 4],
  ["tional", -1, 1], ["ational", 5, 2], ["ful", -1, 5], ["ness", -1, 5]];
const A_9 = [["ic", -1, 1], ["ance", -1, 1], ["ence", -1, 1], ["able", -1, 1], ["ible", -1, 1], ["ate", -1, 1],
  ["ive", -1, 1], ["ize", -1, 1], ["iti", -1, 1], ["al", -1, 1], ["ism", -1, 1], ["ion", -1, 2], ["er", -1, 1],
  ["ous", -1, 1], ["ant", -1, 1], ["ent", -1, 1], ["ment", 15, 1], ["ement", 16, 1]];
const A_10 = [["e", -1, 1], ["l", -1, 2]];
const A_11 = [["andes", -1, -1], ["atlas", -1, -1], ["bias", -1, -1], ["cosmos", -1, -1], ["early", -1, 6],
  ["gently", -1, 4], ["howe", -1, -1], ["idly", -1, 3], ["news", -1, -1], ["only", -1, 7], ["singly", -1, 8],
  ["skies", -1, 2], ["skis", -1, 1], ["sky", -1, -1], ["ugly", -1, 5]];

const G_aeo = [17, 64];
const G_v = [17, 65, 16, 1];
const G_v_WXY = [1, 17, 65, 208, 1];
const G_valid_LI = [55, 141, 2];

function inSet(g, min, max, ch) {
  if (ch > max || ch < min) return false;
  ch -= min;
  return (g[ch >> 3] & (1 << (ch & 7))) !== 0;
}
function inG(z, g, min, max) {
  if (z.c >= z.l || !inSet(g, min, max, z.s.charCodeAt(z.c))) return false;
  z.c++;
  return true;
}
function inGB(z, g, min, max) {
  if (z.c <= z.lb || !inSet(g, min, max, z.s.charCodeAt(z.c - 1))) return false;
  z.c--;
  return true;
}
function outGB(z, g, min, max) {
  if (z.c <= z.lb || inSet(g, min, max, z.s.charCodeAt(z.c - 1))) return false;
  z.c--;
  return true;
}
function goOutG(z, g, min, max) {
  while (z.c < z.l) {
    if (inSet(g, min, max, z.s.charCodeAt(z.c))) return true;
    z.c++;
  }
  return false;
}
function goInG(z, g, min, max) {
  while (z.c < z.l) {
    if (!inSet(g, min, max, z.s.charCodeAt(z.c))) return true;
    z.c++;
  }
  return false;
}
function goOutGB(z, g, min, max) {
  while (z.c > z.lb) {
    if (inSet(g, min, max, z.s.charCodeAt(z.c - 1))) return true;
    z.c--;
  }
  return false;
}
function eqS(z, s) {
  if (z.c >= z.l || !z.s.startsWith(s, z.c)) return false;
  z.c += s.length;
  return true;
}
function eqSB(z, s) {
  if (z.c - z.lb < s.length || !z.s.startsWith(s, z.c - s.length)) return false;
  z.c -= s.length;
  return true;
}
function sliceFrom(z, s) {
  const adj = s.length - (z.ket - z.bra);
  z.s = z.s.slice(0, z.bra) + s + z.s.slice(z.ket);
  z.l += adj;
  if (z.c >= z.ket) z.c += adj;
  else if (z.c > z.bra) z.c = z.bra;
  z.ket = z.bra + s.length;
}
function hop(z, n) {
  if (z.c + n > z.l) return false;
  z.c += n;
  return true;
}
function hopBack(z, n) {
  if (z.c - n < z.lb) return false;
  z.c -= n;
  return true;
}
function findAmong(z, v) {
  let i = 0, j = v.length, ci = 0, cj = 0, first = false;
  const c = z.c, l = z.l;
  for (;;) {
    const k = i + ((j - i) >> 1);
    let diff = 0, common = ci < cj ? ci : cj;
    const w = v[k][0];
    for (let lv = common; lv < w.length; lv++) {
      if (c + common === l) { diff = -1; break; }
      diff = z.s.charCodeAt(c + common) - w.charCodeAt(lv);
      if (diff !== 0) break;
      common++;
    }
    if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
    if (j - i <= 1) {
      if (i > 0 || j === i || first) break;
      first = true;
    }
  }
  for (;;) {
    const w = v[i];
    if (ci >= w[0].length) { z.c = c + w[0].length; return w[2]; }
    i = w[1];
    if (i < 0) return 0;
  }
}
function findAmongB(z, v) {
  let i = 0, j = v.length, ci = 0, cj = 0, first = false;
  const c = z.c, lb = z.lb;
  for (;;) {
    const k = i + ((j - i) >> 1);
    let diff = 0, common = ci < cj ? ci : cj;
    const w = v[k][0];
    for (let lv = w.length - 1 - common; lv >= 0; lv--) {
      if (c - common === lb) { diff = -1; break; }
      diff = z.s.charCodeAt(c - common - 1) - w.charCodeAt(lv);
      if (diff !== 0) break;
      common++;
    }
    if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
    if (j - i <= 1) {
      if (i > 0 || j === i || first) break;
      first = true;
    }
  }
  for (;;) {
    const w = v[i];
    if (ci >= w[0].length) { z.c = c - w[0].length; return w[2]; }
    i = w[1];
    if (i < 0) return 0;
  }
}
// Snowball's quick pre-check: is the byte at `at` one of the last letters in `mask`?
function mayEnd(z, at, mask) {
  const b = z.s.charCodeAt(at);
  return (b >> 5) === 3 && ((mask >> (b & 0x1f)) & 1) !== 0;
}

function rShortv(z) {
  const v1 = z.l - z.c;
  lab1: {
    if (!outGB(z, G_v_WXY, 89, 121)) break lab1;
    if (!inGB(z, G_v, 97, 121)) break lab1;
    if (!outGB(z, G_v, 97, 121)) break lab1;
    return true;
  }
  z.c = z.l - v1;
  lab2: {
    if (!outGB(z, G_v, 97, 121)) break lab2;
    if (!inGB(z, G_v, 97, 121)) break lab2;
    if (z.c > z.lb) break lab2;
    return true;
  }
  z.c = z.l - v1;
  return eqSB(z, "past");
}

/** The Snowball English stem of a lowercase ASCII word. */
export function stemEnglish(word) {
  const z = { s: word, c: 0, l: word.length, lb: 0, bra: 0, ket: 0 };
  let amongVar, yFound = false, p1, p2;
  lab0: {
    const v1 = z.c;
    lab1: {
      z.bra = z.c;
      if (z.c + 2 >= z.l || !mayEnd(z, z.c + 2, 42750482)) break lab1;
      amongVar = findAmong(z, A_11);
      if (amongVar === 0) break lab1;
      z.ket = z.c;
      if (z.c < z.l) break lab1;
      const to = [null, "ski", "sky", "idl", "gentl", "ugli", "earli", "onli", "singl"][amongVar];
      if (to) sliceFrom(z, to);
      break lab0;
    }
    z.c = v1;
    if (!hop(z, 3)) break lab0;
    z.c = v1;
    // Prelude: drop a leading apostrophe, mark consonant-y as Y.
    {
      const v2 = z.c;
      lab5: {
        z.bra = z.c;
        if (!eqS(z, "'")) break lab5;
        z.ket = z.c;
        sliceFrom(z, "");
      }
      z.c = v2;
      const v3 = z.c;
      lab6: {
        z.bra = z.c;
        if (!eqS(z, "y")) break lab6;
        z.ket = z.c;
        sliceFrom(z, "Y");
        yFound = true;
      }
      z.c = v3;
      const v4 = z.c;
      replab8: for (;;) {
        const v5 = z.c;
        lab9: {
          golab10: for (;;) {
            const v6 = z.c;
            lab11: {
              if (!inG(z, G_v, 97, 121)) break lab11;
              z.bra = z.c;
              if (!eqS(z, "y")) break lab11;
              z.ket = z.c;
              z.c = v6;
              break golab10;
            }
            z.c = v6;
            if (z.c >= z.l) break lab9;
            z.c++;
          }
          sliceFrom(z, "Y");
          yFound = true;
          continue replab8;
        }
        z.c = v5;
        break replab8;
      }
      z.c = v4;
    }
    // Regions R1 and R2.
    p1 = z.l;
    p2 = z.l;
    {
      const v7 = z.c;
      lab13: {
        lab14: {
          const v8 = z.c;
          lab15: {
            if (z.c + 3 >= z.l || !mayEnd(z, z.c + 3, 5513250)) break lab15;
            if (findAmong(z, A_0) === 0) break lab15;
            break lab14;
          }
          z.c = v8;
          if (!goOutG(z, G_v, 97, 121)) break lab13;
          z.c++;
          if (!goInG(z, G_v, 97, 121)) break lab13;
          z.c++;
        }
        p1 = z.c;
        if (!goOutG(z, G_v, 97, 121)) break lab13;
        z.c++;
        if (!goInG(z, G_v, 97, 121)) break lab13;
        z.c++;
        p2 = z.c;
      }
      z.c = v7;
    }
    z.lb = z.c;
    z.c = z.l;
    // Step 1a.
    const v9 = z.l - z.c;
    lab16: {
      const v10 = z.l - z.c;
      lab17: {
        z.ket = z.c;
        const b = z.s.charCodeAt(z.c - 1);
        if (z.c <= z.lb || (b !== 39 && b !== 115)) { z.c = z.l - v10; break lab17; }
        if (findAmongB(z, A_1) === 0) { z.c = z.l - v10; break lab17; }
        z.bra = z.c;
        sliceFrom(z, "");
      }
      z.ket = z.c;
      const b = z.s.charCodeAt(z.c - 1);
      if (z.c <= z.lb || (b !== 100 && b !== 115)) break lab16;
      amongVar = findAmongB(z, A_2);
      if (amongVar === 0) break lab16;
      z.bra = z.c;
      if (amongVar === 1) sliceFrom(z, "ss");
      else if (amongVar === 2) {
        const v11 = z.l - z.c;
        if (hopBack(z, 2)) sliceFrom(z, "i");
        else { z.c = z.l - v11; sliceFrom(z, "ie"); }
      } else if (amongVar === 3) {
        if (z.c <= z.lb) break lab16;
        z.c--;
        if (!goOutGB(z, G_v, 97, 121)) break lab16;
        z.c--;
        sliceFrom(z, "");
      }
    }
    z.c = z.l - v9;
    // Step 1b.
    const v12 = z.l - z.c;
    lab20: {
      z.ket = z.c;
      if (z.c - 1 <= z.lb || !mayEnd(z, z.c - 1, 33554576)) amongVar = -1;
      else amongVar = findAmongB(z, A_5);
      z.bra = z.c;
      lab21: {
        const v13 = z.l - z.c;
        lab22: {
          if (amongVar === 1) {
            const v14 = z.l - z.c;
            lab23: {
              if (p1 > z.c) break lab23;
              lab24: {
                const v15 = z.l - z.c;
                lab25: {
                  if (z.c - 2 <= z.lb || z.s.charCodeAt(z.c - 1) !== 99) break lab25;
                  if (findAmongB(z, A_3) === 0) break lab25;
                  if (z.c > z.lb) break lab25;
                  break lab24;
                }
                z.c = z.l - v15;
                sliceFrom(z, "ee");
              }
            }
            z.c = z.l - v14;
          } else if (amongVar === 2) {
            break lab22;
          } else if (amongVar === 3) {
            if (z.c <= z.lb || !mayEnd(z, z.c - 1, 34881536)) break lab22;
            amongVar = findAmongB(z, A_4);
            if (amongVar === 0) break lab22;
            if (amongVar === 1) {
              const v16 = z.l - z.c;
              if (!outGB(z, G_v, 97, 121)) break lab22;
              if (z.c > z.lb) break lab22;
              z.c = z.l - v16;
              z.bra = z.c;
              sliceFrom(z, "ie");
            } else if (amongVar === 2) {
              if (z.c > z.lb) break lab22;
            }
          }
          break lab21;
        }
        z.c = z.l - v13;
        const v17 = z.l - z.c;
        if (!goOutGB(z, G_v, 97, 121)) break lab20;
        z.c--;
        z.c = z.l - v17;
        sliceFrom(z, "");
        z.ket = z.c;
        z.bra = z.c;
        const v18 = z.l - z.c;
        if (z.c - 1 <= z.lb || !mayEnd(z, z.c - 1, 68514004)) amongVar = 3;
        else amongVar = findAmongB(z, A_6);
        if (amongVar === 1) {
          sliceFrom(z, "e");
          break lab20;
        } else if (amongVar === 2) {
          const v19 = z.l - z.c;
          lab26: {
            if (!inGB(z, G_aeo, 97, 111)) break lab26;
            if (z.c > z.lb) break lab26;
            break lab20;
          }
          z.c = z.l - v19;
        } else if (amongVar === 3) {
          if (z.c !== p1) break lab20;
          const v20 = z.l - z.c;
          if (!rShortv(z)) break lab20;
          z.c = z.l - v20;
          sliceFrom(z, "e");
          break lab20;
        }
        z.c = z.l - v18;
        z.ket = z.c;
        if (z.c <= z.lb) break lab20;
        z.c--;
        z.bra = z.c;
        sliceFrom(z, "");
      }
    }
    z.c = z.l - v12;
    // Step 1c.
    const v21 = z.l - z.c;
    lab27: {
      z.ket = z.c;
      if (!eqSB(z, "y") && !eqSB(z, "Y")) break lab27;
      z.bra = z.c;
      if (!outGB(z, G_v, 97, 121)) break lab27;
      if (z.c <= z.lb) break lab27;
      sliceFrom(z, "i");
    }
    z.c = z.l - v21;
    // Step 2.
    const v22 = z.l - z.c;
    lab30: {
      z.ket = z.c;
      if (z.c - 1 <= z.lb || !mayEnd(z, z.c - 1, 1864192)) break lab30;
      amongVar = findAmongB(z, A_7);
      if (amongVar === 0) break lab30;
      z.bra = z.c;
      if (p1 > z.c) break lab30;
      const to = [null, "tion", "ence", "ance", "able", "ent", "ize", "ate", "al", "ful", "ous", "ive", "ble", "og"];
      if (amongVar <= 13) sliceFrom(z, to[amongVar]);
      else if (amongVar === 14) {
        if (!eqSB(z, "l")) break lab30;
        sliceFrom(z, "og");
      } else if (amongVar === 15) sliceFrom(z, "less");
      else if (amongVar === 16) {
        if (!inGB(z, G_valid_LI, 99, 116)) break lab30;
        sliceFrom(z, "");
      }
    }
    z.c = z.l - v22;
    // Step 3.
    const v23 = z.l - z.c;
    lab31: {
      z.ket = z.c;
      if (z.c - 2 <= z.lb || !mayEnd(z, z.c - 1, 528928)) break lab31;
      amongVar = findAmongB(z, A_8);
      if (amongVar === 0) break lab31;
      z.bra = z.c;
      if (p1 > z.c) break lab31;
      if (amongVar === 1) sliceFrom(z, "tion");
      else if (amongVar === 2) sliceFrom(z, "ate");
      else if (amongVar === 3) sliceFrom(z, "al");
      else if (amongVar === 4) sliceFrom(z, "ic");
      else if (amongVar === 5) sliceFrom(z, "");
      else if (amongVar === 6) {
        if (p2 > z.c) break lab31;
        sliceFrom(z, "");
      }
    }
    z.c = z.l - v23;
    // Step 4.
    const v24 = z.l - z.c;
    lab32: {
      z.ket = z.c;
      if (z.c - 1 <= z.lb || !mayEnd(z, z.c - 1, 1864232)) break lab32;
      amongVar = findAmongB(z, A_9);
      if (amongVar === 0) break lab32;
      z.bra = z.c;
      if (p2 > z.c) break lab32;
      if (amongVar === 1) sliceFrom(z, "");
      else if (amongVar === 2) {
        if (!eqSB(z, "s") && !eqSB(z, "t")) break lab32;
        sliceFrom(z, "");
      }
    }
    z.c = z.l - v24;
    // Step 5.
    const v25 = z.l - z.c;
    lab35: {
      z.ket = z.c;
      const b = z.s.charCodeAt(z.c - 1);
      if (z.c <= z.lb || (b !== 101 && b !== 108)) break lab35;
      amongVar = findAmongB(z, A_10);
      if (amongVar === 0) break lab35;
      z.bra = z.c;
      if (amongVar === 1) {
        lab36: {
          if (p2 <= z.c) break lab36;
          if (p1 > z.c) break lab35;
          const v26 = z.l - z.c;
          if (rShortv(z)) break lab35;
          z.c = z.l - v26;
        }
        sliceFrom(z, "");
      } else if (amongVar === 2) {
        if (p2 > z.c) break lab35;
        if (!eqSB(z, "l")) break lab35;
        sliceFrom(z, "");
      }
    }
    z.c = z.l - v25;
    z.c = z.lb;
    // Postlude: Y back to y.
    const v27 = z.c;
    if (yFound) {
      replab40: for (;;) {
        const v28 = z.c;
        lab41: {
          golab42: for (;;) {
            const v29 = z.c;
            lab43: {
              z.bra = z.c;
              if (!eqS(z, "Y")) break lab43;
              z.ket = z.c;
              z.c = v29;
              break golab42;
            }
            z.c = v29;
            if (z.c >= z.l) break lab41;
            z.c++;
          }
          sliceFrom(z, "y");
          continue replab40;
        }
        z.c = v28;
        break replab40;
      }
    }
    z.c = v27;
  }
  return z.s;
}
