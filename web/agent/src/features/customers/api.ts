import type { Contact, TimelineEntry, TimelineQuery } from '@server/modules/contacts/schema.ts';
import type { Organisation } from '@server/modules/organisations/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { Contact, Organisation, TimelineEntry };

export const fetchContact = (id: string) => api.get<Contact>(`/api/v1/contacts/${encodeURIComponent(id)}`);
export const fetchOrganisation = (id: string) => api.get<Organisation>(`/api/v1/organisations/${encodeURIComponent(id)}`);
export const fetchTimeline = (contactId: string, query: TimelineQuery, signal?: AbortSignal) =>
  api.get<Page<TimelineEntry>>(`/api/v1/contacts/${encodeURIComponent(contactId)}/timeline`, { query, signal });
