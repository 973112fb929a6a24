import { describe, expect, it } from 'vitest';
import { type PresenceRow, presenceChange, viewersOf } from './presence.ts';

const row = (overrides: Partial<PresenceRow>): PresenceRow => ({
  connectionId: Math.random().toString(36),
  ticketId: 't1',
  userId: 'ana',
  userName: 'Ana',
  state: 'viewing',
  expiresAt: 10_000,
  ...overrides,
});

describe('presence', () => {
  it('lists the others on the ticket, not oneself, not other tickets, not expired rows', () => {
    const rows = [
      row({}),
      row({ userId: 'me', userName: 'Me' }),
      row({ userId: 'bo', userName: 'Bo', ticketId: 't2' }),
      row({ userId: 'cy', userName: 'Cy', expiresAt: 5_000 }),
    ];
    expect(viewersOf(rows, 't1', 'me', 5_000)).toEqual([{ userId: 'ana', name: 'Ana', state: 'viewing' }]);
    expect(viewersOf(rows, 't1', 'me', 10_000)).toEqual([]);
  });

  it('counts a person with two tabs once, replying if either tab is', () => {
    const rows = [row({ state: 'viewing' }), row({ state: 'replying' }), row({ userId: 'bo', userName: 'Bo' })];
    expect(viewersOf(rows, 't1', 'me', 0)).toEqual([
      { userId: 'ana', name: 'Ana', state: 'replying' },
      { userId: 'bo', name: 'Bo', state: 'viewing' },
    ]);
  });

  it('pushes only changes, and nothing when no ticket is watched', () => {
    const first = presenceChange('t1', '', [row({})], 'me', 0);
    expect(first.message).toEqual({ type: 'presence', ticketId: 't1', viewers: [{ userId: 'ana', name: 'Ana', state: 'viewing' }] });
    expect(presenceChange('t1', first.key, [row({})], 'me', 1).message).toBeNull();
    const replying = presenceChange('t1', first.key, [row({ state: 'replying' })], 'me', 2);
    expect(replying.message?.viewers[0].state).toBe('replying');
    // Expired: the list empties, and that is a change too.
    const gone = presenceChange('t1', replying.key, [row({ state: 'replying' })], 'me', 20_000);
    expect(gone.message).toEqual({ type: 'presence', ticketId: 't1', viewers: [] });
    // Another ticket with nobody on it is a change of ticket: it is sent.
    expect(presenceChange('t2', gone.key, [], 'me', 0).message).toEqual({ type: 'presence', ticketId: 't2', viewers: [] });
    expect(presenceChange(null, gone.key, [], 'me', 0)).toEqual({ key: '', message: null });
  });
});
