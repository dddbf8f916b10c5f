-- wrk script: POST /v1/verify for accounts PREFIX0..PREFIX(N-1) in turn, with the right
-- password, counting answers by status. Settings come from the environment:
-- HB_SECRET, HB_PREFIX, HB_USERS, HB_PASSWORD.
local secret = os.getenv("HB_SECRET")
local prefix = os.getenv("HB_PREFIX")
local users = tonumber(os.getenv("HB_USERS"))
local password = os.getenv("HB_PASSWORD")
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = id
  statuses = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. secret
end

function request()
  n = n + 1
  local body = string.format('{"username":"%s%d","password":"%s"}', prefix, n % users, password)
  return wrk.format(nil, "/v1/verify", nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, c in pairs(s) do
      counts[code] = (counts[code] or 0) + c
    end
  end
  local parts = {}
  for code, c in pairs(counts) do
    table.insert(parts, string.format('"%d":%d', code, c))
  end
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"socket_errors":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ",")))
end
