import type { Executor, RetentionRunTable } from '../../db/types.ts';
import type { BlobStore } from '../blobs/service.ts';
import { countSummaryRowsBefore, lastCountedDays, removeSummaryDays } from '../metrics/service.ts';
import type { SearchService } from '../search/service.ts';
import * as purge from './purge-repo.ts';
import * as repo from './repo.ts';
import { type ContactOutcome, decideContact, decideNpsAnswer, decideTicket, type Horizons, isHeldBack, type Phase, type TicketOutcome } from './rules.ts';
import type { RetentionMode, RetentionTotals } from './schema.ts';

// One batch of each phase of a run. With `apply` false (a dry run) a step reads the same rows and
// takes the same decisions, and changes nothing.

export interface StepContext {
  ex: Executor;
  workspaceId: string;
  mode: RetentionMode;
  horizons: Horizons;
  /** Rows read per batch. */
  limit: number;
  apply: boolean;
  now: number;
  blobs: Pick<BlobStore, 'removeUnreferenced'>;
  search: Pick<SearchService, 'remove'>;
}

export interface StepResult {
  /** Where the phase goes on from; null when it is done. */
  cursor: string | null;
  /** Rows looked at. */
  read: number;
  removed: Partial<RetentionTotals>;
  /** The ids of what the batch removed, for the audit log. */
  ids?: Record<string, string[]>;
}

export const horizonsOfRun = (run: Pick<RetentionRunTable, 'raw_before' | 'raw_day' | 'summary_before' | 'summary_day'>): Horizons => ({
  rawBefore: run.raw_before,
  rawDay: run.raw_day,
  summaryBefore: run.summary_before,
  summaryDay: run.summary_day,
});

const timeCursor = (cursor: string): repo.TimeCursor | null => (cursor ? JSON.parse(cursor) : null);
const nextTimeCursor = (read: number, limit: number, last: repo.TimeCursor) => (read < limit ? null : JSON.stringify(last));

/** What this run does with each of these tickets, from their holds and the days they count on. */
async function decideTickets(context: StepContext, rows: repo.TicketRow[]) {
  const ids = rows.map((row) => row.id);
  const organisations = rows.flatMap((row) => [row.organisation_id, row.contact_organisation_id]).filter((id): id is string => id !== null);
  const [held, lastDays] = await Promise.all([
    repo.findHeld(context.ex, context.workspaceId, { ticket: ids, contact: rows.map((row) => row.requester_id), organisation: organisations }),
    lastCountedDays(context.ex, ids.filter((_, index) => rows[index].anonymised_at == null)),
  ]);
  return rows.map((row) => {
    const facts = {
      status: row.status,
      updatedAt: row.updated_at,
      anonymised: row.anonymised_at != null,
      lastCountedDay: lastDays.get(row.id) ?? null,
      held: [`ticket:${row.id}`, `contact:${row.requester_id}`, `organisation:${row.organisation_id}`, `organisation:${row.contact_organisation_id}`].some((key) => held.has(key)),
    };
    return { row, facts, outcome: decideTicket(facts, context.horizons, context.mode) };
  });
}

async function removeTickets(context: StepContext, decided: Array<{ row: repo.TicketRow; outcome: TicketOutcome }>) {
  const idsOf = (outcome: TicketOutcome, skeletons?: boolean) =>
    decided.filter((d) => d.outcome === outcome && (skeletons === undefined || (d.row.anonymised_at != null) === skeletons)).map((d) => d.row.id);
  const anonymised = idsOf('anonymise');
  const deleted = idsOf('delete');
  const raw = [...anonymised, ...idsOf('delete', false)];
  const all = [...anonymised, ...deleted];
  // Skeletons have no text or files left: what they still hold is counted when they were anonymised.
  const data = await purge.measureTicketData(context.ex, raw);
  if (context.apply && all.length) {
    await context.search.remove(context.ex, all);
    await purge.deleteTicketFiles(context.ex, all);
    await purge.anonymiseTickets(context.ex, anonymised, context.now);
    await purge.deleteTickets(context.ex, deleted);
    await context.blobs.removeUnreferenced(context.ex, [...data.attachments, ...data.storedEmails].map((row) => row.sha256));
  }
  return {
    removed: {
      ticketsAnonymised: anonymised.length,
      ticketsDeleted: deleted.length,
      messages: data.messages,
      attachments: data.attachments.length,
      attachmentBytes: data.attachments.reduce((sum, row) => sum + Number(row.size), 0),
      storedEmails: data.storedEmails.length,
      surveyComments: data.surveyComments,
    },
    ids: { ticketsAnonymised: anonymised, ticketsDeleted: deleted },
  };
}

