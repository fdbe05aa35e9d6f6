/**
 * @internal Lua (part of `LEDGER_OPERATION`): settles AWUs, idempotently by id (a port of
 * `InMemoryLedger.settleSync`): each is marked done, what it still holds is released, each actual
 * is added to the budget instance it reserved on (also after the lease expired: the record outlives
 * the lease by the settled memory), and token rate limits are corrected.
 *
 * An AWU without a record but with fallback entries (reserved locally while Redis was unavailable,
 * fail-open) has those amounts added to those budget instances, which are created when needed.
 *
 * `settle_items(at, count)` parses count AWUs from `args[at]` on, per AWU: awuId, actual count,
 * correction count, fallback count, per actual (key, amount), per correction (key, deltaCost,
 * intervalMs), per fallback entry (budget, key, periodId, limit, amount); `settle_one(item)`
 * settles one.
 *
 * Reply per AWU: { 'ok', applied 1|0, lateAfterExpiry 1|0, source hold|fallback|none, per settled
 * budget (budget, key, periodId, allocated, consumedBefore, consumedAfter, remaining; numbers as
 * integers when exact, else as exact decimals) } or { 'error', message }.
 */
export const SETTLE_BODY = `
-- Appends a settled budget to an AWU's reply.
local function settled(reply, state, before)
  local n = #reply
  reply[n + 1] = state.budget
  reply[n + 2] = state.key
  reply[n + 3] = state.pid
  reply[n + 4] = out(state.allocated)
  reply[n + 5] = out(before)
  reply[n + 6] = out(state.consumed)
  reply[n + 7] = out(state.allocated - state.consumed - state.reserved)
end

local function settle_one(item)
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
            settled(reply, state, before)
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
      settled(reply, state, before)
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

-- Parses count settles from args[at] on (each is run by settle_one); the items, their AWU ids and
-- where the next argument is.
local function settle_items(args, at, count)
  local items, awus = {}, {}
  for i = 1, count do
    local na, nc, nf = tonumber(args[at + 1]), tonumber(args[at + 2]), tonumber(args[at + 3])
    local item = {
      awu = args[at], actuals = na > 0 and {} or EMPTY,
      corrections = nc > 0 and {} or EMPTY, fallback = nf > 0 and {} or EMPTY,
    }
    at = at + 4
    for a = 1, na do
      item.actuals[a] = { key = args[at], amount = tonumber(args[at + 1]) }
      at = at + 2
    end
    for c = 1, nc do
      item.corrections[c] = { key = args[at], delta = tonumber(args[at + 1]), interval = tonumber(args[at + 2]) }
      at = at + 3
    end
    for f = 1, nf do
      item.fallback[f] = {
        budget = args[at], key = args[at + 1], pid = args[at + 2],
        limit = tonumber(args[at + 3]), amount = tonumber(args[at + 4]),
      }
      at = at + 5
    end
    items[i] = item
    awus[i] = item.awu
  end
  return items, awus, at
end
`;
