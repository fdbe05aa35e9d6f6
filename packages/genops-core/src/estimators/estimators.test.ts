import { get_encoding } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../awu-request.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { createBpeEstimator } from '../internal/create-bpe-estimator.js';
import { createGptTokenizerEstimator } from './create-gpt-tokenizer-estimator.js';
import { createHeuristicEstimator } from './create-heuristic-estimator.js';
import { createTiktokenEstimator } from './create-tiktoken-estimator.js';

const tiktoken = createTiktokenEstimator();
await Promise.all([tiktoken.ready?.('gpt-4o'), tiktoken.ready?.('gpt-4')]);
const gpt = createGptTokenizerEstimator();
await Promise.all([gpt.ready?.('gpt-4o'), gpt.ready?.('gpt-4')]);
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

  it('counts a chat history again from its cache, with the same result', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(100) },
      { role: 'assistant', content: 'consectetur adipiscing elit '.repeat(50) },
    ];
    const first = tiktoken.countMessages(history, 'gpt-4o');
    const copied = history.map((message) => ({ ...message, content: `${message.content}` }));
    expect(tiktoken.countMessages(copied, 'gpt-4o')).toBe(first);
    expect(gpt.countMessages(copied, 'gpt-4o')).toBe(first);
  });

  it('builds an encoding once per process, shared by every tiktoken estimator', async () => {
    const other = createTiktokenEstimator();
    // Built by the first estimator: ready at once.
    expect(other.ready?.('gpt-4o')).toBeUndefined();
    other.dispose?.();
    // The first estimator's encoder was not freed with the other one's.
    expect(tiktoken.countText('Hello world', 'gpt-4o')).toBe(2);
    expect(() => other.countText('hi', 'gpt-4o')).toThrow(/disposed/);
  });
});

describe('lazy loading (every BPE estimator)', () => {
  it('loads only the encoding a model needs, once, when ready() is first called', async () => {
    const loads: string[] = [];
    const estimator = createBpeEstimator({
      name: 'counting',
      cacheMaxChars: 0,
      fix: 'nothing to fix',
      loaded: () => undefined,
      load: async (encoding) => {
        loads.push(encoding);
        return (text) => text.length;
      },
    });
    expect(loads).toEqual([]);
    expect(() => estimator.countText('abc', 'gpt-4o')).toThrow(
      /o200k_base is not loaded; await estimator.ready\("gpt-4o"\)/,
    );
    await Promise.all([estimator.ready?.('gpt-4o'), estimator.ready?.('gpt-5-mini')]);
    expect(estimator.ready?.('gpt-4.1')).toBeUndefined();
    expect(estimator.countText('abc', 'gpt-4o')).toBe(3);
    expect(loads).toEqual(['o200k_base']);
    estimator.warmup?.(['gpt-3.5-turbo']);
    await estimator.ready?.('gpt-4');
    expect(loads).toEqual(['o200k_base', 'cl100k_base']);
  });

  it('rejects ready() with a GenOpsConfigError naming the estimator and the fix, every time', async () => {
    let attempts = 0;
    const estimator = createBpeEstimator({
      name: 'broken',
      cacheMaxChars: 0,
      fix: 'install the missing tokenizer',
      loaded: () => undefined,
      load: async () => {
        attempts += 1;
        throw new Error("Cannot find module 'tokenizer'");
      },
    });
    estimator.warmup?.(); // never throws, never rejects unhandled
    for (let i = 0; i < 2; i++) {
      const error = await estimator.ready?.('gpt-4o')?.catch((thrown: unknown) => thrown);
      expect(GenOpsConfigError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ field: 'estimator', received: 'broken' });
      expect(String(error)).toContain(
        'broken could not load o200k_base (install the missing tokenizer)',
      );
      expect((error as Error).cause).toEqual(new Error("Cannot find module 'tokenizer'"));
    }
    expect(attempts).toBe(1);
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
