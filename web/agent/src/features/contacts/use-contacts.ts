import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../lib/api-client.ts';
import { customerKeys } from '../customers/use-customer.ts';
import {
  type Contact,
  type CreateOrganisationBody,
  createOrganisation,
  type ListContactsQuery,
  type ListOrganisationsQuery,
  listContacts,
  listOrganisations,
  type Organisation,
  type UpdateContactBody,
  type UpdateOrganisationBody,
  updateContact,
  updateOrganisation,
} from './api.ts';

export const contactKeys = {
  contactLists: ['contacts', 'list'] as const,
  contactList: (query: ListContactsQuery) => ['contacts', 'list', query] as const,
  organisationList: (query: ListOrganisationsQuery) => ['organisations', 'list', query] as const,
};

/** Contacts, a page at a time ("Load more" follows the cursor). */
export const useContactList = (query: ListContactsQuery) =>
  useInfiniteQuery({
    queryKey: contactKeys.contactList(query),
    queryFn: ({ pageParam, signal }) => listContacts({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<Contact>) => page.nextCursor ?? undefined,
  });

export const useOrganisationList = (query: ListOrganisationsQuery) =>
  useInfiniteQuery({
    queryKey: contactKeys.organisationList(query),
    queryFn: ({ pageParam, signal }) => listOrganisations({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<Organisation>) => page.nextCursor ?? undefined,
  });

export function useUpdateContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateContactBody) => updateContact(id, body),
    onSuccess: (contact) => {
      queryClient.setQueryData(customerKeys.contact(id), contact);
      void queryClient.invalidateQueries({ queryKey: contactKeys.contactLists });
    },
  });
}

/** Organisations shown elsewhere (lists, the tickets' customer panel, by-ids lookups) refresh after a change. */
function useOrganisationSaved() {
  const queryClient = useQueryClient();
  return (organisation: Organisation) => {
    queryClient.setQueryData(customerKeys.organisation(organisation.id), organisation);
    void queryClient.invalidateQueries({ queryKey: ['organisations'], predicate: (query) => query.queryKey[1] !== 'detail' });
  };
}

export function useCreateOrganisation() {
  const saved = useOrganisationSaved();
  return useMutation({ mutationFn: (body: CreateOrganisationBody) => createOrganisation(body), onSuccess: saved });
}

export function useUpdateOrganisation(id: string) {
  const saved = useOrganisationSaved();
  return useMutation({ mutationFn: (body: UpdateOrganisationBody) => updateOrganisation(id, body), onSuccess: saved });
}
