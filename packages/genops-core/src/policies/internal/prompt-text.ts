import type { EstimateInput } from '../../awu-request.js';

/** @internal The prompt text of an input: message contents (or texts) joined by newlines. */
export function promptText(input: EstimateInput | undefined): string | undefined {
  if (input === undefined) return undefined;
  if ('messages' in input) {
    const { messages } = input;
    if (messages.length === 1) return messages[0]!.content;
    return messages.map((message) => message.content).join('\n');
  }
  return typeof input.text === 'string' ? input.text : input.text.join('\n');
}
