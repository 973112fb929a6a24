import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Custom statuses: a workspace's own labels, each inside one built-in category. `ticket.status`
  // keeps the category, so SLA pausing, reports and lists keep working; `custom_status` adds the label.
  await db.schema
    .createTable('ticket_status_def')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_status_def_key').unique().on('ticket_status_def').columns(['workspace_id', 'key']).execute();

  await db.schema.alterTable('ticket').addColumn('custom_status', 'text').execute();
  // A merged ticket stays as a closed tombstone pointing to the ticket that absorbed it.
  await db.schema.alterTable('ticket').addColumn('merged_into_id', 'text').execute();
  await db.schema.createIndex('ticket_custom_status_created').on('ticket').columns(['workspace_id', 'custom_status', 'created_at', 'id']).execute();

  // related is stored once (from < to by id); duplicate points from the duplicate to the original;
  // parent-child points from the parent to the child.
  await db.schema
    .createTable('ticket_link')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('from_ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('to_ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('ticket_link_triple').unique().on('ticket_link').columns(['from_ticket_id', 'to_ticket_id', 'kind']).execute();
  await db.schema.createIndex('ticket_link_to').on('ticket_link').columns(['to_ticket_id', 'kind']).execute();
  // A ticket has at most one parent.
  await db.schema
    .createIndex('ticket_link_one_parent')
    .unique()
    .on('ticket_link')
    .column('to_ticket_id')
    .where(sql.ref('kind'), '=', 'parent-child')
    .execute();

  // Definitions only: the values stay in ticket.custom_fields (JSON), validated on every write.
  await db.schema
    .createTable('custom_field')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('description', 'text')
    .addColumn('is_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_field_key').unique().on('custom_field').columns(['workspace_id', 'key']).execute();

  // One per ticket of type complaint; it stays when the type changes back (history for the register).
  await db.schema
    .createTable('complaint')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('ticket.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('step', 'text')
    .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('root_cause', 'text')
    .addColumn('root_cause_method', 'text')
    .addColumn('root_cause_category', 'text')
    .addColumn('root_cause_whys', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('remedy_offered', 'text')
    .addColumn('follow_up_at', 'bigint')
    .addColumn('satisfaction_confirmed_at', 'bigint')
    .addColumn('corrective_action', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_workspace_created').on('complaint').columns(['workspace_id', 'created_at', 'ticket_id']).execute();
  // Complaints raised before this migration get their record too.
  await db
    .insertInto('complaint')
    .columns(['ticket_id', 'workspace_id', 'created_at', 'updated_at'])
    .expression(db.selectFrom('ticket').select(['id', 'workspace_id', 'created_at', 'created_at as updated_at']).where('type', '=', 'complaint'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('Migrations are not reverted; restore a backup instead.');
}
