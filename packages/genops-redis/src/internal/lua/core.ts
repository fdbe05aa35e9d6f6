/**
 * @internal Lua shared by every ledger operation (part 1 of 3).
 *
 * The parts are compiled once into a Redis Functions library (`ledger-library.ts`): every helper is
 * defined once, when the library is loaded, and each call only resets its per-call state
 * (`begin`). Where FUNCTION is unavailable the same parts run as EVALSHA scripts, one per
 * operation, which then define them at every run.
 *
 * A call handles a batch of AWUs. It reads each budget instance, rate state and AWU record at most
 * once (cached in Lua tables), processes the AWUs one after the other exactly as separate calls
 * would, and writes everything once at the end (`flush`). Each AWU first reads and validates what
 * it needs (malformed state raises `GENOPS_MALFORMED {"key":…,"detail":…}` and fails that AWU
 * only, before it changed anything), then updates the cached state (which cannot fail). Nothing is
 * written before every AWU was processed, so a failure never leaves a partial write behind.
 *
 * `keys[1]` is the key base (`<keyPrefix>{ledger}:`); every other key is derived from it, so all
 * keys of one ledger share one hash tag (one cluster slot). `args[1]` is the settled memory (ms).
 * `PXAT` (defined before this part) tells whether the server takes absolute expiries (Redis 6.2+,
 * always true for the library, which needs 7.0).
 */

/** @internal Key layout, validation of what is read, exact number formatting, server time, batches. */
export const CORE = `
local DAY = 86400000
local DONE = 'done'
local EMPTY = {}
-- Per call, set by begin(): the key base, the settled memory (ms) and the server time (ms).
local base, memory, now
local function budget_key(key, pid) return base .. 'budget:' .. key .. ':' .. pid end
local function holds_key(key, pid) return base .. 'holds:' .. key .. ':' .. pid end
local function awu_key(awu) return base .. 'awu:' .. awu end
local function rate_key(key) return base .. 'rate:' .. key end
local function period_key(key) return base .. 'period:' .. key end
local function fail(key, detail)
  error({ err = 'GENOPS_MALFORMED ' .. cjson.encode({ key = key, detail = detail }) })
end
-- Runs a read; a key of the wrong type becomes GENOPS_MALFORMED naming the key and its type.
local function read(key, expected, ...)
  local reply = redis.pcall(...)
  if type(reply) == 'table' and reply.err then
    if string.find(reply.err, 'WRONGTYPE', 1, true) then
      fail(key, 'is a ' .. redis.call('TYPE', key).ok .. ', expected a ' .. expected)
    end
    error(reply)
  end
  return reply
end
local function show(value)
  local text = tostring(value)
  if #text > 40 then text = string.sub(text, 1, 40) .. '...' end
  return cjson.encode(text)
end
-- A stored number: missing gives the default; anything but a finite number is malformed.
local function num(key, what, value, default)
  if value == false or value == nil then return default end
  local n = tonumber(value)
  if n == nil or n ~= n or n == math.huge or n == -math.huge then
    fail(key, what .. ' holds ' .. show(value) .. ', expected a finite number')
  end
  return n
end
-- Shortest decimal that reads back as the same double (whole numbers below 1e14: tostring).
local function fmt(x)
  if x == math.floor(x) and x < 1e14 and x > -1e14 then return tostring(x) end
  local text = string.format('%.15g', x)
  if tonumber(text) ~= x then text = string.format('%.17g', x) end
  return text
end
-- A number for a reply: the number itself when it is an integer a double holds exactly (Redis
-- replies it as an integer, cheaper than formatting it here), else its exact decimal (fmt).
local INT = 9007199254740992
local function out(x)
  if x == math.floor(x) and x < INT and x > -INT and (x ~= 0 or 1 / x > 0) then return x end
  return fmt(x)
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- A whole number of ms as an argument (Lua would print large ones in exponent form).
local function ms(x) return string.format('%d', math.ceil(x)) end
-- Writes a string that expires ttl ms from now.
local function set_expiring(key, value, ttl)
  if PXAT then return redis.call('SET', key, value, 'PXAT', ms(now + ttl)) end
  return redis.call('SET', key, value, 'PX', ms(ttl))
end
-- Sets a key's time to live, ms from now.
local function expire(key, ttl)
  if PXAT then return redis.call('PEXPIREAT', key, ms(now + ttl)) end
  return redis.call('PEXPIRE', key, ms(ttl))
end
-- Runs one(item) for each AWU of the batch: { 'ok', … }, { 'finished' } or { 'error', message }.
local function run_batch(items, one)
  local replies = {}
  for i = 1, #items do
    local ok, reply = pcall(one, items[i])
    if ok then
      replies[i] = reply
    else
      replies[i] = { 'error', type(reply) == 'table' and reply.err or tostring(reply) }
    end
  end
  return replies
end
`;
