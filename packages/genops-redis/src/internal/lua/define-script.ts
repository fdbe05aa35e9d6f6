import { CORE } from './core.js';
import { sha1Hex } from './sha1-hex.js';

/** @internal A Lua script with its SHA1 (for EVALSHA). */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

/**
 * @internal A ledger script for EVAL/EVALSHA (Redis 5+, absolute expiries not assumed): `CORE`, the
 * other Lua parts it needs (`PERIODS`, `STATE`, …), then its body.
 */
export function defineScript(name: string, parts: readonly string[], body: string): LuaScript {
  const source = `-- genops ledger: ${name}\nlocal PXAT = false\n${CORE}\nbind()\n${parts.join('\n')}\n${body}`;
  return { name, source, sha: sha1Hex(source) };
}
