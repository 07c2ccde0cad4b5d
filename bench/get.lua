-- wrk script: GET with the benchmark session, printing p95 and the rest.
wrk.method = "GET"
wrk.headers["Cookie"] = os.getenv("COOKIE")

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms non2xx_or_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status + e.connect + e.read + e.write + e.timeout))
end
