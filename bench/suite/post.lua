-- wrk script of the bench suite: POST one JSON body to one path with a token; counts answers other than errCode 0.
-- args: path, token, body
failures = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.path = args[1]
  wrk.headers["Content-Type"] = "application/json"
  if args[2] ~= "" then wrk.headers["token"] = args[2] end
  wrk.body = args[3]
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"errCode":0', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("failures") end
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.2f %.2f %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed + e.connect + e.read + e.write + e.timeout))
end
