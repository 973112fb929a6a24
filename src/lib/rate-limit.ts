import type { Clock } from './clock.ts';

/**
 * A fixed-window limit per key (an IP address, a visitor) kept in memory: each process counts for
 * itself, which bounds abuse of public pages without a shared store. The map is bounded: when it
 * fills up, the oldest windows go first.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; clock: Clock; maxKeys?: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 50_000;
  return {
    /** Counts one use; false when the key has used up its window. */
    take(key: string): boolean {
      const now = options.clock.now().getTime();
      let window = windows.get(key);
      if (!window || now - window.start >= options.windowMs) {
        windows.delete(key);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      return window.count <= options.limit;
    },
  };
}
