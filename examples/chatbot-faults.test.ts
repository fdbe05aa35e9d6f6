/**
 * The chatbots under faults, in script mode (the same loop as a terminal, fed line by line): a
 * fault is a status line, never a stack trace, and the numbers on screen are the ledger's.
 * Redis and the model server are real, started here on free loopback ports and stopped by PID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startRedisServer,
  type TestRedisServer,
} from '../packages/genops-redis/src/internal/testing/redis-server.js';
import { createAiSdkChatEngine } from './ai-sdk-chatbot/src/index.js';
import {
  type ChatEngine,
  type ChatEngineContext,
  createChatLedger,
} from './chatbot-kit/src/index.js';
import {
  type HelpdeskModelServer,
  MODEL_SERVER_ERROR,
  startHelpdeskModelServer,
} from './chatbot-kit/src/testing/helpdesk-model-server.js';
import { drivenChat, freeLoopbackPort } from './chatbot-kit/src/testing/run-demo-session.js';
import { createLangChainChatEngine } from './langchain-chatbot/src/index.js';

const BOTS: readonly [string, (context: ChatEngineContext) => ChatEngine][] = [
  ['ai-sdk-chatbot', createAiSdkChatEngine],
  ['langchain-chatbot', createLangChainChatEngine],
];

/** A transcript never shows a stack trace or a raw client error. */
function expectNoStackTrace(transcript: string) {
  expect(transcript).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(transcript).not.toMatch(/Unhandled|\[ioredis\]|GenOps\w+Error:/);
}

/** The `left:` numbers of the last status line: { 'helpdesk-monthly': 1614, acme: 1114 }. */
function lastLeft(transcript: string): Record<string, number> {
  const lines = transcript.match(/left(?: \(shared by every process\))?: [^│\n]+/g) ?? [];
  const last = lines.at(-1) ?? '';
  const left: Record<string, number> = {};
  for (const [, who, value] of last.matchAll(/([\w-]+) (-?[\d,]+)\/[\d,]+/g)) {
    left[who as string] = Number((value as string).replaceAll(',', ''));
  }
  return left;
}

/** The `used` column of the last `/budgets` or summary table, by instance. */
function usedInTable(transcript: string): Record<string, number> {
  const tables = transcript.split(/Budgets \(tokens[^)]*\)\n/);
  const table = tables.at(-1) ?? '';
  const used: Record<string, number> = {};
  for (const [, instance, value] of table.matchAll(
    /^ {2}\S+ +(\(whole project\)|customer \S+) +\S+ +[\d,]+ +([\d,?]+)/gm,
  )) {
    used[instance === '(whole project)' ? 'project' : (instance as string).slice(9)] = Number(
      (value as string).replaceAll(',', ''),
    );
  }
  return used;
}

