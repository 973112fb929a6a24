import { Badge } from '@rapport/ui/Badge.tsx';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import type { Ticket } from '../tickets/api.ts';
import type { Complaint } from './api.ts';

const t = messages.complaints;

export interface Deadline {
  key: 'acknowledge' | 'resolve' | 'followUp';
  label: string;
  /** When it is due (from the ticket's SLA clocks, or the complaint's follow-up date). */
  dueAt: string | null;
  /** When it was met, if it was. */
  doneAt: string | null;
}

const stepAt = (complaint: Complaint, step: string) => complaint.steps.find((entry) => entry.step === step)?.at ?? null;

/**
 * The complaint's deadlines the API gives: acknowledgement and resolution from the ticket's SLA
 * (the "Formal complaints" policy), the follow-up date the agent set.
 */
export function complaintDeadlines(complaint: Complaint, ticket: Ticket | undefined): Deadline[] {
  const acknowledgementClock = ticket?.sla.clocks.find((clock) => clock.clock === 'acknowledgement');
  return [
    {
      key: 'acknowledge',
      label: t.acknowledgeBy,
      dueAt: acknowledgementClock?.dueAt ?? ticket?.sla.firstResponseDueAt ?? null,
      doneAt: complaint.acknowledgedAt ?? stepAt(complaint, 'acknowledge'),
    },
    {
      key: 'resolve',
      label: t.resolveBy,
      dueAt: ticket?.sla.resolutionDueAt ?? null,
      doneAt: stepAt(complaint, 'resolve') ?? ticket?.solvedAt ?? null,
    },
    { key: 'followUp', label: t.followUp, dueAt: complaint.followUpAt, doneAt: complaint.satisfactionConfirmedAt },
  ];
}

/** A deadline as a date, marked done (✓ and the date it was met) or overdue (in words, not colour alone). */
export function DeadlineValue({ deadline, now, compact = false }: { deadline: Deadline; now: number; compact?: boolean }) {
  if (deadline.doneAt)
    return (
      <span className="text-green-800">
        <span aria-hidden="true">✓ </span>
        {/* In a table the column names the deadline: the tick and the date are enough to see. */}
        <span className={compact ? 'sr-only' : undefined}>{`${t.met[deadline.key]} `}</span>
        <time dateTime={deadline.doneAt}>{formatShortDateTime(deadline.doneAt)}</time>
      </span>
    );
  if (!deadline.dueAt) return <span className="text-slate-600">{t.noDeadline}</span>;
  const overdue = Date.parse(deadline.dueAt) < now;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <time dateTime={deadline.dueAt}>{formatShortDateTime(deadline.dueAt)}</time>
      {overdue && <Badge tone="red">{t.overdue}</Badge>}
    </span>
  );
}
