import type { TelemetryAttributes } from '../model/telemetry.js';

/** Whether the attribute is set (an `undefined` value counts as absent; `null` as present). */
export function hasAttribute(attributes: TelemetryAttributes, key: string): boolean {
  return attributes[key] !== undefined;
}

/** The attribute when it is a string, else `undefined`. */
export function readString(attributes: TelemetryAttributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' ? value : undefined;
}

/** The attribute when it is a finite number (or a bigint), else `undefined`. */
export function readFiniteNumber(attributes: TelemetryAttributes, key: string): number | undefined {
  const value = attributes[key];
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The attribute when it is a boolean, else `undefined`. */
export function readBoolean(attributes: TelemetryAttributes, key: string): boolean | undefined {
  const value = attributes[key];
  return typeof value === 'boolean' ? value : undefined;
}
