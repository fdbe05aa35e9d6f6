import { isRecord } from './is-record.js';

/**
 * @internal Tokens reserved for one non-text content part (an image, audio or a file): the cost of
 * a 1024×1024 image at high detail on OpenAI models. Conservative for smaller parts.
 */
export const NON_TEXT_PART_TOKENS = 765;

const NON_TEXT_TYPES = new Set([
  'image',
  'image_url',
  'input_image',
  'audio',
  'input_audio',
  'file',
  'input_file',
  'video',
  'document',
]);

/** @internal The text of a message content and the tokens of its non-text parts. */
export interface ContentText {
  readonly text: string;
  readonly extraTokens: number;
}

/**
 * @internal Flattens LangChain message content (a string or content blocks) into text: text blocks
 * as text, non-text parts counted as {@link NON_TEXT_PART_TOKENS}, other blocks as JSON.
 */
export function messageContentText(content: unknown): ContentText {
  if (typeof content === 'string') return { text: content, extraTokens: 0 };
  if (!Array.isArray(content)) return { text: '', extraTokens: 0 };
  const parts: string[] = [];
  let extraTokens = 0;
  for (const block of content) {
    if (typeof block === 'string') {
      parts.push(block);
    } else if (isRecord(block)) {
      const type = block.type;
      if ((type === 'text' || type === 'input_text') && typeof block.text === 'string') {
        parts.push(block.text);
      } else if (typeof type === 'string' && NON_TEXT_TYPES.has(type)) {
        extraTokens += NON_TEXT_PART_TOKENS;
      } else {
        parts.push(JSON.stringify(block));
      }
    }
  }
  return { text: parts.join('\n'), extraTokens };
}
