import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Dialog } from '@rapport/ui/Dialog.tsx';
import { TextField } from '@rapport/ui/Field.tsx';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import type { Ticket } from '../tickets/api.ts';
import { useSplit } from './use-ticket-actions.ts';

const t = messages.ticketActions.split;

/** A message's "split" action: moves it into a new ticket (after a confirming dialog) and opens that. */
export function SplitMessage({ ticket, messageId, label }: { ticket: Ticket; messageId: string; label: string }) {
  const [open, setOpen] = useState(false);
  const buttonId = useId();
  const close = () => {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  };
  return (
    <>
      <Button id={buttonId} size="sm" variant="ghost" className="ml-auto text-xs" aria-label={label} onClick={() => setOpen(true)}>
        {t.action}
      </Button>
      {open && <SplitDialog ticket={ticket} messageId={messageId} onClose={close} />}
    </>
  );
}

function SplitDialog({ ticket, messageId, onClose }: { ticket: Ticket; messageId: string; onClose: () => void }) {
  const [subject, setSubject] = useState('');
  const navigate = useNavigate();
  const split = useSplit(ticket.id, (created) => void navigate({ to: '/tickets/$ticketId', params: { ticketId: created.id } }));

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    split.mutate({ messageId, subject: subject.trim() || undefined });
  }

  return (
    <Dialog open title={t.title} onClose={onClose} closeLabel={t.close}>
      <form onSubmit={handleSubmit} className="space-y-3">
        {split.error && <Alert>{split.error.message}</Alert>}
        <p className="text-sm text-slate-800">{t.intro}</p>
        <TextField
          label={t.subject}
          hint={t.subjectHint}
          placeholder={ticket.subject}
          value={subject}
          autoFocus
          onChange={(e) => setSubject(e.target.value)}
        />
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            {t.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={split.isPending}>
            {split.isPending ? t.submitting : t.submit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