/** `(N tokens used by …)` of the last decisions line. */
function summaryTokens(transcript: string): number {
  const match = [...transcript.matchAll(/\(([\d,]+) tokens? used by/g)].at(-1);
  return Number(match?.[1]?.replaceAll(',', '') ?? Number.NaN);
}

describe.each(BOTS)('%s: Redis faults', (serviceName, createEngine) => {
  let redis: TestRedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it('Redis refused at start-up: one line says how to fix it, every question is an ordinary BLOCKED x_ledger_unavailable status line, exit is clean', async () => {
    const port = await freeLoopbackPort();
    const chat = drivenChat(serviceName, createEngine, {
      GENOPS_REDIS_URL: `redis://127.0.0.1:${port}`,
      GENOPS_OFFLINE: '1',
    });
    await chat.waitFor(/is not answering/);
    chat.send('How do I reset my password?');
    await chat.waitFor(/BLOCKED x_ledger_unavailable by ledger[\s\S]*redis-server --port \d+/);
    chat.send('/budgets');
    const { run, transcript } = await chat.end();

    expect(transcript).toContain(
      `⚠ Redis at redis://127.0.0.1:${port} is not answering (connect ECONNREFUSED 127.0.0.1:${port}) — start it (redis-server --port ${port}) or unset GENOPS_REDIS_URL; until then every question is refused (BLOCKED x_ledger_unavailable: the budgets fail closed)`,
    );
    expect(transcript).toContain(
      'not sent to the model, nothing charged (left: unknown (the ledger cannot be read))',
    );
    // The budgets are unknown, never shown as untouched.
    expect(transcript).toContain('? the ledger could not be read: these numbers are unknown');
    expect(transcript).not.toMatch(/acme 1,200\/1,200/);
    expect(run.turns.map((turn) => [turn.result, turn.reasonCode, turn.charged])).toEqual([
      ['BLOCKED', 'x_ledger_unavailable', 0],
    ]);
    expect(run.ended).toBe('eof');
    expectNoStackTrace(transcript);
  });

  it('Redis stopped mid-session: answers before it match the ledger; after it, refusals as status lines; the summary says what was not written', async () => {
    const prefix = `faults-${serviceName}-${Date.now()}:`;
    const chat = drivenChat(serviceName, createEngine, {
      GENOPS_REDIS_URL: redis.url,
      GENOPS_REDIS_PREFIX: prefix,
      GENOPS_OFFLINE: '1',
    });
    chat.send('How do I reset my password?');
    let transcript = await chat.waitFor(/✓ ALLOWED.*\n/);
    // The status line's numbers are the ledger's.
    const reader = await createChatLedger({ redisUrl: redis.url, keyPrefix: prefix });
    const snapshot = await reader.ledger.snapshot(
      'customer-daily',
      'customer-daily|customer_id=acme',
    );
    await reader.close();
    const charged = Number(/→ actual ([\d,]+) tokens/.exec(transcript)?.[1]?.replaceAll(',', ''));
    expect(snapshot?.consumed).toBe(charged);
    expect(lastLeft(transcript).acme).toBe(snapshot?.remaining);

    await redis.stop();
    chat.send('Where do I find my invoices?');
    transcript = await chat.waitFor(/BLOCKED x_ledger_unavailable by ledger[\s\S]*— start it/);
    chat.send('/budgets');
    const run = await chat.end();
    await redis.start();

    expect(run.transcript).toMatch(
      /Redis at redis:\/\/127\.0\.0\.1:\d+ is not answering \((connect ECONNREFUSED|connection closed)[^)]*\) — start it \(redis-server --port \d+\) or unset GENOPS_REDIS_URL/,
    );
    expect(run.run.turns.map((turn) => [turn.result, turn.reasonCode ?? null])).toEqual([
      ['ALLOWED', null],
      ['BLOCKED', 'x_ledger_unavailable'],
    ]);
    expect(summaryTokens(run.transcript)).toBe(charged);
    // The refused reservation's release could not reach Redis: the exit says so (and exits).
    expect(run.transcript).toMatch(
      /⚠ 1 ledger write queued while Redis at redis:\/\/127\.0\.0\.1:\d+ was unreachable could not be written/,
    );
    expectNoStackTrace(run.transcript);
  });
});

