import type { Paint } from './paint.js';
import { wrapLines } from './wrap-text.js';

/** Where the chat writes: lines wrapped to the terminal width (none when not a terminal). */
export interface ChatScreen {
  readonly paint: Paint;
  /** The terminal's width now (it may be resized), or `undefined` when not a terminal. */
  width(): number | undefined;
  /** Writes text as is. */
  write(text: string): void;
  /** Writes lines, each wrapped at word boundaries to the width. */
  writeLines(lines: readonly string[]): void;
}

/**
 * The chat's screen on an output stream.
 *
 * @example
 * ```ts
 * const screen = createChatScreen(process.stdout, createPaint(true));
 * screen.writeLines(['  ✓ ALLOWED │ reserved 345 → actual 86 tokens │ …']);
 * ```
 */
export function createChatScreen(output: NodeJS.WritableStream, paint: Paint): ChatScreen {
  const width = () => {
    const { isTTY, columns } = output as { isTTY?: boolean; columns?: number };
    return isTTY === true && typeof columns === 'number' && columns > 0 ? columns : undefined;
  };
  const write = (text: string) => {
    output.write(text);
  };
  return {
    paint,
    width,
    write,
    writeLines: (lines) => write(`${wrapLines(lines, width()).join('\n')}\n`),
  };
}
