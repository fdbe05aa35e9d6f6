import type { TokenUsage } from '../accounting/token-usage.js';
import type { AwuRequest } from '../awu-request.js';
import { GenOpsInputError } from '../errors/genops-input-error.js';

const OPTIONAL_STRING_FIELDS = ['provider', 'model', 'region', 'slaTier'] as const;
const USAGE_FIELDS = [
  'inputTokens',
  'outputTokens',
  'cachedInputTokens',
  'cacheWriteInputTokens',
  'reasoningTokens',
] as const;

const isCount = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * @internal Rejects malformed requests before anything is reserved. Longer than ~60 lines: one
 * check per field of `AwuRequest`, each naming its field.
 */
export function validateRequest(request: AwuRequest): void {
  if (typeof request !== 'object' || request === null) {
    throw new GenOpsInputError({
      field: 'request',
      expected: 'an AWU request object',
      received: request,
    });
  }
  const { operation } = request;
  if (typeof operation !== 'object' || operation === null) {
    throw new GenOpsInputError({
      field: 'request.operation',
      expected: '{ name, type }',
      received: operation,
    });
  }
  if (typeof operation.name !== 'string' || operation.name.trim() === '') {
    throw new GenOpsInputError({
      field: 'request.operation.name',
      expected: 'a non-empty string',
      received: operation.name,
    });
  }
  if (typeof operation.type !== 'string' || operation.type.trim() === '') {
    throw new GenOpsInputError({
      field: 'request.operation.type',
      expected: "a non-empty string such as 'inference'",
      received: operation.type,
    });
  }
  if (request.maxOutputTokens !== undefined && !isCount(request.maxOutputTokens)) {
    throw new GenOpsInputError({
      field: 'request.maxOutputTokens',
      expected: 'a whole number >= 0',
      received: request.maxOutputTokens,
    });
  }
  if (request.inputTokens !== undefined && !isCount(request.inputTokens)) {
    throw new GenOpsInputError({
      field: 'request.inputTokens',
      expected: 'a whole number >= 0',
      received: request.inputTokens,
    });
  }
  if (
    request.runLimit !== undefined &&
    !(
      typeof request.runLimit === 'number' &&
      Number.isFinite(request.runLimit) &&
      request.runLimit >= 0
    )
  ) {
    throw new GenOpsInputError({
      field: 'request.runLimit',
      expected: 'a finite number >= 0',
      received: request.runLimit,
    });
  }
  if (request.input !== undefined) validateInput(request.input);
  for (const field of OPTIONAL_STRING_FIELDS) {
    const value = request[field];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new GenOpsInputError({
        field: `request.${field}`,
        expected: 'a non-empty string or undefined',
        received: value,
      });
    }
  }
}

/** `input` is `{ messages }` or `{ text }`: anything else would reach the estimator unchecked. */
function validateInput(input: unknown): void {
  if (typeof input !== 'object' || input === null) {
    throw new GenOpsInputError({
      field: 'request.input',
      expected: '{ messages: ChatMessage[] } or { text: string | string[] }',
      received: input,
    });
  }
  if ('messages' in input) {
    const { messages } = input;
    if (!Array.isArray(messages)) {
      throw new GenOpsInputError({
        field: 'request.input.messages',
        expected: 'an array of { role, content } messages',
        received: messages,
      });
    }
    for (let index = 0; index < messages.length; index++) {
      const content = (messages[index] as { content?: unknown } | null)?.content;
      if (typeof content !== 'string') {
        throw new GenOpsInputError({
          field: `request.input.messages[${index}].content`,
          expected: 'a string',
          received: content,
        });
      }
    }
    return;
  }
  const { text } = input as { text?: unknown };
  if (
    typeof text !== 'string' &&
    !(Array.isArray(text) && text.every((entry) => typeof entry === 'string'))
  ) {
    throw new GenOpsInputError({
      field: 'request.input.text',
      expected: 'a string or an array of strings',
      received: text,
    });
  }
}

/** @internal Rejects malformed usage; returns it unchanged when valid. */
export function validateUsage(usage: TokenUsage): TokenUsage {
  for (const field of USAGE_FIELDS) {
    const value = usage[field];
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ) {
      throw new GenOpsInputError({
        field: `usage.${field}`,
        expected: 'a finite number >= 0 or undefined',
        received: value,
      });
    }
  }
  return usage;
}
