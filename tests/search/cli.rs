//! `tebiki search` from the command line.
