import { createInterface, type Interface } from 'node:readline';

/** What the user gave the chat: a line (a question or a `/command`), or the end of the session. */
export type ChatInputEvent =
  | {
      readonly kind: 'line';
      readonly text: string;
      /** Lines pasted together (one question): how many. 1 for a typed line. */
      readonly lines: number;
    }
  | {
      readonly kind: 'end';
      /** `eof`: Ctrl-D or the end of a script; `interrupt`: Ctrl-C twice. */
      readonly reason: 'eof' | 'interrupt';
    };

/** What the chat does when the user presses a key while an answer streams. */
export interface AnsweringHandlers {
  /** Ctrl-C (or SIGINT): stop the answer. */
  onStop(): void;
  /** Ctrl-D, or a second Ctrl-C: stop the answer and quit. */
  onQuit(): void;
}

/** Where the chat reads from: a terminal, or a script. */
export interface ChatInput {
  /** Whether this is a terminal (prompt, line editing, keys). */
  readonly interactive: boolean;
  /** The next question or command; `prompt` is shown first in a terminal. */
  next(prompt: string): Promise<ChatInputEvent>;
  /**
   * While an answer streams: Ctrl-C stops it, Ctrl-D quits; what the user types is kept for the
   * next prompt instead of being echoed into the answer. Returns the function that ends it.
   */
  answering(handlers: AnsweringHandlers): () => void;
  /** Whether the last key was a Ctrl-C that stopped an answer or was pressed at an empty prompt. */
  readonly quitArmed: boolean;
  close(): void;
}

/** Lines that arrive within this window of each other were pasted together: one question. */
const PASTE_WINDOW_MS = 40;

type TtyInput = NodeJS.ReadableStream & {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
};

/**
 * Creates the chat's input: line editing with history in a terminal (a multi-line paste is one
 * question; Ctrl-C stops an answer, twice quits; Ctrl-D quits; typing during an answer waits for
 * the next prompt), or one line per turn from a script.
 *
 * @example
 * ```ts
 * const input = createChatInput({ input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY });
 * const event = await input.next('acme › ');
 * ```
 */
export function createChatInput(options: {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly interactive: boolean;
  /** Printed under the prompt after a first Ctrl-C at an empty prompt. */
  readonly quitHint?: string;
}): ChatInput {
  return options.interactive
    ? new TerminalInput(options.input as TtyInput, options.output, options.quitHint)
    : new ScriptInput(options.input);
}

/** A script: one turn or command per line; Ctrl-C (SIGINT) stops an answer, twice quits. */
class ScriptInput implements ChatInput {
  readonly interactive = false;
  quitArmed = false;
  readonly #lines: string[] = [];
  #ended = false;
  #waiter: (() => void) | undefined;
  readonly #rl: Interface;

