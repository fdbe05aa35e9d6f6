import { describe, expect, it, vi } from 'vitest';
import { boundedMemo, pairMemo } from './bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each key once, answering repeats and alternations alike', () => {
    const compute = vi.fn((key: string) => ({ key }));
    const memo = boundedMemo(compute);
    const a = memo('a');
    expect(memo('a')).toBe(a);
    const b = memo('b');
    expect(memo('a')).toBe(a);
    expect(memo('b')).toBe(b);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('clears when full and computes again the keys it held', () => {
    const compute = vi.fn((key: string) => ({ key }));
    const memo = boundedMemo(compute, 2);
    memo('a');
    memo('b');
    memo('c'); // full: cleared, then c
    expect(compute).toHaveBeenCalledTimes(3);
    memo('a');
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('computes for a first key of undefined (from untyped callers)', () => {
    const memo = boundedMemo((key: string) => `v:${key}`);
    expect(memo(undefined as unknown as string)).toBe('v:undefined');
  });

  it('keeps an undefined result', () => {
    const compute = vi.fn((_key: string) => undefined);
    const memo = boundedMemo(compute);
    expect(memo('a')).toBeUndefined();
    expect(memo('b')).toBeUndefined();
    expect(memo('a')).toBeUndefined();
    expect(compute).toHaveBeenCalledTimes(2);
  });
});

describe('pairMemo', () => {
  it('computes each pair once, absent keys included, answering repeats and alternations alike', () => {
    const compute = vi.fn((first: string | undefined, second: string | undefined) => ({
      first,
      second,
    }));
    const memo = pairMemo(compute);
    const ab = memo('a', 'b');
    expect(memo('a', 'b')).toBe(ab);
    const a = memo('a', undefined);
    const b = memo(undefined, 'b');
    expect(memo('a', 'b')).toBe(ab);
    expect(memo('a', undefined)).toBe(a);
    expect(memo(undefined, 'b')).toBe(b);
    expect(compute).toHaveBeenCalledTimes(3);
  });

  it('answers the first call for a pair of absent keys with a computed value', () => {
    const memo = pairMemo((first, second) => `${first}:${second}`);
    expect(memo(undefined, undefined)).toBe('undefined:undefined');
  });

  it('holds max pairs again after a clear', () => {
    const compute = vi.fn((first: string | undefined, second: string | undefined) => [
      first,
      second,
    ]);
    const memo = pairMemo(compute, 2);
    memo('a', '1');
    memo('a', '2');
    memo('a', '3'); // full: cleared, then a:3
    memo('a', '4'); // the second pair since the clear: kept
    memo('a', '3');
    memo('a', '4');
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('never answers a pair with a value it dropped at a clear, even when computing throws', () => {
    let made = 0;
    let failing = false;
    const memo = pairMemo(() => {
      if (failing) throw new Error('compute failed');
      made += 1;
      return { id: made };
    }, 2);
    memo('openai', 'gpt-4o');
    memo('openai', 'gpt-4.1');
    failing = true;
    expect(() => memo('anthropic', 'claude')).toThrow('compute failed'); // cleared, then threw
    failing = false;
    const afterClear = memo('openai', 'gpt-4.1');
    expect(afterClear).toEqual({ id: 3 });
    memo('openai', 'gpt-4o');
    expect(memo('openai', 'gpt-4.1')).toBe(afterClear);
  });

  it('hands out one value per pair until full (policies keep state in it), then a new one', () => {
    const memo = pairMemo(() => ({ observations: [] as number[] }), 2);
    const state = memo('openai', 'gpt-4o');
    state.observations.push(1);
    expect(memo('openai', 'gpt-4o').observations).toEqual([1]);
    memo('openai', 'gpt-4.1');
    memo('anthropic', 'claude'); // full: cleared
    const fresh = memo('openai', 'gpt-4o');
    expect(fresh).not.toBe(state);
    expect(memo('openai', 'gpt-4o')).toBe(fresh);
  });
});
