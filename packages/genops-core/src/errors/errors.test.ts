import { describe, expect, it } from 'vitest';
import { combineDecisions } from '../decision/combine-decisions.js';
import { GenOpsConfigError } from './genops-config-error.js';
import { GenOpsError } from './genops-error.js';
import { GenOpsInputError } from './genops-input-error.js';
import { GenOpsPolicyError } from './genops-policy-error.js';

describe('GenOps errors', () => {
  const refused = combineDecisions(
    [
      {
        result: 'RATE_LIMITED',
        reasonCode: 'RATE_LIMITED',
        retryAfterMs: 1200,
        policyName: 'per-customer',
      },
    ],
    0,
  );

  it('are recognised by isInstance, also across copies of the package (Symbol.for markers)', () => {
    if (refused.proceeds) throw new Error('unreachable');
    const policy = new GenOpsPolicyError(refused);
    expect(GenOpsError.isInstance(policy)).toBe(true);
    expect(GenOpsPolicyError.isInstance(policy)).toBe(true);
    expect(GenOpsConfigError.isInstance(policy)).toBe(false);
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('genops.error')]: true,
      [Symbol.for('genops.error.policy')]: true,
    });
    expect(GenOpsPolicyError.isInstance(foreign)).toBe(true);
    expect(GenOpsError.isInstance(new Error('plain'))).toBe(false);
    expect(GenOpsError.isInstance(null)).toBe(false);
  });

  it('a policy error carries the decision, never retryable, with retry-after', () => {
    if (refused.proceeds) throw new Error('unreachable');
    const error = new GenOpsPolicyError(refused);
    expect(error).toMatchObject({
      name: 'GenOpsPolicyError',
      reasonCode: 'RATE_LIMITED',
      policyName: 'per-customer',
      retryAfterMs: 1200,
      isRetryable: false,
    });
    expect(error.message).toBe(
      'GenOps RATE_LIMITED by policy "per-customer" (RATE_LIMITED); retry after 1200 ms',
    );
  });

  it('config and input errors name the field and keep the cause', () => {
    const cause = new Error('root');
    const config = new GenOpsConfigError({
      field: 'budgets[0].limit',
      expected: 'a finite number >= 0',
      received: -1,
      cause,
    });
    expect(config.message).toBe('budgets[0].limit: expected a finite number >= 0, received -1');
    expect(config.cause).toBe(cause);
    const input = new GenOpsInputError({
      field: 'usage.inputTokens',
      expected: 'a finite number >= 0',
      received: 'x'.repeat(100),
    });
    expect(input.message).toBe(
      'usage.inputTokens: expected a finite number >= 0, received a string of 100 characters',
    );
  });
});
