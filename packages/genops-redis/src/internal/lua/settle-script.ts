import { defineScript } from './define-script.js';
import { PERIODS } from './periods.js';
import { STATE } from './state.js';

/**
 * @internal Settles AWUs, idempotently by id (a port of `InMemoryLedger.settleSync`): each is
 * marked done, what it still holds is released, each actual is added to the budget instance it
 * reserved on (also after the lease expired: the record outlives the lease by the settled memory),
 * and token rate limits are corrected.
 *
 * An AWU without a record but with fallback entries (reserved locally while Redis was unavailable,
 * fail-open) has those amounts added to those budget instances, which are created when needed.
 *
 * ARGV: settledMemoryMs, AWU count, then per AWU: awuId, actual count, correction count, fallback
 * count, per actual (key, amount), per correction (key, deltaCost, intervalMs), per fallback entry
 * (budget, key, periodId, limit, amount).
 *
 * Reply per AWU: { 'ok', applied 1|0, lateAfterExpiry 1|0, source hold|fallback|none, per settled
 * budget (budget, key, periodId, allocated, consumedBefore, consumedAfter, remaining) } or
 * { 'error', message }.
 */
export const SETTLE_SCRIPT = defineScript(
  'settle',
  [PERIODS, STATE],
  `
local now = now_ms()
local items, awus = {}, {}
local at = 3
for i = 1, tonumber(ARGV[2]) do
  local item = { awu = ARGV[at], actuals = {}, corrections = {}, fallback = {} }
  local na, nc, nf = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
  at = at + 4
  for a = 1, na do
    item.actuals[a] = { key = ARGV[at], amount = tonumber(ARGV[at + 1]) }
    at = at + 2
  end
  for c = 1, nc do
    item.corrections[c] = { key = ARGV[at], delta = tonumber(ARGV[at + 1]), interval = tonumber(ARGV[at + 2]) }
    at = at + 3
  end
  for f = 1, nf do
    item.fallback[f] = {
      budget = ARGV[at], key = ARGV[at + 1], pid = ARGV[at + 2],
      limit = tonumber(ARGV[at + 3]), amount = tonumber(ARGV[at + 4]),
    }
    at = at + 5
  end
  items[i] = item
  awus[i] = item.awu
end
prefetch(awus)

local function one(item)
  -- Reads and checks (an error here changes nothing).
  local record = record_of(item.awu, true)
  if record == DONE then return { 'ok', '0', '0', 'none' } end
  for _, correction in ipairs(item.corrections) do correction.rate = rate_of(correction.key) end
  if record ~= nil then
    load_entries(record, now)
  else
    for _, entry in ipairs(item.fallback) do
      entry.state = state_of(entry.key, entry.pid)
      expired_of(entry.state, now)
      entry.current = pointer_of(entry.key)
    end
  end

  -- Cached updates (nothing below can fail).
  set_record(item.awu, DONE, memory)
  local reply = { 'ok', '1', '0', 'none' }
  local function settled(state, before)
    reply[#reply + 1] = state.budget
    reply[#reply + 1] = state.key
    reply[#reply + 1] = state.pid
    reply[#reply + 1] = fmt(state.allocated)
    reply[#reply + 1] = fmt(before)
    reply[#reply + 1] = fmt(state.consumed)
    reply[#reply + 1] = fmt(state.allocated - state.consumed - state.reserved)
  end

  if record ~= nil then
    reply[4] = 'hold'
    local live = release_entries(record, now)
    if not live or record.exp <= now then reply[3] = '1' end
    for _, actual in ipairs(item.actuals) do
      for _, entry in ipairs(record.entries) do
        if entry.key == actual.key then
          local state = entry.state
          if state.exists then
            local before = state.consumed
            state.consumed = state.consumed + actual.amount
            state.dirty = true
            settled(state, before)
          end
          break
        end
      end
    end
  elseif #item.fallback > 0 then
    reply[4] = 'fallback'
    for _, entry in ipairs(item.fallback) do
      local state = entry.state
      sweep(state, now)
      local ttl = state.retention
      if not state.exists then
        state.exists = true
        state.created = true
        state.budget = entry.budget
        state.allocated = entry.limit
        if entry.current ~= false and entry.current >= state.pid then state.keep_pointer = true end
      elseif entry.current == false or entry.current < state.pid then
        state.pointer = true
      end
      if ttl > state.ttl then state.ttl = ttl end
      local before = state.consumed
      state.consumed = state.consumed + entry.amount
      state.dirty = true
      settled(state, before)
    end
  end

  for _, correction in ipairs(item.corrections) do
    local rate = correction.rate
    if rate.tat ~= nil then
      rate.tat = rate.tat + correction.delta * correction.interval
      rate.dirty = true
    end
  end
  return reply
end

local replies = run_batch(items, one)
flush(now)
return replies
`,
);
