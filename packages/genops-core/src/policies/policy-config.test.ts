import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../decision/reason-code.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { createGovernor } from '../governor.js';
import type { GovernorOptions } from '../governor-options.js';
import { type ContentRule, contentPolicy } from './content-policy.js';
import { definePolicy } from './define-policy.js';
import type { GovernancePolicy } from './governance-policy.js';
import { maxOutputTokens } from './max-output-tokens.js';
import { modelPolicy } from './model-policy.js';
import { rateLimit } from './rate-limit.js';
import { regionPolicy } from './region-policy.js';
import { sla } from './sla.js';
import { attribution } from './test-support/policy-test-kit.js';

/** The `field` of the GenOpsConfigError that createGovernor throws. */
function failingField(options: Omit<GovernorOptions, 'attribution'>): string {
  try {
    createGovernor({ attribution, warmup: false, ...options });
  } catch (error) {
    if (GenOpsConfigError.isInstance(error)) return error.field;
    throw error;
  }
  throw new Error('createGovernor accepted the options');
}

// biome-ignore lint/suspicious/noExplicitAny: deliberately ill-typed options, as from JavaScript
type Loose = any;
const ok = modelPolicy({ allow: ['*'] });
const at = (policy: GovernancePolicy) => ({ policies: [ok, policy] });

