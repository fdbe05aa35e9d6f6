export { ATTRIBUTION_FIELDS, type Attribution, type AttributionField } from './attribution.js';
export type { Awu, AwuState, SettleOptions } from './awu.js';
export type {
  AwuRequest,
  ChatMessage,
  EstimateInput,
  Operation,
  OperationType,
  TokenUsage,
} from './awu-request.js';
export type { BudgetOptions, BudgetScope } from './budget-options.js';
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
} from './decision.js';
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
export {
  createGovernor,
  type ExecuteResult,
  type Governor,
  type GovernorErrorInfo,
  type GovernorOptions,
} from './governor.js';
export type { EventDestination } from './internal/event-emitter.js';
export type { GovernorErrorPhase } from './internal/runtime.js';
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
export {
  type ContentPolicyOptions,
  type ContentRule,
  contentPolicy,
} from './policies/content-policy.js';
export { type DefinePolicyOptions, definePolicy } from './policies/define-policy.js';
export type {
  Estimate,
  ExecutionOutcome,
  GovernancePolicy,
  PolicyContext,
  PolicyMode,
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
export {
  type ExtensionReasonCode,
  isExtensionReasonCode,
  isReasonCode,
  REASON_CODES,
  type ReasonCode,
  type TaxonomyReasonCode,
} from './reason-code.js';
export { GENOPS_SPEC_VERSION } from './spec-version.js';
