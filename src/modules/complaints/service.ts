import type { ComplaintTable, Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { decodeCursor, type Page, pageLimit, toPage } from '../../lib/pagination.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { recordEvents } from '../outbox/service.ts';
import * as repo from './repo.ts';
import type { Complaint, ListComplaintsQuery, UpdateComplaintBody } from './schema.ts';
import { acknowledgementAt, type ComplaintStep, completeStep, nextStep, removedEvidence, type StepEntry } from './workflow.ts';

/** Thrown for a ticket that is not (or no longer) a formal complaint, and for other workspaces' tickets. */
const notAComplaint = () => notFound('Complaint', 'Complaint not found: the ticket does not exist or is not a formal complaint (type complaint)');

const toComplaint = (row: ComplaintTable): Complaint => {
  const steps: StepEntry[] = JSON.parse(row.steps);
  const acknowledged = steps.find((entry) => entry.step === 'acknowledge' && !entry.skipped);
  return {
    ticketId: row.ticket_id,
    category: row.category,
    step: row.step,
    nextStep: nextStep(row.step as ComplaintStep | null),
    steps: steps.map((entry) => ({ step: entry.step, at: new Date(entry.at).toISOString(), by: entry.by, skipped: entry.skipped ?? false, reason: entry.reason ?? null })),
    acknowledgedAt: iso(acknowledged?.at),
    rootCause: row.root_cause,
    rootCauseMethod: row.root_cause_method,
    rootCauseCategory: row.root_cause_category,
    whys: JSON.parse(row.root_cause_whys),
    remedyOffered: row.remedy_offered,
    followUpAt: iso(row.follow_up_at),
    satisfactionConfirmedAt: iso(row.satisfaction_confirmed_at),
    correctiveAction: row.corrective_action,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
};

const trimmed = (value: string | null) => (value === null ? null : value.trim() || null);

/** Formal complaints: the record beside a ticket of type complaint, and its steps. */
export function createComplaintService({ db, clock, afterCommit }: ServiceContext) {
  const announce = (tx: Executor, workspaceId: string, ticketId: string, completed: StepEntry[], now: number) =>
    recordEvents(
      tx,
      [{ workspaceId, aggregateId: ticketId, type: 'complaint.updated', payload: { ticketId, completedSteps: completed.map((e) => ({ step: e.step, skipped: e.skipped ?? false })) } }],
      new Date(now),
    );

  return {
    /**
     * Ticket hook (runs with every ticket change, after the SLA recompute): a ticket that became a
     * complaint gets its record; a public reply after the complaint was raised completes "acknowledge".
     */
    async sync(tx: Executor, workspaceId: string, ticketId: string) {
      const row = await repo.findTicketWithComplaint(tx, workspaceId, ticketId);
      if (row?.type !== 'complaint') return;
      const now = clock.now().getTime();
      if (row.complaint_ticket_id === null) {
        await repo.insertComplaint(tx, {
          ticket_id: ticketId,
          workspace_id: workspaceId,
          category: null,
          step: null,
          steps: '[]',
          root_cause: null,
          root_cause_method: null,
          root_cause_category: null,
          root_cause_whys: '[]',
          remedy_offered: null,
          follow_up_at: null,
          satisfaction_confirmed_at: null,
          corrective_action: null,
          created_at: now,
          updated_at: now,
        });
        await recordEvents(tx, [{ workspaceId, aggregateId: ticketId, type: 'complaint.created', payload: { ticketId } }], new Date(now));
        return;
      }
      if (row.step !== null || row.complaint_created_at === null) return;
      const at = acknowledgementAt(Number(row.complaint_created_at), [row.acknowledged_at, row.last_agent_message_at]);
      if (at === null) return;
      const entry: StepEntry = { step: 'acknowledge', at, by: null };
      await repo.updateComplaint(tx, workspaceId, ticketId, { step: 'acknowledge', steps: JSON.stringify([...JSON.parse(row.steps ?? '[]'), entry]), updated_at: now });
      await announce(tx, workspaceId, ticketId, [entry], now);
    },

    async get(actor: Actor, ticketId: string) {
      const row = await repo.findComplaint(db, actor.workspaceId, ticketId);
      if (!row) throw notAComplaint();
      return toComplaint(row);
    },

    async update(actor: Actor, ticketId: string, body: UpdateComplaintBody): Promise<Complaint> {
      const complaint = await db.transaction().execute(async (tx) => {
        const row = await repo.findComplaintForUpdate(tx, actor.workspaceId, ticketId);
        if (!row) throw notAComplaint();
        const now = clock.now().getTime();
        const changes: Partial<ComplaintTable> = { updated_at: now };
        if (body.category !== undefined) changes.category = trimmed(body.category);
        if (body.rootCause !== undefined) changes.root_cause = trimmed(body.rootCause);
        if (body.rootCauseMethod !== undefined) changes.root_cause_method = body.rootCauseMethod;
        if (body.rootCauseCategory !== undefined) changes.root_cause_category = body.rootCauseCategory;
        if (body.whys !== undefined) changes.root_cause_whys = JSON.stringify(body.whys.map((why) => why.trim()).filter(Boolean));
        if (body.remedyOffered !== undefined) changes.remedy_offered = trimmed(body.remedyOffered);
        if (body.followUpAt !== undefined) changes.follow_up_at = body.followUpAt === null ? null : Date.parse(body.followUpAt);
        if (body.satisfactionConfirmed !== undefined) {
          changes.satisfaction_confirmed_at = body.satisfactionConfirmed ? (row.satisfaction_confirmed_at ?? now) : null;
        }
        if (body.correctiveAction !== undefined) changes.corrective_action = trimmed(body.correctiveAction);
        const merged = { ...row, ...changes };
        const state = { step: merged.step as ComplaintStep | null, rootCause: merged.root_cause, correctiveAction: merged.corrective_action };
        let history: StepEntry[] = JSON.parse(row.steps);
        let completed: StepEntry[] = [];
        if (body.step !== undefined) {
          const outcome = completeStep(state, body.step as ComplaintStep, { at: now, by: actor.via === 'system' ? null : actor.userId, skipReason: body.skipReason });
          if ('problem' in outcome) throw invalid(`Complaint step: ${outcome.problem.message}`, { [outcome.problem.field]: outcome.problem.message });
          completed = outcome.entries;
          history = [...history, ...completed];
          if (completed.length) {
            changes.step = body.step;
            changes.steps = JSON.stringify(history);
          }
        }
        const lost = removedEvidence(state, history);
        if (lost) throw invalid(`Complaint: ${lost.message}`, { [lost.field]: lost.message });
        await repo.updateComplaint(tx, actor.workspaceId, ticketId, changes);
        await announce(tx, actor.workspaceId, ticketId, completed, now);
        return toComplaint({ ...row, ...changes });
      });
      afterCommit();
      return complaint;
    },

    /** What a service report shows of complaints opened in [from, to): counts by category and root cause, and the latest root causes. */
    async summary(actor: Actor, period: { from: number; to: number }) {
      const { counts, rootCauses } = await repo.summariseComplaints(db, actor.workspaceId, period.from, period.to, 10);
      const tally = (key: 'category' | 'root_cause_category') => {
        const totals = new Map<string, number>();
        for (const row of counts) totals.set(row[key] ?? '', (totals.get(row[key] ?? '') ?? 0) + Number(row.complaints));
        return [...totals].map(([name, complaints]) => ({ name: name || null, complaints })).sort((a, b) => b.complaints - a.complaints);
      };
      return {
        total: counts.reduce((sum, row) => sum + Number(row.complaints), 0),
        byCategory: tally('category'),
        byRootCause: tally('root_cause_category'),
        latestRootCauses: rootCauses.map((row) => ({
          ticketId: row.ticket_id,
          number: Number(row.number),
          subject: row.subject,
          category: row.category,
          rootCause: row.root_cause ?? '',
          rootCauseCategory: row.root_cause_category,
          correctiveAction: row.corrective_action,
          openedAt: new Date(Number(row.created_at)).toISOString(),
        })),
      };
    },

    async list(actor: Actor, query: ListComplaintsQuery): Promise<Page<Complaint>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const steps = query.step?.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (s === 'none' ? null : s));
      const rows = await repo.listComplaints(db, actor.workspaceId, { steps, category: query.category }, limit, cursor ? { value: Number(cursor.value), id: cursor.id } : undefined);
      return toPage(rows, limit, toComplaint, (row) => ({ value: row.created_at, id: row.ticket_id }));
    },
  };
}

export type ComplaintService = ReturnType<typeof createComplaintService>;
