/**
 * A bounded least-recently-used cache of token counts keyed by the text itself, so that the
 * unchanged messages of a long chat history are not tokenized again every turn. Looking up a
 * string that is the same object as last turn costs a hash lookup (V8 caches string hashes).
 */
export class TokenCountCache {
  readonly #entries = new Map<string, number>();
  readonly #maxChars: number;
  readonly #minChars: number;
  #chars = 0;

  constructor(maxChars: number, minChars: number) {
    this.#maxChars = maxChars;
    this.#minChars = minChars;
  }

  count(text: string, encode: (text: string) => number): number {
    if (text.length < this.#minChars || this.#maxChars === 0) return encode(text);
    const hit = this.#entries.get(text);
    if (hit !== undefined) return hit;
    const counted = encode(text);
    if (text.length <= this.#maxChars) {
      this.#entries.set(text, counted);
      this.#chars += text.length;
      while (this.#chars > this.#maxChars) {
        const oldest = this.#entries.keys().next().value as string;
        this.#entries.delete(oldest);
        this.#chars -= oldest.length;
      }
    }
    return counted;
  }

  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
  }
}
