import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTail } from './tail.ts';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const ids = (list: Array<{ id: number }>) => list.map((row) => row.id);

describe('outbox tail', () => {
  it('hands out rows after the cursor once, in order', () => {
    const tail = createTail(10);
    expect(ids(tail.accept(rows(11, 12), [], 0))).toEqual([11, 12]);
    expect(ids(tail.accept(rows(12, 13), [], 1))).toEqual([13]);
    expect(tail.cursor).toBe(13);
    expect(tail.missing()).toEqual([]);
  });

  it('waits for an id that committed late (PostgreSQL) and hands it out when it appears', () => {
    const tail = createTail(0);
    expect(ids(tail.accept(rows(1, 3), [], 0))).toEqual([1, 3]);
    expect(tail.missing()).toEqual([2]);
    expect(ids(tail.accept([], [], 100))).toEqual([]);
    expect(ids(tail.accept(rows(4), rows(2), 200))).toEqual([2, 4]);
    expect(tail.missing()).toEqual([]);
    // Found again (a re-read): not handed out twice.
    expect(ids(tail.accept([], rows(2), 300))).toEqual([]);
  });

  it('gives up on a missing id after the timeout (a rolled-back transaction)', () => {
    const tail = createTail(0, { gapTimeoutMs: 1000 });
    tail.accept(rows(2), [], 0);
    expect(tail.missing()).toEqual([1]);
    tail.accept([], [], 1000);
    expect(tail.missing()).toEqual([1]);
    tail.accept([], [], 1001);
    expect(tail.missing()).toEqual([]);
  });

  it('remembers a bounded number of missing ids', () => {
    const tail = createTail(0, { maxGaps: 5 });
    tail.accept(rows(1_000_000), [], 0);
    expect(tail.missing().sort((a, b) => a - b)).toEqual([999_995, 999_996, 999_997, 999_998, 999_999]);
    tail.accept(rows(1_000_003), [], 0);
    expect(tail.missing()).toHaveLength(5);
    expect(Math.max(...tail.missing())).toBe(1_000_002);
  });

  it('jumps ahead and forgets gaps on reset', () => {
    const tail = createTail(0);
    tail.accept(rows(3), [], 0);
    tail.reset(10);
    expect(tail.cursor).toBe(10);
    expect(tail.missing()).toEqual([]);
    tail.reset(5);
    expect(tail.cursor).toBe(10);
  });

  it('delivers every committed id exactly once whatever the commit order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (delays, pollsBetween) => {
          // Id i becomes visible delays[i] polls after it was allocated; ids are allocated one per poll.
          const tail = createTail(0, { gapTimeoutMs: 1_000_000 });
          const delivered: number[] = [];
          const total = delays.length;
          for (let poll = 0; poll < total + 6 * pollsBetween; poll++) {
            const visible = delays.map((delay, index) => ({ id: index + 1, at: index + delay })).filter((row) => row.at <= poll);
            const after = visible.filter((row) => row.id > tail.cursor).map(({ id }) => ({ id }));
            const filled = visible.filter((row) => tail.missing().includes(row.id)).map(({ id }) => ({ id }));
            delivered.push(...ids(tail.accept(after, filled, poll)));
          }
          expect([...delivered].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        },
      ),
    );
  });
});
