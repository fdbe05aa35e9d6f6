export { expectGenOpsCompliant } from './testing/expect-genops-compliant.js';
export type { ExpectGenOpsCompliantOptions } from './testing/expect-genops-compliant-options.js';
export { GenOpsComplianceError } from './testing/genops-compliance-error.js';
export {
  type GenOpsMatcherResult,
  type GenOpsMatchers,
  genOpsMatchers,
  toBeGenOpsCompliant,
} from './testing/to-be-genops-compliant.js';
