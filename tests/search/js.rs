//! The JS unit tests.
