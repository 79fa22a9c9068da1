#!/usr/bin/env python3
"""Makes src/search/dict/ja.tsv.zst, the Japanese dictionary table tebiki embeds, from
UniDic (the `lex_3_1.csv` of Debian's `unidic-mecab` package, UniDic 3.1.1).

Usage (the table is committed; rerun only to change what it holds):

    apt-get download unidic-mecab && dpkg-deb -x unidic-mecab_*.deb /tmp/unidic
    python3 tools/ja_dict.py /tmp/unidic/usr/share/mecab/dic/unidic/lex_3_1.csv

Needs the `zstd` command. What the table holds (see src/search/dict.rs, its one reader):
content words of UniDic — common nouns (名詞 but not proper nouns or numerals), verbs,
adjectives (形容詞, 形状詞) and adverbs — whose spelling has a kanji or a katakana
character and no other script, grouped by lemma (UniDic's 語彙素, which joins spelling
variants: 取扱い and 取り扱い, サーバ and サーバー, ぜい弱 and 脆弱). Each spelling carries its
reading in hiragana, whether it is a base form (終止形), a stem-like form (連用形, 未然形,
仮定形, 語幹) or uninflected, and UniDic's word cost divided by 500 (lower: more usual).
Classical (文語) inflections and other inflected forms are left out.

Format: UTF-8 lines, '#' lines are comments; `=<lemma>\t<class>` opens a lemma group
(class: N noun, V verb, A adjective, J adjectival noun, D adverb); each following line is
`<spelling>\t<reading>\t<form>\t<cost>` (form: B base, S stem-like, - uninflected).
Groups are sorted by (lemma, lemma reading, class), spellings within a group by text.

Beside it, src/search/dict/ja.order.zst holds two orders of the spellings (numbered from 0
in table order), so that tebiki finds a spelling by binary search instead of hashing the
whole table on every build: the spelling numbers sorted by text, then sorted by reading
(both by UTF-8 bytes, equal keys in table order), each a little-endian u32. Made with the
table, or from the committed table alone:

    python3 tools/ja_dict.py --orders
"""
import csv
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "search" / "dict" / "ja.tsv.zst"
ORDERS = OUT.with_name("ja.order.zst")
CJK = re.compile(r"^[\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff]+$")
NOT_HIRAGANA = re.compile(r"[\u3005\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\u30a1-\u30fa]")
CLASSES = {"名詞": "N", "動詞": "V", "形容詞": "A", "形状詞": "J", "副詞": "D"}


def form(conj):
    if conj == "*":
        return "-"
    if conj == "終止形-一般":
        return "B"
    if conj.startswith(("連用形", "語幹")) or conj in ("未然形-一般", "仮定形-一般"):
        return "S"
    return None


def hiragana(katakana):
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in katakana)


def main(lex):
    groups = {}
    with open(lex, encoding="utf-8", newline="") as fh:
        for r in csv.reader(fh):
            spelling = r[0]
            if not CJK.match(spelling) or not NOT_HIRAGANA.search(spelling):
                continue
            cls = CLASSES.get(r[4])
            if cls is None or r[5] in ("固有名詞", "数詞") or r[8].startswith("文語"):
                continue
            f = form(r[9])
            if f is None:
                continue
            group = groups.setdefault((r[11], r[10], cls), {})
            key = (spelling, hiragana(r[24]), f)
            cost = max(0, int(r[3])) // 500
            group[key] = min(cost, group.get(key, cost))
    lines = [
        "# tebiki's Japanese dictionary table, made by tools/ja_dict.py from UniDic 3.1.1",
        "# (lex_3_1.csv of Debian's unidic-mecab). UniDic: Copyright (c) 2011-2021, The UniDic",
        "# Consortium; used under its BSD-3-Clause licence option.",
    ]
    for (lemma, _, cls), spellings in sorted(groups.items()):
        lines.append(f"={lemma}\t{cls}")
        for (spelling, reading, f), cost in sorted(spellings.items()):
            lines.append(f"{spelling}\t{reading}\t{f}\t{cost}")
    text = ("\n".join(lines) + "\n").encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["zstd", "-19", "-q", "-f", "-o", str(OUT)], input=text, check=True)
    print(f"{OUT}: {len(groups)} lemmas, {len(lines) - len(groups) - 3} spellings, "
          f"{len(text)} bytes, {OUT.stat().st_size} compressed")
    orders(text.decode("utf-8"))


def orders(text):
    """Writes ORDERS for the table `text`."""
    spellings = [line.split("\t") for line in text.split("\n") if line and line[0] not in "#="]
    out = bytearray()
    for field in (0, 1):
        key = [s[field].encode("utf-8") for s in spellings]
        for i in sorted(range(len(spellings)), key=lambda i: key[i]):
            out += i.to_bytes(4, "little")
    subprocess.run(["zstd", "-19", "-q", "-f", "-o", str(ORDERS)], input=bytes(out), check=True)
    print(f"{ORDERS}: 2 orders of {len(spellings)} spellings, {ORDERS.stat().st_size} bytes compressed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--orders"]:
        table = subprocess.run(["zstd", "-dc", str(OUT)], capture_output=True, check=True).stdout
        orders(table.decode("utf-8"))
    else:
        main(sys.argv[1])
