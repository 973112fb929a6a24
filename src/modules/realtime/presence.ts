/** Who else is on a ticket, as one agent's screen shows it. Pure: rows and time are passed in. */
export const PRESENCE_STATES = ['viewing', 'replying'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export interface PresenceRow {
  connectionId: string;
  ticketId: string;
  userId: string;
  userName: string;
  state: string;
  expiresAt: number;
}

export interface Viewer {
  userId: string;
  name: string;
  state: PresenceState;
}

const rank = (state: string) => (state === 'replying' ? 1 : 0);

/**
 * The other people with `ticketId` open, as of `now`: expired rows are ignored, the viewer's own
 * connections too (their other tab is not "someone else"), and a person with several connections
 * counts once, replying if any of them is. Sorted by name so the list does not jump around.
 */
export function viewersOf(rows: PresenceRow[], ticketId: string, selfUserId: string, now: number): Viewer[] {
  const byUser = new Map<string, Viewer>();
  for (const row of rows) {
    if (row.ticketId !== ticketId || row.userId === selfUserId || row.expiresAt <= now) continue;
    const current = byUser.get(row.userId);
    if (!current || rank(row.state) > rank(current.state)) {
      byUser.set(row.userId, { userId: row.userId, name: row.userName, state: rank(row.state) ? 'replying' : 'viewing' });
    }
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

/** A stable key of what a socket was last told, so only changes are pushed. */
export const presenceKey = (ticketId: string | null, viewers: Viewer[]) =>
  ticketId === null ? '' : `${ticketId}|${viewers.map((v) => `${v.userId}:${v.state}`).join(',')}`;

/** What to push to a socket: its new presence list when it differs from the last one sent. */
export function presenceChange(
  watching: string | null,
  lastSentKey: string,
  rows: PresenceRow[],
  selfUserId: string,
  now: number,
): { key: string; message: { type: 'presence'; ticketId: string; viewers: Viewer[] } | null } {
  if (watching === null) return { key: '', message: null };
  const viewers = viewersOf(rows, watching, selfUserId, now);
  const key = presenceKey(watching, viewers);
  return { key, message: key === lastSentKey ? null : { type: 'presence', ticketId: watching, viewers } };
}
