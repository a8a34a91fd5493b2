-- SPDX-License-Identifier: EUPL-1.2
-- wrk script of bench/web_load.py: each thread stops after its share of the responses and says
-- "stop" (the bench then ends wrk with SIGINT, so the measured time is the real one, not -d);
-- at the end one JSON line with p50/p95/p99 (ms), requests, seconds, non-2xx answers and socket errors.
-- Arguments after "--": total requests, number of wrk threads.

local threads = {}
limit, seen, non2xx = 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local total, count = tonumber(args[1]) or 0, tonumber(args[2]) or 1
  limit = math.ceil(total / count)
end

function response(status, headers, body)
  seen = seen + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if limit > 0 and seen == limit then
    io.write("stop\n")
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    '{"n": %d, "seconds": %.6f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, bad, e.connect + e.read + e.write + e.timeout))
end
