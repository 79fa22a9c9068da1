//! tebiki turns incident-response guidance documents into a bilingual static site.
//!
//! The library is the pipeline; the commands on top of it ([`cmd`], one file per command)
//! are the only code that prints, and the binary (`main.rs`) is a thin shell over them.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`] walks `content/<lang>/` in sorted order and reads each source (and, with
//!    `dates = "git"`, [`dates`] dates each guide by its last commit);
//! 2. [`parse`] turns each source (`.txt` guidance text or `.md`) into the [`model`];
//! 3. [`link`] pairs translations ([`translation`]), orders navigation, derives
//!    checklists ([`checklist`]), resolves links between guides ([`references`]), and
//!    [`media`] reads the images the guides show and the site's `static/` files — steps
//!    1–3, with [`config`] and [`theme`], make the [`project::Project`] every command
//!    starts from;
//! 4. [`render`] turns the site into pages with the theme (tera, syntect);
//! 5. [`search`] indexes sections with tantivy and exports the browser shards;
//! 6. [`write`] writes the output folder atomically.
//!
//! [`build()`](build::build) runs 4–6 on a project. Beside the stages: [`diagnostic`] (the
//! one kind of diagnostic and its text and JSON forms), [`paths`] (every output path),
//! [`bundle`] (ES modules → classic scripts), [`fsx`] (file operations that name their
//! path), and the library side of the commands that are more than the pipeline:
//! [`check`], [`serve`], [`pdf`], [`stamp`], [`scaffold`].

// The library reports through return values and events; only the commands print, and
// an invariant is stated with `expect`, never a bare `unwrap`.
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod build;
pub mod bundle;
pub mod check;
pub mod checklist;
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod cmd;
pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod fingerprint;
pub mod fsx;
pub mod link;
pub mod load;
pub mod media;
pub mod model;
pub mod model_alert;
pub mod model_codec;
pub mod parse;
pub mod paths;
pub mod pdf;
pub mod project;
pub mod references;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod stamp;
pub mod theme;
pub mod translation;
pub mod write;

pub use build::{BuildEvents, BuildPlan, BuildReport, build, build_pages_first, build_search_after_pages};
pub use diagnostic::Diagnostic;
pub use project::Project;
