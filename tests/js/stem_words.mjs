// Reads a JSON array of words on stdin, prints the JS engine's stems (null when a word
// has none) as a JSON array: the Rust test `js_stemmer_matches_rust_on_generated_words`
// compares them with the Rust stemmer.

import { stem, setStemmer } from "../../src/search/js/tokenizer.mjs";
import { stemEnglish } from "../../src/search/js/stemmer.mjs";

setStemmer(stemEnglish);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map((w) => stem(w))) + "\n");
});
