import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextAreaField, TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { useSession } from '../auth/use-session.ts';
import { useFormProblem } from '../contacts/parts.tsx';
import type { Ticket } from '../tickets/api.ts';
import { useUpdateTicket } from '../tickets/use-tickets.ts';
import {
  COMPLAINT_STEPS,
  type Complaint,
  type ComplaintStep,
  ROOT_CAUSE_CATEGORY_OPTIONS,
  ROOT_CAUSE_METHOD_OPTIONS,
  type UpdateComplaintBody,
} from './api.ts';
import { complaintDeadlines, DeadlineValue } from './deadlines.tsx';
import { complaintKeys, useComplaint, useUpdateComplaint } from './use-complaints.ts';

const t = messages.complaints;
const stepLabel = (step: string) => t.steps[step] ?? step;
const FIELDS = [
  'step',
  'skipReason',
  'category',
  'rootCause',
  'rootCauseMethod',
  'whys',
  'rootCauseCategory',
  'remedyOffered',
  'followUpAt',
  'satisfactionConfirmed',
  'correctiveAction',
] as const;

/** A 5-whys analysis asks "why?" up to five times. */
const WHY_COUNT = 5;

/** The answers in order, up to the first one left empty. */
function answeredWhys(whys: string[]) {
  const firstEmpty = whys.findIndex((why) => !why.trim());
  return (firstEmpty === -1 ? whys : whys.slice(0, firstEmpty)).map((why) => why.trim());
}

/** The formal complaint beside a ticket: mark a ticket as one, then move it through its steps. */
export function ComplaintPanel({ ticket }: { ticket: Ticket }) {
  const { user } = useSession();
  const canWork = user.role !== 'read-only' && !ticket.mergedIntoId;
  const isComplaint = ticket.type === 'complaint';
  const complaint = useComplaint(ticket.id, isComplaint);
  const titleId = useId();
  if (!isComplaint && !canWork) return null;
  return (
    <section
      aria-labelledby={titleId}
      data-testid="complaint-panel"
      className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200"
    >
      <h2 id={titleId} className="mb-3 text-sm font-semibold text-slate-900">
        {t.panelTitle}
      </h2>
      {!isComplaint ? (
        <MarkAsComplaint ticket={ticket} />
      ) : complaint.isPending ? (
        <Spinner label={messages.app.loading} />
      ) : complaint.isError ? (
        <Alert
          action={
            <Button size="sm" onClick={() => void complaint.refetch()}>
              {messages.errors.retry}
            </Button>
          }
        >
          {complaint.error.message}
        </Alert>
      ) : (
        <ComplaintDetails complaint={complaint.data} ticket={ticket} canWork={canWork} />
      )}
    </section>
  );
}

function MarkAsComplaint({ ticket }: { ticket: Ticket }) {
  const update = useUpdateTicket(ticket.id);
  const queryClient = useQueryClient();
  return (
    <div className="space-y-2">
      <p className="text-slate-700">{t.notComplaint}</p>
      {update.error && <Alert>{update.error.message}</Alert>}
      <Button
        disabled={update.isPending}
        onClick={() =>
          update.mutate(
            { version: ticket.version, changes: { type: 'complaint' } },
            { onSuccess: () => void queryClient.invalidateQueries({ queryKey: complaintKeys.all }) },
          )
        }
      >
        {update.isPending ? t.marking : t.markAsComplaint}
      </Button>
    </div>
  );
}

