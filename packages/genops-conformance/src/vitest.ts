export {
  type ExpectGenOpsCompliantOptions,
  expectGenOpsCompliant,
} from './testing/expect-genops-compliant.js';
export { GenOpsComplianceError } from './testing/genops-compliance-error.js';
export {
  type GenOpsMatcherResult,
  type GenOpsMatchers,
  genOpsMatchers,
  toBeGenOpsCompliant,
} from './testing/to-be-genops-compliant.js';
