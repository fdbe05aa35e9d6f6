/**
 * The governance of the example helpdesk chatbots, in one small object: both chatbots (AI SDK and
 * LangChain) read it. The numbers are demo-sized so that a one-minute scripted session reaches
 * every decision; a real deployment would use larger budgets.
 */
export interface ChatbotGovernanceConfig {
  /** `genops.team`, `genops.project`, `genops.environment` of every AWU. */
  readonly attribution: {
    readonly team: string;
    readonly project: string;
    readonly environment: string;
  };
  /** `genops.feature` of every chat turn. */
  readonly feature: string;
  /**
   * The project's monthly token budget. Soft: crossing `alertAt` raises a `genops.budget.alert`,
   * and once it is spent calls still go through, each flagged `WARNING` (`onExceed: 'warn'`).
   */
  readonly monthlyBudget: {
    readonly name: string;
    readonly limitTokens: number;
    readonly alertAt: readonly number[];
  };
  /** A hard per-customer daily token budget: a call that does not fit is `BLOCKED`. */
  readonly customerBudget: {
    readonly name: string;
    readonly limitTokens: number;
    readonly alertAt: readonly number[];
  };
  /** Requests per minute per customer (GCRA, with a burst). Over it: `RATE_LIMITED`. */
  readonly customerRateLimit: {
    readonly name: string;
    readonly requestsPerMinute: number;
    readonly burst: number;
  };
  /** Models the chatbot may use (patterns over the model id, `*` globs); others are `BLOCKED`. */
  readonly modelAllowList: { readonly name: string; readonly allow: readonly string[] };
  /** The SLA tier of the chat and its end-to-end latency target. */
  readonly sla: { readonly tier: string; readonly latencyTargetMs: number };
  /** Output cap of each answer (`maxOutputTokens`), reserved up front. */
  readonly maxOutputTokens: number;
}

/**
 * The helpdesk chatbots' governance.
 *
 * @example
 * ```ts
 * const governor = createChatGovernor({ config: HELPDESK_GOVERNANCE });
 * ```
 */
export const HELPDESK_GOVERNANCE: ChatbotGovernanceConfig = {
  attribution: { team: 'customer-support', project: 'helpdesk-chatbot', environment: 'demo' },
  feature: 'helpdesk-chat',
  monthlyBudget: { name: 'helpdesk-monthly', limitTokens: 1_700, alertAt: [0.8, 1] },
  customerBudget: { name: 'customer-daily', limitTokens: 1_200, alertAt: [0.8] },
  customerRateLimit: { name: 'customer-rate-limit', requestsPerMinute: 6, burst: 3 },
  modelAllowList: {
    name: 'model-allow-list',
    allow: ['offline-helpdesk*', 'gpt-4o-mini*', 'gpt-4.1-mini*', 'gpt-4.1-nano*'],
  },
  sla: { tier: 'standard', latencyTargetMs: 4_000 },
  maxOutputTokens: 300,
};
