import { isRecord } from './is-record.js';
import { messageContentText } from './message-content-text.js';
import { promptGenerations } from './read-usage.js';

/**
 * @internal Everything a model call generated, as text: each generation's text (or its message's
 * content) followed by its tool calls as JSON. Used to count output tokens exactly when the
 * provider reported no usage.
 */
export function generatedText(output: unknown): string {
  if (!isRecord(output)) return '';
  const parts: string[] = [];
  for (const generation of promptGenerations(output)) {
    if (!isRecord(generation)) continue;
    parts.push(messageText(generation.message, generation.text));
  }
  return parts.join('\n');
}

/** @internal The text of an AI message (content and tool calls as JSON); `fallback` when it has no content. */
export function messageText(message: unknown, fallback?: unknown): string {
  if (!isRecord(message)) return typeof fallback === 'string' ? fallback : '';
  const content = messageContentText(message.content).text;
  const text = content === '' && typeof fallback === 'string' ? fallback : content;
  const toolCalls = message.tool_calls;
  if (!Array.isArray(toolCalls) || toolCalls.length === 0) return text;
  const calls = JSON.stringify(
    toolCalls.map((call: unknown) =>
      isRecord(call) ? { name: call.name, args: call.args } : call,
    ),
  );
  return text === '' ? calls : `${text}\n${calls}`;
}
