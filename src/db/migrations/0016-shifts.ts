import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Seniority is an attribute of the person: every shift needs two senior agents (seed 002).
  await db.schema.alterTable('staff_user').addColumn('is_senior', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // A workspace's staffing settings as JSON; no row means every default (src/modules/wfm/staffing-settings.ts).
  // A table of its own rather than the workspace settings: supervisors edit these, and the wfm module owns them.
  await db.schema
    .createTable('wfm_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // A shift: the days it starts on, its local start and end (an end at or before the start is the next day), its channels.
  await db.schema
    .createTable('shift')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The list, by name; a name once per workspace.
  await db.schema.createIndex('shift_name').on('shift').columns(['workspace_id', 'name']).unique().execute();

  // Who works a shift in a week (the local date of its Monday).
  await db.schema
    .createTable('shift_assignment')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('shift_id', 'text', (c) => c.notNull().references('shift.id').onDelete('cascade'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('shift_assignment_pk', ['shift_id', 'week', 'user_id'])
    .execute();
  // A week's schedule, and an agent's own shifts week by week.
  await db.schema.createIndex('shift_assignment_week').on('shift_assignment').columns(['workspace_id', 'week', 'shift_id']).execute();
  await db.schema.createIndex('shift_assignment_user').on('shift_assignment').columns(['workspace_id', 'user_id', 'week']).execute();

  // Days off (local dates, both included): the agent is not counted on a shift that starts on one.
  await db.schema
    .createTable('agent_absence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('from_day', 'text', (c) => c.notNull())
    .addColumn('to_day', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The list (by last day, from a date on; per agent too), and the absences overlapping a week.
  await db.schema.createIndex('agent_absence_list').on('agent_absence').columns(['workspace_id', 'to_day', 'id']).execute();
  await db.schema.createIndex('agent_absence_user').on('agent_absence').columns(['workspace_id', 'user_id', 'to_day', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  for (const table of ['agent_absence', 'shift_assignment', 'shift', 'wfm_settings']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('staff_user').dropColumn('is_senior').execute();
}
