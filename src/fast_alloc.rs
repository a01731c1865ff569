//! The CLI's allocator settings (feature `fast-alloc`, on with `cli`).
//!
//! The CLI, `cargo bench` and the profiling examples allocate with mimalloc
//! (each declares it as its global allocator: the library never sets one,
//! and the web app uses talc). By default mimalloc hands freed memory back
//! to the kernel ("purges" it) a while after it is freed; an extraction frees
//! a few text-sized buffers (the decoded, cleaned and folded text, the char
//! vector), so the next report, or the next run of a benchmark, faulted the
//! same pages in again: 54,000 page faults and 10–35% of the time on five
//! extractions of the 10 MB concatenation. [`keep_freed_memory`] turns
//! purging off; freed memory is reused by the next allocation, so a batch's
//! peak memory is still that of its largest reports in flight.

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`, the same index in the
/// v2 and v3 sources that `libmimalloc-sys` builds): how many ms freed
/// memory waits before it goes back to the kernel; -1 is never.
/// `libmimalloc-sys` does not name it, so the test below checks the index by
/// the option's documented default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the memory mimalloc frees for later allocations instead of giving
/// it back to the kernel. Call it at the start of `main` of a program whose
/// global allocator is `mimalloc::MiMalloc`; elsewhere it changes nothing
/// that is used.
pub fn keep_freed_memory() {
    // SAFETY: `mi_option_set` stores a value in mimalloc's option table; it
    // takes no pointer and is safe to call at any time from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_index_is_mimallocs() {
        // SAFETY: reads and writes an integer option; see keep_freed_memory.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // The default of purge_delay in the bundled sources (options.c);
            // no other option has it.
            assert_eq!(default, 1000);
        }
        keep_freed_memory();
        let now = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(now, -1);
    }
}
