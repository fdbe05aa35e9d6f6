import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkTelemetry } from '../check/check-telemetry.js';
import type { Telemetry, TelemetryLogRecord, TelemetrySpan } from '../model/telemetry.js';
import { parseOtlpJson } from '../readers/parse-otlp-json.js';
import { readTelemetryFiles } from '../readers/read-telemetry-files.js';
import { TelemetryReadError } from '../readers/telemetry-read-error.js';
import { SPEC_VERSION, SUPPORTED_SPEC_VERSIONS } from '../registry/spec-version.js';
import { formatReport } from '../report/format-report.js';

/** Where the CLI writes. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 compliant, 1 non-compliant or partial, 2 unreadable input or bad usage. */
export const EXIT_COMPLIANT = 0;
export const EXIT_NOT_COMPLIANT = 1;
export const EXIT_UNREADABLE = 2;

const USAGE = `Usage: genops-conformance check <files...> [--json] [--spec-version ${SPEC_VERSION}]

Judges OpenTelemetry telemetry against the GenOps Governance Specification.
<files> are OTLP/JSON documents or JSON lines as written by the OpenTelemetry
Collector file exporter (resourceSpans and resourceLogs, mixed freely); "-" reads stdin.

Options:
  --json                  print the report as JSON instead of text
  --spec-version <x.y.z>  spec version to check against (default ${SPEC_VERSION})
  --max-awus <n>          offending AWUs listed per rule in the text report (default 5)
  -h, --help              show this help

Exit codes: 0 compliant, 1 non-compliant or partial (Section 9.2), 2 unreadable input or usage error.`;

async function readInputs(paths: readonly string[]): Promise<Telemetry> {
  const files = paths.filter((path) => path !== '-');
  const telemetry = await readTelemetryFiles(files);
  if (files.length === paths.length) return telemetry;
  const stdin = parseOtlpJson(readFileSync(0, 'utf8'), { source: '<stdin>' });
  const spans: TelemetrySpan[] = [...telemetry.spans];
  const logs: TelemetryLogRecord[] = [...telemetry.logs];
  for (const span of stdin.spans) spans.push(span);
  for (const log of stdin.logs) logs.push(log);
  return { spans, logs };
}

/** Runs `genops-conformance` with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(
      `genops-conformance: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`,
    );
    return EXIT_UNREADABLE;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return EXIT_COMPLIANT;
  }
  const [command, ...files] = positionals;
  if (command !== 'check' || files.length === 0) {
    io.stderr(
      `genops-conformance: ${command === 'check' ? 'no input file given' : `unknown command ${JSON.stringify(command ?? '')}`}\n\n${USAGE}\n`,
    );
    return EXIT_UNREADABLE;
  }
  const specVersion = values['spec-version'] ?? SPEC_VERSION;
  if (!SUPPORTED_SPEC_VERSIONS.includes(specVersion)) {
    io.stderr(
      `genops-conformance: unsupported --spec-version ${specVersion} (supported: ${SUPPORTED_SPEC_VERSIONS.join(', ')})\n`,
    );
    return EXIT_UNREADABLE;
  }
  const maxAwus = values['max-awus'] === undefined ? undefined : Number(values['max-awus']);
  if (maxAwus !== undefined && !(Number.isInteger(maxAwus) && maxAwus > 0)) {
    io.stderr(`genops-conformance: --max-awus must be a positive integer\n`);
    return EXIT_UNREADABLE;
  }

  let telemetry: Telemetry;
  try {
    telemetry = await readInputs(files);
  } catch (error) {
    if (!TelemetryReadError.isInstance(error)) throw error;
    io.stderr(`genops-conformance: cannot read input: ${error.message}\n`);
    return EXIT_UNREADABLE;
  }
  const report = checkTelemetry(telemetry, { specVersion });
  io.stdout(
    values.json === true
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${formatReport(report, maxAwus === undefined ? {} : { maxAwusPerRule: maxAwus })}\n`,
  );
  return report.verdict === 'compliant' ? EXIT_COMPLIANT : EXIT_NOT_COMPLIANT;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      'spec-version': { type: 'string' },
      'max-awus': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
