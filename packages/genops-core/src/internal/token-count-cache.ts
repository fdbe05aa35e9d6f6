/**
 * A bounded cache of token counts keyed by the text itself, so that the unchanged messages of a
 * long chat history are not tokenized again every turn (estimators cache message contents only). Looking up a string that is the same object
 * as last turn costs a hash lookup (V8 caches string hashes).
 *
 * Eviction approximates least-recently-used with two generations (as hashlru does): entries live in
 * `young` until it holds half the capacity, then `young` becomes `old` and the previous `old` is
 * dropped; a hit in `old` moves the entry back to `young`. A hit costs one or two lookups, never a
 * reordering, and texts in use every turn are never evicted.
 */
export class TokenCountCache {
  #young = new Map<string, number>();
  #old = new Map<string, number>();
  #youngChars = 0;
  readonly #generationChars: number;

  /** Every text is cached, short ones too: a tokenizer call costs far more than a lookup. */
  constructor(maxChars: number) {
    this.#generationChars = Math.floor(maxChars / 2);
  }

  count(text: string, encode: (text: string) => number): number {
    if (this.#generationChars === 0) return encode(text);
    const young = this.#young.get(text);
    if (young !== undefined) return young;
    const old = this.#old.get(text);
    if (old !== undefined) {
      this.#remember(text, old);
      return old;
    }
    const counted = encode(text);
    if (text.length <= this.#generationChars) this.#remember(text, counted);
    return counted;
  }

  #remember(text: string, count: number): void {
    this.#young.set(text, count);
    this.#youngChars += text.length;
    if (this.#youngChars > this.#generationChars) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngChars = 0;
    }
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
    this.#youngChars = 0;
  }
}
