//! The export format.
