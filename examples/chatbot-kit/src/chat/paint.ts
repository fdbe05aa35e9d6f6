/** Terminal styles used by the chat output. */
export type Style = 'bold' | 'dim' | 'green' | 'yellow' | 'red' | 'cyan' | 'magenta';

const CODES: Readonly<Record<Style, readonly [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  cyan: [36, 39],
  magenta: [35, 39],
};

/** Applies a style, or returns the text unchanged when colours are off. */
export type Paint = (style: Style, text: string) => string;

/**
 * A painter: ANSI colours when `enabled`, plain text otherwise.
 *
 * @example
 * ```ts
 * const paint = createPaint(colorsWanted(process.stdout));
 * console.log(paint('green', 'ALLOWED'));
 * ```
 */
export function createPaint(enabled: boolean): Paint {
  if (!enabled) return (_style, text) => text;
  return (style, text) => {
    const [open, close] = CODES[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  };
}

/**
 * Whether to colour output: `FORCE_COLOR` (not `0`) forces it, `NO_COLOR` disables it, otherwise
 * only when the output is a terminal.
 */
export function colorsWanted(output: NodeJS.WritableStream, env = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return (output as { isTTY?: boolean }).isTTY === true;
}

/** `1234` → `1,234`. */
export function formatNumber(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `1234` → `1.2 s`, `850` → `850 ms`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `1 turn`, `2 turns`, `1,200 tokens`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatNumber(count)} ${count === 1 ? noun : pluralNoun}`;
}

/**
 * A policy reason with thousands separators (`has 1200 tokens left, 5088 needed` → `has 1,200
 * tokens left, 5,088 needed`); dates (`2026-12-08`) are left alone.
 */
export function formatReason(reason: string): string;
export function formatReason(reason: string | undefined): string | undefined;
export function formatReason(reason: string | undefined): string | undefined {
  return reason?.replace(/(?<![\d.-])\d{4,}(?![\d.-])/g, (digits) => formatNumber(Number(digits)));
}
