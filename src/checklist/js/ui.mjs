// tebiki checklists in the page: real checkboxes whose ticks, with their times, are kept
// in localStorage; progress, reset (asked in a dialog), Markdown and CSV export, print.
//
// The page says what to do through markup (templates checklist.html, guide.html and
// macros.html of the default theme):
//   <meta name="tebiki-checklist" content="KEY">   the localStorage key of this guide
//   <meta name="tebiki-checklist-was" content="K">  its key under an old address (an
//                                                   alias): ticks kept there move to KEY
//   input[type=checkbox][data-item=ID]             an item; its <label for> is its text
//   [data-group][data-number][data-heading]         a section's items
//   [data-group-progress]                           "done / total" of that section
//   [data-time-for=ID] > time                       when the item was ticked
//   progress[data-progress], [data-progress-text]   the whole guide's progress
//   [data-checklist-tools]                          data-title, data-site, data-slug, and
//                                                   data-l-* labels for exports and messages
//   button[data-action=export-md|export-csv|print|reset], dialog[data-reset-dialog]
//   [data-storage-warning]                          shown when the browser refuses storage
//   [data-checklist-status]                         a polite live region
// Buttons that need this script start `hidden`; everything else reads without it.
//
// Every change reads the stored record afresh, applies itself and writes it back, so a
// guide open in two tabs keeps both tabs' ticks; a `storage` event redraws the other tab.

import { parseRecord, serializeRecord, setTicked, prune, progress, displayTime, exportName, toMarkdown, toCsv } from "./state.mjs";

