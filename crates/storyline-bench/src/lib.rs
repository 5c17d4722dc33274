//! Benchmarks at scale on the synthetic corpus of [`storyline_eval::synthetic`].
//!
//! Two binaries:
//! * `gen-corpus` writes a corpus of N articles with its labels to a folder;
//! * `bench-annotate` generates a corpus in memory and measures extract + annotate
//!   throughput on one thread and on all cores, with peak memory.
//!
//! This library holds what both share: reading the process's memory figures.

/// Memory figures of this process from `/proc/self/status`, in kibibytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Memory {
    /// Resident set size now (`VmRSS`).
    pub rss_kib: u64,
    /// Peak resident set size so far (`VmHWM`).
    pub peak_kib: u64,
}

impl Memory {
    /// Reads the current figures; zeros where `/proc` is not available.
    pub fn now() -> Memory {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        Memory {
            rss_kib: status_field(&status, "VmRSS:"),
            peak_kib: status_field(&status, "VmHWM:"),
        }
    }
}

/// The number in a `Name:   1234 kB` line of a `/proc` status file.
fn status_field(status: &str, name: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Mebibytes, for printing.
pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_status_fields() {
        let status = "Name:\tbench\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assert_eq!(status_field(status, "VmHWM:"), 204_800);
        assert_eq!(status_field(status, "VmRSS:"), 102_400);
        assert_eq!(status_field(status, "VmSwap:"), 0);
        assert_eq!(mib(2048), 2.0);
    }
}
