import type { Contact, ListContactsQuery, UpdateContactBody } from '@server/modules/contacts/schema.ts';
import type {
  CreateOrganisationBody,
  ListOrganisationsQuery,
  Organisation,
  UpdateOrganisationBody,
} from '@server/modules/organisations/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type {
  Contact,
  CreateOrganisationBody,
  ListContactsQuery,
  ListOrganisationsQuery,
  Organisation,
  UpdateContactBody,
  UpdateOrganisationBody,
};

export const TIERS = ['standard', 'premium', 'enterprise'] as const satisfies ReadonlyArray<Contact['tier']>;

const contactPath = (id: string) => `/api/v1/contacts/${encodeURIComponent(id)}`;

export const listContacts = (query: ListContactsQuery, signal?: AbortSignal) =>
  api.get<Page<Contact>>('/api/v1/contacts', { query, signal });
export const listOrganisations = (query: ListOrganisationsQuery, signal?: AbortSignal) =>
  api.get<Page<Organisation>>('/api/v1/organisations', { query, signal });
export const updateContact = (id: string, body: UpdateContactBody) => api.patch<Contact>(contactPath(id), body);
export const createOrganisation = (body: CreateOrganisationBody) => api.post<Organisation>('/api/v1/organisations', body);
export const updateOrganisation = (id: string, body: UpdateOrganisationBody) =>
  api.patch<Organisation>(`/api/v1/organisations/${encodeURIComponent(id)}`, body);
