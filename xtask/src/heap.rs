//! A counting wrapper around docgen's allocator ([`docgen::Allocator`]): live and peak heap bytes, so that `cargo xtask bench`
//! can say which stage of generation holds the memory (resident-set figures cannot be split by stage).
//! Installed by the xtask binary for every command, but counting only between [`start`] and [`stop`]: the
//! shared counters would slow two threads that allocate at once, so timed runs go uncounted.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Counting;

/// The allocator every call is forwarded to: the one the `docgen` binary installs.
const INNER: docgen::Allocator = docgen::Allocator {};

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `INNER` unchanged; only counters are updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `INNER`'s.
        let pointer = unsafe { INNER.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `INNER`'s.
        let pointer = unsafe { INNER.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `INNER`'s.
        unsafe { INNER.dealloc(pointer, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is `INNER`'s.
        let moved = unsafe { INNER.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        moved
    }
}

fn grew(size: usize) {
    if !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

fn shrank(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        // Memory allocated before counting started may be freed now: the count never goes below zero.
        let _ = LIVE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |live| Some(live.saturating_sub(size)));
    }
}

/// Starts counting from zero: what is allocated from now on.
pub fn start() {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
}

/// Stops counting (the figures stay as they are).
pub fn stop() {
    COUNTING.store(false, Ordering::Relaxed);
}

/// Bytes allocated since [`start`] and not yet freed.
pub fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The most bytes live at once since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak from what is live now.
pub fn reset_peak() {
    PEAK.store(live(), Ordering::Relaxed);
}
