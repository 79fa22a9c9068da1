// The ranking's last step in the browser engine (src/search/js/related.mjs), on the
// fixtures of src/search/related.rs's tests: both engines must order alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rerank } from "../../src/search/js/related.mjs";
import { RELATED_SEEDS, RELATED_WEIGHT } from "../../src/search/js/shared.mjs";

test("the constants the fixtures are worked out with", () => {
  assert.equal(RELATED_SEEDS, 3);
  assert.equal(RELATED_WEIGHT, 0.5);
});

test("the first results lend their score to related sections, and answers stay first", () => {
  // Hits [score, answers] in sections 0, 10, 20, 30; section 40 the query did not find.
  const hits = [[10, true], [8, true], [6, false], [5, false]];
  const starts = [0, 10, 20, 30];
  // Seeds 0, 10, 20: only 0 has related sections. Rank scores: 10 → 0.8 + 0.5 × 0.1 / 3;
  // 20 → 0.6; 30 → 0.5 + 0.5 × 0.9 / 3 = 0.65; 40 → 0.5 × 0.8 / 3.
  const lists = [[30, 900, 40, 800, 10, 100], [], []];
  assert.deepEqual(rerank(hits, starts, lists, 10), [{ hit: 0 }, { hit: 1 }, { hit: 3 }, { hit: 2 }, { doc: 40 }]);
  assert.deepEqual(rerank(hits, starts, lists, 3), [{ hit: 0 }, { hit: 1 }, { hit: 3 }], "cut to the limit");
  // A strong likeness does not lift a partial hit above one that answers.
  assert.deepEqual(rerank([[10, true], [1, true], [9, false]], [0, 10, 20], [[20, 1000], [], []], 10),
    [{ hit: 0 }, { hit: 1 }, { hit: 2 }]);
});

test("without related sections the order is the search's", () => {
  const hits = [[10, true], [10, true], [3, false], [3, false]];
  assert.deepEqual(rerank(hits, [0, 5, 9, 12], [[], [], []], 10), [{ hit: 0 }, { hit: 1 }, { hit: 2 }, { hit: 3 }]);
  assert.deepEqual(rerank([], [], [], 10), []);
});

test("a section related to two seeds gains from both, in seed order", () => {
  // 50 is related to seeds 0 (share 1) and 10 (share 0.5): gain 0.4 + 0.2 × 0.5 = 0.5;
  // 60 to seed 0 only: 0.45. Both new: 50 first.
  const order = rerank([[10, true], [5, true]], [0, 10], [[60, 450, 50, 400], [50, 200]], 10);
  assert.deepEqual(order, [{ hit: 0 }, { hit: 1 }, { doc: 50 }, { doc: 60 }]);
});
