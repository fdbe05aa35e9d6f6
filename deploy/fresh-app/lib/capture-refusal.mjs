import { serializeError } from './serialize-spans.mjs';

/** Runs a call that policy must refuse, and returns how it was refused (as JSON). */
export async function captureRefusal(core, call) {
  try {
    await call();
    return { thrown: false };
  } catch (error) {
    return {
      thrown: true,
      isGenOpsPolicyError: core.GenOpsPolicyError.isInstance(error),
      ...serializeError(error),
    };
  }
}
