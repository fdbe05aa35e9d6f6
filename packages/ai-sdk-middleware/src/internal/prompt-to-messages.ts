import type { ChatMessage } from '@genops/core';
import type { FilePartInfo } from '../default-file-tokens.js';
import type { SdkMessage, SdkPart, SdkTool } from './sdk-types.js';

/** @internal How non-text parts are counted. */
export type FileTokens = (file: FilePartInfo) => number;

interface Accumulator {
  texts: string[];
  extraTokens: number;
}

/**
 * @internal Converts an AI SDK prompt (v3 or v4) into framework-neutral chat messages:
 * - system messages (including AI SDK 7 `instructions`) keep their text;
 * - text and reasoning parts are counted as text;
 * - tool calls become `{"name":…,"arguments":…}` JSON, tool results their text or JSON output;
 * - files with inline text (`{ type: 'text' }` data) are counted as text, every other file, image
 *   or reasoning file goes through `fileTokens` into `extraTokens`;
 * - function tool definitions are one extra `tools` message: their `{ name, description,
 *   parameters }` JSON.
 * Parts of one message are joined with a newline.
 */
export function promptToMessages(
  prompt: readonly SdkMessage[],
  tools: readonly SdkTool[] | undefined,
  fileTokens: FileTokens,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    const { role, content } = message;
    if (typeof content === 'string') {
      messages.push({ role, content });
      continue;
    }
    if (content.length === 1) {
      const only = content[0] as SdkPart;
      const text = (only as unknown as { readonly text?: unknown }).text;
      if (only.type === 'text' && typeof text === 'string') {
        messages.push({ role, content: text });
        continue;
      }
    }
    const acc: Accumulator = { texts: [], extraTokens: 0 };
    for (const part of content) addPart(part, acc, fileTokens);
    messages.push(toMessage(role, acc));
  }
  const definitions = functionTools(tools);
  if (definitions !== undefined) messages.push({ role: 'tools', content: definitions });
  return messages;
}

function toMessage(role: string, acc: Accumulator): ChatMessage {
  const content = acc.texts.length === 1 ? (acc.texts[0] as string) : acc.texts.join('\n');
  return acc.extraTokens === 0
    ? { role, content }
    : { role, content, extraTokens: acc.extraTokens };
}

function addPart(part: SdkPart, acc: Accumulator, fileTokens: FileTokens): void {
  const value = part as unknown as Record<string, unknown>;
  switch (part.type) {
    case 'text':
    case 'reasoning':
      if (typeof value.text === 'string') acc.texts.push(value.text);
      return;
    case 'file':
    case 'reasoning-file':
    case 'image':
      addFile(value, acc, fileTokens);
      return;
    case 'tool-call':
      acc.texts.push(json({ name: value.toolName, arguments: value.input }));
      return;
    case 'tool-result':
      addToolOutput(value.output, acc, fileTokens);
      return;
    case 'tool-approval-response':
      acc.texts.push(json({ approved: value.approved, reason: value.reason }));
      return;
    default:
      // `custom` and unknown parts carry no countable payload.
      return;
  }
}

function addToolOutput(output: unknown, acc: Accumulator, fileTokens: FileTokens): void {
  if (typeof output !== 'object' || output === null) return;
  const { type, value, reason } = output as { type?: unknown; value?: unknown; reason?: unknown };
  switch (type) {
    case 'text':
    case 'error-text':
      if (typeof value === 'string') acc.texts.push(value);
      return;
    case 'json':
    case 'error-json':
      acc.texts.push(json(value));
      return;
    case 'execution-denied':
      if (typeof reason === 'string') acc.texts.push(reason);
      return;
    case 'content':
      if (!Array.isArray(value)) return;
      for (const item of value as unknown[]) {
        if (typeof item !== 'object' || item === null) continue;
        const entry = item as Record<string, unknown>;
        if (typeof entry.text === 'string') acc.texts.push(entry.text);
        else if (typeof entry.mediaType === 'string') addFile(entry, acc, fileTokens);
      }
      return;
    default:
      return;
  }
}

function addFile(part: Record<string, unknown>, acc: Accumulator, fileTokens: FileTokens): void {
  const raw = part.data ?? part.image;
  // AI SDK 7 tags file data; inline text documents are counted as text.
  if (
    typeof raw === 'object' &&
    raw !== null &&
    !(raw instanceof Uint8Array) &&
    !(raw instanceof URL)
  ) {
    const tagged = raw as Record<string, unknown>;
    if (tagged.type === 'text' && typeof tagged.text === 'string') {
      acc.texts.push(tagged.text);
      return;
    }
  }
  const mediaType = typeof part.mediaType === 'string' ? part.mediaType : 'image';
  const filename = typeof part.filename === 'string' ? part.filename : undefined;
  acc.extraTokens += fileTokens({ mediaType, filename, byteLength: byteLength(raw) });
}

function byteLength(raw: unknown): number | undefined {
  if (raw instanceof Uint8Array) return raw.byteLength;
  if (raw instanceof ArrayBuffer) return raw.byteLength;
  if (typeof raw === 'string') return Math.floor((raw.length * 3) / 4); // base64
  if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'data') {
    return byteLength((raw as { data?: unknown }).data);
  }
  return undefined;
}

function functionTools(tools: readonly SdkTool[] | undefined): string | undefined {
  if (tools === undefined || tools.length === 0) return undefined;
  const definitions: unknown[] = [];
  for (const tool of tools) {
    if (tool.type !== 'function') continue;
    const { name, description, inputSchema } = tool as unknown as Record<string, unknown>;
    definitions.push({ name, description, parameters: inputSchema });
  }
  return definitions.length === 0 ? undefined : json(definitions);
}

/** JSON text of a value; never throws (cycles and BigInts fall back to `String`). */
function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}
