//! Benchmarks at scale on the synthetic corpus of [`storyline_synth`].
//!
//! The binaries:
//! * `gen-corpus` writes a corpus of N articles with its labels to a folder;
//! * `bench-annotate` generates a corpus in memory and measures extract + annotate
//!   throughput on one thread and on all cores, with peak memory;
//! * `bench-cluster` times dedupe, clustering and an incremental add over the
//!   fingerprints of a generated corpus and scores them against its labels;
//! * `bench-dedupe` times near-duplicate detection on a `gen-corpus` folder
//!   (the storyline side of `scripts/compare-dedupe.sh`).
//!
//! This library holds what they share: the process's memory and CPU figures.

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

/// Resets the peak resident set size (`VmHWM`) to the current one, so a
/// later [`Memory::now`] reports the peak of what ran since. Linux only
/// (`/proc/self/clear_refs`); elsewhere the peak stays the process's.
pub fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
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

/// CPU time this process has used so far (user + system, all threads), in seconds,
/// from `/proc/self/stat`; 0 where `/proc` is not available. Beside wall time it
/// shows whether other processes were competing for the cores during a run.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    cpu_ticks(&stat) as f64 / USER_HZ
}

/// Clock ticks per second of `/proc` times: 100 on every Linux platform in practice.
const USER_HZ: f64 = 100.0;

/// utime + stime of a `/proc/PID/stat` line (fields 14 and 15; the command name
/// in parentheses may hold spaces, so fields are counted after its closing parenthesis).
fn cpu_ticks(stat: &str) -> u64 {
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
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

    #[test]
    fn reads_cpu_ticks_after_the_command_name() {
        let stat = "4242 (bench (x) y) R 1 2 3 4 5 6 7 8 9 10 250 30 0 0 20 0";
        assert_eq!(cpu_ticks(stat), 280);
        assert_eq!(cpu_ticks("garbage"), 0);
        assert!(cpu_seconds() >= 0.0);
    }
}
