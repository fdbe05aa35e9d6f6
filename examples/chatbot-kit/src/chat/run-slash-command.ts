import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatScreen } from './chat-screen.js';
import { plural } from './paint.js';
import { SLASH_COMMAND_HELP, type SlashCommand } from './slash-command.js';

/** What the chat's commands change: who is talking, to which model, with which cap. */
export interface ChatSettings {
  customerId: string;
  model: string;
  maxOutputTokens: number;
  /** The conversation number of the customer (`/new` starts the next one). */
  conversation: number;
}

/** What {@link runSlashCommand} needs besides the command. */
export interface SlashCommandContext {
  readonly settings: ChatSettings;
  readonly screen: ChatScreen;
  /** The model allow-list in force, for `/model` alone. */
  readonly allowedModels: readonly string[];
  /** The current conversation's id (`acme-1-k3f9`). */
  sessionId(): string;
  /** Prints the budgets now (`/budgets`). */
  showBudgets(): Promise<void>;
}

/**
 * Runs a `/command`; resolves `true` for `/quit`.
 *
 * @example
 * ```ts
 * const quit = await runSlashCommand(parseSlashCommand('/max-tokens 600'), context);
 * ```
 */
export async function runSlashCommand(
  command: SlashCommand,
  { settings, screen, allowedModels, sessionId, showBudgets }: SlashCommandContext,
): Promise<boolean> {
  const note = (text: string) => screen.writeLines([screen.paint('dim', `  (${text})`)]);
  switch (command.name) {
    case 'help':
      screen.writeLines(SLASH_COMMAND_HELP.map((text) => `  ${text}`));
      break;
    case 'quit':
      return true;
    case 'budgets':
      await showBudgets();
      break;
    case 'new':
      settings.conversation += 1;
      note(`new conversation ${sessionId()}: empty history`);
      break;
    case 'customer':
      settings.customerId = command.customerId;
      settings.conversation = 1;
      note(`now talking as customer ${settings.customerId}, conversation ${sessionId()}`);
      break;
    case 'model':
      if (command.model === undefined) {
        note(
          `model: ${settings.model} · allowed: ${allowedModels.join(', ')} · /model <id> to change`,
        );
      } else {
        settings.model = command.model;
        note(`model: ${settings.model}`);
      }
      break;
    case 'max-tokens': {
      const change = command.maxOutputTokens === undefined ? ' · /max-tokens <n> to change' : '';
      if (command.maxOutputTokens !== undefined) settings.maxOutputTokens = command.maxOutputTokens;
      note(`output cap: ${plural(settings.maxOutputTokens, 'token')} per answer${change}`);
      break;
    }
    case 'sleep':
      note(`waiting ${command.seconds} s`);
      await sleep(command.seconds * 1000);
      break;
    case 'invalid':
      screen.writeLines([screen.paint('yellow', `  ${command.message}`)]);
      break;
  }
  return false;
}
