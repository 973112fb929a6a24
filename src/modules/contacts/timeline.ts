import type { FollowUpNoteRow, TimelineRow } from './repo.ts';
import type { MessageTimelineEntry, TimelineEntry } from './schema.ts';

export const EXCERPT_LENGTH = 160;

/** The start of a message for a timeline line: whitespace collapsed, cut at a word with an ellipsis. */
export function excerptOf(text: string, length = EXCERPT_LENGTH) {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export const toTimelineEntry = (row: TimelineRow): MessageTimelineEntry => ({
  id: row.id,
  kind: 'message',
  ticket: {
    id: row.ticket_id,
    number: row.ticket_number,
    subject: row.ticket_subject,
    channel: row.ticket_channel as MessageTimelineEntry['ticket']['channel'],
    status: row.ticket_status as MessageTimelineEntry['ticket']['status'],
  },
  channel: row.channel as MessageTimelineEntry['channel'],
  direction: row.direction as MessageTimelineEntry['direction'],
  author: {
    type: row.author_type as MessageTimelineEntry['author']['type'],
    id: row.author_id,
    name: row.staff_name ?? row.contact_name ?? null,
  },
  excerpt: excerptOf(row.text_start),
  createdAt: new Date(Number(row.created_at)).toISOString(),
});

export const toFollowUpEntry = (row: FollowUpNoteRow): TimelineEntry => ({
  id: row.id,
  kind: 'follow-up',
  followUp: { kind: row.kind as 'csat' | 'nps', score: Number(row.score) },
  ticket: row.ticket_id === null ? null : { id: row.ticket_id, number: Number(row.ticket_number), subject: row.ticket_subject ?? '' },
  author: { type: 'staff', id: row.closed_by, name: row.staff_name ?? null },
  notifiedCustomer: row.notified_customer === 1,
  excerpt: excerptOf(row.change_note ?? ''),
  createdAt: new Date(Number(row.closed_at)).toISOString(),
});

type Keyed = { createdAt: number; id: string };
const isNewer = (a: Keyed, b: Keyed) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

/**
 * Two lists each newest first (by time, then id) merged into one, newest first, cut at `limit`: the
 * timeline reads a page of each source and shows the newest of both.
 */
export function mergeNewestFirst<A extends Keyed, B extends Keyed>(a: readonly A[], b: readonly B[], limit: number): Array<A | B> {
  const merged: Array<A | B> = [];
  let i = 0;
  let j = 0;
  while (merged.length < limit && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && isNewer(a[i], b[j]))) merged.push(a[i++]);
    else merged.push(b[j++]);
  }
  return merged;
}