  constructor(input: NodeJS.ReadableStream) {
    this.#rl = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
    this.#rl.on('line', (line) => {
      this.#lines.push(line);
      this.#wake();
    });
    this.#rl.on('close', () => {
      this.#ended = true;
      this.#wake();
    });
  }

  async next(): Promise<ChatInputEvent> {
    while (this.#lines.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
    const line = this.#lines.shift();
    return line === undefined
      ? { kind: 'end', reason: 'eof' }
      : { kind: 'line', text: line, lines: 1 };
  }

  answering(handlers: AnsweringHandlers): () => void {
    let interrupts = 0;
    const onSigint = () => {
      interrupts += 1;
      if (interrupts === 1) handlers.onStop();
      else handlers.onQuit();
    };
    process.on('SIGINT', onSigint);
    return () => {
      process.removeListener('SIGINT', onSigint);
    };
  }

  close(): void {
    this.#rl.close();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}

/**
 * A terminal. A readline interface exists only while the prompt is shown; while an answer streams
 * the chat reads the keys itself (raw mode): Ctrl-C and Ctrl-D act at once, anything else is kept
 * (not echoed) and replayed into the next prompt, where readline shows it as if just typed.
 */
class TerminalInput implements ChatInput {
  readonly interactive = true;
  quitArmed = false;
  readonly #input: TtyInput;
  readonly #output: NodeJS.WritableStream;
  readonly #quitHint: string;
  #history: string[] = [];
  /** Keys typed while no prompt was shown, replayed into the next one. */
  #typeahead = '';
  #capture: ((data: Buffer | string) => void) | undefined;
  #closed = false;

  constructor(
    input: TtyInput,
    output: NodeJS.WritableStream,
    quitHint = '(Ctrl-C again or Ctrl-D to quit)',
  ) {
    this.#input = input;
    this.#output = output;
    this.#quitHint = quitHint;
  }

  next(prompt: string): Promise<ChatInputEvent> {
    this.#stopCapture();
    if (this.#closed) return Promise.resolve({ kind: 'end', reason: 'eof' });
    return new Promise<ChatInputEvent>((resolve) => {
      const rl = createInterface({
        input: this.#input,
        output: this.#output,
        terminal: true,
        history: this.#history,
        historySize: 100,
        prompt,
      });
      const pasted: string[] = [];
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (event: ChatInputEvent) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#input.removeListener('keypress', onKeypress);
        this.#history = (rl as Interface & { history?: string[] }).history ?? this.#history;
        // (readline's own clean-up listens to 'close': the `done` flag ignores this one.)
        rl.close();
        // Keys that arrive before the next prompt (or during the answer) are kept, not lost.
        this.#startCapture(undefined);
        resolve(event);
      };
      const settle = () => {
        // A paste whose last line has no newline yet: wait for Enter, then it is one question.
        if (pasted.length > 1 && rl.line !== '') return;
        finish({ kind: 'line', text: pasted.join('\n'), lines: pasted.length });
      };
      const onKeypress = (
        _text: string | undefined,
        key: { name?: string; ctrl?: boolean } | undefined,
      ) => {
        if (!(key?.ctrl === true && key.name === 'c')) this.quitArmed = false;
      };
      this.#input.on('keypress', onKeypress);
      rl.on('line', (line) => {
        this.quitArmed = false;
        pasted.push(line);
        clearTimeout(timer);
        timer = setTimeout(settle, PASTE_WINDOW_MS);
      });
      rl.on('SIGINT', () => {
        if (rl.line !== '' || pasted.length > 0) {
          // Ctrl-C on a half-typed line clears it, as in a shell.
          pasted.length = 0;
          rl.write(null, { ctrl: true, name: 'e' });
          rl.write(null, { ctrl: true, name: 'u' });
          this.quitArmed = false;
          return;
        }
        if (this.quitArmed) {
          this.#output.write('\n');
          finish({ kind: 'end', reason: 'interrupt' });
          return;
        }
        this.quitArmed = true;
        this.#output.write(`\n${this.#quitHint}\n`);
        rl.prompt();
      });
      rl.on('close', () => {
        this.#output.write('\n');
        finish({ kind: 'end', reason: 'eof' });
      });
      rl.prompt();
      const typeahead = this.#typeahead;
      this.#typeahead = '';
      if (typeahead !== '') rl.write(typeahead);
    });
  }

  answering(handlers: AnsweringHandlers): () => void {
    this.#startCapture(handlers);
    return () => this.#startCapture(undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopCapture();
    this.#input.setRawMode?.(false);
    this.#input.pause();
  }

  /** Reads keys without a prompt: Ctrl-C/Ctrl-D go to `handlers`, the rest to the type-ahead. */
  #startCapture(handlers: AnsweringHandlers | undefined): void {
    this.#stopCapture();
    let interrupts = 0;
    const onData = (data: Buffer | string) => {
      const text = typeof data === 'string' ? data : data.toString('utf8');
      for (const char of stripEscapes(text)) {
        if (char === '\u0003') {
          interrupts += 1;
          if (handlers === undefined) {
            this.quitArmed = true;
          } else if (interrupts === 1 && !this.quitArmed) {
            this.quitArmed = true;
            handlers.onStop();
          } else {
            handlers.onQuit();
          }
        } else if (char === '\u0004') {
          if (handlers === undefined) this.#closed = true;
          else handlers.onQuit();
        } else if (char === '\u007f' || char === '\b') {
          this.#typeahead = [...this.#typeahead].slice(0, -1).join('');
        } else if (char === '\u0015') {
          this.#typeahead = this.#typeahead.replace(/[^\r\n]*$/, '');
        } else if (char === '\r' || char === '\n' || char >= ' ') {
          this.#typeahead += char;
        }
      }
    };
    this.#capture = onData;
    this.#input.setRawMode?.(true);
    this.#input.on('data', onData);
    this.#input.resume();
  }

  #stopCapture(): void {
    if (this.#capture !== undefined) this.#input.removeListener('data', this.#capture);
    this.#capture = undefined;
  }
}

/** Drops terminal escape sequences (arrow keys, bracketed-paste markers) from typed-ahead keys. */
function stripEscapes(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
  return text.replace(/\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g, '');
}
