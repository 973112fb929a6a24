import type { Transaction } from 'kysely';
import type { Database, Executor, FollowUpTable } from '../../db/types.ts';
import { type Actor, access } from '../../lib/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, type Page, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import type { DomainEvent, NewDomainEvent } from '../outbox/events.ts';
import { recordEvents } from '../outbox/service.ts';
import { queueEmailForMessage } from '../email/outbound.ts';
import { type BusinessCalendar, parseCalendar } from '../sla/calendar.ts';
import type { MessageService } from '../tickets/messages-service.ts';
import { followUpDueAt } from './due.ts';
import * as repo from './repo.ts';
import type { FollowUp, ListFollowUpsQuery, UpdateFollowUpBody } from './schema.ts';

/** CSAT scores that open a follow-up. */
export const LOW_CSAT_MAX = 2;
/** NPS scores that open one: the detractors. */
export const NPS_DETRACTOR_MAX = 6;

/** For an NPS survey that has no ticket to take a calendar from (it always has one once sent). */
const ALWAYS_OPEN = parseCalendar({ timezone: 'UTC', alwaysOpen: true });

const isManager = (actor: Actor) => (access.manage as readonly string[]).includes(actor.role);

type OpeningFields = Pick<FollowUpTable, 'id' | 'workspace_id' | 'kind' | 'ticket_id' | 'survey_id' | 'contact_id' | 'source_event_id' | 'score' | 'owner_id' | 'owner_source' | 'due_at'>;

/** A follow-up as it opens (CSAT or NPS alike): open, nothing closed or noted yet. */
const openFollowUp = (fields: OpeningFields, now: number): FollowUpTable => ({
  ...fields,
  status: 'open',
  opened_at: now,
  closed_at: null,
  closed_by: null,
  change_note: null,
  note_message_id: null,
  notified_customer: 0,
  created_at: now,
  updated_at: now,
});

