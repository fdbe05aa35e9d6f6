import { defineOperation } from './define-operation.js';
import { STATE } from './state.js';

/**
 * @internal The state of a budget instance in the period it last reserved in (a port of
 * `InMemoryLedger.snapshot`), after releasing its expired holds.
 *
 * args: settledMemoryMs, budget, key. Reply: {} when unknown, else { periodId, allocated, consumed, reserved }.
 */
export const SNAPSHOT_OPERATION = defineOperation(
  'snapshot',
  [STATE],
  `
local function op_snapshot(keys, args)
  begin(keys, args)
  local budget, key = args[2], args[3]
  local pid = pointer_of(key)
  if pid == false then return {} end
  local state = state_of(key, pid)
  expired_of(state, now)
  -- Writes start here: nothing below may fail.
  sweep(state, now)
  flush(now)
  if not state.exists or state.budget ~= budget then return {} end
  return { pid, fmt(state.allocated), fmt(state.consumed), fmt(state.reserved) }
end
`,
);
