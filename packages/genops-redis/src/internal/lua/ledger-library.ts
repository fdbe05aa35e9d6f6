import { CORE } from './core.js';
import type { LuaOperation } from './define-operation.js';
import { RELEASE_OPERATION } from './release-operation.js';
import { RENEW_OPERATION } from './renew-operation.js';
import { RESERVE_SETTLE_OPERATION } from './reserve-settle-operation.js';
import { sha1Hex } from './sha1-hex.js';
import { SNAPSHOT_OPERATION } from './snapshot-operation.js';

/** @internal A Redis Functions library (Redis 7+) and the function of each ledger operation in it. */
export interface LuaLibrary {
  /** `genops_ledger_<hash of the code>`: each version of the code is a library of its own. */
  readonly name: string;
  /** The source for `FUNCTION LOAD REPLACE`. */
  readonly source: string;
  /** The function name of an operation, for `FCALL`. */
  functionOf(operation: LuaOperation): string;
}

/**
 * @internal Builds the library of `operations`: `CORE`, every Lua part any of them uses (once, in
 * order), their definitions, then one `redis.register_function` each. Everything is defined once,
 * when the library is loaded; a call only resets its per-call state.
 */
export function defineLibrary(operations: readonly LuaOperation[]): LuaLibrary {
  const parts: string[] = [];
  for (const operation of operations) {
    for (const part of operation.parts) if (!parts.includes(part)) parts.push(part);
  }
  const code = [
    'local PXAT = true',
    CORE,
    ...parts,
    ...operations.map((operation) => operation.definition),
  ].join('\n');
  const name = `genops_ledger_${sha1Hex(code).slice(0, 16)}`;
  const names = new Map(operations.map((operation) => [operation, `${name}_${operation.name}`]));
  const registrations = operations.map(
    (operation) => `redis.register_function('${names.get(operation)}', op_${operation.name})`,
  );
  return {
    name,
    source: `#!lua name=${name}\n${code}\n${registrations.join('\n')}\n`,
    functionOf(operation) {
      const found = names.get(operation);
      if (found === undefined) throw new Error(`${operation.name} is not in ${name}`);
      return found;
    },
  };
}

/** @internal The ledger's library: settle and reserve (`ledger`), release, renew, snapshot. */
export const LEDGER_LIBRARY = defineLibrary([
  RESERVE_SETTLE_OPERATION,
  RELEASE_OPERATION,
  RENEW_OPERATION,
  SNAPSHOT_OPERATION,
]);
