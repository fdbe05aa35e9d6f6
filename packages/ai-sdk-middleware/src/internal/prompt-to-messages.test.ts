import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { LanguageModelV3Prompt } from '@ai-sdk/provider-v3';
import { describe, expect, it } from 'vitest';
import { defaultFileTokens } from '../default-file-tokens.js';
import { mapUsage } from './map-usage.js';
import { promptToMessages } from './prompt-to-messages.js';

describe('promptToMessages', () => {
  it('flattens an AI SDK 7 (v4) prompt: text, reasoning, tool calls and results, files by rule', () => {
    const prompt: LanguageModelV4Prompt = [
      { role: 'system', content: 'You are terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          {
            type: 'file',
            mediaType: 'image/png',
            data: { type: 'data', data: new Uint8Array(2048) },
          },
          {
            type: 'file',
            mediaType: 'image',
            data: { type: 'url', url: new URL('https://x.test/a.jpg') },
          },
          { type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: 'QUJDRA==' } },
          { type: 'file', mediaType: 'text/plain', data: { type: 'text', text: 'inline notes' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Need the weather.' },
          { type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            toolName: 'weather',
            output: { type: 'json', value: { celsius: 21 } },
          },
          {
            type: 'tool-result',
            toolCallId: 'c2',
            toolName: 'chart',
            output: {
              type: 'content',
              value: [
                { type: 'text', text: 'chart attached' },
                { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
              ],
            },
          },
          {
            type: 'tool-result',
            toolCallId: 'c3',
            toolName: 'search',
            output: { type: 'execution-denied', reason: 'not allowed' },
          },
        ],
      },
    ];
    const seen: unknown[] = [];
    const messages = promptToMessages(
      prompt,
      [
        {
          type: 'function',
          name: 'weather',
          description: 'Weather of a city',
          inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
        },
        { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} },
      ] as never,
      (file) => {
        seen.push(file);
        return defaultFileTokens(file);
      },
    );
    expect(messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Compare these.\ninline notes', extraTokens: 765 + 765 + 1000 },
      {
        role: 'assistant',
        content: 'Need the weather.\n{"name":"weather","arguments":{"city":"Paris"}}',
      },
      { role: 'tool', content: '{"celsius":21}\nchart attached\nnot allowed', extraTokens: 765 },
      {
        role: 'tools',
        content:
          '[{"name":"weather","description":"Weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]',
      },
    ]);
    expect(seen).toEqual([
      { mediaType: 'image/png', filename: undefined, byteLength: 2048 },
      { mediaType: 'image', filename: undefined, byteLength: undefined },
      { mediaType: 'application/pdf', filename: undefined, byteLength: 6 },
      { mediaType: 'image/png', filename: undefined, byteLength: 3 },
    ]);
  });

  it('reads AI SDK 6 (v3) file data: bytes, base64 and URLs', () => {
    const prompt: LanguageModelV3Prompt = [
      {
        role: 'user',
        content: [
          { type: 'file', mediaType: 'audio/wav', data: new Uint8Array(10), filename: 'a.wav' },
          { type: 'file', mediaType: 'image/jpeg', data: new URL('https://x.test/b.jpg') },
        ],
      },
    ];
    const seen: unknown[] = [];
    const messages = promptToMessages(prompt, undefined, (file) => {
      seen.push(file);
      return 7;
    });
    expect(messages).toEqual([{ role: 'user', content: '', extraTokens: 14 }]);
    expect(seen).toEqual([
      { mediaType: 'audio/wav', filename: 'a.wav', byteLength: 10 },
      { mediaType: 'image/jpeg', filename: undefined, byteLength: undefined },
    ]);
  });

  it('keeps the text of a single-part message as is (no copy, so token counts stay cached)', () => {
    const text = 'x'.repeat(2048);
    const prompt: LanguageModelV4Prompt = [{ role: 'user', content: [{ type: 'text', text }] }];
    const [message] = promptToMessages(prompt, [], defaultFileTokens);
    expect(message?.content).toBe(text);
  });
});

describe('mapUsage', () => {
  it('maps totals (cache reads inside input, reasoning inside output) and the details', () => {
    expect(
      mapUsage({
        inputTokens: { total: 100, noCache: 20, cacheRead: 70, cacheWrite: 10 },
        outputTokens: { total: 50, text: 30, reasoning: 20 },
      }),
    ).toEqual({
      inputTokens: 100,
      outputTokens: 50,
      cachedInputTokens: 70,
      cacheWriteInputTokens: 10,
      reasoningTokens: 20,
    });
  });

  it('rebuilds missing totals from their parts and leaves unknown sides undefined', () => {
    expect(
      mapUsage({
        inputTokens: { total: undefined, noCache: 20, cacheRead: 5, cacheWrite: undefined },
        outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      }),
    ).toEqual({ inputTokens: 25, cachedInputTokens: 5 });
  });
});
