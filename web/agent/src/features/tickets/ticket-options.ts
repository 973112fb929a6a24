import type { Channel, Priority, TicketStatus, TicketType } from '@server/modules/tickets/schema.ts';
import { messages } from '../../i18n/index.ts';

export type { Channel, Priority, TicketStatus, TicketType };

// The server's enums as lists for the pickers; `listsAreComplete` fails the build when the server
// adds or renames a value.
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const satisfies readonly TicketStatus[];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];
export const TICKET_TYPES = ['question', 'incident', 'service-request', 'complaint', 'problem'] as const satisfies readonly TicketType[];

/** `true` only when a list names every value of the server's type. */
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
export const listsAreComplete: [
  Exhaustive<TicketStatus, (typeof TICKET_STATUSES)[number]>,
  Exhaustive<Priority, (typeof PRIORITIES)[number]>,
  Exhaustive<TicketType, (typeof TICKET_TYPES)[number]>,
] = [true, true, true];

// The DTO's enum fields are typed as strings (TypeBox unions built with map): look labels up safely.
const t = messages.ticket;
export const statusLabel = (status: string) => t.status[status as TicketStatus] ?? status;
export const priorityLabel = (priority: string) => t.priority[priority as Priority] ?? priority;
export const typeLabel = (type: string) => t.type[type as TicketType] ?? type;
export const channelLabel = (channel: string) => t.channel[channel as Channel] ?? channel;
