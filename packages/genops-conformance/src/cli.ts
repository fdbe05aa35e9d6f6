#!/usr/bin/env node
import { runCli } from './internal/run-cli.js';

/**
 * `genops-conformance check <files...> [--json] [--spec-version 0.1.0]`: judges OTLP/JSON files
 * and exits 0 (compliant), 1 (non-compliant or partial) or 2 (unreadable input, usage error).
 */
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`genops-conformance: unexpected error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
