import { defineScript } from './define-script.js';
import { PERIODS } from './periods.js';
import { RESERVE_BODY } from './reserve-script.js';
import { SETTLE_BODY } from './settle-script.js';
import { STATE } from './state.js';

/**
 * @internal Settles, then reservations, in one script run: the settles pending when reservations
 * are sent ride along with them (one EVALSHA, one clock reading, one MGET of the AWU records, one
 * write of everything at the end) and are applied first, so the reservations see them. Each AWU
 * still succeeds or fails on its own, exactly as in separate scripts.
 *
 * ARGV: settledMemoryMs, settle count, reservation count, the settles (see `SETTLE_BODY`), then
 * the reservations (see `RESERVE_BODY`). Reply: the settle replies, then the reservation replies.
 */
export const LEDGER_SCRIPT = defineScript(
  'ledger',
  [PERIODS, STATE, 'local now = now_ms()', SETTLE_BODY, RESERVE_BODY],
  `
local settles, awus, at = {}, {}, 4
if tonumber(ARGV[2]) > 0 then settles, awus, at = settle_items(at, tonumber(ARGV[2])) end
local reserves, reserving = {}, {}
if tonumber(ARGV[3]) > 0 then reserves, reserving = reserve_items(at, tonumber(ARGV[3])) end
local n = #awus
for i, awu in ipairs(reserving) do awus[n + i] = awu end
prefetch(awus)
local replies = run_batch(settles, settle_one)
local reserved = run_batch(reserves, reserve_one)
flush(now)
n = #replies
for i, reply in ipairs(reserved) do replies[n + i] = reply end
return replies
`,
);
