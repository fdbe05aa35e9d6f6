import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConformanceReport } from './report/conformance-report.js';
import { fixturePath, readFixture } from './test-support/fixtures.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Runs the CLI from source, as `node --conditions=@genops/source --import tsx src/cli.ts`. */
function cli(args: readonly string[], input?: string) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@genops/source', '--import', 'tsx', CLI, ...args],
    { cwd: PACKAGE_DIR, encoding: 'utf8', input, timeout: 30_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('genops-conformance CLI', () => {
  it('exits 0 on compliant telemetry and prints the readable report', () => {
    const { code, stdout, stderr } = cli(['check', fixturePath('compliant.jsonl')]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Verdict: COMPLIANT');
    expect(stdout).toContain('Checked 3 AWUs (0 with errors) from 4 spans and 6 log records');
  });

  it('exits 1 on non-compliant telemetry with findings grouped by rule', () => {
    const { code, stdout } = cli(['check', fixturePath('non-compliant.json')]);
    expect(code).toBe(1);
    expect(stdout).toContain('Verdict: NON-COMPLIANT');
    expect(stdout).toContain(
      'ERROR 5.4/reason-code-taxonomy (Section 5.4): reason_code from the taxonomy — 2 findings in 1 AWU',
    );
    expect(stdout).toContain(
      '  Spec §5.4: "The reason_code field MUST contain a value from this taxonomy or a valid extension code. Freeform strings are not permitted."',
    );
    expect(stdout).toContain(
      '"chat gpt-5" trace 4bf92f3577b34da6a3ce929d0e0e0001 span 00f067aa0ba90001',
    );
  });

  it('exits 1 on partial compliance', () => {
    const { code, stdout } = cli(['check', fixturePath('partial.json')]);
    expect(code).toBe(1);
    expect(stdout).toContain('Verdict: PARTIAL');
  });

  it('judges spans and log records given in separate files together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genops-conformance-'));
    const [traces1 = '', traces2 = '', logs = ''] = readFixture('compliant.jsonl').split('\n');
    writeFileSync(join(dir, 'traces.jsonl'), `${traces1}\n${traces2}\n`);
    writeFileSync(join(dir, 'logs.jsonl'), `${logs}\n`);
    expect(cli(['check', join(dir, 'traces.jsonl'), join(dir, 'logs.jsonl')]).code).toBe(0);
    expect(cli(['check', join(dir, 'traces.jsonl')]).code).toBe(1);
  });

  it('prints the report as JSON with --json and reads stdin for "-"', () => {
    const { code, stdout } = cli(
      ['check', '-', '--json', '--spec-version', '0.1.0'],
      readFixture('partial.json'),
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as ConformanceReport;
    expect(report.verdict).toBe('partial');
    expect(report.findings.map((finding) => finding.ruleId)).toEqual([
      '3.3/reservation-recorded',
      '3.3/reconciliation-recorded',
    ]);
    expect(report.findings[0]?.awu?.source).toBe('<stdin>');
    expect(report.findings[0]?.spec).toEqual({
      section: '§3.3',
      text: 'A resource reservation MUST be recorded before execution begins. The reservation represents the estimated resource consumption for the AWU. The genops.budget.reservation event (Section 8.2) MUST be emitted at this point.',
    });
  });

  it.each([
    ['not-json.jsonl', /not-json\.jsonl, line 2: is not JSON \(/],
    [
      'no-resource-spans.json',
      /no-resource-spans\.json: the document has no resourceSpans or resourceLogs/,
    ],
    ['metrics-only.jsonl', /metrics-only\.jsonl: contains no resourceSpans or resourceLogs/],
    [
      'bad-int-value.jsonl',
      /bad-int-value\.jsonl, line 2: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.attributes\[0\]\.value has an intValue/,
    ],
    ['does-not-exist.json', /does-not-exist\.json: cannot be read \(ENOENT/],
  ])('exits 2 when %s is unreadable, saying what is wrong', (name, message) => {
    const { code, stdout, stderr } = cli(['check', fixturePath(name)]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^genops-conformance: cannot read input: /);
    expect(stderr).toMatch(message);
  });

  it('exits 2 on usage errors and 0 with --help', () => {
    expect(cli([]).code).toBe(2);
    expect(cli(['verify', 'x.json']).stderr).toContain('unknown command "verify"');
    expect(cli(['check']).stderr).toContain('no input file given');
    expect(cli(['check', 'x.json', '--spec-version', '0.2.0']).stderr).toContain(
      'unsupported --spec-version 0.2.0',
    );
    expect(cli(['check', 'x.json', '--frobnicate']).code).toBe(2);
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: genops-conformance check <files...>');
  });
});
