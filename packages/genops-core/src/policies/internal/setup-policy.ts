import { isPlaceholder } from '../../attribution/is-placeholder.js';
import { GenOpsConfigError } from '../../errors/genops-config-error.js';
import type { GovernancePolicy, PolicySetupContext } from '../governance-policy.js';

/** @internal Runs a policy's `setup`, reporting its errors under `policies[i]`. */
export function setupPolicy(
  policy: GovernancePolicy,
  index: number,
  context: PolicySetupContext,
): void {
  if (policy.setup === undefined) return;
  const at = `policies[${index}]`;
  try {
    policy.setup(context);
  } catch (error) {
    if (GenOpsConfigError.isInstance(error)) {
      throw new GenOpsConfigError({
        field: error.field === '' ? at : `${at}.${error.field}`,
        expected: error.expected,
        received: error.received,
        cause: error,
      });
    }
    throw new GenOpsConfigError({
      field: at,
      expected: `a policy whose setup succeeds (policy ${policy.name} threw)`,
      received: policy,
      cause: error,
    });
  }
}

/** @internal Validates the governor's `slaTiers` option. */
export function validateSlaTiers(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new GenOpsConfigError({
      field: 'slaTiers',
      expected: 'a non-empty array of tier names',
      received: value,
    });
  }
  const seen = new Set<string>();
  value.forEach((tier: unknown, index) => {
    if (typeof tier !== 'string' || isPlaceholder(tier) || seen.has(tier)) {
      throw new GenOpsConfigError({
        field: `slaTiers[${index}]`,
        expected: 'a unique, non-empty, meaningful tier name',
        received: tier,
      });
    }
    seen.add(tier);
  });
  return Object.freeze([...(value as string[])]);
}
