/** A chat command typed as `/name argument`. */
export type SlashCommand =
  | { readonly name: 'help' }
  | { readonly name: 'quit' }
  | { readonly name: 'budgets' }
  | { readonly name: 'new' }
  | { readonly name: 'customer'; readonly customerId: string }
  /** Without a model: show the current one and the allow-list. */
  | { readonly name: 'model'; readonly model: string | undefined }
  /** Without a number: show the current cap. */
  | { readonly name: 'max-tokens'; readonly maxOutputTokens: number | undefined }
  | { readonly name: 'sleep'; readonly seconds: number }
  | { readonly name: 'invalid'; readonly message: string };

/** The help text of the chat commands. */
export const SLASH_COMMAND_HELP = [
  '/customer <id>     talk as another customer (own budget, own rate limit, new conversation)',
  '/model [<id>]      call another model (the allow-list decides); alone: the current one',
  '/max-tokens [<n>]  output cap of the next answers (reserved up front); alone: the current one',
  '/new               start a new conversation (empty history)',
  '/budgets           show the budgets now',
  '/sleep <seconds>   wait (in scripts, e.g. for a rate limit to clear)',
  '/help              this help',
  '/quit              print the summary and exit (also Ctrl+D)',
  'Ctrl+C stops an answer (a second Ctrl+C quits); a pasted block of lines is one question',
];

/**
 * Parses a line starting with `/`.
 *
 * @example
 * ```ts
 * parseSlashCommand('/customer globex'); // { name: 'customer', customerId: 'globex' }
 * ```
 */
export function parseSlashCommand(line: string): SlashCommand {
  const [rawName = '', ...rest] = line.trim().slice(1).split(/\s+/);
  const name = rawName.toLowerCase();
  const argument = rest.join(' ').trim();
  switch (name) {
    case 'help':
    case '?':
      return { name: 'help' };
    case 'quit':
    case 'exit':
    case 'q':
      return { name: 'quit' };
    case 'budgets':
    case 'budget':
      return { name: 'budgets' };
    case 'new':
    case 'reset':
      return { name: 'new' };
    case 'customer':
      // Any script's letters and digits: customer ids are not only ASCII (`客户-1`).
      return /^[\p{L}\p{N}\p{M}_.@-]{1,64}$/u.test(argument)
        ? { name: 'customer', customerId: argument }
        : {
            name: 'invalid',
            message: 'usage: /customer <id> (letters, digits, . _ @ -; at most 64)',
          };
    case 'model':
      if (argument === '') return { name: 'model', model: undefined };
      return /^[\w.:/@-]{1,128}$/.test(argument)
        ? { name: 'model', model: argument }
        : { name: 'invalid', message: 'usage: /model <model id>' };
    case 'max-tokens': {
      if (argument === '') return { name: 'max-tokens', maxOutputTokens: undefined };
      const value = Number(argument);
      return Number.isInteger(value) && value > 0 && value <= 100_000
        ? { name: 'max-tokens', maxOutputTokens: value }
        : { name: 'invalid', message: 'usage: /max-tokens <whole number from 1 to 100000>' };
    }
    case 'sleep': {
      const value = argument === '' ? Number.NaN : Number(argument);
      return Number.isFinite(value) && value > 0 && value <= 300
        ? { name: 'sleep', seconds: value }
        : { name: 'invalid', message: 'usage: /sleep <seconds, more than 0, at most 300>' };
    }
    default:
      return { name: 'invalid', message: `unknown command /${rawName} — type /help` };
  }
}
