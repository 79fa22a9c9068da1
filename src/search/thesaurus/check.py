#!/usr/bin/env python3
"""Checks the default thesaurus files (ja.toml, en.toml) beside this script.

Run: python3 src/search/thesaurus/check.py [--coverage CONTENT_DIR]

Errors (exit status 1):
- a file does not parse, has a key other than `group`, or a group has a key other
  than `terms` and `note`, a note that is not one line, or fewer than 2 terms;
- a term is repeated, within a group or across groups, after the search engine's
  normalization (NFKC, lowercase) — and, for English, after its Snowball stem when the
  `snowballstemmer` package is installed (the engine stems English words);
- a term is a single character, or would leave a single character, a query particle
  (の, を, …) or nothing but stop words once the engine cuts it into runs;
- a term is one of the very general words a group must not contain, or (English, with
  the stemmer) is one once stemmed (`inform` is `information`, `reporters` `report`);
- a group's `related` list (terms of a closely related concept, which the group's terms
  also find at a lower weight) breaks the same term rules, repeats a term, or names
  one of the group's own terms. A related term may be a term of another group.

Warnings: a term containing an English stop word that the query analyzer drops
(`IT部門` is searched as `部門`).

With --coverage, also counts the groups that have a member in the bundled guides.
Needs Python 3.11 (tomllib); nothing else.
"""

import json
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"ja": HERE / "ja.toml", "en": HERE / "en.toml"}

# The query analyzer's particles and stop words, from the file both search engines read.
_SHARED = json.loads((HERE.parent / "shared.json").read_text(encoding="utf-8"))
PARTICLES = set(_SHARED["particles"])
STOP_WORDS = set(_SHARED["stopWords"])
# Words too general to be a member of any group (the thesaurus rule).
TOO_GENERAL = {
    "対応", "対策", "問題", "情報", "システム", "障害", "確認", "管理", "重要", "必要", "報告", "説明", "トラブル",
    "system", "issue", "problem", "information", "response", "measure", "management", "data", "report",
}


def normalize(text: str) -> str:
    """NFKC, then lowercase (src/search/tokenizer.rs `normalize`)."""
    return unicodedata.normalize("NFKC", text).lower()


def char_class(c: str) -> str:
    """'cjk', 'word' or 'other' (src/search/tokenizer.rs `char_class`)."""
    u = ord(c)
    if 0x30 <= u <= 0x39 or 0x61 <= u <= 0x7A:
        return "word"
    if u in (0xD7, 0xF7):
        return "other"
    if 0xC0 <= u <= 0x24F or 0x370 <= u <= 0x3FF or 0x400 <= u <= 0x4FF or 0xAC00 <= u <= 0xD7AF:
        return "word"
    if (0x3005 <= u <= 0x3007 or 0x3041 <= u <= 0x309F or 0x30A1 <= u <= 0x30FA
            or 0x30FC <= u <= 0x30FF or 0x31F0 <= u <= 0x31FF):
        return "cjk"
    if 0x3400 <= u <= 0x4DBF or 0x4E00 <= u <= 0x9FFF or 0xF900 <= u <= 0xFAFF or 0x20000 <= u <= 0x2FFFF:
        return "cjk"
    return "other"


def runs(text: str) -> list[tuple[str, str]]:
    """(class, text) runs of normalized text, separators dropped."""
    out: list[tuple[str, str]] = []
    for c in text:
        k = char_class(c)
        if k == "other":
            out.append(("other", ""))
        elif out and out[-1][0] == k:
            out[-1] = (k, out[-1][1] + c)
        else:
            out.append((k, c))
    return [(k, t) for k, t in out if k != "other"]


def is_hiragana(c: str) -> bool:
    return "\u3041" <= c <= "\u309f"


def particles_in(run: str) -> list[str]:
    """The maximal hiragana stretches of a kana/kanji run that the query analyzer
    treats as particles, i.e. splits the run at."""
    found, cur = [], ""
    for c in run + "\0":
        if is_hiragana(c):
            cur += c
        else:
            if cur in PARTICLES:
                found.append(cur)
            cur = ""
    return found


