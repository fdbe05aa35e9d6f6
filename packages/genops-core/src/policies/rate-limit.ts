import type { BudgetScope } from '../accounting/budget-options.js';
import { type CompiledScope, compileScope } from '../attribution/compile-scope.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { boundedMemo } from '../internal/bounded-memo.js';
import type { GovernancePolicy, PolicyContext, RateClaimSpec } from './governance-policy.js';
import { checkObject, checkPositive, checkWhole } from './internal/check-options.js';

/**
 * Options of {@link rateLimit}. At least one of `requestsPerMinute` and `tokensPerMinute` is needed.
 *
 * @example
 * ```ts
 * const options: RateLimitOptions = {
 *   name: 'per-customer', scope: { customer_id: '*' }, requestsPerMinute: 60, tokensPerMinute: 100_000,
 * };
 * ```
 */
export interface RateLimitOptions {
  /** `genops.policy.name`; also the prefix of the limit's state keys in the ledger. */
  readonly name: string;
  /**
   * Which AWUs share a limit, with the semantics of budget scopes: `{ team: 'support' }` limits the
   * support team as a whole, `{ customer_id: '*' }` gives each customer its own limit; AWUs outside
   * the scope are not limited. Default: every AWU of the governor shares one limit.
   */
  readonly scope?: BudgetScope;
  /** Sustained requests (AWUs) per minute, counted at the decision; a finite number > 0. */
  readonly requestsPerMinute?: number;
  /**
   * Sustained tokens per minute; a finite number > 0. The reservation's estimate (input tokens plus
   * the output cap) is claimed at the decision and corrected with the reported usage at settle.
   */
  readonly tokensPerMinute?: number;
  /** Requests that may pass at once after an idle period; a whole number >= 1. Default: `floor(requestsPerMinute)` (at least 1). */
  readonly burst?: number;
  /** Tokens that may pass at once after an idle period; a whole number >= 1. Default: `floor(tokensPerMinute)` (at least 1). */
  readonly tokenBurst?: number;
  /** `shadow` counts and reports but never refuses. Default: the governor's mode. */
  readonly mode?: PolicyMode;
}

interface Limit {
  readonly perMinute: number;
  readonly intervalMs: number;
  readonly burst: number;
}

interface Compiled {
  readonly scope: CompiledScope;
  readonly requests: Limit | undefined;
  readonly tokens: Limit | undefined;
}

/**
 * A rate limit on requests and/or tokens per minute, per scope instance, enforced with GCRA (the
 * generic cell rate algorithm) on state kept in the ledger, reserved atomically with the budgets.
 *
 * Semantics, for a limit of `R` units per minute with burst `B` (units are requests or tokens):
 * the emission interval is `T = 60,000 / R` ms; a claim of `c` units passes when, after it, the
 * limit's theoretical arrival time is at most `B × T` ms ahead of now. So after an idle period up
 * to `B` units pass at once, then `R` per minute are sustained: any 60-second window holds at
 * most `B + R − 1` units (`R` with `B = 1`, which spaces requests evenly; `2R − 1` with the
 * default `B = R`, a token bucket that holds one minute of quota). There is no fixed window and no
 * boundary effect.
 *
 * A refused claim yields `RATE_LIMITED` (reason code `RATE_LIMITED`) with the exact wait in
 * `retryAfterMs` (also on `GenOpsPolicyError.retryAfterMs`). A single call whose token estimate is
 * larger than `tokenBurst` can never pass: it is refused `BLOCKED` (reason code `RATE_LIMITED`)
 * with a reason that says so, not with a misleading wait. Token claims are corrected at settle by
 * `actual − estimate` tokens (unused reservation is given back; overruns are charged).
 *
 * Options are validated by `createGovernor` (`GenOpsConfigError` naming `policies[i].<field>`).
 *
 * @example
 * ```ts
 * createGovernor({
 *   attribution,
 *   policies: [rateLimit({ name: 'per-customer', scope: { customer_id: '*' }, requestsPerMinute: 60, tokensPerMinute: 100_000 })],
 * });
 * ```
 */
