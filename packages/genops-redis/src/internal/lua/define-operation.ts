import { defineScript, type LuaScript } from './define-script.js';

/**
 * @internal A Lua operation of the ledger: a Lua function `op_<name>(keys, args)` over the Lua parts it
 * needs. It is registered in the Redis Functions library (`LEDGER_LIBRARY`) and also stands alone
 * as an EVALSHA script, for servers without FUNCTION.
 */
export interface LuaOperation {
  readonly name: string;
  /** The Lua parts the operation uses (after `CORE`), in order. */
  readonly parts: readonly string[];
  /** Lua: `local function op_<name>(keys, args) … end`. */
  readonly definition: string;
  /** The operation as a script: its parts, its definition, then a call with `KEYS` and `ARGV`. */
  readonly script: LuaScript;
}

/** @internal Defines an operation named `name` (its Lua function must be `op_<name>`). */
export function defineOperation(
  name: string,
  parts: readonly string[],
  definition: string,
): LuaOperation {
  const script = defineScript(name, parts, `${definition}\nreturn op_${name}(KEYS, ARGV)\n`);
  return { name, parts, definition, script };
}
