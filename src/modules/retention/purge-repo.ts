import type { Executor } from '../../db/types.ts';

// The statements that remove raw data, a batch of records at a time, in the caller's transaction.
// Retention cuts across the modules that own these tables (tickets, contacts, surveys, email,
// complaints, escalations): one transaction per batch, and the owners need not know (decision 0023).

/** What replaces removed text that a column cannot do without (subjects, message bodies, reasons). */
export const REMOVED_TEXT = '[removed by retention]';
export const ANONYMISED_NAME = 'Anonymised contact';

/** Ticket fields whose history holds free text (the rest — status, team, priority… — holds no personal data). */
const TEXT_FIELDS = ['subject', 'customFields'];

const count = async (query: Promise<{ n: string | number | bigint } | undefined>) => Number((await query)?.n ?? 0);

/** What removing these tickets' raw data takes away, before it goes. */
export async function measureTicketData(db: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return { messages: 0, attachments: [], storedEmails: [], surveyComments: 0 };
  const [messages, attachments, storedEmails, surveyComments] = await Promise.all([
    count(db.selectFrom('message').select((eb) => eb.fn.countAll().as('n')).where('ticket_id', 'in', ticketIds).executeTakeFirst()),
    db.selectFrom('attachment').select(['id', 'sha256', 'size']).where('ticket_id', 'in', ticketIds).execute(),
    db.selectFrom('inbound_email').select(['id', 'sha256']).where('ticket_id', 'in', ticketIds).execute(),
    count(db.selectFrom('survey').select((eb) => eb.fn.countAll().as('n')).where('ticket_id', 'in', ticketIds).where('comment', 'is not', null).executeTakeFirst()),
  ]);
  return { messages, attachments, storedEmails, surveyComments };
}

/** Removes what every removed ticket loses, kept or not: attachments and the stored emails it came from. */
export async function deleteTicketFiles(tx: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return;
  await tx.deleteFrom('attachment').where('ticket_id', 'in', ticketIds).execute();
  await tx.deleteFrom('inbound_email').where('ticket_id', 'in', ticketIds).execute();
}

/**
 * Keeps the tickets' skeletons — status history, times, counts, team, agent, channel, priority, the
 * survey score — for the figures and drill-downs, and removes their text: subjects, message bodies
 * and headers, custom field values, survey comments, a complaint's root cause, remedy and
 * corrective action, escalation reasons and notes, follow-up notes, and the copies of sent mail.
 * (Complaint step reasons stay: they say why a step was skipped, not what the customer said.)
 */
export async function anonymiseTickets(tx: Executor, ticketIds: string[], now: number) {
  if (ticketIds.length === 0) return;
  await tx.updateTable('ticket').set({ subject: REMOVED_TEXT, custom_fields: '{}', anonymised_at: now }).where('id', 'in', ticketIds).execute();
  // The Message-ID goes too: a late reply to the thread opens a new ticket rather than reviving a skeleton.
  await tx.updateTable('message').set({ text: REMOVED_TEXT, html: null, metadata: '{}', email_message_id: null }).where('ticket_id', 'in', ticketIds).execute();
  await tx.updateTable('ticket_event').set({ note: null }).where('ticket_id', 'in', ticketIds).where('note', 'is not', null).execute();
  await tx.updateTable('ticket_event').set({ old_value: null, new_value: null }).where('ticket_id', 'in', ticketIds).where('field', 'in', TEXT_FIELDS).execute();
  await tx.updateTable('survey').set({ comment: null }).where('ticket_id', 'in', ticketIds).where('comment', 'is not', null).execute();
  await tx.updateTable('follow_up').set({ change_note: null }).where('ticket_id', 'in', ticketIds).execute();
  await tx
    .updateTable('complaint')
    .set({ root_cause: null, root_cause_whys: '[]', remedy_offered: null, corrective_action: null })
    .where('ticket_id', 'in', ticketIds)
    .execute();
  await tx.updateTable('escalation').set({ reason: REMOVED_TEXT, outcome_note: null }).where('ticket_id', 'in', ticketIds).execute();
  await tx.deleteFrom('outbound_email').where('ticket_id', 'in', ticketIds).execute();
}

/** Deletes the tickets; their messages, history, surveys, complaints, links and metric rows go with them (cascades). */
export async function deleteTickets(tx: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return;
  await tx.deleteFrom('metric_refresh').where('ticket_id', 'in', ticketIds).execute();
  await tx.deleteFrom('ticket').where('id', 'in', ticketIds).execute();
}

/** Removes the contacts' personal data; the row stays for the skeletons that still name it as their requester. */
export async function anonymiseContacts(tx: Executor, contactIds: string[], now: number) {
  if (contactIds.length === 0) return;
  await tx.deleteFrom('contact_email').where('contact_id', 'in', contactIds).execute();
  await tx.deleteFrom('contact_search_term').where('contact_id', 'in', contactIds).execute();
  await tx
    .updateTable('contact')
    .set({ name: ANONYMISED_NAME, emails: '[]', phones: '[]', consent: '{}', attributes: '{}', language: null, timezone: null, anonymised_at: now })
    .where('id', 'in', contactIds)
    .execute();
}

/** Deletes contacts no ticket names any more (their emails and search terms go with them). */
export async function deleteContacts(tx: Executor, contactIds: string[]) {
  if (contactIds.length === 0) return;
  await tx.deleteFrom('contact').where('id', 'in', contactIds).execute();
}

export async function deleteStoredEmails(tx: Executor, ids: string[]) {
  if (ids.length === 0) return;
  await tx.deleteFrom('inbound_email').where('id', 'in', ids).execute();
}

export async function deleteEvents(tx: Executor, ids: number[]) {
  if (ids.length === 0) return;
  await tx.deleteFrom('outbox').where('id', 'in', ids).execute();
}

/** NPS answers keep their score (it counts in reports) and lose the customer's words, with the follow-up notes about them. */
export async function clearNpsComments(tx: Executor, workspaceId: string, surveyIds: string[]) {
  if (surveyIds.length === 0) return;
  await tx.updateTable('nps_survey').set({ comment: null }).where('id', 'in', surveyIds).execute();
  await tx.updateTable('follow_up').set({ change_note: null }).where('workspace_id', '=', workspaceId).where('kind', '=', 'nps').where('survey_id', 'in', surveyIds).execute();
}

/** NPS answers past the summary horizon go, with their follow-ups. */
export async function deleteNpsAnswers(tx: Executor, workspaceId: string, surveyIds: string[]) {
  if (surveyIds.length === 0) return;
  await tx.deleteFrom('follow_up').where('workspace_id', '=', workspaceId).where('kind', '=', 'nps').where('survey_id', 'in', surveyIds).execute();
  await tx.deleteFrom('nps_survey').where('id', 'in', surveyIds).execute();
}
