/**
 * Two chatbot processes, one budget: `npx -y pnpm@12 --filter @genops/example-kit shared-budget`.
 *
 * Starts the AI SDK chatbot and the LangChain chatbot as two separate processes, both talking as
 * customer globex, against one `RedisLedger` (`GENOPS_REDIS_URL`; without it a throw-away
 * `redis-server` is started on a free loopback port when one is installed). Their output is
 * interleaved line by line; at the end the budget is read back from Redis and compared with what
 * the two processes reported: the per-customer budget and the rate limit were shared.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { formatNumber } from './chat/paint.js';
import { createChatLedger } from './create-chat-ledger.js';
import { HELPDESK_GOVERNANCE } from './governance-config.js';

const SCRIPT = [
  '/customer globex',
  '/max-tokens 400',
  'Tell me everything about your SLA in detail',
  'Explain API keys and webhooks in detail',
  '/sleep 11',
  'How do refunds and cancellations work? Please answer in detail.',
].join('\n');

const CHATBOTS = [
  { label: 'ai-sdk   ', main: '../../ai-sdk-chatbot/src/main.ts' },
  { label: 'langchain', main: '../../langchain-chatbot/src/main.ts' },
];

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await Promise.race([
    once(child, 'spawn'),
    once(child, 'error').then(([error]) => {
      throw new Error(
        `set GENOPS_REDIS_URL to a Redis server, or install redis-server (${String(error)})`,
      );
    }),
  ]);
  await sleep(300);
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** Tokens each process reported as used (its summary's "(N tokens used by …)"). */
const usedByProcess = new Map<string, number>();

function run(main: string, label: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@genops/source',
      '--import',
      import.meta.resolve('tsx'),
      fileURLToPath(new URL(main, import.meta.url)),
    ],
    { env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  child.stdin?.end(`${SCRIPT}\n`);
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    process.stdout.write(`[${label}] ${line}\n`);
    const used = /\(([\d,]+) tokens? used by/.exec(line)?.[1];
    if (used !== undefined) usedByProcess.set(label.trim(), Number(used.replaceAll(',', '')));
  });
  return child;
}

const redis =
  process.env.GENOPS_REDIS_URL === undefined || process.env.GENOPS_REDIS_URL === ''
    ? await startRedis()
    : { url: process.env.GENOPS_REDIS_URL, stop: () => {} };
const prefix = `genops-example:shared-${Date.now()}:`;
process.stdout.write(
  `Two chatbot processes, one budget: both talk as customer globex against Redis at ${redis.url} (key prefix ${prefix}).\n` +
    'Watch "left: globex …" fall with the answers of both processes: each sees what the other reserved and spent.\n\n',
);
try {
  const env = {
    ...process.env,
    GENOPS_REDIS_URL: redis.url,
    GENOPS_REDIS_PREFIX: prefix,
    GENOPS_OFFLINE: '1',
    NO_COLOR: '1',
  };
  const children = CHATBOTS.map(({ main, label }) => run(main, label, env));
  const codes = await Promise.all(
    children.map(async (child) => (await once(child, 'close'))[0] as number),
  );

  const ledger = await createChatLedger({ redisUrl: redis.url, keyPrefix: prefix });
  const budget = HELPDESK_GOVERNANCE.customerBudget;
  const snapshot = await ledger.ledger.snapshot(budget.name, `${budget.name}|customer_id=globex`);
  await ledger.close();
  const parts = [...usedByProcess].map(([label, used]) => `${label} ${formatNumber(used)}`);
  const sum = [...usedByProcess.values()].reduce((total, used) => total + used, 0);
  const consumed = snapshot?.consumed ?? 0;
  process.stdout.write(
    `\nRead back from Redis: ${budget.name} for globex has used ${formatNumber(consumed)} of ${formatNumber(snapshot?.allocated ?? budget.limitTokens)} tokens; ` +
      `the two processes used ${parts.join(' + ')} = ${formatNumber(sum)} ${sum === consumed ? '✓ one shared budget' : '✗ (they differ)'}\n`,
  );
  process.exitCode = codes.every((code) => code === 0) ? 0 : 1;
} finally {
  redis.stop();
}
