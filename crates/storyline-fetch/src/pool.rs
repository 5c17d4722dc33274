//! A small worker pool with a per-host limit: `workers` threads take jobs in
//! order, skipping jobs whose host already has `per_host` requests in flight.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

struct Queue<J> {
    jobs: VecDeque<(usize, String, J)>,
    in_flight: HashMap<String, usize>,
}

/// Runs `work` on every job (`(host, job)`), at most `workers` at a time and at
/// most `per_host` per host; results come back in job order.
pub(crate) fn run<J, O, F>(
    jobs: Vec<(String, J)>,
    workers: usize,
    per_host: usize,
    work: F,
) -> Vec<O>
where
    J: Send,
    O: Send,
    F: Fn(J) -> O + Sync,
{
    let total = jobs.len();
    let queue = Mutex::new(Queue {
        jobs: jobs
            .into_iter()
            .enumerate()
            .map(|(index, (host, job))| (index, host, job))
            .collect(),
        in_flight: HashMap::new(),
    });
    let changed = Condvar::new();
    let results: Mutex<Vec<Option<O>>> = Mutex::new((0..total).map(|_| None).collect());
    let per_host = per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1).min(total) {
            scope.spawn(|| loop {
                let (index, host, job) = {
                    let mut guard = queue.lock().unwrap_or_else(|p| p.into_inner());
                    loop {
                        if guard.jobs.is_empty() {
                            return;
                        }
                        let free = guard.jobs.iter().position(|(_, host, _)| {
                            guard.in_flight.get(host).copied().unwrap_or(0) < per_host
                        });
                        if let Some((index, host, job)) = free.and_then(|p| guard.jobs.remove(p)) {
                            *guard.in_flight.entry(host.clone()).or_insert(0) += 1;
                            break (index, host, job);
                        }
                        guard = changed.wait(guard).unwrap_or_else(|p| p.into_inner());
                    }
                };
                let output = work(job);
                results.lock().unwrap_or_else(|p| p.into_inner())[index] = Some(output);
                let mut guard = queue.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(count) = guard.in_flight.get_mut(&host) {
                    *count -= 1;
                }
                drop(guard);
                changed.notify_all();
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn no_host_gets_more_than_its_share_and_results_keep_order() {
        let in_flight: HashMap<&str, AtomicUsize> =
            [("a", AtomicUsize::new(0)), ("b", AtomicUsize::new(0))].into();
        let peak: HashMap<&str, AtomicUsize> =
            [("a", AtomicUsize::new(0)), ("b", AtomicUsize::new(0))].into();
        let jobs: Vec<(String, (usize, &str))> = (0..40)
            .map(|i| {
                let host = if i % 3 == 0 { "b" } else { "a" };
                (host.to_string(), (i, host))
            })
            .collect();
        let out = run(jobs, 6, 2, |(i, host)| {
            let now = in_flight[host].fetch_add(1, Ordering::SeqCst) + 1;
            peak[host].fetch_max(now, Ordering::SeqCst);
            std::thread::yield_now();
            in_flight[host].fetch_sub(1, Ordering::SeqCst);
            i
        });
        assert_eq!(out, (0..40).collect::<Vec<_>>());
        assert!(peak["a"].load(Ordering::SeqCst) <= 2);
        assert!(peak["b"].load(Ordering::SeqCst) <= 2);
    }
}
