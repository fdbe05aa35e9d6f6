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
-- Per call (reset by begin): budget instances and rate states read, AWU records: the value read or
-- written (string, or false when none), the parsed record (false, DONE or a record), and the writes
-- flush does (value, nil to delete; ttl), in order; period pointers; JSON string literals.
local states, state_list, rates, rate_list, raws, parsed
local write_values, write_ttls, record_list, pointers, json_strings
-- Starts a call: its key base, settled memory, server time and empty caches.
local function begin(keys, args)
  base = keys[1]
  memory = tonumber(args[1])
  now = now_ms()
  states, state_list, rates, rate_list, raws, parsed = {}, {}, {}, {}, {}, {}
  write_values, write_ttls, record_list, pointers, json_strings = {}, {}, {}, {}, {}
end
-- The expired holds of an instance that has none (never written to).
local NONE = {}

-- How long a budget instance is kept after it was created: its longest period plus the memory
-- (0: forever).
local function retention(pid)
  if pid == 'total' then return 0 end
  if string.find(pid, 'W', 1, true) then return 7 * DAY + memory end
  if string.find(pid, 'T', 1, true) then return 3600000 + memory end
  if #pid == 10 then return DAY + memory end
  return 31 * DAY + memory
end

-- A budget instance, read once per call.
local function state_of(key, pid)
  local by_pid = states[key]
  if by_pid == nil then
    by_pid = {}
    states[key] = by_pid
  end
  local state = by_pid[pid]
  if state ~= nil then return state end
  local bk = budget_key(key, pid)
  local values = read(bk, 'hash', 'HMGET', bk, 'budget', 'allocated', 'consumed', 'reserved')
  local exists = values[1] ~= false or values[2] ~= false or values[3] ~= false or values[4] ~= false
  if exists then
    local names = { 'budget', 'allocated', 'consumed', 'reserved' }
    for i = 1, 4 do
      if values[i] == false then fail(bk, 'lacks field ' .. names[i]) end
    end
  end
  local allocated = num(bk, 'field allocated', values[2], 0)
  local reserved = num(bk, 'field reserved', values[4], 0)
  state = {
    bk = bk, hk = holds_key(key, pid), key = key, pid = pid, exists = exists,
    budget = values[1], allocated = allocated,
    consumed = num(bk, 'field consumed', values[3], 0), reserved = reserved,
    -- Nothing (or next to nothing: rounding) reserved: the holds list may not exist, and a hold
    -- added creates it (flush then gives it a time to live).
    bare = reserved <= 1e-9 * math.max(1, math.abs(allocated)) and reserved >= -1e-9 * math.max(1, math.abs(allocated)),
    adds = {}, removes = {}, ttl = 0, retention = retention(pid),
    expired = false, expired_list = false, swept = false, trim = false, dirty = false,
    created = false, pointer = false, keep_pointer = false, extend = false,
  }
  by_pid[pid] = state
  state_list[#state_list + 1] = state
  return state
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
    local amount = string.match(member, '^([^:]*):')
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
      state.dirty = true
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
  rate = { rk = rk, tat = num(rk, 'value', read(rk, 'string', 'GET', rk), nil) }
  rates[key] = rate
  rate_list[#rate_list + 1] = rate
  return rate
end

-- Fetches the records of every AWU of the batch with one MGET (one AWU: record_of reads it).
local function prefetch(awus)
  if #awus < 2 then return end
  local keys = {}
  for i, awu in ipairs(awus) do keys[i] = awu_key(awu) end
  local values = redis.call('MGET', unpack(keys))
  for i, awu in ipairs(awus) do
    if raws[awu] == nil then raws[awu] = values[i] end
  end
end

local ONE_ENTRY_RECORD =
  '^{"e":"([^"\\\\%c]*)","h":%[%["([^"\\\\%c]*)","([^"\\\\%c]*)","([^"\\\\%c]*)","([^"\\\\%c]*)"%]%]}$'

-- An AWU's record: nil (none), DONE, or { exp, entries = { { key, budget, pid, text, amount, member } } }.
-- strict: a missing value is checked (MGET reads a key of another type as missing).
local function record_of(awu, strict)
  local text = raws[awu]
  if text == nil then
    local ak = awu_key(awu)
    text = read(ak, 'string', 'GET', ak)
    raws[awu] = text
  end
  local known = parsed[awu]
  if known ~= nil then return known or nil end
  local ak = awu_key(awu)
  if text == false then
    if strict and redis.call('EXISTS', ak) == 1 then
      fail(ak, 'is a ' .. redis.call('TYPE', ak).ok .. ', expected a string')
    end
    parsed[awu] = false
    return nil
  end
  if text == DONE then
    parsed[awu] = DONE
    return DONE
  end
  -- The usual record (one entry, plain strings) without cjson: the same values it would decode.
  local e, k, b, p, a = string.match(text, ONE_ENTRY_RECORD)
  if e ~= nil then
    local record = { key = ak, exp = num(ak, 'expiry', e, nil) }
    record.entries = {
      { key = k, budget = b, pid = p, text = a, amount = num(ak, 'entry 1', a, 0), member = a .. ':' .. awu },
    }
    parsed[awu] = record
    return record
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
      amount = num(ak, 'entry ' .. i, entry[4], 0), member = entry[4] .. ':' .. awu,
    }
  end
  parsed[awu] = record
  return record
end

-- Sets what an AWU's record becomes (written by flush): a value with a time to live, or nil (deleted).
local function set_record(awu, value, ttl)
  if write_ttls[awu] == nil then record_list[#record_list + 1] = awu end
  write_values[awu] = value
  write_ttls[awu] = ttl
  if value == nil then
    raws[awu] = false
    parsed[awu] = false
  elseif value == DONE then
    raws[awu] = DONE
    parsed[awu] = DONE
  else
    raws[awu] = value
    parsed[awu] = nil
  end
end

-- A JSON string literal; plain text (the usual budget keys) without cjson; cached per call.
local function json_string(text)
  local literal = json_strings[text]
  if literal == nil then
    if string.find(text, '[%c"\\\\]') then literal = cjson.encode(text) else literal = '"' .. text .. '"' end
    json_strings[text] = literal
  end
  return literal
end

-- entries: { { key, budget, pid, text (the amount, exact decimal) } }
local function encode_entry(entry)
  return '[' .. json_string(entry.key) .. ',' .. json_string(entry.budget) .. ','
    .. json_string(entry.pid) .. ',"' .. entry.text .. '"]'
end

local function encode_record(exp, entries)
  local body
  if #entries == 1 then
    body = encode_entry(entries[1])
  else
    local parts = {}
    for i, entry in ipairs(entries) do parts[i] = encode_entry(entry) end
    body = table.concat(parts, ',')
  end
  return '{"e":"' .. fmt(exp) .. '","h":[' .. body .. ']}'
end

-- Whether each entry of a record is still held (read), before release_entries.
local function load_entries(record, now)
  for _, entry in ipairs(record.entries) do
    entry.state = state_of(entry.key, entry.pid)
    if record.exp <= now then expired_of(entry.state, now) end
  end
end

-- Releases what a record still holds (cached); true when something was held. A hold whose lease
-- expired is still held until it is released lazily (as in memory).
local function release_entries(record, now)
  local live = false
  for _, entry in ipairs(record.entries) do
    local state = entry.state
    local held = record.exp > now
    if not held and state.expired and state.expired[entry.member] ~= nil then
      held = true
      state.expired[entry.member] = nil
    end
    if held then
      live = true
      state.removes[#state.removes + 1] = entry.member
      if state.exists then
        state.reserved = state.reserved - entry.amount
        state.dirty = true
      end
    end
  end
  if #record.entries == 0 then live = record.exp > now end
  return live
end

-- Writes everything the batch changed. Holds are added before others are removed, so that a list
-- that still holds something is never emptied (and deleted) on the way: it keeps its time to live.
local function flush(now)
  for _, state in ipairs(state_list) do
    local adds = #state.adds > 0
    if adds then redis.call('ZADD', state.hk, unpack(state.adds)) end
    if state.trim then redis.call('ZREMRANGEBYSCORE', state.hk, '-inf', now) end
    if #state.removes > 0 then redis.call('ZREM', state.hk, unpack(state.removes)) end
    if state.created then
      redis.call('HSET', state.bk, 'budget', state.budget, 'allocated', fmt(state.allocated),
        'consumed', fmt(state.consumed), 'reserved', fmt(state.reserved))
      if state.ttl > 0 then expire(state.bk, state.ttl) end
      state.pointer = not state.keep_pointer
    elseif state.dirty then
      redis.call('HSET', state.bk, 'allocated', fmt(state.allocated),
        'consumed', fmt(state.consumed), 'reserved', fmt(state.reserved))
    end
    if state.pointer then
      if state.ttl > 0 then
        set_expiring(period_key(state.key), state.pid, state.ttl)
      else
        redis.call('SET', period_key(state.key), state.pid)
      end
    end
    -- A list a hold may have created gets its time to live (a list that existed has one).
    if state.ttl > 0 and ((adds and state.bare) or state.extend) then
      expire(state.hk, state.ttl)
    end
    if state.ttl > 0 and state.extend and not state.created then
      expire(state.bk, state.ttl)
    end
  end
  for _, rate in ipairs(rate_list) do
    if rate.dirty then
      set_expiring(rate.rk, fmt(rate.tat), math.max(rate.tat - now, 0) + memory)
    end
  end
  for _, awu in ipairs(record_list) do
    local value = write_values[awu]
    if value == nil then
      redis.call('DEL', awu_key(awu))
    else
      set_expiring(awu_key(awu), value, write_ttls[awu])
    end
  end
end
`;
