import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { type FormEvent, Fragment, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { useTeams } from '../directory/use-directory.ts';
import { useCanAdminister } from './AdminLayout.tsx';
import { CheckboxField, FormActions, FormProblem, formProblem } from './admin-form.tsx';
import type { ImapSettingsBody, Mailbox, UpdateMailboxBody } from './api.ts';
import { useMailboxes, useSaveMailbox } from './use-admin.ts';

const t = messages.admin;
const tm = messages.admin.mailboxes;

/** The addresses mail arrives at: each with its team, whether it is enabled, and how mail is fetched. */
export function MailboxesPage() {
  const canEdit = useCanAdminister();
  const { data: mailboxes, error, isPending } = useMailboxes();
  const { teamsById } = useTeams();
  const [editing, setEditing] = useState<string | null>(null);
  const headingId = useId();
  const sorted = [...(mailboxes ?? [])].sort((a, b) => a.address.localeCompare(b.address));

  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {tm.title}
          </h2>
          <p className="text-sm text-slate-600">{tm.intro}</p>
        </div>
        {canEdit && (
          <Button aria-expanded={editing === 'new'} onClick={() => setEditing(editing === 'new' ? null : 'new')}>
            {tm.add}
          </Button>
        )}
      </div>
      {editing === 'new' && (
        <div className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
          <MailboxForm mailbox={null} onDone={() => setEditing(null)} />
        </div>
      )}
      {isPending && <Spinner label={messages.app.loading} />}
      {error && <Alert>{error.message}</Alert>}
      {mailboxes?.length === 0 && <p className="text-sm text-slate-600">{tm.none}</p>}
      {sorted.length > 0 && (
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-600">
            <tr>
              {[tm.columns.address, tm.columns.name, tm.columns.team, tm.columns.delivery, tm.columns.status].map((column) => (
                <th key={column} scope="col" className="py-2 pr-2 font-semibold">
                  {column}
                </th>
              ))}
              {canEdit && (
                <th scope="col" className="py-2 font-semibold">
                  <span className="sr-only">{tm.columns.actions}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {sorted.map((mailbox) => (
              <Fragment key={mailbox.id}>
                <tr className="border-b border-slate-100 align-top" data-mailbox={mailbox.address}>
                  <th scope="row" className="py-2 pr-2 font-medium break-all text-slate-900">
                    {mailbox.address}
                  </th>
                  <td className="py-2 pr-2 text-slate-700">{mailbox.name}</td>
                  <td className="py-2 pr-2 text-slate-700">{mailbox.teamId ? (teamsById.get(mailbox.teamId)?.name ?? '…') : tm.noTeam}</td>
                  <td className="py-2 pr-2 text-slate-700" data-delivery>
                    <Delivery mailbox={mailbox} />
                  </td>
                  <td className="py-2 pr-2">
                    <Badge tone={mailbox.isActive ? 'green' : 'neutral'}>{mailbox.isActive ? tm.enabledShort : tm.disabled}</Badge>
                  </td>
                  {canEdit && (
                    <td className="py-2 text-right">
                      <Button
                        size="sm"
                        aria-label={tm.editLabel(mailbox.address)}
                        aria-expanded={editing === mailbox.id}
                        onClick={() => setEditing(editing === mailbox.id ? null : mailbox.id)}
                      >
                        {t.edit}
                      </Button>
                    </td>
                  )}
                </tr>
                {editing === mailbox.id && (
                  <tr className="border-b border-slate-200 bg-slate-50">
                    <td colSpan={6} className="p-3">
                      <MailboxForm mailbox={mailbox} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Delivery({ mailbox }: { mailbox: Mailbox }) {
  const { imap } = mailbox;
  if (!imap) return <>{tm.smtp}</>;
  return (
    <>
      <span className="block break-all">{tm.imapShort(imap.host)}</span>
      <span className="block text-xs text-slate-600">
        {imap.polledAt ? tm.polledAt(formatShortDateTime(imap.polledAt)) : tm.neverPolled}
      </span>
      {imap.error && <span className="block text-xs text-red-700">{tm.pollFailed(imap.error)}</span>}
    </>
  );
}

interface Draft {
  address: string;
  name: string;
  teamId: string;
  isActive: boolean;
  useImap: boolean;
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
  folder: string;
  processedFolder: string;
}

function toDraft(mailbox: Mailbox | null): Draft {
  const imap = mailbox?.imap;
  return {
    address: mailbox?.address ?? '',
    name: mailbox?.name ?? '',
    teamId: mailbox?.teamId ?? '',
    isActive: mailbox?.isActive ?? true,
    useImap: Boolean(imap),
    host: imap?.host ?? '',
    port: String(imap?.port ?? 993),
    secure: imap?.secure ?? true,
    user: imap?.user ?? '',
    // The stored password is never sent back: blank keeps it.
    password: '',
    folder: imap?.folder ?? 'INBOX',
    processedFolder: imap?.processedFolder ?? '',
  };
}

/** The body to send. IMAP settings go only when they changed; a blank password keeps the stored one. */
function toBody(draft: Draft, mailbox: Mailbox | null): UpdateMailboxBody {
  const imap: ImapSettingsBody = {
    host: draft.host.trim(),
    port: Number(draft.port),
    secure: draft.secure,
    user: draft.user.trim(),
    password: draft.password,
    folder: draft.folder.trim() || 'INBOX',
    processedFolder: draft.processedFolder.trim() || null,
  };
  const stored = mailbox?.imap;
  const imapChanged =
    !stored ||
    draft.password !== '' ||
    imap.host !== stored.host ||
    imap.port !== stored.port ||
    imap.secure !== stored.secure ||
    imap.user !== stored.user ||
    imap.folder !== stored.folder ||
    imap.processedFolder !== stored.processedFolder;
  const body: UpdateMailboxBody = {
    address: draft.address.trim(),
    name: draft.name.trim(),
    teamId: draft.teamId || null,
    isActive: draft.isActive,
  };
  if (!draft.useImap) {
    if (!mailbox || stored) body.imap = null;
  } else if (imapChanged) {
    // A blank password is left out: the API keeps the stored one for the same server and user,
    // and says it is needed otherwise.
    const { password: _blank, ...withoutPassword } = imap;
    body.imap = draft.password === '' ? withoutPassword : imap;
  }
  return body;
}

function MailboxForm({ mailbox, onDone }: { mailbox: Mailbox | null; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(mailbox));
  const [saved, setSaved] = useState(false);
  const save = useSaveMailbox(mailbox?.id ?? null);
  const { teams } = useTeams();
  const { fieldError } = formProblem(save.error);
  const title = mailbox ? tm.editTitle(mailbox.address) : tm.newTitle;

  function edit(changes: Partial<Draft>) {
    setSaved(false);
    save.reset();
    setDraft((current) => ({ ...current, ...changes }));
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(toBody(draft, mailbox), {
      onSuccess: () => {
        if (!mailbox) onDone();
        else {
          setSaved(true);
          setDraft((current) => ({ ...current, password: '' }));
        }
      },
    });
  }

  return (
    <form onSubmit={handleSubmit} aria-label={title} className="space-y-3" noValidate>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <FormProblem error={save.error} testId="mailbox-error" />
      <div className="grid grid-cols-3 gap-3">
        <TextField
          label={tm.address}
          type="email"
          autoComplete="off"
          value={draft.address}
          onChange={(e) => edit({ address: e.target.value })}
          error={fieldError('address')}
        />
        <TextField
          label={tm.name}
          value={draft.name}
          hint={tm.nameHint}
          onChange={(e) => edit({ name: e.target.value })}
          error={fieldError('name')}
        />
        <SelectField label={tm.team} value={draft.teamId} onChange={(e) => edit({ teamId: e.target.value })} error={fieldError('teamId')}>
          <option value="">{tm.noTeam}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
      </div>
      <CheckboxField label={tm.enabled} checked={draft.isActive} onChange={(isActive) => edit({ isActive })} />
      <fieldset className="space-y-3 rounded-md border border-slate-200 bg-white p-3">
        <legend className="px-1 text-sm font-semibold text-slate-900">{tm.imapLegend}</legend>
        <CheckboxField label={tm.useImap} checked={draft.useImap} onChange={(useImap) => edit({ useImap })} />
        {!draft.useImap && <p className="text-xs text-slate-600">{tm.imapHint}</p>}
        {fieldError('imap') && !draft.useImap && <p className="text-xs text-red-700">{fieldError('imap')}</p>}
        {draft.useImap && (
          <>
            <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,2fr)] items-start gap-3">
              <TextField
                label={tm.host}
                value={draft.host}
                onChange={(e) => edit({ host: e.target.value })}
                error={fieldError('imap.host')}
              />
              <TextField
                label={tm.port}
                type="number"
                min={1}
                max={65535}
                value={draft.port}
                onChange={(e) => edit({ port: e.target.value })}
                error={fieldError('imap.port')}
              />
              <CheckboxField label={tm.secure} checked={draft.secure} onChange={(secure) => edit({ secure })} className="pt-6" />
            </div>
            <div className="grid grid-cols-2 items-start gap-3">
              <TextField
                label={tm.user}
                autoComplete="off"
                value={draft.user}
                onChange={(e) => edit({ user: e.target.value })}
                error={fieldError('imap.user')}
              />
              <TextField
                label={tm.password}
                type="password"
                autoComplete="new-password"
                value={draft.password}
                hint={mailbox?.imap ? tm.passwordKeep : undefined}
                onChange={(e) => edit({ password: e.target.value })}
                error={fieldError('imap.password')}
              />
              <TextField
                label={tm.folder}
                value={draft.folder}
                onChange={(e) => edit({ folder: e.target.value })}
                error={fieldError('imap.folder')}
              />
              <TextField
                label={tm.processedFolder}
                value={draft.processedFolder}
                hint={tm.processedHint}
                onChange={(e) => edit({ processedFolder: e.target.value })}
                error={fieldError('imap.processedFolder')}
              />
            </div>
            {mailbox?.imap && (
              <p className="text-xs text-slate-600" data-testid="mailbox-poll">
                {tm.lastPoll}: {mailbox.imap.polledAt ? formatShortDateTime(mailbox.imap.polledAt) : tm.neverPolled}
                {mailbox.imap.error && <span className="block text-red-700">{tm.pollFailed(mailbox.imap.error)}</span>}
              </p>
            )}
          </>
        )}
      </fieldset>
      <FormActions pending={save.isPending} saved={saved ? tm.saved : null} onCancel={onDone} />
    </form>
  );
}
