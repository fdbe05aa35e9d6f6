import type { ChatMessage } from '@genops/core';
import { isRecord } from './is-record.js';
import { messageContentText } from './message-content-text.js';

const ROLES: Readonly<Record<string, string>> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  developer: 'developer',
  tool: 'tool',
  function: 'function',
};

/**
 * @internal Converts LangChain messages into the core's framework-neutral {@link ChatMessage}:
 * the role from the message type, the content as text, tool calls flattened into the content as
 * JSON, non-text parts as `extraTokens`. Never throws on unexpected shapes.
 */
export function toChatMessages(messages: readonly unknown[]): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const message of messages) {
    if (!isRecord(message)) continue;
    const type = typeof message.type === 'string' ? message.type : 'human';
    if (type === 'remove') continue;
    const role =
      type === 'generic' && typeof message.role === 'string' ? message.role : (ROLES[type] ?? type);
    const { text, extraTokens } = messageContentText(message.content);
    let content = text;
    const toolCalls = message.tool_calls;
    if (Array.isArray(toolCalls) && toolCalls.length > 0) {
      const calls = toolCalls.map((call: unknown) =>
        isRecord(call) ? { id: call.id, name: call.name, args: call.args } : call,
      );
      content = content === '' ? JSON.stringify(calls) : `${content}\n${JSON.stringify(calls)}`;
    }
    const chatMessage: { role: string; content: string; name?: string; extraTokens?: number } = {
      role,
      content,
    };
    if (typeof message.name === 'string' && message.name !== '') chatMessage.name = message.name;
    if (extraTokens !== 0) chatMessage.extraTokens = extraTokens;
    result.push(chatMessage);
  }
  return result;
}
