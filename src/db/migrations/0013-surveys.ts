import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // A workspace's survey settings; no row means every default (src/modules/surveys/settings.ts).
  // A table of their own rather than the workspace settings JSON: the survey module owns them.
  await db.schema
    .createTable('survey_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('csat_enabled', 'integer', (c) => c.notNull())
    .addColumn('delay_minutes', 'integer', (c) => c.notNull())
    .addColumn('ces_enabled', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('suppression_days', 'integer', (c) => c.notNull())
    .addColumn('link_base_url', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // One CSAT survey per ticket, with its answer: scheduled when the ticket is solved, then sent,
  // cancelled (reopened or merged before it was due) or skipped (a rule said not to ask).
  await db.schema
    .createTable('survey')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().unique().references('ticket.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('outbound_email_id', 'text')
    .addColumn('ces_asked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score', 'integer')
    .addColumn('ces', 'integer')
    .addColumn('reason', 'text')
    .addColumn('comment', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('changed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The sender's scan for due surveys; the suppression check per contact; the feedback list.
  await db.schema.createIndex('survey_due').on('survey').columns(['status', 'due_at', 'id']).execute();
  await db.schema.createIndex('survey_contact_sent').on('survey').columns(['workspace_id', 'contact_id', 'sent_at']).execute();
  await db.schema.createIndex('survey_answered').on('survey').columns(['workspace_id', 'answered_at', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  await db.schema.dropTable('survey').execute();
  await db.schema.dropTable('survey_settings').execute();
}
