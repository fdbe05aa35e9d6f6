import {
  type ChatMessage,
  createGovernor,
  createGptTokenizerEstimator,
  createHeuristicEstimator,
} from '@genops/core';
import { createTiktokenEstimator } from '@genops/core/tiktoken';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { get_encoding } from 'tiktoken';
import { type Measurement, measure, measurePair, measureSet, Report } from './harness.js';
import { createBatchTracerProvider } from './otel.js';

const attribution = { team: 'bench', project: 'genops-ts', environment: 'benchmark' };
const request = {
  operation: { name: 'chat gpt-4o', type: 'inference' },
  attribution: { customer_id: 'acme' },
  provider: 'openai',
  model: 'gpt-4o',
  inputTokens: 512,
  maxOutputTokens: 256,
} as const;
const usage = { inputTokens: 512, outputTokens: 200 };

const words =
  'the governance of model calls needs budgets rate limits and telemetry that proves it'.split(' ');
function prose(chars: number, seed: number): string {
  let text = '';
  let i = seed;
  while (text.length < chars) {
    text += `${words[i % words.length]}${i % 11 === 0 ? '. ' : ' '}`;
    i = (i * 7 + 3) % 9973;
  }
  return text.slice(0, chars);
}

async function lifecycle(): Promise<Report> {
  const report = new Report(
    'Core lifecycle: begin + settle (precomputed estimate, one budget, in-memory ledger)',
  );
  const budgets = [{ name: 'monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' as const }];
  const bare = createGovernor({ attribution, budgets, warmup: false });
  const traced = createGovernor({
    attribution,
    budgets,
    warmup: false,
    tracerProvider: createBatchTracerProvider(),
  });
  const once = async (governor: typeof bare) => {
    const awu = await governor.begin(request);
    await awu.settle({ usage });
  };
  const none = report.add(await measure('lifecycle, no OpenTelemetry SDK', () => once(bare)));
  const sdk = report.add(
    await measure('lifecycle, SDK with BatchSpanProcessor', () => once(traced)),
  );
  report.atMost('lifecycle without SDK', none.medianNs, 5);
  report.atMost('lifecycle with SDK (batch processor)', sdk.medianNs, 30);
  return report;
}

async function tokenCounting(): Promise<Report> {
  const report = new Report(
    'Token counting of unseen prompts: the estimators vs their tokenizers called directly',
  );
  const encoder = get_encoding('o200k_base');
  const ordinary = { disallowedSpecial: new Set<string>() };
  const ours = createGptTokenizerEstimator(); // the default
  const tiktoken = createTiktokenEstimator();
  await Promise.all([ours.ready?.('gpt-4o'), tiktoken.ready?.('gpt-4o')]);
  const heuristic = createHeuristicEstimator();
  for (const [label, size] of [
    ['200 B', 200],
    ['2 KB', 2_000],
    ['20 KB', 20_000],
  ] as const) {
    // Every call counts a text never seen before (a distinct prefix), so no cache can answer.
    const base = prose(size, size);
    let n = 0;
    const next = () => `${(n++).toString(36)} ${base}`;
    const batches = size >= 20_000 ? 15 : 31;
    const [tiktokenRaw, gptRaw, counted, tiktokenCounted] = (await measureSet(
      [
        `${label}: tiktoken encode_ordinary`,
        `${label}: gpt-tokenizer countTokens`,
        `${label}: genops default estimator (gpt-tokenizer)`,
        `${label}: genops tiktoken estimator`,
      ],
      [
        () => encoder.encode_ordinary(next()).length,
        () => countTokens(next(), ordinary),
        () => ours.countText(next(), 'gpt-4o'),
        () => tiktoken.countText(next(), 'gpt-4o'),
      ],
      { batches },
    )) as [Measurement, Measurement, Measurement, Measurement];
    for (const measurement of [tiktokenRaw, gptRaw, counted, tiktokenCounted]) {
      report.add(measurement);
    }
    report.add(
      await measure(`${label}: genops heuristic estimator`, () => heuristic.countText(next()), {
        batches,
      }),
    );
    report.ratio(`${label}: default estimator vs gpt-tokenizer`, counted, gptRaw, 1.1);
    report.ratio(`${label}: default estimator vs tiktoken`, counted, tiktokenRaw, 1);
    report.ratio(`${label}: tiktoken estimator vs tiktoken`, tiktokenCounted, tiktokenRaw, 1.1);
  }
  encoder.free();
  tiktoken.dispose?.();

  // A 50-turn chat: turn 50 re-counts 49 unchanged messages (cached) and one new message.
  const history: ChatMessage[] = Array.from({ length: 49 }, (_, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: prose(400, i * 31),
  }));
  ours.countMessages(history, 'gpt-4o');
  const newest = prose(400, 4242);
  let n = 0;
  const fresh = () => `${(n++).toString(36)} ${newest}`;
  const [alone, turn50] = await measurePair(
    ['50-turn chat: newest message alone', '50-turn chat: whole history at turn 50'],
    [
      () => ours.countMessages([{ role: 'user', content: fresh() }], 'gpt-4o'),
      () => ours.countMessages([...history, { role: 'user', content: fresh() }], 'gpt-4o'),
    ],
  );
  report.add(alone);
  report.add(turn50);
  report.ratio('turn 50 vs newest message alone', turn50, alone, 1.2);
  ours.dispose?.();
  return report;
}

export async function run(): Promise<Report[]> {
  return [await lifecycle(), await tokenCounting()];
}
