/** @internal True for a non-null object (LangChain hands handlers loosely typed payloads). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
