-- Mixed feed traffic for mixed-traffic.sh: rotates through feed formats, source feeds and health, counts status
-- classes per thread and prints one JSON line at the end.
local paths = {
  "/api/feeds/all.rss", "/api/feeds/all.atom", "/api/feeds/all.rss", "/api/feeds/voa.rss", "/api/feeds/dw.atom",
  "/api/feeds/aljazeera.rss", "/api/health", "/api/feeds/all.atom",
}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
end

function done(summary, latency, requests)
  local c = { 0, 0, 0, 0 }
  for _, t in ipairs(threads) do
    c[1] = c[1] + t:get("s2xx"); c[2] = c[2] + t:get("s3xx"); c[3] = c[3] + t:get("s4xx"); c[4] = c[4] + t:get("s5xx")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"non_2xx_3xx":%d,"s2xx":%d,"s3xx":%d,"s4xx":%d,"s5xx":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status, c[1], c[2], c[3], c[4]))
end
