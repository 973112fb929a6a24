import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('routing_rule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('routing_rule_position').on('routing_rule').columns(['workspace_id', 'position']).execute();

  // A team without a row is routed manually (nobody is assigned automatically).
  await db.schema
    .createTable('team_routing')
    .addColumn('team_id', 'text', (c) => c.primaryKey().references('team.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('strategy', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('default_capacity', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // A staff user without a row is offline with the team's default capacity and no skills.
  await db.schema
    .createTable('agent_state')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('staff_user.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('availability', 'text', (c) => c.notNull().defaultTo('offline'))
    .addColumn('capacity', 'integer')
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_assigned_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_state_workspace').on('agent_state').columns(['workspace_id', 'availability']).execute();

  // One row per ticket and kind: which idle period (the ticket's updated_at) it was checked for,
  // when that period becomes due in business time, and whether the alert fired.
  await db.schema
    .createTable('lifecycle_alert')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('fired_for', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('fired_at', 'bigint')
    .addPrimaryKeyConstraint('lifecycle_alert_pk', ['ticket_id', 'kind'])
    .execute();

  // The queue: a team's unassigned tickets in SLA order; the load: an agent's tickets by status.
  await db.schema
    .createIndex('ticket_team_queue')
    .on('ticket')
    .columns(['workspace_id', 'team_id', 'status', 'sla_next_due_at', 'created_at', 'id'])
    .where(sql.ref('assignee_id'), 'is', null)
    .execute();
  await db.schema.createIndex('ticket_status_solved').on('ticket').columns(['status', 'solved_at']).execute();
  await db.schema.createIndex('ticket_status_updated').on('ticket').columns(['status', 'updated_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('Migrations are not reverted; restore a backup instead.');
}
