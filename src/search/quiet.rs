//! Reading a cache that may be damaged: tantivy asserts on some damage (a file cut
//! shorter than its footer) instead of returning an error, and such a panic must neither
//! end the process nor be printed when the caller can build the cache again.

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, which reads a cache that may be damaged: `None` when it panics (tantivy
/// asserts on a file cut shorter than its footer), with nothing printed. Other threads'
/// panics are printed as always.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(was));
    result
}
