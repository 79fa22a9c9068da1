//! Shared tokenizer vectors.
