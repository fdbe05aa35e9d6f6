import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type AwuSpec,
  allowedAwu,
  allowedAwuViaLogs,
  blockedAwu,
  withAttributes,
} from './awu-specs.js';

/** Absolute path of a file of `test-fixtures/`. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../test-fixtures/${name}`, import.meta.url));
}

/** Text of a file of `test-fixtures/`. */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/**
 * The AWUs each hand-written OTLP/JSON fixture holds, as specs: replayed through the SDK with
 * fixed ids they must produce the same findings as the fixture.
 */
export const FIXTURE_AWUS: Readonly<Record<string, readonly AwuSpec[]>> = {
  'compliant.jsonl': [allowedAwu(), blockedAwu(), allowedAwuViaLogs()],
  'non-compliant.json': [
    withAttributes(
      {
        ...blockedAwu(),
        events: [
          {
            name: 'genops.policy.evaluated',
            attributes: {
              'genops.policy.result': 'BLOCKED',
              'genops.policy.reason_code': 'MODEL_NOT_ALLOWED',
            },
          },
        ],
      },
      {
        'genops.team': null,
        'genops.policy.reason_code': 'MODEL_NOT_ALLOWED',
        'genops.accounting.actual': 0.01,
      },
    ),
  ],
  'partial.json': [
    {
      ...withAttributes(allowedAwu(), {
        'genops.accounting.reconciliation_delta': null,
        'genops.tokens.input': null,
        'genops.tokens.output': null,
        'genops.cost.total': null,
        'genops.cost.currency': null,
      }),
      events: [
        { name: 'genops.policy.evaluated', attributes: { 'genops.policy.result': 'ALLOWED' } },
      ],
    },
  ],
};