export function rateLimit(options: RateLimitOptions): GovernancePolicy {
  let compiled: Compiled | undefined;
  let instances: ((instance: string) => Instance) | undefined;
  const name = options?.name;
  const prepare = () => {
    compiled ??= compile(options);
    return compiled;
  };

  const tokensOf = (context: PolicyContext) =>
    context.estimate.inputTokens + context.estimate.outputTokens;

  return {
    name,
    ...(options?.mode === undefined ? {} : { mode: options.mode }),
    setup: () => {
      compiled = compile(options);
      instances = undefined;
    },
    evaluate(context) {
      const { scope, tokens } = prepare();
      if (tokens === undefined) return undefined;
      const instance = scope.keyFor(context.attribution);
      if (instance === undefined) return undefined;
      const needed = tokensOf(context);
      if (needed <= tokens.burst) return undefined;
      return {
        result: 'BLOCKED',
        reasonCode: 'RATE_LIMITED',
        reason:
          `this call needs ${needed} tokens but the limit of ${tokens.perMinute} tokens/min` +
          `${describe(instance)} lets at most ${tokens.burst} pass at once (tokenBurst): ` +
          'it can never pass; lower maxOutputTokens or the prompt, or raise tokenBurst',
      };
    },
    rateClaims(context) {
      const { scope, requests, tokens } = prepare();
      const instance = scope.keyFor(context.attribution);
      if (instance === undefined) return none;
      instances ??= boundedMemo((found) => describeInstance(name, found, requests, tokens));
      const { requestsClaim, tokensKey, tokensReason } = instances(instance);
      const needed = tokensOf(context);
      // A claim larger than the burst was refused by `evaluate`; it is not counted.
      if (tokens === undefined || needed > tokens.burst) {
        return requestsClaim === undefined ? none : [requestsClaim];
      }
      const tokensClaim: RateClaimSpec = {
        key: tokensKey,
        intervalMs: tokens.intervalMs,
        burst: tokens.burst,
        cost: needed,
        costBasis: 'tokens',
        reason: tokensReason,
      };
      return requestsClaim === undefined ? [tokensClaim] : [requestsClaim, tokensClaim];
    },
  };
}

interface Instance {
  /** The request claim (always the same for one instance), if requests are limited. */
  readonly requestsClaim: RateClaimSpec | undefined;
  readonly tokensKey: string;
  readonly tokensReason: string;
}

/** State keys and reasons of one scope instance, computed once. */
function describeInstance(
  name: string,
  instance: string,
  requests: Limit | undefined,
  tokens: Limit | undefined,
): Instance {
  const key = instance === '' ? name : `${name}|${instance}`;
  const requestsClaim: RateClaimSpec | undefined =
    requests === undefined
      ? undefined
      : Object.freeze({
          key: `${key}#requests`,
          intervalMs: requests.intervalMs,
          burst: requests.burst,
          cost: 1,
          costBasis: 'request',
          reason: `over ${requests.perMinute} requests/min${describe(instance)} (burst ${requests.burst})`,
        });
  return {
    requestsClaim,
    tokensKey: `${key}#tokens`,
    tokensReason:
      tokens === undefined
        ? ''
        : `over ${tokens.perMinute} tokens/min${describe(instance)} (burst ${tokens.burst})`,
  };
}

const none: readonly RateClaimSpec[] = [];

function describe(instance: string): string {
  return instance === '' ? '' : ` for ${instance}`;
}

function compile(options: RateLimitOptions): Compiled {
  const checked = checkObject(
    options,
    'rateLimit options { name, requestsPerMinute?, tokensPerMinute?, … }',
  );
  const scope = compileScope(checked.scope, 'scope');
  const { requestsPerMinute, tokensPerMinute, burst, tokenBurst } = checked;
  if (requestsPerMinute === undefined && tokensPerMinute === undefined) {
    checkPositive(
      requestsPerMinute,
      'requestsPerMinute',
      'requests per minute (or set tokensPerMinute)',
    );
  }
  return {
    scope,
    requests: limit(requestsPerMinute, burst, 'requestsPerMinute', 'burst', 'requests'),
    tokens: limit(tokensPerMinute, tokenBurst, 'tokensPerMinute', 'tokenBurst', 'tokens'),
  };
}

function limit(
  perMinute: number | undefined,
  burst: number | undefined,
  rateField: string,
  burstField: string,
  unit: string,
): Limit | undefined {
  if (perMinute === undefined) {
    if (burst !== undefined)
      checkPositive(perMinute, rateField, `${unit} per minute (${burstField} needs it)`);
    return undefined;
  }
  const rate = checkPositive(perMinute, rateField, `${unit} per minute`);
  const resolvedBurst =
    burst === undefined ? Math.max(1, Math.floor(rate)) : checkWhole(burst, burstField, unit, 1);
  return { perMinute: rate, intervalMs: 60_000 / rate, burst: resolvedBurst };
}
