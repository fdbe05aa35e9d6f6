import { defineOperation } from './define-operation.js';
import { STATE } from './state.js';

/**
 * @internal Releases reservations without consumption (a port of `InMemoryLedger.release`):
 * what is still held is released and the AWU is marked done; the record is forgotten either way.
 * With `cancel` the AWU is marked done even when nothing was held, so that a reservation still in
 * flight (its caller timed out) changes nothing when it arrives.
 *
 * args: settledMemoryMs, AWU count, then per AWU: awuId, cancel 1|0.
 * Reply per AWU: { 'ok', released 1|0 } or { 'error', message }.
 */
export const RELEASE_OPERATION = defineOperation(
  'release',
  [STATE],
  `
local function release_one(item)
  -- Reads and checks (an error here changes nothing).
  local record, ak = record_of(item.awu, true)
  if record == DONE then return { 'ok', '0' } end
  if record ~= nil then load_entries(record, now) end

  -- Cached updates (nothing below can fail).
  if record == nil then
    if item.cancel then set_record(item.awu, ak, DONE, memory) end
    return { 'ok', '0' }
  end
  local live = release_entries(record, now)
  if live or item.cancel then
    set_record(item.awu, ak, DONE, memory)
  else
    set_record(item.awu, ak, nil, 0)
  end
  return { 'ok', live and '1' or '0' }
end

local function op_release(keys, args)
  begin(keys, args)
  local items, awus = {}, {}
  for i = 1, tonumber(args[2]) do
    local awu = args[1 + 2 * i]
    items[i] = { awu = awu, cancel = args[2 + 2 * i] == '1' }
    awus[i] = awu
  end
  prefetch(awus, #awus)
  local replies = run_batch(items, release_one)
  flush(now)
  return replies
end
`,
);
