import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { NON_TEXT_PART_TOKENS } from './message-content-text.js';
import { toChatMessages } from './to-chat-messages.js';

describe('toChatMessages', () => {
  it('maps message types to roles, flattens tool calls to JSON and counts non-text parts', () => {
    const messages = toChatMessages([
      new SystemMessage('Be brief.'),
      new HumanMessage({
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
        ],
      }),
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'call_1', name: 'lookup', args: { query: 'cats' } }],
      }),
      new ToolMessage({ content: 'a cat', tool_call_id: 'call_1', name: 'lookup' }),
    ]);

    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is in this picture?', extraTokens: NON_TEXT_PART_TOKENS },
      {
        role: 'assistant',
        content: '[{"id":"call_1","name":"lookup","args":{"query":"cats"}}]',
      },
      { role: 'tool', content: 'a cat', name: 'lookup' },
    ]);
  });

  it('never throws on unexpected shapes', () => {
    expect(toChatMessages([null, 42, { content: { odd: true } }])).toEqual([
      { role: 'user', content: '' },
    ]);
  });
});
