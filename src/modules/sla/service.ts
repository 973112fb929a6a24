import type { BusinessCalendarTable, Executor, SlaPolicyTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { calendarNeverOpens, conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { recordEvents } from '../outbox/service.ts';
import { displayZoneOf, readStoredCalendar, warnConfigurationFault } from './calendar-faults.ts';
import { type CalendarDefinition, findCalendarFault, parseCalendar } from './calendar.ts';
import { BUSINESS_HOURS_CALENDAR, defaultCalendar, defaultPolicies } from './defaults.ts';
import { explainLines } from './explain.ts';
import { policyMatches, type TicketProfile } from './policy-match.ts';
import * as repo from './repo.ts';
import type { Calendar, CreateCalendarBody, CreatePolicyBody, SlaExplanation, SlaPolicy, UpdateCalendarBody, UpdatePolicyBody } from './schema.ts';
import { computeSla, type TicketFacts, timersFor } from './sla-clock.ts';

const ALWAYS_OPEN = parseCalendar({ timezone: 'UTC', alwaysOpen: true });
/** Stands in for a calendar that cannot be read: business time never passes, so nothing falls due by it. */
const NEVER_OPEN = parseCalendar({ timezone: 'UTC' });

const toCalendar = (row: BusinessCalendarTable): Calendar => ({
  id: row.id,
  name: row.name,
  definition: JSON.parse(row.definition),
  problem: readStoredCalendar(row).problem,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** `calendar` is the policy's calendar row (undefined: around the clock, or the row is gone). */
const toPolicy = (row: SlaPolicyTable, calendar: BusinessCalendarTable | undefined): SlaPolicy => ({
  id: row.id,
  name: row.name,
  position: row.position,
  isActive: row.is_active === 1,
  conditions: JSON.parse(row.conditions),
  calendarId: row.calendar_id,
  targets: JSON.parse(row.targets),
  warnPercent: row.warn_percent,
  problem: calendar ? readStoredCalendar(calendar).problem : null,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

const TIER_RANK: Record<string, number> = { standard: 0, premium: 1, enterprise: 2 };
const higherTier = (a: string, b: string | null) => (b !== null && (TIER_RANK[b] ?? 0) > (TIER_RANK[a] ?? 0) ? b : a);

type Facts = NonNullable<Awaited<ReturnType<typeof repo.loadTicketFacts>>>;

/** Turns stored rows into the pure clock's facts. */
function toTicketFacts({ ticket, statusEvents, messages }: Facts): TicketFacts {
  const changes = statusEvents.filter((e) => e.field === 'status');
  const publicOutbound = messages.filter((m) => m.direction === 'outbound' && m.is_internal === 0);
  const answeredUntil = ticket.last_agent_message_at ?? Number.NEGATIVE_INFINITY;
  const unanswered = messages.find((m) => m.direction === 'inbound' && m.created_at > answeredUntil);
  return {
    createdAt: ticket.created_at,
    initialStatus: changes[0]?.old_value ?? ticket.status,
    statusChanges: changes.map((e) => ({ at: e.created_at, to: e.new_value ?? '' })),
    acknowledgedAt: publicOutbound[0]?.created_at ?? null,
    firstResponseAt: ticket.first_response_at,
    unansweredSince: unanswered?.created_at ?? null,
    answeredAt: null,
    solvedAt: ticket.status === 'solved' || ticket.status === 'closed' ? ticket.solved_at : null,
  };
}

export interface SlaDeps {
  /** The workspace's SLA settings (read lazily: the workspace service is built after this one). */
  pausingStatuses(tx: Executor, workspaceId: string): Promise<string[]>;
}

export function createSlaService({ db, clock, afterCommit, logger }: ServiceContext, deps: SlaDeps) {
  /** The policy's calendar; one that cannot time a clock comes with its problem (and a warn line in the log). */
  async function loadCalendar(tx: Executor, workspaceId: string, calendarId: string | null) {
    if (!calendarId) return { id: null, name: 'Around the clock', timezone: 'UTC', calendar: ALWAYS_OPEN, problem: null };
    const row = await repo.findCalendar(tx, workspaceId, calendarId);
    if (!row) return { id: null, name: 'Around the clock (calendar missing)', timezone: 'UTC', calendar: ALWAYS_OPEN, problem: null };
    const stored = readStoredCalendar(row);
    if (stored.problem !== null) warnConfigurationFault(logger, clock.now().getTime(), { workspaceId, calendarId, problem: stored.problem });
    return { id: row.id, name: row.name, timezone: displayZoneOf(row), calendar: stored.calendar ?? { unusable: stored.problem }, problem: stored.problem };
  }

  /** Computes a ticket's clocks from its current facts; `now` decides what is running or breached. */
  async function evaluate(tx: Executor, workspaceId: string, ticketId: string) {
    const facts = await repo.loadTicketFacts(tx, workspaceId, ticketId);
    if (!facts) return undefined;
    const { ticket } = facts;
    const profile: TicketProfile = {
      channel: ticket.channel,
      priority: ticket.priority,
      type: ticket.type,
      tier: higherTier(ticket.contact_tier, ticket.organisation_tier),
      organisationId: ticket.organisation_id,
    };
    const policies = await repo.listPolicies(tx, workspaceId);
    const policy = policies.find((row) => row.is_active === 1 && policyMatches(JSON.parse(row.conditions), profile));
    const calendar = await loadCalendar(tx, workspaceId, policy?.calendar_id ?? null);
    const pausingStatuses = await deps.pausingStatuses(tx, workspaceId);
    const ticketFacts = toTicketFacts(facts);
    const computation = computeSla(ticketFacts, policy ? JSON.parse(policy.targets) : {}, calendar.calendar, {
      now: clock.now().getTime(),
      warnShare: (policy?.warn_percent ?? 75) / 100,
      pausingStatuses: new Set(pausingStatuses),
    });
    return { ticket, profile, policy, calendar, pausingStatuses, ticketFacts, computation };
  }

  /** Recomputes a ticket's SLA state and timers inside the caller's transaction (after every change). */
  async function recompute(tx: Executor, workspaceId: string, ticketId: string) {
    const result = await evaluate(tx, workspaceId, ticketId);
    if (!result) return;
    const { computation, policy, ticket, ticketFacts } = result;
    const due = (name: string) => computation.clocks.find((c) => c.clock === name && c.stoppedAt === null)?.dueAt ?? null;
    const firstBreach = computation.clocks.map((c) => c.breachedAt).filter((t): t is number => t !== null);
    await repo.updateTicketSla(tx, ticketId, {
      sla_policy_id: policy?.id ?? null,
      first_response_due_at: due('firstResponse'),
      next_response_due_at: due('nextResponse'),
      resolution_due_at: due('resolution'),
      sla_next_due_at: computation.nextDueAt,
      sla_state: JSON.stringify(computation.clocks),
      acknowledged_at: ticketFacts.acknowledgedAt,
      // A breach is history: it stays even when a later change (e.g. a new policy) would not breach.
      sla_breached_at: ticket.sla_breached_at ?? (firstBreach.length ? Math.min(...firstBreach) : null),
    });
    await repo.replacePendingTimers(tx, workspaceId, ticketId, timersFor(computation));
  }

  async function installDefaults(tx: Executor, workspaceId: string, timezone: string) {
    const now = clock.now().getTime();
    const business: BusinessCalendarTable = { id: newId(), workspace_id: workspaceId, name: BUSINESS_HOURS_CALENDAR, definition: JSON.stringify(defaultCalendar(timezone)), created_at: now, updated_at: now };
    const around: BusinessCalendarTable = { id: newId(), workspace_id: workspaceId, name: 'Around the clock', definition: JSON.stringify({ timezone: 'UTC', alwaysOpen: true }), created_at: now, updated_at: now };
    await repo.insertCalendar(tx, business);
    await repo.insertCalendar(tx, around);
    for (const [position, body] of defaultPolicies(business.id, around.id).entries()) {
      await repo.insertPolicy(tx, policyRow(workspaceId, body, position * 10, now));
    }
  }

  const policyRow = (workspaceId: string, body: CreatePolicyBody, position: number, now: number): SlaPolicyTable => ({
    id: newId(),
    workspace_id: workspaceId,
    name: body.name.trim(),
    position,
    is_active: body.isActive === false ? 0 : 1,
    conditions: JSON.stringify(body.conditions ?? {}),
    calendar_id: body.calendarId ?? null,
    targets: JSON.stringify(body.targets),
    warn_percent: body.warnPercent ?? 75,
    created_at: now,
    updated_at: now,
  });

  /** A policy may only be pointed at a calendar of its workspace that opens. */
  async function checkCalendar(tx: Executor, actor: Actor, calendarId: string | null | undefined) {
    if (!calendarId) return;
    const row = await repo.findCalendar(tx, actor.workspaceId, calendarId);
    if (!row) throw invalid('The calendar does not exist in this workspace', { calendarId: 'unknown calendar' });
    const { problem } = readStoredCalendar(row);
    if (problem) throw calendarNeverOpens('calendarId', `${problem} Give it open hours before an SLA policy uses it.`);
  }

  /**
   * A definition about to be saved: `invalid` (400) when it breaks the format, `calendarNeverOpens` (422)
   * when SLA policies use the calendar and it would never open. An unused calendar may be saved closed.
   */
  async function checkDefinition(tx: Executor, definition: CalendarDefinition, calendarId: string | null) {
    const fault = findCalendarFault(parseCalendar(definition));
    if (!fault || calendarId === null) return;
    const users = await repo.countPoliciesUsingCalendar(tx, calendarId);
    if (users > 0) {
      const policies = users === 1 ? 'an SLA policy uses' : `${users} SLA policies use`;
      throw calendarNeverOpens(`definition.${fault.field}`, `The calendar ${fault.problem}, but ${policies} it: its tickets would get no SLA due times.`);
    }
  }

  const findPolicyCalendar = async (tx: Executor, actor: Actor, calendarId: string | null) =>
    calendarId ? repo.findCalendar(tx, actor.workspaceId, calendarId) : undefined;

  /** Policies changed: every open ticket's clocks are recomputed by the outbox subscriber. */
  const announcePolicyChange = (tx: Executor, actor: Actor, now: Date) =>
    recordEvents(tx, [{ workspaceId: actor.workspaceId, aggregateId: `sla-config:${actor.workspaceId}`, type: 'sla.config_changed', payload: {} }], now);

  async function mutate<T>(actor: Actor, action: string, work: (tx: Executor, now: Date) => Promise<T>) {
    const result = await db.transaction().execute(async (tx) => {
      const now = clock.now();
      const value = await work(tx, now);
      await auditByActor(tx, actor, { action, targetType: 'sla' }, now);
      await announcePolicyChange(tx, actor, now);
      return value;
    });
    afterCommit();
    return result;
  }

  return {
    recompute,
    installDefaults,

    /**
     * The business calendar of the SLA policy that applies to the ticket now (around the clock when none
     * does; one that never opens when the policy's calendar cannot be read).
     */
    async calendarForTicket(tx: Executor, workspaceId: string, ticketId: string) {
      const calendar = (await evaluate(tx, workspaceId, ticketId))?.calendar.calendar ?? ALWAYS_OPEN;
      return 'unusable' in calendar ? NEVER_OPEN : calendar;
    },

    /** Recomputes every open ticket of a workspace in batches (after a policy or calendar change). */
    async recomputeOpenTickets(workspaceId: string) {
      let after = '';
      for (;;) {
        // Small transactions: each holds the writer (and, on SQLite, the event loop) only briefly.
        const batch = await repo.listOpenTicketIds(db, workspaceId, after, 50);
        if (!batch.length) return;
        await db.transaction().execute(async (tx) => {
          for (const { id } of batch) await recompute(tx, workspaceId, id);
        });
        after = batch[batch.length - 1].id;
      }
    },

    async explain(actor: Actor, ticketId: string): Promise<SlaExplanation> {
      const result = await evaluate(db, actor.workspaceId, ticketId);
      if (!result) throw notFound('Ticket');
      const { policy, calendar, computation, profile, pausingStatuses } = result;
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      return {
        ticketId,
        policy: policy ? { id: policy.id, name: policy.name } : null,
        calendar: { id: calendar.id, name: calendar.name, timezone: calendar.timezone, problem: calendar.problem },
        tier: profile.tier,
        pausingStatuses,
        pauses: computation.pauses.map(([from, to]) => ({ from: new Date(from).toISOString(), to: iso(to) })),
        clocks: computation.clocks.map((c) => ({
          clock: c.clock,
          targetMinutes: c.targetMinutes,
          status: c.status,
          startedAt: new Date(c.startedAt).toISOString(),
          stoppedAt: iso(c.stoppedAt),
          dueAt: iso(c.dueAt),
          warnAt: iso(c.warnAt),
          breachedAt: iso(c.breachedAt),
          elapsedMinutes: Math.round(c.elapsedMs / 600) / 100,
          reason: c.reason,
        })),
        lines: explainLines({ policyName: policy?.name ?? null, calendarName: calendar.name, calendarProblem: calendar.problem, timezone: calendar.timezone, profile, computation }),
      };
    },

    listCalendars: async (actor: Actor) => (await repo.listCalendars(db, actor.workspaceId)).map(toCalendar),

    /**
     * The workspace's "Business hours" calendar, ready for the business-hours functions; around the
     * clock when it was removed or cannot be read (staffing then plans as if the desk never closes).
     */
    async businessCalendar(actor: Actor) {
      const row = (await repo.listCalendars(db, actor.workspaceId)).find((calendar) => calendar.name === BUSINESS_HOURS_CALENDAR);
      return (row && readStoredCalendar(row).calendar) || ALWAYS_OPEN;
    },

    createCalendar: (actor: Actor, body: CreateCalendarBody) =>
      mutate(actor, 'sla.calendar_created', async (tx, now) => {
        await checkDefinition(tx, body.definition, null);
        const row: BusinessCalendarTable = { id: newId(), workspace_id: actor.workspaceId, name: body.name.trim(), definition: JSON.stringify(body.definition), created_at: now.getTime(), updated_at: now.getTime() };
        if ((await repo.listCalendars(tx, actor.workspaceId)).some((c) => c.name === row.name)) throw conflict(`A calendar named "${row.name}" exists`, { name: 'already in use' });
        await repo.insertCalendar(tx, row);
        return toCalendar(row);
      }),

    updateCalendar: (actor: Actor, id: string, body: UpdateCalendarBody) =>
      mutate(actor, 'sla.calendar_changed', async (tx, now) => {
        const row = await repo.findCalendar(tx, actor.workspaceId, id);
        if (!row) throw notFound('Calendar');
        if (body.definition) await checkDefinition(tx, body.definition, id);
        const changes = { updated_at: now.getTime(), ...(body.name ? { name: body.name.trim() } : {}), ...(body.definition ? { definition: JSON.stringify(body.definition) } : {}) };
        await repo.updateCalendar(tx, actor.workspaceId, id, changes);
        return toCalendar({ ...row, ...changes });
      }),

    deleteCalendar: (actor: Actor, id: string) =>
      mutate(actor, 'sla.calendar_deleted', async (tx) => {
        if (!(await repo.findCalendar(tx, actor.workspaceId, id))) throw notFound('Calendar');
        if (await repo.countPoliciesUsingCalendar(tx, id)) throw conflict('SLA policies still use this calendar; change them first');
        await repo.deleteCalendar(tx, actor.workspaceId, id);
      }),

    listPolicies: async (actor: Actor) => {
      const calendars = new Map((await repo.listCalendars(db, actor.workspaceId)).map((row) => [row.id, row]));
      return (await repo.listPolicies(db, actor.workspaceId)).map((row) => toPolicy(row, row.calendar_id ? calendars.get(row.calendar_id) : undefined));
    },

    createPolicy: (actor: Actor, body: CreatePolicyBody) =>
      mutate(actor, 'sla.policy_created', async (tx, now) => {
        await checkCalendar(tx, actor, body.calendarId);
        const position = body.position ?? (await repo.maxPolicyPosition(tx, actor.workspaceId)) + 10;
        const row = policyRow(actor.workspaceId, body, position, now.getTime());
        await repo.insertPolicy(tx, row);
        return toPolicy(row, await findPolicyCalendar(tx, actor, row.calendar_id));
      }),

    updatePolicy: (actor: Actor, id: string, body: UpdatePolicyBody) =>
      mutate(actor, 'sla.policy_changed', async (tx, now) => {
        const row = await repo.findPolicy(tx, actor.workspaceId, id);
        if (!row) throw notFound('SLA policy');
        await checkCalendar(tx, actor, body.calendarId);
        const changes: Partial<SlaPolicyTable> = { updated_at: now.getTime() };
        if (body.name !== undefined) changes.name = body.name.trim();
        if (body.position !== undefined) changes.position = body.position;
        if (body.isActive !== undefined) changes.is_active = body.isActive ? 1 : 0;
        if (body.conditions !== undefined) changes.conditions = JSON.stringify(body.conditions);
        if (body.calendarId !== undefined) changes.calendar_id = body.calendarId;
        if (body.targets !== undefined) changes.targets = JSON.stringify(body.targets);
        if (body.warnPercent !== undefined) changes.warn_percent = body.warnPercent;
        await repo.updatePolicy(tx, actor.workspaceId, id, changes);
        const updated = { ...row, ...changes };
        return toPolicy(updated, await findPolicyCalendar(tx, actor, updated.calendar_id));
      }),

    deletePolicy: (actor: Actor, id: string) =>
      mutate(actor, 'sla.policy_deleted', async (tx) => {
        if (!(await repo.findPolicy(tx, actor.workspaceId, id))) throw notFound('SLA policy');
        await repo.deletePolicy(tx, actor.workspaceId, id);
      }),
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
