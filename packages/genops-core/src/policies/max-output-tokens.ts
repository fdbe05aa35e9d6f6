import type { PolicyVerdict } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import type { GovernancePolicy } from './governance-policy.js';
import { checkBoolean, checkObject, checkWhole } from './internal/check-options.js';

/**
 * Options of {@link maxOutputTokens}.
 *
 * @example
 * ```ts
 * const options: MaxOutputTokensOptions = { limit: 4096, required: true };
 * ```
 */
export interface MaxOutputTokensOptions {
  /** `genops.policy.name`. Default: `max-output-tokens`. */
  readonly name?: string;
  /** The largest output cap a call may ask for; a whole number >= 1. */
  readonly limit: number;
  /** Refuse calls that set no output cap. Default: `false` (they reserve the governor's `defaultMaxOutputTokens`). */
  readonly required?: boolean;
  /** Default: the governor's mode. */
  readonly mode?: PolicyMode;
}

const ALLOWED: PolicyVerdict = Object.freeze({ result: 'ALLOWED' });

/**
 * Caps the output tokens a model call may ask for: a call whose `maxOutputTokens` is above `limit`
 * is refused `BLOCKED` with `x_output_cap_exceeded`; with `required`, a call that sets no cap is
 * refused with `x_output_cap_required`. AWUs that name no model are not judged.
 *
 * Options are validated by `createGovernor` (`GenOpsConfigError` naming `policies[i].<field>`).
 *
 * @example
 * ```ts
 * createGovernor({ attribution, policies: [maxOutputTokens({ limit: 4096, required: true })] });
 * ```
 */
export function maxOutputTokens(options: MaxOutputTokensOptions): GovernancePolicy {
  let limit: number | undefined;
  let required = false;
  const setup = () => {
    const checked = checkObject(options, 'maxOutputTokens options { limit, required? }');
    limit = checkWhole(checked.limit, 'limit', 'output tokens', 1);
    required = checkBoolean(checked.required, 'required', false);
  };
  return {
    name: options?.name ?? 'max-output-tokens',
    ...(options?.mode === undefined ? {} : { mode: options.mode }),
    setup,
    evaluate({ model, maxOutputTokens: cap }) {
      if (model === undefined) return undefined;
      if (limit === undefined) setup();
      const max = limit as number;
      if (cap === undefined) {
        return required
          ? {
              result: 'BLOCKED',
              reasonCode: 'x_output_cap_required',
              reason: `the call sets no output cap; this policy requires one of at most ${max} tokens`,
            }
          : ALLOWED;
      }
      return cap > max
        ? {
            result: 'BLOCKED',
            reasonCode: 'x_output_cap_exceeded',
            reason: `the call asks for up to ${cap} output tokens; the limit is ${max}`,
          }
        : ALLOWED;
    },
  };
}
