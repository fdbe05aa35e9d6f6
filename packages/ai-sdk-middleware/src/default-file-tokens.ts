/** A non-text prompt part (image, audio, PDF, …) whose tokens cannot be counted from text. */
export interface FilePartInfo {
  /** IANA media type or its top-level segment, e.g. `image/png`, `image`, `application/pdf`. */
  readonly mediaType: string;
  readonly filename?: string | undefined;
  /** Size of inline data in bytes; `undefined` for URLs and provider references. */
  readonly byteLength?: number | undefined;
}

/** Tokens reserved for an image: OpenAI's cost of a 1024×1024 image at high detail (85 + 4 × 170). */
export const IMAGE_TOKENS = 765;

/** Tokens reserved for any other file (audio, PDF, video, …) whose text is not inline. */
export const FILE_TOKENS = 1000;

/**
 * The default rule for prompt parts that are not text (the `fileTokens` option of
 * `genopsMiddleware`): each image reserves {@link IMAGE_TOKENS} (765) tokens and each other file
 * {@link FILE_TOKENS} (1,000) tokens. Files whose content is inline text (`{ type: 'text' }` file
 * data) are not passed here: their text is counted like any other text. The reservation is an
 * estimate; the actual consumption reported by the provider is what gets reconciled.
 *
 * @example
 * ```ts
 * defaultFileTokens({ mediaType: 'image/png' }); // 765
 * defaultFileTokens({ mediaType: 'application/pdf', byteLength: 48_000 }); // 1000
 * // A custom rule: PDFs by size (about 1 token per 4 bytes of text), the rest by default.
 * genopsMiddleware({ governor, fileTokens: (file) =>
 *   file.mediaType === 'application/pdf' && file.byteLength !== undefined
 *     ? Math.ceil(file.byteLength / 4) : defaultFileTokens(file) });
 * ```
 */
export function defaultFileTokens(file: FilePartInfo): number {
  return file.mediaType === 'image' || file.mediaType.startsWith('image/')
    ? IMAGE_TOKENS
    : FILE_TOKENS;
}
