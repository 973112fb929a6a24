import type { Executor } from '../../db/types.ts';
import { type Actor, systemActor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Page, decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { SlaTimerFired } from '../outbox/events.ts';
import { recordEvents } from '../outbox/service.ts';
import type { SlaService } from '../sla/service.ts';
import type { TicketRow } from '../tickets/repo.ts';
import type { TicketService } from '../tickets/service.ts';
import * as repo from './repo.ts';
import { summarise } from './review.ts';
import type {
  EscalateBody,
  Escalation,
  EscalationSettings,
  EscalationSummary,
  EscalationSummaryQuery,
  ListEscalationsQuery,
  RecordOutcomeBody,
} from './schema.ts';
import { effectiveSettings, escalationDueAt, highestTier, type StoredEscalationSettings, targetStatus, tierConfig } from './settings.ts';

/** Tickets in these statuses are done: escalating them would page people for nothing. */
const FINISHED = new Set(['solved', 'closed']);

export interface EscalationDeps {
  settings(tx: Executor, workspaceId: string): Promise<StoredEscalationSettings>;
  tickets: Pick<TicketService, 'findRowForUpdate' | 'setEscalationTier' | 'get'>;
  sla: Pick<SlaService, 'calendarForTicket'>;
}

const clockWords = (clock: string) => clock.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

export function createEscalationService({ db, clock, afterCommit }: ServiceContext, deps: EscalationDeps) {
  const { tickets, sla } = deps;

  const loadSettings = async (tx: Executor, workspaceId: string) => effectiveSettings(await deps.settings(tx, workspaceId));

  const toEscalation = (row: repo.EscalationView, now: number): Escalation => ({
    id: row.id,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    ticketSubject: row.ticket_subject,
    priority: row.ticket_priority as Escalation['priority'],
    fromTier: row.from_tier,
    toTier: row.to_tier,
    reason: row.reason,
    trigger: row.trigger as Escalation['trigger'],
    actorId: row.actor_id,
    createdAt: new Date(row.created_at).toISOString(),
    dueAt: new Date(row.due_at).toISOString(),
    respondedAt: iso(row.responded_at),
    targetStatus: targetStatus(row.due_at, row.responded_at, now),
    outcome: row.outcome as Escalation['outcome'],
    outcomeNote: row.outcome_note,
    outcomeAt: iso(row.outcome_at),
    outcomeBy: row.outcome_by,
  });

  async function requireEscalation(tx: Executor, actor: Actor, id: string) {
    const row = await repo.findEscalation(tx, actor.workspaceId, id);
    if (!row) throw notFound('Escalation');
    return row;
  }

  /** Writes the escalation, moves the ticket's tier and announces it, all in the caller's transaction. */
  async function escalateLocked(
    tx: Executor,
    actor: Actor,
    ticket: TicketRow,
    settings: EscalationSettings,
    input: { toTier: number; reason: string; trigger: 'manual' | 'breach'; source: string | null },
  ) {
    const now = clock.now().getTime();
    const tier = tierConfig(settings, input.toTier);
    if (!tier) throw invalid(`Tier ${input.toTier} is not configured`, { toTier: `at most ${highestTier(settings)}` });
    const calendar = await sla.calendarForTicket(tx, actor.workspaceId, ticket.id);
    const row: repo.EscalationRow = {
      id: newId(),
      workspace_id: actor.workspaceId,
      ticket_id: ticket.id,
      from_tier: ticket.escalation_tier,
      to_tier: input.toTier,
      reason: input.reason,
      trigger: input.trigger,
      source: input.source,
      actor_id: actor.via === 'system' ? null : actor.userId,
      created_at: now,
      due_at: escalationDueAt(tier, now, calendar),
      responded_at: null,
      outcome: 'open',
      outcome_note: null,
      outcome_at: null,
      outcome_by: null,
    };
    await repo.insertEscalation(tx, row);
    await tickets.setEscalationTier(tx, actor, ticket, input.toTier, `Escalated to tier ${input.toTier} (${tier.name}): ${input.reason}`);
    const payload = { ticketId: ticket.id, escalationId: row.id, fromTier: row.from_tier, toTier: row.to_tier, trigger: row.trigger, reason: row.reason, dueAt: iso(row.due_at) };
    await recordEvents(tx, [{ workspaceId: actor.workspaceId, aggregateId: ticket.id, type: 'ticket.escalated', payload }], new Date(now));
    return row;
  }

  const get = async (actor: Actor, id: string) => toEscalation(await requireEscalation(db, actor, id), clock.now().getTime());

  function reviewFilters(query: EscalationSummaryQuery & { ticketId?: string }): repo.ReviewFilters {
    return {
      priorities: query.priority?.split(','),
      from: query.from === undefined ? undefined : Date.parse(query.from),
      to: query.to === undefined ? undefined : Date.parse(query.to),
      outcome: query.outcome,
      trigger: query.trigger,
      ticketId: query.ticketId,
    };
  }

  return {
    /** Escalates by hand: to the given tier or the next one, with a reason. */
    async escalate(actor: Actor, ticketId: string, body: EscalateBody): Promise<Escalation> {
      const reason = body.reason.trim();
      if (!reason) throw invalid('Say why the ticket is escalated', { reason: 'required' });
      const row = await db.transaction().execute(async (tx) => {
        const ticket = await tickets.findRowForUpdate(tx, actor, ticketId);
        if (!ticket) throw notFound('Ticket');
        if (FINISHED.has(ticket.status)) throw conflict(`The ticket is ${ticket.status}; reopen it before escalating`);
        const settings = await loadSettings(tx, actor.workspaceId);
        const highest = highestTier(settings);
        if (body.toTier === undefined && ticket.escalation_tier >= highest) {
          throw conflict(`The ticket is already at the highest tier (${highest})`);
        }
        const toTier = body.toTier ?? ticket.escalation_tier + 1;
        if (toTier <= ticket.escalation_tier) {
          throw invalid(`The ticket is at tier ${ticket.escalation_tier}; escalation goes up`, { toTier: `must be above ${ticket.escalation_tier}` });
        }
        if (toTier > highest) throw invalid(`The highest tier is ${highest}`, { toTier: `at most ${highest}` });
        return escalateLocked(tx, actor, ticket, settings, { toTier, reason, trigger: 'manual', source: null });
      });
      afterCommit();
      return get(actor, row.id);
    },

    /**
     * A breached SLA clock moves a tier-1 ticket to tier 2 (when the workspace allows it). Events arrive
     * at least once: the timer id is recorded as the escalation's source, so a redelivery changes nothing.
     */
    async escalateOnBreach(workspaceId: string, breach: SlaTimerFired) {
      const actor = systemActor(workspaceId);
      const source = `sla-timer:${breach.timerId}`;
      const escalated = await db.transaction().execute(async (tx) => {
        const settings = await loadSettings(tx, workspaceId);
        if (!settings.autoEscalateOnBreach) return false;
        const ticket = await tickets.findRowForUpdate(tx, actor, breach.ticketId);
        if (ticket?.escalation_tier !== 1 || FINISHED.has(ticket.status)) return false;
        if (await repo.findBySource(tx, workspaceId, ticket.id, source)) return false;
        const reason = `SLA ${clockWords(breach.clock)} target breached (due ${breach.dueAt})`;
        await escalateLocked(tx, actor, ticket, settings, { toTier: 2, reason, trigger: 'breach', source });
        return true;
      });
      if (escalated) afterCommit();
      return escalated;
    },

    /** A staff message on the ticket answers its open escalations (unless the escalator wrote it). */
    async recordResponse(workspaceId: string, ticketId: string, at: Date, authorId: string | null) {
      await repo.markResponded(db, workspaceId, ticketId, at.getTime(), authorId);
    },

    /** A supervisor's verdict; sent-back also returns the ticket to the tier it came from, if it is still where this escalation put it. */
    async recordOutcome(actor: Actor, id: string, body: RecordOutcomeBody): Promise<Escalation> {
      await db.transaction().execute(async (tx) => {
        const escalation = await requireEscalation(tx, actor, id);
        if (escalation.outcome !== 'open') throw conflict(`The outcome was already recorded: ${escalation.outcome}`);
        // Lock the ticket before the escalation row, in the order escalating does.
        const ticket = body.outcome === 'sent-back' ? await tickets.findRowForUpdate(tx, actor, escalation.ticket_id) : undefined;
        const now = clock.now().getTime();
        const note = body.note?.trim() || null;
        const recorded = await repo.recordOutcome(tx, actor.workspaceId, id, { outcome: body.outcome, outcome_note: note, outcome_at: now, outcome_by: actor.userId });
        if (!recorded) throw conflict('The outcome was recorded by someone else meanwhile');
        if (ticket && ticket.escalation_tier === escalation.to_tier) {
          await tickets.setEscalationTier(tx, actor, ticket, escalation.from_tier, `Sent back to tier ${escalation.from_tier}${note ? `: ${note}` : ''}`);
        }
        const payload = { ticketId: escalation.ticket_id, escalationId: id, outcome: body.outcome };
        await recordEvents(tx, [{ workspaceId: actor.workspaceId, aggregateId: escalation.ticket_id, type: 'escalation.reviewed', payload }], new Date(now));
      });
      afterCommit();
      return get(actor, id);
    },

    get,

    async listForTicket(actor: Actor, ticketId: string) {
      await tickets.get(actor, ticketId);
      const now = clock.now().getTime();
      return (await repo.listTicketEscalations(db, actor.workspaceId, ticketId)).map((row) => toEscalation(row, now));
    },

    /** The escalation log, newest first: the weekly review filters it to P1/P2 and a week. */
    async list(actor: Actor, query: ListEscalationsQuery): Promise<Page<Escalation>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const rows = await repo.listEscalations(db, actor.workspaceId, reviewFilters(query), limit, cursor ? { value: Number(cursor.value), id: cursor.id } : undefined);
      const now = clock.now().getTime();
      return toPage(rows, limit, (row) => toEscalation(row, now), (row) => ({ value: row.created_at, id: row.id }));
    },

    async summary(actor: Actor, query: EscalationSummaryQuery): Promise<EscalationSummary> {
      const groups = await repo.countEscalations(db, actor.workspaceId, reviewFilters(query), clock.now().getTime());
      const at = (value: string | undefined) => (value === undefined ? null : new Date(value).toISOString());
      return summarise(groups, { from: at(query.from), to: at(query.to) });
    },

    /** The priority matrix, tier raises, escalation tiers and breach rule in force (defaults filled in). */
    settings: (actor: Actor) => loadSettings(db, actor.workspaceId),
  };
}

export type EscalationService = ReturnType<typeof createEscalationService>;
