// tebiki checklists: the record of ticked items and its exports, as pure functions.
//
// No DOM, no storage, no clock: callers pass the stored text, the item list and the
// time. Imported by Node's test runner (tests/js/checklist.test.mjs) and bundled into
// the classic script `assets/js/checklist.js` for pages (src/checklist/assets.rs), so
// it keeps to that bundle's rules: imports on one line, only `export function|const`.
//
// A record is a Map from item id to the ISO time (UTC) it was ticked. In storage it is
// JSON: {"v":1,"ticked":{"c0123456789":"2025-03-01T01:02:03.000Z", …}} with ids sorted.

export const RECORD_VERSION = 1;

/** The record stored as `text` (null when there is none). Text that is not a record of
 *  this version, and entries that are not a valid time, read as nothing ticked. */
export function parseRecord(text) {
  const ticked = new Map();
  if (typeof text !== "string" || text === "") return ticked;
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return ticked;
  }
  if (!data || data.v !== RECORD_VERSION || typeof data.ticked !== "object" || data.ticked === null) return ticked;
  for (const id of Object.keys(data.ticked).sort()) {
    const at = data.ticked[id];
    if (typeof at === "string" && !Number.isNaN(Date.parse(at))) ticked.set(id, at);
  }
  return ticked;
}

/** The text to store for a record: ids sorted, so equal records store equal text. */
export function serializeRecord(ticked) {
  const out = {};
  for (const id of [...ticked.keys()].sort()) out[id] = ticked.get(id);
  return JSON.stringify({ v: RECORD_VERSION, ticked: out });
}

/** A new record with `id` ticked at `date` (a Date), or unticked when `on` is false.
 *  Ticking an item that is ticked already keeps its first time. */
export function setTicked(ticked, id, on, date) {
  const next = new Map(ticked);
  if (!on) next.delete(id);
  else if (!next.has(id)) next.set(id, date.toISOString());
  return next;
}

/** The record without items that no longer exist (`ids`: the ids the page shows). */
export function prune(ticked, ids) {
  const keep = new Set(ids);
  return new Map([...ticked].filter(([id]) => keep.has(id)));
}

/** `{ done, total, percent }` of the items `ids`. */
export function progress(ids, ticked) {
  const total = ids.length;
  const done = ids.filter((id) => ticked.has(id)).length;
  return { done, total, percent: total === 0 ? 0 : Math.round((done * 100) / total) };
}

const pad = (n, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, "0");

/** `date` in the local time `offsetMinutes` east of UTC (what `-getTimezoneOffset()`
 *  gives), as ISO 8601 with the offset: `2025-03-01T10:02:03+09:00`. */
export function localIso(date, offsetMinutes) {
  const local = new Date(date.getTime() + offsetMinutes * 60000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const off = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(off / 60)}:${pad(off % 60)}`
  );
}

/** The short form shown beside a ticked item: `2025-03-01 10:02` (local time). */
export function displayTime(date, offsetMinutes) {
  return localIso(date, offsetMinutes).slice(0, 16).replace("T", " ");
}

/** A file name for an export: `<slug>-checklist-20250301-1002.<ext>` (local time);
 *  a slug's `/` becomes `-`. */
export function exportName(slug, date, offsetMinutes, ext) {
  const iso = localIso(date, offsetMinutes);
  const stamp = iso.slice(0, 10).replaceAll("-", "") + "-" + iso.slice(11, 16).replace(":", "");
  return `${slug.replaceAll("/", "-")}-checklist-${stamp}.${ext}`;
}

/** Text with Markdown's inline syntax characters escaped, on one line. */
export function escapeMarkdown(text) {
  return text.replace(/\s+/g, " ").trim().replace(/[\\`*_[\]<>#|~]/g, (c) => "\\" + c);
}

/** Characters that make a spreadsheet program read a cell as a formula when the cell
 *  starts with one (after any spaces): `= + - @`, tab and carriage return (OWASP's CSV
 *  injection list), and their full-width forms, which Japanese spreadsheets accept too. */
export const FORMULA_START = /^[\s\u3000]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field
 *  that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `-2+3+cmd|…`) gets a
 *  leading `'`, as OWASP advises: the cell shows the text, and runs nothing. */
export function csvField(value) {
  let s = String(value);
  if (FORMULA_START.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The ticked items of `list` in page order, each with its group:
 *  `[{ group, item, at: Date }]`. `list` is `{ groups: [{ number, heading, items:
 *  [{ id, text }] }] }`. */
export function tickedItems(list, ticked) {
  const out = [];
  for (const group of list.groups) {
    for (const item of group.items) {
      if (ticked.has(item.id)) out.push({ group, item, at: new Date(ticked.get(item.id)) });
    }
  }
  return out;
}

/** The incident-record export as Markdown. `list`: `{ title, site, groups }`; `meta`:
 *  `{ date, offset, labels: { checklist, site, exported, progress, none } }`. */
export function toMarkdown(list, ticked, meta) {
  const { labels } = meta;
  const ids = list.groups.flatMap((g) => g.items.map((i) => i.id));
  const p = progress(ids, ticked);
  const lines = [
    `# ${escapeMarkdown(list.title)} — ${labels.checklist}`,
    "",
    `- ${labels.site}: ${escapeMarkdown(list.site)}`,
    `- ${labels.exported}: ${localIso(meta.date, meta.offset)}`,
    `- ${labels.progress}: ${p.done} / ${p.total}`,
    "",
  ];
  const rows = tickedItems(list, ticked);
  if (rows.length === 0) lines.push(labels.none, "");
  for (const group of list.groups) {
    const mine = rows.filter((r) => r.group === group);
    if (mine.length === 0) continue;
    // A guide counted from its second section shows no number before the first.
    lines.push(`## ${[group.number, escapeMarkdown(group.heading)].filter(Boolean).join(" ")}`, "");
    for (const { item, at } of mine) lines.push(`- [x] ${escapeMarkdown(item.text)} — ${localIso(at, meta.offset)}`);
    lines.push("");
  }
  return lines.join("\n");
}

/** The incident-record export as CSV: a UTF-8 byte-order mark (so spreadsheet programs
 *  read Japanese correctly), a header row, one row per ticked item, CRLF line ends. */
export function toCsv(list, ticked, meta) {
  const rows = [["section", "heading", "item", "ticked_at", "id"]];
  for (const { group, item, at } of tickedItems(list, ticked)) {
    rows.push([group.number, group.heading, item.text, localIso(at, meta.offset), item.id]);
  }
  return "\uFEFF" + rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
