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
 * would, and writes the budget instances, holds and rate states once at the end (`flush`). Each
 * AWU first reads and validates what it needs (malformed state raises
 * `GENOPS_MALFORMED {"key":…,"detail":…}` and fails that AWU only, before it changed anything),
 * then updates the cached state and writes its own record (neither can fail), so a failure never
 * leaves a partial write behind.
 *
 * `keys[1]` is the key base (`<keyPrefix>{ledger}:`); every other key is derived from it, so all
 * keys of one ledger share one hash tag (one cluster slot). `args[1]` is the settled memory (ms).
 * `PXAT` (defined before this part) tells whether the server takes absolute expiries (Redis 6.2+,
 * always true for the library, which needs 7.0).
 */

/** @internal Key layout, validation of what is read, exact number formatting, server time, batches. */
export const CORE = `
-- Library functions as upvalues (a global lookup, then a field, at every use otherwise), bound by
-- bind() at the first call: a library cannot read globals while it loads.
local floor, ceil, max, huge, find, match, format, sub, rcall, rpcall
local function bind()
  floor, ceil, max, huge = math.floor, math.ceil, math.max, math.huge
  find, match, format, sub = string.find, string.match, string.format, string.sub
  rcall, rpcall = redis.call, redis.pcall
end
local DAY = 86400000
local DONE = 'done'
local EMPTY = {}
-- Per call, set by begin(): the key base, the settled memory (ms) and the server time (ms).
local base, memory, now
local function awu_key(awu) return base .. 'awu:' .. awu end
-- Derived keys are kept across calls (Lua strings are costly to build): by key base, kind
-- ('rate:', 'period:') and key; all forgotten at once past 10,000 (see also instance_of).
local derived_keys, derived_count = {}, 0
local function derived_key(kind, key)
  local by_base = derived_keys[base]
  if by_base == nil then
    by_base = {}
    derived_keys[base] = by_base
  end
  local by_kind = by_base[kind]
  if by_kind == nil then
    by_kind = {}
    by_base[kind] = by_kind
  end
  local derived = by_kind[key]
  if derived == nil then
    if derived_count >= 10000 then
      derived_keys, derived_count = {}, 0
      return derived_key(kind, key)
    end
    derived = base .. kind .. key
    by_kind[key] = derived
    derived_count = derived_count + 1
  end
  return derived
end
local function rate_key(key) return derived_key('rate:', key) end
local function period_key(key) return derived_key('period:', key) end
local function fail(key, detail)
  error({ err = 'GENOPS_MALFORMED ' .. cjson.encode({ key = key, detail = detail }) })
end
-- Runs a read; a key of the wrong type becomes GENOPS_MALFORMED naming the key and its type.
local function read(key, expected, ...)
  local reply = rpcall(...)
  if type(reply) == 'table' and reply.err then
    if find(reply.err, 'WRONGTYPE', 1, true) then
      fail(key, 'is a ' .. rcall('TYPE', key).ok .. ', expected a ' .. expected)
    end
    error(reply)
  end
  return reply
end
local function show(value)
  local text = tostring(value)
  if #text > 40 then text = sub(text, 1, 40) .. '...' end
  return cjson.encode(text)
end
-- A stored number: missing gives the default; anything but a finite number is malformed.
local function num(key, what, value, default)
  if value == false or value == nil then return default end
  local n = tonumber(value)
  if n == nil or n ~= n or n == huge or n == -huge then
    fail(key, what .. ' holds ' .. show(value) .. ', expected a finite number')
  end
  return n
end
-- Shortest decimal that reads back as the same double (whole numbers but zero below 1e15: %d,
-- cheaper than tostring).
local function fmt(x)
  if x == floor(x) and x < 1e15 and x > -1e15 and x ~= 0 then return format('%d', x) end
  local text = format('%.15g', x)
  if tonumber(text) ~= x then text = format('%.17g', x) end
  return text
end
-- A number for a reply: the number itself when it is an integer a double holds exactly (Redis
-- replies it as an integer, cheaper than formatting it here), else its exact decimal (fmt).
local INT = 9007199254740992
local function out(x)
  if x == floor(x) and x < INT and x > -INT and (x ~= 0 or 1 / x > 0) then return x end
  return fmt(x)
end
local function now_ms()
  local t = rcall('TIME')
  return tonumber(t[1]) * 1000 + floor(tonumber(t[2]) / 1000)
end
-- A number as a command argument: whole numbers as they are (Redis prints them exactly, without
-- building a Lua string), others as their exact decimal (fmt).
local function arg(x)
  if x == floor(x) and x < 1e15 and x > -1e15 then return x end
  return fmt(x)
end
-- Writes a string that expires ttl ms from now.
local function set_expiring(key, value, ttl)
  if PXAT then return rcall('SET', key, value, 'PXAT', ceil(now + ttl)) end
  return rcall('SET', key, value, 'PX', ceil(ttl))
end
-- Sets a key's time to live, ms from now.
local function expire(key, ttl)
  if PXAT then return rcall('PEXPIREAT', key, ceil(now + ttl)) end
  return rcall('PEXPIRE', key, ceil(ttl))
end
-- REPLY: the ledger operation's reply, one flat array (Redis turns every nested table into a reply
-- of its own, at a cost): for each AWU, the number of its fields, then its fields (an AWU that
-- failed: 2, 'error', message). rn is its length. An AWU appends its fields once its checks passed.
local R, rn
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
