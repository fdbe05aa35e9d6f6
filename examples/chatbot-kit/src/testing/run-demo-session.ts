import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ChatEngine } from '../chat/chat-engine.js';
import { DEMO_SESSION_FILE } from '../demo-session-file.js';
import { NO_LATENCY } from '../offline/offline-latency.js';
import { type ChatbotRun, type ChatEngineContext, runChatbot } from '../run-chatbot.js';

/** A scripted session run for tests: the run, what it printed and where its telemetry went. */
export interface DemoSessionRun {
  readonly run: ChatbotRun;
  /** Everything the chatbot printed (no colours). */
  readonly transcript: string;
}

/**
 * Runs the demo session on the offline model with no latency, an empty environment (no Redis,
 * no OTLP, no provider) and a fresh telemetry file in a temporary directory.
 *
 * @example
 * ```ts
 * const { run, transcript } = await runDemoSession('ai-sdk-chatbot', createAiSdkChatEngine);
 * ```
 */
export async function runDemoSession(
  serviceName: string,
  createEngine: (context: ChatEngineContext) => ChatEngine,
  script: string = DEMO_SESSION_FILE,
): Promise<DemoSessionRun> {
  const output = new PassThrough();
  let transcript = '';
  output.setEncoding('utf8').on('data', (chunk: string) => {
    transcript += chunk;
  });
  const run = await runChatbot({
    title: serviceName,
    serviceName,
    createEngine,
    env: {},
    offline: true,
    latency: NO_LATENCY,
    input: createReadStream(script),
    output,
    interactive: false,
    color: false,
    telemetryFile: join(
      mkdtempSync(join(tmpdir(), 'genops-example-')),
      `${serviceName}.otlp.jsonl`,
    ),
  });
  output.end();
  return { run, transcript };
}

/** A turn reduced to what the tests compare. */
export function summarizeTurn(turn: ChatbotRun['turns'][number]): string {
  const parts = [`${turn.customerId} ${turn.model}: ${turn.result}`];
  if (turn.reasonCode !== undefined) parts.push(`${turn.reasonCode} by ${turn.policyName}`);
  if (turn.reserved !== undefined) parts.push(`reserved ${turn.reserved} → actual ${turn.actual}`);
  if (turn.retryAfterMs !== undefined) parts.push('retry-after');
  for (const alert of turn.alerts) parts.push(`alert ${alert.budget} ${alert.threshold}`);
  return parts.join(' · ');
}