describe('bad policy options fail at createGovernor with the field named', () => {
  it.each<[string, Omit<GovernorOptions, 'attribution'>, string]>([
    [
      'rateLimit without a name',
      at(rateLimit({ requestsPerMinute: 1 } as Loose)),
      'policies[1].name',
    ],
    [
      'rateLimit negative rate',
      at(rateLimit({ name: 'r', requestsPerMinute: -5 })),
      'policies[1].requestsPerMinute',
    ],
    ['rateLimit without any rate', at(rateLimit({ name: 'r' })), 'policies[1].requestsPerMinute'],
    [
      'rateLimit NaN token rate',
      at(rateLimit({ name: 'r', tokensPerMinute: Number.NaN })),
      'policies[1].tokensPerMinute',
    ],
    [
      'rateLimit burst 0',
      at(rateLimit({ name: 'r', requestsPerMinute: 5, burst: 0 })),
      'policies[1].burst',
    ],
    [
      'rateLimit fractional burst',
      at(rateLimit({ name: 'r', requestsPerMinute: 5, burst: 1.5 })),
      'policies[1].burst',
    ],
    [
      'rateLimit tokenBurst without tokensPerMinute',
      at(rateLimit({ name: 'r', requestsPerMinute: 5, tokenBurst: 10 })),
      'policies[1].tokensPerMinute',
    ],
    [
      'rateLimit unknown scope field',
      at(rateLimit({ name: 'r', requestsPerMinute: 5, scope: { tenant: '*' } as Loose })),
      'policies[1].scope.tenant',
    ],
    [
      'rateLimit empty scope list',
      at(rateLimit({ name: 'r', requestsPerMinute: 5, scope: { customer_id: [] } })),
      'policies[1].scope.customer_id',
    ],
    [
      'modelPolicy empty allow list',
      at(modelPolicy({ name: 'm2', allow: [] })),
      'policies[1].allow',
    ],
    ['modelPolicy no list', at(modelPolicy({ name: 'm2' })), 'policies[1].allow'],
    [
      'modelPolicy empty pattern',
      at(modelPolicy({ name: 'm2', deny: ['gpt-4', ' '] })),
      'policies[1].deny[1]',
    ],
    ['regionPolicy empty deny list', at(regionPolicy({ deny: [] })), 'policies[1].deny'],
    [
      'regionPolicy empty provider region',
      at(regionPolicy({ allow: ['eu-*'], providerRegions: { openai: '' } })),
      'policies[1].providerRegions.openai',
    ],
    [
      'contentPolicy without a name',
      at(contentPolicy({ rules: [{ name: 'a', pattern: 'a' }] } as Loose)),
      'policies[1].name',
    ],
    ['contentPolicy no rules', at(contentPolicy({ name: 'c', rules: [] })), 'policies[1].rules'],
    [
      'contentPolicy invalid regex',
      at(contentPolicy({ name: 'c', rules: [{ name: 'a', pattern: '(unclosed' }] })),
      'policies[1].rules[0].pattern',
    ],
    [
      'contentPolicy pattern and test',
      at(contentPolicy({ name: 'c', rules: [{ name: 'a', pattern: 'a', test: () => true }] })),
      'policies[1].rules[0].pattern',
    ],
    [
      'contentPolicy unknown action',
      at(
        contentPolicy({
          name: 'c',
          rules: [{ name: 'a', pattern: 'a', action: 'drop' } as Loose as ContentRule],
        }),
      ),
      'policies[1].rules[0].action',
    ],
    [
      'contentPolicy duplicate rule',
      at(
        contentPolicy({
          name: 'c',
          rules: [
            { name: 'a', pattern: 'a' },
            { name: 'a', pattern: 'b' },
          ],
        }),
      ),
      'policies[1].rules[1].name',
    ],
    [
      'contentPolicy bad onMissingInput',
      at(
        contentPolicy({
          name: 'c',
          rules: [{ name: 'a', pattern: 'a' }],
          onMissingInput: 'allow' as Loose,
        }),
      ),
      'policies[1].onMissingInput',
    ],
    ['maxOutputTokens negative limit', at(maxOutputTokens({ limit: -1 })), 'policies[1].limit'],
    ['maxOutputTokens fractional limit', at(maxOutputTokens({ limit: 10.5 })), 'policies[1].limit'],
    [
      'maxOutputTokens non-boolean required',
      at(maxOutputTokens({ limit: 10, required: 'yes' as Loose })),
      'policies[1].required',
    ],
    [
      'sla zero target',
      at(sla({ tier: 'gold', latencyTargetMs: 0 })),
      'policies[1].latencyTargetMs',
    ],
    ['sla empty tier', at(sla({ tier: '', latencyTargetMs: 100, name: 's' })), 'policies[1].tier'],
    [
      'sla unknown tier',
      { slaTiers: ['basic', 'premium'], ...at(sla({ tier: 'gold', latencyTargetMs: 100 })) },
      'policies[1].tier',
    ],
    [
      'sla tier governed twice',
      {
        policies: [
          sla({ tier: 'gold', latencyTargetMs: 1 }),
          sla({ tier: 'gold', latencyTargetMs: 2, name: 'sla-gold-2' }),
        ],
      },
      'policies[1].tier',
    ],
    [
      'sla bad reaction',
      at(sla({ tier: 'gold', latencyTargetMs: 100, onPredictedViolation: 'reroute' as Loose })),
      'policies[1].onPredictedViolation',
    ],
    [
      'sla percentile 0',
      at(sla({ tier: 'gold', latencyTargetMs: 100, percentile: 0 })),
      'policies[1].percentile',
    ],
    [
      'sla minSamples above windowSize',
      at(sla({ tier: 'gold', latencyTargetMs: 100, windowSize: 3, minSamples: 4 })),
      'policies[1].minSamples',
    ],
    [
      'definePolicy evaluate not a function',
      at(definePolicy({ name: 'd', evaluate: 'ALLOWED' as Loose })),
      'policies[1].evaluate',
    ],
    [
      'definePolicy invalid declared code',
      at(
        definePolicy({
          name: 'd',
          reasonCodes: ['x_ok', 'X_Not_Ok' as ReasonCode],
          evaluate: () => undefined,
        }),
      ),
      'policies[1].reasonCodes[1]',
    ],
    [
      'definePolicy empty declared codes',
      at(definePolicy({ name: 'd', reasonCodes: [], evaluate: () => undefined })),
      'policies[1].reasonCodes',
    ],
    [
      'a policy mode',
      at(modelPolicy({ name: 'm2', allow: ['*'], mode: 'dry-run' as Loose })),
      'policies[1].mode',
    ],
    [
      'duplicate policy names',
      { policies: [ok, modelPolicy({ deny: ['x'] })] },
      'policies[1].name',
    ],
    ['slaTiers empty', { slaTiers: [] }, 'slaTiers'],
    ['slaTiers duplicate', { slaTiers: ['gold', 'gold'] }, 'slaTiers[1]'],
    ['unit', { unit: 'EUR' as Loose }, 'unit'],
    [
      'pricing negative price',
      {
        unit: 'USD',
        pricing: { models: { 'acme:llm': { inputPerMillion: -1, outputPerMillion: 1 } } },
      },
      'pricing.models["acme:llm"].inputPerMillion',
    ],
    [
      'pricing missing output price',
      { unit: 'USD', pricing: { fallback: { inputPerMillion: 1 } as Loose } },
      'pricing.fallback.outputPerMillion',
    ],
    [
      'pricing bad tier',
      {
        unit: 'USD',
        pricing: {
          models: {
            m: { inputPerMillion: 1, outputPerMillion: 1, tiers: [{ aboveInputTokens: -1 }] },
          },
        },
      },
      'pricing.models["m"].tiers[0].aboveInputTokens',
    ],
    [
      'pricing catch-all key',
      { unit: 'USD', pricing: { models: { '*': { inputPerMillion: 1, outputPerMillion: 1 } } } },
      'pricing.models["*"]',
    ],
    [
      'pricing keys equal but for case',
      {
        pricing: {
          models: {
            'GPT-X': { inputPerMillion: 1, outputPerMillion: 1 },
            'gpt-x': { inputPerMillion: 1, outputPerMillion: 1 },
          },
        },
      },
      'pricing.models["gpt-x"]',
    ],
    [
      'a user policy named like the USD price guard',
      { unit: 'USD', policies: [definePolicy({ name: 'pricing', evaluate: () => undefined })] },
      'policies[0].name',
    ],
    [
      'a budget in tokens under USD accounting',
      { unit: 'USD', budgets: [{ name: 'b', limit: 10, unit: 'tokens', period: 'month' }] },
      'budgets[0].unit',
    ],
  ])('%s', (_, options, field) => {
    expect(failingField(options)).toBe(field);
  });

  it('names the field, what was expected and what was received in the message', () => {
    expect(() =>
      createGovernor({
        attribution,
        policies: [rateLimit({ name: 'per-customer', requestsPerMinute: -5 })],
      }),
    ).toThrow(
      'policies[0].requestsPerMinute: expected a finite number of requests per minute > 0, received -5',
    );
  });

  it('accepts a known tier and the same options again', () => {
    expect(() =>
      createGovernor({
        attribution,
        slaTiers: ['basic', 'premium'],
        policies: [
          sla({ tier: 'premium', latencyTargetMs: 2000 }),
          sla({ tier: 'basic', latencyTargetMs: 8000 }),
        ],
      }),
    ).not.toThrow();
  });
});
