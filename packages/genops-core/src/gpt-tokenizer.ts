export {
  createGptTokenizerEstimator,
  type GptTokenizerEstimatorOptions,
} from './estimators/create-gpt-tokenizer-estimator.js';
