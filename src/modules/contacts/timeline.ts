import type { TimelineRow } from './repo.ts';
import type { TimelineEntry } from './schema.ts';

export const EXCERPT_LENGTH = 160;

/** The start of a message for a timeline line: whitespace collapsed, cut at a word with an ellipsis. */
export function excerptOf(text: string, length = EXCERPT_LENGTH) {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export const toTimelineEntry = (row: TimelineRow): TimelineEntry => ({
  id: row.id,
  kind: 'message',
  ticket: {
    id: row.ticket_id,
    number: row.ticket_number,
    subject: row.ticket_subject,
    channel: row.ticket_channel as TimelineEntry['ticket']['channel'],
    status: row.ticket_status as TimelineEntry['ticket']['status'],
  },
  channel: row.channel as TimelineEntry['channel'],
  direction: row.direction as TimelineEntry['direction'],
  author: {
    type: row.author_type as TimelineEntry['author']['type'],
    id: row.author_id,
    name: row.staff_name ?? row.contact_name ?? null,
  },
  excerpt: excerptOf(row.text_start),
  createdAt: new Date(Number(row.created_at)).toISOString(),
});
