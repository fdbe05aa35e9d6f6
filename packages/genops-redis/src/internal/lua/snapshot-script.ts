import { defineScript } from './define-script.js';
import { STATE } from './state.js';

/**
 * @internal The state of a budget instance in the period it last reserved in (a port of
 * `InMemoryLedger.snapshot`), after releasing its expired holds.
 *
 * ARGV: settledMemoryMs, budget, key. Reply: {} when unknown, else { periodId, allocated, consumed, reserved }.
 */
export const SNAPSHOT_SCRIPT = defineScript(
  'snapshot',
  [STATE],
  `
local budget = ARGV[2]
local key = ARGV[3]
local now = now_ms()
local pid = pointer_of(key)
if pid == false then return {} end
local state = state_of(key, pid)
expired_of(state, now)

-- Writes start here: nothing below may fail.
sweep(state, now)
flush(now)
if not state.exists or state.budget ~= budget then return {} end
return { pid, fmt(state.allocated), fmt(state.consumed), fmt(state.reserved) }
`,
);