/** localStorage, or null when the browser refuses it (a setting, a policy, a sandbox). */
export function openStorage(win) {
  try {
    const s = win.localStorage;
    const probe = "tebiki.checklist.probe";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

/** The item list of the page, for the exports: `{ title, site, slug, groups }`. */
export function readList(doc) {
  const tools = doc.querySelector("[data-checklist-tools]");
  const groups = [];
  for (const el of doc.querySelectorAll("[data-group]")) {
    const items = [];
    for (const input of el.querySelectorAll("input[data-item]")) {
      const label = doc.querySelector(`label[for="${input.id}"]`);
      items.push({ id: input.dataset.item, text: label ? label.textContent.trim() : input.dataset.item });
    }
    groups.push({ number: el.dataset.number, heading: el.dataset.heading, items });
  }
  return {
    title: tools?.dataset.title ?? doc.title,
    site: tools?.dataset.site ?? "",
    slug: tools?.dataset.slug ?? "checklist",
    groups,
  };
}

/** A guide renamed (its old address an alias) keeps the ticks kept under its old key:
 *  when `key` has no record, the first of `was` that has one moves to it. */
export function adopt(storage, key, was) {
  try {
    if (storage.getItem(key) !== null) return;
    for (const old of was) {
      const record = storage.getItem(old);
      if (old === key || record === null) continue;
      storage.setItem(key, record);
      storage.removeItem(old);
      return;
    }
  } catch {
    // Storage refused midway: the page works on with what it has.
  }
}

export function start(doc = document, win = window) {
  const meta = doc.querySelector('meta[name="tebiki-checklist"]');
  const inputs = [...doc.querySelectorAll("input[type=checkbox][data-item]")];
  if (!meta || inputs.length === 0) return;
  const key = meta.content;
  const ids = [...new Set(inputs.map((i) => i.dataset.item))];
  const storage = openStorage(win);
  const tools = doc.querySelector("[data-checklist-tools]");
  const status = doc.querySelector("[data-checklist-status]");
  const offset = () => -new Date().getTimezoneOffset();
  let memory = new Map();

  function warnStorage() {
    for (const el of doc.querySelectorAll("[data-storage-warning]")) el.hidden = false;
  }
  if (!storage) warnStorage();
  else adopt(storage, key, [...doc.querySelectorAll('meta[name="tebiki-checklist-was"]')].map((m) => m.content));

  function load() {
    if (!storage) return memory;
    try {
      return parseRecord(storage.getItem(key));
    } catch {
      warnStorage();
      return memory;
    }
  }
  function save(ticked) {
    memory = ticked;
    if (!storage) return;
    try {
      if (ticked.size === 0) storage.removeItem(key);
      else storage.setItem(key, serializeRecord(ticked));
    } catch {
      warnStorage();
    }
  }
  function say(text) {
    if (status && text) status.textContent = text;
  }

  /** Shows `ticked` on the page; returns the guide's progress. */
  function draw(ticked) {
    for (const input of inputs) {
      const at = ticked.get(input.dataset.item);
      input.checked = at !== undefined;
      for (const box of doc.querySelectorAll(`[data-time-for="${input.dataset.item}"]`)) {
        const time = box.querySelector("time");
        box.hidden = at === undefined;
        if (time && at !== undefined) {
          time.dateTime = at;
          time.textContent = displayTime(new Date(at), offset());
        }
      }
    }
    const p = progress(ids, ticked);
    for (const bar of doc.querySelectorAll("progress[data-progress]")) {
      bar.max = p.total;
      bar.value = p.done;
    }
    for (const el of doc.querySelectorAll("[data-progress-text]")) el.textContent = `${p.done} / ${p.total}`;
    for (const group of doc.querySelectorAll("[data-group]")) {
      const mine = [...group.querySelectorAll("input[data-item]")].map((i) => i.dataset.item);
      const g = progress(mine, ticked);
      for (const el of group.querySelectorAll("[data-group-progress]")) {
        el.textContent = `${g.done} / ${g.total}`;
        el.hidden = false;
      }
    }
    return p;
  }

  memory = load();
  draw(memory);

  for (const input of inputs) {
    input.addEventListener("change", () => {
      const next = prune(setTicked(load(), input.dataset.item, input.checked, new Date()), ids);
      save(next);
      // A screen reader hears the progress a tick made, as a sighted reader sees it.
      const p = draw(next);
      say(`${tools?.dataset.lProgress ?? status?.dataset.lProgress ?? ""} ${p.done} / ${p.total}`.trim());
    });
  }
  win.addEventListener("storage", (e) => {
    if (e.key === key || e.key === null) draw(load());
  });

  function download(name, text, type) {
    const url = win.URL.createObjectURL(new win.Blob([text], { type }));
    const a = doc.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    doc.body.append(a);
    a.click();
    a.remove();
    win.setTimeout(() => win.URL.revokeObjectURL(url), 10000);
  }
  function exportAs(ext) {
    const list = readList(doc);
    const now = new Date();
    const ds = tools ? tools.dataset : {};
    const labels = { checklist: ds.lChecklist, site: ds.lSite, exported: ds.lExported, progress: ds.lProgress, none: ds.lNone };
    const m = { date: now, offset: offset(), labels };
    const ticked = load();
    if (ext === "md") download(exportName(list.slug, now, m.offset, "md"), toMarkdown(list, ticked, m), "text/markdown;charset=utf-8");
    else download(exportName(list.slug, now, m.offset, "csv"), toCsv(list, ticked, m), "text/csv;charset=utf-8");
  }

  const dialog = doc.querySelector("dialog[data-reset-dialog]");
  function reset() {
    save(new Map());
    draw(new Map());
    say(tools?.dataset.lCleared);
  }
  if (dialog) {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "reset") reset();
      dialog.returnValue = "";
    });
    for (const b of dialog.querySelectorAll("button[value]")) {
      b.addEventListener("click", () => dialog.close(b.value));
    }
  }

  const actions = {
    "export-md": () => exportAs("md"),
    "export-csv": () => exportAs("csv"),
    print: () => win.print(),
    reset: () => {
      if (dialog && typeof dialog.showModal === "function") dialog.showModal();
      else if (win.confirm(tools?.dataset.lConfirm ?? "Reset?")) reset();
    },
  };
  for (const button of doc.querySelectorAll("button[data-action]")) {
    const action = actions[button.dataset.action];
    if (!action) continue;
    button.addEventListener("click", action);
    button.hidden = false;
  }
}

if (typeof document !== "undefined" && typeof window !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => start());
  else start();
}
