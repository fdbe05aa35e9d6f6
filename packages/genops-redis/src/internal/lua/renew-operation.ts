import { defineOperation } from './define-operation.js';
import { STATE } from './state.js';

/**
 * @internal Extends leases (a port of `InMemoryLedger.renew`): only what is still held (not
 * released; an expired hold not yet released counts) is renewed.
 *
 * args: settledMemoryMs, AWU count, then per AWU: awuId, leaseMs.
 * Reply per AWU: { 'ok', renewed 1|0 } or { 'error', message }.
 */
export const RENEW_OPERATION = defineOperation(
  'renew',
  [STATE],
  `
local function renew_one(item)
  -- Reads and checks (an error here changes nothing).
  local record, ak = record_of(item.awu, true)
  if record == nil or record == DONE then return { 'ok', '0' } end
  load_entries(record, now)

  -- Cached updates (nothing below can fail).
  local live = #record.entries == 0 and record.exp > now
  local exp = now + item.lease
  for _, entry in ipairs(record.entries) do
    local state = entry.state
    if take_held(record, entry, now) then
      live = true
      add_hold(state, exp, entry.member)
      local ttl = state.retention
      if ttl > 0 and ttl + item.lease > state.ttl then state.ttl = ttl + item.lease end
      state.extend = true
    end
  end
  if not live then return { 'ok', '0' } end
  local parts = {}
  for i, entry in ipairs(record.entries) do
    parts[i] = encode_entry(entry.key, entry.budget, entry.pid, entry.text)
  end
  set_record(item.awu, ak, encode_record(exp, table.concat(parts, ',')), item.lease + memory)
  return { 'ok', '1' }
end

local function op_renew(keys, args)
  begin(keys, args)
  local items, awus = {}, {}
  for i = 1, tonumber(args[2]) do
    local awu = args[1 + 2 * i]
    items[i] = { awu = awu, lease = tonumber(args[2 + 2 * i]) }
    awus[i] = awu
  end
  prefetch(awus, #awus)
  local replies = run_batch(items, renew_one)
  flush(now)
  return replies
end
`,
);
