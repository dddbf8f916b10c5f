-- wrk script: POST /v1/verify for accounts PREFIX0..PREFIX(N-1) in turn, with the right
-- password, counting answers by status. Settings come from the environment:
-- HB_SECRET, HB_PREFIX, HB_USERS, HB_PASSWORD, and the phase's bound in requests:
-- HB_MAX_REQUESTS (total) over HB_THREADS (wrk's -t).
--
-- wrk bounds a run in time only (-d). For the bound in requests, each thread stops after its
-- share of HB_MAX_REQUESTS answers and sends wrk SIGINT, which wrk handles as the end of the
-- run (it stops sleeping out -d, stops the other threads and reports, with the duration
-- measured to that moment). The run thus ends at the first of: -d elapsed, or one thread's
-- share answered (the others are then within a few requests of theirs).
local ffi = require("ffi")
ffi.cdef [[
int kill(int pid, int sig);
int getpid(void);
]]
local SIGINT = 2

local secret = os.getenv("HB_SECRET")
local prefix = os.getenv("HB_PREFIX")
local users = tonumber(os.getenv("HB_USERS"))
local password = os.getenv("HB_PASSWORD")
local max_requests = tonumber(os.getenv("HB_MAX_REQUESTS") or "0")
local nthreads = tonumber(os.getenv("HB_THREADS") or "1")
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = id
  answered = 0
  reached = false
  quota = max_requests > 0 and math.ceil(max_requests / nthreads) or 0
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
  answered = answered + 1
  if quota > 0 and answered == quota and not reached then
    reached = true
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), SIGINT)
  end
end

function done(summary, latency, requests)
  local counts = {}
  local bound = "time"
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, c in pairs(s) do
      counts[code] = (counts[code] or 0) + c
    end
    if t:get("reached") then
      bound = "requests"
    end
  end
  local parts = {}
  for code, c in pairs(counts) do
    table.insert(parts, string.format('"%d":%d', code, c))
  end
  io.write(string.format(
    'RESULT {"requests":%d,"max_requests":%d,"bound":"%s","seconds":%.3f,"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"socket_errors":%d,"statuses":{%s}}\n',
    summary.requests, max_requests, bound, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ",")))
end
