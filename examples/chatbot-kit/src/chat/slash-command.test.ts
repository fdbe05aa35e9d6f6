import { describe, expect, it } from 'vitest';
import { parseSlashCommand } from './slash-command.js';

describe('parseSlashCommand', () => {
  it('parses every command', () => {
    expect(
      [
        '/customer globex',
        '/customer 客户-1',
        '/model gpt-4o-mini',
        '/model',
        '/max-tokens',
        '/max-tokens 600',
        '/sleep 1.5',
        '/new',
        '/budgets',
        '/help',
        '/quit',
        '/exit',
      ].map(parseSlashCommand),
    ).toEqual([
      { name: 'customer', customerId: 'globex' },
      { name: 'customer', customerId: '客户-1' },
      { name: 'model', model: 'gpt-4o-mini' },
      { name: 'model', model: undefined },
      { name: 'max-tokens', maxOutputTokens: undefined },
      { name: 'max-tokens', maxOutputTokens: 600 },
      { name: 'sleep', seconds: 1.5 },
      { name: 'new' },
      { name: 'budgets' },
      { name: 'help' },
      { name: 'quit' },
      { name: 'quit' },
    ]);
  });

  it('explains bad input instead of throwing', () => {
    expect(
      [
        '/customer',
        '/customer a b!',
        '/max-tokens -3',
        '/max-tokens 1.5',
        '/sleep soon',
        '/sleep',
        '/fly',
      ].map((line) => parseSlashCommand(line)),
    ).toEqual([
      { name: 'invalid', message: 'usage: /customer <id> (letters, digits, . _ @ -; at most 64)' },
      { name: 'invalid', message: 'usage: /customer <id> (letters, digits, . _ @ -; at most 64)' },
      { name: 'invalid', message: 'usage: /max-tokens <whole number from 1 to 100000>' },
      { name: 'invalid', message: 'usage: /max-tokens <whole number from 1 to 100000>' },
      { name: 'invalid', message: 'usage: /sleep <seconds, more than 0, at most 300>' },
      { name: 'invalid', message: 'usage: /sleep <seconds, more than 0, at most 300>' },
      { name: 'invalid', message: 'unknown command /fly — type /help' },
    ]);
  });
});
