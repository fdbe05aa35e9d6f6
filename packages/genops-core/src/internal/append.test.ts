import { describe, expect, it } from 'vitest';
import { append } from './append.js';

describe('append', () => {
  it('creates the list on the first item and appends to it afterwards', () => {
    const first = append<number>(undefined, 1);
    expect(first).toEqual([1]);
    const second = append(first, 2);
    expect(second).toBe(first);
    expect(second).toEqual([1, 2]);
  });
});
