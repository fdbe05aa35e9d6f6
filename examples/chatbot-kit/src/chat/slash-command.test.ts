import { describe, expect, it } from 'vitest';
import { parseSlashCommand } from './slash-command.js';

describe('parseSlashCommand', () => {
  it('parses every command', () => {
    expect(
      [
        '/customer globex',
        '/model gpt-4o-mini',
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
      { name: 'model', model: 'gpt-4o-mini' },
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
        '/fly',
      ].map((line) => parseSlashCommand(line)),
    ).toEqual([
      { name: 'invalid', message: 'usage: /customer <id> (letters, digits, . _ @ -)' },
      { name: 'invalid', message: 'usage: /customer <id> (letters, digits, . _ @ -)' },
      { name: 'invalid', message: 'usage: /max-tokens <whole number from 1 to 100000>' },
      { name: 'invalid', message: 'usage: /max-tokens <whole number from 1 to 100000>' },
      { name: 'invalid', message: 'usage: /sleep <seconds, at most 300>' },
      { name: 'invalid', message: 'unknown command /fly — type /help' },
    ]);
  });
});
