import { counterExecutor } from '../../db/dialect.ts';
import type { ContactTable, Executor, TicketEventTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { invalid, notFound, staleWrite } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Page, decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { ContactService } from '../contacts/service.ts';
import { recordEvents } from '../outbox/service.ts';
import type { TeamService } from '../teams/service.ts';
import type { UserService } from '../users/service.ts';
import { nextTicketNumber } from '../workspace/service.ts';
import { ticketUpdated } from './history.ts';
import { toTicket, toTicketEvent } from './mapping.ts';
import { prepareMessageContent } from './message-content.ts';
import type { ChannelDelivery, MessageWriter, TicketHooks } from './message-writer.ts';
import * as repo from './repo.ts';
import { assertNotMerged } from './merged.ts';
import type { TicketStructure } from './structure.ts';
import { newTicketRow } from './ticket-row.ts';
import type { CountTicketsQuery, CreateTicketBody, Level, ListTicketsQuery, Ticket, TicketCount, UpdateTicketBody } from './schema.ts';

const normaliseTags = (tags: string[]) => [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();

const splitList = (value: string | undefined) => value?.split(',').map((v) => v.trim()).filter(Boolean);

/** Timestamps that follow a status change: solving stamps solved_at, reopening clears it. */
export function statusTimestamps(from: string, to: string, now: number): Partial<repo.TicketRow> {
  if (from === to) return {};
  if (to === 'solved') return { solved_at: now, closed_at: null };
  if (to === 'closed') return from === 'solved' ? { closed_at: now } : { solved_at: now, closed_at: now };
  return { solved_at: null, closed_at: null };
}

/** Parses an If-Match header: `"3"`, `W/"3"` or `3`. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) throw invalid('If-Match must be the ETag of the ticket, e.g. "3"', { 'If-Match': 'malformed' });
  return Number(match[1]);
}

const NO_DUE = 'none';
const COUNT_CAP = 10_000;

export interface PriorityFacts {
  impact: Level | null;
  urgency: Level | null;
  requesterId: string;
  organisationId: string | null;
  /** The priority the caller asked for, if any. */
  explicit?: string;
  reason?: string;
}

/** Derives a priority from impact × urgency and the customer's tier (the escalations module owns the rules). */
export interface TicketPrioritiser {
  /** The priority to store (undefined keeps the current one) and a note for the history; throws `invalid` for an override without a reason. */
  decide(tx: Executor, actor: Actor, facts: PriorityFacts): Promise<{ priority?: string; overridden?: string; note?: string }>;
}

export function createTicketService(
  { db, relaxedDb, clock, afterCommit }: ServiceContext,
  deps: { contacts: ContactService; users: UserService; teams: TeamService; messages: MessageWriter; hooks: TicketHooks; prioritiser?: TicketPrioritiser; structure: TicketStructure },
) {
  const { contacts, users, teams, messages, hooks, prioritiser, structure } = deps;
  const decidePriority = async (tx: Executor, actor: Actor, facts: PriorityFacts) =>
    prioritiser ? prioritiser.decide(tx, actor, facts) : { priority: facts.explicit, overridden: undefined, note: facts.reason };

  async function checkAssignment(actor: Actor, body: { teamId?: string | null; assigneeId?: string | null }) {
    if (body.teamId && !(await teams.exist(actor, [body.teamId]))) {
      throw invalid('The team does not exist in this workspace', { teamId: 'unknown team' });
    }
    if (body.assigneeId && (await users.countInWorkspace(actor, [body.assigneeId])) !== 1) {
      throw invalid('The assignee is not a staff user of this workspace', { assigneeId: 'unknown user' });
    }
  }

  async function withRequesters(tx: Executor, actor: Actor, rows: repo.TicketRow[]): Promise<Ticket[]> {
    const requesters = new Map<string, ContactTable>();
    for (const contact of await contacts.findRows(tx, actor, [...new Set(rows.map((row) => row.requester_id))])) {
      requesters.set(contact.id, contact);
    }
    const labels = rows.some((row) => row.custom_status !== null) ? await structure.statusLabels(tx, actor.workspaceId) : undefined;
    return rows.map((row) => toTicket(row, requesters.get(row.requester_id), labels));
  }

  function ticketFilters(query: CountTicketsQuery): repo.TicketFilters {
    const noneOr = (value: string | undefined) => (value === undefined ? undefined : value === 'none' ? null : value);
    return {
      status: splitList(query.status),
      priority: splitList(query.priority),
      type: splitList(query.type),
      assigneeId: noneOr(query.assigneeId),
      teamId: noneOr(query.teamId),
      tag: query.tag?.trim().toLowerCase(),
      requesterId: query.requesterId,
      organisationId: query.organisationId,
      customStatus: splitList(query.customStatus),
      slaDueBefore: query.slaDueWithin === undefined ? undefined : clock.now().getTime() + query.slaDueWithin * 60_000,
    };
  }

  async function requireTicket(tx: Executor, actor: Actor, id: string, forUpdate = false) {
    const row = forUpdate ? await repo.findTicketForUpdate(tx, actor.workspaceId, id) : await repo.findTicket(tx, actor.workspaceId, id);
    if (!row) throw notFound('Ticket');
    return row;
  }

  const event = (actor: Actor, ticketId: string, field: string, oldValue: unknown, newValue: unknown, now: number, note?: string): TicketEventTable => ({
    id: newId(),
    workspace_id: actor.workspaceId,
    ticket_id: ticketId,
    actor_type: actor.via === 'system' ? 'system' : 'staff',
    actor_id: actor.via === 'system' ? null : actor.userId,
    field,
    old_value: oldValue == null ? null : typeof oldValue === 'string' ? oldValue : JSON.stringify(oldValue),
    new_value: newValue == null ? null : typeof newValue === 'string' ? newValue : JSON.stringify(newValue),
    created_at: now,
    note: note ?? null,
  });

  return {
    /** Creates a ticket; `delivery` carries the first message when it came through a channel (email). */
    async create(actor: Actor, body: CreateTicketBody, delivery?: ChannelDelivery): Promise<Ticket> {
      if (!body.requester === !body.requesterId) {
        throw invalid('Give either requester (with an email) or requesterId', { requester: 'requester or requesterId is required' });
      }
      const content = delivery?.content ?? (body.message ? prepareMessageContent(body.message, 'message') : undefined);
      await checkAssignment(actor, body);
      if (content) await messages.prepare(content);
      const ticket = await db.transaction().execute(async (tx) => {
        let requester: ContactTable | undefined;
        if (body.requester) {
          requester = await contacts.findOrCreateByEmail(tx, actor, body.requester);
        } else {
          requester = await contacts.findRow(tx, actor, body.requesterId as string);
          if (!requester) throw invalid('The requester does not exist in this workspace', { requesterId: 'unknown contact' });
        }
        const now = clock.now().getTime();
        await structure.checkCustomFields(tx, actor, body.customFields ?? {}, 'create');
        const target = await structure.resolveStatus(tx, actor.workspaceId, body);
        const tags = normaliseTags(body.tags ?? []);
        const status = target.status ?? (body.assigneeId ? 'open' : 'new');
        const impact = body.impact ?? null;
        const urgency = body.urgency ?? null;
        const priority = await decidePriority(tx, actor, {
          impact,
          urgency,
          requesterId: requester.id,
          organisationId: requester.organisation_id,
          explicit: body.priority,
          reason: body.priorityReason,
        });
        const row = newTicketRow({
          id: newId(),
          workspace_id: actor.workspaceId,
          number: await nextTicketNumber(counterExecutor(tx, relaxedDb), actor.workspaceId),
          subject: body.subject.trim() || body.subject,
          status,
          custom_status: target.customStatus ?? null,
          priority: priority.priority ?? 'P3',
          impact,
          urgency,
          type: body.type ?? 'question',
          channel: body.channel ?? 'api',
          requester_id: requester.id,
          organisation_id: requester.organisation_id,
          assignee_id: body.assigneeId ?? null,
          team_id: body.teamId ?? null,
          tags: JSON.stringify(tags),
          custom_fields: JSON.stringify(body.customFields ?? {}),
          created_at: now,
          solved_at: status === 'solved' || status === 'closed' ? now : null,
          closed_at: status === 'closed' ? now : null,
          last_customer_message_at: content ? now : null,
        });
        await repo.insertTicket(tx, row);
        await repo.replaceTags(tx, actor.workspaceId, row.id, tags);
        await repo.insertTicketEvents(tx, [
          event(actor, row.id, 'ticket', null, 'created', now),
          ...(priority.note ? [event(actor, row.id, 'priority', priority.overridden ?? null, row.priority, now, priority.note)] : []),
        ]);
        await recordEvents(tx, [{ workspaceId: actor.workspaceId, aggregateId: row.id, type: 'ticket.created', payload: { ticketId: row.id, number: row.number, channel: row.channel } }], new Date(now));
        if (content) {
          const channel = delivery?.channel ?? row.channel;
          const meta = { emailMessageId: delivery?.emailMessageId, metadata: delivery?.metadata };
          await messages.write(tx, actor, row, content, { authorType: 'contact', authorId: requester.id, direction: 'inbound', internal: false, channel, ...meta }, now);
        }
        await messages.reindex(tx, row, requester.name);
        await hooks.changed(tx, actor.workspaceId, row.id);
        const labels = row.custom_status === null ? undefined : await structure.statusLabels(tx, actor.workspaceId);
        return toTicket(await requireTicket(tx, actor, row.id), requester, labels);
      });
      afterCommit();
      return ticket;
    },

    async get(actor: Actor, id: string) {
      const row = await requireTicket(db, actor, id);
      return (await withRequesters(db, actor, [row]))[0];
    },

    async findByNumber(actor: Actor, number: number) {
      const row = await repo.findTicketByNumber(db, actor.workspaceId, number);
      return row ? (await withRequesters(db, actor, [row]))[0] : undefined;
    },

    async getMany(actor: Actor, ids: string[]) {
      const rows = await repo.findTicketsByIds(db, actor.workspaceId, ids);
      const byId = new Map((await withRequesters(db, actor, rows)).map((ticket) => [ticket.id, ticket]));
      return ids.map((id) => byId.get(id)).filter((ticket): ticket is Ticket => ticket !== undefined);
    },

    async list(actor: Actor, query: ListTicketsQuery): Promise<Page<Ticket>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const sortKey = query.sort ?? '-createdAt';
      const sort: repo.TicketSort =
        sortKey === 'slaDue'
          ? { column: 'sla_next_due_at', direction: 'asc' }
          : { column: sortKey.endsWith('updatedAt') ? 'updated_at' : 'created_at', direction: sortKey.startsWith('-') ? 'desc' : 'asc' };
      const rows = await repo.listTickets(
        db,
        actor.workspaceId,
        ticketFilters(query),
        sort,
        limit,
        // A ticket without an SLA due time sorts last under slaDue; its cursor says so with NO_DUE.
        cursor ? { value: cursor.value === NO_DUE ? null : Number(cursor.value), id: cursor.id } : undefined,
      );
      const page = toPage(rows, limit, (row) => row, (row) => ({ value: row[sort.column] ?? NO_DUE, id: row.id }));
      return { items: await withRequesters(db, actor, page.items), nextCursor: page.nextCursor };
    },

    /** How many tickets match the list filters, counted up to COUNT_CAP (inbox view counts). */
    async count(actor: Actor, query: CountTicketsQuery): Promise<TicketCount> {
      const count = await repo.countTickets(db, actor.workspaceId, ticketFilters(query), COUNT_CAP);
      return { count: Math.min(count, COUNT_CAP), capped: count > COUNT_CAP };
    },

    async update(actor: Actor, id: string, body: UpdateTicketBody, ifMatch?: number): Promise<Ticket> {
      await checkAssignment(actor, body);
      const ticket = await db.transaction().execute(async (tx) => {
        const row = await requireTicket(tx, actor, id, true);
        assertNotMerged(row);
        if (ifMatch !== undefined && ifMatch !== row.version) throw staleWrite('Ticket');
        const now = clock.now().getTime();
        const changes: Partial<repo.TicketRow> = {};
        const events: TicketEventTable[] = [];
        const change = <K extends keyof repo.TicketRow>(column: K, field: string, value: repo.TicketRow[K], note?: string) => {
          if (row[column] === value) return;
          changes[column] = value;
          events.push(event(actor, id, field, row[column], value, now, note));
        };
        if (body.subject !== undefined) change('subject', 'subject', body.subject.trim() || body.subject);
        const target = await structure.resolveStatus(tx, actor.workspaceId, body);
        if (target.status !== undefined) {
          change('status', 'status', target.status);
          Object.assign(changes, statusTimestamps(row.status, target.status, now));
        }
        if (target.customStatus !== undefined) change('custom_status', 'customStatus', target.customStatus);
        if (body.type !== undefined) change('type', 'type', body.type);
        if (body.teamId !== undefined) change('team_id', 'teamId', body.teamId);
        if (body.assigneeId !== undefined) change('assignee_id', 'assigneeId', body.assigneeId);
        let requester: ContactTable | undefined;
        if (body.requesterId !== undefined && body.requesterId !== row.requester_id) {
          requester = await contacts.findRow(tx, actor, body.requesterId);
          if (!requester) throw invalid('The requester does not exist in this workspace', { requesterId: 'unknown contact' });
          change('requester_id', 'requesterId', requester.id);
          change('organisation_id', 'organisationId', requester.organisation_id);
        }
        const impact = body.impact !== undefined ? body.impact : (row.impact as Level | null);
        const urgency = body.urgency !== undefined ? body.urgency : (row.urgency as Level | null);
        // Priority is decided when it, impact or urgency changes: impact × urgency recompute it unless one is given.
        if ((body.priority !== undefined && body.priority !== row.priority) || impact !== row.impact || urgency !== row.urgency) {
          change('impact', 'impact', impact);
          change('urgency', 'urgency', urgency);
          const decision = await decidePriority(tx, actor, {
            impact,
            urgency,
            requesterId: requester?.id ?? row.requester_id,
            organisationId: requester ? requester.organisation_id : row.organisation_id,
            explicit: body.priority,
            reason: body.priorityReason,
          });
          if (decision.priority !== undefined) change('priority', 'priority', decision.priority, decision.note);
        }
        if (body.tags !== undefined) {
          const tags = normaliseTags(body.tags);
          if (JSON.stringify(tags) !== row.tags) {
            change('tags', 'tags', JSON.stringify(tags));
            await repo.replaceTags(tx, actor.workspaceId, id, tags);
          }
        }
        if (body.customFields !== undefined) {
          await structure.checkCustomFields(tx, actor, body.customFields, 'update');
          const merged: Record<string, unknown> = JSON.parse(row.custom_fields);
          for (const [key, value] of Object.entries(body.customFields)) {
            if (value === null) delete merged[key];
            else merged[key] = value;
          }
          change('custom_fields', 'customFields', JSON.stringify(merged));
        }
        if (!events.length) return (await withRequesters(tx, actor, [row]))[0];
        changes.updated_at = now;
        if (!(await repo.updateTicketIfVersion(tx, actor.workspaceId, id, row.version, changes))) throw staleWrite('Ticket');
        await repo.insertTicketEvents(tx, events);
        await recordEvents(tx, [ticketUpdated(actor, id, events)], new Date(now));
        const updated = { ...row, ...changes, version: row.version + 1 };
        if (requester || changes.subject) {
          const contact = requester ?? (await contacts.findRow(tx, actor, updated.requester_id));
          await messages.reindex(tx, updated, contact?.name ?? '');
        }
        await hooks.changed(tx, actor.workspaceId, id);
        return (await withRequesters(tx, actor, [await requireTicket(tx, actor, id)]))[0];
      });
      afterCommit();
      return ticket;
    },

    /** The ticket row locked until the caller's transaction ends, for modules that change a ticket along with their own records. */
    findRowForUpdate: (tx: Executor, actor: Actor, id: string) => repo.findTicketForUpdate(tx, actor.workspaceId, id),

    /** Moves a locked ticket to another escalation tier in the caller's transaction (the escalations module decides when). */
    async setEscalationTier(tx: Executor, actor: Actor, row: repo.TicketRow, tier: number, note: string) {
      if (row.escalation_tier === tier) return;
      const now = clock.now().getTime();
      if (!(await repo.updateTicketIfVersion(tx, actor.workspaceId, row.id, row.version, { escalation_tier: tier, updated_at: now }))) {
        throw staleWrite('Ticket');
      }
      const history = [event(actor, row.id, 'escalationTier', row.escalation_tier, tier, now, note)];
      await repo.insertTicketEvents(tx, history);
      await recordEvents(tx, [ticketUpdated(actor, row.id, history)], new Date(now));
      await hooks.changed(tx, actor.workspaceId, row.id);
    },

    async history(actor: Actor, id: string) {
      await requireTicket(db, actor, id);
      return (await repo.listTicketEvents(db, actor.workspaceId, id)).map(toTicketEvent);
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
