/**
 * `@genops/core/gpt-tokenizer`: kept for apps written against earlier versions; the estimator is
 * exported by `@genops/core` itself (and is the default).
 */
export {
  createGptTokenizerEstimator,
  type GptTokenizerEstimatorOptions,
} from './estimators/create-gpt-tokenizer-estimator.js';
