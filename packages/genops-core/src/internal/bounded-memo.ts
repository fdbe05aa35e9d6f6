/**
 * @internal Memoizes a function of two string keys (either may be absent) in nested Maps, cleared
 * when they hold `max` entries (keys here are low-cardinality: providers, models, regions). The
 * last pair looked up is answered before the Maps: consecutive calls mostly ask for the same model.
 * A value is computed once per pair until the Maps are cleared (policies keep state in values).
 */
export function pairMemo<T>(
  compute: (first: string | undefined, second: string | undefined) => T,
  max = 1_000,
): (first: string | undefined, second: string | undefined) => T {
  const cache = new Map<string | undefined, Map<string | undefined, T>>();
  let size = 0;
  let seen = false;
  let lastFirst: string | undefined;
  let lastSecond: string | undefined;
  let lastValue: T | undefined;
  return (first, second) => {
    if (seen && first === lastFirst && second === lastSecond) return lastValue as T;
    let inner = cache.get(first);
    if (inner === undefined) {
      inner = new Map();
      cache.set(first, inner);
    }
    let value = inner.get(second);
    if (value === undefined && !inner.has(second)) {
      if (size >= max) {
        cache.clear();
        size = 0;
        seen = false;
        inner = new Map();
        cache.set(first, inner);
      }
      value = compute(first, second);
      inner.set(second, value);
      size++;
    }
    seen = true;
    lastFirst = first;
    lastSecond = second;
    lastValue = value;
    return value as T;
  };
}

/**
 * @internal Memoizes a function of one string key in a Map cleared when it holds `max` entries;
 * the last key looked up is answered before the Map.
 */
export function boundedMemo<T>(compute: (key: string) => T, max = 1_000): (key: string) => T {
  const cache = new Map<string, T>();
  let seen = false;
  let lastKey: string | undefined;
  let lastValue: T | undefined;
  return (key) => {
    if (seen && key === lastKey) return lastValue as T;
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      if (cache.size >= max) {
        cache.clear();
        seen = false;
      }
      value = compute(key);
      cache.set(key, value);
    }
    seen = true;
    lastKey = key;
    lastValue = value;
    return value as T;
  };
}
