import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from about a second up to about thirty', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => reconnectDelay(attempt, 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('spreads reconnects over the upper half of the delay', () => {
    expect(reconnectDelay(1, 0)).toBe(500);
    expect(reconnectDelay(3, 0.5)).toBe(3000);
    for (let i = 0; i < 100; i++) {
      const delay = reconnectDelay(5);
      expect(delay).toBeGreaterThanOrEqual(8000);
      expect(delay).toBeLessThanOrEqual(16000);
    }
  });
});
