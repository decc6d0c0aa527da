/**
 * The key-value store the runtime's response cache asks for (`get`, `set` with a ttl in seconds,
 * `delete`, `getKeysByPrefix`), in memory, for the `plain-response-cache` target. Written here
 * because the runtime ships none and the benchmark needs nothing but a Map with expiry.
 */
export function memoryCache() {
  const entries = new Map<string, { value: unknown; expires: number }>();
  return {
    get(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key: string, value: unknown, options?: { ttl?: number }) {
      entries.set(key, { value, expires: options?.ttl ? Date.now() + options.ttl * 1000 : Infinity });
    },
    delete(key: string) {
      return entries.delete(key);
    },
    getKeysByPrefix(prefix: string) {
      return [...entries.keys()].filter((k) => k.startsWith(prefix));
    },
  };
}