def load_stemmer():
    try:
        import snowballstemmer  # type: ignore
    except ImportError:
        return None
    return snowballstemmer.stemmer("english")


def stem_key(term: str, stemmer) -> str:
    """The English words of a term, stop words dropped, each reduced to its stem."""
    words = [t for k, t in runs(normalize(term)) if k == "word" and t not in STOP_WORDS]
    return " ".join(stemmer.stemWord(w) if w.isascii() and w.isalpha() else w for w in words)


def check_term(term: str) -> tuple[list[str], list[str]]:
    errors, warnings = [], []
    n = normalize(term)
    if len(n) <= 1:
        errors.append("is a single character")
        return errors, warnings
    if n in TOO_GENERAL:
        errors.append("is too general to be a synonym")
    rs = runs(n)
    if not rs:
        errors.append("has no searchable characters")
    for k, t in rs:
        if k == "word" and len(t) == 1:
            errors.append(f"leaves the one-letter word {t!r}")
        if k == "cjk":
            if len(t) == 1:
                errors.append(f"leaves the one-character run {t!r}")
            for p in particles_in(t):
                errors.append(f"contains the particle {p!r}, where a query is split")
    words = [t for k, t in rs if k == "word"]
    if rs and all(k == "word" and t in STOP_WORDS for k, t in rs):
        errors.append("is nothing but stop words")
    # `scope of impact` loses `of` on purpose; `IT部門` or `IT staff` losing the
    # acronym `it` is worth a look.
    stop_in = sorted({w for w in words if w in STOP_WORDS})
    if "it" in stop_in or (stop_in and any(k == "cjk" for k, _ in rs)):
        warnings.append(f"contains the stop word(s) {', '.join(stop_in)}, dropped from a query")
    return errors, warnings


def check_file(lang: str, path: Path, stemmer) -> tuple[list[dict], int, int]:
    """Returns the groups, the error count and the warning count."""
    errors = warnings = 0

    def err(msg: str) -> None:
        nonlocal errors
        errors += 1
        print(f"error: {path.name}: {msg}")

    def warn(msg: str) -> None:
        nonlocal warnings
        warnings += 1
        print(f"warning: {path.name}: {msg}")

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        err(f"does not parse: {e}")
        return [], errors, warnings
    for key in data:
        if key != "group":
            err(f"unknown top-level key {key!r}")
    groups = data.get("group", [])
    if not isinstance(groups, list):
        err("`group` must be an array of tables ([[group]])")
        return [], errors, warnings

    def check_written(label: str, what: str, t: str) -> None:
        """The rules for how a term (or related term) is written."""
        if t != t.strip():
            err(f"{label}: {what} {t!r} has surrounding spaces")
        term_errors, term_warnings = check_term(t)
        for e in term_errors:
            err(f"{label}: {what} {t!r} {e}")
        for w in term_warnings:
            warn(f"{label}: {what} {t!r} {w}")

    seen: dict[str, int] = {}
    seen_stem: dict[str, tuple[int, str]] = {}
    # The too-general words once stemmed (`information` is `inform`).
    general = {stem_key(w, stemmer): w for w in TOO_GENERAL if w.isascii()} if stemmer else {}
    for i, g in enumerate(groups, start=1):
        label = f"group {i}"
        for key in g:
            if key not in ("terms", "related", "note"):
                err(f"{label}: unknown key {key!r}")
        terms = g.get("terms")
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            err(f"{label}: `terms` must be a list of strings")
            continue
        label = f"group {i} ({terms[0] if terms else ''})"
        if len(terms) < 2:
            err(f"{label}: has {len(terms)} term(s), needs at least 2")
        note = g.get("note")
        if note is not None and (not isinstance(note, str) or "\n" in note or not note.strip()):
            err(f"{label}: `note` must be one non-empty line")
        for t in terms:
            check_written(label, "term", t)
            key = normalize(t)
            if key in seen:
                where = "twice in this group" if seen[key] == i else f"also in group {seen[key]}"
                err(f"{label}: term {t!r} appears {where}")
            else:
                seen[key] = i
            if stemmer is not None and lang == "en":
                sk = stem_key(t, stemmer)
                if sk in general and key not in TOO_GENERAL:
                    err(f"{label}: term {t!r} is the too general {general[sk]!r} once stemmed")
                if sk in seen_stem and seen_stem[sk][1] != key:
                    j, other = seen_stem[sk]
                    err(f"{label}: term {t!r} is the same as {other!r} (group {j}) once stemmed")
                else:
                    seen_stem.setdefault(sk, (i, key))
        related = g.get("related", [])
        if not isinstance(related, list) or not all(isinstance(t, str) for t in related):
            err(f"{label}: `related` must be a list of strings")
            continue
        own = {normalize(t) for t in terms}
        for t in related:
            check_written(label, "related term", t)
            if normalize(t) in own:
                err(f"{label}: related term {t!r} is one of the group's terms")
        if len({normalize(t) for t in related}) != len(related):
            err(f"{label}: a related term is repeated")
    return groups, errors, warnings


