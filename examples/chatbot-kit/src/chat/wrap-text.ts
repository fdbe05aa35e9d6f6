import { stripVTControlCharacters } from 'node:util';

/** The width a string takes on a terminal: ANSI codes take none, wide characters (CJK, emoji) two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripVTControlCharacters(text)) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x300 && code < 0x370) || code === 0x200d || code === 0xfe0f) {
    return 0;
  }
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/**
 * Wraps one line at word boundaries to `width` columns; continuation lines start with `indent`
 * (by default as many spaces as the line's own leading spaces, plus two). ANSI colours are kept
 * and take no width. A word longer than a line is left whole. `width` undefined: no wrapping.
 *
 * @example
 * ```ts
 * wrapLine('  ✓ ALLOWED │ reserved 345 → actual 86 tokens │ left: …', 40);
 * ```
 */
export function wrapLine(line: string, width: number | undefined, indent?: string): string[] {
  if (width === undefined || width < 20 || displayWidth(line) <= width) return [line];
  const lead = /^ */.exec(stripVTControlCharacters(line))?.[0].length ?? 0;
  const hanging = indent ?? ' '.repeat(Math.min(lead + 2, Math.floor(width / 3)));
  const words = line.match(/\S+\s*/g) ?? [];
  const lines: string[] = [];
  let current = line.slice(0, line.length - line.trimStart().length);
  let used = displayWidth(current);
  for (const word of words) {
    const visible = displayWidth(word.trimEnd());
    if (used + visible > width && current.trim() !== '') {
      lines.push(current.trimEnd());
      current = hanging;
      used = displayWidth(hanging);
    }
    current += word;
    used += displayWidth(word);
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines;
}

/** {@link wrapLine} over several lines (each may contain `\n`). */
export function wrapLines(lines: readonly string[], width: number | undefined): string[] {
  return lines.flatMap((line) => line.split('\n')).flatMap((line) => wrapLine(line, width));
}

/**
 * Wraps streamed text (an answer arriving in pieces) at word boundaries: a word is written once
 * it is complete, on a new line when it would cross the right edge. `finish()` writes the rest.
 *
 * @example
 * ```ts
 * const wrap = createStreamWrapper({ width: 80, startColumn: 6, write: (t) => process.stdout.write(t) });
 * for await (const delta of stream) wrap.push(delta);
 * wrap.finish();
 * ```
 */
export function createStreamWrapper({
  width,
  startColumn,
  write,
}: {
  readonly width: number | undefined;
  readonly startColumn: number;
  readonly write: (text: string) => void;
}): { push(text: string): void; finish(): void } {
  let column = startColumn;
  let word = '';
  const emitWord = () => {
    if (word === '') return;
    const w = displayWidth(word);
    if (width !== undefined && column > 0 && column + w > width) {
      write('\n');
      column = 0;
    }
    write(word);
    column += w;
    word = '';
  };
  const push = (text: string) => {
    for (const char of text) {
      if (char === '\n') {
        emitWord();
        write('\n');
        column = 0;
      } else if (char === ' ' || char === '\t') {
        emitWord();
        if (width === undefined || column < width) {
          write(char);
          column += 1;
        }
      } else {
        word += char;
      }
    }
  };
  return {
    push,
    finish: emitWord,
  };
}
