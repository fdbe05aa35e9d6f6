export type { BudgetOptions, BudgetScope } from './accounting/budget-options.js';
export type { Estimate } from './accounting/estimate.js';
export type { TokenUsage } from './accounting/token-usage.js';
export {
  ATTRIBUTION_FIELDS,
  type Attribution,
  type AttributionField,
} from './attribution/attribution.js';
export {
  type ValidateAttributionOptions,
  validateAttribution,
} from './attribution/validate-attribution.js';
export type { Awu, AwuState, SettleOptions } from './awu.js';
export type { AwuRequest, ChatMessage, EstimateInput } from './awu-request.js';
export { type Clock, systemClock } from './clock.js';
export {
  type AllowedDecision,
  type BlockedDecision,
  DECISION_SEVERITY,
  type Decision,
  type DecisionResult,
  type PolicyDecision,
  type PolicyVerdict,
  type RateLimitedDecision,
  type RefusedDecision,
  type WarningDecision,
} from './decision/decision.js';
export type { PolicyMode } from './decision/policy-mode.js';
export {
  type ExtensionReasonCode,
  isExtensionReasonCode,
  isReasonCode,
  REASON_CODES,
  type ReasonCode,
  type TaxonomyReasonCode,
} from './decision/reason-code.js';
export { GenOpsConfigError, type GenOpsConfigErrorOptions } from './errors/genops-config-error.js';
export { GenOpsError, type GenOpsErrorOptions } from './errors/genops-error.js';
export { GenOpsInputError, type GenOpsInputErrorOptions } from './errors/genops-input-error.js';
export { GenOpsPolicyError } from './errors/genops-policy-error.js';
export {
  createGptTokenizerEstimator,
  type GptTokenizerEstimatorOptions,
} from './estimators/create-gpt-tokenizer-estimator.js';
export {
  createHeuristicEstimator,
  type HeuristicEstimatorOptions,
} from './estimators/create-heuristic-estimator.js';
export type { TokenEstimator } from './estimators/token-estimator.js';
export { createGovernor, type ExecuteResult, type Governor } from './governor.js';
export type { GovernorErrorInfo, GovernorErrorPhase, GovernorOptions } from './governor-options.js';
export { budgetPeriodId } from './ledger/budget-period-id.js';
export { InMemoryLedger, type InMemoryLedgerOptions } from './ledger/in-memory-ledger.js';
export type {
  BudgetActual,
  BudgetClaim,
  BudgetPeriod,
  BudgetPosition,
  BudgetSnapshot,
  Ledger,
  RateClaim,
  RateCorrection,
  RateOutcome,
  ReserveRequest,
  ReserveResult,
  SettledBudget,
  SettleRequest,
  SettleResult,
} from './ledger/ledger.js';
export type { Operation, OperationType } from './operation.js';
export {
  type ContentPolicyOptions,
  type ContentRule,
  contentPolicy,
} from './policies/content-policy.js';
export { type DefinePolicyOptions, definePolicy } from './policies/define-policy.js';
export type {
  ExecutionOutcome,
  GovernancePolicy,
  PolicyContext,
  PolicySetupContext,
  PostExecutionObservation,
  RateClaimSpec,
} from './policies/governance-policy.js';
export { type MaxOutputTokensOptions, maxOutputTokens } from './policies/max-output-tokens.js';
export { type ModelPolicyOptions, modelPolicy } from './policies/model-policy.js';
export { type RateLimitOptions, rateLimit } from './policies/rate-limit.js';
export { type RegionPolicyOptions, regionPolicy } from './policies/region-policy.js';
export { type SlaOptions, sla } from './policies/sla.js';
export { calculateCost, reservationCost } from './pricing/calculate-cost.js';
export {
  DEFAULT_PRICE_TABLE,
  type DefaultPriceTableInfo,
  type FindDefaultPriceOptions,
  findDefaultPrice,
} from './pricing/default-price-table.js';
export type { ModelPrice, PriceTier } from './pricing/model-price.js';
export type { PricingOptions } from './pricing/pricing-options.js';
export { GENOPS_SPEC_VERSION } from './spec-version.js';
export type { EventDestination } from './telemetry/event-emitter.js';
