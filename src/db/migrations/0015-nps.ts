import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // NPS settings beside the CSAT ones: off until an admin turns it on, quarterly, 90 days' suppression.
  await db.schema.alterTable('survey_settings').addColumn('nps_enabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('survey_settings').addColumn('nps_interval_months', 'integer', (c) => c.notNull().defaultTo(3)).execute();
  await db.schema.alterTable('survey_settings').addColumn('nps_suppression_days', 'integer', (c) => c.notNull().defaultTo(90)).execute();

  // One NPS survey per contact and round (decision 0020): scheduled by the round's scan, then sent or
  // skipped; the answer lives on the row. `ticket_id` is the contact's latest ticket when it was sent:
  // the email goes out on it (the outbound queue is per ticket) and its team finds a follow-up's owner.
  await db.schema
    .createTable('nps_survey')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addColumn('round_start', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('sent_at', 'bigint')
    .addColumn('outbound_email_id', 'text')
    .addColumn('score', 'integer')
    .addColumn('comment', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('changed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('nps_survey_contact_round', ['contact_id', 'round_start'])
    .execute();
  // The sender's scan for due rows; suppression (last sent per contact); the answers newest first,
  // in a period and per contact.
  await db.schema.createIndex('nps_survey_due').on('nps_survey').columns(['status', 'due_at', 'id']).execute();
  await db.schema.createIndex('nps_survey_contact_sent').on('nps_survey').columns(['workspace_id', 'contact_id', 'sent_at']).execute();
  await db.schema.createIndex('nps_survey_answered').on('nps_survey').columns(['workspace_id', 'answered_at', 'id']).execute();
  await db.schema.createIndex('nps_survey_contact_answered').on('nps_survey').columns(['workspace_id', 'contact_id', 'answered_at', 'id']).execute();

  // Where each workspace's scan of its contacts stands in the current round (resumes after a restart).
  await db.schema
    .createTable('nps_round')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('round_start', 'bigint', (c) => c.notNull())
    .addColumn('after_contact_id', 'text')
    .addColumn('finished_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The scan walks a workspace's contacts by id.
  await db.schema.createIndex('contact_workspace_id').on('contact').columns(['workspace_id', 'id']).execute();

  // Follow-ups may be about a contact (an NPS detractor) rather than a ticket: ticket_id becomes
  // optional and `kind` says which survey opened it. SQLite cannot drop a NOT NULL, so the table is
  // rebuilt the same way on both databases.
  await db.schema
    .createTable('follow_up_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('csat'))
    .addColumn('ticket_id', 'text', (c) => c.references('ticket.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('source_event_id', 'text', (c) => c.notNull().unique())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('owner_source', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('change_note', 'text')
    .addColumn('note_message_id', 'text')
    .addColumn('notified_customer', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Closed ones that told the customer wrote a public reply (is_internal 0) as their note.
  await sql`insert into follow_up_next (id, workspace_id, kind, ticket_id, survey_id, contact_id, source_event_id, score, status,
      owner_id, owner_source, due_at, opened_at, closed_at, closed_by, change_note, note_message_id, notified_customer, created_at, updated_at)
    select f.id, f.workspace_id, 'csat', f.ticket_id, f.survey_id, f.contact_id, f.source_event_id, f.score, f.status,
      f.owner_id, f.owner_source, f.due_at, f.opened_at, f.closed_at, f.closed_by, f.change_note, f.note_message_id,
      case when exists (select 1 from message m where m.id = f.note_message_id and m.is_internal = 0) then 1 else 0 end,
      f.created_at, f.updated_at
    from follow_up f`.execute(db);
  await db.schema.dropTable('follow_up').execute();
  await db.schema.alterTable('follow_up_next').renameTo('follow_up').execute();
  // One open follow-up per ticket (CSAT), and one open per contact for NPS.
  await db.schema.createIndex('follow_up_one_open').on('follow_up').column('ticket_id').unique().where(sql.ref('status'), '=', 'open').execute();
  await db.schema
    .createIndex('follow_up_one_open_contact')
    .on('follow_up')
    .column('contact_id')
    .unique()
    .where(sql<boolean>`status = 'open' and kind = 'nps'`)
    .execute();
  await db.schema.createIndex('follow_up_list').on('follow_up').columns(['workspace_id', 'status', 'due_at', 'id']).execute();
  await db.schema.createIndex('follow_up_owner').on('follow_up').columns(['workspace_id', 'owner_id', 'status', 'due_at', 'id']).execute();
  await db.schema.createIndex('follow_up_kind').on('follow_up').columns(['workspace_id', 'kind', 'status', 'due_at', 'id']).execute();
  // The customer timeline's closing notes (and a contact's open NPS follow-up).
  await db.schema.createIndex('follow_up_contact_closed').on('follow_up').columns(['workspace_id', 'contact_id', 'closed_at', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('follow_up_contact_closed').execute();
  await db.schema.dropIndex('follow_up_one_open_contact').execute();
  await db.deleteFrom('follow_up').where('kind', '=', 'nps').execute();
  await db.schema.dropIndex('contact_workspace_id').execute();
  await db.schema.dropTable('nps_round').execute();
  await db.schema.dropTable('nps_survey').execute();
  await db.schema.alterTable('survey_settings').dropColumn('nps_suppression_days').execute();
  await db.schema.alterTable('survey_settings').dropColumn('nps_interval_months').execute();
  await db.schema.alterTable('survey_settings').dropColumn('nps_enabled').execute();
}
