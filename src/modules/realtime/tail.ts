/**
 * Following the outbox from one process without missing or repeating an event.
 *
 * Ids come from a sequence, but on PostgreSQL a transaction can take id 100, another id 101, and
 * the second commit first: a reader that only remembered "highest id seen" would skip 100 for
 * ever. So the tail remembers the ids it jumped over (gaps) and asks for them again on every poll
 * until they appear (the transaction committed) or a timeout passes (it rolled back, which also
 * consumes sequence values). An id is handed out once: either as it passes the cursor or as its gap
 * is filled. Pure: the caller reads the database and passes the time.
 */
export interface TailOptions {
  /** How long a missing id is waited for (longer than any transaction that writes events). */
  gapTimeoutMs?: number;
  /** At most this many missing ids are remembered (the oldest are given up first). */
  maxGaps?: number;
}

export interface TailRow {
  id: number;
}

export function createTail(startAfter: number, options: TailOptions = {}) {
  const gapTimeoutMs = options.gapTimeoutMs ?? 30_000;
  const maxGaps = options.maxGaps ?? 1000;
  let cursor = startAfter;
  /** Missing id → when it was first missed. */
  const gaps = new Map<number, number>();

  function forgetOldGaps(now: number) {
    for (const [id, since] of gaps) if (now - since > gapTimeoutMs) gaps.delete(id);
    if (gaps.size > maxGaps) {
      const ids = [...gaps.keys()].sort((a, b) => a - b);
      for (const id of ids.slice(0, ids.length - maxGaps)) gaps.delete(id);
    }
  }

  return {
    get cursor() {
      return cursor;
    },
    /** The ids to look for again (pass the rows found to `accept` as `filled`). */
    missing: () => [...gaps.keys()],
    /**
     * Takes the rows read after the cursor (ascending) and those found among the missing ids;
     * returns the rows not handed out before, in id order.
     */
    accept<R extends TailRow>(after: R[], filled: R[], now: number): R[] {
      const fresh: R[] = [];
      for (const row of filled) {
        if (gaps.delete(row.id)) fresh.push(row);
      }
      for (const row of after) {
        if (row.id <= cursor) continue;
        // Only the ids just below the row can still be in flight; a huge jump (a bulk rollback)
        // is bounded by maxGaps.
        for (let id = Math.max(cursor + 1, row.id - maxGaps); id < row.id; id++) gaps.set(id, now);
        cursor = row.id;
        fresh.push(row);
      }
      forgetOldGaps(now);
      return fresh.sort((a, b) => a.id - b.id);
    },
    /** Jumps to `id` (nobody is listening, so nothing before it will be needed). */
    reset(id: number) {
      cursor = Math.max(cursor, id);
      gaps.clear();
    },
  };
}

export type Tail = ReturnType<typeof createTail>;
