import { createTiktokenEstimator } from '@genops/core/tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { composeOfflineAnswer } from './compose-offline-answer.js';
import { NO_LATENCY, offlineLatencyFromEnv, streamOfflineText } from './offline-latency.js';

const estimator = createTiktokenEstimator();
await estimator.ready?.('offline-helpdesk');
const countText = (text: string) => estimator.countText(text, 'offline-helpdesk');
afterAll(() => estimator.dispose?.());

describe('composeOfflineAnswer', () => {
  it('answers from the FAQ, deterministically, with the tokenizer count', () => {
    const first = composeOfflineAnswer({ question: 'I forgot my password', countText });
    const again = composeOfflineAnswer({ question: 'I forgot my password', countText });
    expect(first).toEqual(again);
    expect(first.text).toMatch(/^To reset your password/);
    expect(first).toMatchObject({ truncated: false, outputTokens: countText(first.text) });
  });

  it('answers longer when asked for detail, and cuts at the output cap on a word boundary', () => {
    const short = composeOfflineAnswer({ question: 'How do refunds work?', countText });
    const long = composeOfflineAnswer({ question: 'How do refunds work, in detail?', countText });
    expect(long.outputTokens).toBeGreaterThan(short.outputTokens);
    const capped = composeOfflineAnswer({
      question: 'How do refunds work, in detail?',
      maxOutputTokens: 25,
      countText,
    });
    expect(capped.truncated).toBe(true);
    expect(capped.outputTokens).toBeLessThanOrEqual(25);
    expect(capped.outputTokens).toBe(countText(capped.text));
    expect(long.text.startsWith(capped.text)).toBe(true);
  });

  it('greets, and falls back to a generic answer', () => {
    expect(composeOfflineAnswer({ question: 'Hi!', countText }).text).toMatch(/^Hello!/);
    expect(composeOfflineAnswer({ question: 'Is the sky blue?', countText }).text).toMatch(
      /^Thanks for your question/,
    );
  });
});

describe('offline latency', () => {
  it('scales the realistic latency from GENOPS_OFFLINE_LATENCY, 0 being instant', () => {
    expect(offlineLatencyFromEnv({})).toEqual({ firstTokenMs: 400, tokensPerSecond: 120 });
    expect(offlineLatencyFromEnv({ GENOPS_OFFLINE_LATENCY: '0.5' })).toEqual({
      firstTokenMs: 200,
      tokensPerSecond: 240,
    });
    expect(offlineLatencyFromEnv({ GENOPS_OFFLINE_LATENCY: '0' })).toBe(NO_LATENCY);
    expect(() => offlineLatencyFromEnv({ GENOPS_OFFLINE_LATENCY: 'fast' })).toThrow(
      'GENOPS_OFFLINE_LATENCY must be a number >= 0',
    );
  });

  it('streams the text word by word and stops when aborted', async () => {
    const words: string[] = [];
    for await (const word of streamOfflineText('one two three', NO_LATENCY)) words.push(word);
    expect(words).toEqual(['one', ' two', ' three']);
    const controller = new AbortController();
    const stream = streamOfflineText('one two three', NO_LATENCY, controller.signal);
    await stream.next();
    controller.abort(new Error('stop'));
    await expect(stream.next()).rejects.toThrow('stop');
  });
});
