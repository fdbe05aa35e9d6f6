/**
 * @internal Memoizes a function of one string key in a Map of at most `max` entries; when full,
 * the least recently used entry is evicted (never all of them: policies keep state in values, such
 * as the `sla` latency history). The last key looked up is answered before the Map: consecutive
 * calls mostly ask for the same key.
 */
export function boundedMemo<T>(compute: (key: string) => T, max = 1_000): (key: string) => T {
  const cache = new Map<string, T>();
  let seen = false;
  let lastKey: string | undefined;
  let lastValue: T | undefined;
  return (key) => {
    if (seen && key === lastKey) return lastValue as T;
    let value: T | undefined;
    if (cache.has(key)) {
      value = cache.get(key);
      // A Map iterates in insertion order: re-inserting makes this key the most recently used.
      cache.delete(key);
      cache.set(key, value as T);
    } else {
      seen = false;
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      value = compute(key);
      cache.set(key, value);
    }
    seen = true;
    lastKey = key;
    lastValue = value;
    return value as T;
  };
}

/**
 * @internal {@link boundedMemo} over two string keys (either may be absent): providers and models,
 * regions. The last pair looked up is answered before the Map.
 */
export function pairMemo<T>(
  compute: (first: string | undefined, second: string | undefined) => T,
  max = 1_000,
): (first: string | undefined, second: string | undefined) => T {
  let pendingFirst: string | undefined;
  let pendingSecond: string | undefined;
  const byKey = boundedMemo(() => compute(pendingFirst, pendingSecond), max);
  let seen = false;
  let lastFirst: string | undefined;
  let lastSecond: string | undefined;
  let lastValue: T | undefined;
  return (first, second) => {
    if (seen && first === lastFirst && second === lastSecond) return lastValue as T;
    seen = false;
    pendingFirst = first;
    pendingSecond = second;
    const value = byKey(pairKey(first, second));
    seen = true;
    lastFirst = first;
    lastSecond = second;
    lastValue = value;
    return value;
  };
}

/** One unambiguous key per pair: the first is length-prefixed, an absent one is `-`. */
function pairKey(first: string | undefined, second: string | undefined): string {
  const head = first === undefined ? '-' : `${first.length}+${first}`;
  return second === undefined ? `${head}-` : `${head}+${second}`;
}
