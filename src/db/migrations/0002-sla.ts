import { type Kysely, sql } from 'kysely';
import { serialPrimaryKey } from '../dialect.ts';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('business_calendar')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('business_calendar_name').unique().on('business_calendar').columns(['workspace_id', 'name']).execute();

  await db.schema
    .createTable('sla_policy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('calendar_id', 'text', (c) => c.references('business_calendar.id'))
    .addColumn('targets', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('warn_percent', 'integer', (c) => c.notNull().defaultTo(75))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_policy_position').on('sla_policy').columns(['workspace_id', 'position']).execute();

  await db.schema
    .createTable('sla_timer')
    .addColumn('id', ...serialPrimaryKey(db))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('clock', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fire_at', 'bigint', (c) => c.notNull())
    .addColumn('fired_at', 'bigint')
    .execute();
  // One timer per clock, kind and instant: recomputing never duplicates one, and a fired one stays fired.
  await db.schema.createIndex('sla_timer_unique').unique().on('sla_timer').columns(['ticket_id', 'clock', 'kind', 'fire_at']).execute();
  await db.schema.createIndex('sla_timer_due').on('sla_timer').columns(['fire_at', 'id']).where(sql.ref('fired_at'), 'is', null).execute();

  await db.schema.alterTable('ticket').addColumn('sla_next_due_at', 'bigint').execute();
  await db.schema.alterTable('ticket').addColumn('acknowledged_at', 'bigint').execute();
  await db.schema.createIndex('ticket_status_sla_due').on('ticket').columns(['workspace_id', 'status', 'sla_next_due_at', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('Migrations are not reverted; restore a backup instead.');
}
