import { Badge } from '@rapport/ui/Badge.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { useTeams } from '../directory/use-directory.ts';
import { AdminList } from './AdminList.tsx';
import { useCanAdminister } from './AdminLayout.tsx';
import { CheckboxField, FormActions, FormProblem, formProblem } from './admin-form.tsx';
import type { ImapSettingsBody, Mailbox, UpdateMailboxBody } from './api.ts';
import { InboundMailList } from './InboundMailList.tsx';
import { useMailboxes, useSaveMailbox } from './use-admin.ts';

const tm = messages.admin.mailboxes;

/**
 * The addresses mail arrives at: each with its team, whether it is enabled, and how mail is fetched;
 * under them the mail that could not become a ticket (given up, or being retried).
 */
export function MailboxesPage() {
  const canEdit = useCanAdminister();
  const { data: mailboxes, error, isPending } = useMailboxes();
  const { teamsById } = useTeams();
  const sorted = mailboxes && [...mailboxes].sort((a, b) => a.address.localeCompare(b.address));

  return (
    <>
      <AdminList
        title={tm.title}
        intro={tm.intro}
        rows={sorted}
        isPending={isPending}
        error={error}
        emptyText={tm.none}
        rowKey={(mailbox) => mailbox.id}
        rowAttributes={(mailbox) => ({ 'data-mailbox': mailbox.address })}
        columns={[
          { header: tm.columns.address, isRowHeader: true, className: 'break-all', cell: (mailbox) => mailbox.address },
          { header: tm.columns.name, className: 'text-slate-700', cell: (mailbox) => mailbox.name },
          {
            header: tm.columns.team,
            className: 'text-slate-700',
            cell: (mailbox) => (mailbox.teamId ? (teamsById.get(mailbox.teamId)?.name ?? '…') : tm.noTeam),
          },
          {
            header: tm.columns.delivery,
            className: 'text-slate-700',
            cellAttributes: { 'data-delivery': '' },
            cell: (mailbox) => <Delivery mailbox={mailbox} />,
          },
          {
            header: tm.columns.status,
            cell: (mailbox) => (
              <Badge tone={mailbox.isActive ? 'green' : 'neutral'}>{mailbox.isActive ? tm.enabledShort : tm.disabled}</Badge>
            ),
          },
        ]}
        actionsLabel={tm.columns.actions}
        editLabel={(mailbox) => tm.editLabel(mailbox.address)}
        renderEditor={canEdit ? (mailbox, close) => <MailboxForm mailbox={mailbox} onDone={() => close()} /> : undefined}
        adding={canEdit ? { label: tm.add, renderForm: (close) => <MailboxForm mailbox={null} onDone={() => close()} /> } : undefined}
      />
      <InboundMailList status="failed" mailboxes={mailboxes} />
      <InboundMailList status="retrying" mailboxes={mailboxes} />
    </>
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
