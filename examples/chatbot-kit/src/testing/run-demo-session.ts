import { createReadStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
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
    ...scriptedRun(serviceName, createEngine, {}),
    offline: true,
    input: createReadStream(script),
    output,
  });
  output.end();
  return { run, transcript };
}

/** What every test run shares: script mode, no latency, no colours, a fresh telemetry file. */
function scriptedRun(
  serviceName: string,
  createEngine: (context: ChatEngineContext) => ChatEngine,
  env: NodeJS.ProcessEnv,
) {
  return {
    title: serviceName,
    serviceName,
    createEngine,
    env,
    latency: NO_LATENCY,
    interactive: false,
    color: false,
    telemetryFile: join(
      mkdtempSync(join(tmpdir(), 'genops-example-')),
      `${serviceName}.otlp.jsonl`,
    ),
  };
}

/** A chat session driven line by line by a test. */
export interface DrivenChat {
  /** Sends one line (a question or a `/command`). */
  send(line: string): void;
  /** Resolves once the transcript matches `pattern` after the text seen so far, with the transcript. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Everything printed so far (no colours). */
  readonly transcript: string;
  /** Ends the script (as the end of a piped file) and resolves with the run. */
  end(): Promise<DemoSessionRun>;
}

/**
 * Starts a chatbot in script mode on a stream the test writes to, line by line, so that it can
 * change the world between turns (stop Redis, break the model server).
 *
 * @example
 * ```ts
 * const chat = drivenChat('ai-sdk-chatbot', createAiSdkChatEngine, { GENOPS_REDIS_URL: redis.url });
 * chat.send('Hi!');
 * await chat.waitFor(/ALLOWED/);
 * ```
 */
export function drivenChat(
  serviceName: string,
  createEngine: (context: ChatEngineContext) => ChatEngine,
  env: NodeJS.ProcessEnv,
): DrivenChat {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = '';
  let seen = 0;
  const listeners = new Set<() => void>();
  output.setEncoding('utf8').on('data', (chunk: string) => {
    transcript += chunk;
    for (const listener of listeners) listener();
  });
  const running = runChatbot({ ...scriptedRun(serviceName, createEngine, env), input, output });
  return {
    send: (line) => input.write(`${line}\n`),
    get transcript() {
      return transcript;
    },
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(transcript.slice(seen));
          if (match === null) return false;
          seen += match.index + match[0].length;
          listeners.delete(listener);
          clearTimeout(timer);
          resolve(transcript);
          return true;
        };
        const listener = () => {
          check();
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`timed out waiting for ${pattern} in:\n${transcript.slice(seen)}`));
        }, timeoutMs);
        listeners.add(listener);
        check();
      });
    },
    async end() {
      input.end();
      const run = await running;
      output.end();
      return { run, transcript };
    },
  };
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

/**
 * A free TCP port on 127.0.0.1 (nothing listens on it once this resolves): for a service the test
 * starts, or one it wants refused.
 */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
