import { describe, expect, it, vi } from 'vitest';
import { GenOpsConfigError } from './errors/genops-config-error.js';
import { GenOpsInputError } from './errors/genops-input-error.js';
import type { TokenEstimator } from './estimators/token-estimator.js';
import { createGovernor, type GovernorOptions } from './governor.js';
import { createBpeEstimator } from './internal/create-bpe-estimator.js';

const attribution = { team: 'support', project: 'helpdesk-bot', environment: 'production' };
const budget = { name: 'b', limit: 10, period: 'month' as const };

function configError(options: unknown): GenOpsConfigError {
  try {
    createGovernor({ warmup: false, ...(options as GovernorOptions) });
  } catch (error) {
    if (GenOpsConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a GenOpsConfigError');
}

describe('createGovernor validates its options and names the field', () => {
  it.each([
    [{ attribution: { ...attribution, team: '' } }, 'attribution.team'],
    [{ attribution: { ...attribution, project: 'unknown' } }, 'attribution.project'],
    [{ attribution: { ...attribution, environment: ' N/A ' } }, 'attribution.environment'],
    [{ attribution: { team: 'a', project: 'b' } }, 'attribution.environment'],
    [{ attribution: { ...attribution, customer_id: 'none' } }, 'attribution.customer_id'],
    [{ attribution, budgets: [{ ...budget, limit: -1 }] }, 'budgets[0].limit'],
    [{ attribution, budgets: [{ ...budget, limit: Number.NaN }] }, 'budgets[0].limit'],
    [
      { attribution, budgets: [{ ...budget, limit: Number.POSITIVE_INFINITY }] },
      'budgets[0].limit',
    ],
    [{ attribution, budgets: [{ ...budget, period: 'fortnight' }] }, 'budgets[0].period'],
    [{ attribution, budgets: [budget, budget] }, 'budgets[1].name'],
    [{ attribution, budgets: [{ ...budget, name: '' }] }, 'budgets[0].name'],
    [{ attribution, budgets: [{ ...budget, alertAt: [1.5] }] }, 'budgets[0].alertAt[0]'],
    [{ attribution, budgets: [{ ...budget, onExceed: 'explode' }] }, 'budgets[0].onExceed'],
    [{ attribution, budgets: [{ ...budget, unit: 'credits' }] }, 'budgets[0].unit'],
    [{ attribution, budgets: [{ ...budget, scope: { tenant: 'x' } }] }, 'budgets[0].scope.tenant'],
    [
      { attribution, budgets: [{ ...budget, scope: { customer_id: [] } }] },
      'budgets[0].scope.customer_id',
    ],
    [{ attribution, defaultMaxOutputTokens: -5 }, 'defaultMaxOutputTokens'],
    [{ attribution, leaseMs: 0 }, 'leaseMs'],
    [{ attribution, events: 'stdout' }, 'events'],
    [{ attribution, mode: 'dry-run' }, 'mode'],
    [{ attribution, policies: [{ name: 'b' }], budgets: [budget] }, 'policies[0].name'],
    [{ attribution, policies: [{ name: 'p', evaluate: 'yes' }] }, 'policies[0].evaluate'],
    [{ attribution, estimator: { name: 'half', countText: () => 1 } }, 'estimator'],
  ])('%j → %s', (options, field) => {
    const error = configError(options);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: expected `));
  });
});

describe('begin validates the request before reserving anything', () => {
  const governor = createGovernor({ attribution, budgets: [budget], warmup: false });
  it.each([
    [{ operation: { name: '', type: 'inference' } }, 'request.operation.name'],
    [
      { operation: { name: 'x', type: 'inference' }, maxOutputTokens: -1 },
      'request.maxOutputTokens',
    ],
    [
      { operation: { name: 'x', type: 'inference' }, maxOutputTokens: 1.5 },
      'request.maxOutputTokens',
    ],
    [
      { operation: { name: 'x', type: 'inference' }, inputTokens: Number.NaN },
      'request.inputTokens',
    ],
    [{ operation: { name: 'x', type: 'inference' }, model: '' }, 'request.model'],
    [
      { operation: { name: 'x', type: 'inference' }, attribution: { customer_id: 'unknown' } },
      'request.attribution.customer_id',
    ],
  ])('%j → %s', async (request, field) => {
    const error = await governor.begin(request as never).catch((e: unknown) => e);
    expect(GenOpsInputError.isInstance(error) || GenOpsConfigError.isInstance(error)).toBe(true);
    expect((error as GenOpsInputError).field).toBe(field);
    expect(await governor.snapshot('b')).toBeUndefined();
  });
});

describe('the estimator loads its tokenizer when a call first needs it', () => {
  const request = {
    operation: { name: 'chat gpt-4o', type: 'inference' },
    model: 'gpt-4o',
    input: { text: 'Hello' },
    maxOutputTokens: 10,
  } as const;
  const estimatorWith = (load: () => Promise<(text: string) => number>): TokenEstimator =>
    createBpeEstimator({
      name: 'test-tokenizer',
      cacheMaxChars: 0,
      fix: 'install test-tokenizer',
      loaded: () => undefined,
      load,
    });

  it('loads nothing at creation by default; the first begin waits for it, later ones do not', async () => {
    const load = vi.fn(async () => (text: string) => text.length);
    const governor = createGovernor({
      attribution,
      budgets: [{ ...budget, limit: 1_000 }],
      estimator: estimatorWith(load),
    });
    expect(load).not.toHaveBeenCalled();
    const first = governor.beginEager(request);
    expect(first).toBeInstanceOf(Promise);
    expect((await first).decision.result).toBe('ALLOWED');
    expect(load).toHaveBeenCalledOnce();
    const second = governor.beginEager({ ...request, maxOutputTokens: 1 });
    expect(second).not.toBeInstanceOf(Promise);
  });

  it('starts loading at creation with warmup', () => {
    const load = vi.fn(async () => (text: string) => text.length);
    createGovernor({ attribution, estimator: estimatorWith(load), warmup: ['gpt-4o'] });
    expect(load).toHaveBeenCalledOnce();
  });

  it('rejects begin with a GenOpsConfigError naming the estimator and the fix; nothing reserved', async () => {
    const governor = createGovernor({
      attribution,
      budgets: [{ ...budget, limit: 1_000 }],
      estimator: estimatorWith(async () => {
        throw new Error("Cannot find module 'test-tokenizer'");
      }),
    });
    for (let i = 0; i < 2; i++) {
      const error = await governor.begin(request).catch((thrown: unknown) => thrown);
      expect(GenOpsConfigError.isInstance(error)).toBe(true);
      expect((error as GenOpsConfigError).message).toBe(
        'estimator: expected an estimator that can load its tokenizer: test-tokenizer could not load o200k_base (install test-tokenizer), received "test-tokenizer"',
      );
    }
    expect(await governor.snapshot('b')).toBeUndefined();
    // A request that needs no counting still proceeds.
    const counted = await governor.begin({ ...request, inputTokens: 5 });
    expect(counted.decision.result).toBe('ALLOWED');
  });
});
