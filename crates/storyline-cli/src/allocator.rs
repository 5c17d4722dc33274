//! Allocator tuning for the peak memory of one run.
//!
//! glibc's allocator serves a large buffer from its own mapping and gives the
//! pages back when it is freed, but after the first such free it raises that
//! threshold to the size freed, so later large buffers (an article's text, its
//! document, a view) come from the heap, whose freed space it keeps. With the
//! threshold fixed at [`MMAP_THRESHOLD`] every large buffer goes back to the
//! system when freed: on the 10 MB single-article inputs of `scripts/bench-scaling.sh`
//! the peak resident set falls by 10–14%.

/// Allocations at least this large are mapped on their own.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: i32 = 1 << 20;

/// Fixes the allocator's mapping threshold; call first thing, before threads start.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn return_large_buffers_to_the_system() {
    // SAFETY: `mallopt` only sets a parameter of glibc's allocator; it is
    // called before any other thread exists, and any value is valid for it.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// Other allocators return large buffers on their own.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_large_buffers_to_the_system() {}
