let prefix: string | undefined;
let counter = 0;

/** @internal A process-unique AWU id for when no tracing SDK assigns span ids. */
export function nextAwuId(): string {
  prefix ??= randomHex(8);
  counter += 1;
  return `${prefix}-${counter.toString(36)}`;
}

/**
 * Web Crypto (`globalThis.crypto`) exists in every runtime GenOps supports (Node 20+, Bun, Deno,
 * browsers, Vercel's Edge Runtime, Cloudflare Workers); `node:crypto` does not. Drawn on first use:
 * Workers refuse random values at a module's top level.
 */
function randomHex(bytes: number): string {
  let hex = '';
  for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(bytes))) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}
