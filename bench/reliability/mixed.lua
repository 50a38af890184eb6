-- Mixed traffic for mixed-traffic.sh. Requests come from a file (wrk argument after --): one per line,
-- "PATH<TAB>HEADER" (the header, e.g. an If-None-Match for a conditional request, may be empty); each connection
-- walks the list from its own offset. With a second argument D (ms) every connection waits D ms between requests,
-- which caps the rate at connections × 1000 / D. Counts status classes and prints one JSON line at the end.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  for line in io.lines(args[1]) do
    local path, header = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if header and header ~= "" then
        local k, v = header:match("^([^:]+):%s*(.*)$")
        headers[k] = v
      end
      table.insert(reqs, wrk.format("GET", path, headers))
    end
  end
  pause = tonumber(args[2] or "0")
  n = id * 7919
  s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
end

function delay()
  return pause
end

function request()
  n = n + 1
  return reqs[(n % #reqs) + 1]
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
