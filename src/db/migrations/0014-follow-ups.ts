import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Closing the loop on a low CSAT answer: a task for a person to call the customer back, fix what
  // went wrong and say what changed. Opened by the `survey.answered` subscriber, closed by a person.
  await db.schema
    .createTable('follow_up')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    // The outbox event that opened it: a redelivery of that event inserts nothing.
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
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One open follow-up per ticket (a partial unique index: closed ones may pile up).
  await db.schema
    .createIndex('follow_up_one_open')
    .on('follow_up')
    .column('ticket_id')
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  // The list: by status, soonest due first; and per owner.
  await db.schema.createIndex('follow_up_list').on('follow_up').columns(['workspace_id', 'status', 'due_at', 'id']).execute();
  await db.schema.createIndex('follow_up_owner').on('follow_up').columns(['workspace_id', 'owner_id', 'status', 'due_at', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  await db.schema.dropTable('follow_up').execute();
}
