/**
 * `@genops/core/tiktoken`: the tiktoken estimator, on its own entry so that only apps that choose
 * it make bundlers resolve the optional peer `tiktoken` (WASM, read from disk under Node).
 */
export {
  createTiktokenEstimator,
  type TiktokenEstimatorOptions,
} from './estimators/create-tiktoken-estimator.js';