function ComplaintDetails({ complaint, ticket, canWork }: { complaint: Complaint; ticket: Ticket; canWork: boolean }) {
  const now = useNow();
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">{t.stage}</dt>
        <dd data-testid="complaint-stage">
          <Badge tone={complaint.nextStep === null ? 'green' : 'violet'}>
            {complaint.step ? (t.stepDone[complaint.step] ?? complaint.step) : t.notAcknowledged}
          </Badge>
        </dd>
        <dt className="text-slate-600">{t.next}</dt>
        <dd>{complaint.nextStep ? stepLabel(complaint.nextStep) : t.allDone}</dd>
      </dl>
      <StepList complaint={complaint} />
      <div>
        <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">{t.deadlines}</h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1" data-testid="complaint-deadlines">
          {complaintDeadlines(complaint, ticket).map((deadline) => (
            <div key={deadline.key} className="contents">
              <dt className="text-slate-600">{deadline.label}</dt>
              <dd>
                <DeadlineValue deadline={deadline} now={now} />
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <p role="status" className="min-h-0 text-green-800 empty:hidden">
        {done}
      </p>
      {canWork ? (
        // Keyed by the saved version: after a save (or someone else's) the form shows what the API holds.
        <ComplaintForm key={complaint.updatedAt} complaint={complaint} ticketId={ticket.id} onStatus={setDone} />
      ) : (
        <ComplaintFindings complaint={complaint} />
      )}
    </div>
  );
}

/** The five steps: done (with when), skipped (with why), next, or still to come. */
function StepList({ complaint }: { complaint: Complaint }) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">{t.history}</h3>
      <ol className="space-y-1" data-testid="complaint-steps">
        {COMPLAINT_STEPS.map((step, index) => {
          const entry = complaint.steps.find((e) => e.step === step);
          const isNext = complaint.nextStep === step;
          return (
            <li key={step} data-step={step} className="flex flex-wrap items-baseline gap-x-2">
              <span
                aria-hidden="true"
                className={
                  entry && !entry.skipped ? 'font-semibold text-green-800' : isNext ? 'font-semibold text-blue-800' : 'text-slate-500'
                }
              >
                {entry ? (entry.skipped ? '–' : '✓') : isNext ? '→' : `${index + 1}.`}
              </span>
              <span className={isNext ? 'font-semibold' : undefined}>{stepLabel(step)}</span>
              {entry && (
                <span className="text-xs text-slate-600">
                  {entry.skipped ? `${t.skipped(entry.reason)} · ` : ''}
                  <time dateTime={entry.at}>{formatShortDateTime(entry.at)}</time>
                </span>
              )}
              {isNext && <span className="sr-only">({t.next})</span>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** An ISO instant as a datetime-local value in the agent's own time zone, and back. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);
const orNull = (value: string) => value.trim() || null;

function ComplaintForm({
  complaint,
  ticketId,
  onStatus,
}: {
  complaint: Complaint;
  ticketId: string;
  onStatus: (done: string | null) => void;
}) {
  const titleId = useId();
  const form = useRef<HTMLFormElement>(null);
  const update = useUpdateComplaint(ticketId);
  const problem = useFormProblem(update.error, FIELDS);
  const [category, setCategory] = useState(complaint.category ?? '');
  const [rootCause, setRootCause] = useState(complaint.rootCause ?? '');
  const [method, setMethod] = useState(complaint.rootCauseMethod ?? '');
  const [whys, setWhys] = useState(() => Array.from({ length: WHY_COUNT }, (_, index) => complaint.whys[index] ?? ''));
  const [causeCategory, setCauseCategory] = useState(complaint.rootCauseCategory ?? '');
  const [remedy, setRemedy] = useState(complaint.remedyOffered ?? '');
  const [followUpAt, setFollowUpAt] = useState(toLocalInput(complaint.followUpAt));
  const [satisfied, setSatisfied] = useState(complaint.satisfactionConfirmedAt !== null);
  const [correctiveAction, setCorrectiveAction] = useState(complaint.correctiveAction ?? '');
  const later = complaint.nextStep ? COMPLAINT_STEPS.slice(COMPLAINT_STEPS.indexOf(complaint.nextStep as ComplaintStep) + 1) : [];
  const [skipTo, setSkipTo] = useState<ComplaintStep | ''>('');
  const [skipReason, setSkipReason] = useState('');

  // The findings go with every save, so what was typed counts for a step that needs it (record, improve).
  function save(step?: ComplaintStep, reason?: string) {
    const body: UpdateComplaintBody = {
      category: orNull(category),
      rootCause: orNull(rootCause),
      rootCauseMethod: (method || null) as UpdateComplaintBody['rootCauseMethod'],
      ...(method === '5-whys' ? { whys: answeredWhys(whys) } : {}),
      rootCauseCategory: (causeCategory || null) as UpdateComplaintBody['rootCauseCategory'],
      remedyOffered: orNull(remedy),
      followUpAt: fromLocalInput(followUpAt),
      satisfactionConfirmed: satisfied,
      correctiveAction: orNull(correctiveAction),
      ...(step ? { step } : {}),
      ...(reason ? { skipReason: reason } : {}),
    };
    onStatus(null);
    update.mutate(body, {
      onSuccess: () => onStatus(step ? `${t.stepDone[step] ?? step}.` : t.saved),
      // The field the API objects to may be further down (a step needs the root cause): take the agent there.
      onError: () => requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()),
    });
  }

  return (
    <form
      ref={form}
      aria-labelledby={titleId}
      className="space-y-3 border-t border-slate-200 pt-3"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <h3 id={titleId} className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
        {t.findings}
      </h3>
      {update.error && (
        <Alert>
          {messages.directory.invalid} {update.error.message}
        </Alert>
      )}
      {complaint.nextStep && (
        <Button variant="primary" disabled={update.isPending} onClick={() => save(complaint.nextStep as ComplaintStep)}>
          {t.complete(stepLabel(complaint.nextStep))}
        </Button>
      )}
      {later.length > 0 && (
        <details className="rounded-md border border-slate-200 px-3 py-2" open={problem.error('skipReason') !== undefined || undefined}>
          <summary className="cursor-pointer text-slate-700">{t.skipTo}</summary>
          <div className="mt-2 space-y-2">
            <SelectField label={t.skipTo} value={skipTo} onChange={(event) => setSkipTo(event.target.value as ComplaintStep | '')}>
              <option value="">{t.notSet}</option>
              {later.map((step) => (
                <option key={step} value={step}>
                  {stepLabel(step)}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t.skipReason}
              value={skipReason}
              onChange={(event) => setSkipReason(event.target.value)}
              error={problem.error('skipReason')}
            />
            <Button size="sm" disabled={!skipTo || update.isPending} onClick={() => skipTo && save(skipTo, skipReason.trim() || undefined)}>
              {skipTo ? t.skipToStep(stepLabel(skipTo)) : t.skipTo}
            </Button>
          </div>
        </details>
      )}
      <TextField
        label={t.category}
        value={category}
        maxLength={100}
        onChange={(event) => setCategory(event.target.value)}
        error={problem.error('category')}
      />
      <SelectField
        label={t.rootCauseMethod}
        value={method}
        onChange={(event) => setMethod(event.target.value)}
        error={problem.error('rootCauseMethod')}
      >
        <option value="">{t.notSet}</option>
        {ROOT_CAUSE_METHOD_OPTIONS.map((value) => (
          <option key={value} value={value}>
            {t.methods[value]}
          </option>
        ))}
      </SelectField>
      {method === '5-whys' && (
        <fieldset className="space-y-2 rounded-md border border-slate-200 px-3 py-2">
          <legend className="px-1 text-xs font-semibold text-slate-700">{t.whysLegend}</legend>
          {whys.map((why, index) => (
            <TextField
              // biome-ignore lint/suspicious/noArrayIndexKey: the five answers are positions, not items.
              key={index}
              label={t.why(index + 1)}
              value={why}
              maxLength={1000}
              onChange={(event) => setWhys((current) => current.map((old, at) => (at === index ? event.target.value : old)))}
              error={index === 0 ? problem.error('whys') : undefined}
            />
          ))}
        </fieldset>
      )}
      <SelectField
        label={t.rootCauseCategory}
        value={causeCategory}
        onChange={(event) => setCauseCategory(event.target.value)}
        error={problem.error('rootCauseCategory')}
      >
        <option value="">{t.notSet}</option>
        {ROOT_CAUSE_CATEGORY_OPTIONS.map((value) => (
          <option key={value} value={value}>
            {t.categories[value]}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t.rootCause}
        rows={3}
        value={rootCause}
        hint={t.rootCauseHint}
        onChange={(event) => setRootCause(event.target.value)}
        error={problem.error('rootCause')}
      />
      <TextAreaField
        label={t.remedyOffered}
        rows={2}
        value={remedy}
        onChange={(event) => setRemedy(event.target.value)}
        error={problem.error('remedyOffered')}
      />
      <TextField
        label={t.followUpAt}
        type="datetime-local"
        value={followUpAt}
        onChange={(event) => setFollowUpAt(event.target.value)}
        error={problem.error('followUpAt')}
      />
      <label className="flex items-start gap-2">
        <input type="checkbox" className="mt-0.5" checked={satisfied} onChange={(event) => setSatisfied(event.target.checked)} />
        <span>{t.satisfactionConfirmed}</span>
      </label>
      <TextAreaField
        label={t.correctiveAction}
        rows={3}
        value={correctiveAction}
        hint={t.correctiveActionHint}
        onChange={(event) => setCorrectiveAction(event.target.value)}
        error={problem.error('correctiveAction')}
      />
      <Button type="submit" disabled={update.isPending}>
        {update.isPending ? t.saving : t.saveFindings}
      </Button>
    </form>
  );
}

/** The findings, for those who may only read. */
function ComplaintFindings({ complaint }: { complaint: Complaint }) {
  const rows: Array<[string, string | null]> = [
    [t.category, complaint.category],
    [t.rootCauseMethod, complaint.rootCauseMethod && (t.methods[complaint.rootCauseMethod] ?? complaint.rootCauseMethod)],
    ...complaint.whys.map((why, index): [string, string | null] => [t.why(index + 1), why]),
    [t.rootCauseCategory, complaint.rootCauseCategory && (t.categories[complaint.rootCauseCategory] ?? complaint.rootCauseCategory)],
    [t.rootCause, complaint.rootCause],
    [t.remedyOffered, complaint.remedyOffered],
    [t.correctiveAction, complaint.correctiveAction],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 border-t border-slate-200 pt-3">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="whitespace-pre-wrap break-words">{value ?? t.notSet}</dd>
        </div>
      ))}
    </dl>
  );
}
