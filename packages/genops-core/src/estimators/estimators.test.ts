import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../awu-request.js';
import { createGptTokenizerEstimator } from './create-gpt-tokenizer-estimator.js';
import { createHeuristicEstimator } from './create-heuristic-estimator.js';
import { createTiktokenEstimator } from './create-tiktoken-estimator.js';

const tiktoken = createTiktokenEstimator();
tiktoken.warmup?.(['gpt-4o', 'gpt-4']);
const gpt = createGptTokenizerEstimator();
const { get_encoding } = createRequire(import.meta.url)('tiktoken') as typeof import('tiktoken');
const o200k = get_encoding('o200k_base');
afterAll(() => {
  tiktoken.dispose?.();
  o200k.free();
});

const texts = [
  'Hello world',
  'Les naïfs ægithales hâtifs pondant à Noël où il gèle sont sûrs d’être déçus 🎄',
  'function add(a: number, b: number) { return a + b; }\n'.repeat(20),
  '<|endoftext|> is not special here',
  '東京は日本の首都です。',
];

describe('tiktoken estimator', () => {
  it.each(texts)('counts %j exactly like tiktoken encode_ordinary', (text) => {
    expect(tiktoken.countText(text, 'gpt-4o')).toBe(o200k.encode_ordinary(text).length);
  });

  it('adds the chat format overhead: 3 per message + role + content, 1 per name, 3 for the reply', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hello', name: 'ann' },
    ];
    const count = (text: string) => o200k.encode_ordinary(text).length;
    const expected =
      3 +
      (3 + count('system') + count('You are terse.')) +
      (3 + count('user') + count('Hello') + 1 + count('ann'));
    expect(tiktoken.countMessages(messages, 'gpt-4o')).toBe(expected);
  });

  it('adds extraTokens for non-text parts', () => {
    const base = tiktoken.countMessages([{ role: 'user', content: 'look' }], 'gpt-4o');
    expect(
      tiktoken.countMessages([{ role: 'user', content: 'look', extraTokens: 765 }], 'gpt-4o'),
    ).toBe(base + 765);
  });

  it('uses cl100k_base for gpt-4 and gpt-3.5', () => {
    const text = 'The quick brown fox jumps over the lazy dog, again and again ❤️';
    const cl100k = get_encoding('cl100k_base');
    expect(tiktoken.countText(text, 'gpt-4')).toBe(cl100k.encode_ordinary(text).length);
    cl100k.free();
  });

  it('returns the same count from the cache for long unchanged texts', () => {
    const long = 'lorem ipsum dolor sit amet '.repeat(100);
    expect(tiktoken.countText(long, 'gpt-4o')).toBe(tiktoken.countText(`${long}`, 'gpt-4o'));
  });

  it('reports an encoding built lazily after warm-up', () => {
    const lazy: string[] = [];
    const estimator = createTiktokenEstimator({ onLazyLoad: (encoding) => lazy.push(encoding) });
    estimator.warmup?.();
    estimator.countText('hi', 'gpt-3.5-turbo');
    expect(lazy).toEqual(['cl100k_base']);
    estimator.dispose?.();
    expect(() => estimator.countText('hi', 'gpt-4o')).toThrow(/disposed/);
  });
});

describe('gpt-tokenizer estimator', () => {
  it.each(texts)('agrees with tiktoken on %j', (text) => {
    expect(gpt.countText(text, 'gpt-4o')).toBe(tiktoken.countText(text, 'gpt-4o'));
  });
});

describe('heuristic estimator', () => {
  it('counts ceil(chars / charsPerToken)', () => {
    expect(createHeuristicEstimator().countText('abcdefghi')).toBe(3);
    expect(createHeuristicEstimator({ charsPerToken: 3 }).countText('abcdefghi')).toBe(3);
  });
});
