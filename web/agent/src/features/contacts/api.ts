import type { Contact, ListContactsQuery, UpdateContactBody } from '@server/modules/contacts/schema.ts';
import type { ListOrganisationsQuery, Organisation } from '@server/modules/organisations/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { Contact, ListContactsQuery, ListOrganisationsQuery, Organisation, UpdateContactBody };

export const TIERS = ['standard', 'premium', 'enterprise'] as const satisfies ReadonlyArray<Contact['tier']>;

const contactPath = (id: string) => `/api/v1/contacts/${encodeURIComponent(id)}`;

export const listContacts = (query: ListContactsQuery, signal?: AbortSignal) =>
  api.get<Page<Contact>>('/api/v1/contacts', { query, signal });
export const listOrganisations = (query: ListOrganisationsQuery, signal?: AbortSignal) =>
  api.get<Page<Organisation>>('/api/v1/organisations', { query, signal });
export const updateContact = (id: string, body: UpdateContactBody) => api.patch<Contact>(contactPath(id), body);
