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

  it('evicts the least recently used key when full, never the others', () => {
    const compute = vi.fn((key: string) => ({ key }));
    const memo = boundedMemo(compute, 2);
    const a = memo('a');
    memo('b');
    expect(memo('a')).toBe(a); // a is now more recent than b
    memo('c'); // full: b goes
    expect(compute).toHaveBeenCalledTimes(3);
    expect(memo('a')).toBe(a);
    memo('b');
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

  it('evicts the least recently used pair when full', () => {
    const compute = vi.fn((first: string | undefined, second: string | undefined) => [
      first,
      second,
    ]);
    const memo = pairMemo(compute, 2);
    memo('a', '1');
    memo('a', '2');
    memo('a', '1');
    memo('a', '3'); // full: a:2, the least recently used, goes
    memo('a', '1');
    memo('a', '3');
    expect(compute).toHaveBeenCalledTimes(3);
    memo('a', '2');
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('keeps pairs apart whatever their characters', () => {
    const memo = pairMemo((first, second) => `${first}|${second}`);
    expect(memo('a+', 'b')).toBe('a+|b');
    expect(memo('a', '+b')).toBe('a|+b');
    expect(memo('', undefined)).toBe('|undefined');
    expect(memo(undefined, '')).toBe('undefined|');
  });

  it('never answers a pair with a value it evicted, even when computing throws', () => {
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
    expect(() => memo('anthropic', 'claude')).toThrow('compute failed'); // gpt-4o evicted, then threw
    failing = false;
    expect(memo('openai', 'gpt-4.1')).toEqual({ id: 2 });
    expect(memo('openai', 'gpt-4o')).toEqual({ id: 3 });
  });

  it('hands out one value per pair while it is held (policies keep state in it)', () => {
    const memo = pairMemo(() => ({ observations: [] as number[] }), 2);
    const state = memo('openai', 'gpt-4o');
    state.observations.push(1);
    expect(memo('openai', 'gpt-4o').observations).toEqual([1]);
    memo('openai', 'gpt-4.1');
    memo('openai', 'gpt-4o');
    memo('anthropic', 'claude'); // full: gpt-4.1 goes, gpt-4o stays
    expect(memo('openai', 'gpt-4o')).toBe(state);
  });
});
