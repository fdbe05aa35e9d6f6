/**
 * The GenOps demo: `npx -y pnpm@12 demo` from the repository root.
 *
 * Runs the scripted helpdesk session (examples/chatbot-kit/demo-session.txt) on the AI SDK chatbot
 * and on the LangChain chatbot, with the built-in offline model (no API key, no network), writes
 * every AWU span to one OTLP/JSON file, then runs `genops-conformance check` on that file.
 * Exits 1 when a decision was not reached or the telemetry is not compliant.
 *
 * `GENOPS_OFFLINE_LATENCY` scales the offline model's latency (1 = realistic, the default; 0 = instant).
 */
import { createReadStream, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAiSdkChatEngine } from './ai-sdk-chatbot/src/index.js';
import {
  type ChatbotRun,
  type ChatEngine,
  type ChatEngineContext,
  type ConformanceCheckRun,
  colorsWanted,
  createPaint,
  DEMO_SESSION_FILE,
  displayPath,
  type OfflineLatency,
  offlineLatencyFromEnv,
  runChatbot,
  runConformanceCheck,
  type TurnRecord,
} from './chatbot-kit/src/index.js';
import { createLangChainChatEngine } from './langchain-chatbot/src/index.js';

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Default: `process.stdout`. */
  readonly output?: NodeJS.WritableStream;
  /** Default: from `GENOPS_OFFLINE_LATENCY` (realistic). */
  readonly latency?: OfflineLatency;
  /** Default: `.genops/demo.otlp.jsonl` under the directory the command was started from. */
  readonly telemetryFile?: string;
  /** Default: colours when the output is a terminal. */
  readonly color?: boolean;
}

/** What {@link runDemo} found. */
export interface DemoResult {
  /** Every expected decision was reached by both chatbots and the telemetry is compliant. */
  readonly ok: boolean;
  readonly runs: readonly { readonly title: string; readonly run: ChatbotRun }[];
  readonly check: ConformanceCheckRun;
  readonly telemetryFile: string;
}

/** The decisions the demo session must reach, as the closing table lists them. */
const EXPECTED: readonly { label: string; reached: (turns: readonly TurnRecord[]) => boolean }[] = [
  { label: 'ALLOWED', reached: (turns) => turns.some((turn) => turn.result === 'ALLOWED') },
  {
    label: 'RATE_LIMITED',
    reached: (turns) => turns.some((turn) => turn.result === 'RATE_LIMITED'),
  },
  {
    label: 'BLOCKED model',
    reached: (turns) => turns.some((turn) => turn.reasonCode === 'POLICY_DENY_MODEL'),
  },
  {
    label: 'BLOCKED budget',
    reached: (turns) =>
      turns.some((turn) => turn.result === 'BLOCKED' && turn.reasonCode?.startsWith('BUDGET_')),
  },
  {
    label: 'budget alert',
    reached: (turns) => turns.some((turn) => turn.alerts.length > 0),
  },
  { label: 'WARNING', reached: (turns) => turns.some((turn) => turn.result === 'WARNING') },
];

/**
 * Runs the demo and reports what it reached.
 *
 * @example
 * ```ts
 * const result = await runDemo({ latency: NO_LATENCY });
 * process.exitCode = result.ok ? 0 : 1;
 * ```
 */
export async function runDemo(options: RunDemoOptions = {}): Promise<DemoResult> {
  const output = options.output ?? process.stdout;
  const paint = createPaint(options.color ?? colorsWanted(output));
  const write = (text: string) => output.write(`${text}\n`);
  const latency = options.latency ?? offlineLatencyFromEnv(process.env);
  const telemetryFile =
    options.telemetryFile ??
    resolve(process.env.INIT_CWD ?? process.cwd(), '.genops', 'demo.otlp.jsonl');
  const shownFile = displayPath(telemetryFile);
  rmSync(telemetryFile, { force: true });
  const startedMs = performance.now();
  const elapsed = () => `${((performance.now() - startedMs) / 1000).toFixed(1)} s`;
  const rule = (step: string, title: string) =>
    write(`\n${paint('bold', `━━ ${step} · ${title} `.padEnd(96, '━'))}`);

  write(paint('bold', '\nGenOps demo — runtime governance of AI calls, fully offline'));
  write(
    [
      'Two helpdesk chatbots — one on the Vercel AI SDK, one on LangChain.js — run the same scripted',
      'session under the same governance (budgets, a rate limit, a model allow-list, an SLA). Every model',
      'call is an AI Workload Unit: decided and reserved before the model runs, reconciled after, and',
      `traced with OpenTelemetry to ${shownFile}. The model is the built-in offline one: no API key, no network.`,
    ].join('\n'),
  );

  const chatbots: {
    title: string;
    serviceName: string;
    engine: (c: ChatEngineContext) => ChatEngine;
  }[] = [
    { title: 'AI SDK chatbot', serviceName: 'ai-sdk-chatbot', engine: createAiSdkChatEngine },
    {
      title: 'LangChain chatbot',
      serviceName: 'langchain-chatbot',
      engine: createLangChainChatEngine,
    },
  ];
  const runs: { title: string; run: ChatbotRun }[] = [];
  for (const [index, chatbot] of chatbots.entries()) {
    rule(`${index + 1}/3`, `${chatbot.title} — scripted session (${elapsed()} elapsed)`);
    const run = await runChatbot({
      title: chatbot.title,
      serviceName: chatbot.serviceName,
      createEngine: chatbot.engine,
      env: {},
      offline: true,
      latency,
      input: createReadStream(DEMO_SESSION_FILE),
      output,
      interactive: false,
      ...(options.color === undefined ? {} : { color: options.color }),
      telemetryFile,
    });
    runs.push({ title: chatbot.title, run });
  }

  rule('3/3', `Conformance check of the telemetry (${elapsed()} elapsed)`);
  write(paint('dim', `$ genops-conformance check ${shownFile}`));
  const check = await runConformanceCheck([telemetryFile]);
  output.write(check.stdout);
  if (check.stderr !== '') output.write(check.stderr);
  const compliant = check.exitCode === 0;

  write(`\n${paint('bold', 'Result')}`);
  let ok = compliant;
  for (const { title, run } of runs) {
    const cells = EXPECTED.map(({ label, reached }) => {
      const yes = reached(run.turns);
      ok &&= yes;
      return yes ? `${label} ${paint('green', '✓')}` : `${label} ${paint('red', '✗ not reached')}`;
    });
    write(`  ${title.padEnd(18)}${cells.join('  ')}`);
  }
  const spans = runs.reduce((sum, { run }) => sum + run.spans.length, 0);
  write(
    `  ${'Telemetry'.padEnd(18)}${spans} AWU spans in ${shownFile} — ${
      compliant
        ? paint('green', 'GenOps v0.1.0 compliant ✓')
        : paint('red', `NOT compliant (genops-conformance exit code ${check.exitCode})`)
    }`,
  );
  write(`  ${'Time'.padEnd(18)}${elapsed()}`);
  write(
    paint(
      'dim',
      [
        '',
        'Next: chat yourself (interactive, same governance; Ctrl+C stops an answer, Ctrl+D quits):',
        '  npx -y pnpm@12 chat:ai-sdk',
        '  npx -y pnpm@12 chat:langchain',
        'Set OPENAI_API_KEY (or OPENAI_BASE_URL for Ollama, llama.cpp…) for a real model; see examples/README.md.',
      ].join('\n'),
    ),
  );
  return { ok, runs, check, telemetryFile };
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  const result = await runDemo();
  process.exitCode = result.ok ? 0 : 1;
}
