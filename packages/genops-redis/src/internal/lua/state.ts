/**
 * @internal Lua: the state a batch reads once, updates in Lua tables and writes once at the end
 * (part 3 of 3, see `CORE`).
 *
 * A budget instance is a hash (budget, allocated, consumed, reserved) with a sorted set of its
 * holds: member `<amount>:<awuId>`, score = lease expiry (ms). An AWU's record is one string key:
 * `{"e":"<expiry>","h":[[key,budget,periodId,amount],…]}` while it holds, `done` once settled or
 * released.
 */
export const STATE = `
-- Per call (cleared by begin; the tables are reused, not reallocated): budget instances in the
-- order read; rate states; AWU records: the value read or written (string, or false when none)
-- and the parsed record (false, DONE or a record); period pointers.
local state_list, rates, rate_list, raws, parsed, pointers = {}, {}, {}, {}, {}, {}
-- Budget instances kept across calls (see instance_of).
local instances, instance_count = {}, 0
local function clear(t)
  for k in next, t do t[k] = nil end
end
-- Which call this is: a budget instance read by this call has its number (see state_of).
local call = 0
-- Starts a call: its key base, settled memory, server time and empty caches.
local function begin(keys, args)
  if rcall == nil then bind() end
  base = keys[1]
  memory = tonumber(args[1])
  now = now_ms()
  call = call + 1
  if instance_count > 1000 then instances, instance_count = {}, 0 end
  clear(state_list) clear(rates) clear(rate_list) clear(raws) clear(parsed) clear(pointers)
end
-- The expired holds of an instance that has none.
local NONE = {}

-- How long a budget instance is kept after it was created: its longest period plus the memory
-- (0: forever).
local function retention(pid)
  if pid == 'total' then return 0 end
  if find(pid, 'W', 1, true) then return 7 * DAY + memory end
  if find(pid, 'T', 1, true) then return 3600000 + memory end
  if #pid == 10 then return DAY + memory end
  return 31 * DAY + memory
end

-- Budget instances by key base, key and period, kept across calls with their keys (a call reads
-- each one again, see state_of); all forgotten at once past 1,000, between calls (never during
-- one: each instance must have one state per call). See begin.
local function instance_of(key, pid)
  local by_base = instances[base]
  if by_base == nil then
    by_base = {}
    instances[base] = by_base
  end
  local by_key = by_base[key]
  if by_key == nil then
    by_key = {}
    by_base[key] = by_key
  end
  local state = by_key[pid]
  if state == nil then
    state = {
      bk = base .. 'budget:' .. key .. ':' .. pid, hk = base .. 'holds:' .. key .. ':' .. pid,
      key = key, pid = pid, call = 0, exists = false, budget = false,
      allocated = 0, consumed = 0, reserved = 0, allocated0 = 0, consumed0 = 0, reserved0 = 0,
      bare = false, adds = {}, n_adds = 0, removes = {}, n_removes = 0, ttl = 0, retention = 0,
      expired = false, expired_list = false, swept = false, trim = false,
      created = false, pointer = false, keep_pointer = false, extend = false,
    }
    by_key[pid] = state
    instance_count = instance_count + 1
  end
  return state
end

local FIELDS = { 'budget', 'allocated', 'consumed', 'reserved' }
-- A budget instance, read once per call. allocated0, consumed0 and reserved0 are the values read
-- (flush writes the fields that changed).
local function state_of(key, pid)
  local state = instance_of(key, pid)
  if state.call == call then return state end
  local bk = state.bk
  local values = read(bk, 'hash', 'HMGET', bk, 'budget', 'allocated', 'consumed', 'reserved')
  local exists = values[1] ~= false or values[2] ~= false or values[3] ~= false or values[4] ~= false
  if exists then
    for i = 1, 4 do
      if values[i] == false then fail(bk, 'lacks field ' .. FIELDS[i]) end
    end
  end
  local allocated = num(bk, 'field allocated', values[2], 0)
  local consumed = num(bk, 'field consumed', values[3], 0)
  local reserved = num(bk, 'field reserved', values[4], 0)
  state.call = call
  state.exists = exists
  state.budget = values[1]
  state.allocated, state.consumed, state.reserved = allocated, consumed, reserved
  state.allocated0, state.consumed0, state.reserved0 = allocated, consumed, reserved
  -- Nothing (or next to nothing: rounding) reserved: the holds list may not exist, and a hold
  -- added creates it (flush then gives it a time to live).
  state.bare = reserved < 1e-6 and reserved > -1e-6
  state.n_adds, state.n_removes, state.ttl, state.retention = 0, 0, 0, retention(pid)
  state.expired, state.expired_list, state.swept, state.trim = false, false, false, false
  state.created, state.pointer, state.keep_pointer, state.extend = false, false, false, false
  state_list[#state_list + 1] = state
  return state
end

-- Adds a hold (written by flush).
local function add_hold(state, exp, member)
  local n = state.n_adds
  state.adds[n + 1] = exp
  state.adds[n + 2] = member
  state.n_adds = n + 2
end

-- Removes a hold (written by flush).
local function remove_hold(state, member)
  local n = state.n_removes + 1
  state.removes[n] = member
  state.n_removes = n
end

-- The holds of a budget instance that expired by now and were not released yet: member -> amount.
local function expired_of(state, now)
  if state.expired then return state.expired end
  local hk = state.hk
  -- Counted first: the list is read only when a hold did expire (rarely).
  if read(hk, 'sorted set', 'ZCOUNT', hk, '-inf', now) == 0 then
    state.expired = NONE
    state.expired_list = EMPTY
    return NONE
  end
  local list = read(hk, 'sorted set', 'ZRANGEBYSCORE', hk, '-inf', now)
  if not state.exists and #list > 0 then
    fail(hk, 'lists holds of a budget instance that does not exist (' .. state.bk .. ')')
  end
  local expired = {}
  state.expired_list = list
  for _, member in ipairs(list) do
    local amount = match(member, '^([^:]*):')
    if amount == nil then fail(hk, 'has member ' .. show(member) .. ', expected <amount>:<awu id>') end
    expired[member] = num(hk, 'member ' .. show(member), amount, 0)
  end
  state.expired = expired
  return expired
end

-- Releases the holds that expired (lazily, like the in-memory sweep); their records stay.
local function sweep(state, now)
  if state.swept then return end
  local expired = expired_of(state, now)
  state.swept = true
  for _, member in ipairs(state.expired_list) do
    if expired[member] ~= nil then
      state.reserved = state.reserved - expired[member]
      expired[member] = nil
      state.trim = true
    end
  end
end

-- The period a budget instance last reserved in (its pointer), read once per call.
local function pointer_of(key)
  local pointer = pointers[key]
  if pointer == nil then
    local pk = period_key(key)
    pointer = read(pk, 'string', 'GET', pk)
    pointers[key] = pointer
  end
  return pointer
end

-- A rate state (GCRA theoretical arrival time, or nil), read once per call.
local function rate_of(key)
  local rate = rates[key]
  if rate ~= nil then return rate end
  local rk = rate_key(key)
  rate = { rk = rk, tat = num(rk, 'value', read(rk, 'string', 'GET', rk), nil), dirty = false }
  rates[key] = rate
  rate_list[#rate_list + 1] = rate
  return rate
end

-- Fetches the records of the first n AWUs of awus with one MGET (one AWU: record_of reads it).
local mget_keys = {}
local function prefetch(awus, n)
  if n < 2 then return end
  for i = 1, n do mget_keys[i] = awu_key(awus[i]) end
  local values = rcall('MGET', unpack(mget_keys, 1, n))
  for i = 1, n do
    local awu = awus[i]
    if raws[awu] == nil then raws[awu] = values[i] end
  end
end

local ONE_ENTRY_RECORD =
  '^{"e":"([^"\\\\%c]*)","h":%[%["([^"\\\\%c]*)","([^"\\\\%c]*)","([^"\\\\%c]*)","([^"\\\\%c]*)"%]%]}$'

-- An AWU's record: nil (none), DONE, or { exp, entries = { { key, budget, pid, text, amount, member } } },
-- and its key. strict: a missing value is checked (MGET reads a key of another type as missing).
local function record_of(awu, strict)
  local ak = awu_key(awu)
  local known = parsed[awu]
  if known ~= nil then return known or nil, ak end
  local text = raws[awu]
  if text == nil then
    text = read(ak, 'string', 'GET', ak)
    raws[awu] = text
  end
  if text == false then
    if strict and rcall('EXISTS', ak) == 1 then
      fail(ak, 'is a ' .. rcall('TYPE', ak).ok .. ', expected a string')
    end
    parsed[awu] = false
    return nil, ak
  end
  if text == DONE then
    parsed[awu] = DONE
    return DONE, ak
  end
  -- The usual record (one entry, plain strings) without cjson: the same values it would decode.
  local e, k, b, p, a = match(text, ONE_ENTRY_RECORD)
  if e ~= nil then
    local record = {
      key = ak, exp = num(ak, 'expiry', e, nil),
      entries = {
        { key = k, budget = b, pid = p, text = a, amount = num(ak, 'entry 1', a, 0), member = a .. ':' .. awu, state = false },
      },
    }
    parsed[awu] = record
    return record, ak
  end
  local ok, decoded = pcall(cjson.decode, text)
  if not ok or type(decoded) ~= 'table' or type(decoded.h) ~= 'table' then
    fail(ak, 'holds ' .. show(text) .. ', expected a hold record')
  end
  local record = { key = ak, exp = num(ak, 'expiry', decoded.e, nil), entries = {} }
  if record.exp == nil then fail(ak, 'holds a record without expiry') end
  for i, entry in ipairs(decoded.h) do
    if type(entry) ~= 'table' or type(entry[1]) ~= 'string' or type(entry[2]) ~= 'string'
      or type(entry[3]) ~= 'string' or type(entry[4]) ~= 'string' then
      fail(ak, 'holds a record whose entry ' .. i .. ' is malformed')
    end
    record.entries[i] = {
      key = entry[1], budget = entry[2], pid = entry[3], text = entry[4],
      amount = num(ak, 'entry ' .. i, entry[4], 0), member = entry[4] .. ':' .. awu, state = false,
    }
  end
  parsed[awu] = record
  return record, ak
end

-- Writes what an AWU's record (key ak) becomes: a value with a time to live, or nil (deleted). Each
-- AWU writes its record once its checks passed (nothing after them can fail).
local function set_record(awu, ak, value, ttl)
  if value == nil then
    rcall('DEL', ak)
    raws[awu] = false
    parsed[awu] = false
  else
    set_expiring(ak, value, ttl)
    raws[awu] = value
    parsed[awu] = value == DONE and DONE or nil
  end
end

-- A JSON string literal; plain text (the usual budget keys) without cjson. Kept across calls (at
-- most 1,000 of them at a time).
local json_strings, json_count = {}, 0
local function json_string(text)
  local literal = json_strings[text]
  if literal == nil then
    if find(text, '[%c"\\\\]') then literal = cjson.encode(text) else literal = '"' .. text .. '"' end
    if json_count >= 1000 then
      json_strings, json_count = {}, 0
    end
    json_strings[text] = literal
    json_count = json_count + 1
  end
  return literal
end

-- One entry of a hold record: [key, budget, periodId, amount] (amount: its exact decimal text).
local function encode_entry(key, budget, pid, text)
  return '[' .. json_string(key) .. ',' .. json_string(budget) .. ',' .. json_string(pid) .. ',"' .. text .. '"]'
end

-- A hold record from its expiry and its encoded entries, joined with commas.
local function encode_record(exp, body)
  return '{"e":"' .. fmt(exp) .. '","h":[' .. body .. ']}'
end

-- Whether each entry of a record is still held (read), before release_entries.
local function load_entries(record, now)
  for _, entry in ipairs(record.entries) do
    entry.state = state_of(entry.key, entry.pid)
    if record.exp <= now then expired_of(entry.state, now) end
  end
end

-- Whether an entry of a record is still held: its lease runs, or it expired and was not released
-- yet (as in memory); such an expired hold is taken out of the expired ones, as the caller
-- releases or renews it now.
local function take_held(record, entry, now)
  if record.exp > now then return true end
  local expired = entry.state.expired
  if expired and expired[entry.member] ~= nil then
    expired[entry.member] = nil
    return true
  end
  return false
end

-- Releases what a record still holds (cached); true when something was held.
local function release_entries(record, now)
  local live = false
  for _, entry in ipairs(record.entries) do
    local state = entry.state
    if take_held(record, entry, now) then
      live = true
      remove_hold(state, entry.member)
      if state.exists then state.reserved = state.reserved - entry.amount end
    end
  end
  if #record.entries == 0 then live = record.exp > now end
  return live
end

-- Writes everything the batch changed. Holds are added before others are removed, so that a list
-- that still holds something is never emptied (and deleted) on the way: it keeps its time to live.
local hset_args = {}
local function flush(now)
  for s = 1, #state_list do
    local state = state_list[s]
    local hk = state.hk
    if state.n_adds > 0 then rcall('ZADD', hk, unpack(state.adds, 1, state.n_adds)) end
    if state.trim then rcall('ZREMRANGEBYSCORE', hk, '-inf', now) end
    if state.n_removes > 0 then rcall('ZREM', hk, unpack(state.removes, 1, state.n_removes)) end
    if state.created then
      rcall('HSET', state.bk, 'budget', state.budget, 'allocated', arg(state.allocated),
        'consumed', arg(state.consumed), 'reserved', arg(state.reserved))
      if state.ttl > 0 then expire(state.bk, state.ttl) end
      state.pointer = not state.keep_pointer
    else
      -- The fields that changed.
      local n = 0
      if state.allocated ~= state.allocated0 then
        hset_args[1], hset_args[2], n = 'allocated', arg(state.allocated), 2
      end
      if state.consumed ~= state.consumed0 then
        hset_args[n + 1], hset_args[n + 2], n = 'consumed', arg(state.consumed), n + 2
      end
      if state.reserved ~= state.reserved0 then
        hset_args[n + 1], hset_args[n + 2], n = 'reserved', arg(state.reserved), n + 2
      end
      if n > 0 then rcall('HSET', state.bk, unpack(hset_args, 1, n)) end
    end
    if state.pointer then
      if state.ttl > 0 then
        set_expiring(period_key(state.key), state.pid, state.ttl)
      else
        rcall('SET', period_key(state.key), state.pid)
      end
    end
    -- A list a hold may have created gets its time to live (a list that existed has one).
    if state.ttl > 0 and ((state.n_adds > 0 and state.bare) or state.extend) then
      expire(hk, state.ttl)
    end
    if state.ttl > 0 and state.extend and not state.created then
      expire(state.bk, state.ttl)
    end
  end
  for r = 1, #rate_list do
    local rate = rate_list[r]
    if rate.dirty then
      set_expiring(rate.rk, arg(rate.tat), max(rate.tat - now, 0) + memory)
    end
  end
end
`;
