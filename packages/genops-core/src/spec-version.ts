/** The GenOps specification version this runtime implements, emitted as `genops.spec.version`. */
export const GENOPS_SPEC_VERSION = '0.1.0';
