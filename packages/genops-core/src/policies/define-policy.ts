import { checkVerdict } from '../decision/check-verdict.js';
import type { PolicyVerdict } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { isReasonCode, type ReasonCode } from '../decision/reason-code.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { isThenable } from '../internal/is-thenable.js';
import type { GovernancePolicy, PolicyContext } from './governance-policy.js';
import { checkText } from './internal/check-options.js';

/**
 * Options of {@link definePolicy}.
 *
 * @example
 * ```ts
 * const options: DefinePolicyOptions = {
 *   name: 'no-prod-experiments',
 *   reasonCodes: ['x_experiment_in_production'],
 *   evaluate: (ctx) => ctx.attribution.environment === 'production' && ctx.attribution.feature === 'lab'
 *     ? { result: 'BLOCKED', reasonCode: 'x_experiment_in_production' }
 *     : { result: 'ALLOWED' },
 * };
 * ```
 */
export interface DefinePolicyOptions {
  /** `genops.policy.name`; unique within the governor. */
  readonly name: string;
  /**
   * The pre-execution verdict, sync or async; `undefined` when the policy does not apply (no
   * decision is recorded). A throw fails closed: `BLOCKED` with `x_policy_error`, and the error is
   * reported through the governor's `onError`.
   */
  readonly evaluate: (
    context: PolicyContext,
  ) => PolicyVerdict | undefined | Promise<PolicyVerdict | undefined>;
  /**
   * The reason codes the policy may return. Checked by `createGovernor` (each must be a taxonomy
   * code or a valid `x_` extension) and enforced at run time. Default: any valid code.
   */
  readonly reasonCodes?: readonly ReasonCode[];
  /** Default: the governor's mode. */
  readonly mode?: PolicyMode;
}

/**
 * A user policy. Reason codes are checked twice: statically — the `ReasonCode` type rejects
 * strings that are neither taxonomy codes nor `x_…`, and `createGovernor` rejects declared
 * `reasonCodes` that are not valid (`GenOpsConfigError` naming `policies[i].reasonCodes[j]`) — and
 * at run time: a verdict whose code is not a valid code (or not one of the declared ones), or whose
 * result is not a GenOps decision state, is never emitted; the AWU fails closed (`BLOCKED`,
 * `x_policy_error`) and a `GenOpsConfigError` naming the field is reported through `onError`.
 *
 * @example
 * ```ts
 * const businessHours = definePolicy({
 *   name: 'business-hours',
 *   reasonCodes: ['x_outside_business_hours'],
 *   evaluate: ({ nowMs }) => {
 *     const hour = new Date(nowMs).getUTCHours();
 *     return hour >= 8 && hour < 18
 *       ? { result: 'ALLOWED' }
 *       : { result: 'WARNING', reasonCode: 'x_outside_business_hours', reason: `${hour}:00 UTC` };
 *   },
 * });
 * createGovernor({ attribution, policies: [businessHours] });
 * ```
 */
export function definePolicy(options: DefinePolicyOptions): GovernancePolicy {
  const name = options?.name;
  let allowed: ReadonlySet<string> | undefined;
  const setup = () => {
    if (typeof options !== 'object' || options === null) {
      throw new GenOpsConfigError({
        field: '',
        expected: 'definePolicy options { name, evaluate }',
        received: options,
      });
    }
    checkText(options.name, 'name', 'policy name');
    if (typeof options.evaluate !== 'function') {
      throw new GenOpsConfigError({
        field: 'evaluate',
        expected: 'a function (context) => verdict | undefined | Promise<…>',
        received: options.evaluate,
      });
    }
    const { reasonCodes } = options;
    if (reasonCodes === undefined) return;
    if (!Array.isArray(reasonCodes) || reasonCodes.length === 0) {
      throw new GenOpsConfigError({
        field: 'reasonCodes',
        expected: 'a non-empty list of reason codes',
        received: reasonCodes,
      });
    }
    reasonCodes.forEach((code: unknown, index) => {
      if (!isReasonCode(code)) {
        throw new GenOpsConfigError({
          field: `reasonCodes[${index}]`,
          expected:
            'a GenOps taxonomy reason code or an x_ extension (x_ then lowercase letters, digits or _)',
          received: code,
        });
      }
    });
    allowed = new Set(reasonCodes);
  };

  // The governor checks every verdict; only the declared reason codes are this policy's own rule.
  const check = (verdict: PolicyVerdict | undefined): PolicyVerdict | undefined =>
    verdict === undefined || allowed === undefined ? verdict : checkVerdict(verdict, name, allowed);

  return {
    name,
    ...(options?.mode === undefined ? {} : { mode: options.mode }),
    setup,
    evaluate(context) {
      const returned = options.evaluate(context);
      return isThenable(returned)
        ? (returned as Promise<PolicyVerdict | undefined>).then(check)
        : check(returned as PolicyVerdict | undefined);
    },
  };
}
