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
 * reservations (see `RESERVE_BODY`). Reply: one flat array (see `REPLY` in `CORE`), the settles,
 * then the reservations.
 */
export const RESERVE_SETTLE_OPERATION = defineOperation(
  'ledger',
  [PERIODS, STATE, SETTLE_BODY, RESERVE_BODY],
  `
-- Where each AWU's arguments start, and the AWU ids (reused by every call).
local starts, batch_awus = {}, {}

-- Runs one AWU; when it fails (changing nothing), its reply is 'error', message.
local function attempt(one, args, at)
  local ok, failure = pcall(one, args, at)
  if not ok then
    R[rn + 1], R[rn + 2], R[rn + 3] = 2, 'error', type(failure) == 'table' and failure.err or tostring(failure)
    rn = rn + 3
  end
end

local function op_ledger(keys, args)
  begin(keys, args)
  local ns, nr = tonumber(args[2]), tonumber(args[3])
  local at = 4
  for i = 1, ns + nr do
    starts[i] = at
    batch_awus[i] = args[at]
    at = at + (i <= ns and settle_size(args, at) or reserve_size(args, at))
  end
  prefetch(batch_awus, ns + nr)
  R, rn = {}, 0
  if ns + nr == 1 then
    -- One AWU: its error is the call's error (nothing else to keep apart).
    local one = ns == 1 and settle_one or reserve_one
    one(args, 4)
  else
    for i = 1, ns + nr do attempt(i <= ns and settle_one or reserve_one, args, starts[i]) end
  end
  flush(now)
  return R
end
`,
);
