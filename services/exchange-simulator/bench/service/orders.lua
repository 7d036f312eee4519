-- wrk script: POST /api/v1/orders with the order mix of order-mix.ts (orderAt), parameterised by the MIX_*
-- environment variables that mixEnv() sets. Counts answers that are not 201 and orders the exchange
-- answered REJECTED (a business rejection is a 201 too), and prints one JSON line tagged WRK_RESULT.

local symbol = os.getenv("MIX_SYMBOL")
local mid = tonumber(os.getenv("MIX_MID_TICKS"))
local priceDecimals = tonumber(os.getenv("MIX_PRICE_DECIMALS"))
local lotDecimals = tonumber(os.getenv("MIX_LOT_DECIMALS"))
local levels = tonumber(os.getenv("MIX_LEVELS"))
local accounts = {}
for a in string.gmatch(os.getenv("MIX_ACCOUNTS") or "", "[^,]+") do accounts[#accounts + 1] = a end
if not (symbol and mid and priceDecimals and lotDecimals and levels and #accounts > 0) then
  error("orders.lua needs MIX_SYMBOL, MIX_MID_TICKS, MIX_PRICE_DECIMALS, MIX_LOT_DECIMALS, MIX_LEVELS, MIX_ACCOUNTS")
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local function decimal(units, decimals)
  local s = tostring(units)
  while #s < decimals + 1 do s = "0" .. s end
  return string.sub(s, 1, #s - decimals) .. "." .. string.sub(s, #s - decimals + 1)
end

-- Same as order-mix.ts hash(): exact in doubles because i is folded to 20 bits.
local function hash(i)
  return math.floor((((i % 1048576) * 2654435761) % 4294967296) / 65536)
end

local headers = { ["Content-Type"] = "application/json" }
local i = 0
status_other = 0
rejected = 0
answered = 0

function init(args)
  -- Threads start at different offsets so that several wrk threads do not send identical streams.
  i = id * 1000003
end

function request()
  local h = hash(i)
  local k = h % levels
  local lots = 1 + math.floor(h / levels) % 5
  local side, ticks
  if i % 2 == 0 then side = "BUY"; ticks = mid + 1 - k else side = "SELL"; ticks = mid - 1 + k end
  local account = accounts[(i % #accounts) + 1]
  i = i + 1
  local body = string.format(
    '{"accountId":"%s","symbol":"%s","side":"%s","type":"LIMIT","quantity":"%s","price":"%s"}',
    account, symbol, side, decimal(lots, lotDecimals), decimal(ticks, priceDecimals))
  return wrk.format("POST", "/api/v1/orders", headers, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 201 then
    status_other = status_other + 1
    if status_other <= 3 then io.stderr:write("wrk: HTTP " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n") end
  elseif string.find(body, '"status":"REJECTED"', 1, true) then
    rejected = rejected + 1
  end
end

function done(summary, latency, requests)
  local other, rej, ans = 0, 0, 0
  for _, t in ipairs(threads) do
    other = other + t:get("status_other")
    rej = rej + t:get("rejected")
    ans = ans + t:get("answered")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"answered":%d,"durationUs":%d,"not201":%d,"rejected":%d,' ..
    '"socketErrors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, ans, summary.duration, other, rej, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
