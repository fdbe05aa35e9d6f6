import { defineOperation } from './define-operation.js';
import { PERIODS } from './periods.js';
import { RESERVE_BODY } from './reserve-script.js';
import { SETTLE_BODY } from './settle-script.js';
import { STATE } from './state.js';

/**
 * @internal Settles, then reservations, in one call: the settles pending when reservations are
 * sent ride along with them (one call, one clock reading, one read of each AWU record and budget
 * instance, one write of everything at the end) and are applied first, so the reservations see
 * them. Each AWU still succeeds or fails on its own, exactly as in separate calls.
 *
 * args: settledMemoryMs, settle count, reservation count, the settles (see `SETTLE_BODY`), then the
 * reservations (see `RESERVE_BODY`). Reply: the settle replies, then the reservation replies.
 */
export const LEDGER_OPERATION = defineOperation(
  'ledger',
  [PERIODS, STATE, SETTLE_BODY, RESERVE_BODY],
  `
local function op_ledger(keys, args)
  begin(keys, args)
  local ns, nr = tonumber(args[2]), tonumber(args[3])
  local settles, reserves, awus, at = EMPTY, EMPTY, EMPTY, 4
  if ns > 0 then settles, awus, at = settle_items(args, at, ns) end
  if nr > 0 then
    local reserving
    reserves, reserving = reserve_items(args, at, nr)
    if ns == 0 then
      awus = reserving
    else
      local n = #awus
      for i = 1, #reserving do awus[n + i] = reserving[i] end
    end
  end
  prefetch(awus)
  local replies = run_batch(settles, settle_one)
  local reserved = run_batch(reserves, reserve_one)
  flush(now)
  if ns == 0 then return reserved end
  local n = #replies
  for i = 1, #reserved do replies[n + i] = reserved[i] end
  return replies
end
`,
);
