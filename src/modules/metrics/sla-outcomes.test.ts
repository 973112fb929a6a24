import { describe, expect, it } from 'vitest';
import { readStoredClocks, slaOutcomes } from './sla-outcomes.ts';

describe('slaOutcomes', () => {
  const at = (iso: string) => Date.parse(iso);
  it('decides a clock when it stops or when its due time passes, and leaves a running one open', () => {
    const outcomes = slaOutcomes(
      [
        { clock: 'acknowledgement', status: 'met', stoppedAt: at('2026-03-02T09:05:00Z'), dueAt: at('2026-03-02T09:15:00Z'), breachedAt: null },
        { clock: 'firstResponse', status: 'breached', stoppedAt: at('2026-03-02T15:00:00Z'), dueAt: at('2026-03-02T13:00:00Z'), breachedAt: at('2026-03-02T13:00:00Z') },
        { clock: 'resolution', status: 'running', stoppedAt: null, dueAt: at('2026-03-04T09:00:00Z'), breachedAt: null },
      ],
      at('2026-03-03T09:00:00Z'),
    );
    expect(outcomes).toEqual({
      acknowledgement: { result: 'met', at: at('2026-03-02T09:05:00Z') },
      firstResponse: { result: 'breached', at: at('2026-03-02T13:00:00Z') },
      nextResponse: null,
      resolution: null,
    });
    // A clock still running when its due time has passed is breached at that time.
    expect(slaOutcomes([{ clock: 'resolution', status: 'running', stoppedAt: null, dueAt: at('2026-03-04T09:00:00Z'), breachedAt: null }], at('2026-03-05T00:00:00Z')).resolution).toEqual({
      result: 'breached',
      at: at('2026-03-04T09:00:00Z'),
    });
  });

  it('reads no clocks from a ticket without stored state or with unreadable state', () => {
    expect(readStoredClocks(null)).toEqual([]);
    expect(readStoredClocks('not json')).toEqual([]);
    expect(readStoredClocks('{"a":1}')).toEqual([]);
  });
});
