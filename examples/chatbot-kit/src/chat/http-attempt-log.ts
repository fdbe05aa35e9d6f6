/** One HTTP request a provider client made to the model server. */
export interface HttpAttempt {
  /** `POST http://127.0.0.1:11434/v1/chat/completions` */
  readonly request: string;
  /** When it was sent (epoch ms). */
  readonly startedAtMs: number;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /**
   * What went wrong, for the user: the server's error message (an error status) or the
   * connection error (`connect ECONNREFUSED 127.0.0.1:1`); `undefined` for a success.
   */
  readonly error: string | undefined;
}

/**
 * Observes the HTTP requests of a provider client (the AI SDK's `createOpenAI({ fetch })`, the
 * OpenAI client's `configuration.fetch`): every attempt of a retried call is one entry, with the
 * URL and the server's own error, so the chat can show each attempt instead of only the last.
 *
 * @example
 * ```ts
 * const log = new HttpAttemptLog();
 * const openai = createOpenAI({ fetch: log.fetch });
 * // … after a turn:
 * for (const attempt of log.take()) console.log(attempt.request, attempt.status, attempt.error);
 * ```
 */
export class HttpAttemptLog {
  #attempts: HttpAttempt[] = [];
  readonly #fetch: typeof globalThis.fetch;

  constructor(fetchImpl: typeof globalThis.fetch = globalThis.fetch) {
    this.#fetch = fetchImpl;
  }

  /** A `fetch` that records each request, then behaves exactly like the one it wraps. */
  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const request = `${method.toUpperCase()} ${url}`;
    const startedAtMs = Date.now();
    let response: Response;
    try {
      response = await this.#fetch(input, init);
    } catch (error) {
      if (!isAbort(error)) {
        this.#attempts.push({
          request,
          startedAtMs,
          status: undefined,
          error: connectionError(error),
        });
      }
      throw error;
    }
    if (response.ok) {
      this.#attempts.push({ request, startedAtMs, status: response.status, error: undefined });
      return response;
    }
    const body = await response
      .clone()
      .text()
      .catch(() => '');
    this.#attempts.push({
      request,
      startedAtMs,
      status: response.status,
      error: `HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}${serverMessage(body)}`,
    });
    return response;
  };

  /** The attempts recorded since the previous call. */
  take(): HttpAttempt[] {
    const attempts = this.#attempts;
    this.#attempts = [];
    return attempts;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** `fetch failed` says nothing: the cause (`connect ECONNREFUSED 127.0.0.1:1`) says what failed. */
function connectionError(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const cause: unknown = current.cause;
    if (cause instanceof Error && cause.message !== '') message = cause.message;
    else if (cause instanceof AggregateError) message = cause.errors.map(String).join('; ');
    current = cause;
  }
  return message;
}

/** The message of an OpenAI-style error body (`{"error":{"message":…}}`), else its start. */
function serverMessage(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') return '';
  try {
    const parsed = JSON.parse(trimmed) as {
      error?: { message?: unknown } | string;
      message?: unknown;
    };
    const message =
      typeof parsed.error === 'string'
        ? parsed.error
        : typeof parsed.error?.message === 'string'
          ? parsed.error.message
          : typeof parsed.message === 'string'
            ? parsed.message
            : undefined;
    if (message !== undefined) return `: ${message}`;
  } catch {
    // not JSON
  }
  const oneLine = trimmed.replace(/\s+/g, ' ');
  return `: ${oneLine.length > 160 ? `${oneLine.slice(0, 157)}…` : oneLine}`;
}
