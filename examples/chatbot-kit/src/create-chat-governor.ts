import {
  createGovernor,
  type Governor,
  type Ledger,
  modelPolicy,
  rateLimit,
  sla,
  type TokenEstimator,
} from '@genops/core';
import type { TracerProvider } from '@opentelemetry/api';
import type { ChatbotGovernanceConfig } from './governance-config.js';

/** Options of {@link createChatGovernor}. */
export interface CreateChatGovernorOptions {
  /** The governance to apply (usually `HELPDESK_GOVERNANCE`). */
  readonly config: ChatbotGovernanceConfig;
  /** Where budget and rate-limit state lives. Default: a new in-memory ledger. */
  readonly ledger?: Ledger;
  /** Where AWU spans go. Default: the global tracer provider. */
  readonly tracerProvider?: TracerProvider;
  /** Models allowed on top of the config's allow-list (the model a user configured). Default: none. */
  readonly extraAllowedModels?: readonly string[];
  /** Token estimator. Default: the governor's (gpt-tokenizer). */
  readonly estimator?: TokenEstimator;
}

/**
 * Builds the chatbots' governor from the config: the monthly (soft) and per-customer (hard)
 * budgets, the per-customer rate limit, the model allow-list and the SLA tier.
 *
 * @example
 * ```ts
 * const governor = createChatGovernor({ config: HELPDESK_GOVERNANCE, tracerProvider });
 * ```
 */
export function createChatGovernor({
  config,
  ledger,
  tracerProvider,
  extraAllowedModels = [],
  estimator,
}: CreateChatGovernorOptions): Governor {
  return createGovernor({
    attribution: config.attribution,
    ...(ledger === undefined ? {} : { ledger }),
    ...(tracerProvider === undefined ? {} : { tracerProvider }),
    ...(estimator === undefined ? {} : { estimator }),
    defaultMaxOutputTokens: config.maxOutputTokens,
    budgets: [
      {
        name: config.monthlyBudget.name,
        scope: { project: config.attribution.project },
        limit: config.monthlyBudget.limitTokens,
        unit: 'tokens',
        period: 'month',
        alertAt: config.monthlyBudget.alertAt,
        onExceed: 'warn',
      },
      {
        name: config.customerBudget.name,
        scope: { project: config.attribution.project, customer_id: '*' },
        limit: config.customerBudget.limitTokens,
        unit: 'tokens',
        period: 'day',
        alertAt: config.customerBudget.alertAt,
      },
    ],
    policies: [
      modelPolicy({
        name: config.modelAllowList.name,
        allow: [...config.modelAllowList.allow, ...extraAllowedModels],
      }),
      rateLimit({
        name: config.customerRateLimit.name,
        scope: { customer_id: '*' },
        requestsPerMinute: config.customerRateLimit.requestsPerMinute,
        burst: config.customerRateLimit.burst,
      }),
      sla({ tier: config.sla.tier, latencyTargetMs: config.sla.latencyTargetMs }),
    ],
  });
}
