/** Renders an attribute value for a finding message: strings quoted, bigints as digits. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === null) return 'no value';
  if (Array.isArray(value)) return `an array ${safeJson(value)}`;
  if (typeof value === 'object') return `a map ${safeJson(value)}`;
  return String(value);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' ? item.toString() : item,
    );
  } catch {
    return String(value);
  }
}
