import { SelectField, TextAreaField, TextField } from '@rapport/ui/Field.tsx';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { Organisation } from './api.ts';
import { FormActions, lines, TierField, useFormProblem } from './parts.tsx';
import { useCreateOrganisation, useUpdateOrganisation } from './use-contacts.ts';

const t = messages.organisation;
const FIELDS = ['name', 'tier', 'domains', 'accountManagerId', 'notes'] as const;

/**
 * Creates an organisation (without `organisation`) or edits one. The API's objections appear beside
 * the fields and the form keeps what was typed.
 */
export function OrganisationForm({
  organisation,
  onDone,
  framed = true,
}: {
  organisation?: Organisation;
  onDone: (saved: Organisation | null) => void;
  /** On a card (the organisation page) or bare (inside a dialog). */
  framed?: boolean;
}) {
  const titleId = useId();
  const { users } = useUsers();
  const [name, setName] = useState(organisation?.name ?? '');
  const [tier, setTier] = useState<Organisation['tier']>(organisation?.tier ?? 'standard');
  const [domains, setDomains] = useState(organisation?.domains.join('\n') ?? '');
  const [accountManagerId, setAccountManagerId] = useState(organisation?.accountManagerId ?? '');
  const [notes, setNotes] = useState(organisation?.notes ?? '');
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation(organisation?.id ?? '');
  const save = organisation ? update : create;
  const problem = useFormProblem(save.error, FIELDS);
  // The schema's pattern means nothing to a person; "already in use" is clearer with the API's detail (which domain).
  const domainsError = problem
    .error('domains')
    ?.replace(/must match pattern "[^"]*"/g, t.notADomain)
    .replace(/^already in use$/, save.error?.message ?? '');
  const staff = users.filter((user) => user.role !== 'read-only' || user.id === accountManagerId);

  return (
    <form
      aria-labelledby={titleId}
      className={framed ? 'space-y-3 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200' : 'space-y-3 text-sm'}
      onSubmit={(event) => {
        event.preventDefault();
        const body = {
          name: name.trim(),
          tier,
          domains: [...new Set(lines(domains).map((domain) => domain.toLowerCase()))],
          accountManagerId: accountManagerId || null,
          notes: notes.trim() || null,
        };
        save.mutate(body, { onSuccess: (saved) => onDone(saved) });
      }}
    >
      <h2 id={titleId} className={framed ? 'text-sm font-semibold text-slate-900' : 'sr-only'}>
        {organisation ? t.editTitle(organisation.name) : t.createTitle}
      </h2>
      {problem.summary}
      <TextField
        label={messages.directory.name}
        value={name}
        required
        maxLength={200}
        onChange={(event) => setName(event.target.value)}
        error={problem.error('name')}
      />
      <TierField value={tier} onChange={setTier} error={problem.error('tier')} />
      <TextAreaField
        label={t.domainsField}
        rows={3}
        value={domains}
        onChange={(event) => setDomains(event.target.value)}
        hint={t.domainsHint}
        error={domainsError}
      />
      <SelectField
        label={t.accountManager}
        value={accountManagerId}
        onChange={(event) => setAccountManagerId(event.target.value)}
        error={problem.error('accountManagerId')}
      >
        <option value="">{t.noAccountManager}</option>
        {staff.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t.notes}
        rows={4}
        value={notes}
        onChange={(event) => setNotes(event.target.value)}
        error={problem.error('notes')}
      />
      <FormActions
        pending={save.isPending}
        onCancel={() => onDone(null)}
        {...(organisation ? {} : { label: t.create, pendingLabel: t.creating })}
      />
    </form>
  );
}