def coverage(lang: str, groups: list[dict], content: Path, stemmer) -> tuple[int, int]:
    """Groups with at least one member found in content/<lang>/. A term made only of
    Latin words is looked for as a sequence of stemmed words (stop words dropped) when
    the stemmer is there, so `employee` is found in `employees`; otherwise a normalized
    substring, where a letter or digit at either end of the term must not continue into
    the text (so `BEC` is not found in `because`)."""
    files = sorted((content / lang).glob("*"))
    text = normalize("\n".join(f.read_text(encoding="utf-8") for f in files if f.is_file()))
    stemmed = None
    if stemmer is not None:
        words = [t for k, t in runs(text) if k == "word" and t not in STOP_WORDS]
        stemmed = " " + " ".join(stemmer.stemWord(w) if w.isascii() and w.isalpha() else w for w in words) + " "

    def found(term: str) -> bool:
        if stemmed is not None and all(k == "word" for k, _ in runs(normalize(term))):
            return f" {stem_key(term, stemmer)} " in stemmed
        t = normalize(term)
        start = 0
        while (i := text.find(t, start)) >= 0:
            before = text[i - 1] if i > 0 else " "
            after = text[i + len(t)] if i + len(t) < len(text) else " "
            edge_ok = (char_class(t[0]) != "word" or char_class(before) != "word") and (
                char_class(t[-1]) != "word" or char_class(after) != "word"
            )
            if edge_ok:
                return True
            start = i + 1
        return False

    hit = sum(1 for g in groups if any(found(t) for t in g.get("terms", [])))
    return hit, len(groups)


def main() -> int:
    args = sys.argv[1:]
    content = None
    if args[:1] == ["--coverage"]:
        content = Path(args[1]) if len(args) > 1 else HERE.parents[2] / "content"
    stemmer = load_stemmer()
    if stemmer is None:
        print("note: snowballstemmer is not installed; English terms are not compared by stem")
    total_errors = total_warnings = 0
    summary = []
    for lang, path in FILES.items():
        groups, errors, warnings = check_file(lang, path, stemmer)
        total_errors += errors
        total_warnings += warnings
        n_terms = sum(len(g.get("terms", [])) for g in groups)
        n_related = sum(1 for g in groups if g.get("related"))
        line = f"{lang}: {len(groups)} groups, {n_terms} terms, {n_related} groups with related terms"
        if content is not None and groups:
            hit, n = coverage(lang, groups, content, stemmer)
            line += f"; {hit}/{n} groups have a member in {content / lang}"
        summary.append(line)
    for line in summary:
        print(line)
    print(f"{total_errors} error(s), {total_warnings} warning(s)")
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main())
