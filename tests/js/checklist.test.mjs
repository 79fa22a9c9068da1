// Pure functions of the checklist script (src/checklist/js/state.mjs): the stored
// record, progress, local times, and the Markdown and CSV exports. Run by
// `cargo test` (tests/checklists.rs) under `node --test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parseRecord,
  serializeRecord,
  setTicked,
  prune,
  progress,
  localIso,
  displayTime,
  exportName,
  escapeMarkdown,
  csvField,
  toMarkdown,
  toCsv,
} from "../../src/checklist/js/state.mjs";

const T1 = new Date("2025-03-01T01:02:03.000Z");
const T2 = new Date("2025-03-01T01:30:00.000Z");
const JST = 540;

const LIST = {
  title: "情報漏洩後の訴訟対応",
  site: "インシデント対応の手引き",
  slug: "data-breach",
  groups: [
    { number: "1", heading: "初動", items: [{ id: "ca", text: "被害範囲の把握" }, { id: "cb", text: "責任者の指名" }] },
    { number: "3", heading: "証拠保全", items: [{ id: "cc", text: "ログの保全, \"原本\" を残す" }] },
  ],
};
const LABELS = { checklist: "チェックリスト記録", site: "サイト", exported: "書き出し日時", progress: "進捗", none: "（なし）" };

test("a record round-trips through its stored text, ids sorted", () => {
  let r = setTicked(new Map(), "cb", true, T1);
  r = setTicked(r, "ca", true, T2);
  const text = serializeRecord(r);
  assert.equal(text, '{"v":1,"ticked":{"ca":"2025-03-01T01:30:00.000Z","cb":"2025-03-01T01:02:03.000Z"}}');
  assert.deepEqual([...parseRecord(text)], [...r].sort());
});

test("text that is not a record reads as nothing ticked", () => {
  for (const bad of [null, "", "{", "[]", '{"v":2,"ticked":{}}', '{"v":1}', '{"v":1,"ticked":null}']) {
    assert.equal(parseRecord(bad).size, 0, String(bad));
  }
  const mixed = parseRecord('{"v":1,"ticked":{"a":"2025-01-01T00:00:00Z","b":"yesterday","c":5}}');
  assert.deepEqual([...mixed.keys()], ["a"]);
});

test("ticking keeps the first time; unticking forgets it; the input is not changed", () => {
  const a = setTicked(new Map(), "ca", true, T1);
  const b = setTicked(a, "ca", true, T2);
  assert.equal(b.get("ca"), T1.toISOString());
  const c = setTicked(b, "ca", false, T2);
  assert.equal(c.has("ca"), false);
  assert.equal(a.get("ca"), T1.toISOString());
});

test("items that no longer exist are pruned; progress counts only the page's items", () => {
  const r = new Map([["ca", "x"], ["gone", "y"]]);
  assert.deepEqual([...prune(r, ["ca", "cb"]).keys()], ["ca"]);
  assert.deepEqual(progress(["ca", "cb", "cc"], r), { done: 1, total: 3, percent: 33 });
  assert.deepEqual(progress([], r), { done: 0, total: 0, percent: 0 });
});

test("local times carry their offset, east and west of UTC", () => {
  assert.equal(localIso(T1, JST), "2025-03-01T10:02:03+09:00");
  assert.equal(localIso(T1, -300), "2025-02-28T20:02:03-05:00");
  assert.equal(localIso(T1, 0), "2025-03-01T01:02:03+00:00");
  assert.equal(localIso(T1, 330), "2025-03-01T06:32:03+05:30");
  assert.equal(displayTime(T1, JST), "2025-03-01 10:02");
  assert.equal(exportName("ops/backup", T1, JST, "csv"), "ops-backup-checklist-20250301-1002.csv");
});

test("Markdown and CSV escape what they must", () => {
  assert.equal(escapeMarkdown("a *b* [c](d) <e>\n#f"), "a \\*b\\* \\[c\\](d) \\<e\\> \\#f");
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField('a,"b"'), '"a,""b"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
});

test("a CSV field that a spreadsheet would run as a formula starts with a quote, and reads the same", () => {
  for (const [cell, want] of [
    ['=HYPERLINK("http://evil.example/","click")', `"'=HYPERLINK(""http://evil.example/"",""click"")"`],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["+1", "'+1"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
    ["  =1", "'  =1"],
    ["\u3000=1", "'\u3000=1"],
    ["＝SUM(A1)", "'＝SUM(A1)"],
    ["－1", "'－1"],
  ]) {
    assert.equal(csvField(cell), want, JSON.stringify(cell));
  }
  for (const plain of ["a=b", "ログ-保全", "1+1", "", "e-mail"]) assert.equal(csvField(plain), plain, plain);
});

test("the Markdown export lists ticked items by section with local times", () => {
  const r = new Map([["cc", T2.toISOString()], ["ca", T1.toISOString()]]);
  const md = toMarkdown(LIST, r, { date: T2, offset: JST, labels: LABELS });
  assert.equal(
    md,
    [
      "# 情報漏洩後の訴訟対応 — チェックリスト記録",
      "",
      "- サイト: インシデント対応の手引き",
      "- 書き出し日時: 2025-03-01T10:30:00+09:00",
      "- 進捗: 2 / 3",
      "",
      "## 1 初動",
      "",
      "- [x] 被害範囲の把握 — 2025-03-01T10:02:03+09:00",
      "",
      "## 3 証拠保全",
      "",
      '- [x] ログの保全, "原本" を残す — 2025-03-01T10:30:00+09:00',
      "",
    ].join("\n"),
  );
  const none = toMarkdown(LIST, new Map(), { date: T2, offset: JST, labels: LABELS });
  assert.ok(none.includes("- 進捗: 0 / 3\n\n（なし）\n"), none);
});

test("the CSV export has a byte-order mark, a header and one CRLF row per ticked item", () => {
  const r = new Map([["cc", T2.toISOString()], ["ca", T1.toISOString()]]);
  const csv = toCsv(LIST, r, { date: T2, offset: JST, labels: LABELS });
  assert.equal(
    csv,
    "\uFEFFsection,heading,item,ticked_at,id\r\n" +
      "1,初動,被害範囲の把握,2025-03-01T10:02:03+09:00,ca\r\n" +
      '3,証拠保全,"ログの保全, ""原本"" を残す",2025-03-01T10:30:00+09:00,cc\r\n',
  );
});

test("a section shown without a number gets a Markdown heading without one", () => {
  const list = { ...LIST, groups: [{ number: "", heading: "手引き", items: [{ id: "cz", text: "体制の確認" }] }] };
  const md = toMarkdown(list, setTicked(new Map(), "cz", true, T1), { date: T2, offset: JST, labels: LABELS });
  assert.ok(md.includes("\n## 手引き\n"), md);
});
