/**
 * @internal Lua (part of `RESERVE_SETTLE_OPERATION`): settles AWUs, idempotently by id (a port of
 * `InMemoryLedger.settle`): each is marked done, what it still holds is released, each actual
 * is added to the budget instance it reserved on (also after the lease expired: the record outlives
 * the lease by the settled memory), and token rate limits are corrected.
 *
 * An AWU without a record but with fallback entries (reserved locally while Redis was unavailable,
 * fail-open) has those amounts added to those budget instances, which are created when needed.
 *
 * `settle_one(args, at)` settles the AWU whose arguments start at `args[at]`, read in place:
 * awuId, actual count, correction count, fallback count, per actual (key, amount), per correction
 * (key, deltaCost, intervalMs), per fallback entry (budget, key, periodId, limit, amount);
 * `settle_size(args, at)` is how many arguments that AWU has.
 *
 * Reply per AWU (appended to the call's reply, see `REPLY`): 'ok', applied 1|0, lateAfterExpiry 1|0,
 * source hold|fallback|none, per settled budget (budget, key, periodId, allocated, consumedBefore,
 * consumedAfter, remaining; numbers as integers when exact, else as exact decimals).
 */
export const SETTLE_BODY = `
-- Appends a settled budget to the reply (see REPLY), after position n; the new end.
local function settled(n, state, before)
  R[n + 1] = state.budget
  R[n + 2] = state.key
  R[n + 3] = state.pid
  R[n + 4] = out(state.allocated)
  R[n + 5] = out(before)
  R[n + 6] = out(state.consumed)
  R[n + 7] = out(state.allocated - state.consumed - state.reserved)
  return n + 7
end

local function settle_size(args, at)
  return 4 + 2 * tonumber(args[at + 1]) + 3 * tonumber(args[at + 2]) + 5 * tonumber(args[at + 3])
end

-- Per correction and fallback entry of the AWU being settled (reused by every AWU).
local correction_rates, fallback_states, fallback_pointers = {}, {}, {}

local function settle_one(args, at)
  local awu = args[at]
  local na, nc, nf = tonumber(args[at + 1]), tonumber(args[at + 2]), tonumber(args[at + 3])
  local actuals = at + 4
  local corrections = actuals + 2 * na
  local fallback = corrections + 3 * nc

  -- Reads and checks (an error here changes nothing).
  local record, ak = record_of(awu, true)
  if record == DONE then
    R[rn + 1], R[rn + 2], R[rn + 3], R[rn + 4], R[rn + 5] = 4, 'ok', '0', '0', 'none'
    rn = rn + 5
    return
  end
  for c = 1, nc do correction_rates[c] = rate_of(args[corrections + 3 * (c - 1)]) end
  if record ~= nil then
    load_entries(record, now)
  else
    for f = 1, nf do
      local i = fallback + 5 * (f - 1)
      local state = state_of(args[i + 1], args[i + 2])
      expired_of(state, now)
      fallback_states[f] = state
      fallback_pointers[f] = pointer_of(args[i + 1])
    end
  end

  -- Cached updates (nothing below can fail).
  set_record(awu, ak, DONE, memory)
  local slot = rn + 1
  R[slot + 1], R[slot + 2], R[slot + 3], R[slot + 4] = 'ok', '1', '0', 'none'
  local n = slot + 4
  if record ~= nil then
    R[slot + 4] = 'hold'
    local live = release_entries(record, now)
    if not live or record.exp <= now then R[slot + 3] = '1' end
    local held = record.entries
    for a = 1, na do
      local i = actuals + 2 * (a - 1)
      local key = args[i]
      for e = 1, #held do
        local entry = held[e]
        if entry.key == key then
          local state = entry.state
          if state.exists then
            local before = state.consumed
            state.consumed = before + tonumber(args[i + 1])
            n = settled(n, state, before)
          end
          break
        end
      end
    end
  elseif nf > 0 then
    R[slot + 4] = 'fallback'
    for f = 1, nf do
      local i = fallback + 5 * (f - 1)
      local state = fallback_states[f]
      local current = fallback_pointers[f]
      sweep(state, now)
      local ttl = state.retention
      if not state.exists then
        state.exists = true
        state.created = true
        state.budget = args[i]
        state.allocated = tonumber(args[i + 3])
        if current ~= false and current >= state.pid then state.keep_pointer = true end
      elseif current == false or current < state.pid then
        state.pointer = true
      end
      if ttl > state.ttl then state.ttl = ttl end
      local before = state.consumed
      state.consumed = before + tonumber(args[i + 4])
      n = settled(n, state, before)
    end
  end

  for c = 1, nc do
    local rate = correction_rates[c]
    if rate.tat ~= nil then
      local i = corrections + 3 * (c - 1)
      rate.tat = rate.tat + tonumber(args[i + 1]) * tonumber(args[i + 2])
      rate.dirty = true
    end
  end
  R[slot] = n - slot
  rn = n
end
`;
