-- wrk script shared by the serve benchmarks: requests the paths listed one
-- per line in the file given after `--`, each thread from its own starting
-- point, and prints one `RESULT requests_per_sec=… p50_ms=… p99_ms=… …` line.
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths)
end
request = function()
  i = (i % #paths) + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests_per_sec=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
