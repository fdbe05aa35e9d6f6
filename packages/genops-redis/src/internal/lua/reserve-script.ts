/**
 * @internal Lua (part of `LEDGER_OPERATION`): all-or-nothing reservations, one per AWU of the batch,
 * each across every budget and rate claim of its AWU, on Redis server time (a port of
 * `InMemoryLedger.reserveSync`).
 *
 * `reserve_items(at, count)` parses count AWUs from `args[at]` on, per AWU: awuId, leaseMs, budget
 * count, rate count, per budget (name, key, period, limit, amount, enforce 1|0), per rate (key,
 * intervalMs, burst, cost, enforce 1|0); `reserve_one(item)` reserves for one.
 *
 * Reply per AWU: { 'ok', reserved 1|0, nowMs, per budget (periodId, consumed, reserved before this
 * AWU), per rate (allowed 1|0, retryAfterMs) }, numbers as integers when exact, else as exact
 * decimals; { 'finished' } when the AWU was already settled or released (a reservation that arrived after
 * its caller gave up: nothing changes); or { 'error', message }.
 */
export const RESERVE_BODY = `
local function reserve_one(item)
  -- Reads and checks (an error here changes nothing).
  if record_of(item.awu, false) == DONE then return { 'finished' } end
  for _, claim in ipairs(item.rates) do claim.rate = rate_of(claim.key) end
  for _, claim in ipairs(item.budgets) do
    claim.pid = period_id(claim.period, now)
    claim.state = state_of(claim.key, claim.pid)
    expired_of(claim.state, now)
  end

  -- Decision and cached updates (nothing below can fail).
  for _, claim in ipairs(item.budgets) do sweep(claim.state, now) end
  local ok = true
  for _, claim in ipairs(item.rates) do
    -- GCRA: allowed when the arrival time after this claim is at most burst * interval ahead.
    claim.next = math.max(claim.rate.tat or 0, now) + claim.cost * claim.interval
    local ahead = claim.next - now
    local tolerance = claim.burst * claim.interval
    claim.allowed = ahead <= tolerance
    claim.retry = 0
    if not claim.allowed then
      claim.retry = math.ceil(ahead - tolerance)
      if claim.enforce then ok = false end
    end
  end
  local reply = { 'ok', '0', now }
  for _, claim in ipairs(item.budgets) do
    local state = claim.state
    local available = claim.limit - state.consumed - state.reserved
    if claim.amount > available and claim.enforce then ok = false end
    -- The client derives remaining, exhausted and fits from these, with the same arithmetic.
    reply[#reply + 1] = claim.pid
    reply[#reply + 1] = out(state.consumed)
    reply[#reply + 1] = out(state.reserved)
  end

  if ok then
    reply[2] = '1'
    local exp = now + item.lease
    for _, claim in ipairs(item.rates) do
      -- Spent even when refused in shadow mode.
      claim.rate.tat = claim.next
      claim.rate.dirty = true
    end
    for _, claim in ipairs(item.budgets) do
      local state = claim.state
      if not state.exists then
        state.exists = true
        state.created = true
        state.budget = claim.budget
      end
      state.allocated = claim.limit
      state.reserved = state.reserved + claim.amount
      state.dirty = true
      state.adds[#state.adds + 1] = exp
      state.adds[#state.adds + 1] = claim.text .. ':' .. item.awu
      local ttl = state.retention
      if ttl > 0 and ttl + item.lease > state.ttl then state.ttl = ttl + item.lease end
      -- A list that exists outlives any lease up to the memory (see flush); a longer one extends it.
      if item.lease > memory then state.extend = true end
    end
    -- The claims are the record's entries (key, budget, pid, text).
    set_record(item.awu, encode_record(exp, item.budgets), item.lease + memory)
  end
  for _, claim in ipairs(item.rates) do
    reply[#reply + 1] = claim.allowed and '1' or '0'
    reply[#reply + 1] = out(claim.retry)
  end
  return reply
end

-- Parses count reservations from args[at] on (each is run by reserve_one); the items and their AWU ids.
local function reserve_items(args, at, count)
  local items, awus = {}, {}
  for i = 1, count do
    local nb, nr = tonumber(args[at + 2]), tonumber(args[at + 3])
    local item = {
      awu = args[at], lease = tonumber(args[at + 1]),
      budgets = nb > 0 and {} or EMPTY, rates = nr > 0 and {} or EMPTY,
    }
    at = at + 4
    for b = 1, nb do
      item.budgets[b] = {
        budget = args[at], key = args[at + 1], period = args[at + 2], limit = tonumber(args[at + 3]),
        text = args[at + 4], amount = tonumber(args[at + 4]), enforce = args[at + 5] == '1',
        pid = false, state = false, -- set below; sized here (no rehash)
      }
      at = at + 6
    end
    for r = 1, nr do
      item.rates[r] = {
        key = args[at], interval = tonumber(args[at + 1]), burst = tonumber(args[at + 2]),
        cost = tonumber(args[at + 3]), enforce = args[at + 4] == '1',
        rate = false, next = 0, allowed = false, retry = 0, -- set below; sized here (no rehash)
      }
      at = at + 5
    end
    items[i] = item
    awus[i] = item.awu
  end
  return items, awus
end
`;
