import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useOrganisations } from '../directory/use-directory.ts';
import { type Contact, TIERS } from './api.ts';
import { ListColumns, LoadMore, QueryState, TierBadge, tierLabel } from './parts.tsx';
import { useContactList } from './use-contacts.ts';

const t = messages.directory;
type Tier = Contact['tier'];

export function ContactsPage() {
  const [tier, setTier] = useState<Tier | ''>('');
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 200);
  const list = useContactList({ limit: 50, tier: tier || undefined, q: search || undefined });
  const contacts = list.data?.pages.flatMap((page) => page.items) ?? [];
  const organisations = useOrganisations(contacts.map((contact) => contact.organisationId));

  return (
    <div className="flex h-full flex-col">
      <div className="flex items-end justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{t.contacts}</h1>
        <div className="flex items-end gap-4">
          <label className="text-xs font-semibold text-slate-700">
            {t.findContacts}
            <input
              type="search"
              className="ml-2 w-56 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
              placeholder={t.findContactsPlaceholder}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
            />
          </label>
          <TierFilter value={tier} onChange={setTier} />
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <QueryState query={list}>
          {() =>
            contacts.length === 0 ? (
              <p className="p-5 text-sm text-slate-700">{search || tier ? t.noMatchingContacts : t.noContacts}</p>
            ) : (
              <>
                <table className="w-full border-separate border-spacing-0 text-left text-sm">
                  <caption className="sr-only">{t.contactsCaption}</caption>
                  <ListColumns labels={[t.columns.name, t.columns.email, t.columns.phone, t.columns.organisation, t.columns.tier]} />
                  <tbody>
                    {contacts.map((contact) => {
                      const organisation = contact.organisationId ? organisations.get(contact.organisationId) : undefined;
                      return (
                        <tr key={contact.id} data-contact={contact.emails[0] ?? contact.name} className="bg-white hover:bg-blue-50">
                          <td className="border-b border-slate-100 px-3 py-2">
                            <Link
                              to="/contacts/$contactId"
                              params={{ contactId: contact.id }}
                              className="font-medium text-blue-800 hover:underline"
                            >
                              {contact.name}
                            </Link>
                          </td>
                          <td className="border-b border-slate-100 px-3 py-2 text-slate-800">{contact.emails[0] ?? t.none}</td>
                          <td className="border-b border-slate-100 px-3 py-2 text-slate-800">{contact.phones[0] ?? t.none}</td>
                          <td className="border-b border-slate-100 px-3 py-2">
                            {organisation ? (
                              <Link
                                to="/organisations/$organisationId"
                                params={{ organisationId: organisation.id }}
                                className="text-blue-800 hover:underline"
                              >
                                {organisation.name}
                              </Link>
                            ) : (
                              <span className="text-slate-600">{t.none}</span>
                            )}
                          </td>
                          <td className="border-b border-slate-100 px-3 py-2">
                            <TierBadge tier={contact.tier} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <LoadMore list={list} />
              </>
            )
          }
        </QueryState>
      </div>
    </div>
  );
}

export function TierFilter({ value, onChange }: { value: Tier | ''; onChange: (tier: Tier | '') => void }) {
  return (
    <label className="text-xs font-semibold text-slate-700">
      {t.tierFilter}
      <select
        className="ml-2 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
        value={value}
        onChange={(event) => onChange(event.target.value as Tier | '')}
      >
        <option value="">{t.anyTier}</option>
        {TIERS.map((tier) => (
          <option key={tier} value={tier}>
            {tierLabel(tier)}
          </option>
        ))}
      </select>
    </label>
  );
}
