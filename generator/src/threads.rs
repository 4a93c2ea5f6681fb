//! Whether the machine has a core to spare: the one test every stage asks before it splits work onto a
//! thread of its own.

/// Whether work may be split onto a second thread: the machine has more than one core to run it. The one
/// test of the splits in `derive::openapi::parallel_parse`, `lower` (sampling), `render::render_module` and
/// `project::spec_sources`.
pub(crate) fn second_core() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}
