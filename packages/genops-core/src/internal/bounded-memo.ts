/**
 * @internal Memoizes a function of two string keys (either may be absent) in nested Maps, cleared
 * when they hold `max` entries (keys here are low-cardinality: providers, models, regions).
 */
export function pairMemo<T>(
  compute: (first: string | undefined, second: string | undefined) => T,
  max = 1_000,
): (first: string | undefined, second: string | undefined) => T {
  const cache = new Map<string | undefined, Map<string | undefined, T>>();
  let size = 0;
  return (first, second) => {
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
        inner = new Map();
        cache.set(first, inner);
      }
      value = compute(first, second);
      inner.set(second, value);
      size++;
    }
    return value as T;
  };
}

/** @internal Memoizes a function of one string key in a Map cleared when it holds `max` entries. */
export function boundedMemo<T>(compute: (key: string) => T, max = 1_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      if (cache.size >= max) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value as T;
  };
}
