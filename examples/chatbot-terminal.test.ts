/**
 * The chatbots as a user runs them: real processes, in a real pseudo-terminal (util-linux
 * `script`), driven key by key: Ctrl-C stops an answer, a second Ctrl-C quits, Ctrl-D quits,
 * typing during an answer is not echoed into it, a 4-line paste is one question. And from a pipe,
 * with Redis and the OTLP endpoint both refused: status lines, exit code 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from './chatbot-kit/src/testing/run-demo-session.js';

const MAINS = {
  'ai-sdk-chatbot': fileURLToPath(new URL('./ai-sdk-chatbot/src/main.ts', import.meta.url)),
  'langchain-chatbot': fileURLToPath(new URL('./langchain-chatbot/src/main.ts', import.meta.url)),
} as const;
const TSX = import.meta.resolve('tsx');
/** Starting a chatbot process (tsx compiling the AI SDK or LangChain) is slow on a busy machine. */
const PROCESS_TIMEOUT_MS = 120_000;

interface Terminal {
  write(keys: string): void;
  /** Waits until the screen (ANSI codes removed) matches `pattern` after what was already matched. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly screen: string;
  readonly exitCode: Promise<number>;
}

function command(main: string): string[] {
  return [process.execPath, '--conditions=@genops/source', '--import', TSX, main];
}

function startProcess(child: ChildProcess): Terminal {
  let raw = '';
  let seen = 0;
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const screen = () => stripVTControlCharacters(raw).replaceAll('\r', '');
  return {
    write: (keys) => child.stdin?.write(keys),
    get screen() {
      return screen();
    },
    exitCode: new Promise((resolve) => child.once('close', (code) => resolve(code ?? -1))),
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = screen();
          const match = pattern.exec(text.slice(seen));
          if (match === null) return;
          seen += match.index + match[0].length;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; screen:\n${screen().slice(seen)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** A chatbot in a pseudo-terminal of 100 columns (`script` returns the chatbot's exit code). */
function startInTerminal(main: string, env: NodeJS.ProcessEnv): Terminal {
  const quoted = command(main)
    .map((part) => `'${part}'`)
    .join(' ');
  const child = spawn('script', ['-qfec', `stty cols 100 rows 50; exec ${quoted}`, '/dev/null'], {
    env: { ...process.env, NO_COLOR: '1', TERM: 'xterm', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return startProcess(child);
}

/** `(N tokens used by …)` of the last decisions line. */
function summaryTokens(screen: string): number {
  const match = [...screen.matchAll(/\(([\d,]+) tokens? used by/g)].at(-1);
  return Number(match?.[1]?.replaceAll(',', '') ?? Number.NaN);
}

const PASTE = [
  'I have three questions:',
  'how do I reset my password,',
  'where are my invoices,',
  'and can I export CSV?',
];

// Concurrent: most of each test is waiting for a process to start or an answer to stream.
describe.concurrent('the chatbots in a terminal', () => {
  it.each(Object.entries(MAINS))(
    '%s: Ctrl-C stops the answer (partial text kept, reserved → actual), typing during it is kept for the prompt, a 4-line paste is one question, then Ctrl-D (or Ctrl-C twice) quits with exit code 0',
    async (name, main) => {
      const terminal = startInTerminal(main, { GENOPS_OFFLINE_LATENCY: '1' });
      await terminal.waitFor(/acme › $/m);
      terminal.write('Explain API keys and webhooks in detail\r');
      await terminal.waitFor(/bot › API keys are created/);
      terminal.write('xyz');
      await new Promise((resolve) => setTimeout(resolve, 200));
      terminal.write('\u0003');
      await terminal.waitFor(/■ stopped — reserved ([\d,]+) → actual ~([\d,]+) tokens/);
      await terminal.waitFor(/acme › xyz/);
      terminal.write('\u0015'); // Ctrl-U: clear the typed-ahead line
      terminal.write(`${PASTE.join('\r')}\r`);
      await terminal.waitFor(/\(4 lines pasted: one question\)/);
      await terminal.waitFor(/✓ ALLOWED │ reserved [\d,]+ → actual [\d,]+ tokens/);
      terminal.write('/budgets\r');
      await terminal.waitFor(/Decisions {2}2 turns/);
      if (name === 'ai-sdk-chatbot') {
        terminal.write('\u0004');
      } else {
        terminal.write('How do I reset my password?\r');
        await terminal.waitFor(/bot › To reset/);
        terminal.write('\u0003\u0003');
      }
      const code = await terminal.exitCode;
      const screen = terminal.screen;

      expect(code).toBe(0);
      // The keys typed during the answer did not land in it; they waited at the next prompt.
      const answer = /bot › API keys are created[\s\S]*?■ stopped/.exec(screen)?.[0] ?? '';
      expect(answer).not.toContain('xyz');
      expect(screen).toContain(`acme › ${PASTE.join('\n')}`);
      // One question, one answer: the paste was not asked four times.
      expect(screen.match(/^bot › /gm)?.length).toBe(name === 'ai-sdk-chatbot' ? 2 : 3);
      // Status lines, /budgets and the summary are the same numbers.
      const actuals = [...screen.matchAll(/→ actual ~?([\d,]+) tokens/g)].map((match) =>
        Number(match[1]?.replaceAll(',', '')),
      );
      const used = /customer acme +\S+ +[\d,]+ +([\d,]+)/.exec(
        screen.slice(screen.lastIndexOf('Budgets (tokens)')),
      )?.[1];
      const total = actuals.reduce((sum, value) => sum + value, 0);
      expect(Number(used?.replaceAll(',', ''))).toBe(total);
      expect(summaryTokens(screen)).toBe(total);
      expect(screen).toMatch(/1 stopped/);
      expect(screen).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    },
    PROCESS_TIMEOUT_MS,
  );
});

describe.concurrent('the chatbots from a pipe, Redis and OTLP refused', () => {
  it.each(Object.entries(MAINS))(
    '%s prints the faults as warning and status lines and exits 0',
    async (_name, main) => {
      const [redisPort, otlpPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
      const [executable, ...args] = command(main);
      const child = spawn(executable as string, args, {
        env: {
          ...process.env,
          NO_COLOR: '1',
          GENOPS_OFFLINE: '1',
          GENOPS_OFFLINE_LATENCY: '0',
          GENOPS_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
          OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const terminal = startProcess(child);
      terminal.write('How do I reset my password?\n/quit\n');
      child.stdin?.end();
      const code = await terminal.exitCode;
      const screen = terminal.screen;
      expect(code).toBe(0);
      expect(screen).toContain(`⚠ Redis at redis://127.0.0.1:${redisPort} is not answering`);
      expect(screen).toContain(
        `⚠ telemetry: the OTLP endpoint http://127.0.0.1:${otlpPort} is not reachable`,
      );
      expect(screen).toContain('✗ BLOCKED x_ledger_unavailable by ledger');
      expect(screen).toContain('Decisions  1 turn: 1 BLOCKED');
      expect(screen).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(screen).not.toMatch(/Unhandled|\[ioredis\]|ECONNREFUSED\n/);
    },
    PROCESS_TIMEOUT_MS,
  );
});
