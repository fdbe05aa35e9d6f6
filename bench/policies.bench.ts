/**
 * Decision cost of a governor with ten policies configured (model, region, content, output cap,
 * two rate limits, SLA, two user policies, a second model list) plus one budget, against the same
 * governor with the budget alone: one `begin` + `settle` with a precomputed input-token count,
 * without an OpenTelemetry SDK and with the SDK's batch processor. Target: at most 2×.
 */
import {
  contentPolicy,
  createGovernor,
  definePolicy,
  type GovernancePolicy,
  type GovernorOptions,
  maxOutputTokens,
  modelPolicy,
  rateLimit,
  regionPolicy,
  sla,
} from '@genops/core';
import { measurePair, Report } from './harness.js';
import { createBatchTracerProvider } from './otel.js';

const attribution = { team: 'bench', project: 'genops-ts', environment: 'benchmark' };
const request = {
  operation: { name: 'chat gpt-4o', type: 'inference' },
  attribution: { customer_id: 'acme', feature: 'chat' },
  provider: 'openai',
  model: 'gpt-4o',
  region: 'us-east-1',
  slaTier: 'premium',
  input: {
    messages: [{ role: 'user', content: 'Summarise the governance of model calls in one line.' }],
  },
  inputTokens: 512,
  maxOutputTokens: 256,
} as const;
const usage = { inputTokens: 512, outputTokens: 200 };
const budgets: GovernorOptions['budgets'] = [
  { name: 'monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' },
];

function tenPolicies(): GovernancePolicy[] {
  return [
    modelPolicy({ allow: ['openai:*', 'anthropic:claude-*'] }),
    modelPolicy({ name: 'retired-models', deny: ['gpt-3.5*', '*:o1-preview*'] }),
    regionPolicy({ allow: ['us-*', 'eu-*'], providerRegions: { openai: 'us-east-1' } }),
    contentPolicy({
      name: 'pii',
      rules: [
        { name: 'us-ssn', pattern: /\b\d{3}-\d{2}-\d{4}\b/ },
        { name: 'email', pattern: /[\w.+-]+@[\w-]+\.[\w.]+/, action: 'warn' },
      ],
    }),
    maxOutputTokens({ limit: 4096, required: true }),
    rateLimit({ name: 'rpm', scope: { customer_id: '*' }, requestsPerMinute: 1e12 }),
    rateLimit({ name: 'tpm', scope: { team: 'bench' }, tokensPerMinute: 1e15 }),
    sla({ tier: 'premium', latencyTargetMs: 60_000 }),
    definePolicy({
      name: 'business-hours',
      evaluate: ({ nowMs }) =>
        nowMs >= 0 ? { result: 'ALLOWED' } : { result: 'WARNING', reasonCode: 'x_after_hours' },
    }),
    definePolicy({
      name: 'feature-flag',
      evaluate: ({ attribution: who }) =>
        who.feature === 'lab' ? { result: 'BLOCKED', reasonCode: 'x_feature_disabled' } : undefined,
    }),
  ];
}

async function decisionCost(sdk: boolean): Promise<Report> {
  const label = sdk ? 'SDK with BatchSpanProcessor' : 'no OpenTelemetry SDK';
  const report = new Report(
    `Policies: begin + settle, 10 policies + 1 budget vs 1 budget (${label})`,
  );
  const common = {
    attribution,
    budgets,
    warmup: false as const,
    ...(sdk ? { tracerProvider: createBatchTracerProvider() } : {}),
  };
  const alone = createGovernor(common);
  const ten = createGovernor({ ...common, policies: tenPolicies() });
  const once = async (governor: typeof alone) => {
    const awu = await governor.begin(request);
    if (!awu.decision.proceeds) throw new Error(`refused: ${awu.decision.reasonCode}`);
    await awu.settle({ usage });
  };
  const [baseline, policies] = await measurePair(
    ['1 budget alone', '10 policies + 1 budget'],
    [() => once(alone), () => once(ten)],
    // Interleaved batches, more of them than the default: the ratio is what is checked.
    { batches: 51, warmupCalls: 2_000 },
  );
  report.add(baseline);
  report.add(policies);
  report.ratio(`10 policies vs 1 budget (${label})`, policies, baseline, 2);
  await alone.flush();
  await ten.flush();
  return report;
}

export async function run(): Promise<Report[]> {
  return [await decisionCost(false), await decisionCost(true)];
}
