import { Button } from '@rapport/ui/Button.tsx';
import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { useSession } from '../auth/use-session.ts';
import { useOrganisation } from '../customers/use-customer.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { Organisation } from './api.ts';
import { OrganisationForm } from './OrganisationForm.tsx';
import { CustomerTickets, LoadMore, QueryState, TierBadge, useEditing } from './parts.tsx';
import { useContactList } from './use-contacts.ts';

const t = messages.directory;

export function OrganisationPage({ organisationId }: { organisationId: string }) {
  const organisation = useOrganisation(organisationId);
  const { usersById } = useUsers();
  const { user } = useSession();
  const edit = useEditing();
  if (organisation.isError && organisation.error instanceof ApiError && organisation.error.status === 404)
    return <p className="p-6 text-sm">{t.organisationNotFound}</p>;
  return (
    <QueryState query={organisation}>
      {() => {
        const data = organisation.data as Organisation;
        const manager = data.accountManagerId ? usersById.get(data.accountManagerId) : undefined;
        return (
          <div className="h-full overflow-auto">
            <div className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
              <div>
                <Link to="/organisations" className="text-xs text-blue-800 hover:underline">
                  {t.organisations}
                </Link>
                <h1 className="text-lg font-semibold">{data.name}</h1>
              </div>
              {!edit.editing && user.role !== 'read-only' && <Button onClick={edit.start}>{t.edit}</Button>}
            </div>
            <div className="grid grid-cols-1 gap-4 p-5 lg:grid-cols-[minmax(0,24rem)_1fr]">
              <div className="space-y-4">
                {edit.notice(messages.organisation.saved)}
                {edit.editing ? (
                  <OrganisationForm organisation={data} onDone={(saved) => edit.done(saved !== null)} />
                ) : (
                  <section
                    aria-labelledby="organisation-details"
                    className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200"
                  >
                    <h2 id="organisation-details" className="mb-3 text-sm font-semibold text-slate-900">
                      {t.details}
                    </h2>
                    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
                      <dt className="text-slate-600">{t.columns.tier}</dt>
                      <dd>
                        <TierBadge tier={data.tier} />
                      </dd>
                      <dt className="text-slate-600">{t.columns.domains}</dt>
                      <dd>{data.domains.length ? data.domains.map((domain) => <div key={domain}>{domain}</div>) : t.none}</dd>
                      <dt className="text-slate-600">{t.columns.accountManager}</dt>
                      <dd>{manager?.name ?? t.none}</dd>
                      <dt className="text-slate-600">{messages.organisation.notes}</dt>
                      <dd data-field="notes" className="whitespace-pre-wrap break-words">
                        {data.notes ?? messages.organisation.noNotes}
                      </dd>
                    </dl>
                  </section>
                )}
                <OrganisationContacts organisation={data} />
              </div>
              <CustomerTickets query={{ organisationId: data.id }} name={data.name} />
            </div>
          </div>
        );
      }}
    </QueryState>
  );
}

function OrganisationContacts({ organisation }: { organisation: Organisation }) {
  const list = useContactList({ organisationId: organisation.id, limit: 50 });
  const contacts = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="organisation-contacts" className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id="organisation-contacts" className="mb-2 text-sm font-semibold text-slate-900">
        {t.contactsOf(organisation.name)}
      </h2>
      <QueryState query={list}>
        {() =>
          contacts.length === 0 ? (
            <p className="text-slate-600">{t.noContacts}</p>
          ) : (
            <ul className="space-y-1">
              {contacts.map((contact) => (
                <li key={contact.id}>
                  <Link to="/contacts/$contactId" params={{ contactId: contact.id }} className="text-blue-800 hover:underline">
                    {contact.name}
                  </Link>
                  {contact.emails[0] && <span className="ml-2 text-slate-600">{contact.emails[0]}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <LoadMore list={list} />
    </section>
  );
}
