/**
 * @internal Lua (part of `RESERVE_SETTLE_OPERATION`): all-or-nothing reservations, one per AWU of the batch,
 * each across every budget and rate claim of its AWU, on Redis server time (a port of
 * `InMemoryLedger.reserve`).
 *
 * `reserve_one(args, at)` reserves for the AWU whose arguments start at `args[at]`, read in place
 * (no table per AWU or claim): awuId, leaseMs, budget count, rate count, per budget (name, key,
 * period, limit, amount, enforce 1|0), per rate (key, intervalMs, burst, cost, enforce 1|0);
 * `reserve_size(args, at)` is how many arguments that AWU has.
 *
 * Reply per AWU (appended to the call's reply, see `REPLY`): 'ok', reserved 1|0, nowMs, per budget
 * (periodId, consumed, reserved before this AWU), per rate (allowed 1|0, retryAfterMs), numbers as
 * integers when exact, else as exact decimals; or 'finished' when the AWU was already settled or
 * released (a reservation that arrived after its caller gave up: nothing changes).
 */
export const RESERVE_BODY = `
local function reserve_size(args, at)
  return 4 + 6 * tonumber(args[at + 2]) + 5 * tonumber(args[at + 3])
end

-- Per claim of the AWU being reserved (reused by every AWU).
local claim_states, rate_states, rate_next, rate_retry, entries = {}, {}, {}, {}, {}

local function reserve_one(args, at)
  local awu, lease = args[at], tonumber(args[at + 1])
  local nb, nr = tonumber(args[at + 2]), tonumber(args[at + 3])
  local budgets, rate_at = at + 4, at + 4 + 6 * nb

  -- Reads and checks (an error here changes nothing).
  local known, ak = record_of(awu, false)
  if known == DONE then
    R[rn + 1], R[rn + 2] = 1, 'finished'
    rn = rn + 2
    return
  end
  for r = 1, nr do rate_states[r] = rate_of(args[rate_at + 5 * (r - 1)]) end
  for b = 1, nb do
    local i = budgets + 6 * (b - 1)
    local state = state_of(args[i + 1], period_id(args[i + 2], now))
    expired_of(state, now)
    claim_states[b] = state
  end

  -- Decision and cached updates (nothing below can fail).
  for b = 1, nb do sweep(claim_states[b], now) end
  local ok = true
  for r = 1, nr do
    -- GCRA: allowed when the arrival time after this claim is at most burst * interval ahead.
    local i = rate_at + 5 * (r - 1)
    local interval = tonumber(args[i + 1])
    local next_tat = max(rate_states[r].tat or 0, now) + tonumber(args[i + 3]) * interval
    local ahead = next_tat - now
    local tolerance = tonumber(args[i + 2]) * interval
    rate_next[r] = next_tat
    if ahead <= tolerance then
      rate_retry[r] = false
    else
      rate_retry[r] = ceil(ahead - tolerance)
      if args[i + 4] == '1' then ok = false end
    end
  end
  local slot = rn + 1
  R[slot + 1], R[slot + 2], R[slot + 3] = 'ok', '0', now
  local n = slot + 3
  for b = 1, nb do
    local i = budgets + 6 * (b - 1)
    local state = claim_states[b]
    local available = tonumber(args[i + 3]) - state.consumed - state.reserved
    if tonumber(args[i + 4]) > available and args[i + 5] == '1' then ok = false end
    -- The client derives remaining, exhausted and fits from these, with the same arithmetic.
    R[n + 1] = state.pid
    R[n + 2] = out(state.consumed)
    R[n + 3] = out(state.reserved)
    n = n + 3
  end

  if ok then
    R[slot + 2] = '1'
    local exp = now + lease
    for r = 1, nr do
      -- Spent even when refused in shadow mode.
      local rate = rate_states[r]
      rate.tat = rate_next[r]
      rate.dirty = true
    end
    for b = 1, nb do
      local i = budgets + 6 * (b - 1)
      local state = claim_states[b]
      local text = args[i + 4]
      if not state.exists then
        state.exists = true
        state.created = true
        state.budget = args[i]
      end
      state.allocated = tonumber(args[i + 3])
      state.reserved = state.reserved + tonumber(text)
      add_hold(state, exp, text .. ':' .. awu)
      local ttl = state.retention
      if ttl > 0 and ttl + lease > state.ttl then state.ttl = ttl + lease end
      -- A list that exists outlives any lease up to the memory (see flush); a longer one extends it.
      if lease > memory then state.extend = true end
      entries[b] = encode_entry(args[i + 1], args[i], state.pid, text)
    end
    local body = nb == 1 and entries[1] or table.concat(entries, ',', 1, nb)
    set_record(awu, ak, encode_record(exp, body), lease + memory)
  end
  for r = 1, nr do
    local retry = rate_retry[r]
    R[n + 1] = retry and '0' or '1'
    R[n + 2] = retry and out(retry) or 0
    n = n + 2
  end
  R[slot] = n - slot
  rn = n
end
`;
