import {
  FALLBACK_ANSWER,
  FALLBACK_DETAIL,
  GREETING_ANSWER,
  OFFLINE_TOPICS,
} from './offline-answers.js';

/** What the offline model answers to one question. */
export interface OfflineAnswer {
  /** The answer, cut at the output cap. */
  readonly text: string;
  /** Output tokens of `text`, counted with the tokenizer. */
  readonly outputTokens: number;
  /** `true` when the answer was cut at `maxOutputTokens` (finish reason `length`). */
  readonly truncated: boolean;
}

/** Options of {@link composeOfflineAnswer}. */
export interface ComposeOfflineAnswerOptions {
  /** The user's last message. */
  readonly question: string;
  /** Output cap, in tokens. Default: no cap. */
  readonly maxOutputTokens?: number | undefined;
  /** Counts tokens (the governor's estimator, `governor.estimator.countText`). */
  readonly countText: (text: string) => number;
}

const DETAIL = /\b(detail|detailed|details|step by step|everything|in depth|thorough|long)\b/i;
const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you)\b/i;

/**
 * The offline model's answer to a question: a deterministic helpdesk answer (the same question
 * always gets the same answer), longer when the user asks for detail, cut at the output cap.
 *
 * @example
 * ```ts
 * const answer = composeOfflineAnswer({ question: 'How do I reset my password?', maxOutputTokens: 300,
 *   countText: (text) => governor.estimator.countText(text) });
 * ```
 */
export function composeOfflineAnswer({
  question,
  maxOutputTokens,
  countText,
}: ComposeOfflineAnswerOptions): OfflineAnswer {
  const lower = question.toLowerCase();
  const topic = OFFLINE_TOPICS.find((candidate) =>
    candidate.keywords.some((keyword) => lower.includes(keyword)),
  );
  let text: string;
  if (topic !== undefined) {
    text = DETAIL.test(question) ? [topic.answer, ...topic.detail].join('\n\n') : topic.answer;
  } else if (GREETING.test(question) && question.length < 60) {
    text = GREETING_ANSWER;
  } else {
    text = DETAIL.test(question)
      ? [FALLBACK_ANSWER, ...FALLBACK_DETAIL].join('\n\n')
      : FALLBACK_ANSWER;
  }
  return capAnswer(text, maxOutputTokens, countText);
}

/** Cuts `text` to the longest prefix of whole words that fits in `maxOutputTokens`. */
function capAnswer(
  text: string,
  maxOutputTokens: number | undefined,
  countText: (text: string) => number,
): OfflineAnswer {
  const tokens = countText(text);
  if (maxOutputTokens === undefined || tokens <= maxOutputTokens) {
    return { text, outputTokens: tokens, truncated: false };
  }
  const words = text.match(/\S+\s*/g) ?? [];
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (countText(words.slice(0, middle).join('').trimEnd()) <= maxOutputTokens) low = middle;
    else high = middle - 1;
  }
  const cut = words.slice(0, low).join('').trimEnd();
  return { text: cut, outputTokens: countText(cut), truncated: true };
}
