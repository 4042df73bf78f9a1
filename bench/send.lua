-- wrk script for bench/send.ts: each connection is one sender writing to its own receiver (or all to one).
-- args: token, tag, senders, mode
local token, tag, senders, mode
local counter = 0
failures = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token, tag, senders, mode = args[1], args[2], tonumber(args[3]), args[4]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["token"] = token
end

function request()
  counter = counter + 1
  local i = counter % senders
  local recv = mode == "one" and ("br" .. tag .. "_0") or ("br" .. tag .. "_" .. i)
  local body = string.format(
    '{"recvID":"%s","sendMsg":{"sendID":"bs%s_%d","senderPlatformID":1,"content":{"content":"bench %d"},"contentType":101,"sessionType":1}}',
    recv, tag, i, counter)
  return wrk.format("POST", "/msg/send_msg", nil, body)
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"errCode":0', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("failures") end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.1f %.1f %d\n", summary.requests, seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed + e.connect + e.read + e.write + e.timeout))
  io.write(string.format("ERRORS answers %d, connect %d, read %d, write %d, timeout %d\n", failed, e.connect, e.read, e.write, e.timeout))
end
