import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Impact and urgency (low | medium | high | critical) give the priority through the workspace's matrix.
  await db.schema.alterTable('ticket').addColumn('impact', 'text').execute();
  await db.schema.alterTable('ticket').addColumn('urgency', 'text').execute();
  // Why a change was made: a priority override's reason, an escalation's reason.
  await db.schema.alterTable('ticket_event').addColumn('note', 'text').execute();

  await db.schema
    .createTable('escalation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('from_tier', 'integer', (c) => c.notNull())
    .addColumn('to_tier', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    // What caused an automatic escalation (e.g. `sla-timer:42`): a redelivered event finds it and stops.
    .addColumn('source', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('responded_at', 'bigint')
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_at', 'bigint')
    .addColumn('outcome_by', 'text')
    .execute();
  await db.schema.createIndex('escalation_workspace_created').on('escalation').columns(['workspace_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('escalation_ticket').on('escalation').columns(['ticket_id', 'created_at', 'id']).execute();
  // NULLs are distinct in unique indexes on both databases, so only automatic escalations are constrained.
  await db.schema.createIndex('escalation_source').unique().on('escalation').columns(['ticket_id', 'source']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('Migrations are not reverted; restore a backup instead.');
}
