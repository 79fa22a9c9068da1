//! Stage 2 of the build, render, in its parts: the site's renderer, the plan of the units
//! to render again (the others keep their files), and the rendering — planned beside the
//! search stage on a rebuild, and done there too when only a few units changed
//! ([`super::run`] puts them together).

use std::time::Duration;

use super::{BUILD_STATE_DIR, BuildError, BuildEvents, WEIGHTS_FILE};
use crate::project::Project;
use crate::render::{self, RenderOptions, Renderer};
use crate::write::{WriteError, Writer};

/// At most this many units to render (one guide edited renders three: its pages, its
/// print view and its volume; more when its title moves), and the rendering runs beside
/// the search stage on a site of any size: it then takes the core the search stage leaves
/// idle, and what it holds is a few pages. More, and the two run in turn (see
/// [`super::run`]).
pub(super) const RENDER_BESIDE_SEARCH: usize = 64;

/// The rendering beside the search stage: done (the names of the units rendered, and the
/// time it took), or only planned, to be done after it (the units to render, their names,
/// and the time the plan took).
pub(super) enum Rendered {
    Done(Vec<String>, Duration),
    Later(Vec<render::Unit>, Vec<String>, Duration),
    /// Not planned yet: a build from nothing.
    Unplanned,
}

/// The site's renderer, with the chapter weights of the last build (kept for the next).
pub(super) fn renderer(project: &Project) -> Result<Renderer<'_>, BuildError> {
    let weights_file = project.root.join(BUILD_STATE_DIR).join(WEIGHTS_FILE);
    let known = render::Weights::load(&weights_file);
    let renderer = Renderer::with_weights(&project.site, &RenderOptions { theme: &project.theme }, &known)?;
    if *renderer.weights() != known {
        renderer.weights().save(&weights_file).map_err(WriteError::from)?;
    }
    Ok(renderer)
}

/// 2. The units whose inputs changed, and their names: the others keep their files.
pub(super) fn render_plan(
    renderer: &Renderer<'_>,
    site: &crate::link::Site,
    writer: &Writer<'_>,
    events: &dyn BuildEvents,
) -> Result<(Vec<render::Unit>, Vec<String>), BuildError> {
    let units = renderer.units();
    let (mut todo, mut names) = (Vec::new(), Vec::new());
    for (unit, key) in units.iter().zip(renderer.keys(&units)?) {
        let (name, key) = (unit.name(site), key.hex());
        if writer.unchanged(&name, &key) {
            writer.keep(&name, &key);
        } else {
            writer.unit(&name, &key);
            todo.push(*unit);
            names.push(name);
        }
    }
    events.pages_planned(renderer.pages(&todo) as u64);
    Ok((todo, names))
}

/// 2. Renders `todo`.
pub(super) fn render_units(
    renderer: &Renderer<'_>,
    site: &crate::link::Site,
    todo: &[render::Unit],
    writer: &Writer<'_>,
    events: &dyn BuildEvents,
) -> Result<(), BuildError> {
    renderer.render_units(
        todo,
        &|unit, path, bytes| writer.put(&unit.name(site), path, &bytes),
        &|path| writer.has(path),
        events,
    )?;
    Ok(())
}
