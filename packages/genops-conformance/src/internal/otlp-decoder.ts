import { TelemetryReadError } from '../readers/telemetry-read-error.js';

/** Where in the input a document comes from, for error messages. */
export interface OtlpLocation {
  readonly source?: string | undefined;
  readonly line?: number | undefined;
}

type JsonObject = Readonly<Record<string, unknown>>;

const INTEGER_PATTERN = /^[-+]?\d+$/;

/** Decodes OTLP/JSON values (hex ids, string-encoded 64-bit integers, AnyValue, KeyValue lists). */
export class OtlpDecoder {
  constructor(private readonly location: OtlpLocation) {}

  fail(path: string, problem: string): never {
    throw new TelemetryReadError({
      source: this.location.source,
      line: this.location.line,
      reason: `${path} ${problem}`,
    });
  }

  isObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  object(value: unknown, path: string): JsonObject {
    if (!this.isObject(value)) this.fail(path, 'is not a JSON object');
    return value;
  }

  /** An optional array field: absent → `[]`, present but not an array → error. */
  array(parent: JsonObject, key: string, path: string): readonly unknown[] {
    const value = parent[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path === '' ? key : `${path}.${key}`, 'is not an array');
    return value;
  }

  string(parent: JsonObject, key: string, path: string): string | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(`${path}.${key}`, 'is not a string');
    return value;
  }

  /** Hex trace/span id, lowercased; absent → `''`. */
  id(parent: JsonObject, key: string, path: string): string {
    return (this.string(parent, key, path) ?? '').toLowerCase();
  }

  /** A fixed64 nanosecond timestamp written as a string or a number; absent → `0n`. */
  nanos(parent: JsonObject, key: string, path: string): bigint {
    const value = parent[key];
    if (value === undefined || value === null) return 0n;
    if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
    if (typeof value === 'string' && INTEGER_PATTERN.test(value)) return BigInt(value);
    return this.fail(`${path}.${key}`, `is not an integer timestamp (${JSON.stringify(value)})`);
  }

  /** A list of OTLP `KeyValue`s → attribute map. */
  attributes(parent: JsonObject, path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const list = this.array(parent, 'attributes', path);
    for (let index = 0; index < list.length; index += 1) {
      this.keyValue(list[index], `${path}.attributes[${index}]`, result);
    }
    return result;
  }

  private keyValue(entry: unknown, path: string, into: Record<string, unknown>): void {
    const keyValue = this.object(entry, path);
    const key = keyValue.key;
    if (typeof key !== 'string') this.fail(path, 'has no string "key"');
    into[key] =
      keyValue.value === undefined ? null : this.anyValue(keyValue.value, `${path}.value`);
  }

  /** An OTLP `AnyValue`; an empty value decodes to `null`. */
  anyValue(raw: unknown, path: string): unknown {
    const value = this.object(raw, path);
    if (value.stringValue !== undefined) return this.stringValue(value.stringValue, path);
    if (value.boolValue !== undefined) return this.boolValue(value.boolValue, path);
    if (value.intValue !== undefined) return this.intValue(value.intValue, path);
    if (value.doubleValue !== undefined) return this.doubleValue(value.doubleValue, path);
    if (value.arrayValue !== undefined) {
      const values = this.array(
        this.object(value.arrayValue, `${path}.arrayValue`),
        'values',
        path,
      );
      return values.map((item, index) =>
        this.anyValue(item, `${path}.arrayValue.values[${index}]`),
      );
    }
    if (value.kvlistValue !== undefined) {
      const list = this.object(value.kvlistValue, `${path}.kvlistValue`);
      const result: Record<string, unknown> = {};
      const values = this.array(list, 'values', `${path}.kvlistValue`);
      for (let index = 0; index < values.length; index += 1) {
        this.keyValue(values[index], `${path}.kvlistValue.values[${index}]`, result);
      }
      return result;
    }
    if (value.bytesValue !== undefined) {
      return { bytesValue: this.stringValue(value.bytesValue, path, 'bytesValue') };
    }
    return null;
  }

  private stringValue(value: unknown, path: string, field = 'stringValue'): string {
    if (typeof value !== 'string') this.fail(path, `has a ${field} that is not a string`);
    return value;
  }

  private boolValue(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'has a boolValue that is not a boolean');
    return value;
  }

  private intValue(value: unknown, path: string): number | bigint {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && INTEGER_PATTERN.test(value)) {
      const big = BigInt(value);
      const small = Number(big);
      return Number.isSafeInteger(small) ? small : big;
    }
    return this.fail(path, `has an intValue that is not an integer (${JSON.stringify(value)})`);
  }

  private doubleValue(value: unknown, path: string): number {
    if (typeof value === 'number') return value;
    if (value === 'NaN') return Number.NaN;
    if (value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      return Number(value);
    }
    return this.fail(path, `has a doubleValue that is not a number (${JSON.stringify(value)})`);
  }
}
