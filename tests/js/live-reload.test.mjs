// Unit tests of the pure functions of the theme's live-reload client
// (themes/default/serve/live-reload.js), which exports them under Node instead of
// starting. Run with the other browser suites from `cargo test` (tests/serve.rs).

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const client = require("../../themes/default/serve/live-reload.js");

test("where: file, line and column as far as they are known", () => {
  assert.equal(client.where({ file: "tebiki.toml", line: 2, column: 18, message: "m" }), "tebiki.toml:2:18");
  assert.equal(client.where({ file: "content/ja/b.md", line: 2, column: null, message: "m" }), "content/ja/b.md:2");
  assert.equal(client.where({ file: "themes/x", line: null, column: null, message: "m" }), "themes/x");
  assert.equal(client.where({ file: null, line: null, column: null, message: "m" }), "");
});

test("action: reload on a new build or a page from another build, overlay on an error", () => {
  assert.equal(client.action("reload", { build: 4 }, 3), "reload");
  assert.equal(client.action("hello", { build: 3 }, 3), "none");
  assert.equal(client.action("hello", { build: 4 }, 3), "reload");
  assert.equal(client.action("hello", { build: 0 }, 0), "none", "the waiting page, before any good build");
  assert.equal(client.action("error", { attempt: 5, problems: [] }, 3), "overlay");
  assert.equal(client.action("something-else", {}, 3), "none");
});