async function ticketStep(context: StepContext, cursor: string): Promise<StepResult> {
  const rows = await repo.nextTicketsBefore(context.ex, context.workspaceId, context.horizons.rawBefore, timeCursor(cursor), context.limit);
  if (rows.length === 0) return { cursor: null, read: 0, removed: {} };
  const decided = await decideTickets(context, rows);
  const { removed, ids } = await removeTickets(context, decided);
  const last = rows[rows.length - 1];
  return {
    cursor: nextTimeCursor(rows.length, context.limit, { at: last.updated_at, id: last.id }),
    read: rows.length,
    removed: { ...removed, ticketsHeld: decided.filter((d) => d.outcome === 'keep' && isHeldBack(d.facts, context.horizons)).length },
    ids,
  };
}

async function contactStep(context: StepContext, cursor: string): Promise<StepResult> {
  const { ex, workspaceId, horizons } = context;
  const rows = await repo.nextContactsBefore(ex, workspaceId, horizons.rawBefore, timeCursor(cursor), context.limit);
  if (rows.length === 0) return { cursor: null, read: 0, removed: {} };
  const ids = rows.map((row) => row.id);
  const [tickets, held] = await Promise.all([
    repo.ticketsRequestedBy(ex, workspaceId, ids).then((found) => decideTickets(context, found)),
    repo.findHeld(ex, workspaceId, { ticket: [], contact: ids, organisation: rows.map((row) => row.organisation_id).filter((id): id is string => id !== null) }),
  ]);
  const nps = new Map((await repo.npsOfContacts(ex, workspaceId, ids, horizons.summaryBefore)).map((row) => [row.contact_id, row]));
  const ticketsOf = new Map<string, TicketOutcome[]>();
  for (const { row, outcome } of tickets) ticketsOf.set(row.requester_id, [...(ticketsOf.get(row.requester_id) ?? []), outcome]);
  const byOutcome: Record<ContactOutcome, string[]> = { keep: [], anonymise: [], delete: [], anonymised: [] };
  let contactsHeld = 0;
  for (const row of rows) {
    const isHeld = held.has(`contact:${row.id}`) || held.has(`organisation:${row.organisation_id}`);
    const surveyed = nps.get(row.id);
    const facts = {
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      anonymised: row.anonymised_at != null,
      held: isHeld,
      tickets: ticketsOf.get(row.id) ?? [],
      surveyedAt: surveyed?.surveyed_at == null ? null : Number(surveyed.surveyed_at),
      npsAnswersKept: Number(surveyed?.answers_kept ?? 0),
    };
    let outcome = decideContact(facts, horizons);
    // A ticket this run would delete is still there (it changed since the tickets phase): next run.
    if (outcome === 'delete' && context.apply && facts.tickets.length > 0) outcome = 'keep';
    byOutcome[outcome].push(row.id);
    if (isHeld && !facts.anonymised && row.updated_at < horizons.rawBefore) contactsHeld += 1;
  }
  if (context.apply) {
    await purge.anonymiseContacts(ex, byOutcome.anonymise, context.now);
    await purge.deleteContacts(ex, byOutcome.delete);
  }
  const last = rows[rows.length - 1];
  return {
    cursor: nextTimeCursor(rows.length, context.limit, { at: last.created_at, id: last.id }),
    read: rows.length,
    removed: { contactsAnonymised: byOutcome.anonymise.length, contactsDeleted: byOutcome.delete.length, contactsHeld },
    ids: { contactsAnonymised: byOutcome.anonymise, contactsDeleted: byOutcome.delete },
  };
}

