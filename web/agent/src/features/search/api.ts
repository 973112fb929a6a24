import type { Contact } from '@server/modules/contacts/schema.ts';
import type { Ticket } from '@server/modules/tickets/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export const searchTickets = (q: string, signal?: AbortSignal) =>
  api.get<Page<Ticket>>('/api/v1/search', { query: { q, limit: 8 }, signal });

/** Contacts whose name words or email addresses start with the words typed. */
export const searchContacts = (q: string, signal?: AbortSignal) =>
  api.get<Page<Contact>>('/api/v1/contacts', { query: { q, limit: 5 }, signal });
