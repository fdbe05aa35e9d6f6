import { defineOperation } from './define-operation.js';
import { PERIODS } from './periods.js';
import { STATE } from './state.js';

/**
 * @internal Leases a slice of a budget instance's remaining allocation to one process (its
 * holder id), and later resizes, renews or returns it. One call, one budget instance.
 *
 * A slice is a hold like an AWU's: member `<amount>:lease:<holder>` in the instance's holds, score
 * = lease expiry (Redis time), its amount counted in `reserved`. So `consumed + reserved` in Redis
 * covers every slice at every instant, and a holder that dies gives its slice back when the lease
 * runs out, through the same lazy sweep that releases an AWU's expired hold. The holder's entry in
 * `leases:<key>:<periodId>` (a hash: holder -> `<seq>:<amount>:<expiry>`) makes each call
 * idempotent by sequence number (a retried call applies once) and counts the live holders.
 *
 * One call, in this order:
 * 1. `report`: consumption the holder made from its slice moves from `reserved` to `consumed`
 *    (the slice shrinks by it);
 * 2. `give`: an unused part of the slice is returned;
 * 3. `want`: the slice grows by at most `want`, capped by `share` × what is left unreserved,
 *    divided by the number of holders (this one included), in whole `unit`s; a grant smaller than `min` is not made
 *    (near the limit the holder reserves per call instead). A slice that was lost (its lease ran
 *    out) is first made good up to `need` (what the holder still uses), as far as what is left
 *    allows. Growth only happens in the instance's current period (by Redis time).
 * 4. the lease is renewed to `ttl` ms from now (or removed when the slice is empty).
 *
 * args: settledMemoryMs, budget, key, period, periodId, limit, holder, seq, report, give, want,
 * min, share, ttl, need, unit (grants are whole multiples of it; 0: any amount).
 * Reply: status ('ok' | 'duplicate': this seq was applied before, nothing changed), whether the
 * holder's slice was found (1 | 0: it never existed, was given back, or its lease ran out), nowMs,
 * the current period id by Redis time, the slice now (exact decimal), consumed, reserved (after
 * the call), the other live holders.
 */
export const LEASE_OPERATION = defineOperation(
  'lease',
  [PERIODS, STATE],
  `
-- The holders of an instance's slices: holder -> { seq, amount, text, exp }.
local function leases_of(lk)
  local flat = read(lk, 'hash', 'HGETALL', lk)
  local leases = {}
  for i = 1, #flat, 2 do
    local seq, text, exp = match(flat[i + 1], '^([^:]*):([^:]*):([^:]*)$')
    if seq == nil then fail(lk, 'has field ' .. show(flat[i]) .. ' holding ' .. show(flat[i + 1]) .. ', expected <seq>:<amount>:<expiry>') end
    leases[flat[i]] = {
      seq = num(lk, 'field ' .. show(flat[i]), seq, 0), text = text,
      amount = num(lk, 'field ' .. show(flat[i]), text, 0), exp = num(lk, 'field ' .. show(flat[i]), exp, 0),
    }
  end
  return leases
end

local function op_lease(keys, args)
  begin(keys, args)
  local budget, key, period, pid, limit = args[2], args[3], args[4], args[5], tonumber(args[6])
  local holder, seq = args[7], tonumber(args[8])
  local report, give, want = tonumber(args[9]), tonumber(args[10]), tonumber(args[11])
  local min_grant, share, ttl, need = tonumber(args[12]), tonumber(args[13]), tonumber(args[14]), tonumber(args[15])
  local unit = tonumber(args[16])
  local current = period_id(period, now)
  local lk = base .. 'leases:' .. key .. ':' .. pid

  -- Reads and checks (an error here changes nothing).
  local state = state_of(key, pid)
  expired_of(state, now)
  local leases = leases_of(lk)
  local mine = leases[holder]
  local others = 0
  for name, lease in pairs(leases) do
    if name ~= holder and lease.exp > now then others = others + 1 end
  end

  -- Writes (nothing below can fail).
  sweep(state, now)
  for name, lease in pairs(leases) do
    if lease.exp <= now then
      rcall('HDEL', lk, name)
      leases[name] = nil
    end
  end
  mine = leases[holder]
  if mine ~= nil and seq <= mine.seq then
    flush(now)
    return { 'duplicate', 1, now, current, mine.text, out(state.consumed), out(state.reserved), others }
  end
  state.consumed = state.consumed + report
  local keep
  if mine ~= nil then
    state.reserved = state.reserved - mine.amount
    keep = max(mine.amount - report - give, 0)
  else
    keep = max(math.min(need, limit - state.consumed - state.reserved), 0)
  end
  local grant = 0
  if want > 0 and pid == current then
    local fair = share * (limit - state.consumed - state.reserved - keep) / (others + 1)
    grant = math.min(want, fair)
    -- Whole units (the claim's amount): slices add no fractions (no rounding drift) to the budget.
    if unit > 0 then grant = floor(grant / unit) * unit end
    if grant < min_grant then grant = 0 end
  end
  local slice = keep + grant
  local exp = now + ttl
  local text = fmt(slice)
  -- The same member is re-added with its new expiry (flush adds before it removes).
  if mine ~= nil and (slice <= 0 or mine.text ~= text) then
    remove_hold(state, mine.text .. ':lease:' .. holder)
  end
  if not state.exists and (slice > 0 or report ~= 0) then
    state.exists = true
    state.created = true
    state.budget = budget
  end
  if state.exists then state.allocated = limit end
  if slice > 0 then
    state.reserved = state.reserved + slice
    add_hold(state, exp, text .. ':lease:' .. holder)
    rcall('HSET', lk, holder, fmt(seq) .. ':' .. text .. ':' .. fmt(exp))
  else
    rcall('HDEL', lk, holder)
  end
  local retention = state.retention
  if retention > 0 and retention + ttl > state.ttl then state.ttl = retention + ttl end
  flush(now)
  if slice > 0 and retention > 0 then expire(lk, retention + ttl) end
  return { 'ok', mine ~= nil and 1 or 0, now, current, text, out(state.consumed), out(state.reserved), others }
end
`,
);