describe.each(BOTS)('%s: model server faults', (serviceName, createEngine) => {
  let server: HelpdeskModelServer;
  beforeAll(async () => {
    server = await startHelpdeskModelServer();
  });
  afterAll(() => server.close());

  it('model server down: each attempt with the connection error and the URL; the estimate is labelled; the numbers add up', async () => {
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}/v1/chat/completions`;
    const chat = drivenChat(serviceName, createEngine, {
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      GENOPS_MAX_RETRIES: '1',
    });
    chat.send('How do I reset my password?');
    await chat.waitFor(/✗ ERROR/);
    chat.send('/budgets');
    const { run, transcript } = await chat.end();

    const attempts = transcript.match(
      /attempt \d: connect ECONNREFUSED 127\.0\.0\.1:\d+ — POST \S+/g,
    );
    expect(attempts).toEqual([
      `attempt 1: connect ECONNREFUSED 127.0.0.1:${port} — POST ${url}`,
      `attempt 2: connect ECONNREFUSED 127.0.0.1:${port} — POST ${url}`,
    ]);
    expect(transcript).toContain('✗ ERROR the model call failed after 2 attempts (retries: 1)');
    const [turn] = run.turns;
    expect(turn?.result).toBe('ERROR');
    expect(turn?.calls.every((call) => call.estimated)).toBe(true);
    // AI SDK: each attempt is an AWU of its own; LangChain: one AWU retries its HTTP request.
    expect(turn?.calls.length).toBe(serviceName === 'ai-sdk-chatbot' ? 2 : 1);
    expect(transcript).toContain(`${turn?.charged} tokens charged in all`);
    expect(usedInTable(transcript).acme).toBe(turn?.charged);
    expect(summaryTokens(transcript)).toBe(turn?.charged);
    expect(run.budgets.find((budget) => budget.instance === 'acme')?.used).toBe(turn?.charged);
    expectNoStackTrace(transcript);
  });

  it('model server returning 500: every attempt shows the server error and URL; a retry refused by the rate limit never claims nothing was charged', async () => {
    server.mode = 'answer';
    const chat = drivenChat(serviceName, createEngine, {
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_MODEL: 'gpt-4o-mini',
      GENOPS_MAX_RETRIES: '1',
    });
    chat.send('Hi!');
    await chat.waitFor(/✓ ALLOWED/);
    chat.send('How do I reset my password?');
    await chat.waitFor(/✓ ALLOWED/);
    server.mode = 'error-500';
    chat.send('Where are my invoices?');
    const transcript = await chat.waitFor(
      /✗ (ERROR|RATE_LIMITED)[\s\S]*the chat goes on|tokens charged in all.*\n/,
    );
    chat.send('/budgets');
    const { run, transcript: full } = await chat.end();
    server.mode = 'answer';

    const failed = run.turns[2];
    const error = `HTTP 500 Internal Server Error: ${MODEL_SERVER_ERROR} — POST ${server.baseURL}/chat/completions`;
    expect(transcript).toContain(`attempt 1: ${error}`);
    if (serviceName === 'ai-sdk-chatbot') {
      // The retry is a new AWU: the rate limit (burst 3) refuses it before the model is called.
      expect(failed?.result).toBe('RATE_LIMITED');
      expect(transcript).toContain(
        'attempt 2: ✗ RATE_LIMITED by customer-rate-limit — not sent to the model, nothing charged for this attempt',
      );
      expect(transcript).toContain(
        `this attempt was not sent to the model; earlier attempts were charged ${failed?.charged} tokens`,
      );
      expect(transcript).not.toMatch(/not sent to the model, nothing charged \(/);
    } else {
      // LangChain retries the HTTP request inside one governed call.
      expect(failed?.result).toBe('ERROR');
      expect(transcript).toContain(`attempt 2: ${error}`);
    }
    expect(failed?.charged).toBeGreaterThan(0);
    const total = run.turns.reduce((sum, turn) => sum + turn.charged, 0);
    expect(summaryTokens(full)).toBe(total);
    expect(usedInTable(full).acme).toBe(total);
    expect(run.budgets.find((budget) => budget.instance === 'acme')?.used).toBe(total);
    expectNoStackTrace(full);
  });

  it('a server that reports no usage: the actual is labelled an estimate', async () => {
    server.mode = 'answer-without-usage';
    const chat = drivenChat(serviceName, createEngine, {
      OPENAI_BASE_URL: server.baseURL,
      GENOPS_MAX_RETRIES: '0',
    });
    chat.send('How do I reset my password?');
    await chat.waitFor(/ALLOWED/);
    const { run, transcript } = await chat.end();
    server.mode = 'answer';
    const [turn] = run.turns;
    expect(turn?.estimated).toBe(true);
    expect(transcript).toContain(
      `→ actual ~${turn?.actual} tokens (estimated: the provider reported no usage)`,
    );
  });
});

describe.each(BOTS)('%s: telemetry and keyboard-free polish', (serviceName, createEngine) => {
  it('OTLP endpoint refused: one warning at start, a bounded exit with what may be missing, no error', async () => {
    const port = await freeLoopbackPort();
    const started = performance.now();
    const chat = drivenChat(serviceName, createEngine, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      GENOPS_OFFLINE: '1',
    });
    chat.send('How do I reset my password?');
    await chat.waitFor(/✓ ALLOWED/);
    const { run, transcript } = await chat.end();
    expect(transcript).toContain(
      `⚠ telemetry: the OTLP endpoint http://127.0.0.1:${port} is not reachable (connect ECONNREFUSED 127.0.0.1:${port}) — start your collector or unset OTEL_EXPORTER_OTLP_ENDPOINT; spans still go to the file`,
    );
    expect(transcript).toMatch(
      /⚠ telemetry: (spans may be missing at|the OTLP endpoint .* did not take)/,
    );
    expect(run.spans.length).toBeGreaterThan(0);
    // Bounded: the exporter's shutdown is not waited for beyond a few seconds.
    expect(performance.now() - started).toBeLessThan(15_000);
    expectNoStackTrace(transcript);
  });

  it('cut-offs by the output cap are labelled; counts have separators; /model alone shows the model', async () => {
    const chat = drivenChat(serviceName, createEngine, { GENOPS_OFFLINE: '1' });
    chat.send('/max-tokens 20');
    chat.send('Explain API keys and webhooks in detail');
    await chat.waitFor(/ALLOWED/);
    chat.send('/model');
    chat.send('/sleep');
    chat.send('/customer 客户-1');
    const { transcript } = await chat.end();
    expect(transcript).toContain(
      '✂ cut off at the output cap of 20 tokens — /max-tokens raises it',
    );
    expect(transcript).toContain('(model: offline-helpdesk · allowed: offline-helpdesk*');
    expect(transcript).toContain('usage: /sleep <seconds, more than 0, at most 300>');
    expect(transcript).toMatch(/now talking as customer 客户-1, conversation 客户-1-1-\w+/);
    expect(transcript).toContain('1 turn: 1 ALLOWED');
  });
});