/** NPS answers before the raw horizon: comments go (scores stay for the reports), answers past the summary horizon go. */
async function npsStep(context: StepContext, cursor: string): Promise<StepResult> {
  const { ex, workspaceId, horizons } = context;
  const rows = await repo.nextNpsAnswersBefore(ex, workspaceId, horizons.rawBefore, timeCursor(cursor), context.limit);
  if (rows.length === 0) return { cursor: null, read: 0, removed: {} };
  const held = await repo.findHeld(ex, workspaceId, {
    ticket: [],
    contact: rows.map((row) => row.contact_id),
    organisation: rows.map((row) => row.organisation_id).filter((id): id is string => id !== null),
  });
  const decided = rows.map((row) => ({
    row,
    outcome: decideNpsAnswer({ answeredAt: Number(row.answered_at), hasComment: row.comment !== null, held: held.has(`contact:${row.contact_id}`) || held.has(`organisation:${row.organisation_id}`) }, horizons),
  }));
  const cleared = decided.filter((d) => d.outcome === 'clear-comment').map((d) => d.row.id);
  const deleted = decided.filter((d) => d.outcome === 'delete').map((d) => d.row.id);
  if (context.apply) {
    await purge.clearNpsComments(ex, workspaceId, cleared);
    await purge.deleteNpsAnswers(ex, workspaceId, deleted);
  }
  const last = rows[rows.length - 1];
  return {
    cursor: nextTimeCursor(rows.length, context.limit, { at: Number(last.answered_at), id: last.id }),
    read: rows.length,
    removed: { surveyComments: cleared.length + decided.filter((d) => d.outcome === 'delete' && d.row.comment !== null).length, npsAnswers: deleted.length },
    ids: { npsAnswersDeleted: deleted },
  };
}

/** Stored emails that no ticket with raw data refers to: failed or dropped mail, and leftovers of removed tickets. */
async function mailStep(context: StepContext, cursor: string): Promise<StepResult> {
  const rows = await repo.nextStoredEmailsBefore(context.ex, context.workspaceId, context.horizons.rawBefore, timeCursor(cursor), context.limit);
  if (rows.length === 0) return { cursor: null, read: 0, removed: {} };
  const removable = rows.filter((row) => row.status !== 'received' && (row.live_ticket_id === null || row.anonymised_at != null));
  if (context.apply && removable.length) {
    await purge.deleteStoredEmails(context.ex, removable.map((row) => row.id));
    await context.blobs.removeUnreferenced(context.ex, removable.map((row) => row.sha256));
  }
  const last = rows[rows.length - 1];
  return { cursor: nextTimeCursor(rows.length, context.limit, { at: last.received_at, id: last.id }), read: rows.length, removed: { storedEmails: removable.length } };
}

/** Delivered domain events older than the raw horizon (their payloads may quote what was removed). */
async function eventStep(context: StepContext, cursor: string): Promise<StepResult> {
  const rows = await repo.nextEvents(context.ex, cursor ? Number(cursor) : 0, context.limit);
  // Ids follow time: the walk ends at the first event from the horizon on (whatever the batch size).
  const firstNew = rows.findIndex((row) => row.created_at >= context.horizons.rawBefore);
  const old = firstNew === -1 ? rows : rows.slice(0, firstNew);
  const removable = old.filter((row) => row.workspace_id === context.workspaceId && row.delivered_at !== null).map((row) => row.id);
  if (context.apply) await purge.deleteEvents(context.ex, removable);
  const done = rows.length < context.limit || firstNew !== -1;
  return { cursor: done ? null : String(rows[rows.length - 1].id), read: rows.length, removed: { events: removable.length } };
}

/** Rollup and volume rows of days before the summary horizon, a month of days per batch. */
async function summaryStep(context: StepContext): Promise<StepResult> {
  const { ex, workspaceId, horizons } = context;
  if (!context.apply) return { cursor: null, read: 1, removed: { summaryRows: await countSummaryRowsBefore(ex, workspaceId, horizons.summaryDay) } };
  const removed = await removeSummaryDays(ex, workspaceId, horizons.summaryDay, 31);
  return { cursor: removed > 0 ? 'more' : null, read: removed, removed: { summaryRows: removed } };
}

export function runStep(phase: Exclude<Phase, 'done'>, context: StepContext, cursor: string): Promise<StepResult> {
  switch (phase) {
    case 'tickets':
      return ticketStep(context, cursor);
    case 'nps':
      return npsStep(context, cursor);
    case 'contacts':
      return contactStep(context, cursor);
    case 'mail':
      return mailStep(context, cursor);
    case 'events':
      return eventStep(context, cursor);
    case 'summaries':
      return summaryStep(context);
  }
}
