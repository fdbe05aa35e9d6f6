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
-- Where each AWU's arguments start, and the AWU ids (reused by every call).
local starts, batch_awus = {}, {}

-- One AWU's reply, or { 'error', message } when it failed (and changed nothing).
local function attempt(one, args, at)
  local ok, reply = pcall(one, args, at)
  if ok then return reply end
  return { 'error', type(reply) == 'table' and reply.err or tostring(reply) }
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
  local replies = {}
  for i = 1, ns + nr do
    replies[i] = attempt(i <= ns and settle_one or reserve_one, args, starts[i])
  end
  flush(now)
  return replies
end
`,
);
