import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Dialog } from '@rapport/ui/Dialog.tsx';
import { TextAreaField } from '@rapport/ui/Field.tsx';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSession } from '../auth/use-session.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { Ticket } from '../tickets/api.ts';
import { useEscalate, useEscalationSettings, useEscalations } from './use-ticket-actions.ts';

const t = messages.ticketActions.escalation;

/** The ticket's escalation tier, its escalations, and escalating with a (required) reason. */
export function EscalationPanel({ ticket }: { ticket: Ticket }) {
  const { user } = useSession();
  const { usersById } = useUsers();
  const settings = useEscalationSettings();
  const escalations = useEscalations(ticket.id, ticket.version);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const buttonId = useId();
  const close = () => {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  };
  const tierName = (tier: number) => (tier >= 2 ? settings.data?.escalationTiers[tier - 2]?.name : undefined);
  const maxTier = (settings.data?.escalationTiers.length ?? 0) + 1;
  const canEscalate = user.role !== 'read-only' && !ticket.mergedIntoId && (!settings.data || ticket.escalationTier < maxTier);

  return (
    <section aria-labelledby="escalation-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-center justify-between gap-2">
        <h2 id="escalation-title" className="text-sm font-semibold text-slate-900">
          {t.title}
        </h2>
        {canEscalate && (
          <Button id={buttonId} size="sm" onClick={() => setOpen(true)}>
            {t.escalate}
          </Button>
        )}
      </div>
      <p className="mt-1 text-sm text-slate-900" data-testid="escalation-tier">
        {t.tier(ticket.escalationTier, tierName(ticket.escalationTier))}
      </p>
      <p role="status" className="text-sm text-green-800">
        {done !== null ? t.escalated(done) : ''}
      </p>
      {escalations.error && <Alert>{escalations.error.message}</Alert>}
      {escalations.data?.length === 0 && <p className="mt-1 text-sm text-slate-600">{t.none}</p>}
      {!!escalations.data?.length && (
        <ul className="mt-2 space-y-2">
          {escalations.data.map((escalation) => (
            <li key={escalation.id} className="rounded border border-slate-200 px-2 py-1.5 text-sm">
              <p className="font-medium text-slate-900">
                {t.item(escalation.fromTier, escalation.toTier)} · {t.trigger[escalation.trigger] ?? escalation.trigger}
              </p>
              <p className="whitespace-pre-wrap break-words text-slate-800">{escalation.reason}</p>
              <p className="text-xs text-slate-600">
                {(escalation.actorId && usersById.get(escalation.actorId)?.name) || messages.ticketActions.history.system} ·{' '}
                <time dateTime={escalation.createdAt}>{formatDateTime(escalation.createdAt)}</time> ·{' '}
                {t.target[escalation.targetStatus] ?? escalation.targetStatus}, {t.due(formatDateTime(escalation.dueAt))}
              </p>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <EscalateDialog
          ticket={ticket}
          onClose={close}
          onDone={(tier) => {
            close();
            setDone(tier);
          }}
        />
      )}
    </section>
  );
}

function EscalateDialog({ ticket, onClose, onDone }: { ticket: Ticket; onClose: () => void; onDone: (tier: number) => void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const escalate = useEscalate(ticket.id);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    escalate.mutate({ reason: reason.trim() }, { onSuccess: (escalation) => onDone(escalation.toTier) });
  }

  return (
    <Dialog open title={t.dialogTitle} onClose={onClose} closeLabel={t.close}>
      <form onSubmit={handleSubmit} className="space-y-3" noValidate>
        {escalate.error && <Alert>{escalate.error.message}</Alert>}
        <TextAreaField
          label={t.reason}
          hint={t.reasonHint}
          required
          rows={4}
          value={reason}
          autoFocus
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
          error={missing ? t.reasonRequired : undefined}
        />
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            {t.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={escalate.isPending}>
            {escalate.isPending ? t.submitting : t.submit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
