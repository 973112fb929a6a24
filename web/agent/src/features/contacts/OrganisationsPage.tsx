import { Button } from '@rapport/ui/Button.tsx';
import { Dialog } from '@rapport/ui/Dialog.tsx';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useSession } from '../auth/use-session.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { Organisation } from './api.ts';
import { TierFilter } from './ContactsPage.tsx';
import { OrganisationForm } from './OrganisationForm.tsx';
import { ListColumns, LoadMore, QueryState, TierBadge } from './parts.tsx';
import { useOrganisationList } from './use-contacts.ts';

const t = messages.directory;

export function OrganisationsPage() {
  const [tier, setTier] = useState<Organisation['tier'] | ''>('');
  const list = useOrganisationList({ limit: 50, tier: tier || undefined });
  const { usersById } = useUsers();
  const organisations = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="flex h-full flex-col">
      <div className="flex items-end justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{t.organisations}</h1>
        <div className="flex items-end gap-3">
          <TierFilter value={tier} onChange={setTier} />
          <NewOrganisation />
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <QueryState query={list}>
          {() =>
            organisations.length === 0 ? (
              <p className="p-5 text-sm text-slate-700">{t.noOrganisations}</p>
            ) : (
              <>
                <table className="w-full border-separate border-spacing-0 text-left text-sm">
                  <caption className="sr-only">{t.organisationsCaption}</caption>
                  <ListColumns labels={[t.columns.name, t.columns.domains, t.columns.accountManager, t.columns.tier]} />
                  <tbody>
                    {organisations.map((organisation) => (
                      <tr key={organisation.id} data-organisation={organisation.name} className="bg-white hover:bg-blue-50">
                        <td className="border-b border-slate-100 px-3 py-2">
                          <Link
                            to="/organisations/$organisationId"
                            params={{ organisationId: organisation.id }}
                            className="font-medium text-blue-800 hover:underline"
                          >
                            {organisation.name}
                          </Link>
                        </td>
                        <td className="border-b border-slate-100 px-3 py-2 text-slate-800">{organisation.domains.join(', ') || t.none}</td>
                        <td className="border-b border-slate-100 px-3 py-2 text-slate-800">
                          {(organisation.accountManagerId && usersById.get(organisation.accountManagerId)?.name) || t.none}
                        </td>
                        <td className="border-b border-slate-100 px-3 py-2">
                          <TierBadge tier={organisation.tier} />
                        </td>
                      </tr>
                    ))}
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

/** "New organisation": the form in a dialog, then the new organisation's page. */
function NewOrganisation() {
  const [open, setOpen] = useState(false);
  const { user } = useSession();
  const navigate = useNavigate();
  if (user.role === 'read-only') return null;
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        {messages.organisation.newOrganisation}
      </Button>
      <Dialog open={open} title={messages.organisation.createTitle} onClose={() => setOpen(false)} closeLabel={t.cancel}>
        {open && (
          <OrganisationForm
            framed={false}
            onDone={(created) => {
              setOpen(false);
              if (created) void navigate({ to: '/organisations/$organisationId', params: { organisationId: created.id } });
            }}
          />
        )}
      </Dialog>
    </>
  );
}
