import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LEDGER_LIBRARY } from './ledger-library.js';
import { sha1Hex } from './sha1-hex.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe('sha1Hex', () => {
  it.each([
    '',
    'abc',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(64),
    'a'.repeat(1_000),
    'redis.call("GET", KEYS[1]) -- é ✓ 🎄',
  ])('agrees with node:crypto on %j', (text) => {
    expect(sha1Hex(text)).toBe(sha1(text));
  });

  it('agrees with node:crypto on the ledger library (tens of kilobytes of Lua)', () => {
    expect(sha1Hex(LEDGER_LIBRARY.source)).toBe(sha1(LEDGER_LIBRARY.source));
  });
});
