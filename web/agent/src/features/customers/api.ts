import type { Contact } from '@server/modules/contacts/schema.ts';
import type { Organisation } from '@server/modules/organisations/schema.ts';
import { api } from '../../lib/api-client.ts';

export type { Contact, Organisation };

export const fetchContact = (id: string) => api.get<Contact>(`/api/v1/contacts/${encodeURIComponent(id)}`);
export const fetchOrganisation = (id: string) => api.get<Organisation>(`/api/v1/organisations/${encodeURIComponent(id)}`);
