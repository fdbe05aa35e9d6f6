import { isPlaceholderString } from '../../registry/placeholder-values.js';
import { SPEC_VERSION_PATTERN } from '../../registry/spec-version.js';
import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { readString } from '../read-attribute.js';

const KEY = 'genops.spec.version';

/** `11.3/spec-version-format` and `11.3/spec-version-match` on the AWU span. */
export function checkSpecVersion(
  awu: AwuContext,
  report: ReportFinding,
  specVersion: string,
): void {
  const declared = readString(awu.attributes, KEY);
  if (declared === undefined || isPlaceholderString(declared)) return;
  if (!SPEC_VERSION_PATTERN.test(declared)) {
    report(
      '11.3/spec-version-format',
      `${KEY} ${JSON.stringify(declared)} is not a SemVer MAJOR.MINOR.PATCH version`,
      { attribute: KEY },
    );
    return;
  }
  if (declared !== specVersion) {
    report(
      '11.3/spec-version-match',
      `${KEY} is ${declared} but the telemetry is checked against spec ${specVersion}`,
      { attribute: KEY },
    );
  }
}
