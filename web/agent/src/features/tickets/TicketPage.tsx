import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ComplaintPanel } from '../complaints/ComplaintPanel.tsx';
import { DraftFromTicketButton } from '../kb/DraftFromTicketButton.tsx';
import { CustomerPanel } from '../customers/CustomerPanel.tsx';
import { PresenceNotice } from '../realtime/PresenceNotice.tsx';
import { useHotkeys } from '../shortcuts/use-hotkeys.ts';
import { SlaCountdown } from '../sla/SlaCountdown.tsx';
import { SlaPanel } from '../sla/SlaPanel.tsx';
import { SurveyPanel } from '../surveys/SurveyPanel.tsx';
import { EscalationPanel } from '../ticket-actions/EscalationPanel.tsx';
import { LinksPanel } from '../ticket-actions/LinksPanel.tsx';
import { TicketHistory } from '../ticket-actions/TicketHistory.tsx';
import { Composer, type ComposerMode } from './Composer.tsx';
import { Conversation } from './Conversation.tsx';
import { PriorityBadge, StatusBadge } from './TicketBadges.tsx';
import { TicketFields } from './TicketFields.tsx';
import { useTicket } from './use-tickets.ts';

const t = messages.ticket;

export function TicketPage({ ticketId }: { ticketId: string }) {
  const { data: ticket, error, isPending, refetch } = useTicket(ticketId);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const composer = useRef<HTMLTextAreaElement>(null);
  const router = useRouter();
  const navigate = useNavigate();

  function focusComposer(next: ComposerMode) {
    setMode(next);
    composer.current?.focus();
  }

  useHotkeys({
    r: () => focusComposer('reply'),
    n: () => focusComposer('note'),
    escape: () => (router.history.canGoBack() ? router.history.back() : void navigate({ to: '/' })),
  });

  if (isPending)
    return (
      <div className="p-5">
        <Spinner label={messages.app.loading} />
      </div>
    );
  if (error) {
    return (
      <div className="p-5">
        <Alert
          action={
            <Button size="sm" onClick={() => void refetch()}>
              {messages.errors.retry}
            </Button>
          }
        >
          {error.message}
        </Alert>
      </div>
    );
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="border-b border-slate-200 bg-white px-5 py-3">
        <Link to="/" className="text-xs text-blue-800 hover:underline">
          ← {messages.app.backToInbox}
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="text-lg font-semibold text-slate-900">
            <span className="mr-2 font-normal text-slate-600">{t.number(ticket.number)}</span>
            {ticket.subject}
          </h1>
          <StatusBadge ticket={ticket} />
          <PriorityBadge priority={ticket.priority} />
          <span data-testid="ticket-sla">
            <SlaCountdown ticket={ticket} />
          </span>
          <PresenceNotice ticketId={ticket.id} />
          <DraftFromTicketButton ticketId={ticket.id} />
        </div>
      </div>
      <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_21rem] gap-4 overflow-hidden p-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <section aria-label={t.conversation} className="flex min-h-0 flex-col gap-4 overflow-y-auto pr-1">
          {ticket.mergedIntoId && (
            <Alert
              tone="info"
              action={
                <Link to="/tickets/$ticketId" params={{ ticketId: ticket.mergedIntoId }} className="text-sm underline">
                  {t.openMerged}
                </Link>
              }
            >
              {t.mergedInto}
            </Alert>
          )}
          <Conversation ticket={ticket} />
          {!ticket.mergedIntoId && <Composer key={ticket.id} ticket={ticket} mode={mode} onModeChange={setMode} textareaRef={composer} />}
        </section>
        <aside className="min-h-0 space-y-4 overflow-y-auto pb-4" aria-label={t.details}>
          <TicketFields key={ticket.id} ticket={ticket} />
          <SlaPanel ticketId={ticket.id} status={ticket.status} />
          <SurveyPanel ticketId={ticket.id} />
          <ComplaintPanel key={`complaint-${ticket.id}`} ticket={ticket} />
          <EscalationPanel ticket={ticket} />
          <LinksPanel key={`links-${ticket.id}`} ticket={ticket} />
          <CustomerPanel ticket={ticket} />
          <TicketHistory key={`history-${ticket.id}`} ticketId={ticket.id} version={ticket.version} />
        </aside>
      </div>
    </div>
  );
}
