import type {
  AddMessageBody,
  CountTicketsQuery,
  ListTicketsQuery,
  Message,
  Ticket,
  TicketCount,
  UpdateTicketBody,
} from '@server/modules/tickets/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { CountTicketsQuery, ListTicketsQuery, Message, Ticket, UpdateTicketBody };

const ticketPath = (id: string) => `/api/v1/tickets/${encodeURIComponent(id)}`;

export const listTickets = (query: ListTicketsQuery, signal?: AbortSignal) => api.get<Page<Ticket>>('/api/v1/tickets', { query, signal });
export const countTickets = (query: CountTicketsQuery, signal?: AbortSignal) =>
  api.get<TicketCount>('/api/v1/tickets/count', { query, signal });
export const fetchTicket = (id: string) => api.get<Ticket>(ticketPath(id));
/** Saves changes made to `version` of the ticket: if someone changed it since, ApiError.isStaleWrite. */
export const updateTicket = (id: string, version: number, body: UpdateTicketBody) =>
  api.patch<Ticket>(ticketPath(id), body, { ifMatch: version });
export const listMessages = (id: string) => api.get<{ items: Message[] }>(`${ticketPath(id)}/messages`).then((page) => page.items);
export const addMessage = (id: string, body: AddMessageBody) => api.post<Message>(`${ticketPath(id)}/messages`, body);
export const attachmentUrl = (attachmentId: string) => `/api/v1/attachments/${encodeURIComponent(attachmentId)}`;
