import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NO_LATENCY } from './chatbot-kit/src/index.js';
import { runDemo } from './demo.js';

describe('the demo (npx -y pnpm@12 demo)', () => {
  it('runs both chatbots, reaches every decision and ends with a compliant conformance check', async () => {
    const output = new PassThrough();
    let text = '';
    output.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    const telemetryFile = join(mkdtempSync(join(tmpdir(), 'genops-demo-')), 'demo.otlp.jsonl');
    const result = await runDemo({ output, latency: NO_LATENCY, telemetryFile, color: false });

    expect(result.ok).toBe(true);
    expect(result.check.exitCode).toBe(0);
    expect(result.check.stdout).toContain('Verdict: COMPLIANT');
    expect(result.runs.map(({ title, run }) => [title, run.turns.length])).toEqual([
      ['AI SDK chatbot', 11],
      ['LangChain chatbot', 11],
    ]);
    expect(text).toContain('━━ 1/3 · AI SDK chatbot');
    expect(text).toContain('━━ 2/3 · LangChain chatbot');
    expect(text).toContain(`$ genops-conformance check ${telemetryFile}`);
    expect(text).toMatch(
      /AI SDK chatbot {4}ALLOWED ✓ {2}RATE_LIMITED ✓ {2}BLOCKED model ✓ {2}BLOCKED budget ✓ {2}budget alert ✓ {2}WARNING ✓/,
    );
    expect(text).toContain('GenOps v0.1.0 compliant ✓');
  });
});
