const installed = Symbol.for('genops.example.muteRefusalLogs');

/**
 * LangChain's callback manager prints every error a handler raises (`console.error("Error in
 * handler GenOpsCallbackHandler, handleLLMStart: GenOpsPolicyError: …")`) before rethrowing it to
 * the caller. The chatbot reports refusals itself, so it drops exactly those lines (refusals by
 * `GenOpsCallbackHandler`); every other message is printed as usual. Installed once per process.
 *
 * @example
 * ```ts
 * muteRefusalLogs();
 * ```
 */
export function muteRefusalLogs(): void {
  const target = console as Console & { [installed]?: true };
  if (target[installed]) return;
  target[installed] = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const [first] = args;
    if (
      typeof first === 'string' &&
      first.startsWith('Error in handler GenOpsCallbackHandler') &&
      first.includes('GenOpsPolicyError')
    ) {
      return;
    }
    original(...args);
  };
}