export function createFollowUpService(
  { db, clock, afterCommit }: ServiceContext,
  deps: {
    calendarForTicket: (tx: Executor, workspaceId: string, ticketId: string) => Promise<BusinessCalendar>;
    /** The message service joined to a transaction: the note is written with the closing. */
    messagesIn: (tx: Transaction<Database>) => MessageService;
  },
) {
  const toFollowUp = (row: repo.FollowUpRow): FollowUp => ({
    id: row.id,
    kind: row.kind as FollowUp['kind'],
    status: row.status as FollowUp['status'],
    ticket: row.ticket_id === null ? null : { id: row.ticket_id, number: Number(row.ticket_number), subject: row.ticket_subject ?? '' },
    customer: { id: row.contact_id, name: row.contact_name },
    surveyId: row.survey_id,
    score: Number(row.score),
    reason: row.survey_reason ?? null,
    comment: (row.kind === 'nps' ? row.nps_comment : row.survey_comment) ?? null,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    ownerSource: row.owner_source as FollowUp['ownerSource'],
    dueAt: new Date(Number(row.due_at)).toISOString(),
    isOverdue: row.status === 'open' && Number(row.due_at) < clock.now().getTime(),
    openedAt: new Date(Number(row.opened_at)).toISOString(),
    closedAt: row.closed_at === null ? null : new Date(Number(row.closed_at)).toISOString(),
    closedBy: row.closed_by,
    changeNote: row.change_note,
    notifiedCustomer: row.notified_customer === 1,
  });

  const ownerOf = (candidates: { accountManagerId: string | null; supervisorId: string | null }) =>
    candidates.accountManagerId
      ? ([candidates.accountManagerId, 'account-manager'] as const)
      : candidates.supervisorId
        ? ([candidates.supervisorId, 'team-supervisor'] as const)
        : ([null, 'none'] as const);

  /**
   * The "what we changed" note of a closing, in its transaction, and the event that records it. CSAT:
   * an internal note on the ticket, or (notify) a public reply that goes out like any reply. NPS has
   * no ticket: the note lives on the follow-up (the customer's timeline shows it) and, notified, goes
   * to the customer by email on the ticket the survey went out on, as a new conversation.
   */
  async function writeNote(
    tx: Transaction<Database>,
    actor: Actor,
    row: FollowUpTable,
    note: string,
    notify: boolean,
  ): Promise<NewDomainEvent<'follow_up.closed' | 'contact_follow_up.closed'>> {
    const { workspaceId, userId: closedBy } = actor;
    if (row.ticket_id !== null) {
      const message = await deps.messagesIn(tx).add(actor, row.ticket_id, {
        text: notify ? note : `What we changed (follow-up on a CSAT of ${row.score}):\n${note}`,
        internal: !notify,
      });
      const payload = { followUpId: row.id, ticketId: row.ticket_id, closedBy, notifiedCustomer: notify, messageId: message.id };
      return { workspaceId, aggregateId: row.ticket_id, type: 'follow_up.closed', payload };
    }
    let emailId: string | null = null;
    if (notify) {
      const ticketId = await repo.findNpsSurveyTicket(tx, workspaceId, row.survey_id);
      const email = ticketId
        ? await queueEmailForMessage(
            tx,
            { workspaceId, ticketId, messageId: null, kind: 'reply', subject: 'What we changed after your feedback', text: note, html: null, threaded: false },
            clock.now().getTime(),
          )
        : undefined;
      if (!email) throw conflict('The customer cannot be emailed (no address or no mailbox to send from): close without notifying', { notifyCustomer: 'cannot email' });
      emailId = email.id;
    }
    const payload = { followUpId: row.id, contactId: row.contact_id, closedBy, notifiedCustomer: notify, emailId };
    return { workspaceId, aggregateId: row.contact_id, type: 'contact_follow_up.closed', payload };
  }

  async function readOne(tx: Executor, workspaceId: string, id: string) {
    const [row] = await repo.listFollowUps(tx, workspaceId, { limit: 1, status: 'open', ids: [id] });
    const done = row ? undefined : (await repo.listFollowUps(tx, workspaceId, { limit: 1, status: 'done', ids: [id] }))[0];
    const found = row ?? done;
    if (!found) throw notFound('Follow-up');
    return toFollowUp(found);
  }

  return {
    /**
     * The `survey.answered` subscriber: a score of 1–2 (first answer or a change) opens a follow-up
     * unless the ticket has an open one. Idempotent: the event id is stored, so a redelivery inserts
     * nothing, and a later 3–5 leaves an open follow-up alone (a person closes it).
     */
    async surveyAnswered(event: DomainEvent<'survey.answered'>): Promise<void> {
      const { ticketId, surveyId, score } = event.payload;
      if (score > LOW_CSAT_MAX) return;
      const workspaceId = event.workspaceId;
      await db.transaction().execute(async (tx) => {
        if (await repo.findOpenForTicket(tx, workspaceId, ticketId)) return;
        const candidates = await repo.findOwnerCandidates(tx, workspaceId, ticketId);
        if (!candidates) return;
        const [ownerId, ownerSource] = ownerOf(candidates);
        const now = clock.now();
        const dueAt = followUpDueAt(await deps.calendarForTicket(tx, workspaceId, ticketId), now);
        const id = newId();
        const inserted = await repo.insertFollowUp(tx, openFollowUp({
          id,
          workspace_id: workspaceId,
          kind: 'csat',
          ticket_id: ticketId,
          survey_id: surveyId,
          contact_id: candidates.requesterId,
          source_event_id: String(event.id),
          score,
          owner_id: ownerId,
          owner_source: ownerSource,
          due_at: dueAt.getTime(),
        }, now.getTime()));
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
        await recordEvents(
          tx,
          [
            {
              workspaceId,
              aggregateId: ticketId,
              type: 'follow_up.opened',
              payload: { followUpId: id, ticketId, surveyId, score, ownerId, dueAt: dueAt.toISOString() },
            },
          ],
          now,
        );
      });
      afterCommit();
    },

    /** How many follow-ups are open (and overdue) and how old the oldest is: everyone's for managers, an agent's own. */
    async openSummary(actor: Actor) {
      const row = await repo.summariseOpen(db, actor.workspaceId, isManager(actor) ? undefined : actor.userId, clock.now().getTime());
      const oldest = row.oldest_opened_at === null ? null : Number(row.oldest_opened_at);
      return {
        open: Number(row.open),
        overdue: Number(row.overdue ?? 0),
        oldestOpenedAt: oldest === null ? null : new Date(oldest).toISOString(),
        oldestAgeMinutes: oldest === null ? null : (clock.now().getTime() - oldest) / 60_000,
      };
    },

    /**
     * The `nps.answered` subscriber: a detractor (0–6, first answer or a change) opens a follow-up
     * about the contact unless they have an open one; owner and due time as for CSAT, from the
     * ticket the survey went out on. Idempotent like `surveyAnswered`.
     */
    async npsAnswered(event: DomainEvent<'nps.answered'>): Promise<void> {
      const { contactId, npsSurveyId, score } = event.payload;
      if (score > NPS_DETRACTOR_MAX) return;
      const workspaceId = event.workspaceId;
      await db.transaction().execute(async (tx) => {
        if (await repo.findOpenForContact(tx, workspaceId, contactId)) return;
        const candidates = await repo.findContactOwnerCandidates(tx, workspaceId, contactId, npsSurveyId);
        if (!candidates) return;
        const [ownerId, ownerSource] = ownerOf(candidates);
        const now = clock.now();
        const calendar = candidates.ticketId ? await deps.calendarForTicket(tx, workspaceId, candidates.ticketId) : ALWAYS_OPEN;
        const dueAt = followUpDueAt(calendar, now);
        const id = newId();
        const inserted = await repo.insertFollowUp(tx, openFollowUp({
          id,
          workspace_id: workspaceId,
          kind: 'nps',
          ticket_id: null,
          survey_id: npsSurveyId,
          contact_id: contactId,
          source_event_id: String(event.id),
          score,
          owner_id: ownerId,
          owner_source: ownerSource,
          due_at: dueAt.getTime(),
        }, now.getTime()));
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
        await recordEvents(
          tx,
          [
            {
              workspaceId,
              aggregateId: contactId,
              type: 'contact_follow_up.opened',
              payload: { followUpId: id, contactId, npsSurveyId, score, ownerId, dueAt: dueAt.toISOString() },
            },
          ],
          now,
        );
      });
      afterCommit();
    },

    /** Open (default) or done follow-ups, soonest due first. Supervisors and admins see all; agents their own. */
    async list(actor: Actor, query: ListFollowUpsQuery): Promise<Page<FollowUp>> {
      if (!isManager(actor) && query.ownerId !== undefined && query.ownerId !== actor.userId)
        throw forbidden('Agents see their own follow-ups; supervisors and admins see everyone’s');
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      if (cursor && typeof cursor.value !== 'number') throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
      const rows = await repo.listFollowUps(db, actor.workspaceId, {
        limit,
        status: query.status ?? 'open',
        kind: query.kind,
        ownerId: isManager(actor) ? query.ownerId : actor.userId,
        after: cursor ? { dueAt: Number(cursor.value), id: cursor.id } : undefined,
      });
      return toPage(rows, limit, toFollowUp, (row) => ({ value: Number(row.due_at), id: row.id }));
    },

    /**
     * Reassigns and/or closes a follow-up. Closing needs the "what we changed" note, written in the
     * same transaction (`writeNote`); either way it shows on the customer's timeline.
     */
    async update(actor: Actor, id: string, body: UpdateFollowUpBody): Promise<FollowUp> {
      const closing = body.status === 'done';
      const note = body.changeNote?.trim();
      if (closing && !note) throw invalid('Closing a follow-up needs a note saying what we changed', { changeNote: 'required to close' });
      if (!closing && body.changeNote !== undefined) throw invalid('A change note is given when closing', { changeNote: 'only with status done' });
      if (!closing && body.notifyCustomer !== undefined) throw invalid('notifyCustomer goes with closing', { notifyCustomer: 'only with status done' });
      if (body.ownerId !== undefined && !isManager(actor) && body.ownerId !== actor.userId)
        throw forbidden('Agents cannot hand a follow-up to someone else; ask a supervisor');
      const result = await db.transaction().execute(async (tx) => {
        const row = await repo.lockFollowUp(tx, actor.workspaceId, id);
        if (!row || (!isManager(actor) && row.owner_id !== actor.userId)) throw notFound('Follow-up');
        if (row.status !== 'open') throw conflict('This follow-up is already closed', { status: 'already done' });
        const now = clock.now();
        const changes: Partial<typeof row> = { updated_at: now.getTime() };
        if (body.ownerId !== undefined && body.ownerId !== row.owner_id) {
          if (body.ownerId !== null) {
            const owner = await repo.findActiveStaff(tx, actor.workspaceId, body.ownerId);
            if (!owner || owner.role === 'read-only')
              throw invalid('The owner must be an active agent, supervisor or admin of this workspace', { ownerId: 'unknown user id' });
          }
          changes.owner_id = body.ownerId;
          changes.owner_source = 'reassigned';
        }
        const notify = body.notifyCustomer === true;
        const closedEvent = closing && note ? await writeNote(tx, actor, row, note, notify) : undefined;
        if (closedEvent) {
          Object.assign(changes, {
            status: 'done',
            closed_at: now.getTime(),
            closed_by: actor.userId,
            change_note: note,
            note_message_id: closedEvent.type === 'follow_up.closed' ? closedEvent.payload.messageId : null,
            notified_customer: notify ? 1 : 0,
          });
        }
        await repo.updateFollowUp(tx, id, changes);
        await auditByActor(tx, actor, { action: closing ? 'follow-up.closed' : 'follow-up.updated', targetType: 'follow_up', targetId: id }, now);
        if (closedEvent) await recordEvents(tx, [closedEvent], now);
        return readOne(tx, actor.workspaceId, id);
      });
      afterCommit();
      return result;
    },
  };
}

export type FollowUpService = ReturnType<typeof createFollowUpService>;
