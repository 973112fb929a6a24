import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Dialog } from '@rapport/ui/Dialog.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useSession } from '../auth/use-session.ts';
import type { Ticket } from '../tickets/api.ts';
import { statusLabel } from '../tickets/ticket-options.ts';
import type { LinkRelation } from './api.ts';
import { useAddLink, useFindTicket, useLinks, useMerge, useRemoveLink } from './use-ticket-actions.ts';

const t = messages.ticketActions.links;
const RELATIONS: LinkRelation[] = ['related', 'duplicate-of', 'parent-of', 'child-of'];

/** Linked tickets (add by number or id, remove), and merging this ticket into another. */
export function LinksPanel({ ticket }: { ticket: Ticket }) {
  const { user } = useSession();
  const links = useLinks(ticket.id);
  const add = useAddLink(ticket.id);
  const remove = useRemoveLink(ticket.id);
  const [reference, setReference] = useState('');
  const [relation, setRelation] = useState<LinkRelation>('related');
  const [status, setStatus] = useState('');
  const [merging, setMerging] = useState(false);
  const mergeButtonId = useId();
  const canWork = user.role !== 'read-only' && !ticket.mergedIntoId;

  function handleAdd(event: FormEvent) {
    event.preventDefault();
    if (!reference.trim()) return;
    setStatus('');
    add.mutate(
      { reference, relation },
      {
        onSuccess: () => {
          setReference('');
          setStatus(t.added);
        },
      },
    );
  }

  return (
    <section aria-labelledby="links-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="links-title" className="text-sm font-semibold text-slate-900">
        {t.title}
      </h2>
      {links.error && <Alert>{links.error.message}</Alert>}
      {links.data?.length === 0 && <p className="mt-1 text-sm text-slate-600">{t.none}</p>}
      {!!links.data?.length && (
        <ul className="mt-2 space-y-1.5" data-testid="ticket-links">
          {links.data.map((link) => (
            <li key={link.id} data-relation={link.relation} className="flex items-start justify-between gap-2 text-sm">
              <span className="min-w-0">
                <span className="text-slate-600">{t.relations[link.relation] ?? link.relation} </span>
                <Link
                  to="/tickets/$ticketId"
                  params={{ ticketId: link.ticket.id }}
                  className="text-blue-800 underline-offset-2 hover:underline"
                >
                  #{link.ticket.number} {link.ticket.subject}
                </Link>
                <span className="text-xs text-slate-600"> · {link.ticket.mergedIntoId ? t.merged : statusLabel(link.ticket.status)}</span>
              </span>
              {canWork && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t.remove(link.ticket.number)}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ linkId: link.id, otherId: link.ticket.id }, { onSuccess: () => setStatus(t.removed) })}
                >
                  {t.removeShort}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.error && <Alert>{remove.error.message}</Alert>}
      {canWork && (
        <form onSubmit={handleAdd} className="mt-3 grid grid-cols-2 gap-2" aria-label={t.add}>
          {add.error && <Alert className="col-span-2">{add.error.message}</Alert>}
          <SelectField label={t.relation} value={relation} onChange={(e) => setRelation(e.target.value as LinkRelation)}>
            {RELATIONS.map((r) => (
              <option key={r} value={r}>
                {t.relations[r]}
              </option>
            ))}
          </SelectField>
          <TextField label={t.ticket} hint={t.ticketHint} value={reference} onChange={(e) => setReference(e.target.value)} />
          <div className="col-span-2 flex flex-wrap items-center gap-2">
            <Button type="submit" size="sm" disabled={add.isPending || !reference.trim()}>
              {add.isPending ? t.adding : t.add}
            </Button>
            <Button id={mergeButtonId} size="sm" variant="ghost" onClick={() => setMerging(true)}>
              {t.merge}
            </Button>
          </div>
        </form>
      )}
      <p role="status" className="text-sm text-green-800">
        {status}
      </p>
      {merging && (
        <MergeDialog
          ticket={ticket}
          onClose={() => {
            setMerging(false);
            document.getElementById(mergeButtonId)?.focus();
          }}
        />
      )}
    </section>
  );
}

/** Two steps: find the ticket to merge into, then confirm with its number and subject in view. */
function MergeDialog({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const [reference, setReference] = useState('');
  const find = useFindTicket();
  const merge = useMerge(ticket.id);
  const navigate = useNavigate();
  const target = find.data;

  function handleFind(event: FormEvent) {
    event.preventDefault();
    if (reference.trim()) find.mutate(reference);
  }

  function handleMerge() {
    if (!target) return;
    merge.mutate(target.id, {
      onSuccess: (result) => void navigate({ to: '/tickets/$ticketId', params: { ticketId: result.into.id } }),
    });
  }

  return (
    <Dialog open title={t.mergeTitle} onClose={onClose} closeLabel={t.close}>
      {!target ? (
        <form onSubmit={handleFind} className="space-y-3">
          {find.error && <Alert>{find.error.message}</Alert>}
          <TextField label={t.mergeInto} hint={t.ticketHint} value={reference} autoFocus onChange={(e) => setReference(e.target.value)} />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={onClose}>
              {t.cancel}
            </Button>
            <Button type="submit" variant="primary" disabled={find.isPending || !reference.trim()}>
              {t.mergeFind}
            </Button>
          </div>
        </form>
      ) : (
        <div className="space-y-3">
          {merge.error && <Alert>{merge.error.message}</Alert>}
          <p className="text-sm text-slate-900">{t.mergeConfirm(ticket.number, target.number, target.subject)}</p>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={onClose}>
              {t.cancel}
            </Button>
            <Button variant="danger" autoFocus disabled={merge.isPending} onClick={handleMerge}>
              {merge.isPending ? t.merging : t.mergeSubmit}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
