import type { CustomField } from '@server/modules/custom-fields/schema.ts';
import type { Escalation, EscalationSettings } from '@server/modules/escalations/schema.ts';
import type { CustomStatus } from '@server/modules/ticket-statuses/schema.ts';
import type { Ticket, TicketEvent } from '@server/modules/tickets/schema.ts';
import type { LinkRelation, TicketLink } from '@server/modules/tickets/structure-schema.ts';
import { api } from '../../lib/api-client.ts';

export type { CustomField, CustomStatus, Escalation, EscalationSettings, LinkRelation, TicketEvent, TicketLink };

const ticketPath = (id: string) => `/api/v1/tickets/${encodeURIComponent(id)}`;
const items = <T>(page: { items: T[] }) => page.items;

export const listEvents = (id: string) => api.get<{ items: TicketEvent[] }>(`${ticketPath(id)}/events`).then(items);
export const listEscalations = (id: string) => api.get<{ items: Escalation[] }>(`${ticketPath(id)}/escalations`).then(items);
export const escalate = (id: string, body: { reason: string; toTier?: number }) =>
  api.post<Escalation>(`${ticketPath(id)}/escalations`, body);
export const fetchEscalationSettings = () => api.get<EscalationSettings>('/api/v1/escalations/settings');

export const listLinks = (id: string) => api.get<{ items: TicketLink[] }>(`${ticketPath(id)}/links`).then(items);
export const addLink = (id: string, body: { ticketId: string; relation: LinkRelation }) =>
  api.post<TicketLink>(`${ticketPath(id)}/links`, body);
export const removeLink = (id: string, linkId: string) => api.delete<null>(`${ticketPath(id)}/links/${encodeURIComponent(linkId)}`);
export const mergeTicket = (id: string, intoId: string) =>
  api.post<{ merged: Ticket; into: Ticket }>(`${ticketPath(id)}/merge`, { intoId });
export const splitMessage = (id: string, body: { messageId: string; subject?: string }) =>
  api.post<Ticket>(`${ticketPath(id)}/split`, body);

/** "#42" or "42" is a ticket number; anything else is taken as a ticket id. */
export function findTicket(reference: string) {
  const text = reference.trim();
  const number = /^#?(\d+)$/.exec(text)?.[1];
  return number ? api.get<Ticket>(`/api/v1/tickets/by-number/${number}`) : api.get<Ticket>(ticketPath(text));
}

export const listCustomFields = () => api.get<{ items: CustomField[] }>('/api/v1/custom-fields').then(items);
export const listTicketStatuses = () => api.get<{ items: CustomStatus[] }>('/api/v1/ticket-statuses').then(items);
